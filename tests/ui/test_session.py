"""Opening archives across launches: the recent-archives list, and a bad entry in it."""

from __future__ import annotations

import shutil

from evidence_app.archive.archive import Archive

from .conftest import wait_idle


def _launch(qtbot):
    """A fresh start of the program: a new window on settings read back from disk."""
    from evidence_app.ui.app import make_window

    win = make_window("zh_CN", quiet=True)
    win.show()
    qtbot.waitExposed(win)
    wait_idle(qtbot, win)
    return win


def _close(win) -> None:
    win.close()
    win.deleteLater()


def _recent_entries(win) -> list[str]:
    win.recent_menu.aboutToShow.emit()
    return [a.text() for a in win.recent_menu.actions()]


def test_recent_archives_survive_two_launches_and_a_missing_one_keeps_the_open_archive(
        qtbot, archive_dir, sample_ids, tmp_path):
    first = _launch(qtbot)
    assert first.archive is None
    assert first.open_archive(archive_dir)
    wait_idle(qtbot, first)
    _close(first)

    # second launch: the last archive opens again and the list holds its one path, whole
    second = _launch(qtbot)
    try:
        assert second.archive_path == archive_dir
        assert _recent_entries(second) == [str(archive_dir)]
        other = tmp_path / "另一个 档案库, 2021"
        Archive.create(other).close()
        assert second.open_archive(other)
        wait_idle(qtbot, second)
    finally:
        _close(second)

    third = _launch(qtbot)
    try:
        assert third.archive_path == other
        assert _recent_entries(third) == [str(other), str(archive_dir)]
        # an entry whose folder went away: the open archive stays open, the reason is Chinese
        shutil.rmtree(archive_dir)
        third.recent_menu.actions()[1].trigger()
        wait_idle(qtbot, third)
        assert third.archive_path == other and third.archive is not None
        assert "不存在" in third.last_message and str(archive_dir) in third.last_message
        # choosing the archive already open leaves it open
        third.recent_menu.aboutToShow.emit()
        third.recent_menu.actions()[0].trigger()
        assert third.archive_path == other and "已经打开" in third.last_message
    finally:
        _close(third)
