"""What every command shares: the clock edge, the database session, errors and output mode.

Only typer and the standard library at module top: `--help` and Tab completion must not pay
for SQLAlchemy. Everything heavier is imported inside the functions that need it.
"""

import os
import re
import sys
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from dataclasses import dataclass
from datetime import date, datetime, tzinfo
from pathlib import Path
from typing import TYPE_CHECKING, Any, NoReturn

import typer
from typer.core import TyperCommand, TyperGroup

from netcrm.core.errors import DISK_FULL, UserError, no_room, os_reason

if TYPE_CHECKING:
    from sqlmodel import Session

    from netcrm.core.config import Config
    from netcrm.store.lean import Reader


@dataclass
class State:
    """Root options, carried to every command in the Click context."""

    db: str | None = None


def now() -> datetime:
    """The one clock read: `NETCRM_NOW` (ISO date-time, for scripts and tests), else the time."""
    fixed = os.environ.get("NETCRM_NOW")
    if fixed:
        from netcrm.core.dates import check_range

        try:
            moment = datetime.fromisoformat(fixed)
        except ValueError:
            raise UserError(f"NETCRM_NOW={fixed!r} is not an ISO date-time") from None
        # Every report adds cadences and offsets to today: year 9999 would overflow them.
        check_range(moment, "NETCRM_NOW")
        return moment
    return datetime.now().replace(microsecond=0)


def as_of(text: str | None) -> date:
    """The day a report is for: `--as-of` in any accepted date form, else today."""
    if text is None:
        return now().date()
    from netcrm.core.dates import parse_date

    return parse_date(text, now())


def db_target(ctx: typer.Context) -> str:
    """The database path or URL in use for this invocation."""
    from netcrm.store.target import resolve_target

    state = ctx.find_object(State)
    return resolve_target(state.db if state else None, os.environ)


@contextmanager
def session(
    ctx: typer.Context,
    *,
    write: bool,
    scratch: bool = False,
    record: bool = True,
    create_on_commit: bool = False,
) -> Iterator["Session"]:
    """One transaction for the whole command: committed at the end, rolled back on error.

    A command that writes is recorded for `netcrm undo` (`record=False`: undo itself).
    `scratch` (for dry runs): when the database file does not exist yet, work on a throwaway
    one in a temporary folder instead, so that nothing is created where the user pointed.
    `create_on_commit`: when it does not exist yet, it is created only if the command
    succeeds (see store.db.open_session).
    """
    from netcrm.store.db import Recording, is_url, open_session

    target = db_target(ctx)
    recording = (
        Recording(command_name(ctx), now(), lambda: config().undo_keep)
        if write and record
        else None
    )
    if scratch and not is_url(target) and not os.path.exists(target):
        import tempfile

        with (
            tempfile.TemporaryDirectory(prefix="netcrm-") as folder,
            open_session(
                os.path.join(folder, "scratch.db"), write=write, record=recording
            ) as opened,
        ):
            yield opened
        return
    with open_session(
        target, write=write, record=recording, create_on_commit=create_on_commit
    ) as opened:
        yield opened


@contextmanager
def reader(ctx: typer.Context, *, search_index: bool = False) -> Iterator["Reader"]:
    """One read transaction through the lean read path (store/lean.py): no SQLAlchemy.

    A database that does not exist yet, or has an older schema, is opened once the normal
    way first (created, or migrated with a backup), then read lean; with `search_index`,
    so is one whose search index is older than this netcrm's (the normal path rebuilds it).
    """
    from contextlib import ExitStack

    from netcrm.store import lean

    target = db_target(ctx)
    with ExitStack() as stack:
        try:
            opened = stack.enter_context(lean.open_reader(target))
            if search_index and not _index_current(opened):
                stack.close()
                raise lean.Stale(target)
        except lean.Stale:
            with session(ctx, write=False):
                pass  # created, migrated, re-indexed or refused, as any command would
            try:
                opened = stack.enter_context(lean.open_reader(target))
            except lean.Stale:
                raise UserError(f"cannot read the database at {target}") from None
        yield opened


def _index_current(opened: "Reader") -> bool:
    from netcrm.store.search import is_current

    return is_current(opened)


def command_name(ctx: typer.Context) -> str:
    """The command as typed after `netcrm`: "log", "interaction edit"."""
    names = []
    current: Any = ctx
    while current is not None and current.parent is not None:
        names.append(current.info_name or "")
        current = current.parent
    return " ".join(reversed(names))


@contextmanager
def _visible_usage_errors() -> Iterator[None]:
    """Click quotes what was typed in its usage errors ("No such option: -X"): typed text
    reaches the terminal as text, like stored text, with control and bidi characters shown."""
    # Typer vendors its own Click: its UsageError, not click's, is what parsing raises.
    from typer._click.exceptions import UsageError

    from netcrm.core.text import visible

    try:
        yield
    except UsageError as exc:
        shown = visible(exc.format_message())
        if shown == exc.format_message():
            raise
        raise UsageError(shown, exc.ctx) from None


class _UsageError(typer.BadParameter):
    """A usage error about the command line as a whole, not about one parameter."""

    def format_message(self) -> str:
        return self.message


def usage_error(message: str) -> NoReturn:
    """Stop with a usage error (exit 2): the command line itself asks for nothing sensible."""
    raise _UsageError(message)


def color_mode(mode: str) -> str:
    """`--color` as given, checked: auto, always or never."""
    from netcrm.cli.options import COLOR_MODES

    if mode not in COLOR_MODES:
        usage_error(f"--color takes auto, always or never, not {mode!r}")
    return mode


def config() -> "Config":
    """The user's config file, validated."""
    import dataclasses

    from netcrm.core.config import load_config

    loaded = load_config(os.environ)
    return dataclasses.replace(loaded, zone=user_zone(loaded))


def read_stdin() -> str:
    """Standard input as text, read to its end; bytes that are not UTF-8 are a user error."""
    from netcrm.core.text import decode_utf8

    return decode_utf8(sys.stdin.buffer.read(), "<stdin>")


def is_interactive() -> bool:
    """True only when a person can answer a prompt: stdin and stdout are terminals."""
    return sys.stdin.isatty() and sys.stdout.isatty()


def confirm(question: str) -> bool:
    """Ask on a terminal; with nobody to ask, the answer is no."""
    from netcrm.core.text import visible

    return is_interactive() and typer.confirm(visible(question), default=False)


def consent(yes: bool, verb: str) -> Callable[[str], bool]:
    """For a command that destroys something: how to ask before doing it.

    With `--yes` every question is answered yes; on a terminal the person is asked; with
    nobody to ask, the command is refused before it touches anything.
    """
    if not yes and not is_interactive():
        raise UserError(f"refusing to {verb} without --yes when there is no terminal to ask")
    return lambda question: yes or confirm(question)


def run_editor(text: str) -> str:
    """Let the user edit `text` in $VISUAL, else $EDITOR, else vi; the text they saved.

    The editor's command is split as a shell would split it ("code --wait") but never run
    through a shell: the file's path is one more argument, whatever it contains.
    """
    import shlex
    import subprocess
    import tempfile

    from netcrm.core.text import decode_utf8

    chosen = os.environ.get("VISUAL") or os.environ.get("EDITOR") or "vi"
    if chosen == "vi" and not is_interactive():
        # vi with nobody at a terminal would wait for keys that never come.
        raise UserError("--editor needs a terminal for vi, or $VISUAL or $EDITOR set")
    try:
        command = shlex.split(chosen)
    except ValueError as exc:
        raise UserError(f"cannot read the editor command {chosen!r}: {exc}") from None
    with tempfile.TemporaryDirectory(prefix="netcrm-") as folder:
        path = os.path.join(folder, "contact.toml")
        with open(path, "w", encoding="utf-8") as file:
            file.write(text)
        try:
            ran = subprocess.run([*command, path], check=False)
        except OSError as exc:
            raise UserError(
                f"cannot run the editor {chosen!r} ({exc.strerror}); set $VISUAL or $EDITOR"
            ) from None
        if ran.returncode != 0:
            raise UserError(f"the editor exited with status {ran.returncode}; nothing was written")
        with open(path, "rb") as file:
            return decode_utf8(file.read(), path)


def _share_option(group: Any, option: Any) -> None:
    """Give every command below `group` a copy of `option` that sets State.db when given."""
    import copy

    def store(ctx: Any, _param: Any, value: str | None) -> None:
        if value is not None:
            state = ctx.find_object(State)
            if state is not None:
                state.db = value

    for command in getattr(group, "commands", {}).values():
        if not any("--db" in getattr(param, "opts", []) for param in command.params):
            shared = copy.copy(option)
            shared.expose_value = False
            shared.callback = store
            command.params.append(shared)
        _share_option(command, option)


# What pydantic's lax integer parsing accepts from text (ASCII digits, `_` between them, a
# zero fraction, spaces around), so typed values are read exactly as Typer would read them.
_INTEGER = re.compile(r"\s*([+-]?[0-9](?:_?[0-9])*)(?:\.0*)?\s*")
_NOT_AN_INTEGER = "Input should be a valid integer, unable to parse string as an integer"


def _plain_value(annotation: Any, value: Any) -> Any:
    """A plain str, int or list[str] parameter's value, read as Typer's pydantic would."""
    if annotation is int and isinstance(value, str):
        match = _INTEGER.fullmatch(value)
        if match is None:
            raise typer.BadParameter(_NOT_AN_INTEGER)
        return int(match.group(1))
    if isinstance(value, tuple | list):
        return list(value)
    return value


def plain_coercion(params: list[Any]) -> None:
    """Read plain parameters (str, int, bool, list[str]) without pydantic.

    Typer 0.29 turns every value through a pydantic TypeAdapter, which costs `due` and Tab
    completion ~100 ms of imports before any work. netcrm's parameters are all plain, so
    each gets a reader of its own that gives the same values and the same error message;
    any other parameter keeps Typer's. tests/e2e/test_fast_start.py checks that `due` and
    completion import no pydantic, tests/unit/test_plain_values.py that values match.
    """
    from typer._coercion import RuntimeParam

    class Plain(RuntimeParam):
        def _coerce_value(self, value: Any, param: Any, ctx: Any) -> Any:
            try:
                return _plain_value(self.annotation, value)
            except typer.BadParameter as exc:
                raise typer.BadParameter(exc.message, ctx=ctx, param=param) from None

    for param in params:
        descriptor = getattr(param, "type_descriptor", None)
        if descriptor is None or getattr(param, "_runtime_param", None) is not None:
            continue
        info = descriptor.parameter_info
        plain = descriptor.annotation in _PLAIN_ANNOTATIONS and not descriptor.is_choice
        if plain and info.min is None and info.max is None and info.parser is None:
            param._runtime_param = Plain(info, descriptor.annotation)


_PLAIN_ANNOTATIONS = (str, int, bool, list[str])


def _prepare_params(command: Any, ctx: Any) -> None:
    """Before a command's parameters are read: plain values, and values for Tab completion."""
    params = command.get_params(ctx)
    plain_coercion(params)
    if os.environ.get("_NETCRM_COMPLETE"):
        from netcrm.cli import completion

        completion.install(command, params)


_LONGEST_MESSAGE = 500  # an error line stays readable even when it quotes 100 kB of input


def _user_message(exc: BaseException) -> str | None:
    """The one line to show for an error the user can act on; None for a bug."""
    if isinstance(exc, UserError):
        return str(exc)
    module = type(exc).__module__
    original = getattr(exc, "orig", exc) if module.startswith("sqlalchemy") else exc
    said = " ".join(str(original).split())  # drivers write several lines; the CLI promises one
    if getattr(original, "sqlite_errorname", None) == "SQLITE_FULL":
        # The command's transaction was rolled back and its temporary files removed.
        return f"{DISK_FULL} (SQLite: {said}); nothing was written"
    driver = module.startswith(("sqlalchemy", "sqlite3", "psycopg"))
    if driver and type(exc).__name__ == "OperationalError":
        return f"database error: {said}"
    if isinstance(exc, OSError) and exc.strerror:
        # The file system said no (permissions, a full disk, a name too long): say where.
        where = f": {exc.filename}" if exc.filename else ""
        full = "; nothing was written" if no_room(exc) else ""
        return f"{os_reason(exc)}{where}{full}"
    return None


def _one_line(message: str) -> str:
    """The message on one line; quoting a huge input, it keeps its start and its end."""
    message = " ".join(message.splitlines())  # a name typed with a newline in it, say
    if len(message) <= _LONGEST_MESSAGE:
        return message
    half = _LONGEST_MESSAGE // 2
    return f"{message[:half]} [...] {message[-half:]}"


class NetcrmGroup(TyperGroup):
    """The root command group: turns user errors into one line on stderr and exit 1.

    It also gives every command and group below it the root's `--db` option, so
    `netcrm due --db x.db` works as users type it; the option is declared once (cli/__init__)
    and copied, so no command can lack it. The copy stores its value where the root's goes.
    """

    def __init__(self, **attrs: Any) -> None:
        super().__init__(**attrs)
        root_db = next((p for p in self.params if "--db" in getattr(p, "opts", [])), None)
        if root_db is not None:
            _share_option(self, root_db)

    def parse_args(self, ctx: Any, args: list[str]) -> list[str]:
        # Here, not in __init__: Typer adds its completion and help options later.
        _prepare_params(self, ctx)
        with _visible_usage_errors():
            return super().parse_args(ctx, args)

    def invoke(self, ctx: Any) -> Any:
        try:
            return super().invoke(ctx)
        except (typer.Exit, typer.Abort, typer.TyperException):
            raise
        except BrokenPipeError:
            # The reader went away (`netcrm due | head -3`): nothing is wrong and nothing more
            # can be said. Point stdout at /dev/null so the exit-time flush stays quiet too.
            # The command's transaction has already committed or rolled back by now.
            os.dup2(os.open(os.devnull, os.O_WRONLY), sys.stdout.fileno())
            raise typer.Exit(1) from None
        except Exception as exc:
            if os.environ.get("NETCRM_DEBUG", "") not in ("", "0"):
                raise
            message = _user_message(exc)
            if message is None:
                message = (
                    f"unexpected error ({type(exc).__name__}: {exc}); "
                    "run again with NETCRM_DEBUG=1 to see the traceback"
                )
            from netcrm.core.text import visible

            typer.echo(f"netcrm: {visible(_one_line(message))}", err=True)
            raise typer.Exit(1) from None


# Arguments that name files may hold any bytes the file system allows, UTF-8 or not; every
# other argument is text netcrm stores, compares or prints, so it must be UTF-8.
FILE_METAVARS = frozenset({"PATH", "FILE"})


# What Typer adds to help that means nothing to a user: a Python type after an argument's
# name (" <str>", " <list[str]>") and braces around a required argument ("{CONTACT}").
_TYPE_LABEL = re.compile(r" <[a-z][a-z_\[\]|,.]*(?: range)?>")
_REQUIRED = re.compile(r"\{([A-Z][A-Z0-9_]*)\}")


def plain_help(text: str) -> str:
    """Help text without Python types and braces: what a person reads, in their words."""
    return _REQUIRED.sub(r"\1", _TYPE_LABEL.sub("", text))


def summary(help_text: str) -> str:
    """A command's one-line summary in `netcrm --help`: its first sentence, never cut."""
    first = " ".join(help_text.strip().split("\n\n")[0].split())
    end = first.find(". ")
    return first[: end + 1] if end >= 0 else first


class NetcrmCommand(TyperCommand):
    """Every netcrm command: its text arguments are checked to be UTF-8 before it runs.

    Python hands over an argument that was not valid UTF-8 with each bad byte kept as a lone
    surrogate; stored, compared or printed, that text fails far from where it came in. Here it
    is refused with one line naming the argument and the byte (exit 1, like any bad value).

    Its help and usage lines read without Python types (`plain_help`), and its summary in
    the list of commands is its whole first sentence (Click cuts it at 45 characters).
    """

    def parse_args(self, ctx: Any, args: list[str]) -> list[str]:
        _prepare_params(self, ctx)
        with _visible_usage_errors():
            return super().parse_args(ctx, args)

    def get_help(self, ctx: Any) -> str:
        return plain_help(super().get_help(ctx))

    def get_usage(self, ctx: Any) -> str:
        return plain_help(super().get_usage(ctx))

    def get_short_help_str(self, limit: int = 45) -> str:
        return self.short_help or summary(self.help or "")

    def invoke(self, ctx: Any) -> Any:
        for param in self.params:
            if param.metavar in FILE_METAVARS:
                continue
            value = ctx.params.get(param.name)
            for text in value if isinstance(value, list | tuple) else [value]:
                if isinstance(text, str):
                    _check_utf8(param, text)
        return super().invoke(ctx)


def _check_utf8(param: Any, text: str) -> None:
    from netcrm.core.text import undecodable_argument

    problem = undecodable_argument(text)
    if problem is None:
        return
    name = param.opts[0] if param.param_type_name == "option" else param.metavar or param.name
    shown = text.encode("utf-8", "surrogateescape").decode("utf-8", "backslashreplace")
    raise UserError(
        f"{name} '{shown}' is not UTF-8 ({problem}): netcrm reads arguments as UTF-8 text; "
        "set a UTF-8 locale (e.g. LANG=C.UTF-8) or retype it"
    )


def user_zone(settings: "Config") -> "tzinfo":
    """The user's own time zone: `[me] timezone` in the config, else the system's local zone
    (read here, at the edge, like the clock)."""
    zone_name = settings.me.get("timezone")
    if zone_name:
        from zoneinfo import ZoneInfo

        return ZoneInfo(zone_name)
    local = datetime.now().astimezone().tzinfo
    assert local is not None  # astimezone() always attaches the local zone
    return local


def templates_folder() -> "Path":
    """Where `draft` looks for the user's templates ($XDG_CONFIG_HOME/netcrm/templates)."""
    from netcrm.core.config import templates_dir

    return templates_dir(os.environ)
