"""The coverage view as the secretariat uses it: who lacks what, by city leader, and the
two reports written from the window."""

from __future__ import annotations

from PySide6.QtCore import Qt
from PySide6.QtWidgets import QFileDialog

from .conftest import wait_idle


def _open_coverage(qtbot, window):
    view = window.coverage_view
    with qtbot.waitSignal(view.refreshed, timeout=20000):
        window.coverage_action.trigger()
    return view


def test_a_partial_requirement_says_which_mechanism_lacks_its_document(window, qtbot,
                                                                       sample_ids):
    view = _open_coverage(qtbot, window)
    partial = [r for r in view.cov.requirements if r.status == "partial" and
               r.missing_mechanisms]
    assert partial, "the sample archive has a requirement lacking a mechanism's text"
    view.grouping.setCurrentIndex(view.GROUPINGS.index("leader"))
    model = view.model
    leader = partial[0].leader
    row = next(r for r in range(model.rowCount()) if model.group(r)[0] == leader)
    column = 1 + model.STATUSES.index("partial")
    rect = view.table.visualRect(model.index(row, column))
    qtbot.mouseClick(view.table.viewport(), Qt.LeftButton, pos=rect.center())
    texts = [view.gaps.item(i).text() for i in range(view.gaps.count())]
    line = next(t for t in texts if t.startswith(partial[0].code))
    missing = partial[0].missing_mechanisms[0]
    assert "尚需提供" in line and missing.code in line and missing.title in line


def test_the_workbook_and_the_chase_list_are_written_from_the_window(
        window, qtbot, sample_ids, tmp_path, monkeypatch):
    view = _open_coverage(qtbot, window)
    for kind, name in (("xlsx", "覆盖情况.xlsx"), ("docx", "督办清单.docx")):
        target = tmp_path / name
        monkeypatch.setattr(QFileDialog, "getSaveFileName",
                            lambda *a, _t=target, **k: (str(_t), ""))
        (view.xlsx_button if kind == "xlsx" else view.docx_button).click()
        wait_idle(qtbot, window)
        assert target.stat().st_size > 0
        assert window.last_message == f"已写入 {target}"
