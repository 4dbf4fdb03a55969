"""Honest answers about contacts (issue 10, section 7): duplicates refused, accents ignored,
commands that change nothing say so, and 24-48-7 steps follow the meeting."""

from typing import Any

import pytest

from conftest import Netcrm
from helpers import add, due, refused, show, steps

# ---- add refuses a second contact with the same name, email or LinkedIn profile ----------


@pytest.mark.parametrize(
    ("name", "options"),
    [
        ("Ada Lovelace", []),
        ("  ada   LOVELACE ", []),
        ("Ádá Lóvelace", []),
        ("Augusta King", ["--email", "MAILTO:Ada@Example.org "]),
        ("Augusta King", ["--linkedin", "https://de.linkedin.com/in/ada-l/?trk=x"]),
    ],
)
def test_add_refuses_someone_already_there(netcrm: Netcrm, name: str, options: list[str]) -> None:
    add(netcrm, "Ada Lovelace", "--email", "ada@example.org", "--linkedin", "linkedin.com/in/ada-l")
    line = refused(netcrm, "add", name, *options)
    assert "#1 Ada Lovelace" in line and "--force" in line, line


def test_add_force_adds_anyway(netcrm: Netcrm) -> None:
    add(netcrm, "Ada Lovelace", "--email", "ada@example.org")
    twin = add(netcrm, "Ada Lovelace", "--email", "ada@example.org", "--force")
    assert twin["id"] == 2 and [row["name"] for row in netcrm.json("list")] == ["Ada Lovelace"] * 2  # type: ignore[union-attr, index]


def test_add_names_an_archived_namesake_too(netcrm: Netcrm) -> None:
    add(netcrm, "Ada Lovelace")
    netcrm("archive", "ada")
    line = refused(netcrm, "add", "Ada Lovelace")
    assert "#1 Ada Lovelace (archived)" in line and "netcrm unarchive 1" in line


def test_a_different_person_with_a_similar_name_is_added(netcrm: Netcrm) -> None:
    add(netcrm, "Ada Lovelace")
    add(netcrm, "Ada Lovelace-Byron")
    add(netcrm, "Ada")


# ---- matching ignores accents -----------------------------------------------------------------


def test_matching_a_contact_ignores_accents_and_spacing(netcrm: Netcrm) -> None:
    add(netcrm, "Zoë Kravitz")
    add(netcrm, "José  Núñez")
    assert show(netcrm, "zoe")["name"] == "Zoë Kravitz"
    assert show(netcrm, "ZOË")["name"] == "Zoë Kravitz"
    assert show(netcrm, "jose nunez")["name"] == "José  Núñez"
    assert show(netcrm, "nunez")["name"] == "José  Núñez"
    assert show(netcrm, "Zoé Kravitz")["name"] == "Zoë Kravitz"


# ---- commands that change nothing say so ------------------------------------------------------


def test_edit_without_an_option_is_a_usage_error(netcrm: Netcrm) -> None:
    add(netcrm, "Maya Angelou")
    result = netcrm("edit", "maya", code=2)
    assert "nothing to change" in result.stderr and "Traceback" not in result.stderr


def test_edit_that_changes_nothing_says_so(netcrm: Netcrm) -> None:
    add(netcrm, "Maya Angelou", "--company", "Poetry", "--tag", "poet")
    assert netcrm("edit", "maya", "--company", "Poetry").stdout == (
        "nothing to change for #1 Maya Angelou\n"
    )
    assert netcrm("edit", "maya", "--untag", "painter").stdout == (
        "nothing to change for #1 Maya Angelou\nno tag 'painter' on #1 Maya Angelou\n"
    )
    assert netcrm("edit", "maya", "--tag", "POET").stdout == (
        "nothing to change for #1 Maya Angelou\n#1 Maya Angelou is already tagged 'poet'\n"
    )
    out = netcrm("edit", "maya", "--untag", "painter", "--role", "Author").stdout
    assert out == "updated #1 Maya Angelou\nno tag 'painter' on #1 Maya Angelou\n"
    assert [w["command"] for w in netcrm.json("undo", "--list")] == ["edit", "add"]  # type: ignore[union-attr, index]


def test_archive_and_unarchive_say_when_nothing_changes(netcrm: Netcrm) -> None:
    add(netcrm, "Maya Angelou")
    add(netcrm, "Ada Lovelace")
    assert netcrm("archive", "maya").stdout == "archived #1 Maya Angelou\n"
    assert netcrm("archive", "maya", "ada").stdout == (
        "#1 Maya Angelou is already archived\narchived #2 Ada Lovelace\n"
    )
    assert netcrm("unarchive", "maya").stdout == "unarchived #1 Maya Angelou\n"
    assert netcrm("unarchive", "maya").stdout == "#1 Maya Angelou is not archived\n"


# ---- log on an archived contact says how to bring them back ----------------------------------


def test_log_on_an_archived_contact_logs_and_says_how_to_bring_them_back(netcrm: Netcrm) -> None:
    add(netcrm, "Maya Angelou")
    netcrm("archive", "maya")
    out = netcrm("log", "maya", "ran into her").stdout.splitlines()
    assert out == [
        "logged other with #1 Maya Angelou on 26 Nov 2026 08:00",
        "#1 Maya Angelou is archived, so never due: bring them back with `netcrm unarchive 1`",
    ]
    assert len(show(netcrm, "maya")["interactions"]) == 1


# ---- add says when it started the 24-48-7 sequence ------------------------------------------


def test_add_says_when_the_24_48_7_sequence_started(netcrm: Netcrm) -> None:
    out = netcrm("add", "Grace Hopper", "--met", "2026-11-25 19:00").stdout.splitlines()
    assert out == [
        "added #1 Grace Hopper",
        "24-48-7 started from your meeting on 25 Nov 2026 19:00: connect due 26 Nov 2026 19:00",
    ]
    out = netcrm("add", "Hedy Lamarr", "--follow-up").stdout.splitlines()
    assert out[1] == "24-48-7 started now (26 Nov 2026 08:00): connect due 27 Nov 2026 08:00"
    out = netcrm("add", "Cy Old", "--met", "2026-10-01").stdout.splitlines()
    assert out[1] == (
        "24-48-7 not started: you met more than 7 days ago (add --follow-up to start it)"
    )
    assert netcrm("add", "Dee New").stdout == "added #4 Dee New\n"
    # A meeting known by its day only: its steps are too, with no made-up 00:00.
    out = netcrm("add", "Eve Day", "--met", "2026-11-25").stdout.splitlines()
    assert out[1] == "24-48-7 started from your meeting on 25 Nov 2026: connect due 26 Nov 2026"
    out = netcrm("edit", "eve", "--met", "2026-11-24").stdout.splitlines()
    assert out[-1] == (
        "24-48-7: the open steps moved with the meeting: connect due 25 Nov 2026, "
        "resources due 26 Nov 2026, schedule due 1 Dec 2026"
    )


# ---- edit --met moves the open steps; --no-follow-up cancels them ---------------------------


def test_edit_met_moves_the_open_steps_with_the_meeting(netcrm: Netcrm) -> None:
    add(netcrm, "Grace Hopper", "--met", "2026-11-24 19:00")
    netcrm("log", "grace", "connection request", "--date", "2026-11-25 08:00")
    out = netcrm("edit", "grace", "--met", "2026-11-25 10:00").stdout.splitlines()
    assert out == [
        "updated #1 Grace Hopper",
        "24-48-7: the open steps moved with the meeting: resources due 27 Nov 2026 10:00, "
        "schedule due 2 Dec 2026 10:00",
    ]
    assert steps(due(netcrm, "--as-of", "2026-12-10")) == [
        ("follow_up", "resources", "2026-11-27"),
        ("follow_up", "schedule", "2026-12-02"),
    ]
    connect = show(netcrm, "grace")["follow_ups"][0]
    assert (connect["step"], connect["due"], connect["done_on"]) == (
        "connect",
        "2026-11-25",  # done: its due day stays as it was
        "2026-11-25",
    )


def test_edit_no_follow_up_cancels_the_open_steps(netcrm: Netcrm) -> None:
    add(netcrm, "Grace Hopper", "--met", "2026-11-24 19:00")
    netcrm("log", "grace", "connection request")
    out = netcrm("edit", "grace", "--no-follow-up").stdout.splitlines()
    assert out == [
        "updated #1 Grace Hopper",
        "24-48-7: cancelled the open steps resources, schedule",
    ]
    profile: Any = show(netcrm, "grace")
    assert [(s["step"], s["done"]) for s in profile["follow_ups"]] == [("connect", True)]
    assert [item["kind"] for item in due(netcrm, "--as-of", "2030-01-01")] == ["cadence"]
    again = netcrm("edit", "grace", "--no-follow-up").stdout.splitlines()
    assert again == [
        "nothing to change for #1 Grace Hopper",
        "#1 Grace Hopper has no open 24-48-7 steps to cancel",
    ]
    netcrm("undo", "--yes")  # the cancelling can be taken back
    assert [s["done"] for s in show(netcrm, "grace")["follow_ups"]] == [True, False, False]
