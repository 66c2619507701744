"""Spine labels: one type size across a batch, the 档号 whole even on the narrowest strip,
and the 年度 the 档号 carries; landscape pages stamped where binding leaves them readable."""

from __future__ import annotations

import io

import pypdfium2 as pdfium
import pypdfium2.raw as raw

from evidence_app.export.fonts import NO_LINE_START, default_fonts
from evidence_app.export.render import _title_columns, render_spines
from evidence_app.export.settings import DEFAULT_LAYOUT

TITLES = ["具体要求 3.2.1 建立健全矛盾纠纷多元化解机制",
          "具体要求 1.1.1 完善党委领导、政府负责、民主协商、社会协同、公众参与、法治保障、科技支撑的"
          "社会治理体系（之二）", "网格化"]


def _spines():
    volumes = [{"archive_code": f"SZZL-2023-{n:03d}", "year": "2023年度", "retention": "永久",
                "title": title, "volume_no": "第1册 共1册"} for n, title in enumerate(TITLES, 1)]
    return render_spines(volumes, default_fonts(), DEFAULT_LAYOUT, "test")


def test_every_strip_of_a_width_has_the_same_type_sizes_and_a_whole_archive_code():
    pdf = pdfium.PdfDocument(io.BytesIO(_spines()))
    try:
        assert len(pdf) == len(DEFAULT_LAYOUT.spine_widths_mm)  # three strips fit a sheet
        for index in range(len(pdf)):
            text = pdf[index].get_textpage()
            sizes = {}
            for n in range(text.count_chars()):
                char = text.get_text_range(n, 1)
                if "\u4e00" <= char <= "\u9fff":
                    sizes.setdefault(char, set()).add(
                        round(raw.FPDFText_GetFontSize(text.raw, n), 1))
            flat = text.get_text_range().replace("\r\n", "").replace("\n", "")
            for n in (1, 2, 3):
                assert f"SZZL-2023-{n:03d}" in flat
            title_sizes = {s for c in "矛盾纠纷网格" for s in sizes[c]}
            assert len(title_sizes) == 1, (index, title_sizes)   # one size across the batch
    finally:
        pdf.close()


def test_no_spine_column_starts_with_closing_punctuation():
    for columns in (2, 3, 4, 5):
        parts = _title_columns(TITLES[1], columns)
        assert "".join(parts) == "".join(TITLES[1].split())
        assert all(part[0] not in NO_LINE_START for part in parts)


def test_the_spine_year_is_the_year_of_the_archive_code(compiled):
    _, out, result, _ = compiled
    pdf = pdfium.PdfDocument(str(out / "脊背标签.pdf"))
    try:
        text = pdf[0].get_textpage().get_text_range()
    finally:
        pdf.close()
    for volume in result.volumes:
        year = volume["archive_code"].split("-")[1]
        assert f"{year}年度" in text


def test_a_turned_landscape_page_has_its_stamp_at_the_top_outer_corner_of_the_sheet(compiled):
    from pypdf import PdfReader

    from .test_volumes import _stamp_text

    _, _, result, _ = compiled
    turned = 0
    for volume in result.volumes:
        reader = PdfReader(volume["path"])
        stamps = _stamp_text(volume["path"])
        first_body = len(reader.pages) - 1 - volume["body_pages"]
        for n in range(volume["body_pages"]):
            page = reader.pages[first_body + n]
            if int(page.get("/Rotate", 0)) == 90:          # a turned landscape page:
                assert float(page.mediabox.width) < float(page.mediabox.height)  # portrait
                assert stamps[first_body + n] == str(n + 1)  # stamp at the sheet's corner
                turned += 1
    assert turned  # the fixture's A3 landscape page
