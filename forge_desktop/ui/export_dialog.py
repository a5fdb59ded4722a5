"""Export from the window: the selected rows, all filtered rows or the whole table, as
CSV, XLSX or JSON, in the columns on screen (labels and words, see
:mod:`forge_desktop.core.exports.on_screen`) or in all columns as stored (the form our import
reads back); headed by the columns' labels in the interface's language or by their field
names (Import reads either back); in a worker, with progress and Cancel. The dialog remembers
the folder and the format last saved to, and asks before replacing a file."""

from __future__ import annotations

import datetime as dt
import threading
from collections.abc import Sequence
from dataclasses import dataclass
from pathlib import Path
from typing import TYPE_CHECKING

import platformdirs
from PySide6.QtCore import QCoreApplication, QObject, Qt, Signal, Slot
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
from sqlalchemy.orm import Session

from ..core import exports
from ..core.columns import PROVENANCE_COLUMNS, TABLES
from ..core.query import Query, count, stream, stream_positions
from .labels import table_label
from .settings import Settings
from .worker import QueryRunner

if TYPE_CHECKING:
    from .table_page import TablePage

translate = QCoreApplication.translate  # pyside6-lupdate reads translate("context", "text")

SELECTED, FILTERED, WHOLE = "selected", "filtered", "whole"
LABELS, NAMES = "labels", "names"  # what heads the columns

RowRanges = tuple[tuple[int, int], ...]  # (first, last) positions in the query's order, inclusive


@dataclass(frozen=True)
class ExportJob:
    """One export as the dialog settled it: which rows, in what format, to which file.

    A value rather than the dialog's widgets, so the export runs (in a worker thread, while
    the user goes on working) on exactly what was chosen when Save was pressed, and a test
    or a script can build one without a dialog.
    """

    query: Query  # the rows' order and the columns to write
    ranges: RowRanges | None  # a selection's positions; None writes every row of the query
    fmt: str  # one of exports.FORMATS
    path: str
    bom: bool = False  # CSV only: a byte-order mark, so Excel reads UTF-8
    # In words, with each amount's qualifier and each date's precision beside it
    # (core.exports.on_screen); False: stored keys, as Import reads them back.
    on_screen: bool = False
    # Headed by the columns' labels in the interface's language; False: by field names.
    labels: bool = False
    # A sources column citing each record's sources with their quotes (an XLSX also gets a
    # Sources sheet and the data's version: core.exports.citations).
    with_sources: bool = False

    @property
    def rows(self) -> int | None:
        """How many rows a selection writes; None when only the database can count them."""
        if self.ranges is None:
            return None
        return sum(last - first + 1 for first, last in self.ranges)


def export_columns(page: TablePage, all_columns: bool, provenance: bool) -> tuple[str, ...]:
    """Every column in catalogue order, or the visible ones in on-screen order with what
    qualifies their amounts and dates; then the provenance columns if asked for."""
    model = page.model
    if all_columns:
        names = [c.name for c in model.columns]
    else:
        names = list(exports.with_companions(
            page.spec, [model.columns[i].name for i in page.visible_columns()]))
    if provenance:  # the columns of them this table has (the sources table has none)
        names += [n for n in PROVENANCE_COLUMNS if n not in names and page.spec.get(n)]
    return tuple(names)


def run_export(session: Session, query: Query, scope_ranges: Sequence[tuple[int, int]] | None,
               fmt: str, path: str, *, bom: bool, on_screen: bool = False, labels: bool = False,
               with_sources: bool = False, progress: exports.Progress | None = None) -> int:
    """Write the rows of *query* (or only *scope_ranges* of it) to *path*; returns the count.
    *on_screen* words them as the table does; otherwise they keep stored keys. *labels*
    heads the columns with their labels in the user's language, else with field names.
    *with_sources* adds each record's sources (and, to a workbook, a Sources sheet)."""
    cited = exports.WithSources(query, fmt, translate) if with_sources else None
    read = cited.query if cited else query
    columns = cited.columns if cited else query.output_columns
    rows = stream(session, read) if scope_ranges is None else stream_positions(
        session, read, scope_ranges)
    if cited:
        rows = cited.cite(session, rows)
    if on_screen:
        rows = exports.screen_rows(columns, rows)
    # QCoreApplication.translate is thread-safe: this runs in a worker
    headers = exports.screen_headers(columns, translate) if labels else None
    return exports.write(path, fmt, columns, rows, headers=headers, bom=bom, progress=progress,
                         title=query.table, sources=cited)


class ExportDialog(QDialog):
    """Choose what to export, how and where.

    With *settings*, it starts in the folder and format last saved to and remembers them
    when Save is pressed (an export to the same place is one click, not a folder hunt).
    """

    def __init__(self, page: TablePage, parent: QWidget | None = None, scope: str | None = None,
                 settings: Settings | None = None):
        super().__init__(parent)
        self.page = page
        self.settings = settings
        self._confirmed_path = ""  # a path the file dialog already asked to replace
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
        for fmt in exports.FORMATS:
            self.format.addItem(fmt.upper(), fmt)
        if settings is not None:
            self.format.setCurrentIndex(max(0, self.format.findData(settings.get("export/format"))))
        self.bom = QCheckBox(self.tr("Start with a byte-order mark (for Excel)"))
        self.columns_visible = QRadioButton(self.tr("Columns as on screen, headed by their labels"))
        self.columns_visible.setToolTip(self.tr(
            "The columns shown, in their order, with their labels as headers and stages and "
            "instruments in words. Amounts and dates stay numbers and dates; each amount's "
            "qualifier (up to, conditional) and each date's precision (a month, a year) come "
            "in a column beside it."))
        self.columns_all = QRadioButton(self.tr("All columns as stored, for re-import"))
        self.columns_all.setToolTip(self.tr(
            "Every column, headed by its field name (amount_usd), with values as stored "
            "(direct_loan): the form Import reads back as it is."))
        self.columns_visible.setChecked(True)
        self.headers = QComboBox()
        self.headers.addItem(self.tr("Labels, as on screen"), LABELS)
        self.headers.addItem(self.tr("Field names (amount_usd)"), NAMES)
        self.headers.setToolTip(self.tr(
            "What heads each column: its label in the interface's language, or its field "
            "name, as scripts read it. Import reads either back."))
        self.columns_visible.toggled.connect(self._columns_changed)
        self.provenance = QCheckBox(self.tr("Add provenance: Russian quote, summary, notes, source"))
        self.sources = QCheckBox(self.tr("Include sources"))
        self.sources.setToolTip(self.tr(
            "A column citing each record's sources with the passages quoted. An XLSX file also "
            "gets a Sources sheet, with how many records rest on each, and the data's version."))
        self.sources.setEnabled(page.spec.name in TABLES)  # the sources table cites nothing
        self.provenance.setEnabled(page.spec.name in TABLES)
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
        for widget in (self.columns_visible, self.columns_all, self.provenance, self.sources):
            columns_box.addWidget(widget)
        form.addRow(self.tr("Columns"), columns_box)
        form.addRow(self.tr("Column headers"), self.headers)
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
        return str(self.format.currentData())

    def suggested_path(self) -> str:
        """A dated file name in the folder last saved to, else in the user's documents."""
        saved = str(self.settings.get("export/folder") or "") if self.settings is not None else ""
        folder = Path(saved) if saved and Path(saved).is_dir() else Path(platformdirs.user_documents_dir())
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

    def _columns_changed(self, on_screen: bool) -> None:
        """Each form starts with the headers its readers expect: people read the columns as
        on screen by their labels, the form for re-import by field names. Either may have
        the other."""
        self.headers.setCurrentIndex(self.headers.findData(LABELS if on_screen else NAMES))

    def _browse(self) -> None:
        path, _ = QFileDialog.getSaveFileName(self, self.tr("Export to"), self.path.text(),
                                              f"{self.fmt().upper()} (*.{self.fmt()})")
        if path:
            self.path.setText(path)
            self._confirmed_path = path  # the file dialog has asked about replacing it

    def accept(self) -> None:
        """Save: ask before replacing a file that exists (unless the file dialog just
        asked), then remember the folder and the format for next time."""
        path = Path(self.path.text().strip())
        if path.is_file() and str(path) != self._confirmed_path:
            answer = QMessageBox.question(
                self, self.tr("Replace the file?"),
                self.tr("{0} already exists in {1}. Replace it?").format(path.name, path.parent),
                QMessageBox.StandardButton.Yes | QMessageBox.StandardButton.No,
                QMessageBox.StandardButton.No)
            if answer != QMessageBox.StandardButton.Yes:
                return  # back to the dialog: another name, or Cancel
        if self.settings is not None:
            self.settings.set("export/folder", str(path.absolute().parent))
            self.settings.set("export/format", self.fmt())
        super().accept()

    def job(self) -> ExportJob:
        """The export as chosen now: rows, columns, format and file."""
        query, ranges = self._rows()
        return ExportJob(query, ranges, self.fmt(), self.path.text().strip(), self.bom.isChecked(),
                         on_screen=self.columns_visible.isChecked(),
                         labels=self.headers.currentData() == LABELS,
                         with_sources=self.sources.isChecked())

    def _rows(self) -> tuple[Query, RowRanges | None]:
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
        return query, tuple(ranges)


class ExportRunner(QObject):
    """Runs one export in the worker pool with a progress dialog and Cancel.

    It only reports: each run ends in exactly one of :attr:`finished`, :attr:`cancelled`
    and :attr:`failed`, and the window words the outcome (the status line, or a message
    box). A runner is a child of the window, which keeps it alive while the worker writes;
    it deletes itself, and its progress dialog, once it has reported.
    """

    progress = Signal(int, int)  # rows written so far, rows to write (0 while counting)
    finished = Signal(int, str)  # rows written, the file written
    cancelled = Signal()  # the user pressed Cancel: no file was written
    failed = Signal(object)  # the exception that stopped it: nothing was written

    def __init__(self, job: ExportJob, queries: QueryRunner, parent: QWidget):
        super().__init__(parent)
        self.job, self._queries = job, queries
        self._cancel = threading.Event()  # set on the UI thread, read by the worker
        self.dialog = QProgressDialog(
            translate("ExportRunner", "Exporting to {0}…").format(Path(job.path).name),
            translate("ExportRunner", "Cancel"), 0, job.rows or 0, parent)
        self.dialog.setObjectName("exportProgress")
        self.dialog.setWindowModality(Qt.WindowModality.WindowModal)
        self.dialog.setMinimumDuration(400)
        self.dialog.canceled.connect(self.cancel)
        self.progress.connect(self._advance)  # emitted in the worker: queued to the UI thread

    def start(self) -> None:
        """Hand the export to the worker pool; the signals tell how it went."""
        job = self.job

        def work(session: Session) -> int:
            total = job.rows if job.rows is not None else count(session, job.query)
            self.progress.emit(0, total)

            def written(n: int) -> bool:
                self.progress.emit(n, total)
                return not self._cancel.is_set()  # False stops the writer, which removes the file

            return run_export(session, job.query, job.ranges, job.fmt, job.path, bom=job.bom,
                              on_screen=job.on_screen, labels=job.labels,
                              with_sources=job.with_sources, progress=written)

        self._queries.submit(work, self._done, self._failed)

    @Slot()
    def cancel(self) -> None:
        """Stop at the writer's next progress report; the partial file is removed."""
        self._cancel.set()

    @Slot(int, int)
    def _advance(self, written: int, total: int) -> None:
        self.dialog.setMaximum(total)
        self.dialog.setValue(written)

    def _done(self, written: int) -> None:
        self._close()
        self.finished.emit(written, self.job.path)

    def _failed(self, error: BaseException) -> None:
        self._close()
        if self._cancel.is_set():  # whatever stopped the writer, the user had asked it to stop
            self.cancelled.emit()
        else:
            self.failed.emit(error)

    def _close(self) -> None:
        self.dialog.reset()
        self.dialog.deleteLater()
        self.deleteLater()
