"""`forget`: erase a person and everything about them, leaving no trace in the files."""

from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path

from sqlalchemy import func, or_, select
from sqlmodel import Session, col

from netcrm.core.errors import DISK_FULL, UserError
from netcrm.core.fields import TEXT_FIELDS
from netcrm.services.contacts.changes import remove_contact
from netcrm.services.transfer.sync.vdir import forget_contact
from netcrm.store import dbfiles, undo
from netcrm.store.db import is_url, open_session, refuse_special
from netcrm.store.models import Contact, Interaction, Reminder


@dataclass(frozen=True)
class Forgotten:
    """Who was erased, whether the files were scrubbed, and who else mentions them by name.

    `scrubbed` is None on a database server, whose files netcrm does not manage; when it is
    False, `stopped` says why: "busy" (another process held the WAL) or "no room" (the disk
    filled up while the file was rewritten).
    """

    id: int
    name: str
    scrubbed: bool | None
    mentioned_by: list[int]
    stopped: str | None = None


def forget(target: str, ref: str, confirm: Callable[[Contact], bool]) -> Forgotten:
    """Delete the contact (their interactions, steps, promises... go by cascade), then scrub.

    The undo history loses every row about them too, and no summary names them any more; what
    `sync vdir` remembers of their fields is erased (their file names stay known); the
    deletion itself is not recorded, so forgetting cannot be undone. Scrubbing rewrites a
    SQLite file so no deleted text survives in free pages or the WAL.
    Other contacts' notes that mention the name are listed, not changed: they are the user's
    notes about someone else.
    """
    if not is_url(target):
        refuse_special(Path(target))  # a folder or a device has no file to rewrite
    if not is_url(target) and Path(target).exists():
        # Erase only when the file can be rewritten afterwards: a person deleted but not
        # scrubbed for lack of space would be half a forget.
        lacking = dbfiles.room_to_scrub(Path(target))
        if lacking:
            raise UserError(
                f"{DISK_FULL}: forget rewrites the database to leave no trace and needs "
                f"{-(-lacking // 2**20)} MB more free space (beside the database and in the "
                "temporary folder); free some and run it again: nothing was erased"
            )
    with open_session(target, write=True) as session:

        def confirmed(contact: Contact) -> bool:
            if not confirm(contact):
                return False
            assert contact.id is not None
            forget_contact(session, contact.id)  # before the deletion unlinks the rows
            return True

        contact = remove_contact(session, ref, confirmed)
        assert contact.id is not None
        session.flush()
        undo.erase_contact(session, contact.id)
        mentioned_by = _mentions(session, contact.name)
    if is_url(target):
        return Forgotten(contact.id, contact.name, None, mentioned_by)
    stopped = dbfiles.scrub(Path(target))
    return Forgotten(contact.id, contact.name, stopped is None, mentioned_by, stopped)


def _mentions(session: Session, name: str) -> list[int]:
    """Ids of the remaining contacts whose fields, interactions or reminders contain `name`."""
    needle = name.lower()
    fields = [col(getattr(Contact, spec.attr)) for spec in TEXT_FIELDS]
    in_fields = select(col(Contact.id)).where(
        or_(*(func.lower(field).contains(needle, autoescape=True) for field in fields))
    )
    in_talks = select(col(Interaction.contact_id)).where(
        func.lower(col(Interaction.summary)).contains(needle, autoescape=True)
    )
    in_reminders = select(col(Reminder.contact_id)).where(
        func.lower(col(Reminder.text)).contains(needle, autoescape=True)
    )
    found = set(session.scalars(in_fields)) | set(session.scalars(in_talks))
    found |= set(session.scalars(in_reminders))
    return sorted(contact_id for contact_id in found if contact_id is not None)
