"""Where each page's text came from, and which pages still wait for OCR (proposed schema v4).

Not wired into :mod:`evidence_app.archive.schema` yet: the lead merges it with the archive
read-API work of the same round. To adopt it, set ``SCHEMA_VERSION = 4`` and register
``MIGRATIONS[3] = migrate_v3_to_v4``; ``create_schema`` then applies it to new archives too.

Design:

- ``page_text`` gains ``source`` — ``layer`` (the file's own text: PDF text layer, docx,
  xlsx, text), ``ocr`` (recognised), or ``none`` (nothing readable yet) — and ``confidence``,
  the OCR's mean per-character probability (NULL for a text layer). Search can show "read by
  OCR, 93%" beside a hit, and a check can list pages OCR was unsure of.
- ``ocr_status`` is the queue, persistent across restarts: ``pending`` when the import found
  the page needs OCR (``Extraction.needs_ocr``), then ``read``, ``empty`` or ``unreadable``
  (``OcrPage.status``); NULL for pages that never needed it. A partial index keeps "the next
  pending pages" a lookup of only the pending rows, however large the archive.
- An upgraded archive's existing rows are text layers (``layer``), except empty pages of
  image documents and image-only PDFs, which cannot be told apart from blank pages without
  reading the files again: :func:`pending_candidates` names the documents whose empty pages a
  one-off pass should re-read for ``needs_ocr``.
"""

from __future__ import annotations

import sqlite3

__all__ = ["PAGE_SOURCES_V4", "migrate_v3_to_v4", "pending_candidates", "SOURCES",
           "OCR_STATUSES"]

SOURCES = ("layer", "ocr", "none")
OCR_STATUSES = ("pending", "read", "empty", "unreadable")

PAGE_SOURCES_V4 = [
    "ALTER TABLE page_text ADD COLUMN source TEXT NOT NULL DEFAULT 'layer'"
    " CHECK (source IN ('layer', 'ocr', 'none'))",
    "ALTER TABLE page_text ADD COLUMN confidence REAL",
    "ALTER TABLE page_text ADD COLUMN ocr_status TEXT"
    " CHECK (ocr_status IS NULL OR ocr_status IN ('pending', 'read', 'empty', 'unreadable'))",
    "CREATE INDEX page_text_ocr_pending ON page_text(document_id, page)"
    " WHERE ocr_status = 'pending'",
]


def migrate_v3_to_v4(conn: sqlite3.Connection) -> None:
    """Add the page source columns and the pending-OCR index, in the caller's transaction."""
    for statement in PAGE_SOURCES_V4:
        conn.execute(statement)
    conn.execute("UPDATE page_text SET source = 'none' WHERE text = ''")


def pending_candidates(conn: sqlite3.Connection) -> list[int]:
    """Documents with pages of no text that may be scans (images, PDFs), to re-read once."""
    rows = conn.execute(
        "SELECT DISTINCT p.document_id FROM page_text p JOIN documents d ON d.id = p.document_id"
        " WHERE p.source = 'none' AND p.ocr_status IS NULL AND d.kind IN ('pdf', 'image')"
        " ORDER BY p.document_id")
    return [row[0] for row in rows]
