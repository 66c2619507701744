"""The command-line package itself: every feature module is registered, every command has
the shared --json switch, and an EvidenceError becomes its exit code."""

from __future__ import annotations

import json
import pkgutil

import pytest

import evidence_app.cli as cli
from evidence_app.cli import parser


def test_every_feature_module_is_registered():
    """A new cli/<feature>.py that was not added to FEATURES would silently have no commands."""
    shared = {"common", "parser"}
    modules = {m.name for m in pkgutil.iter_modules(cli.__path__)} - shared
    assert modules == {m.__name__.rsplit(".", 1)[1] for m in parser.FEATURES}


def test_every_command_has_a_function_and_the_json_switch():
    sub = next(a for a in cli.build_parser()._actions if a.dest == "command")
    assert {"init", "add", "list", "search", "compile", "coverage", "gui"} <= set(sub.choices)
    for name, command in sub.choices.items():
        assert callable(command.get_default("func")), name
        assert any("--json" in a.option_strings for a in command._actions), name


def test_an_evidence_error_becomes_its_exit_code_and_json(tmp_path, capsys):
    code = cli.main(["stats", str(tmp_path / "nowhere"), "--json"])
    captured = capsys.readouterr()
    assert code == 3
    assert "error" in json.loads(captured.out)
    assert captured.err.startswith("evidence-app: error: ")


def test_a_usage_error_of_argparse_exits_2(capsys):
    with pytest.raises(SystemExit) as exit_info:
        cli.main(["list"])
    assert exit_info.value.code == 2
