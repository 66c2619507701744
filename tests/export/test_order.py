"""Order within a volume: linked papers together (VOLUMES.md), the user's order above all."""

from __future__ import annotations

from pathlib import Path

from evidence_app.archive import link_documents, set_manual_order
from evidence_app.export.batch import BatchOptions, compile_batch
from evidence_app.export.plan import plan_volumes

from .helpers import add_pdf


def _order(archive, only="3.2.1", by="requirement"):
    [volume] = plan_volumes(archive, by=by, only=[only]).volumes
    return [e.doc.id for e in volume.entries]


def test_linked_papers_are_bound_together_in_the_archivists_order(archive, tmp_path):
    request = add_pdf(archive, tmp_path, "request.pdf", 1, ["3.2.1"], date="20210301",
                      title="关于请求拨付经费的请示")
    unrelated = add_pdf(archive, tmp_path, "mid.pdf", 1, ["3.2.1"], date="20210315")
    reply = add_pdf(archive, tmp_path, "reply.pdf", 1, ["3.2.1"], date="20210401",
                    title="关于拨付经费的批复")
    attachment = add_pdf(archive, tmp_path, "att.pdf", 1, ["3.2.1"], date="20210201")
    final_draft = add_pdf(archive, tmp_path, "draft.pdf", 1, ["3.2.1"], date="20210101")
    original = add_pdf(archive, tmp_path, "original.pdf", 1, ["3.2.1"], date="20210102")
    notice = add_pdf(archive, tmp_path, "notice.pdf", 1, ["3.2.1"], date="20210501")
    assert _order(archive) == [final_draft, original, attachment, request, unrelated, reply,
                               notice]
    link_documents(archive, reply, "answers", request)
    link_documents(archive, attachment, "attachment_of", request)
    link_documents(archive, original, "original_of", final_draft)
    link_documents(archive, notice, "forwards", reply)
    # the 正本 before its 定稿; the notice before the reply it forwards, the reply before its
    # request, the request before its attachment: one chain, placed where the notice leads it
    assert _order(archive) == [original, final_draft, unrelated, notice, reply, request,
                               attachment]
    set_manual_order(archive, "requirement:3.2.1", [attachment, unrelated])
    assert _order(archive)[:2] == [attachment, unrelated]        # the user's order wins
    assert _order(archive)[2:] == [original, final_draft, notice, reply, request]


def test_a_circle_of_links_does_not_lose_a_document(archive, tmp_path):
    a, b, c = (add_pdf(archive, tmp_path, f"{n}.pdf", 1, ["3.2.1"], date=f"2021010{n}")
               for n in (1, 2, 3))
    link_documents(archive, a, "forwards", b)
    link_documents(archive, b, "forwards", c)
    link_documents(archive, c, "forwards", a)
    # links are taken by where their second document stands (c→a, a→b); b→c closes the
    # circle and is ignored
    assert _order(archive) == [c, a, b]


def test_a_linked_document_moves_under_its_first_only_when_tagged_there(archive, tmp_path):
    request = add_pdf(archive, tmp_path, "req.pdf", 1, ["3.2.1"], date="20210301")
    filler = add_pdf(archive, tmp_path, "fill.pdf", 1, ["3.2.2"], date="20200101")
    reply = add_pdf(archive, tmp_path, "reply.pdf", 1, ["3.2.2", "3.2.1"], date="20210401")
    elsewhere = add_pdf(archive, tmp_path, "else.pdf", 1, ["3.2.2"], date="20190101")
    link_documents(archive, reply, "answers", request)
    link_documents(archive, elsewhere, "attachment_of", request)
    [volume] = plan_volumes(archive, by="task", only=["3.2"]).volumes
    assert [(e.doc.id, e.group) for e in volume.entries] == [
        (reply, "3.2.1"), (request, "3.2.1"), (elsewhere, "3.2.2"), (filler, "3.2.2")]


def test_compile_follows_links_and_rebuilds_byte_identically(archive, tmp_path):
    request = add_pdf(archive, tmp_path, "request.pdf", 1, ["3.2.1"], date="20210301")
    reply = add_pdf(archive, tmp_path, "reply.pdf", 1, ["3.2.1"], date="20210401")
    link_documents(archive, reply, "answers", request)
    first = compile_batch(archive, tmp_path / "one", BatchOptions(jobs=1, only=["3.2.1"]))
    again = compile_batch(archive, tmp_path / "two", BatchOptions(jobs=1, only=["3.2.1"]))
    [bound] = [v for v in first.volumes if v["key"] == "requirement:3.2.1"]
    [rebuilt] = [v for v in again.volumes if v["key"] == "requirement:3.2.1"]
    assert Path(bound["path"]).read_bytes() == Path(rebuilt["path"]).read_bytes()
    places = {d.document_id: d.seq for v in archive_volumes(archive) for d in v.documents}
    assert places[reply] < places[request]


def archive_volumes(archive):
    from evidence_app.archive import recorded_volumes
    return recorded_volumes(archive)


def test_a_split_volume_does_not_part_linked_papers(archive, tmp_path):
    first = add_pdf(archive, tmp_path, "a.pdf", 6, ["3.2.1"], date="20210101")
    request = add_pdf(archive, tmp_path, "req.pdf", 3, ["3.2.1"], date="20210301")
    reply = add_pdf(archive, tmp_path, "reply.pdf", 3, ["3.2.1"], date="20210401")
    big = add_pdf(archive, tmp_path, "big.pdf", 9, ["3.2.1"], date="20210501")
    big_attachment = add_pdf(archive, tmp_path, "att.pdf", 4, ["3.2.1"], date="20210601")

    def parts():
        return [[e.doc.id for e in v.entries]
                for v in plan_volumes(archive, only=["3.2.1"], max_pages=10).volumes]

    assert parts() == [[first, request], [reply], [big], [big_attachment]]
    link_documents(archive, reply, "answers", request)
    link_documents(archive, big_attachment, "attachment_of", big)
    # the reply and its request start the second part together; a main document and its
    # attachment that cannot share one part (13 pages > 10) are still parted
    assert parts() == [[first], [reply, request], [big], [big_attachment]]
