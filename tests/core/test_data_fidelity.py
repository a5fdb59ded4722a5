"""The curated data against the source, read by hand.

Every dollar figure of the report is listed below in the order it appears, with the record
and field that carry it. The test finds the figures in the text itself, so a figure that
is added to, or dropped from, the curation without a matching line here fails.
"""

from __future__ import annotations

import re
from pathlib import Path

import pycountry
import pytest
from sqlalchemy import select

from forge_desktop.core import counting, dataset
from forge_desktop.core.query import Query
from forge_desktop.core.schema import Financing, Participant, ParticipantRole

SOURCE = (dataset.data_dir() / "source" / "000_79e6948ded2d222d.txt").read_text(encoding="utf-8")
SHARED_SOURCE = Path(__file__).parents[3] / "shared" / "seeds" / "000_79e6948ded2d222d.txt"

M, B = 10**6, 10**9

# (text as printed, value in USD, record id, field) — in order of appearance.
FIGURES = [
    ("до 10 миллиардов долларов", 10 * B, "exim-project-vault", "amount_usd"),
    ("$14.8 млрд", 14_800 * M, "exim-loi-total", "amount_usd"),
    ("$455 млн", 455 * M, "exim-loi-rare-earths-us", "amount_usd"),
    ("$400 млн", 400 * M, "exim-loi-lithium-arkansas", "amount_usd"),
    ("$350 млн", 350 * M, "exim-loi-cobalt-nickel-australia", "amount_usd"),
    ("$215 млн", 215 * M, "exim-loi-tin-uk-australia", "amount_usd"),
    ("$10 млрд", 10 * B, "exim-project-vault", "amount_usd"),  # told twice: one record
    ("$1.3 млрд", 1_300 * M, "exim-reko-diq", "amount_usd"),
    ("$27.4 млн", 27_400_000, "exim-6k-additive", "amount_usd"),
    ("$23.5 млн", 23_500_000, "exim-amaero", "amount_usd"),
    ("$15.9 млн", 15_900_000, "exim-empire-state-mines", "amount_usd"),
    ("$11.1 млн", 11_100_000, "exim-iperionx", "amount_usd"),
    ("$134 млн", 134 * M, "doe-rare-earth-demonstration-facility", "amount_usd"),
    ("$355 млн", 355 * M, "doe-mine-of-the-future", "amount_usd"),
    ("$50 млн", 50 * M, "doe-critical-minerals-accelerator", "amount_usd"),
    ("$500 млн", 500 * M, "doe-battery-materials-grants", "amount_usd"),
    ("$40 млн", 40 * M, "doe-rocks", "amount_usd"),
    ("$20 млн", 20 * M, "doe-magnito", "amount_usd"),
    ("$6 млн", 6 * M, "doe-trace-ga", "amount_usd"),
    ("$35 млн", 35 * M, "dod-ambler-metals", "amount_usd"),
    ("$93 млн", 93 * M, "dod-alcoa-sojitz", "amount_usd"),
    ("$170.3 млн", 170_300_000, "dod-alcoa-sojitz", "cofinancing_usd"),
    ("$620 млн", 620 * M, "dod-vulcan-elements", "amount_usd"),
    ("$550 млн", 550 * M, "dod-vulcan-elements", "cofinancing_usd"),
    ("$80 млн", 80 * M, "dod-reelement", "amount_usd"),
    ("$200 млн", 200 * M, "dod-reelement", "cofinancing_usd"),
    ("$1,25 млрд", 1_250 * M, "dod-korea-zinc-debt-funded", "amount_usd"),
    ("$2.4 млрд", 2_400 * M, "dod-korea-zinc-debt-conditional", "amount_usd"),
    ("$2.4 млрд", 2_400 * M, "dod-korea-zinc-debt-funded", "cofinancing_usd"),
    ("$150 млн", 150 * M, "dod-korea-zinc-financing", "amount_usd"),
    ("$540 млн", 540 * M, "dod-korea-zinc-financing", "cofinancing_usd"),
    ("$150 млн", 150 * M, "dod-atalco", "amount_usd"),
    ("$300 млн", 300 * M, "dod-atalco", "cofinancing_usd"),
    ("более миллиарда долларов", 1 * B, "dfc-total", "amount_usd"),
    ("$75 млн", 75 * M, "dfc-ukraine", "amount_usd"),
    ("$75 млн", 75 * M, "dfc-ukraine", "cofinancing_usd"),
    ("$600 млн", 600 * M, "dfc-orion-cmc", "amount_usd"),
    ("$1.2 млрд", 1_200 * M, "dfc-orion-cmc", "cofinancing_usd"),
    ("$565 млн", 565 * M, "dfc-brazil-rare-earths", "amount_usd"),
    ("$700 млн", 700 * M, "dfc-kazakhstan-tungsten", "amount_usd"),
]
# Mentions that repeat a figure already carried by a record (not a second record).
REPEATED_MENTIONS = {6}  # "$10 млрд – Проект Vault", index into FIGURES

MONEY_IN_TEXT = re.compile(
    r"\$\s?\d[\d.,]*\s*(?:млрд|млн)|до \d+ миллиардов долларов|более миллиарда долларов")


@pytest.fixture(scope="module")
def data():
    return dataset.read_dataset()


def test_shipped_source_is_the_seed():
    if SHARED_SOURCE.exists():
        assert SHARED_SOURCE.read_text(encoding="utf-8") == SOURCE


def test_every_dollar_figure_of_the_text_is_listed_in_order():
    assert [m.group(0) for m in MONEY_IN_TEXT.finditer(SOURCE)] == [f[0] for f in FIGURES]


def test_each_figure_sits_in_its_record(data):
    records = {r["id"]: r for r in data["financing"]}
    for text, value, record_id, field in FIGURES:
        assert records[record_id].get(field) == value, (text, record_id, field)


def test_every_figure_in_the_records_comes_from_the_text_exactly_once(data):
    carried = [(r["id"], f) for r in data["financing"] for f in ("amount_usd", "cofinancing_usd")
               if r.get(f) is not None]
    mapped = [(rid, f) for i, (_, _, rid, f) in enumerate(FIGURES) if i not in REPEATED_MENTIONS]
    assert sorted(carried) == sorted(mapped)
    assert len(set(mapped)) == len(mapped)


def test_project_vault_is_one_record(data):
    vaults = [r for r in data["financing"] if "vault" in (r["id"] + r["recipient"]).lower()]
    assert [r["id"] for r in vaults] == ["exim-project-vault"]
    assert vaults[0]["amount_qualifier"] == "up_to"


def test_every_quote_is_verbatim(data):
    quotes = []
    for table in ("participants", "agreements", "financing"):
        quotes += [(table, r["id"], r["quote_ru"]) for r in data[table]]
    quotes += [("roles", p["id"], q) for p in data["participants"]
               for q in (p.get("roles") or {}).values() if q]
    missing = [(t, rid) for t, rid, q in quotes if q not in SOURCE]
    assert not missing
    assert len(quotes) > 100


def test_aggregates_and_their_parts(data):
    parts = {}
    for r in data["financing"]:
        if r.get("parent"):
            parts.setdefault(r["parent"], []).append(r)
    assert set(parts) == {"exim-loi-total", "dfc-total"}
    assert sum(p["amount_usd"] for p in parts["exim-loi-total"]) == 1_420 * M
    dfc_money = [p["amount_usd"] for p in parts["dfc-total"] if p["amount_usd"] is not None]
    assert sum(dfc_money) == 1_940 * M  # "more than a billion"
    assert len(parts["dfc-total"]) == 6  # four with money, two without


def test_non_monetary_records_keep_quantities(data):
    no_money = {r["id"]: r for r in data["financing"] if r["amount_usd"] is None}
    assert set(no_money) == {"dfc-copper-offtake-jv", "dfc-gulf-partnership",
                             "ustr-mexico-action-plan", "ustr-ec-japan-action-plans"}
    assert no_money["dfc-copper-offtake-jv"]["quantity"] == 150_000


def test_participants_are_the_55_delegations(session):
    people = session.scalars(select(Participant)).all()
    assert len(people) == 55
    countries = [p for p in people if p.kind == "country"]
    assert len(countries) == 54
    assert all(pycountry.countries.get(alpha_3=p.iso3) for p in countries)
    (commission,) = [p for p in people if p.kind == "organisation"]
    assert commission.name == "European Commission" and commission.iso3 is None
    roles = session.execute(select(ParticipantRole.participant_id, ParticipantRole.role_id)).all()
    by_role = {}
    for pid, role in roles:
        by_role.setdefault(str(role), set()).add(pid)
    assert len(by_role["attended"]) == 55
    assert len(by_role["bilateral_signed"]) == 11
    assert by_role["forge_chair"] == {"south-korea"}
    assert by_role["forge_joined"] == {"mongolia"}
    assert by_role["action_plan_partner"] == {"mexico"}
    assert by_role["action_plan_intended"] == {"european-commission", "japan"}


def test_host_and_project_sites_are_not_participants(session):
    ids = set(session.scalars(select(Participant.iso3)))
    assert "USA" not in ids and "JAM" not in ids


def test_per_agency_totals_match_the_hand_count(session):
    hand = {
        # Vault + the four letters (not the $14.8B aggregate) + the five portfolio deals
        "EXIM": 10 * B + (455 + 400 + 350 + 215) * M + 1_300 * M
        + 27_400_000 + 23_500_000 + 15_900_000 + 11_100_000,
        "DOE": (134 + 355 + 50 + 500 + 40 + 20 + 6) * M,
        "DOD": (35 + 93 + 620 + 80 + 1_250 + 2_400 + 150 + 150) * M,
        "DFC": (75 + 600 + 565 + 700) * M,  # not the "more than $1B" aggregate
        "USTR": None,
    }
    result = counting.totals(session, Query("financing"), "agency")
    assert {g.key: g.amount_usd for g in result.groups} == hand
    assert result.amount_usd == sum(v for v in hand.values() if v)
    # co-financing is never US money
    cofinancing = sum(session.scalars(select(Financing.cofinancing_usd).where(
        Financing.cofinancing_usd.is_not(None))))
    assert cofinancing == 170_300_000 + (550 + 200 + 2_400 + 540 + 300 + 75 + 1_200) * M


def test_the_qualifier_belongs_to_the_amount_not_the_cofinancing():
    from forge_desktop.core.columns import Kind
    from forge_desktop.core.records import format_value

    row = {"amount_usd": 1_000_000_000, "amount_qualifier": "up_to"}
    assert format_value(Kind.MONEY, 1_000_000_000, row, "amount_usd") == "up to $1B"
    assert format_value(Kind.MONEY, 1_000_000_000, row, "cofinancing_usd") == "$1B"
