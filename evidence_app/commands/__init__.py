"""Command modules of the features built on the archive; each adds its subcommands.

Every module has ``register(command)``, where ``command(name, func, help, archive=True)``
creates a subparser with the shared ARCHIVE and --json arguments and returns it.
"""

from . import coverage, gui, search, suggest, volumes

COMMAND_MODULES = [search, volumes, coverage, suggest, gui]
