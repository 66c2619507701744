"""`convert`: the conversions a compile needs, made ahead (export/convert.py); `add`
converts the files it added with the helpers here unless told `--no-convert`."""

from __future__ import annotations

from ..errors import UsageError
from .common import TerminalProgress, emit, open_archive


def register(command) -> None:
    """Add `convert`."""
    p = command("convert", cmd_convert, "convert Word and other non-PDF documents for the "
                                        "compile ahead of it, on every core (stops and resumes "
                                        "at any point; what is converted is kept)")
    p.add_argument("--jobs", type=int, metavar="N", help="worker processes (default: cores)")
    p.add_argument("--retry-failed", action="store_true",
                   help="first forget the documents whose conversion failed, and try them again")


def run_conversions(archive, args, doc_ids=None):
    """Convert the pending documents (of ``doc_ids`` only, if given) with a progress bar."""
    from ..export import convert_pending

    jobs = getattr(args, "jobs", None)
    if jobs is not None and jobs < 1:
        raise UsageError("--jobs must be at least 1")
    return convert_pending(archive, doc_ids, TerminalProgress(not args.json), jobs=jobs)


def report_lines(report) -> list[str]:
    lines = [f"converted {report.converted} document(s) ({report.pages} page(s)) for the "
             f"compile, {len(report.failed)} could not be converted"
             + (f"; cancelled, {report.remaining} waiting" if report.cancelled else "")]
    lines += [f"  NOT CONVERTED: document {f['id']} {f['title']}: {f['reason']}"
              for f in report.failed]
    return lines


def cmd_convert(args) -> int:
    from ..export import retry_failed_conversions

    with open_archive(args, read_only=True) as archive:
        retried = retry_failed_conversions(archive) if args.retry_failed else 0
        report = run_conversions(archive, args)
    emit(args, dict(report.as_json(), retried=retried), "\n".join(report_lines(report)))
    return 0
