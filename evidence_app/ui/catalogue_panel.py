"""The catalogue on the left: tasks and requirements, mechanisms or units, each with its
evidence count and coverage colour (the coverage package's ``node_counts``, computed off the
GUI thread through the Runner). Documents dropped on an entry are tagged with it.
"""

from __future__ import annotations

from PySide6.QtCore import Signal
from PySide6.QtWidgets import (QAbstractItemView, QComboBox, QHeaderView, QTreeView,
                               QVBoxLayout, QWidget)

from ..coverage import node_counts
from .models import CatalogueTreeModel
from .reasons import describe


class CataloguePanel(QWidget):
    """The mode box and the catalogue tree."""

    node_changed = Signal(object)       # the current QModelIndex of the tree

    def __init__(self, window):
        super().__init__(window)
        self.window = window
        self.archive = None
        self.mode_box = QComboBox()
        for mode, label in (("requirements", self.tr("Tasks and requirements")),
                            ("mechanisms", self.tr("Mechanisms")), ("units", self.tr("Units"))):
            self.mode_box.addItem(label, mode)
        self.mode_box.currentIndexChanged.connect(
            lambda _: self.model.set_mode(self.mode_box.currentData()))
        self.model = CatalogueTreeModel(None, parent=self)
        self.model.modelReset.connect(self._reset)
        self.tree = QTreeView()
        self.tree.setObjectName("catalogue")
        self.tree.setModel(self.model)
        self.tree.setUniformRowHeights(True)
        self.tree.setAcceptDrops(True)
        self.tree.setDropIndicatorShown(True)
        self.tree.setDragDropMode(QAbstractItemView.DropOnly)
        self.tree.header().setStretchLastSection(False)
        self.tree.header().setSectionResizeMode(0, QHeaderView.Stretch)
        self.tree.header().setSectionResizeMode(1, QHeaderView.ResizeToContents)
        self.tree.selectionModel().currentChanged.connect(
            lambda index, _previous: self.node_changed.emit(index))
        layout = QVBoxLayout(self)
        layout.setContentsMargins(0, 0, 0, 0)
        layout.addWidget(self.mode_box)
        layout.addWidget(self.tree)

    def set_archive(self, archive) -> None:
        self.archive = archive
        self.model.set_archive(archive)
        if archive is not None:
            self.tree.expandToDepth(0)
            self.tree.setCurrentIndex(self.model.index(0, 0))
            self.refresh_counts()

    def _reset(self) -> None:
        if self.model.mode == "requirements":
            self.tree.expandToDepth(0)

    def current_node(self):
        return self.model.node(self.tree.currentIndex())

    def show_requirement(self, code: str) -> None:
        """Select a requirement, so the document list shows its evidence."""
        if self.model.mode != "requirements":
            self.mode_box.setCurrentIndex(0)
        index = self.model.find("requirement", code)
        if index.isValid():
            self.tree.scrollTo(index)
            self.tree.setCurrentIndex(index)

    def refresh_counts(self) -> None:
        """Recount evidence per catalogue node in the background."""
        archive = self.archive
        if archive is None:
            return

        def done(result):
            if archive is not self.archive:
                return
            self.model.set_counts(*result)
            self.window.statusBar().showMessage(self.tr("%1 documents").replace(
                "%1", str(len(archive.document_ids()))), 4000)

        self.window.runner.run(lambda progress, cancel: node_counts(archive), on_done=done,
                               on_error=lambda exc: self.window.notify(describe(exc)))
