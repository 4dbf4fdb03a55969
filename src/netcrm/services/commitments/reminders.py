"""Dates that matter: reminders you set (`remind`, `reminders`) and birthdays, in `due`.

A one-off reminder falls due on its day and stays until `reminders --done ID`, or until a
touch with the contact on or after that day (derived when read, never written). A yearly one
(`--yearly`: a work anniversary, say) comes back every year on its day, like a birthday: it
is listed from the day for a week (`scheduler.BELATED_DAYS`) unless a touch on or after the
day answers it; `reminders --done ID` ends it for good.
"""

import re
from collections.abc import Collection
from dataclasses import dataclass
from datetime import date, datetime

from sqlalchemy import func, select
from sqlmodel import Session, col

from netcrm.core.dates import FUTURE, human_day, parse_date
from netcrm.core.domain import DueKind
from netcrm.core.errors import NotFoundError, UserError
from netcrm.services.daily.sources import next_turn
from netcrm.services.queries import dated_by, day_of
from netcrm.services.resolve import resolve_contact
from netcrm.store.models import Contact, Interaction, Reminder

_ID = re.compile(r"#?(\d+)")


@dataclass(frozen=True)
class ReminderRow:
    """One reminder with its contact's name and, once over, the day it ended.

    `done_on` is the day of `reminders --done`, or for a one-off reminder the first day on or
    after its day with a touch, whichever came first; None while it is open.
    """

    reminder: Reminder
    name: str
    done_on: date | None
    # The day it is due next (a yearly one's turn, a week late at most); None once done.
    next_on: date | None = None

    @property
    def kind(self) -> DueKind:
        """`anniversary` when it comes back every year, else `reminder`."""
        return DueKind.ANNIVERSARY if self.reminder.yearly else DueKind.REMINDER


@dataclass(frozen=True)
class Reminders:
    """What `reminders` shows: the list, or the reminder `--done` just ended."""

    rows: list[ReminderRow]
    as_of: date
    ended: ReminderRow | None = None


def add_reminder(
    session: Session, ref: str, text: str, on: str, now: datetime, *, yearly: bool = False
) -> ReminderRow:
    """`netcrm remind`: a reminder for a contact on a day (facing the future: 'dec 3').

    A one-off reminder needs today or a later day; a yearly one may start in the past (the
    day someone joined a company, for their work anniversary).
    """
    what = text.strip()
    if not what:
        raise UserError("a reminder needs a text: what should it remind you of?")
    contact = resolve_contact(session, ref)
    assert contact.id is not None
    day = parse_date(on, now, direction=FUTURE)
    if not yearly and day < now.date():
        raise UserError(
            f"reminder day {human_day(day)} is in the past: give today or a later day, "
            "or --yearly for a date that comes back every year"
        )
    reminder = Reminder(contact_id=contact.id, text=what, on_day=day, yearly=yearly, created_at=now)
    session.add(reminder)
    session.flush()
    return ReminderRow(reminder, contact.name, None)


def reminders(
    session: Session,
    now: datetime,
    *,
    include_done: bool = False,
    done: str | None = None,
) -> Reminders:
    """`netcrm reminders`: open reminders by day (all with `include_done`), or end one."""
    today = now.date()
    if done is not None:
        return Reminders([], today, end_reminder(session, done, now))
    rows = reminder_rows(session, today)
    if not include_done:
        rows = [row for row in rows if row.done_on is None]
    return Reminders(rows, today)


def end_reminder(session: Session, ref: str, now: datetime) -> ReminderRow:
    """Mark a reminder done now: a one-off one is cleared, a yearly one stops for good."""
    match = _ID.fullmatch(ref.strip())
    found = match and next(
        (row for row in reminder_rows(session, now.date(), int(match.group(1)))), None
    )
    if not found:
        raise NotFoundError(f"no reminder {ref.strip()!r}; see `netcrm reminders --all` for ids")
    if found.done_on is not None:
        raise UserError(f"reminder #{found.reminder.id} is already done ({found.done_on})")
    found.reminder.done_at = now
    session.add(found.reminder)
    return ReminderRow(found.reminder, found.name, now.date())


def reminder_rows(
    session: Session,
    as_of: date,
    reminder_id: int | None = None,
    contact_ids: Collection[int] | None = None,
) -> list[ReminderRow]:
    """Reminders set by as-of, by day then id, each with the day it ended (if by as-of)."""
    occurred = col(Interaction.occurred_at)
    # The first touch on or after the reminder's day (and by as-of): what clears a one-off.
    first_touch = (
        select(func.min(occurred))
        .where(
            col(Interaction.contact_id) == col(Reminder.contact_id),
            day_of(occurred) >= col(Reminder.on_day),
            dated_by(occurred, as_of),
        )
        .correlate(Reminder)
        .scalar_subquery()
    )
    last_touch = (
        select(func.max(occurred))
        .where(col(Interaction.contact_id) == col(Reminder.contact_id), dated_by(occurred, as_of))
        .correlate(Reminder)
        .scalar_subquery()
    )
    query = (
        select(Reminder, col(Contact.name), first_touch.label("touched"), last_touch.label("last"))
        .join(Contact, col(Contact.id) == col(Reminder.contact_id))
        .where(dated_by(col(Reminder.created_at), as_of))
    )
    if reminder_id is not None:
        query = query.where(col(Reminder.id) == reminder_id)
    if contact_ids is not None:
        query = query.where(col(Reminder.contact_id).in_(contact_ids))
    rows = []
    for reminder, name, touched, last in session.execute(query):
        ended = []
        if reminder.done_at is not None and reminder.done_at.date() <= as_of:
            ended.append(reminder.done_at.date())
        if touched is not None and not reminder.yearly:
            ended.append(_day(touched))
        done_on = min(ended, default=None)
        upcoming = None
        if done_on is None:
            upcoming = next_turn(
                reminder.on_day, reminder.yearly, as_of, _day(last) if last is not None else None
            )
        rows.append(ReminderRow(reminder, name, done_on, upcoming))
    return sorted(rows, key=lambda row: (row.next_on or row.reminder.on_day, row.reminder.id))


def _day(moment: datetime | str) -> date:
    """The day of a moment a correlated MIN hands back (SQLite: as text)."""
    return moment.date() if isinstance(moment, datetime) else date.fromisoformat(moment[:10])
