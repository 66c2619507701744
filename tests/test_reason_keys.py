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
