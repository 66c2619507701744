"""One hierarchy of errors for the whole program.

Each error carries the message a user should read (in English, for the CLI and logs) and the
exit code the CLI returns. An error the window must explain carries a :class:`Reason` key and
the values its sentence names (``params``: what was typed, what is expected), and the window
says it in its own language by the key. Third-party errors are converted into these at the
boundary with ``raise ... from exc`` so the cause is kept for debugging.
"""

from __future__ import annotations

from enum import Enum


class EvidenceError(Exception):
    """Base of every error the program reports to a user.

    ``reason`` (a :class:`Reason`, or None) and ``params`` (the strings its sentence names, in
    order) let the window say it in Chinese; the message stays the CLI's English.
    """

    exit_code = 1

    def __init__(self, message: str, reason: "Reason | str | None" = None,
                 params: tuple = ()):
        super().__init__(message)
        self.message = message
        self.reason = Reason(reason) if reason is not None else None
        self.params = tuple(str(p) for p in params)

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

    def __init__(self, message: str, holder: dict | None = None,
                 reason: "Reason | str | None" = None, params: tuple = ()):
        super().__init__(message, reason, params)
        self.holder = holder


class ArchiveUnreachableError(EvidenceError):
    """The archive's server cannot be reached, or the connection to it broke (a restart, the
    network): what was being changed at that moment was not saved (the server discarded it)."""

    exit_code = 9


class NotFoundError(EvidenceError):
    """A document, requirement, mechanism or unit named by the user does not exist."""

    exit_code = 5


class CatalogueError(EvidenceError):
    """A catalogue file has a bad row; nothing of it was imported.

    ``sheet``, ``row`` (1-based, as a spreadsheet shows it) and ``column`` locate the problem;
    ``reason`` and ``params`` say what is wrong there, so the window can say both in Chinese.
    """

    exit_code = 6

    def __init__(self, message: str, sheet: str | None = None, row: int | None = None,
                 column: str | None = None, reason: "Reason | str | None" = None,
                 params: tuple = ()):
        where = []
        if sheet:
            where.append(f"sheet '{sheet}'")
        if row:
            where.append(f"row {row}")
        if column:
            where.append(f"column '{column}'")
        full = f"{', '.join(where)}: {message}" if where else message
        super().__init__(full, reason, params)
        self.sheet, self.row, self.column = sheet, row, column


class EditConflictError(EvidenceError):
    """Someone else changed a document's record since the editor read it: the edit is not
    saved (never a silent overwrite). ``seen`` and ``current`` are the record's versions then
    and now, ``mine`` the fields the editor wanted and ``theirs`` the record as it is now, so
    both can be shown; ``reason`` is :attr:`Reason.EDIT_CONFLICT`."""

    exit_code = 8

    def __init__(self, message: str, seen: int, current: int, mine: dict, theirs=None):
        super().__init__(message)
        self.seen, self.current, self.mine, self.theirs = seen, current, mine, theirs
        self.reason = Reason.EDIT_CONFLICT


class Reason(str, Enum):
    """Why a file or a value was refused: a stable key that travels with the refusal to the
    edge.

    The English message says what happened in detail and may be reworded freely; the key is
    what the import report, ``add --json`` and the window's translation go by. Add a key
    here, and its sentence in ``ui/reasons.py`` (a test checks every key has one).
    """

    EMPTY_FILE = "empty_file"
    MISSING = "missing"                      # gone before or while it was read
    NOT_A_FILE = "not_a_file"                # a folder where a file was expected
    PERMISSION_DENIED = "permission_denied"
    UNREADABLE = "unreadable"                # any other failure to read it
    UNSUPPORTED_KIND = "unsupported_kind"
    EXTENSION_MISMATCH = "extension_mismatch"
    NOT_TEXT = "not_text"
    INVALID_PDF = "invalid_pdf"
    DAMAGED = "damaged"                      # not a valid file of the kind its name says
    TRUNCATED = "truncated"                  # cut short, as by an interrupted copy
    TOO_LARGE = "too_large"
    ZIP_BOMB = "zip_bomb"                    # far too large when unpacked
    PASSWORD_REQUIRED = "password_required"
    WRONG_PASSWORD = "wrong_password"
    OFFICE_PASSWORD = "office_password"
    UNSUPPORTED_ENCRYPTION = "unsupported_encryption"
    UNLOCK_FAILED = "unlock_failed"          # the unprotected copy could not be written
    TIMEOUT = "timeout"
    CRASHED = "crashed"
    OUT_OF_MEMORY = "out_of_memory"
    NEEDS_LIBREOFFICE = "needs_libreoffice"
    LIBREOFFICE_FAILED = "libreoffice_failed"
    CHANGED_DURING_IMPORT = "changed_during_import"
    STORE_FAILED = "store_failed"            # could not be copied into the archive
    INSIDE_ARCHIVE = "inside_archive"
    ORIGINAL_MISSING = "original_missing"    # the archive lost its stored original
    EDIT_CONFLICT = "edit_conflict"          # someone else changed the record meanwhile

    # values a person typed (params: the value as typed, then what the sentence adds)
    BAD_DATE = "bad_date"
    BAD_DOC_NUMBER = "bad_doc_number"
    TITLE_REQUIRED = "title_required"
    BAD_RETENTION = "bad_retention"          # params: value, the allowed ones
    BAD_PAGE_BUDGET = "bad_page_budget"      # params: value, the least allowed
    BAD_COVER_DATE = "bad_cover_date"
    FONDS_NAME_REQUIRED = "fonds_name_required"
    COMPILING_OFFICE_REQUIRED = "compiling_office_required"
    UNKNOWN_REQUIREMENT = "unknown_requirement"
    TASK_NOT_REQUIREMENT = "task_not_requirement"  # params: the task, its requirements
    UNKNOWN_MECHANISM = "unknown_mechanism"
    UNKNOWN_UNIT = "unknown_unit"
    # the state of the archive or a folder
    DOCUMENT_GONE = "document_gone"          # params: the document's id
    READ_ONLY = "read_only"
    TAKEN_OVER = "taken_over"                # params: user, computer, since
    ARCHIVE_EXISTS = "archive_exists"        # params: the folder
    FOLDER_NOT_EMPTY = "folder_not_empty"    # params: the folder
    OUTPUT_INSIDE_ARCHIVE = "output_inside_archive"
    # a catalogue file (the window adds the sheet, row and column it names)
    CATALOGUE_NOT_FOUND = "catalogue_not_found"        # params: the file
    CATALOGUE_WRONG_KIND = "catalogue_wrong_kind"      # params: the file
    CATALOGUE_UNREADABLE = "catalogue_unreadable"      # params: the file
    CATALOGUE_ENCODING = "catalogue_encoding"          # params: the file
    CATALOGUE_NO_SHEETS = "catalogue_no_sheets"        # params: the file, the sheets' names
    CATALOGUE_CSV_HEADER = "catalogue_csv_header"      # params: the file, the columns needed
    SHEET_EMPTY = "sheet_empty"
    HEADER_LACKS_COLUMNS = "header_lacks_columns"      # params: the missing columns
    CELL_REQUIRED = "cell_required"
    BAD_CODE = "bad_code"                              # params: the value
    DUPLICATE_IN_SHEET = "duplicate_in_sheet"          # params: the value, its earlier row
    TASK_NAMED_DIFFERENTLY = "task_named_differently"  # params: task, earlier row, its name
    REQUIREMENT_NOT_IN_SHEET = "requirement_not_in_sheet"  # params: the code, the sheet
    BAD_UNIT_KIND = "bad_unit_kind"                    # params: the value
    LINKED_TO_ITSELF = "linked_to_itself"              # a document related to itself
    LINKED_THE_OTHER_WAY = "linked_the_other_way"      # params: the other document's id
    # a document left out of a compiled volume (a placeholder page stands in its place)
    UNREADABLE_PDF = "unreadable_pdf"                  # the binder cannot read its pages
    CONVERSION_FAILED = "conversion_failed"            # no pages for another reason
    UNDRAWABLE_CHARACTERS = "undrawable_characters"    # params: the characters
    VOLUME_FAILED = "volume_failed"                    # params: the volume
    # warnings: an input that was still taken, with something to know about it (Notice)
    ARCHIVE_FOLDER_SKIPPED = "archive_folder_skipped"  # an import met the archive's own folder
    FOLDER_CODE_IS_TASK = "folder_code_is_task"        # params: the code, its requirements
    FOLDER_CODE_UNKNOWN = "folder_code_unknown"        # params: the code
    CLASSIFIED = "classified"                          # params: the 密级 declared
    PAGES_UNREADABLE = "pages_unreadable"              # params: pages unread, pages in all
    ANIMATED_GIF = "animated_gif"                      # params: its frames
    NEEDS_LIBREOFFICE_CALC = "needs_libreoffice_calc"
    INDEX_NOT_UPDATED = "index_not_updated"
    SERVER_RETRY = "server_retry"                      # params: seconds until it is sent again
    NOT_LINKED = "not_linked"                          # links by 文号 or citation not made
    CLASSIFIED_LEFT_OUT = "classified_left_out"        # params: how many, their ids
    LISTED_DOCUMENTS_MISSING = "listed_documents_missing"  # params: the volume, the ids
    NOTHING_TO_BIND = "nothing_to_bind"                # params: the codes asked for


class Notice(str):
    """A warning about an input that was still taken: its English sentence (it is that
    string, for the CLI and logs) carrying, as a refusal does, a :class:`Reason` and the
    values its sentence names, so the window can say it in Chinese."""

    def __new__(cls, message: str, reason: Reason | str, params: tuple = ()):
        notice = super().__new__(cls, message)
        notice.reason = Reason(reason)
        notice.params = tuple(str(p) for p in params)
        return notice

    def __reduce__(self):
        # crosses the sandbox's process boundary, where a str would lose the key
        return type(self), (str(self), self.reason, self.params)


class FileRejectedError(EvidenceError):
    """A single file could not be imported or read; the batch it belongs to goes on.

    ``reason`` is the stable key of why (see :class:`Reason`); the message gives the detail.
    """

    exit_code = 7

    def __init__(self, message: str, reason: Reason):
        super().__init__(message, reason)

    def __reduce__(self):
        # Crosses the sandbox's process boundary; the default would drop ``reason``.
        return type(self), (self.message, self.reason)


class PasswordRequiredError(FileRejectedError):
    """A PDF needs its open password: the window asks for it, the CLI does with --ask-password.

    Kept apart from other rejections because, unlike a damaged file, the user can fix this one
    on the spot by typing the password (``reason`` is PASSWORD_REQUIRED or WRONG_PASSWORD).
    """


class Cancelled(EvidenceError):
    """The user cancelled long work. Not a failure: callers end quietly."""

    exit_code = 130

    def __init__(self, message: str = "cancelled by the user"):
        super().__init__(message)


def unreadable(exc: OSError, doing: str = "cannot read",
               missing: str | None = None) -> FileRejectedError:
    """The refusal of a file the operating system would not let us read, keyed by why:
    ``"{doing}: permission denied"``, … (``missing`` replaces the message of a file that is
    gone). Raise it ``from exc``."""
    if isinstance(exc, PermissionError):
        return FileRejectedError(f"{doing}: permission denied", reason=Reason.PERMISSION_DENIED)
    if isinstance(exc, FileNotFoundError):
        return FileRejectedError(missing or f"{doing}: the file does not exist",
                                 reason=Reason.MISSING)
    if isinstance(exc, IsADirectoryError):
        return FileRejectedError(f"{doing}: it is a folder, not a file",
                                 reason=Reason.NOT_A_FILE)
    return FileRejectedError(f"{doing}: {exc.strerror or exc}", reason=Reason.UNREADABLE)
