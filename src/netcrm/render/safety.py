"""Output for keeping the data safe: backups, restores, doctor, forget, the database in use."""

from typing import TYPE_CHECKING

from netcrm.core.dates import human_moment
from netcrm.render.output import emit_json, line, table, warn
from netcrm.services.shapes import (
    backup_json,
    db_status_json,
    doctor_json,
    forgotten_json,
    restore_json,
    undo_write_json,
)

if TYPE_CHECKING:
    from netcrm.services.safety.backup import BackupDone
    from netcrm.services.safety.doctor import Report
    from netcrm.services.safety.forget import Forgotten
    from netcrm.services.safety.restore import RestoreDone
    from netcrm.services.safety.status import DbStatus
    from netcrm.services.safety.undo import Write


def backed_up(done: "BackupDone", *, as_json: bool = False) -> None:
    """`backup`: where the copy went, and the old copies `--keep` removed."""
    if as_json:
        emit_json(backup_json(done))
        return
    line(f"backed up to {done.path} ({done.size} bytes)")
    for old in done.pruned:
        line(f"removed old backup {old}")


def restored(done: "RestoreDone", source: str, *, as_json: bool = False) -> None:
    """`restore`: the copy kept of the old database, and what is in place now."""
    if as_json:
        emit_json(restore_json(done, source))
        return
    if done.kept:
        line(f"kept the previous database as {done.kept}")
    line(f"restored {done.path} from {source} (schema {done.revision})")


def doctor(report: "Report", *, as_json: bool) -> None:
    """`doctor`: JSON, or one line per check with each problem's fix."""
    if as_json:
        emit_json(doctor_json(report))
        return
    line(f"database: {report.database} ({report.backend})")
    line(f"config:   {report.config}")
    for check in report.checks:
        line(f"{'ok  ' if check.ok else 'FAIL'} {check.name}: {check.detail}")
        if check.fix:
            line(f"     fix: {check.fix}")
    problems = sum(not check.ok for check in report.checks)
    line("all good" if not problems else f"{problems} problem(s) found")


def forgotten(done: "Forgotten", *, as_json: bool = False) -> None:
    """`forget`: who was erased, what may linger, and what was not touched."""
    if as_json:
        emit_json(forgotten_json(done))
        return
    line(f"erased #{done.id} {done.name} and everything recorded about them")
    if done.stopped == "no room":
        warn(
            "warning: the disk filled up while the file was rewritten: the person is erased "
            "and secure_delete overwrote their text, but the file was not compacted (VACUUM "
            "needs as much free space as the database)"
        )
    elif done.stopped == "no room for the wal":
        warn(
            "warning: the disk is full: the person is erased, but old bytes may stay in the "
            "database's -wal file until there is room again and a netcrm command has run"
        )
    elif done.scrubbed is False:
        warn(
            "warning: another netcrm process was using the database; old bytes may stay in "
            "its -wal file until that process ends"
        )
    elif done.scrubbed is None:
        line(
            "on a database server the rows are deleted; the server's own WAL, VACUUM and "
            "dumps decide when the old bytes are gone (see docs/team.md)"
        )
    if done.mentioned_by:
        ids = ", ".join(f"#{contact_id}" for contact_id in done.mentioned_by)
        line(f"their name still appears in notes about {ids}: edit those if you wish")
    line("backups are not touched: delete or re-create them to erase this person there too")


def database_path(shown: str) -> None:
    """`db path`: the database in use, password hidden."""
    line(shown)


def db_status(found: "DbStatus", *, as_json: bool) -> None:
    """`db status`: JSON, or one labelled line per fact."""
    if as_json:
        emit_json(db_status_json(found))
        return
    if found.revision is None:
        schema = "none yet: the first command that needs it creates it"
    elif found.pending:
        schema = f"{found.revision}; the next command upgrades it to {found.head}"
    else:
        schema = f"{found.revision} (current)"
    line(f"database:    {found.target} ({found.backend})")
    if not found.exists:
        line("             (no file there yet)")
    line(f"schema:      {schema}")
    if found.pending:
        line(f"pending:     {', '.join(found.pending)}")
    if found.size_bytes is not None:
        line(f"size:        {found.size_bytes} bytes")
    if found.backend == "sqlite":
        backup = found.last_backup
        shown = f"{backup.path} ({human_moment(backup.modified, True)})" if backup else "none yet"
        line(f"last backup: {shown}")


def _moment(write: "Write") -> str:
    return human_moment(write.at, True)


def undo_history(writes: "list[Write]", *, as_json: bool) -> None:
    """`undo --list`: the newest writes first, and what each changed."""
    if as_json:
        emit_json([undo_write_json(write) for write in writes])
        return
    if not writes:
        line("Nothing to undo: the undo history is empty.")
        return
    table(
        ["id", "at", "command", "summary"],
        [
            [
                f"#{w.id}",
                _moment(w),
                w.command,
                w.summary + (f" (cannot be undone: {w.blocked})" if w.blocked else ""),
            ]
            for w in writes
        ],
    )


def undo_question(writes: "list[Write]") -> str:
    """What `undo` asks on a terminal before it reverts anything."""
    if len(writes) == 1:
        return f"Undo {describe_write(writes[0])}?"
    listed = "\n".join(f"  {describe_write(write)}" for write in writes)
    return f"Undo these {len(writes)} writes, newest first?\n{listed}\n"


def describe_write(write: "Write") -> str:
    """One write in a line: `#12 log (22 Nov 2026 08:00): #1 Ada Lovelace: ...`."""
    return f"#{write.id} {write.command} ({_moment(write)}): {write.summary}"


def undone(writes: "list[Write]") -> None:
    """`undo`: each write taken back, newest first."""
    for write in writes:
        line(f"undid {describe_write(write)}")
