"""Several staff on one server archive (issue 15; budgets below).

Usage: python bench/team.py postgresql://user@server/db [--clients 4] [--actions 200]
       [--import-into postgresql://user@server/empty --material DIR]
       [--migrate-from DEMO_FOLDER [--queries 250]]

Works on an archive on a PostgreSQL server (a scratch copy: `evidence-app migrate` the demo
into an empty database first); every tag it adds it takes off again, and it imports a few
small text documents of its own. Prints one JSON line:
- tag_actions_per_s: tag or untag actions of all clients together per second, each its own
  transaction with its audit row, with ``clients`` processes working at once; p50_ms and
  p95_ms: their latency as one client sees it (budget: p95 ≤ 100 ms);
- searchable_s: after one client commits a new document, until another client's search
  finds it (that client's local index follows the server's generation); median and max of
  ``rounds`` (budget ≤ 2 s);
- with --import-into (an empty database): the small demo's material (generated into
  --material, or reused from there: bench/import_speed.py's) imported by 2 clients at once,
  each half of it through the whole `add` pipeline: import_pages_per_s of both together;
- with --migrate-from (the address is then an empty database): that folder archive (the full
  demo) migrated first, as `evidence-app migrate` does it, verification included: migrate_s;
  then, after the figures above on the migrated archive, bench/search.py on the address, i.e.
  this PC's own index of the server archive: search_build_s (the index built from the server)
  and search_median_ms / search_p95_ms / search_max_ms with recall (the local budgets at full
  scale: median ≤ 20 ms, p95 ≤ 50 ms, worst ≤ 150 ms).
"""

from __future__ import annotations

import argparse
import json
import multiprocessing
import os
import random
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

from evidence_app.archive import Archive, NewDocument, sha256_of
from evidence_app.indexing import SearchIndex


def _tagger(url: str, member: int, actions: int, start: float, results) -> None:
    rng = random.Random(member)
    with Archive.open(url) as archive:
        docs = archive.document_ids()
        codes = [r.code for r in archive.requirements(include_retired=False)]
        latencies = []
        while time.time() < start:
            time.sleep(0.001)
        for _ in range(actions // 2):
            doc, code = rng.choice(docs), rng.choice(codes)
            began = time.perf_counter()
            change = archive.tag([doc], requirements=[code])
            latencies.append(time.perf_counter() - began)
            began = time.perf_counter()
            archive.undo_tags(change)
            latencies.append(time.perf_counter() - began)
    _send(results, latencies)


def _send(results, value) -> None:
    """Hand a result to the parent and wait until it is written (the worker pools an import
    starts may end this process before the queue's thread would)."""
    results.put(value)
    results.close()
    results.join_thread()


def _tag_actions(url: str, clients: int, actions: int) -> dict:
    context = multiprocessing.get_context("spawn")
    results = context.Queue()
    start = time.time() + 3.0      # every client connected and waiting before the first action
    members = [context.Process(target=_tagger, args=(url, k, actions, start, results))
               for k in range(clients)]
    for member in members:
        member.start()
    latencies = [t for _ in members for t in results.get()]
    wall = time.time() - start
    for member in members:
        member.join()
    latencies.sort()
    return {"clients": clients, "tag_actions": len(latencies),
            "tag_actions_per_s": round(len(latencies) / wall, 1),
            "p50_ms": round(1000 * statistics.median(latencies), 1),
            "p95_ms": round(1000 * latencies[int(0.95 * (len(latencies) - 1))], 1)}


def _searchable(url: str, rounds: int) -> dict:
    """One client imports, another searches (its index catching up) until it finds it."""
    waits = []
    folder = Path(tempfile.mkdtemp(prefix="team-bench-"))
    with Archive.open(url) as writer, Archive.open(url) as reader, \
            SearchIndex(reader) as index:
        index.sync()
        for n in range(rounds):
            token = f"团队检索{time.time_ns()}号"
            source = folder / f"round{n}.txt"
            source.write_text(f"关于{token}的工作记录", encoding="utf-8")
            sha, size = sha256_of(source)
            writer.add_documents([NewDocument(
                sha256=sha, size=size, original_name=source.name, ext=".txt", kind="text",
                title=token, title_supplied=True, doc_number=None, date=None, pages=1,
                page_texts=[source.read_text(encoding="utf-8")], has_text=True)], [source])
            committed = time.perf_counter()
            while True:
                index.sync()
                if index.search(token).total:
                    break
                time.sleep(0.05)
            waits.append(time.perf_counter() - committed)
    return {"searchable_s_median": round(statistics.median(waits), 2),
            "searchable_s_max": round(max(waits), 2)}


def _importer(url: str, items: list, results) -> None:
    from evidence_app.intake import import_items

    with Archive.open(url) as archive:
        report = import_items(archive, items, workers=1)
    _send(results, (sum(a["pages"] for a in report.added), len(report.errors)))


def _imports(url: str, material_dir: Path, clients: int = 2) -> dict:
    from evidence_app.archive import read_catalogue
    from evidence_app.intake import ImportItem

    sys.path.insert(0, str(Path(__file__).resolve().parent))
    from import_speed import material_in

    material = material_in(material_dir, "small")
    with Archive.create(url) as archive:
        archive.import_catalogue(read_catalogue(material.catalogue_path))
    items = [ImportItem(path=material.documents_dir / e.path, requirements=list(e.requirements),
                        mechanisms=list(e.mechanisms), unit=e.unit,
                        mechanism_text_of=e.mechanism_text_of) for e in material.entries]
    context = multiprocessing.get_context("spawn")
    results = context.Queue()
    started = time.perf_counter()
    members = [context.Process(target=_importer, args=(url, items[k::clients], results))
               for k in range(clients)]
    for member in members:
        member.start()
    done = [results.get() for _ in members]
    seconds = time.perf_counter() - started
    for member in members:
        member.join()
    pages = sum(p for p, _ in done)
    return {"import_clients": clients, "import_pages": pages,
            "import_errors": sum(e for _, e in done),
            "import_pages_per_s": round(pages / seconds, 1)}


def _migrate(folder: Path, url: str) -> dict:
    from evidence_app.archive import copy_archive

    started = time.perf_counter()
    with Archive.open(folder, read_only=True) as source:
        report = copy_archive(source, url)
    return {"migrate_s": round(time.perf_counter() - started, 1),
            "migrate_rows": sum(report.rows.values()), "migrate_originals": report.originals}


def _search(url: str, queries: int) -> dict:
    """bench/search.py on the server archive, in a process of its own (as a client PC)."""
    script = Path(__file__).resolve().parent / "search.py"
    done = subprocess.run([sys.executable, str(script), url, "--queries", str(queries)],
                          capture_output=True, text=True)
    figures = json.loads(done.stdout.strip().splitlines()[-1])
    return {"search_documents": figures["documents"], "search_build_s": figures["build_seconds"],
            "search_queries": figures["queries"], "search_median_ms": figures["median_ms"],
            "search_p95_ms": figures["p95_ms"], "search_max_ms": figures["max_ms"],
            "search_recall": figures["recall"], "search_precision": figures["precision"]}


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("archive", help="postgresql:// address of a scratch server archive")
    parser.add_argument("--clients", type=int, default=4)
    parser.add_argument("--actions", type=int, default=200, help="tag actions per client")
    parser.add_argument("--rounds", type=int, default=5)
    parser.add_argument("--import-into", help="postgresql:// address of an empty database")
    parser.add_argument("--material", type=Path, default=Path(tempfile.gettempdir())
                        / "team-bench-material")
    parser.add_argument("--migrate-from", type=Path, metavar="FOLDER",
                        help="a folder archive (the full demo) to migrate into the address first")
    parser.add_argument("--queries", type=int, default=250,
                        help="with --migrate-from: search queries on the migrated archive")
    args = parser.parse_args()
    figures = {"load_average": [round(x, 1) for x in os.getloadavg()]}
    if args.migrate_from:
        figures.update(_migrate(args.migrate_from, args.archive))
        print(json.dumps(figures), file=sys.stderr, flush=True)
    figures.update(_tag_actions(args.archive, args.clients, args.actions))
    figures.update(_searchable(args.archive, args.rounds))
    if args.import_into:
        figures.update(_imports(args.import_into, args.material))
    if args.migrate_from:
        figures.update(_search(args.archive, args.queries))
    figures["load_average_after"] = [round(x, 1) for x in os.getloadavg()]
    print(json.dumps(figures, ensure_ascii=False))
    return 0


if __name__ == "__main__":
    sys.exit(main())
