"""Progress reporting and cancellation shared by the CLI and the GUI.

The core never knows who is watching: long operations take a ``progress`` callable and a
``CancelToken``. The CLI passes a terminal bar, the GUI a function that emits a Qt signal from
its worker thread. Both are optional; ``NO_PROGRESS`` and a fresh token are the defaults.
"""

from __future__ import annotations

import threading
from typing import Protocol

from .errors import Cancelled


class Progress(Protocol):
    def __call__(self, done: int, total: int, message: str = "") -> None:
        """Report that ``done`` of ``total`` steps are finished; ``message`` names the current
        one."""


def _ignore_progress(done: int, total: int, message: str = "") -> None:
    return None


NO_PROGRESS: Progress = _ignore_progress


class CancelToken:
    """A flag the UI sets and the core polls between documents and pages.

    Thread-safe: the GUI thread cancels while a worker checks.
    """

    def __init__(self) -> None:
        self._event = threading.Event()

    def cancel(self) -> None:
        self._event.set()

    @property
    def cancelled(self) -> bool:
        return self._event.is_set()

    def sleep(self, seconds: float) -> None:
        """Wait ``seconds``, or less when the user asks to stop meanwhile (then raise
        :class:`Cancelled`)."""
        if self._event.wait(seconds):
            raise Cancelled()

    def raise_if_cancelled(self) -> None:
        """Raise :class:`Cancelled` if the user asked to stop; call at safe points only."""
        if self._event.is_set():
            raise Cancelled()


def stage(progress: Progress, start: int, span: int, label: str = "") -> Progress:
    """A Progress for one step of a longer job, mapped onto ``start..start+span`` of 0..100.

    Lets a job made of several steps (hash, read, index) drive one bar that never runs
    backwards, whatever totals each step counts in.
    """
    def report(done: int, total: int, message: str = "") -> None:
        share = span * done // total if total else span
        progress(start + min(share, span), 100, f"{label} {message}".strip())
    return report
