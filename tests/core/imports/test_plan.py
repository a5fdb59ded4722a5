"""The plan: links between records (ids, parents, agreements, countries), the preview, and
rows the file gets wrong (ragged, short, too many)."""

from __future__ import annotations

import pytest
from sqlalchemy.orm import Session

from forge_desktop.core import imports
from forge_desktop.core.imports import ImportFileError
from forge_desktop.core.schema import Financing

from .conftest import (
    NASA_UNKNOWN,
    assert_refused,
    dump,
    error_on,
    financing,
    import_file,
    issues,
    plan_for,
    stored,
    write_csv,
)


def test_an_unknown_table_is_refused(engine, tmp_path):
    with pytest.raises(ImportFileError, match="unknown table 'minerals'"):
        plan_for(engine, "minerals", write_csv(tmp_path / "m.csv", [{"id": "x"}]))


# --------------------------------------------------------------------------- ids and links


def test_links_that_do_not_resolve_are_row_errors(engine, tmp_path):
    plan = plan_for(engine, "financing", write_csv(tmp_path / "links.csv", [
        financing("ln-1", parent_id="no-such-aggregate"),
        financing("ln-2", parent_id="exim-project-vault"),
        financing("ln-3", agreement_id="no-such-agreement"),
        financing("ln-4", minerals="lithium; unobtainium"),
        financing("ln-5", locations="Atlantis"),
        financing("ln-6", organisation_id="acme")]))

    assert error_on(plan, 1, "parent_id") == ("parent 'no-such-aggregate' is neither in the file "
                                              "nor the database")
    assert error_on(plan, 2, "parent_id") == "parent 'exim-project-vault' is not an aggregate"
    assert error_on(plan, 3, "agreement_id") == "unknown agreement 'no-such-agreement'"
    assert error_on(plan, 4, "minerals").startswith("unknown mineral 'unobtainium'; known: ")
    assert error_on(plan, 5, "locations") == ("unknown place 'Atlantis': give an ISO 3166 code or "
                                              "a known place")
    assert error_on(plan, 6, "organisation_id") == "unknown organisation 'acme'"
    assert plan.records == []


def test_links_resolve_to_records_in_the_database_and_in_the_file(engine, tmp_path):
    import_file(engine, "financing", write_csv(tmp_path / "ok.csv", [
        financing("ok-part", parent_id="exim-loi-total", agreement_id="glencore-orion-mou",
                  organisation_id="glencore", minerals="Cobalt", locations="COD"),
        financing("ok-new-part", parent_id="ok-aggregate"),
        financing("ok-aggregate", is_aggregate="yes")]))

    part = stored(engine, Financing, "ok-part")
    assert (part.parent_id, part.agreement_id, part.organisation_id) == (
        "exim-loi-total", "glencore-orion-mou", "glencore")
    assert stored(engine, Financing, "ok-new-part").parent_id == "ok-aggregate"
    assert stored(engine, Financing, "ok-aggregate").is_aggregate is True


def test_duplicate_ids_in_the_file_are_row_errors_and_nothing_is_written(engine, tmp_path):
    path = write_csv(tmp_path / "dup.csv", [financing("dup-1"), financing("dup-2"),
                                            financing("dup-1", recipient="Another")])
    before = dump(engine)

    with Session(engine) as s, s.begin():
        plan = imports.plan_import(s, "financing", path)
        assert issues(plan) == [(3, "id", "duplicate id 'dup-1' (also row 1)")]
        with pytest.raises(ImportFileError, match="1 errors; nothing was imported"):
            imports.apply_import(s, plan)
    assert dump(engine) == before


def test_ids_already_in_the_database_are_row_errors_and_nothing_is_written(engine, tmp_path):
    path = write_csv(tmp_path / "dup.csv", [financing("fresh-1"), financing("exim-project-vault")])
    before = dump(engine)

    with Session(engine) as s, s.begin():
        plan = imports.plan_import(s, "financing", path)
        assert issues(plan) == [(2, "id", "id 'exim-project-vault' is already in the database")]
        with pytest.raises(ImportFileError):
            imports.apply_import(s, plan)
    assert dump(engine) == before


def test_a_record_cannot_be_its_own_parent(engine, tmp_path):
    plan = plan_for(engine, "financing", write_csv(tmp_path / "self.csv", [
        financing("self-1", is_aggregate="true", parent_id="self-1")]))
    assert error_on(plan, 1, "parent_id") == "parent 'self-1' leads back to 'self-1': parts cannot loop"
    assert plan.records == []


def test_parents_that_loop_are_row_errors(engine, tmp_path):
    plan = plan_for(engine, "financing", write_csv(tmp_path / "loop.csv", [
        financing("loop-a", is_aggregate="true", parent_id="loop-b"),
        financing("loop-b", is_aggregate="true", parent_id="loop-a")]))
    assert error_on(plan, 1, "parent_id") == "parent 'loop-b' leads back to 'loop-a': parts cannot loop"
    assert error_on(plan, 2, "parent_id") == "parent 'loop-a' leads back to 'loop-b': parts cannot loop"


def test_a_country_that_already_has_a_participant_is_a_row_error(engine, tmp_path):
    before = dump(engine)
    plan = plan_for(engine, "participants", write_csv(tmp_path / "p.csv", [
        {"id": "france-2", "name": "France", "iso3": "FRA", "region": "Europe"},
        {"id": "chile-1", "name": "Chile", "iso3": "CHL", "region": "Americas"},
        {"id": "chile-2", "name": "Chili", "iso3": "CHL", "region": "Americas"}]))

    assert error_on(plan, 1, "iso3") == "FRA already has a participant: 'france'"
    assert error_on(plan, 3, "iso3") == "CHL already has a participant: 'chile-1' (row 2)"
    assert [i.row for i in plan.errors] == [1, 3]
    assert dump(engine) == before


# --------------------------------------------------------------------------- the preview


def test_the_preview_lists_per_row_errors_and_warnings_and_writes_nothing(engine, tmp_path):
    path = write_csv(tmp_path / "mixed.csv", [
        financing("mix-1"), financing("mix-2", summary="", agency="NASA"),
        financing("mix-3", summary="")])
    before = dump(engine)

    plan = plan_for(engine, "financing", path)

    assert dump(engine) == before
    assert plan.rows_read == 3
    assert [r["id"] for r in plan.records] == ["mix-1", "mix-3"]
    assert plan.row_issues(1) == []
    assert [str(i) for i in plan.row_issues(2)] == [
        f"row 2, agency: error: {NASA_UNKNOWN}",
        "row 2, summary: warning: no summary: the detail pane will show only the fields"]
    assert [str(i) for i in plan.row_issues(3)] == [
        "row 3, summary: warning: no summary: the detail pane will show only the fields"]
    assert not plan.ok


def test_the_preview_has_each_record_as_the_table_will_hold_it(engine, tmp_path):
    import datetime as dt

    plan = plan_for(engine, "financing", write_csv(tmp_path / "stored.csv", [
        financing("st-1", amount_usd="up to $400 million", date="Dec 2022",
                  minerals="lithium; Copper", locations="Nevada; CHL", parent_id="exim-loi-total",
                  organisation_id="glencore")]))

    values = plan.stored_values(plan.records[0])
    assert (values["amount_usd"], values["amount_qualifier"]) == (400_000_000, "up_to")
    assert (values["date"], values["date_precision"]) == (dt.date(2022, 12, 1), "month")
    assert values["minerals"] == ["Lithium", "Copper"]  # by name, as the table lists them
    assert values["locations"] == ["Nevada", "Chile"]  # both new to the database
    assert (values["parent_id"], values["organisation_id"]) == ("exim-loi-total", "glencore")
    assert (values["recipient"], values["origin"]) == ("Recipient st-1", "imported")


def test_the_preview_names_places_the_import_adds_and_parties(engine, tmp_path):
    plan = plan_for(engine, "agreements", write_csv(tmp_path / "parties.csv", [
        {"id": "ag-1", "kind": "memorandum", "title": "T", "status": "signed",
         "parties": "PER; glencore", "date": "2025", "summary": "s"}]))
    values = plan.stored_values(plan.records[0])
    assert values["parties"] == ["Peru", "Glencore"]  # Peru is new: named from ISO 3166
    assert values["date_precision"] == "year"


# --------------------------------------------------------------------------- rows the file gets wrong


def test_a_ragged_row_is_a_row_error(engine, tmp_path):
    path = tmp_path / "ragged.csv"
    path.write_text("id,agency,recipient,instrument,stage,summary\n"
                    "r-1,DOD,R,equity,announced,s\n"
                    "r-2,DOD,R,equity,announced,s,surplus,cells\n", encoding="utf-8")

    plan = plan_for(engine, "financing", path)

    assert issues(plan) == [(2, None, "8 cells but 6 headers: a ragged row")]
    assert_refused(engine, path, "ragged row")


def test_a_short_row_is_read_as_empty_trailing_cells(engine, tmp_path):
    path = tmp_path / "short.csv"
    path.write_text("id,agency,recipient,instrument,stage,summary,notes\n"
                    "s-1,DOD,R,equity,announced,s\n"
                    "s-2,DOD\n", encoding="utf-8")

    plan = plan_for(engine, "financing", path)

    assert [r["id"] for r in plan.records] == ["s-1"]
    assert error_on(plan, 2, "recipient") == "required, but empty"


def test_a_file_over_the_row_limit_is_refused_before_a_row_is_checked(engine, tmp_path):
    path = tmp_path / "too-many.csv"
    with path.open("w", encoding="utf-8") as handle:
        handle.write("id,agency,recipient,instrument,stage,summary\n")
        handle.writelines(f"m{n},DOD,R,equity,announced,s\n" for n in range(200_001))
    assert_refused(engine, path, "more than 200,000 rows; import at most 200,000")

