"""Errors a user can cause and fix.

The CLI edge turns every `UserError` into one line on stderr and exit status 1; anything
else is a bug and keeps its traceback.
"""


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
