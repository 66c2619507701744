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

from ..errors import ArchiveLockedError

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


class WriterLock:
    """Held by an Archive opened for writing; released on close."""

    def __init__(self, root: Path):
        self.path = Path(root) / LOCK_NAME
        self.held = False

    def holder(self) -> dict | None:
        try:
            return json.loads(self.path.read_text(encoding="utf-8"))
        except FileNotFoundError:
            return None
        except (OSError, ValueError):
            return {"user": "unknown", "host": "unknown", "pid": -1, "since": "unknown"}

    def acquire(self) -> None:
        """Take the lock or raise ArchiveLockedError naming its holder."""
        info = {"user": current_user(), "host": current_host(), "pid": os.getpid(),
                "since": datetime.now().isoformat(timespec="seconds")}
        for _ in range(2):
            try:
                fd = os.open(self.path, os.O_CREAT | os.O_EXCL | os.O_WRONLY, 0o644)
            except FileExistsError:
                holder = self.holder()
                if holder is None:
                    continue  # released between our attempt and the read
                if self._is_stale(holder):
                    self.path.unlink(missing_ok=True)
                    continue
                raise ArchiveLockedError(
                    f"the archive is open for writing by {holder.get('user')} on "
                    f"{holder.get('host')} (process {holder.get('pid')}) since "
                    f"{holder.get('since')}; close it there first, or open this archive "
                    "read-only") from None
            with os.fdopen(fd, "w", encoding="utf-8") as handle:
                json.dump(info, handle, ensure_ascii=False)
            self.held = True
            return
        raise ArchiveLockedError("could not take the archive's writer lock; try again")

    @staticmethod
    def _is_stale(holder: dict) -> bool:
        """Only a lock of this machine can be proved stale: its process no longer exists."""
        if holder.get("host") != current_host():
            return False
        pid = holder.get("pid")
        return not isinstance(pid, int) or (pid != os.getpid() and not _process_alive(pid))

    def release(self) -> None:
        if self.held:
            holder = self.holder()
            if holder and holder.get("pid") == os.getpid():
                self.path.unlink(missing_ok=True)
            self.held = False
