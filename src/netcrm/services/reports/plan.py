"""Gathering what the action plan needs: a handful of aggregate queries, then the planner."""

from dataclasses import dataclass
from datetime import date, timedelta

from dateutil.relativedelta import relativedelta
from sqlalchemy import and_, case, func, or_, select
from sqlmodel import Session, col

from netcrm.core.config import Config
from netcrm.core.domain import Channel, Circle, DueKind, Step, parse_choice, stored
from netcrm.core.measures import Ledger
from netcrm.core.planner import (
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
from netcrm.services.commitments.intros import intro_sides
from netcrm.services.queries import (
    as_datetime,
    fact_columns,
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


def plan(session: Session, period: str, as_of: date, config: Config) -> Plan:
    """The week's, month's or quarter's plan as of a day."""
    chosen = parse_choice(Period, period, "period")
    start, end = period_bounds(chosen, as_of)
    data = PlanInput(
        period=chosen,
        as_of=as_of,
        contacts=plan_contacts(session, start, as_of),
        cadences=config.cadences,
        targets=config.plan_targets,
        activity=activity(session, start, as_of),
        obligations=obligations(session, start, end, as_of) if chosen is Period.WEEK else (),
        introduced=introduced_before(session, start),
    )
    return Plan(chosen, start, end, build_plan(data))


def introduced_before(session: Session, start: date) -> frozenset[frozenset[int]]:
    """Pairs introduced before the period: not suggested again (those made during it count)."""
    rows = session.execute(
        select(col(Introduction.contact_a_id), col(Introduction.contact_b_id)).where(
            col(Introduction.made_at) < midnight(start)
        )
    )
    return frozenset(frozenset(pair) for pair in rows)


# Only the columns the planner reads (beside `fact_columns`): whole Contact objects would
# double the time.
_PLAN_COLUMNS = [
    col(Contact.can_help),
    col(Contact.interests),
    col(Contact.they_help),
    col(Contact.role),
    col(Contact.company),
]


def plan_contacts(session: Session, start: date, as_of: date) -> list[PlanContact]:
    """Every contact present by as-of and not archived before `start`, with touch counts
    around the period; circles, snoozes and archives as they were on as-of.

    One grouped pass over interactions (CASE sums), outer-joined to contacts.
    """
    begin, stop = midnight(start), midnight(as_of + timedelta(days=1))
    when = col(Interaction.occurred_at)

    def counted(since: date) -> object:
        return func.sum(case((and_(when >= midnight(since), when < begin), 1), else_=0))

    touches = (
        select(
            col(Interaction.contact_id),
            func.max(case((when < begin, when))).label("last_before"),
            func.sum(case((and_(when >= begin, when < stop), 1), else_=0)).label("in_period"),
            counted(start - relativedelta(months=6)).label("six_months"),  # type: ignore[attr-defined]
            counted(start - timedelta(days=365)).label("last_year"),  # type: ignore[attr-defined]
        )
        .group_by(col(Interaction.contact_id))
        .subquery()
    )
    query = (
        select(*fact_columns(as_of), *_PLAN_COLUMNS, touches)
        .outerjoin(touches, touches.c.contact_id == col(Contact.id))
        .where(not_before(col(Contact.archived_at), start), present_as_of(as_of))
    )
    tags = tags_by_contact(session)
    found = []
    for contact in session.execute(query):
        facts = lean.facts_of(contact, contact.last_before)
        found.append(
            PlanContact(
                facts=facts,
                touches_in_period=contact.in_period or 0,
                six_months=contact.six_months or 0,
                last_year=contact.last_year or 0,
                tags=frozenset(tags.get(contact.id, [])),
                needs=" ".join(filter(None, [contact.can_help, contact.interests])),
                offers=" ".join(
                    filter(
                        None, [contact.they_help, contact.role, contact.company, contact.interests]
                    )
                ),
                birthday=contact.birthday,
                archived_on=as_datetime(contact.archived_at).date()
                if contact.archived_at
                else None,
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
