"""The `evidence-app` commands of the volumes feature: compile and locate."""

from __future__ import annotations

from pathlib import Path

from ..errors import UsageError
from .common import TerminalProgress, emit, open_archive


def register(command) -> None:
    """Add `compile` and `locate`."""
    p = command("compile", cmd_compile, "bind evidence volumes (PDF) for the whole batch")
    p.add_argument("--out", required=True, metavar="DIR", help="output folder")
    p.add_argument("--by", choices=["requirement", "task", "unit", "mechanism"],
                   default="requirement", help="one volume per … (default: requirement)")
    p.add_argument("--only", action="append", default=[], metavar="CODE",
                   help="only the volumes of this requirement/task/unit/mechanism (repeatable)")
    p.add_argument("--max-pages", type=int, metavar="N",
                   help="page budget of a volume, this run only (default: `layout`)")
    p.add_argument("--jobs", type=int, metavar="N", help="worker processes (default: cores)")
    p.add_argument("--date", metavar="YYYYMMDD",
                   help="date printed on covers, this run only (default: `layout`, else the "
                        "archive's last change)")
    p.add_argument("--duplex", choices=["on", "off"],
                   help="blank pages so documents start on a right-hand page (this run only)")
    p.add_argument("--include-classified", action="store_true",
                   help="bind documents that declare a 密级 (left out by default)")
    p.add_argument("--force", action="store_true", help="rebuild up-to-date volumes too")
    p.add_argument("--dry-run", action="store_true", help="print the plan; write nothing")

    p = command("locate", cmd_locate, "volume and pages where a document is bound")
    p.add_argument("doc_id", type=int, metavar="DOC_ID")


def _options(args):
    from ..export import BatchOptions

    if args.max_pages is not None and args.max_pages < 1:
        raise UsageError("--max-pages must be at least 1")
    if args.jobs is not None and args.jobs < 1:
        raise UsageError("--jobs must be at least 1")
    if args.date and not (len(args.date) == 8 and args.date.isdigit()):
        raise UsageError("--date must be eight digits, YYYYMMDD")
    return BatchOptions(by=args.by, only=args.only, max_pages=args.max_pages, jobs=args.jobs,
                        compile_date=args.date,
                        duplex=None if args.duplex is None else args.duplex == "on",
                        include_classified=True if args.include_classified else None,
                        force=args.force)


def cmd_compile(args) -> int:
    from ..export import compile_batch, plan_batch

    options = _options(args)
    if args.dry_run:
        with open_archive(args, read_only=True) as archive:
            plan = plan_batch(archive, options)
        data = plan.as_json()
        lines = [f"{v.archive_code}  {v.body_pages:>4}p  {len(v.entries):>3} docs  "
                 f"第{v.part}册/共{v.parts}册  {v.title}" for v in plan.volumes]
        lines += [f"warning: {w}" for w in plan.warnings]
        totals = data["totals"]
        lines.append(f"{totals['volumes']} volume(s), {totals['documents']} document "
                     f"placement(s), {totals['body_pages']} body pages (dry run: nothing "
                     "written)")
        emit(args, data, "\n".join(lines))
        return 0
    progress = TerminalProgress(not args.json)
    with open_archive(args) as archive:
        result = compile_batch(archive, Path(args.out), options, progress=progress)
    lines = [f"{v['archive_code']}  {v['pages']:>4} pages  {v['path']}" for v in result.volumes]
    lines.append(f"{len(result.volumes)} volume(s): {result.built} built, "
                 f"{result.skipped_up_to_date} up to date")
    lines += [f"  ERROR: {e.get('volume', '')} {e.get('title', '')}: {e['reason']}"
              for e in result.errors]
    lines += [f"  warning: {w}" for w in result.warnings]
    emit(args, result.as_json(), "\n".join(lines))
    return 0


def cmd_locate(args) -> int:
    from ..export import locate

    with open_archive(args, read_only=True) as archive:
        places = locate(archive, args.doc_id)
    data = {"id": args.doc_id, "bound": [
        {"volume": p.archive_code, "title": p.title, "path": p.path, "part": p.part,
         "parts": p.parts, "first_page": p.first_page, "last_page": p.last_page,
         "pdf_index": p.pdf_index} for p in places]}
    text = ("\n".join(f"{p.archive_code}  第{p.part}册/共{p.parts}册  pages {p.first_page}-"
                      f"{p.last_page} (PDF page {p.pdf_index})  {p.path}" for p in places)
            or f"document {args.doc_id} is not bound in any compiled volume")
    emit(args, data, text)
    return 0
