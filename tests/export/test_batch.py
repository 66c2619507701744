"""Planning, splitting, reproducibility, incremental re-runs, cancel and kill, the CLI."""

from __future__ import annotations

import json
import os
import signal
import subprocess
import sys
import time
from pathlib import Path

import pytest
from pypdf import PdfReader

from evidence_app.archive.volumes import set_manual_order
from evidence_app.cli import main
from evidence_app.errors import Cancelled
from evidence_app.export.batch import BatchOptions, compile_batch, plan_batch
from evidence_app.export.plan import plan_volumes, split_entries
from evidence_app.progress import CancelToken

from .helpers import add_pdf, make_pdf
from .test_volumes import _stamp_text, _texts


def test_order_is_requirement_date_then_number_and_manual_order_wins(archive, tmp_path):
    late = add_pdf(archive, tmp_path, "late.pdf", 1, ["3.2.1"], date="20220101")
    n10 = add_pdf(archive, tmp_path, "n10.pdf", 1, ["3.2.1"], date="20210101",
                  doc_number="潭政发〔2021〕10号")
    n9 = add_pdf(archive, tmp_path, "n9.pdf", 1, ["3.2.1"], date="20210101",
                 doc_number="潭政发〔2021〕9号")
    other = add_pdf(archive, tmp_path, "other.pdf", 1, ["3.2.2"], date="20200101")
    plan = plan_volumes(archive, by="task", only=["3.2"])
    [volume] = plan.volumes
    assert [e.doc.id for e in volume.entries] == [n9, n10, late, other]
    set_manual_order(archive, volume.key, [late, other])
    [volume] = plan_volumes(archive, by="task", only=["3.2"]).volumes
    assert [e.doc.id for e in volume.entries] == [late, other, n9, n10]


def test_split_respects_the_budget_and_cuts_only_oversized_documents():
    from evidence_app.export.plan import PlanEntry

    class Doc:
        def __init__(self, i):
            self.id = i

    entries = [PlanEntry(Doc(i), "", p) for i, p in enumerate([3, 3, 2, 12, 1])]
    parts = split_entries(entries, 5)
    assert [[(e.doc.id, e.pages) for e in part] for part in parts] == [
        [(0, 3)], [(1, 3), (2, 2)], [(3, 5)], [(3, 5)], [(3, 2), (4, 1)]]
    assert all(sum(e.pages for e in part) <= 5 for part in parts)


def test_split_volumes_are_numbered_parts_with_restarting_page_numbers(archive, tmp_path):
    for n, pages in enumerate([3, 3, 2, 4]):
        add_pdf(archive, tmp_path, f"d{n}.pdf", pages, ["3.5.1"], date=f"2021010{n + 1}")
    result = compile_batch(archive, tmp_path / "out", BatchOptions(jobs=1, max_pages=6))
    volumes = [v for v in result.volumes if v["key"] == "requirement:3.5.1"]
    assert [v["body_pages"] for v in volumes] == [6, 6]
    assert [v["title"][-4:] for v in volumes] == ["（之一）", "（之二）"]
    codes = [v["archive_code"] for v in volumes]
    assert codes == sorted(codes) and len(set(codes)) == 2
    for n, volume in enumerate(volumes, 1):
        cover = _texts(volume["path"])[0]
        assert f"第 {n} 册 共 2 册" in cover
        stamps = _stamp_text(volume["path"])
        assert stamps[-1 - volume["body_pages"]:-1] == [str(i) for i in range(1, 7)]


def test_two_runs_give_identical_bytes_and_reruns_skip_what_is_up_to_date(archive, tmp_path):
    ids = [add_pdf(archive, tmp_path, f"x{n}.pdf", 2, [code])
           for n, code in enumerate(["1.1.1", "1.1.2", "3.2.1"])]
    first = compile_batch(archive, tmp_path / "one", BatchOptions(jobs=1))
    second = compile_batch(archive, tmp_path / "two", BatchOptions(jobs=1))
    assert len(first.volumes) == 3
    for a, b in zip(first.volumes, second.volumes):
        assert Path(a["path"]).read_bytes() == Path(b["path"]).read_bytes()
    assert (tmp_path / "one" / "manifest.json").read_bytes() != b""
    again = compile_batch(archive, tmp_path / "one", BatchOptions(jobs=1))
    assert (again.built, again.skipped_up_to_date) == (0, 3)
    archive.update_document(ids[1], title="调度制度（修订）")
    changed = compile_batch(archive, tmp_path / "one", BatchOptions(jobs=1))
    if changed.plan.compile_date == first.plan.compile_date:  # same day: only one rebuilt
        assert (changed.built, changed.skipped_up_to_date) == (1, 2)
    assert "调度制度（修订）" in "".join(_texts(changed.volumes[1]["path"])[1:2])


def test_dry_run_plans_without_writing(archive_dir, tmp_path, capsys):
    from evidence_app.archive.archive import Archive

    with Archive.open(archive_dir) as archive:
        add_pdf(archive, tmp_path, "a.pdf", 4, ["3.2.1"])
    out = tmp_path / "out"
    assert main(["compile", str(archive_dir), "--out", str(out), "--dry-run", "--json"]) == 0
    data = json.loads(capsys.readouterr().out)
    assert data["totals"] == {"volumes": 1, "documents": 1, "body_pages": 4}
    assert not out.exists()


def test_cli_compile_and_locate_json(archive_dir, tmp_path, capsys):
    from evidence_app.archive.archive import Archive

    with Archive.open(archive_dir) as archive:
        doc = add_pdf(archive, tmp_path, "a.pdf", 3, ["3.2.1"])
    out = tmp_path / "out"
    assert main(["compile", str(archive_dir), "--out", str(out), "--json", "--jobs", "1"]) == 0
    data = json.loads(capsys.readouterr().out)
    [volume] = data["volumes"]
    assert set(volume) >= {"path", "title", "pages", "sha256", "documents"}
    assert volume["documents"] == [{"id": doc, "first_page": 1, "last_page": 3,
                                    "pdf_index": 3}]
    assert data["skipped_up_to_date"] == 0 and data["errors"] == []
    assert main(["locate", str(archive_dir), str(doc), "--json"]) == 0
    located = json.loads(capsys.readouterr().out)
    assert located["bound"][0]["first_page"] == 1
    assert located["bound"][0]["pdf_index"] == 3
    assert Path(out / located["bound"][0]["path"]).is_file()


def test_parallel_batch_reports_progress_and_cancels_cleanly(archive, tmp_path):
    for n, code in enumerate(["1.1.1", "1.1.2", "1.2.1", "3.2.1", "3.2.2", "3.5.1"]):
        add_pdf(archive, tmp_path, f"p{n}.pdf", 30, [code])
    seen = []
    token = CancelToken()

    def progress(done, total, message=""):
        seen.append((done, total))
        if done >= 2:
            token.cancel()

    with pytest.raises(Cancelled):
        compile_batch(archive, tmp_path / "out", BatchOptions(jobs=2), progress=progress,
                      cancel=token)
    finals = sorted((tmp_path / "out").glob("*.pdf"))
    for pdf in finals:  # whatever was finished is complete, nothing half-written
        PdfReader(pdf).pages[-1]
    assert not list((tmp_path / "out").glob(".*tmp*"))
    result = compile_batch(archive, tmp_path / "out", BatchOptions(jobs=2),
                           volume_progress=lambda *a: seen.append(a))
    assert result.built + result.skipped_up_to_date == 6
    assert result.skipped_up_to_date >= 1
    assert any(len(item) == 3 for item in seen)  # per-volume page progress arrived


@pytest.mark.slow
def test_a_killed_run_leaves_no_partial_volume_and_the_next_run_completes(archive_dir,
                                                                        tmp_path):
    from evidence_app.archive.archive import Archive

    codes = ["1.1.1", "1.1.2", "1.2.1", "3.2.1", "3.2.2", "3.5.1"]
    with Archive.open(archive_dir) as archive:
        for n, code in enumerate(codes * 2):
            add_pdf(archive, tmp_path, f"k{n}.pdf", 100, [code])
    out = tmp_path / "out"
    env = dict(os.environ, EVIDENCE_SOFFICE="", PYTHONPATH=str(Path(__file__).parents[2]))
    proc = subprocess.Popen([sys.executable, "-m", "evidence_app", "compile",
                             str(archive_dir), "--out", str(out), "--jobs", "1",
                             "--max-pages", "100"],
                            env=env, start_new_session=True, stdout=subprocess.DEVNULL,
                            stderr=subprocess.DEVNULL)
    try:
        deadline = time.monotonic() + 60
        while time.monotonic() < deadline and not list(out.glob(".*.tmp-*")) \
                and not list(out.glob("*.pdf")):  # the first volume is being written or done
            time.sleep(0.002)
    finally:
        os.killpg(proc.pid, signal.SIGKILL)
        proc.wait()
    finals = list(out.glob("*.pdf"))
    assert len(finals) < 12  # killed mid-way
    for pdf in finals:
        assert len(PdfReader(pdf).pages) == 1 + 1 + 100 + 1
    with Archive.open(archive_dir) as archive:  # the stale writer lock is taken over
        result = compile_batch(archive, out, BatchOptions(jobs=1, max_pages=100))
    assert len(result.volumes) == 12 and result.built + result.skipped_up_to_date == 12
    assert not list(out.glob(".*.tmp-*"))
    for volume in result.volumes:
        assert len(PdfReader(volume["path"]).pages) == volume["pages"] == 103


def test_plan_batch_uses_cached_conversions(archive, tmp_path):
    add_pdf(archive, tmp_path, "a.pdf", 2, ["3.2.1"])
    plan = plan_batch(archive, BatchOptions())
    assert plan.as_json()["totals"]["body_pages"] == 2
    assert make_pdf  # helpers import kept


def test_a_compile_removes_conversion_folders_a_killed_run_left(archive, tmp_path):
    """A program killed while LibreOffice converted leaves its working folder in the cache;
    the next compile removes it, but not the folder of a conversion that may be running."""
    from evidence_app.export.batch import STALE_CONVERSION_SECONDS
    from evidence_app.export.pages import cache_dir_of

    add_pdf(archive, tmp_path, "a.pdf", 2, ["3.2.1"])
    cache = cache_dir_of(archive.root)
    cache.mkdir(parents=True, exist_ok=True)
    stale, running = cache / ".lo-many-killed", cache / ".lo-many-running"
    for folder in (stale, running):
        folder.mkdir()
        (folder / "half.pdf").write_bytes(b"%PDF-1.4 cut short")
    past = time.time() - STALE_CONVERSION_SECONDS - 60
    os.utime(stale, (past, past))
    compile_batch(archive, tmp_path / "out", BatchOptions(jobs=1))
    assert not stale.exists()
    assert (running / "half.pdf").is_file()
