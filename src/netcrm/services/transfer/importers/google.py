"""Google Contacts CSV, in the current layout and the legacy ("Google CSV") one."""

import re
from collections.abc import Iterator
from dataclasses import replace

from netcrm.core.details import Entry, Kind, address, label_of, service_of
from netcrm.services.transfer.importers import SYSTEM_GROUPS, Record, Source, split_multi
from netcrm.services.transfer.importers.csvfile import Row, pick, read_rows

_NUMBERED = re.compile(r"(E-mail|Phone|Website|Address) (\d+) - (.+)", re.IGNORECASE)
_KINDS = {"e-mail": Kind.EMAIL, "phone": Kind.PHONE, "website": Kind.URL}
# The parts of Google's "Address N - ..." columns, as netcrm names them.
_ADDRESS = {"street": "street", "city": "city", "region": "region", "postal code": "postcode",
            "country": "country", "po box": "box", "extended address": "extended",
            "formatted": "formatted"}  # fmt: skip


def is_header(cells: list[str]) -> bool:
    """True for a header row of either layout (its cells stripped)."""
    present = {cell.lower() for cell in cells}
    current = {"first name", "last name"} <= present
    legacy = {"name", "given name", "family name"} <= present
    return current or legacy


def read(source: Source) -> Iterator[Record]:
    """Every contact in the file, whichever layout it uses."""
    header, rows = read_rows(source, is_header, "First Name,Last Name,... or Name,Given Name,...")
    # Per kind and number, the columns by their part: "value", "label" (or legacy "type")...
    numbered: dict[tuple[str, int], dict[str, str]] = {}
    for heading in header:
        if match := _NUMBERED.fullmatch(heading):
            kind, number, part = match.group(1).lower(), int(match.group(2)), match.group(3)
            part = "label" if part.lower() == "type" else part.lower()
            numbered.setdefault((kind, number), {})[part] = heading
    parts = [
        pick(header, *names)
        for names in (
            ("First Name", "Given Name"),
            ("Middle Name", "Additional Name"),
            ("Last Name", "Family Name"),
        )
    ]
    column = {
        "full": pick(header, "Name"),
        "company": pick(header, "Organization Name", "Organization 1 - Name"),
        "role": pick(header, "Organization Title", "Organization 1 - Title"),
        "birthday": pick(header, "Birthday"),
        "notes": pick(header, "Notes"),
        "labels": pick(header, "Labels", "Group Membership"),
        "city": pick(header, "Address 1 - City"),
        "nickname": pick(header, "Nickname"),
        "department": pick(header, "Organization Department", "Organization 1 - Department"),
    }
    for row in rows:
        found = _entries(row, numbered)
        notes = [
            row.get(column["notes"]),
            *(f"{what}: {row.get(column[key])}" for key, what in _NOTED if row.get(column[key])),
        ]
        fields = {
            "company": row.get(column["company"]),
            "role": row.get(column["role"]),
            "notes": "\n".join(note for note in notes if note),
            "location": row.get(column["city"]),
            "birthday": row.get(column["birthday"]),  # read and checked with every record
        }
        emails = [entry.value for entry in found if entry.kind == Kind.EMAIL.value]
        yield Record(
            line=row.line,
            name=_name(row, column["full"], parts) or (emails[0] if emails else ""),
            fields={key: value for key, value in fields.items() if value},
            tags=_labels(row.get(column["labels"])),
            entries=found,
        )


_NOTED = (("nickname", "Nickname"), ("department", "Department"))


def _entries(row: Row, numbered: dict[tuple[str, int], dict[str, str]]) -> list[Entry]:
    """Every "E-mail N", "Phone N", "Website N" and "Address N" value, with its label.

    A cell may hold several values (`a ::: b`); Google marks the primary one's label with
    `* ` (`* Work`), which makes it the preferred one.
    """
    found: list[Entry] = []
    for (kind, _number), columns in sorted(numbered.items(), key=lambda item: item[0][1]):
        raw_label = row.get(columns.get("label"))
        preferred = raw_label.startswith("*")
        label = label_of(raw_label.removeprefix("*").strip())
        if kind == "address":
            parts = {name: row.get(columns.get(part)) for part, name in _ADDRESS.items()}
            street = ", ".join(p for p in (parts["box"], parts["extended"], parts["street"]) if p)
            given = {
                "street": street,
                **{k: parts[k] for k in ("city", "region", "postcode", "country")},
            }
            if not any(given.values()) and parts["formatted"]:
                given = {"street": " ".join(parts["formatted"].split())}
            entry = address(given, label)
            if entry is not None:
                found.append(replace(entry, preferred=preferred))
            continue
        entry_kind = _KINDS[kind]
        for value in split_multi(row.get(columns.get("value"))):
            name = label if entry_kind is not Kind.URL or label not in (None, "profile") else None
            found.append(
                Entry(
                    entry_kind.value,
                    value,
                    name or (service_of(value) if entry_kind is Kind.URL else None),
                    preferred,
                )
            )
    return found


def _name(row: Row, full: str | None, parts: list[str | None]) -> str:
    return row.get(full) or " ".join(row.get(part) for part in parts if row.get(part))


def _labels(cell: str) -> list[str]:
    """Labels as tags; Google's own groups ("My Contacts", `* starred`) are dropped."""
    labels = [label.removeprefix("*").strip() for label in split_multi(cell)]
    return [label for label in labels if label and label.lower() not in SYSTEM_GROUPS]
