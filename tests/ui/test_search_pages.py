"""The main search page lists hits a page at a time, like the inspection screen: the count
says how many are listed of how many, and "show more" reaches every hit."""

from __future__ import annotations

from PySide6.QtCore import Qt

from evidence_app.ui import searchpanel

from .conftest import wait_idle
from .test_window import type_text


def test_show_more_lists_the_next_hits_and_the_count_says_how_many_are_listed(
        window, qtbot, sample_ids, monkeypatch):
    monkeypatch.setattr(searchpanel, "PAGE", 1)             # two hits, one page each
    search = window.search
    type_text(qtbot, window.search_box, "网格化")
    qtbot.waitUntil(lambda: window.hits_model.rowCount() == 1, timeout=20000)
    wait_idle(qtbot, window)
    assert search.label.text() == "2 份文档含有“网格化”；显示 1 / 共 2 份"
    assert search.more_button.isVisible() and search.more_button.text() == "再显示 1 份"
    first = window.hits_model.hit(0).id

    qtbot.mouseClick(search.more_button, Qt.LeftButton)
    qtbot.waitUntil(lambda: window.hits_model.rowCount() == 2, timeout=20000)
    wait_idle(qtbot, window)
    found = {window.hits_model.hit(row).id for row in range(2)}
    assert found == {sample_ids[0], sample_ids[3]}            # the minutes and the report
    assert window.hits_model.hit(0).id == first                # listed ones stay in place
    assert search.view.currentIndex().row() == 0              # and the selection with them
    assert search.label.text() == "2 份文档含有“网格化”"
    assert not search.more_button.isVisible()

    # a new query starts again from its first page
    window.search_box.clear()
    type_text(qtbot, window.search_box, "网格化")
    qtbot.waitUntil(lambda: search.more_button.isVisible(), timeout=20000)
    assert window.hits_model.rowCount() == 1
    wait_idle(qtbot, window)
