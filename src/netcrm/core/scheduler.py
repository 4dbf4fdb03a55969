"""Who is due a touch, when, why, and how urgently: pure functions over plain data.

No database, no clock, no I/O. Services load `ContactFacts` and `OpenStep`s with a few
aggregate queries and pass an as-of date; everything here is a function of those values.

Urgency (higher first) = KIND_WEIGHT[kind]
                       + OVERDUE_WEIGHT * overdue share, clamped to [OVERDUE_FLOOR, OVERDUE_CAP]
                       + CIRCLE_WEIGHT[circle]
where the overdue share is overdue days divided by the item's period (its cadence in days,
or FOLLOW_UP_PERIOD_DAYS for one-off items). A week late on a monthly contact (share 0.23)
thus outranks a week late on a yearly one (0.02). The kind weights are far apart so that every
24-48-7 step outranks every cadence item; the circle weight only settles near-ties. Equal
urgency falls back to the name.
"""

import hashlib
from collections.abc import Iterable, Mapping
from dataclasses import dataclass
from datetime import date, datetime, timedelta

from netcrm.core.dates import parse_cadence
from netcrm.core.domain import Circle, DueKind, Step

KIND_WEIGHT: dict[DueKind, float] = {
    DueKind.FOLLOW_UP: 1000.0,  # the 24-48-7 window closes fast: always first
    DueKind.COMMITMENT: 900.0,  # a promise made is a promise kept
    DueKind.INTRO_FOLLOW_UP: 800.0,
    DueKind.CONGRATULATE: 700.0,
    DueKind.CADENCE: 0.0,
}
OVERDUE_WEIGHT = 100.0
OVERDUE_FLOOR = -1.0
OVERDUE_CAP = 5.0
CIRCLE_WEIGHT: dict[Circle, float] = {Circle.INNER: 3.0, Circle.MIDDLE: 2.0, Circle.OUTER: 1.0}
FOLLOW_UP_PERIOD_DAYS = 7

STEP_REASON: dict[Step, str] = {
    Step.CONNECT: "24-48-7: send a personal connection request",
    Step.RESOURCES: "24-48-7: send the email or resource you promised",
    Step.SCHEDULE: "24-48-7: get a follow-up meeting in the calendar",
}
_NAMED_CADENCES = {"1m": "monthly", "3m": "quarterly", "12m": "yearly", "1y": "yearly"}


@dataclass(frozen=True)
class ContactFacts:
    """What the scheduler needs to know about one contact."""

    id: int
    name: str
    circle: Circle
    created_at: datetime
    cadence: str | None = None  # the contact's own cadence, overriding its circle's
    met_at: datetime | None = None
    last_touch: datetime | None = None
    archived: bool = False
    snoozed_until: date | None = None


@dataclass(frozen=True)
class OpenStep:
    """A 24-48-7 step that is not done yet."""

    contact_id: int
    step: Step
    due_at: datetime


@dataclass(frozen=True)
class DueItem:
    """One thing to do for one contact, with the sentence that explains it."""

    contact_id: int
    name: str
    circle: Circle
    kind: DueKind
    step: Step | None
    due: date
    overdue_days: int
    reason: str
    urgency: float
    # Names the record behind the item without database ids (a promise's made_at and text,
    # a step's name...), so exports such as `export ics` can give it a lasting identity.
    ref: str = ""

    @property
    def what(self) -> str:
        """What to do, in a word or two: the 24-48-7 step's name, else the kind's label."""
        return self.step.value if self.step else self.kind.label


def ref_of(*parts: object) -> str:
    """A short digest of what identifies a record (its text, when it was made...)."""
    text = "\x1f".join(str(part) for part in parts)
    return hashlib.sha256(text.encode()).hexdigest()[:16]


def make_item(
    contact: ContactFacts,
    kind: DueKind,
    due: date,
    as_of: date,
    reason: str,
    *,
    step: Step | None = None,
    period_days: int = FOLLOW_UP_PERIOD_DAYS,
    ref: str = "",
) -> DueItem:
    """Build a due item and score it; every kind of item goes through here.

    `ref` identifies the underlying record among the contact's items of this kind.
    """
    overdue_days = (as_of - due).days
    share = min(max(overdue_days / max(period_days, 1), OVERDUE_FLOOR), OVERDUE_CAP)
    urgency = KIND_WEIGHT[kind] + OVERDUE_WEIGHT * share + CIRCLE_WEIGHT[contact.circle]
    return DueItem(
        contact.id,
        contact.name,
        contact.circle,
        kind,
        step,
        due,
        overdue_days,
        reason,
        urgency,
        ref,
    )


def cadence_of(contact: ContactFacts, cadences: Mapping[Circle, str]) -> str:
    """The cadence that applies: the contact's own, else its circle's."""
    return contact.cadence or cadences[contact.circle]


def describe_cadence(cadence: str) -> str:
    """'1m' -> 'monthly', '2w' -> 'every 2w'."""
    return _NAMED_CADENCES.get(cadence, f"every {cadence}")


def cadence_item(contact: ContactFacts, cadences: Mapping[Circle, str], as_of: date) -> DueItem:
    """The next regular touch: the applicable cadence after the latest touch.

    With no interaction the cadence counts from when you met, else from when the contact was
    added. Calendar months, so a touch on 31 January makes a monthly contact due 28 February.
    """
    cadence = cadence_of(contact, cadences)
    if contact.last_touch is not None:
        base, since = contact.last_touch.date(), "last touch"
    elif contact.met_at is not None:
        base, since = contact.met_at.date(), "met"
    else:
        base, since = contact.created_at.date(), "added"
    due = base + parse_cadence(cadence)
    who = (
        f"own cadence ({contact.circle} circle)" if contact.cadence else f"{contact.circle} circle"
    )
    reason = f"{who}: {since} {base.isoformat()}, due {describe_cadence(cadence)}"
    period = max((due - base).days, 1)
    return make_item(contact, DueKind.CADENCE, due, as_of, reason, period_days=period, ref="next")


def step_item(contact: ContactFacts, step: OpenStep, as_of: date) -> DueItem:
    """One open 24-48-7 step as a due item."""
    met = f" (met {contact.met_at.date().isoformat()})" if contact.met_at else ""
    return make_item(
        contact,
        DueKind.FOLLOW_UP,
        step.due_at.date(),
        as_of,
        STEP_REASON[step.step] + met,
        step=step.step,
        ref=step.step.value,
    )


def contact_items(
    contact: ContactFacts,
    steps: Iterable[OpenStep],
    cadences: Mapping[Circle, str],
    as_of: date,
) -> list[DueItem]:
    """Everything pending for one contact, whatever its date; empty when archived.

    While 24-48-7 steps are open they stand in for the cadence: the new contact is being
    followed up already, a "regular touch" on top would be noise.
    """
    if contact.archived:
        return []
    open_steps = [step_item(contact, step, as_of) for step in steps]
    return open_steps or [cadence_item(contact, cadences, as_of)]


def next_due(items: Iterable[DueItem]) -> DueItem | None:
    """The earliest of a contact's items, for `list` and `show`."""
    return min(items, key=lambda item: (item.due, -item.urgency), default=None)


def is_hidden(contact: ContactFacts, as_of: date) -> bool:
    """Archived contacts never show; snoozed ones stay hidden until their snooze day."""
    return contact.archived or (contact.snoozed_until is not None and as_of < contact.snoozed_until)


def due_items(
    contacts: Iterable[ContactFacts],
    steps: Iterable[OpenStep],
    cadences: Mapping[Circle, str],
    as_of: date,
    within_days: int = 0,
    extra: Iterable[DueItem] = (),
) -> list[DueItem]:
    """Everything due on or before as-of plus `within_days`, most urgent first.

    `extra` holds items of other kinds (promises, introductions...); they are filtered by the
    same horizon and the same hidden-contact rule, then ranked with the rest.
    """
    contacts = list(contacts)
    steps_by_contact: dict[int, list[OpenStep]] = {}
    for step in steps:
        steps_by_contact.setdefault(step.contact_id, []).append(step)
    # Clamped to the calendar's last day: a huge --within means "everything", not an error.
    horizon = as_of + timedelta(days=within_days)
    items = [
        item
        for contact in contacts
        if not is_hidden(contact, as_of)
        for item in contact_items(contact, steps_by_contact.get(contact.id, ()), cadences, as_of)
        if item.due <= horizon
    ]
    visible = {contact.id for contact in contacts if not is_hidden(contact, as_of)}
    items += [item for item in extra if item.contact_id in visible and item.due <= horizon]
    return rank(items)


def rank(items: Iterable[DueItem]) -> list[DueItem]:
    """Most urgent first; ties by name, then contact id, so the order is stable."""
    return sorted(items, key=lambda item: (-item.urgency, item.name.casefold(), item.contact_id))


def follow_up_plan(
    met_at: datetime, offsets: Mapping[Step, timedelta]
) -> list[tuple[Step, datetime]]:
    """The 24-48-7 steps for a meeting at `met_at`, each with its due moment."""
    return [(step, met_at + offsets[step]) for step in Step]
