"""Where the database lives, how it is opened, and keeping its schema current.

Opening is the one place that touches the file before SQLAlchemy does. It reads the SQLite
header and `PRAGMA application_id` through a read-only connection first, so a file that is not
a netcrm database is refused without a single byte written to it. When the schema is current,
that check is two cheap queries and Alembic is never imported.
"""

import os
import sqlite3
from collections.abc import Iterator, Mapping
from contextlib import contextmanager
from pathlib import Path
from typing import Any
from urllib.parse import quote

from sqlalchemy import Engine, create_engine, event
from sqlalchemy.engine import Connection
from sqlmodel import Session

from netcrm.errors import DatabaseError

# `PRAGMA application_id` marks a SQLite file as ours ("ncrm"); see sqlite.org/pragma.html.
APPLICATION_ID = 0x6E63726D
# The newest Alembic revision this code knows; tests check it matches migrations/versions.
SCHEMA_HEAD = "0002"
SQLITE_HEADER = b"SQLite format 3\x00"
# How long a command waits for another writer (cron and a person) before giving up.
BUSY_TIMEOUT_MS = 30_000


def default_db_path(env: Mapping[str, str]) -> Path:
    """`$XDG_DATA_HOME/netcrm/netcrm.db`, or `~/.local/share/netcrm/netcrm.db`."""
    base = env.get("XDG_DATA_HOME") or os.path.join(env.get("HOME", "~"), ".local", "share")
    return Path(base).expanduser() / "netcrm" / "netcrm.db"


def resolve_target(option: str | None, env: Mapping[str, str]) -> str:
    """The database in use: `--db`, else `NETCRM_DB`, else the default path."""
    target = option or env.get("NETCRM_DB") or str(default_db_path(env))
    return target if is_url(target) else str(Path(target).expanduser())


def is_url(target: str) -> bool:
    """True when the target is a SQLAlchemy URL rather than a file path."""
    return "://" in target


def display_target(target: str) -> str:
    """The target as shown to the user, with any password hidden."""
    if not is_url(target):
        return target
    from sqlalchemy.engine import make_url

    return make_url(target).render_as_string(hide_password=True)


@contextmanager
def open_session(target: str, *, write: bool) -> Iterator[Session]:
    """One command's session: opened, schema made current, committed once at the end.

    `write` takes SQLite's write lock at the start (BEGIN IMMEDIATE) so that two writers queue
    on the busy timeout instead of failing when one upgrades a read to a write.
    """
    engine = _engine(target, write=write)
    try:
        _prepare(engine, target)
        with Session(engine, expire_on_commit=False) as session:
            try:
                yield session
                session.commit()
            except BaseException:
                session.rollback()
                raise
    finally:
        engine.dispose()


def _engine(target: str, *, write: bool) -> Engine:
    if is_url(target):
        return create_engine(target)
    path = Path(target)
    _create_file_if_missing(path)
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
        cursor.close()

    @event.listens_for(engine, "begin")
    def _on_begin(connection: Connection) -> None:
        connection.exec_driver_sql("BEGIN IMMEDIATE" if write else "BEGIN")

    return engine


def _create_file_if_missing(path: Path) -> None:
    """Create the folder (0700) and an empty file (0600): other people's notes stay private."""
    if path.exists():
        if path.is_dir():
            raise DatabaseError(f"{path} is a folder; give the path of a database file")
        return
    try:
        path.parent.mkdir(parents=True, exist_ok=True, mode=0o700)
        os.close(os.open(path, os.O_CREAT | os.O_WRONLY, 0o600))
    except OSError as exc:
        raise DatabaseError(f"cannot create database {path}: {exc.strerror}") from None


def _prepare(engine: Engine, target: str) -> None:
    """Refuse foreign files, create a new schema, or bring an older one up to date."""
    revision = _inspect_sqlite(Path(target)) if not is_url(target) else _inspect_server(engine)
    if revision == SCHEMA_HEAD:
        return
    if revision is not None and revision not in _known_revisions():
        raise DatabaseError(
            f"{display_target(target)} was made by a newer netcrm (schema {revision}); "
            "upgrade netcrm to use it"
        )
    _upgrade(engine, new=revision is None)


def _inspect_sqlite(path: Path) -> str | None:
    """The schema revision of a SQLite file, None when it is empty; refuses foreign files."""
    if path.stat().st_size == 0:
        return None
    with path.open("rb") as handle:
        if handle.read(len(SQLITE_HEADER)) != SQLITE_HEADER:
            raise DatabaseError(f"{path} is not a netcrm database (not a SQLite file)")
    try:
        connection = sqlite3.connect(f"file:{quote(str(path))}?mode=ro", uri=True)
        try:
            application_id = connection.execute("PRAGMA application_id").fetchone()[0]
            tables = {row[0] for row in connection.execute("SELECT name FROM sqlite_master")}
            if not tables:
                return None
            if application_id != APPLICATION_ID or "alembic_version" not in tables:
                raise DatabaseError(f"{path} is not a netcrm database (another program's file)")
            row = connection.execute("SELECT version_num FROM alembic_version").fetchone()
        finally:
            connection.close()
    except sqlite3.DatabaseError as exc:
        raise DatabaseError(f"cannot read {path}: {exc}") from None
    return str(row[0]) if row else None


def _inspect_server(engine: Engine) -> str | None:
    """The schema revision on a database server, None when it holds no tables yet."""
    from sqlalchemy import inspect, text

    with engine.connect() as connection:
        tables = set(inspect(connection).get_table_names())
        if not tables:
            return None
        if "alembic_version" not in tables or "contact" not in tables:
            raise DatabaseError("that database holds another program's tables, not netcrm's")
        row = connection.execute(text("SELECT version_num FROM alembic_version")).first()
    return str(row[0]) if row else None


def _alembic_config() -> Any:
    from alembic.config import Config

    config = Config()
    config.set_main_option("script_location", "netcrm:migrations")
    return config


def _known_revisions() -> set[str]:
    from alembic.script import ScriptDirectory

    script = ScriptDirectory.from_config(_alembic_config())
    return {revision.revision for revision in script.walk_revisions()}


def _upgrade(engine: Engine, *, new: bool) -> None:
    """Apply every pending revision in one transaction."""
    from alembic import command

    config = _alembic_config()
    with engine.begin() as connection:
        if new and engine.dialect.name == "sqlite":
            connection.exec_driver_sql(f"PRAGMA application_id={APPLICATION_ID}")
        config.attributes["connection"] = connection
        command.upgrade(config, "head")
