"""Sources: every record rests on at least one, each link with its quote in the source's own
language; the shipped report is one; a file of the previous schema keeps its imported records
and gives them the file they came from as their source."""

from __future__ import annotations

import copy
import json
import shutil
import sqlite3
from pathlib import Path

import pytest
from sqlalchemy import func, select
from sqlalchemy.orm import Session

from forge_desktop.core import database, imports, undo
from forge_desktop.core import dataset as curated
from forge_desktop.core.schema import (
    SCHEMA_VERSION,
    SOURCE_LINKS,
    Financing,
    FinancingSource,
    Meta,
    Origin,
    Source,
    SourceKind,
)

from .imports.conftest import financing, write_csv

REPORT = "report-2026-02-forge-mongolia"


def linked_sources(session: Session, model) -> dict[str, list[tuple[str, str | None, str | None]]]:
    """Each record's links: (source, quote, quote language), in order."""
    owner = SOURCE_LINKS[model]
    link = owner.table
    rows = session.execute(select(owner, link.c.source_id, link.c.quote, link.c.quote_lang)
                           .order_by(owner, link.c.position)).all()
    out: dict[str, list] = {}
    for record_id, source, quote, lang in rows:
        out.setdefault(record_id, []).append((source, quote, lang))
    return out


def test_the_shipped_report_is_a_source_with_its_text_beside_the_data(session):
    report = session.get(Source, REPORT)
    assert (report.language, report.kind, report.url, report.origin) == (
        "ru", SourceKind.PRESS, None, Origin.CURATED)
    assert (curated.data_dir() / report.local_copy).is_file()
    text = (curated.data_dir() / report.local_copy).read_text(encoding="utf-8")
    assert text.startswith(report.title)


@pytest.mark.parametrize("model", list(SOURCE_LINKS), ids=lambda m: m.__tablename__)
def test_every_curated_record_rests_on_the_report_quoted_by_its_russian_sentence(session, model):
    links = linked_sources(session, model)
    records = session.execute(select(model.id, model.quote_ru)).all()
    assert records and {rid for rid, _ in records} == set(links)
    for record_id, quote_ru in records:
        assert links[record_id] == [(REPORT, quote_ru, "ru")]


def test_a_record_may_name_its_own_sources_in_the_data():
    ds = curated.read_dataset()
    ds = copy.deepcopy(ds)
    ds.tables["sources"].append({"id": "exim-release", "title": "EXIM release", "language": "en",
                                 "kind": "official", "url": "https://www.exim.gov/x"})
    first = ds["financing"][0]
    first["sources"] = [{"source": "exim-release", "quote": "EXIM approved…", "quote_lang": "en"},
                        {"source": REPORT, "quote": first.get("quote_ru"), "quote_lang": "ru"}]
    curated.check_dataset(ds)
    links = [r for r in curated.build_rows(ds) if isinstance(r, FinancingSource)
             and r.financing_id == first["id"]]
    assert [(r.source_id, r.position, r.quote_lang) for r in links] == [
        ("exim-release", 0, "en"), (REPORT, 1, "ru")]


@pytest.mark.parametrize(("change", "message"), [
    (lambda ds: ds["financing"][0].update(sources=[{"source": "nowhere"}]), "unknown source 'nowhere'"),
    (lambda ds: ds["sources"].append({"id": "second", "title": "t", "language": "en",
                                      "kind": "press", "local_copy": "source/x.txt"}),
     "exactly one source has the local_copy"),
    (lambda ds: ds["sources"][0].update(kind="blog"), "kind 'blog' is not one of"),
    (lambda ds: ds["sources"][0].update(accessed="last week"), "accessed must be a day"),
])
def test_the_data_check_refuses_a_source_it_cannot_trust(change, message):
    ds = copy.deepcopy(curated.read_dataset())
    change(ds)
    with pytest.raises(curated.DatasetError, match=message):
        curated.check_dataset(ds)


def test_an_import_rests_on_its_file_and_undo_takes_that_source_too(engine, tmp_path):
    path = write_csv(tmp_path / "exim-march.csv", [financing("src-1"), financing("src-2")])
    with Session(engine) as s, s.begin():
        result = imports.apply_import(s, imports.plan_import(s, "financing", path))
    with Session(engine) as s:
        links = linked_sources(s, Financing)
        (source_id, quote, lang), = links["src-1"]
        assert links["src-2"] == links["src-1"] and (quote, lang) == (None, None)
        source = s.get(Source, source_id)
        assert source.title.startswith("exim-march.csv, imported ")
        assert (source.origin, source.imported_at, source.kind) == (
            Origin.IMPORTED, result.imported_at, SourceKind.OTHER)
    with Session(engine) as s, s.begin():
        assert undo.undo_last_import(s) == 2
    with Session(engine) as s:
        assert s.get(Source, source_id) is None
        assert s.scalar(select(func.count()).select_from(Source)) == 1  # the report


def schema_3_file(built: Path, path: Path) -> Path:
    """A file as the previous release left it: schema 3 had no sources and no links (this
    schema only adds tables), with one imported record."""
    shutil.copy(built, path)
    con = sqlite3.connect(path)
    with con:
        for table in ("participant_sources", "agreement_sources", "financing_sources", "sources",
                      "changes", "change_sets"):
            con.execute(f"DROP TABLE {table}")
        con.execute("UPDATE meta SET value = '3' WHERE key = 'schema_version'")
        con.execute(
            "INSERT INTO financing (id, agency, recipient, instrument, stage, amount_usd, "
            "amount_qualifier, summary, origin, imported_at, search_text, is_aggregate) VALUES "
            "('v3-import', 'DOE', 'Imported Co', 'equity', 'announced', 5000000, 'exact', "
            "'Imported before sources.', 'imported', '2026-11-30 10:00:00.000000', '', 0)")
    con.close()
    return path


def test_a_schema_3_file_keeps_its_imports_and_they_rest_on_the_file_they_came_from(
        tmp_path, curated_db_file):
    path = schema_3_file(curated_db_file, tmp_path / "forge.sqlite")
    engine = database.open_database(f"sqlite:///{path}")
    try:
        with Session(engine) as s:
            assert s.get(Meta, "schema_version").value == str(SCHEMA_VERSION) == "5"
            record = s.get(Financing, "v3-import")
            assert (record.origin, record.amount_usd) == (Origin.IMPORTED, 5_000_000)
            links = linked_sources(s, Financing)
            (source_id, _, _), = links["v3-import"]
            assert s.get(Source, source_id).title == "File imported 2026-11-30 10:00:00 UTC"
            assert all(links[f] == [(REPORT, q, "ru")] for f, q in s.execute(
                select(Financing.id, Financing.quote_ru).where(Financing.origin == Origin.CURATED)))
    finally:
        engine.dispose()
    assert (tmp_path / "forge.sqlite.schema-3").exists()  # the old file, kept beside


def test_the_command_line_lists_each_source_with_the_records_it_supports(db_url, engine, tmp_path):
    from ..conftest import run_forge

    path = write_csv(tmp_path / "exim-march.csv", [financing("src-1"), financing("src-2")])
    with Session(engine) as s, s.begin():
        imports.apply_import(s, imports.plan_import(s, "financing", path))
    done = run_forge("sources", "--db", db_url, "--format", "json")
    assert (done.returncode, done.stderr) == (0, b"")
    listed = json.loads(done.stdout)
    assert listed[0]["id"] == REPORT  # the most used first
    assert listed[0]["records"] == {"participants": 55, "agreements": 17, "financing": 35}
    assert listed[1]["title"].startswith("exim-march.csv, imported ")
    assert (listed[1]["records"]["financing"], listed[1]["total"]) == (2, 2)

    table = run_forge("sources", "--db", db_url).stdout.decode()
    assert table.startswith(f"{REPORT}\n  Монголия присоединилась")
    assert "  press · ru\n  55 participants, 17 agreements, 35 financing\n" in table
    assert "  other · und\n  2 financing\n" in table
    csv_lines = run_forge("sources", "--db", db_url, "--format", "csv").stdout.decode().splitlines()
    assert csv_lines[0] == ("id,title,publisher,published,kind,language,url,participants,"
                            "agreements,financing,total")
    assert csv_lines[1].endswith(",press,ru,,55,17,35,107")
