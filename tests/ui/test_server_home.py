"""The window on an archive on a PostgreSQL server: it opens the address, names who is logged
in where, lists and edits documents as on a folder; a read-only login is shown read-only."""

from __future__ import annotations

from evidence_app.archive.archive import Archive
from tests.archive.test_archive import _add_text_document
from tests.pg_cluster import LOGIN

from .conftest import wait_idle


def _open_window(qtbot, location):
    from evidence_app.ui.app import app_settings
    from evidence_app.ui.mainwindow import MainWindow

    win = MainWindow(app_settings(), language="zh_CN")
    win.show()
    qtbot.waitExposed(win)
    assert win.open_archive(location)
    wait_idle(qtbot, win)
    return win


def _close(win) -> None:
    win.close()
    assert win.archive is None
    win.deleteLater()


def test_the_window_opens_a_server_address_and_names_the_login(qtbot, server_url, tmp_path):
    with Archive.open(server_url) as archive:
        doc = _add_text_document(archive, tmp_path)
    win = _open_window(qtbot, server_url)
    try:
        assert win.windowTitle().startswith(f"{LOGIN}@127.0.0.1/")
        assert win.archive_path == server_url and not win.archive.read_only
        assert win.doc_model.row_of(doc) is not None
        assert win.open_archive(server_url)            # the same archive: already open
        assert win.archive.server == server_url
    finally:
        _close(win)


def test_a_password_typed_into_the_address_is_not_kept_in_the_settings(qtbot, server_url):
    with_password = server_url.replace(f"{LOGIN}@", f"{LOGIN}:secret@")
    win = _open_window(qtbot, with_password)            # the test cluster trusts any password
    try:
        assert win.session.recent_archives() == [server_url]
        assert win.settings.value("last_archive") == server_url
    finally:
        _close(win)


def test_a_read_only_login_is_shown_read_only(qtbot, server_url, pg_cluster):
    win = _open_window(qtbot, pg_cluster.read_only_login(server_url))
    try:
        assert win.archive.read_only and win.read_only_badge.isVisible()
        assert win.windowTitle().startswith("inspector@127.0.0.1/")
    finally:
        _close(win)
