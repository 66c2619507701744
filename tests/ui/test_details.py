"""The details panel as staff use it: edits are never lost by clicking elsewhere."""

from __future__ import annotations

from PySide6.QtCore import Qt

from evidence_app.archive.archive import Archive

from .conftest import row_of, wait_idle
from .test_window import type_text


def click_row(qtbot, win, doc_id: int) -> None:
    index = win.doc_model.index(row_of(win, doc_id), 0)
    rect = win.table.visualRect(index)
    qtbot.mouseClick(win.table.viewport(), Qt.LeftButton, pos=rect.center())


def test_a_typed_note_is_saved_when_another_document_is_clicked(window, qtbot, sample_ids):
    first, second = sample_ids[0], sample_ids[1]
    click_row(qtbot, window, first)
    assert window.details.doc.id == first
    assert not window.details.save_button.isEnabled()
    type_text(qtbot, window.details.note, "原件存综治办")
    assert window.details.unsaved.isVisible() and window.details.save_button.isEnabled()
    click_row(qtbot, window, second)
    assert window.details.doc.id == second
    assert window.archive.document(first).note == "原件存综治办"
    assert window.last_message == f"已保存文档 {first}"
    click_row(qtbot, window, first)
    assert window.details.note.toPlainText() == "原件存综治办"


def test_edits_the_core_refuses_are_kept_or_discarded_as_the_user_answers(
        window, qtbot, sample_ids):
    first, second = sample_ids[0], sample_ids[1]
    click_row(qtbot, window, first)
    date = window.details.edits["date"]
    type_text(qtbot, date, "明年某日")
    questions = []
    window.ask = lambda title, text: questions.append(text) or False    # keep them
    click_row(qtbot, window, second)
    assert "明年某日" in questions[0]
    assert window.details.doc.id == first and date.text() == "明年某日"
    assert window.documents.selected_ids() == [first]
    window.ask = lambda title, text: True                               # discard them
    click_row(qtbot, window, second)
    assert window.details.doc.id == second
    assert window.archive.document(first).date is None


def test_closing_the_window_saves_a_typed_title(window, qtbot, archive_dir, sample_ids):
    click_row(qtbot, window, sample_ids[2])
    title = window.details.edits["title"]
    title.selectAll()
    type_text(qtbot, title, "公共法律服务平台建设台账（2021年）")
    window.close()
    wait_idle(qtbot, window)
    with Archive.open(archive_dir, read_only=True) as archive:
        saved = archive.document(sample_ids[2]).title
    assert saved == "公共法律服务平台建设台账（2021年）"


def test_an_edit_on_a_record_someone_changed_meanwhile_is_refused_in_chinese(
        window, qtbot, sample_ids):
    first = sample_ids[0]
    click_row(qtbot, window, first)
    window.archive.update_document(first, issuer="市司法局")     # another person, meanwhile
    type_text(qtbot, window.details.note, "我的备注")
    qtbot.mouseClick(window.details.save_button, Qt.LeftButton)
    assert window.details.error.isVisible()
    assert "其他人在此期间修改了该文档" in window.details.error.text()
    assert "version 1" in window.details.error.toolTip()
    record = window.archive.document(first)
    assert (record.issuer, record.note) == ("市司法局", "")
