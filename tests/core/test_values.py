"""Reading money, dates and yes/no as people type them."""

from __future__ import annotations

import datetime as dt

import pytest

from forge_desktop.core.schema import DatePrecision
from forge_desktop.core.values import (
    PartialDate,
    ValueParseError,
    parse_amount,
    parse_bool,
    parse_date,
)

# --------------------------------------------------------------------------- amounts


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("100e6", 100_000_000),
        ("27.4M", 27_400_000),
        ("$1.3B", 1_300_000_000),
        ("US$22.8M", 22_800_000),
        ("$1.3 billion", 1_300_000_000),
        ("$325-million", 325_000_000),
        ("1 250 000", 1_250_000),
        ("1,250,000", 1_250_000),
        ("1,25 млрд", 1_250_000_000),
        ("10 млн", 10_000_000),
        ("$14.8B", 14_800_000_000),
        ("5k", 5_000),
        ("0", 0),
    ],
)
def test_parse_amount_reads_common_notations(text, expected):
    assert parse_amount(text) == expected


def test_parse_amount_returns_an_int_not_a_float():
    value = parse_amount("27.4M")
    assert type(value) is int


def test_parse_amount_accepts_numbers_as_well_as_text():
    assert parse_amount(100e6) == 100_000_000
    assert parse_amount(6_000_000) == 6_000_000


def test_parse_amount_is_case_insensitive_about_units():
    assert parse_amount("27.4m") == parse_amount("27.4M") == 27_400_000
    assert parse_amount("1.3 BILLION") == 1_300_000_000


@pytest.mark.parametrize("text", ["-5", "-5M", "$-1.3B", -5, -1.5])
def test_parse_amount_rejects_negative_amounts(text):
    with pytest.raises(ValueParseError):
        parse_amount(text)


@pytest.mark.parametrize(
    "text", ["lots", "", "   ", "M", "$", "12 parsecs", "1,2,3", "ten million"])
def test_parse_amount_rejects_garbage(text):
    with pytest.raises(ValueParseError):
        parse_amount(text)


def test_parse_amount_rejects_booleans():
    with pytest.raises(ValueParseError):
        parse_amount(True)


def test_parse_amount_error_message_shows_the_input_and_examples():
    with pytest.raises(ValueParseError) as info:
        parse_amount("lots")
    message = str(info.value)
    assert "'lots'" in message
    assert "27.4M" in message


def test_parse_amount_unknown_unit_is_named():
    with pytest.raises(ValueParseError, match="parsecs"):
        parse_amount("12 parsecs")


# --------------------------------------------------------------------------- dates


@pytest.mark.parametrize(
    ("text", "value", "precision"),
    [
        ("2025", dt.date(2025, 1, 1), DatePrecision.YEAR),
        ("2025-10", dt.date(2025, 10, 1), DatePrecision.MONTH),
        ("2025-12-01", dt.date(2025, 12, 1), DatePrecision.DAY),
        ("Oct 2025", dt.date(2025, 10, 1), DatePrecision.MONTH),
        ("October 2025", dt.date(2025, 10, 1), DatePrecision.MONTH),
        ("4 Feb 2026", dt.date(2026, 2, 4), DatePrecision.DAY),
        ("December 08, 2022", dt.date(2022, 12, 8), DatePrecision.DAY),
        ("1 декабря 2025 г.", dt.date(2025, 12, 1), DatePrecision.DAY),
        ("октябрь 2025", dt.date(2025, 10, 1), DatePrecision.MONTH),
    ],
)
def test_parse_date_reads_value_and_precision(text, value, precision):
    parsed = parse_date(text)
    assert parsed == PartialDate(value, precision)
    assert parsed.precision is precision


def test_parse_date_accepts_a_date_object_as_a_day():
    assert parse_date(dt.date(2026, 2, 4)) == PartialDate(dt.date(2026, 2, 4), DatePrecision.DAY)


def test_parse_date_accepts_an_int_year():
    assert parse_date(2025) == PartialDate(dt.date(2025, 1, 1), DatePrecision.YEAR)


def test_year_spans_the_whole_year():
    year = parse_date("2025")
    assert (year.start, year.end) == (dt.date(2025, 1, 1), dt.date(2025, 12, 31))


def test_month_spans_the_whole_month():
    october = parse_date("2025-10")
    assert (october.start, october.end) == (dt.date(2025, 10, 1), dt.date(2025, 10, 31))


def test_february_end_follows_leap_years():
    assert parse_date("2024-02").end == dt.date(2024, 2, 29)
    assert parse_date("2025-02").end == dt.date(2025, 2, 28)


def test_day_starts_and_ends_on_itself():
    day = parse_date("2025-12-01")
    assert day.start == day.end == dt.date(2025, 12, 1)


@pytest.mark.parametrize(("text", "shown"), [("2025", "2025"), ("Oct 2025", "2025-10"),
                                             ("4 Feb 2026", "2026-02-04")])
def test_partial_date_prints_at_its_precision(text, shown):
    assert str(parse_date(text)) == shown


@pytest.mark.parametrize("text", ["2025-13", "2025-02-30", "32 Jan 2025"])
def test_parse_date_rejects_impossible_dates(text):
    with pytest.raises(ValueParseError, match="not a real date"):
        parse_date(text)


@pytest.mark.parametrize("text", ["sometime", "", "Smarch 2025", "2025/10/01/02"])
def test_parse_date_rejects_garbage_with_a_hint(text):
    with pytest.raises(ValueParseError, match="2025-12-01"):
        parse_date(text)


# --------------------------------------------------------------------------- yes/no


@pytest.mark.parametrize("text", ["true", "True", " TRUE ", "yes", "y", "1", "да", True])
def test_parse_bool_true(text):
    assert parse_bool(text) is True


@pytest.mark.parametrize("text", ["false", "False", "no", "n", "0", "нет", False])
def test_parse_bool_false(text):
    assert parse_bool(text) is False


@pytest.mark.parametrize("text", ["maybe", "", "2", "truthy"])
def test_parse_bool_rejects_anything_else(text):
    with pytest.raises(ValueParseError):
        parse_bool(text)
