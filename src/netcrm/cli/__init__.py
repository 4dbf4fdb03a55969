"""The `netcrm` command line: Typer only; each command parses, calls a service, renders."""

import gc
import os
import sys
from collections.abc import Callable, Mapping, Sequence
from importlib import import_module
from typing import Annotated

import typer

from netcrm import __version__
from netcrm.cli import common

APP_HELP = "netcrm: keep your network warm. Circles, cadences and the 24-48-7 rule, in a terminal."


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


# Each command by the cli module that defines it, in the order `--help` lists them. A
# command line imports only the module of the command it names (`main`), so `netcrm due`
# never loads the other themes' modules. Every command goes through NetcrmCommand, which
# refuses text arguments that are not UTF-8.
COMMANDS: dict[str, str] = {
    **dict.fromkeys(("due", "log", "done", "review"), "daily"),
    **dict.fromkeys(
        ("add", "show", "edit", "search", "archive", "unarchive", "snooze", "rm"), "contacts"
    ),
    **dict.fromkeys(
        ("promise", "promises", "kept", "intro", "intros", "remind", "reminders"), "commitments"
    ),
    **dict.fromkeys(("plan", "balance", "stats"), "reports"),
    **dict.fromkeys(("matrix", "draft", "events"), "method"),
    **dict.fromkeys(("export", "dupes", "merge"), "transfer"),
    **dict.fromkeys(("backup", "restore", "doctor", "forget", "undo"), "safety"),
    "list": "contacts",
    "import": "transfer",
}
# Named after Python keywords or builtins, so the functions carry a trailing underscore.
FUNCTIONS = {"list": "list_", "import": "import_"}
# Each group by its module; the group is that module's `<name>_app`.
GROUPS: dict[str, str] = {
    "db": "safety",
    "interaction": "daily",
    "board": "method",
    "event": "method",
    "sync": "transfer",
}


def command_function(name: str) -> Callable[..., None]:
    """The function behind command `name`, its module imported now."""
    command: Callable[..., None] = getattr(
        import_module(f"netcrm.cli.{COMMANDS[name]}"), FUNCTIONS.get(name, name)
    )
    return command


def group_app(name: str) -> typer.Typer:
    """The Typer app of group `name`, its module imported now."""
    group: typer.Typer = getattr(import_module(f"netcrm.cli.{GROUPS[name]}"), f"{name}_app")
    return group


def build(only: str | None = None) -> typer.Typer:
    """The app with every command, or with only the command or group named `only`.

    `main` runs the one a command line names: Typer turns every registered command into a
    Click command before parsing, about 11 ms of each start for forty of them, and the other
    themes' modules are never imported.
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
    for name in GROUPS:
        if only in (None, name):
            built.add_typer(group_app(name), name=name)
    for name in COMMANDS:
        if only in (None, name):
            built.command(name, cls=common.NetcrmCommand)(command_function(name))
    return built


def __getattr__(name: str) -> typer.Typer:
    """`app`, the whole app (tests, docs), built on first use instead of at every start."""
    if name != "app":
        raise AttributeError(f"module {__name__!r} has no attribute {name!r}")
    whole = globals()["app"] = build()
    return whole


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
    only = completing(os.environ) if os.environ.get("_NETCRM_COMPLETE") else named(sys.argv[1:])
    chosen = build(only)
    # Everything imported so far lives until exit: frozen, the collector stops walking it
    # each time the due list's ten thousands of new objects trigger a collection.
    gc.freeze()
    chosen()
