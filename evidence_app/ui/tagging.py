"""Tagging documents: the picker, drops on the catalogue tree, a chip's ×, the review queue
of suggested tags (review.py), undo and redo.

Every change is the core's ``Archive.tag`` or ``undo_tags``, run on the Runner's single
writer thread; the views follow when the result arrives on the GUI thread. An applied change
becomes a ``TagCommand`` on the undo stack wrapping the core's ``TagChange``, so Ctrl+Z and
Ctrl+Y reverse exactly the pairs that changed. The writer thread runs jobs in the order they
were started, so an undo or redo always reads the change its previous step produced.
"""

from __future__ import annotations

from PySide6.QtCore import QObject, Qt, Signal
from PySide6.QtGui import QUndoCommand, QUndoStack

from .dialogs import TagPickerDialog


class TagCommand(QUndoCommand):
    """One tag change as an undo step: wraps the core's TagChange and undo_tags."""

    def __init__(self, tagging: "Tagging", archive, change, text: str):
        super().__init__(text)
        self.tagging = tagging
        self.archive = archive
        self.change = change          # what the last redo did (set on the writer thread)
        self.undone = None            # what the last undo did (set on the writer thread)
        self._first = True            # the change was applied before being pushed

    def redo(self) -> None:
        if self._first:
            self._first = False
            return

        def work(progress, cancel):
            self.change = self.archive.undo_tags(self.undone, redo=True)
            return self.change

        self.tagging.write(work, self.tagging.done_text(self.text(), redo=True))

    def undo(self) -> None:
        def work(progress, cancel):
            self.undone = self.archive.undo_tags(self.change)
            return self.undone

        self.tagging.write(work, self.tagging.done_text(self.text(), redo=False))


class Tagging(QObject):
    """The window's tag actions and their undo stack."""

    # a TagChange has landed in the archive (a tagging, an undo, a redo); views may follow it
    changed = Signal(object)

    def __init__(self, window):
        super().__init__(window)
        self.window = window
        self.undo_stack = QUndoStack(self)
        self.picker: TagPickerDialog | None = None
        self.review = None            # the open ReviewDialog, if any

    def write(self, work, done_text: str):
        """Run a tag write (an undo or redo) on the writer thread; the views follow its
        TagChange and the status bar says ``done_text``."""
        def done(change):
            self.after_change(change)
            self.window.notify(done_text)

        return self.window.runner.run(work, write=True, on_done=done,
                                      on_error=self.window.job_failed)

    def done_text(self, step: str, redo: bool) -> str:
        """What the status bar says after an undo or redo of ``step``."""
        return (self.tr("Redone: %1") if redo else self.tr("Undone: %1")).replace("%1", step)

    def forget_archive(self) -> None:
        """The archive closes: its undo steps and its review queue go with it."""
        if self.review is not None:
            self.review.done(0)
        self.undo_stack.clear()

    def tag_documents(self, ids, requirements=(), mechanisms=(), remove: bool = False,
                      via: str | None = None):
        """Tag (or untag) documents through the core; an applied change becomes an undo step
        (``via``: what proposed the tags, for the audit log).

        Returns the running job, or None when there is nothing to do.
        """
        archive = self.window.archive
        if archive is None or not ids or self.window.refuse_if_read_only(self.tr("change tags")):
            return None
        ids, requirements, mechanisms = list(ids), list(requirements), list(mechanisms)

        def done(change):
            if not change.count:
                self.window.notify(self.tr("Nothing changed") if remove else self.tr(
                    "Nothing changed: the documents already had those tags"))
                return
            codes, count = "、".join(requirements + mechanisms), str(len(change.document_ids()))
            step = (self.tr("Remove %1 from %2 document(s)") if remove else
                    self.tr("Tag %2 document(s) with %1"))
            said = (self.tr("Removed %1 from %2 document(s)") if remove else
                    self.tr("Tagged %2 document(s) with %1"))
            self.push_tag_change(archive, change, step.replace("%1", codes).replace("%2", count),
                                 said.replace("%1", codes).replace("%2", count))

        return self.window.runner.run(
            lambda progress, cancel: archive.tag(ids, requirements, mechanisms, remove=remove,
                                                 via=via),
            write=True, on_done=done, on_error=self.window.job_failed)

    def push_tag_change(self, archive, change, step: str, said: str | None = None) -> None:
        """A tag change the core has made (on the writer thread) becomes one undo step named
        ``step``, the views follow it, and the status bar says ``said`` (or ``step``)."""
        self.undo_stack.push(TagCommand(self, archive, change, step))
        self.after_change(change)
        self.window.notify((said or step) + self.tr(" (Ctrl+Z to undo)"))

    def after_change(self, change) -> None:
        """Views follow a tag change: rows, details, counts."""
        if self.window.archive is None:
            return
        self.window.doc_model.refresh_documents(change.document_ids())
        self.window.details.refresh()
        self.window.catalogue.refresh_counts()
        self.changed.emit(change)

    def tag_dropped(self, ids: list, kind: str, code: str) -> None:
        """Documents were dragged onto a requirement or mechanism of the tree."""
        self._tag_one(ids, kind, code, remove=False)

    def remove_tag(self, doc_id: int, kind: str, code: str) -> None:
        """The × of a tag chip in the details panel."""
        self._tag_one([doc_id], kind, code, remove=True)

    def _tag_one(self, ids, kind: str, code: str, remove: bool) -> None:
        if kind == "requirement":
            self.tag_documents(ids, requirements=[code], remove=remove)
        else:
            self.tag_documents(ids, mechanisms=[code], remove=remove)

    def tag_selected_dialog(self, remove: bool = False) -> TagPickerDialog | None:
        """Pick requirements and mechanisms for the selected documents."""
        ids = self.window.documents.selected_ids()
        if self.window.archive is None or not ids:
            self.window.notify(self.tr("Select documents in the list first"))
            return None
        title = (self.tr("Remove tags from %1 document(s)") if remove else
                 self.tr("Tag %1 document(s) with…")).replace("%1", str(len(ids)))
        picker = TagPickerDialog(self.window.archive, title, self.window, ids)
        picker.setAttribute(Qt.WA_DeleteOnClose)

        def accepted():
            reqs, mechs = picker.selection()
            if reqs or mechs:
                self.tag_documents(ids, reqs, mechs, remove=remove)

        picker.accepted.connect(accepted)
        picker.destroyed.connect(lambda: setattr(self, "picker", None))
        self.picker = picker
        picker.open()
        return picker

    def untag_selected_dialog(self) -> None:
        self.tag_selected_dialog(remove=True)

    def review_suggestions(self):
        """Open the review queue of suggested tags (ui/review.py); returns it, or None."""
        from .review import ReviewDialog

        if self.window.archive is None or self.window.refuse_if_read_only(
                self.tr("change tags")):
            return None
        if self.review is not None:
            self.review.raise_()
            return self.review
        dialog = ReviewDialog(self.window)
        dialog.setAttribute(Qt.WA_DeleteOnClose)
        dialog.finished.connect(lambda _: setattr(self, "review", None))
        self.review = dialog
        dialog.open()
        return dialog
