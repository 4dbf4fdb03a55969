"""Alembic environment: netcrm always hands Alembic an open connection (see db.py)."""

from alembic import context
from sqlalchemy.engine import Connection
from sqlmodel import SQLModel

import netcrm.store.models  # noqa: F401 - registers the tables on SQLModel.metadata

connection: Connection | None = context.config.attributes.get("connection")
if connection is None:  # pragma: no cover - only reached when Alembic is run by hand
    raise RuntimeError("run migrations through netcrm: it opens the database and passes it in")

context.configure(
    connection=connection,
    target_metadata=SQLModel.metadata,
    # SQLite cannot ALTER most things in place; batch mode copies the table safely.
    render_as_batch=True,
)
with context.begin_transaction():
    context.run_migrations()
