"""Exports with their sources: the sources column in CSV, JSON and XLSX, the workbook's
Sources sheet, the data's version, and the command line's --with-sources."""

from __future__ import annotations

import csv
import datetime as dt
import json

import pytest
from openpyxl import load_workbook
from sqlalchemy import select
from sqlalchemy.orm import Session

from forge_desktop.core import changes, exports, sources
from forge_desktop.core.exports import WithSources
from forge_desktop.core.query import Condition, Op, Query, stream, stream_positions
from forge_desktop.core.schema import ChangeKind, Financing, FinancingSource, Origin, Source

from ...conftest import run_forge

HELD = "https://www.exim.gov/news/exim-approves-project-vault"
QUOTE_EN = "The board approved a direct loan of up to $10 billion."
EXIM = Query("financing", filters=(Condition("agency", Op.EQ, "EXIM"),),
             columns=("id", "recipient", "amount_usd"))


@pytest.fixture
def release(engine) -> str:
    """EXIM's own release, entered as a second source of Project Vault, quoted in English."""
    with Session(engine) as s, s.begin():
        source_id = sources.source_for(s, sources.SourceFields(
            url=HELD, title="EXIM approves Project Vault", publisher="Export-Import Bank",
            published="2026-02-02", language="en", kind="official"), origin=Origin.ENTERED)
        s.add(FinancingSource(financing_id="exim-project-vault", source_id=source_id, position=1,
                              quote=QUOTE_EN, quote_lang="en"))
    return source_id


def report(session) -> tuple[str, str]:
    """The shipped report's title, and Project Vault's sentence of it."""
    title = session.scalar(select(Source.title).where(Source.local_copy.is_not(None)))
    return title, session.get(Financing, "exim-project-vault").quote_ru


def export(session, query: Query, path, fmt: str, *, headers=None) -> WithSources:
    cited = WithSources(query, fmt)
    exports.write(path, fmt, cited.columns, cited.cite(session, stream(session, cited.query)),
                  headers=headers, title=query.table, sources=cited)
    return cited


def by_id(rows: list[dict]) -> dict[str, dict]:
    return {row["id"]: row for row in rows}


# --------------------------------------------------------------------------- the column


def test_csv_cites_each_source_in_one_cell_main_source_first(session, tmp_path, release):
    path = tmp_path / "exim.csv"
    export(session, EXIM, path, "csv")
    with open(path, newline="", encoding="utf-8") as handle:
        rows = list(csv.DictReader(handle))
    assert list(rows[0]) == ["id", "recipient", "amount_usd", "sources"]
    title, quote_ru = report(session)
    assert by_id(rows)["exim-project-vault"]["sources"] == (
        f"{title}: “{quote_ru}” (ru) | EXIM approves Project Vault — Export-Import Bank, "
        f"2 Feb 2026, {HELD}: “{QUOTE_EN}” (en)")
    assert " | " not in by_id(rows)["exim-reko-diq"]["sources"]


def test_json_gives_each_source_as_an_object(session, tmp_path, release):
    path = tmp_path / "exim.json"
    export(session, EXIM, path, "json")
    vault = by_id(json.loads(path.read_text(encoding="utf-8")))["exim-project-vault"]
    main, second = vault["sources"]
    title, quote_ru = report(session)
    assert (main["title"], main["quote"], main["quote_lang"], main["url"]) == (
        title, quote_ru, "ru", None)
    assert second == {"id": release, "title": "EXIM approves Project Vault",
                      "publisher": "Export-Import Bank", "url": HELD, "published": "2026-02-02",
                      "kind": "official", "language": "en", "quote": QUOTE_EN,
                      "quote_lang": "en", "quote_en": None}


def test_the_sources_column_takes_the_place_of_the_list_of_titles(session, tmp_path):
    query = Query("financing", columns=("recipient", "sources", "amount_usd"))
    path = tmp_path / "f.json"
    cited = export(session, query, path, "json")
    assert [c.name for c in cited.columns] == ["recipient", "sources", "amount_usd"]
    record = json.loads(path.read_text(encoding="utf-8"))[0]
    assert list(record) == ["recipient", "sources", "amount_usd"]  # the id read, not written
    assert isinstance(record["sources"][0], dict)


def test_selected_positions_are_cited_too(session, tmp_path):
    cited = WithSources(EXIM, "csv")
    rows = list(cited.cite(session, stream_positions(session, cited.query, [(1, 2)])))
    assert len(rows) == 2 and all(len(row) == 4 and row[3] for row in rows)


def test_the_sources_table_cannot_be_cited(session):
    with pytest.raises(ValueError, match="not a table of records"):
        WithSources(Query("sources"), "csv")


# --------------------------------------------------------------------------- the workbook


def test_a_workbook_lists_the_sources_its_records_rest_on(session, tmp_path, release):
    path = tmp_path / "exim.xlsx"
    cited = export(session, EXIM, path, "xlsx")
    book = load_workbook(path)
    assert book.sheetnames == ["financing", "Sources"]
    sheet = book["Sources"]
    rows = [[c.value for c in row] for row in sheet.iter_rows()]
    assert rows[0] == ["id", "citation", "title", "publisher", "published", "kind", "language",
                       "url", "records"]
    exim = len(list(stream(session, EXIM)))
    title, _ = report(session)
    assert rows[1][2:] == [title, None, None, "press", "ru", None, exim]  # every EXIM record
    assert rows[2] == [release, f"Export-Import Bank (2 Feb 2026). EXIM approves Project Vault. "
                                f"{HELD}", "EXIM approves Project Vault", "Export-Import Bank",
                       dt.datetime(2026, 2, 2), "official", "en", HELD, 1]
    assert sheet["E3"].number_format == "yyyy-mm-dd"
    assert rows[3] == [None] * 9  # a blank line, then the data's version
    assert rows[-1][0] == cited.as_of_text() == book.properties.description


def test_the_workbook_states_the_data_version(session, tmp_path):
    change_set = changes.begin(session, ChangeKind.EDIT, reason="a test's change",
                               at=dt.datetime(2026, 12, 1, 9, 30))
    session.flush()
    assert changes.data_version(session) == (change_set.id, dt.datetime(2026, 12, 1, 9, 30))
    path = tmp_path / "v.xlsx"
    export(session, EXIM, path, "xlsx")
    expected = f"Data as of change {change_set.id}, 2026-12-01 09:30:00 UTC"
    assert load_workbook(path).properties.description == expected


def test_before_any_change_the_data_is_as_shipped(session, tmp_path):
    assert changes.data_version(session) is None  # the database as built from data/
    path = tmp_path / "shipped.xlsx"
    export(session, EXIM, path, "xlsx")
    assert load_workbook(path).properties.description == "Data as shipped: nothing has been changed"
    assert exports.as_of_text((7, dt.datetime(2026, 1, 2, 3, 4, 5))) == (
        "Data as of change 7, 2026-01-02 03:04:05 UTC")


def test_an_on_screen_workbook_heads_its_sources_sheet_with_labels(session, tmp_path):
    path = tmp_path / "screen.xlsx"
    cited = WithSources(EXIM, "xlsx")
    rows = exports.screen_rows(cited.columns, cited.cite(session, stream(session, cited.query)))
    exports.write(path, "xlsx", cited.columns, rows, title="financing", sources=cited,
                  headers=exports.screen_headers(cited.columns))
    book = load_workbook(path)
    assert [c.value for c in next(book["financing"].iter_rows())][-1] == "Sources"
    assert [c.value for c in next(book["Sources"].iter_rows())] == [
        "ID", "Source", "Title", "Publisher", "Published", "Kind", "Language", "URL", "Records"]


# --------------------------------------------------------------------------- command line


def test_the_command_line_exports_with_sources(db_url, tmp_path):
    path = tmp_path / "exim.csv"
    result = run_forge("export", "financing", "--where", "agency = EXIM", "--columns",
                       "recipient,amount_usd", "--with-sources", "-o", str(path), "--db", db_url)
    assert result.returncode == 0, result.stderr
    assert "Data as" in result.stderr.decode()
    with open(path, newline="", encoding="utf-8") as handle:
        header, first, *_ = list(csv.reader(handle))
    assert header == ["recipient", "amount_usd", "sources"] and first[2].startswith("Монголия")
    plain = run_forge("export", "financing", "--where", "agency = EXIM", "--columns",
                      "recipient,amount_usd", "--db", db_url)
    assert plain.stdout.decode().splitlines()[0] == '"recipient","amount_usd"'


def test_the_command_line_refuses_sources_of_the_sources_table(db_url):
    result = run_forge("export", "sources", "--with-sources", "--db", db_url)
    assert result.returncode == 2
    assert "--with-sources" in result.stderr.decode()
