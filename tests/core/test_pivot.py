"""The pivot: every cell, subtotal and total by the counting rules, equal to ``totals`` for
the same query; a cell's drill-through lists exactly the records it counts; the layout as
shown; the files and the command line."""

from __future__ import annotations

import csv
import io
import json

import pytest
from openpyxl import load_workbook
from sqlalchemy.orm import Session

from forge_desktop.core import database
from forge_desktop.core.counting import totals
from forge_desktop.core.exports import pivot_files
from forge_desktop.core.pivot import (
    Pivot,
    cell_name,
    conditions,
    drill_query,
    pivot,
    pivot_layout,
)
from forge_desktop.core.query import Condition, Op, Query, QueryError, select_count

from ..conftest import run_forge

FINANCING = Query("financing")


def forge(*args: str) -> tuple[int, bytes, bytes]:
    result = run_forge(*args)
    return result.returncode, result.stdout, result.stderr
QUERIES = (
    FINANCING,
    FINANCING.adding(Condition("agency", Op.IN, ("EXIM", "DFC"))),
    FINANCING.with_search("lithium"),
    FINANCING.adding(Condition("amount_usd", Op.GT, "100e6")),
)
PIVOTS = (  # rows, cols
    (("agency", "stage"), ("year",)),
    (("minerals",), ("agency",)),
    (("locations",), ("stage", "instrument")),
    (("month",), ()),
    (("sources",), ("agency",)),
)


def assert_drills_to_its_count(session: Session, query: Query, p: Pivot) -> None:
    """For every cell, subtotal and total: the table filtered to it has its count of rows."""
    for (row, col), cell in p.cells.items():
        drilled = drill_query(session, query, p, row, col)
        shown = session.execute(select_count(drilled)).scalar_one()
        assert shown == cell.records, (row, col, drilled.filters)


@pytest.mark.parametrize(("rows", "cols"), PIVOTS)
def test_every_cell_drills_to_exactly_its_records(session, rows, cols):
    for query in QUERIES[:2]:
        assert_drills_to_its_count(session, query, pivot(session, query, rows, cols))


def test_drilling_leaves_out_the_aggregates_the_pivot_leaves_out(session):
    p = pivot(session, FINANCING, ("agency",), ("stage",))
    assert p.totals.aggregates_excluded  # the curated data has two, their parts listed
    exim = drill_query(session, FINANCING, p, ("EXIM",), ())
    assert Condition("agency", Op.EQ, "EXIM") in exim.filters
    left_out = [f for f in exim.filters if isinstance(f, Condition) and f.column == "id"]
    assert left_out and all(f.op is Op.NE for f in left_out)
    assert {f.value for f in left_out} <= set(p.totals.aggregates_excluded)


@pytest.mark.parametrize("query", QUERIES)
@pytest.mark.parametrize("include_conditional", [True, False])
def test_totals_equal_the_totals_command(session, query, include_conditional):
    p = pivot(session, query, ("agency", "stage"), ("minerals",),
              include_conditional=include_conditional)
    by_agency = totals(session, query, "agency", stack="stage", include_conditional=include_conditional)
    by_mineral = totals(session, query, "minerals", include_conditional=include_conditional)
    grand = p.grand_total
    assert (grand.amount_usd, grand.records, grand.non_monetary) == (
        by_agency.amount_usd, by_agency.counted, by_agency.non_monetary)
    for group in by_agency.groups:
        cell = p.cell((group.key,), ())
        assert cell is not None and (cell.amount_usd, cell.records) == (group.amount_usd, group.records)
        for part in group.segments:
            inner = p.cell((group.key, part.key), ())
            assert inner is not None and (inner.amount_usd, inner.records) == (part.amount_usd, part.records)
    for group in by_mineral.groups:
        cell = p.cell((), (group.key,))
        assert cell is not None and (cell.amount_usd, cell.records) == (group.amount_usd, group.records)
    assert {m.key for m in p.col_members} == {g.key for g in by_mineral.groups}


def test_a_record_in_several_minerals_counts_in_each_and_once_in_the_total(session):
    p = pivot(session, FINANCING, ("minerals",), value="count")
    assert sum(p.cell((m.key,), ()).records for m in p.row_members) > p.grand_total.records
    assert "a record in several minerals counts in each, once in the total" in p.footnote()
    assert "aggregates counted through their listed parts" in p.footnote()


def test_states_add_up_into_their_country(session):
    p = pivot(session, FINANCING, ("locations",), value="count")
    keys = {m.key for m in p.row_members}
    assert "USA" in keys and not any(k and k.startswith("US-") for k in keys)


def test_participants_and_agreements_pivot_by_count(session):
    p = pivot(session, Query("participants"), ("region",), ("kind",), value="count")
    assert p.grand_total.records == 55
    assert p.cell((), ("country",)).records == 54
    assert_drills_to_its_count(session, Query("participants"), p)
    a = pivot(session, Query("agreements"), ("kind",), ("status",), value="count")
    assert a.grand_total.records == session.execute(select_count(Query("agreements"))).scalar_one()
    assert_drills_to_its_count(session, Query("agreements"), a)


@pytest.mark.parametrize(("table", "rows", "cols", "value", "says"), [
    ("participants", ("region",), (), "usd", "no dollar amounts; use --value count"),
    ("financing", ("recipient",), (), "usd", "cannot pivot financing by 'recipient'"),
    ("financing", ("agency",), ("agency",), "usd", "used once"),
    ("financing", ("agency", "stage", "year"), (), "usd", "at most 2 rows"),
    ("financing", (), ("agency",), "usd", "needs a column for its rows"),
    ("financing", ("agency",), (), "euros", "choose usd or count"),
])
def test_impossible_pivots_say_why(session, table, rows, cols, value, says):
    with pytest.raises(QueryError, match=says):
        pivot(session, Query(table), rows, cols, value=value)


# --------------------------------------------------------------------------- layout


def test_layout_sorts_by_total_or_label_and_keeps_dates_in_calendar_order(session):
    p = pivot(session, FINANCING, ("agency",), ("year",))
    by_total = pivot_layout(p, sort="total")
    amounts = [by_total.values(r)[-1] or 0 for r in by_total.rows[:-1]]
    assert amounts == sorted(amounts, reverse=True)
    by_label = pivot_layout(p, sort="label")
    assert [r.labels[0] for r in by_label.rows[:-1]] == sorted(r.labels[0] for r in by_label.rows[:-1])
    for layout in (by_total, by_label):
        assert [c.headers[0] for c in layout.columns] == ["2025", "2026", "undated", "Total"]
    assert by_total.rows[-1].kind == "total"
    assert by_total.values(by_total.rows[-1])[-1] == p.grand_total.amount_usd


def test_collapsing_a_group_hides_its_second_level_only(session):
    p = pivot(session, FINANCING, ("agency", "stage"))
    open_ = pivot_layout(p)
    shut = pivot_layout(p, collapsed={"EXIM"})
    exim_children = [r for r in open_.rows if r.path[:1] == ("EXIM",) and len(r.path) == 2]
    assert exim_children
    assert not [r for r in shut.rows if r.path[:1] == ("EXIM",) and len(r.path) == 2]
    assert len(shut.rows) == len(open_.rows) - len(exim_children)
    group = next(r for r in shut.rows if r.path == ("EXIM",))
    assert group.kind == "group" and group.collapsed and group.collapsible


def test_cell_names_and_conditions(session):
    p = pivot(session, FINANCING, ("agency", "stage"), ("month",))
    assert cell_name(p, ("DOD", "funded"), ()) == "DOD / Funded"
    assert cell_name(p, ("DOD",), (None,)) == "DOD × undated"
    assert cell_name(p, (), ()) == "Total"
    assert conditions(p, ("DOD",), ("2025-10",)) == (
        Condition("agency", Op.EQ, "DOD"), Condition("date", Op.EQ, "2025-10"))
    assert conditions(p, (), (None,)) == (Condition("date", Op.EMPTY),)


# --------------------------------------------------------------------------- files


def test_csv_holds_what_is_shown_with_plain_numbers(session):
    layout = pivot_layout(pivot(session, FINANCING, ("agency", "stage"), ("year",)),
                          dimension_names={"agency": "Agency", "stage": "Stage", "year": "Year"})
    out = io.StringIO()
    pivot_files.write_pivot(layout, out, "csv")
    rows = list(csv.reader(io.StringIO(out.getvalue())))
    assert rows[0][:3] == ["Committed USD", "", "Year"]
    assert rows[1] == ["Agency", "Stage", "2025", "2026", "undated", "Total"]
    body = rows[2:2 + len(layout.rows)]
    assert [r[:2] for r in body] == [list(r.labels) for r in layout.rows]
    total = body[-1]
    assert total[0] == "Total" and int(total[-1]) == layout.pivot.grand_total.amount_usd
    assert rows[-1][0].startswith("Note: aggregates counted")


def test_xlsx_has_numbers_bold_totals_and_a_print_setup(session, tmp_path):
    layout = pivot_layout(pivot(session, FINANCING, ("agency", "stage"), ("year",)))
    (tmp_path / "out").mkdir()
    path = tmp_path / "out" / "pivot.xlsx"
    pivot_files.write_pivot(layout, path, "xlsx")
    sheet = load_workbook(path).active
    heads = 2
    first = heads + 1
    cells = {(r.kind, r.labels): n for n, r in enumerate(layout.rows, start=first)}
    total_row = cells[("total", layout.rows[-1].labels)]
    grand = sheet.cell(total_row, 2 + len(layout.columns))
    assert grand.value == layout.pivot.grand_total.amount_usd
    assert isinstance(grand.value, int) and grand.font.b and "$" in grand.number_format
    item_row = next(n for n, r in enumerate(layout.rows, start=first) if r.kind == "item")
    item = next(c for c in sheet[item_row][2:-1] if c.value is not None)
    assert isinstance(item.value, int) and not item.font.b
    assert sheet.page_setup.orientation == "landscape"
    assert sheet.freeze_panes == "C3"
    assert list(path.parent.iterdir()) == [path]  # no temporary file left


def test_json_gives_paths_values_and_the_note(session):
    layout = pivot_layout(pivot(session, FINANCING, ("agency",), ("stage",), value="count"))
    data = json.loads(json.dumps(pivot_files.as_json(layout)))
    assert data["value"] == "count" and data["rows"] == ["agency"] and data["cols"] == ["stage"]
    assert data["data"][-1]["kind"] == "total"
    assert data["data"][-1]["values"][-1] == layout.pivot.grand_total.records
    assert data["columns"][-1] == {"path": [], "headers": ["Total"], "total": True}
    assert "records counted" in data["note"]


def test_clipboard_forms_match_the_grid(session):
    layout = pivot_layout(pivot(session, FINANCING, ("agency",), ("stage",)))
    lines = pivot_files.tsv(layout).splitlines()
    assert len(lines) == 2 + len(layout.rows)
    assert lines[-1].split("\t")[-1] == str(layout.pivot.grand_total.amount_usd)
    html = pivot_files.html_table(layout)
    assert html.count("<tr>") == 2 + len(layout.rows)
    assert f'x:num="{layout.pivot.grand_total.amount_usd}"' in html


# --------------------------------------------------------------------------- command line


@pytest.mark.sqlite_only("the command line's own database; the pivot itself runs on both above")
def test_cli_pivot_table_csv_json_xlsx(db_url, tmp_path):
    code, out, err = forge("pivot", "--rows", "agency,stage", "--cols", "year", "--db", db_url)
    assert code == 0, err
    text = out.decode()
    assert text.splitlines()[1].split()[:2] == ["Agency", "Stage"]
    assert "$20,620,900,000" in text and "Note: aggregates counted" in text
    code, out, err = forge("pivot", "financing", "--rows", "agency", "--cols", "stage",
                           "--value", "count", "--format", "json", "--db", db_url)
    assert code == 0, err
    assert json.loads(out)["data"][-1]["values"][-1] == 33
    code, out, err = forge("pivot", "--rows", "minerals", "--where", "agency = DOE",
                           "-o", str(tmp_path / "p.xlsx"), "--db", db_url)
    assert code == 0, err
    assert load_workbook(tmp_path / "p.xlsx").active["A3"].value
    code, out, err = forge("pivot", "--rows", "agency", "--format", "xlsx", "--db", db_url)
    assert code == 2 and b"-o FILE.xlsx" in err


@pytest.mark.sqlite_only("the command line's own database")
@pytest.mark.parametrize(("args", "says"), [
    (("participants", "--rows", "region", "--value", "usd"), b"no dollar amounts"),
    (("--rows", "nonsense"), b"cannot pivot financing by 'nonsense'; choose from agency"),
    (("--rows", "agency", "--where", "stage = nope"), b"unknown stage"),
])
def test_cli_pivot_refuses_in_one_line(db_url, args, says):
    code, _out, err = forge("pivot", *args, "--db", db_url)
    assert code == 2 and says in err and b"Traceback" not in err
    assert len(err.decode().strip().splitlines()) == 1


# --------------------------------------------------------------------------- 100k rows


@pytest.fixture(scope="module")
def synthetic_100k(tmp_path_factory):
    from benchmarks.synthetic import generate

    path = tmp_path_factory.mktemp("pivot") / "synthetic.sqlite"
    generate(path, 100_000)
    engine = database.open_database(f"sqlite:///{path}")
    yield engine
    engine.dispose()


@pytest.mark.sqlite_only("the synthetic generator writes SQLite")
def test_synthetic_100k_pivot_equals_totals_and_drills_exactly(synthetic_100k):
    query = FINANCING.adding(Condition("stage", Op.NE, "announced"))
    with Session(synthetic_100k) as session:
        p = pivot(session, query, ("agency",), ("year",))
        by_agency = totals(session, query, "agency")
        by_year = totals(session, query, "year")
        assert p.grand_total.amount_usd == by_agency.amount_usd
        assert p.grand_total.records == by_agency.counted
        assert {(g.key, g.amount_usd, g.records) for g in by_agency.groups} == {
            (m.key, p.cell((m.key,), ()).amount_usd, p.cell((m.key,), ()).records) for m in p.row_members}
        assert {(g.key, g.amount_usd, g.records) for g in by_year.groups} == {
            (m.key, p.cell((), (m.key,)).amount_usd, p.cell((), (m.key,)).records) for m in p.col_members}
        assert_drills_to_its_count(session, query, p)
        minerals = pivot(session, query, ("minerals",), value="count")
        assert sum(c.records for (r, _c), c in minerals.cells.items() if r) > minerals.grand_total.records
        assert_drills_to_its_count(session, query, minerals)
