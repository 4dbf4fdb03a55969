"""What kind of file this looks like, from its first bytes: one answer for every importer.

A file given to the wrong importer is refused before anything is read into the database,
with a hint naming the importer that fits (`import google` of a LinkedIn export would
otherwise make name-only contacts and drop company, position and URL without a word).
"""

import csv

from netcrm.services.transfer.importers import google, linkedin, outlook
from netcrm.services.transfer.importers.csvfile import DELIMITERS

FORMATS = {
    "linkedin": "a LinkedIn Connections.csv",
    "outlook": "an Outlook contacts CSV",
    "google": "a Google Contacts CSV",
    "vcard": "a vCard file",
    "json": "a JSON file",
}
_HEADER_LINES = 20  # LinkedIn puts a few lines of notes above its header


def looks_like(head: bytes) -> str | None:
    """The import format `head` (a file's first bytes) looks like, or None when unsure."""
    text = head.decode("utf-8", errors="replace").removeprefix("\ufeff").lstrip()
    if text[:11].upper() == "BEGIN:VCARD":
        return "vcard"
    if text[:1] in ("{", "["):
        return "json"
    lines = text.splitlines()[:_HEADER_LINES]
    for delimiter in DELIMITERS:  # Excel in many locales separates with semicolons
        try:
            rows = list(csv.reader(lines, delimiter=delimiter))
        except csv.Error:
            continue
        for cells in rows:
            stripped = [cell.strip() for cell in cells]
            # LinkedIn's and Outlook's headers also pass Google's test (first and last
            # name): ask them first.
            for kind, is_header in _HEADERS:
                if is_header(stripped):
                    return kind
    return None


_HEADERS = (
    ("linkedin", linkedin.is_header),
    ("outlook", outlook.is_header),
    ("google", google.is_header),
)


def refusal(kind: str, head: bytes) -> str | None:
    """Why a file with this head cannot be imported as `kind`, or None when it may be."""
    found = looks_like(head)
    if found is None or found == kind:
        return None
    return (
        f"this looks like {FORMATS[found]}, not {FORMATS[kind]}: "
        f"import it with `netcrm import {found}`"
    )
