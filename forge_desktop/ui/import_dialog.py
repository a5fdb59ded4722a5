"""Import from the window: pick a file, map unknown headers, preview every row's problems,
then import all or nothing. Reading and checking run in a worker; so does the write."""

from __future__ import annotations

from pathlib import Path
from typing import Any

from PySide6.QtCore import Signal
from PySide6.QtGui import QColor
from PySide6.QtWidgets import (
    QAbstractItemView,
    QCheckBox,
    QComboBox,
    QDialog,
    QDialogButtonBox,
    QFileDialog,
    QFormLayout,
    QGroupBox,
    QHBoxLayout,
    QHeaderView,
    QLabel,
    QLineEdit,
    QPushButton,
    QTableWidget,
    QTableWidgetItem,
    QVBoxLayout,
    QWidget,
)
from sqlalchemy.orm import Session

from ..core import formatting, imports
from ..core.columns import TABLES
from .labels import column_label, table_label
from .worker import QueryRunner

PREVIEW_ROWS = 500
IGNORE = ""


class ImportDialog(QDialog):
    """The preview: nothing is written until Import is pressed, and only if no row fails.

    Each step's outcome leaves as a signal: :attr:`checked` once a check is shown (the
    plan, or why the file is refused), :attr:`imported` once the records are written, so
    the window, and a test, wait on them rather than on the dialog's state.
    """

    checked = Signal(object)  # the core.imports.ImportPlan shown, or the ImportFileError refusing the file
    imported = Signal(object)  # the core.imports.ImportResult of a written import

    def __init__(self, runner: QueryRunner, table: str, parent: QWidget | None = None,
                 path: str = ""):
        super().__init__(parent)
        self.runner = runner
        self.plan: imports.ImportPlan | None = None
        self._generation = 0
        self._overrides: dict[str, str | None] = {}  # header → column, as the user chose
        self._accepted: set[tuple[str, str]] = set()  # new (column, value)s the user confirmed
        self._new_value_boxes: dict[tuple[str, str], QCheckBox] = {}
        self._mapping_boxes: dict[str, QComboBox] = {}  # header → its column chooser, as shown
        self.setObjectName("importDialog")
        self.setWindowTitle(self.tr("Import records"))
        self.resize(900, 600)

        self.table = QComboBox()
        for name, spec in TABLES.items():
            self.table.addItem(table_label(spec), name)
        self.table.setCurrentIndex(self.table.findData(table))
        self.path = QLineEdit(path)
        self.path.setPlaceholderText(self.tr("a .csv, .xlsx or .json file"))
        browse = QPushButton(self.tr("Choose file…"))
        browse.clicked.connect(self._browse)
        self.encoding = QComboBox()
        self.encoding.addItem(self.tr("detect (UTF-8, else cp1251)"), None)
        for name in imports.ENCODINGS:
            self.encoding.addItem(name, name)
        self.delimiter = QComboBox()
        for label, value in ((self.tr("detect"), None), (",", ","), (";", ";"),
                             (self.tr("tab"), "\t"), ("|", "|")):
            self.delimiter.addItem(label, value)
        check = QPushButton(self.tr("Check"))
        check.clicked.connect(self.check)

        where = QHBoxLayout()
        where.addWidget(self.path, 1)
        where.addWidget(browse)
        options = QHBoxLayout()
        options.addWidget(QLabel(self.tr("Encoding")))
        options.addWidget(self.encoding)
        options.addWidget(QLabel(self.tr("Delimiter")))
        options.addWidget(self.delimiter)
        options.addStretch(1)
        options.addWidget(check)
        form = QFormLayout()
        form.addRow(self.tr("Into"), self.table)
        form.addRow(self.tr("File"), where)
        form.addRow("", options)

        self.summary = QLabel(self.tr("Choose a file to see what would be imported."))
        self.summary.setWordWrap(True)
        self.mapping_box = QWidget()
        self.mapping_layout = QFormLayout(self.mapping_box)
        self.mapping_box.hide()
        self.new_values_box = QGroupBox(self.tr("New values: tick those that are not typos"))
        self.new_values_box.setObjectName("newValues")
        self.new_values_layout = QVBoxLayout(self.new_values_box)
        self.new_values_box.hide()
        self.preview = QTableWidget()
        self.preview.setEditTriggers(QAbstractItemView.EditTrigger.NoEditTriggers)
        self.preview.verticalHeader().hide()
        self.preview.setWordWrap(True)
        self.buttons = QDialogButtonBox(QDialogButtonBox.StandardButton.Cancel)
        self.import_button = self.buttons.addButton(self.tr("Import"),
                                                    QDialogButtonBox.ButtonRole.AcceptRole)
        self.import_button.setEnabled(False)
        self.buttons.accepted.connect(self.run_import)
        self.buttons.rejected.connect(self.reject)

        layout = QVBoxLayout(self)
        layout.addLayout(form)
        layout.addWidget(self.summary)
        layout.addWidget(self.mapping_box)
        layout.addWidget(self.new_values_box)
        layout.addWidget(self.preview, 1)
        layout.addWidget(self.buttons)
        self.table.currentIndexChanged.connect(lambda _i: self.check())
        if path:
            self.check()

    def _browse(self) -> None:
        path, _ = QFileDialog.getOpenFileName(
            self, self.tr("Import from"), self.path.text(),
            self.tr("Tables (*.csv *.tsv *.txt *.xlsx *.json);;All files (*)"))
        if path:
            self.path.setText(path)
            self.check()

    def mapping(self) -> dict[str, str | None]:
        return {header: box.currentData() or None for header, box in self._mapping_boxes.items()}

    # ------------------------------------------------------------------ checking

    def check(self) -> None:
        """Plan the import in a worker: read and validate every row, write nothing."""
        path = self.path.text().strip()
        if not path:
            return
        self._generation += 1
        generation, table = self._generation, self.table.currentData()
        if self.plan is not None and self.plan.table != table:
            self._overrides = {}  # another table: other columns
            self._accepted = set()
        self._overrides.update(self.mapping())
        mapping = dict(self._overrides) or None
        accept = set(self._accepted)
        encoding, delimiter = self.encoding.currentData(), self.delimiter.currentData()
        self.import_button.setEnabled(False)
        self.summary.setText(self.tr("Checking {0}…").format(Path(path).name))

        def work(session: Session) -> imports.ImportPlan | imports.ImportFileError:
            try:
                return imports.plan_import(session, table, path, encoding=encoding,
                                           delimiter=delimiter, mapping=mapping,
                                           accept=accept)
            except imports.ImportFileError as exc:
                return exc

        # Any other failure (a crash, which the worker logs) refuses the file in its own words.
        self.runner.submit(work, lambda result: self._checked(generation, result),
                           lambda error: self._checked(generation, imports.ImportFileError(str(error))))

    def _checked(self, generation: int, result: imports.ImportPlan | imports.ImportFileError) -> None:
        if generation != self._generation:
            return  # a newer check is on its way
        self._show_check(result)
        self.checked.emit(result)

    def _show_check(self, result: imports.ImportPlan | imports.ImportFileError) -> None:
        if isinstance(result, imports.ImportFileError):
            self.plan = None
            self.summary.setText(self.tr("<b>This file cannot be imported:</b> {0}").format(result))
            self.preview.clear()
            self.preview.setRowCount(0)
            self.mapping_box.hide()
            self.new_values_box.hide()
            return
        self.plan = result
        self._show_mapping(result)
        self._show_new_values(result)
        self._show_preview(result)
        bad_rows = len({i.row for i in result.errors if i.row})
        text = self.tr("{0} rows read · {1} ready to import · {2} with errors · {3} warnings").format(
            result.rows_read, len(result.records), bad_rows, len(result.warnings))
        if any(not new.accepted for new in result.new_values.values()):
            text += "<br>" + self.tr("Some agencies, instruments or stages are not known yet: "
                                     "tick each one that is really new, fix the file for typos.")
        if not result.ok:
            text += "<br><b>" + self.tr("Nothing will be imported until every error is fixed.") + "</b>"
        self.summary.setText(text)
        self.import_button.setEnabled(result.ok and bool(result.records))

    def _show_mapping(self, plan: imports.ImportPlan) -> None:
        while self.mapping_layout.rowCount():
            self.mapping_layout.removeRow(0)
        self._mapping_boxes = {}
        unknown = [h for h in plan.headers
                   if h and (plan.mapping.get(h) is None or h in self._overrides)]
        for header in unknown:
            label = QLabel(self.tr("Column “{0}” is").format(header))
            box = QComboBox()
            box.addItem(self.tr("ignored"), IGNORE)
            for column in TABLES[plan.table].columns:
                box.addItem(f"{column.label} ({column.name})", column.name)
            chosen = self._overrides.get(header)
            if chosen:
                box.setCurrentIndex(box.findData(chosen))
            box.currentIndexChanged.connect(lambda _i: self.check())
            self.mapping_layout.addRow(label, box)
            self._mapping_boxes[header] = box
        self.mapping_box.setVisible(bool(unknown))

    def _show_new_values(self, plan: imports.ImportPlan) -> None:
        """A box per new value; kept across re-checks, so ticking one keeps the focus."""
        if set(plan.new_values) != set(self._new_value_boxes):
            for old in self._new_value_boxes.values():  # the only widgets in the layout
                self.new_values_layout.removeWidget(old)
                old.deleteLater()
            self._new_value_boxes = {}
            for (column, key), new in plan.new_values.items():
                box = QCheckBox()
                box.setObjectName(f"newValue:{column}:{key}")
                box.toggled.connect(lambda on, value=(column, new.text): self._confirm(value, on))
                self.new_values_layout.addWidget(box)
                self._new_value_boxes[column, key] = box
        spec = TABLES[plan.table]
        for (column, key), new in plan.new_values.items():
            box = self._new_value_boxes[column, key]
            rows = ", ".join(map(str, new.rows[:10])) + (" …" if len(new.rows) > 10 else "")
            box.setText(self.tr("Add “{0}” as a new {1} (rows {2})").format(
                new.text, column_label(spec.get(column) or column).lower(), rows))
            box.blockSignals(True)
            box.setChecked(new.accepted)
            box.blockSignals(False)
        self.new_values_box.setVisible(bool(plan.new_values))

    def _confirm(self, value: tuple[str, str], on: bool) -> None:
        (self._accepted.add if on else self._accepted.discard)(value)
        self.check()

    def _show_preview(self, plan: imports.ImportPlan) -> None:
        columns = [c for c in dict.fromkeys(plan.mapping.values()) if c][:6]
        headers = [self.tr("Row"), self.tr("Status"), *columns, self.tr("Problems")]
        rows = sorted({i.row for i in plan.issues if i.row} | set(plan.records_by_row))
        rows = rows[:PREVIEW_ROWS]
        records = plan.records_by_row
        self.preview.clear()
        self.preview.setColumnCount(len(headers))
        self.preview.setHorizontalHeaderLabels(headers)
        self.preview.setRowCount(len(rows) + (1 if any(i.row == 0 for i in plan.issues) else 0))
        at = 0
        header_issues = [i for i in plan.issues if i.row == 0]
        if header_issues:
            self._put(at, ["—", self.tr("header"), *[""] * len(columns),
                           "; ".join(f"{i.column}: {i.message}" for i in header_issues)],
                      error=any(i.error for i in header_issues))
            at += 1
        for row in rows:
            issues = plan.row_issues(row)
            failed = any(i.error for i in issues)
            record = records.get(row)
            shown = ([_show(c, record.get(_record_key(c))) for c in columns] if record is not None
                     else [plan.raw.get(row, {}).get(c, "") for c in columns])  # as read
            status = self.tr("error") if failed else (self.tr("warning") if issues else self.tr("ok"))
            cells = [str(row), status, *shown,
                     "; ".join(f"{i.column + ': ' if i.column else ''}{i.message}" for i in issues)]
            self._put(at, cells, error=failed, warning=bool(issues) and not failed)
            at += 1
        header = self.preview.horizontalHeader()
        header.setSectionResizeMode(QHeaderView.ResizeMode.ResizeToContents)
        header.setSectionResizeMode(len(headers) - 1, QHeaderView.ResizeMode.Stretch)
        self.preview.resizeRowsToContents()

    def _put(self, row: int, cells: list[str], *, error: bool = False, warning: bool = False) -> None:
        colour = QColor("#d33f49") if error else QColor("#c9a227") if warning else None
        for column, text in enumerate(cells):
            item = QTableWidgetItem(text)
            item.setToolTip(text)
            if colour is not None and column == 1:
                item.setForeground(colour)
            self.preview.setItem(row, column, item)

    # ------------------------------------------------------------------ importing

    def run_import(self) -> None:
        plan = self.plan
        if plan is None or not plan.ok:
            return
        self.import_button.setEnabled(False)
        self.summary.setText(self.tr("Importing {0} records…").format(len(plan.records)))

        def work(session: Session) -> imports.ImportResult:
            with session.begin():
                return imports.apply_import(session, plan)

        self.runner.submit(work, self._imported, self._import_failed)

    def _imported(self, result: imports.ImportResult) -> None:
        self.imported.emit(result)
        self.accept()

    def _import_failed(self, error: BaseException) -> None:
        self.summary.setText(self.tr("<b>The import failed and nothing was written:</b> {0}")
                             .format(str(error)))
        self.import_button.setEnabled(bool(self.plan and self.plan.ok))


def _record_key(column: str) -> str:
    return {"parent_id": "parent", "agreement_id": "agreement",
            "organisation_id": "organisation"}.get(column, column)


def _show(column: str, value: Any) -> str:  # a record field: any of the dataset's types
    if value is None:
        return ""
    if column in ("amount_usd", "cofinancing_usd"):
        return formatting.money(value)
    if isinstance(value, list):
        return "; ".join(map(str, value))
    if isinstance(value, dict):
        return "; ".join(value)
    return str(value)

