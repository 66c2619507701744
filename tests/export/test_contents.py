"""卷内目录 typesetting: only 题名 wraps, one type size, Chinese line-breaking rules."""

from __future__ import annotations

import ctypes

import pypdfium2 as pdfium
import pypdfium2.raw as raw

from evidence_app.export.batch import BatchOptions, compile_batch
from evidence_app.export.fonts import NO_LINE_END, NO_LINE_START, default_fonts

from .helpers import add_pdf

LONG_TITLE = ("关于印发《湘潭市矛盾纠纷多元化解工作实施方案（试行）》的通知，请各地各部门结合实际，"
              "认真贯彻落实，确保各项工作任务落到实处、取得实效")


def _lines_and_sizes(path, index):
    """The text lines of one page and the type sizes of its characters."""
    pdf = pdfium.PdfDocument(str(path))
    try:
        text = pdf[index].get_textpage()
        sizes = {round(raw.FPDFText_GetFontSize(text.raw, n), 1)
                 for n in range(text.count_chars()) if text.get_text_range(n, 1).strip()}
        lines = text.get_text_range().replace("\r\n", "\n").split("\n")
        return lines, sizes
    finally:
        pdf.close()


def test_contents_cells_are_unbroken_in_one_type_size(archive, tmp_path):
    folder = tmp_path / "src"
    folder.mkdir()
    add_pdf(archive, folder, "a.pdf", 2, ["3.2.1"], title=LONG_TITLE,
            doc_number="潭政办函〔2022〕52号", issuer="湘潭市发展和改革委员会", date="20220301")
    add_pdf(archive, folder, "b.pdf", 1, ["3.2.1"], title="会议纪要",
            doc_number="潭发改发〔2021〕128号", issuer="中共湘潭市委政法委员会", date="20210301")
    add_pdf(archive, folder, "c.pdf", 1, ["3.2.1"], title="照片", issuer="市司法局",
            date="20210401")
    result = compile_batch(archive, tmp_path / "out", BatchOptions(jobs=1))
    [volume] = result.volumes
    lines, sizes = _lines_and_sizes(volume["path"], 1)
    for token in ("潭政办函〔2022〕52号", "湘潭市发展和改革委员会", "潭发改发〔2021〕128号",
                  "中共湘潭市委政法委员会"):
        assert any(token in line for line in lines), token
    assert LONG_TITLE in "".join(lines)                      # 题名 wraps, whole
    assert len(sizes - {16.0}) == 1, sizes   # the 3号 heading; every cell in one size


def test_no_line_starts_with_closing_or_ends_with_opening_punctuation():
    fonts = default_fonts()
    text = LONG_TITLE + "。" + "网格员（专职）、" * 12 + "“平安湘潭”建设。"
    for width in range(40, 400, 7):
        for words in (False, True):
            lines = fonts.wrap(text, "table", 10.5, width, words=words)
            assert "".join(lines) == text
            for line in lines[1:]:
                assert line[0] not in NO_LINE_START, (width, line)
            for line in lines[:-1]:
                assert line[-1] not in NO_LINE_END, (width, line)
            assert all(fonts.width(line, "table", 10.5) <= width + 10.5 for line in lines)


def test_headings_break_between_phrases():
    fonts = default_fonts()
    lines = fonts.wrap("重点任务 3 健全矛盾纠纷多元化解机制和社会心理服务体系", "title", 16, 260,
                       words=True)
    assert lines[-1] in ("社会心理服务体系", "和社会心理服务体系") or len(lines) == 1


def test_requirement_codes_and_numbers_are_never_broken_inside():
    fonts = default_fonts()
    width = fonts.width("1.1.1、3.", "table", 10.5) + 1     # room for a broken code, not a whole one
    lines = fonts.wrap("1.1.1、3.2.1、共1,000份", "table", 10.5, width)
    assert lines[0] == "1.1.1、" and lines[1].startswith("3.2.1、")
    assert any("1,000" in line for line in lines)
