"""Every JSON key of the method's commands (issue 13) has a place in docs/usage.md."""

import os
from pathlib import Path
from typing import Any

from test_json_docs import USAGE, _keys

from conftest import Netcrm
from helpers import add


def test_every_key_of_board_matrix_events_plan_and_show_is_documented(netcrm: Netcrm) -> None:
    folder = Path(os.environ["XDG_CONFIG_HOME"]) / "netcrm"
    folder.mkdir(parents=True)
    (folder / "config.toml").write_text('[me]\ntimezone = "Europe/Berlin"\n', encoding="utf-8")
    add(netcrm, "Ada", "--timezone", "Asia/Tokyo", "--circle", "inner", "--tag", "mentor")
    add(netcrm, "Star", "--influence", "high", "--accessibility", "low", "--tag", "mentor")
    add(
        netcrm, "Lin", "--last-touch", "2026-01-01", "--circle", "inner", "--timezone", "Asia/Tokyo"
    )
    netcrm("board", "set", "peer", "ada")
    netcrm("log", "ada", "hi", "--outreach", "--share", "--give-type", "skill")
    netcrm("promise", "ada", "slides")
    netcrm("event", "add", "Meetup", "--on", "2026-11-20")
    netcrm("event", "target", "meetup", "star")
    netcrm("event", "met", "meetup", "Sam")
    keys: set[str] = set()
    for command in (
        ["board"],
        ["matrix"],
        ["events"],
        ["event", "show", "meetup"],
        ["plan", "week"],
        ["show", "ada"],
        ["stats"],
        ["balance"],
        ["interaction", "list"],
    ):
        found: Any = netcrm.json(*command)
        keys |= _keys(found)
    assert {"calls", "introducers", "candidates", "steps", "local_time"} <= keys
    text = USAGE.read_text(encoding="utf-8")
    missing = sorted(key for key in keys if f"`{key}`" not in text)
    assert missing == [], missing
