"""The window on a real X display (Xvfb) through Qt's xcb platform plugin, which loads
libraries the offscreen plugin of the other tests never needs (scripts/setup installs them)."""

from __future__ import annotations

import os
import shutil
import subprocess
import sys
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[2]


@pytest.mark.skipif(shutil.which("Xvfb") is None or os.name == "nt",
                    reason="needs Xvfb (scripts/setup installs it)")
def test_the_window_starts_on_a_real_x_display(tmp_path):
    read_end, write_end = os.pipe()
    xvfb = subprocess.Popen(["Xvfb", "-displayfd", str(write_end), "-nolisten", "tcp",
                             "-screen", "0", "1400x900x24"], pass_fds=(write_end,),
                            stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
    os.close(write_end)
    try:
        with os.fdopen(read_end) as told:
            display = told.readline().strip()
        assert display, "Xvfb did not start"
        shot = tmp_path / "窗口 截图.png"
        run = subprocess.run(
            [sys.executable, "-m", "evidence_app", "gui", "--screenshot", str(shot)],
            env=dict(os.environ, QT_QPA_PLATFORM="xcb", DISPLAY=f":{display}",
                     EVIDENCE_CONFIG_DIR=str(tmp_path / "settings"), PYTHONPATH=str(ROOT)),
            capture_output=True, text=True, timeout=300)
        assert run.returncode == 0, run.stderr  # a missing xcb library aborts here
        assert "could not load the qt platform plugin" not in run.stderr.lower()
        assert shot.stat().st_size > 0
    finally:
        xvfb.terminate()
        xvfb.wait(timeout=30)
