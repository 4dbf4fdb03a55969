"""`netcrm due`: everything due on or before a day, most urgent first.

Cadences and 24-48-7 steps come from the contacts themselves; every other kind of reminder is
a *due source* (services/daily/sources.py). All of it is read through the lean read path
(store/lean.py), so `due` starts without SQLAlchemy, SQLModel or pydantic; services that hold
an ORM session pass `lean.reader_of(session)`.

`pending_items` is the one place that gathers them: `due` filters it by its horizon, and
`show` and `list` take each contact's earliest item from it, so they never disagree.
"""

from collections.abc import Collection, Sequence
from dataclasses import dataclass, field
from datetime import date, datetime, timedelta

from netcrm.core.calls import their_time, zone_of
from netcrm.core.config import Config
from netcrm.core.domain import Circle, parse_choice
from netcrm.core.errors import UserError
from netcrm.core.scheduler import ContactFacts, DueItem, due_items, pending, quiet_bounds
from netcrm.services.collector import collector_paused
from netcrm.services.daily.sources import DUE_SOURCES
from netcrm.store import lean
from netcrm.store.lean import Reader

# A century ahead is as far as a due list can usefully look (and dates stay in range).
MAX_WITHIN_DAYS = 36_500


@dataclass(frozen=True)
class DueReport:
    """The due list, and whether the database holds any contact at all."""

    items: list[DueItem]
    has_contacts: bool
    # Contacts listed whose local time is outside the call window now: id -> "06:40".
    outside_window: dict[int, str] = field(default_factory=dict)


@collector_paused()
def due(
    reader: Reader,
    as_of: date,
    config: Config,
    *,
    within: int = 0,
    circle: str | None = None,
    limit: int | None = None,
    now: datetime | None = None,
) -> DueReport:
    """Everything due on or before as-of (plus `within` days), most urgent first.

    With `now` (and the user's zone known), the items of contacts whose clock is outside the
    call window at that moment are marked with their local time."""
    if not 0 <= within <= MAX_WITHIN_DAYS:
        raise UserError(f"--within takes a number of days from 0 to {MAX_WITHIN_DAYS}")
    if limit is not None and limit < 1:
        raise UserError("--limit takes a number >= 1")
    chosen = parse_choice(Circle, circle, "circle") if circle else None
    # Contacts the scheduler's own bounds prove have nothing due by the horizon are never
    # read: most of a network was touched well within its cadence.
    quiet = quiet_bounds(config.cadences, as_of, as_of + timedelta(days=within))
    facts = lean.contact_facts(reader, as_of=as_of, circle=chosen, quiet=quiet)
    items = due_items(
        facts,
        lean.open_steps(reader, as_of=as_of),
        config.cadences,
        as_of,
        within,
        source_items(reader, facts, as_of),
        config.nurture,
    )
    has_contacts = bool(facts) or lean.has_contacts(reader)
    shown = items[:limit] if limit else items
    outside = {}
    if now is not None and config.zone is not None:
        zones = lean.contact_zones(reader, {item.contact_id for item in shown})
        # Once per zone: many contacts share one, and ZoneInfo re-reads a zone's file once
        # its few cached zones are pushed out.
        clocks: dict[str, str | None] = {}
        for contact_id, name in zones.items():
            if name not in clocks:
                zone = zone_of(name)
                theirs = zone and their_time(now, config.zone, zone, config.calls)
                clocks[name] = theirs.clock if theirs and not theirs.in_window else None
            if (clock := clocks[name]) is not None:
                outside[contact_id] = clock
    return DueReport(shown, has_contacts, outside)


def source_items(reader: Reader, facts: Sequence[ContactFacts], as_of: date) -> list[DueItem]:
    """The items of every due source for these contacts."""
    by_id = {fact.id: fact for fact in facts}
    return [item for source in DUE_SOURCES for item in source(reader, by_id, as_of)]


def pending_items(
    reader: Reader,
    facts: Sequence[ContactFacts],
    as_of: date,
    config: Config,
    contact_ids: Collection[int] | None = None,
) -> dict[int, list[DueItem]]:
    """Each contact's items `due` would list at some horizon, earliest first.

    `contact_ids` (a few) narrows the 24-48-7 steps read to those contacts.
    """
    items = pending(
        facts,
        lean.open_steps(reader, contact_ids, as_of=as_of),
        config.cadences,
        as_of,
        source_items(reader, facts, as_of),
        config.nurture,
    )
    by_contact: dict[int, list[DueItem]] = {}
    for item in sorted(items, key=lambda item: (item.due, -item.urgency)):
        by_contact.setdefault(item.contact_id, []).append(item)
    return by_contact
