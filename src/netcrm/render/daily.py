"""Output of the daily loop: the due list, and what `log` and `done` did."""

from collections.abc import Mapping, Sequence
from typing import TYPE_CHECKING

from netcrm.core.dates import human_day, human_moment, readable
from netcrm.render.output import (
    DIM,
    block,
    emit_json,
    lateness,
    line,
    styled_line,
    table,
    urgency_style,
)
from netcrm.services.shapes import (
    corrected_json,
    due_item_json,
    interaction_row_json,
    logged_json,
    step_done_json,
)

if TYPE_CHECKING:
    from netcrm.core.domain import Step
    from netcrm.core.scheduler import DueItem
    from netcrm.services.daily.due import DueReport
    from netcrm.services.daily.interactions import Corrected, InteractionRow
    from netcrm.services.daily.review import Card
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
            human_day(item.due),
            lateness(item.overdue_days),
            readable(item.reason),
        ]
        for item in items
    ]
    styles = []
    for item in items:
        urgency = urgency_style(item.overdue_days)
        styles.append(["", urgency, "", "", urgency, urgency, DIM])
    table(
        ["id", "name", "circle", "what", "due", "when", "why"],
        rows,
        styles=styles,
        color=color,
        whole=("what",),
        optional=("why",),  # cut to a stub ("as…") it says nothing: moved under its row
        beneath=("why",),
    )


def logged(result: "Logged", *, as_json: bool = False) -> None:
    """`log`: what was stored (its time too, when it has one), the step, the promise."""
    if as_json:
        emit_json(logged_json(result))
        return
    row = result.interaction
    when = human_moment(row.occurred_at, row.has_time)
    marks = ([row.give_type] if row.give_type else []) + (["outreach"] if row.outreach else [])
    extra = f" ({', '.join(marks)})" if marks else ""
    line(f"logged {row.channel} with #{result.contact.id} {result.contact.name} on {when}{extra}")
    if result.completed:
        line(f"24-48-7: {result.completed.value} done")
    if result.promise:
        line(f"promise #{result.promise.id} due {human_day(result.promise.due_on)}")
    if result.contact.archived_at is not None:
        line(
            f"#{result.contact.id} {result.contact.name} is archived, so never due: "
            f"bring them back with `netcrm unarchive {result.contact.id}`"
        )


def step_done(contact: "Contact", step: "Step", *, as_json: bool = False) -> None:
    """`done`: which step was ticked off for whom."""
    if as_json:
        emit_json(step_done_json(contact, step))
        return
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
                    human_moment(row.interaction.occurred_at, row.interaction.has_time),
                    f"#{row.interaction.contact_id} {row.name}",
                    row.interaction.channel,
                    row.interaction.value or "",
                    row.interaction.summary,
                ]
                for row in rows
            ],
        )


def describe_interaction(row: "InteractionRow") -> str:
    """`#5 with #1 Ada Lovelace: 21 Nov 2026 14:30 coffee [give] lunch`."""
    touch = row.interaction
    when = human_moment(touch.occurred_at, touch.has_time)
    value = f" [{touch.value}]" if touch.value else ""
    summary = f" {touch.summary}" if touch.summary else ""
    return (
        f"#{touch.id} with #{touch.contact_id} {row.name}: {when} {touch.channel}{value}{summary}"
    )


def corrected(result: "Corrected", verb: str, *, as_json: bool = False) -> None:
    """`interaction edit` / `rm`: what is stored now, and the 24-48-7 steps that moved."""
    if as_json:
        emit_json(corrected_json(result, deleted=verb == "deleted"))
        return
    if verb == "updated" and not result.changed:
        line(f"interaction {describe_interaction(result.row)}: nothing to change")
        return
    line(f"{verb} interaction {describe_interaction(result.row)}")
    for move in result.steps:
        if move.by is None:
            line(f"24-48-7: {move.step.value} is open again")
        elif move.by.id == result.row.interaction.id:
            line(f"24-48-7: {move.step.value} done on {human_day(move.by.occurred_at)}")
        else:
            line(
                f"24-48-7: {move.step.value} now done by interaction #{move.by.id} "
                f"({human_day(move.by.occurred_at)})"
            )


# What a `review` card shows of the history: enough to remember where you left off.
LAST_TOUCHES = 3
# The keys of `review`, in the order the help line lists them, with what each does.
REVIEW_KEYS = {
    "l": "log",
    "d": "done",
    "k": "kept",
    "s": "snooze",
    "a": "archive",
    "n": "skip",
    "o": "open",
    "q": "quit",
}
REVIEW_HELP = "l log  d step done  k kept  s snooze  a archive  n skip  o profile  q quit > "
# The summary line names what was done in this order ("logged 1, snoozed 1, skipped 2").
REVIEW_DONE = {
    "log": "logged",
    "done": "done",
    "kept": "kept",
    "snooze": "snoozed",
    "archive": "archived",
    "skip": "skipped",
}


def review_card(card: "Card", position: int, color: str = "auto") -> None:
    """One item of `review`: what is due and why (coloured by urgency, as `due` colours it),
    then what helps to act on it."""
    item, found = card.item, card.profile
    contact = found.contact
    line("")
    line(f"[{position}] #{item.contact_id} {item.name}  ({item.circle.value} circle)")
    urgency = urgency_style(item.overdue_days)
    styled_line(
        [
            (f"  {item.what}: ", ""),
            (f"due {human_day(item.due)} ({lateness(item.overdue_days)})", urgency),
        ],
        color,
    )
    styled_line([("  Why: ", ""), (readable(item.reason), DIM)], color)
    touches = found.interactions[:LAST_TOUCHES]
    line("  Last touches:" if touches else "  Last touches: none yet")
    for touch in touches:
        when = human_moment(touch.occurred_at, touch.has_time)
        value = f" [{touch.value}]" if touch.value else ""
        block(f"    {when:<17} {touch.channel:<8}{value} ", touch.summary)
    for label, text in (
        ("You can help with", contact.can_help),
        ("Family", contact.family),
        ("Hobbies", contact.hobbies),
    ):
        if text:
            block(f"  {label}: ", text)
    if found.promises:
        line("  Open promises:")
        for row in found.promises:
            line(f"    #{row.promise.id} due {human_day(row.promise.due_on)}: {row.promise.text}")


def review_question(action: str, card: "Card") -> str | None:
    """The line an action of `review` asks for, or None when it needs no answer."""
    if action == "log":
        return "touch (summary, @channel, +give/+share/+ask; 'yesterday: ...' dates it): "
    if action == "snooze":
        return "snooze until (e.g. 'in 2w', friday, 2027-01-10): "
    if action == "kept" and len(card.profile.promises) > 1:
        return "which promise (its #id)? "
    return None


def review_summary(counts: dict[str, int], *, finished: bool) -> None:
    """The line `review` ends with: what was done, in the order of REVIEW_DONE."""
    if finished:
        line("Nothing more due.")
    done = [
        f"{word} {counts[action]}" for action, word in REVIEW_DONE.items() if counts.get(action)
    ]
    line(f"review: {', '.join(done)}" if done else "review: nothing done")
