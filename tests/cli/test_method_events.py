"""Events: add, target, met (one transaction), show, events; the event_prep due item."""

from typing import Any

import pytest

from conftest import Netcrm
from helpers import add, due, query, refused, show

EVENT_KEYS = {"id", "name", "on", "where", "goal", "met_count", "targets", "met"}


def test_add_target_and_list(netcrm: Netcrm) -> None:
    out = netcrm("event", "add", "PyData Berlin", "--on", "2026-12-03", "--where", "Kosmos")
    assert out.stdout == "event #1 PyData Berlin on 3 Dec 2026 at Kosmos, goal 3\n"
    netcrm("event", "add", "Old meetup", "--on", "2026-11-10", "--goal", "5")
    netcrm("event", "add", "Summit", "--on", "2026-11-28")
    add(netcrm, "Ada Lovelace")
    add(netcrm, "Grace Hopper")
    out = netcrm("event", "target", "pydata", "ada", "grace")
    assert out.stdout == "targets for PyData Berlin: Ada Lovelace, Grace Hopper\n"
    assert "already a target" in netcrm("event", "target", "pydata", "ada").stdout
    events: Any = netcrm.json("events")
    # Upcoming soonest first, then past ones latest first.
    assert [e["name"] for e in events] == ["Summit", "PyData Berlin", "Old meetup"]
    assert set(events[0]) == EVENT_KEYS
    pydata = events[1]
    assert (pydata["on"], pydata["where"], pydata["goal"], pydata["met_count"]) == (
        "2026-12-03", "Kosmos", 3, 0,
    )  # fmt: skip
    assert [(t["name"], t["met"]) for t in pydata["targets"]] == [
        ("Ada Lovelace", False),
        ("Grace Hopper", False),
    ]
    text = netcrm("events").stdout
    assert "#1  3 Dec 2026   PyData Berlin  Kosmos  0/3  2" in text


def test_met_adds_and_links_in_one_transaction_and_starts_24_48_7(netcrm: Netcrm) -> None:
    netcrm("event", "add", "Meetup", "--on", "2026-11-24", "--goal", "2")
    add(netcrm, "Ada Lovelace", "--met", "2025-01-01")
    netcrm(
        "event",
        "target",
        "meetup",
        "ada",
    )
    out = netcrm("event", "met", "meetup", "Lin Wei", "ada lovelace", "--circle", "middle")
    assert out.stdout == (
        "added: Lin Wei\nlinked: Ada Lovelace\n"
        "met at Meetup (24 Nov 2026); 24-48-7 started for each\n"
    )
    lin = show(netcrm, "lin")
    assert (lin["met"], lin["met_event"], lin["circle"]) == ("2026-11-24", "Meetup", "middle")
    assert [(s["step"], s["due"]) for s in lin["follow_ups"]] == [
        ("connect", "2026-11-25"),
        ("resources", "2026-11-26"),
        ("schedule", "2026-12-01"),
    ]
    ada = show(netcrm, "ada")
    assert (ada["met"], ada["met_event"]) == ("2025-01-01", "Meetup")  # her own met stands
    # Seeing her there is a touch with her; a new person's `met` is their first moment.
    assert [(i["date"], i["channel"], i["summary"]) for i in ada["interactions"]] == [
        ("2026-11-24", "event", "met at Meetup")
    ]
    assert lin["interactions"] == []
    assert len(ada["follow_ups"]) == 3
    # One transaction: a bad name later in the list leaves nothing behind.
    before = query("SELECT count(*) FROM contact")
    assert refused(netcrm, "event", "met", "meetup", "New Person", "#99") == (
        "netcrm: no contact #99; see `netcrm list --all`"
    )
    assert query("SELECT count(*) FROM contact") == before
    assert refused(netcrm, "event", "met", "meetup", "Lin Wei") == (
        "netcrm: Lin Wei is already recorded as met at Meetup"
    )


def test_met_refuses_a_single_word_that_is_part_of_known_names(netcrm: Netcrm) -> None:
    """`ada` could be Ada Lovelace or a new Ada: neither guess is safe, so it asks."""
    netcrm("event", "add", "Meetup", "--on", "2026-11-24")
    add(netcrm, "Ada Lovelace")
    assert refused(netcrm, "event", "met", "meetup", "Sam Okafor", "ada") == (
        "netcrm: 'ada' is part of #1 Ada Lovelace: give an id ('#1') to link someone you "
        "know, or a new person's full name"
    )
    # A full name that is no one's adds a new person, even beside a known first name.
    out = netcrm("event", "met", "meetup", "Ada Byron", "#1")
    assert out.stdout.startswith("added: Ada Byron\nlinked: Ada Lovelace\n")
    # A single word nobody's name contains is a new person too.
    assert netcrm("event", "met", "meetup", "Cher").stdout.startswith("added: Cher\n")


def test_show_targets_goal_and_step_outcomes(
    netcrm: Netcrm, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setenv("NETCRM_NOW", "2026-11-21T08:00:00")
    netcrm("event", "add", "Meetup", "--on", "2026-11-20", "--goal", "3")
    add(netcrm, "Grace Hopper")
    netcrm("event", "target", "meetup", "grace")
    netcrm("event", "met", "meetup", "Lin Wei", "Sam Okafor")
    netcrm("log", "lin", "connected", "--date", "2026-11-21 07:00")  # connect on time
    monkeypatch.setenv("NETCRM_NOW", "2026-11-26T08:00:00")
    netcrm("done", "lin", "resources")  # due the 22nd, done the 26th: late
    view: Any = netcrm.json("event", "show", "meetup")
    assert set(view) == EVENT_KEYS
    assert view["targets"] == [{"contact_id": 1, "name": "Grace Hopper", "met": False, "steps": []}]
    assert view["met_count"] == 2 and view["goal"] == 3
    lin = next(person for person in view["met"] if person["name"] == "Lin Wei")
    assert [(s["step"], s["status"], s["done_on"]) for s in lin["steps"]] == [
        ("connect", "on_time", "2026-11-21"),
        ("resources", "late", "2026-11-26"),
        ("schedule", "open", None),
    ]
    text = netcrm("event", "show", "1").stdout
    assert "met 2 of a goal of 3\n" in text
    assert "  target Grace Hopper: not met\n" in text
    assert "  met Lin Wei: connect on time, resources late, schedule open\n" in text
    # As of the 23rd the resources step was still open.
    early: Any = netcrm.json("event", "show", "meetup", "--as-of", "2026-11-23")
    lin = next(person for person in early["met"] if person["name"] == "Lin Wei")
    assert [s["status"] for s in lin["steps"]] == ["on_time", "open", "open"]


def test_event_prep_the_day_before(netcrm: Netcrm, monkeypatch: pytest.MonkeyPatch) -> None:
    def kinds(*options: str) -> list[str]:
        return [item["kind"] for item in due(netcrm, *options)]

    monkeypatch.setenv("NETCRM_NOW", "2026-11-24T08:00:00")
    netcrm("event", "add", "PyData", "--on", "2026-11-27", "--where", "Kosmos")
    add(netcrm, "Ada Lovelace", "--interests", "compilers", "--can-help", "intro to Bob")
    add(netcrm, "Grace Hopper")
    netcrm("log", "ada", "coffee about parsers", "--date", "2026-11-01")
    netcrm("event", "target", "pydata", "grace", "ada")
    # Three days before: not due, nor looking one day ahead; two days ahead it is.
    assert "event_prep" not in kinds("--within", "1")
    assert "event_prep" in kinds("--within", "2")
    monkeypatch.setenv("NETCRM_NOW", "2026-11-26T08:00:00")
    items = due(netcrm)
    [prep] = [item for item in items if item["kind"] == "event_prep"]
    assert set(prep) == {
        "contact_id", "name", "circle", "kind", "step", "due", "overdue_days", "reason",
    }  # fmt: skip
    assert (prep["name"], prep["due"], prep["step"]) == ("Ada Lovelace", "2026-11-26", None)
    assert prep["reason"] == (
        "event_prep: PyData on 2026-11-27 at Kosmos: see Ada Lovelace (interests: compilers; "
        "last touch 2026-11-01; you can help: intro to Bob), Grace Hopper (nothing noted yet; "
        "no touch yet)"
    )
    assert items[0] == prep  # it outranks the cadence items
    assert "event prep" in netcrm("due").stdout
    # show agrees with due on whose item it is.
    assert show(netcrm, "ada")["next_due_kind"] == "event_prep"
    assert "event_prep" not in [item["kind"] for item in show(netcrm, "grace")["pending"]]
    # An archived target never owns it: the next one does.
    netcrm("archive", "ada")
    assert [i["name"] for i in due(netcrm) if i["kind"] == "event_prep"] == ["Grace Hopper"]
    netcrm("unarchive", "ada")
    # After the event it is gone; as of a day before the event was stored it is not there.
    monkeypatch.setenv("NETCRM_NOW", "2026-11-28T08:00:00")
    assert "event_prep" not in kinds()
    assert "event_prep" not in kinds("--as-of", "2026-11-23", "--within", "5")


def test_errors(netcrm: Netcrm) -> None:
    add(netcrm, "Ada")
    assert refused(netcrm, "event", "add", "", "--on", "dec 3") == (
        "netcrm: an event name is one line of 1 to 200 characters"
    )
    assert refused(netcrm, "event", "add", "X", "--on", "dec 3", "--goal", "-1") == (
        "netcrm: --goal takes a number of people from 0 to 1000"
    )
    assert refused(netcrm, "event", "add", "X", "--on", "someday").startswith("netcrm: ")
    netcrm("event", "add", "Future", "--on", "2026-12-10")
    netcrm("event", "add", "Future two", "--on", "2026-12-11")
    assert refused(netcrm, "event", "met", "future two", "Lin") == (
        "netcrm: Future two is on 11 Dec 2026: record who you met once it happened"
    )
    assert refused(netcrm, "event", "show", "fut") == (
        "netcrm: 2 events match 'fut': #1 Future (10 Dec 2026), #2 Future two (11 Dec 2026); "
        "use an id"
    )
    assert refused(netcrm, "event", "show", "#9") == "netcrm: no event #9; see `netcrm events`"
    assert refused(netcrm, "event", "target", "nothing", "ada") == (
        "netcrm: no event matches 'nothing'; see `netcrm events`"
    )
    assert netcrm("events", "--as-of", "2026-11-01").stdout.startswith("No events.")
