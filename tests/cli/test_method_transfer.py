"""The frameworks' data travels: export json keeps the matrix ratings and the outreach and
give-type marks; merge moves board seats and event links to the contact kept."""

import json
from pathlib import Path
from typing import Any

import pytest

from conftest import Netcrm
from helpers import add, query


@pytest.mark.sqlite_only
def test_export_json_round_trip_keeps_ratings_and_marks(netcrm: Netcrm, tmp_path: Path) -> None:
    add(netcrm, "Ada", "--influence", "high", "--accessibility", "low")
    netcrm("log", "ada", "hello", "--outreach", "--share", "--give-type", "information")
    first = netcrm("export", "json").stdout
    [contact] = json.loads(first)["contacts"]
    assert (contact["influence"], contact["accessibility"]) == ("high", "low")
    [touch] = contact["interactions"]
    assert (touch["outreach"], touch["give_type"]) == (True, "information")
    saved = tmp_path / "export.json"
    saved.write_text(first, encoding="utf-8")
    other = str(tmp_path / "other.db")
    netcrm("--db", other, "import", "json", str(saved))
    assert netcrm("--db", other, "export", "json").stdout == first


def test_merge_moves_board_seats_and_event_links(netcrm: Netcrm) -> None:
    add(netcrm, "Ada Lovelace")
    add(netcrm, "Ada L", "--force")
    netcrm("board", "set", "mentor", "1")
    netcrm("board", "set", "mentor", "2")  # both on the same seat: one seat after the merge
    netcrm("board", "set", "coach", "2")
    netcrm("event", "add", "Meetup", "--on", "2026-12-03")
    netcrm("event", "target", "meetup", "2")
    netcrm("merge", "1", "2", "--yes")
    assert sorted(query("SELECT role, contact_id FROM board_seat")) == [("coach", 1), ("mentor", 1)]
    view: Any = netcrm.json("event", "show", "meetup")
    assert [t["contact_id"] for t in view["targets"]] == [1]
