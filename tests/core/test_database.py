"""Opening, building, refreshing and checking the database."""

from __future__ import annotations

import hashlib
import os
import sqlite3
from pathlib import Path

import pytest
from sqlalchemy import delete, func, select, update
from sqlalchemy.exc import IntegrityError, StatementError
from sqlalchemy.orm import Session

from forge_desktop.core import database
from forge_desktop.core import dataset as curated
from forge_desktop.core.database import DatabaseError
from forge_desktop.core.query import Query, count
from forge_desktop.core.schema import (
    SCHEMA_VERSION,
    AgencyRow,
    Financing,
    FinancingLocation,
    FinancingMineral,
    Meta,
    Origin,
    Participant,
)


def digest(path: Path) -> str:
    return hashlib.sha256(path.read_bytes()).hexdigest()


def file_of(url: str) -> Path:
    return database.sqlite_path(url)


def imported_financing(**overrides) -> Financing:
    values = dict(
        id="user-lithium-deal", agency="DOE", recipient="A user's own record",
        instrument="nofo", stage="opportunity", amount_usd=42_000_000, amount_qualifier="exact",
        summary="Imported by the user.", quote_ru="Импортировано.", origin=Origin.IMPORTED,
        search_text="a user's own record",
    )
    values.update(overrides)
    return Financing(**values)


def add_imported(url: str) -> None:
    engine = database.open_database(url)
    try:
        with Session(engine) as session, session.begin():
            session.add(imported_financing())
            session.flush()
            session.add(FinancingMineral(financing_id="user-lithium-deal", mineral_id="lithium"))
    finally:
        engine.dispose()


def record_counts(url: str) -> dict[str, int]:
    engine = database.open_database(url)
    try:
        return database.info(engine).counts["financing"]
    finally:
        engine.dispose()


# --------------------------------------------------------------------------- where it lives


def test_default_path_is_in_the_xdg_data_folder():
    expected = Path(os.environ["XDG_DATA_HOME"]) / "forge-desktop" / "forge.sqlite"
    assert database.default_path() == expected


def test_resolve_url_defaults_to_the_embedded_file():
    assert database.resolve_url() == f"sqlite:///{database.default_path()}"


def test_resolve_url_honours_forge_db_url(monkeypatch, tmp_path):
    url = f"sqlite:///{tmp_path / 'elsewhere.sqlite'}"
    monkeypatch.setenv("FORGE_DB_URL", url)
    assert database.resolve_url() == url


def test_an_explicit_url_beats_the_environment(monkeypatch):
    monkeypatch.setenv("FORGE_DB_URL", "sqlite:///from-env.sqlite")
    assert database.resolve_url("sqlite:///explicit.sqlite") == "sqlite:///explicit.sqlite"


def test_open_database_uses_forge_db_url(monkeypatch, tmp_path):
    path = tmp_path / "env.sqlite"
    monkeypatch.setenv("FORGE_DB_URL", f"sqlite:///{path}")
    engine = database.open_database()
    try:
        assert database.info(engine).location == str(path)
    finally:
        engine.dispose()
    assert path.exists()
    assert not database.default_path().exists()


def test_display_location_hides_passwords():
    text = database.display_location("postgresql://analyst:s3cret@db.example/forge")
    assert "s3cret" not in text
    assert "db.example/forge" in text


def test_sqlite_path_only_for_files():
    assert database.sqlite_path("sqlite:///some/file.sqlite") == Path("some/file.sqlite")
    assert database.sqlite_path("sqlite://") is None
    assert database.sqlite_path("postgresql://u@h/db") is None


# --------------------------------------------------------------------------- building


def test_first_open_builds_the_default_file():
    path = database.default_path()
    assert not path.exists()
    engine = database.open_database()
    try:
        assert database.info(engine).counts["financing"] == {"curated": 35}
    finally:
        engine.dispose()
    assert path.is_file()


def test_build_leaves_no_temporary_files():
    engine = database.open_database()
    engine.dispose()
    path = database.default_path()
    assert list(path.parent.iterdir()) == [path]


def test_failed_build_leaves_nothing(tmp_path, monkeypatch):
    def broken(*_args, **_kwargs):
        raise curated.DatasetError("financing.yaml: broken on purpose")

    monkeypatch.setattr(curated, "read_dataset", broken)
    target = tmp_path / "forge.sqlite"
    with pytest.raises(curated.DatasetError):
        database.build_sqlite_file(target)
    assert list(tmp_path.iterdir()) == []


def test_reopening_changes_nothing():
    database.open_database().dispose()
    path = database.default_path()
    before = digest(path)
    database.open_database().dispose()
    assert digest(path) == before


def test_a_new_file_holds_what_a_refresh_from_the_data_makes(tmp_path):
    """A new file is filled by inserting (a first start is quicker so), a refresh by merging:
    the same records either way, row for row, the search index included (each file has its
    own store id, by design: a cache of one must not be taken for the other's)."""
    inserted, merged = tmp_path / "inserted.sqlite", tmp_path / "merged.sqlite"
    database.build_sqlite_file(inserted)
    engine = database.create_engine_for(f"sqlite:///{merged}")
    try:
        database._load_curated(engine)  # the merging path, on an empty file
    finally:
        engine.dispose()

    def rows(path: Path) -> dict[str, list[tuple]]:
        con = sqlite3.connect(path)
        try:
            tables = [name for (name,) in con.execute(
                "SELECT name FROM sqlite_master WHERE type = 'table' AND name NOT LIKE 'sqlite_%'"
                " ORDER BY name")]
            return {table: sorted(con.execute(
                f"SELECT * FROM {table}" + (" WHERE key NOT IN ('data_loaded_at', 'store_id')"
                                             if table == "meta" else "")),
                key=repr) for table in tables}
        finally:
            con.close()

    built = rows(inserted)
    assert built["financing"] and built == rows(merged)


def test_in_memory_database_is_built_too():
    engine = database.open_database("sqlite://")
    try:
        info = database.info(engine)
        assert info.size_bytes is None
        assert info.counts["participants"] == {"curated": 55}
    finally:
        engine.dispose()


@pytest.mark.sqlite_only("reads the SQLite file itself")
def test_info_counts_and_facts(engine, db_url):
    info = database.info(engine)
    assert info.counts == {
        "participants": {"curated": 55},
        "agreements": {"curated": 17},
        "financing": {"curated": 35},
    }
    assert info.schema_version == str(SCHEMA_VERSION)
    assert info.data_fingerprint == curated.fingerprint()
    assert info.data_loaded_at
    assert info.location == str(file_of(db_url))
    assert info.size_bytes == file_of(db_url).stat().st_size


# --------------------------------------------------------------------------- refusing to open


def test_corrupt_file_is_refused_and_left_alone(tmp_path):
    path = tmp_path / "forge.sqlite"
    path.write_bytes(b"this is not a database\x00" * 400)
    before = digest(path)
    with pytest.raises(DatabaseError) as info:
        database.open_database(f"sqlite:///{path}")
    assert str(path) in str(info.value)
    assert info.value.location == str(path)
    assert digest(path) == before


def test_foreign_sqlite_file_is_refused_and_left_alone(tmp_path):
    path = tmp_path / "other.sqlite"
    con = sqlite3.connect(path)
    con.execute("CREATE TABLE notes (text TEXT)")
    con.execute("INSERT INTO notes VALUES ('mine')")
    con.commit()
    con.close()
    before = digest(path)
    with pytest.raises(DatabaseError, match="not a FORGE Desktop database") as info:
        database.open_database(f"sqlite:///{path}")
    assert str(path) in str(info.value)
    assert digest(path) == before


@pytest.mark.sqlite_only("reads the SQLite file itself")
def test_newer_schema_version_is_refused(db_url):
    con = sqlite3.connect(file_of(db_url))
    con.execute("UPDATE meta SET value = '99' WHERE key = 'schema_version'")
    con.commit()
    con.close()
    with pytest.raises(DatabaseError, match="schema version 99"):
        database.open_database(db_url)


# --------------------------------------------------------------------------- refreshing


def make_stale(url: str) -> None:
    """What an older release would have left: other curated values, an old fingerprint."""
    engine = database.open_database(url)
    try:
        with Session(engine) as session, session.begin():
            session.execute(update(Financing).where(Financing.id == "exim-reko-diq")
                            .values(amount_usd=1))
            session.execute(delete(Financing).where(Financing.id == "dod-atalco"))
            session.add(imported_financing(id="old-curated-record", origin=Origin.CURATED))
            session.execute(update(Meta).where(Meta.key == "data_fingerprint")
                            .values(value="stale"))
    finally:
        engine.dispose()


def test_changed_fingerprint_restores_curated_records(db_url):
    make_stale(db_url)
    engine = database.open_database(db_url)
    try:
        with Session(engine) as session:
            assert session.get(Financing, "exim-reko-diq").amount_usd == 1_300_000_000
            assert session.get(Financing, "dod-atalco") is not None
            assert session.get(Financing, "old-curated-record") is None
            fingerprint = session.get(Meta, "data_fingerprint").value
        assert fingerprint == curated.fingerprint()
        assert database.info(engine).counts["financing"] == {"curated": 35}
    finally:
        engine.dispose()


def test_refresh_restores_list_links_of_curated_records(db_url):
    make_stale(db_url)
    engine = database.open_database(db_url)
    try:
        with Session(engine) as session:
            codes = set(session.scalars(
                select(FinancingMineral.mineral_id)
                .where(FinancingMineral.financing_id == "exim-reko-diq")))
        assert codes == {"copper", "gold"}
    finally:
        engine.dispose()


def test_refresh_keeps_imported_records_and_their_links(db_url):
    add_imported(db_url)
    make_stale(db_url)
    engine = database.open_database(db_url)
    try:
        with Session(engine) as session:
            mine = session.get(Financing, "user-lithium-deal")
            assert mine is not None and mine.origin == Origin.IMPORTED
            assert mine.amount_usd == 42_000_000
            links = session.scalars(select(FinancingMineral.mineral_id)
                                    .where(FinancingMineral.financing_id == mine.id)).all()
            assert links == ["lithium"]
        assert database.info(engine).counts["financing"] == {"curated": 35, "imported": 1}
    finally:
        engine.dispose()


def test_sync_curated_runs_in_the_callers_transaction(engine):
    with Session(engine) as session:
        session.execute(update(Meta).where(Meta.key == "data_fingerprint").values(value="x"))
        database.sync_curated(session)
        session.rollback()
    with Session(engine) as session:
        assert session.get(Meta, "data_fingerprint").value == curated.fingerprint()
        assert session.scalar(select(func.count()).select_from(Financing)) == 35


# --------------------------------------------------------------------------- rebuild


def test_rebuild_keeps_imported_records(db_url):
    add_imported(db_url)
    database.rebuild(db_url)
    assert record_counts(db_url) == {"curated": 35, "imported": 1}
    engine = database.open_database(db_url)
    try:
        with Session(engine) as session:
            links = session.scalars(select(FinancingMineral.mineral_id).where(
                FinancingMineral.financing_id == "user-lithium-deal")).all()
        assert links == ["lithium"]
    finally:
        engine.dispose()


@pytest.mark.sqlite_only("reads the SQLite file itself")
def test_rebuild_restores_curated_values(db_url):
    make_stale(db_url)
    con = sqlite3.connect(file_of(db_url))  # make it look current, so only rebuild repairs it
    con.execute("UPDATE meta SET value = ? WHERE key = 'data_fingerprint'",
                (curated.fingerprint(),))
    con.commit()
    con.close()
    database.rebuild(db_url)
    engine = database.open_database(db_url)
    try:
        with Session(engine) as session:
            assert session.get(Financing, "exim-reko-diq").amount_usd == 1_300_000_000
            assert session.get(Financing, "old-curated-record") is None
    finally:
        engine.dispose()


@pytest.mark.sqlite_only("reads the SQLite file itself")
def test_rebuild_leaves_no_temporary_files(db_url):
    database.rebuild(db_url)
    path = file_of(db_url)
    leftovers = [p.name for p in path.parent.iterdir()
                 if ".building" in p.name or ".rebuilt" in p.name]
    assert leftovers == []


def test_rebuild_creates_a_missing_file(tmp_path):
    path = tmp_path / "new.sqlite"
    database.rebuild(f"sqlite:///{path}")
    assert record_counts(f"sqlite:///{path}") == {"curated": 35}


# --------------------------------------------------------------------------- constraints


def financing_count(session) -> int:
    return session.scalar(select(func.count()).select_from(Financing))


@pytest.mark.parametrize(
    "overrides",
    [
        {"amount_usd": -1, "amount_qualifier": "exact"},
        {"amount_usd": 5, "amount_qualifier": None},
        {"amount_usd": None, "amount_qualifier": "exact"},
        {"cofinancing_usd": -5},
        {"parent_id": "user-lithium-deal"},
        {"parent_id": "no-such-parent"},
        {"date": None, "date_precision": "day"},
    ],
)
def test_schema_rejects_inconsistent_financing(session, overrides):
    session.add(imported_financing(**overrides))
    with pytest.raises(IntegrityError):
        session.flush()
    session.rollback()
    assert financing_count(session) == 35
    assert session.get(Financing, "user-lithium-deal") is None


@pytest.mark.parametrize("overrides", [{"agency": "NASA"}, {"stage": "dreaming"},
                                       {"instrument": "bitcoin"}])
def test_schema_rejects_values_outside_the_vocabularies(session, overrides):
    session.add(imported_financing(**overrides))
    with pytest.raises(StatementError):
        session.flush()
    session.rollback()
    assert financing_count(session) == 35


@pytest.mark.sqlite_only("reads the SQLite file itself")
def test_schema_rejects_an_unknown_agency_even_in_raw_sql(db_url):
    con = sqlite3.connect(file_of(db_url))
    con.execute("PRAGMA foreign_keys = ON")
    with pytest.raises(sqlite3.IntegrityError):
        con.execute(
            "INSERT INTO financing (id, agency, recipient, instrument, stage, summary, origin, "
            "search_text, is_aggregate) VALUES ('x', 'NASA', 'r', 'nofo', 'opportunity', 's', "
            "'imported', '', 0)")
    con.rollback()
    assert con.execute("SELECT count(*) FROM financing").fetchone() == (35,)
    con.close()


@pytest.mark.sqlite_only("reads the SQLite file itself")
def test_schema_rejects_a_stage_outside_the_vocabulary_in_raw_sql(db_url):
    con = sqlite3.connect(file_of(db_url))
    con.execute("PRAGMA foreign_keys = ON")
    with pytest.raises(sqlite3.IntegrityError):
        con.execute(
            "INSERT INTO financing (id, agency, recipient, instrument, stage, summary, origin, "
            "search_text, is_aggregate) VALUES ('x', 'DOE', 'r', 'nofo', 'dreaming', 's', "
            "'imported', '', 0)")
    con.rollback()
    con.close()


def test_schema_rejects_a_country_without_a_code(session):
    session.add(Participant(id="atlantis", name="Atlantis", kind="country", iso3=None,
                            region="Europe", summary="s", quote_ru="q"))
    with pytest.raises(IntegrityError):
        session.flush()
    session.rollback()
    assert session.get(Participant, "atlantis") is None


def test_a_valid_imported_record_is_accepted(session):
    session.add(imported_financing())
    session.flush()
    assert financing_count(session) == 36
    session.rollback()
    assert financing_count(session) == 35


# --------------------------------------------------------------------------- upgrades

SCHEMA_2 = Path(__file__).parent / "fixtures" / "schema-2.sql"


def schema_2_file(path: Path) -> Path:
    con = sqlite3.connect(path)
    con.executescript(SCHEMA_2.read_text(encoding="utf-8"))
    con.close()
    return path


def test_a_schema_2_file_is_upgraded_keeping_imported_records_and_the_old_file(tmp_path):
    path = schema_2_file(tmp_path / "forge.sqlite")
    old = digest(path)

    engine = database.open_database(f"sqlite:///{path}")
    try:
        with Session(engine) as session:
            assert session.get(Meta, "schema_version").value == str(SCHEMA_VERSION)
            record = session.get(Financing, "v2-chile-lithium")
            assert (record.origin, record.amount_usd, record.stage) == (
                Origin.IMPORTED, 40_000_000, "approved")
            assert record.imported_at is not None  # so Undo last import still finds it
            places = session.execute(select(FinancingLocation.location_code,
                                            FinancingLocation.country_code).where(
                FinancingLocation.financing_id == "v2-chile-lithium")).all()
            assert sorted(places) == [("CHL", "CHL"), ("CL-AN", "CHL")]  # the country derived
            assert count(session, Query("financing", search="salar")) == 1  # indexed again
            assert count(session, Query("financing")) == 36  # the curated 35, rebuilt
            # The new schema's point: a confirmed new agency can now be stored.
            session.add(AgencyRow(code="NSF", name="NSF", key="nsf", origin=Origin.IMPORTED))
            session.flush()
            session.rollback()
    finally:
        engine.dispose()
    kept = tmp_path / "forge.sqlite.schema-2"
    assert digest(kept) == old  # the file as it was, beside the upgraded one
    assert sorted(p.name for p in tmp_path.iterdir()) == ["forge.sqlite", "forge.sqlite.schema-2"]


def test_an_upgraded_file_opens_again_without_another_upgrade(tmp_path):
    path = schema_2_file(tmp_path / "forge.sqlite")
    database.open_database(f"sqlite:///{path}").dispose()
    upgraded = digest(path)

    database.open_database(f"sqlite:///{path}").dispose()

    assert digest(path) == upgraded
    assert not (tmp_path / "forge.sqlite.schema-3").exists()


def test_a_schema_2_file_that_cannot_be_read_is_left_as_it_was(tmp_path):
    path = schema_2_file(tmp_path / "forge.sqlite")
    con = sqlite3.connect(path)
    con.execute("DROP TABLE financing_locations")  # damaged: its imported links cannot be kept
    con.commit()
    con.close()
    before = digest(path)

    with pytest.raises(DatabaseError, match="could not be read to upgrade it; it is unchanged"):
        database.open_database(f"sqlite:///{path}")

    assert digest(path) == before
    assert sorted(p.name for p in tmp_path.iterdir()) == ["forge.sqlite"]
