"""OCR throughput, memory and accuracy on the demo's scans (budgets: >= 0.5 page/s on 2 cores
for a typical 公文 page of ~600 characters, peak <= 1.5 GB, character error rate <= 2%).

Samples whole scanned documents of the full-scale demo plan (deterministically, by seed) until
it has --pages pages, renders them exactly as the demo does, and OCRs every page in --workers
processes of one engine each (--threads onnxruntime threads per engine). The demo knows each
page's text (``render.scan_truth``), so the character error rate is exact: edit distance over
the truth's characters, whitespace ignored, nothing else folded. Pages turned in the scanner
and phone photos are in the sample in the demo's proportions, and reported apart too.

    python bench/ocr.py [--pages 200] [--workers 2] [--threads 1] [--size full]
                        [--set detect_side=800 --set rec_width_scale=0.5 ...]

``--set`` overrides a field of ``OcrSettings`` for the run (to measure a candidate before
changing the default); the settings used are in the JSON line.

Prints a summary and one JSON line. CPU seconds per page are reported beside wall time: on a
shared machine they say what the work costs when the cores are free.
"""

from __future__ import annotations

import argparse
import difflib
import json
import multiprocessing
import os
import random
import resource
import sys
import tempfile
import time
from dataclasses import asdict, fields, replace
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

from evidence_app.demo.generate import plan_demo  # noqa: E402
from evidence_app.demo.render import build_scan_pdf, file_rng, scan_pages  # noqa: E402

_engine = None


def _settings(threads: int, overrides: dict):
    from evidence_app.intake.ocr import OcrSettings

    return replace(OcrSettings(threads=threads), **overrides)


def _init(threads: int, overrides: dict) -> None:
    global _engine
    from evidence_app.intake.ocr import OcrEngine

    _engine = OcrEngine(_settings(threads, overrides))


def _ocr_page(task: tuple[str, int]) -> dict:
    from evidence_app.intake.ocr import ocr_file

    path, index = task
    cpu = time.process_time()
    wall = time.perf_counter()
    page = ocr_file(Path(path), "pdf", pages=[index], engine=_engine)[index]
    return {"path": path, "index": index, "text": page.text, "status": page.status,
            "rotation": page.rotation, "confidence": page.confidence,
            "cpu": time.process_time() - cpu, "wall": time.perf_counter() - wall,
            "rss_kb": resource.getrusage(resource.RUSAGE_SELF).ru_maxrss}


def edits(truth: str, got: str) -> tuple[int, int]:
    """(edit operations, truth characters), whitespace ignored."""
    a, b = "".join(truth.split()), "".join(got.split())
    ops = difflib.SequenceMatcher(None, a, b, autojunk=False).get_opcodes()
    return sum(max(i2 - i1, j2 - j1) for tag, i1, i2, j1, j2 in ops if tag != "equal"), len(a)


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--pages", type=int, default=200)
    parser.add_argument("--workers", type=int, default=2)
    parser.add_argument("--threads", type=int, default=1)
    parser.add_argument("--size", default="full", choices=("small", "full"))
    parser.add_argument("--seed", type=int, default=2023)
    parser.add_argument("--set", action="append", default=[], metavar="NAME=VALUE",
                        help="override an OcrSettings field for this run")
    args = parser.parse_args()
    overrides = _overrides(args.set)
    settings = _settings(args.threads, overrides)

    _, specs = plan_demo(args.size, args.seed)
    scans = [s for s in specs if s.entry.kind == "scan" and s.copy_of is None]
    random.Random(args.seed).shuffle(scans)
    load_before = os.getloadavg()
    with tempfile.TemporaryDirectory(prefix="evidence-bench-ocr-") as tmp:
        tasks, truth, kinds = [], {}, {}
        t0 = time.perf_counter()
        for spec in scans:
            if len(tasks) >= args.pages:
                break
            path = Path(tmp) / f"scan{spec.index}.pdf"
            path.write_bytes(build_scan_pdf(spec, file_rng(args.seed, spec.index)))
            for i, page in enumerate(scan_pages(spec, file_rng(args.seed, spec.index))):
                tasks.append((str(path), i))
                truth[(str(path), i)] = page.text
                kinds[(str(path), i)] = ("photo" if page.photo else
                                         f"turned {page.turn}" if page.turn else "upright")
        render_s = time.perf_counter() - t0

        ctx = multiprocessing.get_context("spawn")
        with ctx.Pool(args.workers, initializer=_init,
                      initargs=(args.threads, overrides)) as pool:
            pool.map(_ocr_page, tasks[:args.workers])          # models loaded: steady state
            t0 = time.perf_counter()
            results = pool.map(_ocr_page, tasks, chunksize=1)
            wall_s = time.perf_counter() - t0
    load_after = os.getloadavg()

    total_edits = total_chars = recognised = 0
    by_kind: dict[str, list[int]] = {}
    wrong_turn = 0
    for r in results:
        key = (r["path"], r["index"])
        e, n = edits(truth[key], r["text"])
        total_edits += e
        total_chars += n
        recognised += len("".join(r["text"].split()))
        k = by_kind.setdefault(kinds[key], [0, 0, 0])
        k[0] += 1
        k[1] += e
        k[2] += n
    cpu_s = sum(r["cpu"] for r in results)
    pages = len(results)
    peak_worker_mb = max(r["rss_kb"] for r in results) / 1024
    report = {
        "bench": "ocr",
        "pages": pages,
        "documents_sampled": len({r["path"] for r in results}),
        "workers": args.workers,
        "threads_per_worker": args.threads,
        "settings": asdict(settings),
        "cpus": os.cpu_count(),
        "chars_per_page": round(total_chars / pages),
        "seconds": round(wall_s, 1),
        "pages_per_s": round(pages / wall_s, 3),
        "chars_per_s": round(recognised / wall_s, 1),
        "cpu_s_per_page": round(cpu_s / pages, 2),
        "pages_per_s_if_cores_free": round(args.workers / (cpu_s / pages), 3),
        "peak_rss_per_worker_mb": round(peak_worker_mb),
        "peak_rss_all_workers_mb": round(peak_worker_mb * args.workers),
        "cer": round(total_edits / total_chars, 4),
        "cer_by_kind": {k: {"pages": v[0], "cer": round(v[1] / max(1, v[2]), 4)}
                        for k, v in sorted(by_kind.items())},
        "render_seconds": round(render_s, 1),
        "load_average_before_after": [round(load_before[0], 1), round(load_after[0], 1)],
        "budget": {"pages_per_s": 0.5, "peak_mb": 1536, "cer": 0.02},
    }
    print(f"{pages} pages ({report['chars_per_page']} characters each) from "
          f"{report['documents_sampled']} scanned documents, {args.workers} workers × "
          f"{args.threads} thread(s): {report['pages_per_s']} pages/s, "
          f"{report['chars_per_s']} characters/s, {report['cpu_s_per_page']} CPU s/page; "
          f"peak {report['peak_rss_all_workers_mb']} MB; CER {report['cer']:.2%}")
    print(json.dumps(report, ensure_ascii=False))


def _overrides(pairs: list[str]) -> dict:
    """``["detect_side=800", ...]`` as OcrSettings fields of the right types."""
    from evidence_app.intake.ocr import OcrSettings

    types = {f.name: type(getattr(OcrSettings(), f.name)) for f in fields(OcrSettings)}
    out = {}
    for pair in pairs:
        name, _, value = pair.partition("=")
        if name not in types:
            raise SystemExit(f"--set: no setting {name!r} (settings: {', '.join(types)})")
        out[name] = types[name](value)
    return out


if __name__ == "__main__":
    main()
