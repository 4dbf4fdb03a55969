"""`netcrm undo` (issue 10, section 5): every write can be taken back, newest first.

The capture is generic (database triggers on every table), so the main test runs a session
that writes to every table through the commands users type, and undoes it write by write:
after each undo the whole database must be exactly as it was before that command.
"""

import json
from pathlib import Path
from typing import Any

import pytest

from conftest import Netcrm
from helpers import FIXTURES, add, db_path, query, refused, show

Snapshot = dict[str, list[tuple[Any, ...]]]


def snapshot() -> Snapshot:
    """Every row of every table undo covers, in primary-key order (either back end)."""
    from netcrm.store.undo import captured_tables

    found = {}
    for table in captured_tables():
        order = ", ".join(f'"{c.name}"' for c in table.primary_key.columns)
        found[table.name] = query(f'SELECT * FROM "{table.name}" ORDER BY {order}')
    return found


def history(netcrm: Netcrm, *options: str) -> list[dict[str, Any]]:
    writes = netcrm.json("undo", "--list", *options)
    assert isinstance(writes, list)
    return writes


def name(args: list[str]) -> str:
    """The command's name as the history records it: `log`, `interaction edit`."""
    return " ".join(args[:2]) if args[0] in ("interaction", "board", "event", "sync") else args[0]


def fixture(name: str) -> str:
    return str(FIXTURES / name)


def session_of_commands(netcrm: Netcrm, tmp_path: Path) -> list[list[str]]:
    """Commands that, between them, write to every table netcrm has."""
    elsewhere, exported = str(tmp_path / "elsewhere.db"), str(tmp_path / "hedy.json")
    vdir = tmp_path / "vdir"  # `sync vdir` writes sync_state (and a contact from a card)
    vdir.mkdir()
    (vdir / "lin.vcf").write_bytes(
        b"BEGIN:VCARD\r\nVERSION:3.0\r\nUID:lin\r\nFN:Lin Wei\r\nEND:VCARD\r\n"
    )
    netcrm("--db", elsewhere, "add", "Hedy Lamarr", "--circle", "middle", "--tag", "radio")
    netcrm("--db", elsewhere, "log", "hedy", "radio talk", "--date", "2026-11-01")
    netcrm("--db", elsewhere, "export", "json", "-o", exported)
    return [
        ["add", "Ada Lovelace", "--circle", "inner", "--tag", "math", "--email", "ada@x.org"],
        ["add", "Grace Hopper", "--met", "2026-11-25 19:00", "--met-at", "PyCon"],
        ["log", "grace", "sent a connection request", "--channel", "linkedin"],
        ["done", "grace", "resources"],
        ["log", "ada", "coffee", "--date", "2026-11-20", "--give", "--promise", "send paper"],
        ["kept", "1"],
        ["interaction", "edit", "1", "--date", "2026-11-25 20:00", "--summary", "sent the request"],
        ["log", "grace", "typo", "--date", "2026-11-26 07:00"],
        ["interaction", "rm", "3", "--yes"],
        ["promise", "grace", "review her talk", "--by", "2026-12-01"],
        ["remind", "ada", "ask about the move", "--on", "2026-12-03"],
        ["reminders", "--done", "1"],
        ["remind", "grace", "work anniversary", "--on", "2026-03-15", "--yearly"],
        ["intro", "ada", "grace", "--note", "compilers"],
        ["edit", "ada", "--circle", "middle", "--untag", "math", "--tag", "mentor"],
        ["snooze", "grace", "--until", "in 2w"],
        ["archive", "ada"],
        ["unarchive", "ada"],
        ["import", "linkedin", fixture("linkedin_en.csv")],
        ["import", "linkedin", fixture("linkedin_moved.csv")],
        ["import", "json", exported],
        ["board", "set", "mentor", "1"],
        ["event", "add", "Meetup", "--on", "2026-11-20"],
        ["event", "target", "meetup", "2"],
        ["event", "met", "meetup", "Lin Wei"],
        ["sync", "vdir", str(vdir)],
        ["add", "Hedy L"],
        ["merge", "hedy lamarr", "hedy l", "--yes"],
        ["rm", "2", "--yes"],
    ]


def test_every_write_is_undone_newest_first_back_to_an_empty_database(
    netcrm: Netcrm, tmp_path: Path
) -> None:
    from netcrm.store.undo import captured_tables

    commands = session_of_commands(netcrm, tmp_path)
    assert history(netcrm) == []  # a new, empty database
    before = []
    for args in commands:
        before.append(snapshot())
        netcrm(*args)
    # The session must reach every table: a table added later fails here until a command
    # writing to it joins the list, so no table goes without an undo test.
    reached = {name for seen in [*before, snapshot()] for name, rows in seen.items() if rows}
    assert sorted({t.name for t in captured_tables()} - reached) == []
    listed = history(netcrm, "-n", "100")
    assert [write["command"] for write in listed] == [name(args) for args in reversed(commands)]
    for args, expected in zip(reversed(commands), reversed(before), strict=True):
        [last] = history(netcrm, "-n", "1")
        assert last["command"] == name(args)
        out = netcrm("undo", "--yes").stdout
        assert out.startswith(f"undid #{last['id']} {name(args)} (")
        assert snapshot() == expected, f"undo of {args} left the database changed"
        assert all(write["id"] != last["id"] for write in history(netcrm, "-n", "100"))
    assert history(netcrm) == []
    assert "the undo history is empty" in refused(netcrm, "undo", "--yes")


def test_undo_id_takes_back_that_write_and_every_later_one(netcrm: Netcrm) -> None:
    add(netcrm, "Ada Lovelace")
    after_ada = snapshot()
    netcrm("log", "ada", "lunch")
    netcrm("add", "Grace Hopper")
    netcrm("edit", "grace", "--company", "Navy")
    listed = history(netcrm)
    assert [w["command"] for w in listed] == ["edit", "add", "log", "add"]
    log_id = listed[2]["id"]
    out = netcrm("undo", str(log_id), "--yes").stdout.splitlines()
    assert [line.split(" (")[0] for line in out] == [
        f"undid #{listed[0]['id']} edit",
        f"undid #{listed[1]['id']} add",
        f"undid #{log_id} log",
    ]
    assert snapshot() == after_ada
    assert [w["command"] for w in history(netcrm)] == ["add"]
    assert "no write '999'" in refused(netcrm, "undo", "999", "--yes")


def test_undo_list_shape_and_summary(netcrm: Netcrm) -> None:
    add(netcrm, "Ada Lovelace", "--met", "2026-11-25", "--follow-up")
    netcrm("log", "ada", "lunch")
    [last, first] = history(netcrm)
    assert set(last) == {"id", "at", "command", "summary"}
    assert (last["command"], last["at"]) == ("log", "2026-11-26T08:00:00")
    assert last["summary"] == "#1 Ada Lovelace: 1 interaction added, 1 24-48-7 step changed"
    assert first["summary"] == (
        "#1 Ada Lovelace: 1 contact added, 1 circle change added, 3 24-48-7 steps added"
    )
    assert [w["id"] for w in history(netcrm, "-n", "1")] == [last["id"]]
    text = netcrm("undo", "--list").stdout
    assert text.splitlines()[0].split() == ["id", "at", "command", "summary"]
    assert f"#{last['id']}" in text and "1 interaction added" in text


def test_a_command_that_changes_nothing_is_not_in_the_history(netcrm: Netcrm) -> None:
    add(netcrm, "Ada Lovelace")
    netcrm("snooze", "ada", "--clear")  # was not snoozed: nothing changes
    netcrm("import", "linkedin", fixture("linkedin_en.csv"), "--dry-run")
    assert [w["command"] for w in history(netcrm)] == ["add"]


def test_reading_commands_are_not_recorded(netcrm: Netcrm) -> None:
    add(netcrm, "Ada Lovelace")
    for command in (["due"], ["list"], ["show", "ada"], ["stats"], ["plan", "week"]):
        netcrm(*command)
    assert len(history(netcrm)) == 1


def test_undo_asks_or_needs_yes(netcrm: Netcrm) -> None:
    add(netcrm, "Ada Lovelace")
    assert "--yes" in refused(netcrm, "undo")
    show(netcrm, "ada")


def test_undo_on_a_terminal_asks_first(netcrm: Netcrm, monkeypatch: pytest.MonkeyPatch) -> None:
    from netcrm.cli import common

    add(netcrm, "Ada Lovelace")
    monkeypatch.setattr(common, "is_interactive", lambda: True)
    said_no = refused(netcrm, "undo", input="n\n")
    assert said_no == "netcrm: nothing undone"
    out = netcrm("undo", input="y\n").stdout
    assert "Undo #1 add (26 Nov 2026 08:00): #1 Ada Lovelace: 1 contact added" in out
    assert netcrm.json("list") == []


def test_a_row_changed_outside_netcrm_stops_the_undo(netcrm: Netcrm) -> None:
    import os

    from sqlalchemy import create_engine, text

    add(netcrm, "Ada Lovelace")
    netcrm("edit", "ada", "--company", "Engines")
    target = os.environ["NETCRM_DB"]
    engine = create_engine(target if "://" in target else f"sqlite:///{target}")
    with engine.begin() as connection:  # as another program would: no undo history kept
        connection.execute(text("UPDATE contact SET role = 'Countess'"))
    engine.dispose()
    line = refused(netcrm, "undo", "--yes")
    assert "contact row 1 has changed since that write" in line
    assert show(netcrm, "ada")["company"] == "Engines"


def test_undo_will_not_cross_a_migration(netcrm: Netcrm) -> None:
    add(netcrm, "Ada Lovelace")
    netcrm("log", "ada", "lunch")
    # A write recorded under an older schema, as the history holds after an upgrade.
    query("SELECT 1")  # the database exists
    _execute("UPDATE undo_write SET revision = '0003' WHERE command = 'add'")
    netcrm("undo", "--yes")  # the log: recorded under the schema in use, fine
    line = refused(netcrm, "undo", "--yes")
    assert "recorded under schema 0003" in line and "cannot cross a migration" in line
    assert "cannot be undone" in netcrm("undo", "--list").stdout
    show(netcrm, "ada")


def _execute(sql: str) -> None:
    import os

    from sqlalchemy import create_engine, text

    target = os.environ["NETCRM_DB"]
    engine = create_engine(target if "://" in target else f"sqlite:///{target}")
    with engine.begin() as connection:
        connection.execute(text(sql))
    engine.dispose()


def test_the_history_keeps_as_many_writes_as_the_config_says(
    netcrm: Netcrm, tmp_path: Path
) -> None:
    config = tmp_path / "config" / "netcrm" / "config.toml"
    config.parent.mkdir(parents=True)
    config.write_text("[undo]\nkeep = 2\n")
    for name in ("Ada", "Bob", "Cy"):
        add(netcrm, name)
    assert [w["summary"] for w in history(netcrm)] == [
        "#3 Cy: 1 contact added, 1 circle change added",
        "#2 Bob: 1 contact added, 1 circle change added",
    ]
    assert query("SELECT count(*) FROM undo_change") == [(4,)]  # the pruned write's rows went too


def test_a_command_that_changed_nothing_prunes_nothing(netcrm: Netcrm, tmp_path: Path) -> None:
    for name in ("Ada", "Bob", "Cy"):
        add(netcrm, name)
    config = tmp_path / "config" / "netcrm" / "config.toml"
    config.parent.mkdir(parents=True)
    config.write_text("[undo]\nkeep = 1\n")  # lowered after the writes
    netcrm("import", "linkedin", fixture("linkedin_en.csv"), "--dry-run")
    netcrm("edit", "ada", "--circle", "outer")  # already outer
    assert len(history(netcrm)) == 3
    netcrm("edit", "ada", "--circle", "inner")  # a real write: now the history is pruned
    assert [w["command"] for w in history(netcrm)] == ["edit"]


@pytest.mark.parametrize(
    ("body", "key"),
    [("[undo]\nkeep = -1\n", "undo.keep"), ('[undo]\nkeep = "all"\n', "undo.keep"),
     ("[undo]\nlimit = 3\n", "undo.limit")],
)  # fmt: skip
def test_a_bad_undo_setting_is_refused(netcrm: Netcrm, tmp_path: Path, body: str, key: str) -> None:
    add(netcrm, "Ada")
    config = tmp_path / "config" / "netcrm" / "config.toml"
    config.parent.mkdir(parents=True)
    config.write_text(body)
    assert key in refused(netcrm, "add", "Bob")


def test_forget_leaves_no_trace_in_the_history(netcrm: Netcrm) -> None:
    add(netcrm, "Erin Secret", "--email", "erin@secret.example", "--notes", "Quartz")
    add(netcrm, "Frank Other")
    add(netcrm, "Erin S")
    netcrm("merge", "erin secret", "erin s", "--yes")  # a record folded into Erin
    netcrm("log", "erin", "coffee about Quartz")
    netcrm("log", "frank", "lunch")
    netcrm("intro", "erin", "frank")
    netcrm("edit", "frank", "--company", "Mill")
    netcrm("forget", "erin", "--yes")
    rows = query("SELECT contact_id, old, new FROM undo_change")
    assert rows and {contact_id for contact_id, _old, _new in rows} == {2}, "only Frank's stay"
    texts = [
        json.dumps([json.loads(i) if isinstance(i, str) else i for i in row[1:]]) for row in rows
    ]
    assert not [text for text in texts if "Quartz" in text or "secret.example" in text]
    # Frank's own records keep what they say about Erin, in the history as in the database:
    # the user's notes about someone else (forget lists them, see test_safety_privacy.py).
    assert [text for text in texts if "Erin" in text] == [
        text for text in texts if "introduced to Erin Secret" in text
    ]
    summaries = [w["summary"] for w in history(netcrm)]
    assert summaries and not [s for s in summaries if "Erin" in s or "#1 " in s or "#3 " in s]
    assert summaries[0] == "#2 Frank Other: 1 contact changed"
    # What is left still undoes, down to an empty database.
    while history(netcrm):
        netcrm("undo", "--yes")
    assert query("SELECT count(*) FROM contact") == [(0,)]


@pytest.mark.sqlite_only
def test_undo_does_not_go_past_a_restore(netcrm: Netcrm, tmp_path: Path) -> None:
    add(netcrm, "Ada Lovelace")
    backup = tmp_path / "copy.db"
    netcrm("backup", str(backup))
    add(netcrm, "Grace Hopper")
    out = netcrm("restore", str(backup), "--yes").stdout
    [marker, ada] = history(netcrm)
    assert (marker["command"], ada["command"]) == ("restore", "add")
    kept = out.split("kept the previous database as ")[1].split()[0]
    assert marker["summary"] == (
        f"replaced the database with {backup}; to go back: netcrm restore {kept}"
    )
    line = refused(netcrm, "undo", "--yes")
    assert "cannot undo" in line and f"netcrm restore {kept}" in line
    assert "cannot be undone" in netcrm("undo", "--list").stdout
    assert db_path().exists()
