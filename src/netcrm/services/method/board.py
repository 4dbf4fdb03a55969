"""`netcrm board`: the personal board of directors, its holders, habits and gaps.

Each of the five seats (core.domain.BoardRole) may hold several contacts and a contact may
hold several seats. A holder is due at least monthly (scheduler.BOARD_CADENCE: the cadence
the scheduler applies to every contact with `on_board`), unless their own cadence is shorter.

An empty seat is a gap, with up to three candidates scored by one documented rule (see
`candidate_score`): a tag naming the seat, a role that fits it, a matrix quadrant that suits
it, and closeness (inner, middle circle). Circle alone never makes a candidate.
"""

import re
from dataclasses import dataclass
from datetime import date, datetime

from sqlalchemy import delete, select
from sqlmodel import Session, col

from netcrm.core.config import Config
from netcrm.core.domain import BoardRole, Circle, Quadrant, parse_choice
from netcrm.core.errors import UserError
from netcrm.core.scheduler import cadence_item
from netcrm.services.method.matrix import rated_contacts
from netcrm.services.queries import dated_by, tags_by_contact
from netcrm.services.resolve import ContactRef, resolve_contact
from netcrm.store import lean
from netcrm.store.models import BoardSeat, Contact

# The suggested next touch for each seat's holders: what the method asks you to bring them.
HABITS: dict[BoardRole, str] = {
    BoardRole.SPONSOR: "tell them what you are aiming for next, so they can speak up for it",
    BoardRole.MENTOR: "report back on a piece of their advice you acted on, and how it went",
    BoardRole.COACH: "show them what you have improved since you last worked on it together",
    BoardRole.CONNECTOR: "say who you would like to meet, and thank them for the last door opened",
    BoardRole.PEER: "swap what you are each working on and offer a hand with theirs",
}
# Tags that name a seat (besides the seat's own name).
SEAT_TAGS: dict[BoardRole, frozenset[str]] = {
    BoardRole.SPONSOR: frozenset({"sponsor", "champion", "advocate"}),
    BoardRole.MENTOR: frozenset({"mentor", "guide", "advisor"}),
    BoardRole.COACH: frozenset({"coach", "trainer", "teacher"}),
    BoardRole.CONNECTOR: frozenset({"connector", "hub", "organizer", "community"}),
    BoardRole.PEER: frozenset({"peer", "thought-partner", "colleague"}),
}
# Words in a contact's role that suit a seat.
SEAT_ROLE_WORDS: dict[BoardRole, tuple[str, ...]] = {
    BoardRole.SPONSOR: (
        "vp",
        "vice president",
        "director",
        "head",
        "chief",
        "cto",
        "ceo",
        "founder",
    ),
    BoardRole.MENTOR: ("principal", "staff", "senior", "director", "architect", "fellow"),
    BoardRole.COACH: ("coach", "trainer", "lead", "manager", "teacher", "instructor"),
    BoardRole.CONNECTOR: ("community", "organizer", "recruiter", "partner", "evangelist", "events"),
    BoardRole.PEER: ("engineer", "developer", "designer", "analyst", "scientist", "product"),
}
SEAT_QUADRANTS: dict[BoardRole, frozenset[Quadrant]] = {
    BoardRole.SPONSOR: frozenset({Quadrant.GOLDEN, Quadrant.ASPIRATIONAL}),
    BoardRole.MENTOR: frozenset({Quadrant.GOLDEN}),
    BoardRole.COACH: frozenset({Quadrant.GOLDEN, Quadrant.PEER}),
    BoardRole.CONNECTOR: frozenset({Quadrant.GOLDEN}),
    BoardRole.PEER: frozenset({Quadrant.PEER}),
}
CIRCLE_POINTS = {Circle.INNER: 2, Circle.MIDDLE: 1, Circle.OUTER: 0}
MOST_CANDIDATES = 3


@dataclass(frozen=True)
class Holder:
    """A contact on a seat, their last touch and whether they are on cadence."""

    contact_id: int
    name: str
    last_touch: date | None
    on_cadence: bool


@dataclass(frozen=True)
class Seat:
    """One seat: its holders and its habit."""

    role: BoardRole
    holders: list[Holder]
    habit: str


@dataclass(frozen=True)
class Candidate:
    """Someone who might fill an empty seat, and why."""

    contact_id: int
    name: str
    why: str


@dataclass(frozen=True)
class Gap:
    """An empty seat and up to three candidates for it."""

    role: BoardRole
    candidates: list[Candidate]


@dataclass(frozen=True)
class Board:
    """The whole board as of a day."""

    seats: list[Seat]
    gaps: list[Gap]


@dataclass(frozen=True)
class SeatChange:
    """What `board set` or `board unset` did."""

    role: BoardRole
    contacts: list[ContactRef]
    set: bool


def set_seat(session: Session, role: str, ref: str, now: datetime) -> SeatChange:
    """Put a contact on a seat; a seat they already hold is refused."""
    seat = parse_choice(BoardRole, role, "board seat")
    contact = resolve_contact(session, ref)
    assert contact.id is not None
    if session.get(BoardSeat, (seat.value, contact.id)) is not None:
        raise UserError(f"{contact.name} already holds the {seat.value} seat")
    if contact.archived_at is not None:
        raise UserError(f"{contact.name} is archived: `netcrm unarchive` them first")
    session.add(BoardSeat(role=seat.value, contact_id=contact.id, set_at=now))
    return SeatChange(seat, [ContactRef.of(contact)], True)


def unset_seat(session: Session, role: str, ref: str | None) -> SeatChange:
    """Take one holder (or, without a contact, every holder) off a seat."""
    seat = parse_choice(BoardRole, role, "board seat")
    query = select(BoardSeat, Contact).join(Contact, col(Contact.id) == col(BoardSeat.contact_id))
    query = query.where(col(BoardSeat.role) == seat.value)
    if ref is not None:
        contact = resolve_contact(session, ref)
        query = query.where(col(BoardSeat.contact_id) == contact.id)
    found = session.execute(query.order_by(col(Contact.name))).all()
    if not found:
        who = f"{contact.name} does not hold" if ref is not None else "nobody holds"
        raise UserError(f"{who} the {seat.value} seat")
    ids = [row.BoardSeat.contact_id for row in found]
    session.execute(
        delete(BoardSeat).where(
            col(BoardSeat.role) == seat.value, col(BoardSeat.contact_id).in_(ids)
        )
    )
    return SeatChange(seat, [ContactRef.of(row.Contact) for row in found], False)


def board_ids(as_of: date | None) -> object:
    """The ids of contacts holding any seat by as-of, as a query."""
    return select(col(BoardSeat.contact_id)).where(dated_by(col(BoardSeat.set_at), as_of))


def board(session: Session, as_of: date, config: Config) -> Board:
    """Every seat with its holders (active on as-of), their cadence, habits and the gaps."""
    rows = session.execute(
        select(col(BoardSeat.role), col(BoardSeat.contact_id)).where(
            dated_by(col(BoardSeat.set_at), as_of)
        )
    ).all()
    held = {row.contact_id for row in rows}
    found = lean.contact_facts(lean.reader_of(session), as_of=as_of, contact_ids=held)
    facts = {fact.id: fact for fact in found}
    seats = []
    for role in BoardRole:
        holders = []
        for row in rows:
            fact = facts.get(row.contact_id)
            if row.role != role.value or fact is None:
                continue
            item = cadence_item(
                fact._replace(on_board=True), config.cadences, as_of, config.nurture
            )
            last = fact.last_touch.date() if fact.last_touch else None
            holders.append(Holder(fact.id, fact.name, last, item.overdue_days <= 0))
        holders.sort(key=lambda holder: (holder.name.casefold(), holder.contact_id))
        seats.append(Seat(role, holders, HABITS[role]))
    empty = [seat.role for seat in seats if not seat.holders]
    return Board(seats, _gaps(session, as_of, config, empty))


def candidate_score(
    role: BoardRole, tags: set[str], job: str | None, circle: Circle, quadrant: Quadrant | None
) -> tuple[int, list[str]]:
    """How well a contact fits a seat, and the reasons: a seat tag 3, a fitting role 2, a
    fitting quadrant 2, the inner circle 2 and the middle 1. Without a tag, role or quadrant
    reason the score is 0: closeness alone does not qualify anyone."""
    score, why = 0, []
    named = sorted(tags & SEAT_TAGS[role])
    if named:
        score, why = 3, [f"tagged {named[0]}"]
    if _fits(job, SEAT_ROLE_WORDS[role]):
        score += 2
        why.append(f"role {job}")
    if quadrant in SEAT_QUADRANTS[role]:
        score += 2
        why.append(f"{quadrant} on the matrix")
    if not why:
        return 0, []
    if CIRCLE_POINTS[circle]:
        score += CIRCLE_POINTS[circle]
        why.append(f"{circle} circle")
    return score, why


def _fits(job: str | None, words: tuple[str, ...]) -> bool:
    """The role names one of `words` (a whole word, or a phrase anywhere in it)."""
    text = (job or "").casefold()
    own = set(re.findall(r"[\w-]+", text))
    return any(word in own if " " not in word else word in text for word in words)


def _gaps(session: Session, as_of: date, config: Config, empty: list[BoardRole]) -> list[Gap]:
    """Each empty seat with up to three active contacts who fit it best (ties by name)."""
    if not empty:
        return []
    quadrants = {one.contact_id: one.quadrant for one in rated_contacts(session, as_of, config)}
    # Every contact present on as-of, kept when rated: the rated ones can be thousands, too
    # many to name one by one as parameters.
    facts = [
        fact
        for fact in lean.contact_facts(lean.reader_of(session), as_of=as_of)
        if fact.id in quadrants
    ]
    jobs = {row.id: row.role for row in session.execute(select(col(Contact.id), col(Contact.role)))}
    tags = tags_by_contact(session, list(quadrants))
    gaps = []
    for role in empty:
        scored = []
        for fact in facts:
            score, why = candidate_score(
                role, set(tags.get(fact.id, [])), jobs.get(fact.id), fact.circle, quadrants[fact.id]
            )
            if score:
                scored.append((-score, fact.name.casefold(), fact.id, fact.name, why))
        scored.sort()
        best = scored[:MOST_CANDIDATES]
        gaps.append(
            Gap(role, [Candidate(cid, name, "; ".join(why)) for *_k, cid, name, why in best])
        )
    return gaps
