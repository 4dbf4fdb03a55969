"""`due` leaves out the contacts `scheduler.quiet_bounds` proves have nothing due, and only those.

On generated networks (every kind of due item, circle moves, board seats, birthdays, import
slots), as of several days, with several horizons and cadence settings, the due list built
from the pre-filtered contacts equals the one the scheduler builds from every contact, on
both back ends; and the pre-filter does leave contacts out, so the comparison is not empty.
"""

import os
from dataclasses import replace
from datetime import date, timedelta
from pathlib import Path

import pytest
from test_due_golden import Network, built, put_in_place  # noqa: F401 - `built`: a fixture

from conftest import Netcrm
from netcrm.core.config import Config
from netcrm.core.domain import Circle
from netcrm.core.scheduler import due_items, quiet_bounds
from netcrm.services.daily.due import due, source_items
from netcrm.store import lean

CONFIGS = {
    "defaults": Config(),
    "short cadences, no nurture": replace(
        Config(),
        cadences={Circle.INNER: "2w", Circle.MIDDLE: "45d", Circle.OUTER: "3m"},
        nurture=None,
    ),
    "long cadences, short nurture": replace(
        Config(),
        cadences={Circle.INNER: "2m", Circle.MIDDLE: "6m", Circle.OUTER: "2y"},
        nurture="1w",
    ),
}
DAYS = (date(2026, 11, 26), date(2026, 10, 1), date(2026, 2, 27), date(2025, 12, 30))
WITHINS = (0, 3, 30, 200, 400)


NETWORKS = [Network(1000, 10, 1), Network(50, 10, 2)]


@pytest.mark.parametrize("network", NETWORKS, ids=[network.key for network in NETWORKS])
def test_the_pre_filter_changes_no_due_list(
    netcrm: Netcrm,
    backend: str,
    network: Network,
    built: dict[Network, Path],  # noqa: F811
) -> None:
    put_in_place(built[network], backend)
    netcrm("due")  # opens (and on PostgreSQL checks) the database the normal way once
    left_out = 0
    with lean.open_reader(os.environ["NETCRM_DB"]) as reader:
        for config in CONFIGS.values():
            for as_of in DAYS:
                every = lean.contact_facts(reader, as_of=as_of)
                steps = lean.open_steps(reader, as_of=as_of)
                extra = source_items(reader, every, as_of)
                for within in WITHINS:
                    horizon = as_of + timedelta(days=within)
                    quiet = quiet_bounds(config.cadences, as_of, horizon)
                    kept = lean.contact_facts(reader, as_of=as_of, quiet=quiet)
                    left_out += len(every) - len(kept)
                    expected = due_items(
                        every, steps, config.cadences, as_of, within, extra, config.nurture
                    )
                    got = due(reader, as_of, config, within=within).items
                    assert got == expected, (config, as_of, within)
    assert left_out > 0


def test_a_few_contacts_items_read_alone_are_those_of_the_whole_network(
    netcrm: Netcrm,
    backend: str,
    built: dict[Network, Path],  # noqa: F811
) -> None:
    """The due sources read only a few contacts' records when asked about a few (`show`),
    and give each contact exactly the items it has among the whole network's."""
    from netcrm.services.daily.due import pending_items

    put_in_place(built[Network(1000, 10, 1)], backend)
    netcrm("due")
    config = Config()
    with lean.open_reader(os.environ["NETCRM_DB"]) as reader:
        for as_of in DAYS[:2]:
            every = lean.contact_facts(reader, as_of=as_of, include_archived=True)
            whole = pending_items(reader, every, as_of, config)
            kinds = set()
            for fact in every:
                alone = pending_items(reader, [fact], as_of, config, [fact.id])
                assert alone.get(fact.id, []) == whole.get(fact.id, []), (as_of, fact.id)
                kinds |= {item.kind for item in alone.get(fact.id, [])}
            assert len(kinds) >= 6  # promises, intros, reminders... were among them
