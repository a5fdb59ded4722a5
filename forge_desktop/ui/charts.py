"""The money chart: committed USD by agency (or mineral, location, month), stacked.

:class:`ChartView` only draws a :class:`~forge_desktop.core.aggregate.Totals` it is given
(the core does the counting, so the chart can never disagree with the status line).
:class:`ChartPanel` wraps it with the controls, asks the core for totals off the UI
thread whenever the financing query changes, shows exact figures on hover and turns a
click on a bar into a filter for the table. :func:`export_chart` renders the same chart
offscreen at any size as PNG or SVG (the window's Export button and the CLI use it).
"""

from __future__ import annotations

import datetime as dt
import math
import zlib
from dataclasses import dataclass, replace
from pathlib import Path

import pyqtgraph as pg
import pyqtgraph.exporters  # noqa: F401  (registers the exporters)
from PySide6.QtCore import (
    QBuffer,
    QByteArray,
    QCoreApplication,
    QIODevice,
    QPointF,
    QRect,
    QRectF,
    QSize,
    Qt,
    QTimer,
    Signal,
)
from PySide6.QtGui import QCursor, QFont, QPainter, QPalette
from PySide6.QtSvg import QSvgGenerator
from PySide6.QtWidgets import (
    QCheckBox,
    QComboBox,
    QDialog,
    QDialogButtonBox,
    QFileDialog,
    QFormLayout,
    QHBoxLayout,
    QLabel,
    QMenu,
    QMessageBox,
    QPushButton,
    QSpinBox,
    QToolTip,
    QVBoxLayout,
    QWidget,
)

from ..core import formatting
from ..core.aggregate import MONTH, Group, Totals, totals
from ..core.exporters import ExportError, atomic_file
from ..core.query import Condition, Op, Query
from ..core.schema import Agency, Instrument, Stage

translate = QCoreApplication.translate  # pyside6-lupdate reads translate("context", "text")

# What the chart can show: view → (the grouping column, the column a click filters on).
VIEWS = {
    "agency": ("agency", "agency"),
    "mineral": ("minerals", "minerals"),
    "location": ("locations", "locations"),
    "month": (MONTH, "date"),
}
STACKS = ("stage", "instrument", "agency", "none")
BUSY_AFTER_MS = 300  # a chart still counting after this long says so

# Paul Tol's colour-blind-safe schemes: readable on light and dark backgrounds alike.
AGENCY_COLOURS = {Agency.EXIM: "#4477AA", Agency.DOE: "#228833", Agency.DOD: "#CCBB44",
                  Agency.DFC: "#EE6677", Agency.USTR: "#AA3377"}
STAGE_COLOURS = {  # from the weakest commitment to money out of the door
    Stage.ANNOUNCED: "#BBBBBB", Stage.OPPORTUNITY: "#99DDFF", Stage.LETTER_OF_INTEREST: "#77AADD",
    Stage.LETTER_OF_INTENT: "#44BB99", Stage.NEGOTIATING: "#EEDD88", Stage.APPROVED: "#BBCC33",
    Stage.COMMITTED: "#EE8866", Stage.FUNDED: "#CC3311"}
_MUTED = ["#CC6677", "#332288", "#DDCC77", "#117733", "#88CCEE", "#882255", "#44AA99",
          "#999933", "#AA4499", "#DDDDDD", "#6699CC", "#004488", "#EE99AA"]
INSTRUMENT_COLOURS = {i: _MUTED[n % len(_MUTED)] for n, i in enumerate(Instrument)}
NEUTRAL = "#6699CC"
STACK_COLOURS = {"stage": STAGE_COLOURS, "instrument": INSTRUMENT_COLOURS, "agency": AGENCY_COLOURS}


# Tol's dark scheme: none of the curated values above uses these.
_IMPORTED = ["#222255", "#225555", "#225522", "#666633", "#663333", "#555555"]


def _imported_colour(key: str | None) -> str:
    """A value an import added (a new agency, say): a dark colour that stays its own."""
    return _IMPORTED[zlib.crc32((key or "").encode()) % len(_IMPORTED)]


@dataclass(frozen=True)
class ChartOptions:
    view: str = "agency"
    stack: str = "stage"
    log: bool = False
    include_conditional: bool = True
    cumulative: bool = False
    dark: bool = False

    @property
    def by(self) -> str:
        return VIEWS[self.view][0]

    @property
    def stack_column(self) -> str | None:
        if self.stack == "none" or (self.stack == "agency" and self.view == "agency"):
            return None
        return self.stack


def chart_totals(session, query: Query, options: ChartOptions) -> Totals:
    """What the chart draws: the core's totals for the view, stacked as asked."""
    return totals(session, query, options.by, stack=options.stack_column,
                  include_conditional=options.include_conditional)


def footnote(result: Totals, options: ChartOptions) -> str:
    parts = [translate("chart", "US government money only; co-financing is not counted")]
    parts += [note.text(QCoreApplication.translate) for note in result.notes()]
    if options.view == "month" and options.cumulative:
        parts.append(translate("chart", "cumulative; undated records not shown"))
    return " · ".join(parts)


def _short(text: str, width: int = 16) -> str:
    return text if len(text) <= width else text[: width - 1] + "…"


def _group_label(view: str, group: Group) -> str:
    if group.key is None:
        return translate("chart", "(none)") if view != "month" else translate("chart", "undated")
    if view == "agency":
        return group.key
    if view == "month":
        return formatting.date_text(dt.date.fromisoformat(group.key + "-01"), "month")
    return group.label


class MoneyAxis(pg.AxisItem):
    """Dollars with SI suffixes; in log mode the values are powers of ten."""

    log = False

    def tickStrings(self, values, scale, spacing):
        if self.log:
            return [formatting.money(10 ** v) for v in values]
        return [formatting.money(v) if v >= 0 else "" for v in values]


@dataclass(frozen=True)
class _Segment:
    """One stacked piece of a bar (the whole bar when not stacked), as drawn."""

    key: str | None  # the stack column's value; None: the whole bar
    label: str
    amount_usd: int
    records: int
    bottom: float  # in plot units (log10 when log)
    top: float


@dataclass(frozen=True)
class _Bar:
    index: int
    group: Group
    top: float  # in plot units (log10 when log)
    segments: tuple[_Segment, ...]


class ChartView(pg.PlotWidget):
    """A bar chart of one Totals: stacked segments, value labels, a legend in space kept free
    to the right of the bars."""

    totals: Totals | None = None  # set by draw(); the base class resizes before __init__ ends

    def __init__(self, parent: QWidget | None = None):
        self.money_axis = MoneyAxis("left")
        self.money_axis.enableAutoSIPrefix(False)
        super().__init__(parent, axisItems={"left": self.money_axis})
        self.plotItem.setMenuEnabled(False)
        self.plotItem.setMouseEnabled(x=False, y=False)
        self.plotItem.hideButtons()
        self.plotItem.showGrid(x=False, y=True, alpha=0.25)
        self.legend = self.plotItem.addLegend(offset=(-6, 6), labelTextSize="9pt")
        self.bars: list[_Bar] = []
        self.options = ChartOptions()
        self.selected_key: str | None = None
        self._items = []
        self._highlight: dict = {}

    # ------------------------------------------------------------------ drawing

    def draw(self, result: Totals, options: ChartOptions, *,
             highlight: dict[str | None, int] | None = None) -> None:
        self.totals, self.options, self._highlight = result, options, highlight or {}
        self._theme(options.dark)
        plot = self.plotItem
        for item in self._items:
            plot.removeItem(item)
        self._items = []
        self.legend.clear()

        groups = [g for g in result.groups if g.amount_usd]
        if options.view == "month":
            groups = self._months(result.groups, options.cumulative)
        positives = [s.amount_usd for g in groups for s in (g.segments or (g,)) if s.amount_usd]
        # A decade below the smallest amount: the smallest bar keeps a visible height.
        floor = 10 ** (math.floor(math.log10(min(positives))) - 1) if positives else 1

        def y(value: float) -> float:
            return math.log10(max(value, floor)) if options.log else value

        base = y(floor) if options.log else 0.0
        self.bars = []
        # One BarGraphItem per stack value (one legend entry each); unstacked, one per bar.
        items: dict[tuple, tuple[list, list, list, str]] = {}
        label_font = QFont()
        label_font.setPointSize(8)
        for i, group in enumerate(groups):
            running, segments = 0, []
            parts = group.segments if options.stack_column else ()
            parts = [p for p in parts if p.amount_usd] or [None]
            for part in parts:
                amount = part.amount_usd if part else group.amount_usd
                bottom = base if running == 0 else y(running)
                running += amount
                top = y(running)
                key = part.key if part else None
                label = part.label if part else group.label
                segments.append(_Segment(key, label, amount, part.records if part else group.records,
                                         bottom, top))
                colour = self._colour(options, group, key)
                xs, y0s, hs, _ = items.setdefault(("stack", key) if part else ("bar", i),
                                                  ([], [], [], colour))
                xs.append(i)
                y0s.append(bottom)
                hs.append(top - bottom)
            self.bars.append(_Bar(i, group, y(group.amount_usd), tuple(segments)))
            text = pg.TextItem(formatting.money(group.amount_usd), anchor=(0.5, 1.0),
                               color=self._foreground)
            text.setFont(label_font)
            text.setPos(i, y(group.amount_usd))
            plot.addItem(text)
            self._items.append(text)

        self.legend.setLabelTextColor(self._foreground)
        self.legend.setVisible(bool(options.stack_column and groups))
        for (kind, key), (xs, y0s, hs, colour) in items.items():
            pen = pg.mkPen(self._background, width=1)
            item = pg.BarGraphItem(x=xs, y0=y0s, height=hs, width=0.62, brush=colour, pen=pen)
            plot.addItem(item)
            self._items.append(item)
            if kind == "stack":
                self.legend.addItem(item, formatting.label(key) if key else translate("chart", "(none)"))
        self._draw_highlights(groups, self._highlight, y, base)

        axis = plot.getAxis("bottom")
        # Labels are cut to the room a bar has, so neighbours never overlap.
        slots = len(groups) + (max(1.3, 0.22 * len(groups)) if options.stack_column else 0)
        room = max(4, int(max(self.width() - 90, 200) / max(slots, 1) / 7.5))
        axis.setTicks([[(i, _short(_group_label(options.view, g), room))
                        for i, g in enumerate(groups)]])
        axis.setTextPen(self._foreground)
        self.money_axis.log = options.log
        self.money_axis.setTextPen(self._foreground)
        if options.log and positives:
            top = math.log10(max(g.amount_usd for g in groups)) + 0.3
            self.money_axis.setTicks([[(e, formatting.money(10 ** e))
                                       for e in range(int(base), math.floor(top) + 1)]])
            plot.setYRange(base, top, padding=0)
        else:
            self.money_axis.setTicks(None)
            high = max((g.amount_usd for g in groups), default=1)
            plot.setYRange(0, high * 1.12, padding=0)
        legend_room = max(1.3, 0.22 * len(groups)) if options.stack_column else 0
        plot.setXRange(-0.6, max(len(groups) - 0.4, 0.4) + legend_room, padding=0)
        axis = translate("chart", "committed USD, log scale") if options.log else translate(
            "chart", "committed USD")
        plot.setLabel("left", axis, color=self._foreground)

    def _draw_highlights(self, groups, highlight: dict, y, base) -> None:
        """Outline the selected bar and the share of the rows selected in the table."""
        plot = self.plotItem
        for i, group in enumerate(groups):
            if self.selected_key is not None and group.key == self.selected_key:
                outline = pg.BarGraphItem(x=[i], y0=[base], height=[y(group.amount_usd) - base],
                                          width=0.72, brush=None,
                                          pen=pg.mkPen(self._foreground, width=2.5))
                plot.addItem(outline)
                self._items.append(outline)
            share = highlight.get(group.key)
            if share:
                item = pg.BarGraphItem(x=[i], y0=[base], height=[y(share) - base], width=0.3,
                                       brush=pg.mkBrush(self._foreground),
                                       pen=pg.mkPen(self._background, width=1))
                item.setOpacity(0.55)
                plot.addItem(item)
                self._items.append(item)

    @staticmethod
    def _months(groups, cumulative: bool) -> list[Group]:
        dated = [g for g in groups if g.key is not None and g.amount_usd]
        if not cumulative:
            return dated + [g for g in groups if g.key is None and g.amount_usd]
        running, out = 0, []
        for g in dated:
            running += g.amount_usd
            out.append(replace(g, amount_usd=running, segments=()))
        return out

    def _colour(self, options: ChartOptions, group: Group, key: str | None) -> str:
        if options.stack_column:
            return STACK_COLOURS[options.stack_column].get(key) or _imported_colour(key)
        if options.view == "agency":
            return AGENCY_COLOURS.get(group.key) or _imported_colour(group.key)
        return NEUTRAL

    def resizeEvent(self, event) -> None:
        super().resizeEvent(event)
        if self.totals is not None and self.plotItem is not None:  # label room follows width
            self.draw(self.totals, self.options, highlight=self._highlight)

    def _theme(self, dark: bool) -> None:
        self._background = "#202124" if dark else "#ffffff"
        self._foreground = "#e8eaed" if dark else "#202124"
        self.setBackground(self._background)
        for name in ("left", "bottom"):
            self.plotItem.getAxis(name).setPen(self._foreground)

    # ------------------------------------------------------------------ picking

    def hit(self, scene_pos: QPointF):
        """The bar and segment under a scene position, or (None, None)."""
        if not self.bars or not self.plotItem.sceneBoundingRect().contains(scene_pos):
            return None, None
        point = self.plotItem.vb.mapSceneToView(scene_pos)
        index = round(point.x())
        if not (0 <= index < len(self.bars)) or abs(point.x() - index) > 0.36:
            return None, None
        bar = self.bars[index]
        for segment in bar.segments:
            if segment.bottom <= point.y() <= segment.top:
                return bar, segment
        return None, None


class ChartPanel(QWidget):
    """The chart with its controls; emits the conditions a click on a bar stands for."""

    barClicked = Signal(object)  # tuple[Condition, ...]; () to clear

    def __init__(self, runner, parent: QWidget | None = None):
        super().__init__(parent)
        self.setObjectName("agencyChart")
        self.setAccessibleName(translate("chart", "Commitments chart"))
        self.runner = runner
        self._generation = 0  # of the chart's own query
        self._drawn_generation = 0  # the query whose answer is on screen
        self._busy_timer = QTimer(self, singleShot=True, interval=BUSY_AFTER_MS)
        self._busy_timer.timeout.connect(lambda: self.show_busy(self._generation))
        self._selection_generation = 0  # of the table selection it highlights
        self._query: Query | None = None
        self._selected_ids: tuple[str, ...] = ()
        self._highlight: dict = {}
        self._stages: dict[str | None, Group] = {}
        self._result: Totals | None = None  # what is drawn; None until the first answer

        self.view_box = QComboBox(accessibleName=translate("chart", "Chart view"))
        for key, label in (("agency", translate("chart", "By agency")),
                           ("mineral", translate("chart", "By mineral")),
                           ("location", translate("chart", "By location (country)")),
                           ("month", translate("chart", "Over time (month)"))):
            self.view_box.addItem(label, key)
        self.stack_box = QComboBox(accessibleName=translate("chart", "Stack by"))
        for key, label in (("stage", translate("chart", "Stacked by stage")),
                           ("instrument", translate("chart", "Stacked by instrument")),
                           ("agency", translate("chart", "Stacked by agency")),
                           ("none", translate("chart", "Not stacked"))):
            self.stack_box.addItem(label, key)
        self.log_box = QCheckBox(translate("chart", "Log scale"))
        self.conditional_box = QCheckBox(translate("chart", "Include conditional"))
        self.conditional_box.setChecked(True)
        self.cumulative_box = QCheckBox(translate("chart", "Cumulative"))
        self.export_button = QPushButton(translate("chart", "Export…"))
        self.export_button.setToolTip(translate("chart", "Save the chart as PNG or SVG"))
        controls = QHBoxLayout()
        controls.setContentsMargins(0, 0, 0, 0)
        for widget in (self.view_box, self.stack_box, self.log_box, self.conditional_box,
                       self.cumulative_box):
            controls.addWidget(widget)
        controls.addStretch(1)
        controls.addWidget(self.export_button)

        self.chart = ChartView()
        self.chart.setMinimumHeight(180)
        self.note = QLabel(wordWrap=True)
        self.note.setStyleSheet("color: gray;")
        layout = QVBoxLayout(self)
        layout.setContentsMargins(4, 4, 4, 4)
        layout.addLayout(controls)
        layout.addWidget(self.chart, 1)
        layout.addWidget(self.note)

        for box in (self.view_box, self.stack_box):
            box.currentIndexChanged.connect(self.refresh)
        for box in (self.log_box, self.conditional_box, self.cumulative_box):
            box.toggled.connect(self.refresh)
        self.export_button.clicked.connect(self.export_dialog)
        self.chart.setContextMenuPolicy(Qt.ContextMenuPolicy.CustomContextMenu)
        self.chart.customContextMenuRequested.connect(self._context_menu)
        self.chart.scene().sigMouseMoved.connect(self._hover)
        self.chart.scene().sigMouseClicked.connect(self._click)
        self._sync_controls()

    # ------------------------------------------------------------------ options

    def options(self) -> ChartOptions:
        background = self.palette().color(QPalette.ColorRole.Window)
        return ChartOptions(view=self.view_box.currentData(), stack=self.stack_box.currentData(),
                            log=self.log_box.isChecked(),
                            include_conditional=self.conditional_box.isChecked(),
                            cumulative=self.cumulative_box.isChecked(),
                            dark=background.lightness() < 128)

    def set_options(self, view: str, stack: str, log: bool, include_conditional: bool,
                    cumulative: bool) -> None:
        for box, value in ((self.view_box, view), (self.stack_box, stack)):
            index = box.findData(value)
            if index >= 0:
                box.setCurrentIndex(index)
        self.log_box.setChecked(bool(log))
        self.conditional_box.setChecked(bool(include_conditional))
        self.cumulative_box.setChecked(bool(cumulative))

    def _sync_controls(self) -> None:
        self.cumulative_box.setEnabled(self.view_box.currentData() == "month")

    # ------------------------------------------------------------------ data

    def set_query(self, query: Query, selected_key: str | None = None) -> None:
        self._query = query
        self.chart.selected_key = selected_key
        self.refresh()

    def set_selection(self, ids: tuple[str, ...]) -> None:
        """Rows selected in the table: their share is drawn inside the bars."""
        self._selected_ids = ids
        self._highlight = {}
        self._selection_generation += 1
        if not ids or self._query is None:
            self._redraw()
            return
        options, query = self.options(), Query("financing", ids=ids)
        generation = self._selection_generation
        self.runner.submit(lambda s: totals(s, query, options.by,
                                            include_conditional=options.include_conditional),
                           lambda result: self._highlighted(generation, result))

    def refresh(self) -> None:
        self._sync_controls()
        if self._query is None:
            return
        self._generation += 1
        generation, options, query = self._generation, self.options(), self._query

        def work(session):
            main = chart_totals(session, query, options)
            stages = (main if options.stack_column == "stage" else
                      totals(session, query, options.by, stack="stage",
                             include_conditional=options.include_conditional))
            return main, stages

        self.runner.submit(work, lambda result: self._loaded(generation, *result),
                           lambda message: self._failed(generation, message))
        self._busy_timer.start()  # a long count (seconds at 1M rows) says so; a quick one never flickers
        if self._selected_ids:
            self.set_selection(self._selected_ids)

    def show_busy(self, generation: int) -> None:
        if generation == self._generation and generation != self._drawn_generation:
            self.note.setText(translate("chart", "Counting… (the bars show the previous answer)"))

    def _loaded(self, generation: int, result: Totals, stages: Totals) -> None:
        if generation != self._generation:
            return
        self._drawn_generation = generation
        self._stages = {g.key: g for g in stages.groups}
        self._result = result
        self._redraw()

    def _failed(self, generation: int, message: str) -> None:
        if generation == self._generation:
            self._drawn_generation = generation  # its answer, an error, is what shows
            self.note.setText(translate("chart", "The chart could not be drawn: {0}").format(message))

    def _highlighted(self, generation: int, result: Totals) -> None:
        if generation == self._selection_generation:
            self._highlight = {g.key: g.amount_usd for g in result.groups if g.amount_usd}
            self._redraw()

    def _redraw(self) -> None:
        result = self._result
        if result is None:
            return
        options = self.options()
        self.chart.draw(result, options, highlight=self._highlight)
        if not any(g.amount_usd for g in result.groups):
            self.note.setText(translate("chart", "No dollar amounts in these rows.") + " " + footnote(result, options))
        else:
            self.note.setText(footnote(result, options))

    # ------------------------------------------------------------------ hover, click

    def describe(self, bar: _Bar, segment: _Segment | None) -> str:
        options = self.options()
        group = bar.group
        lines = [f"<b>{_group_label(options.view, group)}</b> "
                 "<span style='color: gray'>"
                 + translate("chart", "(click: filter the table; Shift+click: this segment)") + "</span>",
                 translate("chart", "{0} · {1} records").format(formatting.money_full(group.amount_usd), group.records)]
        if segment is not None and segment.key is not None:
            lines.append(translate("chart", "{0}: {1} · {2} records").format(
                formatting.label(segment.key), formatting.money_full(segment.amount_usd),
                segment.records))
        stages = self._stages.get(group.key)
        if stages is not None and stages.segments and not (options.view == "month" and options.cumulative):
            lines.append(translate("chart", "by stage:"))
            for part in stages.segments:
                money = formatting.money(part.amount_usd) or translate("chart", "no amount")
                lines.append(f"&nbsp;&nbsp;{formatting.label(part.key)}: {money} ({part.records})")
        return "<br>".join(lines)

    def _hover(self, scene_pos) -> None:
        bar, segment = self.chart.hit(scene_pos)
        if bar is None:
            QToolTip.hideText()
            return
        QToolTip.showText(QCursor.pos(), self.describe(bar, segment), self.chart)

    def _click(self, event) -> None:
        if event.button() != Qt.MouseButton.LeftButton:
            return
        bar, segment = self.chart.hit(event.scenePos())
        shift = bool(event.modifiers() & Qt.KeyboardModifier.ShiftModifier)
        self.click_bar(bar, segment if shift else None)  # Shift: just this segment

    def conditions_for(self, bar: _Bar, segment: _Segment | None = None) -> tuple[Condition, ...]:
        options = self.options()
        column = VIEWS[options.view][1]
        key = bar.group.key
        first = Condition(column, Op.EMPTY) if key is None else Condition(column, Op.EQ, key)
        if segment is not None and options.stack_column and segment.key is not None:
            return first, Condition(options.stack_column, Op.EQ, segment.key)
        return (first,)

    def click_bar(self, bar: _Bar | None, segment: _Segment | None = None) -> None:
        """Filter the table to a bar (or segment); the same click again clears it."""
        if bar is None:
            return
        if self.options().view == "month" and self.options().cumulative:
            return  # a running total is not one month's records
        self.barClicked.emit(self.conditions_for(bar, segment))

    # ------------------------------------------------------------------ export

    def _context_menu(self, pos) -> None:
        menu = QMenu(self)
        menu.addAction(translate("chart", "Export chart as PNG or SVG…"), self.export_dialog)
        menu.addAction(translate("chart", "Switch log / linear scale"), self.log_box.toggle)
        menu.exec(self.chart.mapToGlobal(pos))

    def export_dialog(self) -> None:
        if self._result is None:
            QMessageBox.information(self, translate("chart", "Export chart"),
                                    translate("chart", "The chart is still loading."))
            return
        dialog = ChartExportDialog(self)
        if dialog.exec() != QDialog.DialogCode.Accepted:
            return
        path, fmt, size = dialog.choice()
        if not path:
            return
        try:
            export_chart(self._result, self.options(), path, fmt, size)
        except (OSError, ExportError) as exc:
            QMessageBox.warning(self, translate("chart", "Export failed"), str(exc))


class ChartExportDialog(QDialog):
    def __init__(self, parent: QWidget | None = None):
        super().__init__(parent)
        self.setWindowTitle(translate("chart", "Export chart"))
        self.format = QComboBox()
        self.format.addItem("PNG", "png")
        self.format.addItem("SVG", "svg")
        self.width_box = QSpinBox(minimum=200, maximum=8000, value=1200, suffix=" px")
        self.height_box = QSpinBox(minimum=150, maximum=8000, value=700, suffix=" px")
        form = QFormLayout(self)
        form.addRow(translate("chart", "Format"), self.format)
        form.addRow(translate("chart", "Width"), self.width_box)
        form.addRow(translate("chart", "Height"), self.height_box)
        buttons = QDialogButtonBox(QDialogButtonBox.StandardButton.Save
                                   | QDialogButtonBox.StandardButton.Cancel)
        buttons.accepted.connect(self.accept)
        buttons.rejected.connect(self.reject)
        form.addRow(buttons)
        self.path = ""

    def accept(self) -> None:
        fmt = self.format.currentData()
        self.path, _ = QFileDialog.getSaveFileName(
            self, translate("chart", "Save chart"), f"forge-chart.{fmt}", f"{fmt.upper()} (*.{fmt})")
        if self.path:
            super().accept()

    def choice(self) -> tuple[str, str, tuple[int, int]]:
        return self.path, self.format.currentData(), (self.width_box.value(), self.height_box.value())


def _wrap(text: str, width: int = 110) -> str:
    lines, line = [], ""
    for part in text.split(" · "):
        if line and len(line) + len(part) + 3 > width:
            lines.append(line)
            line = part
        else:
            line = f"{line} · {part}" if line else part
    return "<br>".join([*lines, line])


def export_chart(result: Totals, options: ChartOptions, path: str | Path, fmt: str,
                 size: tuple[int, int] = (1200, 700), title: str | None = None) -> Path:
    """Render the chart offscreen at exactly *size* and write it as PNG or SVG (atomically).

    PNG goes through pyqtgraph's ImageExporter. SVG is painted with Qt's QSvgGenerator:
    pyqtgraph 0.14's SVGExporter cannot parse the paths Qt 6.11 writes (it fails on an
    empty plot), while QSvgGenerator gives the same vector drawing.
    """
    width, height = size
    view = ChartView()
    view.setAttribute(Qt.WidgetAttribute.WA_DontShowOnScreen)  # laid out, never seen
    view.resize(width, height)
    view.show()
    colour = "#e8eaed" if options.dark else "#202124"
    if title:
        view.plotItem.setTitle(title, color=colour)
    view.draw(result, options)
    view.plotItem.setLabel("bottom", _wrap(footnote(result, options)), color="#9aa0a6", size="8pt")
    view.plotItem.layout.setContentsMargins(6, 6, 12, 14)
    QCoreApplication.processEvents()
    path = Path(path)
    try:
        if fmt == "svg":
            buffer = QBuffer()
            buffer.open(QIODevice.OpenModeFlag.WriteOnly)
            generator = QSvgGenerator()
            generator.setOutputDevice(buffer)
            generator.setSize(QSize(width, height))
            generator.setViewBox(QRect(0, 0, width, height))
            generator.setTitle(title or "FORGE Desktop chart")
            painter = QPainter(generator)
            view.render(painter, QRectF(0, 0, width, height), view.viewport().rect())
            painter.end()
            data = bytes(buffer.data())
        else:
            exporter = pg.exporters.ImageExporter(view.plotItem)
            exporter.parameters()["width"] = width
            exporter.parameters()["height"] = height
            image = exporter.export(toBytes=True)
            if image.width() != width or image.height() != height:
                image = image.scaled(width, height)
            data = QByteArray()
            buffer = QBuffer(data)
            buffer.open(QIODevice.OpenModeFlag.WriteOnly)
            image.save(buffer, "PNG")
            data = bytes(data)
        with atomic_file(path, binary=True) as handle:
            handle.write(data)
    finally:
        view.close()
        view.deleteLater()
    return path
