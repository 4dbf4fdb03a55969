"""The method's frameworks: the matrix ratings, outreach and give types, the board, events.

`contact` gains `influence` and `accessibility` (the network effect matrix, "high" or "low",
unset for every existing contact); `interaction` gains `outreach` (false for every existing
touch: nobody marked one yet) and `give_type` (the reciprocity stack, unset). New tables:
`board_seat` (the personal board of directors), `event`, `event_target` and `event_met`.
Existing rows are carried forward unchanged.

Revision ID: 0009
Revises: 0008
Create Date: 2026-12-01
"""

from collections.abc import Sequence

import sqlalchemy as sa
from alembic import op

revision: str = "0009"
down_revision: str | None = "0008"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None

CONTACT_FK = "contact.id"
# Frozen here: the names netcrm gives its undo capture triggers (see revision 0005).
TRIGGER_PREFIX = "netcrm_undo"


def upgrade() -> None:
    with op.batch_alter_table("contact", schema=None) as batch_op:
        batch_op.add_column(sa.Column("influence", sa.String(), nullable=True))
        batch_op.add_column(sa.Column("accessibility", sa.String(), nullable=True))
    with op.batch_alter_table("interaction", schema=None) as batch_op:
        batch_op.add_column(
            sa.Column("outreach", sa.Boolean(), nullable=False, server_default=sa.false())
        )
        batch_op.add_column(sa.Column("give_type", sa.String(), nullable=True))
    op.create_table(
        "board_seat",
        sa.Column("role", sa.String(), nullable=False),
        sa.Column("contact_id", sa.Integer(), nullable=False),
        sa.Column("set_at", sa.DateTime(), nullable=False),
        sa.ForeignKeyConstraint(["contact_id"], [CONTACT_FK], ondelete="CASCADE"),
        sa.PrimaryKeyConstraint("role", "contact_id"),
    )
    op.create_table(
        "event",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("name", sa.String(), nullable=False),
        sa.Column("on_day", sa.Date(), nullable=False),
        sa.Column("place", sa.String(), nullable=True),
        sa.Column("goal", sa.Integer(), nullable=False),
        sa.Column("created_at", sa.DateTime(), nullable=False),
        sa.PrimaryKeyConstraint("id"),
    )
    with op.batch_alter_table("event", schema=None) as batch_op:
        batch_op.create_index("ix_event_name", ["name"], unique=False)
    for table in ("event_target", "event_met"):
        op.create_table(
            table,
            sa.Column("event_id", sa.Integer(), nullable=False),
            sa.Column("contact_id", sa.Integer(), nullable=False),
            sa.Column("set_at", sa.DateTime(), nullable=False),
            sa.ForeignKeyConstraint(["event_id"], ["event.id"], ondelete="CASCADE"),
            sa.ForeignKeyConstraint(["contact_id"], [CONTACT_FK], ondelete="CASCADE"),
            sa.PrimaryKeyConstraint("event_id", "contact_id"),
        )


def downgrade() -> None:
    connection = op.get_bind()
    if connection.dialect.name == "sqlite":
        # The capture triggers name the columns dropped below; netcrm reinstalls them.
        names = connection.exec_driver_sql(
            "SELECT name FROM sqlite_master WHERE type = 'trigger' AND name LIKE ?",
            (f"{TRIGGER_PREFIX}%",),
        ).scalars()
        for name in list(names):
            op.execute(f'DROP TRIGGER IF EXISTS "{name}"')
    op.drop_table("event_met")
    op.drop_table("event_target")
    with op.batch_alter_table("event", schema=None) as batch_op:
        batch_op.drop_index("ix_event_name")
    op.drop_table("event")
    op.drop_table("board_seat")
    with op.batch_alter_table("interaction", schema=None) as batch_op:
        batch_op.drop_column("give_type")
        batch_op.drop_column("outreach")
    with op.batch_alter_table("contact", schema=None) as batch_op:
        batch_op.drop_column("accessibility")
        batch_op.drop_column("influence")
