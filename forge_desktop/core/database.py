"""Opening the database: where it lives, building it from ``data/``, keeping it current.

The default is an embedded SQLite file in the user's data folder, built on first run into a
temporary file and renamed into place, so a crash never leaves half a database. Any
SQLAlchemy URL works (``--db URL`` or ``FORGE_DB_URL``). The ``meta`` table records the
schema version and a fingerprint of the shipped data; when the data changes, the curated
records are refreshed in one transaction and the user's own records (imported, entered or
corrected) are left alone.
"""

from __future__ import annotations

import datetime as dt
import errno
import os
import shlex
import sqlite3
import uuid
from collections.abc import Iterator, Sequence
from contextlib import contextmanager
from dataclasses import dataclass
from pathlib import Path

import platformdirs
from sqlalchemy import (
    CheckConstraint,
    Connection,
    Engine,
    Table,
    create_engine,
    delete,
    event,
    func,
    inspect,
    select,
    text,
    update,
)
from sqlalchemy.engine import make_url
from sqlalchemy.exc import SQLAlchemyError
from sqlalchemy.orm import InstrumentedAttribute, Session
from sqlalchemy.pool import ConnectionPoolEntry
from sqlalchemy.schema import AddConstraint

from . import changes, postgres
from . import dataset as curated
from .errors import ForgeError
from .schema import (
    SCHEMA_VERSION,
    SOURCE_LINKS,
    TERM_MODELS,
    AgencyRow,
    Agreement,
    AgreementSource,
    Base,
    Change,
    ChangeKind,
    ChangeSet,
    Financing,
    FinancingSource,
    InstrumentRow,
    Meta,
    Origin,
    Participant,
    ParticipantSource,
    RecordModel,
    Source,
    SourceKind,
    StageRow,
    term_key,
)
from .search import ensure_search_index
from .stored_records import RECORD_TABLES, read_record
from .text import fold

APP_NAME = "forge-desktop"
URL_ENV = "FORGE_DB_URL"
DB_FILENAME = "forge.sqlite"

class DatabaseError(ForgeError, RuntimeError):
    """The database cannot be opened or used; ``str()`` says what to do."""

    def __init__(self, message: str, location: str | None = None):
        super().__init__(message)
        self.location = location


def default_path() -> Path:
    return platformdirs.user_data_path(APP_NAME, appauthor=False) / DB_FILENAME


def resolve_url(url: str | None = None) -> str:
    """The URL to open: the argument, else ``FORGE_DB_URL``, else the default file."""
    return url or os.environ.get(URL_ENV) or f"sqlite:///{default_path()}"


def sqlite_path(url: str) -> Path | None:
    """The file behind a SQLite URL (None for other databases and in-memory SQLite)."""
    parsed = make_url(url)
    if parsed.get_backend_name() != "sqlite" or parsed.database in (None, "", ":memory:"):
        return None
    return Path(parsed.database)


def display_location(url: str) -> str:
    """The URL for people: a file path, or the URL with its password hidden."""
    path = sqlite_path(url)
    return str(path) if path else make_url(url).render_as_string(hide_password=True)


BUSY_SECONDS = 5  # how long a write waits for another program's write to finish


def _one_line(exc: BaseException) -> str:
    """The driver's message (psycopg's spans lines) as one line."""
    return " ".join(str(getattr(exc, "orig", None) or exc).split())


# What went wrong, by kind: SQLite's primary result codes, PostgreSQL's SQLSTATEs, the
# operating system's errors, and (for an error that has lost its code, such as a child
# process's last line) the words SQLite uses.
CORRUPT, FULL, READ_ONLY, LOCKED = "corrupt", "full", "read-only", "locked"
_SQLITE_CODES = {11: CORRUPT, 26: CORRUPT, 13: FULL, 8: READ_ONLY, 5: LOCKED, 6: LOCKED}
_SQLSTATES = {"XX001": CORRUPT, "XX002": CORRUPT, "53100": FULL, "42501": READ_ONLY,
              "25006": READ_ONLY, "55P03": LOCKED, "40P01": LOCKED}
_ERRNOS = {errno.ENOSPC: FULL, errno.EDQUOT: FULL, errno.EROFS: READ_ONLY,
           errno.EACCES: READ_ONLY, errno.EPERM: READ_ONLY}
_WORDS = (("database disk image is malformed", CORRUPT), ("file is not a database", CORRUPT),
          ("database or disk is full", FULL), ("no space left on device", FULL),
          ("readonly database", READ_ONLY), ("read-only file system", READ_ONLY),
          ("database is locked", LOCKED), ("database table is locked", LOCKED))


def failure_kind(exc: BaseException) -> str | None:
    """Which of the faults people can act on *exc* is: :data:`CORRUPT` (a damaged file),
    :data:`FULL` (no space left), :data:`READ_ONLY` or :data:`LOCKED` (another program holds
    it); None for anything else."""
    cause = getattr(exc, "orig", None) or exc
    code = getattr(cause, "sqlite_errorcode", None)
    if isinstance(code, int) and code & 0xFF in _SQLITE_CODES:
        return _SQLITE_CODES[code & 0xFF]
    sqlstate = getattr(cause, "sqlstate", None)
    if sqlstate in _SQLSTATES:
        return _SQLSTATES[sqlstate]
    if isinstance(cause, OSError) and cause.errno in _ERRNOS:
        return _ERRNOS[cause.errno]
    reason = _one_line(exc).lower()
    return next((kind for words, kind in _WORDS if words in reason), None)


def known_reason(text: str) -> str | None:
    """The words of a fault people can act on that *text* holds ("database disk image is
    malformed"), if any: for an error known only by what a child process printed."""
    folded = text.lower()
    return next((words for words, _kind in _WORDS if words in folded), None)


def rebuild_command(url: str | None = None) -> str:
    """The command that rebuilds the database at *url* (``--db`` only when it is not the
    one a plain ``forge-desktop`` opens)."""
    if url is None or url == resolve_url(None):
        return "forge-desktop db rebuild"
    return f"forge-desktop db rebuild --db {shlex.quote(url)}"


def explain_failure(exc: BaseException, where: str | None = None,
                    rebuild: str = "forge-desktop db rebuild") -> DatabaseError:
    """A database error met while working (SQLAlchemy's, the sqlite3 module's, or the
    operating system's), as one line saying what to do (no password: drivers' messages
    hold none, and *where* is a display location). *rebuild*: the command that rebuilds
    this database, for a damaged SQLite file."""
    reason = _one_line(exc)
    cause = getattr(exc, "orig", None) or exc
    sqlstate = getattr(cause, "sqlstate", None)
    sqlite = sqlstate is None  # SQLite (or the disk beneath it), not a server
    place = where or "the database"
    kind = failure_kind(exc)
    if kind == LOCKED:
        if sqlite:  # SQLite keeps no record of who holds a lock: it cannot say
            return DatabaseError(f"{place} is busy: it is locked by another program (another "
                                 "FORGE Desktop window or command? SQLite cannot tell which) and "
                                 f"stayed so for over {BUSY_SECONDS} s. Nothing was changed; close "
                                 "that program or try again.", where)
        return DatabaseError(f"{place} is busy: another program has been writing to it for "
                             f"over {BUSY_SECONDS} s. Nothing was changed; try again when it "
                             "has finished.", where)
    if kind == READ_ONLY:
        if sqlite:
            return DatabaseError(f"{place} is read-only ({reason}): nothing was changed. Make "
                                 "the file and its folder writable, or open a writable copy of "
                                 "it with --db.", where)
        return DatabaseError(f"{place} may only be read with your login: nothing was changed. "
                             "Ask its owner for write access (the forge_writer role).", where)
    if kind == FULL:
        disk = "the disk that holds it" if sqlite else "the server's disk"
        return DatabaseError(f"{place}: the disk is full ({reason}). Nothing was changed; free "
                             f"some space on {disk} and try again.", where)
    if kind == CORRUPT:
        if sqlite:
            return DatabaseError(f"{place} is damaged ({reason}); rebuild it with `{rebuild}` "
                                 "(it carries your own records over if they can still be read, "
                                 "and keeps the damaged file beside the new one) or open another "
                                 "with --db.", where)
        return DatabaseError(f"{place} is damaged ({reason}); ask its administrator to repair "
                             "it (REINDEX, or a backup) or open another with --db.", where)
    if sqlstate == "40001":
        return DatabaseError(f"{place}: someone else changed the same records at the same "
                             "moment; nothing was changed. Try again.", where)
    return DatabaseError(f"{place}: {reason}", where)


def _on_sqlite_connect(dbapi_connection: sqlite3.Connection, _record: ConnectionPoolEntry) -> None:
    dbapi_connection.create_function("forge_fold", 1, fold, deterministic=True)
    cursor = dbapi_connection.cursor()
    cursor.execute("PRAGMA foreign_keys = ON")
    cursor.execute(f"PRAGMA busy_timeout = {BUSY_SECONDS * 1000}")
    cursor.close()


def create_engine_for(url: str) -> Engine:
    """An engine with the SQLite functions and pragmas the core relies on."""
    # Worker threads take turns on pooled connections; each uses its own session.
    parsed = make_url(url)
    backend = parsed.get_backend_name()
    if parsed.drivername == "postgresql":  # SQLAlchemy's default there is psycopg 2: use 3
        url = parsed.set(drivername="postgresql+psycopg").render_as_string(hide_password=False)
    connect_args = {"check_same_thread": False} if backend == "sqlite" else {}
    try:
        engine = create_engine(url, connect_args=connect_args)
    except ImportError as missing:
        fix = ("pip install 'forge-desktop[postgres]' (psycopg 3)" if backend == "postgresql"
               else f"install the Python driver for {backend}")
        raise DatabaseError(f"Cannot open {display_location(url)}: its driver is missing "
                            f"({missing.name or missing}); {fix}.", display_location(url)
                            ) from None
    if engine.dialect.name == "sqlite":
        event.listen(engine, "connect", _on_sqlite_connect)
    return engine


def open_database(url: str | None = None) -> Engine:
    """Open (building or refreshing as needed) the database and return its engine.

    Raises :class:`DatabaseError` with a message for people when the database is corrupt,
    unreadable, or was built by an incompatible version.
    """
    url = resolve_url(url)
    where = display_location(url)
    path = sqlite_path(url)
    if path is not None and not path.exists():
        build_sqlite_file(path)
    elif path is not None:
        upgrade_sqlite_file(path)
    engine = create_engine_for(url)
    try:
        with Session(engine) as session, session.begin():
            if not inspect(session.connection()).has_table(Meta.__tablename__):
                if path is not None:
                    raise DatabaseError(
                        f"{where} is not a FORGE Desktop database (it has no meta table).", where)
                create_schema(session.connection())
            elif engine.dialect.name == "postgresql" and not postgres.has_functions(
                    session.connection()):
                postgres.install_functions(session.connection())  # built before they existed
                ensure_search_index(session.connection())
            meta = dict(session.execute(select(Meta.key, Meta.value)).all())
            version = meta.get("schema_version")
            if version is not None and version in UPGRADES:
                upgrade(session.connection(), int(version))
            elif version is not None and version != str(SCHEMA_VERSION):
                raise DatabaseError(
                    f"{where} has schema version {version}; this version of FORGE Desktop needs "
                    f"{SCHEMA_VERSION}. Rebuild it (forge-desktop db rebuild) or open another.",
                    where)
            if "store_id" not in meta and (engine.dialect.name != "postgresql"
                                           or postgres.may_write(session.connection())):
                session.add(Meta(key="store_id", value=uuid.uuid4().hex))  # built before it existed
            if meta.get("data_fingerprint") != curated.fingerprint() and (
                    engine.dialect.name != "postgresql"
                    or postgres.may_write(session.connection())):
                sync_curated(session)  # a reader sees the team's data as its writers left it
    except DatabaseError:
        engine.dispose()
        raise
    except (SQLAlchemyError, sqlite3.Error) as exc:
        engine.dispose()
        raise _cannot_open(exc, url) from exc
    return engine


def _cannot_open(exc: BaseException, url: str) -> DatabaseError:
    """Why the database at *url* would not open: a fault people can act on (damaged, full,
    read-only, locked) and what to do, else the driver's words."""
    where = display_location(url)
    if failure_kind(exc) is not None:
        return explain_failure(exc, where, rebuild_command(url))
    return DatabaseError(f"Cannot open {where}: {_one_line(exc)}", where)


def read_only_reason(engine: Engine) -> str | None:
    """Why these credentials may only read this database (None: they may write)."""
    path = sqlite_path(engine.url.render_as_string(hide_password=False))
    if path is not None:
        if path.exists() and not (os.access(path, os.W_OK) and os.access(path.parent, os.W_OK)):
            return f"{path} is read-only for you (its file or folder may not be written)"
        return None
    if engine.dialect.name == "postgresql":
        with engine.connect() as connection:
            if not postgres.may_write(connection):
                return (f"your PostgreSQL login {engine.url.username or ''} may only read "
                        f"{display_location(engine.url.render_as_string(hide_password=False))}"
                        " (ask its owner for the forge_writer role)")
    return None


def refuse_if_read_only(url: str | None, what: str) -> None:
    """Before a command that writes: one line if these credentials may only read."""
    url = resolve_url(url)
    try:
        engine = create_engine_for(url)
    except DatabaseError:
        return  # the command meets the same problem, and says so
    try:
        reason = read_only_reason(engine)
    except SQLAlchemyError:
        return  # unreachable and the like: opening says it in its own words
    finally:
        engine.dispose()
    if reason:
        raise DatabaseError(f"{reason}; {what} changes nothing.", display_location(url))


@contextmanager
def session_scope(url: str | None = None) -> Iterator[Session]:
    """One session on the database at *url* (built or upgraded as needed) for one command;
    the engine is disposed after. Nothing is written unless the caller commits."""
    engine = open_database(url)
    try:
        with Session(engine) as session:
            yield session
    finally:
        engine.dispose()


def create_schema(connection: Connection) -> None:
    """Every table, index and the search index (and on PostgreSQL the fold function)."""
    if connection.dialect.name == "postgresql":
        postgres.install_functions(connection)
    Base.metadata.create_all(connection)
    ensure_search_index(connection)


def _upgrade_1_to_2(connection: Connection) -> None:
    """Sort indexes that carry the id, and the full-text search index."""
    for table in Base.metadata.sorted_tables:
        for index in table.indexes:
            index.create(connection, checkfirst=True)
    ensure_search_index(connection)


def _upgrade_2_to_3(connection: Connection) -> None:
    """Agencies, instruments and stages become lookup tables an import may add to: the
    CHECK constraints that fixed them go, foreign keys to the new tables come.
    (A SQLite file is upgraded by :func:`upgrade_sqlite_file` instead: SQLite cannot drop
    a constraint in place.)"""
    Base.metadata.create_all(connection, tables=[InstrumentRow.__table__, StageRow.__table__])
    ddl = [
        "ALTER TABLE agencies DROP CONSTRAINT ck_agency",
        "ALTER TABLE agencies ADD COLUMN key VARCHAR(64)",
        "ALTER TABLE agencies ADD COLUMN rank INTEGER NOT NULL DEFAULT 1000",
        "ALTER TABLE agencies ADD COLUMN origin VARCHAR(32) NOT NULL DEFAULT 'curated'",
        "ALTER TABLE agencies ADD COLUMN imported_at TIMESTAMP",
        "ALTER TABLE locations ADD COLUMN imported_at TIMESTAMP",
        "ALTER TABLE financing_locations ADD COLUMN country_code VARCHAR(16) "
        "REFERENCES locations (code)",
        "UPDATE financing_locations SET country_code = (SELECT coalesce(p.country_code, p.code) "
        "FROM locations p WHERE p.code = financing_locations.location_code)",
        "ALTER TABLE financing_locations ALTER COLUMN country_code SET NOT NULL",
        "CREATE INDEX ix_financing_locations_country_financing "
        "ON financing_locations (country_code, financing_id)",
        "ALTER TABLE financing DROP CONSTRAINT ck_instrument",
        "ALTER TABLE financing DROP CONSTRAINT ck_stage",
    ]
    for statement in ddl:
        connection.execute(text(statement))
    for code in connection.scalars(select(AgencyRow.code)).all():
        connection.execute(update(AgencyRow).where(AgencyRow.code == code)
                           .values(key=term_key(code)))
    with Session(bind=connection) as session:  # the curated terms, before keys point at them
        for row in curated.build_rows(curated.read_dataset()):
            if isinstance(row, AgencyRow | InstrumentRow | StageRow):
                session.merge(row)
        session.flush()
    for statement in (
        # Schema 2 sized the enum columns for its own codes; a confirmed new value may be longer.
        "ALTER TABLE agencies ALTER COLUMN code TYPE VARCHAR(64)",
        "ALTER TABLE financing ALTER COLUMN agency TYPE VARCHAR(64)",
        "ALTER TABLE financing ALTER COLUMN instrument TYPE VARCHAR(64)",
        "ALTER TABLE financing ALTER COLUMN stage TYPE VARCHAR(64)",
        "ALTER TABLE agencies ALTER COLUMN key SET NOT NULL",
        "ALTER TABLE agencies ADD CONSTRAINT uq_agencies_key UNIQUE (key)",
        "ALTER TABLE agencies ADD CONSTRAINT ck_origin CHECK (origin IN ('curated', 'imported'))",
        "ALTER TABLE financing ADD CONSTRAINT fk_financing_instrument "
        "FOREIGN KEY (instrument) REFERENCES instruments (code)",
        "ALTER TABLE financing ADD CONSTRAINT fk_financing_stage "
        "FOREIGN KEY (stage) REFERENCES stages (code)",
    ):
        connection.execute(text(statement))


def _upgrade_3_to_4(connection: Connection) -> None:
    """Sources and the records' links to them. The curated records get theirs when the
    shipped data is loaded again (its fingerprint changed); imported ones from
    :func:`give_imported_records_a_source`."""
    Base.metadata.create_all(connection, tables=[Source.__table__, ParticipantSource.__table__,
                                                 AgreementSource.__table__,
                                                 FinancingSource.__table__,
                                                 ChangeSet.__table__, Change.__table__])
    give_imported_records_a_source(connection)


def give_imported_records_a_source(connection: Connection) -> int:
    """Records imported before sources were kept rest on "the file imported at T": one
    source per import (see :func:`file_source`). Returns how many records it linked."""
    linked = 0
    for model, owner in SOURCE_LINKS.items():
        orphans = connection.execute(
            select(model.id, model.imported_at).where(
                model.origin == Origin.IMPORTED, model.id.not_in(select(owner)))).all()
        for record_id, imported_at in orphans:
            link_to_source(connection, model, [record_id],
                           file_source(connection, imported_at or dt.datetime(1970, 1, 1)))
            linked += 1
    return linked


def file_source(connection: Connection, imported_at: dt.datetime, file_name: str | None = None) -> str:
    """The source "*file_name*, imported at T" (offline, kind other, language unknown) the
    records of one import rest on, made if it is not there yet; its id."""
    source_id = f"import-{imported_at:%Y%m%d-%H%M%S-%f}"
    if connection.execute(select(Source.id).where(Source.id == source_id)).first() is None:
        when = f"{imported_at:%Y-%m-%d %H:%M:%S} UTC"
        connection.execute(Source.__table__.insert().values(
            id=source_id, title=f"{file_name}, imported {when}" if file_name else f"File imported {when}",
            language="und", kind=SourceKind.OTHER, origin=Origin.IMPORTED, imported_at=imported_at))
    return source_id


def link_to_source(connection: Connection, model: RecordModel, record_ids: list[str],
                   source_id: str) -> None:
    """The records' main link (position 0) goes to *source_id*, with no quote."""
    owner = SOURCE_LINKS[model]
    if record_ids:
        connection.execute(owner.table.insert(), [
            {owner.name: record_id, "source_id": source_id, "position": 0} for record_id in record_ids])


def _upgrade_4_to_5(connection: Connection) -> None:
    """Records the user adds or corrects in the app (two new origins), the change kinds
    that make them, and the source a change set rests on. (A SQLite file is rebuilt by
    :func:`upgrade_sqlite_file` instead: SQLite cannot change a constraint in place.)"""
    for table in Base.metadata.sorted_tables:
        for constraint in (c for c in table.constraints if isinstance(c, CheckConstraint)):
            if constraint.name in ("ck_origin", "ck_changekind"):
                connection.execute(text(f"ALTER TABLE {table.name} DROP CONSTRAINT IF EXISTS "
                                        f"{constraint.name}"))
                connection.execute(AddConstraint(constraint))
    # IF NOT EXISTS: coming from before schema 4, that step made change_sets as they are now.
    connection.execute(text("ALTER TABLE change_sets ADD COLUMN IF NOT EXISTS source_id "
                            "VARCHAR(120) REFERENCES sources (id) ON DELETE SET NULL"))
    for owner in SOURCE_LINKS.values():  # the records of one source, from the index alone
        link = owner.table.name
        connection.execute(text(f"DROP INDEX IF EXISTS ix_{link}_source_id"))
        connection.execute(text(f"CREATE INDEX IF NOT EXISTS ix_{link}_source_record "
                                f"ON {link} (source_id, {owner.name})"))


# From a version to the step that brings it to the next; all run in one transaction.
UPGRADES = {"1": _upgrade_1_to_2, "2": _upgrade_2_to_3, "3": _upgrade_3_to_4,
            "4": _upgrade_4_to_5}


def upgrade(connection: Connection, version: int) -> None:
    """Bring an older database up to SCHEMA_VERSION, keeping every record."""
    while version < SCHEMA_VERSION:
        UPGRADES[str(version)](connection)
        version += 1
    connection.execute(update(Meta).where(Meta.key == "schema_version")
                       .values(value=str(SCHEMA_VERSION)))


def _file_schema_version(path: Path) -> str | None:
    """The schema version a SQLite file records, or None if it cannot say. A file another
    program holds locked is said so here, after one wait (not a second one in opening it)."""
    try:
        con = sqlite3.connect(path.resolve().as_uri() + "?mode=ro", uri=True, timeout=BUSY_SECONDS)
    except sqlite3.Error:
        return None
    try:
        row = con.execute("SELECT value FROM meta WHERE key = 'schema_version'").fetchone()
        return row[0] if row else None
    except sqlite3.Error as exc:
        if failure_kind(exc) == LOCKED:
            raise explain_failure(exc, str(path)) from exc
        return None  # not a database, or not ours: open_database says so
    finally:
        con.close()


def upgrade_sqlite_file(path: Path) -> None:
    """Bring an older SQLite file up to SCHEMA_VERSION: build a new one from ``data/``, carry
    the user's records across, and keep the old file beside it as ``….schema-N``.
    Nothing happens to a current file, or to one open_database will refuse anyway."""
    version = _file_schema_version(path)
    if version not in UPGRADES:
        return
    kept = path.with_name(f"{path.name}.schema-{version}")
    if kept.exists():  # upgraded before: keep that copy too
        kept = kept.with_name(f"{kept.name}-{dt.datetime.now():%Y%m%d-%H%M%S}")
    try:
        readable = _rebuild_beside(path, keep_as=kept)
    except OSError as exc:
        raise DatabaseError(f"Cannot upgrade {path} (schema version {version}): {exc}. It is "
                            "unchanged; make its folder writable, or open another.",
                            str(path)) from exc
    if not readable:
        raise DatabaseError(f"{path} (schema version {version}) could not be read to "
                            "upgrade it; it is unchanged. Rebuild it or open another.",
                            str(path))


def _rebuild_beside(path: Path, *, keep_as: Path | None = None,
                    unreadable_to: Path | None = None) -> bool:
    """Build a fresh database from ``data/`` beside *path*, carry the user's records
    across, and swap the new file in; the old one moves to *keep_as* (or is replaced).

    If the old file cannot be read, it moves to *unreadable_to* and the fresh file takes its
    place; without *unreadable_to* nothing changes and the answer is False. The swap is two
    renames, so a crash leaves either file whole, never half of one."""
    fresh = path.with_name(f".{path.name}.rebuilding-{os.getpid()}")
    try:
        fresh.unlink(missing_ok=True)
        build_sqlite_file(fresh)
        if _copy_imported(path, fresh):
            _link_imported_records(fresh)
            # Damaged where the copy did not read: kept, for what else may be recovered of it.
            old_goes_to = unreadable_to if unreadable_to is not None and is_damaged(path) else keep_as
        elif unreadable_to is not None:
            old_goes_to = unreadable_to
        else:
            return False
        if old_goes_to is not None:
            os.replace(path, old_goes_to)
        os.replace(fresh, path)
        return True
    finally:
        fresh.unlink(missing_ok=True)


def is_damaged(path: Path) -> bool:
    """Whether SQLite finds *path* damaged (its quick check, which reads every page)."""
    try:
        con = sqlite3.connect(path.resolve().as_uri() + "?mode=ro", uri=True, timeout=BUSY_SECONDS)
    except sqlite3.Error:
        return True
    try:
        return bool(con.execute("PRAGMA quick_check").fetchone() != ("ok",))
    except sqlite3.Error as exc:
        _raise_if_not_unreadable(exc)
        return True
    finally:
        con.close()


def _link_imported_records(path: Path) -> None:
    """After copying: imported records of a file older than sources get theirs."""
    engine = create_engine_for(f"sqlite:///{path}")
    try:
        with engine.begin() as connection:
            give_imported_records_a_source(connection)
    finally:
        engine.dispose()


def _load_curated(engine: Engine, *, empty: bool = False) -> None:
    """Create what is missing of the schema and load ``data/`` into it, in one transaction
    (into an *empty* database by inserting the rows: there is nothing to merge them with)."""
    with Session(engine) as session, session.begin():
        create_schema(session.connection())
        if empty:
            _insert_curated(session)
        else:
            sync_curated(session)


def _ddl_in_the_transaction(engine: Engine) -> None:
    """Let SQLAlchemy's transaction, not the sqlite3 module, say when SQLite begins one, so
    CREATE TABLE runs inside it (the module commits before each DDL statement of its own
    accord): a build is then one commit, not one write to disk per table and index.
    SQLAlchemy's recipe: https://docs.sqlalchemy.org/en/20/dialects/sqlite.html#pysqlite-serializable"""

    @event.listens_for(engine, "connect")
    def _no_implicit_transactions(dbapi_connection: sqlite3.Connection, _record: object) -> None:
        dbapi_connection.isolation_level = None

    @event.listens_for(engine, "begin")
    def _begin(connection: Connection) -> None:
        connection.exec_driver_sql("BEGIN")


def build_sqlite_file(path: Path) -> None:
    """Build a fresh database from ``data/`` into a temporary file, then rename it into place."""
    path.parent.mkdir(parents=True, exist_ok=True)
    tmp = path.with_name(f".{path.name}.building-{os.getpid()}")
    tmp.unlink(missing_ok=True)
    engine = create_engine_for(f"sqlite:///{tmp}")
    _ddl_in_the_transaction(engine)
    try:
        _load_curated(engine, empty=True)
        engine.dispose()
        os.replace(tmp, path)
    except BaseException:
        engine.dispose()
        tmp.unlink(missing_ok=True)
        raise


def rebuild(url: str | None = None) -> None:
    """Rebuild the database from ``data/``, keeping the user's own records.

    A SQLite file is rebuilt beside the old one and swapped in; if the old file is
    unreadable its user's records cannot be saved and it is replaced regardless.
    """
    url = resolve_url(url)
    path = sqlite_path(url)
    if path is None:
        engine = create_engine_for(url)
        try:
            _load_curated(engine)
        finally:
            engine.dispose()
        return
    if not path.exists():
        build_sqlite_file(path)
        return
    # Unreadable or foreign: keep it aside rather than destroy what may be recoverable.
    stamp = dt.datetime.now().strftime("%Y%m%d-%H%M%S")
    _rebuild_beside(path, unreadable_to=path.with_name(f"{path.name}.unreadable-{stamp}"))


# Columns a newer schema added that an older file's rows can be given when they are copied.
DERIVED = {
    ("financing_locations", "country_code"):
        "(SELECT coalesce(p.country_code, p.code) FROM main.locations p "
        "WHERE p.code = financing_locations.location_code)",
}


def _copy_imported(old: Path, new: Path) -> bool:
    """Carry the user's records of *old* into *new*, and its change log; False if *old*
    could not be read."""
    con = sqlite3.connect(new.resolve().as_uri(), uri=True, timeout=BUSY_SECONDS)
    try:
        con.execute("ATTACH DATABASE ? AS old", (old.resolve().as_uri() + "?mode=ro",))
    except sqlite3.Error as exc:
        con.close()
        _raise_if_not_unreadable(exc)
        return False
    try:
        with con:
            version = con.execute(
                "SELECT value FROM old.meta WHERE key = 'schema_version'").fetchone()
            if not version or not version[0].isdigit() or int(version[0]) > SCHEMA_VERSION:
                return False
            _copy_rows(con)
        if con.execute("PRAGMA main.foreign_key_check").fetchone() is not None:
            return False  # something imported would point nowhere: keep the old file as it is
    except sqlite3.DatabaseError as exc:
        _raise_if_not_unreadable(exc)
        return False  # the old file is unreadable: nothing of it can be kept
    finally:
        con.close()
    return True


def _raise_if_not_unreadable(exc: sqlite3.Error) -> None:
    """While copying: a file locked by another program, a full disk or one that may not be
    written says nothing of whether the old file can be read: that is the error, and the
    old file stays where it is (it would be put aside as unreadable, its records with it)."""
    if failure_kind(exc) in (FULL, READ_ONLY, LOCKED):
        raise exc


def _shared_columns(con: sqlite3.Connection, table: Table) -> tuple[str, str]:
    """(columns, what to select for them) of *table* from the attached old file: an older
    schema may lack a column; one it can derive comes from DERIVED, the others keep their
    defaults. ("", ""): the old file has no such table."""
    old = {r[1] for r in con.execute(f"PRAGMA old.table_info({table.name})")}
    sources = [(c.name, c.name if c.name in old else DERIVED.get((table.name, c.name)))
               for c in table.c]
    pairs = [(name, source) for name, source in sources if source]
    return ", ".join(n for n, _ in pairs), ", ".join(s for _, s in pairs)


def _copy_rows(con: sqlite3.Connection) -> None:
    """The user's rows (every origin but curated) of every table with an origin, the links
    of the user's records, and the change log whole, from the attached old file into the
    new one. A curated record the user corrected (edited) replaces the shipped version."""
    for model, links in RECORD_TABLES:  # the shipped versions of corrected records go first
        edited = f"SELECT id FROM old.{model.__tablename__} WHERE origin = 'edited'"
        for column in links:
            con.execute(f"DELETE FROM main.{column.table.name} WHERE {column.name} IN ({edited})")
        con.execute(f"DELETE FROM main.{model.__tablename__} WHERE id IN ({edited})")
    for table in Base.metadata.sorted_tables:
        columns, selected = _shared_columns(con, table)
        if "origin" in table.c and "origin" in columns.split(", "):
            con.execute(f"INSERT OR IGNORE INTO main.{table.name} ({columns}) "
                        f"SELECT {selected} FROM old.{table.name} WHERE origin <> 'curated'")
    for table in (ChangeSet.__table__, Change.__table__):
        columns, selected = _shared_columns(con, table)
        if columns:
            con.execute(f"INSERT INTO main.{table.name} ({columns}) "
                        f"SELECT {selected} FROM old.{table.name}")
    for name, term_model in TERM_MODELS.items():
        _adopt_curated_terms(con, name, term_model.__tablename__)
    for model, links in RECORD_TABLES:
        owner = model.__tablename__
        for column in links:
            columns, selected = _shared_columns(con, column.table)
            if not columns:
                continue  # a link table newer than the old file
            con.execute(
                f"INSERT OR IGNORE INTO main.{column.table.name} ({columns}) "
                f"SELECT {selected} FROM old.{column.table.name} WHERE {column.name} IN "
                f"(SELECT id FROM old.{owner} WHERE origin <> 'curated')")


def _adopt_curated_terms(con: sqlite3.Connection, column: str, table: str) -> None:
    """While copying: an imported value of the old file that the new file's curated data
    holds under another spelling ("nsf" when agencies.yaml adds "NSF") could not be copied
    (same key); its records move to the curated value."""
    if "key" not in {r[1] for r in con.execute(f"PRAGMA old.table_info({table})")}:
        return  # before schema 3 nothing could add a term
    con.execute(
        f"UPDATE main.financing SET {column} = (SELECT c.code FROM main.{table} c "
        f"JOIN old.{table} i ON i.key = c.key WHERE i.code = financing.{column}) "
        f"WHERE {column} IN (SELECT i.code FROM old.{table} i JOIN main.{table} c "
        f"ON c.key = i.key AND c.code <> i.code AND c.origin = 'curated' "
        f"WHERE i.origin = 'imported')")


def _adopt_imported_spellings(session: Session, rows: Sequence[Base]) -> None:
    """A curated term whose key an imported term already holds ("NSF" arriving in
    agencies.yaml after the user imported "nsf"): the imported term's records move to the
    curated one and the imported term goes, so the curated data can always be loaded."""
    column_of = {model: column for column, model in TERM_MODELS.items()}
    held = {model: dict(session.execute(select(model.key, model.code)).all()) for model in column_of}
    for row in rows:
        if not isinstance(row, AgencyRow | InstrumentRow | StageRow):
            continue
        model = type(row)
        other = held[model].get(row.key)
        if other is None or other == row.code:
            continue
        session.execute(update(model).where(model.code == other)
                        .values(key=f"{row.key}\x1freplaced"))  # no NUL: PostgreSQL text holds none
        session.merge(row)
        session.flush()
        field: InstrumentedAttribute[str] = getattr(Financing, column_of[model])
        session.execute(update(Financing).where(field == other).values({field: row.code}))
        session.execute(delete(model).where(model.code == other))


def sync_curated(session: Session) -> None:
    """Make the curated records match ``data/``; the user's own records are not touched (a
    curated record the user corrected keeps their version). What the new release changed
    is one change set (kind refresh), field by field.

    Runs inside the caller's transaction: it all happens, or nothing does.
    """
    ds = curated.read_dataset()
    theirs = {model: set(session.scalars(select(model.id).where(model.origin != Origin.CURATED)))
              for model, _ in RECORD_TABLES}
    before = _curated_records(session)
    for model, links in RECORD_TABLES:
        owners = select(model.id).where(model.origin == Origin.CURATED)
        for column in links:
            session.execute(delete(column.table).where(column.in_(owners)))
    rows = [row for row in curated.build_rows(ds) if not _belongs_to(row, theirs)]
    _adopt_imported_spellings(session, rows)
    keep: dict[RecordModel, set[str]] = {model: set() for model, _ in RECORD_TABLES}
    for row in rows:
        if isinstance(row, Participant | Agreement | Financing):
            keep[type(row)].add(row.id)
        session.merge(row)
    session.flush()
    for model, _ in RECORD_TABLES:
        stale = [rid for rid in session.scalars(
            select(model.id).where(model.origin == Origin.CURATED)) if rid not in keep[model]]
        if model is Financing:  # parts before the aggregates they point at
            session.execute(delete(Financing).where(Financing.parent_id.in_(stale)))
        session.execute(delete(model).where(model.id.in_(stale)))
    _record_refresh(session, before, _curated_records(session))
    _record_loaded(session)


# A link table's rows, by the column that names their record, and that record's table.
_OWNERS = {column.table.name: (model, column.name) for model, links in RECORD_TABLES
           for column in links}


def _belongs_to(row: Base, theirs: dict[RecordModel, set[str]]) -> bool:
    """Whether *row* (a curated record or one of its links) is of a record the user owns."""
    if isinstance(row, Participant | Agreement | Financing):
        return row.id in theirs[type(row)]
    owner = _OWNERS.get(row.__table__.name)
    return owner is not None and getattr(row, owner[1]) in theirs[owner[0]]


def _curated_records(session: Session) -> dict[tuple[str, str], dict[str, object]]:
    """Every curated record in the record format, by (table, id)."""
    found: dict[tuple[str, str], dict[str, object]] = {}
    for model, _ in RECORD_TABLES:
        table = model.__tablename__
        for record_id in session.scalars(select(model.id).where(model.origin == Origin.CURATED)):
            record = read_record(session, table, record_id)
            if record is not None:
                found[table, record_id] = record
    return found


def _record_refresh(session: Session, before: dict[tuple[str, str], dict[str, object]],
                    after: dict[tuple[str, str], dict[str, object]]) -> None:
    """The change set of a refresh, if the new release changed any record (a first load is
    not a change: nothing was there before)."""
    if not before:
        return
    keys = [key for key in dict.fromkeys([*before, *after]) if before.get(key) != after.get(key)]
    if not keys:
        return
    change_set = changes.begin(session, ChangeKind.REFRESH, author="FORGE Desktop",
                               reason="a new release of the shipped data")
    for table, record_id in keys:
        changes.record_changes(session, change_set, table, record_id, before.get((table, record_id)),
                               after.get((table, record_id)))


def _insert_curated(session: Session) -> None:
    """Load ``data/`` into a database with no records yet, as :func:`sync_curated` would in
    half the time (a first start waits for it): merging asks the database for every row
    first, and an empty one has none. The rows go in a table at a time, parents first
    (a table comes in when its first row does: build_rows yields parents first)."""
    by_table: dict[type, list[Base]] = {}  # tables in the order their first row came
    for row in curated.build_rows(curated.read_dataset()):
        by_table.setdefault(type(row), []).append(row)
    for rows in by_table.values():  # a flush a table: its rows go in a few multi-row INSERTs
        session.add_all(rows)
        session.flush()
    _record_loaded(session)


def _record_loaded(session: Session) -> None:
    """Note in ``meta`` which schema and which shipped data the database now holds (and,
    once, the store's own id: what a cache of it, such as the columnar mirror, was built from)."""
    if session.get(Meta, "store_id") is None:
        session.add(Meta(key="store_id", value=uuid.uuid4().hex))
    for key, value in (
        ("schema_version", str(SCHEMA_VERSION)),
        ("data_fingerprint", curated.fingerprint()),
        ("data_loaded_at", dt.datetime.now(dt.UTC).isoformat(timespec="seconds")),
    ):
        session.merge(Meta(key=key, value=value))


@dataclass(frozen=True)
class DatabaseInfo:
    location: str
    schema_version: str | None
    data_fingerprint: str | None
    data_loaded_at: str | None
    size_bytes: int | None
    counts: dict[str, dict[str, int]]


def info(bind: Engine | Connection) -> DatabaseInfo:
    """What is in the database: where, which version, how many records of each origin."""
    url = bind.engine.url.render_as_string(hide_password=False)
    path = sqlite_path(url)
    with Session(bind) as session:
        meta = dict(session.execute(select(Meta.key, Meta.value)).all())
        counts: dict[str, dict[str, int]] = {}
        for model, _ in reversed(RECORD_TABLES):
            rows = session.execute(select(model.origin, func.count()).group_by(model.origin)).all()
            counts[model.__tablename__] = {str(origin): n for origin, n in rows}
    return DatabaseInfo(
        location=display_location(url),
        schema_version=meta.get("schema_version"),
        data_fingerprint=meta.get("data_fingerprint"),
        data_loaded_at=meta.get("data_loaded_at"),
        size_bytes=path.stat().st_size if path and path.exists() else None,
        counts=counts,
    )
