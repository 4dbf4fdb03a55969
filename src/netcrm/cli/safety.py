"""Keeping the data safe: backup, restore, doctor, forget."""

import os
from typing import Annotated, Any

import typer

from netcrm.cli import common
from netcrm.cli.options import ContactArg, JsonFlag

db_app = typer.Typer(cls=common.NetcrmGroup, help="Database commands.", no_args_is_help=True)


def backup(
    ctx: typer.Context,
    path: Annotated[
        str | None,
        typer.Argument(
            metavar="PATH", help="A new file or a folder (default: backups/ beside the database)."
        ),
    ] = None,
    keep: Annotated[
        int | None,
        typer.Option(
            "--keep", metavar="N", help="Keep only the N newest timestamped backups in that folder."
        ),
    ] = None,
    as_json: JsonFlag = False,
) -> None:
    """Copy the database safely while it may be in use (SQLite's online backup).

    Example: netcrm backup --keep 10
    """
    from netcrm.render import safety as render
    from netcrm.services.safety.backup import backup as take_backup

    done = take_backup(common.db_target(ctx), path, keep, common.now())
    render.backed_up(done, as_json=as_json)


def restore(
    ctx: typer.Context,
    path: Annotated[
        str, typer.Argument(metavar="PATH", help="The backup to put in place of the database.")
    ],
    yes: Annotated[bool, typer.Option("--yes", "-y", help="Restore without asking.")] = False,
    as_json: JsonFlag = False,
) -> None:
    """Replace the database with a backup, keeping a copy of the current one.

    Example: netcrm restore ~/.local/share/netcrm/backups/netcrm-20261101-080000.db --yes
    """
    from netcrm.render import safety as render
    from netcrm.services.safety.restore import restore as restore_backup

    ask = common.consent(yes, "restore")
    done = restore_backup(common.db_target(ctx), path, ask, common.now())
    render.restored(done, path, as_json=as_json)


def doctor(ctx: typer.Context, as_json: JsonFlag = False) -> None:
    """Check the database and its files; exit 1 and say how to fix anything wrong.

    Example: netcrm doctor --json
    """
    from netcrm.render import safety as render
    from netcrm.services.safety.doctor import doctor as examine

    report = examine(common.db_target(ctx), os.environ)
    render.doctor(report, as_json=as_json)
    if not report.ok:
        raise typer.Exit(1)


def forget(
    ctx: typer.Context,
    contact: ContactArg,
    yes: Annotated[bool, typer.Option("--yes", "-y", help="Erase without asking.")] = False,
    as_json: JsonFlag = False,
) -> None:
    """Erase a person and everything about them from the database, leaving no trace in its files.

    Backups are not touched. Example: netcrm forget "Ada Lovelace" --yes
    """
    from netcrm.render import safety as render
    from netcrm.services.safety.forget import forget as erase

    ask = common.consent(yes, "erase anyone")

    def agreed(found: Any) -> bool:
        return ask(f"Erase #{found.id} {found.name} and everything about them, for good?")

    done = erase(common.db_target(ctx), contact, agreed)
    render.forgotten(done, as_json=as_json)


@db_app.command("path", cls=common.NetcrmCommand)
def db_path(ctx: typer.Context) -> None:
    """Print the database path (or URL) in use.

    Example: netcrm db path
    """
    from netcrm.render import safety as render
    from netcrm.store.db import display_target

    render.database_path(display_target(common.db_target(ctx)))


@db_app.command("status", cls=common.NetcrmCommand)
def db_status(ctx: typer.Context, as_json: JsonFlag = False) -> None:
    """Show the database in use, its schema revision, pending upgrades, size and last backup.

    Changes nothing: it neither creates nor upgrades the database. Example: netcrm db status --json
    """
    from netcrm.render import safety as render
    from netcrm.services.safety.status import status

    render.db_status(status(common.db_target(ctx)), as_json=as_json)


def undo(
    ctx: typer.Context,
    write: Annotated[
        str | None,
        typer.Argument(
            metavar="ID", help="Undo this write and every later one (default: the last one)."
        ),
    ] = None,
    show_list: Annotated[
        bool, typer.Option("--list", help="List the last writes instead of undoing any.")
    ] = False,
    limit: Annotated[
        int | None,
        typer.Option("-n", metavar="N", help="With --list: how many writes (default 10)."),
    ] = None,
    yes: Annotated[bool, typer.Option("--yes", "-y", help="Undo without asking.")] = False,
    as_json: JsonFlag = False,
) -> None:
    """Take back the last command that changed the database, or every one back to ID.

    Example: netcrm undo --list, then netcrm undo 42 --yes
    """
    from netcrm.render import safety as render
    from netcrm.services.safety.undo import history, take_back

    if not show_list:
        if limit is not None or as_json:
            common.usage_error("-n and --json go with --list")
        ask = common.consent(yes, "undo")
        with common.session(ctx, write=True, record=False) as session:
            undone = take_back(session, write, lambda writes: ask(render.undo_question(writes)))
        render.undone(undone)
        return
    if write is not None:
        common.usage_error("--list takes no ID: use -n N for how many")
    with common.session(ctx, write=False) as session:
        writes = history(session, 10 if limit is None else limit)
    render.undo_history(writes, as_json=as_json)
