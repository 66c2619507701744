"""BENCH ONLY: store the demo's own text as the OCR of its scans, as if the engine had read
every page without a mistake, so search can be measured at full scale with OCR text in the
index (reading the full demo's 12,081 scanned pages with the engine takes hours).

    python bench/ocr_truth.py ARCHIVE [--size full] [--seed 2023] [--photos]

ARCHIVE must be a demo archive built with the same size and seed (`evidence-app demo ARCHIVE
--size full`). Each document waiting for OCR is matched to the demo's plan by file name (by
its bytes where names repeat), and each of its pages gets the text the demo drew into it
(``render.scan_truth``) through the OCR runner's own answer path (intake/ocr_queue.py: one
transaction per page, 文号/责任者/date filled from the whole text when a document's last page
is answered, one audit row per document). The index then holds what `evidence-app ocr` would
leave, read by a perfect engine: the same amount of OCR text, the same fields.

The demo's photos have no truth (a date stamp in a picture); with ``--photos`` they are then
read by the real queue (`run_ocr_queue`), otherwise they stay waiting. Never run this on a
real archive: it writes text that no engine read.

Prints one JSON line: pages filled, documents finished, photos read, seconds.
"""

from __future__ import annotations

import argparse
import json
import sys
import time
from collections import defaultdict
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parents[1]))

from evidence_app.archive import Archive, ocr_backlog  # noqa: E402
from evidence_app.demo.generate import plan_demo  # noqa: E402
from evidence_app.demo.render import render_bytes, scan_truth  # noqa: E402
from evidence_app.intake import ocr_queue  # noqa: E402
from evidence_app.progress import NO_PROGRESS, CancelToken  # noqa: E402

#: the confidence stored with truth text (what the engine reports on a clean demo page)
TRUTH_CONFIDENCE = 0.97


def scan_specs_by_name(size: str, seed: int) -> dict[str, list]:
    """File name → the scanned documents of the demo plan that bear it (a copy counts as
    its original: the archive keeps whichever name it met first)."""
    _, specs = plan_demo(size, seed)
    by_index = {s.index: s for s in specs}
    names: dict[str, list] = defaultdict(list)
    for spec in specs:
        original = by_index[spec.copy_of] if spec.copy_of is not None else spec
        if original.entry.kind == "scan":
            names[Path(spec.entry.path).name].append(original)
    return names


def truth_of(job, names: dict[str, list], seed: int) -> list[str] | None:
    """The demo's text of each page of the job's document, or None if it is no demo scan."""
    candidates = {s.index: s for s in names.get(job.original_name, [])}.values()
    if len(candidates) > 1:
        candidates = [s for s in candidates if _sha256(render_bytes(s, seed)) == job.sha256]
    if len(candidates) != 1:
        return None
    return scan_truth(next(iter(candidates)), seed)


def _sha256(data: bytes) -> str:
    import hashlib

    return hashlib.sha256(data).hexdigest()


def fill(archive: Archive, size: str, seed: int) -> dict:
    """Answer every waiting page of the demo's scans with its truth; what was done."""
    names = scan_specs_by_name(size, seed)
    report = ocr_queue.OcrRunReport()
    # the runner's own bookkeeping and answer path, without its worker processes
    run = ocr_queue._Run(archive, None, NO_PROGRESS, CancelToken(), report, workers=1)
    skipped: set[int] = set()
    for task in run._tasks():
        job = task.job
        if job.document_id in skipped:
            continue
        truth = truth_of(job, names, seed)
        if truth is None or task.page > len(truth):
            skipped.add(job.document_id)   # a photo, or not this demo: left waiting
            continue
        run._answer(task, truth[task.page - 1], TRUTH_CONFIDENCE, None, None)
    return {"pages_filled": report.pages, "documents_finished": len(report.documents),
            "fields_filled": len(report.filled), "documents_left_waiting": len(skipped)}


def main() -> int:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("archive")
    ap.add_argument("--size", default="full", choices=("small", "full"))
    ap.add_argument("--seed", type=int, default=2023)
    ap.add_argument("--photos", action="store_true",
                    help="then read what is left (the photos) with the real OCR queue")
    args = ap.parse_args()
    started = time.perf_counter()
    with Archive.open(Path(args.archive)) as archive:
        result = fill(archive, args.size, args.seed)
        if args.photos:
            read = ocr_queue.run_ocr_queue(archive, workers=2)
            result["photos_read"] = read.pages
        result["pages_still_waiting"] = ocr_backlog(archive).pending
    result["seconds"] = round(time.perf_counter() - started, 1)
    print(json.dumps(result, ensure_ascii=False))
    return 0


if __name__ == "__main__":
    sys.exit(main())
