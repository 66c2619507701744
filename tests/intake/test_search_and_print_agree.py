"""A file has one text: what search indexes (``extract``) is what a volume prints (export/pages).

The printed side is captured where pages.py hands text to its typesetter, so these tests see
exactly the strings laid out on the page, not a second reading of the file.
"""

from __future__ import annotations

import datetime as dt
import re
import zipfile
from types import SimpleNamespace

import docx
import openpyxl
import pytest

from evidence_app.export import pages
from evidence_app.export.fonts import FontSet
from evidence_app.export.settings import DEFAULT_LAYOUT
from evidence_app.intake import extract

LETTER = "关于加强基层社会治理的通知\n各县（市、区）人民政府：\n潭政办发〔2021〕12号\n二〇二一年三月十二日\n"
TRADITIONAL = "關於加強基層社會治理的通知\n各縣（市、區）人民政府：\n潭政辦發〔2021〕12號\n"


@pytest.fixture(scope="module")
def fonts():
    return FontSet(prefer_system=False)


@pytest.fixture
def printed(monkeypatch):
    """What the typesetter is given: paragraphs as strings, tables as rows of cells."""
    laid_out: list = []
    paragraph, table = pages.Typesetter.paragraph, pages.Typesetter.table

    def record_paragraph(self, text, *args, **kwargs):
        laid_out.append(text)
        return paragraph(self, text, *args, **kwargs)

    def record_table(self, rows, *args, **kwargs):
        laid_out.append([list(row) for row in rows])
        return table(self, rows, *args, **kwargs)

    monkeypatch.setattr(pages.Typesetter, "paragraph", record_paragraph)
    monkeypatch.setattr(pages.Typesetter, "table", record_table)
    return laid_out


def _render(render, path, fonts):
    data = render(SimpleNamespace(title="标题"), path, DEFAULT_LAYOUT, fonts)
    assert data.startswith(b"%PDF")


def _squeezed(text: str) -> str:
    return re.sub(r"\s+", "", text)


@pytest.mark.parametrize("encoding, text", [
    ("gbk", LETTER), ("gb18030", LETTER), ("big5", TRADITIONAL), ("utf-16-le", LETTER),
    ("utf-16-be", LETTER)])
def test_a_text_file_without_bom_is_searched_and_printed_as_the_same_text(
        tmp_path, fonts, printed, encoding, text):
    # stored originals have no extension: the printed side reads such a file
    original = tmp_path / "stored-original"
    original.write_bytes(text.encode(encoding))
    named = tmp_path / "letter.txt"
    named.write_bytes(original.read_bytes())

    searched = "\n".join(extract(named).pages)
    _render(pages.render_text, original, fonts)

    assert _squeezed(searched) == _squeezed(text)
    assert _squeezed("".join(printed)) == _squeezed(text)


def _workbook(path):
    book = openpyxl.Workbook()
    sheet = book.active
    sheet.title = "台账"
    sheet.append(["日期", "时间", "件数", "比例", "合计", "文号"])
    sheet.append([dt.datetime(2021, 3, 12), dt.datetime(2021, 3, 12, 14, 30), 3.0, 2.5,
                  "=C2*2", "潭政办发〔2021〕12号"])
    book.save(path)
    # openpyxl writes no cached value for a formula; Excel does: put one in, as Excel would
    with zipfile.ZipFile(path) as z:
        parts = {name: z.read(name) for name in z.namelist()}
    sheet_xml = parts["xl/worksheets/sheet1.xml"].decode()
    parts["xl/worksheets/sheet1.xml"] = re.sub(r"<f>C2\*2</f><v\s*/?>(</v>)?",
                                               "<f>C2*2</f><v>6</v>", sheet_xml).encode()
    with zipfile.ZipFile(path, "w") as z:
        for name, data in parts.items():
            z.writestr(name, data)


def test_workbook_cells_are_searched_and_printed_alike(tmp_path, fonts, printed):
    original = tmp_path / "stored-original"
    _workbook(original)
    named = tmp_path / "台账.xlsx"
    named.write_bytes(original.read_bytes())

    searched = extract(named).pages[0].split("\n")
    _render(pages.render_xlsx, original, fonts)
    [rows] = [item for item in printed if isinstance(item, list)]

    expected = ["2021-03-12", "2021-03-12 14:30", "3", "2.5", "6", "潭政办发〔2021〕12号"]
    assert rows[1] == expected
    assert searched[1].split("\t") == expected
    assert [line.split("\t") for line in searched] == rows


def test_a_word_document_is_searched_and_printed_from_the_same_walk(tmp_path, fonts, printed):
    document = docx.Document()
    document.add_heading("关于加强基层社会治理的通知", 1)
    document.add_paragraph("各县（市、区）人民政府：")
    table = document.add_table(rows=2, cols=3)
    table.cell(0, 0).merge(table.cell(0, 1)).text = "合并的表头"
    table.cell(0, 2).text = "文号"
    table.cell(1, 0).text = "市司法局"
    table.cell(1, 1).text = "3"
    table.cell(1, 2).text = "潭政办发〔2021〕12号"
    # a content control (w:sdt) around a paragraph: python-docx's own walk does not see it
    body = document.element.body
    hidden = document.add_paragraph("内容控件中的段落")._p
    sdt = body.makeelement(docx.oxml.ns.qn("w:sdt"), {})
    content = body.makeelement(docx.oxml.ns.qn("w:sdtContent"), {})
    hidden.addprevious(sdt)
    content.append(hidden)
    sdt.append(content)
    path = tmp_path / "notice.docx"
    document.save(path)

    searched = "\n".join(extract(path).pages)
    _render(pages.render_docx, path, fonts)
    printed_text = "\n".join("\n".join("\t".join(row) for row in item)
                             if isinstance(item, list) else item for item in printed
                             if item != "标题")

    assert "内容控件中的段落" in searched
    assert [["合并的表头", "", "文号"], ["市司法局", "3", "潭政办发〔2021〕12号"]] in printed
    assert _squeezed(printed_text) == _squeezed(searched)
