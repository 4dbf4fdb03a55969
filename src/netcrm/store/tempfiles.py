"""Files written under a temporary name first: naming them, claiming a name, leftovers.

Every file netcrm makes (a new database, a backup, a restored copy, an export) is written
whole under `.NAME.PURPOSE-PID` in the folder it belongs in, and only then given its real
name, so a name never points at half a file. A process killed halfway leaves only such a
temporary file; `leftovers` finds those whose process is gone, for `doctor` to report and
for the next command to remove.
"""

import os
import re
import time
from contextlib import suppress
from pathlib import Path

# What a temporary file is for: a new database, one an import fills before it is named, a
# copy of one, an export.
PURPOSES = ("new", "importing", "copy", "export")
_TEMP = re.compile(
    r"\.(?P<name>.+)\.(?:" + "|".join(PURPOSES) + r")-(?P<pid>[0-9]+)(?:-journal|-wal|-shm)?"
)
# A leftover must also be this old: a process in another PID namespace (a container sharing
# the folder) has a PID that looks dead from here, but its file is still being written.
STALE_AFTER_S = 600
PRIVATE_FILE = 0o600


def temp_path(folder: Path, name: str, purpose: str) -> Path:
    """Where this process writes `name` before it is complete: `.NAME.PURPOSE-PID`."""
    assert purpose in PURPOSES
    return folder / f".{name}.{purpose}-{os.getpid()}"


def claim(temp: Path, dest: Path) -> None:
    """Give the complete file `temp` the name `dest`, never replacing a file already there.

    A hard link claims the name in one step (FileExistsError when it is taken); file systems
    without hard links get a rename after a check. `temp` itself is left for the caller.
    """
    try:
        os.link(temp, dest)
    except FileExistsError:
        raise
    except OSError:  # no hard links here (some network and FAT file systems)
        if dest.exists():
            raise FileExistsError(dest) from None
        os.rename(temp, dest)


def write_atomically(dest: Path, data: bytes) -> None:
    """Write `data` to `dest`, private to its owner, replacing it in one rename when complete.

    The bytes are synced before the rename, so `dest` is either the old file or the whole new
    one, even after a crash; on any error (a full disk, say) the temporary file is removed.
    """
    temp = temp_path(dest.parent, dest.name, "export")
    temp.unlink(missing_ok=True)  # our own PID: a leftover of a process long gone
    fd = os.open(temp, os.O_CREAT | os.O_EXCL | os.O_WRONLY | os.O_CLOEXEC, PRIVATE_FILE)
    try:
        with os.fdopen(fd, "wb") as handle:
            handle.write(data)
            handle.flush()
            os.fsync(handle.fileno())
        os.replace(temp, dest)
    except BaseException:
        temp.unlink(missing_ok=True)
        raise


def leftovers(folder: Path) -> list[Path]:
    """netcrm's temporary files in `folder` whose process has ended: safe to delete."""
    try:
        entries = list(os.scandir(folder))
    except OSError:  # no such folder, or not ours to read: nothing of ours is left there
        return []
    found = []
    now = time.time()
    for entry in entries:
        match = _TEMP.fullmatch(entry.name)
        if match is None or not entry.is_file(follow_symlinks=False):
            continue
        with suppress(OSError):
            if now - entry.stat().st_mtime >= STALE_AFTER_S and not _alive(int(match["pid"])):
                found.append(Path(entry.path))
    return sorted(found)


def remove_leftovers(folder: Path) -> None:
    """Delete the temporary files killed processes left in `folder` (best effort)."""
    for path in leftovers(folder):
        with suppress(OSError):
            path.unlink()


def _alive(pid: int) -> bool:
    """True when a process with this id runs (or might: one we may not signal counts)."""
    if pid == os.getpid():
        return True
    try:
        os.kill(pid, 0)
    except ProcessLookupError:
        return False
    except (PermissionError, OverflowError):
        return True  # someone else's process, or a number no PID can be: leave it alone
    return True
