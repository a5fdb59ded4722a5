"""Running queries off the UI thread.

:meth:`QueryRunner.submit` hands ``work(session)`` to a thread pool; the work gets its own
short session, and its result, or the exception it raised, is delivered to a callback on the
UI thread. A failure travels as the exception object, not its text: the caller decides how
to word it (``str(error)`` in a message) and can tell one kind of failure from another,
while the worker logs the traceback so a crash is in the log file whatever the caller shows.

The latest answer wins: a job submitted with a *key* ("chart", "facets:financing") supersedes
the job of the same key before it. A superseded job still queued is taken off the pool; one
already running is interrupted in the database (SQLite's ``interrupt()``, PostgreSQL's
cancel request, the columnar mirror's DuckDB ``interrupt()``), and whatever it returns or
raises is dropped, never delivered. So a slow answer never overwrites a newer one, and the
two threads are not spent on questions nobody asks any more.
"""

from __future__ import annotations

import logging
import threading
from collections.abc import Callable
from typing import Any

from PySide6.QtCore import QObject, QRunnable, Qt, QThreadPool, Signal, Slot
from sqlalchemy import Engine, event
from sqlalchemy.orm import Session

from ..core import columnar, database
from ..core.errors import ForgeError

log = logging.getLogger(__name__)

PROGRESS_STEPS = 10_000  # SQLite virtual-machine steps between two looks at "cancelled?"
OnDone = Callable[[Any], None]  # receives what the work returned
OnFailure = Callable[[BaseException], None]  # receives what the work raised; str() it to show it


class _Relay(QObject):
    """Lives on the UI thread; carries one job's outcome there through a queued signal."""

    finished = Signal(object)
    failed = Signal(object)  # the exception itself
    fault = Signal(object)  # a database fault (DatabaseError), for the runner's faultMet too

    def __init__(self, done: OnDone, failed: OnFailure | None, parent: QObject):
        super().__init__(parent)
        self._done, self._failed = done, failed
        self.cancelled = threading.Event()  # the job's: set when a newer one supersedes it
        self.finished.connect(self._deliver, Qt.ConnectionType.QueuedConnection)
        self.failed.connect(self._report, Qt.ConnectionType.QueuedConnection)
        if isinstance(parent, QueryRunner):
            self.fault.connect(parent.faultMet, Qt.ConnectionType.QueuedConnection)

    @Slot(object)
    def _deliver(self, result: Any) -> None:
        try:
            if not self.cancelled.is_set():  # superseded after it finished, before this arrived
                self._done(result)
        finally:
            self.deleteLater()

    @Slot(object)
    def _report(self, error: BaseException) -> None:
        try:
            if self._failed is not None and not self.cancelled.is_set():
                self._failed(error)
        finally:
            self.deleteLater()


def _fault(engine: Engine, exc: BaseException) -> database.DatabaseError | None:
    """*exc* as the one line a person can act on, if it is a database fault (see
    :func:`~forge_desktop.core.database.failure_kind`); None for anything else."""
    if isinstance(exc, database.DatabaseError) or database.failure_kind(exc) is None:
        return None
    url = engine.url.render_as_string(hide_password=False)
    return database.explain_failure(exc, database.display_location(url), database.rebuild_command(url))


class _Superseded(Exception):
    """Raised into superseded work as it begins a transaction: its answer is not wanted."""


class _Job(QRunnable):
    def __init__(self, engine: Engine, work: Callable[[Session], Any], relay: _Relay):
        super().__init__()
        self.engine, self.work, self.relay = engine, work, relay
        self.started = False  # taken by a thread: no longer in the pool's queue
        self.cancelled = relay.cancelled
        self._lock = threading.Lock()
        self._connection: Any = None  # the DBAPI connection while the work runs
        self._thread: int | None = None  # the thread running it (its columnar queries)

    def run(self) -> None:
        self.started = True
        if self.cancelled.is_set():
            return
        with self._lock:
            self._thread = threading.get_ident()
        try:
            self._run()
        finally:
            with self._lock:
                self._thread = None

    def _run(self) -> None:
        try:
            with Session(self.engine) as session:
                event.listen(session, "after_begin", self._watch)
                try:
                    result = self.work(session)
                finally:
                    self._unwatch()  # while the connection is still this job's
        except Exception as exc:  # reported to the UI thread, never lost
            if self.cancelled.is_set():
                log.debug("superseded work stopped: %s", exc)
                return
            fault = _fault(self.engine, exc)
            if fault is not None:  # damaged, full, read-only, locked: one line saying what to do
                log.warning("database fault in background work: %s", exc)
                self.relay.failed.emit(fault)
                self.relay.fault.emit(fault)
                return
            if isinstance(exc, ForgeError):  # said to the user; not a bug to trace
                log.info("background work refused: %s", exc)
            else:
                log.exception("background query failed")
            self.relay.failed.emit(exc)
            return
        if not self.cancelled.is_set():
            self.relay.finished.emit(result)

    def _watch(self, _session: Session, _transaction: Any, connection: Any) -> None:
        """The session began on *connection*: note its DBAPI connection, to interrupt it.
        SQLite also asks "cancelled?" between steps of any statement: interrupt() alone
        misses a statement that had not begun when the job was superseded."""
        dbapi = connection.connection.dbapi_connection
        with self._lock:
            self._connection = dbapi
        watch = getattr(dbapi, "set_progress_handler", None)
        if watch is not None:
            watch(self.cancelled.is_set, PROGRESS_STEPS)
        if self.cancelled.is_set():
            raise _Superseded

    def _unwatch(self) -> None:
        with self._lock:
            dbapi, self._connection = self._connection, None
        watch = getattr(dbapi, "set_progress_handler", None)
        if watch is not None:
            watch(None, 0)  # the connection goes back to the pool

    def cancel(self) -> None:
        """Drop this job's answer, and stop its query if one is running."""
        self.cancelled.set()
        with self._lock:
            if self._thread is not None:
                columnar.interrupt(self._thread)
            connection = self._connection
            if connection is None:
                return
            try:
                if hasattr(connection, "interrupt"):  # sqlite3
                    connection.interrupt()
                elif hasattr(connection, "cancel_safe"):  # psycopg 3.2+
                    connection.cancel_safe(timeout=2.0)
                elif hasattr(connection, "cancel"):  # older psycopg
                    connection.cancel()
            except Exception:  # the query may just have finished: nothing to stop
                log.debug("could not interrupt superseded work", exc_info=True)


class QueryRunner(QObject):
    """A small pool of worker threads sharing one engine, one session per job."""

    # A job met a database fault (damaged, full, read-only, locked): the one line saying
    # what to do, as a DatabaseError; the window shows it (its job's own callback gets it too).
    faultMet = Signal(object)

    def __init__(self, engine: Engine, parent: QObject | None = None, threads: int = 2):
        super().__init__(parent)
        self.engine = engine
        self.pool = QThreadPool(self)
        self.pool.setMaxThreadCount(threads)
        self._latest: dict[str, _Job] = {}  # by key: the one job whose answer is wanted
        self.superseded = 0  # jobs cancelled by a newer one of their key (for tests, benchmarks)

    def submit(self, work: Callable[[Session], Any], done: OnDone, failed: OnFailure | None = None, *,
               urgent: bool = False, key: str | None = None) -> None:
        """Run ``work(session)`` in the pool; call ``done(result)`` on the UI thread, or
        ``failed(exception)`` if it raised (and its traceback goes to the log).

        *urgent* jobs (rows the user is looking at) go ahead of queued background work
        such as facet counts and chart totals. A *key* makes the latest answer win: the
        job of the same key before this one is forgotten if queued and interrupted if
        running, and neither its answer nor its failure is delivered.
        """
        job = _Job(self.engine, work, _Relay(done, failed, self))
        if key is not None:
            self.cancel(key)
            self._latest[key] = job
        self.pool.start(job, 1 if urgent else 0)

    def cancel(self, key: str) -> None:
        """Forget the job of *key*: off the queue if it has not started, else interrupted."""
        job = self._latest.pop(key, None)
        if job is None or job.cancelled.is_set():
            return
        self.superseded += 1
        job.cancel()
        if not job.started:
            try:
                taken = self.pool.tryTake(job)
            except RuntimeError:  # it ran meanwhile and Qt deleted it: nothing to take
                taken = False
            if taken:
                job.relay.deleteLater()

    def cancel_all(self, prefix: str) -> None:
        """Forget every job whose key starts with *prefix* (a model's pages, say)."""
        for key in [k for k in self._latest if k.startswith(prefix)]:
            self.cancel(key)

    def wait(self, msecs: int = 5000) -> bool:
        return self.pool.waitForDone(msecs)
