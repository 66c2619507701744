"""Conversions the user did not ask for: a Word, text, image or spreadsheet file selected
for the preview, and the non-PDF files of an import, converted into the compile cache in
the background so the preview shows pages and the first compile does not wait.

Both are the export package's (``prepare_for_preview``, ``convert_ahead``) and run as
``background`` jobs, which the window does not ask about when it closes.
"""

from __future__ import annotations

from pathlib import Path

from PySide6.QtCore import QObject

from ..export import convert_ahead, prepare_for_preview


class BackgroundConversions(QObject):
    """The window's background conversions and which documents could not be converted."""

    def __init__(self, window):
        super().__init__(window)
        self.window = window
        self.converting_ahead = None             # the background conversion after an import
        self._pending: set[int] = set()
        self._failed: set[int] = set()           # not asked again until the archive reopens

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

    def convert_ahead(self, doc_ids: list[int]) -> None:
        """Convert newly imported Word and other non-PDF files for the compile while the
        user goes on working."""
        archive = self.window.archive
        if archive is None or not doc_ids:
            return

        def done(count):
            self.converting_ahead = None
            if count:
                self.window.notify(self.tr("%1 document(s) prepared for compiling").replace(
                    "%1", str(count)))

        def ended(*_):
            self.converting_ahead = None

        self.converting_ahead = self.window.runner.run(
            lambda progress, cancel: convert_ahead(archive, doc_ids, progress, cancel),
            background=True, on_done=done, on_error=ended, on_cancelled=ended)
