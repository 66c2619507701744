"""The search index on disk: a Whoosh n-gram index plus a store of folded text.

Layout (all derived data; deleting ``ARCHIVE/index/`` loses nothing)::

    index/CURRENT          names the live version folder, e.g. "v1795751757305" (replaced
                           atomically; a rebuild writes a new folder beside the old one)
    index/vN/whoosh/       Whoosh index, one document per archive document:
                             id  the archive document id (stored)
                             g   its DISTINCT folded characters, bigrams and trigrams (title,
                                 文号 and all pages), without positions or frequencies
                             h   the distinct characters and bigrams of its title and 文号
    index/vN/text.bin      folded UTF-8 text of each document: header (title \x1f 文号), "\n",
                           body (the pages joined); append-only. After a compaction it is
                           text-<n>.bin, named by docs.sqlite's meta "text_file"
    index/vN/docs.sqlite   where each document's text is in text.bin, its page offsets, a
                           fingerprint of what it was built from; meta (format, generation,
                           text_file)

Why this shape (measured): positional n-gram phrase queries in Whoosh were far
too slow at full scale. Existence-only postings are small and quick to intersect; the
candidates they give are verified exactly by a byte search in text.bin (UTF-8 is
self-synchronising, so a byte match is a character match; folded text holds no newline and no
\x1f, so the separators can never be inside a match). A term of up to three characters is
itself an indexed n-gram: its posting list is the exact answer, no verification needed.

Write order keeps every crash harmless: text is appended to text.bin, then Whoosh commits,
then docs.sqlite commits. A reader only trusts documents docs.sqlite lists, and text.bin is
only appended to, so readers never see a half-written document. All writes happen under
Whoosh's writer lock; readers never take it.

Updates and removals leave dead text behind. When more than half of text.bin is dead, the live
texts are copied to a new file, which is fsynced and then switched to in one docs.sqlite
transaction that also moves every offset (``compact_if_wasteful``): a crash before that commit
leaves the old file in use (and a stray new one, deleted by the next compaction), a crash
after it the new one. Readers notice the new name when they reload the table and reopen.
"""

from __future__ import annotations

import hashlib
from contextlib import contextmanager
from collections import defaultdict
from itertools import accumulate
import mmap
import os
import shutil
import sqlite3
import time
from array import array
from dataclasses import dataclass
from pathlib import Path
from typing import Iterable, Iterator

from whoosh import fields, formats, index as whoosh_index
from whoosh.codec.whoosh3 import W3Codec
from whoosh.matching.wrappers import FilterMatcher, MultiMatcher
from whoosh.analysis import IDTokenizer
from whoosh.reading import SegmentReader
from whoosh.index import LockError
from whoosh.util.text import utf8encode
from whoosh.writing import SegmentWriter

from .analysis import fold

FORMAT = "ngram-4"  # bump when tokens or fingerprints change: forces a rebuild
SEP = b"\n"
TEXT_FILE = "text.bin"  # the text store's name until its first compaction
COMPACT_ABOVE = 0.5     # share of dead bytes in the text store that triggers a compaction


class TokenSetField(fields.FieldType):
    """A field indexed from a ready-made set of token strings, bypassing any analyzer.

    Postings carry document numbers only (Existence format), which is all the candidate
    search needs and keeps the index small.
    """

    def __init__(self):
        self.format = formats.Existence()
        self.analyzer = IDTokenizer()
        self.vector = None
        self.scorable = False
        self.stored = False
        self.unique = False
        self.sortable_type = None
        self.column_type = None

    def index(self, value, **kwargs):
        return [(utf8encode(t)[0], 1, 1.0, b"") for t in value]


GRAM_FIELDS = ("g", "h")  # g: all text (title, 文号, body); h: title and 文号 only


def _new_postings() -> array:
    return array("I")


class GramWriter(SegmentWriter):
    """A Whoosh segment writer that collects the n-gram postings itself.

    Whoosh's generic path sends every posting through a pickled external sort and looks up a
    field length per posting (a file ``stat`` each time): ~30 µs a posting, an hour at full
    scale. Here the postings of field ``g`` are gathered in memory as arrays of document
    numbers and written term by term in sorted order — the same on-disk format, read by
    stock Whoosh. Other fields (``id``) and postings merged in from old segments still take
    the normal path.
    """

    def __init__(self, ix, **kwargs):
        # bigger posting blocks: fewer pickles to write and to read back per term
        super().__init__(ix, codec=W3Codec(blocklimit=1024), **kwargs)
        self._grams = {name: defaultdict(_new_postings) for name in GRAM_FIELDS}

    def add_grams(self, doc_id: int, tokens: set[str], header_tokens: set[str]) -> None:
        self.add_document(id=str(doc_id))
        docnum = self.docnum - 1
        for grams, values in ((self._grams["g"], tokens), (self._grams["h"], header_tokens)):
            for token in values:
                grams[token].append(docnum)

    def _flush_segment(self):
        self.perdocwriter.close()
        others = []
        for item in self.pool.iter_postings():  # postings merged in from other segments
            if item[0] in self._grams:
                self._grams[item[0]][item[1].decode("utf-8")].append(item[2])
            else:
                others.append(item)
        writer = self.fieldwriter
        for name in GRAM_FIELDS:  # field order must be sorted, as Whoosh writes it
            grams = self._grams[name]
            if not grams:
                continue
            writer.start_field(name, self.schema[name])
            add = writer.add
            post = writer._postwriter
            fast = None
            limit = getattr(post, "_blocklimit", 128)
            ones = array("f", [1.0]) * limit
            # code point order of str == byte order of UTF-8, which Whoosh requires
            for token in sorted(grams):
                writer.start_term(token.encode("utf-8"))
                # ascending already: new documents are numbered before merged-in ones, and
                # merged postings arrive sorted
                postings = grams[token]
                if fast is None:  # the private buffers exist once a term is started
                    fast = all(hasattr(post, a) for a in (
                        "_ids", "_weights", "_maxweight", "_blocklimit", "_write_block"))
                if fast:
                    # fill whole blocks at once: what add_posting does one id at a time
                    for start in range(0, len(postings), limit):
                        if start:
                            post._write_block()
                        chunk = postings[start:start + limit]
                        post._ids = chunk
                        post._weights = ones[:len(chunk)]
                        post._maxweight = 1.0
                else:
                    for docnum in postings:
                        add(docnum, 1.0, b"", 0)
                writer.finish_term()
            writer.finish_field()
        writer.add_postings(self.schema, None, iter(others))
        writer.close()
        self._grams = {name: defaultdict(_new_postings) for name in GRAM_FIELDS}


STALE_BUILD_SECONDS = 6 * 3600  # an unpublished version folder this old is a dead rebuild
SMALL_SEGMENT = 2000  # documents; segments this small are merged, bigger ones never


def merge_small_segments(writer, segments):
    """Merge policy: once there are more than eight small segments (left by updates), fold
    them into the new one; big segments (from a build) are left alone — Whoosh's default
    policy would sooner or later re-merge those through its slow path (minutes)."""
    small = [seg for seg in segments if seg.doc_count_all() < SMALL_SEGMENT]
    if len(small) <= 8:
        return segments
    for segment in small:
        reader = SegmentReader(writer.storage, writer.schema, segment)
        writer.add_reader(reader)
        reader.close()
    return [seg for seg in segments if seg not in small]


def make_schema() -> fields.Schema:
    return fields.Schema(id=fields.ID(stored=True, unique=True), g=TokenSetField(),
                         h=TokenSetField())


def grams(text: str, trigrams: bool = True) -> set[str]:
    """Distinct characters, character bigrams and (optionally) trigrams of a folded string."""
    out = set(text)
    out.update(map(str.__add__, text, text[1:]))
    if trigrams and len(text) > 2:
        pairs = list(map(str.__add__, text, text[1:]))
        out.update(map(str.__add__, pairs, text[2:]))
    return out


def fingerprint(sha256: str, title: str | None, doc_number: str | None, pages: int,
                has_text: object = True, ocr_pages: int = 0) -> str:
    """What a document's index entry was built from; a change means re-index it (whether it
    is searchable, and how many of its pages OCR has read, so that a scan is indexed again
    as its recognised text arrives)."""
    parts = [sha256 or "", title or "", doc_number or "", str(pages), str(int(bool(has_text)))]
    if ocr_pages:  # absent for documents without OCR: their entries stay as they were
        parts.append(f"ocr{int(ocr_pages)}")
    raw = "\x1f".join(parts)
    return hashlib.sha1(raw.encode("utf-8")).hexdigest()[:16]


@dataclass
class FoldedDocument:
    """One document's folded text, ready to be written."""

    doc_id: int
    header: bytes
    body: bytes
    pages: bytes          # array('I') of page start offsets in body, as bytes
    tokens: set[str]
    header_tokens: set[str]
    fp: str
    has_text: bool


def fold_document(doc_id: int, title: str, doc_number: str | None, page_texts: list[str],
                  fp: str, has_text: bool) -> FoldedDocument:
    header = fold(title or "") + ("\x1f" if doc_number else "") + fold(doc_number or "")
    # "\x1f" keeps title and 文号 apart without making a bogus n-gram across them;
    # it cannot be typed into a query, so no match can span it.
    offsets = array("I")
    parts: list[bytes] = []
    size = 0
    for page in page_texts:
        offsets.append(size)
        data = fold(page).encode("utf-8")
        parts.append(data)
        size += len(data)
    body = b"".join(parts)
    body_text = body.decode("utf-8")
    header_tokens: set[str] = set()
    tokens = grams(body_text)
    for piece in header.split("\x1f"):
        header_tokens |= grams(piece, trigrams=False)
        tokens |= grams(piece)
    return FoldedDocument(doc_id, header.encode("utf-8"), body, offsets.tobytes(), tokens,
                          header_tokens, fp, has_text)


def _all_docnums(matcher, offset: int = 0) -> list[int]:
    """Every document number of a posting list, read a whole block at a time.

    Whoosh's ``all_ids()`` yields one id per Python generator step through several wrapper
    layers (~2 µs each): most of a common term's search time at full scale. This reads each
    block's id tuple at once (deleted documents are included; the caller's docmap maps them to
    -1). Anything but a plain Whoosh 3 posting list falls back to ``all_ids()``.
    """
    if isinstance(matcher, MultiMatcher):
        out: list[int] = []
        for sub, sub_offset in zip(matcher.matchers, matcher.offsets):
            out += _all_docnums(sub, offset + sub_offset)
        return out
    if isinstance(matcher, FilterMatcher):
        return _all_docnums(matcher.child, offset)
    if type(matcher).__name__ == "W3LeafMatcher" and all(
            hasattr(matcher, a) for a in ("_data", "_read_data", "_lastblock", "_next_block",
                                          "_atend", "_i")) and matcher._i == 0:
        out = []
        while not matcher._atend:
            if matcher._data is None:
                matcher._read_data()
            deltas = matcher._data[0]  # delta-encoded document numbers of the block
            out.extend(map(offset.__add__, accumulate(deltas)) if offset else accumulate(deltas))
            if matcher._lastblock:
                break
            matcher._next_block()
        return out
    return [n + offset for n in matcher.all_ids()]


class IndexDamaged(Exception):
    """Raised inside this package when the index cannot be read; callers rebuild it."""


class DocEntry:
    """Where one document's folded text lies in text.bin (byte offsets)."""

    __slots__ = ("off", "hlen", "blen", "pages", "has_text", "body_start", "end")

    def __init__(self, off: int, hlen: int, blen: int, pages: array, has_text: bool):
        self.off, self.hlen, self.blen, self.pages = off, hlen, blen, pages
        self.has_text = has_text
        self.body_start = off + hlen + 1
        self.end = off + hlen + 1 + blen


class IndexVersion:
    """One version folder of the index, opened for reading (and writing under the lock)."""

    def __init__(self, folder: Path):
        self.folder = Path(folder)
        self.ix = None
        self.db: sqlite3.Connection | None = None
        self._mm: mmap.mmap | None = None
        self._mm_size = 0
        self._file = None
        self._text_name = TEXT_FILE
        self.entries: dict[int, DocEntry] = {}
        self.fps: dict[int, str] = {}
        self.no_text: set[int] = set()
        self.avg_blen = 1.0
        self.by_length: list[int] = []
        self.spans: dict[int, tuple[int, int]] = {}
        self._needed = 0
        self._serial = None
        self._reader = None
        self._reader_gen = None
        self.docmap: list[int] = []
        self._segment_ids: dict = {}
        self.orphans: set[int] = set()
        self._serial_of_orphans = None

    # ------------------------------------------------------------------ create / open
    @classmethod
    def create(cls, folder: Path) -> "IndexVersion":
        folder = Path(folder)
        (folder / "whoosh").mkdir(parents=True, exist_ok=True)
        whoosh_index.create_in(str(folder / "whoosh"), make_schema())
        (folder / TEXT_FILE).write_bytes(b"")
        db = sqlite3.connect(folder / "docs.sqlite", isolation_level=None)
        db.executescript(
            "CREATE TABLE docs (doc_id INTEGER PRIMARY KEY, off INTEGER NOT NULL, "
            "hlen INTEGER NOT NULL, blen INTEGER NOT NULL, pages BLOB NOT NULL, "
            "fp TEXT NOT NULL, has_text INTEGER NOT NULL);"
            "CREATE TABLE meta (key TEXT PRIMARY KEY, value TEXT NOT NULL);")
        db.executemany("INSERT INTO meta VALUES (?, ?)",
                       [("format", FORMAT), ("generation", "-1"), ("serial", "0"),
                        ("complete", "0")])
        db.close()
        return cls.open(folder)

    @classmethod
    def open(cls, folder: Path) -> "IndexVersion":
        """Open a version folder; raise IndexDamaged if any part is missing or unreadable."""
        version = cls(folder)
        try:
            if not (version.folder / "docs.sqlite").is_file():
                raise IndexDamaged("docs.sqlite is missing")
            version.db = sqlite3.connect(version.folder / "docs.sqlite", isolation_level=None,
                                         check_same_thread=False, timeout=30)
            meta = dict(version.db.execute("SELECT key, value FROM meta"))
            if meta.get("format") != FORMAT:
                raise IndexDamaged(f"unknown index format {meta.get('format')!r}")
            version._text_name = meta.get("text_file", TEXT_FILE)
            if not (version.folder / version._text_name).is_file():
                raise IndexDamaged(f"{version._text_name} is missing")
            version.ix = whoosh_index.open_dir(str(version.folder / "whoosh"))
            version._file = open(version.folder / version._text_name, "rb")
        except IndexDamaged:
            version.close()
            raise
        except Exception as exc:  # whoosh and sqlite raise many kinds on a damaged file
            version.close()
            raise IndexDamaged(f"{type(exc).__name__}: {exc}") from exc
        return version

    def close(self) -> None:
        if self._reader is not None:
            self._reader.close()
            self._reader = None
        self._close_text()
        if self.db is not None:
            self.db.close()
            self.db = None
        if self.ix is not None:
            self.ix.close()
            self.ix = None

    # ------------------------------------------------------------------ meta
    def meta(self, key: str) -> str | None:
        row = self.db.execute("SELECT value FROM meta WHERE key = ?", (key,)).fetchone()
        return row[0] if row else None

    def _close_text(self) -> None:
        if self._mm is not None:
            try:
                self._mm.close()
            except BufferError:  # a memoryview still points in; the GC closes it later
                pass
            self._mm = None
            self._mm_size = 0
        if self._file is not None:
            self._file.close()
            self._file = None

    # ------------------------------------------------------------------ reading
    def refresh(self) -> None:
        """Reload the document table and Whoosh reader if a writer changed them."""
        try:
            serial = self.meta("serial")
            if serial != self._serial:
                entries, fps = {}, {}
                for doc_id, off, hlen, blen, pages, fp, has_text in self.db.execute(
                        "SELECT doc_id, off, hlen, blen, pages, fp, has_text FROM docs"):
                    entries[doc_id] = DocEntry(off, hlen, blen, array("I", pages),
                                               bool(has_text))
                    fps[doc_id] = fp
                self.entries, self.fps, self._serial = entries, fps, serial
                text_name = self.meta("text_file") or TEXT_FILE
                if text_name != self._text_name:  # compacted: the offsets are the new file's
                    self._close_text()
                    self._file = open(self.folder / text_name, "rb")
                    self._text_name = text_name
                self.no_text = {d for d, e in entries.items() if not e.has_text}
                self.avg_blen = (sum(e.blen for e in entries.values()) / len(entries)
                                 if entries else 1.0) or 1.0
                self.by_length = sorted(entries, key=lambda d: (entries[d].blen, d))
                self.spans = {d: (e.off, e.end) for d, e in entries.items()}
                self._needed = max((e.end for e in entries.values()), default=0)
            gen = self.ix.latest_generation()
            if self._reader is None or gen != self._reader_gen:
                if self._reader is not None:
                    self._reader.close()
                self._reader = self.ix.reader()
                self._reader_gen = gen
                self.docmap = self._docmap(self._reader)
                self._serial_of_orphans = None
            if self._serial_of_orphans != self._serial:
                # documents Whoosh has but the table does not (a crash between the two
                # commits): usually none, so searches need not filter every posting list
                self.orphans = set(self.docmap) - self.entries.keys() - {-1}
                self._serial_of_orphans = self._serial
            needed = self._needed
            if needed > self._mm_size:
                size = os.fstat(self._file.fileno()).st_size
                if size < needed:
                    raise IndexDamaged("text.bin is shorter than its table says")
                if self._mm is not None:
                    try:
                        self._mm.close()
                    except BufferError:
                        pass
                self._mm = mmap.mmap(self._file.fileno(), 0, access=mmap.ACCESS_READ)
                self._mm_size = size
        except IndexDamaged:
            raise
        except Exception as exc:
            raise IndexDamaged(f"{type(exc).__name__}: {exc}") from exc

    def _docmap(self, reader) -> list[int]:
        """Whoosh document number → archive document id (-1: deleted).

        Segments never change once written (only their deletions do), so each segment's ids
        are read once and kept: after a one-document update only the new segment is read.
        """
        docmap: list[int] = []
        cache: dict = {}
        for leaf, base in reader.leaf_readers():
            segment = leaf.segment()
            key = segment.segment_id() if segment is not None else id(leaf)
            ids = self._segment_ids.get(key)
            if ids is None:
                ids = array("q", (int(leaf.stored_fields(n).get("id", -1))
                                  for n in range(leaf.doc_count_all())))
            cache[key] = ids
            ids = list(ids)
            if leaf.has_deletions():
                for n in leaf.deleted_docs_set:
                    ids[n] = -1
            docmap += ids
        self._segment_ids = cache
        return docmap

    @property
    def text(self) -> mmap.mmap | bytes:
        return self._mm if self._mm is not None else b""

    @property
    def reader(self):
        return self._reader

    def doc_frequency(self, token: str, field: str = "g") -> int:
        try:
            return self._reader.doc_frequency(field, token)
        except Exception as exc:  # a damaged term file: whoosh raises whatever it meets
            raise IndexDamaged(f"{type(exc).__name__}: {exc}") from exc

    def postings(self, token: str, field: str = "g") -> set[int]:
        """Document ids (archive ids) whose text (``h``: title/文号) has this character or
        bigram."""
        reader = self._reader
        if not self.doc_frequency(token, field):
            return set()
        try:
            ids = set(map(self.docmap.__getitem__, _all_docnums(reader.postings(field, token))))
        except Exception as exc:  # a damaged postings file
            raise IndexDamaged(f"{type(exc).__name__}: {exc}") from exc
        ids.discard(-1)
        return ids

    # ------------------------------------------------------------------ writing
    def writer(self, timeout: float = 0.0, **kwargs) -> GramWriter:
        """A writer holding Whoosh's lock (raises whoosh.index.LockError after ``timeout``)."""
        return GramWriter(self.ix, timeout=timeout, **kwargs)

    def write(self, added: Iterable[FoldedDocument], removed: list[int],
              generation: int | None, writer: GramWriter, merge: bool = True,
              replace: bool = True) -> None:
        """Apply one batch: add (or replace) ``added``, delete ``removed``, and record the
        archive ``generation`` it brings the index to (None: unchanged). ``writer`` holds the
        lock; this commits or cancels it. ``added`` may be a generator: documents are written
        as they come."""
        rows = []
        try:
            # (the cached reader answers this; opening a new one costs ~0.1 s at full scale)
            had_documents = replace and (self._reader.doc_count_all() if self._reader
                                         else self.ix.doc_count_all()) > 0
            # the name as stored now: another process may have compacted since we read it
            with open(self.folder / (self.meta("text_file") or TEXT_FILE), "ab") as out:
                out.seek(0, os.SEEK_END)
                pos = out.tell()
                for doc_id in removed:
                    writer.delete_by_term("id", str(doc_id))
                for doc in added:
                    out.write(doc.header + SEP + doc.body)
                    rows.append((doc.doc_id, pos, len(doc.header), len(doc.body), doc.pages,
                                 doc.fp, int(doc.has_text)))
                    pos += len(doc.header) + 1 + len(doc.body)
                    if had_documents:
                        writer.delete_by_term("id", str(doc.doc_id))
                    writer.add_grams(doc.doc_id, doc.tokens, doc.header_tokens)
                out.flush()
                os.fsync(out.fileno())
        except BaseException:
            writer.cancel()
            raise
        if merge:
            writer.commit(mergetype=merge_small_segments)
        else:
            writer.commit(merge=False)
        self.commit_rows(rows, removed, generation)
        if replace:
            self.compact_if_wasteful()

    @contextmanager
    def _table_change(self) -> Iterator[sqlite3.Connection]:
        """One docs.sqlite transaction that readers notice: it raises the table's serial, so
        they reload it; rolled back whole on any error."""
        db = self.db
        db.execute("BEGIN IMMEDIATE")
        try:
            yield db
            db.execute("UPDATE meta SET value = CAST(value AS INTEGER) + 1 "
                       "WHERE key = 'serial'")
        except BaseException:
            db.execute("ROLLBACK")
            raise
        db.execute("COMMIT")

    def commit_rows(self, rows, removed, generation) -> None:
        with self._table_change() as db:
            db.executemany("DELETE FROM docs WHERE doc_id = ?", [(d,) for d in removed])
            db.executemany("INSERT OR REPLACE INTO docs VALUES (?,?,?,?,?,?,?)", rows)
            if generation is not None:
                db.execute("UPDATE meta SET value = ? WHERE key = 'generation'",
                           (str(generation),))

    def set_meta(self, key: str, value: str) -> None:
        self.db.execute("INSERT OR REPLACE INTO meta VALUES (?, ?)", (key, value))

    def garbage_ratio(self) -> float:
        """Share of text.bin no live document uses (left by updates and removals)."""
        name = self.meta("text_file") or TEXT_FILE
        size = (self.folder / name).stat().st_size
        live = self.db.execute("SELECT COALESCE(SUM(hlen + 1 + blen), 0) FROM docs").fetchone()[0]
        return 1 - live / size if size else 0.0

    def compact_if_wasteful(self) -> bool:
        """Rewrite the text store without its dead bytes when more than half of it is dead.

        Crash-safe (see the module docstring): the new file is complete and fsynced before
        the one transaction that moves the offsets and names it. Skipped, returning False,
        when another writer holds the lock; it is tried again after the next write.
        """
        try:
            writer = self.writer(timeout=0.0)
        except LockError:
            return False
        try:
            if self.garbage_ratio() <= COMPACT_ABOVE:
                return False
            old_name = self.meta("text_file") or TEXT_FILE
            new_name = f"text-{time.time_ns()}.bin"
            rows = self.db.execute("SELECT doc_id, off, hlen + 1 + blen FROM docs "
                                   "ORDER BY off").fetchall()
            moved = []
            with open(self.folder / old_name, "rb") as src, \
                    open(self.folder / new_name, "wb") as out:
                for doc_id, off, length in rows:
                    moved.append((out.tell(), doc_id))
                    src.seek(off)
                    out.write(src.read(length))
                out.flush()
                os.fsync(out.fileno())
            _fsync_folder(self.folder)
            with self._table_change() as db:
                db.executemany("UPDATE docs SET off = ? WHERE doc_id = ?", moved)
                db.execute("INSERT OR REPLACE INTO meta VALUES ('text_file', ?)", (new_name,))
            for stale in self.folder.glob("text*.bin"):  # the old file, and any a crash left
                if stale.name != new_name:
                    try:
                        stale.unlink()
                    except OSError:  # still open in a reader on Windows: the next one retries
                        pass
            return True
        finally:
            writer.cancel()


def _fsync_folder(folder: Path) -> None:
    """Make a new file's name durable (POSIX; Windows has no directory handles to sync)."""
    if os.name != "posix":
        return
    fd = os.open(folder, os.O_RDONLY)
    try:
        os.fsync(fd)
    finally:
        os.close(fd)


# ---------------------------------------------------------------------- version folders
def current_name(root: Path) -> str | None:
    try:
        name = (Path(root) / "CURRENT").read_text(encoding="ascii").strip()
    except (OSError, UnicodeDecodeError):
        return None
    return name or None


def new_version_folder(root: Path) -> Path:
    root = Path(root)
    root.mkdir(parents=True, exist_ok=True)
    n = int(time.time() * 1000)
    while (root / f"v{n}").exists():
        n += 1
    return root / f"v{n}"


def publish(root: Path, folder: Path) -> None:
    """Make ``folder`` the live version atomically, then delete older versions if possible."""
    tmp = Path(root) / f"CURRENT.{os.getpid()}.tmp"
    tmp.write_text(folder.name, encoding="ascii")
    os.replace(tmp, Path(root) / "CURRENT")
    remove_old_versions(root, keep=folder.name)


def remove_old_versions(root: Path, keep: str) -> None:
    def number(name: str) -> int:
        return int(name[1:]) if name[1:].isdigit() else -1

    for child in Path(root).iterdir():
        # versions older than the live one; a newer folder is a rebuild in progress, unless
        # it is so old that its rebuild must have died
        n = number(child.name)
        if not child.is_dir() or n < 0 or child.name == keep:
            continue
        if n < number(keep) or time.time() - n / 1000 > STALE_BUILD_SECONDS:
            # a reader in another process may still have it open (Windows refuses); later
            # calls retry
            shutil.rmtree(child, ignore_errors=True)
