"""Reading contacts: the list (`list`) and one contact's whole profile (`show`).

Both read the database as of a day (`queries`: nothing dated later counts) and give as next
due the earliest item `due` would list for the contact, whatever its kind, computed by the
same code (`daily.due.pending_items`).
"""

from collections.abc import Callable, Iterator, Sequence
from dataclasses import dataclass, field
from datetime import date, datetime, timedelta
from typing import Any

from sqlalchemy import ColumnElement, Row, func, select
from sqlmodel import Session, col

from netcrm.core.calls import TheirTime, their_time, zone_of
from netcrm.core.config import Config
from netcrm.core.dates import human_day
from netcrm.core.details import Entry
from netcrm.core.domain import QUADRANT_OF, Circle, Quadrant, Rating, parse_choice, stored
from netcrm.core.errors import UserError
from netcrm.core.outreach import Rate, derived_accessibility
from netcrm.core.scheduler import DueItem
from netcrm.core.values import tag_key
from netcrm.services.commitments.intros import IntroSide, sides_as_of
from netcrm.services.commitments.promises import (
    PromiseRow,
    Reliability,
    list_promises,
    reliability,
)
from netcrm.services.commitments.reminders import ReminderRow, reminder_rows
from netcrm.services.daily.due import MAX_WITHIN_DAYS, pending_items
from netcrm.services.method.outreach import outreach
from netcrm.services.queries import (
    archived_as_of,
    as_it_stood,
    circle_as_of,
    dated_by,
    is_active,
    present_as_of,
    snoozed_as_of,
    tags_by_contact,
)
from netcrm.services.resolve import resolve_contact
from netcrm.store import details, lean
from netcrm.store.models import CareerChange, Contact, ContactTag, FollowUp, Interaction

# Columns that change over time, read as they were on as-of; the rest as they are now.
_AS_OF: dict[str, Callable[[date], ColumnElement[Any]]] = {
    "circle": circle_as_of,
    "archived_at": archived_as_of,
    "snoozed_until": snoozed_as_of,
}


def contact_columns(as_of: date) -> list[Any]:
    """Every column of the contact table, those in `_AS_OF` as they were on as-of."""
    table = Contact.__table__  # type: ignore[attr-defined]
    return [
        _AS_OF[column.name](as_of).label(column.name) if column.name in _AS_OF else column
        for column in table.columns
    ]


@dataclass(frozen=True)
class ContactRow:
    """One line of `list`."""

    contact: Row[Any]  # a contact row: the columns of Contact as attributes
    tags: list[str]
    last_interaction: date | None
    next_due: DueItem | None


def list_contacts(
    session: Session,
    as_of: date,
    config: Config,
    *,
    circle: str | None = None,
    tag: str | None = None,
    include_archived: bool = False,
    company: str | None = None,
    location: str | None = None,
    met_at: str | None = None,
    due_within: int | None = None,
) -> Iterator[ContactRow]:
    """Contacts by name, with their last touch and next due date, as of a day.

    `company`, `location` and `met_at` keep those whose field contains the text (case
    ignored); `due_within` those with something due by as-of plus that many days. The
    options are checked at once; the rows come as they are read, LIST_BATCH contacts at a
    time (read them inside the session), so `list --json` never holds the whole network.
    """
    if due_within is not None and not 0 <= due_within <= MAX_WITHIN_DAYS:
        raise UserError(f"--due-within takes a number of days from 0 to {MAX_WITHIN_DAYS}")
    chosen = parse_choice(Circle, circle, "circle") if circle else None
    conditions = [present_as_of(as_of)]
    for column, wanted in (
        (col(Contact.company), company),
        (col(Contact.location), location),
        (col(Contact.met_event), met_at),
    ):
        if wanted is not None:
            conditions.append(func.lower(column).contains(wanted.lower(), autoescape=True))
    if chosen:
        conditions.append(circle_as_of(as_of) == chosen.value)
    if tag:
        tagged = select(col(ContactTag.contact_id)).where(col(ContactTag.tag) == tag_key(tag))
        conditions.append(col(Contact.id).in_(tagged))
    if not include_archived:
        conditions.append(is_active(as_of))
    # Plain rows, not ORM objects: they carry the same attributes for render.contact_json,
    # load in half the time and leave the garbage collector far fewer objects to walk.
    query = (
        select(*contact_columns(as_of))
        .where(*conditions)
        .order_by(func.lower(Contact.name), col(Contact.id))
        .execution_options(yield_per=LIST_BATCH)
    )
    horizon = as_of + timedelta(days=due_within or 0) if due_within is not None else None

    def rows() -> Iterator[ContactRow]:
        reader = lean.reader_of(session)
        for batch in session.execute(query).partitions():
            yield from _listed(session, reader, batch, as_of, config, chosen, horizon)

    return rows()


# Contacts read, and their facts, items and tags built, at a time by `list_contacts`: a few
# MiB each, and few enough rounds that the due sources (read once a round) cost little.
LIST_BATCH = 5000


def _listed(
    session: Session,
    reader: lean.Reader,
    contacts: Sequence[Row[Any]],
    as_of: date,
    config: Config,
    chosen: Circle | None,
    horizon: date | None,
) -> Iterator[ContactRow]:
    """The `list` rows of one batch of contact rows (`horizon`: only those due by then)."""
    ids = [contact.id for contact in contacts]
    facts = lean.contact_facts(
        reader, as_of=as_of, circle=chosen, include_archived=True, contact_ids=ids
    )
    last_touch = {fact.id: fact.last_touch for fact in facts}
    items = pending_items(reader, facts, as_of, config, ids)
    tags = tags_by_contact(session, ids)
    for contact in contacts:
        last = last_touch[contact.id]
        upcoming = items.get(contact.id)
        if horizon is not None and not (upcoming and upcoming[0].due <= horizon):
            continue
        yield ContactRow(
            contact,
            tags.get(contact.id, []),
            last.date() if last else None,
            upcoming[0] if upcoming else None,
        )


@dataclass(frozen=True)
class Profile:
    """Everything `show` prints about one contact."""

    contact: Any  # a Contact, or (as of an earlier day) a row of `contact_columns`
    tags: list[str]
    next_due: DueItem | None
    last_interaction: datetime | None
    follow_ups: list[FollowUp]
    interactions: list[Interaction]
    as_of: date
    introductions: list[IntroSide] = field(default_factory=list)
    career_changes: list[CareerChange] = field(default_factory=list)
    # Issue 10: everything `due` would list for the contact, and what is still open.
    pending: list[DueItem] = field(default_factory=list)
    promises: list[PromiseRow] = field(default_factory=list)
    reminders: list[ReminderRow] = field(default_factory=list)
    # Issue 14: every email, phone, link and address, preferred first per kind.
    entries: list[Entry] = field(default_factory=list)
    # Issue 13: their clock now, their answers to outreach, the promises kept to them, the
    # matrix.
    their_time: TheirTime | None = None
    outreach: Rate = field(default_factory=Rate)
    reliability: Reliability = field(default_factory=Reliability)
    accessibility_derived: bool = False
    accessibility: str | None = None

    @property
    def quadrant(self) -> Quadrant | None:
        """Where the contact sits on the network effect matrix; None while unrated."""
        influence, access = self.contact.influence, self.accessibility
        if not influence or not access:
            return None
        return QUADRANT_OF[(stored(Rating, influence), stored(Rating, access))]

    @property
    def open_introductions(self) -> list[IntroSide]:
        """Introductions not followed up yet with this contact."""
        return [side for side in self.introductions if side.followed_up_on is None]


def profile(
    session: Session, ref: str, as_of: date, config: Config, now: datetime | None = None
) -> Profile:
    """One contact in full, as of a day: fields, next due and why, what is open, the history.

    A day before the contact came into the network (see `queries.present_as_of`) has no
    profile to show.
    """
    contact = resolve_contact(session, ref)
    present = select(col(Contact.id)).where(col(Contact.id) == contact.id, present_as_of(as_of))
    if session.scalar(present) is None:
        raise UserError(
            f"#{contact.id} {contact.name} was not in your network yet on {human_day(as_of)} "
            f"(added {human_day(contact.created_at)})"
        )
    return profile_of(session, contact, as_of, config, now)


def profile_of(
    session: Session, contact: Contact, as_of: date, config: Config, now: datetime | None = None
) -> Profile:
    """The profile of a contact already in hand (`add` and `edit` show what they stored).

    With `now` (and the user's zone known) it gives the contact's local time then."""
    session.flush()  # a contact just added or changed is read back as it now stands
    assert contact.id is not None
    reader = lean.reader_of(session)
    found = lean.contact_facts(reader, contact_ids=[contact.id], include_archived=True, as_of=as_of)
    # Only `show --as-of` asks about a day before the contact existed, and `profile` refuses
    # that; `add` and `edit` under a clock set back still see what they just stored.
    found = found or lean.contact_facts(reader, contact_ids=[contact.id], include_archived=True)
    [fact] = found
    items = pending_items(reader, found, as_of, config, [contact.id]).get(contact.id, [])
    [row] = session.execute(select(*contact_columns(as_of)).where(col(Contact.id) == contact.id))
    follow_ups = session.scalars(
        select(FollowUp)
        .where(col(FollowUp.contact_id) == contact.id)
        .order_by(col(FollowUp.due_at))
    ).all()
    interactions = session.scalars(
        select(Interaction)
        .where(
            col(Interaction.contact_id) == contact.id,
            dated_by(col(Interaction.occurred_at), as_of),
        )
        .order_by(col(Interaction.occurred_at).desc(), col(Interaction.id).desc())
    ).all()
    career_changes = session.scalars(
        select(CareerChange)
        .where(col(CareerChange.contact_id) == contact.id, col(CareerChange.changed_on) <= as_of)
        .order_by(col(CareerChange.changed_on).desc(), col(CareerChange.id).desc())
    ).all()
    reminders = reminder_rows(session, as_of, contact_ids=[contact.id])
    zone = zone_of(contact.timezone)
    their = (
        their_time(now, config.zone, zone, config.calls)
        if now is not None and zone is not None and config.zone is not None
        else None
    )
    rate = outreach(session, as_of, config, [contact.id]).rate(contact.id)
    derived = None if contact.accessibility else derived_accessibility(rate)
    return Profile(
        row,
        tags_by_contact(session, [contact.id]).get(contact.id, []),
        items[0] if items else None,
        fact.last_touch,
        [as_it_stood(step, "done_at", as_of) for step in follow_ups],
        list(interactions),
        as_of,
        sides_as_of(session, as_of, [contact.id]),
        list(career_changes),
        items,
        list_promises(session, include_kept=False, as_of=as_of, contact_ids=[contact.id]),
        [row for row in reminders if row.done_on is None],
        details.load(session, [contact.id]).get(contact.id, []),
        their,
        rate,
        reliability(session, as_of, [contact.id]),
        derived is not None,
        contact.accessibility or (derived.value if derived else None),
    )
