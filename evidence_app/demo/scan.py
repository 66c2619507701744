"""Scanned pages: real text drawn into an image the way a scanner or a phone sees a paper.

The demo's scans are a fair test of OCR: the text is the document's own (so the demo knows
the truth of every page, :attr:`ScanPage.text`), drawn in the bundled WenQuanYi Micro Hei,
with a red seal over the signature, a slight skew, paper tone, noise and specks, JPEG
compression; some pages are fed turned (90°, 180°, 270°) and some are phone photos of the
paper held at an angle. Everything is decided by the caller's ``random.Random``, and noise
comes from one fixed field, so the same seed gives the same bytes.

Pages are drawn at :data:`DPI` (100: an office scanner's "draft" setting, 16-point body text
22 pixels high), so the demo builds about as fast as when its scans were grey blocks.
"""

from __future__ import annotations

import io
import math
import random
from dataclasses import dataclass, field
from functools import lru_cache
from importlib import resources

__all__ = ["DPI", "ScanLine", "ScanPage", "paint_scan"]

DPI = 100
PAGE = (595.0, 842.0)                  # A4 in points
SCALE = DPI / 72.0
RED = (205, 30, 35)


@dataclass
class ScanLine:
    """One line of text: left end of its baseline (points from the page's top-left corner)."""

    x: float
    y: float
    size: float                        # points
    text: str
    red: bool = False


@dataclass
class ScanPage:
    """A page as printed, and how it was scanned."""

    lines: list[ScanLine]
    seal: tuple[float, float] | None = None   # centre of the red seal (points), if stamped
    seal_text: str = ""
    turn: int = 0                      # 0, 90, 180, 270: how the paper lay in the scanner
    skew: float = 0.0                  # degrees
    photo: bool = False                # a phone photo of the paper at an angle
    specks: list[tuple[int, int, int]] = field(default_factory=list)

    @property
    def text(self) -> str:
        """What a perfect reader gets from this page: its lines, top to bottom."""
        return "\n".join(line.text for line in self.lines)

    @property
    def size(self) -> tuple[float, float]:
        """The PDF page size (points) that shows the image unstretched."""
        return (PAGE[1], PAGE[0]) if self.turn in (90, 270) else PAGE


@lru_cache(maxsize=16)
def _font(px: int):
    from PIL import ImageFont

    path = resources.files("evidence_app").joinpath("assets", "fonts", "wqy-microhei.ttc")
    with resources.as_file(path) as real:
        return ImageFont.truetype(str(real), px, index=0, layout_engine=ImageFont.Layout.BASIC)


@lru_cache(maxsize=1)
def _noise_field():
    """A field of scanner noise, the same in every process (fixed seed; a tile repeated, which
    the eye does not notice at this grain); pages take windows of it at their own offsets."""
    from PIL import Image

    rng = random.Random(0x5CA9)
    tile_side = 251
    tile = Image.frombytes("L", (tile_side, tile_side), bytes(
        max(0, min(255, int(rng.gauss(128, 8)))) for _ in range(tile_side * tile_side)))
    side = _px(PAGE[1]) + 128
    field_ = Image.new("L", (side, side))
    for y in range(0, side, tile_side):
        for x in range(0, side, tile_side):
            field_.paste(tile, (x, y))
    return field_


def _px(v: float) -> int:
    return int(round(v * SCALE))


def paint_scan(page: ScanPage, rng: random.Random) -> tuple[bytes, int, int, str]:
    """The page as a JPEG: (bytes, width, height, PDF colour space)."""
    from PIL import Image, ImageChops, ImageDraw

    w, h = _px(PAGE[0]), _px(PAGE[1])
    colour = page.seal is not None or page.photo or any(line.red for line in page.lines)
    paper = rng.randint(232, 248)
    ink = rng.randint(20, 55)
    # the paper: a window of the fixed noise field, centred on 128, shifted to the paper's tone
    field_ = _noise_field()
    ox, oy = rng.randrange(0, 128), rng.randrange(0, field_.height - h)
    img = field_.crop((ox, oy, ox + w, oy + h)).point(
        lambda v: max(0, min(255, paper + v - 128)))
    draw = ImageDraw.Draw(img)
    red_lines = []
    for line in page.lines:
        if line.red:
            red_lines.append(line)
            continue
        _draw_line(img, line, ink)
    for x, y, tone in page.specks:
        draw.ellipse([x, y, x + 1 + tone % 3, y + 1 + tone % 2], fill=tone)
    if colour:
        img = img.convert("RGB")
        marks = [_line_box(line) for line in red_lines]
        if page.seal is not None:
            cx, cy = _px(page.seal[0]), _px(page.seal[1])
            marks.append((cx - _px(70), cy - _px(70), cx + _px(70), cy + _px(70)))
        if marks:  # red ink only where there is some: a whole-page multiply costs 13 ms
            box = (max(0, min(m[0] for m in marks)), max(0, min(m[1] for m in marks)),
                   min(w, max(m[2] for m in marks)), min(h, max(m[3] for m in marks)))
            stamp = Image.new("RGB", (box[2] - box[0], box[3] - box[1]), (255, 255, 255))
            sd = ImageDraw.Draw(stamp)
            tint = tuple(min(255, c + rng.randint(0, 30)) for c in RED)
            for line in red_lines:
                _draw_line(stamp, ScanLine(line.x - box[0] / SCALE, line.y - box[1] / SCALE,
                                           line.size, line.text), tint)
            if page.seal is not None:
                _draw_seal(stamp, (page.seal[0] - box[0] / SCALE, page.seal[1] - box[1] / SCALE),
                           page.seal_text, tint, rng)
            # red ink over black stays black, as on paper
            img.paste(ImageChops.multiply(img.crop(box), stamp), box[:2])

    fill = (paper,) * 3 if colour else paper
    if page.skew:
        img = img.rotate(page.skew, resample=Image.NEAREST, fillcolor=fill)
    if page.photo:
        img = _as_photo(img, rng)
        colour = True
    if page.turn:
        img = img.transpose({90: Image.ROTATE_270, 180: Image.ROTATE_180,
                             270: Image.ROTATE_90}[page.turn])
    buf = io.BytesIO()
    img.save(buf, "JPEG", quality=rng.randint(40, 65), optimize=False)
    return buf.getvalue(), img.width, img.height, "DeviceRGB" if colour else "DeviceGray"


@lru_cache(maxsize=8192)
def _glyph(ch: str, px: int):
    """(mask, offset from the pen position, advance) of one character: a page repeats a few
    hundred distinct characters, and pasting a cached mask is ~4x faster than drawing text."""
    from PIL import Image, ImageDraw

    font = _font(px)
    left, top, right, bottom = font.getbbox(ch, anchor="ls")
    advance = font.getlength(ch)
    if right <= left or bottom <= top:
        return None, (0, 0), advance
    mask = Image.new("L", (right - left, bottom - top), 0)
    ImageDraw.Draw(mask).text((-left, -top), ch, fill=255, font=font, anchor="ls")
    return mask, (left, top), advance


def _draw_line(img, line: ScanLine, ink) -> None:
    px = _px(line.size)
    x, y = float(_px(line.x)), _px(line.y)
    for ch in line.text:
        mask, (dx, dy), advance = _glyph(ch, px)
        if mask is not None:
            img.paste(ink, (int(x) + dx, y + dy), mask)
        x += advance


def _line_box(line: ScanLine) -> tuple[int, int, int, int]:
    left, top, right, bottom = _font(_px(line.size)).getbbox(line.text, anchor="ls")
    x, y = _px(line.x), _px(line.y)
    return x + left - 2, y + top - 2, x + right + 2, y + bottom + 2


def _draw_seal(stamp, centre: tuple[float, float], text: str, tint, rng: random.Random) -> None:
    """A round official seal: ring, star, the unit's name along the upper arc."""
    from PIL import Image, ImageDraw

    cx, cy = _px(centre[0]), _px(centre[1])
    r = _px(rng.uniform(58, 64))
    d = ImageDraw.Draw(stamp)
    d.ellipse([cx - r, cy - r, cx + r, cy + r], outline=tint, width=max(3, r // 18))
    star = [(cx + 0.32 * r * math.cos(math.radians(90 + 72 * k)),
             cy - 0.32 * r * math.sin(math.radians(90 + 72 * k))) for k in (0, 2, 4, 1, 3)]
    d.polygon(star, fill=tint)
    if not text:
        return
    font = _font(max(10, int(r * 0.3)))
    n = len(text)
    spread = min(250.0, 22.0 * n)
    for k, ch in enumerate(text):
        angle = 90 + spread / 2 - spread * (k + 0.5) / n       # left to right over the top
        a = math.radians(angle)
        size = int(r * 0.42)
        glyph = Image.new("L", (size, size), 0)
        ImageDraw.Draw(glyph).text((size / 2, size / 2), ch, fill=255, font=font, anchor="mm")
        glyph = glyph.rotate(angle - 90, resample=Image.BILINEAR)
        gx = cx + 0.72 * r * math.cos(a) - size / 2
        gy = cy - 0.72 * r * math.sin(a) - size / 2
        stamp.paste(Image.new("RGB", (size, size), tint), (int(gx), int(gy)), glyph)


def _as_photo(img, rng: random.Random):
    """The paper photographed on a desk: perspective, uneven light, a darker surround."""
    from PIL import Image

    w, h = img.size
    m = 0.06
    # corners of the paper in the photo (clockwise from top-left), slightly off square
    quad = [(w * rng.uniform(0.02, m), h * rng.uniform(0.02, m)),
            (w * rng.uniform(1 - m, 0.98), h * rng.uniform(0.0, m)),
            (w * rng.uniform(1 - m, 1.0), h * rng.uniform(1 - m, 0.98)),
            (w * rng.uniform(0.0, m), h * rng.uniform(1 - m, 1.0))]
    coeffs = _perspective_coeffs(quad, [(0, 0), (w, 0), (w, h), (0, h)])
    desk = tuple(rng.randint(70, 110) for _ in range(3))
    photo = img.transform((w, h), Image.PERSPECTIVE, coeffs, resample=Image.BILINEAR,
                          fillcolor=desk)
    light = Image.linear_gradient("L").resize((w, h)).point(lambda v: 200 + v * 55 // 255)
    if rng.random() < 0.5:
        light = light.transpose(Image.ROTATE_180)
    from PIL import ImageChops

    return ImageChops.multiply(photo, Image.merge("RGB", (light, light, light)))


def _perspective_coeffs(src: list[tuple[float, float]], dst: list[tuple[float, float]]):
    """Coefficients for Image.transform(PERSPECTIVE) mapping output points ``src`` to input
    points ``dst`` (solved by Gaussian elimination: no numpy needed here)."""
    rows, rhs = [], []
    for (x, y), (u, v) in zip(src, dst):
        rows.append([x, y, 1, 0, 0, 0, -u * x, -u * y])
        rhs.append(u)
        rows.append([0, 0, 0, x, y, 1, -v * x, -v * y])
        rhs.append(v)
    n = 8
    a = [row + [b] for row, b in zip(rows, rhs)]
    for col in range(n):
        pivot = max(range(col, n), key=lambda r_: abs(a[r_][col]))
        a[col], a[pivot] = a[pivot], a[col]
        for r_ in range(n):
            if r_ != col and a[r_][col]:
                f = a[r_][col] / a[col][col]
                a[r_] = [x - f * y for x, y in zip(a[r_], a[col])]
    return [a[i][n] / a[i][i] for i in range(n)]
