"""Commands on a full disk: one line saying so, and nothing half written (issue 9, section 5).

Two ways to run out of room, each a real one:
- `tmpfs`: a small tmpfs mounted for the test and filled to the brim, so writes fail with
  ENOSPC (SQLite: "database or disk is full"). Mounting needs root; elsewhere it is skipped
  with that reason.
- `fsize`: the command runs with RLIMIT_FSIZE (`ulimit -f`) below what it must write, so
  writes fail with EFBIG ("File too large"; SQLite: "disk I/O error"). Any user can do this,
  so CI runs it even where it cannot mount.
The command under test runs in its own process (so the limit is its own); setting up and
looking afterwards, with room again, run in-process.
"""

import json
import os
import resource
import shutil
import subprocess
import sys
from collections.abc import Iterator
from pathlib import Path

import pytest
from typer.testing import CliRunner

from helpers import one_line_error
from netcrm.cli import app
from netcrm.store import dbfiles

SECRET = "Quetzal-Sapphire-4471"
BIG = "x" * 100_000  # larger than the room left (an argument may be at most 128 kB)


# Run netcrm on a SQLite without secure-delete as its default (this Debian build has it on),
# so that only netcrm's own `PRAGMA secure_delete=ON` zeroes what a delete frees.
SECURE_DELETE_OFF = """
import sqlite3, sqlite3.dbapi2
plain = sqlite3.connect
def connect(*args, **kwargs):
    connection = plain(*args, **kwargs)
    connection.execute("PRAGMA secure_delete=OFF")
    return connection
sqlite3.connect = sqlite3.dbapi2.connect = connect  # SQLAlchemy calls the dbapi2 one
from netcrm.cli import main
main()
"""


class Disk:
    """A folder where writing runs out of room once `fill` is called."""

    def __init__(self, how: str, folder: Path) -> None:
        self.how, self.folder, self.limit = how, folder, None
        self.db = folder / "netcrm.db"

    def fill(self, room: int) -> None:
        """From now on about `room` bytes can still be written (for fsize: per file)."""
        if self.how == "fsize":
            self.limit = room
            return
        filler = self.folder / "filler"
        with filler.open("wb") as handle:
            try:
                while True:
                    handle.write(b"\0" * 65536)
                    handle.flush()
            except OSError:
                pass
        os.truncate(filler, max(0, filler.stat().st_size - room))

    def room_again(self) -> None:
        self.limit = None
        (self.folder / "filler").unlink(missing_ok=True)

    def run(self, *args: str, stdin: str = "", plain: bool = False) -> tuple[int, str, str]:
        """`python -m netcrm --db DISK/netcrm.db ARGS`, within the limits set.

        `plain`: on a SQLite whose connections start with secure_delete off.
        """
        start = ["-c", SECURE_DELETE_OFF] if plain else ["-m", "netcrm"]

        def limited() -> None:
            if self.limit is not None:
                resource.setrlimit(resource.RLIMIT_FSIZE, (self.limit, self.limit))

        done = subprocess.run(
            [sys.executable, *start, "--db", str(self.db), *args],
            capture_output=True,
            text=True,
            input=stdin,
            preexec_fn=limited,  # only sets a limit, in the child before it runs netcrm
            timeout=120,
            check=False,
        )
        return done.returncode, done.stdout, done.stderr

    def ok(self, *args: str) -> str:
        """Run in-process, with room (setting up and looking afterwards): quicker."""
        assert self.limit is None
        result = CliRunner().invoke(app, ["--db", str(self.db), *args])
        assert result.exit_code == 0, (result.stderr, result.exception)
        return result.stdout

    def says_full(self, err: str) -> None:
        """The one line names the lack of room the way this mechanism produces it."""
        line = one_line_error(err)
        words = ["the disk is full"] if self.how == "tmpfs" else ["File too large", "disk I/O"]
        assert any(word in line for word in words), line


@pytest.fixture(params=["tmpfs", "fsize"])
def disk(request: pytest.FixtureRequest, tmp_path: Path) -> Iterator[Disk]:
    folder = tmp_path / "disk"
    folder.mkdir(mode=0o700)
    if request.param == "tmpfs":
        if os.geteuid() != 0 or not shutil.which("mount"):
            pytest.skip("tmpfs: mounting a small tmpfs needs root (the fsize variant runs)")
        mounted = subprocess.run(
            ["mount", "-t", "tmpfs", "-o", "size=2m,mode=0700", "tmpfs", str(folder)],
            capture_output=True,
            text=True,
            check=False,
        )
        if mounted.returncode != 0:
            pytest.skip(f"tmpfs: cannot mount one here: {mounted.stderr.strip()}")
    try:
        yield Disk(request.param, folder)
    finally:
        if request.param == "tmpfs":
            subprocess.run(["umount", "-l", str(folder)], capture_output=True, check=False)


def _populate(disk: Disk) -> None:
    disk.ok("add", "Ada Lovelace", "--notes", "y" * 30_000)
    disk.ok("add", f"Erin {SECRET}", "--notes", f"notes {SECRET}")
    disk.ok("log", "ada", "first coffee")


def _sound(disk: Disk) -> dict[str, object]:
    """With room again: the database passes its checks; Ada as `show --json` prints her."""
    disk.room_again()
    assert dbfiles.integrity_problems(disk.db) == []
    shown = json.loads(disk.ok("show", "ada", "--json"))
    assert isinstance(shown, dict)
    return shown


def _room(disk: Disk) -> int:
    """Room that lets a command open the database but not write much: for tmpfs, the
    -shm file's 32 kB and a little; for fsize, just past the database file's size."""
    return 48 * 1024 if disk.how == "tmpfs" else disk.db.stat().st_size + 8192


@pytest.mark.slow
def test_log(disk: Disk) -> None:
    _populate(disk)
    disk.fill(_room(disk))
    code, out, err = disk.run("log", "ada", "-", stdin=BIG * 2)
    assert code == 1 and out == ""
    disk.says_full(err)
    assert [row["summary"] for row in _sound(disk)["interactions"]] == ["first coffee"]  # type: ignore[index]


@pytest.mark.slow
def test_backup(disk: Disk) -> None:
    _populate(disk)
    disk.ok("backup")
    before = sorted(path.name for path in (disk.folder / "backups").iterdir())
    disk.fill(8192 if disk.how == "tmpfs" else disk.db.stat().st_size // 2)
    code, out, err = disk.run("backup")
    assert code == 1 and out == ""
    disk.says_full(err)
    assert sorted(path.name for path in (disk.folder / "backups").iterdir()) == before
    _sound(disk)


@pytest.mark.slow
def test_export(disk: Disk) -> None:
    _populate(disk)
    disk.ok("edit", "ada", "--notes", BIG)
    earlier = disk.folder / "netcrm.json"
    earlier.write_text("yesterday's export")
    disk.fill(_room(disk) if disk.how == "tmpfs" else 50_000)
    code, out, err = disk.run("export", "json", "-o", str(earlier))
    assert code == 1 and out == ""
    disk.says_full(err)
    assert f"cannot write {earlier}" in err and "nothing was written" in err
    assert earlier.read_text() == "yesterday's export"  # the earlier export is untouched
    assert not [path for path in disk.folder.iterdir() if ".export-" in path.name]
    _sound(disk)


@pytest.mark.slow
def test_restore(disk: Disk, tmp_path: Path) -> None:
    _populate(disk)
    backup = tmp_path / "good.db"  # on another disk, with room
    disk.ok("backup", str(backup))
    disk.ok("add", "Grace Hopper")
    disk.fill(8192 if disk.how == "tmpfs" else disk.db.stat().st_size // 2)
    code, out, err = disk.run("restore", str(backup), "--yes")
    assert code == 1 and out == ""
    disk.says_full(err)
    left = sorted(path.name for path in disk.folder.iterdir() if path.name != "filler")
    assert left in (["netcrm.db"], ["backups", "netcrm.db"]), left
    assert not (disk.folder / "backups").exists() or not list((disk.folder / "backups").iterdir())
    _sound(disk)
    assert "Grace Hopper" in disk.ok("list")  # the database in use was not replaced


@pytest.mark.slow
def test_forget(disk: Disk) -> None:
    _populate(disk)
    if disk.how == "tmpfs":
        # A full disk: refused before anyone is erased, rather than half done.
        disk.fill(_room(disk))
        code, out, err = disk.run("forget", "erin", "--yes")
        assert code == 1 and out == ""
        line = one_line_error(err)
        assert "the disk is full" in line and "nothing was erased" in line, line
        disk.room_again()
        assert SECRET in disk.ok("list")
        return
    # A file size limit that lets the delete through but not the rewrite (VACUUM): the
    # person is erased, their text overwritten, and the output says what was not done. With
    # VACUUM failing, only secure_delete clears the freed text: this is the test that fails
    # when netcrm stops setting it (on a SQLite that does not default to it).
    # The limit is the file's own size: the checkpoint rewrites pages inside the file and gets
    # through, while VACUUM needs a whole second copy (in the WAL and the temporary folder).
    disk.fill(disk.db.stat().st_size)
    code, out, err = disk.run("forget", "erin", "--yes", plain=True)
    assert code == 0, err
    assert f"erased #2 Erin {SECRET}" in out
    assert err.count("\n") == 1 and "the file was not compacted" in err, err
    disk.room_again()
    assert SECRET not in disk.ok("list")
    raw = b"".join(path.read_bytes() for path in dbfiles.companions(disk.db))
    assert SECRET.encode() not in raw
    _sound(disk)
