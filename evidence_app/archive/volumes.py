"""Where documents are bound: the volumes of the last compiled batch, as the archive remembers.

The export package decides what a volume holds and writes the PDFs; it records the result
here so `locate`, search results and the window can say "第 3 册, page 87" without opening
any PDF. Only the latest batch is remembered: a new batch replaces what it rebuilt.
"""

from __future__ import annotations

import json
from dataclasses import dataclass, field
from datetime import datetime

from .archive import Archive


@dataclass
class BoundDocument:
    document_id: int
    seq: int
    first_page: int   # stamped page number (as printed in the table of contents)
    last_page: int
    pdf_index: int    # 1-based PDF page on which the document starts


@dataclass
class VolumeRecord:
    plan_key: str         # what the volume binds, e.g. "requirement:3.2.1"
    part: int             # 1-based part number of a split volume
    parts: int
    archive_code: str     # 档号, e.g. SZZL-2023-017
    title: str
    path: str             # the PDF, relative to the batch's output folder
    body_pages: int
    pdf_pages: int
    sha256: str
    input_hash: str       # digest of everything the volume was made from (for re-runs)
    documents: list[BoundDocument] = field(default_factory=list)


@dataclass
class Location:
    volume_id: int
    archive_code: str
    title: str
    path: str
    part: int
    parts: int
    first_page: int
    last_page: int
    pdf_index: int


_BATCH_FOLDER = "batch_folder"


def record_volumes(archive: Archive, volumes: list[VolumeRecord],
                   keep_only: set[tuple[str, int]] | None = None,
                   folder: str | None = None) -> None:
    """Store compiled volumes, replacing earlier records with the same (plan_key, part).

    ``keep_only``: when given, every recorded volume not in it is forgotten (a full batch
    whose plan no longer has that volume). ``folder``: the output folder the batch was
    written to, which volume paths are relative to (see :func:`batch_folder`).
    """
    now = datetime.now().isoformat(timespec="seconds")
    with archive._tx() as conn:
        if folder:
            conn.execute("INSERT OR REPLACE INTO meta(key, value) VALUES (?, ?)",
                         (_BATCH_FOLDER, str(folder)))
        for volume in volumes:
            conn.execute("DELETE FROM volumes WHERE plan_key = ? AND part = ?",
                         (volume.plan_key, volume.part))
            volume_id = conn.execute(
                "INSERT INTO volumes(plan_key, part, parts, archive_code, title, path, "
                "body_pages, pdf_pages, sha256, input_hash, compiled_at) "
                "VALUES (?,?,?,?,?,?,?,?,?,?,?)",
                (volume.plan_key, volume.part, volume.parts, volume.archive_code, volume.title,
                 volume.path, volume.body_pages, volume.pdf_pages, volume.sha256,
                 volume.input_hash, now)).lastrowid
            conn.executemany(
                "INSERT INTO volume_documents(volume_id, document_id, seq, first_page, "
                "last_page, pdf_index) VALUES (?,?,?,?,?,?)",
                [(volume_id, d.document_id, d.seq, d.first_page, d.last_page, d.pdf_index)
                 for d in volume.documents])
        if keep_only is not None:
            for volume_id, plan_key, part in conn.execute(
                    "SELECT id, plan_key, part FROM volumes").fetchall():
                if (plan_key, part) not in keep_only:
                    conn.execute("DELETE FROM volumes WHERE id = ?", (volume_id,))
        archive._audit("compile", "volumes", {"volumes": len(volumes)})


def batch_folder(archive: Archive) -> str | None:
    """The output folder the last batch was compiled into, as that computer named it: any
    copy of the archive, on any computer, can look for the volumes there first."""
    rows = archive._q("SELECT value FROM meta WHERE key = ?", (_BATCH_FOLDER,))
    return rows[0][0] if rows else None


def recorded_volumes(archive: Archive) -> list[VolumeRecord]:
    rows = archive._q("SELECT id, plan_key, part, parts, archive_code, title, path, body_pages, "
                      "pdf_pages, sha256, input_hash FROM volumes ORDER BY archive_code, part")
    docs: dict[int, list[BoundDocument]] = {}
    for volume_id, doc_id, seq, first, last, index in archive._q(
            "SELECT volume_id, document_id, seq, first_page, last_page, pdf_index "
            "FROM volume_documents ORDER BY volume_id, seq"):
        docs.setdefault(volume_id, []).append(BoundDocument(doc_id, seq, first, last, index))
    return [VolumeRecord(*row[1:], documents=docs.get(row[0], [])) for row in rows]


def bound_locations(archive: Archive, doc_ids) -> dict[int, list[Location]]:
    """Every place each document is bound in the recorded volumes (usually one)."""
    ids = [int(d) for d in doc_ids]
    result: dict[int, list[Location]] = {d: [] for d in ids}
    for start in range(0, len(ids), 900):  # stay under SQLite's bound-parameter limit
        chunk = ids[start:start + 900]
        for row in archive._q(
                "SELECT vd.document_id, v.id, v.archive_code, v.title, v.path, v.part, v.parts,"
                " vd.first_page, vd.last_page, vd.pdf_index FROM volume_documents vd JOIN "
                "volumes v ON v.id = vd.volume_id WHERE vd.document_id IN (%s) "
                "ORDER BY v.archive_code, v.part" % ",".join("?" * len(chunk)), chunk):
            result[row[0]].append(Location(*row[1:]))
    return result


# ----------------------------------------------------------------- manual order of a volume
_ORDER_PREFIX = "volume_order:"


def set_manual_order(archive: Archive, plan_key: str, doc_ids) -> None:
    """Remember the order the user set for a volume's documents (``[]`` forgets it).

    Documents listed come first in that order; others follow in the default order.
    """
    key = _ORDER_PREFIX + plan_key
    ids = [int(d) for d in doc_ids]
    with archive._tx() as conn:
        if ids:
            conn.execute("INSERT OR REPLACE INTO meta(key, value) VALUES (?, ?)",
                         (key, json.dumps(ids)))
        else:
            conn.execute("DELETE FROM meta WHERE key = ?", (key,))
        archive._audit("volume-order", plan_key, {"order": ids})


def manual_orders(archive: Archive) -> dict[str, list[int]]:
    """Every manual order set, by plan key."""
    return {key[len(_ORDER_PREFIX):]: json.loads(value) for key, value in archive._q(
        "SELECT key, value FROM meta WHERE key LIKE ?", (_ORDER_PREFIX + "%",))}


def recorded_digests(archive: Archive) -> dict[tuple[str, int], tuple[str, str, str]]:
    """(plan_key, part) -> (sha256, path, archive_code) of every recorded volume: lets a
    batch re-record only what changed."""
    return {(r[0], r[1]): (r[2], r[3], r[4]) for r in archive._q(
        "SELECT plan_key, part, sha256, path, archive_code FROM volumes")}
