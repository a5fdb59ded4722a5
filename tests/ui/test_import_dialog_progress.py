"""The import dialog while a check or an import runs: a progress bar that counts the rows up,
and a Cancel that stops the worker, leaves the database exactly as it was, says so, and
gives the controls back; Esc while an import runs stops it too. Once nothing runs, Cancel
closes the dialog as it always did.

The worker is held at each progress report (a gate around the core's function) until the
test has looked, so what the dialog shows, and when Cancel is heard, never depends on
how fast the machine is."""

from __future__ import annotations

import csv
import io
import threading
from pathlib import Path

import pytest
from PySide6.QtCore import Qt
from sqlalchemy import inspect, text

from forge_desktop.core import imports
from forge_desktop.core.imports import apply as apply_module
from forge_desktop.core.imports import plan as plan_module
from forge_desktop.ui import import_dialog

ROWS = 3_000
STEP = 500  # rows checked, and records written, between two progress reports


def financing_csv(path: Path, count: int = ROWS) -> Path:
    """*count* valid financing rows, every column the dialog knows: no question asked."""
    headers = ["id", "agency", "recipient", "instrument", "stage", "amount_usd", "date",
               "minerals", "locations", "summary"]
    buffer = io.StringIO()
    writer = csv.writer(buffer, lineterminator="\r\n")
    writer.writerow(headers)
    for n in range(count):
        writer.writerow([f"progress-{n:05d}", "DOD", f"Recipient {n}", "equity", "announced",
                         "5M", "2025-10", "lithium; copper", "USA; Tennessee", f"Summary {n}."])
    path.write_bytes(buffer.getvalue().encode("utf-8"))
    return path


def full_dump(engine) -> dict[str, list[str]]:
    """Every row of every table, the search index's own tables included."""
    with engine.connect() as connection:
        return {table: sorted(repr(tuple(row)) for row in
                              connection.execute(text(f'SELECT * FROM "{table}"')))
                for table in inspect(connection).get_table_names()}


class Gate:
    """Wraps a core function so that its worker waits at each progress report until the
    test lets it go on (:meth:`release`); :meth:`open` lets every report through."""

    def __init__(self, function):
        self.function = function
        self.reports: list[tuple[int, int]] = []
        self._go = threading.Semaphore(0)
        self._open = threading.Event()

    def __call__(self, *args, progress, **options):
        def report(done: int, total: int) -> None:
            progress(done, total)  # the dialog's reporter: it emits the signal
            self.reports.append((done, total))
            if not self._open.is_set():
                self._go.acquire(timeout=20)

        return self.function(*args, progress=report, **options)

    def release(self) -> None:
        self._go.release()

    def open(self) -> None:
        self._open.set()
        for _ in range(ROWS):
            self._go.release()


@pytest.fixture
def small_steps(monkeypatch):
    """Reports every STEP rows and records, each shown (no throttle): six per phase."""
    monkeypatch.setattr(plan_module, "STEP", STEP)
    monkeypatch.setattr(apply_module, "CHUNK", STEP)
    monkeypatch.setattr(import_dialog, "PROGRESS_INTERVAL", 0.0)


@pytest.fixture
def gate(monkeypatch):
    """gate("plan_import") or gate("apply_import"): the dialog's calls to it are held."""
    gates = []

    def make(name: str) -> Gate:
        held = Gate(getattr(imports, name))
        monkeypatch.setattr(imports, name, held)
        gates.append(held)
        return held

    yield make
    for held in gates:  # a failed test leaves no worker waiting
        held.open()


def open_dialog(qtbot, window, path: Path, *, wait: bool = True):
    dialog = window.import_records(path=str(path))
    qtbot.addWidget(dialog)
    if wait:
        qtbot.waitSignal(dialog.checked, timeout=20000).wait()
    return dialog


def wait_for_value(qtbot, dialog, done: int) -> None:
    qtbot.waitUntil(lambda: dialog.progress_bar.value() == done, timeout=10000)


def test_the_check_shows_its_progress_row_by_row(qtbot, window, tmp_path, small_steps, gate):
    held = gate("plan_import")
    dialog = open_dialog(qtbot, window, financing_csv(tmp_path / "many.csv"), wait=False)
    bar, label = dialog.progress_bar, dialog.progress_label
    assert dialog.running == import_dialog.CHECK and dialog.progress_box.isVisible()
    seen = []
    for done in range(STEP, ROWS, STEP):
        wait_for_value(qtbot, dialog, done)
        assert bar.isVisible() and bar.maximum() == ROWS
        seen.append((bar.value(), label.text()))
        held.release()
    assert seen[0] == (500, "Checking row 500 of 3,000…")
    assert seen[-1] == (2500, "Checking row 2,500 of 3,000…")
    assert [value for value, _ in seen] == [500, 1000, 1500, 2000, 2500]

    with qtbot.waitSignal(dialog.checked, timeout=20000):
        wait_for_value(qtbot, dialog, ROWS)
        assert label.text() == "Checking the links between records…"
        held.release()
    assert not dialog.progress_box.isVisible() and dialog.running is None
    assert dialog.import_button.isEnabled()
    assert "3,000 rows read · 3,000 ready to import" in dialog.summary.text()


def test_the_worker_reports_at_most_every_interval_and_always_the_last(qtbot, window,
                                                                        tmp_path, small_steps,
                                                                        monkeypatch):
    monkeypatch.setattr(import_dialog, "PROGRESS_INTERVAL", 3600.0)
    dialog = window.import_records()
    qtbot.addWidget(dialog)
    sent = []
    dialog.progressed.connect(lambda run, done, total: sent.append((done, total)),
                              Qt.ConnectionType.DirectConnection)  # in the worker, as sent
    dialog.path.setText(str(financing_csv(tmp_path / "many.csv")))
    with qtbot.waitSignal(dialog.checked, timeout=20000):
        dialog.check()
    assert sent == [(500, ROWS), (ROWS, ROWS)]  # the first, then none for an hour but the last


def test_cancel_midway_through_the_import_changes_nothing(qtbot, window, tmp_path, small_steps,
                                                          gate):
    dialog = open_dialog(qtbot, window, financing_csv(tmp_path / "many.csv"))
    assert dialog.plan.ok and len(dialog.plan.records) == ROWS
    engine = window.runner.engine
    before = full_dump(engine)
    held = gate("apply_import")
    imported, cancelled = [], []
    dialog.imported.connect(imported.append)
    dialog.cancelled.connect(cancelled.append)

    qtbot.mouseClick(dialog.import_button, Qt.MouseButton.LeftButton)
    assert dialog.running == import_dialog.IMPORT and dialog.progress_box.isVisible()
    assert not dialog.path.isEnabled() and not dialog.table.isEnabled()  # the plan is made
    wait_for_value(qtbot, dialog, STEP)  # the first chunk is written, not committed
    assert dialog.progress_label.text() == "Writing record 500 of 3,000…"
    held.release()
    wait_for_value(qtbot, dialog, 2 * STEP)

    qtbot.mouseClick(dialog.cancel_button, Qt.MouseButton.LeftButton)
    assert dialog.progress_label.text() == "Cancelling…" and dialog.isVisible()
    with qtbot.waitSignal(dialog.cancelled, timeout=20000):
        held.release()  # the worker looks at Cancel before its next chunk
    assert held.reports == [(500, ROWS), (1000, ROWS)]
    assert cancelled == ["import"] and imported == []
    assert dialog.summary.text() == "Import cancelled — nothing was changed."
    assert dialog.isVisible() and not dialog.progress_box.isVisible()
    assert dialog.import_button.isEnabled() and dialog.path.isEnabled()
    assert dialog.cancel_button.isEnabled()
    assert full_dump(engine) == before
    assert window.pages["financing"].model.total == 35

    # Nothing runs: Cancel closes the dialog, as it always did.
    qtbot.mouseClick(dialog.cancel_button, Qt.MouseButton.LeftButton)
    assert not dialog.isVisible()


def test_cancel_while_checking_stops_the_check(qtbot, window, tmp_path, small_steps, gate):
    held = gate("plan_import")
    dialog = open_dialog(qtbot, window, financing_csv(tmp_path / "many.csv"), wait=False)
    checked, cancelled = [], []
    dialog.checked.connect(checked.append)
    dialog.cancelled.connect(cancelled.append)
    wait_for_value(qtbot, dialog, STEP)

    qtbot.mouseClick(dialog.cancel_button, Qt.MouseButton.LeftButton)
    with qtbot.waitSignal(dialog.cancelled, timeout=20000):
        held.release()
    assert held.reports == [(500, ROWS)]  # stopped at the next look
    assert cancelled == ["check"] and checked == []
    assert dialog.isVisible() and not dialog.progress_box.isVisible()
    assert dialog.plan is None and not dialog.import_button.isEnabled()
    assert dialog.summary.text().startswith("Check cancelled — nothing was changed.")

    held.open()
    with qtbot.waitSignal(dialog.checked, timeout=20000):
        qtbot.mouseClick(dialog.check_button, Qt.MouseButton.LeftButton)
    assert dialog.plan is not None and dialog.import_button.isEnabled()


def test_cancel_after_the_checks_last_look_still_cancels(qtbot, window, tmp_path, small_steps,
                                                         gate):
    held = gate("plan_import")
    dialog = open_dialog(qtbot, window, financing_csv(tmp_path / "many.csv"), wait=False)
    for done in range(STEP, ROWS, STEP):
        wait_for_value(qtbot, dialog, done)
        held.release()
    wait_for_value(qtbot, dialog, ROWS)  # the rows are read: only the links are left to check

    qtbot.mouseClick(dialog.cancel_button, Qt.MouseButton.LeftButton)
    with qtbot.waitSignal(dialog.cancelled, timeout=20000):
        held.release()
    assert dialog.plan is None and not dialog.import_button.isEnabled()
    assert dialog.summary.text().startswith("Check cancelled")


def test_escape_while_importing_cancels_it_and_closes(qtbot, window, tmp_path, small_steps, gate):
    dialog = open_dialog(qtbot, window, financing_csv(tmp_path / "many.csv"))
    engine = window.runner.engine
    before = full_dump(engine)
    held = gate("apply_import")
    imported = []
    dialog.imported.connect(imported.append)
    qtbot.mouseClick(dialog.import_button, Qt.MouseButton.LeftButton)
    wait_for_value(qtbot, dialog, STEP)

    qtbot.keyClick(dialog, Qt.Key.Key_Escape)
    assert not dialog.isVisible()
    with qtbot.waitSignal(dialog.cancelled, timeout=20000):
        held.release()
    assert imported == [] and held.reports == [(500, ROWS)]
    assert full_dump(engine) == before


def test_an_import_shows_its_progress_then_closes(qtbot, window, tmp_path, small_steps, gate):
    dialog = open_dialog(qtbot, window, financing_csv(tmp_path / "many.csv"))
    held = gate("apply_import")
    held.open()
    with qtbot.waitSignal(dialog.imported, timeout=20000) as blocker:
        qtbot.mouseClick(dialog.import_button, Qt.MouseButton.LeftButton)
    assert blocker.args[0].records == ROWS
    assert held.reports == [(n, ROWS) for n in range(STEP, ROWS + 1, STEP)]
    assert not dialog.isVisible() and dialog.running is None
    qtbot.waitUntil(lambda: window.pages["financing"].model.total == 35 + ROWS, timeout=10000)
