"""The order commands: links between documents (`link`, `unlink`) and a volume's manual
order (`order`), both of which `compile` follows (docs/VOLUMES.md, "Order of documents
within a volume"); `show` lists a document's links."""

from __future__ import annotations

from ..archive import LINK_KINDS
from ..errors import UsageError
from .common import emit, open_archive

# how a link reads from each of its two documents
_FROM_DOCUMENT = {"answers": "answers", "attachment_of": "is an attachment of",
                  "original_of": "is the signed original of", "forwards": "forwards"}
_FROM_OTHER = {"answers": "is answered by", "attachment_of": "has the attachment",
               "original_of": "has the signed original", "forwards": "is forwarded by"}


def register(command) -> None:
    """Add `link`, `unlink` and `order`."""
    for name, func, verb in (("link", cmd_link, "record"), ("unlink", cmd_unlink, "remove")):
        p = command(name, func, f"{verb} a link between two documents (a reply answers its "
                                "request, an attachment, the signed original, a forward)")
        p.add_argument("doc_id", type=int, metavar="DOC_ID")
        kinds = p.add_mutually_exclusive_group(required=True)
        for kind in LINK_KINDS:
            kinds.add_argument("--" + kind.replace("_", "-"), dest=kind, type=int,
                               metavar="OTHER_ID", help=f"DOC_ID {_FROM_DOCUMENT[kind]} OTHER_ID")

    p = command("order", cmd_order, "show a volume's order of documents, or set it by hand "
                                    "(the listed documents first, in that order)")
    p.add_argument("volume", metavar="VOLUME_KEY",
                   help="the volume's key, e.g. requirement:3.2.1 (see compile --dry-run)")
    p.add_argument("doc_ids", nargs="*", type=int, metavar="DOC_ID")
    p.add_argument("--clear", action="store_true",
                   help="forget the manual order: links and dates decide again")


def _chosen(args) -> tuple[str, int]:
    [(kind, other)] = [(k, getattr(args, k)) for k in LINK_KINDS if getattr(args, k) is not None]
    return kind, other


def cmd_link(args) -> int:
    from ..archive import link_documents

    kind, other = _chosen(args)
    with open_archive(args) as archive:
        added = link_documents(archive, args.doc_id, kind, other)
    emit(args, {"linked": added, "document": args.doc_id, "kind": kind, "other": other},
         f"document {args.doc_id} {_FROM_DOCUMENT[kind]} document {other}"
         + ("" if added else " (already recorded)"))
    return 0


def cmd_unlink(args) -> int:
    from ..archive import unlink_documents

    kind, other = _chosen(args)
    with open_archive(args) as archive:
        removed = unlink_documents(archive, args.doc_id, kind, other)
    emit(args, {"unlinked": removed, "document": args.doc_id, "kind": kind, "other": other},
         f"document {args.doc_id} no longer {_FROM_DOCUMENT[kind]} document {other}"
         if removed else f"there was no such link of document {args.doc_id}")
    return 0


def link_lines(archive, doc_id: int) -> list[str]:
    """A document's links as `show` prints them: "answers 3 关于…的请示"."""
    from ..archive import document_links

    lines = []
    for link in document_links(archive, doc_id):
        mine = link.document_id == doc_id
        other = link.other_id if mine else link.document_id
        verb = (_FROM_DOCUMENT if mine else _FROM_OTHER)[link.kind]
        lines.append(f"{verb} {other} {archive.document(other).title}")
    return lines


def cmd_order(args) -> int:
    from ..archive import manual_orders, set_manual_order
    from ..export import planned_order

    if args.clear and args.doc_ids:
        raise UsageError("give document ids or --clear, not both")
    changing = args.clear or bool(args.doc_ids)
    with open_archive(args, read_only=not changing) as archive:
        docs = planned_order(archive, args.volume)
        strangers = set(args.doc_ids) - {d.id for d in docs}
        if strangers:
            raise UsageError(f"document(s) {', '.join(map(str, sorted(strangers)))} are not "
                             f"in volume {args.volume}")
        if changing:
            set_manual_order(archive, args.volume, args.doc_ids)
            docs = planned_order(archive, args.volume)
        manual = manual_orders(archive).get(args.volume, [])
    emit(args, {"volume": args.volume, "manual": manual,
                "documents": [{"id": d.id, "title": d.title} for d in docs]},
         "\n".join([f"{n:>4}. {d.id:>6}  {d.title}" for n, d in enumerate(docs, 1)]
                    + [f"order of {args.volume}: "
                       + ("set by hand" if manual else "by links and dates")]))
    return 0
