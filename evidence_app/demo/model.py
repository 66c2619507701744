"""Records of the demo material (no Qt, no I/O)."""

from __future__ import annotations

from dataclasses import dataclass, field
from pathlib import Path


@dataclass
class DemoEntry:
    path: str                     # relative to documents_dir, POSIX separators
    requirements: list[str]       # requirement codes to tag (may be empty = untagged)
    mechanisms: list[str]         # mechanism codes to tag
    unit: str | None              # source unit name (a unit of the catalogue)
    mechanism_text_of: str | None  # mechanism code whose formal text this document is
    title: str
    doc_number: str | None
    date: str | None              # YYYYMMDD, as written into the document
    kind: str                     # pdf | scan | docx | image | text | xlsx
    pages: int                    # pages the file has (docx, text, xlsx: intended pages)


@dataclass
class DemoMaterial:
    catalogue_path: Path          # out_dir/catalogue.xlsx
    documents_dir: Path           # out_dir/documents
    manifest_path: Path           # out_dir/manifest.json
    entries: list[DemoEntry]
    requirements_without_evidence: list[str] = field(default_factory=list)


@dataclass
class DocSpec:
    """Everything a renderer needs for one file; picklable (sent to worker processes)."""

    index: int
    entry: DemoEntry
    issuer: str                   # unit whose name heads the document
    topic: str
    wenzhong: str                 # 文种: 通知, 意见, 方案, 纪要, 报告, 办法 …
    style: str                    # body style: plan | report | minutes | rules
    numeral_date: bool = False    # 成文日期 in Chinese numerals (二〇二一年三月十二日)
    encoding: str = "utf-8"       # text files: utf-8 | utf-8-sig | gb18030
    rotate_page: int = 0          # 1-based page shown with /Rotate 90 (0: none)
    a3_page: int = 0              # 1-based page that is an A3 landscape table (0: none)
    rows: int = 0                 # xlsx data rows
    copy_of: int | None = None    # index of the spec whose bytes this file repeats
