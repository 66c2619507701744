"""A list of documents as a workbook (the window's "export this list") or as a PDF to print
(its "print the list"): what staff hand to a colleague or to the inspectors. One row per
document in the order given, from one source for both."""

from __future__ import annotations

import io
from dataclasses import dataclass
from pathlib import Path

from ..archive import Archive
from ..archive import bound_locations
from .bind import CREATOR, atomic_write
from .fonts import default_fonts
from .render import _date_cn, render_table_pdf
from .settings import DEFAULT_LAYOUT, LayoutSettings

HEADERS = ("序号", "题名", "文号", "责任者", "日期", "页数", "具体要求", "制度机制", "装订位置",
           "备注", "原文件名")
WIDTHS = (6, 48, 24, 20, 11, 6, 16, 14, 24, 20, 30)
PRINTED_COLUMNS = 10                                        # all but 原文件名
PRINTED_WIDTHS_MM = [10, 0, 30, 26, 19, 10, 22, 20, 32, 24]  # 0: 题名 takes what is left


def document_rows(archive: Archive, doc_ids) -> list[list]:
    """The rows of the list, one per document in the order given, under ``HEADERS``: the one
    source of both the workbook and the printed list.

    Raises:
        NotFoundError: an id is not a document of the archive.
    """
    ids = [int(i) for i in doc_ids]
    with archive.snapshot():
        by_id = {d.id: d for d in archive.documents(ids=ids)}
        bound = bound_locations(archive, ids)
    missing = [i for i in ids if i not in by_id]
    if missing:
        archive.document(missing[0])            # raises NotFoundError naming it
    rows = []
    for n, doc_id in enumerate(ids, 1):
        doc = by_id[doc_id]
        where = "；".join(f"{loc.archive_code} 第{loc.first_page}页" for loc in bound[doc_id])
        rows.append([n, doc.title, doc.doc_number or "", doc.issuer or "", doc.date or "",
                     doc.pages, "、".join(doc.requirements), "、".join(doc.mechanisms),
                     where, doc.note or "", doc.original_name])
    return rows


def write_document_list(archive: Archive, doc_ids, path: str | Path) -> Path:
    """Write the documents ``doc_ids`` (in that order) to an .xlsx file at ``path``.

    Raises:
        NotFoundError: an id is not a document of the archive.
        OSError: the file cannot be written (e.g. it is open in Excel).
    """
    from openpyxl import Workbook
    from openpyxl.styles import Alignment, Font

    rows = document_rows(archive, doc_ids)
    book = Workbook()
    sheet = book.active
    sheet.title = "文档列表"
    sheet.append(HEADERS)
    for row in rows:
        sheet.append(row)
    for cell in sheet[1]:
        cell.font = Font(bold=True)
    for column, width in zip("ABCDEFGHIJK", WIDTHS):
        sheet.column_dimensions[column].width = width
    for row in sheet.iter_rows(min_row=2):
        for cell in row:
            cell.alignment = Alignment(wrap_text=True, vertical="top")
    sheet.freeze_panes = "A2"
    sheet.print_title_rows = "1:1"
    sheet.page_setup.orientation = "landscape"
    sheet.page_setup.fitToWidth = 1
    buffer = io.BytesIO()
    book.save(buffer)
    path = Path(path)
    atomic_write(path, buffer.getvalue())
    return path


# what a catalogue entry's list is, for the printed title: the kind of entry in Chinese
_KIND_NAMES = {"section": "板块", "task": "重点任务", "requirement": "具体要求",
               "mechanism": "制度机制", "unit": "责任单位"}
_WHOLE_LISTS = {"all": "全部文档", "untagged": "未标注的文档"}


def list_heading(kind: str, label: str) -> str:
    """The printed list's title: what the list is, e.g. "具体要求 3.2.1 …的佐证材料"."""
    if kind in _WHOLE_LISTS:
        return _WHOLE_LISTS[kind]
    return f"{_KIND_NAMES.get(kind, '')} {label}的佐证材料".strip()


@dataclass
class PrintedList:
    """The PDF written, and what it could not draw (for the window to say so)."""

    path: Path
    missing_glyphs: list[str]   # characters no font has, drawn as □


def print_document_list(archive: Archive, doc_ids, path: str | Path, *, heading: str,
                        date: str, filter_text: str = "",
                        layout: LayoutSettings = DEFAULT_LAYOUT) -> PrintedList:
    """Write the documents ``doc_ids`` (in that order) as an A4 landscape PDF at ``path``,
    for staff to print from their PDF viewer (the bundle has no printing of its own).

    ``heading`` says what the list is (:func:`list_heading`); ``date`` (YYYYMMDD) is printed
    under it and is the PDF's creation date, so the same list on the same day gives the same
    bytes. The original file name (a column of the workbook) is left out: paper is narrow.

    Raises:
        NotFoundError: an id is not a document of the archive.
        OSError: the file cannot be written.
    """
    rows = [row[:PRINTED_COLUMNS] for row in document_rows(archive, doc_ids)]
    parts = [f"共 {len(rows)} 件"]
    if filter_text.strip():
        parts.append(f"筛选：“{filter_text.strip()}”")
    parts.append(_date_cn(date))
    fonts = default_fonts(layout.prefer_system_fonts)
    with fonts.collecting_missing() as missing:
        data = render_table_pdf(heading, "　".join(parts), list(HEADERS[:PRINTED_COLUMNS]),
                                rows, PRINTED_WIDTHS_MM, fonts, layout, CREATOR, date)
    path = Path(path)
    atomic_write(path, data)
    return PrintedList(path, sorted(missing))
