"""Search: the recall guarantee on hand-made cases, query syntax, filters, snippets and pages,
an index that follows the archive, rebuild and damage, and the CLI."""

from __future__ import annotations

import json
import shutil

import pytest

from evidence_app.archive.records import NewDocument
from evidence_app.archive.store import sha256_of
from evidence_app.indexing.analysis import fold
from evidence_app.indexing.query import parse
from evidence_app.indexing.search import SearchIndex, index_problems


def add_doc(archive, folder, pages, title="文件", doc_number=None, date=None, kind="text",
            has_text=True, unit=None, **tags):
    """Add a document with the given page texts, without any file extraction."""
    pages = [pages] if isinstance(pages, str) else pages
    n = len(list(folder.glob("src*")))
    source = folder / f"src{n}.txt"
    source.write_text(f"{n}|{title}|" + "\f".join(pages), encoding="utf-8")
    sha, size = sha256_of(source)
    [doc_id] = archive.add_documents([NewDocument(
        sha256=sha, size=size, original_name=source.name, ext=".txt", kind=kind, title=title,
        title_supplied=False, doc_number=doc_number, date=date, pages=len(pages),
        page_texts=pages, has_text=has_text, source_unit=unit, **tags)], [source])
    return doc_id


@pytest.fixture
def src(tmp_path):
    folder = tmp_path / "src"
    folder.mkdir()
    return folder


@pytest.fixture
def index(archive):
    with SearchIndex(archive) as opened:
        yield opened


def ids(index, query, **kw):
    result = index.search(query, limit=1000, **kw)
    assert result.total == len(result.hits)
    assert index.match_ids(query) == {h.id for h in result.hits} or kw
    return {h.id for h in result.hits}


# ------------------------------------------------------------------------ folding
def test_fold_is_per_character_and_idempotent():
    assert fold("網格化") == "网格化"
    assert fold("２０２１ＡＢＣ") == "2021abc"
    for typed in ("潭政办发〔2021〕12号", "潭政办发[2021]12号", "潭政办发(2021)12号",
                  "潭政办发（2021）12号", "潭政办发【2021】12号", "潭政办发﹝2021﹞12号",
                  "潭政办发［２０２１］12号"):
        assert fold(typed) == "潭政办发(2021)12号", typed
    assert fold("网格\n化 管\u3000理\u200b") == "网格化管理"
    text = "會議紀要ＧＤＰ（2021）\n第一"
    assert fold(fold(text)) == fold(text)
    assert fold(text) == "".join(fold(c) for c in text)  # the homomorphism recall rests on


# ------------------------------------------------------------------------ the guarantee
def test_fragments_across_line_breaks_and_single_characters(archive, src, index):
    a = add_doc(archive, src, "湘潭市网格\n化服务管理工作\n会议纪要", title="纪要")
    b = add_doc(archive, src, "雪亮工程视频联网建设方案", title="方案")
    assert ids(index, "格化服") == {a}              # crosses the line break
    assert ids(index, "作会") == {a}                # crosses the line break, 2 chars
    assert ids(index, "网格化服务管理工作会议纪要") == {a}
    assert ids(index, "网") == {a, b}               # 1 character
    assert ids(index, "雪") == {b}
    assert ids(index, "联网") == {b}
    assert ids(index, "网格化 联网") == set()
    assert ids(index, "网联") == set()


def test_traditional_and_simplified_find_each_other(archive, src, index):
    simp = add_doc(archive, src, "推进网格化管理，开展矛盾纠纷排查")
    trad = add_doc(archive, src, "推進網格化管理，開展矛盾糾紛排查")
    assert ids(index, "網格化") == {simp, trad}
    assert ids(index, "网格化管理") == {simp, trad}
    assert ids(index, "糾紛排查") == {simp, trad}


def test_full_width_digits_latin_case_and_mixed_text(archive, src, index):
    a = add_doc(archive, src, "２０２１年ＧＤＰ增长，开通12345热线")
    b = add_doc(archive, src, "2021年gdp统计与App推广")
    assert ids(index, "2021年") == {a, b}
    assert ids(index, "２０２１") == {a, b}
    assert ids(index, "GDP") == {a, b}
    assert ids(index, "gdp增") == {a}
    assert ids(index, "12345热线") == {a}
    assert ids(index, "１２３４５") == {a}
    assert ids(index, "app") == {b}


@pytest.mark.parametrize("typed", ["潭政办发〔2021〕12号", "潭政办发[2021]12号",
                                   "潭政办发(2021)12号", "潭政办发（2021）12号",
                                   "潭政办发【2021】12号", "潭政办发［２０２１］１２号"])
def test_document_numbers_match_whatever_brackets_are_typed(archive, src, index, typed):
    body = add_doc(archive, src, "根据潭政办发[2021]12号文件精神，制定本办法", title="办法")
    meta = add_doc(archive, src, "正文没有文号", title="通知", doc_number="潭政办发〔2021〕12号")
    add_doc(archive, src, "潭政办发〔2021〕13号", title="另一个")
    assert ids(index, typed) == {body, meta}


def test_document_numbers_with_and_without_leading_zeros_find_each_other(archive, src, index):
    padded = add_doc(archive, src, "根据潭政办发〔2021〕012号文件精神", title="办法")
    plain = add_doc(archive, src, "正文", title="通知", doc_number="潭政办发〔2021〕12号")
    other_year = add_doc(archive, src, "湘政发〔2020〕12号")
    other_number = add_doc(archive, src, "潭政办发〔2021〕112号 与 〔2021〕120号")
    # a number at the start of the query is matched as a substring, like "12号" always was
    assert ids(index, "012号") == ids(index, "12号") == {padded, plain, other_year,
                                                          other_number}
    assert ids(index, "〔2021〕012号") == {padded, plain}
    assert ids(index, "潭政办发[2021]12号") == {padded, plain}
    assert ids(index, "〔2021〕0012号") == {padded, plain}
    assert ids(index, "网格 OR 〔2021〕12号") == {padded, plain}
    assert ids(index, "办发 -〔2021〕012号") == {other_number}


def test_image_only_documents_are_counted_as_unsearchable(archive, src, index):
    scan = add_doc(archive, src, [""], title="扫描件会议纪要", has_text=False, kind="image")
    text = add_doc(archive, src, "会议纪要正文")
    result = index.search("会议纪要")
    assert result.unsearchable == 1
    assert {h.id: h.has_text for h in result.hits} == {scan: False, text: True}


# ------------------------------------------------------------------------ query syntax
def test_query_syntax(archive, src, index):
    a = add_doc(archive, src, "网格化工作会议纪要")
    b = add_doc(archive, src, "网格员培训工作方案")
    c = add_doc(archive, src, "矛盾纠纷排查工作草稿")
    assert ids(index, "工作 网格") == {a, b}               # AND
    assert ids(index, "网格 -会议") == {b}                  # exclude
    assert ids(index, "会议 OR 培训") == {a, b}             # OR
    assert ids(index, "工作 会议 OR 草稿") == {a, c}         # AND binds looser than OR
    assert ids(index, '"工作 会议"') == {a}                  # phrase: spaces fold away
    assert ids(index, '-"草稿"') == {a, b}                  # only an exclusion: everything else
    assert ids(index, "纠纷 OR") == {c}                     # dangling OR ignored
    assert ids(index, "foo:网格") == set()                  # unknown key: searched as text
    assert parse('a "b c').groups == [["a"], ["bc"]]        # unbalanced quote runs to the end
    assert parse("x req:3.2 -y OR z untagged").filters == {"req": ["3.2"]}


def test_filters_are_answered_from_the_archive(archive, src, index):
    a = add_doc(archive, src, "工作纪要", date="20210312", unit="市司法局",
                requirements=["3.2.1"])
    b = add_doc(archive, src, "工作方案", date="20220105", kind="pdf",
                requirements=["3.5.1"], mechanisms=["JZ-003"])
    c = add_doc(archive, src, "工作总结", date="20201231")
    assert ids(index, "工作 req:3.2.1") == {a}
    assert ids(index, "工作 req:3.2") == {a}           # a task code: all its requirements
    assert ids(index, "工作 req:3") == {a, b}          # a section code too
    assert ids(index, "工作", requirement="3.5.1") == {b}
    assert ids(index, "工作 mech:JZ-003") == {b}
    assert ids(index, "工作 unit:市司法局") == {a}
    assert ids(index, "工作", unit="市司法局") == {a}
    assert ids(index, "kind:pdf") == {b}
    assert ids(index, "工作 date:2021") == {a}
    assert ids(index, "工作 date:202201") == {b}
    assert ids(index, "date:20201201..20210401") == {a, c}
    assert ids(index, "date:2022..") == {b}
    assert ids(index, "date:bogus") == set()
    assert ids(index, "工作 untagged") == {c}
    assert ids(index, "工作 is:tagged") == {a, b}
    # a filter with a minus leaves out what it would keep, alone or with the rest
    assert ids(index, "工作 -req:3.2") == {b, c}
    assert ids(index, "-kind:pdf") == {a, c}
    assert ids(index, "工作 req:3 -mech:JZ-003") == {a}
    assert ids(index, "工作 -date:2021 -unit:市司法局") == {b, c}
    assert ids(index, "工作 untagged -date:2020") == set()
    assert parse("-req:3.2 req:3").excluded_filters == {"req": ["3.2"]}
    # tags change without any index write: the next search sees it
    archive.tag([c], requirements=["3.2.2"])
    assert ids(index, "工作 req:3.2") == {a, c}
    assert ids(index, "untagged") == set()


# ------------------------------------------------------------------------ results
def test_pages_snippets_and_ranking(archive, src, index):
    body = add_doc(archive, src, ["第一页没有", "第二页讲网格\n化管理", "第三页又讲网格化"],
                   title="工作报告")
    titled = add_doc(archive, src, "正文只提一次网格化", title="网格化管理办法")
    dense = add_doc(archive, src, "网格化网格化网格化网格化", title="材料")
    result = index.search("网格化")
    assert result.total == 3
    assert result.hits[0].id == titled and result.hits[0].in_title   # title hits rank first
    order = [h.id for h in result.hits]
    assert order.index(dense) < order.index(body)                    # more hits, shorter
    hit = {h.id: h for h in result.hits}[body]
    assert (hit.page, hit.pages_hit) == (2, 2)
    assert "【网格化】" in hit.snippet.replace("\n", "")  # marked across the line break
    assert "【网格 化】" not in hit.snippet
    plain = hit.snippet.replace("【", "").replace("】", "")
    for start, end in hit.highlights:
        assert fold(plain[start:end]) == "网格化"
    title_only = add_doc(archive, src, "正文无关", title="网格化试点")
    hit = {h.id: h for h in index.search("网格化").hits}[title_only]
    assert (hit.page, hit.pages_hit, hit.in_title) == (None, 0, True)
    assert hit.snippet == "【网格化】试点"
    assert index.search("网格化", limit=2).total == 4
    assert len(index.search("网格化", limit=2).hits) == 2
    everything = [h.id for h in index.search("网格化", limit=10).hits]
    assert [h.id for h in index.search("网格化", limit=2, offset=1).hits] == everything[1:3]


def test_results_carry_tags_and_where_the_document_is_bound(archive, src, index):
    from evidence_app.archive.volumes import BoundDocument, VolumeRecord, record_volumes

    doc = add_doc(archive, src, "矛盾纠纷多元化解", requirements=["3.2.1"],
                  mechanisms=["JZ-002"])
    record_volumes(archive, [VolumeRecord(
        plan_key="requirement:3.2.1", part=1, parts=1, archive_code="SZZL-2023-001",
        title="3.2.1", path="vol/3.2.1.pdf", body_pages=10, pdf_pages=14, sha256="x",
        input_hash="y", documents=[BoundDocument(doc, 1, 3, 4, 7)])])
    [hit] = index.search("纠纷").hits
    assert hit.requirements == ["3.2.1"] and hit.mechanisms == ["JZ-002"]
    assert hit.bound[0]["volume"] == "SZZL-2023-001"
    assert (hit.bound[0]["page"], hit.bound[0]["pdf_index"]) == (3, 7)


# ------------------------------------------------------------------------ staying true
def test_index_follows_additions_edits_and_removals(archive, src, index):
    assert index_problems(archive) == []               # an empty archive needs no index
    a = add_doc(archive, src, "网格化工作")
    assert ids(index, "网格化") == {a}
    assert index.status() == "fresh"
    b = add_doc(archive, src, "網格化工作")            # added after the index was built
    assert index.status() == "stale"
    assert "1 document(s) to index" in index_problems(archive)[0]
    assert index_problems(archive, include_stale=False) == []
    assert ids(index, "网格化") == {a, b}              # every search syncs first
    archive.update_document(b, title="新的标题文字")
    assert ids(index, "新的标题") == {b}
    archive.remove_document(a)
    assert ids(index, "网格化") == {b}
    assert index.status() == "fresh"


def test_update_and_remove_explicitly(archive, src, index):
    a = add_doc(archive, src, "会议纪要")
    index.update([a])
    assert index.status() == "fresh"
    index.remove([a])
    assert index.match_ids("会议") == {a}     # the archive still has it: search re-adds it
    archive.remove_document(a)
    index.update([a])                        # gone from the archive: removed from the index
    assert index.match_ids("会议") == set()


def test_many_updates_keep_few_segments(archive, src, index):
    for n in range(12):
        add_doc(archive, src, f"文件{n}号网格")
        index.sync()
    assert index.match_ids("网格") == set(archive.document_ids())
    index._version.refresh()
    assert len(index._version.ix._segments()) <= 9


def test_rebuild_after_the_index_folder_is_deleted(archive, src, index):
    a = add_doc(archive, src, "网格化工作")
    assert ids(index, "网格化") == {a}
    index.close()
    shutil.rmtree(archive.root / "index")
    assert index.status() == "missing"
    assert index_problems(archive) and "missing" in index_problems(archive)[0]
    assert ids(index, "网格化") == {a}                 # rebuilt by itself
    assert index.status() == "fresh"
    assert index_problems(archive) == []


@pytest.mark.parametrize("damage", ["docs", "whoosh", "segment", "text", "current"])
def test_damaged_index_is_detected_and_rebuilt(archive, src, index, damage):
    a = add_doc(archive, src, "网格化工作会议")
    assert ids(index, "工作会议") == {a}
    folder = index._version.folder
    index.close()
    if damage == "docs":
        (folder / "docs.sqlite").write_bytes(b"not a database at all" * 100)
    elif damage == "whoosh":
        for path in (folder / "whoosh").iterdir():
            if path.suffix == ".toc":
                path.write_bytes(b"garbage")
    elif damage == "segment":  # the postings themselves: noticed only when read
        for path in (folder / "whoosh").iterdir():
            if path.suffix == ".seg":
                data = bytearray(path.read_bytes())
                data[len(data) // 3:] = b"\xff" * (len(data) - len(data) // 3)
                path.write_bytes(bytes(data))
    elif damage == "text":
        (folder / "text.bin").write_bytes(b"")
    else:
        (archive.root / "index" / "CURRENT").write_text("v-nowhere")
    if damage != "segment":
        assert index.status() in ("damaged", "missing")
        assert index_problems(archive)
    assert ids(index, "工作会议") == {a}
    assert index._version.folder != folder              # answered from a rebuilt index
    assert index.status() == "fresh"


def test_rebuild_can_be_cancelled_and_keeps_the_old_index(archive, src, index):
    from evidence_app.errors import Cancelled
    from evidence_app.progress import CancelToken

    a = add_doc(archive, src, "网格化工作")
    index.rebuild()
    token = CancelToken()
    token.cancel()
    with pytest.raises(Cancelled):
        index.rebuild(cancel=token)
    assert ids(index, "网格化") == {a}
    assert len([p for p in (archive.root / "index").iterdir() if p.is_dir()]) == 1


def test_a_read_only_archive_can_still_be_searched(archive_dir, src):
    from evidence_app.archive.archive import Archive

    with Archive.open(archive_dir) as archive:
        a = add_doc(archive, src, "网格化工作")
    with Archive.open(archive_dir, read_only=True) as archive, SearchIndex(archive) as index:
        assert ids(index, "网格化") == {a}


# ------------------------------------------------------------------------ command line
def test_cli_search_reindex_and_batch(archive, src, capsys, tmp_path):
    from evidence_app.cli import main

    a = add_doc(archive, src, "网格化工作会议纪要", title="会议纪要", requirements=["3.2.1"])
    root = str(archive.root)
    assert main(["reindex", root, "--json"]) == 0
    assert json.loads(capsys.readouterr().out) == {"indexed": 1}
    assert main(["search", root, "格化工", "--json"]) == 0
    out = json.loads(capsys.readouterr().out)
    assert out["total"] == 1
    hit = out["hits"][0]
    assert {"id", "title", "page", "snippet", "requirements", "bound"} <= set(hit)
    assert (hit["id"], hit["page"], hit["requirements"]) == (a, 1, ["3.2.1"])
    assert main(["search", root, "会议", "--req", "3.5", "--json"]) == 0
    assert json.loads(capsys.readouterr().out)["total"] == 0
    batch = tmp_path / "questions.txt"
    batch.write_text("网格化\n\n不存在的词\n會議 req:3.2\n", encoding="utf-8")
    assert main(["search", root, "--batch", str(batch), "--json"]) == 0
    lines = [json.loads(line) for line in capsys.readouterr().out.splitlines()]
    assert [line["total"] for line in lines] == [1, 0, 1]
    assert main(["search", root, "网格"]) == 0
    assert "1 document(s) found" in capsys.readouterr().out
    assert main(["search", root]) == 2


def test_import_updates_the_index(archive, tmp_path):
    from evidence_app.intake import add_paths

    with SearchIndex(archive) as index:
        index.rebuild()
    folder = tmp_path / "in"
    folder.mkdir()
    (folder / "纪要.txt").write_text("湘潭市網格化服务管理\n工作会议纪要", encoding="utf-8")
    report = add_paths(archive, [folder], workers=1)
    assert len(report.added) == 1 and not report.warnings
    with SearchIndex(archive) as index:
        assert index.status() == "fresh"               # indexed by the import itself
        [hit] = index.search("网格化服务").hits
        assert hit.id == report.added[0]["id"] and hit.page == 1


def test_a_large_result_page_and_bounded_ranking(archive, src, index):
    docs, paths = [], []
    for n in range(950):
        path = src / f"many{n}.txt"
        text = f"第{n}号共同文本" + "共同" * (n % 7)
        path.write_text(text, encoding="utf-8")
        sha, size = sha256_of(path)
        docs.append(NewDocument(sha256=sha, size=size, original_name=path.name, ext=".txt",
                                kind="text", title=f"标题{n}", title_supplied=False,
                                doc_number=None, date=None, pages=1, page_texts=[text],
                                has_text=True))
        paths.append(path)
    archive.add_documents(docs, paths)
    titled = add_doc(archive, src, "正文", title="共同标题")
    result = index.search("共同", limit=2000)
    assert result.total == 951 and len({h.id for h in result.hits}) == 951
    assert result.hits[0].id == titled          # more than SCORE_ALL_UP_TO: title still first
    assert index.search("共同", limit=5).hits[0].id == titled


def test_a_crash_between_the_two_commits_is_harmless(archive, src, index):
    a = add_doc(archive, src, "网格化工作")
    assert ids(index, "网格化") == {a}
    # Whoosh committed a document the text table never heard of (the process died between)
    writer = index._version.writer()
    writer.add_grams(999, {"网", "格", "网格", "网格化"}, set())
    writer.commit()
    index._version.refresh()
    assert index._version.orphans == {999}
    assert ids(index, "网格化") == {a}
    assert ids(index, "网格") == {a}


def _text_store(index):
    version = index._version
    [store] = list(version.folder.glob("text*.bin"))
    return store


def test_the_text_store_compacts_itself_when_half_of_it_is_dead(archive, src, index):
    reader = SearchIndex(archive)        # another search, opened before the compaction
    long_text = "网格化服务管理工作情况汇报" * 200
    docs = [add_doc(archive, src, f"{long_text}第{n}份") for n in range(6)]
    assert ids(index, "第3份") == {docs[3]}
    assert ids(reader, "第3份") == {docs[3]}
    full = _text_store(index).stat().st_size
    for doc_id in docs[:4]:              # two thirds of the text becomes dead
        archive.remove_document(doc_id)
    assert ids(index, "网格化服务") == set(docs[4:])
    store = _text_store(index)
    assert store.name != "text.bin"      # rewritten under a new name, the old file gone
    assert store.stat().st_size < full / 2
    assert index._version.garbage_ratio() == 0
    assert ids(index, "第5份") == {docs[5]}
    assert ids(reader, "第5份") == {docs[5]} and ids(reader, "第3份") == set()
    reader.close()


def test_a_crash_during_compaction_keeps_the_old_text_store(archive, src, index, monkeypatch):
    from evidence_app.indexing import index as index_module

    docs = [add_doc(archive, src, "矛盾纠纷排查化解" * 300 + f"第{n}份") for n in range(4)]
    index.sync()

    def crash(folder):
        raise OSError("power cut")

    monkeypatch.setattr(index_module, "_fsync_folder", crash)
    for doc_id in docs[:3]:
        archive.remove_document(doc_id)
    with pytest.raises(OSError):
        index.sync()
    monkeypatch.undo()
    index.close()
    with SearchIndex(archive) as fresh:   # what a restarted program sees
        assert ids(fresh, "第3份") == {docs[3]} and ids(fresh, "第0份") == set()
        assert ids(fresh, "矛盾纠纷") == {docs[3]}
        folder = fresh._version.folder
        assert (folder / "text.bin").is_file() and len(list(folder.glob("text*.bin"))) == 2
        later = add_doc(archive, src, "会议纪要")   # the next write compacts, stray included
        assert ids(fresh, "会议纪要") == {later} and ids(fresh, "第3份") == {docs[3]}
        [store] = folder.glob("text*.bin")
        assert store.name != "text.bin"
        assert fresh.status() == "fresh"
