"""Starting the app: the window shows before its database is open, a first start builds the
database behind it, a broken database offers a way out, and the chart comes once the rows
have shown."""

from __future__ import annotations

import shutil

import pytest
from PySide6.QtCore import QTimer
from PySide6.QtWidgets import QApplication, QLabel, QProgressBar

from forge_desktop.ui.app import DatabaseProblem, open_window

from .conftest import wait_loaded


def started(qtbot, url: str, settings):
    opening = open_window(url, settings)
    qtbot.addWidget(opening.window)
    opening.window.resize(1280, 800)
    opening.window.show()
    return opening


def answer_when_asked(path, choice: str) -> None:
    """Click *choice* in the DatabaseProblem dialog once it shows (it comes from a thread)."""
    dialog = QApplication.activeModalWidget()
    if not isinstance(dialog, DatabaseProblem):
        QTimer.singleShot(50, lambda: answer_when_asked(path, choice))
        return
    assert str(path) in dialog.text()
    getattr(dialog, f"{choice}_button").click()


def test_a_first_start_shows_the_window_while_the_database_is_built(qtbot, tmp_path, settings):
    path = tmp_path / "first" / "forge.sqlite"
    opening = started(qtbot, f"sqlite:///{path}", settings)
    window = opening.window
    # The window is there, says what it is doing, and the build has not finished.
    assert window.isVisible() and not path.exists()
    assert window.status_label.full_text().startswith("Building the database")
    progress = window.findChild(QProgressBar, "openingProgress")
    assert progress.isVisible() and progress.maximum() == 0  # busy
    assert window.page.model.rowCount() == 0  # the tables wait
    with qtbot.waitSignal(opening.opened, timeout=30000):
        pass
    wait_loaded(qtbot, window.page, 35)
    assert path.exists() and not progress.isVisible()
    assert window.status_label.full_text().startswith("35 of 35 ")  # the pages say what shows
    for name, page in window.pages.items():
        window.show_table(name)
        wait_loaded(qtbot, page)
    window.runner.wait()


def test_a_later_start_opens_the_file_the_first_one_built(qtbot, tmp_path, settings,
                                                          curated_db_file):
    path = tmp_path / "forge.sqlite"
    shutil.copy(curated_db_file, path)
    built = path.stat().st_mtime_ns
    opening = started(qtbot, f"sqlite:///{path}", settings)
    assert opening.window.status_label.full_text() == "Opening the database…"
    wait_loaded(qtbot, opening.window.page, 35)
    assert path.stat().st_mtime_ns == built  # opened, not built again
    opening.window.runner.wait()


def test_the_chart_is_made_after_the_first_rows(qtbot, tmp_path, settings, curated_db_file):
    from forge_desktop.ui.chart import ChartPanel

    path = tmp_path / "forge.sqlite"
    shutil.copy(curated_db_file, path)
    opening = started(qtbot, f"sqlite:///{path}", settings)
    window = opening.window
    placeholder = window.chart_dock.widget()
    assert isinstance(placeholder, QLabel) and placeholder.text() == "Loading the chart…"
    wait_loaded(qtbot, window.page, 35)
    qtbot.waitUntil(lambda: isinstance(window.chart_dock.widget(), ChartPanel), timeout=15000)
    chart = window.chart_dock.widget()
    qtbot.waitUntil(lambda: bool(chart.chart.bars))  # it draws the table's query
    assert window.chart_dock.windowTitle() == "Committed USD — by agency"
    window.runner.wait()


def test_a_corrupt_database_offers_rebuild(qtbot, tmp_path, settings):
    path = tmp_path / "broken.sqlite"
    path.write_bytes(b"this is not a database" * 100)

    QTimer.singleShot(100, lambda: answer_when_asked(path, "quit"))
    opening = started(qtbot, f"sqlite:///{path}", settings)
    with qtbot.waitSignal(opening.abandoned, timeout=10000):
        pass
    assert not opening.window.isVisible()
    assert path.read_bytes().startswith(b"this is not a database")  # nothing touched

    QTimer.singleShot(100, lambda: answer_when_asked(path, "rebuild"))
    opening = started(qtbot, f"sqlite:///{path}", settings)
    with qtbot.waitSignal(opening.opened, timeout=30000):
        pass
    window = opening.window
    wait_loaded(qtbot, window.page, 35)
    kept = list(tmp_path.glob("broken.sqlite.unreadable-*"))
    assert len(kept) == 1 and kept[0].read_bytes().startswith(b"this is not a database")
    window.runner.wait()


@pytest.mark.slow
def test_the_launch_benchmark_sees_the_real_entry_point_show_rows(tmp_path):
    """benchmarks/launch.py, once cold and once warm: `forge-desktop` started as a user
    starts it, in a process of its own, shows a window, then rows, and leaves the database
    it built for the next start."""
    from benchmarks.launch import launch_once

    cold = launch_once(tmp_path / "home", "offscreen")
    warm = launch_once(tmp_path / "home", "offscreen")
    for run in (cold, warm):
        assert 0 < run["window"] <= run["row"] and run["cpu"] > 0
    assert (tmp_path / "home" / "data" / "forge-desktop" / "forge.sqlite").is_file()


def test_work_asked_before_the_database_opened_waits_and_the_rows_go_first(qtbot, engine):
    from forge_desktop.ui.app import PendingRunner

    runner = PendingRunner()
    answered: list[str] = []
    runner.submit(lambda _s: "facet counts", answered.append)
    runner.submit(lambda _s: "first rows", answered.append, urgent=True)
    qtbot.wait(50)
    assert answered == []  # no database yet: nothing runs
    runner.open(engine)
    qtbot.waitUntil(lambda: answered == ["first rows"])
    runner.wait()
    assert answered == ["first rows"]  # the rest waits for the rows to show
    runner.release_background()
    qtbot.waitUntil(lambda: answered == ["first rows", "facet counts"])
    runner.submit(lambda _s: "later", answered.append)  # once open, work goes straight on
    qtbot.waitUntil(lambda: answered[-1] == "later")
    runner.wait()
