"""The lazy table model: Qt's model checks, paging, stale answers, a million rows."""

from __future__ import annotations

import pytest
from PySide6.QtCore import Qt
from shiboken6 import Shiboken

from forge_desktop.core import database
from forge_desktop.core.query import Query, SortKey
from forge_desktop.ui.table_model import PAGE_SIZE, QueryTableModel, RawRole, RecordIdRole
from forge_desktop.ui.worker import QueryRunner


@pytest.fixture
def runner(engine, qtbot):
    runner = QueryRunner(engine)
    yield runner
    runner.wait(10000)
    Shiboken.delete(runner)  # its pool and connections go now, before the engine is disposed


def loaded(qtbot, model, timeout=5000):
    qtbot.waitUntil(lambda: model.total is not None, timeout=timeout)


@pytest.mark.parametrize("table", ["participants", "agreements", "financing"])
def test_qt_model_checks_pass_while_loading_and_loaded(qtmodeltester, qtbot, runner, table):
    model = QueryTableModel(runner, Query(table), load=False)
    assert model.canFetchMore()
    qtmodeltester.check(model)  # calls fetchMore: the first page and the count are asked for
    loaded(qtbot, model)
    assert model.rowCount() > 0
    qtmodeltester.check(model)


def test_rows_show_formatted_and_raw_values(qtbot, runner):
    model = QueryTableModel(runner, Query("financing", sort=(SortKey("amount_usd", True),)))
    loaded(qtbot, model)
    assert model.rowCount() == 35
    amount = model.column_of("amount_usd")
    recipient = model.column_of("recipient")
    top = model.index(0, amount)
    assert model.data(top, RawRole) == 14_800_000_000
    assert model.data(top) == "$14.8B"
    assert model.data(top, Qt.ItemDataRole.TextAlignmentRole) & Qt.AlignmentFlag.AlignRight
    assert model.data(model.index(0, recipient)).startswith("Σ ")  # the EXIM aggregate
    assert model.data(model.index(0, recipient), Qt.ItemDataRole.FontRole).italic()
    assert model.data(model.index(1, amount)) == "up to $10B"
    assert model.data(model.index(1, 0), RecordIdRole) == "exim-project-vault"


def test_dates_read_by_precision(qtbot, runner):
    model = QueryTableModel(runner, Query("financing", sort=(SortKey("id"),)))
    loaded(qtbot, model)
    by_id = {model.record_id(r): r for r in range(model.rowCount())}
    date = model.column_of("date")
    assert model.data(model.index(by_id["dod-atalco"], date)) == "Dec 2025"
    assert model.data(model.index(by_id["doe-trace-ga"], date)) == "15 Sep 2025"


def test_header_shows_sort_keys_in_order(qtbot, runner):
    model = QueryTableModel(runner, Query("financing"))
    model.set_sort([SortKey("agency"), SortKey("amount_usd", True)])
    loaded(qtbot, model)
    assert model.headerData(model.column_of("agency"), Qt.Orientation.Horizontal).endswith("▲1")
    assert model.headerData(model.column_of("amount_usd"), Qt.Orientation.Horizontal).endswith("▼2")


def test_an_answer_to_an_older_query_is_dropped(qtbot, runner):
    model = QueryTableModel(runner, Query("financing"))
    model.set_query(Query("financing", search="korea zinc"))
    model.set_query(Query("financing", search="vault"))
    loaded(qtbot, model)
    runner.wait()
    qtbot.wait(50)  # let every queued answer arrive
    assert model.rowCount() == 1
    assert model.record_id(0) == "exim-project-vault"


@pytest.fixture(scope="session")
def million_rows(tmp_path_factory):
    from benchmarks.synthetic import generate

    path = tmp_path_factory.mktemp("big") / "million.sqlite"
    generate(path, 1_000_000)
    return f"sqlite:///{path}"


@pytest.mark.slow  # 75 s to generate the rows: `make test-all` and `make bench` run it
def test_a_million_rows_open_without_loading_them(qtbot, million_rows):
    engine = database.open_database(million_rows)
    runner = QueryRunner(engine)
    try:
        model = QueryTableModel(runner, Query("financing"))
        loaded(qtbot, model, timeout=30000)
        assert model.rowCount() == 1_000_035
        assert model.rows_fetched == PAGE_SIZE  # one page, not a million rows
        last = model.rowCount() - 1
        assert model.data(model.index(last, 0)) == "…"  # not loaded yet: asks for its page
        qtbot.waitUntil(lambda: model.record_id(last) is not None, timeout=60000)
        assert model.rows_fetched <= 2 * PAGE_SIZE
    finally:
        runner.wait(60000)
        engine.dispose()


def test_the_first_page_shows_before_the_count_arrives(qtbot, qtmodeltester, tmp_path, monkeypatch):
    """At ten million rows the count can take longer than the page: the rows come first."""
    import threading

    from benchmarks.synthetic import generate
    from forge_desktop.core import columnar

    path = generate(tmp_path / "rows.sqlite", 3 * PAGE_SIZE)
    release = threading.Event()
    really_count = columnar.count_rows

    def slow_count(session, query):
        release.wait(10)
        return really_count(session, query)

    monkeypatch.setattr(columnar, "count_rows", slow_count)
    engine = database.open_database(f"sqlite:///{path}")
    runner = QueryRunner(engine)
    try:
        model = QueryTableModel(runner, Query("financing"))
        qtbot.waitUntil(lambda: model.rowCount() > 0, timeout=5000)
        assert model.total is None and model.rowCount() == PAGE_SIZE  # the page, no count yet
        assert model.record_id(0) is not None
        qtmodeltester.check(model)
        with qtbot.waitSignal(model.countChanged, timeout=10000) as counted:
            release.set()
        assert counted.args == [3 * PAGE_SIZE + 35]
        assert model.rowCount() == model.total == 3 * PAGE_SIZE + 35
        qtmodeltester.check(model)
    finally:
        release.set()
        runner.wait(10000)
        Shiboken.delete(runner)
        engine.dispose()
