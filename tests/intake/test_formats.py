"""Formats people actually send: OpenDocument, Strict Office Open XML, WPS Office's .wps and
.et, multi-page TIFF, GIF, Big5 text without a BOM, a truncated JPEG. Each imports with its
text or is refused with a reason that says what to do.

The files are made here: by hand where the format is simple, by LibreOffice otherwise (those
tests are skipped where LibreOffice is not installed).
"""

from __future__ import annotations

import io
import shutil
import zipfile
from pathlib import Path

import pytest
from PIL import Image
from pypdf import PdfReader

from evidence_app.errors import FileRejectedError, Reason
from evidence_app.intake import add_paths, detect_kind, extract, open_docx, read_text
from evidence_app.intake.libreoffice import (convert_with_libreoffice, find_libreoffice,
                                             has_libreoffice_calc)

needs_libreoffice = pytest.mark.skipif(find_libreoffice() is None,
                                       reason="LibreOffice is not installed")
needs_calc = pytest.mark.skipif(not has_libreoffice_calc(),
                                reason="LibreOffice Calc is not installed")

NOTICE = ["关于开展网格化服务管理工作的通知", "潭政办发〔2021〕12号", "各乡镇人民政府、街道办事处："]


def _docx(path: Path) -> Path:
    import docx

    document = docx.Document()
    for line in NOTICE:
        document.add_paragraph(line)
    document.save(path)
    return path


def _xlsx(path: Path) -> Path:
    import openpyxl

    book = openpyxl.Workbook()
    book.active.append(["网格员", "走访户数"])
    book.active.append(["李四", 25])
    book.save(path)
    return path


def _odf(path: Path, mimetype: str) -> Path:
    """A minimal OpenDocument package: its kind is in the "mimetype" member."""
    with zipfile.ZipFile(path, "w") as zf:
        zf.writestr("mimetype", mimetype, compress_type=zipfile.ZIP_STORED)
        zf.writestr("content.xml", "<office:document-content/>")
    return path


# ---------------------------------------------------------------------------- OpenDocument
def test_opendocument_is_told_by_its_content_and_a_renamed_copy_is_told_what_to_do(tmp_path):
    odt = _odf(tmp_path / "通知.odt", "application/vnd.oasis.opendocument.text")
    ods = _odf(tmp_path / "台账.ods", "application/vnd.oasis.opendocument.spreadsheet")
    assert detect_kind(odt) == "odt" and detect_kind(ods) == "ods"
    renamed = tmp_path / "通知.docx"
    shutil.copy(odt, renamed)
    with pytest.raises(FileRejectedError, match="rename it to .odt") as refused:
        detect_kind(renamed)
    assert refused.value.reason is Reason.EXTENSION_MISMATCH


def test_opendocument_without_libreoffice_is_stored_to_read_later(tmp_path, monkeypatch):
    import evidence_app.intake.libreoffice as libreoffice

    monkeypatch.setattr(libreoffice, "find_libreoffice", lambda: None)
    result = extract(_odf(tmp_path / "通知.odt", "application/vnd.oasis.opendocument.text"))
    assert result.kind == "odt" and result.needs_conversion
    assert "install LibreOffice" in result.warnings[0]


@pytest.mark.slow
@needs_libreoffice
def test_opendocument_text_imports_with_its_text_and_its_renamed_copy_does_not_hide_it(
        archive, tmp_path):
    odt = convert_with_libreoffice(_docx(tmp_path / "src.docx"), tmp_path / "in", target="odt")
    shutil.copy(odt, tmp_path / "in" / "a-copy.docx")  # read first, refused for its name
    report = add_paths(archive, [tmp_path / "in"], workers=1)
    assert [a["path"] for a in report.added] == [str(odt)]
    assert [e["reason_key"] for e in report.errors] == ["extension_mismatch"]
    doc = archive.document(report.added[0]["id"])
    assert doc.kind == "odt" and doc.doc_number == "潭政办发〔2021〕12号"
    assert "网格化服务管理" in "".join(archive.page_texts(doc.id))


@pytest.mark.slow
@needs_calc
def test_opendocument_spreadsheet_imports_with_its_cells(tmp_path):
    ods = convert_with_libreoffice(_xlsx(tmp_path / "src.xlsx"), tmp_path, target="ods")
    result = extract(ods)
    assert result.kind == "ods" and not result.needs_conversion
    assert result.pages[0].splitlines() == ["网格员\t走访户数", "李四\t25"]


# ------------------------------------------------------------------ Strict Office Open XML
_STRICT_CONTENT_TYPES = (
    '<?xml version="1.0" encoding="UTF-8" standalone="yes"?>'
    '<Types xmlns="http://schemas.openxmlformats.org/package/2006/content-types">'
    '<Default Extension="rels" ContentType="application/vnd.openxmlformats-package.'
    'relationships+xml"/><Default Extension="xml" ContentType="application/xml"/>'
    '<Override PartName="/word/document.xml" ContentType="application/vnd.openxmlformats-'
    'officedocument.wordprocessingml.document.main+xml"/></Types>')
_STRICT_RELS = (
    '<?xml version="1.0" encoding="UTF-8" standalone="yes"?>'
    '<Relationships xmlns="http://schemas.openxmlformats.org/package/2006/relationships">'
    '<Relationship Id="rId1" Type="http://purl.oclc.org/ooxml/officeDocument/relationships/'
    'officeDocument" Target="word/document.xml"/></Relationships>')


def _strict_docx(path: Path) -> Path:
    """A .docx as Word writes it when saved as "Strict Open XML Document"."""
    body = "".join(f'<w:p><w:r><w:t>{line}</w:t></w:r></w:p>' for line in NOTICE)
    document = ('<?xml version="1.0" encoding="UTF-8" standalone="yes"?>'
                '<w:document xmlns:w="http://purl.oclc.org/ooxml/wordprocessingml/main" '
                'xmlns:r="http://purl.oclc.org/ooxml/officeDocument/relationships" '
                f'w:conformance="strict"><w:body>{body}<w:sectPr/></w:body></w:document>')
    with zipfile.ZipFile(path, "w", zipfile.ZIP_DEFLATED) as zf:
        zf.writestr("[Content_Types].xml", _STRICT_CONTENT_TYPES)
        zf.writestr("_rels/.rels", _STRICT_RELS)
        zf.writestr("word/document.xml", document)
        zf.writestr("word/_rels/document.xml.rels",
                    '<?xml version="1.0" encoding="UTF-8" standalone="yes"?><Relationships '
                    'xmlns="http://schemas.openxmlformats.org/package/2006/relationships"/>')
    return path


def test_strict_open_xml_docx_is_read_like_any_docx(tmp_path):
    strict = _strict_docx(tmp_path / "通知.docx")
    result = extract(strict)
    assert result.kind == "docx"
    assert result.pages[0].splitlines() == NOTICE
    assert result.doc_number == "潭政办发〔2021〕12号"
    assert [p.text for p in open_docx(strict).paragraphs] == NOTICE  # volumes print it too


_PACKAGE_RELS = "http://schemas.openxmlformats.org/package/2006/relationships"
_STRICT_SHEET = "http://purl.oclc.org/ooxml/spreadsheetml/main"
_STRICT_RELATIONSHIPS = "http://purl.oclc.org/ooxml/officeDocument/relationships"


def _strict_xlsx(path: Path) -> Path:
    """A workbook as Excel writes it when saved as "Strict Open XML Spreadsheet"."""
    main = "application/vnd.openxmlformats-officedocument.spreadsheetml"
    parts = {
        "[Content_Types].xml":
            '<Types xmlns="http://schemas.openxmlformats.org/package/2006/content-types">'
            '<Default Extension="rels" ContentType="application/vnd.openxmlformats-package.'
            'relationships+xml"/><Default Extension="xml" ContentType="application/xml"/>'
            f'<Override PartName="/xl/workbook.xml" ContentType="{main}.sheet.main+xml"/>'
            '<Override PartName="/xl/worksheets/sheet1.xml" '
            f'ContentType="{main}.worksheet+xml"/></Types>',
        "_rels/.rels":
            f'<Relationships xmlns="{_PACKAGE_RELS}"><Relationship Id="rId1" '
            f'Type="{_STRICT_RELATIONSHIPS}/officeDocument" Target="xl/workbook.xml"/>'
            '</Relationships>',
        "xl/workbook.xml":
            f'<workbook xmlns="{_STRICT_SHEET}" xmlns:r="{_STRICT_RELATIONSHIPS}" '
            'conformance="strict"><sheets><sheet name="台账" sheetId="1" r:id="rId1"/>'
            '</sheets></workbook>',
        "xl/_rels/workbook.xml.rels":
            f'<Relationships xmlns="{_PACKAGE_RELS}"><Relationship Id="rId1" '
            f'Type="{_STRICT_RELATIONSHIPS}/worksheet" Target="worksheets/sheet1.xml"/>'
            '</Relationships>',
        "xl/worksheets/sheet1.xml":
            f'<worksheet xmlns="{_STRICT_SHEET}"><sheetData>'
            '<row r="1"><c r="A1" t="inlineStr"><is><t>网格员</t></is></c>'
            '<c r="B1" t="inlineStr"><is><t>走访户数</t></is></c></row>'
            '<row r="2"><c r="A2" t="inlineStr"><is><t>李四</t></is></c><c r="B2"><v>25</v></c>'
            '</row></sheetData></worksheet>',
    }
    with zipfile.ZipFile(path, "w", zipfile.ZIP_DEFLATED) as zf:
        for name, xml in parts.items():
            zf.writestr(name, '<?xml version="1.0" encoding="UTF-8" standalone="yes"?>' + xml)
    return path


def test_strict_open_xml_xlsx_is_read_like_any_xlsx(tmp_path):
    result = extract(_strict_xlsx(tmp_path / "台账.xlsx"))
    assert result.kind == "xlsx"
    assert result.pages == ["网格员\t走访户数\n李四\t25"]


# ---------------------------------------------------------------------------- WPS Office
def test_wps_spreadsheet_is_told_by_its_content(tmp_path):
    et = tmp_path / "台账.et"
    et.write_bytes(b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1" + b"\0" * 504
                   + "Workbook".encode("utf-16-le"))
    assert detect_kind(et) == "xls"
    not_a_sheet = tmp_path / "说明.et"
    not_a_sheet.write_text("这不是表格", encoding="utf-8")
    with pytest.raises(FileRejectedError, match=r"not a valid \.et") as refused:
        detect_kind(not_a_sheet)
    assert refused.value.reason is Reason.DAMAGED


@pytest.mark.slow
@needs_libreoffice
def test_wps_writer_and_spreadsheet_files_import_with_their_text(tmp_path):
    doc = convert_with_libreoffice(_docx(tmp_path / "src.docx"), tmp_path, target="doc")
    wps = doc.rename(tmp_path / "通知.wps")   # WPS Writer keeps the Word 97-2003 format
    result = extract(wps)
    assert result.kind == "wps" and not result.needs_conversion
    assert "网格化服务管理" in result.pages[0]
    if not has_libreoffice_calc():
        return
    xls = convert_with_libreoffice(_xlsx(tmp_path / "book.xlsx"), tmp_path, target="xls")
    et = xls.rename(tmp_path / "台账.et")
    result = extract(et)
    assert result.kind == "xls" and result.pages[0].splitlines() == ["网格员\t走访户数",
                                                                     "李四\t25"]


# ---------------------------------------------------------------------------- images
def _frames() -> list[Image.Image]:
    return [Image.new("RGB", (240, 120), colour) for colour in ("red", "green", "blue")]


def test_a_multi_page_tiff_is_a_document_of_that_many_pages_and_is_bound_whole(archive,
                                                                                tmp_path):
    from evidence_app.export.fonts import FontSet
    from evidence_app.export.pages import render_image
    from evidence_app.export.settings import DEFAULT_LAYOUT

    first, *rest = _frames()
    tiff = tmp_path / "扫描件.tif"
    first.save(tiff, save_all=True, append_images=rest)
    assert extract(tiff).page_count == 3
    report = add_paths(archive, [tiff], workers=1)
    doc = archive.document(report.added[0]["id"])
    assert doc.pages == 3
    printed = render_image(doc, tiff, DEFAULT_LAYOUT, FontSet(prefer_system=False))
    assert len(PdfReader(io.BytesIO(printed)).pages) == 3


def test_a_gif_is_an_image_of_its_first_frame(archive, tmp_path):
    from evidence_app.export.fonts import FontSet
    from evidence_app.export.pages import render_image
    from evidence_app.export.settings import DEFAULT_LAYOUT

    first, *rest = _frames()
    gif = tmp_path / "示意图.gif"
    first.save(gif, save_all=True, append_images=rest)
    result = extract(gif)
    assert (result.kind, result.page_count) == ("image", 1)
    assert "only its first frame" in result.warnings[0]
    still = tmp_path / "still.gif"
    first.save(still)
    assert extract(still).warnings == []
    report = add_paths(archive, [gif], workers=1)
    doc = archive.document(report.added[0]["id"])
    printed = render_image(doc, gif, DEFAULT_LAYOUT, FontSet(prefer_system=False))
    assert len(PdfReader(io.BytesIO(printed)).pages) == 1


def _photo(path: Path) -> Path:
    Image.effect_noise((640, 480), 60).convert("RGB").save(path, quality=90)
    return path


def test_a_truncated_jpeg_is_refused_at_import_saying_to_copy_it_again(archive, tmp_path):
    whole = _photo(tmp_path / "现场照片.jpg")
    data = whole.read_bytes()
    cut = tmp_path / "现场照片-中断.jpg"
    cut.write_bytes(data[: len(data) // 3])
    assert extract(whole).page_count == 1
    with pytest.raises(FileRejectedError, match="copy it again") as refused:
        extract(cut)
    assert refused.value.reason is Reason.TRUNCATED
    report = add_paths(archive, [whole, cut], workers=1)
    assert [a["path"] for a in report.added] == [str(whole)]
    assert [(e["path"], e["reason_key"]) for e in report.errors] == [(str(cut), "truncated")]


# ---------------------------------------------------------------------------- Big5 text
@pytest.mark.parametrize("text", [
    "關於開展網格化服務管理工作的通知\n各鄉鎮人民政府、街道辦事處：\n為進一步加強基層社會治理。",
    # bytes that are also valid GB18030 without a single private-use character
    "中華民國臺灣",
])
def test_big5_text_without_a_bom_is_read_as_big5(tmp_path, text):
    data = text.encode("big5")
    if text == "中華民國臺灣":
        assert "\ue000" > max(data.decode("gb18030"))  # the case a private-use test misses
    path = tmp_path / "通知.txt"
    path.write_bytes(data)
    assert read_text(path) == (text, [])


@pytest.mark.parametrize("text", ["关于开展网格化服务管理工作的通知", "会议纪要", "台湾", "爱国"])
def test_gb_text_stays_gb_even_where_it_is_also_valid_big5(tmp_path, text):
    path = tmp_path / "通知.txt"
    path.write_bytes(text.encode("gb18030"))
    assert read_text(path) == (text, [])
