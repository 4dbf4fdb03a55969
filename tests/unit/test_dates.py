"""Tests for netcrm.core.dates: every accepted form, the calendar edge cases and the refusals."""

from datetime import date, datetime, timedelta

import pytest
from dateutil.relativedelta import relativedelta
from hypothesis import given
from hypothesis import strategies as st

from netcrm.core.dates import (
    FUTURE,
    PAST,
    When,
    after_cadence,
    month_length,
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
    with pytest.raises(UserError, match=r"^date 1 Dec 2026 is in the future"):
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
        "now 10:00",
        "friday 9",
        "friday 9:5",
        "next",
        "next month",
        "dec",
        "dec 32",
        "feb 30",
        "31 apr 2026",
        "smarch 3",
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


@pytest.mark.parametrize("text", ["friday 25:00", "friday 13pm", "friday 0am", "today 9:61"])
def test_bad_times_refused(text: str) -> None:
    with pytest.raises(UserError, match=r"^cannot read time in .*: .*HH:MM|^cannot read time"):
        parse_when(text, NOW)


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


# --- one grammar, two directions (issue 10) -------------------------------------------------

SUNDAY = datetime(2026, 11, 22, 10, 0)  # the clock: Sunday 2026-11-22


def future(text: str, now: datetime = SUNDAY) -> When:
    return parse_when(text, now, direction=FUTURE)


def past(text: str, now: datetime = SUNDAY) -> When:
    return parse_when(text, now, direction=PAST)


def at(y: int, m: int, d: int, hour: int | None = None, minute: int = 0) -> When:
    if hour is None:
        return When(datetime(y, m, d), has_time=False)
    return When(datetime(y, m, d, hour, minute), has_time=True)


def test_the_default_direction_is_past_as_before() -> None:
    assert parse_date("friday", SUNDAY) == date(2026, 11, 20)
    assert parse_date("friday", SUNDAY, direction=FUTURE) == date(2026, 11, 27)


@pytest.mark.parametrize(
    ("text", "ahead", "behind"),
    [
        # A bare weekday leans the option's way; today itself never counts.
        ("friday", at(2026, 11, 27), at(2026, 11, 20)),
        ("fri", at(2026, 11, 27), at(2026, 11, 20)),
        ("sunday", at(2026, 11, 29), at(2026, 11, 15)),
        ("monday", at(2026, 11, 23), at(2026, 11, 16)),
        # 'next' and 'last' say which way themselves.
        ("next friday", at(2026, 11, 27), at(2026, 11, 27)),
        ("last friday", at(2026, 11, 20), at(2026, 11, 20)),
        ("next sunday", at(2026, 11, 29), at(2026, 11, 29)),
        # A month and day without a year: the nearest such day that way, today included.
        ("dec 3", at(2026, 12, 3), at(2025, 12, 3)),
        ("3 Dec", at(2026, 12, 3), at(2025, 12, 3)),
        ("December 3", at(2026, 12, 3), at(2025, 12, 3)),
        ("dec. 3rd", at(2026, 12, 3), at(2025, 12, 3)),
        ("nov 22", at(2026, 11, 22), at(2026, 11, 22)),
        ("nov 21", at(2027, 11, 21), at(2026, 11, 21)),
        ("sept 1", at(2027, 9, 1), at(2026, 9, 1)),
        ("feb 29", at(2028, 2, 29), at(2024, 2, 29)),
        # With a year, in either order, it is that day whichever way the option faces.
        ("December 3 2026", at(2026, 12, 3), at(2026, 12, 3)),
        ("december 3, 2026", at(2026, 12, 3), at(2026, 12, 3)),
        ("3 Dec 2025", at(2025, 12, 3), at(2025, 12, 3)),
        ("3rd december 2027", at(2027, 12, 3), at(2027, 12, 3)),
        # Ends of periods face forward: this week (Monday to Sunday), month, quarter.
        ("eow", at(2026, 11, 22), at(2026, 11, 22)),
        ("eom", at(2026, 11, 30), at(2026, 11, 30)),
        ("eoq", at(2026, 12, 31), at(2026, 12, 31)),
        # Every other form means the same both ways.
        ("today", at(2026, 11, 22), at(2026, 11, 22)),
        ("2w ago", at(2026, 11, 8), at(2026, 11, 8)),
        ("in 3d", at(2026, 11, 25), at(2026, 11, 25)),
    ],
)
def test_forms_in_each_direction(text: str, ahead: When, behind: When) -> None:
    assert future(text) == ahead
    assert past(text) == behind


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("yesterday 14:30", at(2026, 11, 21, 14, 30)),
        ("yesterday 13:00", at(2026, 11, 21, 13)),
        ("today 6pm", at(2026, 11, 22, 18)),
        ("today 6 PM", at(2026, 11, 22, 18)),
        ("today at 6:15pm", at(2026, 11, 22, 18, 15)),
        ("today 12am", at(2026, 11, 22, 0)),
        ("today 12pm", at(2026, 11, 22, 12)),
        ("friday 9am", at(2026, 11, 20, 9)),
        ("last friday 9:30", at(2026, 11, 20, 9, 30)),
        ("dec 3 18:00", at(2025, 12, 3, 18)),
        ("3 dec 2026 7pm", at(2026, 12, 3, 19)),
        ("2026-11-20 7pm", at(2026, 11, 20, 19)),
        ("3 days ago 08:05", at(2026, 11, 19, 8, 5)),
        ("eom 17:00", at(2026, 11, 30, 17)),
    ],
)
def test_a_time_after_any_day_form(text: str, expected: When) -> None:
    assert past(text) == expected


def test_a_time_after_a_weekday_keeps_the_direction() -> None:
    assert future("friday 9am") == at(2026, 11, 27, 9)


def test_a_month_day_without_year_includes_today_but_a_weekday_does_not() -> None:
    # Saying "sunday" on a Sunday means another Sunday; "nov 22" on 22 November means today.
    assert future("sun").day == date(2026, 11, 29)
    assert future("22 nov").day == past("22 nov").day == date(2026, 11, 22)


def test_end_of_week_month_and_quarter_on_their_last_day_are_today() -> None:
    assert future("eow", datetime(2026, 11, 29, 9)).day == date(2026, 11, 29)
    assert future("eow", datetime(2026, 11, 30, 9)).day == date(2026, 12, 6)
    assert future("eom", datetime(2026, 2, 10, 9)).day == date(2026, 2, 28)
    assert future("eom", datetime(2028, 2, 10, 9)).day == date(2028, 2, 29)
    assert future("eoq", datetime(2026, 1, 1, 9)).day == date(2026, 3, 31)
    assert future("eoq", datetime(2026, 6, 30, 9)).day == date(2026, 6, 30)
    assert future("eoq", datetime(2026, 7, 1, 9)).day == date(2026, 9, 30)


@pytest.mark.parametrize("text", ["12/03", "3.12.", "12/03/2026", "3.12.2026", "32/13/2026", "1/2"])
def test_numeric_dates_other_than_iso_are_refused_with_the_reason(text: str) -> None:
    for direction in (PAST, FUTURE):
        with pytest.raises(UserError) as info:
            parse_when(text, SUNDAY, direction=direction)
        message = str(info.value)
        assert "\n" not in message
        assert "US" in message and "Europe" in message
        assert "YYYY-MM-DD" in message and "dec 3" in message


def test_numeric_prefixes_stay_in_the_summary() -> None:
    # "10.30: standup" is a time of day in the text, not a date to refuse.
    for summary in ["10.30: standup", "12/03: lunch", "1/2 done: x"]:
        assert split_date_prefix(summary, SUNDAY) == (None, summary)


@pytest.mark.parametrize(
    ("summary", "expected", "rest"),
    [
        ("friday: coffee", at(2026, 11, 20), "coffee"),
        ("yesterday 13:00: lunch", at(2026, 11, 21, 13), "lunch"),
        ("dec 3: dinner", at(2025, 12, 3), "dinner"),
        ("fri 9am: call about 10:30 slot", at(2026, 11, 20, 9), "call about 10:30 slot"),
    ],
)
def test_summary_prefixes_face_the_past(summary: str, expected: When, rest: str) -> None:
    assert split_date_prefix(summary, SUNDAY) == (expected, rest)


def test_a_future_day_form_is_still_refused_where_the_future_is() -> None:
    with pytest.raises(UserError, match="in the future"):
        parse_when("today 6pm", SUNDAY, allow_future=False)
    assert parse_when("today 9am", SUNDAY, allow_future=False) == at(2026, 11, 22, 9)


def test_the_error_names_the_new_forms() -> None:
    with pytest.raises(UserError) as info:
        parse_when("blurb", SUNDAY)
    message = str(info.value)
    for form in ("next friday", "dec 3", "eow", "9am"):
        assert form in message


weekdays = st.sampled_from(
    ["monday", "tuesday", "wednesday", "thursday", "friday", "saturday", "sunday"]
)
days = st.dates(min_value=date(1900, 1, 1), max_value=date(2200, 12, 31))


@given(days, weekdays)
def test_a_future_weekday_is_within_the_next_week(today: date, name: str) -> None:
    got = parse_date(name, datetime.combine(today, datetime.min.time()), direction=FUTURE)
    assert 1 <= (got - today).days <= 7
    assert got.strftime("%A").lower() == name
    assert parse_date(f"next {name}", datetime.combine(today, datetime.min.time())) == got


@given(days, st.integers(min_value=1, max_value=12), st.integers(min_value=1, max_value=31))
def test_a_month_day_is_the_nearest_one_that_way(today: date, month: int, day_: int) -> None:
    now = datetime.combine(today, datetime.min.time())
    name = date(2000, month, 1).strftime("%b")
    try:
        date(2000, month, day_)  # a leap year: every day some year has
    except ValueError:
        with pytest.raises(UserError, match="does not exist"):
            parse_date(f"{name} {day_}", now, direction=FUTURE)
        return
    ahead = parse_date(f"{name} {day_}", now, direction=FUTURE)
    behind = parse_date(f"{day_} {name}", now, direction=PAST)
    assert (ahead.month, ahead.day) == (behind.month, behind.day) == (month, day_)
    assert behind <= today <= ahead
    # The nearest: a year earlier (later) would be on the wrong side of today.
    for found, step in ((ahead, -1), (behind, 1)):
        for years in range(1, 9):
            try:
                closer = found.replace(year=found.year + step * years)
            except ValueError:
                continue  # 29 February in a common year
            assert (closer < today) if step == -1 else (closer > today)
            break


@given(days, st.integers(min_value=0, max_value=23), st.integers(min_value=0, max_value=59))
def test_any_day_takes_a_time(today: date, hour: int, minute: int) -> None:
    now = datetime.combine(today, datetime.min.time())
    got = parse_when(f"tomorrow {hour}:{minute:02d}", now)
    assert got == When(
        datetime.combine(today + timedelta(days=1), datetime.min.time()).replace(
            hour=hour, minute=minute
        ),
        has_time=True,
    )
    twelve = hour % 12 or 12
    suffix = "am" if hour < 12 else "pm"
    assert parse_when(f"tomorrow {twelve}:{minute:02d}{suffix}", now) == got


def test_human_dates_read_as_people_write_them() -> None:
    from netcrm.core.dates import human_birthday, human_day, human_moment, human_month

    assert human_moment(datetime(2026, 11, 20, 19, 0), True) == "20 Nov 2026 19:00"
    assert human_moment(datetime(2026, 11, 20, 0, 0), False) == "20 Nov 2026"
    assert human_day(date(2026, 1, 5)) == "5 Jan 2026" and human_day(None) == ""
    assert human_birthday("1990-11-28") == "28 Nov" == human_birthday("--11-28")
    assert human_month("2026-06") == "Jun 2026"


def test_a_phrase_is_its_iso_text_and_reads_its_days_as_people_do() -> None:
    import json

    from netcrm.core.dates import Phrase, joined, readable, yearly_day

    inner = Phrase("last touch ", date(2026, 11, 1))
    said = Phrase("Ada (", inner, "; met ", datetime(2026, 11, 20, 19, 0), ")")
    # Everything that reads it as a str (JSON, CSV, ICS, ==) sees the ISO sentence...
    assert said == "Ada (last touch 2026-11-01; met 2026-11-20T19:00)"
    assert json.dumps(said) == '"Ada (last touch 2026-11-01; met 2026-11-20T19:00)"'
    # ...text output reads each day as people do, nested phrases included.
    assert readable(said) == "Ada (last touch 1 Nov 2026; met 20 Nov 2026 19:00)"
    assert readable("plain text 2026-11-01") == "plain text 2026-11-01"  # stored text: as is
    listed = Phrase("Birthdays: ", *joined([Phrase("Ada (", yearly_day(date(2026, 12, 5)), ")"),
                                           "Bob"], ", "))  # fmt: skip
    assert (listed, readable(listed)) == (
        "Birthdays: Ada (05 Dec), Bob",
        "Birthdays: Ada (5 Dec), Bob",
    )


@given(
    st.dates(date(1900, 1, 1), date(2200, 12, 31)),
    st.sampled_from(["1d", "45d", "2w", "1m", "3m", "13m", "1y", "5y", "3 months"]),
    st.integers(0, 40),
)
def test_after_cadence_adds_what_relativedelta_adds(day: date, cadence: str, times: int) -> None:
    # after_cadence does its own calendar arithmetic (relativedelta's is the due list's
    # costliest step); the two must never disagree, month ends and 29 February included.
    assert after_cadence(day, cadence, times) == day + parse_cadence(cadence) * times


def test_month_length_knows_the_leap_years() -> None:
    import calendar

    for year in (1900, 2000, 2024, 2026, 2100):
        for month in range(1, 13):
            assert month_length(year, month) == calendar.monthrange(year, month)[1]
