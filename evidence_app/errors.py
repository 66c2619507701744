"""One hierarchy of errors for the whole program.

Each error carries the message a user should read (in English for the CLI; the GUI shows the
same text) and the exit code the CLI returns. Third-party errors are converted into these at
the boundary with ``raise ... from exc`` so the cause is kept for debugging.
"""

from __future__ import annotations


class EvidenceError(Exception):
    """Base of every error the program reports to a user."""

    exit_code = 1

    def __init__(self, message: str):
        super().__init__(message)
        self.message = message

    def __str__(self) -> str:
        return self.message


class UsageError(EvidenceError):
    """The command was called with arguments that cannot work."""

    exit_code = 2


class NotAnArchiveError(EvidenceError):
    """The folder is not an evidence archive (no archive.sqlite with our schema)."""

    exit_code = 3


class ArchiveTooNewError(EvidenceError):
    """The archive was written by a newer version of the program; opening it could damage it."""

    exit_code = 3


class ArchiveLockedError(EvidenceError):
    """Another program holds the archive's writer lock.

    ``holder`` is that lock's content (user, host, pid, since) when known: what the user is
    shown, and what they pass back to take over a lock they know to be abandoned.
    """

    exit_code = 4

    def __init__(self, message: str, holder: dict | None = None):
        super().__init__(message)
        self.holder = holder


class NotFoundError(EvidenceError):
    """A document, requirement, mechanism or unit named by the user does not exist."""

    exit_code = 5


class CatalogueError(EvidenceError):
    """A catalogue file has a bad row; nothing of it was imported.

    ``sheet``, ``row`` (1-based, as a spreadsheet shows it) and ``column`` locate the problem.
    """

    exit_code = 6

    def __init__(self, message: str, sheet: str | None = None, row: int | None = None,
                 column: str | None = None):
        where = []
        if sheet:
            where.append(f"sheet '{sheet}'")
        if row:
            where.append(f"row {row}")
        if column:
            where.append(f"column '{column}'")
        full = f"{', '.join(where)}: {message}" if where else message
        super().__init__(full)
        self.sheet, self.row, self.column = sheet, row, column


class FileRejectedError(EvidenceError):
    """A single file could not be imported or read; the batch it belongs to goes on."""

    exit_code = 7


class PasswordRequiredError(FileRejectedError):
    """A PDF needs its open password: the window asks for it, the CLI does with --ask-password.

    Kept apart from other rejections because, unlike a damaged file, the user can fix this one
    on the spot by typing the password.
    """


class Cancelled(EvidenceError):
    """The user cancelled long work. Not a failure: callers end quietly."""

    exit_code = 130

    def __init__(self, message: str = "cancelled by the user"):
        super().__init__(message)
