"""The issues' own acceptance examples ("Done means"), exactly as written there.

They name the database with `--db`, as the issues do: SQLite only.
"""

from pathlib import Path
from typing import Any

import pytest

from conftest import Netcrm
from helpers import refused

pytestmark = pytest.mark.sqlite_only


def test_daily_loop_examples(netcrm: Netcrm, tmp_path: Path) -> None:
    db = str(tmp_path / "t.db")
    netcrm(
        "--db", db, "add", "Ada Lovelace", "--circle", "inner", "--company", "Analytical Engines"
    )
    netcrm(
        "--db",
        db,
        "log",
        "ada",
        "coffee: compilers",
        "--date",
        "2026-10-01",
        "--channel",
        "coffee",
        "--give",
    )
    [ada] = netcrm.json("--db", db, "due", "--as-of", "2026-11-05")  # type: ignore[misc]
    assert ada == {
        "contact_id": 1,
        "name": "Ada Lovelace",
        "circle": "inner",
        "kind": "cadence",
        "step": None,
        "due": "2026-11-01",
        "overdue_days": 4,
        "reason": "inner circle: last touch 2026-10-01, due monthly",
    }
    assert netcrm.json("--db", db, "due", "--as-of", "2026-10-25") == []
    [upcoming] = netcrm.json("--db", db, "due", "--as-of", "2026-10-25", "--within", "7")  # type: ignore[misc]
    assert (upcoming["name"], upcoming["overdue_days"]) == ("Ada Lovelace", -7)

    netcrm(
        "--db",
        db,
        "add",
        "Grace Hopper",
        "--met",
        "2026-11-20 19:00",
        "--met-at",
        "PyCon",
        "--follow-up",
    )
    grace = [
        i
        for i in netcrm.json("--db", db, "due", "--as-of", "2026-11-21")
        if i["name"] == "Grace Hopper"
    ]  # type: ignore[union-attr, index]
    assert [(i["kind"], i["step"], i["due"]) for i in grace] == [
        ("follow_up", "connect", "2026-11-21")
    ]
    netcrm(
        "--db",
        db,
        "log",
        "grace",
        "sent a connection request",
        "--date",
        "2026-11-21 09:00",
        "--channel",
        "linkedin",
    )
    grace = [
        i
        for i in netcrm.json("--db", db, "due", "--as-of", "2026-11-22")
        if i["name"] == "Grace Hopper"
    ]  # type: ignore[union-attr, index]
    assert [(i["kind"], i["step"], i["due"]) for i in grace] == [
        ("follow_up", "resources", "2026-11-22")
    ]

    assert "nobody" in refused(netcrm, "--db", db, "log", "nobody", "x", db=Path(db))


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


def test_issue_10_daily_loop_examples(
    netcrm: Netcrm, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """Issue 10's "Done means", with the clock at Sunday 2026-11-22 as the issue sets it."""
    monkeypatch.setenv("NETCRM_NOW", "2026-11-22T10:00:00")
    db = str(tmp_path / "t.db")
    netcrm("--db", db, "add", "Ada Lovelace", "--circle", "inner")
    netcrm("--db", db, "add", "Grace Hopper")

    promise: Any = netcrm.json("--db", db, "promise", "grace", "review her talk", "--by", "friday")
    assert promise["due"] == "2026-11-27"

    out = netcrm("--db", db, "snooze", "ada", "--until", "next friday").stdout
    assert out == "snoozed #1 Ada Lovelace until 27 Nov 2026\n"

    out = netcrm("--db", db, "log", "ada", "lunch", "--date", "yesterday 13:00").stdout
    assert out == "logged other with #1 Ada Lovelace on 21 Nov 2026 13:00\n"

    reminder: Any = netcrm.json("--db", db, "remind", "ada", "ask about the move", "--on", "dec 3")
    assert reminder["on"] == "2026-12-03"

    due: Any = netcrm.json("--db", db, "due", "--as-of", "2026-12-03")
    assert [(item["name"], item["kind"]) for item in due if item["kind"] == "reminder"] == [
        ("Ada Lovelace", "reminder")
    ]

    line = refused(netcrm, "--db", db, "add", "Ada Lovelace")
    assert "#1 Ada Lovelace" in line

    out = netcrm("--db", db, "undo", "--yes").stdout
    assert out.startswith("undid #") and "remind" in out  # the last write: the reminder
    assert netcrm.json("--db", db, "reminders", "--all") == []


def test_issue_10_undo_and_duplicate_examples(
    netcrm: Netcrm, monkeypatch: pytest.MonkeyPatch
) -> None:
    """Issue 10's lines for sections 5 and 7, with the clock at Sunday 2026-11-22."""
    monkeypatch.setenv("NETCRM_NOW", "2026-11-22T08:00:00")
    netcrm("add", "Ada Lovelace")
    netcrm("log", "ada", "lunch", "--date", "2026-11-21 13:00")
    # netcrm add "Ada Lovelace"   -> exit 1: "#1 Ada Lovelace" exists
    line = refused(netcrm, "add", "Ada Lovelace")
    assert line == (
        "netcrm: #1 Ada Lovelace already has that name: add --force to add another contact anyway"
    )
    # netcrm undo --yes           -> reverts the last write (the lunch)
    out = netcrm("undo", "--yes").stdout
    assert out == "undid #2 log (22 Nov 2026 08:00): #1 Ada Lovelace: 1 interaction added\n"
    ada: Any = netcrm.json("show", "ada")
    assert ada["interactions"] == [] and ada["name"] == "Ada Lovelace"
    assert [write["command"] for write in netcrm.json("undo", "--list")] == ["add"]  # type: ignore[union-attr, index]
