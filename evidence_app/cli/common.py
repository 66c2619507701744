"""What every command shares: opening the archive, printing, a terminal progress bar."""

from __future__ import annotations

import json
import sys
import time

from ..archive import Archive, archive_location


class TerminalProgress:
    """A one-line progress bar on stderr, drawn only for a person at a terminal."""

    def __init__(self, enabled: bool):
        self.enabled = enabled and sys.stderr.isatty()
        self._last = 0.0

    def __call__(self, done: int, total: int, message: str = "") -> None:
        if not self.enabled:
            return
        now = time.monotonic()
        if now - self._last < 0.1 and done < total:
            return
        self._last = now
        fraction = done / total if total else 1.0
        bar = "#" * int(fraction * 30)
        sys.stderr.write(f"\r[{bar:<30}] {fraction:4.0%} {done}/{total} {message[:40]:<40}")
        if done >= total:
            sys.stderr.write("\n")
        sys.stderr.flush()

    def finish(self) -> None:
        if self.enabled:
            sys.stderr.write("\n")


def emit(args, data: dict, text: str) -> None:
    if getattr(args, "json", False):
        print(json.dumps(data, ensure_ascii=False, sort_keys=True))
    else:
        print(text)


def open_archive(args, read_only: bool = False) -> Archive:
    """The archive ARCHIVE names: a folder, or a ``postgresql://`` address."""
    return Archive.open(archive_location(args.archive), read_only=read_only)
