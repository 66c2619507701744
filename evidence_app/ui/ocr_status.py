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

from PySide6.QtCore import QCoreApplication

from ..archive import ocr_backlog, ocr_page_numbers
from ..intake import run_ocr_queue
from .queue_status import QueueStatus


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


class OcrStatus(QueueStatus):
    """The status bar's OCR part and the background job behind it."""

    def __init__(self, window):
        super().__init__(window, "ocr-status")

    def _stop_text(self) -> str:
        return self.tr("Stop")

    def _stop_tooltip(self) -> str:
        return self.tr(
            "Stop reading scans; what is read is kept, and the rest is read the next time the "
            "archive opens")

    def _run(self, archive):
        return self.window.runner.run(
            lambda progress, cancel: run_ocr_queue(archive, progress, cancel), ocr=True,
            on_progress=self._progress, on_done=self._finished, on_error=self._failed)

    def _counting(self) -> str:
        return self.tr("Reading scans %1/%2 pages")

    def _stopped(self) -> str:
        return self.tr("Reading scans stopped; what was read is kept")

    def _ended(self, report) -> None:
        if report.documents:    # OCR may have filled 文号, 责任者 and dates in the list
            self.window.show_current_node()
