"""Starting the desktop app: QApplication, the bundled CJK font, translations, settings.

``main()`` is the entry point of ``python main.py``, ``evidence-app gui`` and the
``evidence-app-gui`` script. ``--screenshot FILE.png`` renders the window offscreen, saves
the picture and exits (docs and look checks).
"""

from __future__ import annotations

import argparse
import os
import sys
import time
from importlib import resources
from pathlib import Path

ORGANISATION = "EvidenceArchive"
APPLICATION = "EvidenceArchiveCompiler"
DEFAULT_LANGUAGE = "zh_CN"
LANGUAGES = ("zh_CN", "en")
_translators: list = []
_windows: list = []   # windows kept alive by main() (a language switch makes a new one)


def asset_path(*parts: str) -> Path:
    return Path(str(resources.files("evidence_app").joinpath("assets", *parts)))


def app_settings():
    """The app's settings and recent archives, as an INI file where paths.py says: the
    platform's config folder, or beside the program in portable mode (never in the program's
    own, possibly read-only, folder otherwise)."""
    from PySide6.QtCore import QSettings

    from ..paths import settings_file

    return QSettings(str(settings_file(create_dir=True)), QSettings.IniFormat)


def register_font(app) -> list[str]:
    """Register the bundled WenQuanYi Micro Hei and put it behind the default UI family, so
    Chinese renders on a machine without Chinese fonts. Returns the registered families."""
    from PySide6.QtGui import QFont, QFontDatabase

    font_id = QFontDatabase.addApplicationFont(str(asset_path("fonts", "wqy-microhei.ttc")))
    families = QFontDatabase.applicationFontFamilies(font_id) if font_id >= 0 else []
    if families:
        font = QFont(app.font())
        chain = [font.family()] + [f for f in families if f != font.family()]
        font.setFamilies(chain)
        app.setFont(font)
        # widgets and rich text that ask for a family by name fall back to it as well
        for name in ("Sans Serif", "SimSun", "宋体", "Microsoft YaHei", "微软雅黑"):
            QFont.insertSubstitutions(name, families)
    return families


def install_translator(app, language: str) -> None:
    """Use ``language`` ("zh_CN" or "en") for every string written in English with tr()."""
    from PySide6.QtCore import QLibraryInfo, QTranslator

    for translator in _translators:
        app.removeTranslator(translator)
    _translators.clear()
    if language == "en":
        return
    ours = QTranslator(app)
    if ours.load(str(asset_path("i18n", f"evidence_{language}.qm"))):
        app.installTranslator(ours)
        _translators.append(ours)
    qt_own = QTranslator(app)  # Qt's standard buttons and dialogs
    if qt_own.load(f"qtbase_{language}", QLibraryInfo.path(QLibraryInfo.TranslationsPath)):
        app.installTranslator(qt_own)
        _translators.append(qt_own)


def setup_application(app, language: str | None = None) -> str:
    """Names, font and translations of a QApplication; returns the language used."""
    app.setOrganizationName(ORGANISATION)
    app.setApplicationName(APPLICATION)
    register_font(app)
    if language is None:
        language = str(app_settings().value("language", DEFAULT_LANGUAGE))
    if language not in LANGUAGES:
        language = DEFAULT_LANGUAGE
    install_translator(app, language)
    return language


def make_window(language: str, archive: str | Path | None = None, quiet: bool = False):
    """A main window, opened on ``archive`` (or the last one used).

    ``quiet``: errors are recorded (``last_message``) but no message box pops up — for
    screenshots, where nobody is there to close it.
    """
    from .mainwindow import MainWindow

    window = MainWindow(app_settings(), language=language)
    window.quiet = quiet
    window.language_requested.connect(lambda code: switch_language(window, code))
    path = archive or window.settings.value("last_archive", "")
    from ..archive import is_server_location

    if path and (is_server_location(str(path)) or Path(str(path)).is_dir()):
        window.open_archive(path)
    return window


def switch_language(window, language: str):
    """Change the UI language: a fresh window on the same archive replaces this one."""
    from PySide6.QtWidgets import QApplication

    app = QApplication.instance()
    path = window.archive_path
    geometry = window.saveGeometry()
    settings = app_settings()
    settings.setValue("language", language)
    settings.sync()
    window.close()
    if window.isVisible():     # the user chose to keep working
        return window
    install_translator(app, language)
    new = make_window(language, path)
    new.restoreGeometry(geometry)
    new.show()
    if window in _windows:
        _windows.remove(window)
    _windows.append(new)
    window.deleteLater()
    return new


def wait_until_idle(window, timeout: float = 60.0) -> None:
    """Let background jobs finish and their results arrive (screenshots, benches)."""
    from PySide6.QtWidgets import QApplication

    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        QApplication.processEvents()
        if not window.runner.busy():
            break
        time.sleep(0.01)
    for _ in range(5):
        QApplication.processEvents()


def save_screenshot(window, path: Path) -> None:
    wait_until_idle(window)
    path.parent.mkdir(parents=True, exist_ok=True)
    if not window.grab().save(str(path)):
        raise OSError(f"could not write {path}")


def parse_args(argv):
    parser = argparse.ArgumentParser(prog="evidence-app gui",
                                     description="Open the Evidence Archive Compiler window.")
    parser.add_argument("archive", nargs="?", help="archive folder (default: the last one)")
    parser.add_argument("--screenshot", metavar="FILE.png",
                        help="render the window offscreen, save it as PNG and exit")
    parser.add_argument("--lang", choices=LANGUAGES, help="UI language (default: as last set)")
    return parser.parse_args(argv)


def main(argv: list[str] | None = None) -> int:
    args = parse_args(sys.argv[1:] if argv is None else argv)
    return run(args.archive, args.screenshot, args.lang)


def run(archive: str | None, screenshot: str | None = None, language: str | None = None) -> int:
    if screenshot:
        os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")
    from PySide6.QtWidgets import QApplication

    app = QApplication.instance() or QApplication([sys.argv[0] if sys.argv else "evidence-app"])
    language = setup_application(app, language)
    from ..archive import is_server_location

    if archive and not is_server_location(archive) and not Path(archive).is_dir():
        print(f"evidence-app gui: error: {archive} is not a folder", file=sys.stderr)
        return 3
    window = make_window(language, archive, quiet=bool(screenshot))
    _windows.append(window)
    if screenshot:
        window.resize(1400, 860)
        window.show()
        failed = archive and window.archive is None
        try:
            save_screenshot(window, Path(screenshot))
        finally:
            window.close()
        if failed:
            print(f"evidence-app gui: error: {window.last_message}", file=sys.stderr)
            return 1
        return 0
    window.show()
    return app.exec()


if __name__ == "__main__":
    sys.exit(main())
