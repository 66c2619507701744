"""Reading the pilot's catalogue from a workbook (.xlsx) or CSV, and writing an empty template.

The workbook has three sheets, each with a header row; columns are found by their header, so
a city may reorder them or add its own columns. A bad row rejects the whole file with the sheet,
row and column named, before anything touches the archive.
"""

from __future__ import annotations

import csv
import re
from dataclasses import dataclass, field
from pathlib import Path

from .values import normalize_doc_number, parse_date, split_codes
from ..errors import CatalogueError, Reason

SHEET_REQUIREMENTS = "任务要求"
SHEET_MECHANISMS = "制度机制"
SHEET_UNITS = "单位"
SHEET_README = "说明"

REQUIREMENT_COLUMNS = ["板块编号", "板块名称", "任务编号", "重点任务", "要求编号", "具体要求",
                       "牵头单位", "责任单位", "分管市领导"]
MECHANISM_COLUMNS = ["机制编号", "制度机制名称", "制定单位", "文号", "成文日期", "对应要求"]
UNIT_COLUMNS = ["单位名称", "类别", "分管市领导"]

# Columns a row cannot do without; the others may be left empty.
_REQUIRED = {
    SHEET_REQUIREMENTS: ["任务编号", "重点任务", "要求编号", "具体要求", "牵头单位"],
    SHEET_MECHANISMS: ["机制编号", "制度机制名称"],
    SHEET_UNITS: ["单位名称", "类别"],
}
UNIT_KINDS = {"牵头单位": "lead", "责任单位": "responsible"}

# Codes are free in depth ("3", "3.2", "3.2.1", or "104") but never contain spaces; mechanism
# codes may carry letters ("JZ-001").
_CODE = re.compile(r"^[0-9A-Za-z][0-9A-Za-z.\-_]*$")

README_LINES = [
    "证据档案编制系统 — 目录导入模板",
    "",
    "本工作簿包含三张表，第一行为表头（列顺序可调整，表头文字不可修改），从第二行起每行一条记录。",
    "【任务要求】每个具体要求一行：板块编号、板块名称（可空）；任务编号、重点任务；要求编号、具体要求；",
    "    牵头单位（一个）；责任单位（多个用“、”分隔）；分管市领导。编号层级不限，如 3、3.2、3.2.1 或 104。",
    "【制度机制】每项制度机制一行：机制编号（如 JZ-001）、制度机制名称、制定单位、文号（如 潭政办发〔2021〕12号）、",
    "    成文日期（20210312 或 2021年3月12日）、对应要求（要求编号，多个用“、”分隔）。",
    "【单位】每个单位一行：单位名称、类别（牵头单位 或 责任单位）、分管市领导（可空）。",
    "    任务要求表中出现而本表未列的单位会自动添加。",
    "重新导入修改后的目录会按编号更新原有条目，已有的标注不会丢失；",
    "被删除但仍有佐证材料的要求会保留并在导入报告中列出。",
]


@dataclass
class RequirementRow:
    section_code: str
    section_name: str
    task_code: str
    task_name: str
    code: str
    text: str
    lead_unit: str
    responsible_units: list[str]
    leader: str


@dataclass
class MechanismRow:
    code: str
    title: str
    issuer: str
    doc_number: str | None
    date: str | None
    requirements: list[str]


@dataclass
class UnitRow:
    name: str
    kind: str  # 'lead' | 'responsible'
    leader: str


@dataclass
class CatalogueData:
    requirements: list[RequirementRow] = field(default_factory=list)
    mechanisms: list[MechanismRow] = field(default_factory=list)
    units: list[UnitRow] = field(default_factory=list)


def _cell(value) -> str:
    """Normalise a spreadsheet value to stripped text (numbers such as 3.2 typed as numbers too)."""
    if value is None:
        return ""
    if isinstance(value, float) and value.is_integer():
        value = int(value)
    return str(value).strip()


class _Sheet:
    """Rows of one sheet as dicts keyed by header, with their spreadsheet row numbers."""

    def __init__(self, name: str, rows: list[list], expected: list[str]):
        self.name = name
        if not rows:
            raise CatalogueError("the sheet is empty; it needs a header row", sheet=name, row=1,
                                 reason=Reason.SHEET_EMPTY)
        header = [_cell(v) for v in rows[0]]
        missing = [c for c in _REQUIRED[name] if c not in header]
        if missing:
            raise CatalogueError(f"header lacks the column(s) {'、'.join(missing)}; "
                                 f"expected headers: {' | '.join(expected)}", sheet=name, row=1,
                                 column=missing[0], reason=Reason.HEADER_LACKS_COLUMNS,
                                 params=("、".join(missing),))
        self.index = {h: i for i, h in enumerate(header) if h}
        self.rows = rows[1:]

    def records(self):
        for offset, raw in enumerate(self.rows):
            values = {h: _cell(raw[i]) if i < len(raw) else "" for h, i in self.index.items()}
            if not any(values.values()):
                continue  # blank lines between groups are common in hand-edited sheets
            row_no = offset + 2
            for column in _REQUIRED[self.name]:
                if not values.get(column):
                    raise CatalogueError("this cell is empty but is required", sheet=self.name,
                                         row=row_no, column=column, reason=Reason.CELL_REQUIRED)
            yield row_no, values


def _check_code(value: str, sheet: str, row: int, column: str) -> str:
    if not _CODE.match(value):
        raise CatalogueError(f"'{value}' is not a valid code (letters, digits, '.', '-' only, "
                             "no spaces)", sheet=sheet, row=row, column=column,
                             reason=Reason.BAD_CODE, params=(value,))
    return value


def _parse_requirements(sheet: _Sheet, data: CatalogueData) -> None:
    seen: dict[str, int] = {}
    task_names: dict[str, tuple[str, int]] = {}
    for row, v in sheet.records():
        code = _check_code(v["要求编号"], sheet.name, row, "要求编号")
        if code in seen:
            raise CatalogueError(f"requirement code {code} already appears in row {seen[code]}",
                                 sheet=sheet.name, row=row, column="要求编号",
                                 reason=Reason.DUPLICATE_IN_SHEET, params=(code, seen[code]))
        seen[code] = row
        task_code = _check_code(v["任务编号"], sheet.name, row, "任务编号")
        section_code = v.get("板块编号", "")
        if section_code:
            _check_code(section_code, sheet.name, row, "板块编号")
        earlier = task_names.setdefault(task_code, (v["重点任务"], row))
        if earlier[0] != v["重点任务"]:
            raise CatalogueError(f"task {task_code} is named differently in row {earlier[1]} "
                                 f"('{earlier[0]}')", sheet=sheet.name, row=row, column="重点任务",
                                 reason=Reason.TASK_NAMED_DIFFERENTLY,
                                 params=(task_code, earlier[1], earlier[0]))
        data.requirements.append(RequirementRow(
            section_code=section_code, section_name=v.get("板块名称", ""),
            task_code=task_code, task_name=v["重点任务"], code=code, text=v["具体要求"],
            lead_unit=v["牵头单位"], responsible_units=_split_names(v.get("责任单位", "")),
            leader=v.get("分管市领导", "")))


def _split_names(value: str) -> list[str]:
    names = [n.strip() for n in re.split(r"[、，,；;\n]+", value) if n.strip()]
    return list(dict.fromkeys(names))


def _parse_mechanisms(sheet: _Sheet, data: CatalogueData,
                      requirement_codes: set[str] | None) -> None:
    """``requirement_codes`` None: the file has no requirements; the archive checks the links."""
    seen: dict[str, int] = {}
    for row, v in sheet.records():
        code = _check_code(v["机制编号"], sheet.name, row, "机制编号")
        if code in seen:
            raise CatalogueError(f"mechanism code {code} already appears in row {seen[code]}",
                                 sheet=sheet.name, row=row, column="机制编号",
                                 reason=Reason.DUPLICATE_IN_SHEET, params=(code, seen[code]))
        seen[code] = row
        number = None
        if v.get("文号"):
            number = normalize_doc_number(v["文号"])
            if number is None:
                raise CatalogueError(f"'{v['文号']}' is not a document number like "
                                     "潭政办发〔2021〕12号", sheet=sheet.name, row=row, column="文号",
                                     reason=Reason.BAD_DOC_NUMBER, params=(v["文号"],))
        date = None
        if v.get("成文日期"):
            date = parse_date(v["成文日期"])
            if date is None:
                raise CatalogueError(f"'{v['成文日期']}' is not a date (write 20210312 or "
                                     "2021年3月12日)", sheet=sheet.name, row=row, column="成文日期",
                                     reason=Reason.BAD_DATE, params=(v["成文日期"],))
        reqs = split_codes(v.get("对应要求", ""))
        for req in reqs:
            if requirement_codes is not None and req not in requirement_codes:
                raise CatalogueError(f"requirement {req} is not in sheet {SHEET_REQUIREMENTS}",
                                     sheet=sheet.name, row=row, column="对应要求",
                                     reason=Reason.REQUIREMENT_NOT_IN_SHEET,
                                     params=(req, SHEET_REQUIREMENTS))
        data.mechanisms.append(MechanismRow(code=code, title=v["制度机制名称"],
                                            issuer=v.get("制定单位", ""), doc_number=number,
                                            date=date, requirements=reqs))


def _parse_units(sheet: _Sheet, data: CatalogueData) -> None:
    seen: dict[str, int] = {}
    for row, v in sheet.records():
        name = v["单位名称"]
        if name in seen:
            raise CatalogueError(f"unit {name} already appears in row {seen[name]}",
                                 sheet=sheet.name, row=row, column="单位名称",
                                 reason=Reason.DUPLICATE_IN_SHEET, params=(name, seen[name]))
        seen[name] = row
        kind = UNIT_KINDS.get(v["类别"])
        if kind is None:
            raise CatalogueError(f"'{v['类别']}' must be 牵头单位 or 责任单位", sheet=sheet.name,
                                 row=row, column="类别", reason=Reason.BAD_UNIT_KIND,
                                 params=(v["类别"],))
        data.units.append(UnitRow(name=name, kind=kind, leader=v.get("分管市领导", "")))


def _read_xlsx(path: Path) -> dict[str, list[list]]:
    import openpyxl
    from openpyxl.utils.exceptions import InvalidFileException
    import zipfile

    try:
        book = openpyxl.load_workbook(path, read_only=True, data_only=True)
    except (InvalidFileException, zipfile.BadZipFile, KeyError, OSError) as exc:
        raise CatalogueError(f"{path.name} is not a readable .xlsx workbook ({exc})",
                             reason=Reason.CATALOGUE_UNREADABLE, params=(path.name,)) from exc
    try:
        return {ws.title.strip(): [list(r) for r in ws.iter_rows(values_only=True)]
                for ws in book.worksheets}
    finally:
        book.close()


def _read_csv(path: Path) -> dict[str, list[list]]:
    """A CSV holds one sheet; which one is told by its header."""
    raw = path.read_bytes()
    for encoding in ("utf-8-sig", "gb18030"):
        try:
            text = raw.decode(encoding)
            break
        except UnicodeDecodeError:
            continue
    else:
        raise CatalogueError(f"{path.name} is neither UTF-8 nor GB18030 text",
                             reason=Reason.CATALOGUE_ENCODING, params=(path.name,))
    rows = list(csv.reader(text.splitlines()))
    header = {_cell(h) for h in rows[0]} if rows else set()
    for sheet in (SHEET_REQUIREMENTS, SHEET_MECHANISMS, SHEET_UNITS):
        if set(_REQUIRED[sheet]) <= header:
            return {sheet: rows}
    raise CatalogueError(f"{path.name}: the header row matches none of the catalogue sheets; "
                         f"a requirements CSV needs {' | '.join(REQUIREMENT_COLUMNS)}",
                         sheet=path.name, row=1, reason=Reason.CATALOGUE_CSV_HEADER,
                         params=(path.name, " | ".join(REQUIREMENT_COLUMNS)))


def read_catalogue(path: Path) -> CatalogueData:
    """Parse and validate a catalogue file completely.

    Raises:
        CatalogueError: naming sheet, row and column of the first bad cell; nothing is returned
            for a partly valid file, so a caller can never apply half a catalogue.
    """
    path = Path(path)
    if not path.is_file():
        raise CatalogueError(f"catalogue file not found: {path}",
                             reason=Reason.CATALOGUE_NOT_FOUND, params=(path,))
    suffix = path.suffix.lower()
    if suffix == ".xlsx":
        sheets = _read_xlsx(path)
    elif suffix == ".csv":
        sheets = _read_csv(path)
    else:
        raise CatalogueError(f"{path.name}: a catalogue must be an .xlsx workbook or a .csv file",
                             reason=Reason.CATALOGUE_WRONG_KIND, params=(path.name,))
    if SHEET_REQUIREMENTS not in sheets and SHEET_MECHANISMS not in sheets \
            and SHEET_UNITS not in sheets:
        raise CatalogueError(f"{path.name} has none of the sheets {SHEET_REQUIREMENTS}, "
                             f"{SHEET_MECHANISMS}, {SHEET_UNITS}; "
                             "run `evidence-app template FILE.xlsx` for the format",
                             reason=Reason.CATALOGUE_NO_SHEETS, params=(path.name, "、".join(
                                 (SHEET_REQUIREMENTS, SHEET_MECHANISMS, SHEET_UNITS))))
    data = CatalogueData()
    if SHEET_UNITS in sheets:
        _parse_units(_Sheet(SHEET_UNITS, sheets[SHEET_UNITS], UNIT_COLUMNS), data)
    if SHEET_REQUIREMENTS in sheets:
        _parse_requirements(_Sheet(SHEET_REQUIREMENTS, sheets[SHEET_REQUIREMENTS],
                                   REQUIREMENT_COLUMNS), data)
    if SHEET_MECHANISMS in sheets:
        codes = {r.code for r in data.requirements} if data.requirements else None
        _parse_mechanisms(_Sheet(SHEET_MECHANISMS, sheets[SHEET_MECHANISMS], MECHANISM_COLUMNS),
                          data, codes)
    return data


def write_template(path: Path) -> None:
    """Write an empty, documented catalogue workbook with one example row per sheet."""
    import openpyxl
    from openpyxl.styles import Font, PatternFill

    book = openpyxl.Workbook()
    readme = book.active
    readme.title = SHEET_README
    for line in README_LINES:
        readme.append([line])
    readme.column_dimensions["A"].width = 110
    examples = {
        SHEET_REQUIREMENTS: (REQUIREMENT_COLUMNS, ["3", "发挥“五治”作用", "3.2", "法治保障",
                                                   "3.2.1", "建立健全矛盾纠纷多元化解机制",
                                                   "市司法局", "市中级人民法院、市信访局", "张三"]),
        SHEET_MECHANISMS: (MECHANISM_COLUMNS, ["JZ-001", "湘潭市矛盾纠纷多元化解工作办法（试行）",
                                               "市司法局", "潭政办发〔2021〕12号", "20210312",
                                               "3.2.1"]),
        SHEET_UNITS: (UNIT_COLUMNS, ["市司法局", "牵头单位", "张三"]),
    }
    bold = Font(bold=True)
    fill = PatternFill("solid", fgColor="DDEBF7")
    for title, (columns, example) in examples.items():
        sheet = book.create_sheet(title)
        sheet.append(columns)
        sheet.append(example)
        for cell in sheet[1]:
            cell.font, cell.fill = bold, fill
        for i, column in enumerate(columns):
            sheet.column_dimensions[chr(ord("A") + i)].width = max(12, len(column) * 4)
        sheet.freeze_panes = "A2"
    book.save(path)
