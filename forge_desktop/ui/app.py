"""Starting the application: the Qt app in the theme the user chose, the window at once with
its database opened behind it (and a way out when the database is broken), a crash handler
that shows a dialog and writes a log.

The window shows before its database is open: on a first start the database is built from
the shipped data, which takes a second here and many on a slow disk, and a window that
appears only then looks like an app that did not start. Until the database is open the
window's runner (:class:`PendingRunner`) keeps what the tables ask for, and the status line
says what is being done; then the tables load as on any start.
"""

from __future__ import annotations

import gc
import logging
import sys
import traceback
from collections.abc import Callable
from pathlib import Path
from types import TracebackType
from typing import Any, cast

import platformdirs
from PySide6.QtCore import QCoreApplication, QEvent, QObject, QRunnable, Qt, QThreadPool, Signal
from PySide6.QtGui import QColor, QPalette
from PySide6.QtWidgets import QApplication, QFileDialog, QMessageBox, QProgressBar, QWidget
from sqlalchemy import Engine
from sqlalchemy.exc import SQLAlchemyError
from sqlalchemy.orm import Session

from ..core import database
from ..core.database import APP_NAME, DatabaseError
from . import system_check
from .main_window import MainWindow
from .settings import THEMES, Settings
from .translations import install_translations
from .worker import OnDone, OnFailure, QueryRunner

log = logging.getLogger("forge_desktop")
translate = QCoreApplication.translate  # pyside6-lupdate reads translate("context", "text")


def log_path() -> Path:
    return platformdirs.user_log_path(APP_NAME, appauthor=False) / f"{APP_NAME}.log"


def setup_logging() -> Path:
    path = log_path()
    path.parent.mkdir(parents=True, exist_ok=True)
    handler = logging.FileHandler(path, encoding="utf-8")
    handler.setFormatter(logging.Formatter("%(asctime)s %(levelname)s %(name)s: %(message)s"))
    root = logging.getLogger()
    if not any(isinstance(h, logging.FileHandler) for h in root.handlers):
        root.addHandler(handler)
    root.setLevel(logging.INFO)
    return path


def install_excepthook() -> None:
    """Any exception nobody caught: log it whole, tell the user, keep the app running."""

    def hook(kind: type[BaseException], value: BaseException, tb: TracebackType | None) -> None:
        log.error("unhandled exception:\n%s", "".join(traceback.format_exception(kind, value, tb)))
        if QApplication.instance() is None:
            return
        QMessageBox.critical(
            QApplication.activeWindow(),
            QCoreApplication.translate("app", "Something went wrong"),
            QCoreApplication.translate(
                "app", "{0}\n\nThe app is still running. Details were written to\n{1}")
            .format(value, log_path()))

    sys.excepthook = hook


# ---------------------------------------------------------------------- theme

Role = QPalette.ColorRole


def _fusion_palette(*, background: QColor, base: QColor, alternate_base: QColor, text: QColor,
                    disabled_text: QColor, tooltip_base: QColor, link: QColor,
                    link_visited: QColor, highlight: QColor) -> QPalette:
    """A whole palette from a few colours, the shades derived as Qt's Fusion style derives
    its own (lighter and darker steps of the background), so both themes read alike."""
    dark = background.darker(150)
    mid = background.darker(130)
    white = QColor(255, 255, 255)
    placeholder = QColor(text)
    placeholder.setAlpha(128)
    palette = QPalette()
    for role, colour in ((Role.Window, background), (Role.WindowText, text),
                         (Role.Base, base), (Role.AlternateBase, alternate_base),
                         (Role.Text, text), (Role.PlaceholderText, placeholder),
                         (Role.Button, background), (Role.ButtonText, text),
                         (Role.BrightText, white), (Role.Light, background.lighter(150)),
                         (Role.Midlight, mid.lighter(110)), (Role.Mid, mid), (Role.Dark, dark),
                         (Role.Shadow, dark.darker(135)), (Role.Highlight, highlight),
                         (Role.HighlightedText, white), (Role.ToolTipBase, tooltip_base),
                         (Role.ToolTipText, text), (Role.Link, link),
                         (Role.LinkVisited, link_visited)):
        palette.setColor(role, colour)
    for role in (Role.WindowText, Role.Text, Role.ButtonText):
        palette.setColor(QPalette.ColorGroup.Disabled, role, disabled_text)
    palette.setColor(QPalette.ColorGroup.Disabled, Role.Base, background)
    palette.setColor(QPalette.ColorGroup.Disabled, Role.Highlight, mid)
    return palette


def theme_palette(theme: str) -> QPalette:
    """The palette of the "light" or "dark" theme: the colours of Qt's Fusion style, with
    links and the selection darkened or lightened until they read on the background."""
    if theme == "dark":
        return _fusion_palette(
            background=QColor(50, 50, 50), base=QColor(36, 36, 36),
            alternate_base=QColor(44, 44, 44), text=QColor(240, 240, 240),
            disabled_text=QColor(130, 130, 130), tooltip_base=QColor(60, 60, 60),
            link=QColor(110, 175, 255), link_visited=QColor(200, 150, 255),
            highlight=QColor(38, 110, 170))
    return _fusion_palette(
        background=QColor(239, 239, 239), base=QColor(255, 255, 255),
        alternate_base=QColor(247, 247, 247), text=QColor(0, 0, 0),
        disabled_text=QColor(190, 190, 190), tooltip_base=QColor(255, 255, 220),
        link=QColor(0, 80, 200), link_visited=QColor(120, 40, 170),
        highlight=QColor(48, 140, 198))


def apply_theme(theme: str) -> None:
    """Colour the whole application in *theme* (one of settings.THEMES): "light" and "dark"
    whatever the system uses, "system" as the system does (and follows it when it changes).

    The platform is asked for the colour scheme too, so what Qt does not draw (a title bar)
    can follow where the platform allows; the palette is set either way, so the theme holds
    where it does not. Every widget follows the new palette (at once: the events that tell
    them are delivered here), except one styled with ``palette(…)`` in a style sheet, which
    reads the palette when the sheet is set: its sheet is set again."""
    app = cast(QApplication, QApplication.instance())
    hints = app.styleHints()
    if theme in ("light", "dark"):
        hints.setColorScheme(Qt.ColorScheme.Dark if theme == "dark" else Qt.ColorScheme.Light)
        QApplication.setPalette(theme_palette(theme))
    else:
        hints.unsetColorScheme()
        QApplication.setPalette(QPalette())  # the platform's own palette, following it
    QCoreApplication.sendPostedEvents(None, QEvent.Type.ApplicationPaletteChange)
    # Only the widgets of open windows: allWidgets() also lists those already closed and
    # waiting for deletion, and restyling one of them can touch freed parts.
    for window in QApplication.topLevelWidgets():
        if not window.isVisible():
            continue
        for widget in (window, *window.findChildren(QWidget)):
            if widget.styleSheet():
                widget.setStyleSheet(widget.styleSheet())


def saved_theme(settings: Settings) -> str:
    theme = str(settings.get("window/theme"))
    return theme if theme in THEMES else "system"


# ---------------------------------------------------------------------- opening the database


class DatabaseProblem(QMessageBox):
    """Names the database that cannot be used and offers Rebuild / Open another / Quit."""

    REBUILD, OPEN, QUIT = "rebuild", "open", "quit"

    def __init__(self, error: DatabaseError, parent: QWidget | None = None):
        super().__init__(parent)
        self.setObjectName("databaseProblemDialog")
        self.setIcon(QMessageBox.Icon.Warning)
        self.setWindowTitle(self.tr("The database cannot be opened"))
        self.setText(str(error))
        self.setInformativeText(self.tr(
            "Rebuild makes a fresh database from the shipped data at the same place; the "
            "unreadable file is kept beside it. Open another lets you pick a database file."))
        self.rebuild_button = self.addButton(self.tr("Rebuild"), QMessageBox.ButtonRole.AcceptRole)
        self.open_button = self.addButton(self.tr("Open another…"), QMessageBox.ButtonRole.ActionRole)
        self.quit_button = self.addButton(self.tr("Quit"), QMessageBox.ButtonRole.RejectRole)
        self.setDefaultButton(self.rebuild_button)

    def choice(self) -> str:
        clicked = self.clickedButton()
        if clicked is self.rebuild_button:
            return self.REBUILD
        if clicked is self.open_button:
            return self.OPEN
        return self.QUIT


Work = Callable[[Session], Any]


Job = tuple[Work, OnDone, OnFailure | None, bool, str | None]  # submit()'s: …, urgent, key


class PendingRunner(QueryRunner):
    """The window's runner while its database is being opened: what the window asks for
    meanwhile waits. Once the database is open the rows go first (the urgent work) and the
    rest (facet counts, status figures, the other tables' terms) once the window has shown
    them (:meth:`release_background`): run alongside, it held the UI thread back from
    painting the first rows by a fifth of a second, taking turns with it on the GIL.
    A keyed job supersedes a waiting one of its key, as it would a queued one."""

    def __init__(self) -> None:
        super().__init__(cast(Engine, None))  # no database yet: submit() keeps every job
        self._waiting: list[Job] | None = []
        self._background: list[Job] = []

    def submit(self, work: Work, done: OnDone, failed: OnFailure | None = None, *,
               urgent: bool = False, key: str | None = None) -> None:
        if key is not None:  # a waiting job of the key is superseded too
            self._forget(lambda k: k == key)
        if self._waiting is None:
            super().submit(work, done, failed, urgent=urgent, key=key)
        else:
            self._waiting.append((work, done, failed, urgent, key))

    def cancel(self, key: str) -> None:
        self._forget(lambda k: k == key)
        super().cancel(key)

    def cancel_all(self, prefix: str) -> None:
        self._forget(lambda k: k.startswith(prefix))
        super().cancel_all(prefix)

    def _forget(self, matches: Callable[[str], bool]) -> None:
        """Drop the jobs still waiting whose key *matches*."""
        def kept(jobs: list[Job]) -> list[Job]:
            return [job for job in jobs if job[4] is None or not matches(job[4])]
        if self._waiting is not None:
            self._waiting = kept(self._waiting)
        self._background = kept(self._background)

    def open(self, engine: Engine) -> None:
        """Run everything on *engine* from now on: the urgent work that waited at once."""
        self.engine = engine
        waiting, self._waiting = self._waiting or [], None
        for work, done, failed, urgent, key in waiting:
            if urgent:
                super().submit(work, done, failed, urgent=True, key=key)
            else:
                self._background.append((work, done, failed, urgent, key))

    def release_background(self) -> None:
        """Start the work that waited and was not urgent (MainWindow.rowsShown)."""
        background, self._background = self._background, []
        for work, done, failed, urgent, key in background:
            super().submit(work, done, failed, urgent=urgent, key=key)


class _Outcome(QObject):
    """Carries the opening's outcome from its thread to the UI thread (a queued signal)."""

    # the Engine or None, its DatabaseError, a failed rebuild's error, why it is read only
    done = Signal(object, object, object, object)


class _OpenJob(QRunnable):
    """open_database (after rebuild, when asked) in Qt's global pool, which the application
    waits for when it quits: a first build never stops half way for a closed window."""

    def __init__(self, url: str, rebuild: bool, outcome: _Outcome):
        super().__init__()
        self.url, self.rebuild, self.outcome = url, rebuild, outcome

    def run(self) -> None:
        rebuild_error: Exception | None = None
        if self.rebuild:
            try:
                database.rebuild(self.url)
            except (OSError, DatabaseError) as exc:
                rebuild_error = exc
        engine: Engine | None = None
        error: DatabaseError | None = None
        try:
            engine = database.open_database(self.url)
        except DatabaseError as exc:
            error = exc
        except Exception as exc:  # a bug, or a problem no check foresaw: still the user's way out
            log.exception("opening the database failed")
            where = database.display_location(self.url)
            error = DatabaseError(f"Cannot open {where}: {exc}", where)
        read_only = None
        if engine is not None:
            try:
                read_only = database.read_only_reason(engine)
            except SQLAlchemyError:
                log.exception("asking whether the database may be written failed")
        try:
            self.outcome.done.emit(engine, error, rebuild_error, read_only)
        except RuntimeError:  # the application is quitting: no window is left to tell
            if engine is not None:
                engine.dispose()


class DatabaseOpening(QObject):
    """Opens the window's database off the UI thread, with a busy bar in the status line
    meanwhile; while the database cannot be used, asks the user what to do."""

    opened = Signal(object)  # the Engine: the window's tables are loading from it
    abandoned = Signal()  # the user chose Quit: the window closes

    def __init__(self, window: MainWindow, runner: PendingRunner, db_url: str | None):
        super().__init__(window)
        self.window, self.runner, self.db_url = window, runner, db_url
        self.progress = QProgressBar()
        self.progress.setObjectName("openingProgress")
        self.progress.setRange(0, 0)  # busy: the build cannot say how far it is
        self.progress.setMaximumWidth(160)
        self.progress.setAccessibleName(self.tr("Opening the database"))
        self.progress.hide()
        window.statusBar().addPermanentWidget(self.progress)
        # Unparented, and kept by the jobs that emit it: it outlives a window closed meanwhile.
        self._outcome = _Outcome()
        self._outcome.done.connect(self._done)

    def start(self, *, rebuild: bool = False) -> None:
        url = database.resolve_url(self.db_url)
        path = database.sqlite_path(url)
        if rebuild:
            text = self.tr("Rebuilding the database from the shipped data…")
        elif path is not None and not path.exists():
            text = self.tr("Building the database from the shipped data (first start only)…")
        else:
            text = self.tr("Opening the database…")
        self.window.status_label.setText(text)
        self.progress.show()
        QThreadPool.globalInstance().start(_OpenJob(url, rebuild, self._outcome))

    def _done(self, engine: Engine | None, error: DatabaseError | None,
              rebuild_error: Exception | None, read_only: str | None = None) -> None:
        self.progress.hide()
        if rebuild_error is not None:
            QMessageBox.critical(self.window, translate("DatabaseProblem", "Rebuild failed"),
                                 str(rebuild_error))
        if engine is not None:
            self.window.engine = engine
            self.window.set_read_only(read_only)
            self.window.destroyed.connect(lambda *_: engine.dispose())
            self.runner.open(engine)
            self.window.prepare_analytics(engine)
            self.opened.emit(engine)
        elif error is not None:
            self._ask(error)

    def _ask(self, error: DatabaseError) -> None:
        log.warning("database problem: %s", error)
        self.window.status_label.setText(str(error))
        dialog = DatabaseProblem(error, self.window)
        dialog.exec()
        choice = dialog.choice()
        if choice == DatabaseProblem.QUIT:
            self.abandoned.emit()
            self.window.close()
            return
        if choice == DatabaseProblem.OPEN:
            path, _ = QFileDialog.getOpenFileName(
                self.window, translate("DatabaseProblem", "Open a FORGE database"), "",
                translate("DatabaseProblem", "SQLite databases (*.sqlite *.db);;All files (*)"))
            if path:
                self.db_url = f"sqlite:///{path}"
        self.start(rebuild=choice == DatabaseProblem.REBUILD)


def open_window(db_url: str | None = None, settings: Settings | None = None) -> DatabaseOpening:
    """The window, in the saved theme and with the Theme menu working, at once; its database
    is opening behind it (see :class:`DatabaseOpening`). Show ``.window``; ``opened`` says
    when its tables can load."""
    settings = settings or Settings()
    apply_theme(saved_theme(settings))
    runner = PendingRunner()
    window = MainWindow(None, settings, runner=runner)
    window.themeChosen.connect(apply_theme)
    window.rowsShown.connect(runner.release_background)
    opening = DatabaseOpening(window, runner, db_url)
    opening.start()
    return opening


def run(db_url: str | None = None) -> int:
    missing = system_check.missing_packages()
    if missing:  # else Qt aborts the process with a misleading message (exit 134)
        print(system_check.message(missing), file=sys.stderr)
        return 1
    app = QApplication.instance() or QApplication(sys.argv)
    app.setApplicationName("FORGE Desktop")
    app.setOrganizationName(APP_NAME)
    install_translations(app)
    setup_logging()
    install_excepthook()
    opening = open_window(db_url)
    quit_chosen: list[bool] = []
    opening.abandoned.connect(lambda: quit_chosen.append(True))
    opening.window.show()
    # Everything built so far lives as long as the window: keep it out of the garbage
    # collector's full passes, which otherwise stall the UI thread for tens of ms.
    gc.freeze()
    code = app.exec()
    QThreadPool.globalInstance().waitForDone()  # a first build still running completes
    return 1 if quit_chosen else code
