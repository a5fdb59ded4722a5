"""The filter bar as a person reads it: chips, operators and errors in labels and in values
as the table shows them, while the filters keep their text form for the command line."""

from __future__ import annotations

import pytest
from PySide6.QtCore import Qt

from forge_desktop.core.columns import TABLES
from forge_desktop.core.filter_text import parse_filter
from forge_desktop.core.query import Condition, Op, known_terms, value_names
from forge_desktop.ui.filter_bar import FilterBar


@pytest.fixture
def make_bar(qtbot, session):
    """A filter bar over a table, told the database's vocabularies and names as TablePage
    tells it."""
    terms, names = known_terms(session), value_names(session)

    def make(table: str = "financing") -> FilterBar:
        bar = FilterBar(TABLES[table])
        qtbot.addWidget(bar)
        bar.terms = terms
        bar.set_names(names)
        bar.resize(1000, 80)
        bar.show()
        return bar

    return make


def add(qtbot, bar: FilterBar, column: str, op: str, value: str = "") -> None:
    """Pick the column and the operator (by what the box shows), type the value, press Enter."""
    bar.column.setCurrentIndex(bar.column.findData(column))
    index = bar.op.findText(op)
    assert index >= 0, f"the operator box offers no {op!r}"
    bar.op.setCurrentIndex(index)
    bar.value.setText(value)
    qtbot.keyClick(bar.value, Qt.Key.Key_Return)


def chips(bar: FilterBar) -> list[str]:
    return [chip.text().removesuffix("  ✕") for chip in bar.chip_buttons()]


def test_a_chip_reads_the_label_and_the_value_as_the_table_shows_it(qtbot, make_bar):
    bar = make_bar()
    add(qtbot, bar, "amount_usd", ">", "100M")
    add(qtbot, bar, "stage", "=", "funded")
    assert chips(bar) == ["Amount (USD) > $100M", "Stage = Funded"]
    # … while the filters keep the text form the command line and the settings read back,
    assert [str(f) for f in bar.filters()] == ["amount_usd > 100M", "stage = funded"]
    # … which the chip's tooltip shows.
    assert "amount_usd > 100M" in bar.chip_buttons()[0].toolTip()
    assert bar.chip_buttons()[1].accessibleName() == "Remove filter Stage = Funded"


@pytest.mark.parametrize(
    ("table", "text", "chip"),
    [
        ("financing", "locations = KOR", "Locations = Republic of Korea"),
        ("financing", "locations in usa, US-TN", "Locations is one of United States, Tennessee"),
        ("financing", "locations = Narnia", "Locations = Narnia"),  # no such place: as typed
        ("financing", "minerals = lithium", "Minerals = Lithium"),
        ("financing", "stage = Letter of Interest", "Stage = Letter of interest"),
        ("financing", "instrument != direct_loan", "Instrument ≠ Direct loan"),
        ("financing", "agency in EXIM, dfc", "Agency is one of EXIM, DFC"),
        ("financing", "amount_usd between 100M and 1.5B",
         "Amount (USD) between $100M and $1.5B"),
        ("financing", "date between 2025-10 and 2026", "Date between Oct 2025 and 2026"),
        ("financing", "date >= 2026-02-04", "Date ≥ 4 Feb 2026"),
        ("financing", "cofinancing_usd notempty", "Co-financing (USD) is not empty"),
        ("financing", "is_aggregate = true", "Aggregate = yes"),
        ("financing", "quantity > 150000", "Quantity > 150,000"),
        ("financing", "recipient contains zinc", "Recipient / programme contains zinc"),
        ("financing", "agency startswith EX", "Agency starts with EX"),  # a fragment: as typed
        ("financing", "stage = funded or agency = USTR", "Stage = Funded or Agency = USTR"),
        ("participants", "roles = forge_joined", "Roles = Joined FORGE"),
        ("participants", "kind = organisation", "Kind = Organisation"),
        ("agreements", "parties = european-commission", "Parties = European Commission"),
    ],
)
def test_every_kind_of_filter_reads_as_the_table_shows_its_values(make_bar, table, text, chip):
    bar = make_bar(table)
    bar.set_filters([parse_filter(text)])
    assert chips(bar) == [chip]
    assert str(bar.filters()[0]) == str(parse_filter(text))


def test_a_chip_names_its_place_once_the_names_arrive(qtbot, make_bar):
    """A link's chip can be shown before the names are loaded; it is named when they come."""
    bar = make_bar()
    names = bar._names
    bar.set_names(None)
    bar.set_filters([Condition("locations", Op.EQ, "KOR")])
    assert chips(bar) == ["Locations = KOR"]
    bar.set_names(names)
    assert chips(bar) == ["Locations = Republic of Korea"]


def test_the_operators_are_offered_in_words(make_bar):
    bar = make_bar()
    bar.column.setCurrentIndex(bar.column.findData("recipient"))
    offered = [bar.op.itemText(i) for i in range(bar.op.count())]
    assert offered == ["=", "≠", "contains", "starts with", "is one of", "is empty",
                       "is not empty"]
    bar.column.setCurrentIndex(bar.column.findData("amount_usd"))
    assert [bar.op.itemText(i) for i in range(bar.op.count())][:6] == ["=", "≠", "<", "≤", ">", "≥"]


@pytest.mark.parametrize(
    ("column", "op", "value", "message"),
    [
        ("amount_usd", ">", "lots", "Amount (USD): 'lots' is not an amount of money (try 100e6"),
        ("date", "=", "someday", "Date: 'someday' is not a date"),
        ("amount_usd", "between", "5B and 1B",
         "Amount (USD): the first value is larger than the second, so nothing can match"),
        ("amount_usd", "between", "5B", "Amount (USD): between needs two values: A and B"),
        ("amount_usd", ">", "", "Amount (USD): a value is missing"),
        ("stage", "=", "dreaming", "Stage: there is no “dreaming”; choose one of Announced, "
                                   "Opportunity, Letter of interest, Letter of intent"),
        ("agency", "is one of", "EXIM, NASA",
         "Agency: there is no “NASA”; choose one of EXIM, DOE, DOD, DFC, USTR"),
        ("amount_qualifier", "=", "roughly",
         "Qualifier: there is no “roughly”; choose one of Exact, Up to, More than, Conditional"),
    ],
)
def test_an_error_names_the_column_by_its_label_and_the_value_as_typed(
        qtbot, make_bar, column, op, value, message):
    bar = make_bar()
    add(qtbot, bar, column, op, value)
    assert bar.error.isVisible()
    assert bar.error.text().startswith(message)
    assert not any(name in bar.error.text() for name in bar.spec.names if "_" in name)
    assert bar.filters() == ()


def test_the_operator_box_shows_its_longest_word_whole(make_bar):
    from PySide6.QtWidgets import QStyle, QStyleOptionComboBox

    bar = make_bar()
    bar.column.setCurrentIndex(bar.column.findData("recipient"))
    bar.op.setCurrentIndex(bar.op.findData("notempty"))
    option = QStyleOptionComboBox()
    bar.op.initStyleOption(option)
    field = bar.op.style().subControlRect(QStyle.ComplexControl.CC_ComboBox, option,
                                          QStyle.SubControl.SC_ComboBoxEditField, bar.op)
    assert field.width() >= bar.op.fontMetrics().horizontalAdvance("is not empty")
