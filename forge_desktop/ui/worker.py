"""Running queries off the UI thread.

:meth:`QueryRunner.submit` hands ``work(session)`` to a thread pool; the work gets its own
short session, and its result, or the exception it raised, is delivered to a callback on the
UI thread. A failure travels as the exception object, not its text: the caller decides how
to word it (``str(error)`` in a message) and can tell one kind of failure from another,
while the worker logs the traceback so a crash is in the log file whatever the caller shows.
Callers tag their callbacks with the generation of the question they asked and drop answers
to older questions, so a slow answer never overwrites a newer one.
"""

from __future__ import annotations

import logging
from collections.abc import Callable
from typing import Any

from PySide6.QtCore import QObject, QRunnable, Qt, QThreadPool, Signal, Slot
from sqlalchemy import Engine
from sqlalchemy.orm import Session

from ..core.errors import ForgeError

log = logging.getLogger(__name__)

OnDone = Callable[[Any], None]  # receives what the work returned
OnFailure = Callable[[BaseException], None]  # receives what the work raised; str() it to show it


class _Relay(QObject):
    """Lives on the UI thread; carries one job's outcome there through a queued signal."""

    finished = Signal(object)
    failed = Signal(object)  # the exception itself

    def __init__(self, done: OnDone, failed: OnFailure | None, parent: QObject):
        super().__init__(parent)
        self._done, self._failed = done, failed
        self.finished.connect(self._deliver, Qt.ConnectionType.QueuedConnection)
        self.failed.connect(self._report, Qt.ConnectionType.QueuedConnection)

    @Slot(object)
    def _deliver(self, result: Any) -> None:
        try:
            self._done(result)
        finally:
            self.deleteLater()

    @Slot(object)
    def _report(self, error: BaseException) -> None:
        try:
            if self._failed is not None:
                self._failed(error)
        finally:
            self.deleteLater()


class _Job(QRunnable):
    def __init__(self, engine: Engine, work: Callable[[Session], Any], relay: _Relay):
        super().__init__()
        self.engine, self.work, self.relay = engine, work, relay

    def run(self) -> None:
        try:
            with Session(self.engine) as session:
                result = self.work(session)
        except Exception as exc:  # reported to the UI thread, never lost
            if isinstance(exc, ForgeError):  # said to the user; not a bug to trace
                log.info("background work refused: %s", exc)
            else:
                log.exception("background query failed")
            self.relay.failed.emit(exc)
            return
        self.relay.finished.emit(result)


class QueryRunner(QObject):
    """A small pool of worker threads sharing one engine, one session per job."""

    def __init__(self, engine: Engine, parent: QObject | None = None, threads: int = 2):
        super().__init__(parent)
        self.engine = engine
        self.pool = QThreadPool(self)
        self.pool.setMaxThreadCount(threads)

    def submit(self, work: Callable[[Session], Any], done: OnDone, failed: OnFailure | None = None, *,
               urgent: bool = False) -> None:
        """Run ``work(session)`` in the pool; call ``done(result)`` on the UI thread, or
        ``failed(exception)`` if it raised (and its traceback goes to the log).

        *urgent* jobs (rows the user is looking at) go ahead of queued background work
        such as facet counts and chart totals.
        """
        self.pool.start(_Job(self.engine, work, _Relay(done, failed, self)), 1 if urgent else 0)

    def wait(self, msecs: int = 5000) -> bool:
        return self.pool.waitForDone(msecs)
