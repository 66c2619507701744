"""Work through the archive's OCR queue in the background, page by page, resumably.

An import only queues the pages that need OCR (archive/ocr_pages.py); :func:`run_ocr_queue`
reads them. Worker processes, each with one :class:`~evidence_app.intake.ocr.OcrEngine`
(onnxruntime on one thread) at low priority, read one page per request, and this process
stores each answer in its own transaction as it arrives. So:

- killed at any moment, nothing is half-stored and the next run starts with the pages still
  waiting; cancelling keeps every page already stored;
- a page that crashes its worker, or takes longer than :data:`PAGE_TIMEOUT`, is stored as
  unreadable with the reason and the worker replaced; a page OCR cannot decode becomes an
  empty page marked unreadable; the document keeps everything else;
- when a document's last page is answered, its 文号, 责任者, date — and its title, if the one
  it has is not printed in its own text (made from the file name or folder) — are recognised in the whole text as an import does
  from a text layer (docmeta.fields_from_text) and fill the fields still empty that no person
  has edited, in the same transaction.

Workers are started the way the import sandbox starts its readers (``forkserver``, ``spawn``
where that is missing: a window with threads is never forked) and end with their parent: a
worker waiting for work sees the pipe close and exits, and one busy with a page exits when it
tries to answer.
"""

from __future__ import annotations

import os
import signal
import time
from dataclasses import dataclass, field
from multiprocessing.connection import wait
from pathlib import Path
from typing import Callable, Iterable, Iterator

from ..archive import (Archive, OcrJob, next_ocr_jobs, ocr_backlog, page_sources,
                       store_ocr_page)
from ..children import die_with_parent, lower_priority, mp_context
from ..errors import Cancelled
from ..progress import NO_PROGRESS, CancelToken, Progress
from .docmeta import fields_from_text

__all__ = ["OcrRunReport", "run_ocr_queue", "default_workers", "ENGINE_FACTORY"]

PAGE_TIMEOUT = 300.0   # seconds one page may take before its worker is replaced
_POLL = 0.2            # seconds between cancel checks while waiting for workers
_JOBS_AT_ONCE = 20     # documents fetched from the queue at a time


def _engine():
    from .ocr import OcrEngine, OcrSettings

    return OcrEngine(OcrSettings(threads=1))


#: what each worker calls once to get its engine (a picklable callable; tests swap in a fake)
ENGINE_FACTORY: Callable[[], object] = _engine


def default_workers() -> int:
    """One engine per core but one: the window and the machine stay usable."""
    return max(1, (os.cpu_count() or 1) - 1)


@dataclass
class OcrRunReport:
    """What one run did: pages read (with text or found empty), pages unreadable, documents
    finished (all their pages answered), fields filled per document, and what is left."""

    pages: int = 0
    unreadable: int = 0
    documents: list[int] = field(default_factory=list)
    filled: dict[int, dict[str, str]] = field(default_factory=dict)
    remaining: int = 0
    cancelled: bool = False
    warnings: list[str] = field(default_factory=list)

    def as_json(self) -> dict:
        return {"pages": self.pages, "unreadable": self.unreadable,
                "documents": self.documents,
                "filled": {str(k): v for k, v in self.filled.items()},
                "remaining": self.remaining, "cancelled": self.cancelled,
                "warnings": self.warnings}


# ------------------------------------------------------------------------------ the workers


def _worker_main(conn, engine_factory: Callable[[], object], environ: dict[str, str]) -> None:
    """Read ``(path, kind, page)`` requests (0-based page) until ``None`` or the pipe
    closes; answer each with ``(text, confidence, unreadable reason or None, layout)``.
    It ends with the program that started it, also while busy inside a page."""
    die_with_parent()
    os.environ.clear()
    os.environ.update(environ)
    os.environ["OMP_NUM_THREADS"] = "1"
    # Ctrl+C at the terminal reaches the whole process group: the parent stops us
    signal.signal(signal.SIGINT, signal.SIG_IGN)
    lower_priority()
    from .ocr import UNREADABLE, ocr_file

    engine = engine_factory()
    while True:
        try:
            message = conn.recv()
        except (EOFError, OSError):
            return
        if message is None:
            return
        path, kind, page = message
        result = ocr_file(Path(path), kind, [page], engine)[page]
        reply = (result.text, result.confidence,
                 (result.reason or "the image could not be read")
                 if result.status == UNREADABLE else None, result.layout())
        try:
            conn.send(reply)
        except (OSError, ValueError):
            return


@dataclass
class _Task:
    job: OcrJob
    page: int          # 1-based


class _Worker:
    def __init__(self, ctx, engine_factory):
        self.conn, child = ctx.Pipe(duplex=True)
        self.proc = ctx.Process(target=_worker_main,
                                args=(child, engine_factory, dict(os.environ)),
                                name="evidence-ocr", daemon=True)
        self.proc.start()
        child.close()
        self.task: _Task | None = None
        self.deadline = 0.0

    def submit(self, task: _Task, path: Path) -> None:
        self.conn.send((str(path.absolute()), task.job.kind, task.page - 1))
        self.task = task
        self.deadline = time.monotonic() + PAGE_TIMEOUT

    def kill(self) -> None:
        if self.proc.is_alive():
            self.proc.kill()
        self.proc.join(5)
        self.conn.close()
        self.task = None

    def stop(self) -> None:
        try:
            self.conn.send(None)
        except (OSError, ValueError):
            pass
        self.proc.join(2)
        self.kill()


# ------------------------------------------------------------------------------ the run


def run_ocr_queue(archive: Archive, progress: Progress = NO_PROGRESS,
                  cancel: CancelToken | None = None, workers: int | None = None,
                  doc_ids: Iterable[int] | None = None) -> OcrRunReport:
    """Read every page waiting for OCR (of ``doc_ids`` only, if given) and store it.

    ``progress(done, total, message)`` counts pages; total grows if an import queues more
    meanwhile. Cancelling stops the workers at once and keeps every page already stored
    (``report.cancelled``). Finished documents are indexed for search at the end.
    """
    cancel = cancel or CancelToken()
    scope = None if doc_ids is None else sorted({int(d) for d in doc_ids})
    report = OcrRunReport()
    run = _Run(archive, scope, progress, cancel, report, workers or default_workers())
    try:
        run.work()
    except Cancelled:
        report.cancelled = True
    finally:
        run.close()
    report.remaining = ocr_backlog(archive, scope).pending
    if report.documents:  # the index is derived: a failure only warns
        from ..indexing import index_documents

        problem = index_documents(archive, report.documents)
        if problem:
            report.warnings.append(problem)
    return report


class _Run:
    def __init__(self, archive: Archive, scope: list[int] | None, progress: Progress,
                 cancel: CancelToken, report: OcrRunReport, workers: int):
        self.archive, self.scope, self.progress = archive, scope, progress
        self.cancel, self.report, self.workers = cancel, report, workers
        self.engine_factory = ENGINE_FACTORY
        self.ctx = mp_context("forkserver")
        self.pool: list[_Worker] = []
        self.unanswered: dict[int, set[int]] = {}   # document -> pages not yet answered
        self.done = 0

    def _tasks(self) -> Iterator[_Task]:
        """The waiting pages, a few documents' worth fetched at a time."""
        after = 0
        while True:
            jobs = next_ocr_jobs(self.archive, _JOBS_AT_ONCE, self.scope, after)
            if not jobs:
                return
            for job in jobs:
                self.unanswered[job.document_id] = set(job.pages)
                for page in job.pages:
                    yield _Task(job, page)
                after = job.document_id

    def _total(self) -> int:
        return self.done + ocr_backlog(self.archive, self.scope).pending

    def work(self) -> None:
        total = self._total()
        self.progress(0, total, "")
        tasks = self._tasks()
        held: _Task | None = None   # taken from the queue, not yet with a worker
        failures = 0                # workers in a row that died before taking a page
        while True:
            self.cancel.raise_if_cancelled()
            while True:
                held = held or next(tasks, None)
                worker = self._idle_worker() if held else None
                if worker is None:
                    break
                try:
                    worker.submit(held, self.archive.objects.path_for(held.job.sha256))
                    held, failures = None, 0
                except (OSError, ValueError):  # it died while idle: not this page's fault
                    self._retire(worker)
                    failures += 1
                    if failures >= 3:
                        self._answer(held, "", 0.0, "OCR could not be started", None)
                        held = None
            busy = [w for w in self.pool if w.task is not None]
            if not busy:
                return
            ready = wait([w.conn for w in busy] + [w.proc.sentinel for w in busy],
                         timeout=_POLL)
            for worker in busy:
                task = worker.task
                if worker.conn in ready or worker.proc.sentinel in ready:
                    reply = None
                    try:
                        if worker.conn.poll():
                            reply = worker.conn.recv()
                    except (EOFError, OSError):
                        reply = None
                    if reply is None:
                        self._retire(worker)
                        reply = ("", 0.0, "OCR crashed on this page (out of memory, or a "
                                 "damaged image)", None)
                    else:
                        worker.task = None
                elif time.monotonic() >= worker.deadline:
                    self._retire(worker)
                    reply = ("", 0.0, f"OCR took longer than {PAGE_TIMEOUT:g} s", None)
                else:
                    continue
                if self._answer(task, *reply):
                    total = self._total()   # an import may have queued more meanwhile
                self.progress(self.done, max(total, self.done),
                              f"{task.job.original_name} p. {task.page}")

    def _answer(self, task: _Task, text: str, confidence: float,
                unreadable: str | None, layout: dict | None) -> bool:
        """Store one page's answer; True if that finished its document."""
        job = task.job
        pages = self.unanswered[job.document_id]
        pages.discard(task.page)
        fill = self._fields(job, task.page, text) if not pages else None
        filled = store_ocr_page(self.archive, job.document_id, task.page, text, confidence,
                                unreadable, fill, layout)
        self.done += 1
        if unreadable is None:
            self.report.pages += 1
        else:
            self.report.unreadable += 1
        if filled is None:
            return False
        self.report.documents.append(job.document_id)
        if filled:
            self.report.filled[job.document_id] = filled
        return True

    def _fields(self, job: OcrJob, page: int, text: str) -> dict[str, str | None]:
        """The fields the document's whole text shows, with this last page's text in it;
        a title only when the one it has was not read from the document's own text (it was
        made from its file name or folder; one a person typed is kept by store_ocr_page)."""
        sources = page_sources(self.archive, job.document_id)
        texts = [source.text for source in sources]
        if text.strip() and 0 < page <= len(texts):
            texts[page - 1] = text
        fields = fields_from_text(texts)
        printed = "".join("".join(s.text.split()) for s in sources if s.source == "text")
        if "".join(job.title.split()) in printed:
            fields["title"] = None
        return fields

    def _idle_worker(self) -> _Worker | None:
        for worker in self.pool:
            if worker.task is None:
                return worker
        if len(self.pool) < self.workers:
            worker = _Worker(self.ctx, self.engine_factory)
            self.pool.append(worker)
            return worker
        return None

    def _retire(self, worker: _Worker) -> None:
        worker.kill()
        self.pool.remove(worker)

    def close(self) -> None:
        for worker in self.pool:
            if worker.task is None:
                worker.stop()
            else:
                worker.kill()
        self.pool.clear()

