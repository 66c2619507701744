"""Intake: everything that turns a file on disk into the archive's documents.

Sniffing a file's kind, one reader per kind (PDF, Word, text, image, workbook, office formats
through LibreOffice), the sandbox that runs readers in worker processes, the recognisers of
文号, dates, 责任者 and titles, and the import pipeline. Search (`indexing`) and volumes
(`export`) both read files through this package, so a file has one text and one rendering.

Callers outside intake import from here, never from its modules. The readers are loaded with
the package (they are light, and ``extract`` must be the function, not its module); the
pipeline, the sandbox and LibreOffice on first use: printing a text file into a volume should
not start the import pipeline (and with it multiprocessing).
"""

from __future__ import annotations

import importlib
from typing import TYPE_CHECKING

from .extract import (EXTENSIONS, KINDS, DocxParagraph, DocxTable, Extraction, Sheet, Workbook,
                      cell_text, detect_kind, docx_blocks, extract, open_docx, read_text,
                      read_workbook)

# name -> the module of this package that defines it, imported on first use
_LAZY = {
    "add_paths": "pipeline", "collect_items": "pipeline", "import_items": "pipeline",
    "retry_with_passwords": "pipeline", "ImportItem": "pipeline", "AddReport": "pipeline",
    "ExtractionPool": "sandbox", "extract_safely": "sandbox", "unlock_safely": "sandbox",
    "find_libreoffice": "libreoffice", "has_libreoffice_calc": "libreoffice",
    "convert_with_libreoffice": "libreoffice", "convert_many_with_libreoffice": "libreoffice",
    "libreoffice_rendering_key": "libreoffice",
    "run_ocr_queue": "ocr_queue", "OcrRunReport": "ocr_queue",
    "requirement_codes_in_path": "docmeta", "name_title": "docmeta",
    "machine_named": "docmeta", "looks_like_header": "docmeta", "made_up_title": "docmeta",
    "date_in_words": "docmeta",
}

__all__ = sorted(["EXTENSIONS", "KINDS", "DocxParagraph", "DocxTable", "Extraction", "Sheet",
                  "Workbook", "cell_text", "detect_kind", "docx_blocks", "extract", "open_docx",
                  "read_text", "read_workbook", *_LAZY])

if TYPE_CHECKING:
    from .libreoffice import (convert_many_with_libreoffice, convert_with_libreoffice,
                              find_libreoffice, has_libreoffice_calc,
                              libreoffice_rendering_key)
    from .pipeline import (AddReport, ImportItem, add_paths, collect_items, import_items,
                           retry_with_passwords)
    from .docmeta import (date_in_words, looks_like_header, machine_named, made_up_title,
                          name_title, requirement_codes_in_path)
    from .ocr_queue import OcrRunReport, run_ocr_queue
    from .sandbox import ExtractionPool, extract_safely, unlock_safely


def __getattr__(name: str):
    module = _LAZY.get(name)
    if module is None:
        raise AttributeError(f"module {__name__!r} has no attribute {name!r}")
    return getattr(importlib.import_module(f".{module}", __name__), name)


def __dir__() -> list[str]:
    return sorted(set(globals()) | set(_LAZY))
