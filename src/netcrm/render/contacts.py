"""Output about contacts: the list, one profile, and what add/edit/archive/snooze/rm did."""

from collections.abc import Iterable, Sequence
from datetime import date
from typing import TYPE_CHECKING, Any

from netcrm.core.dates import human_birthday, human_day, human_moment, readable
from netcrm.core.fields import TEXT_FIELDS
from netcrm.render.commitments import profile_commitments_text, profile_intros_text
from netcrm.render.output import (
    DIM,
    block,
    emit_json,
    emit_json_items,
    highlighted,
    lateness,
    line,
    percent,
    styled_line,
    table,
    urgency_style,
    use_color,
)
from netcrm.services.shapes import (
    contact_row_json,
    contact_state_json,
    profile_json,
    search_hit_json,
)

if TYPE_CHECKING:
    from netcrm.services.contacts.changes import Changed
    from netcrm.services.contacts.search import Found
    from netcrm.services.contacts.views import ContactRow, Profile
    from netcrm.store.models import Contact


def contacts(rows: Iterable["ContactRow"], *, as_json: bool, color: str = "auto") -> None:
    """`list`: one JSON object per contact, written as each is read, or the table."""
    if as_json:
        emit_json_items(contact_row_json(row) for row in rows)
    else:
        contacts_table(list(rows), color)


def contacts_table(rows: Sequence["ContactRow"], color: str = "auto") -> None:
    """`list` on a terminal or piped; the next due day coloured by urgency, the reason dim."""
    styles = [
        ["", "", "", "", "", "", "", urgency_style(row.next_due.overdue_days), "", DIM]
        if row.next_due
        else []
        for row in rows
    ]
    table(
        [
            "id",
            "name",
            "circle",
            "company",
            "role",
            "tags",
            "last touch",
            "next due",
            "what",
            "why",
        ],
        [
            [
                f"#{row.contact.id}",
                row.contact.name + (" (archived)" if row.contact.archived_at else ""),
                row.contact.circle,
                row.contact.company or "",
                row.contact.role or "",
                ", ".join(row.tags),
                human_day(row.last_interaction) or "-",
                human_day(row.next_due.due) if row.next_due else "-",
                row.next_due.what if row.next_due else "",
                readable(row.next_due.reason) if row.next_due else "",
            ]
            for row in rows
        ],
        styles=styles,
        color=color,
        whole=("what",),
        optional=("why", "role", "tags"),
    )


def profile(found: "Profile", *, as_json: bool, color: str = "auto") -> None:
    """`show`: the whole profile as JSON, or for people."""
    if as_json:
        emit_json(profile_json(found))
    else:
        profile_text(found, color)


def changed(result: "Changed", verb: str, *, as_json: bool) -> None:
    """After add or edit: the whole profile as `show --json` prints it, or what was done."""
    if as_json:
        emit_json(profile_json(result.profile))
        return
    contact = result.profile.contact
    who = f"#{contact.id} {contact.name}"
    line(f"{verb} {who}" if result.changed else f"nothing to change for {who}")
    for tag in result.absent_tags:
        line(f"no tag {tag!r} on {who}")
    for tag in result.present_tags:
        line(f"{who} is already tagged {tag!r}")
    if result.follow_up_from is not None:
        from_meeting = contact.met_at == result.follow_up_from
        # A meeting known only by its day starts steps known only by their day: no made-up 00:00.
        timed = contact.met_has_time or not from_meeting
        start = human_moment(result.follow_up_from, timed)
        when = f"from your meeting on {start}" if from_meeting else f"now ({start})"
        first = result.profile.follow_ups[0] if result.profile.follow_ups else None
        due = f": {first.step} due {human_moment(first.due_at, timed)}" if first else ""
        line(f"24-48-7 started {when}{due}")
    if result.follow_up_too_late:
        line("24-48-7 not started: you met more than 7 days ago (add --follow-up to start it)")
    if result.moved_steps:
        moved = ", ".join(
            f"{step.step} due {human_moment(step.due_at, contact.met_has_time)}"
            for step in result.moved_steps
        )
        line(f"24-48-7: the open steps moved with the meeting: {moved}")
    if result.cancelled_steps:
        line(f"24-48-7: cancelled the open steps {', '.join(result.cancelled_steps)}")
    if result.nothing_to_cancel:
        line(f"{who} has no open 24-48-7 steps to cancel")


def editor_nothing(why: str) -> None:
    """`add`/`edit --editor` when the document asks for nothing."""
    line(f"nothing written: {why}")


def _method_text(found: "Profile", details: dict[str, Any]) -> None:
    """Their clock and call window, the matrix, their answers, the promises kept to them."""
    if found.their_time is not None:
        inside = "inside" if found.their_time.in_window else "outside"
        line(
            f"  {'Their time:':<20} {found.their_time.local.strftime('%a %H:%M')} "
            f"({inside} the call window)"
        )
    if details["influence"] or details["accessibility"]:
        derived = " (from their answers)" if details["accessibility_derived"] else ""
        where = f"{details['quadrant']}: " if details["quadrant"] else ""
        line(
            f"  {'Matrix:':<20} {where}influence {details['influence'] or '?'}, "
            f"accessibility {details['accessibility'] or '?'}{derived}"
        )
    reach = details["outreach"]
    if reach["sent"]:
        shown = percent(reach["response_rate"])
        line(
            f"  {'Outreach:':<20} {reach['sent']} sent, {reach['answered']} answered ({shown}), "
            f"{reach['pending']} waiting"
        )
    kept = details["reliability"]
    if kept["promises"]:
        shown = percent(kept["rate"])
        line(
            f"  {'Promises kept:':<20} {shown} on time, {kept['broken']} broken "
            f"of {kept['promises']}"
        )


def profile_text(found: "Profile", color: str = "auto") -> None:
    """`show` for people: the fields that are set, then what is next, then the history.

    A field or summary written on several lines is shown on several lines, each further one
    indented under the first; elsewhere (tables, one-line messages) a newline shows as `\\n`.
    """
    contact = found.contact
    line(f"#{contact.id} {contact.name}  [{contact.circle} circle]")
    details = profile_json(found)
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
    shown = {**details, **_human_fields(contact)}
    for key, label in labels.items():
        if shown.get(key):
            block(f"  {label + ':':<20} ", shown[key])
    if found.tags:
        line(f"  {'Tags:':<20} {', '.join(found.tags)}")
    _method_text(found, details)
    if found.next_due:
        item = found.next_due
        urgency = urgency_style(item.overdue_days)
        styled_line(
            [
                (f"  {'Next due:':<20} ", ""),
                (f"{human_day(item.due)} ({lateness(item.overdue_days)}, {item.what})", urgency),
                (": ", ""),
                (readable(item.reason), DIM),
            ],
            color,
        )
    if found.follow_ups:
        line("24-48-7:")
        for step in found.follow_ups:
            state = f"done {human_day(step.done_at)}" if step.done_at else "open"
            line(f"  {step.step:<10} due {human_day(step.due_at):<11}  {state}")
    profile_commitments_text(found.promises, found.reminders, found.as_of)
    line(
        f"Interactions ({len(found.interactions)}):"
        if found.interactions
        else "No interactions yet."
    )
    for row in found.interactions:
        when = human_moment(row.occurred_at, row.has_time)
        value = f" [{row.value}]" if row.value else ""
        block(f"  {when:<17} {row.channel:<8}{value} ", row.summary)
    profile_intros_text(found.introductions)
    if details["career_changes"]:
        line("Career news:")
        for news in details["career_changes"]:
            line(f"  {human_day(date.fromisoformat(news['date'])):<17} {news['summary']}")


def _human_fields(contact: Any) -> dict[str, str]:
    """The profile's dated fields as people read them (JSON keeps them ISO)."""
    return {
        "met": human_moment(contact.met_at, contact.met_has_time),
        "birthday": human_birthday(contact.birthday) if contact.birthday else "",
        "created": human_moment(contact.created_at, True),
        "archived_on": human_day(contact.archived_at),
        "snoozed_until": human_day(contact.snoozed_until),
    }


def archived(
    contacts: Sequence[tuple["Contact", bool]], *, archived: bool, as_json: bool = False
) -> None:
    """`archive` / `unarchive`: one line per contact, saying so when it already was."""
    if as_json:
        emit_json([contact_state_json(contact, changed=changed) for contact, changed in contacts])
        return
    verb = "archived" if archived else "unarchived"
    already = "is already archived" if archived else "is not archived"
    for contact, changed in contacts:
        who = f"#{contact.id} {contact.name}"
        line(f"{verb} {who}" if changed else f"{who} {already}")


def snoozed(contact: "Contact", *, as_json: bool = False) -> None:
    """`snooze`: until when, or that the snooze is over."""
    if as_json:
        emit_json(contact_state_json(contact))
        return
    if contact.snoozed_until:
        line(f"snoozed #{contact.id} {contact.name} until {human_day(contact.snoozed_until)}")
    else:
        line(f"#{contact.id} {contact.name} is no longer snoozed")


def removed(contact: "Contact", *, as_json: bool = False) -> None:
    """`rm`: who was deleted."""
    if as_json:
        emit_json(contact_state_json(contact, deleted=True))
        return
    line(f"deleted #{contact.id} {contact.name}")


def found(result: "Found", *, as_json: bool, color: str = "auto") -> None:
    """`search`: JSON, or each contact with the places it matched, the words highlighted."""
    if as_json:
        emit_json([search_hit_json(hit) for hit in result.hits])
        return
    if not result.hits:
        line(f"No contact holds {' and '.join(repr(word) for word in result.words)}.")
        return
    # Decided once: asked per line, it is a system call per line of thousands.
    color = "always" if use_color(color) else "never"
    for hit in result.hits:
        line(f"#{hit.contact_id} {hit.name}" + (" (archived)" if hit.archived else ""))
        for match in hit.matches:
            where = f"interaction #{match.interaction_id}" if match.interaction_id else match.field
            highlighted(f"  {where}: ", match.text, result.words, color)
