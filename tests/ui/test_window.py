"""The window driven as a user would: open, drop files, drag to tag, undo, edit, search,
inspection mode, coverage; each test asserts on the archive as well as on the widgets."""

from __future__ import annotations

import shutil
import warnings

from PySide6.QtCore import QMimeData, QPoint, QPointF, Qt, QUrl
from PySide6.QtGui import QDragEnterEvent, QDragMoveEvent, QDropEvent, QInputMethodEvent
from PySide6.QtWidgets import QApplication, QDialogButtonBox

from evidence_app.archive.archive import Archive
from evidence_app.ui.models import NodeKindRole

from .conftest import row_of, select_rows, wait_idle


def _drop(widget, mime: QMimeData, pos: QPoint) -> QDropEvent:
    """What the file manager's drag does: enter, move over ``pos``, drop there."""
    with warnings.catch_warnings():  # PySide6 marks the QPoint constructors deprecated
        warnings.simplefilter("ignore", DeprecationWarning)
        enter = QDragEnterEvent(pos, Qt.CopyAction, mime, Qt.LeftButton, Qt.NoModifier)
        QApplication.sendEvent(widget, enter)
        move = QDragMoveEvent(pos, Qt.CopyAction, mime, Qt.LeftButton, Qt.NoModifier)
        QApplication.sendEvent(widget, move)
    event = QDropEvent(QPointF(pos), Qt.CopyAction, mime, Qt.LeftButton, Qt.NoModifier)
    QApplication.sendEvent(widget, event)
    return event


def type_text(qtbot, widget, text: str) -> None:
    """Type like a user: ASCII as key presses, Chinese as an input method commits it."""
    if text.isascii():
        qtbot.keyClicks(widget, text)
        return
    widget.setFocus()
    event = QInputMethodEvent()
    event.setCommitString(text)
    QApplication.sendEvent(widget, event)


def _tags(archive_dir, doc_id):
    with Archive.open(archive_dir, read_only=True) as archive:
        doc = archive.document(doc_id)
        return doc.requirements, doc.mechanisms


def test_open_shows_catalogue_counts_and_documents(window, sample_ids):
    model = window.tree_model
    kinds = [model.index(r, 0).data(NodeKindRole) for r in range(model.rowCount())]
    assert kinds[:2] == ["all", "untagged"] and "section" in kinds
    assert window.doc_model.rowCount() == 4
    index = model.find("requirement", "3.2.1")
    assert model.index(index.row(), 1, index.parent()).data() == "1"     # one piece of evidence
    window.tree.setCurrentIndex(index)
    assert window.doc_model.ids() == [sample_ids[1]]
    window.tree.setCurrentIndex(model.find("task", "3.2"))
    assert window.doc_model.ids() == [sample_ids[1]]
    window.tree.setCurrentIndex(model.index(1, 0))                         # untagged
    assert set(window.doc_model.ids()) == {sample_ids[2], sample_ids[3]}
    assert window.settings.value("last_archive") == str(window.archive_path)


def test_import_by_drop_shows_added_duplicate_and_failed(window, qtbot, tmp_path, sample_ids):
    drop_dir = tmp_path / "from-explorer"
    drop_dir.mkdir()
    (drop_dir / "新通知.txt").write_text("关于开展平安建设宣传月活动的通知", encoding="utf-8")
    shutil.copy(tmp_path / "sources" / "纪要.txt", drop_dir / "纪要副本.txt")   # a duplicate
    (drop_dir / "坏文件.pdf").write_bytes(b"%PDF-1.4 this is not really a pdf")
    mime = QMimeData()
    mime.setUrls([QUrl.fromLocalFile(str(drop_dir))])
    event = _drop(window, mime, QPoint(600, 400))
    assert event.isAccepted()
    qtbot.waitUntil(lambda: window.importing.summary is not None, timeout=60000)
    summary = window.importing.summary
    assert summary.groups["added"].childCount() == 1
    assert summary.groups["duplicates"].childCount() == 1
    assert summary.groups["errors"].childCount() == 1
    failed = summary.groups["errors"].child(0)
    assert failed.text(1) == "不是有效的 PDF（文件损坏、不完整或并非 PDF）"    # said in Chinese,
    assert failed.toolTip(1).startswith("not a valid PDF")                   # detail on hover
    assert window.doc_model.rowCount() == 5                   # the list shows the new one
    summary.close()
    wait_idle(qtbot, window)
    assert len(window.archive.document_ids()) == 5
    # the new text file was converted for the compile in the background meanwhile (for its
    # preview, or ahead of the compile)
    from evidence_app.export import converted_pdf

    new_id = summary.report.added[0]["id"]
    assert window.conversions.job is None
    assert converted_pdf(window.archive, window.archive.document(new_id)) is not None
    assert window.details.doc.id == new_id      # the new document is selected and shown


def test_import_warnings_are_said_in_chinese_with_the_core_words_on_hover(window, qtbot,
                                                                          tmp_path):
    drop_dir = tmp_path / "from-explorer"
    drop_dir.mkdir()
    (drop_dir / "密件.txt").write_text("秘密★1年\n关于维稳工作的通知\n正文", encoding="utf-8")
    mime = QMimeData()
    mime.setUrls([QUrl.fromLocalFile(str(drop_dir))])
    assert _drop(window, mime, QPoint(600, 400)).isAccepted()
    qtbot.waitUntil(lambda: window.importing.summary is not None, timeout=60000)
    summary = window.importing.summary
    assert summary.groups["added"].childCount() == 1
    [warning] = [summary.groups["warnings"].child(n)
                 for n in range(summary.groups["warnings"].childCount())]   # said once
    assert warning.text(0) == "密件.txt"
    assert warning.text(1) == "文件标有密级“秘密”：涉密文件不应存放在本机，编制卷册时不装订"
    assert warning.toolTip(1).startswith("the document declares the classification 秘密")
    summary.close()
    wait_idle(qtbot, window)


def _drop_folder(window, folder) -> None:
    mime = QMimeData()
    mime.setUrls([QUrl.fromLocalFile(str(folder))])
    assert _drop(window, mime, QPoint(600, 400)).isAccepted()


def test_a_text_document_is_previewed_as_its_volume_pages_once_converted(window, qtbot,
                                                                        sample_ids):
    from evidence_app.export import converted_pdf

    doc = window.archive.document(sample_ids[0])                 # 纪要.txt
    made = converted_pdf(window.archive, doc)       # converted ahead when the archive opened:
    for path in (made, made.with_name(made.name + ".json")):     # as if it had not been
        path.unlink()
    assert converted_pdf(window.archive, doc) is None
    window.show_document(doc.id)
    preview = window.details.preview
    assert preview.stack.currentWidget() is preview.text        # its text at once…
    assert "正在生成版式预览" in preview.page_count.text()
    qtbot.waitUntil(lambda: preview.stack.currentWidget() is preview.view, timeout=30000)
    assert preview.pdf.pageCount() >= 1                         # …then the typeset page
    converted = converted_pdf(window.archive, doc)
    assert converted is not None and converted.is_file()        # where the compile looks
    assert "正在生成" not in preview.page_count.text()
    assert not window.runner.busy(including_background=False)


def test_password_protected_pdf_opens_after_a_wrong_then_the_right_password(window, qtbot,
                                                                             tmp_path):
    from tests.test_passwords import locked_pdf

    locked_pdf(tmp_path / "drop" / "加密纪要.pdf", "专题会议纪要", password="grid2021")
    _drop_folder(window, tmp_path / "drop")
    qtbot.waitUntil(lambda: window.importing.summary is not None, timeout=60000)
    summary = window.importing.summary
    assert summary.groups["errors"].childCount() == 1 and summary.password_button is not None
    assert summary.groups["errors"].child(0).text(1) == "PDF 受密码保护：请点击“输入密码”并输入打开密码"
    assert summary.password_button.text() == "输入密码（1 个文件）…"
    qtbot.mouseClick(summary.password_button, Qt.LeftButton)
    first = window.importing.password_dialog
    assert first is not None and first.isVisible()
    [field] = first.fields.values()
    assert field.echoMode() == field.EchoMode.Password
    qtbot.keyClicks(field, "guess")
    window.importing.summary = None
    qtbot.mouseClick(first.buttons.button(QDialogButtonBox.Ok), Qt.LeftButton)

    # the wrong password brings the question back for that file, marked as wrong
    qtbot.waitUntil(lambda: window.importing.password_dialog not in (None, first), timeout=60000)
    again = window.importing.password_dialog
    [field] = again.fields.values()
    assert field.placeholderText() == "密码不正确，请重新输入"
    assert window.importing.summary is None and len(window.archive.document_ids()) == 4
    qtbot.keyClicks(field, "grid2021")
    qtbot.mouseClick(again.buttons.button(QDialogButtonBox.Ok), Qt.LeftButton)
    qtbot.waitUntil(lambda: window.importing.summary is not None, timeout=60000)
    summary = window.importing.summary
    assert summary.groups["added"].childCount() == 1
    assert summary.groups["errors"].childCount() == 0 and summary.password_button is None
    [new_id] = set(window.archive.document_ids()) - set(range(1, 5))
    doc = window.archive.document(new_id)
    assert doc.password_removed and doc.original_name == "加密纪要.pdf"
    assert window.doc_model.rowCount() == 5
    summary.close()
    assert window.archive.check().ok


def test_one_password_for_all_the_locked_pdfs_of_a_unit(window, qtbot, tmp_path):
    from tests.test_passwords import locked_pdf

    for name in ("甲.pdf", "乙.pdf", "丙.pdf"):
        locked_pdf(tmp_path / "drop" / name, f"{name} 工作台账", password="unit-pass")
    _drop_folder(window, tmp_path / "drop")
    qtbot.waitUntil(lambda: window.importing.summary is not None, timeout=60000)
    qtbot.mouseClick(window.importing.summary.password_button, Qt.LeftButton)
    dialog = window.importing.password_dialog
    fields = list(dialog.fields.values())
    assert len(fields) == 3
    qtbot.keyClicks(fields[1], "unit-pass")
    qtbot.mouseClick(dialog.same_button, Qt.LeftButton)
    assert [f.text() for f in fields] == ["unit-pass"] * 3
    window.importing.summary = None
    qtbot.mouseClick(dialog.buttons.button(QDialogButtonBox.Ok), Qt.LeftButton)
    qtbot.waitUntil(lambda: window.importing.summary is not None, timeout=60000)
    assert window.importing.summary.groups["added"].childCount() == 3
    assert window.importing.summary.groups["errors"].childCount() == 0
    window.importing.summary.close()
    assert len(window.archive.document_ids()) == 7


def test_declining_the_passwords_shows_what_the_import_did(window, qtbot, tmp_path):
    from tests.test_passwords import locked_pdf

    locked_pdf(tmp_path / "drop" / "加密.pdf", "台账", password="x1")
    _drop_folder(window, tmp_path / "drop")
    qtbot.waitUntil(lambda: window.importing.summary is not None, timeout=60000)
    first_summary = window.importing.summary
    qtbot.mouseClick(first_summary.password_button, Qt.LeftButton)
    dialog = window.importing.password_dialog
    qtbot.mouseClick(dialog.buttons.button(QDialogButtonBox.Cancel), Qt.LeftButton)
    summary = window.importing.summary
    assert summary is not first_summary and summary.isVisible()
    assert summary.groups["errors"].childCount() == 1 and summary.password_button is not None
    window.close()
    assert not window.isVisible()


def test_tag_by_dragging_onto_a_requirement_then_undo_and_redo(window, qtbot, archive_dir,
                                                               sample_ids):
    doc = sample_ids[2]
    select_rows(window, [row_of(window, doc)])
    mime = window.doc_model.mimeData(window.table.selectionModel().selectedRows())
    target = window.tree_model.find("requirement", "3.2.2")
    window.tree.scrollTo(target)
    rect = window.tree.visualRect(target)
    event = _drop(window.tree.viewport(), mime, rect.center())
    assert event.isAccepted()
    # tags are written on the writer thread; the list follows when the change arrives
    qtbot.waitUntil(lambda: window.doc_model.index(row_of(window, doc), 6).data() == "3.2.2")
    assert window.archive.document(doc).requirements == ["3.2.2"]
    window.table.setFocus()
    qtbot.keyClick(window.table, Qt.Key_Z, Qt.ControlModifier)
    qtbot.waitUntil(lambda: window.archive.document(doc).requirements == [])
    qtbot.waitUntil(lambda: window.doc_model.index(row_of(window, doc), 6).data() == "")
    qtbot.keyClick(window.table, Qt.Key_Y, Qt.ControlModifier)
    qtbot.waitUntil(lambda: window.archive.document(doc).requirements == ["3.2.2"])
    actions = [e["action"] for e in window.archive.audit_log()[-3:]]
    assert actions == ["tag", "undo", "redo"]     # every change is in the audit log
    wait_idle(qtbot, window)
    assert window.last_message == "已重做：把 1 份文档标注到 3.2.2"
    wait_idle(qtbot, window)


def test_bulk_tag_with_the_picker_from_the_context_menu(window, qtbot, sample_ids):
    select_rows(window, [row_of(window, d) for d in sample_ids])
    menu = window.document_menu()
    tag_action = next(a for a in menu.actions() if a is window.tag_action)
    assert tag_action.text() == "标注到…"
    tag_action.trigger()
    picker = window.tagging.picker
    assert picker is not None and picker.isVisible()
    # the tags the selected documents already have are marked, with how many have each
    shown = [picker.proxy.index(r, 0).data() for r in range(picker.proxy.rowCount())]
    assert any(t.startswith("1.1.1 ") and t.endswith("（已标注 1/4 份）") for t in shown)
    assert any(t.startswith("1.2.1 ") and "已标注" not in t for t in shown)
    type_text(qtbot, picker.filter, "雪亮")
    assert picker.proxy.rowCount() == 1
    picker.view.setCurrentIndex(picker.proxy.index(0, 0))
    picker._toggle(picker.proxy.index(0, 0))
    qtbot.mouseClick(picker.buttons.button(QDialogButtonBox.Ok), Qt.LeftButton)
    qtbot.waitUntil(lambda: window.undo_action.isEnabled())      # the change is applied
    for doc in sample_ids:
        assert "3.5.1" in window.archive.document(doc).requirements
    window.undo_action.trigger()
    qtbot.waitUntil(lambda: all("3.5.1" not in window.archive.document(doc).requirements
                                for doc in sample_ids))
    assert window.archive.document(sample_ids[0]).requirements == ["1.1.1"]    # only those
    menu.deleteLater()
    wait_idle(qtbot, window)


def test_remove_a_tag_from_its_chip_and_undo(window, qtbot, sample_ids):
    doc = sample_ids[1]
    select_rows(window, [row_of(window, doc)])
    QApplication.processEvents()                  # the chips are laid out

    def kept():
        return {c.code for c in window.details.tag_chips() if not c.removed}

    chips = {c.code: c for c in window.details.tag_chips()}
    assert list(chips) == ["3.2.1", "JZ-002"]
    spot = chips["3.2.1"].remove_button.mapTo(
        window, chips["3.2.1"].remove_button.rect().center())
    next_spot = chips["JZ-002"].remove_button.mapTo(window, QPoint(0, 0))
    def click_at_spot():
        under_mouse = window.childAt(spot)
        qtbot.mouseClick(under_mouse, Qt.LeftButton, pos=under_mouse.mapFrom(window, spot))

    # two quick clicks on the first ×, then another once the change arrived: one tag goes
    click_at_spot()
    click_at_spot()
    qtbot.waitUntil(lambda: window.archive.document(doc).requirements == [])
    wait_idle(qtbot, window)
    QApplication.processEvents()
    click_at_spot()
    wait_idle(qtbot, window)
    assert window.archive.document(doc).mechanisms == ["JZ-002"]
    assert kept() == {"JZ-002"}
    QApplication.processEvents()                  # the rebuilt chips are laid out
    chips = {c.code: c for c in window.details.tag_chips()}
    assert chips["3.2.1"].removed and chips["3.2.1"].label.font().strikeOut()
    # the chips did not move: the next × is where it was, the removed one's spot is empty
    assert chips["JZ-002"].remove_button.mapTo(window, QPoint(0, 0)) == next_spot
    assert window.childAt(spot) is not chips["JZ-002"].remove_button
    assert "Ctrl+Z" in window.last_message and "3.2.1" in window.last_message
    window.undo_action.trigger()
    qtbot.waitUntil(lambda: window.archive.document(doc).requirements == ["3.2.1"])
    qtbot.waitUntil(lambda: kept() == {"3.2.1", "JZ-002"})
    wait_idle(qtbot, window)


def test_quick_undo_and_redo_apply_in_order_on_the_writer_thread(window, qtbot, archive_dir,
                                                                 sample_ids, monkeypatch):
    import threading

    threads = set()
    for name in ("tag", "undo_tags"):
        core = getattr(window.archive, name)
        monkeypatch.setattr(window.archive, name, lambda *a, _core=core, **k: (
            threads.add(threading.current_thread()), _core(*a, **k))[1])
    doc = sample_ids[2]
    with qtbot.waitSignal(window.tagging.undo_stack.indexChanged, timeout=20000):
        window.tagging.tag_documents([doc], requirements=["1.2.1"], mechanisms=["JZ-001"])
    assert _tags(archive_dir, doc) == (["1.2.1"], ["JZ-001"])
    window.undo_action.trigger()                 # no waiting between the steps
    window.redo_action.trigger()
    window.undo_action.trigger()
    wait_idle(qtbot, window)
    assert _tags(archive_dir, doc) == ([], [])
    assert [e["action"] for e in window.archive.audit_log()[-4:]] == ["tag", "undo", "redo",
                                                                       "undo"]
    window.redo_action.trigger()
    wait_idle(qtbot, window)
    assert _tags(archive_dir, doc) == (["1.2.1"], ["JZ-001"])
    assert window.doc_model.index(row_of(window, doc), 6).data() == "1.2.1, JZ-001"
    assert len(threads) == 1 and threading.main_thread() not in threads   # one writer thread


def test_edit_metadata_shows_the_cores_validation_message(window, qtbot, sample_ids):
    doc = sample_ids[0]
    select_rows(window, [row_of(window, doc)])
    date = window.details.edits["date"]
    date.clear()
    type_text(qtbot, date, "明年某日")
    qtbot.keyClick(date, Qt.Key_Return)
    assert window.details.error.isVisible()
    assert "明年某日" in window.details.error.text()
    assert window.archive.document(doc).date is None            # nothing saved
    date.clear()
    type_text(qtbot, date, "2021年3月12日")
    qtbot.mouseClick(window.details.save_button, Qt.LeftButton)
    assert not window.details.error.isVisible()
    wait_idle(qtbot, window)                                    # written on the writer thread
    assert window.archive.document(doc).date == "20210312"
    assert window.doc_model.index(row_of(window, doc), 3).data() == "20210312"


def test_search_as_you_type_and_open_the_preview_at_the_hit_page(window, qtbot, sample_ids):
    qtbot.keyClick(window, Qt.Key_F, Qt.ControlModifier)
    assert window.search_box.hasFocus()
    type_text(qtbot, window.search_box, "网格化服务")
    qtbot.waitUntil(lambda: window.hits_model.rowCount() == 1, timeout=20000)
    assert window.tabs.currentIndex() == 1
    hit = window.hits_model.hit(0)
    assert hit.id == sample_ids[3] and hit.page == 2
    qtbot.keyClick(window.search_box, Qt.Key_Return)
    preview = window.details.preview
    assert window.details.doc.id == sample_ids[3]
    assert preview.stack.currentWidget() is preview.view        # QtPdf shows the PDF
    qtbot.waitUntil(lambda: preview.current_page() == 2)
    # the search can be narrowed to the catalogue entry selected on the left
    window.tree.setCurrentIndex(window.tree_model.find("requirement", "3.2.1"))
    qtbot.mouseClick(window.scope_box, Qt.LeftButton)
    qtbot.waitUntil(lambda: window.hits_model.rowCount() == 0 and window.tabs.currentIndex() == 1,
                    timeout=20000)
    window.scope_box.setChecked(False)
    qtbot.waitUntil(lambda: window.hits_model.rowCount() == 1, timeout=20000)
    window.search_box.clear()
    assert window.tabs.currentIndex() == 0
    wait_idle(qtbot, window)


def test_coverage_click_through_to_the_gaps(window, qtbot, sample_ids):
    view = window.coverage_view
    with qtbot.waitSignal(view.refreshed, timeout=20000):    # computed off the GUI thread
        window.coverage_action.trigger()
    assert window.tabs.currentWidget() is view
    model = view.model
    row = next(r for r in range(model.rowCount()) if model.group(r)[1] == "1.1")
    none_column = 1 + model.STATUSES.index("none")
    assert model.index(row, none_column).data() == "1"          # 1.1.2 has nothing yet
    rect = view.table.visualRect(model.index(row, none_column))
    qtbot.mouseClick(view.table.viewport(), Qt.LeftButton, pos=rect.center())
    assert view.gaps.count() == 1
    qtbot.mouseClick(view.gaps.viewport(), Qt.LeftButton,
                     pos=view.gaps.visualItemRect(view.gaps.item(0)).center())
    assert window.tabs.currentIndex() == 0
    current = window.tree_model.node(window.tree.currentIndex())
    assert (current.kind, current.code) == ("requirement", "1.1.2")
    assert window.doc_model.rowCount() == 0


def _click_in_next_message_box(qtbot, button_text: str, seen: list) -> None:
    """Answer the message box about to open as a user would: click the named button."""
    from PySide6.QtCore import QTimer
    from PySide6.QtWidgets import QMessageBox

    def click():
        box = QApplication.activeModalWidget()
        if not isinstance(box, QMessageBox):
            QTimer.singleShot(20, click)
            return
        seen.append(box.text())
        seen.append({b.text(): b.isEnabled() for b in box.buttons()})
        matching = [b for b in box.buttons() if b.text() == button_text]
        if not matching:  # fail the test, not hang it
            seen.append(f"no button {button_text!r} in {[b.text() for b in box.buttons()]}")
            box.reject()
            return
        qtbot.mouseClick(matching[0], Qt.LeftButton)

    QTimer.singleShot(0, click)


def test_an_archive_a_crashed_colleague_held_opens_read_only_or_is_taken_over(window, qtbot):
    import json

    path = window.archive_path
    window.close_archive()
    (path / "archive.lock").write_text(json.dumps(
        {"user": "小王", "host": "OFFICE-PC-2", "pid": 4242, "since": "2026-11-26T17:05:00"}))
    seen: list[str] = []
    _click_in_next_message_box(qtbot, "只读打开", seen)
    assert window.open_archive(path)
    assert "小王" in seen[0] and "OFFICE-PC-2" in seen[0]
    assert seen[1]["接管（对方已关闭）"] is True
    assert window.archive.read_only and not window.add_files_action.isEnabled()
    assert window.windowTitle().startswith(f"{path.name}（只读） — 佐证资料编制系统")
    assert window.last_message.startswith("已只读打开") and "不能修改" in window.last_message
    assert window.doc_model.rowCount() == 4                  # looking and searching still work

    _click_in_next_message_box(qtbot, "接管（对方已关闭）", seen)
    assert window.open_archive(path)
    assert not window.archive.read_only and window.add_files_action.isEnabled()
    assert json.loads((path / "archive.lock").read_text())["host"] != "OFFICE-PC-2"
    assert window.archive.audit_log()[-1]["action"] == "take-over"

    window.close_archive()
    (path / "archive.lock").write_text(json.dumps(
        {"user": "小王", "host": "OFFICE-PC-2", "pid": 4242, "since": "2026-11-26T17:05:00"}))
    _click_in_next_message_box(qtbot, "取消", seen)
    assert not window.open_archive(path) and window.archive is None
    assert not any(isinstance(s, str) and s.startswith("no button") for s in seen)
    # the lock's holder in the window's language, not the core's English message
    assert window.last_message == ("档案库正由 小王 在计算机 OFFICE-PC-2 上编辑"
                                   "（进程 4242，自 2026-11-26 17:05:00 起）。")
    assert (path / "archive.lock").exists()


def test_a_quiet_window_says_who_holds_the_archive_in_chinese(qtbot, archive_dir, sample_ids):
    from evidence_app.ui.app import app_settings
    from evidence_app.ui.mainwindow import MainWindow

    with Archive.open(archive_dir):                    # another program holds the writer lock
        win = MainWindow(app_settings())
        win.quiet = True                              # nobody to ask: refused, and said why
        try:
            assert not win.open_archive(archive_dir) and win.archive is None
            assert win.last_message.startswith("档案库正由 ")
            assert "上编辑（进程" in win.last_message
            assert win.windowTitle() == "未打开档案库 — 佐证资料编制系统"
        finally:
            win.close()
            win.deleteLater()


def test_closing_during_an_import_asks_then_cancels_cleanly(window, qtbot, tmp_path):
    many = tmp_path / "many"
    many.mkdir()
    for n in range(60):
        (many / f"材料{n:03}.txt").write_text(f"第{n}份材料 " * 50, encoding="utf-8")
    asked = []
    window.ask = lambda title, text: asked.append(text) or False
    window.import_paths([many])
    assert window.runner.busy()
    window.close()                                  # the user says "no": keep working
    assert asked and window.isVisible()
    window.ask = lambda title, text: True
    window.close()
    assert not window.isVisible()
    assert window.archive is None and not window.runner.busy()
    window.runner.wait()


def test_switching_to_english_rebuilds_the_window(window, qtbot):
    from evidence_app.ui import app as ui_app

    assert window.file_menu.title() == "文件(&F)"
    path = window.archive_path
    new = ui_app.switch_language(window, "en")
    try:
        assert new is not window and new.archive_path == path
        assert new.file_menu.title() == "&File"
        assert new.settings.value("language") == "en"
    finally:
        ui_app.install_translator(QApplication.instance(), "zh_CN")
        new.close()
        ui_app._windows.remove(new)
        new.deleteLater()


def test_an_archive_in_use_elsewhere_opens_read_only(qtbot, archive_dir, sample_ids):
    from evidence_app.ui.app import app_settings
    from evidence_app.ui.mainwindow import MainWindow

    with Archive.open(archive_dir):                    # another program holds the writer lock
        win = MainWindow(app_settings())
        win.show()
        try:
            seen: list = []
            _click_in_next_message_box(qtbot, "只读打开", seen)
            assert win.open_archive(archive_dir)
            # it runs on this computer, so it is alive: taking over is not offered
            assert seen[1]["接管（对方已关闭）"] is False
            assert win.archive.read_only
            assert not win.tag_action.isEnabled() and not win.add_files_action.isEnabled()
            assert not win.details.save_button.isEnabled()
            wait_idle(qtbot, win)
        finally:
            win.close()
            win.deleteLater()


def test_catalogue_import_template_and_recent_archives_from_the_file_menu(
        window, qtbot, tmp_path, monkeypatch, sample_catalogue):
    import openpyxl

    from PySide6.QtWidgets import QFileDialog
    from tests import catalogue_samples as samples

    # a new requirement in an updated catalogue appears in the tree; tags are kept
    updated = samples.write_sample_catalogue(tmp_path / "目录（更新）.xlsx", requirements=(
        samples.REQUIREMENTS + [["3", "发挥五治作用", "3.5", "智治支撑", "3.5.2",
                                 "建设社会治理大数据平台", "市公安局", "市大数据中心", "赵燊"]]))
    monkeypatch.setattr(QFileDialog, "getOpenFileName",
                        lambda *a, **k: (str(updated), ""))
    window.import_catalogue_action.trigger()
    wait_idle(qtbot, window)
    assert window.tree_model.find("requirement", "3.5.2").isValid()
    assert "目录（更新）.xlsx" in window.last_message
    assert window.archive.document(1).requirements == ["1.1.1"]

    # a bad row: the message names sheet, row and column, and nothing changes
    bad_rows = [row[:] for row in samples.REQUIREMENTS]
    bad_rows[2][4] = ""
    bad = samples.write_sample_catalogue(tmp_path / "坏目录.xlsx", requirements=bad_rows)
    monkeypatch.setattr(QFileDialog, "getOpenFileName",
                        lambda *a, **k: (str(bad), ""))
    window.quiet = True                      # the reason goes to the status bar, no box
    window.import_catalogue_action.trigger()
    wait_idle(qtbot, window)
    assert window.last_message == "目录表「任务要求」第 4 行「要求编号」列：此单元格为空，但必须填写"
    assert window.tree_model.find("requirement", "3.5.2").isValid()

    # the template is a workbook with the three sheets the importer reads
    template = tmp_path / "模板.xlsx"
    monkeypatch.setattr(QFileDialog, "getSaveFileName",
                        lambda *a, **k: (str(template), ""))
    window.template_action.trigger()
    assert {"任务要求", "制度机制", "单位"} <= set(openpyxl.load_workbook(template).sheetnames)

    # open recent: newest first, and choosing one opens it
    first = window.archive_path
    other = tmp_path / "另一个档案库"
    monkeypatch.setattr(QFileDialog, "getExistingDirectory",
                        lambda *a, **k: str(other))
    window.new_action.trigger()
    wait_idle(qtbot, window)
    assert window.archive_path == other
    window.recent_menu.aboutToShow.emit()
    entries = [a.text() for a in window.recent_menu.actions()]
    assert entries[:2] == [str(other), str(first)]
    window.recent_menu.actions()[1].trigger()
    wait_idle(qtbot, window)
    assert window.archive_path == first and window.doc_model.rowCount() == 4
