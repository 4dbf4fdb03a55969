"""Migration 0009 (issue 13's frameworks) carries a database holding data forward and back."""

from typing import Any

from test_migrations import database_at, downgrade_to

from conftest import Netcrm
from helpers import query
from netcrm.store import db


def test_0009_keeps_every_row_and_adds_the_frameworks(netcrm: Netcrm, backend: str) -> None:
    from sqlalchemy import text

    with database_at(backend, "0008") as connection:
        connection.execute(
            text(
                "INSERT INTO contact (id, name, circle, met_has_time, created_at)"
                " VALUES (1, 'Ada', 'inner', false, '2026-01-02 09:00:00')"
            )
        )
        connection.execute(
            text(
                "INSERT INTO interaction (contact_id, occurred_at, has_time, channel, value,"
                " summary) VALUES (1, '2026-11-20 10:00:00', true, 'coffee', 'give', 'kept')"
            )
        )
    ada: Any = netcrm.json("show", "ada")  # opening migrates to the head
    assert query("SELECT version_num FROM alembic_version") == [(db.SCHEMA_HEAD,)]
    [touch] = ada["interactions"]
    assert (touch["summary"], touch["value"], touch["outreach"], touch["give_type"]) == (
        "kept", "give", False, None,
    )  # fmt: skip
    assert (ada["influence"], ada["accessibility"]) == (None, None)
    # The new tables take what the new commands write.
    netcrm("board", "set", "mentor", "ada")
    netcrm("event", "add", "Meetup", "--on", "2026-12-03")
    netcrm("event", "target", "meetup", "ada")
    netcrm("edit", "ada", "--influence", "high")
    assert query("SELECT role, contact_id FROM board_seat") == [("mentor", 1)]
    assert query("SELECT event_id, contact_id FROM event_target") == [(1, 1)]

    downgrade_to("0008")
    assert query("SELECT name, circle FROM contact") == [("Ada", "inner")]
    assert query("SELECT summary, value FROM interaction") == [("kept", "give")]
