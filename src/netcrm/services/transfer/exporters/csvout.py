"""`export csv`: one row per contact, safe to open in a spreadsheet."""

import csv
import io
from datetime import date

from sqlmodel import Session

from netcrm.core.config import Config
from netcrm.services.contacts.views import list_contacts
from netcrm.services.shapes import contact_row_json  # the `list --json` shape, one per row

# A spreadsheet runs a cell that starts with one of these as a formula.
_FORMULA_STARTS = ("=", "+", "-", "@", "\t", "\r")


def export_csv(session: Session, as_of: date, config: Config) -> str:
    """Every contact (archived ones too) with every field, its last touch and next due day."""
    rows = [
        contact_row_json(row)
        for row in list_contacts(session, as_of, config, include_archived=True)
    ]
    out = io.StringIO()
    if not rows:
        return ""
    writer = csv.DictWriter(out, fieldnames=list(rows[0]), lineterminator="\r\n")
    writer.writeheader()
    for row in rows:
        row["tags"] = "; ".join(row["tags"])
        writer.writerow({key: neutralise(value) for key, value in row.items()})
    return out.getvalue()


def neutralise(value: object) -> str:
    """The cell's text, with a leading `'` when a spreadsheet would run it as a formula."""
    if value is None:
        return ""
    text = str(value).lower() if isinstance(value, bool) else str(value)
    return "'" + text if text.startswith(_FORMULA_STARTS) else text
