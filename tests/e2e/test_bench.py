"""The benchmark's generators, checked through the netcrm CLI so they cannot silently rot.

No timings here: speed is measured by bench/run.py, never asserted in tests.
"""

import importlib.util
import sys
from datetime import date
from pathlib import Path
from types import ModuleType
from typing import Any

import pytest

from conftest import Netcrm

BENCH = Path(__file__).resolve().parents[2] / "bench"
AS_OF = "2026-11-26"


def _load(name: str) -> ModuleType:
    spec = importlib.util.spec_from_file_location(name, BENCH / f"{name}.py")
    assert spec is not None and spec.loader is not None
    module = importlib.util.module_from_spec(spec)
    sys.modules[name] = module  # dataclasses look their module up while the class is built
    spec.loader.exec_module(module)
    return module


@pytest.fixture(scope="module")
def make_network() -> ModuleType:
    """bench/make_network.py, imported from its file (bench/ is not a package)."""
    return _load("make_network")


def _build(make_network: ModuleType, db: Path, *extra: str) -> None:
    argv = ["--contacts", "50", "--interactions", "300", "--db", str(db), *extra]
    assert make_network.main(argv) == 0


def _contacts(netcrm: Netcrm, db: Path) -> list[dict[str, Any]]:
    rows = netcrm.json("--db", str(db), "list", "--all", "--as-of", AS_OF)
    assert isinstance(rows, list)
    return rows


@pytest.mark.sqlite_only
def test_counts_and_circles_are_as_requested(
    make_network: ModuleType, netcrm: Netcrm, tmp_path: Path
) -> None:
    db = tmp_path / "net.db"
    _build(make_network, db)
    contacts = _contacts(netcrm, db)
    assert len(contacts) == 50
    circles = {name: sum(1 for row in contacts if row["circle"] == name) for name in _CIRCLES}
    # The method's proportions: a few inner, about a fifth middle, the rest outer.
    assert 1 <= circles["inner"] <= 0.06 * 50
    assert 0.15 * 50 <= circles["middle"] <= 0.25 * 50
    assert circles["outer"] == 50 - circles["inner"] - circles["middle"]
    histories = [netcrm.json("--db", str(db), "show", f"#{row['id']}") for row in contacts]
    dates = [touch["date"] for show in histories for touch in _dicts(show, "interactions")]
    assert len(dates) == 300
    earliest = date.fromisoformat(AS_OF).replace(year=2023)
    assert all(earliest.isoformat() <= day <= AS_OF for day in dates)
    channels = {touch["channel"] for show in histories for touch in _dicts(show, "interactions")}
    assert len(channels) >= 4  # a spread of channels, not one
    active = netcrm.json("--db", str(db), "list", "--as-of", AS_OF)
    assert isinstance(active, list)
    archived = [row for row in contacts if row["archived"]]
    assert len(active) == 50 - len(archived)


@pytest.mark.sqlite_only
def test_someone_met_this_week_has_open_follow_up_steps(
    make_network: ModuleType, netcrm: Netcrm, tmp_path: Path
) -> None:
    db = tmp_path / "net.db"
    _build(make_network, db)
    due = netcrm.json("--db", str(db), "due", "--as-of", AS_OF, "--within", "7")
    assert isinstance(due, list)
    steps = [item for item in due if item["kind"] == "follow_up"]
    assert steps, "a network always holds someone met in the last week"
    for item in steps:
        show = netcrm.json("--db", str(db), "show", f"#{item['contact_id']}")
        assert isinstance(show, dict)
        assert show["met"] >= "2026-11-19"  # met within the week before the reference day
        assert any(not step["done"] for step in show["follow_ups"])


@pytest.mark.sqlite_only
def test_same_seed_same_network_other_seed_other_network(
    make_network: ModuleType, netcrm: Netcrm, tmp_path: Path
) -> None:
    first, again, other = tmp_path / "a.db", tmp_path / "b.db", tmp_path / "c.db"
    _build(make_network, first, "--seed", "7")
    _build(make_network, again, "--seed", "7")
    _build(make_network, other, "--seed", "8")
    assert _contacts(netcrm, first) == _contacts(netcrm, again)
    assert _contacts(netcrm, first) != _contacts(netcrm, other)


@pytest.mark.sqlite_only
def test_refuses_to_overwrite_an_existing_file(
    make_network: ModuleType, netcrm: Netcrm, tmp_path: Path
) -> None:
    db = tmp_path / "net.db"
    netcrm("--db", str(db), "add", "Ada Lovelace")
    assert make_network.main(["--contacts", "5", "--interactions", "5", "--db", str(db)]) == 1
    assert [row["name"] for row in _contacts(netcrm, db)] == ["Ada Lovelace"]


def test_linkedin_export_imports_every_row_then_changes_nothing(
    netcrm: Netcrm, tmp_path: Path
) -> None:
    make_linkedin = _load("make_linkedin")
    export = tmp_path / "Connections.csv"
    with export.open("w", encoding="utf-8", newline="") as out:
        make_linkedin.write(out, 40)
    first = netcrm.json("import", "linkedin", str(export))
    assert isinstance(first, dict)
    assert (first["new"], first["updated"], first["skipped"]) == (40, 0, 0)
    listed = netcrm.json("list", "--all", "--as-of", AS_OF)
    assert isinstance(listed, list) and len(listed) == 40
    again = netcrm.json("import", "linkedin", str(export))  # what run.py times as the re-import
    assert isinstance(again, dict)
    assert (again["new"], again["updated"], again["unchanged"]) == (0, 0, 40)


def test_vcard_file_imports_every_card_with_its_fields(netcrm: Netcrm, tmp_path: Path) -> None:
    make_vcard = _load("make_vcard")
    cards = tmp_path / "contacts.vcf"
    with cards.open("w", encoding="utf-8", newline="") as out:
        make_vcard.write(out, 60)
    first = netcrm.json("import", "vcard", str(cards))
    assert isinstance(first, dict)
    assert (first["new"], first["updated"], first["skipped"]) == (60, 0, 0)
    profiles = [netcrm.json("show", f"#{n}") for n in range(1, 61)]
    assert all(isinstance(p, dict) and p["company"] and p["email"] for p in profiles)
    assert any(isinstance(p, dict) and p["birthday"] for p in profiles)
    assert any(isinstance(p, dict) and p["notes"] == "Café regular" for p in profiles)
    again = netcrm.json("import", "vcard", str(cards))  # every card matched by its UID
    assert isinstance(again, dict) and again["unchanged"] == 60


_CIRCLES = ("inner", "middle", "outer")


def _dicts(data: object, key: str) -> list[dict[str, Any]]:
    assert isinstance(data, dict)
    rows = data[key]
    assert isinstance(rows, list)
    return rows
