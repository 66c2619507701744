"""Embed a substitute for every font a source PDF uses without embedding it.

Office PDFs often name a font without embedding it (STSong-Light via UniGB-UCS2-H, Helvetica,
Times): on a PC without that font the pages show boxes, and PDF/A wants every font embedded.
As a print shop's preflight does, each such font is replaced by an embedded subset of the
bundled face, keeping the original's advance widths, so every character stays where it was:

- a Type0 font with a Unicode CMap (UniGB-UCS2-H, UniGB-UTF16-H and the other Uni*-UCS2/UTF16
  CMaps): its two-byte codes are Unicode, so it becomes Identity-H over a CIDFontType2 whose
  CIDToGIDMap sends each code to the substitute's glyph for that character; the widths of
  CIDs 1-95 (proportional ASCII in the Adobe CJK collections) move to their Unicode codes;
- a simple font (Type1/TrueType/MMType1, one byte a character): a TrueType subset whose glyph
  for each code is the substitute's glyph for the character the font's encoding gives it;
  widths from the PDF, or from the standard-14 metrics for the fonts allowed to omit them.

Any other font that is not embedded (Type0 with a legacy CMap such as GBK-EUC-H) is left as
it is and reported by :func:`unembedded_fonts`, so a volume never claims what it is not.
"""

from __future__ import annotations

import re
import struct
import zlib
from hashlib import sha256

from pypdf.generic import (ArrayObject, DictionaryObject, FloatObject,
                           NameObject, NumberObject, StreamObject, TextStringObject)

from .fonts import BUNDLED_NAME, BUNDLED_SONG_NAME
from .glyphs import is_ideograph

_UNICODE_CMAPS = ("UCS2", "UTF16")
_STANDARD_14 = {"Helvetica", "Helvetica-Bold", "Helvetica-Oblique", "Helvetica-BoldOblique",
                "Times-Roman", "Times-Bold", "Times-Italic", "Times-BoldItalic", "Courier",
                "Courier-Bold", "Courier-Oblique", "Courier-BoldOblique", "Symbol",
                "ZapfDingbats"}
_ASCII = range(0x20, 0x7F)


_SANS = re.compile(r"hei|sans|gothic|helvetica|arial|verdana|tahoma|yahei|dengxian",
                   re.IGNORECASE)


def _face(base: str = ""):
    """The bundled face standing in for ``base``: the Hei face for sans-serif fonts
    (黑体, Arial, Helvetica), the Song face for everything else (宋体, 仿宋, Times)."""
    from reportlab.pdfbase import pdfmetrics

    return pdfmetrics.getFont(BUNDLED_NAME if _SANS.search(base) else BUNDLED_SONG_NAME).face


def _embedded(font: DictionaryObject) -> bool:
    if font.get("/Subtype") == "/Type3":
        return True
    if font.get("/Subtype") == "/Type0":
        descendants = font.get("/DescendantFonts")
        if not descendants:
            return True
        font = descendants.get_object()[0].get_object()
    descriptor = font.get("/FontDescriptor")
    if descriptor is None:
        return False
    descriptor = descriptor.get_object()
    return any(k in descriptor for k in ("/FontFile", "/FontFile2", "/FontFile3"))


def _name(value) -> str:
    return str(value or "").lstrip("/")


def _tag(seed: str) -> str:
    digest = sha256(seed.encode()).digest()
    return "".join(chr(ord("A") + b % 26) for b in digest[:6])


def _stream(writer, data: bytes, extra: dict | None = None):
    ref = writer._add_object(StreamObject())
    _fill(ref, data, extra)
    return ref


def _fill(ref, data: bytes, extra: dict | None = None) -> None:
    """Set the (compressed) data of a stream already in the writer: pypdf writes a stream's
    /Length from its data when the file is written, so it may be filled until then."""
    stream = ref.get_object()
    stream._data = zlib.compress(data, 6)  # level 9: 0.6% smaller, 70% slower
    stream[NameObject("/Filter")] = NameObject("/FlateDecode")
    for key, value in (extra or {}).items():
        stream[NameObject(key)] = value


def _glyph_order(face, codes: list[int]) -> dict[int, int]:
    """The glyph each code gets in ``face.makeSubset(codes)`` (same assignment order)."""
    new_of_old = {0: 0}
    result = {}
    for code in codes:
        old = face.charToGlyph.get(code, 0)
        if old not in new_of_old:
            new_of_old[old] = len(new_of_old)
        result[code] = new_of_old[old]
    return result


def _descriptor(writer, original, name: str, font_file, face) -> DictionaryObject:
    src = original.get_object() if original is not None else DictionaryObject()

    def number(key, default):
        value = src.get(key, default)
        try:
            return FloatObject(float(value))
        except (TypeError, ValueError):
            return FloatObject(default)
    bbox = src.get("/FontBBox") or ArrayObject([FloatObject(v) for v in face.bbox])
    return writer._add_object(DictionaryObject({
        NameObject("/Type"): NameObject("/FontDescriptor"),
        NameObject("/FontName"): NameObject("/" + name),
        NameObject("/Flags"): NumberObject(4),  # symbolic: codes go through the font's cmap
        NameObject("/FontBBox"): bbox,
        NameObject("/ItalicAngle"): number("/ItalicAngle", 0),
        NameObject("/Ascent"): number("/Ascent", face.ascent),
        NameObject("/Descent"): number("/Descent", face.descent),
        NameObject("/CapHeight"): number("/CapHeight", face.capHeight),
        NameObject("/StemV"): number("/StemV", 80),
        NameObject("/FontFile2"): font_file}))


def _to_unicode(codes: dict[int, int], two_bytes: bool) -> bytes:
    """A ToUnicode CMap sending each code to its character."""
    width = 4 if two_bytes else 2
    lines = ["/CIDInit /ProcSet findresource begin", "12 dict begin", "begincmap",
             "/CIDSystemInfo << /Registry (Adobe) /Ordering (UCS) /Supplement 0 >> def",
             "/CMapName /Adobe-Identity-UCS def", "/CMapType 2 def",
             "1 begincodespacerange", f"<{'0' * width}> <{'F' * width}>", "endcodespacerange"]
    items = sorted((c, u) for c, u in codes.items() if u > 0)
    for start in range(0, len(items), 100):
        chunk = items[start:start + 100]
        lines.append(f"{len(chunk)} beginbfchar")
        lines += [f"<{c:0{width}X}> <{u:04X}>" for c, u in chunk]
        lines.append("endbfchar")
    lines += ["endcmap", "CMapName currentdict /CMap defineresource pop", "end", "end"]
    return "\n".join(lines).encode("ascii")


def _undrawable(face, codes) -> set[str]:
    """The characters among ``codes`` the face cannot draw: no glyph, an empty one, or an
    ideograph sharing its glyph with other ideographs (a font's catch-all box). What
    glyphs.py looks for on a page, decided once per substitute from the font itself."""
    lacking: set[str] = set()
    sharing: dict[int, list[str]] = {}
    for code in codes:
        char = chr(code)
        if not char.isprintable() or char.isspace():
            continue
        gid = face.charToGlyph.get(code)
        if not gid or face.glyphPos[gid + 1] == face.glyphPos[gid]:
            lacking.add(char)
        elif is_ideograph(code):
            sharing.setdefault(gid, []).append(char)
    lacking.update(c for chars in sharing.values() if len(chars) > 1 for c in chars)
    return lacking


class _SharedType0:
    """The substitute of one Unicode-CMap font for every source PDF of a volume.

    Under these CMaps a code is its character, so one subset holding every character the
    volume's pages show with the font serves all of them: a volume of forty reports set in
    STSong-Light embeds the face once, not forty times (a subset of a Song face is ~100 KB).
    The dictionaries are made at once, for pages to point to; the font program, the
    CIDToGIDMap, the ToUnicode map and the subset's name once every page is in
    (:meth:`finish`).
    """

    def __init__(self, writer, base: str, default: int, ascii_run: tuple, descriptor):
        self.base = base
        self.face = _face(base)
        self.codes: set[int] = set(_ASCII)
        self.font_file = writer._add_object(StreamObject())
        self.gid_map = writer._add_object(StreamObject())
        self.to_unicode = writer._add_object(StreamObject())
        widths = ArrayObject()
        if any(w is not None for w in ascii_run):
            widths += [NumberObject(0x20), ArrayObject(
                [NumberObject(int(w if w is not None else default)) for w in ascii_run])]
        self.descriptor = _descriptor(writer, descriptor, base, self.font_file, self.face)
        self.cid_font = writer._add_object(DictionaryObject({
            NameObject("/Type"): NameObject("/Font"),
            NameObject("/Subtype"): NameObject("/CIDFontType2"),
            NameObject("/CIDSystemInfo"): DictionaryObject({
                NameObject("/Registry"): TextStringObject("Adobe"),
                NameObject("/Ordering"): TextStringObject("Identity"),
                NameObject("/Supplement"): NumberObject(0)}),
            NameObject("/FontDescriptor"): self.descriptor,
            NameObject("/DW"): NumberObject(default),
            NameObject("/W"): widths,
            NameObject("/CIDToGIDMap"): self.gid_map}))
        self.font = writer._add_object(DictionaryObject({
            NameObject("/Type"): NameObject("/Font"),
            NameObject("/Subtype"): NameObject("/Type0"),
            NameObject("/Encoding"): NameObject("/Identity-H"),
            NameObject("/DescendantFonts"): ArrayObject([self.cid_font]),
            NameObject("/ToUnicode"): self.to_unicode}))

    def finish(self) -> set[str]:
        """Make the subset of every code added; the characters it cannot draw."""
        codes = sorted(c for c in self.codes if 0 < c <= 0xFFFF)
        name = NameObject(f"/{_tag(self.base + ''.join(map(chr, codes)))}+{self.base}"
                          "-Substitute")
        for ref in (self.font, self.cid_font):
            ref.get_object()[NameObject("/BaseFont")] = name
        self.descriptor.get_object()[NameObject("/FontName")] = name
        program = self.face.makeSubset(codes)
        _fill(self.font_file, program, {"/Length1": NumberObject(len(program))})
        gid_map = bytearray(2 * (max(codes) + 1))
        for code, gid in _glyph_order(self.face, codes).items():
            gid_map[2 * code:2 * code + 2] = gid.to_bytes(2, "big")
        _fill(self.gid_map, bytes(gid_map))
        _fill(self.to_unicode, _to_unicode({c: c for c in codes}, two_bytes=True))
        return _undrawable(self.face, codes)


class FontEmbedder:
    """Replaces the unembedded fonts of the pages of one writer (each font once); call
    :meth:`finish` before the writer writes."""

    def __init__(self, writer):
        self.writer = writer
        self._done: dict[int, object] = {}
        self._shared: dict[tuple, _SharedType0] = {}
        self._shared_of: dict[int, _SharedType0] = {}   # a replaced font: its substitute
        self._simple_fonts: dict[tuple, object] = {}
        self.missing: set[str] = set()    # characters the substitute has no glyph for
        self.left: set[str] = set()       # fonts that could not be replaced

    def fix(self, page) -> None:
        """Replace the unembedded fonts of a page just added to the writer (and of the forms
        it uses), giving each Unicode-CMap substitute the characters the page shows with
        it."""
        self._fix(lambda: _content_data(page.get("/Contents")), page.get("/Resources"), set())

    def finish(self) -> None:
        """Make the shared substitutes' subsets, now that every page is in."""
        for shared in self._shared.values():
            self.missing |= shared.finish()

    def _fix(self, content, resources, seen: set[int]) -> None:
        """Replace the fonts of ``resources``; the characters ``content()`` shows with a
        Unicode-CMap font go to its substitute (the content is only decoded then). Read
        from the strings themselves (under these CMaps a code is the character), not from
        what pdfium extracts — it drops the characters of an unembedded font that the
        machine's substitute for it lacks (the same fact intake/pdftext.py works around for
        search) — nor from pypdf's parse of the content stream, which took half of a
        batch's time (:func:`shown_strings`)."""
        if resources is None:
            return
        resources = resources.get_object()
        fonts = resources.get("/Font")
        substitutes: dict[str, _SharedType0] = {}
        if fonts is not None:
            fonts = fonts.get_object()
            for key in list(fonts.keys()):
                ref = fonts[key]
                replacement = self._replacement(ref)
                if replacement is not None:
                    fonts[NameObject(key)] = replacement
                    shared = self._shared_of.get(replacement.idnum)
                    if shared is not None:
                        substitutes[str(key)] = shared
        if substitutes:
            for font, data in shown_strings(content()):
                shared = substitutes.get(font)
                if shared is not None and len(data) > 1:
                    shared.codes.update(struct.unpack(f">{len(data) // 2}H",
                                                      data[:len(data) // 2 * 2]))
        xobjects = resources.get("/XObject")
        if xobjects is not None:
            for ref in xobjects.get_object().values():
                obj = ref.get_object()
                marker = id(obj)
                if marker in seen or obj.get("/Subtype") != "/Form":
                    continue
                seen.add(marker)
                self._fix(obj.get_data, obj.get("/Resources") or resources, seen)

    def _replacement(self, ref):
        font = ref.get_object()
        key = getattr(ref, "idnum", None) or id(font)
        if key in self._done:
            return self._done[key]
        new = None
        if not _embedded(font):
            subtype = font.get("/Subtype")
            if _name(font.get("/BaseFont")) in ("Symbol", "ZapfDingbats"):
                new = None  # their own encodings: no Unicode substitute draws them right
            elif subtype == "/Type0":
                if _unicode_cmap(font):
                    new = self._type0(font)
            elif subtype in ("/Type1", "/TrueType", "/MMType1"):
                new = self._simple(font)
            if new is None:
                self.left.add(_name(font.get("/BaseFont")) or "?")
        self._done[key] = new
        return new

    def _type0(self, font):
        base = _name(font.get("/BaseFont"))
        descendant = font["/DescendantFonts"].get_object()[0].get_object()
        default = int(descendant.get("/DW", 1000))
        original = descendant.get("/W")
        ascii_widths = _cid_widths(original.get_object() if original is not None else [])
        ascii_run = tuple(ascii_widths.get(cid) for cid in range(1, 96))
        key = (base, default, ascii_run)
        shared = self._shared.get(key)
        if shared is None:
            shared = self._shared[key] = _SharedType0(
                self.writer, base, default, ascii_run, descendant.get("/FontDescriptor"))
            self._shared_of[shared.font.idnum] = shared
        return shared.font

    def _simple(self, font):
        """One byte a character: the subset is fixed by the encoding, so identical fonts
        of different sources share one substitute."""
        base = _name(font.get("/BaseFont")).split("+")[-1]
        unicode_of = _simple_encoding(font)
        subset = [unicode_of.get(code, 0) for code in range(256)]
        first, last, widths = _simple_widths(font, base, unicode_of)
        own_map = font.get("/ToUnicode")
        key = (base, tuple(subset), first, tuple(widths),
               own_map.get_object().get_data() if own_map is not None else None)
        if key not in self._simple_fonts:
            self._simple_fonts[key] = self._simple_substitute(font, base, subset, first, last,
                                                              widths)
        return self._simple_fonts[key]

    def _simple_substitute(self, font, base, subset, first, last, widths):
        face = _face(base)
        self.missing |= _undrawable(face, subset)
        name = f"{_tag(base + repr(subset))}+{base.replace(' ', '')}-Substitute"
        program = face.makeSubset(subset)
        font_file = _stream(self.writer, program, {"/Length1": NumberObject(len(program))})
        to_unicode = font.get("/ToUnicode") or _stream(
            self.writer, _to_unicode({c: u for c, u in enumerate(subset)}, two_bytes=False))
        return self.writer._add_object(DictionaryObject({
            NameObject("/Type"): NameObject("/Font"),
            NameObject("/Subtype"): NameObject("/TrueType"),
            NameObject("/BaseFont"): NameObject("/" + name),
            NameObject("/FirstChar"): NumberObject(first),
            NameObject("/LastChar"): NumberObject(last),
            NameObject("/Widths"): ArrayObject([FloatObject(w) for w in widths]),
            NameObject("/FontDescriptor"): _descriptor(self.writer, font.get("/FontDescriptor"),
                                                       name, font_file, face),
            NameObject("/ToUnicode"): to_unicode}))


def _cid_widths(w) -> dict[int, float]:
    """A CIDFont's /W array as {cid: width}."""
    out: dict[int, float] = {}
    items = list(w)
    n = 0
    while n < len(items):
        first = int(items[n])
        nxt = items[n + 1].get_object() if hasattr(items[n + 1], "get_object") else items[n + 1]
        if isinstance(nxt, list):
            for offset, width in enumerate(nxt):
                out[first + offset] = float(width)
            n += 2
        else:
            for cid in range(first, int(nxt) + 1):
                out[cid] = float(items[n + 2])
            n += 3
    return out


def _simple_encoding(font) -> dict[int, int]:
    """code -> Unicode of a simple font, from its /Encoding (base encoding + Differences)."""
    encoding = font.get("/Encoding")
    encoding = encoding.get_object() if encoding is not None else None
    base = encoding.get("/BaseEncoding") if isinstance(encoding, DictionaryObject) else encoding
    codec = "mac_roman" if str(base) == "/MacRomanEncoding" else "cp1252"
    table: dict[int, int] = {}
    for code in range(32, 256):
        try:
            table[code] = ord(bytes([code]).decode(codec))
        except UnicodeDecodeError:
            pass
    if isinstance(encoding, DictionaryObject) and "/Differences" in encoding:
        from pypdf._codecs import adobe_glyphs  # glyph name (with its slash) -> character

        code = 0
        for item in encoding["/Differences"]:
            if isinstance(item, int) or hasattr(item, "as_numeric"):
                code = int(item)
                continue
            char = adobe_glyphs.get(str(item)) or adobe_glyphs.get("/" + str(item))
            if char:
                table[code] = ord(char[0])
            code += 1
    return table


def _simple_widths(font, base: str, unicode_of: dict[int, int]):
    if "/Widths" in font and "/FirstChar" in font:
        widths = [float(w) for w in font["/Widths"].get_object()]
        first = int(font["/FirstChar"])
        return first, first + len(widths) - 1, widths
    from reportlab.pdfbase import pdfmetrics

    metrics = base if base in _STANDARD_14 else None
    face = _face(base)
    widths = []
    for code in range(32, 256):
        char = chr(unicode_of.get(code, 0x20))
        if metrics:
            widths.append(pdfmetrics.stringWidth(char, metrics, 1000))
        else:
            widths.append(pdfmetrics.stringWidth(char, BUNDLED_NAME, 1000)
                          if ord(char) in face.charToGlyph else 500)
    return 32, 255, widths


def _unicode_cmap(font) -> bool:
    """Whether ``font`` is a Type0 font whose codes are Unicode (UniGB-UCS2-H and the like)."""
    encoding = _name(font.get("/Encoding"))
    return (font.get("/Subtype") == "/Type0" and encoding.startswith("Uni")
            and any(k in encoding for k in _UNICODE_CMAPS) and encoding.endswith("-H"))


def _content_data(contents) -> bytes:
    """A page's content: its stream, or its streams joined as one."""
    if contents is None:
        return b""
    contents = contents.get_object()
    if isinstance(contents, ArrayObject):
        return b"\n".join(part.get_object().get_data() for part in contents)
    return contents.get_data()


# What a content stream shows: a font selected (/F2 14 Tf), a string (hex or literal, one
# level of nested parentheses), and inline images, skipped whole so their bytes are never
# taken for strings. Everything else (numbers, operators, arrays) is passed over by the regex
# engine itself: no object is built for it.
_SHOWN = re.compile(rb"""
      /(?P<font>[^\s/\[\]()<>{}%]+)\s+[-+]?[\d.]+\s+Tf
    | <(?P<hex>[0-9A-Fa-f\s]*)>
    | \((?P<literal>(?:[^()\\]|\\.|\((?:[^()\\]|\\.)*\))*)\)
    | \bBI\b.*?\bID\s.*?\bEI\b
    """, re.VERBOSE | re.DOTALL)
_ESCAPE = re.compile(rb"\\([0-7]{1,3}|\r\n|.)", re.DOTALL)
_ESCAPED = {b"n": b"\n", b"r": b"\r", b"t": b"\t", b"b": b"\b", b"f": b"\f",
            b"\r\n": b"", b"\r": b"", b"\n": b""}
_NAME_ESCAPE = re.compile(rb"#([0-9A-Fa-f]{2})")


def _unescape(match: re.Match) -> bytes:
    escaped = match.group(1)
    if escaped[:1].isdigit():
        return bytes([int(escaped, 8) & 0xFF])
    return _ESCAPED.get(escaped, escaped)


def shown_strings(content: bytes):
    """(font resource name, string bytes) of every string in a content stream, paired with
    the font selected before it; strings before any Tf have the name "". A superset of what
    the page draws (the strings of marked-content properties count too), which is what a
    subset needs: no character shown is ever left out."""
    font = ""
    for match in _SHOWN.finditer(content):
        name, hexed, literal = match.group("font", "hex", "literal")
        if name is not None:
            font = "/" + _NAME_ESCAPE.sub(lambda m: bytes([int(m.group(1), 16)]),
                                          name).decode("latin-1")
        elif hexed is not None:
            digits = b"".join(hexed.split())
            yield font, bytes.fromhex((digits + b"0" * (len(digits) % 2)).decode("ascii"))
        elif literal is not None:
            yield font, _ESCAPE.sub(_unescape, literal)


def unembedded_fonts(pdf_path) -> list[tuple[int, str]]:
    """(page number, font) for every font of every page that is not embedded: the check
    ``pdffonts`` makes (its "emb" column), including fonts of forms the pages use."""
    from pypdf import PdfReader

    found = []
    reader = PdfReader(str(pdf_path))
    for number, page in enumerate(reader.pages, 1):
        stack, seen = [page.get("/Resources")], set()
        while stack:
            resources = stack.pop()
            if resources is None:
                continue
            resources = resources.get_object()
            for ref in (resources.get("/Font") or DictionaryObject()).get_object().values():
                font = ref.get_object()
                if not _embedded(font):
                    found.append((number, _name(font.get("/BaseFont"))))
            for ref in (resources.get("/XObject") or DictionaryObject()).get_object().values():
                obj = ref.get_object()
                if obj.get("/Subtype") == "/Form" and id(obj) not in seen:
                    seen.add(id(obj))
                    stack.append(obj.get("/Resources"))
    return found
