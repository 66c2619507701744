"""Text folding for search: the one definition of "this text contains that query".

A query matches a document when ``fold(query)`` is a substring of ``fold(text)``. ``fold`` maps
every character on its own, independently of its neighbours, so it is a homomorphism:
``fold(a + b) == fold(a) + fold(b)``. That is what makes the recall guarantee hold: if the
query occurs in the text, its folded form occurs in the folded text, whatever the context.
(Phrase-level Traditional→Simplified conversion would break this, so it is not used.)

Each character ``c`` is folded in this order:

1. Unicode NFKC (full-width ``２０２１ＡＢＣ`` → ``2021ABC``, ``﹝`` → ``〔``, ligatures, circled
   digits ``①`` → ``1``, the ideographic space → space);
2. Traditional → Simplified by OpenCC's single-character table (TSCharacters, first candidate),
   so ``網格化`` → ``网格化``;
3. lower case (Latin, Greek, Cyrillic…);
4. 文号 brackets ``( [ 【 〔 〖 〘 〚`` → ``(`` and ``) ] 】 〕 〗 〙 〛`` → ``)`` — so
   ``潭政办发[2021]12号``, ``（2021）``, ``【2021】`` and ``〔2021〕`` all fold to ``(2021)``;
   book-title marks 《》 and quotation marks are left alone;
5. every whitespace character (spaces, tabs, newlines, NBSP) and the invisible format
   characters (zero-width space/joiners, BOM, soft hyphen) are removed — so text broken
   across lines by PDF extraction, and "GDP 2021" vs "GDP2021", match.

The steps are repeated until stable, so ``fold`` is idempotent. Nothing else is folded
(no 〇/0, no punctuation width other than NFKC's, no stemming). Standard library + OpenCC's
data file; no Qt.

A 文号's number is written with and without leading zeros (``〔2021〕012号``, ``〔2021〕12号``,
stored as the latter). Dropping a zero depends on its neighbours, so it cannot be part of
``fold``; instead a query term is widened into :func:`number_variants`, and a document matches
when its folded text contains any of them. The term itself is always one of them, so the
recall guarantee is unchanged: only documents holding the same 文号 number are added.
"""

from __future__ import annotations

import itertools
import os
import re
import sys
import unicodedata
from functools import lru_cache

__all__ = ["fold", "fold_with_offsets", "fold_table", "number_variants"]

_OPENERS = "([【〔〖〘〚"
_CLOSERS = ")]】〕〗〙〛"
_INVISIBLE = "\u200b\u200c\u200d\u2060\ufeff\u00ad\u180e"
_SPECIAL = set(_OPENERS + _CLOSERS + _INVISIBLE)


def _ts_characters() -> dict[str, str]:
    """OpenCC's Traditional→Simplified single-character table (first candidate of each)."""
    import opencc

    path = os.path.join(os.path.dirname(opencc.__file__), "dictionary", "TSCharacters.txt")
    table: dict[str, str] = {}
    with open(path, encoding="utf-8") as handle:
        for line in handle:
            parts = line.rstrip("\n").split("\t")
            if len(parts) == 2 and len(parts[0]) == 1 and parts[1]:
                table[parts[0]] = parts[1].split(" ")[0]
    return table


def _fold_char(c: str, ts: dict[str, str]) -> str:
    out = []
    for ch in unicodedata.normalize("NFKC", c):
        ch = ts.get(ch, ch)
        for low in ch.lower():
            if low.isspace() or low in _INVISIBLE:
                continue
            if low in _OPENERS:
                low = "("
            elif low in _CLOSERS:
                low = ")"
            out.append(low)
    return "".join(out)


@lru_cache(maxsize=1)
def fold_table() -> dict[int, str]:
    """The ``str.translate`` table of every character that folds to something else.

    Built once per process (~1 s): all of Unicode is visited so no character is forgotten.
    """
    ts = _ts_characters()
    table: dict[int, str] = {}
    for cp in range(sys.maxunicode + 1):
        if 0xD800 <= cp <= 0xDFFF:
            continue
        c = chr(cp)
        # fast path: most CJK ideographs and ASCII lower-case letters fold to themselves
        if c not in ts and c.lower() == c and not c.isspace() and c not in _SPECIAL \
                and unicodedata.is_normalized("NFKC", c):
            continue
        folded = _fold_char(c, ts)
        if folded != c:
            table[cp] = folded
    # iterate to a fixed point so that fold(fold(x)) == fold(x)
    for _ in range(4):
        changed = False
        for cp, value in table.items():
            again = value.translate(table)
            if again != value:
                table[cp] = again
                changed = True
        if not changed:
            break
    return table


def fold(text: str) -> str:
    """The folded form of ``text`` (see the module docstring for exactly what folds)."""
    return text.translate(fold_table())


def fold_with_offsets(text: str) -> tuple[str, list[int]]:
    """Fold ``text`` and return, for each folded character, the index of its source character.

    Used to map a match found in folded text back onto the original for snippets.
    """
    table = fold_table()
    out: list[str] = []
    origin: list[int] = []
    for i, c in enumerate(text):
        f = table.get(ord(c))
        if f is None:
            out.append(c)
            origin.append(i)
        elif f:
            out.append(f)
            origin.extend([i] * len(f))
    return "".join(out), origin


_NUMBER_SIGN = re.compile(r"(?<![0-9])([0-9]+)号")
NUMBER_WIDTH = 4       # 文号 numbers are padded with zeros to at most this many digits
MAX_VARIANTS = 16


def number_variants(term: str) -> list[str]:
    """A folded query term followed by the same term with each 号 number written with other
    leading zeros: ``(2021)12号`` also as ``(2021)012号`` and ``(2021)0012号``; ``012号`` as
    ``12号`` (which, as a substring, also finds ``012号``). The term comes first.

    A number at the very start of the term is only stripped of its zeros: what precedes it in
    a document is unknown, so the stripped form already finds every padding.
    """
    choices: list[list[str]] = []
    pieces: list[str] = []
    last = 0
    for match in _NUMBER_SIGN.finditer(term):
        digits = match.group(1)
        bare = digits.lstrip("0")
        if not bare:  # number 0: no office issues it, and nothing to align
            continue
        pieces.append(term[last:match.start(1)])
        if match.start() == 0:
            forms = [bare]
        else:
            forms = ["0" * k + bare for k in range(max(0, NUMBER_WIDTH - len(bare)) + 1)]
        choices.append(list(dict.fromkeys([digits, *forms])))
        last = match.end(1)
    if not choices:
        return [term]
    tail = term[last:]
    variants = [term]
    for combination in itertools.product(*choices):
        variant = "".join(p + c for p, c in zip(pieces, combination)) + tail
        if variant not in variants:
            variants.append(variant)
        if len(variants) >= MAX_VARIANTS:
            break
    return variants
