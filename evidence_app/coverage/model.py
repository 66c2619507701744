"""The coverage model: which requirements have their evidence, and who must supply the rest.

For every requirement of the catalogue this computes its evidence documents, its mechanisms
(制度机制) and whether each mechanism has its document, and one status. The rules live in
:func:`requirement_status` and :meth:`MechanismCoverage.supplied`, and nowhere else:

* **Evidence** of a requirement: the documents tagged with the requirement itself. A document
  tagged only with one of its mechanisms is not evidence of the requirement (it is counted for
  the mechanism).
* **A mechanism has its document** when its own formal text is in the archive
  (``mechanism.text_document_id``, set on import with "mechanism text of"), *or*, failing
  that, at least one document is tagged with the mechanism. Staff often tag the text with
  ``--mech`` without marking it as "the text"; refusing to count that would show a unit as
  behind for a paper it did hand in. :attr:`MechanismCoverage.basis` says which case held
  ("text" / "tagged"), so a report can still ask for the formal text to be marked.
* Only current mechanisms count; a retired mechanism (one that left the catalogue) is not
  required of anybody.
* **Status** of a requirement:
    - ``complete`` — it has evidence and every one of its mechanisms has its document
      (a requirement without mechanisms is complete as soon as it has evidence);
    - ``partial`` — something is there (evidence, or at least one mechanism's document) but
      not all of the above;
    - ``none`` — nothing at all.
* Retired requirements (left the catalogue, still tagged) get a status too but are kept out
  of every count and roll-up; :attr:`Coverage.retired` lists them.

Roll-ups count requirements per status for each task, section, lead unit, responsible unit and
city leader; a requirement counts once for each of its responsible units.

The picture can be taken now (:func:`coverage`, a handful of SQL reads, no per-requirement
queries) or as it was on a date (:func:`coverage_as_of`), by replaying the audit log — the
catalogue (requirements, mechanisms, units) is always today's; documents, tags and mechanism
texts are as they were at the end of that day. :func:`coverage_change` compares two dates.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import date as _date
from typing import Sequence

from ..archive import Archive
from ..archive import parse_date
from ..errors import Reason, UsageError

NONE, PARTIAL, COMPLETE = "none", "partial", "complete"
STATUSES = (NONE, PARTIAL, COMPLETE)
STATUS_LABELS = {NONE: "未提供", PARTIAL: "部分提供", COMPLETE: "已完成"}
UNASSIGNED = "（未指定）"


def requirement_status(evidence_count: int, mechanisms_supplied: Sequence[bool]) -> str:
    """THE status rule (see the module docstring); every status in the program comes from here.

    Args:
        evidence_count: documents tagged with the requirement itself.
        mechanisms_supplied: for each current mechanism of the requirement, whether it has
            its document.
    """
    if evidence_count and all(mechanisms_supplied):
        return COMPLETE
    if evidence_count or any(mechanisms_supplied):
        return PARTIAL
    return NONE


# ---------------------------------------------------------------------------- records
@dataclass(frozen=True)
class MechanismCoverage:
    code: str
    title: str
    text_document: int | None      # the document that is its own formal text, if marked
    documents: tuple[int, ...]     # documents tagged with the mechanism

    @property
    def basis(self) -> str | None:
        """Why the mechanism counts as supplied: "text", "tagged", or None (it does not)."""
        if self.text_document is not None:
            return "text"
        return "tagged" if self.documents else None

    @property
    def supplied(self) -> bool:
        return self.basis is not None

    def as_json(self) -> dict:
        return {"code": self.code, "title": self.title, "text_document": self.text_document,
                "documents": list(self.documents), "supplied": self.supplied,
                "basis": self.basis}


@dataclass(frozen=True)
class RequirementCoverage:
    code: str
    text: str
    task_code: str | None
    task_name: str | None
    section_code: str | None
    section_name: str | None
    lead_unit: str | None
    leader: str | None
    responsible_units: tuple[str, ...]
    retired: bool
    documents: tuple[int, ...]              # evidence: documents tagged with the requirement
    mechanisms: tuple[MechanismCoverage, ...]
    status: str

    @property
    def missing_mechanisms(self) -> list[MechanismCoverage]:
        return [m for m in self.mechanisms if not m.supplied]

    def to_supply(self) -> list[str]:
        """What the units must still hand in, as short Chinese phrases for the reports."""
        needs = []
        if not self.documents:
            needs.append("佐证资料（落实情况、工作台账、成效材料等）")
        needs += [f"制度文本 {m.code}《{m.title}》" for m in self.missing_mechanisms]
        return needs

    def as_json(self) -> dict:
        return {"code": self.code, "text": self.text, "task": self.task_code,
                "section": self.section_code, "lead_unit": self.lead_unit,
                "leader": self.leader, "responsible_units": list(self.responsible_units),
                "retired": self.retired, "documents": list(self.documents),
                "document_count": len(self.documents),
                "mechanisms": [m.as_json() for m in self.mechanisms],
                "missing_mechanisms": [m.code for m in self.missing_mechanisms],
                "status": self.status}


@dataclass
class Rollup:
    """Counts of one group of requirements (a task, a section, a unit, a leader)."""

    key: str
    name: str
    requirements: list[str] = field(default_factory=list)
    counts: dict[str, int] = field(default_factory=lambda: dict.fromkeys(STATUSES, 0))

    @property
    def total(self) -> int:
        return len(self.requirements)

    @property
    def percent_complete(self) -> float:
        return round(100.0 * self.counts[COMPLETE] / self.total, 1) if self.total else 0.0

    def as_json(self) -> dict:
        return {"key": self.key, "name": self.name, "total": self.total, **self.counts,
                "percent_complete": self.percent_complete, "requirements": self.requirements}


@dataclass
class Coverage:
    """The whole picture on one date (``as_of``, YYYYMMDD): the date reports print."""

    requirements: list[RequirementCoverage]     # current requirements, catalogue order
    retired: list[RequirementCoverage]
    as_of: str
    unit: str | None = None                     # set when filtered with :meth:`for_unit`

    def requirement(self, code: str) -> RequirementCoverage:
        for req in self.requirements + self.retired:
            if req.code == code:
                return req
        raise KeyError(code)

    def for_unit(self, name: str) -> "Coverage":
        """Only the requirements the unit leads or is responsible for."""
        def mine(r):
            return r.lead_unit == name or name in r.responsible_units
        return Coverage([r for r in self.requirements if mine(r)],
                        [r for r in self.retired if mine(r)], self.as_of, unit=name)

    # roll-ups ------------------------------------------------------------------------
    def _rollup(self, keys_of) -> list[Rollup]:
        groups: dict[str, Rollup] = {}
        for req in self.requirements:
            for key, name in keys_of(req):
                group = groups.get(key)
                if group is None:
                    group = groups[key] = Rollup(key, name)
                group.requirements.append(req.code)
                group.counts[req.status] += 1
        return list(groups.values())    # in order of first appearance in the catalogue

    def summary(self) -> Rollup:
        groups = self._rollup(lambda r: [("", "合计")])
        return groups[0] if groups else Rollup("", "合计")

    def by_task(self) -> list[Rollup]:
        return self._rollup(lambda r: [(r.task_code or "", r.task_name or UNASSIGNED)])

    def by_section(self) -> list[Rollup]:
        return self._rollup(lambda r: [(r.section_code or "", r.section_name or UNASSIGNED)])

    def by_lead_unit(self) -> list[Rollup]:
        return self._rollup(lambda r: [(r.lead_unit or UNASSIGNED,) * 2])

    def by_responsible_unit(self) -> list[Rollup]:
        return self._rollup(lambda r: [(u, u) for u in r.responsible_units])

    def by_leader(self) -> list[Rollup]:
        return self._rollup(lambda r: [(r.leader or UNASSIGNED,) * 2])

    def as_json(self) -> dict:
        total = self.summary()
        return {
            "as_of": self.as_of, "unit": self.unit,
            "requirements": [r.as_json() for r in self.requirements],
            "retired": [r.as_json() for r in self.retired],
            "summary": {
                "total": total.total, **total.counts,
                "percent_complete": total.percent_complete,
                "by_task": [g.as_json() for g in self.by_task()],
                "by_section": [g.as_json() for g in self.by_section()],
                "by_lead_unit": [g.as_json() for g in self.by_lead_unit()],
                "by_responsible_unit": [g.as_json() for g in self.by_responsible_unit()],
                "by_leader": [g.as_json() for g in self.by_leader()],
            }}


@dataclass(frozen=True)
class RequirementChange:
    code: str
    text: str
    lead_unit: str | None
    status_before: str
    status_after: str
    gained_documents: tuple[int, ...]
    lost_documents: tuple[int, ...]
    mechanisms_supplied: tuple[str, ...]    # mechanisms that got their document
    mechanisms_lost: tuple[str, ...]        # mechanisms that lost it

    @property
    def status_changed(self) -> bool:
        return self.status_before != self.status_after

    def as_json(self) -> dict:
        return {"code": self.code, "lead_unit": self.lead_unit,
                "status_before": self.status_before, "status_after": self.status_after,
                "gained_documents": list(self.gained_documents),
                "lost_documents": list(self.lost_documents),
                "mechanisms_supplied": list(self.mechanisms_supplied),
                "mechanisms_lost": list(self.mechanisms_lost)}


@dataclass
class CoverageChange:
    before: Coverage
    after: Coverage
    changes: list[RequirementChange]        # every current requirement where anything changed

    @property
    def status_changes(self) -> list[RequirementChange]:
        return [c for c in self.changes if c.status_changed]

    def as_json(self) -> dict:
        a, b = self.before.summary(), self.after.summary()
        return {"from": self.before.as_of, "to": self.after.as_of,
                "summary_before": {**a.counts, "percent_complete": a.percent_complete},
                "summary_after": {**b.counts, "percent_complete": b.percent_complete},
                "changes": [c.as_json() for c in self.changes]}


# ---------------------------------------------------------------------------- building
def _assemble(archive: Archive, req_docs: dict[str, set[int]], mech_docs: dict[str, set[int]],
              mech_text: dict[str, int | None], as_of: str) -> Coverage:
    """Apply the rules to one state of the tags; the catalogue is read from the archive."""
    by_req: dict[str, list[MechanismCoverage]] = {}
    for mech in archive.mechanisms():
        if mech.retired:
            continue
        entry = MechanismCoverage(mech.code, mech.title, mech_text.get(mech.code),
                                  tuple(sorted(mech_docs.get(mech.code, ()))))
        for code in mech.requirements:
            by_req.setdefault(code, []).append(entry)
    current, retired = [], []
    for req in archive.requirements():
        docs = tuple(sorted(req_docs.get(req.code, ())))
        mechs = tuple(by_req.get(req.code, ()))
        item = RequirementCoverage(
            code=req.code, text=req.text, task_code=req.task_code, task_name=req.task_name,
            section_code=req.section_code, section_name=req.section_name,
            lead_unit=req.lead_unit, leader=req.leader,
            responsible_units=tuple(req.responsible_units), retired=req.retired,
            documents=docs, mechanisms=mechs,
            status=requirement_status(len(docs), [m.supplied for m in mechs]))
        (retired if req.retired else current).append(item)
    return Coverage(current, retired, as_of)


def coverage(archive: Archive) -> Coverage:
    """Coverage now; ``as_of`` is the archive's last change date (reproducible reports)."""
    with archive.snapshot():
        return _coverage_now(archive)


def _coverage_now(archive: Archive) -> Coverage:
    pairs = archive.tag_pairs()
    req_docs: dict[str, set[int]] = {}
    for doc_id, code in pairs.requirements:
        req_docs.setdefault(code, set()).add(doc_id)
    mech_docs: dict[str, set[int]] = {}
    for doc_id, code in pairs.mechanisms:
        mech_docs.setdefault(code, set()).add(doc_id)
    mech_text = {m.code: m.text_document_id for m in archive.mechanisms()}
    return _assemble(archive, req_docs, mech_docs, mech_text, archive.last_change_date())


def parse_day(value: str | _date) -> str:
    """A date given by a user or caller as 'YYYYMMDD' (or 2021-03-01, 2021年3月1日, a date).

    Raises:
        UsageError: not a valid calendar date.
    """
    if isinstance(value, _date):
        return value.strftime("%Y%m%d")
    parsed = parse_date(str(value))
    if parsed is None:
        raise UsageError(f"'{value}' is not a date (write it as YYYYMMDD, e.g. 20210301)",
                         Reason.BAD_DATE, (value,))
    return parsed


_REPLAYED = ("add", "tag", "untag", "undo", "redo", "remove")


def coverage_as_of(archive: Archive, day: str | _date) -> Coverage:
    """Coverage at the end of ``day`` (inclusive), replayed from the audit log.

    Requirements and mechanisms are today's catalogue; documents, their tags and mechanism
    texts are as they were. Tags naming codes no longer in the catalogue are ignored.

    Raises:
        UsageError: ``day`` is not a date.
    """
    day = parse_day(day)
    with archive.snapshot():
        return _replay(archive, day)


def _replay(archive: Archive, day: str) -> Coverage:
    iso = f"{day[:4]}-{day[4:6]}-{day[6:]}"
    doc_reqs: dict[int, set[str]] = {}
    doc_mechs: dict[int, set[str]] = {}
    mech_text: dict[str, int | None] = {}
    for entry in archive.audit_log(until_day=iso, actions=_REPLAYED):
        action, target, detail = entry["action"], entry["target"], entry["detail"]
        if not target.startswith("document "):
            continue
        doc_id = int(target.split()[1])
        if action == "add":
            doc_reqs[doc_id] = set(detail.get("requirements") or ())
            doc_mechs[doc_id] = set(detail.get("mechanisms") or ())
            if detail.get("mechanism_text_of"):
                mech_text[detail["mechanism_text_of"]] = doc_id
        elif action == "remove":
            doc_reqs.pop(doc_id, None)
            doc_mechs.pop(doc_id, None)
            for code, text_id in list(mech_text.items()):
                if text_id == doc_id:
                    mech_text[code] = None
        elif doc_id in doc_reqs:    # tag / untag / undo / redo of a document that exists then
            doc_reqs[doc_id].update(detail.get("added_requirements") or ())
            doc_reqs[doc_id].difference_update(detail.get("removed_requirements") or ())
            doc_mechs[doc_id].update(detail.get("added_mechanisms") or ())
            doc_mechs[doc_id].difference_update(detail.get("removed_mechanisms") or ())
    return _assemble(archive, _invert(doc_reqs), _invert(doc_mechs), mech_text, day)


def _invert(tags: dict[int, set[str]]) -> dict[str, set[int]]:
    result: dict[str, set[int]] = {}
    for doc_id, codes in tags.items():
        for code in codes:
            result.setdefault(code, set()).add(doc_id)
    return result


def compare(before: Coverage, after: Coverage) -> CoverageChange:
    """What changed between two pictures, requirement by requirement (current ones)."""
    old = {r.code: r for r in before.requirements}
    changes = []
    for new in after.requirements:
        was = old.get(new.code)
        if was is None:
            continue
        had = {m.code for m in was.mechanisms if m.supplied}
        has = {m.code for m in new.mechanisms if m.supplied}
        change = RequirementChange(
            code=new.code, text=new.text, lead_unit=new.lead_unit,
            status_before=was.status, status_after=new.status,
            gained_documents=tuple(sorted(set(new.documents) - set(was.documents))),
            lost_documents=tuple(sorted(set(was.documents) - set(new.documents))),
            mechanisms_supplied=tuple(sorted(has - had)),
            mechanisms_lost=tuple(sorted(had - has)))
        if (change.status_changed or change.gained_documents or change.lost_documents
                or change.mechanisms_supplied or change.mechanisms_lost):
            changes.append(change)
    return CoverageChange(before, after, changes)


def coverage_change(archive: Archive, date_a: str | _date,
                    date_b: str | _date | None = None) -> CoverageChange:
    """The change from the end of ``date_a`` to the end of ``date_b`` (default: now)."""
    before = coverage_as_of(archive, date_a)
    after = coverage(archive) if date_b is None else coverage_as_of(archive, date_b)
    return compare(before, after)


__all__ = ["NONE", "PARTIAL", "COMPLETE", "STATUSES", "STATUS_LABELS", "requirement_status",
           "MechanismCoverage", "RequirementCoverage", "Rollup", "Coverage",
           "RequirementChange", "CoverageChange", "coverage", "coverage_as_of",
           "coverage_change", "compare", "parse_day"]

