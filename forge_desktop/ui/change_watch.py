"""Noticing others' changes: a window on a shared database asks the change log every few
seconds (one indexed query, in the worker) whether someone else wrote, and offers a refresh.

A button in the status line ("2 changes by ann — Refresh") appears when they did; the
window's own writes only move the mark on.
"""

from __future__ import annotations

from PySide6.QtCore import QObject, QTimer, Signal
from PySide6.QtWidgets import QPushButton

from ..core.changes import OthersChanges, others_changes
from .worker import QueryRunner


class ChangeWatch(QObject):
    """Polls the change log; ``othersChanged`` when change sets of other authors arrive."""

    othersChanged = Signal(object)  # OthersChanges, count > 0
    INTERVAL_MS = 5000

    def __init__(self, runner: QueryRunner, parent: QObject | None = None):
        super().__init__(parent)
        self.runner = runner
        self.seen: int | None = None  # the newest change set this window has shown
        self.pending = OthersChanges(0, 0, ())  # others' change sets not yet refreshed
        self._asking = False
        self.timer = QTimer(self)
        self.timer.setInterval(self.INTERVAL_MS)
        self.timer.timeout.connect(self.poll)

    def start(self) -> None:
        self.poll()
        self.timer.start()

    def poll(self) -> None:
        if self._asking or self.runner.engine is None:
            return
        self._asking = True
        after = self.seen
        self.runner.submit(lambda s: others_changes(s, after), self._answered,
                           lambda _error: self._failed())

    def _failed(self) -> None:
        self._asking = False  # the server away for a moment: ask again next time

    def _answered(self, found: OthersChanges) -> None:
        self._asking = False
        self.seen = max(self.seen or 0, found.latest)
        if found.count:
            authors = tuple(dict.fromkeys((*self.pending.authors, *found.authors)))
            self.pending = OthersChanges(found.latest, self.pending.count + found.count, authors)
            self.othersChanged.emit(self.pending)

    def refreshed(self) -> None:
        """The window has reloaded everything: what others wrote so far is on screen."""
        self.pending = OthersChanges(0, 0, ())


class RefreshButton(QPushButton):
    """The status line's offer: who changed how much, click to refresh."""

    def __init__(self) -> None:
        super().__init__()
        self.setObjectName("othersChanged")
        self.hide()

    def offer(self, found: OthersChanges) -> None:
        self.setText(self.tr("%n change(s) by {0} — Refresh", "", found.count)
                     .format(", ".join(found.authors)))
        self.setToolTip(self.tr("Others changed the records since this window last read them. "
                                "Refresh keeps your filters, selection and scroll position."))
        self.show()
