"""Every JSON key the commands print has a place in docs/usage.md.

docs/usage.md is written by the lead from each helper's notes; until it exists the doc tests
fail on purpose, so a missing doc is seen rather than skipped.
"""

from pathlib import Path
from typing import Any

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


def _keys(value: Any) -> set[str]:
    """Every key of every object in a JSON value, however deep."""
    if isinstance(value, dict):
        return set(value).union(*(_keys(each) for each in value.values()))
    if isinstance(value, list):
        return set().union(*(_keys(each) for each in value))
    return set()


def test_every_json_key_of_the_other_reports_is_documented(netcrm: Netcrm, tmp_path: Path) -> None:
    add(netcrm, "Ada", "--met", "yesterday")
    add(netcrm, "Grace")
    netcrm("log", "ada", "coffee", "--give")
    netcrm("promise", "ada", "send the paper")
    netcrm("intro", "ada", "grace")
    netcrm("remind", "grace", "lunch", "--on", "dec 3")
    (tmp_path / "people.vcf").write_text("BEGIN:VCARD\nVERSION:3.0\nFN:Hedy\nEND:VCARD\n")
    keys = _keys(netcrm.json("import", "vcard", str(tmp_path / "people.vcf"), "--json"))
    for command in (
        ["db", "status"],
        ["undo", "--list"],
        ["interaction", "list"],
        ["intros"],
        ["promises"],
        ["reminders"],
        ["doctor"],
        ["stats"],
        ["balance"],
        ["plan", "month"],
        ["dupes"],
    ):
        keys |= _keys(netcrm.json(*command, "--json"))
    text = USAGE.read_text(encoding="utf-8")
    missing = sorted(key for key in keys if f"`{key}`" not in text)
    assert missing == [], missing
