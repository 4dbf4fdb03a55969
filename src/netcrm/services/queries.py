"""The aggregate queries that feed the scheduler: one query each, never one per contact.

Each takes the contacts it is about as a list of ids or as a query selecting ids; a query
keeps a long list (every contact of a large network) out of the SQL text and its parameters.
"""

from collections.abc import Collection
from datetime import date, datetime, time
from typing import Any

from sqlalchemy import ColumnElement, Date, Select, func, or_, select
from sqlalchemy.ext.compiler import compiles
from sqlalchemy.sql.compiler import SQLCompiler
from sqlalchemy.sql.functions import FunctionElement
from sqlmodel import Session, col

from netcrm.core.domain import Circle, Step
from netcrm.core.scheduler import ContactFacts, OpenStep
from netcrm.services.transfer.exportformat import contact_uid
from netcrm.store.models import Contact, ContactTag, FollowUp, Interaction

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


def is_active() -> ColumnElement[bool]:
    """The contact is active: not archived. Reports that count "active contacts" use this."""
    return col(Contact.archived_at).is_(None)


def active_ids() -> Select[Any]:
    """The ids of active contacts, as a query (see the module docstring)."""
    return select(col(Contact.id)).where(is_active())


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
        query = query.where(is_active())
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


def not_before(moment: Any, day: date) -> ColumnElement[bool]:
    """The moment is unset (NULL) or falls on `day` or later.

    The one rule for "still open when `day` began" for a promise (kept_at), a 24-48-7 step
    (done_at) and an introduction follow-up (its first later touch): `due` asks it for the
    day after as-of, the plan for the period's first day. On archived_at it is "not archived
    before `day`".
    """
    return or_(moment.is_(None), moment >= midnight(day))


def as_datetime(value: datetime | str) -> datetime:
    """Core selects over a UNION or CASE may hand back SQLite's text form of a stored moment."""
    return value if isinstance(value, datetime) else datetime.fromisoformat(value)


class day_of(FunctionElement[date]):  # lower case: it reads like the func.* beside it
    """The calendar day of a stored moment, in SQL that every supported back end runs.

    Standard SQL spells it CAST(x AS DATE). SQLite has no date type (that cast yields the
    year as a number) but stores moments as ISO text, so there the day is the first ten
    characters.
    """

    type = Date()
    name = "day_of"
    inherit_cache = True


@compiles(day_of)
def _day_of_standard(element: day_of, compiler: SQLCompiler, **kw: Any) -> str:
    return f"CAST({compiler.process(element.clauses, **kw)} AS DATE)"


@compiles(day_of, "sqlite")
def _day_of_sqlite(element: day_of, compiler: SQLCompiler, **kw: Any) -> str:
    return f"substr({compiler.process(element.clauses, **kw)}, 1, 10)"


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
