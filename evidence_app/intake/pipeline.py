"""Importing files into an archive: collect, hash, read (sandboxed), store, record.

This is the one pipeline behind `evidence-app add`, the window's drag-and-drop and the demo.
It lives above ``archive`` because it needs the readers of this package; the archive itself
only stores what it is given.

Every file ends in exactly one of: added, duplicate, error (with a plain reason), skipped
(system clutter such as Thumbs.db). A bad file never stops the batch.
"""

from __future__ import annotations

import tempfile
import time
from dataclasses import dataclass, field, replace
from pathlib import Path
from typing import Iterable

from ..archive import Archive
from ..archive import NewDocument
from ..archive import sha256_of
from .docmeta import (closing_text, find_issuer, machine_made, made_up_title,
                      requirement_codes_in_path)
from ..errors import (ArchiveUnreachableError, Cancelled, FileRejectedError,
                      Notice, PasswordRequiredError, Reason)
from .extract import Extraction
from .sandbox import ExtractionPool, unlock_safely
from ..progress import NO_PROGRESS, CancelToken, Progress, stage

# Files Windows, macOS and Office leave in folders; importing them would only confuse staff.
_CLUTTER = {"thumbs.db", "desktop.ini", ".ds_store"}
COMMIT_EVERY_DOCUMENTS = 200
COMMIT_EVERY_SECONDS = 2.0
# After a lost connection to the archive's server (a restart, the network): seconds to wait
# before each new attempt at the batch in hand, about half a minute in all.
RECONNECT_WAITS = (1.0, 2.0, 4.0, 8.0, 16.0)


@dataclass
class ImportItem:
    """One file to import, with the tags and unit it should receive.

    ``password`` opens a password-protected PDF: the archive then stores an unprotected copy
    (see :func:`~evidence_app.intake.extract.unlock_pdf`) and remembers the locked file.
    ``folders``: the names of the folders the file was found in, nearest first, up to the one
    the user chose (a file chosen alone: its own folder); a camera-named file's title is
    made from them.
    """

    path: Path
    requirements: list[str] = field(default_factory=list)
    mechanisms: list[str] = field(default_factory=list)
    unit: str | None = None
    mechanism_text_of: str | None = None
    password: str | None = None
    folders: list[str] = field(default_factory=list)


@dataclass
class AddReport:
    added: list[dict] = field(default_factory=list)        # {"id", "path", "sha256", "pages"}
    duplicates: list[dict] = field(default_factory=list)   # {"path", "id"}
    # {"path", "reason", "reason_key"}: the message, and the stable key of why (errors.Reason),
    # plus "needs_password": True when typing the password would fix it
    errors: list[dict] = field(default_factory=list)
    # {"path", "message"}, and "reason_key" and "params" for the window's sentence (Notice)
    warnings: list[dict] = field(default_factory=list)
    skipped: list[str] = field(default_factory=list)
    cancelled: bool = False
    # the items refused for want of a password, ready to retry with ``replace(item, password=)``
    locked: list[ImportItem] = field(default_factory=list)
    attempted: list[ImportItem] = field(default_factory=list)  # every item import_items saw
    # documents linked to mechanisms by 文号 and the conflicts left (a suggest.LinkReport)
    mechanism_links: object | None = None

    def absorb(self, retry: "AddReport") -> None:
        """Fold in the report of retrying some of this report's files (with passwords): their
        old failures give way to what the retry found."""
        retried = {str(item.path) for item in retry.attempted}
        self.errors = [e for e in self.errors if e["path"] not in retried] + retry.errors
        self.locked = [i for i in self.locked if str(i.path) not in retried] + retry.locked
        self.added += retry.added
        self.duplicates += retry.duplicates
        self.warnings += retry.warnings
        self.attempted += retry.attempted
        self.cancelled = self.cancelled or retry.cancelled
        if retry.mechanism_links is not None:
            self.mechanism_links = retry.mechanism_links.merged(self.mechanism_links)

    def wrong_passwords(self) -> set[str]:
        """Paths of the locked files whose password, given in a retry, was wrong."""
        return {str(item.path) for item in self.locked if item.password is not None}

    def reject(self, item: ImportItem, error: FileRejectedError) -> None:
        self.refuse(item.path, error)
        if isinstance(error, PasswordRequiredError):
            self.errors[-1]["needs_password"] = True
            self.locked.append(item)

    def refuse(self, path: Path, error: FileRejectedError) -> None:
        """Record that ``path`` failed, keeping why: the message and its reason key."""
        self.errors.append({"path": str(path), "reason": error.message,
                            "reason_key": error.reason.value})

    def warn(self, path, notice: str) -> None:
        """Record a warning about ``path``: its words and, for a Notice, its key and values."""
        entry = {"path": str(path), "message": str(notice)}
        if isinstance(notice, Notice):
            entry.update(reason_key=notice.reason.value, params=list(notice.params))
        self.warnings.append(entry)

    def as_json(self) -> dict:
        return {"added": self.added, "duplicates": self.duplicates, "errors": self.errors,
                "warnings": self.warnings, "skipped": self.skipped, "cancelled": self.cancelled,
                **({"mechanism_links": self.mechanism_links.as_json()}
                   if self.mechanism_links is not None else {})}

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
            report.refuse(given, FileRejectedError("no such file or folder",
                                                   reason=Reason.MISSING))
            continue
        if given.resolve() == archive_root or archive_root in given.resolve().parents:
            report.refuse(given, FileRejectedError(
                "this is inside the archive itself; import files from outside the archive folder",
                reason=Reason.INSIDE_ARCHIVE))
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
                    report.warn(archive.root, Notice("the archive's own folder was skipped",
                                                     Reason.ARCHIVE_FOLDER_SKIPPED))
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
                        report.warn(path, Notice(
                            f"folder code {code} is a task, not a requirement; tag the file "
                            f"with one of {', '.join(under)}", Reason.FOLDER_CODE_IS_TASK,
                            (code, "、".join(under))) if under else Notice(
                            f"folder code {code} is not in the catalogue",
                            Reason.FOLDER_CODE_UNKNOWN, (code,)))
            folders = [part for part in reversed(path.relative_to(given.parent).parts[:-1])] \
                if given.is_dir() else [path.parent.name]
            items.append(ImportItem(path=path, requirements=reqs, mechanisms=mechs, unit=unit,
                                    folders=folders))
    return items


def _new_document(item: ImportItem, sha: str, size: int, extraction: Extraction,
                  unlocked_from: str | None) -> NewDocument:
    first_page = extraction.pages[0] if extraction.pages else ""
    title = (extraction.title or item.path.stem).strip() or item.path.name
    if machine_made(title) and "".join(title.split()) not in "".join(first_page.split()):
        # "IMG 1234", "扫描件": a camera's or scanner's name says nothing; the folder does
        title = made_up_title(item.folders, extraction.kind, extraction.date)
    # Nothing at import is a title the archivist supplied (those are shown in [brackets]):
    # only an edit is (Archive.update_document).
    return NewDocument(
        sha256=sha, size=size, original_name=item.path.name, ext=item.path.suffix.lower(),
        kind=extraction.kind, title=title, title_supplied=False,
        doc_number=extraction.doc_number, date=extraction.date,
        pages=extraction.page_count, page_texts=list(extraction.pages),
        has_text=extraction.has_text, needs_conversion=extraction.needs_conversion,
        classification=extraction.classification,
        issuer=find_issuer(first_page) or find_issuer(closing_text(extraction.pages)),
        source_unit=item.unit,
        requirements=item.requirements, mechanisms=item.mechanisms,
        mechanism_text_of=item.mechanism_text_of, unlocked_from=unlocked_from,
        awaiting_ocr=[page + 1 for page in extraction.needs_ocr])  # OCR reads them later


@dataclass
class _Fresh:
    """A file to read and store: ``read_path`` is the file itself or its unlocked copy."""

    item: ImportItem
    sha256: str
    size: int
    read_path: Path
    unlocked_from: str | None = None


def import_items(archive: Archive, items: list[ImportItem], progress: Progress = NO_PROGRESS,
                 cancel: CancelToken | None = None, report: AddReport | None = None,
                 workers: int | None = None) -> AddReport:
    """Import prepared items; see the module docstring for what happens to each file.

    Work already read is committed before a cancel takes effect, so nothing read is wasted
    and the archive stays consistent; ``report.cancelled`` tells the caller.
    """
    report = report if report is not None else AddReport()
    report.attempted += items
    added_before = len(report.added)
    cancel = cancel or CancelToken()
    with _UnlockFolder(archive) as unlock_folder:
        # Identity is by content, but whether a file can be read also depends on its name: a
        # copy of a refused file under another extension (a text file beside the same bytes
        # named .pdf) is read on its own merits, in another round, until every copy is settled.
        while items and not report.cancelled:
            checked = _check_items(archive, items, progress, cancel, report, unlock_folder)
            if checked is None:
                break
            fresh, later_duplicates = checked
            items = _read_and_store(archive, fresh, later_duplicates, progress, cancel, report,
                                    workers)
    if len(report.added) > added_before:  # once, when every round's documents are committed
        from ..suggest import after_import
        after_import(archive, report, report.added[added_before:])
    progress(100, 100, "")
    return report


class _UnlockFolder:
    """Where unprotected copies of locked PDFs wait to be stored; made only when needed.

    It lives in the archive's objects/tmp, which the next writer clears after a crash, so a
    decrypted copy never lingers outside the archive.
    """

    def __init__(self, archive: Archive):
        self._parent = archive.objects.tmp
        self._folder: tempfile.TemporaryDirectory | None = None

    def __enter__(self) -> "_UnlockFolder":
        return self

    def __exit__(self, *exc) -> None:
        if self._folder is not None:
            self._folder.cleanup()

    def path_for(self, n: int) -> Path:
        if self._folder is None:
            self._parent.mkdir(parents=True, exist_ok=True)
            self._folder = tempfile.TemporaryDirectory(dir=self._parent, prefix="unlocked-")
        return Path(self._folder.name) / f"{n}.pdf"


def _check_items(archive: Archive, items: list[ImportItem], progress: Progress,
                 cancel: CancelToken, report: AddReport, unlock_folder: _UnlockFolder
                 ) -> tuple[list[_Fresh], list[tuple[ImportItem, str]]] | None:
    """Hash every file, sort out duplicates, unlock the PDFs given a password.

    Returns the files to read and the later copies of them in the same batch (duplicates
    once the first is stored), or None if cancelled (nothing has been stored yet then).
    """
    hashing = stage(progress, 0, 10, "检查")
    total = len(items)
    fresh: list[_Fresh] = []
    first_of_sha: dict[str, _Fresh] = {}
    later_duplicates: list[tuple[ImportItem, str]] = []
    for n, item in enumerate(items):
        hashing(n, total, item.path.name)
        try:
            cancel.raise_if_cancelled()
            sha, size = sha256_of(item.path)
        except Cancelled:
            report.cancelled = True
            return None
        except FileRejectedError as exc:
            report.reject(item, exc)
            continue
        existing = archive.document_id_for_sha(sha)
        if existing is not None:
            report.duplicates.append({"path": str(item.path), "id": existing})
            continue
        if sha in first_of_sha:
            later_duplicates.append((item, sha))
            continue
        entry = _Fresh(item, sha, size, item.path)
        if item.password is not None:
            try:
                unlocked = unlock_safely(item.path, item.password, unlock_folder.path_for(n))
                if unlocked is not None:
                    unlocked_sha, unlocked_size = sha256_of(unlocked)
                    entry = _Fresh(item, unlocked_sha, unlocked_size, unlocked, sha)
            except FileRejectedError as exc:
                report.reject(item, exc)
                continue
        first_of_sha[sha] = entry
        fresh.append(entry)
    return fresh, later_duplicates


def _read_and_store(archive: Archive, fresh: list[_Fresh],
                    later_duplicates: list[tuple[ImportItem, str]], progress: Progress,
                    cancel: CancelToken, report: AddReport, workers: int | None
                    ) -> list[ImportItem]:
    """Read files in the sandbox and commit them in batches, then update the search index.

    A later copy of a stored file is its duplicate. A later copy of a refused file is refused
    alike when its extension is the same (the same bytes under the same kind of name read the
    same way); under another extension it is returned, to be read on its own merits.
    """
    reading = stage(progress, 10, 75, "读取")
    batch: list[tuple[NewDocument, _Fresh]] = []
    last_commit = time.monotonic()
    added_ids: dict[str, int] = {}
    refused: dict[str, tuple[ImportItem, FileRejectedError]] = {}

    def commit() -> None:
        nonlocal last_commit
        if not batch:
            return
        try:
            ids = _reconnecting(lambda: archive.add_documents(
                [d for d, _ in batch], [f.read_path for _, f in batch]), archive, report, cancel)
        except FileRejectedError:
            ids = _reconnecting(lambda: _commit_one_by_one(archive, batch, report, refused),
                                archive, report, cancel)
        for (doc, entry), doc_id in zip(batch, ids):
            if doc_id is None:   # refused, or (on a server) stored by another client meanwhile
                existing = archive.document_id_for_sha(doc.sha256)
                path = str(entry.item.path)
                if existing is not None and all(e["path"] != path for e in report.errors):
                    report.duplicates.append({"path": path, "id": existing})
                continue
            added_ids[entry.unlocked_from or doc.sha256] = doc_id
            report.added.append({"id": doc_id, "path": str(entry.item.path),
                                 "sha256": doc.sha256, "pages": doc.pages})
        batch.clear()
        last_commit = time.monotonic()

    by_path = {str(entry.read_path): entry for entry in fresh}
    try:
        with ExtractionPool(workers=workers) as pool:
            for n, (path, result) in enumerate(pool.map([e.read_path for e in fresh],
                                                        cancel=cancel)):
                entry = by_path[str(path)]
                item = entry.item
                reading(n, len(fresh), item.path.name)
                if isinstance(result, FileRejectedError):
                    report.reject(item, result)
                    refused[entry.unlocked_from or entry.sha256] = (item, result)
                    continue
                for notice in result.warnings:
                    report.warn(item.path, notice)
                batch.append((_new_document(item, entry.sha256, entry.size, result,
                                            entry.unlocked_from), entry))
                if (len(batch) >= COMMIT_EVERY_DOCUMENTS
                        or time.monotonic() - last_commit > COMMIT_EVERY_SECONDS):
                    commit()
    except Cancelled:
        report.cancelled = True
    commit()
    read_again: list[ImportItem] = []
    for item, sha in later_duplicates:
        if sha in added_ids:
            report.duplicates.append({"path": str(item.path), "id": added_ids[sha]})
        elif sha in refused:
            first, error = refused[sha]
            if item.path.suffix.lower() == first.path.suffix.lower():
                report.reject(item, error)
            else:
                read_again.append(item)
        # else: its first copy was never read (cancelled), and neither is it
    if added_ids:  # keep the search index true; it is derived, so a failure only warns
        from ..indexing import index_documents
        problem = index_documents(archive, list(added_ids.values()),
                                  stage(progress, 85, 15, "索引"))
        if problem:
            report.warn(archive.root / "index", problem)
    return read_again


def _reconnecting(commit, archive: Archive, report: AddReport, cancel: CancelToken):
    """``commit()``, tried again after a lost connection to the archive's server.

    The server discarded the transaction that was cut off, so the batch is either wholly
    stored or not at all and may simply be sent again (its originals already stored are
    kept: they are content-addressed). Each retry is reported as a warning; when the server
    stays unreachable, the last ArchiveUnreachableError goes to the caller: the batches
    committed before are kept, this one and the rest are not imported.
    """
    for wait in RECONNECT_WAITS:
        try:
            return commit()
        except ArchiveUnreachableError:
            report.warn(archive.name, Notice(
                "the connection to the archive server was lost; the documents being saved "
                f"were not stored and are sent again in {wait:g} s", Reason.SERVER_RETRY,
                (f"{wait:g}",)))
            cancel.sleep(wait)
    return commit()


def _commit_one_by_one(archive: Archive, batch, report: AddReport,
                       refused: dict[str, tuple[ImportItem, FileRejectedError]]
                       ) -> list[int | None]:
    """Isolate the file that changed under us so the rest of the batch still lands."""
    ids: list[int | None] = []
    for doc, entry in batch:
        try:
            ids.append(archive.add_documents([doc], [entry.read_path])[0])
        except FileRejectedError as exc:
            report.reject(entry.item, exc)
            refused[entry.unlocked_from or entry.sha256] = (entry.item, exc)
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


def retry_with_passwords(archive: Archive, report: AddReport, passwords: dict[str, str],
                         progress: Progress = NO_PROGRESS, cancel: CancelToken | None = None,
                         workers: int | None = None) -> AddReport:
    """Import again the password-protected files of ``report`` for which a password is given
    (keyed by the file's path as reported), with the tags they had; fold the result into
    ``report`` and return it. A wrong password leaves the file in ``report.locked``.
    """
    items = [replace(item, password=passwords[str(item.path)]) for item in report.locked
             if passwords.get(str(item.path))]
    if items:
        report.absorb(import_items(archive, items, progress, cancel, workers=workers))
    return report
