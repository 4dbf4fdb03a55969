"""Gathering what the action plan needs: a handful of aggregate queries, then the planner."""

from dataclasses import dataclass, field
from datetime import date, datetime, timedelta
from zoneinfo import ZoneInfo

from dateutil.relativedelta import relativedelta
from sqlalchemy import func, or_, select
from sqlmodel import Session, col

from netcrm.core.calls import DISTANT_HOURS, offset_hours, spread_calls, their_time, zone_of
from netcrm.core.config import Config
from netcrm.core.domain import Channel, Circle, DueKind, Step, parse_choice, stored
from netcrm.core.measures import Ledger
from netcrm.core.planner import (
    PERIOD_READS,
    Activity,
    Obligation,
    Period,
    PlanContact,
    PlanInput,
    PlanItem,
    build_plan,
    period_bounds,
)
from netcrm.core.scheduler import INTRO_FOLLOW_UP_DAYS, STEP_REASON
from netcrm.services.collector import collector_paused
from netcrm.services.commitments.intros import intro_sides
from netcrm.services.queries import (
    midnight,
    not_before,
    present_as_of,
    tags_by_contact,
)
from netcrm.store import lean
from netcrm.store.models import CircleChange, Contact, FollowUp, Interaction, Introduction, Promise


@dataclass(frozen=True)
class Plan:
    """A period's plan."""

    period: Period
    start: date
    end: date
    items: list[PlanItem]
    calls: list["Call"] = field(default_factory=list)


@dataclass(frozen=True)
class Call:
    """A call to a contact in a distant time zone, at a time inside both call windows."""

    contact_id: int
    name: str
    timezone: str
    when: datetime | None  # the user's wall clock; None: no shared hour this week
    their_time: datetime | None


@collector_paused()
def plan(session: Session, period: str, as_of: date, config: Config) -> Plan:
    """The week's, month's or quarter's plan as of a day."""
    chosen = parse_choice(Period, period, "period")
    start, end = period_bounds(chosen, as_of)
    data = PlanInput(
        period=chosen,
        as_of=as_of,
        contacts=plan_contacts(session, chosen, start, as_of),
        cadences=config.cadences,
        targets=config.plan_targets,
        activity=activity(session, start, as_of),
        obligations=obligations(session, start, end, as_of) if chosen is Period.WEEK else (),
        introduced=introduced_before(session, start),
    )
    items = build_plan(data)
    calls = _calls(session, data, items, end, config) if chosen is Period.WEEK else []
    return Plan(chosen, start, end, items, calls)


def _calls(
    session: Session, data: PlanInput, items: list[PlanItem], end: date, config: Config
) -> list[Call]:
    """Week plan: the contacts its open items name who live DISTANT_HOURS or more away from
    the user, each given a time inside both call windows, spread over the days left."""
    if config.zone is None:
        return []
    named = list(dict.fromkeys(cid for item in items if not item.done for cid in item.contact_ids))
    if not named:
        return []
    zones = lean.contact_zones(lean.reader_of(session), named)
    # Every contact an item names is one of the plan's contacts or owes an obligation.
    names = {o.contact_id: o.name for o in data.obligations}
    names.update((c.facts.id, c.facts.name) for c in data.contacts if c.facts.id in zones)
    # Once per zone: thousands of contacts share a few dozen zones.
    far: dict[str, ZoneInfo | None] = {}
    distant = []
    for cid in named:
        if (stored_zone := zones.get(cid)) is None:
            continue
        if stored_zone not in far:
            zone = zone_of(stored_zone)
            hours = abs(offset_hours(data.as_of, config.zone, zone)) if zone else 0
            far[stored_zone] = zone if hours >= DISTANT_HOURS else None
        if (zone := far[stored_zone]) is not None:
            distant.append((cid, zone))
    days = [data.as_of + timedelta(days=n) for n in range((end - data.as_of).days + 1)]
    booked = spread_calls(days, distant, config.zone, config.calls)
    calls = []
    for cid, zone in distant:
        when = booked[cid]
        theirs = their_time(when, config.zone, zone, config.calls).local if when else None
        calls.append(Call(cid, names[cid], zones[cid], when, theirs))
    return calls


def introduced_before(session: Session, start: date) -> frozenset[frozenset[int]]:
    """Pairs introduced before the period: not suggested again (those made during it count)."""
    rows = session.execute(
        select(col(Introduction.contact_a_id), col(Introduction.contact_b_id)).where(
            col(Introduction.made_at) < midnight(start)
        )
    )
    return frozenset(frozenset(pair) for pair in rows)


def plan_contacts(session: Session, period: Period, start: date, as_of: date) -> list[PlanContact]:
    """Every contact present by as-of and not archived before `start`, with touch counts
    around the period; circles, snoozes and archives as they were on as-of.

    Tags, text fields and the counts before the period only for a period whose items read
    them (`planner.PERIOD_READS`).
    """
    reads = PERIOD_READS[period]
    text = bool(reads & {"needs", "offers"})
    counted = bool(reads & {"six_months", "last_year"})
    since = [start - relativedelta(months=6), start - timedelta(days=365)] if counted else []
    rows = lean.plan_rows(lean.reader_of(session), start, as_of, text=text, counts_since=since)
    tags = tags_by_contact(session) if "tags" in reads else {}
    found = []
    # Rows read by position: named attribute lookups cost more than the query itself at
    # 100,000 contacts.
    for row in rows:
        archived_at = row[6]
        extra = row[14:]
        if text:
            can_help, interests, they_help, role, company = extra[:5]
            extra = extra[5:]
            needs = " ".join(filter(None, [can_help, interests]))
            offers = " ".join(filter(None, [they_help, role, company, interests]))
        else:
            needs = offers = ""
        six_months, last_year = extra if counted else (0, 0)
        found.append(
            PlanContact(
                facts=lean.facts_of(row, row[12]),
                touches_in_period=row[13],
                six_months=six_months,
                last_year=last_year,
                tags=frozenset(tags.get(row[0], ())),
                needs=needs,
                offers=offers,
                birthday=row[8],
                archived_on=lean.as_moment(archived_at).date() if archived_at else None,
            )
        )
    return found


def activity(session: Session, start: date, as_of: date) -> Activity:
    """What was logged from `start` to as-of: by channel and value, intros, moves, archivals.

    One grouped count per (channel, value) serves the channel targets and the ledger.
    """
    begin, stop = midnight(start), midnight(as_of + timedelta(days=1))
    rows = session.execute(
        select(col(Interaction.channel), col(Interaction.value), func.count())
        .where(col(Interaction.occurred_at) >= begin, col(Interaction.occurred_at) < stop)
        .group_by(col(Interaction.channel), col(Interaction.value))
    ).all()

    def total(channels: set[str]) -> int:
        return sum(n for channel, _, n in rows if channel in channels)

    moved = session.scalar(
        select(func.count(func.distinct(col(CircleChange.contact_id)))).where(
            col(CircleChange.new_circle) == Circle.INNER.value,
            col(CircleChange.old_circle).is_not(None),
            col(CircleChange.old_circle) != Circle.INNER.value,
            col(CircleChange.changed_at) >= begin,
            col(CircleChange.changed_at) < stop,
        )
    )
    intros = session.scalar(
        select(func.count()).where(
            col(Introduction.made_at) >= begin, col(Introduction.made_at) < stop
        )
    )
    archived = session.scalar(
        select(func.count()).where(
            col(Contact.archived_at) >= begin, col(Contact.archived_at) < stop
        )
    )
    return Activity(
        coffee_or_meeting=total({Channel.COFFEE.value, Channel.MEETING.value}),
        event=total({Channel.EVENT.value}),
        ledger=Ledger.from_counts((value, n) for _, value, n in rows),
        intros_made=intros or 0,
        moved_inner=moved or 0,
        archived=archived or 0,
    )


def obligations(session: Session, start: date, end: date, as_of: date) -> list[Obligation]:
    """Steps, promises and intro follow-ups that may be due in the period.

    The queries only narrow the rows; `planner.follow_through` applies the rule itself.
    """
    begin, after_end = midnight(start), midnight(end + timedelta(days=1))
    active = not_before(col(Contact.archived_at), start) & present_as_of(as_of)
    steps = session.execute(
        select(FollowUp, col(Contact.name))
        .join(Contact, col(Contact.id) == col(FollowUp.contact_id))
        .where(
            active,
            col(FollowUp.due_at) < after_end,
            or_(col(FollowUp.due_at) >= begin, not_before(col(FollowUp.done_at), start)),
        )
    ).all()
    found = [
        Obligation(
            DueKind.FOLLOW_UP,
            step.contact_id,
            name,
            STEP_REASON[stored(Step, step.step)],
            step.due_at.date(),
            step.done_at.date() if step.done_at else None,
        )
        for step, name in steps
    ]
    promises = session.execute(
        select(Promise, col(Contact.name))
        .join(Contact, col(Contact.id) == col(Promise.contact_id))
        .where(
            active,
            col(Promise.made_at) < midnight(as_of + timedelta(days=1)),
            col(Promise.due_on) <= end,
            or_(col(Promise.due_on) >= start, not_before(col(Promise.kept_at), start)),
        )
    ).all()
    found += [
        Obligation(
            DueKind.COMMITMENT,
            promise.contact_id,
            name,
            f"promise: {promise.text}",
            promise.due_on,
            promise.kept_at.date() if promise.kept_at else None,
        )
        for promise, name in promises
    ]
    found += [
        Obligation(
            DueKind.INTRO_FOLLOW_UP,
            side.contact_id,
            side.name,
            f"ask how the introduction to {side.other_name} went",
            side.follow_up_due,
            side.followed_up_on,
        )
        for side in intro_sides(
            session,
            made_by=min(as_of, end - timedelta(days=INTRO_FOLLOW_UP_DAYS)),
            open_from=start,
            due_from=start,
            active_from=start,
        )
    ]
    return found
