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
from contextlib import closing, contextmanager, suppress
from pathlib import Path
from typing import NamedTuple

from netcrm.core.errors import UserError
from netcrm.core.paths import NotAFileError, read_file
from netcrm.store import tempfiles

# The newest Alembic revision this code knows; tests check it matches migrations/versions.
# (store.db re-exports it: it lives here so the lean read path knows it without SQLAlchemy.)
SCHEMA_HEAD = "0010"
# `PRAGMA application_id` marks a SQLite file as ours ("ncrm"); see sqlite.org/pragma.html.
APPLICATION_ID = 0x6E63726D
SQLITE_HEADER = b"SQLite format 3\x00"
# The application id sits at byte 68 of the 100-byte header, big-endian (sqlite.org/fileformat).
_APPLICATION_ID_AT = 68
# How long a command waits for another writer (cron and a person) before giving up.
BUSY_TIMEOUT_MS = 30_000
# Other people's notes: readable by their owner only.
PRIVATE_FILE = tempfiles.PRIVATE_FILE
PRIVATE_DIR = 0o700


class NotOurs(Exception):
    """The file is not a netcrm database; the message says what it is instead."""


def header_kind(path: Path) -> str | None:
    """None when the file starts like a netcrm database, else what it is instead.

    Reads 100 bytes and nothing else: a foreign file is never opened by SQLite, and a FIFO
    or a device is refused before anything waits on it.
    """
    try:
        header = read_file(path, 100)
    except NotAFileError as exc:
        return exc.kind
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


class Schema(NamedTuple):
    """A database's schema revision and the columns of each of its tables."""

    revision: str
    tables: dict[str, frozenset[str]]


def read_schema(path: Path) -> Schema:
    """The revision and tables of a file whose header is ours; NotOurs when it has no schema."""
    refuse_foreign_header(path)
    with connect(path) as connection:
        tables = table_columns(connection)
        if "alembic_version" not in tables:
            raise NotOurs("marked as netcrm's but holds no schema")
        return Schema(read_revision(connection), tables)


def refuse_foreign_header(path: Path) -> None:
    """NotOurs, saying what the file is, unless it starts like a netcrm database."""
    kind = header_kind(path)
    if kind:
        raise NotOurs(kind)


def read_revision(connection: sqlite3.Connection) -> str:
    """The Alembic revision stored in an open netcrm file; NotOurs when it has none."""
    try:
        row = connection.execute("SELECT version_num FROM alembic_version").fetchone()
    except sqlite3.OperationalError as exc:
        if "no such table" not in str(exc):
            raise
        raise NotOurs("marked as netcrm's but holds no schema") from None
    if row is None:
        raise NotOurs("marked as netcrm's but holds no schema revision")
    return str(row[0])


def schema_revision(path: Path) -> str:
    """The Alembic revision stored in a file whose header is ours; NotOurs when it has none."""
    return read_schema(path).revision


def table_columns(connection: sqlite3.Connection) -> dict[str, frozenset[str]]:
    """Each table's column names, in one query over the catalogue."""
    found: dict[str, set[str]] = {}
    rows = connection.execute(
        "SELECT m.name, p.name FROM sqlite_master AS m, pragma_table_info(m.name) AS p"
        " WHERE m.type = 'table'"
    )
    for table, column in rows:
        found.setdefault(table, set()).add(column)
    return {table: frozenset(columns) for table, columns in found.items()}


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


@contextmanager
def private_copy(source: Path, folder: Path) -> Iterator[Path]:
    """A checked copy of a live database in `folder`, under a temporary name, removed after.

    The copy is taken through the backup API (consistent while others write), left in
    rollback-journal mode so it is one self-contained file that can be moved, mailed to
    oneself or restored without a -wal file, and must pass `integrity_check`. The caller gives
    it its real name (`tempfiles.claim`, or a rename) inside the `with`; a copy that fails or
    is interrupted is never seen under a backup's name.
    """
    temp = tempfiles.temp_path(folder, source.name, "copy")
    journal = temp.with_name(temp.name + "-journal")
    for stale in (temp, journal):  # our own PID: left by a process long gone
        stale.unlink(missing_ok=True)
    try:
        create_private_file(temp)
        with connect(source) as reader, connect(temp) as writer:
            reader.backup(writer)
            writer.execute("PRAGMA journal_mode=DELETE")
        problems = integrity_problems(temp)
        if problems:
            raise UserError(
                f"the copy failed its integrity check ({problems[0]}); run `netcrm doctor`"
            )
        yield temp
    finally:
        for leftover in (temp, journal):
            with suppress(OSError):  # best effort: never hide the error that brought us here
                leftover.unlink(missing_ok=True)


def copy_database(source: Path, dest: Path) -> None:
    """A checked private copy of a live database at `dest`; FileExistsError when it exists."""
    with private_copy(source, dest.parent) as temp:
        tempfiles.claim(temp, dest)


def copy_to_free_name(source: Path, folder: Path, stem: str) -> Path:
    """Copy `source` into `folder` as `stem.db`, or `stem-1.db`... when that name is taken.

    The copy is made once, then linked to the first free name, so two copies made in the same
    second never overwrite each other. Returns where the copy went.
    """
    with private_copy(source, folder) as temp:
        for attempt in range(1000):
            dest = folder / (f"{stem}.db" if attempt == 0 else f"{stem}-{attempt}.db")
            try:
                tempfiles.claim(temp, dest)
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


def scrub(path: Path) -> str | None:
    """Rewrite the file so deleted rows leave no trace in free pages or in the WAL.

    VACUUM rebuilds every page from live rows only (secure_delete zeroes what it frees on the
    way); the TRUNCATE checkpoint copies the result into the file and empties the WAL, which
    still held the old pages. Returns None when done, else what stopped it: "busy" (another
    process kept the WAL from being emptied), "no room" (the disk filled up during VACUUM; the
    checkpoint still folded in the pages secure_delete zeroed, so only compacting is missing)
    or "no room for the wal" (not even the checkpoint could finish).
    """
    stopped = None
    with connect(path) as connection:
        connection.execute("PRAGMA secure_delete=ON")
        try:
            connection.execute("VACUUM")
        except sqlite3.OperationalError as exc:
            if not _out_of_room(exc):
                raise
            stopped = "no room"
        try:
            busy, _, _ = connection.execute("PRAGMA wal_checkpoint(TRUNCATE)").fetchone()
        except sqlite3.OperationalError as exc:
            if stopped is None or not _out_of_room(exc):
                raise
            busy = 1
    wal = path.with_name(path.name + "-wal")
    if busy != 0 or (wal.exists() and wal.stat().st_size > 0):
        return "no room for the wal" if stopped else "busy"
    return stopped


def room_to_scrub(path: Path) -> int:
    """How many bytes `scrub` would lack on a nearly full disk; 0 when there is room.

    VACUUM writes a copy of the database to SQLite's temporary folder and then the whole
    rebuilt file into the WAL beside the database: up to its size in each place.
    """
    size = sum(entry.stat().st_size for entry in companions(path)) + ROOM_TO_OPEN
    places: dict[int, tuple[int, int]] = {}
    for folder in (path.parent, _sqlite_temp_dir()):
        device = os.stat(folder).st_dev
        need, free = places.get(device, (0, free_bytes(folder)))
        places[device] = (need + size, free)
    return max(0, *(need - free for need, free in places.values()))


# Room SQLite needs beside a database just to open it in WAL mode (the -shm file is 32 kB),
# and a few pages for a small write.
ROOM_TO_OPEN = 64 * 1024


def free_bytes(folder: Path) -> int:
    """Bytes this user may still write in the file system holding `folder`."""
    stats = os.statvfs(folder)
    return stats.f_bavail * stats.f_frsize


def _sqlite_temp_dir() -> Path:
    """The folder SQLite's temporary files go to on Unix, found as SQLite looks for it."""
    for candidate in (os.environ.get("SQLITE_TMPDIR"), os.environ.get("TMPDIR")):
        if candidate and os.access(candidate, os.W_OK | os.X_OK) and os.path.isdir(candidate):
            return Path(candidate)
    for candidate in ("/var/tmp", "/usr/tmp", "/tmp"):
        if os.access(candidate, os.W_OK | os.X_OK) and os.path.isdir(candidate):
            return Path(candidate)
    return Path(".")


def _out_of_room(exc: sqlite3.OperationalError) -> bool:
    """SQLite could not write: the disk is full, or the write failed (a file size limit)."""
    name = getattr(exc, "sqlite_errorname", "")
    return name == "SQLITE_FULL" or name.startswith("SQLITE_IOERR")


def too_open(path: Path) -> bool:
    """True when group or others may read, write or enter the file or folder."""
    return path.stat().st_mode & 0o077 != 0


def companions(path: Path) -> list[Path]:
    """The database file and the -wal, -shm and -journal files beside it that exist."""
    if not path.name:  # `/`: a folder, refused elsewhere, and nothing can sit beside it
        return []
    names = [path.name + suffix for suffix in ("", "-wal", "-shm", "-journal")]
    return [path.with_name(name) for name in names if path.with_name(name).exists()]
