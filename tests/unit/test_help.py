"""`--help` reads cleanly, and every example runs as written in bash (issue 12 section 6)."""

import re
import shlex
import subprocess
from pathlib import Path

from test_command_docs import commands
from typer.testing import CliRunner

from netcrm.cli import app

USAGE = Path(__file__).resolve().parents[2] / "docs" / "usage.md"
PYTHON_TYPE = re.compile(r"<(?:str|int|float|bool|list\[[a-z]+\]|[a-z]+)>")
BRACED = re.compile(r"\{[A-Z_]+\}")


def help_of(*names: str) -> str:
    result = CliRunner().invoke(app, [*names, "--help"], terminal_width=80)
    assert result.exit_code == 0, result.output
    return result.output


def test_no_help_shows_python_types_or_braces() -> None:
    for name in ["", *commands()]:
        text = help_of(*name.split())
        assert PYTHON_TYPE.findall(text) == [], name
        assert BRACED.findall(text) == [], name


def test_command_summaries_are_never_cut() -> None:
    listed = help_of().split("Commands:")[1]
    assert "..." not in listed and "\u2026" not in listed
    # Each summary is the whole first sentence of the command's help.
    assert "Walk the due list on a terminal, one item at a time, and act on" in listed


def test_defaults_are_shown() -> None:
    assert "inner, middle or outer.  [default: outer]" in help_of("add")
    assert "[default: outer]" not in help_of("edit")  # edit changes a circle, has no default


def example_lines() -> list[str]:
    """Every `netcrm ...` line in usage.md's code blocks and every `Example:` in --help."""
    found, in_code = [], False
    for line in USAGE.read_text(encoding="utf-8").splitlines():
        if line.startswith("```"):
            in_code = not in_code
            continue
        text = line.removeprefix("$ ")
        if in_code and text.startswith(("netcrm ", "NETCRM_")):
            found.append(text)
    for name in commands():
        for line in help_of(*name.split()).splitlines():
            if "Example: " in line:
                found.append(line.split("Example: ", 1)[1])
    return found


def test_every_example_parses_in_bash_and_loses_nothing_to_a_comment() -> None:
    lines = example_lines()
    assert len(lines) > 50
    script = "\n".join(lines) + "\n"
    parsed = subprocess.run(["bash", "-n"], input=script, text=True, capture_output=True)
    assert parsed.returncode == 0, parsed.stderr
    for line in lines:
        # A trailing "  # remark" is a remark; any other # (like #3) must be quoted.
        command = re.sub(r"\s+#\s.*$", "", line)
        assert shlex.split(command, comments=True) == shlex.split(command), line
