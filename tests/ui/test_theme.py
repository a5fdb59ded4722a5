"""View → Theme: the whole window in light or dark, every colour read from the palette or
chosen for it, readable (WCAG's 4.5 contrast for text), and the choice kept."""

from __future__ import annotations

import re
import shutil

import pytest
from PySide6.QtGui import QColor, QPalette
from PySide6.QtWidgets import QApplication

from forge_desktop.core.filter_text import parse_filter
from forge_desktop.ui.app import apply_theme, open_window

from .conftest import wait_loaded

Role = QPalette.ColorRole


def contrast(first: QColor, second: QColor) -> float:
    """WCAG 2's contrast ratio, worked out here again so the test does not trust the code."""
    def luminance(colour: QColor) -> float:
        def linear(c: int) -> float:
            c = c / 255
            return c / 12.92 if c <= 0.04045 else ((c + 0.055) / 1.055) ** 2.4
        return (0.2126 * linear(colour.red()) + 0.7152 * linear(colour.green())
                + 0.0722 * linear(colour.blue()))

    high, low = sorted((luminance(first), luminance(second)), reverse=True)
    return (high + 0.05) / (low + 0.05)


def text_colours(html: str) -> set[str]:
    """Every text colour an HTML document (as QTextDocument writes it back) sets."""
    return set(re.findall(r"(?<![-\w])color:\s*(#[0-9a-fA-F]{6})", html))


@pytest.fixture
def started(qtbot, tmp_path, settings, curated_db_file):
    """Start the app as `forge-desktop` does (app.open_window) on a copy of the database;
    the application's palette is the system's again afterwards."""
    path = tmp_path / "forge.sqlite"
    shutil.copy(curated_db_file, path)
    windows = []

    def start():
        opening = open_window(f"sqlite:///{path}", settings)
        window = opening.window
        qtbot.addWidget(window)
        window.resize(1280, 800)
        window.show()
        wait_loaded(qtbot, window.page, 35)
        windows.append(window)
        return window

    yield start
    for window in windows:
        window.runner.wait()
    apply_theme("system")


def dark(widget) -> bool:
    return widget.palette().color(Role.Window).lightness() < 128


def choose(window, theme: str) -> None:
    window.theme_actions[theme].trigger()  # View → Theme → …


def test_dark_detail_pane_text_reads_on_its_background(qtbot, started):
    window = started()
    choose(window, "dark")
    detail = window.detail
    assert dark(window) and dark(detail)
    base = detail.palette().color(Role.Base)
    assert contrast(detail.palette().color(Role.Text), base) >= 4.5  # the pane's own text
    assert contrast(detail.palette().color(Role.Link), base) >= 4.5  # and its links

    for shown in ("the empty pane", "a record"):
        colours = text_colours(detail.toHtml())
        assert colours, shown  # the subtitle, the field names, the hint: coloured text
        for colour in colours:
            ratio = contrast(QColor(colour), base)
            assert ratio >= 4.5, f"{shown}: {colour} on {base.name()} has contrast {ratio:.1f}"
        if shown == "the empty pane":
            page = window.page
            page.view.setFocus()
            page.view.selectRow(0)
            qtbot.waitUntil(lambda: detail.detail is not None)


def test_a_record_shown_before_the_switch_takes_the_new_colours(qtbot, started):
    window = started()
    page = window.page
    page.view.selectRow(0)
    qtbot.waitUntil(lambda: window.detail.detail is not None)
    light = text_colours(window.detail.toHtml())
    choose(window, "dark")
    after = text_colours(window.detail.toHtml())
    assert after and after != light
    base = window.detail.palette().color(Role.Base)
    assert all(contrast(QColor(c), base) >= 4.5 for c in after)


def test_the_chosen_theme_comes_back_on_restart(qtbot, started, settings):
    window = started()
    assert window.theme_actions["system"].isChecked() and not dark(window)
    choose(window, "dark")
    assert settings.get("window/theme") == "dark"
    window.close()
    apply_theme("system")  # as a new process starts: the platform's palette

    again = started()
    assert dark(again) and again.theme_actions["dark"].isChecked()
    choose(again, "light")
    assert not dark(again) and settings.get("window/theme") == "light"
    choose(again, "system")
    assert QApplication.palette().color(Role.Window) == QPalette().color(Role.Window)


def test_facets_chips_status_line_and_chart_follow_the_theme(qtbot, started):
    window = started()
    page = window.page
    facet = page.facets.facets["agency"]
    facet.set_selected(["DOD", "NASA"])  # NASA: chosen, in no row, so greyed out
    page.filter_bar.set_filters([parse_filter("stage != opportunity")])  # a chip
    wait_loaded(qtbot, page)
    qtbot.waitUntil(lambda: facet.item_for("NASA") is not None)
    chart = window.chart
    qtbot.waitUntil(lambda: chart.chart.drawn is not None and bool(chart.chart.bars))
    assert not chart.chart.drawn.options.dark

    choose(window, "dark")
    palette = QApplication.palette()
    empty = facet.item_for("NASA")
    assert empty.foreground().color() == facet.list.palette().placeholderText().color()
    assert contrast(facet.list.palette().color(Role.Text), facet.list.palette().color(Role.Base)) >= 4.5
    status = window.status_label.palette()
    assert contrast(status.color(Role.WindowText), status.color(Role.Window)) >= 4.5
    chip = page.filter_bar.chip_buttons()[0]
    inside = chip.grab().toImage().pixelColor(chip.width() // 2, 3)  # above the text
    assert inside == palette.color(Role.AlternateBase)  # the chip's style sheet followed
    assert contrast(chip.palette().color(Role.ButtonText), inside) >= 4.5
    qtbot.waitUntil(lambda: chart.chart.drawn.options.dark)  # the chart draws dark
