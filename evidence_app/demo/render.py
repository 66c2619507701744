"""Renderers: one function per kind of file, each deterministic given the spec and the seed.

``render_bytes(spec, seed)`` returns the file's bytes; the per-file random generator is derived
from (seed, index) only, so files come out the same in one process or many.
"""

from __future__ import annotations

import datetime as _dt
import io
import math
import random
import re

from .catalogue_data import AREAS, STREET_UNITS
from .content import (
    CHAPTERS, HEADINGS, LEDGER_STATUS, Writer, cn_date, cn_ordinal, full_name, ledger_event,
    parse_ymd, person, salutation, title_unit,
)
from .model import DocSpec
from .ooxml import docx_members, normalize_ooxml_zip, write_zip
from .pdfwriter import A3_LANDSCAPE, A4, PdfDocument, text_width, wrap
from .scan import ScanLine, ScanPage, paint_scan

CHARS_PER_PAGE = 700          # docx and text files: pages = ceil(characters / 700)

RED = (0.85, 0.05, 0.05)
LEFT, RIGHT, TOP, BOTTOM = 79.0, 516.0, 770.0, 96.0
BODY = 16.0
LEAD = 28.0


def file_rng(seed: int, index: int) -> random.Random:
    return random.Random(f"evidence-demo/{seed}/{index}")


def render_bytes(spec: DocSpec, seed: int) -> bytes:
    rng = file_rng(seed, spec.index)
    kind = spec.entry.kind
    if kind == "pdf":
        return build_text_pdf(spec, rng).to_bytes()
    if kind == "scan":
        return build_scan_pdf(spec, rng)
    if kind == "docx":
        return build_docx(spec, rng)
    if kind == "image":
        return build_photo(spec, rng)
    if kind == "text":
        return build_text(spec, rng)
    if kind == "xlsx":
        return build_xlsx(spec, rng)
    raise ValueError(f"unknown kind {kind!r}")


# ============================================================================================
# Text PDFs (公文)
# ============================================================================================

def _body_blocks(w: Writer, style: str):
    """Endless stream of blocks: ("h", text) headings and ("p", text) paragraphs."""
    rng = w.rng
    if style == "rules":
        article = 1
        for ch in range(1, 100):
            name = CHAPTERS[ch - 1] if ch <= len(CHAPTERS) else "补充规定"
            yield ("c", f"第{cn_ordinal(ch)}章　{name}")
            for _ in range(rng.randint(2, 5)):
                yield ("p", f"第{cn_ordinal(article)}条　" + w.paragraph("plan", (1, 3)))
                article += 1
    names = HEADINGS.get(style, HEADINGS["plan"])
    for h in range(1, 100):
        name = names[(h - 1) % len(names)]
        yield ("h", f"{cn_ordinal(h)}、{name}")
        for k in range(1, rng.randint(2, 4) + 1):
            if rng.random() < 0.5:
                yield ("h", w.subheading(k))
            yield ("p", w.paragraph(style))


def _layout_block(kind: str, text: str, width: float) -> list[tuple[float, str]]:
    """Lines of one block as (x offset, text)."""
    if kind == "c":
        return [((width - text_width(text, BODY)) / 2, text)]
    if kind == "h":
        return [(0.0, line) for line in wrap(text, width, BODY)]
    lines = wrap(text, width, BODY, first_indent=2 * BODY)
    return [(2 * BODY if i == 0 else 0.0, line) for i, line in enumerate(lines)]


def _footer(page, number: int) -> None:
    page.centered(48, f"— {number} —", 14)


def build_text_pdf(spec: DocSpec, rng: random.Random) -> PdfDocument:
    e = spec.entry
    date = parse_ymd(e.date)
    issuer = full_name(spec.issuer)
    doc = PdfDocument(title=e.title, author=issuer, date=e.date)
    w = Writer(rng, spec.topic, spec.issuer, date.year)

    # ---- first page: banner, 文号, red rule, title, salutation, text, signature, date -------
    p = doc.new_page(A4)
    banner = issuer + ("文件" if spec.wenzhong not in ("纪要",) else "会议纪要")
    size = min(26.0, (RIGHT - LEFT) / len(banner))
    p.centered(752, banner, size, RED)
    if e.doc_number:
        p.centered(706, e.doc_number, BODY)
    p.rule(LEFT, 692, RIGHT, 692, 2, RED)
    y = 650.0
    for line in wrap(e.title, RIGHT - LEFT - 40, 22):
        p.centered(y, line, 22)
        y -= 34
    y -= 10
    if spec.style == "minutes":
        chair = person(rng)
        first = [f"{cn_date(date)}，{chair}同志主持召开{spec.topic}工作会议，"
                 f"研究部署{spec.topic}有关工作。现将会议议定事项纪要如下："]
    elif spec.style == "rules":
        first = [f"为{w._fill('扎实推进{t}工作')}，根据有关法律法规和政策规定，结合我市实际，"
                 f"制定本{spec.wenzhong}。现予印发，请认真遵照执行。", w.paragraph("plan", (1, 2))]
    else:
        p.text(LEFT, y, salutation(rng, spec.wenzhong), BODY)
        y -= LEAD
        if "印发" in e.title:
            first = ["现将" + e.title[e.title.find("《"):e.title.find("》") + 1]
                     + "印发给你们，请结合实际认真贯彻执行。", w.paragraph(spec.style, (1, 2))]
        else:
            first = [w.paragraph(spec.style, (1, 3)), w.paragraph(spec.style, (1, 2))]
    sig_top = 176.0
    for k, para in enumerate(first):
        lines = _layout_block("p", para, RIGHT - LEFT)
        room = int((y - sig_top - 10) // LEAD)
        if room <= 0:
            break
        if len(lines) > room:
            if k > 0:
                break
            lines = lines[:room]
        for dx, line in lines:
            p.text(LEFT + dx, y, line, BODY)
            y -= LEAD
    p.right(RIGHT - 32, 150, issuer if len(issuer) <= 20 else spec.issuer, BODY)
    p.right(RIGHT - 48, 122, cn_date(date, spec.numeral_date), BODY)
    _footer(p, 1)

    # ---- body pages --------------------------------------------------------------------
    blocks = _body_blocks(w, spec.style)
    pending: list[tuple[float, str]] = []
    for number in range(2, e.pages + 1):
        last = number == e.pages
        if number == spec.a3_page:          # an A3 landscape sheet folded into the file
            _table_page(doc.new_page(A3_LANDSCAPE), rng, spec, date, number)
            continue
        if number == spec.rotate_page:      # an A4 page turned to landscape (/Rotate 90)
            _table_page(doc.new_page(A4, rotate=90), rng, spec, date, number)
            continue
        p = doc.new_page(A4)
        y = TOP
        while True:
            if not pending:
                kind, text = next(blocks)
                pending = _layout_block(kind, text, RIGHT - LEFT)
                if kind != "p" and y < BOTTOM + 3 * LEAD:   # no heading at the foot of a page
                    break
            room = int((y - BOTTOM) // LEAD) + 1
            if room <= 0:
                break
            if len(pending) > room:
                if last:          # the last page ends at the end of a paragraph
                    pending = []
                    break
                for dx, line in pending[:room]:
                    p.text(LEFT + dx, y, line, BODY)
                    y -= LEAD
                pending = pending[room:]
                break
            for dx, line in pending:
                p.text(LEFT + dx, y, line, BODY)
                y -= LEAD
            pending = []
        _footer(p, number)
    return doc


def _table_page(p, rng: random.Random, spec: DocSpec, date: _dt.date, number: int) -> None:
    """A landscape statistics table (A3, or A4 shown rotated)."""
    width, height = p.display_size
    scale = width / 1191.0
    size = 20 if width > 1000 else 16
    p.centered(height - 72, f"附表：{date.year}年各区县（市）{spec.topic}工作情况统计表", size)
    cols = [x * scale for x in (70, 150, 420, 560, 700, 840, 1010)]
    header = ["序号", "单位", "任务数", "已完成", "完成率", "佐证材料（份）", "备注"]
    step = 44.0 if height > 800 else 36.0
    y = height - 126
    p.rule(60, y + 24, width - 60, y + 24, 1)
    for x, h in zip(cols, header):
        p.text(x, y, h, size - 4)
    p.rule(60, y - 10, width - 60, y - 10, 1)
    total_t = total_d = total_m = 0
    for i, area in enumerate(AREAS, start=1):
        y -= step
        t = rng.randint(8, 40)
        d = rng.randint(t // 2, t)
        m = rng.randint(20, 400)
        total_t, total_d, total_m = total_t + t, total_d + d, total_m + m
        note = rng.choice(["", "", "按期推进", "A级", "需加快进度", "已通过验收"])
        row = [str(i), area, str(t), str(d), f"{100 * d / t:.1f}%", str(m), note]
        for x, cell in zip(cols, row):
            p.text(x, y, cell, size - 4)
        p.rule(60, y - 12, width - 60, y - 12, 0.5)
    y -= step
    for x, cell in zip(cols, ["", "合计", str(total_t), str(total_d),
                              f"{100 * total_d / total_t:.1f}%", str(total_m), ""]):
        p.text(x, y, cell, size - 4)
    p.rule(60, y - 12, width - 60, y - 12, 1)
    p.centered(36, f"— {number} —", 14)


# ============================================================================================
# Scanned PDFs: image-only pages of real text (the demo knows each page's truth)
# ============================================================================================

SCAN_TURNED = {90: 0.05, 270: 0.03, 180: 0.03}   # share of pages fed into the scanner turned
SCAN_PHOTO = 0.04                                # share of pages that are phone photos
SCAN_MAX_SKEW = 1.5                              # degrees


def scan_pages(spec: DocSpec, rng: random.Random) -> list[ScanPage]:
    """The pages of a scanned document as printed (text, seal) and as scanned (turn, skew).

    Uses ``rng`` only for what is on the paper and how it lay; :func:`build_scan_pdf` paints
    them with the same generator afterwards, so :func:`scan_truth` can replay this part alone.
    """
    e = spec.entry
    date = parse_ymd(e.date)
    issuer = full_name(spec.issuer)
    w = Writer(rng, spec.topic, spec.issuer, date.year)
    height = A4[1]
    body_width = RIGHT - LEFT

    def centered(y: float, text: str, size: float, red: bool = False) -> ScanLine:
        return ScanLine((A4[0] - text_width(text, size)) / 2, y, size, text, red)

    blocks = _body_blocks(w, spec.style)
    pending: list[tuple[float, str]] = []
    pages: list[ScanPage] = []
    for number in range(1, e.pages + 1):
        lines: list[ScanLine] = []
        y = height - TOP
        if number == 1:
            banner = issuer + ("文件" if spec.wenzhong not in ("纪要",) else "会议纪要")
            lines.append(centered(height - 752, banner, min(26.0, body_width / len(banner)), True))
            if e.doc_number:
                lines.append(centered(height - 706, e.doc_number, BODY))
            y = height - 650
            for line in wrap(e.title, body_width - 40, 22):
                lines.append(centered(y, line, 22))
                y += 34
            y += 10
            if spec.style not in ("minutes", "rules"):
                lines.append(ScanLine(LEFT, y, BODY, salutation(rng, spec.wenzhong)))
                y += LEAD
        last = number == e.pages
        floor = height - (240 if last else BOTTOM)
        while True:
            if not pending:
                kind, text = next(blocks)
                pending = _layout_block(kind, text, body_width)
            room = int((floor - y) // LEAD) + 1
            if room <= 0:
                break
            take = pending[:room]
            for dx, line in take:
                lines.append(ScanLine(LEFT + dx, y, BODY, line))
                y += LEAD
            pending = pending[room:]
            if pending or last:
                break
        if last:
            pending = []
            sign = issuer if len(issuer) <= 20 else spec.issuer
            lines.append(ScanLine(RIGHT - 32 - text_width(sign, BODY), height - 150, BODY, sign))
            when = cn_date(date, spec.numeral_date)
            lines.append(ScanLine(RIGHT - 48 - text_width(when, BODY), height - 122, BODY, when))
        footer = f"— {number} —"
        lines.append(centered(height - 48, footer, 14))
        stamped = last or (number == 1 and rng.random() < 0.3)
        seal = None
        if stamped:
            if last:
                seal = (RIGHT - 100 + rng.uniform(-20, 20), height - 150 + rng.uniform(-15, 15))
            else:
                seal = (A4[0] / 2 + rng.uniform(-60, 60), height - 690 + rng.uniform(-10, 10))
        roll = rng.random()
        turn = 0
        for angle, share in SCAN_TURNED.items():
            if roll < share:
                turn = angle
                break
            roll -= share
        photo = turn == 0 and rng.random() < SCAN_PHOTO
        skew = 0.0 if photo else round(rng.uniform(-SCAN_MAX_SKEW, SCAN_MAX_SKEW), 2)
        specks = [(rng.randrange(40, 800), rng.randrange(40, 1130), rng.randint(40, 200))
                  for _ in range(rng.randint(15, 50))]
        pages.append(ScanPage(lines, seal, title_unit(spec.issuer) if stamped else "", turn,
                              skew, photo, specks))
    return pages


def scan_truth(spec: DocSpec, seed: int) -> list[str]:
    """The text of each page of a scanned document, as a perfect OCR would read it."""
    return [page.text for page in scan_pages(spec, file_rng(seed, spec.index))]


def build_scan_pdf(spec: DocSpec, rng: random.Random) -> bytes:
    doc = PdfDocument(title="", author="", date=None, producer="Scanner")
    for page in scan_pages(spec, rng):
        jpeg, width, height, colorspace = paint_scan(page, rng)
        doc.new_page(page.size).set_image(jpeg, width, height, colorspace)
    return doc.to_bytes()


# ============================================================================================
# Word documents
# ============================================================================================

def build_docx(spec: DocSpec, rng: random.Random) -> bytes:
    from docx import Document
    from docx.enum.text import WD_ALIGN_PARAGRAPH
    from docx.oxml.ns import qn
    from docx.shared import Pt

    e = spec.entry
    date = parse_ymd(e.date)
    issuer = full_name(spec.issuer)
    w = Writer(rng, spec.topic, spec.issuer, date.year)
    pages = e.pages
    low = CHARS_PER_PAGE * (pages - 1) + 60
    high = CHARS_PER_PAGE * pages - 20
    target = rng.randint(low, max(low, high))

    doc = Document()
    normal = doc.styles["Normal"]
    normal.font.name = "Times New Roman"
    normal.font.size = Pt(15)
    normal.element.get_or_add_rPr().get_or_add_rFonts().set(qn("w:eastAsia"), "仿宋_GB2312")

    count = 0

    def para(text: str, align=None, bold: bool = False, size: float | None = None):
        nonlocal count
        p = doc.add_paragraph()
        run = p.add_run(text)
        run.bold = bold
        if size:
            run.font.size = Pt(size)
        if align is not None:
            p.alignment = align
        count += len(text)
        return p

    sign = [issuer, cn_date(date, spec.numeral_date)]
    reserve = sum(len(s) for s in sign)
    para(e.title, WD_ALIGN_PARAGRAPH.CENTER, bold=True, size=22)
    if e.doc_number:
        para(e.doc_number, WD_ALIGN_PARAGRAPH.CENTER)
    if spec.style != "minutes" and spec.wenzhong not in ("总结", "材料"):
        para(salutation(rng, spec.wenzhong))
    table_done = not (rng.random() < (0.75 if pages >= 2 else 0.3))
    blocks = _body_blocks(w, spec.style)
    while True:
        kind, text = next(blocks)
        room = target - reserve - count
        if not table_done and kind in ("h", "c") and room > 160:
            table_done = True
            count += _docx_table(doc, rng, spec, min(room - 60, 400))
            continue
        if len(text) > room:
            if room > 30 and kind == "p":
                para(text[: room - 1] + "。")
            break
        if kind in ("h", "c") and text[0] in "一二三四五六七八九十第":
            p = para(text)      # style set by id: add_heading's lookup by name is slow
            p._p.get_or_add_pPr().style = "Heading2"
        else:
            para(text)
    for s in sign:
        para(s, WD_ALIGN_PARAGRAPH.RIGHT)
    if math.ceil(count / CHARS_PER_PAGE) != pages:      # pragma: no cover - defensive
        raise AssertionError(f"docx text of {count} chars does not make {pages} pages")

    section = doc.sections[0]
    section.header.paragraphs[0].text = issuer
    section.footer.paragraphs[0].text = (e.doc_number + "　" if e.doc_number else "") + issuer
    cp = doc.core_properties
    stamp = _dt.datetime(date.year, date.month, date.day, 9, 0, 0)
    cp.title = e.title
    cp.author = issuer
    cp.last_modified_by = person(rng)
    cp.created = stamp
    cp.modified = stamp
    cp.last_printed = stamp
    cp.revision = 1
    cp.comments = ""
    cp.keywords = spec.topic
    members = []
    for name, blob in docx_members(doc):
        if name == "docProps/app.xml":     # what Word would have counted
            blob = re.sub(rb"<Pages>\d*</Pages>", b"<Pages>%d</Pages>" % pages, blob)
            blob = re.sub(rb"<Characters>\d*</Characters>",
                          b"<Characters>%d</Characters>" % count, blob)
        members.append((name, blob))
    return write_zip(members)


def _docx_table(doc, rng: random.Random, spec: DocSpec, budget: int) -> int:
    """A 工作任务分解表; returns the characters it holds (counted toward the pages)."""
    count = 0
    caption = doc.add_paragraph(f"附表：{spec.topic}工作任务分解表")
    count += len(caption.text)
    header = ["序号", "工作任务", "责任单位", "完成时限"]
    table = doc.add_table(rows=1, cols=4)
    table._tbl.tblStyle_val = "TableGrid"   # by id: the lookup by name is slow
    for cell, text in zip(table.rows[0].cells, header):
        cell.text = text
        count += len(text)
    w = Writer(rng, spec.topic, spec.issuer, 2021)
    i = 0
    while count < budget - 40 and i < 12:
        i += 1
        row = [str(i), w._fill(rng.choice(["建立{t}工作台账", "开展{t}督导检查", "制定{t}实施细则",
                                           "组织{t}业务培训", "报送{t}工作信息", "总结{t}经验做法"])),
               rng.choice(AREAS + STREET_UNITS[:6]),
               f"{rng.randint(2020, 2022)}年{rng.randint(1, 12)}月底前"]
        cells = table.add_row().cells
        for cell, text in zip(cells, row):
            cell.text = text
            count += len(text)
    return count


# ============================================================================================
# Photos
# ============================================================================================

def build_photo(spec: DocSpec, rng: random.Random) -> bytes:
    from PIL import Image, ImageDraw, ImageOps

    W, H = 1200, 900
    grad = Image.linear_gradient("L").resize((W, H))
    if rng.random() < 0.3:
        grad = grad.transpose(Image.Transpose.ROTATE_90).resize((W, H))
    top = tuple(rng.randint(90, 220) for _ in range(3))
    bottom = tuple(rng.randint(20, 140) for _ in range(3))
    img = ImageOps.colorize(grad, black=top, white=bottom)
    d = ImageDraw.Draw(img)
    horizon = rng.randint(380, 620)
    for _ in range(rng.randint(3, 8)):                      # buildings
        x = rng.randint(-50, W - 100)
        bw, bh = rng.randint(80, 260), rng.randint(120, 380)
        col = tuple(rng.randint(80, 210) for _ in range(3))
        d.rectangle([x, horizon - bh, x + bw, horizon], fill=col)
        for wy in range(horizon - bh + 20, horizon - 20, 40):   # windows
            d.rectangle([x + 12, wy, x + bw - 12, wy + 12], fill=tuple(c - 30 for c in col))
    if rng.random() < 0.6:                                  # the red banner (横幅)
        bx = rng.randint(100, 500)
        d.rectangle([bx, horizon - 200, bx + rng.randint(300, 600), horizon - 150],
                    fill=(200, 30, 30))
    for _ in range(rng.randint(4, 14)):                     # people
        px, py = rng.randint(40, W - 40), rng.randint(horizon + 40, H - 60)
        s = rng.randint(30, 70)
        coat = tuple(rng.randint(20, 230) for _ in range(3))
        d.rectangle([px - s // 2, py, px + s // 2, py + 2 * s], fill=coat)
        d.ellipse([px - s // 3, py - s // 1.4, px + s // 3, py], fill=(230, 190, 160))
    date = parse_ymd(spec.entry.date)
    stamp = f"{date:%Y-%m-%d} {rng.randint(8, 17):02d}:{rng.randint(0, 59):02d}"
    d.text((W - 330, H - 60), stamp, fill=(255, 160, 40), font=_stamp_font())
    buf = io.BytesIO()
    img.save(buf, "JPEG", quality=55, optimize=True)
    return buf.getvalue()


_FONT = None


def _stamp_font():
    global _FONT
    if _FONT is None:
        from PIL import ImageFont
        try:
            _FONT = ImageFont.load_default(size=36)
        except TypeError:          # Pillow without FreeType
            _FONT = ImageFont.load_default()
    return _FONT


# ============================================================================================
# Plain text (工作台账, 统计报表)
# ============================================================================================

def text_body(spec: DocSpec, rng: random.Random) -> str:
    """The text of a .txt file, exactly ``spec.entry.pages`` pages of 700 characters."""
    e = spec.entry
    pages = e.pages
    nl = "\r\n" if spec.encoding in ("gb18030", "utf-8-sig") else "\n"
    date = parse_ymd(e.date)
    low, high = CHARS_PER_PAGE * (pages - 1) + 40, CHARS_PER_PAGE * pages - 10
    target = rng.randint(low, high)
    lines = [e.title, f"填报单位：{full_name(e.unit or spec.issuer)}　填报日期：{cn_date(date)}", ""]
    stats = "统计" in e.title
    if stats:
        lines.append("\t".join(["单位", "受理数（件）", "办结数（件）", "办结率", "满意率"]))
    else:
        lines.append("\t".join(["序号", "日期", "事项", "责任人", "办理情况"]))
    total = sum(len(s) for s in lines) + len(nl) * len(lines)
    i = 0
    while True:
        i += 1
        if stats:
            got = rng.randint(30, 2400)
            done = rng.randint(got * 8 // 10, got)
            row = "\t".join([rng.choice(AREAS + STREET_UNITS), str(got), str(done),
                             f"{100 * done / got:.1f}%", f"{rng.randint(880, 1000) / 10:.1f}%"])
        else:
            day = date - _dt.timedelta(days=rng.randint(0, 180))
            row = "\t".join([str(i), f"{day:%Y-%m-%d}", ledger_event(rng, spec.topic),
                             person(rng), rng.choice(LEDGER_STATUS)])
        if total + len(row) + len(nl) > target:
            break
        lines.append(row)
        total += len(row) + len(nl)
    text = nl.join(lines) + nl
    # pad with a remark so the length is exactly in the page's range
    while len(text) <= low - 1:
        text += "备注：" + "本台账按月更新，数据以系统导出为准。"[: max(1, low - len(text) - 3)] + nl
    assert math.ceil(len(text) / CHARS_PER_PAGE) == pages, (len(text), pages)
    return text


def build_text(spec: DocSpec, rng: random.Random) -> bytes:
    return text_body(spec, rng).encode(spec.encoding)


# ============================================================================================
# Excel ledgers
# ============================================================================================

def build_xlsx(spec: DocSpec, rng: random.Random) -> bytes:
    from openpyxl import Workbook
    from openpyxl.styles import Font

    e = spec.entry
    date = parse_ymd(e.date)
    wb = Workbook()
    ws = wb.active
    ws.title = "台账"
    if "花名册" in e.title:
        ws.append(["序号", "姓名", "性别", "出生年月", "所属街道（乡镇）", "网格编号", "联系电话"])
        for i in range(1, spec.rows + 1):
            ws.append([i, person(rng), rng.choice("男女"),
                       f"{rng.randint(1965, 2000)}.{rng.randint(1, 12):02d}",
                       rng.choice(STREET_UNITS), f"WG{rng.randint(1, 9)}{rng.randint(0, 999):03d}",
                       f"1{rng.choice('3578')}{rng.randint(0, 9)}****{rng.randint(0, 9999):04d}"])
    elif "统计" in e.title:
        ws.append(["序号", "单位", "月份", "受理数（件）", "办结数（件）", "办结率"])
        for i in range(1, spec.rows + 1):
            got = rng.randint(10, 900)
            done = rng.randint(got * 7 // 10, got)
            ws.append([i, rng.choice(AREAS + STREET_UNITS), f"{date.year}年{rng.randint(1, 12)}月",
                       got, done, round(done / got, 3)])
    else:
        ws.append(["序号", "日期", "事项", "所属网格", "责任人", "办理情况", "备注"])
        for i in range(1, spec.rows + 1):
            day = date - _dt.timedelta(days=rng.randint(0, 300))
            ws.append([i, f"{day:%Y-%m-%d}", ledger_event(rng, spec.topic),
                       f"第{rng.randint(1, 40)}网格", person(rng), rng.choice(LEDGER_STATUS),
                       rng.choice(["", "", "", "已回访", "群众满意"])])
    for cell in ws[1]:
        cell.font = Font(bold=True)
    for col, width in zip("ABCDEFG", (6, 12, 40, 18, 12, 16, 12)):
        ws.column_dimensions[col].width = width
    ws.freeze_panes = "A2"
    ws.page_setup.orientation = "portrait"
    ws.sheet_properties.pageSetUpPr.fitToPage = True
    ws.page_setup.fitToWidth = 1
    ws.page_setup.fitToHeight = 0
    stamp = _dt.datetime(date.year, date.month, date.day, 17, 30, 0)
    wb.properties.creator = full_name(e.unit or spec.issuer)
    wb.properties.title = e.title
    wb.properties.created = stamp
    wb.properties.modified = stamp
    buf = io.BytesIO()
    wb.save(buf)
    return normalize_ooxml_zip(buf.getvalue(), modified=stamp)


def xlsx_pages(rows: int) -> int:
    """Printed pages of a ledger of ``rows`` data rows (about 48 rows to an A4 page)."""
    return max(1, math.ceil((rows + 1) / 48))
