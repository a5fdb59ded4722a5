"""The status line: the same totals as the chart and the command line, and the selection's sum.

The window, the chart panel and ``forge-desktop totals`` all ask the core's counting for
their figures and its notes for their caveats; these tests hold them to one answer under
every choice a user makes (conditional money in or out, a filter, a search), and check that
a selection, however large, is summed off the UI thread by the same rules.
"""

from __future__ import annotations

import contextlib
import io
import json
import time

import pytest
from PySide6.QtCore import QCoreApplication, QItemSelection, QItemSelectionModel

from forge_desktop import __main__ as entry_point
from forge_desktop.core import database, formatting
from forge_desktop.core.counting import totals
from forge_desktop.core.filter_text import parse_filter

from .conftest import compiled_translation, wait_loaded

SCENARIOS = {  # what the user narrows the table to, and the same for the command line
    "everything": ((), "", ()),
    "a filter": (("agency = DOD",), "", ("--where", "agency = DOD")),
    "a search": ((), "korea zinc", ("--search", "korea zinc")),
}


def command_line_totals(db_url: str, *args: str) -> dict:
    """``forge-desktop totals --format json`` on the window's database, in this process."""
    out = io.TextIOWrapper(io.BytesIO(), encoding="utf-8", newline="", write_through=True)
    with contextlib.redirect_stdout(out):
        assert entry_point.main(["--db", db_url, "totals", "--format", "json", *args]) == 0
    return json.loads(out.buffer.getvalue().decode("utf-8"))


def chart_settled(qtbot, chart) -> None:
    """Wait until the chart shows the answer to its latest question."""
    qtbot.waitUntil(lambda: chart._result is not None
                    and not chart.pending, timeout=10000)


def show(qtbot, window, filters: tuple[str, ...], search: str, include_conditional: bool) -> None:
    page = window.pages["financing"]
    window.chart.conditional_box.setChecked(include_conditional)
    page.filter_bar.set_filters([parse_filter(f) for f in filters])
    page.set_search(search)
    wait_loaded(qtbot, page)
    assert page.include_conditional == include_conditional
    window.runner.wait(10000)  # every count asked for is done …
    qtbot.wait(50)  # … and its answer delivered
    chart_settled(qtbot, window.chart)


@pytest.mark.chart
@pytest.mark.parametrize("include_conditional", [True, False], ids=["conditional in", "out"])
@pytest.mark.parametrize("scenario", list(SCENARIOS))
def test_status_line_chart_and_command_line_give_one_total(qtbot, window, db_url, scenario,
                                                           include_conditional):
    filters, search, arguments = SCENARIOS[scenario]
    show(qtbot, window, filters, search, include_conditional)
    cli = command_line_totals(db_url, *arguments,
                              *(() if include_conditional else ("--exclude-conditional",)))

    status = window.status_label.full_text()
    assert f" · {formatting.money(cli['amount_usd'])} committed" in status
    assert sum(bar.group.amount_usd for bar in window.chart.chart.bars) == cli["amount_usd"]
    # One wording of what the total includes, read from the same notes everywhere.
    assert status.endswith(f" ({cli['note']})")
    for note in cli["note"].split("; "):
        assert note in window.chart.note.text()


@pytest.mark.chart
def test_unticking_include_conditional_takes_it_out_of_the_status_line_too(qtbot, window):
    show(qtbot, window, ("agency = DOD",), "", include_conditional=True)
    status = window.status_label.full_text()
    assert "$4.78B committed" in status
    assert "conditional amounts included: $2.4B (Korea Zinc)" in status

    show(qtbot, window, ("agency = DOD",), "", include_conditional=False)
    status = window.status_label.full_text()
    assert "$2.38B committed" in status
    assert "conditional amounts left out: $2.4B (Korea Zinc)" in status
    assert "$2.38B" in window.chart.chart.bars[0].value


def test_the_status_line_follows_the_chart_choice_kept_from_the_last_run(qtbot, open_window,
                                                                          settings):
    settings.set("chart/conditional", False)
    window = open_window(settings)
    qtbot.waitUntil(lambda: "$18.22B committed" in window.status_label.full_text())
    assert "conditional amounts left out" in window.status_label.full_text()


def test_the_aggregates_note_names_them_and_says_what_is_not_itemised(window):
    status = window.status_label.full_text()
    assert ("EXIM Critical-minerals mining projects (letters of interest over the past year) "
            "($14.8B, of which $1.42B listed: $13.38B not itemised)") in status
    assert "exim-loi-total" not in status and "dfc-total" not in status


# --------------------------------------------------------------------------- the selection


def select(page, *runs: tuple[int, int]) -> None:
    selection = QItemSelection()
    last_column = page.model.columnCount() - 1
    for first, last in runs:
        selection.select(page.model.index(first, 0), page.model.index(last, last_column))
    page.view.selectionModel().select(selection, QItemSelectionModel.SelectionFlag.ClearAndSelect)


def selection_total(engine, page, runs, include_conditional=True) -> str:
    """What the core says the rows at *runs* add up to: the figure the window must show."""
    from sqlalchemy.orm import Session

    with Session(engine) as session:
        result = totals(session, page.model.query, positions=runs,
                        include_conditional=include_conditional)
    return formatting.money(result.amount_usd) or "$0"


def test_selected_rows_are_counted_and_summed_by_the_same_rules(qtbot, window, engine):
    page = window.pages["financing"]
    select(page, (0, 2), (9, 9))
    money = selection_total(engine, page, [(0, 2), (9, 9)])
    qtbot.waitUntil(lambda: window.selection_label.text() == f"4 selected · {money} committed")


def test_selecting_everything_says_the_total(qtbot, window):
    page = window.pages["financing"]
    page.view.selectAll()
    qtbot.waitUntil(lambda: window.selection_label.text() == "35 selected · $20.62B committed")
    page.view.clearSelection()
    qtbot.waitUntil(lambda: window.selection_label.text() == "")


def test_a_selected_aggregate_with_one_of_its_parts_counts_the_part(qtbot, window):
    page = window.pages["financing"]
    page.filter_bar.set_filters([parse_filter("id in exim-loi-total, exim-loi-lithium-arkansas")])
    wait_loaded(qtbot, page, 2)
    page.view.selectAll()
    qtbot.waitUntil(lambda: window.selection_label.text() == "2 selected · $400M committed")


def test_the_selection_follows_include_conditional(qtbot, window):
    page = window.pages["financing"]
    page.filter_bar.set_filters([parse_filter("agency = DOD")])
    wait_loaded(qtbot, page, 8)
    page.view.selectAll()
    qtbot.waitUntil(lambda: window.selection_label.text() == "8 selected · $4.78B committed")
    window.chart.conditional_box.setChecked(False)
    qtbot.waitUntil(lambda: window.selection_label.text() == "8 selected · $2.38B committed")


def test_a_new_query_clears_the_selection_summary(qtbot, window):
    page = window.pages["financing"]
    select(page, (0, 1))
    qtbot.waitUntil(lambda: window.selection_label.text().startswith("2 selected · "))
    page.set_search("korea")
    qtbot.waitUntil(lambda: window.selection_label.text() == "")


def test_other_tables_count_their_selection_and_each_tab_shows_its_own(qtbot, window):
    financing = window.pages["financing"]
    select(financing, (0, 0))
    qtbot.waitUntil(lambda: window.selection_label.text().startswith("1 selected · "))
    window.show_table("participants")
    assert window.selection_label.text() == ""
    wait_loaded(qtbot, window.pages["participants"])
    select(window.pages["participants"], (0, 2))
    qtbot.waitUntil(lambda: window.selection_label.text() == "3 selected")  # no money there
    window.show_table("financing")
    assert window.selection_label.text().startswith("1 selected · ")


# --------------------------------------------------------------------------- plural forms

RUSSIAN = """<?xml version="1.0" encoding="utf-8"?>
<!DOCTYPE TS><TS version="2.1" language="ru_RU">
<context><name>TablePage</name>
<message numerus="yes"><source>{0} of %n financing record(s)</source><translation>
<numerusform>{0} из %n записи о финансировании</numerusform>
<numerusform>{0} из %n записей о финансировании</numerusform>
<numerusform>{0} из %n записей о финансировании</numerusform></translation></message>
<message numerus="yes"><source>%n selected</source><translation>
<numerusform>выделена %n запись</numerusform><numerusform>выделены %n записи</numerusform>
<numerusform>выделено %n записей</numerusform></translation></message>
</context></TS>
"""


@pytest.fixture
def russian_plurals(tmp_path):
    """The status line's plural messages in Russian, compiled and installed for the test."""
    with compiled_translation(tmp_path, RUSSIAN):
        yield


def test_counts_take_the_plural_their_number_needs(qtbot, window, russian_plurals):
    page = window.pages["financing"]
    assert page.status_line(1, 1, None) == "1 из 1 записи о финансировании"
    assert page.status_line(35, 2, None) == "2 из 35 записей о финансировании"  # (all, matching)
    for runs, words in ((((0, 0),), "выделена 1 запись · "), (((0, 2),), "выделены 3 записи · "),
                        (((0, 4),), "выделено 5 записей · ")):
        select(page, *runs)
        qtbot.waitUntil(lambda w=words: window.selection_label.text().startswith(w))


# --------------------------------------------------------------------------- a million rows


@pytest.fixture(scope="session")
def million_rows(tmp_path_factory):
    from benchmarks.synthetic import generate

    path = tmp_path_factory.mktemp("big") / "million.sqlite"
    generate(path, 1_000_000)
    return f"sqlite:///{path}"


@pytest.mark.slow  # 75 s to generate the rows: `make test-all` and `make bench` run it
def test_a_million_selected_rows_are_summed_without_freezing_the_window(qtbot, million_rows,
                                                                       settings):
    from forge_desktop.ui import create_main_window

    window = create_main_window(million_rows, settings)
    qtbot.addWidget(window)
    page = window.pages["financing"]
    try:
        wait_loaded(qtbot, page, timeout=60000)
        rows = page.model.rowCount()
        for runs in (((0, rows - 1),), ((10, 900_010),)):
            started = time.perf_counter()
            select(page, *runs)
            QCoreApplication.processEvents()
            # The UI thread only reads the selection's ranges; the rows are read in the worker.
            assert time.perf_counter() - started < 0.5
            selected = sum(last - first + 1 for first, last in runs)
            assert window.selection_label.text() == f"{selected} selected"
            engine = database.open_database(million_rows)
            try:
                money = selection_total(engine, page, list(runs))
            finally:
                engine.dispose()
            qtbot.waitUntil(lambda s=selected, m=money: window.selection_label.text()
                            == f"{s} selected · {m} committed", timeout=120000)
    finally:
        window.runner.wait(120000)

