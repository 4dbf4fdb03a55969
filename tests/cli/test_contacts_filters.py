"""`list --company`, `--location`, `--met-at` and `--due-within`."""

from conftest import Netcrm
from helpers import refused


def listed(netcrm: Netcrm, *args: str) -> list[str]:
    rows = netcrm.json("list", *args)
    assert isinstance(rows, list)
    return [row["name"] for row in rows]


def test_text_filters_keep_contacts_whose_field_contains_the_text(netcrm: Netcrm) -> None:
    netcrm("add", "Ada", "--company", "Analytical Engines", "--location", "London")
    netcrm("add", "Bob", "--company", "ACME 100%_Corp", "--met-at", "PyCon 2026")
    netcrm("add", "Cy", "--location", "New London", "--met-at", "EuroPython")
    assert listed(netcrm, "--company", "engines") == ["Ada"]
    assert listed(netcrm, "--company", "100%_") == ["Bob"]  # % and _ are text, not wildcards
    assert listed(netcrm, "--company", "%") == ["Bob"]
    assert listed(netcrm, "--location", "london") == ["Ada", "Cy"]
    assert listed(netcrm, "--met-at", "pycon") == ["Bob"]
    assert listed(netcrm, "--met-at", "python") == ["Cy"]
    assert listed(netcrm, "--location", "london", "--met-at", "euro") == ["Cy"]
    assert "Cy" in netcrm("list", "--met-at", "euro").stdout


def test_due_within_keeps_what_falls_due_by_then_late_items_included(netcrm: Netcrm) -> None:
    # The clock is 2026-11-26. Inner is due monthly, outer yearly.
    netcrm("add", "Late", "--circle", "inner", "--last-touch", "2026-09-01")
    netcrm("add", "Soon", "--circle", "inner", "--last-touch", "2026-10-30")  # due 11-30
    netcrm("add", "Later", "--circle", "outer", "--last-touch", "2026-06-01")  # 2027-06-01
    assert listed(netcrm, "--due-within", "0") == ["Late"]
    assert listed(netcrm, "--due-within", "7") == ["Late", "Soon"]
    assert listed(netcrm, "--due-within", "400") == ["Late", "Later", "Soon"]
    refused(netcrm, "list", "--due-within", "-1")
