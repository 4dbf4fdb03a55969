"""Events: prepare before (`event target`, the `event_prep` due item), capture after
(`event met`), and see how it went (`event show`, `events`).

An event is named by its id (`3`, `#3`) or its name (any case; a unique part of one). People
met at an event are linked to it (`event_met`); a new one is added with `met` = the event's
day and `met_event` = its name, and every one of them gets a 24-48-7 sequence from that day.
"""

from dataclasses import dataclass
from datetime import date, datetime, timedelta

from sqlalchemy import func, select
from sqlmodel import Session, col

from netcrm.core.config import Config
from netcrm.core.dates import FUTURE, human_day, parse_date
from netcrm.core.domain import Step, stored
from netcrm.core.errors import NotFoundError, UserError
from netcrm.core.scheduler import follow_up_plan
from netcrm.core.values import name as clean_name
from netcrm.services.contacts.changes import ContactInput, add_contact, start_follow_up
from netcrm.services.queries import dated_by, midnight
from netcrm.services.resolve import LISTED, ContactRef, read_id, resolve_contact
from netcrm.services.transfer.keys import name_key
from netcrm.store import lean
from netcrm.store.db import by_id
from netcrm.store.models import Contact, Event, EventMet, EventTarget, FollowUp, Interaction

DEFAULT_GOAL = 3
LARGEST_GOAL = 1000
LONGEST_NAME = 200


@dataclass(frozen=True)
class StepOutcome:
    """One 24-48-7 step of someone met at the event: on_time, late or open."""

    step: Step
    due: date
    done: date | None
    status: str


@dataclass(frozen=True)
class Person:
    """A target or someone met, with their 24-48-7 steps from the event (met ones only)."""

    contact_id: int
    name: str
    met: bool
    steps: list[StepOutcome]


@dataclass(frozen=True)
class EventView:
    """One event as `event show` and `events` print it."""

    event: Event
    targets: list[Person]
    met: list[Person]


@dataclass(frozen=True)
class MetResult:
    """What `event met` did: who was added, who was linked."""

    event: Event
    added: list[ContactRef]
    linked: list[ContactRef]


def add_event(
    session: Session, name: str, on: str, now: datetime, where: str | None, goal: int | None
) -> Event:
    """Store an event on a day (past or future)."""
    text = name.strip()
    if not text or len(text) > LONGEST_NAME or any(ch < " " for ch in text):
        raise UserError(f"an event name is one line of 1 to {LONGEST_NAME} characters")
    goal = DEFAULT_GOAL if goal is None else goal
    if not 0 <= goal <= LARGEST_GOAL:
        raise UserError(f"--goal takes a number of people from 0 to {LARGEST_GOAL}")
    day = parse_date(on, now, direction=FUTURE)
    place = (where or "").strip() or None
    event = Event(name=text, on_day=day, place=place, goal=goal, created_at=now)
    session.add(event)
    session.flush()
    return event


def resolve_event(session: Session, ref: str) -> Event:
    """The one event `ref` names: an id, else a name (any case), else a unique part of one."""
    number = read_id(ref)
    if number is not None:
        found = by_id(session, Event, number)
        if found is None:
            raise NotFoundError(f"no event #{number}; see `netcrm events`")
        return found
    wanted = ref.strip().casefold()
    events = session.scalars(select(Event).order_by(col(Event.on_day), col(Event.id))).all()
    exact = [event for event in events if event.name.casefold() == wanted]
    matches = exact or [event for event in events if wanted and wanted in event.name.casefold()]
    if len(matches) == 1:
        return matches[0]
    if not matches:
        raise NotFoundError(f"no event matches {ref.strip()!r}; see `netcrm events`")
    listed = ", ".join(
        f"#{event.id} {event.name} ({human_day(event.on_day)})" for event in matches[:8]
    )
    raise UserError(f"{len(matches)} events match {ref.strip()!r}: {listed}; use an id")


def target(
    session: Session, ref: str, people: list[str], now: datetime
) -> tuple[Event, list[ContactRef]]:
    """Mark contacts as people to see at an event; someone already a target is skipped."""
    event = resolve_event(session, ref)
    added: list[ContactRef] = []
    for person in people:
        contact = resolve_contact(session, person)
        if session.get(EventTarget, (event.id, contact.id)) is None:
            assert event.id is not None and contact.id is not None
            session.add(EventTarget(event_id=event.id, contact_id=contact.id, set_at=now))
            added.append(ContactRef.of(contact))
    return event, added


def met(
    session: Session,
    ref: str,
    names: list[str],
    now: datetime,
    config: Config,
    circle: str | None = None,
) -> MetResult:
    """Record people met at an event, in one transaction: each new name becomes a contact
    (met on the event's day, at the event, in `circle`); an id or an existing contact's full
    name links that contact (its own earlier `met` stands) and logs an `event` touch with them
    on that day. Everyone gets a 24-48-7 sequence from the event's day."""
    event = resolve_event(session, ref)
    if event.on_day > now.date():
        raise UserError(
            f"{event.name} is on {human_day(event.on_day)}: record who you met once it happened"
        )
    assert event.id is not None
    met_at = midnight(event.on_day)
    added: list[ContactRef] = []
    linked: list[ContactRef] = []
    for text in names:
        contact = _existing(session, text)
        known = contact is not None
        if contact is None:
            data = ContactInput(
                name=clean_name(text),
                text={"met_event": event.name},
                circle=circle,
                met=event.on_day.isoformat(),
                follow_up=False,
            )
            found = add_contact(session, data, now, config).profile.contact
            contact = session.get(Contact, found.id)
            assert contact is not None
            added.append(ContactRef.of(contact))
        else:
            if contact.met_at is None:
                contact.met_at, contact.met_has_time = met_at, False
            contact.met_event = contact.met_event or event.name
            session.add(contact)
            linked.append(ContactRef.of(contact))
        assert contact.id is not None
        if session.get(EventMet, (event.id, contact.id)) is not None:
            raise UserError(f"{contact.name} is already recorded as met at {event.name}")
        session.add(EventMet(event_id=event.id, contact_id=contact.id, set_at=now))
        if known:
            # Seeing someone you know is a touch: without it they would read as dormant the
            # week after you met them. A new person's `met` already marks the moment.
            touch = f"met at {event.name}"
            session.add(
                Interaction(
                    contact_id=contact.id, occurred_at=met_at, channel="event", summary=touch
                )
            )
        start_follow_up(session, contact, met_at, config)
        session.flush()
    return MetResult(event, added, linked)


def _existing(session: Session, text: str) -> Contact | None:
    """The contact an `event met` name means when it is an id or an exact full name (case,
    accents and spacing aside); None for a new person. Two people of that name: refused.

    A single word that is part of existing contacts' names (`ada` for Ada Lovelace) is
    refused too: read as a new person it would quietly make a second Ada, and read as the
    existing one it might mark the wrong person met. An id or the full name says which.
    """
    if read_id(text) is not None:
        return resolve_contact(session, text)
    exact, containing = lean.names_matching(lean.reader_of(session), name_key(text) or "")
    if len(exact) > 1:
        listed = ", ".join(f"#{found_id}" for found_id, _ in exact)
        raise UserError(f"{len(exact)} contacts are named {text.strip()!r} ({listed}): use an id")
    if exact:
        return session.get(Contact, exact[0][0])
    if containing and len(text.split()) == 1:
        listed = ", ".join(f"#{found_id} {name}" for found_id, name in containing[:LISTED])
        raise UserError(
            f"{text.strip()!r} is part of {listed}: give an id ('#{containing[0][0]}') to link "
            "someone you know, or a new person's full name"
        )
    return None


def event_view(session: Session, event: Event, as_of: date, config: Config) -> EventView:
    """An event's targets (met or not) and the people met, with their steps, as of a day."""
    assert event.id is not None
    people = _people(session, EventMet, event.id, as_of)
    met_ids = {cid for cid, _ in people}
    offsets = dict(follow_up_plan(midnight(event.on_day), config.offsets))
    steps = _steps(session, list(met_ids), midnight(event.on_day), max(offsets.values()), as_of)
    met_people = [Person(cid, name, True, steps.get(cid, [])) for cid, name in people]
    targets = [
        Person(cid, name, cid in met_ids, [])
        for cid, name in _people(session, EventTarget, event.id, as_of)
    ]
    return EventView(event, targets, met_people)


def show_event(session: Session, ref: str, as_of: date, config: Config) -> EventView:
    """`event show`: one event, as of a day (an event stored later is not there yet)."""
    event = resolve_event(session, ref)
    if event.created_at.date() > as_of:
        raise UserError(f"{event.name} was not stored yet on {human_day(as_of)}")
    return event_view(session, event, as_of, config)


def list_events(session: Session, as_of: date, config: Config) -> list[EventView]:
    """Every event stored by as-of: upcoming (from as-of on) soonest first, then past ones
    latest first."""
    events = session.scalars(
        select(Event).where(dated_by(col(Event.created_at), as_of)).order_by(col(Event.id))
    ).all()
    upcoming = sorted((e for e in events if e.on_day >= as_of), key=lambda e: (e.on_day, e.id))
    past = sorted((e for e in events if e.on_day < as_of), key=lambda e: (e.on_day, e.id))
    return [event_view(session, event, as_of, config) for event in upcoming + past[::-1]]


def _people(
    session: Session, table: type[EventMet] | type[EventTarget], event_id: int, as_of: date
) -> list[tuple[int, str]]:
    """The contacts linked to an event in `table` by as-of, by name."""
    query = (
        select(col(Contact.id), col(Contact.name))
        .join(table, col(table.contact_id) == col(Contact.id))
        .where(col(table.event_id) == event_id, dated_by(col(table.set_at), as_of))
        .order_by(func.lower(col(Contact.name)), col(Contact.id))
    )
    return [(row.id, row.name) for row in session.execute(query)]


def _steps(
    session: Session, contact_ids: list[int], start: datetime, last: datetime, as_of: date
) -> dict[int, list[StepOutcome]]:
    """The 24-48-7 steps due from the event's day (its sequence), each on time, late or open
    as of a day (a step done after as-of was still open then)."""
    if not contact_ids:
        return {}
    rows = session.scalars(
        select(FollowUp)
        .where(
            col(FollowUp.contact_id).in_(contact_ids),
            col(FollowUp.due_at) >= start,
            col(FollowUp.due_at) <= last,
        )
        .order_by(col(FollowUp.due_at), col(FollowUp.id))
    ).all()
    found: dict[int, list[StepOutcome]] = {}
    for row in rows:
        done = row.done_at.date() if row.done_at and row.done_at.date() <= as_of else None
        due = row.due_at.date()
        status = "open" if done is None else "on_time" if done <= due else "late"
        found.setdefault(row.contact_id, []).append(
            StepOutcome(stored(Step, row.step), due, done, status)
        )
    return found


def prep_day(event: Event) -> date:
    """The day the `event_prep` item falls due: the day before the event."""
    return event.on_day - timedelta(days=1)
