"""Reading import files: the format and options checked first, then every record, lazily.

`read_files` runs before the database opens (an unknown format, a bad option, a file that
looks like another format are refused without touching it); `records` reads the files as the
import asks and runs every value of every record through the commands' own checks
(core/values.py), naming the file and line of a bad one.
"""

from collections.abc import Callable, Iterable, Iterator
from dataclasses import dataclass

from netcrm.core.details import Entry, Kind, clean_value
from netcrm.core.domain import Circle, parse_choice
from netcrm.core.errors import FileFormatError, UserError
from netcrm.core.values import canonical, canonical_row, tag_keys, text
from netcrm.services import entries
from netcrm.services.transfer.importers import (
    Record,
    Source,
    google,
    jsonfile,
    linkedin,
    outlook,
    sniff,
    vcard,
)

READERS: dict[str, Callable[[Source], Iterable[Record]]] = {
    "linkedin": linkedin.read,
    "google": google.read,
    "outlook": outlook.read,
    "vcard": vcard.read,
    "json": jsonfile.read,
}
# Formats whose records are independent cards: a bad one is skipped, not the file refused
# (unless --strict). A CSV row or a json contact with a bad value refuses the file: issue 9.
SKIPPING = frozenset({"vcard"})
# Fields a reader may fill with one value, as the entries they are.
_COLUMNS = (
    ("email", Kind.EMAIL, None),
    ("phone", Kind.PHONE, None),
    ("linkedin", Kind.URL, "linkedin"),
)
# How a record's fields are named in an error, where the column's name would puzzle.
_LABELS = {"met_at": "met", "created_at": "created"}


@dataclass
class ImportInput:
    """The files to import, their format, and the options that apply to every record."""

    kind: str
    sources: list[Source]
    circle: str | None
    tags: list[str]
    strict: bool = False  # a record the reader cannot read refuses the whole file


def read_files(
    kind: str,
    sources: Iterable[Source],
    *,
    circle: str | None = None,
    tags: Iterable[str] = (),
    strict: bool = False,
) -> ImportInput:
    """Check the format, the options and what each file looks like; no database is involved.

    Run before the database is opened, so a wrong option, or a LinkedIn export given to
    `import google`, never touches it. The files are read while the import runs.
    """
    if kind not in READERS:
        raise UserError(f"unknown import format {kind!r}: use one of {', '.join(READERS)}")
    chosen = parse_choice(Circle, circle, "circle").value if circle else None
    for tag in tags:
        text(tag)
    sources = list(sources)
    for source in sources:
        wrong = sniff.refusal(kind, source.head)
        if wrong:
            raise FileFormatError(source.name, 1, wrong)
    return ImportInput(kind, sources, chosen, sorted(tag_keys(tags)), strict)


def records(given: ImportInput) -> Iterator[Record]:
    """Every record of every file, read lazily, each checked by the commands' rules."""
    reader = READERS[given.kind]
    for source in given.sources:
        for record in reader(source):
            record.file = source.name
            if record.skip is not None:
                if given.strict:
                    raise FileFormatError(source.name, record.line, record.skip)
                yield record
                continue
            try:
                _check(record)
            except UserError as exc:
                if given.strict or given.kind not in SKIPPING:
                    raise FileFormatError(source.name, record.line, str(exc)) from None
                record.skip = str(exc)
            yield record


def _entries(record: Record) -> None:
    """Emails, phones and LinkedIn links a reader gave as fields become entries (a reader
    that builds its own entries keeps them; its fields' values are added only when new)."""
    legacy = [
        *(Entry(Kind.EMAIL.value, email) for email in record.emails),
        *(
            Entry(kind.value, clean_value(kind, value), label)
            for column, kind, label in _COLUMNS
            if (value := record.fields.pop(column, None))
        ),
    ]
    clean = [
        Entry(kind.value, value, label)
        for kind, value, label in (
            (Kind(e.kind), clean_value(Kind(e.kind), e.value), e.label) for e in legacy
        )
        if value
    ]
    record.entries, _added = entries.combined(record.entries, clean)


def _check(record: Record) -> None:
    """A record's values as netcrm stores them, or the UserError naming what is wrong."""
    _entries(record)
    also = [record.name, *record.tags, *(e.value for e in record.entries)]
    for entry in record.entries:
        also += [part for part in entry.parts().values() if part] + [entry.label or ""]
    record.fields = canonical_row("contact", record.fields, _LABELS, also=also)
    if record.met_at is not None:
        canonical("contact", "met_at", record.met_at, _LABELS["met_at"])
    if record.circle is not None:
        record.circle = canonical("contact", "circle", record.circle)
