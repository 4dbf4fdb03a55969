"""Readers that turn an export file into `Record`s: one small module per format.

A reader only parses. It checks everything it can (dates, required columns, broken cards) so
that a bad file is refused with `FILE:LINE: what is wrong` before anything is written;
`services/importing.py` then matches the records against the database.
"""

from dataclasses import dataclass, field
from datetime import datetime
from typing import Any

from netcrm.core.errors import UserError

# For each field a source is the authority on, the Contact column remembering its last value.
SEEN = {"company": "linkedin_company", "role": "linkedin_role"}


class FileFormatError(UserError):
    """A file cannot be imported; the message starts with `FILE:LINE:`."""

    def __init__(self, name: str, line: int, what: str) -> None:
        super().__init__(f"{name}:{line}: {what}")


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


def decode(source: Source) -> str:
    """The file as text: UTF-8 with or without a byte-order mark; anything else is refused."""
    try:
        return source.data.decode("utf-8-sig")
    except UnicodeDecodeError as exc:
        line = source.data[: exc.start].count(b"\n") + 1
        raise FileFormatError(
            source.name, line, f"undecodable byte 0x{source.data[exc.start]:02x}: save it as UTF-8"
        ) from None


def split_multi(cell: str | None) -> list[str]:
    """The values of a Google-style multi-valued cell (`a ::: b`), without empty ones."""
    return [part.strip() for part in (cell or "").split(":::") if part.strip()]
