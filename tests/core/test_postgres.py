"""The same command gives the same answer on both engines: folding, text filters with dashes,
``ё``, curly quotes and non-breaking spaces, search through an index, and one clear line when
the PostgreSQL driver or server is missing."""

from __future__ import annotations

import json
import socket
import sys
import unicodedata
from pathlib import Path

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st
from sqlalchemy import bindparam, create_engine, select, text
from sqlalchemy.dialects.postgresql import ARRAY
from sqlalchemy.types import Text

from forge_desktop.core import database
from forge_desktop.core import postgres as postgres_functions
from forge_desktop.core.postgres import _character_folds
from forge_desktop.core.query import Query, fetch
from forge_desktop.core.schema import SCHEMA_VERSION, Financing
from forge_desktop.core.search import words_match
from forge_desktop.core.text import fold
from tests.conftest import run_forge


@pytest.fixture
def postgres(postgres_url):
    """A connection to a PostgreSQL database built by open_database (the fold function in it);
    skipped, loudly, without a server."""
    engine = create_engine(postgres_url)
    with engine.connect() as connection:
        yield connection
    engine.dispose()


def sql_fold(connection, values: list[str]) -> list[str]:
    return list(connection.execute(
        text("SELECT forge_fold(v) FROM unnest(:values) WITH ORDINALITY AS t(v, n) ORDER BY n")
        .bindparams(bindparam("values", type_=ARRAY(Text))), {"values": values}).scalars())


def test_sql_fold_is_text_fold_on_every_character_fold_changes(postgres):
    single, several = _character_folds()
    changed = [*single, *several]
    compat = [chr(c) for c in range(0x20, 0x3000)
              if unicodedata.normalize("NFKC", chr(c)) != chr(c)]  # what NFKC changes first
    samples = [f" A{c}b\u00a0 {c}Ё " for c in [*changed, *compat] if c != "\x00"]
    assert len(samples) > 2000
    assert sql_fold(postgres, samples) == [fold(s) for s in samples]


@settings(max_examples=60, deadline=None,
          suppress_health_check=[HealthCheck.function_scoped_fixture])  # read only
@given(st.lists(st.text(st.characters(blacklist_categories=("Cs",), blacklist_characters="\x00"),
                        max_size=30), min_size=1, max_size=20))
def test_sql_fold_is_text_fold_on_any_text(postgres, values):
    assert sql_fold(postgres, values) == [fold(v) for v in values]


def rows(db_url, *args):
    result = run_forge(*args, "--format", "json", "--db", db_url)
    assert result.returncode == 0, result.stderr.decode()
    return json.loads(result.stdout)


@pytest.mark.parametrize("typed", ["US–", "us-", "US—"])
def test_a_text_filter_with_a_dash_finds_what_python_finds(db_url, session, typed):
    titles = [r[0] for r in fetch(session, Query("agreements").with_columns(["title"])).rows]
    expected = sum(fold(t or "").startswith(fold(typed)) for t in titles)
    assert expected > 0
    found = rows(db_url, "export", "agreements", "--where", f"title startswith {typed}")
    assert len(found) == expected


@pytest.mark.parametrize(("stored", "typed"), [
    ("Ёлка Минералс", "ёлка минералс"),
    ("Ёлка Минералс", "ЕЛКА  МИНЕРАЛС"),
    ("O’Neil\u00a0Mining", "o'neil mining"),
    ("Straße Metals", "STRASSE metals"),
])
def test_an_edited_value_is_found_by_its_folded_spelling(db_url, stored, typed):
    edit = run_forge("edit", "financing", "exim-project-vault", "--set", f"recipient={stored}",
                     "--db", db_url)
    assert edit.returncode == 0, edit.stderr.decode()
    found = rows(db_url, "export", "financing", "--where", f"recipient = {typed}")
    assert [r["id"] for r in found] == ["exim-project-vault"]
    assert [r["id"] for r in rows(db_url, "export", "financing", "--search", typed)] == [
        "exim-project-vault"]


@pytest.mark.parametrize(("table", "by"), [("participants", "region"), ("agreements", "parties")])
def test_totals_of_tables_without_amounts(db_url, table, by):
    """No amounts to sum: PostgreSQL refused sum(unknown) of an untyped NULL."""
    result = run_forge("totals", "--table", table, "--by", by, "--format", "json",
                       "--db", db_url)
    assert result.returncode == 0, result.stderr.decode()
    assert json.loads(result.stdout)


def test_postgresql_search_reads_the_trigram_index(postgres_url):
    """(SQLite's FTS5 index: tests/core/test_search.py.)"""
    engine = database.open_database(postgres_url)
    condition = words_match(Financing.__table__, ["lithium"])
    statement = select(Financing.id).where(condition)
    with engine.connect() as connection:
        connection.execute(text("SET enable_seqscan = off"))
        compiled = statement.compile(connection, compile_kwargs={"literal_binds": True})
        plan = "\n".join(connection.execute(text(f"EXPLAIN {compiled}")).scalars())
    engine.dispose()
    assert "financing_search_trgm" in plan


def _closed_port() -> int:
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return int(probe.getsockname()[1])


def test_a_missing_driver_is_one_line_naming_the_fix(monkeypatch):
    monkeypatch.setitem(sys.modules, "psycopg", None)  # import psycopg raises ImportError
    result = run_forge("db", "info", "--db", "postgresql://ann:s3cret@127.0.0.1:5999/forge")
    stderr = result.stderr.decode()
    assert result.returncode == 2 and len(stderr.splitlines()) == 1, stderr
    assert "pip install 'forge-desktop[postgres]'" in stderr and "s3cret" not in stderr


def test_an_unreachable_server_is_one_line_without_the_password():
    url = f"postgresql://ann:s3cret@127.0.0.1:{_closed_port()}/forge"
    result = run_forge("db", "info", "--db", url)
    stderr = result.stderr.decode()
    assert result.returncode == 2 and len(stderr.splitlines()) == 1, stderr
    assert "127.0.0.1" in stderr and "s3cret" not in stderr and "***" in stderr


def test_the_open_error_never_holds_the_password():
    with pytest.raises(database.DatabaseError) as refused:
        database.open_database(f"postgresql://ann:s3cret@127.0.0.1:{_closed_port()}/forge")
    assert "s3cret" not in str(refused.value)


SCHEMA_2 = Path(__file__).parent / "fixtures" / "schema-2.postgresql.sql"


def test_a_schema_2_postgresql_database_is_upgraded_in_place_keeping_its_import(
        postgres_admin_url):
    """The upgrade path on PostgreSQL (2 → 3 → 4 → 5), from a database an old version built."""
    import shutil
    import subprocess
    import uuid

    from sqlalchemy.engine import make_url

    psql = shutil.which("psql")
    if psql is None:
        pytest.skip("no psql to load the schema-2 dump with")
    name = f"forge_v2_{uuid.uuid4().hex[:8]}"
    admin = create_engine(postgres_admin_url, isolation_level="AUTOCOMMIT")
    with admin.connect() as connection:
        connection.execute(text(f'CREATE DATABASE "{name}"'))
    url = make_url(postgres_admin_url).set(database=name)
    try:
        libpq = url.set(drivername="postgresql").render_as_string(hide_password=False)
        subprocess.run([psql, libpq, "-q", "-v", "ON_ERROR_STOP=1", "-f", str(SCHEMA_2)],
                       check=True, capture_output=True)
        engine = database.open_database(url.render_as_string(hide_password=False))
        try:
            with engine.connect() as connection:
                version = connection.execute(text(
                    "SELECT value FROM meta WHERE key = 'schema_version'")).scalar_one()
                assert version == str(SCHEMA_VERSION)
                assert postgres_functions.has_functions(connection)
            from sqlalchemy.orm import Session

            with Session(engine) as session:
                found = fetch(session, Query("financing", search="codelco").with_columns(
                    ["id", "agency", "amount_usd", "minerals", "locations", "origin"])).rows
            assert [tuple(map(str, row)) for row in found] == [
                ("v2-chile-lithium", "DFC", "50000000", "['Lithium']", "['Chile']", "imported")]
        finally:
            engine.dispose()
    finally:
        with admin.connect() as connection:
            connection.execute(text(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)'))
        admin.dispose()
