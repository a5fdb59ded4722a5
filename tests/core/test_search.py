"""Full-text search: words match where a word starts, the index finds what a plain scan
finds, follows edits, and old databases get it; what matched is where the window highlights."""

from __future__ import annotations

import re
import sqlite3

import pytest
from sqlalchemy import select, text, update
from sqlalchemy.dialects import mysql
from sqlalchemy.orm import Session

from forge_desktop.core import database
from forge_desktop.core.query import Query, count, fetch, select_count, where_clause
from forge_desktop.core.schema import SCHEMA_VERSION, Financing
from forge_desktop.core.search import match_spans, search_words


def ids(session, query):
    return sorted(r[0] for r in fetch(session, query.with_columns(["id"])).rows)


def at_word_starts(search: str, blob: str) -> bool:
    """The rule, written independently of the SQL: every folded word of *search* occurs in
    *blob* with no letter or digit just before it (a word that begins with a sign: anywhere)."""
    return all(re.search((r"(?<![^\W_])" if w[0].isalnum() else "") + re.escape(w), blob)
               for w in search_words(search))


WORDS = ["korea zinc", "хранилище", "ХРАНИЛИЩЕ", "lithium", "ab", "zz-none", "ore", "лит",
         "ли", "orea", "rare earth", "$1", "(forge", "e"]


@pytest.mark.parametrize("words", WORDS)
def test_the_index_finds_the_rows_a_plain_scan_finds(session, words):
    """The FTS5 path (words of 3+ letters, then a word-start check) and a scan of every row
    by the rule give the same rows. (This used to compare with a substring LIKE: "ab" then
    found "offtake-jv" and "action plan" rows for their "ab" inside a word.)"""
    everyone = session.execute(select(Financing.id, Financing.search_text)).all()
    expected = sorted(i for i, blob in everyone if at_word_starts(words, blob))
    assert ids(session, Query("financing", search=words)) == expected


@pytest.mark.parametrize("words", WORDS)
@pytest.mark.sqlite_only("compiles for a third database and reads the rows in Python")
def test_other_databases_use_a_regular_expression_with_the_same_rule(session, words):
    """A database with neither FTS5 nor pg_trgm (MySQL) gets ``REGEXP`` with the same word
    ranges; run its patterns here through Python's regular expressions over every row."""
    compiled = where_clause(Query("financing", search=words)).compile(dialect=mysql.dialect())
    assert " REGEXP " in str(compiled)
    patterns = [v for v in compiled.params.values() if isinstance(v, str)]
    assert len(patterns) == len(search_words(words))
    everyone = session.execute(select(Financing.id, Financing.search_text)).all()
    found = sorted(i for i, blob in everyone if all(re.search(p, blob) for p in patterns))
    assert found == ids(session, Query("financing", search=words))


def test_a_word_matches_where_a_word_starts_not_inside_one(session):
    # "Reliable Ore Characterization …" only: not Korea, "more" or "core"
    assert ids(session, Query("financing", search="ore")) == ["doe-rocks"]
    assert ids(session, Query("financing", search="orea")) == []
    assert len(ids(session, Query("financing", search="korea"))) == 3
    assert ids(session, Query("financing", search="ЛИТ")) == ["exim-loi-lithium-arkansas"]


def test_sign_characters_of_the_glob_match_literally(session):
    for sign in ("*", "?", "[", "[a", "a*", "*e"):
        assert ids(session, Query("financing", search=sign)) == []


@pytest.mark.sqlite_only("SQLite's FTS5 index and file")
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


@pytest.mark.sqlite_only("SQLite's FTS5 index and file")
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


# --------------------------------------------------------------------------- highlighting


@pytest.mark.parametrize(
    ("shown", "search", "spans"),
    [
        ("Reliable Ore Characterization", "ore", [(9, 12)]),
        ("Korea Zinc", "ore", []),  # inside a word: no match, nothing to highlight
        ("Korea Zinc", "ZINC korea", [(0, 5), (6, 10)]),
        ("Литий, Arkansas", "лит ark", [(0, 3), (7, 10)]),
        ("Ёлка и ель", "елк", [(0, 3)]),  # ё folds to е, as the index holds it
        ("Große Straße", "strasse", [(6, 12)]),  # ß folds to "ss": the span is the shown word
        ("up to $10B", "$10", [(6, 9)]),  # a sign first: found where it stands
        ("Rare earth, rare earths", "rare rar", [(0, 4), (12, 16)]),  # overlapping: merged
        ("anything", "", []),
    ],
)
def test_match_spans_are_what_the_search_matched_in_the_shown_text(shown, search, spans):
    assert match_spans(shown, search_words(search)) == spans
