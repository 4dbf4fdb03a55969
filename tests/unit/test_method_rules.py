"""The pure rules behind issue 13: call windows, outreach answers, placeholders, the board's
monthly cadence, the board's candidate score."""

from datetime import date, datetime
from zoneinfo import ZoneInfo

import pytest
from dateutil.relativedelta import relativedelta

from netcrm.core.calls import (
    CallWindow,
    default_window,
    offset_hours,
    parse_days,
    parse_window,
    shared_slot,
    spread_calls,
    their_time,
)
from netcrm.core.domain import BoardRole, Circle, Quadrant, Rating
from netcrm.core.drafts import Template, check_name, fill, parse_sets, placeholders
from netcrm.core.errors import FileFormatError, UserError
from netcrm.core.outreach import Touch, derived_accessibility, outcomes, rate_of
from netcrm.core.scheduler import ContactFacts, cadence_item
from netcrm.services.method.board import candidate_score

BERLIN, TOKYO, NEW_YORK = (
    ZoneInfo("Europe/Berlin"),
    ZoneInfo("Asia/Tokyo"),
    ZoneInfo("America/New_York"),
)
CADENCES = {Circle.INNER: "1m", Circle.MIDDLE: "3m", Circle.OUTER: "12m"}


def test_window_parsing() -> None:
    assert parse_window("09:00-18:00")[0].hour == 9
    assert parse_window(" 7:30 - 24:00 ")[1].hour == 23  # to the end of the day
    for bad in ("18:00-09:00", "9-17", "25:00-26:00", "09:00-09:00", "09:60-10:00"):
        with pytest.raises(UserError):
            parse_window(bad)
    assert parse_days(["Mon", "friday"]) == frozenset({0, 4})
    with pytest.raises(UserError):
        parse_days([])


def test_their_time_and_the_window() -> None:
    window = default_window()
    thursday_8 = datetime(2026, 11, 26, 8, 0)
    tokyo = their_time(thursday_8, BERLIN, TOKYO, window)
    assert (tokyo.clock, tokyo.in_window) == ("16:00", True)
    assert their_time(thursday_8, BERLIN, NEW_YORK, window).clock == "02:00"
    saturday = their_time(datetime(2026, 11, 28, 12), BERLIN, BERLIN, window)
    assert saturday.in_window is False  # weekdays only by default
    weekend = CallWindow(window.start, window.end, parse_days(["sat"]))
    assert their_time(datetime(2026, 11, 28, 12), BERLIN, BERLIN, weekend).in_window
    assert offset_hours(date(2026, 11, 26), BERLIN, TOKYO) == 8
    assert offset_hours(date(2026, 7, 1), BERLIN, TOKYO) == 7  # Berlin's summer time


def test_shared_slots_spread_over_days() -> None:
    window = default_window()
    assert shared_slot(date(2026, 11, 26), BERLIN, TOKYO, window) == datetime(2026, 11, 26, 9)
    assert shared_slot(date(2026, 11, 26), BERLIN, NEW_YORK, window) == datetime(2026, 11, 26, 15)
    assert shared_slot(date(2026, 11, 28), BERLIN, TOKYO, window) is None  # Saturday
    days = [date(2026, 11, 26), date(2026, 11, 27)]
    booked = spread_calls(days, [(1, TOKYO), (2, NEW_YORK), (3, TOKYO)], BERLIN, window)
    assert booked == {
        1: datetime(2026, 11, 26, 9),
        2: datetime(2026, 11, 27, 15),
        3: datetime(2026, 11, 26, 9),  # round again
    }
    honolulu = ZoneInfo("Pacific/Honolulu")  # 11 hours behind Berlin: no shared hour
    assert spread_calls(days, [(1, honolulu)], BERLIN, window) == {1: None}


def touch(n: int, day: str, outreach: bool = False, channel: str = "other") -> Touch:
    return Touch(n, datetime.fromisoformat(day), outreach, channel)


def test_outcomes_answered_ignored_pending_and_meetings() -> None:
    touches = [
        touch(1, "2026-10-01 10:00", True),
        touch(2, "2026-10-01 00:00"),  # same day, logged later (by its day alone): an answer
        touch(3, "2026-10-10 10:00", True),
        touch(4, "2026-10-11 10:00", True),  # another outreach is no answer
        touch(5, "2026-11-20 10:00", True),
        touch(6, "2026-11-22 10:00", channel="coffee"),
    ]
    results = outcomes(touches, date(2026, 11, 26), relativedelta(days=14))
    assert [r.answered for r in results] == [True, False, False, True]
    assert [r.meeting for r in results] == [False, False, False, True]
    pending = outcomes(touches[:5], date(2026, 11, 26), relativedelta(days=14))
    assert pending[-1].answered is None
    assert rate_of(pending).pending == 1 and rate_of(pending).decided == 3


def test_derived_accessibility_needs_three_and_a_majority() -> None:
    sent = [touch(n, f"2026-0{n}-01 10:00", True) for n in range(1, 5)]
    answer = [touch(10 + n, f"2026-0{n}-02 10:00") for n in range(1, 5)]
    as_of, within = date(2026, 11, 26), relativedelta(days=14)

    def access(touches: list[Touch]) -> Rating | None:
        return derived_accessibility(rate_of(outcomes(touches, as_of, within)))

    assert access(sent[:2] + answer[:2]) is None  # two outreaches: not yet
    assert access(sent[:3] + answer[:2]) is Rating.HIGH
    assert access(sent[:3] + answer[:1]) is Rating.LOW
    assert access(sent + answer[:2]) is None  # exactly half


def test_placeholders_are_filled_once_and_safely() -> None:
    template = Template("t", "t.txt", "Hi {first_name}, {{x}} {topic}\nBye {first_name}")
    assert placeholders(template) == ["first_name", "topic"]
    text, missing = fill(template, {"first_name": "Ada", "topic": "{first_name}"})
    assert (text, missing) == ("Hi Ada, {x} {first_name}\nBye Ada", [])
    assert fill(template, {"first_name": "Ada"})[1] == ["topic"]
    for bad in ("{Name}", "{a.b}", "{0}", "{first_name!r}", "{", "a } b", "{__class__}"):
        with pytest.raises(FileFormatError):
            placeholders(Template("t", "t.txt", bad))
    assert check_name(" Follow-Up ") == "follow-up"
    with pytest.raises(UserError):
        check_name("../x")
    assert parse_sets(["topic = x = y"]) == {"topic": "x = y"}
    with pytest.raises(UserError):
        parse_sets(["Topic=x"])


def test_a_board_seat_makes_the_cadence_at_most_monthly() -> None:
    base = ContactFacts(
        1, "Ada", Circle.OUTER, datetime(2026, 1, 1), last_touch=datetime(2026, 10, 1)
    )
    assert cadence_item(base, CADENCES, date(2026, 11, 26)).due == date(2027, 10, 1)
    board = base._replace(on_board=True)
    item = cadence_item(board, CADENCES, date(2026, 11, 26))
    assert item.due == date(2026, 11, 1)
    assert item.reason.startswith("board seat (outer circle): last touch 2026-10-01, due monthly")
    shorter = board._replace(cadence="2w")
    assert cadence_item(shorter, CADENCES, date(2026, 11, 26)).due == date(2026, 10, 15)


def test_candidate_score_rule() -> None:
    assert candidate_score(BoardRole.MENTOR, {"mentor"}, None, Circle.INNER, None) == (
        5, ["tagged mentor", "inner circle"],
    )  # fmt: skip
    sponsor = candidate_score(
        BoardRole.SPONSOR, set(), "VP of Sales", Circle.OUTER, Quadrant.ASPIRATIONAL
    )
    assert sponsor == (4, ["role VP of Sales", "aspirational on the matrix"])
    assert candidate_score(BoardRole.COACH, set(), None, Circle.INNER, None) == (0, [])
    assert candidate_score(BoardRole.PEER, set(), "Engineering Manager", Circle.OUTER, None) == (
        0,
        [],
    )
