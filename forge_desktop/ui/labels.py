"""Words for people in place of the core's identifiers: tables, columns and what they hold,
operators, filters as their chips read, and why a filter cannot run.

The core keeps its names in English, marked with QT_TRANSLATE_NOOP("tables" | "columns", …)
so pyside6-lupdate collects them. A filter has two forms: the text the command line and
the saved settings read back (``str(condition)``: ``stage = funded``), and the words a chip
shows (:func:`describe_filter`: ``Stage = Funded``), its values as the table shows them.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterable, Mapping
from typing import Any

from PySide6.QtCore import QCoreApplication, QDateTime, QLocale

from ..core import formatting
from ..core.changes import FieldChange
from ..core.columns import TABLES, ColumnSpec, Kind, ListColumn, TableSpec
from ..core.query import AnyOf, Condition, Filter, Op, QueryError, ValueNames, Vocabularies
from ..core.records import format_value
from ..core.schema import ChangeAction, ChangeKind, term_key
from ..core.text import QT_TRANSLATE_NOOP, fold  # typed str; lupdate finds it by name
from ..core.values import ValueParseError, parse_amount, parse_bool, parse_date, parse_number

translate = QCoreApplication.translate  # pyside6-lupdate reads translate("context", "text")


def column_label(column: ColumnSpec | str) -> str:
    """A column's label (or a label the core already picked, as the detail pane's fields)."""
    text = column if isinstance(column, str) else column.label
    return translate("columns", text)


def table_label(spec: TableSpec) -> str:
    return translate("tables", spec.label)


# --------------------------------------------------------------------------- columns

# What each column holds, by (table, column) where tables differ, else by column.
_HOLDS = {
    "id": QT_TRANSLATE_NOOP("columns", "the record's key, as exports and the command line name it"),
    "quote_ru": QT_TRANSLATE_NOOP("columns", "the source sentence in Russian, verbatim"),
    "summary": QT_TRANSLATE_NOOP("columns", "what the record says, in English"),
    "notes": QT_TRANSLATE_NOOP("columns", "how the source was read, and what it does not say"),
    "origin": QT_TRANSLATE_NOOP("columns", "curated from the shipped record, or imported by you"),
    "source": QT_TRANSLATE_NOOP("columns", "the report the record comes from, or when it was imported"),
    "sources": QT_TRANSLATE_NOOP("columns", "every source the record rests on, its main one and any other"),
    "date_precision": QT_TRANSLATE_NOOP("columns", "whether the date is known to the day, the month or the year"),
    ("participants", "name"): QT_TRANSLATE_NOOP("columns", "the delegation: a country or an organisation"),
    ("participants", "name_ru"): QT_TRANSLATE_NOOP("columns", "the name as the Russian source writes it"),
    ("participants", "iso3"): QT_TRANSLATE_NOOP("columns", "the country's three-letter code"),
    ("participants", "kind"): QT_TRANSLATE_NOOP("columns", "country or organisation"),
    ("participants", "region"): QT_TRANSLATE_NOOP("columns", "the continent (UN M49)"),
    ("participants", "roles"): QT_TRANSLATE_NOOP(
        "columns", "what it did at the ministerial: attended, signed a framework, joined FORGE…"),
    ("participants", "organisation_id"): QT_TRANSLATE_NOOP("columns", "the organisation it is"),
    ("agreements", "title"): QT_TRANSLATE_NOOP("columns", "the agreement, in English"),
    ("agreements", "kind"): QT_TRANSLATE_NOOP(
        "columns", "framework or MOU, action plan, strategic partnership or memorandum"),
    ("agreements", "parties"): QT_TRANSLATE_NOOP("columns", "the countries and organisations that sign it"),
    ("agreements", "date"): QT_TRANSLATE_NOOP("columns", "when it was signed or announced, as precisely as known"),
    ("agreements", "status"): QT_TRANSLATE_NOOP(
        "columns", "signed, negotiations concluded, in force, announced or intended"),
    ("agreements", "is_aggregate"): QT_TRANSLATE_NOOP(
        "columns", "a count of agreements the source does not name one by one"),
    ("agreements", "aggregate_count"): QT_TRANSLATE_NOOP("columns", "how many agreements an aggregate counts"),
    ("financing", "agency"): QT_TRANSLATE_NOOP("columns", "the US agency that commits the money"),
    ("financing", "recipient"): QT_TRANSLATE_NOOP("columns", "the company, project or programme"),
    ("financing", "recipient_ru"): QT_TRANSLATE_NOOP("columns", "the recipient as the Russian source writes it"),
    ("financing", "organisation_id"): QT_TRANSLATE_NOOP("columns", "the known company or consortium it goes to"),
    ("financing", "instrument"): QT_TRANSLATE_NOOP(
        "columns", "loan, debt, equity, letter of interest, funding opportunity…"),
    ("financing", "stage"): QT_TRANSLATE_NOOP(
        "columns", "how far it has gone, from announced to funded: a letter of interest is no loan"),
    ("financing", "amount_usd"): QT_TRANSLATE_NOOP(
        "columns", "committed US dollars, with “up to”, “>” or “(cond.)” where the source says so"),
    ("financing", "amount_qualifier"): QT_TRANSLATE_NOOP(
        "columns", "whether the amount is exact, an upper bound, a lower bound or conditional"),
    ("financing", "cofinancing_usd"): QT_TRANSLATE_NOOP(
        "columns", "private or other public dollars alongside, never part of the US amount"),
    ("financing", "cofinancing_source"): QT_TRANSLATE_NOOP("columns", "who brings the co-financing"),
    ("financing", "quantity"): QT_TRANSLATE_NOOP("columns", "a quantity instead of money (tonnes of copper)"),
    ("financing", "quantity_unit"): QT_TRANSLATE_NOOP("columns", "the unit of the quantity"),
    ("financing", "minerals"): QT_TRANSLATE_NOOP("columns", "the minerals the source names for it"),
    ("financing", "locations"): QT_TRANSLATE_NOOP("columns", "where the project is: countries, states, regions"),
    ("financing", "date"): QT_TRANSLATE_NOOP("columns", "when it was announced, as precisely as known"),
    ("financing", "parent_id"): QT_TRANSLATE_NOOP(
        "columns", "the aggregate it is a listed part of (totals count the parts)"),
    ("financing", "is_aggregate"): QT_TRANSLATE_NOOP(
        "columns", "a total whose listed parts are records of their own"),
    ("financing", "agreement_id"): QT_TRANSLATE_NOOP("columns", "the agreement it carries out"),
    ("sources", "id"): QT_TRANSLATE_NOOP("columns", "the source's key, as exports and the command line name it"),
    ("sources", "title"): QT_TRANSLATE_NOOP("columns", "the document's title, as published"),
    ("sources", "publisher"): QT_TRANSLATE_NOOP("columns", "who published it"),
    ("sources", "date"): QT_TRANSLATE_NOOP("columns", "when it was published, as precisely as known"),
    ("sources", "kind"): QT_TRANSLATE_NOOP(
        "columns", "a government's or agency's own release, a press report, a filing or other"),
    ("sources", "language"): QT_TRANSLATE_NOOP("columns", "the language it is written in (ISO 639-1)"),
    ("sources", "url"): QT_TRANSLATE_NOOP("columns", "where it is on the web"),
    ("sources", "participants"): QT_TRANSLATE_NOOP("columns", "how many participants rest on it"),
    ("sources", "agreements"): QT_TRANSLATE_NOOP("columns", "how many agreements rest on it"),
    ("sources", "financing"): QT_TRANSLATE_NOOP("columns", "how many financing records rest on it"),
    ("sources", "records"): QT_TRANSLATE_NOOP("columns", "how many records rest on it, in all"),
    ("sources", "origin"): QT_TRANSLATE_NOOP("columns", "shipped with the data, or added by an import or by you"),
}


def column_holds(table: str, column: ColumnSpec) -> str:
    """What *column* of *table* holds, in a few words."""
    text = _HOLDS.get((table, column.name)) or _HOLDS.get(column.name, "")
    return translate("columns", text) if text else ""


def header_tooltip(table: str, column: ColumnSpec) -> str:
    """A column header's tooltip: what the column holds, and how its header sorts."""
    holds = column_holds(table, column)
    first = f"{column_label(column)}: {holds}" if holds else column_label(column)
    return first + "\n" + translate(
        "columns", "Click to sort, again to reverse; Ctrl+click to sort by a further key")


# --------------------------------------------------------------------------- operators

_OP_SYMBOLS = {Op.EQ: "=", Op.NE: "≠", Op.LT: "<", Op.LE: "≤", Op.GT: ">", Op.GE: "≥"}
_OP_WORDS = {
    Op.CONTAINS: QT_TRANSLATE_NOOP("filters", "contains"),
    Op.STARTSWITH: QT_TRANSLATE_NOOP("filters", "starts with"),
    Op.IN: QT_TRANSLATE_NOOP("filters", "is one of"),
    Op.BETWEEN: QT_TRANSLATE_NOOP("filters", "between"),
    Op.EMPTY: QT_TRANSLATE_NOOP("filters", "is empty"),
    Op.NOTEMPTY: QT_TRANSLATE_NOOP("filters", "is not empty"),
}


def op_label(op: Op) -> str:
    """An operator as the filter bar offers it: ``≠``, ``starts with``, ``is empty``."""
    return _OP_SYMBOLS.get(op) or translate("filters", _OP_WORDS[op])


# --------------------------------------------------------------------------- values and filters


def _parsed_text(column: ColumnSpec, text: str) -> str | None:
    """A money, number, date or yes/no value as the table shows it; None for other kinds,
    and for a value that cannot be read (a filter that cannot run shows it as typed)."""
    try:
        if column.kind is Kind.MONEY:
            return formatting.money(parse_amount(text))
        if column.kind is Kind.DATE:
            date = parse_date(text)
            return formatting.date_text(date.value, date.precision)
        if column.kind is Kind.NUMBER:
            return format_value(Kind.NUMBER, parse_number(text), {})
        if column.kind is Kind.BOOL:
            return format_value(Kind.BOOL, parse_bool(text), {})
    except ValueParseError:
        return None
    return None


def value_text(column: ColumnSpec, text: str, names: ValueNames | None = None,
               terms: Vocabularies | None = None) -> str:
    """A value of a filter (as typed) as the table shows it: money via the core's formatting
    ("$100M"), a stage or an agency by its name ("Funded"), a place by its name ("Republic of
    Korea"). A text value, and one there is no name for, reads as typed."""
    parsed = _parsed_text(column, text)
    if parsed is not None:
        return parsed
    if isinstance(column, ListColumn):
        shown = (names or {}).get(column.name, {}).get(fold(text))
        return format_value(Kind.LIST, [shown], {}) if shown else text
    if column.kind is Kind.CATEGORY:
        known = {term_key(c): c for c in column.choices} | (terms or {}).get(column.name, {})
        code = known.get(term_key(text))
        return formatting.label(code) if code else text
    return text


def _describe_condition(condition: Condition, spec: TableSpec, names: ValueNames | None,
                        terms: Vocabularies | None) -> str:
    column = spec.get(condition.column)
    if column is None:  # not one of these columns: the filter runs nowhere, show it as is
        return str(condition)
    label, op = column_label(column), condition.op
    if op is Op.EMPTY:
        return translate("filters", "{0} is empty").format(label)
    if op is Op.NOTEMPTY:
        return translate("filters", "{0} is not empty").format(label)
    typed = condition.value if isinstance(condition.value, tuple) else (condition.value or "",)
    # A fragment (contains, starts with) is no value of the column: it reads as typed.
    values = list(typed) if op in (Op.CONTAINS, Op.STARTSWITH) else [
        value_text(column, v, names, terms) for v in typed]
    if op is Op.BETWEEN and len(values) == 2:
        return translate("filters", "{0} between {1} and {2}").format(label, *values)
    if op is Op.IN:
        return translate("filters", "{0} is one of {1}").format(label, ", ".join(values))
    if op is Op.CONTAINS:
        return translate("filters", "{0} contains {1}").format(label, values[0])
    if op is Op.STARTSWITH:
        return translate("filters", "{0} starts with {1}").format(label, values[0])
    return f"{label} {op_label(op)} {', '.join(values)}"


def describe_filter(item: Filter, spec: TableSpec, names: ValueNames | None = None,
                    terms: Vocabularies | None = None) -> str:
    """A filter in words for its chip: ``Amount (USD) > $100M``, ``Stage = Funded``,
    ``Locations = Republic of Korea``. *names* (see ``query.value_names``) names the values
    of list columns, *terms* the open vocabularies' values an import added."""
    if isinstance(item, AnyOf):
        joiner = " " + translate("filters", "or") + " "
        return joiner.join(_describe_condition(c, spec, names, terms) for c in item.conditions)
    return _describe_condition(item, spec, names, terms)


def describe_error(error: QueryError, spec: TableSpec, terms: Vocabularies | None = None) -> str:
    """Why a filter cannot run, naming its column by the label and the value as typed:
    ``Amount (USD): 'lots' is not an amount of money (try …)``. An error about no column of
    *spec* keeps the core's message."""
    column = spec.get(error.column) if error.column else None
    if column is None:
        return str(error)
    label = column_label(column)
    if error.choices:
        choices = ", ".join(value_text(column, c, terms=terms) for c in error.choices)
        return translate("filters", "{0}: there is no “{1}”; choose one of {2}").format(
            label, error.value, choices)
    if error.reason:
        return f"{label}: {translate('QueryError', error.reason)}"
    return str(error)


# --------------------------------------------------------------------------- the change log

_CHANGE_KINDS = {
    ChangeKind.ADD: QT_TRANSLATE_NOOP("changes", "added"),
    ChangeKind.EDIT: QT_TRANSLATE_NOOP("changes", "edited"),
    ChangeKind.DELETE: QT_TRANSLATE_NOOP("changes", "deleted"),
    ChangeKind.IMPORT: QT_TRANSLATE_NOOP("changes", "imported"),
    ChangeKind.UNDO: QT_TRANSLATE_NOOP("changes", "undone"),
    ChangeKind.REFRESH: QT_TRANSLATE_NOOP("changes", "refreshed from a release"),
}
# Fields of the record format (what the log compares) that are columns by another name.
_FIELD_COLUMNS = {"parent": "parent_id", "agreement": "agreement_id", "organisation": "organisation_id"}
NO_VALUE_TEXT = "—"  # a field with no value, before or after a change


def change_kind_label(kind: ChangeKind | str) -> str:
    """What a change set did, in a word: ``edited``, ``imported``, ``refreshed from a release``."""
    text = _CHANGE_KINDS.get(ChangeKind(kind))
    return translate("changes", text) if text else str(kind)


def field_label(table: str, field: str | None) -> str:
    """A field of the change log by the label its column has in the table (``parent`` →
    "Part of"); ``sources`` → "Sources"; None: the whole record."""
    if field is None:
        return translate("changes", "the whole record")
    if field == "sources":
        return translate("changes", "Sources")
    spec = TABLES.get(table)
    column = spec.get(_FIELD_COLUMNS.get(field, field)) if spec is not None else None
    return column_label(column) if column is not None else field


def change_value_text(table: str, field: str | None, value: Any,
                      names: Mapping[str, Mapping[str, str]] | None = None,
                      qualifier: str | None = None) -> str:
    """A value before or after a change as the table shows it: money formatted (with
    *qualifier*, the amount's own), a date by its precision, lists joined, a source by its
    title and a mineral, a place or an organisation by its name (*names*: field → code →
    name, ``core.changes.value_names``); "—" for none."""
    if value is None or value == "" or value == [] or value == {}:
        return NO_VALUE_TEXT
    named = (names or {}).get(field or "", {})
    if field == "sources" and isinstance(value, list):
        return "; ".join(named.get(str(link.get("source")), str(link.get("source")))
                         if isinstance(link, dict) else str(link) for link in value)
    if isinstance(value, dict):  # a participant's roles: role → the sentence that grants it
        value = sorted(value)
    if isinstance(value, list):
        return ", ".join(named.get(str(v)) or format_value(Kind.LIST, [str(v)], {}) for v in value)
    if str(value) in named:
        return named[str(value)]
    spec = TABLES.get(table)
    column = spec.get(_FIELD_COLUMNS.get(field or "", field or "")) if spec is not None else None
    kind = column.kind if column is not None else Kind.TEXT
    if kind is Kind.MONEY and isinstance(value, int | float):
        return formatting.money(value, qualifier)
    if kind is Kind.DATE:
        try:
            date = parse_date(str(value))
        except ValueParseError:
            return str(value)
        return formatting.date_text(date.value, date.precision)
    return format_value(kind, value, {}) or NO_VALUE_TEXT


def change_text(table: str, change: FieldChange, names: Mapping[str, Mapping[str, str]] | None = None,
                qualifiers: tuple[str | None, str | None] = (None, None)) -> str:
    """One change in words: ``Amount (USD): $10B → $12B``; a record removed whole says so.
    *qualifiers*: the amount's qualifier before and after, where the same change set has it."""
    if change.field is None:
        return translate("changes", "record removed") if change.action is ChangeAction.REMOVED \
            else field_label(table, None)
    if change.field != "amount_usd":  # the qualifier belongs to the US amount, not co-financing
        qualifiers = (None, None)
    before, after = (change_value_text(table, change.field, value, names, qualifier)
                     for value, qualifier in zip((change.before, change.after), qualifiers, strict=True))
    return f"{field_label(table, change.field)}: {before} → {after}"


def amount_qualifiers(changes: Iterable[FieldChange]) -> dict[str, tuple[str | None, str | None]]:
    """The amount qualifier each record had before and after, where *changes* (one change
    set's) changed it: the amount reads "up to $10B" as the table shows it."""
    return {c.record_id: (c.before, c.after) for c in changes if c.field == "amount_qualifier"}


def local_time_text(at: dt.datetime) -> str:
    """A time from the log (UTC) in the user's time zone, as the active locale writes it."""
    moment = QDateTime.fromSecsSinceEpoch(int(at.replace(tzinfo=dt.UTC).timestamp()))
    locale = QLocale()
    if locale.language() == QLocale.Language.C:  # no locale set: as the app writes dates
        return locale.toString(moment, "d MMM yyyy HH:mm")
    return locale.toString(moment, QLocale.FormatType.ShortFormat)
