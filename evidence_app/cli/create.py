"""The commands that make an archive: an empty one (init, with its catalogue if given) or
the demo."""

from __future__ import annotations

import time
from pathlib import Path

from ..archive import Archive, archive_location
from ..archive import read_catalogue
from .catalogue import catalogue_text
from .common import TerminalProgress, emit, open_archive


def register(command) -> None:
    """Add `init` and `demo`."""
    p = command("init", cmd_init, "create a new archive folder")
    p.add_argument("--catalog", metavar="FILE", help="catalogue .xlsx or .csv to load")

    p = command("demo", cmd_demo, "build a realistic demo archive (deterministic)")
    p.add_argument("--size", choices=["small", "full"], default="small")


def cmd_init(args) -> int:
    with Archive.create(archive_location(args.archive)) as archive:
        text = f"created archive {args.archive}"
        data: dict = {"archive": str(args.archive)}
        if args.catalog:
            report = archive.import_catalogue(read_catalogue(Path(args.catalog)))
            data["catalogue"] = report.__dict__
            text += "\n" + catalogue_text(report)
        data["stats"] = archive.stats()
    emit(args, data, text)
    return 0


def cmd_demo(args) -> int:
    from ..archive import ocr_backlog
    from ..demo import build_demo_archive

    progress = TerminalProgress(not args.json)
    started = time.monotonic()
    report = build_demo_archive(Path(args.archive), size=args.size, progress=progress)
    with open_archive(args, read_only=True) as archive:
        stats = archive.stats()
        waiting = ocr_backlog(archive).pending
    seconds = round(time.monotonic() - started, 1)
    data = {"archive": args.archive, "size": args.size, "seconds": seconds, "stats": stats,
            "ocr_waiting_pages": waiting, "import_errors": report.errors}
    # the scans are read afterwards, by the OCR queue: the build does not wait for them
    ocr_hint = ([f"{waiting} scanned page(s) wait for OCR: `evidence-app ocr {args.archive}` "
                 "reads them (the window does so by itself when it opens the archive)"]
                if waiting else [])
    text = "\n".join([f"demo archive {args.archive} ({args.size}) built in {seconds} s"]
                     + [f"{k:>32}: {v}" for k, v in stats.items()] + ocr_hint
                     + [f"  FAILED: {e['path']}: {e['reason']}" for e in report.errors])
    emit(args, data, text)
    return 0 if not report.errors else 1
