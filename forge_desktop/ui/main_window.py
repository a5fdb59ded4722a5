"""The explorer window: facets | tables | detail, a search box, menus and a status line."""

from __future__ import annotations

import logging
import os
import sys
import threading
from collections.abc import Callable, Mapping
from contextlib import suppress
from dataclasses import dataclass, replace
from importlib import import_module
from itertools import pairwise
from typing import TYPE_CHECKING

from PySide6.QtCore import QCoreApplication, QEvent, QObject, Qt, QThread, QTimer, Signal
from PySide6.QtGui import QAction, QActionGroup, QCloseEvent, QKeySequence, QShortcut, QUndoCommand, QUndoStack
from PySide6.QtWidgets import (
    QDialog,
    QDockWidget,
    QInputDialog,
    QLabel,
    QLineEdit,
    QMainWindow,
    QMenu,
    QMessageBox,
    QSplitter,
    QStackedWidget,
    QStatusBar,
    QTabWidget,
    QToolBar,
    QWidget,
)
from sqlalchemy import Engine
from sqlalchemy.exc import SQLAlchemyError
from sqlalchemy.orm import Session

from ..core import columnar, database, formatting
from ..core.changes import AUTHOR_ENV, current_author
from ..core.column_stats import STATISTICS_KINDS
from ..core.columns import ALL_TABLES, SOURCES, TABLES, Kind, TableSpec
from ..core.editing import EditResult, delete_record
from ..core.errors import ForgeError
from ..core.query import NO_VALUE, AnyOf, Filter, Op
from ..core.records import Link, record_detail, source_detail
from ..core.stored_records import dependents
from ..core.undo import last_import, undo_change_set, undo_last_import
from . import help_text
from .change_watch import ChangeWatch, RefreshButton
from .changes_view import ChangesView
from .column_stats import StatisticsDialog, ValueCountsDialog
from .detail import DetailPane
from .elided_label import ElidedLabel
from .export_dialog import FILTERED, SELECTED, ExportDialog, ExportJob, ExportRunner
from .import_dialog import ImportDialog
from .labels import column_label, table_label
from .record_form import DUPLICATE, EDIT, NEW, RecordForm
from .saved_views import SavedViewsMenu
from .settings import THEMES, Settings
from .table_page import PageState, TablePage, records_target, release_clipboard
from .worker import QueryRunner

if TYPE_CHECKING:
    from .chart import ChartPanel
    from .pivot import PivotPanel

log = logging.getLogger(__name__)

SEARCH_DELAY_MS = 250
DEFAULT_SPLIT = (220, 330)  # widths of the facets and of the detail; the tables take the rest


@dataclass(frozen=True)
class Place:
    """Where the user was: the table shown, the state of every table and the record
    selected. Every table's, because a link puts its chips on the table it goes to: Back
    takes them off again, as it brings back the table the user came from."""

    table: str
    states: Mapping[str, PageState]
    record_id: str | None


def filter_words(spec: TableSpec, item: Filter) -> str:
    """A filter as a person reads it: ``Stage = Funded``, ``Agency in EXIM, DFC``."""
    if isinstance(item, AnyOf):
        return " or ".join(filter_words(spec, c) for c in item.conditions)
    column = spec.get(item.column)
    label = column_label(column) if column is not None else item.column
    if item.op in NO_VALUE:
        return f"{label} {item.op.value}"
    values = item.value if isinstance(item.value, tuple) else (item.value or "",)
    if column is not None and column.kind is Kind.CATEGORY:
        values = tuple(formatting.label(v) for v in values)
    if item.op is Op.BETWEEN:
        return f"{label} between {values[0]} and {values[-1]}"
    op = Op.EQ if item.op is Op.IN and len(values) == 1 else item.op  # one facet value
    return f"{label} {op.value} {', '.join(values)}"


def _elided(text: str, width: int = 48) -> str:
    return text if len(text) <= width else text[: width - 1] + "…"


class ChangeSetCommand(QUndoCommand):
    """One change set of yours on Edit → Undo/Redo. Undo takes it back through the change
    log (a new change set); redo takes that one back. The first redo is the save itself."""

    def __init__(self, window: MainWindow, change_set: int, text: str):
        super().__init__(text)
        self.window, self.standing, self._pushed = window, change_set, False

    def _take_back(self) -> None:
        written = self.window.take_back(self.standing)
        if written is not None:
            self.standing = written

    def redo(self) -> None:
        if not self._pushed:  # push() calls redo(): the change is already written
            self._pushed = True
            return
        self._take_back()

    def undo(self) -> None:
        self._take_back()


class _ChartImport(QThread):
    """Imports the chart's modules off the UI thread once the first rows show: pyqtgraph and
    numpy take longer to import than the rest of the window takes to show its rows
    (BENCHMARKS.md, "Launch"), and the window stays responsive meanwhile."""

    def run(self) -> None:
        import_module(".chart", __package__)


def _call_soon(owner: QObject, then: Callable[[], object]) -> None:
    """Call *then* from the event loop, unless *owner* is gone by then. The timer is the
    owner's child and dies with it; ``QTimer.singleShot(0, window.method)`` would still call
    into a window deleted meanwhile (a window test run crashed on one)."""
    timer = QTimer(owner, singleShot=True, interval=0)
    timer.timeout.connect(then)
    timer.timeout.connect(timer.deleteLater)
    timer.start()


class _AfterNextPaint(QObject):
    """Calls *then* once, just after *widget* next paints."""

    def __init__(self, widget: QWidget, then):
        super().__init__(widget)
        self._then = then
        widget.installEventFilter(self)

    def eventFilter(self, watched, event) -> bool:
        if event.type() == QEvent.Type.Paint:
            watched.removeEventFilter(self)
            _call_soon(watched, self._then)  # queued: the paint itself goes first
            self.deleteLater()
        return False


class MainWindow(QMainWindow):
    themeChosen = Signal(str)  # View → Theme: one of settings.THEMES (the app applies it)
    # Once, when the table on screen has painted its first answer: the chart loads then, and
    # the app lets the work that waited (other tables, facet counts) go (app.PendingRunner).
    rowsShown = Signal()
    # From the thread preparing the columnar mirror (prepare_analytics): a build of this many
    # records began; the mirror is ready (or there is none: None).
    analyticsBuilding = Signal(int)
    analyticsReady = Signal(object)

    def __init__(self, engine: Engine | None, settings: Settings | None = None,
                 runner: QueryRunner | None = None):
        """*engine*: None while the app opens the database; its *runner* waits until then."""
        super().__init__()
        self.engine = engine
        self.settings = settings or Settings()
        self.setObjectName("mainWindow")
        self.setAccessibleName(self.tr("FORGE Desktop"))
        self.setWindowTitle(self.tr("FORGE Desktop — critical minerals 2026"))
        self.runner = runner or QueryRunner(engine, self)
        self.runner.setParent(self)
        self.read_only: str | None = None  # why this login may not write (set_read_only)
        self.back_stack: list[Place] = []
        self.forward_stack: list[Place] = []
        # The table and state an Esc left filters in: Esc again, with nothing changed, clears all.
        self._escape_left: tuple[str, PageState] | None = None
        self._value_counts_dialog: ValueCountsDialog | None = None  # made when first asked for
        self._statistics_dialog: StatisticsDialog | None = None

        # The record tables, then the sources they rest on (read-only here).
        self.pages = {name: TablePage(spec, self.runner) for name, spec in ALL_TABLES.items()}
        self.tabs = QTabWidget()
        self.tabs.setDocumentMode(True)
        self.facet_stack = QStackedWidget()
        self.facet_stack.setObjectName("facetPanel")
        self.facet_stack.setAccessibleName(self.tr("Facets"))
        for page in self.pages.values():
            self.tabs.addTab(page, table_label(page.spec))
            self.facet_stack.addWidget(page.facets)
            page.statusChanged.connect(self._page_status)
            page.selectionSummaryChanged.connect(self._page_selection)
            page.currentRecordChanged.connect(self._show_record)
            page.searchReset.connect(self.sync_search_box)
            page.copied.connect(self._copied)
            page.statsRequested.connect(lambda column, p=page: self.show_column_stats(p, column))
        self.pages[SOURCES.name].view.doubleClicked.connect(self._source_activated)
        self.detail = DetailPane()
        self.detail.linkActivated.connect(self.follow)
        self.detail.editRequested.connect(self.edit_record)
        author = self.settings.get("edit/author")
        if author:  # Edit → Your name in the change log
            os.environ[AUTHOR_ENV] = author

        # The chart follows the financing table wherever the user is, and drives it. Its
        # panel is made once the first rows show (_load_chart); its dock holds the place.
        financing = self.pages["financing"]
        self._chart: ChartPanel | None = None
        self._chart_import: _ChartImport | None = None
        self._closed = False
        self._rows_shown = False  # the first answer of the table on screen is being shown
        self.chart_dock = QDockWidget(self.tr("Committed USD"), self)
        self.chart_dock.setObjectName("chartDock")
        self.chart_dock.setWidget(QLabel(self.tr("Loading the chart…"),
                                         alignment=Qt.AlignmentFlag.AlignCenter))
        self.chart_dock.setFeatures(QDockWidget.DockWidgetFeature.DockWidgetClosable
                                    | QDockWidget.DockWidgetFeature.DockWidgetMovable
                                    | QDockWidget.DockWidgetFeature.DockWidgetFloatable)
        self.addDockWidget(Qt.DockWidgetArea.BottomDockWidgetArea, self.chart_dock)
        self._chart_stale = False  # the query changed while the chart was closed
        self.chart_dock.visibilityChanged.connect(self._chart_dock_shown)
        # The change log (View → Changes), a tab beside the chart; it reads the log when shown.
        self.changes_view = ChangesView(self.runner)
        self.changes_view.recordChosen.connect(self._show_changed_record)
        self.changes_view.undone.connect(self._change_set_undone)
        self.changes_view.message.connect(lambda text: self.statusBar().showMessage(text, 10000))
        self.changes_dock = QDockWidget(self.tr("Changes"), self)
        self.changes_dock.setObjectName("changesDock")
        self.changes_dock.setWidget(self.changes_view)
        self.changes_dock.setFeatures(self.chart_dock.features())
        self.addDockWidget(Qt.DockWidgetArea.BottomDockWidgetArea, self.changes_dock)
        self.tabifyDockWidget(self.chart_dock, self.changes_dock)
        self.changes_dock.hide()
        # The pivot (View → Pivot table), a tab beside the chart: made when first shown, it
        # follows the records table on screen and filters it to a cell on a double-click.
        self._pivot: PivotPanel | None = None
        self._pivot_table = "financing"
        self.pivot_dock = QDockWidget(self.tr("Pivot table"), self)
        self.pivot_dock.setObjectName("pivotDock")
        self.pivot_dock.setWidget(QLabel(self.tr("Loading the pivot…"),
                                         alignment=Qt.AlignmentFlag.AlignCenter))
        self.pivot_dock.setFeatures(self.chart_dock.features())
        self.addDockWidget(Qt.DockWidgetArea.BottomDockWidgetArea, self.pivot_dock)
        self.tabifyDockWidget(self.chart_dock, self.pivot_dock)
        self.pivot_dock.hide()
        self.pivot_dock.visibilityChanged.connect(self._pivot_follows)
        for page in self.pages.values():  # a new sort alone changes no count: only the rows
            page.queryChanged.connect(lambda p=page: p.sort_only or self._pivot_follows(recount=True))
        financing.queryChanged.connect(lambda: financing.sort_only or self._chart_follows())
        # The status line sums conditional money as the chart was last told to (its saved
        # option, ChartPanel.SETTINGS), before the chart is made too.
        financing.set_include_conditional(self.settings.typed("chart/conditional", True))
        for page in self.pages.values():
            page.model.countChanged.connect(lambda total, p=page: self._rows_answered(p, total))

        self.splitter = QSplitter(Qt.Orientation.Horizontal)
        self.splitter.addWidget(self.facet_stack)
        self.splitter.addWidget(self.tabs)
        self.splitter.addWidget(self.detail)
        for index, stretch in enumerate((0, 1, 0)):  # the table takes what the window gains
            self.splitter.setStretchFactor(index, stretch)
        self._split_restored = False
        self.splitter.setChildrenCollapsible(False)
        self.setCentralWidget(self.splitter)

        self.search_box = QLineEdit()
        self.search_box.setObjectName("searchBox")
        self.search_box.setAccessibleName(self.tr("Search"))
        self.search_box.setPlaceholderText(self.tr("Search English or Russian (Ctrl+F)"))
        self.search_box.setClearButtonEnabled(True)
        self.search_box.setMinimumWidth(320)
        self._search_timer = QTimer(self, singleShot=True, interval=SEARCH_DELAY_MS)
        self._search_timer.timeout.connect(self._apply_search)
        self.search_box.textEdited.connect(lambda _t: self._search_timer.start())
        self.search_box.returnPressed.connect(self._apply_search)

        status = QStatusBar()
        status.setObjectName("statusBar")
        status.setAccessibleName(self.tr("Status"))
        self.status_label = ElidedLabel()
        status.addWidget(self.status_label, 1)
        # What the selected rows add up to, as a spreadsheet shows it: right, never cut.
        self.selection_label = QLabel()
        self.selection_label.setObjectName("selectionSummary")
        self.selection_label.setAccessibleName(self.tr("Selection"))
        status.addPermanentWidget(self.selection_label)
        self.read_only_label = QLabel(self.tr("Read only"))  # shown for a reader's login
        self.read_only_label.setObjectName("readOnly")
        self.read_only_label.hide()
        status.addPermanentWidget(self.read_only_label)
        self.setStatusBar(status)

        self._build_actions()
        self._set_tab_order()
        # Others writing to the same database: an offer to refresh in the status line.
        self.refresh_button = RefreshButton()
        status.addPermanentWidget(self.refresh_button)
        self.change_watch = ChangeWatch(self.runner, self)
        self.change_watch.othersChanged.connect(self.refresh_button.offer)
        self.refresh_button.clicked.connect(self.refresh_others_changes)
        self.change_watch.start()
        self.runner.faultMet.connect(self._database_fault)
        self._fault_box: QMessageBox | None = None  # the fault on screen, if one is
        self.analyticsBuilding.connect(self._analytics_building, Qt.ConnectionType.QueuedConnection)
        self.analyticsReady.connect(self._analytics_ready, Qt.ConnectionType.QueuedConnection)
        if engine is not None:
            self.prepare_analytics(engine)
        self.tabs.currentChanged.connect(self._tab_changed)
        self._restore()

    # ------------------------------------------------------------------ menus, keys

    def _action(self, menu, text: str, slot, shortcut=None, tip: str | None = None) -> QAction:
        action = QAction(text, self)
        if shortcut is not None:
            action.setShortcut(QKeySequence(shortcut))
        if tip:
            action.setStatusTip(tip)
        action.triggered.connect(slot)
        menu.addAction(action)
        self.addAction(action)
        return action

    def _build_actions(self) -> None:
        bar = self.menuBar()
        file = bar.addMenu(self.tr("&File"))
        self.export_action = self._action(file, self.tr("&Export…"), self.export_rows, "Ctrl+E",
                                          self.tr("Export the selected or filtered rows"))
        self.import_action = self._action(file, self.tr("&Import…"), self.import_records, "Ctrl+I",
                                          self.tr("Add records from a CSV, XLSX or JSON file"))
        file.addSeparator()
        self._action(file, self.tr("&Quit"), self.close, QKeySequence.StandardKey.Quit)

        edit = bar.addMenu(self.tr("&Edit"))
        self.copy_action = self._action(edit, self.tr("&Copy rows"), self.copy_rows,
                                        QKeySequence.StandardKey.Copy,
                                        self.tr("Copy the selected rows as TSV with a header"))
        self.copy_cell_action = self._action(
            edit, self.tr("Copy c&ell"), self.copy_cell, "Ctrl+Shift+C",
            self.tr("Copy the current cell (a number as its plain value)"))
        self._action(edit, self.tr("&Find"), self.focus_search, QKeySequence.StandardKey.Find)
        self._action(edit, self.tr("Clear search and &filters"), self.clear_current)
        edit.addSeparator()
        # Your changes of this session (a change set each), undone and redone through the log.
        self.undo_stack = QUndoStack(self)
        undo_action = self.undo_stack.createUndoAction(self, self.tr("&Undo"))
        undo_action.setShortcut(QKeySequence.StandardKey.Undo)
        redo_action = self.undo_stack.createRedoAction(self, self.tr("&Redo"))
        redo_action.setShortcuts([QKeySequence("Ctrl+Shift+Z"), QKeySequence.StandardKey.Redo])
        for action in (undo_action, redo_action):
            edit.addAction(action)
            self.addAction(action)
        edit.addSeparator()
        self.new_record_action = self._action(edit, self.tr("&New record…"), self.new_record,
                                              QKeySequence.StandardKey.New,
                                              self.tr("Add a record to this table, with its source"))
        self.edit_record_action = self._action(edit, self.tr("&Edit record…"), self.edit_record, "F2",
                                               self.tr("Correct the selected record"))
        self.duplicate_record_action = self._action(
            edit, self.tr("D&uplicate record…"), self.duplicate_record, "Ctrl+D",
            self.tr("A new record that starts as a copy of the selected one"))
        self.delete_record_action = self._action(edit, self.tr("&Delete record…"), self.delete_record,
                                                 QKeySequence.StandardKey.Delete,
                                                 self.tr("Delete the selected record"))
        self._action(edit, self.tr("Your &name in the change log…"), self.ask_author)
        edit.addSeparator()
        self.undo_import_action = self._action(edit, self.tr("&Undo last import"), self.undo_import)
        edit.setToolTipsVisible(True)  # the undo action's tooltip says why it is disabled
        self.update_undo_import()

        view = bar.addMenu(self.tr("&View"))
        for i, name in enumerate(self.pages):
            self._action(view, table_label(ALL_TABLES[name]),
                         lambda _=False, n=name: self.show_table(n), f"Ctrl+{i + 1}")
        self._action(view, self.tr("&Next table"), self.next_table, "Ctrl+Tab")
        self._action(view, self.tr("Previous table"), self.previous_table, "Ctrl+Shift+Tab")
        self._action(view, self.tr("Next &pane"), self.next_pane, "F6",
                     self.tr("Move between the search, the table, the detail and the chart"))
        self._action(view, self.tr("Previous pane"), self.previous_pane, "Shift+F6")
        view.addSeparator()
        self.back_action = self._action(view, self.tr("&Back"), self.back, "Alt+Left")
        self.forward_action = self._action(view, self.tr("&Forward"), self.forward, "Alt+Right")
        view.addSeparator()
        chart_action = self.chart_dock.toggleViewAction()
        chart_action.setText(self.tr("&Chart"))
        chart_action.setShortcut(QKeySequence("Ctrl+G"))
        view.addAction(chart_action)
        changes_action = self.changes_dock.toggleViewAction()
        changes_action.setText(self.tr("C&hanges"))
        changes_action.setShortcut(QKeySequence("Ctrl+Shift+H"))
        changes_action.setStatusTip(self.tr("The change log: every import, edit, deletion and undo"))
        changes_action.triggered.connect(lambda shown: shown and self.changes_dock.raise_())
        view.addAction(changes_action)
        pivot_action = self.pivot_dock.toggleViewAction()
        pivot_action.setText(self.tr("&Pivot table"))
        pivot_action.setShortcut(QKeySequence("Ctrl+Shift+P"))
        pivot_action.setStatusTip(self.tr("Rows × columns of the table on screen, with totals; "
                                          "double-click a cell to show its records"))
        pivot_action.triggered.connect(lambda shown: shown and self.pivot_dock.raise_())
        view.addAction(pivot_action)
        self._action(view, self.tr("E&xport chart…"), lambda: self.chart.export_dialog())
        view.addSeparator()
        self.theme_actions = self._theme_menu(view.addMenu(self.tr("&Theme")))
        view.addSeparator()
        self.saved_views = SavedViewsMenu(self, self)  # Save current view (Ctrl+Shift+S) …
        view.addMenu(self.saved_views)
        view.addSeparator()
        self._action(view, self.tr("&Reset layout"), self.reset_layout)

        help_menu = bar.addMenu(self.tr("&Help"))
        self._action(help_menu, self.tr("&Help"), self.show_help, QKeySequence.StandardKey.HelpContents)
        self._action(help_menu, self.tr("&About FORGE Desktop"), self.show_about)

        toolbar = QToolBar(self.tr("Navigation"))
        toolbar.setObjectName("toolbar")
        toolbar.setMovable(False)
        toolbar.addAction(self.back_action)
        toolbar.addAction(self.forward_action)
        toolbar.addSeparator()
        toolbar.addWidget(self.search_box)
        toolbar.addSeparator()
        toolbar.addAction(self.export_action)
        toolbar.addAction(self.import_action)
        self.addToolBar(toolbar)
        self._update_history_actions()

        escape = QShortcut(QKeySequence(Qt.Key.Key_Escape), self)
        escape.activated.connect(self.escape)
        for page in self.pages.values():
            enter = QShortcut(QKeySequence(Qt.Key.Key_Return), page.view)
            enter.setContext(Qt.ShortcutContext.WidgetShortcut)
            enter.activated.connect(self.detail.setFocus)
            page.view.setContextMenuPolicy(Qt.ContextMenuPolicy.CustomContextMenu)
            page.view.customContextMenuRequested.connect(self._table_menu)

    def _theme_menu(self, menu: QMenu) -> dict[str, QAction]:
        """System, Light, Dark, the saved one checked: choosing one keeps it in the settings
        and asks the app to colour everything in it (themeChosen)."""
        names = {"system": self.tr("&System"), "light": self.tr("&Light"), "dark": self.tr("&Dark")}
        group = QActionGroup(self)
        saved = self.settings.get("window/theme")
        actions = {}
        for theme in THEMES:
            action = QAction(names[theme], group, checkable=True)
            action.setChecked(theme == saved or (theme == "system" and saved not in THEMES))
            action.triggered.connect(lambda _=False, t=theme: self._choose_theme(t))
            menu.addAction(action)
            actions[theme] = action
        return actions

    def _choose_theme(self, theme: str) -> None:
        self.settings.set("window/theme", theme)
        self.themeChosen.emit(theme)

    def _table_menu(self, pos) -> None:
        menu = self.table_menu()
        menu.exec(self.page.view.viewport().mapToGlobal(pos))
        menu.deleteLater()

    def table_menu(self) -> QMenu:
        """The table's context menu on the current cell (the right-click made the cell under
        it current): copy it, filter by its value or leave the value out; then the rows."""
        menu = QMenu(self)
        selected = self.page.selected_count() > 0
        self._add_source_actions(menu)
        menu.addAction(self.copy_cell_action)
        self._add_value_filters(menu)
        menu.addSeparator()
        menu.addAction(self.copy_action)
        export_selected = menu.addAction(self.tr("Export selected rows…"),
                                         lambda: self.export_rows(scope=SELECTED))
        export_selected.setEnabled(selected)
        menu.addAction(self.tr("Export all filtered rows…"), lambda: self.export_rows(scope=FILTERED))
        return menu

    def _add_value_filters(self, menu: QMenu) -> None:
        """"Filter by this value" and "Exclude this value", each saying the chip it adds; a
        list cell holding several values offers each in a submenu."""
        page = self.page
        cell = page.cell_filters()
        for title, pick in ((self.tr("Filter by this value"), 1), (self.tr("Exclude this value"), 2)):
            choices = [(entry[0], entry[pick]) for entry in cell if entry[pick] is not None]
            if len(choices) == 1:
                condition = choices[0][1]
                menu.addAction(f"{title}\t{_elided(str(condition), 36)}",
                               lambda c=condition: page.add_filter(c))
            elif choices:
                submenu = menu.addMenu(title)
                for text, condition in choices:
                    submenu.addAction(_elided(text) or self.tr("(empty)"),
                                      lambda c=condition: page.add_filter(c))
            else:  # no cell, or a value the column's operators cannot leave out
                menu.addAction(title).setEnabled(False)

    # ------------------------------------------------------------------ tables

    @property
    def page(self) -> TablePage:
        return self.tabs.currentWidget()

    def show_table(self, name: str) -> None:
        self.tabs.setCurrentWidget(self.pages[name])

    def next_table(self) -> None:
        self.tabs.setCurrentIndex((self.tabs.currentIndex() + 1) % self.tabs.count())

    def previous_table(self) -> None:
        self.tabs.setCurrentIndex((self.tabs.currentIndex() - 1) % self.tabs.count())

    def _tab_changed(self, _index: int) -> None:
        page = self.page
        page.activate()
        self.facet_stack.setCurrentWidget(page.facets)
        self.sync_search_box()
        self.status_label.setText(page.status_text)
        self.selection_label.setText(page.selection_text)
        records = page.spec.name in TABLES  # the sources are read here, not edited (yet)
        for action in (self.new_record_action, self.edit_record_action,
                       self.duplicate_record_action, self.delete_record_action):
            action.setEnabled(records and self.read_only is None)
        self._show_record(page.spec.name, page.current_id() or "")
        self._pivot_follows()

    def _page_status(self, text: str) -> None:
        if self.sender() is self.page:
            self.status_label.setText(text)

    def _page_selection(self, text: str) -> None:
        if self.sender() is self.page:
            self.selection_label.setText(text)

    # ------------------------------------------------------------------ search

    def focus_search(self) -> None:
        self.search_box.setFocus()
        self.search_box.selectAll()

    def _apply_search(self) -> None:
        self._search_timer.stop()
        self.page.set_search(self.search_box.text().strip())

    def sync_search_box(self) -> None:
        if self.search_box.text() != self.page.search:
            self.search_box.setText(self.page.search)

    def escape(self) -> None:
        """Esc undoes a step at a time: the search first; then the filter set last (a chip,
        the chart's among them, or a facet's choice), saying which; pressed again straight
        after, every filter left; with none left, the selection."""
        page = self.page
        if self.search_box.text() or page.search:
            self.search_box.clear()
            self._apply_search()
            return
        if self._escape_left == (page.spec.name, page.state()) and page.has_filters():
            page.clear_all()
            self._escape_left = None
            self.statusBar().showMessage(self.tr("Cleared all filters"), 8000)
            return
        cleared = page.clear_last_filter()
        if cleared is None:
            page.view.clearSelection()
            return
        words = filter_words(page.spec, cleared)
        if page.has_filters():
            self._escape_left = (page.spec.name, page.state())
            text = self.tr("Cleared filter {0} — Esc again clears all").format(words)
        else:
            text = self.tr("Cleared filter {0}").format(words)
        self.statusBar().showMessage(text, 8000)

    # ------------------------------------------------------------------ focus

    def _set_tab_order(self) -> None:
        """Tab goes as a reader works: the search, the table, the detail, then the chart
        (the table view of each page in turn: only the one shown takes the focus; the chart
        joins the chain when it is made)."""
        chain: list[QWidget] = [self.search_box, *(p.view for p in self.pages.values()),
                                self.detail]
        for first, second in pairwise(chain):
            QWidget.setTabOrder(first, second)

    def panes(self) -> list[tuple[QWidget, QWidget]]:
        """What F6 cycles through, in order, as (what holds the pane, what takes the focus):
        the search, the table, the detail and the chart while it shows."""
        panes: list[tuple[QWidget, QWidget]] = [(self.search_box, self.search_box),
                                                (self.tabs, self.page.view),
                                                (self.detail, self.detail)]
        if self.chart_dock.isVisible():
            panes.append((self.chart_dock, self.chart.view_box))
        return panes

    def next_pane(self, *_args, step: int = 1) -> None:
        """Focus the next pane (*step* -1: the previous), as F6 does in a browser."""
        panes = self.panes()
        focus = self.focusWidget()
        here = next((i for i, (holder, _target) in enumerate(panes)
                     if focus is not None and (focus is holder or holder.isAncestorOf(focus))),
                    -1 if step > 0 else len(panes))
        target = panes[(here + step) % len(panes)][1]
        if target is self.search_box:
            self.focus_search()
        else:
            target.setFocus(Qt.FocusReason.ShortcutFocusReason)

    def previous_pane(self) -> None:
        self.next_pane(step=-1)

    # ------------------------------------------------------------------ chart

    @property
    def value_counts_dialog(self) -> ValueCountsDialog:
        if self._value_counts_dialog is None:  # not at start: the window shows sooner
            self._value_counts_dialog = ValueCountsDialog(self.runner, self)
            self._value_counts_dialog.valueChosen.connect(self.filter_by)
        return self._value_counts_dialog

    @property
    def statistics_dialog(self) -> StatisticsDialog:
        if self._statistics_dialog is None:
            self._statistics_dialog = StatisticsDialog(self.runner, self)
        return self._statistics_dialog

    @property
    def chart(self) -> ChartPanel:
        """The chart panel; made now if the window has not made it yet."""
        if self._chart is None:
            self._make_chart()
        assert self._chart is not None
        return self._chart

    def _rows_answered(self, page: TablePage, total: int) -> None:
        """The table on screen has its first answer: once its rows are painted, say so."""
        if page is not self.page or self._rows_shown:
            return
        self._rows_shown = True
        if total:
            _AfterNextPaint(page.view.viewport(), self._first_rows_painted)
        else:
            _call_soon(self, self._first_rows_painted)

    def _first_rows_painted(self) -> None:
        self.rowsShown.emit()
        if self.chart_dock.isVisible():  # a chart the user closed costs nothing until shown
            self._load_chart()

    def _chart_dock_shown(self, visible: bool) -> None:
        if not visible or not self._rows_shown:
            return
        if self._chart is None:
            self._load_chart()
        elif self._chart_stale:
            self._chart_follows()

    def _load_chart(self) -> None:
        """Import the chart's modules in a thread, then make the panel (once; not for a
        window closed meanwhile: a thread must not outlive it)."""
        if self._chart is None and f"{__package__}.chart" in sys.modules:
            _call_soon(self, self._chart_imported)  # imported already (another window)
        elif self._chart is None and self._chart_import is None and not self._closed:
            self._chart_import = _ChartImport(self)
            self._chart_import.finished.connect(self._chart_imported)
            self._chart_import.start()

    def _chart_imported(self) -> None:
        if self._chart is None and not self._closed:
            self._make_chart()

    def _make_chart(self) -> None:
        from .chart import ChartPanel

        financing = self.pages["financing"]
        chart = self._chart = ChartPanel(self.runner)
        placeholder = self.chart_dock.widget()
        self.chart_dock.setWidget(chart)
        placeholder.deleteLater()
        financing.view.selectionModel().selectionChanged.connect(
            lambda *_: chart.set_selection(financing.selected_ids()))
        financing.model.modelReset.connect(lambda: chart.set_selection(()))
        chart.barClicked.connect(self._chart_clicked)
        chart.recordClicked.connect(self._timeline_clicked)
        chart.view_box.currentIndexChanged.connect(self._title_chart)
        # The status line sums conditional money in or leaves it out as the chart does.
        chart.conditional_box.toggled.connect(lambda _on: financing.set_include_conditional(
            chart.options().include_conditional))
        chart.restore(self.settings)
        QWidget.setTabOrder(self.detail, chart.view_box)
        self._title_chart()
        self._chart_follows()
        chart.set_selection(financing.selected_ids())

    def _chart_follows(self) -> None:
        if self._chart is None:
            return  # the chart reads the query when it is made
        self._chart_stale = not self.chart_dock.isVisible()
        if self._chart_stale:
            return  # a closed chart asks for no totals: it catches up when shown again
        financing = self.pages["financing"]
        selected = None
        if financing.chart_filters:
            first = financing.chart_filters[0]
            selected = first.value if first.op == Op.EQ else None
        self._chart.set_query(financing.build_query(without_chart=True), selected)

    def _title_chart(self, *_args) -> None:
        self.chart_dock.setWindowTitle(self.tr("Committed USD — {0}").format(
            self.chart.view_box.currentText().lower()))

    def _chart_clicked(self, conditions) -> None:
        self.show_table("financing")
        self.pages["financing"].set_chart_filter(conditions)

    def _timeline_clicked(self, record_id: str) -> None:
        """A record on the timeline: select it in the financing table (once its page holds it)."""
        self.show_table("financing")
        financing = self.pages["financing"]
        if not financing.select_record(record_id):
            financing.select_when_loaded(record_id)
            financing.refresh()

    def clear_current(self) -> None:
        self.page.clear_all()

    # ------------------------------------------------------------------ pivot

    @property
    def pivot(self) -> PivotPanel:
        if self._pivot is None:
            from .pivot import PivotPanel

            panel = self._pivot = PivotPanel(self.runner)
            placeholder = self.pivot_dock.widget()
            self.pivot_dock.setWidget(panel)
            placeholder.deleteLater()
            panel.drillRequested.connect(self._pivot_drilled)
            panel.restore(self.settings)
        return self._pivot

    def _pivot_follows(self, *_args, recount: bool = False) -> None:
        """The pivot counts the records table on screen (the last one, on the sources),
        without the chips its own cells or the chart added; a closed pivot counts nothing.
        *recount*: the table's query was rebuilt (its filters or its data changed)."""
        if not self.pivot_dock.isVisible():
            return
        if self.page.spec.name in TABLES:
            self._pivot_table = self.page.spec.name
        self.pivot.set_query(self.pages[self._pivot_table].build_query(without_chart=True), recount=recount)

    def _pivot_drilled(self, conditions, name: str) -> None:
        table = self.pivot.table
        self.show_table(table)
        self.pages[table].set_chart_filter(conditions, self.tr("Pivot: {0}").format(name))

    # ------------------------------------------------------------------ a column's values

    def show_column_stats(self, page: TablePage, column: str) -> QDialog:
        """The statistics of a money or number column, else its value counts, under the
        page's filters (counted in the worker; the dialog says so meanwhile)."""
        spec = page.spec.get(column)
        dialog = (self.statistics_dialog if spec.kind in STATISTICS_KINDS
                  else self.value_counts_dialog)
        dialog.count(page.build_query(), spec)
        return dialog

    def filter_by(self, table: str, condition: Filter) -> None:
        """Show *table* with *condition* added as its last chip (a value picked in its counts)."""
        self.show_table(table)
        self.pages[table].add_filter(condition)

    # ------------------------------------------------------------------ detail

    def _show_record(self, table: str, record_id: str) -> None:
        if table != self.page.spec.name:
            return
        self.runner.cancel("detail")  # the record shown before is not wanted any more
        if not record_id:
            self.detail.show_empty(self.tr("Select a source to read it whole, with links to the "
                                           "records resting on it; double-click it to show them.")
                                   if table == SOURCES.name else None)
            return
        translate = QCoreApplication.translate
        read = ((lambda s: source_detail(s, record_id, translate)) if table == SOURCES.name
                else (lambda s: record_detail(s, table, record_id, translate)))
        self.runner.submit(read, self._detail_loaded, self._detail_failed, key="detail")

    def _detail_failed(self, error: BaseException) -> None:
        self.detail.show_empty(self.tr("This record could not be read: {0}").format(str(error)))

    def _detail_loaded(self, detail) -> None:
        if detail is None:
            self.detail.show_empty(self.tr("This record no longer exists."))
        else:
            self.detail.show_detail(detail, self.pages[detail.table].search)

    # ------------------------------------------------------------------ navigation

    def _here(self) -> Place:
        page = self.page
        return Place(page.spec.name, {name: p.state() for name, p in self.pages.items()},
                     page.current_id())

    def _go(self, place: Place) -> None:
        page = self.pages[place.table]
        self.show_table(place.table)
        for name, state in place.states.items():
            if name != place.table and self.pages[name].state() != state:
                self.pages[name].apply_state(state)
        page.select_when_loaded(place.record_id)
        page.apply_state(place.states[place.table])
        self.sync_search_box()

    def follow(self, link: Link) -> None:
        """Go where a detail link points: its query, as filter chips; Back returns here and
        takes the chips off again."""
        here = self._here()
        self.back_stack.append(here)
        self.forward_stack.clear()
        states = {**here.states, link.table: PageState.showing(link.query())}
        self._go(Place(link.table, states, link.record_id))
        self._update_history_actions()

    def show_source_records(self, source_id: str, table: str) -> None:
        """Show the records of *table* resting on *source_id* (as their main source or
        another): the table's source facet chooses it, in place of the table's filters and
        search (its sort stays). Back returns here."""
        here = self._here()
        self.back_stack.append(here)
        self.forward_stack.clear()
        state = replace(here.states[table], filters=(), facets=(("sources", (source_id,)),),
                        search="", followed=())
        self._go(Place(table, {**here.states, table: state}, None))
        self._update_history_actions()
        panel = self.pages[table].facets
        panel.ensureWidgetVisible(panel.facets["sources"])

    def _source_activated(self, *_args) -> None:
        """A double-click on a source: the records resting on it (see records_target)."""
        found = self.pages[SOURCES.name].current_source()
        if found is not None:
            self.show_source_records(found[0], records_target(found[1]))

    def _add_source_actions(self, menu: QMenu) -> None:
        """On a source: "Show records from this source" (where most of them are), and each
        record table with how many of its records rest on the source."""
        found = self.page.current_source()
        if found is None:
            return
        source_id, counts = found
        target = records_target(counts)
        main = menu.addAction(self.tr("Show records from this source"),
                              lambda: self.show_source_records(source_id, target))
        font = main.font()
        font.setBold(True)  # what a double-click does
        main.setFont(font)
        tables = menu.addMenu(self.tr("Show records from this source in"))
        for table in sorted(counts, key=lambda t: t != target):
            action = tables.addAction(f"{table_label(TABLES[table])} ({formatting.number(counts[table])})",
                                      lambda t=table: self.show_source_records(source_id, t))
            action.setEnabled(counts[table] > 0)
        menu.addSeparator()

    def back(self) -> None:
        if self.back_stack:
            self.forward_stack.append(self._here())
            self._go(self.back_stack.pop())
            self._update_history_actions()

    def forward(self) -> None:
        if self.forward_stack:
            self.back_stack.append(self._here())
            self._go(self.forward_stack.pop())
            self._update_history_actions()

    def _update_history_actions(self) -> None:
        self.back_action.setEnabled(bool(self.back_stack))
        self.forward_action.setEnabled(bool(self.forward_stack))

    # ------------------------------------------------------------------ clipboard

    def copy_rows(self) -> None:
        focus = self.focusWidget()
        if isinstance(focus, QLineEdit) and focus.hasSelectedText():
            focus.copy()
        elif focus is self.detail and self.detail.textCursor().hasSelection():
            self.detail.copy()
        elif self._pivot is not None and focus is self._pivot.view:
            self._pivot.view.copy()
        else:
            self.page.copy_selection()

    def copy_cell(self) -> None:
        text = self.page.copy_current_cell()
        if text is None:
            self.statusBar().showMessage(self.tr("No cell to copy: click one first"), 8000)
        else:
            self.statusBar().showMessage(self.tr("Copied “{0}”").format(_elided(text)), 8000)

    def _copied(self, rows: int, selected: int) -> None:
        text = self.tr("Copied %n row(s)", "", rows)
        if rows < selected:
            text += self.tr(" (of {0} selected: use Export for more)").format(selected)
        self.statusBar().showMessage(text, 8000)

    # ------------------------------------------------------------------ export, import

    def export_rows(self, *_args, scope: str | None = None) -> None:
        dialog = ExportDialog(self.page, self, scope=scope, settings=self.settings)
        if dialog.exec() == QDialog.DialogCode.Accepted:
            self.start_export(dialog.job())

    def start_export(self, job: ExportJob) -> ExportRunner:
        """Write *job* in the worker pool; the status line, or a message box, says how it went.

        The runner is returned so a caller can cancel it or wait on its signals.
        """
        runner = ExportRunner(job, self.runner, self)
        runner.finished.connect(self._exported)
        runner.cancelled.connect(self._export_cancelled)
        runner.failed.connect(self._export_failed)
        runner.start()
        return runner

    # The export's words keep the "ExportRunner" context their translations were made in.
    def _exported(self, written: int, path: str) -> None:
        self.statusBar().showMessage(
            self.tr("Wrote %n row(s) to {0}", "", written).format(path),
            10000)

    def _export_cancelled(self) -> None:
        self.statusBar().showMessage(
            QCoreApplication.translate("ExportRunner", "Export cancelled; no file written"), 10000)

    def _export_failed(self, error: BaseException) -> None:
        QMessageBox.warning(self, QCoreApplication.translate("ExportRunner", "Export failed"),
                            QCoreApplication.translate("ExportRunner", "{0}\n\nNothing was written.")
                            .format(str(error)))

    def set_read_only(self, reason: str | None) -> None:
        """A login that may only read: every action that writes is disabled and its tooltip
        says why; the status line says "Read only"."""
        self.read_only = reason
        if reason is None:
            return
        tip = self.tr("Read only: {0}").format(reason)
        for action in (self.import_action, self.undo_import_action, self.new_record_action,
                       self.edit_record_action, self.duplicate_record_action,
                       self.delete_record_action):
            action.setEnabled(False)
            action.setToolTip(tip)
            action.setStatusTip(tip)
        self.changes_view.set_read_only(tip)
        self.read_only_label.setToolTip(tip)
        self.read_only_label.show()

    def _refuse_writing(self) -> bool:
        """True (and the status line says why) when this login may only read."""
        if self.read_only is not None:
            self.statusBar().showMessage(self.tr("Read only: {0}").format(self.read_only), 10000)
        return self.read_only is not None

    def import_records(self, *_args, path: str = "") -> ImportDialog | None:
        if self._refuse_writing():
            return None
        table = self.page.spec.name if self.page.spec.name in TABLES else "financing"
        dialog = ImportDialog(self.runner, table, self, path=path)
        dialog.imported.connect(self._imported)
        dialog.open()
        return dialog

    def _imported(self, result) -> None:
        self.refresh_all()
        self.show_table(result.table)
        self.statusBar().showMessage(self.tr("Imported {0} records into {1} · Edit → Undo last "
                                             "import removes them").format(
                                                 result.records, table_label(TABLES[result.table])),
                                     15000)

    def undo_import(self) -> None:
        if self._refuse_writing():
            return
        self.runner.submit(last_import, lambda found: self._confirm_undo(*found),
                           lambda error: self._undo_failed(str(error)))

    def _confirm_undo(self, when, count: int) -> None:
        if when is None:
            QMessageBox.information(self, self.tr("Undo last import"),
                                    self.tr("No imported records to remove."))
            return
        answer = QMessageBox.question(
            self, self.tr("Undo last import"),
            self.tr("Remove the {0} records imported at {1} (UTC)?").format(count, when.strftime("%Y-%m-%d %H:%M:%S")))
        if answer != QMessageBox.StandardButton.Yes:
            return

        def work(session):
            with session.begin():
                return undo_last_import(session)

        self.runner.submit(work, self._undone,
                           lambda error: self._undo_failed(
                               self.tr("Nothing was removed: {0}").format(str(error))))

    def _undone(self, removed: int) -> None:
        self.refresh_all()
        self.statusBar().showMessage(self.tr("Removed {0} imported records").format(removed), 10000)

    def _undo_failed(self, text: str) -> None:
        QMessageBox.warning(self, self.tr("Undo last import"), text)

    # ------------------------------------------------------------------ editing records

    def _record_form(self, mode: str) -> None:
        table, record_id = self.page.spec.name, self.page.current_id()
        if table not in TABLES or self._refuse_writing():  # the sources are read here, not edited (yet)
            return
        if mode != NEW and record_id is None:
            self.statusBar().showMessage(self.tr("Select a record first"), 5000)
            return
        form = RecordForm(self.runner, table, mode, record_id if mode != NEW else None, self)
        form.saved.connect(lambda result, m=mode: self._record_saved(result, m))
        form.setAttribute(Qt.WidgetAttribute.WA_DeleteOnClose)
        self.record_form = form
        form.open()

    def new_record(self) -> None:
        self._record_form(NEW)

    def edit_record(self) -> None:
        self._record_form(EDIT)

    def duplicate_record(self) -> None:
        self._record_form(DUPLICATE)

    def _record_saved(self, result: EditResult, mode: str) -> None:
        if result.change_set is None:
            self.statusBar().showMessage(self.tr("Nothing changed"), 5000)
            return
        words = (self.tr("Edited {0}") if mode == EDIT else self.tr("Added {0}")).format(result.record_id)
        self.undo_stack.push(ChangeSetCommand(self, result.change_set, words))
        self.refresh_all()
        self.page.select_when_loaded(result.record_id)
        self.statusBar().showMessage(words, 10000)

    def delete_record(self) -> None:
        table, record_id = self.page.spec.name, self.page.current_id()
        if self._refuse_writing():
            return
        if record_id is None:
            self.statusBar().showMessage(self.tr("Select a record first"), 5000)
            return
        self.runner.submit(lambda s: dependents(s, table, record_id),
                           lambda found: self._confirm_delete(table, record_id, found))

    def _confirm_delete(self, table: str, record_id: str, needed: list[str]) -> None:
        title = self.tr("Delete record")
        if needed:
            QMessageBox.warning(self, title, self.tr(
                "{0} cannot be deleted: {1} depend on it. Delete or move them first.").format(
                    record_id, "; ".join(needed)))
            return
        answer = QMessageBox.question(self, title, self.tr(
            "Delete {0} from {1}? Edit → Undo brings it back.").format(
                record_id, table_label(TABLES[table])))
        if answer != QMessageBox.StandardButton.Yes:
            return

        def work(session):
            with session.begin():
                return delete_record(session, table, record_id)

        def done(result: EditResult) -> None:
            words = self.tr("Deleted {0}").format(record_id)
            self.undo_stack.push(ChangeSetCommand(self, result.change_set, words))
            self.refresh_all()
            self.statusBar().showMessage(words, 10000)

        self.runner.submit(work, done, lambda error: QMessageBox.warning(self, title, str(error)))

    def take_back(self, change_set: int) -> int | None:
        """Undo (or redo) one of your form's changes through the log: *change_set* taken back;
        returns the change set that did it. On the UI thread, so Ctrl+Z twice is two undos in
        order: a change of one record is a few lookups by key, quick at any table size (an
        import, which may be large, is undone from the Changes view, in the worker).
        A refusal (a later change by someone else) says why, and the undo history goes:
        what it remembers no longer matches the database."""
        try:
            with Session(self.runner.engine) as session, session.begin():
                written = undo_change_set(session, change_set).change_sets[-1]
        except (ForgeError, SQLAlchemyError) as error:
            QMessageBox.warning(self, self.tr("Undo"), str(error))
            _call_soon(self, self.undo_stack.clear)  # not from inside the stack's own undo()
            written = None
        self.refresh_all()
        return written

    def ask_author(self) -> None:
        name, ok = QInputDialog.getText(self, self.tr("Your name in the change log"),
                                        self.tr("Changes you make are recorded under:"),
                                        text=current_author())
        if ok and name.strip():
            self.settings.set("edit/author", name.strip())
            os.environ[AUTHOR_ENV] = name.strip()

    def refresh_others_changes(self) -> None:
        """Show what others wrote: every table read again where it stands."""
        self.refresh_button.hide()
        self.change_watch.refreshed()
        for page in self.pages.values():
            page.refresh_in_place()
        self.update_undo_import()
        self.changes_view.refresh()
        self._show_record(self.page.spec.name, self.page.current_id() or "")

    def _database_fault(self, error: database.DatabaseError) -> None:
        """A view's work met a damaged, full, read-only or locked database: say it once, in a
        window-modal box that does not stop the window (more views may meet the same fault
        meanwhile; they say it in their own place), naming the file and what to do."""
        self.status_label.setText(str(error))
        if self._fault_box is not None and self._fault_box.isVisible():
            return
        box = QMessageBox(QMessageBox.Icon.Warning, self.tr("Database problem"), str(error),
                          QMessageBox.StandardButton.Ok, self)
        box.setObjectName("databaseFault")
        self._fault_box = box
        box.open()

    def prepare_analytics(self, engine: Engine) -> None:
        """Open, or build, the columnar mirror totals and charts of a large store answer from
        (core/columnar.py), in a thread of its own: a first build of ten million records takes
        minutes in a child process. Until it is there the store answers, with the same
        numbers; once it is, every view counts again from it (superseding slower answers)."""
        def work() -> None:
            try:
                mirror = columnar.prepare(engine, on_build=self.analyticsBuilding.emit)
            except Exception:  # the store answers: slower, never wrong
                log.warning("columnar mirror not prepared", exc_info=True)
                mirror = None
            with suppress(RuntimeError):  # the window closed meanwhile
                self.analyticsReady.emit(mirror)

        self.destroyed.connect(lambda *_: columnar.detach(engine))
        threading.Thread(target=work, name="columnar-prepare", daemon=True).start()

    def _analytics_building(self, records: int) -> None:
        self.statusBar().showMessage(self.tr("Preparing fast totals… (records: {0})")
                                     .format(formatting.number(records)))

    def _analytics_ready(self, mirror: columnar.Columnar | None) -> None:
        if mirror is None or self._closed:
            return
        self.statusBar().showMessage(
            self.tr("Fast totals ready (records in the columnar copy: {0}).")
            .format(formatting.number(mirror.rows)), 8000)
        for page in self.pages.values():
            page.refresh_in_place()

    def refresh_all(self) -> None:
        for page in self.pages.values():
            page.load_terms()
            page.refresh()
        self.update_undo_import()
        self.changes_view.refresh()

    def _show_changed_record(self, table: str, record_id: str) -> None:
        """A change's row in the Changes view: its record, as a detail link shows one."""
        self.follow(Link.to_record(record_id, table, record_id))

    def _change_set_undone(self, text: str) -> None:
        self.undo_stack.clear()  # what Edit → Undo remembers may be what was just taken back
        self.refresh_all()
        self.statusBar().showMessage(text, 10000)

    def update_undo_import(self) -> None:
        """Enable Undo last import only when there is an import to undo (asked in the worker);
        its tooltip says which records it removes, or why there is nothing to undo."""
        self.undo_import_action.setEnabled(False)
        self.runner.submit(last_import, lambda found: self._show_undo_import(*found),
                           lambda _error: self._show_undo_import_unknown())

    def _show_undo_import(self, when, count: int) -> None:
        if self.read_only is not None:
            return
        action = self.undo_import_action
        action.setEnabled(when is not None)
        if when is None:
            tip = self.tr("Nothing to undo: no records have been imported")
        else:
            tip = self.tr("Remove the records imported at {0} (UTC), {1} in all").format(
                when.strftime("%Y-%m-%d %H:%M:%S"), count)
        action.setToolTip(tip)
        action.setStatusTip(tip)

    def _show_undo_import_unknown(self) -> None:
        """The question failed (and is in the log): leave undoing to the user, who hears why
        if it fails too."""
        if self.read_only is not None:
            return
        self.undo_import_action.setEnabled(True)
        self.undo_import_action.setToolTip("")  # back to the action's own text
        self.undo_import_action.setStatusTip("")

    # ------------------------------------------------------------------ help

    def show_help(self) -> help_text.HelpDialog:
        """The help, in a window beside this one (one, shown again if it is open)."""
        dialog = self.findChild(help_text.HelpDialog) or help_text.HelpDialog(self)
        dialog.show()
        dialog.raise_()
        dialog.activateWindow()
        return dialog

    def show_about(self) -> None:
        QMessageBox.about(self, self.tr("About FORGE Desktop"), help_text.about_html())

    # ------------------------------------------------------------------ state

    def _restore(self) -> None:
        s = self.settings
        geometry = s.get("window/geometry")
        if not geometry.isEmpty():
            self.restoreGeometry(geometry)
        else:
            self.resize(1280, 800)
        state = s.get("window/state")
        if not state.isEmpty():
            self.restoreState(state)
        splitter = s.get("window/splitter")
        if not splitter.isEmpty():
            self._split_restored = self.splitter.restoreState(splitter)
        current = s.get("window/current_table")
        current = current if current in self.pages else "financing"
        # The table the user sees first asks for its rows first.
        for page in sorted(self.pages.values(), key=lambda p: p.spec.name != current):
            page.restore(s)
        self.show_table(current)
        self._tab_changed(self.tabs.currentIndex())

    def save_state(self) -> None:
        s = self.settings
        s.set("window/geometry", self.saveGeometry())
        s.set("window/state", self.saveState())
        s.set("window/splitter", self.splitter.saveState())
        s.set("window/current_table", self.page.spec.name)
        if self._chart is not None:  # not made yet: its saved options stand as they are
            self._chart.save(s)
        for page in self.pages.values():
            page.save(s)
        s.sync()

    def _apply_default_split(self) -> None:
        facets, detail = DEFAULT_SPLIT
        width = max(self.splitter.width(), facets + detail + 300)
        self.splitter.setSizes([facets, width - facets - detail, detail])
        # The chart gets a third of the height: the table stays the main thing.
        self.resizeDocks([self.chart_dock], [max(self.height() // 3, 200)], Qt.Orientation.Vertical)

    def showEvent(self, event) -> None:
        super().showEvent(event)
        if not self._split_restored:  # sizes only mean something once the layout has run
            self._split_restored = True
            _call_soon(self, self._apply_default_split)

    def reset_layout(self) -> None:
        self.settings.reset_layout()
        self.resize(1280, 800)
        self._apply_default_split()
        for page in self.pages.values():
            page.apply_default_columns()

    def changeEvent(self, event: QEvent) -> None:
        super().changeEvent(event)
        if event.type() == QEvent.Type.PaletteChange and self._chart is not None and not self._closed:
            self._chart.refresh()  # the chart draws dark on a dark palette

    def closeEvent(self, event: QCloseEvent) -> None:
        self._closed = True
        self.save_state()
        self.runner.wait(3000)
        if self._chart_import is not None:
            self._chart_import.wait()  # a running thread must not be destroyed with the window
        release_clipboard()
        super().closeEvent(event)


def open_main_window(db_url: str | None = None, settings: Settings | None = None) -> MainWindow:
    """Open (building if needed) the database and the window on it.

    Raises :class:`~forge_desktop.core.database.DatabaseError` when the database is unusable.
    """
    engine = database.open_database(db_url)
    window = MainWindow(engine, settings)
    window.set_read_only(database.read_only_reason(engine))
    window.destroyed.connect(lambda *_: engine.dispose())
    return window

