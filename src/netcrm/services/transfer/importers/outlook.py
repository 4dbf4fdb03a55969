"""Outlook's "Comma Separated Values" contacts export (also what Outlook.com and many CRMs
write): `First Name,Middle Name,Last Name,Title,Suffix,...,E-mail Address,...`.

Every email, phone and postal address column is kept with its label (Business Phone is a
`work` phone, Home Street... a `home` address); Spouse and Children go to family, Hobby to
hobbies, Categories (separated by `;`) become tags. Outlook writes `0/0/00` for a birthday it
does not have.
"""

from collections.abc import Callable, Iterator

from netcrm.core.details import Entry, Kind, address, service_of
from netcrm.services.transfer.importers import Record, Source
from netcrm.services.transfer.importers.csvfile import Row, read_rows

# Columns only Outlook's layout has (Google's has "E-mail 1 - Value", LinkedIn's "Email
# Address" without the hyphen).
_OWN = ("e-mail address", "business phone", "job title", "home street", "e-mail display name")
_EMAILS = ("E-mail Address", "E-mail 2 Address", "E-mail 3 Address")
_PHONES = (
    ("Mobile Phone", "mobile"), ("Primary Phone", None), ("Business Phone", "work"),
    ("Business Phone 2", "work"), ("Company Main Phone", "work"), ("Home Phone", "home"),
    ("Home Phone 2", "home"), ("Other Phone", "other"), ("Car Phone", "car"),
    ("Assistant's Phone", "assistant"), ("Pager", "pager"), ("Business Fax", "fax"),
    ("Home Fax", "fax"), ("Callback", "callback"), ("ISDN", "isdn"), ("Radio Phone", "radio"),
    ("TTY/TDD Phone", "tty"),
)  # fmt: skip
_ADDRESSES = (("Business", "work"), ("Home", "home"), ("Other", "other"))
_NO_DATE = {"0/0/00", "00/00/00", "0/0/0000", "1/1/1601"}  # what Outlook writes for none


def is_header(cells: list[str]) -> bool:
    """True for the header row of an Outlook export (its cells stripped)."""
    present = {cell.lower() for cell in cells}
    return {"first name", "last name"} <= present and any(own in present for own in _OWN)


def read(source: Source) -> Iterator[Record]:
    """Every contact in the file."""
    header, rows = read_rows(
        source, is_header, "First Name,Middle Name,Last Name,...,E-mail Address,..."
    )
    col = {name.lower(): name for name in header}

    def get(row: Row, name: str) -> str:
        return row.get(col.get(name.lower()))

    for row in rows:
        name = " ".join(
            part
            for part in (
                get(row, key) for key in ("Title", "First Name", "Middle Name", "Last Name")
            )
            if part
        )
        suffix = get(row, "Suffix")
        name = f"{name} {suffix}".strip() if suffix else name
        found = _entries(row, get)
        notes = [get(row, "Notes")]
        for key in ("Nickname", "Department", "Anniversary", "Office Location", "Manager's Name",
                    "Assistant's Name", "Referred By", "Profession"):  # fmt: skip
            value = get(row, key)
            if value and value not in _NO_DATE:
                notes.append(f"{key}: {value}")
        family = "; ".join(
            f"{key}: {value}" for key in ("Spouse", "Children") if (value := get(row, key))
        )
        birthday = get(row, "Birthday")
        fields = {
            "company": get(row, "Company"),
            "role": get(row, "Job Title"),
            "notes": "\n".join(note for note in notes if note),
            "family": family,
            "hobbies": get(row, "Hobby"),
            "birthday": _birthday(birthday),
        }
        emails = [entry.value for entry in found if entry.kind == Kind.EMAIL.value]
        yield Record(
            line=row.line,
            name=name or (emails[0] if emails else "") or get(row, "Company"),
            fields={key: value for key, value in fields.items() if value},
            tags=[tag.strip() for tag in get(row, "Categories").split(";") if tag.strip()],
            entries=found,
        )


def _entries(row: Row, get: Callable[[Row, str], str]) -> list[Entry]:
    found = [Entry(Kind.EMAIL.value, value) for key in _EMAILS if (value := get(row, key))]
    found += [
        Entry(Kind.PHONE.value, value, label) for key, label in _PHONES if (value := get(row, key))
    ]
    for prefix, label in _ADDRESSES:
        street = ", ".join(
            part for part in (get(row, f"{prefix} Street{n}") for n in ("", " 2", " 3")) if part
        )
        entry = address(
            {"street": street or get(row, f"{prefix} Address"),
             "city": get(row, f"{prefix} City"), "region": get(row, f"{prefix} State"),
             "postcode": get(row, f"{prefix} Postal Code"),
             "country": get(row, f"{prefix} Country/Region") or get(row, f"{prefix} Country")},
            label,
        )  # fmt: skip
        if entry is not None:
            found.append(entry)
    page = get(row, "Web Page")
    if page:
        found.append(Entry(Kind.URL.value, page, service_of(page) or "website"))
    return found


def _birthday(text: str) -> str:
    """Outlook's M/D/YYYY as YYYY-MM-DD (checked with every record); none for `0/0/00`."""
    if not text or text in _NO_DATE:
        return ""
    parts = text.split()[0].split("/")
    if len(parts) == 3 and all(part.isdigit() for part in parts):
        month, day, year = (int(part) for part in parts)
        year = year + 2000 if year < 100 else year
        return f"{year:04d}-{month:02d}-{day:02d}"
    return text  # another form: the birthday check names it
