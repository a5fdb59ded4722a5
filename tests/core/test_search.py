"""Full-text search: the index finds what LIKE finds, follows edits, and old databases get it."""

from __future__ import annotations

import sqlite3

import pytest
from sqlalchemy import select, text, update
from sqlalchemy.orm import Session

from forge_desktop.core import database
from forge_desktop.core.query import Query, count, fetch, select_count
from forge_desktop.core.schema import SCHEMA_VERSION, Financing


def ids(session, query):
    return sorted(r[0] for r in fetch(session, query.with_columns(["id"])).rows)


@pytest.mark.parametrize("words", ["korea zinc", "хранилище", "ХРАНИЛИЩЕ", "lithium", "ab", "zz-none"])
def test_index_and_plain_scan_agree(session, words):
    """The FTS5 path (words of 3+ letters) and LIKE give the same rows."""
    query = Query("financing", search=words)
    like = [r for (r,) in session.execute(text(
        "SELECT id FROM financing WHERE " + " AND ".join(
            f"search_text LIKE :w{i}" for i, _ in enumerate(words.split()))),
        {f"w{i}": f"%{w.casefold()}%" for i, w in enumerate(words.split())})]
    assert ids(session, query) == sorted(like)


def test_sqlite_search_uses_the_index(engine):
    sql = str(select_count(Query("financing", search="korea")).compile(engine))
    assert "financing_fts MATCH" in sql
    assert "financing_fts MATCH" not in str(select_count(Query("financing", search="ab")).compile(engine))


def test_the_index_follows_edits(engine):
    with Session(engine) as session, session.begin():
        session.execute(update(Financing).where(Financing.id == "dod-atalco")
                        .values(search_text="brand new words"))
    with Session(engine) as session:
        assert ids(session, Query("financing", search="brand new")) == ["dod-atalco"]
        assert "dod-atalco" not in ids(session, Query("financing", search="atalco"))


def test_a_version_1_database_is_upgraded_in_place(db_url):
    path = database.sqlite_path(db_url)
    con = sqlite3.connect(path)
    for table in ("participants", "agreements", "financing"):
        for event in ("insert", "delete", "update"):
            con.execute(f"DROP TRIGGER {table}_fts_{event}")
        con.execute(f"DROP TABLE {table}_fts")
    con.execute("DROP INDEX ix_financing_amount_usd_id")
    con.execute("UPDATE meta SET value = '1' WHERE key = 'schema_version'")
    con.commit()
    con.close()
    engine = database.open_database(db_url)
    try:
        with Session(engine) as session:
            assert database.info(engine).schema_version == str(SCHEMA_VERSION)
            assert count(session, Query("financing", search="korea zinc")) == 3
            indexes = {r[0] for r in session.execute(text(
                "SELECT name FROM sqlite_master WHERE type = 'index'"))}
            assert "ix_financing_amount_usd_id" in indexes
            assert session.scalar(select(Financing.id).where(Financing.id == "dod-atalco"))
    finally:
        engine.dispose()
