"""`export vcard`: every contact as a vCard 3.0 (default) or 4.0, written with vobject.

What the vCard reader reads back (name, company, role, email, phone, LinkedIn URL, birthday,
notes, tags, UID) is written; the rest of a contact lives in `export json`.
"""

from typing import Any

import vobject
from sqlmodel import Session, select

from netcrm.core.errors import UserError
from netcrm.services.queries import tags_by_contact
from netcrm.services.transfer.exportformat import contact_uid
from netcrm.store.models import Contact

VERSIONS = ("3.0", "4.0")


def export_vcard(session: Session, version: str = "3.0") -> str:
    """All contacts, ordered by name, in one file."""
    if version not in VERSIONS:
        raise UserError(f"unknown vCard version {version!r}: use 3.0 or 4.0")
    tags = tags_by_contact(session)
    contacts = session.exec(select(Contact).order_by(Contact.name, Contact.id)).all()  # type: ignore[arg-type]
    return "".join(
        _card(contact, tags.get(contact.id or 0, []), version).serialize() for contact in contacts
    )


def _card(contact: Contact, tags: list[str], version: str) -> Any:
    assert contact.id is not None
    card = vobject.vCard()
    card.add("version").value = version
    card.add("uid").value = contact_uid(contact.id, contact.created_at, contact.vcard_uid)
    card.add("fn").value = contact.name
    given, _, family = contact.name.rpartition(" ")
    card.add("n").value = vobject.vcard.Name(family=family, given=given)
    if contact.company:
        card.add("org").value = [contact.company]
    simple = {
        "title": contact.role,
        "email": contact.email,
        "tel": contact.phone,
        "url": contact.linkedin,
        "note": contact.notes,
        "bday": _birthday(contact.birthday, version),
    }
    for name, value in simple.items():
        if value:
            card.add(name).value = value
    if tags:
        card.add("categories").value = tags
    return card


def _birthday(birthday: str | None, version: str) -> str | None:
    """4.0 writes a yearless day as `--MMDD` (RFC 6350); 3.0 readers expect `--MM-DD`."""
    if birthday and birthday.startswith("--") and version == "4.0":
        return "--" + birthday[2:].replace("-", "")
    return birthday
