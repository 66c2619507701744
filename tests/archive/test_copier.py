"""Moving an archive between homes: `migrate` copies everything (catalogue, documents, page
text, tags, volumes, audit log, settings, OCR queue, suggestions, originals) and verifies it;
`snapshot` makes a read-only folder copy of a server archive."""

from __future__ import annotations

import json

import pytest

from evidence_app.archive import (Archive, BoundDocument, VolumeRecord, copy_archive,
                                  page_sources, record_folders, record_volumes,
                                  reject_suggestion, snapshot_of, store_ocr_page)
from evidence_app.cli import main
from evidence_app.errors import UsageError
from tests.archive.test_archive import _add_text_document
from tests.archive.test_ocr_pages import _add_scan


def _everything(archive) -> dict:
    """All an archive holds, as its interface shows it (ids included)."""
    return {"stats": archive.stats(), "settings": archive.settings(),
            "documents": [d.as_json() for d in archive.documents()],
            "requirements": archive.requirements(), "mechanisms": archive.mechanisms(),
            "units": archive.units(), "audit": archive.audit_log(),
            "pages": {d: page_sources(archive, d) for d in archive.document_ids()},
            "originals": {d: archive.original_path(d).read_bytes()
                          for d in archive.document_ids()}}


def _fill(archive, folder) -> None:
    text = _add_text_document(archive, folder, requirements=["3.2.1"], mechanisms=["JZ-002"])
    scan = _add_scan(archive, folder, pages=2)
    store_ocr_page(archive, scan, 1, "第一页", 0.91)       # page 2 still waits for OCR
    archive.update_document(text, issuer="市司法局")
    archive.tag([scan], requirements=["3.2.2"])
    reject_suggestion(archive, scan, "requirement", "1.1.1")
    record_folders(archive, {scan: "扫描件/2021"})
    record_volumes(archive, [VolumeRecord("requirement:3.2.1", 1, 1, "SZZL-2021-001", "卷",
                                          "v1.pdf", 3, 5, "a" * 64, "b" * 64,
                                          [BoundDocument(text, 1, 1, 1, 3)])], folder="out")
    archive.set_setting("compiled_by", "张三")


def test_migrate_to_a_server_copies_everything_and_verifies_it(archive_dir, empty_server_url,
                                                               tmp_path):
    with Archive.open(archive_dir) as folder:
        _fill(folder, tmp_path)
        before = _everything(folder)
        report = copy_archive(folder, empty_server_url)
    assert report.rows["page_text"] == 3 and report.originals == 2
    assert report.rows["ocr_queue"] == 1 and report.rows["suggestion_rejections"] == 1
    with Archive.open(empty_server_url) as server:
        after = _everything(server)
        assert after.pop("audit")[-1]["action"] == "migrate-in"
        assert after == {k: v for k, v in before.items() if k != "audit"}
        assert server.check().ok
        newest = _add_text_document(server, tmp_path, name="new.txt", text="迁移后的新材料")
        assert newest == max(d["id"] for d in before["documents"]) + 1   # ids continue


def test_a_snapshot_is_a_read_only_folder_copy_of_the_server(server_url, tmp_path):
    with Archive.open(server_url) as server:
        _fill(server, tmp_path)
        before = _everything(server)
    assert main(["snapshot", server_url, str(tmp_path / "room"), "--json"]) == 0
    with Archive.open(tmp_path / "room") as copy:
        assert copy.read_only and snapshot_of(copy) == server_url
        after = _everything(copy)
        assert after.pop("settings") == dict(before.pop("settings"), snapshot_of=server_url)
        audit = after.pop("audit")
        assert audit[:-1] == before.pop("audit") and audit[-1]["action"] == "snapshot"
        assert after == before
        with pytest.raises(UsageError, match="read-only"):
            copy.tag([1], requirements=["1.1.1"])
    assert not (tmp_path / "room" / "archive.lock").exists()


def test_the_migrate_command_refuses_a_target_that_is_not_empty(archive_dir, server_url,
                                                                 capsys):
    assert main(["migrate", str(archive_dir), server_url]) != 0
    assert "not empty" in capsys.readouterr().err
    assert main(["migrate", str(archive_dir), str(archive_dir)]) != 0


def test_the_migrate_command_reports_what_it_copied(archive_dir, empty_server_url, capsys):
    assert main(["migrate", str(archive_dir), empty_server_url, "--json"]) == 0
    data = json.loads(capsys.readouterr().out)
    assert data["rows"]["requirements"] == 6 and data["originals"] == 0
    assert main(["check", empty_server_url]) == 0
