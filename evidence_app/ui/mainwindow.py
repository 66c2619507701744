"""The main window: catalogue tree, document list, details; search, coverage, inspection.

The window decides nothing about evidence: every question goes to the Archive (or through
``features`` to search, coverage and volumes) and every change is a core call. Long work
(import, counting, search, compile) runs through the one ``Runner``; quick writes (tags,
metadata edits) run directly so that Ctrl+Z is immediate and exact.
"""

from __future__ import annotations

import re
from pathlib import Path

from PySide6.QtCore import QSettings, QSize, Qt, QTimer, QUrl, Signal
from PySide6.QtGui import (QAction, QActionGroup, QDesktopServices, QKeySequence, QUndoCommand,
                           QUndoStack)
from PySide6.QtWidgets import (QAbstractItemView, QCheckBox, QComboBox, QFileDialog, QHBoxLayout,
                               QHeaderView, QLabel, QLineEdit, QListView, QMainWindow, QMenu,
                               QMessageBox, QSizePolicy, QSplitter, QStackedWidget, QTableView, QTabWidget,
                               QToolBar, QTreeView, QVBoxLayout, QWidget)

from ..archive.archive import Archive
from ..archive.lock import current_host
from ..errors import ArchiveLockedError, EvidenceError
from . import features
from .details import DetailsPanel
from .dialogs import ImportSummaryDialog, PasswordDialog, ProgressDialog, TagPickerDialog
from .models import (CatalogueTreeModel, DocIdRole, DocumentTableModel, NodeCodeRole,
                     NodeKindRole, SearchHitsModel)
from .searchview import HitDelegate
from .workers import Runner

MAX_RECENT = 8


class TagCommand(QUndoCommand):
    """One tag change as an undo step: wraps the core's TagChange and undo_tags."""

    def __init__(self, window: "MainWindow", change, text: str):
        super().__init__(text)
        self.window = window
        self.change = change          # what the last redo did
        self.undone = None            # what the last undo did
        self._first = True            # the change was applied before being pushed

    def redo(self) -> None:
        if self._first:
            self._first = False
            return
        self.change = self.window.archive.undo_tags(self.undone)
        self.window.after_tag_change(self.change)

    def undo(self) -> None:
        self.undone = self.window.archive.undo_tags(self.change)
        self.window.after_tag_change(self.undone)


class MainWindow(QMainWindow):
    """The desktop face of one open archive."""

    language_requested = Signal(str)

    def __init__(self, settings: QSettings | None = None, language: str = "zh_CN"):
        super().__init__()
        from .app import app_settings

        self.settings = settings or app_settings()
        self.language = language
        self.archive: Archive | None = None
        self.runner = Runner(self)
        self.undo_stack = QUndoStack(self)
        self.last_message = ""
        self.quiet = False          # no message boxes (screenshots)
        self.import_summary: ImportSummaryDialog | None = None
        self.progress_dialog: ProgressDialog | None = None
        self.password_dialog: PasswordDialog | None = None
        self.tag_picker: TagPickerDialog | None = None
        self.compile_dialog = None
        self._current_job = None
        self.converting_ahead = None             # the background conversion after an import
        self._preview_pending: set[int] = set()
        self._preview_failed: set[int] = set()   # not asked again until the archive reopens
        self._search_seq = 0
        self._open_after_search = False
        self._search_index = None
        self._closing = False
        self.setWindowTitle(self.tr("Evidence Archive Compiler"))
        self.resize(1400, 860)
        self.setAcceptDrops(True)
        self._build_actions()
        self._build_ui()
        self._build_menus()
        self._update_actions()

    # ================================================================== building
    def _action(self, text: str, slot, shortcut=None, tip: str = "") -> QAction:
        action = QAction(text, self)
        if shortcut is not None:
            action.setShortcut(QKeySequence(shortcut))
        if tip:
            action.setStatusTip(tip)
            action.setToolTip(tip)
        action.triggered.connect(slot)
        self.addAction(action)
        return action

    def _build_actions(self) -> None:
        a = self._action
        self.new_action = a(self.tr("&New archive…"), self.new_archive_dialog, QKeySequence.New)
        self.open_action = a(self.tr("&Open archive…"), self.open_archive_dialog,
                             QKeySequence.Open)
        self.add_files_action = a(self.tr("&Add files…"), self.add_files_dialog, "Ctrl+I",
                                  self.tr("Import files into the archive (or drop them here)"))
        self.add_folder_action = a(self.tr("Add &folder…"), self.add_folder_dialog)
        self.import_catalogue_action = a(self.tr("Import &catalogue…"),
                                         self.import_catalogue_dialog)
        self.template_action = a(self.tr("Export catalogue &template…"), self.template_dialog)
        self.quit_action = a(self.tr("&Quit"), self.close, QKeySequence.Quit)
        self.undo_action = self.undo_stack.createUndoAction(self, self.tr("&Undo"))
        self.undo_action.setShortcut(QKeySequence.Undo)
        self.redo_action = self.undo_stack.createRedoAction(self, self.tr("&Redo"))
        self.redo_action.setShortcuts([QKeySequence("Ctrl+Y"), QKeySequence("Ctrl+Shift+Z")])
        self.addAction(self.undo_action)
        self.addAction(self.redo_action)
        self.tag_action = a(self.tr("Tag with…"), self.tag_selected_dialog, "Ctrl+T",
                            self.tr("Tag the selected documents with requirements or "
                                    "mechanisms"))
        self.untag_action = a(self.tr("Remove tags…"), self.untag_selected_dialog)
        self.review_action = a(self.tr("Review suggested tags…"), self.review_suggestions,
                               "Ctrl+R", self.tr("Accept or reject the tags the archive "
                                                 "suggests, by keyboard"))
        self.find_action = a(self.tr("&Find"), self.focus_search, QKeySequence.Find)
        self.inspection_action = a(self.tr("&Inspection mode"), self.toggle_inspection, "F11",
                                   self.tr("Large-type read-only screen for the inspection "
                                           "visit"))
        self.inspection_action.setCheckable(True)
        self.coverage_action = a(self.tr("&Coverage"), self.show_coverage, "Ctrl+3",
                                 self.tr("Which requirements still lack evidence"))
        self.compile_action = a(self.tr("&Compile volumes…"), self.compile_dialog_open,
                                "Ctrl+B", self.tr("Bind the evidence into PDF volumes"))
        self.language_group = QActionGroup(self)
        self.language_actions = {}
        for code, label in (("zh_CN", "中文（简体）"), ("en", "English")):
            action = QAction(label, self, checkable=True)
            action.setChecked(code == self.language)
            action.triggered.connect(lambda _=False, c=code: self.request_language(c))
            self.language_group.addAction(action)
            self.language_actions[code] = action

    def _build_menus(self) -> None:
        bar = self.menuBar()
        self.file_menu = bar.addMenu(self.tr("&File"))
        for action in (self.new_action, self.open_action):
            self.file_menu.addAction(action)
        self.recent_menu = self.file_menu.addMenu(self.tr("Open &recent"))
        self.recent_menu.aboutToShow.connect(self._fill_recent_menu)
        self.file_menu.addSeparator()
        for action in (self.add_files_action, self.add_folder_action):
            self.file_menu.addAction(action)
        self.file_menu.addSeparator()
        self.file_menu.addAction(self.import_catalogue_action)
        self.file_menu.addAction(self.template_action)
        self.file_menu.addSeparator()
        self.file_menu.addAction(self.compile_action)
        self.file_menu.addSeparator()
        self.file_menu.addAction(self.quit_action)
        self.edit_menu = bar.addMenu(self.tr("&Edit"))
        for action in (self.undo_action, self.redo_action, None, self.tag_action,
                       self.untag_action, self.review_action, None, self.find_action):
            self.edit_menu.addSeparator() if action is None else self.edit_menu.addAction(action)
        self.view_menu = bar.addMenu(self.tr("&View"))
        self.view_menu.addAction(self.coverage_action)
        self.view_menu.addAction(self.inspection_action)
        language_menu = self.view_menu.addMenu(self.tr("&Language"))
        for action in self.language_actions.values():
            language_menu.addAction(action)

        tools = QToolBar(self.tr("Main"))
        tools.setObjectName("main-toolbar")
        tools.setMovable(False)
        tools.setToolButtonStyle(Qt.ToolButtonTextOnly)
        for action in (self.add_files_action, self.tag_action, self.undo_action,
                       self.redo_action, None, self.coverage_action, self.compile_action,
                       self.inspection_action):
            if action is None:
                tools.addSeparator()
                continue
            # toolbar buttons show the bare name: no "(&A)" mnemonic, no "…"
            action.setIconText(re.sub(r"\(&\w\)|&|…", "", action.text()).strip())
            tools.addAction(action)
        spacer = QWidget()
        spacer.setSizePolicy(QSizePolicy.Expanding, QSizePolicy.Preferred)
        tools.addWidget(spacer)
        tools.addWidget(self.search_box)
        self.addToolBar(tools)

    def _build_ui(self) -> None:
        self.search_box = QLineEdit()
        self.search_box.setObjectName("search")
        self.search_box.setPlaceholderText(self.tr("Search all text (Ctrl+F)"))
        self.search_box.setClearButtonEnabled(True)
        self.search_box.setMinimumWidth(320)
        # textChanged fires for committed text only: an input method's unfinished
        # composition does not start a search (DESIGN.md, platform facts).
        self.search_box.textChanged.connect(self._search_text_changed)
        self.search_box.returnPressed.connect(self.open_current_hit)
        self._search_timer = QTimer(self)
        self._search_timer.setSingleShot(True)
        self._search_timer.setInterval(150)
        self._search_timer.timeout.connect(self.run_search)

        # left: catalogue
        left = QWidget()
        left_layout = QVBoxLayout(left)
        left_layout.setContentsMargins(0, 0, 0, 0)
        self.mode_box = QComboBox()
        for mode, label in (("requirements", self.tr("Tasks and requirements")),
                            ("mechanisms", self.tr("Mechanisms")), ("units", self.tr("Units"))):
            self.mode_box.addItem(label, mode)
        self.mode_box.currentIndexChanged.connect(
            lambda _: self.tree_model.set_mode(self.mode_box.currentData()))
        self.tree_model = CatalogueTreeModel(None, parent=self)
        self.tree_model.tag_dropped.connect(self._tag_dropped)
        self.tree_model.modelReset.connect(self._tree_reset)
        self.tree = QTreeView()
        self.tree.setObjectName("catalogue")
        self.tree.setModel(self.tree_model)
        self.tree.setUniformRowHeights(True)
        self.tree.setAcceptDrops(True)
        self.tree.setDropIndicatorShown(True)
        self.tree.setDragDropMode(QAbstractItemView.DropOnly)
        self.tree.header().setStretchLastSection(False)
        self.tree.header().setSectionResizeMode(0, QHeaderView.Stretch)
        self.tree.header().setSectionResizeMode(1, QHeaderView.ResizeToContents)
        self.tree.selectionModel().currentChanged.connect(self._node_selected)
        left_layout.addWidget(self.mode_box)
        left_layout.addWidget(self.tree)

        # centre: documents / search results / coverage
        self.doc_model = DocumentTableModel(None, self)
        self.doc_model.prefetch = self._prefetch_documents
        self.table = QTableView()
        self.table.setObjectName("documents")
        self.table.setModel(self.doc_model)
        self.table.setSelectionBehavior(QAbstractItemView.SelectRows)
        self.table.setSelectionMode(QAbstractItemView.ExtendedSelection)
        self.table.setDragEnabled(True)
        self.table.setDragDropMode(QAbstractItemView.DragOnly)
        self.table.setDefaultDropAction(Qt.CopyAction)
        self.table.verticalHeader().hide()
        self.table.verticalHeader().setDefaultSectionSize(24)
        self.table.setWordWrap(False)
        self.table.horizontalHeader().setSortIndicator(-1, Qt.AscendingOrder)
        self.table.setSortingEnabled(True)
        self.table.horizontalHeader().setStretchLastSection(True)
        for column, width in enumerate((270, 150, 96, 74, 44, 44, 96, 130)):
            self.table.setColumnWidth(column, width)
        self.table.setContextMenuPolicy(Qt.CustomContextMenu)
        self.table.customContextMenuRequested.connect(self._table_menu)
        self.table.selectionModel().selectionChanged.connect(self._selection_changed)
        self.filter_box = QLineEdit()
        self.filter_box.setPlaceholderText(self.tr("Filter this list by title, 文号, 责任者, tag…"))
        self.filter_box.setClearButtonEnabled(True)
        self.filter_box.textChanged.connect(self.doc_model.set_filter)
        docs_page = QWidget()
        docs_layout = QVBoxLayout(docs_page)
        docs_layout.setContentsMargins(0, 0, 0, 0)
        self.list_title = QLabel("")
        docs_layout.addWidget(self.list_title)
        docs_layout.addWidget(self.filter_box)
        docs_layout.addWidget(self.table)

        self.hits_model = SearchHitsModel(self)
        self.hits_view = QListView()
        self.hits_view.setObjectName("hits")
        self.hits_view.setModel(self.hits_model)
        self.hit_delegate = HitDelegate(self.hits_view)
        self.hits_view.setItemDelegate(self.hit_delegate)
        self.hits_view.setUniformItemSizes(True)
        self.hits_model.modelReset.connect(self.hit_delegate.clear_cache)
        self.hits_view.setVerticalScrollMode(QAbstractItemView.ScrollPerPixel)
        # row heights depend on the width: a scroll bar that comes and goes would change the
        # width, then the heights, then the need for the bar… and never settle
        self.hits_view.setVerticalScrollBarPolicy(Qt.ScrollBarAlwaysOn)
        self.hits_view.setHorizontalScrollBarPolicy(Qt.ScrollBarAlwaysOff)
        self.hits_view.activated.connect(lambda index: self.open_hit(index.row()))
        self.hits_view.selectionModel().currentChanged.connect(
            lambda index, _: self.show_hit(index.row()) if index.isValid() else None)
        self.hits_label = QLabel("")
        self.scope_box = QCheckBox(self.tr("Only in the selected catalogue entry"))
        self.scope_box.setToolTip(self.tr("Search only the documents of the requirement, task, "
                                          "mechanism or unit selected on the left"))
        self.scope_box.toggled.connect(lambda _: self.run_search())
        search_page = QWidget()
        search_layout = QVBoxLayout(search_page)
        search_layout.setContentsMargins(0, 0, 0, 0)
        head = QHBoxLayout()
        head.addWidget(self.hits_label, 1)
        head.addWidget(self.scope_box)
        search_layout.addLayout(head)
        search_layout.addWidget(self.hits_view)

        from .coverage_view import CoverageView

        self.coverage_view = CoverageView(self)
        self.coverage_view.requirement_chosen.connect(self.show_requirement)

        self.tabs = QTabWidget()
        self.tabs.setObjectName("centre-tabs")
        self.tabs.addTab(docs_page, self.tr("Documents"))
        self.tabs.addTab(search_page, self.tr("Search results"))
        self.tabs.addTab(self.coverage_view, self.tr("Coverage"))

        # right: details
        self.details = DetailsPanel()
        self.details.saved.connect(self._document_saved)
        self.details.remove_tag.connect(self._remove_tag)
        self.details.preview.conversion_wanted.connect(self.convert_for_preview)

        self.splitter = QSplitter(Qt.Horizontal)
        self.splitter.addWidget(left)
        self.splitter.addWidget(self.tabs)
        self.splitter.addWidget(self.details)
        self.splitter.setSizes([310, 730, 360])
        self.splitter.setStretchFactor(1, 1)

        from .inspection import InspectionPage

        self.inspection = InspectionPage(self)
        self.inspection.closed.connect(lambda: self.toggle_inspection(False))
        self.stack = QStackedWidget()
        self.stack.addWidget(self.splitter)
        self.stack.addWidget(self.inspection)
        self.setCentralWidget(self.stack)
        self.status = QLabel("")
        self.statusBar().addWidget(self.status, 1)

    def _update_actions(self) -> None:
        has = self.archive is not None
        writable = has and not self.archive.read_only
        for action in (self.add_files_action, self.add_folder_action, self.tag_action,
                       self.untag_action, self.import_catalogue_action, self.review_action):
            action.setEnabled(writable)
        for action in (self.find_action, self.inspection_action, self.coverage_action):
            action.setEnabled(has)
        self.compile_action.setEnabled(writable and features.export_available())
        self.search_box.setEnabled(has)
        name = self.archive.root.name if has else self.tr("no archive open")
        self.setWindowTitle(f"{name} — " + self.tr("Evidence Archive Compiler"))

    # ================================================================== messages
    def notify(self, text: str) -> None:
        self.last_message = text
        self.statusBar().showMessage(text, 8000)

    def notify_error(self, text: str) -> None:
        """Show the core's message to the user in a window-modal, non-blocking box."""
        self.last_message = text
        if self.quiet:
            self.statusBar().showMessage(text)
            return
        box = QMessageBox(QMessageBox.Warning, self.tr("Evidence Archive Compiler"), text,
                          QMessageBox.Ok, self)
        box.setAttribute(Qt.WA_DeleteOnClose)
        box.open()

    def ask(self, title: str, text: str) -> bool:
        """A yes/no question (blocking; tests replace it)."""
        return QMessageBox.question(self, title, text) == QMessageBox.Yes

    # ================================================================== archive
    @property
    def archive_path(self) -> Path | None:
        return self.archive.root if self.archive else None

    def open_archive(self, path, read_only: bool = False,
                     take_over_from: dict | None = None) -> bool:
        """Open an archive folder; on failure the core's message is shown and False returned.

        ``take_over_from``: the holder of an abandoned writer lock the user chose to take
        over (see ``Archive.open``).
        """
        path = Path(path)
        self.close_archive()
        try:
            self.archive = Archive.open(path, read_only=read_only,
                                        take_over_from=take_over_from)
        except ArchiveLockedError as exc:
            choice = "cancel" if self.quiet else self.choose_when_locked(exc)
            if choice == "read-only":
                return self.open_archive(path, read_only=True)
            if choice == "take-over":
                return self.open_archive(path, take_over_from=exc.holder)
            self.notify(exc.message)  # already read in the question; no second box
            return False
        except EvidenceError as exc:
            self.notify_error(exc.message)
            return False
        self._remember(path)
        self.tree_model.set_archive(self.archive)
        self.doc_model.set_archive(self.archive)
        self.details.set_document(self.archive, None)
        self.coverage_view.set_archive(self.archive)
        self.inspection.set_archive(self.archive)
        self._update_actions()
        self.tree.expandToDepth(0)
        self.tree.setCurrentIndex(self.tree_model.index(0, 0))
        self.refresh_counts()
        self.prepare_search()
        self.notify(self.tr("Opened %1").replace("%1", str(path)))
        return True

    def choose_when_locked(self, exc: ArchiveLockedError) -> str:
        """Someone else holds the archive: "read-only" (always safe: search and inspection
        work), "take-over" (when their program is known to be gone) or "cancel"."""
        holder = exc.holder or {}
        who = self.tr("The archive is being edited by %1 on computer %2 (process %3) since "
                      "%4.").replace("%1", str(holder.get("user"))).replace(
            "%2", str(holder.get("host"))).replace("%3", str(holder.get("pid"))).replace(
            "%4", str(holder.get("since", "")).replace("T", " ")) if holder else exc.message
        box = QMessageBox(QMessageBox.Warning, self.tr("Archive in use"),
                          who + "\n\n" + self.tr(
                              "You can open it read-only to search and show evidence. If that "
                              "program has been closed, or that computer crashed or was "
                              "switched off, you can take the archive over; never do this "
                              "while it is still open there."), QMessageBox.NoButton, self)
        read_only = box.addButton(self.tr("Open read-only"), QMessageBox.AcceptRole)
        take_over = box.addButton(self.tr("Take over (it is closed there)"),
                                  QMessageBox.DestructiveRole)
        box.addButton(QMessageBox.Cancel)
        box.setDefaultButton(read_only)
        # a lock of this computer that was not cleared as stale belongs to a live program
        take_over.setEnabled(bool(holder) and holder.get("host") != current_host())
        box.exec()
        clicked = box.clickedButton()
        return ("read-only" if clicked is read_only else
                "take-over" if clicked is take_over else "cancel")

    def convert_for_preview(self, doc) -> None:
        """Convert a Word, text, image or spreadsheet file for the preview in the background;
        the compile reuses the result."""
        archive = self.archive
        if archive is None or doc.id in self._preview_pending or doc.id in self._preview_failed:
            return
        self._preview_pending.add(doc.id)

        def done(path):
            self._preview_pending.discard(doc.id)
            if path is None:
                self._preview_failed.add(doc.id)
                return
            shown = self.details.doc
            if self.archive is archive and shown is not None and shown.id == doc.id:
                self.details.preview.show_document(archive, shown,
                                                   self.details.preview.current_page())

        def failed(exc):
            self._preview_pending.discard(doc.id)
            self._preview_failed.add(doc.id)

        self.runner.run(lambda progress, cancel: features.convert_for_preview(archive, doc),
                        background=True, on_done=done, on_error=failed)

    def close_archive(self) -> None:
        if self.archive is None:
            return
        self.runner.shutdown()
        self._preview_pending.clear()
        self._preview_failed.clear()
        if self._search_index is not None:
            self._search_index.close()
            self._search_index = None
        self.undo_stack.clear()
        self.tree_model.set_archive(None)
        self.doc_model.set_archive(None)
        self.hits_model.set_hits([], 0)
        self.details.set_document(None, None)
        self.coverage_view.set_archive(None)
        self.inspection.set_archive(None)
        self.archive.close()
        self.archive = None
        self._update_actions()

    def _remember(self, path: Path) -> None:
        recent = [p for p in (self.settings.value("recent_archives", []) or [])
                  if p != str(path)]
        if isinstance(recent, str):
            recent = [recent]
        self.settings.setValue("recent_archives", [str(path)] + recent[:MAX_RECENT - 1])
        self.settings.setValue("last_archive", str(path))
        self.settings.sync()

    def recent_archives(self) -> list[str]:
        value = self.settings.value("recent_archives", []) or []
        return [value] if isinstance(value, str) else list(value)

    def _fill_recent_menu(self) -> None:
        self.recent_menu.clear()
        for path in self.recent_archives():
            action = self.recent_menu.addAction(path)
            action.triggered.connect(lambda _=False, p=path: self.open_archive(p))
        if not self.recent_archives():
            self.recent_menu.addAction(self.tr("(none)")).setEnabled(False)

    def new_archive_dialog(self) -> None:
        folder = QFileDialog.getExistingDirectory(self, self.tr("Choose an empty folder for "
                                                                "the new archive"))
        if not folder:
            return
        try:
            Archive.create(Path(folder)).close()
        except EvidenceError as exc:
            self.notify_error(exc.message)
            return
        self.open_archive(folder)

    def open_archive_dialog(self) -> None:
        folder = QFileDialog.getExistingDirectory(self, self.tr("Open an archive folder"))
        if folder:
            self.open_archive(folder)

    def import_catalogue_dialog(self) -> None:
        name, _ = QFileDialog.getOpenFileName(self, self.tr("Import catalogue"), "",
                                              self.tr("Catalogue (*.xlsx *.csv)"))
        if name:
            self.import_catalogue(Path(name))

    def import_catalogue(self, path: Path) -> None:
        from ..archive.catalogue import read_catalogue

        archive = self.archive

        def work(progress, cancel):
            from ..suggest.hooks import after_catalogue_import

            report = archive.import_catalogue(read_catalogue(path))
            return report, after_catalogue_import(archive)

        def done(result):
            links = result[1]
            if links.change.count:                       # undoable like any tagging
                self.push_tag_change(links.change, self.tr(
                    "Link %1 document(s) to mechanisms by 文号").replace(
                        "%1", str(len(links.linked))))
            self.tree_model.reload()
            self.coverage_view.refresh()
            self.refresh_counts()
            self.notify(self.tr("Catalogue imported from %1").replace("%1", path.name))

        self.runner.run(work, write=True, on_done=done,
                        on_error=lambda exc: self._job_failed(exc))

    def template_dialog(self) -> None:
        from ..archive.catalogue import write_template

        name, _ = QFileDialog.getSaveFileName(self, self.tr("Save catalogue template"),
                                              "catalogue-template.xlsx", "Excel (*.xlsx)")
        if name:
            try:
                write_template(Path(name))
            except EvidenceError as exc:
                self.notify_error(exc.message)
                return
            self.notify(self.tr("Template written to %1").replace("%1", name))

    def _job_failed(self, exc: BaseException) -> None:
        text = exc.message if isinstance(exc, EvidenceError) else \
            self.tr("Unexpected error: %1").replace("%1", repr(exc))
        self.notify_error(text)

    # ================================================================== catalogue / list
    def _tree_reset(self) -> None:
        if self.tree_model.mode == "requirements":
            self.tree.expandToDepth(0)

    def _node_selected(self, index, _previous=None) -> None:
        if self.archive is None or not index.isValid():
            return
        kind = index.data(NodeKindRole)
        code = index.data(NodeCodeRole)
        label = self.tree_model.node(index.siblingAtColumn(0)).label
        archive = self.archive
        try:
            if kind == "all":
                self.doc_model.set_ids(archive.document_ids())
            elif kind == "untagged":
                self.doc_model.set_ids([d.id for d in archive.documents(untagged=True)])
            elif kind in ("section", "task", "requirement"):
                self.doc_model.set_ids([d.id for d in archive.documents(requirement=code)])
            elif kind == "mechanism":
                self.doc_model.set_ids([d.id for d in archive.documents(mechanism=code)])
            elif kind == "unit":
                self.doc_model.set_ids([d.id for d in archive.documents(unit=code)])
        except EvidenceError as exc:
            self.notify_error(exc.message)
            return
        self.list_title.setText(self.tr("%1 — %2 document(s)").replace("%1", label).replace(
            "%2", str(self.doc_model.rowCount())))
        self.tabs.setCurrentIndex(0)

    def show_requirement(self, code: str) -> None:
        """Select a requirement in the tree, so the document list shows its evidence."""
        if self.tree_model.mode != "requirements":
            self.mode_box.setCurrentIndex(0)
        index = self.tree_model.find("requirement", code)
        if index.isValid():
            self.tree.scrollTo(index)
            self.tree.setCurrentIndex(index)

    def _prefetch_documents(self, ids: list[int], deliver) -> None:
        """Read rows the list will soon show, off the GUI thread (the model's prefetch)."""
        from ..archive.volumes import bound_locations

        archive = self.archive
        if archive is None:
            return
        self.runner.run(lambda progress, cancel: (archive.documents(ids=ids),
                                                  bound_locations(archive, ids)),
                        on_done=lambda result: deliver(*result),
                        on_error=lambda exc: None)  # the row is then fetched when painted

    def selected_ids(self) -> list[int]:
        rows = sorted({i.row() for i in self.table.selectionModel().selectedRows()})
        return [self.doc_model.doc_id(r) for r in rows]

    def _selection_changed(self, *_):
        ids = self.selected_ids()
        if len(ids) == 1:
            self.show_document(ids[0])
        self.status.setText(self.tr("%1 selected").replace("%1", str(len(ids))) if ids else "")

    def show_document(self, doc_id: int, page: int = 1) -> None:
        try:
            doc = self.archive.document(doc_id)
        except EvidenceError as exc:
            self.notify_error(exc.message)
            return
        self.details.set_document(self.archive, doc, page)

    def _document_saved(self, doc_id: int) -> None:
        self.doc_model.refresh_documents([doc_id])
        self.notify(self.tr("Saved document %1").replace("%1", str(doc_id)))

    def _table_menu(self, pos) -> None:
        menu = self.document_menu()
        menu.exec(self.table.viewport().mapToGlobal(pos))

    def document_menu(self) -> QMenu:
        """The right-click menu of the document list."""
        menu = QMenu(self)
        menu.addAction(self.tag_action)
        menu.addAction(self.untag_action)
        menu.addSeparator()
        menu.addAction(self.undo_action)
        return menu

    # ================================================================== tagging
    def tag_documents(self, ids, requirements=(), mechanisms=(), remove: bool = False,
                      via: str | None = None) -> bool:
        """Tag (or untag) documents through the core and push the change onto the undo stack
        (``via``: what proposed the tags, for the audit log)."""
        if self.archive is None or not ids:
            return False
        try:
            change = self.archive.tag(ids, list(requirements), list(mechanisms), remove=remove,
                                      via=via)
        except EvidenceError as exc:
            self.notify_error(exc.message)
            return False
        codes = "、".join(list(requirements) + list(mechanisms))
        if not change.count:
            self.notify(self.tr("Nothing changed: the documents already had those tags")
                        if not remove else self.tr("Nothing changed"))
            return False
        text = (self.tr("Remove %1 from %2 document(s)") if remove else
                self.tr("Tag %2 document(s) with %1"))
        text = text.replace("%1", codes).replace("%2", str(len(change.document_ids())))
        self.push_tag_change(change, text)
        return True

    def push_tag_change(self, change, text: str) -> None:
        """A tag change the core has made becomes one undo step, and the views follow it."""
        self.undo_stack.push(TagCommand(self, change, text))
        self.after_tag_change(change)
        self.notify(text)

    def after_tag_change(self, change) -> None:
        """Views follow a tag change: rows, details, counts."""
        self.doc_model.refresh_documents(change.document_ids())
        self.details.refresh()
        self.refresh_counts()

    def _tag_dropped(self, ids: list, kind: str, code: str) -> None:
        if kind == "requirement":
            self.tag_documents(ids, requirements=[code])
        else:
            self.tag_documents(ids, mechanisms=[code])

    def _remove_tag(self, doc_id: int, kind: str, code: str) -> None:
        if kind == "requirement":
            self.tag_documents([doc_id], requirements=[code], remove=True)
        else:
            self.tag_documents([doc_id], mechanisms=[code], remove=True)

    def tag_selected_dialog(self, remove: bool = False) -> TagPickerDialog | None:
        ids = self.selected_ids()
        if self.archive is None or not ids:
            self.notify(self.tr("Select documents in the list first"))
            return None
        title = (self.tr("Remove tags from %1 document(s)") if remove else
                 self.tr("Tag %1 document(s) with…")).replace("%1", str(len(ids)))
        picker = TagPickerDialog(self.archive, title, self)
        picker.setAttribute(Qt.WA_DeleteOnClose)

        def accepted():
            reqs, mechs = picker.selection()
            if reqs or mechs:
                self.tag_documents(ids, reqs, mechs, remove=remove)

        picker.accepted.connect(accepted)
        picker.destroyed.connect(lambda: setattr(self, "tag_picker", None))
        self.tag_picker = picker
        picker.open()
        return picker

    def untag_selected_dialog(self) -> None:
        self.tag_selected_dialog(remove=True)

    def review_suggestions(self):
        """Open the review queue of suggested tags (ui/review.py)."""
        from .review import ReviewDialog

        if self.archive is None:
            return None
        dialog = ReviewDialog(self)
        dialog.setAttribute(Qt.WA_DeleteOnClose)
        dialog.open()
        return dialog

    # ================================================================== counts
    def refresh_counts(self) -> None:
        """Recount evidence per catalogue node in the background."""
        archive = self.archive
        if archive is None:
            return
        self.runner.run(lambda progress, cancel: features.evidence_counts(archive),
                        on_done=self._counts_ready,
                        on_error=lambda exc: self.notify(str(exc)))

    def _counts_ready(self, result) -> None:
        counts, statuses = result
        self.tree_model.set_counts(counts, statuses)
        if self.archive is not None:
            stats_text = self.tr("%1 documents").replace(
                "%1", str(len(self.archive.document_ids())))
            self.statusBar().showMessage(stats_text, 4000)

    # ================================================================== import
    def dragEnterEvent(self, event) -> None:
        """Files and folders from the file manager may be dropped anywhere on the window."""
        if self.archive is not None and not self.archive.read_only and \
                event.mimeData().hasUrls() and \
                any(u.isLocalFile() for u in event.mimeData().urls()):
            event.acceptProposedAction()
        else:
            event.ignore()

    def dragMoveEvent(self, event) -> None:
        self.dragEnterEvent(event)

    def dropEvent(self, event) -> None:
        paths = [Path(u.toLocalFile()) for u in event.mimeData().urls() if u.isLocalFile()]
        if paths and self.archive is not None:
            event.acceptProposedAction()
            self.import_paths(paths)
        else:
            event.ignore()

    def add_files_dialog(self) -> None:
        names, _ = QFileDialog.getOpenFileNames(self, self.tr("Add files"))
        if names:
            self.import_paths([Path(n) for n in names])

    def add_folder_dialog(self) -> None:
        folder = QFileDialog.getExistingDirectory(self, self.tr("Add a folder"))
        if folder:
            self.import_paths([Path(folder)])

    def import_paths(self, paths: list[Path]) -> None:
        """Import files and folders in the background with progress, cancel and a summary."""
        from ..intake.pipeline import add_paths

        archive = self.archive
        if archive is not None:
            self._run_import(lambda progress, cancel: add_paths(
                archive, paths, progress=progress, cancel=cancel), self._imported)

    def _run_import(self, work, deliver) -> None:
        dialog = ProgressDialog(self.tr("Importing"), self)
        self.progress_dialog = dialog

        def finish():
            dialog.close()
            dialog.deleteLater()
            self.progress_dialog = None
            self._current_job = None

        def done(report):
            finish()
            deliver(report)

        def failed(exc):
            finish()
            self._job_failed(exc)

        job = self.runner.run(work, write=True, on_done=done, on_error=failed,
                              on_progress=dialog.set_progress, on_cancelled=finish)
        self._current_job = job
        dialog.cancel_requested.connect(job.cancel)
        dialog.open()

    def _imported(self, report) -> None:
        links = report.mechanism_links
        if links is not None and links.change.count:      # undoable like any tagging
            self.push_tag_change(links.change, self.tr("Link %1 document(s) to mechanisms by "
                                                       "文号").replace("%1", str(len(links.linked))))
        self._node_selected(self.tree.currentIndex())
        self.refresh_counts()
        self._convert_ahead([entry["id"] for entry in report.added])
        self.import_summary = ImportSummaryDialog(report, self)
        self.import_summary.passwords_requested.connect(lambda: self.ask_passwords(report))
        self.import_summary.open()
        self.notify(self.import_summary.headline.text())

    def _convert_ahead(self, doc_ids: list[int]) -> None:
        """Convert newly imported Word and other non-PDF files for the compile while the
        user goes on working, so the first compile does not wait for LibreOffice."""
        archive = self.archive
        if archive is None or not doc_ids or not features.export_available():
            return

        def done(count):
            self.converting_ahead = None
            if count:
                self.notify(self.tr("%1 document(s) prepared for compiling").replace(
                    "%1", str(count)))

        def ended(*_):
            self.converting_ahead = None

        self.converting_ahead = self.runner.run(
            lambda progress, cancel: features.convert_ahead(archive, doc_ids, progress, cancel),
            background=True, on_done=done, on_error=ended, on_cancelled=ended)

    def ask_passwords(self, report, wrong: frozenset[str] = frozenset()) -> None:
        """Ask for the passwords of the PDFs ``report`` could not open; import those given.

        A wrong password brings the question back for that file; giving up shows the summary
        of the whole import.
        """
        dialog = PasswordDialog([str(item.path) for item in report.locked], set(wrong), self)
        dialog.setAttribute(Qt.WA_DeleteOnClose)
        self.password_dialog = dialog

        def answered():
            self.password_dialog = None
            passwords = dialog.passwords()
            if passwords:
                self._unlock(report, passwords)
            else:
                self._imported(report)

        def declined():
            self.password_dialog = None
            if not self._closing:
                self._imported(report)

        dialog.accepted.connect(answered)
        dialog.rejected.connect(declined)
        dialog.open()

    def _unlock(self, report, passwords: dict[str, str]) -> None:
        from ..intake.pipeline import retry_with_passwords

        archive = self.archive
        if archive is None:
            return

        def unlocked(merged):
            wrong = frozenset(merged.wrong_passwords() & passwords.keys())  # this round's
            if wrong:
                self._node_selected(self.tree.currentIndex())
                self.notify(self.tr("Wrong password for %1 file(s)").replace(
                    "%1", str(len(wrong))))
                self.ask_passwords(merged, wrong)
            else:
                self._imported(merged)

        self._run_import(lambda progress, cancel: retry_with_passwords(
            archive, report, passwords, progress, cancel), unlocked)

    # ================================================================== search
    def focus_search(self) -> None:
        if self.inspection_action.isChecked():
            self.inspection.query.setFocus()
            return
        self.search_box.setFocus()
        self.search_box.selectAll()

    def _search_text_changed(self, text: str) -> None:
        if text.strip():
            self._search_timer.start()
        else:
            self._search_timer.stop()
            self._search_seq += 1
            self.hits_model.set_hits([], 0)
            self.hits_label.setText("")
            self.tabs.setCurrentIndex(0)

    def run_search(self) -> None:
        """Search the committed text in the background; stale answers are dropped."""
        query = self.search_box.text().strip()
        archive = self.archive
        if not query or archive is None:
            return
        if not features.search_available():
            self.hits_label.setText(self.tr("Search is not available in this build"))
            self.tabs.setCurrentIndex(1)
            return
        self._search_seq += 1
        seq = self._search_seq

        def done(result):
            if seq != self._search_seq:
                return
            self._last_search_ms = result.elapsed_ms
            self.hits_model.set_hits(list(result.hits), result.total)
            self.hits_label.setText(self.tr("%1 document(s) contain “%2”").replace(
                "%1", str(result.total)).replace("%2", query))
            self.tabs.setCurrentIndex(1)
            if self.hits_model.rowCount():
                self.hits_view.setCurrentIndex(self.hits_model.index(0, 0))
                if self._open_after_search:
                    self.open_hit(0)
            self._open_after_search = False

        index = self.search_index()
        filters = self.search_filters()
        self.runner.run(lambda progress, cancel: index.search(query, limit=100, **filters),
                        index=True, on_done=done, on_error=self._job_failed)

    def search_filters(self) -> dict:
        """The search core's filter for the selected catalogue entry, when asked for."""
        if not self.scope_box.isChecked():
            return {}
        node = self.tree_model.node(self.tree.currentIndex())
        if node.kind in ("section", "task", "requirement"):
            return {"requirement": node.code}
        if node.kind in ("mechanism", "unit"):
            return {node.kind: node.code}
        return {}

    def search_index(self):
        """The archive's search index, made on first use; used on the index thread only."""
        if self._search_index is None and self.archive is not None:
            self._search_index = features.open_search_index(self.archive)
        return self._search_index

    def prepare_search(self) -> None:
        """Bring the index up to date in the background so the first query is quick."""
        if self.archive is None or not features.search_available():
            return
        index = self.search_index()
        self.statusBar().showMessage(self.tr("Updating the search index…"))

        def work(progress, cancel):
            # a missing index is built with the cancel token, so closing need not wait for it
            if index.status() in ("missing", "damaged"):
                index.rebuild(progress, cancel)
            return index.sync(progress)

        self.runner.run(work, index=True,
                        on_done=lambda _: self.statusBar().showMessage(
                            self.tr("Search index ready"), 3000),
                        on_error=self._job_failed)

    def show_hit(self, row: int) -> None:
        if 0 <= row < self.hits_model.rowCount():
            hit = self.hits_model.hit(row)
            self.show_document(hit.id, getattr(hit, "page", 1) or 1)

    def open_hit(self, row: int) -> None:
        """Open the preview at the page of the hit."""
        self.show_hit(row)
        self.details.preview.setFocus()

    def open_current_hit(self) -> None:
        """Enter in the search box: search now if needed, then open the current hit."""
        if self._search_timer.isActive():
            self._search_timer.stop()
            self.run_search()
            self._open_after_search = True
            return
        row = self.hits_view.currentIndex().row()
        self.open_hit(row if row >= 0 else 0)

    # ================================================================== other views
    def show_coverage(self) -> None:
        self.tabs.setCurrentWidget(self.coverage_view)
        self.coverage_view.refresh()

    def toggle_inspection(self, on: bool | None = None) -> None:
        on = not (self.stack.currentWidget() is self.inspection) if on is None else on
        self.inspection_action.setChecked(on)
        if on:
            self.stack.setCurrentWidget(self.inspection)
            self.menuBar().hide()
            for bar in self.findChildren(QToolBar):
                bar.hide()
            self._was_maximized = self.isMaximized()
            self.showFullScreen()
            self.inspection.query.setFocus()
        else:
            self.stack.setCurrentWidget(self.splitter)
            self.menuBar().show()
            for bar in self.findChildren(QToolBar):
                bar.show()
            if self.isFullScreen():
                self.showMaximized() if getattr(self, "_was_maximized", False) else \
                    self.showNormal()

    def compile_dialog_open(self) -> None:
        if not features.export_available() or self.archive is None:
            return
        from .compile_dialog import CompileDialog

        self.compile_dialog = CompileDialog(self, self.archive, self.runner)
        self.compile_dialog.open()

    def output_folder(self) -> str:
        """The folder the last batch of this archive was compiled into (remembered here)."""
        if self.archive is None:
            return ""
        return str(self.settings.value(f"output_folders/{self._settings_key()}", "") or "")

    def remember_output_folder(self, folder: str) -> None:
        if self.archive is not None:
            self.settings.setValue(f"output_folders/{self._settings_key()}", folder)
            self.settings.sync()

    def _settings_key(self) -> str:
        import hashlib

        return hashlib.sha1(str(self.archive.root.resolve()).encode()).hexdigest()[:16]

    def after_compile(self) -> None:
        """Volumes were (re)bound: the list's "bound at" column and the search hits change."""
        self._node_selected(self.tree.currentIndex())

    def open_url(self, url: QUrl) -> bool:
        """Hand a file to the desktop (the volume PDF viewer, the file manager)."""
        return QDesktopServices.openUrl(url)

    # ================================================================== language, closing
    def request_language(self, code: str) -> None:
        if code != self.language:
            self.language_requested.emit(code)

    def closeEvent(self, event) -> None:
        """Closing during work asks first, then cancels the work cleanly and waits for it."""
        if self.runner.busy(including_background=False) and not self._closing:
            if not self.ask(self.tr("Work in progress"),
                            self.tr("An import or compilation is still running. Stop it and "
                                    "close?")):
                event.ignore()
                return
        self._closing = True
        self.runner.shutdown()
        for dialog in (self.progress_dialog, self.import_summary, self.password_dialog,
                       self.tag_picker, self.compile_dialog):
            if dialog is not None:
                dialog.done(0)
        self.progress_dialog = None
        self.close_archive()
        event.accept()

    def sizeHint(self) -> QSize:
        return QSize(1400, 860)
