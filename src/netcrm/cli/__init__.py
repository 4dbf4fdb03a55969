"""The `netcrm` command line: Typer only; each command parses, calls a service, renders."""

import gc
from typing import Annotated

import typer

from netcrm import __version__
from netcrm.cli import commitments, common, contacts, daily, method, reports, safety, transfer

app = typer.Typer(
    cls=common.NetcrmGroup,
    help="netcrm: keep your network warm. Circles, cadences and the 24-48-7 rule, in a terminal.",
    no_args_is_help=True,
    pretty_exceptions_enable=False,
    # Plain help: formatting it with Rich doubles the start-up time of --help (0.11 -> 0.21 s).
    rich_markup_mode=None,
    context_settings={"help_option_names": ["-h", "--help"]},
)
db_app = typer.Typer(cls=common.NetcrmGroup, help="Database commands.", no_args_is_help=True)
app.add_typer(db_app, name="db")
app.add_typer(daily.interaction_app, name="interaction")
app.add_typer(method.board_app, name="board")
app.add_typer(method.event_app, name="event")
app.add_typer(transfer.sync_app, name="sync")


def _version(value: bool) -> None:
    if value:
        from netcrm.render.output import line

        line(f"netcrm {__version__}")
        raise typer.Exit()


@app.callback()
def root(
    ctx: typer.Context,
    db: Annotated[
        str | None,
        typer.Option(
            "--db",
            help="Database file or URL (default: $NETCRM_DB, else XDG data dir).",
            metavar="PATH",
        ),
    ] = None,
    version: Annotated[
        bool, typer.Option("--version", callback=_version, is_eager=True, help="Print the version.")
    ] = False,
) -> None:
    """Root options shared by every command."""
    ctx.obj = common.State(db=db)


# Every command through NetcrmCommand, which refuses text arguments that are not UTF-8.
db_app.command("path", cls=common.NetcrmCommand)(safety.db_path)
db_app.command("status", cls=common.NetcrmCommand)(safety.db_status)

for command in (
    daily.due,
    daily.log,
    daily.done,
    daily.review,
    contacts.add,
    contacts.show,
    contacts.edit,
    contacts.search,
    contacts.archive,
    contacts.unarchive,
    contacts.snooze,
    contacts.rm,
    commitments.promise,
    commitments.promises,
    commitments.kept,
    commitments.intro,
    commitments.intros,
    commitments.remind,
    commitments.reminders,
    reports.plan,
    reports.balance,
    reports.stats,
    method.matrix,
    method.draft,
    method.events,
    transfer.export,
    transfer.dupes,
    transfer.merge,
    safety.backup,
    safety.restore,
    safety.doctor,
    safety.forget,
    safety.undo,
):
    app.command(cls=common.NetcrmCommand)(command)
# Named after Python keywords or builtins, so the functions carry a trailing underscore.
app.command("list", cls=common.NetcrmCommand)(contacts.list_)
app.command("import", cls=common.NetcrmCommand)(transfer.import_)


def main() -> None:
    """Console-script entry point."""
    # Everything imported so far lives until exit: frozen, the collector stops walking it
    # each time the due list's ten thousands of new objects trigger a collection.
    gc.freeze()
    app()
