"""The method's measurements: circle sizes, timeliness, activity, giving, reliability, reach."""

from dataclasses import dataclass, field
from datetime import date, datetime, timedelta
from typing import Any

from sqlalchemy import func, or_, select
from sqlmodel import Session, col

from netcrm.core.config import Config
from netcrm.core.domain import CIRCLE_ORDER, Circle
from netcrm.core.measures import circle_guide, last_months
from netcrm.core.outreach import MEETING_CHANNELS, Rate
from netcrm.core.scheduler import OpenStep, contact_items
from netcrm.services.commitments.promises import Reliability, reliability
from netcrm.services.method.outreach import outreach
from netcrm.services.queries import (
    active_ids,
    count_where,
    dated_by,
    day_of,
    joined_at,
    midnight,
)
from netcrm.services.reports.ledger import Balance, balance
from netcrm.store import lean
from netcrm.store.models import Contact, ContactTag, FollowUp, Interaction


@dataclass(frozen=True)
class Spread:
    """How contacts spread over one field's values: groups, the largest, its share."""

    groups: int
    known: int  # contacts with a value
    largest: str | None
    largest_count: int

    @property
    def largest_share(self) -> float | None:
        """The largest group's share of the contacts with a value."""
        return round(self.largest_count / self.known, 3) if self.known else None


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
    reliability: Reliability = field(default_factory=Reliability)
    outreach: Rate = field(default_factory=Rate)
    outreach_by_circle: dict[Circle, Rate] = field(default_factory=dict)
    spread: dict[str, Spread] = field(default_factory=dict)
    quality: list[tuple[str, int]] = field(default_factory=list)
    depth: dict[Circle, tuple[int, int]] = field(default_factory=dict)  # contacts, touches


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
            count_where(day_of(done_at) <= day_of(due_at)),
        ).where(
            due_at >= window,
            # A step due on as-of itself is not missed yet: it counts once done (or from
            # the next day on).
            or_(due_at < midnight(as_of), done_at < stop),
            col(FollowUp.contact_id).in_(active),
        )
    ).one()
    promised = reliability(session, as_of, active)
    circle_of = {fact.id: fact.circle for fact in facts}
    reached = outreach(session, as_of, config, active)
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
        promises_made=promised.made,
        promises_kept=promised.kept,
        promises_on_time=promised.kept_on_time,
        companies=len(companies),
        locations=len(_distinct_counts(session, col(Contact.location), active)),
        top_companies=companies[:5],
        reliability=promised,
        outreach=reached.total(),
        outreach_by_circle={
            c: reached.total({cid for cid, circle in circle_of.items() if circle is c})
            for c in CIRCLE_ORDER
        },
        spread={
            "company": _spread(_distinct_counts(session, col(Contact.company), active)),
            "location": _spread(_distinct_counts(session, col(Contact.location), active)),
            "timezone": _spread(_distinct_counts(session, col(Contact.timezone), active)),
            "tag": _spread(_tag_counts(session, active), _tagged(session, active)),
        },
        quality=_per_month(session, joined_at(), months, since, stop, _touches_by(as_of) >= 2),
        depth=_depth(session, as_of, circle_of),
    )


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


def _spread(groups: list[tuple[str, int]], known: int | None = None) -> Spread:
    """The spread of contacts over groups (most first); `known` when groups overlap (tags)."""
    total = sum(n for _, n in groups) if known is None else known
    top = groups[0] if groups else (None, 0)
    return Spread(len(groups), total, top[0], top[1])


def _tag_counts(session: Session, active: Any) -> list[tuple[str, int]]:
    """Active contacts per tag, most first, then by tag."""
    query = (
        select(col(ContactTag.tag), func.count())
        .where(col(ContactTag.contact_id).in_(active))
        .group_by(col(ContactTag.tag))
        .order_by(func.count().desc(), col(ContactTag.tag))
    )
    return [(tag, n) for tag, n in session.execute(query)]


def _tagged(session: Session, active: Any) -> int:
    """How many active contacts carry any tag."""
    query = select(func.count(func.distinct(col(ContactTag.contact_id)))).where(
        col(ContactTag.contact_id).in_(active)
    )
    return session.scalar(query) or 0


def _touches_by(as_of: date) -> Any:
    """How many touches a contact had by as-of (a correlated count)."""
    return (
        select(func.count())
        .where(
            col(Interaction.contact_id) == col(Contact.id),
            dated_by(col(Interaction.occurred_at), as_of),
        )
        .correlate(Contact)
        .scalar_subquery()
    )


# Relationship depth counts meaningful touches in this many days ending on as-of.
DEPTH_DAYS = 90


def _depth(
    session: Session, as_of: date, circle_of: dict[int, Circle]
) -> dict[Circle, tuple[int, int]]:
    """Per circle: its active contacts and their meaningful touches (a coffee, call or
    meeting, or any touch with a 70-20-10 value) in the DEPTH_DAYS ending on as-of."""
    start = midnight(as_of - timedelta(days=DEPTH_DAYS - 1))
    meaningful = or_(
        col(Interaction.channel).in_(sorted(MEETING_CHANNELS)), col(Interaction.value).is_not(None)
    )
    query = (
        select(col(Interaction.contact_id), func.count())
        .where(
            meaningful,
            col(Interaction.occurred_at) >= start,
            dated_by(col(Interaction.occurred_at), as_of),
        )
        .group_by(col(Interaction.contact_id))
    )
    touches = {circle: 0 for circle in CIRCLE_ORDER}
    for contact_id, n in session.execute(query):
        if contact_id in circle_of:
            touches[circle_of[contact_id]] += n
    sizes = {circle: 0 for circle in CIRCLE_ORDER}
    for circle in circle_of.values():
        sizes[circle] += 1
    return {circle: (sizes[circle], touches[circle]) for circle in CIRCLE_ORDER}


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
