"""Initial schema: contacts, tags, interactions, 24-48-7 steps, promises, introductions,
circle and career history.

Revision ID: 0001
Revises:
Create Date: 2026-11-26
"""

from collections.abc import Sequence

import sqlalchemy as sa
from alembic import op

revision: str = "0001"
down_revision: str | None = None
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None


def upgrade() -> None:
    op.create_table(
        "contact",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("name", sa.String(), nullable=False),
        sa.Column("circle", sa.String(), nullable=False),
        sa.Column("company", sa.String(), nullable=True),
        sa.Column("role", sa.String(), nullable=True),
        sa.Column("email", sa.String(), nullable=True),
        sa.Column("phone", sa.String(), nullable=True),
        sa.Column("linkedin", sa.String(), nullable=True),
        sa.Column("location", sa.String(), nullable=True),
        sa.Column("timezone", sa.String(), nullable=True),
        sa.Column("how_met", sa.String(), nullable=True),
        sa.Column("met_at", sa.DateTime(), nullable=True),
        sa.Column("met_has_time", sa.Boolean(), nullable=False),
        sa.Column("met_event", sa.String(), nullable=True),
        sa.Column("family", sa.String(), nullable=True),
        sa.Column("hobbies", sa.String(), nullable=True),
        sa.Column("interests", sa.String(), nullable=True),
        sa.Column("can_help", sa.String(), nullable=True),
        sa.Column("they_help", sa.String(), nullable=True),
        sa.Column("notes", sa.String(), nullable=True),
        sa.Column("birthday", sa.String(), nullable=True),
        sa.Column("cadence", sa.String(), nullable=True),
        sa.Column("vcard_uid", sa.String(), nullable=True),
        sa.Column("created_at", sa.DateTime(), nullable=False),
        sa.Column("archived_at", sa.DateTime(), nullable=True),
        sa.Column("snoozed_until", sa.Date(), nullable=True),
        sa.PrimaryKeyConstraint("id"),
    )
    with op.batch_alter_table("contact", schema=None) as batch_op:
        batch_op.create_index(batch_op.f("ix_contact_name"), ["name"], unique=False)
        batch_op.create_index(batch_op.f("ix_contact_vcard_uid"), ["vcard_uid"], unique=False)

    op.create_table(
        "career_change",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("contact_id", sa.Integer(), nullable=False),
        sa.Column("changed_on", sa.Date(), nullable=False),
        sa.Column("old_company", sa.String(), nullable=True),
        sa.Column("new_company", sa.String(), nullable=True),
        sa.Column("old_role", sa.String(), nullable=True),
        sa.Column("new_role", sa.String(), nullable=True),
        sa.ForeignKeyConstraint(["contact_id"], ["contact.id"], ondelete="CASCADE"),
        sa.PrimaryKeyConstraint("id"),
    )
    with op.batch_alter_table("career_change", schema=None) as batch_op:
        batch_op.create_index(
            batch_op.f("ix_career_change_contact_id"), ["contact_id"], unique=False
        )

    op.create_table(
        "circle_change",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("contact_id", sa.Integer(), nullable=False),
        sa.Column("changed_at", sa.DateTime(), nullable=False),
        sa.Column("old_circle", sa.String(), nullable=True),
        sa.Column("new_circle", sa.String(), nullable=False),
        sa.ForeignKeyConstraint(["contact_id"], ["contact.id"], ondelete="CASCADE"),
        sa.PrimaryKeyConstraint("id"),
    )
    with op.batch_alter_table("circle_change", schema=None) as batch_op:
        batch_op.create_index(
            batch_op.f("ix_circle_change_contact_id"), ["contact_id"], unique=False
        )

    op.create_table(
        "contact_tag",
        sa.Column("contact_id", sa.Integer(), nullable=False),
        sa.Column("tag", sa.String(), nullable=False),
        sa.ForeignKeyConstraint(["contact_id"], ["contact.id"], ondelete="CASCADE"),
        sa.PrimaryKeyConstraint("contact_id", "tag"),
    )
    with op.batch_alter_table("contact_tag", schema=None) as batch_op:
        batch_op.create_index(batch_op.f("ix_contact_tag_tag"), ["tag"], unique=False)

    op.create_table(
        "interaction",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("contact_id", sa.Integer(), nullable=False),
        sa.Column("occurred_at", sa.DateTime(), nullable=False),
        sa.Column("has_time", sa.Boolean(), nullable=False),
        sa.Column("channel", sa.String(), nullable=False),
        sa.Column("value", sa.String(), nullable=True),
        sa.Column("summary", sa.String(), nullable=False),
        sa.ForeignKeyConstraint(["contact_id"], ["contact.id"], ondelete="CASCADE"),
        sa.PrimaryKeyConstraint("id"),
    )
    with op.batch_alter_table("interaction", schema=None) as batch_op:
        batch_op.create_index(
            "ix_interaction_contact_occurred", ["contact_id", "occurred_at"], unique=False
        )

    op.create_table(
        "introduction",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("contact_a_id", sa.Integer(), nullable=False),
        sa.Column("contact_b_id", sa.Integer(), nullable=False),
        sa.Column("made_at", sa.DateTime(), nullable=False),
        sa.Column("has_time", sa.Boolean(), nullable=False),
        sa.Column("channel", sa.String(), nullable=False),
        sa.Column("note", sa.String(), nullable=True),
        sa.ForeignKeyConstraint(["contact_a_id"], ["contact.id"], ondelete="CASCADE"),
        sa.ForeignKeyConstraint(["contact_b_id"], ["contact.id"], ondelete="CASCADE"),
        sa.PrimaryKeyConstraint("id"),
    )
    with op.batch_alter_table("introduction", schema=None) as batch_op:
        batch_op.create_index(
            batch_op.f("ix_introduction_contact_a_id"), ["contact_a_id"], unique=False
        )
        batch_op.create_index(
            batch_op.f("ix_introduction_contact_b_id"), ["contact_b_id"], unique=False
        )

    op.create_table(
        "follow_up",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("contact_id", sa.Integer(), nullable=False),
        sa.Column("step", sa.String(), nullable=False),
        sa.Column("due_at", sa.DateTime(), nullable=False),
        sa.Column("done_at", sa.DateTime(), nullable=True),
        sa.Column("interaction_id", sa.Integer(), nullable=True),
        sa.ForeignKeyConstraint(["contact_id"], ["contact.id"], ondelete="CASCADE"),
        sa.ForeignKeyConstraint(["interaction_id"], ["interaction.id"], ondelete="SET NULL"),
        sa.PrimaryKeyConstraint("id"),
    )
    with op.batch_alter_table("follow_up", schema=None) as batch_op:
        batch_op.create_index("ix_follow_up_contact_done", ["contact_id", "done_at"], unique=False)

    op.create_table(
        "promise",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("contact_id", sa.Integer(), nullable=False),
        sa.Column("text", sa.String(), nullable=False),
        sa.Column("made_at", sa.DateTime(), nullable=False),
        sa.Column("due_on", sa.Date(), nullable=False),
        sa.Column("kept_at", sa.DateTime(), nullable=True),
        sa.Column("interaction_id", sa.Integer(), nullable=True),
        sa.ForeignKeyConstraint(["contact_id"], ["contact.id"], ondelete="CASCADE"),
        sa.ForeignKeyConstraint(["interaction_id"], ["interaction.id"], ondelete="SET NULL"),
        sa.PrimaryKeyConstraint("id"),
    )
    with op.batch_alter_table("promise", schema=None) as batch_op:
        batch_op.create_index("ix_promise_contact_kept", ["contact_id", "kept_at"], unique=False)


def downgrade() -> None:
    with op.batch_alter_table("promise", schema=None) as batch_op:
        batch_op.drop_index("ix_promise_contact_kept")

    op.drop_table("promise")
    with op.batch_alter_table("follow_up", schema=None) as batch_op:
        batch_op.drop_index("ix_follow_up_contact_done")

    op.drop_table("follow_up")
    with op.batch_alter_table("introduction", schema=None) as batch_op:
        batch_op.drop_index(batch_op.f("ix_introduction_contact_b_id"))
        batch_op.drop_index(batch_op.f("ix_introduction_contact_a_id"))

    op.drop_table("introduction")
    with op.batch_alter_table("interaction", schema=None) as batch_op:
        batch_op.drop_index("ix_interaction_contact_occurred")

    op.drop_table("interaction")
    with op.batch_alter_table("contact_tag", schema=None) as batch_op:
        batch_op.drop_index(batch_op.f("ix_contact_tag_tag"))

    op.drop_table("contact_tag")
    with op.batch_alter_table("circle_change", schema=None) as batch_op:
        batch_op.drop_index(batch_op.f("ix_circle_change_contact_id"))

    op.drop_table("circle_change")
    with op.batch_alter_table("career_change", schema=None) as batch_op:
        batch_op.drop_index(batch_op.f("ix_career_change_contact_id"))

    op.drop_table("career_change")
    with op.batch_alter_table("contact", schema=None) as batch_op:
        batch_op.drop_index(batch_op.f("ix_contact_vcard_uid"))
        batch_op.drop_index(batch_op.f("ix_contact_name"))

    op.drop_table("contact")
