"""Every command has help text and a place in docs/usage.md (tests/cli/test_json_docs.py checks
the JSON keys it prints).

docs/usage.md is written by the lead from each helper's notes; until it exists the doc tests
fail on purpose, so a missing doc is seen rather than skipped.
"""

import re
from pathlib import Path
from typing import Any

import typer.main

from netcrm.cli import app

USAGE = Path(__file__).resolve().parents[2] / "docs" / "usage.md"


def commands(group: Any = None, prefix: str = "") -> dict[str, Any]:
    """Every command and group under the app, by its full name ('db path')."""
    group = group or typer.main.get_command(app)
    found: dict[str, Any] = {}
    for name, command in group.commands.items():
        full = f"{prefix}{name}"
        found[full] = command
        if hasattr(command, "commands"):
            found |= commands(command, f"{full} ")
    return found


def test_the_walk_finds_every_command() -> None:
    assert {"add", "log", "due", "show", "list", "edit", "done", "snooze"} <= set(commands())
    assert {"archive", "unarchive", "rm", "db", "db path"} <= set(commands())


def test_every_command_has_help_text() -> None:
    assert [name for name, command in commands().items() if not (command.help or "").strip()] == []


def test_every_command_appears_in_usage_doc() -> None:
    text = USAGE.read_text(encoding="utf-8")
    leaves = [name for name, command in commands().items() if not hasattr(command, "commands")]
    assert [name for name in leaves if not re.search(rf"netcrm {name}\b", text)] == []


def test_every_command_checks_its_text_arguments_are_utf8() -> None:
    from netcrm.cli.common import NetcrmCommand

    leaves = {
        name: command for name, command in commands().items() if not hasattr(command, "commands")
    }
    assert [
        name for name, command in leaves.items() if not isinstance(command, NetcrmCommand)
    ] == []
