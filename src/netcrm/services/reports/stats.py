"""The method's measurements: circle sizes, timeliness, activity, giving, reliability, reach."""

from dataclasses import dataclass
from datetime import date, datetime, timedelta
from typing import Any

from sqlalchemy import case, func, or_, select
from sqlmodel import Session, col

from netcrm.core.config import Config
from netcrm.core.domain import CIRCLE_ORDER, Circle
from netcrm.core.measures import circle_guide, last_months
from netcrm.core.scheduler import OpenStep, contact_items
from netcrm.services.queries import (
    active_ids,
    day_of,
    joined_at,
    midnight,
)
from netcrm.services.reports.ledger import Balance, balance
from netcrm.store import lean
from netcrm.store.models import Contact, FollowUp, Interaction, Promise


@dataclass(frozen=True)
class Stats:
    """Everything `stats` reports."""

    as_of: date
    circles: dict[Circle, tuple[int, str, str]]  # count, guide, under/ok/over
    on_time: dict[Circle, float | None]
    activity: list[tuple[str, int]]
    growth: list[tuple[str, int]]
    balance: Balance
    follow_up_due: int
    follow_up_on_time: int
    promises_made: int
    promises_kept: int
    promises_on_time: int
    companies: int
    locations: int
    top_companies: list[tuple[str, int]]


def stats(session: Session, as_of: date, config: Config) -> Stats:
    """All measurements as of a day; each figure is one aggregate query.

    Only contacts active on as-of count (in the network by then and not archived by then,
    `queries.active_ids`), in the circle they were in then; growth counts every contact, by
    the month it came into the network (`queries.joined_at`).
    """
    active = active_ids(as_of)
    stop = midnight(as_of + timedelta(days=1))
    reader = lean.reader_of(session)
    facts = lean.contact_facts(reader, as_of=as_of)
    steps_by_contact: dict[int, list[OpenStep]] = {}
    for step in lean.open_steps(reader, as_of=as_of):
        steps_by_contact.setdefault(step.contact_id, []).append(step)
    counts = {circle: 0 for circle in CIRCLE_ORDER}
    timely = {circle: 0 for circle in CIRCLE_ORDER}
    for fact in facts:
        counts[fact.circle] += 1
        items = contact_items(
            fact, steps_by_contact.get(fact.id, []), config.cadences, as_of, config.nurture
        )
        timely[fact.circle] += all(item.overdue_days <= 0 for item in items)
    months = last_months(as_of)
    since = midnight(date.fromisoformat(months[0] + "-01"))
    ledger = balance(session, as_of, contact_ids=active)
    window = midnight(ledger.start)  # follow_up covers the ledger's window
    due_at, done_at = col(FollowUp.due_at), col(FollowUp.done_at)
    follow = session.execute(
        select(
            func.count(),
            _count_where(day_of(done_at) <= day_of(due_at)),
        ).where(
            due_at >= window,
            # A step due on as-of itself is not missed yet: it counts once done (or from
            # the next day on).
            or_(due_at < midnight(as_of), done_at < stop),
            col(FollowUp.contact_id).in_(active),
        )
    ).one()
    kept_at = col(Promise.kept_at)
    kept = kept_at < stop  # kept by as-of; NULL (open) compares false
    promised = session.execute(
        select(
            func.count(),
            _count_where(kept),
            _count_where(kept & (day_of(kept_at) <= col(Promise.due_on))),
        ).where(col(Promise.made_at) < stop, col(Promise.contact_id).in_(active))
    ).one()
    companies = _distinct_counts(session, col(Contact.company), active)
    return Stats(
        as_of=as_of,
        circles={c: (counts[c], *circle_guide(c, counts[c])) for c in CIRCLE_ORDER},
        on_time={c: round(timely[c] / counts[c], 3) if counts[c] else None for c in CIRCLE_ORDER},
        activity=_per_month(
            session,
            col(Interaction.occurred_at),
            months,
            since,
            stop,
            col(Interaction.contact_id).in_(active),
        ),
        growth=_per_month(session, joined_at(), months, since, stop),
        balance=ledger,
        follow_up_due=follow[0],
        follow_up_on_time=follow[1],
        promises_made=promised[0],
        promises_kept=promised[1],
        promises_on_time=promised[2],
        companies=len(companies),
        locations=len(_distinct_counts(session, col(Contact.location), active)),
        top_companies=companies[:5],
    )


def _count_where(condition: Any) -> Any:
    """How many rows meet `condition` (a NULL comparison counts as not met); 0 over no rows."""
    return func.coalesce(func.sum(case((condition, 1), else_=0)), 0)


def _per_month(
    session: Session,
    moment: Any,
    months: list[str],
    since: datetime,
    stop: datetime,
    *conditions: Any,
) -> list[tuple[str, int]]:
    """How many rows (meeting `conditions`) fall in each of `months`, zero where none.

    The database counts per day (at most a year of rows come back) and Python adds the days
    up per month: no month-formatting function is shared by SQLite and PostgreSQL.
    """
    day = day_of(moment)
    per_day = session.execute(
        select(day, func.count()).where(moment >= since, moment < stop, *conditions).group_by(day)
    )
    totals = dict.fromkeys(months, 0)
    for when, count in per_day:
        totals[when.strftime("%Y-%m")] += count
    return list(totals.items())


def _distinct_counts(session: Session, column: Any, active: Any) -> list[tuple[str, int]]:
    """Active contacts per distinct value (trimmed, any case), most first, then by name."""
    key = func.lower(func.trim(column))
    query = (
        select(func.min(func.trim(column)), func.count())
        .where(col(Contact.id).in_(active), key != "", column.is_not(None))
        .group_by(key)
        .order_by(func.count().desc(), key)
    )
    return [(name, n) for name, n in session.execute(query)]
