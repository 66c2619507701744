"""The query language people type, parsed into a plain structure. Never raises.

Syntax (terms are matched as folded substrings, see analysis.py):

- ``网格化 纪要``         space means AND;
- ``"网格化 工作"``       a quoted phrase (spaces inside fold away, so it is one substring;
                          quoting also lets a term contain ``-``, ``:`` or the word OR);
- ``-草稿``               exclude documents containing the term (``-"..."`` too);
- ``网格化 OR 网格员``    either term (upper-case OR, binds tighter than the AND of spaces:
                          ``a b OR c`` is a AND (b OR c));
- filters: ``req:3.2.1`` (a task or section code means all its requirements), ``mech:JZ-002``,
  ``unit:湘潭市公安局``, ``kind:pdf``, ``date:2021``, ``date:202103``, ``date:20210101..20211231``
  (either end may be left open), ``tagged`` / ``untagged`` (also ``is:tagged``). A filter
  value may be quoted: ``unit:"湘潭市 公安局"``. A repeated filter must hold every time.
- ``-req:3.2.1`` (any filter with a minus) leaves out the documents the filter would keep.

Anything that does not parse as a filter is searched as text: ``foo:bar`` with an unknown key
is the term ``foo:bar``. An unbalanced quote runs to the end of the query.

A term holding a 文号 number (``012号``) also stands for the number with other leading zeros:
it is widened into an OR of :func:`~.analysis.number_variants`.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field

from .analysis import fold, number_variants

FILTER_KEYS = ("req", "mech", "unit", "kind", "date")


@dataclass
class ParsedQuery:
    groups: list[list[str]] = field(default_factory=list)  # AND of ORs of folded terms
    excludes: list[str] = field(default_factory=list)      # folded terms
    filters: dict[str, list[str]] = field(default_factory=dict)
    excluded_filters: dict[str, list[str]] = field(default_factory=dict)   # -req:3.2.1
    tagged: bool | None = None                              # True tagged, False untagged
    raw_terms: list[str] = field(default_factory=list)      # as typed, for display

    @property
    def has_text(self) -> bool:
        return bool(self.groups)

    def positive_terms(self) -> list[str]:
        seen: list[str] = []
        for group in self.groups:
            for term in group:
                if term not in seen:
                    seen.append(term)
        return seen


_TOKEN = re.compile(r'(-?)(?:([A-Za-z]+):)?(?:"([^"]*)"?|(\S+))')


def _tokens(query: str):
    """Yield (negated, key, value, quoted) for each whitespace-separated piece."""
    pos, n = 0, len(query)
    while pos < n:
        while pos < n and query[pos].isspace():
            pos += 1
        if pos >= n:
            break
        m = _TOKEN.match(query, pos)
        if not m or m.end() == pos:  # cannot happen with this pattern, but never loop forever
            pos += 1
            continue
        neg, key, quoted, bare = m.groups()
        if quoted is None and bare is not None and '"' in bare:
            # a quote inside a word starts a phrase there: 会议"纪 要" -> 会议 + "纪 要"
            cut = bare.index('"')
            if cut:
                bare = bare[:cut]
                pos = m.start(4) + cut
                yield bool(neg), key, bare, False
                continue
        pos = m.end()
        yield bool(neg), key, quoted if quoted is not None else bare, quoted is not None


def parse(query: str) -> ParsedQuery:
    """Parse a query string; see the module docstring. Any input gives a ParsedQuery."""
    parsed = ParsedQuery()
    if not isinstance(query, str):
        return parsed
    pending_or = False
    for neg, key, value, quoted in _tokens(query):
        value = value or ""
        lower_key = key.lower() if key else None
        if lower_key in FILTER_KEYS:
            if value.strip():
                into = parsed.excluded_filters if neg else parsed.filters
                into.setdefault(lower_key, []).append(value.strip())
            continue
        if lower_key == "is" and not neg and value.lower() in ("tagged", "untagged"):
            parsed.tagged = value.lower() == "tagged"
            continue
        if key is None and not neg and not quoted and value in ("tagged", "untagged"):
            parsed.tagged = value == "tagged"
            continue
        if key is None and not neg and not quoted and value == "OR":
            pending_or = bool(parsed.groups)
            continue
        text = f"{key}:{value}" if key is not None else value
        term = fold(text)
        if not term:
            continue
        variants = number_variants(term)
        if neg:
            parsed.excludes += [v for v in variants if v not in parsed.excludes]
            pending_or = False
            continue
        parsed.raw_terms.append(text)
        if pending_or:
            parsed.groups[-1] += [v for v in variants if v not in parsed.groups[-1]]
        else:
            parsed.groups.append(variants)
        pending_or = False
    return parsed
