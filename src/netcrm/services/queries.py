"""The aggregate queries that feed the scheduler: one query each, never one per contact.

Each takes the contacts it is about as a list of ids or as a query selecting ids; a query
keeps a long list (every contact of a large network) out of the SQL text and its parameters.

**As of a day.** A report `--as-of` a day reads only what is dated on or before it, and the
rules for that live here, once: a moment counts when it is before the next day began
(`dated_by`); something done or ended later is still open (`not_before`); a contact's circle,
archive and snooze are what they were then (`circle_as_of`, `archived_as_of`,
`snoozed_as_of`); and a contact is in the network from the earliest of the day it was added,
its first touch and the day you met (`present_as_of`), so a history typed in later counts on
the days it describes. With `as_of=None` (or a day after today: nothing is dated after now)
everything counts, as it stands.
"""

from collections.abc import Collection
from datetime import date, datetime
from typing import Any, TypeVar

from sqlalchemy import ColumnElement, Date, Select, case, exists, func, or_, select
from sqlalchemy.ext.compiler import compiles
from sqlalchemy.sql.compiler import SQLCompiler
from sqlalchemy.sql.functions import FunctionElement
from sqlmodel import Session, SQLModel, col

from netcrm.core.dates import as_of_next as as_of_next
from netcrm.core.dates import cutoff as cutoff
from netcrm.core.dates import midnight as midnight
from netcrm.store.models import (
    CircleChange,
    Contact,
    ContactTag,
    Interaction,
)

ContactIds = Collection[int] | Select[Any]
M = TypeVar("M", bound=SQLModel)


def dated_by(moment: Any, as_of: date | None) -> ColumnElement[bool]:
    """The moment is set and falls on as-of or earlier."""
    return moment < cutoff(as_of)  # type: ignore[no-any-return]


def archived_as_of(as_of: date | None) -> ColumnElement[datetime | None]:
    """When the contact was archived, if it was by as-of; NULL when it was still active."""
    return case((dated_by(col(Contact.archived_at), as_of), col(Contact.archived_at)))


def snoozed_as_of(as_of: date | None) -> ColumnElement[date | None]:
    """The snooze day, if the snooze was set by as-of (one with no date set counts from when
    the contact was added); NULL otherwise."""
    set_at = func.coalesce(col(Contact.snoozed_at), col(Contact.created_at))
    return case((dated_by(set_at, as_of), col(Contact.snoozed_until)))


def circle_as_of(as_of: date | None) -> ColumnElement[str]:
    """The contact's circle on as-of: the one before its first move after that day.

    A move's `old_circle`; for the very first assignment (`old_circle` NULL, a contact that
    counts from a touch before it was added) the circle it was given; with no later move,
    the circle it has now.
    """
    after = col(CircleChange.changed_at) >= cutoff(as_of)
    later = (
        select(CircleChange)
        .where(col(CircleChange.contact_id) == col(Contact.id), after)
        .order_by(col(CircleChange.changed_at), col(CircleChange.id))
        .limit(1)
        .correlate(Contact)
    )

    def first_later(column: Any) -> Any:
        return later.with_only_columns(column).scalar_subquery()

    # Few contacts moved after as-of (none, as of today): the uncorrelated IN is computed once,
    # and only those contacts pay for the two seeks.
    moved = col(Contact.id).in_(select(col(CircleChange.contact_id)).where(after))
    return case(
        (
            moved,
            func.coalesce(
                first_later(col(CircleChange.old_circle)),
                first_later(col(CircleChange.new_circle)),
            ),
        ),
        else_=col(Contact.circle),
    )


def present_as_of(as_of: date | None) -> ColumnElement[bool]:
    """The contact is in the network by as-of: added, met or touched on or before it."""
    touched = exists().where(
        col(Interaction.contact_id) == col(Contact.id),
        dated_by(col(Interaction.occurred_at), as_of),
    )
    return or_(
        dated_by(col(Contact.created_at), as_of), dated_by(col(Contact.met_at), as_of), touched
    )


def joined_at() -> Any:
    """When the contact came into the network: the earliest of the day it was added, the day
    you met and its first touch. (`present_as_of` asks the same, as "by as-of", faster.)"""
    first_touch = (
        select(func.min(col(Interaction.occurred_at)))
        .where(col(Interaction.contact_id) == col(Contact.id))
        .correlate(Contact)
        .scalar_subquery()
    )
    added, met = col(Contact.created_at), col(Contact.met_at)
    earlier = case((met < added, met), else_=added)  # a NULL met compares false
    return case((first_touch < earlier, first_touch), else_=earlier)


def is_active(as_of: date | None = None) -> ColumnElement[bool]:
    """The contact is active: not archived (by as-of). Reports of "active contacts" use this."""
    if as_of is None:
        return col(Contact.archived_at).is_(None)
    return not_before(col(Contact.archived_at), as_of_next(as_of))


def active_ids(as_of: date | None = None) -> Select[Any]:
    """The ids of active contacts (present and not archived on as-of), as a query."""
    query = select(col(Contact.id)).where(is_active(as_of))
    return query if as_of is None else query.where(present_as_of(as_of))


def tags_by_contact(
    session: Session, contact_ids: ContactIds | None = None
) -> dict[int, list[str]]:
    """Each contact's tags, sorted."""
    query = select(col(ContactTag.contact_id), col(ContactTag.tag)).order_by(col(ContactTag.tag))
    if contact_ids is not None:
        query = query.where(col(ContactTag.contact_id).in_(contact_ids))
    tags: dict[int, list[str]] = {}
    # On the connection: the ORM's row loading costs more than the query (140,000 rows).
    for contact_id, tag in session.connection().execute(query):
        tags.setdefault(contact_id, []).append(tag)
    return tags


def count_where(condition: Any) -> Any:
    """How many rows meet `condition` (a NULL comparison counts as not met); 0 over no rows."""
    return func.coalesce(func.sum(case((condition, 1), else_=0)), 0)


def not_before(moment: Any, day: date) -> ColumnElement[bool]:
    """The moment is unset (NULL) or falls on `day` or later.

    The one rule for "still open when `day` began" for a promise (kept_at), a 24-48-7 step
    (done_at) and an introduction follow-up (its first later touch): `due` asks it for the
    day after as-of, the plan for the period's first day. On archived_at it is "not archived
    before `day`".
    """
    return or_(moment.is_(None), moment >= midnight(day))


def as_it_stood(row: M, attr: str, as_of: date | None) -> M:
    """A loaded row as it stood on as-of: itself, or when its `attr` moment (a step's done_at,
    a promise's kept_at) came later, a detached copy with that moment unset. The copy is
    never added to the session, so nothing is written."""
    moment = getattr(row, attr)
    if moment is None or as_of is None or moment < cutoff(as_of):
        return row
    return type(row).model_validate({**row.model_dump(), attr: None})


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
