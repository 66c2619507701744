"""The one helper for background work (Picard's run_task, Anki's operations).

A job is a plain function ``fn(progress, cancel)`` that talks only to the core. It runs as a
QRunnable on a QThreadPool; its result, exception and progress come back to the GUI thread as
queued signals, so no widget is ever touched from a worker thread. Writes go through a pool
with a single thread (SQLite and the search index want one writer); reads run in parallel.
``Cancelled`` is a normal end: the job's ``on_cancelled`` runs, never ``on_error``.
"""

from __future__ import annotations

import logging
from typing import Any, Callable

from PySide6.QtCore import QObject, QRunnable, QThreadPool, Signal, Slot

from ..errors import Cancelled
from ..progress import CancelToken

log = logging.getLogger(__name__)


class Job(QObject):
    """One piece of background work, owned by the GUI thread; its slots run there."""

    # emitted from the worker thread; delivered queued to this object's (GUI) thread
    _result = Signal(object)
    _failure = Signal(object)
    _progress = Signal(int, int, str)
    _event = Signal(object)
    finished = Signal()

    def __init__(self, fn: Callable[[Callable, CancelToken], Any], on_done=None, on_error=None,
                 on_progress=None, on_cancelled=None, on_event=None,
                 parent: QObject | None = None):
        super().__init__(parent)
        self.fn = fn
        self.cancel_token = CancelToken()
        self.on_done, self.on_error = on_done, on_error
        self.on_progress, self.on_cancelled = on_progress, on_cancelled
        self.on_event = on_event
        self.running = True
        self.background = False
        self._result.connect(self._deliver_result)
        self._failure.connect(self._deliver_failure)
        self._progress.connect(self._deliver_progress)
        self._event.connect(self._deliver_event)

    def cancel(self) -> None:
        self.cancel_token.cancel()

    # --- worker thread side
    def _run(self) -> None:
        try:
            if self.on_event is not None:
                result = self.fn(self._report, self.cancel_token, self._event.emit)
            else:
                result = self.fn(self._report, self.cancel_token)
        except BaseException as exc:  # delivered to the GUI thread, never swallowed
            self._failure.emit(exc)
        else:
            self._result.emit(result)

    def _report(self, done: int, total: int, message: str = "") -> None:
        self._progress.emit(int(done), int(total), str(message))

    # --- GUI thread side
    @Slot(object)
    def _deliver_result(self, result) -> None:
        self.running = False
        try:
            if self.on_done:
                self.on_done(result)
        finally:
            self.finished.emit()

    @Slot(object)
    def _deliver_failure(self, exc) -> None:
        self.running = False
        try:
            if isinstance(exc, Cancelled):
                if self.on_cancelled:
                    self.on_cancelled()
            elif self.on_error:
                self.on_error(exc)
            else:
                log.error("background job failed", exc_info=exc)
        finally:
            self.finished.emit()

    @Slot(object)
    def _deliver_event(self, payload) -> None:
        if self.running and self.on_event:
            self.on_event(payload)

    @Slot(int, int, str)
    def _deliver_progress(self, done: int, total: int, message: str) -> None:
        if self.running and self.on_progress:
            self.on_progress(done, total, message)


class _Runnable(QRunnable):
    def __init__(self, job: Job):
        super().__init__()
        self.job = job
        self.setAutoDelete(True)

    def run(self) -> None:
        self.job._run()


class Runner(QObject):
    """Starts jobs and knows which are still running (for "quit while working?")."""

    def __init__(self, parent: QObject | None = None):
        super().__init__(parent)
        self.read_pool = QThreadPool(self)
        self.read_pool.setMaxThreadCount(2)
        self.write_pool = QThreadPool(self)
        self.write_pool.setMaxThreadCount(1)
        # the search index object is not thread-safe: all index work runs on this one thread
        self.index_pool = QThreadPool(self)
        self.index_pool.setMaxThreadCount(1)
        # conversions for previews and compiles take seconds each: on their own thread, so
        # they never hold up the quick reads the list and counts need
        self.background_pool = QThreadPool(self)
        self.background_pool.setMaxThreadCount(1)
        # OCR of the queued scans runs for as long as it takes (hours for a big import): on a
        # thread of its own, so it holds up neither conversions nor anything else
        self.ocr_pool = QThreadPool(self)
        self.ocr_pool.setMaxThreadCount(1)
        # converting an import's documents for the compile takes minutes: on a thread of its
        # own, so the preview's conversions do not wait behind it
        self.convert_pool = QThreadPool(self)
        self.convert_pool.setMaxThreadCount(1)
        # the window's own look at a server archive (has anything changed? is it reachable?):
        # on a thread of its own, so it never waits behind reads or hangs them
        self.watch_pool = QThreadPool(self)
        self.watch_pool.setMaxThreadCount(1)
        self.jobs: list[Job] = []

    def run(self, fn, *, write: bool = False, index: bool = False, background: bool = False,
            ocr: bool = False, convert: bool = False, watch: bool = False, on_done=None,
            on_error=None, on_progress=None,
            on_cancelled=None, on_event=None) -> Job:
        """Run ``fn(progress, cancel)`` off the GUI thread; callbacks run on the GUI thread.

        ``write``: on the single writer thread; ``index``: on the single search-index thread.
        ``background``: work the user did not start and need not wait for (conversions for
        previews and compiles), one at a time on its own thread; closing the window does not
        ask about it, only waits for it. ``ocr``: background work on the OCR thread;
        ``convert``: on the thread of the conversions for the compile. ``watch``: a quick
        check the window makes by itself, on its own thread (background).
        With ``on_event``, ``fn`` gets a third argument ``post(payload)`` for other news
        (a volume's own progress), delivered to ``on_event`` on the GUI thread.
        """
        job = Job(fn, on_done, on_error, on_progress, on_cancelled, on_event, parent=self)
        job.background = background or ocr or convert or watch
        self.jobs.append(job)
        job.finished.connect(lambda: self._forget(job))
        pool = (self.write_pool if write else self.index_pool if index else
                self.ocr_pool if ocr else self.convert_pool if convert else
                self.watch_pool if watch else self.background_pool if background else
                self.read_pool)
        pool.start(_Runnable(job))
        return job

    def _forget(self, job: Job) -> None:
        if job in self.jobs:
            self.jobs.remove(job)
        job.deleteLater()

    def busy(self, including_background: bool = True) -> bool:
        return any(j.running and (including_background or not j.background)
                   for j in self.jobs)

    def cancel_all(self) -> None:
        for job in self.jobs:
            job.cancel()

    def wait(self, msecs: int = 30000) -> bool:
        """Block until every job's thread is done (their queued results may still be pending)."""
        return all(pool.waitForDone(msecs)
                   for pool in (self.write_pool, self.index_pool, self.read_pool,
                                self.background_pool, self.ocr_pool, self.convert_pool,
                                self.watch_pool))

    def shutdown(self, msecs: int = 30000) -> None:
        """Cancel everything and wait: used when the window closes.

        Results still queued for delivery are dropped: the window they were meant for is gone.
        """
        for job in self.jobs:
            job.on_done = job.on_error = job.on_progress = job.on_cancelled = None
            job.on_event = None if job.on_event is None else (lambda payload: None)
        self.cancel_all()
        finished = self.wait(msecs)
        if finished:
            for job in self.jobs:
                job.running = False
