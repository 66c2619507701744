"""The text of one PDF page as the file says it, whatever fonts this PC has, and whether it can
be trusted.

pdfium (fast: ~1,000 pages/s) builds its text from the glyphs it lays out. For a font the PDF
does not embed (STSong-Light through UniGB-UCS2-H, as many office PDFs use) it asks the system
for a substitute and silently drops characters whose glyph the substitute lacks or whose box
comes out empty: with ``fonts-droid-fallback`` installed the demo's 潭办发〔2020〕89号 loses
every unit name and digit of its turned table, with DejaVu alone still its unit names. The
stored text would depend on the machine that imported the file.

So pdfium is never shown the system's fonts: :func:`use_bundled_font` answers every font
request with the bundled WenQuanYi Micro Hei (CJK, Latin, digits, punctuation), the same file
on every machine. This costs nothing per page, and changes no rendering anyone sees (volumes
are bound with pypdf, pages viewed with QtPdf, which has its own pdfium).

A text layer can also lie: a wrong ToUnicode map decodes to private-use or unassigned code
points, or to CJK-looking characters in a distribution no Chinese text has. Such a page, and a
page with images (a scan) or many drawn shapes (text as curves) but no text, needs OCR.
"""

from __future__ import annotations

import ctypes
import re
import struct
import threading
import unicodedata
from dataclasses import dataclass
from functools import lru_cache
from importlib import resources

__all__ = ["PageText", "read_pdf_pages", "looks_garbled", "use_bundled_font"]

#: A page without text but with this many path objects is probably text drawn as curves.
CURVE_TEXT_PATHS = 300


@dataclass
class PageText:
    """One page's text; ``needs_ocr`` is True for a page whose text is absent or garbage but
    that shows something (images, curves): its text is then '' until OCR reads it."""

    text: str
    needs_ocr: bool


def read_pdf_pages(pdf, clean) -> tuple[list[PageText], int]:
    """Every page of an open pdfium document; returns the pages and how many failed to load.

    Args:
        pdf: a ``pypdfium2.PdfDocument``, opened after :func:`use_bundled_font` was called
            (read_pdf_pages calls it, but a document opened before keeps the fonts it had).
        clean: normalises extracted text (line ends, control characters).
    """
    import pypdfium2 as pdfium

    use_bundled_font()
    pages: list[PageText] = []
    failed = 0
    for i in range(len(pdf)):
        try:
            page = pdf[i]
        except pdfium.PdfiumError:
            failed += 1
            pages.append(PageText("", False))
            continue
        try:
            textpage = page.get_textpage()
            try:
                text = clean(textpage.get_text_range())
            finally:
                textpage.close()
            if not text.strip():
                pages.append(PageText("", _shows_something(page)))
            elif looks_garbled(text):  # it shows text, only not the text its layer says
                pages.append(PageText("", True))
            else:
                pages.append(PageText(text, False))
        except pdfium.PdfiumError:
            failed += 1
            pages.append(PageText("", False))
        finally:
            page.close()
    return pages, failed


def _shows_something(page) -> bool:
    """True if a page without usable text has an image, or enough shapes to be lettering."""
    import pypdfium2.raw as c

    raw = page.raw
    paths = 0
    for k in range(c.FPDFPage_CountObjects(raw)):
        kind = c.FPDFPageObj_GetType(c.FPDFPage_GetObject(raw, k))
        if kind in (c.FPDF_PAGEOBJ_IMAGE, c.FPDF_PAGEOBJ_FORM, c.FPDF_PAGEOBJ_SHADING):
            return True
        if kind == c.FPDF_PAGEOBJ_PATH:
            paths += 1
            if paths >= CURVE_TEXT_PATHS:
                return True
    return False


# --------------------------------------------------------------------------------------------
# The one font pdfium may use
# --------------------------------------------------------------------------------------------

_FONT_LOCK = threading.Lock()
_font_info = None  # kept alive for the life of the process: pdfium holds pointers into it

_TTCF = int.from_bytes(b"ttcf", "big")


def use_bundled_font() -> None:
    """Make pdfium substitute the bundled font for every font a PDF does not embed.

    Once per process; documents opened afterwards are affected. pdfium keeps calling the
    callbacks below (``FPDF_SYSFONTINFO``) whenever it needs a substitute.
    """
    global _font_info
    with _FONT_LOCK:
        if _font_info is None:
            _font_info = _BundledFontInfo()


class _BundledFontInfo:
    """An ``FPDF_SYSFONTINFO`` whose one font is WenQuanYi Micro Hei (face 0 of the .ttc)."""

    FACE = b"WenQuanYi Micro Hei"
    GB2312_CHARSET = 134

    def __init__(self):
        import pypdfium2.raw as c

        ref = resources.files("evidence_app").joinpath("assets", "fonts", "wqy-microhei.ttc")
        data = ref.read_bytes()
        self._size = len(data)
        self._buffer = ctypes.create_string_buffer(data, self._size)
        self._tables = _font_tables(data)
        self._is_collection = data[:4] == b"ttcf"
        fields = dict(c.FPDF_SYSFONTINFO._fields_)
        callbacks = {
            "Release": lambda this: None,
            "EnumFonts": lambda this, mapper: None,
            "MapFont": lambda this, weight, italic, charset, pitch, face, exact: 1,
            "GetFont": lambda this, face: 1,
            "GetFontData": self._font_data,
            "GetFaceName": self._face_name,
            "GetFontCharset": lambda this, font: self.GB2312_CHARSET,
            "DeleteFont": lambda this, font: None,
        }
        self._struct = c.FPDF_SYSFONTINFO()
        self._struct.version = 1
        self._callbacks = {name: fields[name](fn) for name, fn in callbacks.items()}
        for name, fn in self._callbacks.items():
            setattr(self._struct, name, fn)
        c.FPDF_SetSystemFontInfo(ctypes.byref(self._struct))

    def _font_data(self, this, font, table, buffer, size) -> int:
        """The whole file (table 0, or 'ttcf' for a collection) or one table of face 0."""
        if table == 0 or (table == _TTCF and self._is_collection):
            offset, length = 0, self._size
        elif table in self._tables:
            offset, length = self._tables[table]
        else:
            return 0
        if buffer and size >= length:
            ctypes.memmove(buffer, ctypes.addressof(self._buffer) + offset, length)
        return length

    def _face_name(self, this, font, buffer, size) -> int:
        name = self.FACE + b"\0"
        if buffer and size >= len(name):
            ctypes.memmove(buffer, name, len(name))
        return len(name)


def _font_tables(data: bytes) -> dict[int, tuple[int, int]]:
    """Table tag → (offset, length) of the first face of a TrueType font or collection."""
    start = struct.unpack_from(">I", data, 12)[0] if data[:4] == b"ttcf" else 0
    count = struct.unpack_from(">H", data, start + 4)[0]
    tables = {}
    for k in range(count):
        tag, _checksum, offset, length = struct.unpack_from(">4sIII", data, start + 12 + 16 * k)
        tables[int.from_bytes(tag, "big")] = (offset, length)
    return tables


# --------------------------------------------------------------------------------------------
# Garbage text layers
# --------------------------------------------------------------------------------------------

#: Below these many characters a page's statistics say nothing.
GARBLE_MIN_CHARS = 20
#: Share of private-use, unassigned, surrogate or replacement characters that marks garbage.
GARBLE_BAD_SHARE = 0.10
#: Real Chinese text draws well over 90% of its Han characters from the 3,755 common ones of
#: GB 2312 level 1 (even lists of names and places); characters decoded through a wrong map
#: spread over all 20,000+ and hit it about one time in five.
GARBLE_MIN_COMMON_HAN = 0.55
GARBLE_MIN_HAN = 30


def looks_garbled(text: str) -> bool:
    """True if a text layer's characters are not plausibly text anyone wrote."""
    ink = "".join(text.split())
    if len(ink) < GARBLE_MIN_CHARS:
        return False
    # Private-use, unassigned and surrogate code points are all "not printable"; most pages
    # have none, and this test runs in C.
    if not ink.isprintable() or "\ufffd" in ink:
        bad = sum(1 for ch in ink if _is_bad(ch))
        if bad / len(ink) > GARBLE_BAD_SHARE:
            return True
    han = "".join(_HAN.findall(ink))
    if len(han) >= GARBLE_MIN_HAN:
        uncommon = len(han.translate(_common_han_table()))
        if 1 - uncommon / len(han) < GARBLE_MIN_COMMON_HAN:
            return True
    return False


_HAN = re.compile("[\u3400-\u9fff\uf900-\ufaff\U00020000-\U0003ffff]")


def _is_bad(ch: str) -> bool:
    if ch == "\ufffd":
        return True
    category = unicodedata.category(ch)
    return category in ("Co", "Cn", "Cs")


@lru_cache(maxsize=1)
def _common_han_table() -> dict[int, None]:
    """A str.translate table deleting the common Han characters (GB 2312 level 1)."""
    return dict.fromkeys(map(ord, _common_han()))


@lru_cache(maxsize=1)
def _common_han() -> frozenset[str]:
    """GB 2312 level 1: rows 16–55 of the code table, the 3,755 most used Han characters."""
    chars = set()
    for row in range(0xB0, 0xD8):
        for cell in range(0xA1, 0xFF):
            try:
                chars.add(bytes((row, cell)).decode("gb2312"))
            except UnicodeDecodeError:
                continue
    # Traditional forms of the same characters: Taiwanese and Hong Kong papers are real text.
    try:
        from opencc import OpenCC

        to_traditional = OpenCC("s2t")
        chars |= set(to_traditional.convert("".join(sorted(chars))))
    except Exception:  # noqa: BLE001 - without the folding tables, Simplified alone
        pass
    return frozenset(chars)
