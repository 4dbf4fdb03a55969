"""Tab completion of values: contact names and ids, tags, and every closed set of choices.

Typer's own protocol does the work (`--install-completion` for bash, zsh and fish); this
module gives each parameter its values, by the metavar the parameter already declares
(`COMPLETERS`): the choices come from the vocabularies in core (so they cannot drift), and
contact names and tags come from the lean read path (store/lean.py), so pressing Tab never
imports SQLAlchemy, SQLModel or pydantic. tests/cli/test_completion.py checks that every
metavar of the app that names a closed set has its completer here.
"""

import os
import re
from collections.abc import Callable
from typing import Any

from netcrm.cli.options import COLOR_MODES
from netcrm.core.domain import BoardRole, Channel, Circle, GiveType, Rating, Step, Value
from netcrm.core.planner import Period

# Formats by command: `import` reads these, `export` writes these (checked by a test against
# services/transfer/reading.READERS and exporters.FORMATS).
IMPORT_FORMATS = ("linkedin", "google", "outlook", "vcard", "json")
EXPORT_FORMATS = ("json", "csv", "vcard", "ics")
VCARD_VERSIONS = ("3.0", "4.0")  # exporters/vcardout.VERSIONS, checked by the same test
SYNC_SIDES = ("netcrm", "vdir")  # sync vdir --prefer: services/transfer/sync/vdir.PREFER
# How many names one Tab offers: enough to choose from, few enough to print at once.
OFFERED = 50
# Characters bash would read as syntax inside a completed word (it does not quote them).
_BASH_SPECIAL = re.compile(r"([\s\\'\"`$&|;<>()*?!#~{}\[\]])")

Offer = list[tuple[str, str]]  # (value, help)


def _choices(values: tuple[str, ...]) -> Callable[[Any, str], Offer]:
    def complete(_ctx: Any, incomplete: str) -> Offer:
        return [(value, "") for value in values if value.startswith(incomplete.lower())]

    return complete


def _database(ctx: Any) -> str | None:
    """The database the command line names (`--db`), else NETCRM_DB, else the default."""
    from netcrm.store.target import resolve_target

    option = None
    current = ctx
    while current is not None:
        option = option or current.params.get("db")
        current = current.parent
    return resolve_target(option, os.environ)


def _lookup(ctx: Any, find: Callable[[Any], Offer]) -> Offer:
    """Values read through the lean path; nothing when the database cannot be read as is.

    Completion never creates or migrates a database, and never prints an error into the
    user's command line: a missing, older or unreadable database offers nothing.
    """
    from netcrm.store import lean

    target = _database(ctx)
    if target is None:
        return []
    try:
        with lean.open_reader(target) as reader:
            return find(reader)
    except Exception:
        return []


def complete_contact(ctx: Any, incomplete: str) -> Offer:
    """Contact names starting with what was typed (any case), or `#id`s for `#` or digits."""
    from netcrm.store import lean

    def find(reader: Any) -> Offer:
        if incomplete.startswith("#") or incomplete.isdigit():
            found = lean.ids_starting(reader, incomplete.removeprefix("#"), OFFERED)
            return [(f"#{contact_id}", name) for contact_id, name in found]
        found = lean.names_starting(reader, incomplete, OFFERED)
        return [(name, f"#{contact_id}") for contact_id, name in found]

    return [(_quoted(value), text) for value, text in _lookup(ctx, find)]


def complete_tag(ctx: Any, incomplete: str) -> Offer:
    """Tags in use starting with what was typed."""
    from netcrm.store import lean

    return _lookup(
        ctx, lambda reader: [(tag, "") for tag in lean.tags_starting(reader, incomplete, OFFERED)]
    )


def _quoted(value: str) -> str:
    """A value as bash must receive it: its Typer script inserts candidates unquoted."""
    if os.environ.get("_NETCRM_COMPLETE") != "complete_bash":
        return value  # zsh and fish quote what they insert themselves
    return _BASH_SPECIAL.sub(r"\\\1", value)


COMPLETERS: dict[str, Callable[[Any, str], Offer]] = {
    "CONTACT": complete_contact,
    "KEEP": complete_contact,  # merge KEEP OTHER
    "OTHER": complete_contact,
    "TAG": complete_tag,
    "CIRCLE": _choices(tuple(circle.value for circle in Circle)),
    "CHANNEL": _choices(tuple(channel.value for channel in Channel)),
    "VALUE": _choices(tuple(value.value for value in Value)),
    "STEP": _choices(tuple(step.value for step in Step)),
    "PERIOD": _choices(tuple(period.value for period in Period)),
    "VERSION": _choices(VCARD_VERSIONS),
    "COLOR": _choices(COLOR_MODES),
    "ROLE": _choices(tuple(role.value for role in BoardRole)),  # board set|unset
    "LEVEL": _choices(tuple(rating.value for rating in Rating)),  # --influence, --accessibility
    "TYPE": _choices(tuple(kind.value for kind in GiveType)),  # log --give-type
    "SIDE": _choices(SYNC_SIDES),  # sync vdir --prefer
}
FORMATS = {"import": IMPORT_FORMATS, "export": EXPORT_FORMATS}


def install(command: Any, params: list[Any]) -> None:
    """Give each parameter of `command` its completer, chosen by its metavar."""
    for param in params:
        if getattr(param, "_netcrm_completes", False):
            continue
        param._netcrm_completes = True
        metavar = getattr(param, "metavar", None)
        completer = COMPLETERS.get(metavar or "")
        if metavar == "FORMAT" and command.name in FORMATS:
            completer = _choices(FORMATS[command.name])
        if completer is not None:
            param._custom_shell_complete = _items(completer)


def _items(completer: Callable[[Any, str], Offer]) -> Callable[[Any, Any, str], list[Any]]:
    def shell_complete(ctx: Any, _param: Any, incomplete: str) -> list[Any]:
        from typer._click.shell_completion import CompletionItem

        return [
            CompletionItem(value, help=text or None) for value, text in completer(ctx, incomplete)
        ]

    return shell_complete
