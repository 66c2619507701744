"""Several people on one server archive at once: four processes importing and tagging,
each change its own transaction with its audit row; every change arrives and the audit log
agrees with the data."""

from __future__ import annotations

import os
import subprocess
import sys
import time
from pathlib import Path

from evidence_app.archive.archive import Archive
from tests.archive.test_archive import _add_text_document
from tests.pg_cluster import LOGIN

ROOT = Path(__file__).resolve().parent.parent.parent


def test_four_clients_import_and_tag_at_once_and_nothing_is_lost(server_url, tmp_path):
    with Archive.open(server_url) as archive:
        shared = [_add_text_document(archive, tmp_path, name=f"shared{n}.txt",
                                     text=f"共同材料{n}") for n in range(3)]
        codes = [r.code for r in archive.requirements()][:4]
        start = archive.generation()
    go = tmp_path / "go"
    env = dict(os.environ, PYTHONPATH=str(ROOT))
    members = [subprocess.Popen([sys.executable, "-m", "tests.archive.team_client", server_url,
                                 str(k), codes[k], str(tmp_path), str(go)], env=env, cwd=ROOT)
               for k in range(4)]
    while not all((tmp_path / f"ready-{k}").exists() for k in range(4)):
        assert all(m.poll() is None for m in members), "a team member failed to start"
        time.sleep(0.05)
    go.touch()
    assert [m.wait(timeout=120) for m in members] == [0, 0, 0, 0]

    with Archive.open(server_url) as archive:
        assert archive.stats()["documents"] == 3 + 4 * 5 + 1     # the common file once
        for k, code in enumerate(codes):
            own = archive.documents(requirement=code)
            assert {d.original_name for d in own} == (
                {f"member{k}-{n}.txt" for n in range(5)} | {f"shared{n}.txt" for n in range(3)})
        log = archive.audit_log(since="0")
        later = [e for e in log if e["id"] > start]
        # a repeated tag changes nothing; the common file was added by one member only
        assert sorted(e["action"] for e in later) == ["add"] * 21 + ["tag"] * 32
        assert all(e["user"] == LOGIN for e in later)
        tagged = {(int(e["target"].split()[1]), c) for e in later if e["action"] == "tag"
                  for c in e["detail"]["added_requirements"]}
        assert len(tagged) == 32                       # each audit row is one change made
        assert tagged == {(doc, code) for doc, code in archive.tag_pairs().requirements}
        assert archive.generation() == log[-1]["id"] == len(log)   # no gap, no reordering
        assert archive.check().ok


KILLED_CLIENT = """
import sys, time
from pathlib import Path
from evidence_app.archive import Archive, NewDocument, sha256_of

url, marker, folder = sys.argv[1:4]

def stop_here(self, name):   # asked inside the import's transaction, after its first record
    Path(marker).touch()
    time.sleep(600)

Archive.unit_id = stop_here
batch, sources = [], []
for n in range(2):
    source = Path(folder) / f"killed{n}.txt"
    source.write_text(f"被中断的导入{n}", encoding="utf-8")
    sha, size = sha256_of(source)
    batch.append(NewDocument(sha256=sha, size=size, original_name=source.name, ext=".txt",
                             kind="text", title=source.stem, title_supplied=False,
                             doc_number=None, date=None, pages=1, page_texts=["x"],
                             has_text=True, source_unit="市司法局" if n else None))
    sources.append(source)
with Archive.open(url) as archive:
    archive.add_documents(batch, sources)
"""


def test_a_client_killed_mid_transaction_leaves_nothing_half_written(server_url, tmp_path):
    with Archive.open(server_url) as archive:
        generation = archive.generation()
    marker = tmp_path / "in-transaction"
    child = subprocess.Popen([sys.executable, "-c", KILLED_CLIENT, server_url, str(marker),
                              str(tmp_path)], env=dict(os.environ, PYTHONPATH=str(ROOT)),
                             cwd=ROOT)
    try:
        while not marker.exists():
            assert child.poll() is None, "the client ended before its transaction"
            time.sleep(0.05)
    finally:
        child.kill()
        child.wait()
    with Archive.open(server_url) as archive:
        assert archive.document_ids() == [] and archive.generation() == generation
        assert archive.check().ok                  # its uploaded originals: a harmless note
        again = _add_text_document(archive, tmp_path, name="killed0.txt", text="被中断的导入0")
        assert archive.document_ids() == [again]   # nothing of the killed one holds a lock
