"""Every contact stores its uid: the one netcrm used to derive from its id and creation time.

A derived uid was the same for contact #1 of two databases created in the same second, so an
import could match the wrong person. New contacts now get a random uid; this revision writes
the derived one into `vcard_uid` wherever it is empty, so files exported before the upgrade
still name the same contacts after it. Contacts that already had a uid keep it.

Revision ID: 0003
Revises: 0002
Create Date: 2026-11-26
"""

import uuid
from collections.abc import Sequence
from datetime import datetime

import sqlalchemy as sa
from alembic import op

revision: str = "0003"
down_revision: str | None = "0002"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None

BATCH = 1000
# Frozen here, as this revision ran: the namespace and rule netcrm used to derive a contact's
# uid before every contact stored one. `exportformat.legacy_uid` keeps producing the same
# values for files exported back then; a test checks that the two agree.
UID_NAMESPACE = uuid.UUID("6c1f3a52-2f4e-4d7e-9a49-3f1d2b0c7e11")


def legacy_uid(contact_id: int, created_at: datetime) -> str:
    """The uid derived from a contact's id and creation time."""
    return str(uuid.uuid5(UID_NAMESPACE, f"{contact_id}/{created_at.isoformat()}"))


# Typed columns, so created_at reads back as the datetime the application saw (SQLite stores text).
contact = sa.table(
    "contact",
    sa.column("id", sa.Integer),
    sa.column("created_at", sa.DateTime),
    sa.column("vcard_uid", sa.String),
)
_set_uid = (
    sa.update(contact)
    .where(contact.c.id == sa.bindparam("row_id"))
    .values(vcard_uid=sa.bindparam("uid"))
)


def upgrade() -> None:
    connection = op.get_bind()
    rows = connection.execute(
        sa.select(contact.c.id, contact.c.created_at).where(
            sa.or_(contact.c.vcard_uid.is_(None), contact.c.vcard_uid == "")
        )
    ).all()
    _write(connection, [{"row_id": i, "uid": legacy_uid(i, created)} for i, created in rows])


def downgrade() -> None:
    # Empty again exactly the uids this revision wrote; at 0002 they are derived the same way.
    connection = op.get_bind()
    rows = connection.execute(
        sa.select(contact.c.id, contact.c.created_at, contact.c.vcard_uid)
    ).all()
    _write(
        connection,
        [{"row_id": i, "uid": None} for i, created, uid in rows if uid == legacy_uid(i, created)],
    )


def _write(connection: sa.Connection, values: list[dict[str, object]]) -> None:
    for start in range(0, len(values), BATCH):
        connection.execute(_set_uid, values[start : start + BATCH])
