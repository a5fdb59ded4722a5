"""Export from the window: the selected rows, all filtered rows or the whole table, as
CSV, XLSX or JSON, in the columns on screen; in a worker, with progress and Cancel."""

from __future__ import annotations

import datetime as dt
import threading
from pathlib import Path

import platformdirs
from PySide6.QtCore import QCoreApplication, QObject, Qt, Signal
from PySide6.QtWidgets import (
    QButtonGroup,
    QCheckBox,
    QComboBox,
    QDialog,
    QDialogButtonBox,
    QFileDialog,
    QFormLayout,
    QHBoxLayout,
    QLineEdit,
    QMessageBox,
    QProgressDialog,
    QPushButton,
    QRadioButton,
    QVBoxLayout,
    QWidget,
)

from ..core import exporters
from ..core.columns import PROVENANCE_COLUMNS
from ..core.query import Query, count, stream, stream_positions
from .labels import table_label

translate = QCoreApplication.translate  # pyside6-lupdate reads translate("context", "text")

SELECTED, FILTERED, WHOLE = "selected", "filtered", "whole"


def export_columns(page, all_columns: bool, provenance: bool) -> tuple[str, ...]:
    model = page.model
    names = ([c.name for c in model.columns] if all_columns
             else [model.columns[i].name for i in page.visible_columns()])
    if provenance:
        names += [n for n in PROVENANCE_COLUMNS if n not in names]
    return tuple(names)


def run_export(session, query: Query, scope_ranges, fmt: str, path: str, *, bom: bool,
               progress=None) -> int:
    """Write the rows of *query* (or only *scope_ranges* of it) to *path*; returns the count."""
    rows = stream(session, query) if scope_ranges is None else stream_positions(
        session, query, scope_ranges)
    return exporters.write(path, fmt, query.output_columns, rows, bom=bom, progress=progress,
                           title=query.table)


class ExportDialog(QDialog):
    """Choose what to export, how and where."""

    def __init__(self, page, parent: QWidget | None = None, scope: str | None = None):
        super().__init__(parent)
        self.page = page
        self.setObjectName("exportDialog")
        self.setWindowTitle(self.tr("Export {0}").format(table_label(page.spec).lower()))
        selected = page.selected_count()
        total = page.model.total or 0

        self.scope_group = QButtonGroup(self)
        self.scope_buttons = {
            SELECTED: QRadioButton(self.tr("Selected rows ({0})").format(selected)),
            FILTERED: QRadioButton(self.tr("All rows matching the filters ({0})").format(total)),
            WHOLE: QRadioButton(self.tr("The whole table")),
        }
        for button in self.scope_buttons.values():
            self.scope_group.addButton(button)
        self.scope_buttons[SELECTED].setEnabled(selected > 0)
        chosen = scope or (SELECTED if selected else FILTERED)
        self.scope_buttons[chosen if self.scope_buttons[chosen].isEnabled() else FILTERED].setChecked(True)

        self.format = QComboBox()
        for fmt in exporters.FORMATS:
            self.format.addItem(fmt.upper(), fmt)
        self.bom = QCheckBox(self.tr("Start with a byte-order mark (for Excel)"))
        self.columns_visible = QRadioButton(self.tr("Columns as on screen"))
        self.columns_all = QRadioButton(self.tr("All columns"))
        self.columns_visible.setChecked(True)
        self.provenance = QCheckBox(self.tr("Add provenance: Russian quote, summary, notes, source"))
        self.path = QLineEdit()
        browse = QPushButton(self.tr("Browse…"))
        browse.clicked.connect(self._browse)
        where = QHBoxLayout()
        where.addWidget(self.path, 1)
        where.addWidget(browse)

        form = QFormLayout()
        scope_box = QVBoxLayout()
        for button in self.scope_buttons.values():
            scope_box.addWidget(button)
        form.addRow(self.tr("Rows"), scope_box)
        columns_box = QVBoxLayout()
        for widget in (self.columns_visible, self.columns_all, self.provenance):
            columns_box.addWidget(widget)
        form.addRow(self.tr("Columns"), columns_box)
        form.addRow(self.tr("Format"), self.format)
        form.addRow("", self.bom)
        form.addRow(self.tr("File"), where)
        buttons = QDialogButtonBox(QDialogButtonBox.StandardButton.Save
                                   | QDialogButtonBox.StandardButton.Cancel)
        buttons.accepted.connect(self.accept)
        buttons.rejected.connect(self.reject)
        layout = QVBoxLayout(self)
        layout.addLayout(form)
        layout.addWidget(buttons)
        self.format.currentIndexChanged.connect(self._format_changed)
        self._format_changed()

    def scope(self) -> str:
        return next(k for k, b in self.scope_buttons.items() if b.isChecked())

    def fmt(self) -> str:
        return self.format.currentData()

    def suggested_path(self) -> str:
        folder = Path(platformdirs.user_documents_dir())
        if not folder.is_dir():
            folder = Path.home()
        return str(folder / f"{self.page.spec.name}-{dt.date.today().isoformat()}.{self.fmt()}")

    def _format_changed(self) -> None:
        self.bom.setEnabled(self.fmt() == "csv")
        current = self.path.text()
        if not current:
            self.path.setText(self.suggested_path())
        else:
            self.path.setText(str(Path(current).with_suffix(f".{self.fmt()}")))

    def _browse(self) -> None:
        path, _ = QFileDialog.getSaveFileName(self, self.tr("Export to"), self.path.text(),
                                              f"{self.fmt().upper()} (*.{self.fmt()})")
        if path:
            self.path.setText(path)

    def job(self) -> tuple[Query, list[tuple[int, int]] | None]:
        """The query and, for a selection, the row ranges to write."""
        page = self.page
        columns = export_columns(page, self.columns_all.isChecked(), self.provenance.isChecked())
        scope = self.scope()
        if scope == WHOLE:
            return Query(page.spec.name, sort=page.model.query.sort, columns=columns), None
        query = page.model.query.with_columns(columns)
        if scope == FILTERED:
            return query, None
        ranges = page.selected_ranges()
        if ranges == [(0, (page.model.total or 0) - 1)]:
            return query, None  # everything is selected: stream it straight
        return query, ranges


class _Progress(QObject):
    """Carries the worker's progress to the UI thread."""

    sized = Signal(int)  # rows to write
    advanced = Signal(int)  # rows written


class ExportRunner:
    """Runs one export in the window's worker pool with a progress dialog and Cancel."""

    def __init__(self, window, query: Query, ranges, fmt: str, path: str, bom: bool):
        self.window, self.path = window, path
        self.cancelled = threading.Event()
        self.signals = _Progress()
        total = None
        if ranges is not None:
            total = sum(last - first + 1 for first, last in ranges)
        self.dialog = QProgressDialog(translate("ExportRunner", "Exporting to {0}…").format(Path(path).name),
                                      translate("ExportRunner", "Cancel"), 0, total or 0, window)
        self.dialog.setObjectName("exportProgress")
        self.dialog.setWindowModality(Qt.WindowModality.WindowModal)
        self.dialog.setMinimumDuration(400)
        self.dialog.canceled.connect(self.cancelled.set)
        self.signals.advanced.connect(self.dialog.setValue)
        self.signals.sized.connect(self.dialog.setMaximum)

        def progress(n: int) -> bool:
            self.signals.advanced.emit(n)
            return not self.cancelled.is_set()

        def work(session):
            self.signals.sized.emit(total if total is not None else count(session, query))
            return run_export(session, query, ranges, fmt, path, bom=bom, progress=progress)

        window.runner.submit(work, self._done, self._failed)

    def _done(self, written: int) -> None:
        self.dialog.reset()
        self.window.statusBar().showMessage(
            translate("ExportRunner", "Wrote {0} rows to {1}").format(written, self.path), 10000)
        self.window.last_export = (written, self.path)

    def _failed(self, message: str) -> None:
        self.dialog.reset()
        if self.cancelled.is_set():
            self.window.statusBar().showMessage(
                translate("ExportRunner", "Export cancelled; no file written"), 10000)
            self.window.last_export = (0, None)
            return
        QMessageBox.warning(self.window, translate("ExportRunner", "Export failed"),
                            translate("ExportRunner", "{0}\n\nNothing was written.").format(message))
        self.window.last_export = (0, None)
