"""Searching as you type: the search box, the results page and the search index's thread.

Every query is ``SearchIndex.search`` on the Runner's search-index thread (the index object
is not thread-safe and belongs to that thread); answers of an older query are dropped. The
"only in the selected catalogue entry" box turns the tree's selection into the core's filter.
Hits are listed a page at a time, as on the inspection screen: "show more" lists the next
page of the same query, so every hit can be reached and the count says how many are listed.
"""

from __future__ import annotations

from PySide6.QtCore import QTimer, Qt, Signal
from PySide6.QtWidgets import (QAbstractItemView, QCheckBox, QHBoxLayout, QLabel, QLineEdit,
                               QListView, QPushButton, QVBoxLayout, QWidget)

from ..indexing import SearchIndex
from .inspection import PAGE
from .models import SearchHitsModel
from .searchview import HitDelegate

DEBOUNCE_MS = 150


class SearchPanel(QWidget):
    """The search results page; its search box lives in the window's toolbar."""

    results_shown = Signal()          # hits (or none) are listed: show this page
    cleared = Signal()                # the box was emptied: back to the documents
    hit_selected = Signal(int, int)   # document id, page of the hit
    hit_opened = Signal()             # the user wants to read the selected hit
    nothing_found = Signal()          # a search found nothing: no document is shown

    def __init__(self, window):
        super().__init__(window)
        self.window = window
        self.archive = None
        self.index: SearchIndex | None = None
        self.seq = 0                   # the newest query; older answers are dropped
        self._listed = None            # (query, filters, unsearchable) of the hits listed
        self.last_search_ms = 0.0
        self._open_after_search = False
        self.box = self._build_box()
        self.timer = QTimer(self)
        self.timer.setSingleShot(True)
        self.timer.setInterval(DEBOUNCE_MS)
        self.timer.timeout.connect(self.run_search)
        self._build_page()

    def _build_box(self) -> QLineEdit:
        box = QLineEdit()
        box.setObjectName("search")
        box.setPlaceholderText(self.tr("Search all text (Ctrl+F)"))
        box.setClearButtonEnabled(True)
        box.setMinimumWidth(320)
        # textChanged fires for committed text only: an input method's unfinished
        # composition does not start a search (a pinyin input method would otherwise search
        # for every half-typed syllable).
        box.textChanged.connect(self._text_changed)
        box.returnPressed.connect(self.open_current_hit)
        return box

    def _build_page(self) -> None:
        self.model = SearchHitsModel(self)
        self.view = QListView()
        self.view.setObjectName("hits")
        self.view.setModel(self.model)
        self.delegate = HitDelegate(self.view)
        self.view.setItemDelegate(self.delegate)
        self.view.setUniformItemSizes(True)
        self.model.modelReset.connect(self.delegate.clear_cache)
        self.view.setVerticalScrollMode(QAbstractItemView.ScrollPerPixel)
        # row heights depend on the width: a scroll bar that comes and goes would change the
        # width, then the heights, then the need for the bar… and never settle
        self.view.setVerticalScrollBarPolicy(Qt.ScrollBarAlwaysOn)
        self.view.setHorizontalScrollBarPolicy(Qt.ScrollBarAlwaysOff)
        self.view.activated.connect(lambda index: self.open_hit(index.row()))
        self.view.selectionModel().currentChanged.connect(
            lambda index, _: self.show_hit(index.row()) if index.isValid() else None)
        self.label = QLabel("")
        self.label.setWordWrap(True)
        self.scope_box = QCheckBox(self.tr("Only in the selected catalogue entry"))
        self.scope_box.setToolTip(self.tr("Search only the documents of the requirement, task, "
                                          "mechanism or unit selected on the left"))
        self.scope_box.toggled.connect(lambda _: self.run_search())
        layout = QVBoxLayout(self)
        layout.setContentsMargins(0, 0, 0, 0)
        head = QHBoxLayout()
        head.addWidget(self.label, 1)
        head.addWidget(self.scope_box)
        layout.addLayout(head)
        layout.addWidget(self.view)
        self.more_button = QPushButton("")
        self.more_button.clicked.connect(self.show_more)
        self.more_button.hide()
        layout.addWidget(self.more_button)

    # ------------------------------------------------------------------ archive
    def set_archive(self, archive) -> None:
        """Follow the window's archive; the old index is closed (its thread is stopped)."""
        if self.index is not None:
            self.index.close()
        self.index = SearchIndex(archive) if archive is not None else None
        self.archive = archive
        self._forget_hits()
        self.box.setEnabled(archive is not None)

    def prepare(self) -> None:
        """Bring the index up to date in the background so the first query is quick."""
        index = self.index
        if index is None:
            return
        status = self.window.statusBar()
        status.showMessage(self.tr("Updating the search index…"))

        def work(progress, cancel):
            # a missing index is built with the cancel token, so closing need not wait for it
            if index.status() in ("missing", "damaged"):
                index.rebuild(progress, cancel)
            return index.sync(progress)

        self.window.runner.run(
            work, index=True, on_error=self.window.job_failed,
            on_done=lambda _: status.showMessage(self.tr("Search index ready"), 3000))

    def follow_archive(self) -> None:
        """The archive changed elsewhere: the index catches up now, so the next query is
        answered at once (the hits on screen stay as they are while someone reads them)."""
        index = self.index
        if index is not None:
            self.window.runner.run(lambda progress, cancel: index.sync(), index=True,
                                   on_error=lambda exc: None)   # the next search tries again

    # ------------------------------------------------------------------ searching
    def focus(self) -> None:
        self.box.setFocus()
        self.box.selectAll()

    def _text_changed(self, text: str) -> None:
        if text.strip():
            self.timer.start()
            return
        self.timer.stop()
        self._forget_hits()
        self.label.setText("")
        self.cleared.emit()

    def _forget_hits(self) -> None:
        """No hits listed, and answers still on their way dropped."""
        self.seq += 1
        self._listed = None
        self.model.set_hits([], 0)
        self.more_button.hide()

    def run_search(self) -> None:
        """Search the committed text in the background; stale answers are dropped."""
        query = self.box.text().strip()
        index = self.index
        if not query or index is None:
            return
        self.seq += 1
        seq = self.seq
        filters = self.filters()

        def done(result):
            if seq == self.seq:
                self._show(query, filters, result)

        self.more_button.setEnabled(False)
        self.window.runner.run(lambda progress, cancel: index.search(query, limit=PAGE,
                                                                     **filters),
                               index=True, on_done=done, on_error=self.window.job_failed)

    def show_more(self) -> None:
        """List the next page of hits of the query on screen, after the listed ones."""
        index, listed = self.index, self.model.rowCount()
        if self._listed is None or index is None or listed >= self.model.total:
            return
        query, filters, _ = self._listed
        seq = self.seq

        def done(result):
            if seq == self.seq:
                self.model.add_hits(list(result.hits))
                self._say_count()
                if listed < self.model.rowCount():
                    self.view.scrollTo(self.model.index(listed, 0))

        self.more_button.setEnabled(False)
        self.window.runner.run(lambda progress, cancel: index.search(
            query, limit=PAGE, offset=listed, **filters),
            index=True, on_done=done, on_error=self._more_failed)

    def _more_failed(self, exc: BaseException) -> None:
        self.more_button.setEnabled(True)            # the user may try again
        self.window.job_failed(exc)

    def _show(self, query: str, filters: dict, result) -> None:
        self.last_search_ms = result.elapsed_ms
        self.model.set_hits(list(result.hits), result.total)
        self._listed = (query, filters, result.unsearchable)
        self._say_count()
        self.results_shown.emit()
        if not self.model.rowCount():
            self.nothing_found.emit()
        else:
            self.view.setCurrentIndex(self.model.index(0, 0))
            if self._open_after_search:
                self.open_hit(0)
        self._open_after_search = False

    def _say_count(self) -> None:
        """How many documents contain the query, how many of them are listed, and the
        button that lists the next page while some are not."""
        query, _, unsearchable = self._listed
        total, listed = self.model.total, self.model.rowCount()
        said = self.tr("%1 document(s) contain “%2”").replace(
            "%1", f"{total:,}").replace("%2", query)
        if listed < total:
            said += self.tr("; showing %1 of %2").replace("%1", f"{listed:,}").replace(
                "%2", f"{total:,}")
        if unsearchable:
            said += self.tr("; %1 document(s) have no text to search (scans, photos): "
                            "search cannot see inside them").replace(
                "%1", f"{unsearchable:,}")
        self.label.setText(said)
        self.label.setToolTip(said)
        self.more_button.setText(self.tr("Show %1 more").replace(
            "%1", f"{min(total - listed, PAGE):,}"))
        self.more_button.setVisible(listed < total)
        self.more_button.setEnabled(True)

    def words(self) -> str:
        """The longest plain word of the query (no filter, no exclusion), to mark on the
        pages of a hit."""
        plain = [w for w in self.box.text().split() if ":" not in w and not w.startswith("-")]
        return max(plain, key=len, default="")

    def filters(self) -> dict:
        """The search core's filter for the selected catalogue entry, when asked for."""
        if not self.scope_box.isChecked():
            return {}
        node = self.window.catalogue.current_node()
        if node.kind in ("section", "task", "requirement"):
            return {"requirement": node.code}
        if node.kind in ("mechanism", "unit"):
            return {node.kind: node.code}
        return {}

    # ------------------------------------------------------------------ hits
    def show_hit(self, row: int) -> None:
        if 0 <= row < self.model.rowCount():
            hit = self.model.hit(row)
            self.hit_selected.emit(hit.id, getattr(hit, "page", 1) or 1)

    def open_hit(self, row: int) -> None:
        """Show the hit's document at the page of the hit, ready to read."""
        self.show_hit(row)
        self.hit_opened.emit()

    def open_current_hit(self) -> None:
        """Enter in the search box: search now if needed, then open the current hit."""
        if self.timer.isActive():
            self.timer.stop()
            self.run_search()
            self._open_after_search = True
            return
        row = self.view.currentIndex().row()
        self.open_hit(row if row >= 0 else 0)
