"""Why a file or a value was refused, said in the window's language.

The core words its reasons in English, for the CLI, logs and scripts, and gives each refusal
a stable key (:class:`~evidence_app.errors.Reason`) and the values its sentence names
(``EvidenceError.params``: the date as typed, the code not found…). Staff read Chinese, so
the window shows the sentence of the key, translated, with those values in place of %1, %2,
and keeps the core's full text (with its technical detail) as the tooltip or behind the
message's details button. Rewording a message in the core changes nothing here.
"""

from __future__ import annotations

from PySide6.QtCore import QT_TRANSLATE_NOOP, QCoreApplication

from ..errors import CatalogueError, EvidenceError, Reason

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
    # values a person typed: %1 is what was typed
    Reason.BAD_DATE: QT_TRANSLATE_NOOP(
        "Reasons", "The date “%1” is not a real date: write it like 20230501 or 2023年5月1日"),
    Reason.BAD_DOC_NUMBER: QT_TRANSLATE_NOOP(
        "Reasons", "The document number “%1” is not recognised: write it like "
                   "潭政办发〔2021〕12号"),
    Reason.TITLE_REQUIRED: QT_TRANSLATE_NOOP(
        "Reasons", "The title must not be empty: give the document a title"),
    Reason.BAD_RETENTION: QT_TRANSLATE_NOOP(
        "Reasons", "The retention period “%1” cannot be used: choose one of %2"),
    Reason.BAD_PAGE_BUDGET: QT_TRANSLATE_NOOP(
        "Reasons", "The page budget “%1” cannot be used: give a whole number of at least %2 "
                   "pages"),
    Reason.BAD_COVER_DATE: QT_TRANSLATE_NOOP(
        "Reasons", "The date on the covers “%1” is not a real date: write it as 8 digits, "
                   "like 20230615"),
    Reason.FONDS_NAME_REQUIRED: QT_TRANSLATE_NOOP(
        "Reasons", "Fill in the fonds name: the covers print it"),
    Reason.COMPILING_OFFICE_REQUIRED: QT_TRANSLATE_NOOP(
        "Reasons", "Fill in the compiling unit: the covers print it"),
    Reason.UNKNOWN_REQUIREMENT: QT_TRANSLATE_NOOP(
        "Reasons", "There is no requirement with the code “%1” (the catalogue may have "
                   "changed)"),
    Reason.TASK_NOT_REQUIREMENT: QT_TRANSLATE_NOOP(
        "Reasons", "“%1” is a task: tag with one of its requirements (%2)"),
    Reason.UNKNOWN_MECHANISM: QT_TRANSLATE_NOOP(
        "Reasons", "There is no mechanism with the code “%1” (the catalogue may have changed)"),
    Reason.UNKNOWN_UNIT: QT_TRANSLATE_NOOP("Reasons", "There is no unit named “%1”"),
    # the state of the archive or a folder
    Reason.DOCUMENT_GONE: QT_TRANSLATE_NOOP(
        "Reasons", "Document %1 is no longer in the archive (it may have been deleted)"),
    Reason.READ_ONLY: QT_TRANSLATE_NOOP(
        "Reasons", "The archive is open read-only: nothing can be changed"),
    Reason.TAKEN_OVER: QT_TRANSLATE_NOOP(
        "Reasons", "%1 on computer %2 took this archive over at %3, so this change was not "
                   "saved. Close the archive and open it again read-only"),
    Reason.ARCHIVE_EXISTS: QT_TRANSLATE_NOOP(
        "Reasons", "%1 already holds an archive: open it instead"),
    Reason.FOLDER_NOT_EMPTY: QT_TRANSLATE_NOOP(
        "Reasons", "%1 is not empty: choose a new or empty folder for the archive"),
    Reason.OUTPUT_INSIDE_ARCHIVE: QT_TRANSLATE_NOOP(
        "Reasons", "Choose an output folder outside the archive folder"),
    # a catalogue file (describe() puts the sheet, row and column first)
    Reason.CATALOGUE_NOT_FOUND: QT_TRANSLATE_NOOP(
        "Reasons", "The catalogue file %1 does not exist (it may have been moved or deleted)"),
    Reason.CATALOGUE_WRONG_KIND: QT_TRANSLATE_NOOP(
        "Reasons", "%1: a catalogue must be an Excel workbook (.xlsx) or a CSV file"),
    Reason.CATALOGUE_UNREADABLE: QT_TRANSLATE_NOOP(
        "Reasons", "%1 cannot be read as an Excel workbook (.xlsx): it may be damaged or saved "
                   "in another format; save it again as .xlsx"),
    Reason.CATALOGUE_ENCODING: QT_TRANSLATE_NOOP(
        "Reasons", "%1 is not readable text: save the CSV file as UTF-8 or GB18030"),
    Reason.CATALOGUE_NO_SHEETS: QT_TRANSLATE_NOOP(
        "Reasons", "%1 has none of the sheets %2: start from the catalogue template "
                   "(menu “Save catalogue template”)"),
    Reason.CATALOGUE_CSV_HEADER: QT_TRANSLATE_NOOP(
        "Reasons", "The header row matches none of the catalogue sheets; a requirements CSV "
                   "needs the columns %2"),
    Reason.SHEET_EMPTY: QT_TRANSLATE_NOOP(
        "Reasons", "The sheet is empty: its first row must be the header"),
    Reason.HEADER_LACKS_COLUMNS: QT_TRANSLATE_NOOP(
        "Reasons", "The header row lacks the column(s) %1"),
    Reason.CELL_REQUIRED: QT_TRANSLATE_NOOP(
        "Reasons", "This cell is empty but must be filled in"),
    Reason.BAD_CODE: QT_TRANSLATE_NOOP(
        "Reasons", "“%1” is not a valid code: use only letters, digits, “.” and “-”, without "
                   "spaces"),
    Reason.DUPLICATE_IN_SHEET: QT_TRANSLATE_NOOP(
        "Reasons", "“%1” already appears in row %2"),
    Reason.TASK_NAMED_DIFFERENTLY: QT_TRANSLATE_NOOP(
        "Reasons", "Task %1 is named differently in row %2 (“%3”): give it the same name in "
                   "every row"),
    Reason.REQUIREMENT_NOT_IN_SHEET: QT_TRANSLATE_NOOP(
        "Reasons", "Requirement %1 is not in the sheet “%2”"),
    Reason.BAD_UNIT_KIND: QT_TRANSLATE_NOOP(
        "Reasons", "“%1” is not a unit kind: write 牵头单位 or 责任单位"),
    Reason.LINKED_TO_ITSELF: QT_TRANSLATE_NOOP(
        "Reasons", "A document cannot be related to itself: choose another document"),
    Reason.LINKED_THE_OTHER_WAY: QT_TRANSLATE_NOOP(
        "Reasons", "Document %1 already has this relation with this document the other way round: "
                   "remove that relation first"),
    # a document left out of a compiled volume
    Reason.UNREADABLE_PDF: QT_TRANSLATE_NOOP(
        "Reasons", "The PDF is damaged or incomplete: its pages cannot be read"),
    Reason.CONVERSION_FAILED: QT_TRANSLATE_NOOP(
        "Reasons", "The file could not be converted into pages"),
    Reason.UNDRAWABLE_CHARACTERS: QT_TRANSLATE_NOOP(
        "Reasons", "Some characters have no glyph in the fonts and print as empty boxes: %1"),
    Reason.VOLUME_FAILED: QT_TRANSLATE_NOOP(
        "Reasons", "The volume could not be bound; compile again"),
    # warnings: the input was taken
    Reason.ARCHIVE_FOLDER_SKIPPED: QT_TRANSLATE_NOOP(
        "Reasons", "The archive's own folder was skipped"),
    Reason.FOLDER_CODE_IS_TASK: QT_TRANSLATE_NOOP(
        "Reasons", "The folder's code %1 is a key task, not a requirement: tag the file with "
                   "one of %2"),
    Reason.FOLDER_CODE_UNKNOWN: QT_TRANSLATE_NOOP(
        "Reasons", "The folder's code %1 is not in the catalogue; the file was not tagged "
                   "with it"),
    Reason.CLASSIFIED: QT_TRANSLATE_NOOP(
        "Reasons", "The document is marked %1 (密级): classified papers should not be kept on "
                   "this computer, and volumes leave it out"),
    Reason.PAGES_UNREADABLE: QT_TRANSLATE_NOOP(
        "Reasons", "%1 of its %2 pages could not be read (the PDF may be damaged)"),
    Reason.ANIMATED_GIF: QT_TRANSLATE_NOOP(
        "Reasons", "An animated GIF of %1 frames: volumes show its first frame"),
    Reason.NEEDS_LIBREOFFICE_CALC: QT_TRANSLATE_NOOP(
        "Reasons", "Reading this spreadsheet needs LibreOffice Calc, which is not installed"),
    Reason.INDEX_NOT_UPDATED: QT_TRANSLATE_NOOP(
        "Reasons", "The search index was not updated; it catches up with the next search"),
    Reason.SERVER_RETRY: QT_TRANSLATE_NOOP(
        "Reasons", "The connection to the server was lost; the documents being saved are sent "
                   "again in %1 s"),
    Reason.NOT_LINKED: QT_TRANSLATE_NOOP(
        "Reasons", "The documents were not linked by 文号 or citation"),
    Reason.CLASSIFIED_LEFT_OUT: QT_TRANSLATE_NOOP(
        "Reasons", "%1 classified document(s) are left out of the volumes: %2"),
    Reason.LISTED_DOCUMENTS_MISSING: QT_TRANSLATE_NOOP(
        "Reasons", "Volume “%1”: document(s) %2 do not exist or are left out"),
    Reason.NOTHING_TO_BIND: QT_TRANSLATE_NOOP("Reasons", "Nothing to bind for %1"),
}


def explain(reason_key: str | None, reason: str, params=()) -> str:
    """The sentence to show for a refusal with key ``reason_key`` and the core's text
    ``reason``, ``params`` in place of %1, %2…; the core's text itself when the key is unknown
    or the window is in English (the core's own words say more)."""
    try:
        sentence = SENTENCES[Reason(reason_key)]
    except ValueError:
        return reason
    translated = QCoreApplication.translate("Reasons", sentence)
    if translated == sentence:
        return reason
    for number, value in enumerate(params, 1):
        translated = translated.replace(f"%{number}", str(value))
    return translated


def describe(exc: BaseException) -> str:
    """What the window says about a failure: the sentence of a keyed refusal of the core,
    the core's message of another, the operating system's words for a file it would not
    read or write, and the error itself when something unforeseen went wrong."""
    if isinstance(exc, CatalogueError):
        said = explain(exc.reason, exc.message, exc.params)
        return said if said == exc.message else _in_catalogue(exc, said)
    if isinstance(exc, EvidenceError):
        return explain(exc.reason, exc.message, exc.params)
    if isinstance(exc, OSError):
        said = QCoreApplication.translate("Reasons", "The file could not be read or written: %1")
        return said.replace("%1", exc.strerror or str(exc))
    said = QCoreApplication.translate("Reasons", "Unexpected error: %1")
    return said.replace("%1", repr(exc))


def _in_catalogue(exc: CatalogueError, said: str) -> str:
    """``said`` after the place in the catalogue it concerns (sheet, row, column, as many as
    are known), so staff can go straight to the cell."""
    places = ((exc.sheet, QT_TRANSLATE_NOOP("Reasons", "sheet “%1”")),
              (exc.row, QT_TRANSLATE_NOOP("Reasons", "row %1")),
              (exc.column, QT_TRANSLATE_NOOP("Reasons", "column “%1”")))
    where = ""
    for value, text in places:
        if not value:
            continue
        part = QCoreApplication.translate("Reasons", text).replace("%1", str(value))
        where = QCoreApplication.translate("Reasons", "%1, %2").replace(
            "%1", where).replace("%2", part) if where else part
    if not where:
        return said
    return QCoreApplication.translate("Reasons", "%1: %2").replace("%1", where).replace(
        "%2", said)
