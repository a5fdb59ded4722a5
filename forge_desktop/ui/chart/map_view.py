"""The chart's world map: committed dollars by country, each country filled by its amount
(a choropleth). :class:`MapView` paints it with QPainter; the chart panel feeds it.

The shapes are the core's (:func:`forge_desktop.core.world_map.load_world`), turned once per
process into one QPainterPath per country in projected coordinates (:func:`world_paths`).
For a widget (or an exported image) of a given size they are mapped into its pixels
(:class:`_Frame`), so that hit tests, the PNG and the SVG all work in the same pixels: an
SVG drawn under a scaled transform loses its outlines in some renderers (see export.py).
Countries too small to see at this scale (:attr:`CountryShape.small`) get a marker circle.
"""

from __future__ import annotations

import gc
import math
import struct
from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass
from functools import cache

from PySide6.QtCore import (
    QBuffer,
    QByteArray,
    QCoreApplication,
    QDataStream,
    QEvent,
    QIODevice,
    QPointF,
    QRect,
    QRectF,
    QSize,
    Qt,
    Signal,
)
from PySide6.QtGui import (
    QBrush,
    QColor,
    QFont,
    QFontMetricsF,
    QImage,
    QLinearGradient,
    QMouseEvent,
    QPainter,
    QPainterPath,
    QPaintEvent,
    QPen,
    QPixmap,
    QPolygonF,
    QResizeEvent,
    QTransform,
)
from PySide6.QtSvg import QSvgGenerator
from PySide6.QtWidgets import QWidget

from ...core.formatting import money
from ...core.world_map import CountryShape, Polygon, WorldMap, load_world

translate = QCoreApplication.translate  # pyside6-lupdate reads translate("context", "text")

# Paul Tol's colour-blind-safe sequential scheme YlOrBr, without its first colour (all but
# white). The scale runs from near the background to far from it: dark brown to pale
# yellow on the dark background, the other way round on the light one.
YL_OR_BR = ("#FFF7BC", "#FEE391", "#FEC44F", "#FB9A29", "#EC7014", "#CC4C02", "#993404", "#662506")


@dataclass(frozen=True)
class MapColours:
    """The map's colours on one background: *scale* from the smallest amount to the largest."""

    background: str
    foreground: str
    sea: str
    no_data: str  # a country without an amount
    border: str  # between countries
    accent: str  # the outline of highlighted countries
    scale: tuple[str, ...]


# Background and foreground as the bar chart's (options.py ChartOptions).
LIGHT = MapColours("#ffffff", "#202124", "#eaf0f6", "#d3d6db", "#ffffff", "#1a73e8", YL_OR_BR)
DARK = MapColours("#202124", "#e8eaed", "#2c3139", "#50555d", "#202124", "#8ab4f8", tuple(reversed(YL_OR_BR)))

MARGIN = 8
MARKER_RADIUS = 4.5
HIT_RADIUS = 8.0  # a marker answers the pointer this far from its centre
LEGEND_WIDTH = 340
LEGEND_HEIGHT = 46  # title, bar and tick labels
BAR_HEIGHT = 10
NOTE_HEIGHT = 18  # the "No shape" line under the legend
TEXT_PIXELS, TITLE_PIXELS, MESSAGE_PIXELS = 11, 12, 15
HATCH_SPACING, HATCH_WIDTH = 6.0, 1.6


# ---- the shapes as paths, once per process ----

@dataclass(frozen=True)
class WorldPaths:
    """The world as QPainterPaths in projected coordinates (y northward, as the core's)."""

    countries: Mapping[str, QPainterPath]
    shapes: Mapping[str, CountryShape]
    unassigned: tuple[QPainterPath, ...]
    outline: QPainterPath
    bounds: QRectF


_ELEMENT = struct.Struct(">idd")  # QDataStream's QPainterPath element: type, x, y


def _path(polygons: Iterable[Polygon]) -> QPainterPath:
    """One path of every ring of *polygons* (even–odd fill, so holes stay holes).

    It is read from the bytes QDataStream writes for a QPainterPath (the element count,
    each element's type and point, the start of the last subpath, the fill rule), as
    pyqtgraph builds its curves: packing the points costs half as much as adding them as
    QPointFs. Should the stream not hold them all, the path is built point by point."""
    rings = [ring for polygon in polygons for ring in polygon if len(ring) > 1]
    chunks, count, start = [], 0, 0
    for ring in rings:
        xs, ys = zip(*ring, strict=True)
        chunks.append(b"".join(map(_ELEMENT.pack, [0] + [1] * (len(ring) - 1), xs, ys)))
        start, count = count, count + len(ring)
    path = QPainterPath()
    if not count:
        return path
    data = struct.pack(">i", count) + b"".join(chunks) + struct.pack(">ii", start, 0)
    stream = QDataStream(QByteArray(data))
    stream >> path  # QDataStream reads into the path
    if path.elementCount() != count:
        path = QPainterPath()
        for ring in rings:
            path.addPolygon(QPolygonF([QPointF(x, y) for x, y in ring]))
    path.setFillRule(Qt.FillRule.OddEvenFill)
    return path


@cache
def world_paths() -> WorldPaths:
    """The shipped world (:func:`load_world`) as paths, built on first use, kept for the process."""
    world = load_world()
    collecting = gc.isenabled()
    gc.disable()  # as load_world: many small objects, no cycles
    try:
        return _world_paths(world)
    finally:
        if collecting:
            gc.enable()


def _world_paths(world: WorldMap) -> WorldPaths:
    x0, y0, x1, y1 = world.bounds
    return WorldPaths({code: _path(shape.polygons) for code, shape in world.countries.items()},
                      world.countries, tuple(_path(shape.polygons) for shape in world.unassigned),
                      _path([(world.outline,)]), QRectF(x0, y0, x1 - x0, y1 - y0))


# ---- a map laid out for one size ----

@dataclass(frozen=True)
class _Frame:
    """The map fitted into a *width* × *height* picture: the paths mapped into its pixels,
    the smallest countries first (the order hit tests ask them in), where markers go, and
    where the legend and the note are."""

    width: int
    height: int
    transform: QTransform  # projected coordinates → pixels
    countries: dict[str, QPainterPath]
    boxes: dict[str, QRectF]
    order: tuple[str, ...]
    unassigned: tuple[QPainterPath, ...]
    outline: QPainterPath
    points: dict[str, QPointF]  # each country's marker point in pixels
    legend: QRectF
    note: QRectF
    room: QRectF  # where the map itself is


def _frame(width: int, height: int, note: bool) -> _Frame:
    """The map in a picture of *width* × *height*: the legend (and the note) under it, or,
    in a wide and low picture (the chart dock of a window's bottom third), to its left,
    whichever leaves the map larger."""
    paths = world_paths()
    bounds = paths.bounds
    legend_height = LEGEND_HEIGHT + (NOTE_HEIGHT if note else 0)
    legend_top = height - MARGIN - legend_height
    below = QRectF(MARGIN, MARGIN, max(width - 2 * MARGIN, 1), max(legend_top - 2 * MARGIN, 1))
    legend_width = min(LEGEND_WIDTH, width - 2 * MARGIN)
    beside = QRectF(legend_width + 2 * MARGIN, MARGIN, max(width - legend_width - 3 * MARGIN, 1),
                    max(height - 2 * MARGIN, 1))

    def fit(room: QRectF) -> float:
        return min(room.width() / bounds.width(), room.height() / bounds.height())

    room = beside if fit(beside) > fit(below) else below
    note_width = legend_width if room is beside else width - 2 * MARGIN
    scale = fit(room)
    centre = room.center()
    transform = QTransform(scale, 0, 0, -scale, centre.x() - scale * bounds.center().x(),
                           centre.y() + scale * bounds.center().y())
    countries = {code: transform.map(path) for code, path in paths.countries.items()}
    order = tuple(sorted(countries, key=lambda code: paths.shapes[code].area))
    points = {code: transform.map(QPointF(*shape.marker)) for code, shape in paths.shapes.items()}
    legend = QRectF(MARGIN, legend_top, legend_width, LEGEND_HEIGHT)
    return _Frame(width, height, transform, countries,
                  {code: path.boundingRect() for code, path in countries.items()}, order,
                  tuple(transform.map(path) for path in paths.unassigned), transform.map(paths.outline),
                  points, legend, QRectF(MARGIN, legend.bottom(), note_width, NOTE_HEIGHT), room)


# ---- the colour scale ----

def _mix(colours: Sequence[str], t: float) -> QColor:
    """The colour a share *t* (0…1) of the way along *colours*, mixed between neighbours."""
    t = min(max(t, 0.0), 1.0) * (len(colours) - 1)
    i = min(int(t), len(colours) - 2)
    a, b, f = QColor(colours[i]), QColor(colours[i + 1]), t - i
    return QColor.fromRgbF(a.redF() + (b.redF() - a.redF()) * f, a.greenF() + (b.greenF() - a.greenF()) * f,
                           a.blueF() + (b.blueF() - a.blueF()) * f)


@dataclass(frozen=True)
class Scale:
    """Amounts onto the colour scale: linear from 0 to the largest, or logarithmic from the
    smallest positive amount to the largest."""

    low: float
    high: float
    log: bool

    @classmethod
    def of(cls, amounts: Iterable[int | None], log: bool) -> Scale | None:
        """The scale for *amounts*; None when none of them is positive."""
        positive = [a for a in amounts if a is not None and a > 0]
        if not positive:
            return None
        return cls(min(positive) if log else 0.0, max(positive), log)

    def share(self, amount: float) -> float:
        """How far along the scale *amount* lies, 0…1."""
        if self.high <= self.low:
            return 1.0
        if self.log:
            if amount <= 0:
                return 0.0
            return (math.log10(amount) - math.log10(self.low)) / (math.log10(self.high) - math.log10(self.low))
        return (amount - self.low) / (self.high - self.low)

    def ticks(self) -> list[float]:
        """Round amounts to label the legend with, within the scale."""
        if self.high <= self.low:
            return [self.high]
        if not self.log:
            raw = self.high / 4
            magnitude = 10 ** math.floor(math.log10(raw))
            step = next(m * magnitude for m in (1, 2, 2.5, 5, 10) if m * magnitude >= raw)
            return [i * step for i in range(int(self.high / step + 1e-9) + 1)]
        first, last = math.ceil(math.log10(self.low) - 1e-9), math.floor(math.log10(self.high) + 1e-9)
        decades = [10.0 ** k for k in range(first, last + 1)]
        if len(decades) > 6:
            decades = decades[::2]
        if len(decades) >= 2:
            return decades
        steps = [m * 10.0 ** k for k in range(first - 1, last + 1) for m in (1, 2, 5)]
        inside = [v for v in steps if self.low * (1 - 1e-9) <= v <= self.high * (1 + 1e-9)]
        return inside if len(inside) >= 2 else [self.low, self.high]


# ---- the widget ----

def _font(pixels: int, bold: bool = False) -> QFont:
    font = QFont()
    font.setPixelSize(pixels)
    font.setBold(bold)
    return font


class MapView(QWidget):
    """The world map of committed USD by country.

    :meth:`set_data` gives it the amounts; it emits :attr:`countryHovered` with the code of
    the country under the pointer (None over the sea) and :attr:`countryClicked` when one is
    clicked with the left button (None for the sea). :meth:`render_png` and
    :meth:`render_svg` draw it at any size for export."""

    countryHovered = Signal(object)  # an alpha-3 code, or None
    countryClicked = Signal(object)  # an alpha-3 code, or None

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setMouseTracking(True)
        self.setMinimumSize(240, 160)
        self.setAccessibleName(translate("chart", "World map"))
        self._paths = world_paths()
        self._values: dict[str, int | None] = {}
        self._log = False
        self._colours = LIGHT
        self._selected: str | None = None
        self._highlighted: frozenset[str] = frozenset()
        self._no_shape: tuple[str, ...] = ()
        self._message = ""
        self._scale: Scale | None = None
        self._fills: dict[str, QColor] = {}
        self._hovered: str | None = None
        self._frames: dict[tuple[int, int, bool], _Frame] = {}
        self._base: QPixmap | None = None

    # ---- what it shows ----

    def set_data(self, values: Mapping[str, int | None], *, log: bool, dark: bool, selected: str | None = None,
                 highlighted: frozenset[str] = frozenset(), no_shape: Sequence[str] = ()) -> None:
        """Show *values*, committed USD by alpha-3 code (None, or a code left out: no data,
        a neutral grey). *log*: a logarithmic colour scale. *dark*: the dark background.
        *selected* is outlined thick, *highlighted* (the table's selected rows) hatched and
        outlined; *no_shape* are the labels of countries the map cannot draw, listed under
        the legend. Clears a message."""
        self._values = dict(values)
        self._log = log
        self._colours = DARK if dark else LIGHT
        self._selected = selected
        self._highlighted = frozenset(highlighted)
        self._no_shape = tuple(no_shape)
        self._message = ""
        self._scale = Scale.of(self._values.values(), log)
        self._fills = {code: self._colour(amount) for code, amount in self._values.items()}
        self._invalidate()

    def show_message(self, text: str) -> None:
        """Show *text* over the bare map instead of amounts and legend ("no data"); empty to
        clear it. :meth:`set_data` clears it too."""
        self._message = text
        if text:
            self._values, self._fills, self._scale = {}, {}, None
            self._selected, self._highlighted = None, frozenset()
        self._invalidate()

    @property
    def shapes(self) -> Mapping[str, CountryShape]:
        """The countries the map can draw, by alpha-3 code."""
        return self._paths.shapes

    def colour_of(self, code: str) -> QColor:
        """The fill of country *code* as drawn now."""
        return QColor(self._fills.get(code) or self._colours.no_data)

    def country_point(self, code: str) -> QPointF | None:
        """Where country *code*'s marker (or label) is, in widget coordinates; None without a shape."""
        return self._current().points.get(code)

    def marked(self) -> list[str]:
        """The countries drawn as marker circles: small ones with an entry in the data, or
        selected or highlighted."""
        shapes = self._paths.shapes
        wanted = [*self._values, *self._highlighted, *([self._selected] if self._selected else [])]
        return [code for code in dict.fromkeys(wanted) if code in shapes and shapes[code].small]

    def _colour(self, amount: int | None) -> QColor:
        if amount is None or self._scale is None:
            return QColor(self._colours.no_data)
        return _mix(self._colours.scale, self._scale.share(amount))

    # ---- hit tests and the pointer ----

    def code_at(self, pos: QPointF) -> str | None:
        """The country at *pos* (widget coordinates): a marker first, then a shape; None for the sea."""
        return self._code_at(self._current(), pos)

    def _code_at(self, frame: _Frame, pos: QPointF) -> str | None:
        near = [(math.hypot(frame.points[c].x() - pos.x(), frame.points[c].y() - pos.y()), c) for c in self.marked()]
        near = [(d, c) for d, c in near if d <= HIT_RADIUS]
        if near:
            return min(near)[1]
        for code in frame.order:
            if frame.boxes[code].contains(pos) and frame.countries[code].contains(pos):
                return code
        return None

    def mouseMoveEvent(self, event: QMouseEvent) -> None:
        self._hover(self.code_at(event.position()))
        super().mouseMoveEvent(event)

    def leaveEvent(self, event: QEvent) -> None:
        self._hover(None)
        super().leaveEvent(event)

    def mousePressEvent(self, event: QMouseEvent) -> None:
        if event.button() == Qt.MouseButton.LeftButton:
            self.countryClicked.emit(self.code_at(event.position()))
            event.accept()
            return
        super().mousePressEvent(event)

    def _hover(self, code: str | None) -> None:
        if code == self._hovered:
            return
        self._hovered = code
        self.setCursor(Qt.CursorShape.PointingHandCursor if code else Qt.CursorShape.ArrowCursor)
        self.update()
        self.countryHovered.emit(code)

    # ---- painting ----

    def _current(self) -> _Frame:
        return self._frame_for(max(self.width(), 1), max(self.height(), 1))

    def _frame_for(self, width: int, height: int) -> _Frame:
        key = (width, height, bool(self._no_shape))
        if key not in self._frames:
            if len(self._frames) > 4:
                self._frames.clear()
            self._frames[key] = _frame(*key)
        return self._frames[key]

    def _invalidate(self) -> None:
        self._base = None
        self.update()

    def resizeEvent(self, event: QResizeEvent) -> None:
        self._base = None
        super().resizeEvent(event)

    def sizeHint(self) -> QSize:
        return QSize(720, 420)

    def paintEvent(self, event: QPaintEvent) -> None:
        ratio = self.devicePixelRatioF()
        if self._base is None or self._base.size() != self.size() * ratio:
            base = QPixmap(self.size() * ratio)
            base.setDevicePixelRatio(ratio)
            painter = QPainter(base)
            self._paint(painter, self._current())
            painter.end()
            self._base = base
        painter = QPainter(self)
        painter.drawPixmap(0, 0, self._base)
        if self._hovered:
            painter.setRenderHint(QPainter.RenderHint.Antialiasing)
            self._outline(painter, self._current(), self._hovered, QPen(QColor(self._colours.foreground), 1.5))
        painter.end()

    def _paint(self, painter: QPainter, frame: _Frame) -> None:
        """The whole map into *painter*, *frame*'s size, with no hover."""
        colours = self._colours
        painter.setRenderHint(QPainter.RenderHint.Antialiasing)
        painter.fillRect(QRectF(0, 0, frame.width, frame.height), QColor(colours.background))
        painter.setPen(QPen(QColor(colours.no_data), 0.8))
        painter.setBrush(QColor(colours.sea))
        painter.drawPath(frame.outline)
        border = QPen(QColor(colours.border), 0.5)
        painter.setPen(border)
        painter.setBrush(QColor(colours.no_data))
        for path in frame.unassigned:
            painter.drawPath(path)
        for code, path in frame.countries.items():
            painter.setBrush(self._fills.get(code) or QColor(colours.no_data))
            painter.drawPath(path)
        for code in sorted(self._highlighted & frame.countries.keys()):
            self._hatch(painter, frame.countries[code], self._fills.get(code) or QColor(colours.no_data))
        accent = QPen(QColor(colours.accent), 1.6)
        for code in sorted(self._highlighted & frame.countries.keys()):
            self._outline(painter, frame, code, accent, markers=False)
        if self._selected in frame.countries:
            self._outline(painter, frame, self._selected, QPen(QColor(colours.background), 4.5), markers=False)
            self._outline(painter, frame, self._selected, QPen(QColor(colours.foreground), 2.5), markers=False)
        self._paint_markers(painter, frame)
        if self._message:
            self._paint_message(painter, frame)
            return
        self._paint_legend(painter, frame)
        if self._no_shape:
            self._paint_note(painter, frame)

    def _hatch(self, painter: QPainter, path: QPainterPath, fill: QColor) -> None:
        """Diagonal stripes over *path*, dark on a light *fill* and light on a dark one, as
        filled shapes (an SVG keeps them; a pattern brush it would not)."""
        box = path.boundingRect()
        stripes = QPainterPath()
        span = box.width() + box.height()
        x = box.left() - box.height()
        while x < box.left() + span:
            stripes.addPolygon(QPolygonF([QPointF(x, box.bottom()), QPointF(x + HATCH_WIDTH, box.bottom()),
                                          QPointF(x + HATCH_WIDTH + box.height(), box.top()),
                                          QPointF(x + box.height(), box.top())]))
            stripes.closeSubpath()
            x += HATCH_SPACING
        colour = QColor("#202124" if fill.lightnessF() > 0.45 else "#ffffff")
        colour.setAlphaF(0.6)
        painter.save()
        painter.setPen(Qt.PenStyle.NoPen)
        painter.setBrush(colour)
        painter.drawPath(stripes.intersected(path))
        painter.restore()

    def _outline(self, painter: QPainter, frame: _Frame, code: str, pen: QPen, markers: bool = True) -> None:
        painter.save()
        pen.setJoinStyle(Qt.PenJoinStyle.RoundJoin)
        painter.setPen(pen)
        painter.setBrush(Qt.BrushStyle.NoBrush)
        if code in frame.countries:
            painter.drawPath(frame.countries[code])
        if markers and code in self.marked():
            painter.drawEllipse(frame.points[code], MARKER_RADIUS + 2, MARKER_RADIUS + 2)
        painter.restore()

    def _paint_markers(self, painter: QPainter, frame: _Frame) -> None:
        colours = self._colours
        for code in self.marked():
            centre = frame.points[code]
            if code == self._selected:
                pen, radius = QPen(QColor(colours.foreground), 2.5), MARKER_RADIUS + 1.5
            elif code in self._highlighted:
                pen, radius = QPen(QColor(colours.accent), 2.0), MARKER_RADIUS + 1
            else:
                pen, radius = QPen(QColor(colours.foreground), 1.0), MARKER_RADIUS
            painter.setPen(pen)
            painter.setBrush(self._fills.get(code) or QColor(colours.no_data))
            painter.drawEllipse(centre, radius, radius)

    def _paint_legend(self, painter: QPainter, frame: _Frame) -> None:
        colours, box = self._colours, frame.legend
        foreground = QColor(colours.foreground)
        painter.setPen(foreground)
        painter.setFont(_font(TITLE_PIXELS, bold=True))
        title = translate("chart", "committed USD, log scale") if self._log else translate("chart", "committed USD")
        title_box = QRectF(box.left(), box.top(), box.width(), TITLE_PIXELS + 4)
        painter.drawText(title_box, Qt.AlignmentFlag.AlignLeft | Qt.AlignmentFlag.AlignVCenter, title)
        bar_top = title_box.bottom() + 2
        swatch_width = 70
        bar = QRectF(box.left(), bar_top, max(box.width() - swatch_width - 12, 40), BAR_HEIGHT)
        painter.setFont(_font(TEXT_PIXELS))
        metrics = QFontMetricsF(painter.font())
        if self._scale is not None:
            gradient = QLinearGradient(bar.topLeft(), bar.topRight())
            for i, colour in enumerate(colours.scale):
                gradient.setColorAt(i / (len(colours.scale) - 1), QColor(colour))
            painter.setPen(QPen(QColor(colours.no_data), 0.8))
            painter.setBrush(QBrush(gradient))
            painter.drawRect(bar)
            painter.setPen(foreground)
            right_of_last = -math.inf
            for value in self._scale.ticks():
                x = bar.left() + bar.width() * self._scale.share(value)
                text = money(value)
                width = metrics.horizontalAdvance(text)
                left = min(max(x - width / 2, bar.left() - 2), bar.right() + 2 - width)
                if left < right_of_last + 6:
                    continue  # it would run into the one before
                painter.drawLine(QPointF(x, bar.bottom()), QPointF(x, bar.bottom() + 3))
                painter.drawText(QRectF(left, bar.bottom() + 3, width + 1, TEXT_PIXELS + 4),
                                 Qt.AlignmentFlag.AlignLeft | Qt.AlignmentFlag.AlignTop, text)
                right_of_last = left + width
        swatch = QRectF(bar.right() + 12, bar_top, 14, BAR_HEIGHT)
        painter.setPen(QPen(QColor(colours.foreground), 0.6))
        painter.setBrush(QColor(colours.no_data))
        painter.drawRect(swatch)
        painter.setPen(foreground)
        painter.drawText(QRectF(swatch.right() + 4, bar_top - 3, swatch_width, BAR_HEIGHT + 6),
                         Qt.AlignmentFlag.AlignLeft | Qt.AlignmentFlag.AlignVCenter, translate("chart", "No data"))

    def _paint_note(self, painter: QPainter, frame: _Frame) -> None:
        painter.setFont(_font(TEXT_PIXELS))
        painter.setPen(QColor(self._colours.foreground))
        text = translate("chart", "No shape: {0}").format(", ".join(self._no_shape))
        text = QFontMetricsF(painter.font()).elidedText(text, Qt.TextElideMode.ElideRight, frame.note.width())
        painter.drawText(frame.note, Qt.AlignmentFlag.AlignLeft | Qt.AlignmentFlag.AlignVCenter, text)

    def _paint_message(self, painter: QPainter, frame: _Frame) -> None:
        painter.setFont(_font(MESSAGE_PIXELS))
        metrics = QFontMetricsF(painter.font())
        room = frame.room
        text = metrics.elidedText(self._message, Qt.TextElideMode.ElideRight, room.width() - 4 * MARGIN)
        width, height = metrics.horizontalAdvance(text) + 3 * MARGIN, metrics.height() + 2 * MARGIN
        panel = QRectF(room.center().x() - width / 2, room.center().y() - height / 2, width, height)
        fill = QColor(self._colours.background)
        fill.setAlphaF(0.9)
        painter.setPen(QPen(QColor(self._colours.no_data), 1))
        painter.setBrush(fill)
        painter.drawRoundedRect(panel, 6, 6)
        painter.setPen(QColor(self._colours.foreground))
        painter.drawText(panel, Qt.AlignmentFlag.AlignCenter, text)

    # ---- export ----

    def render_png(self, width: int, height: int, title: str = "", note: str = "") -> bytes:
        """The map drawn at *width* × *height* pixels, as PNG: *title* above it, the wrapped
        *note* (the footnote) under it."""
        image = QImage(width, height, QImage.Format.Format_ARGB32_Premultiplied)
        image.fill(QColor(self._colours.background))
        painter = QPainter(image)
        self._paint_export(painter, width, height, title, note)
        painter.end()
        buffer = QBuffer()
        buffer.open(QIODevice.OpenModeFlag.WriteOnly)
        image.save(buffer, "PNG")  # type: ignore[call-overload]  # the stubs say bytes; PySide6 takes only str
        return bytes(buffer.data().data())

    def render_svg(self, width: int, height: int, title: str, note: str = "") -> bytes:
        """The same as SVG whose user units are *width* × *height* pixels, titled *title*."""
        buffer = QBuffer()
        buffer.open(QIODevice.OpenModeFlag.WriteOnly)
        generator = QSvgGenerator()
        generator.setOutputDevice(buffer)
        generator.setSize(QSize(width, height))
        generator.setViewBox(QRect(0, 0, width, height))
        generator.setTitle(title)
        generator.setResolution(96)
        painter = QPainter(generator)
        self._paint_export(painter, width, height, title, note)
        painter.end()
        return bytes(buffer.data().data())

    def _paint_export(self, painter: QPainter, width: int, height: int, title: str, note: str) -> None:
        """The map between its title and its footnote. The map is only moved down, never
        scaled, so the SVG keeps its outlines (see the module's note)."""
        painter.fillRect(QRectF(0, 0, width, height), QColor(self._colours.background))
        top = 0.0
        if title:
            painter.setFont(_font(TITLE_PIXELS + 4, bold=True))
            top = QFontMetricsF(painter.font()).height() + 2 * MARGIN
            painter.setPen(QColor(self._colours.foreground))
            painter.drawText(QRectF(MARGIN, MARGIN, width - 2 * MARGIN, top - MARGIN),
                             Qt.AlignmentFlag.AlignLeft | Qt.AlignmentFlag.AlignVCenter, title)
        bottom = 0.0
        flags = Qt.AlignmentFlag.AlignLeft | Qt.AlignmentFlag.AlignTop | Qt.TextFlag.TextWordWrap
        if note:
            painter.setFont(_font(TEXT_PIXELS))
            needed = QFontMetricsF(painter.font()).boundingRect(
                QRectF(0, 0, width - 2 * MARGIN, height), int(flags), note).height()
            bottom = min(needed, height * 0.3) + 2 * MARGIN
        map_height = max(int(height - top - bottom), 1)
        painter.save()
        painter.translate(0, top)
        self._paint(painter, _frame(width, map_height, bool(self._no_shape)))
        painter.restore()
        if note:
            painter.setFont(_font(TEXT_PIXELS))
            painter.setPen(QColor("#9aa0a6" if self._colours is DARK else "#5f6368"))
            painter.setClipRect(QRectF(0, top + map_height, width, bottom))
            painter.drawText(QRectF(MARGIN, top + map_height + MARGIN, width - 2 * MARGIN, bottom), int(flags), note)
            painter.setClipping(False)
