"""Every `--json` shape, declared once: the contract that users' scripts rely on.

docs/usage.md lists each key. Add keys, never rename or drop one. `render` prints these and
builds its text from the same values; the exporters (`export csv`) write the same shapes to
files. Nothing here prints or queries: each function turns one result into plain JSON data.
"""

from collections.abc import Sequence
from datetime import date, datetime
from typing import TYPE_CHECKING, Any

from netcrm.core.dates import iso_day, iso_moment
from netcrm.core.fields import TEXT_FIELDS
from netcrm.core.measures import LEDGER_TARGET

if TYPE_CHECKING:
    from netcrm.core.details import Entry
    from netcrm.core.domain import Step
    from netcrm.core.outreach import Rate
    from netcrm.core.planner import PlanItem
    from netcrm.core.scheduler import DueItem
    from netcrm.services.commitments.intros import Introduced, IntroSide
    from netcrm.services.commitments.promises import PromiseRow, Reliability
    from netcrm.services.commitments.reminders import ReminderRow
    from netcrm.services.contacts.search import Hit
    from netcrm.services.contacts.views import ContactRow, Profile
    from netcrm.services.daily.interactions import Corrected, InteractionRow
    from netcrm.services.daily.touches import Logged
    from netcrm.services.method.board import Board, SeatChange
    from netcrm.services.method.drafts import Draft, Listed
    from netcrm.services.method.events import EventView, MetResult, Person
    from netcrm.services.method.matrix import Matrix, Rated
    from netcrm.services.reports.ledger import Balance
    from netcrm.services.reports.plan import Plan
    from netcrm.services.reports.stats import Stats
    from netcrm.services.resolve import ContactRef
    from netcrm.services.safety.backup import BackupDone
    from netcrm.services.safety.doctor import Report
    from netcrm.services.safety.forget import Forgotten
    from netcrm.services.safety.restore import RestoreDone
    from netcrm.services.safety.status import DbStatus
    from netcrm.services.safety.undo import Write
    from netcrm.services.transfer.dupes import Merged, Pair
    from netcrm.services.transfer.exporters.icsvdir import VdirReport
    from netcrm.services.transfer.report import Change, ImportReport
    from netcrm.services.transfer.sync.vdir import SyncReport
    from netcrm.store.models import (
        CareerChange,
        Contact,
        Event,
        FollowUp,
        Interaction,
        Promise,
    )


def jsonable(value: Any) -> Any:
    """A value as JSON shows it: dates and date-times as ISO text, inside dicts too."""
    if isinstance(value, dict):
        return {key: jsonable(item) for key, item in value.items()}
    if isinstance(value, date | datetime):
        return value.isoformat()
    return value


def rate(part: int, whole: int) -> float | None:
    """`part / whole` to three places; None when there is nothing to divide by."""
    return round(part / whole, 3) if whole else None


# ---- the daily loop ---------------------------------------------------------------------------


def due_item_json(item: "DueItem") -> dict[str, Any]:
    """One `due --json` object: exactly the documented keys."""
    return {
        "contact_id": item.contact_id,
        "name": item.name,
        "circle": item.circle.value,
        "kind": item.kind.value,
        "step": item.step.value if item.step else None,
        "due": item.due.isoformat(),
        "overdue_days": item.overdue_days,
        "reason": item.reason,
    }


# ---- contacts ---------------------------------------------------------------------------------


def contact_json(contact: Any, tags: Sequence[str]) -> dict[str, Any]:
    """Every stored field of a contact, as `show --json` and `add --json` print it.

    `contact` is a Contact model or a plain row of the contact table (`list` loads those:
    cheaper); both carry the columns as attributes.
    """
    data: dict[str, Any] = {"id": contact.id, "name": contact.name, "circle": contact.circle}
    for text_field in TEXT_FIELDS:
        data[text_field.attr] = getattr(contact, text_field.attr)
    data.update(
        timezone=contact.timezone,
        met=iso_moment(contact.met_at, contact.met_has_time),
        birthday=contact.birthday,
        cadence=contact.cadence,
        tags=list(tags),
        created=contact.created_at.isoformat(timespec="seconds"),
        archived=contact.archived_at is not None,
        archived_on=iso_day(contact.archived_at),
        snoozed_until=iso_day(contact.snoozed_until),
    )
    return data


def entries_json(entries: "Sequence[Entry]") -> dict[str, list[dict[str, Any]]]:
    """`emails`, `phones`, `urls` (each `{value, label, preferred}`) and `addresses` (each
    `{street, city, region, postcode, country, label, preferred}`), preferred first."""
    data: dict[str, list[dict[str, Any]]] = {
        "emails": [],
        "phones": [],
        "urls": [],
        "addresses": [],
    }
    for entry in entries:
        if entry.kind == "address":
            data["addresses"].append(
                {**entry.parts(), "label": entry.label, "preferred": entry.preferred}
            )
        else:
            data[f"{entry.kind}s"].append(
                {"value": entry.value, "label": entry.label, "preferred": entry.preferred}
            )
    return data


def contact_row_json(row: "ContactRow") -> dict[str, Any]:
    """One `list --json` object (and one `export csv` row)."""
    data = contact_json(row.contact, row.tags)
    data["last_interaction"] = iso_day(row.last_interaction)
    data.update(next_due_json(row.next_due))
    return data


def next_due_json(item: "DueItem | None") -> dict[str, Any]:
    """`next_due`, `next_due_kind` and `next_due_reason`: the earliest item `due` would list."""
    return {
        "next_due": item.due.isoformat() if item else None,
        "next_due_kind": item.kind.value if item else None,
        "next_due_reason": item.reason if item else None,
    }


def follow_up_json(step: "FollowUp") -> dict[str, Any]:
    """One 24-48-7 step: `done` is true once ticked off, `done_on` says when."""
    return {
        "step": step.step,
        "due": iso_day(step.due_at),
        "done": step.done_at is not None,
        "done_on": iso_day(step.done_at),
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
        "outreach": interaction.outreach,
        "give_type": interaction.give_type,
    }


def search_hit_json(hit: "Hit") -> dict[str, Any]:
    """One `search --json` object: the contact, and every place the words were found."""
    return {
        "contact_id": hit.contact_id,
        "name": hit.name,
        "matches": [
            {"field": match.field, "text": match.text, "interaction_id": match.interaction_id}
            for match in hit.matches
        ],
    }


def interaction_row_json(row: "InteractionRow") -> dict[str, Any]:
    """One `interaction list --json` object: the interaction, with whom it was."""
    data = interaction_json(row.interaction)
    return {
        "id": data.pop("id"),
        "contact_id": row.interaction.contact_id,
        "name": row.name,
        **data,
    }


def career_change_json(change: "CareerChange", summary: str) -> dict[str, Any]:
    """One piece of career news: the day it was imported, before and after."""
    return {
        "date": change.changed_on.isoformat(),
        "old_company": change.old_company,
        "new_company": change.new_company,
        "old_role": change.old_role,
        "new_role": change.new_role,
        "summary": summary,
    }


def profile_json(profile: "Profile") -> dict[str, Any]:
    """`show --json`: the contact, next due and why, steps, interactions newest first."""
    from netcrm.services.transfer.career import describe

    data = contact_json(profile.contact, profile.tags)
    data.update(entries_json(profile.entries))
    data["last_interaction"] = iso_day(profile.last_interaction)
    data.update(next_due_json(profile.next_due))
    their = profile.their_time
    data["local_time"] = their.local.isoformat(timespec="minutes") if their else None
    data["in_call_window"] = their.in_window if their else None
    data["influence"] = profile.contact.influence
    data["accessibility"] = profile.accessibility
    data["accessibility_derived"] = profile.accessibility_derived
    data["quadrant"] = profile.quadrant.value if profile.quadrant else None
    data["outreach"] = outreach_json(profile.outreach)
    data["reliability"] = reliability_json(profile.reliability)
    data["pending"] = [due_item_json(item) for item in profile.pending]
    data["promises"] = [promise_json(row) for row in profile.promises]
    data["reminders"] = [reminder_json(row) for row in profile.reminders]
    data["intro_follow_ups"] = [profile_intro_json(side) for side in profile.open_introductions]
    data["follow_ups"] = [follow_up_json(step) for step in profile.follow_ups]
    data["interactions"] = [interaction_json(row) for row in profile.interactions]
    data["introductions"] = [profile_intro_json(side) for side in profile.introductions]
    data["career_changes"] = [
        career_change_json(
            change,
            describe(change.old_company, change.new_company, change.old_role, change.new_role),
        )
        for change in profile.career_changes
    ]
    return data


# ---- commitments: promises and introductions --------------------------------------------------


def promise_json(row: "PromiseRow") -> dict[str, Any]:
    """One promise: `kept_on` is null while it is open; `on_time` once it is kept."""
    return promise_record_json(row.promise, row.name)


def promise_record_json(promise: "Promise", name: str) -> dict[str, Any]:
    """`promise_json` of a promise in hand and its contact's name."""
    kept = promise.kept_at.date() if promise.kept_at else None
    return {
        "id": promise.id,
        "contact_id": promise.contact_id,
        "name": name,
        "text": promise.text,
        "made": iso_day(promise.made_at),
        "due": promise.due_on.isoformat(),
        "kept": kept is not None,
        "kept_on": kept.isoformat() if kept else None,
        "on_time": kept <= promise.due_on if kept else None,
        "interaction_id": promise.interaction_id,
    }


def reminder_json(row: "ReminderRow") -> dict[str, Any]:
    """One reminder: `on` its day (a yearly one's first), `done_on` null while it is open."""
    reminder = row.reminder
    return {
        "id": reminder.id,
        "contact_id": reminder.contact_id,
        "name": row.name,
        "text": reminder.text,
        "on": reminder.on_day.isoformat(),
        "yearly": reminder.yearly,
        "done_on": iso_day(row.done_on),
    }


def intro_party_json(side: "IntroSide") -> dict[str, Any]:
    """One side of an introduction and when it was followed up."""
    return {
        "contact_id": side.contact_id,
        "name": side.name,
        "follow_up_due": side.follow_up_due.isoformat(),
        "followed_up_on": iso_day(side.followed_up_on),
    }


def intro_json(a: "IntroSide", b: "IntroSide") -> dict[str, Any]:
    """One `intros --json` object."""
    return {
        "id": a.intro_id,
        "date": iso_moment(a.made_at, a.has_time),
        "channel": a.channel,
        "note": a.note,
        "a": intro_party_json(a),
        "b": intro_party_json(b),
    }


def profile_intro_json(side: "IntroSide") -> dict[str, Any]:
    """One introduction on a contact's profile, seen from that contact."""
    return {
        "id": side.intro_id,
        "date": iso_moment(side.made_at, side.has_time),
        "with_id": side.other_id,
        "with_name": side.other_name,
        "channel": side.channel,
        "note": side.note,
        "follow_up_due": side.follow_up_due.isoformat(),
        "followed_up_on": iso_day(side.followed_up_on),
    }


# ---- reports: plan, balance, stats ------------------------------------------------------------


def balance_json(report: "Balance") -> dict[str, Any]:
    """`balance --json`: exactly the documented keys."""
    ledger = report.ledger
    return {
        "start": report.start.isoformat(),
        "end": report.end.isoformat(),
        "give": ledger.give,
        "share": ledger.share,
        "ask": ledger.ask,
        "none": ledger.none,
        "give_pct": ledger.pct("give"),
        "share_pct": ledger.pct("share"),
        "ask_pct": ledger.pct("ask"),
        "target": dict(LEDGER_TARGET),
        "askers": [
            {"contact_id": a.contact_id, "name": a.name, "asks": a.asks, "gives": a.gives}
            for a in report.askers
        ],
        "give_types": {kind.value: n for kind, n in report.give_types.items()},
        "least_given": report.least_given.value,
    }


def plan_item_json(item: "PlanItem") -> dict[str, Any]:
    """One plan item: exactly the documented keys."""
    return {
        "kind": item.kind,
        "text": item.text,
        "contact_ids": list(item.contact_ids),
        "target": item.target,
        "progress": item.progress,
        "done": item.done,
    }


def plan_json(plan: "Plan") -> dict[str, Any]:
    """`plan --json`."""
    return {
        "period": plan.period.value,
        "start": plan.start.isoformat(),
        "end": plan.end.isoformat(),
        "items": [plan_item_json(item) for item in plan.items],
        "calls": [
            {
                "contact_id": call.contact_id,
                "name": call.name,
                "timezone": call.timezone,
                "when": call.when.isoformat(timespec="minutes") if call.when else None,
                "their_time": (
                    call.their_time.isoformat(timespec="minutes") if call.their_time else None
                ),
            }
            for call in plan.calls
        ],
    }


def stats_json(stats: "Stats") -> dict[str, Any]:
    """`stats --json`."""
    return {
        "as_of": stats.as_of.isoformat(),
        "circles": {
            circle.value: {"count": count, "guide": guide, "status": status}
            for circle, (count, guide, status) in stats.circles.items()
        },
        "on_time": {circle.value: share for circle, share in stats.on_time.items()},
        "activity": [{"month": month, "interactions": n} for month, n in stats.activity],
        "growth": [{"month": month, "added": n} for month, n in stats.growth],
        "balance": balance_json(stats.balance),
        "follow_up": {
            "due": stats.follow_up_due,
            "done_on_time": stats.follow_up_on_time,
            "rate": rate(stats.follow_up_on_time, stats.follow_up_due),
        },
        "promises": {
            "made": stats.promises_made,
            "kept": stats.promises_kept,
            "kept_on_time": stats.promises_on_time,
            "rate": rate(stats.promises_on_time, stats.promises_made),
        },
        "diversity": {
            "companies": stats.companies,
            "locations": stats.locations,
            "top_companies": [
                {"company": company, "contacts": n} for company, n in stats.top_companies
            ],
            **{
                f"by_{name}": {
                    "groups": spread.groups,
                    "known": spread.known,
                    "largest": spread.largest,
                    "largest_share": spread.largest_share,
                }
                for name, spread in stats.spread.items()
            },
        },
        "reliability": reliability_json(stats.reliability),
        "outreach": {
            **outreach_json(stats.outreach),
            "by_circle": {
                circle.value: outreach_json(found)
                for circle, found in stats.outreach_by_circle.items()
            },
        },
        "quality_connections": [{"month": month, "added": n} for month, n in stats.quality],
        "depth": {
            circle.value: {
                "contacts": contacts,
                "touches": touches,
                "per_contact": round(touches / contacts, 2) if contacts else None,
            }
            for circle, (contacts, touches) in stats.depth.items()
        },
    }


def reliability_json(found: "Reliability") -> dict[str, Any]:
    """Promises kept on time against those broken (kept late, or open past due)."""
    return {
        "promises": found.made,
        "kept_on_time": found.kept_on_time,
        "kept_late": found.kept_late,
        "open_past_due": found.open_past_due,
        "broken": found.broken,
        "rate": found.rate,
    }


def outreach_json(found: "Rate") -> dict[str, Any]:
    """Outreach sent, answered within the reply window, and followed by a meeting."""
    return {
        "sent": found.decided + found.pending,
        "pending": found.pending,
        "answered": found.answered,
        "response_rate": rate(found.answered, found.decided),
        "meetings": found.meetings,
        "meeting_rate": rate(found.meetings, found.decided),
    }


# ---- the method's frameworks: board, matrix, events ----------------------------------------


def board_json(board: "Board") -> dict[str, Any]:
    """`board --json`: every seat with its holders and habit, and the empty seats' candidates."""
    return {
        "seats": [
            {
                "role": seat.role.value,
                "holders": [
                    {
                        "contact_id": holder.contact_id,
                        "name": holder.name,
                        "last_touch": iso_day(holder.last_touch),
                        "on_cadence": holder.on_cadence,
                    }
                    for holder in seat.holders
                ],
                "habit": seat.habit,
            }
            for seat in board.seats
        ],
        "gaps": [
            {
                "role": gap.role.value,
                "candidates": [
                    {"contact_id": c.contact_id, "name": c.name, "why": c.why}
                    for c in gap.candidates
                ],
            }
            for gap in board.gaps
        ],
    }


def rated_json(rated: "Rated") -> dict[str, Any]:
    """One matrix item; an aspirational one also names possible `introducers`."""
    from netcrm.core.domain import Quadrant

    data: dict[str, Any] = {
        "contact_id": rated.contact_id,
        "name": rated.name,
        "influence": rated.influence.value if rated.influence else None,
        "accessibility": rated.accessibility.value if rated.accessibility else None,
        "derived": rated.derived,
    }
    if rated.quadrant is Quadrant.ASPIRATIONAL:
        data["introducers"] = [
            {"contact_id": one.contact_id, "name": one.name, "why": one.why}
            for one in rated.introducers
        ]
    return data


def matrix_json(matrix: "Matrix") -> dict[str, Any]:
    """`matrix --json`: the four quadrants' contacts and how many are unrated."""
    data: dict[str, Any] = {
        quadrant.value: [rated_json(one) for one in found]
        for quadrant, found in matrix.quadrants.items()
    }
    data["unrated"] = matrix.unrated
    return data


def event_person_json(person: "Person") -> dict[str, Any]:
    """A target (`met`: seen there) or someone met (with their 24-48-7 `steps`)."""
    return {
        "contact_id": person.contact_id,
        "name": person.name,
        "met": person.met,
        "steps": [
            {
                "step": step.step.value,
                "due": step.due.isoformat(),
                "done_on": iso_day(step.done),
                "status": step.status,
            }
            for step in person.steps
        ],
    }


def contact_ref_json(contact: "ContactRef") -> dict[str, Any]:
    """A contact named in a write's result: its id and name."""
    return {"contact_id": contact.contact_id, "name": contact.name}


def event_record_json(event: "Event") -> dict[str, Any]:
    """An event as stored (`event add --json`, and the head of every event shape)."""
    return {
        "id": event.id,
        "name": event.name,
        "on": event.on_day.isoformat(),
        "where": event.place,
        "goal": event.goal,
    }


def event_json(view: "EventView") -> dict[str, Any]:
    """`event show --json` (and each item of `events --json`)."""
    return {
        **event_record_json(view.event),
        "met_count": len(view.met),
        "targets": [event_person_json(person) for person in view.targets],
        "met": [event_person_json(person) for person in view.met],
    }


def targeted_json(event: "Event", added: "Sequence[ContactRef]") -> dict[str, Any]:
    """`event target --json`: the event and the contacts newly made targets."""
    return {"event": event_record_json(event), "added": [contact_ref_json(c) for c in added]}


def met_json(result: "MetResult") -> dict[str, Any]:
    """`event met --json`: the event, the contacts it added and the ones it linked."""
    return {
        "event": event_record_json(result.event),
        "added": [contact_ref_json(contact) for contact in result.added],
        "linked": [contact_ref_json(contact) for contact in result.linked],
    }


def seat_change_json(change: "SeatChange") -> dict[str, Any]:
    """`board set|unset --json`: the seat, whether it was given or taken, and to whom."""
    return {
        "role": change.role.value,
        "set": change.set,
        "contacts": [contact_ref_json(contact) for contact in change.contacts],
    }


def draft_json(made: "Draft") -> dict[str, Any]:
    """`draft --json`: the message, its template and addressee, the touch `--log` stored."""
    return {
        "template": made.template,
        **contact_ref_json(made.contact),
        "text": made.text,
        "logged": logged_json(made.logged) if made.logged is not None else None,
    }


def template_json(one: "Listed") -> dict[str, Any]:
    """One item of `draft --list --json`: a template, where it comes from, its placeholders."""
    from netcrm.core.drafts import BUILT_IN_ABOUT

    about = BUILT_IN_ABOUT.get(one.name, "") if one.source == "built-in" else ""
    return {
        "name": one.name,
        "source": one.source,
        "about": about,
        "placeholders": list(one.placeholders),
    }


# ---- moving data in and out -------------------------------------------------------------------


def import_json(report: "ImportReport", dry_run: bool) -> dict[str, Any]:
    """`import --json`: the four counts, whether it was a dry run, and every change.

    `changes` is the report's change log, read lazily (each item a `change_json` object): an
    import of a million rows reports a million changes, written out one by one.
    """
    return {
        "new": report.new,
        "updated": report.updated,
        "unchanged": report.unchanged,
        "skipped": report.skipped,
        "dry_run": dry_run,
        "changes": report.changes,
    }


def change_json(change: "Change") -> dict[str, Any]:
    """One item of `import --json`'s `changes`: what the import did for one record."""
    return {
        "source": change.source,
        "name": change.name,
        "contact_id": change.contact_id,
        "action": change.action,
        "set": jsonable({**change.set, **change.added}),
        "tags": list(change.tags),
        "conflicts": jsonable(change.conflicts),
        "history": dict(change.history),
        "career": change.career,
        "reason": change.reason,
    }


def vdir_json(report: "VdirReport") -> dict[str, Any]:
    """`export ics --vdir --json`: the folder and the file names written, removed, unchanged."""
    return {
        "path": report.path,
        "written": list(report.written),
        "removed": list(report.removed),
        "unchanged": list(report.unchanged),
    }


def sync_json(report: "SyncReport") -> dict[str, Any]:
    """`sync vdir --json`: what was (or, with --dry-run, would be) done to either side."""
    return {
        "path": report.path,
        "dry_run": report.dry_run,
        "private_fields": report.private_fields,
        "changes": [
            {
                "action": action.action,
                "file": action.file,
                "contact_id": action.contact_id,
                "name": action.name,
                "fields": list(action.fields),
            }
            for action in report.actions
        ],
        "conflicts": [
            {
                "file": conflict.file,
                "contact_id": conflict.contact_id,
                "name": conflict.name,
                "field": conflict.field,
                "netcrm": conflict.netcrm,
                "vdir": conflict.vdir,
                "settled": conflict.settled,
            }
            for conflict in report.conflicts
        ],
        "skipped": list(report.skipped),
        "unchanged": report.unchanged,
    }


def pair_json(pair: "Pair") -> dict[str, Any]:
    """One `dupes --json` object."""
    return {
        "a": {"id": pair.a.id, "name": pair.a.name},
        "b": {"id": pair.b.id, "name": pair.b.name},
        "why": pair.why,
    }


def merged_json(merged: "Merged") -> dict[str, Any]:
    """`merge --json`: who was kept, who was folded in, fields filled and in conflict."""
    return {
        "kept": {"id": merged.keep.id, "name": merged.keep.name},
        "merged": {"id": merged.other_id, "name": merged.other_name},
        "filled": jsonable(merged.filled),
        "conflicts": jsonable(merged.conflicts),
    }


# ---- keeping data safe ------------------------------------------------------------------------


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


def db_status_json(found: "DbStatus") -> dict[str, Any]:
    """`db status --json`: null where a value does not apply (no file, or a server)."""
    backup = found.last_backup
    return {
        "target": found.target,
        "backend": found.backend,
        "exists": found.exists,
        "revision": found.revision,
        "head": found.head,
        "pending": found.pending,
        "size_bytes": found.size_bytes,
        "last_backup": str(backup.path) if backup else None,
        "last_backup_at": backup.modified.isoformat() if backup else None,
    }


def undo_write_json(write: "Write") -> dict[str, Any]:
    """One `undo --list --json` object: exactly the documented keys."""
    return {
        "id": write.id,
        "at": write.at.isoformat(timespec="seconds"),
        "command": write.command,
        "summary": write.summary,
    }


# ---- what a write wrote (issue 12: every command that writes takes --json) -------------------


def logged_json(result: "Logged") -> dict[str, Any]:
    """`log --json`: the interaction stored, the 24-48-7 step it completed, the promise."""
    data = interaction_json(result.interaction)
    name = result.contact.name
    return {
        "id": data.pop("id"),
        "contact_id": result.contact.id,
        "name": name,
        **data,
        "step": result.completed.value if result.completed else None,
        "promise": promise_record_json(result.promise, name) if result.promise else None,
    }


def step_done_json(contact: "Contact", step: "Step") -> dict[str, Any]:
    """`done --json`: whose step was marked done."""
    return {"contact_id": contact.id, "name": contact.name, "step": step.value}


def contact_state_json(contact: "Contact", **extra: Any) -> dict[str, Any]:
    """A contact's id, name, archive and snooze, after `snooze`, `archive`, `rm`..."""
    return {
        "contact_id": contact.id,
        "name": contact.name,
        "archived": contact.archived_at is not None,
        "snoozed_until": iso_day(contact.snoozed_until),
        **extra,
    }


def introduced_json(made: "Introduced") -> dict[str, Any]:
    """`intro --json`: the introduction stored and its two contacts."""
    intro = made.introduction
    return {
        "id": intro.id,
        "date": iso_moment(intro.made_at, intro.has_time),
        "channel": intro.channel,
        "note": intro.note,
        "a": {"contact_id": made.a.id, "name": made.a.name},
        "b": {"contact_id": made.b.id, "name": made.b.name},
    }


def corrected_json(result: "Corrected", deleted: bool) -> dict[str, Any]:
    """`interaction edit|rm --json`: the interaction as stored (or deleted), steps moved."""
    return {
        "interaction": interaction_row_json(result.row),
        "deleted": deleted,
        "changed": list(result.changed),
        "steps": [
            {"step": move.step.value, "done_by": move.by.id if move.by else None}
            for move in result.steps
        ],
    }


def backup_json(done: "BackupDone") -> dict[str, Any]:
    """`backup --json`: where the copy went, its size, the old copies removed."""
    return {"path": str(done.path), "size": done.size, "pruned": [str(p) for p in done.pruned]}


def restore_json(done: "RestoreDone", source: str) -> dict[str, Any]:
    """`restore --json`: what is in place now, and the copy kept of the old database."""
    return {
        "path": str(done.path),
        "source": source,
        "revision": done.revision,
        "kept": str(done.kept) if done.kept else None,
    }


def forgotten_json(done: "Forgotten") -> dict[str, Any]:
    """`forget --json`: who was erased, whether the file was scrubbed, who mentions them."""
    return {
        "contact_id": done.id,
        "name": done.name,
        "scrubbed": done.scrubbed,
        "stopped": done.stopped,
        "mentioned_by": list(done.mentioned_by),
    }
