"""The parser of `evidence-app`, and how a failure becomes a message and an exit code.

The commands themselves live in one module per feature (FEATURES); see __init__.py.
"""

from __future__ import annotations

import argparse
import json
import os
import sys

from .. import __version__
from ..errors import EvidenceError
from . import (catalogue, convert, coverage, create, documents, gui, layout, links, maintenance,
               moving, ocr, search, suggest, volumes)

FEATURES = [create, catalogue, documents, links, ocr, convert, maintenance, moving, search,
            suggest, layout, volumes, coverage, gui]


def build_parser() -> argparse.ArgumentParser:
    parser = argparse.ArgumentParser(prog="evidence-app", description=(
        "Evidence Archive Compiler: catalogue, import, tag, search and bind evidence."))
    parser.add_argument("--version", action="version", version=f"evidence-app {__version__}")
    sub = parser.add_subparsers(dest="command", metavar="COMMAND", required=True)

    def command(name, func, help_text, archive=True):
        p = sub.add_parser(name, help=help_text, description=help_text)
        if archive:
            p.add_argument("archive", metavar="ARCHIVE", help="the archive folder, or the "
                           "address of an archive on a server: postgresql://user@server/db")
        p.add_argument("--json", action="store_true", help="print one JSON object")
        p.set_defaults(func=func)
        return p

    for module in FEATURES:
        module.register(command)
    return parser


def _parse(parser: argparse.ArgumentParser, argv: list[str] | None) -> argparse.Namespace:
    """Parse ``argv``; a command that takes query words (``dashed_words_into``) also gets the
    words argparse took for unknown options, such as the exclusions ``-草稿`` and
    ``-req:3.2``, appended to them."""
    args, unknown = parser.parse_known_args(argv)
    into = getattr(args, "dashed_words_into", None)
    if unknown and (into is None or any(word.startswith("--") for word in unknown)):
        parser.error(f"unrecognized arguments: {' '.join(unknown)}")
    if unknown:
        setattr(args, into, list(getattr(args, into) or []) + unknown)
    return args


def main(argv: list[str] | None = None) -> int:
    parser = build_parser()
    args = _parse(parser, argv)
    try:
        code = args.func(args)
        sys.stdout.flush()  # a closed pipe shows here, not in Python's flush at exit
        return code
    except BrokenPipeError:
        return _reader_went_away()
    except EvidenceError as exc:
        if getattr(args, "json", False):
            print(json.dumps({"error": str(exc)}, ensure_ascii=False))
        print(f"evidence-app: error: {exc}", file=sys.stderr)
        return exc.exit_code
    except KeyboardInterrupt:
        print("evidence-app: interrupted", file=sys.stderr)
        return 130


def _reader_went_away() -> int:
    """The program reading our output closed it (``… --json | head``): nothing more can be
    said, so end quietly with the conventional code of a pipe closed early (128 + SIGPIPE).

    Python would report the failed flush of stdout again at exit; point stdout at the null
    device so that last flush goes nowhere.
    """
    try:
        devnull = os.open(os.devnull, os.O_WRONLY)
        os.dup2(devnull, sys.stdout.fileno())
        os.close(devnull)
    except (OSError, ValueError):  # stdout is not a real file (tests capture it)
        pass
    return 128 + 13
