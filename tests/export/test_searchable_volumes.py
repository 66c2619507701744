"""Searchable volumes: a scanned page read by OCR carries its text invisibly in the bound
volume (as OCRmyPDF's sandwich PDFs do), so a PDF reader finds it; the page still looks the
same and keeps its stamp, a rebuild gives the same bytes, and text read after a compile
makes the next compile rebuild that volume."""

from __future__ import annotations

from pathlib import Path

import pypdfium2 as pdfium

from evidence_app.export.batch import BatchOptions, compile_batch
from evidence_app.intake import add_paths, ocr_queue, run_ocr_queue
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
