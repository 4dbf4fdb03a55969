"""`netcrm db status`: the database in use, its schema, pending upgrades, size, last backup."""

import os
import sqlite3
from pathlib import Path

import pytest

from conftest import Netcrm
from helpers import db_bytes, db_path, refused
from netcrm.store import db


def status(netcrm: Netcrm) -> dict[str, object]:
    found = netcrm.json("db", "status")
    assert isinstance(found, dict)
    return found


def at_revision(path: Path, revision: str) -> None:
    """A database as an older netcrm left it: the schema up to `revision`, one contact."""
    from alembic import command
    from sqlalchemy import create_engine

    engine = create_engine(f"sqlite:///{path}")
    config = db._alembic_config()
    with engine.begin() as connection:
        connection.exec_driver_sql(f"PRAGMA application_id={db.APPLICATION_ID}")
        config.attributes["connection"] = connection
        command.upgrade(config, revision)
        connection.exec_driver_sql(
            "INSERT INTO contact (name, circle, met_has_time, created_at)"
            " VALUES ('Ada Lovelace', 'inner', 0, '2026-01-02 09:00:00')"
        )
    engine.dispose()


@pytest.mark.sqlite_only
def test_status_of_a_database_not_made_yet_creates_nothing(netcrm: Netcrm) -> None:
    found = status(netcrm)
    assert found == {
        "target": str(db_path()),
        "backend": "sqlite",
        "exists": False,
        "revision": None,
        "head": db.SCHEMA_HEAD,
        "pending": db.revisions_after(None),
        "size_bytes": None,
        "last_backup": None,
        "last_backup_at": None,
    }
    assert found["pending"][-1] == db.SCHEMA_HEAD
    assert not db_path().exists()
    assert "(no file there yet)" in netcrm("db", "status").stdout


@pytest.mark.sqlite_only
def test_status_gives_revision_size_and_the_newest_backup(netcrm: Netcrm) -> None:
    netcrm("add", "Ada Lovelace")
    found = status(netcrm)
    assert (found["exists"], found["revision"], found["pending"]) == (True, db.SCHEMA_HEAD, [])
    assert found["size_bytes"] == db_path().stat().st_size
    assert found["last_backup"] is None
    netcrm("backup")
    os.environ["NETCRM_NOW"] = "2026-11-27T08:00:00"  # monkeypatched per test by conftest
    netcrm("backup")
    newest = db_path().parent / "backups" / "netcrm-20261127-080000.db"
    older = db_path().parent / "backups" / "netcrm-20261126-080000.db"
    os.utime(older, (1_000, 1_000))  # timestamps in names may lie; the newest write counts
    found = status(netcrm)
    assert found["last_backup"] == str(newest)
    assert isinstance(found["last_backup_at"], str) and found["last_backup_at"][:4].isdigit()
    text = netcrm("db", "status").stdout
    assert f"schema:      {db.SCHEMA_HEAD} (current)" in text
    assert f"last backup: {newest}" in text


@pytest.mark.sqlite_only
def test_status_names_pending_upgrades_without_running_them(netcrm: Netcrm) -> None:
    path = db_path()
    at_revision(path, "0002")
    before = path.read_bytes()
    found = status(netcrm)
    assert found["revision"] == "0002"
    assert found["pending"] == db.revisions_after("0002") == ["0003", *found["pending"][1:]]
    assert path.read_bytes() == before
    assert not (path.parent / "backups").exists()  # no pre-upgrade backup: nothing upgraded
    assert f"the next command upgrades it to {db.SCHEMA_HEAD}" in netcrm("db", "status").stdout


@pytest.mark.sqlite_only
def test_status_refuses_a_foreign_file_and_a_newer_schema(netcrm: Netcrm) -> None:
    path = db_path()
    with sqlite3.connect(path) as connection:
        connection.execute("CREATE TABLE notes (body TEXT)")
    assert "not a netcrm database" in refused(netcrm, "db", "status")
    path.unlink()
    netcrm("add", "Ada Lovelace")
    with sqlite3.connect(path) as connection:
        connection.execute("UPDATE alembic_version SET version_num = '9999'")
    assert "newer netcrm" in refused(netcrm, "db", "status")


def test_status_on_either_back_end_hides_the_password(netcrm: Netcrm) -> None:
    netcrm("add", "Ada Lovelace")
    found = status(netcrm)
    assert (found["revision"], found["pending"], found["head"]) == (
        db.SCHEMA_HEAD,
        [],
        db.SCHEMA_HEAD,
    )
    target = os.environ["NETCRM_DB"]
    if "://" in target:
        assert found["backend"] == "postgresql"
        assert (found["size_bytes"], found["last_backup"]) == (None, None)
        assert found["target"] == db.display_target(target)
    else:
        assert found["target"] == target
    before = db_bytes()
    netcrm("db", "status")
    assert db_bytes() == before


def test_display_target_hides_a_password() -> None:
    shown = db.display_target("postgresql+psycopg://ada:s3cret@127.0.0.1:5432/crm")
    assert "s3cret" not in shown and "ada:***@127.0.0.1" in shown
