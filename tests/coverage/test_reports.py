"""The workbook (openpyxl) and the Word chase-list (python-docx), opened and read back."""

from __future__ import annotations

import openpyxl
import pytest
from docx import Document

from evidence_app.coverage import coverage_as_of
from evidence_app.coverage.docx import chinese_number, write_chase_list_docx
from evidence_app.coverage.xlsx import STATUS_FILLS, UNIT_HEADERS, sheet_name, write_coverage_xlsx
from tests.archive_states import retire_requirement

OFFICE = "湘潭市市域社会治理现代化试点工作领导小组办公室"


@pytest.fixture
def cov(gaps):
    return coverage_as_of(gaps.archive, "20210520")


def _fill(cell):
    return cell.fill.fgColor.rgb[-6:]


def test_workbook_summary_and_unit_sheets(cov, tmp_path):
    path = write_coverage_xlsx(cov, tmp_path / "coverage.xlsx")
    book = openpyxl.load_workbook(path)
    assert book.sheetnames == ["汇总", "市委政法委", "市发展改革委", "市司法局", "市公安局"]
    summary = book["汇总"]
    assert summary["A1"].value == "佐证资料覆盖情况汇总"
    assert "2021年5月20日" in summary["A2"].value
    assert [c.value for c in summary[4][:6]] == ["项目", "具体要求", "已完成", "部分提供",
                                                 "未提供", "完成率"]
    assert [c.value for c in summary[5][:6]] == ["合计", 6, 3, 2, 1, 0.5]
    assert summary.freeze_panes == "A4"
    rows = [[c.value for c in row] for row in summary.iter_rows()]
    tasks = rows.index(["一、按重点任务"] + [None] * 6)
    assert rows[tasks + 1] == ["任务编号", "重点任务", "要求数", "已完成", "部分提供", "未提供",
                               "完成率"]
    assert rows[tasks + 2] == ["1.1", "健全党委领导体制", 2, 1, 1, 0, 0.5]
    units = rows.index(["二、按牵头单位"] + [None] * 6)
    assert rows[units + 2:units + 6] == [
        [1, "市委政法委", 2, 1, 1, 0, 0.5], [2, "市发展改革委", 1, 1, 0, 0, 1.0],
        [3, "市司法局", 2, 1, 1, 0, 0.5], [4, "市公安局", 1, 0, 0, 1, 0.0]]
    assert _fill(summary.cell(units + 6, 7)) == STATUS_FILLS["none"]     # 0 % red
    assert _fill(summary.cell(units + 4, 7)) == STATUS_FILLS["complete"]

    sheet = book["市委政法委"]
    assert "市委政法委" in sheet["A1"].value and "1/2" in sheet["A1"].value
    assert [c.value for c in sheet[2]] == UNIT_HEADERS
    assert sheet.freeze_panes == "C3"
    assert sheet.column_dimensions["C"].width == 46
    first, second = [c.value for c in sheet[3]], [c.value for c in sheet[4]]
    assert first[:8] == [1, "1.1.1", "成立党委主要负责同志任组长的试点工作领导小组",
                         "1.1 健全党委领导体制", "市委办、市政府办", "李建国", "已完成", 1]
    assert first[8:] == ["—", "—"]
    assert second[1] == "1.1.2" and second[6] == "部分提供"
    assert second[8] == "JZ-004《湘潭市试点工作调度制度》"
    assert second[9] == "左列1项制度机制的正式印发文本"
    assert _fill(sheet["G3"]) == STATUS_FILLS["complete"]
    assert _fill(sheet["G4"]) == STATUS_FILLS["partial"]
    police = book["市公安局"]
    assert police["G3"].value == "未提供" and _fill(police["G3"]) == STATUS_FILLS["none"]
    assert police["I3"].value.startswith("JZ-003") and police["J3"].value.startswith("1. 佐证资料")
    assert police["J3"].value.endswith("2. 左列1项制度机制的正式印发文本")


def test_workbook_is_reproducible_and_lists_retired(gaps, tmp_path):
    retire_requirement(gaps.archive, "3.5.1")
    cov = coverage_as_of(gaps.archive, "20210520")
    a = write_coverage_xlsx(cov, tmp_path / "a.xlsx").read_bytes()
    b = write_coverage_xlsx(cov, tmp_path / "b.xlsx").read_bytes()
    assert a == b
    book = openpyxl.load_workbook(tmp_path / "a.xlsx")
    assert "市公安局" not in book.sheetnames and book.sheetnames[-1] == "已退出目录的要求"
    assert book["已退出目录的要求"]["B3"].value == "3.5.1"


def test_sheet_names_are_legal_and_unique():
    taken: set[str] = set()
    long = "市[某某]区:人民政府*办公室?/综合\\科" * 3
    first = sheet_name(long, taken)
    second = sheet_name(long, taken)
    for name in (first, second):
        assert len(name) <= 31 and not set(name) & set("[]:*?/\\")
    assert first != second and second.endswith("(2)")


def test_chase_list_reads_like_a_notice(cov, tmp_path):
    path = write_chase_list_docx(cov, tmp_path / "chase.docx", office=OFFICE)
    doc = Document(path)
    texts = [p.text for p in doc.paragraphs if p.text]
    title = doc.paragraphs[0]
    assert title.text == "市域社会治理现代化试点佐证资料督办清单"
    assert title.alignment == 1  # centred
    assert title.runs[0].font.name == "黑体" and title.runs[0].font.size.pt == 22
    assert texts[1] == "各牵头单位、责任单位："
    assert "截至2021年5月20日" in texts[2] and "已完成3项（占50%）" in texts[2]
    body = doc.paragraphs[2]
    assert body.runs[0].font.name == "仿宋"
    assert body.runs[0]._element.rPr.rFonts.get(
        "{http://schemas.openxmlformats.org/wordprocessingml/2006/main}eastAsia") == "仿宋"
    for heading in ("一、总体情况", "二、各单位待补事项", "三、有关要求"):
        assert heading in texts
    assert "（一）市委政法委（牵头2项，已完成1项，待补1项）" in texts
    assert "（二）市司法局（牵头2项，已完成1项，待补1项）" in texts
    assert "（三）市公安局（牵头1项，已完成0项，待补1项）" in texts
    assert "以下单位牵头事项已全部完成：市发展改革委。" in texts
    assert texts[-2:] == [OFFICE, "2021年5月20日"]
    assert doc.paragraphs[-1].alignment == 2  # right
    summary, *units = doc.tables
    assert [c.text for c in summary.rows[0].cells] == ["序号", "牵头单位", "要求数", "已完成",
                                                        "部分提供", "未提供", "完成率"]
    assert [c.text for c in summary.rows[4].cells] == ["4", "市公安局", "1", "0", "0", "1",
                                                        "0.0%"]
    assert len(units) == 3
    rows = [[c.text for c in row.cells] for row in units[0].rows]
    assert rows[0] == ["序号", "要求编号", "具体要求", "现状", "需补充材料"]
    assert rows[1][:2] == ["1", "1.1.2"] and rows[1][3] == "部分提供\n佐证1件"
    assert "责任单位：市委办" in rows[1][2]
    assert rows[1][4] == "1. 制度文本 JZ-004《湘潭市试点工作调度制度》"
    police = [[c.text for c in row.cells] for row in units[2].rows]
    assert police[1][4].splitlines()[0].startswith("1. 佐证资料")
    assert police[1][4].splitlines()[1].startswith("2. 制度文本 JZ-003")
    section = doc.sections[0]
    assert round(section.top_margin.mm) == 37 and round(section.left_margin.mm) == 28


def test_chase_list_is_reproducible_and_takes_a_given_date(cov, tmp_path):
    a = write_chase_list_docx(cov, tmp_path / "a.docx", office=OFFICE).read_bytes()
    b = write_chase_list_docx(cov, tmp_path / "b.docx", office=OFFICE).read_bytes()
    assert a == b
    doc = Document(write_chase_list_docx(cov, tmp_path / "c.docx", office=OFFICE,
                                         day="20210601"))
    assert doc.paragraphs[-1].text == "2021年6月1日"


def test_chase_list_for_one_unit(cov, tmp_path):
    doc = Document(write_chase_list_docx(cov.for_unit("市公安局"), tmp_path / "u.docx",
                                         office=OFFICE))
    assert doc.paragraphs[1].text == "（市公安局）"
    assert "本单位涉及的1项具体要求" in doc.paragraphs[4].text
    assert len(doc.tables) == 2


@pytest.mark.parametrize("n, text", [(1, "一"), (10, "十"), (11, "十一"), (20, "二十"),
                                     (38, "三十八")])
def test_chinese_numbers(n, text):
    assert chinese_number(n) == text
