"""The whole volume batch on a real archive (issues 4 and 16; budgets below).

Usage: python bench/compile.py ARCHIVE [--jobs N] [--keep DIR] [--seed-cache DIR] [--save-cache DIR]

Works on a scratch copy of the archive's database (originals are linked, not copied), so the
archive itself is not changed; its cache starts empty, as right after an import made with
`add --no-convert` (or `demo`). Every phase reports wall seconds and CPU seconds (this process
and its children together: workers, LibreOffice) and the load average around it, because the
machine may be shared. Prints one JSON object:
- conversion: the conversions made at import time (export.convert_pending, on ``--jobs``
  workers): files, pages, files_per_s, pages_per_s;
- first: the first compile once the import has settled (it must run no conversion:
  ``converted_in_compile`` counts documents still pending when it started); body_pages,
  pages_per_s;
- noop: a re-run with nothing changed (volumes skipped);
- rerun: a re-run after one document's title changed (volumes rebuilt);
- rebuild: the whole batch again into a new folder, conversions cached;
- breakdown: where a rebuild's time goes, from a profile of rebuilding a sample of volumes
  in this process (seconds and share per step: planning, reading the archive, covers and
  contents, reading source PDFs, adding pages, stamping, font embedding, writing, manifest);
- peak_mb: highest resident memory of the process and its children together (sampled);
- output_mb and concat_mb: the volumes vs. a plain pypdf concatenation of the same pages
  (measured on every 5th volume, scaled up), ratio = output / concatenation.
Budgets (DESIGN.md): first ≤ 180 s on 2 cores, rebuild ≤ 120 s, rerun ≤ 10 s, noop ≤ 5 s,
peak ≤ 1024 MB, ratio ≤ 1.2.
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
from evidence_app.export import (BatchOptions, compile_batch, convert_pending, default_jobs,
                                 pending_conversions)


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


class Phase:
    """Wall and CPU seconds (this process and its reaped children) and the load average."""

    def __init__(self):
        self.wall = time.perf_counter()
        self.times = os.times()
        self.load_before = os.getloadavg()[0]

    def end(self, **extra) -> dict:
        now = os.times()
        cpu = sum(now[:4]) - sum(self.times[:4])
        return {"wall_s": round(time.perf_counter() - self.wall, 1), "cpu_s": round(cpu, 1),
                "load_1min": [round(self.load_before, 1), round(os.getloadavg()[0], 1)],
                **extra}


# what each step of a rebuild is, by the functions that do it (cumulative profile times)
STEPS = {
    "planning": [("plan.py", "plan_volumes")],
    "reading the archive (documents, OCR text, conversions in the cache)": [
        ("batch.py", "_prepare_all"), ("ocr_pages.py", "ocr_texts"), ("batch.py", "_job")],
    "input hashes": [("batch.py", "_input_hash")],
    "covers, contents, closing sheets (reportlab)": [("render.py", "render_volume_pages")],
    "reading source PDFs (pypdf)": [("_reader.py", "__init__"), ("bind.py", "page_fit")],
    "adding pages (pypdf merge)": [("_writer.py", "add_page")],
    "stamping page numbers": [("bind.py", "apply")],
    "font embedding": [("embed.py", "fix")],
    "writing (pypdf serialise)": [("_writer.py", "write")],
    "manifest, cross-reference, spines, records": [("batch.py", "_finish")],
}


def breakdown(archive: Archive, jobs: int, volumes: list[dict], out: Path) -> dict:
    """Profile a rebuild of every 10th volume in this process; seconds per step."""
    import cProfile
    import pstats

    only = sorted({v["key"].split(":", 1)[1] for v in volumes[::10]})
    profile = cProfile.Profile()
    started = time.perf_counter()
    profile.enable()
    result = compile_batch(archive, out, BatchOptions(jobs=1, only=only, force=True))
    profile.disable()
    total = time.perf_counter() - started
    stats = pstats.Stats(profile).stats
    steps = {}
    for step, functions in STEPS.items():
        seconds = sum(entry[3] for (path, _line, name), entry in stats.items()
                      if any(path.endswith(f) and name == n for f, n in functions))
        steps[step] = {"s": round(seconds, 2), "share": round(seconds / total, 3)}
    return {"volumes": len(result.volumes),
            "body_pages": sum(v["body_pages"] for v in result.volumes),
            "profiled_s": round(total, 1), "steps": steps}


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("archive")
    parser.add_argument("--jobs", type=int, default=None)
    parser.add_argument("--keep", help="keep the output in this folder")
    parser.add_argument("--seed-cache", metavar="DIR",
                        help="start with these converted PDFs (cache/pdf of an earlier run)")
    parser.add_argument("--save-cache", metavar="DIR",
                        help="keep the conversions made here (for a later --seed-cache)")
    args = parser.parse_args()
    jobs = args.jobs or default_jobs()
    work = Path(tempfile.mkdtemp(prefix="bench-compile-"))
    sampler = MemorySampler()
    sampler.start()
    report: dict = {"archive": str(args.archive), "jobs": jobs, "cores": default_jobs()}
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
            phase = Phase()
            converted = convert_pending(archive, jobs=jobs)
            report["conversion"] = phase.end(
                files=converted.converted + len(converted.failed), pages=converted.pages,
                failed=len(converted.failed))
            seconds = max(report["conversion"]["wall_s"], 0.1)
            report["conversion"].update(
                files_per_s=round(report["conversion"]["files"] / seconds, 2),
                pages_per_s=round(converted.pages / seconds, 1))
            print(json.dumps(report, ensure_ascii=False), file=sys.stderr, flush=True)
            if args.save_cache:
                saved = Path(args.save_cache)
                saved.mkdir(parents=True, exist_ok=True)
                for item in (root / "cache" / "pdf").iterdir():
                    if item.is_file() and not item.name.startswith("."):
                        os.link(item, saved / item.name)

            still = len(pending_conversions(archive))
            phase = Phase()
            first = compile_batch(archive, out, BatchOptions(jobs=jobs))
            body = sum(v["body_pages"] for v in first.volumes)
            report["first"] = phase.end(volumes=len(first.volumes), body_pages=body,
                                        converted_in_compile=still, errors=len(first.errors))
            report["first"]["pages_per_s"] = round(body / report["first"]["wall_s"], 1)
            print(json.dumps(report, ensure_ascii=False), file=sys.stderr, flush=True)

            phase = Phase()
            noop = compile_batch(archive, out, BatchOptions(jobs=jobs))
            report["noop"] = phase.end(skipped=noop.skipped_up_to_date, built=noop.built)

            doc_id = first.volumes[len(first.volumes) // 2]["documents"][0]["id"]
            title = archive.document(doc_id).title
            archive.update_document(doc_id, title=title + "（修订）")
            phase = Phase()
            changed = compile_batch(archive, out, BatchOptions(jobs=jobs))
            report["rerun"] = phase.end(built=changed.built)
            print(json.dumps(report, ensure_ascii=False), file=sys.stderr, flush=True)

            phase = Phase()
            rebuilt = compile_batch(archive, work / "rebuild", BatchOptions(jobs=jobs))
            report["rebuild"] = phase.end(built=rebuilt.built)
            report["rebuild"]["pages_per_s"] = round(body / report["rebuild"]["wall_s"], 1)
            shutil.rmtree(work / "rebuild", ignore_errors=True)
            print(json.dumps(report, ensure_ascii=False), file=sys.stderr, flush=True)

            report["breakdown"] = breakdown(archive, jobs, first.volumes, work / "profiled")

            documents = {}
            converted: dict[str, str] = {}   # one listing of the cache, not a glob per document
            for item in sorted((root / "cache" / "pdf").iterdir()):
                if item.suffix == ".pdf":
                    converted.setdefault(item.name[:64], str(item))
            for doc in archive.documents():
                if doc.kind == "pdf":
                    documents[doc.id] = str(archive.original_path(doc))
                elif doc.sha256 in converted:
                    documents[doc.id] = converted[doc.sha256]
        sample = changed.volumes[::5]
        concat = sum(concat_size(v, documents, root) for v in sample)
        sampled_out = sum(os.path.getsize(v["path"]) for v in sample)
        output = sum(os.path.getsize(v["path"]) for v in changed.volumes)
        sampler.stopped.set()
        sampler.join()
        report.update(
            peak_mb=round(sampler.peak / 2**20), output_mb=round(output / 2**20, 1),
            concat_mb=round(concat * output / sampled_out / 2**20, 1) if concat else None,
            ratio=round(sampled_out / concat, 3) if concat else None)
        print(json.dumps(report, ensure_ascii=False))
    finally:
        sampler.stopped.set()
        shutil.rmtree(work, ignore_errors=True)


if __name__ == "__main__":
    sys.exit(main())
