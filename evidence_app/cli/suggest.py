"""`evidence-app suggest`: the requirements and mechanisms the archive proposes per document."""

from __future__ import annotations

import json
import sys

from ..errors import UsageError
from .common import TerminalProgress, open_archive


def register(command) -> None:
    """Add `suggest`."""
    p = command("suggest", cmd_suggest,
                "propose requirements and mechanisms for documents, best first (one JSON line "
                "per document with --json); tags nothing unless --apply")
    p.add_argument("doc_ids", nargs="*", type=int, metavar="DOC_ID",
                   help="the documents (default: all, or the untagged with --untagged)")
    p.add_argument("--untagged", action="store_true", help="only documents without any tag")
    p.add_argument("--limit", type=int, default=3, metavar="N",
                   help="suggestions per document (default 3)")
    p.add_argument("--apply", action="store_true",
                   help="tag each document with its suggestions scoring at least --min-score "
                        "(audited as applied suggestions; undo with `tag --remove`)")
    p.add_argument("--min-score", type=float, metavar="S",
                   help="with --apply: the lowest score to apply, 0..1")


def cmd_suggest(args) -> int:
    from ..suggest import Suggester, accept_above

    if args.limit < 1:
        raise UsageError("--limit must be 1 or more")
    if args.apply and args.min_score is None:
        raise UsageError("--apply needs --min-score S (for example 0.9)")
    if args.min_score is not None and not 0 <= args.min_score <= 1:
        raise UsageError("--min-score must be between 0 and 1")
    progress = TerminalProgress(not args.json)
    with open_archive(args, read_only=not args.apply) as archive:
        if args.doc_ids:
            ids = [d.id for d in archive.documents(ids=args.doc_ids, untagged=args.untagged)]
            missing = sorted(set(args.doc_ids) - set(ids))
            if missing and not args.untagged:
                raise UsageError(f"no document with id {', '.join(map(str, missing))}")
        else:
            ids = [d.id for d in archive.documents(untagged=args.untagged)]
        suggester = Suggester.build(archive, progress=progress)
        if suggester.note:
            print(f"note: {suggester.note}", file=sys.stderr)
        suggestions = suggester.suggest_many(ids, args.limit)
        applied = accept_above(archive, suggestions, args.min_score) if args.apply else None
        titles = {d.id: d.title for d in archive.documents(ids=ids)} if not args.json else {}
    for doc_id in ids:
        items = suggestions[doc_id]
        if args.json:
            line = {"id": doc_id, "suggestions": [s.as_json() for s in items]}
            if applied is not None:
                line["applied"] = sorted(c for d, c in applied.added_requirements
                                         + applied.added_mechanisms if d == doc_id)
            print(json.dumps(line, ensure_ascii=False))
            continue
        print(f"{doc_id:>6}  {titles[doc_id][:50]}")
        for s in items:
            print(f"        {s.score:4.2f}  {s.kind:<11} {s.code:<8} {s.why}")
    if applied is not None:
        print(f"applied {applied.count} suggested tag(s) scoring {args.min_score} or more",
              file=sys.stderr)
    return 0
