"""Links between documents: a 批复 answers its 请示, an attachment belongs to its main
document, the 正本 is the original of its 定稿, a notice forwards another document.

Archivists keep such papers together in a volume in a fixed order (docs/VOLUMES.md, "Order of
documents within a volume"); the archive only records the links, export/plan.py orders by
them. A link reads "document <kind> other" and goes with either document when it is removed.
Each change is audited (``link`` / ``unlink``); undoing one is the opposite call.
"""

from __future__ import annotations

from dataclasses import dataclass

from ..errors import NotFoundError, Reason, UsageError
from .archive import Archive, _now

# "document <kind> other", in the words of the CLI's options (--answers, --attachment-of …)
LINK_KINDS = ("answers", "attachment_of", "original_of", "forwards")


@dataclass(frozen=True)
class DocumentLink:
    document_id: int
    kind: str
    other_id: int

    def involves(self, doc_id: int) -> bool:
        return doc_id in (self.document_id, self.other_id)

    def as_json(self) -> dict:
        return {"document": self.document_id, "kind": self.kind, "other": self.other_id}


def _checked(conn, link: DocumentLink) -> None:
    if link.kind not in LINK_KINDS:
        raise UsageError(f"a link's kind must be one of {', '.join(LINK_KINDS)}")
    if link.document_id == link.other_id:
        raise UsageError(f"document {link.document_id} cannot be linked to itself",
                         reason=Reason.LINKED_TO_ITSELF)
    for doc_id in (link.document_id, link.other_id):
        if not conn.execute("SELECT 1 FROM documents WHERE id = ?", (doc_id,)).fetchone():
            raise NotFoundError(f"no document with id {doc_id}")


def link_documents(archive: Archive, doc_id: int, kind: str, other_id: int,
                   via: str | None = None) -> bool:
    """Record that document ``doc_id`` ``kind`` ``other_id`` (e.g. 5 answers 3).

    Returns whether the link is new (False: it was there already). ``via`` names what
    proposed it when it was not a person (the audit log keeps it).

    Raises:
        NotFoundError: either document does not exist.
        UsageError: an unknown kind, a document linked to itself, or the same kind of link
            the other way round already (a reply cannot answer its own answer).
    """
    link = DocumentLink(int(doc_id), kind, int(other_id))
    with archive._tx() as conn:
        _checked(conn, link)
        if conn.execute("SELECT 1 FROM document_links WHERE document_id = ? AND kind = ? AND "
                        "other_id = ?", (link.other_id, kind, link.document_id)).fetchone():
            raise UsageError(f"document {link.other_id} already {kind.replace('_', ' ')} "
                             f"document {link.document_id}; unlink that first",
                             reason=Reason.LINKED_THE_OTHER_WAY, params=(link.other_id,))
        added = conn.execute(
            "INSERT INTO document_links(document_id, kind, other_id, linked_at, linked_by) "
            "SELECT ?, ?, ?, ?, ? WHERE NOT EXISTS (SELECT 1 FROM document_links WHERE "
            "document_id = ? AND kind = ? AND other_id = ?)",
            (link.document_id, kind, link.other_id, _now(), archive.user,
             link.document_id, kind, link.other_id)).rowcount
        if added:
            archive._audit("link", f"document {link.document_id}",
                           {"kind": kind, "other": link.other_id,
                            **({"via": via} if via else {})})
    return bool(added)


def unlink_documents(archive: Archive, doc_id: int, kind: str, other_id: int) -> bool:
    """Remove the link ``doc_id`` ``kind`` ``other_id``; whether there was one."""
    link = DocumentLink(int(doc_id), kind, int(other_id))
    with archive._tx() as conn:
        if kind not in LINK_KINDS:
            raise UsageError(f"a link's kind must be one of {', '.join(LINK_KINDS)}")
        removed = conn.execute(
            "DELETE FROM document_links WHERE document_id = ? AND kind = ? AND other_id = ?",
            (link.document_id, kind, link.other_id)).rowcount
        if removed:
            archive._audit("unlink", f"document {link.document_id}",
                           {"kind": kind, "other": link.other_id})
    return bool(removed)


def document_links(archive: Archive, doc_id: int | None = None) -> list[DocumentLink]:
    """The links of one document, either way round (every link when ``doc_id`` is None),
    in a stable order."""
    sql = "SELECT document_id, kind, other_id FROM document_links"
    args: tuple = ()
    if doc_id is not None:
        sql += " WHERE document_id = ? OR other_id = ?"
        args = (int(doc_id), int(doc_id))
    return [DocumentLink(*row) for row in archive._q(
        sql + " ORDER BY document_id, kind, other_id", args)]

