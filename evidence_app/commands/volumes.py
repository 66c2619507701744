"""The `evidence-app` commands of the volumes feature."""

from __future__ import annotations


def register(command) -> None:
    """Add this feature's subcommands (none yet)."""
