"""Readers that turn an export file into `Record`s: one small module per format.

A reader only parses, lazily: it yields one record at a time, so a file of a million rows
never sits in memory whole. It checks everything it can (dates, required columns, broken
cards) and refuses a bad file with `FILE:LINE: what is wrong`; `services/importing.py` runs
every record's values through the same checks the commands use (core/values.py) and matches
the records against the database, all in one transaction, so a refusal writes nothing.
"""

from collections.abc import Iterator
from dataclasses import dataclass, field
from datetime import datetime
from typing import Any, BinaryIO

from netcrm.core.details import Entry
from netcrm.core.text import decode_utf8

# For each field a source is the authority on, the Contact column remembering its last value.
SEEN = {"company": "linkedin_company", "role": "linkedin_role"}
# Google's own groups, which say nothing about the person: never tags, in CSV or vCard (a
# leading `*` is Google's mark for a system group and is dropped before comparing).
SYSTEM_GROUPS = frozenset({"mycontacts", "my contacts", "starred", "friends_google"})
# How much of a file is read ahead to tell what kind of file it is (sniff.py).
HEAD_BYTES = 64 * 1024
BLOCK_BYTES = 1024 * 1024  # how much is read and decoded at a time


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
    # Every email, phone, link and address (core/details.py), preferred ones marked.
    entries: list[Entry] = field(default_factory=list)
    circle: str | None = None  # a circle the file names (netcrm's own vCard export)
    met_at: datetime | None = None
    met_has_time: bool = False
    tracked: frozenset[str] = frozenset()
    history: dict[str, Any] | None = None
    # Why the reader could not read this record (it is skipped and reported, or with
    # `--strict` the file is refused); `line` is then the line at fault.
    skip: str | None = None


class Source:
    """A file to import: the name used in messages, and its bytes, read as the import asks.

    The first `HEAD_BYTES` are read at once, so the kind of file can be told (and a wrong one
    refused) before the database is opened; the rest is read while the import runs.
    """

    def __init__(self, name: str, stream: BinaryIO) -> None:
        self.name = name
        self.head = stream.read(HEAD_BYTES)
        self._stream = stream

    def blocks(self) -> Iterator[bytes]:
        """The file's bytes in blocks of about a megabyte, lazily."""
        if self.head:
            yield self.head
        yield from iter(lambda: self._stream.read(BLOCK_BYTES), b"")

    def text(self) -> str:
        """The whole file as text (for formats that cannot be read piece by piece)."""
        return decode_utf8(self.head + self._stream.read(), self.name)


def split_multi(cell: str | None) -> list[str]:
    """The values of a Google-style multi-valued cell (`a ::: b`), without empty ones."""
    return [part.strip() for part in (cell or "").split(":::") if part.strip()]
