"""Records by their sources: the "sources" list column every record table has (a filter, a
facet, a chip's words), and the sources table a query runs on like any other (sorted,
filtered, searched, exported, on the command line), read-only."""

from __future__ import annotations

import csv
import io
import json

import pytest
from sqlalchemy import insert, select

from forge_desktop.core import exports
from forge_desktop.core.columns import ALL_TABLES, SOURCES, TABLES, ListColumn
from forge_desktop.core.facets import FACETS, ListFacet, facet_counts, facet_for
from forge_desktop.core.filter_text import parse_filter
from forge_desktop.core.query import (
    Condition,
    Op,
    Query,
    QueryError,
    SortKey,
    count,
    fetch,
    record_spec,
    stream,
    table_spec,
    validate,
    value_names,
)
from forge_desktop.core.records import source_detail
from forge_desktop.core.saved_views import SavedView, fit
from forge_desktop.core.schema import (
    Financing,
    FinancingSource,
    Origin,
    Participant,
    ParticipantSource,
)
from forge_desktop.core.sources import SourceFields, source_for, source_usage

from ..conftest import run_forge

REPORT = "report-2026-02-forge-mongolia"
RELEASE_URL = "https://www.exim.gov/news/EXIM-Approves-Project-Vault"


@pytest.fixture
def cited(session):
    """Two more sources: an EXIM release a few EXIM records rest on besides the report (as a
    second source, never the main one), and a filing nothing rests on. Returns their ids."""
    with session.begin():
        release = source_for(session, SourceFields(
            url=RELEASE_URL, title="EXIM Board Approves Project Vault", publisher="EXIM",
            published="2026-02", kind="official", language="en"), origin=Origin.ENTERED)
        filing = source_for(session, SourceFields(title="Korea Zinc Form 6-K", kind="filing",
                                                  published="2026"), origin=Origin.ENTERED)
        exim = list(session.scalars(select(Financing.id).where(Financing.agency == "EXIM")
                                    .order_by(Financing.id)).all())[:4]
        session.execute(insert(FinancingSource), [
            {"financing_id": i, "source_id": release, "position": 1} for i in exim])
        participant = session.scalars(select(Participant.id).order_by(Participant.id)).first()
        session.execute(insert(ParticipantSource), [
            {"participant_id": participant, "source_id": release, "position": 1}])
    return {"release": release, "filing": filing, "exim": exim, "participant": participant}


def ids(session, query: Query) -> set[str]:
    return {row[0] for row in fetch(session, query.with_columns(("id",))).rows}


# --------------------------------------------------------------------------- the list column


def test_every_record_table_has_a_hidden_sources_column_and_facet():
    for name, spec in TABLES.items():
        column = spec.get("sources")
        assert isinstance(column, ListColumn) and not column.visible and column.groupable
        assert FACETS[name][-1] == "sources"
        assert isinstance(facet_for(spec, "sources"), ListFacet)


@pytest.mark.parametrize("text", [
    "sources = EXIM Board Approves Project Vault",  # its title, any case
    "sources = exim board approves project vault",
    "sources = www-exim-gov-news-exim-approves-project-vault",  # its id
    f"sources = {RELEASE_URL}",  # its URL
    "sources in www-exim-gov-news-exim-approves-project-vault, korea-zinc-form-6-k",
    "sources contains project vault",
    "sources startswith exim board",
])
def test_a_source_filter_finds_the_records_resting_on_it_in_any_position(session, cited, text):
    assert cited["release"] == "www-exim-gov-news-exim-approves-project-vault"
    assert ids(session, Query("financing", (parse_filter(text),))) == set(cited["exim"])


def test_a_source_filter_leaves_out_empty_and_negates(session, cited):
    every = count(session, Query("financing"))
    others = Query("financing", (parse_filter("sources != exim board approves project vault"),))
    assert count(session, others) == every - len(cited["exim"])
    assert count(session, Query("financing", (parse_filter("sources empty"),))) == 0
    assert count(session, Query("financing", (parse_filter("sources notempty"),))) == every
    assert count(session, Query("financing", (parse_filter("sources = Korea Zinc Form 6-K"),))) == 0
    assert count(session, Query("financing", (parse_filter(f"sources = {REPORT}"),))) == every
    # A title's words are no wildcards: "_" and "%" match themselves only.
    assert count(session, Query("financing", (parse_filter("sources contains %"),))) == 0


def test_the_other_tables_filter_by_their_own_links(session, cited):
    query = Query("participants", (Condition("sources", Op.EQ, cited["release"]),))
    assert ids(session, query) == {cited["participant"]}
    assert count(session, Query("agreements", (Condition("sources", Op.EQ, cited["release"]),))) == 0


def test_the_facet_counts_what_choosing_each_source_shows(session, cited):
    for base in ((), (parse_filter("agency = EXIM"),), (parse_filter("amount_usd > 100M"),)):
        query = Query("financing", base)
        values = facet_counts(session, query, "sources")
        assert REPORT in {v.key for v in values} <= {REPORT, cited["release"]}  # no filing
        for value in values:
            chosen = query.adding(Condition("sources", Op.IN, (value.key,)))
            assert count(session, chosen) == value.count
    labels = {v.key: v.label for v in facet_counts(session, Query("financing"), "sources")}
    assert labels[cited["release"]] == "EXIM Board Approves Project Vault"
    searched = facet_counts(session, Query("financing", search="korea"), "sources")
    assert [v.key for v in searched] == [REPORT]


def test_a_chip_names_the_source_by_its_title(session, cited):
    names = value_names(session)["sources"]
    assert names[cited["release"]] == "EXIM Board Approves Project Vault"
    assert names[RELEASE_URL.lower()] == "EXIM Board Approves Project Vault"
    assert names[REPORT].startswith("Монголия присоединилась")


def test_a_record_lists_all_its_sources(session, cited):
    rows = fetch(session, Query("financing", ids=(cited["exim"][0],),
                                columns=("id", "source", "sources"))).rows
    (_id, main, every), = rows
    assert main.startswith("Монголия")  # the main source is still the report
    assert sorted(every) == sorted([main, "EXIM Board Approves Project Vault"])


def test_totals_can_group_by_source(session, cited):
    from forge_desktop.core.counting import totals

    result = totals(session, Query("financing"), "sources")
    by = {g.key: g.records for g in result.groups}
    assert by[cited["release"]] == len(cited["exim"])


# --------------------------------------------------------------------------- the sources table


def test_the_sources_table_is_a_query_table_but_not_a_record_table():
    assert list(ALL_TABLES) == ["participants", "agreements", "financing", "sources"]
    assert table_spec("sources") is SOURCES and "sources" not in TABLES
    with pytest.raises(QueryError, match="'sources' is not a table of records"):
        record_spec("sources")
    assert [c.name for c in SOURCES.columns if c.visible] == [
        "title", "participants", "agreements", "financing", "records", "publisher", "date",
        "kind", "language", "url"]


def test_each_source_with_the_records_resting_on_it_as_source_usage_counts_them(session, cited):
    rows = fetch(session, Query("sources"))
    got = [dict(zip((c.name for c in rows.columns), row, strict=True)) for row in rows.rows]
    assert [r["id"] for r in got] == [REPORT, cited["release"], cited["filing"]]  # most first
    usage = {u.id: u for u in source_usage(session)}
    for row in got:
        assert {t: row[t] for t in TABLES} == usage[row["id"]].records
        assert row["records"] == usage[row["id"]].total
    release = got[1]
    assert (release["date"].isoformat(), release["date_precision"]) == ("2026-02-01", "month")
    assert (release["kind"], release["language"], release["url"]) == ("official", "en", RELEASE_URL)


def test_sources_sort_filter_and_search(session, cited):
    by_title = fetch(session, Query("sources", sort=(SortKey("title"),), columns=("id",))).rows
    assert [r[0] for r in by_title] == [cited["release"], cited["filing"], REPORT]
    assert ids(session, Query("sources", (parse_filter("kind = official"),))) == {cited["release"]}
    assert ids(session, Query("sources", (parse_filter("financing > 10"),))) == {REPORT}
    assert ids(session, Query("sources", (parse_filter("date = 2026"),))) == {
        cited["release"], cited["filing"]}
    assert ids(session, Query("sources", (parse_filter("records = 0"),))) == {cited["filing"]}
    assert ids(session, Query("sources", search="монголия")) == {REPORT}
    assert ids(session, Query("sources", search="EXIM vault")) == {cited["release"]}
    assert ids(session, Query("sources", search="ault")) == set()  # at the start of a word
    assert ids(session, Query("sources", search="exim.gov")) == {cited["release"]}
    kinds = {v.key: v.count for v in facet_counts(session, Query("sources"), "kind")}
    assert kinds == {"press": 1, "official": 1, "filing": 1}
    with pytest.raises(QueryError):
        validate(Query("sources", (parse_filter("agency = EXIM"),)))


def test_a_source_whole_for_the_detail_pane(session, cited):
    detail = source_detail(session, cited["release"])
    assert detail is not None and detail.title == "EXIM Board Approves Project Vault"
    assert detail.sources[0].url == RELEASE_URL and not detail.rests_on_one_unofficial_source
    links = {link.table: link for link in detail.links}
    assert links["financing"].count == len(cited["exim"]) == count(session, links["financing"].query())
    assert links["agreements"].count == 0 and links["participants"].count == 1
    fields = dict(detail.fields)
    assert fields["Published"] == "Feb 2026" and fields["Records"] == str(len(cited["exim"]) + 1)
    assert source_detail(session, "no-such-source") is None


def test_sources_export_in_both_forms(session, cited):
    query = Query("sources")
    out = io.StringIO()
    exports.write(out, "csv", query.output_columns, stream(session, query))
    rows = list(csv.DictReader(io.StringIO(out.getvalue())))
    assert [r["id"] for r in rows] == [REPORT, cited["release"], cited["filing"]]
    assert rows[1]["date"] == "2026-02-01" and rows[1]["date_precision"] == "month"
    on_screen = exports.with_companions(SOURCES, ["title", "date", "records"])
    assert on_screen == ("title", "date", "date_precision", "records")


def test_a_saved_view_of_the_sources_fits(session):
    view = SavedView("Official sources", "sources", filters=("kind = official",),
                     facets=(("kind", ("official",)),), sort=("-records",), columns=("title",))
    fitted = fit(view)
    assert not fitted.left_out and fitted.query().table == "sources"


# --------------------------------------------------------------------------- the command line


@pytest.fixture
def forge_db(tmp_path, db_url, cited):
    return db_url


def test_the_command_line_exports_the_sources_and_filters_records_by_one(forge_db, cited):
    result = run_forge("--db", forge_db, "export", "sources", "--format", "json",
                       "--where", "kind = official", "--columns", "id,title,financing,records")
    assert result.returncode == 0, result.stderr.decode()
    assert json.loads(result.stdout) == [{"id": cited["release"], "title":
                                          "EXIM Board Approves Project Vault",
                                          "financing": len(cited["exim"]),
                                          "records": len(cited["exim"]) + 1}]
    result = run_forge("--db", forge_db, "export", "financing", "--format", "json", "--columns",
                       "id", "--where", "sources = exim board approves project vault")
    assert result.returncode == 0, result.stderr.decode()
    assert {r["id"] for r in json.loads(result.stdout)} == set(cited["exim"])


def test_the_command_line_refuses_to_import_into_the_sources(forge_db, tmp_path):
    file = tmp_path / "sources.csv"
    file.write_text("title\nA report\n", encoding="utf-8")
    result = run_forge("--db", forge_db, "import", "sources", str(file))
    assert result.returncode == 2
    assert b"invalid choice: 'sources'" in result.stderr and b"Traceback" not in result.stderr

