"""backup, restore and the automatic backup before a migration (issue 5, part 2)."""

import os
import signal
import sqlite3
import stat
import time
from pathlib import Path

import pytest

from conftest import Netcrm
from helpers import refused
from netcrm.store import db, dbfiles
from rawsql import run_sql

pytestmark = pytest.mark.sqlite_only
SERVER = "postgresql+psycopg://nobody@127.0.0.1:9/none"


def mode(path: Path) -> int:
    return stat.S_IMODE(path.stat().st_mode)


def names(netcrm: Netcrm, *args: str) -> list[str]:
    rows = netcrm.json(*args, "list", "--all")
    assert isinstance(rows, list)
    return [row["name"] for row in rows]


def test_backup_defaults_to_a_private_timestamped_file_beside_the_database(
    netcrm: Netcrm, isolated: Path
) -> None:
    netcrm("add", "Ada Lovelace")
    out = netcrm("backup").stdout
    copy = isolated.parent / "backups" / "netcrm-20261126-080000.db"
    assert f"backed up to {copy}" in out
    assert mode(copy.parent) == 0o700 and mode(copy) == 0o600
    assert dbfiles.integrity_problems(copy) == []
    assert names(netcrm, "--db", str(copy)) == ["Ada Lovelace"]
    # A second backup in the same second gets its own name instead of overwriting the first.
    assert "netcrm-20261126-080000-1.db" in netcrm("backup").stdout


def test_backup_is_a_consistent_copy_while_a_writer_is_mid_transaction(
    netcrm: Netcrm, isolated: Path, tmp_path: Path
) -> None:
    netcrm("add", "Ada Lovelace")
    writer = sqlite3.connect(isolated, isolation_level=None)
    try:
        writer.execute("BEGIN IMMEDIATE")
        writer.execute("UPDATE contact SET name = 'half-written'")
        netcrm("backup", str(tmp_path / "copy.db"))
    finally:
        writer.execute("ROLLBACK")
        writer.close()
    assert names(netcrm, "--db", str(tmp_path / "copy.db")) == ["Ada Lovelace"]
    # The copy stands alone: no -wal file is needed to read it.
    assert not (tmp_path / "copy.db-wal").exists()


def test_backup_to_a_path_or_folder(netcrm: Netcrm, tmp_path: Path) -> None:
    netcrm("add", "Ada Lovelace")
    target = tmp_path / "new" / "mine.db"
    netcrm("backup", str(target))
    assert mode(target) == 0o600 and mode(target.parent) == 0o700
    before = target.read_bytes()
    assert "already exists" in refused(netcrm, "backup", str(target))
    assert target.read_bytes() == before
    assert "netcrm-20261126-080000.db" in netcrm("backup", str(tmp_path / "new")).stdout


def test_keep_prunes_only_the_oldest_timestamped_backups(netcrm: Netcrm, isolated: Path) -> None:
    netcrm("add", "Ada Lovelace")
    folder = isolated.parent / "backups"
    folder.mkdir(mode=0o700)
    mine = folder / "do-not-touch.txt"
    mine.write_text("mine")
    older = folder / "netcrm-20250101-000000.db"
    older.write_bytes(b"an old backup")
    for _ in range(3):
        netcrm("backup")
    out = netcrm("backup", "--keep", "2").stdout
    left = sorted(entry.name for entry in folder.iterdir())
    assert left == [
        "do-not-touch.txt",
        "netcrm-20261126-080000-2.db",
        "netcrm-20261126-080000-3.db",
    ]
    assert f"removed old backup {older}" in out
    assert "--keep" in refused(netcrm, "backup", "--keep", "0")


def test_backup_refuses_what_it_cannot_copy(netcrm: Netcrm, isolated: Path) -> None:
    assert "nothing to back up" in refused(netcrm, "backup")
    assert "pg_dump" in refused(netcrm, "--db", SERVER, "backup")
    isolated.write_bytes(b"not a database at all")
    assert "not a netcrm database" in refused(netcrm, "backup")
    assert not (isolated.parent / "backups").exists()


def test_restore_swaps_in_the_backup_and_keeps_the_current_database(
    netcrm: Netcrm, isolated: Path
) -> None:
    netcrm("add", "Ada Lovelace")
    netcrm("backup")
    copy = isolated.parent / "backups" / "netcrm-20261126-080000.db"
    netcrm("add", "Grace Hopper")
    out = netcrm("restore", str(copy), "--yes").stdout
    kept = isolated.parent / "backups" / "netcrm-20261126-080000-before-restore.db"
    assert f"kept the previous database as {kept}" in out and "restored" in out
    assert names(netcrm) == ["Ada Lovelace"]
    assert names(netcrm, "--db", str(kept)) == ["Ada Lovelace", "Grace Hopper"]
    assert mode(isolated) == 0o600 and mode(kept) == 0o600
    assert (
        not (isolated.parent / "netcrm.db-wal").exists()
        or (isolated.parent / "netcrm.db-wal").stat().st_size == 0
    )
    # The restored database is a working one: it takes writes and passes its checks.
    netcrm("add", "Katherine Johnson")
    assert dbfiles.integrity_problems(isolated) == []


def test_restore_asks_and_refuses_without_a_terminal(
    netcrm: Netcrm, isolated: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    netcrm("add", "Ada Lovelace")
    netcrm("backup")
    copy = isolated.parent / "backups" / "netcrm-20261126-080000.db"
    netcrm("add", "Grace Hopper")
    before = isolated.read_bytes()
    assert "--yes" in refused(netcrm, "restore", str(copy))
    assert isolated.read_bytes() == before

    from netcrm.cli import common

    monkeypatch.setattr(common, "is_interactive", lambda: True)
    assert "nothing restored" in refused(netcrm, "restore", str(copy), input="n\n")
    assert isolated.read_bytes() == before
    assert len(list((isolated.parent / "backups").iterdir())) == 1
    netcrm("restore", str(copy), input="y\n")
    assert names(netcrm) == ["Ada Lovelace"]


def _newer(path: Path) -> None:
    run_sql(path, "UPDATE alembic_version SET version_num = '9999'")


def _damaged(path: Path) -> None:
    data = bytearray(path.read_bytes())
    page = 4096
    data[page * 2 : page * 2 + 200] = b"\xff" * 200  # scribble over a b-tree page
    path.write_bytes(bytes(data))


def _foreign(path: Path) -> None:
    path.unlink()
    run_sql(path, "CREATE TABLE notes (body TEXT)")


def _hollow(path: Path) -> None:
    """netcrm's application id and revision, and not one of its tables."""
    tables = [name for (name,) in _rows(path, "SELECT name FROM sqlite_master WHERE type='table'")]
    run_sql(
        path,
        *(
            f'DROP TABLE "{name}"'
            for name in tables
            # The search index's own tables go with it (FTS5 drops them itself).
            if name != "alembic_version" and not name.startswith(("sqlite_", "search_index_"))
        ),
    )


def _without_a_column(path: Path) -> None:
    # The undo history's triggers name every column, and the search index's read the contact
    # from other tables' triggers too: they go first, or SQLite refuses.
    sql = (
        "SELECT name FROM sqlite_master WHERE type='trigger'"
        " AND (tbl_name='contact' OR name GLOB 'netcrm_search_*')"
    )
    triggers = [f'DROP TRIGGER "{name}"' for (name,) in _rows(path, sql)]
    run_sql(path, *triggers, "ALTER TABLE contact DROP COLUMN notes")


def _rows(path: Path, sql: str) -> list[tuple[object, ...]]:
    connection = sqlite3.connect(path)
    try:
        return connection.execute(sql).fetchall()
    finally:
        connection.close()


@pytest.mark.parametrize(
    ("spoil", "message"),
    [
        (lambda path: path.write_bytes(b"\x00garbage" * 100), "not a SQLite file"),
        (lambda path: path.write_bytes(b""), "empty file"),
        (_foreign, "another program's SQLite database"),
        (_newer, "newer netcrm"),
        (_damaged, "integrity check"),
        # netcrm's application id and revision, and no tables (issue 9): every command failed
        (_hollow, "lacks table board_seat, table career_change, table circle_change"),
        (_without_a_column, "lacks column contact.notes"),
    ],
    ids=["random-bytes", "empty", "other-program", "newer", "damaged", "hollow", "no-column"],
)
def test_restore_refuses_unsound_files_and_changes_nothing(
    netcrm: Netcrm, isolated: Path, tmp_path: Path, spoil: object, message: str
) -> None:
    netcrm("add", "Ada Lovelace")
    candidate = tmp_path / "candidate.db"
    netcrm("backup", str(candidate))
    spoil(candidate)  # type: ignore[operator]
    source_before = candidate.read_bytes()
    before = isolated.read_bytes()
    assert message in refused(netcrm, "restore", str(candidate), "--yes")
    assert isolated.read_bytes() == before and candidate.read_bytes() == source_before
    assert not (isolated.parent / "backups").exists()


def test_restore_refuses_a_server_and_itself(netcrm: Netcrm, isolated: Path) -> None:
    netcrm("add", "Ada Lovelace")
    assert "pg_dump" in refused(netcrm, "--db", SERVER, "restore", str(isolated), "--yes")
    assert "in use" in refused(netcrm, "restore", str(isolated), "--yes")
    assert "not a file" in refused(netcrm, "restore", str(isolated.parent), "--yes")


def test_a_migration_is_preceded_by_a_backup(netcrm: Netcrm, isolated: Path) -> None:
    """An existing database at an older revision is copied aside before it is upgraded."""
    netcrm("add", "Ada Lovelace")
    # Pretend this netcrm knows one revision more than the database has.
    old = db.SCHEMA_HEAD
    new = f"{int(old) + 1:04d}"
    expected = isolated.parent / "backups" / f"netcrm-before-schema-{new}-from-{old}.db"
    upgrades: list[bool] = []

    def upgrade(engine: object, *, new: bool) -> None:
        # By the time the migration runs, the copy of the old database is complete.
        assert expected.exists() and dbfiles.integrity_problems(expected) == []
        upgrades.append(new)

    with pytest.MonkeyPatch.context() as patch:
        patch.setattr(db, "SCHEMA_HEAD", new)
        patch.setattr(db, "known_revisions", lambda: {old, new})
        patch.setattr(db, "_upgrade", upgrade)
        netcrm("list")
    assert upgrades == [False]
    assert mode(expected) == 0o600
    assert names(netcrm, "--db", str(expected)) == ["Ada Lovelace"]


def test_restore_over_a_damaged_database_keeps_its_bytes(
    netcrm: Netcrm, isolated: Path, tmp_path: Path
) -> None:
    netcrm("add", "Ada Lovelace")
    good = tmp_path / "good.db"
    netcrm("backup", str(good))
    netcrm("add", "Grace Hopper")
    _damaged(isolated)
    damaged = isolated.read_bytes()
    out = netcrm("restore", str(good), "--yes").stdout
    kept = isolated.parent / "backups" / "netcrm-20261126-080000-before-restore-damaged.db"
    assert f"kept the previous database as {kept}" in out
    assert kept.read_bytes() == damaged and mode(kept) == 0o600
    assert names(netcrm) == ["Ada Lovelace"]
    assert dbfiles.integrity_problems(isolated) == []


# ---- issue 9, section 6: backups and restores that cannot be hollow ---------------------------


def test_a_file_lacking_what_its_revision_promises_is_neither_opened_nor_backed_up(
    netcrm: Netcrm, tmp_path: Path
) -> None:
    candidate = tmp_path / "candidate.db"
    netcrm("--db", str(candidate), "add", "Ada Lovelace")
    _hollow(candidate)
    assert _rows(candidate, "PRAGMA application_id") == [(dbfiles.APPLICATION_ID,)]
    assert _rows(candidate, "SELECT version_num FROM alembic_version") == [(db.SCHEMA_HEAD,)]
    for command in (["list"], ["backup", str(tmp_path / "copy.db")]):
        line = refused(netcrm, "--db", str(candidate), *command, db=candidate)
        assert "not a complete netcrm database (schema" in line and "table contact" in line
    assert not (tmp_path / "copy.db").exists()
    report = netcrm("--db", str(candidate), "doctor", code=1).stdout
    assert "FAIL tables: " in report and "fix: restore the newest good backup" in report


def test_a_damaged_database_is_not_backed_up_and_leaves_no_file(
    netcrm: Netcrm, isolated: Path
) -> None:
    netcrm("add", "Ada Lovelace", "--notes", "x" * 20_000)
    _damaged(isolated)
    assert "the copy failed its integrity check" in refused(netcrm, "backup")
    assert list((isolated.parent / "backups").iterdir()) == []


def test_restore_while_another_program_holds_the_database_is_refused(
    netcrm: Netcrm, isolated: Path
) -> None:
    netcrm("add", "Ada Lovelace")
    netcrm("backup")
    folder = isolated.parent / "backups"
    netcrm("add", "Grace Hopper")
    holder = sqlite3.connect(isolated)  # an open connection, as a GUI browser keeps one
    try:
        holder.execute("SELECT count(*) FROM contact").fetchone()
        line = refused(netcrm, "restore", str(folder / "netcrm-20261126-080000.db"), "--yes")
    finally:
        holder.close()
    assert "another program has the database open" in line and "nothing was restored" in line
    # Nothing was copied aside and no temporary copy was left behind.
    assert sorted(entry.name for entry in folder.iterdir()) == ["netcrm-20261126-080000.db"]
    assert sorted(entry.name for entry in isolated.parent.iterdir()) == ["backups", "netcrm.db"]
    assert names(netcrm) == ["Ada Lovelace", "Grace Hopper"]


def _killed(at: str, *args: str) -> None:
    """Run the CLI in a child process that SIGKILLs itself at `at`, as a power cut would."""
    from typer.main import get_command

    from netcrm.cli import app
    from workers import fork, wait

    def work() -> None:
        def die(*_args: object, **_kwargs: object) -> None:
            os.kill(os.getpid(), signal.SIGKILL)

        if at == "backup":  # once the copy has begun: its first page written, the rest not
            real = sqlite3.connect

            class Dying(sqlite3.Connection):
                def backup(self, target: sqlite3.Connection, **_kwargs: object) -> None:  # type: ignore[override]
                    super().backup(target, pages=1, progress=die)

            sqlite3.connect = lambda *a, **k: real(*a, **k, factory=Dying)  # type: ignore[assignment]
        else:  # while a new database's schema is being built
            db._upgrade = die  # type: ignore[assignment]
        get_command(app).main(list(args), prog_name="netcrm", standalone_mode=False)

    assert wait(fork(work)) == -signal.SIGKILL


def _age(*paths: Path) -> None:
    """Make files look an hour old: a leftover counts as stale only once it is not fresh."""
    old = time.time() - 3600
    for path in paths:
        os.utime(path, (old, old))


def test_a_backup_killed_mid_copy_leaves_no_backup_that_keep_would_count(
    netcrm: Netcrm, isolated: Path
) -> None:
    netcrm("add", "Ada Lovelace", "--notes", "x" * 20_000)  # a few pages, so a copy takes steps
    netcrm("backup")
    folder = isolated.parent / "backups"
    _killed("backup", "backup")
    partial = sorted(entry for entry in folder.iterdir() if entry.name.startswith("."))
    assert sorted(entry.name for entry in folder.iterdir() if entry not in partial) == [
        "netcrm-20261126-080000.db"
    ]
    assert partial and all(path.name.startswith(".netcrm.db.copy-") for path in partial), partial
    # --keep 1 keeps the one complete backup; the partial copy is no backup at all.
    netcrm("backup", "--keep", "1")
    assert "netcrm-20261126-080000-1.db" in {entry.name for entry in folder.iterdir()}
    assert not (folder / "netcrm-20261126-080000.db").exists()  # pruned: it was counted
    assert all(path.exists() for path in partial), "a fresh leftover is not touched yet"
    _age(*partial)
    report = netcrm("doctor", code=1).stdout
    assert "FAIL leftovers: " in report and str(partial[0]) in report and "fix: " in report
    assert f"rm {partial[0]}" in report
    netcrm("backup")  # the next backup tidies what the killed one left
    assert not any(path.exists() for path in partial)
    assert "ok   leftovers" in netcrm("doctor").stdout


def test_a_killed_add_on_a_fresh_path_leaves_nothing_after_the_next_command(
    netcrm: Netcrm, tmp_path: Path
) -> None:
    target = tmp_path / "fresh" / "n.db"
    _killed("add", "--db", str(target), "add", "Ada")
    assert not target.exists()
    temps = list(target.parent.glob(".n.db.new-*"))
    assert temps, "the kill left its temporary database behind"
    _age(*temps)
    assert "FAIL leftovers" in netcrm("--db", str(target), "doctor", code=1).stdout
    netcrm("--db", str(target), "add", "Ada")
    assert sorted(entry.name for entry in target.parent.iterdir()) == ["n.db"]
    # A temporary file of a process that still runs is never removed, however old.
    alive = target.parent / f".n.db.new-{os.getppid()}"
    alive.write_bytes(b"being written")
    _age(alive)
    netcrm("--db", str(target), "list")
    assert alive.exists()
