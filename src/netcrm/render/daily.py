"""Output of the daily loop: the due list, and what `log` and `done` did."""

from collections.abc import Sequence
from typing import TYPE_CHECKING

from netcrm.core.dates import iso_day
from netcrm.render.output import emit_json, lateness, line, table
from netcrm.services.shapes import due_item_json

if TYPE_CHECKING:
    from netcrm.core.domain import Step
    from netcrm.core.scheduler import DueItem
    from netcrm.services.daily.due import DueReport
    from netcrm.services.daily.touches import Logged
    from netcrm.store.models import Contact

NOTHING_DUE = "Nothing due. A good day to give something to someone."
NO_CONTACTS = 'No contacts yet. Add your first: netcrm add "Ada Lovelace" --circle inner'


def due(report: "DueReport", *, as_json: bool, quiet: bool) -> None:
    """`due`: JSON, the table, or a line saying why the list is empty (unless --quiet)."""
    if as_json:
        emit_json([due_item_json(item) for item in report.items])
    elif report.items:
        due_table(report.items)
    elif not quiet:
        line(NOTHING_DUE if report.has_contacts else NO_CONTACTS)


def due_table(items: Sequence["DueItem"]) -> None:
    """The morning list, most urgent first."""
    rows = [
        [
            f"#{item.contact_id}",
            item.name,
            item.circle.value,
            item.what,
            item.due.isoformat(),
            lateness(item.overdue_days),
            item.reason,
        ]
        for item in items
    ]
    table(["id", "name", "circle", "what", "due", "when", "why"], rows)


def logged(result: "Logged") -> None:
    """`log`: what was stored (its time too, when it has one), the step, the promise."""
    row = result.interaction
    when = row.occurred_at.strftime("%Y-%m-%d %H:%M") if row.has_time else iso_day(row.occurred_at)
    line(f"logged {row.channel} with #{result.contact.id} {result.contact.name} on {when}")
    if result.completed:
        line(f"24-48-7: {result.completed.value} done")
    if result.promise:
        line(f"promise #{result.promise.id} due {result.promise.due_on.isoformat()}")


def step_done(contact: "Contact", step: "Step") -> None:
    """`done`: which step was ticked off for whom."""
    line(f"24-48-7: {step.value} done for #{contact.id} {contact.name}")
