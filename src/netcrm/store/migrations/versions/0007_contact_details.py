"""Any number of emails, phones, links and postal addresses per contact.

`contact_detail` holds them, each with a label and one preferred per kind. Today's single
`email`, `phone` and `linkedin` of every contact are carried forward as that contact's
preferred entries (the LinkedIn URL as a link labelled "linkedin"). The three contact columns
stay, as values derived from the new table (the preferred entry of each kind), so they keep
holding exactly what they held. A downgrade drops the table; the columns still hold the
preferred values, so only the extra entries are lost.

Revision ID: 0007
Revises: 0006
Create Date: 2026-12-01
"""

from collections.abc import Sequence

import sqlalchemy as sa
from alembic import op

revision: str = "0007"
down_revision: str | None = "0006"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None

# Frozen: which contact column becomes which kind of entry, and with what label.
CARRIED = (("email", "email", None), ("phone", "phone", None), ("linkedin", "url", "linkedin"))


def upgrade() -> None:
    op.create_table(
        "contact_detail",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("contact_id", sa.Integer(), nullable=False),
        sa.Column("kind", sa.String(), nullable=False),
        sa.Column("value", sa.String(), nullable=False),
        sa.Column("label", sa.String(), nullable=True),
        sa.Column("preferred", sa.Boolean(), nullable=False),
        sa.Column("position", sa.Integer(), nullable=False),
        sa.Column("street", sa.String(), nullable=True),
        sa.Column("city", sa.String(), nullable=True),
        sa.Column("region", sa.String(), nullable=True),
        sa.Column("postcode", sa.String(), nullable=True),
        sa.Column("country", sa.String(), nullable=True),
        sa.ForeignKeyConstraint(["contact_id"], ["contact.id"], ondelete="CASCADE"),
        sa.PrimaryKeyConstraint("id"),
    )
    op.create_index("ix_contact_detail_contact_kind", "contact_detail", ["contact_id", "kind"])
    for column, kind, label in CARRIED:
        # One INSERT ... SELECT per kind: the database copies the values, however many.
        op.execute(
            sa.text(
                "INSERT INTO contact_detail (contact_id, kind, value, label, preferred, position)"
                f" SELECT id, :kind, {column}, :label, :yes, 0 FROM contact"
                f" WHERE {column} IS NOT NULL AND {column} <> ''"
            ).bindparams(kind=kind, label=label, yes=True)
        )


def downgrade() -> None:
    op.drop_index("ix_contact_detail_contact_kind", table_name="contact_detail")
    op.drop_table("contact_detail")
