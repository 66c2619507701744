"""A tiny, fast, deterministic PDF writer for the demo material.

Text pages use one Type0 font: the non-embedded CID font STSong-Light with the predefined
encoding UniGB-UCS2-H (every PDF reader knows it; files stay small), text written as hex
UTF-16BE. A ToUnicode CMap maps the codes back to Unicode, so text extraction (pdfium, pypdf)
returns exactly the text drawn. Image pages embed a JPEG as-is (DCTDecode). Same input, same
bytes: no clock, the /ID is a digest of the content.
"""

from __future__ import annotations

import hashlib
import zlib

# Widths (1/1000 em) of STSong-Light's proportional Latin, CIDs 1..95 = U+0020..U+007E under
# UniGB-UCS2-H (same values reportlab uses). Every other character is 1000 (full width).
_ASCII_WIDTHS = [
    207, 270, 342, 467, 462, 797, 710, 239, 374, 374, 423, 605, 238, 375, 238, 334, 462, 462,
    462, 462, 462, 462, 462, 462, 462, 462, 238, 238, 605, 605, 605, 344, 748, 684, 560, 695,
    739, 563, 511, 729, 793, 318, 312, 666, 526, 896, 758, 772, 544, 772, 628, 465, 607, 753,
    711, 972, 647, 620, 607, 374, 333, 374, 606, 500, 239, 417, 503, 427, 529, 415, 264, 444,
    518, 241, 230, 495, 228, 793, 527, 524, 524, 504, 338, 336, 277, 517, 450, 652, 466, 452,
    407, 370, 258, 370, 605,
]
WIDTHS = {chr(0x20 + i): w for i, w in enumerate(_ASCII_WIDTHS)}

A4 = (595, 842)
A3_LANDSCAPE = (1191, 842)


def text_width(s: str, size: float) -> float:
    """Width of ``s`` in points at font ``size``."""
    get = WIDTHS.get
    return sum(get(c, 1000) for c in s) * size / 1000.0


def wrap(text: str, width: float, size: float, first_indent: float = 0.0) -> list[str]:
    """Break ``text`` into lines no wider than ``width`` (the first ``first_indent`` narrower).

    Chinese breaks anywhere; a run of Latin letters/digits is not split unless it alone is
    longer than a line. Leading punctuation (，。、；：) is kept on the previous line.
    """
    get = WIDTHS.get
    limit = width * 1000.0 / size
    lines: list[str] = []
    cur: list[str] = []
    cur_w = first_indent * 1000.0 / size
    i, n = 0, len(text)
    while i < n:
        c = text[i]
        if c.isascii() and c.isalnum():          # take the whole Latin/digit run
            j = i
            while j < n and text[j].isascii() and text[j].isalnum():
                j += 1
            token = text[i:j]
        else:
            j = i + 1
            token = c
        w = sum(get(ch, 1000) for ch in token)
        if cur and cur_w + w > limit and token not in "，。、；：！？）”":
            lines.append("".join(cur))
            cur, cur_w = [], 0.0
        cur.append(token)
        cur_w += w
        i = j
    if cur:
        lines.append("".join(cur))
    return lines


def _hex(s: str) -> str:
    return s.encode("utf-16-be").hex().upper()


def _pdf_text_string(s: str) -> bytes:
    return b"<FEFF" + _hex(s).encode("ascii") + b">"


def _tounicode_cmap() -> bytes:
    ranges = [hi for hi in range(256) if not 0xD8 <= hi <= 0xDF]
    lines = [
        "/CIDInit /ProcSet findresource begin", "12 dict begin", "begincmap",
        "/CIDSystemInfo << /Registry (Adobe) /Ordering (UCS) /Supplement 0 >> def",
        "/CMapName /Adobe-Identity-UCS def", "/CMapType 2 def",
        "1 begincodespacerange", "<0000> <FFFF>", "endcodespacerange",
    ]
    for k in range(0, len(ranges), 100):
        chunk = ranges[k:k + 100]
        lines.append(f"{len(chunk)} beginbfrange")
        lines += [f"<{hi:02X}00> <{hi:02X}FF> <{hi:02X}00>" for hi in chunk]
        lines.append("endbfrange")
    lines += ["endcmap", "CMapName currentdict /CMap defineresource pop", "end", "end"]
    return ("\n".join(lines) + "\n").encode("ascii")


_TOUNICODE = zlib.compress(_tounicode_cmap(), 6)
_W_ARRAY = "[1 [" + " ".join(map(str, _ASCII_WIDTHS)) + "]]"


class Page:
    """A page under construction: text lines, rules, or one full-page image.

    ``size`` is the MediaBox. With ``rotate=90`` the page is shown turned a quarter clockwise
    (a landscape page in a portrait file); coordinates given to :meth:`text` and :meth:`rule`
    are then in the *displayed* (landscape) space, and :attr:`display_size` is that space, so
    text reads upright on screen and extracts in reading order.
    """

    def __init__(self, size: tuple[float, float] = A4, rotate: int = 0):
        if rotate not in (0, 90):
            raise ValueError("rotate must be 0 or 90")
        self.size = size
        self.rotate = rotate
        self.display_size = (size[1], size[0]) if rotate == 90 else size
        self.ops: list[str] = []
        self.texts: list[str] = []        # what was drawn, in order (for tests/extraction)
        self.image: tuple[bytes, int, int, str] | None = None

    def text(self, x: float, y: float, s: str, size: float = 16.0,
             color: tuple[float, float, float] | None = None) -> None:
        if not s:
            return
        if self.rotate == 90:
            tm = f"0 1 -1 0 {self.size[0] - y:.2f} {x:.2f}"
        else:
            tm = f"1 0 0 1 {x:.2f} {y:.2f}"
        op = f"BT /F1 {size:g} Tf {tm} Tm <{_hex(s)}> Tj ET"
        if color is not None:           # BT/ET do not save the colour: q/Q do
            op = "q %.3g %.3g %.3g rg " % color + op + " Q"
        self.ops.append(op)
        self.texts.append(s)

    def centered(self, y: float, s: str, size: float = 16.0, color=None) -> None:
        self.text((self.display_size[0] - text_width(s, size)) / 2, y, s, size, color)

    def right(self, x_right: float, y: float, s: str, size: float = 16.0, color=None) -> None:
        self.text(x_right - text_width(s, size), y, s, size, color)

    def rule(self, x1: float, y1: float, x2: float, y2: float, width: float = 1.0,
             color: tuple[float, float, float] = (0, 0, 0)) -> None:
        if self.rotate == 90:
            (x1, y1), (x2, y2) = (self.size[0] - y1, x1), (self.size[0] - y2, x2)
        self.ops.append("q %.3g %.3g %.3g RG %g w %.2f %.2f m %.2f %.2f l S Q"
                        % (*color, width, x1, y1, x2, y2))

    def set_image(self, jpeg: bytes, width: int, height: int, colorspace: str = "DeviceGray"
                  ) -> None:
        self.image = (jpeg, width, height, colorspace)

    @property
    def plain_text(self) -> str:
        return "".join(self.texts)


class PdfDocument:
    """Collects pages and writes a complete PDF (xref, trailer, fixed /ID)."""

    def __init__(self, title: str = "", author: str = "", date: str | None = None,
                 producer: str = "Evidence Archive Compiler demo"):
        self.pages: list[Page] = []
        self.title = title
        self.author = author
        self.date = date            # YYYYMMDD
        self.producer = producer

    def new_page(self, size: tuple[float, float] = A4, rotate: int = 0) -> Page:
        p = Page(size, rotate)
        self.pages.append(p)
        return p

    def to_bytes(self, compress: bool = True) -> bytes:
        objs: list[bytes] = [b""] * 2          # 1 catalog, 2 pages tree (filled at the end)

        def add(body: bytes) -> int:
            objs.append(body)
            return len(objs)

        def stream(head: str, data: bytes, deflate: bool) -> int:
            if deflate:
                data = zlib.compress(data, 6)
                head += " /Filter /FlateDecode"
            return add(b"<< " + head.encode("ascii") + b" /Length %d >>\nstream\n" % len(data)
                       + data + b"\nendstream")

        font_res = None
        kids = []
        for page in self.pages:
            w, h = page.size
            if page.image is not None:
                jpeg, iw, ih, cs = page.image
                img = add(b"<< /Type /XObject /Subtype /Image /Width %d /Height %d /ColorSpace /%s"
                          b" /BitsPerComponent 8 /Filter /DCTDecode /Length %d >>\nstream\n"
                          % (iw, ih, cs.encode("ascii"), len(jpeg)) + jpeg + b"\nendstream")
                res = f"<< /XObject << /Im0 {img} 0 R >> >>"
                content = f"q {w:g} 0 0 {h:g} 0 0 cm /Im0 Do Q\n".encode("ascii")
                cid = stream("", content, False)
            else:
                if font_res is None:
                    font_res = self._add_font(add, stream)
                res = f"{font_res} 0 R"
                content = ("\n".join(page.ops) + "\n").encode("ascii")
                cid = stream("", content, compress)
            rot = f" /Rotate {page.rotate}" if page.rotate else ""
            kids.append(add(f"<< /Type /Page /Parent 2 0 R /MediaBox [0 0 {w:g} {h:g}]{rot}"
                            f" /Resources {res} /Contents {cid} 0 R >>".encode("ascii")))
        objs[0] = b"<< /Type /Catalog /Pages 2 0 R >>"
        objs[1] = ("<< /Type /Pages /Kids [" + " ".join(f"{k} 0 R" for k in kids)
                   + f"] /Count {len(kids)} >>").encode("ascii")
        info = [b"/Producer " + _pdf_text_string(self.producer),
                b"/Creator " + _pdf_text_string("Evidence Archive Compiler")]
        if self.title:
            info.append(b"/Title " + _pdf_text_string(self.title))
        if self.author:
            info.append(b"/Author " + _pdf_text_string(self.author))
        if self.date:
            stamp = f"(D:{self.date}090000+08'00')".encode("ascii")
            info += [b"/CreationDate " + stamp, b"/ModDate " + stamp]
        info_id = add(b"<< " + b" ".join(info) + b" >>")

        digest = hashlib.md5()
        for o in objs:
            digest.update(o)
        fid = digest.hexdigest().upper().encode("ascii")

        out = bytearray(b"%PDF-1.4\n%\xe2\xe3\xcf\xd3\n")
        offsets = []
        for i, body in enumerate(objs, start=1):
            offsets.append(len(out))
            out += b"%d 0 obj\n" % i + body + b"\nendobj\n"
        xref = len(out)
        out += b"xref\n0 %d\n0000000000 65535 f \n" % (len(objs) + 1)
        out += b"".join(b"%010d 00000 n \n" % o for o in offsets)
        out += (b"trailer\n<< /Size %d /Root 1 0 R /Info %d 0 R /ID [<%s> <%s>] >>\n"
                b"startxref\n%d\n%%%%EOF\n" % (len(objs) + 1, info_id, fid, fid, xref))
        return bytes(out)

    @staticmethod
    def _add_font(add, stream) -> int:
        desc = add(b"<< /Type /FontDescriptor /FontName /STSong-Light /Flags 6"
                   b" /FontBBox [-25 -254 1000 880] /ItalicAngle 0 /Ascent 880 /Descent -120"
                   b" /CapHeight 737 /StemV 93 /MissingWidth 500 >>")
        cid = add(("<< /Type /Font /Subtype /CIDFontType0 /BaseFont /STSong-Light"
                   " /CIDSystemInfo << /Registry (Adobe) /Ordering (GB1) /Supplement 2 >>"
                   f" /FontDescriptor {desc} 0 R /DW 1000 /W {_W_ARRAY} >>").encode("ascii"))
        tou = add(b"<< /Length %d /Filter /FlateDecode >>\nstream\n" % len(_TOUNICODE)
                  + _TOUNICODE + b"\nendstream")
        font = add(("<< /Type /Font /Subtype /Type0 /BaseFont /STSong-Light"
                    f" /Encoding /UniGB-UCS2-H /DescendantFonts [{cid} 0 R]"
                    f" /ToUnicode {tou} 0 R >>").encode("ascii"))
        return add(f"<< /Font << /F1 {font} 0 R >> /ProcSet [/PDF /Text] >>".encode("ascii"))
