"""Issue 11's table (baseline.toml): its rows, the verdict on each target, the markdown.

Pure: no process is run here. compare.py measures the figures; this module says whether
each row's checks are met and lays the table out with the issue's "today" beside "now".
"""

import tomllib
from collections.abc import Iterable, Sequence
from dataclasses import dataclass, field
from pathlib import Path

BASELINE = Path(__file__).resolve().parent / "baseline.toml"


class BaselineError(Exception):
    """baseline.toml and the bench disagree about the rows or their figures."""


@dataclass(frozen=True)
class Scale:
    """The sizes of a comparison: the issue's, or small ones for a smoke run."""

    small: int = 1_000
    mid: int = 10_000
    large: int = 100_000
    huge: int = 1_000_000
    tasks: int = 10_000
    rows: int = 30_000  # of the LinkedIn export

    def contacts(self, size: str) -> int:
        """The contacts of a size name ("small", "mid", "large", "huge")."""
        value = getattr(self, size)
        assert isinstance(value, int)
        return value


QUICK = Scale(small=100, mid=300, large=1_000, huge=2_000, tasks=300, rows=300)


@dataclass(frozen=True)
class Figures:
    """A row's numbers (by the figure names of baseline.toml), and how to print them."""

    values: dict[str, float]
    now: str  # the measured figures, as the "today" column gives them
    reference: str  # the reference figures of this run


def ms(value: float) -> str:
    """A duration for the table: milliseconds below 10 s, else seconds."""
    return f"{value:,.0f} ms" if value < 10_000 else f"{value / 1000:,.1f} s"


def short(count: int | None) -> str:
    """A size as the issue writes it: 1k, 10k, 100k, 1M (or the plain number)."""
    if count is None:
        return "-"
    for unit, name in ((1_000_000, "M"), (1_000, "k")):
        if count >= unit and count % unit == 0:
            return f"{count // unit}{name}"
    return f"{count:,}"


def times(value: float) -> str:
    """A ratio for the table."""
    return f"{value:.2f}x" if value < 10 else f"{value:.1f}x"


@dataclass(frozen=True)
class Check:
    """One limit on one figure of a row."""

    figure: str
    max: float | None = None
    min: float | None = None


@dataclass(frozen=True)
class Row:
    """One row of the issue's table, as baseline.toml keeps it."""

    key: str
    what: str
    today: str
    target: str
    checks: tuple[Check, ...] = field(default=())


def load_baseline(measured: Iterable[str], path: Path = BASELINE) -> list[Row]:
    """The issue's rows, in its order; exactly the rows whose keys are `measured`."""
    data = tomllib.loads(path.read_text(encoding="utf-8"))
    rows = [
        Row(
            key=entry["key"],
            what=entry["what"],
            today=entry["today"],
            target=entry["target"],
            checks=tuple(Check(**check) for check in entry["checks"]),
        )
        for entry in data["row"]
    ]
    keys = [row.key for row in rows]
    if sorted(keys) != sorted(measured):
        raise BaselineError(f"{path.name} has rows {keys}; the bench measures {list(measured)}")
    return rows


def judge(checks: Sequence[Check], values: dict[str, float]) -> str:
    """ "met", or "missed: " and each failed check with its value and how far off it is."""
    missed = []
    for check in checks:
        if check.figure not in values:
            raise BaselineError(f"baseline.toml checks {check.figure!r}, which is not measured")
        value = values[check.figure]
        if check.max is not None and value > check.max:
            over = f"{value / check.max:.1f}x the limit" if check.max else "over"
            missed.append(f"{figure(check.figure, value)} > {check.max:g} ({over})")
        if check.min is not None and value < check.min:
            missed.append(f"{figure(check.figure, value)} < {check.min:g}")
    return "met" if not missed else "missed: " + "; ".join(missed)


def figure(name: str, value: float) -> str:
    """A figure of baseline.toml with its unit, e.g. "ms@mid 231 ms" or "ratio 4.93x"."""
    kind = name.split("@")[0]
    shown = {
        "ratio": f"{value:.2f}x",
        "ms": f"{value:,.0f} ms",
        "mib": f"{value:,.0f} MiB",
        "values": f"{value:,.0f}",
    }.get(kind, f"{value:g}")
    return f"{name} {shown}"


def describe(row: Row, scale: Scale, per_contact: int) -> str:
    """The row's `what` with the sizes of this run."""
    sizes = {name: short(scale.contacts(name)) for name in ("small", "mid", "large", "huge")}
    return row.what.format(
        **sizes,
        interactions=short(scale.mid * per_contact),
        tasks=short(scale.tasks),
        rows=short(scale.rows),
    )


def table(judged: Sequence[tuple[Row, Figures]], scale: Scale, per_contact: int) -> list[str]:
    """The markdown table: the issue's row and today's figure beside this run's and a verdict."""
    lines = [
        "| what | today (issue 11) | now (this run) | reference (this run) | target | verdict |",
        "|---|---|---|---|---|---|",
    ]
    for row, figures in judged:
        cells = (
            describe(row, scale, per_contact),
            row.today,
            figures.now,
            figures.reference,
            row.target,
            judge(row.checks, figures.values),
        )
        lines.append("| " + " | ".join(cell.replace("|", "\\|") for cell in cells) + " |")
    return lines
