"""A column's value counts and statistics, opened from the header's context menu.

:class:`ValueCountsDialog` lists a column's values under the table's filters, most frequent
first (VisiData's Shift+F); a click on a value filters the table to its rows.
:class:`StatisticsDialog` gives a money or number column's count, empty, minimum, maximum,
sum, median and mean. The figures are :mod:`forge_desktop.core.column_stats`'s, worked out
in the window's worker; each dialog is made once and shows the answer to the last question
asked of it (an older answer arriving late is dropped, as the table model drops them).
"""

from __future__ import annotations

from typing import Any

from PySide6.QtCore import QCoreApplication, Qt, Signal
from PySide6.QtWidgets import (
    QAbstractItemView,
    QDialog,
    QDialogButtonBox,
    QFormLayout,
    QHeaderView,
    QLabel,
    QTableWidget,
    QTableWidgetItem,
    QVBoxLayout,
    QWidget,
)

from ..core import formatting
from ..core.column_stats import Statistics, ValueCounts, statistics, value_counts
from ..core.columns import ColumnSpec, Kind
from ..core.query import Query
from ..core.records import format_value
from .labels import column_label
from .worker import QueryRunner

translate = QCoreApplication.translate  # pyside6-lupdate reads translate("context", "text")

RIGHT = Qt.AlignmentFlag.AlignRight | Qt.AlignmentFlag.AlignVCenter


def _count_text(n: int) -> str:
    """A count as the table's number cells read (digits grouped)."""
    return format_value(Kind.NUMBER, float(n), {})


class _ColumnDialog(QDialog):
    """What both dialogs share: a heading, a line saying what was counted, the worker."""

    def __init__(self, runner: QueryRunner, title: str, parent: QWidget | None = None):
        super().__init__(parent)
        self.runner = runner
        self.title = title
        self.heading = QLabel()
        self.summary = QLabel(wordWrap=True)
        self.buttons = QDialogButtonBox(QDialogButtonBox.StandardButton.Close)
        self.buttons.rejected.connect(self.reject)

    def _ask(self, column: ColumnSpec, work: Any, done: Any) -> None:
        """Show the dialog saying it is counting, and run *work* in the worker."""
        def failed(error: BaseException) -> None:
            self.summary.setText(translate("ColumnStats", "This could not be counted: {0}")
                                 .format(str(error)))

        self.setWindowTitle(f"{self.title} — {column_label(column)}")
        self.heading.setText(f"<b>{column_label(column)}</b>")
        self.summary.setText(translate("ColumnStats", "Counting…"))
        self.runner.submit(work, done, failed, key=f"column-stats:{id(self)}")  # the last asked wins
        self.show()
        self.raise_()
        self.activateWindow()


class ValueCountsDialog(_ColumnDialog):
    """A column's values, how many rows carry each and their share, most frequent first."""

    valueChosen = Signal(str, object)  # a table and the Condition showing its rows of a value

    def __init__(self, runner: QueryRunner, parent: QWidget | None = None):
        super().__init__(runner, translate("ValueCountsDialog", "Value counts"), parent)
        self.setObjectName("valueCountsDialog")
        self.counts: ValueCounts | None = None
        self.table_name = ""  # of the rows counted
        self.table = QTableWidget(0, 3)
        self.table.setObjectName("valueCountsTable")
        self.table.setAccessibleName(self.tr("Value counts"))
        self.table.setHorizontalHeaderLabels([self.tr("Value"), self.tr("Count"), self.tr("Share")])
        self.table.setEditTriggers(QAbstractItemView.EditTrigger.NoEditTriggers)
        self.table.setSelectionBehavior(QAbstractItemView.SelectionBehavior.SelectRows)
        self.table.setSelectionMode(QAbstractItemView.SelectionMode.SingleSelection)
        self.table.verticalHeader().hide()
        self.table.verticalHeader().setDefaultSectionSize(22)  # as dense as a facet's list
        self.table.setWordWrap(False)
        header = self.table.horizontalHeader()
        header.setSectionResizeMode(0, QHeaderView.ResizeMode.Stretch)
        for section in (1, 2):
            header.setSectionResizeMode(section, QHeaderView.ResizeMode.ResizeToContents)
        self.table.cellClicked.connect(lambda row, _column: self.choose(row))
        self.table.cellActivated.connect(lambda row, _column: self.choose(row))  # Enter
        self.hint = QLabel(self.tr("Click a value to show only its rows."))
        self.hint.setStyleSheet("color: gray;")
        layout = QVBoxLayout(self)
        for widget in (self.heading, self.summary, self.table, self.hint, self.buttons):
            layout.addWidget(widget)
        self.resize(460, 480)

    def count(self, query: Query, column: ColumnSpec) -> None:
        """Count the values of *column* under *query* (in the worker) and show them."""
        self.counts = None
        self.table_name = query.table
        self.table.setRowCount(0)
        self._ask(column, lambda session: value_counts(session, query, column.name), self._counted)

    def _counted(self, counts: ValueCounts) -> None:
        self.counts = counts
        text = self.tr("%n row(s) under the current filters", "", counts.rows) + " · " + \
            self.tr("%n value(s)", "", counts.distinct)
        if len(counts.values) < counts.distinct:
            text += " · " + self.tr("the %n most frequent shown", "", len(counts.values))
        if counts.overlapping:
            text += "\n" + self.tr("A row with several values counts under each: the shares "
                                   "add up to more than 100%.")
        self.summary.setText(text)
        self.table.setRowCount(len(counts.values))
        for row, value in enumerate(counts.values):
            label = QTableWidgetItem(value.label or self.tr("(empty)"))
            label.setToolTip(str(value.condition))
            if not value.label:
                label.setForeground(self.palette().placeholderText())
            number = QTableWidgetItem(_count_text(value.count))
            share = QTableWidgetItem(f"{counts.share(value):.1%}")
            for item in (number, share):
                item.setTextAlignment(RIGHT)
            for column, item in enumerate((label, number, share)):
                self.table.setItem(row, column, item)

    def choose(self, row: int) -> None:
        """Filter the table to the rows of the value on *row*, and close."""
        if self.counts is not None and 0 <= row < len(self.counts.values):
            self.valueChosen.emit(self.table_name, self.counts.values[row].condition)
            self.accept()


class StatisticsDialog(_ColumnDialog):
    """A money or number column's figures under the table's filters."""

    def __init__(self, runner: QueryRunner, parent: QWidget | None = None):
        super().__init__(runner, translate("StatisticsDialog", "Statistics"), parent)
        self.setObjectName("statisticsDialog")
        self.stats: Statistics | None = None
        self.kind = Kind.NUMBER
        # The rows of the form, in order: an attribute of Statistics and its label.
        labels = {"values": self.tr("With a value"), "empty": self.tr("Empty"),
                  "minimum": self.tr("Minimum"), "maximum": self.tr("Maximum"),
                  "total": self.tr("Sum"), "median": self.tr("Median"), "mean": self.tr("Mean")}
        self.figures: dict[str, QLabel] = {}
        form = QFormLayout()
        for name, label in labels.items():
            figure = QLabel()
            figure.setTextInteractionFlags(Qt.TextInteractionFlag.TextSelectableByMouse)
            figure.setObjectName(f"figure_{name}")
            self.figures[name] = figure
            form.addRow(label, figure)
        self.note = QLabel(wordWrap=True)
        self.note.setStyleSheet("color: gray;")
        layout = QVBoxLayout(self)
        layout.addWidget(self.heading)
        layout.addWidget(self.summary)
        layout.addLayout(form)
        layout.addWidget(self.note)
        layout.addStretch(1)
        layout.addWidget(self.buttons)
        self.resize(460, 340)

    def count(self, query: Query, column: ColumnSpec) -> None:
        """Work out the statistics of *column* under *query* (in the worker) and show them."""
        self.stats = None
        self.kind = column.kind
        for figure in self.figures.values():
            figure.clear()
        self.note.clear()
        self._ask(column, lambda session: statistics(session, query, column.name), self._counted)

    def figure(self, value: float | None) -> str:
        """A figure as the column's cells read, money compact with the exact dollars beside."""
        if value is None:
            return "—"
        if self.kind is Kind.MONEY:
            exact = round(value)
            return f"{formatting.money(exact)}  ({formatting.money_full(exact)})"
        return format_value(Kind.NUMBER, float(round(value, 2)), {})

    def _counted(self, result: Statistics) -> None:
        self.stats = result
        self.summary.setText(self.tr("%n row(s) under the current filters", "", result.rows))
        for name, figure in self.figures.items():
            value = getattr(result, name)
            figure.setText(_count_text(value) if name in ("values", "empty") else self.figure(value))
        if result.counting_rules:
            self.note.setText(self.tr("By the counting rules, as the status line totals: {0}")
                              .format(result.footnote(QCoreApplication.translate) or "—"))
