"""The parser of `evidence-app`, and how a failure becomes a message and an exit code.

The commands themselves live in one module per feature (FEATURES); see __init__.py.
"""

from __future__ import annotations

import argparse
import json
import sys

from .. import __version__
from ..errors import EvidenceError
from . import catalogue, coverage, create, documents, gui, maintenance, ocr, search, volumes

FEATURES = [create, catalogue, documents, ocr, maintenance, search, volumes, coverage, gui]


def build_parser() -> argparse.ArgumentParser:
    parser = argparse.ArgumentParser(prog="evidence-app", description=(
        "Evidence Archive Compiler: catalogue, import, tag, search and bind evidence."))
    parser.add_argument("--version", action="version", version=f"evidence-app {__version__}")
    sub = parser.add_subparsers(dest="command", metavar="COMMAND", required=True)

    def command(name, func, help_text, archive=True):
        p = sub.add_parser(name, help=help_text, description=help_text)
        if archive:
            p.add_argument("archive", metavar="ARCHIVE", help="the archive folder")
        p.add_argument("--json", action="store_true", help="print one JSON object")
        p.set_defaults(func=func)
        return p

    for module in FEATURES:
        module.register(command)
    return parser


def main(argv: list[str] | None = None) -> int:
    parser = build_parser()
    args = parser.parse_args(argv)
    try:
        return args.func(args)
    except EvidenceError as exc:
        if getattr(args, "json", False):
            print(json.dumps({"error": str(exc)}, ensure_ascii=False))
        print(f"evidence-app: error: {exc}", file=sys.stderr)
        return exc.exit_code
    except KeyboardInterrupt:
        print("evidence-app: interrupted", file=sys.stderr)
        return 130
