"""Convert office files with LibreOffice (headless): .doc/.wps -> PDF, .xls -> .xlsx.

Shared by text extraction and the volume builder. LibreOffice is optional: callers ask
:func:`find_libreoffice` and degrade (index nothing, warn) when it is missing.

What goes wrong with LibreOffice, and what this module does about it:
- two conversions sharing a user profile fail silently -> every call gets its own profile;
- it can hang on a hostile file -> a timeout kills its whole process group;
- it exits 0 without writing anything -> the output must exist and be non-empty;
- some versions break on non-ASCII or odd file names -> the source is copied to an ASCII name.
"""

from __future__ import annotations

import os
import re
import shutil
import signal
import subprocess
import sys
import tempfile
from pathlib import Path

from ..errors import FileRejectedError, Reason

__all__ = ["find_libreoffice", "has_libreoffice_calc", "convert_with_libreoffice"]

ENV_VAR = "EVIDENCE_SOFFICE"


def _candidates() -> list[str]:
    if sys.platform == "win32":
        roots = [os.environ.get(v) for v in ("ProgramFiles", "ProgramW6432", "ProgramFiles(x86)")]
        return [os.path.join(r, "LibreOffice", "program", "soffice.exe") for r in roots if r]
    if sys.platform == "darwin":
        return ["/Applications/LibreOffice.app/Contents/MacOS/soffice",
                os.path.expanduser("~/Applications/LibreOffice.app/Contents/MacOS/soffice")]
    found = ["/usr/bin/soffice", "/usr/bin/libreoffice", "/usr/local/bin/soffice",
             "/usr/lib/libreoffice/program/soffice", "/usr/lib64/libreoffice/program/soffice",
             "/snap/bin/libreoffice"]
    try:
        found += sorted(str(p / "program" / "soffice") for p in Path("/opt").glob("libreoffice*"))
    except OSError:
        pass
    return found


def _runnable(path: str) -> bool:
    return os.path.isfile(path) and os.access(path, os.X_OK)


def find_libreoffice() -> str | None:
    """Path of the LibreOffice executable, or ``None`` if it is not installed.

    ``EVIDENCE_SOFFICE`` overrides the search: a path uses that program, an empty value
    disables LibreOffice altogether (tests use this to see the program without it).
    """
    override = os.environ.get(ENV_VAR)
    if override is not None:
        override = override.strip()
        if not override:
            return None
        found = shutil.which(override)
        return found if found else (override if _runnable(override) else None)
    for name in ("soffice", "libreoffice"):
        found = shutil.which(name)
        if found:
            return found
    for candidate in _candidates():
        if _runnable(candidate):
            return candidate
    return None


def has_libreoffice_calc() -> bool:
    """Whether the LibreOffice found can open spreadsheets (.xls).

    Lean installs (Debian's ``libreoffice-writer-nogui``) have Writer only; LibreOffice then
    "cannot load" every spreadsheet. Looks for Calc's library next to the executable; when the
    install layout is unknown (a wrapper script), assumes Calc is there.
    """
    soffice = find_libreoffice()
    if soffice is None:
        return False
    program = Path(os.path.realpath(soffice)).parent
    try:
        names = [p.name.lower() for p in program.iterdir()]
    except OSError:
        return True
    if not any("swlo" in n or n.startswith("sw") for n in names):
        return True  # not LibreOffice's program folder: cannot tell
    return any(re.match(r"(lib)?sclo\.", n) for n in names)


def _ascii_suffix(path: Path) -> str:
    suffix = path.suffix.lower()
    return suffix if re.fullmatch(r"\.[a-z0-9]{1,8}", suffix) else ""


def _child_setup():
    """POSIX only: undo an address-space limit inherited from a sandbox worker.

    Extraction workers cap their own memory (RLIMIT_AS); LibreOffice maps far more address
    space than it uses and would fail oddly under that cap. The hard limit is left untouched,
    so raising the soft limit back to it is always allowed.
    """
    try:
        import resource

        soft, hard = resource.getrlimit(resource.RLIMIT_AS)
        if soft != hard:
            resource.setrlimit(resource.RLIMIT_AS, (hard, hard))
    except (ImportError, ValueError, OSError):
        pass


def _address_space_limited() -> bool:
    try:
        import resource

        soft, hard = resource.getrlimit(resource.RLIMIT_AS)
        return soft != hard
    except (ImportError, ValueError, OSError, AttributeError):
        return False


def _kill_tree(proc: subprocess.Popen) -> None:
    if sys.platform == "win32":
        subprocess.run(["taskkill", "/T", "/F", "/PID", str(proc.pid)],
                       stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL, check=False)
    else:
        try:
            os.killpg(proc.pid, signal.SIGKILL)
        except (ProcessLookupError, PermissionError):
            pass
    try:
        proc.wait(timeout=10)
    except subprocess.TimeoutExpired:
        proc.kill()


def convert_with_libreoffice(src: Path, out_dir: Path, target: str = "pdf",
                             timeout: float = 120) -> Path:
    """Convert ``src`` with headless LibreOffice and return the converted file in ``out_dir``.

    Args:
        src: the file to convert (any name; it is copied to an ASCII name first).
        out_dir: existing folder for the result, named ``<src stem>.<target>``.
        target: LibreOffice's --convert-to argument: "pdf", "xlsx", or "ext:FilterName".
        timeout: seconds before LibreOffice and all its child processes are killed.

    Raises:
        FileRejectedError: LibreOffice is missing, timed out, failed, or wrote nothing.
    """
    src, out_dir = Path(src), Path(out_dir)
    soffice = find_libreoffice()
    if soffice is None:
        raise FileRejectedError("LibreOffice is not installed: install LibreOffice to convert "
                                f"{src.suffix or 'this'} files", reason=Reason.NEEDS_LIBREOFFICE)
    if not re.fullmatch(r"[a-z0-9]{1,8}(:[A-Za-z0-9 _()\-]+)?", target):
        raise ValueError(f"bad conversion target {target!r}")
    out_ext = target.split(":", 1)[0]

    work = Path(tempfile.mkdtemp(prefix="evidence-lo-"))
    try:
        profile, inbox, outbox = work / "profile", work / "in", work / "out"
        for folder in (profile, inbox, outbox):
            folder.mkdir()
        source = inbox / f"source{_ascii_suffix(src)}"
        try:
            shutil.copyfile(src, source)
        except OSError as exc:
            raise FileRejectedError(f"cannot read: {exc.strerror or exc}",
                                    reason=Reason.UNREADABLE) from exc
        cmd = [soffice, f"-env:UserInstallation={profile.absolute().as_uri()}", "--headless", "--invisible",
               "--norestore", "--nolockcheck", "--nodefault", "--nologo",
               "--convert-to", target, "--outdir", str(outbox), str(source)]
        env = dict(os.environ, HOME=str(work))  # nothing of LibreOffice's lands in the user's home
        kwargs: dict = {"stdout": subprocess.PIPE, "stderr": subprocess.PIPE, "env": env,
                        "cwd": str(work)}
        if sys.platform == "win32":
            kwargs["creationflags"] = subprocess.CREATE_NEW_PROCESS_GROUP
        else:
            kwargs["start_new_session"] = True  # its own process group, killed as a whole
            if _address_space_limited():
                kwargs["preexec_fn"] = _child_setup
        try:
            proc = subprocess.Popen(cmd, **kwargs)
        except OSError as exc:
            raise FileRejectedError(f"LibreOffice could not be started ({soffice}): "
                                    f"{exc.strerror or exc}",
                                    reason=Reason.LIBREOFFICE_FAILED) from exc
        try:
            out, err = proc.communicate(timeout=timeout)
        except subprocess.TimeoutExpired as exc:
            _kill_tree(proc)
            raise FileRejectedError(
                f"LibreOffice took longer than {timeout:g} s to convert it",
                reason=Reason.LIBREOFFICE_FAILED) from exc
        except BaseException:
            _kill_tree(proc)
            raise
        produced = outbox / f"source.{out_ext}"
        if proc.returncode != 0 or not produced.is_file() or produced.stat().st_size == 0:
            detail = (err or out or b"").decode("utf-8", "replace").strip().splitlines()
            reason = detail[-1] if detail else f"exit code {proc.returncode}, no output"
            raise FileRejectedError(f"LibreOffice could not convert it ({reason})",
                                    reason=Reason.LIBREOFFICE_FAILED)
        out_dir.mkdir(parents=True, exist_ok=True)
        result = out_dir / f"{src.stem}.{out_ext}"
        shutil.move(str(produced), str(result))
        return result
    finally:
        shutil.rmtree(work, ignore_errors=True)
