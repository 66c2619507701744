"""Counts and colours of catalogue nodes (the window's tree), from the coverage model."""

from __future__ import annotations

from evidence_app.coverage import COMPLETE, NONE, PARTIAL, Rollup, node_counts, rollup_status


def _rollup(**counts) -> Rollup:
    codes = [f"r{n}" for n in range(sum(counts.values()))]
    return Rollup("g", "group", codes, {COMPLETE: 0, PARTIAL: 0, NONE: 0, **counts})


def test_a_group_is_complete_only_when_every_requirement_is():
    assert rollup_status(_rollup(complete=3)) == COMPLETE
    assert rollup_status(_rollup(complete=2, none=1)) == PARTIAL
    assert rollup_status(_rollup(partial=1)) == PARTIAL
    assert rollup_status(_rollup(none=2)) == NONE
    assert rollup_status(_rollup()) == NONE            # an empty group has nothing


def test_node_counts_of_an_archive_with_known_gaps(gaps):
    counts, statuses = node_counts(gaps.archive)
    assert counts[("requirement", "1.1.1")] == 1 and statuses[("requirement", "1.1.1")] == COMPLETE
    assert counts[("requirement", "3.5.1")] == 0 and statuses[("requirement", "3.5.1")] == NONE
    assert statuses[("requirement", "3.2.1")] == PARTIAL
    assert statuses[("mechanism", "JZ-002")] == COMPLETE         # d5 supplies it
    assert statuses[("mechanism", "JZ-004")] == NONE
    assert (counts[("task", "1.1")], statuses[("task", "1.1")]) == ("1/2", PARTIAL)
    assert (counts[("task", "3.5")], statuses[("task", "3.5")]) == ("0/1", NONE)
    assert (counts[("task", "1.2")], statuses[("task", "1.2")]) == ("1/1", COMPLETE)
    units = {code: value for (kind, code), value in counts.items() if kind == "unit"}
    assert units and all(value.count("/") == 1 for value in units.values())


def test_a_tag_change_moves_the_counts(gaps):
    gaps.archive.tag([gaps.ids["d1"]], ["3.5.1"])
    counts, statuses = node_counts(gaps.archive)
    # evidence now, but its mechanism JZ-003 is still missing
    assert counts[("requirement", "3.5.1")] == 1 and statuses[("requirement", "3.5.1")] == PARTIAL
    assert (counts[("task", "3.5")], statuses[("task", "3.5")]) == ("0/1", PARTIAL)
