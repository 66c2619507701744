"""The OCR queue: pages waiting to be read by OCR, and storing what OCR read.

An import does not wait for OCR. It stores the pages that show something but have no
trustworthy text with ``source = 'none'`` and puts them in ``ocr_queue``; the OCR runner
(intake/ocr_queue.py) asks for the next pages, reads them in worker processes and stores each
page in its own transaction as it is read, so a run killed at any moment resumes where it
stopped and loses at most the page in hand. A page OCR cannot read stays in the queue as
'unreadable' with the reason (the document keeps its other pages; the page stays empty).

Only the transaction that answers a document's last waiting page writes an audit row ('ocr'),
so 4,000 pages make a few hundred rows, not 4,000; that row moves the archive's generation,
and the search index re-indexes the document (its fingerprint counts ``ocr_pages``).
"""

from __future__ import annotations

import json
from dataclasses import dataclass, field
from typing import Iterable

from .archive import Archive

#: the fields OCR may fill in, when they are empty and no person has edited them
FILLABLE = ("title", "doc_number", "issuer", "date")
_COLUMN = {"title": "title", "doc_number": "doc_number", "issuer": "issuer", "date": "doc_date"}


@dataclass
class OcrBacklog:
    """What the queue holds (of the documents asked about)."""

    pending: int = 0          # pages waiting for OCR
    unreadable: int = 0       # pages OCR could not read
    documents: int = 0        # documents with a page waiting


@dataclass
class OcrJob:
    """One document's pages waiting for OCR (1-based), with what is needed to read them."""

    document_id: int
    sha256: str
    kind: str
    original_name: str
    title: str
    pages: list[int] = field(default_factory=list)


@dataclass
class PageSource:
    """Where one page's text came from: 'text' (the file's own), 'ocr', or 'none' (waiting
    for OCR, or unreadable: ``reason`` says why)."""

    page: int
    source: str
    confidence: float | None
    text: str
    waiting: bool = False
    reason: str = ""


def _scope(doc_ids: Iterable[int] | None) -> tuple[str, list]:
    """The clause (over a ``document_id`` column) keeping only ``doc_ids``; none for None."""
    if doc_ids is None:
        return "", []
    ids = [int(d) for d in doc_ids]
    return (" AND document_id IN (%s)" % ",".join("?" * len(ids)) if ids else " AND FALSE"), ids


def ocr_backlog(archive: Archive, doc_ids: Iterable[int] | None = None) -> OcrBacklog:
    """Counts of the queue, of all documents or of those in ``doc_ids``."""
    where, args = _scope(doc_ids)
    rows = archive._q("SELECT state, COUNT(*), COUNT(DISTINCT document_id) FROM ocr_queue "
                      f"WHERE TRUE{where} GROUP BY state", args)
    backlog = OcrBacklog()
    for state, pages, documents in rows:
        if state == "pending":
            backlog.pending, backlog.documents = pages, documents
        else:
            backlog.unreadable = pages
    return backlog


def next_ocr_jobs(archive: Archive, limit: int = 20, doc_ids: Iterable[int] | None = None,
                  after: int = 0) -> list[OcrJob]:
    """The next documents (ids above ``after``, ascending) with pages waiting for OCR."""
    where, args = _scope(doc_ids)
    rows = archive._q(
        "SELECT q.document_id, q.page, d.sha256, d.kind, d.original_name, d.title "
        "FROM ocr_queue q JOIN documents d ON d.id = q.document_id "
        "WHERE q.state = 'pending' AND q.document_id IN (SELECT DISTINCT document_id FROM "
        f"ocr_queue WHERE state = 'pending' AND document_id > ?{where} "
        "ORDER BY document_id LIMIT ?) ORDER BY q.document_id, q.page",
        [int(after)] + args + [int(limit)])
    jobs: dict[int, OcrJob] = {}
    for doc_id, page, sha, kind, name, title in rows:
        job = jobs.setdefault(doc_id, OcrJob(doc_id, sha, kind, name, title))
        job.pages.append(page)
    return list(jobs.values())


def store_ocr_page(archive: Archive, doc_id: int, page: int, text: str,
                   confidence: float = 0.0, unreadable: str | None = None,
                   fill: dict[str, str | None] | None = None,
                   layout: dict | None = None) -> dict[str, str] | None:
    """Store what OCR made of one waiting page, in one transaction. Returns None while the
    document has pages waiting; once this answered its last one, the fields filled in.

    ``unreadable`` is the reason OCR could not read the page (it then stays in the queue
    marked so, its text untouched). Text found replaces the page's text and marks it 'ocr'
    with its ``confidence`` and ``layout`` (where its lines stand: ``OcrPage.layout()``);
    no text found leaves an empty 'ocr' page. When this is the last page, ``fill`` (the
    fields recognised in the whole text: title, doc_number, issuer, date) is applied to the
    fields that are empty and that no person has edited — the title only if the caller
    offers one (it replaces a title made from the file name) and no person has edited it —
    and one audit row records the document's OCR.

    A page no longer waiting (its document was removed meanwhile) is ignored: None.
    """
    with archive._tx() as conn:
        waiting = conn.execute("SELECT state FROM ocr_queue WHERE document_id = ? AND page = ?",
                               (doc_id, page)).fetchone()
        if waiting is None or waiting[0] != "pending":
            return None
        if unreadable is not None:
            conn.execute("UPDATE ocr_queue SET state = 'unreadable', reason = ? "
                         "WHERE document_id = ? AND page = ?", (unreadable, doc_id, page))
        else:
            conn.execute("UPDATE page_text SET text = CASE WHEN ? != '' THEN ? ELSE text END, "
                         "source = 'ocr', confidence = ?, layout = ? "
                         "WHERE document_id = ? AND page = ?",
                         (text.strip(), text, round(float(confidence), 4),
                          None if layout is None else json.dumps(layout, ensure_ascii=False),
                          doc_id, page))
            conn.execute("DELETE FROM ocr_queue WHERE document_id = ? AND page = ?",
                         (doc_id, page))
            conn.execute("UPDATE documents SET ocr_pages = ocr_pages + 1, "
                         "has_text = CASE WHEN ? THEN 1 ELSE has_text END WHERE id = ?",
                         (bool(text.strip()), doc_id))
        if conn.execute("SELECT 1 FROM ocr_queue WHERE document_id = ? AND state = 'pending' "
                        "LIMIT 1", (doc_id,)).fetchone():
            return None
        filled = _fill_fields(archive, conn, doc_id, fill or {})
        read, unread = conn.execute(
            "SELECT (SELECT ocr_pages FROM documents WHERE id = ?), (SELECT COUNT(*) FROM "
            "ocr_queue WHERE document_id = ?)", (doc_id, doc_id)).fetchone()
        archive._audit("ocr", f"document {doc_id}", {"pages": read, "unreadable": unread,
                                                     **({"filled": filled} if filled else {})})
        return filled


def _fill_fields(archive: Archive, conn, doc_id: int, fill: dict) -> dict[str, str]:
    """Set the offered fields that are empty and unedited; the ones set, with their values."""
    edited: set[str] = set()
    for (detail,) in conn.execute("SELECT detail FROM audit WHERE action = 'edit' AND "
                                  "target = ?", (f"document {doc_id}",)):
        edited.update(json.loads(detail))
    current = dict(zip(FILLABLE, conn.execute(
        "SELECT title, doc_number, issuer, doc_date FROM documents WHERE id = ?",
        (doc_id,)).fetchone()))
    filled = {}
    for name in FILLABLE:
        value = fill.get(name)
        if not value or name in edited or (current[name] and name != "title"):
            continue
        filled[name] = value
    if filled:
        columns = {_COLUMN[name]: value for name, value in filled.items()}
        if "title" in filled:
            columns["title_supplied"] = 0   # now read from the document itself
        conn.execute("UPDATE documents SET %s, version = version + 1 WHERE id = ?"
                     % ", ".join(f"{c} = ?" for c in columns), list(columns.values()) + [doc_id])
    return filled


def page_sources(archive: Archive, doc_id: int) -> list[PageSource]:
    """Every page of a document with its text and where that came from, in page order."""
    queue = {page: (state, reason) for page, state, reason in archive._q(
        "SELECT page, state, reason FROM ocr_queue WHERE document_id = ?", (int(doc_id),))}
    return [PageSource(page, source, confidence, text,
                       waiting=queue.get(page, ("",))[0] == "pending",
                       reason=queue.get(page, ("", ""))[1])
            for page, source, confidence, text in archive._q(
                "SELECT page, source, confidence, text FROM page_text WHERE document_id = ? "
                "ORDER BY page", (int(doc_id),))]


def ocr_page_numbers(archive: Archive, doc_ids: Iterable[int]) -> dict[int, set[int]]:
    """The pages (1-based) of these documents whose text was read by OCR."""
    where, args = _scope(doc_ids)
    found: dict[int, set[int]] = {}
    for doc_id, page in archive._q("SELECT document_id, page FROM page_text WHERE "
                                   f"source = 'ocr'{where}", args):
        found.setdefault(doc_id, set()).add(page)
    return found


def ocr_texts(archive: Archive, doc_ids: Iterable[int]
              ) -> dict[int, dict[int, tuple[str, dict | None]]]:
    """The text OCR read on these documents' pages and where its lines stand:
    {document: {page (1-based): (text, layout or None)}}, pages without text left out
    (volumes lay it invisibly over the scanned page; on its words when the layout is
    known, spread down the page for pages read before version 6 stored it)."""
    where, args = _scope(doc_ids)
    found: dict[int, dict[int, tuple[str, dict | None]]] = {}
    for doc_id, page, text, layout in archive._q(
            "SELECT document_id, page, text, layout FROM page_text WHERE "
            f"source = 'ocr' AND text != ''{where}", args):
        found.setdefault(doc_id, {})[page] = (text, None if layout is None
                                              else json.loads(layout))
    return found


def retry_unreadable(archive: Archive, doc_ids: Iterable[int] | None = None) -> int:
    """Put the pages OCR could not read back in the queue (after a fix); how many."""
    where, args = _scope(doc_ids)
    with archive._tx() as conn:
        count = conn.execute("UPDATE ocr_queue SET state = 'pending', reason = '' "
                             f"WHERE state = 'unreadable'{where}", args).rowcount
        if count:
            archive._audit("ocr-retry", "archive", {"pages": count})
    return count


def ocr_problems(archive: Archive) -> list[str]:
    """What `check` reports about OCR bookkeeping: queue entries for pages a document does
    not have, and pages without text that nothing will ever read."""
    problems = [f"document {doc_id}: page {page} is queued for OCR but the document has "
                f"no such page" for doc_id, page in archive._q(
                    "SELECT q.document_id, q.page FROM ocr_queue q LEFT JOIN page_text p ON "
                    "p.document_id = q.document_id AND p.page = q.page WHERE p.page IS NULL")]
    problems += [f"document {doc_id}: page {page} has no text source and is not queued for OCR"
                 for doc_id, page in archive._q(
                     "SELECT p.document_id, p.page FROM page_text p LEFT JOIN ocr_queue q ON "
                     "q.document_id = p.document_id AND q.page = p.page "
                     "WHERE p.source = 'none' AND q.page IS NULL")]
    return problems
