"""OCR in the window: opening an archive with scans waiting reads them in the background,
the status bar counts the pages (识别中 n/m 页) while the GUI thread keeps handling events,
stopping keeps what was read, and a search hit in OCR text says 识别文字."""

from __future__ import annotations

import pytest
from PySide6.QtCore import Qt, QTimer

from evidence_app.archive import Archive, ocr_backlog
from evidence_app.indexing.search import search
from evidence_app.intake import add_paths, ocr_queue
from tests.intake.test_ocr_queue import SlowFakeEngine, _scans

from .conftest import shown_window

PAGES = 4


@pytest.fixture
def scan_window(qtbot, archive_dir, tmp_path, monkeypatch):
    """A window about to open an archive holding scans that wait for OCR (fake engine)."""
    monkeypatch.setattr(ocr_queue, "ENGINE_FACTORY", SlowFakeEngine)
    with Archive.open(archive_dir) as archive:
        add_paths(archive, [_scans(tmp_path / "in", PAGES)], workers=1)
    with shown_window(qtbot) as win:
        yield win


def test_scans_are_read_in_the_background_while_the_window_keeps_working(qtbot, scan_window,
                                                                          archive_dir):
    win = scan_window
    status = win.ocr_status
    seen_by_timer: list[str] = []
    timer = QTimer()
    timer.timeout.connect(lambda: seen_by_timer.append(status.label.text()))
    timer.start(10)
    assert win.open_archive(archive_dir)
    qtbot.waitUntil(lambda: status.widget.isVisible()
                    and status.label.text() == f"识别中 1/{PAGES} 页", timeout=60000)
    win.search_box.setText("第102号图")          # the window answers while OCR runs
    qtbot.waitUntil(lambda: status.job is None, timeout=60000)
    timer.stop()
    # the GUI thread ran the timer throughout: it saw the count go up page by page
    counts = [t for t in dict.fromkeys(seen_by_timer) if t.startswith("识别中")]
    assert len(counts) >= 2 and counts[-1] != counts[0]
    assert not status.widget.isVisible()
    assert ocr_backlog(win.archive).pending == 0
    win.show_document(2)                        # the details say which pages OCR read
    assert "第 1 页为识别文字" in win.details.heading.text()
    found = search(win.archive, "第102号图")
    assert found.hits and found.hits[0].ocr

    from evidence_app.ui.searchview import hit_html

    assert "识别文字" in hit_html(found.hits[0])


def test_stop_keeps_the_pages_read_and_reopening_reads_the_rest(qtbot, scan_window,
                                                               archive_dir):
    win = scan_window
    status = win.ocr_status
    assert win.open_archive(archive_dir)
    qtbot.waitUntil(lambda: status.label.text() == f"识别中 1/{PAGES} 页", timeout=60000)
    qtbot.mouseClick(status.stop_button, Qt.LeftButton)
    qtbot.waitUntil(lambda: status.job is None, timeout=60000)
    left = ocr_backlog(win.archive).pending
    assert 0 < left < PAGES and win.last_message.startswith("已停止识别")
    win.close_archive()
    assert win.open_archive(archive_dir)
    qtbot.waitUntil(lambda: status.job is None and not ocr_backlog(win.archive).pending,
                    timeout=60000)
