"""A window on a server archive follows what other PCs change, and the connection itself.

About once a second, on the Runner's watch thread, it asks the server for the archive's
generation (the newest audit id: one indexed lookup). When someone else's change moved it,
the list, the catalogue's counts and the search index catch up, so another person's new
document is searchable here within about two seconds of its commit, without a click.

When the server cannot be reached (a restart, a dropped network), the status bar says so,
every change is refused as on a read-only archive, and the window keeps showing and
searching what it has; the next answer of the server restores it by itself. A folder
archive has one writer and needs none of this.
"""

from __future__ import annotations

import logging

from PySide6.QtCore import QObject, QTimer
from PySide6.QtWidgets import QLabel

from ..errors import ArchiveUnreachableError

POLL_MS = 1000
log = logging.getLogger(__name__)


class ServerWatch(QObject):
    """The window's look at its server archive, and the "connection lost" banner."""

    def __init__(self, window):
        super().__init__(window)
        self.window = window
        self.disconnected = False
        self.timer = QTimer(self)
        self.timer.setInterval(POLL_MS)
        self.timer.timeout.connect(self.poll)
        self.banner = QLabel(self.tr("The connection to the server is lost: read-only for now; "
                                     "it reconnects by itself when the server is back"))
        self.banner.setObjectName("connection-lost")
        self.banner.setStyleSheet("color: #c0392b; font-weight: bold; padding: 0 6px;")
        self.banner.hide()
        window.statusBar().addPermanentWidget(self.banner)
        self._archive = None
        self._seen: int | None = None    # the generation the window shows
        self._job = None

    def start(self) -> None:
        """Follow the window's archive (a server archive only)."""
        self.timer.stop()
        self._archive, self._seen, self._job = self.window.archive, None, None
        self.disconnected = False
        self.banner.hide()
        if self._archive is not None and self._archive.server:
            self.timer.start()
            self.poll()

    def poll(self) -> None:
        """Ask the server for the generation, unless the last question is still out."""
        archive = self._archive
        if archive is None or self._job is not None:
            return
        self._job = self.window.runner.run(
            lambda progress, cancel: archive.generation(), watch=True,
            on_done=lambda generation: self._answered(archive, generation),
            on_error=lambda exc: self._failed(archive, exc))

    def _answered(self, archive, generation: int) -> None:
        self._job = None
        if archive is not self.window.archive:
            return
        if self.disconnected:
            self.disconnected = False
            self.banner.hide()
            self.window.connection_changed()
            self.window.notify(self.tr("Connected to the server again"))
        if self._seen is not None and generation != self._seen and \
                archive.changed_by_others(self._seen, generation):
            self.window.follow_changes()
        self._seen = generation

    def _failed(self, archive, exc: BaseException) -> None:
        self._job = None
        if archive is not self.window.archive:
            return
        if isinstance(exc, ArchiveUnreachableError):
            self.lost()
        else:   # asked again in a second: logged, not shown every second
            log.warning("cannot read the server archive's generation: %s", exc)

    def lost(self) -> None:
        """The server cannot be reached (this watch or a change found it so): read-only
        until it answers again."""
        if self.disconnected or self._archive is None or not self._archive.server:
            return
        self.disconnected = True
        self.banner.show()
        self.window.connection_changed()
        self.window.notify(self.banner.text())
