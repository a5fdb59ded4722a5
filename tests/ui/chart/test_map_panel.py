"""The world map as a view of the window's chart: it follows the filters, its money equals the
totals by country, a click filters the table (again clears), the hover says the exact sum, the
stages and the places within, the selected rows are highlighted, it exports."""

from __future__ import annotations

import os

import pytest
from PySide6.QtCore import QItemSelectionModel
from sqlalchemy.orm import Session

from forge_desktop.core import formatting
from forge_desktop.core.counting import totals
from forge_desktop.core.query import Condition, Op
from forge_desktop.ui.chart.map_data import country_tooltip
from forge_desktop.ui.chart.options import MAP

from ..conftest import wait_loaded

pytestmark = pytest.mark.chart


def drawn(chart) -> bool:
    return chart._countries is not None and not chart.pending


def map_ready(qtbot, window):
    chart = window.chart
    qtbot.waitUntil(lambda: chart._result is not None, timeout=5000)
    chart.view_box.setCurrentIndex(chart.view_box.findData(MAP))
    qtbot.waitUntil(lambda: drawn(chart), timeout=5000)
    assert chart.views.currentWidget() is chart.map_view
    assert not chart.stack_box.isEnabled()  # a country's hover breaks it down by stage
    return chart


def test_the_map_follows_filters_and_equals_the_totals_by_country(qtbot, window, engine):
    chart = map_ready(qtbot, window)
    financing = window.pages["financing"]
    financing.add_filter(Condition("agency", Op.EQ, "DOE"))
    qtbot.waitUntil(lambda: drawn(chart) and chart._countries.totals.records < 35, timeout=5000)
    with Session(engine) as session:
        expected = totals(session, financing.build_query(without_chart=True), "locations")
    shown = chart.map_view._values
    shapes = chart.map_view.shapes
    expected_shaded = {g.key: g.amount_usd for g in expected.groups if g.key in shapes}
    assert shown == expected_shaded and shown
    assert chart._countries.totals.amount_usd == expected.amount_usd
    # every country with money is filled, further from the background than one without
    richest = max(shown, key=lambda code: shown[code] or 0)
    assert chart.map_view.colour_of(richest) != chart.map_view.colour_of("ATA")
    assert "a state or city counts under its country" in chart.note.text()


def test_a_click_filters_the_table_to_the_country_and_again_clears(qtbot, window):
    chart = map_ready(qtbot, window)
    financing = window.pages["financing"]
    wait_loaded(qtbot, financing)
    everything = financing.model.total
    usa = chart._countries.group("USA")
    chart.map_view.countryClicked.emit("USA")
    wait_loaded(qtbot, financing, usa.records)
    assert financing.chart_filters == (Condition("locations", Op.EQ, "USA"),)
    qtbot.waitUntil(lambda: drawn(chart) and chart.map_view._selected == "USA", timeout=5000)
    chart.map_view.countryClicked.emit(None)  # the sea: nothing changes
    chart.map_view.countryClicked.emit("ATA")  # no record names Antarctica: nothing either
    assert financing.chart_filters == (Condition("locations", Op.EQ, "USA"),)
    chart.map_view.countryClicked.emit("USA")
    wait_loaded(qtbot, financing, everything)
    assert financing.chart_filters == ()


def test_the_hover_says_the_exact_sum_stages_and_places_within(qtbot, window):
    chart = map_ready(qtbot, window)
    result = chart._countries
    usa = result.group("USA")
    text = country_tooltip(result, "USA", "United States")
    assert formatting.money_full(usa.amount_usd) in text
    assert f"{usa.records} records" in text and "by stage:" in text
    assert result.places["USA"] and "places within: " + result.places["USA"][0] in text
    assert sum(s.records for s in usa.segments) >= usa.records  # each record has one stage
    assert "no records" in country_tooltip(result, "ATA", "Antarctica")


def test_selected_rows_are_highlighted_and_the_log_scale_toggles(qtbot, window):
    chart = map_ready(qtbot, window)
    financing = window.pages["financing"]
    wait_loaded(qtbot, financing)
    chart.map_view.countryClicked.emit("KOR")  # the table holds Korea's records only
    wait_loaded(qtbot, financing, chart._countries.group("KOR").records)
    financing.view.selectionModel().select(financing.model.index(0, 0),
                                           QItemSelectionModel.SelectionFlag.ClearAndSelect
                                           | QItemSelectionModel.SelectionFlag.Rows)
    qtbot.waitUntil(lambda: "KOR" in chart.map_view._highlighted, timeout=5000)
    chart.log_box.setChecked(True)
    qtbot.waitUntil(lambda: drawn(chart) and chart.map_view._log, timeout=5000)
    qtbot.waitUntil(lambda: "KOR" in chart.map_view._highlighted, timeout=5000)  # counted again


def test_export_writes_png_and_svg(qtbot, window, tmp_path):
    chart = map_ready(qtbot, window)
    png, svg = tmp_path / "map.png", tmp_path / "map.svg"
    assert chart.export_map(str(png), "png", (900, 500))
    assert chart.export_map(str(svg), "svg", (900, 500))
    assert png.read_bytes().startswith(b"\x89PNG")
    assert b"<svg" in svg.read_bytes() and b"Committed USD by country" in svg.read_bytes()
    shot = os.environ.get("FORGE_SHOTS")
    if shot:
        window.grab().save(os.path.join(shot, "map-window.png"))
