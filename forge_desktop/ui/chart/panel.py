"""The chart panel: the controls, the counting off the UI thread, hover and click.

:class:`ChartPanel` asks the core for totals whenever the financing query changes (the core
does the counting, so the chart can never disagree with the status line), shows exact
figures on hover and turns a click on a bar into a filter for the table. It remembers its
own options between runs (:meth:`ChartPanel.save`, :meth:`ChartPanel.restore`).
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import replace
from typing import Any, ClassVar

from pyqtgraph.GraphicsScene.mouseEvents import MouseClickEvent
from PySide6.QtCore import QCoreApplication, QPoint, QPointF, Qt, QTimer, Signal
from PySide6.QtGui import QCursor, QPalette, QResizeEvent, QTextLayout
from PySide6.QtWidgets import (
    QCheckBox,
    QComboBox,
    QDialog,
    QHBoxLayout,
    QLabel,
    QMenu,
    QMessageBox,
    QPushButton,
    QStackedWidget,
    QToolTip,
    QVBoxLayout,
    QWidget,
)
from sqlalchemy.orm import Session

from ...core import formatting
from ...core.counting import Group, Totals, totals
from ...core.country_totals import CountryTotals, country_totals
from ...core.exports import ExportError, atomic_file
from ...core.groupings import CONTEXT, GROUPINGS, STACKS
from ...core.query import Condition, Op, Query
from ...core.timeline import Timeline, timeline
from ..settings import Settings
from ..worker import QueryRunner
from .export import ChartExportDialog, export_chart
from .layout import Bar, Segment, footnote
from .map_data import country_tooltip, map_picture
from .map_view import MapView
from .options import MAP, TIMELINE, ChartOptions, chart_totals
from .timeline_view import TimelineView
from .timeline_view import footnote as timeline_footnote
from .timeline_view import tooltip as timeline_tooltip
from .view import ChartView

translate = QCoreApplication.translate  # pyside6-lupdate reads translate("context", "text")

BUSY_AFTER_MS = 300  # a chart still counting after this long says so
LOW_PANEL = 300  # px: a panel lower than this shows two lines of its note, the bars the rest


class NoteLabel(QLabel):
    """The wrapped note under the chart, never shorter than the lines it shows.

    A dock does not ask a wrapped label how tall it is at its width, so in a window's
    bottom third a long note was drawn over the chart's tick labels. Holding the label's
    minimum height at that makes the dock keep room for it. In a low panel it shows at
    most *max_lines*, the last cut with "…"; the whole note is its tooltip and its
    :meth:`text`.
    """

    def __init__(self, parent: QWidget | None = None):
        super().__init__(parent, wordWrap=True)
        self._full = ""
        self.max_lines = 0  # 0: every line

    def text(self) -> str:
        return self._full

    def setText(self, text: str) -> None:
        self._full = text
        self._fit()

    def set_max_lines(self, lines: int) -> None:
        if lines != self.max_lines:
            self.max_lines = lines
            self._fit()

    def resizeEvent(self, event: QResizeEvent) -> None:
        super().resizeEvent(event)
        self._fit()

    def _fit(self) -> None:
        shown = self._cut(self._full, self.contentsRect().width() - 2)  # as QLabel wraps
        super().setText(shown)
        self.setToolTip(self._full if shown != self._full else "")
        self.setMinimumHeight(max(self.heightForWidth(self.width()), 0))

    def _cut(self, text: str, width: int) -> str:
        """*text* as the first max_lines lines it wraps to at *width*, the last elided."""
        if not self.max_lines or width <= 0:
            return text
        layout = QTextLayout(text, self.font())
        starts = []
        layout.beginLayout()
        while (line := layout.createLine()).isValid():
            line.setLineWidth(width)
            starts.append(line.textStart())
        layout.endLayout()
        if len(starts) <= self.max_lines:
            return text
        last = starts[self.max_lines - 1]
        return text[:last] + self.fontMetrics().elidedText(
            text[last:], Qt.TextElideMode.ElideRight, width)


class ChartPanel(QWidget):
    """The chart with its controls; emits the conditions a click on a bar stands for."""

    barClicked = Signal(object)  # tuple[Condition, ...]; () to clear
    recordClicked = Signal(str)  # a record on the timeline: select it in the table

    # What the panel remembers between runs, declared once: the settings key of each option
    # the user picks. The defaults are ChartOptions' own; dark is not kept, the palette decides.
    SETTINGS: ClassVar[tuple[tuple[str, str], ...]] = (
        ("chart/view", "view"), ("chart/stack", "stack"), ("chart/log", "log"),
        ("chart/conditional", "include_conditional"), ("chart/cumulative", "cumulative"))

    def __init__(self, runner: QueryRunner, parent: QWidget | None = None):
        super().__init__(parent)
        self.setObjectName("commitmentsChart")
        self.setAccessibleName(translate("chart", "Commitments chart"))
        self.runner = runner
        self.pending = False  # a count asked for, not answered yet (a newer one supersedes it)
        self._key = f"chart:{id(self)}"  # its worker jobs: the latest answer wins
        self._busy_timer = QTimer(self, singleShot=True, interval=BUSY_AFTER_MS)
        self._busy_timer.timeout.connect(self.show_busy)
        self._query: Query | None = None
        self._settings: Settings | None = None  # where changes are kept, once restored
        self._saved: ChartOptions | None = None  # what they hold now
        self._selected_ids: tuple[str, ...] = ()
        self._highlight: dict[str | None, int] = {}
        self._stages: dict[str | None, Group] = {}
        self._result: Totals | None = None  # what is drawn; None until the first answer

        self.view_box = QComboBox()
        self.view_box.setAccessibleName(translate("chart", "Chart view"))
        for grouping in GROUPINGS.values():
            self.view_box.addItem(translate(CONTEXT, grouping.label), grouping.key)
        self.view_box.addItem(translate("chart", "Over time (timeline)"), TIMELINE)
        self.view_box.addItem(translate("chart", "By country on a map"), MAP)
        self.stack_box = QComboBox()
        self.stack_box.setAccessibleName(translate("chart", "Stack by"))
        for stack in STACKS.values():
            self.stack_box.addItem(translate(CONTEXT, stack.label), stack.key)
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
        self.chart.apply_theme(self.options())  # the window's colours while the first count runs
        # Low enough that the chart and the note's lines (kept whole, see NoteLabel) still
        # fit in the window's bottom third that the dock starts with.
        self.chart.setMinimumHeight(120)
        self.timeline_view = TimelineView()
        self.timeline_view.setMinimumHeight(120)
        self.timeline_view.recordClicked.connect(self.recordClicked)
        self.timeline_view.itemHovered.connect(self._timeline_hover)
        self._timeline: Timeline | None = None
        self.map_view = MapView()
        self.map_view.setMinimumHeight(120)
        self.map_view.countryHovered.connect(self._map_hover)
        self.map_view.countryClicked.connect(self.click_country)
        self.map_view.setContextMenuPolicy(Qt.ContextMenuPolicy.CustomContextMenu)
        self.map_view.customContextMenuRequested.connect(self._context_menu)
        self._countries: CountryTotals | None = None
        self._highlight_codes: frozenset[str] = frozenset()  # countries of the selected rows
        self.views = QStackedWidget()
        self.views.addWidget(self.chart)
        self.views.addWidget(self.timeline_view)
        self.views.addWidget(self.map_view)
        self.note = NoteLabel()
        self.note.setStyleSheet("color: gray;")
        layout = QVBoxLayout(self)
        layout.setContentsMargins(4, 4, 4, 4)
        layout.addLayout(controls)
        layout.addWidget(self.views, 1)
        layout.addWidget(self.note)

        for box in (self.view_box, self.stack_box):
            box.currentIndexChanged.connect(self.refresh)
        for check in (self.log_box, self.conditional_box, self.cumulative_box):
            check.toggled.connect(self.refresh)
        self.export_button.clicked.connect(self.export_dialog)
        self.chart.setContextMenuPolicy(Qt.ContextMenuPolicy.CustomContextMenu)
        self.chart.customContextMenuRequested.connect(self._context_menu)
        self.chart.scene().sigMouseMoved.connect(self._hover)
        self.chart.scene().sigMouseClicked.connect(self._click)
        self._sync_controls()

    # ------------------------------------------------------------------ options


    def resizeEvent(self, event: QResizeEvent) -> None:
        super().resizeEvent(event)
        self.note.set_max_lines(2 if self.height() < LOW_PANEL else 0)
    def options(self) -> ChartOptions:
        background = self.palette().color(QPalette.ColorRole.Window)
        return ChartOptions(view=self.view_box.currentData(), stack=self.stack_box.currentData(),
                            log=self.log_box.isChecked(),
                            include_conditional=self.conditional_box.isChecked(),
                            cumulative=self.cumulative_box.isChecked(),
                            dark=background.lightness() < 128)

    def set_options(self, options: ChartOptions) -> None:
        """Show *options* in the controls (not dark: the palette decides). A view or stack
        the boxes do not offer, from an older settings file, leaves that box as it is."""
        for box, value in ((self.view_box, options.view), (self.stack_box, options.stack)):
            index = box.findData(value)
            if index >= 0:
                box.setCurrentIndex(index)
        self.log_box.setChecked(options.log)
        self.conditional_box.setChecked(options.include_conditional)
        self.cumulative_box.setChecked(options.cumulative)

    def save(self, settings: Settings) -> None:
        options = self._saved = self.options()
        for key, name in self.SETTINGS:
            settings.set(key, getattr(options, name))

    def restore(self, settings: Settings) -> None:
        defaults = ChartOptions()
        values: dict[str, Any] = {}
        for key, name in self.SETTINGS:
            default = getattr(defaults, name)  # its type reads INI text back ("true" → True)
            values[name] = settings.typed(key, default)
        self.set_options(replace(defaults, **values))
        self._settings, self._saved = settings, self.options()  # from now on a change is kept at once

    def _sync_controls(self) -> None:
        view = self.view_box.currentData()
        self.cumulative_box.setEnabled(view == "month")
        views: dict[str, QWidget] = {TIMELINE: self.timeline_view, MAP: self.map_view}
        shown = views.get(view, self.chart)
        self.views.setCurrentWidget(shown)
        self.stack_box.setEnabled(view != MAP)  # a country's hover breaks it down by stage
        self.stack_box.setToolTip(translate("chart", "The timeline's lanes") if view == TIMELINE else "")

    # ------------------------------------------------------------------ data

    def set_query(self, query: Query, selected_key: str | None = None) -> None:
        self._query = query
        self.chart.selected_key = selected_key
        self.refresh()

    def set_selection(self, ids: tuple[str, ...]) -> None:
        """Rows selected in the table: their share is drawn inside the bars."""
        self._selected_ids = ids
        self._highlight = {}
        self._highlight_codes = frozenset()
        self.runner.cancel(f"{self._key}:selection")
        if not ids or self._query is None or self.options().timeline:
            self._redraw()
            return
        options, query = self.options(), Query("financing", ids=ids)
        self.runner.submit(lambda s: totals(s, query, options.by,
                                            include_conditional=options.include_conditional),
                           self._highlighted, key=f"{self._key}:selection")

    def refresh(self) -> None:
        self._sync_controls()
        if self._settings is not None and self.options() != self._saved:
            self.save(self._settings)
        if self._query is None:
            return
        self.pending = True
        options, query = self.options(), self._query
        if options.timeline:
            self.runner.submit(lambda s: timeline(s, query, lane_by=options.lane_by,
                                                  include_conditional=options.include_conditional),
                               self._timeline_loaded, self._failed, key=self._key)
            self._busy_timer.start()
            return
        if options.map:
            self.runner.submit(lambda s: country_totals(s, query, include_conditional=options.include_conditional),
                               self._map_loaded, self._failed, key=self._key)
            self._busy_timer.start()
            if self._selected_ids:
                self.set_selection(self._selected_ids)
            return

        def work(session: Session) -> tuple[Totals, Totals]:
            main = chart_totals(session, query, options)
            stages = (main if options.stack_column == "stage" else
                      totals(session, query, options.by, stack="stage",
                             include_conditional=options.include_conditional))
            return main, stages

        self.runner.submit(work, lambda result: self._loaded(*result), self._failed, key=self._key)
        self._busy_timer.start()  # a long count (seconds at 1M rows) says so; a quick one never flickers
        if self._selected_ids:
            self.set_selection(self._selected_ids)

    def show_busy(self) -> None:
        if self.pending:
            self.note.setText(translate("chart", "Counting… (the bars show the previous answer)"))

    def _loaded(self, result: Totals, stages: Totals) -> None:
        self.pending = False
        self._stages = {g.key: g for g in stages.groups}
        self._result = result
        self._redraw()

    def _timeline_loaded(self, result: Timeline) -> None:
        self.pending = False
        self._timeline = result
        options = self.options()
        self.timeline_view.draw(result, lane_by=options.lane_by, dark=options.dark, log=options.log)
        self.note.setText(timeline_footnote(result))

    def _map_loaded(self, result: CountryTotals) -> None:
        self.pending = False
        self._countries = result
        self._redraw()

    def _timeline_hover(self, item: object) -> None:
        if item is None:
            QToolTip.hideText()
            return
        QToolTip.showText(QCursor.pos(), timeline_tooltip(item), self.timeline_view)  # type: ignore[arg-type]

    def _failed(self, error: object) -> None:
        """The count failed. *error*: the exception it raised, or its message; str() reads either."""
        self.pending = False  # its answer, an error, is what shows
        self.note.setText(translate("chart", "The chart could not be drawn: {0}").format(str(error)))
        if self._result is None:  # not "Counting…" for ever
            self.chart.show_message(translate("chart", "The chart could not be drawn"))
        if self._countries is None:
            self.map_view.show_message(translate("chart", "The chart could not be drawn"))

    def _highlighted(self, result: Totals) -> None:
        self._highlight = {g.key: g.amount_usd for g in result.groups if g.amount_usd}
        self._highlight_codes = frozenset(g.key for g in result.groups if g.key is not None)
        self._redraw()

    def _redraw(self) -> None:
        options = self.options()
        if options.map:
            self._draw_map(options)
            return
        result = self._result
        if result is None or options.timeline:
            return
        self.chart.draw(result, options, highlight=self._highlight)
        if not any(g.amount_usd for g in result.groups):
            self.note.setText(translate("chart", "No dollar amounts in these rows.") + " "
                              + footnote(result, options, translate))
        else:
            self.note.setText(footnote(result, options, translate))

    def _draw_map(self, options: ChartOptions) -> None:
        if self._countries is None:
            return
        picture = map_picture(self._countries, options, self.map_view.shapes)
        self.map_view.set_data(picture.values, log=options.log, dark=options.dark,
                               selected=self.chart.selected_key, highlighted=self._highlight_codes,
                               no_shape=picture.no_shape)
        if not picture.has_money:
            self.map_view.show_message(translate("chart", "No dollar amounts in these rows."))
        self.note.setText(picture.footnote)

    # ------------------------------------------------------------------ hover, click

    def _map_hover(self, code: str | None) -> None:
        if code is None or self._countries is None:
            QToolTip.hideText()
            return
        shape = self.map_view.shapes.get(code)
        text = country_tooltip(self._countries, code, shape.name if shape else code)
        QToolTip.showText(QCursor.pos(), text, self.map_view)

    def click_country(self, code: str | None) -> None:
        """Filter the table to the records in country *code*; the same country again (or
        Esc) clears it. The sea, or a country no record names, does nothing."""
        if code is None or self._countries is None:
            return
        if self._countries.group(code) is None and code != self.chart.selected_key:
            return
        self.barClicked.emit((Condition("locations", Op.EQ, code),))

    def tooltip(self, bar: Bar, segment: Segment | None) -> str:
        options = self.options()
        group = bar.group
        lines = [f"<b>{bar.label}</b> "
                 "<span style='color: gray'>"
                 + translate("chart", "(click: filter the table; Shift+click: this segment)") + "</span>",
                 translate("chart", "{0} · {1} records").format(
                     formatting.money_full(group.amount_usd) or translate("chart", "no amount"), group.records)]
        if segment is not None and segment.key is not None:
            lines.append(translate("chart", "{0}: {1} · {2} records").format(
                formatting.label(segment.key), formatting.money_full(segment.amount_usd),
                segment.records))
        stages = self._stages.get(group.key)
        if stages is not None and stages.segments and not options.running_total:
            lines.append(translate("chart", "by stage:"))
            for part in stages.segments:
                money = formatting.money(part.amount_usd) or translate("chart", "no amount")
                lines.append(f"&nbsp;&nbsp;{formatting.label(part.key)}: {money} ({part.records})")
        return "<br>".join(lines)

    def bar_under(self, scene_pos: QPointF) -> tuple[Bar, Segment | None] | tuple[None, None]:
        """The bar (and segment) under a scene position: on a segment, or on the bar's tick
        label, which may be cut to its room and is a way to the bar's full name."""
        bar, segment = self.chart.hit(scene_pos)
        if bar is not None:
            return bar, segment
        bar = self.chart.label_at(scene_pos)
        return (bar, None) if bar is not None else (None, None)

    def _hover(self, scene_pos: QPointF) -> None:
        bar, segment = self.bar_under(scene_pos)
        if bar is None:
            QToolTip.hideText()
            return
        QToolTip.showText(QCursor.pos(), self.tooltip(bar, segment), self.chart)

    def _click(self, event: MouseClickEvent) -> None:
        if event.button() != Qt.MouseButton.LeftButton:
            return
        bar, segment = self.bar_under(event.scenePos())
        shift = bool(event.modifiers() & Qt.KeyboardModifier.ShiftModifier)
        self.click_bar(bar, segment if shift else None)  # Shift: just this segment

    def conditions_for(self, bar: Bar, segment: Segment | None = None) -> tuple[Condition, ...]:
        options = self.options()
        column = options.grouping.filter_column
        key = bar.group.key
        first = Condition(column, Op.EMPTY) if key is None else Condition(column, Op.EQ, key)
        if segment is not None and options.stack_column and segment.key is not None:
            return first, Condition(options.stack_column, Op.EQ, segment.key)
        return (first,)

    def click_bar(self, bar: Bar | None, segment: Segment | None = None) -> None:
        """Filter the table to a bar (or segment); the same click again clears it."""
        if bar is None:
            return
        if self.options().running_total:
            return  # a running total is not one month's records
        self.barClicked.emit(self.conditions_for(bar, segment))

    # ------------------------------------------------------------------ export

    def _context_menu(self, pos: QPoint) -> None:
        menu = QMenu(self)
        menu.addAction(translate("chart", "Export chart as PNG or SVG…"), self.export_dialog)
        menu.addAction(translate("chart", "Switch log / linear scale"), self.log_box.toggle)
        source = self.map_view if self.options().map else self.chart
        menu.exec(source.mapToGlobal(pos))

    def export_dialog(self) -> None:
        """Ask where, how and how large; write what is drawn: bars, timeline or map."""
        options = self.options()
        timeline = options.timeline
        drawn = self._timeline if timeline else self._countries if options.map else self._result
        if drawn is None:
            QMessageBox.information(self, translate("chart", "Export chart"),
                                    translate("chart", "The chart is still loading."))
            return
        dialog = ChartExportDialog(self)
        if dialog.exec() != QDialog.DialogCode.Accepted:
            return
        path, fmt, size = dialog.choice()
        if not path:
            return
        if timeline:
            self.export_timeline(path, fmt, size)
            return
        if options.map:
            self.export_map(path, fmt, size)
            return
        assert self._result is not None
        try:
            export_chart(self._result, self.options(), path, fmt, size)
        except (OSError, ExportError) as exc:
            QMessageBox.warning(self, translate("chart", "Export failed"), str(exc))

    def export_timeline(self, path: str, fmt: str, size: tuple[int, int]) -> bool:
        """Write the timeline as drawn (its zoom too) as PNG or SVG, atomically."""
        title = translate("chart", "Commitments over time")
        return self._write_picture(path, lambda: self.timeline_view.render_svg(*size, title) if fmt == "svg"
                                   else self.timeline_view.render_png(*size, title))

    def export_map(self, path: str, fmt: str, size: tuple[int, int]) -> bool:
        """Write the map as drawn (selection and highlight too) as PNG or SVG, atomically."""
        title, note = translate("chart", "Committed USD by country"), self.note.text()
        return self._write_picture(path, lambda: self.map_view.render_svg(*size, title, note) if fmt == "svg"
                                   else self.map_view.render_png(*size, title, note))

    def _write_picture(self, path: str, render: Callable[[], bytes]) -> bool:
        """*render*'s bytes to *path* through a temporary file; a failure said in a dialog."""
        try:
            data = render()
            with atomic_file(path, binary=True) as handle:
                handle.write(data)
        except (OSError, ExportError) as exc:
            QMessageBox.warning(self, translate("chart", "Export failed"), str(exc))
            return False
        return True
