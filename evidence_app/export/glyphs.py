"""Find characters a PDF draws without a glyph: the empty boxes of a missing font.

A PDF's text layer can be right while its page shows boxes (LibreOffice without a Chinese
font writes the right characters in a Latin font that has no glyph for them), so the text is
not checked, the outlines are: pdfium gives each character's font, and that font's outline
for the character. A character is undrawable when its font yields no outline for it, or when
several different ideographs share one outline in a font (all drawn with the font's .notdef
box). Whitespace draws nothing anyway and is not checked.
"""

from __future__ import annotations

import ctypes
from pathlib import Path


def is_ideograph(code: int) -> bool:
    return 0x3400 <= code <= 0x9FFF or 0x20000 <= code <= 0x3FFFF


def _checked(code: int) -> bool:
    """Chinese text: ideographs, CJK punctuation and full-width forms."""
    return (code >= 0x2E80 and code != 0x3000 and not 0xF900 <= code <= 0xFAFF
            and not 0xFE00 <= code <= 0xFE0F)


def _outline(raw, font, code: int):
    path = raw.FPDFFont_GetGlyphPath(font, code, 10.0)
    if not path:
        return None
    points = []
    x, y = ctypes.c_float(), ctypes.c_float()
    for index in range(raw.FPDFGlyphPath_CountGlyphSegments(path)):
        segment = raw.FPDFGlyphPath_GetGlyphPathSegment(path, index)
        raw.FPDFPathSegment_GetPoint(segment, ctypes.byref(x), ctypes.byref(y))
        points.append((round(x.value, 2), round(y.value, 2)))
    return tuple(points) or None


def undrawable_characters(pdf: Path | str | bytes, pages: list[int] | None = None) -> list[str]:
    """The distinct characters a PDF (a path or its bytes) draws with a font lacking their
    glyph, sorted; ``pages``: only these (0-based) pages."""
    import pypdfium2 as pdfium
    import pypdfium2.raw as raw

    lacking: set[str] = set()
    pdf = pdfium.PdfDocument(pdf if isinstance(pdf, bytes) else str(pdf))
    try:
        for number in (range(len(pdf)) if pages is None else pages):
            page = pdf[number]
            text = page.get_textpage()
            try:
                lacking |= _page_undrawable(raw, text.raw)
            finally:
                text.close()
                page.close()
    finally:
        pdf.close()
    return sorted(lacking)


def _page_undrawable(raw, textpage) -> set[str]:
    outlines: dict[tuple[int, int], tuple | None] = {}   # (font, char) -> outline
    for index in range(raw.FPDFText_CountChars(textpage)):
        code = raw.FPDFText_GetUnicode(textpage, index)
        if not _checked(code):
            continue
        obj = raw.FPDFText_GetTextObject(textpage, index)
        font = raw.FPDFTextObj_GetFont(obj) if obj else None
        key = (ctypes.cast(font, ctypes.c_void_p).value or 0, code)
        if key not in outlines:
            outlines[key] = _outline(raw, font, code) if font else None
    lacking = {chr(code) for (_, code), outline in outlines.items() if outline is None}
    shared: dict[tuple, set[int]] = {}
    for (font, code), outline in outlines.items():
        if outline is not None and is_ideograph(code):
            shared.setdefault((font, outline), set()).add(code)
    for codes in shared.values():
        if len(codes) > 1:
            lacking |= {chr(code) for code in codes}
    return lacking
