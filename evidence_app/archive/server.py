"""The archive's second home: a PostgreSQL database on the office's server (psycopg 3).

The Archive speaks one dialect, SQLite's, and talks to either home through one cursor API
(``execute``, ``executemany``, ``fetchone``/``fetchall``, ``rowcount``, ``lastrowid``,
``in_transaction``). On SQLite that is the sqlite3 connection itself, untouched, so the folder
archive pays nothing for the second home. :class:`ServerConnection` gives PostgreSQL the same
API by translating each statement once (then cached): ``?`` placeholders, ``INSERT OR
IGNORE``/``INSERT OR REPLACE``, ``lastrowid`` (``RETURNING id``), an empty ``IN ()``, and the
schema's DDL itself (``INTEGER PRIMARY KEY`` → an identity column, ``REAL`` → double,
``WITHOUT ROWID`` dropped, ``PRAGMA user_version`` → the ``archive_format`` table), so
schema.py's statements and migrations build both homes and a new migration reaches both.

Text columns use the "C" collation, so ORDER BY sorts by code point as SQLite does whatever
locale the server's database was created with.

The originals live in the database too, content-addressed (``objects`` and ``object_chunks``,
sha256 → bytea chunks): a client needs nothing but the server's address. Each client keeps
what it opened in its own cache folder (:func:`client_folder`), which is also the home of its
derived data (search index, converted PDFs): the Archive's ``root`` on a server home.
"""

from __future__ import annotations

import hashlib
import os
import re
import tempfile
from pathlib import Path
from typing import Iterable

from ..errors import (ArchiveTooNewError, ArchiveUnreachableError, FileRejectedError,
                      NotAnArchiveError, Reason, UsageError)
from . import schema
from .store import CHUNK, ObjectStore

URL_SCHEMES = ("postgresql://", "postgres://")
CACHE_ENV = "EVIDENCE_CACHE_DIR"   # tests and admins: where client folders of servers live

# What only the server home has: the schema version and marker (SQLite keeps them in PRAGMAs)
# and the store of originals (a folder archive keeps them as files).
SERVER_TABLES = [
    """CREATE TABLE archive_format (
        application_id BIGINT NOT NULL,
        user_version   BIGINT NOT NULL
    )""",
    """CREATE TABLE objects (
        sha256 TEXT COLLATE "C" PRIMARY KEY,
        size   BIGINT NOT NULL
    )""",
    """CREATE TABLE object_chunks (
        sha256 TEXT COLLATE "C" NOT NULL,
        n      INTEGER NOT NULL,
        data   BYTEA NOT NULL,
        PRIMARY KEY (sha256, n)
    )""",
]


def is_server_location(location) -> bool:
    """True for a ``postgresql://`` address (the server home), False for a folder."""
    return isinstance(location, str) and location.startswith(URL_SCHEMES)


def archive_location(text: str):
    """What the user typed as ARCHIVE: a server address stays text, anything else is a Path
    (Path would fold the address's ``//``)."""
    return text if is_server_location(text) else Path(text)


def _cache_home() -> Path:
    override = os.environ.get(CACHE_ENV, "").strip()
    if override:
        return Path(override)
    if os.name == "nt":
        base = os.environ.get("LOCALAPPDATA")
        return (Path(base) if base else Path.home() / "AppData" / "Local") / "EvidenceApp"
    xdg = os.environ.get("XDG_CACHE_HOME", "")
    return (Path(xdg) if xdg and os.path.isabs(xdg) else Path.home() / ".cache") / "evidence-app"


def server_key(url: str) -> dict:
    """Host, port, database and login of an address (libpq's reading of it, defaults filled)."""
    from psycopg.conninfo import conninfo_to_dict

    try:
        parts = conninfo_to_dict(url)
    except Exception as exc:  # psycopg raises ProgrammingError for a malformed address
        raise UsageError(f"'{url}' is not a PostgreSQL address like "
                         "postgresql://user@server/archive ({exc})") from None
    return {"host": str(parts.get("host") or "localhost"), "port": str(parts.get("port") or 5432),
            "dbname": str(parts.get("dbname") or parts.get("user") or "")}


def client_folder(url: str) -> Path:
    """This PC's folder for one server archive (host, port and database name it): the cache
    of originals it opened and its derived data (index/, cache/)."""
    key = server_key(url)
    readable = re.sub(r"[^A-Za-z0-9._-]+", "_", f"{key['host']}-{key['port']}-{key['dbname']}")
    digest = hashlib.sha1("\0".join(key.values()).encode()).hexdigest()[:8]
    folder = _cache_home() / "servers" / f"{readable[:60]}-{digest}"
    for sub in ("objects", "index", "cache"):
        (folder / sub).mkdir(parents=True, exist_ok=True)
    return folder


def connect(url: str):
    """A psycopg connection in autocommit mode (the Archive opens its transactions itself).

    A dropped network sends no word: TCP keepalives and a send timeout make a connection
    to a server that vanished fail within about half a minute instead of hanging for the
    system's quarter of an hour, so the window can say it is cut off."""
    import psycopg

    try:
        return psycopg.connect(url, autocommit=True, connect_timeout=10,
                               application_name="evidence-app", keepalives=1,
                               keepalives_idle=10, keepalives_interval=5, keepalives_count=3,
                               tcp_user_timeout=20000)
    except psycopg.OperationalError as exc:
        raise ArchiveUnreachableError(f"cannot reach the archive server {without_password(url)}: "
                                      f"{str(exc).strip()}") from None


def without_password(url: str) -> str:
    """An address without its password (if one was typed into it), for messages and for
    anything kept in settings: passwords belong in libpq's password file."""
    return re.sub(r"://([^:@/]+):[^@/]*@", r"://\1@", url)


class ServerCursor:
    """The sqlite3 cursor's API over one executed PostgreSQL statement (rows read at once)."""

    __slots__ = ("rowcount", "lastrowid", "_rows", "_at")

    def __init__(self, rowcount: int, rows: list[tuple], lastrowid: int | None = None):
        self.rowcount, self._rows, self.lastrowid, self._at = rowcount, rows, lastrowid, 0

    def fetchone(self):
        if self._at >= len(self._rows):
            return None
        self._at += 1
        return self._rows[self._at - 1]

    def fetchall(self) -> list[tuple]:
        rest, self._at = self._rows[self._at:], len(self._rows)
        return rest

    def __iter__(self):
        return iter(self.fetchall())


_OR_INSERT = re.compile(r"^\s*INSERT\s+OR\s+(IGNORE|REPLACE)\s+INTO\s+(\w+)\s*(\(([^)]*)\))?",
                        re.I | re.S)
_OR = re.compile(r"^\s*INSERT\s+OR\s+\w+\s+INTO", re.I)
_INSERT_INTO = re.compile(r"^\s*INSERT\s+INTO\s+(\w+)", re.I)
_EMPTY_IN = re.compile(r"([\w.]+)\s+(NOT\s+)?IN\s*\(\s*\)", re.I)
_USER_VERSION = re.compile(r"^\s*PRAGMA\s+user_version\s*=\s*(\d+)\s*$", re.I)
_DDL = re.compile(r"^(\s*--[^\n]*\n)*\s*(CREATE\s+TABLE|ALTER\s+TABLE|CREATE\s+INDEX)\b", re.I)


def _outside_quotes(sql: str, change) -> str:
    """Apply ``change`` to the parts of ``sql`` outside single-quoted literals."""
    parts = re.split(r"('(?:[^']|'')*')", sql)
    return "".join(part if i % 2 else change(part) for i, part in enumerate(parts))


def translate_ddl(sql: str) -> str:
    """One statement of schema.py's DDL in PostgreSQL's words (its comments dropped: an
    apostrophe in one would read as a quote)."""
    sql = re.sub(r"--[^\n]*", "", sql)

    def change(text: str) -> str:
        text = re.sub(r"\bid\s+INTEGER\s+PRIMARY\s+KEY\b",
                      "id BIGINT GENERATED BY DEFAULT AS IDENTITY PRIMARY KEY", text, flags=re.I)
        # types are upper case in schema.py, names lower case (a column is called "text")
        text = re.sub(r"\bINTEGER\b", "BIGINT", text)
        text = re.sub(r"\bREAL\b", "DOUBLE PRECISION", text)
        text = re.sub(r"\bTEXT\b", 'TEXT COLLATE "C"', text)
        text = re.sub(r"\)\s*WITHOUT\s+ROWID\s*$", ")", text, flags=re.I)
        return re.sub(r"(^\s*|[(,]\s*)user(\s+TEXT)", r'\1"user"\2', text, flags=re.I | re.M)
    return _outside_quotes(sql, change)


class ServerConnection:
    """A PostgreSQL connection with the sqlite3 connection's API, speaking SQLite's dialect.

    Each distinct statement is translated once and cached; what a translation needs to know
    of a table (its primary key, whether it has an identity ``id``) is read from the server's
    catalogue once per table.
    """

    def __init__(self, url: str):
        self.url = url
        self.raw = connect(url)
        self._translated: dict[str, tuple[str, bool]] = {}
        self._keys: dict[str, list[str]] = {}
        self._identity: dict[str, bool] = {}

    @property
    def in_transaction(self) -> bool:
        from psycopg.pq import TransactionStatus

        return self.raw.info.transaction_status != TransactionStatus.IDLE

    def close(self) -> None:
        self.raw.close()

    # ----------------------------------------------------------------- translation
    def primary_key(self, table: str) -> list[str]:
        if table not in self._keys:
            self._keys[table] = [r[0] for r in self.raw.execute(
                "SELECT a.attname FROM pg_index i JOIN pg_attribute a ON a.attrelid = "
                "i.indrelid AND a.attnum = ANY(i.indkey) WHERE i.indrelid = %s::regclass "
                "AND i.indisprimary ORDER BY array_position(i.indkey, a.attnum)",
                (table,)).fetchall()]
        return self._keys[table]

    def _has_identity(self, table: str) -> bool:
        if table not in self._identity:
            self._identity[table] = bool(self.raw.execute(
                "SELECT 1 FROM pg_attribute WHERE attrelid = %s::regclass AND attname = 'id' "
                "AND attidentity != ''", (table,)).fetchone())
        return self._identity[table]

    def translate(self, sql: str, many: bool = False) -> tuple[str, bool]:
        """(PostgreSQL text, whether it returns the new row's id) of a statement."""
        cached = self._translated.get(sql) if not many else None
        if cached is not None:
            return cached
        returning = False
        version = _USER_VERSION.match(sql)
        if version:
            text = f"UPDATE archive_format SET user_version = {int(version.group(1))}"
        elif _DDL.match(sql):
            text = translate_ddl(sql)
        else:
            text = sql
            insert = _OR_INSERT.match(text)
            if insert:
                how, table, columns = insert.group(1).upper(), insert.group(2), insert.group(4)
                text = _OR.sub("INSERT INTO", text, count=1).strip()
                if how == "IGNORE":
                    text += " ON CONFLICT DO NOTHING"
                else:
                    keys = self.primary_key(table)
                    names = [c.strip() for c in columns.split(",")] if columns else []
                    others = [c for c in names if c not in keys]
                    text += (f" ON CONFLICT ({', '.join(keys)}) DO " + (
                        "UPDATE SET " + ", ".join(f"{c} = excluded.{c}" for c in others)
                        if others else "NOTHING"))
            plain = _INSERT_INTO.match(text)
            if plain and not many and self._has_identity(plain.group(1)):
                text += " RETURNING id"
                returning = True
            text = _outside_quotes(text, lambda part: _EMPTY_IN.sub(
                lambda m: "TRUE" if m.group(2) else "FALSE", part))
        text = _outside_quotes(text.replace("%", "%%"), lambda part: part.replace("?", "%s"))
        if not many:
            self._translated[sql] = (text, returning)
        return text, returning

    def restart_identities(self, tables: Iterable[str]) -> None:
        """After rows were copied in with their ids: new rows continue after the highest."""
        for table in tables:
            if self._has_identity(table):
                self.raw.execute(f"SELECT setval(pg_get_serial_sequence('{table}', 'id'), "
                                 f"GREATEST(MAX(id), 1), MAX(id) IS NOT NULL) FROM {table}")

    # ----------------------------------------------------------------- a lost connection
    def _attempt(self, sql: str, run):
        """Run ``run(connection)``. When the connection is lost (the server restarted, the
        network dropped), a statement that starts afresh (a read outside a transaction, a
        BEGIN) runs again on a new connection; one inside a transaction cannot (the server
        discarded that transaction): ArchiveUnreachableError says so, and its ROLLBACK is a
        no-op. The next statement then connects anew."""
        import psycopg

        if self.raw.broken or self.raw.closed:
            if sql.strip().upper() == "ROLLBACK":
                return None
            self._reconnect()
        fresh = not self.in_transaction
        try:
            return run(self.raw)
        except psycopg.OperationalError as exc:
            if not self.raw.broken:
                raise
            if fresh:
                self._reconnect()
                try:
                    return run(self.raw)
                except psycopg.OperationalError as again:
                    exc = again
            raise ArchiveUnreachableError(
                f"the connection to the archive server {without_password(self.url)} was lost "
                f"({str(exc).strip() or 'no answer'}); the change in hand was not saved: "
                "try again when the server is back") from exc

    def _reconnect(self) -> None:
        self.raw.close()
        self.raw = connect(self.url)

    # ----------------------------------------------------------------- the sqlite3 API
    def execute(self, sql: str, args: Iterable = ()) -> ServerCursor:
        text, returning = self.translate(sql)
        cursor = self._attempt(sql, lambda raw: raw.execute(text, _clean(args)))
        rows = cursor.fetchall() if cursor is not None and cursor.description is not None \
            else []
        if returning:
            return ServerCursor(cursor.rowcount, [], rows[0][0] if rows else None)
        return ServerCursor(cursor.rowcount if cursor is not None else -1, rows)

    def executemany(self, sql: str, rows: Iterable[Iterable]) -> ServerCursor:
        text, _ = self.translate(sql, many=True)
        values = [_clean(r) for r in rows]

        def run(raw):
            with raw.cursor() as cursor:
                cursor.executemany(text, values)
                return cursor.rowcount
        return ServerCursor(self._attempt(sql, run), [])


def _clean(args: Iterable) -> tuple:
    """PostgreSQL text cannot hold NUL, which SQLite accepted (a reader's stray byte): drop it."""
    return tuple(a.replace("\0", "") if isinstance(a, str) and "\0" in a else a for a in args)


class ServerObjectStore(ObjectStore):
    """Originals in the database (sha256 → chunks); ``path_for`` hands out this client's cached
    copy, fetched and verified on first use and written atomically, so the rest of the program
    opens originals as files whichever home the archive has."""

    def __init__(self, conn: ServerConnection, folder: Path, mutex):
        super().__init__(folder)
        self.conn, self.mutex = conn, mutex

    def has(self, sha256: str) -> bool:
        with self.mutex:
            return bool(self.conn.execute("SELECT 1 FROM objects WHERE sha256 = ?",
                                          (sha256,)).fetchone())

    def put(self, source: Path, sha256: str) -> Path:
        """Store ``source`` under ``sha256`` in its own transaction, before the record that
        will point at it; the bytes are hashed as they are sent, and nothing is kept unless
        they match (a crash in between leaves an unreferenced object, as on disk).

        Raises:
            FileRejectedError: the source changed or vanished while being copied.
        """
        if self.has(sha256):
            return self.path_for(sha256)
        digest, size = hashlib.sha256(), 0
        with self.mutex:
            conn = self.conn
            conn.execute("BEGIN")
            try:
                with open(source, "rb") as src:
                    n = 0
                    while chunk := src.read(CHUNK):
                        digest.update(chunk)
                        size += len(chunk)
                        conn.execute("INSERT OR IGNORE INTO object_chunks(sha256, n, data) "
                                     "VALUES (?, ?, ?)", (sha256, n, chunk))
                        n += 1
                if digest.hexdigest() != sha256:
                    raise FileRejectedError("the file changed while it was being imported; "
                                            "import it again when it is complete",
                                            reason=Reason.CHANGED_DURING_IMPORT)
                conn.execute("INSERT OR IGNORE INTO objects(sha256, size) VALUES (?, ?)",
                             (sha256, size))
            except OSError as exc:
                conn.execute("ROLLBACK")
                raise FileRejectedError(f"cannot copy the file into the archive: "
                                        f"{exc.strerror or exc}",
                                        reason=Reason.STORE_FAILED) from exc
            except BaseException:
                conn.execute("ROLLBACK")
                raise
            conn.execute("COMMIT")
        return self.root / sha256[:2] / sha256

    def path_for(self, sha256: str) -> Path:
        """This client's copy of an original (fetched now if it has none); a path that does
        not exist when the server has no such original."""
        final = self.root / sha256[:2] / sha256
        if final.is_file() or not self.has(sha256):
            return final
        digest = hashlib.sha256()
        final.parent.mkdir(parents=True, exist_ok=True)
        fd, tmp_name = tempfile.mkstemp(dir=final.parent, prefix=".incoming-")
        try:
            with os.fdopen(fd, "wb") as out:
                for data in self._chunks(sha256):
                    digest.update(data)
                    out.write(data)
            if digest.hexdigest() == sha256:  # a damaged original is not cached: check says so
                os.replace(tmp_name, final)
        finally:
            if os.path.exists(tmp_name):
                os.unlink(tmp_name)
        return final

    def _chunks(self, sha256: str):
        """The stored bytes of an original, one chunk at a time (a large scan never has to
        fit in memory)."""
        n = 0
        while True:
            with self.mutex:
                row = self.conn.execute("SELECT data FROM object_chunks WHERE sha256 = ? "
                                        "AND n = ?", (sha256, n)).fetchone()
            if row is None:
                return
            yield bytes(row[0])
            n += 1

    def digest_of(self, sha256: str) -> tuple[str, int] | None:
        """(SHA-256, size) of the stored bytes, read on the server; None if it has none."""
        if not self.has(sha256):
            return None
        digest, size = hashlib.sha256(), 0
        for data in self._chunks(sha256):
            digest.update(data)
            size += len(data)
        return digest.hexdigest(), size

    def size_of(self, sha256: str) -> int | None:
        with self.mutex:
            row = self.conn.execute("SELECT size FROM objects WHERE sha256 = ?",
                                    (sha256,)).fetchone()
        return row[0] if row else None

    def remove(self, sha256: str) -> None:
        """Drop an original no record uses any more (another client may have imported the
        same bytes meanwhile: then it stays)."""
        with self.mutex:
            self.conn.execute("BEGIN")
            self.conn.execute("DELETE FROM objects WHERE sha256 = ? AND NOT EXISTS (SELECT 1 "
                              "FROM documents WHERE sha256 = ?)", (sha256, sha256))
            self.conn.execute("DELETE FROM object_chunks WHERE sha256 = ? AND NOT EXISTS "
                              "(SELECT 1 FROM objects WHERE sha256 = ?)", (sha256, sha256))
            self.conn.execute("COMMIT")
        super().remove(sha256)

    def clear_incoming(self) -> None:
        """Nothing to clear on the server: an interrupted upload was rolled back."""

    def all_digests(self) -> set[str]:
        with self.mutex:
            return {r[0] for r in self.conn.execute("SELECT sha256 FROM objects").fetchall()}


def _has_archive(conn: ServerConnection) -> bool:
    return conn.raw.execute("SELECT to_regclass('archive_format')").fetchone()[0] is not None


def create_server_archive(url: str, settings: dict[str, str], now: str) -> None:
    """Make a new archive in an empty database: schema.py's schema (translated), the server's
    own tables, the settings and the first audit row, in one transaction."""
    from .archive import APP_ID
    from .lock import current_host

    conn = ServerConnection(url)
    try:
        if conn.raw.execute("SELECT COUNT(*) FROM pg_tables WHERE schemaname = "
                            "current_schema()").fetchone()[0]:
            raise UsageError(f"the database {without_password(url)} is not empty; create the archive "
                             "in a new, empty database")
        conn.execute("BEGIN")
        for statement in SERVER_TABLES:
            conn.raw.execute(statement)
        conn.execute("INSERT INTO archive_format(application_id, user_version) VALUES (?, 0)",
                     (APP_ID,))
        schema.create_schema(conn)
        conn.executemany("INSERT INTO meta(key, value) VALUES (?, ?)", sorted(settings.items()))
        login = conn.raw.execute("SELECT current_user").fetchone()[0]
        conn.execute('INSERT INTO audit(at, "user", host, action, target, detail) '
                     "VALUES (?, ?, ?, 'create', 'archive', '{}')", (now, login, current_host()))
        conn.execute("COMMIT")
    finally:
        conn.close()


def open_server_archive(cls, url: str, read_only: bool):
    """Open the archive in a server's database: refused like a folder that is not an archive,
    belongs to another program or is too new; an older one is migrated. No writer lock: the
    server lets many clients write, each change one transaction."""
    from .archive import APP_ID

    conn = ServerConnection(url)
    try:
        if not _has_archive(conn):
            raise NotAnArchiveError(f"{without_password(url)} holds no evidence archive; create one "
                                    "with `evidence-app init` and that address")
        app_id, version = conn.raw.execute(
            "SELECT application_id, user_version FROM archive_format").fetchone()
        if app_id != APP_ID:
            raise NotAnArchiveError(f"{without_password(url)} is a database of some other program")
        if version > schema.SCHEMA_VERSION:
            raise ArchiveTooNewError(
                f"{without_password(url)} was written by a newer version of this program (archive "
                f"format {version}, this program knows up to {schema.SCHEMA_VERSION}); update "
                "the program to open it")
        login, may_write = conn.raw.execute(
            "SELECT current_user, has_table_privilege('documents', 'UPDATE') AND "
            "has_table_privilege('audit', 'INSERT')").fetchone()
    except BaseException:
        conn.close()
        raise
    # a read-only login (inspection PCs, units) opens the archive read-only: every edit is
    # refused with the read-only refusal the window already shows, not a server error
    archive = cls(client_folder(url), conn, None, server=url,
                  read_only=read_only or not may_write, user=login)
    archive._bring_up_to_date(version, without_password(url))
    return archive
