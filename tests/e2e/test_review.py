"""`netcrm review` on a real pseudo-terminal: keys pressed, the database read after each.

The installed console script runs under pexpect, so prompt_toolkit reads keys from a pty as
it does on a person's terminal. After every action the SQLite file is read directly: each
action is its own transaction, so it is saved before the next card shows.
"""

import os
import sqlite3
import sys
from pathlib import Path

import pexpect
import pytest

from conftest import Netcrm
from netcrm.store.search import is_index_table

NETCRM = str(Path(sys.executable).parent / "netcrm")
KEYS = r"q quit >"
# Bookkeeping tables change with every write (undo); every other table must change only as told.
BOOKKEEPING = {"undo_open", "undo_write", "undo_change", "alembic_version", "sqlite_sequence"}


@pytest.fixture
def five_due(environment: Path) -> Path:
    """Five due items: a 24-48-7 step (today) first, then four cadences, most late first."""
    netcrm = Netcrm()
    netcrm("add", "Grace Hopper", "--circle", "middle", "--met", "2026-11-25 19:00")
    netcrm("add", "Alan Turing", "--circle", "inner", "--last-touch", "2026-08-01")
    netcrm("add", "Ada Lovelace", "--circle", "inner", "--last-touch", "2026-09-01")
    netcrm("add", "Barbara Liskov", "--circle", "inner", "--last-touch", "2026-09-10")
    netcrm("add", "Linus Torvalds", "--circle", "outer", "--last-touch", "2025-01-01")
    netcrm("promise", "ada", "send the slides", "--by", "2026-11-30")
    netcrm("log", "ada", "coffee about engines", "--date", "2026-09-02", "--channel", "coffee")
    names = [row["name"] for row in netcrm.json("due")]  # type: ignore[union-attr, index]
    walk = ["Grace Hopper", "Alan Turing", "Ada Lovelace", "Barbara Liskov", "Linus Torvalds"]
    assert names == walk
    return environment


def dump(db: Path) -> dict[str, set[tuple[object, ...]]]:
    """Every row of every table but the bookkeeping ones."""
    with sqlite3.connect(db) as connection:
        tables = [
            name
            for (name,) in connection.execute("SELECT name FROM sqlite_master WHERE type='table'")
            if name not in BOOKKEEPING and not is_index_table(name)  # the search index follows
        ]
        return {name: set(connection.execute(f"SELECT * FROM {name}")) for name in tables}


def changes(
    before: dict[str, set[tuple[object, ...]]], after: dict[str, set[tuple[object, ...]]]
) -> dict[str, tuple[set[tuple[object, ...]], set[tuple[object, ...]]]]:
    """Per table, the rows that went and the rows that came."""
    return {
        name: (before[name] - after[name], after[name] - before[name])
        for name in before
        if before[name] != after[name]
    }


def one(db: Path, sql: str) -> tuple[object, ...]:
    with sqlite3.connect(db) as connection:
        [row] = connection.execute(sql).fetchall()
        return tuple(row)


def spawn(*args: str, env: dict[str, str] | None = None) -> pexpect.spawn:
    env = {**os.environ, "TERM": "xterm", "PROMPT_TOOLKIT_NO_CPR": "1", **(env or {})}
    return pexpect.spawn(
        NETCRM, ["review", *args], env=env, encoding="utf-8", timeout=20, dimensions=(40, 120)
    )


def test_review_walk_does_exactly_what_was_pressed(five_due: Path) -> None:
    db = five_due
    start = dump(db)
    child = spawn()

    child.expect(r"\[1\] #1 Grace Hopper")
    child.expect(KEYS)
    child.send("d")  # mark the connect step done
    child.expect("24-48-7: connect done for #1 Grace Hopper")
    child.expect(r"\[2\] #2 Alan Turing")
    step = one(db, "SELECT step, done_at, interaction_id FROM follow_up WHERE done_at IS NOT NULL")
    assert step[0] == "connect" and step[2] is None
    assert set(changes(start, dump(db))) == {"follow_up"}

    child.expect(KEYS)
    child.send("l")
    child.expect("touch")
    child.sendline("yesterday: call about morphogenesis @call +share")
    child.expect("logged call with #2 Alan Turing on 25 Nov 2026")
    child.expect(r"\[3\] #3 Ada Lovelace")
    touch = one(
        db, "SELECT contact_id, channel, value, summary FROM interaction ORDER BY id DESC LIMIT 1"
    )
    assert touch == (2, "call", "share", "call about morphogenesis")
    assert set(changes(start, dump(db))) == {"follow_up", "interaction"}

    child.expect("Open promises:")  # what a card shows to act on
    child.expect("send the slides")
    child.expect(KEYS)
    child.send("s")
    child.expect("snooze until")
    child.sendline("in 2w")
    child.expect("snoozed #3 Ada Lovelace until 10 Dec 2026")
    child.expect(r"\[4\] #4 Barbara Liskov")
    assert one(db, "SELECT snoozed_until FROM contact WHERE id = 3") == ("2026-12-10",)

    child.expect(KEYS)
    before_skip = dump(db)
    child.send("n")
    child.expect(r"\[5\] #5 Linus Torvalds")
    assert dump(db) == before_skip

    child.expect(KEYS)
    child.send("q")
    child.expect("review: logged 1, done 1, snoozed 1, skipped 1")
    child.expect(pexpect.EOF)
    child.close()
    assert child.exitstatus == 0

    went_came = changes(start, dump(db))
    assert set(went_came) == {"follow_up", "interaction", "contact"}
    assert len(went_came["interaction"][1]) == 1 and not went_came["interaction"][0]
    assert len(went_came["contact"][1]) == 1  # Ada's row, snoozed; nobody else changed
    assert len(went_came["follow_up"][1]) == 1  # Grace's connect step


def test_review_error_asks_again_and_writes_nothing(five_due: Path) -> None:
    start = dump(five_due)
    child = spawn("--limit", "1")
    child.expect(KEYS)
    child.send("k")  # Grace has no promise to keep
    child.expect("netcrm: Grace Hopper has no open promises")
    child.expect(KEYS)
    child.send("s")
    child.sendline("yesterday")  # a snooze day must be in the future
    child.expect("netcrm: snooze day 25 Nov 2026 is not in the future")
    child.expect(KEYS)
    assert dump(five_due) == start
    child.send("o")  # the whole profile, then the same card's keys again
    child.expect("#1 Grace Hopper  \\[middle circle\\]")
    child.expect("No interactions yet.")
    child.expect(KEYS)
    child.send("n")
    child.expect("review: skipped 1")  # --limit 1: one card, then the summary
    child.expect(pexpect.EOF)


def test_review_keeps_a_promise_and_archives(five_due: Path) -> None:
    child = spawn("--circle", "inner")
    child.expect(r"\[1\] #2 Alan Turing")  # --circle inner: Grace (middle) is not walked
    child.expect(KEYS)
    child.send("a")
    child.expect("archived #2 Alan Turing")
    child.expect(r"\[2\] #3 Ada Lovelace")
    assert one(five_due, "SELECT archived_at IS NOT NULL FROM contact WHERE id = 2") == (1,)
    child.expect(KEYS)
    child.send("k")
    child.expect("kept promise #1 to Ada Lovelace on 26 Nov 2026")
    assert one(five_due, "SELECT kept_at IS NOT NULL FROM promise") == (1,)
    child.expect(KEYS)
    child.sendcontrol("c")  # Ctrl-C at a key prompt quits, keeping what was done
    child.expect("review: kept 1, archived 1")
    child.expect(pexpect.EOF)


def test_review_without_a_terminal_exits_2_and_points_to_due(five_due: Path) -> None:
    import subprocess

    result = subprocess.run(
        [NETCRM, "review"], stdin=subprocess.DEVNULL, capture_output=True, text=True
    )
    assert result.returncode == 2
    assert "netcrm due" in result.stderr
    assert result.stdout == ""


@pytest.mark.parametrize(
    ("env", "args"),
    [({}, []), ({"NO_COLOR": "1"}, []), ({}, ["--color", "never"])],
    ids=["auto", "NO_COLOR", "--color never"],
)
def test_review_colours_its_card_unless_told_not_to(
    five_due: Path, env: dict[str, str], args: list[str]
) -> None:
    child = spawn(*args, env=env)
    child.expect(KEYS)
    card = child.before
    child.send("q")
    child.expect(pexpect.EOF)
    # The card's due line in the colour of its urgency (Grace's step is due today), as in
    # `due`, and the reason dimmed; none of it with NO_COLOR or --color never.
    coloured = "\x1b[1;33mdue 26 Nov 2026 (today)\x1b[0m" in card and "\x1b[2m24-48-7:" in card
    assert coloured == (not env and not args), card
    assert "due 26 Nov 2026 (today)" in card
