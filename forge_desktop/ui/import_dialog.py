"""Import from the window: pick a file, map unknown headers, preview every record as it will
be stored and every row's problems, then import all or nothing. Reading and checking run in a
worker; so does the write. While either runs, a progress bar says how far it is and Cancel
stops it: nothing is written (the core rolls the import back)."""

from __future__ import annotations

import threading
import time
from pathlib import Path
from typing import Any

from PySide6.QtCore import Qt, Signal, Slot
from PySide6.QtGui import QColor, QKeyEvent
from PySide6.QtWidgets import (
    QAbstractButton,
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
    QMessageBox,
    QProgressBar,
    QPushButton,
    QSplitter,
    QStyle,
    QTableWidget,
    QTableWidgetItem,
    QTreeWidget,
    QTreeWidgetItem,
    QVBoxLayout,
    QWidget,
)
from sqlalchemy.orm import Session

from ..core import formatting, imports
from ..core.columns import TABLES, ColumnSpec, Kind
from ..core.records import format_value
from .labels import column_label, table_label
from .worker import QueryRunner

PREVIEW_ROWS = 500
IGNORE = ""
ERROR_COLOUR, WARNING_COLOUR = QColor("#d33f49"), QColor("#c9a227")
# Not columns of the preview: folded into another's cell (the qualifier into the amount, the
# precision into the date), or the same for every imported record. (The source shows when a
# row names its own: the others rest on the file.)
FOLDED = {"amount_qualifier", "date_precision", "origin"}
# The field that names a record, per table: what a problem's row is called by.
NAMED_BY = {"financing": "recipient", "participants": "name", "agreements": "title"}
# Rows with only warnings start expanded while there are no more than this many rows to read.
EXPAND_WARNINGS = 50
ROW_ROLE = Qt.ItemDataRole.UserRole  # a problem's data row (0: the file and its header)
# Seconds between two progress reports the worker sends the dialog (the last always goes):
# the core reports every thousand rows or so, which a fast machine does many times a second.
PROGRESS_INTERVAL = 0.1
CHECK, IMPORT = "check", "import"  # what runs in the worker, if anything


class ImportDialog(QDialog):
    """The preview: nothing is written until Import is pressed, and only if no row fails.

    Each step's outcome leaves as a signal: :attr:`checked` once a check is shown (the
    plan, or why the file is refused), :attr:`imported` once the records are written, so
    the window, and a test, wait on them rather than on the dialog's state.
    """

    checked = Signal(object)  # the core.imports.ImportPlan shown, or the ImportFileError refusing the file
    imported = Signal(object)  # the core.imports.ImportResult of a written import
    cancelled = Signal(str)  # CHECK or IMPORT, once the worker has stopped: nothing was written
    # From the worker: (its run, done, total); queued to the dialog's thread (_show_progress).
    progressed = Signal(int, int, int)

    def __init__(self, runner: QueryRunner, table: str, parent: QWidget | None = None,
                 path: str = ""):
        super().__init__(parent)
        self.runner = runner
        self.plan: imports.ImportPlan | None = None
        self._overrides: dict[str, str | None] = {}  # header → column, as the user chose
        self._accepted: set[tuple[str, str]] = set()  # new (column, value)s the user confirmed
        self._new_value_boxes: dict[tuple[str, str], QCheckBox] = {}
        self._mapping_boxes: dict[str, QComboBox] = {}  # header → its column chooser, as shown
        self._preview_rows: dict[int, int] = {}  # data row → its row in the preview table
        self.confirm_dropped: QMessageBox | None = None  # asking about dropped columns, if open
        self.running: str | None = None  # CHECK or IMPORT while the worker runs one
        self._run = 0  # counts the runs: a progress report names its run, a stale one is dropped
        self._stop = threading.Event()  # the current run's: set on the UI thread, read by the worker
        self.setObjectName("importDialog")
        self.setWindowTitle(self.tr("Import records"))
        self.resize(1000, 680)

        self.table = QComboBox()
        for name, spec in TABLES.items():
            self.table.addItem(table_label(spec), name)
        self.table.setCurrentIndex(self.table.findData(table))
        self.path = QLineEdit(path)
        self.path.setPlaceholderText(self.tr("a .csv, .xlsx, .ods or .json file"))
        self.path.returnPressed.connect(self.check)
        browse = QPushButton(self.tr("Choose file…"))
        browse.clicked.connect(self._browse)
        self.encoding = QComboBox()
        self.encoding.addItem(self.tr("detect (BOM, UTF-8, else a Cyrillic code page)"), None)
        for name in imports.ENCODINGS:
            self.encoding.addItem(name, name)
        self.delimiter = QComboBox()
        for label, value in ((self.tr("detect"), None), (",", ","), (";", ";"),
                             (self.tr("tab"), "\t"), ("|", "|")):
            self.delimiter.addItem(label, value)
        check = QPushButton(self.tr("Check"))
        check.clicked.connect(self.check)
        self.check_button = check

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
        self.problems_title = QLabel()
        self.problems = QTreeWidget()
        self.problems.setObjectName("importProblems")
        self.problems.setAccessibleName(self.tr("Problems"))
        self.problems.setHeaderHidden(True)
        self.problems.setWordWrap(True)
        self.problems.currentItemChanged.connect(lambda item, _old: self._go_to_row(item))
        self.problems_box = QWidget()
        problems_layout = QVBoxLayout(self.problems_box)
        problems_layout.setContentsMargins(0, 0, 0, 0)
        problems_layout.addWidget(self.problems_title)
        problems_layout.addWidget(self.problems, 1)
        self.problems_box.hide()
        self.preview = QTableWidget()
        self.preview.setObjectName("importPreview")
        self.preview.setAccessibleName(self.tr("Records as they will be stored"))
        self.preview.setEditTriggers(QAbstractItemView.EditTrigger.NoEditTriggers)
        self.preview.setSelectionBehavior(QAbstractItemView.SelectionBehavior.SelectRows)
        self.preview.verticalHeader().hide()
        self.preview.setWordWrap(True)
        self.results = QSplitter(Qt.Orientation.Vertical)
        self.results.addWidget(self.problems_box)
        self.results.addWidget(self.preview)
        self.results.setStretchFactor(1, 1)
        self.results.setChildrenCollapsible(False)
        self.progress_label = QLabel()
        self.progress_label.setObjectName("importProgressLabel")
        self.progress_bar = QProgressBar()
        self.progress_bar.setObjectName("importProgress")
        self.progress_bar.setAccessibleName(self.tr("Import progress"))
        self.progress_bar.setTextVisible(True)
        self.progress_box = QWidget()
        progress_layout = QHBoxLayout(self.progress_box)
        progress_layout.setContentsMargins(0, 0, 0, 0)
        progress_layout.addWidget(self.progress_bar)  # its own width: a new label moves nothing
        progress_layout.addWidget(self.progress_label, 1)
        self.progress_bar.setFixedWidth(max(240, 20 * self.fontMetrics().averageCharWidth()))
        self.progress_box.hide()
        self.progressed.connect(self._show_progress, Qt.ConnectionType.QueuedConnection)
        self.buttons = QDialogButtonBox(QDialogButtonBox.StandardButton.Cancel)
        self.cancel_button = self.buttons.button(QDialogButtonBox.StandardButton.Cancel)
        self.import_button = self.buttons.addButton(self.tr("Import"),
                                                    QDialogButtonBox.ButtonRole.AcceptRole)
        self.import_button.setEnabled(False)
        self.buttons.accepted.connect(self.run_import)
        self.buttons.rejected.connect(self._cancel_pressed)
        # What a running import leaves alone: its plan is made, and only Cancel may change it.
        self._inputs: list[QWidget] = [self.table, self.path, browse, self.encoding,
                                       self.delimiter, check, self.mapping_box,
                                       self.new_values_box]

        layout = QVBoxLayout(self)
        layout.addLayout(form)
        layout.addWidget(self.summary)
        layout.addWidget(self.mapping_box)
        layout.addWidget(self.new_values_box)
        layout.addWidget(self.results, 1)
        bottom = QHBoxLayout()  # the progress beside the buttons: showing it moves nothing
        bottom.addWidget(self.progress_box, 1)
        bottom.addWidget(self.buttons)
        layout.addLayout(bottom)
        self.table.currentIndexChanged.connect(lambda _i: self.check())
        if path:
            self.check()

    def keyPressEvent(self, event: QKeyEvent) -> None:
        """Return in a chooser or the file field is no Import: it picks a column, or checks
        the file. Elsewhere it presses Import, which asks before leaving any column out."""
        if (event.key() in (Qt.Key.Key_Return, Qt.Key.Key_Enter)
                and isinstance(self.focusWidget(), QComboBox | QLineEdit)):
            event.accept()
            return
        super().keyPressEvent(event)

    # ------------------------------------------------------------------ running, cancelling

    def _cancel_pressed(self) -> None:
        """Cancel stops what runs and keeps the dialog open; with nothing running, it closes."""
        if self.running is not None:
            self.stop()
        else:
            self.reject()

    def reject(self) -> None:
        """Esc or closing the window while a check or an import runs stops it too."""
        if self.running is not None:
            self.stop()
        super().reject()

    def stop(self) -> None:
        """Ask the running check or import to stop at its next look (a thousand rows or a
        chunk of records at most): it raises ImportCancelled and nothing is written."""
        if self.running is None or self._stop.is_set():
            return
        self._stop.set()
        self.progress_label.setText(self.tr("Cancelling…"))
        self.cancel_button.setEnabled(False)  # heard: pressing again changes nothing

    def _start(self, kind: str) -> tuple[imports.Progress, imports.Cancelled]:
        """Show the progress of a new run; its reporter and its "cancelled?" for the worker."""
        self._run += 1
        self.running = kind
        self._stop = threading.Event()
        run, stop = self._run, self._stop
        self.progress_bar.setRange(0, 0)  # busy until the first report gives the total
        self.progress_label.setText(self.tr("Reading the file…") if kind == CHECK
                                    else self.tr("Writing…"))
        self.progress_box.show()
        self.cancel_button.setEnabled(True)
        if kind == IMPORT:
            for widget in self._inputs:
                widget.setEnabled(False)
        last = [float("-inf")]

        def progress(done: int, total: int) -> None:  # in the worker
            now = time.monotonic()
            if done < total and now - last[0] < PROGRESS_INTERVAL:
                return
            last[0] = now
            try:
                self.progressed.emit(run, done, total)
            except RuntimeError:  # the dialog is gone: nobody to tell
                stop.set()

        return progress, stop.is_set

    def _finish(self) -> None:
        """The worker has answered: hide the progress, give the controls back."""
        self.running = None
        self.progress_box.hide()
        self.cancel_button.setEnabled(True)
        for widget in self._inputs:
            widget.setEnabled(True)

    @Slot(int, int, int)
    def _show_progress(self, run: int, done: int, total: int) -> None:
        if run != self._run or self.running is None or self._stop.is_set():
            return  # a run since superseded, or one told to stop ("Cancelling…" stays)
        self.progress_bar.setRange(0, max(total, 1))
        self.progress_bar.setValue(min(done, total))
        if self.running == IMPORT:
            text = self.tr("Writing record {0} of {1}…")
        elif done < total:
            text = self.tr("Checking row {0} of {1}…")
        else:
            text = self.tr("Checking the links between records…")
        self.progress_label.setText(text.format(formatting.number(done), formatting.number(total)))

    def _stopped(self, kind: str) -> None:
        """The worker heard Cancel: nothing was written; say so and give the controls back."""
        self._finish()
        if kind == CHECK:  # the plan shown, if any, was for other settings: none is kept
            self._show_check(None)
            self.summary.setText(self.tr("Check cancelled — nothing was changed. Press Check "
                                         "to read the file again."))
        else:
            self.summary.setText(self.tr("Import cancelled — nothing was changed."))
            self.import_button.setEnabled(bool(self.plan and self.plan.ok and self.plan.records))
        self.cancelled.emit(kind)

    # ------------------------------------------------------------------ the file

    def _browse(self) -> None:
        path, _ = QFileDialog.getOpenFileName(
            self, self.tr("Import from"), self.path.text(),
            self.tr("Tables (*.csv *.tsv *.txt *.xlsx *.ods *.json);;All files (*)"))
        if path:
            self.path.setText(path)
            self.check()

    def mapping(self) -> dict[str, str | None]:
        return {header: box.currentData() or None for header, box in self._mapping_boxes.items()}

    # ------------------------------------------------------------------ checking

    def check(self) -> None:
        """Plan the import in a worker: read and validate every row, write nothing."""
        path = self.path.text().strip()
        if not path or self.running == IMPORT:  # the plan being written stays as it is
            return
        table = self.table.currentData()
        if self.plan is not None and self.plan.table != table:
            self._overrides = {}  # another table: other columns
            self._accepted = set()
        self._overrides.update(self.mapping())
        mapping = dict(self._overrides) or None
        accept = set(self._accepted)
        encoding, delimiter = self.encoding.currentData(), self.delimiter.currentData()
        self.import_button.setEnabled(False)
        self.summary.setText(self.tr("Checking {0}…").format(Path(path).name))
        progress, cancelled = self._start(CHECK)

        def work(session: Session) -> imports.ImportPlan | imports.ImportFileError:
            try:
                return imports.plan_import(session, table, path, encoding=encoding,
                                           delimiter=delimiter, mapping=mapping,
                                           accept=accept, progress=progress,
                                           cancelled=cancelled)
            except imports.ImportFileError as exc:
                return exc

        # A newer check supersedes one still reading (key): only its answer arrives.
        self.runner.submit(work, self._checked, self._check_failed, key=f"import-check:{id(self)}")

    def _checked(self, result: imports.ImportPlan | imports.ImportFileError) -> None:
        if self._stop.is_set():  # Cancel came after the check's last look: it still counts
            self._stopped(CHECK)
            return
        self._finish()
        self._show_check(result)
        self.checked.emit(result)

    def _check_failed(self, error: BaseException) -> None:
        """Cancel stopped the check; any other failure (a crash, which the worker logs)
        refuses the file in its own words."""
        if isinstance(error, imports.ImportCancelled):
            self._stopped(CHECK)
        else:
            self._checked(imports.ImportFileError(str(error)))

    def _show_check(self, result: imports.ImportPlan | imports.ImportFileError | None) -> None:
        """The plan, or why the file is refused; None: no plan (a cancelled check)."""
        if not isinstance(result, imports.ImportPlan):
            self.plan = None
            if result is not None:
                self.summary.setText(self.tr("<b>This file cannot be imported:</b> {0}")
                                     .format(result))
            self.preview.clear()
            self.preview.setRowCount(0)
            self.problems.clear()
            self.problems_box.hide()
            self.mapping_box.hide()
            self.new_values_box.hide()
            return
        self.plan = result
        self._show_mapping(result)
        self._show_new_values(result)
        self._show_preview(result)
        self._show_problems(result)
        bad_rows = len({i.row for i in result.errors if i.row})
        text = self.tr("{0} rows read · {1} ready to import · {2} with errors · {3} warnings").format(
            *map(formatting.number, (result.rows_read, len(result.records), bad_rows,
                                     len(result.warnings))))
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
        """Every row read, each field as the table will show it once stored; a row that
        fails shows its cells as read. The columns are those the file fills."""
        rows = sorted({i.row for i in plan.issues if i.row} | set(plan.records_by_row))
        rows = rows[:PREVIEW_ROWS]
        stored = {row: plan.stored_values(plan.records_by_row[row])
                  for row in rows if row in plan.records_by_row}
        mapped = set(plan.mapping.values())
        columns = [c for c in TABLES[plan.table].columns if c.name not in FOLDED
                   and (c.name in mapped or any(_filled(v[c.name]) for v in stored.values()))]
        headers = [self.tr("Row"), self.tr("Status"), *(column_label(c) for c in columns)]
        self.preview.clear()
        self.preview.setColumnCount(len(headers))
        self.preview.setHorizontalHeaderLabels(headers)
        self.preview.setRowCount(len(rows))
        self._preview_rows = {}
        for at, row in enumerate(rows):
            issues = plan.row_issues(row)
            failed = any(i.error for i in issues)
            status = self.tr("error") if failed else (self.tr("warning") if issues else self.tr("ok"))
            self._put(at, 0, str(row))
            self._put(at, 1, status, ERROR_COLOUR if failed else WARNING_COLOUR if issues else None)
            values = stored.get(row)
            for index, column in enumerate(columns, 2):
                if values is not None:
                    self._put(at, index, self._stored_text(column, values),
                              right=column.kind in (Kind.MONEY, Kind.NUMBER))
                else:  # not imported: the cell as the file has it
                    text = plan.raw.get(row, {}).get(column.name, "")
                    item = self._put(at, index, text)
                    item.setToolTip("\n".join(filter(None, (
                        text, self.tr("As read from the file: this row will not be imported")))))
            self._preview_rows[row] = at
        header = self.preview.horizontalHeader()
        header.setSectionResizeMode(QHeaderView.ResizeMode.Interactive)
        self.preview.resizeColumnsToContents()
        for index in range(2, len(headers)):  # a long summary wraps rather than widen the table
            header.resizeSection(index, min(header.sectionSize(index), 320))
        header.setStretchLastSection(True)
        self.preview.resizeRowsToContents()

    def _stored_text(self, column: ColumnSpec, values: dict[str, Any]) -> str:
        """A stored field in the table's words; a date says how precise the file gave it."""
        text = format_value(column.kind, values[column.name], values, column.name)
        precision = values.get("date_precision") if column.kind is Kind.DATE else None
        if text and precision:
            words = {"day": self.tr("day"), "month": self.tr("month"), "year": self.tr("year")}
            text = self.tr("{0} ({1})").format(text, words.get(precision, precision))
        return text

    def _put(self, row: int, column: int, text: str, colour: QColor | None = None, *,
             right: bool = False) -> QTableWidgetItem:
        item = QTableWidgetItem(text)
        item.setToolTip(text)
        if colour is not None:
            item.setForeground(colour)
        if right:
            item.setTextAlignment(Qt.AlignmentFlag.AlignRight | Qt.AlignmentFlag.AlignVCenter)
        self.preview.setItem(row, column, item)
        return item

    def _show_problems(self, plan: imports.ImportPlan) -> None:
        """The problems by row, the file's own first: each row a line, its errors beneath it
        before its warnings. A row's line says how many of each; so does the title."""
        self.problems.clear()
        by_row: dict[int, list[imports.Issue]] = {}
        for issue in plan.issues:
            by_row.setdefault(issue.row, []).append(issue)
        rows = sorted(by_row)[:PREVIEW_ROWS + 1]  # row 0 first: the file and its header
        style = self.style()
        icons = {True: style.standardIcon(QStyle.StandardPixmap.SP_MessageBoxCritical),
                 False: style.standardIcon(QStyle.StandardPixmap.SP_MessageBoxWarning)}
        for row in rows:
            issues = sorted(by_row[row], key=lambda i: not i.error)  # stable: file order kept
            errors = sum(i.error for i in issues)
            item = QTreeWidgetItem([self._problem_row_title(plan, row, errors, len(issues) - errors)])
            item.setData(0, ROW_ROLE, row)
            item.setIcon(0, icons[errors > 0])
            for issue in issues:
                child = QTreeWidgetItem([self._issue_text(plan, issue)])
                child.setData(0, ROW_ROLE, row)
                child.setIcon(0, icons[issue.error])
                child.setToolTip(0, child.text(0))
                item.addChild(child)
            self.problems.addTopLevelItem(item)
            item.setExpanded(errors > 0 or row == 0 or len(rows) <= EXPAND_WARNINGS)
        self.problems_title.setText("<b>" + self.tr("Problems") + "</b> · " + self._counts(
            len(plan.errors), len(plan.warnings), always=True))
        self.problems_box.setVisible(bool(plan.issues))
        self._fit_problems()

    def _counts(self, errors: int, warnings: int, *, always: bool = False) -> str:
        """"errors: 2 · warnings: 1": a count per kind, worded alike for any number."""
        counts = [self.tr("errors: {0}").format(errors)] if errors or always else []
        counts += [self.tr("warnings: {0}").format(warnings)] if warnings or always else []
        return " · ".join(counts)

    def _fit_problems(self) -> None:
        """Give the problems the height their lines need, up to half of what the two panes
        share, so a few warnings leave the preview its room."""
        layout = self.layout()
        if layout is not None:  # the summary and the boxes above may have just grown
            layout.activate()
        lines = 0
        for index in range(self.problems.topLevelItemCount()):
            item = self.problems.topLevelItem(index)
            if item is not None:
                lines += 1 + (item.childCount() if item.isExpanded() else 0)
        line = max(self.problems.fontMetrics().height(), self.problems.iconSize().height(), 16) + 4
        needed = self.problems_title.sizeHint().height() + lines * line + 2 * self.problems.frameWidth() + 8
        total = self.results.height() or 2 * needed  # not laid out yet: keep the proportion
        shown = min(needed, total // 2)
        self.results.setSizes([shown, total - shown])

    def _problem_row_title(self, plan: imports.ImportPlan, row: int, errors: int,
                           warnings: int) -> str:
        if row == 0:
            where = self.tr("The file and its header")
        else:
            record = plan.records_by_row.get(row) or plan.raw.get(row, {})
            name = record.get(NAMED_BY[plan.table]) or ""
            where = self.tr("Row {0}").format(row) + (f" · {name}" if name else "")
        return f"{where} — {self._counts(errors, warnings)}"

    def _issue_text(self, plan: imports.ImportPlan, issue: imports.Issue) -> str:
        kind = self.tr("error") if issue.error else self.tr("warning")
        if issue.column is None:
            return f"{kind}: {issue.message}"
        column = TABLES[plan.table].get(issue.column)
        where = column_label(column) if column is not None else issue.column  # a header as written
        return f"{kind} · {where}: {issue.message}"

    def _go_to_row(self, item: QTreeWidgetItem | None) -> None:
        """Show the chosen problem's row in the preview."""
        at = self._preview_rows.get(item.data(0, ROW_ROLE)) if item is not None else None
        if at is not None:
            self.preview.selectRow(at)
            self.preview.scrollTo(self.preview.model().index(at, 0))

    # ------------------------------------------------------------------ importing

    def run_import(self) -> None:
        """Import the plan shown; first ask, if the file has columns it would leave out."""
        plan = self.plan
        if plan is None or not plan.ok or not plan.records:
            return
        if plan.dropped_headers:
            self._confirm_dropped(plan)
        else:
            self._write(plan)

    def _confirm_dropped(self, plan: imports.ImportPlan) -> None:
        """Name the columns whose cells would be lost: Import anyway, or Map them (the
        default, so Return in the question imports nothing)."""
        dropped = plan.dropped_headers
        names = ", ".join(f"“{h}”" for h in dropped)
        text = (self.tr("This column will not be imported: {0}") if len(dropped) == 1
                else self.tr("These columns will not be imported: {0}")).format(names)
        box = QMessageBox(QMessageBox.Icon.Question, self.tr("Import records"), text,
                          QMessageBox.StandardButton.NoButton, self)
        box.setObjectName("droppedColumns")
        box.setInformativeText(self.tr("The records are imported without their cells. Map a "
                                       "column to keep what it holds."))
        anyway = box.addButton(self.tr("Import anyway"), QMessageBox.ButtonRole.AcceptRole)
        map_them = box.addButton(self.tr("Map them"), QMessageBox.ButtonRole.RejectRole)
        box.setDefaultButton(map_them)
        box.setEscapeButton(map_them)
        box.finished.connect(lambda _result: self._dropped_answered(box, plan, anyway))
        self.confirm_dropped = box
        box.open()

    def _dropped_answered(self, box: QMessageBox, plan: imports.ImportPlan,
                          anyway: QAbstractButton) -> None:
        self.confirm_dropped = None
        box.deleteLater()
        if box.clickedButton() is anyway and self.plan is plan:
            self._write(plan)
            return
        chooser = self._mapping_boxes.get(plan.dropped_headers[0])
        if chooser is not None:
            chooser.setFocus(Qt.FocusReason.OtherFocusReason)

    def _write(self, plan: imports.ImportPlan) -> None:
        if self.running is not None:
            self.runner.cancel(f"import-check:{id(self)}")  # a check of other settings: moot
        self.import_button.setEnabled(False)
        self.summary.setText(self.tr("Importing {0} records…").format(
            formatting.number(len(plan.records))))
        progress, cancelled = self._start(IMPORT)

        def work(session: Session) -> imports.ImportResult:
            with session.begin():
                return imports.apply_import(session, plan, progress=progress,
                                            cancelled=cancelled)

        self.runner.submit(work, self._imported, self._import_failed)

    def _imported(self, result: imports.ImportResult) -> None:
        self._finish()
        self.imported.emit(result)
        if self.isVisible():  # closed meanwhile, too late to stop the last chunk
            self.accept()

    def _import_failed(self, error: BaseException) -> None:
        if isinstance(error, imports.ImportCancelled):
            self._stopped(IMPORT)
            return
        self._finish()
        self.summary.setText(self.tr("<b>The import failed and nothing was written:</b> {0}")
                             .format(str(error)))
        self.import_button.setEnabled(bool(self.plan and self.plan.ok))


def _filled(value: Any) -> bool:  # a stored field: any of the dataset's types
    """Whether a field holds something to show; an aggregate flag only when it is set."""
    return value not in (None, "", []) and value is not False
