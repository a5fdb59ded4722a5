"""Writing and undoing: round trips of our own exports, all or nothing, origin and time,
undo, imported values the curated data adopts, and random files."""

from __future__ import annotations

import csv
import datetime as dt
import io

import pytest
from hypothesis import HealthCheck, event, given, settings
from hypothesis import strategies as st
from sqlalchemy import select, text
from sqlalchemy.orm import Session

from forge_desktop.core import counting, database, dataset, exports, imports, undo
from forge_desktop.core.imports import ImportFileError
from forge_desktop.core.query import Query, count, fetch, stream
from forge_desktop.core.schema import AgencyRow, Agreement, AgreementParty, Financing, Location, Origin, Participant

from .conftest import comparable, dump, empty_table, financing, ids, import_file, stored, stored_financing, write_csv

TABLES = ("participants", "agreements", "financing")
FORMATS = ("csv", "json", "xlsx")


# --------------------------------------------------------------------------- round trip


@pytest.mark.parametrize("fmt", FORMATS)
@pytest.mark.parametrize("table", TABLES)
def test_own_export_imports_back_into_an_empty_table_unchanged(engine, tmp_path, table, fmt):
    query = Query(table)
    path = tmp_path / f"{table}.{fmt}"
    with Session(engine) as s:
        before = fetch(s, query)
        written = exports.write(path, fmt, query.output_columns, stream(s, query), title=table)
    names = [c.name for c in before.columns]
    assert written == len(before.rows) > 10
    with Session(engine) as s, s.begin():
        empty_table(s, table)
    with Session(engine) as s:
        assert count(s, query) == 0

    with Session(engine) as s, s.begin():
        plan = imports.plan_import(s, table, path)
        assert plan.issues == []
        assert plan.unknown_headers == []
        result = imports.apply_import(s, plan)

    assert result.records == len(before.rows)
    with Session(engine) as s:
        after = fetch(s, query)
    assert comparable(after.rows, names) == comparable(before.rows, names)
    assert {row[names.index("origin")] for row in after.rows} == {"imported"}


# --------------------------------------------------------------------------- writing


def test_a_part_listed_before_its_nested_parent_imports(engine, tmp_path):
    import_file(engine, "financing", write_csv(tmp_path / "nested.csv", [
        financing("nest-c", parent_id="nest-b"),
        financing("nest-b", is_aggregate="true", parent_id="nest-a"),
        financing("nest-a", is_aggregate="true")]))

    assert stored(engine, Financing, "nest-c").parent_id == "nest-b"
    assert stored(engine, Financing, "nest-b").parent_id == "nest-a"
    with Session(engine) as s, s.begin():
        assert undo.undo_last_import(s) == 3
    assert {"nest-a", "nest-b", "nest-c"}.isdisjoint(ids(engine, Financing))


def test_a_file_with_one_bad_row_writes_nothing(engine, tmp_path):
    rows = [financing(f"good-{n}") for n in range(5)] + [financing("bad", stage="dreaming")]
    path = write_csv(tmp_path / "one-bad.csv", rows)
    before = dump(engine)

    with pytest.raises(ImportFileError, match="row 6, stage: error: unknown stage 'dreaming'"):
        import_file(engine, "financing", path)

    assert dump(engine) == before


def test_imported_records_carry_their_origin_and_import_time(engine, tmp_path):
    started = dt.datetime.now(dt.UTC).replace(tzinfo=None)
    result = import_file(engine, "financing", write_csv(tmp_path / "new.csv", [
        financing("mark-1", minerals="lithium", locations="USA"), financing("mark-2")]))
    finished = dt.datetime.now(dt.UTC).replace(tzinfo=None)

    assert (result.table, result.records) == ("financing", 2)
    assert started <= result.imported_at <= finished
    for id in ("mark-1", "mark-2"):
        record = stored(engine, Financing, id)
        assert (record.origin, record.imported_at) == (Origin.IMPORTED, result.imported_at)
    with Session(engine) as s:
        assert undo.last_import(s) == (result.imported_at, 2)
        curated = s.scalars(select(Financing.origin).where(Financing.id == "exim-project-vault"))
        assert curated.one() == Origin.CURATED
    stamp = result.imported_at.isoformat(sep=" ", timespec="seconds")  # the file is the source
    assert stored_financing(engine, "mark-1")["source"] == f"new.csv, imported {stamp} UTC"


# --------------------------------------------------------------------------- undo


def test_undo_removes_exactly_the_last_import(engine, tmp_path):
    original = dump(engine)
    import_file(engine, "financing", write_csv(tmp_path / "first.csv", [
        financing("first-1", minerals="lithium", locations="USA")]))
    after_first = dump(engine)
    import_file(engine, "financing", write_csv(tmp_path / "second.csv", [
        financing("second-agg", is_aggregate="true"),
        financing("second-part", parent_id="second-agg", minerals="copper; gold",
                  locations="US-TN")]))

    with Session(engine) as s, s.begin():
        assert undo.undo_last_import(s) == 2
    assert dump(engine) == after_first
    assert "first-1" in ids(engine, Financing)

    with Session(engine) as s, s.begin():
        assert undo.undo_last_import(s) == 1
    assert dump(engine) == original

    with Session(engine) as s, s.begin():
        assert undo.undo_last_import(s) == 0
    assert dump(engine) == original


def test_undo_across_tables_takes_the_latest_import_only(engine, tmp_path):
    import_file(engine, "participants", write_csv(tmp_path / "p.csv", [
        {"id": "chile", "name": "Chile", "iso3": "CHL", "region": "Americas", "summary": "s"}]))
    import_file(engine, "agreements", write_csv(tmp_path / "a.csv", [
        {"id": "us-chile", "kind": "memorandum", "title": "T", "parties": "USA; CHL",
         "status": "signed", "summary": "s"}]))

    with Session(engine) as s, s.begin():
        assert undo.undo_last_import(s) == 1
    assert "us-chile" not in ids(engine, Agreement)
    assert "chile" in ids(engine, Participant)
    with Session(engine) as s:
        assert s.scalar(select(AgreementParty).where(AgreementParty.agreement_id == "us-chile")) is None


def test_undo_removes_the_places_and_values_the_import_added(engine, tmp_path):
    original = dump(engine)
    import_file(engine, "financing", write_csv(tmp_path / "new.csv", [
        financing("new-1", agency="NSF", stage="scoping", locations="Chile; CL-AN")]),
        accept=[("agency", "NSF"), ("stage", "scoping")])
    with Session(engine) as s:
        assert {"CHL", "CL-AN"} <= set(s.scalars(select(Location.code)))

    with Session(engine) as s, s.begin():
        assert undo.undo_last_import(s) == 1
    assert dump(engine) == original


# --------------------------------------------------------------------------- new values


def curated_data_adds_nsf(monkeypatch) -> None:
    """A data update whose agencies.yaml names NSF (spelled its own way)."""
    real = dataset.read_dataset

    def with_nsf():
        ds = real()
        ds.tables["agencies"] = [*ds["agencies"], {"code": "NSF", "name": "National Science "
                                                   "Foundation"}]
        return ds

    monkeypatch.setattr(dataset, "read_dataset", with_nsf)


def test_data_that_adopts_an_imported_value_takes_over_its_records(engine, tmp_path,
                                                                    monkeypatch):
    import_file(engine, "financing", write_csv(tmp_path / "nsf.csv", [
        financing("nsf-1", agency="nsf", locations="Chile")]), accept=[("agency", "nsf")])
    curated_data_adds_nsf(monkeypatch)
    with Session(engine) as s, s.begin():
        database.sync_curated(s)  # a data update that names NSF, spelled its own way
    with Session(engine) as s:
        assert s.scalar(select(Financing.agency).where(Financing.id == "nsf-1")) == "NSF"
        assert [a.code for a in s.scalars(select(AgencyRow).where(AgencyRow.key == "nsf"))] == ["NSF"]
        assert s.get(AgencyRow, "NSF").origin == Origin.CURATED
        if engine.dialect.name == "sqlite":  # PostgreSQL checks each key as it is written
            assert s.execute(text("PRAGMA foreign_key_check")).first() is None
    with Session(engine) as s, s.begin():
        assert undo.undo_last_import(s) == 1  # the record goes; curated NSF stays
    with Session(engine) as s:
        assert s.get(AgencyRow, "NSF") is not None and "nsf-1" not in ids(engine, Financing)


def test_rebuild_keeps_records_of_an_imported_value_the_data_now_spells_otherwise(
        db_url, engine, tmp_path, monkeypatch):
    import_file(engine, "financing", write_csv(tmp_path / "nsf.csv", [
        financing("nsf-1", agency="nsf")]), accept=[("agency", "nsf")])
    engine.dispose()
    curated_data_adds_nsf(monkeypatch)
    database.rebuild(db_url)
    rebuilt = database.open_database(db_url)
    try:
        with Session(rebuilt) as s:
            assert s.scalar(select(Financing.agency).where(Financing.id == "nsf-1")) == "NSF"
            if engine.dialect.name == "sqlite":  # PostgreSQL checks keys as they are written
                assert s.execute(text("PRAGMA foreign_key_check")).first() is None
    finally:
        rebuilt.dispose()


def test_a_new_agency_appears_in_totals_and_search(engine, tmp_path):
    import_file(engine, "financing", write_csv(tmp_path / "nsf.csv", [
        financing("nsf-1", agency="National Science Foundation", amount_usd="$5 million")]),
        accept=[("agency", "National Science Foundation")])

    with Session(engine) as s:
        groups = {g.key: g.amount_usd for g in counting.totals(s, Query("financing")).groups}
        assert groups["National Science Foundation"] == 5_000_000
        assert count(s, Query("financing", search="science foundation")) == 1


# --------------------------------------------------------------------------- random files


# Per column: how it may be spelt in a header, and values that pass; BAD values fail somewhere.
COLUMNS = {
    "id": (["id", " ID "], ["h-{n}", "h-{n}", ""]),
    "agency": (["agency", "AGENCY"], ["DOD", "exim", "Dfc"]),
    "recipient": (["recipient", "Recipient / programme", "Company"],
                  ["Orion", "Проект «Хранилище»", '=HYPERLINK("x","y")', "'=1+1", "a, b; c",
                   'say "hi"', "two\nlines", "@SUM(A1)"]),
    "instrument": (["instrument"], ["equity", "letter of interest", "Direct-loan"]),
    "stage": (["stage", "Stage"], ["announced", "approved", "letter_of_intent"]),
    "amount_usd": (["amount_usd", "Amount (USD)", "amount"],
                   ["5M", "up to $400 million", "1,25 млрд", "$325-million", "1 250 000", ""]),
    "summary": (["summary"], ["s", "", "Кредит"]),
    "minerals": (["minerals", "Mineral"], ["lithium; copper", "Gallium", ""]),
    "locations": (["locations", "country"], ["USA", "Nevada", "Chile", "US-TN; JAM", ""]),
    "date": (["date", "Date"], ["Oct 2025", "2025", "December 08, 2022", ""]),
    "parent_id": (["parent_id", "Part of"], ["", "exim-loi-total"]),
    "is_aggregate": (["is_aggregate"], ["true", "", "no"]),
    "bogus": (["bogus", "Colour"], ["blue", ""]),
}


REQUIRED = ["id", "agency", "recipient", "instrument", "stage"]


BAD = {"id": ["exim-project-vault", "h-1"], "agency": ["NASA", ""], "instrument": ["grant"],
       "stage": ["dreaming", ""], "amount_usd": ["-3", "1e30", "$2e7 trillion", "lots"],
       "minerals": ["unobtainium"], "locations": ["Atlantis"], "date": ["2025-13-01"],
       "parent_id": ["exim-project-vault", "no-such-parent", "h-1", "h-2"],
       "is_aggregate": ["maybe", "true"], "recipient": ["", '"', "\x00"]}


def bad(column: str):
    """One of the column's bad values, or any short text."""
    choices = [st.just(value) for value in BAD.get(column, ["x"])]
    return st.one_of(*choices, st.text(max_size=10))


@st.composite
def csv_files(draw) -> bytes:
    """Plausible financing files, spoilt now and then by a bad value or two, a missing or
    surplus cell, a missing column, or quotes and delimiters where a hand-made file breaks."""
    optional = [c for c in COLUMNS if c not in REQUIRED]
    columns = draw(st.permutations(REQUIRED + draw(st.lists(st.sampled_from(optional),
                                                            unique=True, max_size=6))))
    if draw(st.integers(0, 9)) == 0:
        columns = columns[1:]
    headers = [draw(st.sampled_from(COLUMNS[c][0])) for c in columns]
    rows = [[draw(st.sampled_from([v.format(n=number) for v in COLUMNS[c][1]])) for c in columns]
            for number in range(draw(st.integers(0, 4)))]
    for _ in range(draw(st.sampled_from([0, 1, 1, 2])) if rows else 0):
        row, column = draw(st.sampled_from(range(len(rows)))), draw(st.sampled_from(columns))
        rows[row][columns.index(column)] = draw(bad(column))
    if rows and draw(st.integers(0, 9)) == 0:
        rows[-1] = draw(st.sampled_from([rows[-1][:-1], [*rows[-1], "surplus"]]))
    delimiter = draw(st.sampled_from([",", ";", "\t", "|"]))
    if draw(st.integers(0, 4)):  # quoted as a spreadsheet writes it
        buffer = io.StringIO()
        csv.writer(buffer, delimiter=delimiter).writerows([headers, *rows])
        content = buffer.getvalue()
    else:  # joined by hand: quotes, delimiters and newlines inside cells break it
        content = "\n".join(delimiter.join(row) for row in [headers, *rows])
    encoding = draw(st.sampled_from(["utf-8", "utf-8-sig", "cp1251"]))
    return content.encode(encoding, errors="replace")


_BEFORE: dict[int, dict] = {}  # each example leaves the database as it found it (asserted)


@settings(max_examples=80, deadline=None,
          suppress_health_check=[HealthCheck.function_scoped_fixture, HealthCheck.too_slow])
@given(data=csv_files())
def test_a_random_csv_changes_nothing_unless_it_imports(engine, tmp_path, data):
    path = tmp_path / "random.csv"
    path.write_bytes(data)
    if id(engine) not in _BEFORE:
        _BEFORE.clear()
        _BEFORE[id(engine)] = dump(engine)
    before = _BEFORE[id(engine)]
    old_ids = ids(engine, Financing)

    try:
        with Session(engine) as s, s.begin():
            plan = imports.plan_import(s, "financing", path)
            result = imports.apply_import(s, plan)
    except ImportFileError as exc:
        event("refused: " + ("row errors" if "nothing was imported" in str(exc) else "file"))
        assert dump(engine) == before
        return

    event(f"imported {min(result.records, 2)}+ records")
    assert plan.ok
    assert ids(engine, Financing) == old_ids | {r["id"] for r in plan.records}
    assert len(ids(engine, Financing)) == len(old_ids) + result.records
    after = dump(engine)
    for table in ("participants", "participant_roles", "agreements", "agreement_parties"):
        assert after[table] == before[table]
    with Session(engine) as s, s.begin():
        assert undo.undo_last_import(s) == result.records
    restored = dump(engine)
    assert restored == before  # places and vocabulary values it added go too

