"""Starting the application: the Qt app, the database (with a way out when it is broken),
a crash handler that shows a dialog and writes a log, then the window."""

from __future__ import annotations

import gc
import logging
import sys
import traceback
from pathlib import Path
from types import TracebackType

import platformdirs
from PySide6.QtCore import QCoreApplication
from PySide6.QtWidgets import QApplication, QFileDialog, QMessageBox, QWidget

from ..core import database
from ..core.database import APP_NAME, DatabaseError
from .main_window import MainWindow, open_main_window
from .translations import install_translations

log = logging.getLogger("forge_desktop")


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


def open_window_interactively(db_url: str | None) -> MainWindow | None:
    """Open the window; while the database is unusable, ask the user what to do."""
    while True:
        try:
            return open_main_window(db_url)
        except DatabaseError as error:
            log.warning("database problem: %s", error)
            dialog = DatabaseProblem(error)
            dialog.exec()
            choice = dialog.choice()
            if choice == DatabaseProblem.QUIT:
                return None
            if choice == DatabaseProblem.REBUILD:
                try:
                    database.rebuild(db_url)
                except (OSError, DatabaseError) as exc:
                    QMessageBox.critical(None, QCoreApplication.translate("DatabaseProblem", "Rebuild failed"),
                                         str(exc))
            else:
                path, _ = QFileDialog.getOpenFileName(
                    None, QCoreApplication.translate("DatabaseProblem", "Open a FORGE database"), "",
                    QCoreApplication.translate("DatabaseProblem",
                                               "SQLite databases (*.sqlite *.db);;All files (*)"))
                if path:
                    db_url = f"sqlite:///{path}"


def run(db_url: str | None = None) -> int:
    app = QApplication.instance() or QApplication(sys.argv)
    app.setApplicationName("FORGE Desktop")
    app.setOrganizationName(APP_NAME)
    install_translations(app)
    setup_logging()
    install_excepthook()
    window = open_window_interactively(db_url)
    if window is None:
        return 1
    window.show()
    # Everything built so far lives as long as the window: keep it out of the garbage
    # collector's full passes, which otherwise stall the UI thread for tens of ms.
    gc.freeze()
    return app.exec()
