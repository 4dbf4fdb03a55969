"""`export csv`: one row per contact, safe to open in a spreadsheet."""

import csv
import io
import re
from datetime import date

from sqlmodel import Session

from netcrm.core.config import Config
from netcrm.services.contacts.views import list_contacts
from netcrm.services.shapes import contact_row_json  # the `list --json` shape, one per row

# A spreadsheet runs a cell as a formula when its first character is one of these, and some
# read the full-width forms an Asian keyboard types the same way.
_FORMULA_STARTS = ("=", "+", "-", "@", "\uff1d", "\uff0b", "\uff0d", "\uff20")
# Spreadsheets may drop leading blanks (spaces, tabs, line breaks, the invisible ones) before
# they look, so " =1+1" and "\n=1+1" count as formulas too.
_BLANKS = re.compile(r"[\s\u200b\u200c\u200d\u2060\ufeff]*")
# A plus or minus followed only by digits, spaces and ( ) . - / is a phone number or a plain
# number: at worst arithmetic, never a function call, so "+44 20 7946 0958" stays as it is.
_NUMBER = re.compile(r"[+-][0-9 ().\-/]*")


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
    shown = _BLANKS.sub("", text, count=1)
    formula = shown[:1] in _FORMULA_STARTS and not _NUMBER.fullmatch(shown)
    # A leading tab or carriage return is neutralised whatever follows (OWASP's list).
    return "'" + text if formula or text[:1] in ("\t", "\r") else text
