"""Every write keeps `contact.name_key` (the indexed folded name) in step with the name."""

from pathlib import Path

from conftest import Netcrm
from helpers import execute, query
from netcrm.core.text import name_key


def stored() -> dict[str, str | None]:
    return {name: key for name, key in query("SELECT name, name_key FROM contact")}


def assert_in_step() -> None:
    rows = stored()
    assert rows
    assert all(key == name_key(name) for name, key in rows.items()), rows


def test_add_edit_and_merge_keep_the_folded_name(netcrm: Netcrm) -> None:
    netcrm("add", "José Núñez")
    netcrm("add", "Zoë  Adams")
    assert_in_step()
    netcrm("edit", "jose", "--name", "Renée Müller")
    assert stored()["Renée Müller"] == "renee muller"
    netcrm("add", "Renee Muller", "--force")
    netcrm("merge", "1", "3", "--yes")
    assert_in_step()
    netcrm("undo", "--yes")
    assert_in_step()


def test_an_import_keeps_the_folded_name(netcrm: Netcrm, tmp_path: Path) -> None:
    export = tmp_path / "Connections.csv"
    export.write_text(
        "First Name,Last Name,URL,Email Address,Company,Position,Connected On\n"
        "Zoë,Ångström,https://www.linkedin.com/in/zoe,,Acme,CTO,01 Mar 2020\n",
        encoding="utf-8",
    )
    netcrm("import", "linkedin", str(export))
    assert stored() == {"Zoë Ångström": "zoe angstrom"}
    assert netcrm.json("show", "zoe angstrom")["name"] == "Zoë Ångström"  # type: ignore[index]


def test_a_row_written_by_another_program_without_the_key_is_still_found(netcrm: Netcrm) -> None:
    netcrm("add", "Ada Lovelace")
    execute(
        "INSERT INTO contact (name, circle, met_has_time, created_at)"
        " VALUES ('Grace Hopper', 'inner', false, '2026-01-02 09:00:00')"
    )
    assert netcrm.json("show", "grace")["name"] == "Grace Hopper"  # type: ignore[index]
    assert netcrm.json("show", "grace hopper")["name"] == "Grace Hopper"  # type: ignore[index]
