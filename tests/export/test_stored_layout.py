"""The layout choices kept in the archive: stored, validated, and what a compile starts from."""

from __future__ import annotations

import json

import pytest

from evidence_app.archive.archive import Archive
from evidence_app.cli import main
from evidence_app.errors import UsageError
from evidence_app.export.batch import BatchOptions, compile_batch, plan_batch

from .helpers import add_pdf
from .test_volumes import _stamp_text, _texts

CHOICES = {"duplex": True, "page_budget": 10, "fonds_name": "某某市档案全宗",
           "compiling_office": "某某市试点工作办公室", "cover_date": "20230615"}


def test_stored_choices_round_trip_and_are_audited(archive, archive_dir):
    assert archive.layout_settings()["duplex"] is False
    assert archive.layout_settings()["page_budget"] is None      # the export default
    archive.set_layout_settings(CHOICES)
    archive.close()
    with Archive.open(archive_dir, read_only=True) as reopened:
        assert reopened.layout_settings() == CHOICES
        [entry] = [e for e in reopened.audit_log() if e["action"] == "layout-settings"]
    assert entry["detail"]["fonds_name"] == "某某市档案全宗"


@pytest.mark.parametrize("changes, words", [
    ({"page_budget": 5}, "at least 10"), ({"cover_date": "20230230"}, "YYYYMMDD"),
    ({"cover_date": "2023-06-15"}, "YYYYMMDD"), ({"fonds_name": "  "}, "全宗名称"),
    ({"duplex": "yes"}, "on or off"), ({"paper": "A3"}, "unknown layout setting")])
def test_unusable_values_are_refused_and_nothing_is_stored(archive, changes, words):
    before = archive.layout_settings()
    with pytest.raises(UsageError, match=words):
        archive.set_layout_settings({"duplex": True, **changes})
    assert archive.layout_settings() == before


def test_compile_starts_from_the_stored_choices(archive, tmp_path):
    for n, pages in enumerate([3, 3, 5]):
        add_pdf(archive, tmp_path, f"d{n}.pdf", pages, ["3.5.1"], date=f"2021010{n + 1}")
    archive.set_layout_settings(CHOICES)
    result = compile_batch(archive, tmp_path / "out", BatchOptions(jobs=1))
    volumes = [v for v in result.volumes if v["key"] == "requirement:3.5.1"]
    assert [v["body_pages"] for v in volumes] == [6, 5]          # the stored budget of 10 splits
    first = volumes[0]
    cover = _texts(first["path"])[0]
    assert "某某市档案全宗" in cover and "某某市试点工作办公室" in cover
    assert "2023年6月15日" in cover
    assert [d["pdf_index"] % 2 for d in first["documents"]] == [1, 1]  # duplex: on a recto
    stamps = [s for s in _stamp_text(first["path"]) if s]
    assert stamps == [str(n) for n in range(1, 7)]               # the blank is unnumbered


def test_an_option_given_for_one_run_wins_and_is_not_stored(archive, archive_dir, tmp_path,
                                                            capsys):
    for n, pages in enumerate([3, 3, 5]):
        add_pdf(archive, tmp_path, f"d{n}.pdf", pages, ["3.5.1"], date=f"2021010{n + 1}")
    archive.set_layout_settings(CHOICES)
    archive.close()
    assert main(["compile", str(archive_dir), "--out", str(tmp_path / "out"), "--jobs", "1",
                 "--only", "3.5.1", "--max-pages", "100", "--duplex", "off",
                 "--date", "20240101", "--json"]) == 0
    [volume] = json.loads(capsys.readouterr().out)["volumes"]
    assert volume["body_pages"] == 11
    assert [d["pdf_index"] for d in volume["documents"]] == [3, 6, 9]  # no blank pages
    assert "2024年1月1日" in _texts(volume["path"])[0]
    with Archive.open(archive_dir, read_only=True) as reopened:
        assert reopened.layout_settings() == CHOICES
        planned = plan_batch(reopened, BatchOptions(only=["3.5.1"]))
    assert [v.body_pages for v in planned.volumes] == [6, 5]


def test_the_layout_command_shows_and_changes_the_stored_choices(archive_dir, capsys):
    assert main(["layout", str(archive_dir), "--duplex", "on", "--max-pages", "120",
                 "--fonds", "某某市档案全宗", "--unit", "某某办公室",
                 "--cover-date", "20230615"]) == 0
    assert "某某市档案全宗" in capsys.readouterr().out
    assert main(["layout", str(archive_dir), "--json"]) == 0
    assert json.loads(capsys.readouterr().out) == {
        "duplex": True, "page_budget": 120, "fonds_name": "某某市档案全宗",
        "compiling_office": "某某办公室", "cover_date": "20230615"}
    assert main(["layout", str(archive_dir), "--cover-date", "20231301"]) == 2
    assert "YYYYMMDD" in capsys.readouterr().err
    assert main(["layout", str(archive_dir), "--max-pages", "3"]) == 2
    with Archive.open(archive_dir, read_only=True) as reopened:
        assert reopened.layout_settings()["page_budget"] == 120
