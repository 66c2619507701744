"""Copying a whole archive between homes: a folder to a server (`migrate`), a server to a
folder (`migrate` back, or `snapshot`: a read-only copy for an inspection room without the
LAN), or any other pair.

Every table is copied row for row with its ids, in the order of its foreign keys, read from
the databases themselves (so a table a later schema version adds is copied without anyone
listing it here), then every original the copied records reference. The target must be new;
its rows are written in one transaction, so a copy that fails leaves it empty. The copy is
then verified: the same rows in every table (a digest of each table's rows, compared on both
sides), every original present with its SHA-256, and ``check`` passing on both archives.
"""

from __future__ import annotations

import hashlib
from dataclasses import dataclass, field

from ..errors import EvidenceError
from ..progress import NO_PROGRESS, CancelToken, Progress
from .archive import SNAPSHOT_KEY, Archive
from .server import SERVER_TABLES, without_password

BATCH = 500        # documents per read of a table keyed by document
_SERVER_ONLY = {s.split()[2] for s in SERVER_TABLES}


@dataclass
class CopyReport:
    rows: dict[str, int] = field(default_factory=dict)   # table → rows copied
    originals: int = 0
    source_check: list[str] = field(default_factory=list)
    target_check: list[str] = field(default_factory=list)


def _tables(archive: Archive) -> dict[str, list[str]]:
    """Each table of the archive's schema with the tables its foreign keys point at."""
    if archive.server:
        names = [r[0] for r in archive._q("SELECT tablename FROM pg_tables WHERE schemaname = "
                                          "current_schema()") if r[0] not in _SERVER_ONLY]
        parents = archive._q(
            "SELECT c.conrelid::regclass::text, c.confrelid::regclass::text FROM pg_constraint c "
            "WHERE c.contype = 'f' AND c.connamespace = current_schema()::regnamespace")
        return {name: sorted({p for t, p in parents if t == name and p != name})
                for name in names}
    names = [r[0] for r in archive._q("SELECT name FROM sqlite_master WHERE type = 'table' "
                                      "AND name NOT LIKE 'sqlite_%'")]
    return {name: sorted({r[2] for r in archive._q(f"PRAGMA foreign_key_list({name})")
                          if r[2] != name}) for name in names}


def _columns(archive: Archive, table: str) -> list[str]:
    if archive.server:
        return [r[0] for r in archive._q(
            "SELECT column_name FROM information_schema.columns WHERE table_schema = "
            "current_schema() AND table_name = ? ORDER BY ordinal_position", (table,))]
    return [r[1] for r in archive._q(f"PRAGMA table_info({table})")]


def _key(archive: Archive, table: str) -> list[str]:
    """The primary key's columns: the order rows are read in, the same on both homes."""
    if archive.server:
        return archive._conn.primary_key(table)
    return [r[1] for r in sorted(archive._q(f"PRAGMA table_info({table})"),
                                 key=lambda r: r[5]) if r[5]]


def _in_key_order(tables: dict[str, list[str]]) -> list[str]:
    """Tables ordered so each comes after the tables it points at."""
    ordered: list[str] = []
    while len(ordered) < len(tables):
        ready = sorted(t for t, parents in tables.items() if t not in ordered
                       and all(p in ordered or p not in tables for p in parents))
        if not ready:
            raise EvidenceError("the archive's tables point at each other in a circle")
        ordered += ready
    return ordered


def _rows(archive: Archive, table: str, columns: list[str], doc_ids: list[int]):
    """A table's rows in key order, a batch at a time (page text is the bulk)."""
    select = f"SELECT {', '.join(_quoted(columns))} FROM {table}"
    order = " ORDER BY " + ", ".join(_quoted(_key(archive, table)))
    if "document_id" in columns and table != "documents":
        for start in range(0, len(doc_ids), BATCH):
            chunk = doc_ids[start:start + BATCH]
            yield archive._q(f"{select} WHERE document_id BETWEEN ? AND ?{order}",
                             (chunk[0], chunk[-1]))
    else:
        yield archive._q(select + order)


def _quoted(columns: list[str]) -> list[str]:
    return [f'"{c}"' for c in columns]


def _fold(digest, rows: list[tuple]) -> int:
    """Add rows to a digest of a table's content (the same on both homes); how many."""
    for row in rows:
        digest.update(repr(tuple(row)).encode("utf-8"))
    return len(rows)


def _digest(batches) -> tuple[str, int]:
    digest = hashlib.sha256()
    count = sum(_fold(digest, rows) for rows in batches)
    return digest.hexdigest(), count


def copy_archive(source: Archive, target_location, snapshot: bool = False,
                 progress: Progress = NO_PROGRESS,
                 cancel: CancelToken | None = None) -> CopyReport:
    """Copy ``source`` whole into a new archive at ``target_location`` (a new or empty
    folder, or an empty database's address), verify it, and return what was copied.

    ``snapshot``: the copy is marked a read-only snapshot of ``source`` (it always opens
    read-only, so nobody edits the copy by mistake).

    Raises:
        UsageError: the target is not new and empty.
        EvidenceError: the copy does not verify (the message says what differs).
    """
    cancel = cancel or CancelToken()
    report = CopyReport()
    with Archive.create(target_location) as target:
        with source.snapshot():
            tables = _tables(source)
            order = _in_key_order(tables)
            doc_ids = source.document_ids()
            digests = [r[0] for r in source._q("SELECT DISTINCT sha256 FROM documents "
                                               "ORDER BY sha256")]
            for n, sha in enumerate(digests):       # originals first: never a row without one
                cancel.raise_if_cancelled()
                progress(n, len(digests) + len(order), "复制原件")
                target.objects.put(source.objects.path_for(sha), sha)
            report.originals = len(digests)
            expected = {}
            with target._tx() as conn:
                conn.execute("DELETE FROM audit")
                conn.execute("DELETE FROM meta")
                for n, table in enumerate(order):
                    cancel.raise_if_cancelled()
                    progress(len(digests) + n, len(digests) + len(order), f"复制 {table}")
                    columns = _columns(source, table)
                    if set(columns) - set(_columns(target, table)):
                        raise EvidenceError(f"table {table} differs between the two archives")
                    insert = (f"INSERT INTO {table}({', '.join(_quoted(columns))}) VALUES "
                              f"({', '.join('?' * len(columns))})")
                    digest, count = hashlib.sha256(), 0
                    for rows in _rows(source, table, columns, doc_ids):
                        conn.executemany(insert, rows)
                        count += _fold(digest, rows)
                    expected[table] = (digest.hexdigest(), count)
                    report.rows[table] = count
                if target.server:
                    target._conn.restart_identities(order)
        for table, (digest, count) in expected.items():
            if _digest(_rows(target, table, _columns(source, table), doc_ids)) != (digest, count):
                raise EvidenceError(f"the copy of table {table} differs from the original "
                                    f"({count} rows); the copy is not to be used")
        origin = without_password(source.server) if source.server else str(source.root)
        with target._tx() as conn:   # verified: now the copy says where it came from
            conn.execute("DELETE FROM meta WHERE key = ?", (SNAPSHOT_KEY,))  # a snapshot's own
            if snapshot:
                conn.execute("INSERT INTO meta(key, value) VALUES (?, ?)", (SNAPSHOT_KEY, origin))
            target._audit("snapshot" if snapshot else "migrate-in", "archive", {"from": origin})
        report.target_check = target.check().problems
    report.source_check = source.check().problems
    if report.target_check:
        raise EvidenceError("the copy fails its check: " + "; ".join(report.target_check[:3]))
    progress(1, 1, "")
    return report


def snapshot_of(archive: Archive) -> str | None:
    """The archive a read-only snapshot was copied from; None for any other archive."""
    return archive.setting(SNAPSHOT_KEY) or None

