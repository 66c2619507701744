"""Backup and restore of a whole archive as one .zip file, safe while the archive is in use.

The database is copied with SQLite's online backup API, which gives a consistent snapshot
even while another program writes. Originals are immutable and named by their hash, so
copying the ones the snapshot references is consistent too. The backup holds a manifest with
the SHA-256 of every member, checked after writing and again on restore. Derived data (the
search index, converted PDFs) is not included: it is rebuilt from the originals.
"""

from __future__ import annotations

import hashlib
import json
import os
import shutil
import sqlite3
import tempfile
import zipfile
from pathlib import Path

from ..errors import EvidenceError, UsageError
from ..progress import NO_PROGRESS, CancelToken, Progress
from .archive import DB_NAME, Archive
from .copier import copy_archive
from .server import is_server_location
from .store import CHUNK

MANIFEST = "backup-manifest.json"
FORMAT = "evidence-archive-backup/1"


def _hash_stream(handle) -> str:
    digest = hashlib.sha256()
    while chunk := handle.read(CHUNK):
        digest.update(chunk)
    return digest.hexdigest()


def backup(archive: Archive, destination: Path, progress: Progress = NO_PROGRESS,
           cancel: CancelToken | None = None) -> dict:
    """Write a verified backup of ``archive`` to ``destination`` (a .zip), atomically.

    Returns the manifest. Raises EvidenceError if an original is missing or the written file
    does not verify; the destination is then left untouched.

    An archive on a server is backed up as its verified folder copy (copier.py): the backup
    restores into a folder, or through that folder into an empty database.
    """
    destination = Path(destination)
    cancel = cancel or CancelToken()
    if archive.server:
        with tempfile.TemporaryDirectory(prefix="evidence-backup-") as work:
            copy_archive(archive, Path(work) / "archive", progress=progress, cancel=cancel)
            with Archive.open(Path(work) / "archive", read_only=True) as copy:
                return backup(copy, destination, progress, cancel)
    destination.parent.mkdir(parents=True, exist_ok=True)
    with tempfile.TemporaryDirectory(prefix="evidence-backup-") as work:
        snapshot = Path(work) / DB_NAME
        target = sqlite3.connect(snapshot)
        with archive._mutex:
            archive._conn.backup(target)
        digests = [r[0] for r in target.execute("SELECT sha256 FROM documents ORDER BY id")]
        target.execute("PRAGMA journal_mode = DELETE")
        target.close()
        with open(snapshot, "rb") as handle:
            manifest = {"format": FORMAT, "database": _hash_stream(handle),
                        "objects": len(digests)}
        partial = destination.with_name(destination.name + ".partial")
        try:
            with zipfile.ZipFile(partial, "w", zipfile.ZIP_STORED, allowZip64=True) as out:
                out.write(snapshot, DB_NAME, compress_type=zipfile.ZIP_DEFLATED)
                for n, sha in enumerate(digests):
                    cancel.raise_if_cancelled()
                    progress(n, len(digests), "备份原件")
                    source = archive.objects.path_for(sha)
                    if not source.is_file():
                        raise EvidenceError(f"the original {sha[:12]}… is missing from the "
                                            "archive (run `evidence-app check`); backup stopped")
                    out.write(source, f"objects/{sha[:2]}/{sha}")
                out.writestr(MANIFEST, json.dumps(manifest, indent=1))
            verify_backup(partial)
            os.replace(partial, destination)
        finally:
            if partial.exists():
                partial.unlink()
    progress(1, 1, "")
    return manifest


def verify_backup(path: Path) -> dict:
    """Check every member of a backup against its hash; return its manifest.

    Raises:
        EvidenceError: not a backup of ours, or damaged (naming what is wrong).
    """
    try:
        with zipfile.ZipFile(path) as archive_zip:
            try:
                manifest = json.loads(archive_zip.read(MANIFEST))
            except KeyError as exc:
                raise EvidenceError(f"{path} is not an evidence archive backup") from exc
            if manifest.get("format") != FORMAT:
                raise EvidenceError(f"{path} is a backup in an unknown format "
                                    f"({manifest.get('format')})")
            objects = 0
            for info in archive_zip.infolist():
                if info.filename == MANIFEST:
                    continue
                with archive_zip.open(info) as member:
                    actual = _hash_stream(member)
                if info.filename == DB_NAME:
                    expected = manifest["database"]
                else:
                    expected = info.filename.rsplit("/", 1)[-1]
                    objects += 1
                if actual != expected:
                    raise EvidenceError(f"backup {path.name} is damaged: {info.filename} does "
                                        "not match its checksum")
            if objects != manifest["objects"]:
                raise EvidenceError(f"backup {path.name} is incomplete: {objects} of "
                                    f"{manifest['objects']} originals present")
    except zipfile.BadZipFile as exc:
        raise EvidenceError(f"{path} is not a readable backup file ({exc})") from exc
    return manifest


def restore(path: Path, target, progress: Progress = NO_PROGRESS) -> None:
    """Restore a verified backup into a new (or empty) folder, then open it to prove it;
    or into an empty database on a server (``target`` its address), through a folder.

    Nothing appears under ``target`` until the whole backup has been unpacked and checked.
    """
    if is_server_location(target):
        with tempfile.TemporaryDirectory(prefix="evidence-restore-") as work:
            restore(path, Path(work) / "archive", progress)
            with Archive.open(Path(work) / "archive", read_only=True) as restored:
                copy_archive(restored, target, progress=progress)
        return
    path, target = Path(path), Path(target)
    if not path.is_file():
        raise UsageError(f"backup file not found: {path}")
    if target.exists() and any(target.iterdir()):
        raise UsageError(f"{target} is not empty; restore into a new folder")
    verify_backup(path)
    staging = Path(tempfile.mkdtemp(prefix=".restore-", dir=target.parent if
                                    target.parent.exists() else None))
    try:
        with zipfile.ZipFile(path) as archive_zip:
            members = [m for m in archive_zip.infolist() if m.filename != MANIFEST]
            for n, member in enumerate(members):
                progress(n, len(members), "恢复")
                archive_zip.extract(member, staging)
        for sub in ("index", "cache"):
            (staging / sub).mkdir(exist_ok=True)
        with Archive.open(staging) as restored:
            result = restored.check()
            if not result.ok:
                raise EvidenceError("the restored archive fails its check: "
                                    + "; ".join(result.problems[:3]))
        if target.exists():
            target.rmdir()
        shutil.move(str(staging), str(target))
    finally:
        if staging.exists():
            shutil.rmtree(staging, ignore_errors=True)
    progress(1, 1, "")
