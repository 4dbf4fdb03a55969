"""Reading the dates, cadences and offsets a user types: one grammar for every option.

Everything here is pure: the current moment is always passed in as `now`, so callers and tests
decide what "today" is, and nothing reads the clock or touches files. Every bad input raises
`UserError` with one line saying what was wrong and which forms are accepted.

Some forms name a day only relative to today and could fall either side of it: a bare weekday
("friday") and a month and day without a year ("dec 3"). The option decides: a future-facing
one (`promise --by`, `snooze --until`, `remind --on`) reads them as the next such day, a
past-facing one (`log --date`, `--met`, `kept --date`, `intro --date`, `--as-of`) as the most
recent. Every other form means the same day whichever way the option faces.
"""

from __future__ import annotations

import functools
import re
from collections.abc import Sequence
from datetime import date, datetime, time, timedelta
from enum import Enum
from typing import TYPE_CHECKING, NamedTuple

from netcrm.core.errors import UserError

if TYPE_CHECKING:
    from dateutil.relativedelta import relativedelta

DATE_FORMS = (
    "use YYYY-MM-DD, today, yesterday, tomorrow, now, a weekday ('friday', 'next friday', "
    "'last monday'), a month and day ('dec 3', '3 Dec 2026'), '3d ago', 'in 2w' or +2w, "
    "eow, eom or eoq; any day may take a time ('friday 9am', 'yesterday 14:30')"
)
NUMERIC_HINT = (
    "a numeric date such as 12/03 is 3 December in the US and 12 March in Europe, so netcrm "
    "does not guess: write YYYY-MM-DD (2026-12-03) or the month's name ('dec 3', '12 mar')"
)
# The years netcrm reads. Reports add cadences (up to 100 years), periods and offsets to
# these dates and subtract look-back windows; the margin to date.min/date.max keeps all of
# that arithmetic in range, so it needs no overflow checks of its own.
EARLIEST = date(1000, 1, 1)
LATEST = date(9000, 12, 31)
CADENCE_FORMS = "use a number and a unit, such as 45d, 2w, 3m or 1y"
OFFSET_FORMS = "use a whole number of hours, days or weeks, such as 24h, 48h, 7d or 2w"
# A 24-48-7 step is days or weeks after a meeting; a year is already more than any follow-up.
LONGEST_OFFSET = timedelta(days=365)


def midnight(day: date) -> datetime:
    """The first moment of `day`: a stored moment falls on `day` or later when >= this."""
    return datetime.combine(day, time())


def as_of_next(as_of: date | None) -> date:
    """The day after as-of (None: after everything): what "still open on as-of" asks about."""
    return (as_of or LATEST) + timedelta(days=1)


def cutoff(as_of: date | None) -> datetime:
    """The first moment after as-of: what is dated before it counts. None: everything."""
    return midnight(as_of_next(as_of))


# ASCII digits only: \d would also accept Arabic-Indic and other Unicode digits.
_ISO = re.compile(r"([0-9]{4})-([0-9]{2})-([0-9]{2})(?:[ t]([0-9]{2}):([0-9]{2})(?::([0-9]{2}))?)?")
_AMOUNT = re.compile(r"([0-9]+) ?([a-z]+)")
_AGO = re.compile(r"(.+) ago")
_AHEAD = re.compile(r"(?:in |\+ ?)(.+)")
_WEEKDAY = re.compile(r"(?:(last|next) )?([a-z]+)")
# 'dec 3', 'december 3rd, 2026', 'dec. 3' / '3 dec', '3rd december 2026', '3. dec.'.
_MONTH_FIRST = re.compile(r"([a-z]+)\.? ([0-9]{1,2})(?:st|nd|rd|th)?(?:,? ([0-9]{4}))?")
_DAY_FIRST = re.compile(r"([0-9]{1,2})(?:st|nd|rd|th|\.)? ([a-z]+)\.?(?:,? ([0-9]{4}))?")
# A time after a day: '14:30', '9:30:15', '9am', '6 pm', '12:15pm', perhaps after 'at'.
_TIMED = re.compile(r"(.+?) (?:at )?([0-9]{1,2})(?::([0-9]{2}))?(?::([0-9]{2}))? ?(am|pm)?")
# Day and month in digits, as in 12/03, 3.12., 12/03/2026 or 3.12.2026: read either way round.
_NUMERIC = re.compile(r"[0-9]{1,2}[./][0-9]{1,2}(?:[./](?:[0-9]{2}|[0-9]{4})?)?")

# Long spellings fold to one letter. "m" means months: minutes are never a useful date unit.
_UNITS = {
    **dict.fromkeys(["h", "hour", "hours"], "h"),
    **dict.fromkeys(["d", "day", "days"], "d"),
    **dict.fromkeys(["w", "week", "weeks"], "w"),
    **dict.fromkeys(["m", "month", "months"], "m"),
    **dict.fromkeys(["y", "year", "years"], "y"),
}
_NOMINAL_DAYS = {"d": 1, "w": 7, "m": 30, "y": 365}
_NAMED_DAYS = {"yesterday": -1, "today": 0, "tomorrow": 1}
_DAY_NAMES = ["monday", "tuesday", "wednesday", "thursday", "friday", "saturday", "sunday"]
_WEEKDAYS = {name: i for i, name in enumerate(_DAY_NAMES)} | {
    name[:3]: i for i, name in enumerate(_DAY_NAMES)
}
_MONTH_NAMES = [
    *("january", "february", "march", "april", "may", "june"),
    *("july", "august", "september", "october", "november", "december"),
]
_MONTHS = (
    {name: i for i, name in enumerate(_MONTH_NAMES, start=1)}
    | {name[:3]: i for i, name in enumerate(_MONTH_NAMES, start=1)}
    | {"sept": 9}
)
# End of this week (its Sunday: weeks run Monday to Sunday, as in `plan week`), month, quarter.
_PERIOD_ENDS = ("eow", "eom", "eoq")
# 29 February comes back within 8 years (1896 -> 1904 skips 1900), so that bounds the search.
_LEAP_SEARCH_YEARS = 9
# A date prefix is short ("2026-11-20 19:00:30" is 19 characters); capping the candidates
# keeps split_date_prefix linear on long summaries full of colons.
_MAX_PREFIX = 40
_MAX_CADENCE_DAYS = 100 * 365


class Direction(Enum):
    """Which way an option faces: where a weekday or a yearless month and day falls."""

    PAST = "past"
    FUTURE = "future"


PAST = Direction.PAST
FUTURE = Direction.FUTURE


class When(NamedTuple):
    """A moment the user named: a date-time, or a bare date (has_time False, at = midnight)."""

    at: datetime  # naive local wall-clock time
    has_time: bool

    @property
    def day(self) -> date:
        """The calendar day of this moment."""
        return self.at.date()


def parse_when(
    text: str, now: datetime, *, allow_future: bool = True, direction: Direction = PAST
) -> When:
    """Read a date or date-time such as '2026-11-20 19:00', 'yesterday 9am', 'dec 3' or 'mon'.

    `direction` says which way a bare weekday or a month and day without a year falls from
    today (see the module docstring); past by default. With allow_future False, a moment
    after `now` is refused; for a bare date only a day after today counts as future, so
    'today' is always allowed.
    """
    when = _read(_normalize(text), now, direction)
    if when is None:
        what = f"cannot read date {text.strip()!r}" if text.strip() else "no date given"
        raise UserError(f"{what}: {DATE_FORMS}")
    check_range(when.day)
    if not allow_future:
        refuse_future(when, now)
    return when


def check_range(day: date, what: str = "date") -> None:
    """Raise UserError when `day` (or a date-time's day) falls outside EARLIEST..LATEST.

    The one range rule, for what a person types and for what a file or another program stored;
    `what` names the value in the message (NETCRM_NOW, say).
    """
    if isinstance(day, datetime):
        day = day.date()
    if not EARLIEST <= day <= LATEST:
        raise UserError(
            f"{what} {day.isoformat()} is out of range: netcrm reads years "
            f"{EARLIEST.year} to {LATEST.year}"
        )


def refuse_future(when: When, now: datetime) -> None:
    """Raise UserError when `when` is after `now`; a bare date counts only from tomorrow."""
    if when.at > now if when.has_time else when.day > now.date():
        shown = human_moment(when.at, True) if when.has_time else human_day(when.day)
        raise UserError(f"date {shown} is in the future; give today or an earlier date")


def iso_moment(at: datetime | None, has_time: bool) -> str | None:
    """How netcrm writes a stored moment: '2026-11-20T19:00' when timed, '2026-11-20' for a day.

    The one spelling for JSON output, import reports and conflicts, so they always agree.
    """
    if at is None:
        return None
    return at.strftime("%Y-%m-%dT%H:%M") if has_time else at.date().isoformat()


def iso_day(value: date | datetime | None) -> str | None:
    """The ISO day of a date or date-time; None for nothing."""
    if value is None:
        return None
    return (value.date() if isinstance(value, datetime) else value).isoformat()


def parse_date(text: str, now: datetime, *, direction: Direction = PAST) -> date:
    """Read a date with the same grammar as `parse_when`, dropping any time of day."""
    return parse_when(text, now, direction=direction).day


def day_in_year(year: int, month: int, day: int) -> date:
    """A yearly day (birthday, anniversary) in `year`; 29 February is the 28th in common years."""
    try:
        return date(year, month, day)
    except ValueError:
        return date(year, month, day - 1)


@functools.lru_cache(maxsize=256)
def parse_cadence(text: str) -> relativedelta:
    """Read how often to keep in touch, such as '2w', '45d', '3 months' or '1y'.

    Cached: the scheduler asks once per contact, nearly always for the same few cadences.
    Callers only add the result to dates (which makes new objects), never change it.
    """
    return _delta(*_cadence(text))


@functools.lru_cache(maxsize=1 << 16)
def after_cadence(day: date, cadence: str, times: int = 1) -> date:
    """`day` plus `times` cadences, counted as one step (calendar months: 31 January + 1m is
    28 February; 31 December + 2 x 1m is 28 February too): what `day + parse_cadence(cadence)
    * times` gives, without relativedelta's arithmetic, the costliest step of the due list.

    Remembered: in a large network many contacts share a last-touch day and a cadence.
    """
    months, days = cadence_step(cadence)
    return add_months(day, months * times) + timedelta(days=days * times)


def add_months(day: date, months: int) -> date:
    """`day` that many calendar months later, on the month's last day when it is shorter."""
    if not months:
        return day
    year, index = divmod(day.year * 12 + day.month - 1 + months, 12)
    return date(year, index + 1, min(day.day, month_length(year, index + 1)))


def month_length(year: int, month: int) -> int:
    """How many days the month has."""
    if month == 2:
        return 29 if year % 4 == 0 and (year % 100 != 0 or year % 400 == 0) else 28
    return 30 if month in (4, 6, 9, 11) else 31


def parse_offset(text: str) -> timedelta:
    """Read a follow-up offset such as '24h', '48h', '7d' or '2w' (hours, days or weeks)."""
    amount = _amount(_normalize(text), "hdw")
    if amount is None:
        raise UserError(f"cannot read offset {text.strip()!r}: {OFFSET_FORMS}")
    n, unit = amount
    hours = n if unit == "h" else n * 24 * _NOMINAL_DAYS[unit]
    # Compared as a number first: timedelta itself overflows on absurd amounts.
    if hours > LONGEST_OFFSET.days * 24:
        raise UserError(f"offset {text.strip()!r} is too long: {OFFSET_FORMS}, at most 365d")
    return timedelta(hours=hours)


def split_date_prefix(summary: str, now: datetime) -> tuple[When | None, str]:
    """Split a leading 'DATE:' off a summary, as in 'yesterday: coffee, talked hiring'.

    Returns the date and the rest of the summary, or (None, summary) unchanged when the
    summary does not start with a date followed by a colon. The prefix is read facing the
    past ('friday: coffee' is the Friday just gone). A prefix shaped like a date but
    impossible (such as '2026-02-30:') raises UserError rather than being kept as text; a
    numeric one ('10.30: standup', '12/03: lunch') stays text, as it was before netcrm read
    dates at all.
    """
    # A time has colons of its own ('2026-11-20 19:00: dinner'), so try the longest candidate
    # first: the right-most colon whose prefix reads as a date wins.
    colons = [i for i, c in enumerate(summary[: _MAX_PREFIX + 1]) if c == ":"]
    for i in reversed(colons):
        when = _read(_normalize(summary[:i]), now, PAST, numeric_is_error=False)
        if when is not None:
            return when, summary[i + 1 :].lstrip()
    return None, summary


def _normalize(text: str) -> str:
    """Lower-case and collapse runs of whitespace, so the patterns need only single spaces."""
    return " ".join(text.lower().split())


def _cadence(text: str) -> tuple[int, str]:
    """Read a cadence as (N, unit letter), or raise UserError."""
    amount = _amount(_normalize(text), "dwmy")
    if amount is None:
        raise UserError(f"cannot read cadence {text.strip()!r}: {CADENCE_FORMS}")
    # Refuse absurd cadences here, before huge numbers overflow date arithmetic downstream.
    if amount[0] * _NOMINAL_DAYS[amount[1]] > _MAX_CADENCE_DAYS:
        raise UserError(f"cadence {text.strip()!r} is too long: {CADENCE_FORMS}, at most 100y")
    return amount


def _amount(text: str, units: str) -> tuple[int, str] | None:
    """Read 'N unit' with N a positive integer and the unit among `units`, or return None."""
    match = _AMOUNT.fullmatch(text)
    if match is None:
        return None
    unit = _UNITS.get(match[2], "")
    n = int(match[1])
    return (n, unit) if unit and unit in units and n >= 1 else None


@functools.lru_cache(maxsize=256)
def cadence_step(text: str) -> tuple[int, int]:
    """Read a cadence (as `parse_cadence` does) as (calendar months, days), or raise
    UserError: the form the scheduler adds and bounds, without importing dateutil."""
    return _step(*_cadence(text))


def _step(n: int, unit: str) -> tuple[int, int]:
    """N units as (calendar months, days): a year is twelve months, a week seven days."""
    if unit in "my":
        return n * (12 if unit == "y" else 1), 0
    return 0, n * _NOMINAL_DAYS[unit]


def _delta(n: int, unit: str) -> relativedelta:
    """A calendar-aware step: months clamp to month ends (31 March - 1m = 28 February)."""
    from dateutil.relativedelta import relativedelta  # here: `due` never needs it

    months, days = _step(n, unit)
    return relativedelta(months=months, days=days)


def _on(day: date) -> When:
    """A bare date, held as midnight of that day."""
    return When(datetime.combine(day, time()), has_time=False)


def _read(
    text: str, now: datetime, direction: Direction, *, numeric_is_error: bool = True
) -> When | None:
    """Read normalized text; None if it is no date form, UserError if it is an impossible one."""
    if numeric_is_error and _NUMERIC.fullmatch(text):
        raise UserError(f"cannot read date {text!r}: {NUMERIC_HINT}")
    try:
        if match := _ISO.fullmatch(text):
            year, month, day, hour, minute, second = (int(g) if g else 0 for g in match.groups())
            try:
                at = datetime(year, month, day, hour, minute, second)
            except ValueError:
                raise UserError(f"date {text!r} does not exist: {DATE_FORMS}") from None
            return When(at, has_time=match[4] is not None)
        if text == "now":
            return When(now, has_time=True)
        if (named := _day(text, now.date(), direction)) is not None:
            return _on(named)
        # A time needs ':MM' or am/pm: 'dec 3' must stay a day, not 'dec' at 3 o'clock.
        timed = _TIMED.fullmatch(text)
        if timed and (timed[3] or timed[5]) and (named := _day(timed[1], now.date(), direction)):
            return When(datetime.combine(named, _time_of_day(text, timed)), has_time=True)
    except (OverflowError, ValueError):
        # Arithmetic past year 1 or 9999, or a number too long for int().
        raise UserError(f"date {text!r} is out of range: {DATE_FORMS}") from None
    return None


def _day(text: str, today: date, direction: Direction) -> date | None:
    """The day a form without a time names; None if `text` is no day form."""
    if match := _ISO.fullmatch(text):
        if match[4] is None:  # 'YYYY-MM-DD' alone; a time is read by the caller
            return _exact(text, int(match[1]), int(match[2]), int(match[3]))
        return None
    if text in _NAMED_DAYS:
        return today + timedelta(days=_NAMED_DAYS[text])
    if text in _PERIOD_ENDS:
        return _period_end(text, today)
    if (match := _AGO.fullmatch(text)) and (amount := _amount(match[1], "dwmy")):
        return today - _delta(*amount)
    if (match := _AHEAD.fullmatch(text)) and (amount := _amount(match[1], "dwmy")):
        return today + _delta(*amount)
    if (match := _WEEKDAY.fullmatch(text)) and (weekday := _WEEKDAYS.get(match[2])) is not None:
        way = {"last": PAST, "next": FUTURE}.get(match[1] or "", direction)
        # Strictly before (after) today: on a Monday, 'monday' means a week ago (ahead).
        if way is FUTURE:
            return today + timedelta(days=(weekday - today.weekday()) % 7 or 7)
        return today - timedelta(days=(today.weekday() - weekday) % 7 or 7)
    for pattern, month_group, day_group in ((_MONTH_FIRST, 1, 2), (_DAY_FIRST, 2, 1)):
        if (match := pattern.fullmatch(text)) and (month := _MONTHS.get(match[month_group])):
            day_number = int(match[day_group])
            if match[3]:
                return _exact(text, int(match[3]), month, day_number)
            return _nearest(text, month, day_number, today, direction)
    return None


def _exact(text: str, year: int, month: int, day: int) -> date:
    try:
        return date(year, month, day)
    except ValueError:
        raise UserError(f"date {text!r} does not exist: {DATE_FORMS}") from None


def _nearest(text: str, month: int, day: int, today: date, direction: Direction) -> date:
    """The month and day nearest today on the option's side of it, today included."""
    step = 1 if direction is FUTURE else -1
    for years in range(_LEAP_SEARCH_YEARS):
        try:
            found = date(today.year + step * years, month, day)
        except ValueError:
            continue  # 29 February in a common year, or a day no month has (tried again below)
        if (found >= today) if direction is FUTURE else (found <= today):
            return found
    raise UserError(f"date {text!r} does not exist: {DATE_FORMS}")


def _period_end(name: str, today: date) -> date:
    """The last day of this week (Sunday), month or quarter: today when it is that day."""
    if name == "eow":
        return today + timedelta(days=6 - today.weekday())
    month = today.month if name == "eom" else 3 * ((today.month - 1) // 3) + 3
    return date(today.year, month, month_length(today.year, month))


def _time_of_day(text: str, match: re.Match[str]) -> time:
    """The time in a `_TIMED` match: 24-hour 'HH:MM[:SS]', or 1-12 with am/pm."""
    hour, minute, second = int(match[2]), int(match[3] or 0), int(match[4] or 0)
    if match[5]:
        if not 1 <= hour <= 12:
            raise UserError(f"cannot read time in {text!r}: with am/pm the hour is 1 to 12")
        hour = hour % 12 + (12 if match[5] == "pm" else 0)
    if hour > 23 or minute > 59 or second > 59:
        raise UserError(f"cannot read time in {text!r}: use HH:MM (14:30) or 9am, 6:15pm")
    return time(hour, minute, second)


# Month names for text output, fixed in English: a locale's %b would make output vary by
# machine, and netcrm's other words are English.
MONTH_NAMES = ("Jan", "Feb", "Mar", "Apr", "May", "Jun", "Jul", "Aug", "Sep", "Oct", "Nov", "Dec")


def human_day(value: date | datetime | None) -> str:
    """A day as people read it: '20 Nov 2026' ('' for nothing). JSON keeps ISO.

    The one spelling of a day in text output; the year is always written, so a line means
    the same whichever year it is read in."""
    if value is None:
        return ""
    day = value.date() if isinstance(value, datetime) else value
    return f"{human_day_month(day)} {day.year}"


def human_day_month(day: date) -> str:
    """The day of a yearly date (a birthday, an anniversary) as people say it: '28 Nov'."""
    return f"{day.day} {MONTH_NAMES[day.month - 1]}"


def human_moment(at: datetime | None, has_time: bool) -> str:
    """A stored moment as people read it: '20 Nov 2026 19:00', or '20 Nov 2026' for a day."""
    if at is None:
        return ""
    return f"{human_day(at)} {at:%H:%M}" if has_time else human_day(at)


def human_birthday(stored: str) -> str:
    """A stored birthday ('1990-11-28' or '--11-28') as people say it: '28 Nov'."""
    month, day = stored[-5:].split("-")
    return human_day_month(date(2000, int(month), int(day)))  # 2000 holds 29 February


def human_month(key: str) -> str:
    """A 'YYYY-MM' month as people read it: 'Nov 2026'."""
    year, month = key.split("-")
    return f"{MONTH_NAMES[int(month) - 1]} {year}"


# A piece of a Phrase: text, a day (ISO in its plain form, '20 Nov 2026' when read), a
# moment with its time (a datetime: '2026-11-20T19:00' / '20 Nov 2026 19:00'), or a pair of
# spellings (plain, read) for what has no ISO form.
PhrasePart = str | date | tuple[str, str]


class Phrase(str):
    """A sentence with days in it that keeps the days as days.

    It is a str, and that str is the plain form: days written in ISO, exactly as JSON, CSV
    and ICS have always carried it, so a reason or a plan line stored in a Phrase changes no
    machine-read output. Text output prints `readable(...)` of it instead, the same sentence
    with each day as people read it. Stored text inside is never rewritten: only the parts
    that were handed in as days change.
    """

    parts: tuple[PhrasePart, ...]

    def __new__(cls, *parts: PhrasePart) -> Phrase:
        made = super().__new__(cls, "".join(_plain_part(part) for part in parts))
        made.parts = parts
        return made

    @property
    def readable(self) -> str:
        """The sentence as text output writes it: '20 Nov 2026' for each day."""
        return "".join(_readable_part(part) for part in self.parts)


def readable(text: str) -> str:
    """What text output prints for `text`: a Phrase's readable form, other text as it is."""
    return text.readable if isinstance(text, Phrase) else text


def yearly_day(day: date) -> tuple[str, str]:
    """A yearly day as a Phrase part: '05 Dec' in its plain form (as JSON always had it),
    '5 Dec' when read."""
    return f"{day.day:02d} {MONTH_NAMES[day.month - 1]}", human_day_month(day)


def joined(pieces: Sequence[str], separator: str) -> list[PhrasePart]:
    """The parts of `separator.join(pieces)` for a Phrase, keeping each piece's days."""
    parts: list[PhrasePart] = []
    for index, piece in enumerate(pieces):
        parts.extend((separator, piece) if index else (piece,))
    return parts


def _plain_part(part: PhrasePart) -> str:
    if isinstance(part, str):
        return part
    if isinstance(part, tuple):
        return part[0]
    if isinstance(part, datetime):
        return part.strftime("%Y-%m-%dT%H:%M")
    return part.isoformat()


def _readable_part(part: PhrasePart) -> str:
    if isinstance(part, str):
        return readable(part)
    if isinstance(part, tuple):
        return part[1]
    if isinstance(part, datetime):
        return human_moment(part, True)
    return human_day(part)
