"""`sync vdir`'s memory: each vCard file of a vdir as the last sync left it.

New table `sync_state`: per synced file, the vdir's resolved path, the file's name, its
contact (set to NULL when the contact is removed, so a removed contact's file is known),
the file's UID, the SHA-256 of its bytes, and as JSON text what each synced field held on
both sides. Nothing existing changes: a database that never synced has no rows.

Revision ID: 0010
Revises: 0009
Create Date: 2026-12-01
"""

from collections.abc import Sequence

import sqlalchemy as sa
from alembic import op

revision: str = "0010"
down_revision: str | None = "0009"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None

# Frozen here: the names netcrm gives its undo capture triggers (see revision 0005).
TRIGGER_PREFIX = "netcrm_undo"


def upgrade() -> None:
    op.create_table(
        "sync_state",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("vdir", sa.String(), nullable=False),
        sa.Column("file_name", sa.String(), nullable=False),
        sa.Column("contact_id", sa.Integer(), nullable=True),
        sa.Column("uid", sa.String(), nullable=True),
        sa.Column("etag", sa.String(), nullable=False),
        sa.Column("synced", sa.String(), nullable=False),
        sa.Column("card", sa.String(), nullable=False),
        sa.Column("synced_at", sa.DateTime(), nullable=False),
        sa.ForeignKeyConstraint(["contact_id"], ["contact.id"], ondelete="SET NULL"),
        sa.PrimaryKeyConstraint("id"),
        sa.UniqueConstraint("vdir", "file_name", name="uq_sync_state_vdir_file"),
    )
    with op.batch_alter_table("sync_state", schema=None) as batch_op:
        batch_op.create_index("ix_sync_state_contact_id", ["contact_id"], unique=False)


def downgrade() -> None:
    connection = op.get_bind()
    if connection.dialect.name == "sqlite":
        # The capture triggers name the table dropped below; netcrm reinstalls them.
        names = connection.exec_driver_sql(
            "SELECT name FROM sqlite_master WHERE type = 'trigger' AND name LIKE ?",
            (f"{TRIGGER_PREFIX}_sync_state%",),
        ).scalars()
        for name in list(names):
            op.execute(f'DROP TRIGGER IF EXISTS "{name}"')
    with op.batch_alter_table("sync_state", schema=None) as batch_op:
        batch_op.drop_index("ix_sync_state_contact_id")
    op.drop_table("sync_state")
