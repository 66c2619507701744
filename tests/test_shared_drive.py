"""One archive on a shared drive, two computers.

The second computer is a real second process with its own host name: it runs in a private
UTS namespace (``unshare -ru``, then ``hostname OFFICE-PC-2``), so the lock it writes names
another machine exactly as a colleague's PC on the share would. Where namespaces are not
allowed the cross-machine tests are skipped; the network-share detection tests always run.
"""

from __future__ import annotations

import json
import shutil
import sqlite3
import subprocess
import sys
import textwrap
from pathlib import Path

import pytest

from evidence_app.archive import archive as archive_module
from evidence_app.archive.archive import Archive
from evidence_app.cli import main
from evidence_app.errors import ArchiveLockedError
from tests.archive_states import read_database

OTHER_HOST = "OFFICE-PC-2"
ROOT = Path(__file__).resolve().parent.parent


def _namespaces_work() -> bool:
    if not shutil.which("unshare"):
        return False
    probe = subprocess.run(["unshare", "-ru", "sh", "-c", f"hostname {OTHER_HOST} && hostname"],
                           capture_output=True, text=True)
    return probe.returncode == 0 and probe.stdout.strip() == OTHER_HOST


needs_namespaces = pytest.mark.skipif(sys.platform != "linux" or not _namespaces_work(),
                                      reason="needs user namespaces (unshare -ru)")


class OtherComputer:
    """A Python process on "another computer" running ``body`` (which opens ``archive``
    from ``archive_dir``); it prints a line when ready and closes the archive and ends when
    told to (its stdin closes)."""

    def __init__(self, archive_dir: Path, body: str):
        script = textwrap.dedent(f"""
            import sys
            sys.path.insert(0, {str(ROOT)!r})
            from pathlib import Path
            from evidence_app.archive.archive import Archive
            archive_dir = Path({str(archive_dir)!r})
        """) + textwrap.dedent(body) + textwrap.dedent("""
            print("ready", flush=True)
            sys.stdin.read()
            archive.close()
        """)
        self.proc = subprocess.Popen(
            ["unshare", "-ru", "sh", "-c", f'hostname {OTHER_HOST} && exec "$0" -c "$1"',
             sys.executable, script],
            stdin=subprocess.PIPE, stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True)
        line = self.proc.stdout.readline()
        if line.strip() != "ready":
            self.proc.kill()
            raise AssertionError(f"the other computer failed: {line}{self.proc.stderr.read()}")

    def finish(self) -> None:
        self.proc.stdin.close()
        assert self.proc.wait(30) == 0, self.proc.stderr.read()

    def crash(self) -> None:
        self.proc.kill()
        self.proc.wait(30)


@needs_namespaces
def test_a_crashed_colleague_s_lock_is_named_and_taken_over_only_when_confirmed(
        archive_dir, capsys):
    colleague = OtherComputer(archive_dir, "archive = Archive.open(archive_dir)")
    with pytest.raises(ArchiveLockedError, match=f"open for writing by .* on {OTHER_HOST}") as info:
        Archive.open(archive_dir)
    assert info.value.holder["host"] == OTHER_HOST
    assert main(["stats", str(archive_dir), "--json"]) == 0      # readers keep working
    capsys.readouterr()

    colleague.crash()  # switched off with the archive open: its lock stays behind
    with pytest.raises(ArchiveLockedError, match=OTHER_HOST):
        Archive.open(archive_dir)  # another machine's process cannot be proved dead from here
    assert main(["unlock", str(archive_dir)]) == 4               # not without confirmation
    assert "--yes" in capsys.readouterr().err
    assert (archive_dir / "archive.lock").exists()

    assert main(["unlock", str(archive_dir), "--yes", "--json"]) == 0
    assert json.loads(capsys.readouterr().out)["holder"]["host"] == OTHER_HOST
    with Archive.open(archive_dir) as archive:
        [entry] = [e for e in archive.audit_log() if e["action"] == "take-over"]
        assert entry["detail"]["from"]["host"] == OTHER_HOST
    assert not (archive_dir / "archive.lock").exists()
    assert main(["check", str(archive_dir)]) == 0


@needs_namespaces
def test_the_program_whose_lock_was_taken_over_saves_nothing_more(archive_dir, tmp_path):
    from tests.archive.test_archive import _add_text_document

    mine = Archive.open(archive_dir)
    doc_id = _add_text_document(mine, tmp_path)
    holder = json.loads((archive_dir / "archive.lock").read_text())
    # the colleague wrongly judged this program closed and took the archive over
    colleague = OtherComputer(archive_dir, f"""
        archive = Archive.open(archive_dir, take_over_from={holder!r})
        archive.tag([{doc_id}], ["1.1.2"])
    """)
    with pytest.raises(ArchiveLockedError, match=f"{OTHER_HOST} took this archive over"):
        mine.tag([doc_id], ["3.2.1"])
    mine.close()  # must not remove the colleague's lock
    assert json.loads((archive_dir / "archive.lock").read_text())["host"] == OTHER_HOST
    colleague.finish()
    with Archive.open(archive_dir) as archive:
        assert archive.document(doc_id).requirements == ["1.1.2"]   # theirs, not ours
        assert archive.check().ok


def test_a_live_program_on_this_computer_cannot_be_taken_over(archive_dir):
    with Archive.open(archive_dir):
        holder = json.loads((archive_dir / "archive.lock").read_text())
        with pytest.raises(ArchiveLockedError, match="still running on this computer"):
            Archive.open(archive_dir, take_over_from=holder)


def test_a_lock_file_deleted_by_hand_is_written_again_before_the_next_change(archive,
                                                                               tmp_path):
    from tests.archive.test_archive import _add_text_document

    (archive.root / "archive.lock").unlink()
    _add_text_document(archive, tmp_path)
    assert (archive.root / "archive.lock").exists()
    with pytest.raises(ArchiveLockedError):
        Archive.open(archive.root)


@pytest.mark.parametrize("fstype", ["cifs", "smb3", "nfs4"])
def test_an_archive_on_a_network_share_uses_the_rollback_journal(archive_dir, tmp_path,
                                                                 monkeypatch, fstype):
    mounts = tmp_path / "mounts"
    mounts.write_text(f"/dev/sda1 / ext4 rw 0 0\n//fileserver/综治办 {archive_dir.parent} "
                      f"{fstype} rw 0 0\n")
    monkeypatch.setattr(archive_module, "MOUNTS", mounts)
    assert archive_module.is_network_path(archive_dir)
    with Archive.open(archive_dir) as archive:
        assert read_database(archive, "PRAGMA journal_mode")[0][0] == "delete"
        archive.set_setting("retention", "永久")
        assert not (archive_dir / "archive.sqlite-wal").exists()
        with Archive.open(archive_dir, read_only=True) as reader:   # a colleague reading
            assert reader.setting("retention") == "永久"
    assert sqlite3.connect(archive_dir / "archive.sqlite").execute(
        "PRAGMA journal_mode").fetchone()[0] == "delete"


def test_a_local_disk_uses_wal(archive_dir, tmp_path, monkeypatch):
    mounts = tmp_path / "mounts"
    mounts.write_text(f"/dev/sda1 / ext4 rw 0 0\n/dev/sdb1 {archive_dir.parent} ext4 rw 0 0\n")
    monkeypatch.setattr(archive_module, "MOUNTS", mounts)
    assert not archive_module.is_network_path(archive_dir)
    with Archive.open(archive_dir) as archive:
        assert read_database(archive, "PRAGMA journal_mode")[0][0] == "wal"
