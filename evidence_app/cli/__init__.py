"""The `evidence-app` command line: a thin face over the core.

Each command opens the archive, calls one core function and prints the result, as human text
or (with --json) one JSON object. Failures print a one-line reason on stderr and exit with the
error's code; see errors.py.

parser.py builds the parser and turns an EvidenceError into its exit code; common.py holds
what every command shares (opening the archive, printing, the progress bar); every other
module is the commands of one feature.

Adding a feature's commands: write ``cli/<feature>.py`` with ``register(command)``, where
``command(name, func, help, archive=True)`` creates a subparser with the shared ARCHIVE and
--json arguments and returns it, and each ``func(args)`` returns the exit code; then append
the module to ``FEATURES`` in parser.py (their order is the order of ``--help``).
"""

from .parser import build_parser, main

__all__ = ["build_parser", "main"]
