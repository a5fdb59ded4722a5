"""Per-column filters with the core's operators, shown as removable chips.

Pick a column, an operator and a value, press Enter or Add; tick "or with last" to join
the new condition to the previous filter as an OR group. A filter that cannot run shows
why beside the fields and is not applied. Chips and errors speak in labels and in values
as the table shows them (``Stage = Funded``); a chip's tooltip holds the filter's text
form, the one the command line and the settings read (``stage = funded``).
"""

from __future__ import annotations

from PySide6.QtCore import QSize, Qt, Signal
from PySide6.QtWidgets import (
    QCheckBox,
    QComboBox,
    QHBoxLayout,
    QLabel,
    QLineEdit,
    QPushButton,
    QStyle,
    QStyleOptionComboBox,
    QToolButton,
    QVBoxLayout,
    QWidget,
)

from ..core.columns import TableSpec
from ..core.filter_text import parse_condition
from ..core.query import (
    NO_VALUE,
    OPERATORS,
    AnyOf,
    Filter,
    Op,
    Query,
    QueryError,
    ValueNames,
    Vocabularies,
    validate,
)
from .labels import column_label, describe_error, describe_filter, op_label

CHIP_CHARACTERS = 60  # a longer chip (a source's title) is cut short; its tooltip has it whole


class FilterBar(QWidget):
    filtersChanged = Signal()

    def __init__(self, spec: TableSpec, parent: QWidget | None = None):
        super().__init__(parent)
        self.spec = spec
        self._filters: list[Filter] = []
        # Filters shown as one chip with a name (a pivot cell's: "EXIM × 2025"), removed together.
        self._group: tuple[Filter, ...] = ()
        self._group_name = ""
        self._terms: Vocabularies | None = None
        self._names: ValueNames | None = None

        self.column = QComboBox(accessibleName=self.tr("Filter column"))
        for column in spec.columns:
            self.column.addItem(column_label(column), column.name)
        self.column.setCurrentIndex(1)  # the first column after the id
        self.op = QComboBox(accessibleName=self.tr("Filter operator"))
        self.value = QLineEdit(placeholderText=self.tr("value, e.g. 100M or EXIM, DFC"),
                               accessibleName=self.tr("Filter value"))
        self.value.setClearButtonEnabled(True)
        self.value.setMinimumWidth(100)
        self.column.setMaximumWidth(160)
        self._fit_operators()
        self.add = QPushButton(self.tr("Add"))
        self.add.setToolTip(self.tr("Add this filter (Enter)"))
        self.either = QCheckBox(self.tr("or"))
        self.either.setToolTip(self.tr("Join this condition to the previous filter: a row "
                                       "passes if either holds"))
        self.error = QLabel(wordWrap=True)
        self.error.setStyleSheet("color: #b00020;")
        self.error.hide()

        builder = QHBoxLayout()
        builder.setContentsMargins(0, 0, 0, 0)
        builder.addWidget(self.column)
        builder.addWidget(self.op)
        builder.addWidget(self.value, 1)
        builder.addWidget(self.either)
        builder.addWidget(self.add)

        self.chips = QHBoxLayout()
        self.chips.setContentsMargins(0, 0, 0, 0)
        self.chips.addStretch(1)
        chip_row = QWidget()
        chip_row.setLayout(self.chips)
        self.chip_row = chip_row

        layout = QVBoxLayout(self)
        layout.setContentsMargins(0, 0, 0, 0)
        layout.setSpacing(4)
        layout.addLayout(builder)
        layout.addWidget(self.error)
        layout.addWidget(chip_row)

        self.column.currentIndexChanged.connect(self._column_changed)
        self.op.currentIndexChanged.connect(self._op_changed)
        self.add.clicked.connect(self.submit)
        self.value.returnPressed.connect(self.submit)
        self._column_changed()
        self._render_chips()

    # -------------------------------------------------------------- building

    def _column_changed(self) -> None:
        column = self.spec.get(self.column.currentData())
        self.op.blockSignals(True)
        self.op.clear()
        for op in OPERATORS[column.kind]:
            self.op.addItem(op_label(op), op.value)
        self.op.blockSignals(False)
        self._op_changed()

    def _fit_operators(self) -> None:
        """As wide as the widest operator in words ("is not empty", in any language), so the
        value field does not move when the column changes."""
        widest = max(self.op.fontMetrics().horizontalAdvance(op_label(op)) for op in Op)
        option = QStyleOptionComboBox()
        self.op.initStyleOption(option)
        size = self.op.style().sizeFromContents(QStyle.ContentsType.CT_ComboBox, option,
                                                QSize(widest, 0), self.op)
        self.op.setFixedWidth(size.width())

    def current_op(self) -> Op:
        return Op(self.op.currentData())

    def _op_changed(self) -> None:
        op = self.current_op()
        self.value.setEnabled(op not in NO_VALUE)
        hints = {Op.BETWEEN: self.tr("A and B"), Op.IN: self.tr("A, B, C")}
        self.value.setPlaceholderText(hints.get(op, self.tr("value")))

    def submit(self) -> bool:
        """Add the condition in the fields; show why if it cannot run."""
        op = self.current_op()
        text = f"{self.column.currentData()} {op.value}"
        if op not in NO_VALUE:
            text += f" {self.value.text().strip()}"
        try:
            condition = parse_condition(text)
            new = condition
            if self.either.isChecked() and self._filters:
                last = self._filters[-1]
                previous = last.conditions if isinstance(last, AnyOf) else (last,)
                new = AnyOf((*previous, condition))
                candidate = [*self._filters[:-1], new]
            else:
                candidate = [*self._filters, new]
            validate(Query(self.spec.name, tuple(candidate)))
            # Only the new condition against the database's values: a chip made before an
            # undo removed its value must not block every other filter.
            validate(Query(self.spec.name, (condition,)), self.terms)
        except QueryError as exc:
            self.show_error(describe_error(exc, self.spec, self._terms))
            return False
        self.error.hide()
        self._filters = candidate
        self.value.clear()
        self.either.setChecked(False)
        self._render_chips()
        self.filtersChanged.emit()
        return True

    def show_error(self, message: str) -> None:
        self.error.setText(message)
        self.error.show()

    # -------------------------------------------------------------- what the database holds

    @property
    def terms(self) -> Vocabularies | None:
        """The agencies, instruments and stages the database holds (TablePage loads them):
        a value none of them is, is refused as a typo; chips name an imported one."""
        return self._terms

    @terms.setter
    def terms(self, terms: Vocabularies | None) -> None:
        self._terms = terms
        self._render_chips()

    def set_names(self, names: ValueNames | None) -> None:
        """What the places, organisations, minerals and roles are called (TablePage loads
        them): a chip reads "Locations = Republic of Korea", not "locations = KOR"."""
        self._names = names
        self._render_chips()

    # -------------------------------------------------------------- chips

    def filters(self) -> tuple[Filter, ...]:
        return tuple(self._filters)

    def set_filters(self, filters, *, notify: bool = True) -> None:
        self._filters = list(filters)
        self.error.hide()
        self._render_chips()
        if notify:
            self.filtersChanged.emit()

    def set_group(self, filters: tuple[Filter, ...], name: str) -> None:
        """Show *filters* (when they are all set, in a row) as one chip reading *name*;
        () or no name: each as its own chip again."""
        self._group, self._group_name = (tuple(filters), name) if name else ((), "")
        self._render_chips()

    def _group_at(self, index: int) -> bool:
        size = len(self._group)
        return bool(size) and tuple(self._filters[index:index + size]) == self._group

    def remove(self, index: int) -> None:
        size = len(self._group) if self._group_at(index) else 1
        del self._filters[index:index + size]
        self._render_chips()
        self.filtersChanged.emit()

    def chip_buttons(self) -> list[QToolButton]:
        return [self.chips.itemAt(i).widget() for i in range(self.chips.count() - 1)]

    def _render_chips(self) -> None:
        while self.chips.count() > 1:
            widget = self.chips.takeAt(0).widget()
            widget.deleteLater()
        i = position = 0
        while i < len(self._filters):
            item = self._filters[i]
            if self._group_at(i):
                words = self._group_name
                item_text = "\n".join(describe_filter(f, self.spec, self._names, self._terms)
                                       for f in self._group)
                step = len(self._group)
            else:
                words = describe_filter(item, self.spec, self._names, self._terms)
                item_text = str(item)
                step = 1
            chip = QToolButton()
            shown = words if len(words) <= CHIP_CHARACTERS else words[:CHIP_CHARACTERS - 1] + "…"
            chip.setText(f"{shown}  ✕")
            tip = self.tr("Click to remove this filter\n{0}").format(item_text)
            chip.setToolTip(tip if shown == words else f"{words}\n{tip}")
            chip.setAccessibleName(self.tr("Remove filter {0}").format(words))
            chip.setCursor(Qt.CursorShape.PointingHandCursor)
            chip.setStyleSheet("QToolButton { border: 1px solid palette(mid); border-radius: 9px;"
                               " padding: 1px 8px; background: palette(alternate-base); }")
            chip.clicked.connect(lambda _=False, i=i: self.remove(i))
            self.chips.insertWidget(position, chip)
            i += step
            position += 1
        self.chip_row.setVisible(bool(self._filters))
