"""Importing files into an archive: collect, hash, read (sandboxed), store, record.

This is the one pipeline behind `evidence-app add`, the window's drag-and-drop and the demo.
It lives outside ``archive`` because it needs the readers in ``indexing``; the archive itself
only stores what it is given.

Every file ends in exactly one of: added, duplicate, error (with a plain reason), skipped
(system clutter such as Thumbs.db). A bad file never stops the batch.
"""

from __future__ import annotations

import time
from dataclasses import dataclass, field
from pathlib import Path
from typing import Iterable

from .archive.archive import Archive
from .archive.records import NewDocument
from .archive.store import sha256_of
from .docmeta import find_issuer, requirement_codes_in_path
from .errors import Cancelled, EvidenceError, FileRejectedError
from .indexing.extract import Extraction
from .indexing.sandbox import ExtractionPool
from .progress import NO_PROGRESS, CancelToken, Progress, stage

# Files Windows, macOS and Office leave in folders; importing them would only confuse staff.
_CLUTTER = {"thumbs.db", "desktop.ini", ".ds_store"}
COMMIT_EVERY_DOCUMENTS = 200
COMMIT_EVERY_SECONDS = 2.0


@dataclass
class ImportItem:
    """One file to import, with the tags and unit it should receive."""

    path: Path
    requirements: list[str] = field(default_factory=list)
    mechanisms: list[str] = field(default_factory=list)
    unit: str | None = None
    mechanism_text_of: str | None = None


@dataclass
class AddReport:
    added: list[dict] = field(default_factory=list)        # {"id", "path", "sha256", "pages"}
    duplicates: list[dict] = field(default_factory=list)   # {"path", "id"}
    errors: list[dict] = field(default_factory=list)       # {"path", "reason"}
    warnings: list[dict] = field(default_factory=list)     # {"path", "message"}
    skipped: list[str] = field(default_factory=list)
    cancelled: bool = False

    def as_json(self) -> dict:
        return {"added": self.added, "duplicates": self.duplicates, "errors": self.errors,
                "warnings": self.warnings, "skipped": self.skipped, "cancelled": self.cancelled}

    @property
    def exit_code(self) -> int:
        """0 if anything was added or every file was a duplicate; 1 if every file failed."""
        if self.added or (self.duplicates and not self.errors):
            return 0
        return 1 if self.errors else 0


def _is_clutter(path: Path) -> bool:
    name = path.name.lower()
    return name in _CLUTTER or path.name.startswith("~$") or path.name.startswith(".")


def collect_items(archive: Archive, paths: Iterable[Path], requirements: Iterable[str] = (),
                  mechanisms: Iterable[str] = (), unit: str | None = None,
                  tags_from_folders: bool = False,
                  report: AddReport | None = None) -> list[ImportItem]:
    """Expand files and folders (recursively, in a stable order) into import items.

    With ``tags_from_folders``, a file in "3.2 矛盾纠纷…/" is tagged with requirement 3.2's
    codes as they exist in the catalogue; codes the catalogue lacks are reported as warnings.
    """
    report = report if report is not None else AddReport()
    known_reqs = {r.code for r in archive.requirements()}
    known_mechs = {m.code for m in archive.mechanisms()}
    items: list[ImportItem] = []
    archive_root = archive.root.resolve()
    for given in paths:
        given = Path(given)
        if not given.exists():
            report.errors.append({"path": str(given), "reason": "no such file or folder"})
            continue
        if given.resolve() == archive_root or archive_root in given.resolve().parents:
            report.errors.append({"path": str(given), "reason": "this is inside the archive "
                                  "itself; import files from outside the archive folder"})
            continue
        if given.is_dir():
            files = sorted((p for p in given.rglob("*") if p.is_file() or p.is_symlink()),
                           key=lambda p: str(p.relative_to(given)))
            base = given
        else:
            files, base = [given], given.parent
        inside_archive = False
        for path in files:
            if any(_is_clutter(Path(part)) for part in path.relative_to(base).parts):
                report.skipped.append(str(path))
                continue
            if archive_root in path.resolve().parents:
                # an archive kept inside the folder being imported must not import itself
                if not inside_archive:
                    report.warnings.append({"path": str(archive.root), "message":
                                            "the archive's own folder was skipped"})
                inside_archive = True
                continue
            reqs, mechs = list(requirements), list(mechanisms)
            if tags_from_folders and given.is_dir():
                for code in requirement_codes_in_path(path.relative_to(given.parent).as_posix()):
                    if code in known_reqs and code not in reqs:
                        reqs.append(code)
                    elif code in known_mechs and code not in mechs:
                        mechs.append(code)
                    elif code not in known_reqs and code not in known_mechs:
                        under = archive.task_requirement_codes(code)
                        reason = (f"is a task, not a requirement; tag the file with one of "
                                  f"{', '.join(under)}" if under else "is not in the catalogue")
                        report.warnings.append({"path": str(path), "message":
                                                f"folder code {code} {reason}"})
            items.append(ImportItem(path=path, requirements=reqs, mechanisms=mechs, unit=unit))
    return items


def _new_document(item: ImportItem, sha: str, size: int, extraction: Extraction) -> NewDocument:
    first_page = extraction.pages[0] if extraction.pages else ""
    title = (extraction.title or item.path.stem).strip() or item.path.name
    # A title not printed on the document itself was supplied by whoever named the file;
    # archival practice shows such titles in [brackets].
    supplied = not first_page or "".join(title.split()) not in "".join(first_page.split())
    return NewDocument(
        sha256=sha, size=size, original_name=item.path.name, ext=item.path.suffix.lower(),
        kind=extraction.kind, title=title, title_supplied=supplied,
        doc_number=extraction.doc_number, date=extraction.date,
        pages=extraction.page_count, page_texts=list(extraction.pages),
        has_text=extraction.has_text, needs_conversion=extraction.needs_conversion,
        classification=extraction.classification, issuer=find_issuer(first_page),
        source_unit=item.unit,
        requirements=item.requirements, mechanisms=item.mechanisms,
        mechanism_text_of=item.mechanism_text_of)


def import_items(archive: Archive, items: list[ImportItem], progress: Progress = NO_PROGRESS,
                 cancel: CancelToken | None = None, report: AddReport | None = None,
                 workers: int | None = None) -> AddReport:
    """Import prepared items; see the module docstring for what happens to each file.

    Work already read is committed before a cancel takes effect, so nothing read is wasted
    and the archive stays consistent; ``report.cancelled`` tells the caller.
    """
    report = report if report is not None else AddReport()
    cancel = cancel or CancelToken()
    total = len(items)
    hashing, reading = stage(progress, 0, 10, "检查"), stage(progress, 10, 75, "读取")
    fresh: list[tuple[ImportItem, str, int]] = []
    first_of_sha: dict[str, ImportItem] = {}
    pending_dups: list[tuple[ImportItem, str]] = []
    for n, item in enumerate(items):
        hashing(n, total, item.path.name)
        try:
            cancel.raise_if_cancelled()
            sha, size = sha256_of(item.path)
        except Cancelled:
            report.cancelled = True
            return report
        except FileRejectedError as exc:
            report.errors.append({"path": str(item.path), "reason": str(exc)})
            continue
        existing = archive.document_id_for_sha(sha)
        if existing is not None:
            report.duplicates.append({"path": str(item.path), "id": existing})
        elif sha in first_of_sha:
            pending_dups.append((item, sha))
        else:
            first_of_sha[sha] = item
            fresh.append((item, sha, size))

    batch: list[tuple[NewDocument, ImportItem]] = []
    last_commit = time.monotonic()
    added_ids: dict[str, int] = {}

    def commit() -> None:
        nonlocal last_commit
        if not batch:
            return
        try:
            ids = archive.add_documents([d for d, _ in batch], [i.path for _, i in batch])
        except FileRejectedError:
            ids = _commit_one_by_one(archive, batch, report)
        for (doc, item), doc_id in zip(batch, ids):
            if doc_id is None:
                continue
            added_ids[doc.sha256] = doc_id
            report.added.append({"id": doc_id, "path": str(item.path), "sha256": doc.sha256,
                                 "pages": doc.pages})
        batch.clear()
        last_commit = time.monotonic()

    by_path = {str(item.path): (item, sha, size) for item, sha, size in fresh}
    try:
        with ExtractionPool(workers=workers) as pool:
            for n, (path, result) in enumerate(pool.map([i.path for i, _, _ in fresh],
                                                        cancel=cancel)):
                item, sha, size = by_path[str(path)]
                reading(n, len(fresh), item.path.name)
                if isinstance(result, EvidenceError):
                    report.errors.append({"path": str(path), "reason": str(result)})
                    continue
                for message in result.warnings:
                    report.warnings.append({"path": str(path), "message": message})
                if result.classification:
                    report.warnings.append({"path": str(path), "message":
                                            f"declares the classification {result.classification}"
                                            "; classified papers should not be kept on this "
                                            "computer and are left out of volumes by default"})
                batch.append((_new_document(item, sha, size, result), item))
                if (len(batch) >= COMMIT_EVERY_DOCUMENTS
                        or time.monotonic() - last_commit > COMMIT_EVERY_SECONDS):
                    commit()
    except Cancelled:
        report.cancelled = True
    commit()
    for item, sha in pending_dups:
        if sha in added_ids:
            report.duplicates.append({"path": str(item.path), "id": added_ids[sha]})
    if report.added:  # keep the search index true; it is derived, so a failure only warns
        from .indexing.search import index_documents
        problem = index_documents(archive, [a["id"] for a in report.added],
                                  stage(progress, 85, 15, "索引"))
        if problem:
            report.warnings.append({"path": str(archive.root / "index"), "message": problem})
    progress(100, 100, "")
    return report


def _commit_one_by_one(archive: Archive, batch, report: AddReport) -> list[int | None]:
    """Isolate the file that changed under us so the rest of the batch still lands."""
    ids: list[int | None] = []
    for doc, item in batch:
        try:
            ids.append(archive.add_documents([doc], [item.path])[0])
        except FileRejectedError as exc:
            report.errors.append({"path": str(item.path), "reason": str(exc)})
            ids.append(None)
    return ids


def add_paths(archive: Archive, paths: Iterable[Path], requirements: Iterable[str] = (),
              mechanisms: Iterable[str] = (), unit: str | None = None,
              tags_from_folders: bool = False, progress: Progress = NO_PROGRESS,
              cancel: CancelToken | None = None, workers: int | None = None) -> AddReport:
    """Import files and folders with the same tags for all (plus folder codes if asked).

    Raises:
        NotFoundError: a tag or unit given does not exist (checked before any file is read).
    """
    requirements, mechanisms = list(requirements), list(mechanisms)
    archive.validate_tags(requirements, mechanisms, unit)
    report = AddReport()
    items = collect_items(archive, paths, requirements, mechanisms, unit, tags_from_folders,
                          report)
    return import_items(archive, items, progress, cancel, report, workers)
