"""Migration 0010 (sync vdir's state) carries a database holding data forward and back."""

from pathlib import Path
from typing import Any

import pytest
from test_migrations import database_at, downgrade_to

from conftest import Netcrm
from helpers import query
from netcrm.store import db


def test_0010_keeps_every_row_and_adds_the_sync_state(
    netcrm: Netcrm, backend: str, tmp_path: Path
) -> None:
    from sqlalchemy import text

    with database_at(backend, "0009") as connection:
        connection.execute(
            text(
                "INSERT INTO contact (id, name, circle, met_has_time, created_at, company,"
                " vcard_uid) VALUES (1, 'Ada', 'inner', false, '2026-01-02 09:00:00',"
                " 'Analytical', 'ada-uid')"
            )
        )
        connection.execute(
            text(
                "INSERT INTO interaction (contact_id, occurred_at, has_time, channel, summary,"
                " outreach) VALUES (1, '2026-11-20 10:00:00', true, 'coffee', 'kept', false)"
            )
        )
    ada: Any = netcrm.json("show", "ada")  # opening migrates to the head
    assert query("SELECT version_num FROM alembic_version") == [(db.SCHEMA_HEAD,)]
    assert (ada["company"], [t["summary"] for t in ada["interactions"]]) == ("Analytical", ["kept"])
    assert query("SELECT count(*) FROM sync_state") == [(0,)]
    # The new table takes what the new command writes, keyed by the vdir's path.
    vdir = tmp_path / "book"
    vdir.mkdir()
    netcrm("sync", "vdir", str(vdir))
    assert (vdir / "ada-uid.vcf").exists()
    assert query("SELECT vdir, file_name, contact_id FROM sync_state") == [
        (str(vdir.resolve()), "ada-uid.vcf", 1)
    ]

    downgrade_to("0009")
    assert query("SELECT name, company FROM contact") == [("Ada", "Analytical")]
    assert query("SELECT summary FROM interaction") == [("kept",)]
    with pytest.raises(Exception, match="sync_state"):
        query("SELECT count(*) FROM sync_state")
