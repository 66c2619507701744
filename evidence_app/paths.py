"""Where the program keeps its settings and the recent-archives list (no Qt here).

Settings live in the platform's usual per-user place, never beside the program, which may be
installed read-only (Program Files, a write-protected share):

- Windows: ``%APPDATA%\\EvidenceApp``
- macOS: ``~/Library/Application Support/EvidenceApp``
- Linux and other POSIX: ``$XDG_CONFIG_HOME/evidence-app`` or ``~/.config/evidence-app``

Two exceptions, checked in this order:

1. ``EVIDENCE_CONFIG_DIR`` in the environment names the folder outright (tests, admins).
2. Portable mode: a file ``portable.txt`` in the program folder (the folder holding the
   executable of a built bundle; the repository root when run from a checkout) keeps the
   settings in ``settings/`` beside it, so the program and its settings travel together on a
   USB stick.

Nothing here creates a folder unless asked (``config_dir(create=True)``).
"""

from __future__ import annotations

import os
import sys
from pathlib import Path, PureWindowsPath

__all__ = ["CONFIG_ENV", "PORTABLE_MARKER", "PORTABLE_SETTINGS", "config_dir", "is_frozen",
           "is_portable", "program_dir", "settings_file"]

CONFIG_ENV = "EVIDENCE_CONFIG_DIR"
PORTABLE_MARKER = "portable.txt"
PORTABLE_SETTINGS = "settings"
_WINDOWS_MAC_NAME = "EvidenceApp"
_POSIX_NAME = "evidence-app"


def is_frozen() -> bool:
    """True in a PyInstaller (or similar) build, False when run from Python sources."""
    return bool(getattr(sys, "frozen", False))


def program_dir() -> Path:
    """The folder the program runs from: the executable's folder in a built bundle, the
    repository root (the folder holding the ``evidence_app`` package) otherwise."""
    if is_frozen():
        return Path(sys.executable).resolve().parent
    return Path(__file__).resolve().parent.parent


def is_portable() -> bool:
    """True when ``portable.txt`` sits in :func:`program_dir`."""
    return (program_dir() / PORTABLE_MARKER).is_file()


def _platform_dir(platform: str | None = None, environ: dict | None = None,
                  home: Path | None = None) -> Path:
    platform = platform or sys.platform
    environ = os.environ if environ is None else environ
    home = home or Path.home()
    if platform == "win32":
        # Windows' rules for drive letters and backslashes also when asked elsewhere (tests)
        flavour = Path if sys.platform == "win32" else PureWindowsPath
        base = environ.get("APPDATA")
        root = flavour(base) if base else flavour(home) / "AppData" / "Roaming"
        return root / _WINDOWS_MAC_NAME
    if platform == "darwin":
        return home / "Library" / "Application Support" / _WINDOWS_MAC_NAME
    xdg = environ.get("XDG_CONFIG_HOME", "")
    # The XDG spec: a relative value is invalid and must be ignored.
    root = Path(xdg) if xdg and os.path.isabs(xdg) else home / ".config"
    return root / _POSIX_NAME


def config_dir(create: bool = False) -> Path:
    """The folder for settings and the recent-archives list (see the module docstring).

    Args:
        create: make the folder (and its parents) if it does not exist yet.
    """
    override = os.environ.get(CONFIG_ENV, "").strip()
    if override:
        path = Path(override).expanduser()
    elif is_portable():
        path = program_dir() / PORTABLE_SETTINGS
    else:
        path = _platform_dir()
    path = path.absolute()
    if create:
        path.mkdir(parents=True, exist_ok=True)
    return path


def settings_file(create_dir: bool = False) -> Path:
    """The INI file for the desktop app's settings, e.g. for
    ``QSettings(str(settings_file()), QSettings.IniFormat)``."""
    return config_dir(create=create_dir) / "settings.ini"
