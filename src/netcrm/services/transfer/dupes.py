"""Likely duplicate contacts, and merging two into one."""

from collections import defaultdict
from collections.abc import Callable
from dataclasses import dataclass, field
from typing import Any

from sqlalchemy import delete, or_, update
from sqlmodel import Session, col, select

from netcrm.core.details import Entry
from netcrm.core.errors import UserError
from netcrm.core.fields import FILLABLE
from netcrm.services import entries
from netcrm.services.resolve import resolve_contact
from netcrm.services.transfer.importers import SEEN
from netcrm.services.transfer.keys import (
    email_key,
    linkedin_key,
    name_key,
    phone_key,
    same_value,
)
from netcrm.store import details, undo
from netcrm.store.models import (
    BoardSeat,
    CareerChange,
    CircleChange,
    Contact,
    ContactTag,
    EventMet,
    EventTarget,
    FollowUp,
    Interaction,
    Introduction,
    Promise,
    Reminder,
)

# What makes two contacts look like one person, and how the reason reads: any of their
# emails, phones or LinkedIn links in common, or the name. (Wider than what an import
# matches on: here a person decides.)
_RULES: tuple[tuple[str, Callable[[Contact, list[Entry]], list[str | None]]], ...] = (
    ("same email", lambda _c, mine: [email_key(e.value) for e in mine if e.kind == "email"]),
    ("same phone", lambda _c, mine: [phone_key(e.value) for e in mine if e.kind == "phone"]),
    ("same LinkedIn URL", lambda _c, mine: [linkedin_key(e.value) for e in mine]),
    ("same name", lambda contact, _mine: [name_key(contact.name)]),
)
# Contact columns a merge may fill on KEEP from OTHER when KEEP's are empty: what an import
# may fill, plus the identity and meeting a merged duplicate brings along.
_MERGE_FILLABLE = (*FILLABLE, "vcard_uid", "met_at", "influence", "accessibility")


@dataclass(frozen=True)
class Pair:
    """Two contacts that look like one person, with every reason why."""

    a: Contact
    b: Contact
    why: list[str]


def find_dupes(session: Session) -> list[Pair]:
    """Pairs of contacts sharing an email, a LinkedIn URL or a normalised name; lower id first."""
    contacts = list(session.exec(select(Contact).order_by(col(Contact.id))))
    reasons: dict[tuple[int, int], list[str]] = defaultdict(list)
    by_id = {contact.id: contact for contact in contacts}
    held = details.load_all(session)
    for label, key_of in _RULES:
        groups: dict[str, list[int]] = defaultdict(list)
        for contact in contacts:
            assert contact.id is not None
            for key in dict.fromkeys(key_of(contact, held.get(contact.id, []))):
                if key:
                    groups[key].append(contact.id)
        for key, ids in groups.items():
            for index, first in enumerate(ids):
                for second in ids[index + 1 :]:
                    reasons[(first, second)].append(f"{label} ({key})")
    return [Pair(by_id[a], by_id[b], why) for (a, b), why in sorted(reasons.items())]


@dataclass
class Merged:
    """The contact kept, the one folded into it, and what happened to KEEP's fields.

    Values are as stored (dates as dates); `shapes.jsonable` writes them for people.
    """

    keep: Contact
    other_id: int
    other_name: str
    filled: dict[str, Any] = field(default_factory=dict)
    conflicts: dict[str, dict[str, Any]] = field(default_factory=dict)


def merge(
    session: Session, keep_ref: str, other_ref: str, confirm: Callable[[Contact, Contact], bool]
) -> Merged:
    """Move everything of OTHER onto KEEP, fill KEEP's empty fields, then delete OTHER.

    Where both have a value, KEEP's stays and the difference is reported; values that say the
    same thing (two spellings of one email or LinkedIn URL) are no conflict. A different name
    or circle is reported too. OTHER's first-circle record is dropped: KEEP's circle stands,
    so its history must not claim OTHER's starting circle.
    """
    keep, other = resolve_contact(session, keep_ref), resolve_contact(session, other_ref)
    if keep.id == other.id:
        raise UserError(f"#{keep.id} {keep.name} is the same contact twice: nothing to merge")
    assert keep.id is not None and other.id is not None
    if not confirm(keep, other):
        raise UserError(f"nothing merged: #{keep.id} and #{other.id} kept apart")
    result = Merged(keep, other.id, other.name)
    undo.link_merge(session, keep.id, other.id)  # so `forget` of KEEP forgets OTHER too
    for attr in ("name", "circle"):
        if not same_value(attr, getattr(keep, attr), getattr(other, attr)):
            result.conflicts[attr] = {"kept": getattr(keep, attr), "other": getattr(other, attr)}
    for attr in _MERGE_FILLABLE:
        mine, theirs = getattr(keep, attr), getattr(other, attr)
        if theirs in (None, "") or same_value(attr, mine, theirs):
            continue
        if mine in (None, ""):
            setattr(keep, attr, theirs)
            result.filled[attr] = theirs
            if attr == "met_at":
                keep.met_has_time = other.met_has_time
        elif attr != "vcard_uid":  # every contact has its own uid: KEEP's stands, unreported
            result.conflicts[attr] = {"kept": mine, "other": theirs}
    for attr in SEEN.values():  # bookkeeping for LinkedIn imports: filled, never reported
        if getattr(keep, attr) is None:
            setattr(keep, attr, getattr(other, attr))
    _move_entries(session, keep.id, other.id, result)
    _move_records(session, keep.id, other.id)
    session.delete(other)
    session.add(keep)
    return result


def _move_entries(session: Session, keep_id: int, other_id: int, result: "Merged") -> None:
    """OTHER's emails, phones, links and addresses join KEEP's; KEEP's preferred ones stay.

    Reported in `filled`: a column KEEP had empty (`phone`) under its name, and entries added
    beside KEEP's own under the kind's plural (`emails`).
    """
    held = details.load(session, [keep_id, other_id])
    mine, added = entries.combined(held.get(keep_id, []), held.get(other_id, []))
    if added:
        details.replace(session, keep_id, mine)
        result.filled.update(entries.added_report(held.get(keep_id, []), mine, added))


def _move_links(session: Session, keep_id: int, other_id: int) -> None:
    """Board seats and event links move to KEEP; one KEEP already has is dropped."""
    links: list[tuple[Any, Any]] = [
        (BoardSeat, col(BoardSeat.role)),
        (EventTarget, col(EventTarget.event_id)),
        (EventMet, col(EventMet.event_id)),
    ]
    for model, key in links:
        mine = select(key).where(col(model.contact_id) == keep_id)
        session.execute(delete(model).where(col(model.contact_id) == other_id, key.in_(mine)))
        session.execute(
            update(model).where(col(model.contact_id) == other_id).values(contact_id=keep_id)
        )


def _move_records(session: Session, keep_id: int, other_id: int) -> None:
    """Re-point OTHER's history at KEEP; an introduction between the two is dropped."""
    session.execute(
        delete(CircleChange).where(
            (col(CircleChange.contact_id) == other_id) & col(CircleChange.old_circle).is_(None)
        )
    )
    for model in (Interaction, FollowUp, Promise, CircleChange, CareerChange, Reminder):
        session.execute(
            update(model).where(col(model.contact_id) == other_id).values(contact_id=keep_id)
        )
    a, b = col(Introduction.contact_a_id), col(Introduction.contact_b_id)
    session.execute(
        delete(Introduction).where(
            or_((a == keep_id) & (b == other_id), (a == other_id) & (b == keep_id))
        )
    )
    session.execute(update(Introduction).where(a == other_id).values(contact_a_id=keep_id))
    session.execute(update(Introduction).where(b == other_id).values(contact_b_id=keep_id))
    _move_links(session, keep_id, other_id)
    theirs = set(session.exec(select(ContactTag.tag).where(ContactTag.contact_id == other_id)))
    mine = set(session.exec(select(ContactTag.tag).where(ContactTag.contact_id == keep_id)))
    for tag in sorted(theirs - mine):
        session.add(ContactTag(contact_id=keep_id, tag=tag))
    session.flush()
