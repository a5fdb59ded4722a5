"""The core suite runs on both engines: every test that takes ``db_url`` (or ``engine``,
``session``) runs once on SQLite and once on the run's throwaway PostgreSQL server.

A test that is about SQLite itself (its file, its pragmas, the sqlite3 module) says so with
``@pytest.mark.sqlite_only("why")`` and runs once.
"""

from __future__ import annotations

import pytest

ENGINES = ("sqlite", "postgresql")


def pytest_generate_tests(metafunc):
    if "engine_name" not in metafunc.fixturenames:
        return
    engines = ["sqlite"] if metafunc.definition.get_closest_marker("sqlite_only") else ENGINES
    metafunc.parametrize("engine_name", engines, scope="function")


@pytest.fixture
def db_url(request, engine_name, tmp_path, curated_db_file):
    """A private copy of the curated database on *engine_name*, free to modify."""
    if engine_name == "postgresql":
        return request.getfixturevalue("postgres_url")
    import shutil

    path = tmp_path / "forge.sqlite"
    shutil.copy(curated_db_file, path)
    return f"sqlite:///{path}"
