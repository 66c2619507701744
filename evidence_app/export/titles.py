"""The title a volume shows for a document, and a photo's caption.

What import stored is not always a title: a spreadsheet's first text is its header row
("序号单位月份受理数（件）…"), and a photo or scan without text is named after its file,
which a camera or scanner named ("IMG 169379", "扫描件 2021-03-01 10.23"). A volume shows:

- the title the archivist typed (or one taken from outside the document's text) in [ ];
- a spreadsheet's file name as its title when that name is a real title;
- for a machine-made file name, what is known instead: 照片 / 扫描件 and its date;
- any other title as it is.

Photo captions say 时间/地点/人物/主题 as far as they are known: the date (EXIF, for photos),
the document's note (where staff record place and people) and the title as the subject.
"""

from __future__ import annotations

import re
from pathlib import PurePath

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
_KIND_WORD = {"image": "照片"}


def _compact(text: str) -> str:
    return "".join(text.split()).lower()


def name_title(original_name: str) -> str:
    """The title a file name gives ("湘潭市统计表 - 副本 (2).xlsx" -> "湘潭市统计表")."""
    stem = PurePath(original_name or "").stem.replace("_", " ").strip()
    return _COPY_SUFFIX.sub("", stem).strip()


def machine_named(original_name: str) -> bool:
    """Whether a camera, phone or scanner made up the file name."""
    return bool(_MACHINE.match(name_title(original_name)))


def _date_cn(yyyymmdd: str | None) -> str:
    if not yyyymmdd or len(yyyymmdd) != 8 or not yyyymmdd.isdigit():
        return ""
    return f"{yyyymmdd[:4]}年{int(yyyymmdd[4:6])}月{int(yyyymmdd[6:8])}日"


def shown_title(title: str, supplied: bool, original_name: str, kind: str,
                date: str | None) -> tuple[str, bool]:
    """(title to show, whether it is shown in brackets as one the archivist supplied)."""
    from_name = _compact(title) in (_compact(PurePath(original_name or "").stem),
                                    _compact(name_title(original_name)))
    if from_name and machine_named(original_name):
        word = _KIND_WORD.get(kind, "扫描件" if kind == "pdf" else "文件材料")
        when = _date_cn(date)
        return (f"{word}（{when}）" if when else word), False
    if from_name:
        return name_title(original_name) or title, False
    if kind in ("xlsx", "xls") and not supplied and not machine_named(original_name) \
            and name_title(original_name):
        return name_title(original_name), False  # the first row is a header, not a title
    return title, supplied


def photo_caption(title: str, supplied: bool, original_name: str, date: str | None,
                  note: str | None) -> str:
    """时间/地点/人物/主题 as far as known; the note is where staff record place and people."""
    parts = []
    when = _date_cn(date)
    if when:
        parts.append(f"时间：{when}")
    if note and note.strip():
        parts.append(note.strip())
    shown, _ = shown_title(title, supplied, original_name, "image", None)
    if shown != "照片":
        parts.insert(0, f"主题：{shown}")
    return "　".join(parts) or "照片"
