"""The archive commands end to end through `evidence_app.cli.main`, plus one real subprocess."""

from __future__ import annotations

import json
import subprocess
import sys
from pathlib import Path

import pytest

from evidence_app.cli import main


def run(capsys, *argv) -> tuple[int, dict | str]:
    code = main([str(a) for a in argv])
    out = capsys.readouterr().out
    if "--json" in argv:
        return code, json.loads(out.strip().splitlines()[-1])
    return code, out


def _write(path: Path, text: str, encoding="utf-8") -> Path:
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_text(text, encoding=encoding)
    return path


def test_init_with_catalogue_then_stats(tmp_path, capsys, sample_catalogue):
    code, data = run(capsys, "init", tmp_path / "a", "--catalog", sample_catalogue, "--json")
    assert code == 0 and data["stats"]["requirements"] == 6
    code, stats = run(capsys, "stats", tmp_path / "a", "--json")
    assert (stats["tasks"], stats["mechanisms"], stats["units"], stats["leaders"]) == (4, 4, 12, 3)


def test_template_writes_a_workbook_that_init_accepts(tmp_path, capsys):
    assert run(capsys, "template", tmp_path / "t.xlsx")[0] == 0
    code, data = run(capsys, "init", tmp_path / "a", "--catalog", tmp_path / "t.xlsx", "--json")
    assert code == 0 and data["stats"]["requirements"] == 1


def test_add_files_and_folders_with_tags_duplicates_and_errors(archive_dir, tmp_path, capsys):
    docs = tmp_path / "incoming"
    first = _write(docs / "潭政办发〔2021〕12号 关于开展矛盾纠纷排查的通知.txt",
                   "关于开展矛盾纠纷排查的通知\n各区县：\n现将有关事项通知如下。\n湘潭市司法局\n"
                   "2021年3月12日")
    _write(docs / "资料" / "copy of notice.txt", first.read_text(encoding="utf-8"))
    _write(docs / "资料" / "台账.txt", "网格员入户走访台账 第一季度", encoding="gb18030")
    (docs / "资料" / "empty.pdf").write_bytes(b"")
    (docs / "资料" / "fake.docx").write_bytes(b"%PDF-1.4 not really a docx")
    (docs / "Thumbs.db").write_bytes(b"clutter")
    code, data = run(capsys, "add", archive_dir, docs, tmp_path / "missing.pdf", "--req", "3.2.1",
                     "--mech", "JZ-002", "--unit", "市司法局", "--json")
    assert code == 0
    assert len(data["added"]) == 2
    assert [Path(d["path"]).name for d in data["duplicates"]] == ["copy of notice.txt"]
    reasons = {Path(e["path"]).name: e["reason"] for e in data["errors"]}
    assert set(reasons) == {"empty.pdf", "fake.docx", "missing.pdf"}
    assert "empty" in reasons["empty.pdf"] and "no such file" in reasons["missing.pdf"]
    assert "PDF" in reasons["fake.docx"]
    assert data["skipped"] and data["skipped"][0].endswith("Thumbs.db")
    notice_id = next(d["id"] for d in data["added"] if "通知" in d["path"])
    code, shown = run(capsys, "show", archive_dir, notice_id, "--json")
    assert shown["doc_number"] == "潭政办发〔2021〕12号" and shown["date"] == "20210312"
    assert shown["requirements"] == ["3.2.1"] and shown["mechanisms"] == ["JZ-002"]
    assert shown["source_unit"] == "市司法局" and shown["kind"] == "text"
    assert shown["title"] == "关于开展矛盾纠纷排查的通知" and shown["title_supplied"] is False
    assert shown["issuer"] == "湘潭市司法局"
    assert data["duplicates"][0]["id"] == notice_id
    assert run(capsys, "check", archive_dir, "--json")[1]["ok"] is True
    # the same folder again: everything already there is a duplicate, exit 0
    code, again = run(capsys, "add", archive_dir, docs / "资料" / "台账.txt", "--json")
    assert code == 0 and len(again["duplicates"]) == 1 and not again["added"]


def test_add_with_every_file_failing_exits_1(archive_dir, tmp_path, capsys):
    bad = tmp_path / "x.exe"
    bad.write_bytes(b"MZ\x90\x00binary")
    code, data = run(capsys, "add", archive_dir, bad, "--json")
    assert code == 1 and "unsupported" in data["errors"][0]["reason"]


def test_add_with_unknown_tag_fails_before_reading_anything(archive_dir, tmp_path, capsys):
    note = _write(tmp_path / "a.txt", "内容")
    code = main(["add", str(archive_dir), str(note), "--req", "9.9.9"])
    assert code != 0
    assert "no requirement with code 9.9.9" in capsys.readouterr().err
    assert run(capsys, "stats", archive_dir, "--json")[1]["documents"] == 0


def test_tags_from_folders(archive_dir, tmp_path, capsys):
    root = tmp_path / "市司法局报送"
    _write(root / "3.2.1 矛盾纠纷多元化解" / "调解工作总结.txt", "调解工作总结")
    _write(root / "JZ-003 视频共享" / "办法.txt", "公共视频资源共享管理办法")
    _write(root / "3.2 法治保障" / "说明.txt", "说明")
    code, data = run(capsys, "add", archive_dir, root, "--tags-from-folders", "--json")
    assert code == 0 and len(data["added"]) == 3
    code, listing = run(capsys, "list", archive_dir, "--json")
    tags = {d["original_name"]: (d["requirements"], d["mechanisms"])
            for d in listing["documents"]}
    assert tags["调解工作总结.txt"] == (["3.2.1"], [])
    assert tags["办法.txt"] == ([], ["JZ-003"])
    assert tags["说明.txt"] == ([], [])
    [task] = [w for w in data["warnings"] if "is a task" in w["message"]]
    assert task["reason_key"] == "folder_code_is_task" and task["params"][0] == "3.2"
    assert task["params"][1].split("、")[0] == "3.2.1"      # the requirements it names


def test_tag_list_filters_untag_and_log(archive_dir, tmp_path, capsys):
    _write(tmp_path / "a.txt", "雪亮工程视频联网")
    _write(tmp_path / "b.txt", "公共法律服务平台")
    code, data = run(capsys, "add", archive_dir, tmp_path / "a.txt", tmp_path / "b.txt", "--json")
    a, b = (d["id"] for d in data["added"])
    assert run(capsys, "tag", archive_dir, a, b, "--req", "3.5.1", "--json")[1]["changed"] == 2
    assert [d["id"] for d in run(capsys, "list", archive_dir, "--req", "3.5", "--json")[1]
            ["documents"]] == [a, b]
    assert run(capsys, "tag", archive_dir, b, "--req", "3.5.1", "--remove", "--json")[1][
        "changed"] == 1
    assert [d["id"] for d in run(capsys, "list", archive_dir, "--untagged", "--json")[1]
            ["documents"]] == [b]
    assert run(capsys, "list", archive_dir, "--kind", "pdf", "--json")[1]["total"] == 0
    code, log = run(capsys, "log", archive_dir, "--json")
    # one audit entry per document touched
    assert [e["action"] for e in log["entries"]][-5:] == ["add", "add", "tag", "tag", "untag"]
    assert all(e["user"] for e in log["entries"])


def test_edit_and_remove(archive_dir, tmp_path, capsys):
    _write(tmp_path / "a.txt", "工作方案")
    doc = run(capsys, "add", archive_dir, tmp_path / "a.txt", "--json")[1]["added"][0]["id"]
    code, shown = run(capsys, "edit", archive_dir, doc, "--doc-number", "潭政发[2022]3号",
                      "--date", "2022年1月5日", "--json")
    assert (shown["doc_number"], shown["date"]) == ("潭政发〔2022〕3号", "20220105")
    assert main(["edit", str(archive_dir), str(doc), "--date", "2022-13-40"]) != 0
    assert "not a date" in capsys.readouterr().err
    assert run(capsys, "remove", archive_dir, doc, "--json")[1]["removed"] == [doc]
    assert main(["show", str(archive_dir), str(doc)]) == 5
    assert "no document with id" in capsys.readouterr().err


def test_import_catalog_bad_row_leaves_archive_unchanged(archive_dir, tmp_path, capsys):
    from tests import catalogue_samples as samples

    reqs = [list(r) for r in samples.REQUIREMENTS]
    reqs[1][4] = ""
    bad = samples.write_sample_catalogue(tmp_path / "bad.xlsx", reqs)
    before = run(capsys, "stats", archive_dir, "--json")[1]
    code = main(["import-catalog", str(archive_dir), str(bad)])
    err = capsys.readouterr().err
    assert code == 6 and "sheet '任务要求', row 3, column '要求编号'" in err
    assert run(capsys, "stats", archive_dir, "--json")[1] == before


def test_not_an_archive_and_locked_archive_messages(tmp_path, capsys, archive_dir):
    assert main(["stats", str(tmp_path)]) == 3
    assert "not an evidence archive" in capsys.readouterr().err
    from evidence_app.archive.archive import Archive

    with Archive.open(archive_dir):
        note = _write(tmp_path / "n.txt", "x")
        assert main(["add", str(archive_dir), str(note)]) == 4
        assert "open for writing by" in capsys.readouterr().err
        assert main(["stats", str(archive_dir)]) == 0  # readers keep working


def test_check_reports_an_altered_original(archive_dir, tmp_path, capsys):
    _write(tmp_path / "a.txt", "原件")
    doc = run(capsys, "add", archive_dir, tmp_path / "a.txt", "--json")[1]["added"][0]
    stored = archive_dir / "objects" / doc["sha256"][:2] / doc["sha256"]
    stored.chmod(0o644)
    stored.write_text("改过", encoding="utf-8")
    code, result = run(capsys, "check", archive_dir, "--json")
    assert code == 1 and result["ok"] is False and "altered" in result["problems"][0]


def test_real_subprocess_entry_point(tmp_path, sample_catalogue):
    """The installed console script path: `python -m evidence_app` in a child process."""
    result = subprocess.run([sys.executable, "-m", "evidence_app", "init", str(tmp_path / "a"),
                             "--catalog", str(sample_catalogue), "--json"],
                            capture_output=True, text=True, timeout=120)
    assert result.returncode == 0, result.stderr
    assert json.loads(result.stdout)["stats"]["mechanisms"] == 4
    bad = subprocess.run([sys.executable, "-m", "evidence_app", "stats", str(tmp_path / "nope")],
                         capture_output=True, text=True, timeout=120)
    assert bad.returncode == 3 and bad.stderr.count("\n") == 1


def test_add_reports_progress_that_never_runs_backwards(archive, tmp_path):
    from evidence_app.intake import add_paths

    for n in range(5):
        _write(tmp_path / "in" / f"{n}.txt", f"材料{n} 网格化")
    seen = []
    add_paths(archive, [tmp_path / "in"], progress=lambda d, t, m="": seen.append(d / t))
    assert seen == sorted(seen) and seen[-1] == 1.0 and len(seen) >= 10


def test_check_reports_a_damaged_search_index(archive_dir, tmp_path, capsys):
    _write(tmp_path / "a.txt", "矛盾纠纷多元化解")
    assert main(["add", str(archive_dir), str(tmp_path / "a.txt")]) == 0
    assert run(capsys, "search", archive_dir, "多元", "--json")[1]["total"] == 1
    for path in (archive_dir / "index").rglob("*"):
        if path.is_file() and path.suffix in (".seg", ".toc", ".bin"):
            path.write_bytes(b"\x00garbage")
    code, result = run(capsys, "check", archive_dir, "--json")
    assert code == 1 and any("index" in p for p in result["problems"])
    assert main(["reindex", str(archive_dir)]) == 0
    assert run(capsys, "check", archive_dir, "--json")[1]["ok"] is True


def test_compile_with_relative_paths_converts_word_files(archive_dir, tmp_path, capsys,
                                                          monkeypatch):
    """Staff type relative paths; LibreOffice needs absolute file URIs for its profile."""
    import docx

    for n in range(3):  # several Word files go through one batched LibreOffice run
        document = docx.Document()
        document.add_heading(f"关于开展矛盾纠纷排查化解工作的通知（{n}）", level=1)
        document.add_paragraph("各区县：现将有关事项通知如下。")
        document.save(tmp_path / f"通知{n}.docx")
    monkeypatch.chdir(tmp_path)
    relative = archive_dir.relative_to(tmp_path)
    assert main(["add", str(relative), "通知0.docx", "通知1.docx", "通知2.docx",
                 "--req", "3.2.1"]) == 0
    capsys.readouterr()
    code, data = run(capsys, "compile", relative, "--out", "volumes", "--only", "3.2.1",
                     "--json")
    assert code == 0 and not data["errors"]
    assert (tmp_path / data["volumes"][0]["path"]).is_file() or \
        Path(data["volumes"][0]["path"]).is_file()


def test_search_words_starting_with_a_dash_exclude(archive_dir, tmp_path, capsys):
    folder = tmp_path / "in"
    folder.mkdir()
    (folder / "a.txt").write_text("网格化工作会议纪要", encoding="utf-8")
    (folder / "b.txt").write_text("网格化工作草稿", encoding="utf-8")
    (folder / "c.txt").write_text("网格化工作方案", encoding="utf-8")
    root = str(archive_dir)
    assert main(["add", root, str(folder / "a.txt"), "--req", "3.2.1", "--json"]) == 0
    assert main(["add", root, str(folder / "b.txt"), str(folder / "c.txt"), "--json"]) == 0
    capsys.readouterr()

    def found(*words) -> set[str]:
        assert main(["search", root, *words, "--json"]) == 0
        return {hit["title"][-2:] for hit in json.loads(capsys.readouterr().out)["hits"]}

    assert found("网格化") == {"纪要", "草稿", "方案"}
    assert found("网格化", "-req:3.2") == {"草稿", "方案"}  # the filter, not the text "req:3.2"
    assert found("-req:3.2", "网格化", "-草稿") == {"方案"}
    assert found("网格化 -req:3.2.1") == {"草稿", "方案"}   # one quoted query alike
    with pytest.raises(SystemExit):                        # real unknown options still fail
        main(["search", root, "网格化", "--no-such-option"])
    with pytest.raises(SystemExit):
        main(["stats", root, "-x"])


@pytest.mark.parametrize("command", [["list", "--json"], ["stats"]])
def test_a_closed_pipe_ends_the_command_quietly(archive_dir, command):
    """`evidence-app list … --json | head`: the reader goes away before the output is written."""
    child = subprocess.Popen([sys.executable, "-m", "evidence_app", command[0], str(archive_dir),
                              *command[1:]], stdout=subprocess.PIPE, stderr=subprocess.PIPE)
    child.stdout.close()                                   # the reader is gone at once
    stderr = child.stderr.read().decode("utf-8", "replace")
    child.stderr.close()
    assert child.wait() in (0, 141)
    assert "Traceback" not in stderr and "BrokenPipe" not in stderr, stderr
    assert stderr == ""
