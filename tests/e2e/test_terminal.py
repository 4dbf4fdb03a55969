"""Stored text reaches a real terminal as text: never Rich markup, never escape sequences.

The installed console script runs on a new pseudo-terminal (so Rich draws its tables, as on a
person's screen) and again piped; names, notes, summaries and promises hold Rich markup, an
OSC sequence that would retitle the window, C1 controls and bidi overrides. Each must show up
spelled out, and nothing but Rich's own colour codes may reach the terminal as control bytes.
`--json` keeps the exact stored text.
"""

import fcntl
import json
import os
import pty
import re
import select
import struct
import subprocess
import sys
import termios
import time
from pathlib import Path

import pytest

from conftest import Netcrm

NETCRM = str(Path(sys.executable).parent / "netcrm")
TITLE = "E\x1b]0;PWN\x07"  # sets the window title when sent raw
NAMES = {
    "M [/]": "M [/]",  # Rich markup that does not parse: a MarkupError once
    "[bold red]Red[/bold red]": "[bold red]Red[/bold red]",
    "[link=https://evil.example]Link[/link]": "[link=https://evil.example]Link[/link]",
    TITLE: "E\\x1b]0;PWN\\x07",
    "B\u202eevil": "B\\u202eevil",  # right-to-left override: shows "Blive"
    "Iso\u2066late\u2069": "Iso\\u2066late\\u2069",
    "C1\x9b31m": "C1\\x9b31m",  # CSI as one byte, for terminals that read C1
}
NOTES = "first line\nsecond \x1b[2J line"  # clears the screen when sent raw
SHOWN_NOTES = ["Notes:               first line", "second \\x1b[2J line"]
SGR = re.compile(rb"\x1b\[[0-9;]*m")  # Rich's own colours and bold: the only codes allowed
COMMANDS = [
    ["list"],
    ["due"],
    ["dupes"],
    ["promises"],
    ["intros"],
    ["show", "1"],
    ["show", "2"],
    ["stats"],
    ["plan", "week"],
]


@pytest.fixture
def hostile(tmp_path: Path) -> dict[str, str]:
    """A database whose every kind of stored text is hostile; the environment to run on it."""
    netcrm = Netcrm()  # in-process, on the SQLite file the test's environment names
    for name in NAMES:
        for _twice in range(2):  # two of each: `dupes` pairs them
            netcrm(
                *("add", name, "--met", "2020-01-01", "--last-touch", "2020-01-01"),
                *("--notes", NOTES, "--company", name, "--force"),
            )
    netcrm("log", "1", f"coffee with {TITLE}\nand \u202ea second line", "--date", "2026-01-02")
    for contact in ("1", "7", "9"):
        netcrm("promise", contact, f"send {TITLE} the [bold]slides[/bold]", "--by", "2026-11-30")
    netcrm("intro", "1", "9", "--note", f"both like {TITLE}")
    return {**os.environ, "TERM": "xterm-256color", "COLUMNS": "", "LINES": ""}


def on_terminal(args: list[str], env: dict[str, str], code: int = 0, columns: int = 250) -> bytes:
    """Everything `netcrm ARGS` writes to a pseudo-terminal (stdout and stderr)."""
    leader, follower = pty.openpty()
    fcntl.ioctl(follower, termios.TIOCSWINSZ, struct.pack("HHHH", 60, columns, 0, 0))
    child = subprocess.Popen(
        [NETCRM, *args], stdin=follower, stdout=follower, stderr=follower, env=env
    )
    os.close(follower)
    chunks = []
    deadline = time.monotonic() + 60
    try:
        while time.monotonic() < deadline:
            ready, _, _ = select.select([leader], [], [], 1)
            if not ready:
                if child.poll() is not None:
                    break
                continue
            try:
                data = os.read(leader, 65536)
            except OSError:  # EIO: the child has closed the terminal
                break
            if not data:
                break
            chunks.append(data)
        assert child.wait(timeout=10) == code, b"".join(chunks).decode(errors="replace")
    finally:
        if child.poll() is None:
            child.kill()
        os.close(leader)
    return b"".join(chunks)


def piped(args: list[str], env: dict[str, str]) -> bytes:
    """What `netcrm ARGS` writes to a pipe; stderr must stay empty."""
    result = subprocess.run([NETCRM, *args], capture_output=True, env=env, timeout=60, check=False)
    assert result.returncode == 0 and result.stderr == b"", result.stderr
    return result.stdout


def assert_shown_not_obeyed(output: bytes) -> None:
    """No control byte or override but Rich's colour codes; nothing crashed."""
    raw = SGR.sub(b"", output).decode()
    assert "unexpected error" not in raw and "Traceback" not in raw
    for char in "\x1b\x07\x9b\u202e\u2066\u2069":
        assert char not in raw, f"{char!r} reached the terminal: {raw[:3000]}"


@pytest.mark.slow
@pytest.mark.parametrize("args", COMMANDS, ids=[" ".join(args) for args in COMMANDS])
def test_hostile_text_is_shown_on_a_terminal_and_piped(
    args: list[str], hostile: dict[str, str]
) -> None:
    for output in (on_terminal(args, hostile), piped(args, hostile)):
        assert_shown_not_obeyed(output)
        text = SGR.sub(b"", output).decode().replace("\r\n", "\n")
        if args[0] in ("list", "due", "dupes"):
            for shown in NAMES.values():
                assert shown in text, f"{shown!r} not in {args}: {text[:3000]}"
        if args[0] == "promises":
            assert "send E\\x1b]0;PWN\\x07 the [bold]slides[/bold]" in text


def test_show_prints_multi_line_fields_as_lines(hostile: dict[str, str]) -> None:
    for output in (on_terminal(["show", "1"], hostile), piped(["show", "1"], hostile)):
        lines = [row.strip() for row in output.decode().replace("\r\n", "\n").splitlines()]
        at = lines.index(SHOWN_NOTES[0])
        assert lines[at + 1] == SHOWN_NOTES[1]
        summary = next(i for i, row in enumerate(lines) if "coffee with" in row)
        assert lines[summary].endswith("coffee with E\\x1b]0;PWN\\x07")
        assert lines[summary + 1] == "and \\u202ea second line"


@pytest.mark.parametrize("where", ["terminal", "piped"])
def test_json_keeps_the_exact_text(where: str, hostile: dict[str, str]) -> None:
    run = on_terminal if where == "terminal" else piped
    output = run(["list", "--json"], hostile)
    assert_shown_not_obeyed(output)  # JSON escapes them: the bytes are plain ASCII escapes
    rows = json.loads(output.decode())
    assert sorted({row["name"] for row in rows}) == sorted(NAMES)
    profile = json.loads(run(["show", "1", "--json"], hostile).decode())
    assert profile["notes"] == NOTES
    summaries = [row["summary"] for row in profile["interactions"]]
    assert f"coffee with {TITLE}\nand \u202ea second line" in summaries


def test_an_error_quoting_stored_names_shows_them(hostile: dict[str, str]) -> None:
    # "E" matches several contacts: the refusal lists their names, on the terminal.
    output = on_terminal(["show", "E"], hostile, code=1)
    assert_shown_not_obeyed(output)
    assert b"E\\x1b]0;PWN\\x07" in output and b"B\\u202eevil" in output


@pytest.mark.parametrize("kind", ["json", "csv", "vcard", "ics"])
def test_an_export_printed_on_a_terminal_obeys_nothing(kind: str, hostile: dict[str, str]) -> None:
    """`export` to a terminal shows each line as text; piped it stays the file's bytes."""
    assert_shown_not_obeyed(on_terminal(["export", kind], hostile))
    output = piped(["export", kind], hostile)
    if kind == "json":  # C1 and bidi overrides as JSON escapes: the exact names decoded
        assert_shown_not_obeyed(output)
        document = json.loads(output.decode())
        assert sorted({contact["name"] for contact in document["contacts"]}) == sorted(NAMES)
    if kind == "csv":  # the spreadsheet gets the names exactly as stored
        assert TITLE.encode() in output and "B\u202eevil".encode() in output
