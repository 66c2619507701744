"""The window's layout across launches, and its fit on a small screen."""

from __future__ import annotations

from PySide6.QtGui import QGuiApplication

from .test_session import _close, _launch


def test_size_splitter_and_column_widths_come_back_at_the_next_launch(
        qtbot, archive_dir, sample_ids):
    first = _launch(qtbot)
    assert first.open_archive(archive_dir)
    first.resize(760, 560)
    first.splitter.setSizes([160, 300, 290])
    first.table.setColumnWidth(0, 333)
    sizes = first.splitter.sizes()
    _close(first)

    second = _launch(qtbot)
    try:
        assert second.size().width() == 760 and second.size().height() == 560
        assert second.splitter.sizes() == sizes
        assert second.table.columnWidth(0) == 333
    finally:
        _close(second)


def test_a_first_window_fits_its_screen_and_keeps_the_search_box_at_its_smallest(qtbot):
    win = _launch(qtbot)
    try:
        free = QGuiApplication.primaryScreen().availableGeometry()
        assert free.contains(win.frameGeometry())
        win.resize(win.minimumSize())
        qtbot.waitUntil(lambda: win.width() == win.minimumWidth())
        box = win.search_box
        assert box.isVisible()
        assert win.rect().contains(box.geometry().translated(box.mapTo(win, box.rect().topLeft())
                                                             - box.geometry().topLeft()))
    finally:
        _close(win)
