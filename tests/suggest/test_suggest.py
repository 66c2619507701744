"""Tag suggestions: mechanisms linked by 文号, requirements ranked by content, rejections,
applying, and the `suggest` command."""

from __future__ import annotations

import json

import pytest

from evidence_app.archive import schema
from evidence_app.archive.archive import Archive
from evidence_app.archive.records import NewDocument
from evidence_app.archive.store import sha256_of
from evidence_app.archive import document_clues, reject_suggestion, rejected_suggestions
from evidence_app.cli import main
from evidence_app.errors import UsageError
from evidence_app.intake import add_paths
from evidence_app.suggest import Suggester, accept_above, link_by_number
from evidence_app.suggest.model import shared_phrases
from tests.archive_states import as_version_4, read_database
from tests.catalogue_samples import MECHANISMS, write_sample_catalogue


def _add(archive, folder, name, title, text, doc_number=None, date=None, requirements=(),
         mechanisms=(), unit=None):
    folder.mkdir(parents=True, exist_ok=True)
    source = folder / name
    source.write_text(title + "\n" + text, encoding="utf-8")
    sha, size = sha256_of(source)
    [doc_id] = archive.add_documents([NewDocument(
        sha256=sha, size=size, original_name=name, ext=".txt", kind="text", title=title,
        title_supplied=False, doc_number=doc_number, date=date, pages=1, page_texts=[text],
        has_text=True, requirements=list(requirements), mechanisms=list(mechanisms),
        source_unit=unit)], [source])
    return doc_id


def _last_tag_audit(archive, doc_id):
    return [e for e in archive.audit_log() if e["target"] == f"document {doc_id}"
            and e["action"] in ("tag", "untag", "undo")][-1]


# ----------------------------------------------------------------------- mechanisms by 文号
def test_import_links_the_mechanism_whose_number_the_document_carries(archive, tmp_path):
    folder = tmp_path / "收文" / "司法局"
    folder.mkdir(parents=True)
    (folder / "办法.txt").write_text(
        "湘潭市人民政府办公室\n潭政办发〔2021〕012号\n湘潭市矛盾纠纷多元化解工作办法（试行）\n"
        "第一条 为建立健全矛盾纠纷多元化解机制……\n2021年3月12日", encoding="utf-8")
    (folder / "台账.txt").write_text("矛盾纠纷排查台账", encoding="utf-8")
    report = add_paths(archive, [folder.parent])
    linked_id = next(a["id"] for a in report.added if a["path"].endswith("办法.txt"))
    assert report.mechanism_links.linked == [(linked_id, "JZ-002")]
    assert report.as_json()["mechanism_links"]["linked"] == [
        {"id": linked_id, "mechanism": "JZ-002"}]
    assert archive.document(linked_id).mechanisms == ["JZ-002"]
    assert _last_tag_audit(archive, linked_id)["detail"]["via"] == "auto-link by 文号"
    # the folder it came from is kept as a clue
    [clues] = document_clues(archive, [linked_id])
    assert clues.folder.endswith("收文/司法局")

    # undone by a person: not linked again by itself, but still offered, with certainty
    archive.undo_tags(report.mechanism_links.change)
    assert archive.document(linked_id).mechanisms == []
    assert link_by_number(archive).linked == []
    assert archive.document(linked_id).mechanisms == []
    offered = Suggester.build(archive).suggest(linked_id)[0]
    assert (offered.code, offered.kind, offered.score) == ("JZ-002", "mechanism", 1.0)
    assert "潭政办发〔2021〕12号" in offered.why


def test_conflicts_are_listed_and_never_linked(archive, tmp_path):
    # JZ-003 is 潭公发〔2021〕7号 of 20210601; JZ-001 is 潭办发〔2020〕3号 of 20200315
    twin_a = _add(archive, tmp_path, "a.txt", "视频资源共享办法", "正文", "潭公发〔2021〕7号")
    twin_b = _add(archive, tmp_path, "b.txt", "视频资源共享办法（复印）", "正文二",
                  "潭公发〔2021〕7号")
    off_year = _add(archive, tmp_path, "c.txt", "领导小组工作规则", "正文三", "潭办发〔2020〕3号",
                    "20210105")
    next_year = _add(archive, tmp_path, "d.txt", "另一份文件", "正文四", "潭办发〔2021〕3号")
    links = link_by_number(archive)
    assert links.linked == []
    reasons = {(c["reason"], tuple(c["mechanisms"]), tuple(c["documents"]))
               for c in links.conflicts}
    assert reasons == {("several_documents", ("JZ-003",), (twin_a, twin_b)),
                       ("wrong_year", ("JZ-001",), (off_year,))}
    assert all(archive.document(d).mechanisms == []
               for d in (twin_a, twin_b, off_year, next_year))


def test_a_catalogue_giving_one_number_to_two_mechanisms_is_a_conflict(archive_dir, tmp_path):
    rows = [row[:3] + (["潭办发〔2020〕3号", "20200315"] if row[0] == "JZ-004" else row[3:5])
            + row[5:] for row in MECHANISMS]
    with Archive.open(archive_dir) as archive:
        doc = _add(archive, tmp_path, "a.txt", "工作规则", "正文", "潭办发〔2020〕3号", "20200315")
        from evidence_app.archive.catalogue import read_catalogue
        archive.import_catalogue(read_catalogue(write_sample_catalogue(tmp_path / "c.xlsx",
                                                                       mechanisms=rows)))
        links = link_by_number(archive)
    assert links.linked == []
    assert [(c["reason"], c["mechanisms"], c["documents"]) for c in links.conflicts] == [
        ("several_mechanisms", ["JZ-001", "JZ-004"], [doc])]


def test_the_document_linked_once_the_conflict_is_gone(archive, tmp_path):
    doc = _add(archive, tmp_path, "a.txt", "工作规则", "正文", "潭办发〔2020〕3号", "20210105")
    links = link_by_number(archive)
    assert links.linked == [] and links.conflicts[0]["reason"] == "wrong_year"
    good = _add(archive, tmp_path, "b.txt", "工作规则", "正文二", "潭办发〔2020〕3号", "20200315")
    archive.remove_document(doc)
    assert link_by_number(archive).linked == [(good, "JZ-001")]


def test_catalogue_reimport_links_documents_already_in_the_archive(archive_dir, tmp_path,
                                                                    capsys):
    with Archive.open(archive_dir) as archive:
        doc = _add(archive, tmp_path, "a.txt", "试点工作调度制度", "正文", "潭办发〔2021〕9号",
                   "20210410")
    rows = [row[:3] + (["潭办发[2021]09号", "20210410"] if row[0] == "JZ-004" else row[3:5])
            + row[5:] for row in MECHANISMS]
    catalogue = write_sample_catalogue(tmp_path / "new.xlsx", mechanisms=rows)
    assert main(["import-catalog", str(archive_dir), str(catalogue), "--json"]) == 0
    out = json.loads(capsys.readouterr().out)
    assert out["mechanism_links"]["linked"] == [{"id": doc, "mechanism": "JZ-004"}]
    with Archive.open(archive_dir, read_only=True) as archive:
        assert archive.document(doc).mechanisms == ["JZ-004"]


# ----------------------------------------------------------------------- requirements by content
def test_cold_start_ranks_from_the_catalogue_words_and_says_so(archive, tmp_path):
    doc = _add(archive, tmp_path, "a.txt", "关于做好人民调解工作的通知",
               "各单位要建立健全矛盾纠纷多元化解机制，做好人民调解。")
    video = _add(archive, tmp_path, "b.txt", "监控建设情况",
                 "推进雪亮工程视频联网，公共视频资源接入。", unit="市公安局")
    model = Suggester.build(archive)
    assert "暂按目录文字推荐" in model.note
    top = model.suggest(doc)[0]
    assert (top.code, top.kind) == ("3.2.1", "requirement")
    assert "矛盾纠纷多元化解" in top.why
    top = model.suggest(video)[0]
    assert top.code == "3.5.1" and "市公安局是牵头单位" in top.why


def test_tags_given_teach_what_the_catalogue_words_do_not_say(archive, tmp_path):
    # 3.5.1 says 雪亮工程视频联网; the units' documents speak of 监控探头 and 点位
    for n in range(4):
        _add(archive, tmp_path, f"t{n}.txt", f"第{n}季度监控探头点位建设情况",
             f"新建高清监控探头{n + 3}个点位，完成点位巡检和探头维护。", requirements=["3.5.1"])
        _add(archive, tmp_path, f"m{n}.txt", f"第{n}期调解员培训",
             "组织调解员培训，调解员队伍建设。", requirements=["3.2.1"])
    generic = _add(archive, tmp_path, "简报.txt", "工作简报（第5期）",
                   "本月新增监控探头点位，探头巡检全覆盖。")
    cold = Suggester.build(archive, min_tagged=100)
    learned = Suggester.build(archive, min_tagged=2)
    assert cold.note and not learned.note
    assert cold.suggest(generic)[0].code != "3.5.1"        # the catalogue's words miss it
    first = learned.suggest(generic)[0]
    assert first.code == "3.5.1"
    assert "与已标注的文件 #" in first.why


def test_hidden_tags_are_not_learned(archive, tmp_path):
    ids = [_add(archive, tmp_path, f"t{n}.txt", f"探头点位{n}", "监控探头点位",
                requirements=["3.5.1"]) for n in range(3)]
    model = Suggester.build(archive, hide_tags_of=ids, min_tagged=1)
    assert model.CT is None and model.note


def test_a_rejected_suggestion_is_not_offered_again(archive, tmp_path):
    doc = _add(archive, tmp_path, "a.txt", "人民调解工作通知", "矛盾纠纷多元化解机制")
    model = Suggester.build(archive)
    assert model.suggest(doc)[0].code == "3.2.1"
    reject_suggestion(archive, doc, "requirement", "3.2.1")
    assert rejected_suggestions(archive, [doc]) == {(doc, "requirement", "3.2.1")}
    assert "3.2.1" not in [s.code for s in model.suggest(doc, limit=10)]


def test_documents_added_after_the_build_are_read_when_asked(archive, tmp_path):
    model = Suggester.build(archive)
    doc = _add(archive, tmp_path, "a.txt", "视频联网工作方案", "推进雪亮工程视频联网")
    assert model.suggest(doc)[0].code == "3.5.1"


def test_accept_above_applies_one_undoable_change_but_not_a_removed_tag(archive, tmp_path):
    a = _add(archive, tmp_path, "a.txt", "视频联网工作方案", "推进雪亮工程视频联网")
    b = _add(archive, tmp_path, "b.txt", "矛盾纠纷多元化解", "矛盾纠纷多元化解机制")
    archive.tag([b], ["3.2.1"])
    archive.tag([b], ["3.2.1"], remove=True)       # a person took it off again
    model = Suggester.build(archive)
    change = accept_above(archive, model.suggest_many([a, b]), 0.5)
    assert change.added_requirements == [(a, "3.5.1")]
    assert _last_tag_audit(archive, a)["detail"]["via"] == "suggestion"
    archive.undo_tags(change)
    assert archive.document(a).requirements == []


def test_shared_phrases_are_the_longest_common_runs():
    assert shared_phrases("推进雪亮工程视频联网建设", "推进雪亮工程视频联网 公共视频") == [
        "推进雪亮工程视频联网"]
    assert shared_phrases("毫无关系", "雪亮工程") == []


# ----------------------------------------------------------------------- the command
def test_suggest_command_prints_one_json_line_per_document_and_applies(archive_dir, tmp_path,
                                                                       capsys):
    with Archive.open(archive_dir) as archive:
        a = _add(archive, tmp_path, "a.txt", "视频联网工作方案", "推进雪亮工程视频联网")
        b = _add(archive, tmp_path, "b.txt", "调解", "矛盾纠纷多元化解", requirements=["3.2.1"])
    assert main(["suggest", str(archive_dir), "--untagged", "--json", "--limit", "2"]) == 0
    captured = capsys.readouterr()
    lines = [json.loads(line) for line in captured.out.splitlines()]
    assert [line["id"] for line in lines] == [a]
    first = lines[0]["suggestions"][0]
    assert set(first) == {"code", "kind", "score", "why"}
    assert (first["code"], first["kind"]) == ("3.5.1", "requirement")
    assert len(lines[0]["suggestions"]) <= 2
    assert "note:" in captured.err                       # too few tags: said, not failed

    assert main(["suggest", str(archive_dir), str(a), str(b), "--apply", "--min-score", "0.5",
                 "--json"]) == 0
    lines = [json.loads(line) for line in capsys.readouterr().out.splitlines()]
    assert lines[0]["applied"] == ["3.5.1"]
    with Archive.open(archive_dir, read_only=True) as archive:
        assert archive.document(a).requirements == ["3.5.1"]


def test_suggest_command_refusals(archive_dir, capsys):
    assert main(["suggest", str(archive_dir), "--apply"]) != 0
    assert "--min-score" in capsys.readouterr().err
    assert main(["suggest", str(archive_dir), "999"]) != 0
    assert "999" in capsys.readouterr().err


# ----------------------------------------------------------------------- the schema
def test_version_4_archive_gains_the_suggestion_tables(archive_dir, tmp_path):
    as_version_4(archive_dir)          # written before tag suggestions
    with Archive.open(archive_dir) as archive:
        assert read_database(archive, "PRAGMA user_version")[0][0] == schema.SCHEMA_VERSION
        doc = _add(archive, tmp_path, "a.txt", "标题", "正文")
        reject_suggestion(archive, doc, "mechanism", "JZ-001")
        assert rejected_suggestions(archive) == {(doc, "mechanism", "JZ-001")}
        with pytest.raises(UsageError):
            reject_suggestion(archive, doc, "section", "1")
