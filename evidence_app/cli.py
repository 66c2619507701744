"""The `evidence-app` command: a thin face over the core.

Each command opens the archive, calls one core function and prints the result, as human text
or (with --json) one JSON object. Failures print a one-line reason on stderr and exit with the
error's code; see errors.py.
"""

from __future__ import annotations

import argparse
import json
import sys
import time
from pathlib import Path

from . import __version__
from .archive.archive import Archive
from .archive.catalogue import read_catalogue, write_template
from .commands import COMMAND_MODULES
from .commands.common import TerminalProgress, emit, open_archive
from .errors import EvidenceError, UsageError
from .suggest.hooks import after_catalogue_import


# ---------------------------------------------------------------------------- commands
def cmd_init(args) -> int:
    with Archive.create(Path(args.archive)) as archive:
        text = f"created archive {args.archive}"
        data: dict = {"archive": str(args.archive)}
        if args.catalog:
            report = archive.import_catalogue(read_catalogue(Path(args.catalog)))
            data["catalogue"] = report.__dict__
            text += "\n" + _catalogue_text(report)
        data["stats"] = archive.stats()
    emit(args, data, text)
    return 0


def _catalogue_text(report) -> str:
    lines = []
    for kind, label in (("requirements", "requirements"), ("mechanisms", "mechanisms"),
                        ("units", "units")):
        if kind in report.added or kind in report.updated:
            lines.append(f"{label}: {report.added.get(kind, 0)} added, "
                         f"{report.updated.get(kind, 0)} updated")
    for kind, codes in report.removed.items():
        if codes:
            lines.append(f"{kind} removed (nothing was tagged to them): {', '.join(codes)}")
    for kind, codes in report.retired.items():
        if codes:
            lines.append(f"WARNING: {kind} no longer in the catalogue but still tagged, kept as "
                         f"retired: {', '.join(codes)}")
    return "\n".join(lines)


def cmd_import_catalog(args) -> int:
    data = read_catalogue(Path(args.file))  # validate fully before touching the archive
    with open_archive(args) as archive:
        report = archive.import_catalogue(data)
        links = after_catalogue_import(archive)
    emit(args, {**report.__dict__, "mechanism_links": links.as_json()},
         "\n".join(t for t in (_catalogue_text(report), links.text()) if t))
    return 0


def cmd_template(args) -> int:
    write_template(Path(args.file))
    emit(args, {"template": args.file}, f"wrote catalogue template {args.file}")
    return 0


def cmd_add(args) -> int:
    from .intake.pipeline import add_paths

    progress = TerminalProgress(not args.json)
    with open_archive(args) as archive:
        report = add_paths(archive, [Path(p) for p in args.paths], args.req, args.mech,
                           args.unit, args.tags_from_folders, progress=progress)
        if args.ask_password:
            _ask_passwords(archive, report, progress)
    lines = [f"added {len(report.added)}, duplicates {len(report.duplicates)}, "
             f"failed {len(report.errors)}" + (" (cancelled)" if report.cancelled else "")]
    if report.mechanism_links is not None and report.mechanism_links.text():
        lines.append(report.mechanism_links.text())
    lines += [f"  duplicate: {d['path']} (same as document {d['id']})" for d in report.duplicates]
    lines += [f"  FAILED: {e['path']}: {e['reason']}" for e in report.errors]
    lines += [f"  warning: {w['path']}: {w['message']}" for w in report.warnings]
    emit(args, report.as_json(), "\n".join(lines))
    return report.exit_code


def _ask_passwords(archive, report, progress) -> None:
    """Ask on the terminal for each password-protected PDF's password until it opens or the
    user skips it with an empty answer."""
    import getpass

    from .intake.pipeline import retry_with_passwords

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
    with open_archive(args, read_only=True) as archive:
        doc = archive.document(args.doc_id)
    emit(args, doc.as_json(), _document_text(doc))
    return 0


def cmd_log(args) -> int:
    with open_archive(args, read_only=True) as archive:
        entries = archive.audit_log(limit=args.limit)
    emit(args, {"entries": entries}, "\n".join(
        f"{e['at']}  {e['user']}@{e['host']}  {e['action']:<16} {e['target']}  "
        f"{json.dumps(e['detail'], ensure_ascii=False)[:120]}" for e in entries))
    return 0


def cmd_stats(args) -> int:
    with open_archive(args, read_only=True) as archive:
        stats = archive.stats()
    emit(args, stats, "\n".join(f"{k:>32}: {v}" for k, v in stats.items()))
    return 0


def cmd_check(args) -> int:
    progress = TerminalProgress(not args.json)
    with open_archive(args, read_only=True) as archive:
        result = archive.check(verify_hashes=not args.quick, progress=progress)
        # the index is derived: damage is a problem (reindex fixes it); being behind is not,
        # because the next search catches up by itself
        from .indexing.search import index_problems

        damaged = index_problems(archive, include_stale=False)
        result.problems += damaged
        result.notes += [p for p in index_problems(archive, include_stale=True)
                         if p not in damaged]
    text = ("archive OK" if result.ok else "PROBLEMS FOUND:\n" + "\n".join(
        f"  - {p}" for p in result.problems))
    if result.notes:
        text += "\n" + "\n".join(f"  note: {n}" for n in result.notes)
    emit(args, {"ok": result.ok, "problems": result.problems, "notes": result.notes}, text)
    return 0 if result.ok else 1


def cmd_unlock(args) -> int:
    """Clear the writer lock of a program that can no longer release it (its computer
    crashed or was switched off with the archive open on a shared drive)."""
    from .archive.lock import WriterLock, describe_holder
    from .errors import ArchiveLockedError

    holder = WriterLock(Path(args.archive)).holder()
    if holder is None:
        emit(args, {"unlocked": False, "holder": None}, "the archive is not locked")
        return 0
    who = describe_holder(holder)
    if not args.yes:
        raise ArchiveLockedError(
            f"the archive is held by {who}. If that program is closed or that computer has "
            "crashed, run this again with --yes to take the lock over", holder=holder)
    with Archive.open(Path(args.archive), take_over_from=holder):
        pass
    emit(args, {"unlocked": True, "holder": holder}, f"cleared the lock of {who}")
    return 0


def cmd_backup(args) -> int:
    from .archive.backup import backup

    progress = TerminalProgress(not args.json)
    with open_archive(args, read_only=True) as archive:
        manifest = backup(archive, Path(args.file), progress=progress)
    emit(args, {"backup": args.file, **manifest},
         f"backed up {manifest['objects']} original(s) and the catalogue to {args.file} "
         "(verified)")
    return 0


def cmd_restore(args) -> int:
    from .archive.backup import restore

    restore(Path(args.file), Path(args.target), progress=TerminalProgress(not args.json))
    emit(args, {"restored": args.target}, f"restored {args.file} into {args.target}; check OK")
    return 0


def cmd_demo(args) -> int:
    from .demo.build import build_demo_archive

    progress = TerminalProgress(not args.json)
    started = time.monotonic()
    report = build_demo_archive(Path(args.archive), size=args.size, progress=progress)
    with open_archive(args, read_only=True) as archive:
        stats = archive.stats()
    seconds = round(time.monotonic() - started, 1)
    data = {"archive": args.archive, "size": args.size, "seconds": seconds, "stats": stats,
            "import_errors": report.errors}
    text = "\n".join([f"demo archive {args.archive} ({args.size}) built in {seconds} s"]
                     + [f"{k:>32}: {v}" for k, v in stats.items()]
                     + [f"  FAILED: {e['path']}: {e['reason']}" for e in report.errors])
    emit(args, data, text)
    return 0 if not report.errors else 1


# ---------------------------------------------------------------------------- parser
def build_parser() -> argparse.ArgumentParser:
    parser = argparse.ArgumentParser(prog="evidence-app", description=(
        "Evidence Archive Compiler: catalogue, import, tag, search and bind evidence."))
    parser.add_argument("--version", action="version", version=f"evidence-app {__version__}")
    sub = parser.add_subparsers(dest="command", metavar="COMMAND", required=True)

    def command(name, func, help_text, archive=True):
        p = sub.add_parser(name, help=help_text, description=help_text)
        if archive:
            p.add_argument("archive", metavar="ARCHIVE", help="the archive folder")
        p.add_argument("--json", action="store_true", help="print one JSON object")
        p.set_defaults(func=func)
        return p

    p = command("init", cmd_init, "create a new archive folder")
    p.add_argument("--catalog", metavar="FILE", help="catalogue .xlsx or .csv to load")

    p = command("demo", cmd_demo, "build a realistic demo archive (deterministic)")
    p.add_argument("--size", choices=["small", "full"], default="small")

    p = command("import-catalog", cmd_import_catalog,
                "load or update the catalogue from .xlsx/.csv (tags are kept)")
    p.add_argument("file", metavar="FILE")

    p = command("template", cmd_template, "write an empty, documented catalogue workbook",
                archive=False)
    p.add_argument("file", metavar="FILE.xlsx")

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
    p.add_argument("--kind", choices=["pdf", "docx", "text", "image", "xlsx", "doc", "wps",
                                      "xls"])
    p.add_argument("--untagged", action="store_true")
    p.add_argument("--limit", type=int)

    p = command("show", cmd_show, "show one document")
    p.add_argument("doc_id", type=int, metavar="DOC_ID")

    p = command("log", cmd_log, "show the audit log (who changed what, when)")
    p.add_argument("--limit", type=int)

    command("stats", cmd_stats, "counts of the catalogue and documents")

    p = command("check", cmd_check, "verify originals, hashes and database integrity")
    p.add_argument("--quick", action="store_true", help="compare sizes instead of hashes")
    p = command("unlock", cmd_unlock, "clear the writer lock of a crashed program or computer")
    p.add_argument("--yes", action="store_true",
                   help="confirm that the program holding the archive is no longer running")
    p = command("backup", cmd_backup, "write a verified .zip backup (works while in use)")
    p.add_argument("file", metavar="FILE.zip")

    p = command("restore", cmd_restore, "restore a backup into a new folder", archive=False)
    p.add_argument("file", metavar="FILE.zip")
    p.add_argument("target", metavar="ARCHIVE")

    for module in COMMAND_MODULES:
        module.register(command)
    return parser


def main(argv: list[str] | None = None) -> int:
    parser = build_parser()
    args = parser.parse_args(argv)
    try:
        return args.func(args)
    except EvidenceError as exc:
        if getattr(args, "json", False):
            print(json.dumps({"error": str(exc)}, ensure_ascii=False))
        print(f"evidence-app: error: {exc}", file=sys.stderr)
        return exc.exit_code
    except KeyboardInterrupt:
        print("evidence-app: interrupted", file=sys.stderr)
        return 130


if __name__ == "__main__":
    sys.exit(main())
