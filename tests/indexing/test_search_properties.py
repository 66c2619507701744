"""Property tests: search finds exactly the documents containing a substring; the query
parser and the search never crash, whatever is typed."""

from __future__ import annotations

import itertools
import shutil
import tempfile
from pathlib import Path

from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from evidence_app.archive.archive import Archive
from evidence_app.archive.records import NewDocument
from evidence_app.archive.store import sha256_of
from evidence_app.indexing.analysis import fold
from evidence_app.indexing.query import parse
from evidence_app.indexing.search import SearchIndex

# A small alphabet so random substrings occur in several documents: Simplified and
# Traditional pairs, full- and half-width, brackets of every kind, Latin of both cases,
# line breaks and spaces.
ALPHABET = "网網格化会會议議工作ab AB12１２〔〕[]（）()【】\n\u3000号"
_counter = itertools.count()

texts = st.text(alphabet=ALPHABET, min_size=0, max_size=40)
documents = st.lists(st.lists(texts, min_size=1, max_size=3), min_size=1, max_size=6)


def _build(root: Path, docs: list[list[str]]) -> list[int]:
    archive = Archive.create(root)
    ids = []
    for pages in docs:
        source = root / "cache" / f"s{next(_counter)}.txt"
        source.write_text("\f".join(pages) + str(next(_counter)), encoding="utf-8")
        sha, size = sha256_of(source)
        ids += archive.add_documents([NewDocument(
            sha256=sha, size=size, original_name=source.name, ext=".txt", kind="text",
            title="t", title_supplied=False, doc_number=None, date=None, pages=len(pages),
            page_texts=pages, has_text=True)], [source])
    archive.close()
    return ids


@settings(max_examples=40, deadline=None,
          suppress_health_check=[HealthCheck.too_slow, HealthCheck.data_too_large])
@given(docs=documents, data=st.data())
def test_search_finds_exactly_the_documents_containing_a_substring(docs, data):
    root = Path(tempfile.mkdtemp(prefix="search-prop-"))
    try:
        ids = _build(root / "a", docs)
        with Archive.open(root / "a", read_only=True) as archive, \
                SearchIndex(archive) as index:
            folded = {doc_id: fold("".join(pages)) for doc_id, pages in zip(ids, docs)}
            for _ in range(5):
                # a substring of one document's text as it was given (page breaks joined)
                doc_pages = data.draw(st.sampled_from(docs))
                whole = "".join(doc_pages)
                if not whole:
                    continue
                start = data.draw(st.integers(0, len(whole) - 1))
                end = data.draw(st.integers(start + 1, min(len(whole), start + 8)))
                needle = whole[start:end]
                term = fold(needle)
                if not term or '"' in needle:
                    continue
                expected = {d for d, text in folded.items() if term in text}
                if "t" in term:  # every title is "t"
                    expected |= {d for d in ids if term == "t"}
                assert index.match_ids(f'"{needle}"') == expected, (needle, term)
                assert index.search(f'"{needle}"', limit=100).total == len(expected)
            # arbitrary strings from the alphabet, mostly absent
            probe = data.draw(st.text(alphabet=ALPHABET, min_size=1, max_size=4))
            term = fold(probe)
            if term and '"' not in probe:
                expected = {d for d, text in folded.items() if term in text or term == "t"}
                assert index.match_ids(f'"{probe}"') == expected
    finally:
        shutil.rmtree(root, ignore_errors=True)


@settings(max_examples=300, deadline=None)
@given(st.text(max_size=60))
def test_the_query_parser_never_crashes(query):
    parsed = parse(query)
    for group in parsed.groups:
        assert group and all(term and term == fold(term) for term in group)
    assert all(parsed.excludes)


_shared: dict = {}


def _shared_index():
    if "index" not in _shared:
        root = Path(tempfile.mkdtemp(prefix="search-any-"))
        _build(root / "a", [["网格化工作会议", "12345热线 GDP"], ["潭政办发〔2021〕12号"]])
        archive = Archive.open(root / "a", read_only=True)
        _shared.update(root=root, archive=archive, index=SearchIndex(archive))
    return _shared["index"]


@settings(max_examples=150, deadline=None)
@given(st.text(alphabet=st.characters(blacklist_categories=("Cs",)), max_size=40))
def test_search_answers_any_input(query):
    result = _shared_index().search(query, limit=5)
    assert result.total >= len(result.hits)


def teardown_module(module):
    if "index" in _shared:
        _shared["index"].close()
        _shared["archive"].close()
        shutil.rmtree(_shared["root"], ignore_errors=True)


@settings(max_examples=200, deadline=None)
@given(st.text(alphabet=ALPHABET + "ＡＢ①㈠ﬁ\u200b\t", min_size=1, max_size=30))
def test_snippet_positions_map_folded_text_back_to_the_original(text):
    from evidence_app.indexing.search import _origin_index

    folded = fold(text)
    for index in range(len(folded)):
        origin = _origin_index(text, index)
        assert len(fold(text[:origin])) <= index < len(fold(text[:origin + 1]))
