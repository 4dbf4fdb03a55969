"""`netcrm restore`: put a backup in place of the database in use, keeping the old one.

The file given is checked as thoroughly as opening it would (header, schema revision,
integrity), a copy of the database it replaces is kept in `backups/`, and the files are
swapped in one rename. On a database server this is pg_restore's job: it refuses and says so.
"""

import os
import shutil
import sqlite3
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from dataclasses import dataclass
from datetime import datetime
from pathlib import Path

from netcrm.core.errors import UserError
from netcrm.core.paths import expand
from netcrm.services.safety.backup import database_file
from netcrm.store import dbfiles, undo
from netcrm.store.db import SCHEMA_HEAD, backups_dir, check_revision, inspect_sqlite, open_session


@dataclass(frozen=True)
class RestoreDone:
    """The database now in place, its schema revision, and the copy kept of the old one."""

    path: Path
    revision: str
    kept: Path | None


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
    with dbfiles.private_copy(src, path.parent) as temp, _in_use_refused():
        if not path.exists():
            kept = None
            _mark(temp, src, kept, revision, now)
            os.replace(temp, path)
        elif _sound(path):
            # Folded out of WAL mode first: it fails at once when another program has the
            # database open, before anything was copied or changed.
            dbfiles.settle(path)
            kept = _keep_current(path, now)
            _mark(temp, src, kept, revision, now)
            _swap(temp, path)
        else:  # restoring over a damaged or foreign file: keep its raw bytes instead
            kept = _keep_raw(path, now)
            _mark(temp, src, kept, revision, now)
            os.replace(temp, path)
            for name in (path.name + "-wal", path.name + "-shm", path.name + "-journal"):
                path.with_name(name).unlink(missing_ok=True)
    return RestoreDone(path, revision, kept)


def _mark(temp: Path, source: Path, kept: Path | None, revision: str, now: datetime) -> None:
    """Note the restore in the restored copy's undo history, where undo stops.

    The copy's history describes the backup's own past, so undo could still take back the
    writes made before the backup; but the restore itself replaced the whole file and is no
    write undo can revert, so the history says how to go back instead. A backup from an older
    schema has no history that could mislead: the next command upgrades it.
    """
    if revision != SCHEMA_HEAD:
        return
    back = f"; to go back: netcrm restore {kept}" if kept else ""
    with open_session(str(temp), write=True) as session:
        undo.mark(session, "restore", f"replaced the database with {source}{back}", now, revision)
    dbfiles.settle(temp)  # one self-contained file again, no -wal beside it


@contextmanager
def _in_use_refused() -> Iterator[None]:
    """Turn SQLite's "database is locked" into the one line saying what to do."""
    try:
        yield
    except sqlite3.OperationalError as exc:
        if exc.sqlite_errorname not in ("SQLITE_BUSY", "SQLITE_LOCKED"):
            raise
        raise UserError(
            "another program has the database open (database is locked); close it, or let "
            "the other netcrm command finish, and restore again: nothing was restored"
        ) from None


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
    return dbfiles.copy_to_free_name(
        path, folder, f"{path.stem}-{now:%Y%m%d-%H%M%S}-before-restore"
    )


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

    The old file was folded out of WAL mode (`dbfiles.settle`), so no -wal file is left that
    SQLite could pair with the new one; the lock keeps other netcrm processes from writing
    meanwhile, and a WAL that reappeared since means one did: refused.
    """
    if not path.exists():
        os.replace(new, path)
        return
    with dbfiles.connect(path) as connection:
        connection.execute("BEGIN EXCLUSIVE")
        wal = path.with_name(path.name + "-wal")
        if wal.exists() and wal.stat().st_size > 0:
            connection.execute("ROLLBACK")
            raise UserError("another netcrm command is using the database; try again")
        os.replace(new, path)
        connection.execute("ROLLBACK")
