"""Conversions for the compile in the window: they run in the background when an archive
opens and after an import, the status bar counts them (转换中 n/m 份), and afterwards a
compile has nothing left to convert."""

from __future__ import annotations

import pytest

from evidence_app.export import pending_conversions

from .conftest import shown_window, wait_idle


@pytest.fixture(autouse=True)
def _built_in_renderers(monkeypatch):
    monkeypatch.setenv("EVIDENCE_SOFFICE", "")   # the same on a PC with or without LibreOffice


@pytest.fixture
def closed_window(qtbot, archive_dir, sample_ids):
    with shown_window(qtbot) as win:
        yield win


def test_an_opened_archive_and_an_import_are_converted_in_the_background(
        qtbot, closed_window, archive_dir, tmp_path, monkeypatch):
    win = closed_window
    shown: list[str] = []
    conversions = win.conversions
    counted = conversions._progress
    monkeypatch.setattr(conversions, "_progress", lambda done, total, message: (
        counted(done, total, message), shown.append(conversions.label.text())))
    assert win.open_archive(archive_dir)
    wait_idle(qtbot, win)
    assert shown[-1] == "转换中 3/3 份"              # the three text files, not the PDF
    assert not conversions.widget.isVisible()
    assert pending_conversions(win.archive) == []

    # (the preview may convert the one it shows first: the rest is converted in the back)
    for name in ("新通知.txt", "新方案.txt"):
        (tmp_path / name).write_text(f"关于{name}的通知", encoding="utf-8")
    win.importing.import_paths([tmp_path / "新通知.txt", tmp_path / "新方案.txt"])
    qtbot.waitUntil(lambda: win.importing.summary is not None, timeout=60000)
    win.importing.summary.close()
    wait_idle(qtbot, win)
    assert len(win.archive.document_ids()) == 6
    assert pending_conversions(win.archive) == []
