"""Errors a user can cause and fix.

The CLI edge turns every `UserError` into one line on stderr and exit status 1; anything
else is a bug and keeps its traceback.
"""

import errno

# Writing failed for lack of room: the device is full, or the user's quota is spent.
_NO_ROOM = {errno.ENOSPC, errno.EDQUOT}
DISK_FULL = "the disk is full"


class UserError(Exception):
    """Something the user asked for cannot be done; the message says what and what is accepted."""


class NotFoundError(UserError):
    """A contact, promise or other record named by the user does not exist."""


class DatabaseError(UserError):
    """The database file cannot be used: wrong kind of file, newer schema, not writable."""


class FileFormatError(UserError):
    """A file (or standard input) cannot be read; the message starts with `NAME:LINE:`."""

    def __init__(self, name: str, line: int, what: str) -> None:
        super().__init__(f"{name}:{line}: {what}")
        self.line, self.what = line, what


def no_room(exc: OSError) -> bool:
    """True when writing failed because the disk (or the user's quota) is full."""
    return exc.errno in _NO_ROOM


def os_reason(exc: OSError) -> str:
    """Why the file system refused, in words: 'the disk is full (...)' or the system's own."""
    reason = exc.strerror or str(exc)
    return f"{DISK_FULL} ({reason})" if no_room(exc) else reason
