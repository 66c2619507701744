"""Files staff really receive, that break naive importers: each is handled by name, the rest
of the batch goes on, and `check` passes afterwards."""

from __future__ import annotations

import io
import json
import os

import pytest
from pypdf import PdfWriter

from evidence_app.archive.archive import Archive
from evidence_app.cli import main
from evidence_app.errors import FileRejectedError
from evidence_app.intake import ImportItem, add_paths, import_items


def _pdf(path, password: str | None = None) -> None:
    writer = PdfWriter()
    writer.add_blank_page(595, 842)
    if password is not None:
        writer.encrypt(user_password=password, owner_password="owner-secret")
    buffer = io.BytesIO()
    writer.write(buffer)
    path.write_bytes(buffer.getvalue())


def test_windows_forbidden_characters_and_very_long_paths(archive, tmp_path):
    deep = tmp_path
    for n in range(6):
        deep = deep / (f"第{n}层 关于进一步加强矛盾纠纷多元化解工作的若干意见材料汇编" * 1)
    deep.mkdir(parents=True)
    odd = deep / 'a:b*c?"d"<e>|f 工作台账.txt'
    odd.write_text("网格员走访台账", encoding="utf-8")
    assert len(str(odd)) > 260
    report = add_paths(archive, [tmp_path])  # tmp_path also holds the archive folder itself
    assert not report.errors and len(report.added) == 1
    assert any("own folder was skipped" in w["message"] for w in report.warnings)
    again = add_paths(archive, [archive.root / "objects"])
    assert "inside the archive itself" in again.errors[0]["reason"] and not again.added
    doc = archive.document(report.added[0]["id"])
    assert doc.original_name == 'a:b*c?"d"<e>|f 工作台账.txt'
    # stored under its hash, so the name can never be a problem on any file system
    assert archive.original_path(doc).name == doc.sha256
    assert archive.check().ok


def test_encrypted_pdfs_empty_password_imported_real_password_explained(archive, tmp_path):
    _pdf(tmp_path / "open.pdf", password="")
    _pdf(tmp_path / "locked.pdf", password="s3cret")
    report = add_paths(archive, [tmp_path])
    assert [os.path.basename(a["path"]) for a in report.added] == ["open.pdf"]
    [error] = report.errors
    assert error["path"].endswith("locked.pdf") and "password" in error["reason"]
    assert archive.check().ok


def test_file_that_vanishes_after_listing_is_reported_and_batch_goes_on(archive, tmp_path):
    keep = tmp_path / "keep.txt"
    keep.write_text("保留的材料", encoding="utf-8")
    gone = tmp_path / "gone.txt"
    gone.write_text("将被删除", encoding="utf-8")
    items = [ImportItem(path=gone), ImportItem(path=keep)]
    gone.unlink()  # removed by its owner between listing and reading
    report = import_items(archive, items)
    assert len(report.added) == 1 and "disappeared" in report.errors[0]["reason"]
    assert archive.check().ok


def test_file_changing_while_copied_is_rejected_without_a_trace(archive, tmp_path, monkeypatch):
    from evidence_app.archive import store

    source = tmp_path / "growing.txt"
    source.write_text("正在写入的文件", encoding="utf-8")
    real_put = store.ObjectStore.put

    def put_after_change(self, path, sha256):
        path.write_text("内容已经变了", encoding="utf-8")
        return real_put(self, path, sha256)

    monkeypatch.setattr(store.ObjectStore, "put", put_after_change)
    report = add_paths(archive, [source])
    assert not report.added and "changed while it was being imported" in report.errors[0]["reason"]
    assert archive.stats()["documents"] == 0
    assert not any(p for p in (archive.root / "objects").rglob("*") if p.is_file())
    assert archive.check().ok


def test_unreadable_file_is_reported(archive, tmp_path, monkeypatch):
    from evidence_app.archive import store

    locked = tmp_path / "locked.txt"
    locked.write_text("无权读取", encoding="utf-8")
    real_open = open

    def deny(path, *args, **kwargs):
        if str(path) == str(locked):
            raise PermissionError(13, "Permission denied", str(path))
        return real_open(path, *args, **kwargs)

    monkeypatch.setattr(store, "open", deny, raising=False)
    with pytest.raises(FileRejectedError, match="permission denied"):
        store.sha256_of(locked)


def test_whole_batch_of_bad_files_through_the_cli(archive_dir, tmp_path, capsys):
    bad = tmp_path / "bad"
    bad.mkdir()
    (bad / "truncated.pdf").write_bytes(b"%PDF-1.7\n1 0 obj << /Type /Catalog")
    (bad / "garbage.pdf").write_bytes(os.urandom(2048))
    (bad / "notzip.docx").write_bytes(b"this is not a zip file")
    (bad / "zero.txt").write_bytes(b"")
    (bad / "binary.txt").write_bytes(b"\x00\x01\x02\x03" * 100)
    (bad / "fine.txt").write_text("正常材料", encoding="utf-8")
    code = main(["add", str(archive_dir), str(bad), "--json"])
    data = json.loads(capsys.readouterr().out)
    assert code == 0 and len(data["added"]) == 1
    reasons = {os.path.basename(e["path"]): e["reason"] for e in data["errors"]}
    assert set(reasons) == {"truncated.pdf", "garbage.pdf", "notzip.docx", "zero.txt",
                            "binary.txt"}
    assert all(reason.strip() for reason in reasons.values())
    with Archive.open(archive_dir, read_only=True) as archive:
        assert archive.check().ok


def _broken_xref_pdf() -> bytes:
    import re

    writer = PdfWriter()
    writer.add_blank_page(595, 842)
    buffer = io.BytesIO()
    writer.write(buffer)
    data = buffer.getvalue()
    start = data.rindex(b"xref")
    return data[:start] + re.sub(rb"\d{10} 00000 n", b"9999999999 00000 n", data[start:])


LOOPING_PDF = (b"%PDF-1.4\n1 0 obj << /Type /Catalog /Pages 2 0 R >> endobj\n"
               b"2 0 obj << /Type /Pages /Kids [2 0 R] /Count 1 >> endobj\n"
               b"trailer << /Root 1 0 R >>\n%%EOF\n")


def test_broken_cross_reference_table_and_reference_loop_do_not_hang(archive, tmp_path):
    (tmp_path / "xref.pdf").write_bytes(_broken_xref_pdf())
    (tmp_path / "loop.pdf").write_bytes(LOOPING_PDF)
    (tmp_path / "ok.txt").write_text("正常", encoding="utf-8")
    report = add_paths(archive, [tmp_path])
    # pdfium repairs the cross-reference table and stops at the loop: each file is either
    # imported or reported by name, and the batch finishes
    names = sorted([os.path.basename(a["path"]) for a in report.added]
                   + [os.path.basename(e["path"]) for e in report.errors])
    assert names == ["loop.pdf", "ok.txt", "xref.pdf"]
    assert "ok.txt" in [os.path.basename(a["path"]) for a in report.added]
    assert archive.check().ok


def test_pdf_with_empty_password_is_bound_into_its_volume(archive, tmp_path):
    from pypdf import PdfReader

    from evidence_app.export import BatchOptions, compile_batch

    writer = PdfWriter()
    writer.add_blank_page(595, 842)
    writer.add_blank_page(595, 842)
    writer.encrypt(user_password="", owner_password="owner-secret", algorithm="AES-256")
    source = tmp_path / "加密但无打开密码.pdf"
    with open(source, "wb") as handle:
        writer.write(handle)
    report = add_paths(archive, [source], requirements=["3.2.1"])
    assert len(report.added) == 1
    result = compile_batch(archive, tmp_path / "out", BatchOptions(only=["3.2.1"], jobs=1))
    assert not result.errors
    [volume] = result.volumes
    bound = volume["documents"][0]
    assert (bound["first_page"], bound["last_page"]) == (1, 2)
    assert len(PdfReader(volume["path"]).pages) == volume["pages"] >= 2 + 3  # + cover etc.
