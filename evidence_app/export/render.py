"""The pages a volume's program draws itself: cover, 卷内目录, 卷内备考表, placeholders,
stamps; and the batch's print aids (spine labels, 要求—佐证材料对照表).

Everything is drawn with reportlab in invariant mode (no timestamps, fixed IDs) through
FontSet, so every string is coverage-checked and the output is byte-identical run to run.
"""

from __future__ import annotations

import io
from dataclasses import dataclass, field

from reportlab.pdfgen.canvas import Canvas

from .fonts import BUNDLED_NAME, FontSet
from .settings import LayoutSettings


@dataclass
class ContentsRow:
    seq: str
    doc_number: str
    issuer: str
    title: str
    date: str
    pages: str
    note: str
    entry: int = -1          # index of the volume entry it links to; -1: a group row
    group_text: str = ""     # for group rows


@dataclass
class Generated:
    """The generated PDF and where its parts are."""

    pdf: bytes
    cover: int = 0
    contents: list[int] = field(default_factory=list)
    closing: int = 0
    placeholders: dict[int, int] = field(default_factory=dict)  # entry index -> page index
    blank: int | None = None
    stamp_glyphs: dict[str, int] = field(default_factory=dict)   # stamp character -> page
    text_layers: list[int] = field(default_factory=list)         # invisible OCR text pages
    links: list[tuple[int, tuple[float, float, float, float], int]] = field(default_factory=list)


def _date_cn(yyyymmdd: str) -> str:
    if not yyyymmdd or len(yyyymmdd) != 8:
        return yyyymmdd or ""
    return f"{yyyymmdd[:4]}年{int(yyyymmdd[4:6])}月{int(yyyymmdd[6:8])}日"


def _date_dots(yyyymmdd: str) -> str:
    return f"{yyyymmdd[:4]}.{yyyymmdd[4:6]}" if yyyymmdd and len(yyyymmdd) == 8 else ""


class _Page:
    """Helpers on a canvas for the archive-form layouts."""

    def __init__(self, canvas: Canvas, fonts: FontSet, layout: LayoutSettings,
                 size: tuple[float, float]):
        self.c, self.fonts, self.layout = canvas, fonts, layout
        self.w, self.h = size
        self.left = layout.mm(layout.margin_binding_mm)
        self.right = self.w - layout.mm(layout.margin_outer_mm)
        self.top = self.h - layout.mm(layout.margin_top_mm)
        self.bottom = layout.mm(layout.margin_bottom_mm)

    def text(self, x, y, text, role="body", size=12.0, align="left"):
        return self.fonts.draw(self.c, x, y, text, role, size, align)

    def centred_lines(self, y, text, role, size, width=None, leading=1.45):
        width = width or (self.right - self.left)
        for line in self.fonts.wrap(text, role, size, width, words=True):  # headings
            self.text((self.left + self.right) / 2, y, line, role, size, "centre")
            y -= size * leading
        return y


# ---------------------------------------------------------------------------- volume pages
def render_volume_pages(job: dict, rows: list[ContentsRow], closing_lines: list[str],
                        placeholders: dict[int, dict], stamp_texts: list[str],
                        fonts: FontSet, layout: LayoutSettings, blank: bool,
                        text_layers: list[tuple[tuple[float, float], str, tuple | None]] = (),
                        ) -> Generated:
    """Draw cover, contents, closing sheet, placeholders (and the characters of the page
    stamps, :func:`stamp_glyph_box`) into one PDF, and
    each of ``text_layers`` (page size, OCR text, placed lines or None) as a page of
    invisible text; placed lines are (matrix from OCR's image pixels to the page, lines
    [text, left, top, right, bottom])."""
    buffer = io.BytesIO()
    size = layout.page_size
    canvas = Canvas(buffer, pagesize=size, invariant=1, pageCompression=1,
                    initialFontName=BUNDLED_NAME)
    canvas.setTitle(job["title"])
    canvas.setSubject(job["series_title"])
    canvas.setCreator(job["creator"])
    out = Generated(pdf=b"")
    page_no = 0

    _cover(_Page(canvas, fonts, layout, size), job)
    canvas.showPage()
    out.cover = page_no
    page_no += 1

    for links in _contents(canvas, fonts, layout, job, rows):
        out.contents.append(page_no)
        out.links += [(page_no, rect, entry) for rect, entry in links]
        page_no += 1

    _closing(_Page(canvas, fonts, layout, size), job, closing_lines)
    canvas.showPage()
    out.closing = page_no
    page_no += 1

    for entry, info in sorted(placeholders.items()):
        _placeholder(_Page(canvas, fonts, layout, size), info, layout)
        canvas.showPage()
        out.placeholders[entry] = page_no
        page_no += 1

    if blank:
        canvas.setPageSize(size)
        canvas.showPage()
        out.blank = page_no
        page_no += 1

    # each character of the page numbers is a tiny page, reused as a form by bind.py, which
    # sets every stamp from them: a page per stamp was a tenth of a batch's time
    for char in sorted({c for text in stamp_texts for c in text if not c.isspace()}):
        width, height, margin = stamp_glyph_box(char, fonts, layout)
        canvas.setPageSize((width, height))
        fonts.draw(canvas, margin, layout.mm(layout.stamp_box_pad_mm) + layout.stamp_pt * 0.12,
                   char, "table", layout.stamp_pt)
        canvas.showPage()
        out.stamp_glyphs[char] = page_no
        page_no += 1
    for size, text, placed in text_layers:  # laid over a scanned page by bind.py, as a form
        canvas.setPageSize(size)
        if placed:
            _placed_text(canvas, *placed)
        else:
            _invisible_text(canvas, size, text)
        canvas.showPage()
        out.text_layers.append(page_no)
        page_no += 1
    canvas.save()
    out.pdf = buffer.getvalue()
    return out


def _placed_text(canvas: Canvas, matrix, lines: list) -> None:
    """OCR text drawn invisibly (render mode 3) on its words, as OCRmyPDF's sandwich PDFs
    do: each line in its box on the scan, as tall as the box and stretched (Tz, horizontal
    scaling) to its width, so a PDF reader highlights a hit on the words themselves. Drawn in
    the image's pixels, ``matrix`` taking them onto the page (y down there, hence each line's
    own flip back upright)."""
    canvas.saveState()
    canvas.transform(*matrix)
    for text, left, top, right, bottom in lines:
        height = bottom - top
        natural = canvas.stringWidth(text, BUNDLED_NAME, height)
        if height <= 0 or right <= left or not natural:
            continue
        layer = canvas.beginText()
        layer.setTextRenderMode(3)
        layer.setFont(BUNDLED_NAME, height)
        layer.setHorizScale(100.0 * (right - left) / natural)
        # the baseline a little above the box's bottom, where a Song face's descent ends
        layer.setTextTransform(1, 0, 0, -1, left, bottom - height * 0.12)
        layer.textOut(text)
        canvas.drawText(layer)
    canvas.restoreState()


def _invisible_text(canvas: Canvas, size: tuple[float, float], text: str) -> None:
    """OCR text drawn invisibly (render mode 3, as OCRmyPDF's sandwich PDFs do) so a PDF
    reader finds it on the scanned page: its lines from top to bottom, each stretched across
    the page. For text read before the archive stored where lines stand (version 6): a hit
    is highlighted on the right page, near but not exactly on its words."""
    lines = [line.strip() for line in text.splitlines() if line.strip()]
    if not lines:
        return
    width, height = size
    margin = min(width, height) * 0.06
    step = (height - 2 * margin) / len(lines)
    font_size = max(1.0, min(12.0, step * 0.8))
    for n, line in enumerate(lines):
        natural = canvas.stringWidth(line, BUNDLED_NAME, font_size) or 1.0
        layer = canvas.beginText()
        layer.setTextRenderMode(3)
        layer.setFont(BUNDLED_NAME, font_size)
        layer.setHorizScale(100.0 * (width - 2 * margin) / natural)
        layer.setTextOrigin(margin, height - margin - (n + 1) * step + step * 0.2)
        layer.textOut(line)
        canvas.drawText(layer)


def stamp_height(layout: LayoutSettings) -> float:
    """The height of a page-number stamp's white box (its width is the text's, bind.py)."""
    return layout.stamp_pt * 0.95 + 2 * layout.mm(layout.stamp_box_pad_mm)


def stamp_glyph_box(char: str, fonts: FontSet, layout: LayoutSettings
                    ) -> tuple[float, float, float]:
    """Width and height of the page one stamp character is drawn on, and the margin left of
    it: the character at its place on the stamp's baseline, with room on both sides for
    what a glyph draws beyond its advance."""
    margin = layout.stamp_pt
    return fonts.width(char, "table", layout.stamp_pt) + 2 * margin, stamp_height(layout), margin


def _cover(p: _Page, job: dict) -> None:
    layout, mm = p.layout, p.layout.mm
    if job.get("classification"):
        p.text(p.left, p.top - mm(2), f"密级：{job['classification']}", "title", 14)
    y = p.h - mm(48)
    y = p.centred_lines(y, job["fonds_name"], "title", layout.heading_pt)
    y -= mm(10)
    y = p.centred_lines(y, job["series_title"], "title", layout.volume_title_pt,
                        width=p.right - p.left - mm(10))
    y -= mm(12)
    title_lines = list(job["heading_lines"])
    if job["parts"] > 1:
        title_lines[-1] += job["part_suffix"]
    for line in title_lines:
        y = p.centred_lines(y, line, "title", layout.heading_pt,
                            width=p.right - p.left - mm(16), leading=1.5)
        y -= mm(2)
    start, end = job["date_range"]
    values = {
        "牵头单位": job["lead_unit"], "责任单位": "、".join(job["responsible_units"]),
        "分管市领导": job["leader"],
        "起止日期": f"{_date_dots(start)}—{_date_dots(end)}" if start else "",
        "本册件数": f"{job['documents']} 件", "本册页数": f"{job['body_pages']} 页",
        "册次": f"第 {job['part']} 册 共 {job['parts']} 册",
        "保管期限": job["retention"], "档号": job["archive_code"],
    }
    size = layout.cover_field_pt
    label_x, value_x, line_end = p.left + mm(12), p.left + mm(44), p.right - mm(10)
    y = min(y - mm(8), mm(150))
    for label in layout.cover_labels:
        value = values.get(label, "")
        lines = p.fonts.wrap(value, "body", size - (2 if len(value) > 24 else 0),
                             line_end - value_x - mm(2)) or [""]
        p.text(label_x, y, f"{label}：", "title", size)
        vsize = size - (2 if len(value) > 24 else 0)
        for n, line in enumerate(lines):
            p.text(value_x + mm(1), y - n * vsize * 1.35, line, "body", vsize)
            p.c.setLineWidth(0.6)
            p.c.line(value_x, y - n * vsize * 1.35 - mm(1.5), line_end,
                     y - n * vsize * 1.35 - mm(1.5))
        y -= mm(10) + (len(lines) - 1) * vsize * 1.35
    foot = p.bottom + mm(18)
    p.text(p.w / 2, foot + mm(9), f"编制单位：{job['compiling_office']}", "body", size, "centre")
    p.text(p.w / 2, foot, f"编制日期：{_date_cn(job['compile_date'])}", "body", size, "centre")


@dataclass
class ContentsLayout:
    """One volume's 卷内目录: page size, column widths and its one type size."""

    page: tuple[float, float]
    widths: list[float]
    size: float


def contents_layout(rows: list[ContentsRow], fonts: FontSet,
                    layout: LayoutSettings) -> ContentsLayout:
    """Columns wide enough that no cell but 题名 wraps (文号 and 责任者 whole on one line),
    one type size for the whole table: the largest from 5号 down to ``contents_min_pt`` that
    leaves 题名 ``contents_title_min_mm``, on A4 portrait, else on A4 landscape. Only a value
    too long even then (a list of issuers) wraps, between its words."""
    mm, pad = layout.mm, layout.mm(layout.contents_cell_pad_mm)
    columns = layout.contents_columns
    values = [[r.seq, r.doc_number, r.issuer, r.title, r.date, r.pages, r.note]
              for r in rows if r.entry >= 0]
    portrait = layout.page_size
    pages = [portrait, (portrait[1], portrait[0])]
    margins = mm(layout.margin_binding_mm) + mm(layout.margin_outer_mm)
    size = layout.table_tight_pt
    sizes = []
    while size >= layout.contents_min_pt:
        sizes.append(size)
        size -= 0.5
    last = None
    for size in sizes:
        for page in pages:
            widths = []
            for c, (name, base) in enumerate(columns):
                if not base:
                    widths.append(0.0)
                    continue
                needed = max([fonts.width(name, "title", size)] +
                             [fonts.width(v[c], "table", size) for v in values]) + 2 * pad
                widths.append(max(mm(base), needed))
            title = page[0] - margins - sum(widths)
            last = (page, widths, title, size)
            if title >= mm(layout.contents_title_min_mm):
                return ContentsLayout(page, [w or title for w in widths], size)
    page, widths, _, size = last
    total = page[0] - margins
    flexible = [c for c, (_, base) in enumerate(columns) if not base]
    capped = [min(w, mm(base) * 2) if base else 0.0 for w, (_, base) in zip(widths, columns)]
    title = max(mm(layout.contents_title_min_mm), total - sum(capped)) / max(1, len(flexible))
    return ContentsLayout(page, [w or title for w in capped], size)


def _contents(canvas, fonts, layout, job, rows):
    """Yields, per contents page drawn, the link rectangles of its rows."""
    table = contents_layout(rows, fonts, layout)
    canvas.setPageSize(table.page)
    p = _Page(canvas, fonts, layout, table.page)
    mm = layout.mm
    widths = table.widths
    headers = [name for name, _ in layout.contents_columns]
    tsize = table.size
    pad = mm(layout.contents_cell_pad_mm)
    leading = tsize * 1.3
    min_row = mm(layout.contents_row_min_mm)
    title_col = headers.index("题名")

    def values_of(r):
        return [r.seq, r.doc_number, r.issuer, r.title, r.date, r.pages, r.note]

    def measure(row: ContentsRow):
        if row.entry < 0:
            lines = fonts.wrap(row.group_text, "title", tsize, sum(widths) - 2 * pad)
            return max(min_row, len(lines) * leading + 2 * pad), lines
        cells = []
        for c, value in enumerate(values_of(row)):
            inner = widths[c] - 2 * pad
            if c == title_col or fonts.width(value, "table", tsize) > inner:
                cells.append((fonts.wrap(value, "table", tsize, inner, words=c != title_col),
                              tsize))
            else:
                cells.append(([value], tsize))
        height = max(len(lines) * fit * 1.3 for lines, fit in cells) + 2 * pad
        return max(min_row, height), cells

    def header_block():
        y = p.top
        p.text(p.w / 2, y - layout.heading_pt, "卷内目录", "title", layout.heading_pt, "centre")
        y -= layout.heading_pt + mm(6)
        small = layout.small_pt
        for line in fonts.wrap(job["title"], "body", small, p.right - p.left - mm(45)):
            p.text(p.left, y, line, "body", small)
            y -= small * 1.35
        p.text(p.right, y + small * 1.35, f"档号：{job['archive_code']}", "body", small, "right")
        y -= mm(2)
        height = mm(9)
        x = p.left
        canvas.setLineWidth(0.7)
        for c, name in enumerate(headers):
            canvas.rect(x, y - height, widths[c], height)
            p.text(x + widths[c] / 2, y - height / 2 - tsize * 0.35, name, "title", tsize,
                   "centre")
            x += widths[c]
        return y - height

    y = header_block()
    links: list = []
    for row in rows:
        height, cells = measure(row)
        if y - height < p.bottom and links:
            yield [link for link in links if link]
            canvas.showPage()
            links = []
            y = header_block()
        canvas.setLineWidth(0.5)
        if row.entry < 0:
            canvas.rect(p.left, y - height, sum(widths), height)
            ty = y - pad - tsize
            for line in cells:
                p.text(p.left + pad, ty, line, "title", tsize)
                ty -= leading
            links.append(None)  # a group row links nowhere, but it counts for paging
        else:
            x = p.left
            for c, (lines, fit) in enumerate(cells):
                canvas.rect(x, y - height, widths[c], height)
                lead = fit * 1.3
                block = len(lines) * lead
                ty = y - (height - block) / 2 - fit * 1.0
                for line in lines:
                    if c == title_col or len(lines) > 1:
                        p.text(x + pad, ty, line, "table", fit)
                    else:
                        p.text(x + widths[c] / 2, ty, line, "table", fit, "centre")
                    ty -= lead
                x += widths[c]
            links.append(((p.left, y - height, p.left + sum(widths), y), row.entry))
        y -= height
    yield [link for link in links if link]
    canvas.showPage()
    canvas.setPageSize(layout.page_size)


def _closing(p: _Page, job: dict, lines: list[str]) -> None:
    layout, mm = p.layout, p.layout.mm
    y = p.top - layout.heading_pt
    p.text(p.w / 2, y, "卷内备考表", "title", layout.heading_pt, "centre")
    y -= mm(8)
    p.text(p.left, y, f"档号：{job['archive_code']}", "body", layout.small_pt)
    y -= mm(4)
    box_top, box_bottom = y, p.bottom + mm(62)
    p.c.setLineWidth(0.8)
    p.c.rect(p.left, box_bottom, p.right - p.left, box_top - box_bottom)
    p.text(p.w / 2, box_top - mm(9), "本卷情况说明", "title", layout.heading_pt - 2, "centre")
    size = layout.table_pt
    ty = box_top - mm(20)
    for text in lines:
        for n, line in enumerate(p.fonts.wrap(text, "body", size, p.right - p.left - mm(16))):
            if ty < box_bottom + mm(6):
                p.text(p.left + mm(8), ty, "……（其余见清单）", "body", size)
                break
            p.text(p.left + mm(8) + (0 if n else 0), ty, line, "body", size)
            ty -= size * 1.6
        ty -= size * 0.3
    y = box_bottom - mm(14)
    for role, name in (("立卷人", job["compiled_by"]), ("检查人", job["checked_by"])):
        p.text(p.left + mm(6), y, f"{role}：", "title", size)
        p.c.setLineWidth(0.5)
        p.c.line(p.left + mm(24), y - mm(1.5), p.left + mm(80), y - mm(1.5))
        if name:
            p.text(p.left + mm(26), y, name, "body", size)
        p.text(p.left + mm(92), y, "日期：", "title", size)
        p.c.line(p.left + mm(106), y - mm(1.5), p.right - mm(6), y - mm(1.5))
        y -= mm(14)
    p.text(p.left + mm(6), y, f"立卷时间：{_date_cn(job['compile_date'])}", "body", size)


# Why a document is represented by a placeholder, as the page and the closing sheet say it
# (keys: errors.Reason values and the binder's own; the manifest keeps the English detail).
PLACEHOLDER_REASONS = {
    "original_missing": "档案库中保存的原件已缺失，无法生成页面",
    "needs_libreoffice": "此类文件须用 LibreOffice 转换，本机未安装 LibreOffice",
    "libreoffice_failed": "LibreOffice 未能转换此文件（文件可能已损坏或格式不受支持）",
    "password_required": "文件设有打开密码，无法读取",
    "wrong_password": "文件设有打开密码，所给密码不正确",
    "office_password": "Word/Excel 文件设有打开密码，无法读取",
    "unsupported_encryption": "文件采用了本程序无法打开的加密方式",
    "damaged": "文件已损坏，或与其扩展名所示类型不符",
    "invalid_pdf": "PDF 文件已损坏或不完整",
    "unreadable_pdf": "PDF 文件已损坏或不完整，无法读取其页面",
    "unreadable": "无法读取文件",
    "permission_denied": "无权限读取文件",
    "too_large": "文件过大，无法转换",
    "timeout": "转换用时过长，已停止",
    "unsupported_kind": "不支持此类文件",
}
UNKNOWN_REASON = "转换时出错，未能生成页面"


def placeholder_reason(key: str | None) -> str:
    return PLACEHOLDER_REASONS.get(key or "", UNKNOWN_REASON)


def _placeholder(p: _Page, info: dict, layout: LayoutSettings) -> None:
    """One page for a document that has none: title, 文号, file name and a true reason, all
    wrapped inside the box, which grows with them."""
    mm = layout.mm
    y = p.top - mm(40)
    p.text(p.w / 2, y, layout.unconvertible_heading, "title", layout.heading_pt, "centre")
    y -= mm(18)
    size = layout.table_pt
    lost = info.get("reason_key") == "original_missing"
    kept = ("已缺失（SHA-256：" if lost else "保存在本档案库中（SHA-256：") + \
        info["sha256"][:16] + "…）"
    label_x, value_x = p.left + mm(10), p.left + mm(32)
    box_left, box_right = p.left + mm(5), p.right - mm(5)
    value_width = box_right - mm(5) - value_x
    fields = [(label, p.fonts.wrap(value, "body", size, value_width)) for label, value in (
        ("题名", info["title"]), ("文号", info["doc_number"] or "（无）"),
        ("文件名", info["file"]), ("原因", placeholder_reason(info.get("reason_key"))),
        ("原件", kept))]
    leading = size * 1.5
    height = sum(len(lines) * leading + size * 0.6 for _, lines in fields) + mm(8)
    p.c.setLineWidth(0.8)
    p.c.rect(box_left, y - height + mm(8), box_right - box_left, height)
    for label, lines in fields:
        p.text(label_x, y, f"{label}：", "title", size)
        for line in lines:
            p.text(value_x, y, line, "body", size)
            y -= leading
        y -= size * 0.6


# ---------------------------------------------------------------------------- batch print aids
def render_table_pdf(title: str, subtitle: str, header: list[str], rows: list[list[str]],
                     widths_mm: list[float], fonts: FontSet, layout: LayoutSettings,
                     creator: str, date: str = "") -> bytes:
    """A ruled table over A4 landscape pages: the title (wrapped) and header repeated on every
    page, rows never split, "第 N 页 共 M 页" below. ``date`` (YYYYMMDD), when given, is the
    PDF's creation date; otherwise the invariant one, so the bytes never hold the clock."""
    buffer = io.BytesIO()
    size = (layout.page_size[1], layout.page_size[0])
    canvas = Canvas(buffer, pagesize=size, invariant=1, pageCompression=1,
                    initialFontName=BUNDLED_NAME)
    canvas.setTitle(title)
    canvas.setCreator(creator)
    if date:
        canvas.setDateFormatter(lambda *_: f"D:{date}000000+08'00'")
    p = _Page(canvas, fonts, layout, size)
    mm = layout.mm
    fixed = sum(mm(w) for w in widths_mm if w)
    flex = max(mm(20), (p.right - p.left) - fixed) / max(1, widths_mm.count(0))
    widths = [mm(w) if w else flex for w in widths_mm]
    tsize = layout.table_tight_pt
    pad = mm(layout.contents_cell_pad_mm)
    lead = tsize * 1.3

    def head():
        y = p.centred_lines(p.top - layout.heading_pt, title, "title", layout.heading_pt)
        if subtitle:
            p.text(p.left, y, subtitle, "body", layout.small_pt)
            y -= mm(4)
        return row(header_row, y, "title")

    def layout_row(values, role):
        cells = [fonts.wrap(str(v), role, tsize, widths[c] - 2 * pad)
                 for c, v in enumerate(values)]
        return cells, max(mm(8), max(len(c) for c in cells) * lead + 2 * pad)

    def row(laid_out, y, role="table"):
        cells, height = laid_out
        x = p.left
        canvas.setLineWidth(0.5)
        for c, lines in enumerate(cells):
            canvas.rect(x, y - height, widths[c], height)
            ty = y - pad - tsize
            for line in lines:
                p.text(x + pad, ty, line, role, tsize)
                ty -= lead
            x += widths[c]
        return y - height

    # paginate first: the footer names the number of pages
    header_row = layout_row(header, "title")
    title_lines = fonts.wrap(title, "title", layout.heading_pt, p.right - p.left, words=True)
    top_of_rows = (p.top - layout.heading_pt - len(title_lines) * layout.heading_pt * 1.45
                   - (mm(4) if subtitle else 0) - header_row[1])
    pages: list[list] = [[]]
    y = top_of_rows
    for values in rows:
        laid_out = layout_row(values, "table")
        if pages[-1] and y - laid_out[1] < p.bottom + mm(6):
            pages.append([])
            y = top_of_rows
        pages[-1].append(laid_out)
        y -= laid_out[1]
    for number, page in enumerate(pages, 1):
        y = head()
        for laid_out in page:
            y = row(laid_out, y)
        p.text(p.w / 2, p.bottom - mm(2), f"第 {number} 页 共 {len(pages)} 页", "body", 9,
               "centre")
        canvas.showPage()
    canvas.save()
    return buffer.getvalue()


def render_spines(volumes: list[dict], fonts: FontSet, layout: LayoutSettings,
                  creator: str) -> bytes:
    """Spine labels (脊背): one strip per volume, several per A4 landscape sheet, cut marks;
    one section per binder width, with one type size for every strip of a width."""
    buffer = io.BytesIO()
    size = (layout.page_size[1], layout.page_size[0])
    canvas = Canvas(buffer, pagesize=size, invariant=1, pageCompression=1,
                    initialFontName=BUNDLED_NAME)
    canvas.setTitle("脊背标签")
    canvas.setCreator(creator)
    mm = layout.mm
    height = min(mm(layout.spine_height_mm), size[1] - mm(20))
    for width_mm in layout.spine_widths_mm:
        width = mm(width_mm)
        sizes = _spine_sizes(volumes, fonts, layout, width, height)
        per_sheet = max(1, int((size[0] - mm(20)) // width))
        for start in range(0, max(1, len(volumes)), per_sheet):
            chunk = volumes[start:start + per_sheet]
            x0 = (size[0] - len(chunk) * width) / 2
            y0 = (size[1] - height) / 2
            fonts.draw(canvas, mm(10), mm(4), f"脊背标签　宽 {width_mm} mm（沿虚线裁下）",
                       "body", 8)
            for n, vol in enumerate(chunk):
                x = x0 + n * width
                canvas.setLineWidth(0.3)
                canvas.setDash(2, 2)
                canvas.rect(x, y0, width, height)
                canvas.setDash()
                for cx in (x, x + width):  # cut marks outside the strip
                    canvas.line(cx, y0 + height + mm(2), cx, y0 + height + mm(6))
                    canvas.line(cx, y0 - mm(2), cx, y0 - mm(6))
                _spine(canvas, fonts, layout, vol, x, y0, width, height, sizes)
            canvas.showPage()
    canvas.save()
    return buffer.getvalue()


SPINE_SMALL_MAX_PT = 9.0
SPINE_SMALL_MIN_PT = 6.0
SPINE_TITLE_MAX_PT = 18.0


def _code_lines(code: str, fonts: FontSet, size: float, room: float) -> list[str]:
    """The 档号 on one line, or broken after its last hyphen when the strip is narrow."""
    if fonts.width(code, "title", size) <= room or "-" not in code:
        return [code]
    head, tail = code.rsplit("-", 1)
    return [head + "-", tail]


def _title_columns(title: str, columns: int) -> list[str]:
    """The title's characters in ``columns`` vertical columns (read right to left); no
    column starts with closing punctuation."""
    from .fonts import NO_LINE_START

    chars = [c for c in title if not c.isspace()]
    per = max(1, -(-len(chars) // columns))
    out, current = [], []
    for char in chars:
        if len(current) >= per and char not in NO_LINE_START:
            out.append("".join(current))
            current = []
        current.append(char)
    out.append("".join(current))
    return out


def _spine_sizes(volumes, fonts, layout, width, height) -> dict:
    """One size for the small lines (档号 readable whole on this width: broken after its last
    hyphen at worst) and one for the titles (the largest every title fits in) of a width."""
    mm = layout.mm
    room = width - mm(3)
    codes = [v["archive_code"] for v in volumes] or [""]
    small = SPINE_SMALL_MAX_PT
    while small > SPINE_SMALL_MIN_PT and any(
            fonts.width(line, "title", small) > room
            for code in codes for line in _code_lines(code, fonts, small, room)):
        small -= 0.5
    top_block = mm(8) + (max(len(_code_lines(c, fonts, small, room)) for c in codes) + 2) \
        * small * 1.3 + 3 * mm(2)
    title_room = height - top_block - mm(22)
    title = SPINE_TITLE_MAX_PT
    columns_of = {}
    for vol in volumes:
        count = len([c for c in vol["title"] if not c.isspace()])
        best = (0.0, 1)
        for columns in (1, 2, 3):  # the largest type that fits, in up to three columns
            rows = max(1, -(-count // columns)) + 1  # +1: room for a moved punctuation mark
            fit = min(SPINE_TITLE_MAX_PT, room / (columns * 1.12), title_room / (rows * 1.1))
            if fit > best[0] + 0.5:
                best = (fit, columns)
        title = min(title, best[0])
    for vol in volumes:  # with the common size, the fewest columns that hold the title
        count = len([c for c in vol["title"] if not c.isspace()])
        rows = max(1, int(title_room // (title * 1.1)) - 1)
        columns_of[vol["archive_code"]] = max(1, -(-count // rows))
    return {"small": small, "title": title, "columns": columns_of}


def _spine(canvas, fonts, layout, vol, x, y0, width, height, sizes) -> None:
    mm = layout.mm
    cx = x + width / 2
    small = sizes["small"]
    y = y0 + height - mm(8)
    lines = [_code_lines(vol["archive_code"], fonts, small, width - mm(3)),
             [vol["year"]], [vol["retention"]]]
    for group in lines:
        for piece in group:
            fonts.draw(canvas, cx, y, piece, "title" if group is lines[0] else "body", small,
                       "centre")
            y -= small * 1.3
        y -= mm(2)
    canvas.line(x + mm(2), y + mm(1), x + width - mm(2), y + mm(1))
    size = sizes["title"]
    columns = _title_columns(vol["title"], sizes["columns"].get(vol["archive_code"], 1))
    ty = y - size * 1.1
    for col, text in enumerate(columns):
        colx = cx + ((len(columns) - 1) / 2 - col) * size * 1.12  # vertical: right to left
        yy = ty
        for ch in text:
            fonts.draw(canvas, colx, yy, ch, "title", size, "centre")
            yy -= size * 1.1
    canvas.line(x + mm(2), y0 + mm(18), x + width - mm(2), y0 + mm(18))
    fonts.draw(canvas, cx, y0 + mm(10), vol["volume_no"], "body", small, "centre")
