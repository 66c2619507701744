"""OCR commands: `ocr` works through the queue of scanned pages; `add --ocr` and
`show --text` (in documents.py) use the helpers here."""

from __future__ import annotations

from dataclasses import asdict

from .common import TerminalProgress, emit, open_archive


def register(command) -> None:
    """Add `ocr`."""
    p = command("ocr", cmd_ocr, "read the text of scanned pages waiting for OCR (stops and "
                                "resumes at any point; Ctrl+C keeps what is read)")
    p.add_argument("--workers", type=int, metavar="N",
                   help="OCR processes to run (default: one per core but one)")
    p.add_argument("--retry-unreadable", action="store_true",
                   help="first put the pages OCR could not read back in the queue")


def run_queue(archive, args, doc_ids=None):
    """Run the OCR queue (of ``doc_ids`` only, if given) with a progress bar on the terminal."""
    from ..intake import run_ocr_queue

    progress = TerminalProgress(not args.json)
    return run_ocr_queue(archive, progress, workers=getattr(args, "workers", None),
                         doc_ids=doc_ids)


def report_lines(report) -> list[str]:
    lines = [f"OCR: {report.pages} page(s) read, {report.unreadable} unreadable, "
             f"{len(report.documents)} document(s) finished, {report.remaining} page(s) "
             "waiting" + (" (cancelled)" if report.cancelled else "")]
    lines += [f"  document {doc_id}: filled " + ", ".join(f"{k} {v}" for k, v in sorted(
        fields.items())) for doc_id, fields in sorted(report.filled.items())]
    lines += [f"  warning: {w}" for w in report.warnings]
    return lines


def cmd_ocr(args) -> int:
    from ..archive import ocr_backlog, retry_unreadable

    with open_archive(args) as archive:
        if args.retry_unreadable:
            retry_unreadable(archive)
        report = run_queue(archive, args)
        backlog = ocr_backlog(archive)
    data = dict(report.as_json(), unreadable_waiting=backlog.unreadable)
    emit(args, data, "\n".join(report_lines(report)))
    return 0


def page_text(archive, doc_id: int) -> tuple[list[dict], str]:
    """A document's text page by page, each page saying where its text came from: as JSON
    rows and as the text `show --text` prints."""
    from ..archive import page_sources

    pages = page_sources(archive, doc_id)
    blocks = []
    for page in pages:
        if page.source == "ocr":
            origin = f"OCR, confidence {page.confidence:.2f}"
        elif page.waiting:
            origin = "waiting for OCR (run `evidence-app ocr`)"
        elif page.source == "none":
            origin = f"OCR could not read it: {page.reason}"
        else:
            origin = "text layer"
        blocks.append(f"--- page {page.page} ({origin}) ---\n{page.text}".rstrip())
    return [asdict(p) for p in pages], "\n".join(blocks)
