"""The proposed schema v4 (page source, OCR confidence, persistent OCR queue) applies to a
version-3 catalogue and keeps its rows."""

from __future__ import annotations

import sqlite3

import pytest

from evidence_app.archive import schema
from evidence_app.archive.pagesource import migrate_v3_to_v4, pending_candidates


def _v3(tmp_path):
    conn = sqlite3.connect(tmp_path / "archive.sqlite", isolation_level=None)
    conn.execute("BEGIN")
    schema.create_schema(conn)
    conn.execute("COMMIT")
    assert conn.execute("PRAGMA user_version").fetchone()[0] == 3
    for doc_id, kind, texts in ((1, "pdf", ["第一页", ""]), (2, "docx", ["", "正文"]),
                                (3, "image", [""])):
        conn.execute("INSERT INTO documents (id, sha256, size, original_name, ext, kind, title,"
                     " pages, imported_at, imported_by) VALUES (?, ?, 1, 'f', '.x', ?, 't', ?,"
                     " '2026-01-01', 'u')", (doc_id, f"{doc_id:064d}", kind, len(texts)))
        for page, text in enumerate(texts):
            conn.execute("INSERT INTO page_text VALUES (?, ?, ?)", (doc_id, page, text))
    return conn


def test_v3_rows_become_text_layers_and_empty_scan_pages_are_candidates(tmp_path):
    conn = _v3(tmp_path)
    conn.execute("BEGIN")
    migrate_v3_to_v4(conn)
    conn.execute("COMMIT")
    rows = conn.execute("SELECT document_id, page, source, confidence, ocr_status"
                        " FROM page_text ORDER BY 1, 2").fetchall()
    assert rows == [(1, 0, "layer", None, None), (1, 1, "none", None, None),
                    (2, 0, "none", None, None), (2, 1, "layer", None, None),
                    (3, 0, "none", None, None)]
    assert pending_candidates(conn) == [1, 3]          # a blank docx page is no scan
    conn.execute("UPDATE page_text SET ocr_status = 'pending' WHERE document_id = 3")
    plan = " ".join(str(r) for r in conn.execute(
        "EXPLAIN QUERY PLAN SELECT document_id, page FROM page_text"
        " WHERE ocr_status = 'pending'"))
    assert "page_text_ocr_pending" in plan
    with pytest.raises(sqlite3.IntegrityError):
        conn.execute("UPDATE page_text SET source = 'guess' WHERE document_id = 1")
