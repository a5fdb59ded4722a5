"""Importing records from CSV, XLSX or JSON: read, map headers, parse, validate, then write.

An import happens in two steps. :func:`plan_import` reads the whole file and checks every
row without writing anything; its :class:`ImportPlan` lists each row's errors and
warnings (the preview). :func:`apply_import` writes a plan with no errors in the caller's
transaction, so a failure changes nothing. Imported records carry ``origin = imported``
and the import's timestamp, which is what :func:`undo_last_import` removes.

The app's own exports import unchanged (round trip); other files are mapped by header,
ignoring case, spaces and punctuation, and may name columns by their labels.
"""

from __future__ import annotations

import csv
import datetime as dt
import difflib
import io
import itertools
import json
import math
import re
import zipfile
from collections.abc import Iterable, Iterator, Sequence
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import pycountry
from sqlalchemy import delete, func, select
from sqlalchemy.orm import Session

from . import dataset
from .columns import TABLES, TableSpec, enum_values
from .database import RECORD_TABLES
from .errors import ForgeError
from .exporters import FORMULA_TRIGGERS
from .query import known_terms
from .schema import (
    TERM_MODELS,
    AgencyRow,
    Agreement,
    AgreementKind,
    AgreementStatus,
    Financing,
    Location,
    LocationKind,
    Mineral,
    Organisation,
    Origin,
    Participant,
    ParticipantKind,
    Qualifier,
    Role,
    RoleRow,
    term_key,
)
from .text import fold
from .values import ValueParseError, parse_amount, parse_bool, parse_date, parse_number

FORMATS = ("csv", "xlsx", "json")
ENCODINGS = ("utf-8", "utf-8-sig", "cp1251")
MAX_FILE_BYTES = 200 * 1024 * 1024
MAX_ROWS = 200_000
MAX_CELL = 100_000  # characters
MAX_ISSUES = 1_000  # a broken file stops being listed after this many problems
TERM_LENGTH = 64  # the longest agency, instrument or stage the database holds
TERM_NAME_LENGTH = 200
MAX_INTEGER = 2**63 - 1  # the largest amount or count the database holds
SNIFF_CHARS = 65_536  # how much of the header line delimiter detection reads
RAW_ROWS = 500  # rows kept as read, for the preview


class ImportFileError(ForgeError, ValueError):
    """The file as a whole cannot be read; the message says why and what to try."""


@dataclass(frozen=True)
class Issue:
    row: int  # 1-based data row (the header is row 0); 0: the file or its header
    column: str | None
    message: str
    error: bool = True

    def __str__(self) -> str:
        where = f"row {self.row}" if self.row else "header"
        col = f", {self.column}" if self.column else ""
        kind = "error" if self.error else "warning"
        return f"{where}{col}: {kind}: {self.message}"


@dataclass
class NewValue:
    """A value of an open vocabulary (agency, instrument, stage) the database does not know
    yet. It is added only when the user confirms it: a typo should not become a category."""

    column: str
    code: str  # what records will store
    text: str  # as first written in the file: the new value's name
    rows: list[int] = field(default_factory=list)
    accepted: bool = False


@dataclass
class ImportPlan:
    table: str
    path: str
    headers: list[str]
    mapping: dict[str, str | None]  # header → column (None: ignored)
    records: list[dict[str, Any]] = field(default_factory=list)  # dataset record format
    issues: list[Issue] = field(default_factory=list)
    rows_read: int = 0
    new_locations: dict[str, dict] = field(default_factory=dict)  # ISO countries to add
    # (column, term_key) → a new agency/instrument/stage; accepted: what the user confirmed
    new_values: dict[tuple[str, str], NewValue] = field(default_factory=dict)
    accepted: frozenset[tuple[str, str]] = frozenset()
    raw: dict[int, dict[str, str]] = field(default_factory=dict)  # first rows as read, by column

    @property
    def errors(self) -> list[Issue]:
        return [i for i in self.issues if i.error]

    @property
    def warnings(self) -> list[Issue]:
        return [i for i in self.issues if not i.error]

    @property
    def ok(self) -> bool:
        return not self.errors

    @property
    def unknown_headers(self) -> list[str]:
        return [h for h, c in self.mapping.items() if c is None]

    def row_issues(self, row: int) -> list[Issue]:
        return [i for i in self.issues if i.row == row]

    def report(self, limit: int = 50) -> str:
        lines = [str(i) for i in self.issues[:limit]]
        if len(self.issues) > limit:
            lines.append(f"… and {len(self.issues) - limit} more")
        return "\n".join(lines)


# --------------------------------------------------------------------------- reading


def sniff_format(path: str | Path) -> str:
    suffix = Path(path).suffix.lower().lstrip(".")
    if suffix in ("csv", "tsv", "txt"):
        return "csv"
    if suffix in FORMATS:
        return suffix
    raise ImportFileError(f"cannot tell the format of {Path(path).name!r}; name it .csv, .xlsx or "
                          ".json, or choose the format")


def decode(data: bytes, encoding: str | None = None) -> str:
    """Text from bytes: the given encoding, else UTF-8 (with or without BOM), else cp1251."""
    if b"\x00" in data:  # anywhere: a NUL after the first screenful is binary data too
        raise ImportFileError("this is a binary file, not text (it holds NUL bytes); "
                              "export it as CSV, XLSX or JSON first")
    if encoding:
        try:
            return data.decode(encoding)
        except (UnicodeDecodeError, LookupError) as exc:
            raise ImportFileError(f"the file is not valid {encoding}: {exc}") from None
    try:
        return data.decode("utf-8-sig")
    except UnicodeDecodeError:
        pass
    text = data.decode("cp1251", errors="strict") if _looks_cp1251(data) else None
    if text is None:
        raise ImportFileError("the file is neither UTF-8 nor Windows-1251 (cp1251) text; "
                              "choose its encoding or save it as UTF-8")
    return text


def _looks_cp1251(data: bytes) -> bool:
    """Russian in cp1251, not Latin-1 (or noise) misread as cp1251: Russian makes whole
    Cyrillic words ("кредит"), a misread é or ü sits inside a Latin word ("Sociйtй"). Counting
    words, not letters, keeps a file of English columns with one Russian column detected."""
    try:
        text = data.decode("cp1251")
    except UnicodeDecodeError:
        return False
    russian = mixed = 0
    for match in re.finditer(r"[^\W\d_]+", text):
        word = match[0]
        cyrillic = sum(1 for ch in word if "а" <= ch.lower() <= "я" or ch in "ёЁ")
        if cyrillic == len(word) >= 3:
            russian += 1
        elif cyrillic:
            mixed += 1
    return russian > mixed


def _guess_delimiter(text: str) -> str:
    """The delimiter the header line uses most (outside quotes); a comma if it uses none.

    Not csv.Sniffer: its regular expressions backtrack for seconds to minutes over a sample
    full of stray quotes, and a sample small enough to be safe holds too few of our long
    financing rows for it to decide."""
    end = text.find("\n", 0, SNIFF_CHARS)
    header = re.sub(r'"[^"]*"?', "", text[: end if end >= 0 else SNIFF_CHARS])
    counts = {candidate: header.count(candidate) for candidate in ",;\t|"}
    best = max(counts, key=counts.__getitem__)
    return best if counts[best] else ","


def _read_csv(text: str, delimiter: str | None) -> Iterator[list[str]]:
    if delimiter is None:
        delimiter = _guess_delimiter(text)
    reader = csv.reader(io.StringIO(text, newline=""), delimiter=delimiter, strict=True)
    try:
        for row in reader:
            yield [_undefuse(cell) for cell in row]
    except csv.Error as exc:
        raise ImportFileError(f"the CSV is malformed near line {reader.line_num}: {exc}") from None


def _read_xlsx(data: bytes) -> Iterator[list[Any]]:
    from openpyxl import load_workbook  # only imports pay for openpyxl's reader

    try:
        book = load_workbook(io.BytesIO(data), read_only=True, data_only=True)
    except (zipfile.BadZipFile, KeyError, ValueError, OSError) as exc:
        raise ImportFileError(f"not a readable XLSX workbook: {exc}") from None
    try:
        sheet = book.worksheets[0]
        for row in sheet.iter_rows(values_only=True):
            yield list(row)
    finally:
        book.close()


def _read_json(text: str) -> Iterator[list[Any]]:
    try:
        records = json.loads(text)
    except json.JSONDecodeError as exc:
        raise ImportFileError(f"not valid JSON: {exc}") from None
    except RecursionError:
        raise ImportFileError("not valid JSON for an import: it is nested too deeply") from None
    if isinstance(records, dict):  # {"records": [...]} or one record
        records = next((v for v in records.values() if isinstance(v, list)), [records])
    if not isinstance(records, list) or not all(isinstance(r, dict) for r in records):
        raise ImportFileError("JSON must be an array of objects, one per record")
    headers: list[str] = []
    for record in records:
        for key in record:
            if key not in headers:
                headers.append(key)
    yield headers
    for record in records:
        yield [record.get(h) for h in headers]


def read_rows(path: str | Path, fmt: str | None = None, *, encoding: str | None = None,
              delimiter: str | None = None) -> Iterator[list[Any]]:
    """The header row, then every data row, of a CSV, XLSX or JSON file."""
    path = Path(path)
    fmt = fmt or sniff_format(path)
    try:
        size = path.stat().st_size
        if size > MAX_FILE_BYTES:
            raise ImportFileError(f"the file is {size // 2**20} MB; imports take at most "
                                  f"{MAX_FILE_BYTES // 2**20} MB: split it")
        data = path.read_bytes()
    except OSError as exc:
        raise ImportFileError(f"cannot read {path}: {exc.strerror or exc}") from None
    if fmt == "xlsx":
        return _read_xlsx(data)
    text = decode(data, encoding)
    return _read_json(text) if fmt == "json" else _read_csv(text, delimiter)


# --------------------------------------------------------------------------- headers


def _header_key(text: object) -> str:
    return re.sub(r"[^0-9a-zа-я]+", "", fold(str(text or "")))


# Other names analysts use for our columns.
ALIASES = {
    "financing": {"amount": "amount_usd", "usd": "amount_usd", "value": "amount_usd",
                  "recipient": "recipient", "programme": "recipient", "program": "recipient",
                  "project": "recipient", "company": "recipient", "cofinancing": "cofinancing_usd",
                  "qualifier": "amount_qualifier", "mineral": "minerals", "location": "locations",
                  "country": "locations", "parent": "parent_id", "agreement": "agreement_id",
                  "organisation": "organisation_id", "organization": "organisation_id",
                  "quote": "quote_ru"},
    "participants": {"country": "name", "iso": "iso3", "role": "roles", "quote": "quote_ru",
                     "organisation": "organisation_id"},
    "agreements": {"party": "parties", "name": "title", "quote": "quote_ru"},
}
IGNORED = {"origin", "source"}  # our own export's provenance columns: recomputed on import


def map_headers(spec: TableSpec, headers: Sequence[str],
                overrides: dict[str, str | None] | None = None) -> dict[str, str | None]:
    """Header → column name, forgiving case, spaces and punctuation; None when unknown."""
    known: dict[str, str] = {}
    for column in spec.columns:
        known[_header_key(column.name)] = column.name
        known[_header_key(column.label)] = column.name
    for alias, column in ALIASES[spec.name].items():
        known.setdefault(_header_key(alias), column)
    mapping: dict[str, str | None] = {}
    for header in headers:
        header = str(header)
        if overrides and header in overrides:
            mapping[header] = overrides[header]
        else:
            mapping[header] = known.get(_header_key(header))
    return mapping


# --------------------------------------------------------------------------- values

_QUALIFIER_WORDS = [
    (re.compile(r"^\s*(up to|upto|до|не более|max(imum)?)\b\s*", re.I), Qualifier.UP_TO),
    (re.compile(r"^\s*(more than|over|above|at least|более|свыше|>)\s*", re.I), Qualifier.MORE_THAN),
    (re.compile(r"\s*\(?(conditional(ly)?|cond\.?|условно)\)?\s*", re.I), Qualifier.CONDITIONAL),
]


def parse_money(text: object) -> tuple[int, Qualifier]:
    """An amount with the qualifier its words carry: ``up to $400 million`` → (4e8, up_to)."""
    if isinstance(text, int | float) and not isinstance(text, bool):
        return _amount(text), Qualifier.EXACT
    rest, qualifier = str(text).strip(), Qualifier.EXACT
    for pattern, kind in _QUALIFIER_WORDS:
        stripped = pattern.sub(" ", rest, count=1).strip()
        if stripped != rest:
            rest, qualifier = stripped, kind
    return _amount(rest), qualifier


def _short(text: object, limit: int = 40) -> str:
    """A value quoted for a message, cut short: a hostile cell must not fill the report."""
    text = str(text)
    return repr(text if len(text) <= limit else text[: limit - 1] + "…")


def _amount(text: str | int | float) -> int:
    """:func:`parse_amount`, refusing what the database cannot hold, and refusing it before
    Python spends minutes building a million-digit number (``1e999999``, 50,000 nines)."""
    s = str(text)
    if isinstance(text, float) and not math.isfinite(text):
        raise ValueParseError(f"{s!r} is not an amount of money")
    exponent = re.search(r"(?<=[0-9.])e\+?0*([0-9]+)", s, re.IGNORECASE)
    if sum(ch.isdigit() for ch in s) > 40 or (exponent and len(exponent[1]) > 2):
        raise ValueParseError(f"{_short(s)} is too large for an amount in US dollars")
    value = parse_amount(text)
    if value > MAX_INTEGER:
        raise ValueParseError(f"{_short(s)} is too large for an amount in US dollars")
    return value


def _quantity(text: str) -> float:
    value = parse_number(text)
    if not math.isfinite(value):
        raise ValueParseError(f"{_short(text)} is too large")
    return value


_SUBDIVISIONS: dict[str, list] = {}


def _subdivision(text: str):
    """An ISO 3166-2 subdivision by code (US-NV) or by a name no other subdivision shares."""
    found = pycountry.subdivisions.get(code=text.upper())
    if found is not None:
        return found
    if not _SUBDIVISIONS:
        for sub in pycountry.subdivisions:
            _SUBDIVISIONS.setdefault(fold(sub.name), []).append(sub)
    matches = _SUBDIVISIONS.get(fold(text), [])
    return matches[0] if len(matches) == 1 else None


def _choice(text: str, choices: Sequence[str], what: str) -> str:
    wanted = re.sub(r"[\s\-/]+", "_", fold(text))
    for choice in choices:
        if wanted == fold(choice):
            return choice
    raise ValueParseError(f"unknown {what} {text!r}; choose one of {', '.join(choices)}")


def _undefuse(text: str) -> str:
    """Our CSV export writes '=… for text starting with a formula sign; read it back as =….
    Only for CSV: the XLSX and JSON exports store such text as it is."""
    if len(text) > 1 and text[0] == "'" and text[1:].startswith(FORMULA_TRIGGERS):
        return text[1:]
    return text


def _cell(value: Any) -> str | None:
    """A cell as clean text (None when empty)."""
    if value is None:
        return None
    if isinstance(value, dt.datetime):
        return value.date().isoformat() if value.time() == dt.time() else value.isoformat()
    if isinstance(value, dt.date):
        return value.isoformat()
    if isinstance(value, float) and value.is_integer():
        value = int(value)
    if isinstance(value, list):
        return "; ".join(str(v) for v in value if v is not None) or None
    text = str(value).strip()
    return text or None


def _split_list(value: Any) -> list[str]:
    if isinstance(value, list):
        return [str(v).strip() for v in value if str(v).strip()]
    if value is None:
        return []
    return [part.strip() for part in re.split(r"[;|\n]", str(value)) if part.strip()]


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

    @staticmethod
    def _index_many(pairs) -> dict[str, str]:
        """fold(name) → target, for each (names, target); the first target wins a name."""
        out: dict[str, str] = {}
        for names, target in pairs:
            for n in names:
                if n:
                    out.setdefault(fold(str(getattr(n, "value", n))), target)
        return out

    def place(self, text: str, plan: ImportPlan) -> str | None:
        code = self.place_names.get(fold(text))
        if code:
            return code
        if text.upper() in plan.new_locations:
            return text.upper()
        subdivision = _subdivision(text)
        if subdivision is not None:  # a state or province: ISO 3166-2 code or unique name
            code = subdivision.code
            if code not in self.places:
                country = pycountry.countries.get(alpha_2=subdivision.country_code)
                parent = self.place(country.alpha_3, plan) if country else None
                plan.new_locations[code] = {"code": code, "name": subdivision.name, "name_ru": None,
                                            "kind": LocationKind.SUBDIVISION, "country": parent}
            return code
        try:  # a real country not yet in the database: ISO code or English name
            country = pycountry.countries.lookup(text)
        except LookupError:
            return None
        if country.alpha_3 in self.places:
            return country.alpha_3
        plan.new_locations[country.alpha_3] = {
            "code": country.alpha_3, "name": getattr(country, "common_name", country.name),
            "name_ru": None, "kind": LocationKind.COUNTRY, "country": country.alpha_3}
        return country.alpha_3

    def names(self, plan: ImportPlan) -> dataset.Names:
        places = {code: (loc.name, loc.name_ru) for code, loc in self.places.items()}
        places.update({code: (loc["name"], None) for code, loc in plan.new_locations.items()})
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
        self.plan.issues.append(Issue(self.number, column, message))

    def warn(self, column: str | None, message: str) -> None:
        self.plan.issues.append(Issue(self.number, column, message, error=False))

    def text(self, column: str, *, required: bool = False) -> str | None:
        value = _cell(self.values.get(column))
        if value is not None and len(value) > MAX_CELL:
            self.error(column, f"{len(value):,} characters; a cell holds at most {MAX_CELL:,}")
            return None
        if value is None and required:
            self.error(column, "required, but empty")
        return value

    def parsed(self, column: str, parser, *, required: bool = False):
        text = self.text(column, required=required)
        if text is None:
            return None
        try:
            return parser(text)
        except ValueParseError as exc:
            self.error(column, str(exc))
            return None
        except ArithmeticError:  # a count of 1e999: infinity has no integer
            self.error(column, f"{_short(text)} is too large")
            return None

    def choice(self, column: str, choices, what: str, *, required: bool = True,
               default: str | None = None) -> str | None:
        text = self.text(column)
        if text is None:
            if default is not None:
                return default
            if required:
                self.error(column, f"required, but empty (one of {', '.join(choices)})")
            return None
        try:
            return _choice(text, choices, what)
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
        key = term_key(text)
        if key in known:
            return known[key]
        # A new value keeps its spelling: a code like NSF, or EU_grant (shown "EU grant").
        name = " ".join(text.split())
        code = name if column == "agency" else re.sub(r"[\s\-/]+", "_", name).strip("_")
        if not key or len(code) > TERM_LENGTH or len(name) > TERM_NAME_LENGTH:
            self.error(column, f"{_short(text)} is not a usable {column}: give a name of 1 to "
                               f"{TERM_LENGTH} characters")
            return None
        new = self.plan.new_values.setdefault(
            (column, key), NewValue(column, code, name, accepted=(column, key) in self.plan.accepted))
        new.rows.append(self.number)
        if new.accepted:
            self.warn(column, f"adds the new {column} {new.code!r}")
            return new.code
        close = difflib.get_close_matches(key, known, n=1, cutoff=0.8)
        hint = f"did you mean {known[close[0]]!r}? " if close else ""
        self.error(column, f"unknown {column} {text!r}; {hint}known: {', '.join(known.values())}. "
                           f"If it is a new {column}, confirm it to add it")
        return new.code

    def date(self) -> str | None:
        value = self.parsed("date", parse_date)
        if value is None:
            return None
        precision = self.text("date_precision")
        if precision:
            try:
                precision = _choice(precision, ("day", "month", "year"), "date precision")
            except ValueParseError as exc:
                self.error("date_precision", str(exc))
                return None
            value = parse_date(value.value.isoformat()[: {"year": 4, "month": 7, "day": 10}[precision]])
        return str(value)


def _financing_record(row: _Row, lookups: _Lookups) -> dict | None:
    plan = row.plan
    record: dict[str, Any] = {
        "id": row.text("id"),
        "agency": row.term("agency", lookups),
        "recipient": row.text("recipient", required=True),
        "recipient_ru": row.text("recipient_ru"),
        "instrument": row.term("instrument", lookups),
        "stage": row.term("stage", lookups),
        "cofinancing_usd": row.parsed("cofinancing_usd", _amount),
        "cofinancing_source": row.text("cofinancing_source"),
        "quantity": row.parsed("quantity", _quantity),
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
    money = row.parsed("amount_usd", parse_money)
    qualifier = row.choice("amount_qualifier", enum_values(Qualifier), "qualifier", required=False)
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
    for name in _split_list(row.text("minerals")):
        mineral = lookups.mineral_names.get(fold(name))
        if mineral is None:
            row.error("minerals", f"unknown mineral {name!r}; known: {', '.join(sorted(lookups.minerals))}")
        else:
            minerals.append(mineral)
    places = []
    for name in _split_list(row.text("locations")):
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
    if record["id"] is None and record["recipient"] and record["agency"]:
        record["id"] = _slug(f"{record['agency']}-{record['recipient']}-{row.number}")
        row.warn("id", f"no id: made {record['id']!r}")
    return record


def _participant_record(row: _Row, lookups: _Lookups) -> dict | None:
    kind = row.choice("kind", enum_values(ParticipantKind), "kind", default="country")
    record: dict[str, Any] = {
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
    roles = {}
    for name in _split_list(row.text("roles")):
        role = lookups.role_names.get(fold(name)) or (fold(name) if fold(name) in enum_values(Role) else None)
        if role is None:
            row.error("roles", f"unknown role {name!r}; choose from {', '.join(enum_values(Role))}")
        else:
            roles[role] = None
    record["roles"] = roles or {Role.ATTENDED.value: None}
    if record["id"] is None and record["name"]:
        record["id"] = _slug(record["name"])
        row.warn("id", f"no id: made {record['id']!r}")
    return record


def _agreement_record(row: _Row, lookups: _Lookups) -> dict | None:
    record: dict[str, Any] = {
        "id": row.text("id"),
        "kind": row.choice("kind", enum_values(AgreementKind), "kind"),
        "title": row.text("title", required=True),
        "status": row.choice("status", enum_values(AgreementStatus), "status"),
        "date": row.date(),
        "is_aggregate": bool(row.parsed("is_aggregate", parse_bool)),
        "aggregate_count": row.parsed("aggregate_count", lambda t: int(parse_number(t))),
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
    if record["aggregate_count"] is not None and not record["is_aggregate"]:
        row.error("aggregate_count", "only an aggregate has a count")
    elif record["aggregate_count"] is not None and record["aggregate_count"] < 1:
        row.error("aggregate_count", "an aggregate counts 1 or more")
    elif record["aggregate_count"] is not None and record["aggregate_count"] > MAX_INTEGER:
        row.error("aggregate_count", f"{record['aggregate_count']:.3g} is too large")
    if record["id"] is None and record["title"]:
        record["id"] = _slug(record["title"])
        row.warn("id", f"no id: made {record['id']!r}")
    return record


RECORD_BUILDERS = {"financing": _financing_record, "participants": _participant_record,
                   "agreements": _agreement_record}
MODELS = {"financing": Financing, "participants": Participant, "agreements": Agreement}


def _slug(text: str) -> str:
    return re.sub(r"[^0-9a-z]+", "-", fold(text)).strip("-")[:64] or "record"


# --------------------------------------------------------------------------- planning


def plan_import(session: Session, table: str, path: str | Path, *, fmt: str | None = None,
                encoding: str | None = None, delimiter: str | None = None,
                mapping: dict[str, str | None] | None = None,
                accept: Iterable[tuple[str, str]] = ()) -> ImportPlan:
    """Read and check every row of *path*; write nothing. Raises ImportFileError when the
    file as a whole cannot be read.

    *accept* confirms new vocabulary values as (column, value) pairs, e.g. ("agency", "NSF");
    an unconfirmed new value is an error of its rows, listed in ``plan.new_values``."""
    if table not in TABLES:
        raise ImportFileError(f"unknown table {table!r}; choose one of {', '.join(TABLES)}")
    spec = TABLES[table]
    rows = read_rows(path, fmt, encoding=encoding, delimiter=delimiter)
    try:
        headers = [str(h).strip() if h is not None else "" for h in next(rows)]
    except StopIteration:
        raise ImportFileError("the file is empty: it has no header row") from None
    if not any(headers):
        raise ImportFileError("the first row is empty; it must name the columns")
    plan = ImportPlan(table, str(path), headers, map_headers(spec, headers, mapping),
                      accepted=frozenset((column, term_key(value)) for column, value in accept))
    for header, column in plan.mapping.items():
        if column is None and header and _header_key(header) not in IGNORED:
            plan.issues.append(Issue(0, header, "unknown column: map it or it is ignored",
                                     error=False))
    duplicates = [h for h in set(plan.mapping.values()) if h and list(plan.mapping.values()).count(h) > 1]
    for column in duplicates:
        plan.issues.append(Issue(0, column, "two headers map to this column"))
    lookups = _Lookups(session)
    builder = RECORD_BUILDERS[table]
    body = list(itertools.islice(rows, MAX_ROWS + 1))  # too many rows: refused before checking any
    if len(body) > MAX_ROWS:
        raise ImportFileError(f"more than {MAX_ROWS:,} rows; import at most {MAX_ROWS:,} at a "
                              "time: split the file")
    for number, cells in enumerate(body, 1):
        plan.rows_read = number
        if all(c is None or str(c).strip() == "" for c in cells):
            continue  # blank line
        if len(cells) > len(headers) and any(_cell(c) for c in cells[len(headers):]):
            plan.issues.append(Issue(number, None, f"{len(cells)} cells but {len(headers)} "
                                                   "headers: a ragged row"))
            continue
        values = {plan.mapping.get(h): c for h, c in zip(headers, cells, strict=False)
                  if plan.mapping.get(h)}
        if number <= RAW_ROWS:  # what the preview shows of rows that failed
            plan.raw[number] = {k: (_cell(v) or "")[:200] for k, v in values.items()}
        row = _Row(number, values, plan)
        record = builder(row, lookups)
        if not row.failed and record is not None:
            record["_row"] = number
            plan.records.append(record)
        if len(plan.errors) >= MAX_ISSUES:
            plan.issues.append(Issue(number, None, f"stopped after {MAX_ISSUES} errors"))
            break
    _check_links(session, plan)
    return plan


def _check_links(session: Session, plan: ImportPlan) -> None:
    """Ids unique (in the file and against the database), links that resolve."""
    model = MODELS[plan.table]
    ids = [r["id"] for r in plan.records]
    seen: dict[str, int] = {}
    bad: set[int] = set()
    for record in plan.records:
        if record["id"] in seen:
            plan.issues.append(Issue(record["_row"], "id", f"duplicate id {record['id']!r} "
                                                           f"(also row {seen[record['id']]})"))
            bad.add(record["_row"])
        seen.setdefault(record["id"], record["_row"])
    existing = set()
    for start in range(0, len(ids), 500):
        existing |= set(session.scalars(select(model.id).where(model.id.in_(ids[start:start + 500]))))
    for record in plan.records:
        if record["id"] in existing:
            plan.issues.append(Issue(record["_row"], "id", f"id {record['id']!r} is already in the "
                                                           "database"))
            bad.add(record["_row"])
    if plan.table == "participants":  # one participant per country: iso3 is unique
        holders = {iso3: repr(id) for iso3, id in session.execute(
            select(Participant.iso3, Participant.id).where(Participant.iso3.is_not(None)))}
        for record in plan.records:
            iso3 = record.get("iso3")
            if iso3 and iso3 in holders:
                plan.issues.append(Issue(record["_row"], "iso3",
                                         f"{iso3} already has a participant: {holders[iso3]}"))
                bad.add(record["_row"])
            elif iso3:
                holders[iso3] = f"{record['id']!r} (row {record['_row']})"
    if plan.table == "financing":
        in_file = {r["id"]: r for r in plan.records}
        _, looped = _nesting(plan.records)
        for record in plan.records:
            parent = record.get("parent")
            if parent and record["id"] in looped:
                plan.issues.append(Issue(record["_row"], "parent_id",
                                         f"parent {parent!r} leads back to {record['id']!r}: "
                                         "parts cannot loop"))
                bad.add(record["_row"])
            elif parent:
                target = in_file.get(parent)
                is_aggregate = (target["is_aggregate"] if target else session.scalar(
                    select(Financing.is_aggregate).where(Financing.id == parent)))
                if is_aggregate is None:
                    plan.issues.append(Issue(record["_row"], "parent_id",
                                             f"parent {parent!r} is neither in the file nor the database"))
                    bad.add(record["_row"])
                elif not is_aggregate:
                    plan.issues.append(Issue(record["_row"], "parent_id",
                                             f"parent {parent!r} is not an aggregate"))
                    bad.add(record["_row"])
            agreement = record.get("agreement")
            if agreement and session.get(Agreement, agreement) is None:
                plan.issues.append(Issue(record["_row"], "agreement_id",
                                         f"unknown agreement {agreement!r}"))
                bad.add(record["_row"])
    plan.records = [r for r in plan.records if r["_row"] not in bad]


def _nesting(records: list[dict]) -> tuple[dict[str, int], set[str]]:
    """How many of the file's records sit above each one (insert in that order), and the
    records whose parents lead back to them. Linear, however long the chains a file makes."""
    parent_of = {r["id"]: r.get("parent") for r in records}
    depth: dict[str, int] = {}
    looped: set[str] = set()
    for start in parent_of:
        path: list[str] = []
        index: dict[str, int] = {}
        node = start
        while node in parent_of and node not in depth and node not in index:
            index[node] = len(path)
            path.append(node)
            node = parent_of[node]
        if node in index:  # the walk came back: path[index[node]:] is a loop
            looped.update(path[index[node]:])
            depth.update(dict.fromkeys(path[index[node]:], 0))
            del path[index[node]:]
        level = depth[node] + 1 if node in depth else 0
        for record_id in reversed(path):
            depth[record_id] = level
            level += 1
    return depth, looped


# --------------------------------------------------------------------------- writing


@dataclass(frozen=True)
class ImportResult:
    table: str
    records: int
    imported_at: dt.datetime


def apply_import(session: Session, plan: ImportPlan) -> ImportResult:
    """Write a plan without errors; the caller's transaction makes it all or nothing."""
    if not plan.ok:
        raise ImportFileError(f"{len(plan.errors)} errors; nothing was imported:\n{plan.report()}")
    imported_at = dt.datetime.now(dt.UTC).replace(tzinfo=None)
    lookups = _Lookups(session)
    for (column, key), new in plan.new_values.items():
        model = TERM_MODELS[column]
        session.add(model(code=new.code, name=new.text, key=key, origin=Origin.IMPORTED,
                          imported_at=imported_at))
    session.flush()  # before the records that refer to them
    # Countries first: a new state points at its country.
    for code, loc in sorted(plan.new_locations.items(), key=lambda kv: kv[1]["kind"] != "country"):
        country = lookups.places.get(loc["country"]) if loc["kind"] != "country" else None
        place = Location(code=code, name=loc["name"], name_ru=None, kind=loc["kind"],
                         country_code=loc["country"], origin=Origin.IMPORTED,
                         imported_at=imported_at,
                         keys=dataset.location_keys(code, loc["name"], None, country))
        session.add(place)
        session.flush()
        lookups.places[code] = place
    names = lookups.names(plan)
    builder = {"financing": dataset.financing_rows, "participants": dataset.participant_rows,
               "agreements": dataset.agreement_rows}[plan.table]
    records = plan.records
    if plan.table == "financing":  # aggregates before their parts, however deep
        depth, _ = _nesting(records)
        records = sorted(records, key=lambda r: depth[r["id"]])
    for record in records:
        clean = {k: v for k, v in record.items() if not k.startswith("_")}
        session.add_all(builder(clean, names, Origin.IMPORTED, imported_at))
        session.flush()
    return ImportResult(plan.table, len(records), imported_at)


def last_import(session: Session) -> tuple[dt.datetime | None, int]:
    """When the latest import happened and how many records it added."""
    latest = None
    for model in MODELS.values():
        stamp = session.scalar(select(func.max(model.imported_at)))
        if stamp is not None and (latest is None or stamp > latest):
            latest = stamp
    if latest is None:
        return None, 0
    count = sum(session.scalar(select(func.count()).where(model.imported_at == latest))
                for model in MODELS.values())
    return latest, count


def undo_last_import(session: Session) -> int:
    """Remove exactly the records of the latest import (in the caller's transaction)."""
    latest, count = last_import(session)
    if latest is None:
        return 0
    for model, links in RECORD_TABLES:  # children (and their links) first
        ids = select(model.id).where(model.imported_at == latest)
        for column in links:
            session.execute(delete(column.table).where(column.in_(ids)))
        if model is Financing:  # parts before their aggregates
            session.execute(delete(Financing).where(Financing.imported_at == latest,
                                                    Financing.parent_id.is_not(None)))
        session.execute(delete(model).where(model.imported_at == latest))
    # What the import added for its records to refer to: places (states before their
    # countries) and vocabulary values. Nothing older can refer to them.
    # (Not those the curated data has taken on since: they are curated now.)
    for place_kind in (LocationKind.REGION, LocationKind.SUBDIVISION, LocationKind.COUNTRY):
        session.execute(delete(Location).where(Location.imported_at == latest,
                                               Location.origin == Origin.IMPORTED,
                                               Location.kind == place_kind))
    for model in TERM_MODELS.values():
        session.execute(delete(model).where(model.imported_at == latest,
                                            model.origin == Origin.IMPORTED))
    return count
