"""Promises: what the user said they would do for a contact, and whether it was done."""

from collections.abc import Collection
from dataclasses import dataclass
from datetime import date, datetime, timedelta
from typing import Any

from sqlalchemy import func, select
from sqlmodel import Session, col

from netcrm.core.dates import FUTURE, human_day, parse_date, parse_when
from netcrm.core.errors import NotFoundError, UserError
from netcrm.core.values import promise_text
from netcrm.services.queries import (
    as_it_stood,
    as_of_next,
    count_where,
    dated_by,
    day_of,
    not_before,
)
from netcrm.services.resolve import read_id, resolve_contact
from netcrm.store.db import by_id
from netcrm.store.models import Contact, Promise

# The method's 48-hour rule: do what you promised within two days.
DEFAULT_PROMISE_DAYS = 2


@dataclass(frozen=True)
class PromiseRow:
    """One promise with the name of the contact it was made to."""

    promise: Promise
    name: str


def make_promise(
    session: Session,
    contact: Contact,
    text: str,
    now: datetime,
    *,
    by: str | None = None,
    made_at: datetime | None = None,
    interaction_id: int | None = None,
) -> Promise:
    """Record a promise made at `made_at` (default now), due `by` or two days after it."""
    assert contact.id is not None
    what = promise_text(text)
    made = made_at or now
    # `--by` faces the future: 'friday' is the next Friday, counted from today.
    due = (
        parse_date(by, now, direction=FUTURE)
        if by
        else made.date() + timedelta(days=DEFAULT_PROMISE_DAYS)
    )
    if due < made.date():
        raise UserError(f"promise due {human_day(due)} is before it was made ({human_day(made)})")
    promise = Promise(
        contact_id=contact.id, text=what, made_at=made, due_on=due, interaction_id=interaction_id
    )
    session.add(promise)
    session.flush()
    return promise


def add_promise(
    session: Session, ref: str, text: str, now: datetime, *, by: str | None = None
) -> PromiseRow:
    """`netcrm promise`: a promise to one contact, made now."""
    contact = resolve_contact(session, ref)
    return PromiseRow(make_promise(session, contact, text, now, by=by), contact.name)


def keep_promise(session: Session, ref: str, now: datetime, when: str | None = None) -> PromiseRow:
    """Mark a promise kept, today or on the day given; a promise is kept once."""
    number = read_id(ref)
    promise = None if number is None else by_id(session, Promise, number)
    if promise is None:
        raise NotFoundError(f"no promise {ref.strip()!r}; see `netcrm promises --all` for ids")
    if promise.kept_at is not None:
        raise UserError(f"promise #{promise.id} was already kept on {human_day(promise.kept_at)}")
    kept = parse_when(when, now, allow_future=False).at if when else now
    if kept.date() < promise.made_at.date():
        raise UserError(
            f"promise #{promise.id} was made on {human_day(promise.made_at)}; "
            "it cannot be kept before that"
        )
    promise.kept_at = kept
    session.add(promise)
    contact = session.get(Contact, promise.contact_id)
    assert contact is not None  # the foreign key guarantees it
    return PromiseRow(promise, contact.name)


def list_promises(
    session: Session,
    *,
    include_kept: bool,
    as_of: date | None = None,
    contact_ids: Collection[int] | None = None,
) -> list[PromiseRow]:
    """Promises made by as-of, by due day: open ones only (on as-of) unless `include_kept`.

    A promise kept after as-of is shown as it stood then: open.
    """
    query = (
        select(Promise, col(Contact.name))
        .join(Contact, col(Contact.id) == col(Promise.contact_id))
        .where(dated_by(col(Promise.made_at), as_of))
        .order_by(col(Promise.due_on), col(Promise.id))
    )
    if not include_kept:
        query = query.where(not_before(col(Promise.kept_at), as_of_next(as_of)))
    if contact_ids is not None:
        query = query.where(col(Promise.contact_id).in_(contact_ids))
    return [
        PromiseRow(as_it_stood(promise, "kept_at", as_of), name)
        for promise, name in session.execute(query)
    ]


@dataclass(frozen=True)
class Reliability:
    """The trust equation's reliability: promises made by as-of and how they went then.

    Kept on time: kept on or before the due day. Broken: kept late, or still open with the
    due day passed. A promise still open and not yet due counts neither way.
    """

    made: int = 0
    kept: int = 0
    kept_on_time: int = 0
    kept_late: int = 0
    open_past_due: int = 0

    @property
    def broken(self) -> int:
        """Kept late, or still open past due."""
        return self.kept_late + self.open_past_due

    @property
    def rate(self) -> float | None:
        """The share kept on time among those decided (kept on time or broken)."""
        decided = self.kept_on_time + self.broken
        return round(self.kept_on_time / decided, 3) if decided else None


def reliability(session: Session, as_of: date, contact_ids: Any = None) -> Reliability:
    """Promises made by as-of (to `contact_ids`, else to anyone), tallied as of that day."""
    kept_at, due_on = col(Promise.kept_at), col(Promise.due_on)
    kept = dated_by(kept_at, as_of)  # NULL (open) compares false
    on_time = kept & (day_of(kept_at) <= due_on)
    query = select(
        func.count(),
        count_where(kept),
        count_where(on_time),
        count_where(kept & (day_of(kept_at) > due_on)),
        count_where(not_before(kept_at, as_of_next(as_of)) & (due_on < as_of)),
    ).where(dated_by(col(Promise.made_at), as_of))
    if contact_ids is not None:
        query = query.where(col(Promise.contact_id).in_(contact_ids))
    made, kept_n, timely, late, overdue = session.execute(query).one()
    return Reliability(made, kept_n, timely, late, overdue)
