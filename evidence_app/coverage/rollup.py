"""Coverage per catalogue node: what the window's catalogue tree shows beside each entry.

Requirements and mechanisms show how many documents they have; tasks, sections and units
show "complete/total" of their requirements. The colour of a group follows one rule,
:func:`rollup_status`, so the tree and the coverage view cannot disagree.
"""

from __future__ import annotations

from ..archive import Archive
from .model import COMPLETE, NONE, PARTIAL, Rollup, coverage

NodeKey = tuple[str, str]   # (kind, code): ("requirement", "3.2.1"), ("unit", "区司法局")


def rollup_status(rollup: Rollup) -> str:
    """One colour for a group: complete when all are, none when nothing is, else partial."""
    if rollup.total and rollup.counts.get(COMPLETE, 0) == rollup.total:
        return COMPLETE
    if rollup.counts.get(NONE, 0) == rollup.total:
        return NONE
    return PARTIAL


def _fraction(rollup: Rollup) -> str:
    return f"{rollup.counts.get(COMPLETE, 0)}/{rollup.total}"


def node_counts(archive: Archive) -> tuple[dict[NodeKey, object], dict[NodeKey, str]]:
    """Evidence counts and coverage statuses of every catalogue node, keyed by (kind, code).

    Counts are ints for requirements and mechanisms, "complete/total" strings for groups;
    a unit responsible for no requirement has neither.
    """
    counts: dict[NodeKey, object] = {}
    statuses: dict[NodeKey, str] = {}
    cov = coverage(archive)
    for req in cov.requirements + cov.retired:
        counts[("requirement", req.code)] = len(req.documents)
        statuses[("requirement", req.code)] = req.status
        for mech in req.mechanisms:
            counts[("mechanism", mech.code)] = len(mech.documents)
            statuses[("mechanism", mech.code)] = COMPLETE if mech.supplied else NONE
    for kind, groups in (("task", cov.by_task()), ("section", cov.by_section())):
        for group in groups:
            counts[(kind, group.key)] = _fraction(group)
            statuses[(kind, group.key)] = rollup_status(group)
    for unit in archive.units():
        group = cov.for_unit(unit.name).summary()
        if group.total:
            counts[("unit", unit.name)] = _fraction(group)
            statuses[("unit", unit.name)] = rollup_status(group)
    return counts, statuses
