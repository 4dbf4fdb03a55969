"""Adding, editing and retiring contacts."""

from collections.abc import Callable
from dataclasses import dataclass, field
from datetime import datetime

from sqlalchemy import delete
from sqlmodel import Session, col, select

from netcrm.core import values
from netcrm.core.config import Config
from netcrm.core.dates import parse_date, parse_when
from netcrm.core.domain import Circle, parse_choice
from netcrm.core.errors import UserError
from netcrm.core.fields import TEXT_FIELDS
from netcrm.core.scheduler import follow_up_plan
from netcrm.services.contacts.views import Profile, profile_of
from netcrm.services.resolve import resolve_contact
from netcrm.services.transfer.exportformat import new_uid
from netcrm.store.models import CircleChange, Contact, ContactTag, FollowUp

# A new meeting this recent starts the 24-48-7 sequence unless told otherwise.
FOLLOW_UP_WINDOW_DAYS = 7


@dataclass
class ContactInput:
    """What `add` or `edit` was given; None means "not given", "" means "clear it"."""

    name: str | None = None
    text: dict[str, str | None] = field(default_factory=dict)
    circle: str | None = None
    timezone: str | None = None
    met: str | None = None
    birthday: str | None = None
    every: str | None = None
    tags: list[str] = field(default_factory=list)
    untags: list[str] = field(default_factory=list)
    follow_up: bool | None = None


def add_contact(session: Session, data: ContactInput, now: datetime, config: Config) -> Profile:
    """Create a contact; start its 24-48-7 sequence when asked or when you met this week.

    Returns the new contact's profile, read in the same transaction.
    """
    name = values.name(data.name or "")
    circle = parse_choice(Circle, data.circle, "circle") if data.circle else Circle.OUTER
    contact = Contact(name=name, circle=circle.value, created_at=now, vcard_uid=new_uid())
    _apply(contact, data, now)
    session.add(contact)
    session.flush()
    assert contact.id is not None  # flushed above
    session.add(CircleChange(contact_id=contact.id, changed_at=now, new_circle=circle.value))
    _set_tags(session, contact.id, data.tags, [])
    if _starts_follow_up(contact, data.follow_up, now):
        start_follow_up(session, contact, contact.met_at or now, config)
    return profile_of(session, contact, now.date(), config)


def _starts_follow_up(contact: Contact, asked: bool | None, now: datetime) -> bool:
    if asked is not None:
        return asked
    met = contact.met_at
    return met is not None and (now.date() - met.date()).days <= FOLLOW_UP_WINDOW_DAYS


def start_follow_up(session: Session, contact: Contact, met_at: datetime, config: Config) -> None:
    """Create the connect, resources and schedule steps, due from the meeting time.

    Starting again (edit --follow-up) replaces the steps still open rather than doubling them.
    """
    assert contact.id is not None
    session.execute(
        delete(FollowUp).where(
            col(FollowUp.contact_id) == contact.id, col(FollowUp.done_at).is_(None)
        )
    )
    for step, due_at in follow_up_plan(met_at, config.offsets):
        session.add(FollowUp(contact_id=contact.id, step=step.value, due_at=due_at))


def edit_contact(
    session: Session, ref: str, data: ContactInput, now: datetime, config: Config
) -> Profile:
    """Change the given fields; an empty string clears a field; tags are added or removed.

    Returns the contact's profile as it now stands, read in the same transaction.
    """
    contact = resolve_contact(session, ref)
    assert contact.id is not None
    if data.name is not None:
        if not data.name.strip():
            raise UserError("a contact's name cannot be empty")
        contact.name = data.name.strip()
    if data.circle is not None:
        if not data.circle:
            raise UserError("a contact's circle cannot be cleared: use inner, middle or outer")
        set_circle(session, contact, parse_choice(Circle, data.circle, "circle"), now)
    _apply(contact, data, now)
    _set_tags(session, contact.id, data.tags, data.untags)
    if data.follow_up:
        start_follow_up(session, contact, contact.met_at or now, config)
    session.add(contact)
    return profile_of(session, contact, now.date(), config)


def set_circle(session: Session, contact: Contact, circle: Circle, now: datetime) -> None:
    """Move a contact to another circle, recording the move (the plan counts them)."""
    assert contact.id is not None
    if contact.circle == circle.value:
        return
    session.add(
        CircleChange(
            contact_id=contact.id, changed_at=now, old_circle=contact.circle, new_circle=circle
        )
    )
    contact.circle = circle.value


def _apply(contact: Contact, data: ContactInput, now: datetime) -> None:
    """Copy the given fields onto the contact, validating each typed one."""
    for text_field in TEXT_FIELDS:
        if text_field.attr in data.text and data.text[text_field.attr] is not None:
            setattr(contact, text_field.attr, data.text[text_field.attr] or None)
    if data.timezone is not None:
        contact.timezone = values.parse_timezone(data.timezone) if data.timezone else None
    if data.met is not None:
        when = parse_when(data.met, now, allow_future=False) if data.met else None
        contact.met_at = when.at if when else None
        contact.met_has_time = bool(when and when.has_time)
    if data.birthday is not None:
        contact.birthday = values.parse_birthday(data.birthday) if data.birthday else None
    if data.every is not None:
        contact.cadence = values.cadence(data.every) if data.every else None


def _set_tags(session: Session, contact_id: int, add: list[str], remove: list[str]) -> None:
    """Add and remove tags; an empty tag among those added clears every tag first."""
    if "" in [tag.strip() for tag in add]:
        session.execute(delete(ContactTag).where(col(ContactTag.contact_id) == contact_id))
    existing = set(
        session.exec(select(ContactTag.tag).where(ContactTag.contact_id == contact_id)).all()
    )
    for tag in values.tag_keys(add) - existing:
        session.add(ContactTag(contact_id=contact_id, tag=tag))
    for tag in values.tag_keys(remove) & existing:
        session.execute(
            delete(ContactTag).where(
                col(ContactTag.contact_id) == contact_id,
                col(ContactTag.tag) == tag,
            )
        )


def set_archived(session: Session, refs: list[str], archived: bool, now: datetime) -> list[Contact]:
    """Archive (or bring back) one or more contacts; archived contacts are never due."""
    contacts = [resolve_contact(session, ref) for ref in refs]
    for contact in contacts:
        if archived and contact.archived_at is None:
            contact.archived_at = now
        elif not archived:
            contact.archived_at = None
        session.add(contact)
    return contacts


def snooze(session: Session, ref: str, until: str | None, clear: bool, now: datetime) -> Contact:
    """Hide a contact from `due` until a day, without moving its cadence; or undo that."""
    if clear == (until is not None):
        raise UserError("give either --until WHEN or --clear")
    contact = resolve_contact(session, ref)
    day = parse_date(until, now) if until is not None else None
    if day is not None and day <= now.date():
        raise UserError(f"snooze day {day.isoformat()} is not in the future; use e.g. 'in 2w'")
    contact.snoozed_until = day
    session.add(contact)
    return contact


def remove_contact(session: Session, ref: str, confirm: Callable[[Contact], bool]) -> Contact:
    """Delete a contact and, by cascade, everything attached to it, once `confirm` agrees."""
    contact = resolve_contact(session, ref)
    if not confirm(contact):
        raise UserError(f"nothing deleted: {contact.name} (#{contact.id}) kept")
    session.delete(contact)
    return contact
