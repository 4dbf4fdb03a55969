"""`balance` and `stats` on hand-built networks whose right answers are worked out here."""

from typing import Any

import pytest

from conftest import Netcrm
from helpers import refused


@pytest.fixture
def ledger_network(netcrm: Netcrm) -> None:
    for name in ("Ada", "Bob", "Cy"):
        netcrm("add", name)
    for who, day, flag in [
        ("ada", "2026-11-01", "--give"),
        ("ada", "2026-10-01", "--give"),
        ("ada", "2026-09-01", "--ask"),
        ("bob", "2026-11-02", "--ask"),
        ("bob", "2026-11-03", "--ask"),
        ("bob", "2026-05-01", "--give"),  # before the window: only in the all-time askers
        ("cy", "2026-11-04", "--share"),
        ("cy", "2026-08-28", "--ask"),  # the day before the 90-day window
    ]:
        netcrm("log", who, "x", "--date", day, flag)
    netcrm("log", "cy", "no value", "--date", "2026-11-05")


@pytest.mark.usefixtures("ledger_network")
def test_balance_last_90_days(netcrm: Netcrm) -> None:
    # NOW is 2026-11-26: the window is 29 August to 26 November.
    assert netcrm.json("balance") == {
        "start": "2026-08-29",
        "end": "2026-11-26",
        "give": 2,
        "share": 1,
        "ask": 3,
        "none": 1,
        "give_pct": 33,
        "share_pct": 17,
        "ask_pct": 50,
        "target": {"give": 70, "share": 20, "ask": 10},
        "askers": [
            {"contact_id": 2, "name": "Bob", "asks": 2, "gives": 1},
            {"contact_id": 3, "name": "Cy", "asks": 1, "gives": 0},
        ],
        "give_types": {
            "information": 0,
            "connection": 0,
            "skill": 0,
            "opportunity": 0,
            "recognition": 0,
        },
        "least_given": "information",
    }


@pytest.mark.usefixtures("ledger_network")
def test_balance_days_and_as_of(netcrm: Netcrm) -> None:
    short: Any = netcrm.json("balance", "--days", "30")  # 28 October to 26 November
    assert (short["start"], short["give"], short["share"], short["ask"], short["none"]) == (
        "2026-10-28", 1, 1, 2, 1,
    )  # fmt: skip
    past: Any = netcrm.json("balance", "--as-of", "2026-10-15")  # 18 July to 15 October
    assert (past["give"], past["ask"], past["give_pct"], past["ask_pct"]) == (1, 2, 33, 67)
    # As of mid-October Ada had asked once and given once, Bob only given: Cy alone.
    assert [a["name"] for a in past["askers"]] == ["Cy"]


@pytest.mark.usefixtures("ledger_network")
def test_balance_text(netcrm: Netcrm) -> None:
    text = netcrm("balance").stdout
    assert "70-20-10 from 29 Aug 2026 to 26 Nov 2026:" in text
    assert "ask       3      50%    10%" in text
    assert "You ask more than the method suggests" in text
    assert "#2 Bob: 2 asks, 1 gives" in text


def test_balance_empty_and_errors(netcrm: Netcrm) -> None:
    empty: Any = netcrm.json("balance")
    assert (empty["give_pct"], empty["askers"]) == (None, [])
    assert "Nothing valued yet" in netcrm("balance").stdout
    netcrm("add", "Ada")
    # refused() checks the database is unchanged and returns stderr without its last newline.
    assert refused(netcrm, "balance", "--days", "0") == (
        "netcrm: --days takes a number of days from 1 to 36525 (100 years)"
    )


def test_stats(netcrm: Netcrm, monkeypatch: pytest.MonkeyPatch) -> None:
    def at(moment: str) -> None:
        monkeypatch.setenv("NETCRM_NOW", moment)

    at("2025-06-01T09:00:00")
    netcrm("add", "Dee", "--circle", "outer")
    at("2026-01-15T09:00:00")
    netcrm("add", "Ada", "--circle", "inner", "--company", "Acme", "--location", "Berlin")
    at("2026-03-10T09:00:00")
    netcrm("add", "Bob", "--circle", "inner", "--company", "acme ", "--location", "Paris")
    at("2026-03-20T09:00:00")
    netcrm("add", "Cy", "--circle", "middle", "--company", "Globex")
    at("2026-11-01T09:00:00")
    netcrm("promise", "ada", "a")  # due 3 November
    netcrm("promise", "bob", "b")
    netcrm("promise", "cy", "c")
    at("2026-11-26T08:00:00")
    netcrm("add", "Eve", "--company", "Initech")
    netcrm("archive", "eve")
    netcrm("add", "Fay", "--met", "2026-11-20 19:00", "--follow-up")
    netcrm("log", "dee", "x", "--date", "2025-10-15")  # before the 12 months shown
    netcrm("log", "ada", "x", "--date", "2026-11-20")
    netcrm("log", "cy", "x", "--date", "2026-10-01")
    netcrm("log", "fay", "connected", "--date", "2026-11-21 10:00")  # connect, on time
    netcrm("done", "fay", "resources")  # due 22 November, done on the 26th: late
    netcrm("kept", "1", "--date", "2026-11-02")
    netcrm("kept", "2", "--date", "2026-11-10")

    stats: Any = netcrm.json("stats")
    assert stats["as_of"] == "2026-11-26"
    assert stats["circles"] == {
        "inner": {"count": 2, "guide": "5-10", "status": "under"},
        "middle": {"count": 1, "guide": "30-50", "status": "under"},
        "outer": {"count": 2, "guide": "150+", "status": "under"},
    }
    # Bob (never touched since March) and Dee (touched October 2025) are overdue.
    assert stats["on_time"] == {"inner": 0.5, "middle": 1.0, "outer": 0.5}
    activity = {row["month"]: row["interactions"] for row in stats["activity"]}
    assert (min(activity), max(activity), len(activity)) == ("2025-12", "2026-11", 12)
    assert {m: n for m, n in activity.items() if n} == {"2026-10": 1, "2026-11": 2}
    growth = {row["month"]: row["added"] for row in stats["growth"]}
    assert {m: n for m, n in growth.items() if n} == {"2026-01": 1, "2026-03": 2, "2026-11": 2}
    assert stats["balance"]["start"] == "2026-08-29"
    assert stats["balance"]["none"] == 3
    assert stats["follow_up"] == {"due": 2, "done_on_time": 1, "rate": 0.5}
    assert stats["promises"] == {"made": 3, "kept": 2, "kept_on_time": 1, "rate": 0.333}
    assert stats["diversity"] == {
        "companies": 2,
        "locations": 2,
        "top_companies": [{"company": "Acme", "contacts": 2}, {"company": "Globex", "contacts": 1}],
        "by_company": {"groups": 2, "known": 3, "largest": "Acme", "largest_share": 0.667},
        "by_location": {"groups": 2, "known": 2, "largest": "Berlin", "largest_share": 0.5},
        "by_timezone": {"groups": 0, "known": 0, "largest": None, "largest_share": None},
        "by_tag": {"groups": 0, "known": 0, "largest": None, "largest_share": None},
    }
    # Ada's promise kept on time, Bob's a week late, Cy's still open past its day.
    assert stats["reliability"] == {
        "promises": 3,
        "kept_on_time": 1,
        "kept_late": 1,
        "open_past_due": 1,
        "broken": 2,
        "rate": 0.333,
    }
    text = netcrm("stats").stdout
    assert "inner   2         5-10   under  50%" in text
    assert "Interactions per month:\n" in text
    assert f"  Oct 2026  {'#' * 20} 1\n" in text and f"  Nov 2026  {'#' * 40} 2\n" in text
    assert "Distinct companies: 2, locations: 2; most contacts at: Acme (2), Globex (1)" in text


def test_stats_as_of_and_empty(netcrm: Netcrm) -> None:
    empty: Any = netcrm.json("stats", "--as-of", "2026-02-10")
    assert empty["on_time"] == {"inner": None, "middle": None, "outer": None}
    assert [row["month"] for row in empty["activity"]][-1] == "2026-02"
    assert empty["follow_up"] == {"due": 0, "done_on_time": 0, "rate": None}


def test_stats_promises_as_of_ignore_later_keeping(netcrm: Netcrm) -> None:
    netcrm("add", "Ada")
    netcrm("log", "ada", "call", "--date", "2026-11-01", "--promise", "p")  # due 3 November
    netcrm("kept", "1", "--date", "2026-11-02")
    figures: Any = netcrm.json("stats", "--as-of", "2026-11-01")
    assert figures["promises"] == {"made": 1, "kept": 0, "kept_on_time": 0, "rate": 0.0}
    figures = netcrm.json("stats", "--as-of", "2026-11-02")
    assert figures["promises"] == {"made": 1, "kept": 1, "kept_on_time": 1, "rate": 1.0}


def test_stats_count_only_active_contacts_except_growth(netcrm: Netcrm) -> None:
    netcrm("add", "Ada")
    netcrm("add", "Zed", "--met", "2026-11-20 19:00", "--follow-up")  # steps due 21st, 22nd
    netcrm("log", "ada", "x", "--date", "2026-11-05", "--give")
    netcrm("log", "zed", "x", "--date", "2026-11-10", "--ask")
    netcrm("log", "zed", "y", "--date", "2026-11-11", "--ask", "--promise", "p")
    netcrm("archive", "zed")
    stats: Any = netcrm.json("stats")
    assert stats["activity"][-1] == {"month": "2026-11", "interactions": 1}
    assert stats["growth"][-1] == {"month": "2026-11", "added": 2}  # growth counts Zed
    ledger = stats["balance"]
    assert (ledger["give"], ledger["ask"], ledger["askers"]) == (1, 0, [])
    assert stats["promises"]["made"] == 0
    assert stats["follow_up"]["due"] == 0
    # The balance command itself still counts everyone.
    assert netcrm.json("balance")["ask"] == 2  # type: ignore[index]


def test_stats_follow_up_leaves_steps_due_on_as_of_open_until_done(
    netcrm: Netcrm, monkeypatch: pytest.MonkeyPatch
) -> None:
    netcrm("add", "Fay", "--met", "2026-11-25 09:00", "--follow-up")  # connect due 26th 09:00
    netcrm("add", "Gil", "--met", "2026-11-25 10:00", "--follow-up")  # connect due 26th 10:00
    # As of the 26th neither connect step is missed yet: the day is not over.
    assert netcrm.json("stats")["follow_up"] == {  # type: ignore[index]
        "due": 0,
        "done_on_time": 0,
        "rate": None,
    }
    monkeypatch.setenv("NETCRM_NOW", "2026-11-26T12:00:00")
    netcrm("done", "gil", "connect")  # done on its day: counts, on time
    assert netcrm.json("stats")["follow_up"] == {  # type: ignore[index]
        "due": 1,
        "done_on_time": 1,
        "rate": 1.0,
    }
    # The next day Fay's open connect step is missed.
    late: Any = netcrm.json("stats", "--as-of", "2026-11-27")
    assert late["follow_up"] == {"due": 2, "done_on_time": 1, "rate": 0.5}


def test_the_90_day_window_is_one_constant(netcrm: Netcrm, monkeypatch: pytest.MonkeyPatch) -> None:
    from netcrm.services.reports import ledger

    assert f"[default: {ledger.DEFAULT_DAYS}]" in netcrm("balance", "--help").stdout
    monkeypatch.setattr(ledger, "DEFAULT_DAYS", 30)  # the CLI and stats follow the service
    assert netcrm.json("balance")["start"] == "2026-10-28"  # type: ignore[index]
    stats: Any = netcrm.json("stats")
    assert stats["balance"]["start"] == "2026-10-28"
