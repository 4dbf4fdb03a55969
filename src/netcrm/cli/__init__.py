"""The `netcrm` command line: Typer only; each command parses, calls a service, renders."""

import gc
import os
import sys
from collections.abc import Callable, Mapping, Sequence
from typing import Annotated

import typer

from netcrm import __version__
from netcrm.cli import commitments, common, contacts, daily, method, reports, safety, transfer

APP_HELP = "netcrm: keep your network warm. Circles, cadences and the 24-48-7 rule, in a terminal."
db_app = typer.Typer(cls=common.NetcrmGroup, help="Database commands.", no_args_is_help=True)
db_app.command("path", cls=common.NetcrmCommand)(safety.db_path)
db_app.command("status", cls=common.NetcrmCommand)(safety.db_status)


def _version(value: bool) -> None:
    if value:
        from netcrm.render.output import line

        line(f"netcrm {__version__}")
        raise typer.Exit()


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
COMMANDS: dict[str, Callable[..., None]] = {
    command.__name__: command
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
    )
}
# Named after Python keywords or builtins, so the functions carry a trailing underscore.
COMMANDS["list"] = contacts.list_
COMMANDS["import"] = transfer.import_
GROUPS: dict[str, typer.Typer] = {
    "db": db_app,
    "interaction": daily.interaction_app,
    "board": method.board_app,
    "event": method.event_app,
    "sync": transfer.sync_app,
}


def build(only: str | None = None) -> typer.Typer:
    """The app with every command, or with only the command or group named `only`.

    `main` runs the one a command line names: Typer turns every registered command into a
    Click command before parsing, about 11 ms of each start for forty of them.
    """
    built = typer.Typer(
        cls=common.NetcrmGroup,
        help=APP_HELP,
        no_args_is_help=True,
        pretty_exceptions_enable=False,
        # Plain help: formatting it with Rich doubles the start-up time of --help (0.11 -> 0.21 s).
        rich_markup_mode=None,
        context_settings={"help_option_names": ["-h", "--help"]},
    )
    built.callback()(root)
    for name, group in GROUPS.items():
        if only in (None, name):
            built.add_typer(group, name=name)
    for name, command in COMMANDS.items():
        if only in (None, name):
            built.command(name, cls=common.NetcrmCommand)(command)
    return built


app = build()


def named(args: Sequence[str]) -> str | None:
    """The command or group a command line names past the root `--db`; None for anything
    else (`--help`, `--version`, a typo), which the whole app answers."""
    index = 0
    while index < len(args) and args[index].startswith("--db"):
        index += 1 if "=" in args[index] else 2
    if index < len(args) and (args[index] in COMMANDS or args[index] in GROUPS):
        return args[index]
    return None


def completing(env: Mapping[str, str]) -> str | None:
    """The command or group a Tab completion request is inside: named by a word before the
    one being completed (`netcrm show Ad`), so never a command name still being typed."""
    if not env.get("_NETCRM_COMPLETE"):
        return None
    words = env.get("COMP_WORDS", "").split()
    cword = env.get("COMP_CWORD", "")
    return named(words[1 : int(cword)]) if cword.isdigit() else None


def main() -> None:
    """Console-script entry point."""
    # Everything imported so far lives until exit: frozen, the collector stops walking it
    # each time the due list's ten thousands of new objects trigger a collection.
    gc.freeze()
    only = completing(os.environ) if os.environ.get("_NETCRM_COMPLETE") else named(sys.argv[1:])
    (build(only) if only else app)()
