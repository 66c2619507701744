"""Links between documents: recorded, audited, undone, refused when senseless, migrated."""

from __future__ import annotations

import pytest

from evidence_app.archive import (Archive, DocumentLink, document_links, link_documents,
                                  unlink_documents)
from evidence_app.archive import schema
from evidence_app.errors import NotFoundError, UsageError
from tests.archive.test_archive import _add_text_document
from tests.archive_states import as_version_6, read_database, write_rows_directly


@pytest.fixture
def three(home, tmp_path):
    with Archive.open(home) as archive:
        ids = [_add_text_document(archive, tmp_path, f"{n}.txt", text)
               for n, text in enumerate(("关于请求拨付经费的请示", "关于拨付经费的批复", "附件一览表"))]
        yield archive, ids


def test_a_link_is_recorded_both_ways_audited_and_undone(three):
    archive, (request, reply, attachment) = three
    assert link_documents(archive, reply, "answers", request)
    assert not link_documents(archive, reply, "answers", request)        # already there
    link_documents(archive, attachment, "attachment_of", request)
    assert document_links(archive, request) == [DocumentLink(reply, "answers", request),
                                                DocumentLink(attachment, "attachment_of",
                                                             request)]
    assert document_links(archive, reply) == [DocumentLink(reply, "answers", request)]
    [entry] = archive.audit_log(actions=["link"])[:1]
    assert entry["target"] == f"document {reply}"
    assert entry["detail"] == {"kind": "answers", "other": request}
    assert unlink_documents(archive, reply, "answers", request)
    assert not unlink_documents(archive, reply, "answers", request)
    assert document_links(archive, reply) == []
    assert archive.audit_log(actions=["unlink"])[-1]["detail"]["other"] == request


def test_senseless_links_are_refused(three):
    archive, (request, reply, _) = three
    with pytest.raises(UsageError, match="itself"):
        link_documents(archive, reply, "answers", reply)
    with pytest.raises(UsageError, match="kind"):
        link_documents(archive, reply, "likes", request)
    with pytest.raises(NotFoundError):
        link_documents(archive, reply, "answers", 999)
    link_documents(archive, reply, "answers", request)
    with pytest.raises(UsageError, match="already answers"):
        link_documents(archive, request, "answers", reply)
    assert document_links(archive) == [DocumentLink(reply, "answers", request)]


def test_links_go_with_a_removed_document(three):
    archive, (request, reply, attachment) = three
    link_documents(archive, reply, "answers", request)
    link_documents(archive, attachment, "attachment_of", reply)
    archive.remove_document(request)
    assert document_links(archive) == [DocumentLink(attachment, "attachment_of", reply)]
    assert archive.check().ok


def test_an_archive_of_version_6_gains_the_links_table(archive_dir, tmp_path):
    with Archive.open(archive_dir) as archive:
        first = _add_text_document(archive, tmp_path, "a.txt", "请示")
        second = _add_text_document(archive, tmp_path, "b.txt", "批复")
        archive.update_document(second, title="关于拨付经费的批复")      # a person's title
        with write_rows_directly(archive) as conn:   # as version 6 imported a file-name title
            conn.execute("UPDATE documents SET title_supplied = 1 WHERE id = ?", (first,))
    as_version_6(archive_dir)
    with Archive.open(archive_dir) as archive:
        assert read_database(archive, "PRAGMA user_version")[0][0] == schema.SCHEMA_VERSION
        link_documents(archive, second, "answers", first)
        assert document_links(archive, first) == [DocumentLink(second, "answers", first)]
        # only the title a person typed stays in [brackets]
        assert (archive.document(first).title_supplied,
                archive.document(second).title_supplied) == (False, True)
