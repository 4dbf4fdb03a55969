"""`netcrm undo`: take back the last commands that wrote, from the history store/undo.py keeps.

Undo reverts whole commands, newest first: `undo` the last one, `undo ID` that one and every
later one, so the database is always exactly as it was after some earlier command. It never
goes past an entry it cannot revert: a write recorded under an older schema (its rows would
not fit the tables as they are now) or a restore (which replaced the whole file).
"""

from collections.abc import Callable
from dataclasses import dataclass
from datetime import datetime

from sqlmodel import Session, col, select

from netcrm.core.errors import NotFoundError, UserError
from netcrm.services.resolve import read_id
from netcrm.store import undo as undo_log
from netcrm.store.db import SCHEMA_HEAD, by_id
from netcrm.store.models import UndoWrite

_MOST = 2**31


@dataclass(frozen=True)
class Write:
    """One entry of the undo history; `blocked` says why it cannot be undone, if it cannot."""

    id: int
    at: datetime
    command: str
    summary: str
    blocked: str | None


def _write(session: Session, row: UndoWrite) -> Write:
    assert row.id is not None
    blocked = None
    if not row.revertible:
        blocked = "it cannot be undone, and undo cannot go past it"
    elif row.revision != SCHEMA_HEAD:
        blocked = (
            f"it was recorded under schema {row.revision} and the database has since been "
            f"upgraded to {SCHEMA_HEAD}: undo cannot cross a migration"
        )
    # A marker (a restore) says itself what it was; a write's summary is made from its rows.
    summary = row.summary if not row.revertible else undo_log.describe(session, row.id)
    return Write(row.id, row.at, row.command, summary, blocked)


def history(session: Session, limit: int) -> list[Write]:
    """The `limit` newest writes, newest first."""
    if limit < 1:
        raise UserError(f"-n must be at least 1, not {limit}")
    # A limit past what any history holds means "all"; the database's integers are 64-bit.
    rows = session.exec(
        select(UndoWrite).order_by(col(UndoWrite.id).desc()).limit(min(limit, _MOST))
    )
    return [_write(session, row) for row in rows]


def take_back(
    session: Session, ref: str | None, confirm: Callable[[list[Write]], bool]
) -> list[Write]:
    """Revert the last write, or the write `ref` and every later one; returns them, newest first.

    Nothing is changed unless `confirm` agrees with the list.
    """
    undo_log.lock(session)
    chosen = _chosen(session, ref)
    for write in chosen:
        if write.blocked:
            raise UserError(
                f"cannot undo #{write.id} `{write.command}`: {write.blocked} ({write.summary})"
            )
    if not confirm(chosen):
        raise UserError("nothing undone")
    undo_log.revert(session, [write.id for write in chosen])
    return chosen


def _chosen(session: Session, ref: str | None) -> list[Write]:
    newest = select(UndoWrite).order_by(col(UndoWrite.id).desc())
    if ref is None:
        last = session.exec(newest.limit(1)).first()
        if last is None:
            raise UserError("nothing to undo: the undo history is empty")
        return [_write(session, last)]
    wanted = read_id(ref)
    found = by_id(session, UndoWrite, wanted) if wanted is not None else None
    if found is None:
        raise NotFoundError(
            f"no write {ref.strip()!r} in the undo history; see `netcrm undo --list` for ids"
        )
    return [_write(session, row) for row in session.exec(newest.where(col(UndoWrite.id) >= wanted))]
