"""Call windows across time zones: is it a good time to call someone where they are?

Pure: moments in, answers out. A window is a span of the day ("09:00-18:00") on some days of
the week; `[calls]` in the config sets both (core/config.py). The same window applies to the
user (in their own zone) and to each contact (in theirs).
"""

import re
from collections.abc import Sequence
from datetime import date, datetime, time, timedelta, tzinfo
from typing import TYPE_CHECKING, NamedTuple

from netcrm.core.errors import UserError

if TYPE_CHECKING:
    from zoneinfo import ZoneInfo

DAY_NAMES = ("mon", "tue", "wed", "thu", "fri", "sat", "sun")
DEFAULT_WINDOW = "09:00-18:00"
DEFAULT_DAYS = DAY_NAMES[:5]
# A contact whose clock differs from the user's by this many hours or more is "distant":
# `plan week` finds them a time inside both windows.
DISTANT_HOURS = 3
_SPAN = re.compile(r"\s*(\d{1,2}):(\d{2})\s*-\s*(\d{1,2}):(\d{2})\s*")


class CallWindow(NamedTuple):
    """Hours of the day (start inclusive, end exclusive) on some weekdays (0 = Monday)."""

    start: time
    end: time
    days: frozenset[int]

    def holds(self, local: datetime) -> bool:
        """The local moment falls inside the window."""
        return local.weekday() in self.days and self.start <= local.time() < self.end


def parse_window(text: str) -> tuple[time, time]:
    """'09:00-18:00' -> (09:00, 18:00); a UserError says what is accepted."""
    match = _SPAN.fullmatch(text)
    problem = 'a window is "HH:MM-HH:MM" with the start before the end, e.g. "09:00-18:00"'
    if not match:
        raise UserError(problem)
    h1, m1, h2, m2 = (int(part) for part in match.groups())
    if h1 > 23 or h2 > 24 or m1 > 59 or m2 > 59 or (h2 == 24 and m2):
        raise UserError(problem)
    start = time(h1, m1)
    end = time.max if h2 == 24 else time(h2, m2)
    if not start < end:
        raise UserError(problem)
    return start, end


def parse_days(names: list[str]) -> frozenset[int]:
    """['mon', 'tue'] -> {0, 1}; a UserError lists the day names."""
    days = set()
    for name in names:
        key = name.strip().lower()[:3]
        if key not in DAY_NAMES:
            raise UserError(f"unknown day {name!r}: use {', '.join(DAY_NAMES)}")
        days.add(DAY_NAMES.index(key))
    if not days:
        raise UserError("give at least one day")
    return frozenset(days)


def default_window() -> CallWindow:
    """The window with no config: 09:00 to 18:00, Monday to Friday."""
    start, end = parse_window(DEFAULT_WINDOW)
    return CallWindow(start, end, parse_days(list(DEFAULT_DAYS)))


def zone_of(name: str | None) -> "ZoneInfo | None":
    """The ZoneInfo for a stored zone name, None when unset or no longer known."""
    if not name:
        return None
    from zoneinfo import ZoneInfo  # here: most starts of `due` never look a zone up

    try:
        return ZoneInfo(name)
    except (ValueError, OSError, KeyError):
        return None


class TheirTime(NamedTuple):
    """A contact's wall clock at a moment, and whether it is a good time to call."""

    local: datetime
    in_window: bool

    @property
    def clock(self) -> str:
        """'06:40'."""
        return self.local.strftime("%H:%M")


def their_time(now: datetime, mine: tzinfo, zone: tzinfo, window: CallWindow) -> TheirTime:
    """The contact's local time when it is `now` (naive, the user's wall clock) for the user."""
    local = now.replace(tzinfo=mine).astimezone(zone)
    return TheirTime(local.replace(tzinfo=None), window.holds(local))


def offset_hours(on: date, mine: tzinfo, zone: tzinfo) -> float:
    """How many hours the contact's clock is ahead of the user's at noon on a day."""
    noon = datetime.combine(on, time(12))
    here = noon.replace(tzinfo=mine).utcoffset() or timedelta()
    there = noon.replace(tzinfo=mine).astimezone(zone).utcoffset() or timedelta()
    return (there - here).total_seconds() / 3600


def shared_slot(
    day: date, mine: tzinfo, zone: tzinfo, window: CallWindow, step_minutes: int = 30
) -> datetime | None:
    """The first moment on `day` (the user's wall clock) inside both windows, or None."""
    moment = datetime.combine(day, window.start)
    stop = datetime.combine(day, window.end)
    while moment < stop:
        if window.holds(moment) and their_time(moment, mine, zone, window).in_window:
            return moment
        moment += timedelta(minutes=step_minutes)
    return None


def spread_calls(
    days: list[date], people: Sequence[tuple[int, tzinfo]], mine: tzinfo, window: CallWindow
) -> dict[int, datetime | None]:
    """A call time for each person (id, zone), inside both windows, spread over `days`.

    Each person is given the next day in turn (the first on the first day, the second on the
    second, round again when there are more people than days) and takes the first shared
    slot from that day on, wrapping to the earlier days; None when the days hold none. So a
    week's calls to distant places fall on different days rather than all on Monday.
    """
    booked: dict[int, datetime | None] = {}
    # Each day's slot once per zone: a large network's thousands of calls share a few zones.
    slots: dict[tuple[date, tzinfo], datetime | None] = {}
    for turn, (person, zone) in enumerate(people):
        first = turn % len(days) if days else 0
        booked[person] = None
        for day in days[first:] + days[:first]:
            if (day, zone) not in slots:
                slots[day, zone] = shared_slot(day, mine, zone, window)
            if (slot := slots[day, zone]) is not None:
                booked[person] = slot
                break
    return booked
