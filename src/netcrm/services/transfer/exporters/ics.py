"""`export ics`: the due list as an iCalendar file, so a phone or desktop calendar reminds you."""

from datetime import UTC, date, datetime, timedelta

from icalendar import Calendar, Event
from sqlmodel import Session

from netcrm.core.config import Config
from netcrm.core.scheduler import lasting_ref
from netcrm.services.daily.due import due
from netcrm.store import lean


def export_ics(session: Session, as_of: date, within: int, config: Config, now: datetime) -> str:
    """One all-day event per item `due --as-of AS_OF --within WITHIN` lists.

    An overdue item is put on the as-of day (a reminder in the past helps nobody); its
    description keeps the day it fell due.

    Each event's UID is the contact's stable uid, the kind and the item's ref (which record:
    the step, the promise, the introduction...), none of them a database id. So a calendar
    that subscribes again updates an entry whose day moved instead of adding a second one,
    even after the data moved to another database with `export json` / `import json`.
    """
    calendar = _calendar()
    calendar.add("x-wr-calname", "netcrm: who to contact")
    for event in due_events(session, as_of, within, config, now):
        calendar.add_component(event)
    ical: bytes = calendar.to_ical()
    return ical.decode()


PRODID = "-//netcrm//due list//EN"


def _calendar() -> Calendar:
    calendar = Calendar()
    calendar.add("prodid", PRODID)
    calendar.add("version", "2.0")
    return calendar


def due_events(
    session: Session, as_of: date, within: int, config: Config, now: datetime
) -> list[Event]:
    """One all-day event per due item (see `export_ics`), each with its stable UID."""
    events = []
    reader = lean.reader_of(session)
    items = due(reader, as_of, config, within=within).items
    uids = lean.contact_uids(reader, {item.contact_id for item in items})
    # DTSTAMP is UTC; `now` is naive local wall-clock time, which astimezone() reads as local.
    stamp = now.astimezone(UTC)
    for item in items:
        event = Event()
        event.add("uid", f"{uids[item.contact_id]}-{item.kind}-{lasting_ref(item)}@netcrm")
        event.add("dtstamp", stamp)
        day = max(item.due, as_of)
        event.add("dtstart", day)
        event.add("dtend", day + timedelta(days=1))
        event.add("summary", f"{item.what}: {item.name}")
        event.add("description", f"{item.reason} (due {item.due.isoformat()})")
        events.append(event)
    return events


def event_file(event: Event) -> bytes:
    """One event as a calendar file of its own (a vdir holds one item per file)."""
    calendar = _calendar()
    calendar.add_component(event)
    data: bytes = calendar.to_ical()
    return data
