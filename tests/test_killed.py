"""A process killed (SIGKILL) in the middle of its work leaves a consistent archive and no
process behind.

The archive must open, pass `check`, hold no half-stored original, and the same command run
again must finish the work. Every process the killed program started (workers, the
multiprocessing resource tracker and fork server, LibreOffice and what it forks) must end
by itself: nothing is left to kill them.
"""

from __future__ import annotations

import json
import os
import signal
import sqlite3
import subprocess
import sys
import time
from pathlib import Path

import pytest

from evidence_app.archive.archive import Archive
from evidence_app.cli import main

pytestmark = pytest.mark.skipif(os.name == "nt", reason="SIGKILL is POSIX")


def _documents_in(archive_dir) -> int:
    conn = sqlite3.connect(f"file:{archive_dir / 'archive.sqlite'}?mode=ro", uri=True)
    try:
        return conn.execute("SELECT COUNT(*) FROM documents").fetchone()[0]
    except sqlite3.OperationalError:
        return 0
    finally:
        conn.close()


def test_import_killed_mid_way_then_repeated(archive_dir, tmp_path, capsys):
    folder = tmp_path / "incoming"
    folder.mkdir()
    count = 800
    for n in range(count):
        (folder / f"台账{n:04d}.txt").write_text(f"第{n}号 网格员入户走访记录 " * 40,
                                                 encoding="utf-8")
    child = subprocess.Popen([sys.executable, "-m", "evidence_app", "add", str(archive_dir),
                              str(folder), "--req", "3.2.1"],
                             stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
    deadline = time.monotonic() + 60
    while _documents_in(archive_dir) == 0 and time.monotonic() < deadline:
        time.sleep(0.05)
    os.kill(child.pid, signal.SIGKILL)
    child.wait(timeout=30)
    done_before = _documents_in(archive_dir)
    assert 0 < done_before < count, "the kill must land mid-way for this test to mean anything"

    with Archive.open(archive_dir) as archive:  # the dead process's lock is cleared
        result = archive.check()
        assert result.ok, result.problems
        assert not any((archive_dir / "objects" / "tmp").glob("*"))

    assert main(["add", str(archive_dir), str(folder), "--req", "3.2.1", "--json"]) == 0
    report = json.loads(capsys.readouterr().out)
    assert len(report["added"]) + len(report["duplicates"]) == count
    assert len(report["duplicates"]) == done_before
    with Archive.open(archive_dir, read_only=True) as archive:
        assert archive.stats()["documents"] == count
        assert archive.check().ok


def test_reindex_killed_mid_way_keeps_search_working(archive_dir, tmp_path, capsys):
    from evidence_app.archive.records import NewDocument
    from evidence_app.archive.store import sha256_of

    sources, records = [], []
    for n in range(2000):
        text = f"第{n}号 矛盾纠纷排查化解台账 网格员{n % 97}走访记录 " * 30
        source = tmp_path / f"{n}.txt"
        source.write_text(text, encoding="utf-8")
        sha, size = sha256_of(source)
        sources.append(source)
        records.append(NewDocument(sha256=sha, size=size, original_name=source.name, ext=".txt",
                                   kind="text", title=f"台账{n}", title_supplied=True,
                                   doc_number=None, date=None, pages=1, page_texts=[text],
                                   has_text=True))
    with Archive.open(archive_dir) as archive:
        archive.add_documents(records, sources)
    assert main(["search", str(archive_dir), "网格员42走访", "--json"]) == 0
    before = json.loads(capsys.readouterr().out)["total"]
    assert before > 0
    current = (archive_dir / "index" / "CURRENT").read_text().strip()
    child = subprocess.Popen([sys.executable, "-m", "evidence_app", "reindex", str(archive_dir)],
                             stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
    deadline = time.monotonic() + 60
    while time.monotonic() < deadline and not [
            p for p in (archive_dir / "index").iterdir() if p.is_dir() and p.name != current]:
        time.sleep(0.02)
    time.sleep(0.3)
    os.kill(child.pid, signal.SIGKILL)
    child.wait(timeout=30)
    assert (archive_dir / "index" / "CURRENT").read_text().strip() == current
    assert main(["check", str(archive_dir), "--json"]) == 0
    assert json.loads(capsys.readouterr().out)["ok"] is True
    assert main(["search", str(archive_dir), "网格员42走访", "--json"]) == 0
    assert json.loads(capsys.readouterr().out)["total"] == before
    assert main(["reindex", str(archive_dir)]) == 0
    capsys.readouterr()
    assert main(["search", str(archive_dir), "网格员42走访", "--json"]) == 0
    assert json.loads(capsys.readouterr().out)["total"] == before


# ---------------------------------------------------------------- no process outlives its program
def _processes() -> dict[int, tuple[int, str, str]]:
    """pid -> (parent pid, start time, state) of every process, from /proc."""
    found = {}
    for entry in os.listdir("/proc"):
        if not entry.isdigit():
            continue
        try:
            stat = Path(f"/proc/{entry}/stat").read_text()
        except OSError:
            continue
        fields = stat.rsplit(")", 1)[1].split()
        found[int(entry)] = (int(fields[1]), fields[19], fields[0])
    return found


def _tree(root: int) -> set[tuple[int, str]]:
    """(pid, start time) of ``root``'s descendants now; the start time tells a reused pid."""
    table = _processes()
    tree, todo = set(), [root]
    while todo:
        parent = todo.pop()
        for pid, (ppid, start, _state) in table.items():
            if ppid == parent and (pid, start) not in tree:
                tree.add((pid, start))
                todo.append(pid)
    return tree


def _alive(tree: set[tuple[int, str]]) -> set[tuple[int, str]]:
    table = _processes()
    return {(pid, start) for pid, start in tree
            if pid in table and table[pid][1] == start and table[pid][2] != "Z"}


def _fake_libreoffice(tmp_path) -> tuple[Path, Path]:
    """A stand-in for ``soffice``: like oosplash it starts a long-lived child of its own
    (soffice.bin) and waits for it; each run leaves a mark when it has started."""
    marks = tmp_path / "libreoffice-started"
    marks.mkdir()
    fake = tmp_path / "soffice"
    fake.write_text(f"#!/bin/sh\nsleep 600 &\ntouch {marks}/$$\nwait\n")
    fake.chmod(0o755)
    return fake, marks


def _kill_when(proc: subprocess.Popen, ready) -> set[tuple[int, str]]:
    """Watch ``proc``'s process tree until ``ready()``, then SIGKILL ``proc`` alone; returns
    every descendant seen."""
    seen: set[tuple[int, str]] = set()
    deadline = time.monotonic() + 120
    while not ready():
        assert proc.poll() is None, "the program ended before the moment to kill it"
        assert time.monotonic() < deadline, "the program never reached the moment to kill it"
        seen |= _tree(proc.pid)
        time.sleep(0.05)
    seen |= _tree(proc.pid)
    os.kill(proc.pid, signal.SIGKILL)
    proc.wait(timeout=30)
    return seen


def _assert_all_end(seen: set[tuple[int, str]]) -> None:
    # Well above children.GRACE, well below the 52 s after which a hung LibreOffice run
    # would be stopped anyway by the reader's own timeout.
    deadline = time.monotonic() + 30
    while _alive(seen) and time.monotonic() < deadline:
        time.sleep(0.1)
    left = _alive(seen)
    names = {pid: Path(f"/proc/{pid}/cmdline").read_bytes().replace(b"\0", b" ")[:120]
             for pid, _start in left}
    for pid, _start in left:  # do not leak them into the rest of the suite
        os.kill(pid, signal.SIGKILL)
    assert not left, f"processes outlived the killed program: {names}"


def _environment(tmp_path, soffice) -> dict:
    return dict(os.environ, EVIDENCE_SOFFICE=str(soffice), TMPDIR=str(tmp_path),
                PYTHONPATH=str(Path(__file__).parents[1]))


# What the window runs in the background after an import (ui/conversions.py), in a program
# of its own here so it can be killed like a crashed window.
_CONVERT_AHEAD = """
import sys
from evidence_app.archive.archive import Archive
from evidence_app.export import convert_pending

if __name__ == "__main__":
    with Archive.open(sys.argv[1], read_only=True) as archive:
        convert_pending(archive, jobs=1, background=True)
"""


@pytest.mark.skipif(not sys.platform.startswith("linux"), reason="reads /proc")
@pytest.mark.parametrize("jobs", [1, 2, "window"])
def test_a_killed_compile_leaves_no_process_and_no_partial_file(archive_dir, tmp_path, jobs,
                                                                 capsys):
    from tests.export.helpers import add_file, make_docx

    fake, marks = _fake_libreoffice(tmp_path)
    codes = ["1.1.1", "1.1.2", "3.2.1", "3.2.2"]
    with Archive.open(archive_dir) as archive:
        for n, code in enumerate(codes):
            add_file(archive, make_docx(tmp_path / f"通知{n}.docx", heading=f"第{n}号通知"),
                     "docx", f"第{n}号通知", 1, [code])
    assert main(["reindex", str(archive_dir)]) == 0
    capsys.readouterr()
    out = tmp_path / "out"
    if jobs == "window":
        command, jobs = ["-c", _CONVERT_AHEAD, str(archive_dir)], 1
    else:
        command = ["-m", "evidence_app", "compile", str(archive_dir), "--out", str(out),
                   "--jobs", str(jobs)]
    proc = subprocess.Popen([sys.executable, *command], env=_environment(tmp_path, fake),
                            stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
    # every worker is converting: the moment of the reported 77-minute orphans
    seen = _kill_when(proc, lambda: len(list(marks.iterdir())) >= jobs)
    assert len(seen) >= 3 * jobs  # the guardian, soffice and its child for each run
    _assert_all_end(seen)

    assert main(["check", str(archive_dir), "--json"]) == 0
    assert json.loads(capsys.readouterr().out)["ok"] is True
    cache = archive_dir / "cache" / "pdf"
    finals = [p for p in cache.rglob("*") if not any(
        part.startswith(".") for part in p.relative_to(cache).parts)] if cache.exists() else []
    assert finals == []  # nothing was converted, so nothing may stand under a final name
    assert not out.exists() or not [p for p in out.iterdir() if not p.name.startswith(".")]


@pytest.mark.skipif(not sys.platform.startswith("linux"), reason="reads /proc")
def test_a_killed_import_leaves_no_process(archive_dir, tmp_path, capsys):
    fake, marks = _fake_libreoffice(tmp_path)
    folder = tmp_path / "incoming"
    folder.mkdir()
    (folder / "旧格式公文.doc").write_bytes(
        b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1" + b"\0" * 504 + "WordDocument".encode("utf-16-le"))
    for n in range(3):
        (folder / f"台账{n}.txt").write_text(f"第{n}号 网格员入户走访记录", encoding="utf-8")
    proc = subprocess.Popen([sys.executable, "-m", "evidence_app", "add", str(archive_dir),
                             str(folder), "--req", "3.2.1"],
                            env=_environment(tmp_path, fake), stdout=subprocess.DEVNULL,
                            stderr=subprocess.DEVNULL)
    seen = _kill_when(proc, lambda: any(marks.iterdir()))  # LibreOffice reads the .doc
    assert len(seen) >= 4  # a worker, its LibreOffice (guardian, soffice, child), …
    _assert_all_end(seen)

    with Archive.open(archive_dir) as archive:
        result = archive.check()
        assert result.ok, result.problems
        assert not any((archive_dir / "objects" / "tmp").glob("*"))


@pytest.mark.skipif(not sys.platform.startswith("linux"), reason="reads /proc")
def test_conversions_killed_mid_way_resume_where_they_stopped(archive_dir, tmp_path, capsys,
                                                               monkeypatch, request):
    from evidence_app.export import pending_conversions
    from evidence_app.intake import libreoffice_rendering_key
    from tests.export.helpers import add_file, make_docx
    from tests.export.test_convert import fake_libreoffice

    fake, _marks = fake_libreoffice(tmp_path / "fake")
    monkeypatch.setenv("EVIDENCE_SOFFICE", str(fake))   # this process names the cache alike
    libreoffice_rendering_key.cache_clear()
    request.addfinalizer(libreoffice_rendering_key.cache_clear)
    count = 60   # three runs of 20 on two workers: the third starts after the kill
    with Archive.open(archive_dir) as archive:
        for n in range(count):
            add_file(archive, make_docx(tmp_path / f"通知{n}.docx", heading=f"第{n}号通知"),
                     "docx", f"第{n}号通知", 1, ["3.2.1"])
    assert main(["reindex", str(archive_dir)]) == 0
    capsys.readouterr()
    cache = archive_dir / "cache" / "pdf"
    env = dict(_environment(tmp_path, fake), FAKE_SOFFICE_DELAY="3")
    proc = subprocess.Popen([sys.executable, "-m", "evidence_app", "convert", str(archive_dir),
                             "--jobs", "2"], env=env, stdout=subprocess.DEVNULL,
                            stderr=subprocess.DEVNULL)
    seen = _kill_when(proc, lambda: cache.is_dir() and any(cache.glob("*.pdf.json")))
    _assert_all_end(seen)

    assert main(["check", str(archive_dir), "--json"]) == 0
    assert json.loads(capsys.readouterr().out)["ok"] is True
    finished = {p.name: p.stat().st_mtime_ns for p in cache.glob("*.pdf")
                if (cache / (p.name + ".json")).is_file()}
    with Archive.open(archive_dir, read_only=True) as archive:
        waiting = len(pending_conversions(archive))
    assert 0 < len(finished) < count and waiting == count - len(finished)

    proc = subprocess.run([sys.executable, "-m", "evidence_app", "convert", str(archive_dir),
                           "--json"], env=env, capture_output=True, check=True)
    assert json.loads(proc.stdout)["converted"] == waiting     # the rest, and only the rest
    with Archive.open(archive_dir, read_only=True) as archive:
        assert pending_conversions(archive) == []
    assert {name: (cache / name).stat().st_mtime_ns for name in finished} == finished
    assert not list(cache.glob(".*"))    # no working folder or half-written file is left
