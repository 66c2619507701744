"""Backup while the archive is open for writing, verification, and restore into a new folder."""

from __future__ import annotations

import zipfile

import pytest

from evidence_app.archive.archive import Archive
from evidence_app.archive.backup import backup, restore, verify_backup
from evidence_app.cli import main
from evidence_app.errors import EvidenceError, UsageError
from tests.archive.test_archive import _add_text_document


def test_backup_of_an_archive_in_use_restores_identically(folder_archive, tmp_path):
    archive = folder_archive
    first = _add_text_document(archive, tmp_path, requirements=["3.2.1"])
    _add_text_document(archive, tmp_path, name="b.txt", text="平安建设", mechanisms=["JZ-001"])
    manifest = backup(archive, tmp_path / "out" / "backup.zip")  # archive still held for writing
    assert manifest["objects"] == 2
    _add_text_document(archive, tmp_path, name="after.txt", text="备份之后的材料")
    restore(tmp_path / "out" / "backup.zip", tmp_path / "restored")
    with Archive.open(tmp_path / "restored") as restored:
        assert restored.check().ok
        assert restored.stats()["documents"] == 2  # the snapshot, not what came after
        assert restored.document(first).requirements == ["3.2.1"]
        assert restored.page_texts(first) == ["网格化工作会议纪要"]


def test_damaged_backup_is_refused_and_target_untouched(folder_archive, tmp_path):
    archive = folder_archive
    _add_text_document(archive, tmp_path)
    path = tmp_path / "b.zip"
    backup(archive, path)
    damaged = tmp_path / "damaged.zip"
    with zipfile.ZipFile(path) as src, zipfile.ZipFile(damaged, "w") as out:
        for info in src.infolist():
            data = src.read(info)
            if info.filename.startswith("objects/"):
                data = data + b"x"
            out.writestr(info, data)
    with pytest.raises(EvidenceError, match="damaged"):
        verify_backup(damaged)
    with pytest.raises(EvidenceError, match="damaged"):
        restore(damaged, tmp_path / "r")
    assert not (tmp_path / "r").exists()
    not_zip = tmp_path / "n.zip"
    not_zip.write_bytes(b"hello")
    with pytest.raises(EvidenceError, match="not a readable backup"):
        restore(not_zip, tmp_path / "r")


def test_restore_refuses_a_non_empty_target(folder_archive, tmp_path):
    archive = folder_archive
    backup(archive, tmp_path / "b.zip")
    (tmp_path / "busy").mkdir()
    (tmp_path / "busy" / "file.txt").write_text("x")
    with pytest.raises(UsageError, match="not empty"):
        restore(tmp_path / "b.zip", tmp_path / "busy")


def test_backup_and_restore_commands(archive_dir, tmp_path, capsys):
    assert main(["backup", str(archive_dir), str(tmp_path / "b.zip")]) == 0
    assert main(["restore", str(tmp_path / "b.zip"), str(tmp_path / "copy")]) == 0
    assert main(["check", str(tmp_path / "copy")]) == 0
    assert "archive OK" in capsys.readouterr().out


def test_a_server_archive_is_backed_up_and_restored_to_a_folder_or_a_server(
        server_url, empty_server_url, tmp_path):
    with Archive.open(server_url) as archive:
        first = _add_text_document(archive, tmp_path, requirements=["3.2.1"])
        manifest = backup(archive, tmp_path / "server.zip")
        documents = archive.documents()
    assert manifest["objects"] == 1
    restore(tmp_path / "server.zip", tmp_path / "restored")
    restore(tmp_path / "server.zip", empty_server_url)
    for where in (tmp_path / "restored", empty_server_url):
        with Archive.open(where) as restored:
            assert restored.documents() == documents and restored.check().ok
            assert restored.page_texts(first) == ["网格化工作会议纪要"]
