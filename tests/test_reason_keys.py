"""Every refusal carries a stable reason key from where it is raised to `add --json`."""

from __future__ import annotations

import ast
import json
from pathlib import Path

from evidence_app.cli import main
from evidence_app.errors import FileRejectedError, PasswordRequiredError, Reason

PACKAGE = Path(__file__).resolve().parent.parent / "evidence_app"


def test_every_refusal_raised_in_the_code_names_its_reason():
    keyless = []
    for path in PACKAGE.rglob("*.py"):
        for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"))):
            if (isinstance(node, ast.Call) and isinstance(node.func, ast.Name)
                    and node.func.id in ("FileRejectedError", "PasswordRequiredError")
                    and len(node.args) < 2 and not any(k.arg == "reason" for k in node.keywords)):
                keyless.append(f"{path.relative_to(PACKAGE)}:{node.lineno}")
    assert keyless == []


def test_a_refusal_keeps_its_class_and_key_when_pickled_across_processes():
    import pickle

    error = pickle.loads(pickle.dumps(PasswordRequiredError("wrong password",
                                                            reason=Reason.WRONG_PASSWORD)))
    assert type(error) is PasswordRequiredError and error.reason is Reason.WRONG_PASSWORD
    assert isinstance(error, FileRejectedError) and str(error) == "wrong password"


def test_add_json_gives_each_error_its_reason_key(archive_dir, tmp_path, capsys):
    (tmp_path / "empty.pdf").write_bytes(b"")
    (tmp_path / "fake.docx").write_bytes(b"%PDF-1.4 not really a docx")
    code = main(["add", str(archive_dir), str(tmp_path / "empty.pdf"), str(tmp_path / "fake.docx"),
                 str(tmp_path / "missing.pdf"), "--json"])
    data = json.loads(capsys.readouterr().out.strip().splitlines()[-1])
    assert code == 1
    keys = {Path(e["path"]).name: (e["reason_key"], bool(e["reason"])) for e in data["errors"]}
    assert keys == {"empty.pdf": ("empty_file", True), "fake.docx": ("extension_mismatch", True),
                    "missing.pdf": ("missing", True)}


def test_a_refused_value_carries_its_key_and_what_was_typed(archive):
    import pytest

    from evidence_app.archive import check_layout_settings
    from evidence_app.errors import EvidenceError

    def refusal(call):
        with pytest.raises(EvidenceError) as refused:
            call()
        return refused.value.reason, refused.value.params

    assert refusal(lambda: archive.check_document_fields(date="2021-02-29")) == \
        (Reason.BAD_DATE, ("2021-02-29",))
    assert refusal(lambda: archive.check_document_fields(doc_number="潭政办发12号")) == \
        (Reason.BAD_DOC_NUMBER, ("潭政办发12号",))
    assert refusal(lambda: archive.check_document_fields(title="  ")) == \
        (Reason.TITLE_REQUIRED, ())
    assert refusal(lambda: check_layout_settings({"page_budget": 3})) == \
        (Reason.BAD_PAGE_BUDGET, ("3", "10"))
    assert refusal(lambda: check_layout_settings({"cover_date": "20230230"})) == \
        (Reason.BAD_COVER_DATE, ("20230230",))
    assert refusal(lambda: check_layout_settings({"compiling_office": ""})) == \
        (Reason.COMPILING_OFFICE_REQUIRED, ())
    assert refusal(lambda: archive.tag([1], ["9.9.9"]))[0] is Reason.UNKNOWN_REQUIREMENT
    assert refusal(lambda: archive.document(404)) == (Reason.DOCUMENT_GONE, ("404",))
    # nothing of a refused edit is written
    assert archive.check_document_fields(date="2021年3月12日", doc_number="潭政办发[2021]012号") \
        == {"doc_date": "20210312", "doc_number": "潭政办发〔2021〕12号"}
