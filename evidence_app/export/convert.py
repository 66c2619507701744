"""Conversions at import time: every document that is not a PDF is converted into the
compile's cache (``cache/pdf``, pages.py) soon after it is imported, by worker processes on
every core, so that once an import has settled a compile only binds.

Converting Word files with LibreOffice is nearly all of a first compile's time (~0.2 s a file
in runs of :data:`CHUNK` files, plus 1-3 s to start each run). `add` runs
:func:`convert_pending` on the files it added before it returns (``--no-convert`` leaves them
to ``evidence-app convert``), the window runs it in the background after an archive opens and
after each import, and a compile reuses what is there.

The queue is not stored anywhere: it is *the documents that need a conversion minus those
the cache has settled* (:func:`pending_conversions`). That is correct because a cache entry
is finished or absent — its PDF is written atomically and the record that makes it an entry
last — and a conversion that failed for good leaves a failure record (pages.py). So a run
killed at any moment leaves nothing to reconcile (``check`` does not look at the cache, which
is derived data), and the next run starts with exactly the documents not yet converted; a
cancel keeps every document converted so far. The archive is only read: conversions run
beside any writer, need no lock and no schema.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Iterable

from ..archive import Archive, Document
from ..errors import Cancelled
from ..progress import NO_PROGRESS, CancelToken, Progress
from .batch import (BatchOptions, _CompileWorkers, _default_conversion, _prepare_in_worker,
                    _use_lo, default_jobs, is_settled, remove_stale_conversion_folders)
from .pages import FAILURE_SUFFIX, LIBREOFFICE_KINDS, Prepared, cache_dir_of

CHUNK = 20   # documents per worker task: one LibreOffice run converts them all


@dataclass
class ConversionReport:
    """One run: documents converted, those that could not be (each with its reason), pages
    made, what is still waiting (after a cancel), and whether it was cancelled."""

    converted: int = 0
    pages: int = 0
    failed: list[dict] = field(default_factory=list)
    remaining: int = 0
    cancelled: bool = False

    def as_json(self) -> dict:
        return {"converted": self.converted, "pages": self.pages, "failed": self.failed,
                "remaining": self.remaining, "cancelled": self.cancelled}


def pending_conversions(archive: Archive, doc_ids: Iterable[int] | None = None
                        ) -> list[Document]:
    """The documents (of ``doc_ids`` only, if given) a compile would still have to convert:
    the conversion queue. Word and other LibreOffice files first, the quick rest after."""
    use_lo = _use_lo(BatchOptions())
    cache = cache_dir_of(archive.root)
    wanted = None if doc_ids is None else {int(i) for i in doc_ids}
    docs = [doc for doc in archive.documents(ids=wanted)
            if doc.kind != "pdf" and not is_settled(cache, doc, use_lo)]
    return sorted(docs, key=lambda d: (d.kind not in LIBREOFFICE_KINDS, d.id))


def convert_pending(archive: Archive, doc_ids: Iterable[int] | None = None,
                    progress: Progress = NO_PROGRESS, cancel: CancelToken | None = None,
                    jobs: int | None = None, background: bool = False) -> ConversionReport:
    """Convert every pending document (of ``doc_ids`` only, if given) into the compile cache.

    ``progress(done, total, message)`` counts documents. ``jobs`` worker processes (default:
    every core) each take :data:`CHUNK` documents at a time; ``background`` lowers their
    priority (the window, while staff work). A cancel lets the running chunks finish, keeps
    everything converted and returns with ``cancelled`` set.
    """
    cancel = cancel or CancelToken()
    report = ConversionReport()
    docs = pending_conversions(archive, doc_ids)
    if not docs:
        return report
    layout, _fonts, use_lo = _default_conversion()
    cache = cache_dir_of(archive.root)
    cache.mkdir(parents=True, exist_ok=True)
    remove_stale_conversion_folders(cache)
    jobs = max(1, jobs or default_jobs())
    chunks = _chunks(archive, docs, use_lo, jobs)
    if len(chunks) < CHUNK and all(len(chunk) == 1 for chunk in chunks):
        jobs = 1  # a few quick ones (a small import): not worth starting worker processes
    titles = {doc.id: doc.title for doc in docs}
    progress(0, len(docs), "")

    def on_result(items: list[Prepared]) -> None:
        for item in items:
            if item.error is None:
                report.converted += 1
                report.pages += item.pages
            else:
                report.failed.append({"id": item.doc_id, "title": titles[item.doc_id],
                                      "reason": item.error, "reason_key": item.reason})
        done = report.converted + len(report.failed)
        progress(done, len(docs), titles[items[-1].doc_id] if items else "")

    workers = _CompileWorkers(jobs, layout, cancel, background=background)
    try:
        workers.map(_prepare_in_worker, [(chunk, cache, use_lo) for chunk in chunks], on_result)
    except Cancelled:
        report.cancelled = True
        report.remaining = len(pending_conversions(archive, [d.id for d in docs]))
    finally:
        workers.close()
    return report


def _chunks(archive: Archive, docs: list[Document], use_lo: bool, jobs: int) -> list[list]:
    """The worker tasks: LibreOffice's documents in runs of up to :data:`CHUNK` (fewer when
    that leaves a worker idle), every other document by itself (they take a fraction of a
    second each, and a cancel then waits for none of them)."""
    slow = [d for d in docs if use_lo and d.kind in LIBREOFFICE_KINDS]
    quick = [d for d in docs if not (use_lo and d.kind in LIBREOFFICE_KINDS)]
    size = max(1, min(CHUNK, -(-len(slow) // jobs)))
    groups = [slow[i:i + size] for i in range(0, len(slow), size)] + [[d] for d in quick]
    return [[(doc, archive.original_path(doc)) for doc in group] for group in groups]


def retry_failed_conversions(archive: Archive) -> int:
    """Forget the conversions that failed for good (their failure records), so the next run
    tries them again — after LibreOffice was repaired, or a file failed on a busy machine;
    returns how many."""
    records = list(cache_dir_of(archive.root).glob(f"*{FAILURE_SUFFIX}"))
    for record in records:
        record.unlink(missing_ok=True)
    return len(records)


__all__ = ["CHUNK", "ConversionReport", "convert_pending", "pending_conversions",
           "retry_failed_conversions"]
