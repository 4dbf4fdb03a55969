"""The planner's selection rules and the ledger's yardsticks on plain data, no database."""

from datetime import date, datetime

import pytest

from netcrm.core.config import DEFAULT_CADENCES, DEFAULT_PLAN_TARGETS
from netcrm.core.domain import Circle, DueKind
from netcrm.core.measures import Ledger, circle_guide, last_months, ledger_advice
from netcrm.core.planner import (
    PERIOD_READS,
    Activity,
    Obligation,
    Period,
    PlanContact,
    PlanInput,
    build_plan,
    is_dormant,
    period_bounds,
    suggest_pairs,
    touch_ratio,
    words,
)
from netcrm.core.scheduler import ContactFacts

# A Thursday: its ISO week runs Monday 12 October to Sunday 18 October.
AS_OF = date(2026, 10, 15)
WEEK_START = date(2026, 10, 12)


def person(
    id: int,
    name: str,
    circle: Circle,
    *,
    last: str | None = None,
    added: str = "2020-01-01",
    cadence: str | None = None,
    **plan: object,
) -> PlanContact:
    """A contact whose last touch before the period is `last` (an ISO date)."""
    facts = ContactFacts(
        id=id,
        name=name,
        circle=circle,
        created_at=datetime.fromisoformat(added),
        cadence=cadence,
        last_touch=datetime.fromisoformat(last) if last else None,
    )
    return PlanContact(facts=facts, **plan)  # type: ignore[arg-type]


def plan_input(period: Period, contacts: list[PlanContact], **extra: object) -> PlanInput:
    return PlanInput(
        period=period,
        as_of=extra.pop("as_of", AS_OF),  # type: ignore[arg-type]
        contacts=contacts,
        cadences=dict(DEFAULT_CADENCES),
        targets={**DEFAULT_PLAN_TARGETS, **extra.pop("targets", {})},  # type: ignore[dict-item]
        **extra,  # type: ignore[arg-type]
    )


def one(period: Period, contacts: list[PlanContact], kind: str, **extra: object):  # type: ignore[no-untyped-def]
    [found] = [i for i in build_plan(plan_input(period, contacts, **extra)) if i.kind == kind]
    return found


# ---- periods and ledger ---------------------------------------------------------------------


@pytest.mark.parametrize(
    ("period", "as_of", "start", "end"),
    [
        (Period.WEEK, date(2026, 10, 15), date(2026, 10, 12), date(2026, 10, 18)),
        (Period.WEEK, date(2026, 10, 12), date(2026, 10, 12), date(2026, 10, 18)),
        (Period.WEEK, date(2027, 1, 1), date(2026, 12, 28), date(2027, 1, 3)),
        (Period.MONTH, date(2028, 2, 10), date(2028, 2, 1), date(2028, 2, 29)),
        (Period.QUARTER, date(2026, 11, 26), date(2026, 10, 1), date(2026, 12, 31)),
        (Period.QUARTER, date(2026, 3, 31), date(2026, 1, 1), date(2026, 3, 31)),
    ],
)
def test_period_bounds(period: Period, as_of: date, start: date, end: date) -> None:
    assert period_bounds(period, as_of) == (start, end)


def test_ledger_percentages_round_half_up_among_valued_only() -> None:
    ledger = Ledger(give=5, share=2, ask=1, none=10)  # 62.5%, 25%, 12.5%
    assert (ledger.pct("give"), ledger.pct("share"), ledger.pct("ask")) == (63, 25, 13)
    assert Ledger(none=4).pct("give") is None


def test_ledger_advice_names_the_figure_furthest_off() -> None:
    assert "ask more" in ledger_advice(Ledger(give=1, ask=3))
    assert ledger_advice(Ledger(give=7, share=2, ask=1)).startswith("On target")
    assert ledger_advice(Ledger(give=10)).startswith("Share more")
    assert ledger_advice(Ledger(give=2, share=8)).startswith("Give more")
    assert ledger_advice(Ledger(none=3)).startswith("Nothing valued")


# ---- week -----------------------------------------------------------------------------------


def test_dormant_means_silent_for_more_than_twice_the_cadence() -> None:
    # Middle cadence 3m, in calendar months: 12 April + 6 months is 12 October, the week's
    # Monday, so silence since 12 April is not dormant yet (183 days: 30-day months would
    # have said it was), and since 11 April it is.
    at_limit = person(1, "A", Circle.MIDDLE, last="2026-04-12")
    past = person(2, "B", Circle.MIDDLE, last="2026-04-11")
    cadences = dict(DEFAULT_CADENCES)
    assert not is_dormant(at_limit, cadences, WEEK_START)
    assert is_dormant(past, cadences, WEEK_START)
    never = person(3, "C", Circle.INNER, added="2026-10-01")  # added 11 days before: not dormant
    assert not is_dormant(never, cadences, WEEK_START)
    # Month ends clamp: 31 August + 2 months is 31 October, so 1 November is past it.
    monthly = person(4, "D", Circle.INNER, last="2026-08-31", cadence="1m")
    assert not is_dormant(monthly, cadences, date(2026, 10, 31))
    assert is_dormant(monthly, cadences, date(2026, 11, 1))


def test_touch_ratio_counts_calendar_months_in_a_year() -> None:
    cadences = dict(DEFAULT_CADENCES)
    monthly = person(1, "A", Circle.MIDDLE, cadence="1m", last_year=12)
    quarterly = person(2, "B", Circle.MIDDLE, cadence="3m", last_year=2)
    every_73_days = person(3, "C", Circle.MIDDLE, cadence="73d", last_year=5)
    assert touch_ratio(monthly, cadences) == 1.0  # twelve a year, not 365 / 30
    assert touch_ratio(quarterly, cadences) == 0.5
    assert touch_ratio(every_73_days, cadences) == 1.0  # 365 / 73 = 5


def test_reconnect_dormant_orders_by_circle_then_silence_and_counts_touches() -> None:
    contacts = [
        person(1, "Outer Old", Circle.OUTER, last="2020-01-01"),
        person(2, "Middle Recent", Circle.MIDDLE, last="2026-03-01"),
        person(3, "Middle Older", Circle.MIDDLE, last="2025-01-01"),
        person(4, "Inner Quiet", Circle.INNER, last="2026-07-01"),
        person(5, "Inner Fresh", Circle.INNER, last="2026-10-01"),  # not dormant
        person(6, "Outer Touched", Circle.OUTER, last="2023-01-01", touches_in_period=2),
        person(7, "Inner Gone", Circle.INNER, last="2020-01-01", archived_on=date(2026, 9, 1)),
    ]
    item = one(Period.WEEK, contacts, "reconnect_dormant")
    assert item.contact_ids == (4, 3, 2)
    assert item.target == 3
    # Outer Touched was dormant on Monday and was touched: that counts though not picked.
    assert (item.progress, item.done) == (1, False)
    assert "Inner Quiet, Middle Older, Middle Recent" in item.text


def test_schedule_coffee_picks_the_most_overdue_inner_or_middle() -> None:
    contacts = [
        person(1, "Outer", Circle.OUTER, last="2019-01-01"),
        person(2, "Inner", Circle.INNER, last="2026-09-01"),  # due 1 Oct: 11 days late
        person(3, "Middle", Circle.MIDDLE, last="2026-06-01"),  # due 1 Sep: 41 days late
    ]
    item = one(Period.WEEK, contacts, "schedule_coffee", activity=Activity(coffee_or_meeting=1))
    assert item.contact_ids == (3,)
    assert (item.progress, item.done) == (1, True)


def test_schedule_coffee_says_when_nobody_is_overdue() -> None:
    # Monthly inner cadence: Ada due 20 October, Bob 1 November; the week starts 12 October.
    contacts = [
        person(1, "Bob", Circle.INNER, last="2026-10-01"),
        person(2, "Ada", Circle.INNER, last="2026-09-20"),
    ]
    item = one(Period.WEEK, contacts, "schedule_coffee")
    assert item.contact_ids == (2,)  # due soonest
    assert (
        item.text == "Schedule 1 coffee or meeting: nobody is overdue; next due: Ada on 2026-10-20"
    )
    # With a target of two and one overdue, the overdue one is named first, then the next due.
    contacts.append(person(3, "Cy", Circle.MIDDLE, last="2026-06-01"))  # due 1 September
    item = one(Period.WEEK, contacts, "schedule_coffee", targets={"schedule_coffee": 2})
    assert item.contact_ids == (3, 2)
    assert item.text == "Schedule 2 coffees or meetings: Cy; next due: Ada on 2026-10-20"


def test_follow_through_counts_due_in_the_week_and_still_open_from_before() -> None:
    def owed(cid: int, due: str, done: str | None = None) -> Obligation:
        done_on = date.fromisoformat(done) if done else None
        return Obligation("commitment", cid, f"P{cid}", "x", date.fromisoformat(due), done_on)

    obligations = [
        owed(1, "2026-10-13", "2026-10-14"),  # in the week, done: counts and is done
        owed(2, "2026-10-16"),  # in the week, open
        owed(3, "2026-10-05"),  # before, still open: carried in
        owed(4, "2026-10-05", "2026-10-08"),  # before, done before Monday: left out
        owed(5, "2026-10-20"),  # after the week: left out
        owed(6, "2026-10-12", "2026-10-17"),  # done after as-of: not yet progress
    ]
    item = one(Period.WEEK, [], "follow_through", obligations=obligations)
    assert set(item.contact_ids) == {1, 2, 3, 6}
    assert (item.target, item.progress, item.done) == (4, 1, False)


def test_follow_through_with_nothing_owed_is_left_out() -> None:
    kinds = [item.kind for item in build_plan(plan_input(Period.WEEK, []))]
    assert "follow_through" not in kinds  # a "0/0" row says nothing


# ---- month ----------------------------------------------------------------------------------


def test_words_drop_short_and_common_words() -> None:
    assert words("Needs help with Rust and compilers, ML") == {"rust", "compilers"}


def test_suggest_pairs_match_needs_to_offers_once_per_person() -> None:
    ada = person(
        1, "Ada", Circle.INNER, needs="wants funding for compilers", tags=frozenset({"ai"})
    )
    bob = person(2, "Bob", Circle.MIDDLE, offers="compilers funding investor")
    cy = person(3, "Cy", Circle.MIDDLE, offers="funding")
    dee = person(4, "Dee", Circle.MIDDLE, needs="hiring", offers="ai research")
    eve = person(5, "Eve", Circle.OUTER, offers="compilers funding")  # outer: never paired
    fay = person(6, "Fay", Circle.MIDDLE, offers="hiring")
    pairs = suggest_pairs([ada, bob, cy, dee, eve, fay], frozenset(), 3)
    assert [(p.needs.facts.id, p.offers.facts.id, p.matched) for p in pairs] == [
        (1, 2, ("compilers", "funding")),
        (4, 6, ("hiring",)),
    ]
    # Once Ada and Bob were introduced, Ada is offered the next best match.
    again = suggest_pairs([ada, bob, cy, dee, fay], frozenset({frozenset({1, 2})}), 1)
    assert [(p.needs.facts.id, p.offers.facts.id) for p in again] == [(1, 3)]


def test_introductions_item_names_pairs_and_words_and_counts_intros() -> None:
    ada = person(1, "Ada", Circle.INNER, needs="compilers")
    bob = person(2, "Bob", Circle.MIDDLE, offers="compilers")
    item = one(Period.MONTH, [ada, bob], "introductions", activity=Activity(intros_made=2))
    assert item.contact_ids == (1, 2)
    assert "Ada to Bob (compilers)" in item.text
    assert (item.target, item.progress, item.done) == (2, 2, True)


def test_month_counts_share_and_event_and_balance() -> None:
    activity = Activity(event=0, ledger=Ledger(give=14, share=5, ask=1))  # 70/25/5
    items = {i.kind: i for i in build_plan(plan_input(Period.MONTH, [], activity=activity))}
    assert (items["share_resources"].progress, items["share_resources"].done) == (5, True)
    assert (items["attend_event"].progress, items["attend_event"].done) == (0, False)
    assert items["balance"].target is None
    assert (items["balance"].progress, items["balance"].done) == (20, True)
    assert "give 70%/share 25%/ask 5%" in items["balance"].text
    assert "birthdays" not in items  # none stored


def test_birthdays_in_the_month_with_or_without_year() -> None:
    contacts = [
        person(1, "Late", Circle.OUTER, birthday="1990-10-30", touches_in_period=1),
        person(2, "Early", Circle.OUTER, birthday="--10-02"),
        person(3, "Other Month", Circle.OUTER, birthday="--11-02"),
    ]
    item = one(Period.MONTH, contacts, "birthdays")
    assert item.contact_ids == (2, 1)
    assert (item.target, item.progress) == (2, 1)


def test_leap_day_birthday_falls_on_the_28th_in_a_common_year() -> None:
    leap = [person(1, "Leap", Circle.INNER, birthday="--02-29")]
    item = one(Period.MONTH, leap, "birthdays", as_of=date(2027, 2, 10))
    assert "28 Feb" in item.text


# ---- quarter --------------------------------------------------------------------------------


def test_expand_inner_picks_the_busiest_middle_contact() -> None:
    contacts = [
        person(1, "Quiet", Circle.MIDDLE, six_months=1),
        person(2, "Busy", Circle.MIDDLE, six_months=6),
        person(3, "Inner", Circle.INNER, six_months=9),
        person(4, "Silent", Circle.MIDDLE),
    ]
    item = one(Period.QUARTER, contacts, "expand_inner", activity=Activity(moved_inner=1))
    assert item.contact_ids == (2,)
    assert (item.progress, item.done) == (1, True)


def test_deepen_picks_fewest_touches_for_the_cadence() -> None:
    contacts = [
        person(1, "Weekly Twice", Circle.MIDDLE, cadence="1w", last_year=20),  # 20/52
        person(2, "Quarterly Four", Circle.MIDDLE, last_year=4),  # 4/4.06
        person(3, "Quarterly None", Circle.MIDDLE, last_year=0, touches_in_period=2),
        person(4, "Monthly Six", Circle.MIDDLE, cadence="1m", last_year=6),  # 6/12.2
    ]
    item = one(Period.QUARTER, contacts, "deepen", targets={"deepen": 3})
    assert item.contact_ids == (3, 1, 4)
    assert (item.progress, item.done) == (1, False)


def test_prune_lists_outer_silent_18_months_not_kept() -> None:
    start = date(2026, 10, 1)  # the quarter of AS_OF; 18 months before is 2025-04-01
    contacts = [
        person(1, "Old", Circle.OUTER, last="2025-03-31"),
        person(2, "Recent", Circle.OUTER, last="2025-04-02"),
        person(3, "Kept", Circle.OUTER, last="2020-01-01", tags=frozenset({"keep"})),
        person(4, "Never Touched", Circle.OUTER, added="2024-01-01"),
        person(5, "Middle", Circle.MIDDLE, last="2020-01-01"),
        person(6, "Archived Now", Circle.OUTER, last="2020-01-01", archived_on=start),
    ]
    item = one(Period.QUARTER, contacts, "prune", activity=Activity(archived=1))
    assert item.contact_ids == (6, 4, 1)
    assert (item.target, item.progress, item.done) == (3, 1, False)
    assert "netcrm archive 6 4 1" in item.text


def test_give_first_counts_gives() -> None:
    item = one(Period.QUARTER, [], "give_first", activity=Activity(ledger=Ledger(give=10)))
    assert (item.target, item.progress, item.done) == (10, 10, True)


def test_each_period_lists_its_kinds_and_targets_follow_config() -> None:
    old = person(1, "Olaf", Circle.OUTER, last="2020-01-01")
    owed = [Obligation(DueKind.COMMITMENT, 1, "Olaf", "send paper", date(2026, 10, 13))]
    kinds = {
        p: [i.kind for i in build_plan(plan_input(p, [old], obligations=owed))] for p in Period
    }
    assert kinds[Period.WEEK] == ["reconnect_dormant", "schedule_coffee", "follow_through"]
    assert kinds[Period.MONTH] == ["introductions", "share_resources", "attend_event", "balance"]
    assert kinds[Period.QUARTER] == ["expand_inner", "deepen", "give_first", "prune"]
    item = one(Period.WEEK, [], "reconnect_dormant", targets={"reconnect_dormant": 7})
    assert item.target == 7


def test_selection_is_deterministic_on_ties() -> None:
    twins = [person(i, name, Circle.INNER, last="2026-01-01") for i, name in ((2, "b"), (1, "B"))]
    first = one(Period.WEEK, twins, "reconnect_dormant")
    second = one(Period.WEEK, list(reversed(twins)), "reconnect_dormant")
    assert first.contact_ids == second.contact_ids == (1, 2)


# ---- measurements ---------------------------------------------------------------------------


def test_circle_guide_says_under_ok_or_over() -> None:
    assert circle_guide(Circle.INNER, 4) == ("5-10", "under")
    assert circle_guide(Circle.INNER, 10) == ("5-10", "ok")
    assert circle_guide(Circle.MIDDLE, 51) == ("30-50", "over")
    assert circle_guide(Circle.OUTER, 900) == ("150+", "ok")


def test_last_months_cross_the_year() -> None:
    months = last_months(date(2026, 2, 15))
    assert (months[0], months[-1], len(months)) == ("2025-03", "2026-02", 12)


def test_suggest_pairs_falls_back_when_the_best_offerer_is_taken() -> None:
    ann = person(1, "Ann", Circle.INNER, needs="rust python")
    ben = person(2, "Ben", Circle.MIDDLE, offers="rust python")
    cat = person(3, "Cat", Circle.MIDDLE, needs="rust python")
    dan = person(4, "Dan", Circle.MIDDLE, offers="rust")
    pairs = suggest_pairs([dan, cat, ben, ann], frozenset(), 2)
    assert [(p.needs.facts.name, p.offers.facts.name, p.matched) for p in pairs] == [
        ("Ann", "Ben", ("python", "rust")),
        ("Cat", "Dan", ("rust",)),
    ]


# The fields PERIOD_READS may leave out, each with a value that would change a plan if read.
_OPTIONAL = {
    "tags": frozenset({"keep", "ml"}),
    "needs": "ml pricing",
    "offers": "ml pricing",
    "six_months": 4,
    "last_year": 9,
}


class _Unread(PlanContact):
    """A contact whose fields outside `allowed` fail the test when a builder reads them."""

    allowed: frozenset[str] = frozenset()

    def __getattribute__(self, name: str) -> object:
        if name in _OPTIONAL and name not in type(self).allowed:
            raise AssertionError(f"read {name}, which PERIOD_READS leaves out")
        return super().__getattribute__(name)


@pytest.mark.parametrize("period", list(Period))
def test_each_period_reads_only_the_optional_fields_period_reads_names(period: Period) -> None:
    # The service leaves the others at their defaults (unread) for that period.
    allowed = PERIOD_READS[period]
    assert allowed <= set(_OPTIONAL)
    guarded = type("Guarded", (_Unread,), {"allowed": allowed})
    network = [
        (1, "Ada", Circle.INNER, "2026-01-10"),
        (2, "Bo", Circle.MIDDLE, "2026-10-01"),
        (3, "Cy", Circle.MIDDLE, None),
        (4, "Di", Circle.OUTER, "2024-01-01"),
        (5, "Ed", Circle.OUTER, None),
    ]
    contacts = [
        guarded(
            facts=person(i, name, circle, last=last).facts,
            touches_in_period=i % 2,
            birthday="1990-10-14",
            **_OPTIONAL,
        )
        for i, name, circle, last in network
    ]
    owed = [Obligation(DueKind.COMMITMENT, 1, "Ada", "promise: send notes", WEEK_START)]
    items = build_plan(plan_input(period, contacts, obligations=owed))
    assert items  # the period's builders ran over these contacts
