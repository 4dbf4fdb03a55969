"""The undo history: which commands wrote, and every row each one changed.

`undo_write` holds one row per command that changed something; `undo_change` the rows it
inserted, changed or deleted, as they were before and after (JSON); `undo_open` names the
write in progress while a command runs and is empty otherwise. The capture triggers that fill
them are not created here: netcrm installs them after every upgrade from the tables as they
then stand (store/undo.py), so a table or column added by a later revision is covered too,
and SQLite's table copies (which drop a table's triggers) cannot leave one uncovered.
Existing data is untouched; the history starts empty.

Revision ID: 0005
Revises: 0004
Create Date: 2026-11-22
"""

from collections.abc import Sequence

import sqlalchemy as sa
from alembic import op
from sqlalchemy.dialects import postgresql

revision: str = "0005"
down_revision: str | None = "0004"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None

IMAGE = sa.JSON().with_variant(postgresql.JSONB(), "postgresql")
# Frozen here: the names netcrm gives its capture triggers and, on PostgreSQL, their function.
TRIGGER_PREFIX = "netcrm_undo"
CAPTURE_FUNCTION = "netcrm_undo_capture"


def upgrade() -> None:
    op.create_table(
        "undo_write",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("at", sa.DateTime(), nullable=False),
        sa.Column("command", sa.String(), nullable=False),
        sa.Column("summary", sa.String(), nullable=False),
        sa.Column("revision", sa.String(), nullable=False),
        sa.Column("revertible", sa.Boolean(), nullable=False),
        sa.PrimaryKeyConstraint("id"),
        sqlite_autoincrement=True,
    )
    op.create_table(
        "undo_change",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("write_id", sa.Integer(), nullable=False),
        sa.Column("table_name", sa.String(), nullable=False),
        sa.Column("op", sa.String(), nullable=False),
        sa.Column("contact_id", sa.Integer(), nullable=True),
        sa.Column("old", IMAGE, nullable=True),
        sa.Column("new", IMAGE, nullable=True),
        sa.ForeignKeyConstraint(["write_id"], ["undo_write.id"], ondelete="CASCADE"),
        sa.PrimaryKeyConstraint("id"),
    )
    with op.batch_alter_table("undo_change", schema=None) as batch_op:
        batch_op.create_index("ix_undo_change_write", ["write_id", "id"], unique=False)
    op.create_table(
        "undo_open",
        sa.Column("write_id", sa.Integer(), autoincrement=False, nullable=False),
        sa.PrimaryKeyConstraint("write_id"),
    )


def downgrade() -> None:
    # The triggers write into these tables: they go first, or every later write would fail.
    connection = op.get_bind()
    if connection.dialect.name == "postgresql":
        op.execute(f"DROP FUNCTION IF EXISTS {CAPTURE_FUNCTION}() CASCADE")
    else:
        names = connection.exec_driver_sql(
            "SELECT name FROM sqlite_master WHERE type = 'trigger' AND name LIKE ?",
            (f"{TRIGGER_PREFIX}%",),
        ).scalars()
        for name in list(names):
            op.execute(f'DROP TRIGGER IF EXISTS "{name}"')
    op.drop_table("undo_open")
    with op.batch_alter_table("undo_change", schema=None) as batch_op:
        batch_op.drop_index("ix_undo_change_write")
    op.drop_table("undo_change")
    op.drop_table("undo_write")
