"""A write reported done survives a kill; two writers at once both succeed (issue 5, part 1)."""

import os
import random
import signal
import time
from pathlib import Path

import pytest

from conftest import Netcrm
from netcrm.store import dbfiles
from workers import acknowledged, fork, log_loop, wait

PER_WRITER = 300
KILLS = 50


def stored_summaries(netcrm: Netcrm, contact: str) -> list[str]:
    """Every interaction summary of one contact, read back through the CLI."""
    profile = netcrm.json("show", contact)
    assert isinstance(profile, dict)
    return [row["summary"] for row in profile["interactions"]]


def test_sqlite_pragmas_make_commits_durable(netcrm: Netcrm, isolated: Path) -> None:
    """WAL, synchronous=FULL and a 30 s busy timeout on every connection netcrm opens."""
    from sqlalchemy import text

    from netcrm.store.db import _engine

    netcrm("add", "Ada")
    engine = _engine(str(isolated), write=True)
    try:
        with engine.connect() as connection:
            pragma = {
                name: connection.execute(text(f"PRAGMA {name}")).scalar()
                for name in ("journal_mode", "synchronous", "busy_timeout", "foreign_keys")
            }
    finally:
        engine.dispose()
    assert pragma == {
        "journal_mode": "wal",
        "synchronous": 2,
        "busy_timeout": 30_000,
        "foreign_keys": 1,
    }


@pytest.mark.slow
def test_two_writers_at_once_both_succeed(netcrm: Netcrm, tmp_path: Path) -> None:
    """Two processes each log 300 interactions with the same contact at the same moment."""
    netcrm("add", "Ada Lovelace")
    reader, writer = os.pipe()
    records = [tmp_path / "a.txt", tmp_path / "b.txt"]
    pids = [
        fork(lambda tag=tag, record=record: log_loop("ada", tag, PER_WRITER, record, reader))
        for tag, record in zip("ab", records, strict=True)
    ]
    started = time.monotonic()
    os.write(writer, b"gg")
    codes = [wait(pid) for pid in pids]
    elapsed = time.monotonic() - started
    os.close(reader)
    os.close(writer)
    failures = [
        line
        for record in records
        for line in record.read_text().splitlines()
        if line.startswith("fail")
    ]
    assert codes == [0, 0] and failures == []
    done = set().union(*(acknowledged(record)[0] for record in records))
    assert len(done) == 2 * PER_WRITER
    assert sorted(stored_summaries(netcrm, "ada")) == sorted(done)
    print(
        f"\n{2 * PER_WRITER} commands by two processes in {elapsed:.1f} s "
        f"({2 * PER_WRITER / elapsed:.0f} commits/s)"
    )


@pytest.mark.sqlite_only
@pytest.mark.slow
def test_sigkill_at_random_moments_loses_nothing_reported(
    netcrm: Netcrm, isolated: Path, tmp_path: Path
) -> None:
    """50 writers killed with SIGKILL: the file stays sound and keeps every reported write."""
    netcrm("add", "Ada Lovelace")
    rng = random.Random(20261126)
    reported: set[str] = set()
    cut_mid_command = 0
    for run in range(KILLS):
        record = tmp_path / f"run{run}.txt"
        pid = fork(lambda run=run, record=record: log_loop("ada", f"r{run}", 10_000, record))
        time.sleep(rng.uniform(0.0, 0.2))
        os.kill(pid, signal.SIGKILL)
        assert wait(pid) == -signal.SIGKILL
        done, started = acknowledged(record)
        cut_mid_command += bool(started - done)
        reported |= done
        assert dbfiles.integrity_problems(isolated) == []
    stored = set(stored_summaries(netcrm, "ada"))
    assert reported <= stored
    assert reported, "no writer got far enough to report a write: the kills came too early"
    print(
        f"\n{KILLS} kills, {cut_mid_command} inside a command; {len(reported)} reported "
        f"writes, all {len(reported)} stored ({len(stored)} rows in all)"
    )
