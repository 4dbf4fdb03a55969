"""LinkedIn's Connections.csv, from "Get a copy of your data", in English or German."""

import re
from collections.abc import Iterator
from datetime import date, datetime

from netcrm.core.errors import FileFormatError
from netcrm.services.transfer.importers import Record, Source
from netcrm.services.transfer.importers.csvfile import pick, read_rows

# Each column under the names LinkedIn uses for it, by interface language.
COLUMNS: dict[str, tuple[str, ...]] = {
    "first": ("First Name", "Vorname"),
    "last": ("Last Name", "Nachname"),
    "url": ("URL", "Profil-URL"),
    "email": ("Email Address", "E-Mail-Adresse"),
    "company": ("Company", "Unternehmen"),
    "position": ("Position",),
    "connected": ("Connected On", "Verbunden am", "Verbunden seit"),
}
_MONTHS = {
    name: number
    for number, names in enumerate(
        [
            ("jan", "jän"),
            ("feb",),
            ("mar", "mär", "mrz"),
            ("apr",),
            ("may", "mai"),
            ("jun",),
            ("jul",),
            ("aug",),
            ("sep", "sept"),
            ("oct", "okt"),
            ("nov",),
            ("dec", "dez"),
        ],
        start=1,
    )
    for name in names
}
_NAMED = re.compile(r"(\d{1,2})\.?\s+([^\W\d_]+)\.?\s+(\d{4})")
_ISO = re.compile(r"(\d{4})-(\d{2})-(\d{2})")
_DOTTED = re.compile(r"(\d{1,2})\.(\d{1,2})\.(\d{4})")


def is_header(cells: list[str]) -> bool:
    """True for the header row of Connections.csv, in any language (its cells stripped)."""
    present = {cell.lower() for cell in cells}
    return all(
        any(name.lower() in present for name in COLUMNS[key]) for key in ("first", "last", "url")
    )


def read(source: Source) -> Iterator[Record]:
    """Every connection in the file; rows without a name (deleted accounts) are dropped."""
    header, rows = read_rows(source, is_header, "First Name,Last Name,URL,... (or Vorname,...)")
    column = {key: pick(header, *names) for key, names in COLUMNS.items()}
    for row in rows:
        name = f"{row.get(column['first'])} {row.get(column['last'])}".strip()
        connected = row.get(column["connected"])
        try:
            met = parse_connected_on(connected) if connected else None
        except ValueError:
            raise FileFormatError(
                source.name, row.line, f"cannot read date {connected!r}: expected e.g. 12 Mar 2024"
            ) from None
        email = row.get(column["email"])
        fields = {
            "company": row.get(column["company"]),
            "role": row.get(column["position"]),
            "linkedin": row.get(column["url"]),
            "email": email,
        }
        yield Record(
            line=row.line,
            name=name,
            fields={key: value for key, value in fields.items() if value},
            emails=[email] if email else [],
            met_at=datetime.combine(met, datetime.min.time()) if met else None,
            tracked=frozenset({"company", "role"}),
        )


def parse_connected_on(text: str) -> date:
    """`12 Mar 2024`, `12. Mär. 2024`, `2024-03-12` or `12.03.2024`; ValueError otherwise."""
    text = text.strip()
    if match := _NAMED.fullmatch(text):
        month = _MONTHS.get(match.group(2).lower()[:4]) or _MONTHS.get(match.group(2).lower()[:3])
        if month is None:
            raise ValueError(text)
        return date(int(match.group(3)), month, int(match.group(1)))
    if match := _ISO.fullmatch(text):
        return date(int(match.group(1)), int(match.group(2)), int(match.group(3)))
    if match := _DOTTED.fullmatch(text):
        return date(int(match.group(3)), int(match.group(2)), int(match.group(1)))
    raise ValueError(text)
