"""Font lookup on Windows, in a fake Windows environment: the system folder %WINDIR%\\Fonts
and the per-user folder %LOCALAPPDATA%\\Microsoft\\Windows\\Fonts (fonts installed for one
user), under paths with 中文 and spaces. Real Windows is not tested (docs/RELIABILITY.md)."""

from __future__ import annotations

import shutil
import sys

import pytest

from evidence_app.export import fonts


@pytest.fixture
def windows(monkeypatch, tmp_path):
    """sys.platform says win32; WINDIR and LOCALAPPDATA point at empty font folders."""
    system = tmp_path / "Windows"
    user = tmp_path / "Users" / "张 三" / "AppData" / "Local"
    for folder in (system / "Fonts", user / "Microsoft" / "Windows" / "Fonts"):
        folder.mkdir(parents=True)
    monkeypatch.setattr(sys, "platform", "win32")
    monkeypatch.setenv("WINDIR", str(system))
    monkeypatch.setenv("LOCALAPPDATA", str(user))
    monkeypatch.setattr(fonts, "_registered", {})  # earlier tests registered these names
    return system / "Fonts", user / "Microsoft" / "Windows" / "Fonts"


def _install(folder, filename):
    """A font file under a Windows font's name (the bundled font stands in for it)."""
    shutil.copyfile(fonts.bundled_font_path(), folder / filename)
    return folder / filename


def test_system_and_per_user_fonts_are_both_found(windows):
    system, user = windows
    _install(system, "simsun.ttc")
    _install(user, "simhei.ttf")          # 黑体 installed by the user, not by an admin
    found = fonts.FontSet(prefer_system=True)
    assert found.chains["title"][0] == "SimHei"
    assert found.sources["SimHei"] == str(user / "simhei.ttf")
    assert found.chains["table"][0] == "SimSun"
    assert found.sources["SimSun"] == str(system / "simsun.ttc")
    assert found.chains["body"][0] == "SimSun"  # no 仿宋 anywhere: 宋体 next
    assert fonts.BUNDLED_NAME in found.chains["body"]  # still the fallback


def test_the_system_folder_wins_over_the_user_s_copy(windows):
    system, user = windows
    _install(system, "simfang.ttf")
    _install(user, "simfang.ttf")
    found = fonts.FontSet(prefer_system=True)
    assert found.sources["FangSong"] == str(system / "simfang.ttf")


def test_no_windows_fonts_or_not_preferred_means_the_bundled_font(windows, monkeypatch):
    system, user = windows
    bundled_only = [name for name in fonts._BUNDLED_ROLES["body"]] + [
        name for name in fonts._BUNDLED_FILES if name not in fonts._BUNDLED_ROLES["body"]]
    assert fonts.FontSet(prefer_system=True).chains["body"] == bundled_only
    _install(user, "simhei.ttf")
    assert set(fonts.FontSet(prefer_system=False).chains["title"]) == set(fonts._BUNDLED_FILES)
    monkeypatch.delenv("LOCALAPPDATA")     # an old Windows without the per-user folder
    assert "SimHei" not in fonts.FontSet(prefer_system=True).chains["title"]
