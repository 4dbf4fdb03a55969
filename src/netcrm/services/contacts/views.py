"""Reading contacts: the list (`list`) and one contact's whole profile (`show`)."""

from dataclasses import dataclass, field
from datetime import date, datetime
from typing import Any

from sqlalchemy import Row, func, select
from sqlmodel import Session, col

from netcrm.core.config import Config
from netcrm.core.domain import Circle, parse_choice
from netcrm.core.scheduler import DueItem, OpenStep, contact_items, next_due
from netcrm.core.values import tag_key
from netcrm.services.commitments.intros import IntroSide, intro_sides
from netcrm.services.queries import contact_facts, open_steps, tags_by_contact
from netcrm.services.resolve import resolve_contact
from netcrm.store.models import CareerChange, Contact, ContactTag, FollowUp, Interaction


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
) -> list[ContactRow]:
    """Contacts by name, with their last touch and next due date."""
    chosen = parse_choice(Circle, circle, "circle") if circle else None
    conditions = []
    if chosen:
        conditions.append(col(Contact.circle) == chosen.value)
    if tag:
        tagged = select(col(ContactTag.contact_id)).where(col(ContactTag.tag) == tag_key(tag))
        conditions.append(col(Contact.id).in_(tagged))
    if not include_archived:
        conditions.append(col(Contact.archived_at).is_(None))
    # Plain rows, not ORM objects: they carry the same attributes for render.contact_json,
    # load in half the time and leave the garbage collector far fewer objects to walk.
    query = (
        select(Contact.__table__)  # type: ignore[attr-defined]
        .where(*conditions)
        .order_by(func.lower(Contact.name), col(Contact.id))
    )
    contacts = list(session.execute(query))
    # The same choice as a query, not a list: thousands of ids would each be an SQL parameter.
    ids = select(col(Contact.id)).where(*conditions)
    facts = {
        fact.id: fact for fact in contact_facts(session, contact_ids=ids, include_archived=True)
    }
    steps_by_contact: dict[int, list[OpenStep]] = {}
    for step in open_steps(session, ids):
        steps_by_contact.setdefault(step.contact_id, []).append(step)
    tags = tags_by_contact(session, ids)
    rows = []
    for contact in contacts:
        assert contact.id is not None
        fact = facts[contact.id]
        items = contact_items(fact, steps_by_contact.get(contact.id, []), config.cadences, as_of)
        last = fact.last_touch.date() if fact.last_touch else None
        rows.append(ContactRow(contact, tags.get(contact.id, []), last, next_due(items)))
    return rows


@dataclass(frozen=True)
class Profile:
    """Everything `show` prints about one contact."""

    contact: Contact
    tags: list[str]
    next_due: DueItem | None
    last_interaction: datetime | None
    follow_ups: list[FollowUp]
    interactions: list[Interaction]
    introductions: list[IntroSide] = field(default_factory=list)
    career_changes: list[CareerChange] = field(default_factory=list)


def profile(session: Session, ref: str, as_of: date, config: Config) -> Profile:
    """One contact in full: fields, next due and why, 24-48-7 steps, interactions newest first."""
    return profile_of(session, resolve_contact(session, ref), as_of, config)


def profile_of(session: Session, contact: Contact, as_of: date, config: Config) -> Profile:
    """The profile of a contact already in hand (`add` and `edit` show what they stored)."""
    session.flush()  # a contact just added or changed is read back as it now stands
    assert contact.id is not None
    [fact] = contact_facts(session, contact_ids=[contact.id], include_archived=True)
    items = contact_items(fact, open_steps(session, [contact.id]), config.cadences, as_of)
    follow_ups = session.scalars(
        select(FollowUp)
        .where(col(FollowUp.contact_id) == contact.id)
        .order_by(col(FollowUp.due_at))
    ).all()
    interactions = session.scalars(
        select(Interaction)
        .where(col(Interaction.contact_id) == contact.id)
        .order_by(col(Interaction.occurred_at).desc(), col(Interaction.id).desc())
    ).all()
    career_changes = session.scalars(
        select(CareerChange)
        .where(col(CareerChange.contact_id) == contact.id)
        .order_by(col(CareerChange.changed_on).desc(), col(CareerChange.id).desc())
    ).all()
    return Profile(
        contact,
        tags_by_contact(session, [contact.id]).get(contact.id, []),
        next_due(items),
        fact.last_touch,
        list(follow_ups),
        list(interactions),
        intro_sides(session, [contact.id]),
        list(career_changes),
    )
