"""Finding the contact a user means by `12`, `#12`, a full name or part of one."""

import difflib
import re
from dataclasses import dataclass

from sqlmodel import Session

from netcrm.core.errors import NotFoundError, UserError
from netcrm.services.transfer.keys import name_key
from netcrm.store import lean
from netcrm.store.db import by_id
from netcrm.store.models import Contact

_ID = re.compile(r"#?([0-9]+)")
LISTED = 8  # how many candidates an error line names


@dataclass(frozen=True)
class ContactRef:
    """A contact a write named, as it stood then: what its result reports."""

    contact_id: int
    name: str

    @classmethod
    def of(cls, contact: Contact) -> "ContactRef":
        """The reference to a stored contact."""
        assert contact.id is not None
        return cls(contact.id, contact.name)


def read_id(ref: str) -> int | None:
    """The number in `12` or `#12` (surrounding spaces allowed); None when `ref` is no id."""
    match = _ID.fullmatch(ref.strip())
    return int(match.group(1)) if match else None


def resolve_contact(session: Session, ref: str) -> Contact:
    """The one contact `ref` names: an id, else a full name, else a unique part of one.

    Names match with case, accents and spacing ignored (`zoe` finds "Zoë", `jose  nunez`
    "José Núñez"). Several matches, or none, is a UserError listing the candidates or names
    close to it.
    """
    text = ref.strip()
    if not text:
        raise UserError("no contact given: use an id such as 12 or #12, or a name")
    number = read_id(text)
    if number is not None:
        contact = by_id(session, Contact, number)
        if contact is None:
            raise NotFoundError(f"no contact #{text.lstrip('#')}; see `netcrm list --all`")
        return contact
    reader = lean.reader_of(session)
    exact, containing = lean.names_matching(reader, name_key(text) or "")
    partial = exact or containing
    if len(partial) == 1:
        found = session.get(Contact, partial[0][0])
        assert found is not None  # it was just listed inside this transaction
        return found
    if partial:
        listed = ", ".join(f"#{i} {name}" for i, name in partial[:LISTED])
        more = f" and {len(partial) - LISTED} more" if len(partial) > LISTED else ""
        raise UserError(f"{len(partial)} contacts match {text!r}: {listed}{more}; use an id")
    names = lean.contact_names(reader)
    close = close_names(text.casefold(), [name for _, name in names])
    hint = f"; did you mean {' or '.join(repr(name) for name in close)}?" if close else ""
    raise NotFoundError(f"no contact matches {text!r}{hint}")


def close_names(wanted: str, names: list[str], limit: int = 3) -> list[str]:
    """Names that look like a typo of `wanted`, compared whole and word by word, any case."""
    keys: dict[str, list[str]] = {}
    for name in names:
        for key in {name.casefold(), *name.casefold().split()}:
            keys.setdefault(key, []).append(name)
    matches = difflib.get_close_matches(wanted, list(keys), n=limit * 2, cutoff=0.6)
    found = dict.fromkeys(name for key in matches for name in keys[key])
    return list(found)[:limit]
