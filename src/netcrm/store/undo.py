"""The undo history: triggers capture every row a command changes, and `revert` puts them back.

Capture is generic, so no command can be missed: after every schema upgrade, each table of
the schema (every table in the models but the history's own) gets AFTER INSERT, UPDATE and
DELETE triggers that copy the row as it was before and after into `undo_change`, tagged with
the write named in `undo_open`. That holds bulk statements, cascades and `executemany`
inserts alike, because the database itself does the copying. A recorded command (see
db.open_session) opens a write at its start and closes it before its commit; outside one,
`undo_open` is empty and the triggers record nothing (migrations, `undo`, `forget`). A table
or column added by a later revision is covered by the next install without anyone writing
trigger SQL; tests/store/test_undo.py fails when a table is not.

Reverting checks each row is still exactly as the last write left it (its stored image), so
a change made outside netcrm stops the undo instead of being lost.
Values travel as the JSON the database produced (SQLite's json_object of the stored values,
PostgreSQL's to_jsonb) and are bound untyped, so each is written back as it was stored.
"""

from collections.abc import Callable, Iterable, Sequence
from datetime import datetime
from typing import Any

from sqlalchemy import (
    ColumnElement,
    Connection,
    Float,
    Table,
    bindparam,
    delete,
    func,
    insert,
    literal,
    literal_column,
    or_,
    select,
    table,
    tuple_,
    type_coerce,
    update,
)
from sqlalchemy import column as untyped_column
from sqlalchemy.ext.compiler import compiles
from sqlalchemy.sql.compiler import SQLCompiler
from sqlalchemy.sql.functions import FunctionElement
from sqlmodel import Session, SQLModel, col

from netcrm.core.errors import UserError
from netcrm.core.text import count_of
from netcrm.store.models import Contact, RowImage, UndoChange, UndoOpen, UndoWrite

HISTORY_TABLES = frozenset({"undo_write", "undo_change", "undo_open"})
TRIGGER_PREFIX = "netcrm_undo"  # every capture trigger's name starts so (see 0005)
CAPTURE_FUNCTION = "netcrm_undo_capture"  # PostgreSQL: the one function all triggers call
OPS = {"I": "added", "U": "changed", "D": "deleted"}  # the row changes undo takes back
MERGED = "M"  # not a row change: a merge's note of whom it folded into whom
# How a summary names the rows of each table; a table not listed is named after itself.
LABELS = {
    "contact": "contact",
    "contact_tag": "tag",
    "interaction": "interaction",
    "follow_up": "24-48-7 step",
    "promise": "promise",
    "introduction": "introduction",
    "circle_change": "circle change",
    "career_change": "career change",
}
NAMED = 3  # a summary names this many contacts, then counts the rest
_CHUNK = 500  # keys per query when reading current rows


def captured_tables() -> list[Table]:
    """Every table whose changes undo captures: all of the schema but the history itself."""
    return [t for t in SQLModel.metadata.sorted_tables if t.name not in HISTORY_TABLES]


def contact_columns(table: Table) -> list[str]:
    """The columns of `table` that name a contact: a contact's own id, or its foreign keys."""
    if table.name == Contact.__tablename__:
        return ["id"]
    return [
        column.name
        for column in table.columns
        if any(key.column.table.name == Contact.__tablename__ for key in column.foreign_keys)
    ]


# ---- installing the capture triggers --------------------------------------------------------


def install_capture(connection: Connection) -> None:
    """(Re)create the capture triggers for every table as the schema now stands."""
    drop_capture(connection)
    if connection.dialect.name == "postgresql":
        connection.exec_driver_sql(_PG_FUNCTION)
        for captured in captured_tables():
            refs = contact_columns(captured)
            argument = f"'{refs[0]}'" if refs else ""
            connection.exec_driver_sql(
                f"CREATE TRIGGER {TRIGGER_PREFIX} AFTER INSERT OR UPDATE OR DELETE ON "
                f"{_quote(captured.name)} FOR EACH ROW EXECUTE FUNCTION "
                f"{CAPTURE_FUNCTION}({argument})"
            )
        return
    for captured in captured_tables():
        for statement in _sqlite_triggers(captured):
            connection.exec_driver_sql(statement)


def drop_capture(connection: Connection) -> None:
    """Remove every capture trigger: before a migration, which must not be captured."""
    if connection.dialect.name == "postgresql":
        connection.exec_driver_sql(f"DROP FUNCTION IF EXISTS {CAPTURE_FUNCTION}() CASCADE")
        return
    drop_sqlite_triggers(connection, TRIGGER_PREFIX)


def drop_sqlite_triggers(connection: Connection, prefix: str) -> None:
    """Drop every SQLite trigger whose name starts with `prefix` and an underscore."""
    names = connection.exec_driver_sql(
        "SELECT name FROM sqlite_master WHERE type = 'trigger' AND name GLOB ?",
        (f"{prefix}_*",),
    ).scalars()
    for name in list(names):
        connection.exec_driver_sql(f"DROP TRIGGER IF EXISTS {_quote(name)}")


def _quote(name: str) -> str:
    return '"' + name.replace('"', '""') + '"'


# SQLite's json_object writes a REAL with 15 significant digits, which does not round-trip;
# 17 do (written as text, the column's REAL affinity reads it back as the same double).
_EXACT_REAL = "CASE WHEN {0} IS NULL THEN NULL ELSE printf('%!.17g', {0}) END"


def _is_real(column: Any) -> bool:
    return isinstance(column.type, Float)


def _sqlite_image(captured: Table, row: str) -> str:
    """SQL for the row as a JSON object, every column by name (`row` is NEW, OLD or empty)."""
    prefix = f"{row}." if row else ""

    def value(column: Any) -> str:
        named = f"{prefix}{_quote(column.name)}"
        return _EXACT_REAL.format(named) if _is_real(column) else named

    pairs = ", ".join(f"'{c.name}', {value(c)}" for c in captured.columns)
    return f"json_object({pairs})"


def _sqlite_triggers(captured: Table) -> list[str]:
    name, quoted = captured.name, _quote(captured.name)
    refs = contact_columns(captured)
    columns = [_quote(c.name) for c in captured.columns]
    changed = " OR ".join(f"OLD.{c} IS NOT NEW.{c}" for c in columns)
    record = (
        "INSERT INTO undo_change (write_id, table_name, op, contact_id, old, new) SELECT write_id"
    )
    about = {row: f"{row}.{_quote(refs[0])}" if refs else "NULL" for row in ("NEW", "OLD")}
    new, old = _sqlite_image(captured, "NEW"), _sqlite_image(captured, "OLD")
    return [
        f"CREATE TRIGGER {_quote(f'{TRIGGER_PREFIX}_{name}_i')} AFTER INSERT ON {quoted} BEGIN "
        f"{record}, '{name}', 'I', {about['NEW']}, NULL, {new} FROM undo_open; END",
        f"CREATE TRIGGER {_quote(f'{TRIGGER_PREFIX}_{name}_u')} AFTER UPDATE ON {quoted} "
        f"WHEN {changed} BEGIN "
        f"{record}, '{name}', 'U', {about['NEW']}, {old}, {new} FROM undo_open; END",
        f"CREATE TRIGGER {_quote(f'{TRIGGER_PREFIX}_{name}_d')} AFTER DELETE ON {quoted} BEGIN "
        f"{record}, '{name}', 'D', {about['OLD']}, {old}, NULL FROM undo_open; END",
    ]


# One function for every table: to_jsonb captures whatever columns the table has. The
# trigger's argument names the column that says which contact a row is about.
_PG_FUNCTION = f"""
CREATE OR REPLACE FUNCTION {CAPTURE_FUNCTION}() RETURNS trigger LANGUAGE plpgsql AS $$
DECLARE
    open_write bigint;
    before jsonb;
    after jsonb;
BEGIN
    SELECT write_id INTO open_write FROM undo_open LIMIT 1;
    IF open_write IS NULL THEN
        RETURN NULL;
    END IF;
    IF TG_OP <> 'INSERT' THEN
        before := to_jsonb(OLD);
    END IF;
    IF TG_OP <> 'DELETE' THEN
        after := to_jsonb(NEW);
    END IF;
    IF TG_OP = 'UPDATE' AND before = after THEN
        RETURN NULL;
    END IF;
    INSERT INTO undo_change (write_id, table_name, op, contact_id, old, new)
    VALUES (open_write, TG_TABLE_NAME, left(TG_OP, 1),
            (coalesce(after, before) ->> TG_ARGV[0])::bigint, before, after);
    RETURN NULL;
END
$$
"""


# ---- recording one command ------------------------------------------------------------------


# Core tables, not ORM entities, on the path every write takes: no ORM compile, no flush.
_WRITES: Table = UndoWrite.__table__  # type: ignore[attr-defined]
_CHANGES: Table = UndoChange.__table__  # type: ignore[attr-defined]
_OPEN: Table = UndoOpen.__table__  # type: ignore[attr-defined]


def begin(session: Session, command: str, at: datetime, revision: str) -> int:
    """Open a write: from now until `finish`, every row changed is captured under it."""
    write_id = session.execute(
        insert(_WRITES)
        .values(at=at, command=command, summary="", revision=revision, revertible=True)
        .returning(_WRITES.c.id)
    ).scalar_one()
    session.execute(insert(_OPEN).values(write_id=write_id))
    return int(write_id)


def finish(session: Session, write_id: int, keep: Callable[[], int]) -> None:
    """Close the write: dropped when it changed nothing, else kept and old ones pruned.

    Its summary is not written now but made when the history is read (`describe`): that
    keeps `log` cheap, and leaves nothing to rewrite when `forget` erases rows.
    """
    session.flush()  # the command's last changes reach the triggers while the write is open
    session.execute(delete(_OPEN).where(_OPEN.c.write_id == write_id))
    if keep_if_changed(session, write_id):
        # Only a write that stays prunes: a command that changed nothing (a dry run rolled
        # back, an edit finding everything as asked) must not change the history either.
        prune(session, keep())


def keep_if_changed(session: Session, write_id: int) -> bool:
    """Drop a write that holds no row change; returns whether it is still in the history."""
    changes = select(_CHANGES.c.id).where(
        _CHANGES.c.write_id == write_id, _CHANGES.c.op.in_(list(OPS))
    )
    if session.scalar(select(changes.exists())):
        return True
    session.execute(delete(_WRITES).where(_WRITES.c.id == write_id))
    return False


def mark(session: Session, command: str, summary: str, at: datetime, revision: str) -> None:
    """Record an entry that cannot be undone and that undo cannot go past (a restore)."""
    session.add(
        UndoWrite(at=at, command=command, summary=summary, revision=revision, revertible=False)
    )


def prune(session: Session, keep: int) -> None:
    """Keep only the `keep` newest writes (their changes go with them, by cascade)."""
    newest_dropped = session.scalar(
        select(_WRITES.c.id).order_by(_WRITES.c.id.desc()).offset(keep).limit(1)
    )
    if newest_dropped is not None:
        session.execute(delete(_WRITES).where(_WRITES.c.id <= newest_dropped))


def describe(session: Session, write_id: int) -> str:
    """What a write changed, in words: whom it concerns, then counts by kind of row.

    E.g. "#1 Ada Lovelace: 1 interaction added, 1 24-48-7 step changed". A contact is named
    as it is now, or, when it is gone, as the history last saw it.
    """
    counts: list[tuple[str, str, int]] = [
        (name, op, count)
        for name, op, count in session.execute(
            select(col(UndoChange.table_name), col(UndoChange.op), func.count())
            .where(col(UndoChange.write_id) == write_id, col(UndoChange.op).in_(list(OPS)))
            .group_by(col(UndoChange.table_name), col(UndoChange.op))
        )
    ]
    order = {t.name: i for i, t in enumerate(captured_tables())}
    counts.sort(key=lambda row: (order.get(row[0], len(order)), row[0], list(OPS).index(row[1])))
    parts = [
        f"{count_of(count, LABELS.get(name, name.replace('_', ' ')))} {OPS[op]}"
        for name, op, count in counts
    ]
    who = _who(session, write_id)
    return f"{who}: {', '.join(parts)}" if who else ", ".join(parts)


def _who(session: Session, write_id: int) -> str:
    """The contacts a write concerns, named as `#12 Ada Lovelace`, the rest counted."""
    about = (
        select(col(UndoChange.contact_id))
        .where(col(UndoChange.write_id) == write_id, col(UndoChange.contact_id).is_not(None))
        .distinct()
    )
    total = session.scalar(select(func.count()).select_from(about.subquery())) or 0
    ids = list(session.scalars(about.order_by(col(UndoChange.contact_id)).limit(NAMED)))
    if not ids:
        return ""
    names: dict[int, str] = {
        contact_id: name
        for contact_id, name in session.execute(
            select(col(Contact.id), col(Contact.name)).where(col(Contact.id).in_(ids))
        )
    }
    gone = [i for i in ids if i not in names]
    if gone:  # deleted since: the newest copy of its row in the history has the name
        for image, new in session.execute(
            select(col(UndoChange.old), col(UndoChange.new))
            .where(
                col(UndoChange.table_name) == Contact.__tablename__,
                col(UndoChange.op).in_(list(OPS)),
                col(UndoChange.contact_id).in_(gone),
            )
            .order_by(col(UndoChange.id))
        ):
            row = new or image
            names[row["id"]] = row["name"]
    named = ", ".join(f"#{i} {names[i]}" if i in names else f"#{i}" for i in ids)
    return f"{named} and {total - len(ids)} more" if total > len(ids) else named


# ---- reading and reverting ------------------------------------------------------------------


def lock(session: Session) -> None:
    """On a server, keep other commands from recording writes while undo works.

    SQLite needs nothing: a writing command holds the database's one write lock already.
    """
    if session.get_bind().dialect.name == "postgresql":
        # EXCLUSIVE waits for commands still recording (their insert holds ROW EXCLUSIVE)
        # and holds new ones off until undo commits; plain reads go on.
        session.connection().exec_driver_sql("LOCK TABLE undo_write IN EXCLUSIVE MODE")


Key = tuple[Any, ...]  # a row's primary key values, in the table's key order
Image = dict[str, Any]  # a row as the triggers wrote it: every column by name


def revert(session: Session, write_ids: Sequence[int]) -> None:
    """Put every row the writes changed back as it was before the first, and forget them.

    The writes' changes are folded into one net change per row: how it was before the first
    (absent for a row they inserted) and how the last left it (absent for one they deleted).
    Every such row must still be as the last write left it, or UserError says which is not
    and nothing is changed (the caller's transaction rolls back). Rows then go back in an
    order the foreign keys accept on either back end: re-inserted parents first, then the
    changed rows, then the inserted rows, children first.
    """
    tables = {t.name: t for t in captured_tables()}
    net: dict[str, dict[Key, list[Image | None]]] = {}  # table -> key -> [before, after]
    query = (
        select(col(UndoChange.table_name), col(UndoChange.old), col(UndoChange.new))
        .where(col(UndoChange.write_id).in_(write_ids), col(UndoChange.op).in_(list(OPS)))
        .order_by(col(UndoChange.id))
    )
    for name, old, new in session.execute(query):
        found = tables.get(name)
        if found is None:
            raise UserError(f"the undo history names table {name!r}, which is gone")
        rows = net.setdefault(name, {})
        for key, before, after in _transitions(found, old, new):
            if key in rows:
                rows[key][1] = after
            else:
                rows[key] = [before, after]
    dialect = session.get_bind().dialect.name
    for name, rows in net.items():
        _check(session, tables[name], rows, dialect)
    order = [t for t in captured_tables() if t.name in net]  # parents before children
    for found in order:  # rows the writes deleted come back
        states = net[found.name].values()
        _write_back(
            session, found, [was for was, left in states if was is not None and left is None]
        )
    for found in order:  # rows the writes changed go back to how they were
        changed = [
            (key, was)
            for key, (was, left) in net[found.name].items()
            if was is not None and left is not None and was != left
        ]
        _restore(session, found, changed)
    for found in reversed(order):  # rows the writes added go, children first
        added = [
            key for key, (was, left) in net[found.name].items() if was is None and left is not None
        ]
        _delete(session, found, added)
    session.execute(delete(UndoWrite).where(col(UndoWrite.id).in_(write_ids)))


def _key(found: Table, image: Image) -> Key:
    return tuple(image[c.name] for c in found.primary_key.columns)


def _transitions(
    found: Table, old: Image | None, new: Image | None
) -> list[tuple[Key, Image | None, Image | None]]:
    """One change as (key, before, after) per row key; a changed key is a delete and an insert."""
    if old is not None and new is not None and _key(found, old) != _key(found, new):
        return [(_key(found, old), old, None), (_key(found, new), None, new)]
    image = new if new is not None else old
    assert image is not None  # every change has an image before or after
    return [(_key(found, image), old, new)]


def _current(session: Session, found: Table, keys: list[Key], dialect: str) -> dict[Key, Image]:
    """The rows of `found` with these primary keys, each as the JSON image the triggers write."""
    alias = found.alias("undo_row")
    if dialect == "postgresql":
        image: ColumnElement[Any] = func.to_jsonb(literal_column("undo_row"))
    else:
        image = func.json_object(
            *(
                part
                for c in found.columns
                for part in (
                    c.name,
                    literal_column(_EXACT_REAL.format(f"undo_row.{_quote(c.name)}"))
                    if _is_real(c)
                    else alias.c[c.name],
                )
            )
        )
    pk = [alias.c[c.name] for c in found.primary_key.columns]
    result: dict[Key, Image] = {}
    for start in range(0, len(keys), _CHUNK):
        chunk = keys[start : start + _CHUNK]
        where = pk[0].in_([k[0] for k in chunk]) if len(pk) == 1 else tuple_(*pk).in_(chunk)
        for row in session.execute(select(*pk, type_coerce(image, RowImage())).where(where)):
            result[tuple(row[:-1])] = row[-1]
    return result


def _check(
    session: Session, found: Table, rows: dict[Key, list[Image | None]], dialect: str
) -> None:
    """Refuse unless every row is exactly as the last write left it (or still absent)."""
    current = _current(session, found, list(rows), dialect)
    for key, (_before, after) in rows.items():
        if current.get(key) != after:
            raise UserError(
                f"{found.name} row {'/'.join(map(str, key))} has changed since that write "
                "(outside netcrm?): nothing was undone"
            )


def _untyped(found: Table) -> Any:
    """The table with untyped columns: each value is bound exactly as the image holds it."""
    return table(found.name, *(untyped_column(c.name) for c in found.columns))


def _key_params(found: Table, key: Key) -> dict[str, Any]:
    return {f"key_{c.name}": v for c, v in zip(found.primary_key.columns, key, strict=True)}


def _where_key(found: Table, raw: Any) -> list[ColumnElement[bool]]:
    return [raw.c[c.name] == bindparam(f"key_{c.name}") for c in found.primary_key.columns]


def _write_back(session: Session, found: Table, images: list[Image]) -> None:
    if images:
        session.execute(insert(_untyped(found)), images)


def _restore(session: Session, found: Table, rows: list[tuple[Key, Image]]) -> None:
    if not rows:
        return
    raw = _untyped(found)
    values: dict[str, Any] = {c.name: bindparam(f"old_{c.name}") for c in found.columns}
    params = [
        _key_params(found, key) | {f"old_{name}": value for name, value in image.items()}
        for key, image in rows
    ]
    session.execute(update(raw).where(*_where_key(found, raw)).values(values), params)


def _delete(session: Session, found: Table, keys: list[Key]) -> None:
    if keys:
        raw = _untyped(found)
        params = [_key_params(found, key) for key in keys]
        session.execute(delete(raw).where(*_where_key(found, raw)), params)


# ---- forgetting a person --------------------------------------------------------------------


class json_int(FunctionElement[int]):  # lower case: it reads like the func.* beside it
    """The integer at `key` in a JSON row image, on either back end."""

    inherit_cache = False
    name = "json_int"

    def __init__(self, image: ColumnElement[Any], key: str) -> None:
        # The key is a column name from the models, written into the SQL as a literal.
        if not key.isidentifier():
            raise ValueError(f"not a column name: {key!r}")
        self.key = key
        super().__init__(image)


@compiles(json_int)
def _json_int_standard(element: json_int, compiler: SQLCompiler, **kw: Any) -> str:
    image = compiler.process(next(iter(element.clauses)), **kw)
    return f"CAST(({image} ->> '{element.key}') AS BIGINT)"


@compiles(json_int, "sqlite")
def _json_int_sqlite(element: json_int, compiler: SQLCompiler, **kw: Any) -> str:
    image = compiler.process(next(iter(element.clauses)), **kw)
    return f"json_extract({image}, '$.{element.key}')"


def _about(ids: Iterable[int]) -> ColumnElement[bool]:
    """A condition on undo changes: the row, before or after, names one of the contacts."""
    wanted = sorted(ids)
    changes = _CHANGES
    conditions = [
        (changes.c.table_name == captured.name)
        & or_(
            *(
                json_int(image, ref).in_(wanted)
                for ref in contact_columns(captured)
                for image in (changes.c.old, changes.c.new)
            )
        )
        for captured in captured_tables()
        if contact_columns(captured)
    ]
    return or_(*conditions)


def link_merge(session: Session, keep_id: int, other_id: int) -> None:
    """Note in the write in progress that `other_id` was folded into `keep_id` (a merge).

    Not a row change (undo skips it): it tells `forget` that the merged record was the same
    person, which the rows alone cannot show when the merge had nothing to move.
    """
    session.execute(
        insert(UndoChange).from_select(
            ["write_id", "table_name", "op", "contact_id", "old", "new"],
            select(
                col(UndoOpen.write_id),
                literal(Contact.__tablename__),
                literal(MERGED),
                literal(keep_id),
                type_coerce(literal({"id": other_id}, RowImage()), RowImage()),
                type_coerce(literal({"id": keep_id}, RowImage()), RowImage()),
            ),
        )
    )


def _merged_into(session: Session, ids: set[int]) -> set[int]:
    """`ids` and every contact a merge folded into one of them, transitively."""
    found = set(ids)
    while True:
        links = session.scalars(
            select(col(UndoChange.old)).where(
                col(UndoChange.op) == MERGED, col(UndoChange.contact_id).in_(sorted(found))
            )
        )
        more = {link["id"] for link in links} - found
        if not more:
            return found
        found |= more


def erase_contact(session: Session, contact_id: int) -> None:
    """Leave no trace of a contact in the history: no row about them, no summary naming them.

    Rows about the contact (or about a contact merged into them) go, and a write left with
    no rows goes. Summaries are made from the rows when read, so none can name them after.
    What stays can still be undone: it never depended on the rows erased.
    """
    forgotten = _merged_into(session, {contact_id})
    theirs = or_(_about(forgotten), col(UndoChange.contact_id).in_(sorted(forgotten)))
    touched = set(session.scalars(select(col(UndoChange.write_id)).where(theirs).distinct()))
    session.execute(delete(UndoChange).where(theirs))
    for write_id in sorted(touched):
        keep_if_changed(session, write_id)
