"""Why a file was refused, said in the window's language.

The core words its reasons in English, for the CLI, logs and scripts, and gives each refusal
a stable key (:class:`~evidence_app.errors.Reason`). Staff read Chinese, so the window shows
the sentence of the key, translated, and keeps the core's full text (with its technical
detail) as the tooltip. Rewording a message in the core changes nothing here.
"""

from __future__ import annotations

from PySide6.QtCore import QT_TRANSLATE_NOOP, QCoreApplication

from ..errors import Reason

SENTENCES: dict[Reason, str] = {
    Reason.PASSWORD_REQUIRED: QT_TRANSLATE_NOOP(
        "Reasons", "Password-protected PDF: click “Enter passwords” and type its password"),
    Reason.WRONG_PASSWORD: QT_TRANSLATE_NOOP("Reasons", "Wrong password"),
    Reason.OFFICE_PASSWORD: QT_TRANSLATE_NOOP(
        "Reasons", "Password-protected Word/Excel file: open it with its password, save a "
                   "copy without the password and add that copy"),
    Reason.UNSUPPORTED_ENCRYPTION: QT_TRANSLATE_NOOP(
        "Reasons", "The PDF uses an encryption this program cannot open: print or save it as "
                   "a PDF without protection"),
    Reason.UNLOCK_FAILED: QT_TRANSLATE_NOOP(
        "Reasons", "The copy without the password could not be written; check the free disk "
                   "space and try again"),
    Reason.ZIP_BOMB: QT_TRANSLATE_NOOP(
        "Reasons", "Far too large when unpacked; it may be a malicious file"),
    Reason.TOO_LARGE: QT_TRANSLATE_NOOP(
        "Reasons", "The file is too large to read (see the tooltip for the limit)"),
    Reason.INVALID_PDF: QT_TRANSLATE_NOOP(
        "Reasons", "Not a valid PDF (damaged, incomplete or not a PDF)"),
    Reason.DAMAGED: QT_TRANSLATE_NOOP(
        "Reasons", "The file is damaged or is not the kind its name says"),
    Reason.TRUNCATED: QT_TRANSLATE_NOOP(
        "Reasons", "The file is incomplete (the copy was cut short): copy it again from where "
                   "it came from and add it again"),
    Reason.EXTENSION_MISMATCH: QT_TRANSLATE_NOOP(
        "Reasons", "The content does not match the file name's extension; see the tooltip for "
                   "the right one"),
    Reason.NOT_TEXT: QT_TRANSLATE_NOOP("Reasons", "Not a text file (it holds binary data)"),
    Reason.EMPTY_FILE: QT_TRANSLATE_NOOP("Reasons", "Empty file (0 bytes)"),
    Reason.UNSUPPORTED_KIND: QT_TRANSLATE_NOOP("Reasons", "This kind of file is not supported"),
    Reason.TIMEOUT: QT_TRANSLATE_NOOP("Reasons", "Reading it took too long and was stopped"),
    Reason.CRASHED: QT_TRANSLATE_NOOP(
        "Reasons", "Reading it failed (the file may be damaged or too large)"),
    Reason.OUT_OF_MEMORY: QT_TRANSLATE_NOOP(
        "Reasons", "Reading it needed too much memory and was stopped"),
    Reason.MISSING: QT_TRANSLATE_NOOP(
        "Reasons", "The file was moved or deleted before it could be read"),
    Reason.NOT_A_FILE: QT_TRANSLATE_NOOP("Reasons", "This is a folder, not a file"),
    Reason.PERMISSION_DENIED: QT_TRANSLATE_NOOP("Reasons", "No permission to read the file"),
    Reason.CHANGED_DURING_IMPORT: QT_TRANSLATE_NOOP(
        "Reasons", "The file changed while it was being imported; import it again when it "
                   "is complete"),
    Reason.STORE_FAILED: QT_TRANSLATE_NOOP(
        "Reasons", "The file could not be copied into the archive; check the free disk space "
                   "of the archive's drive"),
    Reason.INSIDE_ARCHIVE: QT_TRANSLATE_NOOP(
        "Reasons", "This is inside the archive's own folder; import files from elsewhere"),
    Reason.ORIGINAL_MISSING: QT_TRANSLATE_NOOP(
        "Reasons", "The archive's stored copy of this file is missing; run a check of the "
                   "archive"),
    Reason.NEEDS_LIBREOFFICE: QT_TRANSLATE_NOOP(
        "Reasons", "Reading this kind of file needs LibreOffice, which is not installed"),
    Reason.LIBREOFFICE_FAILED: QT_TRANSLATE_NOOP(
        "Reasons", "LibreOffice could not convert the file"),
    Reason.UNREADABLE: QT_TRANSLATE_NOOP(
        "Reasons", "The file could not be read (it may be damaged)"),
    Reason.EDIT_CONFLICT: QT_TRANSLATE_NOOP(
        "Reasons", "Someone else changed this document meanwhile; your changes were not "
                   "saved. Look at the current record and make them again"),
}


def explain(reason_key: str | None, reason: str) -> str:
    """The sentence to show for a refusal with key ``reason_key`` and the core's text
    ``reason``; the core's text itself when the key is unknown or the window is in English
    (the core's own words say more)."""
    try:
        sentence = SENTENCES[Reason(reason_key)]
    except ValueError:
        return reason
    translated = QCoreApplication.translate("Reasons", sentence)
    return reason if translated == sentence else translated
