"""The `evidence-app` commands of the coverage feature."""

from __future__ import annotations


def register(command) -> None:
    """Add this feature's subcommands (none yet)."""
