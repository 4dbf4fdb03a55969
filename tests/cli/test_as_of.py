"""`--as-of DAY` reads only what is dated on or before DAY, in every report (issue 10).

One history, typed in on 2026-11-26 (the tests' NOW) and partly dated earlier, read as of
2026-10-15: nothing done on the 26th may show, and contacts count from their first dated fact.
"""

from typing import Any

import pytest

from conftest import Netcrm
from helpers import due, listed, names, refused, show

AS_OF = "2026-10-15"


@pytest.fixture
def history(netcrm: Netcrm) -> None:
    netcrm("add", "Ada Lovelace", "--circle", "inner")
    netcrm("log", "ada", "coffee", "--date", "2026-09-01", "--channel", "coffee")
    netcrm("log", "ada", "call", "--date", "2026-10-01", "--promise", "send the paper")
    netcrm("add", "Cy Young", "--circle", "middle", "--met", "2026-10-01")
    netcrm("intro", "ada", "cy", "--date", "2026-10-05")
    netcrm("log", "cy", "thanks for the intro", "--date", "2026-11-01")
    netcrm("log", "ada", "lunch", "--date", "2026-11-20", "--ask")
    netcrm("kept", "1", "--date", "2026-11-20")
    netcrm("add", "Bob Builder")  # added today, nothing earlier
    netcrm("add", "Dee Dee", "--last-touch", "2026-09-15")  # added today, known since September
    # Today: Ada moves to middle, is snoozed and gets a promise and a reminder; Cy is archived.
    netcrm("edit", "ada", "--circle", "middle")
    netcrm("snooze", "ada", "--until", "2026-12-24")
    netcrm("promise", "ada", "new promise")
    netcrm("remind", "ada", "ask about the move", "--on", "dec 3")
    netcrm("archive", "cy")


def by_name(items: list[dict[str, Any]]) -> dict[str, list[dict[str, Any]]]:
    found: dict[str, list[dict[str, Any]]] = {}
    for item in items:
        found.setdefault(item["name"], []).append(item)
    return found


@pytest.mark.usefixtures("history")
def test_due_as_of_sees_no_later_touch_promise_move_snooze_or_contact(netcrm: Netcrm) -> None:
    items = by_name(due(netcrm, "--as-of", AS_OF, "--within", "30"))
    assert sorted(items) == ["Ada Lovelace", "Cy Young"]  # Bob and Dee were not due so soon
    ada = {item["kind"]: item for item in items["Ada Lovelace"]}
    # Her last touch then was the introduction on 5 October, not the lunch of 20 November;
    # she was inner, not snoozed, and the promise kept on 20 November was still open.
    assert ada["cadence"]["reason"] == "inner circle: last touch 2026-10-05, due monthly"
    assert (ada["cadence"]["circle"], ada["cadence"]["due"]) == ("inner", "2026-11-05")
    assert (ada["commitment"]["reason"], ada["commitment"]["overdue_days"]) == (
        "send the paper",
        12,
    )
    assert "reminder" not in ada and ada["intro_follow_up"]["due"] == "2026-10-12"
    assert [item["kind"] for item in items["Cy Young"]] == ["intro_follow_up"]
    assert not any("2026-11-20" in item["reason"] for item in due(netcrm, "--as-of", AS_OF))
    # Today it is the other way round: Ada snoozed, Cy archived, Bob and Dee not due.
    assert due(netcrm) == []


@pytest.mark.usefixtures("history")
def test_a_day_after_today_reads_todays_data_as_it_stands(netcrm: Netcrm) -> None:
    # Ada's snooze (set today) hides her until 24 December; after it, her reminder shows.
    assert "Ada Lovelace" not in names(due(netcrm, "--as-of", "in 2w"))
    later = by_name(due(netcrm, "--as-of", "2026-12-24"))
    assert {item["kind"] for item in later["Ada Lovelace"]} == {"commitment", "reminder"}
    assert "Cy Young" not in later  # archived


@pytest.mark.usefixtures("history")
def test_list_as_of_shows_that_days_touches_circles_and_people(netcrm: Netcrm) -> None:
    rows = {row["name"]: row for row in listed(netcrm, "--as-of", AS_OF)}
    assert sorted(rows) == ["Ada Lovelace", "Cy Young", "Dee Dee"]  # Dee: touched 15 Sept
    ada = rows["Ada Lovelace"]
    assert (ada["last_interaction"], ada["circle"], ada["snoozed_until"]) == (
        "2026-10-05",
        "inner",
        None,
    )
    # Her earliest item then: the promise due on 3 October.
    assert (ada["next_due"], ada["next_due_kind"]) == ("2026-10-03", "commitment")
    assert rows["Cy Young"]["archived"] is False
    assert names(listed(netcrm, "--as-of", AS_OF, "--circle", "inner")) == ["Ada Lovelace"]
    text = netcrm("list", "--as-of", AS_OF).stdout
    assert "2026-11-20" not in text and "Bob" not in text


@pytest.mark.usefixtures("history")
def test_show_as_of_is_the_profile_of_that_day(netcrm: Netcrm) -> None:
    ada = show(netcrm, "ada", "--as-of", AS_OF)
    assert [row["date"] for row in ada["interactions"]] == [
        "2026-10-05",
        "2026-10-01",
        "2026-09-01",
    ]
    assert (ada["circle"], ada["last_interaction"], ada["snoozed_until"]) == (
        "inner",
        "2026-10-05",
        None,
    )
    assert [p["text"] for p in ada["promises"]] == ["send the paper"]
    assert ada["promises"][0]["kept"] is False
    assert ada["reminders"] == []
    [intro] = ada["intro_follow_ups"]
    assert (intro["with_name"], intro["followed_up_on"]) == ("Cy Young", None)
    cy = show(netcrm, "cy", "--as-of", AS_OF)
    assert (cy["archived"], cy["archived_on"]) == (False, None)
    assert cy["introductions"][0]["followed_up_on"] is None  # the thanks came on 1 November
    error = refused(netcrm, "show", "bob", "--as-of", AS_OF)
    assert "not in your network yet on 15 Oct 2026" in error


@pytest.mark.usefixtures("history")
def test_stats_as_of_counts_contacts_in_their_circles_of_that_day(netcrm: Netcrm) -> None:
    stats: Any = netcrm.json("stats", "--as-of", AS_OF)
    counts = {circle: row["count"] for circle, row in stats["circles"].items()}
    assert counts == {"inner": 1, "middle": 1, "outer": 1}  # Ada, Cy, Dee; not Bob
    growth = {row["month"]: row["added"] for row in stats["growth"]}
    assert (growth["2026-08"], growth["2026-09"], growth["2026-10"]) == (0, 2, 1)
    assert stats["promises"]["made"] == 1 and stats["promises"]["kept"] == 0
    now: Any = netcrm.json("stats")
    counts = {circle: row["count"] for circle, row in now["circles"].items()}
    assert counts == {"inner": 0, "middle": 1, "outer": 2}  # Cy archived, Ada moved


@pytest.mark.usefixtures("history")
def test_balance_as_of_counts_no_later_touch(netcrm: Netcrm) -> None:
    ledger: Any = netcrm.json("balance", "--as-of", AS_OF)
    # Ada's coffee and call, Dee's last touch, and the introduction's two gives; not the ask.
    assert (ledger["give"], ledger["ask"], ledger["none"]) == (2, 0, 3)
    assert ledger["askers"] == []
    assert netcrm.json("balance")["ask"] == 1  # type: ignore[index]


@pytest.mark.usefixtures("history")
def test_plan_as_of_knows_only_that_days_network(netcrm: Netcrm) -> None:
    plan: Any = netcrm.json("plan", "week", "--as-of", AS_OF)
    ids = {i for item in plan["items"] for i in item["contact_ids"]}
    bob = show(netcrm, "bob")["id"]
    assert bob not in ids
    [owed] = [item for item in plan["items"] if item["kind"] == "follow_through"]
    # The promise made on 1 October and both sides of the introduction; not today's promise.
    assert (owed["target"], sorted(owed["contact_ids"])) == (3, [1, 2])


@pytest.mark.usefixtures("history")
def test_promises_and_intros_as_of_show_them_as_they_stood(netcrm: Netcrm) -> None:
    every: Any = netcrm.json("promises", "--all", "--as-of", AS_OF)
    assert [(p["text"], p["kept"], p["kept_on"]) for p in every] == [
        ("send the paper", False, None)
    ]
    assert [p["text"] for p in netcrm.json("promises", "--as-of", AS_OF)] == ["send the paper"]  # type: ignore[union-attr]
    [intro] = netcrm.json("intros", "--as-of", AS_OF)  # type: ignore[misc]
    assert (intro["a"]["followed_up_on"], intro["b"]["followed_up_on"]) == (None, None)
    [intro] = netcrm.json("intros", "--as-of", "2026-11-05")  # type: ignore[misc]
    assert (intro["a"]["followed_up_on"], intro["b"]["followed_up_on"]) == (None, "2026-11-01")
    assert netcrm.json("intros", "--as-of", "2026-10-04") == []


@pytest.mark.usefixtures("history")
def test_export_ics_as_of_is_the_due_list_of_that_day(netcrm: Netcrm) -> None:
    from icalendar import Calendar

    text = netcrm("export", "ics", "--as-of", AS_OF, "--within", "0").stdout
    summaries = sorted(str(event["SUMMARY"]) for event in Calendar.from_ical(text).walk("VEVENT"))
    assert summaries == sorted(
        f"{item['step'] or item['kind'].replace('_', ' ')}: {item['name']}"
        for item in due(netcrm, "--as-of", AS_OF)
    )
    assert not any("Bob" in summary or "reminder" in summary for summary in summaries)
