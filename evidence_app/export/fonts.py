"""Fonts for generated pages: registration, glyph coverage, fallback and a report.

reportlab silently drops a character its font lacks, so nothing is drawn here without a
coverage check: every string is split into runs, each run in the first font (of its role's
chain) that has the glyphs. A character no font has is drawn as □ and reported, never lost
silently. Roles follow archival practice (docs/VOLUMES.md): titles in a heavy face (黑体), body
text and tables in a Song face (仿宋/宋体). On Windows the system 黑体/仿宋/宋体 are preferred
when present; everywhere else, and as fallbacks, two bundled faces with TrueType outlines
(reportlab embeds nothing else), Latin and digits included, so a machine without Chinese
fonts gives the same volumes: WenQuanYi Micro Hei (Apache-2.0) for titles, AR PL UMing CN
(Arphic Public License, ARPHICPL.TXT) for body and tables.
"""

from __future__ import annotations

import os
import sys
from contextlib import contextmanager
from dataclasses import dataclass, field
from importlib import resources
from pathlib import Path

from reportlab import rl_config
from reportlab.pdfbase import pdfmetrics
from reportlab.pdfbase.ttfonts import TTFont

# reportlab wraps every compressed stream in ASCII85 too, a 7-bit safety of mail transports:
# 25% larger, and encoding and decoding it again in the binder took 5% of a batch.
rl_config.useA85 = 0

BUNDLED_NAME = "EvWQYMicroHei"        # the heavy face, and the last fallback of every role
BUNDLED_SONG_NAME = "EvARPLUMingCN"   # the Song face of body text and tables
_BUNDLED_FILES = {BUNDLED_NAME: ("wqy-microhei.ttc", 0), BUNDLED_SONG_NAME: ("uming.ttc", 0)}
_BUNDLED_ROLES = {"title": [BUNDLED_NAME], "body": [BUNDLED_SONG_NAME, BUNDLED_NAME],
                  "table": [BUNDLED_SONG_NAME, BUNDLED_NAME]}
REPLACEMENT = "□"
ROLES = ("title", "body", "table")

# role -> candidate system fonts (file name, subfont index, PostScript-ish name)
_WINDOWS_FONTS = {
    "title": [("simhei.ttf", 0, "SimHei")],
    "body": [("simfang.ttf", 0, "FangSong"), ("simsun.ttc", 0, "SimSun")],
    "table": [("simsun.ttc", 0, "SimSun")],
}
_WINDOWS_FALLBACKS = [("simsunb.ttf", 0, "SimSun-ExtB")]

_registered: dict[str, TTFont] = {}


def bundled_font_path(filename: str = "wqy-microhei.ttc") -> Path:
    """A bundled .ttc as a real file (it lives inside the installed package)."""
    ref = resources.files("evidence_app") / "assets" / "fonts" / filename
    path = Path(str(ref))
    if path.is_file():
        return path
    with resources.as_file(ref) as real:  # zipped installs: copied out once
        return Path(real)


def _register(name: str, path: Path, index: int) -> TTFont | None:
    if name in _registered:
        return _registered[name]
    try:
        font = TTFont(name, str(path), subfontIndex=index)
    except Exception:  # noqa: BLE001 - a broken or CFF system font is simply not used
        return None
    pdfmetrics.registerFont(font)
    _registered[name] = font
    return font


def _windows_font_dirs() -> list[Path]:
    """Where Windows keeps fonts: the system folder, then the user's own (fonts installed
    "for this user only", the default since Windows 10 1809 for a user without admin rights)."""
    if sys.platform != "win32":
        return []
    folders = [Path(os.environ.get("WINDIR", r"C:\Windows")) / "Fonts"]
    local = os.environ.get("LOCALAPPDATA")
    if local:
        folders.append(Path(local) / "Microsoft" / "Windows" / "Fonts")
    return [folder for folder in folders if folder.is_dir()]


def _font_file(folders: list[Path], filename: str) -> Path | None:
    return next((f / filename for f in folders if (f / filename).is_file()), None)


@dataclass
class FontSet:
    """The fonts of one process, by role, with per-character fallback."""

    prefer_system: bool = True
    chains: dict[str, list[str]] = field(default_factory=dict)
    sources: dict[str, str] = field(default_factory=dict)   # font name -> file
    missing: dict[str, set[str]] = field(default_factory=dict)  # char -> strings it was in

    def __post_init__(self) -> None:
        for name, (filename, index) in _BUNDLED_FILES.items():
            if _register(name, bundled_font_path(filename), index) is None:
                raise RuntimeError(f"the bundled font {filename} could not be loaded")
            self.sources[name] = f"bundled {filename}"
        folders = _windows_font_dirs() if self.prefer_system else []
        fallbacks: list[str] = []
        for role in ROLES:
            chain: list[str] = []
            for filename, index, name in _WINDOWS_FONTS[role]:
                path = _font_file(folders, filename)
                if path and _register(name, path, index):
                    chain.append(name)
                    self.sources[name] = str(path)
            self.chains[role] = chain
        for filename, index, name in _WINDOWS_FALLBACKS:
            path = _font_file(folders, filename)
            if path and _register(name, path, index):
                fallbacks.append(name)
                self.sources[name] = str(path)
        every = []
        for role in ROLES:
            every += [n for n in self.chains[role] if n not in every]
        for role in ROLES:
            chain = self.chains[role]
            chain += [n for n in every if n not in chain]
            chain += _BUNDLED_ROLES[role] + [n for n in _BUNDLED_FILES
                                             if n not in _BUNDLED_ROLES[role]] + fallbacks
            self.chains[role] = chain
        self._cmaps = {name: _registered[name].face.charToGlyph for name in self.sources}

    # ------------------------------------------------------------------ coverage
    def covers(self, font: str, char: str) -> bool:
        return ord(char) in self._cmaps[font] or char in "\n\r\t"

    def runs(self, text: str, role: str = "body") -> list[tuple[str, str]]:
        """``text`` split into (font, piece) runs; characters no font has become □."""
        chain = self.chains[role]
        out: list[tuple[str, str]] = []
        for char in text:
            font = next((f for f in chain if self.covers(f, char)), None)
            if font is None:
                if char.isspace() or ord(char) < 32:
                    font, char = chain[0], " "
                else:
                    self.missing.setdefault(char, set()).add(text[:60])
                    font = next(f for f in chain if self.covers(f, REPLACEMENT))
                    char = REPLACEMENT
            if out and out[-1][0] == font:
                out[-1] = (font, out[-1][1] + char)
            else:
                out.append((font, char))
        return out

    @contextmanager
    def collecting_missing(self):
        """Within the block, the characters no font had are also collected into the set
        yielded: what one page or volume lacks, not what this process ever lacked."""
        collected: set[str] = set()
        outer = self.missing
        self.missing = {}
        try:
            yield collected
        finally:
            collected.update(self.missing)
            for char, where in self.missing.items():
                outer.setdefault(char, set()).update(where)
            self.missing = outer

    def missing_in(self, text: str, role: str = "body") -> list[str]:
        chain = self.chains[role]
        return [c for c in text if not c.isspace()
                and not any(self.covers(f, c) for f in chain)]

    def width(self, text: str, role: str, size: float) -> float:
        return sum(pdfmetrics.stringWidth(piece, font, size)
                   for font, piece in self.runs(text, role))

    def draw(self, canvas, x: float, y: float, text: str, role: str, size: float,
             align: str = "left") -> float:
        """Draw one line; returns its width. ``align``: left, centre or right of x."""
        runs = self.runs(text, role)
        width = sum(pdfmetrics.stringWidth(p, f, size) for f, p in runs)
        if align == "centre":
            x -= width / 2
        elif align == "right":
            x -= width
        for font, piece in runs:
            canvas.setFont(font, size)
            canvas.drawString(x, y, piece)
            x += pdfmetrics.stringWidth(piece, font, size)
        return width

    def wrap(self, text: str, role: str, size: float, max_width: float,
             words: bool = False) -> list[str]:
        """Break ``text`` into lines no wider than ``max_width``, by the Chinese
        line-breaking rules: CJK breaks between characters, Latin words and numbers stay
        whole when they fit, no line starts with closing punctuation (，。、；：）》” …) and
        none ends with opening punctuation (（《“ …). ``words``: also keep Chinese words
        whole (headings), as far as a line can hold them. Only a unit longer than a whole
        line is split, character by character."""
        lines: list[str] = []
        for paragraph in (text or "").split("\n"):
            line, width = "", 0.0
            for token in _tokens(paragraph, words):
                w = self.width(token, role, size)
                if line and width + w > max_width:
                    lines.append(line.rstrip())
                    token = token.lstrip()
                    line, width, w = "", 0.0, self.width(token, role, size)
                if w > max_width and len(token) > 1:
                    for unit in _tokens(token, False) if words else token:
                        uw = self.width(unit, role, size)
                        if line and width + uw > max_width:
                            lines.append(line.rstrip())
                            line, width = "", 0.0
                        line += unit
                        width += uw
                    continue
                line += token
                width += w
            lines.append(line.rstrip())
        return lines

    def describe(self) -> dict:
        """What the manifest records: the font of each role and any character not drawable."""
        return {"roles": {role: self.chains[role][0] for role in ROLES},
                "files": {name: self.sources[name] for name in sorted(self.sources)},
                "missing_glyphs": sorted(self.missing)}


NO_LINE_START = set("，。、；：？！）》」』】〕〉］｝”’…—·%,.;:!?)]}")
NO_LINE_END = set("（《「『【〔〈［｛“‘([{")


def _tokens(text: str, words: bool = False) -> list[str]:
    """The units a line may break between: a Latin word or number, a CJK character (or, with
    ``words``, a Chinese word), with closing punctuation glued to the unit before it and
    opening punctuation to the unit after it."""
    units: list[str] = []
    for piece in (_words(text) if words else [text]):
        word = ""
        for i, char in enumerate(piece):
            if char.isascii() and not char.isspace() and (
                    char not in NO_LINE_START and char not in NO_LINE_END
                    or _inside_number(piece, i)):
                word += char
                continue
            if word:
                units.append(word)
                word = ""
            units.append(char)
        if word:
            units.append(word)
        if words:
            units.append("")  # a word boundary
    tokens: list[str] = []
    if words:  # the characters of one word form one unit
        merged, current = [], ""
        for unit in units:
            if unit == "":
                if current:
                    merged.append(current)
                current = ""
            elif unit.isspace():
                if current:
                    merged.append(current)
                merged.append(unit)
                current = ""
            else:
                current += unit
        if current:
            merged.append(current)
        units = merged
    opening = ""
    for unit in units:
        if tokens and unit[0] in NO_LINE_START and not opening:
            tokens[-1] += unit
        elif all(char in NO_LINE_END for char in unit):
            opening += unit
        else:
            tokens.append(opening + unit)
            opening = ""
    if opening:
        tokens.append(opening)
    return tokens


def _inside_number(text: str, i: int) -> bool:
    """The point or comma at ``i`` joins two digits (3.2.1, 1,000): not a place to break."""
    return (text[i] in ".,:" and 0 < i < len(text) - 1 and text[i - 1].isdigit()
            and text[i + 1].isdigit())


# characters after which a heading may break without cutting a word: punctuation, and the
# particles and conjunctions that end a phrase (no dictionary is shipped for real words)
_PHRASE_ENDS = set("，。、；：？！）》」』】〕 　的和与及并之")


def _words(text: str) -> list[str]:
    """``text`` cut into phrases, after punctuation, spaces and phrase-ending particles."""
    phrases, current = [], ""
    for char in text:
        current += char
        if char in _PHRASE_ENDS:
            phrases.append(current)
            current = ""
    if current:
        phrases.append(current)
    return phrases


_default: FontSet | None = None


def default_fonts(prefer_system: bool = True) -> FontSet:
    """One FontSet per process (registration with reportlab is global anyway)."""
    global _default
    if _default is None or _default.prefer_system != prefer_system:
        _default = FontSet(prefer_system=prefer_system)
    return _default
