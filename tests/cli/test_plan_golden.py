"""`plan` prints exactly what it printed before issue 11 sped up the planner's reads.

tests/golden/plan.json.gz holds what the code before that change printed for every case of
PLAN_CASES (tests/golden/cases.py: week, month and quarter, as of several days, on generated
networks of 1,000 contacts), with --json and as text piped (recorded before the second round
of that work); each is checked here on SQLite and on PostgreSQL.
"""

import sys
from pathlib import Path

import pytest
from test_due_golden import built, put_in_place  # noqa: F401 - `built` is a fixture

from conftest import ROOT, Netcrm

sys.path.insert(0, str(ROOT / "tests" / "golden"))
from cases import PLAN_CASES, PLAN_GOLDEN, Network, load, plan_key

NETWORKS = list(PLAN_CASES)


@pytest.mark.parametrize("network", NETWORKS, ids=[network.key for network in NETWORKS])
def test_plan_prints_what_it_printed_before(
    netcrm: Netcrm,
    backend: str,
    network: Network,
    built: dict[Network, Path],  # noqa: F811
) -> None:
    golden = load(PLAN_GOLDEN)
    put_in_place(built[network], backend)
    for args in PLAN_CASES[network]:
        for as_json in (True, False):
            key = plan_key(network, args, as_json)
            printed = netcrm("plan", *args, *(["--json"] if as_json else [])).stdout
            assert printed == golden[key], f"`{key}` differs"


def test_every_case_was_recorded() -> None:
    golden = load(PLAN_GOLDEN)
    assert set(golden) == {
        plan_key(network, args, as_json)
        for network, cases in PLAN_CASES.items()
        for args in cases
        for as_json in (True, False)
    }
    for key, printed in golden.items():
        start = '{"period": ' if key.endswith("--json") else "Plan for the "
        assert printed.startswith(start), key
