"""要求—佐证材料对照表: the page runs it lists, and the same bytes run after run."""

from __future__ import annotations

import zipfile

from evidence_app.export.batch import _write_xlsx, crossref_rows, page_runs
from evidence_app.export.settings import DEFAULT_LAYOUT

from .helpers import add_file, make_jpg


def test_page_runs_show_the_gaps_and_single_pages():
    assert page_runs([(37, 40), (1, 6), (41, 48)]) == "1-6、37-48"
    assert page_runs([(25, 25)]) == "25"
    assert page_runs([(3, 5), (4, 9), (12, 12)]) == "3-9、12"


def test_the_table_lists_the_real_runs_of_a_requirement(archive, tmp_path):
    ids = [add_file(archive, make_jpg(tmp_path / f"{n}.jpg", (300 + n, 200)), "image", f"照片{n}", 1, tags)
           for n, tags in enumerate((["3.2.1"], ["1.1.1"], ["3.2.1"]))]
    volumes = [{"archive_code": "SZZL-2023-001", "documents": [
        {"id": ids[0], "first_page": 1, "last_page": 6},
        {"id": ids[1], "first_page": 7, "last_page": 36},
        {"id": ids[2], "first_page": 37, "last_page": 48}]}]
    rows = {row[0]: row for row in crossref_rows(archive, volumes, DEFAULT_LAYOUT)}
    assert rows["3.2.1"][5] == "SZZL-2023-001: 1-6、37-48"
    assert rows["1.1.1"][5] == "SZZL-2023-001: 7-36"


def test_the_xlsx_is_byte_identical_whatever_the_clock(tmp_path, monkeypatch):
    import time

    rows = [["3.2.1", "健全机制", "市委政法委", "2", "SZZL-2023-001", "SZZL-2023-001: 1-6"]]
    monkeypatch.setattr(time, "time", lambda: 1_600_000_000.0)
    _write_xlsx(tmp_path / "a.xlsx", ["要求编号"] * 6, rows, "20230105")
    monkeypatch.setattr(time, "time", lambda: 1_700_000_123.0)
    _write_xlsx(tmp_path / "b.xlsx", ["要求编号"] * 6, rows, "20230105")
    assert (tmp_path / "a.xlsx").read_bytes() == (tmp_path / "b.xlsx").read_bytes()
    with zipfile.ZipFile(tmp_path / "a.xlsx") as book:
        assert {info.date_time for info in book.infolist()} == {(2023, 1, 5, 0, 0, 0)}
