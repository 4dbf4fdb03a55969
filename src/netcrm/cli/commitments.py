"""Promises, introductions and reminders: the method's reliability and giving, trackable."""

from typing import Annotated

import typer

from netcrm.cli import common
from netcrm.cli.options import AsOf, Channel, ContactArg, JsonFlag, When
from netcrm.core.errors import UserError


def promise(
    ctx: typer.Context,
    contact: ContactArg,
    text: Annotated[str, typer.Argument(metavar="TEXT", help="What you said you would do.")],
    by: Annotated[
        str | None,
        typer.Option(
            "--by", metavar="WHEN", help="When it is due (default: in 2 days, the 48h rule)."
        ),
    ] = None,
    as_json: JsonFlag = False,
) -> None:
    """Record a promise to a contact; it shows in `due` until you keep it.

    Example: netcrm promise ada "send the compiler paper" --by friday
    """
    from netcrm.render import commitments as render
    from netcrm.services.commitments.promises import add_promise

    with common.session(ctx, write=True) as session:
        row = add_promise(session, contact, text, common.now(), by=by)
    render.promised(row, as_json=as_json)


def promises(
    ctx: typer.Context,
    only_open: Annotated[
        bool, typer.Option("--open", help="Only open promises (default).")
    ] = False,
    show_all: Annotated[bool, typer.Option("--all", help="Kept promises too.")] = False,
    as_of: AsOf = None,
    as_json: JsonFlag = False,
) -> None:
    """List promises by due day: open ones, or all with --all.

    Example: netcrm promises --all --json
    """
    from netcrm.render import commitments as render
    from netcrm.services.commitments.promises import list_promises

    if only_open and show_all:
        raise UserError("give --open or --all, not both")
    day = common.as_of(as_of)
    with common.session(ctx, write=False) as session:
        rows = list_promises(session, include_kept=show_all, as_of=day)
    render.promises(rows, day, as_json=as_json)


def kept(
    ctx: typer.Context,
    promise_id: Annotated[str, typer.Argument(metavar="ID", help="The promise id (3 or #3).")],
    date: Annotated[
        str | None,
        typer.Option("--date", "-d", metavar="WHEN", help="When you kept it (default: now)."),
    ] = None,
    as_json: JsonFlag = False,
) -> None:
    """Mark a promise kept.

    Example: netcrm kept 3 --date yesterday
    """
    from netcrm.render import commitments as render
    from netcrm.services.commitments.promises import keep_promise

    with common.session(ctx, write=True) as session:
        row = keep_promise(session, promise_id, common.now(), date)
    render.kept(row, as_json=as_json)


def intro(
    ctx: typer.Context,
    a: ContactArg,
    b: ContactArg,
    note: Annotated[
        str | None, typer.Option("--note", metavar="TEXT", help="Why they should meet.")
    ] = None,
    date: When = None,
    channel: Channel = None,
    as_json: JsonFlag = False,
) -> None:
    """Record that you introduced two contacts: a `give` on each, follow-up a week later.

    Example: netcrm intro ada grace --note "both build compilers" --channel email
    """
    from netcrm.render import commitments as render
    from netcrm.services.commitments.intros import introduce

    with common.session(ctx, write=True) as session:
        made = introduce(session, a, b, common.now(), note=note, when=date, channel=channel)
    render.introduced(made, as_json=as_json)


def intros(ctx: typer.Context, as_of: AsOf = None, as_json: JsonFlag = False) -> None:
    """List introductions, newest first, with who still needs asking how it went.

    Example: netcrm intros --json
    """
    from netcrm.render import commitments as render
    from netcrm.services.commitments.intros import list_intros

    with common.session(ctx, write=False) as session:
        pairs = list_intros(session, common.as_of(as_of))
    render.intros(pairs, as_json=as_json)


def remind(
    ctx: typer.Context,
    contact: ContactArg,
    text: Annotated[str, typer.Argument(metavar="TEXT", help="What to do or remember.")],
    on: Annotated[
        str,
        typer.Option(
            "--on", metavar="WHEN", help="The day: 'dec 3', friday, 2026-12-03 (a day ahead)."
        ),
    ],
    yearly: Annotated[
        bool, typer.Option("--yearly", help="Every year on that day (a work anniversary).")
    ] = False,
    as_json: JsonFlag = False,
) -> None:
    """Set a reminder for a contact on a day; it shows in `due` from that day.

    Example: netcrm remind noah "lunch" --on "dec 3"
    """
    from netcrm.render import commitments as render
    from netcrm.services.commitments.reminders import add_reminder

    with common.session(ctx, write=True) as session:
        row = add_reminder(session, contact, text, on, common.now(), yearly=yearly)
    render.reminded(row, as_json=as_json)


def reminders(
    ctx: typer.Context,
    show_all: Annotated[bool, typer.Option("--all", help="Done ones too.")] = False,
    done: Annotated[
        str | None, typer.Option("--done", metavar="ID", help="Mark this reminder done.")
    ] = None,
    as_json: JsonFlag = False,
) -> None:
    """List reminders by day (open ones, or all with --all), or mark one done.

    Example: netcrm reminders --done 3
    """
    from netcrm.render import commitments as render
    from netcrm.services.commitments.reminders import reminders as list_reminders

    if done is not None and show_all:
        raise UserError("give --done ID or --all, not both")
    with common.session(ctx, write=done is not None) as session:
        found = list_reminders(session, common.now(), include_done=show_all, done=done)
    render.reminders(found, as_json=as_json)
