"""`evidence-app coverage` end to end, in process."""

from __future__ import annotations

import json

import openpyxl
from docx import Document

from evidence_app.cli import main


def run(capsys, *argv):
    code = main(["coverage", *map(str, argv)])
    out = capsys.readouterr()
    return code, out.out, out.err


def test_json(gaps, archive_dir, capsys):
    gaps.archive.close()
    code, out, _ = run(capsys, archive_dir, "--json")
    assert code == 0
    data = json.loads(out)
    assert [(r["code"], r["status"]) for r in data["requirements"]] == [
        ("1.1.1", "complete"), ("1.1.2", "partial"), ("1.2.1", "complete"),
        ("3.2.1", "partial"), ("3.2.2", "complete"), ("3.5.1", "none")]
    assert data["requirements"][0]["documents"] == [gaps.ids["d1"]]
    assert data["summary"]["complete"] == 3 and data["summary"]["percent_complete"] == 50.0


def test_human_table_unit_filter_and_dates(gaps, archive_dir, capsys):
    gaps.archive.close()
    code, out, _ = run(capsys, archive_dir)
    assert code == 0
    assert "3.5.1      none         0   0/1  市公安局" in out
    assert "6 requirements, 3 complete (50%), 2 partial, 1 none" in out
    code, out, _ = run(capsys, archive_dir, "--unit", "市司法局", "--as-of", "20210301",
                       "--since", "20210110")
    assert code == 0
    assert "as of 20210301 for 市司法局: 2 requirements, 0 complete (0%), 1 partial, 1 none" \
        in out
    assert "changes 20210110 -> 20210301:" in out
    assert "3.2.2: 未提供→部分提供; +1 document(s)" in out
    code, out, _ = run(capsys, archive_dir, "--since", "20210301", "--json")
    change = json.loads(out)["change"]
    assert change["from"] == "20210301"
    assert {c["code"] for c in change["changes"]} == {"3.2.1", "3.2.2", "3.5.1"}


def test_writes_both_reports(gaps, archive_dir, tmp_path, capsys):
    gaps.archive.close()
    xlsx, docx = tmp_path / "c.xlsx", tmp_path / "c.docx"
    code, out, _ = run(capsys, archive_dir, "--as-of", "20210520", "--xlsx", xlsx,
                       "--docx", docx, "--json")
    assert code == 0
    data = json.loads(out)
    assert data["xlsx"] == str(xlsx) and data["docx"] == str(docx)
    assert openpyxl.load_workbook(xlsx).sheetnames[0] == "汇总"
    doc = Document(docx)
    assert doc.paragraphs[-1].text == "2021年5月20日"
    assert doc.paragraphs[-2].text == "湘潭市市域社会治理现代化试点工作领导小组办公室"


def test_errors_are_one_line_with_an_exit_code(archive_dir, capsys):
    code, _, err = run(capsys, archive_dir, "--unit", "不存在的单位")
    assert code != 0 and "no unit named 不存在的单位" in err
    code, _, err = run(capsys, archive_dir, "--as-of", "2021-02-30")
    assert code == 2 and "not a date" in err
