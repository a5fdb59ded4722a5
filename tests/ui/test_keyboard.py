"""The window from the keyboard: Esc takes filters off one at a time, Tab and F6 go search →
table → detail → chart, and Tab leaves the table instead of walking its cells."""

from __future__ import annotations

import pytest
from PySide6.QtCore import Qt
from PySide6.QtWidgets import QApplication

from forge_desktop.ui import help_text

from .conftest import wait_loaded
from .test_main_window import add_filter, select, type_search


def status(window) -> str:
    return window.statusBar().currentMessage()


def choose_facet_value(qtbot, page, column: str, key: str) -> None:
    facet = page.facets.facets[column]
    qtbot.waitUntil(lambda: facet.item_for(key) is not None)
    facet.list.setCurrentItem(facet.item_for(key))  # a click on the value


def press_escape(qtbot, window) -> None:
    qtbot.keyClick(window.page.view, Qt.Key.Key_Escape)


def test_esc_takes_off_the_last_filter_then_again_every_filter(qtbot, window):
    page = window.page
    add_filter(qtbot, page, "agency", "=", "DOD")
    choose_facet_value(qtbot, page, "stage", "committed")
    add_filter(qtbot, page, "amount_usd", ">", "100M")
    wait_loaded(qtbot, page, 4)

    press_escape(qtbot, window)  # the chip added last
    assert [str(f) for f in page.filter_bar.filters()] == ["agency = DOD"]
    assert page.facets.selections() == (("stage", ("committed",)),)
    assert status(window) == "Cleared filter Amount (USD) > 100M — Esc again clears all"
    wait_loaded(qtbot, page, 7)

    press_escape(qtbot, window)  # again, straight after: everything left
    assert page.filter_bar.filters() == () and page.facets.selections() == ()
    assert status(window) == "Cleared all filters"
    wait_loaded(qtbot, page, 35)


def test_esc_takes_off_a_facet_choice_made_after_a_chip_first(qtbot, window):
    page = window.page
    add_filter(qtbot, page, "agency", "=", "DOD")
    choose_facet_value(qtbot, page, "stage", "funded")
    wait_loaded(qtbot, page, 1)
    press_escape(qtbot, window)
    assert page.facets.selections() == ()
    assert [str(f) for f in page.filter_bar.filters()] == ["agency = DOD"]
    assert status(window) == "Cleared filter Stage = Funded — Esc again clears all"


def test_esc_after_a_change_takes_off_one_filter_again(qtbot, window):
    page = window.page
    for value in ("DOD", "DOE"):
        add_filter(qtbot, page, "agency", "!=", value)
    add_filter(qtbot, page, "amount_usd", ">", "100M")
    press_escape(qtbot, window)
    add_filter(qtbot, page, "stage", "=", "committed")  # the user moved on: no longer "again"
    press_escape(qtbot, window)
    assert [str(f) for f in page.filter_bar.filters()] == ["agency != DOD", "agency != DOE"]


def test_esc_on_the_only_filter_says_so_and_then_clears_the_selection(qtbot, window):
    page = window.page
    add_filter(qtbot, page, "agency", "=", "DOD")
    wait_loaded(qtbot, page, 8)
    press_escape(qtbot, window)
    assert page.filter_bar.filters() == ()
    assert status(window) == "Cleared filter Agency = DOD"
    wait_loaded(qtbot, page, 35)
    select(qtbot, page, "exim-project-vault")
    assert page.selected_count() == 1
    press_escape(qtbot, window)
    assert page.selected_count() == 0


def test_esc_in_the_search_box_clears_the_search_before_any_filter(qtbot, window):
    page = window.page
    add_filter(qtbot, page, "agency", "=", "DOD")
    type_search(qtbot, window, "korea")
    wait_loaded(qtbot, page, 3)
    qtbot.keyClick(window.search_box, Qt.Key.Key_Escape)
    qtbot.waitUntil(lambda: page.search == "")
    assert window.search_box.text() == ""
    assert [str(f) for f in page.filter_bar.filters()] == ["agency = DOD"]


def focused():
    return QApplication.focusWidget()


def test_tab_goes_from_the_search_to_the_table_to_the_detail(qtbot, window):
    window.activateWindow()
    window.focus_search()
    qtbot.keyClick(window.search_box, Qt.Key.Key_Tab)
    assert focused() is window.page.view
    qtbot.keyClick(window.page.view, Qt.Key.Key_Tab)  # Tab leaves the table, not to its next cell
    assert focused() is window.detail


def test_tab_leaves_the_table_while_the_arrows_move_in_it(qtbot, window):
    page = window.page
    select(qtbot, page, "exim-project-vault")
    page.view.setCurrentIndex(page.model.index(0, page.visible_columns()[0]))
    qtbot.keyClick(page.view, Qt.Key.Key_Down)
    assert page.view.currentIndex().row() == 1
    qtbot.keyClick(page.view, Qt.Key.Key_Tab)
    assert not page.view.hasFocus()
    assert page.view.currentIndex().row() == 1  # Tab moved the focus, not the current cell


def test_ctrl_tab_in_the_table_still_switches_tables(qtbot, window):
    qtbot.keyClick(window.page.view, Qt.Key.Key_Tab, Qt.KeyboardModifier.ControlModifier)
    assert window.page.spec.name == "sources"  # the last tab, after financing
    qtbot.keyClick(window.page.view, Qt.Key.Key_Tab, Qt.KeyboardModifier.ControlModifier)
    assert window.page.spec.name == "participants"  # and round again
    qtbot.keyClick(window.page.view, Qt.Key.Key_Tab, Qt.KeyboardModifier.ControlModifier
                   | Qt.KeyboardModifier.ShiftModifier)
    assert window.page.spec.name == "sources"


@pytest.mark.chart
def test_f6_cycles_search_table_detail_chart_and_shift_f6_goes_back(qtbot, window):
    window.activateWindow()
    window.focus_search()
    seen = []
    for _ in range(4):
        qtbot.keyClick(focused(), Qt.Key.Key_F6)
        seen.append(focused())
    assert seen == [window.page.view, window.detail, window.chart.view_box, window.search_box]
    qtbot.keyClick(focused(), Qt.Key.Key_F6, Qt.KeyboardModifier.ShiftModifier)
    assert focused() is window.chart.view_box


def test_f6_passes_the_chart_by_while_it_is_closed(qtbot, window):
    window.chart_dock.close()
    window.activateWindow()
    window.detail.setFocus()
    qtbot.keyClick(window.detail, Qt.Key.Key_F6)
    assert focused() is window.search_box


def test_the_help_names_the_keys():
    text = help_text.help_html()
    for words in ("F6", "Esc", "Ctrl+Shift+C", "Filter by this value", "Value counts"):
        assert words in text, words


def test_f1_opens_the_help_in_a_window_that_scrolls(qtbot, window):
    window.activateWindow()
    window.page.view.setFocus()
    qtbot.keyClick(window.page.view, Qt.Key.Key_F1)
    dialog = window.findChild(help_text.HelpDialog)
    assert dialog is not None and dialog.isVisible()
    assert "F6 jumps to the next pane" in dialog.text.toPlainText()
    assert dialog.height() <= window.height()  # on screen, however long the help grows
    assert window.show_help() is dialog  # one help window, shown again
