"""Writers for `netcrm export`: one small module per format, each returning the file's text."""

from datetime import date, datetime

from sqlmodel import Session

from netcrm.core.config import Config
from netcrm.core.errors import UserError

FORMATS = ("json", "csv", "vcard", "ics")


def export(
    session: Session,
    kind: str,
    *,
    as_of: date,
    within: int,
    nl: bool,
    vcard_version: str,
    config: Config,
    now: datetime,
) -> str:
    """The export file's text in the format named by `kind`."""
    # Each writer is imported only when chosen: vCard and iCalendar pull in their libraries.
    if kind == "json":
        from netcrm.services.transfer.exporters.jsondoc import export_json

        return export_json(session, nl=nl)
    if kind == "csv":
        from netcrm.services.transfer.exporters.csvout import export_csv

        return export_csv(session, as_of, config)
    if kind == "vcard":
        from netcrm.services.transfer.exporters.vcardout import export_vcard

        return export_vcard(session, vcard_version)
    if kind == "ics":
        from netcrm.services.transfer.exporters.ics import export_ics

        return export_ics(session, as_of, within, config, now)
    raise UserError(f"unknown export format {kind!r}: use one of {', '.join(FORMATS)}")
