"""The archive tests that concern the Archive's interface run on both homes: an archive
folder (SQLite) and an archive on a PostgreSQL server. Tests of what only a folder has (its
SQLite file, the writer lock, objects/ on disk, the zip backup) use ``folder_archive``."""

from __future__ import annotations

import pytest

from evidence_app.archive.archive import Archive


@pytest.fixture(params=["folder", "server"])
def home(request, archive_dir):
    """Where a fresh archive with the sample catalogue lives: a folder, or a server address."""
    return archive_dir if request.param == "folder" else request.getfixturevalue("server_url")


@pytest.fixture
def archive(home):
    with Archive.open(home) as opened:
        yield opened


@pytest.fixture
def folder_archive(archive_dir):
    with Archive.open(archive_dir) as opened:
        yield opened
