"""The coverage workbook a secretariat circulates (`coverage --xlsx FILE`).

Sheet 汇总: totals, then one table by key task and one by lead unit. Then one sheet per lead
unit listing its requirements, status, evidence count, missing mechanisms and what to supply.
Header rows are frozen, columns sized for Chinese text, and the status cells coloured (none
red, partial amber, complete green). The workbook holds no timestamps of its own beyond the
coverage date, so the same archive gives the same content.
"""

from __future__ import annotations

import math
import re
from datetime import datetime
from pathlib import Path

from openpyxl import Workbook
from openpyxl.styles import Alignment, Border, Font, PatternFill, Side
from openpyxl.utils import get_column_letter

from ._files import write_reproducibly
from .model import COMPLETE, NONE, PARTIAL, STATUS_LABELS, Coverage, Rollup

STATUS_FILLS = {NONE: "F4B6B6", PARTIAL: "FFE08A", COMPLETE: "B7E1C1"}
SUMMARY_SHEET = "汇总"
RETIRED_SHEET = "已退出目录的要求"
_FONT = "宋体"
_THIN = Side(style="thin", color="999999")
_BORDER = Border(left=_THIN, right=_THIN, top=_THIN, bottom=_THIN)
_HEADER_FILL = PatternFill("solid", fgColor="D9E1F2")
_BAD_SHEET_CHARS = re.compile(r"[\[\]:*?/\\]")

UNIT_HEADERS = ["序号", "要求编号", "具体要求", "重点任务", "责任单位", "分管市领导", "状态",
                "佐证材料数", "缺少的制度机制", "需补充材料"]
UNIT_WIDTHS = [6, 10, 46, 24, 24, 11, 10, 10, 44, 30]
SUMMARY_WIDTHS = [10, 40, 10, 10, 10, 10, 10]
ROLLUP_HEADERS = ["要求数", "已完成", "部分提供", "未提供", "完成率"]


def chinese_date(day: str) -> str:
    """'20210301' -> '2021年3月1日'."""
    return f"{int(day[:4])}年{int(day[4:6])}月{int(day[6:8])}日"


def sheet_name(name: str, taken: set[str]) -> str:
    """A legal, unique Excel sheet name: ≤ 31 characters, none of []:*?/\\ ."""
    base = _BAD_SHEET_CHARS.sub("_", name).strip("'") or "单位"
    candidate, n = base[:31], 1
    while candidate.lower() in taken:
        n += 1
        suffix = f"({n})"
        candidate = base[:31 - len(suffix)] + suffix
    taken.add(candidate.lower())
    return candidate


def _cell(sheet, row, col, value, bold=False, fill=None, wrap=False, center=False,
          border=True, size=11):
    cell = sheet.cell(row=row, column=col, value=value)
    cell.font = Font(name=_FONT, bold=bold, size=size)
    cell.alignment = Alignment(wrap_text=wrap, vertical="center",
                               horizontal="center" if center else None)
    if fill:
        cell.fill = PatternFill("solid", fgColor=fill) if isinstance(fill, str) else fill
    if border:
        cell.border = _BORDER
    return cell


def _lines(text, width: float) -> int:
    """Lines a wrapped cell needs: Excel widths count a CJK character as about 2 units."""
    if not isinstance(text, str):
        return 1
    usable = max(width - 1.5, 1.0)
    return sum(max(1, math.ceil(sum(2 if ord(ch) >= 0x2E80 else 1.1 for ch in line) / usable))
               for line in text.split("\n"))


def _fit_row(sheet, row: int, widths: list[float], line_height: float = 14.5) -> None:
    """Set the row's height for its wrapped text; LibreOffice does not grow rows of an xlsx
    it opens, and Excel only does when nobody has set a height."""
    lines = max(_lines(sheet.cell(row=row, column=col).value, width)
                for col, width in enumerate(widths, 1))
    if lines > 1:
        sheet.row_dimensions[row].height = lines * line_height + 3


def _title(sheet, text: str, columns: int) -> None:
    sheet.merge_cells(start_row=1, start_column=1, end_row=1, end_column=columns)
    _cell(sheet, 1, 1, text, bold=True, center=True, border=False, size=14)
    sheet.row_dimensions[1].height = 28


def _percent_fill(group: Rollup) -> str:
    if group.total and group.counts[COMPLETE] == group.total:
        return STATUS_FILLS[COMPLETE]
    return STATUS_FILLS[NONE] if group.counts[COMPLETE] == 0 and group.counts[PARTIAL] == 0 \
        else STATUS_FILLS[PARTIAL]


def _rollup_table(sheet, row: int, heading: str, first_headers: list[str],
                  groups: list[Rollup], first_values) -> int:
    _cell(sheet, row, 1, heading, bold=True, border=False, size=12)
    row += 1
    for col, text in enumerate(first_headers + ROLLUP_HEADERS, 1):
        _cell(sheet, row, col, text, bold=True, fill=_HEADER_FILL, center=True, wrap=True)
    for n, group in enumerate(groups, 1):
        row += 1
        values = first_values(n, group) + [group.total, group.counts[COMPLETE],
                                        group.counts[PARTIAL], group.counts[NONE],
                                        group.percent_complete / 100]
        for col, value in enumerate(values, 1):
            numeric = col > len(first_headers) or first_headers[col - 1] == "序号"
            cell = _cell(sheet, row, col, value, wrap=not numeric, center=numeric)
            if col == len(values):
                cell.number_format = "0.0%"
                cell.fill = PatternFill("solid", fgColor=_percent_fill(group))
        _fit_row(sheet, row, SUMMARY_WIDTHS)
    return row + 2


def _summary_sheet(sheet, cov: Coverage, title: str) -> None:
    sheet.title = SUMMARY_SHEET
    _title(sheet, title, 7)
    total = cov.summary()
    _cell(sheet, 2, 1, f"统计截至{chinese_date(cov.as_of)}。完成：有佐证材料且所属制度机制均已"
          "有材料；部分提供：已有部分材料；未提供：尚无任何材料。", border=False, size=10)
    sheet.merge_cells(start_row=2, start_column=1, end_row=2, end_column=7)
    row = 4
    for col, text in enumerate(["项目", "具体要求", "已完成", "部分提供", "未提供", "完成率"], 1):
        _cell(sheet, row, col, text, bold=True, fill=_HEADER_FILL, center=True)
    values = ["合计", total.total, total.counts[COMPLETE], total.counts[PARTIAL],
              total.counts[NONE], total.percent_complete / 100]
    for col, value in enumerate(values, 1):
        cell = _cell(sheet, row + 1, col, value, bold=True, center=col > 1)
        if col == 6:
            cell.number_format = "0.0%"
    for col, status in ((3, COMPLETE), (4, PARTIAL), (5, NONE)):
        sheet.cell(row=row + 1, column=col).fill = PatternFill("solid",
                                                               fgColor=STATUS_FILLS[status])
    row += 3
    row = _rollup_table(sheet, row, "一、按重点任务", ["任务编号", "重点任务"], cov.by_task(),
                        lambda n, g: [g.key, g.name])
    row = _rollup_table(sheet, row, "二、按牵头单位", ["序号", "牵头单位"], cov.by_lead_unit(),
                        lambda n, g: [n, g.name])
    if cov.retired:
        _cell(sheet, row, 1, "已退出目录、仍有材料标注的要求（不计入统计）：" + "、".join(
            r.code for r in cov.retired), border=False, size=10)
    for col, width in enumerate(SUMMARY_WIDTHS, 1):
        sheet.column_dimensions[get_column_letter(col)].width = width
    sheet.freeze_panes = "A4"
    sheet.sheet_view.zoomScale = 100
    _print_setup(sheet, landscape=False)


def _requirement_rows(sheet, requirements, start_row: int) -> None:
    for n, req in enumerate(requirements, 1):
        row = start_row + n - 1
        missing = "\n".join(f"{m.code}《{m.title}》" for m in req.missing_mechanisms)
        # the mechanisms are named in the column before; here only what to hand in
        needs = req.to_supply()[:0 if req.documents else 1]
        if req.missing_mechanisms:
            needs.append(f"左列{len(req.missing_mechanisms)}项制度机制的正式印发文本")
        supply = ("\n".join(f"{i}. {s}" for i, s in enumerate(needs, 1)) if len(needs) > 1
                  else "".join(needs))
        values = [n, req.code, req.text, f"{req.task_code or ''} {req.task_name or ''}".strip(),
                  "、".join(req.responsible_units), req.leader or "",
                  STATUS_LABELS[req.status], len(req.documents), missing or "—", supply or "—"]
        for col, value in enumerate(values, 1):
            cell = _cell(sheet, row, col, value, wrap=col in (3, 4, 5, 9, 10),
                         center=col in (1, 2, 6, 7, 8))
            if col == 7:
                cell.fill = PatternFill("solid", fgColor=STATUS_FILLS[req.status])
        _fit_row(sheet, row, UNIT_WIDTHS)


def _unit_sheet(sheet, unit: str, requirements, cov: Coverage) -> None:
    done = sum(r.status == COMPLETE for r in requirements)
    _title(sheet, f"{unit}牵头事项佐证资料情况（{done}/{len(requirements)}项已完成，截至"
           f"{chinese_date(cov.as_of)}）", len(UNIT_HEADERS))
    for col, text in enumerate(UNIT_HEADERS, 1):
        _cell(sheet, 2, col, text, bold=True, fill=_HEADER_FILL, center=True, wrap=True)
    sheet.row_dimensions[2].height = 30
    _requirement_rows(sheet, requirements, 3)
    for col, width in enumerate(UNIT_WIDTHS, 1):
        sheet.column_dimensions[get_column_letter(col)].width = width
    sheet.freeze_panes = "C3"
    sheet.auto_filter.ref = f"A2:{get_column_letter(len(UNIT_HEADERS))}{2 + len(requirements)}"
    _print_setup(sheet, landscape=True)
    sheet.print_title_rows = "1:2"


def _print_setup(sheet, landscape: bool) -> None:
    sheet.page_setup.paperSize = sheet.PAPERSIZE_A4
    sheet.page_setup.orientation = "landscape" if landscape else "portrait"
    sheet.page_setup.fitToWidth = 1
    sheet.page_setup.fitToHeight = 0
    sheet.sheet_properties.pageSetUpPr.fitToPage = True
    sheet.print_options.horizontalCentered = True


def write_coverage_xlsx(cov: Coverage, path: Path, title: str | None = None) -> Path:
    """Write the workbook; returns its path.

    Args:
        cov: the picture to report (possibly filtered to one unit, possibly dated).
        path: the .xlsx to write (replaced atomically; the same coverage gives the same
            bytes).
        title: the summary sheet's title; a sensible Chinese one by default.
    """
    book = Workbook()
    book.properties.creator = "evidence-app"
    title = title or ("佐证资料覆盖情况汇总" + (f"（{cov.unit}）" if cov.unit else ""))
    _summary_sheet(book.active, cov, title)
    taken = {SUMMARY_SHEET.lower(), RETIRED_SHEET.lower()}
    lead: dict[str, list] = {}
    for req in cov.requirements:
        lead.setdefault(req.lead_unit or "（未指定牵头单位）", []).append(req)
    for unit, reqs in lead.items():
        _unit_sheet(book.create_sheet(sheet_name(unit, taken)), unit, reqs, cov)
    if cov.retired:
        sheet = book.create_sheet(RETIRED_SHEET)
        _title(sheet, "已退出目录、仍有材料标注的要求（不计入统计）", len(UNIT_HEADERS))
        for col, text in enumerate(UNIT_HEADERS, 1):
            _cell(sheet, 2, col, text, bold=True, fill=_HEADER_FILL, center=True)
        _requirement_rows(sheet, cov.retired, 3)
        for col, width in enumerate(UNIT_WIDTHS, 1):
            sheet.column_dimensions[get_column_letter(col)].width = width
        sheet.freeze_panes = "A3"
    stamp = datetime.strptime(cov.as_of, "%Y%m%d")
    book.properties.created = book.properties.modified = stamp
    return write_reproducibly(path, cov.as_of, book.save)
