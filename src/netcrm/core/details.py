"""A contact's emails, phones, links and postal addresses: what each entry is, read from text.

An entry has a kind (email, phone, url, address), a value, a label (work, home, mobile,
other, linkedin, github... or any short text) and whether it is the preferred one of its kind.
`add`/`edit` read them as `VALUE[:LABEL]` (`--address` as `STREET;CITY;REGION;POSTCODE;COUNTRY
[:LABEL]`); importers build them from the file. `preferred_columns` is the one rule that
derives the contact's `email`, `phone` and `linkedin` columns from its entries.
Pure: no database, no terminal.
"""

import re
from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass, replace
from enum import StrEnum

from netcrm.core.errors import UserError


class Kind(StrEnum):
    """The kinds of contact entries."""

    EMAIL = "email"
    PHONE = "phone"
    URL = "url"
    ADDRESS = "address"


ADDRESS_PARTS = ("street", "city", "region", "postcode", "country")
# Labels spelled several ways by exporters, in the one form netcrm stores.
_LABELS = {
    "cell": "mobile",
    "iphone": "mobile",
    "mobile": "mobile",
    "work": "work",
    "business": "work",
    "office": "work",
    "home": "home",
    "personal": "home",
    "private": "home",
    "other": "other",
    "internet": "",  # vCard 2.1/3.0 "TYPE=INTERNET" says nothing about which address
    "pref": "",
    "voice": "",
    "x400": "",
    "main": "main",
    "fax": "fax",
    "pager": "pager",
    "homepage": "website",
    "website": "website",
    "blog": "blog",
    "profile": "profile",
}
# scheme, optional www. or country prefix, the host, then the path up to a query or fragment.
LINKEDIN = re.compile(r"(?:[a-z][a-z0-9+.-]*://)?(?:[a-z]{2,3}\.)?linkedin\.com(?::\d+)?(/[^?#]*)?")
# A link's label when none is given, from its host.
_SERVICES = (
    ("linkedin", re.compile(r"(^|[/.])linkedin\.com(?=[:/]|$)")),
    ("github", re.compile(r"(^|[/.])github\.com(?=[:/]|$)")),
    ("gitlab", re.compile(r"(^|[/.])gitlab\.com(?=[:/]|$)")),
    ("x", re.compile(r"(^|[/.])(twitter|x)\.com(?=[:/]|$)")),
    ("mastodon", re.compile(r"(^|[/.])(mastodon\.[a-z]+|mstdn\.[a-z]+|fosstodon\.org)(?=[:/]|$)")),
    ("facebook", re.compile(r"(^|[/.])facebook\.com(?=[:/]|$)")),
    ("instagram", re.compile(r"(^|[/.])instagram\.com(?=[:/]|$)")),
)
_LABEL_TEXT = re.compile(r"[^\W\d][\w .'&+-]{0,39}")


@dataclass(frozen=True, slots=True)
class Entry:
    """One email, phone, link or address; for an address `value` is its one-line text."""

    kind: str
    value: str
    label: str | None = None
    preferred: bool = False
    street: str | None = None
    city: str | None = None
    region: str | None = None
    postcode: str | None = None
    country: str | None = None

    def parts(self) -> dict[str, str | None]:
        """An address's parts by name (all None for other kinds)."""
        return {part: getattr(self, part) for part in ADDRESS_PARTS}


def label_of(text: str | None) -> str | None:
    """A label as stored: the usual spellings in one form, free text trimmed; None when blank."""
    plain = (text or "").strip()
    if not plain:
        return None
    known = _LABELS.get(plain.lower())
    if known is not None:
        return known or None
    return plain


def is_linkedin(url: str | None) -> bool:
    """True for a LinkedIn profile link in any spelling (a path after the host)."""
    match = LINKEDIN.match((url or "").strip().lower())
    return bool(match and match.group(1) and match.group(1).strip("/"))


def service_of(url: str) -> str | None:
    """The label a link gets when none is given: linkedin, github, x, mastodon...; else None."""
    host = url.strip().lower().split("://", 1)[-1].split("/", 1)[0]
    return next((name for name, pattern in _SERVICES if pattern.search(host)), None)


def address_text(parts: Mapping[str, str | None]) -> str:
    """An address on one line: its non-empty parts joined by commas."""
    return ", ".join(
        value.strip() for part in ADDRESS_PARTS if (value := parts.get(part)) and value.strip()
    )


def address(parts: Mapping[str, str | None], label: str | None = None) -> Entry | None:
    """An address entry from its parts; None when every part is empty."""
    clean = {part: (parts.get(part) or "").strip() or None for part in ADDRESS_PARTS}
    text = address_text(clean)
    if not text:
        return None
    return Entry(
        Kind.ADDRESS.value,
        text,
        label_of(label),
        street=clean["street"],
        city=clean["city"],
        region=clean["region"],
        postcode=clean["postcode"],
        country=clean["country"],
    )


def _split_label(text: str) -> tuple[str, str | None]:
    """`VALUE:LABEL` into its two halves; a colon that starts no label (`https:`, a port,
    `tel:`) stays part of the value."""
    value, colon, label = text.rpartition(":")
    schemes = ("tel", "mailto", "http", "https")
    if (
        colon
        and value.strip().lower() not in ("", *schemes)
        and _LABEL_TEXT.fullmatch(label.strip())
    ):
        return value.strip(), label.strip()
    return text.strip(), None


def parse_entry(kind: Kind, text: str) -> Entry:
    """What `--email`, `--phone`, `--url` or `--address` was given, as an entry.

    UserError when the value is empty or (an address) has more than five parts.
    """
    value, label = _split_label(text)
    if kind is Kind.ADDRESS:
        pieces = value.split(";")
        if len(pieces) > len(ADDRESS_PARTS):
            raise UserError(
                f"address {text!r} has {len(pieces)} parts: give at most "
                "STREET;CITY;REGION;POSTCODE;COUNTRY[:LABEL]"
            )
        found = address(dict(zip(ADDRESS_PARTS, pieces, strict=False)), label)
        if found is None:
            raise UserError(
                "an address needs at least one part: STREET;CITY;REGION;POSTCODE;COUNTRY"
            )
        return found
    value = clean_value(kind, value)
    if not value:
        raise UserError(f"an empty {kind.value} cannot be added: give {kind.value.upper()}[:LABEL]")
    if kind is Kind.URL and label is None:
        label = service_of(value)
    return Entry(kind.value, value, label_of(label))


def clean_value(kind: Kind, value: str) -> str:
    """A value as stored: trimmed; a `mailto:` or `tel:` scheme dropped."""
    text = value.strip()
    prefix = {Kind.EMAIL: "mailto:", Kind.PHONE: "tel:"}.get(kind)
    if prefix and text.lower().startswith(prefix):
        text = text[len(prefix) :].strip()
    return text


def ordered(entries: Iterable[Entry]) -> list[Entry]:
    """Entries of one contact, each kind with exactly one preferred entry, preferred first.

    The first entry marked preferred wins; when none is, the first of its kind is.
    """
    result: list[Entry] = []
    chosen: dict[str, Entry] = {}
    items = list(entries)
    for entry in items:
        if entry.preferred and entry.kind not in chosen:
            chosen[entry.kind] = entry
    for entry in items:
        chosen.setdefault(entry.kind, entry)
    for entry in items:
        is_chosen = chosen[entry.kind] is entry
        result.append(replace(entry, preferred=is_chosen))
    return sorted(result, key=lambda entry: not entry.preferred)


def preferred_columns(entries: Sequence[Entry]) -> dict[str, str | None]:
    """The contact's `email`, `phone` and `linkedin` columns, from its entries (in order).

    `email` and `phone`: the preferred entry of the kind. `linkedin`: the preferred link when
    it is a LinkedIn profile (or labelled "linkedin"), else the first such link.
    """

    def first(kind: str, linkedin_only: bool = False) -> str | None:
        mine = [
            entry
            for entry in entries
            if entry.kind == kind
            and (not linkedin_only or entry.label == "linkedin" or is_linkedin(entry.value))
        ]
        mine.sort(key=lambda entry: not entry.preferred)  # stable: the given order otherwise
        return mine[0].value if mine else None

    return {
        "email": first(Kind.EMAIL.value),
        "phone": first(Kind.PHONE.value),
        "linkedin": first(Kind.URL.value, linkedin_only=True),
    }
