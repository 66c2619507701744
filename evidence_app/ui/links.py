"""The links of the document in the details (关联文件): a 批复 answers its 请示, attachments,
the signed original, forwarded papers. Volumes bind linked papers together
(export/plan.py); this part shows them and adds or removes one (archive.link_documents) on
the writer thread, each change an undo step of the window's stack (Ctrl+Z, Ctrl+Y)."""

from __future__ import annotations

from PySide6.QtCore import QCoreApplication, Qt, Signal
from PySide6.QtGui import QUndoCommand
from PySide6.QtWidgets import (QComboBox, QDialog, QDialogButtonBox, QFormLayout, QHBoxLayout,
                               QLabel, QLineEdit, QListWidget, QListWidgetItem, QPushButton,
                               QVBoxLayout, QWidget)

from ..archive import DocumentLink, document_links, link_documents, unlink_documents
from ..errors import EvidenceError
from .reasons import describe

# how many documents a search by words offers
_MATCHES_SHOWN = 50


def relations() -> list[tuple[str, bool, str]]:
    """How a link reads from either of its documents, in the window's language: (kind,
    whether the shown document is the link's own document, phrase)."""
    return [
        ("answers", True, QCoreApplication.translate("LinksBox", "answers (this is the reply)")),
        ("answers", False, QCoreApplication.translate(
            "LinksBox", "is answered by (this is the request)")),
        ("attachment_of", True, QCoreApplication.translate("LinksBox", "is an attachment of")),
        ("attachment_of", False, QCoreApplication.translate("LinksBox", "has the attachment")),
        ("original_of", True, QCoreApplication.translate("LinksBox",
                                                         "is the signed original of")),
        ("original_of", False, QCoreApplication.translate("LinksBox",
                                                          "has the signed original")),
        ("forwards", True, QCoreApplication.translate("LinksBox", "forwards")),
        ("forwards", False, QCoreApplication.translate("LinksBox", "is forwarded by"))]


class LinkCommand(QUndoCommand):
    """A link added or removed, as an undo step: undo writes the opposite, redo the change
    again, each on the writer thread."""

    def __init__(self, box: "LinksBox", link: DocumentLink, added: bool, text: str):
        super().__init__(text)
        self.box, self.link, self.added = box, link, added
        self._first = True            # the change was written before being pushed

    def redo(self) -> None:
        if self._first:
            self._first = False
            return
        said = QCoreApplication.translate("LinksBox", "Redone: %1").replace("%1", self.text())
        self.box.write(self.link, self.added, lambda _changed: self.box.said.emit(said))

    def undo(self) -> None:
        said = QCoreApplication.translate("LinksBox", "Undone: %1").replace("%1", self.text())
        self.box.write(self.link, not self.added, lambda _changed: self.box.said.emit(said))


class LinksBox(QWidget):
    """关联文件 of the shown document, with 添加… and 删除. ``runner`` writes the changes
    (in order with every other write of the window)."""

    step = Signal(object)   # a LinkCommand just written, for the window's undo stack
    said = Signal(str)      # what an undo or redo did, for the status bar

    def __init__(self, runner, parent=None):
        super().__init__(parent)
        self.runner = runner
        self.archive = None
        self.doc = None
        layout = QVBoxLayout(self)
        layout.setContentsMargins(0, 0, 0, 0)
        row = QHBoxLayout()
        row.addWidget(QLabel(self.tr("Related documents")), 1)
        self.add_button = QPushButton(self.tr("Add…"))
        self.add_button.clicked.connect(self.add)
        self.remove_button = QPushButton(self.tr("Remove"))
        self.remove_button.clicked.connect(self.remove_selected)
        row.addWidget(self.add_button)
        row.addWidget(self.remove_button)
        layout.addLayout(row)
        self.list = QListWidget()
        self.list.setObjectName("links")
        self.list.setMaximumHeight(72)
        self.list.currentItemChanged.connect(self._enable)
        layout.addWidget(self.list)
        self.error = QLabel("")
        self.error.setStyleSheet("color: #c0392b;")
        self.error.setWordWrap(True)
        self.error.hide()
        layout.addWidget(self.error)
        self.dialog = None

    def set_document(self, archive, doc) -> None:
        self.archive, self.doc = archive, doc
        self.error.hide()
        self.list.clear()
        if doc is not None and archive is not None:
            phrase = {(kind, mine): text for kind, mine, text in relations()}
            for link in document_links(archive, doc.id):
                mine = link.document_id == doc.id
                other = link.other_id if mine else link.document_id
                item = QListWidgetItem(f"{phrase[link.kind, mine]}  #{other}  "
                                       f"{archive.document(other).title}")
                item.setData(Qt.UserRole, link)
                self.list.addItem(item)
        self._enable()

    def _enable(self, *_) -> None:
        writable = self.doc is not None and self.archive is not None and \
            not self.archive.read_only
        self.add_button.setEnabled(writable)
        self.remove_button.setEnabled(writable and self.list.currentItem() is not None)

    def write(self, link: DocumentLink, add: bool, on_done=None):
        """Add or remove ``link`` on the writer thread; the box follows if it shows either
        document, and a refusal is said under it. ``on_done(changed)`` after a write."""
        archive = self.archive

        def work(progress, cancel):
            change = link_documents if add else unlink_documents
            return change(archive, link.document_id, link.kind, link.other_id)

        def done(changed):
            if self.archive is archive and self.doc is not None \
                    and self.doc.id in (link.document_id, link.other_id):
                self.set_document(archive, self.doc)
            if on_done is not None:
                on_done(changed)

        return self.runner.run(work, write=True, on_done=done, on_error=self._refused)

    def _refused(self, exc: BaseException) -> None:
        self.error.setText(describe(exc))
        self.error.setToolTip(exc.message if isinstance(exc, EvidenceError) else str(exc))
        self.error.show()

    def _change(self, link: DocumentLink, add: bool) -> None:
        """A change made here: written, then one undo step (when it changed anything)."""
        text = (self.tr("Link #%1 and #%2") if add else self.tr("Unlink #%1 and #%2")).replace(
            "%1", str(link.document_id)).replace("%2", str(link.other_id))

        def done(changed):
            if changed:
                self.step.emit(LinkCommand(self, link, add, text))

        self.write(link, add, done)

    def remove_selected(self) -> None:
        item = self.list.currentItem()
        if item is not None:
            self._change(item.data(Qt.UserRole), add=False)

    def add(self) -> None:
        self.dialog = AddLinkDialog(self, self.archive, self.doc)
        self.dialog.accepted.connect(self._add_chosen)
        self.dialog.open()

    def _add_chosen(self) -> None:
        kind, mine, other = self.dialog.chosen()
        first, second = (self.doc.id, other) if mine else (other, self.doc.id)
        self._change(DocumentLink(first, kind, second), add=True)


class AddLinkDialog(QDialog):
    """Choose how the shown document relates to another, found by its id or by words of its
    title or 文号."""

    def __init__(self, parent, archive, doc):
        super().__init__(parent)
        self.archive, self.doc = archive, doc
        self.setWindowTitle(self.tr("Add a related document"))
        self.resize(620, 420)
        layout = QVBoxLayout(self)
        layout.addWidget(QLabel(f"#{doc.id}  {doc.title}"))
        form = QFormLayout()
        self.relation = QComboBox()
        for kind, mine, text in relations():
            self.relation.addItem(text, (kind, mine))
        form.addRow(self.tr("This document"), self.relation)
        find_row = QHBoxLayout()
        self.query = QLineEdit()
        self.query.setObjectName("link_query")
        self.query.setPlaceholderText(self.tr("Document id, or words of its title or 文号"))
        self.query.returnPressed.connect(self.find)
        find = QPushButton(self.tr("Find"))
        find.clicked.connect(self.find)
        find_row.addWidget(self.query, 1)
        find_row.addWidget(find)
        form.addRow(self.tr("Other document"), find_row)
        layout.addLayout(form)
        self.matches = QListWidget()
        self.matches.setObjectName("link_matches")
        self.matches.currentItemChanged.connect(self._enable)
        self.matches.itemActivated.connect(lambda _item: self.accept())
        layout.addWidget(self.matches, 1)
        self.buttons = QDialogButtonBox(QDialogButtonBox.Ok | QDialogButtonBox.Cancel)
        self.buttons.accepted.connect(self.accept)
        self.buttons.rejected.connect(self.reject)
        layout.addWidget(self.buttons)
        self._enable()

    def _enable(self, *_) -> None:
        self.buttons.button(QDialogButtonBox.Ok).setEnabled(
            self.matches.currentItem() is not None)

    def find(self) -> None:
        """A number is a document id; words match titles and 文号."""
        words = self.query.text().split()
        self.matches.clear()
        if len(words) == 1 and words[0].lstrip("#").isdigit():
            found = [d for d in self.archive.documents(ids=[int(words[0].lstrip("#"))])]
        else:
            found = [d for d in self.archive.documents()
                     if words and all(w in d.title or w in (d.doc_number or "") for w in words)]
        for doc in [d for d in found if d.id != self.doc.id][:_MATCHES_SHOWN]:
            item = QListWidgetItem(f"#{doc.id}  {doc.title}"
                                   + (f"  {doc.doc_number}" if doc.doc_number else ""))
            item.setData(Qt.UserRole, doc.id)
            self.matches.addItem(item)
        if self.matches.count():
            self.matches.setCurrentRow(0)

    def chosen(self) -> tuple[str, bool, int]:
        kind, mine = self.relation.currentData()
        return kind, mine, self.matches.currentItem().data(Qt.UserRole)
