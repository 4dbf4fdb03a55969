"""`netcrm matrix`: the network effect matrix, influence against accessibility.

Influence is set by hand (`add/edit --influence`). Accessibility is set by hand or, when not,
derived from how the contact answers outreach (core/outreach.py: at least three decided
outreaches, most answered = high, most ignored = low). A contact lacking either is unrated.
For each aspirational contact (high influence, hard to reach) the matrix names the contacts
who share their company or a tag: people who might introduce you.
"""

from dataclasses import dataclass, field
from datetime import date
from typing import Any

from sqlalchemy import func, select
from sqlmodel import Session, col

from netcrm.core.config import Config
from netcrm.core.domain import QUADRANT_OF, Quadrant, Rating, stored
from netcrm.core.outreach import derived_accessibility
from netcrm.services.method.outreach import Outreach, outreach
from netcrm.services.queries import active_ids, tags_by_contact
from netcrm.store.models import Contact

# How many possible introducers an aspirational contact lists at most.
MOST_INTRODUCERS = 5


@dataclass(frozen=True)
class Introducer:
    """Someone who shares a company or tags with an aspirational contact."""

    contact_id: int
    name: str
    why: str


@dataclass(frozen=True)
class Rated:
    """One contact on the matrix; `derived` when accessibility came from their answers."""

    contact_id: int
    name: str
    influence: Rating | None
    accessibility: Rating | None
    derived: bool
    introducers: list[Introducer] = field(default_factory=list)

    @property
    def quadrant(self) -> Quadrant | None:
        """Where the contact sits; None while unrated."""
        if self.influence is None or self.accessibility is None:
            return None
        return QUADRANT_OF[(self.influence, self.accessibility)]


@dataclass(frozen=True)
class Matrix:
    """Every active contact's place on the matrix, by quadrant, and how many are unrated."""

    quadrants: dict[Quadrant, list[Rated]]
    unrated: int


def rated_contacts(
    session: Session, as_of: date, config: Config, found: Outreach | None = None
) -> list[Rated]:
    """Every active contact (as of a day) with its ratings, by name."""
    found = found or outreach(session, as_of, config, active_ids(as_of))
    rows = session.execute(
        select(
            col(Contact.id), col(Contact.name), col(Contact.influence), col(Contact.accessibility)
        )
        .where(col(Contact.id).in_(active_ids(as_of)))
        .order_by(func.lower(col(Contact.name)), col(Contact.id))
    )
    rated = []
    for row in rows:
        hand = stored(Rating, row.accessibility) if row.accessibility else None
        derived = None if hand else derived_accessibility(found.rate(row.id))
        influence = stored(Rating, row.influence) if row.influence else None
        rated.append(Rated(row.id, row.name, influence, hand or derived, derived is not None))
    return rated


def matrix(session: Session, as_of: date, config: Config) -> Matrix:
    """The four quadrants as of a day, with possible introducers for aspirational contacts."""
    rated = rated_contacts(session, as_of, config)
    quadrants: dict[Quadrant, list[Rated]] = {quadrant: [] for quadrant in Quadrant}
    unrated = 0
    aspirational = [one for one in rated if one.quadrant is Quadrant.ASPIRATIONAL]
    introducers = _introducers(session, as_of, [one.contact_id for one in aspirational])
    for one in rated:
        quadrant = one.quadrant
        if quadrant is None:
            unrated += 1
            continue
        if quadrant is Quadrant.ASPIRATIONAL:
            one = Rated(
                one.contact_id,
                one.name,
                one.influence,
                one.accessibility,
                one.derived,
                introducers.get(one.contact_id, []),
            )
        quadrants[quadrant].append(one)
    return Matrix(quadrants, unrated)


def _introducers(session: Session, as_of: date, targets: list[int]) -> dict[int, list[Introducer]]:
    """For each target, active contacts sharing its company (any case) or one of its tags."""
    if not targets:
        return {}
    people = {
        row.id: row
        for row in session.execute(
            select(col(Contact.id), col(Contact.name), col(Contact.company)).where(
                col(Contact.id).in_(active_ids(as_of))
            )
        )
    }
    tags = tags_by_contact(session, active_ids(as_of))
    found: dict[int, list[Introducer]] = {}
    for target in targets:
        company = _key(people[target].company)
        mine = set(tags.get(target, []))
        candidates = []
        for cid, row in people.items():
            if cid == target:
                continue
            reasons = []
            if company and _key(row.company) == company:
                reasons.append(f"also at {people[target].company.strip()}")
            shared = sorted(mine & set(tags.get(cid, [])))
            if shared:
                reasons.append("shares tag " + ", ".join(shared))
            if reasons:
                candidates.append((-len(reasons), row.name.casefold(), cid, row.name, reasons))
        candidates.sort()
        found[target] = [
            Introducer(cid, name, "; ".join(reasons))
            for _n, _key_, cid, name, reasons in candidates[:MOST_INTRODUCERS]
        ]
    return found


def _key(text: Any) -> str:
    return text.strip().casefold() if isinstance(text, str) else ""
