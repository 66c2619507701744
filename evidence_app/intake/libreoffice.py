"""Convert office files with LibreOffice (headless): .doc/.wps -> PDF, .xls -> .xlsx.

Shared by text extraction and the volume builder. LibreOffice is optional: callers ask
:func:`find_libreoffice` and degrade (index nothing, warn) when it is missing.

What goes wrong with LibreOffice, and what this module does about it:
- two conversions sharing a user profile fail silently -> every call gets its own profile;
- it can hang on a hostile file -> a timeout kills its whole process group;
- it outlives a killed caller and goes on writing -> it runs under a guardian that kills its
  whole process tree when the caller ends (``children.start_guarded``);
- it exits 0 without writing anything -> the output must exist and be non-empty;
- some versions break on non-ASCII or odd file names -> the source is copied to an ASCII name;
- it renders with the fonts it finds, and on a machine without a Chinese font every character
  becomes an empty box -> every profile gets the program's bundled fonts in ``user/fonts``
  (system 宋体/仿宋/黑体 still win where the documents ask for them), and
  :func:`libreoffice_rendering_key` names what a conversion's look depended on, for caches;
- what else it finds depends on the PC: where URW's Type 1 fonts are installed it draws Latin
  text in Nimbus Roman and embeds it with random eexec bytes, so two conversions of one file
  differ -> off Windows it sees only the fonts given to it (a private fontconfig file), the
  same on every PC.
"""

from __future__ import annotations

import os
import re
import shutil
import signal
import subprocess
import sys
import tempfile
from functools import lru_cache
from importlib import resources
from pathlib import Path

from ..children import start_guarded
from ..errors import FileRejectedError, Reason

__all__ = ["find_libreoffice", "has_libreoffice_calc", "convert_with_libreoffice",
           "convert_many_with_libreoffice", "libreoffice_rendering_key"]

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


# ---------------------------------------------------------------------------- fonts
_FONT_SUFFIXES = (".ttf", ".ttc", ".otf")
# Windows font files of the faces Chinese documents ask for (宋体, 仿宋, 黑体, 楷体, 雅黑)
_WINDOWS_CJK_FONTS = ("simsun.ttc", "simsunb.ttf", "simfang.ttf", "simhei.ttf", "simkai.ttf",
                      "msyh.ttc", "msyhbd.ttc", "stsong.ttf", "stfangso.ttf")


def bundled_fonts() -> list[Path]:
    """The program's own font files (assets/fonts), as real files."""
    folder = Path(str(resources.files("evidence_app") / "assets" / "fonts"))
    return sorted(p for p in folder.iterdir() if p.suffix.lower() in _FONT_SUFFIXES)


def _install_fonts(profile: Path) -> Path:
    """Put the bundled fonts (and, off Windows, the machine's 宋体/仿宋/黑体 files) into the
    profile's ``user/fonts``, which LibreOffice adds to the fonts it renders with; return that
    folder. It does not follow symbolic links there: hard link, else copy."""
    folder = profile / "user" / "fonts"
    folder.mkdir(parents=True, exist_ok=True)
    extra = list(_system_cjk_fonts()) if sys.platform != "win32" else []
    for font in bundled_fonts() + extra:
        target = folder / font.name
        if target.exists():
            continue
        try:
            os.link(font, target)
        except OSError:
            shutil.copyfile(font, target)
    return folder


@lru_cache(maxsize=1)
def _system_cjk_fonts() -> tuple[Path, ...]:
    """The machine's fonts of the faces Chinese documents ask for (宋体, 仿宋, 黑体, …), which
    LibreOffice is given besides the bundled ones: Windows' font folder, elsewhere the files
    of those names fontconfig knows (a Linux PC with the Windows fonts copied in)."""
    if sys.platform == "win32":
        folder = Path(os.environ.get("WINDIR", r"C:\Windows")) / "Fonts"
        return tuple(folder / name for name in _WINDOWS_CJK_FONTS if (folder / name).is_file())
    fc_list = shutil.which("fc-list")
    if fc_list is None:
        return ()
    try:
        done = subprocess.run([fc_list, ":lang=zh", "file"], capture_output=True, timeout=20,
                              check=False)
    except (OSError, subprocess.TimeoutExpired):
        return ()
    files = {Path(line.strip().rstrip(":")) for line in
             done.stdout.decode("utf-8", "replace").splitlines() if line.strip()}
    return tuple(sorted(f for f in files if f.name.lower() in _WINDOWS_CJK_FONTS))


def _private_fontconfig(work: Path, fonts: Path) -> Path:
    """A fontconfig file that shows LibreOffice the fonts in ``fonts`` and nothing else (its
    cache inside ``work``), so a conversion looks the same whatever the PC has installed."""
    config = work / "fonts.conf"
    config.write_text(
        '<?xml version="1.0"?>\n<!DOCTYPE fontconfig SYSTEM "fonts.dtd">\n<fontconfig>\n'
        f"  <dir>{_xml(fonts.absolute())}</dir>\n"
        f"  <cachedir>{_xml((work / 'fontconfig-cache').absolute())}</cachedir>\n"
        "</fontconfig>\n", encoding="utf-8")
    return config


def _xml(path: Path) -> str:
    return str(path).replace("&", "&amp;").replace("<", "&lt;").replace(">", "&gt;")


@lru_cache(maxsize=1)
def libreoffice_rendering_key() -> str:
    """A short digest of what a conversion's look depends on besides the document: the
    LibreOffice program, the bundled fonts and the Chinese fonts of the machine. A cache of
    conversions keyed by it is never reused after any of them changes (a PDF of boxes made
    before a font was there is converted again)."""
    import hashlib

    soffice = find_libreoffice()
    parts = []
    if soffice:
        real = os.path.realpath(soffice)
        try:
            parts.append(f"{real}:{os.stat(real).st_mtime_ns}")
        except OSError:
            parts.append(real)
    parts += [f"{font.name}:{font.stat().st_size}" for font in bundled_fonts()]
    parts += [str(font) for font in _system_cjk_fonts()]
    return hashlib.sha256("\n".join(parts).encode()).hexdigest()[:12]


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


def _start(soffice: str, work: Path, target: str, outbox: Path, sources: list[Path], output):
    """Start one headless LibreOffice run converting ``sources`` into ``outbox``, with its own
    profile and home in ``work``, as a context manager: its whole process tree is killed on
    leaving the block, and when this program ends in any way (``children.start_guarded``)."""
    if not re.fullmatch(r"[a-z0-9]{1,8}(:[A-Za-z0-9 _()\-]+)?", target):
        raise ValueError(f"bad conversion target {target!r}")
    profile = work / "profile"
    profile.mkdir(exist_ok=True)
    fonts = _install_fonts(profile)
    cmd = [soffice, f"-env:UserInstallation={profile.absolute().as_uri()}", "--headless",
           "--invisible", "--norestore", "--nolockcheck", "--nodefault", "--nologo",
           "--convert-to", target, "--outdir", str(outbox.absolute()),
           *(str(source.absolute()) for source in sources)]  # absolute: it runs in ``work``
    # nothing of LibreOffice's lands in the user's home
    env = dict(os.environ, HOME=str(work.absolute()))
    if sys.platform != "win32":
        env["FONTCONFIG_FILE"] = str(_private_fontconfig(work, fonts))
    kwargs: dict = {"stdout": output, "stderr": output, "env": env,
                    "cwd": str(work.absolute())}
    if sys.platform != "win32" and _address_space_limited():
        kwargs["preexec_fn"] = _child_setup
    return start_guarded(cmd, **kwargs)


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
    out_ext = target.split(":", 1)[0]

    work = Path(tempfile.mkdtemp(prefix="evidence-lo-"))
    try:
        inbox, outbox = work / "in", work / "out"
        for folder in (inbox, outbox):
            folder.mkdir()
        source = inbox / f"source{_ascii_suffix(src)}"
        try:
            shutil.copyfile(src, source)
        except OSError as exc:
            raise FileRejectedError(f"cannot read: {exc.strerror or exc}",
                                    reason=Reason.UNREADABLE) from exc
        try:
            with _start(soffice, work, target, outbox, [source], subprocess.PIPE) as proc:
                try:
                    out, err = proc.communicate(timeout=timeout)
                except subprocess.TimeoutExpired as exc:
                    _kill_tree(proc)
                    raise FileRejectedError(
                        f"LibreOffice took longer than {timeout:g} s to convert it",
                        reason=Reason.LIBREOFFICE_FAILED) from exc
        except OSError as exc:
            raise FileRejectedError(f"LibreOffice could not be started ({soffice}): "
                                    f"{exc.strerror or exc}",
                                    reason=Reason.LIBREOFFICE_FAILED) from exc
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


def convert_many_with_libreoffice(sources: list[tuple[Path, str]], out_dir: Path,
                                  target: str = "pdf", timeout_per_file: float = 30
                                  ) -> dict[int, Path]:
    """Convert several files in one LibreOffice run (its start-up costs 1-3 s; a document
    then takes ~0.2 s), with the same private profile and process group as one file.

    Args:
        sources: (file, extension to give it) pairs; the extension tells LibreOffice the
            format, since stored originals are named by their hash.
        out_dir: existing folder; results are named ``<index>.<target>`` (preferably on the
            drive of the sources, which are then linked, not copied).
        target: as for :func:`convert_with_libreoffice`.
        timeout_per_file: the whole run may take 30 s plus this much per file.

    Returns:
        The converted file of each source that produced a non-empty one, by its index. A file
        left out is for :func:`convert_with_libreoffice`, which isolates a bad file.
    """
    soffice = find_libreoffice()
    if soffice is None or not sources:
        return {}
    out_ext = target.split(":", 1)[0]
    # inside out_dir: on the same drive as the files, so they are linked rather than copied
    work = Path(tempfile.mkdtemp(prefix=".lo-many-", dir=out_dir))
    try:
        inbox, outbox = work / "in", work / "out"
        for folder in (inbox, outbox):
            folder.mkdir()
        named = []
        for n, (src, suffix) in enumerate(sources):
            name = inbox / f"d{n}{suffix if re.fullmatch(r'[.][A-Za-z0-9]{1,8}', suffix) else ''}"
            try:
                os.link(src, name)
            except OSError:
                try:
                    shutil.copyfile(src, name)
                except OSError:
                    continue  # unreadable: the one-file path will say why
            named.append(name)
        try:
            with _start(soffice, work, target, outbox, named, subprocess.DEVNULL) as proc:
                try:
                    proc.wait(timeout=30 + timeout_per_file * len(named))
                except subprocess.TimeoutExpired:
                    _kill_tree(proc)
        except OSError:
            return {}
        made: dict[int, Path] = {}
        for n in range(len(sources)):
            produced = outbox / f"d{n}.{out_ext}"
            if produced.is_file() and produced.stat().st_size > 0:
                result = Path(out_dir) / f"{n}.{out_ext}"
                shutil.move(str(produced), str(result))
                made[n] = result
        return made
    finally:
        shutil.rmtree(work, ignore_errors=True)
