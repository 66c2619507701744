"""Recognise a document's metadata in its text or file name: 文号, 成文日期, 密级, title, codes.

Pure functions over strings, standard library only. Every function accepts any string and
returns a value or ``None``; none of them raises on odd input, because they run on whatever
text a scanned or badly converted file yields.

How a 文号, a date and a list of codes are stored (and normalised from what people type) is
the archive's rule, in ``archive/values.py`` (conventions: docs/CATALOGUE.md); this module
finds them in running text.
密级 is one of 绝密 / 机密 / 秘密.
"""

from __future__ import annotations

import re
from pathlib import PurePath, PurePosixPath

from ..archive import (DATE_PATTERNS, DOC_NUMBER_CORE, canonical_doc_number,
                              date_from_match, fold_width, normalize_doc_number, parse_date,
                              split_codes)

__all__ = [
    "normalize_doc_number",
    "find_doc_number",
    "parse_date",
    "find_date",
    "find_classification",
    "guess_title",
    "workbook_title",
    "name_title",
    "machine_named",
    "machine_made",
    "looks_like_header",
    "made_up_title",
    "date_in_words",
    "split_codes",
    "requirement_codes_in_path",
    "fields_from_text",
]

# --------------------------------------------------------------------------------------------
# 文号
# --------------------------------------------------------------------------------------------

_DOC_NO_CORE_FIND = re.compile(DOC_NUMBER_CORE)

# Words that can precede an agency code in running text but never belong to one: the code is
# whatever follows the last of them ("现将潭政办发〔2021〕12号" -> 潭政办发).
_AGENCY_STOP = re.compile(
    r".*(?:根据|按照|依据|依照|参照|现将|关于|通知|意见|印发|转发|文件|要求|精神|规定|请示|报告"
    r"|[的和及与是为在对以将见附据照按即由])"
)


def _iter_doc_numbers(text: str):
    """Yield ``(start, end, canonical)`` for every 文号 in ``text`` (already folded)."""
    # Find the bracketed year and number first, then walk back over the agency code (up to
    # 12 CJK characters): linear in the text, where a leading [\u4e00-\u9fa5]{1,12} would be
    # tried at every character of a long Chinese text.
    for m in _DOC_NO_CORE_FIND.finditer(text):
        end = m.start()
        while end > 0 and m.start() - end < 8 and text[end - 1].isspace():
            end -= 1
        start = end
        while start > 0 and end - start < 12 and "\u4e00" <= text[start - 1] <= "\u9fa5":
            start -= 1
        agency = text[start:end]
        stop = _AGENCY_STOP.match(agency)
        if stop:
            start += stop.end()
            agency = agency[stop.end():]
        if not agency:
            continue
        canonical = canonical_doc_number(agency, m.group(1), m.group(2))
        if canonical:
            yield start, m.end(), canonical


def find_doc_number(text: str) -> str | None:
    """Return the first 文号 found in a text or file name, canonical, or ``None``."""
    if not isinstance(text, str):
        return None
    for _start, _end, canonical in _iter_doc_numbers(fold_width(text)):
        return canonical
    return None


# --------------------------------------------------------------------------------------------
# 成文日期
# --------------------------------------------------------------------------------------------


def _iter_dates(text: str):
    """Yield ``(start, end, 'YYYYMMDD')`` for every valid full date in folded ``text``, in order."""
    found: list[tuple[int, int, str]] = []
    for kind, pattern in DATE_PATTERNS:
        for m in pattern.finditer(text):
            value = date_from_match(kind, m)
            if value:
                found.append((m.start(), m.end(), value))
    found.sort()
    last_end = -1
    for start, end, value in found:
        if start >= last_end:  # overlapping matches: keep the first
            yield start, end, value
            last_end = end


_FIRST_PAGE_CHARS = 3000
_DATE_LABEL = re.compile(r"(?:填报|报送|成文|制表|填表|统计)日期\s*[:：]?\s*$")


def _labelled(folded: str, dates) -> str | None:
    for start, _end, value in dates:
        if _DATE_LABEL.search(folded, folded.rfind("\n", 0, start) + 1, start):
            return value
    return None


def find_labelled_date(text: str) -> str | None:
    """Only a date the text labels as its own ("填报日期：2022年5月24日"), or ``None``.

    For tables (台账, 统计表), whose other dates are those of the rows' events.
    """
    if not isinstance(text, str):
        return None
    folded = fold_width(text)
    return _labelled(folded, [d for d in _iter_dates(folded) if d[0] < _FIRST_PAGE_CHARS])


def find_date(text: str) -> str | None:
    """Return the most likely 成文日期 in a document's text (or a file name), or ``None``.

    A 公文 ends its first page (or its text) with the signing date, often on a line of its own;
    dates earlier in the body are meeting dates, deadlines and references. So within the first
    ~3000 characters: a date labelled as the paper's own ("填报日期：…", the way 台账 and
    forms state it above rows of event dates), else the last date standing alone on its line,
    else the last date; beyond that, the first date of the text. Only full dates count —
    "2021年5月" alone gives ``None``.
    """
    if not isinstance(text, str):
        return None
    folded = fold_width(text)
    dates = list(_iter_dates(folded))
    if not dates:
        return None
    head = [d for d in dates if d[0] < _FIRST_PAGE_CHARS]
    if not head:
        return dates[0][2]
    labelled = _labelled(folded, head)
    if labelled:
        return labelled
    alone = []
    for start, end, value in head:
        line_start = folded.rfind("\n", 0, start) + 1
        line_end = folded.find("\n", end)
        line_end = len(folded) if line_end < 0 else line_end
        if not folded[line_start:start].strip() and not folded[end:line_end].strip():
            alone.append(value)
    return alone[-1] if alone else head[-1][2]


# --------------------------------------------------------------------------------------------
# 密级
# --------------------------------------------------------------------------------------------

_HEADER_CHARS = 200
_LEVEL = r"(绝\s?密|机\s?密|秘\s?密)"
# "秘密★1年", "机密★长期": with the star it is a marking wherever a line (or a 份号) puts it.
_CLASS_STAR = re.compile(rf"(?:^|(?<=[\s0-9]))\s*{_LEVEL}\s*[★☆*]", re.M)
# Without the star the marking must stand alone on its line (份号 before, 紧急程度 after).
_CLASS_LINE = re.compile(
    rf"^[ \t]*(?:[0-9]{{1,8}}[ \t]+)?{_LEVEL}[ \t]*(?:特急|加急|特提|平急)?[ \t]*$", re.M)


def find_classification(text: str) -> str | None:
    """Return the 密级 (绝密 / 机密 / 秘密) a document declares at its top, or ``None``.

    Only the header area (first ~200 characters) is read, and only a marking as GB/T 9704
    prints it: "秘密★1年" (with a star) or the level alone on its line. "做好保守秘密工作" in a
    sentence never counts.
    """
    if not isinstance(text, str):
        return None
    head = fold_width(text[:_HEADER_CHARS]).replace("\r", "\n")
    m = _CLASS_STAR.search(head) or _CLASS_LINE.search(head)
    if not m:
        return None
    return re.sub(r"\s", "", m.group(1))


# --------------------------------------------------------------------------------------------
# Title
# --------------------------------------------------------------------------------------------

_DOC_KINDS = (
    "通知|通报|意见|决定|决议|办法|方案|规定|报告|请示|批复|函|纪要|公告|通告|命令|议案|规划|细则"
    "|制度|规则|计划|总结|条例|守则|指引|指南|说明|公报|答复|要点|标准|章程|清单|名单|预案|机制|规范"
)
_TITLE_END = re.compile(rf"(?:{_DOC_KINDS})(?:\s*[(（][^()（）]{{1,12}}[)）])?[》」\"”]?$")
_CJK_GAP = re.compile(r"(?<=[\u4e00-\u9fff《》（）])[ \t]+(?=[\u4e00-\u9fff《》（）])")
_SECTION_HEADING = re.compile(r"^(?:[一二三四五六七八九十]+[、.]|[(（][一二三四五六七八九十0-9]+[)）]"
                              r"|第[一二三四五六七八九十]+[章条节])")
_MARKINGS = re.compile(r"^(?:[0-9]{1,8}\s*)?(?:(?:绝密|机密|秘密)\s*[★☆*]?.*|特急|加急|特提|平急"
                       r"|内部资料.*|内部|[-—–\s0-9]+)$")


def _title_lines(text: str, limit: int = 40) -> list[str]:
    lines = []
    for raw in text.replace("\r", "\n").split("\n"):
        line = _CJK_GAP.sub("", raw.strip())
        if line:
            lines.append(line)
        if len(lines) >= limit:
            break
    return lines


def _is_body_line(line: str) -> bool:
    return "。" in line or "\t" in line or len(line) > 60


def _official_title(lines: list[str]) -> str | None:
    """The "关于…的通知" title of a 公文, joining a title wrapped over up to three lines."""
    for i, line in enumerate(lines):
        pos = line.find("关于")
        if pos < 0 or pos > 30 or _is_body_line(line):
            continue
        if (line.startswith(("根据", "按照", "依据", "依照", "《", "经", "现将", "为"))
                or "，" in line[:pos] or "," in line[:pos]):
            continue
        title = line
        for nxt in lines[i + 1:i + 4]:
            if _TITLE_END.search(title):
                break
            if (nxt.endswith((":", "：")) or _is_body_line(nxt) or find_doc_number(nxt)
                    or parse_date(nxt) or len(title) + len(nxt) > 100):
                break
            title += nxt
        if _TITLE_END.search(title) and len(title) <= 100:
            return title
    return None


def _heading(lines: list[str]) -> str | None:
    """The first line that reads like a heading (not a banner, 文号, date, marking or body text)."""
    for index, line in enumerate(lines[:15]):
        cjk = sum(1 for ch in line if "\u4e00" <= ch <= "\u9fff")
        if cjk < 4 and len(line) < 8:
            continue
        if (_is_body_line(line) or line.endswith(("文件", ":", "：", "，", ","))
                or _MARKINGS.match(line) or _SECTION_HEADING.match(line)
                or parse_date(line) or normalize_doc_number(line)):
            continue
        if find_doc_number(line) and len(line) < 25:
            continue
        if not any(ch.isalpha() for ch in line):
            continue
        return _join_wrapped(line, lines[index + 1:])
    return None


# A centred title longer than the line wraps: the first line is long, the rest is a short
# fragment ("划（试行）", "社会治理工作规程") with no sentence punctuation, unlike the body.
_WRAPPED_TITLE_MIN = 16
_CONTINUATION_MAX = 20


def _join_wrapped(title: str, following: list[str]) -> str:
    for nxt in following[:2]:
        # a short line that only completes the title's ending ("…工作要" + "点") is joined
        # whatever the title's length
        completes = not _TITLE_END.search(title) and _TITLE_END.search(title + nxt)
        if ((len(title) < _WRAPPED_TITLE_MIN and not completes) or len(nxt) > _CONTINUATION_MAX
                or any(mark in nxt for mark in "，,。；;：:") or _is_body_line(nxt)
                or find_doc_number(nxt) or parse_date(nxt) or _MARKINGS.match(nxt)):
            break
        title += nxt
    return title


_LEADING_NUMBER = re.compile(
    r"^(?:(?!(?:19|20)[0-9]{2}(?![0-9.\-_]))[0-9]{1,4}(?:[.\-_][0-9]{1,4})*(?![0-9年月日号万元个次期届])"
    r"|[一二三四五六七八九十]+(?=[、.])"
    r"|[(（\[【][一二三四五六七八九十0-9]{1,3}[)）\]】])"
    r"[\s、.\-_)）:：]*"
)
_EMPTY_BRACKETS = re.compile(r"[(（\[【〔]\s*[)）\]】〕]")
_EXTENSION = re.compile(r"\.[A-Za-z0-9]{1,5}$")


def _clean_file_name(file_name: str, extension: bool = True) -> str:
    name = str(file_name).replace("\\", "/").rsplit("/", 1)[-1]
    stem = _EXTENSION.sub("", name) if extension and not name.startswith(".") else name
    folded = fold_width(stem)  # one character for one: spans found here cut the original
    spans = ([(s, e) for s, e, _ in _iter_doc_numbers(folded)]
             + [(s, e) for s, e, _ in _iter_dates(folded)])
    merged: list[list[int]] = []
    for start, end in sorted(spans):
        if merged and start <= merged[-1][1]:
            merged[-1][1] = max(merged[-1][1], end)
        else:
            merged.append([start, end])
    text = stem
    for start, end in reversed(merged):
        text = text[:start] + " " + text[end:]
    text = _EMPTY_BRACKETS.sub(" ", text)
    text = _COPY_SUFFIX.sub("", text.replace("_", " ").replace("＿", " "))
    text = re.sub(r"\s+", " ", text).strip(" -—.、，,;；:：－")
    m = _LEADING_NUMBER.match(fold_width(text))
    if m:
        text = text[m.end():].strip(" -—.、，,;；:：－")
    return text or stem.strip() or name


def guess_title(first_page_text: str, file_name: str) -> str:
    """Best title for a document from its first page, else from its file name.

    For a 公文 the "关于…的通知/意见/办法…" line (joined when it wraps); otherwise the first line
    that reads like a heading; otherwise the file name without extension, 文号, dates and
    leading numbering ("01_潭政办发〔2021〕12号_关于…的通知.pdf" -> "关于…的通知").
    """
    text = first_page_text if isinstance(first_page_text, str) else ""
    lines = _title_lines(text)
    title = _official_title(lines) or _heading(lines)
    named = _clean_file_name(file_name if isinstance(file_name, str) else str(file_name))
    if title:
        return _completed_by_name(title, named)
    return named


def _completed_by_name(title: str, named: str) -> str:
    """A heading that stops short of a title's ending ("…工作的报") whose file name carries
    the whole title ("…工作的报告"): the wrapped rest of the title was lost from the page
    text (a reader can drop a line of one character), so the file name's title is taken."""
    if _TITLE_END.search(title) or not _TITLE_END.search(named) or len(named) > 100:
        return title
    if _CJK_GAP.sub("", fold_width(named)).startswith(fold_width(title)):
        return named
    return title


# --------------------------------------------------------------------------------------------
# Titles that are not on the page: spreadsheets, camera and scanner file names
# --------------------------------------------------------------------------------------------

# Words of a spreadsheet's header row; a "title" holding several is the header row's cells
# run together ("序号单位月份受理数（件）办结数（件）办结率").
_COLUMN_WORDS = ("序号", "编号", "单位", "姓名", "名称", "时间", "日期", "月份", "数量", "备注",
                 "合计", "类别", "地址", "电话", "职务", "性别", "年龄", "（件）", "（人）", "率")
_LABEL = re.compile(r"^[^：:]{1,8}[：:]")   # "填报单位：…", "制表人：…"


def looks_like_header(title: str) -> bool:
    """Whether a title is a spreadsheet's header row run together, not a title."""
    text = "".join(str(title or "").split())
    return text.startswith(("序号", "编号")) or sum(w in text for w in _COLUMN_WORDS) >= 3


def workbook_title(first_sheet_text: str) -> str | None:
    """The title line a sheet carries above its header row (one cell alone in the first row
    with text: "2021年矛盾纠纷排查化解台账"), or None: a header row is never a title.

    ``first_sheet_text`` is the sheet as extract reads it: one line per row, cells by tabs.
    """
    if not isinstance(first_sheet_text, str):
        return None
    for line in first_sheet_text.splitlines():
        cells = [cell.strip() for cell in line.split("\t") if cell.strip()]
        if not cells:
            continue
        title = _CJK_GAP.sub("", cells[0]) if len(cells) == 1 else ""
        if (not title or len(title) > 100 or not any(ch.isalpha() for ch in title)
                or looks_like_header(title) or _LABEL.match(title)):
            return None
        return title
    return None


# prefixes cameras, phones and scanner apps give files; with only digits, dates and
# separators after them the name says nothing about the document
_MACHINE_PREFIXES = ("IMG", "DSC", "DSCN", "DSCF", "PXL", "MVIMG", "P", "Photo", "Image",
                     "Screenshot", "Scan", "Scanned", "CamScanner", "mmexport", "wx_camera",
                     "微信图片", "扫描件", "扫描全能王", "截图", "屏幕截图", "图片", "照片", "新建",
                     "未命名", "Document", "Doc", "文档", "文件", "副本")
_MACHINE = re.compile(
    r"^(?:(?:" + "|".join(re.escape(p) for p in _MACHINE_PREFIXES) + r")[\s_\-.]*)*"
    r"[\d\s_\-.:：年月日时分秒()（）]*$", re.IGNORECASE)
_COPY_SUFFIX = re.compile(r"(?:\s*[-_]?\s*(?:副本|复制|copy)|\s*[(（]\d{1,2}[)）])+$",
                          re.IGNORECASE)
# folders that say where a file was kept, not what it shows
_GENERIC_FOLDER = re.compile(r"^(?:DCIM|Camera|Pictures|Photos|Downloads|Desktop|桌面|下载"
                             r"|新建文件夹.*|\d{3}[A-Z_]{5}|WeChat.*|微信.*|Screenshots)$",
                             re.IGNORECASE)
_KIND_WORD = {"image": "照片", "pdf": "扫描件"}


def name_title(original_name: str) -> str:
    """The title a file name gives ("湘潭市统计表 - 副本 (2).xlsx" -> "湘潭市统计表")."""
    stem = PurePath(original_name or "").stem.replace("_", " ").strip()
    return _COPY_SUFFIX.sub("", stem).strip()


def machine_made(text: str) -> bool:
    """Whether a title is only what a camera or scanner named a file ("IMG 1234", "扫描件")."""
    return bool(_MACHINE.match(_COPY_SUFFIX.sub("", text.replace("_", " ").strip()).strip()))


def machine_named(original_name: str) -> bool:
    """Whether a camera, phone or scanner made up the file name (IMG_1234.jpg, DSC01234.JPG,
    微信图片_20230512101112.jpg, Scan0001.pdf, 扫描件 2021-03-01 10.23.pdf)."""
    return machine_made(name_title(original_name))


def date_in_words(yyyymmdd: str | None) -> str:
    """20230512 -> 2023年5月12日 ("" for anything else)."""
    if not yyyymmdd or len(yyyymmdd) != 8 or not yyyymmdd.isdigit():
        return ""
    return f"{yyyymmdd[:4]}年{int(yyyymmdd[4:6])}月{int(yyyymmdd[6:8])}日"


def made_up_title(folders: list[str], kind: str, date: str | None) -> str:
    """A title for a file whose name a camera or scanner made up: the nearest folder that
    names something ("2023年网格员培训"), what the file is (照片, 扫描件, 文件材料) and its date:
    "2023年网格员培训照片（2023年5月12日）"; without such a folder "照片（2023年5月12日）".

    ``folders``: the names of the folders it was imported from, nearest first.
    """
    word = _KIND_WORD.get(kind, "文件材料")
    subject = ""
    for folder in folders:
        name = _clean_file_name(str(folder or ""), extension=False)
        if (name and not machine_made(name) and not _GENERIC_FOLDER.match(str(folder))
                and any(ch.isalpha() for ch in name)):
            subject = name
            break
    title = subject if subject.endswith(word) else subject + word
    when = date_in_words(date)
    return f"{title}（{when}）" if when else title


# --------------------------------------------------------------------------------------------
# Requirement codes
# --------------------------------------------------------------------------------------------


_FOLDER_CODE = re.compile(
    # 3 / 3.2 / 3.2.1 (no leading zero, each part up to 3 digits, so years like 2021 never match)
    r"^\s*((?:[1-9][0-9]{0,2})(?:\.[0-9]{1,3})*)\.?(?![0-9]|\.[0-9]|[年月日号万元个次期届份])"
    # or a letter-prefixed code: JZ-001, ZD-3.2
    r"|^\s*([A-Za-z]{1,6}-[0-9]{1,5}(?:[.\-][0-9]{1,5})*)(?![0-9A-Za-z])"
)


def requirement_codes_in_path(rel_path: str) -> list[str]:
    """Codes carried by the folder names of a relative path, outermost first, without repeats.

    "3 五治/3.2 法治保障/3.2.1矛盾纠纷/会议纪要.pdf" -> ['3', '3.2', '3.2.1']. The last component is
    the file's own name and is ignored unless the path ends with a separator. Years
    ("2021年…", "2021") and numbers with units ("12月") are not codes; neither is "01 …"
    (a sorting prefix, not a code).
    """
    if not isinstance(rel_path, str):
        return []
    path = fold_width(rel_path).replace("\\", "/")
    parts = [p for p in PurePosixPath(path).parts if p not in ("/", ".", "..")]
    if parts and not path.endswith("/"):
        parts = parts[:-1]
    codes: list[str] = []
    for part in parts:
        m = _FOLDER_CODE.match(part)
        if not m:
            continue
        code = m.group(1) or m.group(2)
        if code and code not in codes:
            codes.append(code)
    return codes


# --------------------------------------------------------------------------------------------
# 责任者 (the issuing body)
# --------------------------------------------------------------------------------------------

_BANNER = re.compile(r"^(.{2,30}?)(?:文件|会议纪要|纪要|简报|通报|情况通报)$")
_ORGAN_END = ("委员会", "委", "局", "办公室", "办", "政府", "法院", "检察院", "院", "会", "中心",
              "小组", "组", "部", "厅", "所", "队", "站", "支队", "大队", "街道", "镇", "乡")


_NOT_ORGAN = re.compile(r"\d|第[一二三四五六七八九十百]+次")  # "2021年第7次…推进会" is a meeting


def _looks_like_organ(name: str) -> bool:
    return (2 <= len(name) <= 30 and name.endswith(_ORGAN_END)
            and not any(mark in name for mark in "，,。；;：:、")
            and not _NOT_ORGAN.search(name))


CLOSING_CHARS = 800


def closing_text(pages: list[str]) -> str:
    """The end of a document's last page, where a 公文 signs off (落款: issuer and 成文日期),
    or "" for a one-page document, whose first page already holds its end.

    Word files put the signature after the body, pages after the first page; without this
    their issuer and date were found only when the whole text fitted on one page.
    """
    return pages[-1][-CLOSING_CHARS:] if len(pages) > 1 else ""


def find_issuer(first_page_text: str) -> str | None:
    """The issuing body (责任者) of a 公文: from its red banner ("中共湘潭市委办公室文件",
    "…委员会会议纪要") or else from the signature line just above the 成文日期.

    Returns None when neither is there; the drafter's name is never taken for the issuer.
    """
    if not isinstance(first_page_text, str):
        return None
    lines = _title_lines(first_page_text)
    for line in lines[:3]:
        match = _BANNER.match(line)
        if match and _looks_like_organ(match.group(1)):
            return match.group(1)
    for before, line in zip(lines, lines[1:]):
        if parse_date(line) and _looks_like_organ(before):
            return before
    return None


# --------------------------------------------------------------------------------------------
# All of a document's fields from its text
# --------------------------------------------------------------------------------------------

DOC_NUMBER_HEAD = 600   # a 文号 stands at the head of a 公文; further on, numbers are cited ones


def fields_from_text(pages: list[str]) -> dict[str, str | None]:
    """The title, 文号, 责任者 and 成文日期 a document's own text shows (None where it shows
    none), as an import reads them from a text layer: used for text recognised by OCR later.
    The title is only one printed on the first page, never one made from a file name."""
    pages = [p if isinstance(p, str) else "" for p in pages] or [""]
    first, closing = pages[0], closing_text(pages)
    lines = _title_lines(first)
    return {"title": _official_title(lines) or _heading(lines),
            "doc_number": find_doc_number(first[:DOC_NUMBER_HEAD]),
            "issuer": find_issuer(first) or find_issuer(closing),
            "date": find_date(first) or find_date(closing)}
