"""A window opened read-only (someone else is editing): it says so, in Chinese, whatever
the user tries to change."""

from __future__ import annotations

from PySide6.QtCore import QMimeData, QPoint, QUrl

from evidence_app.archive.archive import Archive

from .conftest import row_of, select_rows, wait_idle
from .test_window import _click_in_next_message_box, _drop


def test_a_read_only_window_says_why_it_refuses_drops_and_tag_changes(
        qtbot, archive_dir, sample_ids, tmp_path):
    from evidence_app.ui.app import app_settings
    from evidence_app.ui.mainwindow import MainWindow

    new_file = tmp_path / "新通知.txt"
    new_file.write_text("关于开展平安建设宣传月活动的通知", encoding="utf-8")
    with Archive.open(archive_dir):                    # another program holds the writer lock
        win = MainWindow(app_settings())
        win.show()
        try:
            _click_in_next_message_box(qtbot, "只读打开", [])
            assert win.open_archive(archive_dir)
            wait_idle(qtbot, win)
            assert "只读" in win.windowTitle() and win.read_only_badge.isVisible()
            assert win.print_list_action.isEnabled()           # printing changes nothing
            # files dropped from the file manager: taken, and the refusal said in Chinese
            mime = QMimeData()
            mime.setUrls([QUrl.fromLocalFile(str(new_file))])
            assert _drop(win, mime, QPoint(600, 400)).isAccepted()
            assert "只读" in win.last_message and "导入文件" in win.last_message
            assert win.importing.progress_dialog is None
            # documents dragged onto a requirement: no tag, the same kind of sentence
            doc = sample_ids[2]
            select_rows(win, [row_of(win, doc)])
            documents = win.doc_model.mimeData(win.table.selectionModel().selectedRows())
            target = win.tree_model.find("requirement", "3.2.2")
            win.tree.scrollTo(target)
            _drop(win.tree.viewport(), documents, win.tree.visualRect(target).center())
            wait_idle(qtbot, win)
            assert "只读" in win.last_message and "修改标注" in win.last_message
            assert win.archive.document(doc).requirements == []
            # a tag chip offers no ×
            select_rows(win, [row_of(win, sample_ids[0])])
            chips = win.details.tag_chips()
            assert chips and not any(c.remove_button.isVisibleTo(win) for c in chips)
        finally:
            win.close()
            win.deleteLater()
    with Archive.open(archive_dir, read_only=True) as archive:
        assert len(archive.document_ids()) == 4
