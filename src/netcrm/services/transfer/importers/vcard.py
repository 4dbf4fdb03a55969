"""vCard 3.0 and 4.0 files with one or many cards, read with vobject.

vobject unfolds continued lines and decodes quoted-printable; this module maps properties to
contact fields and gives every error the line of the card it is about.
"""

import re
from collections.abc import Iterator
from dataclasses import replace
from datetime import datetime
from typing import Any

import vobject

from netcrm.core.details import Entry, Kind, address, clean_value, label_of, service_of
from netcrm.core.errors import FileFormatError, UserError
from netcrm.core.text import decode_lines
from netcrm.core.values import parse_birthday, parse_timezone
from netcrm.services.transfer.exporters.vcardout import PRIVATE
from netcrm.services.transfer.importers import SYSTEM_GROUPS, Record, Source

_BEGIN = re.compile(r"BEGIN:VCARD\s*", re.IGNORECASE)
# 1985-03-12, 19850312, --03-12, --0312, each perhaps followed by a time.
_BDAY = re.compile(r"(\d{4}|--)-?(\d{2})-?(\d{2})(?:T.*)?")


def read(source: Source) -> Iterator[Record]:
    """Every card in the file, read one at a time; each is parsed on its own so an error names
    its line, and the file is read once, front to back (no card costs more than its own size).
    """
    lines = decode_lines(source.blocks(), source.name)
    card: list[str] = []
    start = 0
    for number, text in enumerate(lines, start=1):
        if _BEGIN.fullmatch(text.rstrip("\r\n")):
            if card:
                yield _tolerant(source, "".join(card), start)
            card, start = [text], number
        elif card:
            card.append(text)
        elif text.strip():
            break  # something before the first card: not a vCard file
    if not card:
        raise FileFormatError(source.name, 1, "not a vCard file (expected BEGIN:VCARD)")
    yield _tolerant(source, "".join(card), start)


def _tolerant(source: Source, chunk: str, line: int) -> Record:
    """One card, or, when it cannot be read, a record saying why, to skip (one bad card
    never sinks the rest of the file; `--strict` refuses the file instead)."""
    try:
        return _parse(source, chunk, line)
    except FileFormatError as exc:
        return Record(line=exc.line, name="", skip=exc.what)


# A PHOTO (or LOGO, SOUND, KEY) line and its folded continuation: never imported, and an
# undecodable one would sink the card in vobject; so would vCard 3.0's `PROFILE:VCard`.
_BINARY = re.compile(
    r"^(?:[\w-]+\.)?(?:PHOTO|LOGO|SOUND|KEY|PROFILE)[;:][^\n]*\n(?:[ \t][^\n]*\n)*", re.I | re.M
)
_UNFOLD = re.compile(r"\r?\n[ \t]")
_ESCAPED = re.compile(r"\\(.)", re.S)


def _raw(chunk: str, name: str) -> list[str]:
    """Every value of property `name`, read whole from the card's text and unescaped.

    vobject cuts FN and NOTE at a comma a writer forgot to escape (Gmail writes
    `FN:Mr. John Richter, James Doe Sr.`): these two are read here instead. Quoted-printable
    values are left to vobject.
    """
    pattern = re.compile(rf"^(?:[\w-]+\.)?{name}((?:;[^:\n]*)?):(.*)$", re.I | re.M)
    values = []
    for match in pattern.finditer(_UNFOLD.sub("", chunk)):
        if "quoted-printable" in match.group(1).lower():
            return []
        values.append(_ESCAPED.sub(_unescape, match.group(2).rstrip("\r")))
    return values


def _unescape(match: re.Match[str]) -> str:
    return "\n" if match.group(1) in "nN" else match.group(1)


_QP = re.compile(r"^[^:]*quoted-printable[^:]*:", re.I)


def _join_soft_breaks(chunk: str) -> str:
    """vCard 2.1 quoted-printable values continue on the next line after a `=` (a soft line
    break, as Android and Outlook 2003/2007 write them); vobject reads them as new lines.
    Each such value is joined into one line (the line count kept, so line numbers stay)."""
    lines = chunk.split("\n")
    out: list[str] = []
    index = 0
    while index < len(lines):
        text, extra = lines[index], 0
        if _QP.match(text):
            while text.rstrip("\r").endswith("=") and index + extra + 1 < len(lines):
                extra += 1
                text = text.rstrip("\r")[:-1] + lines[index + extra]
        out.append(text)
        out += [""] * extra  # blank lines keep the card's line numbers where they were
        index += extra + 1
    return "\n".join(out)


def _parse(source: Source, chunk: str, line: int) -> Record:
    """One card (from its BEGIN:VCARD up to the next card) as a record."""
    # iPhone exports end lines in CR CR LF; binary properties are never imported.
    chunk = _BINARY.sub(lambda m: "\n" * m.group().count("\n"), chunk.replace("\r\r\n", "\r\n"))
    chunk = _join_soft_breaks(chunk)
    try:
        card = vobject.readOne(chunk, validate=False)
    except Exception as exc:  # vobject raises ParseError and, on odd input, plain errors
        where = line + _offending_line(chunk, exc)
        raise FileFormatError(source.name, where, f"broken vCard ({_reason(exc)})") from None
    return _record(source, card, line, chunk)


def _offending_line(chunk: str, exc: Exception) -> int:
    """Lines from the card's start to the one vobject could not parse (0 when unknown).

    vobject's own line numbers count unfolded lines inconsistently, so the text is searched.
    """
    bad = str(getattr(exc, "msg", "")).partition("Failed to parse line: ")[2].strip()
    lines = [line.strip() for line in chunk.splitlines()]
    return lines.index(bad) if bad and bad in lines else 0


def _reason(exc: Exception) -> str:
    message = str(getattr(exc, "msg", "") or exc).splitlines()
    return message[0].strip("<>' ") if message else type(exc).__name__


def _record(source: Source, card: Any, line: int, chunk: str) -> Record:
    if card.name.upper() != "VCARD":
        raise FileFormatError(source.name, line, f"expected BEGIN:VCARD, found {card.name}")
    found = _entries(card)
    notes = [*(_raw(chunk, "NOTE") or [_first(card, "note")])]
    birthday = _birthday(source, line, card)
    if birthday.startswith("note:"):
        notes.append(f"Birthday: {birthday[5:]}")
        birthday = ""
    notes += _extra_notes(card)
    title, role = _first(card, "title"), _first(card, "role")
    fields = {
        "company": _org(card),
        "role": title or role,
        "notes": "\n".join(note for note in notes if note).replace("\r\n", "\n"),
        "birthday": birthday,
        "vcard_uid": _first(card, "uid"),
        "family": "; ".join(_related(card)),
    }
    if title and role and role != title:
        fields["notes"] = "\n".join(filter(None, [fields["notes"], f"Role: {role}"]))
    zone = _first(card, "tz")
    if zone:
        try:
            fields["timezone"] = parse_timezone(zone)
        except UserError:  # a UTC offset (-05:00) names no zone: kept in the notes
            fields["notes"] = "\n".join(filter(None, [fields["notes"], f"Time zone: {zone}"]))
    own = {attr: values[0] for name, attr in PRIVATE.items() if (values := _raw(chunk, name))}
    fields.update(own)  # netcrm's own export: its fields as they were
    met_at, met_has_time = _met(source, line, _raw(chunk, "X-NETCRM-MET"))
    fn = (_raw(chunk, "FN") or [_first(card, "fn")])[0].strip()
    name = fn or _n_name(card) or _fallback_name(card, found)
    if not name:
        raise FileFormatError(
            source.name, line, "card has no FN, N, email or organisation: no name to import"
        )
    tags = [
        _text(tag)
        for item in _all(card, "categories")
        for tag in _values(item.value)
        if tag and _text(tag).removeprefix("*").strip().lower() not in SYSTEM_GROUPS
    ]
    return Record(
        line=line,
        name=name,
        fields={key: value for key, value in fields.items() if value},
        tags=[tag.removeprefix("*").strip() for tag in tags],
        entries=found,
        circle=next(iter(_raw(chunk, "X-NETCRM-CIRCLE")), None),
        met_at=met_at,
        met_has_time=met_has_time,
    )


def _met(source: Source, line: int, values: list[str]) -> tuple[datetime | None, bool]:
    """X-NETCRM-MET (`2026-11-20` or `2026-11-20T19:00`): when the user met them."""
    if not values:
        return None, False
    try:
        return datetime.fromisoformat(values[0].strip()), "T" in values[0]
    except ValueError:
        raise FileFormatError(
            source.name, line, f"cannot read X-NETCRM-MET {values[0]!r}: expected e.g. 2026-11-20"
        ) from None


_APPLE_LABEL = re.compile(r"_\$!<(.*)>!\$_")
# Property -> entry kind; IMPP and X-SOCIALPROFILE are links too.
_KINDS = {"email": Kind.EMAIL, "tel": Kind.PHONE, "url": Kind.URL, "impp": Kind.URL,
          "x-socialprofile": Kind.URL}  # fmt: skip


def _entries(card: Any) -> list[Entry]:
    """Every EMAIL, TEL, URL, IMPP, X-SOCIALPROFILE and ADR, with its TYPE as label and PREF."""
    found: list[Entry] = []
    # Apple names a value's label in a grouped X-ABLabel (`item1.X-ABLabel:_$!<Other>!$_`).
    apple = {
        child.group.lower(): _APPLE_LABEL.sub(r"\1", _text(child.value))
        for child in _all(card, "x-ablabel")
        if child.group
    }
    for key, child in ((k, c) for k, cs in card.contents.items() for c in cs):
        kind = _KINDS.get(key)
        # vCard 2.1 writes types bare (`TEL;CELL;PREF:`), later versions as TYPE=.
        given = [*child.params.get("TYPE", []), *getattr(child, "singletonparams", [])]
        if child.group and child.group.lower() in apple:
            given.append(apple[child.group.lower()])
        types = [t.lower() for value in given for t in str(value).split(",")]
        preferred = "pref" in types or bool(child.params.get("PREF"))
        label = next((known for t in types if (known := label_of(t))), None)
        if key == "adr":
            entry = _address(child.value, label)
            if entry is not None:
                found.append(replace(entry, preferred=preferred))
            continue
        if kind is None:
            continue
        value = clean_value(kind, _text(child.value))
        if key == "x-socialprofile":
            label = next((t for t in types if t != "pref"), None) or service_of(value)
            if label == "linkedin" and not value.lower().startswith(("http", "linkedin")):
                value = f"https://www.linkedin.com/in/{value}"
        elif key == "impp":
            label = label or value.partition(":")[0].lower() or None
        elif kind is Kind.URL and label is None:
            label = service_of(value)
        if value:
            found.append(Entry(kind.value, value, label, preferred))
    return found


def _address(value: Any, label: str | None) -> Entry | None:
    if isinstance(value, str):  # 4.0 may leave ADR unparsed: box;extended;street;city;...
        parts = [*value.split(";"), "", "", "", "", "", "", ""][:7]
        box, extended, street, city, region, code, country = parts
    else:
        box, extended, street, city, region, code, country = (
            _text(getattr(value, part, ""))
            for part in ("box", "extended", "street", "city", "region", "code", "country")
        )
    lines = [part for part in (box, extended, street) if part and part.strip()]
    return address(
        {"street": ", ".join(lines), "city": city, "region": region, "postcode": code,
         "country": country},
        label,
    )  # fmt: skip


def _fallback_name(card: Any, found: list[Entry]) -> str:
    """A card with neither FN nor N is named from its organisation, else its first email."""
    return _org(card) or next((e.value for e in found if e.kind == Kind.EMAIL.value), "")


def _extra_notes(card: Any) -> list[str]:
    """NICKNAME, ORG's departments and ANNIVERSARY: no netcrm field of their own."""
    notes = [
        f"Nickname: {nick}"
        for nick in map(_text, (i.value for i in _all(card, "nickname")))
        if nick
    ]
    for item in _all(card, "org")[:1]:
        if isinstance(item.value, list) and len(item.value) > 1:
            units = [str(unit).strip() for unit in item.value[1:] if str(unit).strip()]
            if units:
                notes.append(f"Department: {', '.join(units)}")
    for key in ("anniversary", "x-anniversary"):
        notes += [
            f"Anniversary: {_text(item.value)}" for item in _all(card, key) if _text(item.value)
        ]
    return notes


def _related(card: Any) -> list[str]:
    """RELATED and Apple's X-ABRELATEDNAMES, with their TYPE (spouse, child...) when given."""
    names = []
    for key in ("related", "x-abrelatednames"):
        for item in _all(card, key):
            value = _text(item.value)
            types = [
                str(t).lower() for t in item.params.get("TYPE", []) if str(t).lower() != "pref"
            ]
            if value:
                names.append(f"{types[0]}: {value}" if types else value)
    return names


def _all(card: Any, name: str) -> list[Any]:
    return list(card.contents.get(name, []))


def _first(card: Any, name: str) -> str:
    items = _all(card, name)
    return _text(items[0].value) if items else ""


def _text(value: Any) -> str:
    if isinstance(value, list):
        return " ".join(_text(part) for part in value if _text(part))
    return str(value or "").strip()


def _values(value: Any) -> list[str]:
    """CATEGORIES is a list in 3.0 and may stay one comma-separated string in 4.0."""
    if isinstance(value, list):
        return [str(part).strip() for part in value]
    return [part.strip() for part in str(value).split(",")]


def _org(card: Any) -> str:
    """ORG's first component: the organisation (further components are its units).

    vobject has already split ORG on its unescaped semicolons and unescaped `\\;` and `\\,`,
    so the first component is the whole company name, semicolons and commas included.
    """
    items = _all(card, "org")
    if not items:
        return ""
    value = items[0].value
    first = value[0] if isinstance(value, list) and value else value
    return str(first or "").strip()


def _n_name(card: Any) -> str:
    items = _all(card, "n")
    if not items:
        return ""
    value = items[0].value
    if isinstance(value, str):  # 4.0 cards may leave N unparsed: family;given;additional;...
        family, given, additional = ([*value.split(";"), "", "", ""])[:3]
        return " ".join(part.strip() for part in (given, additional, family) if part.strip())
    parts = (value.given, value.additional, value.family)
    return " ".join(_text(part) for part in parts if _text(part))


def _birthday(source: Source, line: int, card: Any) -> str:
    """BDAY as stored; `note:TEXT` for a text birthday (`BDAY;VALUE=text:circa 1800`).

    Apple writes a birthday without a year as year 1604 (`X-APPLE-OMIT-YEAR=1604`, or just
    `16040101`-style dates): read as no year.
    """
    items = _all(card, "bday")
    if not items:
        return ""
    text = _text(items[0].value)
    params = {
        key.upper(): [str(v).lower() for v in values] for key, values in items[0].params.items()
    }
    if "text" in params.get("VALUE", []):
        return f"note:{text}" if text else ""
    match = _BDAY.fullmatch(text.strip())
    try:
        if not match:
            raise UserError(f"cannot read BDAY {text!r}: expected e.g. 1985-03-12 or --03-12")
        omitted = params.get("X-APPLE-OMIT-YEAR", [])
        no_year = match.group(1) in ("--", "1604") or match.group(1) in omitted
        year = "" if no_year else match.group(1) + "-"
        return parse_birthday(f"{year}{match.group(2)}-{match.group(3)}")
    except UserError as exc:
        raise FileFormatError(source.name, line, str(exc)) from None
