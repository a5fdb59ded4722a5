"""What a PostgreSQL database needs that SQLite gets from Python: the fold function, the
trigram search index, and whether the connected role may write.

SQLite calls :func:`text.fold` itself (a function registered on each connection). PostgreSQL
cannot call Python, so ``forge_fold(text)`` is an SQL function generated *from* ``text.fold``:
NFKC, then one ``translate()`` for every character whose fold is one character (case folding,
the fold map, white space to a space), ``replace()`` for the hundred whose fold is several
(``ß`` → ``ss``), then runs of spaces collapsed. tests/core/test_postgres.py proves it equal
to ``text.fold`` on every character ``fold`` changes.
"""

from __future__ import annotations

import sys

from sqlalchemy import Connection, text

from .text import FOLD_MAP


def _character_folds() -> tuple[dict[str, str], dict[str, str]]:
    """Every character fold changes: those it maps to one character, and to several."""
    single: dict[str, str] = {}
    several: dict[str, str] = {}
    for code in range(1, sys.maxunicode + 1):
        if 0xD800 <= code < 0xE000:
            continue  # surrogates: not text
        char = chr(code)
        # what fold does to each character once the text is in NFKC (white space: one space)
        folded = " " if char.isspace() else char.casefold().translate(FOLD_MAP)
        if folded != char:
            (single if len(folded) == 1 else several)[char] = folded
    return single, several


def _literal(value: str) -> str:
    return "'" + value.replace("'", "''") + "'"


def fold_function_sql() -> str:
    """CREATE OR REPLACE FUNCTION forge_fold(text): text.fold in SQL."""
    single, several = _character_folds()
    expression = (f"translate(normalize(value, NFKC), {_literal(''.join(single))}, "
                  f"{_literal(''.join(single.values()))})")
    for char, folded in several.items():
        expression = f"replace({expression}, {_literal(char)}, {_literal(folded)})"
    return ("CREATE OR REPLACE FUNCTION forge_fold(value text) RETURNS text "
            "LANGUAGE sql IMMUTABLE STRICT PARALLEL SAFE AS $fold$ "
            f"SELECT btrim(regexp_replace({expression}, ' {{2,}}', ' ', 'g'), ' ') $fold$")


def install_functions(connection: Connection) -> None:
    """The fold function and pg_trgm (the search index's operator class)."""
    connection.execute(text(fold_function_sql()))
    connection.execute(text("CREATE EXTENSION IF NOT EXISTS pg_trgm"))


def has_functions(connection: Connection) -> bool:
    return connection.execute(text("SELECT to_regprocedure('forge_fold(text)') IS NOT NULL")
                              ).scalar_one() is True


def may_write(connection: Connection) -> bool:
    """Whether the connected role may change the records (insert into the change log)."""
    return connection.execute(text(
        "SELECT has_table_privilege(current_user, 'change_sets', 'INSERT') "
        "AND NOT current_setting('transaction_read_only')::boolean")).scalar_one() is True



WRITER, READER = "forge_writer", "forge_reader"


def _quoted(name: str) -> str:
    return '"' + name.replace('"', '""') + '"'


def init_team(connection: Connection, database_name: str) -> None:
    """The team's two roles on a built database: forge_writer may read and change the
    records, forge_reader may only read them. They are groups (no login): people log in as
    themselves, members of one (README "Team database"). Running it again changes nothing."""
    for role in (WRITER, READER):
        exists = connection.execute(text("SELECT 1 FROM pg_roles WHERE rolname = :r"),
                                    {"r": role}).first()
        if not exists:
            connection.execute(text(f"CREATE ROLE {role} NOLOGIN"))
    both = f"{READER}, {WRITER}"
    for statement in (
        f"GRANT CONNECT ON DATABASE {_quoted(database_name)} TO {both}",
        f"GRANT USAGE ON SCHEMA public TO {both}",
        f"GRANT SELECT ON ALL TABLES IN SCHEMA public TO {READER}",
        f"GRANT SELECT, INSERT, UPDATE, DELETE ON ALL TABLES IN SCHEMA public TO {WRITER}",
        f"GRANT USAGE, SELECT, UPDATE ON ALL SEQUENCES IN SCHEMA public TO {WRITER}",
        f"ALTER DEFAULT PRIVILEGES IN SCHEMA public GRANT SELECT ON TABLES TO {READER}",
        f"ALTER DEFAULT PRIVILEGES IN SCHEMA public "
        f"GRANT SELECT, INSERT, UPDATE, DELETE ON TABLES TO {WRITER}",
        f"ALTER DEFAULT PRIVILEGES IN SCHEMA public GRANT USAGE, SELECT, UPDATE ON SEQUENCES "
        f"TO {WRITER}",
    ):
        connection.execute(text(statement))
