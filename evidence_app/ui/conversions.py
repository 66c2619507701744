"""Conversions the user did not ask for: a Word, text, image or spreadsheet file selected
for the preview, and every non-PDF document not yet converted for the compile, converted into
the compile cache in the background so the preview shows pages and a compile only binds.

Both are the export package's (``prepare_for_preview``, ``convert_pending``). The conversions
for the compile start when a writable archive opens and after every import, on the Runner's
conversion thread with worker processes at low priority on every core; the status bar reads
"转换中 12/480 份" with a button to stop. Stopping, or closing the window, keeps what is
converted; the next start converts the rest (the queue is what the cache lacks).
"""

from __future__ import annotations

from pathlib import Path

from PySide6.QtCore import QObject
from PySide6.QtWidgets import QHBoxLayout, QLabel, QToolButton, QWidget

from ..export import convert_pending, prepare_for_preview


class BackgroundConversions(QObject):
    """The window's background conversions and which documents could not be converted."""

    def __init__(self, window):
        super().__init__(window)
        self.window = window
        self._pending: set[int] = set()
        self._failed: set[int] = set()           # not asked again until the archive reopens
        self.job = None                          # the conversions for the compile
        self._archive = None                     # the archive that job converts for
        self._again = False                      # an import added documents meanwhile
        self.widget = QWidget()
        layout = QHBoxLayout(self.widget)
        layout.setContentsMargins(0, 0, 0, 0)
        self.label = QLabel("")
        self.label.setObjectName("conversion-status")
        self.stop_button = QToolButton()
        self.stop_button.setText(self.tr("Stop"))
        self.stop_button.setToolTip(self.tr(
            "Stop converting documents for the compile; what is converted is kept, and the "
            "rest is converted the next time the archive opens (or by the compile)"))
        self.stop_button.clicked.connect(self.stop)
        layout.addWidget(self.label)
        layout.addWidget(self.stop_button)
        self.widget.hide()
        window.statusBar().addPermanentWidget(self.widget)

    def reset(self) -> None:
        """A new archive: every document may be tried again."""
        self._pending.clear()
        self._failed.clear()

    def for_preview(self, doc) -> None:
        """Convert ``doc`` for the preview; the page view replaces its text when ready."""
        archive = self.window.archive
        if archive is None or doc.id in self._pending or doc.id in self._failed:
            return
        self._pending.add(doc.id)

        def work(progress, cancel):
            prepared = prepare_for_preview(archive, doc)
            return Path(prepared.pdf) if prepared.error is None and prepared.pdf else None

        def done(path):
            self._pending.discard(doc.id)
            if path is None:
                self._failed.add(doc.id)
                return
            if self.window.archive is not archive:
                return
            for preview in (self.window.details.preview, self.window.inspection.viewer):
                if preview.doc is not None and preview.doc.id == doc.id:
                    preview.show_document(archive, preview.doc, preview.current_page())

        def failed(exc):
            self._pending.discard(doc.id)
            self._failed.add(doc.id)

        self.window.runner.run(work, background=True, on_done=done, on_error=failed)

    def start(self) -> None:
        """Convert the window's archive's documents that the compile would still have to
        convert; a run of the same archive already going runs once more when it ends, for
        the documents imported meanwhile."""
        archive = self.window.archive
        if self.job is not None and self._archive is archive:
            self._again = True
            return
        self.job, self._archive = None, archive
        self.widget.hide()
        if archive is None or archive.read_only:
            return
        self.job = self.window.runner.run(
            lambda progress, cancel: convert_pending(archive, progress=progress, cancel=cancel,
                                                     background=True),
            convert=True, on_progress=self._progress, on_done=self._finished,
            on_error=self._failed_run)

    def stop(self) -> None:
        if self.job is not None:
            self.job.cancel()

    def _progress(self, done: int, total: int, message: str) -> None:
        if total:
            self.label.setText(self.tr("Converting for the compile %1/%2 documents").replace(
                "%1", f"{done:,}").replace("%2", f"{total:,}"))
            self.label.setToolTip(message)
            self.widget.show()

    def _finished(self, report) -> None:
        self.job = None
        self.widget.hide()
        if report.cancelled:
            self._again = False
            self.window.notify(self.tr("Converting stopped; what was converted is kept"))
            return
        if report.converted:
            self.window.notify(self.tr("%1 document(s) prepared for compiling").replace(
                "%1", str(report.converted)))
        if self._again:
            self._again = False
            self.start()

    def _failed_run(self, exc: BaseException) -> None:
        self.job, self._again = None, False
        self.widget.hide()
        self.window.job_failed(exc)
