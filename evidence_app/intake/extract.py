"""Read one file: what it is, how many pages, the text of each page, and its metadata.

This runs in-process and trusts nothing about the file: kind is decided by content and checked
against the name, zip members are size-checked before they are inflated, image dimensions are
checked before pixels are decoded. It does not protect against a library hanging or crashing
on a hostile file; :mod:`evidence_app.intake.sandbox` runs it in worker processes for that.

Every refusal is a :class:`~evidence_app.errors.FileRejectedError` whose message is a plain
reason a user can act on and whose ``reason`` is its stable key; third-party errors are
converted at this boundary (``raise … from``).

The readers volumes print from (``read_text``, ``read_workbook``/``cell_text``, ``docx_blocks``)
are the ones extraction uses, so a file is searched and printed as the same text.
"""

from __future__ import annotations

import codecs
import datetime as _dt
import io
import math
import re
import tempfile
import threading
import warnings
import zipfile
from collections.abc import Iterator
from dataclasses import dataclass, field
from pathlib import Path

from .docmeta import (DOC_NUMBER_HEAD, closing_text, find_classification, find_date,
                      find_doc_number, find_labelled_date, guess_title, parse_date,
                      workbook_title)
from ..errors import FileRejectedError, Notice, PasswordRequiredError, Reason, unreadable

__all__ = ["KINDS", "EXTENSIONS", "Extraction", "detect_kind", "extract", "unlock_pdf", "read_text",
           "cell_text", "read_workbook", "Workbook", "Sheet", "docx_blocks", "DocxParagraph",
           "DocxTable", "open_docx"]

KINDS = {"pdf", "docx", "text", "image", "xlsx", "doc", "wps", "xls", "odt", "ods"}

#: File name extensions (lower case) and the kind each one promises.
EXTENSIONS: dict[str, str] = {
    ".pdf": "pdf",
    ".docx": "docx",
    ".txt": "text", ".text": "text", ".csv": "text", ".md": "text",
    ".jpg": "image", ".jpeg": "image", ".png": "image", ".tif": "image", ".tiff": "image",
    ".bmp": "image", ".gif": "image",
    ".xlsx": "xlsx",
    ".doc": "doc",
    ".wps": "wps",            # WPS Writer (Kingsoft): the Word 97-2003 format under its own name
    ".xls": "xls",
    ".et": "xls",             # WPS Spreadsheets: the Excel 97-2003 format under its own name
    ".odt": "odt",
    ".ods": "ods",
}

MAX_UNZIPPED_BYTES = 200 * 1024 * 1024
MAX_ZIP_MEMBERS = 20_000
MAX_TEXT_BYTES = 64 * 1024 * 1024
MAX_IMAGE_PIXELS = 200_000_000
CHARS_PER_PAGE = 700

_LIBREOFFICE_KINDS = {"doc", "wps", "xls", "odt", "ods"}
# read as sheets of rows: a title is a sheet's title line or the file name, never a header row
WORKBOOK_KINDS = {"xlsx", "xls", "ods"}


@dataclass
class Extraction:
    """What reading one file produced.

    ``pages`` has exactly ``page_count`` entries; a page without a text layer (a scan) is ''.
    ``needs_ocr`` lists the pages (0-based) that show something but have no trustworthy text:
    scans, photos, and PDF pages whose text layer is garbage (their text is '').
    ``needs_conversion`` is True when the content could not be read yet because it can only be
    read through LibreOffice and LibreOffice is missing: ``pages`` is then ``['']`` and
    ``page_count`` 1 (unknown); extract again once LibreOffice is installed.
    """

    kind: str
    page_count: int
    pages: list[str]
    has_text: bool
    title: str | None
    doc_number: str | None
    date: str | None
    classification: str | None
    needs_conversion: bool = False
    warnings: list[Notice] = field(default_factory=list)
    needs_ocr: list[int] = field(default_factory=list)


# --------------------------------------------------------------------------------------------
# Kind detection
# --------------------------------------------------------------------------------------------

_OLE_MAGIC = b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1"

_DESCRIBE = {
    "pdf": "a PDF",
    "docx": "a Word document (.docx)",
    "xlsx": "an Excel workbook (.xlsx)",
    "pptx": "a PowerPoint presentation (.pptx)",
    "odt": "an OpenDocument text (.odt)",
    "ods": "an OpenDocument spreadsheet (.ods)",
    "odp": "an OpenDocument presentation (.odp)",
    "zip": "a zip archive",
    "ole-doc": "a Word 97-2003 document (.doc)",
    "ole-xls": "an Excel 97-2003 workbook (.xls)",
    "ole-ppt": "a PowerPoint 97-2003 presentation (.ppt)",
    "ole": "an old Microsoft Office file",
    "ole-other": "an old Microsoft Office file",
    "rtf": "an RTF document",
    "image": "an image",
    "gif": "a GIF image",
    "webp": "a WebP image",
    "exe": "a program (executable)",
}


def _read_head(path: Path, size: int = 65536) -> bytes:
    try:
        with open(path, "rb") as fh:
            return fh.read(size)
    except OSError as exc:
        raise unreadable(exc) from exc


def _ole_kind(path: Path) -> str:
    """Tell a Word from an Excel 97-2003 file by the stream names in its directory (UTF-16LE)."""
    word = "WordDocument".encode("utf-16-le")
    excel = ("Workbook".encode("utf-16-le"), "Book".encode("utf-16-le"))
    ppt = "PowerPoint Document".encode("utf-16-le")
    encrypted = "EncryptedPackage".encode("utf-16-le")  # a password-protected .docx/.xlsx
    tail = b""
    scanned = 0
    try:
        with open(path, "rb") as fh:
            while scanned < 64 * 1024 * 1024:
                chunk = fh.read(1 << 20)
                if not chunk:
                    break
                scanned += len(chunk)
                block = tail + chunk
                if encrypted in block:
                    return "ole-encrypted"
                if word in block:
                    return "ole-doc"
                if any(name in block for name in excel):
                    return "ole-xls"
                if ppt in block:
                    return "ole-ppt"
                tail = block[-64:]
            complete = not fh.read(1)
    except OSError as exc:
        raise FileRejectedError(f"cannot read: {exc.strerror or exc}",
                                reason=Reason.UNREADABLE) from exc
    # "ole-other": the whole directory was seen and holds neither Word nor Excel content.
    return "ole-other" if complete else "ole"


_ODF_MIMETYPES = {b"application/vnd.oasis.opendocument.text": "odt",
                  b"application/vnd.oasis.opendocument.spreadsheet": "ods",
                  b"application/vnd.oasis.opendocument.presentation": "odp"}


def _zip_kind(path: Path) -> str:
    try:
        with zipfile.ZipFile(path) as zf:
            names = zf.namelist()
            # OpenDocument names its kind in a small uncompressed "mimetype" member
            mimetype = (zf.read("mimetype").strip()
                        if "mimetype" in names and zf.getinfo("mimetype").file_size < 200
                        else b"")
    except (zipfile.BadZipFile, OSError, ValueError, EOFError):
        return "zip-damaged"
    if any(n.startswith("word/") for n in names):
        return "docx"
    if any(n.startswith("xl/") for n in names):
        return "xlsx"
    if any(n.startswith("ppt/") for n in names):
        return "pptx"
    if mimetype in _ODF_MIMETYPES:
        return _ODF_MIMETYPES[mimetype] if "content.xml" in names else "zip"
    return "zip"


def _sniff(path: Path, head: bytes) -> str | None:
    """Kind of content from its bytes; None for anything that may be text."""
    if b"%PDF-" in head[:1024]:
        return "pdf"
    if head[:4] in (b"PK\x03\x04", b"PK\x05\x06", b"PK\x07\x08"):
        return _zip_kind(path)
    if head.startswith(_OLE_MAGIC):
        return _ole_kind(path)
    if head.startswith(b"\xff\xd8\xff") or head.startswith(b"\x89PNG\r\n\x1a\n"):
        return "image"
    if head[:4] in (b"II*\x00", b"MM\x00*") or (head[:2] == b"BM" and len(head) >= 26
                                                and head[6:10] == b"\0\0\0\0"):
        return "image"
    if head[:6] in (b"GIF87a", b"GIF89a"):
        return "gif"
    if head[:4] == b"RIFF" and head[8:12] == b"WEBP":
        return "webp"
    if head[:4] == b"\x7fELF":
        return "exe"
    if head[:2] == b"MZ" and len(head) >= 64:
        pe = int.from_bytes(head[60:64], "little")
        if head[pe:pe + 4] == b"PE\0\0" or b"This program cannot be run in DOS mode" in head[:512]:
            return "exe"
    if head.lstrip()[:5] == b"{\\rtf":
        return "rtf"
    return None


# What Chinese office text is made of: ASCII, CJK ideographs, CJK and full-width punctuation.
_PLAIN_TEXT = re.compile("[\t\n\r\x20-\x7e\u2000-\u206f\u3000-\u303f\u3400-\u4dbf"
                         "\u4e00-\u9fff\uff00-\uffef]")


def _looks_like_utf16(head: bytes) -> str | None:
    """'utf-16-le'/'utf-16-be' for BOM-less UTF-16, else None.

    Latin text shows itself by a zero in every other byte. Chinese text has a zero only where
    an ASCII character is (a digit, a line end), so it is recognised by what it decodes to:
    nearly all ideographs, ASCII and punctuation, which random binary data never is.
    """
    sample = head[: len(head) & ~1]
    if len(sample) < 4 or b"\x00" not in sample:
        return None
    even_nul = sample[0::2].count(0) / (len(sample) / 2)
    odd_nul = sample[1::2].count(0) / (len(sample) / 2)
    for enc, ratio, other in (("utf-16-le", odd_nul, even_nul), ("utf-16-be", even_nul, odd_nul)):
        try:
            text = sample.decode(enc)
        except UnicodeDecodeError:
            continue
        if (ratio > 0.3 and other < 0.05) or len(_PLAIN_TEXT.findall(text)) >= 0.95 * len(text):
            return enc
    return None


def _has_text_bom(head: bytes) -> bool:
    return head.startswith((codecs.BOM_UTF8, codecs.BOM_UTF16_LE, codecs.BOM_UTF16_BE))


def _mismatch(content: str, ext: str) -> FileRejectedError:
    what = _DESCRIBE.get(content, content)
    proper = {"pdf": ".pdf", "docx": ".docx", "xlsx": ".xlsx", "ole-doc": ".doc", "ole-xls": ".xls",
              "rtf": ".doc", "odt": ".odt", "ods": ".ods", "gif": ".gif"}.get(content)
    hint = f"; if the content is right, rename it to {proper}" if proper else ""
    return FileRejectedError(f"content is {what} but the name says {ext}{hint}",
                             reason=Reason.EXTENSION_MISMATCH)


def detect_kind(path: Path) -> str:
    """Decide what a file is from its content, checked against its name; one of :data:`KINDS`.

    Raises:
        FileRejectedError: the file is empty, unreadable, of an unsupported kind, damaged in a
            way visible from its first bytes, or its content contradicts its extension
            ("content is a PDF but the name says .docx").
    """
    path = Path(path)
    if path.is_dir():
        raise FileRejectedError("cannot read: it is a folder, not a file", reason=Reason.NOT_A_FILE)
    head = _read_head(path)
    if not head:
        raise FileRejectedError("empty file (0 bytes)", reason=Reason.EMPTY_FILE)
    ext = path.suffix.lower()
    expected = EXTENSIONS.get(ext)
    content = _sniff(path, head)
    if content == "ole-encrypted" and expected is not None:
        raise FileRejectedError(
            "password-protected Office document: open it with its password, remove the "
            "password (File > Info > Protect Document) and save it again, then add that copy",
            reason=Reason.OFFICE_PASSWORD)

    if expected is None:
        # A file saved without an extension is accepted when its content is unambiguous.
        if not ext and content in ("pdf", "docx", "xlsx", "image"):
            return content
        if not ext:
            raise FileRejectedError("unsupported kind (the file name has no extension)",
                                    reason=Reason.UNSUPPORTED_KIND)
        raise FileRejectedError(f"unsupported kind '{ext}'", reason=Reason.UNSUPPORTED_KIND)

    if expected in ("pdf", "image"):
        if content == expected or (expected == "image" and content == "gif"):
            return expected
        if content is None and expected == "pdf":
            raise FileRejectedError("not a valid PDF (no PDF header; damaged or not a PDF)",
                                    reason=Reason.INVALID_PDF)
        if content is None:
            raise FileRejectedError(f"not a valid {ext} image (unknown image format)",
                                    reason=Reason.DAMAGED)
        raise _mismatch(content, ext)

    if expected in ("docx", "xlsx", "odt", "ods"):
        if content == expected:
            return expected
        if content == "zip-damaged":
            raise FileRejectedError(f"not a valid {ext} (damaged zip archive; it may be truncated)",
                                    reason=Reason.DAMAGED)
        if content == "zip":
            part = {"docx": "word/document.xml", "xlsx": "xl/workbook.xml"}.get(expected,
                                                                            "content.xml")
            raise FileRejectedError(f"not a valid {ext} (the zip archive has no {part})",
                                    reason=Reason.DAMAGED)
        if content is None:
            raise FileRejectedError(f"not a valid {ext} (not a zip archive)", reason=Reason.DAMAGED)
        raise _mismatch(content, ext)

    if expected in ("doc", "wps"):
        # Word and WPS also save RTF and HTML under .doc; LibreOffice reads all of them.
        if content in ("ole", "ole-doc", "rtf") or (content is None and _is_markup(head)):
            return expected
        if content == "ole-other" and expected == "wps":  # Microsoft Works and old WPS formats
            return expected
        if content == "ole-other":
            raise FileRejectedError("not a valid .doc (it has no Word document stream inside)",
                                    reason=Reason.DAMAGED)
        if content is None:
            raise FileRejectedError(f"not a valid {ext} (not a Word/WPS document)",
                                    reason=Reason.DAMAGED)
        raise _mismatch(content, ext)

    if expected == "xls":
        if content in ("ole", "ole-xls") or (content is None and _is_markup(head)):
            return expected
        if content == "ole-other":
            raise FileRejectedError(f"not a valid {ext} (it has no Excel workbook stream inside)",
                                    reason=Reason.DAMAGED)
        if content is None:
            raise FileRejectedError(f"not a valid {ext} (not an Excel workbook)",
                                    reason=Reason.DAMAGED)
        raise _mismatch(content, ext)

    # text
    if content is not None:
        raise _mismatch(content, ext)
    if b"\x00" in head and not _has_text_bom(head) and not _looks_like_utf16(head):
        raise FileRejectedError("content does not look like text (it contains NUL bytes)",
                                reason=Reason.NOT_TEXT)
    return "text"


def _is_markup(head: bytes) -> bool:
    start = head.lstrip(b"\xef\xbb\xbf \t\r\n")[:200].lower()
    return start.startswith((b"<html", b"<!doctype html", b"<?xml", b"mime-version"))


# --------------------------------------------------------------------------------------------
# Helpers
# --------------------------------------------------------------------------------------------

# C0 controls except \t \n \v \f \r (handled explicitly), and non-characters.
_CONTROL = re.compile(r"[\x00-\x08\x0e-\x1f\x7f\ufffe\uffff]")


def _clean(text: str) -> str:
    text = text.replace("\r\n", "\n").replace("\r", "\n")
    return _CONTROL.sub("", text).replace("\v", "\n").replace("\f", "\n")


def _paginate(text: str, size: int = CHARS_PER_PAGE) -> list[str]:
    """Split text into pages of about ``size`` characters at line boundaries; form feeds
    break pages."""
    pages: list[str] = []
    for block in text.split("\f"):
        lines: list[str] = []
        for line in block.split("\n"):
            while len(line) > size:
                lines.append(line[:size])
                line = line[size:]
            lines.append(line)
        cur: list[str] = []
        cur_len = 0
        block_pages: list[str] = []
        for line in lines:
            if cur and cur_len + len(line) > size:
                block_pages.append("\n".join(cur).strip("\n"))
                cur, cur_len = [], 0
            cur.append(line)
            cur_len += len(line) + 1
        if cur or not block_pages:
            block_pages.append("\n".join(cur).strip("\n"))
        pages.extend(block_pages)
    return pages or [""]


def _split_into(text: str, k: int) -> list[str]:
    """Split ``text`` into exactly ``k`` parts of similar length, cutting at line ends where
    near."""
    if k <= 1:
        return [text.strip("\n")]
    n = len(text)
    parts: list[str] = []
    start = 0
    for i in range(1, k):
        ideal = max(start, round(n * i / k))
        before = text.rfind("\n", start, ideal + 1)
        after = text.find("\n", ideal)
        window = CHARS_PER_PAGE // 2
        candidates = [c for c in (before, after) if c >= start and abs(c - ideal) <= window]
        if candidates:
            cut = min(candidates, key=lambda c: abs(c - ideal))
            parts.append(text[start:cut].strip("\n"))
            start = cut + 1
        else:
            parts.append(text[start:ideal].strip("\n"))
            start = ideal
    parts.append(text[start:].strip("\n"))
    return parts


def _check_zip(path: Path, what: str) -> None:
    """Refuse zip bombs: the declared sizes bound what zipfile will inflate, so sum them first."""
    try:
        with zipfile.ZipFile(path) as zf:
            infos = zf.infolist()
    except (zipfile.BadZipFile, OSError, ValueError, EOFError) as exc:
        raise FileRejectedError(f"not a valid {what} (damaged zip archive: {exc})",
                                reason=Reason.DAMAGED) from exc
    if len(infos) > MAX_ZIP_MEMBERS:
        raise FileRejectedError(f"not a valid {what} (the archive holds {len(infos)} parts; "
                                f"limit {MAX_ZIP_MEMBERS})", reason=Reason.DAMAGED)
    total = sum(info.file_size for info in infos)
    if total > MAX_UNZIPPED_BYTES:
        raise FileRejectedError(
            f"{what} too large when unpacked ({total / 1024 / 1024:.0f} MB; limit "
            f"{MAX_UNZIPPED_BYTES // 1024 // 1024} MB) — it may be a zip bomb",
            reason=Reason.ZIP_BOMB)


@dataclass
class _Read:
    pages: list[str]
    warnings: list[Notice] = field(default_factory=list)
    header_text: str = ""
    date_hint: str | None = None
    needs_conversion: bool = False
    needs_ocr: list[int] = field(default_factory=list)


# --------------------------------------------------------------------------------------------
# PDF
# --------------------------------------------------------------------------------------------


def _open_pdf(path: Path, password: str | None = None):
    """A pdfium document, or the reason it cannot be opened in our words.

    Raises:
        PasswordRequiredError: it needs a password (none given), or the one given is wrong.
        FileRejectedError: damaged, not a PDF, or an encryption pdfium does not support.
    """
    import pypdfium2 as pdfium

    try:
        return pdfium.PdfDocument(str(path), password=password)
    except pdfium.PdfiumError as exc:
        code = getattr(exc, "err_code", None)
        if code == 4 and password is not None:  # FPDF_ERR_PASSWORD
            raise PasswordRequiredError("wrong password: the PDF did not open with the "
                                        "password given", reason=Reason.WRONG_PASSWORD) from exc
        if code == 4:
            raise PasswordRequiredError(
                "password-protected PDF: it cannot be opened without its password; enter the "
                "password when the program asks (window, or `add --ask-password`), or open it "
                "with the password and save or print it as a PDF without one",
                reason=Reason.PASSWORD_REQUIRED) from exc
        if code == 5:  # FPDF_ERR_SECURITY
            raise FileRejectedError("PDF uses an unsupported security handler (encryption); "
                                    "save or print it as an unprotected PDF",
                                    reason=Reason.UNSUPPORTED_ENCRYPTION) from exc
        raise FileRejectedError(f"not a valid PDF (damaged or not a PDF: {exc})",
                                reason=Reason.INVALID_PDF) from exc


def _read_pdf(path: Path) -> _Read:
    from .pdftext import read_pdf_pages, use_bundled_font

    use_bundled_font()  # before the document is opened: its fonts are mapped on opening
    pdf = _open_pdf(path)
    try:
        count = len(pdf)
        if count <= 0:
            raise FileRejectedError("not a valid PDF (it has no pages; it may be truncated)",
                                    reason=Reason.INVALID_PDF)
        pages, failed = read_pdf_pages(pdf, _clean)
        warnings_: list[Notice] = []
        if failed:
            warnings_.append(Notice(f"{failed} of {count} pages could not be read (damaged "
                                    "PDF?)", Reason.PAGES_UNREADABLE, (failed, count)))
        return _Read([p.text for p in pages], warnings_,
                     needs_ocr=[i for i, p in enumerate(pages) if p.needs_ocr])
    finally:
        pdf.close()


def unlock_pdf(path: Path, password: str, dest: Path) -> Path | None:
    """Write to ``dest`` a copy of a password-protected PDF that opens without a password.

    The archive keeps this copy rather than the locked file: search, preview and binding must
    read it on any machine, years later, when nobody remembers the password. Only the
    encryption is removed; pages and their content are written back as pdfium read them.
    Returns None, writing nothing, if the file opens without a password: then it is stored
    as it is.

    Raises:
        PasswordRequiredError: the password is wrong (the caller may ask again).
        FileRejectedError: the file is not a PDF that can be opened with a password.
    """
    import pypdfium2 as pdfium
    import pypdfium2.raw as pdfium_c

    try:
        _open_pdf(path).close()
        return None
    except PasswordRequiredError:
        pass
    pdf = _open_pdf(path, password)
    try:
        dest = Path(dest)
        try:
            pdf.save(str(dest), flags=pdfium_c.FPDF_REMOVE_SECURITY)
        except (pdfium.PdfiumError, OSError) as exc:
            raise FileRejectedError(f"could not write an unprotected copy: {exc}",
                                    reason=Reason.UNLOCK_FAILED) from exc
    finally:
        pdf.close()
    return dest


# --------------------------------------------------------------------------------------------
# DOCX
# --------------------------------------------------------------------------------------------

_W = "{http://schemas.openxmlformats.org/wordprocessingml/2006/main}"
_MC = "{http://schemas.openxmlformats.org/markup-compatibility/2006}"
_EP = "{http://schemas.openxmlformats.org/officeDocument/2006/extended-properties}"
_PAGE_BREAK = "\f"
_RENDERED_BREAK = "\x0b"  # w:lastRenderedPageBreak: where Word last laid out a page end
_SKIP_INLINE = {_W + "pPr", _W + "rPr", _W + "delText", _W + "instrText", _W + "delInstrText",
                _W + "del", _W + "moveFrom", _MC + "Fallback", _W + "sectPr"}


def _inline(el, buf: list[str], boxes: list[str]) -> None:
    for child in el:
        tag = child.tag
        if not isinstance(tag, str) or tag in _SKIP_INLINE:
            continue
        if tag == _W + "t":
            buf.append(child.text or "")
        elif tag in (_W + "tab", _W + "ptab"):
            buf.append("\t")
        elif tag == _W + "br":
            buf.append(_PAGE_BREAK if child.get(_W + "type") == "page" else "\n")
        elif tag == _W + "cr":
            buf.append("\n")
        elif tag == _W + "lastRenderedPageBreak":
            buf.append(_RENDERED_BREAK)
        elif tag == _W + "noBreakHyphen":
            buf.append("-")
        elif tag == _W + "txbxContent":
            boxes.extend(_block_texts(child))
        else:
            _inline(child, buf, boxes)


def _on(el) -> bool:
    return el is not None and el.get(_W + "val", "true") not in ("0", "false", "off")


def _paragraph(p) -> str:
    buf: list[str] = []
    boxes: list[str] = []
    ppr = p.find(_W + "pPr")
    if ppr is not None and _on(ppr.find(_W + "pageBreakBefore")):
        buf.append(_PAGE_BREAK)
    _inline(p, buf, boxes)
    text = "".join(buf)
    if boxes:  # text boxes anchored in this paragraph, after its own text
        text = "\n".join([text, *boxes]) if text else "\n".join(boxes)
    if ppr is not None:
        sect = ppr.find(_W + "sectPr")
        if sect is not None:
            kind = sect.find(_W + "type")
            if kind is None or kind.get(_W + "val") != "continuous":
                text += _PAGE_BREAK
    return text


def _children(parent, tag: str):
    """Children ``w:<tag>`` of ``parent``, looking through content controls (w:sdt) and
    custom XML wrappers, which Word puts around table rows and cells alike."""
    for child in parent:
        if child.tag == _W + tag:
            yield child
        elif child.tag in (_W + "sdt", _W + "customXml"):
            content = child.find(_W + "sdtContent") if child.tag == _W + "sdt" else child
            if content is not None:
                yield from _children(content, tag)


def _rows(tbl):
    return _children(tbl, "tr")


def _cells(tr):
    return _children(tr, "tc")


@dataclass
class DocxParagraph:
    """A paragraph of a Word document: its ``w:p`` element (style, alignment, pictures) and its
    text, where ``\\f`` marks a page break and ``\\v`` the page end Word last rendered."""

    element: object
    text: str

    @property
    def printed(self) -> str:
        """The text without page markers; a page break inside the paragraph ends a line."""
        return self.text.replace(_RENDERED_BREAK, "").replace(_PAGE_BREAK, "\n").strip("\n")


@dataclass
class DocxTable:
    """A table: each row's cell text (a cell's paragraphs and nested tables joined by spaces);
    a cell spanning n grid columns is followed by n-1 empty cells, so columns line up."""

    rows: list[list[str]]


def docx_blocks(el) -> Iterator[DocxParagraph | DocxTable]:
    """The paragraphs and tables under a Word element, in document order, as search indexes
    them and a volume prints them: looking through content controls, tracked insertions,
    smart tags and alternate content, leaving out deleted text."""
    for child in el:
        tag = child.tag
        if not isinstance(tag, str):
            continue
        if tag == _W + "p":
            yield DocxParagraph(child, _paragraph(child))
        elif tag == _W + "tbl":
            rows = []
            for tr in _rows(child):
                cells: list[str] = []
                for tc in _cells(tr):
                    cells.append(" ".join(s.strip() for s in _block_texts(tc) if s.strip()))
                    cells += [""] * (_grid_span(tc) - 1)
                rows.append(cells)
            yield DocxTable(rows)
        elif tag == _W + "sdt":
            content = child.find(_W + "sdtContent")
            if content is not None:
                yield from docx_blocks(content)
        elif tag == _MC + "AlternateContent":
            choice = child.find(_MC + "Choice")
            if choice is not None:
                yield from docx_blocks(choice)
        elif tag in (_W + "customXml", _W + "ins", _W + "moveTo", _W + "smartTag",
                     _W + "footnote", _W + "endnote", _W + "body"):
            yield from docx_blocks(child)


def _grid_span(tc) -> int:
    span = tc.find(f"{_W}tcPr/{_W}gridSpan")
    try:
        return max(1, int(span.get(_W + "val"))) if span is not None else 1
    except (TypeError, ValueError):
        return 1


def _block_texts(el) -> list[str]:
    """The text of each block under ``el``: a paragraph, or a table row with tab-separated
    cells."""
    out: list[str] = []
    for block in docx_blocks(el):
        if isinstance(block, DocxParagraph):
            out.append(block.text)
        else:
            out.extend("\t".join(row).rstrip("\t") for row in block.rows)
    return out


def _safe_xml(blob: bytes):
    from lxml import etree

    parser = etree.XMLParser(resolve_entities=False, no_network=True, huge_tree=False,
                             load_dtd=False)
    return etree.fromstring(blob, parser)


def _app_properties(path: Path) -> tuple[int | None, int | None]:
    """(Pages, Characters) from docProps/app.xml, or None where missing."""
    try:
        with zipfile.ZipFile(path) as zf:
            blob = zf.read("docProps/app.xml")
        root = _safe_xml(blob)
    except Exception:  # noqa: BLE001 - app.xml is optional; a bad one only loses a hint
        return None, None

    def number(name: str) -> int | None:
        el = root.find(_EP + name)
        try:
            return int((el.text or "").strip()) if el is not None else None
        except ValueError:
            return None

    return number("Pages"), number("Characters")


def _docx_pages(body: str, app_pages: int | None, app_chars: int | None) -> list[str]:
    """Split the body text into pages, honouring explicit page breaks.

    Word's own page count (docProps/app.xml) is used when it is plausible; generators such as
    python-docx leave a template's "1 page, 0 characters" in it, so a count is trusted only if
    its character count roughly matches the text and pages are not impossibly full.
    """
    text_chars = len(re.sub(r"\s", "", body.replace(_RENDERED_BREAK, "")))
    trusted = None
    if app_pages and app_pages > 0:
        plausible_chars = app_chars is None or (
            app_chars > 0 and 0.5 <= (text_chars + 1) / (app_chars + 1) <= 2.0
        ) or (app_chars == 0 and text_chars == 0)
        if plausible_chars and text_chars / app_pages <= 3000:
            trusted = app_pages

    if trusted and body.count(_PAGE_BREAK) + body.count(_RENDERED_BREAK) + 1 == trusted:
        return [p.strip("\n") for p in re.split("[\f\x0b]", body)]

    segments = body.replace(_RENDERED_BREAK, "").split(_PAGE_BREAK)
    lengths = [len(s.strip()) for s in segments]
    if trusted and trusted > len(segments):
        total = sum(lengths) or 1
        shares = [max(1, round(n / total * trusted)) for n in lengths]
        while sum(shares) > trusted:
            i = max(range(len(shares)), key=lambda j: (shares[j], lengths[j]))
            if shares[i] == 1:
                break
            shares[i] -= 1
        while sum(shares) < trusted:
            i = max(range(len(shares)), key=lambda j: lengths[j] / shares[j])
            shares[i] += 1
    elif trusted:
        shares = [1] * len(segments)
    else:
        shares = [max(1, math.ceil(n / CHARS_PER_PAGE)) for n in lengths]
    pages: list[str] = []
    for segment, k in zip(segments, shares):
        pages.extend(_split_into(segment, k))
    return pages


# Strict Office Open XML (ISO/IEC 29500 Strict, "Strict Open XML Document" in Word) names
# the same elements in other namespaces; python-docx and openpyxl know only Transitional.
_STRICT_NAMESPACE = re.compile(
    rb"http://purl\.oclc\.org/ooxml/(wordprocessingml|spreadsheetml|presentationml|drawingml|"
    rb"officeDocument)/")
_STRICT_RENAMED = ((b"/2006/extendedProperties", b"/2006/extended-properties"),
                   (b"/relationships/extendedProperties", b"/relationships/extended-properties"),
                   (b"/2006/customProperties", b"/2006/custom-properties"),
                   (b"/relationships/customProperties", b"/relationships/custom-properties"))


def _transitional(path: Path, what: str) -> Path | io.BytesIO:
    """The package itself, or for a Strict one an in-memory Transitional copy (its parts'
    namespaces and relationship types renamed) that python-docx and openpyxl can read.
    Call after :func:`_check_zip`, which bounds what is inflated here."""
    try:
        with zipfile.ZipFile(path) as zf:
            try:
                if b"purl.oclc.org/ooxml" not in zf.read("_rels/.rels"):
                    return path
            except KeyError:
                return path
            copy = io.BytesIO()
            with zipfile.ZipFile(copy, "w", zipfile.ZIP_DEFLATED) as out:
                for info in zf.infolist():
                    data = zf.read(info)
                    if info.filename.endswith((".xml", ".rels")):
                        data = _STRICT_NAMESPACE.sub(
                            rb"http://schemas.openxmlformats.org/\1/2006/", data)
                        for strict, transitional in _STRICT_RENAMED:
                            data = data.replace(strict, transitional)
                    out.writestr(info, data)
    except (zipfile.BadZipFile, OSError, ValueError, EOFError) as exc:
        raise FileRejectedError(f"not a valid {what} (damaged zip archive: {exc})",
                                reason=Reason.DAMAGED) from exc
    copy.seek(0)
    return copy


def open_docx(path: Path):
    """A python-docx Document of a Transitional or Strict .docx, as search and volumes read it.

    Raises:
        FileRejectedError: not a valid .docx (damaged, or too large when unpacked).
    """
    _check_zip(path, ".docx")
    import docx
    from docx.opc.exceptions import PackageNotFoundError

    try:
        source = _transitional(path, ".docx")
        return docx.Document(source if isinstance(source, io.BytesIO) else str(source))
    except FileRejectedError:
        raise
    except (PackageNotFoundError, KeyError, ValueError, zipfile.BadZipFile) as exc:
        raise FileRejectedError(f"not a valid .docx ({exc})", reason=Reason.DAMAGED) from exc
    except Exception as exc:  # lxml.XMLSyntaxError and friends
        raise FileRejectedError(f"not a valid .docx (damaged content: {type(exc).__name__}: {exc})",
                                reason=Reason.DAMAGED) from exc


def _read_docx(path: Path) -> _Read:
    document = open_docx(path)

    body = _clean_docx("\n".join(_block_texts(document.element.body)))

    headers: list[str] = []
    notes: list[str] = []
    for part in document.part.package.iter_parts():
        name = str(part.partname)
        if re.fullmatch(r"/word/(header|footer)\d*\.xml", name):
            target = headers
        elif name in ("/word/footnotes.xml", "/word/endnotes.xml"):
            target = notes
        else:
            continue
        element = getattr(part, "element", None)
        if element is None:
            try:
                element = _safe_xml(part.blob)
            except Exception:  # noqa: BLE001 - a damaged footnotes part loses its text only
                continue
        text = _clean_docx("\n".join(_block_texts(element)))
        text = text.replace(_PAGE_BREAK, "\n").replace(_RENDERED_BREAK, "").strip()
        if text and text not in target:
            target.append(text)

    app_pages, app_chars = _app_properties(path)
    pages = _docx_pages(body, app_pages, app_chars)
    # Headers, footers and notes repeat on or belong to many pages; their text is kept
    # searchable on the last page rather than guessed into a position.
    extra = "\n".join(headers + notes)
    if extra:
        pages[-1] = (pages[-1] + "\n" + extra).strip("\n")
    return _Read(pages, header_text="\n".join(headers))


def _clean_docx(text: str) -> str:
    """Like _clean, but keeps the page-break markers (\\f, \\v) for pagination."""
    return _CONTROL.sub("", text.replace("\r\n", "\n").replace("\r", "\n"))


# --------------------------------------------------------------------------------------------
# Text
# --------------------------------------------------------------------------------------------


_PRIVATE_USE = re.compile("[\ue000-\uf8ff]")


def _decode_text(data: bytes) -> tuple[str, list[str]]:
    """Decode a text file: BOMs first, then BOM-less UTF-16, strict UTF-8, strict GB18030 or
    strict Big5 (CP950) — when both decode, the one that reads as everyday Chinese —, then a
    guess."""
    if data.startswith(codecs.BOM_UTF8):
        return data[3:].decode("utf-8", errors="replace"), []
    if data.startswith((codecs.BOM_UTF16_LE, codecs.BOM_UTF16_BE)):
        return data.decode("utf-16", errors="replace"), []
    utf16 = _looks_like_utf16(data[:65536])
    if utf16:
        return data.decode(utf16, errors="replace"), []
    if b"\x00" in data:
        raise FileRejectedError("content does not look like text (it contains NUL bytes)",
                                reason=Reason.NOT_TEXT)
    try:
        return data.decode("utf-8"), []
    except UnicodeDecodeError:
        pass
    readings = {}
    for encoding in ("gb18030", "cp950"):
        try:
            readings[encoding] = data.decode(encoding)
        except UnicodeDecodeError:
            continue
    if len(readings) == 2:
        # Big5 bytes are nearly always valid GB18030 too, so both decode: keep the reading
        # that looks like Chinese text (private-use characters mean Big5 read as GB).
        gb, big5 = readings["gb18030"], readings["cp950"]
        if _PRIVATE_USE.search(gb) or _plausible_share(big5, "cp950") > _plausible_share(
                gb, "gb2312"):
            return big5, []
        return gb, []
    if readings:
        return next(iter(readings.values())), []
    guess = None
    try:
        import chardet

        guess = chardet.detect(data[:200_000]).get("encoding")
        if guess:
            codecs.lookup(guess)
    except (ImportError, LookupError):
        guess = None
    encoding = guess or "gb18030"
    return data.decode(encoding, errors="replace"), [
        f"the text encoding is uncertain (read as {encoding}); some characters may be wrong"]


# Where an encoding keeps the characters of everyday writing, by lead byte: GB2312 has its
# common punctuation in rows A1 and A3 and its hanzi from row B0 (rows A4-A9 are kana, Greek,
# Cyrillic, pinyin, box drawing); Big5 has punctuation in A1-A3 and its 5,401 frequent hanzi
# in A4-C6. Text read in the wrong one of the two lands largely outside these rows.
_EVERYDAY_LEADS = {"gb2312": lambda lead: lead in (0xA1, 0xA3) or 0xB0 <= lead <= 0xF7,
                   "cp950": lambda lead: 0xA1 <= lead <= 0xC6}
_PLAUSIBILITY_SAMPLE = 20_000


def _plausible_share(text: str, encoding: str) -> float:
    """Share of the non-ASCII characters (of a sample) that ``encoding`` keeps among the
    characters of everyday writing; 0 when there are none."""
    everyday = _EVERYDAY_LEADS[encoding]
    seen = kept = 0
    for ch in text:
        if ch < "\x80":
            continue
        seen += 1
        try:
            encoded = ch.encode(encoding)
        except UnicodeEncodeError:
            encoded = b""
        kept += len(encoded) == 2 and everyday(encoded[0])
        if seen >= _PLAUSIBILITY_SAMPLE:
            break
    return kept / seen if seen else 0.0


def read_text(path: Path) -> tuple[str, list[str]]:
    """The text of a plain-text file, as search indexes it and a volume prints it.

    Decoded by :func:`_decode_text` (BOMs, BOM-less UTF-16, UTF-8, GB18030 or Big5, then a
    guess),
    line ends made ``\\n``, control characters removed. Returns the text and any warnings
    (an uncertain encoding).

    Raises:
        FileRejectedError: unreadable, too large, or not text.
    """
    try:
        size = path.stat().st_size
        if size > MAX_TEXT_BYTES:
            raise FileRejectedError(f"text file too large ({size / 1024 / 1024:.0f} MB; limit "
                                    f"{MAX_TEXT_BYTES // 1024 // 1024} MB)",
                                    reason=Reason.TOO_LARGE)
        data = path.read_bytes()
    except OSError as exc:
        raise unreadable(exc) from exc
    text, warnings_ = _decode_text(data)
    text = text.replace("\r\n", "\n").replace("\r", "\n")
    controls = len(_CONTROL.findall(text))
    if text and controls / len(text) > 0.05:
        raise FileRejectedError("content does not look like text (too many control characters)",
                                reason=Reason.NOT_TEXT)
    return _CONTROL.sub("", text).replace("\v", "\n"), warnings_


def _read_text(path: Path) -> _Read:
    text, warnings_ = read_text(path)
    return _Read(_paginate(text), warnings_)


# --------------------------------------------------------------------------------------------
# Images
# --------------------------------------------------------------------------------------------

_PIL_LOCK = threading.Lock()


def _exif_date(im) -> str | None:
    try:
        exif = im.getexif()
        value = exif.get_ifd(0x8769).get(36867) or exif.get(306)  # DateTimeOriginal, DateTime
    except Exception:  # noqa: BLE001 - EXIF is a hint; damaged EXIF loses only the hint
        return None
    if not isinstance(value, str):
        return None
    return parse_date(value[:10].replace(":", "-"))


def _read_image(path: Path) -> _Read:
    from PIL import Image, UnidentifiedImageError

    # Pillow refuses images above 2 x MAX_IMAGE_PIXELS while reading the header, before any
    # pixel is decoded; set its limit so that refusal falls exactly on ours.
    with _PIL_LOCK:
        saved = Image.MAX_IMAGE_PIXELS
        Image.MAX_IMAGE_PIXELS = MAX_IMAGE_PIXELS // 2
        try:
            with warnings.catch_warnings():
                warnings.simplefilter("ignore", Image.DecompressionBombWarning)
                try:
                    with Image.open(path) as im:
                        width, height = im.size
                        image_format = im.format
                        frames = int(getattr(im, "n_frames", 1) or 1)
                        date = _exif_date(im)
                    with Image.open(path) as im:
                        im.verify()
                    if image_format == "JPEG" and width * height <= MAX_IMAGE_PIXELS:
                        _decode_jpeg(path)
                except Image.DecompressionBombError as exc:
                    raise FileRejectedError(
                        f"image too large (more than {MAX_IMAGE_PIXELS // 1_000_000} megapixels)",
                        reason=Reason.TOO_LARGE) from exc
        except FileRejectedError:
            raise
        except UnidentifiedImageError as exc:
            raise FileRejectedError("not a valid image (unknown or damaged image format)",
                                    reason=Reason.DAMAGED) from exc
        except (OSError, SyntaxError, ValueError, EOFError) as exc:
            raise FileRejectedError(f"not a valid image (damaged: {exc})",
                                    reason=Reason.DAMAGED) from exc
        finally:
            Image.MAX_IMAGE_PIXELS = saved
    if width * height > MAX_IMAGE_PIXELS:
        raise FileRejectedError(f"image too large ({width}×{height} pixels; limit "
                                f"{MAX_IMAGE_PIXELS // 1_000_000} megapixels)",
                                reason=Reason.TOO_LARGE)
    # The pages of a multi-page TIFF are the pages of a scan; the frames of a GIF are an
    # animation, printed as its first frame.
    warnings_ = []
    if image_format == "GIF" and frames > 1:
        warnings_.append(Notice(f"an animated GIF of {frames} frames: only its first frame is "
                                "kept in volumes", Reason.ANIMATED_GIF, (frames,)))
    pages = frames if image_format == "TIFF" else 1
    return _Read([""] * max(1, pages), warnings_, date_hint=date,
                 needs_ocr=list(range(max(1, pages))))


def _decode_jpeg(path: Path) -> None:
    """Decode a JPEG to its end, at an eighth of its size (quick, little memory): ``verify``
    reads only the headers, so a photo cut short by an interrupted copy would otherwise pass
    here and fail when a volume prints it.

    Raises:
        FileRejectedError: the data ends before the picture does.
    """
    from PIL import Image

    with Image.open(path) as im:
        im.draft("RGB", (max(1, im.size[0] // 8), max(1, im.size[1] // 8)))
        try:
            im.load()
        except OSError as exc:
            if "truncated" not in str(exc).lower():
                raise
            raise FileRejectedError(
                "the photo is cut short (truncated: the copy was interrupted); copy it again "
                "from the camera, phone or original folder", reason=Reason.TRUNCATED) from exc


# --------------------------------------------------------------------------------------------
# XLSX
# --------------------------------------------------------------------------------------------


def cell_text(value) -> str:
    """A cell's value as the workbook shows it, for search and print alike: whole numbers
    without ".0", dates as YYYY-MM-DD (and HH:MM when there is a time), formulas by the value
    Excel last computed (workbooks are opened with ``data_only``)."""
    if value is None:
        return ""
    if isinstance(value, float) and value.is_integer():
        return str(int(value))
    if isinstance(value, _dt.datetime):
        if value.time() == _dt.time(0, 0):
            return value.date().isoformat()
        return value.strftime("%Y-%m-%d %H:%M" if not value.second else "%Y-%m-%d %H:%M:%S")
    if isinstance(value, _dt.time):
        return value.strftime("%H:%M" if not value.second else "%H:%M:%S")
    return str(value)


@dataclass
class Sheet:
    """One worksheet's rows of cell text; empty trailing cells and empty rows are left out."""

    title: str
    rows: list[list[str]]


@dataclass
class Workbook:
    sheets: list[Sheet]
    saved: _dt.datetime | None  # when the workbook was last saved, by its own properties


def read_workbook(path: Path) -> Workbook:
    """Every sheet's cell text (:func:`cell_text`), as search indexes it and a volume prints it.

    Raises:
        FileRejectedError: not a workbook, damaged, or too large when unpacked.
    """
    _check_zip(path, ".xlsx")
    import openpyxl

    source = _transitional(path, ".xlsx")
    # a file object: stored originals have no extension
    handle = source if isinstance(source, io.BytesIO) else open(path, "rb")
    try:
        with warnings.catch_warnings():
            warnings.simplefilter("ignore")  # openpyxl warns about unsupported extensions
            wb = openpyxl.load_workbook(handle, read_only=True, data_only=True)
    except Exception as exc:  # noqa: BLE001 - openpyxl raises many kinds on a damaged file
        handle.close()
        raise FileRejectedError(f"not a valid .xlsx ({type(exc).__name__}: {exc})",
                                reason=Reason.DAMAGED) from exc
    try:
        sheets: list[Sheet] = []
        for ws in wb.worksheets:
            if hasattr(ws, "reset_dimensions"):
                ws.reset_dimensions()  # some writers record a wrong sheet size; read every row
            rows = []
            for row in ws.iter_rows(values_only=True):
                cells = [cell_text(v) for v in row]
                while cells and not cells[-1].strip():
                    cells.pop()
                if cells:
                    rows.append(cells)
            sheets.append(Sheet(ws.title, rows))
        saved = wb.properties.modified or wb.properties.created
    finally:
        wb.close()
        handle.close()
    return Workbook(sheets, saved if isinstance(saved, _dt.datetime) else None)


_ONE_LINE = re.compile(r"[\t\r\n]")


def _read_xlsx(path: Path) -> _Read:
    book = read_workbook(path)
    # one line per row, cells separated by tabs: a cell's own tabs and line ends become spaces
    pages = [_clean("\n".join("\t".join(_ONE_LINE.sub(" ", cell) for cell in row)
                              for row in sheet.rows))
             for sheet in book.sheets]
    hint = book.saved.strftime("%Y%m%d") if book.saved else None
    return _Read(pages or [""], date_hint=hint)


# --------------------------------------------------------------------------------------------
# doc / wps / xls / odt / ods through LibreOffice
# --------------------------------------------------------------------------------------------


def _read_via_libreoffice(path: Path, kind: str, convert_timeout: float) -> _Read:
    from .libreoffice import convert_with_libreoffice, find_libreoffice, has_libreoffice_calc

    if find_libreoffice() is None:
        return _Read([""], needs_conversion=True, warnings=[Notice(
            f"LibreOffice is not installed: .{kind} content cannot be read; install LibreOffice "
            "to index and bind it", Reason.NEEDS_LIBREOFFICE)])
    spreadsheet = kind in ("xls", "ods")
    if spreadsheet and not has_libreoffice_calc():
        return _Read([""], needs_conversion=True, warnings=[Notice(
            f"LibreOffice Calc is not installed: .{kind} content cannot be read; install "
            "LibreOffice Calc (the spreadsheet part of LibreOffice) to index it",
            Reason.NEEDS_LIBREOFFICE_CALC)])
    target = "xlsx" if spreadsheet else "pdf"
    with tempfile.TemporaryDirectory(prefix="evidence-read-") as tmp:
        converted = convert_with_libreoffice(path, Path(tmp), target=target,
                                             timeout=convert_timeout)
        return _read_xlsx(converted) if target == "xlsx" else _read_pdf(converted)


# --------------------------------------------------------------------------------------------
# extract
# --------------------------------------------------------------------------------------------

def _document_date(kind: str, pages: list[str], name: str, hint: str | None) -> str | None:
    """成文日期: from the text (its head, then its sign-off), else the file name, else the
    file's own metadata. A workbook's dates are those of its rows' events, so only a date it
    labels as its own counts there."""
    if kind == "xlsx":
        return find_labelled_date(pages[0]) or find_date(name) or hint
    return find_date(pages[0]) or find_date(closing_text(pages)) or find_date(name) or hint


def extract(path: Path, kind: str | None = None, *, convert_timeout: float = 120.0) -> Extraction:
    """Read one file completely: kind, pages and their text, and recognised metadata.

    Args:
        path: the file.
        kind: skip detection and read as this kind (one of :data:`KINDS`).
        convert_timeout: seconds LibreOffice may take for a .doc/.wps/.xls/.odt/.ods.

    Raises:
        FileRejectedError: the file cannot be read; the message says why in plain words.
    """
    path = Path(path)
    if kind is None:
        kind = detect_kind(path)
    elif kind not in KINDS:
        raise FileRejectedError(f"unsupported kind '{kind}'", reason=Reason.UNSUPPORTED_KIND)
    try:
        if kind == "pdf":
            read = _read_pdf(path)
        elif kind == "docx":
            read = _read_docx(path)
        elif kind == "text":
            read = _read_text(path)
        elif kind == "image":
            read = _read_image(path)
        elif kind == "xlsx":
            read = _read_xlsx(path)
        else:
            read = _read_via_libreoffice(path, kind, convert_timeout)
    except (FileRejectedError, MemoryError):
        raise
    except RecursionError as exc:
        raise FileRejectedError("content is nested too deeply to read (damaged or hostile file)",
                                reason=Reason.DAMAGED) from exc
    except Exception as exc:  # third-party parsers raise anything on hostile input
        raise FileRejectedError(f"could not read it as {kind}: {type(exc).__name__}: {exc}",
                                reason=Reason.UNREADABLE) from exc

    pages = read.pages or [""]
    first = pages[0]
    name = path.name
    warnings_ = list(read.warnings)
    classification = find_classification(first) or find_classification(read.header_text)
    if classification:
        warnings_.append(Notice(
            f"the document declares the classification {classification} (密级); classified "
            "papers should not be kept on this computer and are left out of volumes by default",
            Reason.CLASSIFIED, (classification,)))
    return Extraction(
        kind=kind,
        page_count=len(pages),
        pages=pages,
        has_text=any(p.strip() for p in pages),
        title=(workbook_title(first) or guess_title("", name) if kind in WORKBOOK_KINDS
               else guess_title(first, name)) or None,
        doc_number=find_doc_number(first[:DOC_NUMBER_HEAD]) or find_doc_number(name),
        date=_document_date(kind, pages, name, read.date_hint),
        classification=classification,
        needs_conversion=read.needs_conversion,
        warnings=warnings_,
        needs_ocr=list(read.needs_ocr),
    )
