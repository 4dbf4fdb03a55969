"""The undo history's capture triggers cover every table, and migration 0005 carries data forward.

A table added by any later revision must be captured without anyone remembering to: these
tests walk SQLModel.metadata, so they fail the day a table (or a column) is not covered.
"""

import os
from typing import Any

from sqlmodel import SQLModel

from conftest import Netcrm
from helpers import query
from netcrm.store import db, undo


def _engine() -> Any:
    from sqlalchemy import create_engine

    target = os.environ["NETCRM_DB"]
    return create_engine(target if "://" in target else f"sqlite:///{target}")


def test_undo_covers_every_table_but_its_own() -> None:
    import netcrm.store.models  # noqa: F401 - registers the tables

    everything = {table.name for table in SQLModel.metadata.sorted_tables}
    captured = {table.name for table in undo.captured_tables()}
    assert everything - captured == {"undo_write", "undo_change", "undo_open"}
    assert everything >= undo.HISTORY_TABLES  # the names it skips are real tables


def test_every_table_has_capture_triggers_naming_every_column(netcrm: Netcrm, backend: str) -> None:
    netcrm("list")  # creates the database
    for table in undo.captured_tables():
        if backend == "sqlite":
            found = dict(
                query(
                    "SELECT name, sql FROM sqlite_master WHERE type = 'trigger' AND tbl_name = :t"
                    " AND name GLOB 'netcrm_undo_*'",  # the search index has triggers too
                    t=table.name,
                )
            )
            expected = {f"netcrm_undo_{table.name}_{op}" for op in "iud"}
            assert set(found) == expected, table.name
            for name, sql in found.items():
                missing = [c.name for c in table.columns if f"'{c.name}'" not in sql]
                assert missing == [], f"{name} does not capture {missing}"
        else:
            found_pg = query(
                "SELECT tgname FROM pg_trigger t JOIN pg_class c ON c.oid = t.tgrelid"
                " WHERE c.relname = :t AND NOT t.tgisinternal AND t.tgname LIKE 'netcrm_undo%'",
                t=table.name,
            )
            assert found_pg == [("netcrm_undo",)], table.name


def test_nothing_is_captured_outside_a_recorded_command(netcrm: Netcrm) -> None:
    from sqlalchemy import text

    netcrm("add", "Ada Lovelace")
    engine = _engine()
    with engine.begin() as connection:  # another program, or a migration: no write open
        connection.execute(text("UPDATE contact SET company = 'Engines'"))
        connection.execute(text("INSERT INTO contact_tag (contact_id, tag) VALUES (1, 'math')"))
    engine.dispose()
    assert query("SELECT count(*) FROM undo_change") == [(2,)]  # add's own two rows
    assert query("SELECT count(*) FROM undo_open") == [(0,)]


def test_0005_adds_an_empty_history_and_keeps_every_row(netcrm: Netcrm, backend: str) -> None:
    """A database at 0004 holding data migrates; the first write after it can be undone."""
    from alembic import command
    from sqlalchemy import text

    engine = _engine()
    config = db._alembic_config()
    with engine.begin() as connection:
        config.attributes["connection"] = connection
        if backend == "sqlite":  # a new file; a test's PostgreSQL database starts at the head
            connection.exec_driver_sql(f"PRAGMA application_id={db.APPLICATION_ID}")
            command.upgrade(config, "0004")
        else:
            command.downgrade(config, "0004")
        tables = set(
            connection.execute(
                text(
                    "SELECT name FROM sqlite_master WHERE type = 'table'"
                    if backend == "sqlite"
                    else "SELECT tablename FROM pg_tables WHERE schemaname = current_schema()"
                )
            ).scalars()
        )
        assert not tables & undo.HISTORY_TABLES  # downgrading removed them (and the triggers)
        connection.execute(
            text(
                "INSERT INTO contact (id, name, circle, met_has_time, created_at, vcard_uid)"
                " VALUES (7, 'Ada Lovelace', 'inner', false, '2026-01-02 09:00:00', 'uid-7')"
            )
        )
        connection.execute(
            text(
                "INSERT INTO interaction (contact_id, occurred_at, has_time, channel, summary)"
                " VALUES (7, '2026-11-20 10:00:00', true, 'coffee', 'talked engines')"
            )
        )
    engine.dispose()

    ada: Any = netcrm.json("show", "7")  # opening migrates to the head
    assert query("SELECT version_num FROM alembic_version") == [(db.SCHEMA_HEAD,)]
    assert (ada["name"], ada["circle"]) == ("Ada Lovelace", "inner")
    assert [row["summary"] for row in ada["interactions"]] == ["talked engines"]
    assert netcrm.json("undo", "--list") == []  # the history starts empty

    netcrm("log", "ada", "still works")
    [write] = netcrm.json("undo", "--list")  # type: ignore[misc]
    assert write["summary"] == "#7 Ada Lovelace: 1 interaction added"
    netcrm("undo", "--yes")
    assert len(netcrm.json("show", "7")["interactions"]) == 1  # type: ignore[index]
    assert "the undo history is empty" in netcrm("undo", "--yes", code=1).stderr


def test_an_upgrade_reinstalls_the_triggers_from_the_schema_it_made(
    netcrm: Netcrm, backend: str
) -> None:
    """Triggers are dropped for the migration and made again from the models afterwards."""
    from alembic import command

    netcrm("list")
    engine = _engine()
    config = db._alembic_config()
    with engine.begin() as connection:
        db.drop_triggers(connection)  # as every run of revisions does
        config.attributes["connection"] = connection
        command.downgrade(config, "0004")
    engine.dispose()
    netcrm("add", "Ada Lovelace")  # upgrades, then records
    assert [w["command"] for w in netcrm.json("undo", "--list")] == ["add"]  # type: ignore[union-attr,index]
    netcrm("undo", "--yes")
    assert netcrm.json("list") == []
