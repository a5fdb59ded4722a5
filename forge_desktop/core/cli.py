"""The command line: export, totals and database housekeeping, headless.

Every command builds the same :class:`~forge_desktop.core.query.Query` the window uses, so
a script gets exactly the rows and figures an analyst sees. Bad input is one line on
stderr naming the problem and the valid choices, exit code 2, nothing written.
"""

from __future__ import annotations

import argparse
import codecs
import csv
import dataclasses
import datetime as dt
import io
import json
import os
import re
import shlex
import sqlite3
import sys
from collections.abc import Callable, Sequence
from pathlib import Path
from typing import NoReturn, TextIO

from sqlalchemy.engine import make_url
from sqlalchemy.exc import SQLAlchemyError

from .. import __version__
from . import (
    changes,
    columnar,
    counting,
    database,
    exports,
    formatting,
    imports,
    pivot,
    postgres,
    record_commands,
    saved_views,
    sources,
    undo,
)
from .columns import ALL_TABLES, TABLES
from .errors import ForgeError
from .filter_text import parse_filter, parse_sort
from .groupings import GROUPINGS, STACKS
from .imports.encodings import _NOT_FOR_FILES as NOT_FOR_FILES
from .query import Query, known_terms, stream, validate
from .values import ValueParseError, parse_date

EXIT_USAGE = 2

WHERE_HELP = ("filter as 'COLUMN OP VALUE' (repeat to AND; join with ' or ' for OR). "
              "OP: = != < <= > >= contains startswith in between empty notempty. "
              "E.g. 'amount_usd > 100e6', 'agency in EXIM, DFC', "
              "'date between 2025-10 and 2025-12', 'minerals contains lithium'")


class UsageError(ForgeError):
    """Bad input from the command line."""


class _Parser(argparse.ArgumentParser):
    def error(self, message: str) -> NoReturn:  # one line, exit 2, no usage dump
        raise UsageError(message)


# A few bytes of a CSV file: a codec that cannot read them is of no use for a file.
_ENCODING_SAMPLE = b"id,name\r\n1,abc\r\n"


def text_encoding(name: str) -> str:
    """``--encoding``: a text encoding Python knows and files are saved in (not base64 or
    rot13, not undefined, which fails on every byte, nor punycode or idna, which are for
    domain names)."""
    try:
        info = codecs.lookup(name)
    except LookupError:
        raise argparse.ArgumentTypeError(f"unknown text encoding {name!r}; name one such as "
                                         "utf-8, utf-16, cp1251 or koi8-r") from None
    usable = getattr(info, "_is_text_encoding", True) and info.name not in NOT_FOR_FILES
    if usable:
        try:
            _ENCODING_SAMPLE.decode(info.name)
        except (UnicodeError, LookupError):
            usable = False
    if not usable:
        raise argparse.ArgumentTypeError(f"{name!r} is not an encoding text files are saved in; "
                                         "name one such as utf-8, utf-16, cp1251 or koi8-r")
    return name


def delimiter(text: str) -> str:
    """``--delimiter``: exactly one character (``\\t`` or ``tab``: a tab), not a quote or a
    line break."""
    text = {"\\t": "\t", "tab": "\t"}.get(text.lower(), text)
    if len(text) != 1:
        raise argparse.ArgumentTypeError(f"{text!r}: give exactly one character, e.g. ';' "
                                         "(or \\t for a tab)")
    if text in ('"', "\r", "\n"):
        raise argparse.ArgumentTypeError(f"{text!r} cannot separate fields (it quotes them or "
                                         "ends a row); give another character")
    return text


def _add_query_options(parser: argparse.ArgumentParser) -> None:
    parser.add_argument("--view", metavar="NAME",
                        help="start from a view saved in the window (View → Saved views): its "
                             "table, filters, search, sort and columns; --where and --search "
                             "add to them, --sort and --columns replace them")
    parser.add_argument("--where", action="append", default=[], metavar="EXPR", help=WHERE_HELP)
    parser.add_argument("--search", default="", metavar="TEXT",
                        help="free text, English or Russian, any case (all words must match)")


def _add_db_option(parser: argparse.ArgumentParser, default: str | None = None) -> None:
    parser.add_argument("--db", metavar="URL", default=default,
                        help="SQLAlchemy URL of the database (default: $FORGE_DB_URL or the "
                             "embedded SQLite file in your data folder)")


def build_parser() -> argparse.ArgumentParser:
    parser = _Parser(prog="forge-desktop",
                     description="Explore the 2026 critical-minerals record: FORGE participants, "
                                 "agreements and US financing.")
    parser.add_argument("--version", action="version", version=f"%(prog)s {__version__}")
    _add_db_option(parser)
    sub = parser.add_subparsers(dest="command", metavar="COMMAND", parser_class=_Parser)

    gui = sub.add_parser("gui", help="open the explorer window (the default)")
    _add_db_option(gui, argparse.SUPPRESS)

    export = sub.add_parser("export", help="write the rows of a table (filtered, sorted) to a file")
    export.add_argument("table", metavar="TABLE", choices=list(ALL_TABLES), nargs="?",
                        help="participants, agreements, financing or sources (default: the "
                             "--view's)")
    _add_query_options(export)
    export.add_argument("--sort", default="", metavar="[-]COL[,...]",
                        help="sort keys; a leading - sorts descending")
    export.add_argument("--columns", default="", metavar="A,B,...",
                        help="columns to write, in order (default: all)")
    export.add_argument("--format", choices=exports.FORMATS,
                        help="csv, json or xlsx (default: from the -o suffix, else csv)")
    export.add_argument("-o", "--output", metavar="FILE",
                        help="file to write (default: standard output; not for xlsx)")
    export.add_argument("--bom", action="store_true",
                        help="start a CSV file with a UTF-8 byte-order mark (for Excel)")
    export.add_argument("--headers", choices=("labels", "names"),
                        help="head the columns by their labels as the window shows them "
                             "(Amount (USD)) or by their field names (amount_usd); either "
                             "imports back. Default: labels for xlsx, a sheet people read; "
                             "names for csv and json, which scripts read (JSON keys are "
                             "field names unless labels are asked for). Values stay as "
                             "stored either way")
    export.add_argument("--with-sources", action="store_true",
                        help="add a sources column: each record's sources and the passages "
                             "quoted (an XLSX also gets a Sources sheet and the data's version)")
    _add_db_option(export, argparse.SUPPRESS)

    totals = sub.add_parser("totals", help="committed USD and record counts grouped by a column")
    totals.add_argument("--by", default="agency", metavar="COL",
                        help="column to group by (default agency)")
    totals.add_argument("--table", choices=list(TABLES),
                        help="default: the --view's table, else financing")
    _add_query_options(totals)
    totals.add_argument("--stack", metavar="COL", help="split each group again by this column")
    totals.add_argument("--exclude-conditional", action="store_true",
                        help="leave conditional amounts out of the sums")
    totals.add_argument("--format", choices=("table", "csv", "json"), default="table")
    _add_db_option(totals, argparse.SUPPRESS)

    piv = sub.add_parser("pivot", help="a crosstab: committed USD or records by rows × columns, "
                                       "with subtotals and totals")
    piv.add_argument("table", metavar="TABLE", choices=list(TABLES), nargs="?",
                     help="participants, agreements or financing (default: the --view's, "
                          "else financing)")
    piv.add_argument("--rows", required=True, metavar="COL[,COL]",
                     help="one or two columns down the side (e.g. agency,stage)")
    piv.add_argument("--cols", default="", metavar="COL[,COL]",
                     help="none, one or two columns across the top (e.g. year)")
    piv.add_argument("--value", choices=pivot.VALUES,
                     help="what a cell shows: usd (committed USD, financing only) or count "
                          "(records); default usd for financing, else count")
    _add_query_options(piv)
    piv.add_argument("--exclude-conditional", action="store_true",
                     help="leave conditional amounts out of the sums")
    piv.add_argument("--sort", dest="order", choices=("total", "label"), default="total",
                     help="rows and columns by their total (largest first; the default) or by label")
    piv.add_argument("--format", choices=("table", "csv", "json", "xlsx"),
                     help="default: from the -o suffix, else table")
    piv.add_argument("-o", "--output", metavar="FILE",
                     help="file to write (default: standard output; not for xlsx)")
    _add_db_option(piv, argparse.SUPPRESS)

    src = sub.add_parser("sources", help="the sources records rest on, with how many each supports")
    src.add_argument("--format", choices=("table", "csv", "json"), default="table")
    _add_db_option(src, argparse.SUPPRESS)

    log = sub.add_parser("changes", help="what changed, when, by whom and why (the change log)")
    log.add_argument("--since", metavar="DATE", help="from this day (2026-12-01) or month on")
    log.add_argument("--author", help="changes by this author only")
    log.add_argument("--table", choices=list(TABLES))
    log.add_argument("--format", choices=("table", "csv", "json"), default="table")
    _add_db_option(log, argparse.SUPPRESS)

    hist = sub.add_parser("history", help="every change of one record, oldest first")
    hist.add_argument("table", choices=list(TABLES))
    hist.add_argument("id")
    hist.add_argument("--format", choices=("table", "csv", "json"), default="table")
    _add_db_option(hist, argparse.SUPPRESS)

    imp = sub.add_parser("import", help="add records from a CSV, XLSX or JSON file (all or nothing)")
    imp.add_argument("table", metavar="TABLE", choices=list(TABLES),
                     help="participants, agreements or financing")
    imp.add_argument("file", metavar="FILE")
    imp.add_argument("--dry-run", action="store_true", help="check every row, write nothing")
    imp.add_argument("--format", choices=imports.FORMATS, help="default: from the file suffix")
    imp.add_argument("--encoding", type=text_encoding,
                     help="text encoding, e.g. utf-16 or koi8-r (default: detected: a BOM, UTF-8, "
                          "else the Cyrillic code page that reads as Russian)")
    imp.add_argument("--delimiter", type=delimiter,
                     help="CSV delimiter, one character (\\t or tab for a tab; default: detected)")
    imp.add_argument("--accept-new", metavar="COLUMN=VALUE", action="append", default=[],
                     type=record_commands.new_value,
                     help="confirm a new agency, instrument or stage, e.g. agency=NSF "
                          "(repeat for each); unconfirmed new values are errors")
    _add_db_option(imp, argparse.SUPPRESS)

    chart = sub.add_parser("chart", help="render the commitments chart to PNG or SVG, headless")
    chart.add_argument("--by", default=None, type=_grouping_key, choices=list(GROUPINGS),
                       metavar="{" + ",".join(GROUPINGS) + "}",
                       help="what each bar stands for (default: agency; country = location)")
    drawing = chart.add_mutually_exclusive_group()
    drawing.add_argument("--map", action="store_true",
                         help="a world map of committed USD by country instead of bars")
    drawing.add_argument("--timeline", action="store_true",
                         help="each record on a time axis, in lanes by --stack (stage by default)")
    chart.add_argument("--stack", default="stage", choices=list(STACKS))
    _add_query_options(chart)
    chart.add_argument("--log", action="store_true", help="logarithmic dollar axis")
    chart.add_argument("--cumulative", action="store_true", help="running total (with --by month)")
    chart.add_argument("--exclude-conditional", action="store_true",
                       help="leave conditional amounts out")
    chart.add_argument("--theme", default="light", choices=("light", "dark"))
    chart.add_argument("--format", choices=("png", "svg"),
                       help="png or svg (default: from the -o suffix)")
    chart.add_argument("-o", "--output", metavar="FILE", required=True)
    chart.add_argument("--size", default="1200x700", metavar="WxH")
    _add_db_option(chart, argparse.SUPPRESS)

    record_commands.add_parsers(sub)

    db = sub.add_parser("db", help="where the database is, what it holds, rebuild it; set up "
                                   "a team database on PostgreSQL (init-team URL); build or "
                                   "bring up to date the columnar copy fast totals use (analytics)")
    db.add_argument("action", choices=("path", "info", "rebuild", "undo-import", "init-team",
                                       "analytics"))
    db.add_argument("url", nargs="?", metavar="URL",
                    help="init-team: the PostgreSQL database, as its owner: "
                         "postgresql://OWNER@HOST/DB")
    _add_db_option(db, argparse.SUPPRESS)
    return parser


def build_query(args: argparse.Namespace, table: str) -> Query:
    filters = tuple(parse_filter(w) for w in args.where)
    query = Query(table, filters, args.search)
    if getattr(args, "sort", ""):
        query = query.with_sort(parse_sort(args.sort))
    if getattr(args, "columns", ""):
        query = query.with_columns([c.strip() for c in args.columns.split(",") if c.strip()])
    validate(query)
    return query


def _stdout() -> io.TextIOWrapper:
    return io.TextIOWrapper(sys.stdout.buffer, encoding="utf-8", newline="", write_through=True)


def cmd_export(args: argparse.Namespace) -> int:
    if args.table is None:
        raise UsageError("name the TABLE to export (participants, agreements, financing or "
                         "sources) or give --view NAME")
    query = build_query(args, args.table)
    fmt = args.format
    if fmt is None and args.output:
        fmt = exports.suffix_format(args.output)
        if fmt is None:
            raise UsageError(f"cannot tell the format from {args.output!r}; name the file "
                             f".csv, .json or .xlsx, or give --format")
    fmt = fmt or "csv"
    if args.output is None and fmt == "xlsx":
        raise UsageError("xlsx cannot go to standard output; give a file with -o FILE.xlsx")
    cited = _with_sources(query, fmt) if args.with_sources else None
    columns = cited.columns if cited else query.output_columns
    labels = (args.headers or ("labels" if fmt == "xlsx" else "names")) == "labels"
    headers = exports.screen_headers(columns) if labels else None  # the command line speaks English
    with database.session_scope(args.db) as session:
        validate(query, known_terms(session))  # agency = NASA: say which there are
        rows = cited.cite(session, stream(session, cited.query)) if cited else stream(session, query)
        if args.output:
            n = exports.write(args.output, fmt, columns, rows, headers=headers, bom=args.bom,
                              title=args.table, sources=cited)
            rows_word = "row" if n == 1 else "rows"  # the command line speaks English only
            as_of = f" ({cited.as_of_text()})" if cited else ""  # a CSV cannot say it
            print(f"wrote {n} {args.table} {rows_word} to {args.output}{as_of}", file=sys.stderr)
        else:
            out = _stdout()
            exports.write(out, fmt, columns, rows, headers=headers)
            out.flush()
            out.detach()
    return 0


def _with_sources(query: Query, fmt: str) -> exports.WithSources:
    if query.table not in TABLES:
        raise UsageError(f"--with-sources: the {query.table} table has no sources of its own; "
                         f"export {', '.join(TABLES)} with their sources")
    return exports.WithSources(query, fmt)


def cmd_totals(args: argparse.Namespace) -> int:
    query = build_query(args, args.table or "financing")
    with columnar.analytics_session(args.db) as session:
        validate(query, known_terms(session))
        result = counting.totals(session, query, args.by, stack=args.stack,
                                  include_conditional=not args.exclude_conditional)
    out = _stdout()
    if args.format == "json":
        json.dump({
            "by": result.by,
            "groups": [dataclasses.asdict(g) for g in result.groups],
            "amount_usd": result.amount_usd,
            "records": result.records,
            "counted": result.counted,
            "non_monetary": result.non_monetary,
            "aggregates_excluded": list(result.aggregates_excluded),
            "conditional_excluded": list(result.conditional_excluded),
            # The figures the note words, for machines: each aggregate's unitemised rest.
            "aggregates": [{**dataclasses.asdict(a), "unitemised_usd": a.unitemised_usd}
                           for a in result.aggregates],
            "conditional": result.conditional and dataclasses.asdict(result.conditional),
            "overlapping": result.overlapping,
            "note": result.footnote(),
        }, out, ensure_ascii=False, indent=2)
        out.write("\n")
    elif args.format == "csv":
        writer = csv.writer(out, lineterminator="\r\n")
        writer.writerow([args.by, "label", "amount_usd", "records", "non_monetary"])
        for g in result.groups:
            writer.writerow([g.key or "", g.label, "" if g.amount_usd is None else g.amount_usd,
                             g.records, g.non_monetary])
    else:
        _print_totals_table(out, result)
    out.flush()
    out.detach()
    return 0


def _columns_option(text: str) -> tuple[str, ...]:
    return tuple(c.strip() for c in text.split(",") if c.strip())


def dimension_names(table: str) -> dict[str, str]:
    """Each pivot dimension's header: the column's label ("Month", "Year" for the dates)."""
    spec = Query(table).spec
    names = {c.name: c.label for c in spec.columns}
    return {d: names.get(d, d.capitalize()) for d in pivot.pivot_dimensions(table)}


def cmd_pivot(args: argparse.Namespace) -> int:
    table = args.table or "financing"
    fmt = args.format
    if fmt is None:
        suffix = (args.output or "").rsplit(".", 1)[-1].lower() if args.output and "." in args.output else ""
        fmt = suffix if suffix in ("csv", "json", "xlsx") else "table"
    if fmt == "xlsx" and not args.output:
        raise UsageError("an XLSX pivot needs a file: give -o FILE.xlsx")
    query = build_query(args, table)
    value = args.value or ("usd" if table == "financing" else "count")
    with columnar.analytics_session(args.db) as session:
        validate(query, known_terms(session))
        result = pivot.pivot(session, query, _columns_option(args.rows), _columns_option(args.cols),
                             value=value, include_conditional=not args.exclude_conditional)
    layout = pivot.pivot_layout(result, sort=args.order, dimension_names=dimension_names(table))
    from .exports import pivot_files

    if fmt == "table":
        text = pivot_files.text_table(layout)
        if args.output:
            with exports.atomic_file(args.output) as stream:
                stream.write(text)
            return 0
        out = _stdout()
        out.write(text)
        out.flush()
        out.detach()
        return 0
    if args.output:
        pivot_files.write_pivot(layout, args.output, fmt)
        return 0
    out = _stdout()
    pivot_files.write_pivot(layout, out, fmt)
    out.flush()
    out.detach()
    return 0


def cmd_sources(args: argparse.Namespace) -> int:
    with database.session_scope(args.db) as session:
        usages = sources.source_usage(session)
    out = _stdout()
    tables = list(usages[0].records) if usages else []
    if args.format == "json":
        json.dump([{**dataclasses.asdict(u), "kind": str(u.kind), "total": u.total} for u in usages],
                  out, ensure_ascii=False, indent=2)
        out.write("\n")
    elif args.format == "csv":
        writer = csv.writer(out, lineterminator="\r\n")
        writer.writerow(["id", "title", "publisher", "published", "kind", "language", "url",
                         *tables, "total"])
        for u in usages:
            writer.writerow([u.id, u.title, u.publisher or "", u.published, u.kind, u.language,
                             u.url or "", *(u.records[t] for t in tables), u.total])
    else:
        for u in usages:
            about = " · ".join(x for x in (u.publisher, u.published, str(u.kind), u.language) if x)
            counted = ", ".join(f"{n:,} {t}" for t, n in u.records.items() if n) or "no records"
            out.write(f"{u.id}\n  {u.title}\n  {about}\n")
            if u.url:
                out.write(f"  {u.url}\n")
            out.write(f"  {counted}\n")
    out.flush()
    out.detach()
    return 0


CHANGE_FIELDS = changes.CHANGE_FIELDS


def cmd_changes(args: argparse.Namespace) -> int:
    since = None
    if args.since:
        try:
            since = dt.datetime.combine(parse_date(args.since).value, dt.time())
        except ValueParseError as exc:
            raise UsageError(f"--since: {exc}") from exc
    with database.session_scope(args.db) as session:
        found = changes.history(session, table=args.table, since=since, author=args.author)
    return _print_changes(args.format, found)


def cmd_history(args: argparse.Namespace) -> int:
    with database.session_scope(args.db) as session:
        found = changes.history(session, table=args.table, record_id=args.id)
    if not found:
        raise UsageError(f"no change of {args.table} {args.id!r} is recorded (curated records "
                         "are as shipped; imports and edits are recorded)")
    return _print_changes(args.format, found)


def _print_changes(form: str, found: list[changes.FieldChange]) -> int:
    out = _stdout()
    rows = changes.change_rows(found)
    if form == "json":
        json.dump(rows, out, ensure_ascii=False, indent=2, default=str)
        out.write("\n")
    elif form == "csv":
        changes.write_csv(out, found)
    else:
        for row in rows:
            what = (f"{row['field']}: {_shown(row['before'])} → {_shown(row['after'])}"
                    if row["field"] else row["action"])
            out.write(f"#{row['change_set']} {row['at']} {row['author']} {row['kind']} "
                      f"{row['table']} {row['record_id']} {what}\n")
    out.flush()
    out.detach()
    return 0


def _shown(value: object) -> str:
    return "—" if value is None else json.dumps(value, ensure_ascii=False)


def _print_totals_table(out: TextIO, result: counting.Totals) -> None:
    rows = [(g.label if result.overlapping or not g.key or result.by == "month"
             else formatting.label(g.key),
             formatting.money_full(g.amount_usd) or "—", str(g.records),
             str(g.non_monetary) if g.non_monetary else "") for g in result.groups]
    header = (result.by, "committed USD", "records", "non-monetary")
    total = ("Total", formatting.money_full(result.amount_usd) or "—",
             f"{result.counted}", str(result.non_monetary) if result.non_monetary else "")
    widths = [max(len(r[i]) for r in [header, total, *rows]) for i in range(4)]

    def line(cells: Sequence[str]) -> str:
        return "  ".join([cells[0].ljust(widths[0]), *(c.rjust(w) for c, w in zip(cells[1:], widths[1:], strict=True))])

    out.write(line(header) + "\n")
    out.write("  ".join("-" * w for w in widths) + "\n")
    for r, group in zip(rows, result.groups, strict=True):
        out.write(line(r) + "\n")
        for part in group.segments:
            cells = ("  " + formatting.label(part.key or part.label),
                     formatting.money_full(part.amount_usd) or "—", str(part.records), "")
            out.write(line(cells) + "\n")
    out.write("  ".join("-" * w for w in widths) + "\n")
    out.write(line(total) + "\n")
    for note in result.notes():
        out.write(f"Note: {note.text()}\n")


def cmd_import(args: argparse.Namespace) -> int:
    """Check the whole file; write it in one transaction only if no row has an error."""
    with database.session_scope(args.db) as session:
        plan = imports.plan_import(session, args.table, args.file, fmt=args.format,
                                   encoding=args.encoding, delimiter=args.delimiter,
                                   accept=args.accept_new)
        for issue in plan.warnings:
            print(f"{args.file}: {issue}", file=sys.stderr)
        if not plan.ok:
            for issue in plan.errors[:200]:
                print(f"{args.file}: {issue}", file=sys.stderr)
            pending = [n for n in plan.new_values.values() if not n.accepted]
            if pending:
                flags = " ".join(f"--accept-new {shlex.quote(f'{n.column}={n.text}')}"
                                 for n in pending)
                print(f"If these are new values, not typos, confirm them: {flags}",
                      file=sys.stderr)
            raise UsageError(f"{len(plan.errors)} error(s) in {args.file}; nothing was imported")
        if args.dry_run:
            print(f"{len(plan.records)} {args.table} records would be imported (dry run)")
            return 0
        result = imports.apply_import(session, plan)  # in the transaction the plan read in
        session.commit()
    print(f"imported {result.records} {args.table} records "
          f"(undo with: forge-desktop db undo-import)")
    return 0


def cmd_db(args: argparse.Namespace) -> int:
    if args.action == "init-team":
        return _init_team(args.url or args.db)
    if args.url:
        raise UsageError(f"db {args.action} takes no URL; give it with --db URL")
    url = database.resolve_url(args.db)
    if args.action == "undo-import":
        with database.session_scope(url) as session:
            removed = undo.undo_last_import(session)
            session.commit()
        print(f"removed {removed} records of the last import" if removed else "no import to undo")
        return 0
    if args.action == "path":
        print(database.display_location(url))
        return 0
    if args.action == "analytics":
        return _analytics(url)
    if args.action == "rebuild":
        database.rebuild(url)
        print(f"rebuilt {database.display_location(url)} from the shipped data")
        return 0
    with database.session_scope(url) as session:
        info = database.info(session.connection())
    print(f"location:        {info.location}")
    print(f"schema version:  {info.schema_version}")
    print(f"data version:    {info.data_fingerprint} (loaded {info.data_loaded_at})")
    if info.size_bytes is not None:
        print(f"size:            {info.size_bytes / 1024:.0f} KiB")
    for table, counts in info.counts.items():
        detail = ", ".join(f"{n} {origin}" for origin, n in sorted(counts.items())) or "empty"
        print(f"{table + ':':<16} {detail}")
    return 0


def _analytics(url: str) -> int:
    """``db analytics``: build (or bring up to date) the columnar mirror the window also keeps."""
    engine = database.open_database(url)
    try:
        started = dt.datetime.now()
        try:
            mirror = columnar.prepare(engine, min_rows=0)
        except RuntimeError as exc:  # the child that builds it failed: its last line says why
            if isinstance(exc, ForgeError):
                raise
            path = database.sqlite_path(url)
            reason = ("database disk image is malformed: SQLite's quick check says so"
                      if path is not None and database.is_damaged(path) else _child_reason(str(exc)))
            why = database.explain_failure(RuntimeError(reason),
                                           database.display_location(url),
                                           database.rebuild_command(url))
            raise database.DatabaseError(f"the columnar copy could not be built: {why}",
                                         why.location) from exc
        seconds = (dt.datetime.now() - started).total_seconds()
        if mirror is None:
            print("no columnar copy: another process holds it (the window, say), or the store "
                  "has no id yet (open it once with a login that may write)")
            return 1
        print(f"columnar copy of {mirror.rows:,} financing records at {mirror.path}, in step "
              f"with change set {mirror.stamp.change_set} ({seconds:.1f} s)")
        return 0
    finally:
        columnar.detach(engine)
        engine.dispose()


def _child_reason(text: str) -> str:
    """What a child process's traceback says last: its exception's message, without the
    exception's name or the driver's ``(sqlite3.DatabaseError)``."""
    raised = re.findall(r"^[A-Za-z_][\w.]*(?:Error|Exception): (.*)$", text, re.MULTILINE)
    if raised:
        return re.sub(r"^\([\w.]+\) ", "", raised[-1]).strip()
    known = database.known_reason(text)  # the tail kept of it may have lost that line
    if known:
        return known
    said = [line for line in text.splitlines() if line.strip() and not line.startswith(("(", "["))]
    return said[-1].strip() if said else "it failed"


def _init_team(url: str | None) -> int:
    if not url or make_url(url).get_backend_name() != "postgresql":
        raise UsageError("db init-team needs a PostgreSQL URL: "
                         "forge-desktop db init-team postgresql://OWNER@HOST/DB")
    where = database.display_location(url)
    engine = database.open_database(url)  # builds the schema and loads the shipped records
    try:
        with engine.begin() as connection:
            postgres.init_team(connection, str(make_url(url).database))
    finally:
        engine.dispose()
    print(f"{where} is ready for a team: roles {postgres.WRITER} (read and change the records) "
          f"and {postgres.READER} (read only).")
    print(f"Add people with: CREATE ROLE ann LOGIN PASSWORD '…' IN ROLE {postgres.WRITER};")
    return 0


def _attach_sort_values(argv: Sequence[str]) -> list[str]:
    """``--sort -amount_usd`` → ``--sort=-amount_usd``: argparse would read ``-amount_usd``
    as an option, but a leading minus is how a descending key is written."""
    out: list[str] = []
    args = list(argv)
    i = 0
    while i < len(args):
        if args[i] == "--sort" and i + 1 < len(args):
            out.append(f"--sort={args[i + 1]}")
            i += 2
        else:
            out.append(args[i])
            i += 1
    return out


def _grouping_key(text: str) -> str:
    """``--by``: a grouping's key; "country" is the location grouping (a place counts under it)."""
    return "location" if text == "country" else text


def _chart_format(args: argparse.Namespace) -> argparse.Namespace:
    if (args.map or args.timeline) and args.by not in (None, "location" if args.map else "month"):
        raise UsageError(f"--{'map' if args.map else 'timeline'} draws "
                         f"{'countries' if args.map else 'records over time'}, not --by {args.by}; "
                         "leave --by out")
    if args.by is None:
        args.by = "agency"
    if args.format is None:
        suffix = args.output.rsplit(".", 1)[-1].lower() if "." in args.output else ""
        if suffix not in ("png", "svg"):
            raise UsageError(f"cannot tell the format from {args.output!r}; name the file .png or "
                             ".svg, or give --format")
        args.format = suffix
    build_query(args, "financing")  # bad filters fail here, before Qt starts
    return args


def _unfold_view(args: argparse.Namespace) -> None:
    """Write the view named by ``--view`` into the options, as if typed: its table; its
    filters and facet choices before any ``--where`` (which adds to them); its search words
    before those of ``--search``; its sort and columns unless ``--sort``/``--columns``
    replace them. What this version cannot apply is said on stderr, once, and left out."""
    found = saved_views.ViewStore().load()
    if found.repair is not None:
        print(f"forge-desktop: warning: {found.repair.text()}", file=sys.stderr)
    view = found.find(args.view)
    fitted = saved_views.fit(view)
    if fitted.left_out:
        print(f"forge-desktop: warning: {fitted.message()}", file=sys.stderr)
    table = "financing" if args.command == "chart" else args.table  # a chart is of financing
    if table is not None and table != view.table:
        raise UsageError(f"view “{view.name}” shows {view.table}, not {table}")
    if args.command != "chart":
        args.table = view.table
    args.where = [*map(str, (*fitted.filters, *fitted.facet_conditions)), *args.where]
    args.search = " ".join(filter(None, (view.search, args.search)))
    if hasattr(args, "sort") and not args.sort:
        args.sort = ",".join(map(str, fitted.sort))
    if hasattr(args, "columns") and not args.columns:
        args.columns = ",".join(fitted.columns)


COMMANDS = {"export": cmd_export, "totals": cmd_totals, "pivot": cmd_pivot, "db": cmd_db, "import": cmd_import,
            "sources": cmd_sources, "changes": cmd_changes, "history": cmd_history,
            **record_commands.COMMANDS}


WRITING_COMMANDS = ("import", "add", "edit", "delete", "undo")


def _chart_unavailable(_args: argparse.Namespace) -> int:
    raise UsageError("charts need the Qt layer; run the forge-desktop command")


def main(argv: Sequence[str] | None = None,
         launch_gui: Callable[[str | None], int] | None = None,
         render_chart: Callable[[argparse.Namespace], int] | None = None) -> int:
    """Run a command. Qt commands are injected by the caller: the core never imports Qt."""
    parser = build_parser()
    args: argparse.Namespace | None = None
    try:
        args = parser.parse_args(_attach_sort_values(sys.argv[1:] if argv is None else argv))
        if getattr(args, "view", None):
            _unfold_view(args)
        if args.command in (None, "gui"):
            if launch_gui is None:
                parser.print_help()
                return 0
            return launch_gui(args.db)
        if args.command == "chart":
            return (render_chart or _chart_unavailable)(_chart_format(args))
        if args.command in WRITING_COMMANDS or (
                args.command == "db" and args.action in ("rebuild", "undo-import")):
            database.refuse_if_read_only(getattr(args, "db", None), " ".join(
                filter(None, (args.command, getattr(args, "action", None)))))
        return COMMANDS[args.command](args)
    except BrokenPipeError:  # `forge-desktop export … | head`: the reader has enough
        sys.stderr.close()
        return 0
    except ForgeError as exc:
        print(f"forge-desktop: error: {exc}", file=sys.stderr)
        return EXIT_USAGE
    except (SQLAlchemyError, sqlite3.Error, OSError) as exc:  # damaged, full, read-only, locked
        print(f"forge-desktop: error: {_fault(exc, args)}", file=sys.stderr)
        return EXIT_USAGE


def _fault(exc: BaseException, args: argparse.Namespace | None) -> str:
    """A failure of the database (damaged, full, read-only, locked, gone away) or of a file
    as one line saying what to do: the one place a command's faults become words."""
    try:
        url = database.resolve_url(getattr(args, "db", None))
        where = database.display_location(url)
        folder = database.sqlite_path(url)
    except (SQLAlchemyError, ValueError):  # a --db that is no URL: said where it is parsed
        url, where, folder = None, None, None
    if isinstance(exc, OSError) and not _about(exc, folder):  # another file: its own words
        return " ".join(str(exc).split())
    rebuild = database.rebuild_command(getattr(args, "db", None) and url)
    return str(database.explain_failure(exc, where, rebuild))


def _about(exc: OSError, path: object) -> bool:
    """Whether the operating system's *exc* is about the database file *path* (or the files
    SQLite and a rebuild keep beside it: its journal, the new file being built)."""
    if path is None:
        return False
    folder = Path(str(path)).resolve().parent
    named = [n for n in (exc.filename, exc.filename2) if n is not None]
    return any(Path(os.fsdecode(n)).resolve().parent == folder for n in named)
