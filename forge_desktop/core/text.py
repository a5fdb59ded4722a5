"""Text normalisation for search and matching, the same in Python and in the database.

SQLite's ``lower()`` and ``LIKE`` fold ASCII only, so "МОНГОЛИЯ" would not find "Монголия".
We fold in Python instead (``str.casefold`` is Unicode-aware), store the folded text in a
column, and fold the user's input the same way before comparing.
"""

from __future__ import annotations

import unicodedata
from collections.abc import Callable, Iterable

FOLD_MAP = str.maketrans({"ё": "е", "’": "'", "‘": "'", "–": "-", "—": "-", "\u00a0": " "})


def fold(text: str | None) -> str:
    """Case- and accent-insensitive form of *text* ("Ёлка" and "елка" fold alike)."""
    if not text:
        return ""
    folded = unicodedata.normalize("NFKC", text).casefold().translate(FOLD_MAP)
    return " ".join(folded.split())


def search_blob(parts: Iterable[object]) -> str:
    """One folded string holding every searchable part of a record."""
    return " \u2502 ".join(fold(str(p)) for p in parts if p not in (None, ""))


def match_keys(parts: Iterable[object]) -> str:
    """"|key|key|" — the exact-match keys of a lookup value (code, names, aliases)."""
    keys = [fold(str(p)) for p in parts if p not in (None, "")]
    return "|" + "|".join(dict.fromkeys(keys)) + "|"


def like_escape(text: str) -> str:
    """Escape LIKE wildcards so user text matches literally (escape char: backslash)."""
    return text.replace("\\", "\\\\").replace("%", "\\%").replace("_", "\\_")


Translate = Callable[[str, str], str]  # (context, text) → the text in the user's language


def untranslated(context: str, text: str) -> str:
    """The core's default translate: English as written. The Qt layer passes
    QCoreApplication.translate; pyside6-lupdate finds the texts at calls named translate()."""
    return text


def QT_TRANSLATE_NOOP(context: str, text: str) -> str:  # upper case: the name lupdate looks for
    """Marks a text kept in a table for translation later (lupdate finds this name)."""
    return text
