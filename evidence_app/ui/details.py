"""The right-hand panel: a document's metadata (editable), its tag chips, a page preview."""

from __future__ import annotations

from pathlib import Path

from PySide6.QtCore import QPoint, QPointF, QRect, QSize, Qt, Signal
from PySide6.QtGui import QColor, QTextCharFormat
from PySide6.QtPdf import QPdfDocument, QPdfSearchModel
from PySide6.QtPdfWidgets import QPdfView
from PySide6.QtWidgets import (QFormLayout, QFrame, QHBoxLayout, QLabel, QLayout, QLineEdit,
                               QPlainTextEdit, QPushButton, QSizePolicy, QSpinBox,
                               QStackedWidget, QTextEdit, QToolButton, QVBoxLayout, QWidget)

from ..errors import ArchiveUnreachableError, EvidenceError
from ..export import converted_pdf
from .links import LinksBox
from .ocr_status import ocr_pages_phrase
from .reasons import describe


class FlowLayout(QLayout):
    """Lays chips out left to right, wrapping like text (the Qt flow-layout example)."""

    def __init__(self, parent=None, spacing: int = 4):
        super().__init__(parent)
        self._items = []
        self.setSpacing(spacing)
        self.setContentsMargins(0, 0, 0, 0)

    def addItem(self, item) -> None:
        """Qt rule: the layout owns the items it is given."""
        self._items.append(item)

    def count(self) -> int:
        """Qt rule: report how many items the layout holds."""
        return len(self._items)

    def itemAt(self, i):
        """Qt rule: return None past the last item (Qt iterates until then)."""
        return self._items[i] if 0 <= i < len(self._items) else None

    def takeAt(self, i):
        """Qt rule: remove and hand back the item, or None past the end."""
        return self._items.pop(i) if 0 <= i < len(self._items) else None

    def hasHeightForWidth(self) -> bool:
        """Qt rule: wrapping makes the height depend on the width."""
        return True

    def heightForWidth(self, width: int) -> int:
        """Qt rule: the height the chips need at this width."""
        return self._lay_out(QRect(0, 0, width, 0), dry=True)

    def setGeometry(self, rect) -> None:
        """Qt rule: place every item inside the given rectangle."""
        super().setGeometry(rect)
        self._lay_out(rect, dry=False)

    def sizeHint(self) -> QSize:
        """Qt rule: the preferred size; the minimum is enough here."""
        return self.minimumSize()

    def minimumSize(self) -> QSize:
        """Qt rule: at least the largest single chip."""
        size = QSize()
        for item in self._items:
            size = size.expandedTo(item.minimumSize())
        return size

    def _lay_out(self, rect, dry: bool) -> int:
        x, y, line = rect.x(), rect.y(), 0
        for item in self._items:
            hint = item.sizeHint()
            if x + hint.width() > rect.right() and line > 0:
                x, y, line = rect.x(), y + line + self.spacing(), 0
            if not dry:
                item.setGeometry(QRect(QPoint(x, y), hint))
            x += hint.width() + self.spacing()
            line = max(line, hint.height())
        return y + line - rect.y()


class TagChip(QFrame):
    """One tag: its code and a remove button.

    A removed tag keeps its chip, struck through and without its ×, until another document
    is shown: the chips do not shift, so a second click (or the second half of a
    double-click) lands on nothing instead of on the next tag's ×.
    """

    remove_clicked = Signal(str, str)  # kind, code

    def __init__(self, kind: str, code: str, tooltip: str, removable: bool, parent=None):
        super().__init__(parent)
        self.kind, self.code = kind, code
        self.tooltip = tooltip
        self.removed = False
        self.setObjectName("chip")
        self.colour = "#dbe8f7" if kind == "requirement" else "#e6dcf5"
        layout = QHBoxLayout(self)
        layout.setContentsMargins(8, 1, 2, 1)
        layout.setSpacing(2)
        self.label = QLabel(code)
        self.remove_button = QToolButton()
        self.remove_button.setText("×")
        self.remove_button.setAutoRaise(True)
        self.remove_button.setToolTip(self.tr("Remove this tag (Ctrl+Z brings it back)"))
        policy = self.remove_button.sizePolicy()
        policy.setRetainSizeWhenHidden(True)
        self.remove_button.setSizePolicy(policy)
        self.remove_button.clicked.connect(self._remove)
        layout.addWidget(self.label)
        layout.addWidget(self.remove_button)
        self.removable = removable
        self.set_removed(False)

    def _remove(self) -> None:
        if self.removed:                # the second half of a double-click
            return
        self.set_removed(True)          # at once, before the writer thread has done it
        self.remove_clicked.emit(self.kind, self.code)

    def set_removed(self, removed: bool) -> None:
        self.removed = removed
        self.setStyleSheet("#chip { background: %s; border-radius: 9px; }"
                           % ("#eeeeee" if removed else self.colour))
        font = self.label.font()
        font.setStrikeOut(removed)
        self.label.setFont(font)
        self.label.setStyleSheet("color: #888;" if removed else "")
        self.label.setToolTip(self.tr("%1 (removed; Ctrl+Z brings it back)").replace(
            "%1", self.tooltip) if removed else self.tooltip)
        self.remove_button.setVisible(self.removable and not removed)


class PreviewWidget(QWidget):
    """A page preview: QtPdf for PDFs and for other files once converted as a compile would
    convert them; until then their extracted text, page by page.

    ``conversion_wanted(doc)`` asks the window to convert a file shown as text (slow work,
    off the GUI thread); the window shows it again when done.
    """

    conversion_wanted = Signal(object)

    def __init__(self, parent=None):
        super().__init__(parent)
        self.pdf = QPdfDocument(self)
        self.view = QPdfView(self)
        self.view.setDocument(self.pdf)
        self.view.setPageMode(QPdfView.PageMode.SinglePage)
        self.view.setZoomMode(QPdfView.ZoomMode.FitToWidth)
        # fit-to-width with a scroll bar that comes and goes never settles (the bar changes
        # the width, the width the zoom, the zoom the need for the bar): keep it shown
        self.view.setVerticalScrollBarPolicy(Qt.ScrollBarAlwaysOn)
        self.view.setStyleSheet("background: #7f7f7f;")
        self.text = QPlainTextEdit()
        self.text.setReadOnly(True)
        self.stack = QStackedWidget()
        self.empty = QLabel(self.tr("No document selected"))
        self.empty.setAlignment(Qt.AlignCenter)
        self.stack.addWidget(self.empty)
        self.stack.addWidget(self.view)
        self.stack.addWidget(self.text)
        self.page_box = QSpinBox()
        self.page_box.setMinimum(1)
        self.page_box.valueChanged.connect(self._show_page)
        self.hits = QPdfSearchModel(self)
        self.hits.setDocument(self.pdf)
        self.view.setSearchModel(self.hits)
        self.page_count = QLabel("")
        # its note while converting must not widen the panel (and shift it back when done)
        self.page_count.setSizePolicy(QSizePolicy.Ignored, QSizePolicy.Preferred)
        bar = QHBoxLayout()
        bar.addWidget(QLabel(self.tr("Page")))
        bar.addWidget(self.page_box)
        bar.addWidget(self.page_count, 1)
        for text, tip, slot in (("−", self.tr("Smaller"), lambda: self.zoom(1 / 1.25)),
                                ("+", self.tr("Larger"), lambda: self.zoom(1.25)),
                                (self.tr("Fit width"), self.tr("Fit the page to the width"),
                                 self.fit_width)):
            button = QToolButton()
            button.setText(text)
            button.setToolTip(tip)
            button.clicked.connect(slot)
            bar.addWidget(button)
        layout = QVBoxLayout(self)
        layout.setContentsMargins(0, 0, 0, 0)
        layout.addLayout(bar)
        layout.addWidget(self.stack, 1)
        self._texts: list[str] = []
        self._words = ""                # marked on the pages (the search's words)
        self.doc = None                 # the document shown (None for a volume or nothing)

    def clear(self) -> None:
        self.pdf.close()
        self.doc = None
        self._texts = []
        self.stack.setCurrentWidget(self.empty)
        self.page_count.setText("")

    def show_document(self, archive, doc, page: int = 1) -> None:
        """Show ``doc`` at ``page`` (1-based): its PDF, or else its text."""
        self.pdf.close()
        self.doc = doc
        path = archive.original_path(doc) if doc.kind == "pdf" else \
            converted_pdf(archive, doc)
        if path is not None and Path(path).is_file() and \
                self.pdf.load(str(path)) == QPdfDocument.Error.None_:
            self.stack.setCurrentWidget(self.view)
            pages = self.pdf.pageCount()
        else:
            self._texts = archive.page_texts(doc.id) or [""]
            self.stack.setCurrentWidget(self.text)
            pages = len(self._texts)
        self._turn_to(page, pages)
        if self.stack.currentWidget() is self.text and doc.kind != "pdf":
            self.page_count.setText(self.page_count.text() + "  " +
                                    self.tr("(text only; preparing the page view…)"))
            self.conversion_wanted.emit(doc)

    def show_pdf(self, path, page: int = 1) -> bool:
        """Show a PDF file (a bound volume) at ``page``; False if it cannot be read."""
        self.pdf.close()
        self.doc = None
        if self.pdf.load(str(path)) != QPdfDocument.Error.None_:
            self.clear()
            return False
        self.stack.setCurrentWidget(self.view)
        self._turn_to(page, self.pdf.pageCount())
        return True

    def _turn_to(self, page: int, pages: int) -> None:
        pages = max(pages, 1)
        self.page_box.blockSignals(True)
        self.page_box.setMaximum(pages)
        self.page_box.setValue(min(max(page, 1), pages))
        self.page_box.blockSignals(False)
        self.page_count.setText(self.tr("of %1").replace("%1", str(pages)))
        self._show_page(self.page_box.value())

    def zoom(self, factor: float) -> None:
        """Enlarge or shrink the page (or the text) by ``factor``."""
        if self.stack.currentWidget() is self.text:
            font = self.text.font()
            font.setPointSizeF(max(6.0, font.pointSizeF() * factor))
            self.text.setFont(font)
            return
        current = self.view.zoomFactor()
        self.view.setZoomMode(QPdfView.ZoomMode.Custom)
        self.view.setZoomFactor(max(0.25, min(8.0, current * factor)))

    def fit_width(self) -> None:
        self.view.setZoomMode(QPdfView.ZoomMode.FitToWidth)

    def highlight(self, words: str) -> None:
        """Mark ``words`` wherever they are on the pages shown (a search's query)."""
        self._words = words
        self.hits.setSearchString(words)
        self._mark_text()

    def _mark_text(self) -> None:
        words, selections = self._words, []
        if words:
            document = self.text.document()
            cursor = document.find(words)
            marked = QTextCharFormat()
            marked.setBackground(QColor("#ffe066"))
            while not cursor.isNull():
                selection = QTextEdit.ExtraSelection()
                selection.cursor, selection.format = cursor, marked
                selections.append(selection)
                cursor = document.find(words, cursor)
        self.text.setExtraSelections(selections)

    def go_to(self, page: int) -> None:
        """Turn to ``page`` (1-based) of the document on screen."""
        self.page_box.setValue(min(max(page, 1), self.page_box.maximum()))

    def current_page(self) -> int:
        """The 1-based page on screen."""
        if self.stack.currentWidget() is self.view:
            return self.view.pageNavigator().currentPage() + 1
        return self.page_box.value()

    def _show_page(self, page: int) -> None:
        if self.stack.currentWidget() is self.view:
            self.view.pageNavigator().jump(page - 1, QPointF(0, 0))
        elif self.stack.currentWidget() is self.text and self._texts:
            self.text.setPlainText(self._texts[min(page, len(self._texts)) - 1])
            self._mark_text()


class DetailsPanel(QWidget):
    """Metadata form, tag chips and preview of the selected document.

    Edits are checked by the core at once (``check_document_fields``): a refusal is said
    under the form in the window's language and nothing is saved. Accepted edits are written
    on the Runner's writer thread, in order with tagging and imports, so a commit waiting on
    a slow share or behind an import's batch never holds up the window; until written they
    count as saved and show as typed. The window supplies ``remove_tag`` so tag removal goes
    through undo.
    """

    saved = Signal(int)                 # document id, once its edits are written
    save_failed = Signal(str, str)      # the edits of a document no longer shown were not
                                        # written: what to tell the user, the core's words
    remove_tag = Signal(int, str, str)  # document id, kind, code

    FIELDS = ("title", "doc_number", "issuer", "date")

    def __init__(self, runner, parent=None):
        super().__init__(parent)
        self.runner = runner
        self.archive = None
        self.doc = None
        # document id -> (the latest job writing its edits, the edits on their way), until
        # written; they belong to the archive shown (forgotten when another is)
        self._writing: dict[int, tuple[object, dict[str, str]]] = {}
        self._next_version: dict[int, int] = {}
        layout = QVBoxLayout(self)
        layout.setContentsMargins(4, 0, 0, 0)
        self.heading = QLabel(self.tr("Details"))
        self.heading.setStyleSheet("font-weight: bold;")
        self.heading.setWordWrap(True)
        layout.addWidget(self.heading)
        form = QFormLayout()
        form.setFieldGrowthPolicy(QFormLayout.AllNonFixedFieldsGrow)
        self.edits: dict[str, QLineEdit] = {}
        self.labels = {"title": self.tr("Title"), "doc_number": self.tr("Doc. number"),
                       "issuer": self.tr("Issuer"), "date": self.tr("Date"),
                       "note": self.tr("Note")}
        for name in self.FIELDS:
            edit = QLineEdit()
            edit.setObjectName(name)
            edit.returnPressed.connect(self.save)
            edit.textEdited.connect(self._edited)
            self.edits[name] = edit
            form.addRow(self.labels[name], edit)
        self.edits["date"].setPlaceholderText(self.tr("e.g. 20210312"))
        self.edits["doc_number"].setPlaceholderText(self.tr("e.g. 潭政办发〔2021〕12号"))
        self.note = QPlainTextEdit()
        self.note.setMaximumHeight(54)
        self.note.textChanged.connect(self._edited)
        form.addRow(self.labels["note"], self.note)
        layout.addLayout(form)
        self.error = QLabel("")
        self.error.setStyleSheet("color: #c0392b;")
        self.error.setWordWrap(True)
        self.error.hide()
        row = QHBoxLayout()
        row.addWidget(self.error, 1)
        self.unsaved = QLabel(self.tr("Unsaved changes"))
        self.unsaved.setStyleSheet("color: #b9770e;")
        self.unsaved.hide()
        row.addWidget(self.unsaved, 0, Qt.AlignTop)
        self.save_button = QPushButton(self.tr("Save"))
        self.save_button.clicked.connect(self.save)
        row.addWidget(self.save_button, 0, Qt.AlignTop)
        layout.addLayout(row)
        layout.addWidget(QLabel(self.tr("Tags")))
        self.chips = QWidget()
        self.chips.setSizePolicy(QSizePolicy.Preferred, QSizePolicy.Minimum)
        self.chip_layout = FlowLayout(self.chips)
        layout.addWidget(self.chips)
        self.links = LinksBox(runner)
        layout.addWidget(self.links)
        self.preview = PreviewWidget()
        layout.addWidget(self.preview, 1)
        self.set_document(None, None)

    def set_document(self, archive, doc, page: int = 1) -> None:
        """Show ``doc`` at ``page``. The same document with edits not yet saved keeps the
        edits and only turns the page (the caller asked ``leave`` before showing another)."""
        if doc is not None and self.doc is not None and doc.id == self.doc.id and \
                archive is self.archive and self.unsaved_changes():
            self.preview.go_to(page)
            return
        if archive is not self.archive:
            self._writing.clear()
            self._next_version.clear()
        self.archive, self.doc = archive, doc
        self.error.hide()
        enabled = doc is not None and archive is not None and not archive.read_only
        for edit in self.edits.values():
            edit.setEnabled(enabled)
        self.note.setEnabled(enabled)
        if doc is None:
            self.heading.setText(self.tr("No document selected"))
            for edit in self.edits.values():
                edit.clear()
            self.note.clear()
            self._edited()
            self._set_chips([])
            self.links.set_document(archive, None)
            self.preview.clear()
            return
        self.heading.setText(f"#{doc.id}  {doc.original_name}"
                             + ocr_pages_phrase(archive, doc.id))
        values = self._saved_values()
        for name in self.FIELDS:
            self.edits[name].setText(values[name])
        self.note.setPlainText(values["note"])
        self._edited()
        self._set_chips(self._tags_of(doc))
        self.links.set_document(archive, doc)
        self.preview.show_document(archive, doc, page)

    def refresh(self) -> None:
        """Re-read the shown document (after tags changed), keeping the page on screen and
        the chips where they are (removed tags stay, struck through)."""
        if self.doc is None or self.archive is None:
            return
        try:
            doc = self.archive.document(self.doc.id)
        except EvidenceError:
            self.set_document(self.archive, None)
            return
        self.doc = doc
        self._set_chips(self._tags_of(doc), keep=True)

    @staticmethod
    def _tags_of(doc) -> list[tuple[str, str]]:
        return [("requirement", c) for c in doc.requirements] + \
            [("mechanism", c) for c in doc.mechanisms]

    def tag_chips(self) -> list[TagChip]:
        """The chips of tags, removed ones included (not the "no tags" hint)."""
        widgets = (self.chip_layout.itemAt(i).widget() for i in range(self.chip_layout.count()))
        return [w for w in widgets if isinstance(w, TagChip)]

    def _set_chips(self, tags, keep: bool = False) -> None:
        """Show ``tags`` as chips; ``keep``: the same document again, so the chips shown
        stay in their places and those of removed tags are struck through."""
        shown = [(c.kind, c.code) for c in self.tag_chips()] if keep else []
        order = shown + [t for t in tags if t not in shown]
        while self.chip_layout.count():
            item = self.chip_layout.takeAt(0)
            if item.widget():
                item.widget().hide()        # at once: deletion waits for the event loop
                item.widget().deleteLater()
        removable = not self.archive.read_only if self.archive else False
        for kind, code in order:
            chip = TagChip(kind, code, code, removable, self.chips)
            chip.set_removed((kind, code) not in tags)
            chip.remove_clicked.connect(
                lambda k, c: self.remove_tag.emit(self.doc.id, k, c) if self.doc else None)
            self.chip_layout.addWidget(chip)
        if not order:
            label = QLabel(self.tr("(no tags: drag the document onto a requirement)"))
            label.setStyleSheet("color: #888;")
            label.setWordWrap(True)     # a long hint must not widen the panel
            self.chip_layout.addWidget(label)
        self.chips.updateGeometry()

    def _saved_values(self) -> dict[str, str]:
        """The shown document's fields as stored, with the edits on their way to the archive
        (a document shown again before they are written shows them, not the older record)."""
        doc = self.doc
        values = {"title": doc.title, "doc_number": doc.doc_number or "",
                  "issuer": doc.issuer or "", "date": doc.date or "", "note": doc.note or ""}
        if doc.id in self._writing:
            values.update(self._writing[doc.id][1])
        return values

    def unsaved_changes(self) -> dict[str, str]:
        """The fields typed but not yet saved (an edit that only adds spaces is none)."""
        if self.doc is None or self.archive is None or self.archive.read_only:
            return {}
        fields = {name: edit.text() for name, edit in self.edits.items()}
        fields["note"] = self.note.toPlainText()
        before = self._saved_values()
        return {k: v for k, v in fields.items() if v.strip() != before[k]}

    def _edited(self, *_) -> None:
        dirty = bool(self.unsaved_changes())
        self.unsaved.setVisible(dirty)
        self.save_button.setEnabled(dirty)

    def leave(self, ask, wait: bool = False) -> bool:
        """Before another document, another archive or none is shown: save what was typed
        (``wait``: written before returning, as when the archive closes).

        If the core refuses the edits, ``ask(title, text)`` decides: True discards them,
        False keeps this document on screen (and leave returns False).
        """
        if not self.unsaved_changes() or self.save(wait):
            return True
        if ask(self.tr("Unsaved changes"), self.tr(
                "The changes to document %1 cannot be saved: %2\n\nDiscard them?").replace(
                "%1", str(self.doc.id)).replace("%2", self.error.text())):
            self.set_document(self.archive, None)
            return True
        return False

    def save(self, wait: bool = False) -> bool:
        """Check the edited fields with the core and write them on the writer thread (with
        ``wait``, here and now, after the writes already sent); say why if the core refuses.

        Returns False when the core refused them (nothing was saved)."""
        changed = self.unsaved_changes()
        if not changed:
            self.error.hide()
            return True
        archive, doc_id = self.archive, self.doc.id
        try:
            archive.check_document_fields(**changed)
        except EvidenceError as exc:
            self._refused(exc)
            return False
        self.error.hide()
        sent = {name: value.strip() for name, value in changed.items()}
        # the version these edits were made on: the one shown, plus one for each of this
        # panel's own writes of the document still on their way (each raises it by one)
        seen = self._next_version.get(doc_id, self.doc.version)
        self._next_version[doc_id] = seen + 1

        def write(progress=None, cancel=None):
            return archive.update_document(doc_id, seen_version=seen, **changed)

        if wait:
            if self._writing:               # written first: the order they were typed in
                self.runner.write_pool.waitForDone()
                self._writing.clear()
            try:
                doc = write()
            except EvidenceError as exc:
                self._refused(exc)
                return False
            self._written(archive, None, sent, doc)
            return True
        job = self.runner.run(write, write=True,
                              on_done=lambda doc: self._written(archive, job, sent, doc),
                              on_error=lambda exc: self._not_written(archive, job, doc_id,
                                                                     sent, exc))
        self._writing[doc_id] = (job, {**self._writing.get(doc_id, (None, {}))[1], **sent})
        self._edited()
        return True

    def _refused(self, exc: BaseException) -> None:
        if isinstance(exc, ArchiveUnreachableError):     # what was typed stays, to save later
            self.error.setText(self.tr("The connection to the server is lost: not saved yet. "
                                       "What you typed stays here; save it when the server "
                                       "is back."))
        else:
            self.error.setText(describe(exc))
        self.error.setToolTip(exc.message if isinstance(exc, EvidenceError) else "")
        self.error.show()

    def _shows(self, archive, doc_id: int) -> bool:
        return self.doc is not None and self.doc.id == doc_id and self.archive is archive

    def _forget_write(self, job, doc_id: int) -> bool:
        """True if ``job`` (None: a write done here) was the latest write of the document's
        edits; an earlier one's record is older than what is on its way."""
        latest = job is None or self._writing.get(doc_id, (None,))[0] is job
        if latest and job is not None:
            del self._writing[doc_id]
        if latest:
            self._next_version.pop(doc_id, None)
        return latest

    def _written(self, archive, job, sent: dict[str, str], doc) -> None:
        """The edits are in the archive: the record follows, and a field still as it was sent
        shows the stored form (a 文号 with its proper brackets, a date as YYYYMMDD)."""
        if self._forget_write(job, doc.id) and self._shows(archive, doc.id):
            self.doc = doc
            values = self._saved_values()
            for name in self.FIELDS:
                if name in sent and self.edits[name].text().strip() == sent[name]:
                    self.edits[name].setText(values[name])
            self._edited()
        self.saved.emit(doc.id)

    def _not_written(self, archive, job, doc_id: int, sent: dict[str, str],
                     exc: BaseException) -> None:
        """Checked edits the archive would not take (taken over, the disk full): shown again
        as unsaved with the reason, or, for a document no longer shown, told with what was
        typed, so nothing vanishes unsaid."""
        self._forget_write(job, doc_id)
        if self._shows(archive, doc_id):
            self._edited()
            self._refused(exc)
            return
        typed = "\n".join(f"{self.labels[name]}: {value}" for name, value in sent.items())
        self.save_failed.emit(self.tr("The changes to document %1 were not saved: %2").replace(
            "%1", str(doc_id)).replace("%2", describe(exc)) + "\n\n" + typed,
            exc.message if isinstance(exc, EvidenceError) else "")
