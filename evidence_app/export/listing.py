"""A list of documents as a workbook: what staff hand to a colleague or print as a 目录
(the window's "export this list"). One row per document in the order given."""

from __future__ import annotations

import io
from pathlib import Path

from ..archive.archive import Archive
from ..archive.volumes import bound_locations
from .bind import atomic_write

HEADERS = ("序号", "题名", "文号", "责任者", "日期", "页数", "具体要求", "制度机制", "装订位置",
           "备注", "原文件名")
WIDTHS = (6, 48, 24, 20, 11, 6, 16, 14, 24, 20, 30)


def write_document_list(archive: Archive, doc_ids, path: str | Path) -> Path:
    """Write the documents ``doc_ids`` (in that order) to an .xlsx file at ``path``.

    Raises:
        NotFoundError: an id is not a document of the archive.
        OSError: the file cannot be written (e.g. it is open in Excel).
    """
    from openpyxl import Workbook
    from openpyxl.styles import Alignment, Font

    ids = [int(i) for i in doc_ids]
    with archive.snapshot():
        by_id = {d.id: d for d in archive.documents(ids=ids)}
        bound = bound_locations(archive, ids)
    missing = [i for i in ids if i not in by_id]
    if missing:
        archive.document(missing[0])            # raises NotFoundError naming it
    book = Workbook()
    sheet = book.active
    sheet.title = "文档列表"
    sheet.append(HEADERS)
    for n, doc_id in enumerate(ids, 1):
        doc = by_id[doc_id]
        where = "；".join(f"{loc.archive_code} 第{loc.first_page}页" for loc in bound[doc_id])
        sheet.append([n, doc.title, doc.doc_number or "", doc.issuer or "", doc.date or "",
                      doc.pages, "、".join(doc.requirements), "、".join(doc.mechanisms),
                      where, doc.note or "", doc.original_name])
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
