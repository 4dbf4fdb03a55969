"""Inputs the fuzzer once broke netcrm with, kept as plain tests so they stay fixed."""

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
]


@pytest.mark.parametrize(("argv", "message"), CASES, ids=[str(i) for i in range(len(CASES))])
def test_bad_input_gets_one_clear_line(netcrm: Netcrm, argv: list[str], message: str) -> None:
    # Most meet a database not made yet, which the command may create: no refused() here.
    result = netcrm(*argv, code=1)
    line = one_line_error(result.stderr, result.stdout)
    assert message in line and len(result.stderr) < 600, result.stderr[:600]


def test_nul_from_stdin_is_refused_and_nothing_is_stored(netcrm: Netcrm) -> None:
    netcrm("add", "Ada Lovelace")
    assert "NUL" in refused(netcrm, "log", "ada", "-", input="coffee\x00chat")
    profile = netcrm.json("show", "ada")
    assert isinstance(profile, dict) and profile["interactions"] == []


def test_an_error_quoting_a_multi_line_name_is_still_one_line(netcrm: Netcrm) -> None:
    netcrm("add", "First line\nsecond line")
    line = refused(netcrm, "done", "1")  # the whole of stderr, less its one newline
    assert line == "netcrm: First line second line has no open 24-48-7 steps"
