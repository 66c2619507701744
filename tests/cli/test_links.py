"""`link`, `unlink`, `show`'s links and `order` through `evidence_app.cli.main`."""

from __future__ import annotations

import pytest

from evidence_app.archive import Archive
from evidence_app.errors import UsageError
from tests.export.helpers import add_pdf

from .test_commands import run


@pytest.fixture
def papers(archive_dir, tmp_path):
    with Archive.open(archive_dir) as archive:
        request = add_pdf(archive, tmp_path, "req.pdf", 1, ["3.2.1"], date="20210301",
                          title="关于请求拨付经费的请示")
        reply = add_pdf(archive, tmp_path, "reply.pdf", 1, ["3.2.1"], date="20210401",
                        title="关于拨付经费的批复")
        table = add_pdf(archive, tmp_path, "table.pdf", 1, ["3.2.1"], date="20210501",
                        title="经费明细表")
    return archive_dir, request, reply, table


def _order(capsys, archive_dir, *ids):
    code, data = run(capsys, "order", archive_dir, "requirement:3.2.1", *ids, "--json")
    assert code == 0
    return [d["id"] for d in data["documents"]], data["manual"]


def test_link_show_and_unlink(papers, capsys):
    archive_dir, request, reply, table = papers
    code, data = run(capsys, "link", archive_dir, reply, "--answers", request, "--json")
    assert code == 0 and data["linked"] is True
    run(capsys, "link", archive_dir, table, "--attachment-of", request)
    code, shown = run(capsys, "show", archive_dir, request, "--json")
    assert shown["links"] == [{"document": reply, "kind": "answers", "other": request},
                              {"document": table, "kind": "attachment_of", "other": request}]
    code, text = run(capsys, "show", archive_dir, request)
    assert f"is answered by {reply} 关于拨付经费的批复" in text
    assert f"has the attachment {table} 经费明细表" in text
    code, data = run(capsys, "unlink", archive_dir, table, "--attachment-of", request, "--json")
    assert data["unlinked"] is True
    assert len(run(capsys, "show", archive_dir, request, "--json")[1]["links"]) == 1
    assert main_exit(capsys, "link", archive_dir, reply, "--answers", reply) == UsageError.exit_code


def main_exit(capsys, *argv) -> int:
    code = run(capsys, *argv)[0]
    capsys.readouterr()
    return code


def test_order_shows_follows_links_sets_and_clears_the_manual_order(papers, capsys):
    archive_dir, request, reply, table = papers
    assert _order(capsys, archive_dir) == ([request, reply, table], [])
    run(capsys, "link", archive_dir, reply, "--answers", request)
    assert _order(capsys, archive_dir) == ([reply, request, table], [])
    assert _order(capsys, archive_dir, table, request) == ([table, request, reply],
                                                           [table, request])
    code, data = run(capsys, "order", archive_dir, "requirement:3.2.1", "--clear", "--json")
    assert data["manual"] == [] and [d["id"] for d in data["documents"]] == [reply, request,
                                                                             table]
    assert main_exit(capsys, "order", archive_dir, "requirement:3.2.1", 999) \
        == UsageError.exit_code
    assert main_exit(capsys, "order", archive_dir, "requirement:9.9.9") == UsageError.exit_code
