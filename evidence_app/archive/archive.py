"""The Archive: one object owns an archive folder's database and object store.

All SQL lives here (and in schema.py). Reads and writes are serialised through one lock so
the GUI's worker threads and its main thread can share an Archive; every write runs in one
transaction and writes its audit row in the same transaction, so the log can never disagree
with the data.
"""

from __future__ import annotations

import json
import os
import sqlite3
import threading
from contextlib import contextmanager
from datetime import datetime
from pathlib import Path
from typing import Iterable, Iterator

from .values import normalize_doc_number, parse_date
from ..errors import (ArchiveTooNewError, CatalogueError, EditConflictError, EvidenceError,
                      NotAnArchiveError, NotFoundError, Reason, UsageError)
from . import schema
from .catalogue import CatalogueData
from .lock import WriterLock, current_host, current_user
from .records import (CatalogueReport, CheckResult, Document, DocumentFacts, Mechanism,
                      NewDocument, Requirement, TagChange, TagPairs, Unit)
from .server import is_server_location
from .store import ObjectStore

DB_NAME = "archive.sqlite"
APP_ID = 0x45564443  # "EVDC": marks the SQLite file as ours

# Settings of an archive: the facts of the body that keeps the archive and the few layout choices
# a user makes (every other layout value of volumes lives with the export package).
DEFAULT_SETTINGS = {
    "fonds_name": "中共湘潭市委政法委员会",
    "series_title": "湘潭市市域社会治理现代化试点佐证资料",
    "compiling_office": "湘潭市市域社会治理现代化试点工作领导小组办公室",
    "archive_code_prefix": "SZZL",
    "retention": "永久",
    "compiled_by": "",
    "checked_by": "",
    "shared_drive": "no",
    # the layout choices a user makes for the volumes (see layout_settings)
    "duplex": "no",
    "page_budget": "",   # blank: the export package's default
    "cover_date": "",    # blank: the date of the archive's latest change
}
SNAPSHOT_KEY = "snapshot_of"  # meta: the archive a read-only snapshot was copied from
LAYOUT_SETTINGS = ("duplex", "page_budget", "fonds_name", "compiling_office", "cover_date")
MIN_PAGE_BUDGET = 10  # fewer body pages than this makes a volume of a handful of sheets
_NAMES_ON_COVERS = {"fonds_name": ("the fonds name (全宗名称)", Reason.FONDS_NAME_REQUIRED),
                    "compiling_office": ("the compiling unit (立卷单位)",
                                         Reason.COMPILING_OFFICE_REQUIRED)}

_FACT_COLUMNS = ("id, sha256, title, doc_number, pages, CASE WHEN (has_text != 0 OR ocr_pages > 0) "
                 "AND NOT EXISTS (SELECT 1 FROM ocr_queue q WHERE q.document_id = documents.id) "
                 "THEN 1 ELSE 0 END, ocr_pages")  # DocumentFacts
_DOC_COLUMNS = ("d.id, d.sha256, d.size, d.original_name, d.ext, d.kind, d.title, "
                "d.title_supplied, d.doc_number, d.issuer, d.doc_date, d.pages, d.has_text, "
                "d.needs_conversion, d.classification, d.retention, d.is_copy, u.name, d.note, "
                "d.imported_at, d.imported_by, "
                "EXISTS(SELECT 1 FROM document_sources s WHERE s.document_id = d.id), d.version")
EDITABLE_FIELDS = {"title", "doc_number", "issuer", "date", "note", "retention", "is_copy",
                   "source_unit", "classification"}
RETENTIONS = ("永久", "定期30年", "定期10年")


def _now() -> str:
    return datetime.now().isoformat(timespec="seconds")


MOUNTS = Path("/proc/mounts")  # where Linux lists mounted file systems and their types


def is_network_path(path: Path) -> bool:
    """True for a folder on a network share, where SQLite's WAL mode must not be used."""
    text = str(Path(path).resolve())
    if text.startswith("\\\\") or text.startswith("//"):
        return True
    if os.name == "nt":
        import ctypes

        drive = os.path.splitdrive(text)[0] + "\\"
        return ctypes.windll.kernel32.GetDriveTypeW(drive) == 4  # DRIVE_REMOTE
    try:
        mounts = MOUNTS.read_text().splitlines()
    except OSError:
        return False
    best, fstype = "", ""
    for line in mounts:
        parts = line.split()
        if len(parts) >= 3 and text.startswith(parts[1]) and len(parts[1]) > len(best):
            best, fstype = parts[1], parts[2]
    return fstype in {"nfs", "nfs4", "cifs", "smb3", "smbfs", "fuse.sshfs", "9p"}


def _layout_value(key: str, value) -> str:
    """The stored text of one layout setting, or a UsageError saying what is wrong."""
    if key == "duplex":
        if not isinstance(value, bool):
            raise UsageError("duplex must be on or off")
        return "yes" if value else "no"
    if key == "page_budget":
        if value is None:
            return ""
        if isinstance(value, bool) or not isinstance(value, int) or value < MIN_PAGE_BUDGET:
            raise UsageError(f"the page budget must be a whole number of at least "
                             f"{MIN_PAGE_BUDGET} pages", Reason.BAD_PAGE_BUDGET,
                             (value, MIN_PAGE_BUDGET))
        return str(value)
    if key == "cover_date":
        if not value:
            return ""
        try:
            if not (isinstance(value, str) and len(value) == 8 and value.isdigit()):
                raise ValueError
            datetime.strptime(value, "%Y%m%d")
        except ValueError:
            raise UsageError(f"the cover date must be a real date written YYYYMMDD, "
                             f"not '{value}'", Reason.BAD_COVER_DATE, (value,)) from None
        return value
    if key in _NAMES_ON_COVERS:
        text = str(value or "").strip()
        if not text:
            name, reason = _NAMES_ON_COVERS[key]
            raise UsageError(f"{name} must not be blank: the covers print it", reason)
        return text
    raise UsageError(f"unknown layout setting '{key}'; known: {', '.join(LAYOUT_SETTINGS)}")


def check_layout_settings(values: dict) -> dict[str, str]:
    """The stored text of each layout setting in ``values``, all validated: the compile
    dialog checks what was typed with it before planning, as storing them would.

    Raises:
        UsageError: an unknown name or a value that cannot be used (with its reason key).
    """
    return {key: _layout_value(key, value) for key, value in values.items()}


class Archive:
    """An open archive: a folder, or a database on a PostgreSQL server (``server``, its
    address). Use :meth:`create` or :meth:`open`, then ``close`` (or ``with``).

    ``root`` is the folder of derived data (index/, cache/): the archive folder itself, or on
    a server home this PC's client folder, which also caches the originals it opened.
    ``user`` is who the audit log names: the OS user, or the server login.
    """

    def __init__(self, root: Path, conn, lock: WriterLock | None, server: str | None = None,
                 read_only: bool | None = None, user: str | None = None):
        self.root = Path(root).absolute()  # derived paths (LibreOffice URIs) need it
        self._conn = conn
        self._lock = lock
        self._mutex = threading.RLock()
        self._pending_audit: list[tuple] = []
        self._written_generation = 0  # the generation the last write transaction made
        self._own_audit: list[tuple[int, int]] = []  # (first, last) audit ids this object wrote
        self.server = server
        self.user = user or current_user()
        if server:
            from .server import ServerObjectStore

            self.objects = ServerObjectStore(conn, self.root, self._mutex)
        else:
            self.objects = ObjectStore(self.root)
        self.read_only = lock is None if read_only is None else read_only

    @property
    def name(self) -> str:
        """How the archive is named to its user: the folder's name, or on a server who is
        logged in where (``staff1@server/evidence``)."""
        if self.server:
            from .server import server_key

            key = server_key(self.server)
            return f"{self.user}@{key['host']}/{key['dbname']}"
        return self.root.name

    # ----------------------------------------------------------------- opening and closing
    @classmethod
    def create(cls, root: Path, settings: dict | None = None) -> "Archive":
        """Make a new, empty archive folder (it may exist but must be empty), or a new archive
        in an empty database of a PostgreSQL server (``root`` is its ``postgresql://``
        address)."""
        if is_server_location(root):
            from .server import create_server_archive

            create_server_archive(root, dict(DEFAULT_SETTINGS, **(settings or {})), _now())
            return cls.open(root)
        root = Path(root)
        if (root / DB_NAME).exists():
            raise UsageError(f"{root} already holds an archive", Reason.ARCHIVE_EXISTS, (root,))
        if root.exists() and any(root.iterdir()):
            raise UsageError(f"{root} is not empty; choose a new or empty folder for the archive",
                             Reason.FOLDER_NOT_EMPTY, (root,))
        root.mkdir(parents=True, exist_ok=True)
        for sub in ("objects", "index", "cache"):
            (root / sub).mkdir(exist_ok=True)
        conn = sqlite3.connect(root / DB_NAME, isolation_level=None, check_same_thread=False)
        conn.execute(f"PRAGMA application_id = {APP_ID}")
        conn.execute("BEGIN")
        schema.create_schema(conn)
        values = dict(DEFAULT_SETTINGS, **(settings or {}))
        conn.executemany("INSERT INTO meta(key, value) VALUES (?, ?)", sorted(values.items()))
        conn.execute('INSERT INTO audit(at, "user", host, action, target, detail) '
                     "VALUES (?, ?, ?, 'create', ?, '{}')",
                     (_now(), current_user(), current_host(), "archive"))
        conn.execute("COMMIT")
        conn.close()
        return cls.open(root)

    @classmethod
    def open(cls, root: Path, read_only: bool = False,
             take_over_from: dict | None = None) -> "Archive":
        """Open an archive; for writing unless ``read_only``.

        ``take_over_from`` is the holder of an abandoned writer lock (from
        ``ArchiveLockedError.holder``), which the user has confirmed is no longer running:
        typically a computer that crashed with the archive open on a shared drive. The take
        over is written to the audit log.

        Raises:
            NotAnArchiveError: the folder has no archive database of ours.
            ArchiveTooNewError: written by a newer program version.
            ArchiveLockedError: another program is writing to it.
        """
        if is_server_location(root):
            from .server import open_server_archive

            return open_server_archive(cls, root, read_only)
        root = Path(root)
        db = root / DB_NAME
        if not root.is_dir():
            raise NotAnArchiveError(f"{root} does not exist or is not a folder")
        if not db.is_file():
            raise NotAnArchiveError(f"{root} is not an evidence archive (no {DB_NAME}); create "
                                    "one with `evidence-app init` or choose another folder")
        lock = None if read_only else WriterLock(root)
        took_over = lock.acquire(take_over_from) if lock else False
        try:
            conn = sqlite3.connect(db, isolation_level=None, check_same_thread=False,
                                   timeout=15)
            try:
                app_id = conn.execute("PRAGMA application_id").fetchone()[0]
                version = conn.execute("PRAGMA user_version").fetchone()[0]
            except sqlite3.DatabaseError as exc:
                conn.close()
                raise NotAnArchiveError(f"{db} is damaged or not a database ({exc})") from exc
            if app_id != APP_ID:
                conn.close()
                raise NotAnArchiveError(f"{db} is a database of some other program")
            if version > schema.SCHEMA_VERSION:
                conn.close()
                raise ArchiveTooNewError(
                    f"{root} was written by a newer version of this program (archive format "
                    f"{version}, this program knows up to {schema.SCHEMA_VERSION}); update the "
                    "program to open it")
            archive = cls(root, conn, lock)
            if lock and archive.setting(SNAPSHOT_KEY):
                # a read-only snapshot (copier.py): a copy, not the archive of record
                lock.release()
                archive._lock, archive.read_only, lock = None, True, None
            archive._configure()
            archive._bring_up_to_date(version, root)
            if lock:
                archive.objects.clear_incoming()
            if took_over:
                with archive._tx():
                    archive._audit("take-over", "archive", {"from": take_over_from})
            return archive
        except BaseException:
            if lock:
                lock.release()
            raise

    def _bring_up_to_date(self, version: int, where) -> None:
        """Migrate an archive of an older format (refused when opened read-only)."""
        if version < schema.SCHEMA_VERSION:
            if self.read_only:
                self.close()
                raise UsageError(f"{where} uses an older archive format ({version}); open "
                                 "it once for writing to upgrade it")
            self._migrate(version)

    def _configure(self) -> None:
        conn = self._conn
        conn.execute("PRAGMA foreign_keys = ON")
        shared = self.setting("shared_drive") == "yes" or is_network_path(self.root)
        if not self.read_only:
            # WAL needs shared memory, which network shares do not provide.
            conn.execute(f"PRAGMA journal_mode = {'DELETE' if shared else 'WAL'}")
        conn.execute("PRAGMA synchronous = NORMAL" if not shared else "PRAGMA synchronous = FULL")

    def _migrate(self, version: int) -> None:
        with self._tx():
            while version < schema.SCHEMA_VERSION:
                schema.MIGRATIONS[version](self._conn)
                version += 1
                self._conn.execute(f"PRAGMA user_version = {version}")
            self._audit("migrate", "archive", {"to": version})

    def close(self) -> None:
        with self._mutex:
            if self._conn is not None:
                self._conn.close()
                self._conn = None
            if self._lock:
                self._lock.release()

    def __enter__(self) -> "Archive":
        return self

    def __exit__(self, *exc) -> None:
        self.close()

    # ----------------------------------------------------------------- plumbing
    @contextmanager
    def _tx(self) -> Iterator[sqlite3.Connection]:
        """One write transaction with its audit rows; rolled back whole on any error.

        The audit rows are written last, just before COMMIT: on a server, where several
        clients write at once, they are written under one advisory lock, so audit ids are
        committed in ascending order and a client following ``generation()`` never skips a
        change that commits after a newer one (the lock is held only for those rows).
        """
        if self.read_only:
            raise UsageError("the archive is open read-only", Reason.READ_ONLY)
        with self._mutex:
            if self._lock:
                self._lock.verify()
            self._conn.execute("BEGIN" if self.server else "BEGIN IMMEDIATE")
            self._pending_audit.clear()
            try:
                yield self._conn
                if self._pending_audit:
                    if self.server:
                        self._conn.execute("SELECT pg_advisory_xact_lock(?)",
                                           (self._AUDIT_ORDER_LOCK,))
                    self._conn.executemany(
                        'INSERT INTO audit(at, "user", host, action, target, detail) '
                        "VALUES (?,?,?,?,?,?)", self._pending_audit)
                    # written together (under BEGIN IMMEDIATE, or the advisory lock): one range
                    last = self._conn.execute("SELECT MAX(id) FROM audit").fetchone()[0]
                    self._written_generation = last
                    self._own_audit.append((last - len(self._pending_audit) + 1, last))
            except BaseException:
                self._pending_audit.clear()
                self._conn.execute("ROLLBACK")
                raise
            self._pending_audit.clear()
            self._conn.execute("COMMIT")

    _AUDIT_ORDER_LOCK = 0x45564443

    def _q(self, sql: str, args: Iterable = ()) -> list[tuple]:
        with self._mutex:
            return self._conn.execute(sql, tuple(args)).fetchall()

    @contextmanager
    def snapshot(self) -> Iterator["Archive"]:
        """Several reads that must see one state (a coverage picture, say), even while another
        thread or program writes: holds the lock and one read transaction throughout.

        Nested snapshots (and a snapshot inside a write transaction) share the outer
        transaction. Other threads wait until it ends, so keep it short; do not write inside.
        """
        with self._mutex:
            own = not self._conn.in_transaction
            if own:
                self._conn.execute("BEGIN ISOLATION LEVEL REPEATABLE READ READ ONLY"
                                   if self.server else "BEGIN")
            try:
                yield self
            finally:
                if own:
                    self._conn.execute("COMMIT")

    def _audit(self, action: str, target: str, detail: dict | None = None) -> None:
        """Log a change of the current write transaction (written when it commits)."""
        self._pending_audit.append(
            (_now(), self.user, current_host(), action, target,
             json.dumps(detail or {}, ensure_ascii=False, sort_keys=True)))

    # ----------------------------------------------------------------- settings
    def setting(self, key: str) -> str:
        rows = self._q("SELECT value FROM meta WHERE key = ?", (key,))
        return rows[0][0] if rows else DEFAULT_SETTINGS.get(key, "")

    def settings(self) -> dict[str, str]:
        values = dict(DEFAULT_SETTINGS)
        values.update(dict(self._q("SELECT key, value FROM meta")))
        return values

    def set_setting(self, key: str, value: str) -> None:
        if key not in DEFAULT_SETTINGS:
            raise UsageError(f"unknown setting '{key}'; known: {', '.join(DEFAULT_SETTINGS)}")
        with self._tx() as conn:
            conn.execute("INSERT OR REPLACE INTO meta(key, value) VALUES (?, ?)", (key, value))
            self._audit("setting", key, {"value": value})

    def layout_settings(self) -> dict:
        """The layout choices a user keeps in the archive, typed: ``duplex`` (bool),
        ``page_budget`` (int, or None for the default), ``fonds_name`` (全宗名称),
        ``compiling_office`` (立卷单位/编制单位) and ``cover_date`` (YYYYMMDD, or None for the
        archive's latest change)."""
        values = self.settings()
        return {"duplex": values["duplex"] == "yes",
                "page_budget": int(values["page_budget"]) if values["page_budget"] else None,
                "fonds_name": values["fonds_name"],
                "compiling_office": values["compiling_office"],
                "cover_date": values["cover_date"] or None}

    def set_layout_settings(self, changes: dict) -> None:
        """Store some of the :meth:`layout_settings` (all validated first, then written in one
        audited transaction); None for ``page_budget`` or ``cover_date`` returns to the default.

        Raises:
            UsageError: an unknown name or a value that cannot be used.
        """
        stored = check_layout_settings(changes)
        if not stored:
            return
        with self._tx() as conn:
            conn.executemany("INSERT OR REPLACE INTO meta(key, value) VALUES (?, ?)",
                             sorted(stored.items()))
            self._audit("layout-settings", "archive", stored)

    # ----------------------------------------------------------------- catalogue
    def import_catalogue(self, data: CatalogueData) -> CatalogueReport:
        """Apply a parsed catalogue, updating entries in place by code.

        Tags are never lost: a requirement or mechanism that left the catalogue is deleted only
        when nothing is tagged to it; otherwise it is kept, marked retired and reported.

        Raises:
            CatalogueError: the file names requirements the archive does not have (mechanisms-only
                files); nothing is changed.
        """
        report = CatalogueReport()
        with self._tx() as conn:
            leader_ids = self._upsert_leaders(conn, data)
            unit_ids = self._upsert_units(conn, data, leader_ids, report)
            if data.requirements:
                self._apply_requirements(conn, data, unit_ids, leader_ids, report)
            if data.mechanisms:
                self._apply_mechanisms(conn, data, report)
            self._audit("import-catalogue", "catalogue", {
                "added": report.added, "updated": report.updated,
                "removed": report.removed, "retired": report.retired})
        return report

    @staticmethod
    def _upsert_leaders(conn, data: CatalogueData) -> dict[str, int]:
        names = {u.leader for u in data.units} | {r.leader for r in data.requirements}
        for name in sorted(n for n in names if n):
            conn.execute("INSERT OR IGNORE INTO leaders(name) VALUES (?)", (name,))
        return dict(conn.execute("SELECT name, id FROM leaders"))

    @staticmethod
    def _upsert_units(conn, data, leader_ids, report) -> dict[str, int]:
        existing = dict(conn.execute("SELECT name, id FROM units"))
        wanted: dict[str, tuple[str, str]] = {}
        for row in data.requirements:
            wanted.setdefault(row.lead_unit, ("lead", ""))
            for name in row.responsible_units:
                wanted.setdefault(name, ("responsible", ""))
        for unit in data.units:  # the units sheet is authoritative for kind and leader
            wanted[unit.name] = (unit.kind, unit.leader)
        added = updated = 0
        for name, (kind, leader) in wanted.items():
            leader_id = leader_ids.get(leader) if leader else None
            if name in existing:
                if any(u.name == name for u in data.units):
                    conn.execute("UPDATE units SET kind = ?, leader_id = ? WHERE id = ?",
                                 (kind, leader_id, existing[name]))
                    updated += 1
            else:
                conn.execute("INSERT INTO units(name, kind, leader_id) VALUES (?, ?, ?)",
                             (name, kind, leader_id))
                added += 1
        report.added["units"], report.updated["units"] = added, updated
        return dict(conn.execute("SELECT name, id FROM units"))

    def _apply_requirements(self, conn, data, unit_ids, leader_ids, report) -> None:
        section_ids: dict[str, int] = {}
        for row in data.requirements:
            code = row.section_code
            if code and code not in section_ids:
                conn.execute("INSERT INTO sections(code, name, ord) VALUES (?, ?, ?) "
                             "ON CONFLICT(code) DO UPDATE SET name = excluded.name, "
                             "ord = excluded.ord", (code, row.section_name or code,
                                                    len(section_ids)))
                section_ids[code] = conn.execute("SELECT id FROM sections WHERE code = ?",
                                                 (code,)).fetchone()[0]
        task_ids: dict[str, int] = {}
        for row in data.requirements:
            if row.task_code not in task_ids:
                conn.execute("INSERT INTO tasks(code, name, section_id, ord) VALUES (?,?,?,?) "
                             "ON CONFLICT(code) DO UPDATE SET name = excluded.name, "
                             "section_id = excluded.section_id, ord = excluded.ord",
                             (row.task_code, row.task_name, section_ids.get(row.section_code),
                              len(task_ids)))
                task_ids[row.task_code] = conn.execute("SELECT id FROM tasks WHERE code = ?",
                                                       (row.task_code,)).fetchone()[0]
        existing = dict(conn.execute("SELECT code, id FROM requirements"))
        added = updated = 0
        for order, row in enumerate(data.requirements):
            values = (row.text, task_ids[row.task_code], unit_ids[row.lead_unit],
                      leader_ids.get(row.leader) if row.leader else None, order)
            if row.code in existing:
                req_id = existing[row.code]
                conn.execute("UPDATE requirements SET text=?, task_id=?, lead_unit_id=?, "
                             "leader_id=?, ord=?, retired=0 WHERE id=?", values + (req_id,))
                conn.execute("DELETE FROM requirement_units WHERE requirement_id = ?", (req_id,))
                updated += 1
            else:
                req_id = conn.execute("INSERT INTO requirements(text, task_id, lead_unit_id, "
                                      "leader_id, ord, code) VALUES (?,?,?,?,?,?)",
                                      values + (row.code,)).lastrowid
                added += 1
            conn.executemany("INSERT OR IGNORE INTO requirement_units VALUES (?, ?)",
                             [(req_id, unit_ids[n]) for n in row.responsible_units])
        report.added["requirements"], report.updated["requirements"] = added, updated
        gone = sorted(set(existing) - {r.code for r in data.requirements})
        removed, retired = [], []
        for code in gone:
            req_id = existing[code]
            tagged = conn.execute("SELECT COUNT(*) FROM document_requirements "
                                  "WHERE requirement_id = ?", (req_id,)).fetchone()[0]
            if tagged:
                conn.execute("UPDATE requirements SET retired = 1, ord = ? WHERE id = ?",
                             (len(data.requirements) + len(retired), req_id))
                retired.append(code)
            else:
                conn.execute("DELETE FROM requirements WHERE id = ?", (req_id,))
                removed.append(code)
        report.removed["requirements"], report.retired["requirements"] = removed, retired
        conn.execute("DELETE FROM tasks WHERE code NOT IN (%s) AND id NOT IN "
                     "(SELECT task_id FROM requirements WHERE task_id IS NOT NULL)"
                     % ",".join("?" * len(task_ids)), list(task_ids))
        conn.execute("DELETE FROM sections WHERE id NOT IN "
                     "(SELECT section_id FROM tasks WHERE section_id IS NOT NULL)")

    def _apply_mechanisms(self, conn, data, report) -> None:
        req_ids = dict(conn.execute("SELECT code, id FROM requirements"))
        existing = dict(conn.execute("SELECT code, id FROM mechanisms"))
        added = updated = 0
        for order, row in enumerate(data.mechanisms):
            for code in row.requirements:
                if code not in req_ids:
                    raise CatalogueError(f"mechanism {row.code} points at requirement {code}, "
                                         "which the archive does not have", sheet="制度机制",
                                         reason=Reason.UNKNOWN_REQUIREMENT, params=(code,))
            values = (row.title, row.issuer, row.doc_number, row.date, order)
            if row.code in existing:
                mech_id = existing[row.code]
                conn.execute("UPDATE mechanisms SET title=?, issuer=?, doc_number=?, doc_date=?,"
                             " ord=?, retired=0 WHERE id=?", values + (mech_id,))
                conn.execute("DELETE FROM mechanism_requirements WHERE mechanism_id = ?",
                             (mech_id,))
                updated += 1
            else:
                mech_id = conn.execute("INSERT INTO mechanisms(title, issuer, doc_number, "
                                       "doc_date, ord, code) VALUES (?,?,?,?,?,?)",
                                       values + (row.code,)).lastrowid
                added += 1
            conn.executemany("INSERT OR IGNORE INTO mechanism_requirements VALUES (?, ?)",
                             [(mech_id, req_ids[c]) for c in row.requirements])
        report.added["mechanisms"], report.updated["mechanisms"] = added, updated
        removed, retired = [], []
        for code in sorted(set(existing) - {m.code for m in data.mechanisms}):
            mech_id = existing[code]
            in_use = conn.execute(
                "SELECT (SELECT COUNT(*) FROM document_mechanisms WHERE mechanism_id = ?) + "
                "(SELECT COUNT(*) FROM mechanisms WHERE id = ? AND text_document_id IS NOT NULL)",
                (mech_id, mech_id)).fetchone()[0]
            if in_use:
                conn.execute("UPDATE mechanisms SET retired = 1, ord = ? WHERE id = ?",
                             (len(data.mechanisms) + len(retired), mech_id))
                retired.append(code)
            else:
                conn.execute("DELETE FROM mechanisms WHERE id = ?", (mech_id,))
                removed.append(code)
        report.removed["mechanisms"], report.retired["mechanisms"] = removed, retired

    # ----------------------------------------------------------------- catalogue reads
    def requirements(self, include_retired: bool = True) -> list[Requirement]:
        rows = self._q(
            "SELECT r.id, r.code, r.text, t.code, t.name, s.code, s.name, u.name, l.name, "
            "r.retired FROM requirements r LEFT JOIN tasks t ON t.id = r.task_id "
            "LEFT JOIN sections s ON s.id = t.section_id LEFT JOIN units u ON u.id = "
            "r.lead_unit_id LEFT JOIN leaders l ON l.id = r.leader_id "
            + ("" if include_retired else "WHERE r.retired = 0 ") +
            "ORDER BY r.retired, r.ord")
        responsible: dict[int, list[str]] = {}
        for req_id, name in self._q("SELECT ru.requirement_id, u.name FROM requirement_units ru "
                                    "JOIN units u ON u.id = ru.unit_id ORDER BY u.id"):
            responsible.setdefault(req_id, []).append(name)
        return [Requirement(id=r[0], code=r[1], text=r[2], task_code=r[3], task_name=r[4],
                            section_code=r[5], section_name=r[6], lead_unit=r[7], leader=r[8],
                            responsible_units=responsible.get(r[0], []), retired=bool(r[9]))
                for r in rows]

    def requirement(self, code: str) -> Requirement:
        for req in self.requirements():
            if req.code == code:
                return req
        raise NotFoundError(f"no requirement with code {code}", Reason.UNKNOWN_REQUIREMENT,
                            (code,))

    def tasks(self) -> list[tuple[str, str, str | None]]:
        """(code, name, section code) in catalogue order."""
        return self._q("SELECT t.code, t.name, s.code FROM tasks t LEFT JOIN sections s "
                       "ON s.id = t.section_id ORDER BY t.ord")

    def sections(self) -> list[tuple[str, str]]:
        return self._q("SELECT code, name FROM sections ORDER BY ord")

    def mechanisms(self) -> list[Mechanism]:
        links: dict[int, list[str]] = {}
        for mech_id, code in self._q("SELECT mr.mechanism_id, r.code FROM mechanism_requirements"
                                     " mr JOIN requirements r ON r.id = mr.requirement_id "
                                     "ORDER BY r.ord"):
            links.setdefault(mech_id, []).append(code)
        return [Mechanism(id=r[0], code=r[1], title=r[2], issuer=r[3], doc_number=r[4],
                          date=r[5], requirements=links.get(r[0], []), text_document_id=r[6],
                          retired=bool(r[7]))
                for r in self._q("SELECT id, code, title, issuer, doc_number, doc_date, "
                                 "text_document_id, retired FROM mechanisms "
                                 "ORDER BY retired, ord")]

    def units(self) -> list[Unit]:
        return [Unit(*r) for r in self._q("SELECT u.id, u.name, u.kind, l.name FROM units u "
                                          "LEFT JOIN leaders l ON l.id = u.leader_id "
                                          "ORDER BY u.kind, u.id")]

    def leaders(self) -> list[str]:
        return [r[0] for r in self._q("SELECT name FROM leaders ORDER BY id")]

    def task_requirement_codes(self, code: str) -> list[str]:
        """The requirement codes under a task (or section) code; [] if it is neither."""
        rows = self._q("SELECT r.code FROM requirements r JOIN tasks t ON t.id = r.task_id "
                       "LEFT JOIN sections s ON s.id = t.section_id "
                       "WHERE t.code = ? OR s.code = ? ORDER BY r.ord", (code, code))
        return [r[0] for r in rows]

    def _requirement_ids(self, codes: Iterable[str]) -> dict[str, int]:
        known = dict(self._q("SELECT code, id FROM requirements"))
        result = {}
        for code in codes:
            if code not in known:
                under = self.task_requirement_codes(code)
                hint = (f"; {code} is a task — tag with one of its requirements: "
                        f"{', '.join(under)}" if under else "")
                raise NotFoundError(f"no requirement with code {code}{hint}",
                                    Reason.TASK_NOT_REQUIREMENT if under else
                                    Reason.UNKNOWN_REQUIREMENT, (code, "、".join(under)))
            result[code] = known[code]
        return result

    def _mechanism_ids(self, codes: Iterable[str]) -> dict[str, int]:
        known = dict(self._q("SELECT code, id FROM mechanisms"))
        result = {}
        for code in codes:
            if code not in known:
                raise NotFoundError(f"no mechanism with code {code}", Reason.UNKNOWN_MECHANISM,
                                    (code,))
            result[code] = known[code]
        return result

    def unit_id(self, name: str) -> int:
        rows = self._q("SELECT id FROM units WHERE name = ?", (name,))
        if not rows:
            raise NotFoundError(f"no unit named {name}", Reason.UNKNOWN_UNIT, (name,))
        return rows[0][0]

    # ----------------------------------------------------------------- documents
    def document_id_for_sha(self, sha256: str) -> int | None:
        """The document holding this file: stored as it is, or stored unlocked."""
        rows = self._q("SELECT id FROM documents WHERE sha256 = ? UNION ALL "
                       "SELECT document_id FROM document_sources WHERE sha256 = ?",
                       (sha256, sha256))
        return rows[0][0] if rows else None

    def validate_tags(self, requirements: Iterable[str] = (), mechanisms: Iterable[str] = (),
                      unit: str | None = None) -> None:
        """Raise NotFoundError before an import starts if a tag or unit does not exist."""
        self._requirement_ids(requirements)
        self._mechanism_ids(mechanisms)
        if unit:
            self.unit_id(unit)

    def add_documents(self, new_docs: list[NewDocument], source_paths: list[Path]) -> list[int]:
        """Store originals and insert their records in one transaction.

        Originals are copied first (atomically, verified by hash), then rows are committed: a
        crash in between leaves only unreferenced objects, never a row without its original.
        Returns the new ids in order; on a server, None for a file another client stored
        since the caller checked it (it is then a duplicate of theirs).

        Raises:
            FileRejectedError: a source changed while being copied (nothing of the batch is kept
                in the database; callers retry file by file to isolate it).
        """
        for doc, path in zip(new_docs, source_paths):
            self.objects.put(path, doc.sha256)
        ids = []
        with self._tx() as conn:
            for doc in new_docs:
                req_ids = self._requirement_ids(doc.requirements)
                mech_ids = self._mechanism_ids(doc.mechanisms)
                unit_id = self.unit_id(doc.source_unit) if doc.source_unit else None
                doc_id = conn.execute(
                    ("INSERT OR IGNORE" if self.server else "INSERT") +
                    " INTO documents(sha256, size, original_name, ext, kind, title, "
                    "title_supplied, doc_number, issuer, doc_date, pages, has_text, "
                    "needs_conversion, classification, retention, source_unit_id, note, "
                    "imported_at, imported_by) VALUES (?,?,?,?,?,?,?,?,?,?,?,?,?,?,?,?,?,?,?)",
                    (doc.sha256, doc.size, doc.original_name, doc.ext, doc.kind, doc.title,
                     int(doc.title_supplied), doc.doc_number, doc.issuer, doc.date, doc.pages,
                     int(doc.has_text), int(doc.needs_conversion), doc.classification,
                     self.setting("retention"), unit_id, doc.note, _now(),
                     self.user)).lastrowid
                if doc_id is None:   # the same bytes committed by another client meanwhile
                    ids.append(None)
                    continue
                waiting = set(doc.awaiting_ocr)
                conn.executemany("INSERT INTO page_text(document_id, page, text, source) "
                                 "VALUES (?,?,?,?)",
                                 [(doc_id, i + 1, t, "none" if i + 1 in waiting else "text")
                                  for i, t in enumerate(doc.page_texts)])
                conn.executemany("INSERT INTO ocr_queue(document_id, page) VALUES (?, ?)",
                                 [(doc_id, page) for page in sorted(waiting)])
                conn.executemany("INSERT INTO document_requirements VALUES (?, ?)",
                                 [(doc_id, r) for r in req_ids.values()])
                conn.executemany("INSERT INTO document_mechanisms VALUES (?, ?)",
                                 [(doc_id, m) for m in mech_ids.values()])
                if doc.unlocked_from:
                    conn.execute("INSERT OR IGNORE INTO document_sources(sha256, document_id, "
                                 "how) VALUES (?, ?, 'password removed')",
                                 (doc.unlocked_from, doc_id))
                if doc.mechanism_text_of:
                    conn.execute("UPDATE mechanisms SET text_document_id = ? WHERE id = ?",
                                 (doc_id, self._mechanism_ids([doc.mechanism_text_of])
                                  [doc.mechanism_text_of]))
                self._audit("add", f"document {doc_id}", {
                    "name": doc.original_name, "sha256": doc.sha256,
                    "requirements": doc.requirements, "mechanisms": doc.mechanisms,
                    "mechanism_text_of": doc.mechanism_text_of,
                    **({"unlocked_from": doc.unlocked_from} if doc.unlocked_from else {})})
                ids.append(doc_id)
        return ids

    def _documents_where(self, where: str, args: tuple) -> list[Document]:
        rows = self._q(f"SELECT {_DOC_COLUMNS} FROM documents d LEFT JOIN units u "
                       f"ON u.id = d.source_unit_id {where}", args)
        docs = [Document(id=r[0], sha256=r[1], size=r[2], original_name=r[3], ext=r[4],
                         kind=r[5], title=r[6], title_supplied=bool(r[7]), doc_number=r[8],
                         issuer=r[9], date=r[10], pages=r[11], has_text=bool(r[12]),
                         needs_conversion=bool(r[13]), classification=r[14], retention=r[15],
                         is_copy=bool(r[16]), source_unit=r[17], note=r[18], imported_at=r[19],
                         imported_by=r[20], password_removed=bool(r[21]), version=r[22])
                for r in rows]
        if docs:
            by_id = {d.id: d for d in docs}
            # a few documents: read just their tags; many: one pass over all tags is quicker
            pairs = self.tag_pairs(list(by_id) if len(by_id) <= 900 else None)
            for doc_id, code in pairs.requirements:
                if doc_id in by_id:
                    by_id[doc_id].requirements.append(code)
            for doc_id, code in pairs.mechanisms:
                if doc_id in by_id:
                    by_id[doc_id].mechanisms.append(code)
        return docs

    def document(self, doc_id: int) -> Document:
        docs = self._documents_where("WHERE d.id = ?", (int(doc_id),))
        if not docs:
            raise NotFoundError(f"no document with id {doc_id}", Reason.DOCUMENT_GONE,
                                (doc_id,))
        return docs[0]

    def documents(self, requirement: str | None = None, mechanism: str | None = None,
                  unit: str | None = None, kind: str | None = None, untagged: bool = False,
                  ids: Iterable[int] | None = None, tagged: bool = False,
                  dated: tuple[str, str] | None = None) -> list[Document]:
        """Documents matching every given filter, in import order (filters: document_ids)."""
        where, args = self._document_filter(requirement, mechanism, unit, kind, untagged, ids,
                                            tagged, dated)
        return self._documents_where(where + " ORDER BY d.id", args)

    def document_ids(self, requirement: str | None = None, mechanism: str | None = None,
                     unit: str | None = None, kind: str | None = None, untagged: bool = False,
                     ids: Iterable[int] | None = None, tagged: bool = False,
                     dated: tuple[str, str] | None = None) -> list[int]:
        """Ids of the documents matching every given filter, ascending (all without filters).

        ``requirement`` may be a task or section code, meaning all requirements under it;
        ``unit`` is the source unit's name; ``tagged``/``untagged`` keep the documents with
        (without) any requirement or mechanism tag; ``dated`` is an inclusive (YYYYMMDD,
        YYYYMMDD) range of the document date; ``ids`` keeps only those of these ids that exist.
        """
        where, args = self._document_filter(requirement, mechanism, unit, kind, untagged, ids,
                                            tagged, dated)
        return [r[0] for r in self._q(f"SELECT d.id FROM documents d {where} ORDER BY d.id",
                                      args)]

    def _document_filter(self, requirement, mechanism, unit, kind, untagged, ids, tagged, dated
                ) -> tuple[str, tuple]:
        """The WHERE clause (over ``documents d``) of the document filters; the one place
        that answers them, for listings, the window and search alike."""
        clauses, args = [], []
        if requirement:
            codes = self.task_requirement_codes(requirement) or [requirement]
            clauses.append("d.id IN (SELECT dr.document_id FROM document_requirements dr JOIN "
                           "requirements r ON r.id = dr.requirement_id WHERE r.code IN (%s))"
                           % ",".join("?" * len(codes)))
            args += codes
        if mechanism:
            clauses.append("d.id IN (SELECT dm.document_id FROM document_mechanisms dm JOIN "
                           "mechanisms m ON m.id = dm.mechanism_id WHERE m.code = ?)")
            args.append(mechanism)
        if unit:
            clauses.append("d.source_unit_id IN (SELECT id FROM units WHERE name = ?)")
            args.append(unit)
        if kind:
            clauses.append("d.kind = ?")
            args.append(kind)
        tags = ("(d.id IN (SELECT document_id FROM document_requirements) OR "
                "d.id IN (SELECT document_id FROM document_mechanisms))")
        if untagged:
            clauses.append("NOT " + tags)
        if tagged:
            clauses.append(tags)
        if dated:
            clauses.append("d.doc_date >= ? AND d.doc_date <= ?")
            args += dated
        if ids is not None:
            id_list = [int(i) for i in ids]
            clauses.append("d.id IN (%s)" % ",".join("?" * len(id_list)) if id_list else "FALSE")
            args += id_list
        return ("WHERE " + " AND ".join(clauses)) if clauses else "", tuple(args)

    def has_documents(self) -> bool:
        return bool(self._q("SELECT 1 FROM documents LIMIT 1"))

    def index_facts(self) -> list[tuple]:
        """Every document's facts its search entry derives from, as plain tuples in the order
        of DocumentFacts (every index check reads 20,000 of them: no per-row object)."""
        return self._q(f"SELECT {_FACT_COLUMNS} FROM documents")

    def text_sources(self, doc_ids: list[int]) -> list[tuple[DocumentFacts, list[str]]]:
        """The facts and page texts (in page order) of these documents, by ascending id;
        ids no longer in the archive are left out. Read a few hundred at a time."""
        marks = ",".join("?" * len(doc_ids))
        with self.snapshot():  # both reads see the same state
            facts = self._q(f"SELECT {_FACT_COLUMNS} FROM documents WHERE id IN ({marks}) "
                            "ORDER BY id", doc_ids)
            texts: dict[int, list[str]] = {f[0]: [] for f in facts}
            for doc_id, text in self._q(f"SELECT document_id, text FROM page_text WHERE "
                                        f"document_id IN ({marks}) ORDER BY document_id, page",
                                        doc_ids):
                if doc_id in texts:
                    texts[doc_id].append(text)
        return [(DocumentFacts._make(f), texts[f[0]]) for f in facts]

    def tag_pairs(self, doc_ids: list[int] | None = None) -> TagPairs:
        """The tags of these documents (all documents when None), codes in catalogue order."""
        where = (" WHERE document_id IN (%s)" % ",".join("?" * len(doc_ids))
                 if doc_ids is not None else "")
        args = doc_ids or ()
        return TagPairs(
            self._q("SELECT dr.document_id, r.code FROM document_requirements dr JOIN "
                    f"requirements r ON r.id = dr.requirement_id{where} ORDER BY r.ord", args),
            self._q("SELECT dm.document_id, m.code FROM document_mechanisms dm JOIN "
                    f"mechanisms m ON m.id = dm.mechanism_id{where} ORDER BY m.ord", args))

    def original_path(self, doc: Document | int) -> Path:
        sha = doc.sha256 if isinstance(doc, Document) else self.document(doc).sha256
        return self.objects.path_for(sha)

    def page_texts(self, doc_id: int, pages: Iterable[int] | None = None) -> list[str]:
        """The text of a document's pages in order: all, or those numbered in ``pages``."""
        if pages is None:
            return [r[0] for r in self._q("SELECT text FROM page_text WHERE document_id = ? "
                                          "ORDER BY page", (int(doc_id),))]
        numbers = [int(p) for p in pages]
        return [r[0] for r in self._q(
            "SELECT text FROM page_text WHERE document_id = ? AND page IN (%s) ORDER BY page"
            % ",".join("?" * len(numbers)), [int(doc_id)] + numbers)]

    def check_document_fields(self, **fields) -> dict[str, object]:
        """The columns an edit of a document's descriptive fields would write, validated and
        normalised, without writing them: the window checks what was typed at once and
        saves on the writer thread.

        Raises:
            UsageError: an unknown field or a value that does not parse (a bad 文号 or date),
                with the reason key and the value the window names.
        """
        unknown = set(fields) - EDITABLE_FIELDS
        if unknown:
            raise UsageError(f"cannot edit {', '.join(sorted(unknown))}; editable fields: "
                             f"{', '.join(sorted(EDITABLE_FIELDS))}")
        columns: dict[str, object] = {}
        for name, value in fields.items():
            value = value.strip() if isinstance(value, str) else value
            if name == "title":
                if not value:
                    raise UsageError("a document needs a title", Reason.TITLE_REQUIRED)
                columns["title"], columns["title_supplied"] = value, 1
            elif name == "doc_number":
                if value:
                    canonical = normalize_doc_number(value)
                    if canonical is None:
                        raise UsageError(f"'{value}' is not a document number like "
                                         "潭政办发〔2021〕12号", Reason.BAD_DOC_NUMBER, (value,))
                    value = canonical
                columns["doc_number"] = value or None
            elif name == "date":
                if value:
                    parsed = parse_date(value)
                    if parsed is None:
                        raise UsageError(f"'{value}' is not a date (write 20210312 or "
                                         "2021年3月12日)", Reason.BAD_DATE, (value,))
                    value = parsed
                columns["doc_date"] = value or None
            elif name == "retention":
                if value and value not in RETENTIONS:
                    raise UsageError(f"retention must be one of {'、'.join(RETENTIONS)}",
                                     Reason.BAD_RETENTION, (value, "、".join(RETENTIONS)))
                columns["retention"] = value or None
            elif name == "source_unit":
                columns["source_unit_id"] = self.unit_id(value) if value else None
            elif name == "is_copy":
                columns["is_copy"] = int(bool(value))
            elif name == "classification":
                columns["classification"] = value or None
            else:
                columns[name] = value or ("" if name == "note" else None)
        return columns

    def update_document(self, doc_id: int, seen_version: int | None = None,
                        **fields) -> Document:
        """Edit a document's descriptive fields, validated and normalised
        (:meth:`check_document_fields` says how).

        ``seen_version`` is the record's ``version`` the editor was looking at (the window
        passes the one it shows); without it, the version read here. The edit is saved only if
        the record is still at that version, and raises its version by one.

        Raises:
            UsageError: an unknown field or a value that does not parse (a bad 文号 or date).
            NotFoundError: no such document (any more).
            EditConflictError: someone changed the record since that version; nothing saved.
        """
        columns = self.check_document_fields(**fields)
        before = self.document(doc_id)
        if "title" in fields and fields["title"].strip() == before.title:
            columns["title_supplied"] = int(before.title_supplied)
        seen = before.version if seen_version is None else int(seen_version)
        with self._tx() as conn:
            saved = conn.execute("UPDATE documents SET %s, version = version + 1 "
                                 "WHERE id = ? AND version = ?"
                                 % ", ".join(f"{c} = ?" for c in columns),
                                 list(columns.values()) + [int(doc_id), seen]).rowcount
            if saved:
                self._audit("edit", f"document {doc_id}", {
                    k: {"from": getattr(before, k, None), "to": v} for k, v in fields.items()})
        if not saved:
            theirs = self.document(doc_id)
            raise EditConflictError(
                f"document {doc_id} was changed by someone else since you read it (you edited "
                f"version {seen}, it is now version {theirs.version}); nothing was saved: look "
                "at the record as it is now and make your changes again",
                seen=seen, current=theirs.version, mine=dict(fields), theirs=theirs)
        return self.document(doc_id)

    def remove_document(self, doc_id: int) -> Document:
        """Delete a document, its tags and its stored original."""
        doc = self.document(doc_id)
        with self._tx() as conn:
            conn.execute("DELETE FROM documents WHERE id = ?", (doc.id,))
            # the tags it had are logged so coverage "as of" an earlier date stays right
            self._audit("remove", f"document {doc.id}", {
                "name": doc.original_name, "sha256": doc.sha256,
                "requirements": doc.requirements, "mechanisms": doc.mechanisms})
        self.objects.remove(doc.sha256)
        return doc

    # ----------------------------------------------------------------- tags
    def tag(self, doc_ids: Iterable[int], requirements: Iterable[str] = (),
            mechanisms: Iterable[str] = (), remove: bool = False,
            via: str | None = None) -> TagChange:
        """Add (or remove) tags on documents; returns exactly what changed, for undo.

        ``via`` names what proposed the change when it was not a person's own choice (an
        automatic link by 文号, an applied suggestion); the audit log keeps it.

        Raises:
            NotFoundError: a document, requirement or mechanism does not exist; nothing changes.
        """
        doc_ids = [int(d) for d in doc_ids]
        reqs, mechs = list(requirements), list(mechanisms)
        wanted = TagChange()
        req_pairs = [(d, c) for d in doc_ids for c in reqs]
        mech_pairs = [(d, c) for d in doc_ids for c in mechs]
        if remove:
            wanted.removed_requirements, wanted.removed_mechanisms = req_pairs, mech_pairs
        else:
            wanted.added_requirements, wanted.added_mechanisms = req_pairs, mech_pairs
        return self._apply_tags(wanted, "untag" if remove else "tag", via)

    def undo_tags(self, change: TagChange, redo: bool = False) -> TagChange:
        """Reverse a TagChange exactly (what was added is removed and vice versa).

        Only your own change is undone: a pair that someone else (another person, another PC,
        another window) changed again after ``change`` keeps their word, and is left out of
        the result; this Archive's own later changes (an undo stack) do not count.
        ``redo``: this reverses an undo (the window's Ctrl+Y), and the audit log says so.
        """
        inverse = TagChange(added_requirements=change.removed_requirements,
                            removed_requirements=change.added_requirements,
                            added_mechanisms=change.removed_mechanisms,
                            removed_mechanisms=change.added_mechanisms)
        return self._apply_tags(inverse, "redo" if redo else "undo",
                                since=change.generation or None)

    _TAG_LISTS = {"added_requirements": "requirement", "removed_requirements": "requirement",
                  "added_mechanisms": "mechanism", "removed_mechanisms": "mechanism"}

    def _tags_changed_since(self, conn, generation: int, doc_ids: set[int]
                            ) -> set[tuple[int, str, str]]:
        """(document, kind, code) of the tag pairs someone else changed after ``generation``."""
        changed = set()
        own = [(first, last) for first, last in self._own_audit if last > generation]
        for audit_id, target, detail in conn.execute(
                "SELECT id, target, detail FROM audit WHERE id > ? AND action IN "
                "('tag', 'untag', 'undo', 'redo')", (generation,)).fetchall():
            doc_id = int(target.split()[1])
            if doc_id in doc_ids and not any(a <= audit_id <= b for a, b in own):
                for name, codes in json.loads(detail).items():
                    if name in self._TAG_LISTS:
                        changed.update((doc_id, self._TAG_LISTS[name], c) for c in codes)
        return changed

    def _apply_tags(self, wanted: TagChange, action: str, via: str | None = None,
                    since: int | None = None) -> TagChange:
        """Apply the pairs of ``wanted`` in one transaction; report the ones that changed.

        ``since``: leave out the pairs changed after this generation (see ``undo_tags``).
        Pairs are written in (document, code) order, so writers on a server, each taking its
        rows' locks in the same order, never deadlock."""
        req_ids = self._requirement_ids({c for _, c in wanted.added_requirements
                                         + wanted.removed_requirements})
        mech_ids = self._mechanism_ids({c for _, c in wanted.added_mechanisms
                                        + wanted.removed_mechanisms})
        done = TagChange()
        with self._tx() as conn:
            for doc_id in sorted(wanted.document_ids()):
                if not conn.execute("SELECT 1 FROM documents WHERE id = ?", (doc_id,)).fetchone():
                    raise NotFoundError(f"no document with id {doc_id}",
                                        Reason.DOCUMENT_GONE, (doc_id,))
            later = (self._tags_changed_since(conn, since, wanted.document_ids())
                     if since is not None else set())
            for table, column, ids, pairs, out, adding in (
                    ("document_requirements", "requirement_id", req_ids,
                     wanted.added_requirements, done.added_requirements, True),
                    ("document_requirements", "requirement_id", req_ids,
                     wanted.removed_requirements, done.removed_requirements, False),
                    ("document_mechanisms", "mechanism_id", mech_ids,
                     wanted.added_mechanisms, done.added_mechanisms, True),
                    ("document_mechanisms", "mechanism_id", mech_ids,
                     wanted.removed_mechanisms, done.removed_mechanisms, False)):
                sql = (f"INSERT OR IGNORE INTO {table} VALUES (?, ?)" if adding else
                       f"DELETE FROM {table} WHERE document_id = ? AND {column} = ?")
                kind = "requirement" if column == "requirement_id" else "mechanism"
                for doc_id, code in sorted(pairs):
                    if (doc_id, kind, code) in later:
                        continue
                    if conn.execute(sql, (doc_id, ids[code])).rowcount:
                        out.append((doc_id, code))
            for doc_id in sorted(done.document_ids()):
                detail = {name: [c for d, c in getattr(done, name) if d == doc_id]
                          for name in ("added_requirements", "removed_requirements",
                                       "added_mechanisms", "removed_mechanisms")}
                detail["via"] = via
                self._audit(action, f"document {doc_id}", {k: v for k, v in detail.items() if v})
        if done.count:
            done.generation = self._written_generation
        return done

    # ----------------------------------------------------------------- audit, stats, check
    def audit_log(self, limit: int | None = None, since: str | None = None,
                  until_day: str | None = None, actions: Iterable[str] | None = None
                  ) -> list[dict]:
        """Audit entries, oldest first: the last ``limit``, from ``since`` (an ISO time) up to
        the end of ``until_day`` (YYYY-MM-DD), of the given ``actions`` only."""
        sql = 'SELECT id, at, "user", host, action, target, detail FROM audit'
        clauses: list[str] = []
        args: list = []
        if since:
            clauses.append("at >= ?")
            args.append(since)
        if until_day:
            clauses.append("substr(at, 1, 10) <= ?")
            args.append(until_day)
        if actions is not None:
            wanted = list(actions)
            clauses.append("action IN (%s)" % ",".join("?" * len(wanted)))
            args += wanted
        if clauses:
            sql += " WHERE " + " AND ".join(clauses)
        sql += " ORDER BY id DESC" + (f" LIMIT {int(limit)}" if limit else "")
        return [{"id": r[0], "at": r[1], "user": r[2], "host": r[3], "action": r[4],
                 "target": r[5], "detail": json.loads(r[6])} for r in self._q(sql, args)][::-1]

    def last_change_date(self, ignoring: Iterable[str] = ()) -> str:
        """Date (YYYYMMDD) of the newest audit entry, not counting the ``ignoring`` actions:
        the reproducible 'as of' of a report or a batch."""
        skip = list(ignoring)
        row = self._q("SELECT MAX(at) FROM audit WHERE action NOT IN (%s)"
                      % ",".join("?" * len(skip)), skip)[0][0]
        return (row or _now())[:10].replace("-", "")

    def generation(self) -> int:
        """A number that grows with every change to the archive (the newest audit entry):
        derived data (the search index) compares it to know whether it must catch up."""
        return self._q("SELECT COALESCE(MAX(id), 0) FROM audit")[0][0]

    def changed_by_others(self, since: int, upto: int) -> bool:
        """Whether the changes between two generations (audit ids ``since`` < id ≤ ``upto``)
        include one this Archive object did not write: a window following a server archive
        refreshes only for someone else's change (a gap in the ids counts as one)."""
        own = sum(min(last, upto) - max(first, since + 1) + 1
                  for first, last in self._own_audit if last > since and first <= upto)
        return own < upto - since

    def stats(self) -> dict[str, int]:
        one = lambda sql: self._q(sql)[0][0] or 0  # noqa: E731 - a tiny local shorthand
        return {
            "sections": one("SELECT COUNT(*) FROM sections"),
            "tasks": one("SELECT COUNT(*) FROM tasks"),
            "requirements": one("SELECT COUNT(*) FROM requirements WHERE retired = 0"),
            "retired_requirements": one("SELECT COUNT(*) FROM requirements WHERE retired = 1"),
            "mechanisms": one("SELECT COUNT(*) FROM mechanisms WHERE retired = 0"),
            "units": one("SELECT COUNT(*) FROM units"),
            "lead_units": one("SELECT COUNT(*) FROM units WHERE kind = 'lead'"),
            "responsible_units": one("SELECT COUNT(*) FROM units WHERE kind = 'responsible'"),
            "leaders": one("SELECT COUNT(*) FROM leaders"),
            "documents": one("SELECT COUNT(*) FROM documents"),
            "pages": int(one("SELECT SUM(pages) FROM documents")),  # a Decimal on a server
            "documents_without_text": one("SELECT COUNT(*) FROM documents WHERE has_text = 0"),
            "requirement_tags": one("SELECT COUNT(*) FROM document_requirements"),
            "mechanism_tags": one("SELECT COUNT(*) FROM document_mechanisms"),
            "untagged_documents": one(
                "SELECT COUNT(*) FROM documents WHERE id NOT IN (SELECT document_id FROM "
                "document_requirements) AND id NOT IN (SELECT document_id FROM "
                "document_mechanisms)"),
            "requirements_without_documents": one(
                "SELECT COUNT(*) FROM requirements WHERE retired = 0 AND id NOT IN "
                "(SELECT requirement_id FROM document_requirements)"),
        }

    def check(self, verify_hashes: bool = True, progress=None) -> CheckResult:
        """Database integrity, foreign keys, and every original present with its hash."""
        result = CheckResult()
        if not self.server:  # a server enforces its foreign keys and checks its own pages
            integrity = self._q("PRAGMA integrity_check")
            if integrity != [("ok",)]:
                result.problems += [f"database integrity: {r[0]}" for r in integrity[:20]]
            for table, rowid, parent, _ in self._q("PRAGMA foreign_key_check"):
                result.problems.append(f"table {table} row {rowid} points at a missing "
                                       f"{parent} row")
        rows = self._q("SELECT id, sha256, size, original_name FROM documents ORDER BY id")
        for n, (doc_id, sha, size, name) in enumerate(rows):
            if progress:
                progress(n, len(rows), name)
            try:
                stored = self.objects.digest_of(sha) if verify_hashes else \
                    self.objects.size_of(sha)
            except EvidenceError as exc:
                result.problems.append(f"document {doc_id} ({name}): {exc}")
                continue
            if stored is None:
                result.problems.append(f"document {doc_id} ({name}): its original is missing "
                                       f"from objects/")
            elif verify_hashes and stored[0] != sha:
                result.problems.append(f"document {doc_id} ({name}): the stored original "
                                       "has been altered (its SHA-256 no longer matches)")
            elif not verify_hashes and stored != size:
                result.problems.append(f"document {doc_id} ({name}): the stored original has "
                                       "the wrong size")
        pages = dict(self._q("SELECT document_id, COUNT(*) FROM page_text GROUP BY document_id"))
        for doc_id, count in self._q("SELECT id, pages FROM documents"):
            if pages.get(doc_id, 0) != count:
                result.problems.append(f"document {doc_id}: {count} pages recorded but text "
                                       f"for {pages.get(doc_id, 0)}")
        from .ocr_pages import ocr_problems  # the module builds on this one
        result.problems += ocr_problems(self)
        known = {r[1] for r in rows}
        orphans = self.objects.all_digests() - known
        if orphans:
            result.notes.append(f"{len(orphans)} stored file(s) belong to no document (left by "
                                "an interrupted import or a removal); harmless")
        return result
