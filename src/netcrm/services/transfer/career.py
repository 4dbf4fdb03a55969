"""Career news from imports: how it reads, and the congratulations it puts in `due`."""

from collections.abc import Mapping
from datetime import date, timedelta

from sqlmodel import Session, col, select

from netcrm.core.domain import DueKind
from netcrm.core.scheduler import ContactFacts, DueItem, make_item, ref_of
from netcrm.store.models import CareerChange

# A congratulation is timely for two weeks after the news arrives.
CONGRATULATE_DAYS = 14


def describe(
    old_company: str | None, new_company: str | None, old_role: str | None, new_role: str | None
) -> str:
    """'moved from Engineer at Acme to CTO at Beta'."""
    return f"moved from {_post(old_role, old_company)} to {_post(new_role, new_company)}"


def _post(role: str | None, company: str | None) -> str:
    if role and company:
        return f"{role} at {company}"
    return role or company or "?"


def congratulations(
    session: Session, contacts: Mapping[int, ContactFacts], as_of: date
) -> list[DueItem]:
    """One `congratulate` item per career change of the last 14 days not yet answered by a touch.

    The item falls due on the day the news was imported; any interaction logged on or after
    that day counts as the congratulation.
    """
    since = as_of - timedelta(days=CONGRATULATE_DAYS - 1)
    query = select(CareerChange).where(col(CareerChange.changed_on) >= since)
    items = []
    for change in session.exec(query):
        contact = contacts.get(change.contact_id)
        if contact is None:
            continue
        if contact.last_touch is not None and contact.last_touch.date() >= change.changed_on:
            continue
        news = describe(change.old_company, change.new_company, change.old_role, change.new_role)
        items.append(
            make_item(
                contact,
                DueKind.CONGRATULATE,
                change.changed_on,
                as_of,
                f"career news: {news}; congratulate them",
                period_days=CONGRATULATE_DAYS,
                ref=ref_of(change.changed_on.isoformat(), news),
            )
        )
    return items
