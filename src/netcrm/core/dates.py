"""Reading the dates, cadences and offsets a user types.

Everything here is pure: the current moment is always passed in as `now`, so callers and tests
decide what "today" is, and nothing reads the clock or touches files. Every bad input raises
`UserError` with one line saying what was wrong and which forms are accepted.
"""

from __future__ import annotations

import functools
import re
from dataclasses import dataclass
from datetime import date, datetime, time, timedelta

from dateutil.relativedelta import relativedelta

from netcrm.core.errors import UserError

DATE_FORMS = (
    "use YYYY-MM-DD, 'YYYY-MM-DD HH:MM', today, yesterday, tomorrow, now, '3 days ago', "
    "3d ago, 2w ago, a weekday or 'last monday', 'in 2w' or +2w"
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

# ASCII digits only: \d would also accept Arabic-Indic and other Unicode digits.
_ISO = re.compile(r"([0-9]{4})-([0-9]{2})-([0-9]{2})(?:[ t]([0-9]{2}):([0-9]{2})(?::([0-9]{2}))?)?")
_AMOUNT = re.compile(r"([0-9]+) ?([a-z]+)")
_AGO = re.compile(r"(.+) ago")
_AHEAD = re.compile(r"(?:in |\+ ?)(.+)")
_WEEKDAY = re.compile(r"(?:last )?([a-z]+)")

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
# A date prefix is short ("2026-11-20 19:00:30" is 19 characters); capping the candidates
# keeps split_date_prefix linear on long summaries full of colons.
_MAX_PREFIX = 40
_MAX_CADENCE_DAYS = 100 * 365


@dataclass(frozen=True)
class When:
    """A moment the user named: a date-time, or a bare date (has_time False, at = midnight)."""

    at: datetime  # naive local wall-clock time
    has_time: bool

    @property
    def day(self) -> date:
        """The calendar day of this moment."""
        return self.at.date()


def parse_when(text: str, now: datetime, *, allow_future: bool = True) -> When:
    """Read a date or date-time such as '2026-11-20 19:00', 'yesterday', '3d ago' or 'mon'.

    With allow_future False, a moment after `now` is refused; for a bare date only a day
    after today counts as future, so 'today' is always allowed.
    """
    when = _read(_normalize(text), now)
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
        shown = when.at.isoformat(sep=" ", timespec="minutes") if when.has_time else when.day
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


def parse_date(text: str, now: datetime) -> date:
    """Read a date with the same grammar as `parse_when`, dropping any time of day."""
    return parse_when(text, now).day


@functools.lru_cache(maxsize=256)
def parse_cadence(text: str) -> relativedelta:
    """Read how often to keep in touch, such as '2w', '45d', '3 months' or '1y'.

    Cached: the scheduler asks once per contact, nearly always for the same few cadences.
    Callers only add the result to dates (which makes new objects), never change it.
    """
    return _delta(*_cadence(text))


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
    summary does not start with a date followed by a colon. A prefix shaped like a date but
    impossible (such as '2026-02-30:') raises UserError rather than being kept as text.
    """
    # A time has colons of its own ('2026-11-20 19:00: dinner'), so try the longest candidate
    # first: the right-most colon whose prefix reads as a date wins.
    colons = [i for i, c in enumerate(summary[: _MAX_PREFIX + 1]) if c == ":"]
    for i in reversed(colons):
        when = _read(_normalize(summary[:i]), now)
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


def _delta(n: int, unit: str) -> relativedelta:
    """A calendar-aware step: months and years clamp to month ends (31 March - 1m = 28 Feb)."""
    if unit == "m":
        return relativedelta(months=n)
    if unit == "y":
        return relativedelta(years=n)
    return relativedelta(days=n * _NOMINAL_DAYS[unit])


def _on(day: date) -> When:
    """A bare date, held as midnight of that day."""
    return When(datetime.combine(day, time()), has_time=False)


def _read(text: str, now: datetime) -> When | None:
    """Read normalized text; None if it is no date form, UserError if it is an impossible one."""
    today = now.date()
    try:
        if match := _ISO.fullmatch(text):
            year, month, day, hour, minute, second = (int(g) if g else 0 for g in match.groups())
            try:
                at = datetime(year, month, day, hour, minute, second)
            except ValueError:
                raise UserError(f"date {text!r} does not exist: {DATE_FORMS}") from None
            return When(at, has_time=match[4] is not None)
        if text in _NAMED_DAYS:
            return _on(today + timedelta(days=_NAMED_DAYS[text]))
        if text == "now":
            return When(now, has_time=True)
        if (match := _AGO.fullmatch(text)) and (amount := _amount(match[1], "dwmy")):
            return _on(today - _delta(*amount))
        if (match := _AHEAD.fullmatch(text)) and (amount := _amount(match[1], "dwmy")):
            return _on(today + _delta(*amount))
        if (match := _WEEKDAY.fullmatch(text)) and (weekday := _WEEKDAYS.get(match[1])) is not None:
            # Strictly before today: if today is Monday, 'monday' means a week ago.
            return _on(today - timedelta(days=(today.weekday() - weekday) % 7 or 7))
    except (OverflowError, ValueError):
        # Arithmetic past year 1 or 9999, or a number too long for int().
        raise UserError(f"date {text!r} is out of range: {DATE_FORMS}") from None
    return None
