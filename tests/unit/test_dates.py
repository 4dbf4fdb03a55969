"""Tests for netcrm.core.dates: every accepted form, the calendar edge cases and the refusals."""

from datetime import date, datetime, timedelta

import pytest
from dateutil.relativedelta import relativedelta
from hypothesis import given
from hypothesis import strategies as st

from netcrm.core.dates import (
    When,
    parse_cadence,
    parse_date,
    parse_offset,
    parse_when,
    split_date_prefix,
)
from netcrm.core.errors import UserError

NOW = datetime(2026, 11, 26, 10, 30)  # a Thursday
TODAY = NOW.date()


def day(text: str, now: datetime = NOW) -> date:
    return parse_date(text, now)


# --- absolute dates and date-times ---------------------------------------------------------


def test_iso_date_has_no_time() -> None:
    assert parse_when("2026-11-20", NOW) == When(datetime(2026, 11, 20), has_time=False)


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("2026-11-20 19:00", datetime(2026, 11, 20, 19, 0)),
        ("2026-11-20T19:00", datetime(2026, 11, 20, 19, 0)),
        ("2026-11-20t19:00", datetime(2026, 11, 20, 19, 0)),
        ("2026-11-20 19:00:30", datetime(2026, 11, 20, 19, 0, 30)),
        ("  2026-11-20   19:00  ", datetime(2026, 11, 20, 19, 0)),
    ],
)
def test_iso_date_time(text: str, expected: datetime) -> None:
    when = parse_when(text, NOW)
    assert when == When(expected, has_time=True)
    assert when.day == expected.date()


# --- named days ----------------------------------------------------------------------------


def test_named_days() -> None:
    assert parse_when("today", NOW) == When(datetime(2026, 11, 26), has_time=False)
    assert day("Yesterday") == date(2026, 11, 25)
    assert day("TOMORROW") == date(2026, 11, 27)
    assert parse_when(" now ", NOW) == When(NOW, has_time=True)


# --- relative past -------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("3 days ago", date(2026, 11, 23)),
        ("1 day ago", date(2026, 11, 25)),
        ("3d ago", date(2026, 11, 23)),
        ("2w ago", date(2026, 11, 12)),
        ("2 weeks ago", date(2026, 11, 12)),
        ("1 month ago", date(2026, 10, 26)),
        ("2m ago", date(2026, 9, 26)),
        ("1y ago", date(2025, 11, 26)),
        ("1 year ago", date(2025, 11, 26)),
        ("3 DAYS  AGO", date(2026, 11, 23)),
    ],
)
def test_ago(text: str, expected: date) -> None:
    when = parse_when(text, NOW)
    assert when == When(datetime.combine(expected, datetime.min.time()), has_time=False)


def test_month_arithmetic_clamps_to_month_end() -> None:
    assert day("1m ago", datetime(2026, 3, 31, 9)) == date(2026, 2, 28)
    assert day("1m ago", datetime(2024, 3, 31, 9)) == date(2024, 2, 29)
    assert day("1y ago", datetime(2028, 2, 29, 9)) == date(2027, 2, 28)
    assert day("+1m", datetime(2026, 1, 31, 9)) == date(2026, 2, 28)


# --- weekdays ------------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("monday", date(2026, 11, 23)),
        ("mon", date(2026, 11, 23)),
        ("wednesday", date(2026, 11, 25)),
        ("wed", date(2026, 11, 25)),
        ("friday", date(2026, 11, 20)),
        ("sun", date(2026, 11, 22)),
        ("last monday", date(2026, 11, 23)),
        ("Last Friday", date(2026, 11, 20)),
    ],
)
def test_weekday_is_most_recent_before_today(text: str, expected: date) -> None:
    assert parse_when(text, NOW) == When(datetime.combine(expected, datetime.min.time()), False)


def test_weekday_excludes_today() -> None:
    # NOW is a Thursday: 'thursday' is a week ago, never today.
    assert day("thursday") == date(2026, 11, 19)
    assert day("thu") == date(2026, 11, 19)
    assert day("last thursday") == date(2026, 11, 19)


# --- relative future -----------------------------------------------------------------------


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("in 2w", date(2026, 12, 10)),
        ("in 3 days", date(2026, 11, 29)),
        ("+2w", date(2026, 12, 10)),
        ("+3d", date(2026, 11, 29)),
        ("+1m", date(2026, 12, 26)),
        ("+1y", date(2027, 11, 26)),
    ],
)
def test_future_forms(text: str, expected: date) -> None:
    when = parse_when(text, NOW)
    assert when.day == expected
    assert not when.has_time


# --- refusing the future -------------------------------------------------------------------


@pytest.mark.parametrize("text", ["tomorrow", "+1d", "in 2w", "2026-12-01", "2026-11-26 10:31"])
def test_future_refused(text: str) -> None:
    with pytest.raises(UserError, match="is in the future; give today or an earlier date"):
        parse_when(text, NOW, allow_future=False)


def test_future_message_names_the_date() -> None:
    with pytest.raises(UserError, match=r"^date 2026-12-01 is in the future"):
        parse_when("2026-12-01", NOW, allow_future=False)


@pytest.mark.parametrize(
    "text", ["today", "now", "yesterday", "2026-11-26", "2026-11-26 10:30", "2026-11-26 09:00"]
)
def test_present_and_past_allowed_without_future(text: str) -> None:
    parse_when(text, NOW, allow_future=False)


# --- bad input -----------------------------------------------------------------------------


@pytest.mark.parametrize(
    "text",
    [
        "",
        "   ",
        "32/13/2026",
        "2026-02-30",
        "2026-11-20 25:00",
        "blurb",
        "3 fortnights ago",
        "-2w",
        "0d ago",
        "in 0 days",
        "ago",
        "last",
        "last someday",
        "2026-11-20 19",
        "26-11-20",
        "\u0662\u0660\u0662\u0666-\u0661\u0661-\u0662\u0660",  # Arabic-Indic digits
        "99999999 years ago",
        "3h ago",
    ],
)
def test_bad_dates_refused(text: str) -> None:
    with pytest.raises(UserError) as info:
        parse_when(text, NOW)
    message = str(info.value)
    assert "\n" not in message
    assert "YYYY-MM-DD" in message and "last monday" in message


def test_bad_date_message() -> None:
    with pytest.raises(UserError, match=r"^cannot read date 'blurb': use YYYY-MM-DD, "):
        parse_date("blurb", NOW)
    with pytest.raises(UserError, match="does not exist"):
        parse_date("2026-02-30", NOW)


# --- cadences ------------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("text", "delta"),
    [
        ("2w", relativedelta(days=14)),
        ("6w", relativedelta(days=42)),
        ("45d", relativedelta(days=45)),
        ("2m", relativedelta(months=2)),
        ("1y", relativedelta(years=1)),
        ("2 weeks", relativedelta(days=14)),
        ("3 months", relativedelta(months=3)),
        ("1 year", relativedelta(years=1)),
        ("10 days", relativedelta(days=10)),
        (" 1 Day ", relativedelta(days=1)),
    ],
)
def test_cadence(text: str, delta: relativedelta) -> None:
    assert parse_cadence(text) == delta


@pytest.mark.parametrize(
    "text", ["", "0d", "-2w", "2", "w", "2 fortnights", "2h", "1.5w", "2w ago"]
)
def test_bad_cadence(text: str) -> None:
    with pytest.raises(UserError, match="use a number and a unit, such as 45d, 2w, 3m or 1y"):
        parse_cadence(text)


def test_cadence_message() -> None:
    with pytest.raises(UserError, match=r"^cannot read cadence 'x': use a number and a unit"):
        parse_cadence("x")


def test_absurd_cadence_refused() -> None:
    with pytest.raises(UserError, match="too long"):
        parse_cadence("1000000000000y")


def test_cadences_are_read_once_and_errors_every_time() -> None:
    # The scheduler asks once per contact: the same text gives back the very same reading.
    assert parse_cadence("6w") is parse_cadence("6w") == relativedelta(weeks=6)
    for _ in range(2):
        with pytest.raises(UserError):
            parse_cadence("6x")


# --- offsets -------------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("24h", timedelta(hours=24)),
        ("48h", timedelta(hours=48)),
        ("7d", timedelta(days=7)),
        ("2w", timedelta(weeks=2)),
        ("3 hours", timedelta(hours=3)),
        ("1 week", timedelta(weeks=1)),
    ],
)
def test_offset(text: str, expected: timedelta) -> None:
    assert parse_offset(text) == expected


@pytest.mark.parametrize("text", ["", "90m", "1y", "0h", "-24h", "24", "h", "1.5d", "9" * 30 + "w"])
def test_bad_offset(text: str) -> None:
    with pytest.raises(UserError, match="hours, days or weeks, such as 24h, 48h, 7d or 2w"):
        parse_offset(text)


# --- date prefixes on summaries ------------------------------------------------------------


@pytest.mark.parametrize(
    ("summary", "expected", "rest"),
    [
        (
            "yesterday: coffee, talked hiring",
            When(datetime(2026, 11, 25), False),
            "coffee, talked hiring",
        ),
        ("2026-11-20: lunch", When(datetime(2026, 11, 20), False), "lunch"),
        ("2026-11-20 19:00: dinner", When(datetime(2026, 11, 20, 19), True), "dinner"),
        ("2026-11-20 19:00:30: dinner", When(datetime(2026, 11, 20, 19, 0, 30), True), "dinner"),
        ("3 days ago: call", When(datetime(2026, 11, 23), False), "call"),
        ("yesterday:call at 10:30", When(datetime(2026, 11, 25), False), "call at 10:30"),
        ("Mon:   standup", When(datetime(2026, 11, 23), False), "standup"),
    ],
)
def test_split_date_prefix(summary: str, expected: When, rest: str) -> None:
    assert split_date_prefix(summary, NOW) == (expected, rest)


@pytest.mark.parametrize(
    "summary",
    ["coffee: compilers", "no colon here", "", "met at 10:30", "re: yesterday: lunch", ":empty"],
)
def test_split_date_prefix_leaves_plain_summaries(summary: str) -> None:
    assert split_date_prefix(summary, NOW) == (None, summary)


def test_split_date_prefix_refuses_impossible_date() -> None:
    # Silently filing '2026-02-30: lunch' under today would hide the typo.
    with pytest.raises(UserError, match="does not exist"):
        split_date_prefix("2026-02-30: lunch", NOW)


def test_split_date_prefix_long_summary_is_fast() -> None:
    summary = "note" + ":x" * 100_000
    assert split_date_prefix(summary, NOW) == (None, summary)


# --- properties ----------------------------------------------------------------------------


@given(st.dates(min_value=date(1900, 1, 1), max_value=date(2200, 12, 31)))
def test_iso_round_trip(d: date) -> None:
    assert parse_date(d.isoformat(), NOW) == d


@given(st.integers(min_value=1, max_value=500))
def test_days_ago(n: int) -> None:
    assert parse_when(f"{n}d ago", NOW).day == TODAY - timedelta(days=n)
    assert parse_when(f"+{n}d", NOW).day == TODAY + timedelta(days=n)


@given(
    st.dates(min_value=date(1900, 1, 1), max_value=date(2200, 12, 31)),
    st.sampled_from(["monday", "tuesday", "wednesday", "thursday", "friday", "saturday", "sunday"]),
)
def test_weekday_within_last_week(today: date, name: str) -> None:
    got = parse_date(name, datetime.combine(today, datetime.min.time()))
    assert 1 <= (today - got).days <= 7
    assert got.strftime("%A").lower() == name


@given(st.text(max_size=30))
def test_parse_when_only_raises_user_error(text: str) -> None:
    try:
        parse_when(text, NOW)
    except UserError as error:
        assert "\n" not in str(error)
