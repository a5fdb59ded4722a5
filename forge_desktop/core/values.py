"""Parsing what people type: money ("$1.3B", "1,25 млрд", "100e6") and partial dates.

A date in this record often has only a month or a year ("October 2025"), so a date is a
:class:`PartialDate`: the first day of its period plus a precision. Comparing against a
partial date compares against its period: ``date = 2025-10`` means "some day in October".
"""

from __future__ import annotations

import calendar
import datetime as dt
import re
from dataclasses import dataclass
from decimal import Decimal, InvalidOperation

from .errors import ForgeError
from .schema import DatePrecision


class ValueParseError(ForgeError, ValueError):
    """A value that cannot be read; the message says what was expected."""


_SCALES = {
    "": 1,
    "k": 10**3,
    "thousand": 10**3,
    "тыс": 10**3,
    "m": 10**6,
    "mn": 10**6,
    "mln": 10**6,
    "million": 10**6,
    "millions": 10**6,
    "млн": 10**6,
    "миллион": 10**6,
    "миллиона": 10**6,
    "миллионов": 10**6,
    "b": 10**9,
    "bn": 10**9,
    "billion": 10**9,
    "billions": 10**9,
    "млрд": 10**9,
    "миллиард": 10**9,
    "миллиарда": 10**9,
    "миллиардов": 10**9,
    "t": 10**12,
    "tn": 10**12,
    "trillion": 10**12,
    "трлн": 10**12,
}

_AMOUNT_RE = re.compile(
    r"""^\s*(?:us\s*\$|usd|\$)?\s*
        (?P<number>[0-9][0-9\s\u00a0\u202f,.']*(?:e[+-]?[0-9]+)?)
        \s*-?\s*(?P<scale>[a-zа-я]*)\.?\s*(?:usd|\$|долларов|доллара|dollars)?\s*$""",
    re.VERBOSE | re.IGNORECASE,
)


def _number(text: str) -> Decimal:
    """Read a number written with any common grouping and decimal mark."""
    s = re.sub(r"[\s\u00a0\u202f']", "", text)
    mantissa, _, exponent = s.lower().partition("e")
    if "," in mantissa and "." in mantissa:
        # The later mark is the decimal one: 1,250.5 or 1.250,5
        if mantissa.rfind(",") > mantissa.rfind("."):
            mantissa = mantissa.replace(".", "").replace(",", ".")
        else:
            mantissa = mantissa.replace(",", "")
    elif "," in mantissa:
        head, _, tail = mantissa.rpartition(",")
        # 1,250,000 groups thousands; 1,25 is a decimal comma
        if len(tail) == 3 and mantissa.count(",") >= 1 and head.replace(",", "").isdigit():
            mantissa = mantissa.replace(",", "")
        else:
            mantissa = mantissa.replace(",", ".")
    elif mantissa.count(".") > 1:
        mantissa = mantissa.replace(".", "")
    try:
        value = Decimal(mantissa + (f"e{exponent}" if exponent else ""))
    except InvalidOperation as exc:
        raise ValueParseError(f"{text!r} is not a number") from exc
    return value


def parse_amount(text: str | int | float) -> int:
    """US dollars as a whole number: ``"$1.3B"`` → 1_300_000_000.

    Accepts plain numbers (``100e6``, ``1,250,000``, ``1 250 000``), SI-like suffixes
    (``27.4M``, ``10B``, ``5k``) and words in English or Russian (``1.3 billion``,
    ``1,25 млрд``, ``$325-million``).
    """
    if isinstance(text, bool):
        raise ValueParseError(f"{text!r} is not an amount")
    if isinstance(text, int | float):
        value = Decimal(str(text))
    else:
        if str(text).strip().startswith("-"):
            raise ValueParseError(f"{text!r}: an amount cannot be negative")
        match = _AMOUNT_RE.match(str(text))
        if not match:
            raise ValueParseError(
                f"{text!r} is not an amount of money (try 100e6, 27.4M, $1.3B or 1,25 млрд)"
            )
        scale = match.group("scale").lower()
        if scale not in _SCALES:
            raise ValueParseError(f"{text!r}: unknown unit {scale!r} (use k, M, B)")
        value = _number(match.group("number")) * _SCALES[scale]
    if value < 0:
        raise ValueParseError(f"{text!r}: an amount cannot be negative")
    return int(value.to_integral_value())


def parse_number(text: str | int | float) -> float:
    """A plain number, with the same grouping rules as :func:`parse_amount`."""
    if isinstance(text, int | float) and not isinstance(text, bool):
        return float(text)
    match = re.fullmatch(r"\s*-?[0-9][0-9\s,.']*(?:e[+-]?[0-9]+)?\s*", str(text), re.IGNORECASE)
    if not match:
        raise ValueParseError(f"{text!r} is not a number")
    negative = str(text).strip().startswith("-")
    value = float(_number(str(text).strip().lstrip("-")))
    return -value if negative else value


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


_MONTHS = {
    **{calendar.month_name[i].lower(): i for i in range(1, 13)},
    **{calendar.month_abbr[i].lower(): i for i in range(1, 13)},
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


def parse_date(text: str | dt.date | int) -> PartialDate:
    """Read a date and its precision from ISO forms or month names (English or Russian)."""
    if isinstance(text, dt.datetime):
        return PartialDate(text.date(), DatePrecision.DAY)
    if isinstance(text, dt.date):
        return PartialDate(text, DatePrecision.DAY)
    s = " ".join(str(text).strip().lower().replace(",", " ").split())
    s = re.sub(r"\s*г\.?$", "", s)  # "1 декабря 2025 г."
    try:
        if m := re.fullmatch(r"(\d{4})", s):
            return PartialDate(dt.date(int(m[1]), 1, 1), DatePrecision.YEAR)
        if m := re.fullmatch(r"(\d{4})-(\d{1,2})", s):
            return PartialDate(dt.date(int(m[1]), int(m[2]), 1), DatePrecision.MONTH)
        if m := re.fullmatch(r"(\d{4})-(\d{1,2})-(\d{1,2})", s):
            return PartialDate(dt.date(int(m[1]), int(m[2]), int(m[3])), DatePrecision.DAY)
        if m := re.fullmatch(r"(\d{1,2})[./](\d{1,2})[./](\d{4})", s):  # 01.12.2025
            return PartialDate(dt.date(int(m[3]), int(m[2]), int(m[1])), DatePrecision.DAY)
        if (m := re.fullmatch(r"([a-zа-я]+)\.? (\d{4})", s)) and m[1] in _MONTHS:
            return PartialDate(dt.date(int(m[2]), _MONTHS[m[1]], 1), DatePrecision.MONTH)
        if (m := re.fullmatch(r"(\d{1,2}) ([a-zа-я]+)\.? (\d{4})", s)) and m[2] in _MONTHS:
            return PartialDate(dt.date(int(m[3]), _MONTHS[m[2]], int(m[1])), DatePrecision.DAY)
        if (m := re.fullmatch(r"([a-zа-я]+)\.? (\d{1,2}) (\d{4})", s)) and m[1] in _MONTHS:
            return PartialDate(dt.date(int(m[3]), _MONTHS[m[1]], int(m[2])), DatePrecision.DAY)
    except ValueError as exc:  # 2025-13, 31 Feb …
        raise ValueParseError(f"{text!r} is not a real date ({exc})") from exc
    raise ValueParseError(f"{text!r} is not a date ({_DATE_HINT})")


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
