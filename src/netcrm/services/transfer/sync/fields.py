"""The fields `sync vdir` keeps in step, read from a contact or from a card, as plain text.

Each side is turned into the same plain dict (field name -> text, or None when empty) so the
three-way rule of core/merge.py can compare them. Emails, phones, links and addresses are one
field per kind, written as JSON of the entries in their order (preferred first), so adding,
removing or relabelling one is a change of that field. The address-book fields are always
synced; netcrm's private fields only with `[sync] private_fields = true`, and a field that is
not synced is never read from a card, so a card that lacks it never clears it in netcrm.
"""

import json
from collections.abc import Sequence
from datetime import datetime

from sqlalchemy import delete
from sqlmodel import Session, col, select

from netcrm.core.dates import iso_moment
from netcrm.core.details import Entry, Kind, ordered
from netcrm.core.domain import Circle
from netcrm.core.values import tag_keys
from netcrm.services.contacts.changes import set_circle
from netcrm.services.transfer.exporters.vcardout import PRIVATE
from netcrm.services.transfer.importers import Record
from netcrm.store import details
from netcrm.store.models import Contact, ContactTag

Fields = dict[str, str | None]

# Contact columns that are synced as they are: address-book ones, then private ones.
PUBLIC_COLUMNS = ("company", "role", "birthday", "timezone")
PRIVATE_COLUMNS = ("notes", *PRIVATE.values())
# Entry kinds, by the field that holds them.
ENTRY_FIELDS = {"emails": Kind.EMAIL, "phones": Kind.PHONE, "urls": Kind.URL,
                "addresses": Kind.ADDRESS}  # fmt: skip
# Fields a card cannot empty in netcrm (every contact has a name and a circle): a card
# without them leaves netcrm's value alone.
REQUIRED = frozenset({"name", "circle"})


def synced(private: bool) -> tuple[str, ...]:
    """The names of the fields a sync compares, in the order reports list them."""
    public = ("name", *PUBLIC_COLUMNS, *ENTRY_FIELDS, "tags")
    return (*public, *PRIVATE_COLUMNS, "circle", "met") if private else public


def _entries_text(entries: Sequence[Entry], kind: Kind) -> str | None:
    mine = [entry for entry in ordered(entries) if entry.kind == kind.value]
    if not mine:
        return None
    rows = [
        [e.value, e.label, e.preferred, *(e.parts().values() if kind is Kind.ADDRESS else ())]
        for e in mine
    ]
    return json.dumps(rows, ensure_ascii=False)


def _tags_text(tags: Sequence[str]) -> str | None:
    keys = sorted(tag_keys(tags))
    return ",".join(keys) or None


def of_contact(
    contact: Contact, tags: Sequence[str], entries: Sequence[Entry], private: bool
) -> Fields:
    """The synced fields as netcrm holds them."""
    found: Fields = {"name": contact.name}
    for column in (*PUBLIC_COLUMNS, *(PRIVATE_COLUMNS if private else ())):
        found[column] = getattr(contact, column) or None
    for name, kind in ENTRY_FIELDS.items():
        found[name] = _entries_text(entries, kind)
    found["tags"] = _tags_text(tags)
    if private:
        found["circle"] = contact.circle
        found["met"] = iso_moment(contact.met_at, contact.met_has_time) or None
    return found


def of_record(record: Record, private: bool) -> Fields:
    """The synced fields as a card (read by the vCard importer) holds them."""
    found: Fields = {"name": record.name.strip() or None}
    for column in (*PUBLIC_COLUMNS, *(PRIVATE_COLUMNS if private else ())):
        value = record.fields.get(column)
        found[column] = str(value) if value not in (None, "") else None
    for name, kind in ENTRY_FIELDS.items():
        found[name] = _entries_text(record.entries, kind)
    found["tags"] = _tags_text(record.tags)
    if private:
        found["circle"] = record.circle
        found["met"] = iso_moment(record.met_at, record.met_has_time) or None
    return found


def within(card: Fields, ours: Fields) -> Fields:
    """The card's entry and tag fields whose every value netcrm's field also holds."""
    found: Fields = {}
    for name in (*ENTRY_FIELDS, "tags"):
        if card.get(name) is not None and _values(name, card) <= _values(name, ours):
            found[name] = card[name]
    return found


def _values(name: str, side: Fields) -> set[str]:
    """The values in an entry or tag field (entries by value, whatever their labels)."""
    text = side.get(name)
    if text is None:
        return set()
    if name == "tags":
        return set(text.split(","))
    return {str(row[0]) for row in json.loads(text)}


def apply(
    session: Session, contact: Contact, record: Record, changed: Sequence[str], now: datetime
) -> None:
    """Copy the `changed` fields from the card's record onto the contact.

    The record has passed the importer's checks (services/transfer/reading.py), so every
    value is one netcrm stores. A circle move is recorded like `edit --circle`'s.
    """
    assert contact.id is not None
    kinds = [ENTRY_FIELDS[name] for name in changed if name in ENTRY_FIELDS]
    for name in changed:
        if name == "name" and record.name.strip():
            contact.name = record.name.strip()
        elif name in (*PUBLIC_COLUMNS, *PRIVATE_COLUMNS):
            setattr(contact, name, record.fields.get(name) or None)
        elif name == "circle" and record.circle:
            set_circle(session, contact, Circle(record.circle), now)
        elif name == "met":
            contact.met_at, contact.met_has_time = record.met_at, record.met_has_time
        elif name == "tags":
            _replace_tags(session, contact.id, sorted(tag_keys(record.tags)))
    session.add(contact)
    session.flush()
    if kinds:
        held = details.load(session, [contact.id]).get(contact.id, [])
        wanted = {kind.value for kind in kinds}
        kept = [entry for entry in held if entry.kind not in wanted]
        details.replace(
            session, contact.id, ordered([*kept, *(e for e in record.entries if e.kind in wanted)])
        )


def _replace_tags(session: Session, contact_id: int, tags: list[str]) -> None:
    """The contact's tags become exactly `tags` (only the difference is written)."""
    held = set(session.exec(select(ContactTag.tag).where(ContactTag.contact_id == contact_id)))
    gone = sorted(held - set(tags))
    if gone:
        session.execute(
            delete(ContactTag).where(
                col(ContactTag.contact_id) == contact_id, col(ContactTag.tag).in_(gone)
            )
        )
    session.add_all(ContactTag(contact_id=contact_id, tag=tag) for tag in tags if tag not in held)
