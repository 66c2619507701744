"""The open archive of a window: opening (and what to do when someone else holds it),
closing, creating, and the list of recent archives.

Opening is the core's ``Archive.open``; this module only asks the user the questions the
core cannot answer (open read-only, or take over a lock whose program is gone) and hands
the opened archive to the window. Everything said about a lock is built from the lock's
holder in the window's language, never from the core's English message.
"""

from __future__ import annotations

from pathlib import Path

from PySide6.QtCore import QObject
from PySide6.QtWidgets import QFileDialog, QMessageBox

from ..archive import Archive, archive_location, without_password
from ..archive import current_host
from ..errors import ArchiveLockedError, ArchiveTooNewError, EvidenceError, NotAnArchiveError

MAX_RECENT = 8


class ArchiveSession(QObject):
    """Opens and closes the window's archive and remembers the recent ones."""

    def __init__(self, window):
        super().__init__(window)
        self.window = window
        self.settings = window.settings

    # ------------------------------------------------------------------ opening, closing
    def open_archive(self, path, read_only: bool = False,
                     take_over_from: dict | None = None) -> bool:
        """Open an archive folder (or a ``postgresql://`` address); on failure the reason is
        shown and False returned.

        ``take_over_from``: the holder of an abandoned writer lock the user chose to take
        over (see ``Archive.open``).
        """
        path = archive_location(str(path))
        if not self.window.details.leave(self.window.ask, wait=True):
            return False
        current = self.window.archive
        if current is not None and _same_archive(current, path):
            # reopening the archive in use (another mode, a take-over) must free it first
            if current.read_only == read_only and take_over_from is None:
                self.window.notify(self.tr("%1 is already open").replace("%1", str(path)))
                return True
            self.close_archive()
        # the archive in use stays open until the new one has opened
        try:
            archive = Archive.open(path, read_only=read_only, take_over_from=take_over_from)
        except ArchiveLockedError as exc:
            choice = "cancel" if self.window.quiet else self.choose_when_locked(exc)
            if choice == "read-only":
                return self.open_archive(path, read_only=True)
            if choice == "take-over":
                return self.open_archive(path, take_over_from=exc.holder)
            self.window.notify(self.lock_text(exc))  # already read in the question
            return False
        except NotAnArchiveError as exc:
            self.window.notify_error(self.not_an_archive_text(path), exc.message)
            return False
        except ArchiveTooNewError as exc:
            self.window.notify_error(self.tr(
                "%1 was written by a newer version of this program; open it with that "
                "version.").replace("%1", str(path)), exc.message)
            return False
        except EvidenceError as exc:
            self.window.job_failed(exc)
            return False
        self.close_archive()
        self._remember(path)
        self.window.show_archive(archive)
        self.window.notify(
            (self.tr("Opened %1 read-only: you can search and show evidence but not change "
                     "anything") if archive.read_only else self.tr("Opened %1")
             ).replace("%1", str(path)))
        return True

    def close_archive(self) -> None:
        """Stop the archive's work, forget its undo steps, and close it."""
        archive = self.window.archive
        if archive is None:
            return
        self.window.show_archive(None)
        archive.close()

    def not_an_archive_text(self, path: Path) -> str:
        """Why ``path`` did not open, in the window's language (the core's English detail
        goes to the message's details)."""
        if isinstance(path, Path) and not path.is_dir():
            return self.tr("The folder %1 does not exist (it may have been moved, renamed or "
                           "be on a drive that is not connected).").replace("%1", str(path))
        return self.tr("%1 is not an evidence archive, or its database is damaged.").replace(
            "%1", str(path))

    def lock_text(self, exc: ArchiveLockedError) -> str:
        """Who holds the archive, in the window's language."""
        holder = exc.holder
        if not holder:
            return self.tr("The archive is being edited in another program.")
        return self.tr("The archive is being edited by %1 on computer %2 (process %3) since "
                       "%4.").replace("%1", str(holder.get("user"))).replace(
            "%2", str(holder.get("host"))).replace("%3", str(holder.get("pid"))).replace(
            "%4", str(holder.get("since", "")).replace("T", " "))

    def choose_when_locked(self, exc: ArchiveLockedError) -> str:
        """Someone else holds the archive: "read-only" (always safe: search and inspection
        work), "take-over" (when their program is known to be gone) or "cancel"."""
        holder = exc.holder or {}
        box = QMessageBox(QMessageBox.Warning, self.tr("Archive in use"),
                          self.lock_text(exc) + "\n\n" + self.tr(
                              "You can open it read-only to search and show evidence. If that "
                              "program has been closed, or that computer crashed or was "
                              "switched off, you can take the archive over; never do this "
                              "while it is still open there."), QMessageBox.NoButton,
                          self.window)
        read_only = box.addButton(self.tr("Open read-only"), QMessageBox.AcceptRole)
        take_over = box.addButton(self.tr("Take over (it is closed there)"),
                                  QMessageBox.DestructiveRole)
        box.addButton(QMessageBox.Cancel)
        box.setDefaultButton(read_only)
        # a lock of this computer that was not cleared as stale belongs to a live program
        take_over.setEnabled(bool(holder) and holder.get("host") != current_host())
        box.exec()
        clicked = box.clickedButton()
        return ("read-only" if clicked is read_only else
                "take-over" if clicked is take_over else "cancel")

    # ------------------------------------------------------------------ new, open dialogs
    def new_archive_dialog(self) -> None:
        folder = QFileDialog.getExistingDirectory(self.window, self.tr(
            "Choose an empty folder for the new archive"))
        if not folder:
            return
        try:
            Archive.create(Path(folder)).close()
        except EvidenceError as exc:
            self.window.job_failed(exc)
            return
        self.open_archive(folder)

    def open_archive_dialog(self) -> None:
        folder = QFileDialog.getExistingDirectory(self.window,
                                                  self.tr("Open an archive folder"))
        if folder:
            self.open_archive(folder)

    # ------------------------------------------------------------------ recent archives
    def _remember(self, path: Path | str) -> None:
        where = without_password(str(path))   # a password typed into an address: never kept
        recent = [p for p in self.recent_archives() if p != where]
        self.settings.setValue("recent_archives", [where] + recent[:MAX_RECENT - 1])
        self.settings.setValue("last_archive", where)
        self.settings.sync()

    def recent_archives(self) -> list[str]:
        """The saved list, newest first. An INI file stores a one-entry list as a bare
        string, which ``type=list`` turns back into a list (never into its characters)."""
        value = self.settings.value("recent_archives", [], type=list)
        return [str(p) for p in value if p]

    def fill_recent_menu(self, menu) -> None:
        menu.clear()
        for path in self.recent_archives():
            action = menu.addAction(path)
            action.triggered.connect(lambda _=False, p=path: self.open_archive(p))
        if not self.recent_archives():
            menu.addAction(self.tr("(none)")).setEnabled(False)


def _same_archive(archive, where) -> bool:
    """Whether ``archive`` is the one at ``where`` (a folder, or a server's address)."""
    if archive.server or not isinstance(where, Path):
        return archive.server == where
    try:
        return archive.root.resolve() == where.resolve()
    except OSError:
        return False
