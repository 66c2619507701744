"""The list's everyday actions as staff use them: open the original, export the list, print
it, delete after a question, the large preview, the right-click menu."""

from __future__ import annotations

import openpyxl
from pypdf import PdfReader
from PySide6.QtCore import Qt
from PySide6.QtGui import QDesktopServices, QKeySequence
from PySide6.QtWidgets import QFileDialog

from .conftest import row_of, select_rows, wait_idle


def test_open_the_original_hands_a_named_read_only_copy_to_the_desktop(
        window, sample_ids, monkeypatch):
    opened = []
    monkeypatch.setattr(window, "open_url", lambda url: opened.append(url) or True)
    select_rows(window, [row_of(window, sample_ids[2])])
    window.open_original_action.trigger()
    copy = opened[0].toLocalFile()
    assert copy.endswith("台账.txt")
    with open(copy, encoding="utf-8") as f:
        assert f.read() == "公共法律服务平台台账"
    window.show_in_folder_action.trigger()
    assert copy.startswith(opened[1].toLocalFile())


def test_the_list_as_filtered_goes_to_excel(window, qtbot, sample_ids, tmp_path, monkeypatch):
    target = tmp_path / "列表.xlsx"
    monkeypatch.setattr(QFileDialog, "getSaveFileName", lambda *a, **k: (str(target), ""))
    window.documents.filter_box.setText("建设")
    window.export_list_action.trigger()
    rows = list(openpyxl.load_workbook(target).active.iter_rows(values_only=True))
    assert len(rows) - 1 == window.doc_model.rowCount() == 2
    assert "已把 2 份文档写入" in window.last_message


def _printed(window, qtbot, opened) -> str:
    """Ctrl+P's action, then the text of the PDF handed to the viewer."""
    window.print_list_action.trigger()
    wait_idle(qtbot, window)
    path = opened[-1].toLocalFile()
    assert path.endswith(".pdf")
    return "".join(page.extract_text() for page in PdfReader(path).pages)


def test_the_list_as_shown_is_printed_through_the_pdf_viewer(
        window, qtbot, sample_ids, monkeypatch):
    opened = []
    monkeypatch.setattr(QDesktopServices, "openUrl", lambda url: opened.append(url) or True)
    assert window.print_list_action.shortcut() == QKeySequence("Ctrl+P")
    assert window.print_list_action in window.file_menu.actions()
    window.tree.setCurrentIndex(window.tree_model.find("requirement", "3.2.1"))
    text = _printed(window, qtbot, opened)
    assert "具体要求 3.2.1" in text and "佐证材料" in text and "共 1 件" in text
    assert "矛盾纠纷多元化解工作方案" in text and "网格化工作会议纪要" not in text
    assert window.last_message == "已在 PDF 阅读器中打开 1 份文档的列表，请在阅读器中打印"
    window.tree.setCurrentIndex(window.tree_model.index(0, 0))       # all documents
    window.documents.filter_box.setText("建设")
    text = _printed(window, qtbot, opened)
    assert "全部文档" in text and "共 2 件" in text and "“建设”" in text
    assert "公共法律服务平台建设台账" in text and "综治中心建设情况报告" in text
    assert "矛盾纠纷多元化解工作方案" not in text
    assert opened[0] != opened[1]


def test_delete_asks_first_and_then_removes(window, qtbot, sample_ids):
    select_rows(window, [row_of(window, sample_ids[2])])
    window.ask = lambda title, text: False
    window.delete_action.trigger()
    wait_idle(qtbot, window)
    assert len(window.archive.document_ids()) == 4
    window.ask = lambda title, text: "不能撤销" in text
    window.table.setFocus()
    qtbot.keyClick(window.table, Qt.Key_Delete)
    wait_idle(qtbot, window)
    assert sample_ids[2] not in window.archive.document_ids()
    assert window.doc_model.row_of(sample_ids[2]) is None
    assert window.last_message == "已删除 1 份文档"


def test_double_click_opens_the_large_preview_and_the_menu_has_the_actions(
        window, qtbot, sample_ids):
    row = row_of(window, sample_ids[3])
    select_rows(window, [row])
    rect = window.table.visualRect(window.doc_model.index(row, 0))
    qtbot.mouseClick(window.table.viewport(), Qt.LeftButton, pos=rect.center())
    qtbot.mouseDClick(window.table.viewport(), Qt.LeftButton, pos=rect.center())
    dialog = window.doc_actions.large_preview
    assert dialog is not None and dialog.isVisible()
    dialog.close()
    texts = [a.text() for a in window.document_menu().actions()]
    assert {"打开原件(&O)", "在文件夹中显示(&F)", "删除(&D)…", "把列表导出为 Excel(&E)…",
            "打印列表(&P)…"} <= set(texts)


def test_several_documents_get_the_same_issuer_and_date(window, qtbot, sample_ids):
    chosen = sample_ids[:3]
    select_rows(window, [row_of(window, d) for d in chosen])
    window.bulk_edit_action.trigger()
    dialog = window.bulk_edit.dialog
    assert dialog.windowTitle() == "批量修改 3 份文档"
    dialog.edits["issuer"].setText("市委政法委")
    dialog.edits["date"].setText("2021年3月12日")
    qtbot.mouseClick(dialog.buttons.button(dialog.buttons.StandardButton.Ok), Qt.LeftButton)
    wait_idle(qtbot, window)
    for doc_id in chosen:
        doc = window.archive.document(doc_id)
        assert (doc.issuer, doc.date) == ("市委政法委", "20210312")
    assert window.archive.document(chosen[0]).title == "网格化工作会议纪要"    # left as it was
    assert window.last_message == "已修改 3 份文档"
