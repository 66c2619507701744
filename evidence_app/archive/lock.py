"""The archive's writer lock: one writing program at a time, readers always welcome.

SQLite's own locking does not protect an archive on a network share (and WAL does not work
there at all), so the archive carries a lock file naming its holder. A lock left by a crashed
process on this machine is detected (its process is gone) and cleared; a lock from another
machine cannot be checked from here and is reported with who holds it and since when.
"""

from __future__ import annotations

import getpass
import json
import os
import platform
from datetime import datetime
from pathlib import Path

from ..errors import ArchiveLockedError, Reason

LOCK_NAME = "archive.lock"


def current_user() -> str:
    try:
        return getpass.getuser()
    except Exception:  # getpass raises various errors when no login name exists (services)
        return "unknown"


def current_host() -> str:
    return platform.node() or "unknown"


def _process_alive(pid: int) -> bool:
    if pid <= 0:
        return False
    if os.name == "nt":
        import ctypes

        handle = ctypes.windll.kernel32.OpenProcess(0x1000, False, pid)
        if not handle:
            return False
        ctypes.windll.kernel32.CloseHandle(handle)
        return True
    try:
        os.kill(pid, 0)
    except ProcessLookupError:
        return False
    except PermissionError:
        return True
    return True


def describe_holder(holder: dict) -> str:
    """Who holds a lock, as the messages name them."""
    return (f"{holder.get('user')} on {holder.get('host')} (process {holder.get('pid')}) "
            f"since {holder.get('since')}")


class WriterLock:
    """Held by an Archive opened for writing; released on close.

    The lock file's content (user, machine, process, since) identifies this holding. A holder
    on another machine cannot be proved dead from here, so only the user can declare it so
    (``take_over_from``); the program that lost its lock that way then finds out at its next
    write (``verify``) instead of writing beside the new holder.
    """

    def __init__(self, root: Path):
        self.path = Path(root) / LOCK_NAME
        self.held = False
        self.info: dict | None = None

    def holder(self) -> dict | None:
        try:
            return json.loads(self.path.read_text(encoding="utf-8"))
        except FileNotFoundError:
            return None
        except (OSError, ValueError):
            return {"user": "unknown", "host": "unknown", "pid": -1, "since": "unknown"}

    def acquire(self, take_over_from: dict | None = None) -> bool:
        """Take the lock or raise ArchiveLockedError naming its holder.

        ``take_over_from``: a holder the user has declared gone (its program closed or its
        computer crashed); its lock is removed if it is still exactly that holder's and that
        holder is not a live process on this machine. Returns whether that happened.
        """
        took_over = False
        info = {"user": current_user(), "host": current_host(), "pid": os.getpid(),
                "since": datetime.now().isoformat(timespec="seconds")}
        for _ in range(2):
            if self._create(info):
                return took_over
            holder = self.holder()
            if holder is None:
                continue  # released between our attempt and the read
            if self._is_stale(holder):
                self.path.unlink(missing_ok=True)
                continue
            if take_over_from is not None and holder == take_over_from:
                if holder.get("host") == current_host():
                    raise ArchiveLockedError(
                        f"the program holding the archive is still running on this computer "
                        f"(process {holder.get('pid')}); close it instead", holder=holder)
                self.path.unlink(missing_ok=True)
                took_over = True
                continue
            raise ArchiveLockedError(
                f"the archive is open for writing by {describe_holder(holder)}; close it "
                "there first, or open this archive read-only", holder=holder)
        raise ArchiveLockedError("could not take the archive's writer lock; try again")

    def _create(self, info: dict) -> bool:
        try:
            fd = os.open(self.path, os.O_CREAT | os.O_EXCL | os.O_WRONLY, 0o644)
        except FileExistsError:
            return False
        with os.fdopen(fd, "w", encoding="utf-8") as handle:
            json.dump(info, handle, ensure_ascii=False)
        self.held, self.info = True, info
        return True

    def verify(self) -> None:
        """Before a write: raise if another program has taken the archive over.

        A lock file that vanished (deleted by hand) is written again, since no one else
        holds the archive then.
        """
        holder = self.holder()
        if holder == self.info:
            return
        if holder is None and self._create(self.info):
            return
        self.held = False
        holder = holder or self.holder() or {}
        raise ArchiveLockedError(
            f"{holder.get('user')} on {holder.get('host')} took this archive over at "
            f"{holder.get('since')}, judging this program closed; this change was not saved. "
            "Close the archive here and open it read-only, or again when they are done",
            holder=holder, reason=Reason.TAKEN_OVER,
            params=(holder.get("user"), holder.get("host"),
                    str(holder.get("since", "")).replace("T", " ")))

    @staticmethod
    def _is_stale(holder: dict) -> bool:
        """Only a lock of this machine can be proved stale: its process no longer exists."""
        if holder.get("host") != current_host():
            return False
        pid = holder.get("pid")
        return not isinstance(pid, int) or (pid != os.getpid() and not _process_alive(pid))

    def release(self) -> None:
        if self.held:
            if self.holder() == self.info:
                self.path.unlink(missing_ok=True)
            self.held = False
