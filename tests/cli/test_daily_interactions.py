"""`netcrm interaction list|edit|rm` (issue 10, section 5): logged touches can be corrected.

A touch that completed a 24-48-7 step carries it: removed or moved, the step goes to the
earliest later touch that completes nothing else, or opens again; every report follows.
"""

from typing import Any

import pytest

from conftest import Netcrm
from helpers import add, due, refused, show, steps


def interactions(netcrm: Netcrm, *args: str) -> list[dict[str, Any]]:
    rows = netcrm.json("interaction", "list", *args)
    assert isinstance(rows, list)
    return rows


def follow_ups(netcrm: Netcrm, name: str) -> dict[str, str | None]:
    return {step["step"]: step["done_on"] for step in show(netcrm, name)["follow_ups"]}


@pytest.fixture
def grace(netcrm: Netcrm) -> Netcrm:
    """Grace, met on the 20th: touch #1 did `connect` (21st), #2 `resources` (22nd)."""
    add(netcrm, "Grace Hopper", "--met", "2026-11-20 19:00", "--follow-up")
    netcrm("log", "grace", "connection request", "--date", "2026-11-21 09:00")
    netcrm("log", "grace", "sent the article", "--date", "2026-11-22 10:00", "--share")
    return netcrm


def test_list_shows_every_interaction_newest_first(netcrm: Netcrm) -> None:
    add(netcrm, "Ada Lovelace")
    add(netcrm, "Grace Hopper")
    netcrm("log", "ada", "coffee", "--date", "2026-11-01 09:30", "--channel", "coffee", "--give")
    netcrm("log", "grace", "call", "--date", "2026-11-20")
    netcrm("log", "ada", "lunch", "--date", "2026-11-24")
    rows = interactions(netcrm)
    assert [row["summary"] for row in rows] == ["lunch", "call", "coffee"]
    assert rows[2] == {
        "id": 1,
        "contact_id": 1,
        "name": "Ada Lovelace",
        "date": "2026-11-01",
        "time": "09:30",
        "channel": "coffee",
        "value": "give",
        "summary": "coffee",
        "outreach": False,
        "give_type": None,
    }
    assert [row["summary"] for row in interactions(netcrm, "ada")] == ["lunch", "coffee"]
    assert [row["summary"] for row in interactions(netcrm, "--since", "2026-11-20")] == [
        "lunch",
        "call",
    ]
    text = netcrm("interaction", "list", "grace").stdout.splitlines()
    assert text[0].split() == ["id", "when", "contact", "channel", "value", "summary"]
    assert text[1].split() == ["#2", "20", "Nov", "2026", "#2", "Grace", "Hopper", "other", "call"]
    assert "nobody" in refused(netcrm, "interaction", "list", "nobody")


def test_edit_changes_only_what_is_given(netcrm: Netcrm) -> None:
    add(netcrm, "Ada Lovelace")
    netcrm("log", "ada", "coffee", "--date", "2026-11-01", "--give")
    out = netcrm(
        "interaction", "edit", "#1", "--date", "2026-11-02 14:30", "--channel", "call",
        "--summary", "a long call",
    ).stdout  # fmt: skip
    assert (
        out
        == "updated interaction #1 with #1 Ada Lovelace: 2 Nov 2026 14:30 call [give] a long call\n"
    )
    [row] = interactions(netcrm)
    assert (row["date"], row["time"], row["channel"], row["value"], row["summary"]) == (
        "2026-11-02",
        "14:30",
        "call",
        "give",
        "a long call",
    )
    netcrm("interaction", "edit", "1", "--value", "")
    assert interactions(netcrm)[0]["value"] is None
    assert show(netcrm, "ada")["last_interaction"] == "2026-11-02"


def test_edit_that_changes_nothing_says_so(netcrm: Netcrm) -> None:
    add(netcrm, "Ada Lovelace")
    netcrm("log", "ada", "coffee", "--channel", "coffee")
    out = netcrm("interaction", "edit", "1", "--channel", "coffee").stdout
    assert out.endswith(": nothing to change\n")
    assert len(netcrm.json("undo", "--list")) == 2  # type: ignore[arg-type]  # add and log only


def test_edit_without_an_option_is_a_usage_error(netcrm: Netcrm) -> None:
    add(netcrm, "Ada Lovelace")
    netcrm("log", "ada", "coffee")
    result = netcrm("interaction", "edit", "1", code=2)
    assert "nothing to change" in result.stderr and "Traceback" not in result.stderr


@pytest.mark.parametrize(
    ("args", "says"),
    [
        (["edit", "9", "--summary", "x"], "no interaction '9'"),
        (["edit", "x1", "--summary", "x"], "no interaction 'x1'"),
        (["edit", "1", "--channel", "pigeon"], "channel"),
        (["edit", "1", "--value", "take"], "value"),
        (["edit", "1", "--date", "tomorrow"], "future"),
        (["edit", "1", "--date", "someday"], "cannot read date"),
        (["rm", "9", "--yes"], "no interaction '9'"),
        (["rm", "1"], "--yes"),
    ],
)
def test_bad_edits_and_removals_are_refused(netcrm: Netcrm, args: list[str], says: str) -> None:
    add(netcrm, "Ada Lovelace")
    netcrm("log", "ada", "coffee")
    assert says in refused(netcrm, "interaction", *args)


def test_rm_asks_on_a_terminal(netcrm: Netcrm, monkeypatch: pytest.MonkeyPatch) -> None:
    from netcrm.cli import common

    add(netcrm, "Ada Lovelace")
    netcrm("log", "ada", "coffee")
    monkeypatch.setattr(common, "is_interactive", lambda: True)
    assert "interaction #1 kept" in refused(netcrm, "interaction", "rm", "1", input="n\n")
    out = netcrm("interaction", "rm", "1", input="y\n").stdout
    assert "Delete interaction #1 with #1 Ada Lovelace" in out
    assert interactions(netcrm) == []


def test_removing_the_touch_that_did_a_step_reopens_it(grace: Netcrm) -> None:
    out = grace("interaction", "rm", "1", "--yes").stdout
    assert out.splitlines() == [
        "deleted interaction #1 with #1 Grace Hopper: 21 Nov 2026 09:00 other connection request",
        "24-48-7: connect is open again",  # the later touch already did `resources`
    ]
    assert follow_ups(grace, "grace") == {
        "connect": None,
        "resources": "2026-11-22",
        "schedule": None,
    }
    assert steps(due(grace, "--as-of", "2026-11-23"))[0] == ("follow_up", "connect", "2026-11-21")


def test_a_later_free_touch_completes_the_step_instead(grace: Netcrm) -> None:
    grace("log", "grace", "liked a post", "--date", "2026-11-23 08:00")  # does `schedule`
    grace("log", "grace", "chatted at the meetup", "--date", "2026-11-24 18:00")  # nothing open
    out = grace("interaction", "rm", "1", "--yes").stdout
    assert out.splitlines()[1] == "24-48-7: connect now done by interaction #4 (24 Nov 2026)"
    assert follow_ups(grace, "grace") == {
        "connect": "2026-11-24",
        "resources": "2026-11-22",
        "schedule": "2026-11-23",
    }
    stats: Any = grace.json("stats", "--as-of", "2026-11-26")
    assert stats["follow_up"]["done_on_time"] == 2  # connect is now late (due on the 21st)


def test_moving_the_touch_moves_its_step(grace: Netcrm) -> None:
    out = grace("interaction", "edit", "1", "--date", "2026-11-20 21:00").stdout
    assert out.splitlines()[1] == "24-48-7: connect done on 20 Nov 2026"
    assert follow_ups(grace, "grace")["connect"] == "2026-11-20"
    # Moved past a free touch, the step goes to that earlier one.
    grace("log", "grace", "a quick hello", "--date", "2026-11-23 09:00")  # does `schedule`
    grace("log", "grace", "coffee", "--date", "2026-11-24 09:00")  # free
    out = grace("interaction", "edit", "1", "--date", "2026-11-25 09:00").stdout
    assert out.splitlines()[1] == "24-48-7: connect now done by interaction #4 (24 Nov 2026)"
    assert follow_ups(grace, "grace")["connect"] == "2026-11-24"


def test_a_step_ticked_off_without_a_touch_never_moves(netcrm: Netcrm) -> None:
    add(netcrm, "Grace Hopper", "--met", "2026-11-20 19:00", "--follow-up")
    netcrm("done", "grace", "connect")
    netcrm("log", "grace", "article", "--date", "2026-11-22")  # does `resources`
    netcrm("interaction", "rm", "1", "--yes")
    assert follow_ups(netcrm, "grace") == {
        "connect": "2026-11-26",
        "resources": None,
        "schedule": None,
    }


def test_reports_follow_a_removed_touch(netcrm: Netcrm) -> None:
    add(netcrm, "Ada Lovelace", "--circle", "inner")
    netcrm("log", "ada", "coffee", "--date", "2026-10-01", "--give")
    netcrm("log", "ada", "typo: logged on the wrong person", "--date", "2026-11-20", "--ask")
    [before] = due(netcrm, "--as-of", "2026-12-25", "--within", "30")
    assert before["due"] == "2026-12-20"
    netcrm("interaction", "rm", "2", "--yes")
    [after] = due(netcrm, "--as-of", "2026-12-25")
    assert (after["due"], after["reason"]) == (
        "2026-11-01",
        "inner circle: last touch 2026-10-01, due monthly",
    )
    ledger: Any = netcrm.json("balance", "--as-of", "2026-11-30")
    assert (ledger["give"], ledger["ask"]) == (1, 0)


def test_undo_brings_back_a_removed_touch_and_its_step(grace: Netcrm) -> None:
    before = show(grace, "grace")
    grace("interaction", "rm", "1", "--yes")
    grace("undo", "--yes")
    assert show(grace, "grace") == before
