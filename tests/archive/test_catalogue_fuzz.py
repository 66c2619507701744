"""Property tests: any catalogue file gives a catalogue or a clear CatalogueError, never a
crash, and a rejected file never changes the archive."""

from __future__ import annotations

import csv
import shutil

from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from evidence_app.archive.archive import Archive
from evidence_app.archive.catalogue import REQUIREMENT_COLUMNS, read_catalogue
from evidence_app.errors import CatalogueError
from tests.catalogue_samples import write_sample_catalogue

cell = st.one_of(st.none(), st.integers(-5, 500), st.floats(allow_nan=False, width=32),
                 st.text(alphabet=st.sampled_from(list("123.JZ- 、,市局要求任务〔〕[]号年月日\n")),
                         max_size=12),
                 st.sampled_from(["3.2.1", "1.1", "牵头单位", "责任单位", "潭政发〔2021〕1号",
                                  "20210312", ""]))
row = st.lists(cell, min_size=0, max_size=10)


@settings(max_examples=60, deadline=None,
          suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(requirements=st.lists(row, max_size=6), mechanisms=st.lists(row, max_size=4),
       units=st.lists(row, max_size=4))
def test_any_workbook_is_parsed_or_rejected_cleanly(tmp_path_factory, requirements, mechanisms,
                                                    units):
    path = write_sample_catalogue(tmp_path_factory.mktemp("fuzz") / "c.xlsx", requirements,
                                  mechanisms, units)
    try:
        data = read_catalogue(path)
    except CatalogueError as exc:
        assert str(exc)
        return
    assert all(r.code and r.task_code for r in data.requirements)


@settings(max_examples=25, deadline=None,
          suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(rows=st.lists(row, min_size=1, max_size=5))
def test_rejected_or_applied_csv_leaves_a_consistent_archive(tmp_path_factory,
                                                            _catalogued_archive_template, rows):
    folder = tmp_path_factory.mktemp("fuzzarchive")
    shutil.copytree(_catalogued_archive_template, folder / "a")
    path = folder / "reqs.csv"
    with open(path, "w", encoding="utf-8", newline="") as handle:
        writer = csv.writer(handle)
        writer.writerow(REQUIREMENT_COLUMNS)
        writer.writerows([["" if v is None else v for v in r] for r in rows])
    with Archive.open(folder / "a") as archive:
        before = archive.stats()
        try:
            archive.import_catalogue(read_catalogue(path))
        except CatalogueError:
            assert archive.stats() == before
        assert archive.check().ok
