"""The explorer window: facets | tables | detail, a search box, menus and a status line."""

from __future__ import annotations

from dataclasses import dataclass

from PySide6.QtCore import QCoreApplication, Qt, QTimer
from PySide6.QtGui import QAction, QCloseEvent, QKeySequence, QShortcut
from PySide6.QtWidgets import (
    QDialog,
    QDockWidget,
    QLineEdit,
    QMainWindow,
    QMenu,
    QMessageBox,
    QSplitter,
    QStackedWidget,
    QStatusBar,
    QTabWidget,
    QToolBar,
)
from sqlalchemy import Engine

from ..core import database
from ..core.columns import TABLES
from ..core.imports import last_import, undo_last_import
from ..core.query import Op
from ..core.records import Link, record_detail
from . import help_text
from .chart import ChartPanel
from .detail import DetailPane
from .elided_label import ElidedLabel
from .export_dialog import FILTERED, SELECTED, ExportDialog, ExportJob, ExportRunner
from .import_dialog import ImportDialog
from .labels import table_label
from .settings import Settings
from .table_page import PageState, TablePage, release_clipboard
from .worker import QueryRunner

SEARCH_DELAY_MS = 250
DEFAULT_SPLIT = (220, 330)  # widths of the facets and of the detail; the tables take the rest


@dataclass(frozen=True)
class Place:
    """Where the user was: a table, its state and the record selected there."""

    table: str
    state: PageState
    record_id: str | None


class MainWindow(QMainWindow):
    def __init__(self, engine: Engine, settings: Settings | None = None):
        super().__init__()
        self.engine = engine
        self.settings = settings or Settings()
        self.setObjectName("mainWindow")
        self.setAccessibleName(self.tr("FORGE Desktop"))
        self.setWindowTitle(self.tr("FORGE Desktop — critical minerals 2026"))
        self.runner = QueryRunner(engine, self)
        self._detail_generation = 0
        self.back_stack: list[Place] = []
        self.forward_stack: list[Place] = []

        self.pages = {name: TablePage(spec, self.runner) for name, spec in TABLES.items()}
        self.tabs = QTabWidget()
        self.tabs.setDocumentMode(True)
        self.facet_stack = QStackedWidget()
        self.facet_stack.setObjectName("facetPanel")
        self.facet_stack.setAccessibleName(self.tr("Facets"))
        for page in self.pages.values():
            self.tabs.addTab(page, table_label(page.spec))
            self.facet_stack.addWidget(page.facets)
            page.statusChanged.connect(self._page_status)
            page.currentRecordChanged.connect(self._show_record)
            page.searchReset.connect(self.sync_search_box)
            page.copied.connect(self._copied)
        self.detail = DetailPane()
        self.detail.linkActivated.connect(self.follow)

        # The chart follows the financing table wherever the user is, and drives it.
        financing = self.pages["financing"]
        self.chart = ChartPanel(self.runner)
        self.chart_dock = QDockWidget(self)
        self.chart_dock.setObjectName("chartDock")
        self.chart_dock.setWidget(self.chart)
        self.chart_dock.setFeatures(QDockWidget.DockWidgetFeature.DockWidgetClosable
                                    | QDockWidget.DockWidgetFeature.DockWidgetMovable
                                    | QDockWidget.DockWidgetFeature.DockWidgetFloatable)
        self.addDockWidget(Qt.DockWidgetArea.BottomDockWidgetArea, self.chart_dock)
        financing.queryChanged.connect(self._chart_follows)
        financing.view.selectionModel().selectionChanged.connect(
            lambda *_: self.chart.set_selection(financing.selected_ids()))
        financing.model.modelReset.connect(lambda: self.chart.set_selection(()))
        self.chart.barClicked.connect(self._chart_clicked)
        self.chart.view_box.currentIndexChanged.connect(self._title_chart)
        self._title_chart()

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
        self.setStatusBar(status)

        self._build_actions()
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
        self._action(edit, self.tr("&Find"), self.focus_search, QKeySequence.StandardKey.Find)
        self._action(edit, self.tr("Clear search and &filters"), self.clear_current)
        edit.addSeparator()
        self.undo_import_action = self._action(edit, self.tr("&Undo last import"), self.undo_import)

        view = bar.addMenu(self.tr("&View"))
        for i, name in enumerate(self.pages):
            self._action(view, table_label(TABLES[name]),
                         lambda _=False, n=name: self.show_table(n), f"Ctrl+{i + 1}")
        self._action(view, self.tr("&Next table"), self.next_table, "Ctrl+Tab")
        self._action(view, self.tr("Previous table"), self.previous_table, "Ctrl+Shift+Tab")
        view.addSeparator()
        self.back_action = self._action(view, self.tr("&Back"), self.back, "Alt+Left")
        self.forward_action = self._action(view, self.tr("&Forward"), self.forward, "Alt+Right")
        view.addSeparator()
        chart_action = self.chart_dock.toggleViewAction()
        chart_action.setText(self.tr("&Chart"))
        chart_action.setShortcut(QKeySequence("Ctrl+G"))
        view.addAction(chart_action)
        self._action(view, self.tr("E&xport chart…"), self.chart.export_dialog)
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

    def _table_menu(self, pos) -> None:
        menu = QMenu(self)
        selected = self.page.selected_count() > 0
        menu.addAction(self.copy_action)
        export_selected = menu.addAction(self.tr("Export selected rows…"),
                                         lambda: self.export_rows(scope=SELECTED))
        export_selected.setEnabled(selected)
        menu.addAction(self.tr("Export all filtered rows…"), lambda: self.export_rows(scope=FILTERED))
        menu.exec(self.page.view.viewport().mapToGlobal(pos))

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
        self.facet_stack.setCurrentWidget(page.facets)
        self.sync_search_box()
        self.status_label.setText(page.status_text)
        self._show_record(page.spec.name, page.current_id() or "")

    def _page_status(self, text: str) -> None:
        if self.sender() is self.page:
            self.status_label.setText(text)

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
        """Esc clears the search first, then a filter set from the chart, then the selection."""
        if self.search_box.text() or self.page.search:
            self.search_box.clear()
            self._apply_search()
        elif self.page is self.pages["financing"] and self.page.chart_filters:
            self.page.set_chart_filter(())
        else:
            self.page.view.clearSelection()

    # ------------------------------------------------------------------ chart

    def _chart_follows(self) -> None:
        financing = self.pages["financing"]
        selected = None
        if financing.chart_filters:
            first = financing.chart_filters[0]
            selected = first.value if first.op == Op.EQ else None
        self.chart.set_query(financing.build_query(without_chart=True), selected)

    def _title_chart(self, *_args) -> None:
        self.chart_dock.setWindowTitle(self.tr("Committed USD — {0}").format(
            self.chart.view_box.currentText().lower()))

    def _chart_clicked(self, conditions) -> None:
        self.show_table("financing")
        self.pages["financing"].set_chart_filter(conditions)

    def clear_current(self) -> None:
        self.page.clear_all()

    # ------------------------------------------------------------------ detail

    def _show_record(self, table: str, record_id: str) -> None:
        if table != self.page.spec.name:
            return
        self._detail_generation += 1
        if not record_id:
            self.detail.show_empty()
            return
        generation = self._detail_generation
        self.runner.submit(lambda s: record_detail(s, table, record_id, QCoreApplication.translate),
                           lambda detail: self._detail_loaded(generation, detail),
                           lambda error: self._detail_failed(generation, error))

    def _detail_failed(self, generation: int, error: BaseException) -> None:
        if generation == self._detail_generation:
            self.detail.show_empty(self.tr("This record could not be read: {0}").format(str(error)))

    def _detail_loaded(self, generation: int, detail) -> None:
        if generation != self._detail_generation:
            return
        if detail is None:
            self.detail.show_empty(self.tr("This record no longer exists."))
        else:
            self.detail.show_detail(detail)

    # ------------------------------------------------------------------ navigation

    def _here(self) -> Place:
        page = self.page
        return Place(page.spec.name, page.state(), page.current_id())

    def _go(self, place: Place) -> None:
        page = self.pages[place.table]
        self.show_table(place.table)
        page.select_when_loaded(place.record_id)
        page.apply_state(place.state)
        self.sync_search_box()

    def follow(self, link: Link) -> None:
        """Go where a detail link points: its query, as filter chips; Back returns here."""
        self.back_stack.append(self._here())
        self.forward_stack.clear()
        self._go(Place(link.table, PageState.showing(link.query()), link.record_id))
        self._update_history_actions()

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
        else:
            self.page.copy_selection()

    def _copied(self, rows: int, selected: int) -> None:
        text = self.tr("Copied {0} rows").format(rows)
        if rows < selected:
            text += self.tr(" (of {0} selected: use Export for more)").format(selected)
        self.statusBar().showMessage(text, 8000)

    # ------------------------------------------------------------------ export, import

    def export_rows(self, *_args, scope: str | None = None) -> None:
        dialog = ExportDialog(self.page, self, scope=scope)
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
            QCoreApplication.translate("ExportRunner", "Wrote {0} rows to {1}").format(written, path), 10000)

    def _export_cancelled(self) -> None:
        self.statusBar().showMessage(
            QCoreApplication.translate("ExportRunner", "Export cancelled; no file written"), 10000)

    def _export_failed(self, error: BaseException) -> None:
        QMessageBox.warning(self, QCoreApplication.translate("ExportRunner", "Export failed"),
                            QCoreApplication.translate("ExportRunner", "{0}\n\nNothing was written.")
                            .format(str(error)))

    def import_records(self, *_args, path: str = "") -> ImportDialog:
        dialog = ImportDialog(self.runner, self.page.spec.name, self, path=path)
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

    def refresh_all(self) -> None:
        for page in self.pages.values():
            page.load_terms()
            page.refresh()

    # ------------------------------------------------------------------ help

    def show_help(self) -> None:
        QMessageBox.information(self, self.tr("FORGE Desktop — help"), help_text.help_html())

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
        self.chart.restore(s)
        for page in self.pages.values():
            page.restore(s)
        current = s.get("window/current_table")
        self.show_table(current if current in self.pages else "financing")
        self._tab_changed(self.tabs.currentIndex())

    def save_state(self) -> None:
        s = self.settings
        s.set("window/geometry", self.saveGeometry())
        s.set("window/state", self.saveState())
        s.set("window/splitter", self.splitter.saveState())
        s.set("window/current_table", self.page.spec.name)
        self.chart.save(s)
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
            QTimer.singleShot(0, self._apply_default_split)

    def reset_layout(self) -> None:
        self.settings.reset_layout()
        self.resize(1280, 800)
        self._apply_default_split()
        for page in self.pages.values():
            page.apply_default_columns()

    def closeEvent(self, event: QCloseEvent) -> None:
        self.save_state()
        self.runner.wait(3000)
        release_clipboard()
        super().closeEvent(event)


def open_main_window(db_url: str | None = None, settings: Settings | None = None) -> MainWindow:
    """Open (building if needed) the database and the window on it.

    Raises :class:`~forge_desktop.core.database.DatabaseError` when the database is unusable.
    """
    engine = database.open_database(db_url)
    window = MainWindow(engine, settings)
    window.destroyed.connect(lambda *_: engine.dispose())
    return window

