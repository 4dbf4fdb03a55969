"""Files that are not netcrm databases are refused untouched; read-only ones fail clearly."""

import json
import os
import random
import shutil
import tempfile
from collections.abc import Callable, Iterator
from pathlib import Path

import pytest
from typer.testing import CliRunner

from conftest import Netcrm
from helpers import refused
from netcrm.cli import app
from rawsql import run_sql
from workers import fork, wait

pytestmark = pytest.mark.sqlite_only

COMMANDS = [
    ["add", "Ada"],
    ["list"],
    ["due"],
    ["show", "ada"],
    ["log", "ada", "coffee"],
    ["edit", "ada", "--notes", "x"],
    ["archive", "ada"],
    ["snooze", "ada", "--until", "in 2w"],
    ["done", "ada"],
    ["rm", "ada", "--yes"],
    ["forget", "ada", "--yes"],
    ["backup"],
]


def _random_bytes(path: Path) -> None:
    path.write_bytes(random.Random(5).randbytes(8192))


def _empty(path: Path) -> None:
    path.write_bytes(b"")


def _other_program(path: Path, journal: str) -> None:
    run_sql(
        path,
        f"PRAGMA journal_mode={journal}",
        "CREATE TABLE photos (id INTEGER PRIMARY KEY, caption TEXT)",
        "INSERT INTO photos (caption) VALUES ('beach')",
    )


def _newer_netcrm(path: Path) -> None:
    result = CliRunner().invoke(app, ["--db", str(path), "add", "Ada"])
    assert result.exit_code == 0
    run_sql(path, "UPDATE alembic_version SET version_num = '9999'")


KINDS: dict[str, tuple[Callable[[Path], None], str]] = {
    "random-bytes": (_random_bytes, "not a netcrm database (not a SQLite file)"),
    "empty": (_empty, "not a netcrm database (an empty file)"),
    "other-sqlite": (
        lambda path: _other_program(path, "delete"),
        "not a netcrm database (another program's SQLite database)",
    ),
    "other-sqlite-wal": (
        lambda path: _other_program(path, "wal"),
        "not a netcrm database (another program's SQLite database)",
    ),
    "newer-netcrm": (_newer_netcrm, "made by a newer netcrm (schema 9999)"),
}


@pytest.mark.parametrize("kind", sorted(KINDS))
def test_files_that_are_not_ours_are_refused_and_left_unchanged(
    netcrm: Netcrm, tmp_path: Path, kind: str
) -> None:
    folder = tmp_path / "files"
    folder.mkdir()
    path = folder / "thing.db"
    make, message = KINDS[kind]
    make(path)
    before = path.read_bytes()
    for command in COMMANDS:
        line = refused(netcrm, "--db", str(path), *command, db=path)  # one line, path untouched
        assert message in line, (command, line)
    assert path.read_bytes() == before
    assert sorted(entry.name for entry in folder.iterdir()) == ["thing.db"]


NOBODY = 65534


def _as_nobody(args: list[str]) -> tuple[int, str]:
    """Run the CLI as an unprivileged user (root ignores file modes); exit code and stderr."""
    if os.geteuid() != 0:
        result = CliRunner().invoke(app, args)
        return result.exit_code, result.stderr
    reader, writer = os.pipe()

    def child() -> None:
        os.setgid(NOBODY)
        os.setuid(NOBODY)
        result = CliRunner().invoke(app, args)
        os.write(writer, json.dumps([result.exit_code, result.stderr]).encode())

    pid = fork(child)
    os.close(writer)
    with os.fdopen(reader, "rb") as pipe:
        data = pipe.read()
    assert wait(pid) == 0
    code, err = json.loads(data)
    return int(code), str(err)


@pytest.fixture
def owned_folder() -> Iterator[Path]:
    """A folder the unprivileged user owns (tmp_path lies under a root-only folder)."""
    base = Path(tempfile.mkdtemp(prefix="netcrm-ro-"))
    try:
        yield base
    finally:
        shutil.rmtree(base, ignore_errors=True)


def _give_away(base: Path) -> None:
    if os.geteuid() == 0:
        for entry in [base, *base.rglob("*")]:
            os.chown(entry, NOBODY, NOBODY)


def test_read_only_database_file_gives_a_clear_error(netcrm: Netcrm, owned_folder: Path) -> None:
    db = owned_folder / "data" / "netcrm.db"
    netcrm("--db", str(db), "add", "Ada Lovelace")
    _give_away(owned_folder)
    db.chmod(0o400)
    before = db.read_bytes()
    code, err = _as_nobody(["--db", str(db), "add", "Grace"])
    assert code == 1 and "read-only" in err and err.count("\n") == 1, err
    assert db.read_bytes() == before


def test_read_only_folder_gives_a_clear_error(netcrm: Netcrm, owned_folder: Path) -> None:
    db = owned_folder / "data" / "netcrm.db"
    netcrm("--db", str(db), "add", "Ada Lovelace")
    _give_away(owned_folder)
    db.parent.chmod(0o500)
    before = db.read_bytes()
    for command in (["add", "Grace"], ["list"]):
        code, err = _as_nobody(["--db", str(db), *command])
        assert code == 1 and "is read-only" in err and err.count("\n") == 1, err
    new = owned_folder / "data" / "sub" / "new.db"
    code, err = _as_nobody(["--db", str(new), "list"])
    assert code == 1 and "cannot create database" in err and "Traceback" not in err, err
    assert db.read_bytes() == before
