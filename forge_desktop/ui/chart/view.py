"""The chart widget: paints a :class:`~.layout.BarLayout` and says which bar is under a point.

:meth:`ChartView.draw` lays the totals out and paints them in small steps, after Orange3's
bar plot: :meth:`~ChartView.update_bars`, :meth:`~ChartView.update_legend`,
:meth:`~ChartView.update_axes`. What the layout needs from painting (the legend's width, a
value label's height) is measured here and passed in; a change of the plot's size measures
again, lays out again and repeats just the axes, the bars stay as they are.
"""

from __future__ import annotations

import math
from collections.abc import Mapping
from typing import Any

import pyqtgraph as pg
from PySide6.QtCore import QCoreApplication, QPointF
from PySide6.QtGui import QColor, QFont, QFontMetricsF, QPen
from PySide6.QtWidgets import QWidget

from ...core import formatting
from ...core.counting import Totals
from .layout import BAR_WIDTH, Bar, BarLayout, Segment, bar_layout
from .options import ChartOptions

translate = QCoreApplication.translate  # pyside6-lupdate reads translate("context", "text")

LEGEND_OFFSET = 6  # pixels between the legend and the plot's top right corner
MESSAGE_COLOUR = "#9aa0a6"  # grey on light and dark alike


class MoneyAxis(pg.AxisItem):
    """Dollars with SI suffixes; in log mode the values are powers of ten.

    Its grid lines are drawn in solid colours, the grid's faintness mixed into the
    background beforehand: an SVG renderer that ignores stroke opacity (ImageMagick's own)
    would otherwise draw them black. The axis sits under the bars, so the lines run behind
    them rather than across.
    """

    log = False
    background: QColor | None = None  # what the grid's faintness is mixed into

    def tickStrings(self, values: list[float], scale: float, spacing: float) -> list[str]:
        if self.log:
            return [formatting.money(10 ** v) for v in values]
        return [formatting.money(v) if v >= 0 else "" for v in values]

    def generateDrawSpecs(self, p: Any) -> Any:
        specs = super().generateDrawSpecs(p)
        if specs is None or self.background is None:
            return specs
        axis, ticks, texts = specs
        return axis, [(_solid(pen, self.background), start, stop) for pen, start, stop in ticks], texts


def _solid(pen: QPen, background: QColor) -> QPen:
    """*pen* in the opaque colour it shows as over *background*."""
    colour = pen.color()
    alpha = colour.alphaF()
    if alpha >= 1:
        return pen

    def mixed(over: float, under: float) -> float:
        return alpha * over + (1 - alpha) * under

    pen = QPen(pen)
    pen.setColor(QColor.fromRgbF(mixed(colour.redF(), background.redF()),
                                 mixed(colour.greenF(), background.greenF()),
                                 mixed(colour.blueF(), background.blueF())))
    return pen


class ChartView(pg.PlotWidget):
    """A bar chart of one Totals: stacked segments, value labels, a legend in space kept free
    to the right of the bars, and a message across the plot while it has no bars."""

    drawn: BarLayout | None = None  # set by draw(); the base class resizes before __init__ ends

    def __init__(self, parent: QWidget | None = None):
        self.money_axis = MoneyAxis("left")
        self.money_axis.enableAutoSIPrefix(False)
        super().__init__(parent, axisItems={"left": self.money_axis})
        self.plotItem.setMenuEnabled(False)
        self.plotItem.setMouseEnabled(x=False, y=False)
        self.plotItem.hideButtons()
        self.plotItem.showGrid(x=False, y=True, alpha=0.25)
        self.money_axis.setZValue(self.plotItem.vb.zValue() - 1)  # its grid behind the bars
        self.legend = self.plotItem.addLegend(offset=(-LEGEND_OFFSET, LEGEND_OFFSET), labelTextSize="9pt")
        self.selected_key: str | None = None  # the bar the table is filtered to
        self._result: Totals | None = None
        self._highlight: Mapping[str | None, int] = {}
        self._items: list[Any] = []  # what update_bars() added to the plot
        self._stacks: dict[str | None, pg.BarGraphItem] = {}  # by stack value, for the legend
        self._legend_columns = 1
        self._legend_share = 0.0  # of the plot's width, measured; the layout keeps it free
        self._label_height = 0.0  # of a value label, measured; the layout keeps room above the bars
        self.message = pg.TextItem("", anchor=(0.5, 0.5), color=MESSAGE_COLOUR)
        self.message.setParentItem(self.plotItem.vb)  # in the plot's pixels, not its units
        # Until the first totals arrive: no made-up 0–1 axes, just what is happening.
        for name in ("left", "bottom"):
            self.plotItem.getAxis(name).setTicks([[]])
        self.show_message(translate("chart", "Counting…"))
        self.plotItem.vb.sigResized.connect(self._follow_size)

    @property
    def bars(self) -> tuple[Bar, ...]:
        return self.drawn.bars if self.drawn is not None else ()

    def draw(self, result: Totals, options: ChartOptions, *,
             highlight: Mapping[str | None, int] | None = None) -> None:
        """Draw *result*; *highlight*: the amount per group of the rows selected in the table."""
        self._result, self._highlight = result, highlight or {}
        self.drawn = self._lay_out(result, options)
        self.apply_theme(options)
        self.update_bars()
        self.update_legend()
        self.show_message(self.drawn.message, options.foreground)
        self._follow_size()

    def show_message(self, text: str, colour: str = MESSAGE_COLOUR) -> None:
        """*text* across the middle of the plot; "" hides it."""
        self.message.setText(text, colour)
        self.message.setVisible(bool(text))
        self.message.setPos(self.plotItem.vb.rect().center())

    def _lay_out(self, result: Totals, options: ChartOptions) -> BarLayout:
        vb = self.plotItem.vb
        headroom = (self._label_height + 2) / vb.height() if vb.height() > 0 else 0.0
        return bar_layout(result, options, self.width(), legend_share=self._legend_share, headroom=headroom,
                          selected_key=self.selected_key, highlight=self._highlight,
                          translate=QCoreApplication.translate)

    def _follow_size(self, *_resized: object) -> None:
        """The plot changed size (or content): fit the legend to its height, measure what the
        legend and the value labels take, lay out again and redo the axes."""
        if self.plotItem is None:  # pyqtgraph drops it on close, and the plot resizes once after
            return
        vb = self.plotItem.vb
        self.message.setPos(vb.rect().center())
        if self.drawn is None or self._result is None or vb.width() <= 0 or vb.height() <= 0:
            return
        self._fit_legend(vb.height() - 2 * LEGEND_OFFSET)
        self._legend_share = (self.legend.width() + 2 * LEGEND_OFFSET) / vb.width() if self.drawn.legend else 0.0
        self.drawn = self._lay_out(self._result, self.drawn.options)
        self.update_axes()

    # ------------------------------------------------------------------ the steps

    def update_bars(self) -> None:
        """Value labels, segments, and the marks of the filter and of the table's selection."""
        assert self.drawn is not None
        plot, options = self.plotItem, self.drawn.options
        for item in self._items:
            plot.removeItem(item)
        self._items, self._stacks = [], {}
        # The labels go in first: one wider than its slot slips under a neighbouring bar.
        font = QFont()
        font.setPointSize(8)
        for bar in self.drawn.bars:
            if not bar.value:
                continue  # an empty month: a slot, no label
            text = pg.TextItem(bar.value, anchor=(0.5, 1.0), color=options.foreground)
            text.setFont(font)
            text.setPos(bar.index, bar.top)
            self._label_height = text.boundingRect().height()
            self._add(text)
        # One item per stack value (one legend entry each); unstacked, one per bar.
        stacks: dict[str | None, list[tuple[int, Segment]]] = {}
        for bar in self.drawn.bars:
            for segment in bar.segments:
                if segment.stacked:
                    stacks.setdefault(segment.key, []).append((bar.index, segment))
                else:
                    self._add(_bar_item([(bar.index, segment)], options))
        for key, pieces in stacks.items():
            self._stacks[key] = self._add(_bar_item(pieces, options))
        for bar in self.drawn.bars:
            if bar.selected and bar.segments:  # the bar the table is filtered to: outlined
                self._add(pg.BarGraphItem(x=[bar.index], y0=[bar.bottom], height=[bar.top - bar.bottom],
                                          width=0.72, brush=None, pen=pg.mkPen(options.foreground, width=2.5)))
            if bar.share is not None:  # the rows selected in the table: a narrow bar inside
                share = pg.BarGraphItem(x=[bar.index], y0=[bar.bottom], height=[bar.share - bar.bottom],
                                        width=0.3, brush=pg.mkBrush(options.foreground),
                                        pen=pg.mkPen(options.background, width=1))
                share.setOpacity(0.55)
                self._add(share)

    def update_legend(self) -> None:
        """Name each stack value, in the order the values first appear, in the columns
        :meth:`_fit_legend` found the plot's height needs."""
        assert self.drawn is not None
        self.legend.clear()
        self.legend.setColumnCount(self._legend_columns)
        self.legend.setLabelTextColor(self.drawn.options.foreground)
        self.legend.setVisible(bool(self.drawn.legend))
        for entry in self.drawn.legend:
            self.legend.addItem(self._stacks[entry.key], entry.label)

    def _fit_legend(self, room: float) -> None:
        """As many columns as it takes for every entry to show in *room* pixels of height:
        a legend taller than the plot is cut at its bottom, its last entries lost."""
        entries = len(self.legend.items)
        if not entries:
            return
        row_height = self.legend.height() / math.ceil(entries / self._legend_columns)
        columns = min(entries, math.ceil(entries / max(1, int(room // row_height)))) if row_height > 0 else 1
        while True:
            if columns != self._legend_columns:
                self._legend_columns = columns
                self.update_legend()
            if self.legend.height() <= room or columns >= entries:
                return
            columns += 1  # the estimate was a row short

    def update_axes(self) -> None:
        """Ticks, ranges and the axis label: what follows the size and the scale."""
        assert self.drawn is not None
        plot, drawn = self.plotItem, self.drawn
        foreground = drawn.options.foreground
        plot.getAxis("bottom").setTicks([list(drawn.ticks)])
        self.money_axis.log = drawn.options.log
        self.money_axis.setTicks(None if drawn.money_ticks is None else [list(drawn.money_ticks)])
        plot.setYRange(*drawn.y_range, padding=0)
        plot.setXRange(*drawn.x_range, padding=0)
        axis = plot.getAxis("left")
        metrics = QFontMetricsF(axis.label.font())
        label = drawn.axis_label_for(plot.vb.height(), metrics.horizontalAdvance)
        plot.setLabel("left", label, color=foreground)
        axis.showLabel(bool(label))

    def _add(self, item: Any) -> Any:
        self.plotItem.addItem(item)
        self._items.append(item)
        return item

    def apply_theme(self, options: ChartOptions) -> None:
        """The colours of *options* (the panel sets them before the first totals arrive)."""
        self.setBackground(options.background)
        self.money_axis.background = QColor(options.background)
        for name in ("left", "bottom"):  # (a text pen recolours the axis' label too)
            self.plotItem.getAxis(name).setPen(options.foreground)
            self.plotItem.getAxis(name).setTextPen(options.foreground)

    # ------------------------------------------------------------------ picking

    def hit(self, scene_pos: QPointF) -> tuple[Bar, Segment] | tuple[None, None]:
        """The bar and segment under a scene position, or (None, None)."""
        if self.drawn is None or not self.plotItem.sceneBoundingRect().contains(scene_pos):
            return None, None
        point = self.plotItem.vb.mapSceneToView(scene_pos)
        return self.drawn.hit(point.x(), point.y())

    def label_at(self, scene_pos: QPointF) -> Bar | None:
        """The bar whose tick label is under a scene position (the label may be cut; the
        bar has it in full), or None."""
        if self.drawn is None or not self.plotItem.getAxis("bottom").sceneBoundingRect().contains(scene_pos):
            return None
        return self.drawn.slot(self.plotItem.vb.mapSceneToView(scene_pos).x())


def _bar_item(pieces: list[tuple[int, Segment]], options: ChartOptions) -> pg.BarGraphItem:
    """Segments of one colour (at their bars' x) as one item, outlined in the background."""
    return pg.BarGraphItem(x=[x for x, _ in pieces], y0=[s.bottom for _, s in pieces],
                           height=[s.top - s.bottom for _, s in pieces], width=BAR_WIDTH,
                           brush=pieces[0][1].colour, pen=pg.mkPen(options.background, width=1))
