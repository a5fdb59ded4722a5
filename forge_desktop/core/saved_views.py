"""Saved views: a name for a table's filters, facet choices, search, sort and columns.

Datasette keeps a view in its URL and calibre keeps saved searches; here a view is one
entry of a small JSON file in the user's config folder, so a view saved in the window
works on the command line at once (``forge-desktop export --view NAME``). Filters and
sort keys are kept in their machine text form (``str(Filter)``, ``str(SortKey)``): the
same words ``--where`` and ``--sort`` read, legible and diffable by hand.

A view is checked against the columns of this version only when it is recalled
(:func:`fit`): one saved by an older version that names a column that no longer exists
leaves that piece out, says so, and applies the rest.

The file is written atomically (a temporary file renamed over it) after re-reading it, so
a view saved by another window is never lost. A file that cannot be read, whole or in part,
is kept aside as ``views.json.broken`` before anything is written over it (:class:`Repair`
says what happened): the user is told once, nothing is lost, nothing raises a traceback.
"""

from __future__ import annotations

import json
import os
import re
import shutil
from collections.abc import Sequence
from dataclasses import dataclass, replace
from pathlib import Path
from typing import Any

import platformdirs

from .columns import ALL_TABLES
from .database import APP_NAME
from .errors import ForgeError
from .exports import ExportError, atomic_file
from .facets import FACETS
from .filter_text import parse_filter, parse_sort
from .query import AnyOf, Condition, Filter, Op, Query, QueryError, SortKey, validate
from .text import QT_TRANSLATE_NOOP, Translate, fold, untranslated

VIEWS_FILENAME = "views.json"
FILE_FORMAT = "forge-desktop saved views"
FILE_VERSION = 1
CONTEXT = "SavedViews"  # the translation context of every text below


def views_path() -> Path:
    """``views.json`` in the user's config folder, beside the window's settings."""
    return platformdirs.user_config_path(APP_NAME, appauthor=False) / VIEWS_FILENAME


class SavedViewError(ForgeError):
    """A view or a views file that cannot be used as asked; ``str()`` is the English text,
    :meth:`text` the same in the user's language."""

    def __init__(self, template: str, *values: str):
        super().__init__(template.format(*values))
        self.template = template
        self.values = values

    def text(self, translate: Translate = untranslated) -> str:
        return translate(CONTEXT, self.template).format(*self.values)


def clean_name(text: str) -> str:
    """A view's name as kept: trimmed, inner runs of spaces made one. Raises if empty."""
    name = " ".join(text.split())
    if not name:
        raise SavedViewError(QT_TRANSLATE_NOOP("SavedViews", "a view needs a name"))
    return name


def same_name(a: str, b: str) -> bool:
    """Names match whatever their case: ``--view "dod big"`` finds "DOD big"."""
    return fold(a) == fold(b)


@dataclass(frozen=True)
class SavedView:
    """A named table state, kept as text: filter texts, (facet column, chosen values),
    the search, sort key texts (``-amount_usd``) and the columns shown, in order (empty:
    the table's default columns)."""

    name: str
    table: str
    filters: tuple[str, ...] = ()
    facets: tuple[tuple[str, tuple[str, ...]], ...] = ()
    search: str = ""
    sort: tuple[str, ...] = ()
    columns: tuple[str, ...] = ()

    @classmethod
    def of(cls, name: str, query: Query,
           facets: Sequence[tuple[str, Sequence[str]]] = ()) -> SavedView:
        """The view that shows *query* (its filters, search, sort and columns), with the
        facet choices kept apart so the window shows them in the facets again."""
        return cls(clean_name(name), query.table, tuple(str(f) for f in query.filters),
                   tuple((column, tuple(values)) for column, values in facets),
                   query.search, tuple(str(k) for k in query.sort), query.columns or ())

    def renamed(self, name: str) -> SavedView:
        return replace(self, name=clean_name(name))

    def same_content(self, other: SavedView) -> bool:
        return replace(self, name="") == replace(other, name="")

    def to_json(self) -> dict[str, Any]:
        return {"name": self.name, "table": self.table, "filters": list(self.filters),
                "facets": {column: list(values) for column, values in self.facets},
                "search": self.search, "sort": list(self.sort), "columns": list(self.columns)}

    @classmethod
    def from_json(cls, data: object) -> SavedView:
        """Read one entry of the file; a missing optional key is empty, a wrong type raises
        :class:`UnreadableEntry`."""
        if not isinstance(data, dict):
            raise UnreadableEntry("an entry that is not an object")
        name, table = data.get("name"), data.get("table")
        if not isinstance(name, str) or not name.strip():
            raise UnreadableEntry("an entry without a name")
        facets, search = data.get("facets", {}), data.get("search", "")
        lists = {key: data.get(key, []) for key in ("filters", "sort", "columns")}
        if (not isinstance(table, str) or not isinstance(facets, dict)
                or not isinstance(search, str)
                or not all(_texts(values) for values in (*facets.values(), *lists.values()))):
            raise UnreadableEntry(f"view “{name}”, malformed")
        return cls(clean_name(name), table, tuple(lists["filters"]),
                   tuple((column, tuple(values)) for column, values in facets.items()),
                   search, tuple(lists["sort"]), tuple(lists["columns"]))


class UnreadableEntry(ValueError):
    """An entry of a views file this version cannot read; the message says which, for the
    backup's note (technical detail, like a JSON error, so not translated)."""


def _texts(value: object) -> bool:
    """Whether *value* is a JSON list of strings."""
    return isinstance(value, list) and all(isinstance(v, str) for v in value)


# --------------------------------------------------------------------------- recalling

# What was left out of a view, and why; {0} is the piece (a filter's text, a column's name).
PIECES = {
    "filter": QT_TRANSLATE_NOOP("SavedViews", "the filter “{0}”"),
    "facet": QT_TRANSLATE_NOOP("SavedViews", "the choice in the {0} facet"),
    "sort": QT_TRANSLATE_NOOP("SavedViews", "the sort by {0}"),
    "column": QT_TRANSLATE_NOOP("SavedViews", "the column {0}"),
}
NO_SUCH_COLUMN = QT_TRANSLATE_NOOP("SavedViews", "there is no column {0} any more")
NO_SUCH_FACET = QT_TRANSLATE_NOOP("SavedViews", "there is no facet {0} any more")


@dataclass(frozen=True)
class LeftOut:
    """A piece of a view that does not fit this version's columns. *missing* names the
    column it names that no longer exists; otherwise *reason* is the query's own words."""

    piece: str  # a key of PIECES
    text: str
    missing: str | None = None
    reason: str = ""

    def words(self, translate: Translate = untranslated) -> str:
        why = (translate(CONTEXT, NO_SUCH_FACET if self.piece == "facet" else NO_SUCH_COLUMN)
               .format(self.missing) if self.missing is not None else self.reason)
        return f"{translate(CONTEXT, PIECES[self.piece]).format(self.text)} ({why})"


@dataclass(frozen=True)
class FittedView:
    """A view read against this version's columns: the pieces that fit, parsed, and the
    pieces left out."""

    view: SavedView
    filters: tuple[Filter, ...]
    facets: tuple[tuple[str, tuple[str, ...]], ...]
    sort: tuple[SortKey, ...]
    columns: tuple[str, ...]
    left_out: tuple[LeftOut, ...] = ()

    @property
    def facet_conditions(self) -> tuple[Condition, ...]:
        """The facet choices as the filters they stand for (what the facet panel applies)."""
        return tuple(Condition(column, Op.IN, values) for column, values in self.facets)

    def query(self) -> Query:
        """The rows the view shows: filters and facet choices ANDed, searched, sorted."""
        return Query(self.view.table, (*self.filters, *self.facet_conditions), self.view.search,
                     self.sort, columns=self.columns or None)

    def message(self, translate: Translate = untranslated) -> str:
        """What was left out, in one sentence; empty when the whole view fits."""
        if not self.left_out:
            return ""
        pieces = "; ".join(piece.words(translate) for piece in self.left_out)
        return translate(CONTEXT, LEFT_OUT).format(self.view.name, pieces)


LEFT_OUT = QT_TRANSLATE_NOOP("SavedViews", "View “{0}”: left out {1}; the rest is applied.")


def fit(view: SavedView) -> FittedView:
    """Read *view* against the columns of this version, leaving out what no longer fits.

    Raises :class:`SavedViewError` only when its table itself is gone: nothing would apply.
    """
    if view.table not in ALL_TABLES:
        raise SavedViewError(QT_TRANSLATE_NOOP(
            "SavedViews", "view “{0}” is of the table {1}, which this version does not have"),
            view.name, view.table)
    fitting = _Fitting(view.table)
    filters = tuple(f for text in view.filters if (f := fitting.filter(text)) is not None)
    facets = tuple((column, values) for column, values in view.facets
                   if fitting.facet(column, values))
    sort = tuple(key for text in view.sort for key in parse_sort(text) if fitting.sort_key(key))
    columns = tuple(name for name in dict.fromkeys(view.columns) if fitting.column(name))
    return FittedView(view, filters, facets, sort, columns, tuple(fitting.left_out))


class _Fitting:
    """Checks a view's pieces one by one against *table*, noting those left out."""

    def __init__(self, table: str):
        self.table = table
        self.names = set(ALL_TABLES[table].names)
        self.left_out: list[LeftOut] = []

    def _runs(self, piece: str, text: str, named: Sequence[str], query: Query) -> bool:
        missing = next((n for n in named if n not in self.names), None)
        if missing is not None:
            self.left_out.append(LeftOut(piece, text, missing))
            return False
        try:
            validate(query)
        except QueryError as exc:  # an operator or value this version reads differently
            self.left_out.append(LeftOut(piece, text, reason=str(exc)))
            return False
        return True

    def filter(self, text: str) -> Filter | None:
        try:
            parsed = parse_filter(text)
        except QueryError as exc:
            self.left_out.append(LeftOut("filter", text, reason=str(exc)))
            return None
        conditions = parsed.conditions if isinstance(parsed, AnyOf) else (parsed,)
        named = [c.column for c in conditions]
        return parsed if self._runs("filter", text, named, Query(self.table, (parsed,))) else None

    def facet(self, column: str, values: tuple[str, ...]) -> bool:
        if column not in FACETS[self.table]:
            self.left_out.append(LeftOut("facet", column, column))
            return False
        return self._runs("facet", column, (column,),
                          Query(self.table, (Condition(column, Op.IN, values),)))

    def sort_key(self, key: SortKey) -> bool:
        return self._runs("sort", key.column, (key.column,), Query(self.table, sort=(key,)))

    def column(self, name: str) -> bool:
        return self._runs("column", name, (name,), Query(self.table, columns=(name,)))


# --------------------------------------------------------------------------- the file

REPAIRED_WHOLE = QT_TRANSLATE_NOOP(
    "SavedViews", "The saved views file could not be read ({0}); it was kept as {1} and the "
                  "views start afresh.")
REPAIRED_PART = QT_TRANSLATE_NOOP(
    "SavedViews", "Some saved views could not be read ({0}) and were left out; the file as it "
                  "was is kept as {1}.")


@dataclass(frozen=True)
class Repair:
    """What reading a broken views file did: where the file as it was is kept, and why.
    *whole*: nothing could be read; else only the entries named in *detail* were dropped."""

    backup: Path
    detail: str
    whole: bool

    def text(self, translate: Translate = untranslated) -> str:
        template = REPAIRED_WHOLE if self.whole else REPAIRED_PART
        return translate(CONTEXT, template).format(self.detail, self.backup)


UNKNOWN_VIEW = QT_TRANSLATE_NOOP("SavedViews", "unknown view “{0}”; the saved views: {1}")
NO_VIEWS = QT_TRANSLATE_NOOP(
    "SavedViews", "unknown view “{0}”; no views are saved yet (save one in the window: View → "
                  "Saved views → Save current view…)")


@dataclass(frozen=True)
class ViewsFile:
    """The saved views as read (in the file's order), and the repair reading needed."""

    views: tuple[SavedView, ...] = ()
    repair: Repair | None = None

    @property
    def names(self) -> tuple[str, ...]:
        return tuple(v.name for v in self.views)

    def get(self, name: str) -> SavedView | None:
        return next((v for v in self.views if same_name(v.name, name)), None)

    def find(self, name: str) -> SavedView:
        """The view called *name* (in any case); raises naming the views there are."""
        view = self.get(name)
        if view is not None:
            return view
        if not self.views:
            raise SavedViewError(NO_VIEWS, name)
        raise SavedViewError(UNKNOWN_VIEW, name, ", ".join(self.names))

    def holds(self, view: SavedView) -> bool:
        """Whether *view* is saved already, under its name or a free name made from it."""
        variants = re.compile(re.escape(fold(view.name)) + r"(?: \(\d+\))?")
        return any(v.same_content(view) and variants.fullmatch(fold(v.name)) for v in self.views)

    def free_name(self, name: str) -> str:
        """*name*, or "name (2)", "name (3)"…: the first no view has yet."""
        candidate, n = name, 1
        while self.get(candidate) is not None:
            n += 1
            candidate = f"{name} ({n})"
        return candidate


@dataclass(frozen=True)
class ImportedViews:
    """What an import did: views added under their own name, views added under a free
    name because one of that name holds something else ((name in the file, name given)),
    and views already saved exactly as in the file (under its name or such a free name)."""

    added: tuple[str, ...]
    renamed: tuple[tuple[str, str], ...]
    unchanged: tuple[str, ...]
    file: ViewsFile


def _parse(text: str) -> tuple[list[SavedView], list[str]]:
    """The views of a file's text and what could not be read of it, entry by entry (a
    second entry of a name counts as unreadable). Raises :class:`UnreadableEntry` when
    nothing can be read."""
    try:
        data = json.loads(text)
    except ValueError as exc:
        raise UnreadableEntry(f"not valid JSON: {exc}") from None
    entries = data.get("views") if isinstance(data, dict) else None
    if not isinstance(entries, list):
        raise UnreadableEntry("no list of views in it")
    views: list[SavedView] = []
    problems: list[str] = []
    for entry in entries:
        try:
            view = SavedView.from_json(entry)
        except UnreadableEntry as exc:
            problems.append(str(exc))
            continue
        if any(same_name(view.name, v.name) for v in views):
            problems.append(f"a second view “{view.name}”")
        else:
            views.append(view)
    return views, problems


def _document(views: Sequence[SavedView]) -> str:
    return json.dumps({"format": FILE_FORMAT, "version": FILE_VERSION,
                       "views": [v.to_json() for v in views]}, ensure_ascii=False, indent=2) + "\n"


class ViewStore:
    """The views file (by default :func:`views_path`). Every change re-reads the file
    and writes it whole, atomically, so two windows and the command line never clobber
    each other's views."""

    def __init__(self, path: Path | str | None = None):
        self.path = Path(path) if path is not None else views_path()

    def load(self) -> ViewsFile:
        """The views as they are in the file now; a broken file is set aside (see
        :class:`Repair`). Raises :class:`SavedViewError` only if the file cannot be read
        from the disk at all."""
        try:
            text = self.path.read_text(encoding="utf-8")
        except FileNotFoundError:
            return ViewsFile()
        except UnicodeDecodeError as exc:
            return ViewsFile((), self._set_aside(str(exc), whole=True))
        except OSError as exc:
            raise SavedViewError(QT_TRANSLATE_NOOP("SavedViews", "cannot read {0}: {1}"),
                                 str(self.path), exc.strerror or str(exc)) from None
        try:
            views, problems = _parse(text)
        except UnreadableEntry as exc:
            return ViewsFile((), self._set_aside(str(exc), whole=True))
        if not problems:
            return ViewsFile(tuple(views))
        repair = self._set_aside("; ".join(problems), whole=False)
        self._write(views)  # the readable views stay; the file as it was is the backup
        return ViewsFile(tuple(views), repair)

    def _set_aside(self, detail: str, *, whole: bool) -> Repair:
        """Keep the file as it is under a name no later write touches: moved when nothing
        of it is readable (the next save starts afresh), copied when part of it is."""
        backup = self.path.with_name(self.path.name + ".broken")
        n = 1
        while backup.exists():
            n += 1
            backup = self.path.with_name(f"{self.path.name}.broken-{n}")
        try:
            (os.replace if whole else shutil.copy2)(self.path, backup)
        except OSError as exc:
            raise SavedViewError(QT_TRANSLATE_NOOP(
                "SavedViews", "{0} cannot be read ({1}) nor kept aside: {2}; fix or remove it"),
                str(self.path), detail, exc.strerror or str(exc)) from None
        return Repair(backup, detail, whole)

    def _write(self, views: Sequence[SavedView]) -> None:
        try:
            self.path.parent.mkdir(parents=True, exist_ok=True)
            with atomic_file(self.path) as handle:
                handle.write(_document(views))
        except (OSError, ExportError) as exc:
            raise SavedViewError(QT_TRANSLATE_NOOP("SavedViews", "cannot save the views: {0}"),
                                 str(exc)) from None

    def save(self, view: SavedView) -> ViewsFile:
        """Add *view*, or replace the one of the same name (in place, keeping the order)."""
        current = self.load()
        views = list(current.views)
        index = next((i for i, v in enumerate(views) if same_name(v.name, view.name)), None)
        if index is None:
            views.append(view)
        else:
            views[index] = view
        self._write(views)
        return ViewsFile(tuple(views), current.repair)

    def rename(self, old: str, new: str) -> ViewsFile:
        """Give view *old* the name *new*; refused if another view has that name."""
        current = self.load()
        view = current.find(old)
        name = clean_name(new)
        other = current.get(name)
        if other is not None and other is not view:
            raise SavedViewError(QT_TRANSLATE_NOOP("SavedViews", "a view named “{0}” exists already"),
                                 other.name)
        views = tuple(v.renamed(name) if v is view else v for v in current.views)
        self._write(views)
        return ViewsFile(views, current.repair)

    def delete(self, name: str) -> ViewsFile:
        current = self.load()
        view = current.find(name)
        views = tuple(v for v in current.views if v is not view)
        self._write(views)
        return ViewsFile(views, current.repair)

    def export_to(self, target: Path | str) -> ViewsFile:
        """Write every saved view to *target* (in the same format: it can be imported, or
        used as a views file) and return them."""
        current = self.load()
        try:
            with atomic_file(target) as handle:
                handle.write(_document(current.views))
        except ExportError as exc:
            raise SavedViewError(QT_TRANSLATE_NOOP("SavedViews", "cannot export the views: {0}"),
                                 str(exc)) from None
        return current

    def import_from(self, source: Path | str) -> ImportedViews:
        """Add the views of *source*, all or none: a file with any unreadable entry adds
        nothing. A view whose name is taken by a different view is added under a free
        name; nothing saved is ever replaced."""
        try:
            text = Path(source).read_text(encoding="utf-8")
        except (OSError, UnicodeDecodeError) as exc:
            raise SavedViewError(QT_TRANSLATE_NOOP("SavedViews", "cannot read {0}: {1}"),
                                 str(source), getattr(exc, "strerror", None) or str(exc)) from None
        try:
            incoming, problems = _parse(text)
        except UnreadableEntry as exc:
            incoming, problems = [], [str(exc)]
        if problems:
            raise SavedViewError(QT_TRANSLATE_NOOP("SavedViews", "{0}: {1}; nothing was imported"),
                                 str(source), "; ".join(problems))
        current = self.load()
        file = current
        added: list[str] = []
        renamed: list[tuple[str, str]] = []
        unchanged: list[str] = []
        for view in incoming:
            if file.holds(view):
                unchanged.append(view.name)
                continue
            name = file.free_name(view.name)
            if name == view.name:
                added.append(name)
            else:
                renamed.append((view.name, name))
            file = ViewsFile((*file.views, view.renamed(name)))
        if added or renamed:
            self._write(file.views)
        return ImportedViews(tuple(added), tuple(renamed), tuple(unchanged),
                             ViewsFile(file.views, current.repair))
