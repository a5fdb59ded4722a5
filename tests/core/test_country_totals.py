"""The world map's figures: totals by country (the totals command's own), the places named
inside each country, and the groups that are regions, not countries."""

from __future__ import annotations

from forge_desktop.core.counting import totals
from forge_desktop.core.country_totals import country_totals
from forge_desktop.core.query import Condition, Op, Query


def test_the_map_counts_what_totals_by_location_counts(session):
    for query in (Query("financing"), Query("financing", (Condition("agency", Op.EQ, "DOD"),)),
                  Query("financing", search="lithium")):
        for include in (True, False):
            shown = country_totals(session, query, include_conditional=include).totals
            expected = totals(session, query, "locations", stack="stage", include_conditional=include)
            assert shown == expected


def test_states_are_listed_within_their_country(session):
    found = country_totals(session, Query("financing"))
    assert "Tennessee" in found.places["USA"] and "Alaska" in found.places["USA"]
    assert found.places["AUS"] == ("Western Australia",)
    assert "KOR" not in found.places  # named as a country only
    assert {"gulf", "global"} <= found.regions and "USA" not in found.regions
    dod = country_totals(session, Query("financing", (Condition("agency", Op.EQ, "DOD"),)))
    assert set(dod.places.get("USA", ())) < set(found.places["USA"])  # follows the filters
