"""Google Contacts CSV, in the current layout and the legacy ("Google CSV") one."""

import re
from collections.abc import Iterator

from netcrm.services.transfer.importers import SYSTEM_GROUPS, Record, Source, split_multi
from netcrm.services.transfer.importers.csvfile import Row, pick, read_rows
from netcrm.services.transfer.keys import linkedin_key

_NUMBERED = re.compile(r"(E-mail|Phone|Website) \d+ - Value", re.IGNORECASE)


def is_header(cells: list[str]) -> bool:
    """True for a header row of either layout (its cells stripped)."""
    present = {cell.lower() for cell in cells}
    current = {"first name", "last name"} <= present
    legacy = {"name", "given name", "family name"} <= present
    return current or legacy


def read(source: Source) -> Iterator[Record]:
    """Every contact in the file, whichever layout it uses."""
    header, rows = read_rows(source, is_header, "First Name,Last Name,... or Name,Given Name,...")
    values: dict[str, list[str]] = {"e-mail": [], "phone": [], "website": []}
    for heading in header:
        if match := _NUMBERED.fullmatch(heading):
            values[match.group(1).lower()].append(heading)
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
    }
    for row in rows:
        emails = [value for name in values["e-mail"] for value in split_multi(row.get(name))]
        phones = [value for name in values["phone"] for value in split_multi(row.get(name))]
        sites = [value for name in values["website"] for value in split_multi(row.get(name))]
        fields = {
            "company": row.get(column["company"]),
            "role": row.get(column["role"]),
            "notes": row.get(column["notes"]),
            "location": row.get(column["city"]),
            "email": emails[0] if emails else "",
            "phone": phones[0] if phones else "",
            "linkedin": next((site for site in sites if linkedin_key(site)), ""),
            "birthday": row.get(column["birthday"]),  # read and checked with every record
        }
        yield Record(
            line=row.line,
            name=_name(row, column["full"], parts) or (emails[0] if emails else ""),
            fields={key: value for key, value in fields.items() if value},
            tags=_labels(row.get(column["labels"])),
            emails=emails,
        )


def _name(row: Row, full: str | None, parts: list[str | None]) -> str:
    return row.get(full) or " ".join(row.get(part) for part in parts if row.get(part))


def _labels(cell: str) -> list[str]:
    """Labels as tags; Google's own groups ("My Contacts", `* starred`) are dropped."""
    labels = [label.removeprefix("*").strip() for label in split_multi(cell)]
    return [label for label in labels if label and label.lower() not in SYSTEM_GROUPS]
