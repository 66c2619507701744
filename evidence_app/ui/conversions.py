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

from ..export import convert_pending, prepare_for_preview
from .queue_status import QueueStatus


class BackgroundConversions(QueueStatus):
    """The window's background conversions and which documents could not be converted."""

    def __init__(self, window):
        super().__init__(window, "conversion-status")
        self._pending: set[int] = set()
        self._preview_failed: set[int] = set()       # not asked again until the archive reopens

    def reset(self) -> None:
        """A new archive: every document may be tried again."""
        self._pending.clear()
        self._preview_failed.clear()

    def for_preview(self, doc) -> None:
        """Convert ``doc`` for the preview; the page view replaces its text when ready."""
        archive = self.window.archive
        if archive is None or doc.id in self._pending or doc.id in self._preview_failed:
            return
        self._pending.add(doc.id)

        def work(progress, cancel):
            prepared = prepare_for_preview(archive, doc)
            return Path(prepared.pdf) if prepared.error is None and prepared.pdf else None

        def done(path):
            self._pending.discard(doc.id)
            if path is None:
                self._preview_failed.add(doc.id)
                return
            if self.window.archive is not archive:
                return
            for preview in (self.window.details.preview, self.window.inspection.viewer):
                if preview.doc is not None and preview.doc.id == doc.id:
                    preview.show_document(archive, preview.doc, preview.current_page())

        def failed(exc):
            self._pending.discard(doc.id)
            self._preview_failed.add(doc.id)

        self.window.runner.run(work, background=True, on_done=done, on_error=failed)

    def _stop_text(self) -> str:
        return self.tr("Stop")

    def _stop_tooltip(self) -> str:
        return self.tr(
            "Stop converting documents for the compile; what is converted is kept, and the "
            "rest is converted the next time the archive opens (or by the compile)")

    def _run(self, archive):
        return self.window.runner.run(
            lambda progress, cancel: convert_pending(archive, progress=progress, cancel=cancel,
                                                     background=True),
            convert=True, on_progress=self._progress, on_done=self._finished,
            on_error=self._failed)

    def _counting(self) -> str:
        return self.tr("Converting for the compile %1/%2 documents")

    def _stopped(self) -> str:
        return self.tr("Converting stopped; what was converted is kept")

    def _ended(self, report) -> None:
        if report.converted and not report.cancelled:
            self.window.notify(self.tr("%1 document(s) prepared for compiling").replace(
                "%1", str(report.converted)))
