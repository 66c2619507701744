"""Searchable volumes: a scanned page read by OCR carries its text invisibly in the bound
volume (as OCRmyPDF's sandwich PDFs do), so a PDF reader finds it; the page still looks the
same and keeps its stamp, a rebuild gives the same bytes, and text read after a compile
makes the next compile rebuild that volume. Where OCR told where its lines stand, each line
lies on its words (scans upright or turned by OCR, landscape pages turned for binding)."""

from __future__ import annotations

from pathlib import Path

import pypdfium2 as pdfium
import pytest

from evidence_app.export.batch import BatchOptions, compile_batch
from evidence_app.intake import add_paths, ocr_queue, run_ocr_queue
from evidence_app.intake.ocr import READ, OcrLine, OcrPage
from tests.intake.test_ocr_queue import FakeEngine, _scans

from .test_batch import _stamp_text, _texts


def _rendered(path: str, index: int) -> bytes:
    """What a page looks like (pixels), whatever invisible text it carries."""
    pdf = pdfium.PdfDocument(path)
    try:
        return pdf[index].render(scale=0.5).to_pil().tobytes()
    finally:
        pdf.close()


def test_ocr_text_lies_invisibly_over_the_scan_in_the_volume(archive, tmp_path, monkeypatch):
    monkeypatch.setattr(ocr_queue, "ENGINE_FACTORY", FakeEngine)
    add_paths(archive, [_scans(tmp_path / "in", 1)], requirements=["3.2.1"], workers=1)
    # described by hand, so OCR fills nothing the image's caption in the volume shows
    archive.update_document(1, title="网格员入户走访照片", date="20210312")
    before = compile_batch(archive, tmp_path / "out", BatchOptions(jobs=1))
    [volume] = before.volumes
    body = volume["documents"][0]["pdf_index"] - 1
    stamp = _stamp_text(volume["path"])[body]
    assert "第101号图" not in _texts(volume["path"])[body]
    looks = _rendered(volume["path"], body)

    run_ocr_queue(archive, workers=1)
    after = compile_batch(archive, tmp_path / "out", BatchOptions(jobs=1))
    assert after.built == 1                       # new text: the volume is rebuilt
    [volume] = after.volumes
    text = _texts(volume["path"])[body]
    assert "第101号图" in text and "潭政办发〔2021〕12号" in text.replace("\r\n", "")
    assert stamp and _stamp_text(volume["path"])[body] == stamp
    assert _rendered(volume["path"], body) == looks   # invisible: the page looks the same
    again = compile_batch(archive, tmp_path / "again", BatchOptions(jobs=1))
    assert Path(again.volumes[0]["path"]).read_bytes() == Path(volume["path"]).read_bytes()


WORD = "网格化服务管理"
#: scans: (size, where the red bar standing for the words is, the quarter turns OCR reports);
#: photos lie on an A4 sheet with a caption, the scanned A4 landscape PDF page is turned for
#: binding
SCANS = {"upright.png": ((400, 560), (60, 120, 340, 160), 0),
         "upside_down.png": ((400, 560), (60, 400, 340, 440), 180),
         "sideways.png": ((400, 560), (180, 80, 220, 360), 90),
         "landscape.pdf": ((842, 595), (180, 90, 660, 150), 0)}


class PlacedEngine:
    """Stands in for OcrEngine: reads WORD on the scan's red bar, upright after the turn
    SCANS gives that scan, with the bar's box on the upright image (as the real engine
    reports it)."""

    settings = FakeEngine.settings

    def read(self, image) -> OcrPage:
        width, height = image.size
        # the bar is dark in grey; a JPEG's ringing around it is not
        left, top, right, bottom = image.convert("L").point(
            lambda v: 255 if v < 160 else 0).getbbox()
        # which scan this is: the bar standing (sideways), low (upside down), or neither
        rotation = 90 if bottom - top > right - left else 180 if top > height / 2 else 0
        if rotation == 180:
            box, size = (width - right, height - bottom, width - left, height - top), \
                (width, height)
        elif rotation == 90:   # turned a quarter clockwise: x' = height - y, y' = x
            box, size = (height - bottom, left, height - top, right), (height, width)
        else:
            box, size = (left, top, right, bottom), (width, height)
        return OcrPage(WORD, [OcrLine(WORD, 0.95, box)], 0.95, rotation, READ, size=size)


def _red_bar(page) -> tuple[float, float, float, float]:
    """Where the page shows red (left, bottom, right, top in the page's own space, /Rotate
    set aside): the scan's bar as bound."""
    page.set_rotation(0)
    image = page.render(scale=1).to_pil().convert("RGB")
    red, green, _ = image.split()
    mask = red.point(lambda v: 255 if v > 200 else 0)
    mask.paste(0, mask=green.point(lambda v: 255 if v > 100 else 0))
    left, top, right, bottom = mask.getbbox()
    height = page.get_height()
    return left, height - bottom, right, height - top


def test_ocr_lines_lie_on_their_words_in_the_volume(archive, tmp_path, monkeypatch):
    from PIL import Image

    monkeypatch.setattr(ocr_queue, "ENGINE_FACTORY", PlacedEngine)
    folder = tmp_path / "in"
    folder.mkdir()
    for name, (size, bar, _) in SCANS.items():
        scan = Image.new("RGB", size, "white")
        scan.paste((230, 0, 0), bar)
        scan.save(folder / name, resolution=72.0)   # a PDF page of 842 × 595 pt
    add_paths(archive, [folder], requirements=["3.2.1"], workers=1)
    for doc_id in archive.document_ids():   # described by hand: OCR fills nothing shown
        archive.update_document(doc_id, title=f"照片{doc_id}", date="20210312")
    before = compile_batch(archive, tmp_path / "out", BatchOptions(jobs=1))
    looks = {n: _rendered(before.volumes[0]["path"], d["pdf_index"] - 1)
             for n, d in enumerate(before.volumes[0]["documents"])}
    run_ocr_queue(archive, workers=1)
    after = compile_batch(archive, tmp_path / "out", BatchOptions(jobs=1))
    [volume] = after.volumes
    pdf = pdfium.PdfDocument(volume["path"])
    try:
        for n, doc in enumerate(volume["documents"]):
            assert _rendered(volume["path"], doc["pdf_index"] - 1) == looks[n]
            page = pdf[doc["pdf_index"] - 1]
            text = page.get_textpage()
            found = text.get_text_range()
            assert WORD in found
            at = found.index(WORD)
            boxes = [text.get_charbox(at + i) for i in range(len(WORD))]
            left, bottom, right, top = _red_bar(page)
            tolerance = 4.0
            for l, b, r, t in boxes:   # every character on the bar
                assert left - tolerance <= l < r <= right + tolerance
                assert bottom - tolerance <= b < t <= top + tolerance
            # and the line covers the bar along its length (each character's full advance)
            loose = [text.get_charbox(at + i, loose=True) for i in range(len(WORD))]
            xs = [v for box in loose for v in (box[0], box[2])]
            ys = [v for box in loose for v in (box[1], box[3])]
            if right - left > top - bottom:
                assert min(xs) < left + tolerance and max(xs) > right - tolerance
            else:
                assert min(ys) < bottom + tolerance and max(ys) > top - tolerance
    finally:
        pdf.close()
    again = compile_batch(archive, tmp_path / "again", BatchOptions(jobs=1))
    assert Path(again.volumes[0]["path"]).read_bytes() == Path(volume["path"]).read_bytes()
