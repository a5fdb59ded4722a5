"""Reading money, numbers, dates and yes/no as people type them — and refusing, naming
both readings, what could be read two ways."""

from __future__ import annotations

import datetime as dt
import re
import time
from decimal import Decimal

import pytest
from hypothesis import assume, given, settings
from hypothesis import strategies as st

from forge_desktop.core.schema import DatePrecision
from forge_desktop.core.values import (
    MAX_COUNT,
    PartialDate,
    ValueParseError,
    parse_amount,
    parse_bool,
    parse_date,
    parse_integer,
    parse_number,
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
    "text", ["lots", "", "   ", "M", "$", "12 parsecs", "1,2,3", "ten million", "1.", "1,", ".5",
             "1. M"])
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


# --------------------------------------------------------------------------- never a guess


def _plain(value: Decimal) -> str:
    text = format(value, "f")
    return text.rstrip("0").rstrip(".") if "." in text else text


# A number accepted because only one reading makes sense of it.
@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("1,250,000", 1_250_000),  # several groups: the commas group thousands
        ("1.250.000", 1_250_000),
        ("1 250 000", 1_250_000),
        ("1\u00a0250\u00a0000", 1_250_000),
        ("1'250'000", 1_250_000),
        ("1,25 млрд", 1_250_000_000),  # two digits after the comma: a decimal comma
        ("$1.250 million", 1_250_000),  # a scale word follows: a decimal point
        ("1.250 млрд", 1_250_000_000),
        ("1.250M", 1_250_000),
        ("US$22.8M", 22_800_000),
        ("12.5M", 12_500_000),
        ("1,234.56M", 1_234_560_000),  # two marks: the later one is the decimal mark
        ("1.234,56M", 1_234_560_000),
        ("1250.500M", 1_250_500_000),  # four digits before the dot: no thousands group
        ("0.5M", 500_000),
        ("0.5 млн", 500_000),
        ("5.00", 5),  # a fraction of nothing: whole dollars
        ("1.250e6", 1_250_000),  # a mantissa has a decimal point, never a grouping
        ("1.2345678M", 1_234_568),  # rounded to the dollar: precision, not a second reading
        ("500 USD", 500),
    ],
)
def test_parse_amount_accepts_what_has_one_reading(text, expected):
    assert parse_amount(text) == expected


# A dot or comma with exactly three digits after it, and no other mark: two readings.
@pytest.mark.parametrize(
    ("text", "readings", "write"),
    [
        ("1.250", "1250 (the dot as a thousands separator) or 1.25 (as a decimal point)",
         "Write 1250 or 1.25"),
        ("$1.250", "1250 (the dot as a thousands separator) or 1.25 (as a decimal point)",
         "Write $1250 or $1.25"),
        ("1,250", "1250 (the comma as a thousands separator) or 1.25 (as a decimal comma)",
         "Write 1250 or 1.25"),
        ("1,000", "1000 (the comma as a thousands separator) or 1 (as a decimal comma)",
         "Write 1000 or 1"),
        # English "1,250 million" is 1250 million, Russian "1,250 млрд" 1.25 billion ("$1,250
        # million", the dollar sign first, is English: see the test of english money below)
        ("1,250 million", "1250 (the comma as a thousands separator) or 1.25 (as a decimal "
         "comma)", "Write 1250 million or 1.25 million"),
        ("1,250 млрд", "1250 (the comma as a thousands separator) or 1.25 (as a decimal comma)",
         "Write 1250 млрд or 1.25 млрд"),
    ],
)
def test_parse_amount_refuses_an_ambiguous_number_naming_both_readings(text, readings, write):
    with pytest.raises(ValueParseError) as info:
        parse_amount(text)
    assert str(info.value) == f"{text!r} is ambiguous: {readings}? {write}"


@pytest.mark.parametrize(
    ("text", "message"),
    [
        ("0.5", "'0.5' has no unit: $0.50, or 0.5 million/billion? Write 500000 or 0.5M"),
        ("$0.5", "'$0.5' has no unit: $0.50, or 0.5 million/billion? Write 500000 or 0.5M"),
        ("12.5", "'12.5' has no unit: $12.50, or 12.5 million/billion? Write 12500000 or 12.5M"),
        ("1,234.56", "'1,234.56' has no unit: $1,234.56, or 1234.56 million/billion? "
                     "Write 1234560000 or 1234.56M"),
        ("1,25", "'1,25' has no unit: $1.25, or 1.25 million/billion? Write 1250000 or 1.25M"),
        ("5e-1", "'5e-1' has no unit: $0.50, or 0.5 million/billion? Write 500000 or 0.5M"),
        (0.5, "'0.5' has no unit: $0.50, or 0.5 million/billion? Write 500000 or 0.5M"),
        ("5e-999999", "'5e-999999' has no unit: $0.00, or 5e-999999 million/billion? "
                      "Write 5e-999999M"),
        ("0.0000001M", "'0.0000001M' is less than a dollar: amounts are whole US dollars"),
        ("1e-999999 млрд", "'1e-999999 млрд' is less than a dollar: amounts are whole US dollars"),
    ],
)
def test_a_fraction_of_a_dollar_is_refused(text, message):
    with pytest.raises(ValueParseError) as info:
        parse_amount(text)
    assert str(info.value) == message


# A number that would parse only by dropping or guessing at characters.
@pytest.mark.parametrize("text", ["1..2", "1,,000", "12a", "--5", "1.2.3", "1,2.3", "1 25",
                                  "0,500,000", "1.250,000.5", "1e", "1,5e6", "12 3456", "1__0",
                                  "١٢", "1²"])
def test_parse_amount_refuses_what_it_could_read_only_by_dropping_characters(text):
    with pytest.raises(ValueParseError) as info:
        parse_amount(text)
    assert repr(text) in str(info.value)


@pytest.mark.parametrize("text", ["9" * 5000, "1" + " 000" * 2000, "1e" + "9" * 5000,
                                  "$" + "9" * 5000 + " trillion", "0." + "0" * 5000 + "1M"])
def test_a_huge_number_is_refused_quickly_in_one_short_line(text):
    started = time.perf_counter()
    for parse in (parse_amount, parse_number, parse_integer):
        with pytest.raises(ValueParseError) as info:
            parse(text)
        message = str(info.value)
        assert "\n" not in message and len(message) < 120, message
    assert time.perf_counter() - started < 1


@pytest.mark.parametrize("text", ["1e999999", "1e9999999", "$20000000 trillion", "9223372036854775808"])
def test_an_amount_beyond_a_database_integer_is_refused(text):
    with pytest.raises(ValueParseError, match="too large"):
        parse_amount(text)


def test_the_largest_database_integer_is_an_amount():
    assert parse_amount(str(2**63 - 1)) == 2**63 - 1


# --------------------------------------------------------------------------- numbers and counts


@pytest.mark.parametrize(
    ("text", "expected"),
    [("1.25", 1.25), ("12.5", 12.5), ("1,234.56", 1234.56), ("1.234,56", 1234.56),
     ("1,250,000", 1_250_000), ("-1,250,000.5", -1_250_000.5), ("150000", 150_000), ("1e3", 1000),
     ("0,5", 0.5), ("1 250,5", 1250.5)],
)
def test_parse_number_reads_one_reading(text, expected):
    assert parse_number(text) == expected


@pytest.mark.parametrize(
    ("text", "match"),
    [("1..2", "not a number"), ("--5", "not a number"), ("12a", "not a number"),
     ("1.2.3", "not a number"), ("100,000", "100000 .* or 100 "), ("1e999", "too large"),
     ("1e-999", "too small"), ("1234567890123456", "more than 15 significant digits"),
     ("-1.250", "1250 .* or 1.25 ")],
)
def test_parse_number_refuses_with_a_reason(text, match):
    with pytest.raises(ValueParseError, match=match):
        parse_number(text)


@pytest.mark.parametrize(("text", "expected"), [("4", 4), ("1e3", 1000), ("1,250,000", 1_250_000),
                                                ("-2", -2), ("4.0", 4), (17, 17),
                                                (str(MAX_COUNT), MAX_COUNT)])
def test_parse_integer_reads_a_whole_number_exactly(text, expected):
    assert parse_integer(text) == expected


@pytest.mark.parametrize(
    ("text", "message"),
    [("1.5", "'1.5' is not a whole number: write 1, 2, 3…"),
     ("12345678901234567", "'12345678901234567' is too large: at most 9,007,199,254,740,992"),
     (str(MAX_COUNT + 1), "'9007199254740993' is too large: at most 9,007,199,254,740,992"),
     ("1e999", "'1e999' is too large: at most 9,007,199,254,740,992"),
     ("1,000", "'1,000' is ambiguous: 1000 (the comma as a thousands separator) or 1 (as a "
               "decimal comma)? Write 1000 or 1"),
     ("1..2", "'1..2' is not a number (write 1250000, 1 250 000, 1,250,000 or 1.25)")],
)
def test_parse_integer_refuses_fractions_and_counts_beyond_2_to_53(text, message):
    with pytest.raises(ValueParseError) as info:
        parse_integer(text)
    assert str(info.value) == message


def test_parse_integer_has_a_limit_of_its_column():
    assert parse_integer("100", largest=100) == 100
    with pytest.raises(ValueParseError, match="at most 100"):
        parse_integer("101", largest=100)


# --------------------------------------------------------------------------- properties


@given(st.integers(min_value=0, max_value=2**53))
def test_every_integer_written_with_grouped_thousands_reads_back_exactly(n):
    for group in (",", ".", " ", "\u00a0", "'"):
        text = f"{n:,}".replace(",", group)
        if text.count(group) == 1 and group in ",.":  # 1,250: also 1.25 — refused, naming both
            with pytest.raises(ValueParseError, match="is ambiguous") as info:
                parse_integer(text)
            assert f" {n} (the " in str(info.value)
            assert f" or {_plain(Decimal(n) / 1000)} (as a decimal" in str(info.value)
        else:
            assert parse_integer(text) == n
            assert parse_amount(text) == n
            if n < 10**15:
                assert parse_number(text) == n


@given(st.dates())
def test_every_iso_date_round_trips(day):
    assume(day.year >= 1000)  # a year is written with four digits
    assert parse_date(day.isoformat()) == PartialDate(day, DatePrecision.DAY)
    assert str(parse_date(day.isoformat())) == day.isoformat()
    month = parse_date(f"{day.year:04d}-{day.month:02d}")
    assert (month.value, month.precision) == (day.replace(day=1), DatePrecision.MONTH)
    assert str(parse_date(str(month))) == str(month)
    assert str(parse_date(f"{day.year:04d}")) == f"{day.year:04d}"
    assert parse_date(f"{day.isoformat()}T12:34:56Z") == PartialDate(day, DatePrecision.DAY)


@given(st.dates(min_value=dt.date(1000, 1, 1)))
def test_a_slashed_date_is_read_only_when_one_order_makes_it(day):
    """Written month first (12/25/2025) or day first (25/12/2025): read as that day when
    the other order is no date or the same one, else refused naming both."""
    for text in (f"{day.month:02d}/{day.day:02d}/{day.year}", f"{day.day:02d}/{day.month:02d}/{day.year}"):
        other = day.replace(month=day.day, day=day.month) if day.day <= 12 else None
        if other is None or other == day:
            assert parse_date(text).value == day
            continue
        with pytest.raises(ValueParseError, match="is ambiguous") as info:
            parse_date(text)
        message = str(info.value)
        assert day.isoformat() in message and other.isoformat() in message


# The conventions a number may be written in: (thousands separator, decimal mark). The
# oracle reads a string under each one by Python's own formatting, independently of the
# parser; a string is unambiguous when every convention that reads it reads the same value.
CONVENTIONS = [(",", "."), (".", ","), (" ", ","), (" ", "."), ("'", "."), ("'", ","), ("", "."), ("", ",")]


def _conventional_readings(text: str) -> set[Decimal]:
    found = set()
    for group, point in CONVENTIONS:
        whole, sep, fraction = text.partition(point)
        if sep and not re.fullmatch(r"[0-9]+", fraction):
            continue
        digits = whole.replace(group, "") if group else whole
        if not re.fullmatch(r"[0-9]+", digits):
            continue
        if group and whole != f"{int(digits):,}".replace(",", group):
            continue  # not how this convention groups the number
        found.add(Decimal(f"{digits}.{fraction}" if sep else digits))
    return found


@st.composite
def _written_numbers(draw: st.DrawFn) -> str:
    """A number as someone might write it: grouped by a convention, or marks at random."""
    if draw(st.booleans()):
        group, point = draw(st.sampled_from(CONVENTIONS))
        whole = f"{draw(st.integers(0, 10**9)):,}".replace(",", group)
        fraction = draw(st.from_regex(r"\A[0-9]{0,4}\Z"))
        return f"{whole}{point}{fraction}" if fraction else whole
    return draw(st.from_regex(r"\A[0-9]{1,4}([,. '][0-9]{1,4}){0,2}\Z"))


@settings(max_examples=300)
@given(_written_numbers())
def test_no_number_has_two_readings_the_parser_chose_between(text):
    readings = _conventional_readings(text)
    try:
        value = parse_number(text)
    except ValueParseError as exc:
        assert len(readings) != 1, f"{text!r} has one reading, {readings}, but: {exc}"
        if len(readings) > 1:
            assert all(f" {_plain(r)} (" in str(exc) for r in readings), str(exc)
    else:
        assert readings == {Decimal(repr(value))} or [float(r) for r in readings] == [value]


@settings(max_examples=300)
@given(_written_numbers(), st.sampled_from(["", "M", " million", " млрд", "k"]))
def test_every_accepted_amount_has_exactly_one_value(text, scale):
    """Before a scale word a dot is a decimal point (the documented convention); apart
    from that, an amount is accepted only when every convention reads it alike."""
    readings = _conventional_readings(text)
    if scale and text.count(".") == 1 and not re.search("[, ']", text):  # a lone dot: decimal
        readings = {Decimal(text)}
    power = {"": 0, "M": 6, " million": 6, " млрд": 9, "k": 3}[scale]
    try:
        amount = parse_amount(text + scale)
    except ValueParseError:
        assert len(readings) != 1 or (not scale and next(iter(readings)) % 1)
    else:
        assert len(readings) == 1
        assert amount == int(next(iter(readings)).scaleb(power).to_integral_value())


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


@pytest.mark.parametrize(
    ("text", "value", "precision"),
    [
        ("25/12/2025", dt.date(2025, 12, 25), DatePrecision.DAY),  # only day first is a date
        ("12/25/2025", dt.date(2025, 12, 25), DatePrecision.DAY),  # only month first
        ("05/05/2025", dt.date(2025, 5, 5), DatePrecision.DAY),  # both orders: the same day
        ("01.12.2025", dt.date(2025, 12, 1), DatePrecision.DAY),  # dotted: day first
        ("1.2.2026", dt.date(2026, 2, 1), DatePrecision.DAY),
        ("сентябрь 2025 года", dt.date(2025, 9, 1), DatePrecision.MONTH),
        ("сентября 2025 г.", dt.date(2025, 9, 1), DatePrecision.MONTH),
        ("1 сентября 2025 года", dt.date(2025, 9, 1), DatePrecision.DAY),
        ("2025 год", dt.date(2025, 1, 1), DatePrecision.YEAR),
        ("2025г.", dt.date(2025, 1, 1), DatePrecision.YEAR),
        ("2025 годa", None, None),  # a Latin "a": not a Russian word
        ("2025 г.", dt.date(2025, 1, 1), DatePrecision.YEAR),
        ("2025-12-01T10:00:00", dt.date(2025, 12, 1), DatePrecision.DAY),
        ("2025-12-01T10:00:00Z", dt.date(2025, 12, 1), DatePrecision.DAY),
        ("2025-12-01T23:30:00-05:00", dt.date(2025, 12, 1), DatePrecision.DAY),  # as written
        ("2025-12-01T10:00:00.123456", dt.date(2025, 12, 1), DatePrecision.DAY),
        ("2025-12-01 10:00", dt.date(2025, 12, 1), DatePrecision.DAY),
    ],
)
def test_parse_date_reads_dates_with_one_reading(text, value, precision):
    if value is None:
        with pytest.raises(ValueParseError, match="is not a date"):
            parse_date(text)
    else:
        assert parse_date(text) == PartialDate(value, precision)


def test_a_date_that_reads_two_ways_is_refused_naming_both():
    with pytest.raises(ValueParseError) as info:
        parse_date("12/01/2025")
    assert str(info.value) == ("'12/01/2025' is ambiguous: 1 December 2025 or 12 January 2025? "
                               "Write 2025-12-01 or 2025-01-12")


@pytest.mark.parametrize("text", ["13/13/2025", "31/02/2025", "12.25.2025", "2025-12-01T25:00",
                                  "2025-12-01T10:61"])
def test_a_slashed_dotted_or_timed_date_that_is_no_date_is_refused(text):
    with pytest.raises(ValueParseError, match="is not a real date"):
        parse_date(text)


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


@pytest.mark.parametrize(("text", "value"), [
    ("$5,000", 5000), ("$455,000", 455_000), ("US$1,250", 1250), ("USD 1,250", 1250),
    ("$1,250 million", 1_250_000_000),
])
def test_a_dollar_sign_first_is_english_money_whose_comma_groups_thousands(text, value):
    """As the record form writes an amount back ("$455,000") and every US source does."""
    assert parse_amount(text) == value


@pytest.mark.parametrize("text", ["1,250", "5,000 $", "1,250 млрд", "$1.250"])
def test_without_the_dollar_sign_first_the_comma_or_dot_stays_ambiguous(text):
    with pytest.raises(ValueParseError, match="is ambiguous"):
        parse_amount(text)
