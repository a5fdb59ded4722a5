"""Shared fixtures. Every test runs headless and never touches the user's real data folder."""

from __future__ import annotations

import os

os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")

import pytest


@pytest.fixture(autouse=True)
def _isolated_user_dirs(tmp_path_factory, monkeypatch):
    """Point the data, config and log folders at a temporary place; no FORGE_DB_URL leaks in."""
    home = tmp_path_factory.mktemp("home")
    for var in ("XDG_DATA_HOME", "XDG_CONFIG_HOME", "XDG_CACHE_HOME", "XDG_STATE_HOME"):
        monkeypatch.setenv(var, str(home / var.lower()))
    monkeypatch.delenv("FORGE_DB_URL", raising=False)


@pytest.fixture(scope="session")
def curated_db_file(tmp_path_factory):
    """A database built once from data/ for the whole session (tests must not write to it)."""
    from forge_desktop.core import database

    path = tmp_path_factory.mktemp("db") / "forge.sqlite"
    database.build_sqlite_file(path)
    return path


@pytest.fixture
def db_url(tmp_path, curated_db_file):
    """A private copy of the curated database, free to modify."""
    import shutil

    path = tmp_path / "forge.sqlite"
    shutil.copy(curated_db_file, path)
    return f"sqlite:///{path}"


@pytest.fixture
def engine(db_url):
    from forge_desktop.core import database

    engine = database.open_database(db_url)
    yield engine
    engine.dispose()


@pytest.fixture
def session(engine):
    from sqlalchemy.orm import Session

    with Session(engine) as session:
        yield session
