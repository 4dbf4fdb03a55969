"""Tables on a real terminal: fitted to its width, coloured by urgency; plain when piped.

Issue 12: at 80 columns `list` broke dates and names across lines. Here each command runs on
a pseudo-terminal of 80 and of 120 columns: no line is wider than the terminal (so the
terminal never wraps one), every id and date is printed whole, and free text that had to be
shortened ends with "…". `due` is coloured by urgency (late, today, upcoming) with the reason
dimmed, unless NO_COLOR or --color never; --color always colours a pipe too.
"""

import os
import re
import subprocess
from pathlib import Path

import pytest
from test_terminal import NETCRM, on_terminal

from conftest import Netcrm

SGR = re.compile(r"\x1b\[[0-9;]*m")
# A day as text output writes it: "1 Nov 2026", with its time "1 Nov 2026 19:00".
DATE = r"\d{1,2} [A-Z][a-z]{2} \d{4}(?: \d{2}:\d{2})?"
LATE, TODAY, UPCOMING, DIM = "\x1b[1;31m", "\x1b[1;33m", "\x1b[32m", "\x1b[2m"


@pytest.fixture
def network(tmp_path: Path) -> dict[str, str]:
    """A few contacts with long free text, one late, one due today, one upcoming."""
    netcrm = Netcrm()
    long = "Flutterwave International Payments and Remittances Holding Company"
    netcrm(
        "add",
        "Ada Lovelace",
        "--circle",
        "inner",
        "--company",
        long,
        "--role",
        long,
        "--tag",
        "mathematics",
        "--tag",
        "engines",
        "--last-touch",
        "2026-10-01",
    )
    netcrm(
        "add",
        "Grace Brewster Murray Hopper",
        "--circle",
        "middle",
        "--company",
        long,
        "--last-touch",
        "2026-08-26",
    )
    netcrm("add", "Katherine Johnson", "--circle", "inner", "--last-touch", "2026-11-19")
    netcrm("promise", "ada", "send the slides about " + long, "--by", "2026-11-26")
    return {**os.environ, "TERM": "xterm-256color", "COLUMNS": "", "LINES": ""}


def lines_of(output: bytes) -> list[str]:
    return [SGR.sub("", line) for line in output.decode().replace("\r", "").splitlines()]


@pytest.mark.parametrize("columns", [80, 120])
@pytest.mark.parametrize("command", [["due", "--within", "30"], ["list"]])
def test_tables_fit_the_terminal_and_never_cut_ids_or_dates(
    network: dict[str, str], columns: int, command: list[str]
) -> None:
    shown = lines_of(on_terminal(command, network, columns=columns))
    assert len(shown) >= 4
    assert all(len(line) <= columns for line in shown), "\n".join(shown)
    piped = subprocess.run(
        [NETCRM, *command], capture_output=True, text=True, env=network, check=True
    ).stdout
    # A reason left out of due's row is printed under it, indented: rows start at the left.
    rows = [line for line in shown if not line.startswith(" ")]
    beneath = [line.strip() for line in shown if line.startswith(" ")]
    # Every id and date of the plain output is printed whole on the terminal, in order.
    dates = 0
    for plain, fitted in zip(piped.splitlines(), rows, strict=True):
        cells = re.split(r"  +", plain)
        for cell in cells:
            if re.fullmatch(rf"#\d+|{DATE}", cell):
                dates += bool(re.fullmatch(DATE, cell))
                assert re.search(rf"(?<!\S){re.escape(cell)}(?!\S)", fitted), (cell, fitted)
    assert dates >= 3  # the table has dates, as people read them
    # The headings stay readable: each one shown is one of the plain headings, whole, and
    # only the columns the table may leave out are missing.
    heads, piped_heads = re.split(r"  +", shown[0].strip()), re.split(r"  +", piped.split("\n")[0])
    assert "…" not in shown[0]
    assert set(heads) <= set(piped_heads)
    left_out = set(piped_heads) - set(heads)
    assert left_out <= ({"why", "role", "tags"} if command == ["list"] else {"why"})
    if command[0] == "due" and columns == 80:
        assert "why" in left_out  # the long promise cannot share a line at 80 columns
    if command[0] == "due" and "why" in left_out:
        reasons = [re.split(r"  +", plain)[-1] for plain in piped.splitlines()[1:]]
        assert len(beneath) == len(reasons) and reasons  # each reason, none lost
        for reason, fitted in zip(reasons, beneath, strict=True):
            assert reason.startswith(fitted.removesuffix("…")), (reason, fitted)
    else:
        assert beneath == []
    if any(len(line) > columns for line in piped.splitlines()):
        # What did not fit was shortened with "…", or left out.
        assert any("…" in line for line in shown) or left_out
    if columns == 120:
        assert heads == piped_heads  # room enough for every column


def test_due_is_coloured_by_urgency_with_the_reason_dimmed(network: dict[str, str]) -> None:
    raw = on_terminal(["due", "--within", "30"], network).decode().replace("\r", "")
    rows = raw.splitlines()[1:]
    by_name = {name: [row for row in rows if name in row] for name in ("Grace", "Ada", "Kath")}
    assert any(f"{LATE}1 Nov 2026" in row for row in by_name["Ada"])  # a cadence, late
    assert any(f"{TODAY}26 Nov 2026" in row for row in by_name["Ada"])  # the promise, today
    assert any(f"{TODAY}26 Nov 2026" in row for row in by_name["Grace"])
    assert any(f"{UPCOMING}19 Dec 2026" in row for row in by_name["Kath"])  # within 30 days
    assert f"{DIM}send the slides" in raw  # the reason, dimmed
    assert raw.splitlines()[0].startswith("\x1b[1mid")  # the heading, bold


@pytest.mark.parametrize(
    ("env", "args"),
    [({"NO_COLOR": "1"}, []), ({}, ["--color", "never"])],
    ids=["NO_COLOR", "--color never"],
)
def test_no_color_and_color_never_print_no_colour(
    network: dict[str, str], env: dict[str, str], args: list[str]
) -> None:
    raw = on_terminal(["due", "--within", "30", *args], {**network, **env})
    assert b"\x1b[" not in raw
    assert "Ada Lovelace" in raw.decode()


def test_piped_output_is_plain_unless_color_always(network: dict[str, str]) -> None:
    def run(*args: str) -> str:
        return subprocess.run(
            [NETCRM, "due", "--within", "30", *args],
            capture_output=True,
            text=True,
            env=network,
            check=True,
        ).stdout

    assert "\x1b[" not in run()
    assert f"{TODAY}26 Nov 2026" in run("--color", "always")
    assert SGR.sub("", run("--color", "always")) == run()


def test_a_wrong_color_mode_is_a_usage_error(netcrm: Netcrm) -> None:
    result = netcrm("due", "--color", "sometimes", code=2)
    assert "--color takes auto, always or never, not 'sometimes'" in result.stderr


# Every command that colours, with what it colours; each takes --color.
COLOURED = {
    "due": ["due", "--within", "30"],
    "list": ["list"],
    "show": ["show", "ada"],
    "search": ["search", "flutterwave"],
    "stats": ["stats"],
    "matrix": ["matrix"],
}


@pytest.fixture
def rated(network: dict[str, str]) -> dict[str, str]:
    """The network with a rated contact, so the matrix has a quadrant to show."""
    Netcrm()("edit", "ada", "--influence", "high", "--accessibility", "high")
    return network


@pytest.mark.parametrize("command", list(COLOURED))
def test_every_colouring_command_colours_a_terminal_by_default(
    rated: dict[str, str], command: str
) -> None:
    assert SGR.search(on_terminal(COLOURED[command], rated).decode())


@pytest.mark.parametrize("command", list(COLOURED))
@pytest.mark.parametrize(
    ("env", "args"),
    [({"NO_COLOR": "1"}, []), ({}, ["--color", "never"])],
    ids=["NO_COLOR", "--color never"],
)
def test_every_colouring_command_obeys_no_color_and_color_never_on_a_terminal(
    rated: dict[str, str], command: str, env: dict[str, str], args: list[str]
) -> None:
    raw = on_terminal([*COLOURED[command], *args], {**rated, **env})
    assert b"\x1b[" not in raw
    assert len(raw.decode().splitlines()) >= 2  # it printed its output, only plain


@pytest.mark.parametrize("command", list(COLOURED))
def test_every_colouring_command_colours_a_pipe_with_color_always(
    rated: dict[str, str], command: str
) -> None:
    def run(*args: str) -> str:
        return subprocess.run(
            [NETCRM, *COLOURED[command], *args],
            capture_output=True,
            text=True,
            env=rated,
            check=True,
        ).stdout

    plain, coloured = run(), run("--color", "always")
    assert "\x1b[" not in plain
    assert SGR.search(coloured)
    assert SGR.sub("", coloured) == plain  # the same text, only styled


def test_search_highlights_the_words_it_found(rated: dict[str, str]) -> None:
    raw = on_terminal(["search", "flutter"], rated).decode()
    assert "\x1b[1;7mFlutterwave\x1b[0m International" in raw
