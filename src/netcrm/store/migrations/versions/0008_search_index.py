"""The full-text index behind `netcrm search`.

SQLite: an FTS5 table (`unicode61` with diacritics removed: case and accents ignored), its
rowid the entry's key. PostgreSQL: a table of `tsvector`s with a GIN index. One entry per
text a contact carries (see store/search.py). The entries and the triggers that keep them in
step are not made here: netcrm rebuilds both after every upgrade from the data and schema as
they then stand (store/search.py, as store/undo.py does for its triggers), so the data
already in the database is indexed when this upgrade ends, and a later revision that copies
a table cannot leave the index stale.

Revision ID: 0008
Revises: 0007
Create Date: 2026-12-01
"""

from collections.abc import Sequence

from alembic import op

revision: str = "0008"
down_revision: str | None = "0007"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None

# Frozen here: what store/search.py names its triggers and, on PostgreSQL, its functions.
TRIGGER_PREFIX = "netcrm_search"
PG_FUNCTIONS = ("netcrm_search_sync()", "netcrm_search_contact(bigint)", "netcrm_fold(text)")


def upgrade() -> None:
    if op.get_bind().dialect.name == "postgresql":
        op.execute(
            "CREATE TABLE search_index (id bigint PRIMARY KEY, contact_id bigint NOT NULL,"
            " doc tsvector NOT NULL)"
        )
        op.execute("CREATE INDEX ix_search_index_doc ON search_index USING gin (doc)")
        return
    op.execute(
        "CREATE VIRTUAL TABLE search_index USING fts5("
        "contact_id UNINDEXED, body, tokenize = 'unicode61 remove_diacritics 2')"
    )


def downgrade() -> None:
    # The triggers write into the index: they go first, or every later write would fail.
    connection = op.get_bind()
    if connection.dialect.name == "postgresql":
        for function in PG_FUNCTIONS:
            op.execute(f"DROP FUNCTION IF EXISTS {function} CASCADE")
    else:
        names = connection.exec_driver_sql(
            "SELECT name FROM sqlite_master WHERE type = 'trigger' AND name GLOB ?",
            (f"{TRIGGER_PREFIX}_*",),
        ).scalars()
        for name in list(names):
            op.execute(f'DROP TRIGGER IF EXISTS "{name}"')
    op.execute("DROP TABLE search_index")
