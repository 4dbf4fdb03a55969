"""`plan` on hand-built networks whose right answers are worked out here."""

from pathlib import Path
from typing import Any

import pytest

from conftest import Netcrm
from helpers import refused


@pytest.fixture
def clock(monkeypatch: pytest.MonkeyPatch):  # type: ignore[no-untyped-def]
    """Set the CLI's "now" for the commands that follow (contacts are added at that moment)."""

    def set_now(moment: str) -> None:
        monkeypatch.setenv("NETCRM_NOW", moment)

    return set_now


def items(netcrm: Netcrm, *args: str) -> dict[str, Any]:
    plan: Any = netcrm.json("plan", *args)
    return {item["kind"]: item for item in plan["items"]}


def test_week_plan_picks_dormant_coffee_and_follow_through(netcrm: Netcrm, clock: Any) -> None:
    clock("2025-01-01T09:00:00")
    for name, circle in [
        ("Ada Inner", "inner"),
        ("Bob Middle", "middle"),
        ("Cy Outer", "outer"),
        ("Dee Inner", "inner"),
        ("Eve Middle", "middle"),
    ]:
        netcrm("add", name, "--circle", circle)
    clock("2026-11-26T08:00:00")
    netcrm("log", "ada", "x", "--date", "2026-07-01")  # 103 days before Monday 12 Oct: dormant
    netcrm("log", "bob", "x", "--date", "2026-03-01")  # 225 days > twice 90: dormant
    netcrm("log", "cy", "x", "--date", "2023-01-01")  # years: dormant
    netcrm("log", "dee", "x", "--date", "2026-10-01")  # fresh
    clock("2026-09-01T09:00:00")
    netcrm("promise", "ada", "old promise")  # due 3 September, still open: carried into the week
    clock("2026-10-11T20:00:00")
    netcrm("add", "Fay Outer", "--met", "2026-10-11 19:00", "--follow-up")  # 3 steps
    clock("2026-11-26T08:00:00")
    netcrm("intro", "dee", "eve", "--date", "2026-10-05")  # follow-ups due 12 October
    netcrm("log", "eve", "call", "--date", "2026-10-12", "--promise", "send deck")  # due 14th
    netcrm("kept", "2", "--date", "2026-10-14")
    netcrm("log", "cy", "hello again", "--date", "2026-10-13")  # a dormant one touched
    netcrm("log", "dee", "coffee", "--date", "2026-10-14", "--channel", "coffee")
    netcrm("log", "fay", "connected", "--date", "2026-10-12 21:00")  # completes connect
    netcrm("log", "bob", "coffee", "--date", "2026-10-20", "--channel", "coffee")  # after as-of

    plan: Any = netcrm.json("plan", "week", "--as-of", "2026-10-15")
    assert (plan["period"], plan["start"], plan["end"]) == ("week", "2026-10-12", "2026-10-18")
    found = {item["kind"]: item for item in plan["items"]}
    assert list(found) == ["reconnect_dormant", "schedule_coffee", "follow_through"]
    # Inner before middle before outer: Ada, Bob, Cy; Cy was touched on the 13th.
    assert found["reconnect_dormant"] == {
        "kind": "reconnect_dormant",
        "text": "Reconnect with 3 dormant contacts: Ada Inner, Bob Middle, Cy Outer",
        "contact_ids": [1, 2, 3],
        "target": 3,
        "progress": 1,
        "done": False,
    }
    # On Monday Bob was 133 days overdue, Ada 72; the coffee with Dee counts as progress.
    coffee = found["schedule_coffee"]
    assert (coffee["contact_ids"], coffee["progress"], coffee["done"]) == ([2], 1, True)
    # Owed: Ada's old promise, Eve's promise (kept), both intro follow-ups (Dee touched
    # on the 14th, Eve on the 12th), Fay's three steps (connect done): 7, of which 4 done.
    follow = found["follow_through"]
    assert (follow["target"], follow["progress"], follow["done"]) == (7, 4, False)
    assert sorted(follow["contact_ids"]) == [1, 4, 5, 6]

    # Later in the week the same people are named and Bob's coffee now counts.
    later = items(netcrm, "week", "--as-of", "2026-10-18")
    assert later["reconnect_dormant"]["contact_ids"] == [1, 2, 3]
    assert later["schedule_coffee"]["progress"] == 1  # the 20th is after the week
    text = netcrm("plan", "--as-of", "2026-10-15").stdout
    assert "Plan for the week 12 Oct 2026 to 18 Oct 2026" in text
    assert "[x]   1/1  Schedule 1 coffee or meeting: Bob Middle" in text
    assert "Ada Inner: promise: old promise (due 3 Sep 2026)" in text


def test_follow_through_leaves_out_contacts_archived_before_the_week(
    netcrm: Netcrm, clock: Any
) -> None:
    clock("2026-10-01T09:00:00")
    for name in ("Ada", "Gone Grace", "Late Lee"):
        netcrm("add", name)
    clock("2026-10-05T12:00:00")
    netcrm("intro", "ada", "grace", "--date", "2026-10-05")  # follow-ups due 12 October
    netcrm("intro", "lee", "grace", "--date", "2026-10-05")
    netcrm("promise", "grace", "send the deck", "--by", "2026-10-13")
    clock("2026-10-08T12:00:00")
    netcrm("archive", "grace")  # before the week of 12 October began
    clock("2026-10-13T12:00:00")
    netcrm("archive", "lee")  # during the week: still owed
    follow = items(netcrm, "week", "--as-of", "2026-10-14")["follow_through"]
    # Ada's and Lee's intro follow-ups only: nothing of Grace's, intro or promise.
    assert (follow["contact_ids"], follow["target"]) == ([1, 3], 2)


def test_month_plan_suggests_introductions_and_counts(netcrm: Netcrm, clock: Any) -> None:
    clock("2025-01-01T09:00:00")
    netcrm("add", "Ada", "--circle", "inner", "--can-help", "compilers, funding",
           "--birthday", "10-25")  # fmt: skip
    netcrm("add", "Bob", "--circle", "middle", "--they-help", "funding and compilers")
    netcrm("add", "Cy", "--circle", "middle", "--interests", "chess")
    netcrm("add", "Dee", "--circle", "middle", "--role", "chess coach")
    netcrm("add", "Eve", "--circle", "outer", "--they-help", "compilers funding")  # outer: no
    clock("2026-11-26T08:00:00")
    netcrm("intro", "cy", "dee", "--date", "2026-10-10")  # two gives, counted as progress
    netcrm("log", "bob", "article", "--date", "2026-10-03", "--share")
    netcrm("log", "eve", "tool", "--date", "2026-10-04", "--share")
    netcrm("log", "eve", "old", "--date", "2026-09-30", "--share")  # September: not counted
    netcrm("log", "ada", "meetup", "--date", "2026-10-08", "--channel", "event")
    netcrm("log", "bob", "favour", "--date", "2026-10-09", "--ask")

    found = items(netcrm, "month", "--as-of", "2026-10-20")
    assert list(found) == [
        "introductions",
        "share_resources",
        "attend_event",
        "balance",
        "birthdays",
    ]
    intro = found["introductions"]
    assert (
        intro["text"] == "Make 2 introductions: Ada to Bob (compilers, funding); Cy to Dee (chess)"
    )
    assert (intro["contact_ids"], intro["target"], intro["progress"]) == ([1, 2, 3, 4], 2, 1)
    assert (found["share_resources"]["progress"], found["share_resources"]["target"]) == (2, 5)
    assert found["attend_event"]["done"] is True
    # October: gives 2 (the intro), shares 2, ask 1 = 40/40/20: not on target.
    balance = found["balance"]
    assert balance["target"] is None
    assert (balance["progress"], balance["done"]) == (5, False)
    assert "give 40%/share 40%/ask 20%" in balance["text"]
    birthdays = found["birthdays"]
    assert (birthdays["contact_ids"], birthdays["target"], birthdays["progress"]) == ([1], 1, 1)
    markdown = netcrm("plan", "month", "--as-of", "2026-10-20", "--markdown").stdout
    assert markdown.startswith("## Networking plan: month of 1 Oct 2026\n")
    assert "- [x] Attend 1 event and log who you met with --channel event (1/1)" in markdown
    assert "  - Ada needs, Bob offers: compilers, funding" in markdown


def test_quarter_plan_expand_deepen_give_prune(netcrm: Netcrm, clock: Any) -> None:
    clock("2024-01-01T09:00:00")
    netcrm("add", "Old Outer", "--circle", "outer")  # never touched since 2024-01-01
    netcrm("add", "Kept Outer", "--circle", "outer", "--tag", "keep")
    netcrm("add", "Bob Middle", "--circle", "middle")
    netcrm("add", "Cy Middle", "--circle", "middle")
    netcrm("add", "Dee Middle", "--circle", "middle", "--every", "1m")
    clock("2026-11-26T08:00:00")
    for day in ("2026-05-01", "2026-06-01", "2026-07-01"):
        netcrm("log", "bob", "x", "--date", day)
    netcrm("log", "cy", "x", "--date", "2026-09-01")
    netcrm("log", "dee", "x", "--date", "2026-02-01")  # 1 touch in a year on a monthly cadence
    netcrm("log", "cy", "give", "--date", "2026-10-02", "--give")
    netcrm("log", "cy", "again", "--date", "2026-10-20")

    before = items(netcrm, "quarter", "--as-of", "2026-11-25")
    assert before["expand_inner"]["contact_ids"] == [3]  # Bob: 3 touches in six months
    assert before["expand_inner"]["progress"] == 0
    # Touches per touch asked for in the year before October: Dee 1/12.2, Cy 1/4.06, Bob 3/4.06.
    assert before["deepen"]["contact_ids"] == [5, 4, 3]
    assert before["deepen"]["progress"] == 1  # Cy touched twice this quarter
    assert (before["give_first"]["progress"], before["give_first"]["target"]) == (1, 10)
    assert before["prune"]["contact_ids"] == [1]
    assert (before["prune"]["target"], before["prune"]["progress"]) == (1, 0)

    netcrm("edit", "bob", "--circle", "inner")  # on 26 November
    netcrm("archive", "old outer")
    after = items(netcrm, "quarter", "--as-of", "2026-11-26")
    assert (after["expand_inner"]["progress"], after["expand_inner"]["done"]) == (1, True)
    assert after["prune"]["contact_ids"] == [1]  # archived during the quarter: still listed
    assert (after["prune"]["progress"], after["prune"]["done"]) == (1, True)


def test_plan_targets_come_from_config(
    netcrm: Netcrm, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    config = tmp_path / "netcrm.toml"
    config.write_text("[plan]\nschedule_coffee = 2\ngive_first = 4\n")
    monkeypatch.setenv("NETCRM_CONFIG", str(config))
    assert items(netcrm, "week")["schedule_coffee"]["target"] == 2
    assert items(netcrm, "quarter")["give_first"]["target"] == 4


def test_plan_defaults_to_this_week(netcrm: Netcrm) -> None:
    plan: Any = netcrm.json("plan")
    assert (plan["period"], plan["start"], plan["end"]) == ("week", "2026-11-23", "2026-11-29")


def test_plan_errors(netcrm: Netcrm) -> None:
    netcrm("add", "Ada")
    for args, says in [
        (("plan", "fortnight"), "unknown period 'fortnight': use one of week, month, quarter"),
        (("plan", "week", "--json", "--markdown"), "not both"),
        (("plan", "--as-of", "someday"), "cannot read date"),
    ]:
        assert says in refused(netcrm, *args)  # one stderr line, nothing on stdout, no write


def test_the_collector_is_off_while_the_plan_is_built_and_back_as_it_was(
    netcrm: Netcrm, monkeypatch: pytest.MonkeyPatch
) -> None:
    import gc

    from netcrm.services.reports import plan as service

    seen: list[bool] = []
    real = service.build_plan

    def build_plan(data: Any) -> Any:
        seen.append(gc.isenabled())
        return real(data)

    monkeypatch.setattr(service, "build_plan", build_plan)
    netcrm("add", "Ada")
    assert gc.isenabled()
    netcrm("plan", "week")
    assert seen == [False] and gc.isenabled()
    refused(netcrm, "plan", "fortnight")  # a user error on the way out too
    assert gc.isenabled()
    gc.disable()  # off before: stays off
    try:
        netcrm("plan", "month")
        assert seen == [False, False] and not gc.isenabled()
    finally:
        gc.enable()
