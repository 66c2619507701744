"""Full-text search of an archive: the one interface callers use (CLI, GUI, check, ingest).

Guarantee: a document is found exactly when ``fold(query term)`` occurs in ``fold(title)``,
``fold(文号)`` or the folded text of its pages joined in order (page breaks and line breaks
ignored) — see analysis.py for what folds. Recall and precision are both 1.0 by construction:
the n-gram index only proposes candidates, and every candidate that could be wrong is
verified by an exact byte search of its folded text.

How a term is answered (the budgets: median ≤ 20 ms, p95 ≤ 50 ms, worst ≤ 150 ms on 20,000
documents; bench/search.py measures them):

- 1 to 3 characters: the posting list of that n-gram is the exact answer;
- longer: intersect the posting lists of its rarest trigrams (unscored; rarest first, while
  another list costs less to read than the candidates it would rule out cost to verify), then
  verify each candidate with a byte search in the memory-mapped folded text;
- filters (req:, mech:, unit:, kind:, date:, tagged/untagged) are answered by the archive
  (``Archive.document_ids``, the same code as every other document listing), so tagging
  never needs an index write;
- ranking: title/文号 hits first, then BM25 over the body; ties by document id. Very large
  result sets are counted exactly but only the best-looking share is fully scored;
- page of first hit, pages hit, snippet, tags and bound volumes only for the hits returned.

The index follows the archive by itself: every search first compares the archive's audit
generation with the one the index was built at (one indexed SQL lookup) and, when it moved,
re-indexes exactly the documents added, removed or re-described since.

Usage::

    with SearchIndex(archive) as index:
        result = index.search('网格化 req:3.2 -草稿', limit=20)
"""

from __future__ import annotations

import heapq
import math
import re
import shutil
import time
from bisect import bisect_right
from itertools import islice
from dataclasses import asdict, dataclass, field
from functools import lru_cache
from pathlib import Path
from typing import Iterable

from whoosh.index import LockError

from ..errors import ArchiveUnreachableError, Notice, Reason
from ..progress import NO_PROGRESS, CancelToken, Progress
from .analysis import fold, fold_table, fold_with_offsets
from .index import (IndexDamaged, IndexVersion, current_name, fingerprint, fold_document,
                    new_version_folder, publish)
from .query import ParsedQuery, parse

__all__ = ["SearchIndex", "SearchResult", "Hit", "index_problems", "index_documents",
           "search"]

RAREST_BIGRAMS = 3          # posting lists intersected per term for title/文号 hits
MAX_BIGRAMS = 8             # at most this many posting lists intersected per term
VERIFY_VS_POSTING = 12      # verifying a candidate costs about as much as reading this many
                            # postings: intersect rarest-first while that pays
SCORE_ALL_UP_TO = 400       # beyond this many hits, body BM25 only for a bounded share
SNIPPET_BEFORE, SNIPPET_AFTER = 24, 60
MAX_PAGE_SCAN = 2000        # occurrences inspected per document when counting pages hit
BATCH = 200                 # documents read from the archive at a time
SEGMENT_DOCUMENTS = 4000    # documents per Whoosh segment written by a rebuild
LOCK_WAIT = 3.0             # seconds a search waits for another writer before using what's there
MARK_OPEN, MARK_CLOSE = "【", "】"


@dataclass
class Hit:
    id: int
    title: str
    doc_number: str | None
    date: str | None
    kind: str
    page: int | None          # 1-based page of the first body hit (None: hit in title/文号 only)
    pages_hit: int            # how many pages hold a hit
    snippet: str              # hit marked 【like this】; see ``highlights``
    highlights: list[list[int]]  # [start, end) of each marked hit in ``snippet`` (without marks)
    in_title: bool            # a term is in the title or 文号
    has_text: bool            # False: a scan; only its title and 文号 are searchable
    score: float
    requirements: list[str] = field(default_factory=list)
    mechanisms: list[str] = field(default_factory=list)
    bound: list[dict] = field(default_factory=list)   # {"volume","page","path","pdf_index",...}
    ocr: bool = False         # the page of the first body hit is text recognised by OCR


@dataclass
class SearchResult:
    total: int
    hits: list[Hit]
    elapsed_ms: float
    unsearchable: int = 0     # documents in scope with pages not (yet) read: waiting for
                              # OCR, unreadable, or without text and no OCR to read them
    query: str = ""

    def as_json(self) -> dict:
        return {"total": self.total, "hits": [asdict(h) for h in self.hits],
                "elapsed_ms": round(self.elapsed_ms, 2), "unsearchable": self.unsearchable,
                "query": self.query}


class SearchIndex:
    """The search index of one open archive (read-only archives work: index/ is derived).

    Not thread-safe for concurrent calls on one object; the GUI serialises index work on one
    worker, and other processes are kept apart by Whoosh's writer lock.
    """

    def __init__(self, archive, root: Path | None = None):
        self.archive = archive
        self.root = Path(root) if root else Path(archive.root) / "index"
        self._version: IndexVersion | None = None
        self._checked_generation: int | None = None
        self._checked_at = 0.0

    def __enter__(self) -> "SearchIndex":
        return self

    def __exit__(self, *exc) -> None:
        self.close()

    def close(self) -> None:
        if self._version is not None:
            self._version.close()
            self._version = None

    # ------------------------------------------------------------------ archive facts
    def _archive_fps(self) -> dict[int, str]:
        return {facts[0]: fingerprint(*facts[1:]) for facts in self.archive.index_facts()}

    def _folded(self, doc_ids: list[int], cancel: CancelToken | None = None,
                progress: Progress = NO_PROGRESS, label: str = "建立索引"):
        """Fold the given documents' text from the archive, a batch at a time (a generator:
        at full scale the folded text and n-gram sets do not fit in memory all at once).
        Ids no longer in the archive are skipped."""
        for start in range(0, len(doc_ids), BATCH):
            if cancel is not None:
                cancel.raise_if_cancelled()
            progress(start, len(doc_ids), label)
            for facts, texts in self.archive.text_sources(doc_ids[start:start + BATCH]):
                yield fold_document(facts.id, facts.title, facts.doc_number, texts,
                                    fingerprint(*facts[1:]), bool(facts.searchable))
        if cancel is not None:
            cancel.raise_if_cancelled()
        progress(len(doc_ids), len(doc_ids), label)

    # ------------------------------------------------------------------ opening
    def _open(self) -> IndexVersion | None:
        """The live version, reopened if another process published a new one; None if absent."""
        name = current_name(self.root)
        if name is None or not (self.root / name).is_dir():
            self.close()
            return None
        if self._version is None or self._version.folder.name != name:
            self.close()
            self._version = IndexVersion.open(self.root / name)
        return self._version

    def status(self) -> str:
        """``fresh``, ``stale`` (documents changed since), ``missing`` or ``damaged``."""
        try:
            version = self._open()
            if version is None:
                return "missing"
            if version.meta("complete") != "1":
                return "damaged"
            version.refresh()
            if version.fps != self._archive_fps():
                return "stale"
            return "fresh"
        except IndexDamaged:
            self.close()
            return "damaged"

    # ------------------------------------------------------------------ building
    def rebuild(self, progress: Progress = NO_PROGRESS, cancel: CancelToken | None = None
                ) -> int:
        """Build a new index from the archive beside the old one, then switch to it.

        Searches (here or in other processes) keep using the old index until the switch.
        Returns the number of documents indexed.

        Raises:
            Cancelled: the token was set; the half-built index is deleted, the old one kept.
        """
        cancel = cancel or CancelToken()
        generation = self.archive.generation()
        folder = new_version_folder(self.root)
        version = IndexVersion.create(folder)
        ids = self.archive.document_ids()
        try:
            # one segment per SEGMENT_DOCUMENTS: bounds the memory the postings take
            for start in range(0, len(ids), SEGMENT_DOCUMENTS):
                chunk = ids[start:start + SEGMENT_DOCUMENTS]
                version.write(self._folded(chunk, cancel, _offset(progress, start, len(ids))),
                              [], generation, writer=version.writer(), merge=False,
                              replace=False)
            version.set_meta("complete", "1")
        except BaseException:
            version.close()
            shutil.rmtree(folder, ignore_errors=True)
            raise
        version.close()
        self.close()
        publish(self.root, folder)
        self._checked_generation = None
        progress(len(ids), len(ids), "")
        return len(ids)

    def _writable_version(self, progress: Progress) -> tuple[IndexVersion, bool]:
        """The live version, rebuilt first if it is missing, unfinished or damaged
        (derived data: rebuilding loses nothing). Second value: whether it was rebuilt."""
        try:
            version = self._open()
            if version is not None and version.meta("complete") == "1":
                version.refresh()
                return version, False
        except IndexDamaged:
            self.close()
        self.rebuild(progress)
        version = self._open()
        version.refresh()
        return version, True

    def update(self, doc_ids: Iterable[int], progress: Progress = NO_PROGRESS) -> None:
        """(Re-)index these documents now; ids no longer in the archive are removed.

        Raises:
            whoosh.index.LockError: another process kept the index locked for 30 s.
        """
        ids = sorted({int(d) for d in doc_ids})
        version, rebuilt = self._writable_version(progress)
        if rebuilt or not ids:
            return
        present = set()
        for start in range(0, len(ids), 900):
            chunk = ids[start:start + 900]
            present.update(self.archive.document_ids(ids=chunk))
        gone = [d for d in ids if d not in present]
        try:
            version.write(self._folded(sorted(present), progress=progress, label="更新索引"),
                          gone, None, writer=version.writer(timeout=30.0))
        finally:
            version.refresh()

    def remove(self, doc_ids: Iterable[int]) -> None:
        """Drop documents from the index now (search would also notice by itself)."""
        version, rebuilt = self._writable_version(NO_PROGRESS)
        if rebuilt:
            return
        try:
            # generation -1: if a removed document is still in the archive, the next sync's
            # comparison puts it back
            version.write([], sorted({int(d) for d in doc_ids}), -1,
                          writer=version.writer(timeout=30.0))
        finally:
            version.refresh()
        self._checked_generation = None

    def sync(self, progress: Progress = NO_PROGRESS, wait: float = LOCK_WAIT) -> bool:
        """Bring the index up to date with the archive; cheap when nothing changed.

        Returns False when another process held the writer lock for ``wait`` seconds (it is
        writing the index; the search goes on with what is there and verifies it).
        """
        generation = self.archive.generation()
        now = time.monotonic()
        if generation == self._checked_generation and self._version is not None:
            # another process may have published a rebuilt index: look at most once a second
            if now - self._checked_at < 1.0:
                return True
            self._checked_at = now
            if current_name(self.root) == self._version.folder.name:
                return True
        version, _ = self._writable_version(progress)
        if version.meta("generation") != str(generation):
            wanted = self._archive_fps()
            have = version.fps
            changed = sorted(d for d, fp in wanted.items() if have.get(d) != fp)
            gone = sorted(d for d in have if d not in wanted)
            try:
                writer = version.writer(timeout=wait)
            except LockError:
                return False
            try:
                version.write(self._folded(changed, progress=progress, label="更新索引"),
                              gone, generation, writer=writer)
            finally:
                version.refresh()
        self._checked_generation = generation
        self._checked_at = now
        return True

    # ------------------------------------------------------------------ searching
    def search(self, query: str, limit: int = 20, offset: int = 0,
               requirement: str | None = None, mechanism: str | None = None,
               unit: str | None = None, kind: str | None = None) -> SearchResult:
        """Answer a query (syntax in query.py); keyword filters add to those in the query."""
        started = time.perf_counter()
        parsed = parse(query)
        for key, value in (("req", requirement), ("mech", mechanism), ("unit", unit),
                           ("kind", kind)):
            if value:
                parsed.filters.setdefault(key, []).append(value)
        version, matcher, scope, result = self._match_or_repair(parsed)
        unsearchable = len(version.no_text if scope is None else version.no_text & scope)
        ranked, scores = self._rank(version, matcher, parsed, result,
                                    offset + max(0, int(limit)))
        page = ranked[offset:offset + max(0, int(limit))]
        try:
            hits = self._hits(version, parsed, page)
        except ArchiveUnreachableError:
            hits = self._hits_from_index(version, parsed, page)
        for hit in hits:
            hit.score = round(scores.get(hit.id, 0.0), 4)
        return SearchResult(total=len(result), hits=hits, unsearchable=unsearchable,
                            elapsed_ms=(time.perf_counter() - started) * 1000, query=query)

    def match_ids(self, query: str) -> set[int]:
        """Every document the query finds, unranked (e.g. "select all results")."""
        return self._match_or_repair(parse(query))[3]

    def _match_or_repair(self, parsed: ParsedQuery):
        try:
            return self._match(parsed)
        except IndexDamaged:
            # derived data: drop the damaged version and answer from a rebuilt one — unless
            # another process has already published a newer version meanwhile
            damaged = self._version.folder.name if self._version is not None else None
            self.close()
            if damaged is None or current_name(self.root) == damaged:
                try:
                    (self.root / "CURRENT").unlink()
                except FileNotFoundError:
                    pass
            self._checked_generation = None
            return self._match(parsed)

    def _match(self, parsed: ParsedQuery):
        try:
            self.sync()
        except ArchiveUnreachableError:
            if self._version is None:
                raise
            # the archive's server is away: this PC searches the index it has
        version = self._version
        version.refresh()
        scope = self._filter_ids(parsed)
        live = version.entries
        if scope is not None:
            scope &= live.keys()
        matcher = _Matcher(version, live)
        if parsed.groups:
            result: set[int] | None = scope
            # most selective group first: it bounds the verification work of the others
            groups = sorted(parsed.groups, key=lambda g: sum(matcher.estimate(t) for t in g))
            for group in groups:
                found: set[int] = set()
                for term in group:
                    found |= matcher.ids(term, result)
                result = found
                if not result:
                    break
        else:
            result = set(live) if scope is None else set(scope)
        for term in parsed.excludes:
            if result:
                result -= matcher.ids(term, result)
        return version, matcher, scope, result

    # filters ----------------------------------------------------------------------------
    def _filter_ids(self, parsed: ParsedQuery) -> set[int] | None:
        """The documents the filters allow, or None when there are no filters."""
        scope: set[int] | None = None
        for key, values in parsed.filters.items():
            for value in values:
                scope = _narrowed(scope, self._matching(key, value))
        if parsed.tagged is not None:
            scope = _narrowed(scope, set(self.archive.document_ids(
                tagged=parsed.tagged, untagged=not parsed.tagged)))
        if parsed.excluded_filters and scope is None:
            scope = set(self.archive.document_ids())
        for key, values in parsed.excluded_filters.items():
            for value in values:
                scope -= self._matching(key, value)
        return scope

    def _matching(self, key: str, value: str) -> set[int]:
        """The documents one filter (``req:3.2``, ``kind:pdf``…) keeps, asked of the archive."""
        if key == "date":
            low, high = _date_range(value)
            if low is None:
                return set()
            return set(self.archive.document_ids(dated=(low, high)))
        if key == "req":
            return set(self.archive.document_ids(requirement=value))
        if key == "mech":
            return set(self.archive.document_ids(mechanism=value))
        if key == "unit":
            return set(self.archive.document_ids(unit=value))
        return set(self.archive.document_ids(kind=value.lower()))

    # ranking ----------------------------------------------------------------------------
    def _rank(self, version: IndexVersion, matcher: "_Matcher", parsed: ParsedQuery,
              result: set[int], need: int) -> tuple[list[int], dict[int, float]]:
        """Order ``result`` best first: title/文号 hits, then BM25 over the body, then id.

        Bounded work: when more than SCORE_ALL_UP_TO documents match, only that many are
        scored with BM25 — the title/文号 hits and then the shortest bodies (at equal term
        counts BM25 prefers them); the rest follow in that order. Only the first ``need``
        places are guaranteed to be ordered.
        """
        if not parsed.groups or not result:
            return sorted(result)[:need], {}
        entries, mm = version.entries, version.text
        terms = parsed.positive_terms()
        n_docs = max(len(entries), 1)
        idf = {t: math.log(1 + (n_docs - df + 0.5) / (df + 0.5))
               for t, df in ((t, matcher.count(t)) for t in terms)}
        header: dict[int, float] = {}
        for term in terms:
            for doc_id in matcher.header_ids(term, result):
                header[doc_id] = header.get(doc_id, 0.0) + 100.0 + idf[term]
        if len(result) > SCORE_ALL_UP_TO:
            pool = heapq.nsmallest(SCORE_ALL_UP_TO, header,
                                   key=lambda d: (-header[d], entries[d].blen, d))
            if len(pool) < SCORE_ALL_UP_TO:
                pool += _shortest(version, result, set(header), SCORE_ALL_UP_TO - len(pool))
        else:
            pool = list(result)
        k1, b, avg = 1.2, 0.75, version.avg_blen
        scores: dict[int, float] = {}
        needles = [(t.encode("utf-8"), idf[t]) for t in terms]
        for doc_id in pool:
            e = entries[doc_id]
            body = mm[e.body_start:e.end]
            norm = k1 * (1 - b + b * e.blen / avg)
            score = header.get(doc_id, 0.0)
            for needle, weight in needles:
                tf = body.count(needle)
                if tf:
                    score += weight * tf * (k1 + 1) / (tf + norm)
            scores[doc_id] = score
        ranked = sorted(pool, key=lambda d: (-scores[d], d))
        if len(pool) < len(result) and need > len(ranked):
            rest = _shortest(version, result, set(pool), len(result))
            rest.sort(key=lambda d: -header.get(d, 0.0))  # stable: then by length, id
            ranked += rest
        return ranked, scores

    # hit details ------------------------------------------------------------------------
    def _hits(self, version: IndexVersion, parsed: ParsedQuery, ids: list[int]) -> list[Hit]:
        if not ids:
            return []
        from ..archive import ocr_page_numbers
        from ..archive import bound_locations

        docs = {}
        for start in range(0, len(ids), 900):  # SQLite's bound-parameter limit
            docs.update((d.id, d) for d in self.archive.documents(ids=ids[start:start + 900]))
        bound = bound_locations(self.archive, ids)
        read_by_ocr = ocr_page_numbers(self.archive, ids)
        terms = parsed.positive_terms()
        hits = []
        for doc_id in ids:
            doc = docs.get(doc_id)
            if doc is None:  # removed between the search and now
                continue
            e = version.entries[doc_id]
            page, pages_hit, in_title = _pages(version, e, terms)
            snippet, spans = self._snippet(doc_id, doc.title, doc.doc_number, page, terms)
            hits.append(Hit(
                id=doc_id, title=doc.title, doc_number=doc.doc_number, date=doc.date,
                kind=doc.kind, page=page, pages_hit=pages_hit, snippet=snippet,
                highlights=spans, in_title=in_title, has_text=doc.has_text, score=0.0,
                requirements=doc.requirements, mechanisms=doc.mechanisms,
                bound=[{"volume": loc.archive_code, "page": loc.first_page,
                        "last_page": loc.last_page, "path": loc.path,
                        "pdf_index": loc.pdf_index, "title": loc.title, "part": loc.part,
                        "parts": loc.parts} for loc in bound.get(doc_id, [])],
                ocr=page in read_by_ocr.get(doc_id, ())))
        return hits

    def _hits_from_index(self, version: IndexVersion, parsed: ParsedQuery,
                         ids: list[int]) -> list[Hit]:
        """Hits made from this PC's index alone, while the archive's server cannot be
        reached: title, 文号 and snippet in their folded (searchable) form, without the
        date, tags or volumes only the archive knows."""
        mm, terms, hits = version.text, parsed.positive_terms(), []
        longest = max((len(t) for t in terms), default=0)
        for doc_id in ids:
            e = version.entries[doc_id]
            title, _, number = bytes(mm[e.off:e.off + e.hlen]).decode(
                "utf-8", "replace").partition("\x1f")
            page, pages_hit, in_title = _pages(version, e, terms)
            if page is None:
                snippet, spans = _mark(title + (f" {number}" if number else ""), terms,
                                       whole=True)
            else:   # a hit may run on to the next page
                start = e.body_start + e.pages[page - 1]
                end = e.body_start + e.pages[page + 1] if page + 1 < len(e.pages) else e.end
                text = bytes(mm[start:end]).decode("utf-8", "replace")
                at = min((i for i in (text.find(t) for t in terms) if i != -1), default=0)
                lo = max(0, at - 2 * SNIPPET_BEFORE)
                hi = min(len(text), at + 2 * SNIPPET_AFTER + 4 * longest)
                snippet, spans = _mark(text[lo:hi], terms, whole=not terms, before=lo > 0,
                                       after=hi < len(text))
            hits.append(Hit(id=doc_id, title=title, doc_number=number or None, date=None,
                            kind="", page=page, pages_hit=pages_hit, snippet=snippet,
                            highlights=spans, in_title=in_title, has_text=e.has_text,
                            score=0.0))
        return hits

    def _snippet(self, doc_id: int, title: str, number: str | None, page: int | None,
                 terms: list[str]) -> tuple[str, list[list[int]]]:
        if page is None:
            text = title + (f" {number}" if number else "")
            return _mark(text, terms, whole=True)
        # a hit may run on to the next page
        text = "".join(self.archive.page_texts(doc_id, (page, page + 1)))
        if not terms:
            return _mark(text[:SNIPPET_BEFORE + SNIPPET_AFTER], [], whole=True,
                         after=len(text) > SNIPPET_BEFORE + SNIPPET_AFTER)
        # fold only a window around the first hit: folding a whole page character by
        # character for 20 hits cost more than the search itself
        folded = fold(text)
        found = [i for i in (folded.find(t) for t in terms) if i != -1]
        if not found:
            return _mark(text, terms, whole=False)
        start = _origin_index(text, min(found))
        lo = max(0, start - 2 * SNIPPET_BEFORE)
        hi = min(len(text), start + 2 * SNIPPET_AFTER + 4 * max(len(t) for t in terms))
        return _mark(text[lo:hi], terms, whole=False, before=lo > 0, after=hi < len(text))


def _origin_index(text: str, folded_index: int) -> int:
    """The index in ``text`` of the character that became ``fold(text)[folded_index]``.

    Only characters that do not fold to exactly one character (whitespace, expansions) move
    the two apart, so only those are visited.
    """
    table = fold_table()
    shift = 0  # original index minus folded index, before the character at hand
    for match in _non_unit_pattern().finditer(text):
        p = match.start()
        at = p - shift  # folded index of this character's output
        if at > folded_index:
            break
        n = len(table[ord(text[p])])
        if folded_index < at + n:
            return p
        shift += 1 - n
    return folded_index + shift


@lru_cache(maxsize=1)
def _non_unit_pattern() -> re.Pattern:
    """Characters that fold to nothing or to more than one character."""
    chars = sorted(chr(cp) for cp, value in fold_table().items() if len(value) != 1)
    return re.compile("[" + "".join(re.escape(c) for c in chars) + "]")


class _Matcher:
    """Answers single folded terms against one index version, caching per query."""

    def __init__(self, version: IndexVersion, live: dict):
        self.version = version
        self.live = live
        self._df: dict[str, int] = {}
        self._exact: dict[str, set[int]] = {}

    def _freq(self, gram: str) -> int:
        if gram not in self._df:
            self._df[gram] = self.version.doc_frequency(gram)
        return self._df[gram]

    def _grams(self, term: str) -> list[str]:
        """The indexed n-grams to intersect for a term, rarest first: the term itself up to
        three characters (its posting list is the exact answer), else its trigrams."""
        if len(term) <= 3:
            return [term]
        return sorted({term[i:i + 3] for i in range(len(term) - 2)},
                      key=lambda g: (self._freq(g), g))

    def estimate(self, term: str) -> int:
        grams = self._grams(term)
        return self._freq(grams[0]) if grams else 0

    def count(self, term: str) -> int:
        """Documents holding the term (for idf); exact if the term was answered fully."""
        if term in self._exact:
            return len(self._exact[term])
        return self.estimate(term)

    def header_ids(self, term: str, within: set[int]) -> set[int]:
        """The documents in ``within`` whose title or 文号 holds ``term``."""
        grams = sorted({term[i:i + 2] for i in range(len(term) - 1)} or {term},
                       key=lambda g: (self.version.doc_frequency(g, "h"), g))
        candidates = self.version.postings(grams[0], "h") & within
        for gram in grams[1:RAREST_BIGRAMS]:
            if len(candidates) < 16:
                break
            candidates &= self.version.postings(gram, "h")
        if len(term) <= 2:
            return candidates
        mm, live, needle = self.version.text, self.live, term.encode("utf-8")
        return {d for d in candidates
                if mm.find(needle, live[d].off, live[d].off + live[d].hlen) != -1}

    def ids(self, term: str, within: set[int] | None) -> set[int]:
        """Exactly the live documents (within ``within``, if given) whose text has ``term``."""
        if term in self._exact:
            found = self._exact[term]
            return found if within is None else found & within
        grams = self._grams(term)
        candidates: set[int] | None = None
        for n, gram in enumerate(grams):
            if candidates is not None and (
                    len(candidates) < 16 or n >= MAX_BIGRAMS
                    or len(candidates) * VERIFY_VS_POSTING < self._freq(gram)):
                break  # verifying what is left costs less than reading another list
            posting = self.version.postings(gram)
            if candidates is None:
                candidates = posting if within is None else posting & within
            else:
                candidates &= posting
        candidates = candidates if candidates is not None else set()
        if self.version.orphans:
            candidates -= self.version.orphans
        if len(term) <= 3:
            found = candidates  # the posting list of the term itself: exact
        else:
            find, spans, needle = self.version.text.find, self.version.spans, \
                term.encode("utf-8")
            found = {d for d in candidates if find(needle, *spans[d]) != -1}
        if within is None:
            self._exact[term] = found
        return found


def _offset(progress: Progress, start: int, total: int) -> Progress:
    """Progress of one chunk reported as progress of the whole."""
    def report(done: int, _total: int, message: str = "") -> None:
        progress(min(start + done, total), total, message)
    return report


def _shortest(version: IndexVersion, result: set[int], skip: set[int], count: int
              ) -> list[int]:
    """Up to ``count`` documents of ``result`` not in ``skip``, shortest body first."""
    if len(result) < 4000:
        entries = version.entries
        return sorted((d for d in result if d not in skip),
                      key=lambda d: (entries[d].blen, d))[:count]
    # a large share of the archive: walking the presorted list stops early
    return list(islice((d for d in version.by_length if d in result and d not in skip), count))


def _pages(version: IndexVersion, e, terms: list[str]) -> tuple[int | None, int, bool]:
    """(first page with a hit, number of pages hit, whether a term is in the title/文号)."""
    mm = version.text
    first: int | None = None
    pages: set[int] = set()
    in_title = False
    for term in terms:
        needle = term.encode("utf-8")
        if mm.find(needle, e.off, e.off + e.hlen) != -1:
            in_title = True
        pos = mm.find(needle, e.body_start, e.end)
        scanned = 0
        while pos != -1 and scanned < MAX_PAGE_SCAN:
            page = bisect_right(e.pages, pos - e.body_start)  # 1-based
            pages.add(page)
            if first is None or page < first:
                first = page
            # jump to the next page: only whether a page has a hit matters
            next_start = e.pages[page] + e.body_start if page < len(e.pages) else e.end
            pos = mm.find(needle, max(pos + 1, next_start), e.end)
            scanned += 1
    return first, len(pages), in_title


_SPACE = re.compile(r"\s+")


def _mark(text: str, terms: list[str], whole: bool, before: bool = False,
          after: bool = False) -> tuple[str, list[list[int]]]:
    """A one-line snippet of ``text`` around the first hit, hits marked 【】.

    Returns the marked snippet and the [start, end) spans of the hits in the unmarked one.
    """
    folded, origin = fold_with_offsets(text)
    spans: list[tuple[int, int]] = []
    for term in terms:
        pos = folded.find(term)
        while pos != -1 and len(spans) < 200:
            spans.append((origin[pos], origin[pos + len(term) - 1] + 1))
            pos = folded.find(term, pos + len(term))
    spans.sort()
    merged: list[list[int]] = []
    for start, end in spans:
        if merged and start <= merged[-1][1]:
            merged[-1][1] = max(merged[-1][1], end)
        else:
            merged.append([start, end])
    if whole or not merged:
        lo, hi = 0, len(text) if whole else min(len(text), SNIPPET_BEFORE + SNIPPET_AFTER)
    else:
        lo = max(0, merged[0][0] - SNIPPET_BEFORE)
        hi = min(len(text), merged[0][1] + SNIPPET_AFTER)
    # squash whitespace: line breaks inside Chinese text vanish, between Latin words one space
    chars: list[str] = []
    at: dict[int, int] = {}
    i = lo
    while i < hi:
        if text[i].isspace():
            j = i
            while j < hi and text[j].isspace():
                j += 1
            if chars and j < hi and (chars[-1].isascii() or text[j].isascii()):
                chars.append(" ")
            i = j
            continue
        at[i] = len(chars)
        chars.append(text[i])
        i += 1
    prefix = "…" if lo > 0 or before else ""
    suffix = "…" if hi < len(text) or after else ""
    highlights: list[list[int]] = []
    for start, end in merged:
        if start < lo or start >= hi:
            continue
        end = min(end, hi)
        last = end - 1
        while last > start and last not in at:
            last -= 1
        if start in at:
            highlights.append([at[start] + len(prefix), at[last] + 1 + len(prefix)])
    plain = prefix + "".join(chars) + suffix
    pieces, cut = [], 0
    for start, end in highlights:
        pieces += [plain[cut:start], MARK_OPEN, plain[start:end], MARK_CLOSE]
        cut = end
    pieces.append(plain[cut:])
    return "".join(pieces), highlights


def _narrowed(scope: set[int] | None, ids: set[int]) -> set[int]:
    return ids if scope is None else scope & ids


def _date_range(value: str) -> tuple[str | None, str | None]:
    """'2021' / '202103' / '20210101..20211231' / '2021..' → inclusive YYYYMMDD bounds."""
    low_text, sep, high_text = value.partition("..")
    low = re.sub(r"\D", "", low_text)
    high = re.sub(r"\D", "", high_text) if sep else low
    if (low and len(low) not in (4, 6, 8)) or (high and len(high) not in (4, 6, 8)):
        return None, None
    if not low and not high:
        return None, None
    return (low + "0000")[:8] if low else "00000000", (high + "9999")[:8] if high else "99999999"


def index_problems(archive, include_stale: bool = True) -> list[str]:
    """What `check` should report about the search index (empty when it is fresh).

    A stale index (documents added or removed without the index being told, e.g. by
    ``remove``) is harmless — the next search brings it up to date by itself — so callers may
    prefer ``include_stale=False`` and report it as a note. Writes nothing.
    """
    with SearchIndex(archive) as index:
        state = index.status()
        if state == "missing" and not archive.has_documents():
            return []  # nothing to index yet
        if state == "stale":
            if not include_stale:
                return []
            version = index._version
            wanted = index._archive_fps()
            changed = sum(1 for d, fp in wanted.items() if version.fps.get(d) != fp)
            gone = sum(1 for d in version.fps if d not in wanted)
            return [f"search index: out of date ({changed} document(s) to index, {gone} to "
                    "drop); the next search catches up, or run `evidence-app reindex ARCHIVE`"]
    return {
        "fresh": [],
        "missing": ["search index: missing (run `evidence-app reindex ARCHIVE`; a search "
                    "also builds it)"],
        "damaged": ["search index: damaged (run `evidence-app reindex ARCHIVE` to rebuild it "
                    "from the archive; a search also does)"],
    }[state]


def index_documents(archive, doc_ids: Iterable[int], progress: Progress = NO_PROGRESS
                    ) -> Notice | None:
    """Index documents just imported; returns a warning instead of raising, because the
    import itself succeeded and the next search (or `reindex`) catches the index up."""
    try:
        with SearchIndex(archive) as index:
            index.update(doc_ids, progress)
    except (LockError, IndexDamaged, OSError) as exc:
        return Notice(f"the search index was not updated ({exc}); it catches up on the next "
                      "search or with `evidence-app reindex`", Reason.INDEX_NOT_UPDATED)
    return None


def search(archive, query: str, **options) -> SearchResult:
    """One-shot search (opens and closes the index); keep a SearchIndex for many queries."""
    with SearchIndex(archive) as index:
        return index.search(query, **options)
