"""The method's yardsticks: the 70-20-10 ledger and the circle sizes. Pure, like the planner."""

from collections import Counter
from collections.abc import Iterable
from datetime import date
from typing import NamedTuple

from netcrm.core.dates import add_months
from netcrm.core.domain import Circle

LEDGER_TARGET: dict[str, int] = {"give": 70, "share": 20, "ask": 10}
# How far (in percentage points) a figure may stray from its target and still count as on it.
LEDGER_TOLERANCE = 5


class Ledger(NamedTuple):
    """How many interactions were give, share, ask and unvalued."""

    give: int = 0
    share: int = 0
    ask: int = 0
    none: int = 0

    @classmethod
    def from_counts(cls, counts: Iterable[tuple[str | None, int]]) -> "Ledger":
        """A ledger from (value, count) pairs, a value repeated or None for unvalued."""
        totals: Counter[str] = Counter()
        for value, count in counts:
            totals[value or "none"] += count
        return cls(**{key: totals[key] for key in ("give", "share", "ask", "none")})

    @property
    def valued(self) -> int:
        """Interactions with a value: the base of the percentages."""
        return self.give + self.share + self.ask

    def pct(self, value: str) -> int | None:
        """The rounded share of `value` among valued interactions; None when there are none."""
        if not self.valued:
            return None
        count: int = getattr(self, value)
        return (200 * count + self.valued) // (2 * self.valued)  # round half up

    def pct_text(self, value: str) -> str:
        """`pct` for people: '63%', or '-' when nothing is valued."""
        pct = self.pct(value)
        return "-" if pct is None else f"{pct}%"

    def on_target(self) -> bool:
        """Give and share at least their targets, ask at most its own (within tolerance)."""
        give, share, ask = (self.pct(value) for value in LEDGER_TARGET)
        if give is None or share is None or ask is None:
            return False
        return (
            give >= LEDGER_TARGET["give"] - LEDGER_TOLERANCE
            and share >= LEDGER_TARGET["share"] - LEDGER_TOLERANCE
            and ask <= LEDGER_TARGET["ask"] + LEDGER_TOLERANCE
        )


def ledger_advice(ledger: Ledger) -> str:
    """One sentence on what to change next, from the figure furthest off its target."""
    if not ledger.valued:
        return "Nothing valued yet: tag what you log with --give, --share or --ask."
    if ledger.on_target():
        return "On target: keep giving first."
    gaps = {
        "ask": (ledger.pct("ask") or 0) - LEDGER_TARGET["ask"],
        "give": LEDGER_TARGET["give"] - (ledger.pct("give") or 0),
        "share": LEDGER_TARGET["share"] - (ledger.pct("share") or 0),
    }
    worst = max(gaps, key=lambda key: gaps[key])
    return {
        "ask": "You ask more than the method suggests: give twice before your next request.",
        "give": "Give more: an introduction, a referral or a helping hand before anything else.",
        "share": "Share more: pass on an article, a tool or an event someone would value.",
    }[worst]


# The method's circle sizes: (at least, at most); None means no upper bound.
CIRCLE_GUIDE: dict[Circle, tuple[int, int | None]] = {
    Circle.INNER: (5, 10),
    Circle.MIDDLE: (30, 50),
    Circle.OUTER: (150, None),
}


def circle_guide(circle: Circle, count: int) -> tuple[str, str]:
    """The guide as text ('5-10', '150+') and whether `count` is 'under', 'ok' or 'over' it."""
    low, high = CIRCLE_GUIDE[circle]
    guide = f"{low}-{high}" if high is not None else f"{low}+"
    if count < low:
        return guide, "under"
    return guide, "over" if high is not None and count > high else "ok"


def last_months(as_of: date, count: int = 12) -> list[str]:
    """'YYYY-MM' for the `count` months ending with as-of's month, oldest first."""
    first = date(as_of.year, as_of.month, 1)
    months = [add_months(first, -back) for back in range(count - 1, -1, -1)]
    # Not strftime("%Y"): it writes year 999 as "999", which is no ISO date.
    return [f"{month.year:04d}-{month.month:02d}" for month in months]
