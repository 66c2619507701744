"""The main window: it lays out the parts and wires the actions to them.

Each part does one thing a person does, and decides nothing about evidence itself: every
question goes to the core and every change is a core call through the one ``Runner``:

- ``session``: opening an archive (and when someone else holds it), closing, recent ones
- ``importing``: importing documents (passwords included) and the catalogue
- ``catalogue_panel`` and ``document_list``: browsing the catalogue and its documents
- ``searchpanel``: searching as you type; ``inspection``: the inspection visit's screen
- ``tagging``: tags, with undo and redo; ``coverage_view``: which requirements lack evidence
- ``conversions``: background conversions for the preview and the first compile
- ``ocr_status``: reading the scans in the background, its progress in the status bar
- ``server_watch``: on a server archive, following other PCs' changes and the connection
"""

from __future__ import annotations

import hashlib
import re
from pathlib import Path

from PySide6.QtCore import QSettings, QSize, Qt, QUrl, Signal
from PySide6.QtGui import QAction, QActionGroup, QDesktopServices, QKeySequence
from PySide6.QtWidgets import (QLabel, QMainWindow, QMenu, QMessageBox, QSizePolicy, QSplitter,
                               QStackedWidget, QTabWidget, QToolBar, QWidget)

from ..archive import Archive
from ..errors import ArchiveUnreachableError, EvidenceError
from .bulk_edit import BulkEdit
from .catalogue_panel import CataloguePanel
from .compile_dialog import CompileDialog
from .conversions import BackgroundConversions
from .coverage_view import CoverageView
from .details import DetailsPanel
from .document_actions import DocumentActions
from .document_list import DocumentList
from .importing import ImportFlow
from .inspection import InspectionPage
from .models import NodeCodeRole, NodeKindRole
from .ocr_status import OcrStatus
from .reasons import describe
from .searchpanel import SearchPanel
from .server_watch import ServerWatch
from .session import ArchiveSession
from .tagging import Tagging
from .window_state import WindowLayout
from .workers import Runner

DOCUMENTS_TAB, SEARCH_TAB = 0, 1


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
        self.last_message = ""
        self.quiet = False          # no message boxes (screenshots)
        self.closing = False
        self.compile_dialog: CompileDialog | None = None
        self.session = ArchiveSession(self)
        self.importing = ImportFlow(self)
        self.tagging = Tagging(self)
        self.conversions = BackgroundConversions(self)
        self.doc_actions = DocumentActions(self)
        self.bulk_edit = BulkEdit(self)
        self.setAcceptDrops(True)
        self._build_parts()
        self._build_actions()
        self._build_menus()
        self._build_toolbar()
        self._update_actions()
        self.layout_memory = WindowLayout(self)
        self.layout_memory.restore()

    # ================================================================== building
    def _build_parts(self) -> None:
        self.catalogue = CataloguePanel(self)
        self.catalogue.node_changed.connect(self.show_node)
        self.catalogue.model.tag_dropped.connect(self.tagging.tag_dropped)
        self.documents = DocumentList(self)
        self.documents.selection_changed.connect(self._selection_changed)
        self.documents.menu_requested.connect(lambda pos: self.document_menu().exec(pos))
        self.documents.table.doubleClicked.connect(lambda _: self.doc_actions.preview_large())
        self.search = SearchPanel(self)
        self.search.results_shown.connect(lambda: self.tabs.setCurrentIndex(SEARCH_TAB))
        self.search.cleared.connect(lambda: self.tabs.setCurrentIndex(DOCUMENTS_TAB))
        self.search.hit_selected.connect(
            lambda doc_id, page: self.show_document(doc_id, page, self.search.words()))
        self.search.hit_opened.connect(lambda: self.details.preview.setFocus())
        self.search.nothing_found.connect(self.show_no_document)
        self.coverage_view = CoverageView(self.runner, self)
        self.coverage_view.requirement_chosen.connect(self.catalogue.show_requirement)
        self.coverage_view.report_written.connect(
            lambda path: self.notify(self.tr("Written: %1").replace("%1", path)))
        self.coverage_view.report_failed.connect(self.job_failed)
        self.tabs = QTabWidget()
        self.tabs.setObjectName("centre-tabs")
        self.tabs.addTab(self.documents, self.tr("Documents"))
        self.tabs.addTab(self.search, self.tr("Search results"))
        self.tabs.addTab(self.coverage_view, self.tr("Coverage"))
        self.details = DetailsPanel(self.runner)
        self.details.saved.connect(self._document_saved)
        self.details.save_failed.connect(self.notify_error)
        self.details.remove_tag.connect(self.tagging.remove_tag)
        self.details.links.step.connect(self._link_changed)
        self.details.links.said.connect(self.notify)
        self.details.preview.conversion_wanted.connect(self.conversions.for_preview)
        self.splitter = QSplitter(Qt.Horizontal)
        for part in (self.catalogue, self.tabs, self.details):
            self.splitter.addWidget(part)
        self.splitter.setSizes([310, 730, 360])
        self.splitter.setStretchFactor(1, 1)
        self.inspection = InspectionPage(self)
        self.inspection.closed.connect(lambda: self.toggle_inspection(False))
        self.inspection.viewer.conversion_wanted.connect(self.conversions.for_preview)
        self.stack = QStackedWidget()
        self.stack.addWidget(self.splitter)
        self.stack.addWidget(self.inspection)
        self.setCentralWidget(self.stack)
        self.status = QLabel("")
        self.statusBar().addWidget(self.status, 1)
        self.ocr_status = OcrStatus(self)
        self.read_only_badge = QLabel(self.tr("Read-only"))
        self.read_only_badge.setToolTip(self.tr(
            "Someone else is editing this archive: you can search and show evidence here, "
            "but not change anything"))
        self.read_only_badge.setStyleSheet("color: #b9770e; font-weight: bold; padding: 0 6px;")
        self.statusBar().addPermanentWidget(self.read_only_badge)
        self.server_watch = ServerWatch(self)
        # the widgets users (and tests) reach through the window
        self.tree_model, self.tree = self.catalogue.model, self.catalogue.tree
        self.doc_model, self.table = self.documents.model, self.documents.table
        self.search_box, self.scope_box = self.search.box, self.search.scope_box
        self.hits_model, self.hits_view = self.search.model, self.search.view

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
        a, session, importing = self._action, self.session, self.importing
        self.new_action = a(self.tr("&New archive…"), session.new_archive_dialog,
                            QKeySequence.New)
        self.open_action = a(self.tr("&Open archive…"), session.open_archive_dialog,
                             QKeySequence.Open)
        self.add_files_action = a(self.tr("&Add files…"), importing.add_files_dialog, "Ctrl+I",
                                  self.tr("Import files into the archive (or drop them here)"))
        self.add_folder_action = a(self.tr("Add &folder…"), importing.add_folder_dialog)
        self.import_catalogue_action = a(self.tr("Import &catalogue…"),
                                         importing.import_catalogue_dialog)
        self.template_action = a(self.tr("Export catalogue &template…"),
                                 importing.template_dialog)
        self.quit_action = a(self.tr("&Quit"), self.close, QKeySequence.Quit)
        self._build_edit_actions()
        self._build_view_actions()

    def _build_edit_actions(self) -> None:
        a, stack = self._action, self.tagging.undo_stack
        self.undo_action = stack.createUndoAction(self, self.tr("&Undo"))
        self.undo_action.setShortcut(QKeySequence.Undo)
        self.redo_action = stack.createRedoAction(self, self.tr("&Redo"))
        self.redo_action.setShortcuts([QKeySequence("Ctrl+Y"), QKeySequence("Ctrl+Shift+Z")])
        self.addAction(self.undo_action)
        self.addAction(self.redo_action)
        self.tag_action = a(self.tr("Tag with…"), self.tagging.tag_selected_dialog, "Ctrl+T",
                            self.tr("Tag the selected documents with requirements or "
                                    "mechanisms"))
        self.untag_action = a(self.tr("Remove tags…"), self.tagging.untag_selected_dialog)
        self.review_action = a(self.tr("Review suggested tags…"),
                               self.tagging.review_suggestions, "Ctrl+R",
                               self.tr("Accept or reject the tags the archive suggests, by "
                                       "keyboard"))
        self.find_action = a(self.tr("&Find"), self.focus_search, QKeySequence.Find)
        actions = self.doc_actions
        self.open_original_action = a(self.tr("Open the &original"), actions.open_original,
                                      "Ctrl+Return", self.tr(
                                          "Open the selected document in its own program"))
        self.show_in_folder_action = a(self.tr("Show in &folder"), actions.show_in_folder)
        self.preview_large_action = a(self.tr("&Large preview"), actions.preview_large,
                                      "Ctrl+L")
        self.export_list_action = a(self.tr("&Export the list to Excel…"),
                                    actions.export_list, "Ctrl+E")
        self.print_list_action = a(self.tr("&Print the list…"), actions.print_list,
                                   QKeySequence.Print, self.tr(
                                       "Open the list as shown (with its filter) as a PDF to "
                                       "print"))
        self.bulk_edit_action = a(self.tr("Edit the selected documents…"),
                                  self.bulk_edit.edit_selected, "Ctrl+Shift+E",
                                  self.tr("The same 责任者, date or note for every selected "
                                          "document"))
        self.delete_action = a(self.tr("&Delete…"), actions.delete, QKeySequence.Delete)
        # the Delete key deletes documents only in the list, never while typing elsewhere
        self.removeAction(self.delete_action)
        self.table.addAction(self.delete_action)
        self.delete_action.setShortcutContext(Qt.WidgetShortcut)

    def _build_view_actions(self) -> None:
        a = self._action
        self.inspection_action = a(self.tr("&Inspection mode"), self.toggle_inspection, "F11",
                                   self.tr("Large-type read-only screen for the inspection "
                                           "visit"))
        self.inspection_action.setCheckable(True)
        self.coverage_action = a(self.tr("&Coverage"), self.show_coverage, "Ctrl+3",
                                 self.tr("Which requirements still lack evidence"))
        self.compile_action = a(self.tr("&Compile volumes…"), self.compile_dialog_open,
                                "Ctrl+B", self.tr("Bind the evidence into PDF volumes"))
        self.shortcuts_action = a(self.tr("&Keys and everyday tasks"), self.show_help,
                                  QKeySequence.HelpContents)
        self.about_action = a(self.tr("&About"), self.show_about)
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
        self.recent_menu.aboutToShow.connect(
            lambda: self.session.fill_recent_menu(self.recent_menu))
        for action in (None, self.add_files_action, self.add_folder_action, None,
                       self.import_catalogue_action, self.template_action, None,
                       self.print_list_action, self.compile_action, None, self.quit_action):
            self.file_menu.addSeparator() if action is None else self.file_menu.addAction(action)
        self.edit_menu = bar.addMenu(self.tr("&Edit"))
        for action in (self.undo_action, self.redo_action, None, self.tag_action,
                       self.untag_action, self.review_action, self.bulk_edit_action, None,
                       self.open_original_action, self.show_in_folder_action,
                       self.preview_large_action, self.export_list_action, None,
                       self.delete_action, None, self.find_action):
            self.edit_menu.addSeparator() if action is None else self.edit_menu.addAction(action)
        self.view_menu = bar.addMenu(self.tr("&View"))
        self.view_menu.addAction(self.coverage_action)
        self.view_menu.addAction(self.inspection_action)
        language_menu = self.view_menu.addMenu(self.tr("&Language"))
        for action in self.language_actions.values():
            language_menu.addAction(action)
        self.help_menu = bar.addMenu(self.tr("&Help"))
        self.help_menu.addAction(self.shortcuts_action)
        self.help_menu.addAction(self.about_action)

    def _build_toolbar(self) -> None:
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
        # never narrower than the toolbar: the search box must not vanish into its overflow
        self.setMinimumWidth(tools.sizeHint().width() + 16)

    def _update_actions(self) -> None:
        has = self.archive is not None
        writable = has and not self.archive.read_only and not self.server_watch.disconnected
        for action in (self.add_files_action, self.add_folder_action, self.tag_action,
                       self.untag_action, self.import_catalogue_action, self.compile_action,
                       self.delete_action, self.bulk_edit_action, self.review_action):
            action.setEnabled(writable)
        for action in (self.open_original_action, self.show_in_folder_action,
                       self.preview_large_action, self.export_list_action,
                       self.print_list_action):
            action.setEnabled(has)
        for action in (self.find_action, self.inspection_action, self.coverage_action):
            action.setEnabled(has)
        name = self.archive.name if has else self.tr("no archive open")
        if has and self.archive.read_only:
            name = self.tr("%1 (read-only)").replace("%1", name)
        self.read_only_badge.setVisible(has and self.archive.read_only)
        self.setWindowTitle(f"{name} — " + self.tr("Evidence Archive Compiler"))

    # ================================================================== messages
    def notify(self, text: str) -> None:
        self.last_message = text
        self.statusBar().showMessage(text, 8000)

    def notify_error(self, text: str, details: str = "") -> None:
        """Show a message to the user in a window-modal, non-blocking box; ``details`` (the
        core's English text behind a translated sentence) behind the box's details button."""
        self.last_message = text
        if self.quiet:
            self.statusBar().showMessage(text)
            return
        box = QMessageBox(QMessageBox.Warning, self.tr("Evidence Archive Compiler"), text,
                          QMessageBox.Ok, self)
        if details:
            box.setDetailedText(details)
        box.setAttribute(Qt.WA_DeleteOnClose)
        box.open()

    def refuse_if_read_only(self, what: str) -> bool:
        """True (and the user told why, in the status bar) when the archive is open
        read-only; ``what`` names the refused change ("import files", "change tags")."""
        if self.archive is None:
            return False
        if self.server_watch.disconnected:
            self.notify(self.tr("The connection to the server is lost: cannot %1 until it is "
                                "back (it reconnects by itself).").replace("%1", what))
            return True
        if not self.archive.read_only:
            return False
        self.notify(self.tr("The archive is open read-only: cannot %1. Close it and open it "
                            "again for editing when nobody else is editing it.").replace(
            "%1", what))
        return True

    def job_failed(self, exc: BaseException) -> None:
        """A job or an action failed: said in the window's language (reasons.describe), the
        core's own words behind the details button."""
        if isinstance(exc, ArchiveUnreachableError):
            self.server_watch.lost()
            self.notify_error(self.tr("The connection to the server was lost: this change was "
                                      "not saved. Make it again when the server is back."),
                              exc.message)
            return
        said = describe(exc)
        core = exc.message if isinstance(exc, EvidenceError) else ""
        self.notify_error(said, core if core != said else "")

    def ask(self, title: str, text: str) -> bool:
        """A yes/no question (blocking; tests replace it)."""
        return QMessageBox.question(self, title, text) == QMessageBox.Yes

    # ================================================================== the archive
    @property
    def archive_path(self) -> Path | str | None:
        """Where the open archive is: its folder, or its server's address."""
        if self.archive is None:
            return None
        return self.archive.server or self.archive.root

    def open_archive(self, path, read_only: bool = False,
                     take_over_from: dict | None = None) -> bool:
        return self.session.open_archive(path, read_only, take_over_from)

    def close_archive(self) -> None:
        self.session.close_archive()

    def show_archive(self, archive: Archive | None) -> None:
        """Every part follows the session's archive; the old one's work is stopped first."""
        if self.archive is not None:
            self.runner.shutdown()
            self.conversions.reset()
            self.tagging.forget_archive()
        self.archive = archive
        # the catalogue last: selecting its first entry lists that entry's documents
        for part in (self.documents, self.search, self.coverage_view, self.inspection,
                     self.catalogue):
            part.set_archive(archive)
        self.details.set_document(archive, None)
        self._update_actions()
        self.search.prepare()
        self.ocr_status.start()
        self.conversions.start()
        self.server_watch.start()

    def connection_changed(self) -> None:
        """The server was lost or is back: changes are refused or allowed again."""
        self._update_actions()

    def follow_changes(self) -> None:
        """Someone else changed the server archive: the list, the catalogue's counts and the
        search's index catch up (the page shown, the selection and what is typed in the
        details stay)."""
        page = self.tabs.currentIndex()
        self.documents.keeping_selection(self.show_current_node)
        self.tabs.setCurrentIndex(page)
        self.catalogue.refresh_counts()
        self.search.follow_archive()

    # ================================================================== list and details
    def show_node(self, index) -> None:
        """A catalogue entry was chosen: list its documents."""
        if self.archive is None or not index.isValid():
            return
        label = self.tree_model.node(index.siblingAtColumn(0)).label
        if self.documents.show_node(index.data(NodeKindRole), index.data(NodeCodeRole), label):
            self.tabs.setCurrentIndex(DOCUMENTS_TAB)

    def show_current_node(self) -> None:
        """The archive changed: list the current entry's documents again."""
        self.show_node(self.tree.currentIndex())

    def select_documents(self, ids: list[int]) -> None:
        """Select and show these documents (new ones after an import): in the list as it is
        when it holds them, else in the list of all documents."""
        if not ids or self.archive is None:
            return
        if not any(self.doc_model.row_of(i) is not None for i in ids):
            self.tree.setCurrentIndex(self.tree_model.index(0, 0))      # all documents
        self.tabs.setCurrentIndex(DOCUMENTS_TAB)
        self.documents.select_ids(ids)

    def _selection_changed(self, ids: list[int]) -> None:
        if len(ids) == 1:
            self.show_document(ids[0])
        self.status.setText(self.tr("%1 selected").replace("%1", str(len(ids))) if ids else "")

    def show_document(self, doc_id: int, page: int = 1, highlight: str = "") -> None:
        """Show a document in the details at ``page``, ``highlight`` marked on its pages."""
        shown = self.details.doc
        if shown is not None and shown.id != doc_id and not self.details.leave(self.ask):
            self.documents.select_ids([shown.id])    # back to the edits the user kept
            return
        try:
            doc = self.archive.document(doc_id)
        except ArchiveUnreachableError:
            self.server_watch.lost()
            self.notify(self.tr("The connection to the server is lost: the document's details "
                                "are shown again when it is back"))
            return
        except EvidenceError as exc:
            self.job_failed(exc)
            return
        self.details.set_document(self.archive, doc, page)
        self.details.preview.highlight(highlight)

    def show_no_document(self) -> None:
        """Nothing to show (a search without hits): the details panel empties, its unsaved
        edits saved first."""
        if self.details.doc is not None and self.details.leave(self.ask):
            self.details.set_document(self.archive, None)

    def _link_changed(self, command) -> None:
        """A link added or removed in the details becomes an undo step like any tagging."""
        self.tagging.undo_stack.push(command)
        self.notify(command.text() + self.tr(" (Ctrl+Z to undo)"))

    def _document_saved(self, doc_id: int) -> None:
        self.doc_model.refresh_documents([doc_id])
        self.notify(self.tr("Saved document %1").replace("%1", str(doc_id)))

    def document_menu(self) -> QMenu:
        """The right-click menu of the document list."""
        menu = QMenu(self)
        for action in (self.open_original_action, self.show_in_folder_action,
                       self.preview_large_action, None, self.tag_action, self.untag_action,
                       self.bulk_edit_action, self.undo_action, None,
                       self.export_list_action, self.print_list_action, None,
                       self.delete_action):
            menu.addSeparator() if action is None else menu.addAction(action)
        return menu

    # ================================================================== dropping files
    def dragEnterEvent(self, event) -> None:
        """Files and folders from the file manager may be dropped anywhere on the window (a
        read-only window takes the drop too, to say why it imports nothing)."""
        if self.archive is not None and event.mimeData().hasUrls() and \
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
            self.importing.import_paths(paths)
        else:
            event.ignore()

    def import_paths(self, paths: list[Path]) -> None:
        self.importing.import_paths(paths)

    # ================================================================== other views
    def focus_search(self) -> None:
        if self.inspection_action.isChecked():
            self.inspection.query.setFocus()
        else:
            self.search.focus()

    def show_coverage(self) -> None:
        self.tabs.setCurrentWidget(self.coverage_view)
        self.coverage_view.refresh()

    def toggle_inspection(self, on: bool | None = None) -> None:
        on = not (self.stack.currentWidget() is self.inspection) if on is None else on
        self.inspection_action.setChecked(on)
        self.stack.setCurrentWidget(self.inspection if on else self.splitter)
        self.menuBar().setVisible(not on)
        self.statusBar().setVisible(not on)
        for bar in self.findChildren(QToolBar):
            bar.setVisible(not on)
        if on:
            self._was_maximized = self.isMaximized()
            self.showFullScreen()
            self.inspection.query.setFocus()
        elif self.isFullScreen():
            self.showMaximized() if getattr(self, "_was_maximized", False) else \
                self.showNormal()

    def show_help(self) -> None:
        """The keys and the everyday tasks, in a box (the full guide is the README)."""
        box = QMessageBox(QMessageBox.Information, self.tr("Keys and everyday tasks"), self.tr(
            "<b>Import</b>: drop files or folders on the window, or Ctrl+I.<br>"
            "<b>Tag</b>: drag documents onto a requirement on the left, or Ctrl+T; "
            "Ctrl+Z undoes, Ctrl+Y redoes.<br>"
            "<b>Search</b>: Ctrl+F and type; Enter opens the first hit at its page.<br>"
            "<b>Edit</b>: type in the details on the right; edits are saved when you move "
            "on.<br>"
            "<b>Coverage</b>: Ctrl+3. <b>Compile volumes</b>: Ctrl+B.<br>"
            "<b>Inspection mode</b>: F11; type a requirement or task code or any words, "
            "Enter, then Open; Esc goes back."), QMessageBox.Ok, self)
        box.setAttribute(Qt.WA_DeleteOnClose)
        box.open()

    def show_about(self) -> None:
        from .. import __version__

        box = QMessageBox(QMessageBox.Information, self.tr("About"), self.tr(
            "Evidence Archive Compiler %1<br>Works offline: nothing leaves this computer."
            "<br>Bundled font: WenQuanYi Micro Hei (Apache-2.0).").replace(
            "%1", __version__), QMessageBox.Ok, self)
        box.setAttribute(Qt.WA_DeleteOnClose)
        box.open()

    # ================================================================== volumes
    def compile_dialog_open(self) -> None:
        if self.archive is None:
            return
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
        return hashlib.sha1(str(self.archive.root.resolve()).encode()).hexdigest()[:16]

    def after_compile(self) -> None:
        """Volumes were (re)bound: the list's "bound at" column and the search hits change."""
        self.show_current_node()

    def open_url(self, url: QUrl) -> bool:
        """Hand a file to the desktop (the volume PDF viewer, the file manager)."""
        return QDesktopServices.openUrl(url)

    # ================================================================== language, closing
    def request_language(self, code: str) -> None:
        if code != self.language:
            self.language_requested.emit(code)

    def closeEvent(self, event) -> None:
        """Closing during work asks first, then cancels the work cleanly and waits for it."""
        if self.runner.busy(including_background=False) and not self.closing:
            if not self.ask(self.tr("Work in progress"),
                            self.tr("An import or compilation is still running. Stop it and "
                                    "close?")):
                event.ignore()
                return
        if not self.closing and not self.details.leave(self.ask, wait=True):
            event.ignore()
            return
        self.closing = True
        self.layout_memory.save()
        self.runner.shutdown()
        for dialog in self.importing.dialogs() + [self.tagging.picker, self.tagging.review,
                                                  self.compile_dialog,
                                                  self.doc_actions.large_preview,
                                                  self.bulk_edit.dialog]:
            if dialog is not None:
                dialog.done(0)
        self.importing.progress_dialog = None
        self.close_archive()
        event.accept()

    def sizeHint(self) -> QSize:
        return QSize(1400, 860)
