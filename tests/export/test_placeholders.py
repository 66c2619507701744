"""Placeholder pages: a Chinese reason that is true, everything wrapped inside the box."""

from __future__ import annotations

import re

import pypdfium2 as pdfium

from evidence_app.export.batch import BatchOptions, compile_batch
from evidence_app.export.settings import DEFAULT_LAYOUT

from .helpers import add_file, make_docx


def _page_chars(path, index):
    """(text, [(char, left, right)]) of one page, below the page-number stamp."""
    pdf = pdfium.PdfDocument(str(path))
    try:
        text = pdf[index].get_textpage()
        chars = []
        for n in range(text.count_chars()):
            char = text.get_text_range(n, 1)
            left, _, right, top = text.get_charbox(n)
            if char.strip() and top < DEFAULT_LAYOUT.page_size[1] - DEFAULT_LAYOUT.mm(25):
                chars.append((char, left, right))
        return text.get_text_range(), chars
    finally:
        pdf.close()


def _placeholder_page(result, doc_id):
    for volume in result.volumes:
        for doc in volume["documents"]:
            if doc["id"] == doc_id:
                assert doc.get("placeholder")
                return volume["path"], doc["pdf_index"] - 1
    raise AssertionError("not bound")


def test_a_lost_original_is_said_lost_in_chinese_inside_the_box(archive, tmp_path):
    name = "关于印发湘潭市矛盾纠纷多元化解工作实施方案的通知_final_version_2021-03-12_scan.docx"
    doc_id = add_file(archive, make_docx(tmp_path / name), "docx", "关于印发实施方案的通知", 1,
                      ["3.2.1"], doc_number="潭政办函〔2022〕52号")
    archive.original_path(archive.document(doc_id)).unlink()
    result = compile_batch(archive, tmp_path / "out", BatchOptions(jobs=1))
    path, index = _placeholder_page(result, doc_id)
    text, chars = _page_chars(path, index)
    flat = text.replace("\r\n", "").replace("\n", "")
    assert "原件已缺失" in flat and "保存在本档案库中" not in flat
    assert name in flat                                     # the whole file name, wrapped
    assert not re.search(r"[A-Za-z]{4,} [a-z]{3,}", flat)   # no English sentence
    width = DEFAULT_LAYOUT.page_size[0]
    inner_right = width - DEFAULT_LAYOUT.mm(DEFAULT_LAYOUT.margin_outer_mm + 5)
    assert max(right for _, _, right in chars) <= inner_right
    closing = _page_chars(path, len(result.volumes[0]["documents"]) + 2)[0]  # cover, contents
    assert "原件已缺失" in closing.replace("\r\n", "").replace("\n", "")


def test_a_wps_file_without_its_converter_says_why_and_that_the_original_is_kept(archive,
                                                                             tmp_path):
    source = tmp_path / "旧通知.wps"
    source.write_bytes(b"\x00not a document")
    doc_id = add_file(archive, source, "wps", "旧通知", 1, ["3.2.1"])
    result = compile_batch(archive, tmp_path / "out", BatchOptions(jobs=1))
    path, index = _placeholder_page(result, doc_id)
    flat = _page_chars(path, index)[0].replace("\r\n", "").replace("\n", "")
    assert "本机未安装 LibreOffice" in flat and "保存在本档案库中" in flat
    assert "not installed" not in flat
