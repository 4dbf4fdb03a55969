"""End to end: log, done, due, and how every error is reported.

Each test gets a fresh database, on each back end, and now fixed at 2026-11-26 08:00.
"""

import pytest

from conftest import Netcrm
from helpers import add, due, names, refused, show, steps

DUE_KEYS = {"contact_id", "name", "circle", "kind", "step", "due", "overdue_days", "reason"}
CHANNELS = ["coffee", "call", "email", "linkedin", "message", "meeting", "event", "other"]


def touched(netcrm: Netcrm, name: str, on: str, *options: str) -> None:
    """Add a contact and log one touch on the given day."""
    add(netcrm, name, *options)
    netcrm("log", name, "touch", "--date", on)


def interactions(netcrm: Netcrm, ref: str = "1") -> list[tuple[str, str | None, str, str]]:
    """(date, time, channel, summary) of a contact's interactions, newest first."""
    rows = show(netcrm, ref)["interactions"]
    return [(row["date"], row["time"], row["channel"], row["summary"]) for row in rows]


def open_steps(netcrm: Netcrm, ref: str = "1") -> list[str]:
    """The 24-48-7 steps still open for a contact."""
    return [step["step"] for step in show(netcrm, ref)["follow_ups"] if not step["done"]]


# --- log -----------------------------------------------------------------------------------


def test_log_defaults_to_now_and_says_what_it_stored(netcrm: Netcrm) -> None:
    add(netcrm, "Ada Lovelace")
    result = netcrm("log", "ada", "coffee chat", "--channel", "coffee")
    # A timed touch is reported with its time: what was stored, to the minute.
    assert result.stdout == "logged coffee with #1 Ada Lovelace on 26 Nov 2026 08:00\n"
    assert interactions(netcrm) == [("2026-11-26", "08:00", "coffee", "coffee chat")]


def test_log_default_channel_is_other(netcrm: Netcrm) -> None:
    add(netcrm, "Ada")
    netcrm("log", "ada", "hi")
    assert interactions(netcrm)[0][2] == "other"


def test_log_summary_from_stdin(netcrm: Netcrm) -> None:
    add(netcrm, "Ada")
    netcrm("log", "ada", "-", input="long notes\nfrom the meeting\n")
    assert interactions(netcrm)[0][3] == "long notes\nfrom the meeting"


@pytest.mark.parametrize(
    ("summary", "stored"),
    [
        ("yesterday: coffee, talked hiring", ("2026-11-25", None, "coffee, talked hiring")),
        ("2026-11-20 19:00: dinner", ("2026-11-20", "19:00", "dinner")),
        ("3d ago: call", ("2026-11-23", None, "call")),
        ("note: not a date", ("2026-11-26", "08:00", "note: not a date")),
    ],
)
def test_log_takes_its_date_from_a_summary_prefix(
    netcrm: Netcrm, summary: str, stored: tuple[str, str | None, str]
) -> None:
    add(netcrm, "Ada")
    netcrm("log", "ada", summary)
    day, time, _, text = interactions(netcrm)[0]
    assert (day, time, text) == stored


def test_log_date_option_wins_over_a_prefix(netcrm: Netcrm) -> None:
    add(netcrm, "Ada")
    netcrm("log", "ada", "yesterday: coffee", "--date", "2026-11-20")
    assert interactions(netcrm) == [("2026-11-20", None, "other", "yesterday: coffee")]


@pytest.mark.parametrize(
    ("options", "word"),
    [
        (["--date", "tomorrow"], "future"),
        (["--date", "2026-11-26 09:00"], "future"),
        (["--date", "in 2w"], "future"),
        (["--date", "someday"], "YYYY-MM-DD"),
        (["--date", "2026-02-30"], "does not exist"),
        (["--channel", "fax"], ", ".join(CHANNELS)),
        (["--value", "take"], "give, share, ask"),
        (["--give", "--ask"], "one value"),
        (["--value", "share", "--give"], "one value"),
        (["--step", "later"], "connect, resources, schedule"),
    ],
)
def test_log_refusals(netcrm: Netcrm, options: list[str], word: str) -> None:
    add(netcrm, "Ada", "--met", "yesterday")
    assert word in refused(netcrm, "log", "ada", "x", *options)


def test_log_refuses_a_future_prefix(netcrm: Netcrm) -> None:
    add(netcrm, "Ada")
    assert "future" in refused(netcrm, "log", "ada", "tomorrow: dinner")


@pytest.mark.parametrize("channel", CHANNELS)
def test_log_channels(netcrm: Netcrm, channel: str) -> None:
    add(netcrm, "Ada")
    netcrm("log", "ada", "x", "--channel", channel.upper())
    assert interactions(netcrm)[0][2] == channel


@pytest.mark.parametrize(
    ("options", "value"),
    [
        (["--value", "give"], "give"),
        (["--value", "share"], "share"),
        (["--value", "ask"], "ask"),
        (["--give"], "give"),
        (["--share"], "share"),
        (["--ask"], "ask"),
        (["--value", "ask", "--ask"], "ask"),
        ([], None),
    ],
)
def test_log_value(netcrm: Netcrm, options: list[str], value: str | None) -> None:
    add(netcrm, "Ada")
    netcrm("log", "ada", "x", *options)
    assert show(netcrm, "ada")["interactions"][0]["value"] == value


def test_log_completes_the_earliest_open_step_and_says_so(netcrm: Netcrm) -> None:
    add(netcrm, "Grace", "--met", "yesterday")
    result = netcrm("log", "grace", "sent a request", "--channel", "linkedin")
    assert result.stdout.splitlines()[-1] == "24-48-7: connect done"
    assert open_steps(netcrm) == ["resources", "schedule"]
    netcrm("log", "grace", "sent the deck")
    assert open_steps(netcrm) == ["schedule"]


def test_log_step_completes_the_named_step(netcrm: Netcrm) -> None:
    add(netcrm, "Grace", "--met", "yesterday")
    result = netcrm("log", "grace", "booked lunch", "--step", "schedule")
    assert "24-48-7: schedule done" in result.stdout
    assert open_steps(netcrm) == ["connect", "resources"]
    assert "connect, resources" in refused(netcrm, "log", "grace", "again", "--step", "schedule")


def test_log_without_open_steps_says_nothing_about_them(netcrm: Netcrm) -> None:
    add(netcrm, "Ada")
    assert "24-48-7" not in netcrm("log", "ada", "x").stdout
    assert "no open 24-48-7 steps" in refused(netcrm, "log", "ada", "x", "--step", "connect")


# --- done ----------------------------------------------------------------------------------


def test_done_ticks_the_earliest_step_without_logging(netcrm: Netcrm) -> None:
    add(netcrm, "Grace", "--met", "yesterday")
    assert netcrm("done", "grace").stdout == "24-48-7: connect done for #1 Grace\n"
    assert open_steps(netcrm) == ["resources", "schedule"]
    assert show(netcrm, "grace")["interactions"] == []


def test_done_named_step(netcrm: Netcrm) -> None:
    add(netcrm, "Grace", "--met", "yesterday")
    netcrm("done", "grace", "resources")
    assert open_steps(netcrm) == ["connect", "schedule"]
    assert "connect, schedule" in refused(netcrm, "done", "grace", "resources")
    assert "connect, resources, schedule" in refused(netcrm, "done", "grace", "soon")


def test_done_with_no_open_step_fails(netcrm: Netcrm) -> None:
    add(netcrm, "Ada")
    assert "no open 24-48-7 steps" in refused(netcrm, "done", "ada")


# --- due: what is due, and when ------------------------------------------------------------


def test_due_json_keys_and_types(netcrm: Netcrm) -> None:
    touched(netcrm, "Ada", "2026-10-01", "--circle", "inner")
    add(netcrm, "Grace", "--met", "yesterday")
    items = due(netcrm)
    assert [set(item) for item in items] == [DUE_KEYS, DUE_KEYS]
    grace, ada = items
    assert grace == {
        "contact_id": 2,
        "name": "Grace",
        "circle": "outer",
        "kind": "follow_up",
        "step": "connect",
        "due": "2026-11-26",
        "overdue_days": 0,
        "reason": grace["reason"],
    }
    assert "24-48-7" in grace["reason"]
    assert (ada["kind"], ada["step"], ada["due"], ada["overdue_days"]) == (
        "cadence",
        None,
        "2026-11-01",
        25,
    )
    assert ada["reason"] == "inner circle: last touch 2026-10-01, due monthly"


def test_due_cadence_of_an_untouched_contact_counts_from_added_not_met(netcrm: Netcrm) -> None:
    # Issue 10: met in 2025 and added today is not a year and a half late today.
    add(netcrm, "Met", "--met", "2025-06-15", "--circle", "middle")
    add(netcrm, "Added", "--circle", "middle")
    assert due(netcrm) == []
    items = {item["name"]: item for item in due(netcrm, "--as-of", "2027-12-31")}
    assert items["Met"]["due"] == "2027-02-26"
    assert items["Met"]["reason"] == "middle circle: added 2026-11-26, due quarterly"
    assert items["Added"]["due"] == "2027-02-26"
    assert items["Added"]["reason"] == "middle circle: added 2026-11-26, due quarterly"


def test_due_own_cadence_overrides_the_circle(netcrm: Netcrm) -> None:
    add(netcrm, "Ada", "--circle", "outer", "--every", "2w")
    [ada] = due(netcrm, "--as-of", "2026-12-10")
    assert (ada["due"], ada["overdue_days"]) == ("2026-12-10", 0)
    assert "every 2w" in ada["reason"]


def test_due_calendar_months_clamp_to_month_end(netcrm: Netcrm) -> None:
    touched(netcrm, "Ada", "2026-01-31", "--circle", "inner")
    assert due(netcrm, "--as-of", "2026-02-27") == []
    assert [item["due"] for item in due(netcrm, "--as-of", "2026-02-28")] == ["2026-02-28"]


def test_due_steps_replace_the_cadence_until_all_are_done(netcrm: Netcrm) -> None:
    add(netcrm, "Grace", "--circle", "inner", "--met", "2026-11-20 19:00")
    as_of = ("--as-of", "2027-06-01")
    assert steps(due(netcrm, *as_of)) == [
        ("follow_up", "connect", "2026-11-21"),
        ("follow_up", "resources", "2026-11-22"),
        ("follow_up", "schedule", "2026-11-27"),
    ]
    for day in ("2026-11-21", "2026-11-22", "2026-11-24"):
        netcrm("log", "grace", "step", "--date", day)
    # All done: the monthly cadence counts from the latest interaction.
    assert steps(due(netcrm, *as_of)) == [("cadence", None, "2026-12-24")]


def test_due_as_of_and_within(netcrm: Netcrm) -> None:
    touched(netcrm, "Ada", "2026-10-01", "--circle", "inner")
    assert due(netcrm, "--as-of", "2026-10-31") == []
    assert [i["overdue_days"] for i in due(netcrm, "--as-of", "2026-11-01")] == [0]
    assert due(netcrm, "--as-of", "2026-10-25", "--within", "6") == []
    assert [i["overdue_days"] for i in due(netcrm, "--as-of", "2026-10-25", "-w", "7")] == [-7]
    assert [i["overdue_days"] for i in due(netcrm, "--as-of", "yesterday")] == [24]


def test_due_circle_filter(netcrm: Netcrm) -> None:
    for circle in ("inner", "middle", "outer"):
        add(netcrm, circle.title(), "--circle", circle)
    as_of = ("--as-of", "2030-01-01")
    assert names(due(netcrm, *as_of, "--circle", "middle")) == ["Middle"]
    assert "inner, middle, outer" in refused(netcrm, "due", "--circle", "close")


def test_due_limit(netcrm: Netcrm) -> None:
    for name in ("A", "B", "C"):
        add(netcrm, name)
    as_of = ("--as-of", "2030-01-01")
    assert names(due(netcrm, *as_of, "--limit", "2")) == ["A", "B"]
    assert names(due(netcrm, *as_of, "-n", "5")) == ["A", "B", "C"]
    assert ">= 1" in refused(netcrm, "due", "--limit", "0")


def test_due_within_is_bounded(netcrm: Netcrm) -> None:
    add(netcrm, "Ada")
    assert names(due(netcrm, "--within", "36500")) == ["Ada"]
    assert "from 0 to 36500" in refused(netcrm, "due", "--within", "99999999")


def test_dates_near_the_calendar_end_are_refused(netcrm: Netcrm) -> None:
    add(netcrm, "Ada")
    assert "out of range" in refused(netcrm, "due", "--as-of", "9999-12-31", "--within", "1")


def test_due_refuses_bad_numbers_and_dates(netcrm: Netcrm) -> None:
    add(netcrm, "Ada")
    assert "from 0 to 36500" in refused(netcrm, "due", "--within", "-1")
    assert "YYYY-MM-DD" in refused(netcrm, "due", "--as-of", "the day after")


def test_archived_is_never_due(netcrm: Netcrm) -> None:
    add(netcrm, "Ada", "--met", "yesterday")
    add(netcrm, "Bob")
    netcrm("archive", "ada")
    assert names(due(netcrm, "--as-of", "2040-01-01")) == ["Bob"]


def test_snoozed_is_hidden_until_its_day_then_keeps_its_due_date(netcrm: Netcrm) -> None:
    touched(netcrm, "Ada", "2026-10-01", "--circle", "inner")
    netcrm("snooze", "ada", "--until", "2026-12-05")
    assert due(netcrm, "--as-of", "2026-12-04") == []
    [ada] = due(netcrm, "--as-of", "2026-12-05")
    assert (ada["due"], ada["overdue_days"]) == ("2026-11-01", 34)


def test_due_urgency_order(netcrm: Netcrm) -> None:
    as_of = "2026-11-26"
    # Each cadence contact is exactly a week late; names are chosen against alphabetical order.
    touched(netcrm, "Aaron yearly outer", "2025-11-19")
    touched(netcrm, "Zed monthly outer", "2026-10-19", "--every", "1m")
    touched(netcrm, "Yan monthly middle", "2026-10-19", "--circle", "middle", "--every", "1m")
    touched(netcrm, "Xia monthly inner", "2026-10-19", "--circle", "inner")
    touched(netcrm, "Wes monthly inner", "2026-10-19", "--circle", "inner")
    # A step due today outranks any late cadence.
    add(netcrm, "Zoe follow-up", "--met", "yesterday")
    assert names(due(netcrm, "--as-of", as_of)) == [
        "Zoe follow-up",
        "Wes monthly inner",  # ties by name
        "Xia monthly inner",
        "Yan monthly middle",  # same share: inner before middle before outer
        "Zed monthly outer",
        "Aaron yearly outer",  # a week late on a yearly cadence matters least
    ]


# --- due: what it prints and how it exits --------------------------------------------------


def test_due_text_table(netcrm: Netcrm) -> None:
    touched(netcrm, "Ada Lovelace", "2026-10-01", "--circle", "inner")
    text = netcrm("due").stdout
    assert "Ada Lovelace" in text and "25d late" in text and "due monthly" in text
    assert "\x1b[" not in text


def test_due_on_an_empty_database_says_how_to_add(netcrm: Netcrm) -> None:
    assert "netcrm add" in netcrm("due").stdout


def test_due_with_nothing_due_prints_a_friendly_line(netcrm: Netcrm) -> None:
    add(netcrm, "Ada")
    text = netcrm("due").stdout
    assert text.strip() and text.count("\n") == 1 and "netcrm add" not in text


@pytest.mark.parametrize("flag", ["-q", "--quiet"])
def test_due_quiet_prints_nothing_when_nothing_is_due(netcrm: Netcrm, flag: str) -> None:
    result = netcrm("due", flag)
    assert (result.stdout, result.stderr) == ("", "")
    add(netcrm, "Ada")
    result = netcrm("due", flag)
    assert (result.stdout, result.stderr) == ("", "")
    assert "Ada" in netcrm("due", flag, "--as-of", "2030-01-01").stdout


def test_due_exit_code(netcrm: Netcrm) -> None:
    add(netcrm, "Ada")
    netcrm("due", "--exit-code", code=0)
    netcrm("due", "--exit-code", "--as-of", "2030-01-01", code=1)
    netcrm("due", "--as-of", "2030-01-01", code=0)
    assert netcrm("due", "--exit-code", "--quiet", code=0).stdout == ""


# --- errors in general ---------------------------------------------------------------------


@pytest.mark.parametrize(
    "args",
    [
        ["due", "--no-such-option"],
        ["add"],
        ["due", "--within", "soon"],
        ["no-such-command"],
    ],
)
def test_usage_errors_exit_2(netcrm: Netcrm, args: list[str]) -> None:
    result = netcrm(*args, code=2)
    assert "Traceback" not in result.stdout + result.stderr


def test_log_dates_as_people_say_them(netcrm: Netcrm) -> None:
    add(netcrm, "Ada")
    out = netcrm("log", "ada", "lunch", "--date", "yesterday 13:00").stdout
    assert out == "logged other with #1 Ada on 25 Nov 2026 13:00\n"
    netcrm("log", "ada", "friday: coffee")  # NOW is Thursday: the Friday just gone
    netcrm("log", "ada", "call", "--date", "monday")
    rows = show(netcrm, "ada")["interactions"]
    assert [(row["date"], row["time"], row["summary"]) for row in rows] == [
        ("2026-11-25", "13:00", "lunch"),
        ("2026-11-23", None, "call"),
        ("2026-11-20", None, "coffee"),
    ]
    assert netcrm("log", "ada", "plain", "--date", "2026-11-01").stdout == (
        "logged other with #1 Ada on 1 Nov 2026\n"
    )


def test_birthdays_are_in_due_on_the_day_with_the_age(
    netcrm: Netcrm, monkeypatch: pytest.MonkeyPatch
) -> None:
    add(netcrm, "Ada", "--birthday", "1989-12-03")
    add(netcrm, "Bob", "--birthday", "12-01")
    assert [i for i in due(netcrm) if i["kind"] == "birthday"] == []
    ahead = [(i["name"], i["due"], i["reason"]) for i in due(netcrm, "--within", "7")]
    assert ahead == [("Bob", "2026-12-01", "birthday"), ("Ada", "2026-12-03", "birthday: turns 37")]
    [ada] = [i for i in due(netcrm, "--as-of", "2026-12-03") if i["name"] == "Ada"]
    assert (ada["kind"], ada["overdue_days"], ada["step"]) == ("birthday", 0, None)
    # A touch on the day answers it; next year's comes next.
    netcrm("log", "ada", "happy birthday!", "--date", "2026-11-26")
    monkeypatch.setenv("NETCRM_NOW", "2026-12-03T09:00:00")
    netcrm("log", "ada", "happy birthday!")
    assert [i for i in due(netcrm, "--as-of", "2026-12-04") if i["name"] == "Ada"] == []
    assert show(netcrm, "ada")["next_due_reason"] == "birthday: turns 38"


def test_the_collector_is_off_while_the_due_list_is_built_and_back_after(
    netcrm: Netcrm, monkeypatch: pytest.MonkeyPatch
) -> None:
    import gc

    from netcrm.services.daily import due as service

    seen: list[bool] = []
    real = service.due_items

    def due_items(*args: object, **kwargs: object) -> object:
        seen.append(gc.isenabled())
        return real(*args, **kwargs)  # type: ignore[arg-type]

    monkeypatch.setattr(service, "due_items", due_items)
    add(netcrm, "Ada Lovelace", "--circle", "inner")
    assert gc.isenabled()
    assert "Ada Lovelace" in names(due(netcrm, "--within", "60"))
    assert seen == [False] and gc.isenabled()
    refused(netcrm, "due", "--within", "-1")  # a user error on the way out too
    assert gc.isenabled()
