"""How the archive stores a 文号, a date and a list of codes, from whatever people typed.

The catalogue, the document records and the recognisers of ``intake.docmeta`` all normalise
these values; the rules live here, in the archive's own layer, so the archive never reaches up
into intake for them. Pure functions over strings, standard library only; each returns a value
or ``None`` (an empty list for codes) and never raises on odd input.

- 文号: 机关代字〔YYYY〕N号 — six-corner brackets U+3014/U+3015, the year in full, no 第, no
  zero padding. People type [], (), （）, 【】, ［］, ﹝﹞ and full-width digits.
- 成文日期: 'YYYYMMDD'; older papers write dates in Chinese numerals.
- Codes: "3.2.1、3.2.2,1.1；4" is four codes.
"""

from __future__ import annotations

import datetime as _dt
import re

__all__ = ["fold_width", "normalize_doc_number", "canonical_doc_number", "DOC_NUMBER_CORE",
           "parse_date", "date_from_match", "DATE_PATTERNS", "split_codes"]

# Full-width ASCII (U+FF01..U+FF5E) and the ideographic space folded to ASCII, one character
# for one character, so positions found in the folded text are positions in the original.
_WIDTH = {cp: cp - 0xFEE0 for cp in range(0xFF01, 0xFF5F)}
_WIDTH[0x3000] = 0x20
_WIDTH[0x00A0] = 0x20


def fold_width(text: str) -> str:
    """Full-width ASCII and wide spaces as ASCII, keeping every position where it was."""
    return text.translate(_WIDTH)


# 文号

_OPEN = "〔\\[(【﹝〖"
_CLOSE = "〕\\])】﹞〗"
DOC_NUMBER_CORE = (
    rf"[{_OPEN}]\s*((?:19|20)[0-9]{{2}})\s*[{_CLOSE}]\s*第?\s*([0-9]{{1,5}})\s*号"
)
_DOC_NO_FULL = re.compile(rf"\s*([\u4e00-\u9fa5]{{1,12}})\s*{DOC_NUMBER_CORE}\s*")


def canonical_doc_number(agency: str, year: str, number: str) -> str | None:
    """The stored form of a 文号 from its parts; None for number 0, which no office issues."""
    n = int(number)
    if n == 0:
        return None
    return f"{agency}〔{year}〕{n}号"


def normalize_doc_number(s: str) -> str | None:
    """Return the canonical form of a 文号 typed in any bracket style, or ``None``.

    The whole string must be one 文号 (surrounding whitespace allowed):
    ``"潭政办发[2021]012号"`` -> ``"潭政办发〔2021〕12号"``; ``"潭政办发（２０２１）第12号"`` likewise.
    ``evidence_app.intake.docmeta.find_doc_number`` looks for one inside longer text.
    """
    if not isinstance(s, str):
        return None
    m = _DOC_NO_FULL.fullmatch(fold_width(s))
    if not m:
        return None
    return canonical_doc_number(m.group(1), m.group(2), m.group(3))


# 成文日期

_CN_YEAR_DIGITS = {"〇": 0, "零": 0, "○": 0, "O": 0, "o": 0, "0": 0, "一": 1, "二": 2, "三": 3,
                   "四": 4, "五": 5, "六": 6, "七": 7, "八": 8, "九": 9}
_CN_DIGITS = {"一": 1, "二": 2, "三": 3, "四": 4, "五": 5, "六": 6, "七": 7, "八": 8, "九": 9}
_CN_YEAR_CLASS = "〇零○Oo0一二三四五六七八九"
_CN_NUM_CLASS = "〇零一二三四五六七八九十"

DATE_PATTERNS: list[tuple[str, re.Pattern[str]]] = [
    ("ymd", re.compile(r"(?<![0-9])([0-9]{4})\s*年\s*([0-9]{1,2})\s*月\s*([0-9]{1,2})\s*[日号]")),
    ("cn", re.compile(rf"(?<![{_CN_YEAR_CLASS}])([{_CN_YEAR_CLASS}]{{4}})\s*年\s*"
                      rf"([{_CN_NUM_CLASS}]{{1,3}})\s*月\s*([{_CN_NUM_CLASS}]{{1,4}})\s*[日号]")),
    ("sep", re.compile(r"(?<![0-9.])([0-9]{4})([./\-])([0-9]{1,2})\2([0-9]{1,2})(?![0-9])")),
    ("compact", re.compile(r"(?<![0-9])([0-9]{4})([0-9]{2})([0-9]{2})(?![0-9])")),
]


def _cn_small(s: str) -> int | None:
    """Chinese numeral 1..39 as written in months and days (十二, 二十一, 三十, 三十一, 〇三)."""
    s = s.replace("零", "〇")
    if "十" in s:
        head, _, tail = s.partition("十")
        if "十" in tail:
            return None
        if head == "":
            tens = 1
        elif head in _CN_DIGITS:
            tens = _CN_DIGITS[head]
        else:
            return None
        if tail == "":
            ones = 0
        elif tail in _CN_DIGITS:
            ones = _CN_DIGITS[tail]
        else:
            return None
        return tens * 10 + ones
    s = s.lstrip("〇")
    if len(s) == 1 and s in _CN_DIGITS:
        return _CN_DIGITS[s]
    return None


def _valid(y: int, m: int, d: int) -> str | None:
    if not 1900 <= y <= 2100:
        return None
    try:
        _dt.date(y, m, d)
    except ValueError:
        return None
    return f"{y:04d}{m:02d}{d:02d}"


def date_from_match(kind: str, m: re.Match[str]) -> str | None:
    """'YYYYMMDD' from a match of the ``DATE_PATTERNS`` entry ``kind``; None if no such day."""
    if kind == "ymd":
        return _valid(int(m.group(1)), int(m.group(2)), int(m.group(3)))
    if kind == "cn":
        year = 0
        for ch in m.group(1):
            year = year * 10 + _CN_YEAR_DIGITS[ch]
        month, day = _cn_small(m.group(2)), _cn_small(m.group(3))
        if month is None or day is None:
            return None
        return _valid(year, month, day)
    if kind == "sep":
        return _valid(int(m.group(1)), int(m.group(3)), int(m.group(4)))
    return _valid(int(m.group(1)), int(m.group(2)), int(m.group(3)))


def parse_date(s: str) -> str | None:
    """Parse one written date into ``'YYYYMMDD'``; ``None`` if it is not exactly one valid date.

    Accepts 2021年3月12日, 2021.03.12, 2021-3-12, 2021/3/12, 20210312, 二〇二一年三月十二日 and
    二零二一年十二月二十一日, with full-width digits and spaces. The calendar date is checked
    (2021-02-29 is rejected); years outside 1900..2100 are rejected.
    """
    if not isinstance(s, str):
        return None
    folded = fold_width(s).strip()
    for kind, pattern in DATE_PATTERNS:
        m = pattern.fullmatch(folded)
        if m:
            return date_from_match(kind, m)
    return None


# Requirement codes

_CODE_SPLIT = re.compile(r"[、,;\s]+")


def split_codes(s: str) -> list[str]:
    """Split a list of codes as people type it.

    "3.2.1、3.2.2,1.1；4" -> ['3.2.1', '3.2.2', '1.1', '4'].
    """
    if not isinstance(s, str):
        return []
    codes = []
    for part in _CODE_SPLIT.split(fold_width(s).replace("，", ",").replace("；", ";")):
        part = part.strip().strip(".。")
        if part:
            codes.append(part)
    return codes
