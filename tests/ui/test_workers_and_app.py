"""The background helper, the app's start-up pieces and `evidence-app gui --screenshot`."""

from __future__ import annotations

import threading

import pytest
from PySide6.QtGui import QFontDatabase, QImage

from evidence_app.errors import Cancelled, UsageError
from evidence_app.ui.workers import Runner


@pytest.fixture
def runner(qtbot):
    r = Runner()
    yield r
    r.shutdown()
    r.deleteLater()


def test_results_errors_and_progress_arrive_on_the_gui_thread(runner, qtbot):
    gui = threading.get_ident()
    seen = []

    def work(progress, cancel):
        progress(1, 2, "half")
        return threading.get_ident()

    runner.run(work, on_done=lambda worker: seen.append(("done", worker != gui,
                                                          threading.get_ident() == gui)),
               on_progress=lambda d, t, m: seen.append(("progress", d, t, m)))
    qtbot.waitUntil(lambda: any(s[0] == "done" for s in seen))
    assert ("done", True, True) in seen and ("progress", 1, 2, "half") in seen

    def fail(progress, cancel):
        raise UsageError("a bad date")

    errors = []
    runner.run(fail, write=True, on_error=errors.append)
    qtbot.waitUntil(lambda: bool(errors))
    assert errors[0].message == "a bad date"
    qtbot.waitUntil(lambda: not runner.busy())


def test_slow_background_work_never_holds_up_quick_reads(runner, qtbot):
    release = threading.Event()
    for _ in range(2):  # two conversions queued: as many as the read threads
        runner.run(lambda progress, cancel: release.wait(10), background=True)
    answers = []
    for n in range(3):
        runner.run(lambda progress, cancel, n=n: n, on_done=answers.append)
    qtbot.waitUntil(lambda: len(answers) == 3, timeout=3000)
    assert runner.busy() and not runner.busy(including_background=False)
    release.set()
    qtbot.waitUntil(lambda: not runner.busy())


def test_cancelled_is_a_normal_end_not_an_error(runner, qtbot):
    started = threading.Event()

    def long_work(progress, cancel):
        started.set()
        while True:
            cancel.raise_if_cancelled()
            threading.Event().wait(0.01)

    ends, errors = [], []
    job = runner.run(long_work, write=True, on_cancelled=lambda: ends.append("cancelled"),
                     on_error=errors.append)
    assert started.wait(5)
    job.cancel()
    qtbot.waitUntil(lambda: bool(ends))
    assert ends == ["cancelled"] and errors == []
    assert isinstance(Cancelled(), Exception)


def test_the_bundled_font_is_registered_and_chinese_is_translated(qapp):
    from PySide6.QtCore import QCoreApplication

    assert "WenQuanYi Micro Hei" in QFontDatabase.families()
    assert "WenQuanYi Micro Hei" in qapp.font().families()
    assert QCoreApplication.translate("MainWindow", "&File") == "文件(&F)"


def test_gui_command_saves_a_screenshot(archive_dir, sample_ids, tmp_path):
    from evidence_app.cli import main

    target = tmp_path / "shot.png"
    assert main(["gui", str(archive_dir), "--screenshot", str(target)]) == 0
    image = QImage(str(target))
    assert image.width() >= 1000 and image.height() >= 600
    # the archive is remembered for the next start, in this test's own settings folder
    from evidence_app.ui.app import app_settings

    assert app_settings().value("last_archive") == str(archive_dir)
    assert str(tmp_path / "settings") in app_settings().fileName()


def test_gui_command_reports_a_folder_that_is_not_an_archive(tmp_path, capsys):
    from evidence_app.cli import main

    assert main(["gui", str(tmp_path), "--screenshot", str(tmp_path / "x.png")]) == 1
    assert "不是佐证档案库" in capsys.readouterr().err     # the window's language


def test_settings_live_in_the_config_folder_paths_chooses(tmp_path):
    """Recent archives etc. go where paths.py says (portable mode included), never beside
    the program unless it is portable."""
    from evidence_app.paths import settings_file
    from evidence_app.ui.app import app_settings

    settings = app_settings()
    settings.setValue("probe", "值")
    settings.sync()
    assert settings.fileName() == str(settings_file())
    assert str(tmp_path / "settings") in settings.fileName()
    from PySide6.QtCore import QSettings

    assert QSettings(str(settings_file()), QSettings.IniFormat).value("probe") == "值"
