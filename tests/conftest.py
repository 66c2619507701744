"""Shared test set-up: offscreen Qt, no network, small catalogues and archives built once.

QT_QPA_PLATFORM is set here, before any Qt import, so tests never need a display. Every
test runs with outbound network connections refused: the program must work offline. The one
server the tests talk to is their own throw-away PostgreSQL cluster on 127.0.0.1
(tests/pg_cluster.py), reached through libpq's own sockets, which the guard does not see.
"""

from __future__ import annotations

import os
import itertools
import shutil
import socket
from pathlib import Path

import pytest

os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")

from tests.catalogue_samples import write_sample_catalogue  # noqa: E402


@pytest.fixture(autouse=True)
def _no_network(monkeypatch):
    """Any attempt to open an internet connection fails the test loudly."""
    real_connect = socket.socket.connect
    real_connect_ex = socket.socket.connect_ex

    def guard(real):
        def connect(self, address):
            if self.family in (socket.AF_INET, socket.AF_INET6):
                raise AssertionError(f"the program tried to open a network connection to "
                                     f"{address}")
            return real(self, address)
        return connect

    monkeypatch.setattr(socket.socket, "connect", guard(real_connect))
    monkeypatch.setattr(socket.socket, "connect_ex", guard(real_connect_ex))


@pytest.fixture(scope="session")
def sample_catalogue(tmp_path_factory) -> Path:
    path = tmp_path_factory.mktemp("catalogue") / "catalogue.xlsx"
    write_sample_catalogue(path)
    return path


@pytest.fixture(scope="session")
def _catalogued_archive_template(tmp_path_factory, sample_catalogue) -> Path:
    from evidence_app.archive.archive import Archive
    from evidence_app.archive.catalogue import read_catalogue

    root = tmp_path_factory.mktemp("template") / "archive"
    with Archive.create(root) as archive:
        archive.import_catalogue(read_catalogue(sample_catalogue))
    return root


@pytest.fixture
def archive_dir(tmp_path, _catalogued_archive_template) -> Path:
    """A fresh copy of an archive holding the sample catalogue and no documents."""
    target = tmp_path / "archive"
    shutil.copytree(_catalogued_archive_template, target)
    return target


@pytest.fixture
def archive(archive_dir):
    from evidence_app.archive.archive import Archive

    with Archive.open(archive_dir) as opened:
        yield opened


@pytest.fixture(scope="session", autouse=True)
def _client_folders(tmp_path_factory):
    """The per-PC folders of server archives (cached originals, search index) go to a
    temporary folder, never the user's cache; subprocesses inherit it."""
    from evidence_app.archive.server import CACHE_ENV

    previous = os.environ.get(CACHE_ENV)
    os.environ[CACHE_ENV] = str(tmp_path_factory.mktemp("client-cache"))
    yield
    if previous is None:
        os.environ.pop(CACHE_ENV, None)
    else:
        os.environ[CACHE_ENV] = previous


@pytest.fixture(scope="session")
def pg_cluster():
    """A PostgreSQL cluster of the test run's own (see tests/pg_cluster.py)."""
    from tests.pg_cluster import Cluster, server_binaries

    binaries = server_binaries()
    if binaries is None:
        pytest.skip("the PostgreSQL server is not installed; scripts/setup installs it")
    cluster = Cluster(binaries)
    cluster.start()
    yield cluster
    cluster.stop()


@pytest.fixture(scope="session")
def _server_template(pg_cluster, sample_catalogue) -> str:
    """A database holding an archive with the sample catalogue, copied for each test."""
    from evidence_app.archive.archive import Archive
    from evidence_app.archive.catalogue import read_catalogue

    pg_cluster.admin("CREATE DATABASE catalogued")
    with Archive.create(pg_cluster.url("catalogued")) as archive:
        archive.import_catalogue(read_catalogue(sample_catalogue))
    return "catalogued"


_databases = itertools.count(1)


@pytest.fixture
def server_url(pg_cluster, _server_template) -> str:
    """The address of a fresh server archive holding the sample catalogue and no documents."""
    name = f"archive_{next(_databases)}"
    pg_cluster.admin(f"CREATE DATABASE {name} TEMPLATE {_server_template}")
    yield pg_cluster.url(name)
    pg_cluster.admin(f"DROP DATABASE {name} WITH (FORCE)")


@pytest.fixture
def empty_server_url(pg_cluster) -> str:
    """The address of a new, empty database (no archive in it yet)."""
    name = f"empty_{next(_databases)}"
    pg_cluster.admin(f"CREATE DATABASE {name}")
    yield pg_cluster.url(name)
    pg_cluster.admin(f"DROP DATABASE {name} WITH (FORCE)")
