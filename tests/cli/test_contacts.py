"""End to end: add, show, list, edit, archive, unarchive, snooze, rm and naming a contact.

Each test gets a fresh database, on each back end, and now fixed at 2026-11-26 08:00.
"""

from typing import Any

import pytest

from conftest import Netcrm
from helpers import FIXTURES, add, due, listed, names, one_line_error, query, refused, show

# Every free-text option of `add` and `edit`, and the `show --json` key it fills.
TEXT_OPTIONS = {
    "--company": "company",
    "--role": "role",
    "--email": "email",
    "--phone": "phone",
    "--linkedin": "linkedin",
    "--location": "location",
    "--how-met": "how_met",
    "--met-at": "met_event",
    "--interests": "interests",
    "--family": "family",
    "--hobbies": "hobbies",
    "--can-help": "can_help",
    "--they-help": "they_help",
    "--notes": "notes",
}
FULL = [
    *[part for flag, key in TEXT_OPTIONS.items() for part in (flag, f"{key} text")],
    *("--circle", "inner", "--timezone", "Europe/London", "--met", "2026-11-20 19:00"),
    *("--birthday", "1815-12-10", "--every", "6w", "--tag", "Math", "--tag", "pioneer"),
]
ATTACHED_TABLES = ("interaction", "follow_up", "contact_tag", "circle_change")


def rows_for(contact_id: int) -> dict[str, int]:
    """How many rows each table holds for one contact (the contact row itself included)."""
    counts = {
        table: query(f"SELECT count(*) FROM {table} WHERE contact_id = :id", id=contact_id)[0][0]
        for table in ATTACHED_TABLES
    }
    counts["contact"] = query("SELECT count(*) FROM contact WHERE id = :id", id=contact_id)[0][0]
    return counts


def open_steps(contact: dict[str, Any]) -> list[tuple[str, str]]:
    """(step, due) of each follow-up step not done yet."""
    return [(step["step"], step["due"]) for step in contact["follow_ups"] if not step["done"]]


# --- add -----------------------------------------------------------------------------------


def test_add_prints_id_and_name(netcrm: Netcrm) -> None:
    assert netcrm("add", "Ada Lovelace").stdout == "added #1 Ada Lovelace\n"
    assert netcrm("add", "Grace Hopper").stdout == "added #2 Grace Hopper\n"


def test_add_stores_every_option(netcrm: Netcrm) -> None:
    ada = add(netcrm, "Ada Lovelace", *FULL)
    assert {key: ada[key] for key in TEXT_OPTIONS.values()} == {
        key: f"{key} text" for key in TEXT_OPTIONS.values()
    }
    assert (ada["id"], ada["name"], ada["circle"]) == (1, "Ada Lovelace", "inner")
    assert (ada["timezone"], ada["met"], ada["birthday"]) == (
        "Europe/London",
        "2026-11-20T19:00",
        "1815-12-10",
    )
    assert (ada["cadence"], ada["tags"]) == ("6w", ["math", "pioneer"])
    assert (ada["created"], ada["archived"], ada["snoozed_until"]) == (
        "2026-11-26T08:00:00",
        False,
        None,
    )


def test_add_json_is_what_show_json_prints(netcrm: Netcrm) -> None:
    ada = add(netcrm, "Ada Lovelace", *FULL)
    assert ada == show(netcrm, "1")


@pytest.mark.parametrize("command", [["add", "Ada Lovelace"], ["edit", "ada", "--role", "CTO"]])
def test_add_and_edit_json_run_in_one_transaction(
    netcrm: Netcrm, monkeypatch: pytest.MonkeyPatch, command: list[str]
) -> None:
    from netcrm.store import db

    if command[0] == "edit":
        netcrm("add", "Ada Lovelace")
    opened: list[bool] = []
    real = db.open_session

    def counting(target: str, *, write: bool, **options: Any) -> Any:
        opened.append(write)
        return real(target, write=write, **options)

    monkeypatch.setattr(db, "open_session", counting)
    printed = netcrm.json(*command)
    assert opened == [True]  # one write session: the profile is read inside it
    assert isinstance(printed, dict) and printed["name"] == "Ada Lovelace"
    assert printed == show(netcrm, "ada")


def test_add_defaults(netcrm: Netcrm) -> None:
    ada = add(netcrm, "Ada Lovelace")
    assert (ada["circle"], ada["tags"], ada["met"], ada["cadence"]) == ("outer", [], None, None)
    assert ada["follow_ups"] == [] and ada["interactions"] == []


def test_add_birthday_without_year(netcrm: Netcrm) -> None:
    assert add(netcrm, "Ada", "--birthday", "12-10")["birthday"] == "--12-10"


def test_add_met_date_only_keeps_no_time(netcrm: Netcrm) -> None:
    assert add(netcrm, "Ada", "--met", "2026-11-20")["met"] == "2026-11-20"


@pytest.mark.parametrize(
    ("options", "words"),
    [
        (["--circle", "close"], ["circle", "inner, middle, outer"]),
        (["--timezone", "Mars/Olympus"], ["time zone", "Mars/Olympus", "IANA"]),
        (["--timezone", "berlin"], ["Europe/Berlin"]),
        (["--met", "tomorrow"], ["future"]),
        (["--met", "soonish"], ["soonish", "YYYY-MM-DD"]),
        (["--birthday", "12/10"], ["birthday", "MM-DD"]),
        (["--every", "3q"], ["cadence", "45d, 2w, 3m or 1y"]),
        (["--every", "0d"], ["cadence"]),
    ],
)
def test_add_refuses_bad_values(netcrm: Netcrm, options: list[str], words: list[str]) -> None:
    add(netcrm, "Somebody")  # the database exists, so "nothing written" is a byte comparison
    line = refused(netcrm, "add", "Ada", *options)
    assert all(word in line for word in words), line
    assert names(listed(netcrm)) == ["Somebody"]


def test_add_refuses_an_empty_name(netcrm: Netcrm) -> None:
    add(netcrm, "Somebody")
    assert "name" in refused(netcrm, "add", "  ")


# --- add: when the 24-48-7 sequence starts -------------------------------------------------


def test_follow_up_steps_fall_due_24h_48h_7d_after_a_timed_meeting(netcrm: Netcrm) -> None:
    grace = add(netcrm, "Grace", "--met", "2026-11-20 19:00", "--follow-up")
    assert open_steps(grace) == [
        ("connect", "2026-11-21"),
        ("resources", "2026-11-22"),
        ("schedule", "2026-11-27"),
    ]


def test_follow_up_steps_for_a_meeting_known_by_its_date(netcrm: Netcrm) -> None:
    grace = add(netcrm, "Grace", "--met", "2026-01-10", "--follow-up")
    assert open_steps(grace) == [
        ("connect", "2026-01-11"),
        ("resources", "2026-01-12"),
        ("schedule", "2026-01-17"),
    ]


def test_follow_up_without_met_counts_from_now(netcrm: Netcrm) -> None:
    grace = add(netcrm, "Grace", "--follow-up")
    assert [due for _, due in open_steps(grace)] == ["2026-11-27", "2026-11-28", "2026-12-03"]


@pytest.mark.parametrize(
    ("met", "started"),
    [("yesterday", True), ("2026-11-19", True), ("2026-11-18", False), ("2025-05-01", False)],
)
def test_follow_up_starts_by_default_when_met_within_the_last_7_days(
    netcrm: Netcrm, met: str, started: bool
) -> None:
    grace = add(netcrm, "Grace", "--met", met)
    assert bool(open_steps(grace)) == started


def test_no_follow_up_without_a_meeting(netcrm: Netcrm) -> None:
    assert open_steps(add(netcrm, "Grace")) == []


def test_no_follow_up_never_starts_it(netcrm: Netcrm) -> None:
    assert open_steps(add(netcrm, "Grace", "--met", "yesterday", "--no-follow-up")) == []


def test_edit_follow_up_restarts_the_sequence_instead_of_doubling_it(netcrm: Netcrm) -> None:
    add(netcrm, "Grace", "--met", "yesterday")
    netcrm("done", "grace")
    netcrm("edit", "grace", "--met", "2026-11-24 18:00", "--follow-up")
    assert open_steps(show(netcrm, "grace")) == [
        ("connect", "2026-11-25"),
        ("resources", "2026-11-26"),
        ("schedule", "2026-12-01"),
    ]
    netcrm("edit", "grace", "--follow-up")
    assert len(open_steps(show(netcrm, "grace"))) == 3


# --- show ----------------------------------------------------------------------------------


def test_show_json_has_every_field_next_due_steps_and_interactions(netcrm: Netcrm) -> None:
    add(netcrm, "Ada Lovelace", *FULL)
    netcrm("log", "ada", "first", "--date", "2026-11-21", "--channel", "email", "--give")
    netcrm("log", "ada", "second", "--date", "2026-11-24 10:00", "--channel", "call")
    ada = show(netcrm, "ada")
    expected_keys = {"id", "name", "circle", *TEXT_OPTIONS.values(), "timezone", "met"}
    expected_keys |= {"birthday", "cadence", "tags", "created", "archived", "snoozed_until"}
    assert expected_keys | {"next_due", "follow_ups", "interactions"} <= set(ada)
    # Two logs completed connect and resources; schedule (met + 7 days) is what is next.
    assert ada["next_due"] == "2026-11-27"
    assert [(s["step"], s["due"], s["done"]) for s in ada["follow_ups"]] == [
        ("connect", "2026-11-21", True),
        ("resources", "2026-11-22", True),
        ("schedule", "2026-11-27", False),
    ]
    assert [
        {key: row[key] for key in ("date", "channel", "value", "summary")}
        for row in ada["interactions"]
    ] == [
        {"date": "2026-11-24", "channel": "call", "value": None, "summary": "second"},
        {"date": "2026-11-21", "channel": "email", "value": "give", "summary": "first"},
    ]
    assert all(isinstance(row["id"], int) for row in ada["interactions"])


def test_show_text_prints_fields_next_due_steps_and_history(netcrm: Netcrm) -> None:
    add(netcrm, "Ada Lovelace", *FULL)
    netcrm("log", "ada", "older touch", "--date", "2026-11-21", "--channel", "email")
    netcrm("log", "ada", "newer touch", "--date", "2026-11-24", "--channel", "call")
    text = netcrm("show", "ada").stdout
    for value in [
        "Ada Lovelace",
        "inner",
        *(f"{key} text" for key in TEXT_OPTIONS.values()),
        "Europe/London",
        "10 Dec",  # text output writes dates as people read them (issue 12)
        "6w",
        "math, pioneer",
        "20 Nov 2026 19:00",
    ]:
        assert value in text, value
    assert "27 Nov 2026" in text and "follow-up meeting" in text  # next due and why
    assert "schedule" in text and "open" in text
    assert text.index("newer touch") < text.index("older touch")
    assert "\x1b[" not in text  # piped: no colour codes


def test_show_cadence_reason(netcrm: Netcrm) -> None:
    add(netcrm, "Ada", "--circle", "inner")
    netcrm("log", "ada", "coffee", "--date", "2026-11-01")
    assert "inner circle: last touch 1 Nov 2026, due monthly" in netcrm("show", "ada").stdout


# --- list ----------------------------------------------------------------------------------


def make_people(netcrm: Netcrm) -> None:
    """Three contacts in three circles, with tags; Bob is archived."""
    add(netcrm, "Carol", "--circle", "inner", "--tag", "python", "--company", "Acme", "--role=CTO")
    add(netcrm, "alice", "--circle", "middle", "--tag", "python")
    add(netcrm, "Bob", "--circle", "outer", "--tag", "golf")
    netcrm("archive", "bob")


def test_list_by_name_without_archived(netcrm: Netcrm) -> None:
    make_people(netcrm)
    assert names(listed(netcrm)) == ["alice", "Carol"]
    text = netcrm("list").stdout
    assert "Bob" not in text and text.index("alice") < text.index("Carol")


def test_list_all_includes_archived(netcrm: Netcrm) -> None:
    make_people(netcrm)
    assert names(listed(netcrm, "--all")) == ["alice", "Bob", "Carol"]
    assert "Bob" in netcrm("list", "--all").stdout


def test_list_filters_by_circle_and_tag(netcrm: Netcrm) -> None:
    make_people(netcrm)
    assert names(listed(netcrm, "--circle", "inner")) == ["Carol"]
    assert names(listed(netcrm, "--tag", "PYTHON")) == ["alice", "Carol"]
    assert names(listed(netcrm, "--tag", "golf")) == []
    assert names(listed(netcrm, "--tag", "golf", "--all")) == ["Bob"]


def test_list_json_keys(netcrm: Netcrm) -> None:
    make_people(netcrm)
    netcrm("log", "carol", "lunch", "--date", "2026-11-02")
    carol = listed(netcrm, "--circle", "inner")[0]
    assert {"id", "name", "circle", "company", "role", "tags"} <= set(carol)
    assert (carol["company"], carol["role"], carol["tags"]) == ("Acme", "CTO", ["python"])
    assert (carol["last_interaction"], carol["next_due"]) == ("2026-11-02", "2026-12-02")
    alice = listed(netcrm, "--circle", "middle")[0]
    assert (alice["last_interaction"], alice["next_due"]) == (None, "2027-02-26")


def test_list_refuses_unknown_circle(netcrm: Netcrm) -> None:
    make_people(netcrm)
    assert "inner, middle, outer" in refused(netcrm, "list", "--circle", "nope")


# --- edit ----------------------------------------------------------------------------------


def test_edit_name(netcrm: Netcrm) -> None:
    add(netcrm, "Ada Byron")
    assert netcrm("edit", "ada", "--name", "Ada Lovelace").stdout == "updated #1 Ada Lovelace\n"
    assert show(netcrm, "1")["name"] == "Ada Lovelace"
    assert "name" in refused(netcrm, "edit", "1", "--name", " ")


@pytest.mark.parametrize(("flag", "key"), TEXT_OPTIONS.items())
def test_edit_sets_and_clears_each_text_field(netcrm: Netcrm, flag: str, key: str) -> None:
    add(netcrm, "Ada", "--company", "Kept")
    edited = netcrm.json("edit", "ada", flag, "new value")  # edit --json prints show --json
    assert isinstance(edited, dict) and edited[key] == "new value"
    assert show(netcrm, "ada")[key] == "new value"
    netcrm("edit", "ada", flag, "")
    ada = show(netcrm, "ada")
    assert ada[key] is None
    assert ada["company"] == ("Kept" if key != "company" else None)


@pytest.mark.parametrize(
    ("flag", "value", "key", "stored"),
    [
        ("--timezone", "Asia/Tokyo", "timezone", "Asia/Tokyo"),
        ("--met", "2026-10-01 18:30", "met", "2026-10-01T18:30"),
        ("--birthday", "03-14", "birthday", "--03-14"),
        ("--every", "2m", "cadence", "2m"),
    ],
)
def test_edit_sets_and_clears_typed_fields(
    netcrm: Netcrm, flag: str, value: str, key: str, stored: str
) -> None:
    add(netcrm, "Ada")
    netcrm("edit", "ada", flag, value)
    assert show(netcrm, "ada")[key] == stored
    netcrm("edit", "ada", flag, "")
    assert show(netcrm, "ada")[key] is None


def test_edit_circle_moves_the_contact_and_its_cadence(netcrm: Netcrm) -> None:
    add(netcrm, "Ada")
    assert show(netcrm, "ada")["next_due"] == "2027-11-26"  # outer: yearly from added
    netcrm("edit", "ada", "--circle", "INNER")
    assert show(netcrm, "ada")["next_due"] == "2026-12-26"  # inner: monthly
    assert names(listed(netcrm, "--circle", "inner")) == ["Ada"]
    moves = query("SELECT old_circle, new_circle FROM circle_change ORDER BY id")
    assert moves == [(None, "outer"), ("outer", "inner")]


def test_edit_refuses_clearing_or_misnaming_the_circle(netcrm: Netcrm) -> None:
    add(netcrm, "Ada")
    assert "inner, middle or outer" in refused(netcrm, "edit", "ada", "--circle", "")
    assert "inner, middle, outer" in refused(netcrm, "edit", "ada", "--circle", "best")


def test_edit_tags(netcrm: Netcrm) -> None:
    add(netcrm, "Ada", "--tag", "one")
    netcrm("edit", "ada", "--tag", "two", "--tag", "three")
    assert show(netcrm, "ada")["tags"] == ["one", "three", "two"]
    netcrm("edit", "ada", "--untag", "three")
    assert show(netcrm, "ada")["tags"] == ["one", "two"]
    netcrm("edit", "ada", "--tag", "")
    assert show(netcrm, "ada")["tags"] == []


def test_edit_refuses_bad_values_and_changes_nothing(netcrm: Netcrm) -> None:
    add(netcrm, "Ada", "--company", "Acme")
    # A good change next to a bad one: the whole command is one transaction.
    refused(netcrm, "edit", "ada", "--company", "Other", "--timezone", "Nowhere/City")
    assert show(netcrm, "ada")["company"] == "Acme"


# --- archive / unarchive -------------------------------------------------------------------


def test_archive_and_unarchive_several_at_once(netcrm: Netcrm) -> None:
    for name in ("Ada", "Bob", "Cy"):
        add(netcrm, name)
    as_of = ("--as-of", "2028-01-01")
    assert netcrm("archive", "ada", "#2").stdout == "archived #1 Ada\narchived #2 Bob\n"
    assert names(due(netcrm, *as_of)) == ["Cy"]
    assert [row["archived"] for row in listed(netcrm, "--all")] == [True, True, False]
    assert netcrm("unarchive", "1", "bob").stdout == "unarchived #1 Ada\nunarchived #2 Bob\n"
    assert names(due(netcrm, *as_of)) == ["Ada", "Bob", "Cy"]


def test_archive_with_one_unknown_contact_archives_none(netcrm: Netcrm) -> None:
    add(netcrm, "Ada")
    assert "nobody" in refused(netcrm, "archive", "ada", "nobody")
    assert listed(netcrm)[0]["archived"] is False


# --- snooze --------------------------------------------------------------------------------


def test_snooze_until_and_clear(netcrm: Netcrm) -> None:
    add(netcrm, "Ada")
    assert netcrm("snooze", "ada", "--until", "in 2w").stdout == (
        "snoozed #1 Ada until 10 Dec 2026\n"
    )
    assert show(netcrm, "ada")["snoozed_until"] == "2026-12-10"
    assert netcrm("snooze", "ada", "--clear").stdout == "#1 Ada is no longer snoozed\n"
    assert show(netcrm, "ada")["snoozed_until"] is None


def test_snooze_does_not_move_the_cadence(netcrm: Netcrm) -> None:
    add(netcrm, "Ada")
    netcrm("snooze", "ada", "--until", "2027-01-15")
    assert show(netcrm, "ada")["next_due"] == "2027-11-26"


@pytest.mark.parametrize(
    "options",
    [
        ["--until", "in 2w", "--clear"],
        [],
        ["--until", "yesterday"],
        ["--until", "today"],
        ["--until", "whenever"],
    ],
)
def test_snooze_refusals(netcrm: Netcrm, options: list[str]) -> None:
    add(netcrm, "Ada")
    refused(netcrm, "snooze", "ada", *options)


# --- rm ------------------------------------------------------------------------------------


def test_rm_yes_deletes_the_contact_and_everything_attached(netcrm: Netcrm) -> None:
    add(netcrm, "Ada", "--met", "yesterday", "--tag", "x")
    add(netcrm, "Bob", "--met", "yesterday", "--tag", "x")
    for who in ("ada", "bob"):
        netcrm("log", who, "coffee")
    assert all(rows_for(1).values())
    assert netcrm("rm", "ada", "--yes").stdout == "deleted #1 Ada\n"
    assert set(rows_for(1).values()) == {0}
    assert all(rows_for(2).values())  # Bob untouched
    netcrm("rm", "bob", "-y")
    assert set(rows_for(2).values()) == {0}


def test_rm_without_yes_and_no_terminal_refuses(netcrm: Netcrm) -> None:
    add(netcrm, "Ada")
    assert "--yes" in refused(netcrm, "rm", "ada")
    assert rows_for(1)["contact"] == 1


@pytest.mark.parametrize(("answer", "code", "left"), [("y\n", 0, 0), ("n\n", 1, 1)])
def test_rm_asks_on_a_terminal(
    netcrm: Netcrm, monkeypatch: pytest.MonkeyPatch, answer: str, code: int, left: int
) -> None:
    from netcrm.cli import common

    add(netcrm, "Ada")
    monkeypatch.setattr(common, "is_interactive", lambda: True)
    result = netcrm("rm", "ada", input=answer, code=code)
    assert "Delete #1 Ada" in result.stdout
    assert rows_for(1)["contact"] == left


# --- naming a contact ----------------------------------------------------------------------


@pytest.fixture
def people(netcrm: Netcrm) -> Netcrm:
    """Ada Lovelace (#1), Ada Byron (#2), Ada (#3) and Grace Hopper (#4)."""
    for name in ("Ada Lovelace", "Ada Byron", "Ada", "Grace Hopper"):
        add(netcrm, name)
    return netcrm


@pytest.mark.parametrize(
    ("ref", "name"),
    [
        ("2", "Ada Byron"),
        ("#2", "Ada Byron"),
        ("grace hopper", "Grace Hopper"),
        ("ADA LOVELACE", "Ada Lovelace"),
        ("ADA", "Ada"),  # a full name wins over the names it is part of
        ("hopp", "Grace Hopper"),
        ("love", "Ada Lovelace"),
        (" byron ", "Ada Byron"),
    ],
)
def test_contact_resolution(people: Netcrm, ref: str, name: str) -> None:
    assert show(people, ref)["name"] == name


def test_several_matches_list_them_with_ids(people: Netcrm) -> None:
    line = refused(people, "show", "ad")
    assert all(part in line for part in ("#1 Ada Lovelace", "#2 Ada Byron", "#3 Ada"))
    assert "Grace" not in line


@pytest.mark.parametrize("typo", ["Grace Hoppr", "GRACE HOPPR", "grace hoper"])
def test_no_match_suggests_close_names_in_any_case(people: Netcrm, typo: str) -> None:
    line = refused(people, "show", typo)
    assert typo in line and "did you mean 'Grace Hopper'" in line


def test_unknown_id(people: Netcrm) -> None:
    assert "#99" in refused(people, "show", "#99")


def test_every_command_resolves_contacts_the_same_way(people: Netcrm) -> None:
    for command in (
        ["log", "nobody", "x"],
        ["done", "nobody"],
        ["show", "nobody"],
        ["edit", "nobody", "--role", "x"],
        ["snooze", "nobody", "--clear"],
        ["archive", "nobody"],
        ["unarchive", "nobody"],
        ["rm", "nobody", "--yes"],
    ):
        assert "no contact matches 'nobody'" in refused(people, *command)


def test_error_line_is_on_stderr_only(people: Netcrm) -> None:
    result = people("show", "nobody", code=1)
    assert result.stdout == ""
    assert one_line_error(result.stderr).startswith("netcrm: ")


def test_snooze_until_a_weekday_or_next_weekday_is_ahead(netcrm: Netcrm) -> None:
    add(netcrm, "Ada")
    # NOW is Thursday 2026-11-26.
    assert netcrm("snooze", "ada", "--until", "friday").stdout == (
        "snoozed #1 Ada until 27 Nov 2026\n"
    )
    assert netcrm("snooze", "ada", "--until", "next thursday").stdout == (
        "snoozed #1 Ada until 3 Dec 2026\n"
    )
    assert netcrm("snooze", "ada", "--until", "eoq").stdout == "snoozed #1 Ada until 31 Dec 2026\n"


def test_met_faces_the_past(netcrm: Netcrm) -> None:
    grace = add(netcrm, "Grace", "--met", "friday 19:00")
    assert grace["met"] == "2026-11-20T19:00"
    assert add(netcrm, "Ada", "--met", "nov 30")["met"] == "2025-11-30"


# --- bringing an existing network in (issue 10) ---------------------------------------------


def test_add_last_touch_is_a_touch_the_cadence_counts_from(netcrm: Netcrm) -> None:
    ada = add(netcrm, "Ada", "--circle", "middle", "--last-touch", "2026-10-01")
    assert (ada["last_interaction"], ada["next_due"]) == ("2026-10-01", "2027-01-01")
    assert ada["next_due_reason"] == "middle circle: last touch 2026-10-01, due quarterly"
    assert [(row["date"], row["channel"], row["summary"]) for row in ada["interactions"]] == [
        ("2026-10-01", "other", "last touch, recorded when added")
    ]
    grace = add(netcrm, "Grace", "--last-touch", "friday 18:30")
    assert [(row["date"], row["time"]) for row in grace["interactions"]] == [
        ("2026-11-20", "18:30")
    ]


def test_add_last_touch_refuses_the_future_and_writes_nothing(netcrm: Netcrm) -> None:
    add(netcrm, "Bob")
    assert "in the future" in refused(netcrm, "add", "Ada", "--last-touch", "tomorrow")
    assert "cannot read date" in refused(netcrm, "add", "Ada", "--last-touch", "someday")
    assert names(listed(netcrm)) == ["Bob"]


def test_add_last_touch_completes_no_24_48_7_step(netcrm: Netcrm) -> None:
    cy = add(netcrm, "Cy", "--met", "yesterday", "--last-touch", "yesterday")
    assert [step["done"] for step in cy["follow_ups"]] == [False, False, False]


# --- one truth about what is due (issue 10) ----------------------------------------------------


def earliest_in_due(netcrm: Netcrm, name: str, *options: str) -> dict[str, Any]:
    """The earliest of a contact's items in `due` (the most urgent among the earliest)."""
    items = [item for item in due(netcrm, "--within", "36500", *options) if item["name"] == name]
    return min(items, key=lambda item: item["due"])  # due lists the most urgent first


@pytest.mark.parametrize(
    ("setup", "kind"),
    [
        (["promise", "ada", "send the slides", "--by", "tomorrow"], "commitment"),
        (["remind", "ada", "call about the move", "--on", "tomorrow"], "reminder"),
        (["remind", "ada", "joined Acme", "--on", "2019-11-28", "--yearly"], "anniversary"),
        (["edit", "ada", "--birthday", "1990-11-29"], "birthday"),
        (["edit", "ada", "--met", "yesterday", "--follow-up"], "follow_up"),
        (["intro", "ada", "bob", "--date", "today"], "intro_follow_up"),
        (["import", "linkedin", str(FIXTURES / "linkedin_moved.csv")], "congratulate"),
        ([], "cadence"),
    ],
)
def test_show_and_list_give_the_earliest_item_due_lists(
    netcrm: Netcrm, setup: list[str], kind: str
) -> None:
    # Ada (from a LinkedIn import), touched yesterday, is next due on her cadence in a month:
    # anything sooner must win, whatever its kind.
    netcrm("import", "linkedin", str(FIXTURES / "linkedin_en.csv"), "--circle", "inner")
    add(netcrm, "Bob")
    netcrm("log", "ada", "coffee", "--date", "yesterday")
    if setup:
        netcrm(*setup)
    expected = earliest_in_due(netcrm, "Ada Lovelace")
    assert expected["kind"] == kind
    profile = show(netcrm, "ada")
    assert (profile["next_due"], profile["next_due_kind"], profile["next_due_reason"]) == (
        expected["due"],
        expected["kind"],
        expected["reason"],
    )
    assert profile["pending"][0] == expected
    [row] = [row for row in listed(netcrm) if row["name"] == "Ada Lovelace"]
    assert (row["next_due"], row["next_due_kind"], row["next_due_reason"]) == (
        expected["due"],
        expected["kind"],
        expected["reason"],
    )


def test_show_lists_open_promises_reminders_and_intro_follow_ups(netcrm: Netcrm) -> None:
    add(netcrm, "Ada Lovelace")
    add(netcrm, "Bob Builder")
    netcrm("promise", "ada", "send the slides", "--by", "friday")
    netcrm("promise", "ada", "old one")
    netcrm("kept", "2")
    netcrm("remind", "ada", "ask about the move", "--on", "dec 3")
    netcrm("intro", "ada", "bob", "--date", "2026-11-20", "--note", "both like compilers")
    profile = show(netcrm, "ada")
    assert [(p["id"], p["text"], p["due"]) for p in profile["promises"]] == [
        (1, "send the slides", "2026-11-27")
    ]
    assert [(r["id"], r["text"], r["on"], r["yearly"]) for r in profile["reminders"]] == [
        (1, "ask about the move", "2026-12-03", False)
    ]
    assert [(i["with_name"], i["follow_up_due"]) for i in profile["intro_follow_ups"]] == [
        ("Bob Builder", "2026-11-27")
    ]
    # Earliest first; on 27 November the promise outranks the introduction follow-up.
    assert [item["kind"] for item in profile["pending"]] == [
        "commitment",
        "intro_follow_up",
        "reminder",
        "cadence",
    ]
    text = netcrm("show", "ada").stdout
    assert "Promises (1 open):" in text and "#1    due 27 Nov 2026 (in 1d)  send the slides" in text
    assert "Reminders (1 open):" in text and "ask about the move" in text
    assert "ask how it went from 27 Nov 2026" in text
    assert "Next due:            27 Nov 2026 (in 1d, commitment): send the slides" in text


def test_lateness_is_said_in_human_units(netcrm: Netcrm) -> None:
    add(netcrm, "Ada", "--circle", "inner", "--last-touch", "2023-05-01")
    add(netcrm, "Bob", "--circle", "inner", "--last-touch", "2026-05-01")
    add(netcrm, "Cy", "--circle", "inner", "--last-touch", "2026-10-10")
    text = netcrm("due").stdout
    assert "3y late" in text and "5mo late" in text and "16d late" in text
    assert sorted(item["overdue_days"] for item in due(netcrm)) == [16, 178, 1274]
    assert "(3y late, cadence)" in netcrm("show", "ada").stdout


@pytest.mark.parametrize(
    "command",
    [["add", "Grace Hopper", "--json"], ["edit", "ada", "--role", "poet", "--json"]],
    ids=["add", "edit"],
)
def test_add_and_edit_json_write_and_show_in_one_transaction(
    netcrm: Netcrm, monkeypatch: pytest.MonkeyPatch, command: list[str]
) -> None:
    """What `--json` prints is read in the transaction that wrote it: one session, not two."""
    import netcrm.store.db as db

    netcrm("add", "Ada Lovelace")
    opened: list[bool] = []
    real = db.open_session

    def counted(target: str, **options: Any) -> Any:
        opened.append(options["write"])
        return real(target, **options)

    monkeypatch.setattr(db, "open_session", counted)
    shown = netcrm.json(*command)
    assert isinstance(shown, dict) and "interactions" in shown
    assert opened == [True]
