"""Archives with known gaps, built on the 6-requirement sample catalogue, with dated history.

Final state (mechanisms: JZ-001→1.1.1, JZ-002→3.2.1+3.2.2, JZ-003→3.5.1, JZ-004→1.1.2):
  1.1.1 complete  evidence d1, JZ-001 has its own text d2
  1.1.2 partial   evidence d3, JZ-004 missing
  1.2.1 complete  evidence d4, no mechanisms
  3.2.1 partial   no evidence, JZ-002 supplied by a tagged document d5
  3.2.2 complete  evidence d6, JZ-002 supplied
  3.5.1 none      its only document dx was removed
History (the day each step happened):
  2021-01-10  add d1 [1.1.1], d3 [1.1.2], dx [3.5.1]
  2021-03-01  add d2 (text of JZ-001), d4 [1.2.1]; tag d3 +3.2.2
  2021-05-20  add d5 [mech JZ-002], d6 [3.2.2]; untag d3 -3.2.2; remove dx
"""

from __future__ import annotations

from dataclasses import dataclass

import pytest

import evidence_app.archive.archive as archive_module
from evidence_app.archive.records import NewDocument
from evidence_app.archive.store import sha256_of


def add_text_document(archive, folder, name, text=None, **tags) -> int:
    source = folder / name
    source.write_text(text or name, encoding="utf-8")
    sha, size = sha256_of(source)
    [doc_id] = archive.add_documents([NewDocument(
        sha256=sha, size=size, original_name=name, ext=".txt", kind="text", title=text or name,
        title_supplied=False, doc_number=None, date=None, pages=1, page_texts=[text or name],
        has_text=True, **tags)], [source])
    return doc_id


@dataclass
class Gaps:
    archive: object
    ids: dict


@pytest.fixture
def gaps(archive, tmp_path, monkeypatch) -> Gaps:
    clock = {"now": "2021-01-10T09:00:00"}
    monkeypatch.setattr(archive_module, "_now", lambda: clock["now"])
    src = tmp_path / "src"
    src.mkdir()
    ids = {}
    ids["d1"] = add_text_document(archive, src, "d1.txt", requirements=["1.1.1"])
    ids["d3"] = add_text_document(archive, src, "d3.txt", requirements=["1.1.2"])
    ids["dx"] = add_text_document(archive, src, "dx.txt", requirements=["3.5.1"])
    clock["now"] = "2021-03-01T17:30:00"
    ids["d2"] = add_text_document(archive, src, "d2.txt", mechanism_text_of="JZ-001")
    ids["d4"] = add_text_document(archive, src, "d4.txt", requirements=["1.2.1"])
    archive.tag([ids["d3"]], ["3.2.2"])
    clock["now"] = "2021-05-20T08:00:00"
    ids["d5"] = add_text_document(archive, src, "d5.txt", mechanisms=["JZ-002"])
    ids["d6"] = add_text_document(archive, src, "d6.txt", requirements=["3.2.2"])
    archive.tag([ids["d3"]], ["3.2.2"], remove=True)
    archive.remove_document(ids["dx"])
    return Gaps(archive, ids)
