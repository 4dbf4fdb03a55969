"""`plan` through the CLI (issue 10, section 7): no "0/0" rows, plurals, snoozed left alone."""

from pathlib import Path
from typing import Any

from conftest import Netcrm
from helpers import add


def test_plan_leaves_out_empty_items_and_snoozed_people(netcrm: Netcrm, tmp_path: Path) -> None:
    config = tmp_path / "config" / "netcrm" / "config.toml"
    config.parent.mkdir(parents=True)
    config.write_text("[plan]\nschedule_coffee = 1\nintroductions = 0\n")
    add(netcrm, "Ada Lovelace", "--circle", "inner")
    add(netcrm, "Bob Middle", "--circle", "middle")
    netcrm("log", "ada", "call", "--date", "2026-09-01")
    netcrm("log", "bob", "call", "--date", "2026-05-01")  # the more overdue of the two
    netcrm("snooze", "bob", "--until", "2026-12-20")
    week: Any = netcrm.json("plan", "week")
    [coffee] = [item for item in week["items"] if item["kind"] == "schedule_coffee"]
    assert coffee["contact_ids"] == [1]  # Bob is snoozed
    assert coffee["text"].startswith("Schedule 1 coffee or meeting: Ada Lovelace")
    assert "follow_through" not in [item["kind"] for item in week["items"]]  # nothing owed
    month = netcrm("plan", "month").stdout
    assert "introductions" not in month and "/0 " not in month
