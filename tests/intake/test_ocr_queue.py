"""The OCR queue runner: imports queue scanned pages without waiting, a run reads them in
worker processes and stores them page by page, cancelling keeps what is done, a run killed
with SIGKILL leaves an archive that passes `check` and a second run finishes the rest, OCR
text is searchable and says so, and scanned 公文 get their 文号/责任者/date/title.

The bookkeeping tests use a fake engine (the real one takes seconds a page on a busy
machine); one test runs the real engine end to end on a small image, through the CLI.
"""

from __future__ import annotations

import json
import os
import signal
import subprocess
import sys
import time
import zlib
from pathlib import Path

import pytest

from evidence_app.archive import Archive, ocr_backlog, page_sources
from evidence_app.cli import main
from evidence_app.indexing.search import search
from evidence_app.intake import add_paths, ocr_queue, run_ocr_queue
from evidence_app.intake.ocr import READ, OcrPage, OcrSettings
from evidence_app.progress import CancelToken
from tests.intake.test_ocr import render

OFFICIAL = ["关于加强网格化服务管理工作的通知", "潭政办发〔2021〕12号", "各区县人民政府：",
            "请认真贯彻落实。", "湘潭市人民政府办公室", "2021年3月12日"]
ROOT = Path(__file__).resolve().parents[2]


class FakeEngine:
    """Stands in for OcrEngine in the worker processes: the 'text' of a page image is the
    公文 above, with the image's width so every page reads differently."""

    settings = OcrSettings()
    delay = 0.0

    def read(self, image) -> OcrPage:
        time.sleep(self.delay)
        text = "\n".join(OFFICIAL + [f"第{image.size[0]}号图"])
        return OcrPage(text, confidence=0.875, status=READ)


class SlowFakeEngine(FakeEngine):
    delay = 0.4


def _scans(folder: Path, count: int, broken: bool = False) -> Path:
    """``count`` small PNG scans (widths 101, 102, …), plus if ``broken`` one whose chunks
    are intact (so the import accepts it) but whose pixels do not decompress."""
    from PIL import Image

    folder.mkdir(parents=True, exist_ok=True)
    for n in range(count):
        Image.new("L", (101 + n, 60), 255).save(folder / f"scan_{n + 1:03}.png")
    if broken:
        good = (folder / "scan_001.png").read_bytes()
        at = good.index(b"IDAT")
        size = int.from_bytes(good[at - 4:at], "big")
        garbage = bytes(range(7, 7 + size))
        crc = zlib.crc32(b"IDAT" + garbage).to_bytes(4, "big")
        (folder / "zz_torn.png").write_bytes(good[:at + 4] + garbage + crc
                                             + good[at + 8 + size:])
    return folder


@pytest.fixture
def fake_engine(monkeypatch):
    monkeypatch.setattr(ocr_queue, "ENGINE_FACTORY", FakeEngine)


def test_import_queues_scans_and_a_run_reads_fills_and_makes_them_searchable(
        archive_dir, tmp_path, fake_engine):
    with Archive.open(archive_dir) as archive:
        report = add_paths(archive, [_scans(tmp_path / "in", 2, broken=True)], workers=1)
        assert len(report.added) == 3 and not report.errors
        assert ocr_backlog(archive).pending == 3          # the import did not wait for OCR
        before = search(archive, "网格化服务")
        assert before.total == 0 and before.unsearchable == 3
        seen = []
        run = run_ocr_queue(archive, lambda d, t, m: seen.append((d, t)), workers=2)
        assert (run.pages, run.unreadable, run.remaining, run.cancelled) == (2, 1, 0, False)
        assert seen[0] == (0, 3) and seen[-1] == (3, 3)
        first = archive.document(1)
        assert (first.title, first.doc_number, first.issuer, first.date, first.title_supplied
                ) == ("关于加强网格化服务管理工作的通知", "潭政办发〔2021〕12号",
                      "湘潭市人民政府办公室", "20210312", False)
        assert run.filled[1]["doc_number"] == "潭政办发〔2021〕12号"
        [torn] = page_sources(archive, 3)
        assert torn.source == "none" and torn.reason and not torn.waiting
        assert archive.check().ok
        found = search(archive, "第102号图")
        assert [h.id for h in found.hits] == [2] and found.hits[0].ocr
        assert search(archive, "网格化服务").unsearchable == 1   # only the torn one
        assert json.loads(json.dumps(found.as_json()))["hits"][0]["ocr"] is True


def test_cancelling_keeps_the_pages_read_and_the_next_run_finishes(archive_dir, tmp_path,
                                                                 monkeypatch):
    monkeypatch.setattr(ocr_queue, "ENGINE_FACTORY", SlowFakeEngine)
    with Archive.open(archive_dir) as archive:
        add_paths(archive, [_scans(tmp_path / "in", 4)], workers=1)
        cancel = CancelToken()

        def progress(done, total, message):
            if done >= 1:
                cancel.cancel()

        run = run_ocr_queue(archive, progress, cancel, workers=1)
        assert run.cancelled and run.pages >= 1 and run.remaining == 4 - run.pages
        assert archive.check().ok
        rest = run_ocr_queue(archive, workers=2)
        assert rest.pages == 4 - run.pages and rest.remaining == 0
        assert all(p.source == "ocr" for d in range(1, 5) for p in page_sources(archive, d))


def test_a_run_limited_to_some_documents_leaves_the_others_waiting(archive_dir, tmp_path,
                                                                  fake_engine):
    with Archive.open(archive_dir) as archive:
        add_paths(archive, [_scans(tmp_path / "in", 3)], workers=1)
        run = run_ocr_queue(archive, workers=1, doc_ids=[2])
        assert run.documents == [2] and run.remaining == 0
        assert ocr_backlog(archive).pending == 2


def test_a_person_s_title_is_kept_when_ocr_finds_another(archive_dir, tmp_path, fake_engine):
    with Archive.open(archive_dir) as archive:
        add_paths(archive, [_scans(tmp_path / "in", 1)], workers=1)
        archive.update_document(1, title="网格员入户走访照片")
        run_ocr_queue(archive, workers=1)
        doc = archive.document(1)
        assert doc.title == "网格员入户走访照片" and doc.doc_number == "潭政办发〔2021〕12号"


_KILLABLE = """
import sys
from evidence_app.intake import ocr_queue
from tests.intake.test_ocr_queue import SlowFakeEngine
ocr_queue.ENGINE_FACTORY = SlowFakeEngine
from evidence_app.cli import main
sys.exit(main(["ocr", sys.argv[1], "--workers", "1"]))
"""


def test_killed_mid_queue_the_archive_checks_clean_and_a_second_run_finishes(
        archive_dir, tmp_path, fake_engine):
    with Archive.open(archive_dir) as archive:
        add_paths(archive, [_scans(tmp_path / "in", 8)], workers=1)
    env = dict(os.environ, PYTHONPATH=str(ROOT))
    proc = subprocess.Popen([sys.executable, "-c", _KILLABLE, str(archive_dir)], env=env,
                            cwd=ROOT, start_new_session=True)
    try:
        deadline = time.monotonic() + 120
        while time.monotonic() < deadline:
            with Archive.open(archive_dir, read_only=True) as reader:
                if ocr_backlog(reader).pending < 8:
                    break
            time.sleep(0.05)
        os.killpg(proc.pid, signal.SIGKILL)   # the program and its OCR workers
    finally:
        proc.wait(30)
    with Archive.open(archive_dir) as archive:      # the stale lock of a dead process clears
        left = ocr_backlog(archive).pending
        assert 0 < left < 8
        assert archive.check().ok
        run = run_ocr_queue(archive, workers=2)
        assert run.pages == left and ocr_backlog(archive).pending == 0
        assert archive.check().ok


def test_real_engine_end_to_end_through_the_command_line(archive_dir, tmp_path, capsys):
    folder = tmp_path / "in"
    folder.mkdir()
    render(OFFICIAL[:2] + OFFICIAL[4:]).save(folder / "扫描件.png")
    assert main(["add", str(archive_dir), str(folder), "--ocr", "--json"]) == 0
    added = json.loads(capsys.readouterr().out)
    assert added["ocr"]["pages"] == 1 and added["ocr"]["remaining"] == 0
    assert added["ocr"]["filled"]["1"]["doc_number"] == "潭政办发〔2021〕12号"
    assert main(["show", str(archive_dir), "1", "--text"]) == 0
    shown = capsys.readouterr().out
    assert "--- page 1 (OCR, confidence 0." in shown and "网格化服务管理" in shown
    assert main(["search", str(archive_dir), "网格化服务管理", "--json"]) == 0
    [hit] = json.loads(capsys.readouterr().out)["hits"]
    assert hit["ocr"] is True and hit["page"] == 1
    assert main(["ocr", str(archive_dir), "--json"]) == 0     # nothing left: a quick no-op
    assert json.loads(capsys.readouterr().out)["pages"] == 0
