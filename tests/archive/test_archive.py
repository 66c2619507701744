"""The Archive object: opening rules, documents, tags and undo, editing, audit, check."""

from __future__ import annotations

import sqlite3

import pytest

from evidence_app.archive import schema
from evidence_app.archive.archive import Archive
from evidence_app.archive.records import NewDocument
from evidence_app.archive.store import sha256_of
from evidence_app.errors import (ArchiveLockedError, ArchiveTooNewError, EditConflictError,
                                 NotAnArchiveError, NotFoundError, Reason, UsageError)
from tests.archive_states import as_version_3, read_database, write_rows_directly


def _add_text_document(archive, folder, name="纪要.txt", text="网格化工作会议纪要", **tags):
    source = folder / name
    source.write_text(text, encoding="utf-8")
    sha, size = sha256_of(source)
    [doc_id] = archive.add_documents([NewDocument(
        sha256=sha, size=size, original_name=name, ext=".txt", kind="text", title=text,
        title_supplied=False, doc_number=None, date=None, pages=1, page_texts=[text],
        has_text=True, **tags)], [source])
    return doc_id


def test_open_refuses_a_folder_that_is_not_an_archive(tmp_path):
    with pytest.raises(NotAnArchiveError, match="not an evidence archive"):
        Archive.open(tmp_path)
    with pytest.raises(NotAnArchiveError, match="does not exist"):
        Archive.open(tmp_path / "missing")
    other = tmp_path / "other"
    other.mkdir()
    sqlite3.connect(other / "archive.sqlite").execute("CREATE TABLE x(y)").connection.commit()
    with pytest.raises(NotAnArchiveError, match="some other program"):
        Archive.open(other)


def test_create_refuses_a_non_empty_folder(tmp_path):
    (tmp_path / "keep.txt").write_text("x")
    with pytest.raises(UsageError, match="not empty"):
        Archive.create(tmp_path)


def test_archive_from_a_newer_program_is_refused(archive_dir):
    conn = sqlite3.connect(archive_dir / "archive.sqlite")
    conn.execute(f"PRAGMA user_version = {schema.SCHEMA_VERSION + 1}")
    conn.close()
    with pytest.raises(ArchiveTooNewError, match="newer version"):
        Archive.open(archive_dir)


def test_older_schema_is_migrated_in_one_step(archive_dir, monkeypatch):
    def add_column(conn):
        conn.execute("ALTER TABLE documents ADD COLUMN reviewed INTEGER NOT NULL DEFAULT 0")

    monkeypatch.setattr(schema, "SCHEMA_VERSION", schema.SCHEMA_VERSION + 1)
    monkeypatch.setitem(schema.MIGRATIONS, schema.SCHEMA_VERSION - 1, add_column)
    with Archive.open(archive_dir) as archive:
        columns = [r[1] for r in read_database(archive, "PRAGMA table_info(documents)")]
        assert "reviewed" in columns
        assert read_database(archive, "PRAGMA user_version")[0][0] == schema.SCHEMA_VERSION
        assert archive.audit_log()[-1]["action"] == "migrate"
        assert archive.stats()["requirements"] == 6


def test_version_2_archive_gains_the_table_of_unlocked_sources(archive_dir, tmp_path):
    # what an archive written before password-protected PDFs could be imported looks like
    as_version_3(archive_dir)
    conn = sqlite3.connect(archive_dir / "archive.sqlite")
    conn.execute("DROP TABLE document_sources")
    conn.execute("PRAGMA user_version = 2")
    conn.commit()
    conn.close()
    with pytest.raises(UsageError, match="older archive format"):
        Archive.open(archive_dir, read_only=True)
    with Archive.open(archive_dir) as archive:
        assert read_database(archive, "PRAGMA user_version")[0][0] == schema.SCHEMA_VERSION
        doc_id = _add_text_document(archive, tmp_path, unlocked_from="f" * 64)
        assert archive.document_id_for_sha("f" * 64) == doc_id
        assert archive.document(doc_id).password_removed
        assert archive.check().ok


def test_second_writer_is_refused_naming_the_holder_reader_allowed(archive_dir):
    with Archive.open(archive_dir):
        with pytest.raises(ArchiveLockedError, match="open for writing by"):
            Archive.open(archive_dir)
        with Archive.open(archive_dir, read_only=True) as reader:
            assert reader.stats()["requirements"] == 6
    with Archive.open(archive_dir):  # released on close
        pass


def test_stale_lock_of_a_dead_process_is_cleared(archive_dir):
    import json
    import platform

    (archive_dir / "archive.lock").write_text(json.dumps(
        {"user": "someone", "host": platform.node(), "pid": 2 ** 22 + 12345,
         "since": "2026-01-01T08:00:00"}))
    with Archive.open(archive_dir) as archive:
        assert archive.stats()["tasks"] == 4


def test_documents_tags_and_exact_undo(archive, tmp_path):
    first = _add_text_document(archive, tmp_path, requirements=["3.2.1"])
    second = _add_text_document(archive, tmp_path, name="b.txt", text="雪亮工程建设方案")
    assert [d.id for d in archive.documents(untagged=True)] == [second]
    change = archive.tag([first, second], requirements=["3.2.1", "3.2.2"], mechanisms=["JZ-002"])
    # first already had 3.2.1: only the really new pairs are recorded
    assert sorted(change.added_requirements) == [(first, "3.2.2"), (second, "3.2.1"),
                                                 (second, "3.2.2")]
    assert change.added_mechanisms == [(first, "JZ-002"), (second, "JZ-002")]
    assert archive.documents(untagged=True) == []
    assert [d.id for d in archive.documents(requirement="3.2")] == [first, second]  # task code
    undone = archive.undo_tags(change)
    assert archive.document(first).requirements == ["3.2.1"]
    assert archive.document(second).requirements == []
    assert archive.document(first).mechanisms == []
    redone = archive.undo_tags(undone, redo=True)                         # Ctrl+Y
    assert sorted(redone.added_requirements) == sorted(change.added_requirements)
    assert archive.document(second).requirements == ["3.2.1", "3.2.2"]
    archive.undo_tags(redone)
    removed = archive.tag([first], requirements=["3.2.1"], remove=True)
    assert removed.removed_requirements == [(first, "3.2.1")]
    actions = [e["action"] for e in archive.audit_log()]
    assert actions.count("tag") == 2 and actions.count("undo") == 4     # a row per document
    assert actions.count("redo") == 2 and actions.count("untag") == 1
    assert archive.audit_log()[-1]["user"]


def test_document_ids_answer_every_filter_as_documents_does(archive, tmp_path):
    first = _add_text_document(archive, tmp_path, requirements=["3.2.1"], mechanisms=["JZ-002"],
                               source_unit="市司法局")
    second = _add_text_document(archive, tmp_path, name="b.txt", text="雪亮工程建设方案")
    archive.update_document(second, date="2021年3月12日")
    cases = [({"requirement": "3.2"}, [first]), ({"mechanism": "JZ-002"}, [first]),
             ({"unit": "市司法局"}, [first]), ({"kind": "text"}, [first, second]),
             ({"tagged": True}, [first]), ({"untagged": True}, [second]),
             ({"dated": ("20210301", "20210331")}, [second]),
             ({"dated": ("20210401", "99999999")}, []),
             ({"ids": [second, 999]}, [second]), ({"ids": []}, []),
             ({"kind": "text", "untagged": True}, [second]), ({}, [first, second])]
    for filters, expected in cases:
        assert archive.document_ids(**filters) == expected, filters
        assert [d.id for d in archive.documents(**filters)] == expected, filters


def test_reads_for_search_and_coverage(archive, tmp_path):
    first = _add_text_document(archive, tmp_path, requirements=["3.2.2", "3.2.1"],
                               mechanisms=["JZ-002"])
    second = _add_text_document(archive, tmp_path, name="b.txt", text="雪亮工程建设方案")
    assert archive.has_documents()
    assert archive.tag_pairs() == ([(first, "3.2.1"), (first, "3.2.2")], [(first, "JZ-002")])
    assert archive.tag_pairs([second]) == ([], [])
    [(facts, texts)] = archive.text_sources([second, 999])
    assert facts == archive.index_facts()[1] and facts.id == second and facts.pages == 1
    assert texts == ["雪亮工程建设方案"] == archive.page_texts(second, [1, 2])
    before = archive.generation()
    archive.tag([second], requirements=["3.2.1"])
    assert archive.generation() > before
    assert archive.last_change_date() == archive.last_change_date(ignoring=["compile"])
    entries = archive.audit_log(actions=["add"], until_day="2999-12-31")
    assert [e["target"] for e in entries] == [f"document {first}", f"document {second}"]
    assert archive.audit_log(actions=["add"], until_day="2000-01-01") == []


def test_a_snapshot_sees_one_state_while_another_program_writes(archive, tmp_path):
    first = _add_text_document(archive, tmp_path)
    with archive.snapshot():
        assert archive.document_ids() == [first]
        with write_rows_directly(archive) as conn:  # another program adds a document
            conn.execute("INSERT INTO documents(sha256, size, original_name, ext, kind, title, "
                         "pages, imported_at, imported_by) VALUES (?, 1, 'x.txt', '.txt', "
                         "'text', 't', 1, '2021-01-01T00:00:00', 'test')", ("0" * 64,))
        assert archive.document_ids() == [first]
        with archive.snapshot():  # nested: the same state
            assert archive.document_ids() == [first]
    assert len(archive.document_ids()) == 2


def test_tagging_with_unknown_code_changes_nothing(archive, tmp_path):
    doc = _add_text_document(archive, tmp_path)
    with pytest.raises(NotFoundError, match="3.2 is a task"):
        archive.tag([doc], requirements=["3.2.1", "3.2"])
    with pytest.raises(NotFoundError, match="no mechanism"):
        archive.tag([doc], mechanisms=["JZ-999"])
    with pytest.raises(NotFoundError, match="no document"):
        archive.tag([doc, 999], requirements=["3.2.1"])
    assert archive.document(doc).requirements == []


def test_edit_validates_and_normalises(archive, tmp_path):
    doc = _add_text_document(archive, tmp_path)
    edited = archive.update_document(doc, doc_number="潭政办发（2021）12号",
                                     date="二〇二一年三月十二日", issuer="市司法局",
                                     source_unit="市司法局")
    assert (edited.doc_number, edited.date, edited.issuer) == ("潭政办发〔2021〕12号",
                                                              "20210312", "市司法局")
    assert edited.source_unit == "市司法局"
    with pytest.raises(UsageError, match="not a date"):
        archive.update_document(doc, date="2021-02-30")
    with pytest.raises(UsageError, match="not a document number"):
        archive.update_document(doc, doc_number="十二号文")
    with pytest.raises(UsageError, match="cannot edit"):
        archive.update_document(doc, sha256="0" * 64)
    assert archive.document(doc).date == "20210312"
    assert archive.audit_log()[-1]["action"] == "edit"


def test_check_finds_missing_and_altered_originals(folder_archive, tmp_path):
    archive = folder_archive
    doc = _add_text_document(archive, tmp_path)
    second = _add_text_document(archive, tmp_path, name="c.txt", text="平安建设考评")
    assert archive.check().ok
    path = archive.original_path(doc)
    path.chmod(0o644)
    path.write_text("篡改", encoding="utf-8")
    archive.original_path(second).unlink()
    result = archive.check()
    assert not result.ok
    assert any("altered" in p for p in result.problems)
    assert any("missing" in p for p in result.problems)


def test_unreferenced_object_is_a_note_not_a_problem(archive, tmp_path):
    source = tmp_path / "x.txt"
    source.write_text("孤立文件")
    sha, _ = sha256_of(source)
    archive.objects.put(source, sha)  # as if an import was killed before its commit
    result = archive.check()
    assert result.ok and "belong to no document" in result.notes[0]


def test_remove_document_deletes_row_tags_and_original(archive, tmp_path):
    doc = _add_text_document(archive, tmp_path, requirements=["1.1.1"])
    path = archive.original_path(doc)
    archive.remove_document(doc)
    assert not path.exists()
    assert archive.stats()["requirement_tags"] == 0
    assert archive.check().ok


def test_archive_folder_is_portable(archive_dir, tmp_path):
    with Archive.open(archive_dir) as archive:
        doc = _add_text_document(archive, tmp_path, requirements=["1.1.1"])
    moved = tmp_path / "elsewhere" / "copy"
    archive_dir.rename(tmp_path / "moved")
    (tmp_path / "elsewhere").mkdir()
    (tmp_path / "moved").rename(moved)
    with Archive.open(moved) as archive:
        assert archive.check().ok
        assert archive.document(doc).requirements == ["1.1.1"]


def test_a_version_1_archive_gains_the_volume_tables(tmp_path):
    from evidence_app.archive.archive import APP_ID, DEFAULT_SETTINGS

    root = tmp_path / "old"
    root.mkdir()
    conn = sqlite3.connect(root / "archive.sqlite")
    conn.executescript(schema.SCHEMA_V1)
    conn.executemany("INSERT INTO meta VALUES (?, ?)", DEFAULT_SETTINGS.items())
    conn.execute(f"PRAGMA application_id = {APP_ID}")
    conn.execute("PRAGMA user_version = 1")
    conn.commit()
    conn.close()
    with Archive.open(root) as archive:
        tables = {r[0] for r in read_database(
            archive, "SELECT name FROM sqlite_master WHERE type='table'")}
        assert {"volumes", "volume_documents"} <= tables
        assert read_database(archive, "PRAGMA user_version")[0][0] == schema.SCHEMA_VERSION
        assert archive.check().ok


def test_an_edit_from_an_old_reading_is_refused_showing_both_versions(archive, tmp_path):
    doc = _add_text_document(archive, tmp_path)
    seen = archive.document(doc)
    assert seen.version == 1
    theirs = archive.update_document(doc, seen_version=seen.version, issuer="市司法局")
    assert theirs.version == 2
    with pytest.raises(EditConflictError) as refused:    # still editing what version 1 showed
        archive.update_document(doc, seen_version=seen.version, issuer="市公安局", note="我的")
    assert (refused.value.seen, refused.value.current) == (1, 2)
    assert refused.value.mine == {"issuer": "市公安局", "note": "我的"}
    assert refused.value.theirs.issuer == "市司法局"
    assert refused.value.reason is Reason.EDIT_CONFLICT
    assert archive.document(doc).issuer == "市司法局"             # nothing overwritten
    assert [e["action"] for e in archive.audit_log()].count("edit") == 1
    assert archive.update_document(doc, seen_version=2, note="我的").version == 3


def test_undo_takes_back_a_chain_of_one_s_own_changes_in_order(archive, tmp_path):
    doc = _add_text_document(archive, tmp_path)
    first = archive.tag([doc], requirements=["3.2.1"])
    second = archive.tag([doc], requirements=["3.2.1"], remove=True)
    archive.undo_tags(second)                                   # Ctrl+Z: 3.2.1 is back
    assert archive.document(doc).requirements == ["3.2.1"]
    assert archive.undo_tags(first).removed_requirements == [(doc, "3.2.1")]   # Ctrl+Z again
    assert archive.document(doc).requirements == []
