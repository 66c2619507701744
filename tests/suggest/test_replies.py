"""A reply that cites the request it answers is linked to it at import, certain or not at all."""

from __future__ import annotations

from pathlib import Path

from evidence_app.archive import Archive, DocumentLink, document_links, link_documents
from evidence_app.intake import add_paths

REQUEST = ("潭司发〔2021〕3号\n关于请求拨付网格化经费的请示\n市人民政府：\n"
           "为推进网格化服务管理，特请求拨付经费。妥否，请批示。\n湘潭市司法局\n2021年3月1日")
REPLY = ("潭政函〔2021〕8号\n关于拨付网格化经费的批复\n市司法局：\n"
         "你局《关于请求拨付网格化经费的请示》（潭司发〔2021〕3号）收悉。经研究，同意拨付。\n"
         "湘潭市人民政府\n2021年4月1日")


def _write(folder: Path, name: str, text: str) -> Path:
    folder.mkdir(parents=True, exist_ok=True)
    path = folder / name
    path.write_text(text, encoding="utf-8")
    return path


def test_a_reply_is_linked_to_the_request_it_cites_whichever_came_first(archive_dir,
                                                                         tmp_path):
    with Archive.open(archive_dir) as archive:
        first = add_paths(archive, [_write(tmp_path / "a", "批复.txt", REPLY)], workers=1)
        reply = first.added[0]["id"]
        assert document_links(archive) == []                 # nothing to answer yet
        later = add_paths(archive, [_write(tmp_path / "b", "请示.txt", REQUEST)], workers=1)
        request = later.added[0]["id"]
        assert archive.document(request).doc_number == "潭司发〔2021〕3号"
        assert document_links(archive) == [DocumentLink(reply, "answers", request)]
        entry = archive.audit_log(actions=["link"])[-1]
        assert entry["detail"]["via"].startswith("auto-link")


def test_an_uncertain_citation_links_nothing(archive_dir, tmp_path):
    untitled_number = REQUEST.replace("潭司发〔2021〕3号\n", "")
    with Archive.open(archive_dir) as archive:
        add_paths(archive, [_write(tmp_path / "a", "请示一.txt", untitled_number),
                            _write(tmp_path / "b", "请示二.txt", untitled_number + "\n附件：经费测算表"),
                            _write(tmp_path / "c", "批复.txt", REPLY)], workers=1)
        assert document_links(archive) == []          # two requests bear the cited title
        ids = archive.document_ids()
        link_documents(archive, ids[2], "answers", ids[0])   # a person decides
        assert len(document_links(archive)) == 1
