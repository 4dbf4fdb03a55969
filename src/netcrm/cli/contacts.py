"""Commands that create, change, show and retire contacts."""

from typing import Annotated, Any

import typer

from netcrm.cli import common
from netcrm.cli.options import (
    AsOf,
    ContactArg,
    ContactsArg,
    JsonFlag,
    OnlyCircle,
    contact_options,
)


def _contact_input(fields: dict[str, Any], **extra: Any) -> Any:
    from netcrm.core.fields import TEXT_FIELDS
    from netcrm.services.contacts.changes import ContactInput

    text = {spec.attr: fields[spec.attr] for spec in TEXT_FIELDS}
    typed = {key: value for key, value in fields.items() if key not in text and key != "tag"}
    return ContactInput(text=text, tags=list(fields["tag"]), **typed, **extra)


def _print_contact(ctx: typer.Context, contact: Any, verb: str, as_json: bool) -> None:
    """After add/edit: the id and name, or the whole contact as `show --json` prints it."""
    if as_json:
        show(ctx, str(contact.id), as_json=True)
    else:
        typer.echo(f"{verb} #{contact.id} {contact.name}")


@contact_options
def add(
    ctx: typer.Context,
    name: Annotated[str, typer.Argument(metavar="NAME", help="Their full name.")],
    as_json: JsonFlag = False,
    *,
    fields: dict[str, Any],
) -> None:
    """Add someone new.

    Example: netcrm add "Grace Hopper" --met "2026-11-20 19:00" --met-at PyCon --circle middle
    """
    from netcrm.services.contacts.changes import add_contact

    with common.session(ctx, write=True) as session:
        contact = add_contact(
            session, _contact_input(fields, name=name), common.now(), common.config()
        )
    _print_contact(ctx, contact, "added", as_json)


@contact_options
def edit(
    ctx: typer.Context,
    contact: ContactArg,
    name: Annotated[str | None, typer.Option("--name", metavar="NAME", help="A new name.")] = None,
    untag: Annotated[
        list[str], typer.Option("--untag", metavar="TAG", help="Remove a tag; repeatable.")
    ] = [],  # noqa: B006
    as_json: JsonFlag = False,
    *,
    fields: dict[str, Any],
) -> None:
    """Change a contact's fields; an empty string clears one (--company "").

    Example: netcrm edit ada --role "Chief Engineer" --tag mentor
    """
    from netcrm.services.contacts.changes import edit_contact

    data = _contact_input(fields, name=name, untags=list(untag))
    with common.session(ctx, write=True) as session:
        changed = edit_contact(session, contact, data, common.now(), common.config())
    _print_contact(ctx, changed, "updated", as_json)


def show(
    ctx: typer.Context, contact: ContactArg, as_of: AsOf = None, as_json: JsonFlag = False
) -> None:
    """Show a whole profile: fields, next due and why, 24-48-7 steps, every interaction.

    Example: netcrm show ada --json
    """
    from netcrm import render
    from netcrm.services.contacts.views import profile

    with common.session(ctx, write=False) as session:
        found = profile(session, contact, common.as_of(as_of), common.config())
    if as_json:
        render.emit_json(render.profile_json(found))
    else:
        render.profile_text(found)


def list_(
    ctx: typer.Context,
    circle: OnlyCircle = None,
    tag: Annotated[
        str | None, typer.Option("--tag", "-t", metavar="TAG", help="Only contacts with this tag.")
    ] = None,
    include_archived: Annotated[
        bool, typer.Option("--all", help="Include archived contacts.")
    ] = False,
    as_of: AsOf = None,
    as_json: JsonFlag = False,
) -> None:
    """List contacts by name with their last touch and next due date.

    Example: netcrm list --circle inner --json
    """
    from netcrm import render
    from netcrm.services.contacts.views import list_contacts

    with common.session(ctx, write=False) as session:
        rows = list_contacts(
            session,
            common.as_of(as_of),
            common.config(),
            circle=circle,
            tag=tag,
            include_archived=include_archived,
        )
    if as_json:
        render.emit_json([render.contact_row_json(row) for row in rows])
    else:
        render.contacts_table(rows)


def archive(
    ctx: typer.Context,
    contacts: ContactsArg,
) -> None:
    """Archive contacts: kept with their history, never due again.

    Example: netcrm archive "old colleague" 42 #57
    """
    _set_archived(ctx, contacts, archived=True)


def unarchive(
    ctx: typer.Context,
    contacts: ContactsArg,
) -> None:
    """Bring archived contacts back into the due list.

    Example: netcrm unarchive 42
    """
    _set_archived(ctx, contacts, archived=False)


def _set_archived(ctx: typer.Context, refs: list[str], *, archived: bool) -> None:
    from netcrm.services.contacts.changes import set_archived

    with common.session(ctx, write=True) as session:
        changed = set_archived(session, refs, archived, common.now())
    for contact in changed:
        typer.echo(f"{'archived' if archived else 'unarchived'} #{contact.id} {contact.name}")


def snooze(
    ctx: typer.Context,
    contact: ContactArg,
    until: Annotated[
        str | None,
        typer.Option("--until", metavar="WHEN", help="Hide until this day: 'in 2w', +10d, a date."),
    ] = None,
    clear: Annotated[bool, typer.Option("--clear", help="Stop snoozing now.")] = False,
) -> None:
    """Hide a contact from `due` until a day, without moving its cadence.

    Example: netcrm snooze ada --until "in 2w"
    """
    from netcrm.services.contacts.changes import snooze as snooze_contact

    with common.session(ctx, write=True) as session:
        changed = snooze_contact(session, contact, until, clear, common.now())
    if changed.snoozed_until:
        typer.echo(
            f"snoozed #{changed.id} {changed.name} until {changed.snoozed_until.isoformat()}"
        )
    else:
        typer.echo(f"#{changed.id} {changed.name} is no longer snoozed")


def rm(
    ctx: typer.Context,
    contact: ContactArg,
    yes: Annotated[bool, typer.Option("--yes", "-y", help="Delete without asking.")] = False,
) -> None:
    """Delete a contact and everything attached to it. Asks first unless --yes.

    Example: netcrm rm "Test Person" --yes
    """
    from netcrm.services.contacts.changes import remove_contact

    ask = common.consent(yes, "delete")

    def agreed(found: Any) -> bool:
        return ask(f"Delete #{found.id} {found.name} and all their history?")

    with common.session(ctx, write=True) as session:
        removed = remove_contact(session, contact, agreed)
    typer.echo(f"deleted #{removed.id} {removed.name}")
