"""Every write of a contact's emails, phones, links and addresses, and the columns they derive.

`contact_detail` is the one source of truth. The contact's `email`, `phone` and `linkedin`
columns are a copy of its preferred entries (core.details.preferred_columns), kept so `list`,
`dupes` and exports read them without a join; `derive` is the only code that writes them, and
every function here that changes entries calls it. tests/cli/test_details.py checks after
every kind of write that the columns equal what the entries derive.
"""

from collections.abc import Iterable, Mapping, Sequence
from typing import Any

from sqlalchemy import delete
from sqlmodel import Session, col, select

from netcrm.core.details import ADDRESS_PARTS, Entry, ordered, preferred_columns
from netcrm.store import bulk
from netcrm.store.models import Contact, ContactDetail

CHUNK = 500  # ids per IN list: far below every back end's limit on bound parameters
DERIVED = ("email", "phone", "linkedin")


def _chunks(ids: Iterable[int]) -> Iterable[list[int]]:
    items = sorted(set(ids))
    for start in range(0, len(items), CHUNK):
        yield items[start : start + CHUNK]


def load(session: Session, ids: Iterable[int] | None = None) -> dict[int, list[Entry]]:
    """The entries of these contacts (of every contact when `ids` is None, in one query),
    preferred first, then in the order they were given."""
    query = select(ContactDetail).order_by(
        col(ContactDetail.contact_id),
        col(ContactDetail.preferred).desc(),
        col(ContactDetail.position),
        col(ContactDetail.id),
    )
    chunks = [None] if ids is None else list(_chunks(ids))
    found: dict[int, list[Entry]] = {}
    for chunk in chunks:
        chosen = query if chunk is None else query.where(col(ContactDetail.contact_id).in_(chunk))
        for row in session.exec(chosen):
            found.setdefault(row.contact_id, []).append(entry_of(row))
    return found


def load_all(session: Session) -> dict[int, list[Entry]]:
    """Every contact's entries (for `dupes`, imports and exports), in one query."""
    return load(session, None)


def entry_of(row: Any) -> Entry:
    """A stored row (a ContactDetail or a mapping-like row) as an entry."""
    return Entry(
        kind=row.kind,
        value=row.value,
        label=row.label,
        preferred=bool(row.preferred),
        **{part: getattr(row, part) for part in ADDRESS_PARTS},
    )


def rows_for(contact_id: int, entries: Sequence[Entry]) -> list[dict[str, Any]]:
    """The rows that store these entries for one contact (one preferred per kind)."""
    return [
        {
            "contact_id": contact_id,
            "kind": entry.kind,
            "value": entry.value,
            "label": entry.label,
            "preferred": entry.preferred,
            "position": position,
            **entry.parts(),
        }
        for position, entry in enumerate(ordered(entries))
    ]


def replace(session: Session, contact_id: int, entries: Sequence[Entry]) -> None:
    """Store exactly these entries for the contact, and derive its columns from them."""
    session.flush()
    session.execute(delete(ContactDetail).where(col(ContactDetail.contact_id) == contact_id))
    bulk.insert_rows(session, ContactDetail, rows_for(contact_id, entries))
    derive(session, [contact_id])


def add_rows(session: Session, rows: Sequence[Mapping[str, Any]]) -> None:
    """Insert entry rows in bulk (an import's); the caller derives the contacts' columns."""
    bulk.insert_rows(session, ContactDetail, rows)


def derive(session: Session, ids: Iterable[int]) -> None:
    """Set the contacts' `email`, `phone` and `linkedin` from their entries: the one writer.

    Only contacts whose columns differ are updated, so a derive that changes nothing records
    nothing in the undo history.
    """
    for chunk in _chunks(ids):
        entries = load(session, chunk)
        current = session.execute(
            select(
                col(Contact.id), col(Contact.email), col(Contact.phone), col(Contact.linkedin)
            ).where(col(Contact.id).in_(chunk))
        ).all()
        changed = []
        for contact_id, *values in current:
            wanted = preferred_columns(entries.get(contact_id, []))
            if dict(zip(DERIVED, values, strict=True)) != wanted:
                changed.append({"id": contact_id, **wanted})
        bulk.update_rows(session, Contact, changed)
    session.expire_all()  # a Contact loaded before now would show the old columns


def drifted(session: Session) -> list[int]:
    """Contacts whose derived columns differ from their entries (doctor, and the tests)."""
    entries = load_all(session)
    rows = session.execute(
        select(col(Contact.id), col(Contact.email), col(Contact.phone), col(Contact.linkedin))
    ).all()
    return [
        contact_id
        for contact_id, *values in rows
        if dict(zip(DERIVED, values, strict=True)) != preferred_columns(entries.get(contact_id, []))
    ]
