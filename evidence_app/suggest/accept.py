"""Suggestions turned into tags: only when a person accepts them or asks for it explicitly
(`suggest --apply`, the review queue's "accept all above"), audited as applied suggestions
and undoable as one tag change."""

from __future__ import annotations

from ..archive import Archive, TagChange, apply_tag_change, tags_removed_by_people
from .model import Suggestion

VIA = "suggestion"


def accept_above(archive: Archive, suggestions: dict[int, list[Suggestion]],
                 min_score: float) -> TagChange:
    """Tag each document with its suggestions scoring ``min_score`` or more, in one
    transaction; a tag a person once removed from a document is not put back.

    Returns exactly what changed (``archive.undo_tags`` reverses it).
    """
    removed = tags_removed_by_people(archive)
    wanted = TagChange()
    for doc_id, items in sorted(suggestions.items()):
        for s in items:
            if s.score >= min_score and (doc_id, s.kind, s.code) not in removed:
                pairs = (wanted.added_requirements if s.kind == "requirement"
                         else wanted.added_mechanisms)
                pairs.append((doc_id, s.code))
    if not wanted.count:
        return TagChange()
    return apply_tag_change(archive, wanted, VIA)
