"""Loading outreach and its answers: each contact's rate (core/outreach.py decides)."""

from dataclasses import dataclass
from datetime import date

from sqlalchemy import select
from sqlmodel import Session, col

from netcrm.core.config import Config
from netcrm.core.dates import parse_cadence
from netcrm.core.outreach import Outcome, Rate, Touch, outcomes, rate_of
from netcrm.services.queries import ContactIds, dated_by
from netcrm.store.models import Interaction


@dataclass(frozen=True)
class Outreach:
    """Each contact's outreach outcomes (only contacts with any outreach by as-of)."""

    outcomes: dict[int, list[Outcome]]

    def rate(self, contact_id: int) -> Rate:
        """One contact's tally; an empty one for a contact never reached out to."""
        return rate_of(self.outcomes.get(contact_id, []))

    def total(self, contact_ids: set[int] | None = None) -> Rate:
        """The tally over these contacts (every one when None)."""
        return sum(
            (
                rate_of(found)
                for cid, found in self.outcomes.items()
                if contact_ids is None or cid in contact_ids
            ),
            Rate(),
        )


def outreach(
    session: Session, as_of: date, config: Config, contact_ids: ContactIds | None = None
) -> Outreach:
    """The outcome of every outreach dated by as-of; only touches dated by as-of answer."""
    occurred = col(Interaction.occurred_at)
    reached = select(col(Interaction.contact_id)).where(
        col(Interaction.outreach), dated_by(occurred, as_of)
    )
    if contact_ids is not None:
        reached = reached.where(col(Interaction.contact_id).in_(contact_ids))
    query = (
        select(
            col(Interaction.id),
            col(Interaction.contact_id),
            occurred,
            col(Interaction.outreach),
            col(Interaction.channel),
        )
        .where(col(Interaction.contact_id).in_(reached), dated_by(occurred, as_of))
        .order_by(col(Interaction.contact_id), occurred, col(Interaction.id))
    )
    touches: dict[int, list[Touch]] = {}
    for row in session.execute(query):
        touches.setdefault(row.contact_id, []).append(
            Touch(row.id, row.occurred_at, bool(row.outreach), row.channel)
        )
    within = parse_cadence(config.reply_within)
    return Outreach({cid: outcomes(found, as_of, within) for cid, found in touches.items()})
