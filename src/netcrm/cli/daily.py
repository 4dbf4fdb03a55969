"""The daily loop: log a touch, tick off a step, see who is due, correct what was logged."""

from typing import Annotated, Any

import typer

from netcrm.cli import common
from netcrm.cli.options import AsOf, Channel, ColorMode, ContactArg, JsonFlag, OnlyCircle, When

interaction_app = typer.Typer(
    cls=common.NetcrmGroup,
    help="List, correct or remove logged interactions.",
    no_args_is_help=True,
)
InteractionId = Annotated[
    str,
    typer.Argument(metavar="ID", help="The interaction's id (5 or #5), from `interaction list`."),
]


def log(
    ctx: typer.Context,
    contact: ContactArg,
    summary: Annotated[
        str,
        typer.Argument(
            metavar="TEXT",
            help="What happened; '-' reads stdin; 'yesterday: ...' sets the date.",
        ),
    ] = "",
    date: When = None,
    channel: Channel = None,
    value: Annotated[
        str | None,
        typer.Option("--value", metavar="VALUE", help="give, share or ask (70-20-10)."),
    ] = None,
    give: Annotated[bool, typer.Option("--give", help="Same as --value give.")] = False,
    share: Annotated[bool, typer.Option("--share", help="Same as --value share.")] = False,
    ask: Annotated[bool, typer.Option("--ask", help="Same as --value ask.")] = False,
    step: Annotated[
        str | None,
        typer.Option(
            "--step",
            metavar="STEP",
            help="The 24-48-7 step this completes: connect, resources, schedule.",
        ),
    ] = None,
    promise: Annotated[
        str | None,
        typer.Option(
            "--promise", metavar="TEXT", help="Something you promised during it (due in 48h)."
        ),
    ] = None,
    by: Annotated[
        str | None,
        typer.Option("--by", metavar="WHEN", help="When the --promise is due (default: 2 days)."),
    ] = None,
    outreach: Annotated[
        bool, typer.Option("--outreach", help="You started this touch (for response rates).")
    ] = False,
    give_type: Annotated[
        str | None,
        typer.Option(
            "--give-type",
            metavar="TYPE",
            help="On a give or share: information, connection, skill, opportunity, recognition.",
        ),
    ] = None,
) -> None:
    """Log an interaction right after it happens.

    Example: netcrm log ada "coffee: talked about compilers" --channel coffee --give
    """
    from netcrm.render import daily as render
    from netcrm.services.daily.touches import log_interaction

    text = common.read_stdin() if summary == "-" else summary
    flags = [name for name, on in (("give", give), ("share", share), ("ask", ask)) if on]
    values = ([value] if value else []) + flags
    with common.session(ctx, write=True) as session:
        logged = log_interaction(
            session,
            contact,
            text,
            common.now(),
            when=date,
            channel=channel,
            values=values,
            step=step,
            promise=promise,
            promise_by=by,
            outreach=outreach,
            give_type=give_type,
        )
    render.logged(logged)


def done(
    ctx: typer.Context,
    contact: ContactArg,
    step: Annotated[
        str | None,
        typer.Argument(
            metavar="STEP", help="connect, resources or schedule (default: earliest open)."
        ),
    ] = None,
) -> None:
    """Mark a 24-48-7 step done without logging an interaction.

    Example: netcrm done grace resources
    """
    from netcrm.render import daily as render
    from netcrm.services.daily.touches import mark_step_done

    with common.session(ctx, write=True) as session:
        found, completed = mark_step_done(session, contact, step, common.now())
    render.step_done(found, completed)


def due(
    ctx: typer.Context,
    as_of: AsOf = None,
    within: Annotated[
        int,
        typer.Option(
            "--within", "-w", metavar="DAYS", help="Also list what falls due in the next DAYS."
        ),
    ] = 0,
    circle: OnlyCircle = None,
    limit: Annotated[
        int | None, typer.Option("--limit", "-n", metavar="N", help="At most N items.")
    ] = None,
    as_json: JsonFlag = False,
    exit_code: Annotated[
        bool, typer.Option("--exit-code", help="Exit 1 when anything is listed.")
    ] = False,
    quiet: Annotated[
        bool, typer.Option("--quiet", "-q", help="Print nothing when nothing is due.")
    ] = False,
    color: ColorMode = "auto",
) -> None:
    """Who is due a touch and why, most urgent first.

    Example: netcrm due --within 7
    """
    from netcrm.render import daily as render
    from netcrm.services.daily.due import due as due_report

    shown = common.color_mode(color)
    with common.reader(ctx) as reader:
        report = due_report(
            reader,
            common.as_of(as_of),
            common.config(),
            within=within,
            circle=circle,
            limit=limit,
            now=common.now(),
        )
    render.due(report, as_json=as_json, quiet=quiet, color=shown)
    if exit_code and report.items:
        raise typer.Exit(1)


@interaction_app.command("list", cls=common.NetcrmCommand)
def interaction_list(
    ctx: typer.Context,
    contact: Annotated[
        str | None,
        typer.Argument(metavar="CONTACT", help="Only interactions with this contact."),
    ] = None,
    since: Annotated[
        str | None,
        typer.Option("--since", metavar="WHEN", help="Only those on or after this day."),
    ] = None,
    as_json: JsonFlag = False,
) -> None:
    """List logged interactions with their ids, newest first.

    Example: netcrm interaction list ada --since "2w ago"
    """
    from netcrm.render import daily as render
    from netcrm.services.daily.interactions import list_interactions

    with common.session(ctx, write=False) as session:
        rows = list_interactions(session, contact, since, common.now())
    render.interactions(rows, as_json=as_json)


@interaction_app.command("edit", cls=common.NetcrmCommand)
def interaction_edit(
    ctx: typer.Context,
    interaction: InteractionId,
    date: Annotated[
        str | None, typer.Option("--date", "-d", metavar="WHEN", help="When it really happened.")
    ] = None,
    channel: Channel = None,
    value: Annotated[
        str | None,
        typer.Option("--value", metavar="VALUE", help='give, share or ask; "" clears it.'),
    ] = None,
    summary: Annotated[
        str | None, typer.Option("--summary", metavar="TEXT", help="What happened, reworded.")
    ] = None,
) -> None:
    """Correct a logged interaction; a 24-48-7 step it completed moves with its date.

    Example: netcrm interaction edit 12 --date "yesterday 14:30" --channel coffee
    """
    from netcrm.render import daily as render
    from netcrm.services.daily.interactions import edit_interaction

    if date is None and channel is None and value is None and summary is None:
        common.usage_error("nothing to change: give --date, --channel, --value or --summary")
    with common.session(ctx, write=True) as session:
        result = edit_interaction(
            session,
            interaction,
            common.now(),
            when=date,
            channel=channel,
            value=value,
            summary=summary,
        )
    render.corrected(result, "updated")


@interaction_app.command("rm", cls=common.NetcrmCommand)
def interaction_rm(
    ctx: typer.Context,
    interaction: InteractionId,
    yes: Annotated[bool, typer.Option("--yes", "-y", help="Delete without asking.")] = False,
) -> None:
    """Delete a logged interaction; a 24-48-7 step it completed is given to a later touch.

    Asks first unless --yes. Example: netcrm interaction rm 12 --yes
    """
    from netcrm.render import daily as render
    from netcrm.services.daily.interactions import remove_interaction

    ask = common.consent(yes, "delete")

    def agreed(found: Any) -> bool:
        return ask(f"Delete interaction {render.describe_interaction(found)}?")

    with common.session(ctx, write=True) as session:
        result = remove_interaction(session, interaction, agreed)
    render.corrected(result, "deleted")
