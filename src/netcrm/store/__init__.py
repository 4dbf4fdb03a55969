"""The store: the schema (SQLModel tables), opening the database, SQLite file work, migrations."""
