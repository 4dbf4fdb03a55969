"""Commands that create, change, show and retire contacts."""

from typing import Annotated, Any

import typer

from netcrm.cli import common
from netcrm.cli.options import (
    AsOf,
    ColorMode,
    ContactArg,
    ContactsArg,
    JsonFlag,
    OnlyCircle,
    contact_options,
    edit_options,
)
from netcrm.core.domain import Circle

_ENTRY_KINDS = ("email", "phone", "url", "address")


def _contact_input(fields: dict[str, Any], **extra: Any) -> Any:
    from netcrm.core.fields import PLAIN_FIELDS
    from netcrm.services.contacts.changes import ContactInput

    text = {spec.attr: fields.pop(spec.attr) for spec in PLAIN_FIELDS}
    entries = [(kind, value) for kind in _ENTRY_KINDS for value in fields.pop(kind)]
    removed = [(kind, value) for kind in _ENTRY_KINDS for value in fields.pop(f"rm_{kind}", [])]
    preferred = [
        (kind, value)
        for kind in _ENTRY_KINDS[:3]
        if (value := fields.pop(f"prefer_{kind}", None)) is not None
    ]
    return ContactInput(
        text=text,
        tags=list(fields.pop("tag")),
        entries=entries,
        removed=removed,
        preferred=preferred,
        **fields,
        **extra,
    )


EditorFlag = Annotated[
    bool,
    typer.Option(
        "--editor", help="Edit every field in $VISUAL/$EDITOR (a commented TOML document)."
    ),
]


@contact_options(circle_default=Circle.OUTER.value)
def add(
    ctx: typer.Context,
    name: Annotated[str | None, typer.Argument(metavar="NAME", help="Their full name.")] = None,
    last_touch: Annotated[
        str | None,
        typer.Option(
            "--last-touch",
            metavar="WHEN",
            help="When you last spoke: logged as a touch, the cadence counts from it.",
        ),
    ] = None,
    force: Annotated[
        bool,
        typer.Option("--force", help="Add even when someone has that name, email or LinkedIn URL."),
    ] = False,
    editor: EditorFlag = False,
    as_json: JsonFlag = False,
    *,
    fields: dict[str, Any],
) -> None:
    """Add someone new; says when their 24-48-7 sequence starts.

    Example: netcrm add "Grace Hopper" --met "2026-11-20 19:00" --met-at PyCon --circle middle
    """
    from netcrm.render import contacts as render
    from netcrm.services.contacts.changes import add_contact

    if editor:
        _refuse_fields_with_editor(fields, last_touch is not None)
        from netcrm.services.contacts.document import template

        _through_editor(ctx, template(name), "added", as_json)
        return
    if name is None:
        common.usage_error("give the contact's NAME (or --editor to fill in a template)")
    data = _contact_input(fields, name=name, last_touch=last_touch, force=force)
    with common.session(ctx, write=True) as session:
        added = add_contact(session, data, common.now(), common.config())
    render.changed(added, "added", as_json=as_json)


@edit_options
def edit(
    ctx: typer.Context,
    contact: ContactArg,
    name: Annotated[str | None, typer.Option("--name", metavar="NAME", help="A new name.")] = None,
    untag: Annotated[
        list[str], typer.Option("--untag", metavar="TAG", help="Remove a tag; repeatable.")
    ] = [],  # noqa: B006
    editor: EditorFlag = False,
    as_json: JsonFlag = False,
    *,
    fields: dict[str, Any],
) -> None:
    """Change a contact's fields; an empty string clears one (--company "").

    Example: netcrm edit ada --role "Chief Engineer" --tag mentor
    """
    from netcrm.render import contacts as render
    from netcrm.services.contacts.changes import edit_contact

    if editor:
        _refuse_fields_with_editor(fields, name is not None or bool(untag))
        from netcrm.services.contacts.document import editable

        with common.session(ctx, write=False) as session:
            start = editable(session, contact)
        _through_editor(ctx, start, "updated", as_json)
        return
    given = [value for value in fields.values() if value not in (None, [])]
    if name is None and not untag and not given:
        common.usage_error("nothing to change: give at least one option (see netcrm edit -h)")
    data = _contact_input(fields, name=name, untags=list(untag))
    with common.session(ctx, write=True) as session:
        changed = edit_contact(session, contact, data, common.now(), common.config())
    render.changed(changed, "updated", as_json=as_json)


def _refuse_fields_with_editor(fields: dict[str, Any], more: bool) -> None:
    if more or any(value not in (None, []) for value in fields.values()):
        common.usage_error("--editor takes the fields from the editor: give no field options")


def _through_editor(ctx: typer.Context, start: Any, verb: str, as_json: bool) -> None:
    """Open the document until it saves cleanly; each try is one transaction.

    A value the rules refuse reopens the file with the error at its top; a file saved again
    with the same error, left unchanged or emptied writes nothing and says so.
    """
    from netcrm.core.errors import UserError
    from netcrm.render import contacts as render
    from netcrm.services.contacts.document import is_empty, save, with_error, without_error

    text, failed = start.text, None
    while True:
        body = without_error(common.run_editor(text))
        if is_empty(body):
            return render.editor_nothing("the file was emptied")
        if body == without_error(start.text):
            return render.editor_nothing("the file was left unchanged")
        if failed is not None and body == failed[0]:
            raise UserError(f"nothing written: {failed[1]}")
        try:
            with common.session(ctx, write=True) as session:
                result = save(session, start, body, common.now(), common.config())
        except UserError as error:
            failed, text = (body, str(error)), with_error(body, str(error))
            continue
        return render.changed(result, verb, as_json=as_json)


def show(
    ctx: typer.Context,
    contact: ContactArg,
    as_of: AsOf = None,
    as_json: JsonFlag = False,
    color: ColorMode = "auto",
) -> None:
    """Show a whole profile: fields, next due and why, 24-48-7 steps, every interaction.

    Example: netcrm show ada --json
    """
    from netcrm.render import contacts as render
    from netcrm.services.contacts.views import profile

    shown = common.color_mode(color)
    with common.session(ctx, write=False) as session:
        found = profile(session, contact, common.as_of(as_of), common.config(), common.now())
    render.profile(found, as_json=as_json, color=shown)


def list_(
    ctx: typer.Context,
    circle: OnlyCircle = None,
    tag: Annotated[
        str | None, typer.Option("--tag", "-t", metavar="TAG", help="Only contacts with this tag.")
    ] = None,
    include_archived: Annotated[
        bool, typer.Option("--all", help="Include archived contacts.")
    ] = False,
    company: Annotated[
        str | None,
        typer.Option("--company", metavar="TEXT", help="Only those whose company contains TEXT."),
    ] = None,
    location: Annotated[
        str | None,
        typer.Option("--location", metavar="TEXT", help="Only those whose location contains TEXT."),
    ] = None,
    met_at: Annotated[
        str | None,
        typer.Option("--met-at", metavar="EVENT", help="Only those met at an event like EVENT."),
    ] = None,
    due_within: Annotated[
        int | None,
        typer.Option(
            "--due-within", metavar="DAYS", help="Only those due by as-of plus DAYS (late too)."
        ),
    ] = None,
    as_of: AsOf = None,
    as_json: JsonFlag = False,
    color: ColorMode = "auto",
) -> None:
    """List contacts by name with their last touch and next due date.

    Example: netcrm list --circle inner --company acme --due-within 7
    """
    from netcrm.render import contacts as render
    from netcrm.services.contacts.views import list_contacts

    shown = common.color_mode(color)
    with common.session(ctx, write=False) as session:
        rows = list_contacts(
            session,
            common.as_of(as_of),
            common.config(),
            circle=circle,
            tag=tag,
            include_archived=include_archived,
            company=company,
            location=location,
            met_at=met_at,
            due_within=due_within,
        )
        # Inside the session: the rows are read as they are written.
        render.contacts(rows, as_json=as_json, color=shown)


def search(
    ctx: typer.Context,
    words: Annotated[
        list[str],
        typer.Argument(metavar="TEXT...", help="Words that must all appear (in any field)."),
    ],
    as_json: JsonFlag = False,
    color: ColorMode = "auto",
) -> None:
    """Find contacts by any text they carry: fields, tags, interactions, promises, reminders.

    Case and accents are ignored; each word matches the start of a word, and every word must
    be found in the same contact. Example: netcrm search compilers pycon
    """
    from netcrm.render import contacts as render
    from netcrm.services.contacts.search import search as search_contacts

    shown = common.color_mode(color)
    with common.reader(ctx, search_index=True) as reader:
        found = search_contacts(reader, " ".join(words))
    render.found(found, as_json=as_json, color=shown)


def archive(
    ctx: typer.Context,
    contacts: ContactsArg,
    as_json: JsonFlag = False,
) -> None:
    """Archive contacts: kept with their history, never due again.

    Example: netcrm archive "old colleague" 42 '#57'
    """
    _set_archived(ctx, contacts, archived=True, as_json=as_json)


def unarchive(
    ctx: typer.Context,
    contacts: ContactsArg,
    as_json: JsonFlag = False,
) -> None:
    """Bring archived contacts back into the due list.

    Example: netcrm unarchive 42
    """
    _set_archived(ctx, contacts, archived=False, as_json=as_json)


def _set_archived(ctx: typer.Context, refs: list[str], *, archived: bool, as_json: bool) -> None:
    from netcrm.render import contacts as render
    from netcrm.services.contacts.changes import set_archived

    with common.session(ctx, write=True) as session:
        changed = set_archived(session, refs, archived, common.now())
    render.archived(changed, archived=archived, as_json=as_json)


def snooze(
    ctx: typer.Context,
    contact: ContactArg,
    until: Annotated[
        str | None,
        typer.Option("--until", metavar="WHEN", help="Hide until this day: 'in 2w', +10d, a date."),
    ] = None,
    clear: Annotated[bool, typer.Option("--clear", help="Stop snoozing now.")] = False,
    as_json: JsonFlag = False,
) -> None:
    """Hide a contact from `due` until a day, without moving its cadence.

    Example: netcrm snooze ada --until "in 2w"
    """
    from netcrm.render import contacts as render
    from netcrm.services.contacts.changes import snooze as snooze_contact

    with common.session(ctx, write=True) as session:
        changed = snooze_contact(session, contact, until, clear, common.now())
    render.snoozed(changed, as_json=as_json)


def rm(
    ctx: typer.Context,
    contact: ContactArg,
    yes: Annotated[bool, typer.Option("--yes", "-y", help="Delete without asking.")] = False,
    as_json: JsonFlag = False,
) -> None:
    """Delete a contact and everything attached to it. Asks first unless --yes.

    Example: netcrm rm "Test Person" --yes
    """
    from netcrm.render import contacts as render
    from netcrm.services.contacts.changes import remove_contact

    ask = common.consent(yes, "delete")

    def agreed(found: Any) -> bool:
        return ask(f"Delete #{found.id} {found.name} and all their history?")

    with common.session(ctx, write=True) as session:
        removed = remove_contact(session, contact, agreed)
    render.removed(removed, as_json=as_json)
