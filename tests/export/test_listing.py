"""The window's "export this list" and "print the list": every document of the list, in its
order, as a workbook or as a PDF to print."""

from __future__ import annotations

import openpyxl
import pytest
from pypdf import PdfReader

from evidence_app.errors import NotFoundError
from evidence_app.export import list_heading, print_document_list, write_document_list
from tests.archive.test_archive import _add_text_document as add_text_document


def test_the_list_is_written_in_its_order_with_tags_and_where_bound(archive, tmp_path):
    first = add_text_document(archive, tmp_path, name="a.txt", text="网格化工作会议纪要",
                              requirements=["3.2.1"])
    second = add_text_document(archive, tmp_path, name="b.txt", text="雪亮工程建设方案")
    path = write_document_list(archive, [second, first], tmp_path / "列表.xlsx")
    rows = list(openpyxl.load_workbook(path).active.iter_rows(values_only=True))
    assert rows[0][:3] == ("序号", "题名", "文号")
    assert [r[0] for r in rows[1:]] == [1, 2]
    assert rows[1][10] == "b.txt" and rows[2][10] == "a.txt"
    assert rows[2][6] == "3.2.1" and rows[1][6] in (None, "")


def test_an_unknown_document_is_refused_and_nothing_written(archive, tmp_path):
    with pytest.raises(NotFoundError):
        write_document_list(archive, [999], tmp_path / "列表.xlsx")
    assert not (tmp_path / "列表.xlsx").exists()


def _titles_of_many(archive, folder, count):
    """``count`` documents, every fifth one with a title long enough to wrap."""
    long = "关于进一步加强和改进新时代市域社会治理现代化试点工作网格化服务管理的实施意见（试行）"
    return [add_text_document(archive, folder, name=f"{n}.txt",
                              text=(long if n % 5 == 0 else "网格员工作台账") + f"第{n}号",
                              requirements=["3.2.1"])
            for n in range(count)]


def test_the_printed_list_repeats_its_header_numbers_its_pages_and_embeds_its_fonts(
        archive, tmp_path):
    ids = _titles_of_many(archive, tmp_path, 60)
    heading = list_heading("requirement", "3.2.1 建立健全网格化服务管理机制")
    assert heading == "具体要求 3.2.1 建立健全网格化服务管理机制的佐证材料"
    printed = print_document_list(archive, ids, tmp_path / "列表.pdf", heading=heading,
                                  date="20261130", filter_text="台账")
    assert printed.missing_glyphs == []
    reader = PdfReader(printed.path)
    pages = [page.extract_text() for page in reader.pages]
    assert len(pages) >= 3
    for n, text in enumerate(pages, 1):
        assert heading[:10] in text and "题名" in text and "装订位置" in text
        assert f"第 {n} 页 共 {len(pages)} 页" in text
    flat = "".join("".join(text.split()) for text in pages)
    assert "共 60 件" in pages[0] and "2026年11月30日" in pages[0] and "台账" in pages[0]
    for doc_id in ids:
        assert "".join(archive.document(doc_id).title.split()) in flat
    assert reader.metadata["/CreationDate"].startswith("D:20261130")
    for page in reader.pages:
        for font in page["/Resources"]["/Font"].values():   # subsets of TrueType faces
            assert "/FontFile2" in font.get_object()["/FontDescriptor"]


def test_the_same_list_on_the_same_day_prints_the_same_bytes(archive, tmp_path):
    ids = _titles_of_many(archive, tmp_path, 3)
    first, second = (print_document_list(archive, ids, tmp_path / name, heading="全部文档",
                                         date="20261130").path.read_bytes()
                     for name in ("a.pdf", "b.pdf"))
    assert first == second
