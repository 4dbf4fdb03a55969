"""When snoozes were set, where imported contacts first fall due, and reminders.

- `contact.snoozed_at`: when the current snooze was set, so a report `--as-of` an earlier day
  does not see it. A snooze set before this revision has no such date; it gets the contact's
  `created_at`, the earliest it can have been set, so every report keeps seeing it exactly as
  it did before the upgrade.
- `contact.first_due_slot`: for contacts an import added, where in their circle's first period
  their first touch falls (a fraction in (0, 1]), so an import of hundreds of contacts is not
  due all on one day. Before this revision nothing recorded which contacts an import added,
  but an import gives every contact it adds the same `created_at`: contacts that share their
  `created_at` (to the second) and circle with others get their slots here, by the rule
  imports use from now on (frozen below). Contacts added one by one keep NULL.
- `reminder`: `netcrm remind` (one-off reminders and yearly dates), new and empty.

Revision ID: 0004
Revises: 0003
Create Date: 2026-11-22
"""

import hashlib
from collections import defaultdict
from collections.abc import Sequence

import sqlalchemy as sa
from alembic import op

revision: str = "0004"
down_revision: str | None = "0003"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None

BATCH = 1000

contact = sa.table(
    "contact",
    sa.column("id", sa.Integer),
    sa.column("circle", sa.String),
    sa.column("vcard_uid", sa.String),
    sa.column("created_at", sa.DateTime),
    sa.column("snoozed_until", sa.Date),
    sa.column("snoozed_at", sa.DateTime),
    sa.column("first_due_slot", sa.Float),
)


def spread_slots(uids: Sequence[str]) -> list[float]:
    """Frozen copy of `importing.spread_slots`: (rank + 1) / n, ranked by the uid's SHA-256.

    A test checks that the two agree.
    """
    order = sorted(
        range(len(uids)), key=lambda i: (hashlib.sha256(uids[i].encode()).hexdigest(), i)
    )
    slots = [0.0] * len(uids)
    for rank, index in enumerate(order):
        slots[index] = (rank + 1) / len(uids)
    return slots


def upgrade() -> None:
    with op.batch_alter_table("contact", schema=None) as batch_op:
        batch_op.add_column(sa.Column("snoozed_at", sa.DateTime(), nullable=True))
        batch_op.add_column(sa.Column("first_due_slot", sa.Float(), nullable=True))
    op.create_table(
        "reminder",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("contact_id", sa.Integer(), nullable=False),
        sa.Column("text", sa.String(), nullable=False),
        sa.Column("on_day", sa.Date(), nullable=False),
        sa.Column("yearly", sa.Boolean(), nullable=False),
        sa.Column("created_at", sa.DateTime(), nullable=False),
        sa.Column("done_at", sa.DateTime(), nullable=True),
        sa.ForeignKeyConstraint(["contact_id"], ["contact.id"], ondelete="CASCADE"),
        sa.PrimaryKeyConstraint("id"),
    )
    with op.batch_alter_table("reminder", schema=None) as batch_op:
        batch_op.create_index("ix_reminder_contact_done", ["contact_id", "done_at"], unique=False)
    connection = op.get_bind()
    connection.execute(
        sa.update(contact)
        .where(contact.c.snoozed_until.is_not(None))
        .values(snoozed_at=contact.c.created_at)
    )
    batches: dict[tuple[object, str], list[tuple[int, str]]] = defaultdict(list)
    rows = connection.execute(
        sa.select(contact.c.id, contact.c.created_at, contact.c.circle, contact.c.vcard_uid)
    )
    for contact_id, created_at, circle, uid in rows:
        batches[(created_at, circle)].append((contact_id, uid or str(contact_id)))
    values = []
    for members in batches.values():
        if len(members) > 1:
            slots = spread_slots([uid for _id, uid in members])
            values += [
                {"row_id": contact_id, "slot": slot}
                for (contact_id, _uid), slot in zip(members, slots, strict=True)
            ]
    statement = (
        sa.update(contact)
        .where(contact.c.id == sa.bindparam("row_id"))
        .values(first_due_slot=sa.bindparam("slot"))
    )
    for start in range(0, len(values), BATCH):
        connection.execute(statement, values[start : start + BATCH])


def downgrade() -> None:
    with op.batch_alter_table("reminder", schema=None) as batch_op:
        batch_op.drop_index("ix_reminder_contact_done")
    op.drop_table("reminder")
    with op.batch_alter_table("contact", schema=None) as batch_op:
        batch_op.drop_column("first_due_slot")
        batch_op.drop_column("snoozed_at")
