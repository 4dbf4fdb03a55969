"""Inputs the fuzzer once broke netcrm with, kept as plain tests so they stay fixed."""

from pathlib import Path

import pytest

from conftest import Netcrm
from helpers import one_line_error, refused

CASES = [
    (["show", "99999999999999999999999"], "no contact #99999999999999999999999"),
    (["due", "--within", "99999999999999999999"], "--within takes a number of days from 0"),
    (["add", "Ada", "--timezone", "x" * 100_000], "unknown time zone"),
    (["--db", "~nosuchuser/x.db", "list"], "no home directory for user 'nosuchuser'"),
    (["--db", "a\x00b.db", "list"], "a path cannot contain NUL characters"),
    (["--db", "unused.db", "restore", "9" * 5000, "--yes"], "File name too long"),
    (["add", "Ada\x00Lovelace"], "text cannot contain NUL characters"),
    (["list", "--tag", "x\x00"], "text cannot contain NUL characters"),
    # Issue 9, section 5: each of these was an "unexpected error".
    (["kept", "99999999999999999999999"], "no promise '99999999999999999999999'"),
    # PostgreSQL's INTEGER is 32 bits: one more than its largest names nobody (and no SQL
    # text reaches the user); on SQLite the 64-bit limit is the one above.
    (["show", "2147483648"], "no contact #2147483648"),
    (["kept", "#2147483648"], "no promise '#2147483648'"),
    (["balance", "--days", "36500000"], "--days takes a number of days from 1 to 36525"),
    (["--db", "postgresql://u@[::1:5432/db", "list"], "cannot read database URL"),
    # The lean read path (due, search, completion) reads the URL itself: the same line.
    (["--db", "postgresql://u@[::1:5432/db", "due"], "cannot read database URL"),
    (["--db", "postgresql://u@[::1:5432/db", "search", "ada"], "cannot read database URL"),
]


@pytest.mark.parametrize(("argv", "message"), CASES, ids=[str(i) for i in range(len(CASES))])
def test_bad_input_gets_one_clear_line(netcrm: Netcrm, argv: list[str], message: str) -> None:
    # Most meet a database not made yet, which the command may create: no refused() here.
    result = netcrm(*argv, code=1)
    line = one_line_error(result.stderr, result.stdout)
    assert message in line and len(result.stderr) < 600, result.stderr[:600]


def test_ids_past_the_back_ends_integer_are_no_one_and_show_no_sql(netcrm: Netcrm) -> None:
    netcrm("add", "Ada")
    netcrm("promise", "ada", "send the paper")
    for argv in (["show", "2147483648"], ["kept", "2147483648"], ["done", "#2147483648"]):
        line = refused(netcrm, *argv)
        assert "no " in line and "SELECT" not in line and "integer" not in line, line


def test_a_clock_at_the_end_of_the_calendar_is_refused(
    netcrm: Netcrm, monkeypatch: pytest.MonkeyPatch
) -> None:
    netcrm("add", "Ada")
    monkeypatch.setenv("NETCRM_NOW", "9999-12-31T23:59:59")
    line = refused(netcrm, "due")
    assert line == "netcrm: NETCRM_NOW 9999-12-31 is out of range: netcrm reads years 1000 to 9000"


def test_stats_on_the_first_day_netcrm_reads(netcrm: Netcrm) -> None:
    """Its twelve months reach back into year 999, written as an ISO year (0999)."""
    netcrm("add", "Ada")
    figures = netcrm.json("stats", "--as-of", "1000-01-01")
    assert isinstance(figures, dict) and figures["as_of"] == "1000-01-01"
    assert [row["month"] for row in figures["growth"]][:2] == ["0999-02", "0999-03"]


def test_nul_from_stdin_is_refused_and_nothing_is_stored(netcrm: Netcrm) -> None:
    netcrm("add", "Ada Lovelace")
    assert "NUL" in refused(netcrm, "log", "ada", "-", input="coffee\x00chat")
    profile = netcrm.json("show", "ada")
    assert isinstance(profile, dict) and profile["interactions"] == []


def test_an_error_quoting_a_multi_line_name_is_still_one_line(netcrm: Netcrm) -> None:
    netcrm("add", "First line\nsecond line")
    line = refused(netcrm, "done", "1")  # the whole of stderr, less its one newline
    assert line == "netcrm: First line second line has no open 24-48-7 steps"


@pytest.mark.parametrize(
    "body",
    [
        "[" * 100_000 + "]" * 100_000,
        '{"format": "netcrm", "version": 1, "contacts": [{"name": "A", "notes": '
        + "[" * 100_000
        + "]" * 100_000
        + "}]}",
        '{"format": "netcrm", "version": 1}\n' + "{" + '"a":{' * 50_000 + "}" * 50_001,
    ],
    ids=["nested-arrays", "nested-inside-a-contact", "nested-line"],
)
def test_deeply_nested_json_is_refused_with_its_line(
    netcrm: Netcrm, tmp_path: Path, body: str
) -> None:
    """100,000 nested arrays made Python's JSON parser raise RecursionError."""
    netcrm("add", "Ada")
    source = tmp_path / "deep.json"
    source.write_text(body)
    line = refused(netcrm, "import", "json", str(source))
    assert line.startswith(f"netcrm: {source}:") and "nested too deeply" in line, line
