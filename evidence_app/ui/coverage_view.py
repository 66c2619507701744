"""Coverage at a glance: requirements × status, grouped by task or by unit; click to the gaps.

The statuses and roll-ups are the coverage package's, computed off the GUI thread through
the window's ``Runner``; this view only lays them out. Clicking a count lists those
requirements below; activating one shows its documents in the main list.
"""

from __future__ import annotations

from pathlib import Path

from PySide6.QtCore import Qt, Signal
from PySide6.QtGui import QBrush
from PySide6.QtWidgets import (QAbstractItemView, QComboBox, QFileDialog, QHBoxLayout,
                               QHeaderView, QLabel, QListWidget, QListWidgetItem, QPushButton,
                               QSplitter, QTableView, QVBoxLayout, QWidget)

from ..coverage import coverage
from ..coverage import write_chase_list_docx
from ..coverage import write_coverage_xlsx
from .models import STATUS_COLOURS, CoverageTableModel
from .reasons import describe
from .workers import Runner


class CoverageView(QWidget):
    requirement_chosen = Signal(str)
    refreshed = Signal()          # a fresh picture is laid out (or its failure shown)
    report_written = Signal(str)  # the path of a report written from the picture on screen
    report_failed = Signal(object)

    GROUPINGS = ("task", "section", "lead_unit", "responsible_unit", "leader")

    def __init__(self, runner: Runner, parent=None):
        super().__init__(parent)
        self.runner = runner
        self.archive = None
        self.cov = None
        self._seq = 0             # answers of an earlier refresh or archive are dropped
        layout = QVBoxLayout(self)
        layout.setContentsMargins(0, 0, 0, 0)
        top = QHBoxLayout()
        self.summary = QLabel("")
        self.summary.setWordWrap(True)
        self.grouping = QComboBox()
        for key, label in zip(self.GROUPINGS, (self.tr("By task"), self.tr("By section"),
                                               self.tr("By lead unit"),
                                               self.tr("By responsible unit"),
                                               self.tr("By city leader"))):
            self.grouping.addItem(label, key)
        self.grouping.currentIndexChanged.connect(lambda _: self._fill())
        self.xlsx_button = QPushButton(self.tr("Coverage workbook…"))
        self.xlsx_button.setToolTip(self.tr("Write the coverage picture as an Excel workbook"))
        self.xlsx_button.clicked.connect(lambda: self.write_report("xlsx"))
        self.docx_button = QPushButton(self.tr("Chase list…"))
        self.docx_button.setToolTip(self.tr("Write the 督办清单 (what each unit must still "
                                            "supply) as a Word document"))
        self.docx_button.clicked.connect(lambda: self.write_report("docx"))
        top.addWidget(self.summary, 1)
        top.addWidget(self.grouping)
        top.addWidget(self.xlsx_button)
        top.addWidget(self.docx_button)
        layout.addLayout(top)
        self.model = CoverageTableModel(self)
        self.table = QTableView()
        self.table.setObjectName("coverage-table")
        self.table.setModel(self.model)
        self.table.verticalHeader().hide()
        self.table.setSelectionMode(QAbstractItemView.SingleSelection)
        self.table.setEditTriggers(QAbstractItemView.NoEditTriggers)
        header = self.table.horizontalHeader()
        header.setSectionResizeMode(0, QHeaderView.Stretch)
        for column in (1, 2, 3):
            header.setSectionResizeMode(column, QHeaderView.ResizeToContents)
        self.table.clicked.connect(self.cell_clicked)
        self.gaps_label = QLabel(self.tr("Click a count to list those requirements"))
        self.gaps = QListWidget()
        self.gaps.setObjectName("coverage-gaps")
        self.gaps.itemActivated.connect(self._gap_activated)
        self.gaps.itemClicked.connect(self._gap_activated)
        lower = QWidget()
        lower_layout = QVBoxLayout(lower)
        lower_layout.setContentsMargins(0, 0, 0, 0)
        lower_layout.addWidget(self.gaps_label)
        lower_layout.addWidget(self.gaps)
        split = QSplitter(Qt.Vertical)
        split.addWidget(self.table)
        split.addWidget(lower)
        split.setSizes([420, 220])
        layout.addWidget(split, 1)

    def set_archive(self, archive) -> None:
        self.archive = archive
        self.cov = None
        self._seq += 1
        self.model.set_rows([])
        self.gaps.clear()
        self.summary.setText("")

    def refresh(self) -> None:
        """Compute the coverage picture in the background and lay it out when it arrives."""
        archive = self.archive
        if archive is None:
            return
        self._seq += 1
        seq = self._seq

        def done(cov):
            if seq == self._seq:
                self._show(cov)

        def failed(exc):
            if seq != self._seq:
                return
            self.summary.setText(describe(exc))
            self.refreshed.emit()

        self.runner.run(lambda progress, cancel: coverage(archive), on_done=done,
                        on_error=failed)

    def _show(self, cov) -> None:
        self.cov = cov
        total = cov.summary()
        self.summary.setText(
            self.tr("%1 requirements: %2 complete, %3 partial, %4 without evidence "
                    "(as of %5)").replace("%1", str(total.total)).replace(
                "%2", str(total.counts["complete"])).replace(
                "%3", str(total.counts["partial"])).replace(
                "%4", str(total.counts["none"])).replace("%5", cov.as_of))
        self._fill()
        self.refreshed.emit()

    def _fill(self) -> None:
        if self.cov is None:
            return
        key = self.grouping.currentData()
        groups = {"task": self.cov.by_task, "section": self.cov.by_section,
                  "lead_unit": self.cov.by_lead_unit,
                  "responsible_unit": self.cov.by_responsible_unit,
                  "leader": self.cov.by_leader}[key]()
        rows = []
        for group in groups:
            by_status: dict[str, list[str]] = {}
            for code in group.requirements:
                by_status.setdefault(self.cov.requirement(code).status, []).append(code)
            label = f"{group.key} {group.name}" if key in ("task", "section") else group.name
            rows.append((label, group.key, by_status))
        self.model.set_rows(rows)
        self.gaps.clear()

    def cell_clicked(self, index) -> None:
        """A count was clicked: list those requirements (all of the group for its name)."""
        if not index.isValid() or self.cov is None:
            return
        status = None if index.column() == 0 else self.model.STATUSES[index.column() - 1]
        label, _ = self.model.group(index.row())
        codes = self.model.codes(index.row(), status)
        self.gaps.clear()
        self.gaps_label.setText(self.tr("%1: %2 requirement(s)").replace("%1", label).replace(
            "%2", str(len(codes))))
        for code in codes:
            req = self.cov.requirement(code)
            count = self.tr("%1 document(s)").replace("%1", str(len(req.documents)))
            text = f"{req.code}  {req.text}  ({count})"
            missing = req.to_supply()
            if missing:       # what a 部分提供 or 未提供 requirement lacks, said in the row
                text += "\n    " + self.tr("Still to supply: %1").replace("%1", "；".join(missing))
            item = QListWidgetItem(text)
            item.setData(Qt.UserRole, code)
            colour = STATUS_COLOURS[req.status]
            item.setForeground(QBrush(colour.darker(140)))
            item.setToolTip(text)
            self.gaps.addItem(item)

    def _gap_activated(self, item) -> None:
        self.requirement_chosen.emit(item.data(Qt.UserRole))

    def write_report(self, kind: str) -> None:
        """Write the coverage workbook ("xlsx") or the 督办清单 ("docx") of the picture on
        screen, in the background, where the user says."""
        archive, cov = self.archive, self.cov
        if archive is None or cov is None:
            return
        xlsx = kind == "xlsx"
        name, _ = QFileDialog.getSaveFileName(
            self, self.tr("Coverage workbook") if xlsx else self.tr("Chase list"),
            self.tr("coverage %1.xlsx") .replace("%1", cov.as_of) if xlsx else
            self.tr("chase list %1.docx").replace("%1", cov.as_of),
            self.tr("Excel workbook (*.xlsx)") if xlsx else self.tr("Word document (*.docx)"))
        if not name:
            return
        office = archive.setting("compiling_office")

        def work(progress, cancel):
            return str(write_coverage_xlsx(cov, Path(name)) if xlsx else
                       write_chase_list_docx(cov, Path(name), office=office))

        self.runner.run(work, on_done=self.report_written.emit,
                        on_error=self.report_failed.emit)
