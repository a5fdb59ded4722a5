"""Exporting what is selected or filtered, the clipboard, and importing with a preview."""

from __future__ import annotations

import csv
import json
from pathlib import Path

import pytest
from openpyxl import load_workbook
from PySide6.QtCore import QPoint, Qt
from PySide6.QtGui import QGuiApplication
from PySide6.QtWidgets import QCheckBox, QDialog

from forge_desktop.ui.export_dialog import FILTERED, SELECTED, ExportDialog, ExportJob

from .conftest import wait_loaded


def select_rows(page, rows) -> None:
    selection = page.view.selectionModel()
    selection.clearSelection()
    for row in rows:
        selection.select(page.model.index(row, 0),
                         selection.SelectionFlag.Select | selection.SelectionFlag.Rows)


def wait_export(qtbot, runner) -> tuple[int, str | None]:
    """Wait for the runner's outcome: (rows written, file), or (0, None) if nothing was."""
    outcome = []
    runner.finished.connect(lambda written, path: outcome.append((written, path)))
    runner.cancelled.connect(lambda: outcome.append((0, None)))
    runner.failed.connect(lambda _error: outcome.append((0, None)))
    qtbot.waitUntil(lambda: bool(outcome), timeout=20000)
    return outcome[0]


def export_via_dialog(qtbot, window, path, fmt, scope=None, **options):
    dialog = ExportDialog(window.page, window, scope=scope)
    dialog.format.setCurrentIndex(dialog.format.findData(fmt))
    dialog.path.setText(str(path))
    if options.get("all_columns"):
        dialog.columns_all.setChecked(True)
    if options.get("provenance"):
        dialog.provenance.setChecked(True)
    if options.get("bom"):
        dialog.bom.setChecked(True)
    return wait_export(qtbot, window.start_export(dialog.job()))


def test_selection_ranges_come_from_the_selection(window):
    page = window.page
    select_rows(page, [7, 1, 2, 3])
    assert page.selected_ranges() == [(1, 3), (7, 7)]
    assert page.selected_count() == 4


def test_five_selected_rows_to_xlsx_are_exactly_those_rows_and_columns(qtbot, window, tmp_path):
    page = window.page
    rows = [0, 2, 3, 9, 20]
    select_rows(page, rows)
    expected_ids = [page.model.record_id(r) for r in rows]
    header = page.view.horizontalHeader()
    header.setSectionHidden(page.model.column_of("instrument"), True)  # what the user sees
    header.moveSection(header.visualIndex(page.model.column_of("stage")), 0)  # stage first
    written, path = export_via_dialog(qtbot, window, tmp_path / "five.xlsx", "xlsx")
    assert written == 5
    sheet = load_workbook(path).active
    values = list(sheet.values)
    visible = [page.model.columns[i].name for i in page.visible_columns()]
    assert list(values[0]) == visible  # the columns on screen, in their on-screen order
    assert visible[0] == "stage" and "instrument" not in visible
    assert len(values) == 6
    # the id is not on screen: the rows are checked by recipient and amount, in order
    raw = Qt.ItemDataRole.UserRole
    recipient, amount = visible.index("recipient"), visible.index("amount_usd")
    assert [row[recipient] for row in values[1:]] == [
        page.model.data(page.model.index(r, page.model.column_of("recipient")), raw) for r in rows]
    assert [row[amount] for row in values[1:]] == [
        page.model.data(page.model.index(r, page.model.column_of("amount_usd")), raw) for r in rows]
    assert isinstance(values[1][amount], int)  # numbers stay numbers
    assert expected_ids[0] == "exim-loi-total"
    assert sheet.freeze_panes == "A2"


def test_filtered_rows_with_provenance_to_json(qtbot, window, tmp_path):
    page = window.page
    page.set_search("korea zinc")
    wait_loaded(qtbot, page, 3)
    written, path = export_via_dialog(qtbot, window, tmp_path / "kz.json", "json", scope=FILTERED,
                                      provenance=True)
    records = json.loads(Path(path).read_text(encoding="utf-8"))
    assert written == 3 and len(records) == 3
    assert all(r["recipient"] == "Korea Zinc" for r in records)
    assert all("Korea Zinc" in r["quote_ru"] for r in records)
    assert records[0]["source"].startswith("MiddleAsianNews report")


def test_dialog_defaults(window):
    page = window.page
    dialog = ExportDialog(page, window)
    assert dialog.scope() == FILTERED  # nothing selected
    assert not dialog.scope_buttons[SELECTED].isEnabled()
    assert dialog.path.text().endswith(".csv") and "financing-" in dialog.path.text()
    select_rows(page, [1])
    dialog = ExportDialog(page, window)
    assert dialog.scope() == SELECTED
    dialog.format.setCurrentIndex(dialog.format.findData("xlsx"))
    assert dialog.path.text().endswith(".xlsx")
    assert not dialog.bom.isEnabled()


def test_an_unwritable_path_says_so_and_writes_nothing(qtbot, window, tmp_path, monkeypatch):
    from PySide6.QtWidgets import QMessageBox

    shown = []
    monkeypatch.setattr(QMessageBox, "warning", lambda *args: shown.append(args[2]))
    written, path = export_via_dialog(qtbot, window, tmp_path / "missing" / "x.csv", "csv")
    assert (written, path) == (0, None)
    assert shown and "does not exist" in shown[0]


@pytest.fixture(scope="module")
def bigger_db(tmp_path_factory):
    from benchmarks.synthetic import generate

    path = tmp_path_factory.mktemp("bigger") / "bigger.sqlite"
    generate(path, 5000)
    return f"sqlite:///{path}"


@pytest.fixture
def big_window(qtbot, bigger_db, settings):
    from forge_desktop.ui import create_main_window

    window = create_main_window(bigger_db, settings)
    qtbot.addWidget(window)
    window.show()
    wait_loaded(qtbot, window.page, 5035)
    yield window
    window.runner.wait(20000)


def test_selected_rows_not_yet_fetched_are_exported(qtbot, big_window, tmp_path):
    page = big_window.page
    fetched_before = page.model.rows_fetched
    rows = [*range(3000, 3010), 4990]  # far below what the view has loaded
    select_rows(page, rows)
    written, path = export_via_dialog(qtbot, big_window, tmp_path / "far.csv", "csv",
                                      all_columns=True)
    assert written == 11
    with open(path, encoding="utf-8", newline="") as handle:
        exported = [r["id"] for r in csv.DictReader(handle)]
    # the same rows the table holds at those positions, in order
    qtbot.waitUntil(lambda: all(page.model.record_id(r) for r in rows), timeout=10000)
    with_ids = [page.model.record_id(r) for r in rows]
    assert exported == with_ids
    assert fetched_before < 5000


def test_select_all_exports_every_row(qtbot, big_window, tmp_path):
    page = big_window.page
    page.view.setFocus()
    qtbot.keyClick(page.view, Qt.Key.Key_A, Qt.KeyboardModifier.ControlModifier)
    assert page.selected_count() == 5035
    assert page.selected_ranges() == [(0, 5034)]
    written, path = export_via_dialog(qtbot, big_window, tmp_path / "all.csv", "csv")
    assert written == 5035
    with open(path, encoding="utf-8", newline="") as handle:
        assert sum(1 for _ in handle) == 5036


def test_cancel_leaves_no_file(qtbot, big_window, tmp_path):
    page = big_window.page
    path = tmp_path / "cancelled.csv"
    runner = big_window.start_export(ExportJob(page.model.query, None, "csv", str(path)))
    runner.cancel()  # the user pressed Cancel before the first thousand rows were out
    assert wait_export(qtbot, runner) == (0, None)
    assert "Export cancelled" in big_window.statusBar().currentMessage()
    assert list(tmp_path.iterdir()) == []


def test_clipboard_holds_tsv_and_an_html_table(qtbot, window):
    page = window.page
    select_rows(page, [1, 4])
    page.view.setFocus()
    qtbot.keyClick(page.view, Qt.Key.Key_C, Qt.KeyboardModifier.ControlModifier)
    qtbot.waitUntil(lambda: "Copied 2 rows" in window.statusBar().currentMessage())
    data = QGuiApplication.clipboard().mimeData()
    lines = data.text().splitlines()
    assert len(lines) == 3 and lines[0].startswith("Agency\tRecipient / programme\tAmount (USD)")
    assert data.hasHtml()
    html = data.html()
    assert "<th>Amount (USD)</th>" in html and "up to $10B" in html


MESSY = """Agency;Recipient;Instrument;Stage;Amount;Date;Minerals;Locations;Summary;Colour
DOD;Acme Lithium;debt;committed;US$22.8M;Oct 2025;lithium;Nevada;Test one;red
EXIM;Beta Mining;Letter of interest;letter of interest;up to $400 million;December 08, 2022;Copper;Chile;Test two;blue
"""


def open_import(qtbot, window, path):
    dialog = window.import_records(path=str(path))
    qtbot.addWidget(dialog)
    qtbot.waitSignal(dialog.checked, timeout=10000).wait()  # queued to the event loop: not yet emitted
    return dialog


def test_import_previews_then_writes_and_undo_removes_exactly_them(qtbot, window, tmp_path,
                                                                   monkeypatch):
    from PySide6.QtWidgets import QMessageBox

    path = tmp_path / "messy.csv"
    path.write_text(MESSY, encoding="utf-8")
    dialog = open_import(qtbot, window, path)
    assert dialog.plan.ok and len(dialog.plan.records) == 2
    assert dialog.import_button.isEnabled()
    assert dialog.mapping_box.isVisible()  # "Colour" needs a decision
    assert "2 ready to import" in dialog.summary.text()
    with qtbot.waitSignal(dialog.imported, timeout=10000):
        qtbot.mouseClick(dialog.import_button, Qt.MouseButton.LeftButton)
    assert dialog.result() == QDialog.DialogCode.Accepted
    page = window.pages["financing"]
    wait_loaded(qtbot, page, 37)
    assert "Imported 2 records into Financing" in window.statusBar().currentMessage()

    monkeypatch.setattr(QMessageBox, "question", lambda *a: QMessageBox.StandardButton.Yes)
    window.undo_import()
    qtbot.waitUntil(lambda: page.model.total == 35, timeout=10000)


def test_a_file_with_errors_imports_nothing(qtbot, window, tmp_path):
    path = tmp_path / "bad.csv"
    path.write_text(MESSY + "NASA;Gamma;equity;funded;-5;2025-13-01;;Mars;Bad;\n", encoding="utf-8")
    dialog = open_import(qtbot, window, path)
    assert not dialog.plan.ok
    assert not dialog.import_button.isEnabled()
    assert "Nothing will be imported" in dialog.summary.text()
    problems = [dialog.preview.item(r, dialog.preview.columnCount() - 1).text()
                for r in range(dialog.preview.rowCount())]
    assert any("unknown agency 'NASA'" in p and "cannot be negative" in p for p in problems)
    assert window.pages["financing"].model.total == 35


NEW_VALUES = """agency,recipient,instrument,stage,amount_usd,summary
NSF,Atacama brine research,grant,announced,$5 million,New agency and instrument
NSF,Tailings study,grant,annnounced,$1 million,A typo in the stage
"""


def tick(qtbot, box: QCheckBox) -> None:
    """Click the box's indicator (a click beyond its text does not toggle it)."""
    qtbot.mouseClick(box, Qt.MouseButton.LeftButton, pos=QPoint(6, box.height() // 2))


def test_new_values_are_added_only_once_ticked_and_then_filter_and_chart(qtbot, window,
                                                                         tmp_path):
    path = tmp_path / "new.csv"
    path.write_text(NEW_VALUES, encoding="utf-8")
    dialog = open_import(qtbot, window, path)
    assert not dialog.plan.ok and not dialog.import_button.isEnabled()
    assert dialog.new_values_box.isVisible()
    boxes = {b.objectName(): b for b in dialog.new_values_box.findChildren(QCheckBox)}
    assert sorted(boxes) == ["newValue:agency:nsf", "newValue:instrument:grant",
                             "newValue:stage:annnounced"]
    assert boxes["newValue:agency:nsf"].text() == "Add “NSF” as a new agency (rows 1, 2)"
    assert "tick each one that is really new" in dialog.summary.text()

    for name in ("newValue:agency:nsf", "newValue:instrument:grant"):
        with qtbot.waitSignal(dialog.checked, timeout=10000):
            tick(qtbot, boxes[name])
        boxes = {b.objectName(): b for b in dialog.new_values_box.findChildren(QCheckBox)}
    # The typo stays unticked: row 2 is refused, so nothing can be imported yet.
    assert boxes["newValue:agency:nsf"].isChecked() and boxes["newValue:instrument:grant"].isChecked()
    assert not boxes["newValue:stage:annnounced"].isChecked()
    assert not dialog.import_button.isEnabled()
    problems = [dialog.preview.item(r, dialog.preview.columnCount() - 1).text()
                for r in range(dialog.preview.rowCount())]
    assert any("did you mean 'announced'" in p for p in problems)

    with qtbot.waitSignal(dialog.checked, timeout=10000):
        tick(qtbot, boxes["newValue:stage:annnounced"])  # it is really new after all
    assert dialog.plan.ok
    assert dialog.import_button.isEnabled()
    with qtbot.waitSignal(dialog.imported, timeout=10000):
        qtbot.mouseClick(dialog.import_button, Qt.MouseButton.LeftButton)
    assert dialog.result() == QDialog.DialogCode.Accepted
    page = window.pages["financing"]
    wait_loaded(qtbot, page, 37)

    # The filter bar knows the new agency (and still refuses one nobody has).
    qtbot.waitUntil(lambda: page.filter_bar.terms is not None
                    and "nsf" in page.filter_bar.terms["agency"], timeout=10000)
    bar = page.filter_bar
    bar.column.setCurrentIndex(bar.column.findData("agency"))
    bar.value.setText("NASA")
    qtbot.keyClick(bar.value, Qt.Key.Key_Return)
    assert bar.error.isVisible() and "choose one of EXIM, DOE, DOD, DFC, USTR, NSF" in bar.error.text()
    bar.value.setText("nsf")
    qtbot.keyClick(bar.value, Qt.Key.Key_Return)
    wait_loaded(qtbot, page, 2)
    assert not bar.error.isVisible()
    # The chart draws the new agency as a bar of its own.
    chart = window.chart.chart
    qtbot.waitUntil(lambda: [b.group.key for b in chart.bars] == ["NSF"], timeout=10000)
    assert chart.bars[0].group.amount_usd == 6_000_000


def test_mapping_an_unknown_header_rechecks(qtbot, window, tmp_path):
    path = tmp_path / "mapped.csv"
    path.write_text("agency,who,instrument,stage,summary\nDOE,Lab X,nofo,opportunity,s\n",
                    encoding="utf-8")
    dialog = open_import(qtbot, window, path)
    assert not dialog.plan.ok  # recipient is missing until "who" is mapped
    box = dialog.mapping_layout.itemAt(0, dialog.mapping_layout.ItemRole.FieldRole).widget()
    with qtbot.waitSignal(dialog.checked, timeout=10000):
        box.setCurrentIndex(box.findData("recipient"))
    assert dialog.plan is not None and dialog.plan.ok
    assert dialog.plan.records[0]["recipient"] == "Lab X"


def test_an_unreadable_file_is_refused_in_words(qtbot, window, tmp_path):
    path = tmp_path / "binary.csv"
    path.write_bytes(b"\x00\x01\x02garbage" * 100)
    dialog = open_import(qtbot, window, path)
    assert dialog.plan is None
    assert "binary file" in dialog.summary.text()
    assert not dialog.import_button.isEnabled()
