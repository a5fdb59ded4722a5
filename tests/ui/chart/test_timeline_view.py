"""The timeline view: a bar per record in its lane, as wide as its date, found under the mouse."""

from __future__ import annotations

import datetime as dt
import itertools

import pytest
from PySide6.QtCore import QByteArray, QEvent, QPoint, QPointF, Qt
from PySide6.QtGui import QColor, QImage, QMouseEvent, QWheelEvent
from PySide6.QtSvg import QSvgRenderer
from PySide6.QtWidgets import QApplication
from sqlalchemy import update
from sqlalchemy.orm import Session

from forge_desktop.core.counting import Totals
from forge_desktop.core.query import Query
from forge_desktop.core.schema import DatePrecision, Financing, Qualifier
from forge_desktop.core.timeline import Lane, Timeline, TimelineItem, span, timeline
from forge_desktop.ui.chart.options import STAGE_COLOURS
from forge_desktop.ui.chart.timeline_view import (
    DAY,
    MIN_PIXELS,
    TimelineView,
    _Bars,
    footnote,
    seconds,
    tooltip,
)


@pytest.fixture
def curated(engine):
    """The curated database's timeline, by stage."""
    with Session(engine) as session:
        return timeline(session, Query("financing"))


def shown(qtbot, width: int = 1280, height: int = 500) -> TimelineView:
    view = TimelineView()
    qtbot.addWidget(view)
    view.resize(width, height)
    view.show()
    qtbot.waitExposed(view)
    return view


def drawn(qtbot, result: Timeline, *, lane_by: str = "stage", dark: bool = False, log: bool = False,
          width: int = 1280, height: int = 500) -> TimelineView:
    view = shown(qtbot, width, height)
    view.draw(result, lane_by=lane_by, dark=dark, log=log)
    QApplication.processEvents()
    return view


def scene_point(view: TimelineView, x: float, y: float) -> QPointF:
    return view.plotItem.vb.mapViewToScene(QPointF(x, y))


def widget_point(view: TimelineView, x: float, y: float) -> QPoint:
    return view.mapFromScene(scene_point(view, x, y))


def centre(view: TimelineView, record_id: str) -> QPointF:
    return view.bars()[record_id][1].center()


def test_each_record_is_one_bar_in_its_lane(qtbot, curated):
    view = drawn(qtbot, curated)
    bars = view.bars()
    assert set(bars) == {item.id for item in curated.items} and len(bars) == 18
    tops = {}
    for item in curated.items:
        lane, rect = bars[item.id]
        assert curated.lanes[lane].key == item.stage  # lanes in the timeline's order
        tops.setdefault(lane, []).append((rect.top(), rect.bottom()))
    # Lanes run down the plot in order, each below the one before.
    ordered = [tops[n] for n in sorted(tops)]
    for above, below in itertools.pairwise(ordered):
        assert max(b for _, b in above) < min(t for t, _ in below)
    # One item per lane and style, not one per record.
    painted = [item for item in view.plotItem.items if isinstance(item, _Bars)]
    assert len(painted) <= 3 * len(curated.lanes)
    assert sum(len(item.rects) for item in painted) == 18
    # Each lane in its stage's colour, as the bar chart stacks it.
    assert {item.brush.color().name().upper() for item in painted if item.brush.style() != Qt.BrushStyle.NoBrush} == {
        STAGE_COLOURS[lane.key].upper() for lane in curated.lanes if lane.key != "announced"}  # (no amounts there)
    assert {item.pen.color().name().upper() for item in painted if item.brush.style() == Qt.BrushStyle.NoBrush} == {
        STAGE_COLOURS["announced"].upper()}
    ticks = [label for _, label in view.lane_axis._tickLevels[0]]
    assert ticks == ["Announced", "Opportunity", "Approved", "Committed", "Funded"]


def test_a_bar_spans_its_date_a_month_a_month_wide(qtbot, curated):
    view = drawn(qtbot, curated)
    october = view.bars()["dod-ambler-metals"][1]  # known to the month
    assert october.left() == seconds(dt.date(2025, 10, 1))
    assert october.width() / DAY == pytest.approx(31)  # the whole of October, not a point on the 1st
    vault = view.bars()["exim-project-vault"][1]  # a day is a day
    assert (vault.left(), vault.width()) == (seconds(dt.date(2026, 2, 2)), DAY)
    # Seen over years, widened to stay visible: a few pixels on screen, about its day.
    left, right = view.plotItem.vb.viewRange()[0]
    view.plotItem.setXRange(left - 600 * DAY, right + 600 * DAY, padding=0)
    vault = view.bars()["exim-project-vault"][1]
    on_screen = scene_point(view, vault.right(), 0).x() - scene_point(view, vault.left(), 0).x()
    assert on_screen == pytest.approx(MIN_PIXELS, abs=0.5) and vault.width() > DAY
    assert vault.center().x() == pytest.approx(seconds(dt.date(2026, 2, 2)) + DAY / 2)
    assert view.item_at(scene_point(view, vault.center().x() + vault.width() * 0.4, vault.center().y())).id == (
        "exim-project-vault")  # found where it is drawn, not only on its day


def test_records_at_the_same_time_do_not_hide_one_another(qtbot, curated):
    """Four DOD records of December 2025 (three of them in one lane): each its own row."""
    view = drawn(qtbot, curated)
    december = [view.bars()[i][1] for i in ("dod-atalco", "dod-korea-zinc-debt-conditional",
                                             "dod-korea-zinc-financing")]
    for n, one in enumerate(december):
        for other in december[n + 1:]:
            assert not one.intersects(other)


def test_a_larger_amount_is_a_taller_bar(qtbot, curated):
    view = drawn(qtbot, curated)
    height = {i: view.bars()[i][1].height() for i in ("exim-project-vault", "dod-vulcan-elements", "doe-trace-ga")}
    assert height["exim-project-vault"] > height["dod-vulcan-elements"] > height["doe-trace-ga"] > 0
    # Square roots: $10B against $620M is 4 times as much, not 16.
    ratio = (height["dod-vulcan-elements"] - 0.16) / (height["exim-project-vault"] - 0.16)
    assert ratio == pytest.approx((620 / 10_000) ** 0.5, rel=0.01)
    assert view.bar_style("ustr-mexico-action-plan") == "outline"  # no dollar amount
    assert view.bar_style("exim-project-vault") == "filled"


def test_a_record_left_out_of_the_totals_is_dashed(qtbot, engine):
    with Session(engine) as session:
        session.execute(update(Financing).where(Financing.id == "exim-loi-total")
                        .values(date=dt.date(2025, 1, 1), date_precision=DatePrecision.YEAR))
        session.flush()
        result = timeline(session, Query("financing"), include_conditional=False)
    view = drawn(qtbot, result)
    assert view.bar_style("exim-loi-total") == "dashed"  # an aggregate: its parts are counted
    assert view.bar_style("dod-korea-zinc-debt-conditional") == "dashed"  # conditional, left out
    assert view.bar_style("dod-korea-zinc-debt-funded") == "filled"
    year = view.bars()["exim-loi-total"][1]
    assert year.width() / DAY == pytest.approx(365)
    assert "hollow, dashed: not counted in the totals" in footnote(result)


def test_a_point_finds_the_record_under_it(qtbot, curated):
    view = drawn(qtbot, curated)
    for record in ("exim-project-vault", "dod-korea-zinc-debt-funded", "dod-atalco", "dod-korea-zinc-financing",
                   "doe-trace-ga", "ustr-mexico-action-plan"):
        point = centre(view, record)
        assert view.item_at(scene_point(view, point.x(), point.y())).id == record
    vault = view.bars()["exim-project-vault"][1]
    assert view.item_at(scene_point(view, vault.center().x() + 40 * DAY, vault.center().y())) is None  # beside it
    assert view.item_at(QPointF(-5, -5)) is None  # off the plot


def test_a_left_click_opens_the_record(qtbot, curated):
    view = drawn(qtbot, curated)
    point = centre(view, "dod-vulcan-elements")
    with qtbot.waitSignal(view.recordClicked, timeout=2000) as clicked:
        qtbot.mouseClick(view.viewport(), Qt.MouseButton.LeftButton, pos=widget_point(view, point.x(), point.y()))
    assert clicked.args == ["dod-vulcan-elements"]
    with qtbot.assertNotEmitted(view.recordClicked):  # nothing there
        qtbot.mouseClick(view.viewport(), Qt.MouseButton.LeftButton, pos=widget_point(view, seconds(
            dt.date(2025, 9, 1)), point.y()))


def test_hovering_names_the_record(qtbot, curated):
    view = drawn(qtbot, curated)
    point = centre(view, "dod-ambler-metals")
    hovered = []
    view.itemHovered.connect(hovered.append)
    move(qtbot, view, widget_point(view, point.x(), point.y()))
    assert [item.id for item in hovered] == ["dod-ambler-metals"]
    assert view.toolTip() == tooltip(hovered[-1])
    move(qtbot, view, widget_point(view, point.x() + DAY, point.y()))  # still on it: said once
    assert len(hovered) == 1
    move(qtbot, view, widget_point(view, seconds(dt.date(2025, 9, 1)), point.y()))
    assert hovered[-1] is None and view.toolTip() == ""
    move(qtbot, view, widget_point(view, point.x(), point.y()))
    QApplication.sendEvent(view, QEvent(QEvent.Type.Leave))  # out of the window: nothing hovered
    assert hovered[-2].id == "dod-ambler-metals" and hovered[-1] is None


def mouse(view: TimelineView, kind: QEvent.Type, at: QPoint, button: Qt.MouseButton,
          buttons: Qt.MouseButton) -> None:
    """A mouse event at *at* of the viewport, sent straight to it (QTest's mouseMove leaves
    out a move to where the cursor already is)."""
    viewport = view.viewport()
    event = QMouseEvent(kind, QPointF(at), QPointF(viewport.mapToGlobal(at)), button, buttons,
                        Qt.KeyboardModifier.NoModifier)
    QApplication.sendEvent(viewport, event)


def move(qtbot, view: TimelineView, at: QPoint) -> None:
    qtbot.wait(40)  # pyqtgraph passes on one move a frame (of 60 a second), no more
    mouse(view, QEvent.Type.MouseMove, at, Qt.MouseButton.NoButton, Qt.MouseButton.NoButton)


def wheel(view: TimelineView, at: QPoint, steps: int) -> None:
    event = QWheelEvent(QPointF(at), QPointF(view.viewport().mapToGlobal(at)), QPoint(0, 0), QPoint(0, 120 * steps),
                        Qt.MouseButton.NoButton, Qt.KeyboardModifier.NoModifier, Qt.ScrollPhase.NoScrollPhase,
                        False)
    QApplication.sendEvent(view.viewport(), event)


def test_the_wheel_zooms_time_and_the_lanes_stay(qtbot, curated):
    view = drawn(qtbot, curated)
    (left, right), lanes = view.plotItem.vb.viewRange()
    point = centre(view, "dod-vulcan-elements")
    wheel(view, widget_point(view, point.x(), point.y()), 3)
    qtbot.waitUntil(lambda: view.plotItem.vb.viewRange()[0][1] - view.plotItem.vb.viewRange()[0][0] < right - left)
    (new_left, new_right), new_lanes = view.plotItem.vb.viewRange()
    assert new_left > left and new_right < right  # zoomed in about the mouse
    assert new_lanes == pytest.approx(lanes)
    # Zoomed in, a bar is still found where it is drawn.
    assert view.item_at(scene_point(view, point.x(), point.y())).id == "dod-vulcan-elements"


def test_a_drag_pans_time_only(qtbot, curated):
    view = drawn(qtbot, curated)
    (left, right), lanes = view.plotItem.vb.viewRange()
    start = widget_point(view, (left + right) / 2, 0.5)
    steps = [start + QPoint(dx, dy) for dx, dy in ((5, 2), (40, 10), (120, 30), (200, 40))]
    left_button = Qt.MouseButton.LeftButton
    mouse(view, QEvent.Type.MouseButtonPress, start, left_button, left_button)
    for at in steps:
        qtbot.wait(40)  # (one move a frame)
        mouse(view, QEvent.Type.MouseMove, at, Qt.MouseButton.NoButton, left_button)
    mouse(view, QEvent.Type.MouseButtonRelease, steps[-1], left_button, Qt.MouseButton.NoButton)
    (new_left, new_right), new_lanes = view.plotItem.vb.viewRange()
    assert new_left < left and new_right - new_left == pytest.approx(right - left)  # earlier dates came in
    assert new_lanes == pytest.approx(lanes)


def test_the_tooltip_says_who_when_how_much_and_how_far(curated):
    by_id = {item.id: item for item in curated.items}
    assert tooltip(by_id["dod-ambler-metals"]).split("\n") == [
        "DOD Ambler Metals", "Oct 2025 (known to the month)", "$35M ($35,000,000)", "Stage: Committed · Agency: DOD"]
    vault = tooltip(by_id["exim-project-vault"]).split("\n")
    assert vault[1:3] == ["2 Feb 2026", "up to $10B ($10,000,000,000)"]
    assert tooltip(by_id["ustr-mexico-action-plan"]).split("\n")[2] == "no dollar amount"


def test_the_footnote_counts_what_is_drawn_undated_and_left_out(engine, curated):
    text = footnote(curated)
    assert "dated records drawn: 18 of 18" in text
    assert "undated records, not on the timeline: 17 ($4.74B)" in text
    assert curated.totals.footnote() in text  # the totals' own notes, worded once
    assert "limit" not in text
    with Session(engine) as session:
        kept = timeline(session, Query("financing"), limit=5)
    assert "dated records drawn: 5 of 18" in footnote(kept)
    assert f"left out beyond the limit of 5, the smallest amounts: 13 ({'$1.11B'})" in footnote(kept)


def test_dark_and_light_by_stage_or_agency(qtbot, engine, curated):
    view = drawn(qtbot, curated, dark=True)
    assert view.backgroundBrush().color() == QColor("#202124")
    with Session(engine) as session:
        by_agency = timeline(session, Query("financing"), lane_by="agency")
    view.draw(by_agency, lane_by="agency", dark=False)
    assert view.backgroundBrush().color() == QColor("#ffffff")
    assert [label for _, label in view.lane_axis._tickLevels[0]] == ["EXIM", "DOE", "DOD", "USTR"]


def test_before_anything_is_drawn_it_says_so_and_an_empty_timeline_too(qtbot, engine):
    view = shown(qtbot)
    assert view.message.isVisible() and view.message.toPlainText() == "Counting…"
    with Session(engine) as session:
        empty = timeline(session, Query("financing").with_search("no such words anywhere"))
    view.draw(empty, lane_by="stage", dark=False)
    assert view.message.isVisible() and view.message.toPlainText() == "No dated records in these rows."
    assert view.bars() == {}
    assert view.item_at(view.plotItem.vb.sceneBoundingRect().center()) is None


def many(count: int) -> Timeline:
    """*count* records by hand, a day, a month or a year each, in four lanes."""
    items = []
    precisions = tuple(DatePrecision)
    stages = ("announced", "approved", "committed", "funded")
    for n in range(count):
        precision = precisions[n % 3]
        first = dt.date(2020, 1, 1) + dt.timedelta(days=(n * 37) % 2000)
        start, end = span(first.replace(day=1) if precision is not DatePrecision.DAY else first, precision)
        if precision is DatePrecision.YEAR:
            start, end = span(dt.date(first.year, 1, 1), precision)
        stage = stages[n % 4]
        items.append(TimelineItem(f"r{n:05d}", f"DOE r{n}", start, end, precision, 1_000_000 * (n % 97 + 1),
                                  Qualifier.EXACT, stage, n % 10 != 0, "DOE", stage, f"r{n}"))
    items.sort(key=lambda item: (item.start, item.end, item.id))
    empty = Totals("agency", (), None, count, count, 0, (), (), False)
    return Timeline("stage", tuple(items), tuple(Lane(s, s.title(), count // 4) for s in stages), count, 0, 0, 0, 0,
                    empty, True, count)


def test_thousands_of_records_are_a_few_items_and_each_is_found(qtbot):
    result = many(5000)
    view = drawn(qtbot, result)
    painted = [item for item in view.plotItem.items if isinstance(item, _Bars)]
    assert len(painted) <= 3 * 4
    bars = view.bars()
    assert len(bars) == 5000
    for record in ("r00000", "r01234", "r04999"):
        point = bars[record][1].center()
        found = view.item_at(scene_point(view, point.x(), point.y()))
        assert found is not None  # where more overlap than a lane has rows, one of them
        assert found.lane == {item.id: item for item in result.items}[record].lane


@pytest.mark.parametrize("dark", [False, True])
def test_png_and_svg_are_valid_files_of_the_asked_size(qtbot, curated, dark):
    view = drawn(qtbot, curated, dark=dark)
    png = QImage.fromData(view.render_png(800, 500))
    assert (png.width(), png.height()) == (800, 500)
    background = QColor("#202124" if dark else "#ffffff")
    assert png.pixelColor(2, 2) == background
    svg = view.render_svg(800, 500, "FORGE timeline")
    renderer = QSvgRenderer(QByteArray(svg))
    assert renderer.isValid()
    box = renderer.viewBox()
    assert (box.width(), box.height()) == (800, 500)
    text = svg.decode("utf-8")
    assert "Committed" in text and "FORGE timeline" in text  # text stays text
    assert "dated records drawn: 18 of 18" in text  # the footnote under it
    assert view.bars()  # the view itself is left as it was
