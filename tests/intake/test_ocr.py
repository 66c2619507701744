"""OCR of page images: known Chinese text comes back, turned pages read upright, bad images
become empty pages marked as such, and nothing reaches for the network (the suite refuses
every outbound connection, tests/conftest.py; the models ship inside the wheel).

The images are small (a few lines) so the whole module runs in seconds.
"""

from __future__ import annotations

import difflib
import io
from importlib import resources

import pytest

from evidence_app.intake.ocr import (EMPTY, READ, UNREADABLE, OcrEngine, OcrSettings, ocr_file,
                                     page_images)

LINES = ["关于加强网格化服务管理工作的通知",
         "潭政办发〔2021〕12号",
         "各区县人民政府，市直各单位：",
         "截至2021年7月底，全市建成综治中心215个。"]


def cer(truth: str, got: str) -> float:
    """Character error rate, whitespace ignored: edits over the truth's length."""
    a, b = "".join(truth.split()), "".join(got.split())
    ops = difflib.SequenceMatcher(None, a, b, autojunk=False).get_opcodes()
    return sum(max(i2 - i1, j2 - j1) for tag, i1, i2, j1, j2 in ops if tag != "equal") / len(a)


def render(lines: list[str], px: int = 30):
    """Lines of text in the bundled font, black on white, as a scanner at ~150 dpi sees them."""
    from PIL import Image, ImageDraw, ImageFont

    ref = resources.files("evidence_app").joinpath("assets", "fonts", "wqy-microhei.ttc")
    with resources.as_file(ref) as path:
        font = ImageFont.truetype(str(path), px, index=0)
    image = Image.new("L", (int(px * 22), int(px * 1.9 * len(lines) + px * 2)), 245)
    draw = ImageDraw.Draw(image)
    for i, line in enumerate(lines):
        draw.text((px, px + i * px * 1.9), line, fill=25, font=font)
    return image


@pytest.fixture(scope="module")
def engine():
    return OcrEngine(OcrSettings())


@pytest.fixture(scope="module")
def page():
    return render(LINES)


def test_known_chinese_text_is_read_with_few_errors(engine, page):
    result = engine.read(page)
    assert result.status == READ and result.rotation == 0
    assert cer("".join(LINES), result.text) <= 0.05
    assert "网格化服务管理" in result.text
    assert len(result.lines) == len(LINES)
    assert result.size == page.size and result.layout()["lines"][0] == [
        result.lines[0].text, *result.lines[0].box]
    assert all(0.5 <= line.confidence <= 1.0 for line in result.lines)
    assert 0.5 < result.confidence <= 1.0


@pytest.mark.parametrize("turn", [90, 180, 270])
def test_a_turned_page_is_read_upright(engine, page, turn):
    from PIL import Image

    turned = page.transpose({90: Image.ROTATE_270, 180: Image.ROTATE_180,
                             270: Image.ROTATE_90}[turn])       # paper turned clockwise
    result = engine.read(turned)
    assert result.status == READ
    assert (result.rotation + turn) % 360 == 0                  # turned back exactly
    assert cer("".join(LINES), result.text) <= 0.05             # and in reading order
    # the boxes measure the upright image, whose size is the page's again
    assert result.size == page.size
    assert all(0 <= line.box[0] < line.box[2] <= page.size[0]
               and 0 <= line.box[1] < line.box[3] <= page.size[1] for line in result.lines)
    assert result.layout()["rotation"] == result.rotation


def test_a_slightly_skewed_page_is_read(engine, page):
    from PIL import Image

    skewed = page.rotate(2.0, resample=Image.BILINEAR, expand=True, fillcolor=245)
    assert cer("".join(LINES), engine.read(skewed).text) <= 0.05


def test_a_blank_image_is_an_empty_page_not_an_error(engine):
    from PIL import Image

    result = engine.read(Image.new("L", (600, 400), 250))
    assert result.status == EMPTY and result.text == "" and result.lines == []


def test_an_undecodable_image_gives_an_unreadable_page(tmp_path, engine):
    path = tmp_path / "broken.jpg"
    path.write_bytes(b"\xff\xd8\xff\xe0" + b"\x00garbage" * 50)
    pages = ocr_file(path, "image", engine=engine)
    assert list(pages) == [0]
    assert pages[0].status == UNREADABLE and pages[0].text == "" and pages[0].reason


def test_a_multipage_ccitt_tiff_is_read_page_by_page(tmp_path, engine, page):
    from PIL import Image

    bilevel = page.point(lambda v: 255 if v > 128 else 0).convert("1")
    blank = Image.new("1", page.size, 1)
    path = tmp_path / "fax.tif"
    bilevel.save(path, compression="group4", save_all=True, append_images=[blank])
    assert [i for i, _ in page_images(path, "image")] == [0, 1]
    pages = ocr_file(path, "image", pages=[0, 1], engine=engine)
    assert cer("".join(LINES), pages[0].text) <= 0.05
    assert pages[1].status == EMPTY


def test_an_image_only_pdf_page_is_rendered_and_read(tmp_path, engine, page):
    from reportlab.lib.utils import ImageReader
    from reportlab.pdfgen import canvas

    buf = io.BytesIO()
    page.save(buf, "PNG")
    path = tmp_path / "scan.pdf"
    c = canvas.Canvas(str(path), pagesize=(page.width * 72 / 150, page.height * 72 / 150))
    c.drawImage(ImageReader(io.BytesIO(buf.getvalue())), 0, 0, page.width * 72 / 150,
                page.height * 72 / 150)
    c.showPage()
    c.save()
    pages = ocr_file(path, "pdf", pages=[0, 5], engine=engine)
    assert cer("".join(LINES), pages[0].text) <= 0.05
    assert pages[5].status == UNREADABLE                         # asked for a page it lacks
