"""Output for the reports: the plan, the giving ledger and the measurements."""

import sys
from typing import TYPE_CHECKING, Any

from netcrm.core.dates import human_day, human_moment, human_month, readable
from netcrm.render.output import bars, emit_json, line, meters, percent, table
from netcrm.services.shapes import balance_json, plan_json, stats_json

if TYPE_CHECKING:
    from netcrm.core.planner import PlanItem
    from netcrm.services.reports.ledger import Balance
    from netcrm.services.reports.plan import Plan
    from netcrm.services.reports.stats import Stats


def plan(made: "Plan", *, as_json: bool, markdown: bool) -> None:
    """`plan`: JSON, a Markdown checklist, or text."""
    if as_json:
        emit_json(plan_json(made))
    elif markdown:
        plan_markdown(made)
    else:
        plan_text(made)


def balance(report: "Balance", *, as_json: bool) -> None:
    """`balance`: JSON or text."""
    if as_json:
        emit_json(balance_json(report))
    else:
        balance_text(report)


def stats(figures: "Stats", *, as_json: bool, color: str = "auto") -> None:
    """`stats`: JSON or text (its charts and bars coloured as `--color` says)."""
    if as_json:
        emit_json(stats_json(figures))
    else:
        stats_text(figures, color)


# ---- balance --------------------------------------------------------------------------------


def balance_text(report: "Balance") -> None:
    """The ledger for people: counts, percentages beside the target, advice, askers."""
    from netcrm.core.measures import LEDGER_TARGET, ledger_advice

    ledger = report.ledger
    line(f"70-20-10 from {human_day(report.start)} to {human_day(report.end)}:")
    rows = [
        [value, str(getattr(ledger, value)), ledger.pct_text(value), f"{target}%"]
        for value, target in LEDGER_TARGET.items()
    ]
    rows.append(["no value", str(ledger.none), "", ""])
    table(["value", "count", "share", "target"], rows)
    line(ledger_advice(ledger))
    given = ", ".join(f"{kind.value} {n}" for kind, n in report.give_types.items())
    line(f"Giving by type: {given}; given least: {report.least_given.value}")
    if report.askers:
        line("Asked more often than given to (all time):")
        for asker in report.askers:
            line(f"  #{asker.contact_id} {asker.name}: {asker.asks} asks, {asker.gives} gives")


# ---- plan -----------------------------------------------------------------------------------


def _progress(item: "PlanItem") -> str:
    return f"{item.progress}/{item.target}" if item.target is not None else str(item.progress)


def plan_text(plan: "Plan") -> None:
    """The plan for people: a tick, progress, the item, and its details indented."""
    line(f"Plan for the {plan.period.value} {human_day(plan.start)} to {human_day(plan.end)}")
    for item in plan.items:
        tick = "x" if item.done else " "
        line(f"[{tick}] {_progress(item):>5}  {readable(item.text)}")
        for detail in item.details:
            line(f"           {readable(detail)}")
    _calls_text(plan, "  ")


def _calls_text(plan: "Plan", indent: str) -> None:
    """The week's calls to distant time zones, each at a time inside both call windows."""
    if not plan.calls:
        return
    line("Calls across time zones (inside your call window and theirs):")
    for call in plan.calls:
        if call.when is None or call.their_time is None:
            line(f"{indent}{call.name} ({call.timezone}): no shared hour left this week")
        else:
            line(
                f"{indent}{call.name} ({call.timezone}): "
                f"{call.when:%a} {human_moment(call.when, True)}"
                f" your time, {call.their_time.strftime('%a %H:%M')} theirs"
            )


def plan_markdown(plan: "Plan") -> None:
    """A checklist to paste into notes."""
    line(f"## Networking plan: {plan.period.value} of {human_day(plan.start)}")
    line("")
    for item in plan.items:
        tick = "x" if item.done else " "
        line(f"- [{tick}] {readable(item.text)} ({_progress(item)})")
        for detail in item.details:
            line(f"  - {readable(detail)}")
    _calls_text(plan, "- ")


# ---- stats ----------------------------------------------------------------------------------


def _months(rows: list[tuple[str, int]]) -> list[tuple[str, int]]:
    """Bars labelled by month as people read them ('Nov 2026'), the counts as they are."""
    return [(human_month(month), n) for month, n in rows]


def _share(pct: int | None) -> float | None:
    return None if pct is None else pct / 100


def stats_charts(stats: "Stats", data: dict[str, Any], color: str = "auto") -> None:
    """`stats` on a terminal: the giving balance beside 70-20-10, the on-time share per
    circle and the touches of the last 12 months, each as a chart."""
    from netcrm.core.measures import LEDGER_TARGET, ledger_advice

    ledger = stats.balance.ledger
    line("")
    meters(
        f"Give, share, ask since {human_day(stats.balance.start)} (target 70-20-10):",
        [
            (value, _share(ledger.pct(value)), target / 100)
            for value, target in LEDGER_TARGET.items()
        ],
        color=color,
    )
    line(f"  {ledger_advice(ledger)}")
    line("")
    meters(
        "Touched on time, by circle:",
        [
            (f"{circle} ({figures['count']})", data["on_time"][circle], None)
            for circle, figures in data["circles"].items()
        ],
        color=color,
    )
    line("")
    bars("Touches per month, last 12 months:", _months(stats.activity), color=color)
    bars("Contacts added per month:", _months(stats.growth), color=color)


def stats_text(stats: "Stats", color: str = "auto") -> None:
    """The measurements for people: charts on a terminal, tables and '#' bars when piped."""
    data = stats_json(stats)
    line(f"Network health as of {human_day(stats.as_of)}")
    if sys.stdout.isatty():
        stats_charts(stats, data, color)
    else:
        stats_tables(stats, data, color)
    _stats_tail(stats, data, color)


def stats_tables(stats: "Stats", data: dict[str, Any], color: str = "auto") -> None:
    """`stats` piped: the circles as a table, '#' bars, the ledger as a table."""
    table(
        ["circle", "contacts", "guide", "", "on time"],
        [
            [
                circle,
                str(figures["count"]),
                figures["guide"],
                figures["status"],
                percent(data["on_time"][circle]),
            ]
            for circle, figures in data["circles"].items()
        ],
        color=color,
    )
    bars("Interactions per month:", _months(stats.activity), color=color)
    bars("Contacts added per month:", _months(stats.growth), color=color)
    balance_text(stats.balance)


def _stats_tail(stats: "Stats", data: dict[str, Any], color: str = "auto") -> None:
    """What `stats` prints after its charts or tables: reliability and reach, in lines."""
    follow, promises = data["follow_up"], data["promises"]
    line(
        f"24-48-7 steps due since {human_day(stats.balance.start)}: {follow['due']}, "
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
    _health_text(data, color)


def _health_text(data: dict[str, Any], color: str = "auto") -> None:
    """The method's health figures: spread, reliability, outreach, quality and depth."""
    diversity = data["diversity"]
    for name in ("company", "location", "timezone", "tag"):
        spread = diversity[f"by_{name}"]
        if spread["groups"]:
            line(
                f"Spread by {name}: {spread['groups']} groups over {spread['known']} contacts; "
                f"largest {spread['largest']} ({percent(spread['largest_share'])})"
            )
    kept = data["reliability"]
    line(
        f"Reliability: {percent(kept['rate'])} of promises kept on time; broken: "
        f"{kept['broken']} ({kept['kept_late']} kept late, {kept['open_past_due']} open past due)"
    )
    reach = data["outreach"]
    circles = ", ".join(
        f"{circle} {percent(found['response_rate'])}"
        for circle, found in reach["by_circle"].items()
    )
    line(
        f"Outreach: {reach['sent']} sent, {reach['answered']} answered "
        f"({percent(reach['response_rate'])}; {circles}); led to a meeting: "
        f"{reach['meetings']} ({percent(reach['meeting_rate'])})"
    )
    bars("Quality connections per month (a second touch):", _months([
        (row["month"], row["added"]) for row in data["quality_connections"]
    ]), color=color)  # fmt: skip
    depth = ", ".join(
        f"{circle} {found['touches']}"
        + (f" ({found['per_contact']}/contact)" if found["contacts"] else "")
        for circle, found in data["depth"].items()
    )
    line(f"Meaningful touches in the last 90 days: {depth}")
