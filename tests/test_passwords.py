"""Password-protected PDFs: refused with a reason that says a password would help, then
imported as an unprotected copy once the user gives the password (core and CLI; the window's
dialog is tested in tests/ui)."""

from __future__ import annotations

import json
from pathlib import Path

import pypdfium2 as pdfium
import pytest
from pypdf import PdfReader, PdfWriter

from evidence_app.archive.store import sha256_of
from evidence_app.cli import main
from evidence_app.errors import PasswordRequiredError
from evidence_app.intake import (ImportItem, add_paths, extract_safely, import_items,
                                 retry_with_passwords)
from tests.intake.test_extract import make_pdf

PASSWORD = "s3cret-口令"


def locked_pdf(path: Path, text: str, password: str = PASSWORD) -> Path:
    path.parent.mkdir(parents=True, exist_ok=True)
    plain = make_pdf(path.with_name(path.stem + "-plain.pdf"), [[text]])
    writer = PdfWriter(clone_from=str(plain))
    writer.encrypt(user_password=password, owner_password="owner-only", algorithm="AES-256")
    writer.write(str(path))
    plain.unlink()
    return path


def test_refusal_crosses_the_sandbox_as_a_password_error(tmp_path):
    with pytest.raises(PasswordRequiredError, match="^password-protected PDF"):
        extract_safely(locked_pdf(tmp_path / "locked.pdf", "会议纪要"))


def test_locked_pdf_is_stored_unprotected_once_its_password_is_given(archive, tmp_path):
    source = locked_pdf(tmp_path / "incoming" / "纪要.pdf", "矛盾纠纷调处专题会议纪要")
    report = add_paths(archive, [source], requirements=["1.1.1"])
    [error] = report.errors
    assert error["needs_password"] is True and error["path"] == str(source)
    assert [item.path for item in report.locked] == [source]

    retry_with_passwords(archive, report, {str(source): "wrong"})
    [error] = report.errors
    assert error["reason"].startswith("wrong password") and error["needs_password"]
    assert not report.added and archive.document_ids() == []
    assert not any((archive.objects.tmp).glob("unlocked-*")), "decrypted copy left behind"

    retry_with_passwords(archive, report, {str(source): PASSWORD})
    assert report.errors == [] and report.locked == []
    [added] = report.added
    doc = archive.document(added["id"])
    assert doc.password_removed and doc.original_name == "纪要.pdf"
    assert doc.requirements == ["1.1.1"], "the tags of the first attempt are kept"
    assert "矛盾纠纷调处专题会议纪要" in archive.page_texts(doc.id)[0]
    stored = archive.original_path(doc)
    assert not PdfReader(str(stored)).is_encrypted
    assert len(pdfium.PdfDocument(str(stored))) == 1
    assert not any(archive.objects.tmp.glob("unlocked-*"))
    [entry] = [e for e in archive.audit_log() if e["action"] == "add"]
    assert entry["detail"]["unlocked_from"] == sha256_of(source)[0]

    # the locked file itself is now known: adding it again asks for nothing
    again = add_paths(archive, [source])
    assert again.duplicates == [{"path": str(source), "id": doc.id}] and not again.errors
    assert archive.check().ok


def test_two_copies_of_one_locked_file_in_a_batch_become_one_document(archive, tmp_path):
    first = locked_pdf(tmp_path / "a.pdf", "网格员走访记录")
    second = tmp_path / "b.pdf"
    second.write_bytes(first.read_bytes())
    report = import_items(archive, [ImportItem(first, password=PASSWORD),
                                    ImportItem(second, password=PASSWORD)])
    assert len(report.added) == 1
    assert report.duplicates == [{"path": str(second), "id": report.added[0]["id"]}]


def test_a_password_for_an_unprotected_pdf_stores_the_file_as_it_is(archive, tmp_path):
    plain = make_pdf(tmp_path / "plain.pdf", [["公开文件"]])
    report = import_items(archive, [ImportItem(plain, password="unneeded")])
    doc = archive.document(report.added[0]["id"])
    assert doc.sha256 == sha256_of(plain)[0] and not doc.password_removed


def test_cli_asks_again_after_a_wrong_password(archive_dir, tmp_path, capsys, monkeypatch):
    source = locked_pdf(tmp_path / "locked.pdf", "综治中心值班记录")
    answers = iter(["wrong", PASSWORD])
    prompts: list[str] = []
    monkeypatch.setattr("getpass.getpass", lambda prompt: prompts.append(prompt) or next(answers))
    code = main(["add", str(archive_dir), str(source), "--ask-password", "--json"])
    captured = capsys.readouterr()
    data = json.loads(captured.out)
    assert code == 0 and len(data["added"]) == 1 and data["errors"] == []
    assert len(prompts) == 2 and str(source) in prompts[0]
    assert "wrong password" in captured.err


def test_cli_skipping_the_password_keeps_the_clear_error(archive_dir, tmp_path, capsys,
                                                         monkeypatch):
    source = locked_pdf(tmp_path / "locked.pdf", "综治中心值班记录")
    monkeypatch.setattr("getpass.getpass", lambda prompt: "")
    code = main(["add", str(archive_dir), str(source), "--ask-password", "--json"])
    data = json.loads(capsys.readouterr().out)
    assert code == 1 and data["added"] == []
    assert data["errors"][0]["needs_password"] is True
    assert main(["check", str(archive_dir)]) == 0
