"""Mechanisms found by 文号, with certainty.

A mechanism in the catalogue carries its 文号 and 成文日期. A document whose recognised 文号
is the same (compared in canonical form: one bracket style, half-width digits, no leading
zeros) is that mechanism's document, so the two are linked without asking: at import and when
the catalogue is imported again. Anything less than certain is listed, never guessed:

- ``several_documents``: more than one document carries the mechanism's 文号;
- ``several_mechanisms``: the catalogue gives one 文号 to more than one mechanism;
- ``wrong_year``: the 文号 matches but its year disagrees with the catalogue's or the
  document's 成文日期 (a misread date, or a 文号 typed with the wrong year).

A 文号 that matches in everything but its year is not a conflict: each issuing office numbers
its documents afresh every year, so 潭政办发〔2020〕12号 and 〔2021〕12号 are two documents.

A link a person removed (untag, or undo of the automatic link) is never put back by itself;
the suggestion is still offered (score 1.0) for a person to accept again.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from typing import Iterable

from ..archive import (Archive, TagChange, apply_tag_change, normalize_doc_number,
                       numbered_documents, tags_removed_by_people)

VIA = "auto-link by 文号"
_YEAR = re.compile(r"〔(\d{4})〕")


def canonical_number(number: str | None) -> str | None:
    if not number:
        return None
    return normalize_doc_number(number) or number.strip()


def _year_of(number: str) -> str | None:
    m = _YEAR.search(number)
    return m.group(1) if m else None


@dataclass
class NumberMatches:
    """Which documents are which mechanism's, by 文号, and what could not be decided."""

    certain: dict[int, str] = field(default_factory=dict)      # document -> mechanism code
    conflicts: list[dict] = field(default_factory=list)


def match_by_number(archive: Archive) -> NumberMatches:
    """Compare every document's 文号 with the catalogue's mechanisms (nothing is written)."""
    result = NumberMatches()
    mechs_of: dict[str, list] = {}
    for mech in archive.mechanisms():
        number = canonical_number(mech.doc_number)
        if number and not mech.retired:
            mechs_of.setdefault(number, []).append(mech)
    docs_of: dict[str, list[tuple[int, str | None]]] = {}
    for doc_id, number, date in numbered_documents(archive):
        docs_of.setdefault(canonical_number(number), []).append((doc_id, date))
    for number, mechs in sorted(mechs_of.items()):
        holders = docs_of.get(number, [])
        codes = [m.code for m in mechs]
        if len(mechs) > 1:
            if holders:
                result.conflicts.append(_conflict("several_mechanisms", number, codes,
                                                  [d for d, _ in holders]))
            continue
        mech = mechs[0]
        if len(holders) > 1:
            result.conflicts.append(_conflict("several_documents", number, codes,
                                              [d for d, _ in holders]))
            continue
        if not holders:
            continue
        doc_id, doc_date = holders[0]
        year = _year_of(number)
        dates = [d[:4] for d in (mech.date, doc_date) if d]
        if year and any(d != year for d in dates):
            result.conflicts.append(_conflict("wrong_year", number, codes, [doc_id]))
            continue
        result.certain[doc_id] = mech.code
    return result


_MESSAGES = {
    "several_mechanisms": "the catalogue gives this 文号 to several mechanisms",
    "several_documents": "several documents carry this mechanism's 文号",
    "wrong_year": "the 文号's year disagrees with the 成文日期",
}


def _conflict(reason: str, number: str, mechanisms: list[str], documents: list[int]) -> dict:
    return {"reason": reason, "doc_number": number, "mechanisms": mechanisms,
            "documents": sorted(documents), "message": _MESSAGES[reason]}


@dataclass
class LinkReport:
    """What an automatic linking did: the links made (undo with ``archive.undo_tags``) and the
    conflicts left for a person."""

    change: TagChange = field(default_factory=TagChange)
    conflicts: list[dict] = field(default_factory=list)

    @property
    def linked(self) -> list[tuple[int, str]]:
        return list(self.change.added_mechanisms)

    def merged(self, earlier: "LinkReport | None") -> "LinkReport":
        """This report folded into an earlier one of the same import (a retry's)."""
        if earlier is None:
            return self
        change = TagChange(added_mechanisms=earlier.linked + self.linked)
        return LinkReport(change, earlier.conflicts + self.conflicts)

    def as_json(self) -> dict:
        return {"linked": [{"id": d, "mechanism": c} for d, c in self.linked],
                "conflicts": self.conflicts}

    def text(self) -> str:
        """A few lines for the terminal; empty when there is nothing to say."""
        if not self.linked and not self.conflicts:
            return ""
        lines = [f"linked {len(self.linked)} document(s) to mechanisms by 文号"]
        lines += [f"  not linked: {c['doc_number']} ({', '.join(c['mechanisms'])}): "
                  f"{c['message']}; documents {', '.join(map(str, c['documents']))}"
                  for c in self.conflicts]
        return "\n".join(lines)


def link_by_number(archive: Archive, doc_ids: Iterable[int] | None = None) -> LinkReport:
    """Tag each document (of ``doc_ids``, or all) with the mechanism its 文号 names, in one
    transaction audited as automatic; a link a person once removed is not made again.

    Conflicts are reported (those touching ``doc_ids`` when given), never resolved.
    """
    if not any(m.doc_number for m in archive.mechanisms()):
        return LinkReport()
    matches = match_by_number(archive)
    scope = None if doc_ids is None else {int(i) for i in doc_ids}
    report = LinkReport(conflicts=[c for c in matches.conflicts
                                   if scope is None or scope & set(c["documents"])])
    removed = tags_removed_by_people(archive)
    wanted = [(doc_id, code) for doc_id, code in sorted(matches.certain.items())
              if (scope is None or doc_id in scope)
              and (doc_id, "mechanism", code) not in removed]
    if wanted:
        report.change = apply_tag_change(archive, TagChange(added_mechanisms=wanted), VIA)
    return report
