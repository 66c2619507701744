"""PDF text that does not depend on the PC's fonts, and text layers that cannot be trusted.

CI runs with ``fonts-droid-fallback`` installed (scripts/setup), the font with which pdfium
loses the most; the demo's 潭办发〔2020〕89号 loses characters on its turned table page with any
font this project has met. The assertions hold whatever fonts are installed.
"""

from __future__ import annotations

import random
from pathlib import Path

import pytest

from evidence_app.demo.generate import plan_demo
from evidence_app.demo.render import build_text_pdf, file_rng
from evidence_app.intake.extract import extract
from evidence_app.intake.pdftext import looks_garbled

from .test_extract import make_pdf

SEED = 2023


def _nows(text: str) -> str:
    return "".join(text.split())


@pytest.fixture(scope="module")
def document_89(tmp_path_factory):
    """The demo's 潭办发〔2020〕89号 and the text of each of its pages as written."""
    _, specs = plan_demo("small", SEED)
    spec = next(s for s in specs if s.entry.kind == "pdf" and "〔2020〕89号" in s.entry.path)
    doc = build_text_pdf(spec, file_rng(SEED, spec.index))
    path = tmp_path_factory.mktemp("pdf") / "89.pdf"
    path.write_bytes(doc.to_bytes())
    return path, [page.plain_text for page in doc.pages]


def test_the_89_page_keeps_its_digits_and_characters(document_89):
    path, truth = document_89
    read = extract(path)
    assert read.page_count == len(truth) == 5
    table = _nows(read.pages[4])
    assert table == _nows(truth[4])
    # the turned statistics table: every digit and every unit name of its cells
    for cell in ("序号", "雨湖区", "79.4%", "1829", "合计", "按期推进"):
        assert cell in table
    assert [_nows(p) for p in read.pages] == [_nows(t) for t in truth]
    assert read.needs_ocr == []


def _random_rare_han(rng: random.Random, n: int) -> str:
    """Characters a wrong ToUnicode map produces: spread evenly over the Han block."""
    return "".join(chr(rng.randrange(0x4E00, 0x9FA5)) for _ in range(n))


def test_a_text_layer_of_implausible_han_is_garbage_and_needs_ocr(tmp_path):
    rng = random.Random(7)
    garbage = [_random_rare_han(rng, 30) for _ in range(8)]
    good = ["关于加强网格化服务管理工作的通知", "各区县人民政府，市直各单位：",
            "为深入推进市域社会治理现代化试点工作，现就有关事项通知如下。"] * 3
    path = make_pdf(tmp_path / "mojibake.pdf", [good, garbage, None])
    read = extract(path)
    assert read.pages[0] and "网格化服务管理" in read.pages[0]
    assert read.pages[1] == ""                   # not indexed as if it were true
    assert read.needs_ocr == [1]                 # a page with one drawn box has nothing to read


def test_private_use_and_unassigned_code_points_are_garbage():
    assert looks_garbled("\ue012\ue013\ue0a0 " * 10 + "工作")
    assert looks_garbled("\U000f0001" * 25)
    assert not looks_garbled("市域社会治理现代化试点工作领导小组第三次全体会议纪要，"
                             "雨湖区、岳塘区、湘潭县、湘乡市、韶山市分别汇报了工作进展。")
    assert not looks_garbled("Minutes of the 3rd meeting, 2021-03-12: 17 of 21 tasks done.")
    assert not looks_garbled("短")                   # too little to judge


def test_real_chinese_of_every_demo_style_is_not_garbage():
    """Every page of a sample of the demo's text PDFs (notices, plans, rules, minutes, tables
    of place names) passes as real text: a false alarm would send a good page to OCR."""
    _, specs = plan_demo("small", SEED)
    pdfs = [s for s in specs if s.entry.kind == "pdf" and s.copy_of is None][:25]
    pages = [p.plain_text for s in pdfs for p in build_text_pdf(s, file_rng(SEED, s.index)).pages]
    assert len(pages) > 100
    assert not [p for p in pages if looks_garbled(p)]


def test_an_image_only_pdf_page_needs_ocr(tmp_path):
    from PIL import Image

    image = tmp_path / "scan.png"
    Image.new("L", (200, 280), 250).save(image)
    from reportlab.pdfgen import canvas

    path = tmp_path / "scan.pdf"
    c = canvas.Canvas(str(path))
    c.drawImage(str(image), 0, 0, 595, 842)
    c.showPage()
    c.save()
    read = extract(Path(path))
    assert read.pages == [""] and read.needs_ocr == [0]
