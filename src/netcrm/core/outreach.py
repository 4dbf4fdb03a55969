"""Outreach and its answers: response rates and derived accessibility, over plain data.

An outreach is a touch the user started (`log --outreach`). It is *answered* when a later
touch with the same contact that is not itself an outreach falls within the reply window
(`[outreach] reply_within`, 14 days by default); it *led to a meeting* when a coffee, call or
meeting touch falls in that window. An outreach whose window is still open and has no answer
yet is *pending*: it counts neither way, so a message sent yesterday is not "ignored".
"""

from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from datetime import date, datetime, time

from dateutil.relativedelta import relativedelta

from netcrm.core.domain import Channel, Rating

MEETING_CHANNELS = frozenset({Channel.COFFEE.value, Channel.CALL.value, Channel.MEETING.value})
# Accessibility is derived only from this many decided outreaches on.
LEAST_OUTREACHES = 3


@dataclass(frozen=True)
class Touch:
    """One logged touch with one contact."""

    id: int
    at: datetime
    outreach: bool
    channel: str


@dataclass(frozen=True)
class Outcome:
    """What became of one outreach: answered True/False (None while pending), a meeting."""

    at: datetime
    answered: bool | None
    meeting: bool


@dataclass(frozen=True)
class Rate:
    """Outreaches decided (answered or not), answered, and followed by a meeting."""

    decided: int = 0
    answered: int = 0
    meetings: int = 0
    pending: int = 0

    def __add__(self, other: "Rate") -> "Rate":
        return Rate(
            self.decided + other.decided,
            self.answered + other.answered,
            self.meetings + other.meetings,
            self.pending + other.pending,
        )


def _after(touch: Touch, outreach: Touch) -> bool:
    """Later than the outreach: a later moment, or the same day and logged after it (a touch
    logged by its day alone sits at midnight, before an outreach sent that morning)."""
    if touch.at > outreach.at:
        return True
    return touch.at.date() == outreach.at.date() and touch.id > outreach.id


def outcomes(touches: Sequence[Touch], as_of: date, within: relativedelta) -> list[Outcome]:
    """Each outreach among one contact's touches (dated by as-of), with what became of it."""
    results = []
    for sent in (touch for touch in touches if touch.outreach):
        end = sent.at + within
        window = [t for t in touches if t is not sent and _after(t, sent) and t.at <= end]
        answered = any(not t.outreach for t in window)
        meeting = any(t.channel in MEETING_CHANNELS for t in window)
        still_open = end >= datetime.combine(as_of, time.max)
        results.append(
            Outcome(sent.at, True if answered else None if still_open else False, meeting)
        )
    return results


def rate_of(results: Iterable[Outcome]) -> Rate:
    """The tally of some outcomes."""
    total = Rate()
    for result in results:
        if result.answered is None:
            total += Rate(pending=1)
        else:
            total += Rate(1, int(result.answered), int(result.meeting))
    return total


def derived_accessibility(rate: Rate) -> Rating | None:
    """High when most decided outreaches were answered, low when most were not; None below
    LEAST_OUTREACHES decided ones, or at exactly half."""
    if rate.decided < LEAST_OUTREACHES or rate.answered * 2 == rate.decided:
        return None
    return Rating.HIGH if rate.answered * 2 > rate.decided else Rating.LOW
