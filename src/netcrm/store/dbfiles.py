"""File-level work on SQLite databases: private files, online copies, checks, scrubbing.

Everything here speaks to SQLite directly through the standard library's `sqlite3`, below
SQLAlchemy: the backup API, `integrity_check` and `VACUUM` are file operations, and a file
that is not ours must be refused from its header alone, before any connection could leave a
`-wal` or `-shm` file beside it.
"""

import os
import sqlite3
import struct
from collections.abc import Iterator
from contextlib import closing, contextmanager
from pathlib import Path

from netcrm.core.errors import UserError

# The newest Alembic revision this code knows; tests check it matches migrations/versions.
# (store.db re-exports it: it lives here so the lean read path knows it without SQLAlchemy.)
SCHEMA_HEAD = "0006"
# `PRAGMA application_id` marks a SQLite file as ours ("ncrm"); see sqlite.org/pragma.html.
APPLICATION_ID = 0x6E63726D
SQLITE_HEADER = b"SQLite format 3\x00"
# The application id sits at byte 68 of the 100-byte header, big-endian (sqlite.org/fileformat).
_APPLICATION_ID_AT = 68
# How long a command waits for another writer (cron and a person) before giving up.
BUSY_TIMEOUT_MS = 30_000
# Other people's notes: readable by their owner only.
PRIVATE_FILE = 0o600
PRIVATE_DIR = 0o700


class NotOurs(Exception):
    """The file is not a netcrm database; the message says what it is instead."""


def header_kind(path: Path) -> str | None:
    """None when the file starts like a netcrm database, else what it is instead.

    Reads 100 bytes and nothing else: a foreign file is never opened by SQLite.
    """
    with path.open("rb") as handle:
        header = handle.read(100)
    if not header:
        return "an empty file"
    if not header.startswith(SQLITE_HEADER) or len(header) < 100:
        return "not a SQLite file"
    (application_id,) = struct.unpack(">I", header[_APPLICATION_ID_AT : _APPLICATION_ID_AT + 4])
    if application_id != APPLICATION_ID:
        return "another program's SQLite database"
    return None


@contextmanager
def connect(path: Path) -> Iterator[sqlite3.Connection]:
    """A plain connection that waits for writers; closing the last one tidies -wal and -shm."""
    with closing(sqlite3.connect(path, timeout=BUSY_TIMEOUT_MS / 1000)) as connection:
        connection.isolation_level = None  # autocommit: PRAGMAs and VACUUM run as given
        yield connection


def schema_revision(path: Path) -> str:
    """The Alembic revision stored in a file whose header is ours; NotOurs when it has none."""
    kind = header_kind(path)
    if kind:
        raise NotOurs(kind)
    with connect(path) as connection:
        tables = {row[0] for row in connection.execute("SELECT name FROM sqlite_master")}
        if "alembic_version" not in tables:
            raise NotOurs("marked as netcrm's but holds no schema")
        row = connection.execute("SELECT version_num FROM alembic_version").fetchone()
    if row is None:
        raise NotOurs("marked as netcrm's but holds no schema revision")
    return str(row[0])


def integrity_problems(path: Path) -> list[str]:
    """What `PRAGMA integrity_check` reports; empty when the file is sound."""
    try:
        with connect(path) as connection:
            rows = [str(row[0]) for row in connection.execute("PRAGMA integrity_check")]
    except sqlite3.DatabaseError as exc:  # too damaged to even run the check
        return [str(exc)]
    return [] if rows == ["ok"] else rows


def foreign_key_problems(path: Path) -> list[str]:
    """Rows whose foreign key points nowhere, as `table row N -> parent`."""
    with connect(path) as connection:
        rows = connection.execute("PRAGMA foreign_key_check").fetchall()
    return [f"{table} row {rowid} -> {parent}" for table, rowid, parent, _ in rows]


def make_private_dir(path: Path) -> None:
    """Create a folder readable by its owner only, and any missing parents the same way."""
    missing = [folder for folder in [path, *path.parents] if not folder.exists()]
    for folder in reversed(missing):
        # mode is filtered by the umask; owner-only survives any sane umask.
        folder.mkdir(mode=PRIVATE_DIR, exist_ok=True)


def create_private_file(path: Path) -> None:
    """Create an empty file readable by its owner only; FileExistsError when it exists."""
    os.close(os.open(path, os.O_CREAT | os.O_EXCL | os.O_WRONLY, PRIVATE_FILE))


def copy_database(source: Path, dest: Path) -> None:
    """A consistent copy of a live database into a new private file, through the backup API.

    The copy uses a rollback journal, so it is one self-contained file that can be moved,
    mailed to oneself or restored without its -wal file.
    """
    create_private_file(dest)
    try:
        with connect(source) as reader, connect(dest) as writer:
            reader.backup(writer)
            writer.execute("PRAGMA journal_mode=DELETE")
    except BaseException:
        dest.unlink(missing_ok=True)
        raise


def copy_to_free_name(source: Path, folder: Path, stem: str) -> Path:
    """Copy `source` into `folder` as `stem.db`, or `stem-1.db`... when that name is taken.

    The name is claimed by creating the file (O_EXCL), so two copies made in the same second
    never overwrite each other. Returns where the copy went.
    """
    for attempt in range(1000):
        dest = folder / (f"{stem}.db" if attempt == 0 else f"{stem}-{attempt}.db")
        try:
            copy_database(source, dest)
        except FileExistsError:
            continue
        return dest
    raise UserError(f"cannot find a free backup name in {folder}; tidy it and try again")


def settle(path: Path) -> None:
    """Fold the WAL into the file and leave it in rollback-journal mode, with no -wal or -shm.

    Run before the file is replaced, so no stale WAL can ever be paired with a new file.
    """
    with connect(path) as connection:
        connection.execute("PRAGMA wal_checkpoint(TRUNCATE)")
        connection.execute("PRAGMA journal_mode=DELETE")


def scrub(path: Path) -> bool:
    """Rewrite the file so deleted rows leave no trace in free pages or in the WAL.

    VACUUM rebuilds every page from live rows only (secure_delete zeroes what it frees on the
    way); the TRUNCATE checkpoint copies the result into the file and empties the WAL, which
    still held the old pages. False when another process kept the WAL from being emptied.
    """
    with connect(path) as connection:
        connection.execute("PRAGMA secure_delete=ON")
        connection.execute("VACUUM")
        busy, _, _ = connection.execute("PRAGMA wal_checkpoint(TRUNCATE)").fetchone()
    wal = path.with_name(path.name + "-wal")
    return busy == 0 and (not wal.exists() or wal.stat().st_size == 0)


def too_open(path: Path) -> bool:
    """True when group or others may read, write or enter the file or folder."""
    return path.stat().st_mode & 0o077 != 0


def companions(path: Path) -> list[Path]:
    """The database file and the -wal, -shm and -journal files beside it that exist."""
    names = [path.name + suffix for suffix in ("", "-wal", "-shm", "-journal")]
    return [path.with_name(name) for name in names if path.with_name(name).exists()]
