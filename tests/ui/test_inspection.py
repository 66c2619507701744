"""Inspection mode as staff use it in front of the inspectors: look up a requirement, a
task or words, and open any document here, large, at its page."""

from __future__ import annotations

from PySide6.QtCore import Qt
from PySide6.QtGui import QFontInfo

from evidence_app.archive.volumes import BoundDocument, VolumeRecord, record_volumes
from evidence_app.ui import inspection as inspection_module

from .conftest import _make_pdf, wait_idle
from .test_window import type_text

VOLUME = "volumes/SZZL-2021-007.pdf"


def _bind_in_a_volume(archive, doc_id: int, batch_folder) -> None:
    """As a compile elsewhere would leave it: the volume file in the batch's folder, the
    archive recording where the document is bound and where the batch went."""
    (batch_folder / "volumes").mkdir(parents=True)
    _make_pdf(batch_folder / VOLUME, pages=24)
    record_volumes(archive, [VolumeRecord(
        plan_key="requirement:3.2.1", part=1, parts=1, archive_code="SZZL-2021-007",
        title="3.2.1 佐证资料", path=VOLUME, body_pages=20, pdf_pages=24,
        sha256="0" * 64, input_hash="x",
        documents=[BoundDocument(doc_id, 1, 5, 6, 9)])], folder=str(batch_folder))


def _enter(qtbot, window):
    qtbot.keyClick(window, Qt.Key_F11)
    assert window.stack.currentWidget() is window.inspection
    return window.inspection


def _ask(qtbot, page, text: str, words: bool = False) -> None:
    page.query.clear()
    type_text(qtbot, page.query, text)
    if words:
        with qtbot.waitSignal(page.answered, timeout=20000):     # searched off the GUI thread
            qtbot.keyClick(page.query, Qt.Key_Return)
    else:
        qtbot.keyClick(page.query, Qt.Key_Return)


def _click_open(qtbot, page, item) -> None:
    """Click the row's 打开 button where it is drawn."""
    page.results.scrollToItem(item)
    index = page.results.indexFromItem(item, inspection_module.OPEN_COLUMN)
    qtbot.waitUntil(lambda: page.results.visualRect(index).width() > 0)
    qtbot.mouseClick(page.results.viewport(), Qt.LeftButton,
                     pos=page.results.visualRect(index).center())


def test_a_bound_document_opens_in_its_volume_at_its_page_in_large_type(
        window, qtbot, sample_ids, tmp_path):
    _bind_in_a_volume(window.archive, sample_ids[1], tmp_path / "在另一台电脑编制的卷册")
    page = _enter(qtbot, window)
    assert QFontInfo(page.query.font()).pointSize() >= 17
    assert QFontInfo(page.results.font()).pointSize() >= 17
    _ask(qtbot, page, "3.2.1")
    assert "建立健全矛盾纠纷多元化解机制" in page.heading.text()
    assert page.results.topLevelItemCount() == 1
    item = page.results.topLevelItem(0)
    assert "SZZL-2021-007" in item.text(4) and "5" in item.text(4)
    _click_open(qtbot, page, item)
    viewer = page.viewer
    assert page.pages.currentIndex() == 1
    assert viewer.stack.currentWidget() is viewer.view and viewer.pdf.pageCount() == 24
    qtbot.waitUntil(lambda: viewer.current_page() == 9)          # the document's first page
    assert "SZZL-2021-007" in page.viewer_title.text()
    qtbot.keyClick(page.viewer, Qt.Key_Escape)                    # back to the list
    assert page.pages.currentIndex() == 0
    qtbot.keyClick(page.query, Qt.Key_F11)
    assert window.stack.currentWidget() is window.splitter
    assert not window.isFullScreen()
    wait_idle(qtbot, window)


def test_an_unbound_hit_opens_its_original_at_the_hit_page(window, qtbot, sample_ids):
    page = _enter(qtbot, window)
    _ask(qtbot, page, "网格化服务", words=True)
    assert page.results.topLevelItemCount() == 1
    item = page.results.topLevelItem(0)
    assert item.text(4) == "尚未装订"
    _click_open(qtbot, page, item)
    viewer = page.viewer
    assert viewer.stack.currentWidget() is viewer.view            # the original PDF
    qtbot.waitUntil(lambda: viewer.current_page() == 2)           # where the words are
    assert "原件" in page.viewer_title.text()
    # a text document opens at once as the pages a compile binds: the window converted it
    # in the background when the archive opened
    page.back_to_list()
    _ask(qtbot, page, "公共法律服务平台台账", words=True)
    _click_open(qtbot, page, page.results.topLevelItem(0))
    assert viewer.stack.currentWidget() is viewer.view
    assert viewer.pdf.pageCount() == 1
    page.closed.emit()
    wait_idle(qtbot, window)


def test_a_task_lists_its_requirements_with_their_evidence(window, qtbot, sample_ids):
    page = _enter(qtbot, window)
    _ask(qtbot, page, "3.2")
    groups = [page.results.topLevelItem(i) for i in range(page.results.topLevelItemCount())]
    assert [g.text(0).split()[0] for g in groups] == ["3.2.1", "3.2.2"]
    assert groups[0].childCount() == 1 and groups[0].child(0).text(1) == "矛盾纠纷多元化解工作方案"
    assert groups[1].childCount() == 0 and "0" in groups[1].text(0)
    # a document's number sits a level in, under its requirement, and still reads whole
    metrics = page.results.fontMetrics()
    assert page.results.columnWidth(0) >= \
        page.results.indentation() + metrics.horizontalAdvance("000")
    _click_open(qtbot, page, groups[0])             # a requirement's row has no button
    assert page.pages.currentIndex() == 0
    _click_open(qtbot, page, groups[0].child(0))    # its document's has
    assert page.pages.currentIndex() == 1 and "矛盾纠纷多元化解工作方案" in page.viewer_title.text()
    page.closed.emit()


def test_every_hit_is_reachable_a_page_at_a_time(window, qtbot, sample_ids, monkeypatch):
    monkeypatch.setattr(inspection_module, "PAGE", 2)
    page = _enter(qtbot, window)
    _ask(qtbot, page, "建设", words=True)
    assert "3 份" in page.heading.text()
    assert page.results.topLevelItemCount() == 2 and page.more_button.isVisible()
    assert "2" in page.footer.text() and "3" in page.footer.text()
    with qtbot.waitSignal(page.answered, timeout=20000):
        qtbot.mouseClick(page.more_button, Qt.LeftButton)
    assert page.results.topLevelItemCount() == 3 and not page.more_button.isVisible()
    assert [page.results.topLevelItem(i).text(0) for i in range(3)] == ["1", "2", "3"]
    page.closed.emit()
    wait_idle(qtbot, window)
