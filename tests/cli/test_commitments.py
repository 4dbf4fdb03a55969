"""`promise`, `promises`, `kept`, `log --promise`, `intro`, `intros` and `show`'s introductions."""

import os
from typing import Any

import pytest

from conftest import Netcrm
from helpers import refused


@pytest.fixture
def two(netcrm: Netcrm) -> None:
    netcrm("add", "Ada Lovelace", "--circle", "inner")
    netcrm("add", "Grace Hopper", "--circle", "middle")


# ---- promises ---------------------------------------------------------------------------------


@pytest.mark.usefixtures("two")
def test_promise_defaults_to_48_hours_and_shows_in_due(netcrm: Netcrm) -> None:
    out = netcrm("promise", "ada", "send the slides").stdout
    assert out == "promise #1 to #1 Ada Lovelace due 28 Nov 2026\n"  # NOW is 2026-11-26
    due: Any = netcrm.json("due", "--as-of", "2026-11-30")
    [item] = [i for i in due if i["kind"] == "commitment"]
    assert (item["due"], item["overdue_days"], item["reason"]) == (
        "2026-11-28",
        2,
        "send the slides",
    )
    # Not yet due on the 27th, listed with --within.
    assert not [i for i in netcrm.json("due", "--as-of", "2026-11-27") if i["kind"] == "commitment"]  # type: ignore[union-attr]


@pytest.mark.usefixtures("two")
def test_promise_by_and_listing(netcrm: Netcrm) -> None:
    netcrm("promise", "grace", "book review", "--by", "2026-12-05")
    netcrm("promise", "ada", "intro to Bob", "--by", "tomorrow")
    listed: Any = netcrm.json("promises")
    assert [(p["id"], p["name"], p["due"]) for p in listed] == [
        (2, "Ada Lovelace", "2026-11-27"),
        (1, "Grace Hopper", "2026-12-05"),
    ]
    assert listed[0] == {
        "id": 2,
        "contact_id": 1,
        "name": "Ada Lovelace",
        "text": "intro to Bob",
        "made": "2026-11-26",
        "due": "2026-11-27",
        "kept": False,
        "kept_on": None,
        "on_time": None,
        "interaction_id": None,
    }
    text = netcrm("promises", "--as-of", "2026-11-29").stdout
    assert "intro to Bob" in text and "open, 2d late" in text


@pytest.mark.usefixtures("two")
def test_kept_removes_from_due_and_open_list(netcrm: Netcrm) -> None:
    netcrm("promise", "ada", "send the slides", "--by", "2026-11-27")
    netcrm("promise", "grace", "call back")
    assert netcrm("kept", "#1", "--date", "2026-11-26").stdout == (
        "kept promise #1 to Ada Lovelace on 26 Nov 2026\n"
    )
    assert [p["id"] for p in netcrm.json("promises")] == [2]  # type: ignore[union-attr, index]
    assert [p["id"] for p in netcrm.json("promises", "--open")] == [2]  # type: ignore[union-attr, index]
    every: Any = netcrm.json("promises", "--all")
    assert [(p["id"], p["kept"], p["kept_on"], p["on_time"]) for p in every] == [
        (1, True, "2026-11-26", True),
        (2, False, None, None),
    ]
    due: Any = netcrm.json("due", "--as-of", "2026-12-10")
    assert [i["reason"] for i in due if i["kind"] == "commitment"] == ["call back"]
    # A promise from a touch on 10 November was due on the 12th: kept today, it was late.
    netcrm("log", "ada", "call", "--date", "2026-11-10", "--promise", "old one")
    netcrm("kept", "3")
    late: Any = netcrm.json("promises", "--all")
    assert [(p["id"], p["on_time"]) for p in late if p["id"] == 3] == [(3, False)]


@pytest.mark.usefixtures("two")
def test_promise_errors(netcrm: Netcrm) -> None:
    netcrm("promise", "ada", "x")
    netcrm("kept", "1")
    assert "no promise '99'" in refused(netcrm, "kept", "99")
    assert "no promise 'abc'" in refused(netcrm, "kept", "abc")
    assert "already kept" in refused(netcrm, "kept", "1")
    assert "needs a text" in refused(netcrm, "promise", "ada", "  ")
    assert "before it was made" in refused(netcrm, "promise", "ada", "x", "--by", "2026-11-01")
    assert "no contact" in refused(netcrm, "promise", "nobody", "x")
    assert "not both" in refused(netcrm, "promises", "--open", "--all")
    assert "--by needs --promise" in refused(netcrm, "log", "ada", "call", "--by", "friday")


@pytest.mark.usefixtures("two")
def test_kept_before_made_is_refused(netcrm: Netcrm) -> None:
    netcrm("promise", "ada", "x")
    assert "cannot be kept before" in refused(netcrm, "kept", "1", "--date", "2026-11-20")


@pytest.mark.usefixtures("two")
def test_log_with_promise_dates_it_from_the_interaction(netcrm: Netcrm) -> None:
    out = netcrm(
        "log", "grace", "coffee", "--date", "2026-11-10", "--promise", "send the deck"
    ).stdout
    assert "promise #1 due 12 Nov 2026" in out
    netcrm("log", "ada", "call", "--promise", "read draft", "--by", "2026-12-01")
    listed: Any = netcrm.json("promises")
    assert [(p["name"], p["made"], p["due"], p["interaction_id"]) for p in listed] == [
        ("Grace Hopper", "2026-11-10", "2026-11-12", 1),
        ("Ada Lovelace", "2026-11-26", "2026-12-01", 2),
    ]


# ---- introductions ----------------------------------------------------------------------------


@pytest.mark.usefixtures("two")
def test_intro_records_a_give_on_each_side(netcrm: Netcrm) -> None:
    out = netcrm(
        "intro", "ada", "grace", "--note", "both love compilers", "--date", "2026-11-20",
        "--channel", "email",
    ).stdout  # fmt: skip
    assert out == "introduced #1 Ada Lovelace and #2 Grace Hopper on 20 Nov 2026\n"
    ada: Any = netcrm.json("show", "ada")
    assert ada["interactions"] == [
        {
            "id": 1,
            "date": "2026-11-20",
            "time": None,
            "channel": "email",
            "value": "give",
            "summary": "introduced to Grace Hopper: both love compilers",
            "outreach": False,
            "give_type": None,  # the introduction itself counts as `connection` in balance
        }
    ]
    assert ada["introductions"] == [
        {
            "id": 1,
            "date": "2026-11-20",
            "with_id": 2,
            "with_name": "Grace Hopper",
            "channel": "email",
            "note": "both love compilers",
            "follow_up_due": "2026-11-27",
            "followed_up_on": None,
        }
    ]
    grace: Any = netcrm.json("show", "grace")
    assert [(i["with_name"], i["id"]) for i in grace["introductions"]] == [("Ada Lovelace", 1)]
    text = netcrm("show", "grace").stdout
    assert "Introductions (1):" in text and "to #1 Ada Lovelace (both love compilers)" in text


@pytest.mark.usefixtures("two")
def test_intro_follow_up_until_a_later_touch(netcrm: Netcrm) -> None:
    netcrm("intro", "ada", "grace", "--date", "2026-11-10")

    def follow_ups(as_of: str) -> list[tuple[str, str]]:
        due: Any = netcrm.json("due", "--as-of", as_of)
        return [(i["name"], i["reason"]) for i in due if i["kind"] == "intro_follow_up"]

    assert follow_ups("2026-11-16") == []  # six days later: not yet
    assert sorted(follow_ups("2026-11-17")) == [
        ("Ada Lovelace", "ask how the introduction to Grace Hopper went"),
        ("Grace Hopper", "ask how the introduction to Ada Lovelace went"),
    ]
    netcrm("log", "ada", "same day, does not count", "--date", "2026-11-10 18:00")
    netcrm("log", "grace", "how did it go?", "--date", "2026-11-18")
    assert follow_ups("2026-11-17") != []  # as of the 17th Grace was not asked yet
    assert follow_ups("2026-11-19") == [
        ("Ada Lovelace", "ask how the introduction to Grace Hopper went")
    ]
    [intro] = netcrm.json("intros")  # type: ignore[misc]
    assert intro == {
        "id": 1,
        "date": "2026-11-10",
        "channel": "other",
        "note": None,
        "a": {
            "contact_id": 1,
            "name": "Ada Lovelace",
            "follow_up_due": "2026-11-17",
            "followed_up_on": None,
        },
        "b": {
            "contact_id": 2,
            "name": "Grace Hopper",
            "follow_up_due": "2026-11-17",
            "followed_up_on": "2026-11-18",
        },
    }
    assert "ask Ada Lovelace from 17 Nov 2026" in netcrm("intros").stdout


@pytest.mark.usefixtures("two")
def test_intros_newest_first_and_empty_text(netcrm: Netcrm) -> None:
    assert "No introductions yet" in netcrm("intros").stdout
    netcrm("add", "Alan Turing")
    netcrm("intro", "ada", "grace", "--date", "2026-11-01")
    netcrm("intro", "alan", "ada", "--date", "2026-11-05 10:00")
    listed: Any = netcrm.json("intros")
    assert [(i["id"], i["date"], i["a"]["name"], i["b"]["name"]) for i in listed] == [
        (2, "2026-11-05T10:00", "Alan Turing", "Ada Lovelace"),
        (1, "2026-11-01", "Ada Lovelace", "Grace Hopper"),
    ]
    ada: Any = netcrm.json("show", "ada")
    assert [i["with_name"] for i in ada["introductions"]] == ["Alan Turing", "Grace Hopper"]


@pytest.mark.usefixtures("two")
def test_intro_errors(netcrm: Netcrm) -> None:
    assert "cannot introduce Ada Lovelace to themselves" in refused(netcrm, "intro", "ada", "#1")
    assert "no contact" in refused(netcrm, "intro", "ada", "nobody")
    assert "unknown channel" in refused(netcrm, "intro", "ada", "grace", "--channel", "fax")
    assert "future" in refused(netcrm, "intro", "ada", "grace", "--date", "2027-01-01")


def test_intro_sides_filters_in_sql_to_what_can_still_be_open(netcrm: Netcrm) -> None:
    from datetime import date

    from netcrm.services.commitments.intros import intro_sides
    from netcrm.store.db import open_session

    for name in ("Ada", "Bob", "Cy", "Dee"):
        netcrm("add", name)
    netcrm("intro", "ada", "bob", "--date", "2026-01-05")
    netcrm("intro", "cy", "dee", "--date", "2026-11-02")
    for who, day in [("ada", "2026-01-20"), ("bob", "2026-01-20"), ("cy", "2026-11-10")]:
        netcrm("log", who, "x", "--date", day)

    def sides(**filters: Any) -> list[tuple[str, str]]:
        with open_session(os.environ["NETCRM_DB"], write=False) as session:
            found = intro_sides(session, **filters)
        return [(side.name, side.made_at.date().isoformat()) for side in found]

    assert len(sides()) == 4  # unfiltered: every side of every introduction
    # Open at the end of 26 November: only Dee (Ada, Bob and Cy were touched since).
    assert sides(made_by=date(2026, 11, 26), open_from=date(2026, 11, 27)) == [
        ("Dee", "2026-11-02")
    ]
    # Before Cy's touch both sides were open; the January ones were closed already.
    assert sides(open_from=date(2026, 11, 9)) == [("Cy", "2026-11-02"), ("Dee", "2026-11-02")]
    # Made by 1 November: only the January introduction, closed or not.
    assert sides(made_by=date(2026, 11, 1)) == [("Ada", "2026-01-05"), ("Bob", "2026-01-05")]
    # Cy's is closed but due on 9 November: still listed for a plan of that week.
    assert sides(open_from=date(2026, 11, 9), due_from=date(2026, 11, 9)) == [
        ("Cy", "2026-11-02"),
        ("Dee", "2026-11-02"),
    ]
    assert sides(open_from=date(2026, 11, 27), due_from=date(2026, 11, 9)) == [
        ("Cy", "2026-11-02"),
        ("Dee", "2026-11-02"),
    ]


# ---- dates as people say them (issue 10) ------------------------------------------------------


@pytest.mark.usefixtures("two")
def test_promise_by_a_weekday_means_the_next_one(netcrm: Netcrm) -> None:
    # NOW is Thursday 2026-11-26: friday is tomorrow, thursday a week ahead.
    made: Any = netcrm.json("promise", "grace", "review her talk", "--by", "friday")
    assert (made["id"], made["name"], made["due"], made["made"]) == (
        1,
        "Grace Hopper",
        "2026-11-27",
        "2026-11-26",
    )
    assert netcrm.json("promise", "ada", "x", "--by", "thursday")["due"] == "2026-12-03"  # type: ignore[index]
    assert netcrm.json("promise", "ada", "y", "--by", "dec 3")["due"] == "2026-12-03"  # type: ignore[index]
    assert netcrm.json("promise", "ada", "z", "--by", "eom")["due"] == "2026-11-30"  # type: ignore[index]
    out = netcrm("log", "ada", "call", "--promise", "send notes", "--by", "monday").stdout
    assert "promise #5 due 30 Nov 2026" in out


@pytest.mark.usefixtures("two")
def test_past_facing_options_read_a_weekday_as_the_last_one(netcrm: Netcrm) -> None:
    netcrm("promise", "ada", "x")
    # kept --date and intro --date face the past: 'monday' is 23 November.
    assert "on 26 Nov 2026" in netcrm("kept", "1", "--date", "today").stdout
    out = netcrm("intro", "ada", "grace", "--date", "monday 10am").stdout
    assert out == "introduced #1 Ada Lovelace and #2 Grace Hopper on 23 Nov 2026\n"
    [intro] = netcrm.json("intros")  # type: ignore[misc]
    assert intro["date"] == "2026-11-23T10:00"


@pytest.mark.usefixtures("two")
def test_an_ambiguous_numeric_date_is_refused_with_why(netcrm: Netcrm) -> None:
    error = refused(netcrm, "promise", "ada", "x", "--by", "12/03")
    assert "US" in error and "Europe" in error and "dec 3" in error


# ---- reminders and yearly dates (issue 10) ----------------------------------------------------


@pytest.mark.usefixtures("two")
def test_remind_stores_and_prints_what_it_stored(netcrm: Netcrm) -> None:
    out = netcrm("remind", "ada", "ask about the move", "--on", "dec 3").stdout
    assert out == "reminder #1 for #1 Ada Lovelace on 3 Dec 2026: ask about the move\n"
    stored: Any = netcrm.json(
        "remind", "grace", "joined the Navy", "--on", "1943-12-09", "--yearly"
    )
    assert stored == {
        "id": 2,
        "contact_id": 2,
        "name": "Grace Hopper",
        "text": "joined the Navy",
        "on": "1943-12-09",
        "yearly": True,
        "done_on": None,
    }
    out = netcrm("remind", "grace", "birthday lunch", "--on", "friday", "--yearly").stdout
    assert out == (
        "anniversary #3 for #2 Grace Hopper every year on 27 Nov from 27 Nov 2026: birthday lunch\n"
    )


@pytest.mark.usefixtures("two")
def test_remind_refusals(netcrm: Netcrm) -> None:
    assert "in the past" in refused(netcrm, "remind", "ada", "x", "--on", "yesterday")
    assert "needs a text" in refused(netcrm, "remind", "ada", " ", "--on", "friday")
    assert "no contact" in refused(netcrm, "remind", "nobody", "x", "--on", "friday")
    assert "US" in refused(netcrm, "remind", "ada", "x", "--on", "12/03")
    netcrm("remind", "ada", "missing --on", code=2)


@pytest.mark.usefixtures("two")
def test_a_one_off_reminder_is_due_until_done_or_a_touch_on_or_after_its_day(
    netcrm: Netcrm, monkeypatch: pytest.MonkeyPatch
) -> None:
    netcrm("remind", "ada", "ask about the move", "--on", "2026-12-03")
    netcrm("remind", "grace", "lunch", "--on", "2026-12-05")

    def reminders(as_of: str) -> list[tuple[str, str, int]]:
        return [
            (i["name"], i["reason"], i["overdue_days"])
            for i in netcrm.json("due", "--as-of", as_of)  # type: ignore[union-attr]
            if i["kind"] == "reminder"
        ]

    assert reminders("2026-12-02") == []
    assert reminders("2026-12-04") == [("Ada Lovelace", "reminder: ask about the move", 1)]
    ahead: Any = netcrm.json("due", "--within", "10")
    assert [i["due"] for i in ahead if i["kind"] == "reminder"] == ["2026-12-03", "2026-12-05"]
    # A touch before its day does not clear it; one on or after its day does (read, not stored).
    netcrm("log", "ada", "chat", "--date", "today")
    assert reminders("2026-12-04") == [("Ada Lovelace", "reminder: ask about the move", 1)]
    monkeypatch.setenv("NETCRM_NOW", "2026-12-04T09:00:00")
    netcrm("log", "ada", "coffee", "--date", "today")
    assert reminders("2026-12-04") == []
    assert reminders("2026-12-03") == [("Ada Lovelace", "reminder: ask about the move", 0)]
    listed: Any = netcrm.json("reminders", "--all")
    assert [(r["id"], r["done_on"]) for r in listed] == [(1, "2026-12-04"), (2, None)]
    assert [r["id"] for r in netcrm.json("reminders")] == [2]  # type: ignore[union-attr]
    # --done ends the other one.
    assert netcrm("reminders", "--done", "#2").stdout == "reminder #2 for Grace Hopper done\n"
    assert netcrm.json("reminders") == []
    assert reminders("2026-12-10") == []
    assert "already done" in refused(netcrm, "reminders", "--done", "2")
    assert "no reminder '9'" in refused(netcrm, "reminders", "--done", "9")
    assert "not both" in refused(netcrm, "reminders", "--done", "1", "--all")


@pytest.mark.usefixtures("two")
def test_a_yearly_reminder_is_an_anniversary_every_year(
    netcrm: Netcrm, monkeypatch: pytest.MonkeyPatch
) -> None:
    netcrm("remind", "grace", "work anniversary", "--on", "2019-12-09", "--yearly")

    def anniversaries(as_of: str) -> list[tuple[str, int]]:
        return [
            (i["due"], i["overdue_days"])
            for i in netcrm.json("due", "--as-of", as_of)  # type: ignore[union-attr]
            if i["kind"] == "anniversary"
        ]

    assert anniversaries("2026-12-08") == []
    assert anniversaries("2026-12-09") == [("2026-12-09", 0)]
    assert anniversaries("2026-12-16") == [("2026-12-09", 7)]  # a week of belated wishes
    assert anniversaries("2026-12-17") == []
    assert anniversaries("2027-12-09") == [("2027-12-09", 0)]
    [item] = [i for i in netcrm.json("due", "--within", "30") if i["kind"] == "anniversary"]  # type: ignore[union-attr]
    assert item["reason"] == "anniversary: work anniversary"
    netcrm("log", "grace", "congratulated", "--date", "today")
    monkeypatch.setenv("NETCRM_NOW", "2026-12-09T12:00:00")
    netcrm("log", "grace", "congratulated")
    assert anniversaries("2026-12-10") == []  # answered this year
    assert [r["done_on"] for r in netcrm.json("reminders")] == [None]  # type: ignore[union-attr]
    netcrm("reminders", "--done", "1")  # ends it for good
    assert anniversaries("2027-12-09") == []


@pytest.mark.usefixtures("two")
def test_reminders_listing_and_their_cascade(netcrm: Netcrm) -> None:
    assert "No reminders" in netcrm("reminders").stdout
    netcrm("remind", "grace", "lunch", "--on", "2026-12-05")
    netcrm("remind", "ada", "ask about the move", "--on", "2026-12-03")
    text = netcrm("reminders").stdout
    assert text.splitlines()[1].split()[:7] == ["#2", "#1", "Ada", "Lovelace", "3", "Dec", "2026"]
    assert "in 7d" in text and "lunch" in text
    netcrm("rm", "ada", "--yes")
    assert [r["name"] for r in netcrm.json("reminders")] == ["Grace Hopper"]  # type: ignore[union-attr]
