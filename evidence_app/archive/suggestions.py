"""The archive's side of tag suggestions: the reads a suggester learns from, the rejected
suggestions it must not offer again, the folders documents came from, and tag changes applied
on a suggestion's behalf (audited with what proposed them).

Functions, not Archive methods, so the suggestion feature stays in one module; like every
module of this package they are the only place its SQL lives.
"""

from __future__ import annotations

import json
from dataclasses import dataclass
from typing import Iterable, Iterator

from ..errors import UsageError
from .archive import Archive, _now
from .records import TagChange

KINDS = ("requirement", "mechanism")


@dataclass
class DocumentClues:
    """What a suggester reads of one document: its descriptive fields and the start of its
    text (the first pages say what a document is about; the rest costs time and memory)."""

    id: int
    title: str
    original_name: str
    issuer: str | None
    unit: str | None
    doc_number: str | None
    date: str | None
    folder: str | None
    text: str
    requirements: list[str]
    mechanisms: list[str]


def _id_filter(column: str, doc_ids: Iterable[int] | None) -> tuple[str, list[int]]:
    if doc_ids is None:
        return "", []
    ids = [int(i) for i in doc_ids]
    return (f" AND {column} IN (%s)" % ",".join("?" * len(ids)) if ids else " AND FALSE"), ids


def document_clues(archive: Archive, doc_ids: Iterable[int] | None = None,
                   text_chars: int = 1200, batch: int = 1000) -> Iterator[DocumentClues]:
    """Every document's clues (or those of ``doc_ids``), in id order, a batch at a time so
    20,000 documents never hold all their text in memory at once."""
    where, args = _id_filter("d.id", doc_ids)
    ids = [r[0] for r in archive._q("SELECT d.id FROM documents d WHERE TRUE" + where
                                    + " ORDER BY d.id", args)]
    for start in range(0, len(ids), batch):
        chunk = ids[start:start + batch]
        marks = ",".join("?" * len(chunk))
        rows = archive._q(
            "SELECT d.id, d.title, d.original_name, d.issuer, u.name, d.doc_number, "
            "d.doc_date, f.folder FROM documents d LEFT JOIN units u ON u.id = "
            "d.source_unit_id LEFT JOIN document_folders f ON f.document_id = d.id "
            f"WHERE d.id IN ({marks}) ORDER BY d.id", chunk)
        texts: dict[int, list[str]] = {i: [] for i in chunk}
        length: dict[int, int] = dict.fromkeys(chunk, 0)
        # pages in order until enough characters are read; substr keeps a long page cheap
        for doc_id, text in archive._q(
                f"SELECT document_id, substr(text, 1, ?) FROM page_text WHERE document_id IN "
                f"({marks}) AND page <= 3 ORDER BY document_id, page", [text_chars] + chunk):
            if length[doc_id] < text_chars:
                texts[doc_id].append(text)
                length[doc_id] += len(text)
        reqs: dict[int, list[str]] = {i: [] for i in chunk}
        mechs: dict[int, list[str]] = {i: [] for i in chunk}
        for doc_id, code in archive._q(
                "SELECT dr.document_id, r.code FROM document_requirements dr JOIN requirements "
                f"r ON r.id = dr.requirement_id WHERE dr.document_id IN ({marks}) "
                "ORDER BY r.ord", chunk):
            reqs[doc_id].append(code)
        for doc_id, code in archive._q(
                "SELECT dm.document_id, m.code FROM document_mechanisms dm JOIN mechanisms m "
                f"ON m.id = dm.mechanism_id WHERE dm.document_id IN ({marks}) ORDER BY m.ord",
                chunk):
            mechs[doc_id].append(code)
        for r in rows:
            yield DocumentClues(id=r[0], title=r[1], original_name=r[2], issuer=r[3],
                                unit=r[4], doc_number=r[5], date=r[6], folder=r[7],
                                text="\n".join(texts[r[0]])[:text_chars],
                                requirements=reqs[r[0]], mechanisms=mechs[r[0]])


def document_tags(archive: Archive, doc_ids: Iterable[int]
                  ) -> dict[int, tuple[list[str], list[str]]]:
    """(requirement codes, mechanism codes) each document has now."""
    where, args = _id_filter("document_id", doc_ids)
    tags: dict[int, tuple[list[str], list[str]]] = {i: ([], []) for i in args}
    for doc_id, code in archive._q("SELECT document_id, r.code FROM document_requirements "
                                   "JOIN requirements r ON r.id = requirement_id WHERE TRUE"
                                   + where, args):
        tags[doc_id][0].append(code)
    for doc_id, code in archive._q("SELECT document_id, m.code FROM document_mechanisms "
                                   "JOIN mechanisms m ON m.id = mechanism_id WHERE TRUE"
                                   + where, args):
        tags[doc_id][1].append(code)
    return tags


def numbered_documents(archive: Archive) -> list[tuple[int, str, str | None]]:
    """(id, 文号, 成文日期) of every document whose 文号 was recognised or typed."""
    return archive._q("SELECT id, doc_number, doc_date FROM documents "
                      "WHERE doc_number IS NOT NULL AND doc_number != '' ORDER BY id")


def tags_removed_by_people(archive: Archive) -> set[tuple[int, str, str]]:
    """(document, kind, code) of every tag a person removed (untag, or undo of a tag) at some
    time: nothing automatic puts such a tag back by itself."""
    removed: set[tuple[int, str, str]] = set()
    for target, detail in archive._q(
            "SELECT target, detail FROM audit WHERE action IN ('untag', 'undo') "
            "AND detail LIKE '%removed_%'"):
        doc_id = int(target.split()[1])
        values = json.loads(detail)
        for kind in KINDS:
            removed.update((doc_id, kind, code) for code in values.get(f"removed_{kind}s", ()))
    return removed


def apply_tag_change(archive: Archive, wanted: TagChange, via: str) -> TagChange:
    """Add exactly the pairs of ``wanted`` (each document its own tags) in one transaction,
    audited as proposed by ``via``; returns what changed, which ``undo_tags`` reverses."""
    return archive._apply_tags(wanted, "tag", via)


def reject_suggestion(archive: Archive, doc_id: int, kind: str, code: str) -> None:
    """Remember that a person turned down ``code`` for a document: it is not offered again."""
    if kind not in KINDS:
        raise UsageError(f"kind must be one of {', '.join(KINDS)}")
    with archive._tx() as conn:
        conn.execute("INSERT OR REPLACE INTO suggestion_rejections(document_id, kind, code, "
                     "rejected_at, rejected_by) VALUES (?, ?, ?, ?, ?)",
                     (int(doc_id), kind, code, _now(), archive.user))
        archive._audit("reject-suggestion", f"document {int(doc_id)}", {kind: code})


def rejected_suggestions(archive: Archive, doc_ids: Iterable[int] | None = None
                         ) -> set[tuple[int, str, str]]:
    """(document, kind, code) of every rejected suggestion (of ``doc_ids`` if given)."""
    where, args = _id_filter("document_id", doc_ids)
    return set(archive._q("SELECT document_id, kind, code FROM suggestion_rejections "
                          "WHERE TRUE" + where, args))


def record_folders(archive: Archive, folders: dict[int, str]) -> None:
    """Keep the folder each new document was imported from (a clue for suggestions)."""
    if not folders:
        return
    with archive._tx() as conn:
        conn.executemany("INSERT OR REPLACE INTO document_folders(document_id, folder) "
                         "VALUES (?, ?)", sorted(folders.items()))
