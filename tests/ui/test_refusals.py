"""Values the core refuses are said in Chinese, naming what was typed, and nothing typed is
lost: the user corrects the one bad field and saves everything."""

from __future__ import annotations

import json
import re

from PySide6.QtCore import Qt

from .conftest import row_of, select_rows, wait_idle
from .test_details import click_row
from .test_window import type_text

CJK = re.compile(r"[\u4e00-\u9fff]")


def test_a_bad_date_in_the_details_is_said_in_chinese_and_the_other_edits_are_kept(
        window, qtbot, sample_ids):
    doc = sample_ids[0]
    click_row(qtbot, window, doc)
    details = window.details
    issuer, date = details.edits["issuer"], details.edits["date"]
    type_text(qtbot, issuer, "市委政法委")
    type_text(qtbot, date, "2023-13-45")
    qtbot.keyClick(date, Qt.Key_Return)
    assert details.error.isVisible()
    assert details.error.text() == "日期「2023-13-45」无效，请按 20230501 或 2023年5月1日 的格式填写"
    assert "is not a date" in details.error.toolTip()             # the core's own words
    assert issuer.text() == "市委政法委" and details.unsaved.isVisible()
    wait_idle(qtbot, window)
    assert window.archive.document(doc).issuer is None            # nothing saved
    date.selectAll()
    type_text(qtbot, date, "2023-05-01")
    qtbot.keyClick(date, Qt.Key_Return)
    assert not details.error.isVisible()
    wait_idle(qtbot, window)
    saved = window.archive.document(doc)
    assert (saved.issuer, saved.date) == ("市委政法委", "20230501")
    assert date.text() == "20230501"                              # shown as stored


def test_a_bad_doc_number_named_when_leaving_the_document(window, qtbot, sample_ids):
    first, second = sample_ids[0], sample_ids[1]
    click_row(qtbot, window, first)
    type_text(qtbot, window.details.edits["doc_number"], "潭政办发2021第十二号")
    questions = []
    window.ask = lambda title, text: questions.append(text) or False      # keep editing
    click_row(qtbot, window, second)
    assert window.details.doc.id == first
    assert "文号「潭政办发2021第十二号」无法识别，请按 潭政办发〔2021〕12号 的格式填写" in questions[0]
    assert not re.search(r"[A-Za-z]{4,}", questions[0])            # no English sentence
    field = window.details.edits["doc_number"]
    field.selectAll()
    type_text(qtbot, field, "潭政办发[2021]12号")
    click_row(qtbot, window, second)
    wait_idle(qtbot, window)
    assert window.archive.document(first).doc_number == "潭政办发〔2021〕12号"


def test_an_empty_title_is_refused_in_chinese(window, qtbot, sample_ids):
    click_row(qtbot, window, sample_ids[0])
    title = window.details.edits["title"]
    title.selectAll()
    qtbot.keyClick(title, Qt.Key_Delete)
    qtbot.keyClick(title, Qt.Key_Return)
    assert window.details.error.text() == "题名不能为空，请填写文档的题名"


def test_the_bulk_edit_dialog_stays_open_with_what_was_typed_until_the_date_is_right(
        window, qtbot, sample_ids):
    chosen = sample_ids[:2]
    select_rows(window, [row_of(window, d) for d in chosen])
    window.bulk_edit_action.trigger()
    dialog = window.bulk_edit.dialog
    type_text(qtbot, dialog.edits["issuer"], "市司法局")
    type_text(qtbot, dialog.edits["date"], "2023-02-30")
    ok = dialog.buttons.button(dialog.buttons.StandardButton.Ok)
    qtbot.mouseClick(ok, Qt.LeftButton)
    assert dialog.isVisible()
    assert dialog.error.text() == "日期「2023-02-30」无效，请按 20230501 或 2023年5月1日 的格式填写"
    assert dialog.edits["issuer"].text() == "市司法局"
    dialog.edits["date"].selectAll()
    type_text(qtbot, dialog.edits["date"], "2023-02-28")
    qtbot.mouseClick(ok, Qt.LeftButton)
    assert not dialog.isVisible()
    wait_idle(qtbot, window)
    for doc_id in chosen:
        assert (window.archive.document(doc_id).issuer,
                window.archive.document(doc_id).date) == ("市司法局", "20230228")


def test_the_compile_dialog_says_what_is_wrong_with_the_layout_in_chinese(window, qtbot,
                                                                          tmp_path):
    window.compile_action.trigger()
    dialog = window.compile_dialog
    dialog.output.setText(str(tmp_path / "volumes"))
    dialog.cover_date.clear()
    type_text(qtbot, dialog.cover_date, "2023615")
    qtbot.mouseClick(dialog.compile_button, Qt.LeftButton)
    assert dialog.totals.text() == "封面日期「2023615」无效，请按年月日写 8 位数字，如 20230615"
    dialog.cover_date.clear()
    dialog.fonds.clear()
    qtbot.mouseClick(dialog.plan_button, Qt.LeftButton)
    assert dialog.totals.text() == "请填写全宗名称：卷册封面上要印出"
    assert dialog.job is None
    dialog.close()
    wait_idle(qtbot, window)


def test_tagging_with_a_code_the_catalogue_no_longer_has_is_said_in_chinese(
        window, qtbot, sample_ids):
    window.quiet = True                             # the message in the status bar, no box
    window.tagging.tag_documents([sample_ids[0]], requirements=["9.9.9"])
    wait_idle(qtbot, window)
    assert window.last_message == "没有编号为「9.9.9」的具体要求（目录可能已经更新）"
    window.tagging.tag_documents([sample_ids[0]], requirements=["1.1"])
    wait_idle(qtbot, window)
    assert window.last_message.startswith("「1.1」是重点任务的编号，请标注到它下面的具体要求（1.1.1")


def test_edits_the_archive_no_longer_takes_are_told_with_what_was_typed(
        window, qtbot, archive_dir, sample_ids):
    window.quiet = True                             # the message in the status bar, no box
    first, second = sample_ids[0], sample_ids[1]
    click_row(qtbot, window, first)
    type_text(qtbot, window.details.note, "原件在综治办")
    # a colleague took the archive over, judging this program closed
    (archive_dir / "archive.lock").write_text(json.dumps(
        {"user": "wang", "host": "PC-OTHER", "pid": 4242, "since": "2026-11-30T09:00:00"}))
    click_row(qtbot, window, second)
    wait_idle(qtbot, window)
    said = window.last_message
    assert said.startswith(f"文档 {first} 的修改没有保存：wang 已于 2026-11-30 09:00:00 在计算机 "
                           "PC-OTHER 上接管了本档案库")
    assert "备注: 原件在综治办" in said
    assert CJK.search(said) and "took this archive over" not in said


def _import_catalogue(window, qtbot, monkeypatch, path) -> str:
    """Load ``path`` through File ▸ Import catalogue as staff do; the message they read."""
    from PySide6.QtWidgets import QFileDialog

    monkeypatch.setattr(QFileDialog, "getOpenFileName", lambda *a, **k: (str(path), ""))
    window.quiet = True                      # the message goes to the status bar, no box
    window.import_catalogue_action.trigger()
    wait_idle(qtbot, window)
    return window.statusBar().currentMessage()


def test_a_bad_catalogue_cell_is_named_in_chinese_with_its_sheet_row_and_column(
        window, qtbot, tmp_path, monkeypatch):
    from tests import catalogue_samples as samples

    requirements = [row[:] for row in samples.REQUIREMENTS]
    requirements[3][6] = ""                                      # row 5: no 牵头单位
    bad = samples.write_sample_catalogue(tmp_path / "目录.xlsx", requirements=requirements)
    assert _import_catalogue(window, qtbot, monkeypatch, bad) == \
        "目录表「任务要求」第 5 行「牵头单位」列：此单元格为空，但必须填写"

    mechanisms = [row[:] for row in samples.MECHANISMS]
    mechanisms[1][4] = "2021年2月30日"
    bad = samples.write_sample_catalogue(tmp_path / "日期.xlsx", mechanisms=mechanisms)
    assert _import_catalogue(window, qtbot, monkeypatch, bad) == \
        "目录表「制度机制」第 3 行「成文日期」列：日期「2021年2月30日」无效，请按 20230501 或 " \
        "2023年5月1日 的格式填写"

    units = [row[:] for row in samples.UNITS]
    units.append(["市司法局", "责任单位", ""])
    bad = samples.write_sample_catalogue(tmp_path / "单位.xlsx", units=units)
    said = _import_catalogue(window, qtbot, monkeypatch, bad)
    assert said == f"目录表「单位」第 {len(units) + 1} 行「单位名称」列：「市司法局」已在第 3 行出现"


def test_a_catalogue_that_is_not_a_workbook_is_said_in_chinese(window, qtbot, tmp_path,
                                                                monkeypatch):
    fake = tmp_path / "目录.xlsx"
    fake.write_bytes(b"not a workbook at all")
    said = _import_catalogue(window, qtbot, monkeypatch, fake)
    assert said == "目录.xlsx 无法作为 Excel 工作簿（.xlsx）读取：文件可能已损坏或为其他格式，" \
        "请重新另存为 .xlsx"


def test_the_compile_summary_names_a_left_out_document_in_chinese(window, qtbot, tmp_path,
                                                                   sample_ids):
    from .test_compile_dialog import _dialog

    lost = sample_ids[3]        # the PDF: bound from its original, with no converted copy
    window.archive.tag([lost], requirements=["3.2.1"])          # so it is in a volume
    window.archive.original_path(lost).unlink()
    dialog = _dialog(window, qtbot, tmp_path)
    qtbot.mouseClick(dialog.plan_button, Qt.LeftButton)
    qtbot.waitUntil(lambda: dialog.plan is not None, timeout=20000)
    qtbot.mouseClick(dialog.compile_button, Qt.LeftButton)
    qtbot.waitUntil(lambda: dialog.outcome == "done", timeout=60000)
    summary = dialog.totals.text().splitlines()[-1]
    assert summary == "1 个错误：综治中心建设情况报告：档案库中保存的该文件原件已丢失，请对档案库执行检查"
    dialog.close()
    wait_idle(qtbot, window)
