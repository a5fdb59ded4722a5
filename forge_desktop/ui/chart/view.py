"""The chart widget: paints a :class:`~.layout.BarLayout` and says which bar is under a point.

:meth:`ChartView.draw` lays the totals out and paints them in small steps, after Orange3's
bar plot: :meth:`~ChartView.update_bars`, :meth:`~ChartView.update_legend`,
:meth:`~ChartView.update_axes`. A resize only changes the room the tick labels have, so
it lays out again and repeats just the last step.
"""

from __future__ import annotations

from collections.abc import Mapping
from typing import Any

import pyqtgraph as pg
from PySide6.QtCore import QCoreApplication, QPointF
from PySide6.QtGui import QFont, QResizeEvent
from PySide6.QtWidgets import QWidget

from ...core import formatting
from ...core.counting import Totals
from .layout import BAR_WIDTH, Bar, BarLayout, Segment, bar_layout
from .options import ChartOptions


class MoneyAxis(pg.AxisItem):
    """Dollars with SI suffixes; in log mode the values are powers of ten."""

    log = False

    def tickStrings(self, values: list[float], scale: float, spacing: float) -> list[str]:
        if self.log:
            return [formatting.money(10 ** v) for v in values]
        return [formatting.money(v) if v >= 0 else "" for v in values]


class ChartView(pg.PlotWidget):
    """A bar chart of one Totals: stacked segments, value labels, a legend in space kept free
    to the right of the bars."""

    drawn: BarLayout | None = None  # set by draw(); the base class resizes before __init__ ends

    def __init__(self, parent: QWidget | None = None):
        self.money_axis = MoneyAxis("left")
        self.money_axis.enableAutoSIPrefix(False)
        super().__init__(parent, axisItems={"left": self.money_axis})
        self.plotItem.setMenuEnabled(False)
        self.plotItem.setMouseEnabled(x=False, y=False)
        self.plotItem.hideButtons()
        self.plotItem.showGrid(x=False, y=True, alpha=0.25)
        self.legend = self.plotItem.addLegend(offset=(-6, 6), labelTextSize="9pt")
        self.selected_key: str | None = None  # the bar the table is filtered to
        self._result: Totals | None = None
        self._highlight: Mapping[str | None, int] = {}
        self._items: list[Any] = []  # what update_bars() added to the plot
        self._stacks: dict[str | None, pg.BarGraphItem] = {}  # by stack value, for the legend

    @property
    def bars(self) -> tuple[Bar, ...]:
        return self.drawn.bars if self.drawn is not None else ()

    def draw(self, result: Totals, options: ChartOptions, *,
             highlight: Mapping[str | None, int] | None = None) -> None:
        """Draw *result*; *highlight*: the amount per group of the rows selected in the table."""
        self._result, self._highlight = result, highlight or {}
        self.drawn = self._lay_out(result, options)
        self._theme(options)
        self.update_bars()
        self.update_legend()
        self.update_axes()

    def _lay_out(self, result: Totals, options: ChartOptions) -> BarLayout:
        return bar_layout(result, options, self.width(), selected_key=self.selected_key,
                          highlight=self._highlight, translate=QCoreApplication.translate)

    def resizeEvent(self, event: QResizeEvent) -> None:
        super().resizeEvent(event)
        # The room of the tick labels follows the width. (Closing resizes once more, after
        # pyqtgraph has dropped the plot item.)
        if self.drawn is not None and self._result is not None and self.plotItem is not None:
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
            text = pg.TextItem(bar.value, anchor=(0.5, 1.0), color=options.foreground)
            text.setFont(font)
            text.setPos(bar.index, bar.top)
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
            if bar.selected:  # the bar the table is filtered to: outlined
                self._add(pg.BarGraphItem(x=[bar.index], y0=[bar.bottom], height=[bar.top - bar.bottom],
                                          width=0.72, brush=None, pen=pg.mkPen(options.foreground, width=2.5)))
            if bar.share is not None:  # the rows selected in the table: a narrow bar inside
                share = pg.BarGraphItem(x=[bar.index], y0=[bar.bottom], height=[bar.share - bar.bottom],
                                        width=0.3, brush=pg.mkBrush(options.foreground),
                                        pen=pg.mkPen(options.background, width=1))
                share.setOpacity(0.55)
                self._add(share)

    def update_legend(self) -> None:
        """Name each stack value, in the order the values first appear."""
        assert self.drawn is not None
        self.legend.clear()
        self.legend.setLabelTextColor(self.drawn.options.foreground)
        self.legend.setVisible(bool(self.drawn.legend))
        for entry in self.drawn.legend:
            self.legend.addItem(self._stacks[entry.key], entry.label)

    def update_axes(self) -> None:
        """Ticks, ranges and the axis label: what follows the width and the scale."""
        assert self.drawn is not None
        plot, drawn = self.plotItem, self.drawn
        foreground = drawn.options.foreground
        axis = plot.getAxis("bottom")
        axis.setTicks([list(drawn.ticks)])
        axis.setTextPen(foreground)
        self.money_axis.log = drawn.options.log
        self.money_axis.setTextPen(foreground)
        self.money_axis.setTicks(None if drawn.money_ticks is None else [list(drawn.money_ticks)])
        plot.setYRange(*drawn.y_range, padding=0)
        plot.setXRange(*drawn.x_range, padding=0)
        plot.setLabel("left", drawn.axis_label, color=foreground)

    def _add(self, item: Any) -> Any:
        self.plotItem.addItem(item)
        self._items.append(item)
        return item

    def _theme(self, options: ChartOptions) -> None:
        self.setBackground(options.background)
        for name in ("left", "bottom"):
            self.plotItem.getAxis(name).setPen(options.foreground)

    # ------------------------------------------------------------------ picking

    def hit(self, scene_pos: QPointF) -> tuple[Bar, Segment] | tuple[None, None]:
        """The bar and segment under a scene position, or (None, None)."""
        if self.drawn is None or not self.plotItem.sceneBoundingRect().contains(scene_pos):
            return None, None
        point = self.plotItem.vb.mapSceneToView(scene_pos)
        return self.drawn.hit(point.x(), point.y())


def _bar_item(pieces: list[tuple[int, Segment]], options: ChartOptions) -> pg.BarGraphItem:
    """Segments of one colour (at their bars' x) as one item, outlined in the background."""
    return pg.BarGraphItem(x=[x for x, _ in pieces], y0=[s.bottom for _, s in pieces],
                           height=[s.top - s.bottom for _, s in pieces], width=BAR_WIDTH,
                           brush=pieces[0][1].colour, pen=pg.mkPen(options.background, width=1))
