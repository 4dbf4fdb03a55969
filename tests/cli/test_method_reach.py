"""Time zones (show, due, plan week), outreach and its answers, give types, reliability."""

import os
from pathlib import Path
from typing import Any

import pytest

from conftest import Netcrm
from helpers import add, due, refused, show

# NETCRM_NOW is Thursday 2026-11-26 08:00, read in the user's zone.
BERLIN = '[me]\ntimezone = "Europe/Berlin"\n'


def write_config(text: str) -> None:
    folder = Path(os.environ["XDG_CONFIG_HOME"]) / "netcrm"
    folder.mkdir(parents=True, exist_ok=True)
    (folder / "config.toml").write_text(text, encoding="utf-8")


def test_show_gives_their_local_time_and_the_call_window(netcrm: Netcrm) -> None:
    write_config(BERLIN)
    add(netcrm, "Ann", "--timezone", "America/Los_Angeles")  # 23:00 Wednesday there
    add(netcrm, "Kai", "--timezone", "Asia/Tokyo")  # 16:00 Thursday there
    add(netcrm, "Nobody")
    ann, kai, nobody = show(netcrm, "ann"), show(netcrm, "kai"), show(netcrm, "nobody")
    assert (ann["local_time"], ann["in_call_window"]) == ("2026-11-25T23:00", False)
    assert (kai["local_time"], kai["in_call_window"]) == ("2026-11-26T16:00", True)
    assert (nobody["local_time"], nobody["in_call_window"]) == (None, None)
    assert (
        "  Their time:          Wed 23:00 (outside the call window)\n"
        in netcrm("show", "ann").stdout
    )
    # The window and its days come from [calls].
    write_config(BERLIN + '[calls]\nwindow = "15:00-16:00"\ndays = ["thu"]\n')
    assert show(netcrm, "kai")["in_call_window"] is False  # 16:00 is the end: outside
    write_config(BERLIN + '[calls]\nwindow = "08:00-17:00"\ndays = ["mon"]\n')
    assert show(netcrm, "kai")["in_call_window"] is False  # a Thursday


def test_due_marks_contacts_outside_their_call_window(netcrm: Netcrm) -> None:
    write_config(BERLIN)
    add(netcrm, "Ann", "--timezone", "America/Los_Angeles", "--last-touch", "2025-01-01")
    add(netcrm, "Kai", "--timezone", "Asia/Tokyo", "--last-touch", "2025-01-01")
    text = netcrm("due").stdout
    assert "Ann (their 23:00)" in text
    assert "Kai " in text and "Kai (their" not in text
    # --json keeps exactly its keys.
    assert {key for item in due(netcrm) for key in item} == {
        "contact_id", "name", "circle", "kind", "step", "due", "overdue_days", "reason",
    }  # fmt: skip


def test_call_config_errors(netcrm: Netcrm) -> None:
    add(netcrm, "Ann")
    for text, said in [
        ('[calls]\nwindow = "18:00-09:00"\n', 'calls.window: a window is "HH:MM-HH:MM"'),
        ('[calls]\ndays = ["funday"]\n', "calls.days: unknown day 'funday'"),
        ('[calls]\ndays = "mon"\n', "calls.days must be a list"),
        ("[calls]\nhours = 3\n", "unknown key calls.hours; known: window, days"),
        ('[outreach]\nreply_within = "soon"\n', "outreach.reply_within"),
        ('[outreach]\nwait = "2w"\n', "unknown key outreach.wait; known: reply_within"),
    ]:
        write_config(text)
        assert said in refused(netcrm, "show", "ann")


def test_plan_week_books_calls_to_distant_zones(netcrm: Netcrm) -> None:
    write_config(BERLIN)
    for name in ("Ann", "Kai", "Ben"):
        zone = {"Ann": "America/New_York", "Kai": "Asia/Tokyo", "Ben": "Europe/Paris"}[name]
        add(netcrm, name, "--timezone", zone, "--circle", "inner", "--last-touch", "2026-09-01")
    plan: Any = netcrm.json("plan", "week")
    calls = {call["name"]: call for call in plan["calls"]}
    assert set(calls) == {"Ann", "Kai"}  # Paris is an hour from Berlin: not distant
    assert set(calls["Ann"]) == {"contact_id", "name", "timezone", "when", "their_time"}
    # One day each, inside 09:00-18:00 for both: Ann (6 hours behind) from 15:00 Berlin.
    assert (calls["Ann"]["when"], calls["Ann"]["their_time"]) == (
        "2026-11-26T15:00", "2026-11-26T09:00",
    )  # fmt: skip
    assert (calls["Kai"]["when"], calls["Kai"]["their_time"]) == (
        "2026-11-27T09:00", "2026-11-27T17:00",
    )  # fmt: skip
    text = netcrm("plan", "week").stdout
    assert "Calls across time zones (inside your call window and theirs):\n" in text
    assert "  Ann (America/New_York): Thu 26 Nov 2026 15:00 your time, Thu 09:00 theirs\n" in text


def test_outreach_answers_and_rates(netcrm: Netcrm) -> None:
    add(netcrm, "Ann", "--circle", "inner")
    add(netcrm, "Bob", "--circle", "outer")
    assert "(outreach)" in netcrm("log", "ann", "hi", "--outreach", "--date", "2026-10-01").stdout
    netcrm("log", "ann", "coffee", "--channel", "coffee", "--date", "2026-10-05")  # answered
    netcrm("log", "ann", "ping", "--outreach", "--date", "2026-10-20")  # never answered
    netcrm("log", "bob", "hi", "--outreach", "--date", "2026-10-01")
    netcrm("log", "bob", "late reply", "--date", "2026-10-30")  # after 14 days: no answer
    netcrm("log", "bob", "hello again", "--outreach", "--date", "2026-11-20")  # still pending
    ann = show(netcrm, "ann")["outreach"]
    assert ann == {
        "sent": 2, "pending": 0, "answered": 1, "response_rate": 0.5,
        "meetings": 1, "meeting_rate": 0.5,
    }  # fmt: skip
    assert (
        "  Outreach:            2 sent, 1 answered (50%), 0 waiting\n"
        in netcrm("show", "ann").stdout
    )
    stats: Any = netcrm.json("stats")
    assert stats["outreach"]["sent"] == 4 and stats["outreach"]["pending"] == 1
    assert (stats["outreach"]["answered"], stats["outreach"]["response_rate"]) == (1, 0.333)
    assert stats["outreach"]["meeting_rate"] == 0.333
    assert stats["outreach"]["by_circle"]["inner"]["response_rate"] == 0.5
    assert stats["outreach"]["by_circle"]["outer"]["response_rate"] == 0.0
    assert stats["outreach"]["by_circle"]["middle"]["response_rate"] is None
    # A longer reply window turns Bob's late reply into an answer.
    write_config('[outreach]\nreply_within = "30d"\n')
    assert show(netcrm, "bob")["outreach"]["answered"] == 1
    # As of 2026-10-02 Ann's first outreach was still waiting.
    assert show(netcrm, "ann", "--as-of", "2026-10-02")["outreach"]["pending"] == 1


def test_give_types_and_introductions_as_connection(netcrm: Netcrm) -> None:
    add(netcrm, "Ann")
    add(netcrm, "Bob")
    out = netcrm("log", "ann", "sent the article", "--share", "--give-type", "information")
    assert "(information)" in out.stdout
    netcrm("log", "ann", "reviewed her talk", "--give", "--give-type", "skill")
    netcrm("log", "bob", "told him of a job", "--give", "--give-type", "opportunity")
    netcrm("intro", "ann", "bob")
    balance: Any = netcrm.json("balance")
    assert balance["give_types"] == {
        "information": 1, "connection": 1, "skill": 1, "opportunity": 1, "recognition": 0,
    }  # fmt: skip
    assert balance["least_given"] == "recognition"
    assert "given least: recognition" in netcrm("balance").stdout
    touches = show(netcrm, "ann")["interactions"]
    assert [t["give_type"] for t in touches if t["summary"] == "reviewed her talk"] == ["skill"]
    assert refused(netcrm, "log", "ann", "x", "--give-type", "skill") == (
        "netcrm: --give-type goes with a give or share touch (--give or --share)"
    )
    assert refused(netcrm, "log", "ann", "x", "--give", "--give-type", "money") == (
        "netcrm: unknown give type 'money': use one of information, connection, skill, "
        "opportunity, recognition"
    )


def test_reliability_per_contact(netcrm: Netcrm, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("NETCRM_NOW", "2026-11-01T09:00:00")
    add(netcrm, "Ann")
    netcrm("promise", "ann", "slides", "--by", "2026-11-03")
    netcrm("promise", "ann", "intro", "--by", "2026-11-03")
    netcrm("promise", "ann", "book", "--by", "2026-11-03")
    netcrm("promise", "ann", "later", "--by", "2026-12-30")  # not due yet: neither way
    monkeypatch.setenv("NETCRM_NOW", "2026-11-02T09:00:00")
    netcrm("kept", "1")
    monkeypatch.setenv("NETCRM_NOW", "2026-11-26T08:00:00")
    netcrm("kept", "2", "--date", "2026-11-10")
    assert show(netcrm, "ann")["reliability"] == {
        "promises": 4, "kept_on_time": 1, "kept_late": 1, "open_past_due": 1,
        "broken": 2, "rate": 0.333,
    }  # fmt: skip
    assert "  Promises kept:       33% on time, 2 broken of 4\n" in netcrm("show", "ann").stdout


def test_stats_quality_connections_and_depth(netcrm: Netcrm) -> None:
    add(netcrm, "Ann", "--circle", "inner")
    add(netcrm, "Bob", "--circle", "inner")
    add(netcrm, "Cy", "--circle", "outer", "--tag", "rust", "--location", "Oslo")
    netcrm("log", "ann", "coffee", "--channel", "coffee")
    netcrm("log", "ann", "note", "--share")
    netcrm("log", "bob", "email")  # not meaningful: no value, not a meeting
    netcrm("log", "cy", "call", "--channel", "call", "--date", "2026-07-01")  # over 90 days
    stats: Any = netcrm.json("stats")
    assert stats["depth"] == {
        "inner": {"contacts": 2, "touches": 2, "per_contact": 1.0},
        "middle": {"contacts": 0, "touches": 0, "per_contact": None},
        "outer": {"contacts": 1, "touches": 0, "per_contact": 0.0},
    }
    quality = {row["month"]: row["added"] for row in stats["quality_connections"]}
    assert {month: n for month, n in quality.items() if n} == {"2026-11": 1}  # Ann only
    assert stats["diversity"]["by_tag"] == {
        "groups": 1, "known": 1, "largest": "rust", "largest_share": 1.0,
    }  # fmt: skip
    text = netcrm("stats").stdout
    assert "Meaningful touches in the last 90 days: inner 2 (1.0/contact)" in text
    assert "Spread by tag: 1 groups over 1 contacts; largest rust (100%)" in text
