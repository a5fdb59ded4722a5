"""How values read for people: money with its qualifier, dates by their precision, labels.

Raw values stay raw everywhere else (sorting, export); this module only turns them into
text. Money is formatted with babel, compact ("$27.4M") or in full ("$27,400,000").
"""

from __future__ import annotations

import datetime as dt

from babel.numbers import format_compact_currency, format_currency

from .schema import DatePrecision, Qualifier

LOCALE = "en_US"

_QUALIFIED = {
    Qualifier.EXACT: "{}",
    Qualifier.UP_TO: "up to {}",
    Qualifier.MORE_THAN: "> {}",
    Qualifier.CONDITIONAL: "{} (cond.)",
}

# Enumeration values whose label is not just the words of the value.
_LABELS = {
    "nofo": "NOFO",
    "noi": "NOI",
    "pia": "PIA",
    "bilateral_framework_mou": "Bilateral framework / MOU",
    "direct_loan": "Direct loan",
    "forge_chair": "FORGE chair",
    "forge_joined": "Joined FORGE",
    "bilateral_signed": "Bilateral signed",
    "more_than": "More than",
    "up_to": "Up to",
}


def money(amount: int | float | None, qualifier: str | None = None) -> str:
    """``$10B``, ``up to $10B``, ``> $1B``; empty for no amount."""
    if amount is None:
        return ""
    text = format_compact_currency(amount, "USD", locale=LOCALE, fraction_digits=2)
    if qualifier:
        text = _QUALIFIED.get(Qualifier(qualifier), "{}").format(text)
    return text


def money_full(amount: int | float | None) -> str:
    if amount is None:
        return ""
    return format_currency(amount, "USD", locale=LOCALE, format="¤#,##0", currency_digits=False)


def date_text(value: dt.date | None, precision: str | None = None) -> str:
    """``4 Feb 2026``, ``Oct 2025`` or ``2025``, as precise as the record is."""
    if value is None:
        return ""
    if precision == DatePrecision.YEAR:
        return f"{value.year}"
    if precision == DatePrecision.MONTH:
        return value.strftime("%b %Y")
    return f"{value.day} {value.strftime('%b %Y')}"


def label(value: object) -> str:
    """A readable label for an enumeration value: ``letter_of_interest`` → ``Letter of interest``."""
    if value is None:
        return ""
    text = str(getattr(value, "value", value))
    if text in _LABELS:
        return _LABELS[text]
    if text.isupper():  # codes: EXIM, USTR
        return text
    text = text.replace("_", " ")
    return text[:1].upper() + text[1:]  # an imported "Dept of Commerce" keeps its capitals
