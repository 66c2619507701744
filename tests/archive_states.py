"""Archive states that tests need and the program reaches only slowly or by a long road.

Everything here goes through the archive's public API, except the two functions whose names
say they do not (``read_database``, ``write_rows_directly``): those open their own SQLite
connection on the archive's file, as another program would, and never touch the Archive
object's insides (tests/test_boundaries.py forbids that).
"""

from __future__ import annotations

import sqlite3
from contextlib import contextmanager
from typing import Iterator

from evidence_app.archive.archive import DB_NAME
from evidence_app.archive.catalogue import CatalogueData, MechanismRow, RequirementRow


def _requirement_rows(archive, leaving: str) -> list[RequirementRow]:
    return [RequirementRow(section_code=r.section_code or "", section_name=r.section_name or "",
                           task_code=r.task_code or "", task_name=r.task_name or "",
                           code=r.code, text=r.text, lead_unit=r.lead_unit or "",
                           responsible_units=list(r.responsible_units), leader=r.leader or "")
            for r in archive.requirements(include_retired=False) if r.code != leaving]


def retire_requirement(archive, code: str) -> None:
    """Make a requirement *retired* as a user would: re-import the catalogue without it while
    a document is tagged to it (so it is kept, not deleted), then take that tag off again."""
    doc_id = archive.document_ids()[0]
    change = archive.tag([doc_id], requirements=[code])
    archive.import_catalogue(CatalogueData(requirements=_requirement_rows(archive, code)))
    archive.undo_tags(change)
    assert archive.requirement(code).retired


def retire_mechanism(archive, code: str) -> None:
    """Make a mechanism *retired* the same way (a mechanisms-only catalogue without it)."""
    doc_id = archive.document_ids()[0]
    change = archive.tag([doc_id], mechanisms=[code])
    archive.import_catalogue(CatalogueData(mechanisms=[
        MechanismRow(code=m.code, title=m.title, issuer=m.issuer, doc_number=m.doc_number,
                     date=m.date, requirements=list(m.requirements))
        for m in archive.mechanisms() if not m.retired and m.code != code]))
    archive.undo_tags(change)
    assert [m.retired for m in archive.mechanisms() if m.code == code] == [True]


def read_database(archive, sql: str) -> list[tuple]:
    """Run one read-only statement (a PRAGMA, say) on the archive's database file through a
    connection of its own: what is on disk, whatever the open Archive believes."""
    conn = sqlite3.connect(f"file:{archive.root / DB_NAME}?mode=ro", uri=True)
    try:
        return conn.execute(sql).fetchall()
    finally:
        conn.close()


@contextmanager
def write_rows_directly(archive) -> Iterator[sqlite3.Connection]:
    """A write transaction on the archive's database file through a connection of its own,
    for bulk states no test could wait for through the API (20,000 imports take minutes).
    It bypasses the audit log: write the audit rows the state needs yourself. On a server
    archive the connection is a second client's (SQLite's dialect, translated)."""
    if archive.server:
        from evidence_app.archive.server import ServerConnection

        conn = ServerConnection(archive.server)
    else:
        conn = sqlite3.connect(archive.root / DB_NAME, isolation_level=None, timeout=15)
    try:
        conn.execute("BEGIN" if archive.server else "BEGIN IMMEDIATE")
        try:
            yield conn
        except BaseException:
            conn.execute("ROLLBACK")
            raise
        conn.execute("COMMIT")
    finally:
        conn.close()


def as_version_7(root) -> None:
    """Turn the (closed) archive at ``root`` into what version 7 wrote: no version per
    document record. Tests migrate it forward as a user's old archive would be."""
    conn = sqlite3.connect(root / DB_NAME, isolation_level=None)
    try:
        conn.execute("BEGIN")
        conn.execute("ALTER TABLE documents DROP COLUMN version")
        conn.execute("PRAGMA user_version = 7")
        conn.execute("COMMIT")
    finally:
        conn.close()


def as_version_6(root) -> None:
    """Turn the (closed) archive at ``root`` into what version 6 wrote: no links between
    documents (nor anything later versions added)."""
    as_version_7(root)
    conn = sqlite3.connect(root / DB_NAME, isolation_level=None)
    try:
        conn.execute("BEGIN")
        conn.execute("DROP TABLE document_links")
        conn.execute("PRAGMA user_version = 6")
        conn.execute("COMMIT")
    finally:
        conn.close()


def as_version_5(root) -> None:
    """Turn the (closed) archive at ``root`` into what version 5 wrote: no line positions of
    OCR (nor anything later versions added). Tests migrate it forward as a user's old
    archive would be."""
    as_version_6(root)
    conn = sqlite3.connect(root / DB_NAME, isolation_level=None)
    try:
        conn.execute("BEGIN")
        conn.execute("ALTER TABLE page_text DROP COLUMN layout")
        conn.execute("PRAGMA user_version = 5")
        conn.execute("COMMIT")
    finally:
        conn.close()


def as_version_4(root) -> None:
    """Turn the (closed) archive at ``root`` into what version 4 wrote: no tables of tag
    suggestions (nor anything later versions added)."""
    as_version_5(root)
    conn = sqlite3.connect(root / DB_NAME, isolation_level=None)
    try:
        conn.execute("BEGIN")
        conn.execute("DROP TABLE suggestion_rejections")
        conn.execute("DROP TABLE document_folders")
        conn.execute("PRAGMA user_version = 4")
        conn.execute("COMMIT")
    finally:
        conn.close()


def as_version_3(root) -> None:
    """Turn the (closed) archive at ``root`` into what version 3 wrote: no OCR columns or
    queue (nor anything later versions added)."""
    as_version_4(root)
    conn = sqlite3.connect(root / DB_NAME, isolation_level=None)
    try:
        conn.execute("BEGIN")
        conn.execute("DROP TABLE ocr_queue")
        conn.execute("ALTER TABLE page_text DROP COLUMN source")
        conn.execute("ALTER TABLE page_text DROP COLUMN confidence")
        conn.execute("ALTER TABLE documents DROP COLUMN ocr_pages")
        conn.execute("PRAGMA user_version = 3")
        conn.execute("COMMIT")
    finally:
        conn.close()
