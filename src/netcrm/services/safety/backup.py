"""Backups and restores of the SQLite database file.

A backup is a consistent copy taken while netcrm may be running (SQLite's online backup API),
checked with `integrity_check`, private to its owner. A restore checks the file it is given
as thoroughly as `open` would, keeps a copy of the database it replaces, and swaps the files
in one rename. On a database server these are the server's job: both refuse and say so.
"""

import os
import re
import shutil
from collections.abc import Callable
from dataclasses import dataclass
from datetime import datetime
from pathlib import Path

from netcrm.core.errors import UserError
from netcrm.core.paths import expand
from netcrm.store import dbfiles
from netcrm.store.db import backups_dir, check_revision, inspect_sqlite, is_url

_SERVER_HINT = (
    "on a database server, use the server's own tools: pg_dump and pg_restore (see docs/team.md)"
)


@dataclass(frozen=True)
class BackupDone:
    """Where the copy went, its size, and the older copies `--keep` removed."""

    path: Path
    size: int
    pruned: list[Path]


@dataclass(frozen=True)
class RestoreDone:
    """The database now in place, its schema revision, and the copy kept of the old one."""

    path: Path
    revision: str
    kept: Path | None


def database_file(target: str, action: str) -> Path:
    """The SQLite file behind `target`; a server URL is refused with what to use instead."""
    if is_url(target):
        raise UserError(f"{action} copies SQLite files; {_SERVER_HINT}")
    return Path(target)


def backup(target: str, dest: str | None, keep: int | None, now: datetime) -> BackupDone:
    """Copy the database to `dest` (a new file or a folder; default `backups/` beside it)."""
    path = database_file(target, "backup")
    if keep is not None and keep < 1:
        raise UserError("--keep takes a number of backups >= 1")
    if not path.is_file():
        raise UserError(f"no database at {path} yet: nothing to back up")
    check_revision(inspect_sqlite(path), str(path))
    chosen = expand(dest) if dest else backups_dir(path)
    if dest and not chosen.is_dir():
        if chosen.exists():
            raise UserError(f"{chosen} already exists; give a new file name or a folder")
        dbfiles.make_private_dir(chosen.parent)
        dbfiles.copy_database(path, chosen)
        folder = chosen.parent
    else:
        folder = chosen
        dbfiles.make_private_dir(folder)
        chosen = _copy_to_new_name(path, folder, f"{path.stem}-{now:%Y%m%d-%H%M%S}")
    problems = dbfiles.integrity_problems(chosen)
    if problems:
        chosen.unlink()
        raise UserError(f"the copy failed its integrity check ({problems[0]}); run `netcrm doctor`")
    pruned = prune(folder, path.stem, keep) if keep else []
    return BackupDone(chosen, chosen.stat().st_size, pruned)


def _copy_to_new_name(path: Path, folder: Path, stem: str) -> Path:
    """Copy into `folder` as `stem.db`, or `stem-1.db`... when a copy of that second exists."""
    for attempt in range(1000):
        dest = folder / (f"{stem}.db" if attempt == 0 else f"{stem}-{attempt}.db")
        try:
            dbfiles.copy_database(path, dest)
        except FileExistsError:
            continue
        return dest
    raise UserError(f"cannot find a free backup name in {folder}; tidy it and try again")


def timestamped(folder: Path, stem: str) -> list[Path]:
    """The timestamped backups of the database `stem` in `folder`, oldest first."""
    pattern = re.compile(re.escape(stem) + r"-(\d{8}-\d{6})(?:-(\d+))?\.db")
    found = []
    for entry in folder.iterdir():
        match = pattern.fullmatch(entry.name)
        if match and entry.is_file():
            found.append(((match.group(1), int(match.group(2) or 0)), entry))
    return [entry for _, entry in sorted(found)]


def prune(folder: Path, stem: str, keep: int) -> list[Path]:
    """Delete all but the `keep` newest timestamped backups; other files are never touched."""
    old = timestamped(folder, stem)[:-keep]
    for entry in old:
        entry.unlink()
    return old


def restore(target: str, source: str, confirm: Callable[[str], bool], now: datetime) -> RestoreDone:
    """Put the database at `source` in place of the one in use, once `confirm` agrees."""
    path = database_file(target, "restore")
    src = expand(source)
    if not src.is_file():
        raise UserError(f"{src} is not a file; give the path of a netcrm backup")
    if path.exists() and src.resolve() == path.resolve():
        raise UserError(f"{src} is the database in use; give a backup to restore from")
    revision = inspect_sqlite(src)
    check_revision(revision, str(src))
    problems = dbfiles.integrity_problems(src)
    if problems:
        raise UserError(f"{src} fails its integrity check ({problems[0]}); nothing restored")
    if not confirm(f"Replace {path} with {src}? A copy of the current one is kept."):
        raise UserError("nothing restored")
    dbfiles.make_private_dir(path.parent)
    temp = path.with_name(f".{path.name}.restore-{os.getpid()}")
    temp.unlink(missing_ok=True)
    dbfiles.copy_database(src, temp)
    try:
        if not path.exists():
            kept = None
            os.replace(temp, path)
        elif _sound(path):
            kept = _keep_current(path, now)
            _swap(temp, path)
        else:  # restoring over a damaged or foreign file: keep its raw bytes instead
            kept = _keep_raw(path, now)
            os.replace(temp, path)
            for name in (path.name + "-wal", path.name + "-shm", path.name + "-journal"):
                path.with_name(name).unlink(missing_ok=True)
    finally:
        temp.unlink(missing_ok=True)
    return RestoreDone(path, revision, kept)


def _sound(path: Path) -> bool:
    """True when the file is a netcrm database that passes its integrity check."""
    try:
        inspect_sqlite(path)
    except UserError:
        return False
    return not dbfiles.integrity_problems(path)


def _keep_current(path: Path, now: datetime) -> Path:
    """Copy the database about to be replaced into `backups/` (never pruned by --keep)."""
    folder = backups_dir(path)
    dbfiles.make_private_dir(folder)
    return _copy_to_new_name(path, folder, f"{path.stem}-{now:%Y%m%d-%H%M%S}-before-restore")


def _keep_raw(path: Path, now: datetime) -> Path:
    """Copy a file SQLite cannot copy, and its -wal and -journal, byte for byte, privately."""
    folder = backups_dir(path)
    dbfiles.make_private_dir(folder)
    dest = folder / f"{path.stem}-{now:%Y%m%d-%H%M%S}-before-restore-damaged.db"
    for source in dbfiles.companions(path):
        if source.name.endswith("-shm"):
            continue  # an index rebuilt from the WAL: nothing of value
        copy = dest.with_name(dest.name + source.name.removeprefix(path.name))
        dbfiles.create_private_file(copy)
        shutil.copyfile(source, copy)
    return dest


def _swap(new: Path, path: Path) -> None:
    """Rename `new` over `path` while holding SQLite's exclusive lock on the old file.

    The old file is first folded out of WAL mode, so no -wal file is left that SQLite could
    pair with the new one; the lock keeps other netcrm processes from writing meanwhile.
    """
    if not path.exists():
        os.replace(new, path)
        return
    dbfiles.settle(path)
    with dbfiles.connect(path) as connection:
        connection.execute("BEGIN EXCLUSIVE")
        wal = path.with_name(path.name + "-wal")
        if wal.exists() and wal.stat().st_size > 0:
            connection.execute("ROLLBACK")
            raise UserError("another netcrm command is using the database; try again")
        os.replace(new, path)
        connection.execute("ROLLBACK")
