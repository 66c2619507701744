"""The window says what it did and what it shows: after an import, a filter, a search with
no hits, and on the catalogue's dots and counts."""

from __future__ import annotations

from PySide6.QtCore import QMimeData, QPoint, Qt, QUrl
from PySide6.QtWidgets import QApplication, QMessageBox, QToolButton

from evidence_app.archive.records import NewDocument

from .conftest import wait_idle
from .test_window import _drop, type_text


def test_imported_documents_are_selected_and_shown(window, qtbot, tmp_path, sample_ids):
    window.tree.setCurrentIndex(window.tree_model.find("requirement", "3.2.1"))
    new = tmp_path / "新通知.txt"
    new.write_text("关于开展平安建设宣传月活动的通知", encoding="utf-8")
    mime = QMimeData()
    mime.setUrls([QUrl.fromLocalFile(str(new))])
    _drop(window, mime, QPoint(300, 300))
    qtbot.waitUntil(lambda: window.importing.summary is not None, timeout=60000)
    new_id = window.importing.summary.report.added[0]["id"]
    window.importing.summary.close()
    wait_idle(qtbot, window)
    # it is not tagged with 3.2.1: the list of all documents shows it, selected
    assert window.documents.selected_ids() == [new_id]
    assert window.details.doc.id == new_id


def test_the_list_title_says_how_many_the_filter_keeps(window, qtbot, sample_ids):
    assert "共 4 份文档" in window.documents.title.text()
    type_text(qtbot, window.documents.filter_box, "台账")
    assert window.doc_model.rowCount() == 1
    assert "共 4 份文档" in window.documents.title.text()
    assert "筛选后显示 1 份" in window.documents.title.text()


def _add_a_scan(archive, folder) -> None:
    """A photo: stored and catalogued, but without text for search to look into."""
    from evidence_app.archive.store import sha256_of

    photo = folder / "入户走访.jpg"
    photo.write_bytes(b"\xff\xd8\xff\xe0 not really a photo")
    sha, size = sha256_of(photo)
    archive.add_documents([NewDocument(
        sha256=sha, size=size, original_name=photo.name, ext=".jpg", kind="image",
        title="入户走访照片", title_supplied=False, doc_number=None, date=None, pages=1,
        page_texts=[""], has_text=False, requirements=[], mechanisms=[])], [photo])


def test_a_search_without_hits_empties_the_preview_and_names_unreadable_documents(
        window, qtbot, sample_ids, tmp_path):
    _add_a_scan(window.archive, tmp_path)
    type_text(qtbot, window.search_box, "网格化服务")
    qtbot.waitUntil(lambda: window.hits_model.rowCount() == 1, timeout=20000)
    qtbot.waitUntil(lambda: window.details.doc is not None)
    assert "1 份文档没有可检索的文字" in window.search.label.text()
    window.search_box.clear()
    type_text(qtbot, window.search_box, "没有这样的文字")
    qtbot.waitUntil(lambda: window.details.doc is None, timeout=20000)
    assert window.search.label.text().startswith("0 份文档含有")
    wait_idle(qtbot, window)


def test_dots_and_counts_explain_themselves(window, sample_ids):
    model = window.tree_model
    requirement = model.find("requirement", "3.2.1")
    assert model.data(requirement.siblingAtColumn(1), Qt.ToolTipRole) == "已标注 1 份文档"
    task = requirement.parent()
    tip = model.data(task.siblingAtColumn(1), Qt.ToolTipRole)
    assert "具体要求" in tip and "已完成" in tip
    assert "色" in model.data(requirement, Qt.ToolTipRole)
    assert "具体要求" in model.headerData(1, Qt.Horizontal, Qt.ToolTipRole)


def test_help_and_about_are_in_the_menu(window, qtbot):
    assert window.help_menu.title() == "帮助(&H)"
    window.about_action.trigger()
    boxes = [w for w in QApplication.topLevelWidgets()
             if isinstance(w, QMessageBox) and w.isVisible()]
    assert boxes and "离线" in boxes[0].text()
    for box in boxes:
        box.close()


def test_a_hit_is_marked_on_its_page_and_the_preview_zooms(window, qtbot, sample_ids):
    type_text(qtbot, window.search_box, "网格化服务")
    qtbot.waitUntil(lambda: window.hits_model.rowCount() == 1, timeout=20000)
    qtbot.keyClick(window.search_box, Qt.Key_Return)
    preview = window.details.preview
    qtbot.waitUntil(lambda: preview.current_page() == 2)
    assert preview.hits.searchString() == "网格化服务"           # marked on the PDF's pages
    before = preview.view.zoomFactor()
    larger = next(b for b in preview.findChildren(QToolButton) if b.text() == "+")
    qtbot.mouseClick(larger, Qt.LeftButton)
    assert preview.view.zoomFactor() > before
    # a text document: the words are marked in its text
    window.search_box.clear()
    type_text(qtbot, window.search_box, "法律服务")
    qtbot.waitUntil(lambda: window.hits_model.rowCount() == 1, timeout=20000)
    qtbot.keyClick(window.search_box, Qt.Key_Return)
    qtbot.waitUntil(lambda: window.details.doc is not None and
                    window.details.doc.id == sample_ids[2])
    if preview.stack.currentWidget() is preview.text:      # not converted yet
        assert preview.text.extraSelections()
    else:
        assert preview.hits.searchString() == "法律服务"
    wait_idle(qtbot, window)
