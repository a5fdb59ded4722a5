"""Free-text search: one folded ``search_text`` column per record table, and on SQLite a
full-text index over it so a word is found without reading every row.

The index is an FTS5 table with the trigram tokenizer (any substring of three or more
characters, Cyrillic included), kept in step with its table by triggers. Words shorter
than three characters, and databases other than SQLite, fall back to ``LIKE``; both give
the same rows, because ``search_text`` is already case-folded (see ``text.fold``).
"""

from __future__ import annotations

from collections.abc import Iterable
from typing import Any

from sqlalchemy import Column, Connection, Table, bindparam, text
from sqlalchemy.ext.compiler import compiles
from sqlalchemy.sql.compiler import SQLCompiler
from sqlalchemy.sql.expression import ColumnElement
from sqlalchemy.types import Boolean

from .schema import RecordModel
from .text import like_escape

SEARCHED_TABLES = ("participants", "agreements", "financing")
TRIGRAM = 3  # the shortest word the index can find


def _fts(table: str) -> str:
    return f"{table}_fts"


def ensure_search_index(connection: Connection, *, rebuild: bool = False) -> None:
    """Create the full-text tables and triggers if missing (SQLite only); fill new ones."""
    if connection.dialect.name != "sqlite":
        return
    for table in SEARCHED_TABLES:
        fts = _fts(table)
        exists = connection.execute(
            text("SELECT 1 FROM sqlite_master WHERE type = 'table' AND name = :n"), {"n": fts}).first()
        if not exists:
            connection.execute(text(
                f"CREATE VIRTUAL TABLE {fts} USING fts5(search_text, content='{table}', "
                f"content_rowid='rowid', tokenize='trigram')"))
        connection.execute(text(
            f"CREATE TRIGGER IF NOT EXISTS {fts}_insert AFTER INSERT ON {table} BEGIN "
            f"INSERT INTO {fts}(rowid, search_text) VALUES (new.rowid, new.search_text); END"))
        connection.execute(text(
            f"CREATE TRIGGER IF NOT EXISTS {fts}_delete AFTER DELETE ON {table} BEGIN "
            f"INSERT INTO {fts}({fts}, rowid, search_text) "
            f"VALUES ('delete', old.rowid, old.search_text); END"))
        connection.execute(text(
            f"CREATE TRIGGER IF NOT EXISTS {fts}_update AFTER UPDATE OF search_text ON {table} "
            f"BEGIN INSERT INTO {fts}({fts}, rowid, search_text) "
            f"VALUES ('delete', old.rowid, old.search_text); "
            f"INSERT INTO {fts}(rowid, search_text) VALUES (new.rowid, new.search_text); END"))
        if rebuild or not exists:
            connection.execute(text(f"INSERT INTO {fts}({fts}) VALUES ('rebuild')"))


class WordMatch(ColumnElement[bool]):
    """True when a record's search text contains every one of *words* (already folded)."""

    type = Boolean()
    inherit_cache = False
    _is_implicitly_boolean = True  # a condition already: no "= 1" appended on SQLite

    def __init__(self, table: Table, search_column: Column[str], words: tuple[str, ...]) -> None:
        self.table, self.search_column, self.words = table, search_column, words


def _likes(element: WordMatch, words: Iterable[str], compiler: SQLCompiler, **kw: Any) -> list[str]:
    column = compiler.process(element.search_column, **kw)
    return [f"{column} LIKE {compiler.process(bindparam(None, f'%{like_escape(w)}%', unique=True), **kw)}"
            f" ESCAPE '\\'" for w in words]


@compiles(WordMatch)
def _match_like(element: WordMatch, compiler: SQLCompiler, **kw: Any) -> str:
    return "(" + " AND ".join(_likes(element, element.words, compiler, **kw)) + ")"


@compiles(WordMatch, "sqlite")
def _match_fts(element: WordMatch, compiler: SQLCompiler, **kw: Any) -> str:
    long = [w for w in element.words if len(w) >= TRIGRAM]
    parts = _likes(element, [w for w in element.words if len(w) < TRIGRAM], compiler, **kw)
    if long:  # one MATCH for all words: the index intersects them
        phrases = " ".join('"' + w.replace('"', '""') + '"' for w in long)
        table, fts = element.table.name, _fts(element.table.name)
        parts.insert(0, f"{table}.rowid IN (SELECT rowid FROM {fts} WHERE {fts} MATCH "
                        f"{compiler.process(bindparam(None, phrases, unique=True), **kw)})")
    return "(" + " AND ".join(parts) + ")"


def words_match(model: RecordModel, words: list[str]) -> WordMatch:
    return WordMatch(model.__table__, model.__table__.c.search_text, tuple(words))
