"""The commands that move an archive between homes: `migrate` (a folder to a PostgreSQL
server, or back) and `snapshot` (a read-only folder copy of a server archive, for an
inspection room without the LAN). Both copy everything and verify the copy (copier.py)."""

from __future__ import annotations

from ..archive import archive_location, copy_archive
from .common import TerminalProgress, emit, open_archive


def register(command) -> None:
    """Add `migrate` and `snapshot`."""
    p = command("migrate", cmd_migrate, "copy the whole archive to its new home (a server "
                "database, postgresql://user@server/db, or a folder), verified")
    p.add_argument("target", metavar="TARGET", help="an empty database's address or a new folder")
    p = command("snapshot", cmd_snapshot, "make a read-only folder copy of the archive (for "
                "an inspection room without the office network)")
    p.add_argument("target", metavar="FOLDER", help="a new or empty folder")


def _copy(args, snapshot: bool) -> int:
    progress = TerminalProgress(not args.json)
    with open_archive(args, read_only=True) as source:
        report = copy_archive(source, archive_location(args.target), snapshot=snapshot,
                              progress=progress)
    rows = sum(report.rows.values())
    emit(args, {"target": args.target, "rows": report.rows, "originals": report.originals,
                "source_problems": report.source_check, "snapshot": snapshot},
         f"copied {rows} rows in {len(report.rows)} tables and {report.originals} "
         f"original(s) to {args.target}; verified: same rows, hashes match, check OK"
         + ("" if not report.source_check else
            f"\nnote: the source archive itself has problems: {report.source_check[:3]}"))
    return 0


def cmd_migrate(args) -> int:
    return _copy(args, snapshot=False)


def cmd_snapshot(args) -> int:
    return _copy(args, snapshot=True)
