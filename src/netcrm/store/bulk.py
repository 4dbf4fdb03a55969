"""Many rows in one statement: Core `executemany` inserts and updates by primary key.

Imports write thousands of rows per batch. These go through SQLAlchemy Core on the model's
table, not the ORM: no objects, no identity map, no unit of work, and none of the ORM bulk
path's per-row bookkeeping. ORM events do not run (the ORM's bulk paths skip them too), so a
caller fills what an event would have (a contact's `name_key`).
"""

from collections.abc import Mapping, Sequence
from typing import Any

from sqlalchemy import Table, bindparam, insert, update
from sqlmodel import Session, SQLModel

_KEY = "netcrm_row_id"  # the WHERE parameter's name: unlike any column's


def _table(model: type[SQLModel]) -> Table:
    return model.__table__  # type: ignore[attr-defined, no-any-return]  # set at class creation


def insert_rows(session: Session, model: type[SQLModel], rows: Sequence[Mapping[str, Any]]) -> None:
    """Insert rows in one executemany; each row must carry the same keys."""
    if rows:
        session.execute(insert(_table(model)), list(rows))


def insert_returning_ids(
    session: Session, model: type[SQLModel], rows: Sequence[dict[str, Any]]
) -> list[int]:
    """Insert rows without ids and return the ids the database gave them, in row order.

    SQLAlchemy batches this into multi-row INSERT ... RETURNING ("insertmanyvalues", SQLite
    3.35+ and PostgreSQL), so it stays one round trip per batch, and the id sequence stays
    the database's own business.
    """
    if not rows:
        return []
    table = _table(model)
    statement = insert(table).returning(table.c.id, sort_by_parameter_order=True)
    return list(session.execute(statement, list(rows)).scalars())


def update_rows(session: Session, model: type[SQLModel], rows: Sequence[dict[str, Any]]) -> None:
    """Set the given columns of each row named by its `id`: one executemany per set of keys.

    Rows may set different columns; those that set the same ones share a statement.
    """
    table = _table(model)
    groups: dict[tuple[str, ...], list[dict[str, Any]]] = {}
    for row in rows:
        columns = tuple(sorted(key for key in row if key != "id"))
        if columns:
            groups.setdefault(columns, []).append(row)
    for columns, group in groups.items():
        statement = (
            update(table)
            .where(table.c.id == bindparam(_KEY))
            .values({name: bindparam(name) for name in columns})
        )
        session.execute(
            statement, [{_KEY: row["id"], **{name: row[name] for name in columns}} for row in group]
        )
