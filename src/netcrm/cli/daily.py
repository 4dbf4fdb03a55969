"""The daily loop: log a touch, tick off a step, see who is due, correct what was logged."""

from collections.abc import Callable
from typing import Annotated, Any

import typer

from netcrm.cli import common
from netcrm.cli.options import AsOf, Channel, ColorMode, ContactArg, JsonFlag, OnlyCircle, When
from netcrm.core.errors import UserError

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
    as_json: JsonFlag = False,
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
    render.logged(logged, as_json=as_json)


def done(
    ctx: typer.Context,
    contact: ContactArg,
    step: Annotated[
        str | None,
        typer.Argument(
            metavar="STEP", help="connect, resources or schedule (default: earliest open)."
        ),
    ] = None,
    as_json: JsonFlag = False,
) -> None:
    """Mark a 24-48-7 step done without logging an interaction.

    Example: netcrm done grace resources
    """
    from netcrm.render import daily as render
    from netcrm.services.daily.touches import mark_step_done

    with common.session(ctx, write=True) as session:
        found, completed = mark_step_done(session, contact, step, common.now())
    render.step_done(found, completed, as_json=as_json)


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
    as_json: JsonFlag = False,
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
    render.corrected(result, "updated", as_json=as_json)


@interaction_app.command("rm", cls=common.NetcrmCommand)
def interaction_rm(
    ctx: typer.Context,
    interaction: InteractionId,
    yes: Annotated[bool, typer.Option("--yes", "-y", help="Delete without asking.")] = False,
    as_json: JsonFlag = False,
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
    render.corrected(result, "deleted", as_json=as_json)


def review(
    ctx: typer.Context,
    circle: OnlyCircle = None,
    limit: Annotated[
        int | None, typer.Option("--limit", "-n", metavar="N", help="Stop after N items.")
    ] = None,
    as_of: AsOf = None,
    color: ColorMode = "auto",
) -> None:
    """Walk the due list on a terminal, one item at a time, and act on each with one key.

    Keys: l log a touch, d mark the 24-48-7 step done, k mark a promise kept, s snooze,
    a archive, n skip, o open the profile, q quit. Each action is saved at once, so
    quitting keeps what was done. Example: netcrm review --circle inner --limit 5
    """
    if not common.is_interactive():
        common.usage_error("review needs a terminal to ask; in scripts use `netcrm due`")
    if limit is not None and limit < 1:
        common.usage_error("--limit takes a number >= 1")
    shown = common.color_mode(color)
    from netcrm.render import daily as render
    from netcrm.services.daily.review import ItemKey, next_card

    day = common.as_of(as_of)
    seen: set[ItemKey] = set()
    counts: dict[str, int] = {}
    card = None
    while limit is None or len(seen) < limit:
        # The list is read afresh after every action: what one settled is not offered again.
        with common.session(ctx, write=False) as session:
            card = next_card(session, day, common.config(), seen=seen, circle=circle)
        if card is None:
            break
        seen.add(card.key)
        render.review_card(card, len(seen), shown)
        action = _review_action(ctx, card, shown)
        if action == "quit":
            break
        counts[action] = counts.get(action, 0) + 1
    render.review_summary(counts, finished=card is None)


def _review_action(ctx: typer.Context, card: Any, color: str) -> str:
    """Ask for a key until an action is done, skipped or quit; returns the action's name.

    An error an action raises is shown and the key asked again, with nothing written.
    """
    from netcrm.render import daily as render
    from netcrm.render import keys
    from netcrm.render.contacts import profile_text
    from netcrm.render.output import warn

    while True:
        action = render.REVIEW_KEYS[keys.key(render.REVIEW_HELP, list(render.REVIEW_KEYS))]
        if action in ("quit", "skip"):
            return action
        if action == "open":
            profile_text(card.profile, color)
            continue
        question = render.review_question(action, card)
        answer = keys.ask(question) if question else ""
        if answer is None or (question and not answer.strip()):
            continue  # cancelled: ask for a key again
        try:
            with common.session(ctx, write=True) as session:
                show = _REVIEW_ACTIONS[action](session, card, answer.strip())
        except UserError as error:
            warn(f"netcrm: {error}")
            continue
        show()  # after the commit: what is printed is what was saved
        return action


def _review_log(session: Any, card: Any, answer: str) -> Callable[[], None]:
    from netcrm.render import daily as render
    from netcrm.services.daily.review import parse_log_line
    from netcrm.services.daily.touches import log_interaction

    touch = parse_log_line(answer)
    logged = log_interaction(
        session,
        f"#{card.item.contact_id}",
        touch.summary,
        common.now(),
        channel=touch.channel,
        values=[touch.value] if touch.value else [],
        step=card.item.step.value if card.item.step else None,
    )
    return lambda: render.logged(logged)


def _review_done(session: Any, card: Any, _answer: str) -> Callable[[], None]:
    from netcrm.render import daily as render
    from netcrm.services.daily.touches import mark_step_done

    step = card.item.step.value if card.item.step else None
    contact, done = mark_step_done(session, f"#{card.item.contact_id}", step, common.now())
    return lambda: render.step_done(contact, done)


def _review_kept(session: Any, card: Any, answer: str) -> Callable[[], None]:
    from netcrm.render import commitments as render
    from netcrm.services.commitments.promises import keep_promise

    ids = [f"#{row.promise.id}" for row in card.profile.promises]
    if not ids:
        raise UserError(f"{card.item.name} has no open promises")
    chosen = "#" + answer.lstrip("#") if answer else ids[0]
    if chosen not in ids:
        raise UserError(f"{chosen} is not an open promise to {card.item.name}: {', '.join(ids)}")
    kept = keep_promise(session, chosen, common.now())
    return lambda: render.kept(kept)


def _review_snooze(session: Any, card: Any, answer: str) -> Callable[[], None]:
    from netcrm.render import contacts as render
    from netcrm.services.contacts.changes import snooze

    contact = snooze(session, f"#{card.item.contact_id}", answer, False, common.now())
    return lambda: render.snoozed(contact)


def _review_archive(session: Any, card: Any, _answer: str) -> Callable[[], None]:
    from netcrm.render import contacts as render
    from netcrm.services.contacts.changes import set_archived

    changed = set_archived(session, [f"#{card.item.contact_id}"], True, common.now())
    return lambda: render.archived(changed, archived=True)


# Each action of `review`: an existing use case on the card's contact, in its own transaction.
_REVIEW_ACTIONS: dict[str, Callable[[Any, Any, str], Callable[[], None]]] = {
    "log": _review_log,
    "done": _review_done,
    "kept": _review_kept,
    "snooze": _review_snooze,
    "archive": _review_archive,
}
