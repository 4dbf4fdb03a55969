"""The method's frameworks: the personal board, the network matrix, drafts and events."""

from typing import Annotated

import typer

from netcrm.cli import common
from netcrm.cli.options import AsOf, Channel, ColorMode, ContactArg, ContactsArg, JsonFlag

board_app = typer.Typer(
    help="Your personal board of directors: seats and gaps.",
    invoke_without_command=True,
)
event_app = typer.Typer(help="Events: prepare before, capture after.", no_args_is_help=True)
RoleArg = Annotated[
    str,
    typer.Argument(metavar="ROLE", help="sponsor, mentor, coach, connector or peer."),
]
EventArg = Annotated[str, typer.Argument(metavar="EVENT", help="An event id (3 or #3) or name.")]


@board_app.callback()
def board(ctx: typer.Context, as_of: AsOf = None, as_json: JsonFlag = False) -> None:
    """Each seat, who holds it, whether they are on cadence, the habit; gaps with candidates.

    Example: netcrm board --json
    """
    if ctx.invoked_subcommand is not None:
        return
    from netcrm.render import method as render
    from netcrm.services.method.board import board as make_board

    with common.session(ctx, write=False) as session:
        made = make_board(session, common.as_of(as_of), common.config())
    render.board(made, as_json=as_json)


@board_app.command("set", cls=common.NetcrmCommand)
def board_set(
    ctx: typer.Context, role: RoleArg, contact: ContactArg, as_json: JsonFlag = False
) -> None:
    """Give a contact a seat on your board (a seat can have several holders).

    Example: netcrm board set mentor grace
    """
    from netcrm.render import method as render
    from netcrm.services.method.board import set_seat

    with common.session(ctx, write=True) as session:
        change = set_seat(session, role, contact, common.now())
    render.seat_change(change, as_json=as_json)


@board_app.command("unset", cls=common.NetcrmCommand)
def board_unset(
    ctx: typer.Context,
    role: RoleArg,
    contact: Annotated[
        str | None,
        typer.Argument(metavar="CONTACT", help="Only this holder (default: every holder)."),
    ] = None,
    as_json: JsonFlag = False,
) -> None:
    """Take a holder (or every holder) off a seat.

    Example: netcrm board unset mentor grace
    """
    from netcrm.render import method as render
    from netcrm.services.method.board import unset_seat

    with common.session(ctx, write=True) as session:
        change = unset_seat(session, role, contact)
    render.seat_change(change, as_json=as_json)


def matrix(
    ctx: typer.Context, as_of: AsOf = None, as_json: JsonFlag = False, color: ColorMode = "auto"
) -> None:
    """The network effect matrix: influence against accessibility, with introducers.

    Example: netcrm matrix --json
    """
    from netcrm.render import method as render
    from netcrm.services.method.matrix import matrix as make_matrix

    shown = common.color_mode(color)
    with common.session(ctx, write=False) as session:
        made = make_matrix(session, common.as_of(as_of), common.config())
    render.matrix(made, as_json=as_json, color=shown)


def draft(
    ctx: typer.Context,
    contact: Annotated[
        str | None, typer.Argument(metavar="CONTACT", help="Who the message is for.")
    ] = None,
    template: Annotated[
        str | None,
        typer.Option("--template", "-t", metavar="NAME", help="Which template (see --list)."),
    ] = None,
    via: Annotated[
        str | None,
        typer.Option("--via", metavar="CONTACT", help="introduction: who introduces you."),
    ] = None,
    to: Annotated[
        str | None,
        typer.Option("--to", metavar="CONTACT", help="introduction: who you want to meet."),
    ] = None,
    sets: Annotated[
        list[str],
        typer.Option("--set", metavar="KEY=VALUE", help="Fill a placeholder; repeat for more."),
    ] = [],  # noqa: B006 - Typer reads the default; it is never mutated
    log: Annotated[
        bool, typer.Option("--log", help="Also log an outreach touch named after the template.")
    ] = False,
    list_: Annotated[bool, typer.Option("--list", help="List the templates.")] = False,
    channel: Channel = None,
    as_json: JsonFlag = False,
) -> None:
    """Write an outreach message from a template, filled from what you know; plain text.

    Example: netcrm draft grace --template cold --set topic="platform teams" | pbcopy
    """
    from netcrm.render import method as render
    from netcrm.services.method.drafts import draft as make_draft
    from netcrm.services.method.drafts import list_templates

    if list_:
        if contact is not None:
            common.usage_error("--list takes no CONTACT")
        render.templates(list_templates(common.templates_folder()), as_json=as_json)
        return
    if contact is None:
        common.usage_error("give a CONTACT (or --list)")
    if channel is not None and not log:
        common.usage_error("--channel goes with --log")
    with common.session(ctx, write=log) as session:
        made = make_draft(
            session,
            contact,
            common.config(),
            common.templates_folder(),
            common.now(),
            template=template,
            via=via,
            to=to,
            sets=sets,
            log=log,
            channel=channel,
        )
    render.draft(made, as_json=as_json)


def events(ctx: typer.Context, as_of: AsOf = None, as_json: JsonFlag = False) -> None:
    """Your events, upcoming first (soonest first), then past ones (latest first).

    Example: netcrm events --json
    """
    from netcrm.render import method as render
    from netcrm.services.method.events import list_events

    with common.session(ctx, write=False) as session:
        found = list_events(session, common.as_of(as_of), common.config())
    render.events(found, as_json=as_json)


@event_app.command("add", cls=common.NetcrmCommand)
def event_add(
    ctx: typer.Context,
    name: Annotated[str, typer.Argument(metavar="NAME", help="The event's name.")],
    on: Annotated[str, typer.Option("--on", metavar="WHEN", help="The event's day.")],
    where: Annotated[
        str | None, typer.Option("--where", metavar="PLACE", help="Where it is.")
    ] = None,
    goal: Annotated[
        int | None,
        typer.Option("--goal", metavar="N", help="How many new people to meet [default: 3]."),
    ] = None,
    as_json: JsonFlag = False,
) -> None:
    """Add an event you are going to (or went to).

    Example: netcrm event add "PyData Berlin" --on "dec 3" --where Kosmos --goal 4
    """
    from netcrm.render import method as render
    from netcrm.services.method.events import add_event

    with common.session(ctx, write=True) as session:
        event = add_event(session, name, on, common.now(), where, goal)
    render.event_added(event, as_json=as_json)


@event_app.command("target", cls=common.NetcrmCommand)
def event_target(
    ctx: typer.Context, event: EventArg, contacts: ContactsArg, as_json: JsonFlag = False
) -> None:
    """Name people you want to see at an event; `due` lists them the day before.

    Example: netcrm event target pydata ada grace
    """
    from netcrm.render import method as render
    from netcrm.services.method.events import target

    with common.session(ctx, write=True) as session:
        found, added = target(session, event, contacts, common.now())
    render.targeted(found, added, as_json=as_json)


@event_app.command("met", cls=common.NetcrmCommand)
def event_met(
    ctx: typer.Context,
    event: EventArg,
    names: Annotated[
        list[str],
        typer.Argument(metavar="NAME", help="New people's names, or existing contacts' ids."),
    ],
    circle: Annotated[
        str | None,
        typer.Option("--circle", "-c", metavar="CIRCLE", help="Circle for new people."),
    ] = None,
    as_json: JsonFlag = False,
) -> None:
    """Record who you met at an event: adds or links each, starts their 24-48-7 steps.

    Example: netcrm event met pydata "Lin Wei" "Sam Okafor" --circle middle
    """
    from netcrm.render import method as render
    from netcrm.services.method.events import met

    with common.session(ctx, write=True) as session:
        result = met(session, event, names, common.now(), common.config(), circle)
    render.met(result, as_json=as_json)


@event_app.command("show", cls=common.NetcrmCommand)
def event_show(
    ctx: typer.Context, event: EventArg, as_of: AsOf = None, as_json: JsonFlag = False
) -> None:
    """One event: targets met or not, people met against the goal, their 24-48-7 steps.

    Example: netcrm event show pydata --json
    """
    from netcrm.render import method as render
    from netcrm.services.method.events import show_event

    with common.session(ctx, write=False) as session:
        view = show_event(session, event, common.as_of(as_of), common.config())
    render.event(view, as_json=as_json)
