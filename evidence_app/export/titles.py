"""The title a volume shows for a document, and a photo's caption.

Import now gives real titles (intake/docmeta.py: a sheet's title line, never its header row;
for a camera's or scanner's file name, the folder, 照片/扫描件 and the date), but archives
imported before hold a spreadsheet's header row ("序号单位月份受理数（件）…") or the file name a
camera or scanner made ("IMG 169379", "扫描件 2021-03-01 10.23"). A volume shows:

- the title the archivist typed in [ ];
- a spreadsheet's file name as its title when what it has is its header row;
- for a machine-made file name, what is known instead: 照片 / 扫描件 and its date;
- any other title as it is.

Photo captions say 时间/地点/人物/主题 as far as they are known: the date (EXIF, for photos),
the document's note (where staff record place and people) and the title as the subject.
"""

from __future__ import annotations

from pathlib import PurePath

from ..intake import date_in_words, looks_like_header, machine_named, made_up_title, name_title


def _compact(text: str) -> str:
    return "".join(text.split()).lower()


def shown_title(title: str, supplied: bool, original_name: str, kind: str,
                date: str | None) -> tuple[str, bool]:
    """(title to show, whether it is shown in brackets as one the archivist supplied)."""
    from_name = _compact(title) in (_compact(PurePath(original_name or "").stem),
                                    _compact(name_title(original_name)))
    if from_name and machine_named(original_name):
        return made_up_title([], kind, date), False
    if from_name:
        return name_title(original_name) or title, False
    if kind in ("xlsx", "xls") and looks_like_header(title) \
            and not machine_named(original_name) and name_title(original_name):
        return name_title(original_name), False  # the first row is a header, not a title
    return title, supplied


def photo_caption(title: str, supplied: bool, original_name: str, date: str | None,
                  note: str | None) -> str:
    """时间/地点/人物/主题 as far as known; the note is where staff record place and people."""
    parts = []
    when = date_in_words(date)
    shown, _ = shown_title(title, supplied, original_name, "image", None)
    if when and when not in shown:
        parts.append(f"时间：{when}")
    if note and note.strip():
        parts.append(note.strip())
    if shown != "照片":
        parts.insert(0, f"主题：{shown}")
    return "　".join(parts) or "照片"
