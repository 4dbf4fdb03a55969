"""Writers for `netcrm export`: one small module per format, each returning the file's text.

`export` checks where the file may go (`target.py`) before any work, then writes it whole
under a temporary name beside it and renames it into place, private to its owner.
"""

from dataclasses import dataclass
from datetime import date, datetime
from pathlib import Path

from sqlmodel import Session

from netcrm.core.config import Config
from netcrm.core.errors import UserError, os_reason
from netcrm.services.transfer.exporters.target import export_path
from netcrm.store import tempfiles

FORMATS = ("json", "csv", "vcard", "ics")


@dataclass(frozen=True)
class Exported:
    """The export's text when it goes to standard output; else the file it was written to."""

    text: str | None
    path: Path | None


def export(
    session: Session,
    kind: str,
    *,
    output: str | None,
    database: str,
    as_of: date,
    within: int,
    nl: bool,
    vcard_version: str,
    config: Config,
    now: datetime,
) -> Exported:
    """Export in the format `kind` to `output` (None: standard output).

    `database` is the database in use: an export never replaces it, its files or a backup.
    """

    def text() -> str:
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

    if output is None:
        return Exported(text(), None)
    export_path(output, database)  # refused before any work is done
    data = text().encode("utf-8")
    dest = export_path(output, database)  # and again as it is written: it may have changed
    try:
        tempfiles.write_atomically(dest, data)
    except OSError as exc:
        raise UserError(f"cannot write {dest}: {os_reason(exc)}; nothing was written") from None
    return Exported(None, dest)
