"""Every command that writes takes `--json` and prints what it wrote (issue 12 section 6).

Each key printed is documented in docs/usage.md; the walk over the command tree fails when a
new command lacks `--json` without a reason listed here.
"""

import json
from pathlib import Path
from typing import Any

import pytest
import typer.main

from conftest import Netcrm
from netcrm.cli import app

USAGE = Path(__file__).resolve().parents[2] / "docs" / "usage.md"
# The only commands without --json, and why.
WITHOUT_JSON = {
    "review": "interactive: each action prints what its own command prints",
    "db path": "prints one path",
}


def walk(group: Any, prefix: str = "") -> dict[str, Any]:
    found: dict[str, Any] = {}
    for name, command in group.commands.items():
        if hasattr(command, "commands"):
            found |= walk(command, f"{prefix}{name} ")
        else:
            found[f"{prefix}{name}"] = command
    return found


def test_every_command_takes_json_but_the_listed_ones() -> None:
    lacking = {
        name
        for name, command in walk(typer.main.get_command(app)).items()
        if not any("--json" in getattr(param, "opts", []) for param in command.params)
    }
    assert lacking == set(WITHOUT_JSON)


def keys(data: Any) -> set[str]:
    """Every key at any depth."""
    if isinstance(data, dict):
        return set(data) | {key for value in data.values() for key in keys(value)}
    if isinstance(data, list):
        return {key for item in data for key in keys(item)}
    return set()


def test_writes_print_what_they_wrote(netcrm: Netcrm, tmp_path: Path) -> None:
    def run(*args: str) -> Any:
        return json.loads(netcrm(*args, "--json").stdout)

    netcrm("add", "Ada Lovelace", "--met", "yesterday")
    netcrm("add", "Grace Hopper")
    logged = run("log", "ada", "coffee", "--channel", "coffee", "--give", "--promise", "slides")
    assert (logged["contact_id"], logged["channel"], logged["value"]) == (1, "coffee", "give")
    assert logged["step"] == "connect" and logged["promise"]["text"] == "slides"
    assert isinstance(logged["id"], int) and logged["promise"]["interaction_id"] == logged["id"]
    done = run("done", "ada")
    assert done == {"contact_id": 1, "name": "Ada Lovelace", "step": "resources"}
    kept = run("kept", f"#{logged['promise']['id']}")
    assert kept["kept"] is True and kept["kept_on"] == "2026-11-26"
    intro = run("intro", "ada", "grace")
    assert (intro["a"]["contact_id"], intro["b"]["contact_id"]) == (1, 2)
    snoozed = run("snooze", "grace", "--until", "in 2w")
    assert snoozed["snoozed_until"] == "2026-12-10" and snoozed["archived"] is False
    archived = run("archive", "grace", "ada")
    assert [(row["contact_id"], row["archived"], row["changed"]) for row in archived] == [
        (2, True, True),
        (1, True, True),
    ]
    assert [row["changed"] for row in run("unarchive", "2")] == [True]
    edited = run("interaction", "edit", str(logged["id"]), "--summary", "coffee and cake")
    assert edited["interaction"]["summary"] == "coffee and cake" and edited["changed"] == [
        "summary"
    ]
    removed = run("interaction", "rm", str(logged["id"]), "--yes")
    assert removed["deleted"] is True
    assert [move["step"] for move in removed["steps"]] == ["connect"]
    deleted = run("rm", "grace", "--yes")
    assert deleted["deleted"] is True and deleted["contact_id"] == 2
    printed = [logged, done, kept, intro, snoozed, archived, edited, removed, deleted]
    text = USAGE.read_text(encoding="utf-8")
    assert sorted(key for key in keys(printed) if f"`{key}`" not in text) == []


@pytest.mark.sqlite_only
def test_backup_restore_and_forget_print_json(netcrm: Netcrm, tmp_path: Path) -> None:
    netcrm("add", "Ada")
    copy = tmp_path / "copy.db"
    backed = json.loads(netcrm("backup", str(copy), "--json").stdout)
    assert backed["path"] == str(copy) and backed["size"] == copy.stat().st_size
    restored = json.loads(netcrm("restore", str(copy), "--yes", "--json").stdout)
    assert restored["source"] == str(copy) and restored["kept"]
    forgotten = json.loads(netcrm("forget", "ada", "--yes", "--json").stdout)
    assert forgotten == {
        "contact_id": 1,
        "name": "Ada",
        "scrubbed": True,
        "stopped": None,
        "mentioned_by": [],
    }
    text = USAGE.read_text(encoding="utf-8")
    printed = keys([backed, restored, forgotten])
    assert sorted(key for key in printed if f"`{key}`" not in text) == []


def test_the_method_writes_print_what_they_wrote(netcrm: Netcrm) -> None:
    def run(*args: str) -> Any:
        return json.loads(netcrm(*args, "--json").stdout)

    netcrm("add", "Ada Lovelace", "--company", "Analytical")
    seated = run("board", "set", "mentor", "ada")
    assert seated == {
        "role": "mentor",
        "set": True,
        "contacts": [{"contact_id": 1, "name": "Ada Lovelace"}],
    }
    unseated = run("board", "unset", "mentor")
    assert (unseated["set"], unseated["contacts"]) == (False, seated["contacts"])
    added = run("event", "add", "Meetup", "--on", "2026-11-20", "--where", "Kosmos")
    assert added == {"id": 1, "name": "Meetup", "on": "2026-11-20", "where": "Kosmos", "goal": 3}
    targeted = run("event", "target", "meetup", "ada")
    assert targeted["event"] == added and targeted["added"] == seated["contacts"]
    met = run("event", "met", "meetup", "Lin Wei", "#1")
    assert met["added"] == [{"contact_id": 2, "name": "Lin Wei"}]
    assert met["linked"] == seated["contacts"] and met["event"]["id"] == 1
    fills = ("--set", "interests=rust", "--set", "resource=a paper", "--set", "my_name=Sam")
    drafted = run("draft", "lin", "--log", *fills)
    assert (drafted["contact_id"], drafted["template"]) == (2, "follow-up")
    assert "Lin" in drafted["text"] and drafted["logged"]["outreach"] is True
    listed = run("draft", "--list")
    assert {"cold", "follow-up"} <= {one["name"] for one in listed}
    assert all(one["source"] == "built-in" and one["about"] for one in listed)
    printed = [seated, unseated, added, targeted, met, drafted, listed]
    text = USAGE.read_text(encoding="utf-8")
    assert sorted(key for key in keys(printed) if f"`{key}`" not in text) == []
