"""Reading single files: kind detection, pages, text, metadata, and refusing bad input.

Every sample is built here, in tmp_path: nothing is read from outside the test.
"""

from __future__ import annotations

import codecs
import os
import re
import struct
import zipfile
import zlib
from pathlib import Path

import pytest

from evidence_app.intake.libreoffice import convert_with_libreoffice, find_libreoffice, has_libreoffice_calc
from evidence_app.errors import FileRejectedError
from evidence_app.intake.extract import KINDS, Extraction, detect_kind, extract

# --------------------------------------------------------------------------------------------
# Sample builders
# --------------------------------------------------------------------------------------------

OFFICIAL_FIRST_PAGE = [
    "秘密★1年",
    "潭州市人民政府办公室文件",
    "潭政办发〔2021〕12号",
    "关于印发《潭州市婚恋家庭矛盾纠纷排查化解",
    "工作办法（试行）》的通知",
    "各区县人民政府，市直各单位：",
    "现将《潭州市婚恋家庭矛盾纠纷排查化解工作办法（试行）》印发给你们，请认真贯彻执行。",
    "潭州市人民政府办公室",
    "2021年3月12日",
]


def make_pdf(path: Path, pages: list[list[str] | None]) -> Path:
    """A PDF with one page per entry: lines of text, or None for a page with no text layer."""
    from reportlab.pdfbase import pdfmetrics
    from reportlab.pdfbase.cidfonts import UnicodeCIDFont
    from reportlab.pdfgen import canvas

    if "STSong-Light" not in pdfmetrics.getRegisteredFontNames():
        pdfmetrics.registerFont(UnicodeCIDFont("STSong-Light"))
    c = canvas.Canvas(str(path), pageCompression=1)
    for lines in pages:
        if lines is None:
            c.rect(100, 100, 300, 300, fill=1)  # drawn content, no text: like a scan
        else:
            c.setFont("STSong-Light", 12)
            for i, line in enumerate(lines):
                c.drawString(50, 800 - 18 * i, line)
        c.showPage()
    c.save()
    return path


def make_docx(path: Path, *, body: list[str] = (), table: list[list[str]] | None = None,
              header: str | None = None, footer: str | None = None, page_break_after: int | None = None,
              textbox: str | None = None, footnote: str | None = None,
              app_pages: int | None = None, app_chars: int | None = None) -> Path:
    import docx
    from docx.oxml import parse_xml

    document = docx.Document()
    for i, text in enumerate(body):
        document.add_paragraph(text)
        if page_break_after is not None and i == page_break_after:
            document.add_page_break()
    if table:
        t = document.add_table(rows=len(table), cols=len(table[0]))
        for r, row in enumerate(table):
            for c, value in enumerate(row):
                t.cell(r, c).text = value
    if header:
        document.sections[0].header.paragraphs[0].text = header
    if footer:
        document.sections[0].footer.paragraphs[0].text = footer
    if textbox:
        # A floating text box as Word writes it: the DrawingML choice and a VML fallback with
        # the same text. Read once, not twice.
        ns = ('xmlns:w="http://schemas.openxmlformats.org/wordprocessingml/2006/main" '
              'xmlns:mc="http://schemas.openxmlformats.org/markup-compatibility/2006" '
              'xmlns:wps="http://schemas.microsoft.com/office/word/2010/wordprocessingShape" '
              'xmlns:v="urn:schemas-microsoft-com:vml"')
        box = f'<w:txbxContent><w:p><w:r><w:t>{textbox}</w:t></w:r></w:p></w:txbxContent>'
        p = parse_xml(
            f'<w:p {ns}><w:r><w:t>框前</w:t></w:r><w:r><mc:AlternateContent>'
            f'<mc:Choice Requires="wps"><wps:txbx>{box}</wps:txbx></mc:Choice>'
            f'<mc:Fallback><v:textbox>{box}</v:textbox></mc:Fallback>'
            f'</mc:AlternateContent></w:r></w:p>')
        document.element.body.insert(1, p)
    if footnote:
        ns = 'xmlns:w="http://schemas.openxmlformats.org/wordprocessingml/2006/main"'
        ref = parse_xml(f'<w:r {ns}><w:footnoteReference w:id="1"/></w:r>')
        document.paragraphs[-1]._p.append(ref)
    document.save(str(path))
    if footnote or app_pages is not None:
        _patch_docx(path, footnote, app_pages, app_chars)
    return path


def _patch_docx(path: Path, footnote: str | None, app_pages: int | None, app_chars: int | None) -> None:
    with zipfile.ZipFile(path) as zf:
        members = {name: zf.read(name) for name in zf.namelist()}
    if footnote:
        members["word/footnotes.xml"] = (
            '<?xml version="1.0" encoding="UTF-8" standalone="yes"?>'
            '<w:footnotes xmlns:w="http://schemas.openxmlformats.org/wordprocessingml/2006/main">'
            '<w:footnote w:type="separator" w:id="-1"><w:p><w:r><w:separator/></w:r></w:p></w:footnote>'
            f'<w:footnote w:id="1"><w:p><w:r><w:t>{footnote}</w:t></w:r></w:p></w:footnote>'
            '</w:footnotes>').encode()
        rels = members["word/_rels/document.xml.rels"].decode()
        rels = rels.replace("</Relationships>",
                            '<Relationship Id="rIdFn1" Type="http://schemas.openxmlformats.org/'
                            'officeDocument/2006/relationships/footnotes" Target="footnotes.xml"/>'
                            "</Relationships>")
        members["word/_rels/document.xml.rels"] = rels.encode()
        types = members["[Content_Types].xml"].decode()
        types = types.replace("</Types>",
                              '<Override PartName="/word/footnotes.xml" ContentType="application/'
                              'vnd.openxmlformats-officedocument.wordprocessingml.footnotes+xml"/></Types>')
        members["[Content_Types].xml"] = types.encode()
    if app_pages is not None:
        app = members["docProps/app.xml"].decode()
        app = re.sub(r"<Pages>\d+</Pages>", f"<Pages>{app_pages}</Pages>", app)
        app = re.sub(r"<Characters>\d+</Characters>", f"<Characters>{app_chars or 0}</Characters>", app)
        members["docProps/app.xml"] = app.encode()
    with zipfile.ZipFile(path, "w", zipfile.ZIP_DEFLATED) as zf:
        for name, data in members.items():
            zf.writestr(name, data)


def png_bytes(width: int, height: int) -> bytes:
    """A PNG whose header claims width x height; the pixel data is not needed to be refused."""
    def chunk(kind: bytes, data: bytes) -> bytes:
        return struct.pack(">I", len(data)) + kind + data + struct.pack(">I", zlib.crc32(kind + data))
    ihdr = struct.pack(">IIBBBBB", width, height, 8, 0, 0, 0, 0)
    return (b"\x89PNG\r\n\x1a\n" + chunk(b"IHDR", ihdr) + chunk(b"IDAT", zlib.compress(b"\0" * 16))
            + chunk(b"IEND", b""))


@pytest.fixture
def no_libreoffice(monkeypatch):
    monkeypatch.setenv("EVIDENCE_SOFFICE", "")


# --------------------------------------------------------------------------------------------
# Kind detection and refusals
# --------------------------------------------------------------------------------------------


def test_kinds_are_the_documented_set():
    assert KINDS == {"pdf", "docx", "text", "image", "xlsx", "doc", "wps", "xls", "odt", "ods"}


def test_empty_file_is_rejected(tmp_path):
    path = tmp_path / "empty.pdf"
    path.write_bytes(b"")
    with pytest.raises(FileRejectedError, match=r"^empty file \(0 bytes\)$"):
        detect_kind(path)


def test_pdf_renamed_docx_is_rejected(tmp_path):
    path = make_pdf(tmp_path / "report.docx", [["hello"]])
    with pytest.raises(FileRejectedError, match="^content is a PDF but the name says .docx"):
        extract(path)


def test_docx_named_xlsx_is_rejected(tmp_path):
    path = make_docx(tmp_path / "t.docx", body=["x"])
    path = path.rename(tmp_path / "t.xlsx")
    with pytest.raises(FileRejectedError, match=r"content is a Word document \(.docx\) but the name says .xlsx"):
        detect_kind(path)


def test_docx_that_is_not_a_zip(tmp_path):
    path = tmp_path / "notes.docx"
    path.write_text("just some text", encoding="utf-8")
    with pytest.raises(FileRejectedError, match=r"^not a valid .docx \(not a zip archive\)$"):
        extract(path)


def test_zip_without_word_part_named_docx(tmp_path):
    path = tmp_path / "x.docx"
    with zipfile.ZipFile(path, "w") as zf:
        zf.writestr("readme.txt", "hi")
    with pytest.raises(FileRejectedError, match="no word/document.xml"):
        detect_kind(path)


def test_truncated_docx(tmp_path):
    data = make_docx(tmp_path / "ok.docx", body=["正文"] * 50).read_bytes()
    path = tmp_path / "cut.docx"
    path.write_bytes(data[: len(data) // 2])
    with pytest.raises(FileRejectedError, match=r"not a valid .docx"):
        extract(path)


def test_zip_bomb_docx_is_refused_before_inflating(tmp_path):
    path = make_docx(tmp_path / "bomb.docx", body=["正文"])
    with zipfile.ZipFile(path, "a", zipfile.ZIP_DEFLATED, compresslevel=9) as zf:
        with zf.open("word/media/bomb.bin", "w", force_zip64=True) as member:
            block = b"\0" * (1 << 20)
            for _ in range(210):
                member.write(block)
    assert path.stat().st_size < 1_000_000
    with pytest.raises(FileRejectedError, match=r"too large when unpacked .*zip bomb"):
        extract(path)


def test_unsupported_extension(tmp_path):
    program = b"MZ\x90\x00" + b"\0" * 56 + (64).to_bytes(4, "little") + b"PE\0\0" + b"\0" * 100
    path = tmp_path / "setup.exe"
    path.write_bytes(program)
    with pytest.raises(FileRejectedError, match=r"^unsupported kind '.exe'$"):
        detect_kind(path)
    renamed = tmp_path / "setup.txt"
    renamed.write_bytes(program)
    with pytest.raises(FileRejectedError, match=r"^content is a program \(executable\) but the name says .txt$"):
        detect_kind(renamed)
    csv = tmp_path / "codes.csv"
    csv.write_text("MZ,3.2.1\nJZ,3.2.2\n", encoding="utf-8")
    assert detect_kind(csv) == "text"


def test_file_without_extension_is_read_by_content(tmp_path):
    path = make_pdf(tmp_path / "scan", [["hello"]])
    assert detect_kind(path) == "pdf"


def test_excel_97_named_doc_is_rejected(tmp_path):
    path = tmp_path / "old.doc"
    path.write_bytes(b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1" + b"\0" * 504 + "Workbook".encode("utf-16-le") + b"\0" * 64)
    with pytest.raises(FileRejectedError, match=r"Excel 97-2003 workbook \(.xls\) but the name says .doc"):
        detect_kind(path)


def test_office_file_without_word_content_named_doc_is_refused(tmp_path):
    path = tmp_path / "broken.doc"
    path.write_bytes(b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1" + b"\x01" * 3000)
    with pytest.raises(FileRejectedError, match=r"^not a valid .doc \(it has no Word document stream"):
        extract(path)


def test_password_protected_docx_is_refused_with_advice(tmp_path):
    # Office stores an encrypted .docx as a compound file holding an "EncryptedPackage" stream.
    path = tmp_path / "locked.docx"
    path.write_bytes(b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1" + b"\0" * 504
                     + "EncryptedPackage".encode("utf-16-le") + b"\0" * 64)
    with pytest.raises(FileRejectedError, match=r"^password-protected Office document: .*save it again"):
        detect_kind(path)


def test_folder_is_refused(tmp_path):
    folder = tmp_path / "photos.jpg"
    folder.mkdir()
    with pytest.raises(FileRejectedError, match="^cannot read: it is a folder"):
        detect_kind(folder)


def test_word_97_and_rtf_named_doc_are_doc(tmp_path):
    ole = tmp_path / "old.doc"
    ole.write_bytes(b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1" + b"\0" * 504 + "WordDocument".encode("utf-16-le"))
    rtf = tmp_path / "rtf.doc"
    rtf.write_bytes(b"{\\rtf1\\ansi hello}")
    wps = tmp_path / "x.wps"
    wps.write_bytes(ole.read_bytes())
    assert detect_kind(ole) == "doc"
    assert detect_kind(rtf) == "doc"
    assert detect_kind(wps) == "wps"


def test_missing_file(tmp_path):
    with pytest.raises(FileRejectedError, match="^cannot read: the file does not exist$"):
        detect_kind(tmp_path / "gone.pdf")


@pytest.mark.skipif(os.name == "nt" or os.geteuid() == 0, reason="root ignores file permissions")
def test_unreadable_file(tmp_path):
    path = make_pdf(tmp_path / "locked.pdf", [["x"]])
    path.chmod(0)
    try:
        with pytest.raises(FileRejectedError, match="^cannot read: permission denied$"):
            extract(path)
    finally:
        path.chmod(0o600)


def test_unreadable_file_via_monkeypatch(tmp_path, monkeypatch):
    path = make_pdf(tmp_path / "locked.pdf", [["x"]])
    real_open = open

    def deny(file, *args, **kwargs):
        if str(file) == str(path):
            raise PermissionError(13, "Permission denied", str(file))
        return real_open(file, *args, **kwargs)

    monkeypatch.setattr("builtins.open", deny)
    with pytest.raises(FileRejectedError, match="^cannot read: permission denied$"):
        detect_kind(path)


# --------------------------------------------------------------------------------------------
# PDF
# --------------------------------------------------------------------------------------------


def test_pdf_pages_text_and_metadata(tmp_path):
    path = make_pdf(tmp_path / "scan001.pdf", [OFFICIAL_FIRST_PAGE, None, ["第三页 网格化"]])
    result = extract(path)
    assert isinstance(result, Extraction)
    assert result.kind == "pdf"
    assert result.page_count == 3 == len(result.pages)
    assert "潭政办发〔2021〕12号" in result.pages[0]
    assert result.pages[1] == ""
    assert "网格化" in result.pages[2]
    assert result.has_text
    assert result.title == "关于印发《潭州市婚恋家庭矛盾纠纷排查化解工作办法（试行）》的通知"
    assert result.doc_number == "潭政办发〔2021〕12号"
    assert result.date == "20210312"
    assert result.classification == "秘密"
    assert any("密级" in w for w in result.warnings)
    assert not result.needs_conversion


def test_image_only_pdf_has_no_text(tmp_path):
    path = make_pdf(tmp_path / "潭政办发[2021]3号 2021.05.06 扫描件.pdf", [None, None])
    result = extract(path)
    assert result.pages == ["", ""]
    assert not result.has_text
    # Nothing on the page: metadata comes from the file name.
    assert result.doc_number == "潭政办发〔2021〕3号"
    assert result.date == "20210506"
    assert result.title == "扫描件"


def test_pdf_with_empty_user_password_opens(tmp_path):
    from pypdf import PdfWriter

    plain = make_pdf(tmp_path / "plain.pdf", [["关于加强网格化管理的通知"]])
    writer = PdfWriter(clone_from=str(plain))
    writer.encrypt(user_password="", owner_password="owner-secret", algorithm="AES-128")
    path = tmp_path / "restricted.pdf"
    writer.write(str(path))
    result = extract(path)
    assert result.page_count == 1
    assert "网格化" in result.pages[0]


def test_pdf_with_a_real_password_is_refused_with_advice(tmp_path):
    from pypdf import PdfWriter

    plain = make_pdf(tmp_path / "plain.pdf", [["secret"]])
    writer = PdfWriter(clone_from=str(plain))
    writer.encrypt(user_password="1234", owner_password="owner", algorithm="AES-128")
    path = tmp_path / "locked.pdf"
    writer.write(str(path))
    with pytest.raises(FileRejectedError, match=r"^password-protected PDF: .*save or print it") as info:
        extract(path)
    assert info.value.__cause__ is not None


def test_truncated_pdf_is_refused(tmp_path):
    data = make_pdf(tmp_path / "ok.pdf", [["page"]] * 5).read_bytes()
    path = tmp_path / "cut.pdf"
    path.write_bytes(data[: len(data) // 3])
    with pytest.raises(FileRejectedError, match="^not a valid PDF"):
        extract(path)


def test_garbage_named_pdf_is_refused(tmp_path):
    path = tmp_path / "garbage.pdf"
    path.write_bytes(os.urandom(4096))
    with pytest.raises(FileRejectedError, match=r"^not a valid PDF \(no PDF header"):
        extract(path)
    path.write_bytes(b"%PDF-1.7\n" + os.urandom(4096))
    with pytest.raises(FileRejectedError, match=r"^not a valid PDF \(damaged or not a PDF"):
        extract(path)


# --------------------------------------------------------------------------------------------
# DOCX
# --------------------------------------------------------------------------------------------


def test_docx_reads_body_table_header_footer_textbox_and_footnote(tmp_path):
    path = make_docx(
        tmp_path / "纪要.docx",
        body=["网格化服务管理工作会议纪要", "会议时间：2021年3月1日", "会议研究了网格员队伍建设。"],
        table=[["姓名", "单位"], ["张三", "综治中心"]],
        header="潭州市综治办", footer="第1页",
        textbox="文本框里的字", footnote="脚注里的说明",
    )
    result = extract(path)
    text = "\n".join(result.pages)
    for expected in ("网格化服务管理工作会议纪要", "会议研究了网格员队伍建设", "姓名\t单位", "张三\t综治中心",
                     "潭州市综治办", "第1页", "脚注里的说明", "框前"):
        assert expected in text
    assert text.count("文本框里的字") == 1  # the VML fallback copy is not read twice
    assert result.kind == "docx"
    assert result.title == "网格化服务管理工作会议纪要"
    assert result.date == "20210301"
    # Order of the body is kept.
    assert text.index("网格化服务管理工作会议纪要") < text.index("会议研究了") < text.index("张三")


def test_docx_page_estimate_and_explicit_page_break(tmp_path):
    long_paragraphs = ["这是一段比较长的正文内容，用来估算页数。" * 5 for _ in range(30)]  # ~3000 chars
    path = make_docx(tmp_path / "long.docx", body=["第一页标题"] + long_paragraphs, page_break_after=0)
    result = extract(path)
    # python-docx leaves "Pages=1, Characters=0" in app.xml: not trusted, so estimated:
    # 1 page before the explicit break, then ceil(~3000/700) = 5.
    assert result.pages[0] == "第一页标题"
    assert result.page_count == 1 + 5 == len(result.pages)
    assert all(result.pages[1:])
    joined = "".join(result.pages[1:]).replace("\n", "")
    assert joined == "".join(long_paragraphs)


def test_docx_trusts_a_plausible_app_xml_page_count(tmp_path):
    body = ["段落内容" * 20 for _ in range(10)]  # 800 characters
    path = make_docx(tmp_path / "word.docx", body=body, app_pages=3, app_chars=800)
    result = extract(path)
    assert result.page_count == 3 == len(result.pages)
    assert "".join(result.pages).replace("\n", "") == "".join(body)


def test_empty_docx_has_one_empty_page(tmp_path):
    result = extract(make_docx(tmp_path / "blank.docx"))
    assert result.page_count == 1 and result.pages == [""] and not result.has_text
    assert result.title == "blank"


# --------------------------------------------------------------------------------------------
# Text
# --------------------------------------------------------------------------------------------

CHINESE = "关于加强网格化服务管理的通知\n潭政办发〔2021〕12号\n各区县：现将有关事项通知如下。\n二〇二一年三月十二日\n"


@pytest.mark.parametrize("encoding, prefix", [
    ("utf-8", b""),
    ("utf-8", codecs.BOM_UTF8),
    ("utf-16-le", codecs.BOM_UTF16_LE),
    ("utf-16-be", codecs.BOM_UTF16_BE),
    ("gb18030", b""),
    ("gbk", b""),
])
def test_text_encodings(tmp_path, encoding, prefix):
    path = tmp_path / "通知.txt"
    path.write_bytes(prefix + CHINESE.encode(encoding))
    result = extract(path)
    assert result.kind == "text"
    assert result.pages == [CHINESE.strip("\n")]
    assert result.doc_number == "潭政办发〔2021〕12号"
    assert result.date == "20210312"
    assert result.title == "关于加强网格化服务管理的通知"
    assert not result.warnings


def test_gb18030_four_byte_characters(tmp_path):
    text = "生僻字：𠀀㐀䶵，人名𪚥。矛盾纠纷排查台账"
    path = tmp_path / "names.txt"
    path.write_bytes(text.encode("gb18030"))
    assert extract(path).pages == [text]


def test_utf16_without_bom(tmp_path):
    path = tmp_path / "export.txt"
    path.write_bytes("Grid meeting minutes 2021-03-12\n".encode("utf-16-le"))
    assert extract(path).pages == ["Grid meeting minutes 2021-03-12"]


def test_binary_named_txt_is_refused(tmp_path):
    path = tmp_path / "data.txt"
    path.write_bytes(bytes(range(256)) * 8)
    with pytest.raises(FileRejectedError, match="^content does not look like text"):
        extract(path)


def test_text_is_split_into_pages_at_line_boundaries(tmp_path):
    lines = [f"第{i}行：矛盾纠纷排查化解工作情况" for i in range(200)]
    path = tmp_path / "log.txt"
    path.write_text("\n".join(lines), encoding="utf-8")
    result = extract(path)
    assert result.page_count == len(result.pages) > 5
    assert all(len(p) <= 700 for p in result.pages)
    assert "\n".join(result.pages).split("\n") == lines  # every page ends at a line end


def test_empty_looking_text_file(tmp_path):
    path = tmp_path / "blank.txt"
    path.write_text("\n\n", encoding="utf-8")
    result = extract(path)
    assert result.page_count == 1 and not result.has_text


# --------------------------------------------------------------------------------------------
# Images
# --------------------------------------------------------------------------------------------


def test_jpeg_with_exif_date(tmp_path):
    from PIL import Image

    image = Image.new("RGB", (64, 48), "white")
    exif = Image.Exif()
    exif[306] = "2021:05:06 10:11:12"
    path = tmp_path / "网格员入户走访.jpg"
    image.save(path, exif=exif)
    result = extract(path)
    assert result.kind == "image" and result.page_count == 1 and result.pages == [""]
    assert result.date == "20210506"
    assert result.title == "网格员入户走访"


def test_multipage_tiff_counts_frames(tmp_path):
    from PIL import Image

    frames = [Image.new("L", (32, 32), shade) for shade in (0, 128, 255)]
    path = tmp_path / "scan.tif"
    frames[0].save(path, save_all=True, append_images=frames[1:])
    assert extract(path).page_count == 3


def test_huge_image_is_refused_before_decoding(tmp_path):
    path = tmp_path / "huge.png"
    path.write_bytes(png_bytes(30_000, 30_000))  # 900 megapixels claimed by a ~100-byte file
    with pytest.raises(FileRejectedError, match="^image too large"):
        extract(path)


def test_image_just_under_the_limit_is_accepted(tmp_path):
    # 190 megapixels: above Pillow's own default bomb threshold (~179), below ours (200).
    path = tmp_path / "big.png"
    path.write_bytes(png_bytes(19_000, 10_000))
    assert extract(path).page_count == 1


def test_damaged_png_is_refused(tmp_path):
    data = bytearray(png_bytes(10, 10))
    data[20] ^= 0xFF  # corrupt IHDR: CRC no longer matches
    path = tmp_path / "bad.png"
    path.write_bytes(bytes(data))
    with pytest.raises(FileRejectedError, match="^not a valid image"):
        extract(path)


# --------------------------------------------------------------------------------------------
# XLSX
# --------------------------------------------------------------------------------------------


def test_xlsx_one_page_per_sheet(tmp_path):
    import datetime

    import openpyxl

    from evidence_app.demo.ooxml import normalize_ooxml_zip

    wb = openpyxl.Workbook()
    ws = wb.active
    ws.title = "台账"
    ws.append(["2021年矛盾纠纷排查化解台账"])
    ws.append(["序号", "日期", "事项", "数量"])
    ws.append([1, datetime.datetime(2021, 3, 12), "邻里纠纷", 3.0])
    second = wb.create_sheet("汇总")
    second.append(["合计", None, None, 3])
    wb.create_sheet("空表")
    path = tmp_path / "台账.xlsx"
    wb.save(path)
    result = extract(path)
    assert result.kind == "xlsx"
    assert result.page_count == 3
    assert result.pages[0].splitlines() == ["2021年矛盾纠纷排查化解台账", "序号\t日期\t事项\t数量",
                                            "1\t2021-03-12\t邻里纠纷\t3"]
    assert result.pages[1] == "合计\t\t\t3"
    assert result.pages[2] == ""
    assert result.title == "2021年矛盾纠纷排查化解台账"


# --------------------------------------------------------------------------------------------
# doc / wps / xls: LibreOffice
# --------------------------------------------------------------------------------------------


def test_doc_without_libreoffice_needs_conversion(tmp_path, no_libreoffice):
    assert find_libreoffice() is None
    path = tmp_path / "潭政办发〔2020〕7号 关于网格化的通知.doc"
    path.write_bytes(b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1" + b"\0" * 504 + "WordDocument".encode("utf-16-le"))
    result = extract(path)
    assert result.kind == "doc"
    assert result.needs_conversion
    assert result.pages == [""] and result.page_count == 1 and not result.has_text
    assert result.warnings == ["LibreOffice is not installed: .doc content cannot be read; "
                               "install LibreOffice to index and bind it"]
    assert result.doc_number == "潭政办发〔2020〕7号"
    assert result.title == "关于网格化的通知"


def test_convert_without_libreoffice_is_a_clear_refusal(tmp_path, no_libreoffice):
    src = tmp_path / "a.doc"
    src.write_bytes(b"x")
    with pytest.raises(FileRejectedError, match="^LibreOffice is not installed"):
        convert_with_libreoffice(src, tmp_path)


def test_find_libreoffice_override(tmp_path, monkeypatch):
    fake = tmp_path / "soffice"
    fake.write_text("#!/bin/sh\nexit 0\n")
    fake.chmod(0o755)
    monkeypatch.setenv("EVIDENCE_SOFFICE", str(fake))
    assert find_libreoffice() == str(fake)
    monkeypatch.setenv("EVIDENCE_SOFFICE", str(tmp_path / "missing"))
    assert find_libreoffice() is None


@pytest.mark.skipif(os.name == "nt", reason="uses a POSIX shell script as a fake LibreOffice")
def test_convert_reports_a_silent_failure(tmp_path, monkeypatch):
    fake = tmp_path / "soffice"
    fake.write_text("#!/bin/sh\necho 'Error: source file could not be loaded' >&2\nexit 0\n")
    fake.chmod(0o755)
    monkeypatch.setenv("EVIDENCE_SOFFICE", str(fake))
    src = tmp_path / "a.doc"
    src.write_bytes(b"x")
    with pytest.raises(FileRejectedError, match=r"^LibreOffice could not convert it \(Error: source file"):
        convert_with_libreoffice(src, tmp_path)


@pytest.mark.skipif(os.name == "nt", reason="uses a POSIX shell script as a fake LibreOffice")
def test_convert_timeout_kills_the_process_group(tmp_path, monkeypatch):
    marker = tmp_path / "child-alive"
    fake = tmp_path / "soffice"
    # A parent that hangs and a child that would outlive it: both must die.
    fake.write_text(f"#!/bin/sh\n(sleep 1; touch {marker}) &\nsleep 30\n")
    fake.chmod(0o755)
    monkeypatch.setenv("EVIDENCE_SOFFICE", str(fake))
    src = tmp_path / "a.doc"
    src.write_bytes(b"x")
    with pytest.raises(FileRejectedError, match=r"^LibreOffice took longer than 0.5 s"):
        convert_with_libreoffice(src, tmp_path, timeout=0.5)
    import time
    time.sleep(1.5)
    assert not marker.exists()


libreoffice = pytest.mark.skipif(find_libreoffice() is None, reason="LibreOffice is not installed")


@pytest.mark.slow
@libreoffice
def test_real_doc_through_libreoffice(tmp_path):
    source = make_docx(tmp_path / "src.docx", body=OFFICIAL_FIRST_PAGE[1:])
    out = tmp_path / "out"
    out.mkdir()
    doc = convert_with_libreoffice(source, out, target="doc")
    # Odd characters in the name: the converter copies to an ASCII name first.
    odd = doc.rename(out / "潭政办发〔2021〕12号 关于…的通知 (副本) #1.doc")
    result = extract(odd)
    assert result.kind == "doc" and not result.needs_conversion and not result.warnings
    assert result.page_count >= 1
    assert "婚恋家庭矛盾纠纷" in "".join(result.pages)
    assert result.doc_number == "潭政办发〔2021〕12号"
    assert result.date == "20210312"


@pytest.mark.slow
@pytest.mark.skipif(not has_libreoffice_calc(), reason="LibreOffice Calc is not installed")
def test_real_xls_through_libreoffice(tmp_path):
    import openpyxl

    wb = openpyxl.Workbook()
    wb.active.append(["网格员", "走访户数"])
    wb.active.append(["李四", 25])
    wb.create_sheet("第二页")
    xlsx = tmp_path / "book.xlsx"
    wb.save(xlsx)
    xls = convert_with_libreoffice(xlsx, tmp_path, target="xls")
    result = extract(xls)
    assert result.kind == "xls" and result.page_count == 2
    assert result.pages[0].splitlines() == ["网格员\t走访户数", "李四\t25"]


def test_xls_without_calc_needs_conversion(tmp_path, monkeypatch):
    import evidence_app.intake.libreoffice as convert

    monkeypatch.setattr(convert, "find_libreoffice", lambda: "/usr/bin/soffice")
    monkeypatch.setattr(convert, "has_libreoffice_calc", lambda: False)
    path = tmp_path / "台账.xls"
    path.write_bytes(b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1" + b"\0" * 504 + "Workbook".encode("utf-16-le"))
    result = extract(path)
    assert result.needs_conversion and result.pages == [""]
    assert result.warnings[0].startswith("LibreOffice Calc is not installed")


def test_word_file_signed_after_its_body_gives_issuer_and_date(archive, tmp_path):
    from evidence_app.intake.pipeline import add_paths

    body = ["关于推进网格化服务管理的实施意见", "各区县（市）："]
    body += [f"第{n}条　各单位要坚持问题导向，" + "推进网格化服务管理标准化建设。" * 12
             for n in range(1, 40)]
    body += ["湘潭市司法局", "2021年3月12日"]
    path = make_docx(tmp_path / "意见.docx", body=body)
    report = add_paths(archive, [path])
    doc = archive.document(report.added[0]["id"])
    assert doc.pages > 1
    assert doc.issuer == "湘潭市司法局" and doc.date == "20210312"


def test_a_workbook_s_date_is_its_own_not_its_rows(tmp_path):
    import datetime

    import openpyxl

    from evidence_app.demo.ooxml import normalize_ooxml_zip

    wb = openpyxl.Workbook()
    ws = wb.active
    ws.append(["序号", "日期", "事项"])
    ws.append([1, "2021-02-25", "婚姻家庭纠纷"])
    ws.append([2, "2021-04-01", "消防隐患"])
    path = tmp_path / "台账（2021年）.xlsx"

    def save_as_last_saved_on(day):  # openpyxl stamps "now"; Excel stamps the day of saving
        wb.save(path)
        path.write_bytes(normalize_ooxml_zip(path.read_bytes(), modified=day))

    save_as_last_saved_on(datetime.datetime(2021, 4, 12, 9, 30))
    assert extract(path).date == "20210412"
    ws.insert_rows(1)
    ws["A1"] = "填报日期：2021年4月10日"
    save_as_last_saved_on(datetime.datetime(2021, 4, 12, 9, 30))
    assert extract(path).date == "20210410"
