"""Introductions: the user put two contacts in touch, then asks each how it went."""

from collections.abc import Collection
from dataclasses import dataclass, replace
from datetime import date, datetime, timedelta

from sqlalchemy import ColumnElement, func, literal, or_, select, union_all
from sqlmodel import Session, col

from netcrm.core.dates import When, parse_when
from netcrm.core.domain import Channel, Value, parse_choice
from netcrm.core.errors import UserError
from netcrm.core.scheduler import INTRO_FOLLOW_UP_DAYS
from netcrm.services.daily.touches import log_interaction
from netcrm.services.queries import as_datetime, day_of, midnight, not_before
from netcrm.services.resolve import resolve_contact
from netcrm.store.models import Contact, Interaction, Introduction


@dataclass(frozen=True)
class IntroSide:
    """One party of an introduction, seen from that party."""

    intro_id: int
    contact_id: int
    name: str
    other_id: int
    other_name: str
    made_at: datetime
    has_time: bool
    channel: str
    note: str | None
    followed_up_on: date | None  # the first day after the introduction with a touch

    @property
    def follow_up_due(self) -> date:
        """The day to ask how the introduction went."""
        return self.made_at.date() + timedelta(days=INTRO_FOLLOW_UP_DAYS)


@dataclass(frozen=True)
class Introduced:
    """What `intro` stored."""

    introduction: Introduction
    a: Contact
    b: Contact


def introduce(
    session: Session,
    ref_a: str,
    ref_b: str,
    now: datetime,
    *,
    note: str | None = None,
    when: str | None = None,
    channel: str | None = None,
) -> Introduced:
    """Record the introduction and a `give` interaction on each contact, together."""
    a, b = resolve_contact(session, ref_a), resolve_contact(session, ref_b)
    assert a.id is not None and b.id is not None
    if a.id == b.id:
        raise UserError(f"cannot introduce {a.name} to themselves: name two different contacts")
    moment = parse_when(when, now, allow_future=False) if when else When(now, True)
    chosen = parse_choice(Channel, channel, "channel") if channel else Channel.OTHER
    text = (note or "").strip() or None
    intro = Introduction(
        contact_a_id=a.id,
        contact_b_id=b.id,
        made_at=moment.at,
        has_time=moment.has_time,
        channel=chosen.value,
        note=text,
    )
    session.add(intro)
    # Each side gets the touch through `log`, so it counts like any other give.
    stamp = moment.at.isoformat(sep=" ", timespec="minutes") if moment.has_time else str(moment.day)
    for one, other in ((a, b), (b, a)):
        summary = f"introduced to {other.name}" + (f": {text}" if text else "")
        log_interaction(
            session,
            f"#{one.id}",
            summary,
            now,
            when=stamp,
            channel=chosen.value,
            values=[Value.GIVE.value],
        )
    session.flush()
    return Introduced(intro, a, b)


def intro_sides(
    session: Session,
    contact_ids: Collection[int] | None = None,
    *,
    made_by: date | None = None,
    open_from: date | None = None,
    due_from: date | None = None,
    active_from: date | None = None,
) -> list[IntroSide]:
    """Both sides of introductions, newest first: all of them, or those the filters keep.

    - `contact_ids`: only these parties' sides.
    - `made_by`: only introductions made on or before this day.
    - `open_from`: only follow-ups still open when this day began (`queries.not_before`);
      with `due_from`, also those due on or after `due_from`.
    - `active_from`: only parties not archived before this day.

    The filters are SQL, so what comes back is what can still be open, not all history. One
    query: the two sides are a UNION, and each side's first touch on a later day than the
    introduction is a correlated MIN over the interaction index (no GROUP BY, so every
    selected column is plain on any back end).
    """
    intro = Introduction.__table__  # type: ignore[attr-defined]
    sides = union_all(
        select(
            intro.c.id.label("intro_id"),
            intro.c.contact_a_id.label("party"),
            intro.c.contact_b_id.label("other"),
            literal(0).label("side"),
        ),
        select(intro.c.id, intro.c.contact_b_id, intro.c.contact_a_id, literal(1)),
    ).subquery()
    party = Contact.__table__.alias("party_contact")  # type: ignore[attr-defined]
    other = Contact.__table__.alias("other_contact")  # type: ignore[attr-defined]
    occurred = col(Interaction.occurred_at)
    first_after = (
        select(func.min(occurred))
        .where(
            col(Interaction.contact_id) == sides.c.party,
            occurred > intro.c.made_at,  # narrows the index range; the day test decides
            day_of(occurred) > day_of(intro.c.made_at),
        )
        .correlate(sides, intro)
        .scalar_subquery()
    )
    conditions: list[ColumnElement[bool]] = []
    if contact_ids is not None:
        conditions.append(sides.c.party.in_(contact_ids))
    if made_by is not None:
        conditions.append(intro.c.made_at < midnight(made_by + timedelta(days=1)))
    if open_from is not None:
        still_open = not_before(first_after, open_from)
        if due_from is not None:
            made_from = midnight(due_from - timedelta(days=INTRO_FOLLOW_UP_DAYS))
            still_open = or_(intro.c.made_at >= made_from, still_open)
        conditions.append(still_open)
    if active_from is not None:
        conditions.append(not_before(party.c.archived_at, active_from))
    query = (
        select(
            sides.c.intro_id,
            sides.c.party,
            party.c.name.label("name"),
            sides.c.other,
            other.c.name.label("other_name"),
            intro.c.made_at,
            intro.c.has_time,
            intro.c.channel,
            intro.c.note,
            first_after.label("first_after"),
        )
        .join(intro, intro.c.id == sides.c.intro_id)
        .join(party, party.c.id == sides.c.party)
        .join(other, other.c.id == sides.c.other)
        .where(*conditions)
        .order_by(intro.c.made_at.desc(), sides.c.intro_id.desc(), sides.c.side)
    )
    return [
        IntroSide(
            intro_id=row.intro_id,
            contact_id=row.party,
            name=row.name,
            other_id=row.other,
            other_name=row.other_name,
            made_at=as_datetime(row.made_at),
            has_time=bool(row.has_time),
            channel=row.channel,
            note=row.note,
            followed_up_on=as_datetime(row.first_after).date() if row.first_after else None,
        )
        for row in session.execute(query)
    ]


def sides_as_of(
    session: Session, as_of: date | None, contact_ids: Collection[int] | None = None
) -> list[IntroSide]:
    """The sides of introductions made by as-of, followed up only if that was by as-of."""
    sides = intro_sides(session, contact_ids, made_by=as_of)
    if as_of is None:
        return sides
    return [
        side
        if side.followed_up_on is None or side.followed_up_on <= as_of
        else replace(side, followed_up_on=None)
        for side in sides
    ]


def list_intros(session: Session, as_of: date | None = None) -> list[tuple[IntroSide, IntroSide]]:
    """Every introduction made by as-of as its (A, B) sides, newest first."""
    sides = sides_as_of(session, as_of)
    return list(zip(sides[::2], sides[1::2], strict=True))
