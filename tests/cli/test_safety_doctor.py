"""`doctor`: every check, each problem with its fix, exit 1 when anything is wrong."""

from pathlib import Path

import pytest

from conftest import Netcrm
from netcrm.store import db
from rawsql import run_sql


def checks(netcrm: Netcrm, code: int) -> dict[str, list[dict[str, object]]]:
    import json

    report = json.loads(netcrm("doctor", "--json", code=code).stdout)
    assert report["ok"] is (code == 0)
    found: dict[str, list[dict[str, object]]] = {}
    for check in report["checks"]:
        found.setdefault(check["name"], []).append(check)
    return found


def test_a_healthy_database_passes_every_check(netcrm: Netcrm, backend: str) -> None:
    netcrm("add", "Ada Lovelace")
    netcrm("log", "ada", "coffee")
    found = checks(netcrm, 0)
    expected = {"config", "schema", "integrity", "orphaned rows", "derived columns", "values"}
    if backend == "sqlite":
        expected |= {"permissions", "foreign keys", "tables", "leftovers"}
    assert set(found) == expected
    assert all(check["ok"] and check["fix"] is None for group in found.values() for check in group)
    text = netcrm("doctor").stdout
    assert "all good" in text and f"schema {db.SCHEMA_HEAD}, current" in text


@pytest.mark.sqlite_only
def test_doctor_changes_nothing_and_creates_nothing(netcrm: Netcrm, isolated: Path) -> None:
    assert "the first command creates it" in netcrm("doctor").stdout
    assert not isolated.exists()
    netcrm("add", "Ada Lovelace")
    before = isolated.read_bytes()
    netcrm("doctor")
    assert isolated.read_bytes() == before


@pytest.mark.sqlite_only
def test_permissions_wider_than_owner_only_are_problems(netcrm: Netcrm, isolated: Path) -> None:
    netcrm("add", "Ada Lovelace")
    netcrm("backup")
    copy = next((isolated.parent / "backups").iterdir())
    isolated.chmod(0o644)
    isolated.parent.chmod(0o755)
    copy.chmod(0o640)
    found = checks(netcrm, 1)["permissions"]
    fixes = {check["fix"] for check in found}
    assert fixes == {
        f"chmod 600 {isolated}",
        f"chmod 700 {isolated.parent}",
        f"chmod 600 {copy}",
    }
    assert all(not check["ok"] for check in found)
    assert "FAIL permissions" in netcrm("doctor", code=1).stdout


@pytest.mark.sqlite_only
def test_orphaned_rows_and_broken_foreign_keys_are_found(netcrm: Netcrm, isolated: Path) -> None:
    netcrm("add", "Ada Lovelace")
    run_sql(  # foreign keys are off by default in a plain connection
        isolated,
        "INSERT INTO interaction (contact_id, occurred_at, has_time, channel, summary) "
        "VALUES (99, '2026-11-01 00:00:00', 0, 'other', 'lost')",
    )
    found = checks(netcrm, 1)
    assert "1 interaction rows point at a missing contact" in str(
        found["orphaned rows"][0]["detail"]
    )
    assert found["foreign keys"][0]["ok"] is False and found["foreign keys"][0]["fix"]


@pytest.mark.sqlite_only
def test_a_foreign_or_newer_file_is_reported_not_touched(netcrm: Netcrm, isolated: Path) -> None:
    netcrm("add", "Ada Lovelace")
    run_sql(isolated, "UPDATE alembic_version SET version_num = '9999'")
    assert checks(netcrm, 1)["schema"][0]["fix"] == "upgrade netcrm"
    isolated.write_bytes(b"hello")
    found = checks(netcrm, 1)["database"][0]
    assert "not a readable netcrm database" in str(found["detail"]) and found["fix"]
    assert isolated.read_bytes() == b"hello"


def test_a_broken_config_is_a_problem(netcrm: Netcrm, tmp_path: Path) -> None:
    config = tmp_path / "config" / "netcrm" / "config.toml"
    config.parent.mkdir(parents=True)
    config.write_text("[nonsense]\n")
    found = checks(netcrm, 1)["config"][0]
    assert "unknown section" in str(found["detail"]) and str(config) in str(found["fix"])
