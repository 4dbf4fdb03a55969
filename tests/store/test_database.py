"""Where the database lives, what it refuses to touch, and how its schema is kept."""

import os
import sqlite3
from collections.abc import Callable
from pathlib import Path

import pytest
from sqlalchemy import inspect, text
from sqlmodel import SQLModel

from conftest import Netcrm
from helpers import db_path, refused, run_module
from netcrm.store import db, search


def path_in_use(netcrm: Netcrm, *root: str) -> str:
    """What `netcrm [ROOT OPTIONS] db path` prints."""
    return netcrm(*root, "db", "path").stdout.strip()


# --- which file ----------------------------------------------------------------------------


@pytest.mark.sqlite_only
def test_db_option_wins_over_the_environment(netcrm: Netcrm, tmp_path: Path) -> None:
    assert path_in_use(netcrm, "--db", str(tmp_path / "given.db")) == str(tmp_path / "given.db")


def test_netcrm_db_variable(netcrm: Netcrm) -> None:
    assert path_in_use(netcrm) == os.environ["NETCRM_DB"]


@pytest.mark.sqlite_only
def test_xdg_data_home(netcrm: Netcrm, tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.delenv("NETCRM_DB")
    assert path_in_use(netcrm) == str(tmp_path / "data" / "netcrm" / "netcrm.db")


@pytest.mark.sqlite_only
def test_home_local_share(netcrm: Netcrm, tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.delenv("NETCRM_DB")
    monkeypatch.delenv("XDG_DATA_HOME")
    monkeypatch.setenv("HOME", str(tmp_path / "home"))
    expected = tmp_path / "home" / ".local" / "share" / "netcrm" / "netcrm.db"
    assert path_in_use(netcrm) == str(expected)
    assert path_in_use(netcrm, "--db", "~/mine.db") == str(tmp_path / "home" / "mine.db")


@pytest.mark.sqlite_only
def test_folder_is_created_on_first_use(netcrm: Netcrm, tmp_path: Path) -> None:
    target = tmp_path / "a" / "b" / "new.db"
    netcrm("--db", str(target), "add", "Ada")
    assert target.is_file()
    assert netcrm("--db", str(target), "list").stdout.count("Ada") == 1


@pytest.mark.sqlite_only
def test_default_folder_is_created_on_first_use(
    netcrm: Netcrm, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.delenv("NETCRM_DB")
    netcrm("due")
    assert (tmp_path / "data" / "netcrm" / "netcrm.db").is_file()


@pytest.mark.sqlite_only
def test_an_empty_file_is_not_taken_over(netcrm: Netcrm) -> None:
    # Issue 5: an empty file at the path may be another program's placeholder; never ours.
    db_path().touch()
    assert "an empty file" in refused(netcrm, "add", "Ada")
    assert db_path().read_bytes() == b""


# --- files that are not ours ---------------------------------------------------------------


def random_bytes(path: Path) -> None:
    path.write_bytes(os.urandom(4096))


def another_programs_sqlite(path: Path) -> None:
    with sqlite3.connect(path) as connection:
        connection.execute("CREATE TABLE notes (id INTEGER PRIMARY KEY, body TEXT)")
        connection.execute("INSERT INTO notes (body) VALUES ('keep me')")
    connection.close()


def from_a_newer_netcrm(path: Path) -> None:
    os.environ["NETCRM_DB"] = str(path)  # conftest restores it afterwards
    Netcrm()("add", "Ada")
    with sqlite3.connect(path) as connection:
        connection.execute("UPDATE alembic_version SET version_num = '9999'")
    connection.close()


# A newer netcrm's file is in WAL mode: SQLite's read-only probe may leave its empty -wal and
# -shm beside it (harmless, and what any reader does). Other programs' files get nothing.
@pytest.mark.parametrize(
    ("make", "words", "foreign"),
    [
        (random_bytes, "not a netcrm database", True),
        (another_programs_sqlite, "not a netcrm database", True),
        (from_a_newer_netcrm, "newer netcrm", False),
    ],
)
@pytest.mark.parametrize("command", [["due"], ["add", "Bob"]])
@pytest.mark.sqlite_only
def test_foreign_files_are_refused_and_left_alone(
    netcrm: Netcrm,
    tmp_path: Path,
    make: Callable[[Path], None],
    words: str,
    foreign: bool,
    command: list[str],
) -> None:
    target = tmp_path / "foreign.db"
    make(target)
    folder_before = sorted(os.listdir(tmp_path))
    line = refused(netcrm, "--db", str(target), *command, db=target)
    assert words in line and str(target) in line
    if foreign:
        assert sorted(os.listdir(tmp_path)) == folder_before  # no -wal or -shm left behind


@pytest.mark.parametrize("inside", ["a-file/x.db", "."])
@pytest.mark.sqlite_only
def test_a_path_that_cannot_be_used_is_one_clear_line(
    netcrm: Netcrm, tmp_path: Path, inside: str
) -> None:
    (tmp_path / "a-file").write_text("not a folder")
    target = tmp_path / inside
    line = refused(netcrm, "--db", str(target), "add", "Ada", db=tmp_path / "a-file")
    assert str(target).rstrip("/.") in line


# --- how it is opened ----------------------------------------------------------------------


def test_pragmas_are_in_effect(tmp_path: Path) -> None:
    with db.open_session(str(tmp_path / "p.db"), write=False) as session:

        def pragma(name: str) -> object:
            return session.execute(text(f"PRAGMA {name}")).scalar()

        assert pragma("foreign_keys") == 1
        assert pragma("journal_mode") == "wal"
        assert pragma("busy_timeout") == db.BUSY_TIMEOUT_MS > 0
        assert pragma("synchronous") == 2  # FULL
        assert pragma("application_id") == db.APPLICATION_ID


def test_schema_head_is_alembics_head() -> None:
    from alembic.script import ScriptDirectory

    script = ScriptDirectory.from_config(db._alembic_config())
    assert script.get_heads() == [db.SCHEMA_HEAD]


OPEN_TWICE = """
import sys
from netcrm.store.db import open_session
for _ in range(2):
    with open_session(sys.argv[1], write=True):
        pass
print("alembic" in sys.modules)
"""


def test_opening_a_current_database_does_not_import_alembic(tmp_path: Path) -> None:
    target = str(tmp_path / "current.db")
    # The first run creates the schema, so Alembic must load: this proves the probe can see it.
    assert run_module("-c", OPEN_TWICE, target).stdout.strip() == "True"
    assert run_module("-c", OPEN_TWICE, target).stdout.strip() == "False"


def test_migrations_create_exactly_the_declared_tables(tmp_path: Path) -> None:
    import netcrm.store.models  # noqa: F401 - registers the tables

    with db.open_session(str(tmp_path / "m.db"), write=False) as session:
        inspector = inspect(session.connection())
        migrated = {
            table: {column["name"] for column in inspector.get_columns(table)}
            for table in inspector.get_table_names()
            if table != "alembic_version" and not search.is_index_table(table)
        }
        migrated_indexes = {
            index["name"]
            for table in migrated
            for index in inspector.get_indexes(table)
            if index["name"]
        }
    declared = {
        table.name: {column.name for column in table.columns}
        for table in SQLModel.metadata.sorted_tables
    }
    declared_indexes = {
        str(index.name) for table in SQLModel.metadata.sorted_tables for index in table.indexes
    }
    assert migrated == declared
    assert migrated_indexes == declared_indexes


def test_migrations_and_models_agree_in_detail(tmp_path: Path) -> None:
    from alembic.autogenerate import compare_metadata
    from alembic.migration import MigrationContext

    import netcrm.store.models  # noqa: F401 - registers the tables

    with db.open_session(str(tmp_path / "m.db"), write=False) as session:
        context = MigrationContext.configure(
            session.connection(),
            opts={"include_name": lambda name, kind, _: not search.is_index_table(str(name))},
        )
        assert compare_metadata(context, SQLModel.metadata) == []


def test_foreign_keys_are_enforced(netcrm: Netcrm) -> None:
    from sqlalchemy.exc import IntegrityError

    netcrm("add", "Ada")
    orphan = text(
        "INSERT INTO interaction (contact_id, occurred_at, has_time, channel, summary)"
        " VALUES (99, '2026-01-01', false, 'other', '')"
    )
    session_for = db.open_session(os.environ["NETCRM_DB"], write=True)
    with pytest.raises(IntegrityError, match=r"(?i)foreign key"), session_for as session:
        session.execute(orphan)
