"""The compile dialog: plan first, compile with progress, cancel, open the output."""

from __future__ import annotations

from PySide6.QtCore import Qt

from evidence_app.archive.volumes import bound_locations

from .conftest import wait_idle


def _dialog(window, qtbot, tmp_path):
    assert window.compile_action.isEnabled()
    window.compile_action.trigger()
    dialog = window.compile_dialog
    assert dialog is not None and dialog.isVisible()
    dialog.jobs = 1                          # in-process: quick and repeatable in tests
    dialog.output.setText(str(tmp_path / "volumes"))
    return dialog


def test_plan_then_compile_with_progress_and_open_the_folder(window, qtbot, tmp_path,
                                                             sample_ids, monkeypatch):
    opened = []
    monkeypatch.setattr(window, "open_url", lambda url: opened.append(url) or True)
    dialog = _dialog(window, qtbot, tmp_path)
    qtbot.mouseClick(dialog.plan_button, Qt.LeftButton)
    qtbot.waitUntil(lambda: dialog.plan is not None, timeout=20000)
    planned = dialog.volumes.topLevelItemCount()
    assert planned == len(dialog.plan.volumes) >= 2            # 1.1.1 and 3.2.1
    assert not (tmp_path / "volumes").exists()                   # the plan writes nothing
    qtbot.mouseClick(dialog.compile_button, Qt.LeftButton)
    assert dialog.cancel_button.isEnabled()
    qtbot.waitUntil(lambda: dialog.outcome == "done", timeout=60000)
    assert dialog.overall.value() == dialog.overall.maximum()
    assert all(dialog.volumes.topLevelItem(r).text(4) == "已完成" for r in range(planned))
    assert len(list((tmp_path / "volumes").glob("*.pdf"))) >= planned
    where = bound_locations(window.archive, [sample_ids[1]])[sample_ids[1]]
    assert where and where[0].first_page >= 1                    # recorded for locate/inspect
    qtbot.mouseClick(dialog.open_button, Qt.LeftButton)
    assert opened[-1].toLocalFile() == str(tmp_path / "volumes")
    assert window.output_folder() == str(tmp_path / "volumes")
    dialog.close()
    wait_idle(qtbot, window)


def test_cancel_ends_quietly_and_keeps_the_archive_consistent(window, qtbot, tmp_path,
                                                              monkeypatch):
    import evidence_app.export.batch as batch

    real = batch._bind_in_worker
    dialog = _dialog(window, qtbot, tmp_path)

    def slow_bind(job):                 # the user presses Cancel while the first volume binds
        dialog.job.cancel()
        return real(job)

    monkeypatch.setattr(batch, "_bind_in_worker", slow_bind)
    qtbot.mouseClick(dialog.compile_button, Qt.LeftButton)
    qtbot.waitUntil(lambda: dialog.outcome != "", timeout=60000)
    assert dialog.outcome == "cancelled"
    assert not dialog.cancel_button.isEnabled() and dialog.compile_button.isEnabled()
    assert not list((tmp_path / "volumes").glob(".*.tmp-*"))     # no half-written file
    dialog.close()
    assert not dialog.isVisible()
    wait_idle(qtbot, window)


def test_the_layout_choices_come_from_the_archive_and_compiling_stores_the_changes(
        window, qtbot, tmp_path):
    window.archive.set_layout_settings({"fonds_name": "某某市档案全宗", "page_budget": 120,
                                        "cover_date": "20230615"})
    dialog = _dialog(window, qtbot, tmp_path)
    assert dialog.fonds.text() == "某某市档案全宗" and dialog.budget.value() == 120
    assert dialog.cover_date.text() == "20230615" and not dialog.duplex.isChecked()
    dialog.cover_date.setText("20230230")                         # no such day
    qtbot.mouseClick(dialog.compile_button, Qt.LeftButton)
    assert "封面日期「20230230」无效" in dialog.totals.text() and dialog.job is None
    dialog.cover_date.clear()
    qtbot.keyClick(dialog.duplex, Qt.Key_Space)
    dialog.unit.setText("某某市试点工作办公室")
    qtbot.mouseClick(dialog.compile_button, Qt.LeftButton)
    qtbot.waitUntil(lambda: dialog.outcome == "done", timeout=60000)
    assert window.archive.layout_settings() == {
        "duplex": True, "page_budget": 120, "fonds_name": "某某市档案全宗",
        "compiling_office": "某某市试点工作办公室", "cover_date": None}
    assert all(d["pdf_index"] % 2 == 1 for v in dialog.result.volumes for d in v["documents"])
    dialog.close()
    wait_idle(qtbot, window)


def test_a_read_only_archive_shows_its_layout_choices_disabled(window, qtbot, archive_dir):
    from evidence_app.archive.archive import Archive
    from evidence_app.ui.compile_dialog import CompileDialog

    window.archive.set_layout_settings({"duplex": True, "fonds_name": "某某市档案全宗"})
    with Archive.open(archive_dir, read_only=True) as reader:
        dialog = CompileDialog(window, reader, window.runner)
        qtbot.addWidget(dialog)
        assert dialog.duplex.isChecked() and dialog.fonds.text() == "某某市档案全宗"
        assert not any(w.isEnabled() for w in (dialog.duplex, dialog.budget, dialog.fonds,
                                               dialog.unit, dialog.cover_date))
        dialog.close()


def test_a_classified_document_left_out_is_said_in_chinese_in_the_plan(window, qtbot,
                                                                       tmp_path, sample_ids):
    window.archive.update_document(sample_ids[1], classification="秘密")
    dialog = _dialog(window, qtbot, tmp_path)
    qtbot.mouseClick(dialog.plan_button, Qt.LeftButton)
    qtbot.waitUntil(lambda: dialog.plan is not None, timeout=20000)
    assert dialog.totals.text().splitlines()[1] == f"1 份涉密文件未编入卷册：{sample_ids[1]}"
    dialog.close()
    wait_idle(qtbot, window)
