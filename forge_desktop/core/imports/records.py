"""From a row to a record: each cell parsed and checked against what the database holds,
into the record format of the curated data (what :mod:`forge_desktop.core.dataset` turns
into rows). A row's problems go to the plan as they are found."""

from __future__ import annotations

import difflib
import functools
import re
from collections.abc import Callable, Iterable, Sequence
from typing import TYPE_CHECKING, Any, TypeAlias, TypedDict, TypeVar

import pycountry
from sqlalchemy import select
from sqlalchemy.orm import Session

from .. import dataset
from ..columns import enum_values
from ..place_names import country_from_russian, russian_name
from ..query import known_terms
from ..schema import (
    AgencyRow,
    Agreement,
    AgreementKind,
    AgreementStatus,
    Financing,
    Location,
    LocationKind,
    Mineral,
    Organisation,
    Participant,
    ParticipantKind,
    Qualifier,
    Role,
    RoleRow,
    term_key,
)
from ..text import fold
from ..values import (
    ValueParseError,
    parse_amount,
    parse_bool,
    parse_date,
    parse_integer,
    parse_number,
)
from .cells import (
    MAX_CELL,
    _cell,
    _choice,
    _short,
    _split_list,
    _subdivision,
    parse_money,
)

if TYPE_CHECKING:  # the plan collects what rows find; it imports this module to build them
    from .plan import ImportPlan

TERM_LENGTH = 64  # the longest agency, instrument or stage the database holds
TERM_NAME_LENGTH = 200
MAX_STORED_COUNT = 2**31 - 1  # a count column is a 32-bit integer in PostgreSQL

Record: TypeAlias = dict[str, Any]  # one record in the dataset record format
T = TypeVar("T")
QUALIFIERS = enum_values(Qualifier)


# --------------------------------------------------------------------------- cached readings
# A column's cells repeat (agencies, stages, dates, lists of minerals and places, names of
# places): each distinct text is read once per process, not once per row. Only readings of
# the text alone are cached; one that fails raises again for every row that has it
# (lru_cache keeps no exceptions), so each row still gets its own error.

_fold = functools.lru_cache(maxsize=16_384)(fold)
_term_key = functools.lru_cache(maxsize=4_096)(term_key)
_parse_date = functools.lru_cache(maxsize=4_096)(parse_date)
_cached_choice = functools.lru_cache(maxsize=1_024)(_choice)


@functools.lru_cache(maxsize=4_096)
def _items(text: str | None) -> tuple[str, ...]:
    return tuple(_split_list(text))


def _money(text: str) -> tuple[int, Qualifier]:
    """parse_money, plain digits (what our own export writes) read at once: too few of them
    to be out of range, and one reading only."""
    if len(text) <= 18 and text.isascii() and text.isdigit():
        return int(text), Qualifier.EXACT
    return parse_money(text)


class NewLocation(TypedDict):
    """A real place (ISO 3166) the database does not hold yet: the import adds it."""

    code: str
    name: str
    name_ru: str | None
    kind: LocationKind
    country: str | None  # the code of its country (a country's own); None when unknown


# --------------------------------------------------------------------------- lookups


class _Lookups:
    """What records may refer to, from the database, resolvable by id, code or name."""

    def __init__(self, session: Session):
        self.session = session
        self.minerals = {m.id: m for m in session.scalars(select(Mineral))}
        self.places = {loc.code: loc for loc in session.scalars(select(Location))}
        self.organisations = {o.id: o for o in session.scalars(select(Organisation))}
        self.agencies = {a.code: a for a in session.scalars(select(AgencyRow))}
        self.roles = {str(r.id.value if hasattr(r.id, "value") else r.id): r
                      for r in session.scalars(select(RoleRow))}
        self.terms = known_terms(session)  # column → {key: code}, in curated order
        self.mineral_names = self._index_many(
            ((m.id, m.name, m.name_ru), m.id) for m in self.minerals.values())
        self.place_names = self._index_many(
            ((loc.code, loc.name, loc.name_ru), loc.code) for loc in self.places.values())
        self.org_names = self._index_many(
            ((o.id, o.name, o.name_ru), o.id) for o in self.organisations.values())
        self.role_names = self._index_many(((r.id, r.name), key) for key, r in self.roles.items())
        self._resolved: dict[str, str] = {}  # fold(text) → the place ISO 3166 found for it

    @staticmethod
    def _index_many(pairs: Iterable[tuple[Iterable[object], str]]) -> dict[str, str]:
        """fold(name) → target, for each (names, target); the first target wins a name."""
        out: dict[str, str] = {}
        for names, target in pairs:
            for n in names:
                if n:
                    out.setdefault(_fold(str(getattr(n, "value", n))), target)
        return out

    def place(self, text: str, plan: ImportPlan) -> str | None:
        """The code of the place *text* names (a code, an English or Russian name); a real
        place the database lacks is noted in the plan's new_locations. None: no place."""
        key = _fold(text)
        code = self.place_names.get(key) or self._resolved.get(key)
        if code is not None and (code in self.places or code in plan.new_locations):
            return code
        code = self._resolve(text, plan)
        if code is not None:  # what ISO 3166 told, asked once: every row names it alike
            self._resolved[key] = code
        return code

    def _resolve(self, text: str, plan: ImportPlan) -> str | None:
        if text.upper() in plan.new_locations:
            return text.upper()
        subdivision = _subdivision(text)
        if subdivision is not None:  # a state or province: ISO 3166-2 code or unique name
            code = subdivision.code
            if code not in self.places:
                country = pycountry.countries.get(alpha_2=subdivision.country_code)
                parent = self.place(country.alpha_3, plan) if country else None
                plan.new_locations[code] = {"code": code, "name": subdivision.name, "name_ru": russian_name(code),
                                            "kind": LocationKind.SUBDIVISION, "country": parent}
            return code
        try:  # a real country not yet in the database: ISO code, English or Russian name
            country = pycountry.countries.lookup(country_from_russian(text) or text)
        except LookupError:
            return None
        if country.alpha_3 in self.places:
            return country.alpha_3
        plan.new_locations[country.alpha_3] = {
            "code": country.alpha_3, "name": getattr(country, "common_name", country.name),
            "name_ru": russian_name(country.alpha_3), "kind": LocationKind.COUNTRY, "country": country.alpha_3}
        return country.alpha_3

    def names(self, plan: ImportPlan) -> dataset.Names:
        places = {code: (loc.name, loc.name_ru) for code, loc in self.places.items()}
        places.update({code: (loc["name"], loc["name_ru"]) for code, loc in plan.new_locations.items()})
        countries = {code: loc.country_code or code for code, loc in self.places.items()}
        countries.update({code: loc["country"] or code for code, loc in plan.new_locations.items()})
        agencies = {k: (a.name, a.name_ru) for k, a in self.agencies.items()}
        agencies.update({new.code: (new.text, None) for (column, _), new in plan.new_values.items()
                         if column == "agency"})
        return dataset.Names(
            agencies=agencies,
            minerals={k: (m.name, m.name_ru) for k, m in self.minerals.items()},
            places=places,
            organisations={k: (o.name, o.name_ru) for k, o in self.organisations.items()},
            roles={k: r.name for k, r in self.roles.items()},
            countries=countries,
        )


# --------------------------------------------------------------------------- rows → records


class _Row:
    """One data row being turned into a record; collects its problems."""

    def __init__(self, number: int, values: dict[str, Any], plan: ImportPlan):
        self.number, self.values, self.plan = number, values, plan
        self.failed = False

    def error(self, column: str | None, message: str) -> None:
        self.failed = True
        self.plan.add_issue(self.number, column, message)

    def warn(self, column: str | None, message: str) -> None:
        self.plan.add_issue(self.number, column, message, error=False)

    def text(self, column: str, *, required: bool = False) -> str | None:
        value = self.values.get(column)  # (most columns are not in most files)
        if type(value) is str:  # a CSV's cell: _cell's reading, without its questions
            value = value.strip() or None
        elif _nested(value):  # a JSON object, or a list of them, is no cell's value
            self.error(column, "holds an object or a list of lists; a cell holds text, a number, "
                               "true or false, or a list of them")
            return None
        elif value is not None:
            value = _cell(value)
        if value is not None and len(value) > MAX_CELL:
            self.error(column, f"{len(value):,} characters; a cell holds at most {MAX_CELL:,}")
            return None
        if value is None and required:
            self.error(column, "required, but empty")
        return value

    def parsed(self, column: str, parser: Callable[[str], T]) -> T | None:
        """The cell read by *parser*; None when it is empty or does not parse: an error whose
        message is the parser's, which the report puts after the row and column ("row 3,
        amount_usd: error: '1.250' is ambiguous: …")."""
        text = self.text(column)
        if text is None:
            return None
        try:
            return parser(text)
        except ValueParseError as exc:
            self.error(column, str(exc))
            return None

    def choice(self, column: str, choices: Sequence[str], what: str, *, required: bool = True,
               default: str | None = None) -> str | None:
        text = self.text(column)
        if text is None:
            if default is not None:
                return default
            if required:
                self.error(column, f"required, but empty (one of {', '.join(choices)})")
            return None
        try:
            return _cached_choice(text, tuple(choices), what)
        except ValueParseError as exc:
            self.error(column, str(exc))
            return None

    def term(self, column: str, lookups: _Lookups) -> str | None:
        """A value of an open vocabulary: a known one, or a new one the user confirmed."""
        known = lookups.terms[column]
        text = self.text(column)
        if text is None:
            self.error(column, f"required, but empty (one of {', '.join(known.values())})")
            return None
        key = _term_key(text)
        if key in known:
            return known[key]
        # A new value keeps its spelling: a code like NSF, or EU_grant (shown "EU grant").
        name = " ".join(text.split())
        code = name if column == "agency" else re.sub(r"[\s\-/]+", "_", name).strip("_")
        if not key or len(code) > TERM_LENGTH or len(name) > TERM_NAME_LENGTH:
            self.error(column, f"{_short(text)} is not a usable {column}: give a name of 1 to "
                               f"{TERM_LENGTH} characters")
            return None
        new = self.plan.new_value(column, key, code, name)
        new.rows.append(self.number)
        if new.accepted:
            self.warn(column, f"adds the new {column} {new.code!r}")
            return new.code
        close = difflib.get_close_matches(key, known, n=1, cutoff=0.8)
        hint = f"did you mean {known[close[0]]!r}? " if close else ""
        self.error(column, f"unknown {column} {text!r}; {hint}known: {', '.join(known.values())}. "
                           f"If it is a new {column}, confirm it to add it")
        return new.code

    def made_id(self, seed: str | None) -> str | None:
        """The id of a row that gives none. A file without an id column has its ids made
        from *seed* (what names the record), and the plan notes it once for the whole file.
        A file with one expects every row to carry its id, so an empty cell is an error: a
        made id would stand out among the author's own, and a later import of the same
        rows could not match it. None when the row has nothing to make an id from (its
        naming field is empty, an error of its own)."""
        if "id" in self.plan.mapping.values():
            self.error("id", "required, but empty: the file has an id column, so every row "
                             "needs its id")
            return None
        if not seed:
            return None
        made = _slug(seed)
        self.plan.made_ids[self.number] = made
        return made

    def date(self) -> str | None:
        value = self.parsed("date", _parse_date)
        if value is None:
            return None
        precision = self.text("date_precision")
        if precision:
            try:
                precision = _cached_choice(precision, ("day", "month", "year"), "date precision")
            except ValueParseError as exc:
                self.error("date_precision", str(exc))
                return None
            value = _parse_date(value.value.isoformat()[: {"year": 4, "month": 7, "day": 10}[precision]])
        return str(value)


def _nested(value: object) -> bool:
    return isinstance(value, dict) or (isinstance(value, list)
                                       and any(isinstance(v, dict | list) for v in value))


def _financing_record(row: _Row, lookups: _Lookups) -> Record:
    plan = row.plan
    record: Record = {
        "id": row.text("id"),
        "agency": row.term("agency", lookups),
        "recipient": row.text("recipient", required=True),
        "recipient_ru": row.text("recipient_ru"),
        "instrument": row.term("instrument", lookups),
        "stage": row.term("stage", lookups),
        "cofinancing_usd": row.parsed("cofinancing_usd", parse_amount),
        "cofinancing_source": row.text("cofinancing_source"),
        "quantity": row.parsed("quantity", parse_number),
        "quantity_unit": row.text("quantity_unit"),
        "date": row.date(),
        "is_aggregate": bool(row.parsed("is_aggregate", parse_bool)),
        "parent": row.text("parent_id"),
        "agreement": row.text("agreement_id"),
        "organisation": row.text("organisation_id"),
        "quote_ru": row.text("quote_ru"),
        "summary": row.text("summary") or "",
        "notes": row.text("notes"),
    }
    money = row.parsed("amount_usd", _money)
    qualifier = row.choice("amount_qualifier", QUALIFIERS, "qualifier", required=False)
    if money is not None:
        record["amount_usd"] = money[0]
        record["amount_qualifier"] = qualifier or money[1].value
    else:
        record["amount_usd"] = record["amount_qualifier"] = None
        if qualifier:
            row.warn("amount_qualifier", "a qualifier without an amount is dropped")
    if record["quantity"] is not None and record["quantity"] < 0:
        row.error("quantity", "cannot be negative")
    minerals = []
    for name in _items(row.text("minerals")):
        mineral = lookups.mineral_names.get(_fold(name))
        if mineral is None:
            row.error("minerals", f"unknown mineral {name!r}; known: {', '.join(sorted(lookups.minerals))}")
        else:
            minerals.append(mineral)
    places = []
    for name in _items(row.text("locations")):
        code = lookups.place(name, plan)
        if code is None:
            row.error("locations", f"unknown place {name!r}: give an ISO 3166 code or a known place")
        else:
            places.append(code)
    record["minerals"] = list(dict.fromkeys(minerals))
    record["locations"] = list(dict.fromkeys(places))
    if record["organisation"] and record["organisation"] not in lookups.organisations:
        row.error("organisation_id", f"unknown organisation {record['organisation']!r}")
    if not record["summary"]:
        row.warn("summary", "no summary: the detail pane will show only the fields")
    if record["id"] is None:
        record["id"] = row.made_id(f"{record['agency']}-{record['recipient']}-{row.number}"
                                   if record["recipient"] and record["agency"] else None)
    return record


def _participant_record(row: _Row, lookups: _Lookups) -> Record:
    kind = row.choice("kind", enum_values(ParticipantKind), "kind", default="country")
    record: Record = {
        "id": row.text("id"),
        "name": row.text("name", required=True),
        "name_ru": row.text("name_ru"),
        "kind": kind,
        "region": row.text("region", required=True),
        "quote_ru": row.text("quote_ru"),
        "summary": row.text("summary") or "",
        "notes": row.text("notes"),
    }
    iso3 = row.text("iso3")
    if kind == ParticipantKind.COUNTRY:
        code = lookups.place(iso3 or record["name"] or "", row.plan) if (iso3 or record["name"]) else None
        if code is None or len(code) != 3:
            row.error("iso3", f"{iso3 or record['name']!r} is not an ISO 3166 country")
        record["iso3"] = code
    elif kind == ParticipantKind.ORGANISATION:
        org = row.text("organisation_id")
        if org not in lookups.organisations:
            row.error("organisation_id", f"an organisation participant needs a known organisation "
                                         f"(got {org!r})")
        record["organisation"] = org
    roles: dict[str, None] = {}  # an ordered set; the record format maps a role to its quote
    for name in _split_list(row.text("roles")):
        role = lookups.role_names.get(fold(name)) or (fold(name) if fold(name) in enum_values(Role) else None)
        if role is None:
            row.error("roles", f"unknown role {name!r}; choose from {', '.join(enum_values(Role))}")
        else:
            roles[role] = None
    record["roles"] = roles or {Role.ATTENDED.value: None}
    if record["id"] is None:
        record["id"] = row.made_id(record["name"])
    return record


def _agreement_record(row: _Row, lookups: _Lookups) -> Record:
    record: Record = {
        "id": row.text("id"),
        "kind": row.choice("kind", enum_values(AgreementKind), "kind"),
        "title": row.text("title", required=True),
        "status": row.choice("status", enum_values(AgreementStatus), "status"),
        "date": row.date(),
        "is_aggregate": bool(row.parsed("is_aggregate", parse_bool)),
        "aggregate_count": row.parsed("aggregate_count", parse_integer),
        "quote_ru": row.text("quote_ru"),
        "summary": row.text("summary") or "",
        "notes": row.text("notes"),
    }
    parties = []
    for name in _split_list(row.text("parties")):
        code = lookups.org_names.get(fold(name)) or lookups.place(name, row.plan)
        if code is None:
            row.error("parties", f"unknown party {name!r}: a country or a known organisation")
        else:
            parties.append(code)
    record["parties"] = list(dict.fromkeys(parties))
    if record["aggregate_count"] is not None and record["aggregate_count"] > MAX_STORED_COUNT:
        row.error("aggregate_count", f"{record['aggregate_count']:,} is more than the database "
                                     f"stores: at most {MAX_STORED_COUNT:,}")
    elif record["aggregate_count"] is not None and not record["is_aggregate"]:
        row.error("aggregate_count", "only an aggregate has a count")
    elif record["aggregate_count"] is not None and record["aggregate_count"] < 1:
        row.error("aggregate_count", "an aggregate counts 1 or more")
    if record["id"] is None:
        record["id"] = row.made_id(record["title"])
    return record


RecordModel: TypeAlias = type[Financing] | type[Participant] | type[Agreement]

RECORD_BUILDERS: dict[str, Callable[[_Row, _Lookups], Record]] = {
    "financing": _financing_record, "participants": _participant_record,
    "agreements": _agreement_record}
MODELS: dict[str, RecordModel] = {"financing": Financing, "participants": Participant,
                                  "agreements": Agreement}


def _slug(text: str) -> str:
    return re.sub(r"[^0-9a-z]+", "-", fold(text)).strip("-")[:64] or "record"
