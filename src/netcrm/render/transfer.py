"""Output for moving data in and out: import reports, exports, likely duplicates, merges."""

import sys
from collections.abc import Sequence
from typing import TYPE_CHECKING

from netcrm.render.output import emit_json, line, table, warn
from netcrm.services.shapes import (
    import_json,
    jsonable,
    merged_json,
    pair_json,
    sync_json,
    vdir_json,
)

if TYPE_CHECKING:
    from netcrm.services.transfer.dupes import Merged, Pair
    from netcrm.services.transfer.exporters import Exported
    from netcrm.services.transfer.exporters.icsvdir import VdirReport
    from netcrm.services.transfer.report import ImportReport
    from netcrm.services.transfer.sync.vdir import SyncReport


def ics_vdir(report: "VdirReport", *, as_json: bool) -> None:
    """`export ics --vdir`: the files written, removed and left as they were."""
    if as_json:
        emit_json(vdir_json(report))
        return
    line(
        f"{report.path}: {len(report.written)} written, {len(report.removed)} removed, "
        f"{len(report.unchanged)} unchanged"
    )


# How each kind of sync change reads, with its file and contact filled in.
_SYNC_WORDS = {
    "contact_created": "new contact {who} from {file}",
    "contact_linked": "{file} is {who}: linked",
    "contact_updated": "{who}: {fields} from {file}",
    "contact_archived": "{who} archived: {file} was deleted from the vdir",
    "file_created": "{file} written for {who}",
    "file_updated": "{file}: {fields} from {who}",
    "file_removed": "{file} removed: {who} is no longer in netcrm",
    "file_kept": "{file} kept: {who} is no longer in netcrm (--propagate-deletes removes it)",
}


def synced(report: "SyncReport", *, as_json: bool) -> None:
    """`sync vdir`: each change and conflict, then a summary; skipped cards on stderr."""
    if as_json:
        emit_json(sync_json(report))
        return
    for problem in report.skipped:
        warn(problem)
    would = "would be " if report.dry_run else ""
    for action in report.actions:
        who = f"#{action.contact_id} {action.name}" if action.contact_id else repr(action.name)
        changed = ", ".join(action.fields) or "nothing new"
        line(_SYNC_WORDS[action.action].format(who=who, file=action.file, fields=changed))
    for conflict in report.conflicts:
        outcome = (
            f"{conflict.settled}'s value {'would win' if report.dry_run else 'won'}"
            if conflict.settled
            else "left as they are (--prefer netcrm or --prefer vdir settles it)"
        )
        line(
            f"conflict: #{conflict.contact_id} {conflict.name}: {conflict.field}: netcrm has "
            f"{conflict.netcrm!r}, {conflict.file} has {conflict.vdir!r}; {outcome}"
        )
    open_conflicts = sum(1 for conflict in report.conflicts if not conflict.settled)
    made = sum(1 for action in report.actions if action.action != "file_kept")
    line(
        f"{report.path}: {made} change(s) {would}made, "
        f"{open_conflicts} conflict(s), {report.unchanged} unchanged, "
        f"{len(report.skipped)} skipped" + (" (dry run: nothing written)" if report.dry_run else "")
    )


def imported(report: "ImportReport", dry_run: bool, *, as_json: bool) -> None:
    """`import`: the report as JSON, or career news and conflicts, then the summary line."""
    if as_json:
        emit_json(import_json(report, dry_run), streamed="changes")
        return
    for change in report.changes.notable:
        if change["career"]:
            line(f"{change['source']}: {change['name']}: {change['career']}")
        for key, values in change["conflicts"].items():
            line(
                f"{change['source']}: {change['name']}: {key} kept {values['kept']!r}, "
                f"file has {values['incoming']!r}"
            )
        if change["action"] == "skipped":
            line(f"{change['source']}: skipped: {change['reason']}")
    line(import_summary(report) + (" (dry run: nothing written)" if dry_run else ""))


def exported(done: "Exported") -> None:
    """`export`: the file's text on standard output; nothing when it went to a file (cron).

    Piped, the bytes are the file's. On a terminal each line is shown as `line` shows text:
    a name holding an escape sequence must not retitle the window because it was exported.
    """
    if done.text is None:
        return
    if not sys.stdout.isatty():
        sys.stdout.write(done.text)
        return
    for each in done.text.splitlines():
        line(each)


def import_summary(report: "ImportReport") -> str:
    """The one line every import ends with."""
    return (
        f"{report.new} new, {report.updated} updated, "
        f"{report.unchanged} unchanged, {report.skipped} skipped"
    )


def dupes(pairs: Sequence["Pair"], *, as_json: bool) -> None:
    """`dupes`: JSON, or the pairs for people."""
    if as_json:
        emit_json([pair_json(pair) for pair in pairs])
        return
    if not pairs:
        line("No likely duplicates.")
        return
    table(
        ["a", "b", "why"],
        [
            [f"#{pair.a.id} {pair.a.name}", f"#{pair.b.id} {pair.b.name}", "; ".join(pair.why)]
            for pair in pairs
        ],
    )


def merged(result: "Merged", *, as_json: bool) -> None:
    """`merge`: who went where, then every field where KEEP's value won."""
    if as_json:
        emit_json(merged_json(result))
        return
    line(f"merged #{result.other_id} {result.other_name} into #{result.keep.id} {result.keep.name}")
    for key, values in jsonable(result.conflicts).items():
        line(f"  {key}: kept {values['kept']!r}, dropped {values['other']!r}")
