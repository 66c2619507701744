"""Why a file was refused, said in the window's language.

The core words its reasons in English, for the CLI, logs and scripts. Staff read Chinese, so
the window shows a translated sentence for each kind of reason the importer gives and keeps
the core's full text (with its technical detail) as the tooltip. A reason not listed here is
shown as the core wrote it.
"""

from __future__ import annotations

import re

from PySide6.QtCore import QT_TRANSLATE_NOOP, QCoreApplication

# (pattern searched in the core's reason, sentence to show); the first match wins.
_REASONS: list[tuple[re.Pattern, str]] = [(re.compile(p), s) for p, s in [
    (r"^password-protected PDF", QT_TRANSLATE_NOOP(
        "Reasons", "Password-protected PDF: click “Enter passwords” and type its password")),
    (r"^wrong password", QT_TRANSLATE_NOOP("Reasons", "Wrong password")),
    (r"^password-protected Office document", QT_TRANSLATE_NOOP(
        "Reasons", "Password-protected Word/Excel file: open it with its password, save a "
                   "copy without the password and add that copy")),
    (r"^PDF uses an unsupported security handler", QT_TRANSLATE_NOOP(
        "Reasons", "The PDF uses an encryption this program cannot open: print or save it as "
                   "a PDF without protection")),
    (r"too large when unpacked", QT_TRANSLATE_NOOP(
        "Reasons", "Far too large when unpacked; it may be a malicious file")),
    (r"^not a valid PDF", QT_TRANSLATE_NOOP(
        "Reasons", "Not a valid PDF (damaged, incomplete or not a PDF)")),
    (r"^not a valid", QT_TRANSLATE_NOOP(
        "Reasons", "The file is damaged or is not the kind its name says")),
    (r"^content is .* but the name says", QT_TRANSLATE_NOOP(
        "Reasons", "The content does not match the file name's extension; see the tooltip for "
                   "the right one")),
    (r"^content does not look like text", QT_TRANSLATE_NOOP(
        "Reasons", "Not a text file (it holds binary data)")),
    (r"^empty file", QT_TRANSLATE_NOOP("Reasons", "Empty file (0 bytes)")),
    (r"^unsupported kind", QT_TRANSLATE_NOOP("Reasons", "This kind of file is not supported")),
    (r"^took longer than", QT_TRANSLATE_NOOP(
        "Reasons", "Reading it took too long and was stopped")),
    (r"^reading it crashed the reader", QT_TRANSLATE_NOOP(
        "Reasons", "Reading it failed (the file may be damaged or too large)")),
    (r"disappeared|does not exist|^no such file", QT_TRANSLATE_NOOP(
        "Reasons", "The file was moved or deleted before it could be read")),
    (r"permission denied", QT_TRANSLATE_NOOP("Reasons", "No permission to read the file")),
    (r"^the file changed while", QT_TRANSLATE_NOOP(
        "Reasons", "The file changed while it was being imported; import it again when it "
                   "is complete")),
    (r"inside the archive itself", QT_TRANSLATE_NOOP(
        "Reasons", "This is inside the archive's own folder; import files from elsewhere")),
    (r"LibreOffice is not installed|need LibreOffice", QT_TRANSLATE_NOOP(
        "Reasons", "Reading this kind of file needs LibreOffice, which is not installed")),
    (r"^LibreOffice", QT_TRANSLATE_NOOP(
        "Reasons", "LibreOffice could not convert the file")),
    (r"^could not read it", QT_TRANSLATE_NOOP(
        "Reasons", "The file could not be read (it may be damaged)")),
]]


def explain(reason: str) -> str:
    """The sentence to show for the core's ``reason`` in the window's language."""
    for pattern, sentence in _REASONS:
        if pattern.search(reason):
            translated = QCoreApplication.translate("Reasons", sentence)
            # untranslated (English window): the core's own words say more
            return reason if translated == sentence else translated
    return reason
