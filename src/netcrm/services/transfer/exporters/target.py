"""Where `export -o FILE` may write: never onto anything netcrm or SQLite would miss.

`netcrm --db x.db export csv -o x.db` once replaced the database with a spreadsheet. An export
may replace an ordinary file (cron rewrites `~/netcrm.ics` every day), but never the database
in use or its -wal, -shm and -journal files, never a backup (anything in the database's
`backups/` folder, or a file bearing the name netcrm gives backups), never any other SQLite
file (recognised by its first bytes, whatever its name), and never a folder, FIFO or device.
"""

import os
from pathlib import Path

from netcrm.core.errors import UserError
from netcrm.core.paths import NotAFileError, expand, file_kind, read_file
from netcrm.store.db import backups_dir, is_backup_name, is_url
from netcrm.store.dbfiles import SQLITE_HEADER

# The first bytes of SQLite's other files (sqlite.org/fileformat.html): a WAL file, in either
# byte order of its checksums, and a rollback journal.
_SQLITE_STARTS = {
    SQLITE_HEADER: "a SQLite database",
    bytes.fromhex("377f0682"): "a SQLite WAL file",
    bytes.fromhex("377f0683"): "a SQLite WAL file",
    bytes.fromhex("d9d505f920a163d7"): "a SQLite rollback journal",
}
_COMPANIONS = ("", "-wal", "-shm", "-journal")


def export_path(output: str, database: str) -> Path:
    """The file an export named `output` is written to (symlinks followed); refused if unsafe.

    `database` is the database in use (a path or a server URL), whose files are protected.
    """
    path = expand(output)
    real = path.resolve()
    what = _protected(real, database) or _occupant(real)
    if what:
        raise UserError(f"refusing to export onto {path}: it is {what}; give another file name")
    return real


def _protected(real: Path, database: str) -> str | None:
    """What `real` is to the database in use, or to netcrm's backups; None when neither."""
    if not is_url(database):
        db = Path(database).resolve()
        for suffix in _COMPANIONS:
            companion = db.with_name(db.name + suffix)
            if real == companion or _same_file(real, companion):  # a hard link counts too
                return (
                    f"the {suffix} file of the database in use" if suffix else "the database in use"
                )
        if real.is_relative_to(backups_dir(db).resolve()):
            return "in the database's backups folder"
    if is_backup_name(real.name):
        return "named like a netcrm backup"
    return None


def _occupant(real: Path) -> str | None:
    """What already sits at `real` that an export must not replace; None: nothing, or a file."""
    try:
        kind = file_kind(real.stat().st_mode)
    except FileNotFoundError:
        return None
    if kind:
        return kind
    try:
        start = read_file(real, 16)
    except NotAFileError as exc:  # replaced by a FIFO since the stat: as refused as before
        return exc.kind
    return next((name for magic, name in _SQLITE_STARTS.items() if start.startswith(magic)), None)


def _same_file(one: Path, other: Path) -> bool:
    try:
        return os.path.samefile(one, other)
    except OSError:  # either does not exist
        return False
