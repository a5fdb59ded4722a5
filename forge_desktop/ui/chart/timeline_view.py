"""The timeline: financing records over time, one lane per stage (or agency), each a bar.

:meth:`TimelineView.draw` paints a :class:`~forge_desktop.core.timeline.Timeline`. A record
spans what its date covers (a month known to the month is a month wide), its height in the
lane grows with the square root of its amount (or its logarithm), and a record the totals
leave out is drawn hollow, dashed. Records at the same time in one lane sit in rows of
their own (a lane is as many rows tall as it needs, up to MAX_ROWS), so none hides another.

However many records there are, each lane is at most three items (filled, outlined,
dashed), rebuilt from numpy arrays when the time axis moves: a bar narrower than a few
pixels (a single day seen over months) is widened to stay visible. A point finds its record
by a binary search over its lane's sorted starts.

The wheel zooms the time axis and a drag pans it; the lanes stay put. Hovering says which
record is under the mouse (:attr:`~TimelineView.itemHovered`, a tooltip), a left click
which to open (:attr:`~TimelineView.recordClicked`).
"""

from __future__ import annotations

import datetime as dt
import math
from collections.abc import Sequence
from dataclasses import dataclass
from typing import Any

import numpy as np
import pyqtgraph as pg
from numpy.typing import NDArray
from PySide6.QtCore import QCoreApplication, QEvent, QPointF, QRectF, Qt, Signal
from PySide6.QtGui import QBrush, QColor, QFont, QFontMetricsF, QPainter, QPen
from PySide6.QtWidgets import QGraphicsRectItem, QWidget

from ...core import formatting
from ...core.schema import DatePrecision, Qualifier
from ...core.timeline import Timeline, TimelineItem
from .export import FOOTNOTE_COLOUR, FOOTNOTE_POINTS, FOOTNOTE_ROW, PLOT_COLUMN, _png, _svg, _wrap
from .options import STACK_COLOURS, ChartOptions, _imported_colour
from .view import MESSAGE_COLOUR, _solid

translate = QCoreApplication.translate  # pyside6-lupdate reads translate("context", "text")

DAY = 86_400.0  # seconds: the time axis is in seconds since 1970 (UTC), as DateAxisItem reads it
_EPOCH = dt.date(1970, 1, 1).toordinal()

LANE_MARGIN = 0.12  # of a row's height, kept free above and below its bars
MIN_HEIGHT = 0.16  # of a row: the bar of the smallest amount
MAX_HEIGHT = 1 - 2 * LANE_MARGIN  # the bar of the largest
NO_AMOUNT_HEIGHT = 0.3  # an outline: a record without a dollar amount
MAX_ROWS = 4  # in a lane, for records at the same time side by side; more overlap
PACKING_PIXELS = 1200  # the plot's width, about, at which narrow bars are packed apart
MIN_PIXELS = 5.0  # a bar narrower than this on screen (a day, a month far out) is widened to it
PAD = 0.03  # of the time span, either side of the records
GRID_ALPHA = 0.18
LANE_LINE_ALPHA = 0.25
LABEL_POINTS = 9

FILLED, OUTLINED, DASHED = range(3)  # how a bar is painted: amount; no amount; not counted
STYLES = ("filled", "outline", "dashed")


def seconds(day: dt.date) -> float:
    """A date's midnight (UTC) on the time axis."""
    return (day.toordinal() - _EPOCH) * DAY


def lane_colour(lane_by: str, key: str | None) -> str:
    """A lane's colour: its stage's (or agency's) as in the bar chart, an imported value's own."""
    return STACK_COLOURS.get(lane_by, {}).get(key) or _imported_colour(key)


# ---------------------------------------------------------------------- texts


def date_words(item: TimelineItem) -> str:
    """The record's date as precisely as it is known."""
    text = formatting.date_text(item.start, item.precision)
    if item.precision is DatePrecision.MONTH:
        return translate("chart", "{0} (known to the month)").format(text)
    if item.precision is DatePrecision.YEAR:
        return translate("chart", "{0} (known to the year)").format(text)
    return text


def tooltip(item: TimelineItem) -> str:
    """What hovering over a record says: who, when, how much, how far it has gone, whose."""
    lines = [item.label, date_words(item)]
    if item.amount_usd is None:
        lines.append(translate("chart", "no dollar amount"))
    else:
        stated = formatting.money(item.amount_usd, item.qualifier)
        full = formatting.money_full(item.amount_usd)
        lines.append(f"{stated} ({full})" if full and full not in stated else stated)
    lines.append(translate("chart", "Stage: {0} · Agency: {1}").format(formatting.label(item.stage), item.agency))
    if not item.counted:
        if item.is_aggregate:
            lines.append(translate("chart", "not counted: an aggregate whose parts are counted instead"))
        elif item.qualifier is Qualifier.CONDITIONAL:
            lines.append(translate("chart", "not counted: conditional amounts are left out"))
        else:
            lines.append(translate("chart", "not counted in the totals"))
    return "\n".join(lines)


def footnote(timeline: Timeline) -> str:
    """What the timeline shows and leaves out, under it and in an exported one."""
    parts = [translate("chart", "US government money only; co-financing is not counted")]
    parts.append(translate("chart", "dated records drawn: {0} of {1}").format(timeline.drawn, timeline.dated))
    if timeline.left_out:
        parts.append(translate("chart", "left out beyond the limit of {0}, the smallest amounts: {1} ({2})").format(
            timeline.limit, timeline.left_out, formatting.money(timeline.left_out_usd)))
    if timeline.undated:
        parts.append(translate("chart", "undated records, not on the timeline: {0} ({1})").format(
            timeline.undated, formatting.money(timeline.undated_usd)))
    if any(not item.counted for item in timeline.items):
        parts.append(translate("chart", "hollow, dashed: not counted in the totals"))
    notes = timeline.totals.footnote(translate)
    if notes:
        parts.append(notes)
    return " · ".join(parts)


# ---------------------------------------------------------------------- geometry


@dataclass
class _Lane:
    """One lane's records, sorted by start, and their bars in plot units. A lane is as many
    rows tall as it takes for records at the same time to sit side by side (up to
    MAX_ROWS); each row is one unit high, so a height means the same amount in every lane."""

    index: int
    key: str
    label: str
    top: float  # its first row's top (the lanes run down: y grows downwards)
    rows: int
    items: list[TimelineItem]
    x0: NDArray[np.float64]  # start, seconds
    x1: NDArray[np.float64]  # the day after the end
    y0: NDArray[np.float64]  # the bar's top and bottom
    y1: NDArray[np.float64]
    kind: NDArray[np.int8]  # FILLED, OUTLINED or DASHED
    longest: float  # the widest bar's width, for the search window

    @property
    def bottom(self) -> float:
        return self.top + self.rows

    def widened(self, pixel: float) -> tuple[NDArray[np.float64], NDArray[np.float64]]:
        """x0 and x1 with every bar at least MIN_PIXELS wide at *pixel* plot units a pixel."""
        least = MIN_PIXELS * pixel
        narrow = (self.x1 - self.x0) < least
        if not narrow.any():
            return self.x0, self.x1
        middle = (self.x0 + self.x1) / 2
        return (np.where(narrow, middle - least / 2, self.x0), np.where(narrow, middle + least / 2, self.x1))


def _heights(items: Sequence[TimelineItem], log: bool) -> NDArray[np.float64]:
    """Each bar's height in rows: from MIN_HEIGHT for the smallest amount to MAX_HEIGHT for
    the largest, by the square root of the amount (or its logarithm)."""
    amounts = np.array([item.amount_usd if item.amount_usd is not None else np.nan for item in items],
                       dtype=np.float64)
    heights = np.full(len(items), NO_AMOUNT_HEIGHT)
    known = ~np.isnan(amounts)
    if not known.any():
        return heights
    largest = float(np.nanmax(amounts))
    if log:
        positive = amounts[known & (amounts > 0)]
        low = math.log10(float(positive.min())) if positive.size else 0.0
        high = math.log10(largest) if largest > 0 else 0.0
        with np.errstate(divide="ignore", invalid="ignore"):
            share = (np.log10(np.maximum(amounts, 1.0)) - low) / (high - low) if high > low else np.ones_like(amounts)
    else:
        share = np.sqrt(amounts / largest) if largest > 0 else np.ones_like(amounts)
    share = np.clip(np.nan_to_num(share, nan=0.0), 0.0, 1.0)
    heights[known] = MIN_HEIGHT + (MAX_HEIGHT - MIN_HEIGHT) * share[known]
    return heights


def _pack(x0: NDArray[np.float64], x1: NDArray[np.float64], least: float) -> tuple[list[int], int]:
    """A row for each bar (sorted by start) so that bars at the same time sit in different
    rows, the first free one; past MAX_ROWS, the row that frees first. Bars are taken as at
    least *least* wide, as narrow ones are drawn. The rows and how many there are."""
    ends: list[float] = []
    rows: list[int] = []
    for start, end in zip(x0.tolist(), x1.tolist(), strict=True):
        middle, half = (start + end) / 2, max(end - start, least) / 2
        start, end = middle - half, middle + half
        row = next((n for n, last in enumerate(ends) if last <= start), None)
        if row is None and len(ends) < MAX_ROWS:
            row = len(ends)
            ends.append(end)
        elif row is None:
            row = min(range(len(ends)), key=ends.__getitem__)
        ends[row] = max(ends[row], end)
        rows.append(row)
    return rows, max(len(ends), 1)


def _lanes(timeline: Timeline, log: bool, least: float) -> list[_Lane]:
    """The lanes as drawn: the timeline's, in its order, and any other an item names."""
    heights = dict(zip((item.id for item in timeline.items), _heights(timeline.items, log), strict=True))
    by_lane: dict[str, list[TimelineItem]] = {lane.key: [] for lane in timeline.lanes}
    labels = {lane.key: lane.label for lane in timeline.lanes}
    for item in timeline.items:
        by_lane.setdefault(item.lane, []).append(item)
    found: list[_Lane] = []
    top = 0.0
    for n, (key, items) in enumerate(by_lane.items()):
        items.sort(key=lambda item: (item.start, item.end, item.id))
        x0 = np.array([seconds(item.start) for item in items], dtype=np.float64)
        x1 = np.array([seconds(item.end) + DAY for item in items], dtype=np.float64)
        rows, count = _pack(x0, x1, least)
        middle = top + np.array(rows, dtype=np.float64) + 0.5
        height = np.array([heights[item.id] for item in items], dtype=np.float64)
        kind = np.array([FILLED if item.counted and item.amount_usd is not None
                         else OUTLINED if item.counted else DASHED for item in items], dtype=np.int8)
        found.append(_Lane(n, key, labels.get(key, formatting.label(key)), top, count, items, x0, x1,
                           middle - height / 2, middle + height / 2, kind,
                           float((x1 - x0).max()) if items else 0.0))
        top += count
    return found


class _Bars(pg.GraphicsObject):
    """Rectangles of one colour and style as one item, painted in one call: twenty thousand
    bars paint in a tenth of the time a filled path of them takes (and SVG keeps them rects)."""

    def __init__(self, pen: QPen, brush: QBrush | Qt.BrushStyle):
        super().__init__()
        self._pen, self._brush = pen, QBrush(brush)
        self._rects: list[QRectF] = []
        self._bounds = QRectF()

    def set_rects(self, x0: NDArray[np.float64], x1: NDArray[np.float64], y0: NDArray[np.float64],
                  y1: NDArray[np.float64], margin: float = 0.0) -> None:
        """The bars, from arrays of their edges; *margin*: plot units their outline reaches out."""
        self.prepareGeometryChange()
        self._rects = [QRectF(left, top, right - left, bottom - top) for left, right, top, bottom
                       in zip(x0.tolist(), x1.tolist(), y0.tolist(), y1.tolist(), strict=True)]
        self._bounds = (QRectF(QPointF(float(x0.min()) - margin, float(y0.min()) - 0.05),
                               QPointF(float(x1.max()) + margin, float(y1.max()) + 0.05))
                        if len(x0) else QRectF())
        self.update()

    @property
    def rects(self) -> list[QRectF]:
        return self._rects

    @property
    def brush(self) -> QBrush:
        return self._brush

    @property
    def pen(self) -> QPen:
        return self._pen

    def boundingRect(self) -> QRectF:
        return self._bounds

    def paint(self, painter: QPainter, *_args: object) -> None:
        painter.setPen(self._pen)
        painter.setBrush(self._brush)
        painter.drawRects(self._rects)


def _full_range(timeline: Timeline) -> tuple[float, float]:
    """The time axis' range showing every record of *timeline* (the limit's left-out ones
    too), a little room either side; half a year either side of today when none is dated."""
    starts = [seconds(item.start) for item in timeline.items[:1]]  # (sorted by start)
    ends = [seconds(max(item.end for item in timeline.items)) + DAY] if timeline.items else []
    if timeline.first is not None and timeline.last is not None:
        starts.append(seconds(timeline.first))
        ends.append(seconds(timeline.last) + DAY)
    if not starts:
        today = seconds(dt.date.today())
        return today - 180 * DAY, today + 180 * DAY
    left, right = min(starts), max(ends)
    pad = max((right - left) * PAD, 15 * DAY)
    return left - pad, right + pad


# ---------------------------------------------------------------------- the widget


class DateAxis(pg.DateAxisItem):
    """Dates in UTC, with grid lines in solid colours (see :class:`.view.MoneyAxis`)."""

    background: QColor | None = None

    def tickStrings(self, values: list[float], scale: float, spacing: float) -> list[str]:
        """Ticks in the interface's language (pyqtgraph's own use the C locale's "Aug"):
        years, months (January as its year), or days, by the spacing between ticks."""
        day = 86400.0
        texts = []
        for value in values:
            try:
                date = dt.datetime.fromtimestamp(value, dt.UTC).date()
            except (OverflowError, OSError, ValueError):
                texts.append("")
                continue
            if spacing >= 300 * day:
                texts.append(str(date.year))
            elif spacing >= 25 * day:
                texts.append(str(date.year) if date.month == 1 else formatting.month_name(date))
            elif spacing >= day:
                texts.append(formatting.day_month(date))
            else:
                texts.append(super().tickStrings([value], scale, spacing)[0])
        return texts

    def generateDrawSpecs(self, p: Any) -> Any:
        specs = super().generateDrawSpecs(p)
        if specs is None or self.background is None:
            return specs
        axis, ticks, texts = specs
        return axis, [(_solid(pen, self.background), start, stop) for pen, start, stop in ticks], texts


class TimelineView(pg.PlotWidget):
    """Financing records along a time axis, a lane per stage or agency."""

    itemHovered = Signal(object)  # the TimelineItem under the mouse, or None
    recordClicked = Signal(str)  # the id of the record clicked

    timeline: Timeline | None = None  # set by draw(); the base class resizes before __init__ ends

    def __init__(self, parent: QWidget | None = None):
        self.date_axis = DateAxis("bottom", utcOffset=0)
        self.lane_axis = pg.AxisItem("left")
        super().__init__(parent, axisItems={"bottom": self.date_axis, "left": self.lane_axis})
        plot = self.plotItem
        plot.setMenuEnabled(False)
        plot.hideButtons()
        plot.setMouseEnabled(x=True, y=False)  # the wheel zooms time, a drag pans it; lanes stay
        plot.vb.invertY(True)  # the first lane on top
        plot.showGrid(x=True, y=False, alpha=GRID_ALPHA)
        self.date_axis.setZValue(plot.vb.zValue() - 1)  # its grid behind the bars
        self.lane_axis.setStyle(tickLength=0)
        self.lane_axis.setTickFont(self._label_font())
        self.lane_by = "stage"
        self.dark = False
        self.log = False
        self._lanes: list[_Lane] = []
        self._bars: list[tuple[_Lane, int, _Bars]] = []
        self._items: list[Any] = []  # what draw() added to the plot
        self._hovered: TimelineItem | None = None
        self._full = (0.0, 1.0)
        self._hover = QGraphicsRectItem()
        self._hover.setZValue(10)
        self._hover.setVisible(False)
        plot.addItem(self._hover, ignoreBounds=True)
        self.message = pg.TextItem("", anchor=(0.5, 0.5), color=MESSAGE_COLOUR)
        self.message.setParentItem(plot.vb)  # in the plot's pixels, not its units
        for name in ("left", "bottom"):
            plot.getAxis(name).setTicks([[]])
        self.show_message(translate("chart", "Counting…"))
        plot.vb.sigResized.connect(self._follow_view)
        plot.vb.sigXRangeChanged.connect(self._follow_view)
        self.scene().sigMouseMoved.connect(self._mouse_moved)
        self.scene().sigMouseClicked.connect(self._mouse_clicked)

    @property
    def options(self) -> ChartOptions:
        return ChartOptions(dark=self.dark, log=self.log)

    def show_message(self, text: str, colour: str = MESSAGE_COLOUR) -> None:
        """*text* across the middle of the plot; "" hides it."""
        self.message.setText(text, colour)
        self.message.setVisible(bool(text))
        self.message.setPos(self.plotItem.vb.rect().center())

    # ------------------------------------------------------------------ drawing

    def draw(self, timeline: Timeline, *, lane_by: str, dark: bool, log: bool = False) -> None:
        """Paint *timeline*, its lanes by *lane_by* (their colours), on a light or dark ground."""
        self.timeline, self.lane_by, self.dark, self.log = timeline, lane_by, dark, log
        plot = self.plotItem
        for item in self._items:
            plot.removeItem(item)
        self._items, self._bars = [], []
        self._set_hovered(None)
        self.apply_theme(dark)
        self._full = left, right = _full_range(timeline)
        self._lanes = _lanes(timeline, log, MIN_PIXELS * (right - left) / PACKING_PIXELS)
        options = self.options
        for lane in self._lanes:
            colour = QColor(lane_colour(lane_by, lane.key))
            for kind in (FILLED, OUTLINED, DASHED):
                if not (lane.kind == kind).any():
                    continue
                if kind == FILLED:
                    bars = _Bars(pg.mkPen(colour.darker(150) if not dark else colour.lighter(140), width=1),
                                 pg.mkBrush(colour))
                else:
                    style = Qt.PenStyle.DashLine if kind == DASHED else Qt.PenStyle.SolidLine
                    bars = _Bars(pg.mkPen(colour, width=1.6, style=style), Qt.BrushStyle.NoBrush)
                bars.setZValue(kind)
                self._add(bars)
                self._bars.append((lane, kind, bars))
        line_pen = pg.mkPen(_solid_colour(options.foreground, options.background, LANE_LINE_ALPHA), width=1)
        for lane in self._lanes[1:]:
            self._add(pg.InfiniteLine(pos=lane.top, angle=0, movable=False, pen=line_pen))
        self._update_axes(left, right)
        if not timeline.items:
            self.show_message(translate("chart", "No dated records in these rows."), options.foreground)
        else:
            self.show_message("")
        self._follow_view()

    def _update_axes(self, left: float, right: float) -> None:
        plot = self.plotItem
        metrics = QFontMetricsF(self._label_font())
        widest = max((metrics.horizontalAdvance(lane.label) for lane in self._lanes), default=0.0)
        self.lane_axis.setWidth(int(widest) + 14)
        self.date_axis.setTicks(None)
        rows = self._lanes[-1].bottom if self._lanes else 1.0
        span = right - left
        plot.vb.setLimits(xMin=None, xMax=None, yMin=None, yMax=None, minXRange=None, maxXRange=None)
        plot.setYRange(0, rows, padding=0)
        plot.setXRange(left, right, padding=0)
        plot.vb.setLimits(yMin=0, yMax=rows, xMin=left - span, xMax=right + span, minXRange=3 * DAY,
                          maxXRange=3 * span)

    def _label_font(self) -> QFont:
        font = QFont()
        font.setPointSize(LABEL_POINTS)
        return font

    def _update_lane_ticks(self) -> None:
        """Each lane's name beside its middle; where lanes are too low for every name (many
        lanes in a short plot), a name too close to the one above is left out, not drawn
        over it."""
        height = self.plotItem.vb.height()
        rows = self._lanes[-1].bottom if self._lanes else 0.0
        if rows <= 0 or height <= 0:
            self.lane_axis.setTicks([[((lane.top + lane.bottom) / 2, lane.label) for lane in self._lanes]])
            return
        line = QFontMetricsF(self._label_font()).height()
        ticks: list[tuple[float, str]] = []
        previous = -math.inf
        for lane in self._lanes:
            middle = (lane.top + lane.bottom) / 2
            if (middle - previous) * height / rows >= line:
                ticks.append((middle, lane.label))
                previous = middle
        self.lane_axis.setTicks([ticks])

    def full_range(self) -> tuple[float, float]:
        """The time axis' range showing every record (the limit's left-out ones too)."""
        return self._full

    def _pixel(self) -> float:
        """Plot units (seconds) a pixel of the time axis spans."""
        vb = self.plotItem.vb
        width = vb.width()
        if width <= 0:
            return 0.0
        left, right = vb.viewRange()[0]
        return float(right - left) / float(width)

    def _follow_view(self, *_changed: object) -> None:
        """The time axis zoomed, panned or the plot changed size: rebuild the bars in view,
        narrow ones widened to stay visible at the new scale."""
        if self.plotItem is None:  # pyqtgraph drops it on close, and the plot resizes once after
            return
        self.message.setPos(self.plotItem.vb.rect().center())
        self._update_lane_ticks()
        pixel = self._pixel()
        left, right = self.plotItem.vb.viewRange()[0]
        for lane, kind, bars in self._bars:
            x0, x1 = lane.widened(pixel)
            chosen = (lane.kind == kind) & (x1 >= left) & (x0 <= right)  # what shows, zoomed in
            bars.set_rects(x0[chosen], x1[chosen], lane.y0[chosen], lane.y1[chosen], 2 * pixel)
        if self._hovered is not None:
            self._show_hover(self._hovered)

    def _add(self, item: Any) -> Any:
        self.plotItem.addItem(item)
        self._items.append(item)
        return item

    def apply_theme(self, dark: bool) -> None:
        """Light or dark, as the bar chart's :meth:`.view.ChartView.apply_theme`."""
        self.dark = dark
        options = self.options
        self.setBackground(options.background)
        self.date_axis.background = QColor(options.background)
        for name in ("left", "bottom"):  # (a text pen recolours the axis' label too)
            self.plotItem.getAxis(name).setPen(options.foreground)
            self.plotItem.getAxis(name).setTextPen(options.foreground)
        self.lane_axis.setTickPen(pg.mkPen(None))  # labels only: a lane is a band, not a point
        self._hover.setPen(pg.mkPen(options.foreground, width=2))

    # ------------------------------------------------------------------ picking

    def bars(self) -> dict[str, tuple[int, QRectF]]:
        """Each drawn record's lane and bar (in plot units, as wide as it is drawn), by id."""
        pixel = self._pixel()
        found: dict[str, tuple[int, QRectF]] = {}
        for lane in self._lanes:
            x0, x1 = lane.widened(pixel)
            for n, item in enumerate(lane.items):
                found[item.id] = (lane.index, QRectF(QPointF(x0[n], lane.y0[n]), QPointF(x1[n], lane.y1[n])))
        return found

    def bar_style(self, record_id: str) -> str | None:
        """How a drawn record's bar is painted: "filled" (an amount), "outline" (none),
        "dashed" (not counted); None when it is not drawn."""
        for lane in self._lanes:
            for n, item in enumerate(lane.items):
                if item.id == record_id:
                    return STYLES[int(lane.kind[n])]
        return None

    def item_at(self, scene_pos: QPointF) -> TimelineItem | None:
        """The record under a scene position, or None. Where bars overlap, the one whose
        bar holds the point, the smallest of those (it is drawn inside the others); a point
        in a lane above or below every bar there finds the nearest, within its lane."""
        if not self._lanes or not self.plotItem.vb.sceneBoundingRect().contains(scene_pos):
            return None
        point = self.plotItem.vb.mapSceneToView(scene_pos)
        x, y = point.x(), point.y()
        lane = next((lane for lane in self._lanes if lane.top <= y < lane.bottom), None)
        if lane is None:
            return None
        pixel = self._pixel()
        tolerance = MIN_PIXELS * pixel
        # Bars starting up to the widest bar's width (and a widened one's) before x.
        first = int(np.searchsorted(lane.x0, x - lane.longest - tolerance, side="left"))
        last = int(np.searchsorted(lane.x0, x + tolerance, side="right"))
        if first >= last:
            return None
        x0, x1 = lane.widened(pixel)
        window = np.arange(first, last)
        across = window[(x0[window] <= x) & (x <= x1[window])]
        if not across.size:
            return None
        inside = across[(lane.y0[across] <= y) & (y <= lane.y1[across])]
        if inside.size:
            area = (x1[inside] - x0[inside]) * (lane.y1[inside] - lane.y0[inside])
            return lane.items[int(inside[int(np.argmin(area))])]
        distance = np.minimum(np.abs(lane.y0[across] - y), np.abs(lane.y1[across] - y))
        return lane.items[int(across[int(np.argmin(distance))])]

    def leaveEvent(self, event: QEvent) -> None:
        """The mouse left the view: nothing is under it (pyqtgraph drops some moves, so the
        last one may not have said so)."""
        self._set_hovered(None)
        super().leaveEvent(event)

    def _mouse_moved(self, scene_pos: QPointF) -> None:
        self._set_hovered(self.item_at(scene_pos))

    def _set_hovered(self, item: TimelineItem | None) -> None:
        if item == self._hovered:
            return
        self._hovered = item
        self.setToolTip(tooltip(item) if item is not None else "")
        if item is None:
            self._hover.setVisible(False)
        else:
            self._show_hover(item)
        self.itemHovered.emit(item)

    def _show_hover(self, item: TimelineItem) -> None:
        bar = self.bars().get(item.id)
        if bar is None:
            self._hover.setVisible(False)
            return
        self._hover.setRect(bar[1])
        self._hover.setVisible(True)

    def _mouse_clicked(self, event: Any) -> None:
        if event.button() != Qt.MouseButton.LeftButton:
            return
        item = self.item_at(event.scenePos())
        if item is not None:
            event.accept()
            self.recordClicked.emit(item.id)

    # ------------------------------------------------------------------ files

    def _offscreen(self, width: int, height: int, title: str | None) -> TimelineView:
        """A copy of the view at exactly *width* × *height*, its footnote below it."""
        assert self.timeline is not None, "nothing drawn yet"
        view = TimelineView()
        view.setAttribute(Qt.WidgetAttribute.WA_DontShowOnScreen)  # laid out, never seen
        view.resize(width, height)
        view.show()
        if title:
            view.plotItem.setTitle(title, color=self.options.foreground)
        view.draw(self.timeline, lane_by=self.lane_by, dark=self.dark, log=self.log)
        font = QFont()
        font.setPointSize(FOOTNOTE_POINTS)
        metrics, room = QFontMetricsF(font), width - view.lane_axis.width() - 40
        note = pg.LabelItem(_wrap(footnote(self.timeline), lambda line: metrics.horizontalAdvance(line) <= room),
                            color=FOOTNOTE_COLOUR, size=f"{FOOTNOTE_POINTS}pt")
        view.plotItem.layout.addItem(note, FOOTNOTE_ROW, PLOT_COLUMN)
        view.plotItem.layout.setContentsMargins(6, 6, 12, 14)
        QCoreApplication.processEvents()
        view.plotItem.setXRange(*self.plotItem.vb.viewRange()[0], padding=0)  # as zoomed here
        QCoreApplication.processEvents()
        return view

    def render_png(self, width: int, height: int, title: str | None = None) -> bytes:
        """The timeline as it is zoomed, with its footnote, as a PNG of exactly that size."""
        view = self._offscreen(width, height, title)
        try:
            return _png(view, width, height)
        finally:
            view.close()
            view.deleteLater()

    def render_svg(self, width: int, height: int, title: str) -> bytes:
        """The same as an SVG (text stays text; bars in the picture's own pixels)."""
        view = self._offscreen(width, height, title)
        try:
            return _svg(view, width, height, title)
        finally:
            view.close()
            view.deleteLater()


def _solid_colour(foreground: str, background: str, alpha: float) -> QColor:
    """*foreground* at *alpha* over *background*, as an opaque colour (SVG renderers that
    ignore opacity draw it as meant)."""
    over = QColor(foreground)
    over.setAlphaF(alpha)
    pen = _solid(QPen(over), QColor(background))
    return pen.color()

