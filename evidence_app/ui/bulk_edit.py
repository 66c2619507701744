"""Editing several selected documents at once: the same 责任者, date or note for all.

A field left empty is left as each document has it. The core checks the values when OK is
pressed (``check_document_fields``): a date that does not parse is said in the dialog, which
stays open with everything typed, and no document changes; accepted values are written on
the Runner's writer thread.
"""

from __future__ import annotations

from PySide6.QtCore import QObject
from PySide6.QtWidgets import (QDialog, QDialogButtonBox, QFormLayout, QLabel, QLineEdit,
                               QVBoxLayout)

from ..errors import EvidenceError
from .reasons import describe


class BulkEditDialog(QDialog):
    """The fields to set on every selected document."""

    FIELDS = ("issuer", "date", "note")

    def __init__(self, archive, count: int, parent=None):
        super().__init__(parent)
        self.archive = archive
        self.setWindowTitle(self.tr("Edit %1 documents").replace("%1", str(count)))
        self.setMinimumWidth(460)
        layout = QVBoxLayout(self)
        layout.addWidget(QLabel(self.tr("Fields left empty stay as each document has them.")))
        form = QFormLayout()
        labels = {"issuer": self.tr("Issuer"), "date": self.tr("Date"),
                  "note": self.tr("Note")}
        self.edits: dict[str, QLineEdit] = {}
        for name in self.FIELDS:
            self.edits[name] = QLineEdit()
            form.addRow(labels[name], self.edits[name])
        self.edits["date"].setPlaceholderText(self.tr("e.g. 20210312"))
        layout.addLayout(form)
        self.error = QLabel("")
        self.error.setStyleSheet("color: #c0392b;")
        self.error.setWordWrap(True)
        self.error.hide()
        layout.addWidget(self.error)
        self.buttons = QDialogButtonBox(QDialogButtonBox.Ok | QDialogButtonBox.Cancel)
        self.buttons.accepted.connect(self.accept)
        self.buttons.rejected.connect(self.reject)
        layout.addWidget(self.buttons)

    def fields(self) -> dict[str, str]:
        return {name: edit.text() for name, edit in self.edits.items() if edit.text().strip()}

    def accept(self) -> None:
        """OK: only values the core accepts close the dialog; a refusal is said here."""
        try:
            self.archive.check_document_fields(**self.fields())
        except EvidenceError as exc:
            self.error.setText(describe(exc))
            self.error.setToolTip(exc.message)
            self.error.show()
            return
        super().accept()


class BulkEdit(QObject):
    """The window's "edit the selected documents" action."""

    def __init__(self, window):
        super().__init__(window)
        self.window = window
        self.dialog: BulkEditDialog | None = None

    def edit_selected(self) -> BulkEditDialog | None:
        window = self.window
        ids = window.documents.selected_ids()
        if window.archive is None or not ids:
            window.notify(self.tr("Select documents in the list first"))
            return None
        if window.refuse_if_read_only(self.tr("edit documents")) or \
                not window.details.leave(window.ask):
            return None
        dialog = BulkEditDialog(window.archive, len(ids), window)
        dialog.accepted.connect(lambda: self.apply(ids, dialog.fields()))
        dialog.finished.connect(lambda _: setattr(self, "dialog", None))
        self.dialog = dialog
        dialog.open()
        return dialog

    def apply(self, ids: list[int], fields: dict[str, str]) -> None:
        archive = self.window.archive
        if archive is None or not fields:
            return

        def work(progress, cancel):
            for doc_id in ids:
                archive.update_document(doc_id, **fields)
            return ids

        def done(changed):
            self.window.doc_model.refresh_documents(changed)
            shown = self.window.details.doc
            if shown is not None and shown.id in changed:
                self.window.show_document(shown.id, self.window.details.preview.current_page())
            self.window.notify(self.tr("Edited %1 document(s)").replace(
                "%1", str(len(changed))))

        self.window.runner.run(work, write=True, on_done=done,
                               on_error=self.window.job_failed)
