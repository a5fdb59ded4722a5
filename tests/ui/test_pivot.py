"""The pivot pane in the window: it follows the table's filters, a double-click on a cell
filters the table to exactly the records the cell counts (one chip naming the cell), groups
collapse, Ctrl+C copies what is shown, Export… writes it."""

from __future__ import annotations

import os

import pytest
from openpyxl import load_workbook
from PySide6.QtCore import Qt
from PySide6.QtGui import QGuiApplication
from sqlalchemy.orm import Session

from forge_desktop.core import database
from forge_desktop.core.counting import totals
from forge_desktop.core.exports import pivot_files
from forge_desktop.core.query import Condition, Op
from forge_desktop.ui.pivot import PivotModel

from .conftest import wait_loaded


def pivot_ready(qtbot, window, rows=None, cols=None):
    """Show the pivot pane (with *rows* × *cols*, if given) and wait for its answer."""
    window.chart_dock.hide()
    window.pivot_dock.show()
    window.pivot_dock.raise_()
    panel = window.pivot
    if rows is not None:
        panel.set_dimensions(rows, cols or ())
    qtbot.waitUntil(lambda: panel.model.layout is not None
                    and panel.model.layout.pivot.rows == panel.dimensions()[0]
                    and panel.model.layout.pivot.cols == panel.dimensions()[1]
                    and not panel.pending, timeout=5000)
    return panel


def value_cells(panel):
    model = panel.model
    return [model.index(r, c) for r in range(model.rowCount())
            for c in range(model.side, model.columnCount())]


def test_the_model_passes_qts_checks(qtbot, qtmodeltester, window):
    panel = pivot_ready(qtbot, window)
    qtmodeltester.check(panel.model)
    qtmodeltester.check(PivotModel())  # empty, before the first answer


def test_every_cell_drills_the_table_to_its_count(qtbot, window):
    panel = pivot_ready(qtbot, window, ("agency",), ("year",))
    financing = window.pages["financing"]
    layout = panel.model.layout
    for index in value_cells(panel):
        row, col = panel.model.paths(index)
        cell = layout.pivot.cell(row, col)
        if cell is None:
            continue  # an empty cell: nothing to show
        panel.activate(index)
        qtbot.waitUntil(lambda c=cell: financing.model.total == c.records
                        and bool(financing.chart_filters), timeout=5000)
        wait_loaded(qtbot, financing, cell.records)
        assert window.page is financing
        assert panel.model.layout.pivot.rows == ("agency",)  # the pivot ignores its own chip
        financing.set_chart_filter(())  # as the chip's ✕ does
        wait_loaded(qtbot, financing, 35)


def test_the_chip_names_the_cell_and_removing_it_clears_the_filter(qtbot, window):
    panel = pivot_ready(qtbot, window, ("agency", "stage"), ("year",))
    financing = window.pages["financing"]
    layout = panel.model.layout
    target = next(n for n, r in enumerate(layout.rows) if r.path == ("DOD", "funded"))
    column = next(n for n, c in enumerate(layout.columns) if c.path == ("2025",))
    panel.activate(panel.model.index(target, panel.model.side + column))
    qtbot.waitUntil(lambda: bool(financing.chart_filters), timeout=5000)
    wait_loaded(qtbot, financing, layout.pivot.cell(("DOD", "funded"), ("2025",)).records)
    chips = financing.filter_bar.chip_buttons()
    assert len(chips) == 1
    assert chips[0].text().startswith("Pivot: DOD / Funded × 2025")
    chips[0].click()
    wait_loaded(qtbot, financing, 35)
    assert financing.chart_filters == () and financing.filter_bar.filters() == ()


def test_a_name_cell_drills_to_its_row_and_a_group_name_collapses(qtbot, window):
    panel = pivot_ready(qtbot, window, ("agency", "stage"), ())
    layout = panel.model.layout
    exim = next(n for n, r in enumerate(layout.rows) if r.path == ("EXIM",))
    rows_before = panel.model.rowCount()
    panel.activate(panel.model.index(exim, 0))  # a group's name: collapse it
    assert panel.model.rowCount() < rows_before
    assert panel.model.data(panel.model.index(exim, 0)).startswith("▸ EXIM")
    panel.activate(panel.model.index(exim, 0))
    assert panel.model.rowCount() == rows_before
    panel.set_all_collapsed(True)
    assert all(len(r.path) < 2 for r in panel.model.layout.rows)
    item = next(n for n, r in enumerate(layout.rows) if r.path == ("DOD", "committed"))
    panel.set_all_collapsed(False)
    financing = window.pages["financing"]
    panel.activate(panel.model.index(item, 1))  # the second level's name: its row total
    wait_loaded(qtbot, financing, layout.pivot.cell(("DOD", "committed"), ()).records)


def test_the_pivot_follows_filters_and_search_and_equals_totals(qtbot, window, db_url):
    panel = pivot_ready(qtbot, window, ("agency",), ("stage",))
    financing = window.pages["financing"]
    financing.add_filter(Condition("amount_usd", Op.GT, "100e6"))
    window.search_box.setText("lithium")
    query = financing.build_query(without_chart=True).with_sort(())
    qtbot.waitUntil(lambda: panel.model.layout.pivot.grand_total.records < 33
                    and panel._query == query and not panel.pending,
                    timeout=5000)
    engine = database.open_database(db_url)
    with Session(engine) as session:
        expected = totals(session, query, "agency", stack="stage")
    engine.dispose()
    grand = panel.model.layout.pivot.grand_total
    assert (grand.amount_usd, grand.records) == (expected.amount_usd, expected.counted)
    for group in expected.groups:
        assert panel.model.layout.pivot.cell((group.key,), ()).amount_usd == group.amount_usd


def test_value_sort_and_conditional_controls(qtbot, window):
    panel = pivot_ready(qtbot, window, ("agency",), ())
    panel.value_box.setCurrentIndex(panel.value_box.findData("count"))
    qtbot.waitUntil(lambda: panel.model.layout.pivot.value == "count", timeout=5000)
    total_row = panel.model.rowCount() - 1
    assert panel.model.data(panel.model.index(total_row, 1)) == "33"
    panel.sort_box.setCurrentIndex(panel.sort_box.findData("label"))
    labels = [panel.model.layout.rows[r].labels[0] for r in range(total_row)]
    assert labels == sorted(labels)
    panel.value_box.setCurrentIndex(panel.value_box.findData("usd"))
    panel.conditional_box.setChecked(False)
    qtbot.waitUntil(lambda: panel.model.layout.pivot.value == "usd"
                    and not panel.model.layout.pivot.include_conditional, timeout=5000)
    assert "conditional amounts left out" in panel.note.text()


def test_copy_puts_text_and_html_on_the_clipboard(qtbot, window):
    panel = pivot_ready(qtbot, window, ("agency",), ("year",))
    panel.view.setFocus()
    panel.view.setCurrentIndex(panel.model.index(0, 1))
    qtbot.keyClick(panel.view, Qt.Key.Key_C, Qt.KeyboardModifier.ControlModifier)
    data = QGuiApplication.clipboard().mimeData()
    assert data.text() == pivot_files.tsv(panel.model.layout)
    assert "<table" in data.html() and "<b>" in data.html()
    panel.view.selectionModel().clear()
    top_left, bottom_right = panel.model.index(0, 1), panel.model.index(1, 2)
    from PySide6.QtCore import QItemSelection, QItemSelectionModel

    panel.view.selectionModel().select(QItemSelection(top_left, bottom_right),
                                       QItemSelectionModel.SelectionFlag.Select)
    panel.view.copy()
    lines = QGuiApplication.clipboard().text().splitlines()
    assert len(lines) == 2 + 2 and all(len(line.split("\t")) == 3 for line in lines)


def test_export_writes_what_is_shown(qtbot, window, tmp_path, monkeypatch):
    from PySide6.QtWidgets import QMessageBox

    said = []
    monkeypatch.setattr(QMessageBox, "warning", lambda _parent, _title, text: said.append(text))
    panel = pivot_ready(qtbot, window, ("agency", "stage"), ("year",))
    exim = next(r.path[0] for r in panel.model.layout.rows if r.collapsible)
    panel.toggle(exim)
    path = tmp_path / "out" / "pivot.xlsx"
    path.parent.mkdir()
    assert panel.export(str(path), "xlsx")
    sheet = load_workbook(path).active
    labels = [sheet.cell(r, 1).value for r in range(3, 3 + panel.model.rowCount())]
    assert labels == [r.labels[0] or None for r in panel.model.layout.rows]
    assert not panel.export(str(tmp_path / "missing" / "p.csv"), "csv")
    assert said and "does not exist" in said[0]  # a dialog says why


def test_the_pivot_follows_the_table_on_screen(qtbot, window):
    panel = pivot_ready(qtbot, window)
    window.show_table("participants")
    qtbot.waitUntil(lambda: panel.model.layout is not None
                    and panel.model.layout.pivot.table == "participants", timeout=5000)
    assert panel.model.layout.pivot.value == "count" and not panel.value_box.isEnabled()
    assert panel.rows_box.currentData() == "region"
    assert panel.model.layout.pivot.grand_total.records == 55
    window.show_table("sources")  # no pivot of sources: it keeps the last records table
    assert panel.table == "participants"


@pytest.mark.parametrize("size", [(1280, 800), (1024, 640)])
def test_screenshots(qtbot, window, size):
    window.resize(*size)
    panel = pivot_ready(qtbot, window, ("agency", "stage"), ("year",))
    assert panel.view.horizontalHeader().count() == panel.model.columnCount()
    shot = os.environ.get("FORGE_SHOTS")
    if shot:
        window.grab().save(os.path.join(shot, f"pivot-{size[0]}.png"))


def test_the_pivot_keeps_its_choices_between_runs(qtbot, open_window, settings):
    first = open_window()
    panel = pivot_ready(qtbot, first, ("minerals", "agency"), ("year",))
    panel.value_box.setCurrentIndex(panel.value_box.findData("count"))
    panel.sort_box.setCurrentIndex(panel.sort_box.findData("label"))
    panel.conditional_box.setChecked(False)
    first.close()
    settings.set("pivot/participants/rows", "no_such_column")  # from a future version: left out
    second = open_window()
    again = pivot_ready(qtbot, second)
    assert again.dimensions() == (("minerals", "agency"), ("year",))
    assert again.value_box.currentData() == "count" and again.sort_box.currentData() == "label"
    assert not again.conditional_box.isChecked()
    assert again.model.layout.pivot.value == "count"
