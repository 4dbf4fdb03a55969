"""`doctor`'s look at every stored value, through the checks imports and commands use.

A row written by another tool (or by an older netcrm, or by hand in sqlite3) can hold a value
no netcrm command would store: a cadence `every blue moon`, a step `bogus`, a date in year
9999 or one that is not a date at all. Each of them would make `due`, `list` or `export` fail
for the whole database. Every checked column (core/values.py's COLUMNS) and every text column
of every row is read here and put through `core.values.canonical`; each row that fails is
named with the command, or the SQL statement, that fixes it.
"""

from collections.abc import Callable, Iterator
from dataclasses import dataclass
from datetime import date, datetime
from typing import Any

from sqlalchemy import Connection, Date, DateTime, String, cast, select
from sqlmodel import SQLModel

import netcrm.store.models  # noqa: F401 - registers the tables on SQLModel.metadata
from netcrm.core.errors import UserError
from netcrm.core.fields import TEXT_FIELDS
from netcrm.core.values import COLUMNS, canonical

# The bad rows shown one by one; past these, one more line says how many others there are.
SHOWN = 20
_FLAGS = {spec.attr: spec.flag for spec in TEXT_FIELDS}
# For a contact column, the command that sets it right (ID is the contact's id).
_CONTACT_FIXES: dict[str, str] = {
    "name": "netcrm edit ID --name 'NAME'",
    "circle": "netcrm edit ID --circle outer",
    "cadence": "netcrm edit ID --every 3m (or --every '' for the circle's cadence)",
    "timezone": "netcrm edit ID --timezone Europe/Berlin (or --timezone '')",
    "birthday": "netcrm edit ID --birthday YYYY-MM-DD (or --birthday '')",
    "met_at": "netcrm edit ID --met YYYY-MM-DD (or --met '')",
    "archived_at": "netcrm unarchive ID",
    "snoozed_until": "netcrm snooze ID --clear",
    **{attr: f"netcrm edit ID {flag} TEXT" for attr, flag in _FLAGS.items()},
}
# For other tables, what a column is set to when its value cannot be kept.
_DEFAULTS = {"channel": "'other'", "value": "NULL", "old_circle": "NULL", "new_circle": "'outer'"}


@dataclass(frozen=True)
class BadValue:
    """One stored value netcrm cannot use, and how to fix it."""

    where: str  # "contact #12", "interaction #5 (contact #12)"
    problem: str
    fix: str


def bad_values(connection: Connection) -> Iterator[BadValue]:
    """Every stored value that fails its check, table by table, in id order."""
    for name in COLUMNS:
        table = SQLModel.metadata.tables[name]
        checked = [
            column
            for column in table.columns
            if column.name in COLUMNS[name] or isinstance(column.type, String)
        ]
        keys = [table.c[key] for key in ("id", "contact_id") if key in table.c]
        # Dates are read as the text stored, so one that is not a date at all is reported too.
        shown = [cast(c, String) if isinstance(c.type, Date | DateTime) else c for c in checked]
        query = select(*keys, *shown).order_by(*keys)
        for row in connection.execute(query):
            ids, values = row[: len(keys)], row[len(keys) :]
            for column, value in zip(checked, values, strict=True):
                problem = _problem(name, column.name, value, column.type)
                if problem:
                    yield BadValue(_where(name, ids), problem, _fix(name, column.name, ids))


def _problem(table: str, column: str, value: Any, kind: Any) -> str | None:
    """What is wrong with one stored value, or None."""
    if value is None:
        return None
    read: Callable[[str], Any] | None = None
    if isinstance(kind, DateTime):
        read = datetime.fromisoformat
    elif isinstance(kind, Date):
        read = date.fromisoformat
    try:
        stored = read(value) if read else value
    except ValueError:
        return f"{column} {value!r} is not a date netcrm can read"
    try:
        wanted = canonical(table, column, stored)
    except UserError as exc:  # names the value: "unknown step 'bogus'", "due_on: date ..."
        return str(exc)
    if wanted != stored:
        return f"{column} {value!r} is not stored the way netcrm writes it ({wanted!r})"
    return None


def _where(table: str, ids: tuple[Any, ...]) -> str:
    if table == "contact":
        return f"contact #{ids[0]}"
    if table == "contact_tag":
        return f"a tag of contact #{ids[0]}"
    owner = f" (contact #{ids[1]})" if len(ids) > 1 else ""
    return f"{table} #{ids[0]}{owner}"


def _fix(table: str, column: str, ids: tuple[Any, ...]) -> str:
    """The command, or SQL statement, that makes the value right."""
    if table == "contact" and column in _CONTACT_FIXES:
        return _CONTACT_FIXES[column].replace("ID", str(ids[0]))
    where = f"contact_id = {ids[0]}" if table == "contact_tag" else f"id = {ids[0]}"
    if table == "follow_up" and column == "step":
        statement = f"DELETE FROM follow_up WHERE {where}"
    elif column in _DEFAULTS:
        statement = f"UPDATE {table} SET {column} = {_DEFAULTS[column]} WHERE {where}"
    elif table == "contact_tag":
        statement = f"UPDATE contact_tag SET tag = lower(trim(tag)) WHERE {where}"
    else:
        statement = f"UPDATE {table} SET {column} = '...' WHERE {where}"
    return f"in sqlite3 or psql, with the right value: {statement}"
