"""The core suite runs on both engines: every test that takes ``db_url`` (or ``engine``,
``session``) runs once on SQLite and once on the run's throwaway PostgreSQL server.

A test that is about SQLite itself (its file, its pragmas, the sqlite3 module) says so with
``@pytest.mark.sqlite_only("why")`` and runs once.
"""

from __future__ import annotations

import os
import uuid

import pytest

from tests import postgres_server

ENGINES = ("sqlite", "postgresql")


def pytest_generate_tests(metafunc):
    if "engine_name" not in metafunc.fixturenames:
        return
    engines = ["sqlite"] if metafunc.definition.get_closest_marker("sqlite_only") else ENGINES
    metafunc.parametrize("engine_name", engines, scope="function")


@pytest.fixture(scope="session")
def postgres_admin_url():
    """The server's URL, or a loud skip saying why there is none."""
    url = os.environ.get(postgres_server.ENV_URL)
    if not url:
        pytest.skip("PostgreSQL half skipped: " + os.environ.get(
            postgres_server.ENV_SKIP, f"no server ({postgres_server.ENV_URL} is not set)"))
    return url


def _admin(url: str):
    from sqlalchemy import create_engine

    return create_engine(url, isolation_level="AUTOCOMMIT")


@pytest.fixture(scope="session")
def postgres_template(postgres_admin_url):
    """One curated database per worker, built once; each test gets a copy of it."""
    from sqlalchemy import text
    from sqlalchemy.engine import make_url

    from forge_desktop.core import database

    name = f"forge_tpl_{uuid.uuid4().hex[:12]}"
    admin = _admin(postgres_admin_url)
    with admin.connect() as connection:
        connection.execute(text(f'CREATE DATABASE "{name}"'))
    engine = database.open_database(make_url(postgres_admin_url).set(database=name)
                                    .render_as_string(hide_password=False))
    engine.dispose()
    yield name
    with admin.connect() as connection:
        connection.execute(text(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)'))
    admin.dispose()


@pytest.fixture
def postgres_url(request, postgres_admin_url):
    """A private copy of the curated database on the PostgreSQL server, dropped after."""
    from sqlalchemy import text
    from sqlalchemy.engine import make_url

    template = request.getfixturevalue("postgres_template")
    name = f"forge_t_{uuid.uuid4().hex[:12]}"
    admin = _admin(postgres_admin_url)
    with admin.connect() as connection:
        connection.execute(text(f'CREATE DATABASE "{name}" TEMPLATE "{template}" '
                                "STRATEGY FILE_COPY"))
    yield make_url(postgres_admin_url).set(database=name).render_as_string(hide_password=False)
    with admin.connect() as connection:
        connection.execute(text(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)'))
    admin.dispose()


@pytest.fixture
def db_url(request, engine_name, tmp_path, curated_db_file):
    """A private copy of the curated database on *engine_name*, free to modify."""
    if engine_name == "postgresql":
        return request.getfixturevalue("postgres_url")
    import shutil

    path = tmp_path / "forge.sqlite"
    shutil.copy(curated_db_file, path)
    return f"sqlite:///{path}"
