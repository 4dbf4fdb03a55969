"""The action plan: pure functions over plain data.

No database, no clock, no I/O, like scheduler.py. Services gather `PlanInput` with a few
aggregate queries; everything here is a function of it, so a plan is the same for the same
database and as-of day.

Selections are made from what was known when the period began (touches before its first
day), so logging during the period ticks items off instead of changing whom they name.
Progress counts what was logged from the period's first day up to as-of.
"""

import heapq
import re
from collections.abc import Callable, Iterable, Mapping, Sequence
from dataclasses import dataclass, field
from datetime import date, timedelta
from enum import StrEnum
from functools import partial

from dateutil.relativedelta import relativedelta

from netcrm.core.dates import Phrase, after_cadence, day_in_year, joined, parse_cadence, yearly_day
from netcrm.core.domain import CIRCLE_ORDER, Circle, DueKind
from netcrm.core.measures import LEDGER_TARGET, Ledger, ledger_advice
from netcrm.core.scheduler import ContactFacts, cadence_due, cadence_item, cadence_of
from netcrm.core.text import count_of

PRUNE_AFTER = relativedelta(months=18)
KEEP_TAG = "keep"
_WORD = re.compile(r"[a-z0-9][a-z0-9+#.-]*[a-z0-9+#]|[a-z0-9]")
_MIN_WORD = 3
# fmt: off
_STOP_WORDS = frozenset({
    "and", "the", "for", "with", "about", "from", "into", "their", "they", "them", "this", "that",
    "what", "who", "how", "can", "could", "would", "will", "want", "wants", "need", "needs",
    "help", "helps", "helping", "looking", "more", "most", "some", "any", "all", "our", "your",
    "you", "are", "was", "were", "has", "have", "had", "not", "but", "also", "very", "just",
    "like", "other", "others",
})
# fmt: on


class Period(StrEnum):
    """The span a plan covers."""

    WEEK = "week"
    MONTH = "month"
    QUARTER = "quarter"


def period_bounds(period: Period, as_of: date) -> tuple[date, date]:
    """First and last day of the ISO week, calendar month or calendar quarter holding as-of."""
    if period is Period.WEEK:
        start = as_of - timedelta(days=as_of.weekday())
        return start, start + timedelta(days=6)
    months = 1 if period is Period.MONTH else 3
    first_month = as_of.month if months == 1 else 3 * ((as_of.month - 1) // 3) + 1
    start = date(as_of.year, first_month, 1)
    return start, start + relativedelta(months=months) - timedelta(days=1)


# ---- plan input and output ------------------------------------------------------------------


@dataclass(frozen=True)
class PlanContact:
    """One contact as the plan sees it. `facts.last_touch` is the last touch BEFORE the period."""

    facts: ContactFacts
    touches_in_period: int = 0
    six_months: int = 0  # interactions in the six months before the period
    last_year: int = 0  # interactions in the year before the period
    tags: frozenset[str] = frozenset()
    needs: str = ""  # how I can help them, interests
    offers: str = ""  # how they can help me, role, company, interests
    birthday: str | None = None  # 'YYYY-MM-DD' or '--MM-DD'
    archived_on: date | None = None


# The PlanContact fields (beside facts, touches_in_period, birthday and archived_on) each
# period's items read. The others may be left at their defaults for that period: reading
# every contact's tags, text fields and earlier touch counts was a third of a week plan's
# work at 100,000 contacts, and the week's items read none of them.
PERIOD_READS: dict[Period, frozenset[str]] = {
    Period.WEEK: frozenset(),
    Period.MONTH: frozenset({"tags", "needs", "offers"}),
    Period.QUARTER: frozenset({"tags", "six_months", "last_year"}),
}


@dataclass(frozen=True)
class Obligation:
    """A 24-48-7 step, promise or introduction follow-up, with the day it was done."""

    kind: DueKind
    contact_id: int
    name: str
    what: str
    due: date
    done_on: date | None = None


@dataclass(frozen=True)
class Activity:
    """Counts logged in the period up to as-of."""

    coffee_or_meeting: int = 0
    event: int = 0
    ledger: Ledger = field(default_factory=Ledger)  # give, share, ask and unvalued
    intros_made: int = 0
    moved_inner: int = 0
    archived: int = 0


@dataclass(frozen=True)
class PlanInput:
    """Everything a plan is computed from."""

    period: Period
    as_of: date
    contacts: Sequence[PlanContact]
    cadences: Mapping[Circle, str]
    targets: Mapping[str, int]
    activity: Activity = Activity()
    obligations: Sequence[Obligation] = ()
    introduced: frozenset[frozenset[int]] = frozenset()

    @property
    def bounds(self) -> tuple[date, date]:
        """The period's first and last day."""
        return period_bounds(self.period, self.as_of)


@dataclass(frozen=True)
class PlanItem:
    """One line of the plan; `details` are sub-lines for text and Markdown output."""

    kind: str
    text: str
    contact_ids: tuple[int, ...]
    target: int | None
    progress: int
    done: bool
    details: tuple[str, ...] = ()


def item(
    kind: str,
    text: str,
    contact_ids: tuple[int, ...],
    target: int,
    progress: int,
    details: tuple[str, ...] = (),
) -> PlanItem:
    """An item with a target: done once progress reaches it."""
    return PlanItem(kind, text, contact_ids, target, progress, progress >= target, details)


def build_plan(data: PlanInput) -> list[PlanItem]:
    """The plan for the period, items in the order the method lists them."""
    builders = {
        Period.WEEK: (reconnect_dormant, schedule_coffee, follow_through),
        Period.MONTH: (introductions, share_resources, attend_event, balance_item, birthdays),
        Period.QUARTER: (expand_inner, deepen, give_first, prune),
    }[data.period]
    # An item with nothing to do (a target of 0: switched off in the config, nobody to prune,
    # nothing owed) is left out rather than shown as "0/0" or "2/0".
    return [
        item
        for build in builders
        for item in [build(data)]
        if item is not None and item.target != 0
    ]


# ---- selection helpers ----------------------------------------------------------------------


def present(data: PlanInput) -> list[PlanContact]:
    """Contacts not archived before the period began (so picks stay put when archived)."""
    start = data.bounds[0]
    return [c for c in data.contacts if c.archived_on is None or c.archived_on >= start]


def snoozed(contact: PlanContact, day: date) -> bool:
    """The contact is snoozed on `day`: the user asked not to be reminded of them yet."""
    until = contact.facts.snoozed_until
    return until is not None and until > day


def silent_since(contact: PlanContact) -> date:
    """Last touch before the period, else when met, else when added."""
    facts = contact.facts
    return (facts.last_touch or facts.met_at or facts.created_at).date()


def is_dormant(contact: PlanContact, cadences: Mapping[Circle, str], start: date) -> bool:
    """No touch for more than twice the contact's cadence when the period began.

    Calendar arithmetic, like the due dates: silent since 12 April on a 3m cadence is
    dormant from 13 October (12 April plus six months, then a day more), not after 180 days.
    """
    return after_cadence(silent_since(contact), cadence_of(contact.facts, cadences), 2) < start


def _circle_rank(contact: PlanContact) -> int:
    return _CIRCLE_RANK[contact.facts.circle]


# By lookup: tuple.index compares enum members one by one (0.2 s for a week plan at 100k).
_CIRCLE_RANK = {circle: rank for rank, circle in enumerate(CIRCLE_ORDER)}


def _tiebreak(contact: PlanContact) -> tuple[str, int]:
    return contact.facts.name.casefold(), contact.facts.id


def _names(contacts: Iterable[PlanContact]) -> str:
    return ", ".join(contact.facts.name for contact in contacts) or "nobody matches yet"


def _ids(contacts: Iterable[PlanContact]) -> tuple[int, ...]:
    return tuple(contact.facts.id for contact in contacts)


def words(text: str) -> set[str]:
    """The meaningful lower-case words of a free-text field."""
    found = _WORD.findall(text.lower())
    return {word for word in found if len(word) >= _MIN_WORD and word not in _STOP_WORDS}


# ---- week -----------------------------------------------------------------------------------


def reconnect_dormant(data: PlanInput) -> PlanItem:
    """Dormant contacts, inner before middle before outer, then longest silence."""
    start, _ = data.bounds
    dormant = [c for c in present(data) if is_dormant(c, data.cadences, start)]
    dormant.sort(key=lambda c: (_circle_rank(c), silent_since(c), *_tiebreak(c)))
    target = data.targets["reconnect_dormant"]
    chosen = dormant[:target]
    return item(
        "reconnect_dormant",
        f"Reconnect with {count_of(target, 'dormant contact')}: {_names(chosen)}",
        _ids(chosen),
        target,
        sum(1 for c in dormant if c.touches_in_period),
        tuple(Phrase(f"{c.facts.name}: silent since ", silent_since(c)) for c in chosen),
    )


def schedule_coffee(data: PlanInput) -> PlanItem:
    """The most overdue inner or middle contacts when the period began, none snoozed.

    When fewer are overdue than the target asks for, the rest are those due soonest, and the
    text says they are not overdue yet.
    """
    start, _ = data.bounds
    close = [
        c
        for c in present(data)
        if c.facts.circle in (Circle.INNER, Circle.MIDDLE) and not snoozed(c, data.as_of)
    ]
    # Ranked by due day (the most overdue first); items only for the few chosen: building
    # one for every close contact was most of the week plan's planning at 100,000 contacts.
    day = {c.facts.id: cadence_due(c.facts, data.cadences, start) for c in close}
    close.sort(key=lambda c: (day[c.facts.id], _circle_rank(c), *_tiebreak(c)))
    target = data.targets["schedule_coffee"]
    chosen = close[:target]
    due = {c.facts.id: cadence_item(c.facts, data.cadences, start) for c in chosen}
    overdue = [c for c in chosen if due[c.facts.id].overdue_days > 0]
    upcoming = chosen[len(overdue) :]
    whom: str = _names(overdue) if overdue or not upcoming else "nobody is overdue"
    if upcoming:
        soonest = [Phrase(f"{c.facts.name} on ", due[c.facts.id].due) for c in upcoming]
        whom = Phrase(whom, "; next due: ", *joined(soonest, ", "))
    return item(
        "schedule_coffee",
        Phrase(f"Schedule {count_of(target, 'coffee or meeting', 'coffees or meetings')}: ", whom),
        _ids(chosen),
        target,
        data.activity.coffee_or_meeting,
        tuple(Phrase(f"{c.facts.name}: ", due[c.facts.id].reason) for c in chosen),
    )


def follow_through(data: PlanInput) -> PlanItem:
    """Every step, promise and intro follow-up due in the period, or still open from before."""
    start, end = data.bounds
    owed = sorted(
        (
            o
            for o in data.obligations
            if o.due <= end and (o.due >= start or o.done_on is None or o.done_on >= start)
        ),
        key=lambda o: (o.due, o.name.casefold(), o.contact_id, o.what),
    )
    done = [o for o in owed if o.done_on is not None and o.done_on <= data.as_of]
    finished = set(done)  # a set: thousands of obligations at 100,000 contacts
    ids = tuple(dict.fromkeys(o.contact_id for o in owed))
    return item(
        "follow_through",
        "Follow through on "
        + count_of(
            len(owed),
            "step, promise or introduction follow-up",
            "steps, promises and introduction follow-ups",
        ),
        ids,
        len(owed),
        len(done),
        tuple(
            Phrase(
                f"{o.name}: {o.what} (due ",
                o.due,
                *((", done ", o.done_on, ")") if o.done_on and o in finished else (")",)),
            )
            for o in owed
        ),
    )


# ---- month ----------------------------------------------------------------------------------


@dataclass(frozen=True)
class Pair:
    """A suggested introduction: what `needs` wants, `offers` has."""

    needs: PlanContact
    offers: PlanContact
    matched: tuple[str, ...]


def suggest_pairs(
    contacts: Sequence[PlanContact], introduced: frozenset[frozenset[int]], count: int
) -> list[Pair]:
    """Up to `count` pairs, most matched words first, nobody in two pairs.

    Only inner and middle contacts are paired: introductions vouch for both sides. The rule
    is greedy: of all (needer, offerer) pairs sharing a word and not introduced before, take
    the one with the most shared words (ties: the needer first in tie-break order, then the
    offerer), drop pairs naming either of its people, repeat.
    """
    pool = sorted(
        (c for c in contacts if c.facts.circle in (Circle.INNER, Circle.MIDDLE)), key=_tiebreak
    )
    needs = [words(c.needs) | set(c.tags) for c in pool]
    offers = [words(c.offers) for c in pool]
    offered = _offered_by(offers)
    # Counting every needer's matches was quadratic: a word offered by a fifth of the network
    # was counted thousands of times over, 34 s at 100,000 contacts. Instead the needers wait
    # in a heap keyed (-most words they could still share, number): at first the count of
    # their words anyone offers, then what a look found. The needer on top is looked at; if
    # its best free offerer shares fewer words than its key, later needers may tie the key,
    # so it waits again with the smaller key. Otherwise no pair left can come before this
    # one in the greedy order, and it is picked. Only needers near the top are ever looked at.
    waiting = [(-sum(word in offered for word in needed), me) for me, needed in enumerate(needs)]
    heapq.heapify(waiting)
    chosen: list[Pair] = []
    used = 0  # a bit per person already paired

    def fits(me: int, other: int) -> bool:
        return frozenset((pool[me].facts.id, pool[other].facts.id)) not in introduced

    while waiting and len(chosen) < count:
        most, me = heapq.heappop(waiting)
        if used >> me & 1:
            continue
        masks = [offered[word] for word in needs[me] if word in offered]
        found = _best_offerer(masks, -most, ~(used | 1 << me), partial(fits, me))
        if found is None:
            continue
        shared, other = found
        if shared < -most:  # needers after this one may share `-most`: wait for the turn
            heapq.heappush(waiting, (-shared, me))
            continue
        chosen.append(Pair(pool[me], pool[other], tuple(sorted(needs[me] & offers[other]))))
        used |= 1 << me | 1 << other
    return chosen


def _offered_by(offers: Sequence[set[str]]) -> dict[str, int]:
    """Each offered word, with a bit set for each person (by number) who offers it."""
    bitmaps: dict[str, bytearray] = {}
    size = len(offers) // 8 + 1
    for rank, found in enumerate(offers):
        for word in found:
            bitmap = bitmaps.get(word)
            if bitmap is None:
                bitmap = bitmaps[word] = bytearray(size)
            bitmap[rank >> 3] |= 1 << (rank & 7)
    return {word: int.from_bytes(bitmap, "little") for word, bitmap in bitmaps.items()}


def _best_offerer(
    masks: Sequence[int], most: int, allowed: int, fits: Callable[[int], bool]
) -> tuple[int, int] | None:
    """The most words shared (at most `most`) and the first person sharing them.

    `masks` are the needer's words, one bit per person offering each; `allowed` the people
    still free; `fits` rejects pairs introduced before. Counting is bit-parallel: digit i of
    everyone's count of shared words is bit-plane i, added one mask at a time.
    """
    planes: list[int] = []
    for mask in masks:
        carry = mask
        for i, plane in enumerate(planes):
            planes[i], carry = plane ^ carry, plane & carry
            if not carry:
                break
        if carry:
            planes.append(carry)
    for shared in range(min(most, (1 << len(planes)) - 1), 0, -1):
        exactly = allowed
        for i, plane in enumerate(planes):
            exactly &= plane if shared >> i & 1 else ~plane
        while exactly:
            lowest = exactly & -exactly
            other = lowest.bit_length() - 1
            if fits(other):
                return shared, other
            exactly ^= lowest
    return None


def introductions(data: PlanInput) -> PlanItem:
    """Suggested pairs whose needs and offers share words; progress counts intros made."""
    target = data.targets["introductions"]
    pairs = suggest_pairs(present(data), data.introduced, target)
    hint = "no matching pair yet (fill in --can-help, --they-help, --interests)"
    shown = "; ".join(
        f"{p.needs.facts.name} to {p.offers.facts.name} ({', '.join(p.matched)})" for p in pairs
    )
    return item(
        "introductions",
        f"Make {count_of(target, 'introduction')}: {shown or hint}",
        tuple(dict.fromkeys(i for p in pairs for i in (p.needs.facts.id, p.offers.facts.id))),
        target,
        data.activity.intros_made,
        tuple(
            f"{p.needs.facts.name} needs, {p.offers.facts.name} offers: {', '.join(p.matched)}"
            for p in pairs
        ),
    )


def share_resources(data: PlanInput) -> PlanItem:
    """A count of `share` interactions to reach."""
    target = data.targets["share_resources"]
    text = (
        f"Share {count_of(target, 'resource')} (an article, a tool, an event) "
        "and log them with --share"
    )
    return item("share_resources", text, (), target, data.activity.ledger.share)


def attend_event(data: PlanInput) -> PlanItem:
    """A count of `event` interactions to reach."""
    target = data.targets["attend_event"]
    text = f"Attend {count_of(target, 'event')} and log who you met with --channel event"
    return item("attend_event", text, (), target, data.activity.event)


def balance_item(data: PlanInput) -> PlanItem:
    """The period's 70-20-10 figures and what to change; progress counts valued touches."""
    ledger = data.activity.ledger
    figures = "/".join(f"{value} {ledger.pct_text(value)}" for value in LEDGER_TARGET)
    return PlanItem(
        "balance",
        f"70-20-10 so far: {figures} (target 70/20/10). {ledger_advice(ledger)}",
        (),
        None,
        ledger.valued,
        ledger.on_target(),
    )


def birthday_in(birthday: str, start: date, end: date) -> date | None:
    """The day a stored birthday falls on between start and end, if it does."""
    month, day = int(birthday[-5:-3]), int(birthday[-2:])
    for year in range(start.year, end.year + 1):
        when = day_in_year(year, month, day)
        if start <= when <= end:
            return when
    return None


def birthdays(data: PlanInput) -> PlanItem | None:
    """Birthdays in the period, when any are stored; progress counts those touched."""
    start, end = data.bounds
    days = {
        c.facts.id: when
        for c in present(data)
        if c.birthday and (when := birthday_in(c.birthday, start, end))
    }
    people = sorted(
        (c for c in present(data) if c.facts.id in days),
        key=lambda c: (days[c.facts.id], *_tiebreak(c)),
    )
    if not people:
        return None
    listed = [Phrase(f"{c.facts.name} (", yearly_day(days[c.facts.id]), ")") for c in people]
    return item(
        "birthdays",
        Phrase("Birthdays: ", *joined(listed, ", ")),
        _ids(people),
        len(people),
        sum(1 for c in people if c.touches_in_period),
    )


# ---- quarter --------------------------------------------------------------------------------


def _middle(data: PlanInput) -> list[PlanContact]:
    return [c for c in present(data) if c.facts.circle is Circle.MIDDLE]


def expand_inner(data: PlanInput) -> PlanItem:
    """The middle contacts most often in touch in the six months before the period, not snoozed."""
    target = data.targets["expand_inner"]
    ranked = sorted(
        (c for c in _middle(data) if c.six_months and not snoozed(c, data.as_of)),
        key=lambda c: (-c.six_months, *_tiebreak(c)),
    )[:target]
    return item(
        "expand_inner",
        f"Move {count_of(target, 'middle contact')} into the inner circle: {_names(ranked)}",
        _ids(ranked),
        target,
        data.activity.moved_inner,
        tuple(
            f"{c.facts.name}: {count_of(c.six_months, 'interaction')} in six months" for c in ranked
        ),
    )


def touch_ratio(contact: PlanContact, cadences: Mapping[Circle, str]) -> float:
    """Touches in the year before the period, per touch the cadence asks for in a year.

    Calendar arithmetic: a year holds 12 monthly touches (4 quarterly ones) exactly, and
    365 days of day- or week-based ones.
    """
    cadence = parse_cadence(cadence_of(contact.facts, cadences))
    months = 12 * cadence.years + cadence.months
    expected = 12 / months if months else 365 / cadence.days
    return contact.last_year / expected


def deepen(data: PlanInput) -> PlanItem:
    """Middle contacts with the fewest touches for their cadence; progress: touched twice."""
    target = data.targets["deepen"]
    ratio = {c.facts.id: touch_ratio(c, data.cadences) for c in _middle(data)}
    chosen = sorted(
        _middle(data), key=lambda c: (ratio[c.facts.id], silent_since(c), *_tiebreak(c))
    )[:target]
    return item(
        "deepen",
        f"Deepen {count_of(target, 'middle relationship')} (two touches each): {_names(chosen)}",
        _ids(chosen),
        target,
        sum(1 for c in chosen if c.touches_in_period >= 2),
        tuple(
            f"{c.facts.name}: {count_of(c.last_year, 'touch', 'touches')} last year" for c in chosen
        ),
    )


def give_first(data: PlanInput) -> PlanItem:
    """A count of `give` interactions to reach."""
    target = data.targets["give_first"]
    text = f"Give first {count_of(target, 'time')}: help, introduce, recommend; log it with --give"
    return item("give_first", text, (), target, data.activity.ledger.give)


def prune_candidates(data: PlanInput) -> list[PlanContact]:
    """Outer contacts untouched for 18 months before the period (from when added if never)."""
    start, _ = data.bounds
    cutoff = start - PRUNE_AFTER
    found = [
        c
        for c in present(data)
        if c.facts.circle is Circle.OUTER
        and KEEP_TAG not in c.tags
        and _untouched_since(c) <= cutoff
    ]
    return sorted(found, key=lambda c: (_untouched_since(c), *_tiebreak(c)))


def _untouched_since(contact: PlanContact) -> date:
    facts = contact.facts
    return (facts.last_touch or facts.created_at).date()


def prune(data: PlanInput) -> PlanItem:
    """Candidates to archive; target is how many there are, progress counts archivals."""
    found = prune_candidates(data)
    ids = " ".join(str(c.facts.id) for c in found)
    hint = f" (netcrm archive {ids})" if found else ""
    return item(
        "prune",
        f"Prune {count_of(len(found), 'outer contact')} silent for 18 months: "
        f"{_names(found)}{hint}",
        _ids(found),
        len(found),
        data.activity.archived,
    )
