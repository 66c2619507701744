"""The details panel as staff use it: edits are never lost by clicking elsewhere."""

from __future__ import annotations

import threading

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
    wait_idle(qtbot, window)
    assert window.archive.document(first).note == "原件存综治办"
    assert window.last_message == f"已保存文档 {first}"
    click_row(qtbot, window, first)
    assert window.details.note.toPlainText() == "原件存综治办"


def test_a_save_is_written_on_the_writer_thread_and_shown_before_it_lands(
        window, qtbot, sample_ids, monkeypatch):
    first, second = sample_ids[0], sample_ids[1]
    archive = window.archive
    writers = []
    update = archive.update_document
    monkeypatch.setattr(archive, "update_document", lambda doc_id, **fields: (
        writers.append(threading.current_thread()), update(doc_id, **fields))[1])
    go_on = threading.Event()
    window.runner.run(lambda progress, cancel: go_on.wait(30), write=True)  # a long import
    click_row(qtbot, window, first)
    type_text(qtbot, window.details.note, "原件存综治办")
    click_row(qtbot, window, second)                # the window goes on at once
    assert window.details.doc.id == second
    assert archive.document(first).note == ""     # not written yet: the writer is busy
    click_row(qtbot, window, first)                 # shown again before it lands: as typed
    assert window.details.note.toPlainText() == "原件存综治办"
    assert not window.details.unsaved.isVisible()
    go_on.set()
    wait_idle(qtbot, window)
    assert archive.document(first).note == "原件存综治办"
    assert window.last_message == f"已保存文档 {first}"
    assert writers and threading.main_thread() not in writers


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
    qtbot.waitUntil(window.details.error.isVisible)       # refused on the writer thread
    assert "其他人在此期间修改了该文档" in window.details.error.text()
    assert "version 1" in window.details.error.toolTip()
    record = window.archive.document(first)
    assert (record.issuer, record.note) == ("市司法局", "")


def test_two_saves_in_a_row_of_one_document_are_not_taken_for_someone_elses_change(
        window, qtbot, sample_ids):
    """The second save leaves while the first is still on the writer thread: it is made on the
    version the first one writes, so it is no conflict."""
    first = sample_ids[0]
    go_on = threading.Event()
    window.runner.run(lambda progress, cancel: go_on.wait(30), write=True)  # a long import
    click_row(qtbot, window, first)
    type_text(qtbot, window.details.note, "第一句")
    qtbot.mouseClick(window.details.save_button, Qt.LeftButton)
    window.details.edits["issuer"].setFocus()
    type_text(qtbot, window.details.edits["issuer"], "市司法局")
    qtbot.mouseClick(window.details.save_button, Qt.LeftButton)
    assert window.archive.document(first).note == ""      # both still waiting
    go_on.set()
    wait_idle(qtbot, window)
    record = window.archive.document(first)
    assert (record.note, record.issuer) == ("第一句", "市司法局")
    assert not window.details.error.isVisible()
