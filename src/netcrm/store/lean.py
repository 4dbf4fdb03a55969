"""The lean read path: plain SQL over the DB-API connection, for the commands run most often.

`due`, Tab completion and the lookup behind every CONTACT argument run many times a day; with
SQLAlchemy, SQLModel and pydantic imported they cost half a second before the first query.
Here they read through the driver itself (`sqlite3` for a file, psycopg for a server), and
this module imports neither the stack nor anything that does. Every query of that path is
in this module, once; services that hold an ORM session use the same queries through the
session's own connection (`reader_of`), inside its transaction.

Opening honours the rules of store/db.py, which uses the same functions: a foreign file is
refused from its header (`inspect_sqlite`), the schema revision is checked, the same pragmas
and busy timeout are set (`configure_sqlite`), reads run in one read transaction, servers get
a connect timeout, and text holding NUL is refused (`refuse_nul`). A database that does not
exist yet or has an older schema raises `Stale`: the caller opens it once through the normal
path (which creates or migrates it, backup first) and then reads it here.
"""

import os
import re
import sqlite3
from collections.abc import Collection, Iterable, Iterator, Mapping, Sequence
from contextlib import closing, contextmanager, suppress
from datetime import date, datetime
from pathlib import Path
from typing import Any, NamedTuple
from urllib.parse import parse_qs, urlsplit

from netcrm.core.dates import cutoff, midnight
from netcrm.core.domain import Circle, Step, stored
from netcrm.core.errors import DISK_FULL, DatabaseError, UserError
from netcrm.core.identity import contact_uid
from netcrm.core.paths import file_kind
from netcrm.core.scheduler import ContactFacts, OpenStep, QuietBounds
from netcrm.core.text import name_key
from netcrm.store import dbfiles
from netcrm.store.dbfiles import BUSY_TIMEOUT_MS, SCHEMA_HEAD

# How long to wait for a database server to answer before saying it does not.
CONNECT_TIMEOUT_S = 10
# SQLAlchemy's text form of a stored moment on SQLite; bound values must compare alike.
_SQLITE_MOMENT = "%Y-%m-%d %H:%M:%S.%f"
_NAMED = re.compile(r"(?<![:\w]):([a-z_][a-z0-9_]*)")
# How many ids a query names one by one; past it, reading every row costs less.
_FEW_IDS = 500


def few_ids(contact_ids: Collection[int]) -> Collection[int] | None:
    """These ids when they are few enough to name in a query (`show`: one), else None:
    every row, for a whole network."""
    return contact_ids if len(contact_ids) <= _FEW_IDS else None


class Stale(Exception):
    """The database does not exist yet, or its schema is older: open it the normal way once."""


class Reader:
    """A DB-API connection inside a transaction, and how its back end spells a few things.

    SQL is written once with `:name` parameters (sqlite3's style); for psycopg they become
    `%(name)s`. Moments and days are bound and read back as the ORM stores them.
    """

    def __init__(self, connection: Any, *, sqlite: bool) -> None:
        self.connection = connection
        self.sqlite = sqlite

    def rows(self, sql: str, params: Mapping[str, Any] | None = None) -> list[tuple[Any, ...]]:
        """Every row the statement returns."""
        values = dict(params or {})
        refuse_nul(values)
        statement = sql if self.sqlite else _NAMED.sub(r"%(\1)s", sql)
        cursor = self.connection.cursor()
        try:
            cursor.execute(statement, values)
            return list(cursor.fetchall())
        finally:
            cursor.close()

    def moment(self, value: datetime) -> Any:
        """A moment as a bound parameter."""
        return value.strftime(_SQLITE_MOMENT) if self.sqlite else value

    def day(self, value: date) -> Any:
        """A day as a bound parameter."""
        return value.isoformat() if self.sqlite else value

    def day_of(self, column: str) -> str:
        """SQL for the calendar day of a stored moment (SQLite keeps moments as ISO text)."""
        return f"substr({column}, 1, 10)" if self.sqlite else f"CAST({column} AS DATE)"


def as_moment(value: Any) -> datetime:
    """A stored moment as read back: SQLite hands over text, a server a datetime."""
    return value if isinstance(value, datetime) else datetime.fromisoformat(value)


def as_day(value: Any) -> date:
    """A stored day as read back."""
    return value if isinstance(value, date) else date.fromisoformat(value)


def maybe_moment(value: Any) -> datetime | None:
    """A stored moment that may be NULL."""
    return None if value is None else as_moment(value)


def refuse_nul(parameters: Any) -> None:
    """Refuse text holding NUL characters, on every back end alike (db.py's engines too).

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


# Parameter types that hold no text: skipped by refuse_nul, which runs for every statement
# (for every row of a bulk insert on SQLite).
_PLAIN = frozenset({type(None), int, float, bool, bytes, datetime, date})


# ---- opening -------------------------------------------------------------------------------


def configure_sqlite(connection: Any) -> None:
    """The pragmas every netcrm connection to a SQLite file runs with (db.py's engine too)."""
    # Transactions are begun explicitly (BEGIN, or BEGIN IMMEDIATE to write), not guessed.
    connection.isolation_level = None
    cursor = connection.cursor()
    cursor.execute("PRAGMA foreign_keys=ON")
    cursor.execute(f"PRAGMA busy_timeout={BUSY_TIMEOUT_MS}")
    cursor.execute("PRAGMA journal_mode=WAL")
    # FULL syncs the WAL on every commit: a reported write survives a power cut.
    cursor.execute("PRAGMA synchronous=FULL")
    # Deleted rows are zeroed on disk, not merely unlinked: `rm` and `forget` mean it.
    cursor.execute("PRAGMA secure_delete=ON")
    cursor.close()


def checked_schema(path: Path) -> dbfiles.Schema:
    """The schema of a SQLite file whose header is netcrm's; refuses any other file."""
    with refusing_foreign(path):
        return dbfiles.read_schema(path)


@contextmanager
def refusing_foreign(path: Path) -> Iterator[None]:
    """Reading the schema of the file at `path`: a file that is not a netcrm database, or
    that SQLite cannot read, is refused with one line (DatabaseError)."""
    try:
        yield
    except dbfiles.NotOurs as exc:
        raise DatabaseError(
            f"{path} is not a netcrm database ({exc}); nothing was changed"
        ) from None
    except sqlite3.DatabaseError as exc:
        if dbfiles.free_bytes(path.parent) < dbfiles.ROOM_TO_OPEN:
            raise DatabaseError(
                f"cannot open {path}: {DISK_FULL} (SQLite needs room beside the database "
                f"for its -wal and -shm files: {exc}); free some space"
            ) from None
        raise DatabaseError(f"cannot read {path}: {exc}") from None


def inspect_sqlite(path: Path) -> str:
    """The schema revision of a SQLite file; refuses files that are not netcrm databases.

    A file lacking tables its revision promises is refused by db.py's `inspect_sqlite`, which
    knows the models; here it fails at its first query, with one line all the same.
    """
    return checked_schema(path).revision


def refuse_special(path: Path) -> None:
    """Refuse a database path naming a folder, a FIFO or a device: only files are databases.

    SQLite would wait forever on a FIFO; a path that does not exist yet is fine.
    """
    with suppress(FileNotFoundError):
        kind = file_kind(path.stat().st_mode)
        if kind:
            raise DatabaseError(f"{path} is {kind}; give the path of a database file")


def check_existing_file(path: Path, *, write: bool) -> None:
    """An existing database file can be used as asked: writable to write, in a usable folder."""
    refuse_special(path)
    if write and not os.access(path, os.W_OK):
        raise DatabaseError(f"{path} is read-only; make it writable (chmod u+w) to change it")
    if not os.access(path.parent, os.W_OK | os.X_OK):
        raise DatabaseError(
            f"folder {path.parent} is read-only; netcrm keeps its -wal and -shm files beside "
            "the database, so the folder must be writable (chmod u+w)"
        )


@contextmanager
def open_reader(target: str) -> Iterator[Reader]:
    """One read transaction on the database at `target` (a file path or a PostgreSQL URL).

    Raises Stale when the normal path must open it first (missing, older schema, an URL it
    does not handle itself); refuses a foreign file or a newer schema like db.py does.
    """
    if "://" in target:
        with _server_reader(target) as reader:
            yield reader
        return
    path = Path(target)
    if not path.exists() or path.is_dir():
        raise Stale(target)  # created (or refused) by the normal path
    check_existing_file(path, write=False)
    with refusing_foreign(path):
        dbfiles.refuse_foreign_header(path)
        connection = sqlite3.connect(path, timeout=BUSY_TIMEOUT_MS / 1000)
    with closing(connection):
        # The revision is read on the connection that reads the rest, inside its
        # transaction: one connection, and the schema cannot change in between. Errors
        # of the caller's own queries are not the file's, so they stay outside.
        with refusing_foreign(path):
            configure_sqlite(connection)
            connection.execute("BEGIN")
            revision = dbfiles.read_revision(connection)
        try:
            if revision != SCHEMA_HEAD:
                raise Stale(target)  # older: migrated, backup first; newer: refused
            yield Reader(connection, sqlite=True)
        finally:
            connection.execute("ROLLBACK")  # a read transaction has nothing to keep


def connect_timeout(given: str | None) -> int:
    """Seconds to wait for a server to answer: `connect_timeout` from the URL, else 10.

    Without a limit, a server that accepts the connection and never answers would make every
    command hang; 0 (libpq's "wait forever") is refused for the same reason.
    """
    text = str(CONNECT_TIMEOUT_S) if given is None else given
    if not text.isdecimal() or not 1 <= int(text) <= 3600:
        raise DatabaseError(
            f"connect_timeout={text!r} in the database URL: give whole seconds from 1 to 3600"
        )
    return int(text)


def server_conninfo(target: str) -> tuple[str, dict[str, Any]]:
    """libpq's URI and connect options for a SQLAlchemy PostgreSQL URL; Stale for others."""
    scheme, _, rest = target.partition("://")
    if scheme not in ("postgresql", "postgresql+psycopg"):
        raise Stale(target)  # the normal path says what is accepted
    try:
        given = parse_qs(urlsplit(target).query).get("connect_timeout")
    except ValueError:  # an unclosed [ of an IPv6 host, say
        raise Stale(target) from None  # the normal path says what is accepted
    options: dict[str, Any] = {"connect_timeout": connect_timeout(given[-1] if given else None)}
    return f"postgresql://{rest}", options


@contextmanager
def _server_reader(target: str) -> Iterator[Reader]:
    conninfo, options = server_conninfo(target)
    try:
        import psycopg
    except ModuleNotFoundError:
        raise Stale(target) from None  # the normal path says how to install the driver
    try:
        connection = psycopg.connect(conninfo, **options)
    except psycopg.OperationalError as exc:
        raise DatabaseError(f"database error: {' '.join(str(exc).split())}") from None
    with connection:
        connection.read_only = True
        reader = Reader(connection, sqlite=False)
        [(has_version, has_contact)] = reader.rows(
            "SELECT to_regclass('alembic_version') IS NOT NULL, to_regclass('contact') IS NOT NULL"
        )
        if not (has_version and has_contact):
            raise Stale(target)  # empty (created there) or another program's (refused there)
        found = reader.rows("SELECT version_num FROM alembic_version")
        if not found or found[0][0] != SCHEMA_HEAD:
            raise Stale(target)
        try:
            yield reader
        finally:
            connection.rollback()


def reader_of(session: Any) -> Reader:
    """The lean queries on an ORM session's own connection, inside its transaction."""
    connection = session.connection()
    return Reader(
        connection.connection.driver_connection, sqlite=connection.dialect.name == "sqlite"
    )


# ---- the queries ---------------------------------------------------------------------------


def _ids_clause(column: str, ids: Collection[int] | None) -> str:
    """`AND column IN (...)` for these ids; empty for None.

    Each id is written into the SQL as an integer (int() makes it one, so nothing else can
    get in): sqlite3 binds thousands of named parameters slower than SQLite runs the query
    (`list` asks for 5,000 at a time: 33 ms bound, 5 ms written).
    """
    if ids is None:
        return ""
    return f" AND {column} IN ({id_list(ids)})"


def id_list(ids: Iterable[int]) -> str:
    """Ids as SQL: `3, 5, 8`, each written by int() (so nothing else can get in), or NULL
    for none (`IN (NULL)` holds nothing)."""
    return ", ".join(str(int(i)) for i in ids) or "NULL"


# The columns `facts_of` reads, as of the moment bound to :cut (the start of the day after
# as-of; services/queries.py says what "as of a day" means), from `contact c`.
_FACT_COLUMNS = """c.id, c.name,
          CASE WHEN c.id IN (SELECT contact_id FROM circle_change WHERE changed_at >= :cut)
            THEN coalesce(
              (SELECT m.old_circle FROM circle_change m
               WHERE m.contact_id = c.id AND m.changed_at >= :cut
               ORDER BY m.changed_at, m.id LIMIT 1),
              (SELECT m.new_circle FROM circle_change m
               WHERE m.contact_id = c.id AND m.changed_at >= :cut
               ORDER BY m.changed_at, m.id LIMIT 1))
            ELSE c.circle END,
          c.created_at, c.cadence, c.met_at,
          CASE WHEN c.archived_at < :cut THEN c.archived_at END,
          CASE WHEN coalesce(c.snoozed_at, c.created_at) < :cut THEN c.snoozed_until END,
          c.birthday, c.first_due_slot,
          CASE
            WHEN c.id IN (SELECT contact_id FROM follow_up
                          WHERE done_at IS NULL OR done_at >= :cut) THEN NULL
            WHEN c.id IN (SELECT contact_id FROM follow_up)
            THEN (SELECT max(f.done_at) FROM follow_up f WHERE f.contact_id = c.id)
          END,
          c.id IN (SELECT contact_id FROM board_seat WHERE set_at < :cut)"""
# The contact is in the network by :cut: added, met or touched before it.
_PRESENT = """(c.created_at < :cut OR c.met_at < :cut OR EXISTS (
                 SELECT 1 FROM interaction i
                 WHERE i.contact_id = c.id AND i.occurred_at < :cut))"""


def contact_facts(
    reader: Reader,
    *,
    as_of: date | None = None,
    contact_ids: Collection[int] | None = None,
    circle: Circle | None = None,
    include_archived: bool = False,
    quiet: QuietBounds | None = None,
) -> list[ContactFacts]:
    """Scheduler facts for the contacts present by as-of, with each one's latest touch.

    As of a day (see services/queries.py for the rules): a contact's circle is the one it had
    then, its archive and snooze count only if set by then, its 24-48-7 sequence is done only
    if every step was done by then. `circle` keeps the contacts in it then; `contact_ids`
    (a few) only those; archived ones (by as-of) only with `include_archived`. With `quiet`
    (`scheduler.quiet_bounds`), contacts that bound proves have nothing due are left out.
    """
    params: dict[str, Any] = {"cut": reader.moment(cutoff(as_of))}
    wanted = "" if include_archived else " AND (c.archived_at IS NULL OR c.archived_at >= :cut)"
    wanted += _ids_clause("c.id", contact_ids)
    if quiet is not None:
        wanted += _not_quiet(reader, quiet, params)
    rows = reader.rows(
        f"""
        SELECT {_FACT_COLUMNS},
          (SELECT max(i.occurred_at) FROM interaction i
           WHERE i.contact_id = c.id AND i.occurred_at < :cut)
        FROM contact c
        WHERE {_PRESENT}{wanted}
        """,
        params,
    )
    chosen = circle.value if circle else None
    return [facts_of(row, row[12]) for row in rows if chosen is None or row[2] == chosen]


# Contacts never left out as quiet: every contact a due source reads a record of (promises,
# introductions, reminders, career news, event targets), whatever the record's state, and
# those whose cadence is not simply their circle's as it stands (a board seat, a circle move
# after as-of). A new due source's table belongs here.
_SOURCE_PARTIES = """
    SELECT contact_id FROM promise
    UNION SELECT contact_a_id FROM introduction
    UNION SELECT contact_b_id FROM introduction
    UNION SELECT contact_id FROM reminder
    UNION SELECT contact_id FROM career_change
    UNION SELECT contact_id FROM event_target
    UNION SELECT contact_id FROM board_seat
    UNION SELECT contact_id FROM circle_change WHERE changed_at >= :cut"""


def _not_quiet(reader: Reader, quiet: QuietBounds, params: dict[str, Any]) -> str:
    """`AND NOT (...)`: leaves out the contacts `quiet` proves have nothing due (see
    scheduler.QuietBounds for why each condition is needed)."""
    since = []
    for circle, day in quiet.touched_since.items():
        params[f"quiet_{circle.value}"] = reader.moment(midnight(day))
        since.append(f"WHEN '{circle.value}' THEN :quiet_{circle.value}")
    touched = f"CASE c.circle {' '.join(since)} END"
    birthday = "c.birthday IS NULL"
    if quiet.birthdays is not None:
        params["bday_first"], params["bday_last"] = quiet.birthdays
        month_day = "substr(c.birthday, length(c.birthday) - 4)"
        joined = "AND" if quiet.birthdays[0] <= quiet.birthdays[1] else "OR"
        birthday += f" OR NOT ({month_day} >= :bday_first {joined} {month_day} <= :bday_last)"
    return f"""
        AND NOT (c.cadence IS NULL AND ({birthday})
          AND c.id NOT IN ({_SOURCE_PARTIES})
          AND NOT EXISTS (SELECT 1 FROM follow_up f WHERE f.contact_id = c.id
                          AND (f.done_at IS NULL OR f.done_at >= {touched}))
          AND EXISTS (SELECT 1 FROM interaction i WHERE i.contact_id = c.id
                      AND i.occurred_at >= {touched} AND i.occurred_at < :cut))"""


def plan_rows(
    reader: Reader,
    start: date,
    as_of: date,
    *,
    text: bool = False,
    counts_since: Sequence[date] = (),
) -> list[tuple[Any, ...]]:
    """The action plan's contacts: present by as-of and not archived before `start` (the
    period's first day), as rows.

    Each row: the columns `facts_of` reads (as of as-of), the latest touch before `start`,
    the touches from `start` through as-of; with `text`, can_help, interests, they_help, role
    and company; then for each day of `counts_since` the touches from it until `start`.

    Each touch figure is a correlated seek on the (contact_id, occurred_at) index, which
    reads only the interactions in range: a grouped pass over every interaction cost half
    again as much at 100,000 contacts.
    """
    params: dict[str, Any] = {
        "cut": reader.moment(cutoff(as_of)),
        "begin": reader.moment(midnight(start)),
    }
    touches = "SELECT count(*) FROM interaction i WHERE i.contact_id = c.id AND i.occurred_at"
    extra = ", c.can_help, c.interests, c.they_help, c.role, c.company" if text else ""
    for n, day in enumerate(counts_since):
        params[f"since_{n}"] = reader.moment(midnight(day))
        extra += f", ({touches} >= :since_{n} AND i.occurred_at < :begin)"
    return reader.rows(
        f"""
        SELECT {_FACT_COLUMNS},
          (SELECT max(i.occurred_at) FROM interaction i
           WHERE i.contact_id = c.id AND i.occurred_at < :begin),
          ({touches} >= :begin AND i.occurred_at < :cut){extra}
        FROM contact c
        WHERE (c.archived_at IS NULL OR c.archived_at >= :begin) AND {_PRESENT}
        """,
        params,
    )


def facts_of(row: Sequence[Any], last_touch: Any) -> ContactFacts:
    """ContactFacts from a row whose first columns are those `contact_facts` selects (id,
    name, circle then, created_at, cadence, met_at, archived_at then, snoozed_until then,
    birthday, first_due_slot, sequence_done, on_board then), as either back end hands them
    over."""
    # By position: 10,000 rows of named attribute lookups cost more than the query itself.
    (
        contact_id,
        name,
        circle_then,
        created_at,
        cadence,
        met_at,
        archived_at,
        snoozed_until,
        birthday,
        first_due_slot,
        sequence_done,
        on_board,
    ) = row[:12]
    return ContactFacts(
        contact_id,
        name,
        stored(Circle, circle_then),
        as_moment(created_at),
        cadence,
        maybe_moment(met_at),
        maybe_moment(last_touch),
        archived_at is not None,
        None if snoozed_until is None else as_day(snoozed_until),
        birthday,
        first_due_slot,
        maybe_moment(sequence_done),
        bool(on_board),
    )


def open_steps(
    reader: Reader, contact_ids: Collection[int] | None = None, *, as_of: date | None = None
) -> list[OpenStep]:
    """Every 24-48-7 step not done (by as-of), earliest first."""
    params: dict[str, Any] = {"cut": reader.moment(cutoff(as_of))}
    rows = reader.rows(
        "SELECT contact_id, step, due_at FROM follow_up"
        " WHERE (done_at IS NULL OR done_at >= :cut)"
        f"{_ids_clause('contact_id', contact_ids)} ORDER BY due_at, id",
        params,
    )
    return [
        OpenStep(contact_id, stored(Step, step), as_moment(due)) for contact_id, step, due in rows
    ]


def has_contacts(reader: Reader) -> bool:
    """Whether the database holds any contact at all, archived or not."""
    return bool(reader.rows("SELECT EXISTS (SELECT 1 FROM contact)")[0][0])


def contact_zones(reader: Reader, contact_ids: Collection[int]) -> dict[int, str]:
    """The stored time zone of each of these contacts (a few) that has one."""
    if not contact_ids:
        return {}
    rows = reader.rows(
        "SELECT id, timezone FROM contact WHERE timezone IS NOT NULL"
        + _ids_clause("id", sorted(contact_ids))
    )
    return {i: zone for i, zone in rows}


class PrepRow(NamedTuple):
    """One target of an event still ahead on as-of, with what is known about them."""

    event_id: int
    event: str
    on_day: date
    place: str | None
    contact_id: int
    name: str
    interests: str | None
    can_help: str | None
    last_touch: datetime | None
    archived: bool  # archived by as-of: named, but never the item's owner


def event_prep_rows(
    reader: Reader, as_of: date, contact_ids: Collection[int] | None = None
) -> list[PrepRow]:
    """Targets (set by as-of) of events stored by as-of whose day is as-of or later.

    By event day, event, then target name (folded) and id; each target's latest touch by
    as-of, and whether it was archived by then. `contact_ids`: only the events one of these
    contacts is a target of (with all their targets).
    """
    events = (
        ""
        if contact_ids is None
        else " AND e.id IN (SELECT event_id FROM event_target WHERE 1 = 1"
        + _ids_clause("contact_id", contact_ids)
        + ")"
    )
    rows = reader.rows(
        f"""
        SELECT e.id, e.name, e.on_day, e.place, c.id, c.name, c.interests, c.can_help,
          (SELECT max(i.occurred_at) FROM interaction i
           WHERE i.contact_id = c.id AND i.occurred_at < :cut),
          CASE WHEN c.archived_at < :cut THEN 1 ELSE 0 END
        FROM event e
        JOIN event_target t ON t.event_id = e.id
        JOIN contact c ON c.id = t.contact_id
        WHERE e.on_day >= :day AND e.created_at < :cut AND t.set_at < :cut{events}
        ORDER BY e.on_day, e.id, lower(c.name), c.id
        """,
        {"cut": reader.moment(cutoff(as_of)), "day": reader.day(as_of)},
    )
    found = []
    for row in rows:
        event_id, event, on_day, place, contact_id, name, interests, can_help = row[:8]
        last, archived = row[8:]
        found.append(
            PrepRow(
                event_id,
                event,
                as_day(on_day),
                place,
                contact_id,
                name,
                interests,
                can_help,
                maybe_moment(last),
                bool(archived),
            )
        )
    return found


class OpenPromise(NamedTuple):
    """A promise still open on as-of."""

    contact_id: int
    text: str
    made_at: datetime
    due_on: date


def open_promises(
    reader: Reader, as_of: date, contact_ids: Collection[int] | None = None
) -> list[OpenPromise]:
    """Promises made by as-of and not kept by then (`contact_ids`: only theirs)."""
    rows = reader.rows(
        "SELECT contact_id, text, made_at, due_on FROM promise"
        " WHERE made_at < :cut AND (kept_at IS NULL OR kept_at >= :cut)"
        f"{_ids_clause('contact_id', contact_ids)} ORDER BY id",
        {"cut": reader.moment(cutoff(as_of))},
    )
    return [OpenPromise(c, text, as_moment(made), as_day(due)) for c, text, made, due in rows]


class OpenIntro(NamedTuple):
    """One party of an introduction made by as-of, not followed up with that party by then."""

    contact_id: int
    other_name: str
    made_at: datetime
    uids: tuple[str, str]  # both parties' stable uids, sorted


def open_intros(
    reader: Reader, as_of: date, contact_ids: Collection[int] | None = None
) -> list[OpenIntro]:
    """Each party of an introduction with no touch on a later day than it, by as-of.

    Newest first, side A before side B (the order `intros` lists them in); `contact_ids`:
    only these parties' sides.
    """
    later = reader.day_of("t.occurred_at") + " > " + reader.day_of("i.made_at")
    rows = reader.rows(
        f"""
        SELECT s.party, o.name, i.made_at, p.id, p.created_at, p.vcard_uid,
               o.id, o.created_at, o.vcard_uid
        FROM (SELECT id AS intro_id, contact_a_id AS party, contact_b_id AS other, 0 AS side
              FROM introduction
              UNION ALL
              SELECT id, contact_b_id, contact_a_id, 1 FROM introduction) s
        JOIN introduction i ON i.id = s.intro_id
        JOIN contact p ON p.id = s.party
        JOIN contact o ON o.id = s.other
        WHERE i.made_at < :cut AND NOT EXISTS (
          SELECT 1 FROM interaction t
          WHERE t.contact_id = s.party AND t.occurred_at > i.made_at AND {later}
            AND t.occurred_at < :cut){_ids_clause("s.party", contact_ids)}
        ORDER BY i.made_at DESC, s.intro_id DESC, s.side
        """,
        {"cut": reader.moment(cutoff(as_of))},
    )
    found = []
    for party, other_name, made_at, *ids in rows:
        a_id, a_created, a_uid, b_id, b_created, b_uid = ids
        pair = sorted(
            (
                contact_uid(a_id, as_moment(a_created), a_uid),
                contact_uid(b_id, as_moment(b_created), b_uid),
            )
        )
        found.append(OpenIntro(party, other_name, as_moment(made_at), (pair[0], pair[1])))
    return found


class OpenReminder(NamedTuple):
    """A reminder set by as-of and not ended by then."""

    contact_id: int
    text: str
    on_day: date
    yearly: bool
    created_at: datetime


def open_reminders(
    reader: Reader, as_of: date, contact_ids: Collection[int] | None = None
) -> list[OpenReminder]:
    """Reminders set by as-of and not marked done by then (`contact_ids`: only theirs)."""
    rows = reader.rows(
        "SELECT contact_id, text, on_day, yearly, created_at FROM reminder"
        " WHERE created_at < :cut AND (done_at IS NULL OR done_at >= :cut)"
        f"{_ids_clause('contact_id', contact_ids)} ORDER BY id",
        {"cut": reader.moment(cutoff(as_of))},
    )
    return [
        OpenReminder(c, text, as_day(day), bool(yearly), as_moment(made))
        for c, text, day, yearly, made in rows
    ]


class CareerNews(NamedTuple):
    """A career change an import saw."""

    contact_id: int
    changed_on: date
    old_company: str | None
    new_company: str | None
    old_role: str | None
    new_role: str | None


def career_news(
    reader: Reader, since: date, contact_ids: Collection[int] | None = None
) -> list[CareerNews]:
    """Career changes seen on or after `since` (`contact_ids`: only theirs)."""
    rows = reader.rows(
        "SELECT contact_id, changed_on, old_company, new_company, old_role, new_role"
        " FROM career_change WHERE changed_on >= :since"
        f"{_ids_clause('contact_id', contact_ids)} ORDER BY id",
        {"since": reader.day(since)},
    )
    return [CareerNews(c, as_day(on), *rest) for c, on, *rest in rows]


def contact_uids(reader: Reader, contact_ids: Collection[int]) -> dict[int, str]:
    """Each contact's stable uid (its vCard UID, else the derived one), by id."""
    if not contact_ids:
        return {}
    # Beyond a few hundred, naming each id costs more than reading every row.
    few = len(contact_ids) <= _FEW_IDS
    rows = reader.rows(
        "SELECT id, created_at, vcard_uid FROM contact WHERE 1 = 1"
        + (_ids_clause("id", contact_ids) if few else "")
    )
    return {
        i: contact_uid(i, as_moment(created), uid)
        for i, created, uid in rows
        if few or i in contact_ids
    }


def contact_names(reader: Reader) -> list[tuple[int, str]]:
    """Every contact's id and name (for suggesting close names when none matched)."""
    return [(i, name) for i, name in reader.rows("SELECT id, name FROM contact ORDER BY id")]


def names_matching(reader: Reader, key: str) -> tuple[list[tuple[int, str]], list[tuple[int, str]]]:
    """Contacts whose folded name (`name_key`, indexed) is `key`, and those that contain it.

    Exact matches come from the index; the containing ones only when there is no exact one.
    Rows another program wrote without a `name_key` are folded here, so they match too.
    """
    unkeyed = [
        (i, name, name_key(name) or "")
        for i, name in reader.rows("SELECT id, name FROM contact WHERE name_key IS NULL")
    ]
    exact = reader.rows(
        "SELECT id, name FROM contact WHERE name_key = :key ORDER BY id", {"key": key}
    )
    exact += [(i, name) for i, name, folded in unkeyed if folded == key]
    if exact:
        return sorted(exact), []
    containing = reader.rows(
        "SELECT id, name FROM contact WHERE name_key LIKE :pattern ESCAPE '\\' ORDER BY id",
        {"pattern": "%" + _like_prefix(key)},
    )
    containing += [(i, name) for i, name, folded in unkeyed if key in folded]
    return [], sorted(containing)


# ---- names: Tab completion ------------------------------------------------------------------


def _like_prefix(text: str) -> str:
    """A LIKE pattern for values starting with `text` (its own % and _ taken literally)."""
    return re.sub(r"([\\%_])", r"\\\1", text) + "%"


def names_starting(reader: Reader, prefix: str, limit: int) -> list[tuple[int, str]]:
    """Up to `limit` contacts whose name starts with `prefix`, in any case, by name."""
    like = "LIKE" if reader.sqlite else "ILIKE"  # SQLite's LIKE ignores ASCII case already
    rows = reader.rows(
        f"SELECT id, name FROM contact WHERE name {like} :prefix ESCAPE '\\'"
        " ORDER BY name, id LIMIT :limit",
        {"prefix": _like_prefix(prefix), "limit": limit * 2},
    )
    # LIKE folds ASCII letters only (SQLite) or by the server's locale: casefold decides.
    folded = prefix.casefold()
    return [(i, name) for i, name in rows if name.casefold().startswith(folded)][:limit]


def ids_starting(reader: Reader, digits: str, limit: int) -> list[tuple[int, str]]:
    """Up to `limit` contacts whose id starts with these digits, by id."""
    if digits and not digits.isdigit():
        return []
    return [
        (i, name)
        for i, name in reader.rows(
            "SELECT id, name FROM contact WHERE CAST(id AS TEXT) LIKE :prefix"
            " ORDER BY id LIMIT :limit",
            {"prefix": digits + "%", "limit": limit},
        )
    ]


def tags_starting(reader: Reader, prefix: str, limit: int) -> list[str]:
    """Up to `limit` tags in use that start with `prefix` (tags are stored folded), sorted."""
    rows = reader.rows(
        "SELECT DISTINCT tag FROM contact_tag WHERE tag LIKE :prefix ESCAPE '\\'"
        " ORDER BY tag LIMIT :limit",
        {"prefix": _like_prefix(prefix.casefold()), "limit": limit},
    )
    return [tag for (tag,) in rows]
