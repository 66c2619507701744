"""The two moments the archive learns something a suggestion needs: an import (the new
documents' folders, their links to mechanisms by 文号, and replies linked to the requests they
cite) and a catalogue import (mechanisms whose 文号 documents already carry). Each face calls
one function after the core's own."""

from __future__ import annotations

from pathlib import Path

from ..archive import Archive, record_folders
from ..errors import EvidenceError, Notice, Reason
from .mechanisms import LinkReport, link_by_number
from .replies import link_replies


def after_import(archive: Archive, report, added_entries: list[dict]) -> None:
    """After every document of an import is committed (``added_entries``, those of
    ``report.added`` this import made): keep where each came from and link it to the
    mechanism its 文号 names; a reply among them is linked to the request it cites (and a
    request to the reply citing it).

    Both are extras on top of a finished import, so a failure here becomes a warning of the
    report, never a failed import.
    """
    added = {entry["id"]: str(Path(entry["path"]).parent) for entry in added_entries}
    try:
        record_folders(archive, added)
        report.mechanism_links = link_by_number(archive, list(added))
        link_replies(archive, list(added))
    except EvidenceError as exc:
        report.warn(archive.root, Notice(f"documents were not linked by 文号 or citation: {exc}",
                                         Reason.NOT_LINKED))


def after_catalogue_import(archive: Archive) -> LinkReport:
    """After a catalogue (re-)import: link every document to the mechanism its 文号 names."""
    return link_by_number(archive)
