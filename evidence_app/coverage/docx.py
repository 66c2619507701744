"""The Word chase-list (督办清单) of `coverage --docx FILE`, laid out like a government notice.

Plain GB/T 9704 look: A4 with the standard margins, the title centred in 黑体 二号, body in
仿宋 三号 with a two-character first-line indent and fixed 28 pt line spacing, level-one
headings 一、二、 in 黑体, level-two （一）（二） in 楷体, then one table per lead unit of the items
it still owes, and the issuing office and date at the end, right-aligned. The date is the
coverage's date (the archive's last change, or the --as-of date), never the wall clock, so the
same archive gives the same file.
"""

from __future__ import annotations

from pathlib import Path

from docx import Document
from docx.enum.table import WD_TABLE_ALIGNMENT
from docx.enum.text import WD_ALIGN_PARAGRAPH, WD_LINE_SPACING
from docx.oxml import OxmlElement
from docx.oxml.ns import qn
from docx.shared import Mm, Pt

from ._files import write_reproducibly
from .model import COMPLETE, NONE, PARTIAL, STATUS_LABELS, Coverage
from .xlsx import chinese_date

TITLE_FONT, BODY_FONT, HEADING_FONT, SUBHEADING_FONT = "黑体", "仿宋", "黑体", "楷体"
BODY_SIZE, TABLE_SIZE = Pt(16), Pt(10.5)
UNIT_TABLE_HEADERS = ["序号", "要求编号", "具体要求", "现状", "需补充材料"]
# 156 mm of text width; a header or status word must fit on one line at 五号 plus cell margins
UNIT_TABLE_WIDTHS = [Mm(13), Mm(20), Mm(50), Mm(20), Mm(53)]
SUMMARY_HEADERS = ["序号", "牵头单位", "要求数", "已完成", "部分提供", "未提供", "完成率"]
SUMMARY_WIDTHS = [Mm(13), Mm(51), Mm(17), Mm(17), Mm(20), Mm(17), Mm(21)]
_NUMERALS = "一二三四五六七八九十"


def chinese_number(n: int) -> str:
    """1 -> 一, 12 -> 十二, 40 -> 四十 (enough for 99 lead units)."""
    if n <= 10:
        return _NUMERALS[n - 1]
    tens, ones = divmod(n, 10)
    return ("" if tens == 1 else _NUMERALS[tens - 1]) + "十" + (_NUMERALS[ones - 1] if ones else "")


def _font(run, name: str, size, bold: bool = False) -> None:
    run.font.name = name
    run.font.size = size
    run.font.bold = bold
    fonts = run._element.get_or_add_rPr().get_or_add_rFonts()
    fonts.set(qn("w:eastAsia"), name)


def _paragraph(doc_or_cell, text: str = "", font: str = BODY_FONT, size=BODY_SIZE,
               bold: bool = False, align=None, indent: bool = False, exact: bool = True):
    p = doc_or_cell.add_paragraph()
    fmt = p.paragraph_format
    fmt.space_before = fmt.space_after = Pt(0)
    if exact:
        fmt.line_spacing_rule = WD_LINE_SPACING.EXACTLY
        fmt.line_spacing = Pt(28)
    if indent:
        fmt.first_line_indent = Pt(size.pt * 2)
    if align is not None:
        p.alignment = align
    if text:
        _font(p.add_run(text), font, size, bold)
    return p


def _cell_text(cell, text: str, bold: bool = False, center: bool = False) -> None:
    cell.text = ""
    p = cell.paragraphs[0]
    p.paragraph_format.space_before = p.paragraph_format.space_after = Pt(0)
    if center:
        p.alignment = WD_ALIGN_PARAGRAPH.CENTER
    lines = text.split("\n")
    for i, line in enumerate(lines):
        run = p.add_run(line)
        _font(run, HEADING_FONT if bold else BODY_FONT, TABLE_SIZE, False)
        if i < len(lines) - 1:
            run.add_break()


def _table(doc, headers: list[str], widths, rows: list[list[str]]):
    table = doc.add_table(rows=1, cols=len(headers))
    table.style = "Table Grid"
    table.alignment = WD_TABLE_ALIGNMENT.CENTER
    table.autofit = False
    for cell, text in zip(table.rows[0].cells, headers):
        _cell_text(cell, text, bold=True, center=True)
    _repeat_header(table.rows[0])
    for values in rows:
        cells = table.add_row().cells
        for col, (cell, text) in enumerate(zip(cells, values)):
            _cell_text(cell, str(text), center=headers[col] in ("序号", "现状",
                                                                "要求数", "已完成", "部分提供",
                                                                "未提供", "完成率", "要求编号"))
    # both the grid (LibreOffice and WPS read it) and each cell (Word reads that)
    for column, width in zip(table.columns, widths):
        column.width = width
    for row in table.rows:
        for cell, width in zip(row.cells, widths):
            cell.width = width
    return table


def _repeat_header(row) -> None:
    """Repeat the header row on every page the table runs onto (Word's 标题行重复)."""
    tr_pr = row._tr.get_or_add_trPr()
    header = OxmlElement("w:tblHeader")
    header.set(qn("w:val"), "true")
    tr_pr.append(header)


def _width(text: str) -> float:
    """Width in Chinese characters (Latin letters and digits are half-width)."""
    return sum(0.5 if ord(ch) < 0x2E80 else 1.0 for ch in text)


def _signature(doc, office: str, date_text: str) -> None:
    """Issuing office above the date, as GB/T 9704 places them.

    The date sits four characters from the right margin with the office centred over it; an
    office longer than the date is set two characters from the margin with the date centred
    under it.
    """
    office_w, date_w = _width(office), _width(date_text)
    if office_w <= date_w:
        date_indent, office_indent = 4.0, 4.0 + (date_w - office_w) / 2
    else:
        office_indent = 2.0
        date_indent = office_indent + (office_w - date_w) / 2
    for text, indent in ((office, office_indent), (date_text, date_indent)):
        p = _paragraph(doc, text, align=WD_ALIGN_PARAGRAPH.RIGHT)
        p.paragraph_format.right_indent = Pt(BODY_SIZE.pt * indent)


def _page_setup(doc) -> None:
    section = doc.sections[0]
    section.page_width, section.page_height = Mm(210), Mm(297)
    section.top_margin, section.bottom_margin = Mm(37), Mm(35)
    section.left_margin, section.right_margin = Mm(28), Mm(26)
    normal = doc.styles["Normal"]
    normal.font.name = BODY_FONT
    normal.font.size = BODY_SIZE
    normal.element.get_or_add_rPr().get_or_add_rFonts().set(qn("w:eastAsia"), BODY_FONT)


def write_chase_list_docx(cov: Coverage, path: Path, office: str, day: str | None = None,
                          title: str | None = None) -> Path:
    """Write the 督办清单; returns its path.

    Args:
        cov: the picture (possibly filtered to one unit, possibly dated).
        path: the .docx to write (replaced atomically; same input gives the same bytes).
        office: the issuing office printed at the end (the archive's compiling_office).
        day: the date printed (YYYYMMDD); defaults to ``cov.as_of``.
        title: the heading; "市域社会治理现代化试点佐证资料督办清单" by default.
    """
    day = day or cov.as_of
    doc = Document()
    _page_setup(doc)
    title = title or "市域社会治理现代化试点佐证资料督办清单"
    # bold as well: where 黑体 is missing the substitute face still reads as a heavy title
    _paragraph(doc, title, TITLE_FONT, Pt(22), bold=True, align=WD_ALIGN_PARAGRAPH.CENTER,
               exact=False)
    if cov.unit:
        _paragraph(doc, f"（{cov.unit}）", SUBHEADING_FONT, BODY_SIZE,
                   align=WD_ALIGN_PARAGRAPH.CENTER)
    _paragraph(doc)
    _paragraph(doc, "各牵头单位、责任单位：")
    total = cov.summary()
    _paragraph(doc, (
        f"为做好试点验收准备，试点办对照工作指引逐项梳理了具体要求的佐证资料。截至"
        f"{chinese_date(cov.as_of)}，{'本单位涉及的' if cov.unit else '全市'}{total.total}项具体"
        f"要求中，已完成{total.counts[COMPLETE]}项（占{total.percent_complete:g}%），部分提供"
        f"{total.counts[PARTIAL]}项，尚未提供{total.counts[NONE]}项。现将各牵头单位待补事项"
        "列出如下，请对照清单，会同责任单位抓紧补齐佐证资料和制度机制文本，报送试点办。"),
        indent=True)

    _paragraph(doc, "一、总体情况", HEADING_FONT, indent=True)
    groups = cov.by_lead_unit()
    _table(doc, SUMMARY_HEADERS, SUMMARY_WIDTHS, [
        [n, g.name, g.total, g.counts[COMPLETE], g.counts[PARTIAL], g.counts[NONE],
         f"{g.percent_complete:.1f}%"] for n, g in enumerate(groups, 1)])

    _paragraph(doc, "二、各单位待补事项", HEADING_FONT, indent=True)
    owing = [g for g in groups if g.counts[COMPLETE] < g.total]
    by_code = {r.code: r for r in cov.requirements}
    for n, group in enumerate(owing, 1):
        todo = [by_code[c] for c in group.requirements if by_code[c].status != COMPLETE]
        _paragraph(doc, f"（{chinese_number(n)}）{group.name}（牵头{group.total}项，已完成"
                   f"{group.counts[COMPLETE]}项，待补{len(todo)}项）", SUBHEADING_FONT,
                   indent=True)
        _table(doc, UNIT_TABLE_HEADERS, UNIT_TABLE_WIDTHS, [
            [i, r.code, r.text + (f"\n责任单位：{'、'.join(r.responsible_units)}"
                                  if r.responsible_units else ""),
             f"{STATUS_LABELS[r.status]}\n佐证{len(r.documents)}件",
             "\n".join(f"{k}. {s}" for k, s in enumerate(r.to_supply(), 1))]
            for i, r in enumerate(todo, 1)])
    if not owing:
        _paragraph(doc, "所有具体要求的佐证资料均已完成。", indent=True)
    finished = [g.name for g in groups if g.total and g.counts[COMPLETE] == g.total]
    if finished and owing:
        _paragraph(doc, f"以下单位牵头事项已全部完成：{'、'.join(finished)}。", indent=True)

    _paragraph(doc, "三、有关要求", HEADING_FONT, indent=True)
    for n, text in enumerate([
            "请各牵头单位对本清单所列事项逐项落实，会同责任单位收集整理佐证资料。",
            "制度机制类材料须报送正式印发文本（含文号）；落实类材料包括会议纪要、工作台账、"
            "图片、统计数据等，成效类材料应有数据支撑。",
            "本清单依据试点佐证资料档案生成，如有出入，请与试点办核对。"], 1):
        _paragraph(doc, f"{n}. {text}", indent=True)

    _paragraph(doc)
    _paragraph(doc)
    _signature(doc, office, chinese_date(day))
    props = doc.core_properties
    props.title, props.author, props.last_modified_by = title, office, office
    props.revision = 1
    return write_reproducibly(path, day, doc.save)
