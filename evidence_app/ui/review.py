"""The review queue: documents with the tags the archive suggests, confirmed by keyboard.

1, 2, 3 accept the suggestion in that column; 0 rejects what is left of the document's
suggestions (they are not offered for it again) and moves on; the arrow keys move; the
preview beside shows the current document. "Accept all above" tags the selected documents
with every suggestion at or above the confidence chosen. Every accept is one tag change on
the window's undo stack (Ctrl+Z works here as in the window); nothing is tagged otherwise.
Accepting and rejecting write on the Runner's writer thread, as every tagging does
(tagging.py); the ✓ marks follow the tags the archive has once a write lands.

The model is built in the background when the queue opens (seconds for thousands of
documents), so the window stays usable meanwhile.
"""

from __future__ import annotations

from PySide6.QtCore import Qt
from PySide6.QtGui import QKeySequence, QShortcut
from PySide6.QtWidgets import (QAbstractItemView, QCheckBox, QDialog, QDoubleSpinBox,
                               QHBoxLayout, QHeaderView, QLabel, QPushButton, QSplitter,
                               QTableWidget, QTableWidgetItem, QVBoxLayout, QWidget)

from ..archive import document_tags, reject_suggestion
from ..errors import EvidenceError
from .details import PreviewWidget
from .reasons import describe

COLUMNS = 3          # suggestions shown per document, accepted with keys 1..3
ACCEPTED, REJECTED = "accepted", "rejected"


class ReviewDialog(QDialog):
    """The review queue of one archive, working through the window's undo stack."""

    def __init__(self, window, untagged_only: bool = True):
        super().__init__(window)
        self.window = window
        self.tagging = window.tagging
        self.archive = window.archive
        self.setWindowTitle(self.tr("Review suggested tags"))
        self.resize(1200, 720)
        self.suggestions: dict[int, list] = {}
        self.titles: dict[int, str] = {}
        self.decided: dict[tuple[int, int], str] = {}    # (doc, column) -> accepted/rejected
        self.ids: list[int] = []
        self.note = ""
        self._job = None
        self._closed = False

        self.only_untagged = QCheckBox(self.tr("Untagged documents only"))
        self.only_untagged.setChecked(untagged_only)
        self.only_untagged.toggled.connect(self.load)
        self.status = QLabel("")
        self.table = QTableWidget(0, 1 + COLUMNS)
        self.table.setHorizontalHeaderLabels(
            [self.tr("Document")] + [self.tr("Suggestion %1").replace("%1", str(n + 1))
                                     for n in range(COLUMNS)])
        header = self.table.horizontalHeader()
        header.setSectionResizeMode(QHeaderView.ResizeToContents)
        header.setSectionResizeMode(0, QHeaderView.Stretch)     # the title takes the rest
        self.table.setSelectionBehavior(QAbstractItemView.SelectRows)
        self.table.setEditTriggers(QAbstractItemView.NoEditTriggers)
        self.table.currentCellChanged.connect(lambda row, *_: self._show(row))
        self.preview = PreviewWidget()
        self.why = QLabel("")
        self.why.setWordWrap(True)
        self.threshold = QDoubleSpinBox()
        self.threshold.setRange(0.5, 1.0)
        self.threshold.setSingleStep(0.05)
        self.threshold.setValue(0.9)
        self.accept_all_button = QPushButton(self.tr("Accept all at or above"))
        self.accept_all_button.clicked.connect(self.accept_all_selected)
        keys = QLabel(self.tr("Keys: 1/2/3 accept a suggestion, 0 rejects the rest, ↑↓ move, "
                              "Ctrl+Z undo"))

        left = QWidget()
        column = QVBoxLayout(left)
        column.setContentsMargins(0, 0, 0, 0)
        top = QHBoxLayout()
        top.addWidget(self.only_untagged)
        top.addStretch(1)
        top.addWidget(self.status)
        column.addLayout(top)
        column.addWidget(self.table, 1)
        column.addWidget(self.why)
        bottom = QHBoxLayout()
        bottom.addWidget(keys)
        bottom.addStretch(1)
        bottom.addWidget(self.accept_all_button)
        bottom.addWidget(self.threshold)
        column.addLayout(bottom)
        splitter = QSplitter()
        splitter.addWidget(left)
        splitter.addWidget(self.preview)
        splitter.setSizes([700, 500])
        layout = QVBoxLayout(self)
        layout.addWidget(splitter)

        for n in range(COLUMNS):
            QShortcut(QKeySequence(str(n + 1)), self, lambda n=n: self.accept_current(n))
        QShortcut(QKeySequence("0"), self, self.reject_current)
        self.addAction(window.undo_action)      # Ctrl+Z / Ctrl+Y here as in the window
        self.addAction(window.redo_action)
        self.tagging.changed.connect(self._tags_changed)
        self.load()

    # ------------------------------------------------------------------------- loading
    def load(self) -> None:
        """Build the suggestions in the background; the table fills when they are ready."""
        archive, untagged = self.archive, self.only_untagged.isChecked()
        self.status.setText(self.tr("Learning from the tags given…"))
        self.table.setRowCount(0)

        def work(progress, cancel):
            from ..suggest import Suggester

            suggester = Suggester.build(archive, progress, cancel)
            docs = archive.documents(untagged=untagged)
            return (suggester.note, {d.id: d.title for d in docs},
                    suggester.suggest_many([d.id for d in docs], COLUMNS))

        self._job = self.window.runner.run(work, on_done=self._loaded,
                                           on_error=self._failed)

    def _failed(self, exc: BaseException) -> None:
        if not self._closed:
            self.status.setText(describe(exc))

    def _loaded(self, result) -> None:
        if self._closed:                      # closed while the model was being built
            return
        self.note, self.titles, self.suggestions = result
        self.ids = [i for i in self.titles if self.suggestions.get(i)]
        self.decided.clear()
        self.table.setRowCount(len(self.ids))
        for row, doc_id in enumerate(self.ids):
            item = QTableWidgetItem(f"#{doc_id}  {self.titles[doc_id]}")
            item.setData(Qt.UserRole, doc_id)
            self.table.setItem(row, 0, item)
            self._fill(row)
        self.status.setText(self.note or self.tr("%1 document(s) with suggestions").replace(
            "%1", str(len(self.ids))))
        if self.ids:
            self.table.setCurrentCell(0, 0)
            self.table.setFocus()

    def _fill(self, row: int) -> None:
        doc_id = self.ids[row]
        items = self.suggestions[doc_id]
        for n in range(COLUMNS):
            text, tip = "", ""
            if n < len(items):
                s = items[n]
                state = self.decided.get((doc_id, n))
                mark = {ACCEPTED: "✓ ", REJECTED: "✗ "}.get(state, "")
                text = f"{mark}{n + 1}. {s.code}  {s.score:.2f}"
                tip = s.why
            cell = QTableWidgetItem(text)
            cell.setToolTip(tip)
            self.table.setItem(row, n + 1, cell)

    def _show(self, row: int) -> None:
        if not 0 <= row < len(self.ids):
            return
        doc_id = self.ids[row]
        self.why.setText("\n".join(f"{n + 1}. {s.code}（{s.score:.2f}）{s.why}"
                                   for n, s in enumerate(self.suggestions[doc_id])))
        try:
            self.preview.show_document(self.archive, self.archive.document(doc_id))
        except EvidenceError as exc:
            self.why.setText(describe(exc))

    # ------------------------------------------------------------------------- deciding
    def current_id(self) -> int | None:
        row = self.table.currentRow()
        return self.ids[row] if 0 <= row < len(self.ids) else None

    def accept_current(self, n: int) -> None:
        """Tag the current document with its suggestion ``n`` (0-based): one undo step."""
        doc_id = self.current_id()
        if doc_id is None or n >= len(self.suggestions[doc_id]) or \
                self.decided.get((doc_id, n)):
            return
        s = self.suggestions[doc_id][n]
        reqs, mechs = ([s.code], []) if s.kind == "requirement" else ([], [s.code])
        self.tagging.tag_documents([doc_id], reqs, mechs, via="suggestion")

    def reject_current(self) -> None:
        """Turn down the current document's undecided suggestions and move to the next."""
        doc_id = self.current_id()
        if doc_id is None:
            return
        archive = self.archive
        rejected = [(n, s) for n, s in enumerate(self.suggestions[doc_id])
                    if not self.decided.get((doc_id, n))]

        def work(progress, cancel):
            for _, s in rejected:
                reject_suggestion(archive, doc_id, s.kind, s.code)

        self.window.runner.run(work, write=True, on_error=self.window.job_failed)
        for n, _ in rejected:
            self.decided[(doc_id, n)] = REJECTED
        row = self.table.currentRow()
        self._fill(row)
        if row + 1 < len(self.ids):
            self.table.setCurrentCell(row + 1, 0)

    def accept_all_selected(self) -> None:
        """Tag the selected documents with every suggestion at or above the threshold, as
        one undo step."""
        from ..suggest import accept_above

        archive, threshold = self.archive, self.threshold.value()
        rows = sorted({i.row() for i in self.table.selectedIndexes()})
        chosen = {self.ids[r]: [s for n, s in enumerate(self.suggestions[self.ids[r]])
                                if not self.decided.get((self.ids[r], n))] for r in rows}

        def done(change):
            if change.count:
                self.tagging.push_tag_change(archive, change, self.tr(
                    "Accept %1 suggested tag(s)").replace("%1", str(change.count)))

        self.window.runner.run(lambda progress, cancel: accept_above(archive, chosen, threshold),
                               write=True, on_done=done, on_error=self.window.job_failed)

    def _tags_changed(self, *_) -> None:
        """Accepted marks follow the archive (an undo in the window takes one back)."""
        if self.archive is None or self.archive is not self.window.archive or not self.ids:
            return
        present = document_tags(self.archive, self.ids)
        for row, doc_id in enumerate(self.ids):
            reqs, mechs = present[doc_id]
            for n, s in enumerate(self.suggestions[doc_id]):
                has = s.code in (reqs if s.kind == "requirement" else mechs)
                state = self.decided.get((doc_id, n))
                if has and state != ACCEPTED:
                    self.decided[(doc_id, n)] = ACCEPTED
                elif not has and state == ACCEPTED:
                    del self.decided[(doc_id, n)]
                else:
                    continue
                self._fill(row)

    def done(self, result: int) -> None:
        """Qt rule: the dialog ends here; stop its work and following the tag changes."""
        if self._closed:
            return
        self._closed = True
        if self._job is not None:
            self._job.cancel()
        self.tagging.changed.disconnect(self._tags_changed)
        self.removeAction(self.window.undo_action)
        self.removeAction(self.window.redo_action)
        super().done(result)
