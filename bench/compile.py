"""The whole volume batch on a real archive (issue 4; budgets below).

Usage: python bench/compile.py ARCHIVE [--jobs N] [--keep DIR]

Works on a scratch copy of the archive's database (originals are linked, not copied), so the
archive itself is not changed. Prints one JSON line:
- total_s: the whole batch from nothing (conversions of .docx etc. into the cache included),
  with default jobs; body_pages, pages_per_s (body pages per second);
- warm_s: the whole batch again from nothing but with the conversion cache kept (what staff
  see on every rebuild: conversions are derived data made once);
- rerun_s: a re-run after one document's title changed (rebuilt volumes reported);
- noop_s: a re-run with nothing changed;
- peak_mb: highest resident memory of the process and its children together (sampled);
- output_mb and concat_mb: the volumes vs. a plain pypdf concatenation of the same pages
  (measured on every 5th volume, scaled up), ratio = output / concatenation.
Budgets: total ≤ 180 s on 2 cores, rerun ≤ 30 s, peak ≤ 1024 MB, ratio ≤ 1.2.
"""

from __future__ import annotations

import argparse
import io
import json
import os
import shutil
import sqlite3
import sys
import tempfile
import threading
import time
from pathlib import Path

from evidence_app.archive.archive import Archive
from evidence_app.export.batch import BatchOptions, compile_batch, default_jobs


class MemorySampler(threading.Thread):
    """Sum of RSS over this process and all its descendants, sampled every 0.1 s (Linux)."""

    def __init__(self):
        super().__init__(daemon=True)
        self.peak = 0
        self.stopped = threading.Event()

    @staticmethod
    def _tree_rss() -> int:
        parents: dict[int, int] = {}
        rss: dict[int, int] = {}
        for entry in os.listdir("/proc"):
            if not entry.isdigit():
                continue
            try:
                with open(f"/proc/{entry}/stat") as handle:
                    fields = handle.read().rsplit(")", 1)[1].split()
                parents[int(entry)] = int(fields[1])
                rss[int(entry)] = int(fields[21]) * os.sysconf("SC_PAGE_SIZE")
            except (OSError, IndexError, ValueError):
                continue
        root = os.getpid()
        total, stack = 0, [root]
        children: dict[int, list[int]] = {}
        for pid, ppid in parents.items():
            children.setdefault(ppid, []).append(pid)
        while stack:
            pid = stack.pop()
            total += rss.get(pid, 0)
            stack += children.get(pid, [])
        return total

    def run(self) -> None:
        while not self.stopped.is_set():
            try:
                self.peak = max(self.peak, self._tree_rss())
            except OSError:
                pass
            time.sleep(0.1)


def scratch_copy(source: Path, target: Path) -> Path:
    """A writable archive sharing the originals: database copied (online backup), objects
    linked, caches empty."""
    target.mkdir(parents=True)
    src = sqlite3.connect(f"file:{source / 'archive.sqlite'}?mode=ro", uri=True)
    dst = sqlite3.connect(target / "archive.sqlite")
    src.backup(dst)
    dst.close()
    src.close()
    os.symlink((source / "objects").resolve(), target / "objects")
    (target / "cache").mkdir()
    (target / "index").mkdir()
    return target


def concat_size(volume: dict, documents: dict, root: Path) -> int:
    from pypdf import PdfReader, PdfWriter

    writer = PdfWriter()
    readers = {}
    for doc in volume["documents"]:
        path = documents.get(doc["id"])
        if not path:
            continue
        reader = readers.get(path) or readers.setdefault(path, PdfReader(path))
        count = doc["last_page"] - doc["first_page"] + 1
        for page in reader.pages[:count]:
            writer.add_page(page)
    buffer = io.BytesIO()
    writer.write(buffer)
    return buffer.getbuffer().nbytes


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("archive")
    parser.add_argument("--jobs", type=int, default=None)
    parser.add_argument("--keep", help="keep the output in this folder")
    parser.add_argument("--no-warm", action="store_true", help="skip the warm-cache run")
    parser.add_argument("--seed-cache", metavar="DIR",
                        help="start with these converted PDFs (cache/pdf of an earlier run): "
                             "total_s then measures a rebuild without conversions")
    args = parser.parse_args()
    jobs = args.jobs or default_jobs()
    work = Path(tempfile.mkdtemp(prefix="bench-compile-"))
    sampler = MemorySampler()
    sampler.start()
    try:
        root = scratch_copy(Path(args.archive), work / "archive")
        if args.seed_cache:
            target = root / "cache" / "pdf"
            target.mkdir(parents=True)
            for item in Path(args.seed_cache).iterdir():
                if item.is_file() and not item.name.startswith("."):
                    os.link(item, target / item.name)
        out = Path(args.keep) if args.keep else work / "out"
        with Archive.open(root) as archive:
            started = time.perf_counter()
            first = compile_batch(archive, out, BatchOptions(jobs=jobs))
            total = time.perf_counter() - started
            body = sum(v["body_pages"] for v in first.volumes)

            started = time.perf_counter()
            noop = compile_batch(archive, out, BatchOptions(jobs=jobs))
            noop_s = time.perf_counter() - started

            doc_id = first.volumes[len(first.volumes) // 2]["documents"][0]["id"]
            title = archive.document(doc_id).title
            archive.update_document(doc_id, title=title + "（修订）")
            started = time.perf_counter()
            changed = compile_batch(archive, out, BatchOptions(jobs=jobs))
            rerun_s = time.perf_counter() - started

            warm_s = None
            if not args.no_warm:
                warm_out = work / "warm"
                started = time.perf_counter()
                compile_batch(archive, warm_out, BatchOptions(jobs=jobs))
                warm_s = time.perf_counter() - started
                shutil.rmtree(warm_out, ignore_errors=True)

            documents = {}
            cache = root / "cache" / "pdf"
            for doc in archive.documents():
                if doc.kind == "pdf":
                    documents[doc.id] = str(archive.original_path(doc))
                else:
                    found = sorted(cache.glob(f"{doc.sha256}*.pdf"))
                    if found:
                        documents[doc.id] = str(found[0])
        sample = changed.volumes[::5]
        concat = sum(concat_size(v, documents, root) for v in sample)
        sampled_out = sum(os.path.getsize(v["path"]) for v in sample)
        output = sum(os.path.getsize(v["path"]) for v in changed.volumes)
        ratio = sampled_out / concat if concat else None
        sampler.stopped.set()
        sampler.join()
        print(json.dumps({
            "archive": str(args.archive), "jobs": jobs, "volumes": len(first.volumes),
            "conversions_cached_at_start": bool(args.seed_cache),
            "body_pages": body, "pages": sum(v["pages"] for v in first.volumes),
            "total_s": round(total, 1), "pages_per_s": round(body / total, 1),
            "warm_s": round(warm_s, 1) if warm_s is not None else None,
            "warm_pages_per_s": round(body / warm_s, 1) if warm_s else None,
            "noop_s": round(noop_s, 1), "noop_skipped": noop.skipped_up_to_date,
            "rerun_s": round(rerun_s, 1), "rerun_rebuilt": changed.built,
            "peak_mb": round(sampler.peak / 2**20), "output_mb": round(output / 2**20, 1),
            "concat_mb": round(concat * output / sampled_out / 2**20, 1) if concat else None,
            "ratio": round(ratio, 3) if ratio else None, "errors": len(first.errors)},
            ensure_ascii=False))
    finally:
        sampler.stopped.set()
        shutil.rmtree(work, ignore_errors=True)


if __name__ == "__main__":
    sys.exit(main())
