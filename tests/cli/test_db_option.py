"""`--db` works after the command name too (issue 10, section 7), for every command.

Declared once, on the root: NetcrmGroup gives every command and group a copy of it.
"""

from pathlib import Path
from typing import Any

import pytest
import typer.main

from conftest import Netcrm
from netcrm.cli import app


def _walk(command: Any, prefix: str = "") -> dict[str, Any]:
    found = {prefix.strip(): command}
    for name, sub in getattr(command, "commands", {}).items():
        found |= _walk(sub, f"{prefix} {name}")
    return found


def test_every_command_and_group_takes_db() -> None:
    tree = _walk(typer.main.get_command(app))
    missing = [
        name
        for name, command in tree.items()
        if not any("--db" in getattr(param, "opts", []) for param in command.params)
    ]
    assert missing == []
    assert {"due", "db status", "interaction list", "undo"} <= set(tree)


@pytest.mark.sqlite_only
def test_db_after_the_command_name(netcrm: Netcrm, tmp_path: Path) -> None:
    other = tmp_path / "x.db"
    netcrm("add", "Ada Lovelace", "--db", str(other))
    netcrm("add", "Grace Hopper", f"--db={other}")
    assert [row["name"] for row in netcrm.json("list", "--db", str(other))] == [  # type: ignore[union-attr, index]
        "Ada Lovelace",
        "Grace Hopper",
    ]
    assert netcrm.json("list") == []  # the default database (NETCRM_DB) was not touched
    status: Any = netcrm.json("db", "status", "--db", str(other))
    assert status["target"] == str(other) and status["exists"] is True
    netcrm("due", "--db", str(other), "--within", "400")
    assert netcrm("db", "path", "--db", str(other)).stdout == f"{other}\n"
    assert netcrm("--db", str(other), "db", "path").stdout == f"{other}\n"  # still at the root
    # Given both ways, the one after the command wins: it is the one typed last.
    assert netcrm("--db", "elsewhere.db", "db", "path", "--db", str(other)).stdout == f"{other}\n"
    assert "--db PATH" in netcrm("due", "--help").stdout
