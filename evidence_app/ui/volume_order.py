"""The order of one volume's documents, set by hand: drag a document (or move it with
Ctrl+↑/↓) and save; `compile` binds them in that order (export.planned_order, read on a
worker thread; archive.set_manual_order). Each move is an undo step (Ctrl+Z / Ctrl+Y)
until the dialog is saved; 恢复默认顺序 puts back the order links and dates give, as one
more undo step."""

from __future__ import annotations

from PySide6.QtCore import Qt, Signal
from PySide6.QtGui import QKeySequence, QUndoCommand, QUndoStack
from PySide6.QtWidgets import (QAbstractItemView, QDialog, QHBoxLayout, QLabel, QListWidget,
                               QListWidgetItem, QPushButton, QVBoxLayout)

from ..archive import manual_orders, set_manual_order
from ..export import planned_order


class OrderList(QListWidget):
    """A list of document ids reordered by drag and drop or Ctrl+↑/↓; it reports each
    change as (ids before, ids after) and leaves applying it to the undo stack."""

    reordered = Signal(list, list)

    def __init__(self, parent=None):
        super().__init__(parent)
        self.setObjectName("volume_order")
        self.setDragDropMode(QAbstractItemView.InternalMove)
        self.setDefaultDropAction(Qt.MoveAction)
        self.setSelectionMode(QAbstractItemView.SingleSelection)

    def ids(self) -> list[int]:
        return [self.item(row).data(Qt.UserRole) for row in range(self.count())]

    def set_ids(self, ids: list[int]) -> None:
        """Put the items in the order of ``ids``, the current one staying current."""
        current = self.currentItem().data(Qt.UserRole) if self.currentItem() else None
        items = {item.data(Qt.UserRole): item for item in
                 (self.takeItem(0) for _ in range(self.count()))}
        for doc_id in ids:
            self.addItem(items[doc_id])
        if current is not None:
            self.setCurrentItem(items[current])

    def dropEvent(self, event) -> None:
        """A row dropped on the list (the current one: one row is dragged at a time) goes
        above the row under the pointer, or below it from that row's lower half, or last
        below every row. The move is reported for the undo stack, which makes it; the drop
        is accepted with no action left to the drag, which would remove the moved row."""
        if not event.mimeData().hasFormat(self.model().mimeTypes()[0]) \
                or self.currentRow() < 0:
            event.ignore()
            return
        point = event.position().toPoint()
        index = self.indexAt(point)
        target = self.count() if not index.isValid() else index.row() + (
            point.y() > self.visualRect(index).center().y())
        row = self.currentRow()
        ids = self.ids()
        ids.insert(target - (target > row), ids.pop(row))
        if ids != self.ids():
            self.reordered.emit(self.ids(), ids)
        event.setDropAction(Qt.IgnoreAction)
        event.accept()

    def keyPressEvent(self, event) -> None:
        """Ctrl+↑/↓ move the current document (plain arrows still only select)."""
        step = {Qt.Key_Up: -1, Qt.Key_Down: 1}.get(event.key())
        row = self.currentRow()
        if step and event.modifiers() == Qt.ControlModifier and row >= 0:
            target = row + step
            if 0 <= target < self.count():
                ids = self.ids()
                ids.insert(target, ids.pop(row))
                self.reordered.emit(self.ids(), ids)
            event.accept()
            return
        super().keyPressEvent(event)


class ReorderCommand(QUndoCommand):
    def __init__(self, order_list: OrderList, before: list[int], after: list[int], text: str):
        super().__init__(text)
        self.order_list, self.before, self.after = order_list, before, after

    def redo(self) -> None:
        self.order_list.set_ids(self.after)

    def undo(self) -> None:
        self.order_list.set_ids(self.before)


def volume_order(archive, key: str) -> tuple[list, list[int], list[int]]:
    """What the dialog shows, read off the GUI thread (it plans the batch): the volume's
    documents in their order now, the ids in the default order, the manual order stored."""
    return (planned_order(archive, key), [d.id for d in planned_order(archive, key,
                                                                       by_hand=False)],
            manual_orders(archive).get(key, []))


class VolumeOrderDialog(QDialog):
    """One volume's documents in the order they are bound; 保存 keeps the order shown.
    ``order`` is what :func:`volume_order` read."""

    def __init__(self, parent, archive, key: str, title: str, order):
        super().__init__(parent)
        self.archive, self.key = archive, key
        docs, self.default_ids, self.stored = order
        self.setWindowTitle(self.tr("Order of documents"))
        self.resize(720, 520)
        layout = QVBoxLayout(self)
        heading = QLabel(title)
        heading.setWordWrap(True)
        heading.setStyleSheet("font-weight: bold;")
        layout.addWidget(heading)
        hint = QLabel(self.tr("Drag the documents, or move one with Ctrl+↑ / Ctrl+↓, into the "
                              "order the volume is bound in. Replies come before their "
                              "requests and attachments after their main document unless "
                              "you order them otherwise."))
        hint.setWordWrap(True)
        layout.addWidget(hint)
        self.list = OrderList()
        self.list.reordered.connect(self._reordered)
        layout.addWidget(self.list, 1)
        self.state = QLabel("")
        layout.addWidget(self.state)
        self.undo_stack = QUndoStack(self)
        self.undo_stack.indexChanged.connect(self._show_state)
        for action, keys in ((self.undo_stack.createUndoAction(self, self.tr("Undo")),
                              QKeySequence.Undo),
                             (self.undo_stack.createRedoAction(self, self.tr("Redo")),
                              QKeySequence.Redo)):
            action.setShortcut(keys)
            self.addAction(action)
        buttons = QHBoxLayout()
        self.default_button = QPushButton(self.tr("Restore default order"))
        self.default_button.clicked.connect(self.restore_default)
        self.save_button = QPushButton(self.tr("Save"))
        self.save_button.setDefault(True)
        self.save_button.setEnabled(not archive.read_only)
        self.save_button.clicked.connect(self.save)
        cancel = QPushButton(self.tr("Cancel"))
        cancel.clicked.connect(self.reject)
        buttons.addWidget(self.default_button)
        buttons.addStretch(1)
        buttons.addWidget(self.save_button)
        buttons.addWidget(cancel)
        layout.addLayout(buttons)
        for doc in docs:
            item = QListWidgetItem(f"#{doc.id}  {doc.title}"
                                   + (f"  {doc.date}" if doc.date else "")
                                   + (f"  {doc.doc_number}" if doc.doc_number else ""))
            item.setData(Qt.UserRole, doc.id)
            self.list.addItem(item)
        self.list.setCurrentRow(0)
        self._show_state()

    def _reordered(self, before: list[int], after: list[int]) -> None:
        self.undo_stack.push(ReorderCommand(self.list, before, after, self.tr("Move")))

    def _show_state(self, *_) -> None:
        self.state.setText(self.tr("Order set by hand") if self.list.ids() != self.default_ids
                           else self.tr("Default order: linked documents together, then by "
                                        "date"))

    def restore_default(self) -> None:
        if self.list.ids() != self.default_ids:
            self._reordered(self.list.ids(), list(self.default_ids))

    def save(self) -> None:
        """Keep the order shown; the default order is stored as no manual order at all, so
        documents added later still find their place by links and dates."""
        ids = self.list.ids()
        wanted = [] if ids == self.default_ids else ids
        if wanted != self.stored:
            set_manual_order(self.archive, self.key, wanted)
        self.accept()
