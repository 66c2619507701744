"""One hostile file must not hang or crash the batch: timeouts, crashes, order, cancel.

Workers misbehave through ``_target`` hooks defined here (module level, so a worker process
can import them); the file name says what the hook should do.
"""

from __future__ import annotations

import os
import sys
import threading
import time
from pathlib import Path

import pytest

from evidence_app.errors import Cancelled, FileRejectedError, Reason
from evidence_app.intake.extract import Extraction, extract
from evidence_app.intake.sandbox import CRASH_REASON, ExtractionPool, extract_safely
from evidence_app.progress import CancelToken


def misbehave(path: Path) -> Extraction:
    """Test target: hang, crash, exhaust memory or segfault when the name says so."""
    name = path.name
    if name.startswith("hang"):
        time.sleep(600)
    if name.startswith("crash"):
        os._exit(3)
    if name.startswith("hog"):
        hog = bytearray(2 * 1024 ** 3)  # beyond the worker's address-space limit
        return hog  # pragma: no cover
    if name.startswith("segv"):
        import ctypes

        ctypes.string_at(0)
    if name.startswith("slow"):
        time.sleep(float(name.split("-")[1]))
    if name.startswith("reject"):
        raise FileRejectedError("rejected on purpose", reason=Reason.DAMAGED)
    if name.startswith("boom"):
        raise ValueError("library bug")
    return Extraction(kind="text", page_count=1, pages=[name], has_text=True, title=name,
                      doc_number=None, date=None, classification=None, needs_conversion=False,
                      warnings=[f"pid {os.getpid()}"])


def convert_with_fake_office(path: Path) -> Extraction:
    """Test target: a LibreOffice conversion that hangs."""
    from evidence_app.intake.libreoffice import convert_with_libreoffice

    convert_with_libreoffice(path, path.parent, timeout=60)
    raise AssertionError("the fake LibreOffice should have hung")  # pragma: no cover


def names(results):
    return [p.name for p, _ in results]


def test_results_come_back_in_input_order_across_workers():
    paths = [Path(f"slow-{0.05 * ((i * 7) % 5):.2f}-{i}") for i in range(20)]
    with ExtractionPool(workers=3, target=misbehave) as pool:
        results = list(pool.map(paths))
    assert names(results) == [p.name for p in paths]
    assert all(isinstance(r, Extraction) and r.pages == [p.name] for p, r in results)
    # Long-lived workers: 20 files, at most 3 processes.
    assert len({r.warnings[0] for _, r in results}) <= 3


def test_a_hanging_file_times_out_and_the_rest_go_on():
    paths = [Path("ok-1"), Path("hang-forever"), Path("ok-2"), Path("ok-3"), Path("ok-4")]
    start = time.monotonic()
    with ExtractionPool(workers=2, timeout=1.0, target=misbehave) as pool:
        results = list(pool.map(paths))
        assert len(pool._pool) <= 2
    assert time.monotonic() - start < 10
    assert names(results) == [p.name for p in paths]
    hung = results[1][1]
    assert isinstance(hung, FileRejectedError) and hung.message == "took longer than 1 s to read"
    assert all(isinstance(r, Extraction) for i, (_, r) in enumerate(results) if i != 1)


def test_a_crash_replaces_the_worker_and_the_rest_go_on():
    paths = [Path("ok-1"), Path("crash-1"), Path("ok-2"), Path("crash-2"), Path("ok-3")]
    with ExtractionPool(workers=1, target=misbehave) as pool:
        results = list(pool.map(paths))
    assert names(results) == [p.name for p in paths]
    for _, result in (results[1], results[3]):
        assert isinstance(result, FileRejectedError) and result.reason == Reason.CRASHED
        assert result.message == CRASH_REASON
    pids = [r.warnings[0] for _, r in (results[0], results[2], results[4])]
    assert len(set(pids)) == 3  # one worker, replaced after each crash


@pytest.mark.skipif(sys.platform in ("win32", "darwin"), reason="RLIMIT_AS is enforced on Linux only")
def test_memory_limit_turns_a_memory_hog_into_a_rejection():
    with ExtractionPool(workers=1, memory_mb=512, target=misbehave) as pool:
        results = list(pool.map([Path("hog"), Path("ok")]))
    assert isinstance(results[0][1], FileRejectedError)
    assert results[0][1].reason == Reason.OUT_OF_MEMORY
    assert isinstance(results[1][1], Extraction)


@pytest.mark.skipif(sys.platform == "win32", reason="POSIX segfault")
def test_a_segfault_is_a_rejection():
    with ExtractionPool(workers=1, target=misbehave) as pool:
        results = list(pool.map([Path("segv"), Path("ok")]))
    assert results[0][1].message == CRASH_REASON and results[0][1].reason == Reason.CRASHED
    assert isinstance(results[1][1], Extraction)


def test_rejections_and_unexpected_errors_are_reported_per_file():
    with ExtractionPool(workers=2, target=misbehave) as pool:
        results = dict(pool.map([Path("reject"), Path("boom"), Path("ok")]))
    assert results[Path("reject")].message == "rejected on purpose"
    assert results[Path("reject")].reason == Reason.DAMAGED  # the key crosses the pipe
    assert results[Path("boom")].message == "could not read it: ValueError: library bug"
    assert results[Path("boom")].reason == Reason.UNREADABLE
    assert isinstance(results[Path("ok")], Extraction)


def test_cancel_stops_the_batch_and_the_busy_workers():
    token = CancelToken()
    paths = [Path("ok-0")] + [Path(f"slow-5-{i}") for i in range(10)]
    seen = []
    start = time.monotonic()
    with ExtractionPool(workers=2, target=misbehave) as pool:
        with pytest.raises(Cancelled):
            for path, _result in pool.map(paths, cancel=token):
                seen.append(path.name)
                threading.Timer(0.3, token.cancel).start()
        assert all(w.job is None for w in pool._pool)  # busy workers were stopped
        # The pool is usable again after a cancel.
        assert names(pool.map([Path("ok-again")])) == ["ok-again"]
    assert seen == ["ok-0"]
    assert time.monotonic() - start < 4


def test_stopping_iteration_early_leaves_no_stray_work():
    with ExtractionPool(workers=2, target=misbehave) as pool:
        for _ in pool.map([Path("ok"), Path("slow-5-a"), Path("slow-5-b")]):
            break
        assert all(w.job is None for w in pool._pool)
        assert names(pool.map([Path("x"), Path("y")])) == ["x", "y"]


def test_closed_pool_refuses_work():
    pool = ExtractionPool(workers=1, target=misbehave)
    pool.close()
    with pytest.raises(RuntimeError):
        list(pool.map([Path("x")]))


def test_many_files_flow_through_a_bounded_window():
    paths = [Path(f"f{i}") for i in range(500)]
    with ExtractionPool(workers=2, target=misbehave) as pool:
        results = pool.map(paths)
        assert names(results) == [p.name for p in paths]


def test_real_extraction_in_workers(tmp_path):
    files = []
    for i in range(6):
        path = tmp_path / f"doc{i}.txt"
        path.write_text(f"关于第{i}次网格化工作会议的通知\n2021年3月{i + 1}日\n", encoding="utf-8")
        files.append(path)
    bad = tmp_path / "empty.pdf"
    bad.write_bytes(b"")
    files.insert(3, bad)
    with ExtractionPool(workers=2) as pool:
        results = list(pool.map(files))
    assert [p for p, _ in results] == files
    assert results[3][1].message == "empty file (0 bytes)"
    for path, result in results[:3] + results[4:]:
        assert result == extract(path)


def test_extract_safely(tmp_path):
    path = tmp_path / "会议纪要.txt"
    path.write_text("网格化服务管理工作会议纪要\n", encoding="utf-8")
    assert extract_safely(path).title == "网格化服务管理工作会议纪要"
    missing = tmp_path / "missing.pdf"
    with pytest.raises(FileRejectedError, match="does not exist"):
        extract_safely(missing)


@pytest.mark.skipif(sys.platform == "win32", reason="uses a POSIX shell script as a fake LibreOffice")
def test_killing_a_worker_also_stops_its_libreoffice(tmp_path, monkeypatch):
    marker = tmp_path / "libreoffice-still-running"
    fake = tmp_path / "soffice"
    fake.write_text(f"#!/bin/sh\n(sleep 1.5; touch {marker}) &\nsleep 60\n")
    fake.chmod(0o755)
    src = tmp_path / "a.doc"
    src.write_bytes(b"x")
    # Set after the fork server may have started: workers must still see it.
    monkeypatch.setenv("EVIDENCE_SOFFICE", str(fake))
    with ExtractionPool(workers=1, timeout=1.0, target=convert_with_fake_office) as pool:
        [(_, result)] = list(pool.map([src]))
    assert result.message == "took longer than 1 s to read"
    time.sleep(2)
    assert not marker.exists()


def test_workers_see_the_current_environment_and_directory(tmp_path, monkeypatch):
    with ExtractionPool(workers=1, target=misbehave) as pool:  # make sure the fork server runs
        list(pool.map([Path("warm-up")]))
    monkeypatch.setenv("EVIDENCE_SOFFICE", "")
    monkeypatch.chdir(tmp_path)
    (tmp_path / "relative.txt").write_text("相对路径的文件", encoding="utf-8")
    with ExtractionPool(workers=1) as pool:
        [(path, result)] = list(pool.map([Path("relative.txt")]))
    assert path == Path("relative.txt")
    assert result.pages == ["相对路径的文件"]
    doc = tmp_path / "old.doc"
    doc.write_bytes(b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1" + b"\0" * 504 + "WordDocument".encode("utf-16-le"))
    assert extract_safely(doc).needs_conversion  # EVIDENCE_SOFFICE="" reached the worker
