"""Sources of due items beyond cadences and 24-48-7 steps.

Each source is a function `(session, contacts_by_id, as_of) -> list[DueItem]` that builds its
items with `scheduler.make_item`; `views.due` merges them, drops hidden contacts and items
beyond the horizon, and ranks everything together. A new kind of reminder (a promise, an
introduction follow-up, a congratulation) is one function appended to `DUE_SOURCES`.
"""

from collections.abc import Callable, Mapping
from datetime import date

from sqlmodel import Session

from netcrm.core.scheduler import ContactFacts, DueItem
from netcrm.services.commitments.intros import intro_due_items
from netcrm.services.commitments.promises import promise_due_items
from netcrm.services.transfer.career import congratulations

DueSource = Callable[[Session, Mapping[int, ContactFacts], date], list[DueItem]]

DUE_SOURCES: list[DueSource] = [
    promise_due_items,  # open promises: `commitment`
    intro_due_items,  # a week after an introduction: `intro_follow_up`
    congratulations,  # career news seen in an import: `congratulate`
]
