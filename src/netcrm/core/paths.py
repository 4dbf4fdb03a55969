"""Paths the user types: `~` and `~name` expanded; impossible ones a clear error."""

from pathlib import Path

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
