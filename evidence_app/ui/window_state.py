"""The window's layout across launches: size and place (maximised or not), the splitter
between catalogue, list and details, and the document list's column widths.

Saved when the window closes, restored when it is built. On the first start, or when the
saved place is on a screen that is gone, the window is fitted to the screen it opens on, so
a 1280×720 laptop never gets a window larger than its screen.
"""

from __future__ import annotations

from PySide6.QtCore import QObject, QSize
from PySide6.QtGui import QGuiApplication

PREFIX = "window/"
# share of the free screen a first window takes, leaving room for the window's frame
SCREEN_SHARE = 0.92


class WindowLayout(QObject):
    """Saves and restores the layout of one main window in its settings."""

    def __init__(self, window):
        super().__init__(window)
        self.window = window

    def _parts(self) -> dict:
        """Every part whose state is kept, by the settings key it is kept under."""
        return {"splitter": self.window.splitter,
                "document_columns": self.window.table.horizontalHeader()}

    def restore(self) -> None:
        settings = self.window.settings
        geometry = settings.value(PREFIX + "geometry")
        if geometry is None or not self.window.restoreGeometry(geometry) or \
                not self._on_a_screen():
            self.fit_to_screen()
        for key, part in self._parts().items():
            state = settings.value(PREFIX + key)
            if state is not None:
                part.restoreState(state)

    def save(self) -> None:
        settings = self.window.settings
        settings.setValue(PREFIX + "geometry", self.window.saveGeometry())
        for key, part in self._parts().items():
            settings.setValue(PREFIX + key, part.saveState())
        settings.sync()

    def _on_a_screen(self) -> bool:
        frame = self.window.frameGeometry()
        return any(screen.availableGeometry().intersects(frame)
                   for screen in QGuiApplication.screens())

    def fit_to_screen(self) -> None:
        """The window's preferred size, shrunk to the free area of its screen, centred."""
        screen = self.window.screen() or QGuiApplication.primaryScreen()
        if screen is None:
            return
        free = screen.availableGeometry()
        wanted = self.window.sizeHint()
        size = QSize(min(wanted.width(), int(free.width() * SCREEN_SHARE)),
                     min(wanted.height(), int(free.height() * SCREEN_SHARE)))
        size = size.expandedTo(self.window.minimumSize())
        self.window.resize(size)
        self.window.move(free.x() + (free.width() - size.width()) // 2,
                         free.y() + (free.height() - size.height()) // 2)
