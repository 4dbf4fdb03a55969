"""The method's mechanics: the action plan, the giving ledger and the measurements."""

from typing import Annotated

import typer

from netcrm.cli import common
from netcrm.cli.options import AsOf, ColorMode, JsonFlag
from netcrm.core.errors import UserError


def plan(
    ctx: typer.Context,
    period: Annotated[
        str, typer.Argument(metavar="PERIOD", help="week, month or quarter.")
    ] = "week",
    as_of: AsOf = None,
    as_json: JsonFlag = False,
    markdown: Annotated[
        bool, typer.Option("--markdown", help="Print a checklist to paste into notes.")
    ] = False,
) -> None:
    """The action plan for this week, month or quarter, with progress so far.

    Example: netcrm plan month --markdown
    """
    from netcrm.render import reports as render
    from netcrm.services.reports.plan import plan as make_plan

    if as_json and markdown:
        raise UserError("give --json or --markdown, not both")
    with common.session(ctx, write=False) as session:
        made = make_plan(session, period, common.as_of(as_of), common.config())
    render.plan(made, as_json=as_json, markdown=markdown)


def balance(
    ctx: typer.Context,
    as_of: AsOf = None,
    days: Annotated[
        int | None,
        typer.Option("--days", metavar="DAYS", help="Days ending on as-of [default: 90]."),
    ] = None,
    as_json: JsonFlag = False,
) -> None:
    """The giving ledger: give, share and ask beside the 70-20-10 target.

    Example: netcrm balance --days 30
    """
    from netcrm.render import reports as render
    from netcrm.services.reports.ledger import balance as ledger_balance

    with common.session(ctx, write=False) as session:
        report = ledger_balance(session, common.as_of(as_of), days)
    render.balance(report, as_json=as_json)


def stats(
    ctx: typer.Context, as_of: AsOf = None, as_json: JsonFlag = False, color: ColorMode = "auto"
) -> None:
    """Network health: circle sizes, on-time share, activity, giving and reliability.

    Example: netcrm stats --json
    """
    from netcrm.render import reports as render
    from netcrm.services.reports.stats import stats as measure

    shown = common.color_mode(color)
    with common.session(ctx, write=False) as session:
        figures = measure(session, common.as_of(as_of), common.config())
    render.stats(figures, as_json=as_json, color=shown)
