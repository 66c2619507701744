"""关联文件 in the details, and a volume's order set by hand from the compile dialog."""

from __future__ import annotations

from PySide6.QtCore import Qt
from PySide6.QtWidgets import QDialogButtonBox

from evidence_app.archive import document_links, manual_orders, recorded_volumes

from .conftest import wait_idle
from .test_compile_dialog import _dialog
from .test_details import click_row
from .test_window import type_text


def _press(qtbot, window, key) -> None:
    """Ctrl+``key`` in the window, then wait for the write it starts."""
    window.activateWindow()
    qtbot.waitUntil(window.isActiveWindow)
    qtbot.keyClick(window.table, key, Qt.ControlModifier)
    wait_idle(qtbot, window)


def test_a_related_document_is_added_by_id_and_removed_in_the_details_with_undo(
        window, qtbot, sample_ids):
    reply, request = sample_ids[0], sample_ids[1]
    click_row(qtbot, window, reply)
    box = window.details.links
    assert box.list.count() == 0 and not box.remove_button.isEnabled()
    qtbot.mouseClick(box.add_button, Qt.LeftButton)
    dialog = box.dialog
    assert dialog.isVisible()
    dialog.relation.setCurrentIndex(dialog.relation.findText("答复（本件为批复）"))
    qtbot.keyClicks(dialog.query, str(request))
    qtbot.keyClick(dialog.query, Qt.Key_Return)
    assert dialog.matches.count() == 1
    qtbot.mouseClick(dialog.buttons.button(QDialogButtonBox.Ok), Qt.LeftButton)
    wait_idle(qtbot, window)
    [link] = document_links(window.archive, reply)
    assert (link.document_id, link.kind, link.other_id) == (reply, "answers", request)
    assert box.list.item(0).text().startswith(f"答复（本件为批复）  #{request}")
    assert window.statusBar().currentMessage() == \
        f"关联 #{reply} 与 #{request}（Ctrl+Z 可撤销）"
    _press(qtbot, window, Qt.Key_Z)                           # the link undone
    assert document_links(window.archive, reply) == [] and box.list.count() == 0
    assert window.statusBar().currentMessage() == f"已撤销：关联 #{reply} 与 #{request}"
    _press(qtbot, window, Qt.Key_Y)                           # and made again
    assert document_links(window.archive, reply) == [link] and box.list.count() == 1
    assert window.statusBar().currentMessage() == f"已重做：关联 #{reply} 与 #{request}"
    click_row(qtbot, window, request)                 # seen from the request
    assert box.list.item(0).text().startswith(f"被答复（本件为请示）  #{reply}")
    box.list.setCurrentRow(0)
    qtbot.mouseClick(box.remove_button, Qt.LeftButton)
    wait_idle(qtbot, window)
    assert document_links(window.archive, request) == [] and box.list.count() == 0
    _press(qtbot, window, Qt.Key_Z)                           # the removal undone
    assert document_links(window.archive, request) == [link]
    assert box.list.item(0).text().startswith(f"被答复（本件为请示）  #{reply}")


def test_words_find_the_other_document_by_title(window, qtbot, sample_ids):
    click_row(qtbot, window, sample_ids[0])
    qtbot.mouseClick(window.details.links.add_button, Qt.LeftButton)
    dialog = window.details.links.dialog
    type_text(qtbot, dialog.query, "法律服务 台账")
    qtbot.keyClick(dialog.query, Qt.Key_Return)
    assert [dialog.matches.item(r).data(Qt.UserRole) for r in range(dialog.matches.count())] \
        == [sample_ids[2]]
    dialog.reject()


def _plan_ids(dialog, key):
    return [e.doc.id for v in dialog.plan.volumes if v.key == key for e in v.entries]


def test_a_volume_is_reordered_by_keyboard_with_undo_and_compile_follows(
        window, qtbot, tmp_path, sample_ids):
    window.archive.tag(sample_ids[2:], requirements=["3.2.1"])
    key = "requirement:3.2.1"
    dialog = _dialog(window, qtbot, tmp_path)
    qtbot.mouseClick(dialog.plan_button, Qt.LeftButton)
    qtbot.waitUntil(lambda: dialog.plan is not None, timeout=20000)
    default = _plan_ids(dialog, key)
    assert len(default) == 3
    row = next(r for r in range(dialog.volumes.topLevelItemCount())
               if dialog.volumes.topLevelItem(r).data(1, Qt.UserRole) == key)
    dialog.volumes.setCurrentItem(dialog.volumes.topLevelItem(row))
    qtbot.mouseClick(dialog.order_button, Qt.LeftButton)
    qtbot.waitUntil(lambda: dialog.order_dialog is not None, timeout=20000)
    order = dialog.order_dialog
    assert order.isVisible() and order.list.ids() == default
    assert order.state.text() == "默认顺序：关联文件相邻，其余按日期"
    order.activateWindow()
    qtbot.waitUntil(order.isActiveWindow)
    order.list.setFocus()
    order.list.setCurrentRow(0)
    qtbot.keyClick(order.list, Qt.Key_Down, Qt.ControlModifier)
    qtbot.keyClick(order.list, Qt.Key_Down, Qt.ControlModifier)
    moved = [default[1], default[2], default[0]]
    assert order.list.ids() == moved and order.state.text() == "顺序已手动调整"
    qtbot.keyClick(order.list, Qt.Key_Z, Qt.ControlModifier)          # one move undone
    assert order.list.ids() == [default[1], default[0], default[2]]
    qtbot.keyClick(order.list, Qt.Key_Y, Qt.ControlModifier)          # and redone
    assert order.list.ids() == moved
    dialog.plan = None
    qtbot.mouseClick(order.save_button, Qt.LeftButton)
    assert manual_orders(window.archive)[key] == moved
    qtbot.waitUntil(lambda: dialog.plan is not None, timeout=20000)  # planned again
    assert _plan_ids(dialog, key) == moved
    qtbot.mouseClick(dialog.compile_button, Qt.LeftButton)
    qtbot.waitUntil(lambda: dialog.outcome == "done", timeout=60000)
    [bound] = [v for v in recorded_volumes(window.archive) if v.plan_key == key]
    assert [d.document_id for d in bound.documents] == moved
    dialog.close()
    wait_idle(qtbot, window)


def _drag(order_list, qtbot, row: int, onto: int, lower_half: bool) -> None:
    """Press on ``row`` and drop it on the upper or lower half of row ``onto``: the drop
    event a drag ends with, handed to the list as Qt's drag manager does (Qt delivers drop
    events only to the target of a running drag, whose own event loop a test cannot run;
    the whole drag was driven by hand with xdotool under Xvfb)."""
    from PySide6.QtCore import QPoint, QPointF
    from PySide6.QtGui import QDropEvent

    pressed = order_list.visualRect(order_list.model().index(row, 0)).center()
    qtbot.mousePress(order_list.viewport(), Qt.LeftButton, pos=pressed)
    qtbot.mouseRelease(order_list.viewport(), Qt.LeftButton, pos=pressed)
    rect = order_list.visualRect(order_list.model().index(onto, 0))
    point = QPoint(rect.center().x(), rect.top() + rect.height() * (3 if lower_half else 1) // 4)
    mime = order_list.model().mimeData([order_list.currentIndex()])
    drop = QDropEvent(QPointF(point), Qt.MoveAction, mime, Qt.LeftButton, Qt.NoModifier)
    order_list.dropEvent(drop)
    assert drop.isAccepted() and drop.dropAction() == Qt.IgnoreAction  # nothing left to remove


def test_a_document_dragged_to_its_place_is_one_undo_step_and_saved(
        window, qtbot, sample_ids):
    from evidence_app.ui.volume_order import VolumeOrderDialog, volume_order

    window.archive.tag(sample_ids[2:], requirements=["3.2.1"])
    key = "requirement:3.2.1"
    order = VolumeOrderDialog(window, window.archive, key, "3.2.1",
                              volume_order(window.archive, key))
    order.show()
    qtbot.waitExposed(order)
    first, second, third = default = order.list.ids()
    _drag(order.list, qtbot, 0, onto=2, lower_half=True)              # below the last
    assert order.list.ids() == [second, third, first]
    assert order.state.text() == "顺序已手动调整"
    _drag(order.list, qtbot, 1, onto=0, lower_half=False)             # above the first
    assert order.list.ids() == [third, second, first]
    _drag(order.list, qtbot, 0, onto=0, lower_half=True)              # onto itself: no step
    assert order.undo_stack.count() == 2
    order.activateWindow()
    qtbot.waitUntil(order.isActiveWindow)
    order.list.setFocus()
    qtbot.keyClick(order.list, Qt.Key_Z, Qt.ControlModifier)
    assert order.list.ids() == [second, third, first]
    qtbot.keyClick(order.list, Qt.Key_Z, Qt.ControlModifier)
    assert order.list.ids() == default
    qtbot.keyClick(order.list, Qt.Key_Y, Qt.ControlModifier)
    qtbot.mouseClick(order.save_button, Qt.LeftButton)
    assert manual_orders(window.archive)[key] == [second, third, first]
    assert not order.isVisible()


def test_restore_default_order_is_one_undo_step_and_saves_no_manual_order(
        window, qtbot, tmp_path, sample_ids):
    from evidence_app.archive import set_manual_order
    from evidence_app.ui.volume_order import VolumeOrderDialog, volume_order

    window.archive.tag(sample_ids[2:], requirements=["3.2.1"])
    key = "requirement:3.2.1"
    set_manual_order(window.archive, key, [sample_ids[3], sample_ids[2]])
    order = VolumeOrderDialog(window, window.archive, key, "3.2.1",
                              volume_order(window.archive, key))
    order.show()
    by_hand = order.list.ids()
    assert by_hand[:2] == [sample_ids[3], sample_ids[2]]
    qtbot.mouseClick(order.default_button, Qt.LeftButton)
    assert order.list.ids() == order.default_ids != by_hand
    order.undo_stack.undo()
    assert order.list.ids() == by_hand
    order.undo_stack.redo()
    qtbot.mouseClick(order.save_button, Qt.LeftButton)
    assert key not in manual_orders(window.archive)
    assert not order.isVisible()


def test_a_relation_the_archive_refuses_is_said_in_chinese(window, qtbot, sample_ids):
    reply, request = sample_ids[0], sample_ids[1]
    from evidence_app.archive import link_documents

    link_documents(window.archive, request, "answers", reply)   # the request "answers" the reply
    click_row(qtbot, window, reply)
    box = window.details.links
    qtbot.mouseClick(box.add_button, Qt.LeftButton)
    dialog = box.dialog
    dialog.relation.setCurrentIndex(dialog.relation.findText("答复（本件为批复）"))
    qtbot.keyClicks(dialog.query, str(request))
    qtbot.keyClick(dialog.query, Qt.Key_Return)
    qtbot.mouseClick(dialog.buttons.button(QDialogButtonBox.Ok), Qt.LeftButton)
    wait_idle(qtbot, window)
    assert box.error.isVisible() and window.tagging.undo_stack.count() == 0
    assert box.error.text() == f"文件 {request} 已以相反方向与本件建立了同类关联；请先删除该关联"
    assert "unlink that first" in box.error.toolTip()           # the core's own words
    wait_idle(qtbot, window)
