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


@pytest.mark.parametrize("share", [0.0, 0.2, 0.45])
def test_the_legend_gets_the_share_of_the_plot_it_measured(share):
    """Room for the legend right of the bars, as wide as the view measured it (a guess in
    bar slots once left long entries cut)."""
    drawn = bar_layout(STACKED, ChartOptions(), 1200, legend_share=share)
    left, right = drawn.x_range
    assert left == -0.6
    assert (right - (2 - 0.4)) / (right - left) == pytest.approx(share)  # right of the last bar
    assert bar_layout(STACKED, ChartOptions(), 1200, legend_share=0.9).x_range == \
        bar_layout(STACKED, ChartOptions(), 1200, legend_share=0.5).x_range  # the bars keep half
    assert bar_layout(STACKED, ChartOptions(stack="none"), 1200, legend_share=share).x_range == (-0.6, 1.6)


def test_a_wider_legend_leaves_the_tick_labels_less_room():
    names = [f"mineral name {n:02d}" for n in range(6)]
    result = totals_of(*(group(n, 10 + i, ("funded", 10 + i)) for i, n in enumerate(names)),
                       by="minerals", stack="stage")
    room = {share: max(len(t) for _, t in bar_layout(result, ChartOptions(view="mineral"), 1000,
                                                      legend_share=share).ticks) for share in (0.0, 0.4)}
    assert room[0.4] < room[0.0] == len(names[0])


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


def test_a_low_plot_takes_the_short_axis_label_or_none_rather_than_a_cut_one():
    result = totals_of(group("copper", 11_000_000_000), by="minerals")
    drawn = bar_layout(result, ChartOptions(view="mineral", stack="none", log=True), 1200)
    width = lambda text: 7.0 * len(text)  # noqa: E731 — seven pixels a character
    assert drawn.axis_label_for(300, width) == "committed USD, log scale"  # 168 px
    assert drawn.axis_label_for(120, width) == "USD, log"  # 56 px
    assert drawn.axis_label_for(40, width) == ""


MONTHS = totals_of(group("2025-10", 100, ("funded", 100)), group("2025-12", 50, ("committed", 50)),
                   group("2026-02", None), group("2026-03", 20, ("funded", 20)),
                   group(None, 30, ("funded", 30)), by="month", stack="stage")


def test_months_without_an_amount_are_empty_slots_in_time():
    drawn = bar_layout(MONTHS, ChartOptions(view="month"), 1200)
    assert [t for _, t in drawn.ticks] == ["Oct 2025", "Nov 2025", "Dec 2025", "Jan 2026", "Feb 2026",
                                           "Mar 2026", "undated"]
    empty = [b for b in drawn.bars if not b.segments]
    assert [b.label for b in empty] == ["Nov 2025", "Jan 2026", "Feb 2026"]
    assert all(b.value == "" and b.top == b.bottom for b in empty)  # no bar, no "$0" above it
    assert empty[2].group.records == 1  # February has a record, without a dollar amount
    assert drawn.hit(1, 0) == (None, None) and drawn.slot(1.3) is empty[0]


def test_cumulative_months_run_up_stacked_and_leave_the_undated_out():
    """A running total is stacked as asked, each stack value running up on its own (once
    drawn unstacked while the stack box said stacked)."""
    running = bar_layout(MONTHS, ChartOptions(view="month", cumulative=True), 1200)
    assert [b.group.amount_usd for b in running.bars] == [100, 100, 150, 150, 150, 170]
    assert [b.top for b in running.bars] == [100, 100, 150, 150, 150, 170]
    assert [{s.key: s.amount_usd for s in b.segments} for b in running.bars] == [
        {"funded": 100}, {"funded": 100}, *[{"funded": 100, "committed": 50}] * 3,
        {"funded": 120, "committed": 50}]
    assert all(s.stacked for b in running.bars for s in b.segments)
    assert [e.key for e in running.legend] == ["funded", "committed"]
    assert "cumulative; undated records not shown" in footnote(MONTHS, ChartOptions(view="month", cumulative=True))
    assert "cumulative" not in footnote(MONTHS, ChartOptions(view="month"))


def test_log_scale_splits_a_bar_by_its_segments_shares():
    """On a log axis a bar is as tall as the log of its total, and its segments split that
    height in proportion to their amounts (stacked raw, $300M on $100M was a sliver)."""
    drawn = bar_layout(STACKED, ChartOptions(log=True), 1200)
    dod = drawn.bars[0]
    assert dod.top == pytest.approx(math.log10(400)) and dod.bottom == 0  # floor: $1
    funded, committed = dod.segments
    assert funded.bottom == dod.bottom and committed.top == dod.top and funded.top == committed.bottom
    assert (committed.top - committed.bottom) / (funded.top - funded.bottom) == pytest.approx(300 / 100)
    assert "split in proportion to its segments' amounts" in footnote(STACKED, ChartOptions(log=True))
    assert "in proportion" not in footnote(STACKED, ChartOptions(log=True, stack="none"))
    assert "in proportion" not in footnote(STACKED, ChartOptions())


@pytest.mark.parametrize("log", [False, True])
def test_the_tallest_value_label_has_the_room_it_needs_above_its_bar(log):
    """The view measures a label's share of the plot's height; that much is left free above
    the tallest bar, so its value is not cut off at the top."""
    for headroom in (0.0, 0.25, 0.4):
        drawn = bar_layout(STACKED, ChartOptions(log=log), 1200, headroom=headroom)
        low, high = drawn.y_range
        tallest = max(b.top for b in drawn.bars)
        assert (high - tallest) / (high - low) >= headroom - 1e-9
    assert bar_layout(STACKED, ChartOptions(log=log), 1200, headroom=0.05).y_range == \
        bar_layout(STACKED, ChartOptions(log=log), 1200).y_range  # the usual margin is room enough


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


@pytest.mark.parametrize("log", [False, True])
def test_an_empty_chart_has_a_range_no_money_ticks_and_says_why(log):
    drawn = bar_layout(totals_of(group("DOE", None)), ChartOptions(log=log), 800)
    assert (drawn.bars, drawn.ticks, drawn.legend) == ((), (), ())
    assert drawn.y_range == (0, 1)
    assert drawn.x_range == (-0.6, 0.4)
    assert drawn.money_ticks == ()  # no axis to read: not $0.6000000000000001
    assert drawn.message == "No dollar amounts in these rows."
    assert bar_layout(STACKED, ChartOptions(log=log), 800).message == ""


@pytest.mark.parametrize("module", [layout_module, options_module])
def test_the_layout_and_the_options_import_nothing_from_qt(module):
    tree = ast.parse(Path(module.__file__).read_text(encoding="utf-8"))
    modules = [node.module or "" for node in ast.walk(tree) if isinstance(node, ast.ImportFrom)]
    modules += [alias.name for node in ast.walk(tree) if isinstance(node, ast.Import) for alias in node.names]
    assert not [m for m in modules if m.split(".")[0] in ("PySide6", "shiboken6", "pyqtgraph")]
