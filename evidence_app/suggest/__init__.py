"""Tag suggestions: the archive proposes requirements and mechanisms, staff confirm.

- ``mechanisms``: a document whose 文号 is a mechanism's is linked to it, with certainty.
- ``model``: requirements (and mechanisms) ranked by content, from the catalogue's own words
  on the first day and from the tags staff have given as they accumulate.
- ``replies``: a 批复 that cites its 请示 is linked to it (the reply answers the request).
- ``hooks``: what an import and a catalogue import call afterwards.

No Qt here; the CLI (`evidence-app suggest`) and the window's review queue call this.
"""

from __future__ import annotations

import importlib
from typing import TYPE_CHECKING

from .hooks import after_catalogue_import, after_import
from .mechanisms import LinkReport, link_by_number, match_by_number

# the ranking needs numpy and scipy: loaded on first use, not by every import or CLI command
_LAZY = {"Suggester": "model", "Suggestion": "model", "accept_above": "accept"}

__all__ = sorted(["after_catalogue_import", "after_import", "LinkReport", "link_by_number",
                  "match_by_number", *_LAZY])

if TYPE_CHECKING:
    from .accept import accept_above
    from .model import Suggester, Suggestion


def __getattr__(name: str):
    module = _LAZY.get(name)
    if module is None:
        raise AttributeError(f"module {__name__!r} has no attribute {name!r}")
    return getattr(importlib.import_module(f".{module}", __name__), name)
