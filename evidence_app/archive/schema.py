"""The SQLite schema of an archive and its migrations.

The schema version lives in ``PRAGMA user_version``. An archive written by a newer program is
refused (opening it could damage data this version does not understand); an older one is
migrated step by step inside one transaction, so a crash mid-migration leaves the old version.
"""

from __future__ import annotations

import sqlite3
from typing import Callable

SCHEMA_VERSION = 8

SCHEMA_V1 = """
CREATE TABLE meta (
    key   TEXT PRIMARY KEY,
    value TEXT NOT NULL
);
CREATE TABLE leaders (
    id   INTEGER PRIMARY KEY,
    name TEXT NOT NULL UNIQUE
);
CREATE TABLE units (
    id        INTEGER PRIMARY KEY,
    name      TEXT NOT NULL UNIQUE,
    kind      TEXT NOT NULL CHECK (kind IN ('lead', 'responsible')),
    leader_id INTEGER REFERENCES leaders(id) ON DELETE SET NULL
);
CREATE TABLE sections (
    id   INTEGER PRIMARY KEY,
    code TEXT NOT NULL UNIQUE,
    name TEXT NOT NULL,
    ord  INTEGER NOT NULL
);
CREATE TABLE tasks (
    id         INTEGER PRIMARY KEY,
    code       TEXT NOT NULL UNIQUE,
    name       TEXT NOT NULL,
    section_id INTEGER REFERENCES sections(id) ON DELETE SET NULL,
    ord        INTEGER NOT NULL
);
-- retired = 1: the requirement left the catalogue while documents were still tagged to it:
-- it is kept (and reported) so no tag is lost.
CREATE TABLE requirements (
    id           INTEGER PRIMARY KEY,
    code         TEXT NOT NULL UNIQUE,
    text         TEXT NOT NULL,
    task_id      INTEGER REFERENCES tasks(id) ON DELETE SET NULL,
    lead_unit_id INTEGER REFERENCES units(id) ON DELETE SET NULL,
    leader_id    INTEGER REFERENCES leaders(id) ON DELETE SET NULL,
    ord          INTEGER NOT NULL,
    retired      INTEGER NOT NULL DEFAULT 0
);
CREATE TABLE requirement_units (
    requirement_id INTEGER NOT NULL REFERENCES requirements(id) ON DELETE CASCADE,
    unit_id        INTEGER NOT NULL REFERENCES units(id) ON DELETE CASCADE,
    PRIMARY KEY (requirement_id, unit_id)
);
CREATE TABLE documents (
    id             INTEGER PRIMARY KEY,
    sha256         TEXT NOT NULL UNIQUE,
    size           INTEGER NOT NULL,
    original_name  TEXT NOT NULL,
    ext            TEXT NOT NULL,
    kind           TEXT NOT NULL,
    title          TEXT NOT NULL,
    title_supplied INTEGER NOT NULL DEFAULT 0,
    doc_number     TEXT,
    issuer         TEXT,
    doc_date       TEXT,
    pages          INTEGER NOT NULL,
    has_text       INTEGER NOT NULL DEFAULT 0,
    needs_conversion INTEGER NOT NULL DEFAULT 0,
    classification TEXT,
    retention      TEXT,
    is_copy        INTEGER NOT NULL DEFAULT 0,
    source_unit_id INTEGER REFERENCES units(id) ON DELETE SET NULL,
    note           TEXT NOT NULL DEFAULT '',
    imported_at    TEXT NOT NULL,
    imported_by    TEXT NOT NULL
);
CREATE INDEX documents_unit ON documents(source_unit_id);
-- mechanisms.text_document_id: the document that is the mechanism's own formal text.
CREATE TABLE mechanisms (
    id               INTEGER PRIMARY KEY,
    code             TEXT NOT NULL UNIQUE,
    title            TEXT NOT NULL,
    issuer           TEXT NOT NULL DEFAULT '',
    doc_number       TEXT,
    doc_date         TEXT,
    ord              INTEGER NOT NULL,
    retired          INTEGER NOT NULL DEFAULT 0,
    text_document_id INTEGER REFERENCES documents(id) ON DELETE SET NULL
);
CREATE TABLE mechanism_requirements (
    mechanism_id   INTEGER NOT NULL REFERENCES mechanisms(id) ON DELETE CASCADE,
    requirement_id INTEGER NOT NULL REFERENCES requirements(id) ON DELETE CASCADE,
    PRIMARY KEY (mechanism_id, requirement_id)
);
CREATE TABLE document_requirements (
    document_id    INTEGER NOT NULL REFERENCES documents(id) ON DELETE CASCADE,
    requirement_id INTEGER NOT NULL REFERENCES requirements(id) ON DELETE CASCADE,
    PRIMARY KEY (document_id, requirement_id)
);
CREATE INDEX document_requirements_req ON document_requirements(requirement_id);
CREATE TABLE document_mechanisms (
    document_id  INTEGER NOT NULL REFERENCES documents(id) ON DELETE CASCADE,
    mechanism_id INTEGER NOT NULL REFERENCES mechanisms(id) ON DELETE CASCADE,
    PRIMARY KEY (document_id, mechanism_id)
);
CREATE INDEX document_mechanisms_mech ON document_mechanisms(mechanism_id);
-- Extracted text, one row per page. Derived from the originals but kept here because
-- re-extracting 100,000 pages takes minutes, and search verifies candidates against it.
CREATE TABLE page_text (
    document_id INTEGER NOT NULL REFERENCES documents(id) ON DELETE CASCADE,
    page        INTEGER NOT NULL,
    text        TEXT NOT NULL,
    PRIMARY KEY (document_id, page)
) WITHOUT ROWID;
CREATE TABLE audit (
    id     INTEGER PRIMARY KEY,
    at     TEXT NOT NULL,
    user   TEXT NOT NULL,
    host   TEXT NOT NULL,
    action TEXT NOT NULL,
    target TEXT NOT NULL,
    detail TEXT NOT NULL DEFAULT '{}'
);
CREATE INDEX audit_at ON audit(at);
"""

# Version 2: where documents are bound. One row per volume of the last compiled batch; a
# document's place (volume, stamped pages, PDF page) is what `locate` and search report.
VOLUMES_V2 = [
    """CREATE TABLE volumes (
        id           INTEGER PRIMARY KEY,
        plan_key     TEXT NOT NULL,
        part         INTEGER NOT NULL,
        parts        INTEGER NOT NULL,
        archive_code TEXT NOT NULL,
        title        TEXT NOT NULL,
        path         TEXT NOT NULL,
        body_pages   INTEGER NOT NULL,
        pdf_pages    INTEGER NOT NULL,
        sha256       TEXT NOT NULL,
        input_hash   TEXT NOT NULL,
        compiled_at  TEXT NOT NULL,
        UNIQUE (plan_key, part)
    )""",
    """CREATE TABLE volume_documents (
        volume_id   INTEGER NOT NULL REFERENCES volumes(id) ON DELETE CASCADE,
        document_id INTEGER NOT NULL REFERENCES documents(id) ON DELETE CASCADE,
        seq         INTEGER NOT NULL,
        first_page  INTEGER NOT NULL,
        last_page   INTEGER NOT NULL,
        pdf_index   INTEGER NOT NULL,
        PRIMARY KEY (volume_id, document_id)
    )""",
    "CREATE INDEX volume_documents_doc ON volume_documents(document_id)",
]


# Version 3: files whose bytes differ from what the archive stores for them. A PDF imported
# with its password is stored as an unprotected copy; the locked file's hash is kept here so
# importing the same locked file again is recognised as a duplicate without asking again.
SOURCES_V3 = [
    """CREATE TABLE document_sources (
        sha256      TEXT PRIMARY KEY,
        document_id INTEGER NOT NULL REFERENCES documents(id) ON DELETE CASCADE,
        how         TEXT NOT NULL
    )""",
    "CREATE INDEX document_sources_doc ON document_sources(document_id)",
]


# Version 4: text read by OCR. Each page says where its text came from (``source``: 'text'
# from the file itself, 'ocr' recognised in its image, 'none' not (yet) read) and how sure OCR
# was (``confidence``, 0..1, NULL for other sources). ``ocr_queue`` holds the pages waiting for
# OCR ('pending') and those OCR could not read ('unreadable', with the reason): an import does
# not wait for OCR, and a killed OCR run resumes from the queue. ``documents.ocr_pages``
# counts a document's pages answered by OCR, so its search entry is redone as they arrive.
OCR_V4 = [
    "ALTER TABLE page_text ADD COLUMN source TEXT NOT NULL DEFAULT 'text' "
    "CHECK (source IN ('text', 'ocr', 'none'))",
    "ALTER TABLE page_text ADD COLUMN confidence REAL",
    "ALTER TABLE documents ADD COLUMN ocr_pages INTEGER NOT NULL DEFAULT 0",
    """CREATE TABLE ocr_queue (
        document_id INTEGER NOT NULL REFERENCES documents(id) ON DELETE CASCADE,
        page        INTEGER NOT NULL,
        state       TEXT NOT NULL DEFAULT 'pending' CHECK (state IN ('pending', 'unreadable')),
        reason      TEXT NOT NULL DEFAULT '',
        PRIMARY KEY (document_id, page)
    ) WITHOUT ROWID""",
    "CREATE INDEX ocr_queue_state ON ocr_queue(state, document_id)",
]


def _ocr_v4(conn: sqlite3.Connection) -> None:
    """Add the OCR columns and queue, and queue what an older version could not read: the
    empty pages of images and PDFs (a scan, or a blank page, which OCR then finds empty)."""
    for statement in OCR_V4:
        conn.execute(statement)
    conn.execute("UPDATE page_text SET source = 'none' WHERE text = '' AND document_id IN "
                 "(SELECT id FROM documents WHERE kind IN ('image', 'pdf'))")
    conn.execute("INSERT INTO ocr_queue(document_id, page) "
                 "SELECT document_id, page FROM page_text WHERE source = 'none'")


# Version 5: what tag suggestions need to remember. A suggestion a person rejected is not
# offered again for that document; the folder a document was imported from is one of the
# clues a suggestion is built from (the archive otherwise keeps only the file's name).
SUGGESTIONS_V5 = [
    """CREATE TABLE suggestion_rejections (
        document_id INTEGER NOT NULL REFERENCES documents(id) ON DELETE CASCADE,
        kind        TEXT NOT NULL CHECK (kind IN ('requirement', 'mechanism')),
        code        TEXT NOT NULL,
        rejected_at TEXT NOT NULL,
        rejected_by TEXT NOT NULL,
        PRIMARY KEY (document_id, kind, code)
    ) WITHOUT ROWID""",
    """CREATE TABLE document_folders (
        document_id INTEGER PRIMARY KEY REFERENCES documents(id) ON DELETE CASCADE,
        folder      TEXT NOT NULL
    )""",
]


# Version 6: where OCR's lines stand on the page (``page_text.layout``, JSON: the upright
# image's size, the turn that set it upright, [text, left, top, right, bottom] per line; NULL
# for pages read before, or not by OCR), so a volume lays its invisible text on the words.
LAYOUT_V6 = ["ALTER TABLE page_text ADD COLUMN layout TEXT"]


# Version 7: links between documents that archivists keep together in a volume, read as
# "document <kind> other": a 批复 ``answers`` its 请示, an attachment is ``attachment_of`` its
# main document, the 正本 is ``original_of`` its 定稿, a notice ``forwards`` what it forwards.
# A link goes with either of its documents. And ``title_supplied`` (shown in [brackets])
# means a title a person typed: earlier imports set it on every title made from a file name,
# so it is cleared where no person edited the title.
LINKS_V7 = [
    """CREATE TABLE document_links (
        document_id INTEGER NOT NULL REFERENCES documents(id) ON DELETE CASCADE,
        kind        TEXT NOT NULL
                    CHECK (kind IN ('answers', 'attachment_of', 'original_of', 'forwards')),
        other_id    INTEGER NOT NULL REFERENCES documents(id) ON DELETE CASCADE,
        linked_at   TEXT NOT NULL,
        linked_by   TEXT NOT NULL,
        PRIMARY KEY (document_id, kind, other_id),
        CHECK (document_id <> other_id)
    )""",
    "CREATE INDEX document_links_other ON document_links(other_id)",
    "UPDATE documents SET title_supplied = 0 WHERE title_supplied = 1 AND id NOT IN "
    "(SELECT CAST(substr(target, 10) AS INTEGER) FROM audit "
    "WHERE action = 'edit' AND target LIKE 'document %' AND detail LIKE '%\"title\"%')",
]

# Version 8: a version per document record, raised by every change of its fields, so an edit
# made from an old reading (another person, on another PC, changed it meanwhile) is refused
# rather than silently overwriting theirs.
VERSIONS_V8 = ["ALTER TABLE documents ADD COLUMN version INTEGER NOT NULL DEFAULT 1"]


def _run_all(statements: list[str]) -> Callable[[sqlite3.Connection], None]:
    def migrate(conn: sqlite3.Connection) -> None:
        for statement in statements:
            conn.execute(statement)
    return migrate


# Migration from version N to N+1, keyed by N. Each runs inside the caller's transaction.
MIGRATIONS: dict[int, Callable[[sqlite3.Connection], None]] = {
    1: _run_all(VOLUMES_V2), 2: _run_all(SOURCES_V3), 3: _ocr_v4,
    4: _run_all(SUGGESTIONS_V5), 5: _run_all(LAYOUT_V6), 6: _run_all(LINKS_V7),
    7: _run_all(VERSIONS_V8)}


def create_schema(conn: sqlite3.Connection) -> None:
    """Create the newest schema in the caller's open transaction: version 1, then migrations."""
    for statement in SCHEMA_V1.split(";"):
        if statement.strip():
            conn.execute(statement)
    for version in range(1, SCHEMA_VERSION):
        MIGRATIONS[version](conn)
    conn.execute(f"PRAGMA user_version = {SCHEMA_VERSION}")
