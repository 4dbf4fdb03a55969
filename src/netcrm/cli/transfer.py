"""Moving a network in and out: import, export, and cleaning up the duplicates imports leave."""

import sys
from collections.abc import Iterator
from contextlib import ExitStack
from pathlib import Path
from typing import Annotated, Any

import typer

from netcrm.cli import common
from netcrm.cli.options import AsOf, JsonFlag
from netcrm.core.errors import UserError
from netcrm.core.paths import open_file

STDIN = "-"
sync_app = typer.Typer(
    help="Two-way sync with address books.",
    no_args_is_help=True,
)


def _sources(files: list[str], opened: ExitStack) -> Iterator[Any]:
    """Each file, opened when the import asks (before the database is: a missing file is
    refused without touching it) and read while the import runs; `-` is standard input."""
    from netcrm.services.transfer.importers import Source

    if STDIN in files and len(files) > 1:
        raise UserError("'-' (standard input) can only be given as the one file")
    for name in files:
        # open_file refuses a FIFO or /dev/zero, which would hang or never end; '-' is stdin.
        if name == STDIN:
            yield Source("<stdin>", sys.stdin.buffer)
        else:
            yield Source(name, opened.enter_context(open_file(Path(name))))


def import_(
    ctx: typer.Context,
    kind: Annotated[
        str, typer.Argument(metavar="FORMAT", help="linkedin, google, outlook, vcard or json.")
    ],
    files: Annotated[
        list[str], typer.Argument(metavar="FILE", help="One or more files; '-' reads stdin.")
    ],
    circle: Annotated[
        str | None,
        typer.Option(
            "--circle", "-c", metavar="CIRCLE", help="Circle for new contacts (default: outer)."
        ),
    ] = None,
    tag: Annotated[
        list[str],
        typer.Option("--tag", "-t", metavar="TAG", help="Tag every imported contact; repeatable."),
    ] = [],  # noqa: B006
    dry_run: Annotated[
        bool, typer.Option("--dry-run", help="Report what would happen; write nothing.")
    ] = False,
    strict: Annotated[
        bool,
        typer.Option("--strict", help="Refuse the whole file for one unreadable record."),
    ] = False,
    as_json: JsonFlag = False,
) -> None:
    """Import contacts from LinkedIn, Google Contacts, Outlook, vCard or `export json` files.

    Example: netcrm import linkedin Connections.csv --tag linkedin --dry-run
    """
    from netcrm.render import transfer as render
    from netcrm.services.transfer.importing import import_records
    from netcrm.services.transfer.reading import read_files

    with ExitStack() as opened:
        # The options, and what each file looks like, are checked before the database opens;
        # the records while the import runs, in its one transaction. A database that did not
        # exist is created only when the import succeeds.
        given = read_files(kind, _sources(files, opened), circle=circle, tags=tag, strict=strict)
        with common.session(ctx, write=True, scratch=dry_run, create_on_commit=True) as session:
            report = import_records(
                session, given, common.now(), dry_run=dry_run, every_change=as_json
            )
    render.imported(report, dry_run, as_json=as_json)


def export(
    ctx: typer.Context,
    kind: Annotated[str, typer.Argument(metavar="FORMAT", help="json, csv, vcard or ics.")],
    output: Annotated[
        str | None,
        typer.Option("--output", "-o", metavar="FILE", help="Write to this file, not stdout."),
    ] = None,
    nl: Annotated[bool, typer.Option("--nl", help="json: one object per line.")] = False,
    vcard_version: Annotated[
        str, typer.Option("--vcard-version", metavar="VERSION", help="vcard: 3.0 or 4.0.")
    ] = "3.0",
    as_of: AsOf = None,
    within: Annotated[
        int,
        typer.Option(
            "--within", metavar="DAYS", help="ics: include items due in the next DAYS days."
        ),
    ] = 30,
    vdir: Annotated[
        str | None,
        typer.Option(
            "--vdir", metavar="FOLDER", help="ics: one .ics per due item in FOLDER (vdirsyncer)."
        ),
    ] = None,
    as_json: JsonFlag = False,
) -> None:
    """Export everything (json), a spreadsheet (csv), an address book (vcard) or the due list (ics).

    Example: netcrm export ics -o ~/netcrm.ics --within 14
    """
    from netcrm.render import transfer as render
    from netcrm.services.transfer.exporters import export as write_export

    if vdir is not None:
        if kind != "ics" or output:
            common.usage_error("--vdir writes the due list as a folder: use `export ics --vdir`")
        _export_vdir(ctx, vdir, as_of, within, as_json=as_json)
        return
    with common.session(ctx, write=False) as session:
        done = write_export(
            session,
            kind,
            output=output,
            database=common.db_target(ctx),
            as_of=common.as_of(as_of),
            within=within,
            nl=nl,
            vcard_version=vcard_version,
            config=common.config(),
            now=common.now(),
        )
    render.exported(done)


def _export_vdir(
    ctx: typer.Context, folder: str, as_of: str | None, within: int, *, as_json: bool
) -> None:
    from netcrm.render import transfer as render
    from netcrm.services.transfer.exporters.icsvdir import export_ics_vdir

    with common.session(ctx, write=False) as session:
        report = export_ics_vdir(
            session, folder, common.as_of(as_of), within, common.config(), common.now()
        )
    render.ics_vdir(report, as_json=as_json)


def dupes(ctx: typer.Context, as_json: JsonFlag = False) -> None:
    """List pairs of contacts that look like one person (same email, LinkedIn URL or name).

    Example: netcrm dupes --json
    """
    from netcrm.render import transfer as render
    from netcrm.services.transfer.dupes import find_dupes

    with common.session(ctx, write=False) as session:
        pairs = find_dupes(session)
    render.dupes(pairs, as_json=as_json)


def merge(
    ctx: typer.Context,
    keep: Annotated[str, typer.Argument(metavar="KEEP", help="The contact to keep (id or name).")],
    other: Annotated[
        str, typer.Argument(metavar="OTHER", help="The contact folded into KEEP, then deleted.")
    ],
    yes: Annotated[bool, typer.Option("--yes", "-y", help="Merge without asking.")] = False,
    as_json: JsonFlag = False,
) -> None:
    """Fold OTHER into KEEP: history, steps, tags and links move; KEEP's fields win.

    Example: netcrm merge 12 57 --yes
    """
    from netcrm.render import transfer as render
    from netcrm.services.transfer.dupes import merge as merge_contacts

    ask = common.consent(yes, "merge")

    def agreed(kept: Any, folded: Any) -> bool:
        return ask(
            f"Merge #{folded.id} {folded.name} into #{kept.id} {kept.name} and delete #{folded.id}?"
        )

    with common.session(ctx, write=True) as session:
        merged = merge_contacts(session, keep, other, agreed)
    render.merged(merged, as_json=as_json)


@sync_app.command("vdir", cls=common.NetcrmCommand)
def sync_vdir(
    ctx: typer.Context,
    path: Annotated[
        str, typer.Argument(metavar="PATH", help="The vdir: a folder of .vcf files, one each.")
    ],
    prefer: Annotated[
        str | None,
        typer.Option(
            "--prefer", metavar="SIDE", help="netcrm or vdir: whose value settles a conflict."
        ),
    ] = None,
    propagate_deletes: Annotated[
        bool,
        typer.Option(
            "--propagate-deletes", help="Remove the files of contacts removed from netcrm."
        ),
    ] = False,
    force_delete: Annotated[
        bool,
        typer.Option(
            "--force-delete",
            help="Archive everyone even when every synced file is gone (an emptied folder).",
        ),
    ] = False,
    dry_run: Annotated[
        bool, typer.Option("--dry-run", help="Report what would change; write nothing.")
    ] = False,
    as_json: JsonFlag = False,
) -> None:
    """Two-way sync of a vdir (the folder vdirsyncer and khard keep, one .vcf per contact).

    New contacts and files are created on the other side, a field changed on one side is
    copied to the other, one changed on both is a conflict. A deleted file archives its
    contact.

    Example: netcrm sync vdir ~/.contacts/phone --dry-run
    """
    from netcrm.render import transfer as render
    from netcrm.services.transfer.sync.vdir import sync_vdir as run_sync

    private = common.config().sync_private_fields
    # A database that does not exist yet is made only when the sync succeeds.
    with common.session(ctx, write=True, scratch=dry_run, create_on_commit=True) as session:
        report = run_sync(
            session,
            path,
            common.now(),
            private=private,
            prefer=prefer,
            propagate_deletes=propagate_deletes,
            force_delete=force_delete,
            dry_run=dry_run,
        )
    render.synced(report, as_json=as_json)
