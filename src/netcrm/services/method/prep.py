"""The `event_prep` due source: the day before an event, who you want to see and what you
know about each of them.

One item per event that has targets, falling due the day before it and listed until the
event's day is over. It belongs to the first target (by name) who is not archived, because a due
item is about a contact (so it is hidden while that target is snoozed, and `due --circle`
shows it only for that target's circle); the reason names every target, with
their interests, their last touch and how you can help them (`due --json` keeps its keys,
so what you know travels in `reason`).

The rows come from one small query on the lean read path (`store.lean.event_prep_rows`, so
`due` loads no database stack); everything else here is plain Python.
"""

from collections.abc import Mapping
from datetime import date, timedelta

from netcrm.core.dates import Phrase, joined
from netcrm.core.domain import DueKind
from netcrm.core.scheduler import ContactFacts, DueItem, make_item
from netcrm.store import lean
from netcrm.store.lean import PrepRow, Reader

__all__ = ["PrepRow", "event_prep_items", "prep_items", "what_you_know"]


def what_you_know(row: PrepRow) -> Phrase:
    """'Ada (interests: compilers; last touch 2026-11-01; you can help: intro to Bob)'."""
    notes: list[str] = [f"interests: {row.interests.strip()}"] if row.interests else []
    if not notes and not row.can_help:
        notes.append("nothing noted yet")
    notes.append(Phrase("last touch ", row.last_touch.date()) if row.last_touch else "no touch yet")
    if row.can_help:
        notes.append(f"you can help: {row.can_help.strip()}")
    return Phrase(f"{row.name} (", *joined(notes, "; "), ")")


def prep_items(
    rows: list[PrepRow], contacts: Mapping[int, ContactFacts], as_of: date
) -> list[DueItem]:
    """One `event_prep` item per event, owned by its first target (by name) not archived;
    listed when `contacts` holds that owner, so `due`, `show` and `list` agree on whose it
    is."""
    by_event: dict[int, list[PrepRow]] = {}
    for row in rows:
        by_event.setdefault(row.event_id, []).append(row)
    items = []
    for targets in by_event.values():
        owner = next((row for row in targets if not row.archived), None)
        if owner is None or owner.contact_id not in contacts:
            continue
        where = f" at {owner.place}" if owner.place else ""
        reason = Phrase(
            f"event_prep: {owner.event} on ",
            owner.on_day,
            f"{where}: see ",
            *joined([what_you_know(row) for row in targets], ", "),
        )
        items.append(
            make_item(
                contacts[owner.contact_id],
                DueKind.EVENT_PREP,
                owner.on_day - timedelta(days=1),
                as_of,
                reason,
                ref=(owner.event, owner.on_day.isoformat()),
            )
        )
    return items


def event_prep_items(
    reader: Reader, contacts: Mapping[int, ContactFacts], as_of: date
) -> list[DueItem]:
    """A due source: the `event_prep` items as of a day."""
    rows = lean.event_prep_rows(reader, as_of, lean.few_ids(contacts.keys()))
    return prep_items(rows, contacts, as_of)
