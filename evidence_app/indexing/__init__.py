"""Search: Chinese full-text search of an archive on Whoosh (search only; files are read by
``intake``, filters are answered by the archive).

``SearchIndex(archive).search(query)`` is the one interface; ``index_documents`` keeps the
index true after an import, ``index_problems`` is what ``check`` asks. ``fold`` is the
folding (script, width, case, 文号 brackets) that both the index and its callers apply, and
``parse`` the query language (words, "phrases", -exclusions, OR, req:/mech:/unit:/kind:/date:).
"""

from .analysis import fold
from .query import ParsedQuery, parse
from .search import Hit, SearchIndex, SearchResult, index_documents, index_problems, search

__all__ = ["fold", "ParsedQuery", "parse", "Hit", "SearchIndex", "SearchResult",
           "index_documents", "index_problems", "search"]
