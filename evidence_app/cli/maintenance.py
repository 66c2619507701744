"""The commands that inspect and look after an archive: log, stats, check, unlock, backup
and restore."""

from __future__ import annotations

import json
from pathlib import Path

from ..archive import Archive, archive_location, is_server_location
from ..errors import UsageError
from .common import TerminalProgress, emit, open_archive


def register(command) -> None:
    """Add `log`, `stats`, `check`, `unlock`, `backup` and `restore`."""
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

    p = command("restore", cmd_restore, "restore a backup into a new folder (or an empty "
                "server database)", archive=False)
    p.add_argument("file", metavar="FILE.zip")
    p.add_argument("target", metavar="ARCHIVE", help="a new folder, or postgresql://…")


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
        from ..indexing import index_problems

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
    from ..archive import WriterLock, describe_holder
    from ..errors import ArchiveLockedError

    if is_server_location(args.archive):
        raise UsageError("an archive on a server has no writer lock: the server lets "
                         "everyone write at once")
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
    from ..archive import backup

    progress = TerminalProgress(not args.json)
    with open_archive(args, read_only=True) as archive:
        manifest = backup(archive, Path(args.file), progress=progress)
    emit(args, {"backup": args.file, **manifest},
         f"backed up {manifest['objects']} original(s) and the catalogue to {args.file} "
         "(verified)")
    return 0


def cmd_restore(args) -> int:
    from ..archive import restore

    restore(Path(args.file), archive_location(args.target),
            progress=TerminalProgress(not args.json))
    emit(args, {"restored": args.target}, f"restored {args.file} into {args.target}; check OK")
    return 0
