"""Child processes end with their parent (evidence_app/children.py), also where the kernel's
parent-death signal does not exist; worker pools honour EVIDENCE_MP_START."""

from __future__ import annotations

import ctypes
import multiprocessing as mp
import os
import signal
import subprocess
import sys
import time
from pathlib import Path

import pytest

from evidence_app import children

posix_only = pytest.mark.skipif(os.name == "nt", reason="SIGKILL and /bin/sh are POSIX")

_PARENT = """
import multiprocessing as mp, sys, time
from evidence_app import children
from tests.test_children import orphan_target

if __name__ == "__main__":
    ctx = mp.get_context(sys.argv[1])
    child = ctx.Process(target=orphan_target, args=(sys.argv[2] == "watcher-only",))
    child.start()
    print(child.pid, flush=True)
    time.sleep(600)
"""


def orphan_target(watcher_only: bool) -> None:
    """A worker that would wait for ever; ``watcher_only`` leaves out the Linux parent-death
    signal, so only the portable watcher thread (macOS, Windows) can end it."""
    if watcher_only:
        children._set_parent_death_signal = lambda: None
    children.exit_on_sigterm()
    children.die_with_parent()
    time.sleep(600)


def _gone(pid: int) -> bool:
    try:
        state = Path(f"/proc/{pid}/stat").read_text().rsplit(")", 1)[1].split()[0]
    except OSError:
        return True
    return state == "Z"


@posix_only
@pytest.mark.skipif(not Path("/proc").is_dir(), reason="reads /proc")
@pytest.mark.parametrize("method", ["spawn", "forkserver"])
@pytest.mark.parametrize("how", ["watcher-only", "parent-death-signal"])
def test_a_worker_ends_when_its_parent_is_killed(method, how):
    parent = subprocess.Popen([sys.executable, "-c", _PARENT, method, how],
                              stdout=subprocess.PIPE, text=True,
                              env=dict(os.environ, PYTHONPATH=str(Path(__file__).parents[1])))
    worker = int(parent.stdout.readline())
    try:
        assert not _gone(worker)
        os.kill(parent.pid, signal.SIGKILL)
        parent.wait()
        deadline = time.monotonic() + 30  # children.GRACE is 5 s
        while not _gone(worker) and time.monotonic() < deadline:
            time.sleep(0.05)
        assert _gone(worker)
    finally:
        if not _gone(worker):
            os.kill(worker, signal.SIGKILL)


@posix_only
def test_a_guarded_process_tree_is_killed_when_its_starter_dies(tmp_path):
    """The guardian kills soffice's whole tree (here: sh and its own child) when the
    process that started it ends without any clean-up."""
    pids = tmp_path / "pids"
    starter = ("import sys, time\n"
               "from evidence_app.children import start_guarded\n"
               "with start_guarded(['/bin/sh', '-c', 'sleep 600 & echo $$ $! > " + str(pids) +
               "; wait']) as proc:\n"
               "    print(proc.pid, flush=True); time.sleep(600)\n")
    proc = subprocess.Popen([sys.executable, "-c", starter], stdout=subprocess.PIPE, text=True,
                            env=dict(os.environ, PYTHONPATH=str(Path(__file__).parents[1])))
    guardian = int(proc.stdout.readline())
    deadline = time.monotonic() + 30
    while not (pids.exists() and pids.read_text().endswith("\n")) and time.monotonic() < deadline:
        time.sleep(0.02)
    tree = [guardian, *map(int, pids.read_text().split())]
    assert not any(_gone(pid) for pid in tree)
    os.kill(proc.pid, signal.SIGKILL)
    proc.wait()
    deadline = time.monotonic() + 30
    while not all(_gone(pid) for pid in tree) and time.monotonic() < deadline:
        time.sleep(0.02)
    left = [pid for pid in tree if not _gone(pid)]
    for pid in left:
        os.kill(pid, signal.SIGKILL)
    assert left == []


@posix_only
def test_a_guarded_process_keeps_its_exit_status_and_output():
    with children.start_guarded(["/bin/sh", "-c", "echo 转换完成; exit 3"],
                                stdout=subprocess.PIPE) as proc:
        out, _ = proc.communicate(timeout=30)
    assert proc.returncode == 3
    assert out.decode("utf-8").strip() == "转换完成"


def test_the_start_method_can_be_forced(monkeypatch):
    monkeypatch.setenv(children.START_METHOD_VAR, "spawn")
    assert children.mp_context("forkserver").get_start_method() == "spawn"
    monkeypatch.setenv(children.START_METHOD_VAR, "no-such-method")
    with pytest.raises(ValueError, match="no-such-method"):
        children.mp_context("spawn")
    monkeypatch.delenv(children.START_METHOD_VAR)
    expected = "forkserver" if "forkserver" in mp.get_all_start_methods() else "spawn"
    assert children.mp_context("forkserver").get_start_method() == expected


def test_the_windows_job_limits_have_the_size_windows_expects():
    """The structure handed to SetInformationJobObject (only called on Windows, untested
    there) must match winnt.h's JOBOBJECT_EXTENDED_LIMIT_INFORMATION: 144 bytes on 64-bit
    Windows, 112 on 32-bit."""
    limits = children._job_limit_structure()
    assert ctypes.sizeof(limits) == (144 if ctypes.sizeof(ctypes.c_void_p) == 8 else 112)
    assert limits.BasicLimitInformation.offset == 0


@posix_only
def test_a_guarded_conversion_keeps_names_with_chinese_spaces_and_long_paths(tmp_path,
                                                                               monkeypatch):
    """LibreOffice's arguments pass through the guardian intact: a profile URI, folders with
    中文 and spaces, a path of more than 260 characters (Windows' old MAX_PATH)."""
    import tempfile

    from evidence_app.intake import convert_with_libreoffice

    record = tmp_path / "arguments"
    fake = tmp_path / "soffice"
    fake.write_text("#!/bin/sh\n"
                    f"printf '%s\\n' \"$@\" > '{record}'\n"
                    "while [ $# -gt 0 ]; do\n"
                    "  if [ \"$1\" = --outdir ]; then out=\"$2\"; shift; fi\n"
                    "  last=\"$1\"; shift\n"
                    "done\n"
                    "name=$(basename \"$last\")\n"
                    "cp \"$last\" \"$out/${name%.*}.pdf\"\n")
    fake.chmod(0o755)
    monkeypatch.setenv("EVIDENCE_SOFFICE", str(fake))
    temp = tmp_path / "临时 文件"
    temp.mkdir()
    monkeypatch.setattr(tempfile, "tempdir", str(temp))
    deep = tmp_path.joinpath(*["市域社会治理 现代化试点 佐证材料"] * 12)
    deep.mkdir(parents=True)
    source = deep / "关于 网格化管理的 通知 (2024).doc"
    source.write_bytes("旧格式公文".encode("utf-8"))
    assert len(str(source)) > 260

    result = convert_with_libreoffice(source, deep / "转换 结果")

    assert result == deep / "转换 结果" / "关于 网格化管理的 通知 (2024).pdf"
    assert result.read_bytes() == "旧格式公文".encode("utf-8")
    arguments = record.read_text(encoding="utf-8").splitlines()
    outdir = arguments[arguments.index("--outdir") + 1]
    assert outdir.startswith(str(temp)) and outdir.endswith("out")  # one argument, spaces kept
    [profile] = [a for a in arguments if a.startswith("-env:UserInstallation=")]
    assert "%E4%B8%B4%E6%97%B6%20%E6%96%87%E4%BB%B6" in profile  # 临时 文件, as a URI
    assert list(temp.iterdir()) == []  # the work folder is gone
