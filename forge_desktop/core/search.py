"""Free-text search: every word found where a word of the record starts, in one folded
``search_text`` column per record table; on SQLite a full-text index over it finds the
words without reading every row.

A search word matches at the start of a word: "ore" finds "Ore" and "ore-bearing", never
"Core" or "more"; "лит" finds "Литий". A word that starts with a sign ("$10b", "(forge")
matches anywhere. Word characters are digits and Latin and Cyrillic letters
(:data:`WORD_RANGES`); SQL and :func:`match_spans` (what the window highlights) read the
same ranges, so what is highlighted is what matched.

On SQLite an FTS5 table with the trigram tokenizer (any substring of three or more
characters, Cyrillic included), kept in step with its table by triggers, finds the rows
holding every word somewhere; a ``GLOB`` then keeps those where each word starts a word.
Words shorter than three characters cannot use the index and are checked by the ``GLOB``
alone. On PostgreSQL a trigram index (pg_trgm) over ``search_text`` finds the rows holding
each word, and a regular expression with the same ranges keeps those where it starts a word.
Other databases use the regular expression alone. Both sides compare
folded text (see ``text.fold``): ``search_text`` is stored folded.
"""

from __future__ import annotations

import re
from collections.abc import Sequence
from functools import lru_cache
from typing import Any

from sqlalchemy import Connection, Table, bindparam, text
from sqlalchemy.ext.compiler import compiles
from sqlalchemy.sql.compiler import SQLCompiler
from sqlalchemy.sql.expression import ColumnElement
from sqlalchemy.types import Boolean

from .text import fold, like_escape

SEARCHED_TABLES = ("participants", "agreements", "financing")
TRIGRAM = 3  # the shortest word the index can find

# What a word is made of, besides the signs between words (× and ÷ sit inside Latin-1).
WORD_RANGES = (("0", "9"), ("a", "z"), ("à", "ö"), ("ø", "ɏ"), ("Ѐ", "ӿ"))
_WORD_CLASS = "".join(f"{first}-{last}" for first, last in WORD_RANGES)
_WORD_CHARACTER = re.compile(f"[{_WORD_CLASS}]")
_WORD_START = f"(?<![{_WORD_CLASS}])"  # no word character just before


def search_words(text: str) -> list[str]:
    """The words of a search as the index holds them: folded, split on spaces."""
    return fold(text).split()


def _starts_a_word(word: str) -> bool:
    """Whether *word* (folded) must be found at the start of a word: it begins with a letter
    or digit; one that begins with a sign is found wherever it stands."""
    return bool(_WORD_CHARACTER.match(word))


def _fts(table: str) -> str:
    return f"{table}_fts"


def ensure_search_index(connection: Connection, *, rebuild: bool = False) -> None:
    """Create the search index if missing: on SQLite full-text tables and triggers (filled
    when new), on PostgreSQL a trigram index (pg_trgm, see ``postgres.install_functions``)."""
    if connection.dialect.name == "postgresql":
        for table in SEARCHED_TABLES:
            connection.execute(text(f"CREATE INDEX IF NOT EXISTS {table}_search_trgm ON {table} "
                                    "USING gin (search_text gin_trgm_ops)"))
        return
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
    """True when a record's search text holds every one of *words* (already folded), each at
    the start of a word."""

    type = Boolean()
    inherit_cache = False
    _is_implicitly_boolean = True  # a condition already: no "= 1" appended on SQLite

    def __init__(self, table: Table | None, search_column: ColumnElement[str],
                 words: tuple[str, ...]) -> None:
        """*table*: the record table whose full-text index finds the words; None for text
        with no index (*search_column* an expression, folded: the sources' titles)."""
        self.table, self.search_column, self.words = table, search_column, words


def _bound(value: str, compiler: SQLCompiler, **kw: Any) -> str:
    return compiler.process(bindparam(None, value, unique=True), **kw)


def _glob_literal(word: str) -> str:
    """*word* as a GLOB pattern matching it literally: ``*``, ``?`` and ``[`` in brackets."""
    return re.sub(r"([*?\[])", r"[\1]", word)


def _globs(element: WordMatch, word: str, compiler: SQLCompiler, **kw: Any) -> str:
    """*word* where a word starts: at the very start, or after a non-word character.

    A short word (not in the index) is looked for anywhere first, which rejects most rows
    quickly. Then the start of a word: the GLOB after a space is only a fast path (most words
    follow one); the one after any non-word character, which tries every position of the
    text against the ranges, runs only for rows the first two did not settle.
    """
    column = compiler.process(element.search_column, **kw)
    literal = _glob_literal(word)
    anywhere = f"{column} GLOB {_bound(f'*{literal}*', compiler, **kw)}"
    if not _starts_a_word(word):
        return anywhere
    patterns = (f"{literal}*", f"* {literal}*", f"*[^{_WORD_CLASS}]{literal}*")
    starts = " OR ".join(f"{column} GLOB {_bound(p, compiler, **kw)}" for p in patterns)
    return f"{anywhere} AND ({starts})" if len(word) < TRIGRAM else f"({starts})"


@compiles(WordMatch, "sqlite")
def _match_fts(element: WordMatch, compiler: SQLCompiler, **kw: Any) -> str:
    long = [w for w in element.words if len(w) >= TRIGRAM] if element.table is not None else []
    # The index finds a long word anywhere: a GLOB is needed only where a word must start.
    parts = [_globs(element, w, compiler, **kw) for w in element.words
             if len(w) < TRIGRAM or _starts_a_word(w) or element.table is None]
    if long and element.table is not None:  # one MATCH for all words: the index intersects them
        phrases = " ".join('"' + w.replace('"', '""') + '"' for w in long)
        table, fts = element.table.name, _fts(element.table.name)
        parts.insert(0, f"{table}.rowid IN (SELECT rowid FROM {fts} WHERE {fts} MATCH "
                        f"{_bound(phrases, compiler, **kw)})")
    return "(" + " AND ".join(parts) + ")"


@compiles(WordMatch, "postgresql")
def _match_trigram(element: WordMatch, compiler: SQLCompiler, **kw: Any) -> str:
    """PostgreSQL: a LIKE per word, which the trigram index answers, then the word-start
    regular expression on the rows it found."""
    column = compiler.process(element.search_column, **kw)
    likes = [f"{column} LIKE {_bound('%' + like_escape(w) + '%', compiler, **kw)} ESCAPE '\\'"
             for w in element.words]
    return "(" + " AND ".join([*likes, _match_regexp(element, compiler, **kw)]) + ")"


@compiles(WordMatch)
def _match_regexp(element: WordMatch, compiler: SQLCompiler, **kw: Any) -> str:
    """Any other database: a regular expression per word (POSIX brackets, as PostgreSQL's
    ``~`` and MySQL's ``REGEXP`` read them)."""
    column = element.search_column
    patterns = [(f"(^|[^{_WORD_CLASS}])" if _starts_a_word(w) else "") + re.escape(w)
                for w in element.words]
    return "(" + " AND ".join(compiler.process(column.regexp_match(p), **kw)
                              for p in patterns) + ")"


def words_match(table: Table, words: Sequence[str]) -> WordMatch:
    """A record *table*'s rows whose ``search_text`` holds every one of *words*."""
    return WordMatch(table, table.c.search_text, tuple(words))


def text_match(text: ColumnElement[str], words: Sequence[str]) -> WordMatch:
    """Rows whose *text* (an expression, folded) holds every one of *words*, read row by row:
    for a small table with no full-text index."""
    return WordMatch(None, text, tuple(words))


@lru_cache(maxsize=4096)
def _folded_character(character: str) -> str:
    """One character as :func:`text.fold` folds it ("ß" → "ss"); a space stays one."""
    return fold(character) or " "


def match_spans(text: str, words: Sequence[str]) -> list[tuple[int, int]]:
    """Where in *text* (as shown, unfolded) the search *words* (folded, see
    :func:`search_words`) match as the search does: ``(start, end)`` pairs, in order, merged
    where they touch. The window highlights them."""
    whole = fold(text)
    if not any(word in whole for word in words):
        return []  # most cells of a searched table: one fold, no more
    folded: list[str] = []
    origin: list[int] = []  # the position in *text* of each folded character
    for position, character in enumerate(text):
        piece = _folded_character(character)
        folded.append(piece)
        origin.extend([position] * len(piece))
    haystack = "".join(folded)
    spans: list[tuple[int, int]] = []
    for word in dict.fromkeys(words):
        start = _WORD_START if _starts_a_word(word) else ""
        spans.extend((origin[found.start()], origin[found.end() - 1] + 1)
                     for found in re.finditer(start + re.escape(word), haystack))
    merged: list[tuple[int, int]] = []
    for first, last in sorted(spans):
        if merged and first <= merged[-1][1]:
            merged[-1] = (merged[-1][0], max(last, merged[-1][1]))
        else:
            merged.append((first, last))
    return merged
