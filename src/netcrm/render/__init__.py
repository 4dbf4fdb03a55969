"""All output: JSON on `--json`, Rich tables on a terminal, plain aligned text when piped.

This module holds the shared pieces (emit_json, table, line...) and the daily loop's shapes;
`render.plan` and `render.commitments` hold the plan/ledger/stats and promise/intro shapes.

The JSON shapes here are a contract (docs/usage.md lists every key): add keys, never rename.
Rich is imported only when a terminal will see it; `NO_COLOR` is honoured by Rich itself.
"""

import json
import sys
from collections.abc import Sequence
from datetime import date, datetime
from typing import TYPE_CHECKING, Any

from netcrm.core.fields import TEXT_FIELDS

if TYPE_CHECKING:
    from sqlalchemy import Row

    from netcrm.core.scheduler import DueItem
    from netcrm.services.contacts.views import ContactRow, Profile
    from netcrm.services.safety.doctor import Report
    from netcrm.services.transfer.dupes import Merged, Pair
    from netcrm.services.transfer.importing import ImportReport
    from netcrm.store.models import CareerChange, Contact, FollowUp, Interaction


def emit_json(data: Any) -> None:
    """Print JSON and nothing else: indented on a terminal, one compact line when piped."""
    if sys.stdout.isatty():
        text = json.dumps(data, indent=2, ensure_ascii=False)
    else:
        # Without `indent`, json uses its C encoder: ~3x faster on `list --json` at 10,000
        # contacts. A program reading the pipe does not need the line breaks.
        text = json.dumps(data, ensure_ascii=False)
    sys.stdout.write(text + "\n")


def line(text: str) -> None:
    """Print one plain line."""
    sys.stdout.write(text + "\n")


def table(columns: Sequence[str], rows: Sequence[Sequence[str]], title: str | None = None) -> None:
    """A Rich table on a terminal; aligned columns without colour or box-drawing when piped."""
    if sys.stdout.isatty():
        from rich.console import Console
        from rich.table import Table

        rich_table = Table(title=title, show_edge=False, header_style="bold")
        for column in columns:
            rich_table.add_column(column, overflow="fold")
        for row in rows:
            rich_table.add_row(*row)
        Console().print(rich_table)
        return
    widths = [
        max([len(column), *(len(row[i]) for row in rows)]) for i, column in enumerate(columns)
    ]
    for row in [list(columns), *rows]:
        cells = [cell.ljust(width) for cell, width in zip(row, widths, strict=True)]
        line("  ".join(cells).rstrip())


def moment(at: datetime | None, has_time: bool) -> str | None:
    """'2026-11-20T19:00' for a timed moment, '2026-11-20' for a day, None for nothing."""
    if at is None:
        return None
    return at.strftime("%Y-%m-%dT%H:%M") if has_time else at.date().isoformat()


def _day(value: date | datetime | None) -> str | None:
    if value is None:
        return None
    return (value.date() if isinstance(value, datetime) else value).isoformat()


def lateness(overdue_days: int) -> str:
    """'4d late', 'today' or 'in 7d'."""
    if overdue_days > 0:
        return f"{overdue_days}d late"
    return "today" if overdue_days == 0 else f"in {-overdue_days}d"


# ---- due ----------------------------------------------------------------------------------


def due_item_json(item: "DueItem") -> dict[str, Any]:
    """One `due --json` object: exactly the documented keys."""
    return {
        "contact_id": item.contact_id,
        "name": item.name,
        "circle": item.circle.value,
        "kind": item.kind,
        "step": item.step.value if item.step else None,
        "due": item.due.isoformat(),
        "overdue_days": item.overdue_days,
        "reason": item.reason,
    }


def due_table(items: Sequence["DueItem"]) -> None:
    """The morning list, most urgent first."""
    rows = [
        [
            f"#{item.contact_id}",
            item.name,
            item.circle.value,
            item.step.value if item.step else item.kind.replace("_", " "),
            item.due.isoformat(),
            lateness(item.overdue_days),
            item.reason,
        ]
        for item in items
    ]
    table(["id", "name", "circle", "what", "due", "when", "why"], rows)


# ---- contacts -------------------------------------------------------------------------------


def contact_json(contact: "Contact | Row[Any]", tags: Sequence[str]) -> dict[str, Any]:
    """Every stored field of a contact, as `show --json` and `add --json` print it.

    `contact` is the model or a plain row of the contact table (`list` loads those: cheaper).
    """
    data: dict[str, Any] = {"id": contact.id, "name": contact.name, "circle": contact.circle}
    for text_field in TEXT_FIELDS:
        data[text_field.attr] = getattr(contact, text_field.attr)
    data.update(
        timezone=contact.timezone,
        met=moment(contact.met_at, contact.met_has_time),
        birthday=contact.birthday,
        cadence=contact.cadence,
        tags=list(tags),
        created=contact.created_at.isoformat(timespec="seconds"),
        archived=contact.archived_at is not None,
        archived_on=_day(contact.archived_at),
        snoozed_until=_day(contact.snoozed_until),
    )
    return data


def contact_row_json(row: "ContactRow") -> dict[str, Any]:
    """One `list --json` object."""
    data = contact_json(row.contact, row.tags)
    data["last_interaction"] = _day(row.last_interaction)
    data["next_due"] = row.next_due.due.isoformat() if row.next_due else None
    return data


def contacts_table(rows: Sequence["ContactRow"]) -> None:
    """`list` on a terminal or piped."""
    table(
        ["id", "name", "circle", "company", "role", "tags", "last touch", "next due"],
        [
            [
                f"#{row.contact.id}",
                row.contact.name + (" (archived)" if row.contact.archived_at else ""),
                row.contact.circle,
                row.contact.company or "",
                row.contact.role or "",
                ", ".join(row.tags),
                _day(row.last_interaction) or "-",
                row.next_due.due.isoformat() if row.next_due else "-",
            ]
            for row in rows
        ],
    )


def follow_up_json(step: "FollowUp") -> dict[str, Any]:
    """One 24-48-7 step: `done` is true once ticked off, `done_on` says when."""
    return {
        "step": step.step,
        "due": _day(step.due_at),
        "done": step.done_at is not None,
        "done_on": _day(step.done_at),
    }


def interaction_json(interaction: "Interaction") -> dict[str, Any]:
    """One interaction: `date` always, `time` when it was logged with one."""
    return {
        "id": interaction.id,
        "date": interaction.occurred_at.date().isoformat(),
        "time": interaction.occurred_at.strftime("%H:%M") if interaction.has_time else None,
        "channel": interaction.channel,
        "value": interaction.value,
        "summary": interaction.summary,
    }


def profile_json(profile: "Profile") -> dict[str, Any]:
    """`show --json`: the contact, next due and why, steps, interactions newest first."""
    data = contact_json(profile.contact, profile.tags)
    data["last_interaction"] = _day(profile.last_interaction)
    data["next_due"] = profile.next_due.due.isoformat() if profile.next_due else None
    data["next_due_reason"] = profile.next_due.reason if profile.next_due else None
    data["follow_ups"] = [follow_up_json(step) for step in profile.follow_ups]
    data["interactions"] = [interaction_json(row) for row in profile.interactions]
    from netcrm.render.commitments import profile_intro_json

    data["introductions"] = [profile_intro_json(side) for side in profile.introductions]
    data["career_changes"] = [career_change_json(row) for row in profile.career_changes]
    return data


def career_change_json(change: "CareerChange") -> dict[str, Any]:
    """One piece of career news: the day it was imported, before and after."""
    from netcrm.services.transfer.career import describe

    return {
        "date": change.changed_on.isoformat(),
        "old_company": change.old_company,
        "new_company": change.new_company,
        "old_role": change.old_role,
        "new_role": change.new_role,
        "summary": describe(
            change.old_company, change.new_company, change.old_role, change.new_role
        ),
    }


def profile_text(profile: "Profile") -> None:
    """`show` for people: the fields that are set, then what is next, then the history."""
    contact = profile.contact
    line(f"#{contact.id} {contact.name}  [{contact.circle} circle]")
    details = profile_json(profile)
    labels = {text_field.attr: text_field.label for text_field in TEXT_FIELDS}
    labels.update(
        timezone="Time zone",
        met="Met",
        birthday="Birthday",
        cadence="Own cadence",
        created="Added",
        archived_on="Archived",
        snoozed_until="Snoozed until",
    )
    for key, label in labels.items():
        if details.get(key):
            line(f"  {label + ':':<20} {details[key]}")
    if profile.tags:
        line(f"  {'Tags:':<20} {', '.join(profile.tags)}")
    if profile.next_due:
        item = profile.next_due
        line(
            f"  {'Next due:':<20} {item.due.isoformat()} "
            f"({lateness(item.overdue_days)}): {item.reason}"
        )
    if profile.follow_ups:
        line("24-48-7:")
        for step in profile.follow_ups:
            state = f"done {_day(step.done_at)}" if step.done_at else "open"
            line(f"  {step.step:<10} due {_day(step.due_at)}  {state}")
    line(
        f"Interactions ({len(profile.interactions)}):"
        if profile.interactions
        else "No interactions yet."
    )
    for row in profile.interactions:
        when = moment(row.occurred_at, row.has_time) or ""
        value = f" [{row.value}]" if row.value else ""
        line(f"  {when:<16} {row.channel:<8}{value} {row.summary}".rstrip())
    from netcrm.render.commitments import profile_intros_text

    profile_intros_text(profile.introductions)
    if profile.career_changes:
        line("Career news:")
        for change in profile.career_changes:
            news = career_change_json(change)
            line(f"  {news['date']:<16} {news['summary']}")


# ---- import, dupes, merge (issue 4) -------------------------------------------------------


def import_summary(report: "ImportReport") -> str:
    """The one line every import ends with."""
    return (
        f"{report.new} new, {report.updated} updated, "
        f"{report.unchanged} unchanged, {report.skipped} skipped"
    )


def import_json(report: "ImportReport", dry_run: bool) -> dict[str, Any]:
    """`import --json`: the four counts, whether it was a dry run, and every change."""
    from dataclasses import asdict

    return {
        "new": report.new,
        "updated": report.updated,
        "unchanged": report.unchanged,
        "skipped": report.skipped,
        "dry_run": dry_run,
        "changes": [
            {key: _jsonable(value) for key, value in asdict(change).items()}
            for change in report.changes
        ],
    }


def import_text(report: "ImportReport", dry_run: bool) -> None:
    """Career news and conflicts worth a look, then the summary line."""
    for change in report.changes:
        if change.career:
            line(f"{change.source}: {change.name}: {change.career}")
        for key, values in change.conflicts.items():
            line(
                f"{change.source}: {change.name}: {key} kept {values['kept']!r}, "
                f"file has {values['incoming']!r}"
            )
        if change.action == "skipped":
            line(f"{change.source}: skipped: {change.reason}")
    line(import_summary(report) + (" (dry run: nothing written)" if dry_run else ""))


def _jsonable(value: Any) -> Any:
    if isinstance(value, dict):
        return {key: _jsonable(item) for key, item in value.items()}
    if isinstance(value, date | datetime):
        return value.isoformat()
    return value


def pair_json(pair: "Pair") -> dict[str, Any]:
    """One `dupes --json` object."""
    return {
        "a": {"id": pair.a.id, "name": pair.a.name},
        "b": {"id": pair.b.id, "name": pair.b.name},
        "why": pair.why,
    }


def dupes_table(pairs: Sequence["Pair"]) -> None:
    """`dupes` for people."""
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


def merged_text(merged: "Merged") -> None:
    """`merge` for people: who went where, then every field where KEEP's value won."""
    line(f"merged #{merged.other_id} {merged.other_name} into #{merged.keep.id} {merged.keep.name}")
    for key, values in merged.conflicts.items():
        line(f"  {key}: kept {values['kept']!r}, dropped {values['other']!r}")


def merged_json(merged: "Merged") -> dict[str, Any]:
    """`merge --json`: who was kept, who was folded in, fields filled and in conflict."""
    return {
        "kept": {"id": merged.keep.id, "name": merged.keep.name},
        "merged": {"id": merged.other_id, "name": merged.other_name},
        "filled": merged.filled,
        "conflicts": merged.conflicts,
    }


# ---- doctor -------------------------------------------------------------------------------


def doctor_json(report: "Report") -> dict[str, Any]:
    """`doctor --json`: where things are, and every check with its fix."""
    return {
        "ok": report.ok,
        "backend": report.backend,
        "database": report.database,
        "config": report.config,
        "schema": report.revision,
        "checks": [
            {"name": check.name, "ok": check.ok, "detail": check.detail, "fix": check.fix}
            for check in report.checks
        ],
    }


def doctor_text(report: "Report") -> None:
    """`doctor`: one line per check, each problem followed by its fix."""
    line(f"database: {report.database} ({report.backend})")
    line(f"config:   {report.config}")
    for check in report.checks:
        line(f"{'ok  ' if check.ok else 'FAIL'} {check.name}: {check.detail}")
        if check.fix:
            line(f"     fix: {check.fix}")
    problems = sum(not check.ok for check in report.checks)
    line("all good" if not problems else f"{problems} problem(s) found")
