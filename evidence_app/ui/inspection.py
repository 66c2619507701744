"""Inspection mode: a large-type, read-only screen for the acceptance visit.

Type a requirement code, a task code or any words. A requirement shows its evidence; a task
shows its requirements, each with its evidence under it; words show every document that
contains them, a page at a time ("show more" until all are listed). Every row opens the
document here, in large type, at its page: in its volume when it is bound and the volume
file is found (``export.find_volume_file``: the folder the batch was compiled into, as the
archive records it, or where this computer compiled), its original otherwise. Nothing here
can change the archive. Words are searched off the GUI thread through the window's
``Runner``; a code is a quick read answered at once.
"""

from __future__ import annotations

from PySide6.QtCore import QEvent, QSize, Qt, Signal
from PySide6.QtGui import QFont, QFontMetrics, QKeySequence, QShortcut
from PySide6.QtWidgets import (QAbstractItemView, QApplication, QHBoxLayout, QHeaderView,
                               QLabel, QLineEdit, QPushButton, QStackedWidget, QStyle,
                               QStyledItemDelegate, QStyleOptionButton, QTreeWidget,
                               QTreeWidgetItem, QVBoxLayout, QWidget)

from ..archive import bound_locations
from ..errors import EvidenceError, NotFoundError
from ..export import find_volume_file
from .details import PreviewWidget
from .reasons import describe

LARGE = 17
PAGE = 100          # search hits listed at a time; "show more" lists the next ones
OPEN_COLUMN = 5
DocRole = Qt.UserRole           # on column 0: the document id
WhereRole = Qt.UserRole + 1     # on column 0: (locations, page of the hit or None)


def _font(base: QFont, points: int, bold: bool = False) -> QFont:
    font = QFont(base)
    font.setPointSize(points)
    font.setBold(bold)
    return font


class OpenButtons(QStyledItemDelegate):
    """The Open button of every document row, drawn by the delegate: a task lists hundreds
    of documents, and a QPushButton widget per row took seconds to create at that size."""

    clicked = Signal(object)        # the index of the row whose button was clicked

    def __init__(self, text: str, font: QFont, parent=None):
        super().__init__(parent)
        self.text, self.font = text, font

    @staticmethod
    def _is_document(index) -> bool:
        return index.siblingAtColumn(0).data(DocRole) is not None

    def paint(self, painter, option, index) -> None:
        """Qt rule: draw the cell; a push button on a document's row, nothing on a group's."""
        if not self._is_document(index):
            return
        button = QStyleOptionButton()
        button.rect = option.rect.adjusted(4, 3, -4, -3)
        button.text = self.text
        button.fontMetrics = QFontMetrics(self.font)
        button.state = QStyle.State_Enabled | QStyle.State_Raised
        style = option.widget.style() if option.widget else QApplication.style()
        painter.save()
        painter.setFont(self.font)
        style.drawControl(QStyle.CE_PushButton, button, painter, option.widget)
        painter.restore()

    def sizeHint(self, option, index) -> QSize:
        """Qt rule: room for the button's text in large type."""
        metrics = QFontMetrics(self.font)
        return QSize(metrics.horizontalAdvance(self.text) + 44, metrics.height() + 18)

    def editorEvent(self, event, model, option, index) -> bool:
        """Qt rule: a click released on the button opens its row's document."""
        if event.type() == QEvent.MouseButtonRelease and event.button() == Qt.LeftButton \
                and self._is_document(index) and option.rect.contains(event.position().toPoint()):
            self.clicked.emit(index)
            return True
        return False


class InspectionPage(QWidget):
    closed = Signal()
    answered = Signal()           # the results of a search by words are shown
    opened = Signal()             # a document is on screen in the viewer

    def __init__(self, window):
        super().__init__(window)
        self.window_ = window
        self.archive = None
        self._seq = 0             # a newer look-up makes an earlier search's answer stale
        self._words = ""          # the words whose hits are listed (for "show more")
        self._total = 0
        self.setObjectName("inspection")
        self.setStyleSheet("#inspection { background: #fbfaf6; }")
        self.large = _font(self.font(), LARGE)
        self.setFont(self.large)
        layout = QVBoxLayout(self)
        layout.setContentsMargins(40, 24, 40, 24)
        layout.setSpacing(14)
        top = QHBoxLayout()
        title = QLabel(self.tr("Inspection mode"))
        title.setFont(_font(self.large, LARGE + 7, bold=True))
        self.exit_button = QPushButton(self.tr("Exit (F11)"))
        self.exit_button.setFont(self.large)
        self.exit_button.clicked.connect(self.closed.emit)
        top.addWidget(title)
        top.addStretch(1)
        top.addWidget(self.exit_button)
        layout.addLayout(top)
        self.query = QLineEdit()
        self.query.setObjectName("inspection-query")
        self.query.setFont(_font(self.large, LARGE + 3))
        self.query.setPlaceholderText(self.tr("Requirement code (e.g. 3.2.1) or any words, "
                                              "then Enter"))
        self.query.setClearButtonEnabled(True)
        self.query.returnPressed.connect(self.look_up)
        layout.addWidget(self.query)
        self.pages = QStackedWidget()
        self.pages.addWidget(self._build_results_page())
        self.pages.addWidget(self._build_viewer_page())
        layout.addWidget(self.pages, 1)
        # every part in large type (a font set on this page alone does not reach them all)
        for widget in (self.heading, self.footer, self.viewer_title,
                       *self.viewer.findChildren(QWidget)):
            widget.setFont(self.large)
        self.viewer.text.setFont(_font(self.large, LARGE + 1))
        QShortcut(QKeySequence(Qt.Key_Escape), self, activated=self._escape)

    def _build_results_page(self) -> QWidget:
        page = QWidget()
        layout = QVBoxLayout(page)
        layout.setContentsMargins(0, 0, 0, 0)
        self.heading = QLabel("")
        self.heading.setObjectName("inspection-heading")
        self.heading.setWordWrap(True)
        self.heading.setTextFormat(Qt.RichText)
        layout.addWidget(self.heading)
        layout.addWidget(self._build_results(), 1)
        bottom = QHBoxLayout()
        self.footer = QLabel("")
        self.footer.setWordWrap(True)
        self.more_button = QPushButton("")
        self.more_button.setFont(self.large)
        self.more_button.clicked.connect(self.show_more)
        self.more_button.hide()
        bottom.addWidget(self.footer, 1)
        bottom.addWidget(self.more_button)
        layout.addLayout(bottom)
        return page

    def _build_results(self) -> QTreeWidget:
        """The evidence found: number, title, 文号, date, where it is bound, an Open button."""
        self.results = QTreeWidget()
        self.results.setObjectName("inspection-results")
        self.results.setFont(self.large)
        self.results.header().setFont(_font(self.large, LARGE, bold=True))
        self.results.setUniformRowHeights(True)
        self.results.setAlternatingRowColors(True)
        self.results.setSelectionBehavior(QAbstractItemView.SelectRows)
        self.results.setStyleSheet("QTreeView::item { padding: 4px 2px; }")
        self.results.setHeaderLabels([self.tr("No."), self.tr("Title"), self.tr("Doc. number"),
                                      self.tr("Date"), self.tr("Bound at"), ""])
        header = self.results.header()
        header.setSectionResizeMode(QHeaderView.Interactive)
        # columns are fitted to the rows on screen and the next hundred, not to every row
        # of a task's hundreds (Qt measures 1,000 by default: a tenth of a second a column)
        header.setResizeContentsPrecision(100)
        header.setSectionResizeMode(1, QHeaderView.Stretch)
        header.setStretchLastSection(False)
        self.results.itemActivated.connect(lambda item, _c: self.open_item(item))
        self.open_buttons = OpenButtons(self.tr("Open"), self.large, self.results)
        self.open_buttons.clicked.connect(
            lambda index: self.open_item(self.results.itemFromIndex(index)))
        self.results.setItemDelegateForColumn(OPEN_COLUMN, self.open_buttons)
        return self.results

    def _build_viewer_page(self) -> QWidget:
        page = QWidget()
        layout = QVBoxLayout(page)
        layout.setContentsMargins(0, 0, 0, 0)
        bar = QHBoxLayout()
        self.back_button = QPushButton(self.tr("← Back to the list (Esc)"))
        self.back_button.setFont(self.large)
        self.back_button.clicked.connect(self.back_to_list)
        self.viewer_title = QLabel("")
        self.viewer_title.setWordWrap(True)
        bar.addWidget(self.back_button)
        bar.addWidget(self.viewer_title, 1)
        layout.addLayout(bar)
        self.viewer = PreviewWidget()
        layout.addWidget(self.viewer, 1)
        return page

    def _fit_columns(self) -> None:
        """Every column but the title as wide as its contents, up to a share of the screen,
        so the title keeps the most room and the Open buttons are never scrolled away."""
        width = self.results.viewport().width() or self.width()
        caps = {0: 0.09, 2: 0.2, 3: 0.1, 4: 0.22, OPEN_COLUMN: 0.1}
        # a task's documents sit a level in, under their requirement: their number too
        grouped = any(self.results.topLevelItem(i).childCount()
                      for i in range(self.results.topLevelItemCount()))
        number = self.results.fontMetrics().horizontalAdvance("0000") + \
            (self.results.indentation() if grouped else 0)
        for column, share in caps.items():
            wanted = max(self.results.sizeHintForColumn(column) if column else number,
                         self.results.header().sectionSizeHint(column))
            self.results.setColumnWidth(column, min(wanted + 12, int(width * share)))

    def resizeEvent(self, event) -> None:
        """Qt rule: a new size; the columns follow it."""
        super().resizeEvent(event)
        self._fit_columns()

    def set_archive(self, archive) -> None:
        self.archive = archive
        self._clear()

    def _clear(self) -> None:
        self._seq += 1
        self.results.clear()
        self.heading.setText("")
        self.footer.setText("")
        self.more_button.hide()
        self.viewer.clear()
        self.pages.setCurrentIndex(0)

    def _escape(self) -> None:
        """Esc goes back from a document to the list, and from the list out of the mode."""
        if self.pages.currentIndex() == 1:
            self.back_to_list()
        else:
            self.closed.emit()

    # ------------------------------------------------------------------ looking up
    def look_up(self) -> None:
        """Show what the typed code or words point at."""
        text = self.query.text().strip()
        self._clear()
        if not text or self.archive is None:
            return
        try:
            requirement = self.archive.requirement(text)
        except NotFoundError:
            requirement = None
        if requirement is not None:
            self._show_requirement(requirement)
            return
        under = self.archive.task_requirement_codes(text)
        if under:
            self._show_task(text, under)
            return
        self._search(text, 0)

    def _show_requirement(self, req) -> None:
        units = "、".join(req.responsible_units) or "-"
        lead = self.tr("Lead unit: %1").replace("%1", req.lead_unit or "-")
        others = self.tr("Responsible units: %1").replace("%1", units)
        self.heading.setText(
            f"<div style='font-size:{LARGE + 5}pt'><b>{req.code}</b> {req.text}</div>"
            f"<div style='color:#555'>{lead}　{others}</div>")
        docs = self.archive.documents(requirement=req.code)
        bound = bound_locations(self.archive, [d.id for d in docs])
        unbound = self._add_documents(self.results.invisibleRootItem(), docs, bound)
        self._say_count(len(docs), unbound)
        self._fit_columns()

    def _show_task(self, code: str, requirements: list[str]) -> None:
        """A task: each of its requirements with the evidence under it."""
        self.heading.setText(f"<div style='font-size:{LARGE + 3}pt'>" + self.tr(
            "Task %1: requirements %2").replace("%1", code).replace(
            "%2", "、".join(requirements)) + "</div>")
        count = unbound = 0
        # one read of the task's documents, grouped here: a read per requirement cost
        # a tenth of a second each on the full demo
        catalogue = {r.code: r for r in self.archive.requirements()}
        every = self.archive.documents(requirement=code)
        bound = bound_locations(self.archive, [d.id for d in every])
        for req_code in requirements:
            req = catalogue[req_code]
            docs = [d for d in every if req_code in d.requirements]
            group = QTreeWidgetItem([f"{req.code}  {req.text}　" + self.tr(
                "(%1 piece(s) of evidence)").replace("%1", str(len(docs)))])
            group.setFont(0, _font(self.large, LARGE, bold=True))
            self.results.addTopLevelItem(group)
            group.setFirstColumnSpanned(True)
            unbound += self._add_documents(group, docs, bound)
            count += len(docs)
        self.results.expandAll()
        self._say_count(count, unbound)
        self._fit_columns()

    def _add_documents(self, parent, docs, bound) -> int:
        """Rows of ``docs`` under ``parent`` (``bound``: where each is bound); returns how
        many are not bound yet."""
        parent.addChildren([self._row(n, doc.id, doc.title, doc.doc_number, doc.date,
                                      bound.get(doc.id, []), None)
                            for n, doc in enumerate(docs, 1)])
        return sum(1 for d in docs if not bound.get(d.id))

    def _say_count(self, count: int, unbound: int) -> None:
        text = self.tr("%1 piece(s) of evidence").replace("%1", str(count))
        if unbound:
            text += self.tr("; %1 not yet bound in a volume").replace("%1", str(unbound))
        self.footer.setText(text)

    def _search(self, text: str, offset: int) -> None:
        """Search the words on the search-index thread; show the answer if still wanted."""
        archive, seq, index = self.archive, self._seq, self.window_.search.index

        def work(progress, cancel):
            # the window's index object, warm: this job runs on the index thread, as every
            # use of it does (a new object per search read its files cold: over a second)
            result = index.search(text, limit=PAGE, offset=offset)
            return result, bound_locations(archive, [h.id for h in result.hits])

        def done(answer):
            if seq == self._seq:
                self._show_hits(text, offset, *answer)
                self.answered.emit()

        def failed(exc):
            if seq == self._seq:
                self.heading.setText(describe(exc))
                self.answered.emit()

        if offset == 0:
            self.heading.setText(self.tr("Searching…"))
        self.more_button.setEnabled(False)
        self.window_.runner.run(work, index=True, on_done=done, on_error=failed)

    def _show_hits(self, text: str, offset: int, result, bound) -> None:
        self._words, self._total = text, result.total
        self.heading.setText(f"<div style='font-size:{LARGE + 3}pt'>"
                             + self.tr("%1 document(s) contain “%2”").replace(
                                 "%1", str(result.total)).replace("%2", text) + "</div>")
        self.results.addTopLevelItems([
            self._row(n, hit.id, hit.title, hit.doc_number, hit.date, bound.get(hit.id, []),
                      hit.page) for n, hit in enumerate(result.hits, offset + 1)])
        listed = self.results.topLevelItemCount()
        self.footer.setText(self.tr("%1 piece(s) of evidence").replace("%1", str(listed))
                            if listed >= result.total else
                            self.tr("Listed %1 of %2").replace("%1", str(listed)).replace(
                                "%2", str(result.total)))
        rest = result.total - listed
        self.more_button.setText(self.tr("Show %1 more").replace("%1", str(min(rest, PAGE))))
        self.more_button.setVisible(rest > 0)
        self.more_button.setEnabled(True)
        self._fit_columns()

    def show_more(self) -> None:
        """List the next page of hits of the words on screen."""
        if self._words and self.results.topLevelItemCount() < self._total:
            self._search(self._words, self.results.topLevelItemCount())

    def _row(self, n, doc_id, title, number, date, locations, hit_page) -> QTreeWidgetItem:
        where = "；".join(self._where(loc, loc.first_page) for loc in locations)
        item = QTreeWidgetItem([str(n), title, number or "", date or "",
                                where or self.tr("not bound yet"), ""])
        item.setData(0, DocRole, doc_id)
        item.setData(0, WhereRole, (locations, hit_page))
        for column, text in ((1, title), (2, number or ""), (4, where)):
            item.setToolTip(column, text)      # what a narrow column cuts short
        return item

    def _where(self, loc, page: int) -> str:
        """A volume and a stamped page, short: the part only for a volume split in parts."""
        if loc.parts == 1:
            return self.tr("%1, p. %2").replace("%1", loc.archive_code).replace(
                "%2", str(page))
        return self.tr("%1 (%2 of %3), p. %4").replace("%1", loc.archive_code).replace(
            "%2", str(loc.part)).replace("%3", str(loc.parts)).replace("%4", str(page))

    # ------------------------------------------------------------------ opening documents
    def open_item(self, item) -> None:
        """Show the row's document here at its page: in its volume when bound and the
        volume file is found, its original otherwise."""
        doc_id = item.data(0, DocRole)
        if doc_id is None or self.archive is None:
            return                   # a requirement's group row
        locations, hit_page = item.data(0, WhereRole)
        try:
            doc = self.archive.document(doc_id)
        except EvidenceError as exc:
            self.footer.setText(describe(exc))
            return
        page_in_doc = max(hit_page or 1, 1)
        where = ""
        for loc in locations:
            path = find_volume_file(self.archive, loc, [self.window_.output_folder()])
            if path is not None:
                self.viewer.show_pdf(path, loc.pdf_index + page_in_doc - 1)
                where = self._where(loc, loc.first_page + page_in_doc - 1)
                break
        else:
            self.viewer.show_document(self.archive, doc, page_in_doc)
            where = (self.tr("the original (the volume file is not on this computer)")
                     if locations else self.tr("the original (not bound yet)"))
        self.viewer_title.setText(f"<b>{doc.title}</b>　{doc.doc_number or ''}<br>"
                                  f"<span style='color:#555'>{where}</span>")
        self.pages.setCurrentIndex(1)
        self.viewer.setFocus()
        self.opened.emit()

    def back_to_list(self) -> None:
        self.pages.setCurrentIndex(0)
        self.results.setFocus()
