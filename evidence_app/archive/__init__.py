"""The archive: one folder, one owner of its database (the lowest layer; imports nothing above).

``Archive`` owns the SQLite catalogue, the documents, their page text, tags, volume records
and the audit log, and the content-addressed store of originals; every read and write of the
database goes through it. The other modules give it focused help: ``catalogue`` reads and
validates a catalogue workbook, ``volumes`` records where documents are bound, ``ocr_pages``
keeps the queue of pages waiting for OCR and stores what OCR read, ``links`` the links
between documents (a 批复 answers its 请示 …), ``lock`` is the writer lock, ``backup`` the
verified zip backup, ``suggestions`` what tag suggestions learn from and remember
(rejections, the folders documents came from), ``values`` how a 文号, a date and a code list
are stored.

Callers import from here::

    from evidence_app.archive import Archive, read_catalogue
    with Archive.open(path) as archive:
        ids = archive.document_ids(requirement="3.2")
"""

from .archive import MIN_PAGE_BUDGET, Archive, check_layout_settings
from .backup import backup, restore, verify_backup
from .catalogue import CatalogueData, read_catalogue, write_template
from .copier import CopyReport, copy_archive, snapshot_of
from .links import (LINK_KINDS, DocumentLink, document_links, link_documents,
                    unlink_documents)
from .lock import WriterLock, current_host, current_user, describe_holder
from .server import archive_location, is_server_location, without_password
from .records import (CatalogueReport, CheckResult, Document, DocumentFacts, Mechanism,
                      NewDocument, Requirement, TagChange, TagPairs, Unit)
from .ocr_pages import (OcrBacklog, OcrJob, PageSource, next_ocr_jobs, ocr_backlog,
                        ocr_page_numbers, ocr_texts, page_sources, retry_unreadable,
                        store_ocr_page)
from .store import sha256_of
from .suggestions import (DocumentClues, apply_tag_change, document_clues, document_tags,
                          numbered_documents, record_folders, reject_suggestion,
                          rejected_suggestions, tags_removed_by_people)
from .values import (DATE_PATTERNS, DOC_NUMBER_CORE, canonical_doc_number, date_from_match,
                     fold_width, normalize_doc_number, parse_date, split_codes)
from .volumes import (BoundDocument, Location, VolumeRecord, batch_folder, bound_locations,
                      manual_orders, record_volumes, recorded_digests, recorded_volumes,
                      set_manual_order)

__all__ = ["Archive", "MIN_PAGE_BUDGET", "check_layout_settings", "archive_location",
           "is_server_location", "without_password", "CopyReport", "copy_archive", "snapshot_of",
           "backup", "restore", "verify_backup", "CatalogueData", "read_catalogue",
           "write_template", "WriterLock", "current_host", "current_user", "describe_holder",
           "CatalogueReport", "CheckResult", "Document", "DocumentFacts", "Mechanism",
           "NewDocument", "Requirement", "TagChange", "TagPairs", "Unit", "OcrBacklog", "OcrJob",
           "PageSource", "next_ocr_jobs", "ocr_backlog", "ocr_page_numbers", "ocr_texts",
           "page_sources", "retry_unreadable", "store_ocr_page", "sha256_of", "DATE_PATTERNS",
           "DOC_NUMBER_CORE", "canonical_doc_number", "date_from_match", "fold_width",
           "normalize_doc_number", "parse_date", "split_codes", "batch_folder", "recorded_digests",
           "BoundDocument", "Location", "VolumeRecord", "bound_locations", "manual_orders",
           "record_volumes", "recorded_volumes", "set_manual_order", "DocumentClues",
           "apply_tag_change", "document_clues", "document_tags", "numbered_documents",
           "record_folders", "reject_suggestion", "rejected_suggestions",
           "tags_removed_by_people", "LINK_KINDS", "DocumentLink", "document_links",
           "link_documents", "unlink_documents"]
