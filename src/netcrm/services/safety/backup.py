"""`netcrm backup`: a consistent copy of the SQLite database while netcrm may be running.

The copy is taken with SQLite's online backup API under a temporary name, checked with
`integrity_check`, private to its owner, and named as a backup only once it is complete. On a
database server this is the server's job (pg_dump): it refuses and says so.
"""

import re
from dataclasses import dataclass
from datetime import datetime
from pathlib import Path

from netcrm.core.errors import UserError
from netcrm.core.paths import expand
from netcrm.store import dbfiles, tempfiles
from netcrm.store.db import backups_dir, check_revision, inspect_sqlite, is_url, refuse_special

_SERVER_HINT = (
    "on a database server, use the server's own tools: pg_dump and pg_restore (see docs/team.md)"
)


@dataclass(frozen=True)
class BackupDone:
    """Where the copy went, its size, and the older copies `--keep` removed."""

    path: Path
    size: int
    pruned: list[Path]


def database_file(target: str, action: str) -> Path:
    """The SQLite file behind `target`; a server URL is refused with what to use instead."""
    if is_url(target):
        raise UserError(f"{action} copies SQLite files; {_SERVER_HINT}")
    path = Path(target)
    refuse_special(path)
    return path


def backup(target: str, dest: str | None, keep: int | None, now: datetime) -> BackupDone:
    """Copy the database to `dest` (a new file or a folder; default `backups/` beside it)."""
    path = database_file(target, "backup")
    if keep is not None and keep < 1:
        raise UserError("--keep takes a number of backups >= 1")
    if not path.is_file():
        raise UserError(f"no database at {path} yet: nothing to back up")
    check_revision(inspect_sqlite(path), str(path))
    chosen = expand(dest) if dest else backups_dir(path)
    exists = f"{chosen} already exists; give a new file name or a folder"
    if dest and not chosen.is_dir():
        if chosen.exists() or chosen.is_symlink():
            raise UserError(exists)
        dbfiles.make_private_dir(chosen.parent)
        try:
            dbfiles.copy_database(path, chosen)
        except FileExistsError:  # made meanwhile by someone else: theirs stays
            raise UserError(exists) from None
        folder = chosen.parent
    else:
        folder = chosen
        dbfiles.make_private_dir(folder)
        tempfiles.remove_leftovers(folder)  # what a backup killed mid-copy left
        chosen = dbfiles.copy_to_free_name(path, folder, f"{path.stem}-{now:%Y%m%d-%H%M%S}")
    pruned = prune(folder, path.stem, keep) if keep else []
    return BackupDone(chosen, chosen.stat().st_size, pruned)


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
