"""`netcrm db status`: which database is in use and how its schema and backups stand.

Read-only: unlike every other command, it never creates the database, never migrates it and
never takes a backup, so it is safe to run on a database a newer netcrm may have written.
"""

from dataclasses import dataclass
from datetime import datetime
from pathlib import Path

from netcrm.store.db import (
    SCHEMA_HEAD,
    backups_dir,
    check_revision,
    display_target,
    inspect_server,
    inspect_sqlite,
    is_url,
    refuse_special,
    revisions_after,
    server_engine,
)


@dataclass(frozen=True)
class Backup:
    """A backup file of the database, and when it was last written."""

    path: Path
    modified: datetime


@dataclass(frozen=True)
class DbStatus:
    """Where the data lives and what state its schema is in; None where it does not apply."""

    target: str  # a path, or a URL with any password hidden
    backend: str  # "sqlite" or "postgresql"
    exists: bool
    revision: str | None  # None: no database (or no schema) there yet
    head: str
    pending: list[str]  # the revisions the next command will apply, oldest first
    size_bytes: int | None
    last_backup: Backup | None


def status(target: str) -> DbStatus:
    """The status of the database at `target`, without changing anything."""
    if is_url(target):
        engine = server_engine(target)
        try:
            revision = inspect_server(engine)
        finally:
            engine.dispose()
        return _status(target, "postgresql", True, revision, None, None)
    path = Path(target)
    refuse_special(path)
    if not path.exists():
        return _status(target, "sqlite", False, None, None, newest_backup(path))
    revision = inspect_sqlite(path)
    # The file itself: its -wal holds at most the last few commands, folded in at checkpoints.
    return _status(target, "sqlite", True, revision, path.stat().st_size, newest_backup(path))


def _status(
    target: str,
    backend: str,
    exists: bool,
    revision: str | None,
    size: int | None,
    backup: Backup | None,
) -> DbStatus:
    if revision is not None:
        check_revision(revision, display_target(target))  # a newer netcrm's schema: refused
    return DbStatus(
        target=display_target(target),
        backend=backend,
        exists=exists,
        revision=revision,
        head=SCHEMA_HEAD,
        pending=revisions_after(revision),
        size_bytes=size,
        last_backup=backup,
    )


def newest_backup(path: Path) -> Backup | None:
    """The most recently written backup of the database at `path` in its `backups/` folder.

    Every kind counts: `netcrm backup`'s timestamped copies, the copy taken before a schema
    upgrade and the one kept by `restore`; a backup written elsewhere is not known here.
    """
    folder = backups_dir(path)
    if not folder.is_dir():
        return None
    found = [
        Backup(entry, datetime.fromtimestamp(entry.stat().st_mtime).replace(microsecond=0))
        for entry in folder.iterdir()
        if entry.name.startswith(f"{path.stem}-") and entry.suffix == ".db" and entry.is_file()
    ]
    return max(found, key=lambda backup: (backup.modified, backup.path.name), default=None)
