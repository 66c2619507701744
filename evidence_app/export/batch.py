"""The whole batch: plan, convert, bind in parallel, manifest, cross-reference, spines.

Public API (used by the CLI and the window alike)::

    plan = plan_batch(archive, BatchOptions(by="requirement"))          # dry run
    result = compile_batch(archive, out_dir, BatchOptions(jobs=2),
                           progress=..., volume_progress=..., cancel=token)
    places = locate(archive, doc_id)

``progress(done, total, message)`` counts volumes; ``volume_progress(archive_code, done,
total)`` counts one volume's body pages. ``cancel`` is a CancelToken: the batch stops between
pages, keeps every volume already finished (and records it), never leaves a partial file under
a final name, and raises :class:`Cancelled`.

Incremental: each volume's input hash covers its documents (SHA-256 and metadata), its place
in the batch, the layout settings, fonts, the converter and the program version; a volume whose
hash and file are unchanged is not rebuilt.
"""

from __future__ import annotations

import concurrent.futures as cf
import hashlib
import json
import os
import queue as queue_mod
import shutil
import time
from dataclasses import dataclass, field, replace
from pathlib import Path

from .. import __version__
from ..archive import Archive
from ..archive import ocr_texts
from ..archive import Document
from ..archive import (BoundDocument, Location, VolumeRecord, batch_folder,
                               bound_locations, record_volumes, recorded_digests)
from ..children import die_with_parent, exit_on_sigterm, lower_priority, mp_context
from ..intake import find_libreoffice
from ..errors import Cancelled, NotFoundError, Reason, UsageError
from ..progress import NO_PROGRESS, CancelToken, Progress
from .bind import CREATOR, atomic_write, bind_volume
from .fonts import default_fonts
from .pages import (LIBREOFFICE_KINDS, Prepared, cache_dir_of, cache_name, cached_page_count,
                    convert_many_into_cache, prepare, read_record, settled_conversion)
from .plan import Plan, PlannedVolume, plan_volumes
from .render import render_spines, render_table_pdf
from .settings import DEFAULT_LAYOUT, LayoutSettings
from .titles import shown_title

MANIFEST = "manifest.json"
# size, modification time and SHA-256 of each volume file as this program last saw it: a
# re-run trusts an unchanged size and time instead of hashing the file (_file_matches); not
# part of the batch (a dot file), and never needed: without it every volume is hashed
SEEN = ".volumes-seen.json"
CROSSREF_PDF = "要求—佐证材料对照表.pdf"
CROSSREF_XLSX = "要求—佐证材料对照表.xlsx"
SPINES_PDF = "脊背标签.pdf"
# A LibreOffice run is killed long before this (its timeout is minutes): a working folder
# older than this was left by a killed program.
STALE_CONVERSION_SECONDS = 3600


@dataclass
class BatchOptions:
    by: str = "requirement"
    only: list[str] = field(default_factory=list)
    # None below: the value stored in the archive (Archive.layout_settings), else the default
    max_pages: int | None = None
    jobs: int | None = None                  # worker processes; default: every core
    compile_date: str | None = None          # YYYYMMDD; default: the archive's last change
    duplex: bool | None = None
    layout: LayoutSettings = DEFAULT_LAYOUT
    include_classified: bool | None = None
    explicit: list[tuple[str, list[int]]] | None = None
    use_libreoffice: bool | None = None      # None: when installed
    force: bool = False                      # rebuild even up-to-date volumes


@dataclass
class BatchResult:
    plan: Plan
    volumes: list[dict]                      # every volume of the plan, built or up to date
    built: int = 0
    skipped_up_to_date: int = 0
    errors: list[dict] = field(default_factory=list)
    warnings: list[str] = field(default_factory=list)
    out_dir: str = ""
    files: dict[str, str] = field(default_factory=dict)
    fonts: dict = field(default_factory=dict)

    def as_json(self) -> dict:
        return {"volumes": [{"path": v["path"], "title": v["title"], "pages": v["pages"],
                             "body_pages": v["body_pages"], "sha256": v["sha256"],
                             "archive_code": v["archive_code"], "key": v["key"],
                             "part": v["part"], "parts": v["parts"],
                             "documents": [{"id": d["id"], "first_page": d["first_page"],
                                            "last_page": d["last_page"],
                                            "pdf_index": d["pdf_index"]}
                                           for d in v["documents"]]}
                            for v in self.volumes],
                "built": self.built, "skipped_up_to_date": self.skipped_up_to_date,
                "errors": self.errors, "warnings": self.warnings, "excluded":
                self.plan.excluded, "files": self.files, "fonts": self.fonts}


def default_jobs() -> int:
    try:
        return max(1, len(os.sched_getaffinity(0)))
    except AttributeError:  # Windows, macOS
        return max(1, os.cpu_count() or 1)


# ---------------------------------------------------------------------------- planning
def _use_lo(options: BatchOptions) -> bool:
    if options.use_libreoffice is None:
        return find_libreoffice() is not None
    return bool(options.use_libreoffice) and find_libreoffice() is not None


def with_stored_settings(archive: Archive, options: BatchOptions) -> BatchOptions:
    """``options`` with what they leave open (None) taken from the layout settings stored in
    the archive: a value given for one run wins, the stored one applies otherwise. A layout of
    the caller's own (not the default) keeps its duplex unless ``options.duplex`` is given."""
    stored = archive.layout_settings()
    duplex = options.duplex
    if duplex is None:
        duplex = stored["duplex"] if options.layout == DEFAULT_LAYOUT else options.layout.duplex
    return replace(options, duplex=duplex, layout=options.layout.replace(duplex=duplex),
                   max_pages=options.max_pages or stored["page_budget"],
                   compile_date=options.compile_date or stored["cover_date"])


def plan_batch(archive: Archive, options: BatchOptions | None = None) -> Plan:
    """The plan of a batch without writing anything (``compile --dry-run``); page counts of
    converted documents come from the cache where they were converted before."""
    options = with_stored_settings(archive, options or BatchOptions())
    use_lo = _use_lo(options)
    cache = cache_dir_of(archive.root)
    first = _plan(archive, options, None)
    counts = {}
    for doc in _plan_documents(first).values():
        count = cached_page_count(doc, cache, use_lo)
        if count:
            counts[doc.id] = count
    return _plan(archive, options, counts)


def _plan(archive, options, counts) -> Plan:
    return plan_volumes(archive, by=options.by, only=options.only, max_pages=options.max_pages,
                        layout=options.layout, compile_date=options.compile_date,
                        page_counts=counts, explicit=options.explicit,
                        include_classified=options.include_classified)


def _plan_documents(plan: Plan) -> dict:
    return {e.doc.id: e.doc for v in plan.volumes for e in v.entries}


# ---------------------------------------------------------------------------- workers
_STATE: dict = {}


def _init_worker(progress_queue, cancel_event, layout) -> None:
    _STATE.update(queue=progress_queue, cancel=cancel_event, layout=layout,
                  fonts=default_fonts(layout.prefer_system_fonts))


def _init_pool_worker(progress_queue, cancel_event, layout, background) -> None:
    """Initializer of a compile worker process: it ends with the compile, even a killed one,
    removing its LibreOffice run and temporary files on the way out; background work (the
    conversions after an import) runs at low priority."""
    exit_on_sigterm()
    die_with_parent()
    if background:
        lower_priority()
    _init_worker(progress_queue, cancel_event, layout)


def _run_in_pool_worker(func, item):
    """Run one job in a compile worker process. SIGTERM (the compile ended, or stopped a
    broken pool) has unwound the job when SystemExit arrives here; the process must end
    then, not hand the exit to the executor as the job's error and wait for the next job."""
    try:
        return func(item)
    except SystemExit as exc:
        os._exit(exc.code if isinstance(exc.code, int) else 1)


def _bind_in_worker(job: dict) -> dict:
    q, event = _STATE["queue"], _STATE["cancel"]
    code = job["archive_code"]

    def report(done, total):
        q.put((code, done, total))
    try:
        return bind_volume(job, _STATE["layout"], _STATE["fonts"], progress=report,
                           cancelled=event.is_set)
    except Cancelled:
        return {"cancelled": True, "key": job["key"], "part": job["part"]}
    except Exception as exc:  # noqa: BLE001 - one bad volume must not end the batch
        return {"failed": f"{type(exc).__name__}: {exc}", "key": job["key"],
                "part": job["part"], "title": job["title"]}


def _prepare_in_worker(args) -> list[Prepared]:
    chunk, cache, use_lo = args
    return _prepare_chunk(chunk, cache, _STATE["layout"], _STATE["fonts"], use_lo)


def _prepare_chunk(chunk, cache, layout, fonts, use_lo) -> list[Prepared]:
    """Prepare a chunk of documents; LibreOffice ones go through one LibreOffice run."""
    if use_lo:
        lo_items = [(doc, original) for doc, original in chunk
                    if doc.kind in LIBREOFFICE_KINDS and not is_settled(cache, doc, True)]
        if len(lo_items) > 1:
            convert_many_into_cache(lo_items, cache, layout, fonts)
    # the rest, and any file the LibreOffice run left out, one at a time
    return [prepare(doc, original, cache, layout, fonts, use_lo) for doc, original in chunk]


class _CompileWorkers:
    """The worker processes of one compile: maps one of its steps (converting chunks of
    documents, binding volumes) over the items, relays the workers' progress and stops them
    on cancel. The processes are started only when there are several items and several jobs;
    otherwise the items run in this process, so a re-run that rebuilds one volume spawns
    nothing. (The window's ``ui.workers.Runner`` is another thing: it runs whole core calls
    on Qt threads.)"""

    def __init__(self, jobs: int, layout: LayoutSettings, cancel: CancelToken,
                 background: bool = False):
        self.jobs, self.layout, self.cancel = jobs, layout, cancel
        # background work (conversions) is stopped at once on cancel, mid-run: what it
        # finished is in the cache, and a LibreOffice run cannot stop between pages
        self.background = background
        self.pool = None
        self.local_queue: queue_mod.Queue = queue_mod.Queue()
        _init_worker(self.local_queue, _TokenAsEvent(cancel), layout)

    def _start_pool(self) -> None:
        ctx = mp_context("spawn")
        self.queue = ctx.Queue()
        self.event = ctx.Event()
        self.pool = cf.ProcessPoolExecutor(self.jobs, mp_context=ctx,
                                           initializer=_init_pool_worker,
                                           initargs=(self.queue, self.event, self.layout,
                                                     self.background))

    def map(self, func, items, on_result, on_progress=None):
        items = list(items)
        self.cancel.raise_if_cancelled()
        if self.jobs <= 1 or len(items) <= 1:
            for item in items:
                self.cancel.raise_if_cancelled()
                on_result(func(item))
                self._drain(self.local_queue, on_progress)
            return
        if self.pool is None:
            self._start_pool()
        futures = {self.pool.submit(_run_in_pool_worker, func, item) for item in items}
        try:
            while futures:
                done, futures = cf.wait(futures, timeout=0.2,
                                        return_when=cf.FIRST_COMPLETED)
                self._drain(self.queue, on_progress)
                for future in done:
                    on_result(future.result())
                if self.cancel.cancelled:
                    self.event.set()
                    for future in futures:
                        future.cancel()
                    if self.background:
                        self._stop_processes()
                        raise Cancelled()
                    for future in cf.as_completed(futures):
                        if not future.cancelled():
                            on_result(future.result())
                    raise Cancelled()
        finally:
            self._drain(self.queue, on_progress)

    def _stop_processes(self) -> None:
        """SIGTERM the workers: each unwinds (children.exit_on_sigterm), killing its
        LibreOffice run and removing its working folder on the way out."""
        for process in list(getattr(self.pool, "_processes", {}).values()):
            process.terminate()

    @staticmethod
    def _drain(source, on_progress) -> None:
        while True:
            try:
                item = source.get_nowait()
            except (queue_mod.Empty, OSError, ValueError):
                return
            if on_progress:
                on_progress(*item)

    def close(self) -> None:
        if self.pool is not None:
            self.pool.shutdown(wait=True, cancel_futures=True)


class _TokenAsEvent:
    """A CancelToken seen as the ``multiprocessing.Event`` the workers check, for items run
    in this process."""

    def __init__(self, token: CancelToken):
        self.token = token

    def is_set(self) -> bool:
        return self.token.cancelled

    def set(self) -> None:
        self.token.cancel()


# ---------------------------------------------------------------------------- the batch
def remove_stale_conversion_folders(cache: Path) -> None:
    """Remove the working folders (``.lo-*``) of LibreOffice runs, and the half-written
    files (``.tmp-*``), whose program was killed.

    A killed run cannot remove its own leftovers; nothing is ever renamed out of them after
    its run ends, so one older than any run may take (``STALE_CONVERSION_SECONDS``) is
    garbage. A younger one may belong to a conversion running now (the window's background
    conversions share the cache) and is left alone.
    """
    now = time.time()
    for item in [*cache.glob(".lo-*"), *cache.glob(".tmp-*")]:
        try:
            if now - item.stat().st_mtime <= STALE_CONVERSION_SECONDS:
                continue
            if item.is_dir():
                shutil.rmtree(item, ignore_errors=True)
            else:
                item.unlink(missing_ok=True)
        except OSError:  # gone meanwhile
            continue


def compile_batch(archive: Archive, out_dir: Path, options: BatchOptions | None = None,
                  progress: Progress = NO_PROGRESS, volume_progress=None,
                  cancel: CancelToken | None = None) -> BatchResult:
    """Compile every planned volume into ``out_dir`` (see the module docstring)."""
    options = with_stored_settings(archive, options or BatchOptions())
    cancel = cancel or CancelToken()
    layout = options.layout
    out_dir = Path(out_dir)
    if out_dir.resolve() == Path(archive.root).resolve():
        raise UsageError("choose an output folder outside the archive folder",
                         Reason.OUTPUT_INSIDE_ARCHIVE)
    out_dir.mkdir(parents=True, exist_ok=True)
    for stale in out_dir.glob(".*.tmp-*"):  # left by a killed run
        stale.unlink(missing_ok=True)
    use_lo = _use_lo(options)
    fonts = default_fonts(layout.prefer_system_fonts)
    cache = cache_dir_of(archive.root)
    remove_stale_conversion_folders(cache)
    jobs = max(1, options.jobs or default_jobs())

    first = _plan(archive, options, None)
    docs = _plan_documents(first)
    workers = _CompileWorkers(jobs, layout, cancel)
    try:
        prepared = _prepare_all(archive, docs, cache, use_lo, workers, progress)
        counts = {i: p.pages for i, p in prepared.items() if p.error is None and p.pages}
        plan = _plan(archive, options, counts)
        for doc in _plan_documents(plan).values():  # a re-split can only reuse these
            if doc.id not in prepared:
                prepared[doc.id] = prepare(doc, archive.original_path(doc), cache, layout,
                                           fonts, use_lo)
        settings = archive.settings()
        context = {"program": CREATOR, "layout": layout.as_dict(), "libreoffice": use_lo,
                   "fonts": fonts.describe()["roles"],
                   "settings": {k: settings.get(k, "") for k in (
                       "fonds_name", "series_title", "compiling_office", "retention",
                       "compiled_by", "checked_by", "archive_code_prefix")}}
        manifest_path = out_dir / MANIFEST
        old = _read_manifest(manifest_path)
        old_by_file = {v["file"]: v for v in old.get("volumes", [])}
        seen = _read_seen(out_dir)
        result = BatchResult(plan=plan, volumes=[], warnings=list(plan.warnings),
                             out_dir=str(out_dir))
        pending, infos = [], {}
        read_by_ocr = ocr_texts(archive, list(_plan_documents(plan)))
        for volume in plan.volumes:
            job = _job(volume, plan, prepared, settings, layout, out_dir, read_by_ocr)
            job["input_hash"] = _input_hash(job, context)
            previous = old_by_file.get(volume.filename)
            if (not options.force and previous and previous.get("input_hash") ==
                    job["input_hash"] and _file_matches(out_dir / volume.filename, previous,
                                                        seen)):
                infos[volume.filename] = previous
                result.skipped_up_to_date += 1
            else:
                pending.append(job)
        total = len(plan.volumes)
        done = [result.skipped_up_to_date]
        progress(done[0], total, "up to date" if done[0] else "")
        docs_by_id = _plan_documents(plan)
        meta = {(v.key, v.part): v for v in plan.volumes}

        def on_result(outcome: dict) -> None:
            if outcome.get("cancelled"):
                return
            done[0] += 1
            if outcome.get("failed"):
                result.errors.append({"volume": outcome["title"], "reason": outcome["failed"],
                                      "reason_key": Reason.VOLUME_FAILED.value})
                progress(done[0], total, outcome["title"])
                return
            volume = meta[(outcome["key"], outcome["part"])]
            info = _volume_info(outcome, volume, docs_by_id)
            infos[volume.filename] = info
            result.built += 1
            progress(done[0], total, volume.archive_code)

        def on_progress(code, page, pages):
            if volume_progress is not None:
                volume_progress(code, page, pages)

        cancelled = False
        try:
            # the longest first, so no core idles at the end while one binds a big volume
            workers.map(_bind_in_worker,
                        sorted(pending, key=lambda job: -sum(e["pages"] for e in job["entries"])),
                        on_result, on_progress)
        except Cancelled:
            cancelled = True
    finally:
        workers.close()

    result.volumes = [infos[v.filename] for v in plan.volumes if v.filename in infos]
    for info in result.volumes:
        for doc in info["documents"]:
            if doc.get("placeholder"):
                result.errors.append({"id": doc["id"], "title": doc["title"],
                                      "volume": info["archive_code"],
                                      "reason": doc.get("reason", "could not be converted"),
                                      "reason_key": doc.get("reason_key")
                                      or Reason.CONVERSION_FAILED.value})
            elif doc.get("undrawable"):
                result.errors.append({"id": doc["id"], "title": doc["title"],
                                      "volume": info["archive_code"], "reason":
                                      "characters drawn without a glyph (empty boxes): "
                                      + "".join(doc["undrawable"]),
                                      "reason_key": Reason.UNDRAWABLE_CHARACTERS.value,
                                      "params": ["".join(doc["undrawable"])]})
        if info.get("unembedded_fonts"):
            result.warnings.append(f"{info['archive_code']}: fonts that could not be embedded: "
                                   + ", ".join(info["unembedded_fonts"]))
    full_run = not options.only and not options.explicit and not cancelled
    _finish(archive, out_dir, plan, result, old, full_run, layout, fonts, use_lo)
    if cancelled:
        raise Cancelled()
    return result


def prepare_for_preview(archive: Archive, doc: Document, timeout: float = 120) -> Prepared:
    """Convert one non-PDF document the way a compile would, for the window's preview.

    It lands in the same cache the compile reads, so the Word files staff look at are already
    converted when the batch runs.
    """
    layout, fonts, use_lo = _default_conversion()
    return prepare(doc, archive.original_path(doc), cache_dir_of(archive.root), layout, fonts,
                   use_lo, timeout)


def converted_pdf(archive: Archive, doc: Document) -> Path | None:
    """The PDF a compile or a preview already made of a non-PDF document, if there is one
    (with or without LibreOffice: whichever conversion was possible when it was made)."""
    if doc.kind == "pdf":
        return None
    cache = cache_dir_of(archive.root)
    for use_libreoffice in (True, False):
        name = cache_name(doc, use_libreoffice)
        if name and _is_cached(cache / name):
            return cache / name
    return None


def _is_cached(target: Path) -> bool:
    return target.is_file() and read_record(target) is not None


def is_settled(cache: Path, doc: Document, use_lo: bool) -> bool:
    """Whether a compile has nothing left to convert for ``doc``: a PDF, or its conversion
    is in the cache, or it failed there for good (pages.py's failure record)."""
    return doc.kind == "pdf" or settled_conversion(doc, cache, use_lo) is not None


def _default_conversion() -> tuple[LayoutSettings, object, bool]:
    """Layout, fonts and converter of a compile with default options: conversions made
    outside a compile (previews, ahead of time) must be the ones the compile would reuse."""
    options = BatchOptions()
    return options.layout, default_fonts(options.layout.prefer_system_fonts), _use_lo(options)


def _prepare_all(archive, docs, cache, use_lo, workers, progress) -> dict[int, Prepared]:
    prepared: dict[int, Prepared] = {}
    todo = []
    for doc in sorted(docs.values(), key=lambda d: d.id):
        if doc.kind == "pdf":
            original = archive.original_path(doc)
            if original.is_file():
                prepared[doc.id] = Prepared(doc.id, str(original), doc.pages, "original")
            else:   # prepare() makes its placeholder, saying the original is lost
                todo.append((doc, original))
        else:
            settled = settled_conversion(doc, cache, use_lo)
            if settled is not None and settled.pages:
                prepared[doc.id] = settled
            else:
                todo.append((doc, archive.original_path(doc)))
    count = [0]

    def on_result(items: list[Prepared]) -> None:
        for item in items:
            prepared[item.doc_id] = item
        count[0] += len(items)
        progress(count[0], len(todo), "converting documents")

    if todo:
        size = max(1, min(40, -(-len(todo) // workers.jobs)))
        chunks = [(todo[i:i + size], cache, use_lo) for i in range(0, len(todo), size)]
        workers.map(_prepare_in_worker, chunks, on_result)
    return prepared


def _job(volume: PlannedVolume, plan: Plan, prepared, settings, layout, out_dir,
         read_by_ocr: dict[int, dict[int, tuple[str, dict | None]]]) -> dict:
    entries = []
    for seq, entry in enumerate(volume.entries, 1):
        doc = entry.doc
        prep = prepared[doc.id]
        title, supplied = shown_title(doc.title, doc.title_supplied, doc.original_name,
                                      doc.kind, doc.date)
        # the text OCR read on this entry's pages, laid invisibly over them (searchable PDF),
        # and where its lines stand when that is known; only when there is some, so volumes
        # without scans (or with text read before positions were stored) keep their input hash
        read = {str(page): found for page, found in read_by_ocr.get(doc.id, {}).items()
                if entry.first_doc_page <= page < entry.first_doc_page + entry.pages}
        ocr = {page: text for page, (text, _) in read.items()}
        placed = {page: layout for page, (_, layout) in read.items() if layout}
        entries.append({**({"ocr_text": ocr} if ocr and prep.error is None else {}),
            **({"ocr_layout": placed} if placed and prep.error is None else {}),
            "doc_id": doc.id, "seq": seq, "title": title,
            "title_supplied": supplied, "doc_number": doc.doc_number,
            "issuer": doc.issuer, "date": doc.date, "note": doc.note, "kind": doc.kind,
            "is_copy": doc.is_copy, "group": entry.group, "pdf": prep.pdf,
            "method": prep.method, "error": prep.error, "reason_key": prep.reason,
            "undrawable": prep.undrawable,
            "first_doc_page": entry.first_doc_page,
            "pages": entry.pages, "slice_of": entry.slice_of,
            "original_name": doc.original_name, "sha256": doc.sha256,
            "classification": doc.classification})
    levels = [e["classification"] for e in entries if e["classification"]]
    highest = next((c for c in ("绝密", "机密", "秘密") if c in levels), "")
    return {
        "key": volume.key, "part": volume.part, "parts": volume.parts,
        "archive_code": volume.archive_code, "title": volume.title,
        "heading_lines": volume.heading_lines, "part_suffix": layout.part_suffix(volume.part),
        "lead_unit": volume.lead_unit, "responsible_units": volume.responsible_units,
        "leader": volume.leader, "date_range": volume.date_range(),
        "retention": settings.get("retention") or layout.default_retention,
        "classification": highest, "fonds_name": settings.get("fonds_name", ""),
        "series_title": settings.get("series_title", ""),
        "compiling_office": settings.get("compiling_office", ""),
        "compiled_by": settings.get("compiled_by", ""),
        "checked_by": settings.get("checked_by", ""), "compile_date": plan.compile_date,
        "nothing_to_note": layout.nothing_to_note, "groups": volume.groups,
        "excluded": [e for e in plan.excluded
                     if set(e.get("requirements", [])) & set(volume.groups)],
        "entries": entries, "out_path": str(out_dir / volume.filename)}


def _input_hash(job: dict, context: dict) -> str:
    view = dict(job, out_path=Path(job["out_path"]).name,
                entries=[dict(e, pdf=Path(e["pdf"]).name if e["pdf"] else None)
                         for e in job["entries"]])
    data = json.dumps({"job": view, "context": context}, ensure_ascii=False, sort_keys=True,
                      default=str)
    return hashlib.sha256(data.encode()).hexdigest()


def _file_matches(path: Path, previous: dict, seen: dict) -> bool:
    """Whether the volume file is still the one the manifest describes. Hashing every volume
    would cost a re-run with nothing changed ~10 s at full scale, so a file whose size and
    modification time are those it had when this program last wrote or hashed it (``seen``,
    :data:`SEEN`) counts as unchanged, as make and rsync judge files; any other is hashed."""
    try:
        stat = path.stat()
        if stat.st_size != previous.get("bytes"):
            return False
        if seen.get(path.name) == [stat.st_size, stat.st_mtime_ns, previous.get("sha256")]:
            return True
        digest = hashlib.sha256()
        with open(path, "rb") as handle:
            for block in iter(lambda: handle.read(1 << 20), b""):
                digest.update(block)
        return digest.hexdigest() == previous.get("sha256")
    except OSError:
        return False


def _volume_info(outcome: dict, volume: PlannedVolume, docs_by_id) -> dict:
    errors = {e["id"]: e for e in outcome["errors"]}
    documents = []
    for d in outcome["documents"]:
        doc = docs_by_id[d["id"]]
        item = dict(d, title=doc.title, sha256=doc.sha256, requirements=doc.requirements)
        if d["id"] in errors:
            item["reason"] = errors[d["id"]]["reason"]
            item["reason_key"] = errors[d["id"]].get("reason_key")
        documents.append(item)
    return {"file": volume.filename, "path": outcome["path"], "key": volume.key,
            "part": volume.part, "parts": volume.parts, "archive_code": volume.archive_code,
            "title": volume.title, "spine_title": volume.heading_lines[-1] + (
                volume.part_suffix if volume.parts > 1 else ""),
            "pages": outcome["pages"], "body_pages": outcome["body_pages"],
            "sha256": outcome["sha256"], "bytes": outcome["bytes"],
            "input_hash": outcome["input_hash"], "scaled_pages": outcome["scaled_pages"],
            "missing_glyphs": outcome["missing_glyphs"],
            "unembedded_fonts": outcome["unembedded_fonts"], "documents": documents}


def _manifest_json(manifest: dict) -> bytes:
    """The manifest as indented JSON with one volume a line: as readable, and its volumes
    written by json's C encoder (an indented dump runs the pure-Python one: 2 s of a re-run
    with nothing to do at full scale)."""
    text = json.dumps({**manifest, "volumes": []}, ensure_ascii=False, indent=1,
                      sort_keys=True)
    if manifest["volumes"]:
        lines = ",\n  ".join(json.dumps(v, ensure_ascii=False, sort_keys=True)
                             for v in manifest["volumes"])
        text = text.replace('\n "volumes": []', f'\n "volumes": [\n  {lines}\n ]', 1)
    return text.encode("utf-8")


def _read_manifest(path: Path) -> dict:
    try:
        return json.loads(path.read_text(encoding="utf-8"))
    except (OSError, ValueError):
        return {}


def _finish(archive, out_dir, plan, result, old, full_run, layout, fonts, use_lo) -> None:
    """Manifest, cross-reference table, spine labels, and the archive's record."""
    volumes = list(result.volumes)
    if not full_run:  # keep what earlier runs built that this run did not touch
        current = {v["file"] for v in volumes}
        volumes += [v for v in old.get("volumes", []) if v["file"] not in current
                    and (out_dir / v["file"]).is_file()]
        volumes.sort(key=lambda v: (v["archive_code"], v["part"]))
    else:
        keep = {v["file"] for v in volumes}
        for stale in old.get("volumes", []):
            if stale["file"] not in keep:
                (out_dir / stale["file"]).unlink(missing_ok=True)
    result.fonts = _fonts_report(fonts, volumes)
    manifest = {"program": CREATOR, "version": __version__, "by": plan.by,
                "compile_date": plan.compile_date, "libreoffice": use_lo,
                "fonts": result.fonts, "layout": layout.as_dict(),
                "volumes": volumes, "errors": result.errors, "excluded": plan.excluded,
                "warnings": result.warnings,
                "totals": {"volumes": len(volumes),
                           "pages": sum(v["pages"] for v in volumes),
                           "body_pages": sum(v["body_pages"] for v in volumes)}}
    rows = crossref_rows(archive, volumes, layout)
    header = ["要求编号", "具体要求", "牵头单位", "佐证材料件数", "所在册次（档号）", "页码（册:页）"]
    subtitle = (f"{archive.setting('series_title')}　截至 {plan.compile_date[:4]}年"
                f"{int(plan.compile_date[4:6])}月{int(plan.compile_date[6:])}日")
    aids = {}  # the print aids are rebuilt only when what they show changed
    aids["crossref"] = _digest([CREATOR, layout.as_dict(), subtitle, header, rows])
    old_aids = old.get("aids", {})
    if (aids["crossref"] != old_aids.get("crossref") or not (out_dir / CROSSREF_PDF).is_file()
            or not (out_dir / CROSSREF_XLSX).is_file()):
        atomic_write(out_dir / CROSSREF_PDF, render_table_pdf(
            "要求—佐证材料对照表", subtitle, header, rows, [18, 0, 36, 20, 45, 60], fonts,
            layout, CREATOR, plan.compile_date))
        _write_xlsx(out_dir / CROSSREF_XLSX, header, rows, plan.compile_date)
    spine_titles = {p.filename: p.heading_lines[-1] + (p.part_suffix if p.parts > 1 else "")
                    for p in plan.volumes}
    spines = [{"archive_code": v["archive_code"],
               "year": f"{plan.compile_date[:4]}年度",  # the year the 档号 carries
               "retention": archive.setting("retention") or layout.default_retention,
               "title": spine_titles.get(v["file"]) or v.get("spine_title") or v["title"],
               "volume_no": f"第{v['part']}册 共{v['parts']}册"}
              for v in volumes]
    aids["spines"] = _digest([CREATOR, layout.as_dict(), spines])
    if aids["spines"] != old_aids.get("spines") or not (out_dir / SPINES_PDF).is_file():
        atomic_write(out_dir / SPINES_PDF, render_spines(spines, fonts, layout, CREATOR))
    manifest["aids"] = aids
    manifest["fonts"] = result.fonts = _fonts_report(fonts, volumes)  # with the aids' own
    # last: a run killed before this keeps the old manifest, whose digests then match
    # nothing rebuilt since, so the next run redoes that (and a re-run with nothing changed
    # rewrites nothing)
    data = _manifest_json(manifest)
    if _read_bytes(out_dir / MANIFEST) != data:
        atomic_write(out_dir / MANIFEST, data)
    _write_seen(out_dir, volumes)
    result.files = {"manifest": str(out_dir / MANIFEST), "crossref_pdf":
                    str(out_dir / CROSSREF_PDF), "crossref_xlsx": str(out_dir / CROSSREF_XLSX),
                    "spines": str(out_dir / SPINES_PDF)}
    if archive.read_only:
        result.warnings.append("the archive is open read-only: where documents are bound "
                               "was not recorded (locate will not know this batch)")
        return
    known = recorded_digests(archive)
    records = [VolumeRecord(plan_key=v["key"], part=v["part"], parts=v["parts"],
                            archive_code=v["archive_code"], title=v["title"], path=v["file"],
                            body_pages=v["body_pages"], pdf_pages=v["pages"],
                            sha256=v["sha256"], input_hash=v["input_hash"],
                            documents=[BoundDocument(d["id"], d["seq"], d["first_page"],
                                                     d["last_page"], d["pdf_index"])
                                       for d in v["documents"]])
               for v in result.volumes
               if known.get((v["key"], v["part"])) != (v["sha256"], v["file"], v["archive_code"])]
    keep_only = {(v.key, v.part) for v in plan.volumes} if full_run else None
    folder = str(out_dir.resolve())
    if records or (keep_only is not None and not set(known) <= keep_only) \
            or batch_folder(archive) != folder:  # else nothing to record: no audit row
        record_volumes(archive, records, keep_only=keep_only, folder=folder)


def _read_seen(out_dir: Path) -> dict:
    try:
        seen = json.loads((out_dir / SEEN).read_text(encoding="utf-8"))
        return seen if isinstance(seen, dict) else {}
    except (OSError, ValueError):
        return {}


def _write_seen(out_dir: Path, volumes: list[dict]) -> None:
    """Remember how each volume file looks now (size, time, hash), for the next re-run."""
    seen = {}
    for info in volumes:
        try:
            stat = (out_dir / info["file"]).stat()
        except OSError:
            continue
        seen[info["file"]] = [stat.st_size, stat.st_mtime_ns, info["sha256"]]
    data = json.dumps(seen, sort_keys=True).encode("utf-8")
    if _read_bytes(out_dir / SEEN) != data:
        atomic_write(out_dir / SEEN, data)


def _read_bytes(path: Path) -> bytes | None:
    try:
        return path.read_bytes()
    except OSError:
        return None


def _fonts_report(fonts, volumes: list[dict]) -> dict:
    """The fonts used and every character drawn without a glyph, wherever it was drawn:
    in this process, in a worker's volume pages, or in a converted document."""
    report = fonts.describe()
    lacking = set(report["missing_glyphs"])
    for info in volumes:
        lacking.update(info.get("missing_glyphs", []))
    report["missing_glyphs"] = sorted(lacking)
    return report


def _digest(value) -> str:
    return hashlib.sha256(json.dumps(value, ensure_ascii=False, sort_keys=True,
                                     default=str).encode()).hexdigest()


def crossref_rows(archive: Archive, volumes: list[dict], layout: LayoutSettings) -> list[list]:
    """要求—佐证材料对照表: one row per requirement, in catalogue order."""
    places: dict[str, dict[str, list[tuple[int, int]]]] = {}
    docs: dict[str, set[int]] = {}
    current = {d.id: d.requirements for d in archive.documents()}  # tags as they are now
    for v in volumes:
        for d in v["documents"]:
            for code in current.get(d["id"], []):
                docs.setdefault(code, set()).add(d["id"])
                pages = places.setdefault(code, {}).setdefault(v["archive_code"], [])
                pages.append((d["first_page"], d["last_page"]))
    rows = []
    for req in archive.requirements(include_retired=False):
        where = places.get(req.code, {})
        if not where:
            rows.append([req.code, req.text, req.lead_unit or "", "0", layout.no_evidence,
                         layout.no_evidence])
            continue
        codes = sorted(where)
        rows.append([req.code, req.text, req.lead_unit or "", str(len(docs[req.code])),
                     "、".join(codes),
                     "；".join(f"{c}: {page_runs(where[c])}" for c in codes)])
    return rows


def page_runs(spans: list[tuple[int, int]]) -> str:
    """Pages as the runs they really form: [(1, 6), (37, 40), (41, 48), (25, 25)] ->
    "1-6、25、37-48" (a min-max range would hide the gaps)."""
    runs: list[list[int]] = []
    for first, last in sorted(spans):
        if runs and first <= runs[-1][1] + 1:
            runs[-1][1] = max(runs[-1][1], last)
        else:
            runs.append([first, last])
    return "、".join(str(a) if a == b else f"{a}-{b}" for a, b in runs)


def _write_xlsx(path: Path, header: list[str], rows: list[list], compile_date: str) -> None:
    import io
    from datetime import datetime

    import openpyxl
    from openpyxl.styles import Alignment, Font

    book = openpyxl.Workbook()
    sheet = book.active
    sheet.title = "对照表"
    sheet.append(header)
    for row in rows:
        sheet.append([int(v) if i == 3 else v for i, v in enumerate(row)])
    for cell in sheet[1]:
        cell.font = Font(bold=True)
    for column, width in zip("ABCDEF", (10, 50, 22, 12, 30, 40)):
        sheet.column_dimensions[column].width = width
    for row in sheet.iter_rows(min_row=2):
        for cell in row:
            cell.alignment = Alignment(wrap_text=True, vertical="top")
    sheet.freeze_panes = "A2"
    when = datetime.strptime(compile_date, "%Y%m%d")
    book.properties.created = book.properties.modified = when
    buffer = io.BytesIO()
    book.save(buffer)
    atomic_write(path, _zip_dated(buffer.getvalue(), when.timetuple()[:6]))


def _zip_dated(data: bytes, date_time: tuple) -> bytes:
    """The zip (an .xlsx) with every entry dated ``date_time`` instead of the clock's time
    of writing, so the same batch gives the same bytes."""
    import io
    import zipfile

    out = io.BytesIO()
    with zipfile.ZipFile(io.BytesIO(data)) as source, \
            zipfile.ZipFile(out, "w", zipfile.ZIP_DEFLATED) as target:
        for info in source.infolist():
            dated = zipfile.ZipInfo(info.filename, date_time=date_time)
            dated.compress_type = zipfile.ZIP_DEFLATED
            dated.external_attr = info.external_attr
            target.writestr(dated, source.read(info.filename))
    return out.getvalue()


# ---------------------------------------------------------------------------- locate
def locate(archive: Archive, doc_id: int) -> list[Location]:
    """Where a document is bound in the last batch (volume, stamped pages, PDF page)."""
    archive.document(doc_id)  # NotFoundError for an unknown id
    return bound_locations(archive, [doc_id])[int(doc_id)]


def volume_file(location: Location, output_folder: str | Path | None) -> Path:
    """The file of a recorded volume: paths are recorded relative to the batch's output
    folder, so a batch copied elsewhere is found from wherever the user says it is."""
    recorded = Path(location.path)
    if recorded.is_absolute() or not output_folder:
        return recorded
    return Path(output_folder) / recorded


def find_volume_file(archive: Archive, location: Location, folders=()) -> Path | None:
    """The file of a recorded volume on this computer, or None when it is nowhere known.

    Looked for in the folder the archive says its last batch was compiled into, then in
    ``folders`` (where this computer last compiled, a folder the user pointed at), so a
    volume compiled on another computer is found wherever its batch was copied to.
    """
    recorded = Path(location.path)
    if recorded.is_absolute():
        return recorded if recorded.is_file() else None
    for folder in (batch_folder(archive), *folders):
        if folder and (Path(folder) / recorded).is_file():
            return Path(folder) / recorded
    return None
