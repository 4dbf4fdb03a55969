"""`due` prints exactly what it printed before the lean read path, on both back ends.

tests/golden/due.json.gz holds the output (text and --json, piped) that the ORM read path
gave for every case of tests/golden/cases.py: generated networks of 0, 50 and 1,000 contacts
with several seeds, as of several days, with several horizons, circles and limits. Each
network is built once on SQLite and, for PostgreSQL, copied row by row into the test's
server database, so both back ends answer from the same rows.
"""

import shutil
import sys
from pathlib import Path
from typing import Any

import pytest

from conftest import ROOT, Netcrm
from helpers import db_path, load_bench

sys.path.insert(0, str(ROOT / "tests" / "golden"))
from cases import CASES, Network, case_key, load

NETWORKS = list(CASES)


@pytest.fixture(scope="module")
def golden() -> dict[str, str]:
    return load()


@pytest.fixture(scope="module")
def built(tmp_path_factory: pytest.TempPathFactory) -> dict[Network, Path]:
    """Each network as a SQLite file, built on first use."""
    module = load_bench("make_network")
    folder = tmp_path_factory.mktemp("golden")

    class Built(dict[Network, Path]):
        def __missing__(self, network: Network) -> Path:
            path = folder / f"{network.key}.db"
            total = network.contacts * network.per_contact
            module.build(path, network.contacts, total, network.seed, module.DEFAULT_AS_OF)
            self[network] = path
            return path

    return Built()


def put_in_place(source: Path, backend: str) -> None:
    """The network as the test's database: the file itself, or its rows on the server."""
    if backend == "sqlite":
        shutil.copyfile(source, db_path())
        return
    copy_rows(source)


def copy_rows(source: Path) -> None:
    """Every row of every table of a SQLite network into the (empty, migrated) server
    database NETCRM_DB names, then each id sequence moved past the copied ids."""
    import os

    from sqlalchemy import create_engine, func, insert, select, text
    from sqlmodel import SQLModel

    import netcrm.store.models  # noqa: F401 - registers the tables

    reader = create_engine(f"sqlite:///{source}")
    writer = create_engine(os.environ["NETCRM_DB"])
    try:
        with reader.connect() as src, writer.begin() as dst:
            for table in SQLModel.metadata.sorted_tables:
                found = src.execute(select(table)).mappings()
                rows: list[dict[str, Any]] = [dict(row) for row in found]
                if rows:
                    dst.execute(insert(table), rows)
                if "id" in table.columns and rows:
                    top = dst.scalar(select(func.max(table.c.id)))
                    dst.execute(
                        text("SELECT setval(pg_get_serial_sequence(:t, 'id'), :top)"),
                        {"t": table.name, "top": top},
                    )
    finally:
        reader.dispose()
        writer.dispose()


@pytest.mark.parametrize("network", NETWORKS, ids=[network.key for network in NETWORKS])
def test_due_prints_what_it_printed_before(
    netcrm: Netcrm,
    backend: str,
    network: Network,
    built: dict[Network, Path],
    golden: dict[str, str],
) -> None:
    put_in_place(built[network], backend)
    for args in CASES[network]:
        for as_json in (False, True):
            key = case_key(network, args, as_json)
            printed = netcrm("due", *args, *(["--json"] if as_json else [])).stdout
            assert printed == golden[key], f"`{key}` prints differently"


def test_the_golden_outputs_hold_every_kind_of_due_item(golden: dict[str, str]) -> None:
    import json

    from netcrm.core.domain import DueKind

    kinds = {
        item["kind"]
        for key, printed in golden.items()
        if key.endswith("--json")
        for item in json.loads(printed)
    }
    assert kinds == {kind.value for kind in DueKind}
    assert set(golden) == {
        case_key(network, args, as_json)
        for network, invocations in CASES.items()
        for args in invocations
        for as_json in (False, True)
    }
