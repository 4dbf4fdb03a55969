"""`doctor` checks every stored value with the rules imports and commands use.

The bad rows are written with SQL, as another tool (or a hand in sqlite3) would write them;
each one is a value that once made `due`, `list`, `show`, `stats` or `export` fail for the
whole database while doctor said "all good".
"""

import json
from typing import Any

import pytest

from conftest import Netcrm
from helpers import execute, query, refused


def value_checks(netcrm: Netcrm, code: int) -> list[dict[str, Any]]:
    report = json.loads(netcrm("doctor", "--json", code=code).stdout)
    return [check for check in report["checks"] if check["name"] == "values"]


@pytest.fixture
def ada(netcrm: Netcrm) -> int:
    """Ada, with a touch, open 24-48-7 steps, a promise and a tag; her contact id."""
    added = netcrm.json("add", "Ada Lovelace", "--met", "yesterday", "--tag", "math")
    netcrm("log", "ada", "coffee")
    netcrm("promise", "ada", "send the paper")
    assert isinstance(added, dict)
    return int(added["id"])


def test_a_sound_database_has_sound_values(netcrm: Netcrm, ada: int) -> None:
    (check,) = value_checks(netcrm, 0)
    assert check["ok"] and check["fix"] is None


BAD = [
    (
        "UPDATE contact SET cadence = 'every blue moon'",
        "contact #{ada}: cannot read cadence 'every blue moon'",
        "netcrm edit {ada} --every 3m",
    ),
    (
        "UPDATE follow_up SET step = 'bogus' WHERE step = 'schedule'",
        "follow_up #{step} (contact #{ada}): unknown step 'bogus'",
        "DELETE FROM follow_up WHERE id = {step}",
    ),
    (
        "UPDATE interaction SET occurred_at = '9999-12-31 00:00:00'",
        "interaction #1 (contact #{ada}): occurred_at: date 9999-12-31 is out of range",
        "UPDATE interaction SET occurred_at = '...' WHERE id = 1",
    ),
    (
        "UPDATE interaction SET channel = 'pigeon'",
        "interaction #1 (contact #{ada}): unknown channel 'pigeon'",
        "UPDATE interaction SET channel = 'other' WHERE id = 1",
    ),
    (
        "UPDATE contact SET circle = 'Far'",
        "contact #{ada}: unknown circle 'Far'",
        "netcrm edit {ada} --circle outer",
    ),
    (
        "UPDATE contact SET circle = 'Inner'",
        "contact #{ada}: circle 'Inner' is not stored the way netcrm writes it ('inner')",
        "netcrm edit {ada} --circle outer",
    ),
    (
        "UPDATE contact SET timezone = 'Mars/Olympus'",
        "contact #{ada}: unknown time zone 'Mars/Olympus'",
        "netcrm edit {ada} --timezone Europe/Berlin",
    ),
    (
        "UPDATE contact SET birthday = '1985-02-30'",
        "contact #{ada}: cannot read birthday '1985-02-30'",
        "netcrm edit {ada} --birthday YYYY-MM-DD",
    ),
    (
        "UPDATE contact_tag SET tag = ' Math '",
        "a tag of contact #{ada}: tag ' Math ' is not stored the way netcrm writes it ('math')",
        "UPDATE contact_tag SET tag = lower(trim(tag)) WHERE contact_id = {ada}",
    ),
    (
        "UPDATE promise SET due_on = '9999-01-01'",
        "promise #1 (contact #{ada}): due_on: date 9999-01-01 is out of range",
        "UPDATE promise SET due_on = '...' WHERE id = 1",
    ),
]


@pytest.mark.parametrize(("sql", "detail", "fix"), BAD, ids=[b[0][:40] for b in BAD])
def test_a_bad_value_written_by_another_tool_is_named_with_its_fix(
    netcrm: Netcrm, ada: int, sql: str, detail: str, fix: str
) -> None:
    (step,) = query("SELECT id FROM follow_up WHERE step = 'schedule'")[0]
    execute(sql)
    (check,) = value_checks(netcrm, 1)
    assert check["ok"] is False
    assert check["detail"].startswith(detail.format(ada=ada, step=step)), check["detail"]
    assert fix.format(ada=ada, step=step) in check["fix"]
    text = netcrm("doctor", code=1).stdout
    assert f"FAIL values: {check['detail']}" in text and f"fix: {check['fix']}" in text


@pytest.mark.parametrize(
    ("sql", "value"),
    [
        ("UPDATE contact SET circle = 'Far'", "circle 'Far'"),
        ("UPDATE follow_up SET step = 'bogus' WHERE step = 'schedule'", "step 'bogus'"),
    ],
)
@pytest.mark.parametrize(
    "command",
    [["due"], ["list"], ["show", "ada"], ["stats"], ["export", "csv"]],
    ids=" ".join,
)
def test_commands_reading_a_bad_value_say_to_run_doctor(
    netcrm: Netcrm, ada: int, sql: str, value: str, command: list[str]
) -> None:
    execute(sql)
    line = refused(netcrm, *command)
    assert f"the database holds {value}" in line and "netcrm doctor" in line, line


def test_the_fix_doctor_gives_for_a_contact_clears_the_problem(netcrm: Netcrm, ada: int) -> None:
    execute("UPDATE contact SET cadence = 'every blue moon'")
    (check,) = value_checks(netcrm, 1)
    netcrm(*check["fix"].split("(")[0].split()[1:])  # netcrm edit N --every 3m
    assert value_checks(netcrm, 0)[0]["ok"]
    netcrm("due")  # and the commands that read every contact work again


@pytest.mark.sqlite_only
def test_text_that_is_no_date_at_all_is_named(netcrm: Netcrm, ada: int) -> None:
    # SQLite keeps whatever text another program puts in a date column.
    execute("UPDATE interaction SET occurred_at = 'yesterday'")
    (check,) = value_checks(netcrm, 1)
    assert "occurred_at 'yesterday' is not a date netcrm can read" in check["detail"]


def test_many_bad_rows_are_shown_up_to_a_limit(netcrm: Netcrm) -> None:
    for number in range(25):
        netcrm("add", f"Person {number}")
    execute("UPDATE contact SET cadence = 'fortnightly'")
    checks = value_checks(netcrm, 1)
    assert len(checks) == 21
    assert checks[-1]["detail"] == "5 more bad values like these"
