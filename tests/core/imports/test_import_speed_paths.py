"""The fast paths of a large import keep its guarantees: the rows written in bulk are the
rows the dataset's builders make, the change log lists every field of every record in
order, an import split into chunks (parents in one, parts in a later one) is written and
undone whole, progress counts up to the total, and Cancel, during the check or midway
through the writing, leaves the database exactly as it was."""

from __future__ import annotations

import datetime as dt
from collections import defaultdict
from pathlib import Path

import pytest
from hypothesis import given
from hypothesis import strategies as st
from sqlalchemy import inspect, select, text
from sqlalchemy.orm import Session

from forge_desktop.core import changes, dataset, imports, stored_records, undo
from forge_desktop.core.imports import ImportCancelled
from forge_desktop.core.imports import apply as apply_module
from forge_desktop.core.imports.cells import parse_money
from forge_desktop.core.imports.records import _money
from forge_desktop.core.schema import ChangeKind, ChangeSet, Financing, Origin

from .conftest import dump, financing, ids, import_file, plan_for, stored, write_csv

AT = dt.datetime(2026, 3, 4, 5, 6, 7)  # microseconds 0: stored with them all the same


def full_dump(engine) -> dict[str, list[str]]:
    """Every row of every table, the search index's own tables included."""
    with engine.connect() as connection:
        return {table: sorted(repr(tuple(row)) for row in
                              connection.execute(text(f'SELECT * FROM "{table}"')))
                for table in inspect(connection).get_table_names()}


def rows_file(tmp_path: Path, count: int, **fields) -> Path:
    return write_csv(tmp_path / f"rows-{count}.csv", [
        financing(f"bulk-{n:03d}", minerals="lithium; copper", locations="USA; Tennessee",
                  date="2025-10", **fields) for n in range(count)])


# --------------------------------------------------------------------------- the rows


def _orm_rows(objects) -> dict:
    """The dataset builder's objects as the column values they insert, by table."""
    rows = defaultdict(list)
    for obj in objects:
        rows[obj.__table__].append({c.name: obj.__dict__.get(c.key) for c in obj.__table__.columns})
    return rows


@pytest.mark.sqlite_only("the rows, built in Python: the same for every database")
@pytest.mark.parametrize("table", ["financing", "participants", "agreements"])
def test_the_bulk_rows_are_the_rows_the_dataset_builds(session, table):
    names = stored_records.names(session)
    curated = dataset.read_dataset()
    shipped = dataset.shipped_source(curated)
    builder = {"financing": dataset.financing_rows, "participants": dataset.participant_rows,
               "agreements": dataset.agreement_rows}[table]
    for record in curated[table]:
        record = dataset.with_sources(record, shipped)
        expected = _orm_rows(builder(record, names, Origin.IMPORTED, AT))
        written: dict = defaultdict(list)
        apply_module.ROW_WRITERS[table](record, names, AT, None, written)
        complete = {t: [{c.name: row.get(c.name) for c in t.columns} for row in rows]
                    for t, rows in written.items() if rows}
        assert complete == {t: rows for t, rows in expected.items() if rows}, record["id"]


def test_a_record_naming_no_source_rests_on_the_file(engine, tmp_path):
    result = import_file(engine, "financing", rows_file(tmp_path, 3))
    with engine.connect() as connection:
        links = connection.execute(text(
            "SELECT financing_id, source_id, position, quote, quote_lang, quote_en "
            "FROM financing_sources WHERE financing_id LIKE 'bulk-%' ORDER BY financing_id")).all()
    file = f"import-{result.imported_at:%Y%m%d-%H%M%S-%f}"
    assert [tuple(link) for link in links] == [(f"bulk-{n:03d}", file, 0, None, None, None)
                                               for n in range(3)]


@given(st.text("0123456789", min_size=1, max_size=18))
def test_plain_digits_read_as_parse_money_reads_them(digits):
    assert _money(digits) == parse_money(digits)


def test_a_new_place_many_rows_name_is_added_once_and_each_row_names_it(engine, tmp_path):
    # Looked up in ISO 3166 once: the rows after the first find what the first row found.
    path = write_csv(tmp_path / "places.csv", [
        financing(f"place-{n}", locations=names)
        for n, names in enumerate(["Индонезия", "Indonesia; Чили", "индонезия", "IDN", "Chile"])])
    plan = plan_for(engine, "financing", path)
    assert plan.ok, plan.report()
    assert sorted(plan.new_locations) == ["CHL", "IDN"]
    assert [r["locations"] for r in plan.records] == [["IDN"], ["IDN", "CHL"], ["IDN"], ["IDN"],
                                                      ["CHL"]]
    again = plan_for(engine, "financing", path)  # a plan of its own notes them again
    assert sorted(again.new_locations) == ["CHL", "IDN"]


# --------------------------------------------------------------------------- the log

ODD_TEXT = 'He said "stop" \\ — «Литий» ⛏️\tand\nthen\u2028'


@pytest.mark.parametrize("json_each", [True, False], ids=["json_each", "a row a field"])
def test_the_log_lists_each_record_field_by_field_in_order(engine, tmp_path, monkeypatch, json_each):
    if not json_each:  # as on a SQLite without its JSON functions (and on PostgreSQL)
        monkeypatch.setattr(changes, "_has_json_each", lambda connection: False)
    path = write_csv(tmp_path / "odd.csv", [
        financing("log-agg", is_aggregate="true", recipient=ODD_TEXT, quantity="0.000125",
                  quantity_unit="t", minerals="lithium; copper"),
        financing("log-part", parent_id="log-agg", recipient_ru="Медь «Урал»", summary="",
                  amount_usd="up to $1.25 billion", locations="US-TN; USA")])
    with Session(engine) as s, s.begin():
        plan = imports.plan_import(s, "financing", path)
        records = plan.records
        imports.apply_import(s, plan)
    with Session(engine) as s:
        change_set = s.scalars(select(ChangeSet).where(ChangeSet.kind == ChangeKind.IMPORT)).one()
        logged = changes.change_set_changes(s, change_set.id).changes

    def given_value(value) -> bool:  # what the log keeps of a record: 0 is a value
        return not (value is None or value is False
                    or (isinstance(value, str | list | dict) and not value))

    assert [(c.record_id, c.field, c.after) for c in logged] == [
        (record["id"], name, value) for record in records for name, value in record.items()
        if given_value(value)]
    assert {c.action for c in logged} == {"added"} and {c.before for c in logged} == {None}


# --------------------------------------------------------------------------- chunks


def test_an_import_of_many_chunks_is_written_and_undone_whole(engine, tmp_path, monkeypatch):
    monkeypatch.setattr(apply_module, "CHUNK", 2)
    before = dump(engine)
    import_file(engine, "financing", write_csv(tmp_path / "chunks.csv", [
        financing("chunk-part", parent_id="chunk-mid"),  # its parents go in chunks before it
        financing("chunk-mid", is_aggregate="true", parent_id="chunk-top"),
        *[financing(f"chunk-{n}") for n in range(4)],
        financing("chunk-top", is_aggregate="true")]))

    assert stored(engine, Financing, "chunk-part").parent_id == "chunk-mid"
    assert {"chunk-top", "chunk-0", "chunk-3"} <= ids(engine, Financing)
    with Session(engine) as s, s.begin():
        assert undo.undo_last_import(s) == 7
    assert dump(engine) == before


def test_progress_counts_up_to_the_total(engine, tmp_path, monkeypatch):
    monkeypatch.setattr(apply_module, "CHUNK", 4)
    monkeypatch.setattr(imports.plan, "STEP", 3)
    checked, written = [], []
    with Session(engine) as s, s.begin():
        plan = imports.plan_import(s, "financing", rows_file(tmp_path, 10),
                                   progress=lambda done, total: checked.append((done, total)))
        imports.apply_import(s, plan, progress=lambda done, total: written.append((done, total)))

    assert checked == [(3, 10), (6, 10), (9, 10), (10, 10)]
    assert written == [(4, 10), (8, 10), (10, 10)]


# --------------------------------------------------------------------------- cancel


def _file_bytes(engine) -> bytes | None:
    database = engine.url.database
    return Path(database).read_bytes() if engine.dialect.name == "sqlite" and database else None


def test_cancel_while_checking_writes_nothing(engine, tmp_path):
    path = rows_file(tmp_path, 5)
    with Session(engine) as s, pytest.raises(ImportCancelled, match="cancelled; nothing"):
        imports.plan_import(s, "financing", path, cancelled=lambda: True)


def test_cancel_midway_leaves_the_database_as_it_was(engine, tmp_path, monkeypatch):
    monkeypatch.setattr(apply_module, "CHUNK", 4)
    path = rows_file(tmp_path, 10, source_url="https://example.org/award",
                     source_title="An award", quote="It was awarded.")
    before, before_bytes = full_dump(engine), _file_bytes(engine)
    asked = []

    def cancelled() -> bool:  # after the first chunk is written, with its new source
        asked.append(True)
        return len(asked) == 2

    with (pytest.raises(ImportCancelled, match="cancelled; nothing was imported"),
          Session(engine) as s, s.begin()):
        plan = imports.plan_import(s, "financing", path)
        imports.apply_import(s, plan, cancelled=cancelled)

    assert len(asked) == 2
    assert full_dump(engine) == before
    assert _file_bytes(engine) == before_bytes
    result = import_file(engine, "financing", path)  # the next import finds nothing left over
    assert result.records == 10
