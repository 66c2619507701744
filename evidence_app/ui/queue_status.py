"""A background run over a queue the archive keeps — pages waiting for OCR, documents the
compile would still have to convert — and its part of the status bar: a count and a button to
stop.

A run starts when a writable archive opens and after every import; a start while a run of the
same archive is going makes it run once more when it ends, for what was queued meanwhile.
Stopping, or closing the window, keeps what is done; the next start does the rest, because the
queue is what the archive still lacks. Subclasses say what the run is and its sentences (each
in its own translation context, so the strings are translated where they are written).
"""

from __future__ import annotations

from PySide6.QtCore import QObject
from PySide6.QtWidgets import QHBoxLayout, QLabel, QToolButton, QWidget


class QueueStatus(QObject):
    """The status-bar part and the job behind it; ``_run``, ``_stop_text``,
    ``_stop_tooltip``, ``_counting``, ``_stopped`` and ``_ended`` are the subclass's."""

    def __init__(self, window, label_name: str):
        super().__init__(window)
        self.window = window
        self.widget = QWidget()
        layout = QHBoxLayout(self.widget)
        layout.setContentsMargins(0, 0, 0, 0)
        self.label = QLabel("")
        self.label.setObjectName(label_name)
        self.stop_button = QToolButton()
        self.stop_button.setText(self._stop_text())
        self.stop_button.setToolTip(self._stop_tooltip())
        self.stop_button.clicked.connect(self.stop)
        layout.addWidget(self.label)
        layout.addWidget(self.stop_button)
        self.widget.hide()
        window.statusBar().addPermanentWidget(self.widget)
        self.job = None
        self._archive = None  # the archive the job works for
        self._again = False   # an import queued more while a run was going

    def start(self) -> None:
        archive = self.window.archive
        if self.job is not None and self._archive is archive:
            self._again = True
            return
        self.job, self._archive = None, archive
        self.widget.hide()
        if archive is None or archive.read_only:
            return
        self.job = self._run(archive)

    def stop(self) -> None:
        if self.job is not None:
            self.job.cancel()

    def _progress(self, done: int, total: int, message: str) -> None:
        if total:
            self.label.setText(self._counting().replace("%1", f"{done:,}")
                               .replace("%2", f"{total:,}"))
            self.label.setToolTip(message)
            self.widget.show()

    def _finished(self, report) -> None:
        self.job = None
        self.widget.hide()
        self._ended(report)
        if report.cancelled:
            self._again = False
            self.window.notify(self._stopped())
        elif self._again:
            self._again = False
            self.start()

    def _failed(self, exc: BaseException) -> None:
        self.job, self._again = None, False
        self.widget.hide()
        self.window.job_failed(exc)
