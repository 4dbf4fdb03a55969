"""Readers that turn an export file into `Record`s: one small module per format.

A reader only parses. It checks everything it can (dates, required columns, broken cards) so
that a bad file is refused with `FILE:LINE: what is wrong` before anything is written;
`services/importing.py` then matches the records against the database.
"""

from dataclasses import dataclass, field
from datetime import datetime
from typing import Any

# For each field a source is the authority on, the Contact column remembering its last value.
SEEN = {"company": "linkedin_company", "role": "linkedin_role"}


@dataclass
class Record:
    """One person read from a file, in the shape of a Contact.

    `fields` holds Contact attributes (text fields, `birthday`, `vcard_uid`...). `tracked`
    names the fields the source is the authority on (LinkedIn's company and position): the
    value last seen in the source is remembered, a stored value equal to it follows the file,
    and a change from it is career news.
    `history` is the json format's full payload for a contact (interactions, steps...).
    """

    line: int
    name: str
    file: str = ""
    fields: dict[str, Any] = field(default_factory=dict)
    tags: list[str] = field(default_factory=list)
    emails: list[str] = field(default_factory=list)  # every address, for matching
    met_at: datetime | None = None
    met_has_time: bool = False
    tracked: frozenset[str] = frozenset()
    history: dict[str, Any] | None = None


@dataclass
class Source:
    """A file to import: the name used in messages and its raw bytes."""

    name: str
    data: bytes


def split_multi(cell: str | None) -> list[str]:
    """The values of a Google-style multi-valued cell (`a ::: b`), without empty ones."""
    return [part.strip() for part in (cell or "").split(":::") if part.strip()]
