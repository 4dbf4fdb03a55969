"""vCard 3.0 and 4.0 files with one or many cards, read with vobject.

vobject unfolds continued lines and decodes quoted-printable; this module maps properties to
contact fields and gives every error the line of the card it is about.
"""

import re
from collections.abc import Iterator
from typing import Any

import vobject

from netcrm.core.errors import FileFormatError, UserError
from netcrm.core.text import decode_lines
from netcrm.core.values import parse_birthday
from netcrm.services.transfer.importers import Record, Source
from netcrm.services.transfer.keys import linkedin_key

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
                yield _parse(source, "".join(card), start)
            card, start = [text], number
        elif card:
            card.append(text)
        elif text.strip():
            break  # something before the first card: not a vCard file
    if not card:
        raise FileFormatError(source.name, 1, "not a vCard file (expected BEGIN:VCARD)")
    yield _parse(source, "".join(card), start)


def _parse(source: Source, chunk: str, line: int) -> Record:
    """One card (from its BEGIN:VCARD up to the next card) as a record."""
    try:
        card = vobject.readOne(chunk, validate=False)
    except Exception as exc:  # vobject raises ParseError and, on odd input, plain errors
        where = line + _offending_line(chunk, exc)
        raise FileFormatError(source.name, where, f"broken vCard ({_reason(exc)})") from None
    return _record(source, card, line)


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


def _record(source: Source, card: Any, line: int) -> Record:
    if card.name.upper() != "VCARD":
        raise FileFormatError(source.name, line, f"expected BEGIN:VCARD, found {card.name}")
    emails = [_text(item.value) for item in _all(card, "email") if _text(item.value)]
    urls = [_text(item.value) for item in _all(card, "url")]
    fields = {
        "company": _org(card),
        "role": _first(card, "title"),
        "email": emails[0] if emails else "",
        "phone": _first(card, "tel"),
        "linkedin": next((url for url in urls if linkedin_key(url)), ""),
        "notes": _first(card, "note"),
        "birthday": _birthday(source, line, _first(card, "bday")),
        "vcard_uid": _first(card, "uid"),
    }
    name = _first(card, "fn") or _n_name(card)
    if not name:
        raise FileFormatError(source.name, line, "card has neither FN nor N: no name to import")
    tags = [_text(tag) for item in _all(card, "categories") for tag in _values(item.value) if tag]
    return Record(
        line=line,
        name=name,
        fields={key: value for key, value in fields.items() if value},
        tags=tags,
        emails=emails,
    )


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


def _birthday(source: Source, line: int, text: str) -> str:
    if not text:
        return ""
    match = _BDAY.fullmatch(text.strip())
    try:
        if not match:
            raise UserError(f"cannot read BDAY {text!r}: expected e.g. 1985-03-12 or --03-12")
        year = "" if match.group(1) == "--" else match.group(1) + "-"
        return parse_birthday(f"{year}{match.group(2)}-{match.group(3)}")
    except UserError as exc:
        raise FileFormatError(source.name, line, str(exc)) from None
