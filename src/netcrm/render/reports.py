"""Output for the plan, the giving ledger and the measurements."""

from collections.abc import Sequence
from typing import TYPE_CHECKING, Any

from netcrm.render import line, table

if TYPE_CHECKING:
    from netcrm.core.planner import PlanItem
    from netcrm.services.reports.ledger import Balance
    from netcrm.services.reports.plan import Plan
    from netcrm.services.reports.stats import Stats


# ---- balance --------------------------------------------------------------------------------


def balance_json(report: "Balance") -> dict[str, Any]:
    """`balance --json`: exactly the documented keys."""
    from netcrm.core.measures import LEDGER_TARGET

    ledger = report.ledger
    return {
        "start": report.start.isoformat(),
        "end": report.end.isoformat(),
        "give": ledger.give,
        "share": ledger.share,
        "ask": ledger.ask,
        "none": ledger.none,
        "give_pct": ledger.pct("give"),
        "share_pct": ledger.pct("share"),
        "ask_pct": ledger.pct("ask"),
        "target": dict(LEDGER_TARGET),
        "askers": [
            {"contact_id": a.contact_id, "name": a.name, "asks": a.asks, "gives": a.gives}
            for a in report.askers
        ],
    }


def balance_text(report: "Balance") -> None:
    """The ledger for people: counts, percentages beside the target, advice, askers."""
    from netcrm.core.measures import LEDGER_TARGET, ledger_advice

    ledger = report.ledger
    line(f"70-20-10 from {report.start.isoformat()} to {report.end.isoformat()}:")
    rows = [
        [value, str(getattr(ledger, value)), ledger.pct_text(value), f"{target}%"]
        for value, target in LEDGER_TARGET.items()
    ]
    rows.append(["no value", str(ledger.none), "", ""])
    table(["value", "count", "share", "target"], rows)
    line(ledger_advice(ledger))
    if report.askers:
        line("Asked more often than given to (all time):")
        for asker in report.askers:
            line(f"  #{asker.contact_id} {asker.name}: {asker.asks} asks, {asker.gives} gives")


# ---- plan -----------------------------------------------------------------------------------


def plan_item_json(item: "PlanItem") -> dict[str, Any]:
    """One plan item: exactly the documented keys."""
    return {
        "kind": item.kind,
        "text": item.text,
        "contact_ids": list(item.contact_ids),
        "target": item.target,
        "progress": item.progress,
        "done": item.done,
    }


def plan_json(plan: "Plan") -> dict[str, Any]:
    """`plan --json`."""
    return {
        "period": plan.period.value,
        "start": plan.start.isoformat(),
        "end": plan.end.isoformat(),
        "items": [plan_item_json(item) for item in plan.items],
    }


def _progress(item: "PlanItem") -> str:
    return f"{item.progress}/{item.target}" if item.target is not None else str(item.progress)


def plan_text(plan: "Plan") -> None:
    """The plan for people: a tick, progress, the item, and its details indented."""
    line(f"Plan for the {plan.period.value} {plan.start.isoformat()} to {plan.end.isoformat()}")
    for item in plan.items:
        tick = "x" if item.done else " "
        line(f"[{tick}] {_progress(item):>5}  {item.text}")
        for detail in item.details:
            line(f"           {detail}")


def plan_markdown(plan: "Plan") -> None:
    """A checklist to paste into notes."""
    line(f"## Networking plan: {plan.period.value} of {plan.start.isoformat()}")
    line("")
    for item in plan.items:
        tick = "x" if item.done else " "
        line(f"- [{tick}] {item.text} ({_progress(item)})")
        for detail in item.details:
            line(f"  - {detail}")


# ---- stats ----------------------------------------------------------------------------------


def stats_json(stats: "Stats") -> dict[str, Any]:
    """`stats --json`."""
    return {
        "as_of": stats.as_of.isoformat(),
        "circles": {
            circle.value: {"count": count, "guide": guide, "status": status}
            for circle, (count, guide, status) in stats.circles.items()
        },
        "on_time": {circle.value: share for circle, share in stats.on_time.items()},
        "activity": [{"month": month, "interactions": n} for month, n in stats.activity],
        "growth": [{"month": month, "added": n} for month, n in stats.growth],
        "balance": balance_json(stats.balance),
        "follow_up": {
            "due": stats.follow_up_due,
            "done_on_time": stats.follow_up_on_time,
            "rate": _rate(stats.follow_up_on_time, stats.follow_up_due),
        },
        "promises": {
            "made": stats.promises_made,
            "kept": stats.promises_kept,
            "kept_on_time": stats.promises_on_time,
            "rate": _rate(stats.promises_on_time, stats.promises_made),
        },
        "diversity": {
            "companies": stats.companies,
            "locations": stats.locations,
            "top_companies": [
                {"company": company, "contacts": n} for company, n in stats.top_companies
            ],
        },
    }


def _rate(part: int, whole: int) -> float | None:
    return round(part / whole, 3) if whole else None


def bars(title: str, rows: Sequence[tuple[str, int]]) -> None:
    """A bar chart: Rich colours on a terminal, '#' bars when piped."""
    import sys

    width = 40
    top = max((n for _, n in rows), default=0) or 1
    line(title)
    if sys.stdout.isatty():
        from rich.console import Console

        console = Console()
        for label, n in rows:
            console.print(f"  {label}  [cyan]{'█' * round(width * n / top)}[/cyan] {n}")
        return
    for label, n in rows:
        line(f"  {label}  {'#' * round(width * n / top)} {n}".rstrip())


def stats_text(stats: "Stats") -> None:
    """The measurements for people."""
    data = stats_json(stats)
    line(f"Network health as of {data['as_of']}")
    table(
        ["circle", "contacts", "guide", "", "on time"],
        [
            [
                circle,
                str(figures["count"]),
                figures["guide"],
                figures["status"],
                "-" if data["on_time"][circle] is None else f"{data['on_time'][circle]:.0%}",
            ]
            for circle, figures in data["circles"].items()
        ],
    )
    bars("Interactions per month:", stats.activity)
    bars("Contacts added per month:", stats.growth)
    balance_text(stats.balance)
    follow, promises = data["follow_up"], data["promises"]
    line(
        f"24-48-7 steps due since {stats.balance.start.isoformat()}: {follow['due']}, "
        f"done by their day: {follow['done_on_time']}"
    )
    line(
        f"Promises made: {promises['made']}, kept: {promises['kept']}, "
        f"kept on time: {promises['kept_on_time']}"
    )
    diversity = data["diversity"]
    top = ", ".join(f"{c['company']} ({c['contacts']})" for c in diversity["top_companies"])
    line(
        f"Distinct companies: {diversity['companies']}, locations: {diversity['locations']}"
        + (f"; most contacts at: {top}" if top else "")
    )
