"""Inspection mode: a large-type, read-only screen for the acceptance visit.

Type a requirement (or task) code, or any words. The screen shows the requirement, its
evidence, and where each piece is bound (volume, page); "Open" hands the volume PDF to the
desktop's viewer at that page. Nothing here can change the archive. Words are searched off
the GUI thread through the window's ``Runner``; a code is a quick read answered at once.
"""

from __future__ import annotations

from pathlib import Path

from PySide6.QtCore import QUrl, Qt, Signal
from PySide6.QtGui import QFont, QKeySequence, QShortcut
from PySide6.QtWidgets import (QHBoxLayout, QHeaderView, QLabel, QLineEdit, QPushButton,
                               QTreeWidget, QTreeWidgetItem, QVBoxLayout, QWidget)

from ..archive.volumes import bound_locations
from ..errors import EvidenceError, NotFoundError
from ..export import volume_file
from ..indexing.search import SearchIndex

LARGE = 17


class InspectionPage(QWidget):
    closed = Signal()
    answered = Signal()           # the results of a search by words are shown

    def __init__(self, window):
        super().__init__(window)
        self.window_ = window
        self.archive = None
        self._seq = 0             # a newer look-up makes an earlier search's answer stale
        self.setObjectName("inspection")
        self.setStyleSheet("#inspection { background: #fbfaf6; }")
        font = QFont(self.font())
        font.setPointSize(LARGE)
        self.setFont(font)
        layout = QVBoxLayout(self)
        layout.setContentsMargins(40, 24, 40, 24)
        layout.setSpacing(14)
        top = QHBoxLayout()
        title = QLabel(self.tr("Inspection mode"))
        big = QFont(font)
        big.setPointSize(LARGE + 7)
        big.setBold(True)
        title.setFont(big)
        self.exit_button = QPushButton(self.tr("Exit (F11)"))
        self.exit_button.clicked.connect(self.closed.emit)
        top.addWidget(title)
        top.addStretch(1)
        top.addWidget(self.exit_button)
        layout.addLayout(top)
        self.query = QLineEdit()
        self.query.setObjectName("inspection-query")
        self.query.setPlaceholderText(self.tr("Requirement code (e.g. 3.2.1) or any words, "
                                              "then Enter"))
        self.query.setClearButtonEnabled(True)
        self.query.returnPressed.connect(self.look_up)
        self.query.setMinimumHeight(46)
        layout.addWidget(self.query)
        self.heading = QLabel("")
        self.heading.setObjectName("inspection-heading")
        self.heading.setWordWrap(True)
        self.heading.setTextFormat(Qt.RichText)
        layout.addWidget(self.heading)
        layout.addWidget(self._build_results(), 1)
        self.footer = QLabel("")
        layout.addWidget(self.footer)
        QShortcut(QKeySequence(Qt.Key_Escape), self, activated=self.closed.emit)

    def _build_results(self) -> QTreeWidget:
        """The evidence found: number, title, 文号, date, where it is bound, an Open button."""
        self.results = QTreeWidget()
        self.results.setObjectName("inspection-results")
        self.results.setRootIsDecorated(False)
        self.results.setAlternatingRowColors(True)
        self.results.setHeaderLabels([self.tr("No."), self.tr("Title"), self.tr("Doc. number"),
                                      self.tr("Date"), self.tr("Bound at"), ""])
        header = self.results.header()
        header.setSectionResizeMode(1, QHeaderView.Stretch)
        for column in (0, 2, 3, 4, 5):
            header.setSectionResizeMode(column, QHeaderView.ResizeToContents)
        header.setStretchLastSection(False)
        self.results.itemActivated.connect(lambda item, _c: self.open_item(item))
        return self.results

    def set_archive(self, archive) -> None:
        self.archive = archive
        self._seq += 1
        self.results.clear()
        self.heading.setText("")
        self.footer.setText("")

    # ------------------------------------------------------------------ looking up
    def look_up(self) -> None:
        """Show what the typed code or words point at."""
        text = self.query.text().strip()
        self._seq += 1
        self.results.clear()
        self.heading.setText("")
        self.footer.setText("")
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
            self._show_documents(self.tr("Task %1: requirements %2").replace("%1", text).replace(
                "%2", "、".join(under)), self.archive.documents(requirement=text))
            return
        self._search(text)

    def _show_requirement(self, req) -> None:
        units = "、".join(req.responsible_units) or "-"
        lead = self.tr("Lead unit: %1").replace("%1", req.lead_unit or "-")
        others = self.tr("Responsible units: %1").replace("%1", units)
        self.heading.setText(
            f"<div style='font-size:{LARGE + 5}pt'><b>{req.code}</b> {req.text}</div>"
            f"<div style='color:#555'>{lead}　{others}</div>")
        self._show_documents(None, self.archive.documents(requirement=req.code))

    def _show_documents(self, heading, docs, pages: dict[int, int] | None = None) -> None:
        if heading:
            self.heading.setText(f"<div style='font-size:{LARGE + 3}pt'>{heading}</div>")
        bound = bound_locations(self.archive, [d.id for d in docs])
        for n, doc in enumerate(docs, 1):
            self._add_row(n, doc.id, doc.title, doc.doc_number, doc.date, bound.get(doc.id, []),
                          (pages or {}).get(doc.id))
        unbound = sum(1 for d in docs if not bound.get(d.id))
        text = self.tr("%1 piece(s) of evidence").replace("%1", str(len(docs)))
        if unbound:
            text += self.tr("; %1 not yet bound in a volume").replace("%1", str(unbound))
        self.footer.setText(text)

    def _search(self, text: str) -> None:
        """Search the words on the search-index thread; show the answer if still wanted."""
        archive, seq = self.archive, self._seq

        def work(progress, cancel):
            # its own index object: the window's is in use on the same thread between jobs
            with SearchIndex(archive) as index:
                result = index.search(text, limit=50)
            return result, bound_locations(archive, [h.id for h in result.hits])

        def done(answer):
            if seq == self._seq:
                self._show_hits(text, *answer)
                self.answered.emit()

        def failed(exc):
            if seq == self._seq:
                self.heading.setText(exc.message if isinstance(exc, EvidenceError)
                                     else repr(exc))
                self.answered.emit()

        self.heading.setText(self.tr("Searching…"))
        self.window_.runner.run(work, index=True, on_done=done, on_error=failed)

    def _show_hits(self, text: str, result, bound) -> None:
        self.heading.setText(f"<div style='font-size:{LARGE + 3}pt'>"
                             + self.tr("%1 document(s) contain “%2”").replace(
                                 "%1", str(result.total)).replace("%2", text) + "</div>")
        for n, hit in enumerate(result.hits, 1):
            self._add_row(n, hit.id, hit.title, hit.doc_number, hit.date, bound.get(hit.id, []),
                          hit.page)
        self.footer.setText(self.tr("%1 piece(s) of evidence").replace(
            "%1", str(len(result.hits))))

    def _add_row(self, n, doc_id, title, number, date, locations, hit_page) -> None:
        where = "；".join(self.tr("%1 (%2 of %3), p. %4").replace("%1", loc.archive_code)
                         .replace("%2", str(loc.part)).replace("%3", str(loc.parts))
                         .replace("%4", str(loc.first_page)) for loc in locations)
        item = QTreeWidgetItem([str(n), title, number or "", date or "",
                                where or self.tr("not bound yet"), ""])
        item.setData(0, Qt.UserRole, doc_id)
        item.setData(1, Qt.UserRole, (locations, hit_page))
        item.setToolTip(1, title)
        self.results.addTopLevelItem(item)
        if locations:
            button = QPushButton(self.tr("Open"))
            button.clicked.connect(lambda _=False, it=item: self.open_item(it))
            self.results.setItemWidget(item, 5, button)

    # ------------------------------------------------------------------ opening volumes
    def volume_url(self, item) -> QUrl | None:
        """The volume PDF at the page where the document (or the hit in it) is bound."""
        locations, hit_page = item.data(1, Qt.UserRole)
        if not locations:
            return None
        loc = locations[0]
        path = volume_file(loc, self.window_.output_folder())
        page = loc.pdf_index + (max(hit_page, 1) - 1 if hit_page else 0)
        url = QUrl.fromLocalFile(str(path))
        url.setFragment(f"page={page}")
        return url

    def open_item(self, item) -> None:
        url = self.volume_url(item)
        if url is None:
            self.footer.setText(self.tr("This document is not bound in a volume yet"))
            return
        if not Path(url.toLocalFile()).is_file():
            self.footer.setText(self.tr("The volume file %1 is not on this computer").replace(
                "%1", url.toLocalFile()))
        self.window_.open_url(url)
