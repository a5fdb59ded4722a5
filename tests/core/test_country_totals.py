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


def test_what_the_map_can_draw_and_what_it_lists_without_a_shape(session):
    from forge_desktop.core.world_map import load_world

    found = country_totals(session, Query("financing"))
    values, without = found.shaded(load_world().countries)
    keys = {g.key for g in found.totals.groups}
    assert set(values) | {g.key for g in without} | {None} >= keys  # nothing is lost
    assert not set(values) & {g.key for g in without}
    assert {"gulf", "global"} <= {g.key for g in without}  # regions: no shape to shade
    assert all(values[g.key] == g.amount_usd for g in found.totals.groups if g.key in values)
    nowhere = found.group_without_location()
    assert nowhere is None or nowhere.key is None
    assert found.group("USA").key == "USA" and found.group("ATA") is None
    # a map without the United States lists it with the regions
    values, without = found.shaded(set(load_world().countries) - {"USA"})
    assert "USA" not in values and "USA" in {g.key for g in without}
