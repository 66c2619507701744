"""Bringing things into the archive: documents (with the passwords of locked PDFs) and the
catalogue workbook.

Each import is one core call (``add_paths``, ``retry_with_passwords``,
``Archive.import_catalogue``) on the Runner's writer thread, with a progress dialog that
can cancel it; the summary dialog then shows what became of every file. The mechanisms an
import links by 文号 (suggest/mechanisms.py) become one undo step, like any tagging.
"""

from __future__ import annotations

from pathlib import Path

from PySide6.QtCore import QObject, Qt
from PySide6.QtWidgets import QFileDialog

from ..archive import TagChange, read_catalogue, write_template
from ..errors import EvidenceError
from ..intake import add_paths, retry_with_passwords
from ..suggest import after_catalogue_import
from .dialogs import ImportSummaryDialog, PasswordDialog, ProgressDialog


class ImportFlow(QObject):
    """The window's imports, from the file dialog or a drop to the summary."""

    def __init__(self, window):
        super().__init__(window)
        self.window = window
        self.summary: ImportSummaryDialog | None = None
        self.progress_dialog: ProgressDialog | None = None
        self.password_dialog: PasswordDialog | None = None

    def dialogs(self) -> list:
        """The dialogs this flow has open (the window closes them when it closes)."""
        return [d for d in (self.progress_dialog, self.summary, self.password_dialog) if d]

    # ------------------------------------------------------------------ documents
    def add_files_dialog(self) -> None:
        names, _ = QFileDialog.getOpenFileNames(self.window, self.tr("Add files"))
        if names:
            self.import_paths([Path(n) for n in names])

    def add_folder_dialog(self) -> None:
        folder = QFileDialog.getExistingDirectory(self.window, self.tr("Add a folder"))
        if folder:
            self.import_paths([Path(folder)])

    def import_paths(self, paths: list[Path]) -> None:
        """Import files and folders in the background with progress, cancel and a summary."""
        archive = self.window.archive
        if archive is not None and not self.window.refuse_if_read_only(self.tr("import files")):
            self._run(lambda progress, cancel: add_paths(
                archive, paths, progress=progress, cancel=cancel), self._linked_and_imported)

    def _run(self, work, deliver) -> None:
        dialog = ProgressDialog(self.tr("Importing"), self.window)
        self.progress_dialog = dialog

        def finish():
            dialog.close()
            dialog.deleteLater()
            self.progress_dialog = None

        def done(report):
            finish()
            deliver(report)

        def failed(exc):
            finish()
            self.window.job_failed(exc)

        job = self.window.runner.run(work, write=True, on_done=done, on_error=failed,
                                     on_progress=dialog.set_progress, on_cancelled=finish)
        dialog.cancel_requested.connect(job.cancel)
        dialog.open()

    def _push_links(self, linked: list[tuple[int, str]]) -> None:
        """(document, mechanism) pairs an import linked by 文号 become one undo step."""
        if linked:
            self.window.tagging.push_tag_change(
                self.window.archive, TagChange(added_mechanisms=linked),
                self.tr("Link %1 document(s) to mechanisms by 文号").replace(
                    "%1", str(len(linked))))

    def _linked_and_imported(self, report) -> None:
        """An import ended: the links it made by 文号 are undoable, then the summary shows."""
        self._push_links(report.mechanism_links.linked if report.mechanism_links else [])
        self._imported(report)

    def _imported(self, report) -> None:
        self.window.show_current_node()
        self.window.select_documents([entry["id"] for entry in report.added])
        self.window.catalogue.refresh_counts()
        self.window.conversions.start()
        self.window.ocr_status.start()
        self.summary = ImportSummaryDialog(report, self.window)
        self.summary.passwords_requested.connect(lambda: self.ask_passwords(report))
        self.summary.open()
        self.window.notify(self.summary.headline.text())

    # ------------------------------------------------------------------ passwords
    def ask_passwords(self, report, wrong: frozenset[str] = frozenset()) -> None:
        """Ask for the passwords of the PDFs ``report`` could not open; import those given.

        A wrong password brings the question back for that file; giving up shows the summary
        of the whole import.
        """
        dialog = PasswordDialog([str(item.path) for item in report.locked], set(wrong),
                                self.window)
        dialog.setAttribute(Qt.WA_DeleteOnClose)
        self.password_dialog = dialog

        def answered():
            self.password_dialog = None
            passwords = dialog.passwords()
            if passwords:
                self._unlock(report, passwords)
            else:
                self._imported(report)

        def declined():
            self.password_dialog = None
            if not self.window.closing:
                self._imported(report)

        dialog.accepted.connect(answered)
        dialog.rejected.connect(declined)
        dialog.open()

    def _unlock(self, report, passwords: dict[str, str]) -> None:
        archive = self.window.archive
        if archive is None:
            return
        already_linked = len(report.mechanism_links.linked) if report.mechanism_links else 0

        def unlocked(merged):  # the links of this retry follow those pushed before it
            self._push_links(merged.mechanism_links.linked[already_linked:]
                             if merged.mechanism_links else [])
            wrong = frozenset(merged.wrong_passwords() & passwords.keys())  # this round's
            if wrong:
                self.window.show_current_node()
                self.window.notify(self.tr("Wrong password for %1 file(s)").replace(
                    "%1", str(len(wrong))))
                self.ask_passwords(merged, wrong)
            else:
                self._imported(merged)

        self._run(lambda progress, cancel: retry_with_passwords(
            archive, report, passwords, progress, cancel), unlocked)

    # ------------------------------------------------------------------ catalogue
    def import_catalogue_dialog(self) -> None:
        name, _ = QFileDialog.getOpenFileName(self.window, self.tr("Import catalogue"), "",
                                              self.tr("Catalogue (*.xlsx *.csv)"))
        if name:
            self.import_catalogue(Path(name))

    def import_catalogue(self, path: Path) -> None:
        """Read and apply a catalogue workbook on the writer thread; a bad cell is reported
        with its place and nothing is applied."""
        archive = self.window.archive

        def work(progress, cancel):
            archive.import_catalogue(read_catalogue(path))
            return after_catalogue_import(archive)

        def done(links):
            self._push_links(links.linked)
            self.window.tree_model.reload()
            self.window.coverage_view.refresh()
            self.window.catalogue.refresh_counts()
            self.window.notify(self.tr("Catalogue imported from %1").replace("%1", path.name))

        self.window.runner.run(work, write=True, on_done=done, on_error=self.window.job_failed)

    def template_dialog(self) -> None:
        name, _ = QFileDialog.getSaveFileName(self.window, self.tr("Save catalogue template"),
                                              "catalogue-template.xlsx", "Excel (*.xlsx)")
        if not name:
            return
        try:
            write_template(Path(name))
        except EvidenceError as exc:
            self.window.job_failed(exc)
            return
        self.window.notify(self.tr("Template written to %1").replace("%1", name))
