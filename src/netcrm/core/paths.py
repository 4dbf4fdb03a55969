"""Paths the user types: `~` and `~name` expanded, impossible ones and non-files a clear error."""

import os
import stat
from pathlib import Path
from typing import BinaryIO

from netcrm.core.errors import UserError


def expand(text: str) -> Path:
    """`text` as a path with `~` expanded; `~nosuchuser/...` is a UserError, not a crash."""
    if "\x00" in text:  # no file system accepts one; the OS calls would raise ValueError
        raise UserError("a path cannot contain NUL characters (\\0)")
    try:
        return Path(text).expanduser()
    except RuntimeError:  # pathlib's way of saying it knows no such home directory
        user = text[1:].split("/", 1)[0]
        raise UserError(f"no home directory for user {user!r} in {text!r}") from None


class NotAFileError(UserError):
    """The path names a folder, a FIFO, a device or a socket; `kind` says which."""

    def __init__(self, path: Path, kind: str) -> None:
        super().__init__(f"{path} is {kind}, not a regular file; give the path of a file")
        self.kind = kind


def file_kind(mode: int) -> str | None:
    """What a file is when it is not a regular file ("a folder", "a FIFO"...); None when it is."""
    kinds = [
        (stat.S_ISREG, None),
        (stat.S_ISDIR, "a folder"),
        (stat.S_ISFIFO, "a FIFO (named pipe)"),
        (stat.S_ISCHR, "a character device"),
        (stat.S_ISBLK, "a block device"),
        (stat.S_ISSOCK, "a socket"),
    ]
    return next((kind for test, kind in kinds if test(mode)), "not a regular file")


def open_file(path: Path) -> BinaryIO:
    """A regular file opened for reading; anything else (a folder, FIFO, device) is refused.

    The file is opened without blocking and checked before a byte is read: opening a FIFO
    would wait forever for a writer, and reading /dev/zero would never end.
    """
    fd = os.open(path, os.O_RDONLY | os.O_NONBLOCK | os.O_CLOEXEC)
    try:
        kind = file_kind(os.fstat(fd).st_mode)
        if kind:
            raise NotAFileError(path, kind)
        return open(fd, "rb")  # the caller closes it
    except BaseException:
        os.close(fd)
        raise


def read_file(path: Path, limit: int = -1) -> bytes:
    """The bytes of a regular file (the first `limit` of them); see `open_file`."""
    with open_file(path) as handle:
        return handle.read(limit)
