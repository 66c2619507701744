"""The compile dialog: choose grouping, scope, the layout choices and output folder; see the
plan; run the batch with overall and per-volume progress and cancel; open the results.

Planning and binding are the export package's (``plan_batch`` and ``compile_batch``); the
dialog only collects the options and shows what comes back. The layout choices (duplex, page
budget, 全宗名称, 立卷单位, cover date) start from the archive's stored values; compiling
stores what the user changed, on the writer thread before the batch.
"""

from __future__ import annotations

import re
from pathlib import Path

from PySide6.QtCore import Qt, QUrl
from PySide6.QtWidgets import (QAbstractItemView, QCheckBox, QComboBox, QDialog, QFileDialog,
                               QFormLayout, QHBoxLayout, QHeaderView, QLabel, QLineEdit,
                               QProgressBar, QPushButton, QSpinBox, QTreeWidget, QTreeWidgetItem,
                               QVBoxLayout)

from ..archive import MIN_PAGE_BUDGET, check_layout_settings
from ..errors import EvidenceError, Notice
from ..export import DEFAULT_LAYOUT, BatchOptions, compile_batch, plan_batch
from .reasons import describe, explain


class CompileDialog(QDialog):
    def __init__(self, window, archive, runner):
        super().__init__(window)
        self.window_ = window
        self.archive = archive
        self.runner = runner
        self.jobs: int | None = None       # worker processes; None: every core
        self.plan = None
        self.result = None
        self.job = None
        self.outcome = ""                  # "done", "cancelled", "failed"
        self.order_dialog = None
        self.stored = archive.layout_settings()
        self.setWindowTitle(self.tr("Compile volumes"))
        self.resize(900, 640)
        layout = QVBoxLayout(self)
        layout.addLayout(self._build_options(window.output_folder() or ""))
        layout.addWidget(self._build_volumes(), 1)
        self.totals = QLabel("")
        self.totals.setWordWrap(True)
        layout.addWidget(self.totals)
        layout.addLayout(self._build_progress())
        layout.addLayout(self._build_buttons())

    def _build_options(self, output_folder: str) -> QFormLayout:
        form = QFormLayout()
        self.by = QComboBox()
        for key, label in (("requirement", self.tr("Requirement")), ("task", self.tr("Task")),
                           ("unit", self.tr("Unit")), ("mechanism", self.tr("Mechanism"))):
            self.by.addItem(label, key)
        self.by.currentIndexChanged.connect(self._options_changed)
        form.addRow(self.tr("Group by"), self.by)
        self.only = QLineEdit()
        self.only.setPlaceholderText(self.tr("e.g. 3.2.1 3.2.2"))
        self.only.editingFinished.connect(self._options_changed)
        form.addRow(self.tr("Only these codes (blank: all)"), self.only)
        self.budget = QSpinBox()
        self.budget.setRange(MIN_PAGE_BUDGET, 5000)
        self.budget.setValue(self.stored["page_budget"] or DEFAULT_LAYOUT.page_budget)
        self.budget.setSingleStep(50)
        self.budget.valueChanged.connect(self._options_changed)
        form.addRow(self.tr("Page budget per volume"), self.budget)
        self.duplex = QCheckBox(self.tr("Double-sided: every document starts on a right-hand "
                                        "page"))
        self.duplex.setChecked(self.stored["duplex"])
        self.duplex.toggled.connect(self._options_changed)
        form.addRow(self.tr("Printing"), self.duplex)
        self.fonds = QLineEdit(self.stored["fonds_name"])
        form.addRow(self.tr("Fonds name"), self.fonds)
        self.unit = QLineEdit(self.stored["compiling_office"])
        form.addRow(self.tr("Compiling unit"), self.unit)
        self.cover_date = QLineEdit(self.stored["cover_date"] or "")
        self.cover_date.setPlaceholderText(self.tr("YYYYMMDD; blank: the archive's latest "
                                                   "change"))
        self.cover_date.editingFinished.connect(self._options_changed)
        form.addRow(self.tr("Date on the covers"), self.cover_date)
        if self.archive.read_only:
            for widget in self._layout_fields():
                widget.setEnabled(False)
        out_row = QHBoxLayout()
        self.output = QLineEdit(output_folder)
        choose = QPushButton(self.tr("Choose…"))
        choose.clicked.connect(self._choose_output)
        out_row.addWidget(self.output, 1)
        out_row.addWidget(choose)
        form.addRow(self.tr("Output folder"), out_row)
        return form

    def _build_volumes(self) -> QTreeWidget:
        self.volumes = QTreeWidget()
        self.volumes.setObjectName("plan")
        self.volumes.setRootIsDecorated(False)
        self.volumes.setSelectionMode(QAbstractItemView.SingleSelection)
        self.volumes.setHeaderLabels([self.tr("Volume"), self.tr("Title"),
                                      self.tr("Documents "), self.tr("Pages"),
                                      self.tr("Status")])
        header = self.volumes.header()
        header.setSectionResizeMode(1, QHeaderView.Stretch)
        for column in (0, 2, 3, 4):
            header.setSectionResizeMode(column, QHeaderView.ResizeToContents)
        header.setStretchLastSection(False)
        self.volumes.itemActivated.connect(lambda item, _c: self.open_volume(item))
        self.volumes.currentItemChanged.connect(self._volume_chosen)
        return self.volumes

    def _build_progress(self) -> QFormLayout:
        bars = QFormLayout()
        self.overall = QProgressBar()
        self.overall.setValue(0)
        self.current = QProgressBar()
        self.current.setValue(0)
        self.current_label = QLabel(self.tr("Current volume"))
        bars.addRow(self.tr("Overall"), self.overall)
        bars.addRow(self.current_label, self.current)
        return bars

    def _build_buttons(self) -> QHBoxLayout:
        buttons = QHBoxLayout()
        self.plan_button = QPushButton(self.tr("Show plan"))
        self.order_button = QPushButton(self.tr("Order of documents…"))
        self.order_button.setToolTip(self.tr("Set by hand the order in which the chosen "
                                             "volume binds its documents"))
        self.order_button.setEnabled(False)
        self.order_button.clicked.connect(self.edit_order)
        self.compile_button = QPushButton(self.tr("Compile"))
        self.compile_button.setDefault(True)
        self.cancel_button = QPushButton(self.tr("Cancel"))
        self.cancel_button.setEnabled(False)
        self.open_button = QPushButton(self.tr("Open output folder"))
        self.open_button.setEnabled(False)
        self.close_button = QPushButton(self.tr("Close"))
        self.plan_button.clicked.connect(self.show_plan)
        self.compile_button.clicked.connect(self.start)
        self.cancel_button.clicked.connect(self.cancel)
        self.open_button.clicked.connect(self.open_output)
        self.close_button.clicked.connect(self.reject)
        for button in (self.plan_button, self.order_button, self.compile_button,
                       self.cancel_button):
            buttons.addWidget(button)
        buttons.addStretch(1)
        buttons.addWidget(self.open_button)
        buttons.addWidget(self.close_button)
        return buttons

    # ------------------------------------------------------------------ options and plan
    def _layout_fields(self) -> tuple:
        return self.budget, self.duplex, self.fonds, self.unit, self.cover_date

    def options(self):
        codes = [c for c in re.split(r"[\s,，、;；]+", self.only.text()) if c]
        return BatchOptions(by=self.by.currentData(), only=codes,
                            max_pages=self.budget.value(), jobs=self.jobs,
                            duplex=self.duplex.isChecked(),
                            compile_date=self._cover_date() or None)

    def _cover_date(self) -> str:
        return self.cover_date.text().strip()

    def _shown_layout(self) -> dict:
        budget = self.budget.value()
        return {"duplex": self.duplex.isChecked(),
                "page_budget": None if budget == DEFAULT_LAYOUT.page_budget
                and self.stored["page_budget"] is None else budget,
                "fonds_name": self.fonds.text().strip(),
                "compiling_office": self.unit.text().strip(),
                "cover_date": self._cover_date() or None}

    def layout_changes(self) -> dict:
        """The layout choices the user changed from the stored ones."""
        return {key: value for key, value in self._shown_layout().items()
                if value != self.stored[key]}

    def _layout_problem(self) -> str:
        """What stops the layout choices from being used, in the user's words ("" if none):
        the archive's own check of what it would store (check_layout_settings)."""
        try:
            check_layout_settings(self._shown_layout())
        except EvidenceError as exc:
            return describe(exc)
        return ""

    def _options_changed(self) -> None:
        if self.plan is not None and self.job is None:
            self.show_plan()

    def _choose_output(self) -> None:
        folder = QFileDialog.getExistingDirectory(self, self.tr("Choose the output folder"),
                                                  self.output.text())
        if folder:
            self.output.setText(folder)

    def show_plan(self) -> None:
        """Plan in the background and list the volumes before anything is written."""
        if problem := self._layout_problem():
            self.totals.setText(problem)
            return
        archive, options = self.archive, self.options()
        self.plan_button.setEnabled(False)
        self.runner.run(lambda progress, cancel: plan_batch(archive, options),
                        on_done=self._plan_ready, on_error=self._failed)

    def _plan_ready(self, plan) -> None:
        self.plan_button.setEnabled(True)
        self.plan = plan
        self.volumes.clear()
        for volume in plan.volumes:
            item = QTreeWidgetItem([volume.archive_code, volume.title, str(len(volume.entries)),
                                    str(volume.body_pages), self.tr("planned")])
            item.setData(0, Qt.UserRole, volume.filename)
            item.setData(1, Qt.UserRole, volume.key)
            item.setToolTip(1, volume.title)
            self.volumes.addTopLevelItem(item)
        pages = sum(v.body_pages for v in plan.volumes)
        text = self.tr("%1 volume(s), %2 page(s)").replace("%1", str(len(plan.volumes))).replace(
            "%2", str(pages))
        if plan.warnings:
            text += "\n" + "\n".join(explain(w.reason.value, w, w.params)
                                      if isinstance(w, Notice) else w
                                      for w in plan.warnings[:5])
        self.totals.setText(text)

    def _volume_chosen(self, item, _previous=None) -> None:
        self.order_button.setEnabled(item is not None and self.job is None)

    def edit_order(self) -> None:
        """The chosen volume's order of documents, set by hand; the plan follows it."""
        from .volume_order import volume_order

        item = self.volumes.currentItem()
        if item is None:
            return
        archive, key, title = self.archive, item.data(1, Qt.UserRole), item.text(1)
        self.order_button.setEnabled(False)
        self.runner.run(lambda progress, cancel: volume_order(archive, key),
                        on_done=lambda order: self._show_order(key, title, order),
                        on_error=self._failed)

    def _show_order(self, key: str, title: str, order) -> None:
        from .volume_order import VolumeOrderDialog

        self.order_button.setEnabled(self.job is None)
        self.order_dialog = VolumeOrderDialog(self, self.archive, key, title, order)
        self.order_dialog.accepted.connect(self.show_plan)
        self.order_dialog.open()

    # ------------------------------------------------------------------ running
    def start(self) -> None:
        out = self.output.text().strip()
        if not out:
            self.totals.setText(self.tr("Choose an output folder first"))
            return
        if problem := self._layout_problem():
            self.totals.setText(problem)
            return
        out_dir = Path(out)
        self.window_.remember_output_folder(str(out_dir))
        archive, options, changes = self.archive, self.options(), self.layout_changes()
        self._set_running(True)
        self.overall.setRange(0, 0)
        self.outcome = ""

        def work(progress, cancel, post):
            archive.set_layout_settings(changes)
            return compile_batch(archive, out_dir, options, progress=progress,
                                 volume_progress=lambda code, done, total: post(
                                     (code, done, total)),
                                 cancel=cancel)

        self.job = self.runner.run(work, write=True, on_done=self._done,
                                   on_error=self._failed, on_cancelled=self._cancelled,
                                   on_progress=self._overall_progress,
                                   on_event=self._volume_progress)

    def _set_running(self, running: bool) -> None:
        for widget in (self.plan_button, self.compile_button, self.by, self.only, self.output,
                       self.close_button):
            widget.setEnabled(not running)
        self.order_button.setEnabled(not running and self.volumes.currentItem() is not None)
        for widget in self._layout_fields():
            widget.setEnabled(not running and not self.archive.read_only)
        if not running:
            self.stored = self.archive.layout_settings()  # with what the batch stored
        self.cancel_button.setEnabled(running)

    def _overall_progress(self, done: int, total: int, message: str) -> None:
        self.overall.setRange(0, max(total, 1))
        self.overall.setValue(done)
        self._mark(message, self.tr("done"))

    def _volume_progress(self, payload) -> None:
        code, done, total = payload
        self.current_label.setText(code)
        self.current.setRange(0, max(total, 1))
        self.current.setValue(done)

    def _mark(self, code: str, status: str) -> None:
        for row in range(self.volumes.topLevelItemCount()):
            item = self.volumes.topLevelItem(row)
            if item.text(0) == code:
                item.setText(4, status)

    def cancel(self) -> None:
        if self.job is not None:
            self.cancel_button.setEnabled(False)
            self.totals.setText(self.tr("Cancelling…"))
            self.job.cancel()

    def _done(self, result) -> None:
        self.job = None
        self.result = result
        self.outcome = "done"
        self._set_running(False)
        self._plan_ready(result.plan)
        by_file = {v.get("file") or v.get("path"): v for v in result.volumes}
        for row in range(self.volumes.topLevelItemCount()):
            item = self.volumes.topLevelItem(row)
            if item.data(0, Qt.UserRole) in by_file:
                item.setText(4, self.tr("done"))
                item.setText(3, str(by_file[item.data(0, Qt.UserRole)].get("pages", "")))
        self.overall.setRange(0, 1)
        self.overall.setValue(1)
        text = self.tr("Compiled %1 volume(s); %2 already up to date").replace(
            "%1", str(result.built)).replace("%2", str(result.skipped_up_to_date))
        if result.errors:
            text += "\n" + self.tr("%1 error(s): %2").replace("%1", str(len(result.errors))) \
                .replace("%2", "；".join(self._error_text(e) for e in result.errors[:3]))
        self.totals.setText(text)
        self.open_button.setEnabled(True)
        self.window_.after_compile()

    def _error_text(self, error: dict) -> str:
        """One error of the batch in the window's language: what it concerns (the document's
        title, else the volume) and why, by its reason key."""
        why = explain(error.get("reason_key"), str(error.get("reason", "")),
                      error.get("params", ()))
        what = error.get("title") or error.get("volume")
        return self.tr("%1: %2").replace("%1", what).replace("%2", why) if what else why

    def _cancelled(self) -> None:
        self.job = None
        self.outcome = "cancelled"
        self._set_running(False)
        self.overall.setRange(0, 1)
        self.overall.setValue(0)
        self.totals.setText(self.tr("Compilation cancelled; finished volumes were kept"))
        self.open_button.setEnabled(Path(self.output.text()).is_dir())
        self.window_.after_compile()

    def _failed(self, exc) -> None:
        self.job = None
        self.outcome = "failed"
        self._set_running(False)
        self.plan_button.setEnabled(True)
        self.overall.setRange(0, 1)
        self.totals.setText(describe(exc))

    # ------------------------------------------------------------------ results
    def open_output(self) -> None:
        self.window_.open_url(QUrl.fromLocalFile(self.output.text()))

    def open_volume(self, item) -> None:
        path = Path(self.output.text()) / item.data(0, Qt.UserRole)
        if path.is_file():
            self.window_.open_url(QUrl.fromLocalFile(str(path)))

    def reject(self) -> None:
        """Closing while the batch runs cancels it first."""
        if self.job is not None:
            self.cancel()
            return
        super().reject()
