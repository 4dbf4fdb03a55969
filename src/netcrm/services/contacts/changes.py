"""Adding, editing and retiring contacts."""

from collections.abc import Callable
from dataclasses import dataclass, field
from datetime import datetime

from sqlalchemy import delete
from sqlalchemy import select as select_columns  # sqlmodel's stops at four columns
from sqlmodel import Session, col, select

from netcrm.core import values
from netcrm.core.config import Config
from netcrm.core.dates import FUTURE, human_day, parse_date, parse_when
from netcrm.core.details import Entry, Kind, clean_value, ordered, parse_entry, preferred_columns
from netcrm.core.domain import Channel, Circle, Rating, Step, parse_choice, stored
from netcrm.core.errors import UserError
from netcrm.core.fields import PLAIN_FIELDS
from netcrm.core.scheduler import follow_up_plan
from netcrm.services import entries
from netcrm.services.contacts.views import Profile, profile_of
from netcrm.services.resolve import resolve_contact
from netcrm.services.transfer.exportformat import new_uid
from netcrm.services.transfer.keys import (
    linkedin_key,
    name_key,
    phone_key,
    plausible_email,
    url_key,
)
from netcrm.store import details
from netcrm.store.models import CircleChange, Contact, ContactTag, FollowUp, Interaction

# A new meeting this recent starts the 24-48-7 sequence unless told otherwise.
FOLLOW_UP_WINDOW_DAYS = 7
# The summary of the touch `add --last-touch` records.
LAST_TOUCH_SUMMARY = "last touch, recorded when added"


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
    influence: str | None = None  # the network effect matrix: high or low
    accessibility: str | None = None
    tags: list[str] = field(default_factory=list)
    untags: list[str] = field(default_factory=list)
    follow_up: bool | None = None
    last_touch: str | None = None  # `add --last-touch`: when you last spoke, before netcrm
    force: bool = False  # add: even when another contact has this name, email or LinkedIn
    # Emails, phones, links, addresses as typed (kind, `VALUE[:LABEL]`); "" clears the kind.
    entries: list[tuple[str, str]] = field(default_factory=list)
    removed: list[tuple[str, str]] = field(default_factory=list)  # edit --rm-KIND
    preferred: list[tuple[str, str]] = field(default_factory=list)  # edit --prefer-KIND
    linkedin: str | None = None  # --linkedin: replaces the LinkedIn link shown ("" removes it)


@dataclass(frozen=True)
class Changed:
    """What `add` or `edit` did: the profile as it now stands, and what the user should hear.

    `changed` is False when an edit found everything already as asked.
    """

    profile: Profile
    changed: bool = True
    absent_tags: list[str] = field(default_factory=list)  # --untag of a tag it did not have
    present_tags: list[str] = field(default_factory=list)  # --tag of a tag it already had
    follow_up_from: datetime | None = None  # a 24-48-7 sequence started from this moment
    follow_up_too_late: bool = False  # met more than a week ago: no sequence started
    moved_steps: list[FollowUp] = field(default_factory=list)  # open steps moved with --met
    cancelled_steps: list[str] = field(default_factory=list)  # open steps --no-follow-up ended
    nothing_to_cancel: bool = False  # --no-follow-up with no open step


def add_contact(session: Session, data: ContactInput, now: datetime, config: Config) -> Changed:
    """Create a contact; start its 24-48-7 sequence when asked or when you met this week.

    Someone already stored under the same name (case, spacing and accents aside), email or
    LinkedIn profile is refused, naming them, unless `data.force`. Returns the new contact's
    profile, read in the same transaction.
    """
    name = values.name(data.name or "")
    circle = parse_choice(Circle, data.circle, "circle") if data.circle else Circle.OUTER
    wanted = _edited_entries([], data)  # read before anything is written
    if not data.force:
        _refuse_duplicate(session, name, wanted)
    contact = Contact(name=name, circle=circle.value, created_at=now, vcard_uid=new_uid())
    _apply(contact, data, now)
    # Read before anything is written, like every other option.
    last = parse_when(data.last_touch, now, allow_future=False) if data.last_touch else None
    session.add(contact)
    session.flush()
    assert contact.id is not None  # flushed above
    details.replace(session, contact.id, wanted)
    session.add(CircleChange(contact_id=contact.id, changed_at=now, new_circle=circle.value))
    if last is not None:
        # An interaction like any other, so `show` lists it and the cadence counts from it. It
        # completes no 24-48-7 step: it happened before this meeting was recorded.
        session.add(
            Interaction(
                contact_id=contact.id,
                occurred_at=last.at,
                has_time=last.has_time,
                channel=Channel.OTHER.value,
                summary=LAST_TOUCH_SUMMARY,
            )
        )
    _set_tags(session, contact.id, data.tags, [])
    started = None
    if _starts_follow_up(contact, data.follow_up, now):
        started = contact.met_at or now
        start_follow_up(session, contact, started, config)
    return Changed(
        profile_of(session, contact, now.date(), config, now),
        follow_up_from=started,
        follow_up_too_late=started is None
        and data.follow_up is None
        and contact.met_at is not None,
    )


def _refuse_duplicate(session: Session, name: str, entries: list[Entry]) -> None:
    """Refuse a new contact who looks like one already stored, naming that contact.

    Every stored email, phone and link counts, as imports match them (placeholders and
    numbers too short to be whole never match).
    """
    wanted = {("that name", name_key(name)), *_matching(entries)}
    stored = details.load_all(session)
    rows = session.execute(
        select_columns(col(Contact.id), col(Contact.name), col(Contact.archived_at)).order_by(
            col(Contact.id)
        )
    )
    for row in rows:
        theirs = {("that name", name_key(row.name)), *_matching(stored.get(row.id, []))}
        shared = {what for what, key in wanted & theirs if key}
        same = next((what for what in _ORDER if what in shared), None)
        if same is None:
            continue
        force = "add --force to add another contact anyway"
        if row.archived_at is not None:
            raise UserError(
                f"#{row.id} {row.name} (archived) already has {same}: "
                f"`netcrm unarchive {row.id}` brings them back, or {force}"
            )
        raise UserError(f"#{row.id} {row.name} already has {same}: {force}")


_WHAT = {"email": "that email", "phone": "that phone number", "url": "that link"}
# The order a refusal names what the two contacts share.
_ORDER = ("that name", "that email", "that LinkedIn profile", "that phone number", "that link")


def _matching(entries: list[Entry]) -> set[tuple[str, str | None]]:
    """The entries' match keys, named for the refusal ("that email")."""
    keys: set[tuple[str, str | None]] = set()
    for entry in entries:
        if entry.kind == Kind.EMAIL.value:
            keys.add((_WHAT["email"], plausible_email(entry.value)))
        elif entry.kind == Kind.PHONE.value:
            keys.add((_WHAT["phone"], phone_key(entry.value)))
        elif entry.kind == Kind.URL.value:
            what = "that LinkedIn profile" if linkedin_key(entry.value) else _WHAT["url"]
            keys.add((what, url_key(entry.value)))
    return keys


def _edited_entries(current: list[Entry], data: ContactInput) -> list[Entry]:
    """A contact's entries once `data`'s --email/--phone/--url/--address, --linkedin, --rm-*
    and --prefer-* are applied, in that order; UserError for a value that cannot be read or
    an entry to remove that the contact does not have."""
    result = list(current)
    for kind, typed in data.entries:
        if not typed.strip():
            result = [entry for entry in result if entry.kind != kind]  # "" clears the kind
            continue
        values.text(typed)
        result, _added = entries.combined(result, [parse_entry(Kind(kind), typed)])
    if data.linkedin is not None:
        values.text(data.linkedin)
        shown = preferred_columns(result)["linkedin"]
        if shown is not None:
            result = [e for e in result if not (e.kind == Kind.URL.value and e.value == shown)]
        if data.linkedin.strip():
            link = Entry(Kind.URL.value, clean_value(Kind.URL, data.linkedin), "linkedin")
            was_preferred = not any(e.kind == Kind.URL.value and e.preferred for e in result)
            result, _added = entries.combined(result, [link])
            if was_preferred or shown is not None:
                result = entries.preferring(result, link)
    for kind, typed in data.removed:
        held = entries.find(result, kind, typed) or next(
            (e for e in result if e.kind == kind and e.value == typed.strip()), None
        )
        if held is None:
            have = ", ".join(e.value for e in result if e.kind == kind) or "none"
            raise UserError(f"no {kind} {typed!r} to remove (the contact has: {have})")
        result = [entry for entry in result if entry is not held]
    for kind, typed in data.preferred:
        held = entries.find(result, kind, parse_entry(Kind(kind), typed).value)
        if held is None:
            result, _added = entries.combined(result, [parse_entry(Kind(kind), typed)])
            held = entries.find(result, kind, parse_entry(Kind(kind), typed).value)
        assert held is not None
        result = entries.preferring(result, held)
    return ordered(result)


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
) -> Changed:
    """Change the given fields; an empty string clears a field; tags are added or removed.

    A new meeting time (--met) moves the open 24-48-7 steps with it; `follow_up` False
    (--no-follow-up) cancels the open steps (done ones stay: they happened). Returns the
    contact's profile as it now stands, read in the same transaction, and what changed.
    """
    contact = resolve_contact(session, ref)
    assert contact.id is not None
    before = _state(session, contact)
    met_before = contact.met_at
    if data.name is not None:
        if not data.name.strip():
            raise UserError("a contact's name cannot be empty")
        contact.name = data.name.strip()
    if data.circle is not None:
        if not data.circle:
            raise UserError("a contact's circle cannot be cleared: use inner, middle or outer")
        set_circle(session, contact, parse_choice(Circle, data.circle, "circle"), now)
    _apply(contact, data, now)
    current = details.load(session, [contact.id]).get(contact.id, [])
    edited = _edited_entries(current, data)
    if edited != current:
        details.replace(session, contact.id, edited)
    tags = set(_tags(session, contact.id))
    absent = sorted(values.tag_keys(data.untags) - tags)
    present = sorted((values.tag_keys(data.tags) & tags) - values.tag_keys(data.untags))
    _set_tags(session, contact.id, data.tags, data.untags)
    moved: list[FollowUp] = []
    cancelled: list[str] = []
    if data.follow_up:
        start_follow_up(session, contact, contact.met_at or now, config)
    elif data.follow_up is False:
        cancelled = cancel_follow_up(session, contact)
    elif contact.met_at is not None and contact.met_at != met_before:
        moved = _move_open_steps(session, contact, contact.met_at, config)
    session.add(contact)
    session.flush()
    return Changed(
        profile_of(session, contact, now.date(), config, now),
        changed=_state(session, contact) != before,
        absent_tags=absent,
        present_tags=present,
        moved_steps=moved,
        cancelled_steps=cancelled,
        nothing_to_cancel=data.follow_up is False and not cancelled,
    )


def _state(session: Session, contact: Contact) -> tuple[object, ...]:
    """Everything edit can change about a contact, to tell whether it changed anything."""
    session.flush()
    steps = session.execute(
        select(col(FollowUp.id), col(FollowUp.step), col(FollowUp.due_at), col(FollowUp.done_at))
        .where(col(FollowUp.contact_id) == contact.id)
        .order_by(col(FollowUp.id))
    ).all()
    assert contact.id is not None
    entries = details.load(session, [contact.id]).get(contact.id, [])
    return (
        contact.model_dump(),
        entries,
        sorted(_tags(session, contact.id)),
        [tuple(s) for s in steps],
    )


def _tags(session: Session, contact_id: int) -> list[str]:
    return list(session.exec(select(ContactTag.tag).where(ContactTag.contact_id == contact_id)))


def _open_steps(session: Session, contact: Contact) -> list[FollowUp]:
    return list(
        session.exec(
            select(FollowUp)
            .where(col(FollowUp.contact_id) == contact.id, col(FollowUp.done_at).is_(None))
            .order_by(col(FollowUp.due_at), col(FollowUp.id))
        )
    )


def _move_open_steps(
    session: Session, contact: Contact, met_at: datetime, config: Config
) -> list[FollowUp]:
    """Put each open 24-48-7 step back at its offset from the new meeting time."""
    due = dict(follow_up_plan(met_at, config.offsets))
    moved = []
    for step in _open_steps(session, contact):
        new_due = due.get(stored(Step, step.step))
        if new_due is not None and new_due != step.due_at:
            step.due_at = new_due
            session.add(step)
            moved.append(step)
    return moved


def cancel_follow_up(session: Session, contact: Contact) -> list[str]:
    """End the 24-48-7 steps still open (deleted: they will not happen); done ones stay."""
    open_steps = _open_steps(session, contact)
    for step in open_steps:
        session.delete(step)
    return [step.step for step in open_steps]


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
    for text_field in PLAIN_FIELDS:
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
    for attr in ("influence", "accessibility"):
        given = getattr(data, attr)
        if given is not None:
            rating = parse_choice(Rating, given, attr) if given.strip() else None
            setattr(contact, attr, rating.value if rating else None)


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


def set_archived(
    session: Session, refs: list[str], archived: bool, now: datetime
) -> list[tuple[Contact, bool]]:
    """Archive (or bring back) one or more contacts; archived contacts are never due.

    Returns each contact with whether it changed (False: it already was as asked).
    """
    contacts = [resolve_contact(session, ref) for ref in refs]
    result = []
    for contact in contacts:
        changes = (contact.archived_at is None) == archived
        if changes:
            contact.archived_at = now if archived else None
            session.add(contact)
        result.append((contact, changes))
    return result


def snooze(session: Session, ref: str, until: str | None, clear: bool, now: datetime) -> Contact:
    """Hide a contact from `due` until a day, without moving its cadence; or undo that."""
    if clear == (until is not None):
        raise UserError("give either --until WHEN or --clear")
    contact = resolve_contact(session, ref)
    day = parse_date(until, now, direction=FUTURE) if until is not None else None
    if day is not None and day <= now.date():
        raise UserError(f"snooze day {human_day(day)} is not in the future; use e.g. 'in 2w'")
    contact.snoozed_until = day
    contact.snoozed_at = now if day is not None else None
    session.add(contact)
    return contact


def remove_contact(session: Session, ref: str, confirm: Callable[[Contact], bool]) -> Contact:
    """Delete a contact and, by cascade, everything attached to it, once `confirm` agrees."""
    contact = resolve_contact(session, ref)
    if not confirm(contact):
        raise UserError(f"nothing deleted: {contact.name} (#{contact.id}) kept")
    session.delete(contact)
    return contact
