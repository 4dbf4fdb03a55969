"""A vdir's files, read and written with care: the folder is shared with other programs.

Only `*.vcf` files directly in the folder are cards; hidden files (vdirsyncer's own `.*`
status files, netcrm's temporary ones) and other names are ignored. A symbolic link or
anything but a regular file is never read or written: it is reported and skipped, so a
link cannot lead netcrm out of the folder. A card is read whole up to `LARGEST_CARD` bytes
(a bigger one is reported, not read). Files are written whole under a temporary name and
renamed into place (store/tempfiles.write_atomically), so vdirsyncer never sees half a card.
"""

import hashlib
import os
import re
import stat
from dataclasses import dataclass
from pathlib import Path

from netcrm.core.errors import UserError
from netcrm.core.paths import expand, file_kind
from netcrm.store.tempfiles import write_atomically

SUFFIX = ".vcf"
LARGEST_CARD = 4 * 2**20  # a contact with a large photo stays well below this
# A UID safe as a file name as it is; any other is named by its hash.
_SAFE_UID = re.compile(r"[A-Za-z0-9][A-Za-z0-9._@+=-]{0,150}")


@dataclass(frozen=True)
class CardFile:
    """One card file as read: its name in the folder, its bytes and their SHA-256."""

    name: str
    data: bytes

    @property
    def etag(self) -> str:
        return etag_of(self.data)


def etag_of(data: bytes) -> str:
    """What tells a file changed since the last sync: the SHA-256 of its bytes."""
    return hashlib.sha256(data).hexdigest()


def folder(path: str) -> Path:
    """The vdir's resolved path; a UserError when it is not an existing folder."""
    given = expand(path)
    if not given.is_dir():
        what = "does not exist" if not given.exists() else "is not a folder"
        raise UserError(f"{path} {what}: sync vdir needs the folder of .vcf files (a vdir)")
    return given.resolve()


def file_name(uid: str) -> str:
    """The file a new card with this UID is written to: `UID.vcf`, or a hash of an odd UID."""
    if _SAFE_UID.fullmatch(uid):
        return uid + SUFFIX
    return "netcrm-" + hashlib.sha256(uid.encode()).hexdigest()[:32] + SUFFIX


def scan(root: Path) -> tuple[dict[str, CardFile], list[str]]:
    """Every card file in the folder, by name, and `FILE:LINE: why` for each one skipped."""
    cards: dict[str, CardFile] = {}
    problems: list[str] = []
    for entry in sorted(os.scandir(root), key=lambda e: e.name):
        name = entry.name
        if name.startswith(".") or not name.lower().endswith(SUFFIX):
            continue
        found = read(root, name)
        if isinstance(found, str):
            problems.append(f"{root / name}:1: {found}")
        else:
            cards[name] = found
    return cards, problems


def read(root: Path, name: str) -> CardFile | str:
    """The file's bytes, or why it is not read (a link, not a regular file, too large)."""
    path = root / name
    try:
        fd = os.open(path, os.O_RDONLY | os.O_NOFOLLOW | os.O_NONBLOCK | os.O_CLOEXEC)
    except OSError as exc:
        if path.is_symlink():
            return "a symbolic link: skipped (netcrm reads only regular files in the vdir)"
        return f"cannot read it: {exc.strerror}"
    mode = os.fstat(fd).st_mode
    if not stat.S_ISREG(mode):
        os.close(fd)
        return f"{file_kind(mode)}, not a regular file: skipped"
    with os.fdopen(fd, "rb") as handle:
        data = handle.read(LARGEST_CARD + 1)
    if len(data) > LARGEST_CARD:
        return f"larger than {LARGEST_CARD // 2**20} MB: skipped"
    return CardFile(name, data)


def write(root: Path, name: str, data: bytes) -> None:
    """Write a card file whole; a link or other non-file in its place is refused."""
    path = root / name
    if path.is_symlink() or (path.exists() and not path.is_file()):
        raise UserError(f"{path}: not a regular file: netcrm writes only its own card files")
    write_atomically(path, data)


def remove(root: Path, name: str) -> None:
    """Delete a card file (never through a symbolic link); gone already is fine."""
    path = root / name
    if path.is_symlink():
        return
    path.unlink(missing_ok=True)
