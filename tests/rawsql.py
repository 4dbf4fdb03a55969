"""Changing a SQLite file behind netcrm's back, the way another program or a bug would."""

import sqlite3
from contextlib import closing
from pathlib import Path


def run_sql(path: Path, *statements: str) -> None:
    """Run statements in one transaction and close, so nothing stays in a -wal file."""
    with closing(sqlite3.connect(path)) as connection:
        for statement in statements:
            connection.execute(statement)
        connection.commit()
