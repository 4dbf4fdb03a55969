"""Every test gets a fixed clock, no user config and, when it needs one, a fresh database.

The folders under tests/ are the layers:
- unit/   pure modules (core, rendering, the command tree): no database, each test runs once;
- cli/    the CLI in-process through CliRunner, by command theme;
- store/  opening the database, its files, migrations, the SQL both back ends share;
- e2e/    real processes: start-up imports, durability under kills, the fuzzer, the bench.

A test goes through a database when it asks for `backend`, directly or through the `netcrm`
or `isolated` fixtures. It is then generated once per back end: on a new SQLite file and on a
new PostgreSQL database (made from a migrated template, which is fast). It is generated for
SQLite only when it asks for `isolated` (the SQLite file's path) or is marked `sqlite_only`
(it looks at SQLite files, or pins `--db` to one), and for PostgreSQL only when marked
`postgres_only`. A test under unit/ may not ask for a database at all.

PostgreSQL is the server NETCRM_TEST_POSTGRES_URL names (one where we may CREATE DATABASE;
.ci/run starts one), or else a throwaway local one started with .ci/postgres when pg_ctl is
installed (one per pytest-xdist worker); with neither, the PostgreSQL tests are skipped with
the reason. Each process (each xdist worker) keeps its own template and databases.
"""

import itertools
import os
import shutil
import subprocess
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest
from hypothesis import HealthCheck, settings
from typer.testing import CliRunner

from netcrm.cli import app

# A fixed "now" for the CLI edge, so tests never depend on the real date.
NOW = "2026-11-26T08:00:00"
BACKENDS = ["sqlite", "postgres"]
ROOT = Path(__file__).resolve().parent.parent
TESTS = ROOT / "tests"

# Property tests: many more examples in CI (the CI variable is set there) than locally.
settings.register_profile(
    "ci", max_examples=3000, deadline=None, suppress_health_check=[HealthCheck.too_slow]
)
settings.register_profile("dev", max_examples=300, deadline=None)
FUZZ_PROFILE = "ci" if os.environ.get("CI") else "dev"


def pytest_configure(config: pytest.Config) -> None:
    for marker in [
        "sqlite_only: the test looks at SQLite files or pins --db to one: SQLite only",
        "postgres_only: the test is about a PostgreSQL server: PostgreSQL only",
        "slow: a long test (seconds): scheduled first so parallel runs end together",
        "e2e_sync: runs Radicale and vdirsyncer (dev dependencies); skipped without them",
    ]:
        config.addinivalue_line("markers", marker)


def backends_for(definition: pytest.Function) -> list[str]:
    """The back ends a test that goes through a database is generated for."""
    sqlite_only = definition.get_closest_marker("sqlite_only") is not None
    postgres_only = definition.get_closest_marker("postgres_only") is not None
    if "isolated" in definition.fixturenames:
        sqlite_only = True
    if sqlite_only and postgres_only:
        raise pytest.UsageError(f"{definition.nodeid}: both sqlite_only and postgres_only")
    if sqlite_only:
        return ["sqlite"]
    return ["postgres"] if postgres_only else BACKENDS


def pytest_generate_tests(metafunc: pytest.Metafunc) -> None:
    if "backend" in metafunc.fixturenames:
        metafunc.parametrize("backend", backends_for(metafunc.definition), indirect=True)


def layer(item: pytest.Item) -> str:
    """The folder right under tests/ a test lives in: unit, cli, store or e2e ("" elsewhere)."""
    path = Path(item.path)
    return path.relative_to(TESTS).parts[0] if path.is_relative_to(TESTS) else ""


def pytest_collection_modifyitems(config: pytest.Config, items: list[pytest.Item]) -> None:
    wrong = [
        item.nodeid
        for item in items
        if layer(item) == "unit" and "backend" in getattr(item, "fixturenames", ())
    ]
    if wrong:
        raise pytest.UsageError(f"unit tests may not use a database: {', '.join(wrong)}")
    # The long tests first (a stable sort): under xdist no worker starts one near the end.
    items.sort(key=lambda item: item.get_closest_marker("slow") is None)


@pytest.fixture(autouse=True)
def environment(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    """A fixed clock, empty XDG config and data folders, and NETCRM_DB at a new SQLite path.

    Returns that path (a test on PostgreSQL has NETCRM_DB pointed at its server database).
    """
    db = tmp_path / "netcrm.db"
    monkeypatch.setenv("NETCRM_NOW", NOW)
    monkeypatch.setenv("XDG_CONFIG_HOME", str(tmp_path / "config"))
    monkeypatch.setenv("XDG_DATA_HOME", str(tmp_path / "data"))
    monkeypatch.setenv("NETCRM_DB", str(db))
    monkeypatch.delenv("NETCRM_CONFIG", raising=False)
    monkeypatch.delenv("NETCRM_DEBUG", raising=False)
    return db


def _start_local_server(folder: Path) -> tuple[str, Path]:
    """Start a throwaway cluster below `folder` with .ci/postgres: its URL and its folder.

    Skips the test when it cannot.

    Tried three times: the script picks a free port, which a parallel run may take first.
    """
    script = ROOT / ".ci" / "postgres"
    error = ""
    for attempt in range(3):
        place = folder / f"try{attempt}"
        started = subprocess.run(
            [str(script), "start", str(place)], capture_output=True, text=True, check=False
        )
        if started.returncode == 0:
            return started.stdout.strip(), place
        error = started.stderr.strip()[-300:]
        subprocess.run([str(script), "stop", str(place)], capture_output=True, check=False)
    pytest.skip(f"PostgreSQL: cannot start a local server: {error}")


@pytest.fixture(scope="session")
def postgres_server(tmp_path_factory: pytest.TempPathFactory) -> Iterator[str]:
    """A PostgreSQL server URL with the right to create databases; skips when there is none."""
    given = os.environ.get("NETCRM_TEST_POSTGRES_URL")
    if given:
        yield given
        return
    if not (shutil.which("pg_ctl") or list(Path("/usr/lib/postgresql").glob("*/bin/pg_ctl"))):
        pytest.skip("PostgreSQL: set NETCRM_TEST_POSTGRES_URL or install postgresql")
    url, place = _start_local_server(tmp_path_factory.mktemp("postgres"))
    try:
        yield url
    finally:
        subprocess.run(
            [str(ROOT / ".ci" / "postgres"), "stop", str(place)], capture_output=True, check=False
        )


class PostgresDatabases:
    """Hands each test an empty, migrated database, and takes it back afterwards.

    Databases are created from a migrated template; one given back is emptied (rows deleted,
    sequences restarted, in one round trip: a millisecond or two, where CREATE DATABASE takes
    tens of them) and reused, unless the test changed its schema: then it is dropped.
    """

    def __init__(self, server: str) -> None:
        from sqlalchemy import create_engine
        from sqlalchemy.engine import make_url
        from sqlmodel import SQLModel

        import netcrm.store.models  # noqa: F401 - registers the tables
        from netcrm.store.db import SCHEMA_HEAD, open_session

        self.url = make_url(server)
        self.admin = create_engine(self.url, isolation_level="AUTOCOMMIT")
        # One process, one prefix: xdist workers sharing a server never meet.
        self.prefix = f"netcrm_test_{os.getpid()}"
        self.counter = itertools.count()
        self.template = f"{self.prefix}_template"
        self.free: list[str] = []
        self.connections: dict[str, Any] = {}
        self._execute(f'DROP DATABASE IF EXISTS "{self.template}"')
        self._execute(f'CREATE DATABASE "{self.template}"')
        with open_session(self.target(self.template), write=True):
            pass  # creates the schema through the Alembic revisions
        self.tables = [table.name for table in SQLModel.metadata.sorted_tables]
        # What a database must look like to be reused: the stock tables at the head revision.
        self.stock = (sorted([*self.tables, "alembic_version"]), [SCHEMA_HEAD])
        with self._connect(self.template) as connection:
            sequences = connection.execute(
                "SELECT relname FROM pg_class WHERE relkind = 'S' ORDER BY relname"
            ).fetchall()
        self.empty_sql = "; ".join(
            [f'DELETE FROM "{table}"' for table in reversed(self.tables)]
            + [f'ALTER SEQUENCE "{name}" RESTART' for (name,) in sequences]
        )

    def _execute(self, sql: str) -> None:
        from sqlalchemy import text

        with self.admin.connect() as connection:
            connection.execute(text(sql))

    def target(self, name: str) -> str:
        return self.url.set(database=name).render_as_string(hide_password=False)

    def _connect(self, name: str) -> Any:
        """A plain psycopg connection to one database (libpq wants no '+psycopg')."""
        import psycopg

        url = self.url.set(drivername="postgresql", database=name)
        return psycopg.connect(url.render_as_string(hide_password=False))

    def take(self) -> str:
        if self.free:
            return self.free.pop()
        name = f"{self.prefix}_{next(self.counter)}"
        self._execute(f'CREATE DATABASE "{name}" TEMPLATE "{self.template}"')
        return name

    def give_back(self, name: str) -> None:
        try:
            self._empty(name)
        except Exception:
            self._drop(name)
        else:
            self.free.append(name)

    def _empty(self, name: str) -> None:
        """Delete every row and restart the ids; raises when the schema is not the stock one."""
        if name not in self.connections:
            self.connections[name] = self._connect(name)
        connection = self.connections[name]
        with connection.transaction():
            found = connection.execute(
                'SELECT (SELECT array_agg(tablename::text ORDER BY tablename COLLATE "C")'
                " FROM pg_tables"
                " WHERE schemaname = 'public'),"
                " (SELECT array_agg(version_num::text) FROM alembic_version)"
            ).fetchone()
            if (found[0], found[1]) != self.stock:
                raise RuntimeError("the test changed the schema")
            connection.execute(self.empty_sql)  # one round trip for every table and sequence

    def _drop(self, name: str) -> None:
        connection = self.connections.pop(name, None)
        if connection is not None:
            connection.close()
        self._execute(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)')

    def close(self) -> None:
        for name in [*self.free, *self.connections]:
            self._drop(name)
        self._drop(self.template)
        self.admin.dispose()


@pytest.fixture(scope="session")
def postgres_databases(postgres_server: str) -> Iterator[PostgresDatabases]:
    databases = PostgresDatabases(postgres_server)
    try:
        yield databases
    finally:
        databases.close()


@pytest.fixture
def backend(
    request: pytest.FixtureRequest, environment: Path, monkeypatch: pytest.MonkeyPatch
) -> Iterator[str]:
    """Which database the test runs on, "sqlite" or "postgres" (see pytest_generate_tests).

    On SQLite NETCRM_DB stays at the new file `environment` chose; on PostgreSQL it names a
    fresh database of the test's own.
    """
    name = str(request.param)
    if name == "sqlite":
        yield name
        return
    databases: PostgresDatabases = request.getfixturevalue("postgres_databases")
    database = databases.take()
    monkeypatch.setenv("NETCRM_DB", databases.target(database))
    try:
        yield name
    finally:
        databases.give_back(database)


@pytest.fixture
def isolated(backend: str, environment: Path) -> Path:
    """The test's SQLite database file (asking for it makes the test SQLite-only)."""
    assert backend == "sqlite"
    return environment


class Netcrm:
    """Run the CLI in-process and check its exit status."""

    def __init__(self) -> None:
        self.runner = CliRunner()

    def __call__(self, *args: str, code: int = 0, input: str | bytes | None = None) -> "Result":
        result = self.runner.invoke(app, list(args), input=input)
        assert result.exit_code == code, (
            f"netcrm {' '.join(args)} exited {result.exit_code}, wanted {code}\n"
            f"stdout: {result.stdout}\nstderr: {result.stderr}\n{result.exception!r}"
        )
        return Result(result.stdout, result.stderr, result.exit_code)

    def json(self, *args: str) -> object:
        """Run with --json and parse what it printed."""
        import json

        return json.loads(self(*args, "--json").stdout)


class Result:
    """What one invocation printed."""

    def __init__(self, stdout: str, stderr: str, code: int) -> None:
        self.stdout, self.stderr, self.code = stdout, stderr, code


@pytest.fixture
def netcrm(backend: str) -> Iterator[Netcrm]:
    """The CLI, invoked in-process against the test's database (on each back end)."""
    yield Netcrm()
