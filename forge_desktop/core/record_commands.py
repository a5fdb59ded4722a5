"""The command line's writes to single records: ``add``, ``edit``, ``delete`` and ``undo``,
with the window form's rules and messages (:mod:`.editing`, :mod:`.undo`). Bad input exits
with 2 and one line per problem, naming the field; nothing is written."""

from __future__ import annotations

import argparse
import os
from typing import Any

from . import changes, database, editing, undo
from .columns import TABLES
from .imports import TERM_MODELS
from .schema import SourceKind
from .sources import SourceFields


def _assignment(text: str) -> tuple[str, str]:
    column, sep, value = text.partition("=")
    if not sep or not column.strip():
        raise argparse.ArgumentTypeError(f"{text!r}: write COLUMN=VALUE (an empty VALUE empties it)")
    return column.strip(), value


def new_value(text: str) -> tuple[str, str]:
    column, sep, value = text.partition("=")
    column = column.strip().lower()
    if not sep or not value.strip() or column not in TERM_MODELS:
        raise argparse.ArgumentTypeError(
            f"{text!r}: write COLUMN=VALUE with COLUMN one of {', '.join(TERM_MODELS)}")
    return column, value.strip()


def _source_options(parser: argparse.ArgumentParser) -> None:
    parser.add_argument("--source", metavar="URL|ID",
                        help="the source the change rests on: an existing source's id or URL "
                             "(forge-desktop sources lists them), or the URL of a new one "
                             "(then give --source-title); a new source with no URL: --source-title alone")
    parser.add_argument("--quote", metavar="TEXT",
                        help="the passage of the source that supports the record, verbatim")
    parser.add_argument("--quote-lang", metavar="xx",
                        help="the quote's language, ISO 639-1 (default: the source's)")
    parser.add_argument("--quote-en", metavar="TEXT", help="the quote in English, if it is not")
    new = parser.add_argument_group("a new source (when --source is a URL the database lacks)")
    new.add_argument("--source-title", metavar="TEXT")
    new.add_argument("--source-publisher", metavar="TEXT")
    new.add_argument("--source-date", metavar="DATE", help="when it was published (a day, month or year)")
    new.add_argument("--source-kind", choices=[k.value for k in SourceKind])
    new.add_argument("--source-lang", metavar="xx", help="its language, ISO 639-1")


def _common(parser: argparse.ArgumentParser) -> None:
    parser.add_argument("--reason", metavar="TEXT", help="why: kept in the change log")
    parser.add_argument("--author", metavar="NAME",
                        help=f"who (default: ${changes.AUTHOR_ENV}, else your user name)")
    parser.add_argument("--db", metavar="URL", default=argparse.SUPPRESS,
                        help="SQLAlchemy URL of the database")


def _writing_options(parser: argparse.ArgumentParser, set_help: str) -> None:
    """What add and edit share: the fields, the source, new values to confirm, why and who."""
    parser.add_argument("--set", metavar="COL=VALUE", action="append", default=[],
                        type=_assignment, dest="values", help=set_help)
    _source_options(parser)
    parser.add_argument("--accept-new", metavar="COLUMN=VALUE", action="append", default=[],
                        type=new_value, help="confirm a new agency, instrument or stage")
    _common(parser)


def _version_option(parser: argparse.ArgumentParser) -> None:
    parser.add_argument("--if-version", type=int, metavar="CHANGE_SET", dest="expected_version",
                        help="only if the record's last change is still this change set "
                             "(forge-desktop history TABLE ID shows it); else refused")


def add_parsers(sub: argparse._SubParsersAction[Any]) -> None:
    add = sub.add_parser("add", help="add one record, resting on a source")
    add.add_argument("table", choices=list(TABLES))
    _writing_options(add, "a field, as an import's cell: --set 'amount_usd=up to $400 million' "
                          "(repeat for each)")

    edit = sub.add_parser("edit", help="correct fields of one record")
    edit.add_argument("table", choices=list(TABLES))
    edit.add_argument("id")
    _writing_options(edit, "a field to change (repeat for each)")
    _version_option(edit)

    delete = sub.add_parser("delete", help="delete one record (refused while others depend on it)")
    delete.add_argument("table", choices=list(TABLES))
    delete.add_argument("id")
    _common(delete)
    _version_option(delete)

    back = sub.add_parser("undo", help="take back a change set of yours (forge-desktop changes "
                                       "lists them); undoing an undo redoes")
    back.add_argument("change_set", type=int, metavar="CHANGE_SET")
    back.add_argument("--with-later", action="store_true",
                      help="also take back your later change sets that touched the same records")
    _common(back)


def _choice(args: argparse.Namespace) -> editing.SourceChoice:
    new = None
    if args.source_title or args.source_publisher or args.source_date or args.source_kind:
        url = args.source if args.source and "://" in args.source else None
        new = SourceFields(url=url, title=args.source_title, publisher=args.source_publisher,
                           published=args.source_date, language=args.source_lang,
                           kind=args.source_kind)
    return editing.SourceChoice(ref=args.source, new=new, quote=args.quote,
                                quote_lang=args.quote_lang, quote_en=args.quote_en)


def _author(args: argparse.Namespace) -> str | None:
    return args.author or os.environ.get(changes.AUTHOR_ENV) or None


def cmd_add(args: argparse.Namespace) -> int:
    with database.session_scope(args.db) as session:
        result = editing.add_record(session, args.table, dict(args.values), _choice(args),
                                    accept=args.accept_new, reason=args.reason, author=_author(args))
        session.commit()
    print(f"added {args.table} {result.record_id} (change set {result.change_set}; "
          f"undo with: forge-desktop undo {result.change_set})")
    return 0


def cmd_edit(args: argparse.Namespace) -> int:
    if not args.values and not args.source:
        raise editing.EditError.one(None, "nothing to change: give --set COL=VALUE or --source")
    with database.session_scope(args.db) as session:
        result = editing.edit_record(session, args.table, args.id, dict(args.values),
                                     _choice(args) if args.source else None,
                                     accept=args.accept_new, reason=args.reason,
                                     author=_author(args),
                                     expected_version=args.expected_version)
        session.commit()
    if result.change_set is None:
        print(f"{args.table} {args.id} already holds these values: nothing changed")
    else:
        print(f"changed {result.fields} field{'' if result.fields == 1 else 's'} of {args.table} "
              f"{args.id} (change set {result.change_set}; undo with: forge-desktop undo "
              f"{result.change_set})")
    return 0


def cmd_delete(args: argparse.Namespace) -> int:
    with database.session_scope(args.db) as session:
        result = editing.delete_record(session, args.table, args.id, reason=args.reason,
                                       author=_author(args),
                                       expected_version=args.expected_version)
        session.commit()
    print(f"deleted {args.table} {args.id} (change set {result.change_set}; undo with: "
          f"forge-desktop undo {result.change_set})")
    return 0


def cmd_undo(args: argparse.Namespace) -> int:
    with database.session_scope(args.db) as session:
        result = undo.undo_change_set(session, args.change_set, author=_author(args),
                                      with_later=args.with_later, reason=args.reason)
        session.commit()
    for undone, written in zip(result.undone, result.change_sets, strict=True):
        print(f"undid change set {undone} (as change set {written}; redo with: "
              f"forge-desktop undo {written})")
    return 0


COMMANDS = {"add": cmd_add, "edit": cmd_edit, "delete": cmd_delete, "undo": cmd_undo}
