"""The view: it paints the layout it is given, and a point on it finds the bar."""

from __future__ import annotations

from PySide6.QtCore import QPointF

from forge_desktop.ui.chart.options import ChartOptions
from forge_desktop.ui.chart.view import ChartView

from .conftest import chart_ready, drawn, group, totals_of


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
