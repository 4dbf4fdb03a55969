"""The due sources: every kind of due item besides cadences and 24-48-7 steps.

Each is a function `(reader, contacts_by_id, as_of) -> [DueItem]` that reads through the lean
read path (store/lean.py) and builds its items with `scheduler.make_item`, so `due` never
loads the database stack, and `show` and `list` run the very same code on their session's
connection. A new kind of reminder is one function appended to `DUE_SOURCES`.
"""

from collections.abc import Callable, Mapping
from datetime import date, timedelta

from netcrm.core.domain import DueKind
from netcrm.core.scheduler import (
    INTRO_FOLLOW_UP_DAYS,
    ContactFacts,
    DueItem,
    birthday_item,
    make_item,
    yearly_turn,
)
from netcrm.services.method.prep import event_prep_items
from netcrm.services.transfer.career import CONGRATULATE_DAYS, describe
from netcrm.store import lean
from netcrm.store.lean import Reader

DueSource = Callable[[Reader, Mapping[int, ContactFacts], date], list[DueItem]]


def promise_due_items(
    reader: Reader, contacts: Mapping[int, ContactFacts], as_of: date
) -> list[DueItem]:
    """Each promise still open on as-of is a `commitment` item."""
    return [
        make_item(
            contacts[row.contact_id],
            DueKind.COMMITMENT,
            row.due_on,
            as_of,
            row.text,
            ref=(row.made_at.isoformat(), row.text),
        )
        for row in lean.open_promises(reader, as_of, lean.few_ids(contacts.keys()))
        if row.contact_id in contacts
    ]


def intro_due_items(
    reader: Reader, contacts: Mapping[int, ContactFacts], as_of: date
) -> list[DueItem]:
    """An `intro_follow_up` per party until a later touch with that party.

    Each item's ref names the introduction by both parties' stable uids and when it was made.
    """
    return [
        make_item(
            contacts[side.contact_id],
            DueKind.INTRO_FOLLOW_UP,
            side.made_at.date() + timedelta(days=INTRO_FOLLOW_UP_DAYS),
            as_of,
            f"ask how the introduction to {side.other_name} went",
            ref=(*side.uids, side.made_at.isoformat()),
        )
        for side in lean.open_intros(reader, as_of, lean.few_ids(contacts.keys()))
        if side.contact_id in contacts
    ]


def congratulations(
    reader: Reader, contacts: Mapping[int, ContactFacts], as_of: date
) -> list[DueItem]:
    """One `congratulate` item per career change of the last 14 days not yet answered by a touch.

    The item falls due on the day the news was imported; any interaction logged on or after
    that day counts as the congratulation.
    """
    since = as_of - timedelta(days=CONGRATULATE_DAYS - 1)
    items = []
    for change in lean.career_news(reader, since, lean.few_ids(contacts.keys())):
        contact = contacts.get(change.contact_id)
        if contact is None:
            continue
        if contact.last_touch is not None and contact.last_touch.date() >= change.changed_on:
            continue
        news = describe(change.old_company, change.new_company, change.old_role, change.new_role)
        items.append(
            make_item(
                contact,
                DueKind.CONGRATULATE,
                change.changed_on,
                as_of,
                f"career news: {news}; congratulate them",
                period_days=CONGRATULATE_DAYS,
                ref=(change.changed_on.isoformat(), news),
            )
        )
    return items


def birthday_due_items(
    reader: Reader, contacts: Mapping[int, ContactFacts], as_of: date
) -> list[DueItem]:
    """Each stored birthday's turn (`scheduler.birthday_item`)."""
    del reader  # birthdays are in the contact facts already
    return [item for contact in contacts.values() if (item := birthday_item(contact, as_of))]


def next_turn(on_day: date, yearly: bool, as_of: date, answered: date | None) -> date:
    """The day a reminder is due as of a day: its day, or a yearly one's turn (see
    `scheduler.yearly_turn`: `answered` is the contact's latest touch)."""
    if not yearly or on_day >= as_of:
        return on_day
    return yearly_turn(on_day.month, on_day.day, as_of, answered)


def reminder_due_items(
    reader: Reader, contacts: Mapping[int, ContactFacts], as_of: date
) -> list[DueItem]:
    """Open `reminder`s, and each yearly one's turn as an `anniversary`."""
    items = []
    for reminder in lean.open_reminders(reader, as_of, lean.few_ids(contacts.keys())):
        contact = contacts.get(reminder.contact_id)
        if contact is None:
            continue
        answered = contact.last_touch.date() if contact.last_touch else None
        if not reminder.yearly and answered is not None and answered >= reminder.on_day:
            continue  # a touch on or after its day cleared it
        label = "anniversary" if reminder.yearly else "reminder"
        items.append(
            make_item(
                contact,
                DueKind.ANNIVERSARY if reminder.yearly else DueKind.REMINDER,
                next_turn(reminder.on_day, reminder.yearly, as_of, answered),
                as_of,
                f"{label}: {reminder.text}",
                ref=(reminder.created_at.isoformat(), reminder.text),
            )
        )
    return items


DUE_SOURCES: list[DueSource] = [
    promise_due_items,  # open promises: `commitment`
    intro_due_items,  # a week after an introduction: `intro_follow_up`
    congratulations,  # career news seen in an import: `congratulate`
    birthday_due_items,  # a stored birthday: `birthday`
    reminder_due_items,  # `remind`: `reminder`, and with --yearly `anniversary`
    event_prep_items,  # the day before an event with targets: `event_prep`
]
