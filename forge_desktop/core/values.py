"""Parsing what people type: money ("$1.3B", "1,25 млрд", "100e6"), numbers and partial dates.

Nothing here guesses. A value with two readings — ``1.250`` (1250 or 1.25), ``12/01/2025``
(1 December or 12 January) — is refused with a message that names both and says what to
write instead; so is a number that would parse only by dropping characters (``1..2``).
The import puts the row and the column in front of the message; a filter, the column.

A date in this record often has only a month or a year ("October 2025"), so a date is a
:class:`PartialDate`: the first day of its period plus a precision. Comparing against a
partial date compares against its period: ``date = 2025-10`` means "some day in October".
"""

from __future__ import annotations

import calendar
import datetime as dt
import math
import re
import sys
from dataclasses import dataclass
from decimal import Decimal, localcontext

from .errors import ForgeError
from .schema import DatePrecision


class ValueParseError(ForgeError, ValueError):
    """A value that cannot be read; the message says what was expected."""


MAX_AMOUNT = 2**63 - 1  # the largest whole number a database integer column holds
# The largest count kept exactly everywhere it goes: JSON readers and spreadsheets hold
# numbers as doubles, which count 1, 2, 3… without a gap only up to 2^53.
MAX_COUNT = 2**53
MAX_DIGITS = 40  # more digits than any amount or count: refused before any arithmetic
FLOAT_DIGITS = 15  # the significant digits a double keeps for any decimal number


def quoted(text: object, limit: int = 40) -> str:
    """A value quoted for a message, cut short: a hostile cell must not fill the report."""
    text = str(text)
    return repr(text if len(text) <= limit else text[: limit - 1] + "…")


# --------------------------------------------------------------------------- numbers

# A number as written: digits with grouping marks (a space, also no-break, is one) and a
# decimal mark, or a mantissa with an exponent. Only ASCII digits: str.isdigit() and \d
# would let "²" or "٣" through.
_NUMBER = r"[0-9](?:[0-9\x20\u00a0\u202f,.']*[0-9])?(?:e[+-]?[0-9]+)?"
_SCIENTIFIC_RE = re.compile(r"([0-9]+(?:\.[0-9]+)?)e([+-]?)0*([0-9]+)", re.IGNORECASE)
_GROUPS = (",", ".", " ", "'")  # 1,250,000 · 1.250.000 · 1 250 000 · 1'250'000
_MARK_NAMES = {",": "comma", ".": "dot"}
_POINT_NAMES = {",": "decimal comma", ".": "decimal point"}


def _plain(value: Decimal) -> str:
    """*value* without exponent or trailing zeros: 1250, 1.25. One too far from 1 to spell
    out (``5e-999999``: a million zeros) keeps its exponent."""
    if abs(value.adjusted()) > MAX_DIGITS:
        return format(value, "e")
    text = format(value, "f")
    return text.rstrip("0").rstrip(".") if "." in text else text


def _readings(text: str) -> dict[Decimal, str]:
    """Every value *text* has under some consistent convention, each with the mark it
    reads as a thousands separator ("" when none). A convention groups the whole part in
    threes after a first group of one to three digits (not starting with 0) with one mark,
    and may end with a decimal part after another mark. Two readings are possible only
    when the number holds a single dot or comma with exactly three digits after it."""
    found: dict[Decimal, str] = {}
    for point in ("", ".", ","):
        head, sep, tail = text.rpartition(point) if point else ("", "", text)
        whole = head if point else tail
        fraction = tail if point else ""
        if point and (not sep or not re.fullmatch(r"[0-9]+", fraction)):
            continue
        for group in ("", *_GROUPS):
            if group and group == point:
                continue
            pattern = (r"[0-9]+" if not group else
                       rf"[1-9][0-9]{{0,2}}(?:{re.escape(group)}[0-9]{{3}})+")
            if re.fullmatch(pattern, whole):
                digits = whole.replace(group, "") if group else whole
                value = Decimal(f"{digits}.{fraction}" if fraction else digits)
                found.setdefault(value, group)
    return found


def _read_number(number: str, text: str, *, scaled: bool = False, english: bool = False) -> Decimal:
    """The one value of *number* (as matched in *text*, the whole input, for messages).

    A dot or comma followed by exactly three digits, and no other mark, is a thousands
    separator to one reader and a decimal mark to another: refused, naming both. Before a
    scale word a dot is a decimal point (``1.250 million``, ``1.250 млрд``: English and
    Russian writers both mean 1.25 there); a comma is not settled even then (``1,250
    млрд`` is 1.25 billion in Russian) — unless the amount is *english*, written with the
    dollar sign first (``$5,000``, ``$1,250 million``): there the comma groups thousands."""
    s = re.sub(r"[\u00a0\u202f]", " ", number)
    if scientific := _SCIENTIFIC_RE.fullmatch(s):  # no grouping: the dot is a decimal point
        mantissa, sign, exponent = scientific.groups()
        if len(exponent) > 6:  # far beyond anything kept, and beyond what Decimal builds
            raise ValueParseError(f"{quoted(text)} is too {'small' if sign == '-' else 'large'}")
        return Decimal(f"{mantissa}e{sign}{exponent}")  # exact: no context, no rounding
    readings = _readings(s)
    if scaled and len(readings) == 2 and "." in readings.values():
        readings = {value: group for value, group in readings.items() if group != "."}
    if english and len(readings) == 2 and "," in readings.values():
        readings = {value: group for value, group in readings.items() if group == ","}
    if not readings:
        raise ValueParseError(f"{quoted(text)} is not a number (write 1250000, 1 250 000, "
                              "1,250,000 or 1.25)")
    if len(readings) > 1:
        (grouped, mark), (pointed, _) = sorted(readings.items(), key=lambda r: not r[1])
        write = [text.strip().replace(number, _plain(v), 1) for v in (grouped, pointed)]
        raise ValueParseError(
            f"{quoted(text)} is ambiguous: {_plain(grouped)} (the {_MARK_NAMES[mark]} as a "
            f"thousands separator) or {_plain(pointed)} (as a {_POINT_NAMES[mark]})? "
            f"Write {write[0]} or {write[1]}")
    return next(iter(readings))


def _check_size(text: str) -> None:
    """Refuse a value with more digits than any number here, before reading it: a
    5,000-digit cell costs a regular expression, never a long Decimal conversion."""
    digits = sum(ch in "0123456789" for ch in text)
    if digits > MAX_DIGITS:
        raise ValueParseError(f"{quoted(text)} has {digits:,} digits: far too many for a "
                              "number here")


_SCALES = {  # a scale word → its power of ten
    **dict.fromkeys(["k", "thousand", "тыс"], 3),
    **dict.fromkeys(["m", "mn", "mln", "million", "millions", "млн", "миллион", "миллиона",
                     "миллионов"], 6),
    **dict.fromkeys(["b", "bn", "billion", "billions", "млрд", "миллиард", "миллиарда",
                     "миллиардов"], 9),
    **dict.fromkeys(["t", "tn", "trillion", "трлн"], 12),
}

_CURRENCY = {"usd", "dollar", "dollars", "доллар", "доллара", "долларов"}  # "500 USD"
_AMOUNT_RE = re.compile(  # a dot only ends a scale word ("10 млн."), never a bare number
    rf"""\s*(?:us\s*\$|usd|\$)?\s*
        (?P<number>{_NUMBER})
        (?:\s*-?\s*(?P<scale>[a-zа-яё]+)\.?)?\s*(?:usd|\$|долларов|доллара|dollars)?\s*""",
    re.VERBOSE | re.IGNORECASE,
)


def parse_amount(text: str | int | float) -> int:
    """US dollars as a whole number: ``"$1.3B"`` → 1_300_000_000.

    Accepts plain numbers (``100e6``, ``1,250,000``, ``1 250 000``), SI-like suffixes
    (``27.4M``, ``10B``, ``5k``) and words in English or Russian (``1.3 billion``,
    ``1,25 млрд``, ``$325-million``). Refuses an ambiguous number (``1.250``), and a
    fraction without a scale word (``0.5``: fifty cents, or half a million?) — amounts
    are whole dollars, so whoever wrote one meant a unit they left out. A scaled amount
    is rounded to the dollar (``1.2345678M``): that is precision, not a second reading.
    """
    if isinstance(text, bool):
        raise ValueParseError(f"{text!r} is not an amount")
    scale = 0
    if isinstance(text, int):
        value = Decimal(text)
    elif isinstance(text, float):
        if not math.isfinite(text):
            raise ValueParseError(f"{text!r} is not an amount of money")
        value = Decimal(repr(text))
    else:
        value, scale = _written_amount(text)
    if value < 0:
        raise ValueParseError(f"{quoted(text)}: an amount cannot be negative")
    if value and value.adjusted() + scale > 18:  # checked before scaling: 1e999999 is quick
        raise ValueParseError(f"{quoted(text)} is too large for an amount in US dollars")
    with localcontext() as exact:  # at most MAX_DIGITS digits, scaled: no rounding here
        exact.prec = 2 * MAX_DIGITS
        value = value.scaleb(scale)
    if value > MAX_AMOUNT:
        raise ValueParseError(f"{quoted(text)} is too large for an amount in US dollars")
    whole = value.to_integral_value()
    if not scale and value != whole:
        raise _no_unit(text, value)
    if value and not whole:
        raise ValueParseError(f"{quoted(text)} is less than a dollar: amounts are whole US dollars")
    return int(whole)


def _written_amount(text: str) -> tuple[Decimal, int]:
    """The number of an amount as typed, and the power of ten its scale word stands for."""
    _check_size(text)
    if text.strip().startswith("-"):
        raise ValueParseError(f"{quoted(text)}: an amount cannot be negative")
    match = _AMOUNT_RE.fullmatch(text)
    if not match:
        raise ValueParseError(f"{quoted(text)} is not an amount of money (try 100e6, "
                              "27.4M, $1.3B or 1,25 млрд)")
    word = (match["scale"] or "").lower()
    word = "" if word in _CURRENCY else word
    if word and word not in _SCALES:
        raise ValueParseError(f"{quoted(text)}: unknown unit {quoted(word)} (use k, M, B)")
    # "$5,000" (the dollar sign first) is English money: its comma groups thousands, as the
    # record form and every US source write it; "1,250" alone, or "1,250 млрд", stays ambiguous.
    english = re.match(r"\s*(?:us\s*)?\$|\s*usd\b", text, re.IGNORECASE) is not None
    return (_read_number(match["number"], text, scaled=bool(word), english=english),
            _SCALES.get(word, 0))


def _no_unit(text: object, value: Decimal) -> ValueParseError:
    """``0.5`` in a column of whole dollars: fifty cents, or half a million (or billion)?"""
    plain = _plain(value)
    millions = value.scaleb(6)
    write = f"{_plain(millions)} or {plain}M" if millions == millions.to_integral_value() \
        else f"{plain}M"
    return ValueParseError(f"{quoted(text)} has no unit: ${value:,.2f}, or {plain} "
                           f"million/billion? Write {write}")


_SIGNED_RE = re.compile(rf"\s*(?P<sign>-?)(?P<number>{_NUMBER})\s*", re.IGNORECASE)


def _signed(text: str) -> Decimal:
    """A plain number, maybe negative, read as :func:`parse_amount` reads one (no units)."""
    _check_size(text)
    match = _SIGNED_RE.fullmatch(text)
    if not match:
        raise ValueParseError(f"{quoted(text)} is not a number")
    value = _read_number(match["number"], text)
    return -value if match["sign"] else value


def parse_number(text: str | int | float) -> float:
    """A plain number, with the same grouping rules as :func:`parse_amount`. Refuses what a
    float would keep only approximately: more than 15 significant digits, or a magnitude
    beyond a double's range (``1e999`` is not infinity, ``1e-999`` not zero)."""
    if isinstance(text, bool):
        raise ValueParseError(f"{text!r} is not a number")
    if isinstance(text, int | float):
        if not math.isfinite(text):
            raise ValueParseError(f"{text!r} is not a number")
        return float(text)
    value = _signed(text)
    if len(value.normalize().as_tuple().digits) > FLOAT_DIGITS:
        raise ValueParseError(f"{quoted(text)} has more than {FLOAT_DIGITS} significant "
                              "digits: a number here keeps 15")
    number = float(value)
    if math.isinf(number):
        raise ValueParseError(f"{quoted(text)} is too large")
    if value and abs(number) < sys.float_info.min:
        raise ValueParseError(f"{quoted(text)} is too small")
    return number


def parse_integer(text: str | int, *, largest: int = MAX_COUNT) -> int:
    """A whole number — a count — exactly: ``1.5`` is refused, never truncated, and so is
    anything beyond *largest* (by default 2^53, the last count a double holds exactly)."""
    if isinstance(text, bool):
        raise ValueParseError(f"{text!r} is not a whole number")
    value = Decimal(text) if isinstance(text, int) else _signed(text)
    if value != value.to_integral_value():
        raise ValueParseError(f"{quoted(text)} is not a whole number: write 1, 2, 3…")
    if abs(value) > largest:
        raise ValueParseError(f"{quoted(text)} is too large: at most {largest:,}")
    return int(value)


@dataclass(frozen=True)
class PartialDate:
    """A date known to a day, a month or a year; ``value`` is the first day of the period."""

    value: dt.date
    precision: DatePrecision

    @property
    def start(self) -> dt.date:
        return self.value

    @property
    def end(self) -> dt.date:
        """The last day of the period."""
        if self.precision is DatePrecision.DAY:
            return self.value
        if self.precision is DatePrecision.MONTH:
            last = calendar.monthrange(self.value.year, self.value.month)[1]
            return self.value.replace(day=last)
        return self.value.replace(month=12, day=31)

    def __str__(self) -> str:
        if self.precision is DatePrecision.YEAR:
            return f"{self.value.year:04d}"
        if self.precision is DatePrecision.MONTH:
            return f"{self.value.year:04d}-{self.value.month:02d}"
        return self.value.isoformat()


# English month names spelled here, not taken from calendar.month_name: that follows the
# process locale, and a Russian desktop would then stop reading "October 2025".
_MONTH_NAMES = ("January", "February", "March", "April", "May", "June", "July", "August",
                "September", "October", "November", "December")
_MONTHS = {
    **{name.lower(): n for n, name in enumerate(_MONTH_NAMES, 1)},
    **{name[:3].lower(): n for n, name in enumerate(_MONTH_NAMES, 1)},
    "sept": 9,
    # Russian, nominative and genitive
    **dict.fromkeys(["январь", "января", "янв"], 1),
    **dict.fromkeys(["февраль", "февраля", "фев"], 2),
    **dict.fromkeys(["март", "марта", "мар"], 3),
    **dict.fromkeys(["апрель", "апреля", "апр"], 4),
    **dict.fromkeys(["май", "мая"], 5),
    **dict.fromkeys(["июнь", "июня", "июн"], 6),
    **dict.fromkeys(["июль", "июля", "июл"], 7),
    **dict.fromkeys(["август", "августа", "авг"], 8),
    **dict.fromkeys(["сентябрь", "сентября", "сен"], 9),
    **dict.fromkeys(["октябрь", "октября", "окт"], 10),
    **dict.fromkeys(["ноябрь", "ноября", "ноя"], 11),
    **dict.fromkeys(["декабрь", "декабря", "дек"], 12),
}

_DATE_HINT = "use 2025-12-01, 2025-10, 2025, Oct 2025 or 4 Feb 2026"
# 2025-12-01T10:00:00, …Z, …+03:00, 2025-12-01 10:00: a moment, kept as the day written.
_DATETIME_RE = re.compile(r"([0-9]{4})-([0-9]{2})-([0-9]{2})[t ]([0-9]{2}):([0-9]{2})"
                          r"(?::([0-9]{2})(?:\.[0-9]{1,9})?)?\s*(?:z|[+-][0-9]{2}(?::?[0-9]{2})?)?")


def _spoken(day: dt.date) -> str:
    return f"{day.day} {_MONTH_NAMES[day.month - 1]} {day.year}"


def _day_month(first: int, second: int, year: int, text: str) -> dt.date:
    """A slashed date, 12/01/2025: month first to an American, day first to most others.
    Accepted when only one order makes a real date or both make the same one."""
    days = []
    for month, day in ((first, second), (second, first)):
        try:
            days.append(dt.date(year, month, day))
        except ValueError:
            continue
    if not days:
        raise ValueParseError(f"{quoted(text)} is not a real date (no day/month order makes one)")
    if len(days) == 2 and days[0] != days[1]:
        raise ValueParseError(
            f"{quoted(text)} is ambiguous: {_spoken(days[0])} or {_spoken(days[1])}? "
            f"Write {days[0].isoformat()} or {days[1].isoformat()}")
    return days[0]


def parse_date(text: str | dt.date | int) -> PartialDate:
    """Read a date and its precision from ISO forms or month names (English or Russian).

    ``01.12.2025`` (dotted) is day first, the Russian and European convention: 1 December.
    ``12/01/2025`` (slashed) could be either and is refused unless only one order is a real
    date. A date and time (``2025-12-01T10:00:00Z``) is the day as written, not converted
    to any time zone: the source's own calendar day.
    """
    if isinstance(text, dt.datetime):
        return PartialDate(text.date(), DatePrecision.DAY)
    if isinstance(text, dt.date):
        return PartialDate(text, DatePrecision.DAY)
    s = " ".join(str(text).strip().lower().replace(",", " ").split())
    s = re.sub(r"(?<=[0-9])\s*(?:год|года|г\.?)$", "", s)  # "1 декабря 2025 г.", "2025 год"
    try:
        found = _numeric_date(s, str(text)) or _named_date(s)
    except ValueParseError:
        raise
    except ValueError as exc:  # 2025-13, 31 Feb, 31.02.2025 …
        raise ValueParseError(f"{quoted(text)} is not a real date ({exc})") from exc
    if found is None:
        raise ValueParseError(f"{quoted(text)} is not a date ({_DATE_HINT})")
    return found


def _numeric_date(s: str, text: str) -> PartialDate | None:
    """2025, 2025-10, 2025-12-01, a date and time, 12/01/2025 or 01.12.2025 (*s* folded)."""
    if m := re.fullmatch(r"([0-9]{4})", s):
        return PartialDate(dt.date(int(m[1]), 1, 1), DatePrecision.YEAR)
    if m := re.fullmatch(r"([0-9]{4})-([0-9]{1,2})", s):
        return PartialDate(dt.date(int(m[1]), int(m[2]), 1), DatePrecision.MONTH)
    if m := re.fullmatch(r"([0-9]{4})-([0-9]{1,2})-([0-9]{1,2})", s):
        return PartialDate(dt.date(int(m[1]), int(m[2]), int(m[3])), DatePrecision.DAY)
    if m := _DATETIME_RE.fullmatch(s):
        dt.time(int(m[4]), int(m[5]), int(m[6] or 0))  # 25:00 is no time of day
        return PartialDate(dt.date(int(m[1]), int(m[2]), int(m[3])), DatePrecision.DAY)
    if m := re.fullmatch(r"([0-9]{1,2})/([0-9]{1,2})/([0-9]{4})", s):
        return PartialDate(_day_month(int(m[1]), int(m[2]), int(m[3]), text), DatePrecision.DAY)
    if m := re.fullmatch(r"([0-9]{1,2})\.([0-9]{1,2})\.([0-9]{4})", s):  # day first
        return PartialDate(dt.date(int(m[3]), int(m[2]), int(m[1])), DatePrecision.DAY)
    return None


def _named_date(s: str) -> PartialDate | None:
    """Oct 2025, 4 February 2026, December 08 2022, 1 сентября 2025 (*s* folded)."""
    if (m := re.fullmatch(r"([a-zа-яё]+)\.? ([0-9]{4})", s)) and m[1] in _MONTHS:
        return PartialDate(dt.date(int(m[2]), _MONTHS[m[1]], 1), DatePrecision.MONTH)
    if (m := re.fullmatch(r"([0-9]{1,2}) ([a-zа-яё]+)\.? ([0-9]{4})", s)) and m[2] in _MONTHS:
        return PartialDate(dt.date(int(m[3]), _MONTHS[m[2]], int(m[1])), DatePrecision.DAY)
    if (m := re.fullmatch(r"([a-zа-яё]+)\.? ([0-9]{1,2}) ([0-9]{4})", s)) and m[1] in _MONTHS:
        return PartialDate(dt.date(int(m[3]), _MONTHS[m[1]], int(m[2])), DatePrecision.DAY)
    return None


_TRUE = {"true", "yes", "y", "1", "да"}
_FALSE = {"false", "no", "n", "0", "нет"}


def parse_bool(text: str | bool) -> bool:
    if isinstance(text, bool):
        return text
    s = str(text).strip().lower()
    if s in _TRUE:
        return True
    if s in _FALSE:
        return False
    raise ValueParseError(f"{text!r} is not yes/no (use true or false)")
