"""Conversions at import time (export/convert.py): the queue is what the cache lacks, `add`
converts what it added, a compile after that converts nothing, and a compile with nothing
changed rewrites nothing.

A stand-in for LibreOffice (a script that writes a blank page per file and leaves a mark per
run) makes these independent of whether LibreOffice and which fonts are installed."""

from __future__ import annotations

import json
import sys
from pathlib import Path

import pytest

from evidence_app.archive.archive import Archive
from evidence_app.cli import main
from evidence_app.export import (BatchOptions, compile_batch, convert_pending,
                                 pending_conversions, retry_failed_conversions)
from evidence_app.progress import CancelToken

from .helpers import add_file, add_pdf, make_docx

FAKE_SOFFICE = """#!{python}
# LibreOffice's command line as the program uses it: --outdir DIR, then the files.
import os, sys, time
from pathlib import Path
from reportlab.pdfgen.canvas import Canvas

marks = Path({marks!r})
(marks / f"run-{{os.getpid()}}").write_text(str(len(sys.argv)))
args = sys.argv[1:]
outdir = Path(args[args.index("--outdir") + 1])
files = [a for a in args[args.index("--outdir") + 2:]]
time.sleep(float(os.environ.get("FAKE_SOFFICE_DELAY", "0")))
for name in files:
    if "broken" in Path(name).read_bytes().decode("latin-1"):
        continue
    canvas = Canvas(str(outdir / (Path(name).stem + ".pdf")), invariant=1)
    canvas.rect(100, 100, 200, 200)
    canvas.showPage()
    canvas.save()
"""


def fake_libreoffice(folder: Path) -> tuple[Path, Path]:
    """(the stand-in's path, the folder where each run leaves a mark)."""
    marks = folder / "libreoffice-runs"
    marks.mkdir(parents=True)
    fake = folder / "soffice"
    fake.write_text(FAKE_SOFFICE.format(python=sys.executable, marks=str(marks)))
    fake.chmod(0o755)
    return fake, marks


@pytest.fixture
def with_fake_libreoffice(tmp_path, monkeypatch):
    fake, marks = fake_libreoffice(tmp_path / "fake")
    monkeypatch.setenv("EVIDENCE_SOFFICE", str(fake))
    return marks


def _word_files(archive, folder: Path, count: int) -> list[int]:
    folder.mkdir(exist_ok=True)
    return [add_file(archive, make_docx(folder / f"通知{n}.docx", heading=f"第{n}号通知"),
                     "docx", f"第{n}号通知", 1, ["3.2.1"]) for n in range(count)]


def test_converted_ahead_the_compile_runs_no_libreoffice(archive, tmp_path,
                                                         with_fake_libreoffice):
    marks = with_fake_libreoffice
    ids = _word_files(archive, tmp_path / "in", 3)
    (tmp_path / "说明.txt").write_text("网格化工作说明", encoding="utf-8")
    ids.append(add_file(archive, tmp_path / "说明.txt", "text", "网格化工作说明", 1, ["3.2.1"]))
    pdf = add_pdf(archive, tmp_path / "in", "批复.pdf", 2, ["3.2.1"], title="批复")
    assert {d.id for d in pending_conversions(archive)} == set(ids)    # not the PDF
    assert pdf not in ids

    seen = []
    report = convert_pending(archive, progress=lambda d, t, m: seen.append((d, t)), jobs=2)
    assert (report.converted, report.failed, report.cancelled) == (4, [], False)
    assert seen[0] == (0, 4) and seen[-1] == (4, 4)
    assert pending_conversions(archive) == []
    runs = len(list(marks.iterdir()))
    assert runs >= 1

    result = compile_batch(archive, tmp_path / "out", BatchOptions(jobs=2))
    assert result.errors == [] and result.built == 1
    assert len(list(marks.iterdir())) == runs           # the compile ran no LibreOffice
    methods = {d["id"]: d for v in result.volumes for d in v["documents"]}
    assert set(methods) == {*ids, pdf}
    assert convert_pending(archive).converted == 0      # nothing waits any more


def test_a_file_libreoffice_cannot_convert_is_not_retried_until_asked(archive, tmp_path,
                                                                      with_fake_libreoffice):
    marks = with_fake_libreoffice
    bad = tmp_path / "旧格式.doc"
    bad.write_bytes(b"broken Word 97 file")
    doc_id = add_file(archive, bad, "doc", "旧格式公文", 1, ["3.2.1"])
    report = convert_pending(archive, jobs=1)
    assert report.converted == 0 and [f["id"] for f in report.failed] == [doc_id]
    assert report.failed[0]["reason_key"] == "libreoffice_failed"
    assert pending_conversions(archive) == []           # settled: it failed for good
    runs = len(list(marks.iterdir()))
    result = compile_batch(archive, tmp_path / "out", BatchOptions(jobs=1))
    assert [e["id"] for e in result.errors] == [doc_id]  # bound as a placeholder…
    assert len(list(marks.iterdir())) == runs            # …without asking LibreOffice again
    assert retry_failed_conversions(archive) == 1
    assert [d.id for d in pending_conversions(archive)] == [doc_id]


def test_a_cancelled_run_keeps_what_it_converted(archive, tmp_path):
    ids = []
    for n in range(5):
        (tmp_path / f"台账{n}.txt").write_text(f"第{n}号台账", encoding="utf-8")
        ids.append(add_file(archive, tmp_path / f"台账{n}.txt", "text", f"台账{n}", 1,
                            ["3.2.1"]))
    token = CancelToken()

    def stop_after_first(done, total, message):
        if done >= 1:
            token.cancel()

    report = convert_pending(archive, progress=stop_after_first, cancel=token, jobs=1)
    assert report.cancelled and report.converted >= 1
    assert report.remaining == len(pending_conversions(archive)) == 5 - report.converted
    assert convert_pending(archive, jobs=1).converted == report.remaining


def test_add_converts_the_files_it_added_unless_told_not_to(archive_dir, tmp_path, capsys):
    folder = tmp_path / "incoming"
    folder.mkdir()
    make_docx(folder / "关于网格化的通知.docx")
    (folder / "台账.txt").write_text("网格员入户走访记录", encoding="utf-8")
    assert main(["add", str(archive_dir), str(folder), "--json"]) == 0
    report = json.loads(capsys.readouterr().out)
    assert report["converted"]["converted"] == 2 and report["converted"]["failed"] == []
    with Archive.open(archive_dir, read_only=True) as archive:
        assert pending_conversions(archive) == []

    later = tmp_path / "later"
    later.mkdir()
    (later / "纪要.txt").write_text("会议纪要", encoding="utf-8")
    assert main(["add", str(archive_dir), str(later), "--no-convert", "--json"]) == 0
    assert "converted" not in json.loads(capsys.readouterr().out)
    with Archive.open(archive_dir, read_only=True) as archive:
        [waiting] = pending_conversions(archive)
        assert waiting.original_name == "纪要.txt"
    assert main(["convert", str(archive_dir), "--json"]) == 0
    assert json.loads(capsys.readouterr().out)["converted"] == 1
    with Archive.open(archive_dir, read_only=True) as archive:
        assert pending_conversions(archive) == []


def test_a_rerun_with_nothing_changed_rewrites_nothing(archive, tmp_path):
    _word_files(archive, tmp_path / "in", 2)
    add_pdf(archive, tmp_path / "in", "批复.pdf", 2, ["1.1.1"], title="批复")
    out = tmp_path / "out"
    first = compile_batch(archive, out, BatchOptions(jobs=1))
    assert first.built == 2
    stamps = {p.name: p.stat().st_mtime_ns for p in out.iterdir()}
    generation = archive.generation()
    again = compile_batch(archive, out, BatchOptions(jobs=1))
    assert (again.built, again.skipped_up_to_date) == (0, 2)
    assert {p.name: p.stat().st_mtime_ns for p in out.iterdir()} == stamps
    assert archive.generation() == generation           # nor the archive's volume records
