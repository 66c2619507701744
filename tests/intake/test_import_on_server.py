"""Importing into a server archive while the server restarts or the connection is cut: the
batch cut off is sent again, and nothing is ever half-imported."""

from __future__ import annotations

import pytest

from evidence_app.archive.archive import Archive
from evidence_app.errors import ArchiveUnreachableError
from evidence_app.intake import ImportItem, import_items
from evidence_app.intake import pipeline


def _items(tmp_path) -> list[ImportItem]:
    items = []
    for n, text in enumerate(["关于网格化管理的通知", "矛盾纠纷排查会议纪要"]):
        path = tmp_path / f"doc{n}.txt"
        path.write_text(text, encoding="utf-8")
        items.append(ImportItem(path, unit="市司法局"))
    return items


def _cut_inside_the_transaction(monkeypatch, cut, times: int) -> list[str]:
    """Call ``cut()`` (a restart, a killed connection) inside the first ``times`` import
    transactions, where the document's unit is looked up."""
    cuts: list[str] = []
    real_unit_id = Archive.unit_id

    def unit_id(self, name):
        if len(cuts) < times:
            cuts.append(name)
            cut()
        return real_unit_id(self, name)
    monkeypatch.setattr(Archive, "unit_id", unit_id)
    monkeypatch.setattr(pipeline, "RECONNECT_WAITS", (0.05, 0.05, 0.05))
    return cuts


def test_a_server_restart_during_an_import_is_reported_and_retried(server_url, pg_cluster,
                                                                   tmp_path, monkeypatch):
    cuts = _cut_inside_the_transaction(monkeypatch, pg_cluster.restart, times=1)
    with Archive.open(server_url) as archive:
        report = import_items(archive, _items(tmp_path), workers=1)
    assert cuts and not report.errors and len(report.added) == 2
    assert any("connection to the archive server was lost" in w["message"]
               for w in report.warnings)
    with Archive.open(server_url) as other:
        assert sorted(other.document_ids()) == sorted(a["id"] for a in report.added)
        assert other.check().ok


def test_a_server_that_stays_away_ends_the_import_with_nothing_half_imported(
        server_url, pg_cluster, tmp_path, monkeypatch):
    database = server_url.rsplit("/", 1)[1]

    def kill_the_connection():
        pg_cluster.admin("SELECT pg_terminate_backend(pid) FROM pg_stat_activity WHERE "
                         f"datname = '{database}' AND application_name = 'evidence-app'")
    cuts = _cut_inside_the_transaction(monkeypatch, kill_the_connection, times=100)
    with Archive.open(server_url) as archive:
        generation = archive.generation()
        with pytest.raises(ArchiveUnreachableError, match="was not saved"):
            import_items(archive, _items(tmp_path), workers=1)
    assert len(cuts) == len(pipeline.RECONNECT_WAITS) + 1
    with Archive.open(server_url) as other:
        assert other.document_ids() == [] and other.generation() == generation
        assert other.check().ok
