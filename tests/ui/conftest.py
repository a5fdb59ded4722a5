"""Fixtures for the window: a private database and a private settings file per test."""

from __future__ import annotations

import contextlib
import subprocess
import sys
from pathlib import Path

import pytest
from PySide6.QtCore import QCoreApplication, QSettings, QTranslator

from forge_desktop.ui import create_main_window
from forge_desktop.ui.settings import Settings


@pytest.fixture
def settings(tmp_path):
    return Settings(QSettings(str(tmp_path / "forge-desktop.ini"), QSettings.Format.IniFormat))


def wait_loaded(qtbot, page, count: int | None = None, timeout: int = 5000) -> None:
    """Wait until the page's table shows its rows (and, if given, exactly *count*)."""
    qtbot.waitUntil(lambda: page.model.total is not None and bool(page.status_text)
                    and (count is None or page.model.total == count), timeout=timeout)


@pytest.fixture
def open_window(request, qtbot, db_url, settings):
    """Open a window on the test database; call again for a second window on the same.

    The chart's dock is closed, as a user may close it (then no chart is made), unless the
    test is marked ``chart``: drawing it costs more than the rest of a window."""
    windows = []
    with_chart = request.node.get_closest_marker("chart") is not None

    def opener(settings_=None):
        window = create_main_window(db_url, settings_ or settings)
        qtbot.addWidget(window)
        window.resize(1280, 800)
        window.chart_dock.setVisible(with_chart)
        window.show()
        wait_loaded(qtbot, window.page)  # the others ask for their rows when first shown
        windows.append(window)
        return window

    yield opener
    for window in windows:
        window.runner.wait(5000)


@pytest.fixture
def window(open_window):
    return open_window()


@pytest.fixture(scope="session", autouse=True)
def _english_plurals(qapp):
    """As the app does at start (ui/app.py): English plural forms, "1 row" and "2 rows"."""
    from PySide6.QtCore import QLocale

    from forge_desktop.ui.translations import install_translations

    installed = install_translations(qapp, QLocale(QLocale.Language.English))
    yield
    for translator in installed:
        qapp.removeTranslator(translator)


@pytest.fixture(autouse=True)
def _english_formats():
    """A test that installs the Russian translation also switches money and dates to
    Russian (as the app does); the next test starts in English again."""
    yield
    from PySide6.QtCore import QCoreApplication

    from forge_desktop.core import formatting

    formatting.use_locale(formatting.DEFAULT_LOCALE, QCoreApplication.translate)


@contextlib.contextmanager
def compiled_translation(directory, ts_text: str):
    """A translator's .ts text compiled with lrelease and installed while the block runs."""
    ts, qm = directory / "test_ru.ts", directory / "test_ru.qm"
    ts.write_text(ts_text, encoding="utf-8")
    subprocess.run([str(Path(sys.executable).parent / "pyside6-lrelease"), str(ts), "-qm", str(qm)],
                   check=True, capture_output=True)
    translator = QTranslator()
    assert translator.load(str(qm))
    QCoreApplication.installTranslator(translator)
    try:
        yield
    finally:
        QCoreApplication.removeTranslator(translator)
