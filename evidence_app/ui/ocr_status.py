"""OCR in the window: the status bar reads "识别中 312/4,102 页" while the scans of the archive
are read in the background, with a button to stop.

The work is the core's ``run_ocr_queue`` on the Runner's OCR thread (its worker processes run
at low priority), started when a writable archive opens and after every import. Stopping, or
closing the window, keeps every page already read; the next start resumes with the rest.
Each finished document is re-indexed by the core, and the search follows the archive by
itself, so nothing else in the window needs telling — except the list, whose 文号, 责任者 and
dates OCR may have filled, which is refreshed when the run ends.
"""

from __future__ import annotations

from PySide6.QtCore import QCoreApplication, QObject
from PySide6.QtWidgets import QHBoxLayout, QLabel, QToolButton, QWidget

from ..archive import ocr_backlog, ocr_page_numbers
from ..intake import run_ocr_queue


def ocr_pages_phrase(archive, doc_id: int) -> str:
    """For the details heading (e.g. "  · 第 1–3, 5 页为识别文字  · 2 页待识别"): which pages
    of a document hold text read by OCR and how many still wait or could not be read; empty
    for a document OCR never touched."""
    pages = sorted(ocr_page_numbers(archive, [doc_id]).get(doc_id, ()))
    runs: list[list[int]] = []
    for page in pages:
        if runs and page == runs[-1][1] + 1:
            runs[-1][1] = page
        else:
            runs.append([page, page])
    spans = ", ".join(f"{a}–{b}" if b > a else str(a) for a, b in runs)
    waiting = ocr_backlog(archive, [doc_id])
    phrase = ""
    if spans:
        phrase += "  · " + QCoreApplication.translate("OcrStatus", "OCR text on pages %1"
                                                      ).replace("%1", spans)
    if waiting.pending:
        phrase += "  · " + QCoreApplication.translate("OcrStatus", "%1 page(s) waiting for OCR"
                                                      ).replace("%1", str(waiting.pending))
    if waiting.unreadable:
        phrase += "  · " + QCoreApplication.translate("OcrStatus", "%1 page(s) unreadable"
                                                      ).replace("%1", str(waiting.unreadable))
    return phrase


class OcrStatus(QObject):
    """The status bar's OCR part and the background job behind it."""

    def __init__(self, window):
        super().__init__(window)
        self.window = window
        self.widget = QWidget()
        layout = QHBoxLayout(self.widget)
        layout.setContentsMargins(0, 0, 0, 0)
        self.label = QLabel("")
        self.label.setObjectName("ocr-status")
        self.stop_button = QToolButton()
        self.stop_button.setText(self.tr("Stop"))
        self.stop_button.setToolTip(self.tr("Stop reading scans; what is read is kept, and "
                                            "the rest is read the next time the archive opens"))
        self.stop_button.clicked.connect(self.stop)
        layout.addWidget(self.label)
        layout.addWidget(self.stop_button)
        self.widget.hide()
        window.statusBar().addPermanentWidget(self.widget)
        self.job = None
        self._archive = None  # the archive the job reads
        self._again = False   # an import queued pages while a run was finishing

    def start(self) -> None:
        """Read the window's archive's waiting pages; a run of the same archive already
        going is run once more when it ends, for the pages queued meanwhile. (A run of an
        archive the window has left was stopped by the Runner and is forgotten.)"""
        archive = self.window.archive
        if self.job is not None and self._archive is archive:
            self._again = True
            return
        self.job, self._archive = None, archive
        self.widget.hide()
        if archive is None or archive.read_only:
            return
        self.job = self.window.runner.run(
            lambda progress, cancel: run_ocr_queue(archive, progress, cancel), ocr=True,
            on_progress=self._progress, on_done=self._finished, on_error=self._failed)

    def stop(self) -> None:
        if self.job is not None:
            self.job.cancel()

    def _progress(self, done: int, total: int, message: str) -> None:
        if total:
            self.label.setText(self.tr("Reading scans %1/%2 pages").replace(
                "%1", f"{done:,}").replace("%2", f"{total:,}"))
            self.label.setToolTip(message)
            self.widget.show()

    def _finished(self, report) -> None:
        self.job = None
        self.widget.hide()
        if report.documents:
            self.window.show_current_node()
        if report.cancelled:
            self._again = False
            self.window.notify(self.tr("Reading scans stopped; what was read is kept"))
        elif self._again:
            self._again = False
            self.start()

    def _failed(self, exc: BaseException) -> None:
        self.job, self._again = None, False
        self.widget.hide()
        self.window.job_failed(exc)
