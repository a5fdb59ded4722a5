"""The pivot pane: a crosstab of the table on screen, counted in the worker, live with its filters.

:class:`PivotPanel` asks the core (:mod:`forge_desktop.core.pivot`) for the pivot of the
current table's query whenever it changes, and shows the layout the exports write
(:class:`PivotModel`). Double-clicking a cell or a total filters the table to exactly the
records it counts (:attr:`PivotPanel.drillRequested`); double-clicking a group's name
collapses or expands its second level. Ctrl+C copies what is selected (everything, when one
cell is) as text and HTML; Export… writes it as CSV, XLSX or JSON.
"""

from __future__ import annotations

from pathlib import Path
from typing import Any

from PySide6.QtCore import (
    QAbstractTableModel,
    QCoreApplication,
    QMimeData,
    QModelIndex,
    QPersistentModelIndex,
    Qt,
    QTimer,
    Signal,
)
from PySide6.QtGui import QFont, QGuiApplication, QKeySequence
from PySide6.QtWidgets import (
    QAbstractItemView,
    QCheckBox,
    QComboBox,
    QFileDialog,
    QHBoxLayout,
    QHeaderView,
    QLabel,
    QMenu,
    QMessageBox,
    QPushButton,
    QTableView,
    QVBoxLayout,
    QWidget,
)
from sqlalchemy.orm import Session

from ..core import formatting
from ..core import pivot as core_pivot
from ..core.columns import TABLES
from ..core.exports import ExportError, pivot_files
from ..core.pivot import Path as PivotPath
from ..core.pivot import Pivot, PivotLayout, cell_name, drill_query, pivot_dimensions, pivot_layout
from ..core.query import Query
from ..core.text import QT_TRANSLATE_NOOP
from .labels import column_label
from .settings import Settings
from .worker import QueryRunner

translate = QCoreApplication.translate  # pyside6-lupdate reads translate("context", "text")
Index = QModelIndex | QPersistentModelIndex
ROOT = QModelIndex()

BUSY_AFTER_MS = 300
NO_LEVEL = ""  # the second level's "none" choice
DEFAULTS = {  # rows, columns: what a table's pivot starts with
    "financing": (("agency", "stage"), ("year",)),
    "participants": (("region",), ("kind",)),
    "agreements": (("kind",), ("status",)),
}
EXPORT_FORMATS = {"csv": QT_TRANSLATE_NOOP("pivot", "CSV (*.csv)"),
                  "xlsx": QT_TRANSLATE_NOOP("pivot", "Excel workbook (*.xlsx)"),
                  "json": QT_TRANSLATE_NOOP("pivot", "JSON (*.json)")}


def dimension_label(table: str, name: str) -> str:
    """A pivot dimension's name in the interface language."""
    if name == "month":
        return translate("pivot", "Month")
    if name == "year":
        return translate("pivot", "Year")
    column = Query(table).spec.get(name)
    return column_label(column) if column is not None else name


class PivotModel(QAbstractTableModel):
    """The layout as a table: the row dimensions' labels, then one column per value column."""

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.layout: PivotLayout | None = None
        self._bold = QFont()
        self._bold.setBold(True)

    def set_layout(self, layout: PivotLayout | None) -> None:
        self.beginResetModel()
        self.layout = layout
        self.endResetModel()

    @property
    def side(self) -> int:
        return len(self.layout.row_headers) if self.layout is not None else 0

    def rowCount(self, parent: Index = ROOT) -> int:
        return 0 if parent.isValid() or self.layout is None else len(self.layout.rows)

    def columnCount(self, parent: Index = ROOT) -> int:
        return 0 if parent.isValid() or self.layout is None else self.side + len(self.layout.columns)

    def paths(self, index: Index) -> tuple[PivotPath, PivotPath] | None:
        """The (row, column) paths of a cell; a label stands for its row's total."""
        if self.layout is None or not index.isValid():
            return None
        row = self.layout.rows[index.row()]
        column = index.column() - self.side
        return row.path, self.layout.columns[column].path if column >= 0 else ()

    def headerData(self, section: int, orientation: Qt.Orientation,
                   role: int = Qt.ItemDataRole.DisplayRole) -> Any:
        layout = self.layout
        if layout is None or orientation != Qt.Orientation.Horizontal:
            return None
        if section < 0 or section >= self.columnCount():
            return None
        if role == Qt.ItemDataRole.DisplayRole:
            if section < self.side:
                return layout.row_headers[section]
            return "\n".join(h for h in layout.columns[section - self.side].headers if h)
        if role == Qt.ItemDataRole.FontRole and section >= self.side and layout.columns[section - self.side].total:
            return self._bold
        if role == Qt.ItemDataRole.TextAlignmentRole:
            side = Qt.AlignmentFlag.AlignRight if section >= self.side else Qt.AlignmentFlag.AlignLeft
            return int(side | Qt.AlignmentFlag.AlignVCenter)
        return None

    def data(self, index: Index, role: int = Qt.ItemDataRole.DisplayRole) -> Any:
        layout = self.layout
        if layout is None or not index.isValid():
            return None
        row = layout.rows[index.row()]
        column = index.column() - self.side
        if role == Qt.ItemDataRole.DisplayRole:
            if column < 0:
                label = row.labels[index.column()]
                if index.column() == 0 and row.collapsible:
                    return ("▸ " if row.collapsed else "▾ ") + label
                return label
            return pivot_files.display(layout, row.cells[column])
        if role == Qt.ItemDataRole.EditRole:  # the number itself, for sorting and tests
            return None if column < 0 or row.cells[column] is None else layout.values(row)[column]
        if role == Qt.ItemDataRole.FontRole and (row.kind != "item" or (column >= 0 and layout.columns[column].total)):
            return self._bold
        if role == Qt.ItemDataRole.TextAlignmentRole:
            if column < 0:
                return int(Qt.AlignmentFlag.AlignLeft | Qt.AlignmentFlag.AlignVCenter)
            return int(Qt.AlignmentFlag.AlignRight | Qt.AlignmentFlag.AlignVCenter)
        if role == Qt.ItemDataRole.ToolTipRole:
            return self.tooltip(index)
        return None

    def tooltip(self, index: Index) -> str:
        layout = self.layout
        paths = self.paths(index)
        if layout is None or paths is None:
            return ""
        cell = layout.pivot.cell(*paths)
        name = cell_name(layout.pivot, *paths, translate)
        if cell is None:
            return translate("pivot", "{0}: no records").format(name)
        lines = [f"<b>{name}</b>"]
        if layout.pivot.table == "financing":
            lines.append(formatting.money_full(cell.amount_usd) or translate("pivot", "no dollar amount"))
        lines.append(translate("pivot", "%n record(s)", "", cell.records))
        if cell.non_monetary:
            lines.append(translate("pivot", "of which without a dollar amount: {0}").format(cell.non_monetary))
        lines.append("<span style='color: gray'>" + translate("pivot", "Double-click: show these records")
                     + "</span>")
        return "<br>".join(lines)

    def flags(self, index: Index) -> Qt.ItemFlag:
        if not index.isValid():
            return Qt.ItemFlag.NoItemFlags
        return Qt.ItemFlag.ItemIsEnabled | Qt.ItemFlag.ItemIsSelectable


class PivotView(QTableView):
    """The crosstab; Ctrl+C copies the selection as text and HTML."""

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setSelectionMode(QAbstractItemView.SelectionMode.ContiguousSelection)
        self.setAlternatingRowColors(True)
        self.verticalHeader().hide()
        self.verticalHeader().setDefaultSectionSize(self.fontMetrics().height() + 8)  # compact, as a sheet
        self.horizontalHeader().setSectionResizeMode(QHeaderView.ResizeMode.Interactive)
        self.horizontalHeader().setDefaultAlignment(Qt.AlignmentFlag.AlignRight | Qt.AlignmentFlag.AlignVCenter)
        self.setWordWrap(False)

    def keyPressEvent(self, event: Any) -> None:
        if event.matches(QKeySequence.StandardKey.Copy):
            self.copy()
            return
        super().keyPressEvent(event)

    def copy(self) -> None:
        model = self.model()
        if not isinstance(model, PivotModel) or model.layout is None:
            return
        QGuiApplication.clipboard().setMimeData(clipboard_data(model.layout, self.selected_block()))

    def selected_block(self) -> tuple[int, int, int, int] | None:
        """The selected rectangle (first row, last row, first column, last column) of the
        model, or None when at most one cell is selected (then everything is copied)."""
        indexes = self.selectionModel().selectedIndexes()
        if len(indexes) <= 1:
            return None
        rows = [i.row() for i in indexes]
        cols = [i.column() for i in indexes]
        return min(rows), max(rows), min(cols), max(cols)


def clipboard_data(layout: PivotLayout, block: tuple[int, int, int, int] | None) -> QMimeData:
    """The pivot (or the *block* of it, headers and labels kept) as TSV and HTML."""
    data = QMimeData()
    if block is None:
        data.setText(pivot_files.tsv(layout, translate))
        data.setHtml(pivot_files.html_table(layout, translate))
        return data
    first, last, left, right = block
    side = len(layout.row_headers)
    heads = pivot_files.header_rows(layout, translate)
    body = pivot_files.body_rows(layout)[first:last + 1]
    keep = sorted(set(range(side)) | set(range(left, right + 1)))
    rows = [[r[c] for c in keep] for r in (*heads, *body)]
    data.setText("".join("\t".join("" if c is None else str(c) for c in r) + "\n" for r in rows))
    return data


class PivotPanel(QWidget):
    """The controls, the crosstab and its note; follows a query, emits drill-throughs."""

    drillRequested = Signal(object, str)  # (conditions to add to the table, the cell's name)

    def __init__(self, runner: QueryRunner, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setObjectName("pivotPanel")
        self.setAccessibleName(translate("pivot", "Pivot table"))
        self.runner = runner
        self._query: Query | None = None
        self.pending = False  # a count asked for and not answered yet (a newer one supersedes it)
        self._key = f"pivot:{id(self)}"
        self._pivot: Pivot | None = None
        self._collapsed: set[str | None] = set()
        self._choices: dict[str, tuple[tuple[str, ...], tuple[str, ...]]] = dict(DEFAULTS)
        self._settings: Settings | None = None  # where choices are kept, once restored
        self._busy_timer = QTimer(self, singleShot=True, interval=BUSY_AFTER_MS)
        self._busy_timer.timeout.connect(self._show_busy)

        self.rows_box = QComboBox()
        self.rows2_box = QComboBox()
        self.cols_box = QComboBox()
        self.cols2_box = QComboBox()
        for box, name in ((self.rows_box, translate("pivot", "Rows")),
                          (self.rows2_box, translate("pivot", "Rows, second level")),
                          (self.cols_box, translate("pivot", "Columns")),
                          (self.cols2_box, translate("pivot", "Columns, second level"))):
            box.setAccessibleName(name)
            box.setToolTip(name)
        self.value_box = QComboBox()
        self.value_box.setAccessibleName(translate("pivot", "Cells show"))
        self.value_box.addItem(translate("pivot", "Committed USD"), "usd")
        self.value_box.addItem(translate("pivot", "Records"), "count")
        self.sort_box = QComboBox()
        self.sort_box.setAccessibleName(translate("pivot", "Sort rows"))
        self.sort_box.addItem(translate("pivot", "Largest first"), "total")
        self.sort_box.addItem(translate("pivot", "By name"), "label")
        self.conditional_box = QCheckBox(translate("pivot", "Include conditional"))
        self.conditional_box.setChecked(True)
        self.export_button = QPushButton(translate("pivot", "Export…"))
        self.export_button.setToolTip(translate("pivot", "Save the pivot as shown: CSV, XLSX or JSON"))

        controls = QHBoxLayout()
        controls.setContentsMargins(0, 0, 0, 0)
        controls.addWidget(QLabel(translate("pivot", "Rows:")))
        controls.addWidget(self.rows_box)
        controls.addWidget(self.rows2_box)
        controls.addWidget(QLabel(translate("pivot", "Columns:")))
        controls.addWidget(self.cols_box)
        controls.addWidget(self.cols2_box)
        controls.addWidget(self.value_box)
        controls.addWidget(self.sort_box)
        controls.addWidget(self.conditional_box)
        controls.addStretch(1)
        controls.addWidget(self.export_button)

        self.model = PivotModel(self)
        self.view = PivotView()
        self.view.setModel(self.model)
        self.view.setObjectName("pivotTable")
        self.view.setAccessibleName(translate("pivot", "Pivot table"))
        self.view.doubleClicked.connect(self.activate)
        self.view.activated.connect(self.activate)
        self.view.setContextMenuPolicy(Qt.ContextMenuPolicy.CustomContextMenu)
        self.view.customContextMenuRequested.connect(self._context_menu)
        self.note = QLabel(wordWrap=True)
        self.note.setStyleSheet("color: gray;")
        layout = QVBoxLayout(self)
        layout.setContentsMargins(4, 4, 4, 4)
        layout.addLayout(controls)
        layout.addWidget(self.view, 1)
        layout.addWidget(self.note)

        for box in (self.rows_box, self.rows2_box, self.cols_box, self.cols2_box, self.value_box):
            box.currentIndexChanged.connect(self._choice_changed)
        self.conditional_box.toggled.connect(self.refresh)
        self.conditional_box.toggled.connect(self.save)
        self.sort_box.currentIndexChanged.connect(self._relayout)
        self.sort_box.currentIndexChanged.connect(self.save)
        self.export_button.clicked.connect(self.export_dialog)

    # ------------------------------------------------------------------ choices

    @property
    def table(self) -> str:
        return self._query.table if self._query is not None else "financing"

    def _fill_boxes(self) -> None:
        """The dimension boxes for the current table, set to its remembered choice."""
        table = self.table
        rows, cols = self._choices.get(table, DEFAULTS.get(table, ((pivot_dimensions(table)[0],), ())))
        dims = pivot_dimensions(table)
        boxes = (self.rows_box, self.rows2_box, self.cols_box, self.cols2_box, self.value_box)
        for box in boxes:
            box.blockSignals(True)
        try:
            for box, optional, chosen in ((self.rows_box, False, rows[:1]), (self.rows2_box, True, rows[1:2]),
                                          (self.cols_box, True, cols[:1]), (self.cols2_box, True, cols[1:2])):
                box.clear()
                if optional:
                    box.addItem(translate("pivot", "(none)"), NO_LEVEL)
                for d in dims:
                    box.addItem(dimension_label(table, d), d)
                index = box.findData(chosen[0] if chosen else NO_LEVEL)
                box.setCurrentIndex(max(index, 0))
            financing = table == "financing"
            self.value_box.setEnabled(financing)
            self.conditional_box.setEnabled(financing)
            if not financing:
                self.value_box.setCurrentIndex(self.value_box.findData("count"))
        finally:
            for box in boxes:
                box.blockSignals(False)

    def dimensions(self) -> tuple[tuple[str, ...], tuple[str, ...]]:
        rows = tuple(d for d in (self.rows_box.currentData(), self.rows2_box.currentData()) if d)
        cols = tuple(d for d in (self.cols_box.currentData(), self.cols2_box.currentData()) if d)
        return rows, cols

    def set_dimensions(self, rows: tuple[str, ...], cols: tuple[str, ...]) -> None:
        """Pick *rows* and *cols* (as the boxes would), then count again."""
        self._choices[self.table] = (rows, cols)
        self._fill_boxes()
        self.save()
        self.refresh()

    def _choice_changed(self) -> None:
        rows, cols = self.dimensions()
        self._choices[self.table] = (rows, cols)
        self._collapsed.clear()
        self.save()
        self.refresh()

    # ------------------------------------------------------------------ kept between runs

    def save(self) -> None:
        """Keep each table's rows and columns, the cell value, the sort and the toggle."""
        settings = self._settings
        if settings is None:
            return
        for table, (rows, cols) in self._choices.items():
            settings.set(f"pivot/{table}/rows", ",".join(rows))
            settings.set(f"pivot/{table}/cols", ",".join(cols))
        if self.value_box.isEnabled():  # not the count a participants pivot is held to
            settings.set("pivot/value", self.value_box.currentData())
        settings.set("pivot/sort", self.sort_box.currentData())
        settings.set("pivot/conditional", self.conditional_box.isChecked())

    def restore(self, settings: Settings) -> None:
        """The choices of the last run; a column this version does not know, from an older
        settings file, is left out (and a table without rows keeps its default)."""
        for table in TABLES:
            known = set(pivot_dimensions(table))
            rows, cols = (tuple(d for d in settings.typed(f"pivot/{table}/{side}", "").split(",") if d in known)
                          for side in ("rows", "cols"))
            if rows and len(set(rows) | set(cols)) == len(rows) + len(cols):
                self._choices[table] = (rows[:2], cols[:2])
        for box, key, default in ((self.value_box, "pivot/value", "usd"), (self.sort_box, "pivot/sort", "total")):
            index = box.findData(settings.typed(key, default))
            if index >= 0:
                box.blockSignals(True)
                box.setCurrentIndex(index)
                box.blockSignals(False)
        self.conditional_box.blockSignals(True)
        self.conditional_box.setChecked(settings.typed("pivot/conditional", True))
        self.conditional_box.blockSignals(False)
        self._settings = settings
        if self._query is not None:
            self._fill_boxes()
            self.refresh()

    # ------------------------------------------------------------------ data

    def set_query(self, query: Query, *, recount: bool = False) -> None:
        """Count *query*'s rows; the same query again (shown again, or sorted anew) asks for
        nothing unless *recount* (its records may have changed: an import, an edit)."""
        query = query.with_sort(())
        if query == self._query and not recount:
            return
        table_changed = self._query is None or query.table != self._query.table
        self._query = query
        if table_changed:
            self._collapsed.clear()
            self._fill_boxes()
        self.refresh()

    def refresh(self) -> None:
        if self._query is None:
            return
        rows, cols = self.dimensions()
        if len(set(rows) | set(cols)) != len(rows) + len(cols):
            self.runner.cancel(self._key)
            self._fail(translate(
                "pivot", "A column can be used once: choose different columns for the rows and the columns."))
            return
        query = self._query
        value = self.value_box.currentData() if query.table == "financing" else "count"
        include = self.conditional_box.isChecked()

        def work(session: Session) -> Pivot:
            return core_pivot.pivot(session, query, rows, cols, value=value, include_conditional=include)

        self.pending = True
        self.runner.submit(work, self._loaded, lambda error: self._fail(str(error)), key=self._key)
        self._busy_timer.start()

    def _show_busy(self) -> None:
        if self.pending:
            self.note.setText(translate("pivot", "Counting… (the table shows the previous answer)"))

    def _loaded(self, result: Pivot) -> None:
        self.pending = False
        self._pivot = result
        self._relayout()

    def _fail(self, message: str) -> None:
        self.pending = False
        self.note.setText(translate("pivot", "The pivot could not be counted: {0}").format(message))

    def _relayout(self) -> None:
        if self._pivot is None:
            return
        p = self._pivot
        layout = pivot_layout(p, sort=self.sort_box.currentData(), collapsed=self._collapsed,
                              dimension_names={d: dimension_label(p.table, d) for d in (*p.rows, *p.cols)},
                              translate=translate)
        self.model.set_layout(layout)
        self.view.resizeColumnsToContents()
        for column in range(self.model.columnCount()):
            self.view.setColumnWidth(column, min(self.view.columnWidth(column), 320))
        note = layout.footnote
        hint = translate("pivot", "Double-click a cell to show its records.")
        self.note.setText(f"{note}. {hint}" if note else hint)

    # ------------------------------------------------------------------ actions

    def activate(self, index: QModelIndex) -> None:
        """A double-click (or Enter): on a group's name, collapse or expand it; elsewhere,
        filter the table to the records of the cell (a name: its row's total)."""
        layout = self.model.layout
        paths = self.model.paths(index)
        if layout is None or paths is None:
            return
        row = layout.rows[index.row()]
        if index.column() == 0 and row.collapsible:
            self.toggle(row.path[0])
            return
        self.drill(*paths)

    def toggle(self, key: str | None) -> None:
        if key in self._collapsed:
            self._collapsed.discard(key)
        else:
            self._collapsed.add(key)
        self._relayout()

    def set_all_collapsed(self, collapsed: bool) -> None:
        layout = self.model.layout
        if layout is None:
            return
        groups = {r.path[0] for r in layout.rows if r.collapsible}
        self._collapsed = set(groups) if collapsed else set()
        self._relayout()

    def drill(self, row: PivotPath, col: PivotPath) -> None:
        """Ask the worker for the cell's query; the table is filtered to it when it comes.
        An empty cell has no records to show: nothing happens."""
        p, query = self._pivot, self._query
        if p is None or query is None or p.cell(row, col) is None:
            return
        name = cell_name(p, row, col, translate)
        base = len(query.filters)
        self.runner.submit(lambda s: drill_query(s, query, p, row, col),
                           lambda drilled: self.drillRequested.emit(tuple(drilled.filters[base:]), name),
                           lambda error: self._fail(str(error)), key=f"{self._key}:drill")

    def _context_menu(self, pos: Any) -> None:
        menu = QMenu(self)
        index = self.view.indexAt(pos)
        if index.isValid():
            menu.addAction(translate("pivot", "Show these records"), lambda: self.activate_cell(index))
        menu.addAction(translate("pivot", "Copy"), self.view.copy)
        menu.addAction(translate("pivot", "Collapse all"), lambda: self.set_all_collapsed(True))
        menu.addAction(translate("pivot", "Expand all"), lambda: self.set_all_collapsed(False))
        menu.addAction(translate("pivot", "Export pivot…"), self.export_dialog)
        menu.exec(self.view.viewport().mapToGlobal(pos))

    def activate_cell(self, index: QModelIndex) -> None:
        paths = self.model.paths(index)
        if paths is not None:
            self.drill(*paths)

    def export_dialog(self) -> None:
        if self.model.layout is None:
            QMessageBox.information(self, translate("pivot", "Export pivot"),
                                    translate("pivot", "The pivot is still being counted."))
            return
        filters = ";;".join(translate("pivot", f) for f in EXPORT_FORMATS.values())
        path, chosen = QFileDialog.getSaveFileName(self, translate("pivot", "Export pivot"),
                                                   "pivot.xlsx", filters)
        if not path:
            return
        fmt = Path(path).suffix.lower().lstrip(".")
        if fmt not in EXPORT_FORMATS:
            fmt = next((k for k, v in EXPORT_FORMATS.items() if translate("pivot", v) == chosen), "xlsx")
            path = f"{path}.{fmt}"
        self.export(path, fmt)

    def export(self, path: str, fmt: str) -> bool:
        layout = self.model.layout
        if layout is None:
            return False
        try:
            pivot_files.write_pivot(layout, path, fmt, translate=translate)
        except (OSError, ExportError) as exc:
            QMessageBox.warning(self, translate("pivot", "Export failed"), str(exc))
            return False
        return True
