"""Shared fixtures. Every test runs headless and never touches the user's real data folder."""

from __future__ import annotations

import os
import subprocess
import tempfile
import uuid

os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")
# Throwaway files (tmp_path, the databases tests build) in memory where the machine has a
# RAM disk: a SQLite commit there costs 0.1 ms instead of the 2 ms a disk's fsync takes, and
# the suite commits thousands of times. TMPDIR, so the subprocesses tests start agree.
if "TMPDIR" not in os.environ and os.access("/dev/shm", os.W_OK):
    os.environ["TMPDIR"] = "/dev/shm"
    tempfile.tempdir = None  # asked before this ran: ask again

import pytest

from tests import postgres_server

# ---- the throwaway PostgreSQL server: started by the controller, shared by the workers ----
_server: postgres_server.Server | None = None
_ran_on: dict[str, dict[str, int]] = {}  # engine → outcome → tests


def pytest_configure(config):
    global _server
    if hasattr(config, "workerinput") or os.environ.get(postgres_server.ENV_URL):
        return  # a worker (the controller started it) or a server the user runs
    if os.environ.get(postgres_server.ENV_SKIP):
        return
    try:
        _server = postgres_server.start()
    except (RuntimeError, OSError, subprocess.SubprocessError) as why:
        os.environ[postgres_server.ENV_SKIP] = str(why)
        return
    os.environ[postgres_server.ENV_URL] = _server.url


def pytest_unconfigure(config):
    global _server
    if _server is not None:
        _server.stop()
        _server = None


def pytest_runtest_logreport(report):
    engine = ("postgresql" if "[postgresql" in report.nodeid
              else "sqlite" if "[sqlite" in report.nodeid else None)
    if engine is None or (report.when != "call" and not (report.skipped or report.failed)):
        return
    outcomes = _ran_on.setdefault(engine, {})
    outcomes[report.outcome] = outcomes.get(report.outcome, 0) + 1


def pytest_terminal_summary(terminalreporter):
    if not _ran_on:
        return
    write = terminalreporter.write_line
    write("")
    for engine in ("sqlite", "postgresql"):
        outcomes = _ran_on.get(engine, {})
        figures = ", ".join(f"{n} {outcome}" for outcome, n in sorted(outcomes.items()))
        write(f"tests run on {engine}: {figures or 'none ran'}", bold=True)
    why = os.environ.get(postgres_server.ENV_SKIP)
    if why:
        write(f"POSTGRESQL HALF SKIPPED: {why}", red=True, bold=True)


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


# ---- PostgreSQL databases on the run's server (tests/core/conftest.py runs the core on them)

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
def team(postgres_url, postgres_admin_url):
    """A team database set up by ``db init-team``, and a login of each role: their URLs."""
    from sqlalchemy import create_engine, text
    from sqlalchemy.engine import make_url

    done = run_forge("db", "init-team", postgres_url)
    assert done.returncode == 0, done.stderr.decode()
    assert "forge_writer" in done.stdout.decode() and "forge_reader" in done.stdout.decode()
    suffix = uuid.uuid4().hex[:8]
    admin = create_engine(postgres_admin_url, isolation_level="AUTOCOMMIT")
    with admin.connect() as connection:
        for person, role in ((f"reader_{suffix}", "forge_reader"),
                             (f"writer_{suffix}", "forge_writer")):
            connection.execute(text(f"CREATE ROLE {person} LOGIN IN ROLE {role}"))
    admin.dispose()
    url = make_url(postgres_url)
    return {who: url.set(username=f"{who}_{suffix}").render_as_string(hide_password=False)
            for who in ("reader", "writer")}


def run_forge(*args: str, cwd=None, env: dict[str, str] | None = None):
    """``forge-desktop ARGS…`` in this process, through the entry point's ``main(argv)`` (what
    the installed script calls), in *cwd* and *env* if given: its exit code and the bytes it
    wrote to standard output and error, as ``subprocess.run`` would give them — without the
    seconds a new interpreter spends starting up."""
    import contextlib
    import io
    import subprocess

    from forge_desktop import __main__ as entry_point

    class Stream(io.TextIOWrapper):  # with a byte buffer beneath: CSV goes to stdout.buffer
        def __init__(self) -> None:
            super().__init__(io.BytesIO(), encoding="utf-8", newline="", write_through=True)

        def bytes(self) -> bytes:
            self.flush()
            return self.buffer.getvalue()

    out, err = Stream(), Stream()
    saved = dict(os.environ)
    try:
        if env is not None:
            os.environ.clear()
            os.environ.update(env)
        with contextlib.ExitStack() as stack:
            if cwd is not None:
                stack.enter_context(contextlib.chdir(cwd))
            stack.enter_context(contextlib.redirect_stdout(out))
            stack.enter_context(contextlib.redirect_stderr(err))
            try:
                code = entry_point.main(list(args))
            except SystemExit as exit_:  # --help, --version
                code = exit_.code if isinstance(exit_.code, int) else 0
    finally:
        os.environ.clear()
        os.environ.update(saved)
    return subprocess.CompletedProcess(list(args), code, out.bytes(), err.bytes())
