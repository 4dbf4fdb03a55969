"""`netcrm due`: everything due on or before a day, most urgent first.

Cadences and 24-48-7 steps come from the contacts themselves; every other kind of reminder is
a *due source* in `DUE_SOURCES`: a function `(session, contacts_by_id, as_of) -> [DueItem]`
that builds its items with `scheduler.make_item`. A new kind of reminder is one function
appended there; the scheduler filters and ranks all of them together.

`pending_items` is the one place that gathers them: `due` filters it by its horizon, and
`show` and `list` take each contact's earliest item from it, so they never disagree.
"""

from collections.abc import Callable, Mapping, Sequence
from dataclasses import dataclass, field
from datetime import date, datetime

from sqlalchemy import func, select
from sqlmodel import Session, col

from netcrm.core.calls import their_time, zone_of
from netcrm.core.config import Config
from netcrm.core.domain import Circle, parse_choice
from netcrm.core.errors import UserError
from netcrm.core.scheduler import ContactFacts, DueItem, due_items, pending
from netcrm.services.commitments.intros import intro_due_items
from netcrm.services.commitments.promises import promise_due_items
from netcrm.services.commitments.reminders import birthday_due_items, reminder_due_items
from netcrm.services.method.prep import event_prep_items
from netcrm.services.queries import ContactIds, contact_facts, open_steps
from netcrm.services.transfer.career import congratulations
from netcrm.store.models import Contact

# A century ahead is as far as a due list can usefully look (and dates stay in range).
MAX_WITHIN_DAYS = 36_500

DueSource = Callable[[Session, Mapping[int, ContactFacts], date], list[DueItem]]

DUE_SOURCES: list[DueSource] = [
    promise_due_items,  # open promises: `commitment`
    intro_due_items,  # a week after an introduction: `intro_follow_up`
    congratulations,  # career news seen in an import: `congratulate`
    birthday_due_items,  # a stored birthday: `birthday`
    reminder_due_items,  # `remind`: `reminder`, and with --yearly `anniversary`
    event_prep_items,  # the day before an event with targets: `event_prep`
]


@dataclass(frozen=True)
class DueReport:
    """The due list, and whether the database holds any contact at all."""

    items: list[DueItem]
    has_contacts: bool
    # Contacts listed whose local time is outside the call window now: id -> "06:40".
    outside_window: dict[int, str] = field(default_factory=dict)


def due(
    session: Session,
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
    facts = contact_facts(session, as_of=as_of, circle=chosen)
    items = due_items(
        facts,
        open_steps(session, as_of=as_of),
        config.cadences,
        as_of,
        within,
        source_items(session, facts, as_of),
        config.nurture,
    )
    has_contacts = bool(facts) or session.scalar(select(func.count()).select_from(Contact)) != 0
    shown = items[:limit] if limit else items
    outside = {}
    if now is not None and config.zone is not None:
        for contact_id, name in contact_zones(session, {item.contact_id for item in shown}).items():
            zone = zone_of(name)
            if zone is not None:
                theirs = their_time(now, config.zone, zone, config.calls)
                if not theirs.in_window:
                    outside[contact_id] = theirs.clock
    return DueReport(shown, has_contacts, outside)


def contact_zones(session: Session, contact_ids: set[int]) -> dict[int, str]:
    """The stored time zone of each of these contacts that has one."""
    if not contact_ids:
        return {}
    query = select(col(Contact.id), col(Contact.timezone)).where(
        col(Contact.id).in_(sorted(contact_ids)), col(Contact.timezone).is_not(None)
    )
    return {row.id: row.timezone for row in session.execute(query)}


def source_items(session: Session, facts: Sequence[ContactFacts], as_of: date) -> list[DueItem]:
    """The items of every due source for these contacts."""
    by_id = {fact.id: fact for fact in facts}
    return [item for source in DUE_SOURCES for item in source(session, by_id, as_of)]


def pending_items(
    session: Session,
    facts: Sequence[ContactFacts],
    as_of: date,
    config: Config,
    contact_ids: ContactIds | None = None,
) -> dict[int, list[DueItem]]:
    """Each contact's items `due` would list at some horizon, earliest first.

    `contact_ids` narrows the 24-48-7 steps read to the contacts in `facts`.
    """
    items = pending(
        facts,
        open_steps(session, contact_ids, as_of=as_of),
        config.cadences,
        as_of,
        source_items(session, facts, as_of),
        config.nurture,
    )
    by_contact: dict[int, list[DueItem]] = {}
    for item in sorted(items, key=lambda item: (item.due, -item.urgency)):
        by_contact.setdefault(item.contact_id, []).append(item)
    return by_contact
