"""The document commands: import files, tag, edit, remove, list and show documents."""

from __future__ import annotations

import sys
from pathlib import Path

from ..errors import UsageError
from ..intake import KINDS
from . import convert as convert_commands
from . import links as link_commands
from . import ocr as ocr_commands
from .common import TerminalProgress, emit, open_archive


def register(command) -> None:
    """Add `add`, `tag`, `edit`, `remove`, `list` and `show`."""
    p = command("add", cmd_add, "import files and folders (recursively)")
    p.add_argument("paths", nargs="+", metavar="PATH")
    p.add_argument("--req", action="append", default=[], metavar="CODE")
    p.add_argument("--mech", action="append", default=[], metavar="CODE")
    p.add_argument("--unit", metavar="NAME", help="the unit that supplied the files")
    p.add_argument("--tags-from-folders", action="store_true",
                   help="tag each file with the requirement codes its folder names carry")
    p.add_argument("--ask-password", action="store_true",
                   help="ask on the terminal for the password of each password-protected PDF; "
                        "the archive keeps an unprotected copy")
    p.add_argument("--ocr", action="store_true",
                   help="wait until OCR has read the scanned pages of these files")
    p.add_argument("--no-convert", action="store_true",
                   help="do not convert the Word and other non-PDF files for the compile now "
                        "(`convert` does it later; a compile converts what is left)")

    p = command("tag", cmd_tag, "tag documents with requirements/mechanisms (or --remove)")
    p.add_argument("doc_ids", nargs="+", type=int, metavar="DOC_ID")
    p.add_argument("--req", action="append", default=[], metavar="CODE")
    p.add_argument("--mech", action="append", default=[], metavar="CODE")
    p.add_argument("--remove", action="store_true")

    p = command("edit", cmd_edit, "change a document's title, 文号, 责任者, date or note")
    p.add_argument("doc_id", type=int, metavar="DOC_ID")
    for flag in ("--title", "--doc-number", "--issuer", "--date", "--note", "--retention",
                 "--unit"):
        p.add_argument(flag)

    p = command("remove", cmd_remove, "delete documents and their stored originals")
    p.add_argument("doc_ids", nargs="+", type=int, metavar="DOC_ID")

    p = command("list", cmd_list, "list documents, optionally filtered")
    p.add_argument("--req", metavar="CODE", help="requirement (or task: all its requirements)")
    p.add_argument("--mech", metavar="CODE")
    p.add_argument("--unit", metavar="NAME")
    p.add_argument("--kind", choices=sorted(KINDS))
    p.add_argument("--untagged", action="store_true")
    p.add_argument("--limit", type=int)

    p = command("show", cmd_show, "show one document")
    p.add_argument("doc_id", type=int, metavar="DOC_ID")
    p.add_argument("--text", action="store_true",
                   help="also print its text page by page, saying which pages OCR read")


def cmd_add(args) -> int:
    from ..intake import add_paths

    progress = TerminalProgress(not args.json)
    with open_archive(args) as archive:
        report = add_paths(archive, [Path(p) for p in args.paths], args.req, args.mech,
                           args.unit, args.tags_from_folders, progress=progress)
        if args.ask_password:
            _ask_passwords(archive, report, progress)
        added = [a["id"] for a in report.added]
        converted = (convert_commands.run_conversions(archive, args, added)
                     if added and not args.no_convert else None)
        ocr = ocr_commands.run_queue(archive, args, added) if args.ocr and added else None
    lines = [f"added {len(report.added)}, duplicates {len(report.duplicates)}, "
             f"failed {len(report.errors)}" + (" (cancelled)" if report.cancelled else "")]
    if report.mechanism_links is not None and report.mechanism_links.text():
        lines.append(report.mechanism_links.text())
    lines += [f"  duplicate: {d['path']} (same as document {d['id']})" for d in report.duplicates]
    lines += [f"  FAILED: {e['path']}: {e['reason']}" for e in report.errors]
    lines += [f"  warning: {w['path']}: {w['message']}" for w in report.warnings]
    lines += (convert_commands.report_lines(converted)
              if converted and (converted.converted or converted.failed) else [])
    lines += ocr_commands.report_lines(ocr) if ocr else []
    emit(args, dict(report.as_json(), **({"ocr": ocr.as_json()} if ocr else {}),
                    **({"converted": converted.as_json()} if converted else {})),
         "\n".join(lines))
    return report.exit_code


def _ask_passwords(archive, report, progress) -> None:
    """Ask on the terminal for each password-protected PDF's password until it opens or the
    user skips it with an empty answer."""
    import getpass

    from ..intake import retry_with_passwords

    skipped: set[str] = set()
    while True:
        passwords = {}
        wrong = report.wrong_passwords()
        for item in report.locked:
            path = str(item.path)
            if path in skipped:
                continue
            if path in wrong:
                print(f"{path}: wrong password", file=sys.stderr)
            answer = getpass.getpass(f"password for {path} (Enter to skip): ")
            if answer:
                passwords[path] = answer
            else:
                skipped.add(path)
        if not passwords:
            return
        retry_with_passwords(archive, report, passwords, progress)


def cmd_tag(args) -> int:
    if not args.req and not args.mech:
        raise UsageError("name at least one --req or --mech")
    with open_archive(args) as archive:
        change = archive.tag(args.doc_ids, args.req, args.mech, remove=args.remove)
    verb = "removed" if args.remove else "added"
    emit(args, {"changed": change.count, **change.__dict__},
          f"{verb} {change.count} tag(s)")
    return 0


def cmd_edit(args) -> int:
    fields = {k: v for k, v in (("title", args.title), ("doc_number", args.doc_number),
                                ("issuer", args.issuer), ("date", args.date),
                                ("note", args.note), ("retention", args.retention),
                                ("source_unit", args.unit)) if v is not None}
    if not fields:
        raise UsageError("name at least one field to change, e.g. --title or --date")
    with open_archive(args) as archive:
        doc = archive.update_document(args.doc_id, **fields)
    emit(args, doc.as_json(), _document_text(doc))
    return 0


def cmd_remove(args) -> int:
    with open_archive(args) as archive:
        docs = [archive.remove_document(d) for d in args.doc_ids]
    emit(args, {"removed": [d.id for d in docs]},
          "\n".join(f"removed document {d.id} ({d.original_name})" for d in docs))
    return 0


def _document_line(doc) -> str:
    tags = ",".join(doc.requirements + doc.mechanisms) or "-"
    return (f"{doc.id:>6}  {doc.kind:<5} {doc.pages:>4}p  {doc.date or '-':<8}  "
            f"{doc.doc_number or '-':<18}  {doc.title[:40]}  [{tags}]")


def _document_text(doc) -> str:
    rows = [("id", doc.id), ("title", ("[%s]" if doc.title_supplied else "%s") % doc.title),
            ("文号", doc.doc_number or ""), ("责任者", doc.issuer or ""), ("date", doc.date or ""),
            ("kind", doc.kind), ("pages", doc.pages), ("has text", "yes" if doc.has_text else
                                                          "no (scan or image)"),
            ("file", doc.original_name), ("sha256", doc.sha256),
            ("unit", doc.source_unit or ""), ("requirements", ", ".join(doc.requirements)),
            ("mechanisms", ", ".join(doc.mechanisms)), ("classification",
                                                        doc.classification or ""),
            ("note", doc.note), ("imported", f"{doc.imported_at} by {doc.imported_by}")]
    return "\n".join(f"{k:>14}: {v}" for k, v in rows)


def cmd_list(args) -> int:
    with open_archive(args, read_only=True) as archive:
        docs = archive.documents(requirement=args.req, mechanism=args.mech, unit=args.unit,
                                 kind=args.kind, untagged=args.untagged)
    if args.limit:
        docs = docs[:args.limit]
    emit(args, {"total": len(docs), "documents": [d.as_json() for d in docs]},
          "\n".join([_document_line(d) for d in docs] + [f"{len(docs)} document(s)"]))
    return 0


def cmd_show(args) -> int:
    from ..archive import document_links

    with open_archive(args, read_only=True) as archive:
        doc = archive.document(args.doc_id)
        links = [link.as_json() for link in document_links(archive, doc.id)]
        link_lines = link_commands.link_lines(archive, doc.id)
        pages, text = ocr_commands.page_text(archive, doc.id) if args.text else ([], "")
    emit(args, dict(doc.as_json(), links=links, **({"pages": pages} if args.text else {})),
         _document_text(doc) + "".join(f"\n{'links' if n == 0 else '':>14}: {line}"
                                       for n, line in enumerate(link_lines))
         + (f"\n{text}" if args.text else ""))
    return 0
