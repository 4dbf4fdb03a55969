"""Private files, and `forget` leaving no trace in the database's files (issue 5, part 3)."""

import sqlite3
import stat
from pathlib import Path

import pytest

from conftest import Netcrm
from helpers import refused
from netcrm.store import dbfiles

SECRET = "Zyxwvu-Quartz-7319"


@pytest.mark.sqlite_only
def test_new_database_and_its_folder_are_owner_only(netcrm: Netcrm, tmp_path: Path) -> None:
    target = tmp_path / "deep" / "er" / "notes.db"
    netcrm("--db", str(target), "add", "Ada Lovelace")
    holder = sqlite3.connect(target)  # keeps -wal and -shm in place to look at them
    try:
        holder.execute("SELECT count(*) FROM contact").fetchone()
        files = [target, target.with_name("notes.db-wal"), target.with_name("notes.db-shm")]
        assert [stat.S_IMODE(path.stat().st_mode) for path in files] == [0o600] * 3
    finally:
        holder.close()
    assert stat.S_IMODE(target.parent.stat().st_mode) == 0o700
    assert stat.S_IMODE(target.parent.parent.stat().st_mode) == 0o700
    assert not list(target.parent.glob(".notes.db.new-*")), "temporary file left behind"


def _remember_everything(netcrm: Netcrm) -> None:
    netcrm(
        "add",
        f"Erin {SECRET}",
        "--notes",
        f"notes {SECRET}",
        "--family",
        f"kids {SECRET}",
        "--tag",
        SECRET.lower(),
        "--met",
        "2026-11-24",
        "--follow-up",
    )
    netcrm("add", "Frank Other", "--notes", "keeps his notes")
    netcrm("log", "erin", f"coffee about {SECRET} plans", "--give")
    netcrm("log", "frank", "lunch")
    netcrm("remind", "erin", f"ask about {SECRET} move", "--on", "dec 3")


@pytest.mark.sqlite_only
def test_forget_leaves_no_text_in_the_file_or_its_wal(netcrm: Netcrm, isolated: Path) -> None:
    holder = None
    _remember_everything(netcrm)
    # An open connection keeps the WAL file alive, as a long-running netcrm process would.
    holder = sqlite3.connect(isolated)
    try:
        holder.execute("SELECT count(*) FROM contact").fetchone()
        files = [isolated, isolated.with_name("netcrm.db-wal")]
        raw = b"".join(path.read_bytes() for path in files if path.exists())
        assert SECRET.encode() in raw or SECRET.lower().encode() in raw  # the test can see it
        out = netcrm("forget", "erin", "--yes").stdout
        raw = b"".join(path.read_bytes() for path in files if path.exists())
        assert SECRET.encode() not in raw and SECRET.lower().encode() not in raw
        assert b"keeps his notes" in raw + isolated.read_bytes()
    finally:
        holder.close()
    assert "backups are not touched" in out
    assert dbfiles.integrity_problems(isolated) == []


@pytest.mark.sqlite_only
def test_forget_clears_text_another_tool_left_in_free_space(netcrm: Netcrm, isolated: Path) -> None:
    """Text freed earlier without secure_delete (by another program, or an older SQLite)
    lies in free space where deleting the person's rows never reaches: only the rewrite
    (VACUUM) clears it. This is the test that fails when forget stops running VACUUM."""
    _remember_everything(netcrm)
    # Another program edits Erin's notes twice, on a connection without secure_delete: the
    # long first version stays behind in the page's free space after the second.
    other = sqlite3.connect(isolated)
    try:
        other.execute("PRAGMA secure_delete=OFF")
        for notes in (f"draft {SECRET} " * 50, "rewritten"):
            other.execute("UPDATE contact SET notes = ? WHERE name LIKE 'Erin%'", (notes,))
            other.commit()
        other.execute("PRAGMA wal_checkpoint(TRUNCATE)")
    finally:
        other.close()
    assert f"draft {SECRET}".encode() in isolated.read_bytes()  # the test can see it
    netcrm("forget", "erin", "--yes")
    raw = b"".join(path.read_bytes() for path in dbfiles.companions(isolated))
    assert SECRET.encode() not in raw and SECRET.lower().encode() not in raw
    assert b"keeps his notes" in raw


def test_forget_erases_the_person_and_everything_attached(netcrm: Netcrm) -> None:
    _remember_everything(netcrm)
    netcrm("add", "Gina Friend", "--notes", f"introduced by Erin {SECRET}")
    netcrm("remind", "frank", f"ask how Erin {SECRET} is", "--on", "dec 3")
    out = netcrm("forget", "erin", "--yes").stdout
    assert f"erased #1 Erin {SECRET}" in out
    # Gina's notes and Frank's reminder name her: listed, not changed.
    assert "their name still appears in notes about #2, #3" in out
    refused(netcrm, "show", "1")
    due = netcrm.json("due", "--within", "400")
    assert isinstance(due, list) and {item["name"] for item in due} == {
        "Frank Other",
        "Gina Friend",
    }
    frank = netcrm.json("show", "frank")
    assert isinstance(frank, dict) and [row["summary"] for row in frank["interactions"]] == [
        "lunch"
    ]


def test_forget_without_yes_and_without_a_terminal_erases_nothing(netcrm: Netcrm) -> None:
    _remember_everything(netcrm)
    assert "--yes" in refused(netcrm, "forget", "erin")
    netcrm("show", "erin")


@pytest.mark.sqlite_only
def test_no_network_access_on_a_sqlite_database(
    netcrm: Netcrm, monkeypatch: pytest.MonkeyPatch
) -> None:
    import socket

    def refuse(*args: object, **kwargs: object) -> None:
        raise AssertionError(f"network access: {args!r}")

    monkeypatch.setattr(socket.socket, "connect", refuse)
    monkeypatch.setattr(socket, "getaddrinfo", refuse)
    monkeypatch.setattr(socket, "create_connection", refuse)
    _remember_everything(netcrm)
    for command in (["due"], ["list"], ["show", "erin"], ["backup"], ["doctor"]):
        netcrm(*command)
    netcrm("forget", "erin", "--yes")
