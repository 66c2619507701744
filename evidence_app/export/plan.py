"""Which documents go into which volume, in what order, split into parts, with 档号.

A plan is pure data computed from the archive; it writes nothing. ``compile --dry-run``
prints it; the batch turns each planned volume into a picklable job for a worker process.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field, replace

from ..archive import Archive
from ..archive import Document, Requirement
from ..errors import Notice, Reason, UsageError
from .settings import DEFAULT_LAYOUT, LayoutSettings

GROUPINGS = ("requirement", "task", "unit", "mechanism")
CLASSIFIED = ("绝密", "机密", "秘密")
NO_GROUP = ""


@dataclass
class PlanEntry:
    """One document (or, for a document longer than the budget, a slice of it) in a volume."""

    doc: Document
    group: str                   # requirement code the document is filed under ("" none)
    pages: int                   # pages it takes in this volume
    first_doc_page: int = 1      # 1-based slice of the document's own pages
    slice_of: int = 0            # number of pages of the whole document when sliced, else 0

    @property
    def last_doc_page(self) -> int:
        return self.first_doc_page + self.pages - 1


@dataclass
class PlannedVolume:
    key: str                     # "requirement:3.2.1", "task:3.2", "unit:市司法局", "list:1"
    label: str                   # the code or name the key names
    heading_lines: list[str]     # cover title lines, without the part suffix
    lead_unit: str
    responsible_units: list[str]
    leader: str
    part: int = 1
    parts: int = 1
    number: int = 0              # position in the batch, 1-based; gives the 档号
    archive_code: str = ""
    entries: list[PlanEntry] = field(default_factory=list)
    # code -> (text, task, task name)
    groups: dict[str, tuple[str, str, str]] = field(default_factory=dict)
    part_suffix: str = ""        # （之一）… for a part of a split volume (from the layout)

    @property
    def title(self) -> str:
        suffix = "" if self.parts == 1 else (self.part_suffix or _PART_SUFFIX.get(
            self.part, f"（之{self.part}）"))
        return " ".join(self.heading_lines) + suffix

    @property
    def body_pages(self) -> int:
        return sum(e.pages for e in self.entries)

    @property
    def filename(self) -> str:
        safe = re.sub(r'[\\/:*?"<>|\s]+', "_", self.label)[:40]
        part = f"_{self.part}of{self.parts}" if self.parts > 1 else ""
        return f"{self.archive_code}_{self.key.split(':', 1)[0]}-{safe}{part}.pdf"

    def date_range(self) -> tuple[str, str]:
        dates = sorted(e.doc.date for e in self.entries if e.doc.date)
        return (dates[0], dates[-1]) if dates else ("", "")

    def as_json(self) -> dict:
        return {"key": self.key, "part": self.part, "parts": self.parts,
                "archive_code": self.archive_code, "title": self.title, "file": self.filename,
                "body_pages": self.body_pages,
                "documents": [{"id": e.doc.id, "title": e.doc.title, "pages": e.pages,
                               "group": e.group, **({"doc_pages": [e.first_doc_page,
                                                                  e.last_doc_page]}
                                                    if e.slice_of else {})}
                              for e in self.entries]}


_PART_SUFFIX = {i + 1: f"（{s}）" for i, s in enumerate(DEFAULT_LAYOUT.part_suffixes)}


@dataclass
class Plan:
    by: str
    volumes: list[PlannedVolume]
    warnings: list[str] = field(default_factory=list)
    excluded: list[dict] = field(default_factory=list)   # {"id", "title", "reason"}
    compile_date: str = ""

    def as_json(self) -> dict:
        return {"by": self.by, "compile_date": self.compile_date,
                "volumes": [v.as_json() for v in self.volumes],
                "warnings": self.warnings, "excluded": self.excluded,
                "totals": {"volumes": len(self.volumes),
                           "documents": sum(len(v.entries) for v in self.volumes),
                           "body_pages": sum(v.body_pages for v in self.volumes)}}


# ---------------------------------------------------------------------------- ordering
def _natural(text: str | None) -> tuple:
    return tuple(int(p) if p.isdigit() else p for p in re.split(r"(\d+)", text or ""))


def default_order_key(entry: PlanEntry, group_rank: dict[str, int]) -> tuple:
    """Requirement (catalogue order), then date, then 文号 (numbers compared as numbers)."""
    doc = entry.doc
    return (group_rank.get(entry.group, len(group_rank)), doc.date or "99999999",
            _natural(doc.doc_number), doc.id)


# Which document of a link comes first in a volume (docs/VOLUMES.md, "Order of documents
# within a volume"): a reply before the request it answers, a main document before its
# attachments, the 正本 before its 定稿, a forwarding notice before what it forwards.
_LINKED_FIRST = {"answers": "document", "attachment_of": "other", "original_of": "document",
                 "forwards": "document"}


def _precedence(links) -> list[tuple[int, int]]:
    """(first, second) document ids of each link, in the order a volume binds them."""
    return [(link.document_id, link.other_id) if _LINKED_FIRST[link.kind] == "document"
            else (link.other_id, link.document_id) for link in links]


def order_entries(entries: list[PlanEntry], group_rank: dict[str, int],
                  manual: list[int] | None = None,
                  pairs: list[tuple[int, int]] = ()) -> list[PlanEntry]:
    """Default order, then linked documents kept together (``pairs``: (first, second) ids),
    then the user's manual order, which always wins."""
    ordered = sorted(entries, key=lambda e: default_order_key(e, group_rank))
    if pairs:
        ordered = _follow_links(ordered, pairs)
    if manual:
        position = {doc_id: i for i, doc_id in enumerate(manual)}
        ordered.sort(key=lambda e: (0, position[e.doc.id]) if e.doc.id in position else (1, 0))
    return ordered


def _follow_links(ordered: list[PlanEntry], pairs: list[tuple[int, int]]) -> list[PlanEntry]:
    """Each linked second document straight after its first one (a tree: several attachments
    follow their main document in date order; a chain — a notice forwarding a reply to a
    request — stays in one piece). A document follows one first only: the earliest link in
    the default order wins, and a link that would close a circle is ignored. A document
    filed under another requirement than its first moves under that requirement only when
    it is tagged with it; otherwise it stays where the default order put it."""
    position = {e.doc.id: i for i, e in enumerate(ordered)}
    entry_of = {e.doc.id: e for e in ordered}
    parent: dict[int, int] = {}
    for first, second in sorted((p for p in set(pairs) if p[0] in position
                                 and p[1] in position),
                                key=lambda p: (position[p[1]], position[p[0]])):
        if second in parent:
            continue
        above = first
        while above in parent and above != second:
            above = parent[above]
        if above == second:
            continue                      # second already leads first: a circle
        lead, follower = entry_of[first], entry_of[second]
        if lead.group != follower.group:
            if lead.group not in follower.doc.requirements:
                continue
            entry_of[second] = replace(follower, group=lead.group)
        parent[second] = first
    children: dict[int, list[int]] = {}
    for second in sorted(parent, key=position.__getitem__):
        children.setdefault(parent[second], []).append(second)
    result: list[PlanEntry] = []
    for entry in ordered:
        if entry.doc.id in parent:
            continue
        stack = [entry.doc.id]
        while stack:
            doc_id = stack.pop()
            result.append(entry_of[doc_id])
            stack.extend(reversed(children.get(doc_id, [])))
    return result


# ---------------------------------------------------------------------------- splitting
def split_entries(entries: list[PlanEntry], budget: int,
                  pairs: list[tuple[int, int]] = ()) -> list[list[PlanEntry]]:
    """Pack entries into parts of at most ``budget`` pages, in order; a document is cut only
    when it alone exceeds the budget. Linked papers standing next to each other (``pairs``:
    a 批复 and its 请示, a document and its attachments) start a new part together rather
    than be parted, unless together they exceed the budget."""
    budget = max(1, int(budget))
    parts: list[list[PlanEntry]] = []
    current: list[PlanEntry] = []
    used = 0
    for run in _linked_runs(entries, pairs):
        pages = sum(entry.pages for entry in run)
        if current and pages <= budget and used + pages > budget:
            parts.append(current)
            current, used = [], 0
        for entry in run:
            if entry.pages > budget:
                if current:
                    parts.append(current)
                current, used = [], 0
                start = 1
                while start <= entry.pages:
                    size = min(budget, entry.pages - start + 1)
                    piece = PlanEntry(entry.doc, entry.group, size, first_doc_page=start,
                                      slice_of=entry.pages)
                    if size == budget:
                        parts.append([piece])
                    else:
                        current, used = [piece], size
                    start += size
                continue
            if current and used + entry.pages > budget:
                parts.append(current)
                current, used = [], 0
            current.append(entry)
            used += entry.pages
    if current:
        parts.append(current)
    return parts


def _linked_runs(entries: list[PlanEntry],
                 pairs: list[tuple[int, int]]) -> list[list[PlanEntry]]:
    """The entries cut into runs: an entry joins the run before it when it is linked to a
    document of that run (the chains and trees _follow_links puts together)."""
    linked: dict[int, set[int]] = {}
    for first, second in pairs:
        linked.setdefault(first, set()).add(second)
        linked.setdefault(second, set()).add(first)
    runs: list[list[PlanEntry]] = []
    members: set[int] = set()
    for entry in entries:
        if runs and linked.get(entry.doc.id, set()) & members:
            runs[-1].append(entry)
        else:
            runs.append([entry])
            members = set()
        members.add(entry.doc.id)
    return runs


# ---------------------------------------------------------------------------- planning
def batch_compile_date(archive: Archive) -> str:
    """The reproducible 'as of' date of a batch: the latest change to the archive, not
    counting the batches' own records of where documents are bound nor the layout choices
    (switching duplex on does not make the evidence newer)."""
    return archive.last_change_date(ignoring=("compile", "layout-settings"))


def plan_volumes(archive: Archive, by: str = "requirement", only: list[str] | None = None,
                 max_pages: int | None = None, layout: LayoutSettings = DEFAULT_LAYOUT,
                 compile_date: str | None = None, page_counts: dict[int, int] | None = None,
                 explicit: list[tuple[str, list[int]]] | None = None,
                 manual: dict[str, list[int]] | None = None,
                 links: list | None = None,
                 include_classified: bool | None = None) -> Plan:
    """Plan the volumes of a batch.

    Args:
        by: grouping — requirement (default), task, unit or mechanism; ignored with ``explicit``.
        only: keep the volumes of these codes (a task code keeps its requirements' volumes);
            numbering (档号) is that of the full batch either way.
        max_pages: page budget of a volume (default from the layout settings).
        page_counts: real page counts by document id (after conversion), overriding the
            archive's recorded counts.
        explicit: [(title, [doc ids])] — volumes the user composed by hand.
        manual: manual orders by plan key (default: those stored in the archive).
        links: the links between documents (default: those stored in the archive);
            linked documents are bound together in the order VOLUMES.md gives.
    """
    from ..archive import document_links, manual_orders

    if by not in GROUPINGS:
        raise UsageError(f"--by must be one of {', '.join(GROUPINGS)}")
    budget = max_pages or layout.page_budget
    if budget < 1:
        raise UsageError("the page budget must be at least 1 page", Reason.BAD_PAGE_BUDGET,
                         (budget, 1))
    include_classified = (layout.include_classified if include_classified is None
                          else include_classified)
    compile_date = compile_date or batch_compile_date(archive)
    manual = manual_orders(archive) if manual is None else manual
    pairs = _precedence(document_links(archive) if links is None else links)
    page_counts = page_counts or {}
    requirements = archive.requirements()
    req_by_code = {r.code: r for r in requirements}
    group_rank = {r.code: i for i, r in enumerate(requirements)}
    plan = Plan(by="list" if explicit else by, volumes=[], compile_date=compile_date)

    docs = archive.documents()
    usable: dict[int, Document] = {}
    for doc in docs:
        if doc.classification in CLASSIFIED and not include_classified:
            plan.excluded.append({"id": doc.id, "title": doc.title,
                                  "requirements": list(doc.requirements),
                                  "reason": f"密级 {doc.classification}: left out of volumes"})
            continue
        usable[doc.id] = doc
    if plan.excluded:
        ids = ", ".join(str(e["id"]) for e in plan.excluded)
        plan.warnings.append(Notice(f"{len(plan.excluded)} classified document(s) left out of "
                                    f"the volumes: {ids}", Reason.CLASSIFIED_LEFT_OUT,
                                    (len(plan.excluded), ids)))

    def entry(doc: Document, group: str) -> PlanEntry:
        return PlanEntry(doc, group, max(1, int(page_counts.get(doc.id, doc.pages) or 1)))

    def first_group(doc: Document, within: set[str] | None = None) -> str:
        for code in doc.requirements:
            if within is None or code in within:
                return code
        return NO_GROUP

    def groups_of(entries: list[PlanEntry]) -> dict[str, tuple[str, str, str]]:
        out = {}
        for e in entries:
            req = req_by_code.get(e.group)
            if req and e.group not in out:
                out[e.group] = (req.text, req.task_code or "", req.task_name or "")
        return out

    # each document under every code it carries, in the documents' order (one pass: a pass
    # over every document per requirement took most of a re-run's time at full scale)
    by_code: dict[tuple[str, str], list[Document]] = {}
    for doc in usable.values():
        for key in dict.fromkeys([("requirement", c) for c in doc.requirements]
                                 + [("mechanism", c) for c in doc.mechanisms]
                                 + [("unit", doc.source_unit or "")]):
            by_code.setdefault(key, []).append(doc)
    position = {doc_id: n for n, doc_id in enumerate(usable)}

    # (key, label, heading lines, lead, responsible, leader, entries, match codes)
    raw: list[tuple[PlannedVolume, list[PlanEntry], set[str]]] = []
    if explicit:
        for n, (title, ids) in enumerate(explicit, 1):
            missing = [i for i in ids if i not in usable]
            if missing:
                ids = ", ".join(map(str, missing))
                plan.warnings.append(Notice(f"volume '{title}': document(s) {ids} unknown or "
                                            "excluded", Reason.LISTED_DOCUMENTS_MISSING,
                                            (title, ids)))
            entries = [entry(usable[i], first_group(usable[i])) for i in ids if i in usable]
            vol = PlannedVolume(f"list:{n}", str(n), [title], "", [], "")
            raw.append((vol, entries, {str(n), title}))
    elif by == "requirement":
        for req in requirements:
            entries = [entry(d, req.code) for d in by_code.get(("requirement", req.code), [])]
            if entries:
                raw.append((_requirement_volume(req), entries,
                            {req.code, req.task_code or "", req.section_code or ""}))
    elif by == "task":
        for task_code, task_name, section in archive.tasks():
            codes = [r.code for r in requirements if r.task_code == task_code]
            code_set = set(codes)
            found = {d.id for c in codes for d in by_code.get(("requirement", c), [])}
            entries = [entry(usable[i], first_group(usable[i], code_set))
                       for i in sorted(found, key=position.__getitem__)]
            if entries:
                reqs = [req_by_code[c] for c in codes]
                leads = _unique(r.lead_unit for r in reqs if r.lead_unit)
                vol = PlannedVolume(f"task:{task_code}", task_code,
                                    [f"重点任务 {task_code} {task_name}"], "、".join(leads),
                                    _unique(u for r in reqs for u in r.responsible_units),
                                    "、".join(_unique(r.leader for r in reqs if r.leader)))
                raw.append((vol, entries, {task_code, section or ""}))
    elif by == "unit":
        for unit in archive.units():
            entries = [entry(d, first_group(d)) for d in by_code.get(("unit", unit.name), [])]
            if entries:
                vol = PlannedVolume(f"unit:{unit.name}", unit.name, [f"{unit.name} 佐证资料"],
                                    unit.name, [], unit.leader or "")
                raw.append((vol, entries, {unit.name}))
    else:  # mechanism
        for mech in archive.mechanisms():
            found = {d.id for d in by_code.get(("mechanism", mech.code), [])}
            if mech.text_document_id in usable:
                found.add(mech.text_document_id)
            entries = [entry(usable[i], first_group(usable[i]))
                       for i in sorted(found, key=position.__getitem__)]
            if entries:
                reqs = [req_by_code[c] for c in mech.requirements if c in req_by_code]
                vol = PlannedVolume(f"mechanism:{mech.code}", mech.code,
                                    [f"制度机制 {mech.code} {mech.title}"], mech.issuer or "",
                                    _unique(r.lead_unit for r in reqs if r.lead_unit), "")
                raw.append((vol, entries, {mech.code}))

    number = 0
    wanted = set(only or [])
    for template, entries, codes in raw:
        entries = order_entries(entries, group_rank, manual.get(template.key), pairs)
        pieces = split_entries(entries, budget, pairs)
        for part, piece in enumerate(pieces, 1):
            number += 1
            vol = PlannedVolume(template.key, template.label, template.heading_lines,
                                template.lead_unit, template.responsible_units, template.leader,
                                part=part, parts=len(pieces), number=number,
                                entries=piece, groups=groups_of(piece),
                                part_suffix=layout.part_suffix(part))
            vol.archive_code = layout.archive_code_format.format(
                prefix=archive.setting("archive_code_prefix"), year=compile_date[:4],
                number=number)
            if not wanted or (codes & wanted):
                plan.volumes.append(vol)
    if wanted and not plan.volumes:
        codes = ", ".join(sorted(wanted))
        plan.warnings.append(Notice(f"nothing to bind for {codes}", Reason.NOTHING_TO_BIND,
                                    (codes,)))
    return plan


def planned_order(archive: Archive, key: str, by_hand: bool = True) -> list[Document]:
    """The documents of the volume ``key`` ("requirement:3.2.1") in the order a compile binds
    them, across its parts: what the user reorders by hand. ``by_hand=False``: the order
    links and dates give, as if no manual order were set (what "restore" restores).

    Raises:
        UsageError: no volume of the batch has that key.
    """
    by = key.split(":", 1)[0]
    if by not in GROUPINGS:
        raise UsageError(f"'{key}' is not a volume key like requirement:3.2.1")
    parts = [v for v in plan_volumes(archive, by=by, manual=None if by_hand else {}).volumes
             if v.key == key]
    if not parts:
        raise UsageError(f"no volume {key} in the plan; `compile --dry-run` lists the "
                         "volumes' keys")
    return [e.doc for v in parts for e in v.entries if e.first_doc_page == 1]


def _requirement_volume(req: Requirement) -> PlannedVolume:
    lines = []
    if req.task_code:
        lines.append(f"重点任务 {req.task_code} {req.task_name or ''}".strip())
    lines.append(f"具体要求 {req.code} {req.text}")
    return PlannedVolume(f"requirement:{req.code}", req.code, lines, req.lead_unit or "",
                         list(req.responsible_units), req.leader or "")


def _unique(values) -> list[str]:
    out: list[str] = []
    for v in values:
        if v and v not in out:
            out.append(v)
    return out
