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


def _search(qtbot, win, text: str) -> None:
    win.search_box.setText(text)
    win.search.run_search()
    qtbot.waitUntil(lambda: text in win.search.label.text(), timeout=20000)


def test_another_pcs_new_document_appears_by_itself_and_is_searchable(qtbot, server_url,
                                                                      tmp_path):
    with Archive.open(server_url) as other:
        first = _add_text_document(other, tmp_path)
        win = _open_window(qtbot, server_url)
        try:
            win.tree.setCurrentIndex(win.tree_model.index(0, 0))          # all documents
            win.documents.select_ids([first])
            win.details.note.setPlainText("正在填写")
            followed = []
            win.search.index.sync = _counting(win.search.index.sync, followed)
            second = _add_text_document(other, tmp_path, name="b.txt", text="另一台电脑的台账")
            qtbot.waitUntil(lambda: win.doc_model.row_of(second) is not None, timeout=20000)
            qtbot.waitUntil(lambda: bool(followed), timeout=20000)   # the index, unasked
            assert win.documents.selected_ids() == [first]      # the user's place is kept
            assert win.details.note.toPlainText() == "正在填写"
            _search(qtbot, win, "台账")
            assert [win.hits_model.hit(r).id for r in range(win.hits_model.rowCount())] == \
                [second]
        finally:
            _close(win)


def _counting(method, calls: list):
    def counted(*args, **kwargs):
        calls.append(1)
        return method(*args, **kwargs)
    return counted


def test_the_window_refreshes_for_others_changes_not_for_its_own(qtbot, server_url, tmp_path):
    with Archive.open(server_url) as other:
        doc = _add_text_document(other, tmp_path)
    win = _open_window(qtbot, server_url)
    try:
        seen = win.archive.generation()
        win.archive.tag([doc], requirements=["1.1.1"])
        assert not win.archive.changed_by_others(seen, win.archive.generation())
        with Archive.open(server_url) as other:
            other.tag([doc], requirements=["1.1.2"])
        assert win.archive.changed_by_others(seen, win.archive.generation())
    finally:
        _close(win)


def test_a_lost_server_makes_the_window_read_only_until_it_is_back(qtbot, server_url,
                                                                  pg_cluster, tmp_path):
    with Archive.open(server_url) as archive:
        doc = _add_text_document(archive, tmp_path, text="网格化工作会议纪要")
    win = _open_window(qtbot, server_url)
    try:
        _search(qtbot, win, "纪要")                # the index is built while the server is up
        qtbot.waitUntil(lambda: win.details.doc is not None and win.details.doc.id == doc,
                        timeout=20000)
        assert win.add_files_action.isEnabled()
        pg_cluster.pause()
        try:
            qtbot.waitUntil(lambda: win.server_watch.disconnected, timeout=20000)
            assert win.server_watch.banner.isVisible()
            assert "与服务器的连接已断开" in win.server_watch.banner.text()
            assert not win.add_files_action.isEnabled() and not win.tag_action.isEnabled()
            dropped = tmp_path / "新文件.txt"
            dropped.write_text("断网时拖入", encoding="utf-8")
            win.import_paths([dropped])
            assert "与服务器的连接已断开" in win.last_message
            _search(qtbot, win, "会议")             # search goes on, on this PC's index
            assert win.hits_model.rowCount() == 1 and win.hits_model.hit(0).id == doc
            assert "会议" in win.hits_model.hit(0).snippet
            win.details.note.setPlainText("断网时填写的备注")
            win.details.save()                      # refused on the writer thread ...
            qtbot.waitUntil(lambda: "与服务器的连接已断开" in win.details.error.text(),
                            timeout=20000)
            assert win.details.note.toPlainText() == "断网时填写的备注"   # ... what was typed stays
            assert win.details.unsaved.isVisible()
        finally:
            pg_cluster.resume()
        qtbot.waitUntil(lambda: not win.server_watch.disconnected, timeout=20000)
        assert not win.server_watch.banner.isVisible() and win.add_files_action.isEnabled()
        assert win.details.save()
        qtbot.waitUntil(lambda: not win.runner.write_pool.activeThreadCount(), timeout=20000)
        assert win.archive.document(doc).note == "断网时填写的备注"
    finally:
        _close(win)
