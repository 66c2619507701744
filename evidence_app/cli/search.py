"""The `evidence-app` commands of the search feature: search and reindex."""

from __future__ import annotations

import json
from pathlib import Path

from ..errors import UsageError
from .common import TerminalProgress, emit, open_archive


def register(command) -> None:
    """Add `search` and `reindex`."""
    p = command("search", cmd_search,
                "full-text search (finds every document containing the text; "
                "syntax: a b = AND, \"phrase\", -word, a OR b, req:CODE mech:CODE unit:NAME "
                "kind:pdf date:2021 date:20210101..20211231 tagged untagged)")
    p.add_argument("query", nargs="*", metavar="QUERY",
                   help="the words of the query (quote it to keep OR next to its terms); "
                        "words starting with '-' (-草稿, -req:3.2) exclude, as in the query")
    # argparse takes "-req:3.2" for an option it does not know: main() hands such words back
    p.set_defaults(dashed_words_into="query")
    p.add_argument("--req", metavar="CODE", help="requirement (or task: all its requirements)")
    p.add_argument("--unit", metavar="NAME")
    p.add_argument("--limit", type=int, default=20)
    p.add_argument("--batch", metavar="FILE",
                   help="answer a file of queries, one a line, with one JSON line each")
    command("reindex", cmd_reindex, "rebuild the search index from the archive")


def _result_text(result) -> str:
    lines = []
    for hit in result.hits:
        where = (f"p.{hit.page}" + (" (OCR text)" if hit.ocr else "")) if hit.page else "title"
        if hit.pages_hit > 1:
            where += f" (+{hit.pages_hit - 1} more pages)"
        bound = "; ".join(f"{b['volume']} p.{b['page']}" for b in hit.bound)
        tags = ",".join(hit.requirements + hit.mechanisms) or "-"
        lines.append(f"{hit.id:>6}  {hit.title[:40]}  [{tags}]  {where}"
                     + (f"  bound: {bound}" if bound else ""))
        lines.append(f"        {hit.snippet}")
    lines.append(f"{result.total} document(s) found in {result.elapsed_ms:.0f} ms"
                 + (f"; {result.unsearchable} document(s) have pages whose text is not read "
                    "yet (waiting for OCR, or unreadable) and cannot be searched there"
                    if result.unsearchable else ""))
    return "\n".join(lines)


def cmd_search(args) -> int:
    from ..indexing import SearchIndex

    query = " ".join(args.query)
    if args.batch is None and not query:
        raise UsageError("give a QUERY or --batch FILE")
    if args.limit < 0:
        raise UsageError("--limit must be 0 or more")
    progress = TerminalProgress(not args.json)
    with open_archive(args, read_only=True) as archive, SearchIndex(archive) as index:
        index.sync(progress)  # a missing or stale index is brought up to date visibly
        if args.batch is not None:
            try:
                lines = Path(args.batch).read_text(encoding="utf-8-sig").splitlines()
            except (OSError, UnicodeDecodeError) as exc:
                raise UsageError(f"cannot read {args.batch}: {exc}") from exc
            for line in lines:
                if not line.strip():
                    continue
                result = index.search(line.strip(), limit=args.limit, requirement=args.req,
                                      unit=args.unit)
                print(json.dumps(result.as_json(), ensure_ascii=False, sort_keys=True))
            return 0
        result = index.search(query, limit=args.limit, requirement=args.req,
                              unit=args.unit)
    emit(args, result.as_json(), _result_text(result))
    return 0


def cmd_reindex(args) -> int:
    from ..indexing import SearchIndex

    progress = TerminalProgress(not args.json)
    with open_archive(args, read_only=True) as archive, SearchIndex(archive) as index:
        count = index.rebuild(progress)
    emit(args, {"indexed": count}, f"search index rebuilt: {count} document(s)")
    return 0
