"""The scheduler on plain data: cadences, 24-48-7 steps, hiding, horizons and urgency."""

import calendar
from collections.abc import Iterable
from datetime import date, datetime, time, timedelta
from typing import Any

from hypothesis import given, settings
from hypothesis import strategies as st

from netcrm.core.config import DEFAULT_CADENCES, Config
from netcrm.core.dates import parse_cadence
from netcrm.core.domain import Circle, DueKind, Step
from netcrm.core.scheduler import (
    BELATED_DAYS,
    IMPORT_WINDOW_DAYS,
    KIND_WEIGHT,
    ContactFacts,
    DueItem,
    OpenStep,
    birthday_item,
    cadence_due,
    cadence_item,
    contact_items,
    due_items,
    follow_up_plan,
    is_hidden,
    make_item,
    next_due,
    rank,
)

ADDED = datetime(2026, 1, 5, 9, 0)
BLANK = ContactFacts(id=0, name="", circle=Circle.INNER, created_at=ADDED)


def person(name: str = "Ada", circle: Circle = Circle.INNER, **facts: Any) -> ContactFacts:
    """A contact added on ADDED, with an id of its own derived from the name."""
    return BLANK._replace(id=sum(map(ord, name)), name=name, circle=circle, **facts)


ADA = person()


def touched(day: date, **facts: Any) -> ContactFacts:
    """Ada (or whoever `facts` names), last touched at noon on `day`."""
    return person(last_touch=datetime.combine(day, time(12)), **facts)


def step(kind: Step, due: date, contact_id: int = ADA.id) -> OpenStep:
    """An open 24-48-7 step due at midnight of `due`."""
    return OpenStep(contact_id, kind, datetime.combine(due, time()))


def due_on(contact: ContactFacts, as_of: date = date(2026, 6, 1)) -> date:
    """When the contact's cadence next falls due."""
    return cadence_item(contact, DEFAULT_CADENCES, as_of).due


def listed(
    *contacts: ContactFacts, as_of: date, within: int = 0, steps: Iterable[OpenStep] = ()
) -> list[str]:
    """Names in the due list, most urgent first."""
    return [item.name for item in due_items(contacts, steps, DEFAULT_CADENCES, as_of, within)]


# --- cadences ------------------------------------------------------------------------------


def test_default_circle_cadences() -> None:
    day = date(2026, 3, 10)
    assert [due_on(touched(day, circle=circle)) for circle in Circle] == [
        date(2026, 4, 10),
        date(2026, 6, 10),
        date(2027, 3, 10),
    ]


def test_cadence_counts_from_last_touch_else_from_added_never_from_met() -> None:
    # Issue 10: a contact met years ago but never touched is not years overdue on the day it
    # is added; the cadence starts when it came into netcrm.
    met = datetime(2026, 2, 14, 18, 0)
    assert due_on(touched(date(2026, 3, 1), met_at=met)) == date(2026, 4, 1)
    assert due_on(person(met_at=met)) == date(2026, 2, 5)
    assert due_on(person(met_at=datetime(2019, 5, 1))) == date(2026, 2, 5)
    assert due_on(person()) == date(2026, 2, 5)


def test_reason_says_what_the_cadence_counts_from() -> None:
    def reason(contact: ContactFacts) -> str:
        return cadence_item(contact, DEFAULT_CADENCES, date(2026, 6, 1)).reason

    assert reason(touched(date(2026, 3, 1))) == "inner circle: last touch 2026-03-01, due monthly"
    assert reason(person(circle=Circle.MIDDLE, met_at=datetime(2026, 2, 1))) == (
        "middle circle: added 2026-01-05, due quarterly"
    )
    assert reason(person(circle=Circle.OUTER)) == "outer circle: added 2026-01-05, due yearly"
    assert (
        reason(person(cadence="6w")) == "own cadence (inner circle): added 2026-01-05, due every 6w"
    )


def test_calendar_months_clamp_to_the_month_end() -> None:
    assert due_on(touched(date(2026, 1, 31))) == date(2026, 2, 28)
    assert due_on(touched(date(2028, 1, 31))) == date(2028, 2, 29)
    assert due_on(touched(date(2026, 3, 31))) == date(2026, 4, 30)


def test_own_cadence_overrides_the_circle() -> None:
    day = date(2026, 3, 10)
    for cadence, expected in [("2w", date(2026, 3, 24)), ("45d", date(2026, 4, 24))]:
        assert due_on(touched(day, cadence=cadence)) == expected
    assert due_on(touched(day, circle=Circle.OUTER, cadence="2m")) == date(2026, 5, 10)
    assert due_on(touched(day, cadence="1y")) == date(2027, 3, 10)


def test_config_cadences_apply() -> None:
    faster = {**DEFAULT_CADENCES, Circle.INNER: "2w"}
    assert cadence_item(touched(date(2026, 3, 10)), faster, date(2026, 6, 1)).due == date(
        2026, 3, 24
    )


def test_overdue_days() -> None:
    item = cadence_item(touched(date(2026, 3, 10)), DEFAULT_CADENCES, date(2026, 4, 14))
    assert item.overdue_days == 4
    assert (
        cadence_item(touched(date(2026, 3, 10)), DEFAULT_CADENCES, date(2026, 4, 3)).overdue_days
        == -7
    )


# --- 24-48-7 steps ----------------------------------------------------------------------------


def test_follow_up_plan_offsets() -> None:
    met = datetime(2026, 11, 20, 19, 0)
    assert follow_up_plan(met, Config().offsets) == [
        (Step.CONNECT, datetime(2026, 11, 21, 19, 0)),
        (Step.RESOURCES, datetime(2026, 11, 22, 19, 0)),
        (Step.SCHEDULE, datetime(2026, 11, 27, 19, 0)),
    ]


def test_open_steps_replace_the_cadence() -> None:
    contact = touched(date(2025, 1, 1), met_at=datetime(2026, 11, 20))
    open_ = [step(Step.RESOURCES, date(2026, 11, 22)), step(Step.SCHEDULE, date(2026, 11, 27))]
    items = contact_items(contact, open_, DEFAULT_CADENCES, date(2026, 11, 23))
    assert [(i.kind, i.step, i.due) for i in items] == [
        ("follow_up", Step.RESOURCES, date(2026, 11, 22)),
        ("follow_up", Step.SCHEDULE, date(2026, 11, 27)),
    ]
    assert items[0].reason.endswith("(met 2026-11-20)") and "24-48-7" in items[0].reason
    [cadence] = contact_items(contact, [], DEFAULT_CADENCES, date(2026, 11, 23))
    assert (cadence.kind, cadence.step) == ("cadence", None)


def test_each_step_has_its_own_reason() -> None:
    reasons = {
        kind: contact_items(
            ADA, [step(kind, date(2026, 1, 6))], DEFAULT_CADENCES, date(2026, 1, 6)
        )[0].reason
        for kind in Step
    }
    assert len(set(reasons.values())) == 3


# --- hidden contacts and the horizon -------------------------------------------------------


def test_archived_is_never_due() -> None:
    gone = person(archived=True)
    assert (
        contact_items(
            gone, [step(Step.CONNECT, date(2026, 1, 6))], DEFAULT_CADENCES, date(2030, 1, 1)
        )
        == []
    )
    assert listed(gone, as_of=date(2030, 1, 1), within=3650) == []
    assert is_hidden(gone, date(2030, 1, 1))


def test_snoozed_is_hidden_until_its_day_then_keeps_its_due_date() -> None:
    sleepy = touched(date(2026, 3, 10), snoozed_until=date(2026, 5, 1))
    assert is_hidden(sleepy, date(2026, 4, 30)) and not is_hidden(sleepy, date(2026, 5, 1))
    assert listed(sleepy, as_of=date(2026, 4, 30)) == []
    [item] = due_items([sleepy], [], DEFAULT_CADENCES, date(2026, 5, 1))
    assert (item.due, item.overdue_days) == (date(2026, 4, 10), 21)


def test_within_sets_the_horizon() -> None:
    contact = touched(date(2026, 3, 10))  # due 2026-04-10
    assert listed(contact, as_of=date(2026, 4, 3), within=6) == []
    assert listed(contact, as_of=date(2026, 4, 3), within=7) == ["Ada"]
    assert listed(contact, as_of=date(2026, 4, 10)) == ["Ada"]
    assert listed(contact, as_of=date(2026, 4, 9)) == []


def test_extra_items_follow_the_same_rules() -> None:
    visible, archived = person("Ada"), person("Bob", archived=True)

    def promise(contact: ContactFacts, due: date) -> DueItem:
        return make_item(contact, "commitment", due, date(2026, 1, 10), "a promise")

    extra = [promise(visible, date(2026, 1, 9)), promise(archived, date(2026, 1, 9))]
    extra.append(promise(visible, date(2026, 2, 1)))  # beyond the horizon
    items = due_items([visible, archived], [], DEFAULT_CADENCES, date(2026, 1, 10), 0, extra)
    assert [(item.name, item.kind) for item in items] == [("Ada", "commitment")]


def test_next_due_is_the_earliest_item() -> None:
    open_ = [step(Step.SCHEDULE, date(2026, 1, 12)), step(Step.CONNECT, date(2026, 1, 6))]
    item = next_due(contact_items(ADA, open_, DEFAULT_CADENCES, date(2026, 1, 6)))
    assert item is not None and item.step == Step.CONNECT
    assert next_due([]) is None


# --- urgency -------------------------------------------------------------------------------


def test_rank_order() -> None:
    as_of = date(2026, 11, 26)
    week_late = date(2026, 10, 19)  # a monthly contact touched then is 7 days late
    contacts = [
        touched(date(2025, 11, 19), name="Aaron", circle=Circle.OUTER),  # yearly, 7 days late
        touched(week_late, name="Zed", circle=Circle.OUTER, cadence="1m"),
        touched(week_late, name="Yan", circle=Circle.MIDDLE, cadence="1m"),
        touched(week_late, name="xia", circle=Circle.INNER),
        touched(week_late, name="Wes", circle=Circle.INNER),
        touched(date(2026, 11, 1), name="Vic", circle=Circle.OUTER, cadence="2w"),  # 11 of 14 days
        person("Zoe", circle=Circle.OUTER),
    ]
    zoe_step = step(Step.SCHEDULE, as_of + timedelta(days=3), contacts[-1].id)
    assert listed(*contacts, as_of=as_of, within=3, steps=[zoe_step]) == [
        "Zoe",  # a step, even one not due yet, outranks every cadence
        "Vic",
        "Wes",
        "xia",  # ties by name, ignoring case
        "Yan",
        "Zed",
        "Aaron",
    ]


def test_rank_ties_fall_back_to_name_then_id() -> None:
    def item(contact_id: int, name: str) -> DueItem:
        contact = person(name)._replace(id=contact_id)
        return make_item(contact, "cadence", date(2026, 1, 1), date(2026, 1, 8), "r")

    tied = [item(3, "bob"), item(1, "Alice"), item(2, "Bob")]
    assert [(i.name, i.contact_id) for i in rank(tied)] == [("Alice", 1), ("Bob", 2), ("bob", 3)]


def test_urgency_clamps_very_late_cadences_below_any_step() -> None:
    ancient = make_item(ADA, "cadence", date(1990, 1, 1), date(2026, 1, 1), "r", period_days=30)
    upcoming_step = make_item(ADA, "follow_up", date(2026, 1, 8), date(2026, 1, 1), "r")
    assert upcoming_step.urgency > ancient.urgency


# --- properties ------------------------------------------------------------------------------

UNITS = {"d": 1, "day": 1, "days": 1, "w": 7, "week": 7, "weeks": 7}
MONTHS = {"m": 1, "month": 1, "months": 1, "y": 12, "year": 12, "years": 12}
cadences = st.tuples(st.integers(1, 40), st.sampled_from(sorted(UNITS | MONTHS)))
days = st.dates(date(1900, 1, 1), date(2500, 12, 31))


def add_months(day: date, months: int) -> date:
    """Calendar months by hand (not dateutil): the same day, or the last day of a short month."""
    year, month = divmod(day.month - 1 + months, 12)
    year, month = day.year + year, month + 1
    return date(year, month, min(day.day, calendar.monthrange(year, month)[1]))


def expected_due(day: date, n: int, unit: str) -> date:
    if unit in UNITS:
        return day + timedelta(days=n * UNITS[unit])
    return add_months(day, n * MONTHS[unit])


@given(day=days, cadence=cadences, circle=st.sampled_from(Circle), data=st.data())
def test_a_touch_on_day_d_is_not_due_before_d_plus_cadence(
    day: date, cadence: tuple[int, str], circle: Circle, data: st.DataObject
) -> None:
    n, unit = cadence
    contact = touched(day, circle=circle, cadence=f"{n} {unit}")
    boundary = expected_due(day, n, unit)
    early = data.draw(st.dates(day, boundary - timedelta(days=1)), label="as_of")
    assert listed(contact, as_of=early) == []
    assert listed(contact, as_of=boundary) == [contact.name]


@given(
    as_of=days,
    within=st.integers(0, 3650),
    facts=st.builds(
        ContactFacts,
        id=st.just(1),
        name=st.text(min_size=1, max_size=5),
        circle=st.sampled_from(Circle),
        created_at=st.datetimes(datetime(1900, 1, 1), datetime(2500, 1, 1)),
        cadence=st.none() | st.sampled_from(["2w", "45d", "1m", "1y"]),
        met_at=st.none() | st.datetimes(datetime(1900, 1, 1), datetime(2500, 1, 1)),
        last_touch=st.none() | st.datetimes(datetime(1900, 1, 1), datetime(2500, 1, 1)),
        archived=st.just(True),
        snoozed_until=st.none() | days,
    ),
    step_days=st.lists(days, max_size=3),
)
def test_archived_contacts_are_never_due(
    as_of: date, within: int, facts: ContactFacts, step_days: list[date]
) -> None:
    open_ = [step(kind, day) for kind, day in zip(Step, step_days, strict=False)]
    promise = make_item(facts, "commitment", as_of, as_of, "a promise")
    assert due_items([facts], open_, DEFAULT_CADENCES, as_of, within, [promise]) == []


@given(day=st.dates(date(1, 1, 1), date(9800, 12, 31)), months=st.integers(1, 1200))
def test_month_arithmetic_lands_on_the_same_day_or_the_month_end(day: date, months: int) -> None:
    for text, count in [
        (f"{months}m", months),
        (f"{months // 12 or 1}y", 12 * (months // 12 or 1)),
    ]:
        landed = day + parse_cadence(text)
        assert landed == add_months(day, count)
        last = calendar.monthrange(landed.year, landed.month)[1]
        assert landed.day == min(day.day, last)


# --- issue 10: ties, imports without a flood, nurture, birthdays ---------------------------


def test_every_kind_has_a_weight_and_the_new_kinds_sit_between_steps_and_cadence() -> None:
    assert set(KIND_WEIGHT) == set(DueKind)
    for kind in (DueKind.BIRTHDAY, DueKind.REMINDER, DueKind.ANNIVERSARY):
        assert KIND_WEIGHT[DueKind.CADENCE] < KIND_WEIGHT[kind] < KIND_WEIGHT[DueKind.FOLLOW_UP]


def test_ties_beyond_the_overdue_cap_go_by_overdue_days_then_name() -> None:
    as_of = date(2026, 11, 26)
    late = [
        make_item(
            person("Ann"), "cadence", as_of - timedelta(days=3062), as_of, "r", period_days=30
        ),
        make_item(
            person("Cy"), "cadence", as_of - timedelta(days=5114), as_of, "r", period_days=30
        ),
        make_item(
            person("Bo"), "cadence", as_of - timedelta(days=3062), as_of, "r", period_days=30
        ),
    ]
    assert len({item.urgency for item in late}) == 1  # all three hit OVERDUE_CAP
    assert [item.name for item in rank(late)] == ["Cy", "Ann", "Bo"]


def imported(name: str, slot: float, circle: Circle = Circle.OUTER, **facts: Any) -> ContactFacts:
    return person(name, circle=circle, first_due_slot=slot, **facts)


def test_an_imported_contact_is_first_due_at_its_slot_of_the_first_period() -> None:
    added = ADDED.date()  # 2026-01-05; the outer circle's first year has 365 days
    assert due_on(imported("A", 1 / 365), as_of=added) == added + timedelta(days=1)
    assert due_on(imported("B", 0.5), as_of=added) == added + timedelta(days=183)
    assert due_on(imported("C", 1.0), as_of=added) == date(2027, 1, 5)  # like one added by hand
    item = cadence_item(imported("B", 0.5), DEFAULT_CADENCES, added)
    assert item.reason == "outer circle: imported 2026-01-05, no touch yet; say hello"
    # Once touched, it is an ordinary contact.
    assert due_on(imported("D", 0.5, last_touch=datetime(2026, 2, 1, 9))) == date(2027, 2, 1)


def test_an_untouched_import_is_listed_three_days_then_comes_back_a_period_later() -> None:
    contact = imported("A", 10 / 365)  # first due 2026-01-15
    first = date(2026, 1, 15)
    for day, expected in [
        (first - timedelta(days=1), []),
        (first, ["A"]),
        (first + timedelta(days=IMPORT_WINDOW_DAYS), ["A"]),
        (first + timedelta(days=IMPORT_WINDOW_DAYS + 1), []),
        (date(2027, 1, 15), ["A"]),  # the next year's turn
        (date(2031, 1, 16), ["A"]),
        (date(2031, 1, 18), []),
    ]:
        assert listed(contact, as_of=day) == expected, day
    item = cadence_item(contact, DEFAULT_CADENCES, first + timedelta(days=IMPORT_WINDOW_DAYS + 1))
    assert item.due == date(2027, 1, 15)
    # An inner contact's turn comes back every month, halfway through each: 5 March to 5 April
    # has 31 days, so the 16th day (rounded up).
    inner = imported("I", 0.5, circle=Circle.INNER)
    assert due_on(inner, as_of=date(2026, 3, 1)) == date(2026, 3, 21)


@settings(max_examples=40, deadline=None)  # each example ranks up to 400 contacts, often
@given(n=st.integers(1, 400), circle=st.sampled_from(Circle))
def test_an_evenly_spread_import_lists_at_most_three_a_day(n: int, circle: Circle) -> None:
    contacts = [imported(f"c{i}", (i + 1) / n, circle=circle) for i in range(n)]
    added = ADDED.date()
    step = parse_cadence(DEFAULT_CADENCES[circle])
    shortest = min(((added + step * (k + 1)) - (added + step * k)).days for k in range(13))
    per_day = -(-n // shortest)  # turns that can fall on one day, at most
    for offset in range(0, 3 * shortest + 3, max(1, shortest // 60)):
        day = added + timedelta(days=offset)
        assert len(listed(*contacts, as_of=day)) <= 3 * per_day, day


def done_sequence(at: datetime, **facts: Any) -> ContactFacts:
    return person(sequence_done=at, last_touch=at, **facts)


def test_a_finished_24_48_7_sequence_gets_one_nurture_touch_a_month_later() -> None:
    done = datetime(2026, 11, 27, 10)
    contact = done_sequence(done, circle=Circle.OUTER, met_at=datetime(2026, 11, 20))
    [item] = contact_items(contact, [], DEFAULT_CADENCES, date(2026, 12, 1), nurture="1m")
    assert (item.kind, item.due) == ("cadence", date(2026, 12, 27))
    assert item.reason == (
        "outer circle: 24-48-7 done 2026-11-27, one nurture touch 1m later, then due yearly"
    )
    # The nurture touch logged, the circle's cadence takes over from it.
    after = contact._replace(last_touch=datetime(2026, 12, 28, 9))
    [item] = contact_items(after, [], DEFAULT_CADENCES, date(2026, 12, 29), nurture="1m")
    assert item.due == date(2027, 12, 28) and "last touch 2026-12-28" in item.reason
    # Turned off, or a cadence shorter than the nurture: the cadence as before.
    [item] = contact_items(contact, [], DEFAULT_CADENCES, date(2026, 12, 1), nurture=None)
    assert item.due == date(2027, 11, 27)
    fast = done_sequence(done, cadence="2w")
    [item] = contact_items(fast, [], DEFAULT_CADENCES, date(2026, 12, 1), nurture="1m")
    assert item.due == date(2026, 12, 11)


def test_birthdays_fall_due_on_the_day_with_the_age_when_the_year_is_known() -> None:
    ada = person(birthday="1989-12-03")
    item = birthday_item(ada, date(2026, 11, 22))
    assert item is not None
    assert (item.kind, item.due, item.overdue_days) == ("birthday", date(2026, 12, 3), -11)
    assert item.reason == "birthday: turns 37"
    unknown = birthday_item(person(birthday="--12-03"), date(2026, 12, 3))
    assert unknown is not None and (unknown.due, unknown.reason) == (date(2026, 12, 3), "birthday")
    assert birthday_item(person(), date(2026, 12, 3)) is None


def test_a_birthday_stays_a_week_unless_a_touch_answers_it() -> None:
    ada = person(birthday="1989-12-03")
    belated = birthday_item(ada, date(2026, 12, 3) + timedelta(days=BELATED_DAYS))
    assert belated is not None and belated.due == date(2026, 12, 3)
    gone = birthday_item(ada, date(2026, 12, 4) + timedelta(days=BELATED_DAYS))
    assert gone is not None and gone.due == date(2027, 12, 3)
    wished = ada._replace(last_touch=datetime(2026, 12, 3, 8))
    answered = birthday_item(wished, date(2026, 12, 4))
    assert answered is not None and answered.due == date(2027, 12, 3)
    assert answered.reason == "birthday: turns 38"


def test_29_february_is_kept_on_the_28th_in_common_years() -> None:
    leap = person(birthday="2000-02-29")
    item = birthday_item(leap, date(2027, 2, 1))
    assert item is not None and (item.due, item.reason) == (date(2027, 2, 28), "birthday: turns 27")
    item = birthday_item(leap, date(2028, 2, 1))
    assert item is not None and item.due == date(2028, 2, 29)


@given(
    st.dates(min_value=date(1990, 1, 1), max_value=date(2090, 12, 31)),
    st.integers(min_value=1, max_value=40),
    st.sampled_from(["d", "w", "m", "y"]),
)
def test_a_cadence_never_adds_fewer_days_than_its_shortest(day: date, n: int, unit: str) -> None:
    from netcrm.core.dates import after_cadence
    from netcrm.core.scheduler import shortest_days

    cadence = f"{n}{unit}"
    assert (after_cadence(day, cadence) - day).days >= shortest_days(cadence)


def test_the_shortest_month_and_year_are_reached() -> None:
    from netcrm.core.dates import after_cadence
    from netcrm.core.scheduler import shortest_days

    assert (after_cadence(date(2026, 1, 31), "1m") - date(2026, 1, 31)).days == 28
    assert shortest_days("1m") == 28
    assert (after_cadence(date(2028, 2, 29), "1y") - date(2028, 2, 29)).days == 365
    assert shortest_days("1y") == 365


@given(
    st.dates(min_value=date(2000, 1, 1), max_value=date(2080, 12, 31)),
    st.integers(min_value=0, max_value=400),
    st.integers(min_value=1, max_value=12),
    st.integers(min_value=1, max_value=29),
    st.sampled_from([None, date(2000, 1, 1)]),
)
def test_a_birthday_that_can_fall_due_lies_in_the_quiet_window(
    as_of: date, within: int, month: int, day: int, answered: date | None
) -> None:
    from netcrm.core.scheduler import quiet_bounds, yearly_turn

    horizon = as_of + timedelta(days=within)
    window = quiet_bounds(DEFAULT_CADENCES, as_of, horizon).birthdays
    if window is None or yearly_turn(month, day, as_of, answered) > horizon:
        return
    first, last = window
    month_day = f"{month:02}-{day:02}"
    inside = first <= month_day <= last if first <= last else not last < month_day < first
    assert inside


@given(
    as_of=days,
    nurture=st.none() | st.sampled_from(["1m", "2w"]),
    facts=st.builds(
        ContactFacts,
        id=st.just(1),
        name=st.just("Ada"),
        circle=st.sampled_from(Circle),
        created_at=st.datetimes(datetime(1900, 1, 1), datetime(2500, 1, 1)),
        cadence=st.none() | st.sampled_from(["2w", "45d", "1m", "1y"]),
        last_touch=st.none() | st.datetimes(datetime(1900, 1, 1), datetime(2500, 1, 1)),
        first_due_slot=st.none() | st.floats(0.001, 1.0),
        sequence_done=st.none() | st.datetimes(datetime(1900, 1, 1), datetime(2500, 1, 1)),
        on_board=st.booleans(),
    ),
)
def test_cadence_due_is_the_day_cadence_item_gives(
    as_of: date, nurture: str | None, facts: ContactFacts
) -> None:
    # Every branch (nurture, last touch, import slot, added; board seat or not): the plan
    # ranks contacts by cadence_due and builds cadence_item only for the ones it names.
    item = cadence_item(facts, DEFAULT_CADENCES, as_of, nurture)
    assert cadence_due(facts, DEFAULT_CADENCES, as_of, nurture) == item.due
