"""Where the database lives, how it is opened, and keeping its schema current.

Opening is the one place that touches the file before SQLAlchemy does. It reads the SQLite
header and its application id as raw bytes first, so a file that is not a netcrm database is
refused without SQLite ever opening it. A new database is built under a temporary name and
linked into place whole. When the schema is current, the check is one cheap query and Alembic
is never imported; when it is older, a backup is taken before the migration runs.
"""

import functools
import re
import sqlite3
from collections.abc import Callable, Iterator
from contextlib import closing, contextmanager, suppress
from dataclasses import dataclass
from datetime import datetime
from pathlib import Path
from typing import TYPE_CHECKING, Any, TypeVar

from sqlalchemy import Engine, create_engine, event
from sqlalchemy.engine import Connection
from sqlmodel import Session, SQLModel

from netcrm.core.errors import DatabaseError
from netcrm.store import dbfiles, search, tempfiles, undo
from netcrm.store.dbfiles import APPLICATION_ID, BUSY_TIMEOUT_MS
from netcrm.store.dbfiles import SCHEMA_HEAD as SCHEMA_HEAD
from netcrm.store.lean import (
    check_existing_file,
    checked_schema,
    configure_sqlite,
    connect_timeout,
    refuse_nul,
)
from netcrm.store.lean import refuse_special as refuse_special
from netcrm.store.target import default_db_path as default_db_path
from netcrm.store.target import is_url as is_url
from netcrm.store.target import resolve_target as resolve_target

if TYPE_CHECKING:
    from sqlalchemy.engine import URL

# The largest id each back end's INTEGER primary key can hold: 64 bits on SQLite, 32 on
# PostgreSQL. A bigger number names no row, and PostgreSQL would reject it with an error.
_LARGEST_ID = {"sqlite": 2**63 - 1, "postgresql": 2**31 - 1}

M = TypeVar("M", bound=SQLModel)
_ACCEPTED = "use a file path or postgresql+psycopg://user@host/dbname"


def display_target(target: str) -> str:
    """The target as shown to the user, with any password hidden."""
    if not is_url(target):
        return target
    return _parse_url(target).render_as_string(hide_password=True)


def _parse_url(target: str) -> "URL":
    """The target as a SQLAlchemy URL; one that cannot be read is a DatabaseError."""
    from sqlalchemy.engine import make_url
    from sqlalchemy.exc import ArgumentError

    try:
        return make_url(target)
    except (ArgumentError, ValueError):  # ValueError: a port that is no number, say
        raise DatabaseError(f"cannot read database URL {target!r}: {_ACCEPTED}") from None


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


def by_id(session: Session, model: type[M], number: int) -> M | None:
    """The `model` row with this id; None when there is none or no id this large can exist."""
    largest = _LARGEST_ID.get(session.get_bind().dialect.name, 2**31 - 1)
    return session.get(model, number) if 0 <= number <= largest else None


def _engine(target: str, *, write: bool) -> Engine:
    if is_url(target):
        return server_engine(target)
    path = Path(target)
    engine = create_engine(f"sqlite:///{path}", connect_args={"timeout": BUSY_TIMEOUT_MS / 1000})

    @event.listens_for(engine, "connect")
    def _on_connect(dbapi_connection: Any, _record: Any) -> None:
        # Let SQLAlchemy's "begin" event own transactions instead of pysqlite's guesswork.
        configure_sqlite(dbapi_connection)

    event.listen(engine, "before_cursor_execute", _refuse_nul)

    @event.listens_for(engine, "begin")
    def _on_begin(connection: Connection) -> None:
        connection.exec_driver_sql("BEGIN IMMEDIATE" if write else "BEGIN")

    return engine


def server_engine(target: str) -> Engine:
    """An engine for a PostgreSQL URL; anything else is refused with what is accepted."""
    from sqlalchemy.exc import NoSuchModuleError

    url = _parse_url(target)
    if url.get_backend_name() != "postgresql":
        raise DatabaseError(f"netcrm does not support {url.drivername!r} databases: {_ACCEPTED}")
    if url.drivername == "postgresql":  # SQLAlchemy's default driver is psycopg2; ours is 3
        url = url.set(drivername="postgresql+psycopg")
    timeout = _connect_timeout(url)
    server = f"{url.host or 'localhost'}:{url.port or 5432}"
    url = url.update_query_dict({"connect_timeout": str(timeout)})
    try:
        engine = create_engine(url)
    except (NoSuchModuleError, ModuleNotFoundError):
        raise DatabaseError(
            f"no driver for {url.drivername}: install PostgreSQL support with "
            "`pip install 'netcrm[postgres]'` (or `uv tool install 'netcrm[postgres]'`)"
        ) from None
    event.listen(engine, "before_cursor_execute", _refuse_nul)

    @event.listens_for(engine, "handle_error")
    def _silent_server(context: Any) -> None:
        if type(context.original_exception).__name__ == "ConnectionTimeout":
            raise DatabaseError(
                f"the database server at {server} did not answer within {timeout} s; "
                "check that it runs, or allow longer with ?connect_timeout=SECONDS in the URL"
            )

    return engine


def _connect_timeout(url: "URL") -> int:
    """Seconds to wait for the server to answer (`lean.connect_timeout`, on the URL's query)."""
    given = url.query.get("connect_timeout")
    return connect_timeout(given if given is None or isinstance(given, str) else given[-1])


def _refuse_nul(
    _conn: Any, _cursor: Any, _statement: str, parameters: Any, _context: Any, _many: bool
) -> None:
    """Refuse text holding NUL characters before any statement runs (`lean.refuse_nul`)."""
    refuse_nul(parameters)


def _ensure_sqlite_file(path: Path, *, write: bool) -> None:
    """Make sure a complete netcrm database exists at `path`, creating one when missing.

    A new database is built under a temporary name and linked into place in one step, so the
    path never names a half-made file: an empty or foreign file there is never ours.
    """
    refuse_special(path)
    folder = path.parent
    # A command killed while creating the database left its temporary file: tidy it.
    tempfiles.remove_leftovers(folder)
    if path.exists():
        check_existing_file(path, write=write)
        return
    temp = tempfiles.temp_path(folder, path.name, "new")
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
            tempfiles.claim(temp, path)
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
    refuse_special(path)
    folder = path.parent
    made_folder = not folder.exists()
    temp = tempfiles.temp_path(folder, path.name, "importing")
    linked = False
    try:
        yield str(temp)
        # The session has committed and closed: fold its WAL into the file before linking it.
        with closing(sqlite3.connect(temp)) as connection:
            connection.execute("PRAGMA wal_checkpoint(TRUNCATE)")
        try:
            tempfiles.claim(temp, path)
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
        search.refresh_if_stale(engine)
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
    """The schema revision of a SQLite file; refuses files that are not netcrm databases.

    Refused too: a file whose tables or columns fall short of what its revision promises
    (a hollow copy, or tables dropped by hand), since every command would fail on it.
    """
    schema = checked_schema(path)
    missing = missing_schema(schema)
    if missing:
        raise DatabaseError(
            f"{path} is not a complete netcrm database (schema {schema.revision} but it lacks "
            f"{missing}); nothing was changed: restore a backup (netcrm restore PATH)"
        )
    return schema.revision


def missing_schema(schema: dbfiles.Schema) -> str | None:
    """The tables and columns the revision promises that the file lacks; None when complete.

    A revision this netcrm does not know is not judged here: check_revision refuses it.
    """
    if schema.revision != SCHEMA_HEAD and schema.revision not in known_revisions():
        return None
    gaps = []
    for table, columns in sorted(promised_tables(schema.revision).items()):
        have = schema.tables.get(table)
        if have is None:
            gaps.append(f"table {table}")
        else:
            gaps += [f"column {table}.{column}" for column in sorted(columns - have)]
    if not gaps:
        return None
    more = f" and {len(gaps) - 5} more" if len(gaps) > 5 else ""
    return ", ".join(gaps[:5]) + more


@functools.cache
def promised_tables(revision: str) -> dict[str, frozenset[str]]:
    """The tables and their columns a database at `revision` has.

    At the head revision that is the models (no Alembic import, so opening stays quick); at
    an older one, what the migrations up to it build, read from an in-memory database.
    """
    if revision == SCHEMA_HEAD:
        import netcrm.store.models  # noqa: F401 - registers the tables on SQLModel.metadata

        tables = {
            table.name: frozenset(column.name for column in table.columns)
            for table in SQLModel.metadata.sorted_tables
        }
        return {**tables, "alembic_version": frozenset({"version_num"})}
    from alembic import command

    config = _alembic_config()
    engine = create_engine("sqlite://")
    try:
        with engine.begin() as connection:
            config.attributes["connection"] = connection
            command.upgrade(config, revision)
            raw = connection.connection.driver_connection
            assert isinstance(raw, sqlite3.Connection)
            return dbfiles.table_columns(raw)
    finally:
        engine.dispose()


def backups_dir(path: Path) -> Path:
    """Where backups of the database at `path` go: a `backups` folder beside it."""
    return path.parent / "backups"


# Every name netcrm gives a backup: STEM-YYYYMMDD-HHMMSS.db (`backup`), the same with
# -before-restore or -before-restore-damaged (`restore`), STEM-before-schema-NEW-from-OLD.db
# (before a migration); each may end -N when the name was taken, and a damaged file's -wal and
# -journal keep its name with their own suffix.
_BACKUP_NAME = re.compile(
    r".+-(?:[0-9]{8}-[0-9]{6}(?:-before-restore(?:-damaged)?)?|before-schema-.+-from-.+?)"
    r"(?:-[0-9]+)?\.db(?:-wal|-journal)?"
)


def is_backup_name(name: str) -> bool:
    """True for a file name netcrm gives backups (wherever the file is)."""
    return _BACKUP_NAME.fullmatch(name) is not None


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


def drop_triggers(connection: Connection) -> None:
    """Drop undo's and the search index's triggers, which an upgrade makes again.

    A revision that rebuilds a table (SQLite's batch ALTER) fails while a trigger on another
    table still names it, so every run of revisions, up or down, starts without them.
    """
    undo.drop_capture(connection)
    search.drop_triggers(connection)


def _upgrade(engine: Engine, *, new: bool) -> None:
    """Apply every pending revision in one transaction, then install the triggers.

    Undo's capture triggers are dropped first (a migration's own writes are not a command to
    undo) and made again from the upgraded schema, so every table and column it now has is
    captured; the search index's triggers likewise, and its entries are rebuilt from the data.
    """
    from alembic import command

    config = _alembic_config()
    with engine.begin() as connection:
        if new and engine.dialect.name == "sqlite":
            connection.exec_driver_sql(f"PRAGMA application_id={APPLICATION_ID}")
        if not new:
            drop_triggers(connection)
        config.attributes["connection"] = connection
        command.upgrade(config, "head")
        undo.install_capture(connection)
        search.install_index(connection)
