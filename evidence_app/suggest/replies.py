"""Replies linked to the requests they answer, where the reply says so.

A 批复 opens by citing the 请示 it answers: "你局《关于请求拨付网格化经费的请示》（潭司发〔2021〕
3号）收悉". When the archive holds exactly one document that is that 请示 — the cited 文号 (in
canonical form), or without a 文号 the cited title — the two are linked (the reply
``answers`` the request; archive/links.py), so a volume binds the reply before its request.
Anything less than certain is left alone. Only a pair one of whose documents was just imported
is considered, so a link a person removed is not made again.
"""

from __future__ import annotations

import re
from typing import Iterable

from ..archive import Archive, DocumentLink, link_documents, normalize_doc_number
from ..errors import UsageError

VIA = "auto-link: the reply cites the request"
# 《关于…的请示》, then perhaps its 文号 in brackets
_CITED = re.compile(r"《(关于[^《》]{2,80}?请示)》\s*(?:[(（]([^()（）]{4,30})[)）])?")


def _compact(text: str) -> str:
    return "".join(text.split())


def link_replies(archive: Archive, doc_ids: Iterable[int]) -> list[DocumentLink]:
    """Link each reply among the archive's documents to the request it cites, where one of
    the two is in ``doc_ids`` (the documents just imported); returns the links made."""
    new = {int(d) for d in doc_ids}
    if not new:
        return []
    documents = archive.documents()
    by_number: dict[str, list[int]] = {}
    by_title: dict[str, list[int]] = {}
    for doc in documents:
        if "请示" in doc.title:
            if doc.doc_number:
                by_number.setdefault(normalize_doc_number(doc.doc_number) or doc.doc_number,
                                     []).append(doc.id)
            by_title.setdefault(_compact(doc.title), []).append(doc.id)
    if not by_title:
        return []
    made = []
    for reply in (d for d in documents if "批复" in d.title):
        first_page = (archive.page_texts(reply.id, pages=[1]) or [""])[0]
        for title, number in _CITED.findall(first_page):
            canonical = normalize_doc_number(number) if number else None
            found = by_number[canonical] if canonical in by_number else \
                by_title.get(_compact(title), [])
            if len(found) != 1 or found[0] == reply.id or not {reply.id, found[0]} & new:
                continue
            try:
                if link_documents(archive, reply.id, "answers", found[0], via=VIA):
                    made.append(DocumentLink(reply.id, "answers", found[0]))
            except UsageError:
                continue            # the two are already linked the other way round
    return made
