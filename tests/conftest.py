"""Shared test set-up: offscreen Qt, no network, small catalogues and archives built once.

QT_QPA_PLATFORM is set here, before any Qt import, so tests never need a display. Every
test runs with outbound network connections refused: the program must work offline.
"""

from __future__ import annotations

import os
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
