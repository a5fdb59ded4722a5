"""Facets: the values of a few key columns with live counts; click to include.

Each facet lists its values with the number of rows that carry them under every *other*
active filter, so a count always says what clicking would give. Click a value to keep
only it, Ctrl+click to add or drop more, "Clear" to let every value through again.
Which facets a table has, and how their values are counted, is the core's
(:mod:`forge_desktop.core.facets`); these are the widgets that show them.
"""

from __future__ import annotations

from collections.abc import Iterable, Sequence

from PySide6.QtCore import QEvent, QModelIndex, QPersistentModelIndex, Qt, Signal
from PySide6.QtWidgets import (
    QAbstractItemView,
    QHBoxLayout,
    QLabel,
    QListWidget,
    QListWidgetItem,
    QPushButton,
    QScrollArea,
    QStyle,
    QStyledItemDelegate,
    QStyleOptionViewItem,
    QVBoxLayout,
    QWidget,
)

from ..core import facets as core_facets
from ..core import formatting
from ..core.columns import TableSpec
from ..core.facets import FacetValue
from ..core.query import Condition, Op
from .labels import column_label

KeyRole = Qt.ItemDataRole.UserRole
CountRole = Qt.ItemDataRole.UserRole + 1  # the value's count: none greys the value out
LabelRole = Qt.ItemDataRole.UserRole + 2  # the value as shown, without its count


class _CountInSight(QStyledItemDelegate):
    """Shows "value  (count)" with the count always whole: a value too long for the panel
    (a source's title) is cut short before its count, not the count at the end."""

    def initStyleOption(self, option: QStyleOptionViewItem,
                        index: QModelIndex | QPersistentModelIndex) -> None:
        super().initStyleOption(option, index)
        label, count = index.data(LabelRole), index.data(CountRole)
        if label is None or count is None or option.rect.width() <= 0:
            return
        widget = option.widget
        style = widget.style() if widget is not None else None
        margin = 2 * (style.pixelMetric(QStyle.PixelMetric.PM_FocusFrameHMargin, None, widget) + 1
                      if style is not None else 4)
        suffix = f"  ({count})"
        metrics = option.fontMetrics
        room = option.rect.width() - margin - metrics.horizontalAdvance(suffix)
        option.text = metrics.elidedText(label, Qt.TextElideMode.ElideRight, max(room, 0)) + suffix


class Facet(QWidget):
    """One facet's values with their counts, and which of them are chosen."""

    selectionChanged = Signal()

    def __init__(self, facet: core_facets.Facet, parent: QWidget | None = None):
        super().__init__(parent)
        self.facet = facet  # counts the values this widget shows
        self.column = column = facet.name
        self.setObjectName(f"facet_{column}")
        title = QLabel(f"<b>{column_label(facet.column)}</b>")
        self.clear_button = QPushButton(self.tr("Clear"))
        self.clear_button.setFlat(True)
        self.clear_button.setCursor(Qt.CursorShape.PointingHandCursor)
        self.clear_button.setAccessibleName(self.tr("Clear facet {0}").format(column))
        self.clear_button.clicked.connect(self.clear)
        self.clear_button.hide()
        head = QHBoxLayout()
        head.setContentsMargins(0, 0, 0, 0)
        head.addWidget(title)
        head.addStretch(1)
        head.addWidget(self.clear_button)

        self.list = QListWidget()
        self.list.setAccessibleName(self.tr("Values of {0}").format(column))
        self.list.setSelectionMode(QAbstractItemView.SelectionMode.ExtendedSelection)
        self.list.setVerticalScrollBarPolicy(Qt.ScrollBarPolicy.ScrollBarAsNeeded)
        self.list.setHorizontalScrollBarPolicy(Qt.ScrollBarPolicy.ScrollBarAlwaysOff)
        self.list.itemSelectionChanged.connect(self._selection_changed)
        self.list.setItemDelegate(_CountInSight(self.list))

        layout = QVBoxLayout(self)
        layout.setContentsMargins(0, 0, 0, 6)
        layout.setSpacing(2)
        layout.addLayout(head)
        layout.addWidget(self.list)
        self._selected: list[str] = []

    def selected(self) -> list[str]:
        return list(self._selected)

    def set_selected(self, keys: Sequence[str]) -> None:
        self._selected = list(keys)
        self._sync_selection()
        self.clear_button.setVisible(bool(self._selected))

    def condition(self) -> Condition | None:
        if not self._selected:
            return None
        return Condition(self.column, Op.IN, tuple(self._selected))

    def clear(self) -> None:
        if self._selected:
            self._selected = []
            self._sync_selection()
            self.clear_button.hide()
            self.selectionChanged.emit()

    def set_values(self, values: tuple[FacetValue, ...]) -> None:
        """Show the values and their counts; selected values stay, even at zero."""
        shown = {v.key for v in values}
        missing = [FacetValue(k, k, 0) for k in self._selected if k not in shown]
        self.list.blockSignals(True)
        self.list.clear()
        for value in (*values, *missing):
            if value.key is None:
                continue  # "(none)": filter with "empty" instead
            text = value.label if value.label != value.key else formatting.label(value.key)
            item = QListWidgetItem(f"{text}  ({value.count})")
            item.setData(KeyRole, value.key)
            item.setData(CountRole, value.count)
            item.setData(LabelRole, text)
            # The list is as wide as the panel: a long value is cut short there, whole here.
            item.setToolTip(item.text())
            self.list.addItem(item)
        self._grey_out_empty()
        if self.list.count() == 0:
            empty = QListWidgetItem(self.tr("no values in these rows"))
            empty.setFlags(Qt.ItemFlag.NoItemFlags)
            self.list.addItem(empty)
        self.list.blockSignals(False)
        self._sync_selection()
        rows = min(max(self.list.count(), 1), 7)
        self.list.setFixedHeight(rows * max(self.list.sizeHintForRow(0), 18) + 6)

    def _grey_out_empty(self) -> None:
        """Values no row of the others' filters carries, in the palette's placeholder colour
        (set again when the palette changes: an item keeps the brush it was given)."""
        brush = self.palette().placeholderText()  # the list's own follows it after this event
        for i in range(self.list.count()):
            item = self.list.item(i)
            if item.data(CountRole) == 0:
                item.setForeground(brush)

    def changeEvent(self, event: QEvent) -> None:
        super().changeEvent(event)
        if event.type() == QEvent.Type.PaletteChange:
            self._grey_out_empty()

    def _sync_selection(self) -> None:
        self.list.blockSignals(True)
        for i in range(self.list.count()):
            item = self.list.item(i)
            item.setSelected(item.data(KeyRole) in self._selected)
        self.list.blockSignals(False)

    def _selection_changed(self) -> None:
        self._selected = [item.data(KeyRole) for item in self.list.selectedItems()]
        self.clear_button.setVisible(bool(self._selected))
        self.selectionChanged.emit()

    def item_for(self, key: str) -> QListWidgetItem | None:
        for i in range(self.list.count()):
            if self.list.item(i).data(KeyRole) == key:
                return self.list.item(i)
        return None


class FacetPanel(QScrollArea):
    """The facets of one table, stacked in a scrollable column."""

    selectionChanged = Signal()

    def __init__(self, spec: TableSpec, parent: QWidget | None = None):
        super().__init__(parent)
        self.setObjectName(f"facetPanel_{spec.name}")
        self.setAccessibleName(self.tr("Facets"))
        self.setWidgetResizable(True)
        self.setHorizontalScrollBarPolicy(Qt.ScrollBarPolicy.ScrollBarAlwaysOff)
        body = QWidget()
        layout = QVBoxLayout(body)
        layout.setContentsMargins(6, 6, 6, 6)
        self.facets = {f.name: Facet(f) for f in core_facets.facets_of(spec.name)}
        for facet in self.facets.values():
            facet.selectionChanged.connect(self.selectionChanged)
            layout.addWidget(facet)
        layout.addStretch(1)
        self.setWidget(body)

    def conditions(self, *, without: str | None = None) -> tuple[Condition, ...]:
        return tuple(c for name, f in self.facets.items()
                     if name != without and (c := f.condition()) is not None)

    def selections(self) -> tuple[tuple[str, tuple[str, ...]], ...]:
        """(column, chosen values) for each facet with a choice, in the panel's order."""
        return tuple((name, tuple(f.selected())) for name, f in self.facets.items() if f.selected())

    def set_selections(self, selections: Iterable[tuple[str, Sequence[str]]]) -> None:
        chosen = dict(selections)
        for name, facet in self.facets.items():
            facet.set_selected(chosen.get(name, ()))

    def clear(self) -> None:
        for facet in self.facets.values():
            facet.set_selected([])
