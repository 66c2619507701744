"""The review queue of suggested tags, driven by the keyboard as staff would."""

from __future__ import annotations

from PySide6.QtCore import Qt
from PySide6.QtWidgets import QApplication

from evidence_app.archive import rejected_suggestions
from evidence_app.ui.review import ReviewDialog

from .conftest import wait_idle


def _open_queue(window, qtbot) -> ReviewDialog:
    qtbot.keyClick(window, Qt.Key_R, Qt.ControlModifier)
    dialog = next(w for w in QApplication.topLevelWidgets()
                  if isinstance(w, ReviewDialog) and w.isVisible())
    wait_idle(qtbot, window)
    qtbot.waitUntil(lambda: dialog.table.rowCount() > 0)
    return dialog


def _go_to(dialog, doc_id) -> None:
    dialog.table.setCurrentCell(dialog.ids.index(doc_id), 0)


def test_keys_accept_reject_and_undo(window, qtbot, sample_ids):
    dialog = _open_queue(window, qtbot)
    untagged = sample_ids[2:]            # the ledger and the PDF report
    assert sorted(dialog.ids) == sorted(untagged)
    assert dialog.table.currentRow() == 0 and dialog.table.hasFocus()
    ledger = sample_ids[2]
    _go_to(dialog, ledger)
    first = dialog.suggestions[ledger][0]
    assert (first.code, first.kind) == ("3.2.2", "requirement")   # 公共法律服务平台
    assert dialog.preview.stack.currentWidget() is not dialog.preview.empty
    assert "3.2.2" in dialog.why.text()

    qtbot.keyClick(dialog.table, Qt.Key_1)
    wait_idle(qtbot, window)                              # tags are written off the GUI thread
    assert window.archive.document(ledger).requirements == ["3.2.2"]
    audit = [e for e in window.archive.audit_log() if e["target"] == f"document {ledger}"][-1]
    assert audit["detail"]["via"] == "suggestion"
    assert dialog.table.item(dialog.ids.index(ledger), 1).text().startswith("✓")
    qtbot.keyClick(dialog.table, Qt.Key_1)                # accepted already: nothing more
    wait_idle(qtbot, window)
    assert window.tagging.undo_stack.count() == 1

    qtbot.keyClick(dialog.table, Qt.Key_Z, Qt.ControlModifier)
    wait_idle(qtbot, window)
    assert window.archive.document(ledger).requirements == []
    assert not dialog.table.item(dialog.ids.index(ledger), 1).text().startswith("✓")

    row = dialog.table.currentRow()
    offered = [(s.kind, s.code) for s in dialog.suggestions[ledger]]
    qtbot.keyClick(dialog.table, Qt.Key_0)
    wait_idle(qtbot, window)
    assert rejected_suggestions(window.archive, [ledger]) == {
        (ledger, kind, code) for kind, code in offered}
    assert window.archive.document(ledger).requirements == []
    if row + 1 < len(dialog.ids):
        assert dialog.table.currentRow() == row + 1
    dialog.close()


def test_accept_all_at_or_above_for_the_selection_is_one_undo_step(window, qtbot, sample_ids):
    dialog = _open_queue(window, qtbot)
    dialog.table.selectAll()
    dialog.threshold.setValue(0.5)
    wanted = {(doc_id, s.code) for doc_id in dialog.ids for s in dialog.suggestions[doc_id]
              if s.score >= 0.5}
    assert wanted
    qtbot.mouseClick(dialog.accept_all_button, Qt.LeftButton)
    wait_idle(qtbot, window)
    got = {(d, c) for d in dialog.ids for c in window.archive.document(d).requirements
           + window.archive.document(d).mechanisms}
    assert got == wanted
    assert window.tagging.undo_stack.count() == 1
    window.tagging.undo_stack.undo()
    wait_idle(qtbot, window)
    assert all(not window.archive.document(d).requirements for d in dialog.ids)
    dialog.close()


def test_an_import_links_mechanisms_by_number_as_one_undo_step(window, qtbot, tmp_path):
    folder = tmp_path / "司法局报送"
    folder.mkdir()
    (folder / "办法.txt").write_text(
        "湘潭市人民政府办公室\n潭政办发〔2021〕12号\n湘潭市矛盾纠纷多元化解工作办法（试行）\n"
        "2021年3月12日", encoding="utf-8")
    window.import_paths([folder])
    qtbot.waitUntil(lambda: window.importing.summary is not None, timeout=60000)
    summary = window.importing.summary
    assert "自动关联制度机制 1 份" in summary.headline.text()
    doc_id = summary.report.added[0]["id"]
    assert window.archive.document(doc_id).mechanisms == ["JZ-002"]
    summary.close()
    wait_idle(qtbot, window)
    assert window.tagging.undo_stack.count() == 1
    window.activateWindow()
    qtbot.waitUntil(window.isActiveWindow)
    qtbot.keyClick(window.table, Qt.Key_Z, Qt.ControlModifier)
    wait_idle(qtbot, window)
    assert window.archive.document(doc_id).mechanisms == []


def test_closing_the_queue_while_it_learns_leaves_nothing_behind(window, qtbot):
    dialog = window.tagging.review_suggestions()
    dialog.close()
    wait_idle(qtbot, window)
    assert window.tagging.undo_stack.count() == 0
