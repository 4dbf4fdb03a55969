"""Output for promises and introductions: listings, and what promise/kept/intro did."""

from collections.abc import Sequence
from typing import TYPE_CHECKING

from netcrm.core.dates import human_day, human_day_month, human_moment
from netcrm.render.output import emit_json, lateness, line, table
from netcrm.services.shapes import intro_json, introduced_json, promise_json, reminder_json

if TYPE_CHECKING:
    from datetime import date

    from netcrm.services.commitments.intros import Introduced, IntroSide
    from netcrm.services.commitments.promises import PromiseRow
    from netcrm.services.commitments.reminders import ReminderRow, Reminders


def promised(row: "PromiseRow", *, as_json: bool = False) -> None:
    """`promise`: its id, to whom, and its due day; or the promise as `promises --json` has it."""
    if as_json:
        emit_json(promise_json(row))
        return
    line(
        f"promise #{row.promise.id} to #{row.promise.contact_id} {row.name} "
        f"due {human_day(row.promise.due_on)}"
    )


def kept(row: "PromiseRow", *, as_json: bool = False) -> None:
    """`kept`: which promise, to whom, and the day it was kept."""
    if as_json:
        emit_json(promise_json(row))
        return
    assert row.promise.kept_at is not None
    day = human_day(row.promise.kept_at)
    line(f"kept promise #{row.promise.id} to {row.name} on {day}")


def introduced(made: "Introduced", *, as_json: bool = False) -> None:
    """`intro`: the two contacts and the day."""
    if as_json:
        emit_json(introduced_json(made))
        return
    line(
        f"introduced #{made.a.id} {made.a.name} and #{made.b.id} {made.b.name} "
        f"on {human_day(made.introduction.made_at)}"
    )


def promises(rows: Sequence["PromiseRow"], as_of: "date", *, as_json: bool) -> None:
    """`promises`: JSON or the table."""
    if as_json:
        emit_json([promise_json(row) for row in rows])
    else:
        promises_table(rows, as_of)


def intros(pairs: Sequence[tuple["IntroSide", "IntroSide"]], *, as_json: bool) -> None:
    """`intros`: JSON or the table."""
    if as_json:
        emit_json([intro_json(a, b) for a, b in pairs])
    else:
        intros_table(pairs)


def promises_table(rows: Sequence["PromiseRow"], as_of: "date") -> None:
    """`promises` as text: what, to whom, by when, and how late."""
    if not rows:
        line("No promises to show. Make one with: netcrm promise ada 'send the paper'")
        return
    table(
        ["id", "to", "promise", "due", "state"],
        [
            [
                f"#{row.promise.id}",
                f"#{row.promise.contact_id} {row.name}",
                row.promise.text,
                human_day(row.promise.due_on),
                f"kept {human_day(row.promise.kept_at)}"
                if row.promise.kept_at
                else _open_state((as_of - row.promise.due_on).days),
            ]
            for row in rows
        ],
    )


def _open_state(late: int) -> str:
    return f"open, {lateness(late)}" if late > 0 else "open"


def reminded(row: "ReminderRow", *, as_json: bool) -> None:
    """`remind`: what was stored, as a line or as one `reminders --json` object."""
    if as_json:
        emit_json(reminder_json(row))
        return
    reminder = row.reminder
    when = (
        f"every year on {human_day_month(reminder.on_day)} from {human_day(reminder.on_day)}"
        if reminder.yearly
        else f"on {human_day(reminder.on_day)}"
    )
    line(
        f"{row.kind.value} #{reminder.id} for #{reminder.contact_id} {row.name} {when}: "
        f"{reminder.text}"
    )


def reminders(found: "Reminders", *, as_json: bool) -> None:
    """`reminders`: the list (JSON or a table), or which one `--done` ended."""
    if found.ended is not None:
        if as_json:
            emit_json(reminder_json(found.ended))
        else:
            line(f"reminder #{found.ended.reminder.id} for {found.ended.name} done")
        return
    if as_json:
        emit_json([reminder_json(row) for row in found.rows])
        return
    if not found.rows:
        line("No reminders. Set one with: netcrm remind ada 'ask about the move' --on 'dec 3'")
        return
    table(
        ["id", "for", "on", "next", "text"],
        [
            [
                f"#{row.reminder.id}",
                f"#{row.reminder.contact_id} {row.name}",
                _on(row),
                reminder_state(row, found.as_of),
                row.reminder.text,
            ]
            for row in found.rows
        ],
    )


def _on(row: "ReminderRow") -> str:
    """'3 Dec 2026', or 'every 9 Dec from 9 Dec 1943' for a yearly one."""
    day = row.reminder.on_day
    return (
        f"every {human_day_month(day)} from {human_day(day)}"
        if row.reminder.yearly
        else human_day(day)
    )


def reminder_state(row: "ReminderRow", as_of: "date") -> str:
    """'done 4 Dec 2026', or when it is next due and how far off (or late) that is."""
    if row.done_on is not None or row.next_on is None:
        return f"done {human_day(row.done_on)}"
    return f"{human_day(row.next_on)} ({lateness((as_of - row.next_on).days)})"


def profile_commitments_text(
    promises: Sequence["PromiseRow"], reminders: Sequence["ReminderRow"], as_of: "date"
) -> None:
    """The open promises and reminders sections of `show`."""
    if promises:
        line(f"Promises ({len(promises)} open):")
        for row in promises:
            promise = row.promise
            late = lateness((as_of - promise.due_on).days)
            line(f"  #{promise.id:<4} due {human_day(promise.due_on)} ({late})  {promise.text}")
    if reminders:
        line(f"Reminders ({len(reminders)} open):")
        for reminder in reminders:
            yearly = " (every year)" if reminder.reminder.yearly else ""
            state = reminder_state(reminder, as_of)
            line(f"  #{reminder.reminder.id:<4} {state}  {reminder.reminder.text}{yearly}")


def intros_table(pairs: Sequence[tuple["IntroSide", "IntroSide"]]) -> None:
    """`intros` as text, newest first."""
    if not pairs:
        line("No introductions yet. Make one with: netcrm intro ada grace --note 'both love Go'")
        return
    table(
        ["id", "date", "introduced", "follow-up", "note"],
        [
            [
                f"#{a.intro_id}",
                human_moment(a.made_at, a.has_time),
                f"#{a.contact_id} {a.name} <-> #{b.contact_id} {b.name}",
                _follow_up_state(a, b),
                a.note or "",
            ]
            for a, b in pairs
        ],
    )


def _follow_up_state(*sides: "IntroSide") -> str:
    """'done' when every side had a later touch, else who is still to be asked."""
    waiting = [side.name for side in sides if side.followed_up_on is None]
    due = human_day(sides[0].follow_up_due)
    return f"ask {', '.join(waiting)} from {due}" if waiting else "done"


def profile_intros_text(sides: Sequence["IntroSide"]) -> None:
    """The introductions section of `show`."""
    if not sides:
        return
    line(f"Introductions ({len(sides)}):")
    for side in sides:
        when = human_moment(side.made_at, side.has_time)
        state = (
            f"followed up {human_day(side.followed_up_on)}"
            if side.followed_up_on
            else f"ask how it went from {human_day(side.follow_up_due)}"
        )
        note = f" ({side.note})" if side.note else ""
        line(f"  {when:<17} to #{side.other_id} {side.other_name}{note}; {state}")
