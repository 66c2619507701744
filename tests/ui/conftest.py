"""pytest-qt set-up for the window: fresh settings per test, a small archive, leak checks.

QT_QPA_PLATFORM=offscreen comes from tests/conftest.py. Every test gets QSettings in its own
temporary folder (never the developer's), and fails if it leaves a visible window or a
running background job behind (napari's conftest does the same).
"""

from __future__ import annotations

import io
from contextlib import contextmanager
from pathlib import Path

import pytest

from evidence_app.archive.archive import Archive
from evidence_app.archive.records import NewDocument
from evidence_app.archive.store import sha256_of

DOCS = [
    # name, title, page texts, requirements, mechanisms
    ("纪要.txt", "网格化工作会议纪要", ["全市网格化工作会议纪要，部署综治中心建设"], ["1.1.1"], []),
    ("方案.txt", "矛盾纠纷多元化解工作方案", ["矛盾纠纷多元化解", "人民调解委员会"], ["3.2.1"],
     ["JZ-002"]),
    ("台账.txt", "公共法律服务平台建设台账", ["公共法律服务平台台账"], [], []),
]


def _make_pdf(path: Path, pages: int = 3) -> None:
    from reportlab.pdfgen import canvas

    c = canvas.Canvas(str(path))
    for n in range(pages):
        c.drawString(100, 700, f"Page {n + 1} of the grid meeting report")
        c.showPage()
    c.save()


def add_sample_documents(archive_dir: Path, folder: Path) -> list[int]:
    """Three text documents and one 3-page PDF whose page 2 holds the word 网格化."""
    folder.mkdir(parents=True, exist_ok=True)
    ids = []
    with Archive.open(archive_dir) as archive:
        for name, title, texts, reqs, mechs in DOCS:
            source = folder / name
            source.write_text("\n".join(texts), encoding="utf-8")
            sha, size = sha256_of(source)
            ids += archive.add_documents([NewDocument(
                sha256=sha, size=size, original_name=name, ext=".txt", kind="text",
                title=title, title_supplied=False, doc_number=None, date=None,
                pages=len(texts), page_texts=texts, has_text=True, requirements=reqs,
                mechanisms=mechs)], [source])
        pdf = folder / "报告.pdf"
        _make_pdf(pdf)
        sha, size = sha256_of(pdf)
        ids += archive.add_documents([NewDocument(
            sha256=sha, size=size, original_name="报告.pdf", ext=".pdf", kind="pdf",
            title="综治中心建设情况报告", title_supplied=False, doc_number="潭综治发〔2021〕3号",
            date="20210312", pages=3,
            page_texts=["综治中心建设情况", "第二页：推进网格化服务管理", "第三页：下一步工作"],
            has_text=True, requirements=[], mechanisms=[])], [pdf])
    return ids


@pytest.fixture(autouse=True)
def _fresh_settings(tmp_path, qapp, monkeypatch):
    """Settings of this test live in its own folder; nothing of the developer's is read."""
    from PySide6.QtCore import QSettings

    monkeypatch.setenv("EVIDENCE_CONFIG_DIR", str(tmp_path / "settings"))
    QSettings.setDefaultFormat(QSettings.IniFormat)
    QSettings.setPath(QSettings.IniFormat, QSettings.UserScope, str(tmp_path / "settings"))
    yield


@pytest.fixture(autouse=True)
def _no_blocking_questions(monkeypatch):
    """A modal question would hang the run: windows answer "yes" unless a test says else."""
    from evidence_app.ui.mainwindow import MainWindow

    monkeypatch.setattr(MainWindow, "ask", lambda self, title, text: True)


@pytest.fixture(scope="session", autouse=True)
def _ui_application(qapp):
    """The application as main() sets it up: bundled font and the Chinese translation."""
    from evidence_app.ui.app import setup_application

    setup_application(qapp, "zh_CN")
    yield


@pytest.fixture(autouse=True)
def _no_leaks(qapp):
    """Fail a test that leaves a window open or a background thread running."""
    from PySide6.QtCore import QThreadPool
    from PySide6.QtWidgets import QApplication

    yield
    QApplication.processEvents()
    visible = [w for w in QApplication.topLevelWidgets() if w.isVisible()]
    for widget in visible:
        widget.close()
    assert QThreadPool.globalInstance().activeThreadCount() == 0
    assert not visible, f"test left windows open: {visible}"


@pytest.fixture
def sample_ids(archive_dir, tmp_path) -> list[int]:
    return add_sample_documents(archive_dir, tmp_path / "sources")


@contextmanager
def shown_window(qtbot):
    """The main window in Chinese, shown offscreen with no archive yet; on the way out it is
    closed, with nothing of its work left running."""
    from evidence_app.ui.app import app_settings
    from evidence_app.ui.mainwindow import MainWindow

    win = MainWindow(app_settings(), language="zh_CN")
    win.show()
    qtbot.waitExposed(win)
    yield win
    win.close()
    assert not win.runner.busy()
    win.deleteLater()


@pytest.fixture
def window(qtbot, archive_dir, sample_ids):
    """The main window opened on a small archive, shown offscreen; closed cleanly after."""
    with shown_window(qtbot) as win:
        win.activateWindow()
        assert win.open_archive(archive_dir)
        wait_idle(qtbot, win)
        yield win
        win.ask = lambda *a: True
    assert win.archive is None


def wait_idle(qtbot, win, timeout: int = 20000) -> None:
    qtbot.waitUntil(lambda: not win.runner.busy(), timeout=timeout)


def row_of(win, doc_id: int) -> int:
    row = win.doc_model.row_of(doc_id)
    assert row is not None
    return row


def select_rows(win, rows) -> None:
    from PySide6.QtCore import QItemSelection, QItemSelectionModel

    selection = QItemSelection()
    for row in rows:
        index = win.doc_model.index(row, 0)
        selection.select(index, win.doc_model.index(row, win.doc_model.columnCount() - 1))
    win.table.selectionModel().select(selection, QItemSelectionModel.ClearAndSelect)
