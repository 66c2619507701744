"""Where settings live: the platform's place, EVIDENCE_CONFIG_DIR, and portable mode."""

from __future__ import annotations

import subprocess
import sys
from pathlib import Path, PureWindowsPath

import pytest

from evidence_app import paths

ROOT = Path(__file__).resolve().parent.parent


@pytest.fixture
def clean_env(monkeypatch, tmp_path):
    """No override, no XDG variable, a home of our own, run from a checkout."""
    monkeypatch.delenv(paths.CONFIG_ENV, raising=False)
    monkeypatch.delenv("XDG_CONFIG_HOME", raising=False)
    monkeypatch.delenv("APPDATA", raising=False)
    home = tmp_path / "home"
    home.mkdir()
    monkeypatch.setenv("HOME", str(home))
    monkeypatch.setenv("USERPROFILE", str(home))
    monkeypatch.delattr(sys, "frozen", raising=False)
    return home


@pytest.fixture
def frozen(monkeypatch, tmp_path):
    """Pretend to be the built program installed in tmp_path/program/."""
    program = tmp_path / "program"
    program.mkdir()
    monkeypatch.setattr(sys, "frozen", True, raising=False)
    monkeypatch.setattr(sys, "executable", str(program / "evidence-app"))
    return program


def test_from_a_checkout_the_program_folder_is_the_repository_root(clean_env):
    assert not paths.is_frozen()
    assert paths.program_dir() == ROOT


def test_frozen_the_program_folder_is_the_executables(clean_env, frozen):
    assert paths.is_frozen()
    assert paths.program_dir() == frozen.resolve()


@pytest.mark.skipif(sys.platform in ("win32", "darwin"), reason="Linux/POSIX layout")
def test_linux_default_is_dot_config(clean_env, frozen):
    assert paths.config_dir() == clean_env / ".config" / "evidence-app"
    assert not paths.is_portable()


@pytest.mark.skipif(sys.platform in ("win32", "darwin"), reason="Linux/POSIX layout")
def test_linux_honours_an_absolute_xdg_config_home(clean_env, frozen, monkeypatch, tmp_path):
    monkeypatch.setenv("XDG_CONFIG_HOME", str(tmp_path / "xdg"))
    assert paths.config_dir() == tmp_path / "xdg" / "evidence-app"
    monkeypatch.setenv("XDG_CONFIG_HOME", "relative/ignored")   # invalid per the XDG spec
    assert paths.config_dir() == clean_env / ".config" / "evidence-app"


def test_platform_places(tmp_path):
    home = tmp_path / "h"
    appdata = r"C:\Users\张 三\AppData\Roaming"   # Windows names: a drive, 中文 and a space
    assert str(paths._platform_dir("win32", {"APPDATA": appdata}, home)) == \
        r"C:\Users\张 三\AppData\Roaming\EvidenceApp"
    assert paths._platform_dir("win32", {}, PureWindowsPath(r"D:\用户\李 四")) == \
        PureWindowsPath(r"d:\用户\李 四\appdata\roaming\evidenceapp")  # case-insensitive
    assert paths._platform_dir("darwin", {}, home) == \
        home / "Library" / "Application Support" / "EvidenceApp"
    assert paths._platform_dir("linux", {"XDG_CONFIG_HOME": "/x"}, home) == \
        Path("/x") / "evidence-app"
    assert paths._platform_dir("linux", {}, home) == home / ".config" / "evidence-app"


def test_settings_are_never_beside_the_program_unless_portable(clean_env, frozen):
    place = paths.config_dir()
    assert frozen.resolve() not in place.resolve().parents


def test_portable_marker_keeps_settings_beside_the_program(clean_env, frozen):
    (frozen / paths.PORTABLE_MARKER).write_text("", encoding="utf-8")
    assert paths.is_portable()
    assert paths.config_dir() == frozen.resolve() / "settings"
    assert paths.settings_file() == frozen.resolve() / "settings" / "settings.ini"
    assert not (frozen / "settings").exists()         # nothing is created unless asked
    assert paths.config_dir(create=True).is_dir()


def test_a_marker_folder_is_not_a_marker(clean_env, frozen):
    (frozen / paths.PORTABLE_MARKER).mkdir()
    assert not paths.is_portable()


def test_environment_override_wins_even_over_portable(clean_env, frozen, monkeypatch,
                                                      tmp_path):
    (frozen / paths.PORTABLE_MARKER).write_text("", encoding="utf-8")
    monkeypatch.setenv(paths.CONFIG_ENV, str(tmp_path / "cfg"))
    assert paths.config_dir() == tmp_path / "cfg"
    assert paths.is_portable()          # the marker is still reported, just not used
    monkeypatch.setenv(paths.CONFIG_ENV, "   ")    # blank: as if unset
    assert paths.config_dir() == frozen.resolve() / "settings"


def test_create_makes_the_folder(clean_env, monkeypatch, tmp_path):
    monkeypatch.setenv(paths.CONFIG_ENV, str(tmp_path / "a" / "b"))
    assert not (tmp_path / "a").exists()
    assert paths.settings_file(create_dir=True).parent.is_dir()


def test_importing_paths_does_not_import_qt():
    code = ("import sys, evidence_app.paths as p; p.config_dir(); "
            "sys.exit(any(m.startswith('PySide6') for m in sys.modules))")
    assert subprocess.run([sys.executable, "-c", code], cwd=ROOT, timeout=60).returncode == 0
