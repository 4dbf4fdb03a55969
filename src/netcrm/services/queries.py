"""The aggregate queries that feed the scheduler: one query each, never one per contact.

Each takes the contacts it is about as a list of ids or as a query selecting ids; a query
keeps a long list (every contact of a large network) out of the SQL text and its parameters.
"""

from collections.abc import Collection
from datetime import date, datetime, time
from typing import Any

from sqlalchemy import Select, func, select
from sqlmodel import Session, col

from netcrm.domain import Circle, Step
from netcrm.models import Contact, ContactTag, FollowUp, Interaction
from netcrm.scheduler import ContactFacts, OpenStep
from netcrm.services.jsonformat import contact_uid

ContactIds = Collection[int] | Select[Any]
# Circle(text) goes through Enum.__new__, which is slow when run once per contact.
_CIRCLES: dict[str, Circle] = {circle.value: circle for circle in Circle}

# The contact columns a ContactFacts is built from (see `facts_of`).
FACT_COLUMNS = [
    col(Contact.id),
    col(Contact.name),
    col(Contact.circle),
    col(Contact.created_at),
    col(Contact.cadence),
    col(Contact.met_at),
    col(Contact.archived_at),
    col(Contact.snoozed_until),
]


def facts_of(row: Any, last_touch: datetime | None) -> ContactFacts:
    """ContactFacts from a row holding FACT_COLUMNS."""
    return ContactFacts(
        id=row.id,
        name=row.name,
        circle=_CIRCLES[row.circle],
        created_at=row.created_at,
        cadence=row.cadence,
        met_at=row.met_at,
        last_touch=last_touch,
        archived=row.archived_at is not None,
        snoozed_until=row.snoozed_until,
    )


def contact_facts(
    session: Session,
    *,
    contact_ids: ContactIds | None = None,
    circle: Circle | None = None,
    include_archived: bool = False,
) -> list[ContactFacts]:
    """Scheduler facts for the chosen contacts, with each one's latest touch."""
    # One index seek per contact (SQLite's min/max optimisation on the (contact_id,
    # occurred_at) index) rather than grouping every interaction: cost follows the contacts.
    last_touch = (
        select(func.max(col(Interaction.occurred_at)))
        .where(col(Interaction.contact_id) == col(Contact.id))
        .correlate(Contact)
        .scalar_subquery()
        .label("last_touch")
    )
    query = select(*FACT_COLUMNS, last_touch)
    if contact_ids is not None:
        query = query.where(col(Contact.id).in_(contact_ids))
    if circle is not None:
        query = query.where(col(Contact.circle) == circle.value)
    if not include_archived:
        query = query.where(col(Contact.archived_at).is_(None))
    return [facts_of(row, row.last_touch) for row in session.execute(query)]


def open_steps(session: Session, contact_ids: ContactIds | None = None) -> list[OpenStep]:
    """Every 24-48-7 step not done yet, earliest first."""
    query = select(col(FollowUp.contact_id), col(FollowUp.step), col(FollowUp.due_at)).where(
        col(FollowUp.done_at).is_(None)
    )
    if contact_ids is not None:
        query = query.where(col(FollowUp.contact_id).in_(contact_ids))
    query = query.order_by(col(FollowUp.due_at), col(FollowUp.id))
    return [OpenStep(row.contact_id, Step(row.step), row.due_at) for row in session.execute(query)]


def tags_by_contact(
    session: Session, contact_ids: ContactIds | None = None
) -> dict[int, list[str]]:
    """Each contact's tags, sorted."""
    query = select(col(ContactTag.contact_id), col(ContactTag.tag)).order_by(col(ContactTag.tag))
    if contact_ids is not None:
        query = query.where(col(ContactTag.contact_id).in_(contact_ids))
    tags: dict[int, list[str]] = {}
    for contact_id, tag in session.execute(query):
        tags.setdefault(contact_id, []).append(tag)
    return tags


def midnight(day: date) -> datetime:
    """The first moment of `day`: a stored moment falls on `day` or later when >= this."""
    return datetime.combine(day, time())


def as_datetime(value: datetime | str) -> datetime:
    """Core selects over a UNION or CASE may hand back SQLite's text form of a stored moment."""
    return value if isinstance(value, datetime) else datetime.fromisoformat(value)


def contact_uids(session: Session, contact_ids: Collection[int]) -> dict[int, str]:
    """Each contact's stable uid (its vCard UID, else the derived one), by id."""
    if not contact_ids:
        return {}
    query = select(col(Contact.id), col(Contact.created_at), col(Contact.vcard_uid)).where(
        col(Contact.id).in_(list(contact_ids))
    )
    return {
        row.id: contact_uid(row.id, row.created_at, row.vcard_uid) for row in session.execute(query)
    }
