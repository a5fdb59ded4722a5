"""The curated dataset: read ``data/*.yaml``, check it, and turn it into database rows.

The YAML files are the source of truth under version control; the database is built from
them. Loading checks what a reviewer would: unique ids, links that resolve, ISO codes that
pycountry knows, enumerations, amounts with their qualifiers. A problem names the file, the
record and the field.
"""

from __future__ import annotations

import datetime as dt
import hashlib
from collections.abc import Iterable, Iterator
from dataclasses import dataclass, field
from importlib import resources
from importlib.resources.abc import Traversable
from pathlib import Path
from typing import Any, TypeAlias

import pycountry
import yaml
from pycountry.db import Country

from .errors import ForgeError
from .formatting import label
from .place_names import russian_name
from .schema import (
    AgencyRow,
    Agreement,
    AgreementParty,
    AgreementSource,
    Base,
    Financing,
    FinancingLocation,
    FinancingMineral,
    FinancingSource,
    Instrument,
    InstrumentRow,
    Location,
    LocationKind,
    Mineral,
    Organisation,
    Origin,
    Participant,
    ParticipantKind,
    ParticipantRole,
    ParticipantSource,
    RoleRow,
    Source,
    SourceKind,
    Stage,
    StageRow,
    term_key,
)
from .text import match_keys, search_blob
from .values import PartialDate, ValueParseError, parse_date

# In dependency order: a file only refers to files before it.
DATA_FILES = (
    "sources",
    "agencies",
    "roles",
    "minerals",
    "locations",
    "organisations",
    "participants",
    "agreements",
    "financing",
)


Record: TypeAlias = dict[str, Any]
"""One record in the format of its YAML file (an import builds the same): untyped until checked."""


class DatasetError(ForgeError, ValueError):
    """The curated data is inconsistent; the message names file, record and field."""


def data_dir() -> Traversable:
    """Where the shipped YAML lives: inside the installed package, or ``data/`` in a checkout."""
    packaged = resources.files("forge_desktop") / "data"  # the wheel maps data/ here
    if packaged.is_dir():
        return packaged
    return Path(__file__).resolve().parents[2] / "data"


def fingerprint(directory: Traversable | Path | None = None) -> str:
    """A hash of the shipped data: when it changes, databases built from it are refreshed."""
    directory = directory or data_dir()
    digest = hashlib.sha256()
    for name in DATA_FILES:
        digest.update(name.encode())
        digest.update((directory / f"{name}.yaml").read_bytes())
    return digest.hexdigest()[:16]


@dataclass
class Dataset:
    """Every curated record, as dictionaries straight from YAML."""

    tables: dict[str, list[Record]] = field(default_factory=dict)

    def __getitem__(self, name: str) -> list[Record]:
        return self.tables[name]


# libyaml's loader when PyYAML was built with it (its wheels are): the same safe subset, parsed
# ten times faster — the shipped data is read on every first start and every rebuild.
_SAFE_LOADER = getattr(yaml, "CSafeLoader", yaml.SafeLoader)


def read_dataset(directory: Traversable | Path | None = None) -> Dataset:
    directory = directory or data_dir()
    dataset = Dataset()
    for name in DATA_FILES:
        path = directory / f"{name}.yaml"
        try:
            records = yaml.load(path.read_text(encoding="utf-8"), Loader=_SAFE_LOADER) or []
        except yaml.YAMLError as exc:
            raise DatasetError(f"{name}.yaml: not valid YAML: {exc}") from exc
        if not isinstance(records, list) or not all(isinstance(r, dict) for r in records):
            raise DatasetError(f"{name}.yaml: expected a list of records")
        dataset.tables[name] = records
    check_dataset(dataset)
    return dataset


def _country(iso3: str) -> Country | None:
    return pycountry.countries.get(alpha_3=iso3)


def check_dataset(ds: Dataset) -> None:
    """Raise :class:`DatasetError` on the first inconsistency found."""
    sources = _ids(ds, "sources")
    _check_sources(ds["sources"])
    agencies = _ids(ds, "agencies", "code")
    minerals = _ids(ds, "minerals")
    organisations = _ids(ds, "organisations")
    _ids(ds, "participants")
    agreements = _ids(ds, "agreements")
    financing = _ids(ds, "financing")
    locations = _ids(ds, "locations", "code")
    locations |= {p["iso3"] for p in ds["participants"] if p.get("iso3")}

    for loc in ds["locations"]:
        _check_location(loc)
    for p in ds["participants"]:
        _check_participant(p, organisations)
    for a in ds["agreements"]:
        _need("agreements", a, "kind", "title", "status", "summary", "quote_ru")
        for party in a.get("parties", []):
            if party not in locations and party not in organisations:
                raise DatasetError(f"agreements.yaml: {a['id']!r}: unknown party {party!r}")
        _check_date("agreements", a)
    listed = (("minerals", "mineral", minerals), ("locations", "location", locations))
    links = (("parent", financing), ("agreement", agreements), ("organisation", organisations))
    for f in ds["financing"]:
        _check_financing(f, agencies, listed, links)
    for table in ("participants", "agreements", "financing"):
        for record in ds[table]:
            for link in record.get("sources") or []:
                if link.get("source") not in sources:
                    raise DatasetError(f"{table}.yaml: {record['id']!r}: unknown source "
                                       f"{link.get('source')!r}")
    parents = {f["parent"] for f in ds["financing"] if f.get("parent")}
    aggregates = {f["id"] for f in ds["financing"] if f.get("is_aggregate")}
    if parents - aggregates:
        raise DatasetError(f"financing.yaml: parents not marked is_aggregate: {parents - aggregates}")


def _check_sources(sources: list[Record]) -> None:
    kinds = {k.value for k in SourceKind}
    for source in sources:
        _need("sources", source, "title", "language", "kind")
        if source["kind"] not in kinds:
            raise DatasetError(f"sources.yaml: {source['id']!r}: kind {source['kind']!r} is not "
                               f"one of {', '.join(sorted(kinds))}")
        if source.get("published"):
            _check_date("sources", {**source, "date": source["published"]})
        if source.get("accessed") is not None and not isinstance(source["accessed"], dt.date):
            raise DatasetError(f"sources.yaml: {source['id']!r}: accessed must be a day "
                               f"(2026-02-04), not {source['accessed']!r}")
    shipped = [s["id"] for s in sources if s.get("local_copy")]
    if len(shipped) != 1:
        raise DatasetError("sources.yaml: exactly one source has the local_copy the records "
                           f"that name no source rest on; found {shipped or 'none'}")


def _ids(ds: Dataset, table: str, key: str = "id") -> set[str]:
    """The ids (or codes) of *table*'s records, each present and unique."""
    seen: set[str] = set()
    for record in ds[table]:
        value = record.get(key)
        if not value:
            raise DatasetError(f"{table}.yaml: a record has no {key}: {record}")
        if value in seen:
            raise DatasetError(f"{table}.yaml: duplicate {key} {value!r}")
        seen.add(value)
    return seen


def _need(table: str, record: Record, *names: str) -> None:
    for name in names:
        if record.get(name) in (None, ""):
            raise DatasetError(f"{table}.yaml: {record.get('id')!r} lacks {name}")


def _check_location(loc: Record) -> None:
    """A country or a subdivision of locations.yaml has a real ISO 3166 code."""
    code = loc["code"]
    if loc["kind"] == LocationKind.COUNTRY and not _country(code):
        raise DatasetError(f"locations.yaml: {code!r} is not an ISO 3166 alpha-3 code")
    # pycountry leaves Subdivisions.get unannotated (its base Database.get is typed).
    if loc["kind"] == LocationKind.SUBDIVISION and not pycountry.subdivisions.get(code=code):  # type: ignore[no-untyped-call]
        raise DatasetError(f"locations.yaml: {code!r} is not an ISO 3166-2 code")


def _check_participant(p: Record, organisations: set[str]) -> None:
    _need("participants", p, "name", "kind", "region", "summary", "quote_ru")
    if p["kind"] == ParticipantKind.COUNTRY and not _country(p.get("iso3") or ""):
        raise DatasetError(f"participants.yaml: {p['id']!r}: unknown ISO code {p.get('iso3')}")
    if p["kind"] == ParticipantKind.ORGANISATION and p.get("organisation") not in organisations:
        raise DatasetError(f"participants.yaml: {p['id']!r}: unknown organisation")


def _check_financing(f: Record, agencies: set[str], listed: tuple[tuple[str, str, set[str]], ...],
                     links: tuple[tuple[str, set[str]], ...]) -> None:
    """A record of financing.yaml: its vocabularies, the values it lists (*listed*: field, what
    a value is, the known ones) and the records it refers to (*links*: field, the known ids)."""
    _need("financing", f, "agency", "recipient", "instrument", "stage", "summary", "quote_ru")
    where = f"financing.yaml: {f['id']!r}"
    if f["agency"] not in agencies:
        raise DatasetError(f"{where}: unknown agency {f['agency']!r}")
    for key, enum in (("instrument", Instrument), ("stage", Stage)):
        if f[key] not in {member.value for member in enum}:
            raise DatasetError(f"{where}: unknown {key} {f[key]!r}")
    for key, what, known in listed:
        for value in f.get(key, []):
            if value not in known:
                raise DatasetError(f"{where}: unknown {what} {value!r}")
    for key, known in links:
        if f.get(key) and f[key] not in known:
            raise DatasetError(f"{where}: unknown {key} {f[key]!r}")
    if (f.get("amount_usd") is None) != (f.get("amount_qualifier") is None):
        raise DatasetError(f"{where}: amount_usd and amount_qualifier go together")
    _check_date("financing", f)


def _check_date(table: str, record: Record) -> None:
    if record.get("date") is None:
        return
    try:
        parse_date(str(record["date"]))
    except ValueParseError as exc:
        raise DatasetError(f"{table}.yaml: {record['id']!r}: {exc}") from exc


# --------------------------------------------------------------------------- rows


def location_keys(code: str, name: str, name_ru: str | None, country: Location | None = None) -> str:
    parts: list[object] = [code, name, name_ru]
    c = _country(code) if len(code) == 3 and code.isupper() else None
    if c is not None:
        parts += [c.alpha_2, c.name, getattr(c, "common_name", None), getattr(c, "official_name", None)]
    if country is not None:  # a subdivision also answers to its country
        parts += [country.code, country.name, country.name_ru]
        c = _country(country.code)
        if c is not None:
            parts += [c.alpha_2, c.name, getattr(c, "common_name", None)]
    return match_keys(parts)


def shipped_source(ds: Dataset) -> str:
    """The id of the source a curated record rests on when it names none: the one whose
    text ships in ``data/`` (check_dataset makes sure there is exactly one)."""
    return str(next(s["id"] for s in ds["sources"] if s.get("local_copy")))


def source_rows(ds: Dataset, origin: Origin = Origin.CURATED) -> Iterator[Source]:
    for s in ds["sources"]:
        published = parse_date(str(s["published"])) if s.get("published") else None
        yield Source(id=s["id"], title=s["title"], publisher=s.get("publisher"), url=s.get("url"),
                     language=s["language"], kind=s["kind"], local_copy=s.get("local_copy"),
                     published=published.value if published else None,
                     published_precision=published.precision if published else None,
                     accessed=s.get("accessed"), origin=origin, imported_at=None)


def with_sources(record: Record, default_source: str) -> Record:
    """*record* as it links to its sources: those it names, or the shipped report quoted by
    its quote_ru."""
    if record.get("sources"):
        return record
    return {**record, "sources": [{"source": default_source, "quote": record.get("quote_ru"),
                                   "quote_lang": "ru"}]}


def link_rows(model: type[ParticipantSource] | type[AgreementSource] | type[FinancingSource],
              record: Record) -> list[Base]:
    """The record's links to its sources, in the order it names them."""
    owner = next(c.name for c in model.__table__.primary_key if c.name != "source_id")
    return [model(**{owner: record["id"]}, source_id=link["source"], position=position,
                  quote=link.get("quote"), quote_lang=link.get("quote_lang"),
                  quote_en=link.get("quote_en"))
            for position, link in enumerate(record.get("sources") or [])]


def build_rows(ds: Dataset, origin: Origin = Origin.CURATED) -> Iterator[Base]:
    """ORM objects for every record, parents before children (insert in this order)."""
    yield from source_rows(ds, origin)
    default_source = shipped_source(ds)
    for rank, a in enumerate(ds["agencies"]):
        yield AgencyRow(code=a["code"], name=a["name"], name_ru=a.get("name_ru"),
                        key=term_key(a["code"]), rank=rank, origin=origin, imported_at=None)
    for model, enum in ((InstrumentRow, Instrument), (StageRow, Stage)):
        for rank, member in enumerate(enum):
            yield model(code=member.value, name=label(member), key=term_key(member.value),
                        rank=rank, origin=origin, imported_at=None)
    for r in ds["roles"]:
        yield RoleRow(id=r["id"], name=r["name"], description=r["description"],
                      keys=match_keys([r["id"], r["name"]]))
    for m in ds["minerals"]:
        yield Mineral(id=m["id"], name=m["name"], name_ru=m.get("name_ru"), origin=origin,
                      keys=match_keys([m["id"], m["name"], m.get("name_ru")]))

    locations = _locations(ds, origin)
    yield from sorted(locations.values(), key=lambda x: x.kind != LocationKind.COUNTRY)  # countries first

    for o in ds["organisations"]:
        yield Organisation(id=o["id"], name=o["name"], name_ru=o.get("name_ru"), kind=o["kind"],
                           country_code=o.get("country"), summary=o.get("summary"),
                           notes=o.get("notes"), origin=origin,
                           keys=match_keys([o["id"], o["name"], o.get("name_ru")]))

    names = Names(
        agencies={a["code"]: (a["name"], a.get("name_ru")) for a in ds["agencies"]},
        minerals={m["id"]: (m["name"], m.get("name_ru")) for m in ds["minerals"]},
        places={code: (loc.name, loc.name_ru) for code, loc in locations.items()},
        countries={code: loc.country_code or code for code, loc in locations.items()},
        organisations={o["id"]: (o["name"], o.get("name_ru")) for o in ds["organisations"]},
        roles={r["id"]: r["name"] for r in ds["roles"]},
    )
    for p in ds["participants"]:
        yield from participant_rows(with_sources(p, default_source), names, origin)
    for a in ds["agreements"]:
        yield from agreement_rows(with_sources(a, default_source), names, origin)
    # Parents first, so a part's parent_id always refers to a row already inserted.
    for f in sorted(ds["financing"], key=lambda r: r.get("parent") is not None):
        yield from financing_rows(with_sources(f, default_source), names, origin)


def _locations(ds: Dataset, origin: Origin) -> dict[str, Location]:
    """Every place by code, the participants' countries included, each with its country and
    its match keys (a subdivision's include its country's)."""
    locations: dict[str, Location] = {}
    for p in ds["participants"]:
        if p.get("iso3"):
            locations[p["iso3"]] = Location(
                code=p["iso3"], name=p["name"], name_ru=p.get("name_ru"),
                kind=LocationKind.COUNTRY, country_code=p["iso3"], region=p.get("region"),
                origin=origin, imported_at=None)
    for loc in ds["locations"]:
        locations[loc["code"]] = Location(
            code=loc["code"], name=loc["name"], name_ru=loc.get("name_ru"), kind=loc["kind"],
            region=loc.get("region"), notes=loc.get("notes"), origin=origin, imported_at=None,
            country_code=loc["code"] if loc["kind"] == LocationKind.COUNTRY else None)
    for place in locations.values():  # a subdivision's country: the alpha-3 of its ISO prefix
        if place.kind == LocationKind.SUBDIVISION:
            c = pycountry.countries.get(alpha_2=place.code.split("-")[0])
            place.country_code = c.alpha_3 if c and c.alpha_3 in locations else None
    for place in locations.values():  # a Russian name where the data gives none: pycountry's
        place.name_ru = place.name_ru or russian_name(place.code)
    for place in locations.values():
        country = (locations.get(place.country_code)
                   if place.kind == LocationKind.SUBDIVISION and place.country_code else None)
        place.keys = location_keys(place.code, place.name, place.name_ru, country)
    return locations


@dataclass
class Names:
    """English and Russian names of what records refer to: they go into the search text."""

    agencies: dict[str, tuple[str, str | None]]
    minerals: dict[str, tuple[str, str | None]]
    places: dict[str, tuple[str, str | None]]
    organisations: dict[str, tuple[str, str | None]]
    roles: dict[str, str]
    countries: dict[str, str] = field(default_factory=dict)  # place → its country (or itself)

    def party(self, code: str) -> tuple[str, str | None]:
        return self.places.get(code) or self.organisations[code]


def _date(record: Record) -> PartialDate | None:
    return parse_date(str(record["date"])) if record.get("date") else None


def participant_rows(p: Record, names: Names, origin: Origin,
                     imported_at: dt.datetime | None = None) -> list[Base]:
    """A participant and its roles (the record format of participants.yaml)."""
    role_map: dict[str, str | None] = p.get("roles") or {}
    rows: list[Base] = [Participant(
        id=p["id"], name=p["name"], name_ru=p.get("name_ru"), kind=p["kind"],
        iso3=p.get("iso3"), organisation_id=p.get("organisation"), region=p["region"],
        quote_ru=p.get("quote_ru"), summary=p["summary"], notes=p.get("notes"), origin=origin,
        imported_at=imported_at,
        search_text=search_blob([p["id"], p["name"], p.get("name_ru"), p.get("iso3"),
                                 p["region"], *(names.roles.get(r, r) for r in role_map),
                                 p["summary"], p.get("notes")]))]
    rows += [ParticipantRole(participant_id=p["id"], role_id=role, quote_ru=quote)
             for role, quote in role_map.items()]
    return rows + link_rows(ParticipantSource, p)


def agreement_rows(a: Record, names: Names, origin: Origin,
                   imported_at: dt.datetime | None = None) -> list[Base]:
    """An agreement and its parties (the record format of agreements.yaml)."""
    date = _date(a)
    parties = a.get("parties", [])
    rows: list[Base] = [Agreement(
        id=a["id"], kind=a["kind"], title=a["title"], status=a["status"],
        date=date.value if date else None, date_precision=date.precision if date else None,
        is_aggregate=bool(a.get("is_aggregate")), aggregate_count=a.get("aggregate_count"),
        quote_ru=a.get("quote_ru"), summary=a["summary"], notes=a.get("notes"), origin=origin,
        imported_at=imported_at,
        search_text=search_blob([a["id"], a["title"], *_flat(names.party(x) for x in parties),
                                 a["summary"], a.get("notes")]))]
    for position, party in enumerate(parties):
        is_place = party in names.places
        rows.append(AgreementParty(agreement_id=a["id"], position=position,
                                   location_code=party if is_place else None,
                                   organisation_id=None if is_place else party))
    return rows + link_rows(AgreementSource, a)


def financing_rows(f: Record, names: Names, origin: Origin,
                   imported_at: dt.datetime | None = None) -> list[Base]:
    """A commitment and its minerals and locations (the record format of financing.yaml)."""
    date = _date(f)
    minerals, places = f.get("minerals", []), f.get("locations", [])
    org = names.organisations.get(f.get("organisation") or "", (None, None))
    rows: list[Base] = [Financing(
        id=f["id"], agency=f["agency"], recipient=f["recipient"],
        recipient_ru=f.get("recipient_ru"), organisation_id=f.get("organisation"),
        instrument=f["instrument"], stage=f["stage"], amount_usd=f.get("amount_usd"),
        amount_qualifier=f.get("amount_qualifier"), cofinancing_usd=f.get("cofinancing_usd"),
        cofinancing_source=f.get("cofinancing_source"), quantity=f.get("quantity"),
        quantity_unit=f.get("quantity_unit"),
        date=date.value if date else None, date_precision=date.precision if date else None,
        parent_id=f.get("parent"), is_aggregate=bool(f.get("is_aggregate")),
        agreement_id=f.get("agreement"), quote_ru=f.get("quote_ru"), summary=f["summary"],
        notes=f.get("notes"), origin=origin, imported_at=imported_at,
        search_text=search_blob([
            f["id"], f["agency"], *names.agencies.get(f["agency"], ()), f["recipient"],
            f.get("recipient_ru"), org[0],
            *_flat(names.minerals[m] for m in minerals), *_flat(names.places[x] for x in places),
            f["summary"], f.get("quote_ru"), f.get("notes")]))]
    rows += [FinancingMineral(financing_id=f["id"], mineral_id=m) for m in minerals]
    rows += [FinancingLocation(financing_id=f["id"], location_code=x,
                               country_code=names.countries.get(x, x)) for x in places]
    return rows + link_rows(FinancingSource, f)


def _flat(groups: Iterable[Iterable[object]]) -> list[object]:
    return [item for group in groups for item in group]
