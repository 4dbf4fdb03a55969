"""`export ics --vdir PATH`: the due list as a vdir, one `.ics` per due item.

A vdir (a folder of calendar files, one item each) is what vdirsyncer syncs with a CalDAV
calendar, so the due list reaches a phone's calendar. Each file is named from a hash of its
event's stable UID (never from text a file or a server sent: a UID may hold `/` or `..`), so
the same item keeps its file. Files of items no longer due are removed, but only files
netcrm wrote: named `netcrm-*.ics` and carrying netcrm's PRODID. An event whose only change
is its DTSTAMP is left alone, so a daily cron run does not make vdirsyncer upload every file.
Files are written to a temporary name in the folder and renamed into place (mode 0600); a
symbolic link in the folder is never written through or removed.
"""

import hashlib
import os
import re
import tempfile
from dataclasses import dataclass, field
from datetime import date, datetime
from pathlib import Path

from sqlmodel import Session

from netcrm.core.config import Config
from netcrm.core.errors import UserError
from netcrm.services.transfer.exporters.ics import PRODID, due_events, event_file

_PREFIX, _SUFFIX = "netcrm-", ".ics"
_STAMP = re.compile(rb"^DTSTAMP[:;].*\r\n", re.MULTILINE)


@dataclass
class VdirReport:
    """What `export ics --vdir` did: file names written, removed and left as they were."""

    path: str
    written: list[str] = field(default_factory=list)
    removed: list[str] = field(default_factory=list)
    unchanged: list[str] = field(default_factory=list)


def file_name(uid: str) -> str:
    """The file an event with this UID lives in."""
    return f"{_PREFIX}{hashlib.sha256(uid.encode()).hexdigest()[:32]}{_SUFFIX}"


def export_ics_vdir(
    session: Session, folder: str, as_of: date, within: int, config: Config, now: datetime
) -> VdirReport:
    """Write the due list into `folder` (made, owner-only, when missing)."""
    root = Path(folder)
    if root.is_symlink() or (root.exists() and not root.is_dir()):
        raise UserError(f"{folder}: not a folder: --vdir needs a folder (a vdir) to write into")
    root.mkdir(mode=0o700, parents=True, exist_ok=True)
    report = VdirReport(folder)
    wanted = {}
    for event in due_events(session, as_of, within, config, now):
        wanted[file_name(str(event["uid"]))] = event_file(event)
    for name in sorted(wanted):  # checked before anything is written: all or nothing refused
        if (root / name).is_symlink():
            raise UserError(f"{root / name}: a symbolic link: netcrm writes only its own files")
    for name, data in sorted(wanted.items()):
        target = root / name
        if target.exists() and _STAMP.sub(b"", target.read_bytes()) == _STAMP.sub(b"", data):
            report.unchanged.append(name)
            continue
        _write(root, name, data)
        report.written.append(name)
    for entry in sorted(root.iterdir()):
        name = entry.name
        if name in wanted or not (name.startswith(_PREFIX) and name.endswith(_SUFFIX)):
            continue
        if entry.is_symlink() or not entry.is_file():
            continue
        if PRODID.encode() in entry.read_bytes()[:4096]:  # ours: never someone else's file
            entry.unlink()
            report.removed.append(name)
    return report


def _write(root: Path, name: str, data: bytes) -> None:
    """`data` into `root/name`, atomically: a temporary file in the folder, renamed."""
    handle, temporary = tempfile.mkstemp(dir=root, prefix=".netcrm-", suffix=".tmp")
    try:
        with os.fdopen(handle, "wb") as out:
            out.write(data)
            out.flush()
            os.fsync(out.fileno())
        os.chmod(temporary, 0o600)
        os.replace(temporary, root / name)
    except BaseException:
        Path(temporary).unlink(missing_ok=True)
        raise
