"""Schema upgrades keep the user's data: a database made by an older netcrm opens and migrates."""

import json
import os
import sqlite3
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path
from typing import Any

import pytest

from conftest import Netcrm
from helpers import db_path, query
from netcrm.store import db


@contextmanager
def database_at(backend: str, revision: str) -> Iterator[Any]:
    """A connection to the test's database at `revision`, to fill it as that netcrm would.

    A new SQLite file is upgraded to it; a test's PostgreSQL database starts at the head and
    is downgraded. The transaction commits when the block ends.
    """
    from alembic import command
    from sqlalchemy import create_engine

    target = os.environ["NETCRM_DB"]
    engine = create_engine(target if "://" in target else f"sqlite:///{target}")
    config = db._alembic_config()
    with engine.begin() as connection:
        config.attributes["connection"] = connection
        if backend == "sqlite":
            connection.exec_driver_sql(f"PRAGMA application_id={db.APPLICATION_ID}")
            command.upgrade(config, revision)
        else:
            db.drop_triggers(connection)
            command.downgrade(config, revision)
        yield connection
    engine.dispose()


def downgrade_to(revision: str) -> None:
    """Take the test's database back down to `revision`."""
    from alembic import command
    from sqlalchemy import create_engine

    target = os.environ["NETCRM_DB"]
    engine = create_engine(target if "://" in target else f"sqlite:///{target}")
    config = db._alembic_config()
    with engine.begin() as connection:
        config.attributes["connection"] = connection
        db.drop_triggers(connection)
        command.downgrade(config, revision)
    engine.dispose()


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

    from sqlalchemy import text

    from netcrm.services.transfer.exportformat import legacy_uid

    created = {1: datetime(2026, 1, 2, 9, 0), 2: datetime(2026, 1, 2, 9, 0, 0, 250000)}
    with database_at(backend, "0002") as connection:
        insert = text(
            "INSERT INTO contact (id, name, circle, met_has_time, created_at, vcard_uid)"
            " VALUES (:id, :name, 'outer', false, :created, :uid)"
        )
        connection.execute(insert, {"id": 1, "name": "Ada", "created": created[1], "uid": None})
        connection.execute(insert, {"id": 2, "name": "Bob", "created": created[2], "uid": ""})
        connection.execute(insert, {"id": 3, "name": "Cy", "created": created[1], "uid": "card-3"})
    # What `export json` wrote for them before the upgrade (the old contact_uid fallback).
    before = {1: legacy_uid(1, created[1]), 2: legacy_uid(2, created[2]), 3: "card-3"}

    document = json.loads(netcrm("export", "json").stdout)  # opening migrates to the head

    assert query("SELECT version_num FROM alembic_version") == [(db.SCHEMA_HEAD,)]
    assert dict(query("SELECT id, vcard_uid FROM contact")) == before
    exported = {contact["name"]: contact["uid"] for contact in document["contacts"]}
    assert exported == {"Ada": before[1], "Bob": before[2], "Cy": "card-3"}

    # Going back to 0002 empties only the uids 0003 derived: the old fallback gives them again.
    downgrade_to("0002")
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


def test_0004_dates_snoozes_spreads_old_imports_and_adds_reminders(
    netcrm: Netcrm, backend: str
) -> None:
    """A snooze keeps hiding as before; contacts one import added get spread; reminders work."""
    from datetime import date, datetime

    from sqlalchemy import text

    from netcrm.services.transfer.importing import spread_slots

    imported = datetime(2026, 3, 1, 12, 0)
    with database_at(backend, "0003") as connection:
        insert = text(
            "INSERT INTO contact (id, name, circle, met_has_time, created_at, vcard_uid,"
            " snoozed_until) VALUES (:id, :name, :circle, false, :created, :uid, :snoozed)"
        )
        rows = [
            (1, "Ada", "inner", datetime(2026, 1, 2, 9), "u-ada", date(2026, 12, 24)),
            (2, "Bob", "outer", imported, "u-bob", None),  # three from one import...
            (3, "Cy", "outer", imported, "u-cy", None),
            (4, "Di", "outer", imported, "u-di", None),
            (5, "Ed", "inner", imported, "u-ed", None),  # ...and one alone in its circle
        ]
        for contact_id, name, circle, created, uid, snoozed in rows:
            connection.execute(
                insert,
                {"id": contact_id, "name": name, "circle": circle, "created": created,
                 "uid": uid, "snoozed": snoozed},
            )  # fmt: skip
        connection.execute(
            text(
                "INSERT INTO interaction (contact_id, occurred_at, has_time, channel, summary)"
                " VALUES (1, '2026-11-20 10:00:00', true, 'coffee', 'kept')"
            )
        )

    ada = netcrm.json("show", "ada")  # opening migrates to the head
    assert query("SELECT version_num FROM alembic_version") == [(db.SCHEMA_HEAD,)]
    assert isinstance(ada, dict) and ada["snoozed_until"] == "2026-12-24"
    assert [row["summary"] for row in ada["interactions"]] == ["kept"]
    found = query("SELECT id, snoozed_at FROM contact WHERE snoozed_until IS NOT NULL")
    # The earliest it can have been set (SQLite hands the moment back as text).
    assert [(i, str(at)[:16]) for i, at in found] == [(1, "2026-01-02 09:00")]
    slots = dict(query("SELECT id, first_due_slot FROM contact"))
    assert slots == {1: None, 2: slots[2], 3: slots[3], 4: slots[4], 5: None}
    assert [slots[2], slots[3], slots[4]] == spread_slots(["u-bob", "u-cy", "u-di"])
    assert sorted([slots[2], slots[3], slots[4]]) == [1 / 3, 2 / 3, 1.0]
    # The new table takes reminders, and the migrated database is still snoozing Ada.
    netcrm("remind", "ada", "ask about the move", "--on", "dec 3")
    assert query("SELECT contact_id, text FROM reminder") == [(1, "ask about the move")]
    assert "Ada" not in [item["name"] for item in netcrm.json("due", "--within", "30")]  # type: ignore[union-attr]

    downgrade_to("0003")
    kept = query("SELECT id, snoozed_until FROM contact WHERE id = 1")
    assert [(i, str(day)) for i, day in kept] == [(1, "2026-12-24")]


def test_migration_0004_froze_the_same_spread_rule_imports_use() -> None:
    """0004 keeps its own copy of the slot rule (a revision imports no live code)."""
    import importlib.util

    from netcrm.services.transfer.importing import spread_slots

    path = next(Path(db.__file__).parent.glob("migrations/versions/0004_*.py"))
    spec = importlib.util.spec_from_file_location("revision_0004", path)
    assert spec is not None and spec.loader is not None
    revision_0004 = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(revision_0004)
    for uids in (["a"], ["x", "y"], [f"uid-{i}" for i in range(50)]):
        assert revision_0004.spread_slots(uids) == spread_slots(uids)


def test_0006_folds_every_name_and_covers_the_askers_report(netcrm: Netcrm, backend: str) -> None:
    with database_at(backend, "0005") as connection:
        for contact_id, name in ((7, "José  Núñez"), (8, "ZOË Adams"), (9, "Ada Lovelace")):
            connection.exec_driver_sql(
                "INSERT INTO contact (id, name, circle, met_has_time, created_at)"
                f" VALUES ({contact_id}, '{name}', 'inner', false, '2026-01-02 09:00:00')"
            )
        connection.exec_driver_sql(
            "INSERT INTO interaction (contact_id, occurred_at, has_time, channel, value, summary)"
            " VALUES (9, '2026-11-20 10:00:00', true, 'call', 'ask', 'a favour')"
        )
    assert netcrm.json("show", "jose nunez")["id"] == 7  # type: ignore[index]
    assert netcrm.json("show", "zoe")["id"] == 8  # type: ignore[index]
    keys = dict(query("SELECT id, name_key FROM contact ORDER BY id"))
    assert keys == {7: "jose nunez", 8: "zoe adams", 9: "ada lovelace"}
    asked = netcrm.json("balance")["askers"]  # type: ignore[index]
    assert [(row["contact_id"], row["asks"]) for row in asked] == [(9, 1)]
    if backend == "sqlite":
        with sqlite3.connect(db_path()) as connection:
            plan = connection.execute(
                "EXPLAIN QUERY PLAN SELECT contact_id, count(*) FROM interaction"
                " WHERE value IN ('ask', 'give') AND occurred_at < '2027-01-01'"
                " GROUP BY contact_id"
            ).fetchall()
            named = connection.execute(
                "EXPLAIN QUERY PLAN SELECT id FROM contact WHERE name_key = 'zoe adams'"
            ).fetchall()
        connection.close()
        assert "COVERING INDEX ix_interaction_contact_occurred_value" in str(plan)
        assert "ix_contact_name_key" in str(named)


def test_migration_0006_froze_the_same_name_rule_lookups_use() -> None:
    """0006 keeps its own copy of the folding rule (a revision imports no live code)."""
    import importlib.util

    from netcrm.core.text import name_key

    path = next(Path(db.__file__).parent.glob("migrations/versions/0006_*.py"))
    spec = importlib.util.spec_from_file_location("revision_0006", path)
    assert spec is not None and spec.loader is not None
    revision_0006 = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(revision_0006)
    for name in ("Ada", " José  Núñez ", "ZOË", "Ǆemal", "ﬁona", "", "  ", "李 小龍", None):
        assert revision_0006.name_key(name) == name_key(name)


def test_0007_carries_each_email_phone_and_linkedin_forward_as_preferred(
    netcrm: Netcrm, backend: str
) -> None:
    """Today's single email, phone and LinkedIn become the preferred entries; nothing else."""
    from sqlalchemy import text

    with database_at(backend, "0005") as connection:
        insert = text(
            "INSERT INTO contact (id, name, circle, met_has_time, created_at, vcard_uid, email,"
            " phone, linkedin) VALUES (:id, :name, 'outer', false, '2026-01-02 09:00:00', :uid,"
            " :email, :phone, :linkedin)"
        )
        rows = [
            (1, "Ada", "u-1", "ada@example.org", "+44 20 7946 0000", "linkedin.com/in/ada"),
            (2, "Bob", "u-2", None, "", None),  # nothing to carry (an empty phone neither)
            (3, "Cy", "u-3", "cy@example.org", None, None),
        ]
        for contact_id, name, uid, email, phone, linkedin in rows:
            connection.execute(
                insert,
                {"id": contact_id, "name": name, "uid": uid, "email": email, "phone": phone,
                 "linkedin": linkedin},
            )  # fmt: skip

    ada = netcrm.json("show", "ada")  # opening migrates to the head
    assert query("SELECT version_num FROM alembic_version") == [(db.SCHEMA_HEAD,)]
    assert isinstance(ada, dict)
    assert ada["emails"] == [{"value": "ada@example.org", "label": None, "preferred": True}]
    assert ada["phones"] == [{"value": "+44 20 7946 0000", "label": None, "preferred": True}]
    assert ada["urls"] == [{"value": "linkedin.com/in/ada", "label": "linkedin", "preferred": True}]
    assert (ada["email"], ada["phone"], ada["linkedin"]) == (
        "ada@example.org",
        "+44 20 7946 0000",
        "linkedin.com/in/ada",
    )
    bob = netcrm.json("show", "bob")
    assert isinstance(bob, dict) and (bob["emails"], bob["phones"], bob["urls"]) == ([], [], [])
    assert query("SELECT count(*) FROM contact_detail WHERE contact_id = 3") == [(1,)]
    netcrm("edit", "cy", "--email", "cy@work.example:work")  # the migrated file takes entries
    cy = netcrm.json("show", "cy")
    assert isinstance(cy, dict) and [e["value"] for e in cy["emails"]] == [
        "cy@example.org",
        "cy@work.example",
    ]

    downgrade_to("0005")  # the columns still hold the preferred values
    assert query("SELECT email, phone FROM contact WHERE id = 1") == [
        ("ada@example.org", "+44 20 7946 0000")
    ]


def test_0008_indexes_what_the_database_already_holds(netcrm: Netcrm, backend: str) -> None:
    """A database from before search finds its old notes, summaries, promises and tags."""
    from sqlalchemy import text

    with database_at(backend, "0006") as connection:
        for statement in (
            "INSERT INTO contact (id, name, circle, met_has_time, created_at, notes)"
            " VALUES (1, 'Ada', 'inner', false, '2026-01-02 09:00:00', 'Café owner')",
            "INSERT INTO contact (id, name, circle, met_has_time, created_at)"
            " VALUES (2, 'Bob', 'outer', false, '2026-01-02 09:00:00')",
            "INSERT INTO contact_tag (contact_id, tag) VALUES (2, 'climber')",
            "INSERT INTO interaction (contact_id, occurred_at, has_time, channel, summary)"
            " VALUES (2, '2026-11-20 10:00:00', true, 'coffee', 'talked compilers')",
            "INSERT INTO promise (contact_id, text, made_at, due_on)"
            " VALUES (1, 'send the paper', '2026-11-20 10:00:00', '2026-11-22')",
        ):
            connection.execute(text(statement))

    def found(word: str) -> list[str]:
        hits = netcrm.json("search", word)  # the first open migrates to the head
        assert isinstance(hits, list)
        return [hit["name"] for hit in hits]

    assert found("cafe") == ["Ada"] and found("paper") == ["Ada"]
    assert query("SELECT version_num FROM alembic_version") == [(db.SCHEMA_HEAD,)]
    assert found("compilers") == ["Bob"] and found("climber") == ["Bob"]
    netcrm("log", "ada", "talked compilers too")  # the triggers run from the upgrade on
    assert sorted(found("compilers")) == ["Ada", "Bob"]
    downgrade_to("0006")
    netcrm_tables = [name for (name,) in query(_TABLES[backend])]
    assert "search_index" not in netcrm_tables
    assert query("SELECT count(*) FROM interaction") == [(2,)]


_TABLES = {
    "sqlite": "SELECT name FROM sqlite_master WHERE type = 'table'",
    "postgres": "SELECT tablename FROM pg_tables WHERE schemaname = current_schema()",
}
