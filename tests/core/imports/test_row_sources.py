"""Rows that name their source: the source columns, new sources shared by the rows naming
them, sources the database holds reused, the cells checked, undo, and the preview."""

from __future__ import annotations

import datetime as dt

import pytest
from sqlalchemy import func, select
from sqlalchemy.orm import Session

from forge_desktop.core import exports, imports, sources, undo
from forge_desktop.core.query import Query, fetch, stream
from forge_desktop.core.schema import DatePrecision, Financing, FinancingSource, Origin, Source, SourceKind

from .conftest import empty_table, financing, import_file, plan_for, write_csv, write_xlsx

RELEASE = "https://www.defense.gov/News/Releases/Release/Article/4400000/"
QUOTE = "The Department will invest $400 million in the company."
HELD = "https://www.exim.gov/news/exim-approves-project-vault"


def sourced(id: str, **fields) -> dict:
    """A financing row naming the Department of Defense's release as its source."""
    row = financing(id, source_url=RELEASE, source_title="DoD announces an equity investment",
                    source_publisher="U.S. Department of Defense", source_date="2026-02-04",
                    quote=QUOTE, quote_lang="en")
    row.update(fields)
    return row


def links(engine, record_id: str) -> list[tuple[str, str | None, str | None]]:
    with Session(engine) as s:
        return [(link.source_id, link.quote, link.quote_lang) for link in s.scalars(
            select(FinancingSource).where(FinancingSource.financing_id == record_id)
            .order_by(FinancingSource.position))]


def source(engine, source_id: str) -> Source:
    with Session(engine, expire_on_commit=False) as s:
        return s.get(Source, source_id)


def source_count(engine) -> int:
    with Session(engine) as s:
        return s.scalar(select(func.count()).select_from(Source))


@pytest.fixture
def held_source(engine) -> str:
    """A source the database holds already (entered in the app), with a URL."""
    with Session(engine) as s, s.begin():
        return sources.source_for(s, sources.SourceFields(
            url=HELD, title="EXIM approves Project Vault", publisher="EXIM", language="en",
            kind="official"), origin=Origin.ENTERED, at=dt.datetime(2026, 11, 1))


# --------------------------------------------------------------------------- new sources


def test_a_row_with_a_new_source_rests_on_it_with_its_quote(engine, tmp_path):
    result = import_file(engine, "financing", write_csv(tmp_path / "dod.csv", [sourced("dod-eq")]))
    [(source_id, quote, lang)] = links(engine, "dod-eq")
    assert (quote, lang) == (QUOTE, "en")
    added = source(engine, source_id)
    assert (added.url, added.title, added.publisher) == (
        RELEASE, "DoD announces an equity investment", "U.S. Department of Defense")
    assert (added.published, added.published_precision) == (dt.date(2026, 2, 4), DatePrecision.DAY)
    assert (added.language, added.kind) == ("en", SourceKind.OTHER)
    assert (added.origin, added.imported_at) == (Origin.IMPORTED, result.imported_at)


def test_rows_naming_one_new_url_share_one_new_source(engine, tmp_path):
    before = source_count(engine)
    rows = [sourced("dod-1"), sourced("dod-2", source_title="", source_publisher="",
                                      source_date="", quote="", quote_lang=""),
            sourced("dod-3", quote="Another sentence of it.")]
    import_file(engine, "financing", write_csv(tmp_path / "dod.csv", rows))
    assert source_count(engine) == before + 1  # the release; no file source: every row named one
    shared = {links(engine, f"dod-{n}")[0][0] for n in (1, 2, 3)}
    assert len(shared) == 1
    assert links(engine, "dod-2")[0][1:] == (None, None)  # no quote given, none kept


def test_rows_naming_one_new_title_without_a_url_share_it(engine, tmp_path):
    rows = [financing(f"memo-{n}", source_title="Internal memo", source_publisher="DFC")
            for n in (1, 2)]
    import_file(engine, "financing", write_csv(tmp_path / "memo.csv", rows))
    [(first, *_)], [(second, *_)] = links(engine, "memo-1"), links(engine, "memo-2")
    assert first == second and source(engine, first).url is None


def test_a_url_the_database_holds_is_that_source(engine, tmp_path, held_source):
    before = source_count(engine)
    row = financing("vault-2", source_url=HELD, quote="The board approved the loan.")
    plan = plan_for(engine, "financing", write_csv(tmp_path / "vault.csv", [row]))
    assert plan.new_sources == {} and plan.issues == []
    import_file(engine, "financing", write_csv(tmp_path / "vault.csv", [row]))
    assert links(engine, "vault-2") == [(held_source, "The board approved the loan.", "en")]
    assert source_count(engine) == before  # neither a new source nor the file's


def test_a_held_url_with_another_title_keeps_the_held_source_and_says_so(engine, tmp_path,
                                                                         held_source):
    row = financing("vault-3", source_url=HELD, source_title="Something else entirely")
    plan = plan_for(engine, "financing", write_csv(tmp_path / "vault.csv", [row]))
    assert plan.ok and plan.records[0]["sources"][0]["source"] == held_source
    [warning] = [i for i in plan.warnings if i.column == "source_title"]
    assert "EXIM approves Project Vault" in warning.message


def test_rows_without_source_columns_rest_on_the_file_as_before(engine, tmp_path):
    rows = [sourced("with-1"), financing("without-1")]
    result = import_file(engine, "financing", write_csv(tmp_path / "mixed.csv", rows))
    [(file_source, quote, _)] = links(engine, "without-1")
    assert quote is None
    assert source(engine, file_source).title == (
        f"mixed.csv, imported {result.imported_at:%Y-%m-%d %H:%M:%S} UTC")
    assert links(engine, "with-1")[0][0] != file_source


# --------------------------------------------------------------------------- headers


def test_source_headers_are_matched_loosely_and_by_label(engine, tmp_path):
    row = {"ID": "lab-1", "Agency": "DOD", "Recipient": "R", "Instrument": "equity",
           "Stage": "announced", "Summary": "S.", "Source URL": RELEASE,
           "SOURCE-TITLE": "DoD release", "Publisher": "DoD", "Published": "Feb 2026",
           "Quote": QUOTE, "Quote language": "EN"}
    plan = plan_for(engine, "financing", write_csv(tmp_path / "labels.csv", [row]))
    assert plan.unknown_headers == [] and plan.ok, plan.report()
    assert plan.mapping["Quote"] == "quote"  # the source's passage, not quote_ru
    [link] = plan.records[0]["sources"]
    assert (link["quote"], link["quote_lang"]) == (QUOTE, "en")
    assert plan.records[0]["quote_ru"] is None
    new = plan.new_sources[RELEASE]
    assert (new.fields.publisher, new.fields.published) == ("DoD", "2026-02")


def test_an_xlsx_carries_source_columns_too(engine, tmp_path):
    headers = ["id", "agency", "recipient", "instrument", "stage", "summary", "source_url",
               "source_title", "source_date"]
    path = write_xlsx(tmp_path / "dod.xlsx", headers, [
        ["x-1", "DOD", "R", "equity", "announced", "S.", RELEASE, "DoD release",
         dt.datetime(2026, 2, 4)]])
    import_file(engine, "financing", path)
    assert source(engine, links(engine, "x-1")[0][0]).published == dt.date(2026, 2, 4)


# --------------------------------------------------------------------------- checks


@pytest.mark.parametrize(("fields", "column", "message"), [
    ({"source_url": "ftp://files.example.org/release.pdf"}, "source_url",
     "is not a web address: give one that starts with http:// or https://"),
    ({"source_url": "javascript:alert(1)"}, "source_url", "is not a web address"),
    ({"source_title": ""}, "source_title", f"a new source needs a title ({RELEASE} is not in "
                                           "the database yet)"),
    ({"source_date": "2026-02-30"}, "source_date", "2026-02-30"),
    ({"quote_lang": "xx"}, "quote_lang", "'xx' is not a language code"),
    ({"source_kind": "rumour"}, "source_kind", "unknown source kind 'rumour'"),
    ({"source_url": "", "source_title": "", "source_publisher": "", "source_date": ""},
     "quote", "a quote needs its source (source_url or source_title)"),
    ({"source_url": "", "source_title": "", "source_date": "", "quote": "", "quote_lang": ""},
     "source_publisher",
     "describes a source the row does not name"),
])
def test_a_bad_source_cell_is_an_error_of_its_row_and_column(engine, tmp_path, fields, column,
                                                             message):
    rows = [financing("fine-1"), sourced("bad-1", **fields)]
    before = source_count(engine)
    plan = plan_for(engine, "financing", write_csv(tmp_path / "bad.csv", rows))
    errors = [(i.row, i.column) for i in plan.errors]
    assert errors == [(2, column)], plan.report()
    assert message in plan.errors[0].message
    assert 2 not in plan.records_by_row and 1 in plan.records_by_row
    assert source_count(engine) == before


def test_an_impossible_date_is_an_error_even_for_a_held_url(engine, tmp_path, held_source):
    row = financing("vault-4", source_url=HELD, source_date="2026-13")
    plan = plan_for(engine, "financing", write_csv(tmp_path / "vault.csv", [row]))
    assert [(i.row, i.column) for i in plan.errors] == [(1, "source_date")]


def test_checking_writes_no_source(engine, tmp_path):
    before = source_count(engine)
    rows = [sourced("dry-1"), sourced("dry-2", source_url="https://example.org/other",
                                      source_title="Other")]
    plan = plan_for(engine, "financing", write_csv(tmp_path / "dry.csv", rows))
    assert plan.ok and sorted(plan.new_sources) == ["https://example.org/other", RELEASE]
    assert [link["source"] for r in plan.records for link in r["sources"]] == [None, None]
    assert source_count(engine) == before


# --------------------------------------------------------------------------- undo, preview


def test_undo_removes_the_new_sources_and_keeps_a_reused_one(engine, tmp_path, held_source):
    before = source_count(engine)
    rows = [sourced("u-1"), financing("u-2", source_url=HELD), financing("u-3")]
    import_file(engine, "financing", write_csv(tmp_path / "u.csv", rows))
    assert source_count(engine) == before + 2  # the release and the file
    with Session(engine) as s, s.begin():
        assert undo.undo_last_import(s) == 3
    assert source_count(engine) == before
    assert source(engine, held_source) is not None


def test_the_preview_shows_the_source_a_row_gives(engine, tmp_path, held_source):
    rows = [sourced("p-1"), financing("p-2", source_url=HELD), financing("p-3")]
    plan = plan_for(engine, "financing", write_csv(tmp_path / "p.csv", rows))
    shown = [plan.stored_values(record)["source"] for record in plan.records]
    assert shown == ["DoD announces an equity investment", "EXIM approves Project Vault", None]


# --------------------------------------------------------------------------- round trip


@pytest.mark.parametrize("fmt", ["csv", "json", "xlsx"])
def test_an_export_with_sources_imports_back(engine, tmp_path, fmt):
    """The sources column words each source for a reader: the import leaves it be, without a
    warning, and the records come back as they were, resting on the file."""
    query = Query("financing")
    path = tmp_path / f"financing.{fmt}"
    with Session(engine) as s:
        before = fetch(s, query)
        cited = exports.WithSources(query, fmt)
        exports.write(path, fmt, cited.columns, cited.cite(s, stream(s, cited.query)),
                      title="financing", sources=cited)
    with Session(engine) as s, s.begin():
        empty_table(s, "financing")
    with Session(engine) as s, s.begin():
        plan = imports.plan_import(s, "financing", path)
        assert "sources" in plan.headers
        assert plan.issues == [] and plan.dropped_headers == []
        result = imports.apply_import(s, plan)
    with Session(engine) as s:
        after = fetch(s, query)
    names = [c.name for c in before.columns]
    assert _without(after.rows, names, "sources") == _without(before.rows, names, "sources")
    file_title = f"financing.{fmt}, imported {result.imported_at:%Y-%m-%d %H:%M:%S} UTC"
    assert {tuple(row[names.index("sources")]) for row in after.rows} == {(file_title,)}
    with Session(engine) as s:
        assert s.scalar(select(func.count()).select_from(Financing)) == len(before.rows)


def _without(rows, names, *left_out) -> list[dict]:
    return [{n: v for n, v in zip(names, row, strict=True)
             if n not in ("origin", "source", *left_out)} for row in rows]
