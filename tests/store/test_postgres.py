"""Database URLs: PostgreSQL through the same models and revisions; anything else refused."""

import pytest

from conftest import Netcrm
from helpers import refused

UNREACHABLE = "postgresql+psycopg://nobody:s3cret@127.0.0.1:9/netcrm"


@pytest.mark.postgres_only
def test_server_holding_a_newer_or_foreign_schema_is_refused(netcrm: Netcrm) -> None:
    import os

    from sqlalchemy import create_engine, text

    netcrm("add", "Ada Lovelace")
    engine = create_engine(os.environ["NETCRM_DB"])
    try:
        with engine.begin() as connection:
            connection.execute(text("UPDATE alembic_version SET version_num = '9999'"))
        assert "made by a newer netcrm (schema 9999)" in refused(netcrm, "list")
        with engine.begin() as connection:
            connection.execute(text("DROP TABLE contact CASCADE"))
        assert "another program's tables" in refused(netcrm, "list")
    finally:
        engine.dispose()


@pytest.mark.sqlite_only
def test_urls_that_cannot_work_get_one_clear_line(netcrm: Netcrm) -> None:
    cases = {
        UNREACHABLE: "database error: connection failed",
        "mysql://me@localhost/netcrm": "does not support 'mysql'",
        "postgresql+psycopg2://me@localhost/netcrm": "pip install 'netcrm[postgres]'",
    }
    for url, message in cases.items():
        line = refused(netcrm, "--db", url, "list")
        assert message in line and "s3cret" not in line, line


@pytest.mark.sqlite_only
def test_db_path_hides_the_password_and_sqlite_urls_are_files(
    netcrm: Netcrm, tmp_path: object
) -> None:
    assert netcrm("--db", UNREACHABLE, "db", "path").stdout.strip() == (
        "postgresql+psycopg://nobody:***@127.0.0.1:9/netcrm"
    )
    target = f"{tmp_path}/via-url.db"
    netcrm("--db", f"sqlite:///{target}", "add", "Ada")
    assert netcrm("--db", target, "list").stdout.count("Ada") == 1


@pytest.mark.sqlite_only
def test_doctor_reports_an_unreachable_server(netcrm: Netcrm) -> None:
    out = netcrm("--db", UNREACHABLE, "doctor", code=1).stdout
    assert "FAIL database: cannot reach" in out and "s3cret" not in out
