"""Catalogue import: parsing, validation with sheet/row/column, and re-import keeping tags."""

from __future__ import annotations

import csv

import openpyxl
import pytest

from evidence_app.archive.archive import Archive
from evidence_app.archive.catalogue import read_catalogue, write_template
from evidence_app.errors import CatalogueError
from tests import catalogue_samples as samples
from tests.catalogue_samples import write_sample_catalogue


def test_sample_catalogue_loads_with_hierarchy_units_and_mechanisms(archive):
    stats = archive.stats()
    assert (stats["sections"], stats["tasks"], stats["requirements"]) == (2, 4, 6)
    assert (stats["mechanisms"], stats["lead_units"], stats["responsible_units"]) == (4, 4, 8)
    assert stats["leaders"] == 3
    req = archive.requirement("3.2.1")
    assert req.task_code == "3.2" and req.section_code == "3"
    assert req.lead_unit == "市司法局" and req.leader == "王喆"
    assert req.responsible_units == ["市中级人民法院", "市信访局"]
    mech = {m.code: m for m in archive.mechanisms()}
    # every bracket form typed in the sheet is stored as the canonical 〔〕 form
    assert mech["JZ-002"].doc_number == "潭政办发〔2021〕12号"
    assert mech["JZ-003"].doc_number == "潭公发〔2021〕7号"
    assert mech["JZ-002"].date == "20210312"
    assert mech["JZ-002"].requirements == ["3.2.1", "3.2.2"]
    assert mech["JZ-004"].doc_number is None


def test_template_is_a_documented_workbook_that_imports(tmp_path):
    path = tmp_path / "template.xlsx"
    write_template(path)
    book = openpyxl.load_workbook(path)
    assert book.sheetnames == ["说明", "任务要求", "制度机制", "单位"]
    assert "牵头单位" in "".join(str(c.value) for c in book["说明"]["A"])
    data = read_catalogue(path)  # the example rows are valid catalogue rows
    assert [r.code for r in data.requirements] == ["3.2.1"]
    assert data.mechanisms[0].requirements == ["3.2.1"]


@pytest.mark.parametrize("sheet, row_index, column, value, message", [
    ("任务要求", 2, 4, "", "required"),                 # 要求编号 empty
    ("任务要求", 3, 4, "1.1.1", "already appears"),     # duplicate requirement code
    ("任务要求", 1, 4, "1.1 .2", "not a valid code"),
    ("制度机制", 1, 5, "9.9.9", "not in sheet"),         # unknown requirement
    ("制度机制", 2, 3, "潭政办发2021第12", "document number"),
    ("制度机制", 1, 4, "2021年2月30日", "not a date"),
    ("单位", 2, 1, "上级单位", "牵头单位 or 责任单位"),
])
def test_bad_row_names_sheet_row_and_column(tmp_path, archive, sheet, row_index, column, value,
                                            message):
    reqs = [list(r) for r in samples.REQUIREMENTS]
    mechs = [list(r) for r in samples.MECHANISMS]
    units = [list(r) for r in samples.UNITS]
    table = {"任务要求": reqs, "制度机制": mechs, "单位": units}[sheet]
    table[row_index][column] = value
    path = write_sample_catalogue(tmp_path / "bad.xlsx", reqs, mechs, units)
    before = archive.stats()
    with pytest.raises(CatalogueError) as caught:
        read_catalogue(path)
    error = caught.value
    assert error.sheet == sheet and error.row == row_index + 2
    headers = {"任务要求": samples.REQUIREMENT_COLUMNS, "制度机制": samples.MECHANISM_COLUMNS,
               "单位": samples.UNIT_COLUMNS}[sheet]
    assert error.column == headers[column]
    assert message in str(error)
    assert archive.stats() == before


def test_missing_header_column_is_rejected(tmp_path):
    path = tmp_path / "bad.xlsx"
    book = openpyxl.Workbook()
    sheet = book.active
    sheet.title = "任务要求"
    sheet.append(["任务编号", "重点任务", "具体要求"])
    book.save(path)
    with pytest.raises(CatalogueError, match="要求编号") as caught:
        read_catalogue(path)
    assert caught.value.row == 1


def test_not_a_workbook_and_wrong_suffix_are_clear(tmp_path):
    fake = tmp_path / "catalogue.xlsx"
    fake.write_bytes(b"not a zip at all")
    with pytest.raises(CatalogueError, match="not a readable .xlsx"):
        read_catalogue(fake)
    other = tmp_path / "catalogue.pdf"
    other.write_bytes(b"%PDF-1.4")
    with pytest.raises(CatalogueError, match=".xlsx workbook or a .csv"):
        read_catalogue(other)


@pytest.mark.parametrize("encoding", ["utf-8-sig", "gb18030"])
def test_requirements_csv_in_utf8_or_gb18030(tmp_path, encoding):
    path = tmp_path / "reqs.csv"
    with open(path, "w", encoding=encoding, newline="") as handle:
        writer = csv.writer(handle)
        writer.writerow(samples.REQUIREMENT_COLUMNS)
        writer.writerows(samples.REQUIREMENTS)
    data = read_catalogue(path)
    assert [r.code for r in data.requirements][-1] == "3.5.1"
    assert data.requirements[3].responsible_units == ["市中级人民法院", "市信访局"]
    with Archive.create(tmp_path / "a") as archive:
        archive.import_catalogue(data)
        assert archive.stats()["requirements"] == 6


def test_reimport_of_edited_catalogue_keeps_tags_and_reports_retired(tmp_path, archive):
    from evidence_app.archive.records import NewDocument

    source = tmp_path / "note.txt"
    source.write_text("会议纪要", encoding="utf-8")
    from evidence_app.archive.store import sha256_of
    sha, size = sha256_of(source)
    [doc_id] = archive.add_documents([NewDocument(
        sha256=sha, size=size, original_name="note.txt", ext=".txt", kind="text",
        title="会议纪要", title_supplied=False, doc_number=None, date=None, pages=1,
        page_texts=["会议纪要"], has_text=True, requirements=["3.2.1", "1.1.2"],
        mechanisms=["JZ-002"])], [source])
    # edit: 3.2.1 renamed; 1.1.2 and 3.5.1 dropped (1.1.2 still tagged); a new requirement added
    reqs = [list(r) for r in samples.REQUIREMENTS if r[4] not in ("1.1.2", "3.5.1")]
    reqs[2][5] = "建立健全矛盾纠纷多元化解工作机制（修订）"
    reqs.append(["5", "基础保障", "5.1", "专职网格员队伍", "5.1.1", "配齐专职网格员",
                 "市委政法委", "市民政局", "李建国"])
    mechs = [list(r) for r in samples.MECHANISMS if r[0] != "JZ-003"]
    mechs = [m for m in mechs if m[0] != "JZ-004"]  # JZ-004 pointed at the dropped 1.1.2
    path = write_sample_catalogue(tmp_path / "edited.xlsx", reqs, mechs, samples.UNITS)
    report = archive.import_catalogue(read_catalogue(path))

    assert report.retired["requirements"] == ["1.1.2"]
    assert report.removed["requirements"] == ["3.5.1"]
    assert report.added["requirements"] == 1 and report.updated["requirements"] == 4
    assert report.removed["mechanisms"] == ["JZ-003", "JZ-004"]
    doc = archive.document(doc_id)
    assert doc.requirements == ["3.2.1", "1.1.2"] and doc.mechanisms == ["JZ-002"]
    assert archive.requirement("3.2.1").text.endswith("（修订）")
    assert archive.requirement("1.1.2").retired
    assert archive.stats()["requirements"] == 5  # 4 kept + 1 new, the retired one not counted
    assert "3.5" not in [t[0] for t in archive.tasks()]  # task emptied of requirements is gone
    entry = archive.audit_log()[-1]
    assert entry["action"] == "import-catalogue"
    assert entry["detail"]["retired"]["requirements"] == ["1.1.2"]
    assert archive.check().ok
