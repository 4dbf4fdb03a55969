"""Schema upgrades keep the user's data: a database made by an older netcrm opens and migrates."""

import json
import os
import sqlite3
from pathlib import Path

import pytest

from conftest import Netcrm
from helpers import db_path, query
from netcrm.store import db


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
    assert revision(path) == db.SCHEMA_HEAD
    with sqlite3.connect(path) as connection:
        seen = connection.execute("SELECT linkedin_company, linkedin_role FROM contact").fetchall()
        indexes = {row[1] for row in connection.execute("PRAGMA index_list(contact)")}
    assert seen == [(None, None)]  # nothing seen in a LinkedIn export yet
    assert {"ix_contact_name", "ix_contact_vcard_uid"} <= indexes  # batch copy kept them
    netcrm("log", "ada", "still works")  # the migrated file takes writes
    assert len(netcrm.json("show", "7")["interactions"]) == 2  # type: ignore[index]


def test_0003_stores_the_uid_older_exports_wrote(netcrm: Netcrm, backend: str) -> None:
    """Contacts without a uid get exactly the one derived before 0003; a card's UID stays."""
    from datetime import datetime

    from alembic import command
    from sqlalchemy import create_engine, text

    from netcrm.services.transfer.exportformat import legacy_uid

    target = os.environ["NETCRM_DB"]
    engine = create_engine(target if "://" in target else f"sqlite:///{target}")
    config = db._alembic_config()
    created = {1: datetime(2026, 1, 2, 9, 0), 2: datetime(2026, 1, 2, 9, 0, 0, 250000)}
    with engine.begin() as connection:
        config.attributes["connection"] = connection
        if backend == "sqlite":  # a new file; a test's PostgreSQL database starts at the head
            connection.exec_driver_sql(f"PRAGMA application_id={db.APPLICATION_ID}")
            command.upgrade(config, "0002")
        else:
            command.downgrade(config, "0002")
        insert = text(
            "INSERT INTO contact (id, name, circle, met_has_time, created_at, vcard_uid)"
            " VALUES (:id, :name, 'outer', false, :created, :uid)"
        )
        connection.execute(insert, {"id": 1, "name": "Ada", "created": created[1], "uid": None})
        connection.execute(insert, {"id": 2, "name": "Bob", "created": created[2], "uid": ""})
        connection.execute(insert, {"id": 3, "name": "Cy", "created": created[1], "uid": "card-3"})
    engine.dispose()
    # What `export json` wrote for them before the upgrade (the old contact_uid fallback).
    before = {1: legacy_uid(1, created[1]), 2: legacy_uid(2, created[2]), 3: "card-3"}

    document = json.loads(netcrm("export", "json").stdout)  # opening migrates to the head

    assert query("SELECT version_num FROM alembic_version") == [(db.SCHEMA_HEAD,)]
    assert dict(query("SELECT id, vcard_uid FROM contact")) == before
    exported = {contact["name"]: contact["uid"] for contact in document["contacts"]}
    assert exported == {"Ada": before[1], "Bob": before[2], "Cy": "card-3"}

    # Going back to 0002 empties only the uids 0003 derived: the old fallback gives them again.
    engine = create_engine(target if "://" in target else f"sqlite:///{target}")
    with engine.begin() as connection:
        config.attributes["connection"] = connection
        command.downgrade(config, "0002")
    engine.dispose()
    assert dict(query("SELECT id, vcard_uid FROM contact")) == {1: None, 2: None, 3: "card-3"}


def test_migration_0003_froze_the_same_uid_rule_exports_still_use() -> None:
    """0003 keeps its own copy of the rule (a revision imports no live code); both must agree."""
    import importlib.util
    from datetime import datetime

    from netcrm.services.transfer.exportformat import legacy_uid

    path = next(Path(db.__file__).parent.glob("migrations/versions/0003_*.py"))
    spec = importlib.util.spec_from_file_location("revision_0003", path)
    assert spec is not None and spec.loader is not None
    revision_0003 = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(revision_0003)
    for contact_id, created in [(1, datetime(2026, 1, 2, 9)), (4242, datetime(1999, 12, 31))]:
        frozen = revision_0003.legacy_uid(contact_id, created)
        assert frozen == legacy_uid(contact_id, created)
    assert revision_0003.legacy_uid(1, datetime(2026, 1, 2, 9)) != legacy_uid(
        2, datetime(2026, 1, 2, 9)
    )
