"""The table's context menus, driven as a user would: right-click a cell to copy it or filter
by its value, right-click a header for the column's value counts or statistics."""

from __future__ import annotations

from PySide6.QtCore import Qt
from PySide6.QtGui import QGuiApplication
from PySide6.QtWidgets import QMenu

from forge_desktop.core.query import Condition, Op

from .conftest import wait_loaded


def right_click(qtbot, page, record_id: str, column: str) -> None:
    """Right-click the cell of *record_id* in *column*: it becomes the current cell."""
    qtbot.waitUntil(lambda: page.model.row_of(record_id) is not None)
    index = page.model.index(page.model.row_of(record_id), page.model.column_of(column))
    page.view.scrollTo(index)
    qtbot.mouseClick(page.view.viewport(), Qt.MouseButton.RightButton,
                     pos=page.view.visualRect(index).center())
    assert page.view.currentIndex() == index


def action(menu: QMenu, text: str):
    """The action of *menu* whose text (before any tab: the chip it adds) is *text*."""
    for item in menu.actions():
        if item.text().split("\t")[0].replace("&", "") == text:
            return item
    raise AssertionError(f"no {text!r} in {[a.text() for a in menu.actions()]}")


def chips(page) -> list[str]:
    return [str(f) for f in page.filter_bar.filters()]


def test_copy_cell_puts_a_money_cell_as_its_plain_value(qtbot, window):
    page = window.page
    right_click(qtbot, page, "exim-project-vault", "amount_usd")
    action(window.table_menu(), "Copy cell").trigger()
    assert QGuiApplication.clipboard().text() == "10000000000"  # shown "up to $10B"
    assert window.statusBar().currentMessage() == "Copied “10000000000”"


def test_ctrl_shift_c_copies_the_current_cells_text_without_the_aggregate_mark(qtbot, window):
    page = window.page
    right_click(qtbot, page, "exim-loi-total", "recipient")
    assert page.model.data(page.view.currentIndex()).startswith("Σ ")
    page.view.setFocus()
    qtbot.keyClick(page.view, Qt.Key.Key_C,
                   Qt.KeyboardModifier.ControlModifier | Qt.KeyboardModifier.ShiftModifier)
    assert QGuiApplication.clipboard().text() == (
        "Critical-minerals mining projects (letters of interest over the past year)")


def test_filter_by_this_value_and_exclude_this_value(qtbot, window):
    page = window.page
    right_click(qtbot, page, "exim-project-vault", "stage")
    menu = window.table_menu()
    assert action(menu, "Filter by this value").text().endswith("\tstage = approved")
    action(menu, "Filter by this value").trigger()
    assert chips(page) == ["stage = approved"]
    wait_loaded(qtbot, page, 6)
    right_click(qtbot, page, "exim-project-vault", "agency")
    action(window.table_menu(), "Exclude this value").trigger()
    assert chips(page) == ["stage = approved", "agency != EXIM"]
    wait_loaded(qtbot, page)
    assert "exim-project-vault" not in [page.model.record_id(r) for r in range(page.model.rowCount())]


def test_a_list_cell_offers_each_of_its_values(qtbot, window):
    page = window.page
    right_click(qtbot, page, "exim-reko-diq", "minerals")
    menu = window.table_menu()
    keep = action(menu, "Filter by this value").menu()
    assert [a.text() for a in keep.actions()] == ["Copper", "Gold"]
    action(keep, "Gold").trigger()
    assert chips(page) == ["minerals = Gold"]
    wait_loaded(qtbot, page, 1)
    right_click(qtbot, page, "exim-reko-diq", "minerals")
    leave_out = action(window.table_menu(), "Exclude this value").menu()
    action(leave_out, "Copper").trigger()
    assert chips(page) == ["minerals = Gold", "minerals != Copper"]
    wait_loaded(qtbot, page, 0)


def test_an_empty_cell_filters_by_empty_and_excludes_by_notempty(qtbot, window):
    page = window.page
    right_click(qtbot, page, "dod-atalco", "minerals")
    menu = window.table_menu()
    assert action(menu, "Filter by this value").text().endswith("\tminerals empty")
    assert action(menu, "Exclude this value").text().endswith("\tminerals notempty")
    action(menu, "Exclude this value").trigger()
    wait_loaded(qtbot, page, 25)


def test_without_a_current_cell_the_value_actions_are_there_but_off(qtbot, window):
    page = window.page
    page.view.setCurrentIndex(page.model.index(-1, -1))  # no current cell
    menu = window.table_menu()
    for text in ("Filter by this value", "Exclude this value"):
        assert not action(menu, text).isEnabled()
    action(menu, "Copy cell").trigger()
    assert window.statusBar().currentMessage() == "No cell to copy: click one first"


def header_menu(page, column: str) -> QMenu:
    return page.header_menu(page.model.column_of(column))


def test_value_counts_of_a_column_under_the_filters_and_a_click_filters(qtbot, window):
    page = window.page
    page.add_filter(Condition("agency", Op.EQ, "DOD"))
    wait_loaded(qtbot, page, 8)
    action(header_menu(page, "stage"), "Value counts…").trigger()
    dialog = window.value_counts_dialog
    assert dialog.isVisible()
    qtbot.waitUntil(lambda: dialog.table.rowCount() > 0)
    rows = [[dialog.table.item(r, c).text() for c in range(3)] for r in range(dialog.table.rowCount())]
    assert rows == [["Committed", "7", "87.5%"], ["Funded", "1", "12.5%"]]
    summary = dialog.summary.text()  # "8 rows", or "8 row(s)" until English plurals are compiled
    assert summary.startswith("8 row") and "under the current filters · 2 value" in summary
    dialog.table.cellClicked.emit(1, 0)  # a click on "Funded"
    assert not dialog.isVisible()
    assert chips(page) == ["agency = DOD", "stage = funded"]
    wait_loaded(qtbot, page, 1)


def test_value_counts_of_a_list_column_say_the_shares_overlap(qtbot, window):
    page = window.page
    action(header_menu(page, "minerals"), "Value counts…").trigger()
    dialog = window.value_counts_dialog
    qtbot.waitUntil(lambda: dialog.table.rowCount() > 0)
    labels = [dialog.table.item(r, 0).text() for r in range(dialog.table.rowCount())]
    assert labels[:2] == ["Critical minerals (unspecified)", "(empty)"]
    assert "more than 100%" in dialog.summary.text()


def test_statistics_of_the_amount_follow_the_counting_rules(qtbot, window):
    page = window.page
    menu = header_menu(page, "amount_usd")
    assert "Value counts…" not in [a.text() for a in menu.actions()]
    action(menu, "Statistics…").trigger()
    dialog = window.statistics_dialog
    qtbot.waitUntil(lambda: dialog.stats is not None)
    figures = {name: label.text() for name, label in dialog.figures.items()}
    assert figures["total"] == "$20.62B  ($20,620,900,000)"  # the status line's total
    assert figures["values"] == "29" and figures["empty"] == "4"
    assert figures["maximum"] == "$10B  ($10,000,000,000)"
    assert figures["median"] == "$150M  ($150,000,000)"
    assert "By the counting rules" in dialog.note.text()
    assert dialog.windowTitle() == "Statistics — Amount (USD)"


def test_a_date_header_offers_neither_only_the_columns(qtbot, window):
    texts = [a.text() for a in header_menu(window.page, "date").actions()]
    assert "Value counts…" not in texts and "Statistics…" not in texts
    assert "Reset columns" in texts
