"""The content-addressed store of originals: objects/ab/<sha256>, never modified after import.

A file is copied to a temporary name inside objects/ and renamed into place only when its
bytes are on disk and hash correctly, so a crash never leaves a half-written object under a
final name. An object without a database row (import killed between copy and commit) is
harmless and reported by ``check`` as unreferenced.
"""

from __future__ import annotations

import hashlib
import os
import shutil
import tempfile
from pathlib import Path

from ..errors import FileRejectedError, Reason, unreadable

CHUNK = 1 << 20


def sha256_of(path: Path) -> tuple[str, int]:
    """Hash a file; returns (hex digest, size). Raises FileRejectedError if it cannot be read."""
    digest = hashlib.sha256()
    size = 0
    try:
        with open(path, "rb") as handle:
            while chunk := handle.read(CHUNK):
                digest.update(chunk)
                size += len(chunk)
    except OSError as exc:
        raise unreadable(exc, "cannot read the file",
                         missing="the file disappeared before it could be read") from exc
    return digest.hexdigest(), size


class ObjectStore:
    def __init__(self, root: Path):
        self.root = Path(root) / "objects"
        self.tmp = self.root / "tmp"

    def path_for(self, sha256: str) -> Path:
        return self.root / sha256[:2] / sha256

    def has(self, sha256: str) -> bool:
        return self.path_for(sha256).is_file()

    def digest_of(self, sha256: str) -> tuple[str, int] | None:
        """(SHA-256, size) of the stored bytes as they are now; None if there are none.

        Raises:
            FileRejectedError: the stored file cannot be read.
        """
        path = self.path_for(sha256)
        return sha256_of(path) if path.is_file() else None

    def size_of(self, sha256: str) -> int | None:
        path = self.path_for(sha256)
        return path.stat().st_size if path.is_file() else None

    def put(self, source: Path, sha256: str) -> Path:
        """Copy ``source`` into the store under ``sha256``, verifying the copy's hash.

        Raises:
            FileRejectedError: the source changed or vanished while being copied.
        """
        final = self.path_for(sha256)
        if final.is_file():
            return final
        self.tmp.mkdir(parents=True, exist_ok=True)
        fd, tmp_name = tempfile.mkstemp(dir=self.tmp, prefix="incoming-")
        try:
            digest = hashlib.sha256()
            with os.fdopen(fd, "wb") as out, open(source, "rb") as src:
                while chunk := src.read(CHUNK):
                    digest.update(chunk)
                    out.write(chunk)
                out.flush()
                os.fsync(out.fileno())
            if digest.hexdigest() != sha256:
                raise FileRejectedError("the file changed while it was being imported; "
                                        "import it again when it is complete",
                                        reason=Reason.CHANGED_DURING_IMPORT)
            final.parent.mkdir(parents=True, exist_ok=True)
            os.replace(tmp_name, final)
            try:
                os.chmod(final, 0o444)
            except OSError:
                pass  # read-only bit is a courtesy; some shares do not support it
        except OSError as exc:
            raise FileRejectedError(f"cannot copy the file into the archive: "
                                    f"{exc.strerror or exc}", reason=Reason.STORE_FAILED) from exc
        finally:
            if os.path.exists(tmp_name):
                os.unlink(tmp_name)
        return final

    def remove(self, sha256: str) -> None:
        path = self.path_for(sha256)
        if path.exists():
            os.chmod(path, 0o644)
            path.unlink()

    def clear_incoming(self) -> None:
        """Remove temporary copies an interrupted import left behind."""
        if self.tmp.is_dir():
            shutil.rmtree(self.tmp, ignore_errors=True)

    def all_digests(self) -> set[str]:
        found = set()
        if not self.root.is_dir():
            return found
        for sub in self.root.iterdir():
            if sub.is_dir() and len(sub.name) == 2:
                found.update(p.name for p in sub.iterdir() if p.is_file())
        return found
