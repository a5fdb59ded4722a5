"""The view: it paints the layout it is given, and a point on it finds the bar."""

from __future__ import annotations

import pyqtgraph as pg
import pytest
from PySide6.QtCore import QPointF
from PySide6.QtGui import QImage, QPainter

from forge_desktop.ui.chart.options import ChartOptions
from forge_desktop.ui.chart.view import ChartView

from .conftest import chart_ready, drawn, group, totals_of

pytestmark = pytest.mark.chart  # every test here looks at the window's chart


def test_log_scale_keeps_the_smallest_bar_visible(qtbot, window):
    chart = chart_ready(qtbot, window)
    chart.view_box.setCurrentIndex(chart.view_box.findData("mineral"))
    chart.stack_box.setCurrentIndex(chart.stack_box.findData("none"))
    chart.log_box.setChecked(True)
    qtbot.waitUntil(lambda: "gallium" in drawn(chart))
    heights = {b.group.key: b.top - b.segments[0].bottom for b in chart.chart.bars}
    assert heights["gallium"] > 0.5  # $6M: at least half a decade tall beside $11B
    assert chart.chart.money_axis.log


STACKED = totals_of(group("DOD", 400, ("funded", 100), ("committed", 300)), group("EXIM", 50, ("committed", 50)),
                    stack="stage")


def shown(qtbot, view: ChartView, width: int = 900) -> ChartView:
    qtbot.addWidget(view)
    view.resize(width, 400)
    view.show()
    qtbot.waitExposed(view)
    return view


def test_the_view_paints_the_layout_one_item_per_stack_value(qtbot):
    view = shown(qtbot, ChartView())
    view.draw(STACKED, ChartOptions())
    assert [label.text for _, label in view.legend.items] == ["Funded", "Committed"]
    assert view.legend.isVisible()
    ticks = view.plotItem.getAxis("bottom")._tickLevels[0]
    assert ticks == list(view.drawn.ticks) == [(0, "DOD"), (1, "EXIM")]
    view.draw(STACKED, ChartOptions(stack="none"))  # drawn again: the old items go
    assert not view.legend.items and not view.legend.isVisible()


def test_a_scene_point_finds_the_segment_under_it(qtbot):
    view = shown(qtbot, ChartView())
    view.draw(STACKED, ChartOptions())
    dod = view.bars[0]
    for segment in dod.segments:
        scene = view.plotItem.vb.mapViewToScene(QPointF(dod.index, (segment.bottom + segment.top) / 2))
        assert view.hit(scene) == (dod, segment)
    assert view.hit(QPointF(-5, -5)) == (None, None)  # off the plot


def test_a_narrower_view_cuts_its_tick_labels_again(qtbot):
    names = [f"mineral name {n:02d}" for n in range(8)]
    view = shown(qtbot, ChartView(), 1600)
    view.draw(totals_of(*(group(n, 10 + i) for i, n in enumerate(names)), by="minerals"),
              ChartOptions(view="mineral", stack="none"))
    assert [t for _, t in view.drawn.ticks] == names
    bars = view.bars
    view.resize(300, 400)
    qtbot.waitUntil(lambda: view.drawn.ticks[0][1].endswith("…"))
    assert view.bars == bars  # only the axes followed the width


def tick_texts(axis) -> list[str]:
    """The tick labels an axis paints."""
    image = QImage(10, 10, QImage.Format.Format_ARGB32)
    painter = QPainter(image)
    try:
        specs = axis.generateDrawSpecs(painter)
    finally:
        painter.end()
    return [text for _, _, text in specs[2]] if specs else []


def test_before_the_first_totals_the_chart_says_it_is_counting_and_shows_no_axes(qtbot):
    view = shown(qtbot, ChartView())
    assert view.message.isVisible() and view.message.toPlainText() == "Counting…"
    assert tick_texts(view.money_axis) == [] and tick_texts(view.plotItem.getAxis("bottom")) == []
    view.draw(STACKED, ChartOptions())
    assert not view.message.isVisible()
    assert tick_texts(view.plotItem.getAxis("bottom")) == ["DOD", "EXIM"]
    assert tick_texts(view.money_axis)


@pytest.mark.parametrize("log", [False, True])
def test_an_empty_chart_has_no_money_ticks_and_says_so(qtbot, log):
    view = shown(qtbot, ChartView())
    view.draw(totals_of(group("DOE", None)), ChartOptions(log=log))
    assert tick_texts(view.money_axis) == []  # was $0.2 … $0.6000000000000001 … $1
    assert view.message.isVisible() and view.message.toPlainText() == "No dollar amounts in these rows."
    assert view.plotItem.vb.sceneBoundingRect().contains(view.message.sceneBoundingRect())


INSTRUMENTS = ("direct_loan", "letter_of_interest", "financing", "debt", "equity", "investment",
               "letter_of_intent", "nofo", "noi", "pia")
BY_INSTRUMENT = totals_of(*(group(agency, 1000 * (5 - n), *((i, 100 * (5 - n) + k) for k, i in enumerate(INSTRUMENTS)))
                            for n, agency in enumerate(("EXIM", "DOD", "DFC", "DOE"))), stack="instrument")


@pytest.mark.parametrize(("width", "height"), [(1270, 200), (1010, 160), (900, 400)])
def test_every_legend_entry_shows_whole_right_of_the_bars(qtbot, width, height):
    """Ten instruments in a short plot: in columns, each inside the plot, none over a bar
    (one column once ran off the bottom, "Letter of intent" cut and NOFO, NOI, PIA lost)."""
    view = shown(qtbot, ChartView(), width)
    view.resize(width, height)
    view.draw(BY_INSTRUMENT, ChartOptions(stack="instrument"))
    qtbot.waitUntil(lambda: view.plotItem.vb.height() < height)
    plot = view.plotItem.vb.sceneBoundingRect()
    assert [label.text for _, label in view.legend.items] == [
        "Direct loan", "Letter of interest", "Financing", "Debt", "Equity", "Investment", "Letter of intent",
        "NOFO", "NOI", "PIA"]
    last_bar = view.plotItem.vb.mapViewToScene(QPointF(view.bars[-1].index + 0.31, 0)).x()
    for sample, label in view.legend.items:
        for item in (sample, label):
            shape = item.sceneBoundingRect()
            assert plot.contains(shape), (label.text, shape, plot)
            assert shape.left() > last_bar, label.text


@pytest.mark.parametrize("stack", ["stage", "none"])
def test_on_a_log_scale_the_tallest_value_label_is_not_cut_off(qtbot, stack):
    result = totals_of(group("DOD", 12_800_000_000, ("funded", 12_000_000_000), ("committed", 800_000_000)),
                       group("EXIM", 4_000, ("committed", 4_000)), stack="stage")
    view = shown(qtbot, ChartView(), 700)
    view.resize(700, 180)
    view.draw(result, ChartOptions(stack=stack, log=True))
    qtbot.waitUntil(lambda: view.plotItem.vb.height() < 180)
    view.grab()  # a text item places itself where it is painted
    label = next(item for item in view._items if isinstance(item, pg.TextItem) and item.toPlainText() == "$12.8B")
    assert view.plotItem.vb.sceneBoundingRect().contains(label.sceneBoundingRect())
