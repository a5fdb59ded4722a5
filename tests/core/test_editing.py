"""Adding, correcting and deleting single records, and taking changes back: the importer's
rules, a source for every record, one change set per write, undo that never takes another
author's work and says when later changes are in the way."""

from __future__ import annotations

import json
import sqlite3
from pathlib import Path

import pytest
from sqlalchemy import func, select
from sqlalchemy.orm import Session

from forge_desktop.core import changes, counting, database, editing, undo
from forge_desktop.core.query import Condition, Op, Query, count
from forge_desktop.core.schema import (
    SCHEMA_VERSION,
    Change,
    ChangeKind,
    ChangeSet,
    Financing,
    FinancingSource,
    Meta,
    Origin,
    Source,
)
from forge_desktop.core.sources import SourceFields
from forge_desktop.core.stored_records import read_record

from ..conftest import run_forge

EXIM_RELEASE = SourceFields(url="https://www.exim.gov/news/exim-approves-acme-lithium",
                            title="EXIM approves up to $400 million for Acme Lithium",
                            publisher="EXIM", published="2026-03-02", language="en",
                            kind="official")
QUOTE = "EXIM approved a direct loan of up to $400 million to Acme Lithium"
NEW_DEAL = {"agency": "EXIM", "recipient": "Acme Lithium", "instrument": "direct loan",
            "stage": "approved", "amount_usd": "up to $400 million", "date": "March 2026",
            "minerals": "lithium", "locations": "USA", "summary": "A loan read in the news"}


@pytest.fixture(autouse=True)
def _author(monkeypatch):
    monkeypatch.setenv(changes.AUTHOR_ENV, "Ada Analyst")


def add_deal(engine, **cells):
    with Session(engine) as s, s.begin():
        return editing.add_record(s, "financing", {**NEW_DEAL, **cells},
                                  editing.SourceChoice(new=EXIM_RELEASE, quote=QUOTE, quote_lang="en"),
                                  reason="read in an EXIM release")


def committed(engine, **conditions) -> int | None:
    with Session(engine) as s:
        filters = tuple(Condition(k, Op.EQ, v) for k, v in conditions.items())
        return counting.totals(s, Query("financing", filters), "agency").amount_usd


def test_a_record_from_a_new_english_source_is_added_with_its_source_and_quote(engine):
    before = committed(engine)
    result = add_deal(engine)
    with Session(engine) as s:
        record = s.get(Financing, result.record_id)
        assert (record.origin, record.amount_usd, str(record.amount_qualifier)) == (
            Origin.ENTERED, 400_000_000, "up_to")
        link = s.scalars(select(FinancingSource).where(
            FinancingSource.financing_id == result.record_id)).one()
        source = s.get(Source, link.source_id)
        assert (source.url, source.publisher, source.language, str(source.kind)) == (
            EXIM_RELEASE.url, "EXIM", "en", "official")
        assert (link.quote, link.quote_lang) == (QUOTE, "en")
        cs = s.get(ChangeSet, result.change_set)
        assert (cs.kind, cs.author, cs.reason, cs.source_id) == (
            ChangeKind.ADD, "Ada Analyst", "read in an EXIM release", source.id)
        assert count(s, Query("financing", search="acme")) == 1  # searchable at once
    assert committed(engine) == before + 400_000_000  # the total shows it at once


def test_a_second_record_citing_the_same_url_reuses_the_source(engine):
    add_deal(engine)
    with Session(engine) as s, s.begin():
        editing.add_record(s, "financing", {**NEW_DEAL, "recipient": "Acme Two"},
                           editing.SourceChoice(ref=EXIM_RELEASE.url))
    with Session(engine) as s:
        assert s.scalar(select(func.count()).select_from(Source).where(
            Source.url == EXIM_RELEASE.url)) == 1


def test_correcting_the_amount_is_one_change_set_with_before_and_after(engine):
    added = add_deal(engine)
    with Session(engine) as s, s.begin():
        edited = editing.edit_record(s, "financing", added.record_id,
                                     {"amount_usd": "$450 million"}, reason="the filing says 450")
    assert edited.fields == 2
    with Session(engine) as s:
        diff = {c.field: (c.before, c.after) for c in changes.history(
            s, table="financing", record_id=added.record_id) if c.change_set == edited.change_set}
        assert diff == {"amount_usd": (400_000_000, 450_000_000),
                        "amount_qualifier": ("up_to", "exact")}
        assert s.get(Financing, added.record_id).origin == Origin.ENTERED


def test_an_edit_that_changes_nothing_writes_nothing(engine):
    added = add_deal(engine)
    with Session(engine) as s, s.begin():
        result = editing.edit_record(s, "financing", added.record_id, {"recipient": "Acme Lithium"})
    assert result.change_set is None
    with Session(engine) as s:
        assert s.scalar(select(func.count()).select_from(ChangeSet)) == 1


def test_a_corrected_curated_record_is_the_users_and_survives_a_refresh(engine):
    with Session(engine) as s, s.begin():
        editing.edit_record(s, "financing", "exim-project-vault", {"stage": "funded"},
                            editing.SourceChoice(new=EXIM_RELEASE))
    with Session(engine) as s, s.begin():
        database.sync_curated(s)  # a new release of data/ arrives
    with Session(engine) as s:
        record = s.get(Financing, "exim-project-vault")
        assert (record.origin, record.stage) == (Origin.EDITED, "funded")
        sources = [link["source"] for link in read_record(s, "financing", record.id)["sources"]]
        assert len(sources) == 2  # the report it came from, and the correction's source


def test_a_refresh_that_changes_curated_records_is_a_change_set(engine):
    with Session(engine) as s, s.begin():  # as if the previous release said otherwise
        s.get(Financing, "exim-project-vault").summary = "an older wording"
    with Session(engine) as s, s.begin():
        database.sync_curated(s)
    with Session(engine) as s:
        (refresh,) = changes.history(s, kind=ChangeKind.REFRESH)
        assert (refresh.record_id, refresh.field, refresh.before) == (
            "exim-project-vault", "summary", "an older wording")


@pytest.mark.parametrize(("cells", "field", "words"), [
    ({"recipient": ""}, "recipient", "required, but empty"),
    ({"date": "2026-02-30"}, "date", "not a real date"),
    ({"agency": "NASA"}, "agency", "known: EXIM, DOE, DOD, DFC, USTR"),
    ({"agency": "EXIMM"}, "agency", "did you mean 'EXIM'"),
    ({"amount_usd": "lots"}, "amount_usd", "lots"),
    ({"minerals": "unobtainium"}, "minerals", "unknown mineral"),
    ({"colour": "red"}, "colour", "no such column"),
])
def test_bad_input_names_the_field_and_writes_nothing(engine, cells, field, words):
    with Session(engine) as s, s.begin(), pytest.raises(editing.EditError) as caught:
        editing.add_record(s, "financing", {**NEW_DEAL, **cells}, editing.SourceChoice(new=EXIM_RELEASE))
    assert caught.value.problems[0][0] == field and words in str(caught.value)
    with Session(engine) as s:
        assert s.scalar(select(func.count()).select_from(ChangeSet)) == 0
        assert s.scalar(select(func.count()).select_from(Source).where(
            Source.url == EXIM_RELEASE.url)) == 0


def test_a_new_vocabulary_value_only_when_confirmed(engine):
    cells = {**NEW_DEAL, "agency": "NSF"}
    source = editing.SourceChoice(new=EXIM_RELEASE)
    with Session(engine) as s, s.begin(), pytest.raises(editing.EditError, match="confirm it"):
        editing.add_record(s, "financing", cells, source)
    with Session(engine) as s, s.begin():
        result = editing.add_record(s, "financing", cells, source, accept=[("agency", "NSF")])
    with Session(engine) as s:
        assert s.get(Financing, result.record_id).agency == "NSF"


def test_a_record_cannot_be_added_without_a_source_and_a_quote_needs_one(engine):
    with Session(engine) as s, s.begin():
        with pytest.raises(editing.EditError, match="needs a source"):
            editing.add_record(s, "financing", NEW_DEAL, editing.SourceChoice())
        with pytest.raises(editing.EditError, match="quote: a quote needs its source"):
            editing.add_record(s, "financing", NEW_DEAL, editing.SourceChoice(quote="said so"))
        with pytest.raises(editing.EditError, match=r"source_url: .* not a web address"):
            editing.add_record(s, "financing", NEW_DEAL, editing.SourceChoice(
                new=SourceFields(url="javascript:alert(1)", title="x")))


def test_deleting_an_aggregate_with_parts_is_refused_naming_them(engine):
    with Session(engine) as s, s.begin(), pytest.raises(editing.EditError) as caught:
        editing.delete_record(s, "financing", "exim-loi-total")
    assert "4 parts: exim-loi-cobalt-nickel-australia" in str(caught.value)
    with Session(engine) as s:
        assert s.get(Financing, "exim-loi-total") is not None


def test_undo_and_redo_of_an_edit_and_of_a_delete(engine):
    added = add_deal(engine)
    with Session(engine) as s, s.begin():
        edited = editing.edit_record(s, "financing", added.record_id, {"amount_usd": "$450 million"})
    with Session(engine) as s, s.begin():
        (undo_set,) = undo.undo_change_set(s, edited.change_set).change_sets
    assert committed(engine, id=added.record_id) == 400_000_000
    with Session(engine) as s, s.begin():
        undo.undo_change_set(s, undo_set)  # redo
    assert committed(engine, id=added.record_id) == 450_000_000

    with Session(engine) as s, s.begin():
        deleted = editing.delete_record(s, "financing", added.record_id, reason="a duplicate")
    with Session(engine) as s, s.begin():
        undo.undo_change_set(s, deleted.change_set)
    with Session(engine) as s:
        back = read_record(s, "financing", added.record_id)
        assert (back["amount_usd"], back["sources"][0]["quote"]) == (450_000_000, QUOTE)
        assert s.get(Financing, added.record_id).origin == Origin.ENTERED


def test_undo_refuses_another_authors_work_and_an_undone_set(engine, monkeypatch):
    added = add_deal(engine)
    monkeypatch.setenv(changes.AUTHOR_ENV, "Bea Checker")
    with Session(engine) as s, s.begin(), pytest.raises(editing.EditError, match="Ada Analyst's work"):
        undo.undo_change_set(s, added.change_set)
    monkeypatch.setenv(changes.AUTHOR_ENV, "Ada Analyst")
    with Session(engine) as s, s.begin():
        undo.undo_change_set(s, added.change_set)
    with Session(engine) as s, s.begin(), pytest.raises(editing.EditError, match="already undone"):
        undo.undo_change_set(s, added.change_set)


def test_undo_says_when_a_later_change_touched_the_same_record_and_can_undo_both(engine):
    added = add_deal(engine)
    with Session(engine) as s, s.begin():
        edited = editing.edit_record(s, "financing", added.record_id, {"stage": "committed"})
    with Session(engine) as s, s.begin(), pytest.raises(editing.EditError) as caught:
        undo.undo_change_set(s, added.change_set)
    assert f"change set {edited.change_set} (edit" in str(caught.value)
    with Session(engine) as s, s.begin():
        result = undo.undo_change_set(s, added.change_set, with_later=True)
    assert result.undone == (edited.change_set, added.change_set)
    with Session(engine) as s:
        assert s.get(Financing, added.record_id) is None


def test_the_command_line_adds_edits_deletes_and_undoes(db_url):
    added = run_forge("add", "financing", "--db", db_url, "--set", "agency=EXIM",
                      "--set", "recipient=Acme Lithium", "--set", "instrument=direct loan",
                      "--set", "stage=approved", "--set", "amount_usd=up to $400 million",
                      "--source", EXIM_RELEASE.url, "--source-title", EXIM_RELEASE.title,
                      "--source-kind", "official", "--source-lang", "en", "--quote", QUOTE)
    assert added.returncode == 0, added.stderr
    record_id = added.stdout.decode().split()[2]
    edit = run_forge("edit", "financing", record_id, "--db", db_url,
                     "--set", "amount_usd=$450 million", "--reason", "per the filing")
    assert edit.returncode == 0 and "changed 2 fields" in edit.stdout.decode()
    history = json.loads(run_forge("history", "financing", record_id, "--db", db_url,
                                   "--format", "json").stdout)
    assert [(c["kind"], c["reason"]) for c in history][-1] == ("edit", "per the filing")
    change_set = history[-1]["change_set"]
    back = run_forge("undo", str(change_set), "--db", db_url)
    assert back.returncode == 0 and f"undid change set {change_set}" in back.stdout.decode()
    deleted = run_forge("delete", "financing", record_id, "--db", db_url)
    assert deleted.returncode == 0


@pytest.mark.parametrize(("args", "message"), [
    (("edit", "financing", "exim-project-vault", "--set", "agency=NASA"),
     "agency: unknown agency 'NASA'"),
    (("edit", "financing", "exim-project-vault", "--set", "date=2026-13-01"), "date: "),
    (("edit", "financing", "no-such-record", "--set", "stage=funded"), "id: no financing record"),
    (("delete", "financing", "exim-loi-total"), "4 parts"),
    (("add", "financing", "--set", "agency=EXIM", "--quote", "said so"), "quote: a quote needs"),
    (("edit", "financing", "exim-project-vault", "--set", "nonsense"), "COLUMN=VALUE"),
])
@pytest.mark.sqlite_only("compares the SQLite file before and after")
def test_bad_command_line_input_is_one_line_exit_2_and_writes_nothing(db_url, args, message):
    path = Path(db_url.removeprefix("sqlite:///"))
    before = path.read_bytes()
    result = run_forge(*args, "--db", db_url)
    err = result.stderr.decode()
    assert result.returncode == 2 and message in err and err.count("\n") == 1, err
    with sqlite3.connect(path) as con:
        assert con.execute("SELECT count(*) FROM change_sets").fetchone() == (0,)
    assert path.read_bytes() == before  # untouched by the refusal


SCHEMA_4 = Path(__file__).parent / "fixtures" / "schema-4.sql"


def test_a_database_made_by_the_schema_4_release_keeps_its_imports_and_log(tmp_path, monkeypatch):
    """tests/core/fixtures/schema-4.sql: made by the previous release (schema 4) importing
    two records, one with a new agency and instrument (curated rows trimmed: they are
    rebuilt from data/)."""
    path = tmp_path / "forge.sqlite"
    with sqlite3.connect(path) as con:
        con.executescript(SCHEMA_4.read_text(encoding="utf-8"))
    engine = database.open_database(f"sqlite:///{path}")
    try:
        with Session(engine) as s:
            assert s.get(Meta, "schema_version").value == str(SCHEMA_VERSION) == "5"
            kept = s.get(Financing, "rel4-b")
            assert (kept.origin, kept.agency, kept.instrument) == (Origin.IMPORTED, "NSF", "grant")
            (imported,) = s.scalars(select(ChangeSet)).all()
            assert (imported.author, imported.kind) == ("Release4", ChangeKind.IMPORT)
            assert s.scalar(select(func.count()).select_from(Change)) > 0
        with Session(engine) as s, s.begin():  # the new schema's point: records entered in the app
            editing.edit_record(s, "financing", "rel4-a", {"stage": "committed"})
        monkeypatch.setenv(changes.AUTHOR_ENV, "Release4")
        with Session(engine) as s, s.begin(), pytest.raises(editing.EditError, match="later changes"):
            undo.undo_change_set(s, imported.id)
    finally:
        engine.dispose()
    assert (tmp_path / "forge.sqlite.schema-4").exists()


def test_undoing_a_correction_of_a_curated_record_makes_it_curated_again(engine):
    with Session(engine) as s, s.begin():
        edited = editing.edit_record(s, "financing", "exim-project-vault", {"stage": "funded"})
    with Session(engine) as s:
        assert s.get(Financing, "exim-project-vault").origin == Origin.EDITED
        logged = {c.field: (c.before, c.after) for c in changes.history(s, kind=ChangeKind.EDIT)}
        assert logged["origin"] == ("curated", "edited")
    with Session(engine) as s, s.begin():
        (undo_set,) = undo.undo_change_set(s, edited.change_set).change_sets
    with Session(engine) as s:
        assert s.get(Financing, "exim-project-vault").origin == Origin.CURATED  # a refresh may update it
    with Session(engine) as s, s.begin():
        undo.undo_change_set(s, undo_set)  # redo: the user's version again
    with Session(engine) as s:
        record = s.get(Financing, "exim-project-vault")
        assert (record.origin, record.stage) == (Origin.EDITED, "funded")
