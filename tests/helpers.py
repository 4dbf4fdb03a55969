"""Small helpers shared by the tests: build contacts, read reports, check refusals."""

import importlib.util
import os
import subprocess
import sys
from pathlib import Path
from types import ModuleType
from typing import Any

from conftest import Netcrm

# Sample import files (LinkedIn, Google, vCard, JSON), good and malformed.
FIXTURES = Path(__file__).parent / "fixtures"
BENCH = Path(__file__).resolve().parent.parent / "bench"


def load_bench(name: str) -> ModuleType:
    """bench/NAME.py, imported from its file (bench/ is a folder of scripts, not a package)."""
    spec = importlib.util.spec_from_file_location(name, BENCH / f"{name}.py")
    assert spec is not None and spec.loader is not None
    module = importlib.util.module_from_spec(spec)
    sys.modules[name] = module  # dataclasses look their module up while the class is built
    spec.loader.exec_module(module)
    return module


def db_path() -> Path:
    """The SQLite file the autouse fixture points this test at (SQLite-only tests)."""
    target = os.environ["NETCRM_DB"]
    # Path() would fold a server URL's '//' into a relative file path: fail loudly instead.
    assert "://" not in target, "db_path() needs a SQLite test: mark it @pytest.mark.sqlite_only"
    return Path(target)


def _engine(target: str) -> Any:
    from sqlalchemy import create_engine

    return create_engine(target if "://" in target else f"sqlite:///{target}")


def query(sql: str, **params: object) -> list[tuple[Any, ...]]:
    """Rows of one SQL query against the test's database, SQLite file or PostgreSQL URL alike."""
    from sqlalchemy import text

    engine = _engine(os.environ["NETCRM_DB"])
    try:
        with engine.connect() as connection:
            return [tuple(row) for row in connection.execute(text(sql), params)]
    finally:
        engine.dispose()


def execute(*statements: str) -> None:
    """Write to the test's database behind netcrm's back, as another program would (one
    transaction, SQLite file or PostgreSQL URL alike)."""
    from sqlalchemy import text

    engine = _engine(os.environ["NETCRM_DB"])
    try:
        with engine.begin() as connection:
            for statement in statements:
                connection.execute(text(statement))
    finally:
        engine.dispose()


def db_bytes(path: Path | None = None) -> object:
    """A snapshot to prove nothing was written: a SQLite file's bytes and its -wal file's
    (None for one that does not exist), or on a database server every row of every table, in
    a stable order."""
    target = str(path) if path else os.environ["NETCRM_DB"]
    if "://" not in target:
        # The -wal file too: a write not yet checkpointed into the file is still a write.
        return tuple(
            each.read_bytes() if each.exists() else None
            for each in (Path(target), Path(target + "-wal"))
        )
    if target.startswith("postgresql"):
        return _server_rows(target)
    from sqlalchemy import MetaData, select

    engine = _engine(target)
    try:
        metadata = MetaData()
        metadata.reflect(engine)
        with engine.connect() as connection:
            return {
                name: connection.execute(select(table).order_by(*table.columns)).all()
                for name, table in sorted(metadata.tables.items())
            }
    finally:
        engine.dispose()


def _server_rows(target: str) -> dict[str, tuple[list[str], list[tuple[Any, ...]]]]:
    """Every table of a PostgreSQL database: its column names and all its rows, sorted.

    Read from the catalog in one query and one SELECT per table on one connection: reflecting
    the schema through SQLAlchemy costs ten times as much, and refused() takes two of these.
    """
    import psycopg
    from sqlalchemy.engine import make_url

    url = make_url(target).set(drivername="postgresql")
    with psycopg.connect(url.render_as_string(hide_password=False)) as connection:
        columns = connection.execute(
            "SELECT table_name::text, array_agg(column_name::text ORDER BY ordinal_position)"
            " FROM information_schema.columns WHERE table_schema = current_schema()"
            " GROUP BY table_name"
        ).fetchall()
        snapshot = {}
        for table, names in sorted(columns):
            order = ", ".join(str(position) for position in range(1, len(names) + 1))
            rows = connection.execute(f'SELECT * FROM "{table}" ORDER BY {order}').fetchall()
            snapshot[table] = (names, rows)
        return snapshot


def add(netcrm: Netcrm, name: str, *options: str) -> dict[str, Any]:
    """Add a contact and return it as `add --json` prints it."""
    added = netcrm.json("add", name, *options)
    assert isinstance(added, dict)
    return added


def show(netcrm: Netcrm, ref: str, *options: str) -> dict[str, Any]:
    """`show REF --json`."""
    found = netcrm.json("show", ref, *options)
    assert isinstance(found, dict)
    return found


def due(netcrm: Netcrm, *options: str) -> list[dict[str, Any]]:
    """`due --json` with the given options."""
    items = netcrm.json("due", *options)
    assert isinstance(items, list)
    return items


def listed(netcrm: Netcrm, *options: str) -> list[dict[str, Any]]:
    """`list --json` with the given options."""
    rows = netcrm.json("list", *options)
    assert isinstance(rows, list)
    return rows


def names(rows: list[dict[str, Any]]) -> list[str]:
    """The `name` of each row, in order."""
    return [row["name"] for row in rows]


def steps(items: list[dict[str, Any]]) -> list[tuple[str, str | None, str]]:
    """(kind, step, due) of each due item, in order."""
    return [(item["kind"], item["step"], item["due"]) for item in items]


def one_line_error(stderr: str, stdout: str = "") -> str:
    """Assert stderr is exactly one line and no traceback was printed; return that line."""
    assert "Traceback" not in stderr + stdout
    assert stderr.count("\n") == 1 and stderr.strip(), f"want one stderr line, got {stderr!r}"
    return stderr.strip()


def refused(
    netcrm: Netcrm, *args: str, input: str | bytes | None = None, db: Path | None = None
) -> str:
    """Run a command that must fail: the one rule for a refusal, on either back end.

    Exit 1; exactly one line on stderr, ending the output, and no traceback; nothing on
    stdout unless the command asked a question (`input` answers it); and the database unchanged
    (`db`: a file to watch instead of NETCRM_DB's database, e.g. the one `--db` names).
    Returns the error line, without its newline, so a test can check what it says.
    """
    before = db_bytes(db)
    result = netcrm(*args, code=1, input=input)
    line = one_line_error(result.stderr, result.stdout)
    assert result.stderr.endswith("\n"), f"want the error line to end the output: {line!r}"
    if input is None:
        assert result.stdout == "", f"a refusal printed on stdout: {result.stdout!r}"
    assert db_bytes(db) == before, "a refused command changed the database"
    return result.stderr[:-1]


def run_module(*args: str, env: dict[str, str] | None = None) -> subprocess.CompletedProcess[str]:
    """Run `python ARGS` in a fresh interpreter (for imports and tracebacks, which need one)."""
    return subprocess.run(
        [sys.executable, *args],
        capture_output=True,
        text=True,
        env={**os.environ, **(env or {})},
        timeout=60,
        check=False,
    )
