"""The OCR queue in the archive: migration from versions 3 and 5, queued pages, storing page
by page (with where its lines stand) with one audit row per finished document, filling only
empty unedited fields, and `check`."""

from __future__ import annotations

from evidence_app.archive import (Archive, next_ocr_jobs, ocr_backlog, ocr_page_numbers,
                                  ocr_texts, page_sources, retry_unreadable, schema,
                                  store_ocr_page)
from evidence_app.archive.records import NewDocument
from evidence_app.archive.store import sha256_of
from tests.archive_states import (as_version_3, as_version_5, read_database,
                                  write_rows_directly)


def _add_scan(archive, folder, name="scan_001.png", pages=3, awaiting=None, text_pages=None):
    source = folder / name
    source.write_bytes(name.encode() * 7)
    sha, size = sha256_of(source)
    texts = text_pages or [""] * pages
    [doc_id] = archive.add_documents([NewDocument(
        sha256=sha, size=size, original_name=name, ext=".png", kind="image",
        title="scan 001", title_supplied=True, doc_number=None, date=None, pages=len(texts),
        page_texts=texts, has_text=any(texts),
        awaiting_ocr=list(range(1, len(texts) + 1)) if awaiting is None else awaiting)],
        [source])
    return doc_id


def test_version_3_archive_is_migrated_with_its_page_text_marked_as_text(archive_dir, tmp_path):
    with Archive.open(archive_dir) as archive:
        source = tmp_path / "a.txt"
        source.write_text("网格化", encoding="utf-8")
        sha, size = sha256_of(source)
        [doc_id] = archive.add_documents([NewDocument(
            sha256=sha, size=size, original_name="a.txt", ext=".txt", kind="text",
            title="网格化", title_supplied=False, doc_number=None, date=None, pages=1,
            page_texts=["网格化"], has_text=True)], [source])
        scan = _add_scan(archive, tmp_path, text_pages=["", "第二页有文字"], awaiting=[])
    as_version_3(archive_dir)          # written by version 3: nothing said what needs OCR
    with Archive.open(archive_dir) as archive:
        assert read_database(archive, "PRAGMA user_version")[0][0] == schema.SCHEMA_VERSION
        [page] = page_sources(archive, doc_id)
        assert (page.source, page.confidence, page.text) == ("text", None, "网格化")
        # the empty page of an image is queued, the one with text is not
        assert [(p.source, p.waiting) for p in page_sources(archive, scan)] == [
            ("none", True), ("text", False)]
        assert ocr_backlog(archive).pending == 1
        assert archive.check().ok
        _add_scan(archive, tmp_path, name="new.png")     # and the queue works on
        assert ocr_backlog(archive).pending == 4


LAYOUT = {"size": [1240, 1754], "rotation": 90,
          "lines": [["关于加强网格化服务管理工作的通知", 210, 180, 1030, 236]]}


def test_version_5_archive_keeps_its_ocr_text_and_stores_line_positions_after(archive_dir,
                                                                              tmp_path):
    with Archive.open(archive_dir) as archive:
        old = _add_scan(archive, tmp_path, pages=1)
        store_ocr_page(archive, old, 1, "第一页", 0.9)
        new = _add_scan(archive, tmp_path, name="new.png", pages=1)
    as_version_5(archive_dir)          # written by version 5: no line positions
    with Archive.open(archive_dir) as archive:
        assert read_database(archive, "PRAGMA user_version")[0][0] == schema.SCHEMA_VERSION
        store_ocr_page(archive, new, 1, "关于加强网格化服务管理工作的通知", 0.97, layout=LAYOUT)
        # text read before keeps being laid over its page, spread down it as before
        assert ocr_texts(archive, [old, new]) == {
            old: {1: ("第一页", None)},
            new: {1: ("关于加强网格化服务管理工作的通知", LAYOUT)}}
        assert archive.check().ok


def test_pages_are_stored_one_by_one_and_the_last_one_audits_and_fills(home, tmp_path):
    with Archive.open(home) as archive:
        doc_id = _add_scan(archive, tmp_path)
        assert ocr_backlog(archive).pending == 3 and ocr_backlog(archive).documents == 1
        [job] = next_ocr_jobs(archive)
        assert (job.document_id, job.pages, job.kind) == (doc_id, [1, 2, 3], "image")
        generation = archive.generation()
        fill = {"title": "关于加强网格化服务管理工作的通知", "doc_number": "潭政办发〔2021〕12号",
                "issuer": "湘潭市人民政府办公室", "date": "20210312"}
        assert store_ocr_page(archive, doc_id, 1, "关于加强网格化服务管理工作的通知", 0.97) is None
        assert store_ocr_page(archive, doc_id, 2, "", 0.0,
                              unreadable="OSError: truncated") is None
        assert archive.generation() == generation   # no audit row per page
        assert store_ocr_page(archive, doc_id, 3, "湘潭市人民政府办公室", 0.9, fill=fill) == fill
        assert archive.generation() > generation
        [row] = archive.audit_log(actions=["ocr"])
        assert row["detail"] == {"pages": 2, "unreadable": 1, "filled": fill}
        doc = archive.document(doc_id)
        assert (doc.title, doc.title_supplied, doc.doc_number, doc.date, doc.has_text) == (
            fill["title"], False, fill["doc_number"], "20210312", True)
        sources = page_sources(archive, doc_id)
        assert [(p.source, p.waiting) for p in sources] == [("ocr", False), ("none", False),
                                                            ("ocr", False)]
        assert sources[1].reason == "OSError: truncated" and sources[0].confidence == 0.97
        assert ocr_page_numbers(archive, [doc_id]) == {doc_id: {1, 3}}
        assert ocr_backlog(archive).unreadable == 1 and not next_ocr_jobs(archive)
        assert archive.check().ok
        assert retry_unreadable(archive) == 1 and next_ocr_jobs(archive)[0].pages == [2]


def test_ocr_never_overwrites_a_field_a_person_edited_or_one_already_set(home,
                                                                          tmp_path):
    with Archive.open(home) as archive:
        doc_id = _add_scan(archive, tmp_path, pages=1)
        archive.update_document(doc_id, title="会议照片", issuer="市委政法委")
        archive.update_document(doc_id, date="")   # emptied by hand: stays empty
        filled = store_ocr_page(archive, doc_id, 1, "x", 0.8, fill={
            "title": "关于…的通知", "issuer": "别的单位", "date": "20200101",
            "doc_number": "潭政办发〔2021〕12号"})
        assert filled == {"doc_number": "潭政办发〔2021〕12号"}
        doc = archive.document(doc_id)
        assert (doc.title, doc.issuer, doc.date) == ("会议照片", "市委政法委", None)


def test_removing_a_document_drops_its_queue_and_check_stays_green(home, tmp_path):
    with Archive.open(home) as archive:
        doc_id = _add_scan(archive, tmp_path)
        store_ocr_page(archive, doc_id, 1, "第一页", 0.9)
        archive.remove_document(doc_id)
        assert ocr_backlog(archive).pending == 0
        assert store_ocr_page(archive, doc_id, 2, "late answer", 0.9) is None
        assert archive.check().ok


def test_check_reports_a_page_without_text_that_nothing_will_read(home, tmp_path):
    with Archive.open(home) as archive:
        doc_id = _add_scan(archive, tmp_path, pages=2)
        with write_rows_directly(archive) as conn:
            conn.execute("DELETE FROM ocr_queue WHERE page = 2")
            conn.execute("INSERT INTO ocr_queue(document_id, page) VALUES (?, 9)", (doc_id,))
        problems = archive.check().problems
        assert any("page 2 has no text source" in p for p in problems)
        assert any("page 9 is queued for OCR but the document has no such page" in p
                   for p in problems)


def test_only_the_listed_pages_wait_and_text_pages_keep_their_text(home, tmp_path):
    with Archive.open(home) as archive:
        doc_id = _add_scan(archive, tmp_path, awaiting=[2], text_pages=["正文第一页", ""])
        assert [(p.source, p.waiting) for p in page_sources(archive, doc_id)] == [
            ("text", False), ("none", True)]
        with archive.snapshot():
            [facts] = [f for f in archive.index_facts() if f[0] == doc_id]
        assert facts[5:] == (0, 0)     # not searchable inside while a page waits
        store_ocr_page(archive, doc_id, 2, "扫描第二页", 0.9)
        [facts] = [f for f in archive.index_facts() if f[0] == doc_id]
        assert facts[5:] == (1, 1)
        assert archive.page_texts(doc_id) == ["正文第一页", "扫描第二页"]
