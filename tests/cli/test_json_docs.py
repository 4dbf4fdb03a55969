"""Every JSON key the commands print has a place in docs/usage.md.

docs/usage.md is written by the lead from each helper's notes; until it exists the doc tests
fail on purpose, so a missing doc is seen rather than skipped.
"""

from pathlib import Path

from conftest import Netcrm
from helpers import add, due, listed, show

USAGE = Path(__file__).resolve().parents[2] / "docs" / "usage.md"


def test_every_json_key_is_documented(netcrm: Netcrm) -> None:
    add(netcrm, "Ada", "--met", "yesterday")
    netcrm("log", "ada", "coffee")
    profile = show(netcrm, "ada")
    keys = set(profile) | set(due(netcrm, "--within", "30")[0]) | set(listed(netcrm)[0])
    keys |= set(profile["follow_ups"][0]) | set(profile["interactions"][0])
    reminder = netcrm.json("remind", "ada", "ask about the move", "--on", "dec 3")
    assert isinstance(reminder, dict)
    keys |= set(reminder) | set(show(netcrm, "ada")["reminders"][0])
    text = USAGE.read_text(encoding="utf-8")
    assert sorted(key for key in keys if f"`{key}`" not in text) == []
