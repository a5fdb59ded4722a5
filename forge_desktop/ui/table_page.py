"""One table of the explorer: its filters, facets, search, sort and the lazy table view.

A page owns the state that makes its query (filter chips, facet selections, search text,
sort keys) and asks its model, its facets and the status line to follow whenever that
state changes. Each piece has one owner: the chips are the filter bar's, the selections the
facets', the search the page's and the sort the model's query. :class:`PageState` is all of
it as one value, for Back/Forward, links and settings. Everything slow runs in the window's
:class:`QueryRunner`.
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from html import escape
from typing import Any

from PySide6.QtCore import (
    QCoreApplication,
    QItemSelectionModel,
    QMimeData,
    QSize,
    Qt,
    QTimer,
    Signal,
)
from PySide6.QtGui import QAction, QGuiApplication
from PySide6.QtWidgets import (
    QAbstractItemView,
    QApplication,
    QFrame,
    QHBoxLayout,
    QHeaderView,
    QLabel,
    QMenu,
    QPushButton,
    QStyle,
    QStyleOptionHeader,
    QTableView,
    QVBoxLayout,
    QWidget,
)
from sqlalchemy.orm import Session

from ..core import counting, formatting
from ..core.column_stats import STATISTICS_KINDS, VALUE_KINDS, excluding, picking
from ..core.columns import SOURCES, TABLES, ColumnSpec, Kind, ScalarColumn, TableSpec
from ..core.exports import (
    HTML_TABLE_END,
    HTML_TABLE_START,
    html_cell,
    screen_rows,
    spreadsheet_cell,
    with_companions,
)
from ..core.filter_text import parse_filter, parse_sort
from ..core.query import (
    Filter,
    Query,
    QueryError,
    SortKey,
    count,
    known_terms,
    stream_positions,
    validate,
    value_names,
)
from ..core.records import format_value
from .facets import FacetPanel
from .filter_bar import FilterBar
from .labels import column_label, table_label
from .settings import Settings
from .table_model import QueryTableModel, SearchMatchDelegate
from .worker import QueryRunner

WIDTHS = {Kind.MONEY: 130, Kind.NUMBER: 90, Kind.DATE: 90, Kind.BOOL: 80, Kind.CATEGORY: 110,
          Kind.LIST: 170, Kind.TEXT: 230}
# Columns that read best biggest / newest first on the first click.
DESCENDING_FIRST = {Kind.MONEY, Kind.NUMBER, Kind.DATE}
# A selection is counted once it stops changing for this long: dragging over rows or
# holding Shift+Down asks the worker once, not once per row.
SELECTION_DELAY_MS = 150


def records_target(counts: Mapping[str, int]) -> str:
    """The table "Show records from this source" goes to: the financing, if any rests on
    the source, else the table with the most records resting on it."""
    if counts.get("financing") or not any(counts.values()):
        return "financing"
    return max(counts, key=lambda table: counts[table])


@dataclass(frozen=True)
class PageState:
    """Everything that makes a page's query, as one value: the filter chips, the values
    chosen in each facet ((column, values) pairs, in the panel's order), the search text and
    the sort keys. Back/Forward keep these; a link or the settings file makes one.

    ``followed`` are the chips among ``filters`` that a followed link put there: where the
    user went, not a filter they built, so the settings leave them out (see
    :meth:`TablePage.save`)."""

    filters: tuple[Filter, ...] = ()
    facets: tuple[tuple[str, tuple[str, ...]], ...] = ()
    search: str = ""
    sort: tuple[SortKey, ...] = ()
    followed: tuple[Filter, ...] = ()

    @classmethod
    def showing(cls, query: Query) -> PageState:
        """The state a followed link to *query* shows: its filters as chips (followed ones),
        no facet chosen."""
        return cls(query.filters, (), query.search, query.sort, followed=query.filters)


class TablePage(QWidget):
    statusChanged = Signal(str)
    selectionSummaryChanged = Signal(str)  # "N selected · $X committed"; "" when none is
    currentRecordChanged = Signal(str, str)  # (table, record id); "" when none
    searchReset = Signal()  # the page cleared its own search: the search box follows
    queryChanged = Signal()  # after every change of filters, facets, search or sort
    copied = Signal(int, int)  # rows put on the clipboard, rows selected
    statsRequested = Signal(str)  # a column: its value counts or statistics (the window shows them)

    def __init__(self, spec: TableSpec, runner: QueryRunner, parent: QWidget | None = None):
        super().__init__(parent)
        self.spec = spec
        self.runner = runner
        self.search = ""
        self._key = f"page:{id(self)}:"  # its worker jobs' keys: a newer question supersedes
        self._counted: Query | None = None  # what the facets and the status line last counted
        self.sort_only = False  # the last refresh changed only the sort
        self._select_after_load: str | None = None
        self._scroll_after_load: int | None = None
        self.status_text = ""
        self.selection_text = ""
        # The chart's "Include conditional" (the window passes it on): one rule for both.
        self.include_conditional = True
        self.chart_filters: tuple = ()  # the chips a click on the chart added
        self.followed_filters: tuple = ()  # the chips a followed link added (PageState.followed)
        # Each chip and each facet's choice, in the order they were set: Esc takes the last off.
        self._filter_order: list[tuple[str, Filter]] = []

        self.model = QueryTableModel(runner, Query(spec.name), self, load=False)
        self.filter_bar = FilterBar(spec)
        self.facets = FacetPanel(spec)
        self.view = QTableView()
        self.view.setObjectName(f"{spec.name}Table")
        self.view.setAccessibleName(self.tr("{0} table").format(table_label(spec)))
        self.view.setModel(self.model)
        self.view.setItemDelegate(SearchMatchDelegate(self.view))  # marks what the search matched
        self.view.setSelectionBehavior(QAbstractItemView.SelectionBehavior.SelectRows)
        self.view.setSelectionMode(QAbstractItemView.SelectionMode.ExtendedSelection)
        self.view.setEditTriggers(QAbstractItemView.EditTrigger.NoEditTriggers)
        self.view.setAlternatingRowColors(True)
        self.view.setWordWrap(False)
        self.view.setSortingEnabled(False)  # sorting is SQL-side, see _header_clicked
        self.view.setTabKeyNavigation(False)  # Tab leaves the table; the arrows move in it
        self.view.verticalHeader().hide()
        self.view.verticalHeader().setDefaultSectionSize(24)
        self.view.setHorizontalScrollMode(QAbstractItemView.ScrollMode.ScrollPerPixel)
        header = self.view.horizontalHeader()
        header.setSectionsMovable(True)
        header.setHighlightSections(False)
        # The header paints each section asking whether its whole column is selected, which
        # Qt answers row by row: a minute with a million rows selected. It highlights nothing,
        # so it gets a selection of its own that stays empty.
        header.setSelectionModel(QItemSelectionModel(self.model, header))
        header.setStretchLastSection(True)
        header.setSectionsClickable(True)
        header.sectionClicked.connect(self._header_clicked)
        header.setContextMenuPolicy(Qt.ContextMenuPolicy.CustomContextMenu)
        header.customContextMenuRequested.connect(self._header_menu)
        self.apply_default_columns()

        self.banner = QFrame()
        self.banner.setFrameShape(QFrame.Shape.StyledPanel)
        self.banner_label = QLabel()
        self.banner_clear = QPushButton(self.tr("Clear search and filters"))
        self.banner_clear.clicked.connect(self.clear_all)
        row = QHBoxLayout(self.banner)
        row.addWidget(self.banner_label, 1)
        row.addWidget(self.banner_clear)
        self.banner.hide()

        layout = QVBoxLayout(self)
        layout.setContentsMargins(4, 4, 4, 4)
        layout.addWidget(self.filter_bar)
        layout.addWidget(self.banner)
        layout.addWidget(self.view, 1)

        self.filter_bar.filtersChanged.connect(self.refresh)
        self.facets.selectionChanged.connect(self.refresh)
        self.model.countChanged.connect(self._count_known)
        self.model.queryFailed.connect(self._query_failed)
        self.view.selectionModel().currentRowChanged.connect(self._current_changed)
        self.model.modelReset.connect(lambda: self.currentRecordChanged.emit(spec.name, ""))
        self._selection_timer = QTimer(self, singleShot=True, interval=SELECTION_DELAY_MS)
        self._selection_timer.timeout.connect(self._count_selection)
        self.view.selectionModel().selectionChanged.connect(self._selection_changed)
        self.model.modelReset.connect(self._selection_changed)  # a reset drops it unannounced
        # A table the user has not opened yet asks the database for nothing (at ten million
        # rows, its counts would take the cores from the table on screen): refresh() keeps
        # its query, activate() asks when it is first shown.
        self._active = False

    # ------------------------------------------------------------------ the query

    def build_query(self, *, without_facet: str | None = None,
                    without_chart: bool = False) -> Query:
        chips = self.filter_bar.filters()
        if without_chart:
            chips = tuple(f for f in chips if f not in self.chart_filters)
        filters = (*chips, *self.facets.conditions(without=without_facet))
        return Query(self.spec.name, filters, self.search, self.model.query.sort)

    def set_chart_filter(self, conditions: tuple, name: str = "") -> None:
        """Filter to what a chart bar, a country on the map or a pivot cell stands for (one
        chip reading *name*, when given); the same again (or ()) clears it."""
        chips = [f for f in self.filter_bar.filters() if f not in self.chart_filters]
        same = tuple(conditions) == self.chart_filters
        self.chart_filters = () if same else tuple(conditions)
        self.filter_bar.set_group(self.chart_filters, name)
        self.filter_bar.set_filters([*chips, *self.chart_filters])

    def activate(self) -> None:
        """The page is on screen: the first time, ask for what it has not asked for yet."""
        if self._active:
            return
        self._active = True
        self.load_terms()
        self.refresh()

    def load_terms(self) -> None:
        """Let the filter bar know which agencies, instruments and stages there are (an
        import may have added some) and what the places, organisations, minerals and roles
        are called, for its chips."""
        if any(isinstance(c, ScalarColumn) and c.vocabulary is not None for c in self.spec.columns):
            self.runner.submit(known_terms, self._terms_loaded)
        self.runner.submit(value_names, self.filter_bar.set_names)

    def _terms_loaded(self, terms) -> None:
        self.filter_bar.terms = terms

    def refresh(self, *, sort: Sequence[SortKey] | None = None) -> None:
        """Rebuild the query from the page's state (sorted by *sort* when the sort changes:
        the model's query holds it) and let everything follow it."""
        chips = self.filter_bar.filters()  # a chart chip removed by hand is no longer one
        self.chart_filters = tuple(f for f in self.chart_filters if f in chips)
        self._follow_own_filters(chips)
        query = self.build_query()
        if sort is not None:
            query = query.with_sort(sort)
        self.model.set_query(query, load=self._active)
        if not self._active:
            self.sort_only = False
            self.queryChanged.emit()
            return
        counted = query.with_sort(())
        # A new sort alone changes no count: the facets, the status line, the chart and the
        # pivot (which read sort_only) keep theirs; only the rows are asked for.
        self.sort_only = sort is not None and counted == self._counted
        if not self.sort_only:
            self._counted = counted
            for name, widget in self.facets.facets.items():
                facet_query = self.build_query(without_facet=name)
                self.runner.submit(lambda s, q=facet_query, f=widget.facet: f.counts(s, q),
                                   lambda values, n=name: self.facets.facets[n].set_values(values),
                                   key=f"{self._key}facet:{name}")
            self._count_status(query)
        self.queryChanged.emit()

    def _follow_own_filters(self, chips: tuple[Filter, ...]) -> None:
        """Keep up which filters were set last and which a followed link set.

        A link's chips become the user's own once the user builds on them (adds a chip or
        chooses a facet value while they stand): kept on purpose, they are saved like any.
        """
        if self.facets.selections() or any(f not in self.followed_filters for f in chips):
            self.followed_filters = ()
        else:
            self.followed_filters = tuple(f for f in self.followed_filters if f in chips)
        now = [*(("chip", f) for f in chips), *(("facet", c) for c in self.facets.conditions())]
        self._filter_order = [*(k for k in self._filter_order if k in now),
                              *(k for k in now if k not in self._filter_order)]

    def has_filters(self) -> bool:
        return bool(self._filter_order)

    def clear_last_filter(self) -> Filter | None:
        """Take off the filter set last, a chip or a facet's choice; return it (None: none)."""
        if not self._filter_order:
            return None
        source, item = self._filter_order[-1]
        if source == "facet":
            self.facets.facets[item.column].clear()
        else:
            chips = self.filter_bar.filters()
            self.filter_bar.remove(len(chips) - 1 - chips[::-1].index(item))
        return item

    def _count_status(self, query: Query) -> None:
        include = self.include_conditional
        self.runner.submit(lambda s: self._status_figures(s, query, include), self._status_known,
                           key=f"{self._key}status")

    def _status_figures(self, session: Session, query: Query, include_conditional: bool):
        everything = count(session, Query(self.spec.name))
        totals = (counting.totals(session, query, include_conditional=include_conditional)
                  if self.spec.name == "financing" else None)
        matching = totals.records if totals is not None else count(session, query)
        return everything, matching, totals

    def _status_known(self, figures) -> None:
        self.status_text = self.status_line(*figures)
        self.statusChanged.emit(self.status_text)

    def status_line(self, everything: int, matching: int, totals) -> str:
        text = {"financing": self.tr("{0} of %n financing record(s)", "", everything),
                "participants": self.tr("{0} of %n participant(s)", "", everything),
                "agreements": self.tr("{0} of %n agreement(s)", "", everything),
                "sources": self.tr("{0} of %n source(s)", "", everything),
                }[self.spec.name].format(matching)
        if totals is not None and matching:
            money = formatting.money(totals.amount_usd) or "$0"
            text += " · " + self.tr("{0} committed").format(money)
            notes = totals.footnote(QCoreApplication.translate)
            if notes:
                text += f" ({notes})"
        return text

    def set_include_conditional(self, include: bool) -> None:
        """Sum conditional money in or leave it out, as the chart was told to: the status
        line, the selection's sum and the chart then add up the same rows alike."""
        if include != self.include_conditional:
            self.include_conditional = include
            self._count_status(self.model.query)
            self._selection_changed()

    def _selection_changed(self, *_args) -> None:
        """Say at once how many rows are selected (read from the selection's ranges, cheap
        for a million); what they add up to is counted in the worker once it settles."""
        self.runner.cancel(f"{self._key}selection")  # its count is of the rows selected before
        selected = self.selected_count()
        self.selection_text = self.selection_line(selected) if selected else ""
        self.selectionSummaryChanged.emit(self.selection_text)
        if selected and self.spec.name == "financing":
            self._selection_timer.start()
        else:
            self._selection_timer.stop()

    def _count_selection(self) -> None:
        """Total the selected rows by the status line's rules. The worker reads them by
        their places in the table's order: no id is gathered on the UI thread.

        One count at a time: a selection that changes while one runs supersedes it (the
        worker interrupts it), so shift-clicking about a million rows never holds both
        worker threads."""
        selected = self.selected_count()
        if not selected:
            return
        include = self.include_conditional
        query, runs = self.model.query, self.selected_ranges()
        self.runner.submit(
            lambda s: counting.totals(s, query, positions=runs, include_conditional=include),
            lambda totals: self._selection_counted(selected, totals),
            lambda _error: None,  # the log has it; the line keeps the count of rows
            key=f"{self._key}selection")

    def _selection_counted(self, selected: int, totals) -> None:
        self.selection_text = self.selection_line(selected, totals)
        self.selectionSummaryChanged.emit(self.selection_text)

    def selection_line(self, selected: int, totals=None) -> str:
        text = self.tr("%n selected", "", selected)
        if totals is not None:
            money = formatting.money(totals.amount_usd) or "$0"
            text += " · " + self.tr("{0} committed").format(money)
        return text

    def _count_known(self, total: int) -> None:
        filtered = bool(self.search or self.filter_bar.filters() or self.facets.selections())
        if total == 0:
            if filtered:
                self.banner_label.setText(self.tr("No {0} match this search and these filters.")
                                          .format(table_label(self.spec).lower()))
            else:
                self.banner_label.setText(self.tr("This table is empty."))
            self.banner_clear.setVisible(filtered)
            self.banner.show()
        else:
            self.banner.hide()
        if self._select_after_load:
            self.select_record(self._select_after_load)
            self._select_after_load = None
        if self._scroll_after_load is not None:
            self.view.verticalScrollBar().setValue(self._scroll_after_load)
            self._scroll_after_load = None

    def _query_failed(self, error: object) -> None:
        """*error*: the exception or its message; either reads as the message."""
        self.banner_label.setText(self.tr("The query failed: {0}").format(str(error)))
        self.banner_clear.setVisible(True)
        self.banner.show()

    # ------------------------------------------------------------------ user actions

    def set_search(self, text: str) -> None:
        if text != self.search:
            self.search = text
            self.refresh()

    def clear_all(self) -> None:
        self.search = ""
        self.facets.clear()
        self.filter_bar.set_filters([], notify=False)
        self.refresh()
        self.searchReset.emit()

    def sort_keys(self) -> tuple[SortKey, ...]:
        return self.model.sort_keys()

    def set_sort(self, keys: Sequence[SortKey]) -> None:
        self.refresh(sort=keys)
        self.view.horizontalHeader().viewport().update()

    def _header_clicked(self, section: int) -> None:
        column = self.model.columns[section]
        keys = list(self.sort_keys())
        ctrl = bool(QApplication.keyboardModifiers() & Qt.KeyboardModifier.ControlModifier)
        first = column.kind in DESCENDING_FIRST
        if ctrl:
            for i, key in enumerate(keys):
                if key.column == column.name:
                    keys[i] = SortKey(key.column, not key.descending)
                    break
            else:
                keys.append(SortKey(column.name, first))
        elif keys and keys[0].column == column.name:
            keys = [SortKey(column.name, not keys[0].descending)]
        else:
            keys = [SortKey(column.name, first)]
        self.set_sort(keys)

    def _header_menu(self, pos) -> None:
        header = self.view.horizontalHeader()
        menu = self.header_menu(header.logicalIndexAt(pos))
        menu.exec(header.mapToGlobal(pos))
        menu.deleteLater()

    def header_menu(self, clicked: int) -> QMenu:
        """The header's context menu: the value counts or the statistics of the column at
        section *clicked* (-1: none), then which columns show."""
        header = self.view.horizontalHeader()
        menu = QMenu(self)
        if clicked >= 0:
            name, kind = self.model.columns[clicked].name, self.model.columns[clicked].kind
            if kind in VALUE_KINDS:
                menu.addAction(self.tr("Value counts…"), lambda: self.statsRequested.emit(name))
            elif kind in STATISTICS_KINDS:
                menu.addAction(self.tr("Statistics…"), lambda: self.statsRequested.emit(name))
            menu.addSeparator()
        for section, column in enumerate(self.model.columns):
            action = QAction(column_label(column), menu, checkable=True)
            action.setChecked(not header.isSectionHidden(section))
            action.toggled.connect(lambda on, s=section: header.setSectionHidden(s, not on))
            menu.addAction(action)
        menu.addSeparator()
        menu.addAction(self.tr("Reset columns"), self.apply_default_columns)
        return menu

    def apply_default_columns(self) -> None:
        """Catalogue order, except that money follows the record's name: the figure an
        analyst looks for first is never scrolled off to the right."""
        header = self.view.horizontalHeader()
        columns = self.model.columns
        name_column = self.model.name_column
        order = sorted(range(len(columns)), key=lambda i: (
            0 if i <= name_column else 1 if columns[i].kind is Kind.MONEY else 2, i))
        for visual, section in enumerate(order):
            header.moveSection(header.visualIndex(section), visual)
        def title_width(column: ColumnSpec) -> int:
            """What the header needs to show its title whole, in the user's language and
            sorted second ("Софинансирование (USD) ▼2", as the model words it), measured as
            the style paints it: the header's font, the style's margins and padding."""
            option = QStyleOptionHeader()
            option.initFrom(header)
            option.text = f"{column_label(column)} ▼2"
            return header.style().sizeFromContents(QStyle.ContentsType.CT_HeaderSection, option,
                                                   QSize(), header).width()

        for section, column in enumerate(columns):
            header.setSectionHidden(section, not column.visible)
            header.resizeSection(section, max(WIDTHS[column.kind], title_width(column)))
        header.setSectionResizeMode(QHeaderView.ResizeMode.Interactive)

    def visible_columns(self) -> list[int]:
        """Logical column indexes in on-screen order, hidden ones left out."""
        header = self.view.horizontalHeader()
        return [header.logicalIndex(v) for v in range(header.count())
                if not header.isSectionHidden(header.logicalIndex(v))]

    # ------------------------------------------------------------------ selection

    # ------------------------------------------------------------------ the current cell

    def current_cell(self) -> tuple[ColumnSpec, Any, str, tuple] | None:
        """The current cell's column, raw value and text (as the table shows it, without the
        aggregate's Σ) and its row's values; None when there is none or its row is loading."""
        index = self.view.currentIndex()
        values = self.model.row_values(index.row()) if index.isValid() else None
        if values is None:
            return None
        text = self.model.display_text(values, index.column())
        if index.column() == self.model.name_column:
            text = text.removeprefix("Σ ")  # the marker of an aggregate, not its name
        return self.model.columns[index.column()], values[index.column()], text, values

    def copy_current_cell(self) -> str | None:
        """Put the current cell on the clipboard and return what was put there: a number as
        its plain value (``10000000000``, not ``up to $10B``: a spreadsheet sums it),
        anything else as the table shows it. None: no cell to copy."""
        cell = self.current_cell()
        if cell is None:
            return None
        column, value, text, _values = cell
        if column.kind in (Kind.MONEY, Kind.NUMBER):
            text = _tsv_cell(column.kind, value)
        QGuiApplication.clipboard().setText(text)
        return text

    def cell_filters(self) -> list[tuple[str, Filter | None, Filter | None]]:
        """For each value the current cell holds (a list cell may hold several, an empty
        cell holds "empty"): its text and the conditions keeping and leaving out its rows
        (None where the column's operators cannot say it). [] without a loaded cell."""
        cell = self.current_cell()
        if cell is None:
            return []
        column, value, text, values = cell
        precision = None
        if column.kind is Kind.DATE and self.spec.get("date_precision") is not None:
            precision = values[self.model.column_of("date_precision")]
        if column.kind is Kind.LIST and value:
            return [(format_value(Kind.LIST, [v], {}), picking(column, v), excluding(column, v))
                    for v in value]
        return [(text, picking(column, value, precision=precision),
                 excluding(column, value, precision=precision))]

    def current_source(self) -> tuple[str, dict[str, int]] | None:
        """On the sources table: the current row's source and how many records of each
        record table rest on it; None elsewhere, or when no row is current or loaded."""
        index = self.view.currentIndex()
        if self.spec is not SOURCES or not index.isValid():
            return None
        values = self.model.row_values(index.row())
        if values is None:
            return None
        return (values[self.model.column_of("id")],
                {table: values[self.model.column_of(table)] or 0 for table in TABLES})

    def add_filter(self, condition: Filter) -> None:
        """Add *condition* as the last chip, as the filter bar's Add does."""
        self.filter_bar.set_filters([*self.filter_bar.filters(), condition])

    def current_id(self) -> str | None:
        index = self.view.currentIndex()
        return self.model.record_id(index.row()) if index.isValid() else None

    def _current_changed(self, current, _previous) -> None:
        record = self.model.record_id(current.row()) if current.isValid() else None
        self.currentRecordChanged.emit(self.spec.name, record or "")

    def select_record(self, record_id: str) -> bool:
        row = self.model.row_of(record_id)
        if row is None:
            return False
        self.view.selectRow(row)
        self.view.scrollTo(self.model.index(row, 0))
        return True

    def select_when_loaded(self, record_id: str | None) -> None:
        self._select_after_load = record_id

    def refresh_in_place(self) -> None:
        """Read the rows again (others changed them), keeping the filters, the current record
        and where the table is scrolled to."""
        self._select_after_load = self.current_id()
        self._scroll_after_load = self.view.verticalScrollBar().value()
        self.load_terms()
        self.refresh()

    SELECTION_LOOK = 5000  # a quick look (the chart's highlight) reads at most this many rows

    def selected_ids(self) -> tuple[str, ...]:
        """Ids of selected rows already in memory: cheap even when a million are selected."""
        ids: list[str] = []
        for first, last in self.selected_ranges():
            rows = range(first, min(last, first + self.SELECTION_LOOK) + 1)
            ids.extend(record for row in rows if (record := self.model.loaded_id(row)) is not None)
            if len(ids) >= self.SELECTION_LOOK:
                break
        return tuple(ids)

    def selected_ranges(self) -> list[tuple[int, int]]:
        """The selection as (first, last) row runs, read from its ranges, not row by row."""
        runs = sorted((r.top(), r.bottom()) for r in self.view.selectionModel().selection())
        merged: list[tuple[int, int]] = []
        for first, last in runs:
            if merged and first <= merged[-1][1] + 1:
                merged[-1] = (merged[-1][0], max(last, merged[-1][1]))
            else:
                merged.append((first, last))
        return merged

    def selected_count(self) -> int:
        return sum(last - first + 1 for first, last in self.selected_ranges())

    def selected_rows(self) -> list[int]:
        return [row for first, last in self.selected_ranges() for row in range(first, last + 1)]

    COPY_LIMIT = 100_000  # rows: beyond this, Export is the tool

    def copy_selection(self) -> None:
        """Put the selected rows on the clipboard as TSV (with a header) and an HTML table,
        visible columns in on-screen order, as the on-screen export writes them (labels and
        words; each amount's qualifier and each date's precision in a column beside it): a
        paste into a spreadsheet gets numbers and dates it can sum and sort, not ``up to
        $10B``. The rows are read in the worker; rows never scrolled into view are copied
        too. Emits ``copied(n)`` when done."""
        ranges, limited = [], 0
        for first, last in self.selected_ranges():
            last = min(last, first + self.COPY_LIMIT - limited - 1)
            if last >= first:
                ranges.append((first, last))
                limited += last - first + 1
        if not ranges:
            return
        shown = [self.model.columns[i].name for i in self.visible_columns()]
        query = self.model.query.with_columns(with_companions(self.spec, shown))
        columns, total = query.output_columns, self.selected_count()
        self.runner.submit(
            lambda session: list(screen_rows(columns, stream_positions(session, query, ranges))),
            lambda rows: self._to_clipboard(columns, rows, total))

    def _to_clipboard(self, columns: Sequence[ColumnSpec], rows: list[tuple], total: int) -> None:
        labels = [column_label(c) for c in columns]
        lines, html = ["\t".join(labels)], [HTML_TABLE_START + "<tr>" + "".join(
            f"<th>{escape(label)}</th>" for label in labels) + "</tr>"]
        for values in rows:
            texts = [_tsv_cell(c.kind, v) for c, v in zip(columns, values, strict=True)]
            lines.append("\t".join(texts))
            html.append("<tr>" + "".join(html_cell(c.kind, v, text) for c, v, text
                                         in zip(columns, values, texts, strict=True)) + "</tr>")
        data = QMimeData()
        data.setText("\n".join(lines) + "\n")  # TSV: pastes into a spreadsheet as columns
        data.setHtml("".join(html) + HTML_TABLE_END)  # the same cells, as a table
        QGuiApplication.clipboard().setMimeData(data)
        global _OUR_CLIPBOARD
        _OUR_CLIPBOARD = True
        self.copied.emit(len(rows), total)

    # ------------------------------------------------------------------ state

    def state(self) -> PageState:
        return PageState(self.filter_bar.filters(), self.facets.selections(), self.search,
                         self.model.query.sort, self.followed_filters)

    def apply_state(self, state: PageState) -> None:
        """Show *state*; one that does not fit these columns (saved by another version)
        keeps its search only."""
        self.filter_bar.set_filters(list(state.filters), notify=False)
        self.facets.set_selections(state.facets)
        self.followed_filters = state.followed
        self.search = state.search
        sort = state.sort
        try:
            validate(self.build_query().with_sort(sort))
        except QueryError:  # saved against another version of the columns: start clean
            sort = ()
            self.filter_bar.set_filters([], notify=False)
            self.facets.clear()
        self.refresh(sort=sort)

    def header_layout(self) -> dict[str, Any]:
        """The columns as laid out on screen, by column name (so a column added or dropped
        by another version leaves the rest of a saved layout standing): their order, the
        widths of those shown (a hidden section has none) and which are hidden."""
        header = self.view.horizontalHeader()
        names = [c.name for c in self.model.columns]
        return {
            "order": [names[header.logicalIndex(v)] for v in range(header.count())],
            "widths": {n: header.sectionSize(i) for i, n in enumerate(names)
                       if not header.isSectionHidden(i)},
            "hidden": [n for i, n in enumerate(names) if header.isSectionHidden(i)],
        }

    def apply_header_layout(self, layout: object) -> None:
        """Lay the columns out as :meth:`header_layout` saved them.

        A name these columns no longer have is passed over; a column the layout does not
        name (new since) keeps its default width and visibility and comes after the named
        ones. Anything else (the byte state of an older version, a hand-edited file)
        leaves the default layout.
        """
        if not isinstance(layout, dict):
            return
        header = self.view.horizontalHeader()
        sections = {c.name: i for i, c in enumerate(self.model.columns)}
        named = [n for n in dict.fromkeys(_names(layout.get("order"))) if n in sections]
        for visual, name in enumerate(named):
            header.moveSection(header.visualIndex(sections[name]), visual)
        widths = layout.get("widths")
        for name, width in (widths.items() if isinstance(widths, dict) else ()):
            if name in sections and isinstance(width, int) and width > 0:
                header.resizeSection(sections[name], width)
        hidden = set(_names(layout.get("hidden")))
        for name in named:
            header.setSectionHidden(sections[name], name in hidden)

    def save(self, settings: Settings) -> None:
        name = self.spec.name
        state = self.state()
        settings.set_table_json(name, "header", self.header_layout())
        settings.set_table(name, "sort", ",".join(str(k) for k in state.sort))
        settings.set_table(name, "search", state.search)
        settings.set_table_json(name, "filters", [str(f) for f in self.own_filters(state)])
        settings.set_table_json(name, "facets", {column: list(values)
                                                 for column, values in state.facets})

    @staticmethod
    def own_filters(state: PageState) -> list[Filter]:
        """The chips the settings keep: what the user built, not where a link took them.

        A followed link's chips are navigation, like Back's history (which is not saved
        either): a restart does not bring them back, unless the user built on them (see
        :meth:`_follow_own_filters`), which made them the user's own.
        """
        return [f for f in state.filters if f not in state.followed]

    def restore(self, settings: Settings) -> None:
        name = self.spec.name
        self.apply_header_layout(settings.table_json(name, "header"))
        filters = []
        for text in settings.table_json(name, "filters"):
            try:
                filters.append(parse_filter(text))
            except QueryError:
                continue  # a saved filter this version cannot read is dropped, not fatal
        facets = settings.table_json(name, "facets")
        self.apply_state(PageState(
            filters=tuple(filters),
            facets=tuple((column, tuple(values)) for column, values in facets.items()),
            search=settings.table(name, "search") or "",
            sort=parse_sort(settings.table(name, "sort") or "")))


def _names(value: object) -> list[str]:
    """The column names in a saved JSON list; anything else names none."""
    return [n for n in value if isinstance(n, str)] if isinstance(value, list) else []


_OUR_CLIPBOARD = False


def release_clipboard() -> None:
    """Hand our rows on the clipboard over to Qt as plain text before Python shuts down.

    The clipboard outlives the interpreter; if it still held the QMimeData we made in
    Python, Qt would delete it after Python is gone and crash the process on exit.
    """
    global _OUR_CLIPBOARD
    if _OUR_CLIPBOARD:
        clipboard = QGuiApplication.clipboard()
        clipboard.setText(clipboard.text())
        _OUR_CLIPBOARD = False


def _tsv_cell(kind: Kind, value) -> str:
    value = spreadsheet_cell(kind, value)  # the same cell the CSV export writes
    return "" if value is None else " ".join(str(value).split())  # no tabs or newlines inside
