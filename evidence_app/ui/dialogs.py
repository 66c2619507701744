"""Small dialogs: work progress with cancel, the import summary, PDF passwords, the tag picker."""

from __future__ import annotations

from pathlib import Path

from PySide6.QtCore import QSortFilterProxyModel, Qt, Signal
from PySide6.QtWidgets import (QDialog, QDialogButtonBox, QFormLayout, QLabel, QLineEdit,
                               QListView, QProgressBar, QPushButton, QScrollArea, QTreeWidget,
                               QTreeWidgetItem, QVBoxLayout, QWidget)

from .models import Choice, TagChoiceModel
from .reasons import explain


class ProgressDialog(QDialog):
    """Progress of one background job, with a Cancel button that sets the job's token."""

    cancel_requested = Signal()

    def __init__(self, title: str, parent: QWidget | None = None):
        super().__init__(parent)
        self.setWindowTitle(title)
        self.setMinimumWidth(460)
        layout = QVBoxLayout(self)
        self.label = QLabel(self.tr("Starting…"))
        self.label.setWordWrap(True)
        self.bar = QProgressBar()
        self.bar.setRange(0, 0)
        self.cancel_button = QPushButton(self.tr("Cancel"))
        self.cancel_button.clicked.connect(self._cancel)
        layout.addWidget(self.label)
        layout.addWidget(self.bar)
        layout.addWidget(self.cancel_button, 0, Qt.AlignRight)

    def set_progress(self, done: int, total: int, message: str = "") -> None:
        self.bar.setRange(0, max(total, 1))
        self.bar.setValue(min(done, max(total, 1)))
        if message:
            self.label.setText(message)

    def _cancel(self) -> None:
        self.cancel_button.setEnabled(False)
        self.label.setText(self.tr("Cancelling…"))
        self.cancel_requested.emit()

    def reject(self) -> None:
        """Escape or the close button cancel the work instead of hiding the dialog."""
        if self.cancel_button.isEnabled():
            self._cancel()


class ImportSummaryDialog(QDialog):
    """What an import did: added, duplicate and failed files (with reasons).

    When some PDFs were refused for want of a password, an "Enter passwords…" button offers
    to open them there and then (``passwords_requested``).
    """

    passwords_requested = Signal()

    def __init__(self, report, parent: QWidget | None = None):
        super().__init__(parent)
        self.setWindowTitle(self.tr("Import finished"))
        self.resize(720, 420)
        self.report = report
        layout = QVBoxLayout(self)
        text = self.tr("Added %1, duplicates %2, failed %3").replace(
            "%1", str(len(report.added))).replace("%2", str(len(report.duplicates))).replace(
            "%3", str(len(report.errors)))
        if report.cancelled:
            text += self.tr(" (cancelled: files read so far were kept)")
        links = report.mechanism_links
        if links is not None and (links.linked or links.conflicts):
            text += self.tr("; %1 linked to mechanisms by 文号 (%2 conflicts left for you)"
                            ).replace("%1", str(len(links.linked))).replace(
                                "%2", str(len(links.conflicts)))
        self.headline = QLabel(text)
        self.headline.setObjectName("headline")
        layout.addWidget(self.headline)
        self.tree = QTreeWidget()
        self.tree.setHeaderLabels([self.tr("File"), self.tr("Result")])
        self.tree.setColumnWidth(0, 380)
        groups = [
            (self.tr("Added (%1)"), report.added,
             lambda e: self.tr("document %1, %2 page(s)").replace("%1", str(e["id"])).replace(
                 "%2", str(e.get("pages", "")))),
            (self.tr("Duplicates (%1)"), report.duplicates,
             lambda e: self.tr("already in the archive as document %1").replace(
                 "%1", str(e["id"]))),
            (self.tr("Failed (%1)"), report.errors,
             lambda e: explain(e.get("reason_key"), e["reason"])),
        ]
        if report.warnings:
            groups.append((self.tr("Warnings (%1)"), report.warnings,
                           lambda e: explain(e.get("reason_key"), e["message"],
                                             e.get("params", ()))))
        self.groups: dict[str, QTreeWidgetItem] = {}
        for key, (title, entries, describe) in zip(("added", "duplicates", "errors", "warnings"),
                                                   groups):
            top = QTreeWidgetItem([title.replace("%1", str(len(entries))), ""])
            for entry in entries:
                child = QTreeWidgetItem([Path(entry["path"]).name, describe(entry)])
                child.setToolTip(0, entry["path"])
                child.setToolTip(1, entry.get("reason", entry.get("message", describe(entry))))
                top.addChild(child)
            self.tree.addTopLevelItem(top)
            top.setExpanded(key != "added" or len(entries) <= 20)
            self.groups[key] = top
        layout.addWidget(self.tree)
        buttons = QDialogButtonBox(QDialogButtonBox.Close)
        buttons.rejected.connect(self.reject)
        buttons.accepted.connect(self.accept)
        self.password_button = None
        if report.locked:
            self.password_button = buttons.addButton(
                self.tr("Enter passwords (%1)…").replace("%1", str(len(report.locked))),
                QDialogButtonBox.ActionRole)
            self.password_button.setDefault(True)
            self.password_button.clicked.connect(self._ask_passwords)
        layout.addWidget(buttons)

    def _ask_passwords(self) -> None:
        self.accept()
        self.passwords_requested.emit()


class PasswordDialog(QDialog):
    """The open passwords of password-protected PDFs, one field per file.

    Files whose last password was wrong say so. A unit often protects all its files with one
    password, so "Same for all" copies the first password typed into the empty fields.
    ``passwords()`` maps each file's path (as the import reported it) to what was typed.
    """

    def __init__(self, paths: list[str], wrong: set[str], parent: QWidget | None = None):
        super().__init__(parent)
        self.setWindowTitle(self.tr("Password-protected PDFs"))
        self.setMinimumWidth(560)
        layout = QVBoxLayout(self)
        intro = QLabel(self.tr("These PDFs open only with a password. Type each password to "
                               "import the file; the archive keeps a copy without the password."
                               " Leave a field empty to skip that file."))
        intro.setWordWrap(True)
        layout.addWidget(intro)
        form_holder = QWidget()
        form = QFormLayout(form_holder)
        self.fields: dict[str, QLineEdit] = {}
        for path in paths:
            field_ = QLineEdit()
            field_.setEchoMode(QLineEdit.Password)
            field_.setToolTip(path)
            if path in wrong:
                field_.setPlaceholderText(self.tr("Wrong password, try again"))
                field_.setStyleSheet("QLineEdit { border: 1px solid #c0392b; }")
            label = QLabel(Path(path).name)
            label.setToolTip(path)
            form.addRow(label, field_)
            self.fields[path] = field_
        scroll = QScrollArea()
        scroll.setWidgetResizable(True)
        scroll.setWidget(form_holder)
        layout.addWidget(scroll)
        self.show_box = QPushButton(self.tr("Show passwords"))
        self.show_box.setCheckable(True)
        self.show_box.toggled.connect(self._show)
        self.same_button = QPushButton(self.tr("Same for all"))
        self.same_button.clicked.connect(self.fill_empty_fields)
        self.same_button.setEnabled(len(paths) > 1)
        self.buttons = QDialogButtonBox(QDialogButtonBox.Ok | QDialogButtonBox.Cancel)
        self.buttons.button(QDialogButtonBox.Ok).setText(self.tr("Open and import"))
        self.buttons.addButton(self.same_button, QDialogButtonBox.ActionRole)
        self.buttons.addButton(self.show_box, QDialogButtonBox.ActionRole)
        self.buttons.accepted.connect(self.accept)
        self.buttons.rejected.connect(self.reject)
        layout.addWidget(self.buttons)
        if paths:
            self.fields[paths[0]].setFocus()

    def _show(self, visible: bool) -> None:
        for field_ in self.fields.values():
            field_.setEchoMode(QLineEdit.Normal if visible else QLineEdit.Password)

    def fill_empty_fields(self) -> None:
        typed = next((f.text() for f in self.fields.values() if f.text()), "")
        for field_ in self.fields.values():
            if not field_.text():
                field_.setText(typed)

    def passwords(self) -> dict[str, str]:
        return {path: f.text() for path, f in self.fields.items() if f.text()}


class TagPickerDialog(QDialog):
    """Choose requirements and mechanisms to tag with; a filter box narrows the list."""

    def __init__(self, archive, title: str, parent: QWidget | None = None,
                 doc_ids: list[int] = ()):
        """``doc_ids``: the documents being tagged; the tags they already have are shown in
        bold with how many of them have each."""
        super().__init__(parent)
        self.setWindowTitle(title)
        self.resize(560, 520)
        choices = [Choice("requirement", r.code, r.text)
                   for r in archive.requirements(include_retired=False)]
        choices += [Choice("mechanism", m.code, m.title) for m in archive.mechanisms()
                    if not m.retired]
        had: dict[tuple[str, str], int] = {}
        for doc in archive.documents(ids=doc_ids) if doc_ids else []:
            for key in [("requirement", c) for c in doc.requirements] + \
                    [("mechanism", c) for c in doc.mechanisms]:
                had[key] = had.get(key, 0) + 1
        self.model = TagChoiceModel(choices, self, had, len(doc_ids))
        self.proxy = QSortFilterProxyModel(self)
        self.proxy.setSourceModel(self.model)
        self.proxy.setFilterCaseSensitivity(Qt.CaseInsensitive)
        layout = QVBoxLayout(self)
        self.filter = QLineEdit()
        self.filter.setPlaceholderText(self.tr("Filter by code or words…"))
        self.filter.setClearButtonEnabled(True)
        self.filter.textChanged.connect(self.proxy.setFilterFixedString)
        self.view = QListView()
        self.view.setModel(self.proxy)
        self.view.setUniformItemSizes(True)
        self.view.doubleClicked.connect(self._toggle)
        layout.addWidget(self.filter)
        layout.addWidget(self.view)
        self.buttons = QDialogButtonBox(QDialogButtonBox.Ok | QDialogButtonBox.Cancel)
        self.buttons.accepted.connect(self.accept)
        self.buttons.rejected.connect(self.reject)
        layout.addWidget(self.buttons)
        self.filter.setFocus()

    def _toggle(self, index) -> None:
        state = self.proxy.data(index, Qt.CheckStateRole)
        self.proxy.setData(index, Qt.Unchecked if state == Qt.Checked else Qt.Checked,
                           Qt.CheckStateRole)

    def check(self, code: str) -> None:
        """Tick a choice by code (keyboard users and tests)."""
        for row in range(self.model.rowCount()):
            index = self.model.index(row, 0)
            if index.data(Qt.UserRole + 3) == code:
                self.model.setData(index, Qt.Checked, Qt.CheckStateRole)

    def selection(self) -> tuple[list[str], list[str]]:
        chosen = self.model.checked()
        return ([c.code for c in chosen if c.kind == "requirement"],
                [c.code for c in chosen if c.kind == "mechanism"])
