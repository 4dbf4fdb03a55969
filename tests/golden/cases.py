"""The `due` invocations recorded as golden output, and the networks they read.

Shared by record.py (which wrote due.json.gz from the code before the lean read path) and
tests/cli/test_due_golden.py (which checks every one still prints exactly that, on SQLite and
on PostgreSQL). Networks come from bench/make_network.py: every kind of due item, snoozes,
archives, import slots and circle moves are in them.
"""

import gzip
import json
from dataclasses import dataclass
from pathlib import Path

GOLDEN = Path(__file__).resolve().parent / "due.json.gz"
NOW = "2026-11-26T08:00:00"  # the networks' reference moment, as the tests' clock


@dataclass(frozen=True)
class Network:
    """One generated network: contacts, interactions per contact, seed."""

    contacts: int
    per_contact: int
    seed: int

    @property
    def key(self) -> str:
        return f"{self.contacts}x{self.per_contact}-seed{self.seed}"


SMALL_DAYS = ("2026-11-26", "2026-11-12", "2026-10-01", "2026-11-30")
LARGE_DAYS = ("2026-11-26", "2026-11-12", "2026-11-30")


def _spread(days: tuple[str, ...], withins: tuple[int, ...]) -> list[tuple[str, ...]]:
    return [("--as-of", day, "--within", str(within)) for day in days for within in withins]


CASES: dict[Network, list[tuple[str, ...]]] = {
    Network(0, 0, 1): [(), ("--quiet",), ("--within", "30")],
    **{Network(50, 10, seed): [(), *_spread(SMALL_DAYS, (0, 7, 30, 400))] for seed in (1, 2, 3)},
    **{
        Network(1000, 10, seed): [
            (),
            *_spread(LARGE_DAYS, (0, 7, 30)),
            ("--within", "30", "--circle", "inner"),
            ("--within", "30", "--circle", "outer", "--limit", "25"),
            ("--as-of", "2026-11-12", "--limit", "20"),
        ]
        for seed in (1, 2)
    },
}


# `plan --json` (the contract), recorded before issue 11 made the planner's reads faster, and
# the text output (every item's details included), recorded before its second round of speed
# work.
PLAN_GOLDEN = Path(__file__).resolve().parent / "plan.json.gz"
PLAN_CASES: dict[Network, list[tuple[str, ...]]] = {
    Network(1000, 10, seed): [
        (period, *(("--as-of", day) if day else ()))
        for period in ("week", "month", "quarter")
        for day in (None, "2026-11-12", "2026-10-01")
    ]
    for seed in (1, 2)
}


def plan_key(network: Network, args: tuple[str, ...], as_json: bool = True) -> str:
    """The name of one recorded `plan` output (`--json`, or the text output)."""
    return " ".join([network.key, "plan", *args, *(["--json"] if as_json else [])])


def case_key(network: Network, args: tuple[str, ...], as_json: bool) -> str:
    """The name of one recorded output."""
    return " ".join([network.key, "due", *args, *(["--json"] if as_json else [])])


def load(golden: Path = GOLDEN) -> dict[str, str]:
    """Every recorded output by case_key (plan_key for PLAN_GOLDEN)."""
    with gzip.open(golden, "rt", encoding="utf-8") as handle:
        data = json.load(handle)
    assert isinstance(data, dict)
    return data
