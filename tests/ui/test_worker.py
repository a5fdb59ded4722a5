"""The worker's "latest answer wins": a keyed job supersedes the one before it — taken off
the queue if waiting, interrupted in the database if running — and only the newest answer
of a key is delivered."""

from __future__ import annotations

import threading

import pytest
from sqlalchemy import create_engine, text
from sqlalchemy.pool import NullPool

from forge_desktop.ui.worker import QueryRunner

SLOW = ("WITH RECURSIVE n(i) AS (SELECT 1 UNION ALL SELECT i + 1 FROM n WHERE i < 50000000) "
        "SELECT count(*) FROM n")


@pytest.fixture
def runner(qapp, tmp_path):
    engine = create_engine(f"sqlite:///{tmp_path / 'w.sqlite'}", poolclass=NullPool)
    runner = QueryRunner(engine, threads=1)
    yield runner
    runner.wait(10000)
    engine.dispose()


def test_only_the_latest_answer_of_a_key_is_delivered(qtbot, runner):
    got, gate = [], threading.Event()
    runner.submit(lambda s: gate.wait(5), lambda r: got.append("blocker"))  # holds the one thread
    for n in range(5):
        runner.submit(lambda s, n=n: n, got.append, key="chart")
    gate.set()
    qtbot.waitUntil(lambda: 4 in got, timeout=5000)
    qtbot.wait(100)
    assert got == ["blocker", 4]  # 0–3 were queued and taken off: never ran, never delivered
    assert runner.superseded == 4


def test_a_running_query_is_interrupted_when_superseded(qtbot, runner):
    got, failed = [], []
    started = threading.Event()

    def slow(session):
        started.set()
        return session.execute(text(SLOW)).scalar()

    runner.submit(slow, got.append, failed.append, key="totals")
    assert started.wait(5)
    runner.submit(lambda s: "new", got.append, failed.append, key="totals")
    qtbot.waitUntil(lambda: got == ["new"], timeout=5000)  # seconds sooner than the slow count
    qtbot.wait(100)
    assert failed == []  # the interrupted one says nothing: its question is gone


def test_keys_are_independent_and_unkeyed_jobs_always_answer(qtbot, runner):
    got = []
    runner.submit(lambda s: "a", got.append, key="facets")
    runner.submit(lambda s: "b", got.append, key="chart")
    runner.submit(lambda s: "c", got.append)
    runner.submit(lambda s: "d", got.append)
    qtbot.waitUntil(lambda: len(got) == 4, timeout=5000)
    assert sorted(got) == ["a", "b", "c", "d"]


def test_a_failure_of_the_latest_job_is_delivered(qtbot, runner):
    failed = []

    def boom(session):
        raise ValueError("no such column")

    runner.submit(boom, lambda r: None, failed.append, key="pivot")
    qtbot.waitUntil(lambda: bool(failed), timeout=5000)
    assert isinstance(failed[0], ValueError)


def test_cancel_forgets_a_key(qtbot, runner):
    got, gate = [], threading.Event()
    runner.submit(lambda s: gate.wait(5), lambda r: None)
    runner.submit(lambda s: "late", got.append, key="map")
    runner.cancel("map")
    gate.set()
    runner.wait(5000)
    qtbot.wait(50)
    assert got == []


def test_an_answer_already_on_its_way_is_dropped_when_superseded(qtbot, runner):
    got = []
    runner.submit(lambda s: "old", got.append, key="detail")
    runner.wait(5000)  # it has finished: its answer waits in the event queue
    runner.submit(lambda s: "new", got.append, key="detail")
    qtbot.waitUntil(lambda: "new" in got, timeout=5000)
    qtbot.wait(50)
    assert got == ["new"]


def test_cancel_all_forgets_every_key_of_a_prefix(qtbot, runner):
    got, gate = [], threading.Event()
    runner.submit(lambda s: gate.wait(5), lambda r: None)
    for page in range(3):
        runner.submit(lambda s, p=page: p, got.append, key=f"model:page:{page}")
    runner.submit(lambda s: "other", got.append, key="chart")
    runner.cancel_all("model:")
    gate.set()
    qtbot.waitUntil(lambda: got == ["other"], timeout=5000)
