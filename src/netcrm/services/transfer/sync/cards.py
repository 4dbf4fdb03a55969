"""Writing netcrm's fields into a vdir's card without losing what netcrm does not own.

A card on a phone or server carries more than netcrm reads: a PHOTO, X-* properties of
other programs, a REV. netcrm owns only the properties its synced fields are written as
(`OWNS`); when it changes a field it replaces that field's properties with the lines
`export vcard` writes for them (services/transfer/exporters/vcardout.card_text) and keeps
every other line of the card exactly as it was. Apple's grouped labels (`item1.X-ABLabel`)
go with the property lines they labelled.
"""

import re
from collections.abc import Iterable

from netcrm.services.transfer.exporters.vcardout import PRIVATE

# The properties each synced field is written as (and which netcrm rewrites when it changes).
OWNS: dict[str, tuple[str, ...]] = {
    "name": ("FN", "N"),
    "company": ("ORG",),
    "role": ("TITLE", "ROLE"),
    "birthday": ("BDAY",),
    "timezone": ("TZ",),
    "emails": ("EMAIL",),
    "phones": ("TEL",),
    # The importer reads IMPP and X-SOCIALPROFILE as links too: netcrm's links replace them.
    "urls": ("URL", "IMPP", "X-SOCIALPROFILE"),
    "addresses": ("ADR",),
    "tags": ("CATEGORIES",),
    "notes": ("NOTE",),
    "circle": ("X-NETCRM-CIRCLE",),
    "met": ("X-NETCRM-MET",),
    **{attr: (name,) for name, attr in PRIVATE.items()},
}
_NAME = re.compile(r"(?:([A-Za-z0-9-]+)\.)?([A-Za-z0-9-]+)[;:]")
_VERSION = re.compile(r"^VERSION:\s*(\S+)", re.I | re.M)


def version_of(text: str) -> str:
    """The vCard version a card is written in, as netcrm writes it: 4.0, else 3.0."""
    found = _VERSION.search(text)
    return "4.0" if found and found.group(1) == "4.0" else "3.0"


def _logical(text: str) -> list[str]:
    """The card's content lines, each with its folded continuation lines (line ends CRLF)."""
    lines: list[str] = []
    for raw in text.replace("\r\n", "\n").split("\n"):
        if lines and (raw[:1] in (" ", "\t") or _soft_break(lines[-1])):
            lines[-1] += "\r\n" + raw
        elif raw.strip():
            lines.append(raw)
    return lines


def _soft_break(line: str) -> bool:
    """True when a vCard 2.1 quoted-printable value goes on on the next line (`=` at the end)."""
    head = line.split(":", 1)[0].upper()
    return "QUOTED-PRINTABLE" in head and line.endswith("=")


def _property(line: str) -> tuple[str | None, str]:
    """A content line's group (`item1`, or None) and property name, upper case."""
    found = _NAME.match(line)
    if not found:
        return None, ""
    return (found.group(1).lower() if found.group(1) else None), found.group(2).upper()


def merged(existing: str, fresh: str, fields: Iterable[str]) -> str:
    """`existing` with the properties of `fields` replaced by `fresh`'s (a whole new card)."""
    owned = {name for field in fields for name in OWNS[field]}
    kept = [line for line in _logical(existing) if _property(line)[1] not in owned]
    # A grouped label whose property went labels nothing: it goes too.
    labelled = {group for group, name in map(_property, kept) if group and name != "X-ABLABEL"}
    kept = [line for line in kept if _labels_something(line, labelled)]
    added = [line for line in _logical(fresh) if _property(line)[1] in owned]
    end = max((i for i, line in enumerate(kept) if _property(line)[1] == "END"), default=len(kept))
    return "".join(line + "\r\n" for line in [*kept[:end], *added, *kept[end:]])


def _labels_something(line: str, labelled: set[str]) -> bool:
    """False for an Apple label line whose group has no property left."""
    group, name = _property(line)
    return name != "X-ABLABEL" or group is None or group in labelled
