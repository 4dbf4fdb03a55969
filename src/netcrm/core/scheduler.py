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
urgency (items past the overdue cap tie often) goes to the longer overdue, then the name.
"""

import functools
import math
from collections.abc import Iterable, Mapping
from datetime import date, datetime, timedelta
from typing import NamedTuple

from netcrm.core.dates import Phrase, after_cadence, cadence_step, day_in_year
from netcrm.core.domain import Circle, DueKind, Step

KIND_WEIGHT: dict[DueKind, float] = {
    DueKind.FOLLOW_UP: 1000.0,  # the 24-48-7 window closes fast: always first
    DueKind.COMMITMENT: 900.0,  # a promise made is a promise kept
    DueKind.REMINDER: 880.0,  # a day you set yourself, for something you mean to do
    DueKind.BIRTHDAY: 850.0,  # right only on the day, or a few days late
    DueKind.INTRO_FOLLOW_UP: 800.0,
    DueKind.ANNIVERSARY: 750.0,
    DueKind.EVENT_PREP: 870.0,  # useful only on the eve of the event
    DueKind.CONGRATULATE: 700.0,
    DueKind.CADENCE: 0.0,
}
OVERDUE_WEIGHT = 100.0
OVERDUE_FLOOR = -1.0
OVERDUE_CAP = 5.0
CIRCLE_WEIGHT: dict[Circle, float] = {Circle.INNER: 3.0, Circle.MIDDLE: 2.0, Circle.OUTER: 1.0}
FOLLOW_UP_PERIOD_DAYS = 7
# The method: a week after an introduction, ask each side how it went.
INTRO_FOLLOW_UP_DAYS = 7
# A birthday or anniversary stays listed this many days after its day (a belated wish still
# counts), unless a touch on or after the day has answered it.
BELATED_DAYS = 7
# An imported contact never touched is a turn to say hello, not a debt: listed on its day and
# this many days after, then back one cadence later. Nothing piles up from an import.
IMPORT_WINDOW_DAYS = 2

STEP_REASON: dict[Step, str] = {
    Step.CONNECT: "24-48-7: send a personal connection request",
    Step.RESOURCES: "24-48-7: send the email or resource you promised",
    Step.SCHEDULE: "24-48-7: get a follow-up meeting in the calendar",
}
# A seat holder on the personal board is touched at least this often (their own or their
# circle's cadence when that is shorter).
BOARD_CADENCE = "1m"
_NAMED_CADENCES = {"1m": "monthly", "3m": "quarterly", "12m": "yearly", "1y": "yearly"}


# ContactFacts, OpenStep and DueItem are NamedTuples: immutable like frozen dataclasses, and
# built five times faster (a due list builds thousands of each, a plan a hundred thousand).


class ContactFacts(NamedTuple):
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
    birthday: str | None = None  # 'YYYY-MM-DD', or '--MM-DD' when the year is unknown
    # Only for contacts an import added: where in the first period its first turn falls.
    first_due_slot: float | None = None
    # When the last 24-48-7 step was done, once every step is; None while any is open.
    sequence_done: datetime | None = None
    # Holds a seat on the personal board (by as-of): due at least every BOARD_CADENCE.
    on_board: bool = False


class OpenStep(NamedTuple):
    """A 24-48-7 step that is not done yet."""

    contact_id: int
    step: Step
    due_at: datetime


class DueItem(NamedTuple):
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
    # Names the record behind the item without database ids: a word (a step's name, "next")
    # or the parts that identify it (a promise's made_at and text...), which `lasting_ref`
    # digests for exports such as `export ics` that give the item a lasting identity.
    ref: str | tuple[str, ...] = ""

    @property
    def what(self) -> str:
        """What to do, in a word or two: the 24-48-7 step's name, else the kind's label."""
        return self.step.value if self.step else self.kind.label


def lasting_ref(item: DueItem) -> str:
    """The item's ref as one short word: its word, or a digest of the parts that identify its
    record (digested only here: loading OpenSSL for hashlib slows the start of `due`)."""
    if isinstance(item.ref, str):
        return item.ref
    import hashlib

    return hashlib.sha256("\x1f".join(item.ref).encode()).hexdigest()[:16]


def make_item(
    contact: ContactFacts,
    kind: DueKind,
    due: date,
    as_of: date,
    reason: str,
    *,
    step: Step | None = None,
    period_days: int = FOLLOW_UP_PERIOD_DAYS,
    ref: str | tuple[str, ...] = "",
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
    """The cadence that applies: the contact's own, else its circle's; for a board seat
    holder BOARD_CADENCE when that is shorter."""
    own = contact.cadence or cadences[contact.circle]
    return BOARD_CADENCE if board_cadence_applies(contact, own) else own


def board_cadence_applies(contact: ContactFacts, own: str) -> bool:
    """The contact holds a board seat and `own` (its cadence otherwise) is longer than monthly."""
    origin = date(2000, 1, 1)
    return contact.on_board and after_cadence(origin, BOARD_CADENCE) < after_cadence(origin, own)


def describe_cadence(cadence: str) -> str:
    """'1m' -> 'monthly', '2w' -> 'every 2w'."""
    return _NAMED_CADENCES.get(cadence, f"every {cadence}")


def cadence_item(
    contact: ContactFacts,
    cadences: Mapping[Circle, str],
    as_of: date,
    nurture: str | None = None,
) -> DueItem:
    """The next regular touch: the applicable cadence after the latest touch.

    - Once a 24-48-7 sequence is done and nothing was logged after it, one `nurture` touch
      (a cadence such as '1m'; None for none) comes first, unless the cadence is shorter.
    - With no touch at all it counts from when the contact was added, never from when you
      met (a LinkedIn connection from 2019 is not seven years late the day it is imported);
      a contact an import added takes its turn at its slot (`import_turn`).

    Calendar months, so a touch on 31 January makes a monthly contact due 28 February.
    """
    rule, cadence, base, due = _next_touch(contact, cadences, as_of, nurture)
    who = (
        f"own cadence ({contact.circle} circle)" if contact.cadence else f"{contact.circle} circle"
    )
    if cadence != (contact.cadence or cadences[contact.circle]):
        who = f"board seat ({contact.circle} circle)"
    if rule == "nurture":
        reason: str = Phrase(
            f"{who}: 24-48-7 done ",
            base,
            f", one nurture touch {nurture} later, then due {describe_cadence(cadence)}",
        )
    elif rule == "touch":
        reason = Phrase(f"{who}: last touch ", base, f", due {describe_cadence(cadence)}")
    elif rule == "import":
        reason = Phrase(f"{who}: imported ", base, ", no touch yet; say hello")
        begin, end = _period(base, cadence, 0)
        period = max((end - begin).days, 1)
        return make_item(
            contact, DueKind.CADENCE, due, as_of, reason, period_days=period, ref="next"
        )
    else:
        reason = Phrase(f"{who}: added ", base, f", due {describe_cadence(cadence)}")
    period = max((due - base).days, 1)
    return make_item(contact, DueKind.CADENCE, due, as_of, reason, period_days=period, ref="next")


def cadence_due(
    contact: ContactFacts,
    cadences: Mapping[Circle, str],
    as_of: date,
    nurture: str | None = None,
) -> date:
    """The day `cadence_item` falls due, without building the item: to rank many contacts
    by it (the plan's coffees) and build items only for the few shown."""
    return _next_touch(contact, cadences, as_of, nurture)[3]


def _next_touch(
    contact: ContactFacts, cadences: Mapping[Circle, str], as_of: date, nurture: str | None
) -> tuple[str, str, date, date]:
    """Which rule gives the next regular touch ('nurture', 'touch', 'import' or 'added'; see
    `cadence_item`), the cadence that applies, the day it counts from and the day it is due."""
    cadence = cadence_of(contact, cadences)
    cadence_step(cadence)  # an invalid cadence is refused here, whatever the branch
    done, last = contact.sequence_done, contact.last_touch
    if nurture and done is not None and (last is None or last <= done):
        base = done.date()
        due = min(after_cadence(base, nurture), after_cadence(base, cadence))
        return "nurture", cadence, base, due
    if last is not None:
        base = last.date()
        return "touch", cadence, base, after_cadence(base, cadence)
    base = contact.created_at.date()
    if contact.first_due_slot is not None:
        return "import", cadence, base, import_turn(base, cadence, contact.first_due_slot, as_of)
    return "added", cadence, base, after_cadence(base, cadence)


def shortest_days(cadence: str) -> int:
    """The fewest days one `cadence` can add to a day: a month is at least 28 days (31
    January + 1m is 28 February), a year at least 365 (29 February + 1y is 28 February)."""
    months, days = cadence_step(cadence)
    return days + 365 * (months // 12) + 28 * (months % 12)


class QuietBounds(NamedTuple):
    """What rules out a due item by a horizon, for the facts a query can check up front.

    A contact with no cadence of its own, no board seat, no circle move after as-of, no
    24-48-7 step open or done on or after its circle's day in `touched_since`, and no record
    any due source reads, whose latest touch falls on or after that day, has nothing due by
    the horizon unless its birthday does: its cadence item is its latest touch plus its
    circle's cadence (the nurture branch needs a step done on or after that touch), at least
    `shortest_days` later, past the horizon. A birthday falls due only on a day (month-day)
    from `birthdays[0]` through `birthdays[1]` (wrapping the year's end when the first is the
    later; one day wider on each side, so 29 February is inside whenever the 28th is), or on
    any day when `birthdays` is None.
    """

    touched_since: dict[Circle, date]
    birthdays: tuple[str, str] | None


def quiet_bounds(cadences: Mapping[Circle, str], as_of: date, horizon: date) -> QuietBounds:
    """The bounds for a due list as of a day up to `horizon` (see QuietBounds).

    Derived from the rules themselves: a cadence item falls due `after_cadence` its base,
    at least `shortest_days` later; a birthday from BELATED_DAYS before as-of up to the
    horizon (`yearly_turn`).
    """
    touched_since = {
        circle: horizon - timedelta(days=shortest_days(cadences[circle]) - 1) for circle in Circle
    }
    first, last = as_of - timedelta(days=BELATED_DAYS + 1), horizon + timedelta(days=1)
    if (last - first).days >= 365:
        return QuietBounds(touched_since, None)
    return QuietBounds(touched_since, (first.strftime("%m-%d"), last.strftime("%m-%d")))


def import_turn(added: date, cadence: str, slot: float, as_of: date) -> date:
    """The day an imported, never-touched contact is listed as of `as_of`.

    Its periods run one cadence each from the day it was added; in every period its turn
    falls `slot` of the way through (rounded up to a whole day, at least the period's second
    day), each period's length counted on its own so that short months do not bunch the
    turns together. The turn shown is the first that has not ended (ended = more than
    IMPORT_WINDOW_DAYS ago).
    """
    start = as_of - timedelta(days=IMPORT_WINDOW_DAYS)
    turns = 0
    if start > added:
        # Jump close: with the longest length a period can have, period `turns` ends before
        # start.
        months, days = cadence_step(cadence)
        longest = days + 366 * (months // 12) + 31 * (months % 12)
        turns = max(0, (start - added).days // max(longest, 1) - 1)
    while True:
        begin, end = _period(added, cadence, turns)
        # Rounded before the ceiling: (r + 1) / n * n must give r + 1, not r + 1 + 1e-15.
        turn = begin + timedelta(days=max(1, math.ceil(round(slot * (end - begin).days, 6))))
        if turn >= start:
            return turn
        turns += 1


@functools.lru_cache(maxsize=4096)
def _period(added: date, cadence: str, index: int) -> tuple[date, date]:
    """The first and last day of an imported contact's period `index` (from 0).

    Cached: every contact of one import shares `added` and usually its cadence, and calendar
    arithmetic is most of what ranking them costs.
    """
    return after_cadence(added, cadence, index), after_cadence(added, cadence, index + 1)


def yearly_turn(month: int, day: int, as_of: date, answered: date | None) -> date:
    """Which year's day (birthday, anniversary) to show as of `as_of`.

    The latest one on or before as-of while it is at most BELATED_DAYS old and no touch on or
    after it (`answered`, the latest touch) has answered it; else the next one.
    """
    recent = day_in_year(as_of.year, month, day)
    if recent > as_of:
        recent = day_in_year(as_of.year - 1, month, day)
    if (as_of - recent).days <= BELATED_DAYS and (answered is None or answered < recent):
        return recent
    return day_in_year(recent.year + 1, month, day)


def birthday_item(contact: ContactFacts, as_of: date) -> DueItem | None:
    """The contact's birthday as a due item (with the age they turn when the year is known)."""
    if not contact.birthday:
        return None
    month, day = int(contact.birthday[-5:-3]), int(contact.birthday[-2:])
    answered = contact.last_touch.date() if contact.last_touch else None
    when = yearly_turn(month, day, as_of, answered)
    born = None if contact.birthday.startswith("--") else int(contact.birthday[:4])
    age = when.year - born if born is not None else 0
    reason = f"birthday: turns {age}" if age > 0 else "birthday"
    return make_item(contact, DueKind.BIRTHDAY, when, as_of, reason, ref="birthday")


def step_item(contact: ContactFacts, step: OpenStep, as_of: date) -> DueItem:
    """One open 24-48-7 step as a due item."""
    reason = STEP_REASON[step.step]
    if contact.met_at:
        reason = Phrase(reason, " (met ", contact.met_at.date(), ")")
    return make_item(
        contact,
        DueKind.FOLLOW_UP,
        step.due_at.date(),
        as_of,
        reason,
        step=step.step,
        ref=step.step.value,
    )


def contact_items(
    contact: ContactFacts,
    steps: Iterable[OpenStep],
    cadences: Mapping[Circle, str],
    as_of: date,
    nurture: str | None = None,
) -> list[DueItem]:
    """The steps or the cadence pending for one contact, whatever its date; empty when archived.

    While 24-48-7 steps are open they stand in for the cadence: the new contact is being
    followed up already, a "regular touch" on top would be noise.
    """
    if contact.archived:
        return []
    open_steps = [step_item(contact, step, as_of) for step in steps]
    return open_steps or [cadence_item(contact, cadences, as_of, nurture)]


def next_due(items: Iterable[DueItem]) -> DueItem | None:
    """The earliest of a contact's items, for `list` and `show`."""
    return min(items, key=lambda item: (item.due, -item.urgency), default=None)


def is_hidden(contact: ContactFacts, as_of: date) -> bool:
    """Archived contacts never show; snoozed ones stay hidden until their snooze day."""
    return contact.archived or (contact.snoozed_until is not None and as_of < contact.snoozed_until)


def pending(
    contacts: Iterable[ContactFacts],
    steps: Iterable[OpenStep],
    cadences: Mapping[Circle, str],
    as_of: date,
    extra: Iterable[DueItem] = (),
    nurture: str | None = None,
) -> list[DueItem]:
    """Every item pending for these contacts, whatever its date, archived contacts left out.

    `extra` holds the items of the due sources (promises, introductions, reminders...). This
    is what `due` filters by its horizon, and what `show` and `list` take the earliest of.
    """
    contacts = list(contacts)
    steps_by_contact: dict[int, list[OpenStep]] = {}
    for step in steps:
        steps_by_contact.setdefault(step.contact_id, []).append(step)
    items = [
        item
        for contact in contacts
        for item in contact_items(
            contact, steps_by_contact.get(contact.id, ()), cadences, as_of, nurture
        )
    ]
    active = {contact.id for contact in contacts if not contact.archived}
    return items + [item for item in extra if item.contact_id in active]


def due_items(
    contacts: Iterable[ContactFacts],
    steps: Iterable[OpenStep],
    cadences: Mapping[Circle, str],
    as_of: date,
    within_days: int = 0,
    extra: Iterable[DueItem] = (),
    nurture: str | None = None,
) -> list[DueItem]:
    """Everything due on or before as-of plus `within_days`, most urgent first.

    The `pending` items, less those of hidden (archived or snoozed) contacts and those beyond
    the horizon, ranked.
    """
    contacts = list(contacts)
    # Clamped to the calendar's last day: a huge --within means "everything", not an error.
    horizon = as_of + timedelta(days=within_days)
    visible = [contact for contact in contacts if not is_hidden(contact, as_of)]
    return rank(
        item
        for item in pending(visible, steps, cadences, as_of, extra, nurture)
        if item.due <= horizon
    )


def rank(items: Iterable[DueItem]) -> list[DueItem]:
    """Most urgent first; ties by overdue days (past the cap many items score alike), then by
    name and contact id, so the order is stable."""
    return sorted(
        items,
        key=lambda item: (-item.urgency, -item.overdue_days, item.name.casefold(), item.contact_id),
    )


def follow_up_plan(
    met_at: datetime, offsets: Mapping[Step, timedelta]
) -> list[tuple[Step, datetime]]:
    """The 24-48-7 steps for a meeting at `met_at`, each with its due moment."""
    return [(step, met_at + offsets[step]) for step in Step]
