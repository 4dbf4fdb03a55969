"""Alembic revisions for the netcrm schema, shipped inside the package."""
