"""The timeline as a view of the window's chart: it follows the filters, its money equals the
totals, a click selects the record in the table, it exports."""

from __future__ import annotations

import os

import pytest
from sqlalchemy.orm import Session

from forge_desktop.core.counting import totals
from forge_desktop.core.query import Condition, Op
from forge_desktop.ui.chart.options import TIMELINE

from ..conftest import wait_loaded

pytestmark = pytest.mark.chart


def timeline_ready(qtbot, window):
    chart = window.chart
    qtbot.waitUntil(lambda: chart._result is not None, timeout=5000)
    chart.view_box.setCurrentIndex(chart.view_box.findData(TIMELINE))
    qtbot.waitUntil(lambda: chart._timeline is not None
                    and not chart.pending, timeout=5000)
    assert chart.views.currentWidget() is chart.timeline_view
    return chart


def test_the_timeline_follows_filters_and_equals_totals(qtbot, window, engine):
    chart = timeline_ready(qtbot, window)
    financing = window.pages["financing"]
    financing.add_filter(Condition("agency", Op.EQ, "DOD"))
    qtbot.waitUntil(lambda: chart._timeline is not None
                    and all(i.agency == "DOD" for i in chart._timeline.items)
                    and not chart.pending, timeout=5000)
    shown = chart._timeline
    with Session(engine) as session:
        expected = totals(session, financing.build_query(without_chart=True), "agency")
    assert shown.totals.amount_usd == expected.amount_usd
    assert sum(i.summed_usd or 0 for i in shown.items) + shown.undated_usd == expected.amount_usd
    assert "dated records drawn" in chart.note.text()


def test_a_click_on_a_record_selects_it_in_the_table(qtbot, window):
    chart = timeline_ready(qtbot, window)
    item = max(chart._timeline.items, key=lambda i: i.amount_usd or 0)
    chart.timeline_view.recordClicked.emit(item.id)
    financing = window.pages["financing"]
    qtbot.waitUntil(lambda: financing.current_id() == item.id, timeout=5000)
    assert window.page is financing


def test_lanes_follow_the_stack_box_and_export_writes_png(qtbot, window, tmp_path):
    chart = timeline_ready(qtbot, window)
    chart.stack_box.setCurrentIndex(chart.stack_box.findData("agency"))
    qtbot.waitUntil(lambda: chart._timeline.lane_by == "agency"
                    and not chart.pending, timeout=5000)
    (tmp_path / "out").mkdir()
    path = tmp_path / "out" / "timeline.png"
    assert chart.export_timeline(str(path), "png", (900, 500))
    assert path.read_bytes().startswith(b"\x89PNG")
    shot = os.environ.get("FORGE_SHOTS")
    if shot:
        window.grab().save(os.path.join(shot, "timeline-window.png"))
    chart.view_box.setCurrentIndex(chart.view_box.findData("agency"))  # back to bars
    qtbot.waitUntil(lambda: chart.views.currentWidget() is chart.chart, timeout=5000)
    wait_loaded(qtbot, window.page)
