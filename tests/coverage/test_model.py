"""The coverage model: the status rules, each roll-up, the dated view and the change."""

from __future__ import annotations


import pytest

from evidence_app.coverage import (COMPLETE, NONE, PARTIAL, compare, coverage, coverage_as_of,
                                   coverage_change, requirement_status)
from evidence_app.errors import UsageError
from tests.archive_states import retire_mechanism, retire_requirement, write_rows_directly


def statuses(cov):
    return {r.code: r.status for r in cov.requirements}


FINAL = {"1.1.1": COMPLETE, "1.1.2": PARTIAL, "1.2.1": COMPLETE, "3.2.1": PARTIAL,
         "3.2.2": COMPLETE, "3.5.1": NONE}


@pytest.mark.parametrize("evidence, mechanisms, expected", [
    (0, [], NONE), (1, [], COMPLETE), (0, [False, False], NONE), (0, [True], PARTIAL),
    (3, [True, False], PARTIAL), (1, [True, True], COMPLETE), (0, [True, True], PARTIAL)])
def test_the_status_rule(evidence, mechanisms, expected):
    assert requirement_status(evidence, mechanisms) == expected


def test_empty_archive_has_every_requirement_at_none(archive):
    cov = coverage(archive)
    assert set(statuses(cov).values()) == {NONE} and len(cov.requirements) == 6
    assert cov.summary().percent_complete == 0.0


def test_statuses_of_an_archive_with_known_gaps(gaps):
    cov = coverage(gaps.archive)
    ids = gaps.ids
    assert statuses(cov) == FINAL
    r111 = cov.requirement("1.1.1")
    assert r111.documents == (ids["d1"],)
    [jz1] = r111.mechanisms
    assert (jz1.code, jz1.text_document, jz1.basis) == ("JZ-001", ids["d2"], "text")
    r321 = cov.requirement("3.2.1")
    assert r321.documents == () and r321.mechanisms[0].basis == "tagged"
    assert r321.mechanisms[0].documents == (ids["d5"],)
    assert [m.code for m in cov.requirement("1.1.2").missing_mechanisms] == ["JZ-004"]
    assert cov.requirement("1.1.2").to_supply() == ["制度文本 JZ-004《湘潭市试点工作调度制度》"]
    assert cov.requirement("3.5.1").to_supply()[0].startswith("佐证资料")
    assert len(cov.requirement("3.5.1").to_supply()) == 2


def counts(groups):
    return {g.key: (g.counts[COMPLETE], g.counts[PARTIAL], g.counts[NONE]) for g in groups}


def test_every_rollup(gaps):
    cov = coverage(gaps.archive)
    total = cov.summary()
    assert (total.total, total.counts) == (6, {COMPLETE: 3, PARTIAL: 2, NONE: 1})
    assert total.percent_complete == 50.0
    assert counts(cov.by_section()) == {"1": (2, 1, 0), "3": (1, 1, 1)}
    assert counts(cov.by_task()) == {"1.1": (1, 1, 0), "1.2": (1, 0, 0), "3.2": (1, 1, 0),
                                     "3.5": (0, 0, 1)}
    assert [g.key for g in cov.by_task()] == ["1.1", "1.2", "3.2", "3.5"]  # catalogue order
    assert counts(cov.by_lead_unit()) == {"市委政法委": (1, 1, 0), "市发展改革委": (1, 0, 0),
                                          "市司法局": (1, 1, 0), "市公安局": (0, 0, 1)}
    assert counts(cov.by_leader()) == {"李建国": (1, 1, 0), "王喆": (2, 1, 0),
                                       "赵燊": (0, 0, 1)}
    assert counts(cov.by_responsible_unit()) == {
        "市委办": (1, 1, 0), "市政府办": (1, 0, 0), "市财政局": (1, 0, 0),
        "市中级人民法院": (0, 1, 0), "市信访局": (0, 1, 0), "雨湖区人民政府": (1, 0, 0),
        "市大数据中心": (0, 0, 1), "岳塘区人民政府": (0, 0, 1)}
    judicial = {g.key: g for g in cov.by_lead_unit()}["市司法局"]
    assert judicial.requirements == ["3.2.1", "3.2.2"] and judicial.percent_complete == 50.0


def test_filter_by_unit_takes_led_and_responsible_requirements(gaps):
    cov = coverage(gaps.archive)
    assert [r.code for r in cov.for_unit("市委办").requirements] == ["1.1.1", "1.1.2"]
    assert [r.code for r in cov.for_unit("市司法局").requirements] == ["3.2.1", "3.2.2"]
    assert cov.for_unit("市司法局").summary().counts == {COMPLETE: 1, PARTIAL: 1, NONE: 0}


def test_retired_requirements_are_listed_apart_and_not_counted(gaps):
    retire_requirement(gaps.archive, "3.5.1")
    cov = coverage(gaps.archive)
    assert [r.code for r in cov.retired] == ["3.5.1"]
    assert "3.5.1" not in statuses(cov)
    assert cov.summary().total == 5 and cov.summary().counts[NONE] == 0
    assert "市公安局" not in {g.key for g in cov.by_lead_unit()}
    assert cov.as_json()["retired"][0]["code"] == "3.5.1"


def test_retired_mechanism_is_not_required(gaps):
    retire_mechanism(gaps.archive, "JZ-004")
    assert coverage(gaps.archive).requirement("1.1.2").status == COMPLETE


def test_coverage_as_of_each_date(gaps):
    archive = gaps.archive
    assert set(statuses(coverage_as_of(archive, "20201231")).values()) == {NONE}
    assert statuses(coverage_as_of(archive, "20210110")) == {
        "1.1.1": PARTIAL, "1.1.2": PARTIAL, "1.2.1": NONE, "3.2.1": NONE, "3.2.2": NONE,
        "3.5.1": PARTIAL}
    march = coverage_as_of(archive, "2021-03-01")   # the whole day counts
    assert march.as_of == "20210301"
    assert statuses(march) == {"1.1.1": COMPLETE, "1.1.2": PARTIAL, "1.2.1": COMPLETE,
                               "3.2.1": NONE, "3.2.2": PARTIAL, "3.5.1": PARTIAL}
    assert march.requirement("3.2.2").documents == (gaps.ids["d3"],)
    assert march.requirement("3.5.1").documents == (gaps.ids["dx"],)
    assert statuses(coverage_as_of(archive, "20210520")) == FINAL


def test_replay_up_to_today_agrees_with_the_live_view(gaps):
    live = coverage(gaps.archive).as_json()
    replayed = coverage_as_of(gaps.archive, "20991231").as_json()
    live.pop("as_of"), replayed.pop("as_of")
    assert replayed == live


def test_change_between_two_dates(gaps):
    ids = gaps.ids
    change = coverage_change(gaps.archive, "20210301", "20210520")
    by_code = {c.code: c for c in change.changes}
    assert set(by_code) == {"3.2.1", "3.2.2", "3.5.1"}
    assert (by_code["3.2.1"].status_before, by_code["3.2.1"].status_after) == (NONE, PARTIAL)
    assert by_code["3.2.1"].mechanisms_supplied == ("JZ-002",)
    c322 = by_code["3.2.2"]
    assert (c322.status_before, c322.status_after) == (PARTIAL, COMPLETE)
    assert c322.gained_documents == (ids["d6"],) and c322.lost_documents == (ids["d3"],)
    c351 = by_code["3.5.1"]
    assert (c351.status_before, c351.status_after, c351.lost_documents) == (
        PARTIAL, NONE, (ids["dx"],))
    assert [c.code for c in change.status_changes] == ["3.2.1", "3.2.2", "3.5.1"]
    data = change.as_json()
    assert data["from"] == "20210301" and data["to"] == "20210520"
    assert data["summary_before"][COMPLETE] == 2 and data["summary_after"][COMPLETE] == 3
    # default end: now; same dates: nothing changed
    assert {c.code for c in coverage_change(gaps.archive, "20210301").changes} == set(by_code)
    assert compare(coverage(gaps.archive), coverage(gaps.archive)).changes == []


def test_a_bad_date_is_a_usage_error(archive):
    with pytest.raises(UsageError, match="not a date"):
        coverage_as_of(archive, "20210231")


def test_json_shape(gaps):
    data = coverage(gaps.archive).as_json()
    first = data["requirements"][0]
    assert {"code", "documents", "mechanisms", "status"} <= set(first)
    assert first["mechanisms"][0]["supplied"] is True
    assert {"total", COMPLETE, PARTIAL, NONE, "percent_complete", "by_task", "by_section",
            "by_lead_unit", "by_responsible_unit", "by_leader"} <= set(data["summary"])


def _fill_full_scale(archive, n_reqs=191, n_mechs=712, n_docs=20_000):
    """191 requirements, 712 mechanisms, 20,000 documents with tags and 'add' audit rows."""
    import json
    import random

    rng = random.Random(7)
    with write_rows_directly(archive) as conn:
        task_id, unit_id, leader_id = (conn.execute(f"SELECT MIN(id) FROM {t}").fetchone()[0]
                                       for t in ("tasks", "units", "leaders"))
        for i in range(n_reqs):
            conn.execute("INSERT INTO requirements(code, text, task_id, lead_unit_id, "
                         "leader_id, ord) VALUES (?,?,?,?,?,?)",
                         (f"9.{i}", f"要求{i}", task_id, unit_id, leader_id, 100 + i))
        req_ids = [r[0] for r in conn.execute("SELECT id FROM requirements")]
        codes = dict(conn.execute("SELECT id, code FROM requirements"))
        for i in range(n_mechs):
            mech = conn.execute("INSERT INTO mechanisms(code, title, ord) VALUES (?,?,?)",
                                (f"M-{i}", f"制度{i}", 100 + i)).lastrowid
            conn.execute("INSERT INTO mechanism_requirements VALUES (?, ?)",
                         (mech, rng.choice(req_ids)))
        mech_ids = [r[0] for r in conn.execute("SELECT id FROM mechanisms")]
        for i in range(n_docs):
            doc = conn.execute(
                "INSERT INTO documents(sha256, size, original_name, ext, kind, title, pages, "
                "imported_at, imported_by) VALUES (?, 1, 'x.txt', '.txt', 'text', 't', 1, "
                "'2021-01-01T00:00:00', 'test')", (f"{i:064x}",)).lastrowid
            reqs = rng.sample(req_ids, 2)
            conn.executemany("INSERT INTO document_requirements VALUES (?, ?)",
                             [(doc, r) for r in reqs])
            if i % 4 == 0:
                conn.execute("INSERT INTO document_mechanisms VALUES (?, ?)",
                             (doc, rng.choice(mech_ids)))
            conn.execute("INSERT INTO audit(at, user, host, action, target, detail) VALUES "
                         "('2021-01-01T00:00:00', 'u', 'h', 'add', ?, ?)",
                         (f"document {doc}", json.dumps({"requirements": [codes[r] for r in
                                                                         reqs]})))


def test_full_scale_counts_and_replay_agree(archive):
    """Speed is measured by bench/coverage.py; here: the one-pass SQL counts every tag."""
    _fill_full_scale(archive)
    cov = coverage(archive)
    assert len(cov.requirements) == 197
    assert sum(len(r.documents) for r in cov.requirements) == 40_000
    replayed = coverage_as_of(archive, "20210101")  # the filler logs requirement tags only
    assert ({r.code: r.documents for r in replayed.requirements}
            == {r.code: r.documents for r in cov.requirements})


def test_reading_inside_a_snapshot_and_read_only(gaps, archive_dir):
    with gaps.archive.snapshot():  # coverage's own snapshot joins the open one
        assert statuses(coverage(gaps.archive)) == FINAL
        assert statuses(coverage_as_of(gaps.archive, "20991231")) == FINAL
    from evidence_app.archive.archive import Archive
    with Archive.open(archive_dir, read_only=True) as reader:
        assert statuses(coverage_as_of(reader, "20991231")) == FINAL
