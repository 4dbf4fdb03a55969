"""Output about contacts: the list, one profile, and what add/edit/archive/snooze/rm did."""

from collections.abc import Sequence
from typing import TYPE_CHECKING

from netcrm.core.dates import iso_day, iso_moment
from netcrm.core.fields import TEXT_FIELDS
from netcrm.render.commitments import profile_intros_text
from netcrm.render.output import block, emit_json, lateness, line, table
from netcrm.services.shapes import contact_row_json, profile_json

if TYPE_CHECKING:
    from netcrm.services.contacts.views import ContactRow, Profile
    from netcrm.store.models import Contact


def contacts(rows: Sequence["ContactRow"], *, as_json: bool) -> None:
    """`list`: one JSON object per contact, or the table."""
    if as_json:
        emit_json([contact_row_json(row) for row in rows])
    else:
        contacts_table(rows)


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
                iso_day(row.last_interaction) or "-",
                row.next_due.due.isoformat() if row.next_due else "-",
            ]
            for row in rows
        ],
    )


def profile(found: "Profile", *, as_json: bool) -> None:
    """`show`: the whole profile as JSON, or for people."""
    if as_json:
        emit_json(profile_json(found))
    else:
        profile_text(found)


def changed(found: "Profile", verb: str, *, as_json: bool) -> None:
    """After add or edit: the whole profile as `show --json` prints it, or one line."""
    if as_json:
        emit_json(profile_json(found))
    else:
        line(f"{verb} #{found.contact.id} {found.contact.name}")


def profile_text(found: "Profile") -> None:
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
    for key, label in labels.items():
        if details.get(key):
            block(f"  {label + ':':<20} ", details[key])
    if found.tags:
        line(f"  {'Tags:':<20} {', '.join(found.tags)}")
    if found.next_due:
        item = found.next_due
        line(
            f"  {'Next due:':<20} {item.due.isoformat()} "
            f"({lateness(item.overdue_days)}): {item.reason}"
        )
    if found.follow_ups:
        line("24-48-7:")
        for step in found.follow_ups:
            state = f"done {iso_day(step.done_at)}" if step.done_at else "open"
            line(f"  {step.step:<10} due {iso_day(step.due_at)}  {state}")
    line(
        f"Interactions ({len(found.interactions)}):"
        if found.interactions
        else "No interactions yet."
    )
    for row in found.interactions:
        when = iso_moment(row.occurred_at, row.has_time) or ""
        value = f" [{row.value}]" if row.value else ""
        block(f"  {when:<16} {row.channel:<8}{value} ", row.summary)
    profile_intros_text(found.introductions)
    if details["career_changes"]:
        line("Career news:")
        for news in details["career_changes"]:
            line(f"  {news['date']:<16} {news['summary']}")


def archived(contacts: Sequence["Contact"], *, archived: bool) -> None:
    """`archive` / `unarchive`: one line per contact."""
    verb = "archived" if archived else "unarchived"
    for contact in contacts:
        line(f"{verb} #{contact.id} {contact.name}")


def snoozed(contact: "Contact") -> None:
    """`snooze`: until when, or that the snooze is over."""
    if contact.snoozed_until:
        line(f"snoozed #{contact.id} {contact.name} until {contact.snoozed_until.isoformat()}")
    else:
        line(f"#{contact.id} {contact.name} is no longer snoozed")


def removed(contact: "Contact") -> None:
    """`rm`: who was deleted."""
    line(f"deleted #{contact.id} {contact.name}")
