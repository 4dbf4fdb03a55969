"""`export vcard`: every contact as a vCard 3.0 (default) or 4.0, every field included.

Standard properties where vCard has them (FN, N, ORG, TITLE, EMAIL/TEL/ADR/URL with their
label as TYPE and the preferred one marked, BDAY, TZ, CATEGORIES, NOTE, UID) and
`X-NETCRM-*` for the rest (circle, cadence, how met, met, event, interests, family, hobbies,
can-help, they-help, location), so importing the file into an empty database gives the same
contacts field for field. Written by hand rather than with vobject, which cannot fold at 75
octets without splitting a UTF-8 character: lines are folded at 75 octets (RFC 6350 3.2) on
character boundaries, with CRLF line ends.
"""

from sqlmodel import Session, select

from netcrm.core.dates import iso_moment
from netcrm.core.details import Entry, Kind
from netcrm.core.errors import UserError
from netcrm.services.queries import tags_by_contact
from netcrm.services.transfer.exportformat import contact_uid
from netcrm.store import details
from netcrm.store.models import Contact

VERSIONS = ("3.0", "4.0")
FOLD = 75  # octets per line, line end excluded
# netcrm fields without a vCard property, by the property that carries them.
PRIVATE = {
    "X-NETCRM-HOW-MET": "how_met",
    "X-NETCRM-EVENT": "met_event",
    "X-NETCRM-INTERESTS": "interests",
    "X-NETCRM-FAMILY": "family",
    "X-NETCRM-HOBBIES": "hobbies",
    "X-NETCRM-CAN-HELP": "can_help",
    "X-NETCRM-THEY-HELP": "they_help",
    "X-NETCRM-LOCATION": "location",
    "X-NETCRM-CADENCE": "cadence",
}
_PREFIXES = {"mr", "mrs", "ms", "miss", "mx", "dr", "prof", "sir", "dame", "rev", "fr"}
_SUFFIXES = {"jr", "sr", "ii", "iii", "iv", "v", "phd", "md", "esq", "mba", "msc", "bsc"}
_PROPERTY = {Kind.EMAIL.value: "EMAIL", Kind.PHONE.value: "TEL", Kind.URL.value: "URL"}


def export_vcard(session: Session, version: str = "3.0") -> str:
    """All contacts, ordered by name, in one file."""
    if version not in VERSIONS:
        raise UserError(f"unknown vCard version {version!r}: use 3.0 or 4.0")
    tags = tags_by_contact(session)
    held = details.load_all(session)
    contacts = session.exec(select(Contact).order_by(Contact.name, Contact.id)).all()  # type: ignore[arg-type]
    return "".join(
        card_text(contact, tags.get(contact.id or 0, []), held.get(contact.id or 0, []), version)
        for contact in contacts
    )


def card_text(
    contact: Contact,
    tags: list[str],
    entries: list[Entry],
    version: str,
    *,
    private: bool = True,
) -> str:
    """One contact's card; without `private`, only the address-book fields (sync's default):
    no notes, no circle and none of the `X-NETCRM-*` fields."""
    assert contact.id is not None
    lines = ["BEGIN:VCARD", f"VERSION:{version}"]
    lines.append(f"UID:{escape(contact_uid(contact.id, contact.created_at, contact.vcard_uid))}")
    lines.append(f"FN:{escape(contact.name)}")
    lines.append("N:" + ";".join(escape(part) for part in split_name(contact.name)))
    if contact.company:
        lines.append(f"ORG:{escape(contact.company)}")
    if contact.role:
        lines.append(f"TITLE:{escape(contact.role)}")
    lines += [_entry_line(entry, version) for entry in entries]
    if contact.birthday:
        lines.append(f"BDAY:{birthday(contact.birthday, version)}")
    if contact.timezone:
        lines.append(("TZ:" if version == "4.0" else "TZ;VALUE=text:") + escape(contact.timezone))
    if tags:
        lines.append("CATEGORIES:" + ",".join(escape(tag) for tag in tags))
    if private and contact.notes:
        lines.append(f"NOTE:{escape(contact.notes)}")
    if private:
        lines.append(f"X-NETCRM-CIRCLE:{contact.circle}")
        met = iso_moment(contact.met_at, contact.met_has_time)
        if met:
            lines.append(f"X-NETCRM-MET:{met}")
        for name, attr in PRIVATE.items():
            value = getattr(contact, attr)
            if value:
                lines.append(f"{name}:{escape(value)}")
    lines.append("END:VCARD")
    return "".join(fold(line) + "\r\n" for line in lines)


def _entry_line(entry: Entry, version: str) -> str:
    params = []
    if entry.label:
        label = (
            "cell" if entry.kind == Kind.PHONE.value and entry.label == "mobile" else entry.label
        )
        params.append("TYPE=" + _param(label))
    if entry.preferred:
        params.append("PREF=1" if version == "4.0" else "TYPE=pref")
    head = "".join(f";{param}" for param in params)
    if entry.kind == Kind.ADDRESS.value:
        parts = ["", "", *(entry.parts()[part] or "" for part in ("street", "city", "region"))]
        parts += [entry.postcode or "", entry.country or ""]
        return f"ADR{head}:" + ";".join(escape(part) for part in parts)
    return f"{_PROPERTY[entry.kind]}{head}:{escape(entry.value)}"


def _param(value: str) -> str:
    """A parameter value, quoted when it holds a character a bare one cannot (RFC 6350 3.3)."""
    plain = value.replace('"', "'")
    return f'"{plain}"' if any(char in plain for char in ",;: ") else plain


def escape(value: str) -> str:
    """A text value with backslash, newline, comma and semicolon escaped (RFC 6350 3.4)."""
    return (
        value.replace("\\", "\\\\")
        .replace("\r\n", "\n")
        .replace("\n", "\\n")
        .replace(",", "\\,")
        .replace(";", "\\;")
    )


def split_name(name: str) -> list[str]:
    """N's five parts (family; given; additional; prefixes; suffixes) from a full name.

    Honorifics at the start (`Dr.`) and suffixes at the end (`Jr.`, `III`, also after a
    comma: `Doe, Jr.`) are taken off first; then the last word is the family name, the first
    the given name, and what lies between the additional names.
    """
    words = name.replace(",", " , ").split()
    prefixes: list[str] = []
    suffixes: list[str] = []
    while words and words[0].rstrip(".").lower() in _PREFIXES and len(words) > 1:
        prefixes.append(words.pop(0))
    while (
        words
        and (words[-1].rstrip(".").lower() in _SUFFIXES or words[-1] == ",")
        and len(words) > 1
    ):
        word = words.pop()
        if word != ",":
            suffixes.insert(0, word)
    text = " ".join(words).replace(" , ", ", ").strip(" ,")
    parts = text.split()
    family = parts[-1] if len(parts) > 1 else text
    given = parts[0] if len(parts) > 1 else ""
    additional = " ".join(parts[1:-1])
    return [family, given, additional, " ".join(prefixes), " ".join(suffixes)]


def birthday(value: str, version: str) -> str:
    """3.0: `1985-03-12` or `--03-12`; 4.0: RFC 6350's basic form, `19850312` or `--0312`."""
    if version == "4.0":
        return (
            value[:2] + value[2:].replace("-", "")
            if value.startswith("--")
            else value.replace("-", "")
        )
    return value


def fold(line: str) -> str:
    """A content line folded at 75 octets, never inside a UTF-8 character (CRLF + space)."""
    data = line.encode("utf-8")
    if len(data) <= FOLD:
        return line
    pieces: list[str] = []
    limit = FOLD
    current: list[str] = []
    size = 0
    for char in line:
        width = len(char.encode("utf-8"))
        if size + width > limit:
            pieces.append("".join(current))
            current, size, limit = [], 0, FOLD - 1  # continuation lines start with a space
        current.append(char)
        size += width
    pieces.append("".join(current))
    return "\r\n ".join(pieces)
