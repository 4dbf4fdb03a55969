"""Every test gets a fresh temporary database, a fixed clock and no user config.

Each test runs twice: on a new SQLite file and on a new PostgreSQL database (created from a
migrated template, which is fast). PostgreSQL is used when NETCRM_TEST_POSTGRES_URL names a
server where we may CREATE DATABASE, or when a local server can be started with .ci/postgres;
otherwise those runs are skipped with the reason. A test that looks at SQLite files, or asks
for the database file through the `isolated` fixture, runs on SQLite only; so does one marked
`@pytest.mark.sqlite_only`.
"""

import inspect
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

# Property tests: many more examples in CI (the CI variable is set there) than locally.
settings.register_profile(
    "ci", max_examples=3000, deadline=None, suppress_health_check=[HealthCheck.too_slow]
)
settings.register_profile("dev", max_examples=300, deadline=None)
FUZZ_PROFILE = "ci" if os.environ.get("CI") else "dev"


def pytest_configure(config: pytest.Config) -> None:
    config.addinivalue_line(
        "markers", "sqlite_only: the test inspects SQLite files; it does not run on PostgreSQL"
    )


@pytest.fixture(scope="session")
def postgres_server(tmp_path_factory: pytest.TempPathFactory) -> Iterator[str]:
    """A PostgreSQL server URL with the right to create databases; skips when there is none."""
    given = os.environ.get("NETCRM_TEST_POSTGRES_URL")
    if given:
        yield given
        return
    script = ROOT / ".ci" / "postgres"
    if not (shutil.which("pg_ctl") or list(Path("/usr/lib/postgresql").glob("*/bin/pg_ctl"))):
        pytest.skip("PostgreSQL: set NETCRM_TEST_POSTGRES_URL or install postgresql")
    folder = tmp_path_factory.mktemp("postgres")
    started = subprocess.run(
        [str(script), "start", str(folder)], capture_output=True, text=True, check=False
    )
    if started.returncode != 0:
        pytest.skip(f"PostgreSQL: cannot start a local server: {started.stderr.strip()[-300:]}")
    try:
        yield started.stdout.strip()
    finally:
        subprocess.run([str(script), "stop", str(folder)], capture_output=True, check=False)


class PostgresDatabases:
    """Hands each test an empty, migrated database, and takes it back afterwards.

    Databases are created from a migrated template; one given back is emptied (rows deleted,
    sequences restarted: milliseconds, where CREATE DATABASE takes tens of them) and reused,
    unless the test changed its schema, in which case it is dropped.
    """

    def __init__(self, server: str) -> None:
        from sqlalchemy import create_engine
        from sqlalchemy.engine import make_url

        from netcrm.store.db import SCHEMA_HEAD, open_session

        self.url = make_url(server)
        self.admin = create_engine(self.url, isolation_level="AUTOCOMMIT")
        self.prefix = f"netcrm_test_{os.getpid()}"
        self.counter = itertools.count()
        self.template = f"{self.prefix}_template"
        self.head = SCHEMA_HEAD
        self.free: list[str] = []
        self.engines: dict[str, Any] = {}
        self._execute(f'DROP DATABASE IF EXISTS "{self.template}"')
        self._execute(f'CREATE DATABASE "{self.template}"')
        with open_session(self.target(self.template), write=True):
            pass  # creates the schema through the Alembic revisions

    def _execute(self, sql: str) -> None:
        from sqlalchemy import text

        with self.admin.connect() as connection:
            connection.execute(text(sql))

    def target(self, name: str) -> str:
        return self.url.set(database=name).render_as_string(hide_password=False)

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
        from sqlalchemy import create_engine, text
        from sqlmodel import SQLModel

        import netcrm.store.models  # noqa: F401 - registers the tables

        if name not in self.engines:
            self.engines[name] = create_engine(self.target(name), pool_size=1)
        tables = [table.name for table in SQLModel.metadata.sorted_tables]
        with self.engines[name].begin() as connection:
            found = connection.execute(
                text("SELECT tablename FROM pg_tables WHERE schemaname = 'public'")
            ).scalars()
            version = connection.execute(text("SELECT version_num FROM alembic_version")).all()
            if set(found) != {*tables, "alembic_version"} or version != [(self.head,)]:
                raise RuntimeError("the test changed the schema")
            for table in reversed(tables):
                connection.execute(text(f'DELETE FROM "{table}"'))
            sequences = connection.execute(
                text("SELECT relname FROM pg_class WHERE relkind = 'S'")
            ).scalars()
            for sequence in list(sequences):
                connection.execute(text(f'ALTER SEQUENCE "{sequence}" RESTART'))

    def _drop(self, name: str) -> None:
        engine = self.engines.pop(name, None)
        if engine is not None:
            engine.dispose()
        self._execute(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)')

    def close(self) -> None:
        for name in [*self.free, *self.engines]:
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


@pytest.fixture(params=BACKENDS)
def backend(request: pytest.FixtureRequest) -> str:
    """Which database the test runs on: "sqlite" or "postgres"."""
    sqlite_only = request.node.get_closest_marker("sqlite_only") is not None
    wants_file = "isolated" in inspect.signature(request.function).parameters
    if request.param == "postgres" and (sqlite_only or wants_file):
        pytest.skip("inspects SQLite files")
    return str(request.param)


@pytest.fixture(autouse=True)
def isolated(
    backend: str, tmp_path: Path, monkeypatch: pytest.MonkeyPatch, request: pytest.FixtureRequest
) -> Iterator[Path]:
    """Point NETCRM_DB at a new database and keep the user's config and data out of reach.

    Yields the SQLite file's path (on PostgreSQL, NETCRM_DB is a URL instead).
    """
    db = tmp_path / "netcrm.db"
    monkeypatch.setenv("NETCRM_NOW", NOW)
    monkeypatch.setenv("XDG_CONFIG_HOME", str(tmp_path / "config"))
    monkeypatch.setenv("XDG_DATA_HOME", str(tmp_path / "data"))
    monkeypatch.delenv("NETCRM_CONFIG", raising=False)
    monkeypatch.delenv("NETCRM_DEBUG", raising=False)
    if backend == "sqlite":
        monkeypatch.setenv("NETCRM_DB", str(db))
        yield db
        return
    databases: PostgresDatabases = request.getfixturevalue("postgres_databases")
    name = databases.take()
    monkeypatch.setenv("NETCRM_DB", databases.target(name))
    try:
        yield db
    finally:
        databases.give_back(name)


class Netcrm:
    """Run the CLI in-process and check its exit status."""

    def __init__(self) -> None:
        self.runner = CliRunner()

    def __call__(self, *args: str, code: int = 0, input: str | None = None) -> "Result":
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
def netcrm() -> Iterator[Netcrm]:
    """The CLI, invoked in-process against the test's database."""
    yield Netcrm()
