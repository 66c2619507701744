"""Plain records the archive returns and accepts; no database handles inside them."""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import NamedTuple


@dataclass
class Requirement:
    id: int
    code: str
    text: str
    task_code: str | None
    task_name: str | None
    section_code: str | None
    section_name: str | None
    lead_unit: str | None
    leader: str | None
    responsible_units: list[str]
    retired: bool


@dataclass
class Mechanism:
    id: int
    code: str
    title: str
    issuer: str
    doc_number: str | None
    date: str | None
    requirements: list[str]
    text_document_id: int | None
    retired: bool


@dataclass
class Unit:
    id: int
    name: str
    kind: str
    leader: str | None


@dataclass
class Document:
    id: int
    sha256: str
    size: int
    original_name: str
    ext: str
    kind: str
    title: str
    title_supplied: bool
    doc_number: str | None
    issuer: str | None
    date: str | None
    pages: int
    has_text: bool
    needs_conversion: bool
    classification: str | None
    retention: str | None
    is_copy: bool
    source_unit: str | None
    note: str
    imported_at: str
    imported_by: str
    # stored as an unprotected copy of a PDF the user opened with its password
    password_removed: bool = False
    # raised by every change of the record's fields: an edit names the version it was made on
    version: int = 1
    requirements: list[str] = field(default_factory=list)
    mechanisms: list[str] = field(default_factory=list)

    def as_json(self) -> dict:
        from dataclasses import asdict

        return asdict(self)


class DocumentFacts(NamedTuple):
    """What a document's search entry is derived from: when one of these changes, the
    document must be indexed again."""
    id: int
    sha256: str
    title: str
    doc_number: str | None
    pages: int
    searchable: int   # 1: every page that shows something has text (none waits for OCR)
    ocr_pages: int    # pages answered by OCR so far: its text grows as they arrive


class TagPairs(NamedTuple):
    """(document id, code) pairs, each list in catalogue order of the codes."""
    requirements: list[tuple[int, str]]
    mechanisms: list[tuple[int, str]]


@dataclass
class NewDocument:
    """What the importer knows of a file once it has been read, before it has an id."""

    sha256: str
    size: int
    original_name: str
    ext: str
    kind: str
    title: str
    title_supplied: bool
    doc_number: str | None
    date: str | None
    pages: int
    page_texts: list[str]
    has_text: bool
    needs_conversion: bool = False
    classification: str | None = None
    issuer: str | None = None
    source_unit: str | None = None
    requirements: list[str] = field(default_factory=list)
    mechanisms: list[str] = field(default_factory=list)
    mechanism_text_of: str | None = None
    note: str = ""
    # SHA-256 of the password-protected file this unprotected copy was made from
    unlocked_from: str | None = None
    # pages (1-based) that show something but have no trustworthy text: queued for OCR
    awaiting_ocr: list[int] = field(default_factory=list)


@dataclass
class CatalogueReport:
    added: dict[str, int] = field(default_factory=dict)
    updated: dict[str, int] = field(default_factory=dict)
    removed: dict[str, list[str]] = field(default_factory=dict)
    # requirement/mechanism codes that left the catalogue but keep tagged documents
    retired: dict[str, list[str]] = field(default_factory=dict)


@dataclass
class TagChange:
    """The tag pairs one call really changed: enough to undo it exactly.

    ``generation`` is the archive's generation right after the change (0: unknown): undoing
    it leaves alone every pair someone changed again after that.
    """

    added_requirements: list[tuple[int, str]] = field(default_factory=list)
    removed_requirements: list[tuple[int, str]] = field(default_factory=list)
    added_mechanisms: list[tuple[int, str]] = field(default_factory=list)
    removed_mechanisms: list[tuple[int, str]] = field(default_factory=list)
    generation: int = 0

    @property
    def count(self) -> int:
        return (len(self.added_requirements) + len(self.removed_requirements)
                + len(self.added_mechanisms) + len(self.removed_mechanisms))

    def document_ids(self) -> set[int]:
        return {d for d, _ in self.added_requirements + self.removed_requirements
                + self.added_mechanisms + self.removed_mechanisms}


@dataclass
class CheckResult:
    problems: list[str] = field(default_factory=list)
    notes: list[str] = field(default_factory=list)

    @property
    def ok(self) -> bool:
        return not self.problems
