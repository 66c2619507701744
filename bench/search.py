"""Search benchmark: build time, index size, latency, and recall/precision vs brute force.

    python bench/search.py ARCHIVE [--queries 250] [--no-rebuild] [--seed 7]
        (ARCHIVE: a folder, or a server archive's postgresql:// address: this PC's index)
    python bench/search.py --make-synthetic DIR --docs 2000     # a corpus of our own making

Prints progress lines, then ONE JSON line: build_seconds, index_mb, queries, median_ms,
p95_ms, max_ms, recall, precision, brute_force_median_ms (plus per-category detail), and the
load average (1 min) before and after the timed queries: latencies are wall time, so on a
shared machine they say as much about the load as about search.

The truth is a brute-force scan of every document's folded text held in memory, with the
match rule search.py documents: a term matches when its folded form is in the folded title,
the folded 文号 or the folded pages joined in order. The queries are drawn from the archive
with a fixed seed: 1–6 character terms, fragments cut at random from page text (crossing line
breaks), 文号 typed with random brackets, ANDs of two common terms, each mix also with a
req: filter.
"""

from __future__ import annotations

import argparse
import json
import os
import random
import re
import resource
import statistics
import sys
import time
from collections import Counter
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parents[1]))

from evidence_app.archive import archive_location  # noqa: E402
from evidence_app.archive.archive import Archive  # noqa: E402
from evidence_app.indexing.analysis import fold  # noqa: E402
from evidence_app.indexing.query import parse  # noqa: E402
from evidence_app.indexing.search import SearchIndex  # noqa: E402

BRACKETS = [("〔", "〕"), ("[", "]"), ("(", ")"), ("（", "）"), ("【", "】")]


# ------------------------------------------------------------------------ synthetic corpus
def make_synthetic(root: Path, docs: int, seed: int = 1, page_mult: int = 1,
                   from_archive: str | None = None) -> None:
    """An archive of generated Chinese documents (phrases of the demo catalogue, shuffled)."""
    from evidence_app.archive.catalogue import read_catalogue
    from evidence_app.archive.records import NewDocument
    from evidence_app.archive.store import sha256_of
    from evidence_app.demo import catalogue_data
    from tests.catalogue_samples import write_sample_catalogue

    rng = random.Random(seed)
    sentences: list[str] = []
    if from_archive:
        # realistic sentences: those of an existing (demo) archive, recombined
        with Archive.open(Path(from_archive), read_only=True) as src:
            for _, pages in all_text_sources(src):
                for page in pages:
                    sentences += [s + "。" for s in re.split(r"。", page.replace("\n", ""))
                                  if len(s) > 4]
        sentences = sorted(set(sentences))
    source = Path(catalogue_data.__file__).read_text(encoding="utf-8")
    phrases = sorted(set(re.findall(r"[\u4e00-\u9fff]{2,12}", source)))
    words = sorted({p[i:i + n] for p in phrases for n in (2, 3, 4)
                    for i in range(0, len(p) - n + 1, n)})
    punct = "，。、；：“”（）"
    root = Path(root)
    Archive.create(root).close()
    cat = root / "cache" / "cat.xlsx"
    write_sample_catalogue(cat)
    reqs = ["1.1.1", "1.1.2", "1.2.1", "3.2.1", "3.2.2", "3.5.1"]
    agencies = ["潭政办发", "潭办发", "潭公发", "湘政发", "潭司发", "雨政办发"]
    with Archive.open(root) as archive:
        archive.import_catalogue(read_catalogue(cat))
        batch, paths = [], []
        for n in range(docs):
            pages = []
            for _ in range(rng.choice([1, 1, 2, 3, 5, 8, 12]) * page_mult):
                parts = []
                pieces = rng.randint(12, 22) if sentences else rng.randint(40, 90)
                for _ in range(pieces):
                    r = rng.random()
                    if sentences and r < 0.9:
                        parts.append(rng.choice(sentences))
                    elif r < 0.75:
                        parts.append(rng.choice(words))
                    elif r < 0.9:
                        parts.append(rng.choice(punct))
                    elif r < 0.94:
                        parts.append(str(rng.randint(1, 99999)))
                    elif r < 0.96:
                        parts.append(rng.choice(["GDP", "12345热线", "App", "PDF", "Wi-Fi"]))
                    elif r < 0.98:
                        y = rng.choice(range(2019, 2024))
                        parts.append(f"{rng.choice(agencies)}〔{y}〕{rng.randint(1, 80)}号")
                    else:
                        parts.append(f"{rng.randint(2019, 2023)}年{rng.randint(1, 12)}月")
                text = "".join(parts)
                # extraction puts a newline every ~36 characters, cutting words anywhere
                pages.append("\n".join(text[i:i + 36] for i in range(0, len(text), 36)))
            title = "".join(rng.choice(words) for _ in range(rng.randint(3, 6)))
            number = (f"{rng.choice(agencies)}〔{rng.randint(2019, 2023)}〕{rng.randint(1, 99)}号"
                      if rng.random() < 0.4 else None)
            date = f"{rng.randint(2019, 2023)}{rng.randint(1, 12):02d}{rng.randint(1, 28):02d}"
            path = root / "cache" / f"src{n}.txt"
            path.write_text(f"{n}\n" + "\f".join(pages), encoding="utf-8")
            sha, size = sha256_of(path)
            has_text = rng.random() > 0.03
            batch.append(NewDocument(
                sha256=sha, size=size, original_name=path.name, ext=".txt", kind="text",
                title=title, title_supplied=False, doc_number=number, date=date,
                pages=len(pages), page_texts=pages if has_text else [""] * len(pages),
                has_text=has_text,
                requirements=rng.sample(reqs, rng.choice([0, 1, 1, 2]))))
            paths.append(path)
            if len(batch) == 500 or n == docs - 1:
                archive.add_documents(batch, paths)
                for p in paths:
                    p.unlink()
                batch, paths = [], []
                print(f"synthetic: {n + 1}/{docs}", file=sys.stderr)


# ------------------------------------------------------------------------ truth
def all_text_sources(archive: Archive):
    """Every document's facts and page texts, 500 documents at a time."""
    ids = archive.document_ids()
    for start in range(0, len(ids), 500):
        yield from archive.text_sources(ids[start:start + 500])


def load_truth(archive: Archive) -> dict[int, tuple[list[str], str]]:
    out = {}
    for facts, pages in all_text_sources(archive):
        header = [fold(facts.title or "")] + ([fold(facts.doc_number)] if facts.doc_number
                                              else [])
        out[facts.id] = (header, fold("".join(pages)))
    return out


def brute(truth, query: str, scope: set[int] | None) -> set[int]:
    parsed = parse(query)
    found = set()
    for doc_id, (header, body) in truth.items():
        if scope is not None and doc_id not in scope:
            continue

        def has(term):
            return term in body or any(term in h for h in header)

        if all(any(has(t) for t in group) for group in parsed.groups) and \
                not any(has(t) for t in parsed.excludes):
            found.add(doc_id)
    return found


# ------------------------------------------------------------------------ queries
def make_queries(archive: Archive, count: int, seed: int) -> list[tuple[str, str]]:
    rng = random.Random(seed)
    ids = archive.document_ids()
    texts: dict[int, str] = {}

    def page_text():
        while True:
            doc_id = rng.choice(ids)
            if doc_id not in texts:
                texts[doc_id] = "\n".join(archive.page_texts(doc_id))
            if texts[doc_id].strip():
                return texts[doc_id]

    def cut(length):
        text = page_text()
        start = rng.randrange(max(1, len(text) - length))
        piece = text[start:start + length * 2]
        # take `length` non-space characters (newlines inside are kept: they must not matter)
        out, n = [], 0
        for c in piece:
            out.append(c)
            if not c.isspace():
                n += 1
            if n == length:
                break
        s = "".join(out).strip()
        return s if fold(s) and '"' not in s else cut(length)

    common = Counter()
    for doc_id in rng.sample(ids, min(200, len(ids))):
        t = fold("".join(archive.page_texts(doc_id)))
        common.update(t[i:i + 2] for i in range(len(t) - 1))
    common_terms = [w for w, _ in common.most_common(60)
                    if re.fullmatch(r"[\u4e00-\u9fff]{2}", w)][:30]
    numbers = [d.doc_number for d in archive.documents() if d.doc_number]
    tasks = [r.code for r in sorted(archive.requirements(), key=lambda r: r.id)] + \
        [t[0] for t in archive.tasks()]
    queries: list[tuple[str, str]] = []
    per = max(1, count // 5)
    for _ in range(per):
        queries.append(("term1-6", cut(rng.randint(1, 6))))
    for _ in range(per):
        queries.append(("fragment", cut(rng.randint(4, 14))))
    for _ in range(per):
        if numbers:
            number = rng.choice(numbers)
            o, c = rng.choice(BRACKETS)
            typed = number.replace("〔", o).replace("〕", c)
            if rng.random() < 0.3:
                typed = typed.translate({ord(d): ord(d) + 0xFEE0 for d in "0123456789"})
            queries.append(("docnumber", typed))
        else:
            queries.append(("docnumber", cut(8)))
    for _ in range(per):
        a, b = rng.sample(common_terms, 2)
        queries.append(("and-common", f"{a} {b}"))
    while len(queries) < count:
        kind, base = rng.choice(queries[:4 * per])
        queries.append((kind + "+req", f"{base} req:{rng.choice(tasks)}"))
    return queries


def main() -> int:
    ap = argparse.ArgumentParser()
    ap.add_argument("archive", nargs="?")
    ap.add_argument("--queries", type=int, default=250)
    ap.add_argument("--seed", type=int, default=7)
    ap.add_argument("--no-rebuild", action="store_true")
    ap.add_argument("--make-synthetic", metavar="DIR")
    ap.add_argument("--docs", type=int, default=2000)
    ap.add_argument("--from-archive", metavar="DIR",
                    help="synthetic: recombine the sentences of this archive's documents")
    ap.add_argument("--page-mult", type=int, default=1, help="synthetic: pages per document x N")
    args = ap.parse_args()
    if args.make_synthetic:
        make_synthetic(Path(args.make_synthetic), args.docs, page_mult=args.page_mult,
                       from_archive=args.from_archive)
        return 0
    where = archive_location(args.archive)
    with Archive.open(where, read_only=True) as archive:
        index = SearchIndex(archive)
        build_seconds = None
        if not args.no_rebuild:
            started = time.perf_counter()
            index.rebuild(lambda d, t, m="": None)
            build_seconds = round(time.perf_counter() - started, 1)
            print(f"build: {build_seconds} s", file=sys.stderr)
        build_rss = round(resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024)
        index_bytes = sum(p.stat().st_size for p in (archive.root / "index").rglob("*")
                          if p.is_file())
        queries = make_queries(archive, args.queries, args.seed)
        started = time.perf_counter()
        truth = load_truth(archive)
        print(f"truth loaded in {time.perf_counter() - started:.1f} s "
              f"({sum(len(b) for _, b in truth.values()) / 1e6:.1f}M folded chars)",
              file=sys.stderr)
        index.search("预热")  # open, sync, map: not a query of the set
        load_before = os.getloadavg()[0]
        latencies, brute_ms = [], []
        found_total = true_total = correct = 0
        by_kind: dict[str, list[float]] = {}
        misses = []
        for kind, query in queries:
            started = time.perf_counter()
            result = index.search(query, limit=20)
            ms = (time.perf_counter() - started) * 1000
            latencies.append(ms)
            by_kind.setdefault(kind, []).append(ms)
            # the result's exact id set, for recall/precision (same query, all hits)
            all_ids = {h for h in _all_ids(index, query)}
            parsed = parse(query)
            scope = None
            if parsed.filters.get("req"):
                scope = {d.id for d in archive.documents(requirement=parsed.filters["req"][0])}
            started = time.perf_counter()
            expected = brute(truth, query, scope)
            brute_ms.append((time.perf_counter() - started) * 1000)
            if result.total != len(all_ids):
                misses.append({"query": query, "problem": "total differs from id set"})
            found_total += len(all_ids)
            true_total += len(expected)
            correct += len(all_ids & expected)
            if all_ids != expected:
                misses.append({"query": query, "missing": sorted(expected - all_ids)[:5],
                               "extra": sorted(all_ids - expected)[:5]})
        # one document's update (re-index it and make it searchable), as after an import
        doc_id = archive.document_ids()[len(truth) // 2]
        started = time.perf_counter()
        index.update([doc_id])
        index.search("更新后")
        update_seconds = round(time.perf_counter() - started, 3)
        load_after = os.getloadavg()[0]
        lat = sorted(latencies)
        report = {
            "archive": str(where),
            "documents": len(truth),
            "folded_chars": sum(len(b) for _, b in truth.values()),
            "build_seconds": build_seconds,
            "index_mb": round(index_bytes / 1e6, 1),
            "queries": len(queries),
            "median_ms": round(statistics.median(lat), 2),
            "p95_ms": round(lat[int(0.95 * (len(lat) - 1))], 2),
            "max_ms": round(lat[-1], 2),
            "load_average_before_after": [round(load_before, 1), round(load_after, 1)],
            "recall": round(correct / true_total, 6) if true_total else 1.0,
            "precision": round(correct / found_total, 6) if found_total else 1.0,
            "brute_force_median_ms": round(statistics.median(brute_ms), 2),
            "update_one_seconds": update_seconds,
            "build_peak_rss_mb": build_rss,
            "peak_rss_mb_with_truth": round(
                resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024),
            "median_ms_by_kind": {k: round(statistics.median(v), 2) for k, v in by_kind.items()},
            "max_ms_by_kind": {k: round(max(v), 2) for k, v in by_kind.items()},
            "mismatches": misses[:10],
        }
        index.close()
    print(json.dumps(report, ensure_ascii=False))
    return 0 if not misses else 1


def _all_ids(index: SearchIndex, query: str) -> set[int]:
    """Every id the index answers for the query (unranked, outside the timed call)."""
    return index.match_ids(query)


if __name__ == "__main__":
    sys.exit(main())
