"""Schema upgrades keep the user's data: a database made by an older netcrm opens and migrates."""

import sqlite3
from pathlib import Path

import pytest

from conftest import Netcrm
from helpers import db_path
from netcrm import db


def make_0001_database(path: Path) -> None:
    """A database as netcrm at schema 0001 left it, with a contact, a tag and a touch."""
    from alembic import command
    from sqlalchemy import create_engine

    engine = create_engine(f"sqlite:///{path}")
    config = db._alembic_config()
    with engine.begin() as connection:
        connection.exec_driver_sql(f"PRAGMA application_id={db.APPLICATION_ID}")
        config.attributes["connection"] = connection
        command.upgrade(config, "0001")
        connection.exec_driver_sql(
            "INSERT INTO contact (id, name, circle, company, role, met_has_time, created_at)"
            " VALUES (7, 'Ada Lovelace', 'inner', 'Analytical Engines', 'Engineer', 0,"
            " '2026-01-02 09:00:00')"
        )
        connection.exec_driver_sql("INSERT INTO contact_tag (contact_id, tag) VALUES (7, 'math')")
        connection.exec_driver_sql(
            "INSERT INTO interaction (contact_id, occurred_at, has_time, channel, summary)"
            " VALUES (7, '2026-11-20 10:00:00', 1, 'coffee', 'talked engines')"
        )
    engine.dispose()


def revision(path: Path) -> str:
    with sqlite3.connect(path) as connection:
        return str(connection.execute("SELECT version_num FROM alembic_version").fetchone()[0])


@pytest.mark.sqlite_only
def test_a_0001_database_keeps_every_row_and_ends_at_head(netcrm: Netcrm) -> None:
    path = db_path()
    make_0001_database(path)
    assert revision(path) == "0001"
    ada = netcrm.json("show", "7")
    assert isinstance(ada, dict)
    assert (ada["name"], ada["circle"], ada["company"], ada["role"]) == (
        "Ada Lovelace",
        "inner",
        "Analytical Engines",
        "Engineer",
    )
    assert ada["tags"] == ["math"]
    assert [row["summary"] for row in ada["interactions"]] == ["talked engines"]
    assert revision(path) == db.SCHEMA_HEAD == "0002"
    with sqlite3.connect(path) as connection:
        seen = connection.execute("SELECT linkedin_company, linkedin_role FROM contact").fetchall()
        indexes = {row[1] for row in connection.execute("PRAGMA index_list(contact)")}
    assert seen == [(None, None)]  # nothing seen in a LinkedIn export yet
    assert {"ix_contact_name", "ix_contact_vcard_uid"} <= indexes  # batch copy kept them
    netcrm("log", "ada", "still works")  # the migrated file takes writes
    assert len(netcrm.json("show", "7")["interactions"]) == 2  # type: ignore[index]
