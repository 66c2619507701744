"""A process killed (SIGKILL) in the middle of an import leaves a consistent archive.

The archive must open, pass `check`, hold no half-stored original, and the same command run
again must finish the work.
"""

from __future__ import annotations

import json
import os
import signal
import sqlite3
import subprocess
import sys
import time

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
