"""The lean read path (store/lean.py) opens a database by the same rules as the normal one."""

import os
import sqlite3
import subprocess
import sys
from pathlib import Path

from test_migrations import make_0001_database

from netcrm.store import db

HEAVY = {"sqlalchemy", "sqlmodel", "pydantic", "alembic"}


def run(database: Path, *args: str) -> subprocess.CompletedProcess[str]:
    """`netcrm ARGS` on `database` in a fresh interpreter, its imports traced on stderr."""
    env = {**os.environ, "NETCRM_DB": str(database), "NETCRM_NOW": "2026-11-26T08:00:00"}
    return subprocess.run(
        [sys.executable, "-X", "importtime", "-m", "netcrm", *args],
        capture_output=True,
        text=True,
        env=env,
        timeout=60,
        check=False,
    )


def packages(result: subprocess.CompletedProcess[str]) -> set[str]:
    return {
        line.rsplit("|", 1)[1].strip().split(".")[0]
        for line in result.stderr.splitlines()
        if line.startswith("import time:") and "|" in line
    }


def errors(result: subprocess.CompletedProcess[str]) -> list[str]:
    return [line for line in result.stderr.splitlines() if not line.startswith("import time:")]


def test_an_older_schema_is_migrated_by_the_normal_path_then_read_lean(tmp_path: Path) -> None:
    database = tmp_path / "old.db"
    make_0001_database(database)
    first = run(database, "due", "--within", "400")
    assert first.returncode == 0, errors(first)
    assert "Ada Lovelace" in first.stdout
    assert "alembic" in packages(first)  # it migrated, through Alembic, backup first
    assert [path.name for path in (tmp_path / "backups").iterdir()]
    with sqlite3.connect(database) as connection:
        [(revision,)] = connection.execute("SELECT version_num FROM alembic_version")
    connection.close()
    assert revision == db.SCHEMA_HEAD
    again = run(database, "due", "--within", "400")
    assert again.stdout == first.stdout
    assert packages(again) & HEAVY == set()


def test_a_missing_database_is_created_by_the_normal_path(tmp_path: Path) -> None:
    database = tmp_path / "new.db"
    result = run(database, "due")
    assert result.returncode == 0, errors(result)
    assert result.stdout.startswith("No contacts yet.")
    assert database.exists()


def test_a_foreign_file_is_refused_unopened(tmp_path: Path) -> None:
    database = tmp_path / "other.db"
    with sqlite3.connect(database) as connection:
        connection.execute("CREATE TABLE notes (body TEXT)")
    connection.close()
    before = database.read_bytes()
    result = run(database, "due")
    assert result.returncode == 1
    assert errors(result) == [
        f"netcrm: {database} is not a netcrm database (another program's SQLite database); "
        "nothing was changed"
    ]
    assert packages(result) & HEAVY == set()
    assert database.read_bytes() == before
    assert sorted(path.name for path in tmp_path.iterdir()) == ["other.db"]


def test_a_newer_schema_is_refused(tmp_path: Path) -> None:
    database = tmp_path / "n.db"
    assert run(database, "add", "Ada").returncode == 0
    with sqlite3.connect(database) as connection:
        connection.execute("UPDATE alembic_version SET version_num = '9999'")
    connection.close()
    result = run(database, "due")
    assert result.returncode == 1
    assert errors(result) == [
        f"netcrm: {database} was made by a newer netcrm (schema 9999); upgrade netcrm to use it"
    ]


def test_the_lean_connection_runs_with_the_normal_pragmas(tmp_path: Path) -> None:
    from netcrm.store import lean

    database = tmp_path / "n.db"
    assert run(database, "add", "Ada").returncode == 0
    with lean.open_reader(str(database)) as reader:
        pragmas = {
            name: reader.rows(f"PRAGMA {name}")[0][0]
            for name in ("foreign_keys", "busy_timeout", "journal_mode", "synchronous")
        }
        assert reader.connection.in_transaction  # one read transaction for the command
    assert pragmas == {
        "foreign_keys": 1,
        "busy_timeout": 30_000,
        "journal_mode": "wal",
        "synchronous": 2,
    }


def test_text_holding_nul_is_refused_by_the_lean_path(tmp_path: Path) -> None:
    import pytest

    from netcrm.core.errors import UserError
    from netcrm.store import lean

    database = tmp_path / "n.db"
    assert run(database, "add", "Ada").returncode == 0
    with lean.open_reader(str(database)) as reader, pytest.raises(UserError, match="NUL"):
        reader.rows("SELECT id FROM contact WHERE name = :name", {"name": "A\x00da"})
