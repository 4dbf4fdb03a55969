"""The company and position last seen in a LinkedIn export, per contact.

Imports use them to tell a value the user typed from one an earlier export wrote: only the
latter follows the next export, and career news needs a previous LinkedIn value to compare.
Existing contacts start with NULL (nothing seen yet); no other data changes.

Revision ID: 0002
Revises: 0001
Create Date: 2026-11-26
"""

from collections.abc import Sequence

import sqlalchemy as sa
from alembic import op

revision: str = "0002"
down_revision: str | None = "0001"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None


def upgrade() -> None:
    # batch mode: SQLite copies the table with its rows, indexes and foreign keys.
    with op.batch_alter_table("contact", schema=None) as batch_op:
        batch_op.add_column(sa.Column("linkedin_company", sa.String(), nullable=True))
        batch_op.add_column(sa.Column("linkedin_role", sa.String(), nullable=True))


def downgrade() -> None:
    with op.batch_alter_table("contact", schema=None) as batch_op:
        batch_op.drop_column("linkedin_role")
        batch_op.drop_column("linkedin_company")
