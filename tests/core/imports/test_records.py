"""Rows into records: required and unknown values, places, participants, agreements, and new
vocabulary values that need the user's confirmation."""

from __future__ import annotations

import datetime as dt

from sqlalchemy import select
from sqlalchemy.orm import Session

from forge_desktop.core.filter_text import parse_filter
from forge_desktop.core.query import Query, count, fetch, known_terms, validate
from forge_desktop.core.schema import (
    AgencyRow,
    Agreement,
    AgreementParty,
    DatePrecision,
    Financing,
    InstrumentRow,
    Location,
    Origin,
    Participant,
    ParticipantRole,
    StageRow,
)

from .conftest import (
    NASA_UNKNOWN,
    dump,
    error_on,
    financing,
    import_file,
    plan_for,
    stored,
    stored_financing,
    write_csv,
)

# --------------------------------------------------------------------------- validation


def test_required_fields_are_row_errors(engine, tmp_path):
    plan = plan_for(engine, "financing", write_csv(tmp_path / "req.csv", [
        financing("req-1", recipient=""), financing("req-2", agency="", stage="")]))

    assert error_on(plan, 1, "recipient") == "required, but empty"
    assert error_on(plan, 2, "agency").startswith("required, but empty (one of EXIM")
    assert error_on(plan, 2, "stage").startswith("required, but empty (one of announced")
    assert plan.records == []


def test_unknown_agency_instrument_and_stage_are_row_errors(engine, tmp_path):
    plan = plan_for(engine, "financing", write_csv(tmp_path / "enum.csv", [
        financing("enum-1", agency="NASA", instrument="grant", stage="dreaming")]))

    assert error_on(plan, 1, "agency") == NASA_UNKNOWN
    assert error_on(plan, 1, "instrument").startswith("unknown instrument 'grant'; known: direct_loan")
    assert error_on(plan, 1, "stage").startswith("unknown stage 'dreaming'; known: announced")
    assert [(n.column, n.code, n.rows, n.accepted) for n in plan.new_values.values()] == [
        ("agency", "NASA", [1], False), ("instrument", "grant", [1], False),
        ("stage", "dreaming", [1], False)]


def test_new_iso_places_are_added_as_imported_locations(engine, tmp_path):
    import_file(engine, "financing", write_csv(tmp_path / "places.csv", [
        financing("pl-1", locations="Chile; Nevada; US-TN")]))

    assert stored_financing(engine, "pl-1")["locations"] == ["Chile", "Nevada", "Tennessee"]
    chile, nevada = stored(engine, Location, "CHL"), stored(engine, Location, "US-NV")
    assert (chile.kind, chile.country_code, chile.origin) == ("country", "CHL", Origin.IMPORTED)
    assert (nevada.kind, nevada.country_code, nevada.origin) == ("subdivision", "USA",
                                                                  Origin.IMPORTED)


def test_a_russian_quote_is_optional(engine, tmp_path):
    plan = plan_for(engine, "financing", write_csv(tmp_path / "noquote.csv", [financing("nq-1")]))
    assert plan.issues == []
    import_file(engine, "financing", write_csv(tmp_path / "noquote.csv", [financing("nq-1")]))
    assert stored(engine, Financing, "nq-1").quote_ru is None


def without_id(row: dict) -> dict:
    return {k: v for k, v in row.items() if k != "id"}


def test_a_file_without_an_id_column_gets_ids_made_and_one_warning_for_them(engine, tmp_path):
    path = write_csv(tmp_path / "noid.csv", [without_id(financing(str(n))) for n in range(12)])
    plan = plan_for(engine, "financing", path)
    assert plan.errors == []
    assert [r["id"] for r in plan.records][:2] == ["dod-recipient-0-1", "dod-recipient-1-2"]
    # One line for the file, not one per row.
    assert [str(w) for w in plan.warnings] == [
        "file: warning: the file has no id column: ids made for 12 rows from the agency and the "
        "recipient (such as 'dod-recipient-0-1')"]


def test_a_made_id_is_noted_once_per_table_in_its_own_words(engine, tmp_path):
    plan = plan_for(engine, "agreements", write_csv(tmp_path / "a.csv", [
        {"kind": "memorandum", "title": "Lone accord", "status": "signed", "summary": "s"}]))
    assert [r["id"] for r in plan.records] == ["lone-accord"]
    assert [i.message for i in plan.warnings] == [
        "the file has no id column: ids made for 1 row from the title (such as 'lone-accord')"]


def test_an_empty_id_in_a_file_with_an_id_column_is_an_error(engine, tmp_path):
    plan = plan_for(engine, "financing", write_csv(tmp_path / "some-ids.csv", [
        financing("given-1"), financing(""), financing("given-3")]))
    assert error_on(plan, 2, "id") == ("required, but empty: the file has an id column, so every "
                                       "row needs its id")
    assert [r["id"] for r in plan.records] == ["given-1", "given-3"]
    assert not any(i.column == "id" for i in plan.warnings)  # nothing was made


def test_participants_import_with_roles_and_new_countries(engine, tmp_path):
    import_file(engine, "participants", write_csv(tmp_path / "p.csv", [
        {"id": "chile", "name": "Chile", "name_ru": "Чили", "iso3": "CHL", "region": "Americas",
         "roles": "Attended the ministerial; forge_joined", "summary": "s"}]))

    chile = stored(engine, Participant, "chile")
    assert (chile.iso3, chile.name_ru, chile.origin) == ("CHL", "Чили", Origin.IMPORTED)
    with Session(engine) as s:
        roles = set(s.scalars(select(ParticipantRole.role_id)
                              .where(ParticipantRole.participant_id == "chile")))
    assert roles == {"attended", "forge_joined"}


def test_participants_unknown_role_and_country_are_row_errors(engine, tmp_path):
    plan = plan_for(engine, "participants", write_csv(tmp_path / "p.csv", [
        {"id": "x", "name": "Atlantis", "region": "Ocean", "roles": "attended"},
        {"id": "y", "name": "Chile", "region": "Americas", "roles": "king"},
        {"id": "z", "name": "Peru", "region": ""}]))

    assert error_on(plan, 1, "iso3") == "'Atlantis' is not an ISO 3166 country"
    assert error_on(plan, 2, "roles").startswith("unknown role 'king'; choose from attended")
    assert error_on(plan, 3, "region") == "required, but empty"


def test_agreements_import_with_parties(engine, tmp_path):
    import_file(engine, "agreements", write_csv(tmp_path / "a.csv", [
        {"id": "us-chile", "kind": "bilateral framework MOU", "title": "US–Chile framework",
         "parties": "United States; Chile", "status": "signed", "date": "Feb 2026",
         "summary": "s"},
        {"id": "count", "kind": "memorandum", "title": "Several", "status": "announced",
         "is_aggregate": "true", "aggregate_count": "4", "summary": "s"}]))

    agreement = stored(engine, Agreement, "us-chile")
    assert (agreement.kind, agreement.date, agreement.date_precision) == (
        "bilateral_framework_mou", dt.date(2026, 2, 1), DatePrecision.MONTH)
    with Session(engine) as s:
        parties = list(s.scalars(select(AgreementParty.location_code)
                                 .where(AgreementParty.agreement_id == "us-chile")
                                 .order_by(AgreementParty.position)))
    assert parties == ["USA", "CHL"]
    assert stored(engine, Agreement, "count").aggregate_count == 4


def test_agreements_count_must_be_a_positive_count_of_an_aggregate(engine, tmp_path):
    row = {"kind": "memorandum", "title": "T", "status": "signed", "summary": "s"}
    plan = plan_for(engine, "agreements", write_csv(tmp_path / "a.csv", [
        {"id": "c-1", **row, "aggregate_count": "3"},
        {"id": "c-2", **row, "is_aggregate": "true", "aggregate_count": "0"},
        {"id": "c-3", **row, "is_aggregate": "true", "aggregate_count": "-2"},
        {"id": "c-4", **row, "is_aggregate": "true", "aggregate_count": "1e999"},
        {"id": "c-5", **row, "parties": "Atlantis"}]))

    assert error_on(plan, 1, "aggregate_count") == "only an aggregate has a count"
    assert error_on(plan, 2, "aggregate_count") == "an aggregate counts 1 or more"
    assert error_on(plan, 3, "aggregate_count") == "an aggregate counts 1 or more"
    assert error_on(plan, 4, "aggregate_count") == ("'1e999' is too large: at most "
                                                    "9,007,199,254,740,992")
    assert error_on(plan, 5, "parties") == ("unknown party 'Atlantis': a country or a known "
                                            "organisation")
    assert plan.records == []


def test_a_count_is_a_whole_number_a_double_holds_exactly(engine, tmp_path):
    row = {"kind": "memorandum", "title": "T", "status": "signed", "summary": "s",
           "is_aggregate": "true"}
    plan = plan_for(engine, "agreements", write_csv(tmp_path / "a.csv", [
        {"id": "n-1", **row, "aggregate_count": "1.5"},
        {"id": "n-2", **row, "aggregate_count": "12345678901234567"},
        {"id": "n-3", **row, "aggregate_count": "1,000"},
        {"id": "n-4", **row, "aggregate_count": "1..2"},
        {"id": "n-5", **row, "aggregate_count": "1,250,000"},
        {"id": "n-6", **row, "aggregate_count": "17"}]))

    assert error_on(plan, 1, "aggregate_count") == "'1.5' is not a whole number: write 1, 2, 3…"
    assert error_on(plan, 2, "aggregate_count") == ("'12345678901234567' is too large: at most "
                                                    "9,007,199,254,740,992")
    assert error_on(plan, 3, "aggregate_count") == (
        "'1,000' is ambiguous: 1000 (the comma as a thousands separator) or 1 (as a decimal "
        "comma)? Write 1000 or 1")
    assert error_on(plan, 4, "aggregate_count").startswith("'1..2' is not a number")
    assert [r["aggregate_count"] for r in plan.records] == [1_250_000, 17]


def test_a_quantity_is_refused_rather_than_rounded_or_guessed(engine, tmp_path):
    plan = plan_for(engine, "financing", write_csv(tmp_path / "q.csv", [
        financing("q-1", quantity="1..2"), financing("q-2", quantity="1e-999"),
        financing("q-3", quantity="1234567890123456"), financing("q-4", quantity="1.250"),
        financing("q-5", quantity="150 000"), financing("q-6", quantity="2.5")]))

    assert error_on(plan, 1, "quantity").startswith("'1..2' is not a number")
    assert error_on(plan, 2, "quantity") == "'1e-999' is too small"
    assert error_on(plan, 3, "quantity") == ("'1234567890123456' has more than 15 significant "
                                             "digits: a number here keeps 15")
    assert error_on(plan, 4, "quantity").startswith("'1.250' is ambiguous: 1250 (the dot")
    assert [r["quantity"] for r in plan.records] == [150_000, 2.5]


# --------------------------------------------------------------------------- new values


def test_a_confirmed_new_agency_instrument_and_stage_are_added(engine, tmp_path):
    path = write_csv(tmp_path / "nsf.csv", [
        financing("nsf-1", agency="NSF", instrument="Grant agreement", stage="scoping"),
        financing("nsf-2", agency="nsf", instrument="grant-agreement", stage="Scoping")])

    result = import_file(engine, "financing", path, accept=[
        ("agency", "NSF"), ("instrument", "grant agreement"), ("stage", "SCOPING")])

    assert result.records == 2
    with Session(engine) as s:
        assert s.get(AgencyRow, "NSF").origin == Origin.IMPORTED
        # A new value keeps its spelling ("Grant_agreement", shown "Grant agreement").
        assert s.get(InstrumentRow, "Grant_agreement").name == "Grant agreement"
        assert s.get(StageRow, "scoping").imported_at == result.imported_at
        terms = known_terms(s)
        # The new values are filterable, by any spelling, like the curated ones.
        for where in ("agency = nsf", "instrument = Grant agreement", "stage in scoping, Scoping"):
            validate(Query("financing", (parse_filter(where),)), terms)
            assert count(s, Query("financing", (parse_filter(where),))) == 2
        found = fetch(s, Query("financing", (parse_filter("agency = NSF"),)).with_columns(
            ["id", "agency", "instrument", "stage"]))
        assert sorted(found.rows) == [("nsf-1", "NSF", "Grant_agreement", "scoping"),
                                      ("nsf-2", "NSF", "Grant_agreement", "scoping")]


def test_an_unconfirmed_new_value_is_an_error_with_a_close_match(engine, tmp_path):
    path = write_csv(tmp_path / "typo.csv", [financing("typo-1", stage="Annnounced")])
    before = dump(engine)

    plan = plan_for(engine, "financing", path, accept=[("agency", "NSF")])  # not this one

    assert not plan.ok
    assert error_on(plan, 1, "stage").startswith("unknown stage 'Annnounced'; did you mean "
                                                  "'announced'? known: announced, opportunity")
    assert dump(engine) == before


def test_confirming_one_new_value_leaves_the_others_errors(engine, tmp_path):
    path = write_csv(tmp_path / "two.csv", [financing("two-1", agency="NSF", stage="scoping")])

    plan = plan_for(engine, "financing", path, accept=[("agency", "nsf")])

    assert [str(i) for i in plan.row_issues(1) if i.column in ("agency", "stage")] == [
        "row 1, agency: warning: adds the new agency 'NSF'",
        "row 1, stage: error: unknown stage 'scoping'; known: announced, opportunity, "
        "letter_of_interest, letter_of_intent, negotiating, approved, committed, funded. "
        "If it is a new stage, confirm it to add it"]
    assert plan.records == []


def test_a_value_that_cannot_be_a_code_is_refused_even_when_confirmed(engine, tmp_path):
    long, spaced = "x" * 70, "A - " * 20 + "B"  # spaced: a short key, but 81 characters stored
    plan = plan_for(engine, "financing", write_csv(tmp_path / "long.csv", [
        financing("long-1", agency=long), financing("long-2", instrument="---"),
        financing("long-3", agency=spaced)]),
        accept=[("agency", long), ("instrument", "---"), ("agency", spaced)])

    assert "is not a usable agency" in error_on(plan, 1, "agency")
    assert "is not a usable instrument" in error_on(plan, 2, "instrument")
    assert "is not a usable agency" in error_on(plan, 3, "agency")

