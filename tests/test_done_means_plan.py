"""Issue 3's "Done means" block, exactly as written there."""

from pathlib import Path
from typing import Any

from conftest import Netcrm


def test_plan_issue_examples(netcrm: Netcrm, tmp_path: Path) -> None:
    db = str(tmp_path / "t.db")
    netcrm("--db", db, "add", "Ada Lovelace", "--circle", "inner")
    netcrm(
        "--db", db, "log", "ada", "call", "--date", "2026-10-01",
        "--promise", "send the compiler paper",
    )  # fmt: skip
    due: Any = netcrm.json("--db", db, "due", "--as-of", "2026-10-04")
    [promise] = [item for item in due if item["kind"] == "commitment"]
    assert promise["name"] == "Ada Lovelace"
    assert (promise["due"], promise["overdue_days"], promise["step"]) == ("2026-10-03", 1, None)
    assert promise["reason"] == "send the compiler paper"

    netcrm("--db", db, "add", "Grace Hopper", "--circle", "middle")
    netcrm("--db", db, "intro", "ada", "grace", "--date", "2026-10-05")
    due = netcrm.json("--db", db, "due", "--as-of", "2026-10-12")
    follow_ups = sorted(
        (item["name"], item["due"]) for item in due if item["kind"] == "intro_follow_up"
    )
    assert follow_ups == [("Ada Lovelace", "2026-10-12"), ("Grace Hopper", "2026-10-12")]

    ledger: Any = netcrm.json("--db", db, "balance", "--as-of", "2026-10-31")
    assert (ledger["give"], ledger["share"], ledger["ask"], ledger["none"]) == (2, 0, 0, 1)

    plan: Any = netcrm.json("--db", db, "plan", "week", "--as-of", "2026-10-12")
    kinds = {item["kind"] for item in plan["items"]}
    assert {"reconnect_dormant", "schedule_coffee", "follow_through"} <= kinds
