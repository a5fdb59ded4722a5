"""A lazy table model over a :class:`Query`: counts separately, holds a window of pages.

The model never holds the whole table. The first page shows as soon as it is read; the row
count comes after it from a COUNT query (the columnar mirror's, when it holds the rows); rows
come in pages of :data:`PAGE_SIZE`, fetched in a worker thread when the view first asks for a
row of that page, and at most :data:`MAX_PAGES` pages are kept. Sorting and filtering
build a new query and reset the model: the worker forgets (or interrupts) the jobs asked
for the old query, each keyed by this model and its page, so no old answer arrives.
"""

from __future__ import annotations

from collections import OrderedDict
from collections.abc import Sequence
from typing import Any

from PySide6.QtCore import (
    QAbstractTableModel,
    QModelIndex,
    QObject,
    QPersistentModelIndex,
    QRectF,
    Qt,
    Signal,
)
from PySide6.QtGui import QColor, QFont, QFontMetrics, QPainter, QPalette
from PySide6.QtWidgets import QApplication, QStyle, QStyledItemDelegate, QStyleOptionViewItem
from sqlalchemy.orm import Session

from ..core import columnar, formatting
from ..core.columns import ColumnSpec, Kind
from ..core.query import Query, SortKey, fetch
from ..core.records import format_value
from ..core.search import match_spans, search_words
from .labels import column_label, header_tooltip
from .worker import QueryRunner

PAGE_SIZE = 200
ROOT = QModelIndex()  # the invisible root: a table's rows hang off it
MAX_PAGES = 30

RawRole = Qt.ItemDataRole.UserRole  # the unformatted value, for machines
RecordIdRole = Qt.ItemDataRole.UserRole + 1
MatchesRole = Qt.ItemDataRole.UserRole + 2  # (start, end) of what the search matched in the text

Row = tuple[Any, ...]  # one record's raw values, in the model's column order
AnyIndex = QModelIndex | QPersistentModelIndex  # what Qt hands the model as an index or a parent


class QueryTableModel(QAbstractTableModel):
    countChanged = Signal(int)  # the number of rows that match, once known
    queryFailed = Signal(str)  # why the rows could not be read, in words for the status line

    def __init__(self, runner: QueryRunner, query: Query, parent: QObject | None = None, *,
                 load: bool = True):
        super().__init__(parent)
        self._runner = runner
        self._query = query.with_columns(None)  # every column: the view chooses what shows
        self._columns: tuple[ColumnSpec, ...] = self._query.output_columns
        self._index = {c.name: i for i, c in enumerate(self._columns)}
        # The record's name column carries the aggregate marker (Σ).
        self.name_column = next(i for i, c in enumerate(self._columns)
                                   if c.kind is Kind.TEXT and c.name != "id")
        self._count: int | None = None
        self._shown = 0
        self._pages: OrderedDict[int, list[Row]] = OrderedDict()
        self._pending: set[int] = set()
        self._key = f"model:{id(self)}:"  # its jobs' keys: a new query forgets them all
        self._held = False  # set_query(load=False): not even the view's fetchMore() asks
        self.rows_fetched = 0  # every row ever fetched: tests and benchmarks read it
        if load:
            self._request_first()

    # ------------------------------------------------------------------ query

    @property
    def query(self) -> Query:
        return self._query

    @property
    def columns(self) -> tuple[ColumnSpec, ...]:
        return self._columns

    @property
    def total(self) -> int | None:
        """How many rows match, or None while counting."""
        return self._count

    def set_query(self, query: Query, *, load: bool = True) -> None:
        """Show *query*'s rows: asked for now, or (*load* False) by the next set_query."""
        self.beginResetModel()
        self._runner.cancel_all(self._key)
        self._query = query.with_columns(None)
        self._count = None
        self._shown = 0  # rows the view has: the first page until the count arrives
        self._pages.clear()
        self._pending.clear()
        self.endResetModel()
        self._held = not load  # the view's fetchMore() waits too
        if load:
            self._request_first()

    def set_sort(self, keys: Sequence[SortKey]) -> None:
        self.set_query(self._query.with_sort(keys))

    def sort_keys(self) -> tuple[SortKey, ...]:
        if self._query.sort:
            return self._query.sort
        return tuple(SortKey(c, d) for c, d in self._query.spec.default_sort)

    def column_of(self, name: str) -> int:
        return self._index[name]

    # ------------------------------------------------------------------ fetching

    def _request_first(self) -> None:
        """The first page, shown as soon as it is read; then, if it is full, the count
        (at ten million rows the count can take longer than the page)."""
        if 0 in self._pending:
            return
        self._pending.add(0)
        query = self._query

        def work(session: Session) -> list[Row]:
            return fetch(session, query, 0, PAGE_SIZE).rows

        self._runner.submit(work, self._first_loaded, lambda error: self._failed(0, error),
                            urgent=True, key=f"{self._key}0")

    def _request_count(self) -> None:
        query = self._query

        def work(session: Session) -> int:
            return columnar.count_rows(session, query)

        self._runner.submit(work, self._counted, lambda error: self._failed(0, error),
                            urgent=True, key=f"{self._key}count")

    def _request_page(self, page: int) -> None:
        if page in self._pending or page in self._pages:
            return
        self._pending.add(page)
        query = self._query

        def work(session: Session) -> list[Row]:
            return fetch(session, query, page * PAGE_SIZE, PAGE_SIZE).rows

        self._runner.submit(work, lambda rows: self._page_loaded(page, rows),
                            lambda error: self._failed(page, error), urgent=True, key=f"{self._key}{page}")

    def _first_loaded(self, rows: list[Row]) -> None:
        self._store(0, rows)
        if rows:
            self.beginInsertRows(QModelIndex(), 0, len(rows) - 1)
            self._shown = len(rows)
            self.endInsertRows()
        self._pending.discard(0)  # only now: views ask canFetchMore() while rows go in
        if len(rows) < PAGE_SIZE:  # all there is: no count to wait for
            self._counted(len(rows))
        else:
            self._request_count()

    def _counted(self, total: int) -> None:
        """The count arrived: the rows after the first page (or fewer: rows went meanwhile)."""
        if total > self._shown:
            self.beginInsertRows(QModelIndex(), self._shown, total - 1)
            self._count = self._shown = total
            self.endInsertRows()
        elif total < self._shown:
            self.beginRemoveRows(QModelIndex(), total, self._shown - 1)
            self._count = self._shown = total
            self.endRemoveRows()
        else:
            self._count = total
        self.countChanged.emit(total)

    def _page_loaded(self, page: int, rows: list[Row]) -> None:
        self._pending.discard(page)
        self._store(page, rows)
        first = page * PAGE_SIZE
        last = min(first + len(rows), self._shown) - 1
        if last >= first:
            self.dataChanged.emit(self.index(first, 0), self.index(last, len(self._columns) - 1))

    def _failed(self, page: int, error: BaseException) -> None:
        self._pending.discard(page)
        if self._count is None:
            self._count = self._shown  # what is shown is all there will be
        self.queryFailed.emit(str(error))

    def _store(self, page: int, rows: list[Row]) -> None:
        self._pages[page] = rows
        self._pages.move_to_end(page)
        self.rows_fetched += len(rows)
        while len(self._pages) > MAX_PAGES:
            self._pages.popitem(last=False)

    def row_values(self, row: int) -> Row | None:
        """The raw values of *row* if its page is loaded (asks for the page if not)."""
        page, offset = divmod(row, PAGE_SIZE)
        rows = self._pages.get(page)
        if rows is None:
            self._request_page(page)
            return None
        self._pages.move_to_end(page)
        return rows[offset] if offset < len(rows) else None

    def loaded_id(self, row: int) -> str | None:
        """The id of *row* if its page is in memory; never asks for a page."""
        page, offset = divmod(row, PAGE_SIZE)
        rows = self._pages.get(page)
        return rows[offset][self._index["id"]] if rows is not None and offset < len(rows) else None

    def record_id(self, row: int) -> str | None:
        values = self.row_values(row)
        return None if values is None else values[self._index["id"]]

    def row_of(self, record_id: str) -> int | None:
        """The row of a record among the loaded pages, if it is there."""
        column = self._index["id"]
        for page, rows in self._pages.items():
            for offset, values in enumerate(rows):
                if values[column] == record_id:
                    return page * PAGE_SIZE + offset
        return None

    # ------------------------------------------------------------------ Qt model API

    def rowCount(self, parent: AnyIndex = ROOT) -> int:
        return 0 if parent.isValid() else self._shown

    def columnCount(self, parent: AnyIndex = ROOT) -> int:
        return 0 if parent.isValid() else len(self._columns)

    def canFetchMore(self, parent: AnyIndex = ROOT) -> bool:
        return (not parent.isValid() and self._count is None and not self._shown
                and 0 not in self._pending and not self._held)

    def fetchMore(self, parent: AnyIndex = ROOT) -> None:
        if self.canFetchMore(parent):
            self._request_first()

    def display_text(self, values: Row, column: int) -> str:
        spec = self._columns[column]
        value = values[column]
        context = {name: values[i] for name, i in self._index.items()
                   if name in ("amount_usd", "amount_qualifier", "date_precision")}
        text = format_value(spec.kind, value, context, spec.name)
        if column == self.name_column and self._is_aggregate(values):
            text = "Σ " + text
        return text

    def _is_aggregate(self, values: Row) -> bool:
        return "is_aggregate" in self._index and bool(values[self._index["is_aggregate"]])

    def data(self, index: AnyIndex, role: int = Qt.ItemDataRole.DisplayRole) -> Any:
        if not index.isValid() or not (0 <= index.row() < self.rowCount()):
            return None
        column = index.column()
        spec = self._columns[column]
        if role == Qt.ItemDataRole.TextAlignmentRole:
            if spec.kind in (Kind.MONEY, Kind.NUMBER):
                return int(Qt.AlignmentFlag.AlignRight | Qt.AlignmentFlag.AlignVCenter)
            return int(Qt.AlignmentFlag.AlignLeft | Qt.AlignmentFlag.AlignVCenter)
        values = self.row_values(index.row())
        if values is None:
            return "…" if role == Qt.ItemDataRole.DisplayRole else None
        if role == Qt.ItemDataRole.DisplayRole:
            return self.display_text(values, column)
        if role == RawRole:
            return values[column]
        if role == RecordIdRole:
            return values[self._index["id"]]
        if role == MatchesRole:
            words = search_words(self._query.search)
            return match_spans(self.display_text(values, column), words) if words else None
        aggregate = self._is_aggregate(values)
        if role == Qt.ItemDataRole.FontRole and aggregate:
            font = QFont()
            font.setItalic(True)
            return font
        if role == Qt.ItemDataRole.ToolTipRole:
            return self._tooltip(spec, values, column, aggregate)
        return None

    def _tooltip(self, spec: ColumnSpec, values: Row, column: int, aggregate: bool) -> str | None:
        lines: list[str] = []
        if aggregate:
            lines.append(self.tr("Aggregate: totals count its listed parts instead"))
        if spec.kind is Kind.MONEY and values[column] is not None:
            lines.append(formatting.money_full(values[column]))
        elif spec.kind in (Kind.TEXT, Kind.LIST):
            text = self.display_text(values, column)
            if len(text) > 40:
                lines.append(text)
        return "\n".join(lines) or None

    def headerData(self, section: int, orientation: Qt.Orientation,
                   role: int = Qt.ItemDataRole.DisplayRole) -> Any:
        if orientation != Qt.Orientation.Horizontal or not (0 <= section < len(self._columns)):
            return None
        spec = self._columns[section]
        if role == Qt.ItemDataRole.DisplayRole:
            label = column_label(spec)
            keys = self.sort_keys()
            for position, key in enumerate(keys, 1):
                if key.column == spec.name:
                    arrow = "▼" if key.descending else "▲"
                    return f"{label} {arrow}{position if len(keys) > 1 else ''}"
            return label
        if role == Qt.ItemDataRole.ToolTipRole:
            return header_tooltip(self._query.table, spec)
        if role == Qt.ItemDataRole.TextAlignmentRole and spec.kind in (Kind.MONEY, Kind.NUMBER):
            return int(Qt.AlignmentFlag.AlignRight | Qt.AlignmentFlag.AlignVCenter)
        return None


class SearchMatchDelegate(QStyledItemDelegate):
    """Paints a cell as the style does, with what the search matched in it marked (the
    model's :data:`MatchesRole`): the words that made the row match are seen at a glance.

    The marks sit behind the text like a highlighter's, so the text keeps its font and its
    width, and is cut with "…" just as an unmarked cell is.
    """

    MARK = QColor(255, 196, 0, 120)  # see-through: reads on light and dark rows, selected too

    def paint(self, painter: QPainter, option: QStyleOptionViewItem, index: AnyIndex) -> None:
        spans = index.data(MatchesRole)
        if not spans:
            super().paint(painter, option, index)
            return
        item = QStyleOptionViewItem(option)
        self.initStyleOption(item, index)
        widget = item.widget
        style = widget.style() if widget is not None else QApplication.style()
        area = style.subElementRect(QStyle.SubElement.SE_ItemViewItemText, item, widget)
        margin = style.pixelMetric(QStyle.PixelMetric.PM_FocusFrameHMargin, None, widget) + 1
        area = area.adjusted(margin, 0, -margin, 0)  # where the style itself puts the text
        text = item.text
        item.text = ""  # the style draws the cell, we the text
        style.drawControl(QStyle.ControlElement.CE_ItemViewItem, item, painter, widget)

        font: QFont = item.font
        metrics = QFontMetrics(font)
        shown = metrics.elidedText(text, item.textElideMode, area.width())
        kept = len(shown) if shown == text else len(shown) - 1  # "…" stands for the rest
        alignment = item.displayAlignment
        left = (area.right() + 1 - metrics.horizontalAdvance(shown)
                if alignment & Qt.AlignmentFlag.AlignRight else area.left())
        painter.save()
        for start, end in spans:
            if start < min(end, kept):
                x = left + metrics.horizontalAdvance(shown[:start])
                width = metrics.horizontalAdvance(shown[start:min(end, kept)])
                painter.fillRect(QRectF(x, area.top() + 2, width, area.height() - 4), self.MARK)
        state = item.state
        group = (QPalette.ColorGroup.Normal if state & QStyle.StateFlag.State_Enabled
                 else QPalette.ColorGroup.Disabled)
        role = (QPalette.ColorRole.HighlightedText if state & QStyle.StateFlag.State_Selected
                else QPalette.ColorRole.Text)
        painter.setPen(item.palette.color(group, role))
        painter.setFont(font)
        painter.drawText(area, alignment, shown)
        painter.restore()
