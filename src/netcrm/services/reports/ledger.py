"""The giving ledger: how often the user gave, shared and asked (the 70-20-10 rule)."""

from dataclasses import dataclass, field
from datetime import date, timedelta
from typing import Any

from sqlalchemy import case, func, or_, select
from sqlmodel import Session, col

from netcrm.core.domain import GiveType, Value, stored
from netcrm.core.errors import UserError
from netcrm.core.measures import Ledger
from netcrm.services.queries import ContactIds, midnight
from netcrm.store.models import Contact, Interaction, Introduction

# The ledger's window, for `balance` and for `stats` alike.
DEFAULT_DAYS = 90
# A century of history is more than anyone keeps; beyond it the dates would leave the calendar.
LONGEST_DAYS = 36525


@dataclass(frozen=True)
class Asker:
    """A contact the user asked more often than they gave to."""

    contact_id: int
    name: str
    asks: int
    gives: int


@dataclass(frozen=True)
class Balance:
    """The ledger over a span of days, and who is asked more than given to."""

    start: date
    end: date
    ledger: Ledger
    askers: list[Asker]
    # The reciprocity stack: give and share touches by type, introductions as `connection`.
    give_types: dict[GiveType, int] = field(default_factory=dict)

    @property
    def least_given(self) -> GiveType:
        """The type given least in the period (the lightest of the stack on a tie)."""
        return min(GiveType, key=lambda kind: self.give_types.get(kind, 0))


def ledger_between(
    session: Session, start: date, end: date, contact_ids: ContactIds | None = None
) -> Ledger:
    """Give, share, ask and unvalued interactions from `start` to `end`, both included.

    With `contact_ids`, only interactions with those contacts count.
    """
    query = (
        select(col(Interaction.value), func.count())
        .where(
            col(Interaction.occurred_at) >= midnight(start),
            col(Interaction.occurred_at) < midnight(end + timedelta(days=1)),
            *_with(contact_ids),
        )
        .group_by(col(Interaction.value))
    )
    return Ledger.from_counts((value, n) for value, n in session.execute(query))


def _with(contact_ids: ContactIds | None) -> list[Any]:
    """The condition keeping interactions with `contact_ids`; none when it is None."""
    return [] if contact_ids is None else [col(Interaction.contact_id).in_(contact_ids)]


def askers(session: Session, until: date, contact_ids: ContactIds | None = None) -> list[Asker]:
    """Contacts asked more often than given to, all time up to `until`; most lopsided first.

    With `contact_ids`, only among those contacts.
    """
    value = col(Interaction.value)
    asks = func.sum(case((value == Value.ASK.value, 1), else_=0))
    gives = func.sum(case((value == Value.GIVE.value, 1), else_=0))
    # Count per contact over the interaction index first; names are joined to the few left.
    tally = (
        select(col(Interaction.contact_id), asks.label("asks"), gives.label("gives"))
        .where(
            value.in_([Value.ASK.value, Value.GIVE.value]),
            col(Interaction.occurred_at) < midnight(until + timedelta(days=1)),
            *_with(contact_ids),
        )
        .group_by(col(Interaction.contact_id))
        .having(asks > gives)
        .subquery()
    )
    query = (
        select(col(Contact.id), col(Contact.name), tally.c.asks, tally.c.gives)
        .join(tally, tally.c.contact_id == col(Contact.id))
        .order_by(
            (tally.c.asks - tally.c.gives).desc(), func.lower(col(Contact.name)), col(Contact.id)
        )
    )
    return [Asker(row.id, row.name, row.asks, row.gives) for row in session.execute(query)]


def balance(
    session: Session,
    as_of: date,
    days: int | None = None,
    contact_ids: ContactIds | None = None,
) -> Balance:
    """The ledger for the `days` (default DEFAULT_DAYS) days ending on as-of, and the askers.

    With `contact_ids`, only those contacts count.
    """
    days = DEFAULT_DAYS if days is None else days
    if not 1 <= days <= LONGEST_DAYS:
        raise UserError(f"--days takes a number of days from 1 to {LONGEST_DAYS} (100 years)")
    start = as_of - timedelta(days=days - 1)
    return Balance(
        start,
        as_of,
        ledger_between(session, start, as_of, contact_ids),
        askers(session, as_of, contact_ids),
        give_types(session, start, as_of, contact_ids),
    )


def give_types(
    session: Session, start: date, end: date, contact_ids: ContactIds | None = None
) -> dict[GiveType, int]:
    """Give and share touches by reciprocity type from `start` to `end`, both included, with
    every introduction made then counted once as a `connection`."""
    begin, stop = midnight(start), midnight(end + timedelta(days=1))
    occurred = col(Interaction.occurred_at)
    query = (
        select(col(Interaction.give_type), func.count())
        .where(
            col(Interaction.give_type).is_not(None),
            occurred >= begin,
            occurred < stop,
            *_with(contact_ids),
        )
        .group_by(col(Interaction.give_type))
    )
    counts = dict.fromkeys(GiveType, 0)
    for kind, n in session.execute(query):
        counts[stored(GiveType, kind)] += n
    made = col(Introduction.made_at)
    intros = select(func.count()).where(made >= begin, made < stop)
    if contact_ids is not None:
        intros = intros.where(
            or_(
                col(Introduction.contact_a_id).in_(contact_ids),
                col(Introduction.contact_b_id).in_(contact_ids),
            )
        )
    counts[GiveType.CONNECTION] += session.scalar(intros) or 0
    return counts
