"""The plan says what it means (issue 10, section 7): plurals that fit the number, no item
with nothing to do (a target of 0), and nobody snoozed picked for a coffee or the inner circle."""

from datetime import date

import pytest
from test_planner import AS_OF, one, person, plan_input

from netcrm.core.domain import Circle, DueKind
from netcrm.core.planner import Activity, Obligation, Period, build_plan
from netcrm.core.scheduler import ContactFacts
from netcrm.core.text import count_of


def test_count_of_fits_the_word_to_the_number() -> None:
    assert count_of(1, "touch", "touches") == "1 touch"
    assert count_of(2, "touch", "touches") == "2 touches"
    assert count_of(0, "event") == "0 events"
    assert count_of(1, "event") == "1 event"


@pytest.mark.parametrize(
    ("period", "kind", "one_text", "two_text"),
    [
        (Period.WEEK, "reconnect_dormant", "Reconnect with 1 dormant contact:",
         "Reconnect with 2 dormant contacts:"),
        (Period.WEEK, "schedule_coffee", "Schedule 1 coffee or meeting:",
         "Schedule 2 coffees or meetings:"),
        (Period.MONTH, "introductions", "Make 1 introduction:", "Make 2 introductions:"),
        (Period.MONTH, "share_resources", "Share 1 resource ", "Share 2 resources "),
        (Period.MONTH, "attend_event", "Attend 1 event ", "Attend 2 events "),
        (Period.QUARTER, "expand_inner", "Move 1 middle contact into",
         "Move 2 middle contacts into"),
        (Period.QUARTER, "deepen", "Deepen 1 middle relationship ",
         "Deepen 2 middle relationships "),
        (Period.QUARTER, "give_first", "Give first 1 time:", "Give first 2 times:"),
    ],
)  # fmt: skip
def test_every_target_reads_right_in_the_singular_and_the_plural(
    period: Period, kind: str, one_text: str, two_text: str
) -> None:
    people = [person(1, "Ada", Circle.MIDDLE, last="2020-01-01")]
    assert one(period, people, kind, targets={kind: 1}).text.startswith(one_text)
    assert one(period, people, kind, targets={kind: 2}).text.startswith(two_text)


def test_details_count_in_words_that_fit() -> None:
    ada = person(1, "Ada", Circle.MIDDLE, last="2026-09-01", six_months=1, last_year=1)
    assert one(Period.QUARTER, [ada], "expand_inner").details == (
        "Ada: 1 interaction in six months",
    )
    assert one(Period.QUARTER, [ada], "deepen").details == ("Ada: 1 touch last year",)


def test_follow_through_and_prune_read_right_for_one() -> None:
    owed = [Obligation(DueKind.COMMITMENT, 1, "Ada", "send paper", date(2026, 10, 13))]
    item = one(Period.WEEK, [person(1, "Ada", Circle.INNER)], "follow_through", obligations=owed)
    assert item.text == "Follow through on 1 step, promise or introduction follow-up"
    old = person(2, "Olaf", Circle.OUTER, last="2020-01-01")
    assert one(Period.QUARTER, [old], "prune").text.startswith("Prune 1 outer contact silent")


def test_an_item_with_a_target_of_zero_is_left_out() -> None:
    people = [person(1, "Ada", Circle.MIDDLE, last="2020-01-01")]
    month = build_plan(
        plan_input(
            Period.MONTH, people, targets={"introductions": 0}, activity=Activity(intros_made=2)
        )
    )
    assert "introductions" not in [item.kind for item in month]  # no "2/0" row
    week = build_plan(plan_input(Period.WEEK, people, targets={"reconnect_dormant": 0}))
    assert [item.kind for item in week] == ["schedule_coffee"]  # nothing owed: no "0/0" either
    quarter = build_plan(plan_input(Period.QUARTER, people))
    assert "prune" not in [item.kind for item in quarter]  # nobody to prune
    assert all(item.target != 0 for item in month + week + quarter)


def _snoozed(id: int, name: str, circle: Circle, until: date, **plan: object):  # type: ignore[no-untyped-def]
    base = person(id, name, circle, last="2020-01-01", **plan)
    facts = base.facts
    snoozed = ContactFacts(
        id=facts.id,
        name=facts.name,
        circle=facts.circle,
        created_at=facts.created_at,
        last_touch=facts.last_touch,
        snoozed_until=until,
    )
    return type(base)(**{**base.__dict__, "facts": snoozed})


def test_a_snoozed_contact_is_not_picked_for_a_coffee_or_the_inner_circle() -> None:
    sleeping = _snoozed(1, "Ada", Circle.INNER, date(2026, 12, 1))
    awake = person(2, "Bob", Circle.MIDDLE, last="2026-09-01")
    coffee = one(Period.WEEK, [sleeping, awake], "schedule_coffee")
    assert coffee.contact_ids == (2,)
    promoted = _snoozed(3, "Cy", Circle.MIDDLE, date(2026, 12, 1), six_months=9)
    regular = person(4, "Dee", Circle.MIDDLE, last="2026-09-01", six_months=2)
    inner = one(Period.QUARTER, [promoted, regular], "expand_inner")
    assert inner.contact_ids == (4,)
    # A snooze that ended before the plan's day hides nobody.
    over = _snoozed(5, "Eve", Circle.INNER, AS_OF)
    assert one(Period.WEEK, [over], "schedule_coffee").contact_ids == (5,)
