"""`netcrm due`: everything due on or before a day, most urgent first.

Cadences and 24-48-7 steps come from the contacts themselves; every other kind of reminder is
a *due source* in `DUE_SOURCES`: a function `(session, contacts_by_id, as_of) -> [DueItem]`
that builds its items with `scheduler.make_item`. A new kind of reminder is one function
appended there; the scheduler filters and ranks all of them together.
"""

from collections.abc import Callable, Mapping
from dataclasses import dataclass
from datetime import date

from sqlalchemy import func, select
from sqlmodel import Session

from netcrm.core.config import Config
from netcrm.core.domain import Circle, parse_choice
from netcrm.core.errors import UserError
from netcrm.core.scheduler import ContactFacts, DueItem, due_items
from netcrm.services.commitments.intros import intro_due_items
from netcrm.services.commitments.promises import promise_due_items
from netcrm.services.queries import contact_facts, open_steps
from netcrm.services.transfer.career import congratulations
from netcrm.store.models import Contact

# A century ahead is as far as a due list can usefully look (and dates stay in range).
MAX_WITHIN_DAYS = 36_500

DueSource = Callable[[Session, Mapping[int, ContactFacts], date], list[DueItem]]

DUE_SOURCES: list[DueSource] = [
    promise_due_items,  # open promises: `commitment`
    intro_due_items,  # a week after an introduction: `intro_follow_up`
    congratulations,  # career news seen in an import: `congratulate`
]


@dataclass(frozen=True)
class DueReport:
    """The due list, and whether the database holds any contact at all."""

    items: list[DueItem]
    has_contacts: bool


def due(
    session: Session,
    as_of: date,
    config: Config,
    *,
    within: int = 0,
    circle: str | None = None,
    limit: int | None = None,
) -> DueReport:
    """Everything due on or before as-of (plus `within` days), most urgent first."""
    if not 0 <= within <= MAX_WITHIN_DAYS:
        raise UserError(f"--within takes a number of days from 0 to {MAX_WITHIN_DAYS}")
    if limit is not None and limit < 1:
        raise UserError("--limit takes a number >= 1")
    chosen = parse_choice(Circle, circle, "circle") if circle else None
    facts = contact_facts(session, circle=chosen)
    by_id = {fact.id: fact for fact in facts}
    extra = [item for source in DUE_SOURCES for item in source(session, by_id, as_of)]
    items = due_items(facts, open_steps(session), config.cadences, as_of, within, extra)
    has_contacts = bool(facts) or session.scalar(select(func.count()).select_from(Contact)) != 0
    return DueReport(items[:limit] if limit else items, has_contacts)
