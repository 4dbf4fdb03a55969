"""Output of the daily loop: the due list, and what `log` and `done` did."""

from collections.abc import Mapping, Sequence
from typing import TYPE_CHECKING

from netcrm.core.dates import iso_day, iso_moment
from netcrm.render.output import DIM, emit_json, lateness, line, table, urgency_style
from netcrm.services.shapes import due_item_json, interaction_row_json

if TYPE_CHECKING:
    from netcrm.core.domain import Step
    from netcrm.core.scheduler import DueItem
    from netcrm.services.daily.due import DueReport
    from netcrm.services.daily.interactions import Corrected, InteractionRow
    from netcrm.services.daily.touches import Logged
    from netcrm.store.models import Contact

NOTHING_DUE = "Nothing due. A good day to give something to someone."
NO_CONTACTS = 'No contacts yet. Add your first: netcrm add "Ada Lovelace" --circle inner'


def due(report: "DueReport", *, as_json: bool, quiet: bool, color: str = "auto") -> None:
    """`due`: JSON, the table, or a line saying why the list is empty (unless --quiet)."""
    if as_json:
        emit_json([due_item_json(item) for item in report.items])
    elif report.items:
        due_table(report.items, color, report.outside_window)
    elif not quiet:
        line(NOTHING_DUE if report.has_contacts else NO_CONTACTS)


def due_table(
    items: Sequence["DueItem"], color: str = "auto", outside: Mapping[int, str] | None = None
) -> None:
    """The morning list, most urgent first; coloured by urgency, the reason dimmed.

    `outside` marks contacts whose clock is outside the call window now:
    "Grace Hopper (their 06:40)"."""
    marks = outside or {}
    rows = [
        [
            f"#{item.contact_id}",
            item.name + (f" (their {marks[item.contact_id]})" if item.contact_id in marks else ""),
            item.circle.value,
            item.what,
            item.due.isoformat(),
            lateness(item.overdue_days),
            item.reason,
        ]
        for item in items
    ]
    styles = []
    for item in items:
        urgency = urgency_style(item.overdue_days)
        styles.append(["", urgency, "", "", urgency, urgency, DIM])
    table(["id", "name", "circle", "what", "due", "when", "why"], rows, styles=styles, color=color)


def logged(result: "Logged") -> None:
    """`log`: what was stored (its time too, when it has one), the step, the promise."""
    row = result.interaction
    when = row.occurred_at.strftime("%Y-%m-%d %H:%M") if row.has_time else iso_day(row.occurred_at)
    marks = ([row.give_type] if row.give_type else []) + (["outreach"] if row.outreach else [])
    extra = f" ({', '.join(marks)})" if marks else ""
    line(f"logged {row.channel} with #{result.contact.id} {result.contact.name} on {when}{extra}")
    if result.completed:
        line(f"24-48-7: {result.completed.value} done")
    if result.promise:
        line(f"promise #{result.promise.id} due {result.promise.due_on.isoformat()}")
    if result.contact.archived_at is not None:
        line(
            f"#{result.contact.id} {result.contact.name} is archived, so never due: "
            f"bring them back with `netcrm unarchive {result.contact.id}`"
        )


def step_done(contact: "Contact", step: "Step") -> None:
    """`done`: which step was ticked off for whom."""
    line(f"24-48-7: {step.value} done for #{contact.id} {contact.name}")


def interactions(rows: Sequence["InteractionRow"], *, as_json: bool) -> None:
    """`interaction list`: JSON, or a table newest first."""
    if as_json:
        emit_json([interaction_row_json(row) for row in rows])
    elif not rows:
        line("No interactions.")
    else:
        table(
            ["id", "when", "contact", "channel", "value", "summary"],
            [
                [
                    f"#{row.interaction.id}",
                    iso_moment(row.interaction.occurred_at, row.interaction.has_time) or "",
                    f"#{row.interaction.contact_id} {row.name}",
                    row.interaction.channel,
                    row.interaction.value or "",
                    row.interaction.summary,
                ]
                for row in rows
            ],
        )


def describe_interaction(row: "InteractionRow") -> str:
    """`#5 with #1 Ada Lovelace: 2026-11-21 14:30 coffee [give] lunch`."""
    touch = row.interaction
    when = iso_moment(touch.occurred_at, touch.has_time)
    value = f" [{touch.value}]" if touch.value else ""
    summary = f" {touch.summary}" if touch.summary else ""
    return (
        f"#{touch.id} with #{touch.contact_id} {row.name}: {when} {touch.channel}{value}{summary}"
    )


def corrected(result: "Corrected", verb: str) -> None:
    """`interaction edit` / `rm`: what is stored now, and the 24-48-7 steps that moved."""
    if verb == "updated" and not result.changed:
        line(f"interaction {describe_interaction(result.row)}: nothing to change")
        return
    line(f"{verb} interaction {describe_interaction(result.row)}")
    for move in result.steps:
        if move.by is None:
            line(f"24-48-7: {move.step.value} is open again")
        elif move.by.id == result.row.interaction.id:
            line(f"24-48-7: {move.step.value} done on {move.by.occurred_at.date().isoformat()}")
        else:
            line(
                f"24-48-7: {move.step.value} now done by interaction #{move.by.id} "
                f"({move.by.occurred_at.date().isoformat()})"
            )
