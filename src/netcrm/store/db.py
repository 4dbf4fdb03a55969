"""Where the database lives, how it is opened, and keeping its schema current.

Opening is the one place that touches the file before SQLAlchemy does. It reads the SQLite
header and its application id as raw bytes first, so a file that is not a netcrm database is
refused without SQLite ever opening it. A new database is built under a temporary name and
linked into place whole. When the schema is current, the check is one cheap query and Alembic
is never imported; when it is older, a backup is taken before the migration runs.
"""

import os
import sqlite3
from collections.abc import Callable, Iterator, Mapping
from contextlib import closing, contextmanager, suppress
from dataclasses import dataclass
from datetime import date, datetime
from pathlib import Path
from typing import Any

from sqlalchemy import Engine, create_engine, event
from sqlalchemy.engine import Connection
from sqlmodel import Session

from netcrm.core.errors import DatabaseError, UserError
from netcrm.core.paths import expand
from netcrm.store import dbfiles, undo
from netcrm.store.dbfiles import APPLICATION_ID, BUSY_TIMEOUT_MS

# The newest Alembic revision this code knows; tests check it matches migrations/versions.
SCHEMA_HEAD = "0006"


def default_db_path(env: Mapping[str, str]) -> Path:
    """`$XDG_DATA_HOME/netcrm/netcrm.db`, or `~/.local/share/netcrm/netcrm.db`."""
    base = env.get("XDG_DATA_HOME") or os.path.join(env.get("HOME", "~"), ".local", "share")
    return expand(base) / "netcrm" / "netcrm.db"


def resolve_target(option: str | None, env: Mapping[str, str]) -> str:
    """The database in use: `--db`, else `NETCRM_DB`, else the default path."""
    target = option or env.get("NETCRM_DB") or str(default_db_path(env))
    if target.startswith("sqlite:///"):  # a SQLite URL is a file like any other
        target = target.removeprefix("sqlite:///")
    return target if is_url(target) else str(expand(target))


def is_url(target: str) -> bool:
    """True when the target is a SQLAlchemy URL rather than a file path."""
    return "://" in target


def display_target(target: str) -> str:
    """The target as shown to the user, with any password hidden."""
    if not is_url(target):
        return target
    from sqlalchemy.engine import make_url

    return make_url(target).render_as_string(hide_password=True)


@dataclass(frozen=True)
class Recording:
    """A writing command whose changes go into the undo history (see store/undo.py)."""

    command: str  # as typed after `netcrm`: "log", "interaction edit"
    at: datetime
    # How many writes the history keeps ([undo] keep), asked once the command has done its
    # work: a problem with the database itself is reported before one with the config.
    keep: Callable[[], int]


@contextmanager
def open_session(
    target: str,
    *,
    write: bool,
    record: Recording | None = None,
    create_on_commit: bool = False,
) -> Iterator[Session]:
    """One command's session: opened, schema made current, committed once at the end.

    `write` takes SQLite's write lock at the start (BEGIN IMMEDIATE) so that two writers queue
    on the busy timeout instead of failing when one upgrades a read to a write. With `record`,
    every row the command changes is captured for `netcrm undo`.
    `create_on_commit`: when the SQLite file does not exist yet, the command works on a new
    database beside it that takes its place only once the command has committed; a command
    that fails leaves no database behind (an import refusing its file, say).
    """
    if create_on_commit and write and not is_url(target) and not Path(target).exists():
        with (
            _created_on_commit(Path(target)) as fresh,
            open_session(fresh, write=True, record=record) as session,
        ):
            yield session
        return
    if not is_url(target):
        _ensure_sqlite_file(Path(target), write=write)
    engine = _engine(target, write=write)
    try:
        _prepare(engine, target)
        with Session(engine, expire_on_commit=False) as session:
            try:
                if record is None:
                    yield session
                else:
                    write_id = undo.begin(session, record.command, record.at, SCHEMA_HEAD)
                    yield session
                    undo.finish(session, write_id, record.keep)
                session.commit()
            except BaseException:
                session.rollback()
                raise
    finally:
        engine.dispose()


def _engine(target: str, *, write: bool) -> Engine:
    if is_url(target):
        return server_engine(target)
    path = Path(target)
    engine = create_engine(f"sqlite:///{path}", connect_args={"timeout": BUSY_TIMEOUT_MS / 1000})

    @event.listens_for(engine, "connect")
    def _on_connect(dbapi_connection: Any, _record: Any) -> None:
        # Let SQLAlchemy's "begin" event own transactions instead of pysqlite's guesswork.
        dbapi_connection.isolation_level = None
        cursor = dbapi_connection.cursor()
        cursor.execute("PRAGMA foreign_keys=ON")
        cursor.execute(f"PRAGMA busy_timeout={BUSY_TIMEOUT_MS}")
        cursor.execute("PRAGMA journal_mode=WAL")
        # FULL syncs the WAL on every commit: a reported write survives a power cut.
        cursor.execute("PRAGMA synchronous=FULL")
        # Deleted rows are zeroed on disk, not merely unlinked: `rm` and `forget` mean it.
        cursor.execute("PRAGMA secure_delete=ON")
        cursor.close()

    event.listen(engine, "before_cursor_execute", _refuse_nul)

    @event.listens_for(engine, "begin")
    def _on_begin(connection: Connection) -> None:
        connection.exec_driver_sql("BEGIN IMMEDIATE" if write else "BEGIN")

    return engine


def server_engine(target: str) -> Engine:
    """An engine for a PostgreSQL URL; anything else is refused with what is accepted."""
    from sqlalchemy.engine import make_url
    from sqlalchemy.exc import ArgumentError, NoSuchModuleError

    accepted = "use a file path or postgresql+psycopg://user@host/dbname"
    try:
        url = make_url(target)
    except ArgumentError:
        raise DatabaseError(f"cannot read database URL {target!r}: {accepted}") from None
    if url.get_backend_name() != "postgresql":
        raise DatabaseError(f"netcrm does not support {url.drivername!r} databases: {accepted}")
    if url.drivername == "postgresql":  # SQLAlchemy's default driver is psycopg2; ours is 3
        url = url.set(drivername="postgresql+psycopg")
    try:
        engine = create_engine(url)
    except (NoSuchModuleError, ModuleNotFoundError):
        raise DatabaseError(
            f"no driver for {url.drivername}: install PostgreSQL support with "
            "`pip install 'netcrm[postgres]'` (or `uv tool install 'netcrm[postgres]'`)"
        ) from None
    event.listen(engine, "before_cursor_execute", _refuse_nul)
    return engine


def _refuse_nul(
    _conn: Any, _cursor: Any, _statement: str, parameters: Any, _context: Any, _many: bool
) -> None:
    """Refuse text holding NUL characters, on every back end alike.

    PostgreSQL cannot store them at all, and in SQLite they cut strings short in other tools;
    a NUL typed or piped in is a mistake, so it is refused before any statement runs.
    """
    stack = [parameters]
    while stack:
        value = stack.pop()
        kind = type(value)
        if kind in _PLAIN:  # most parameters: decided without isinstance (Mapping is slow)
            continue
        if isinstance(value, str):
            if "\x00" in value:
                raise UserError("text cannot contain NUL characters (\\0); remove them")
        elif kind is dict or isinstance(value, Mapping):
            stack.extend(value.values())
        elif isinstance(value, list | tuple):
            stack.extend(value)


# Parameter types that hold no text: skipped by _refuse_nul, which runs for every statement
# (for every row of a bulk insert on SQLite).
_PLAIN = frozenset({type(None), int, float, bool, bytes, datetime, date})


def _ensure_sqlite_file(path: Path, *, write: bool) -> None:
    """Make sure a complete netcrm database exists at `path`, creating one when missing.

    A new database is built under a temporary name and linked into place in one step, so the
    path never names a half-made file: an empty or foreign file there is never ours.
    """
    if path.is_dir():
        raise DatabaseError(f"{path} is a folder; give the path of a database file")
    folder = path.parent
    if path.exists():
        if write and not os.access(path, os.W_OK):
            raise DatabaseError(f"{path} is read-only; make it writable (chmod u+w) to change it")
        if not os.access(folder, os.W_OK | os.X_OK):
            raise DatabaseError(
                f"folder {folder} is read-only; netcrm keeps its -wal and -shm files beside "
                "the database, so the folder must be writable (chmod u+w)"
            )
        return
    temp = folder / f".{path.name}.new-{os.getpid()}"
    try:
        dbfiles.make_private_dir(folder)
        temp.unlink(missing_ok=True)
        dbfiles.create_private_file(temp)
        engine = create_engine(f"sqlite:///{temp}")
        try:
            _upgrade(engine, new=True)
        finally:
            engine.dispose()
        # When another netcrm process created it first, theirs is used.
        with suppress(FileExistsError):
            os.link(temp, path)
    except OSError as exc:
        raise DatabaseError(f"cannot create database {path}: {exc.strerror}") from None
    finally:
        for leftover in (temp, temp.with_name(temp.name + "-journal")):
            # Best effort: a failure here must not hide the error that brought us here.
            with suppress(OSError):
                leftover.unlink(missing_ok=True)


@contextmanager
def _created_on_commit(path: Path) -> Iterator[str]:
    """A new database's temporary path, linked into place at `path` once its session is done.

    On any failure the temporary files go, and so does the folder if it was made for them.
    """
    if path.is_dir():
        raise DatabaseError(f"{path} is a folder; give the path of a database file")
    folder = path.parent
    made_folder = not folder.exists()
    temp = folder / f".{path.name}.importing-{os.getpid()}"
    linked = False
    try:
        yield str(temp)
        # The session has committed and closed: fold its WAL into the file before linking it.
        with closing(sqlite3.connect(temp)) as connection:
            connection.execute("PRAGMA wal_checkpoint(TRUNCATE)")
        try:
            os.link(temp, path)
        except FileExistsError:
            raise DatabaseError(
                f"{path} was created by another netcrm while this command ran; nothing was "
                "written to it: run the command again"
            ) from None
        linked = True
    finally:
        for suffix in ("", "-wal", "-shm", "-journal"):
            # Best effort: a failure here must not hide the error that brought us here.
            with suppress(OSError):
                Path(f"{temp}{suffix}").unlink(missing_ok=True)
        if made_folder and not linked:
            with suppress(OSError):
                folder.rmdir()  # only when empty: nothing else has appeared in it


def _prepare(engine: Engine, target: str) -> None:
    """Refuse foreign files, create a new schema, or bring an older one up to date."""
    revision = inspect_sqlite(Path(target)) if not is_url(target) else inspect_server(engine)
    if revision == SCHEMA_HEAD:
        return
    if revision is not None:
        check_revision(revision, display_target(target))
    if revision is not None and not is_url(target):
        _backup_before_upgrade(Path(target), revision)
    _upgrade(engine, new=revision is None)


def check_revision(revision: str, where: str) -> None:
    """Refuse a schema this netcrm does not know: a newer netcrm made it."""
    if revision != SCHEMA_HEAD and revision not in known_revisions():
        raise DatabaseError(
            f"{where} was made by a newer netcrm (schema {revision}); upgrade netcrm to use it"
        )


def inspect_sqlite(path: Path) -> str:
    """The schema revision of a SQLite file; refuses files that are not netcrm databases."""
    try:
        return dbfiles.schema_revision(path)
    except dbfiles.NotOurs as exc:
        raise DatabaseError(
            f"{path} is not a netcrm database ({exc}); nothing was changed"
        ) from None
    except sqlite3.DatabaseError as exc:
        raise DatabaseError(f"cannot read {path}: {exc}") from None


def backups_dir(path: Path) -> Path:
    """Where backups of the database at `path` go: a `backups` folder beside it."""
    return path.parent / "backups"


def _backup_before_upgrade(path: Path, revision: str) -> None:
    """Copy the database aside before a migration changes it; named by the two revisions."""
    folder = backups_dir(path)
    dbfiles.make_private_dir(folder)
    stem = f"{path.stem}-before-schema-{SCHEMA_HEAD}-from-{revision}"
    dbfiles.copy_to_free_name(path, folder, stem)


def inspect_server(engine: Engine) -> str | None:
    """The schema revision on a database server, None when it holds no tables yet."""
    from sqlalchemy import inspect, text

    with engine.connect() as connection:
        inspector = inspect(connection)
        # Two cheap catalogue lookups on every command; listing all tables only when unsure.
        if not (inspector.has_table("alembic_version") and inspector.has_table("contact")):
            if inspector.get_table_names():
                raise DatabaseError("that database holds another program's tables, not netcrm's")
            return None
        row = connection.execute(text("SELECT version_num FROM alembic_version")).first()
    return str(row[0]) if row else None


def _alembic_config() -> Any:
    from alembic.config import Config

    config = Config()
    config.set_main_option("script_location", "netcrm.store:migrations")
    return config


def known_revisions() -> set[str]:
    """Every schema revision this netcrm ships."""
    return set(revisions_after(None))


def revisions_after(revision: str | None) -> list[str]:
    """The revisions an upgrade from `revision` (None: an empty database) applies, in order."""
    from alembic.script import ScriptDirectory

    script = ScriptDirectory.from_config(_alembic_config())
    found = [step.revision for step in script.iterate_revisions("head", revision or "base")]
    return list(reversed(found))


def _upgrade(engine: Engine, *, new: bool) -> None:
    """Apply every pending revision in one transaction, then install undo's capture triggers.

    The triggers are dropped first (a migration's own writes are not a command to undo) and
    made again from the upgraded schema, so every table and column it now has is captured.
    """
    from alembic import command

    config = _alembic_config()
    with engine.begin() as connection:
        if new and engine.dialect.name == "sqlite":
            connection.exec_driver_sql(f"PRAGMA application_id={APPLICATION_ID}")
        if not new:
            undo.drop_capture(connection)
        config.attributes["connection"] = connection
        command.upgrade(config, "head")
        undo.install_capture(connection)
