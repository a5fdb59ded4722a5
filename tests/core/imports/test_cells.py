"""Cells: money as analysts paste it, dates and their precision, amounts the database cannot
hold, and a cell too long to keep."""

from __future__ import annotations

import datetime as dt
import json

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from forge_desktop.core import imports
from forge_desktop.core.schema import DatePrecision, Financing, Qualifier
from forge_desktop.core.values import ValueParseError

from .conftest import (
    assert_refused,
    error_on,
    financing,
    import_file,
    plan_for,
    stored,
    write_csv,
    write_xlsx,
)

# --------------------------------------------------------------------------- money and dates


MONEY = [
    ("US$22.8M", 22_800_000, Qualifier.EXACT),
    ("$1.3 billion", 1_300_000_000, Qualifier.EXACT),
    ("up to $400 million", 400_000_000, Qualifier.UP_TO),
    ("$325-million", 325_000_000, Qualifier.EXACT),
    ("1 250 000", 1_250_000, Qualifier.EXACT),
    ("1,25 млрд", 1_250_000_000, Qualifier.EXACT),
    ("more than $1 billion", 1_000_000_000, Qualifier.MORE_THAN),
    ("$2B (conditional)", 2_000_000_000, Qualifier.CONDITIONAL),
    ("до 10 млрд долларов", 10_000_000_000, Qualifier.UP_TO),
    ("свыше 500 млн", 500_000_000, Qualifier.MORE_THAN),
    ("$1.250 million", 1_250_000, Qualifier.EXACT),  # a scale word: the dot is a decimal point
    ("up to 1.250 млрд", 1_250_000_000, Qualifier.UP_TO),
    ("1,250,000", 1_250_000, Qualifier.EXACT),
    ("0.5M", 500_000, Qualifier.EXACT),
    ("до 0,5 млн", 500_000, Qualifier.UP_TO),
]


@pytest.mark.parametrize(("text", "amount", "qualifier"), MONEY)
def test_parse_money_reads_what_analysts_paste(text, amount, qualifier):
    assert imports.parse_money(text) == (amount, qualifier)


@pytest.mark.parametrize("text", ["-5M", "five million", "$12 zillion", "", "1e30", "1e999999",
                                  "9" * 5000, float("nan"), float("inf"), 1e300, "1.250",
                                  "up to 1,250", "$0.5", "0.5", "1..2", "up to 12a", 0.5])
def test_parse_money_refuses_what_is_not_an_amount_it_can_store(text):
    with pytest.raises(ValueParseError):
        imports.parse_money(text)


@settings(max_examples=150, deadline=None)
@given(st.from_regex(r"\A(up to |more than )?(US)?\$?[0-9]{1,25}([.,][0-9]{1,3})?(e[0-9]{1,3})?"
                     r"( ?(k|M|bn|billion|trillion|млрд))?\Z"))
def test_parse_money_gives_an_amount_the_database_holds_or_a_parse_error(text):
    try:
        amount, qualifier = imports.parse_money(text)
    except ValueParseError as exc:
        assert str(exc)
    else:
        assert 0 <= amount <= 2**63 - 1
        assert isinstance(qualifier, Qualifier)


def test_every_money_form_is_stored_with_its_qualifier(engine, tmp_path):
    rows = [financing(f"money-{n}", amount_usd=text) for n, (text, _, _) in enumerate(MONEY)]
    import_file(engine, "financing", write_csv(tmp_path / "money.csv", rows))

    for n, (_, amount, qualifier) in enumerate(MONEY):
        record = stored(engine, Financing, f"money-{n}")
        assert (record.amount_usd, record.amount_qualifier) == (amount, qualifier)


def test_a_qualifier_column_wins_over_words_in_the_amount(engine, tmp_path):
    rows = [financing("q-1", amount_usd="up to $5M", amount_qualifier="conditional")]
    import_file(engine, "financing", write_csv(tmp_path / "q.csv", rows))

    record = stored(engine, Financing, "q-1")
    assert (record.amount_usd, record.amount_qualifier) == (5_000_000, Qualifier.CONDITIONAL)


DATES = [
    ("2025-12-01", dt.date(2025, 12, 1), DatePrecision.DAY),
    ("01.12.2025", dt.date(2025, 12, 1), DatePrecision.DAY),  # dotted: day first
    ("25/12/2025", dt.date(2025, 12, 25), DatePrecision.DAY),  # one order only is a date
    ("сентября 2025 г.", dt.date(2025, 9, 1), DatePrecision.MONTH),
    ("1 сентября 2025 года", dt.date(2025, 9, 1), DatePrecision.DAY),
    ("2025-12-01T10:00:00Z", dt.date(2025, 12, 1), DatePrecision.DAY),
    ("2025-12-01 10:00", dt.date(2025, 12, 1), DatePrecision.DAY),
    ("Oct 2025", dt.date(2025, 10, 1), DatePrecision.MONTH),
    ("December 08, 2022", dt.date(2022, 12, 8), DatePrecision.DAY),
    ("2025", dt.date(2025, 1, 1), DatePrecision.YEAR),
    ("2025-10", dt.date(2025, 10, 1), DatePrecision.MONTH),
    ("4 Feb 2026", dt.date(2026, 2, 4), DatePrecision.DAY),
]


def test_every_date_form_is_stored_with_its_precision(engine, tmp_path):
    rows = [financing(f"date-{n}", date=text) for n, (text, _, _) in enumerate(DATES)]
    import_file(engine, "financing", write_csv(tmp_path / "dates.csv", rows))

    for n, (_, date, precision) in enumerate(DATES):
        record = stored(engine, Financing, f"date-{n}")
        assert (record.date, record.date_precision) == (date, precision)


def test_a_date_precision_column_coarsens_the_date(engine, tmp_path):
    rows = [financing("p-1", date="2025-10-01", date_precision="month"),
            financing("p-2", date="2025-10-01", date_precision="year")]
    import_file(engine, "financing", write_csv(tmp_path / "p.csv", rows))

    assert stored(engine, Financing, "p-1").date_precision == DatePrecision.MONTH
    assert (stored(engine, Financing, "p-2").date,
            stored(engine, Financing, "p-2").date_precision) == (dt.date(2025, 1, 1), DatePrecision.YEAR)


def test_an_impossible_date_is_a_row_error(engine, tmp_path):
    plan = plan_for(engine, "financing", write_csv(tmp_path / "d.csv", [
        financing("d-1", date="2025-13-01"), financing("d-2", date="31 Feb 2025"),
        financing("d-3", date="soon")]))

    assert "not a real date" in error_on(plan, 1, "date")
    assert "not a real date" in error_on(plan, 2, "date")
    assert "'soon' is not a date" in error_on(plan, 3, "date")


def test_an_xlsx_date_with_a_time_is_stored_as_its_day(engine, tmp_path):
    row = financing("t-1")
    path = write_xlsx(tmp_path / "timed.xlsx", [*row, "date"],
                      [[*row.values(), dt.datetime(2025, 12, 1, 10, 30)]])
    import_file(engine, "financing", path)

    record = stored(engine, Financing, "t-1")
    assert (record.date, record.date_precision) == (dt.date(2025, 12, 1), DatePrecision.DAY)


# --------------------------------------------------------------------------- never a guess

AMBIGUOUS_DOT = "1250 (the dot as a thousands separator) or 1.25 (as a decimal point)"
AMBIGUOUS_COMMA = "1250 (the comma as a thousands separator) or 1.25 (as a decimal comma)"


def test_an_ambiguous_cell_is_a_row_error_naming_both_readings(engine, tmp_path):
    path = write_csv(tmp_path / "guess.csv", [
        financing("g-1", amount_usd="1.250"),
        financing("g-2", amount_usd="up to 1,250"),
        financing("g-3", cofinancing_usd="$0.5"),
        financing("g-4", amount_usd="1..2"),
        financing("g-5", date="12/01/2025"),
        financing("g-6", quantity="100,000", quantity_unit="t"),
        financing("g-7", amount_usd="1,250 million")])

    plan = plan_for(engine, "financing", path)

    assert error_on(plan, 1, "amount_usd") == f"'1.250' is ambiguous: {AMBIGUOUS_DOT}? Write 1250 or 1.25"
    assert error_on(plan, 2, "amount_usd") == (f"'1,250' is ambiguous: {AMBIGUOUS_COMMA}? "
                                               "Write 1250 or 1.25")
    assert error_on(plan, 3, "cofinancing_usd") == ("'$0.5' has no unit: $0.50, or 0.5 million/billion? "
                                                    "Write 500000 or 0.5M")
    assert error_on(plan, 4, "amount_usd").startswith("'1..2' is not a number")
    assert error_on(plan, 5, "date") == ("'12/01/2025' is ambiguous: 1 December 2025 or 12 January "
                                         "2025? Write 2025-12-01 or 2025-01-12")
    assert error_on(plan, 6, "quantity").startswith("'100,000' is ambiguous: 100000 (the comma")
    assert error_on(plan, 7, "amount_usd") == (f"'1,250 million' is ambiguous: {AMBIGUOUS_COMMA}? "
                                               "Write 1250 million or 1.25 million")
    assert plan.records == []
    # The report (the CLI's lines) puts the row and the column first, one line each.
    report = plan.report().splitlines()
    assert report[0] == f"row 1, amount_usd: error: '1.250' is ambiguous: {AMBIGUOUS_DOT}? Write 1250 or 1.25"
    assert len(report) == 7
    assert_refused(engine, path, "7 errors; nothing was imported")


def test_the_command_line_names_row_column_and_both_readings(db_url, engine, tmp_path, forge):
    path = write_csv(tmp_path / "guess.csv", [financing("c-1"), financing("c-2", amount_usd="$1.250")])

    done = forge("import", "financing", str(path), "--db", db_url)

    assert done.returncode == 2
    assert (f"{path}: row 2, amount_usd: error: '$1.250' is ambiguous: {AMBIGUOUS_DOT}? "
            "Write $1250 or $1.25") in done.stderr.splitlines()
    assert "Traceback" not in done.stderr


def test_a_5000_digit_number_is_one_short_error(engine, tmp_path):
    plan = plan_for(engine, "financing", write_csv(tmp_path / "long.csv", [
        financing("l-1", amount_usd="9" * 5000), financing("l-2", quantity="1" * 5000)]))

    too_many = "' has 5,000 digits: far too many for a number here"
    assert error_on(plan, 1, "amount_usd") == "'" + "9" * 39 + "…" + too_many
    assert error_on(plan, 2, "quantity") == "'" + "1" * 39 + "…" + too_many
    assert len(plan.report()) < 400


# --------------------------------------------------------------------------- amounts out of range


def test_negative_amounts_are_row_errors(engine, tmp_path):
    plan = plan_for(engine, "financing", write_csv(tmp_path / "neg.csv", [
        financing("neg-1", amount_usd="-5M"), financing("neg-2", cofinancing_usd="-1"),
        financing("neg-3", quantity="-100000")]))

    assert "'-5M'" in error_on(plan, 1, "amount_usd")
    assert "'-1'" in error_on(plan, 2, "cofinancing_usd")
    assert error_on(plan, 3, "quantity") == "cannot be negative"
    assert plan.records == []


def test_amounts_too_large_to_store_are_row_errors(engine, tmp_path):
    plan = plan_for(engine, "financing", write_csv(tmp_path / "big.csv", [
        financing("big-1", amount_usd="1e30"), financing("big-2", cofinancing_usd="$20000000 trillion"),
        financing("big-3", amount_usd="1e999999"), financing("big-4", quantity="1e999")]))

    assert error_on(plan, 1, "amount_usd") == "'1e30' is too large for an amount in US dollars"
    assert error_on(plan, 2, "cofinancing_usd") == ("'$20000000 trillion' is too large for an "
                                                    "amount in US dollars")
    assert error_on(plan, 3, "amount_usd") == "'1e999999' is too large for an amount in US dollars"
    assert error_on(plan, 4, "quantity") == "'1e999' is too large"


# --------------------------------------------------------------------------- a cell too long


@pytest.mark.parametrize("column", ["recipient", "minerals", "notes"])
def test_a_50_mb_cell_in_json_is_a_short_row_error(engine, tmp_path, column):
    path = tmp_path / "huge-cell.json"
    path.write_text(json.dumps([financing("h-2", **{column: "x" * (50 * 2**20)})]),
                    encoding="utf-8")

    plan = plan_for(engine, "financing", path)

    assert error_on(plan, 1, column) == "52,428,800 characters; a cell holds at most 100,000"
    assert len(plan.report()) < 1000
    assert_refused(engine, path, "52,428,800 characters")

