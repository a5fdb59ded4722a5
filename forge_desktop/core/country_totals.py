"""Committed USD by country, for the world map: the totals by location, each split by stage,
with the places inside each country that the records name (Tennessee within the United States).

The money is :func:`~forge_desktop.core.counting.totals` by ``locations`` (a place counts
under its country, each record once per country), so the map can never disagree with the
chart or the ``totals`` command; what this adds is the list of sub-national places a hover
names, and which groups are no country at all (a region such as "the Gulf").
"""

from __future__ import annotations

from collections.abc import Container, Mapping
from dataclasses import dataclass

from sqlalchemy import select
from sqlalchemy.orm import Session, aliased

from . import columnar
from .counting import Group, Totals, totals
from .query import Query, where_clause
from .schema import Financing, FinancingLocation, Location, LocationKind


@dataclass(frozen=True)
class CountryTotals:
    totals: Totals  # by locations (countries), stacked by stage
    places: Mapping[str, tuple[str, ...]]  # country code → the names of the places within it
    regions: frozenset[str]  # group keys that are regions, not countries: no shape to shade

    def group(self, code: str) -> Group | None:
        """The totals of country *code*; None when no record names it."""
        return next((g for g in self.totals.groups if g.key == code), None)

    def group_without_location(self) -> Group | None:
        """The records that name no place at all."""
        return next((g for g in self.totals.groups if g.key is None), None)

    def shaded(self, shapes: Container[str]) -> tuple[dict[str, int | None], list[Group]]:
        """What a map with *shapes* (alpha-3 codes) can draw: committed USD by country code,
        and the groups it cannot (regions, countries without a shape), largest first. The
        records without a location (key None) are in neither: the footnote counts them."""
        values: dict[str, int | None] = {}
        without: list[Group] = []
        for g in self.totals.groups:
            if g.key is None:
                continue
            if g.key in self.regions or g.key not in shapes:
                without.append(g)
            else:
                values[g.key] = g.amount_usd
        return values, without


def country_totals(session: Session, query: Query, *, include_conditional: bool = True) -> CountryTotals:
    """What the map shows for the financing rows of *query*."""
    result = totals(session, query, "locations", stack="stage", include_conditional=include_conditional)
    places: dict[str, list[str]] = {}
    for country, name in _places_within(session, query):
        places.setdefault(country, []).append(name)
    keys = [g.key for g in result.groups if g.key is not None]
    regions = frozenset(session.scalars(select(Location.code).where(
        Location.code.in_(keys), Location.kind == LocationKind.REGION))) if keys else frozenset()
    return CountryTotals(result, {k: tuple(v) for k, v in places.items()}, regions)


def _places_within(session: Session, query: Query) -> list[tuple[str, str]]:
    """(country, place name) for each place within a country that *query*'s rows name, in
    order: from the columnar mirror when it holds the rows, else from the store."""
    mirror = columnar.mirror_for(session)
    if mirror is not None:
        try:
            pairs = mirror.places(mirror.plan(session, query))
        except columnar.NotHeld:
            pass
        else:
            names = dict(session.execute(select(Location.code, Location.name).where(
                Location.code.in_(sorted({place for _, place in pairs})))).all()) if pairs else {}
            return sorted({(country, names.get(place, place)) for country, place in pairs})
    place = aliased(Location, name="place")
    matching = select(Financing.id).where(where_clause(query))
    return [(country, name) for country, name in session.execute(
        select(FinancingLocation.country_code, place.name).distinct()
        .join(place, place.code == FinancingLocation.location_code)
        .where(FinancingLocation.location_code != FinancingLocation.country_code,
               FinancingLocation.financing_id.in_(matching))
        .order_by(FinancingLocation.country_code, place.name))]
