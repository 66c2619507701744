"""Read many files in long-lived worker processes, so one hostile file cannot hang or crash us.

A PDF that sends pdfium into an endless loop, a document that exhausts memory, a library that
segfaults: each costs one worker, which is replaced, and the file is reported as rejected with
a plain reason. Workers are started with ``forkserver`` (``spawn`` where that is missing, or
as ``EVIDENCE_MP_START`` says) so a GUI process with threads is never forked, and they live
for the whole batch: starting a process per file would not reach the import budget of 500
pages/s. They end with the program that started them, even one killed outright
(``children.die_with_parent``).

Protocol: the parent sends ``(index, path)`` to an idle worker over its pipe and waits for
``(index, "ok", Extraction)`` or ``(index, "rejected", FileRejectedError)`` (which keeps its
class and reason key across the pipe). One file per worker is in flight at a time, so a
timeout or a crash is always charged to the right file.
"""

from __future__ import annotations

import functools
import os
import sys
import time
from collections.abc import Callable, Iterable, Iterator
from multiprocessing.connection import wait
from pathlib import Path

from ..children import die_with_parent, exit_on_sigterm, mp_context
from ..errors import Cancelled, FileRejectedError, Reason
from ..progress import CancelToken
from .extract import Extraction, extract, unlock_pdf

__all__ = ["ExtractionPool", "extract_safely", "unlock_safely"]

CRASH_REASON = "reading it crashed the reader (out of memory?)"
OUT_OF_MEMORY_REASON = "reading it needed more memory than a reader may use"
_POLL = 0.2  # seconds between cancel checks while waiting for workers
_MEMORY_ERROR_EXIT = 86
_READY = "ready"       # a new worker's first message: the time limit of its file runs from here
_STARTUP_LIMIT = 120.0  # seconds a new worker may take to start (spawn on a busy Windows PC)


def _limit_memory(memory_mb: int | None) -> None:
    if not memory_mb or sys.platform == "win32":
        return
    try:
        import resource

        limit = int(memory_mb) * 1024 * 1024
        _soft, hard = resource.getrlimit(resource.RLIMIT_AS)
        if hard != resource.RLIM_INFINITY:
            limit = min(limit, hard)
        resource.setrlimit(resource.RLIMIT_AS, (limit, hard))
    except (ImportError, ValueError, OSError):
        pass  # not enforceable here (macOS rejects some values); the timeout still protects


def _worker_main(conn, target: Callable[[Path], Extraction], memory_mb: int | None,
                 environ: dict[str, str]) -> None:
    """Loop in the worker: read a request, extract, send the result; ``None`` ends the loop."""
    # A fork-server child inherits the fork server's environment, frozen when it started;
    # take the pool owner's current one (EVIDENCE_SOFFICE, PATH, TMPDIR…) instead.
    os.environ.clear()
    os.environ.update(environ)
    _limit_memory(memory_mb)
    # SIGTERM (ours, or the kernel's when the pool owner dies) unwinds the stack, so a
    # LibreOffice conversion in progress is killed and its folder removed on the way out.
    exit_on_sigterm()
    die_with_parent()
    conn.send(_READY)
    while True:
        try:
            message = conn.recv()
        except (EOFError, OSError):
            return
        if message is None:
            return
        index, path = message
        try:
            reply = (index, "ok", target(Path(path)))
        except FileRejectedError as exc:
            reply = (index, "rejected", exc)
        except MemoryError:
            # The heap may be unusable now; die and let the parent report and replace us.
            os._exit(_MEMORY_ERROR_EXIT)
        except Exception as exc:  # noqa: BLE001 - reported for this file, the batch goes on
            reply = (index, "rejected", FileRejectedError(
                f"could not read it: {type(exc).__name__}: {exc}", reason=Reason.UNREADABLE))
        try:
            conn.send(reply)
        except MemoryError:
            os._exit(_MEMORY_ERROR_EXIT)
        except Exception as exc:  # noqa: BLE001 - e.g. a result that cannot be pickled
            conn.send((index, "rejected", FileRejectedError(
                f"could not pass on what was read: {type(exc).__name__}",
                reason=Reason.UNREADABLE)))


def _context():
    ctx = mp_context("forkserver")
    if ctx.get_start_method() == "forkserver":
        # Effective only before the fork server starts; imports the readers once, not per worker.
        ctx.set_forkserver_preload(["evidence_app.intake.extract", "pypdfium2", "docx",
                                    "openpyxl", "PIL.Image"])
    return ctx


class _Worker:
    def __init__(self, ctx, target, memory_mb):
        self.conn, child = ctx.Pipe(duplex=True)
        self.proc = ctx.Process(target=_worker_main,
                                args=(child, target, memory_mb, dict(os.environ)),
                                name="evidence-extract", daemon=True)
        self.proc.start()
        child.close()
        self.job: tuple[int, Path] | None = None
        self.deadline = 0.0
        self.timeout = 0.0
        self.started = False

    def submit(self, index: int, path: Path, timeout: float) -> None:
        # Absolute: the worker's working directory is the fork server's, not ours.
        self.conn.send((index, str(path.absolute())))
        self.job = (index, path)
        self.timeout = timeout
        # A worker's start (imports, spawn's fresh interpreter) is not charged to its file.
        self.deadline = time.monotonic() + (timeout if self.started else _STARTUP_LIMIT)

    def ready(self) -> None:
        self.started = True
        self.deadline = time.monotonic() + self.timeout

    def kill(self) -> None:
        """Stop the worker now: SIGTERM (lets it clean up), SIGKILL if it is stuck in C code."""
        if self.proc.is_alive():
            self.proc.terminate()
            self.proc.join(0.5)
        if self.proc.is_alive():
            self.proc.kill()
        self.proc.join(5)
        self.conn.close()
        self.job = None

    def stop(self) -> None:
        """Ask an idle worker to end; kill it if it does not."""
        try:
            self.conn.send(None)
        except (OSError, ValueError):
            pass
        self.proc.join(2)
        self.kill()


class ExtractionPool:
    """Extract files in worker processes with a time and memory limit per file.

    Use as a context manager; workers start on demand and end when the block ends::

        with ExtractionPool(workers=2) as pool:
            for path, result in pool.map(paths, cancel=token):
                if isinstance(result, FileRejectedError): report(path, result.message)

    Args:
        workers: processes to run (default: ``os.cpu_count()``).
        timeout: seconds one file may take before its worker is killed and replaced.
        memory_mb: address-space limit per worker (POSIX; ignored on Windows).
        target: a picklable ``callable(Path)`` run on each file instead of
            :func:`~evidence_app.intake.extract.extract` (unlocking a PDF; tests).
    """

    def __init__(self, workers: int | None = None, timeout: float = 60.0, memory_mb: int = 1024,
                 target: Callable[[Path], object] | None = None):
        self.workers = max(1, int(workers or os.cpu_count() or 1))
        self.timeout = float(timeout)
        self.memory_mb = memory_mb
        # LibreOffice gets less time than the worker so it is stopped (and cleaned up) by
        # convert_with_libreoffice before the worker itself is killed.
        self._target = target or functools.partial(
            extract, convert_timeout=max(1.0, self.timeout * 0.9 - 2))
        self._ctx = _context()
        self._pool: list[_Worker] = []
        self._closed = False

    def __enter__(self) -> ExtractionPool:
        return self

    def __exit__(self, *exc) -> None:
        self.close()

    def close(self) -> None:
        """End all workers. Idempotent."""
        for worker in self._pool:
            if worker.job is None:
                worker.stop()
            else:
                worker.kill()
        self._pool.clear()
        self._closed = True

    def _spawn(self) -> _Worker:
        worker = _Worker(self._ctx, self._target, self.memory_mb)
        self._pool.append(worker)
        return worker

    def _retire(self, worker: _Worker) -> None:
        worker.kill()
        self._pool.remove(worker)

    def _idle_worker(self) -> _Worker | None:
        for worker in self._pool:
            if worker.job is None:
                return worker
        if len(self._pool) < self.workers:
            return self._spawn()
        return None

    def map(self, paths: Iterable[Path], cancel: CancelToken | None = None
            ) -> Iterator[tuple[Path, Extraction | FileRejectedError]]:
        """Extract every path; yield ``(path, Extraction or FileRejectedError)`` in input order.

        A file that takes longer than ``timeout`` or kills its worker yields a
        FileRejectedError and the worker is replaced. At most a bounded number of results wait
        for an earlier slow file, so memory stays flat over any number of paths.

        Raises:
            Cancelled: ``cancel`` was set; workers busy at that moment are stopped.
        """
        if self._closed:
            raise RuntimeError("the ExtractionPool is closed")
        source = iter(paths)
        exhausted = False
        next_index = 0       # next input index to submit
        next_out = 0         # next index to yield
        inputs: dict[int, Path] = {}
        done: dict[int, Extraction | FileRejectedError] = {}
        ahead = max(32, 8 * self.workers)
        pending: Path | None = None  # taken from the input, not yet submitted
        submit_failures = 0
        try:
            while True:
                if cancel is not None and cancel.cancelled:
                    raise Cancelled()
                # Submit while there is input, a free worker, and room in the reorder window.
                while not exhausted and next_index - next_out < ahead:
                    if pending is None:
                        try:
                            pending = Path(next(source))
                        except StopIteration:
                            exhausted = True
                            break
                    worker = self._idle_worker()
                    if worker is None:
                        break
                    inputs[next_index] = pending
                    try:
                        worker.submit(next_index, pending, self.timeout)
                    # the worker died while idle: not this file's fault
                    except (OSError, ValueError):
                        self._retire(worker)
                        submit_failures += 1
                        if submit_failures < 3:
                            continue
                        done[next_index] = FileRejectedError(CRASH_REASON,
                                                             reason=Reason.CRASHED)
                    submit_failures = 0
                    pending = None
                    next_index += 1
                while next_out in done:
                    result = done.pop(next_out)
                    yield inputs.pop(next_out), result
                    next_out += 1
                busy = [w for w in self._pool if w.job is not None]
                if not busy:
                    if exhausted and next_out == next_index:
                        return
                    continue
                now = time.monotonic()
                wait_for = min(w.deadline for w in busy) - now
                ready = wait([w.conn for w in busy] + [w.proc.sentinel for w in busy],
                             timeout=max(0.0, min(wait_for, _POLL)))
                now = time.monotonic()
                for worker in busy:
                    index = worker.job[0]
                    if worker.conn in ready or worker.proc.sentinel in ready:
                        reply = None
                        try:
                            if worker.conn.poll():
                                reply = worker.conn.recv()
                        except (EOFError, OSError):
                            reply = None
                        if reply == _READY:
                            worker.ready()
                        elif reply is not None and reply[0] == index:
                            _, status, payload = reply
                            done[index] = payload
                            worker.job = None
                        else:  # died (EOF, sentinel) or out of step: charge this file
                            self._retire(worker)
                            done[index] = _crash(worker.proc.exitcode)
                    elif now >= worker.deadline:
                        done[index] = FileRejectedError(
                            f"took longer than {self.timeout:g} s to read", reason=Reason.TIMEOUT)
                        self._retire(worker)
        finally:
            # Cancelled, or the caller stopped iterating: results still in flight belong to
            # no one; stop those workers so the next map() starts clean.
            for worker in [w for w in self._pool if w.job is not None]:
                self._retire(worker)


def _crash(exitcode: int | None) -> FileRejectedError:
    """The refusal of a file whose worker died: out of memory if the worker said so."""
    if exitcode == _MEMORY_ERROR_EXIT:
        return FileRejectedError(OUT_OF_MEMORY_REASON, reason=Reason.OUT_OF_MEMORY)
    return FileRejectedError(CRASH_REASON, reason=Reason.CRASHED)


def _run_one(path: Path, timeout: float, memory_mb: int, target=None):
    with ExtractionPool(workers=1, timeout=timeout, memory_mb=memory_mb, target=target) as pool:
        for _path, result in pool.map([Path(path)]):
            if isinstance(result, FileRejectedError):
                raise result
            return result
    # map yields one result for one path
    raise FileRejectedError("could not read it", reason=Reason.UNREADABLE)  # pragma: no cover


def extract_safely(path: Path, timeout: float = 60, memory_mb: int = 1024) -> Extraction:
    """Extract one file in a worker process, with the same limits as :class:`ExtractionPool`.

    Raises:
        FileRejectedError: the file cannot be read, took too long, or crashed the reader.
    """
    return _run_one(path, timeout, memory_mb)


def unlock_safely(path: Path, password: str, dest: Path, timeout: float = 60,
                  memory_mb: int = 1024) -> Path | None:
    """:func:`~evidence_app.intake.extract.unlock_pdf` in a worker process, with the limits
    of :class:`ExtractionPool`: decrypting is parsing a hostile file just as reading is.
    None means the file opens without a password and needs no copy.

    Raises:
        PasswordRequiredError: the password is wrong.
        FileRejectedError: the file cannot be unlocked, took too long, or crashed the reader.
    """
    target = functools.partial(unlock_pdf, password=password, dest=Path(dest).absolute())
    return _run_one(path, timeout, memory_mb, target)
