"""Everyday actions on the documents of the list: open the original in its own program, show
it in a folder, export the list to Excel, print it, delete (after a question), read the
preview large.

The stored original has no name (objects are named by their hash), so opening it hands the
desktop a read-only copy under its original name in a temporary folder of this session;
the archive's copy is never touched. Printing goes the same way: the bundle has no printing
of its own, so the list is written as a PDF into that folder and handed to the PDF viewer.
"""

from __future__ import annotations

import shutil
import stat
import tempfile
from datetime import date
from pathlib import Path

from PySide6.QtCore import QObject, Qt, QUrl
from PySide6.QtWidgets import QDialog, QFileDialog, QVBoxLayout

from ..errors import EvidenceError
from ..export import list_heading, print_document_list, write_document_list
from .details import PreviewWidget


class DocumentActions(QObject):
    """The list's document actions; each works on the selection the list reports."""

    def __init__(self, window):
        super().__init__(window)
        self.window = window
        self._copies: tempfile.TemporaryDirectory | None = None
        self._printed = 0
        self.large_preview: QDialog | None = None

    def _selected(self) -> list[int]:
        ids = self.window.documents.selected_ids()
        if not ids or self.window.archive is None:
            self.window.notify(self.tr("Select documents in the list first"))
        return ids if self.window.archive is not None else []

    def named_copy(self, doc_id: int) -> Path:
        """A read-only copy of the original under its own name, for the desktop."""
        archive = self.window.archive
        doc = archive.document(doc_id)
        folder = self._session_folder() / str(doc.id)
        folder.mkdir(exist_ok=True)
        copy = folder / Path(doc.original_name).name
        if not copy.exists():
            shutil.copyfile(archive.original_path(doc), copy)
            copy.chmod(stat.S_IREAD)
        return copy

    def _session_folder(self) -> Path:
        """This session's temporary folder for what is handed to the desktop."""
        if self._copies is None:
            self._copies = tempfile.TemporaryDirectory(prefix="evidence-originals-")
        return Path(self._copies.name)

    def open_original(self) -> None:
        """Open the first selected document in the program the desktop uses for its kind."""
        ids = self._selected()
        if ids:
            self._hand_over(ids[0], folder=False)

    def show_in_folder(self) -> None:
        """Show the named copy of the first selected original in the file manager."""
        ids = self._selected()
        if ids:
            self._hand_over(ids[0], folder=True)

    def _hand_over(self, doc_id: int, folder: bool) -> None:
        try:
            copy = self.named_copy(doc_id)
        except (EvidenceError, OSError) as exc:
            self.window.job_failed(exc)
            return
        if not self.window.open_url(QUrl.fromLocalFile(str(copy.parent if folder else copy))):
            self.window.notify(self.tr("No program on this computer opens %1").replace(
                "%1", copy.name))

    def export_list(self) -> None:
        """Write the documents listed (as filtered and sorted) to an Excel workbook."""
        ids = self.window.doc_model.ids()
        if self.window.archive is None or not ids:
            self.window.notify(self.tr("The list is empty"))
            return
        name, _ = QFileDialog.getSaveFileName(self.window, self.tr("Export the list"),
                                              self.tr("document list.xlsx"),
                                              self.tr("Excel workbook (*.xlsx)"))
        if not name:
            return
        try:
            path = write_document_list(self.window.archive, ids, name)
        except (EvidenceError, OSError) as exc:
            self.window.job_failed(exc)
            return
        self.window.notify(self.tr("%1 document(s) written to %2").replace(
            "%1", str(len(ids))).replace("%2", str(path)))

    def print_list(self) -> None:
        """Write the documents listed (as filtered and sorted) as a PDF with a title saying
        what the list is, and open it in the PDF viewer, from where staff print it."""
        ids = self.window.doc_model.ids()
        archive = self.window.archive
        if archive is None or not ids:
            self.window.notify(self.tr("The list is empty"))
            return
        heading = list_heading(*self.window.documents.subject())
        filter_text = self.window.documents.filter_box.text()
        today = date.today().strftime("%Y%m%d")
        self._printed += 1   # a new file each time: the viewer may still hold the last one
        path = self._session_folder() / f"{self.tr('document list')} {self._printed}.pdf"

        def work(progress, cancel):
            return print_document_list(archive, ids, path, heading=heading, date=today,
                                       filter_text=filter_text)

        def done(printed):
            if not self.window.open_url(QUrl.fromLocalFile(str(printed.path))):
                self.window.notify(self.tr("No program on this computer opens %1").replace(
                    "%1", str(printed.path)))
                return
            text = self.tr("The list of %1 document(s) is open in the PDF viewer: print it "
                           "from there").replace("%1", str(len(ids)))
            if printed.missing_glyphs:
                text += self.tr(" (%1 character(s) no font has are printed as □)").replace(
                    "%1", str(len(printed.missing_glyphs)))
            self.window.notify(text)

        self.window.runner.run(work, on_done=done, on_error=self.window.job_failed)

    def delete(self) -> None:
        """Delete the selected documents after a question (this cannot be undone)."""
        ids = self._selected()
        if not ids or self.window.refuse_if_read_only(self.tr("delete documents")):
            return
        if not self.window.ask(self.tr("Delete documents"), self.tr(
                "Delete %1 document(s) from the archive, with their tags and stored originals? "
                "This cannot be undone; the audit log keeps a record.").replace(
                "%1", str(len(ids)))):
            return
        archive = self.window.archive

        def work(progress, cancel):
            for doc_id in ids:
                archive.remove_document(doc_id)
            return len(ids)

        def done(count):
            self.window.details.set_document(archive, None)
            self.window.show_current_node()
            self.window.catalogue.refresh_counts()
            self.window.notify(self.tr("Deleted %1 document(s)").replace("%1", str(count)))

        self.window.runner.run(work, write=True, on_done=done,
                               on_error=self.window.job_failed)

    def preview_large(self) -> None:
        """The selected document's preview in a large window of its own, at the page shown."""
        doc = self.window.details.doc
        if doc is None or self.window.archive is None:
            return
        dialog = QDialog(self.window)
        dialog.setAttribute(Qt.WA_DeleteOnClose)
        dialog.setWindowTitle(doc.title)
        preview = PreviewWidget(dialog)
        layout = QVBoxLayout(dialog)
        layout.addWidget(preview)
        preview.show_document(self.window.archive, doc,
                              self.window.details.preview.current_page())
        dialog.destroyed.connect(lambda: setattr(self, "large_preview", None))
        self.large_preview = dialog
        dialog.showMaximized()
