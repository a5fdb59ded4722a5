"""The layout: where bars, segments, labels and ticks go, checked without painting."""

from __future__ import annotations

import ast
import math
from pathlib import Path

import pytest

from forge_desktop.core import formatting
from forge_desktop.ui.chart import layout as layout_module
from forge_desktop.ui.chart import options as options_module
from forge_desktop.ui.chart.layout import bar_layout, footnote
from forge_desktop.ui.chart.options import AGENCY_COLOURS, NEUTRAL, STAGE_COLOURS, ChartOptions

from .conftest import group, totals_of

STACKED = totals_of(group("DOD", 400, ("funded", 100), ("committed", 300), ("approved", 0)),
                    group("EXIM", 50, ("committed", 50)), group("DOE", None), stack="stage")


def test_stacked_segments_add_up_to_the_bar():
    drawn = bar_layout(STACKED, ChartOptions(), 1200)
    assert [bar.group.key for bar in drawn.bars] == ["DOD", "EXIM"]  # no amount: no bar
    for bar in drawn.bars:
        assert bar.segments[0].bottom == bar.bottom == 0
        for below, above in zip(bar.segments, bar.segments[1:], strict=False):
            assert below.top == above.bottom  # stacked without gaps
        assert bar.segments[-1].top == bar.top == bar.group.amount_usd
        assert sum(s.amount_usd for s in bar.segments) == bar.group.amount_usd
    assert [s.key for s in drawn.bars[0].segments] == ["funded", "committed"]  # $0 is no segment
    assert drawn.bars[0].value == formatting.money(400)


def test_the_legend_names_each_stack_value_once_in_the_order_it_appears():
    drawn = bar_layout(STACKED, ChartOptions(), 1200)
    assert [(e.key, e.label) for e in drawn.legend] == [("funded", "Funded"), ("committed", "Committed")]
    assert [e.colour for e in drawn.legend] == [STAGE_COLOURS["funded"], STAGE_COLOURS["committed"]]
    assert drawn.x_range == (-0.6, 2 - 0.4 + 1.3)  # room for the legend right of the bars


def test_agencies_stacked_by_agency_are_whole_bars_in_their_colours():
    drawn = bar_layout(totals_of(group("DOD", 400), group("EXIM", 50)), ChartOptions(stack="agency"), 1200)
    assert drawn.legend == ()
    assert [(len(b.segments), b.segments[0].stacked) for b in drawn.bars] == [(1, False), (1, False)]
    assert [b.segments[0].colour for b in drawn.bars] == [AGENCY_COLOURS["DOD"], AGENCY_COLOURS["EXIM"]]
    assert drawn.x_range == (-0.6, 1.6)
    assert drawn.y_range == (0, 400 * 1.12)
    assert drawn.money_ticks is None  # linear: the axis picks its ticks


def test_log_scale_floors_a_decade_below_the_smallest_amount():
    result = totals_of(group("gallium", 6_000_000), group("copper", 11_000_000_000), by="minerals")
    drawn = bar_layout(result, ChartOptions(view="mineral", stack="none", log=True), 1200)
    assert all(bar.bottom == 5 for bar in drawn.bars)  # $6M → floor $100k
    heights = {b.group.key: b.top - b.bottom for b in drawn.bars}
    assert heights["gallium"] == pytest.approx(math.log10(60))  # visible beside $11B
    assert drawn.y_range == (5, pytest.approx(math.log10(11e9) + 0.3))
    assert [e for e, _ in drawn.money_ticks] == [5, 6, 7, 8, 9, 10]
    assert drawn.money_ticks[-1][1] == formatting.money(10 ** 10)
    assert drawn.axis_label == "committed USD, log scale"
    assert {b.segments[0].colour for b in drawn.bars} == {NEUTRAL}


def test_cumulative_months_run_up_and_leave_the_undated_out():
    result = totals_of(group("2025-10", 100, ("funded", 100)), group("2025-12", 50, ("committed", 50)),
                       group(None, 30, ("funded", 30)), by="month", stack="stage")
    by_month = bar_layout(result, ChartOptions(view="month"), 1200)
    assert [t for _, t in by_month.ticks] == ["Oct 2025", "Dec 2025", "undated"]
    running = bar_layout(result, ChartOptions(view="month", cumulative=True), 1200)
    assert [b.group.amount_usd for b in running.bars] == [100, 150]
    assert [b.top for b in running.bars] == [100, 150]
    assert all(len(b.segments) == 1 and not b.segments[0].stacked for b in running.bars)
    assert "cumulative; undated records not shown" in footnote(result, ChartOptions(view="month", cumulative=True))
    assert "cumulative" not in footnote(result, ChartOptions(view="month"))


@pytest.mark.parametrize("width", [400, 900, 2400])
def test_tick_labels_are_cut_to_the_room_a_bar_has(width):
    names = [f"mineral name {n:02d}" for n in range(12)]
    result = totals_of(*(group(n, 10 + i) for i, n in enumerate(names)), by="minerals")
    drawn = bar_layout(result, ChartOptions(view="mineral", stack="none"), width)
    room = max(4, int(max(width - 90, 200) / 12 / 7.5))
    for (index, tick), bar in zip(drawn.ticks, drawn.bars, strict=True):
        assert index == bar.index and bar.label == names[index]  # the bar keeps its full label
        assert len(tick) <= room
        assert tick == bar.label or (tick.endswith("…") and bar.label.startswith(tick[:-1]))
    assert any(t.endswith("…") for _, t in drawn.ticks) == (width < 2400)  # 2400 px: room for 15


def test_a_point_hits_the_segment_under_it():
    drawn = bar_layout(STACKED, ChartOptions(), 1200)
    dod = drawn.bars[0]
    assert drawn.hit(0.1, 50) == (dod, dod.segments[0])
    assert drawn.hit(-0.2, 350) == (dod, dod.segments[1])
    assert drawn.hit(0.5, 50) == (None, None)  # between the bars
    assert drawn.hit(1, 80) == (None, None)  # above EXIM's bar
    assert drawn.hit(7, 10) == (None, None)


def test_the_filtered_bar_and_the_selected_rows_are_marked():
    drawn = bar_layout(STACKED, ChartOptions(), 1200, selected_key="EXIM", highlight={"DOD": 120})
    assert [(b.selected, b.share) for b in drawn.bars] == [(False, 120), (True, None)]


def test_an_empty_chart_has_a_range():
    drawn = bar_layout(totals_of(), ChartOptions(log=True), 800)
    assert (drawn.bars, drawn.ticks, drawn.legend) == ((), (), ())
    assert drawn.y_range == (0, 1.12)
    assert drawn.x_range == (-0.6, 0.4 + 1.3)


@pytest.mark.parametrize("module", [layout_module, options_module])
def test_the_layout_and_the_options_import_nothing_from_qt(module):
    tree = ast.parse(Path(module.__file__).read_text(encoding="utf-8"))
    modules = [node.module or "" for node in ast.walk(tree) if isinstance(node, ast.ImportFrom)]
    modules += [alias.name for node in ast.walk(tree) if isinstance(node, ast.Import) for alias in node.names]
    assert not [m for m in modules if m.split(".")[0] in ("PySide6", "shiboken6", "pyqtgraph")]
