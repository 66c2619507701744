"""The document list in the middle: the documents of the selected catalogue entry, filtered
as the user types; rows are read lazily and prefetched off the GUI thread."""

from __future__ import annotations

from PySide6.QtCore import QItemSelection, QItemSelectionModel, Qt, Signal
from PySide6.QtWidgets import QAbstractItemView, QLabel, QLineEdit, QTableView, QVBoxLayout, QWidget

from ..archive import bound_locations
from ..errors import EvidenceError
from .models import DocumentTableModel

COLUMN_WIDTHS = (270, 150, 96, 74, 44, 44, 96, 130)


class DocumentList(QWidget):
    """The list's title, its filter box and the table."""

    selection_changed = Signal(list)    # the selected document ids
    menu_requested = Signal(object)     # a global position for the context menu

    def __init__(self, window):
        super().__init__(window)
        self.window = window
        self.archive = None
        self.model = DocumentTableModel(None, self)
        self.model.prefetch = self._prefetch
        self.table = self._build_table()
        self.filter_box = QLineEdit()
        self.filter_box.setPlaceholderText(self.tr("Filter this list by title, 文号, 责任者, tag…"))
        self.filter_box.setClearButtonEnabled(True)
        self.filter_box.textChanged.connect(self.model.set_filter)
        self.filter_box.textChanged.connect(lambda _: self._say_count())
        self._kind, self._label = "", ""
        self.title = QLabel("")
        layout = QVBoxLayout(self)
        layout.setContentsMargins(0, 0, 0, 0)
        layout.addWidget(self.title)
        layout.addWidget(self.filter_box)
        layout.addWidget(self.table)

    def _build_table(self) -> QTableView:
        table = QTableView()
        table.setObjectName("documents")
        table.setModel(self.model)
        table.setSelectionBehavior(QAbstractItemView.SelectRows)
        table.setSelectionMode(QAbstractItemView.ExtendedSelection)
        table.setDragEnabled(True)
        table.setDragDropMode(QAbstractItemView.DragOnly)
        table.setDefaultDropAction(Qt.CopyAction)
        table.verticalHeader().hide()
        table.verticalHeader().setDefaultSectionSize(24)
        table.setWordWrap(False)
        table.horizontalHeader().setSortIndicator(-1, Qt.AscendingOrder)
        table.setSortingEnabled(True)
        table.horizontalHeader().setStretchLastSection(True)
        for column, width in enumerate(COLUMN_WIDTHS):
            table.setColumnWidth(column, width)
        table.setContextMenuPolicy(Qt.CustomContextMenu)
        table.customContextMenuRequested.connect(
            lambda pos: self.menu_requested.emit(table.viewport().mapToGlobal(pos)))
        table.selectionModel().selectionChanged.connect(
            lambda *_: self.selection_changed.emit(self.selected_ids()))
        return table

    def set_archive(self, archive) -> None:
        self.archive = archive
        self.model.set_archive(archive)

    def show_node(self, kind: str, code: str, label: str) -> bool:
        """List the documents of a catalogue node; False (and the reason shown) on failure."""
        archive = self.archive
        try:
            if kind == "all":
                self.model.set_ids(archive.document_ids())
            elif kind == "untagged":
                self.model.set_ids(archive.document_ids(untagged=True))
            elif kind in ("section", "task", "requirement"):
                self.model.set_ids(archive.document_ids(requirement=code))
            elif kind in ("mechanism", "unit"):
                self.model.set_ids(archive.document_ids(**{kind: code}))
        except EvidenceError as exc:
            self.window.job_failed(exc)
            return False
        self._kind, self._label = kind, label
        self._say_count()
        return True

    def subject(self) -> tuple[str, str]:
        """What the list shows: the catalogue entry's kind and label."""
        return self._kind, self._label

    def _say_count(self) -> None:
        """The list's title: the entry and its documents, and how many the filter keeps."""
        total = len(self.model.all_ids())
        text = self.tr("%1 — %2 document(s)").replace("%1", self._label).replace(
            "%2", str(total))
        if self.filter_box.text().strip():
            text += self.tr(" (%1 shown by the filter)").replace(
                "%1", str(self.model.rowCount()))
        self.title.setText(text)

    def _prefetch(self, ids: list[int], deliver) -> None:
        """Read rows the list will soon show, off the GUI thread (the model's prefetch)."""
        archive = self.archive
        if archive is None:
            return
        self.window.runner.run(lambda progress, cancel: (archive.documents(ids=ids),
                                                         bound_locations(archive, ids)),
                               on_done=lambda result: deliver(*result),
                               on_error=lambda exc: None)  # the row is then fetched when painted

    def select_ids(self, ids: list[int]) -> None:
        """Select these documents (those in the list), the first one current and in view."""
        rows = [r for r in (self.model.row_of(i) for i in ids) if r is not None]
        selection = QItemSelection()
        last = self.model.columnCount() - 1
        for row in rows:
            selection.select(self.model.index(row, 0), self.model.index(row, last))
        selections = self.table.selectionModel()
        selections.select(selection, QItemSelectionModel.ClearAndSelect)
        if rows:
            selections.setCurrentIndex(self.model.index(rows[0], 0),
                                       QItemSelectionModel.NoUpdate)
            self.table.scrollTo(self.model.index(rows[0], 0))

    def keeping_selection(self, reload) -> None:
        """Run ``reload()`` (the list read again) and select the same documents again,
        quietly: the details are not shown anew, so nothing typed there is lost."""
        selected = self.selected_ids()
        scrolled = self.table.verticalScrollBar().value()
        selections = self.table.selectionModel()
        selections.blockSignals(True)
        try:
            reload()
            self.select_ids(selected)
        finally:
            selections.blockSignals(False)
        self.table.verticalScrollBar().setValue(scrolled)
        self.table.viewport().update()

    def selected_ids(self) -> list[int]:
        rows = sorted({i.row() for i in self.table.selectionModel().selectedRows()})
        return [self.model.doc_id(r) for r in rows]
