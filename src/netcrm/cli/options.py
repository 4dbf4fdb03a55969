"""Options shared by several commands, declared once.

Every option and argument that takes a value names it in `--help` with a metavar (WHEN, DAYS,
CIRCLE, ...); without one, plain help would print the Python type (`<str>`). The aliases
below carry the metavar with the help, so each is written once.

`add` and `edit` take the same contact options; `contact_options` adds them to a command's
signature (Typer reads signatures) and hands the command one dict of what was given.
"""

import copy
import functools
import inspect
from collections.abc import Callable
from typing import Annotated, Any, overload

import typer

from netcrm.core.fields import TEXT_FIELDS

JsonFlag = Annotated[bool, typer.Option("--json", help="Print JSON instead of text.")]
AsOf = Annotated[
    str | None,
    typer.Option(
        "--as-of", metavar="DATE", help="Report as of this day instead of today (any date form)."
    ),
]
ContactArg = Annotated[
    str, typer.Argument(metavar="CONTACT", help="An id (12 or #12), a full name, or part of one.")
]
ContactsArg = Annotated[list[str], typer.Argument(metavar="CONTACT", help="One or more contacts.")]
COLOR_MODES = ("auto", "always", "never")
ColorMode = Annotated[
    str,
    typer.Option(
        "--color",
        metavar="COLOR",
        help="Colour: auto (on a terminal, unless NO_COLOR is set), always or never.",
    ),
]
When = Annotated[
    str | None, typer.Option("--date", "-d", metavar="WHEN", help="When (default: now).")
]
OnlyCircle = Annotated[
    str | None, typer.Option("--circle", "-c", metavar="CIRCLE", help="Only this circle.")
]
Channel = Annotated[
    str | None,
    typer.Option(
        "--channel",
        metavar="CHANNEL",
        help="coffee, call, email, linkedin, message, meeting, event or other (default: other).",
    ),
]

_TYPED: list[tuple[str, Any, Any]] = [
    (
        "circle",
        str | None,
        typer.Option("--circle", "-c", metavar="CIRCLE", help="inner, middle or outer."),
    ),
    (
        "timezone",
        str | None,
        typer.Option("--timezone", metavar="ZONE", help="IANA time zone, e.g. Europe/Berlin."),
    ),
    (
        "met",
        str | None,
        typer.Option("--met", metavar="WHEN", help="When you met: a date or date-time."),
    ),
    (
        "birthday",
        str | None,
        typer.Option("--birthday", metavar="DATE", help="YYYY-MM-DD, or MM-DD without a year."),
    ),
    (
        "every",
        str | None,
        typer.Option("--every", metavar="CADENCE", help="Own cadence: 2w, 6w, 45d, 2m, 1y."),
    ),
    (
        "influence",
        str | None,
        typer.Option("--influence", metavar="LEVEL", help="Matrix influence: high or low."),
    ),
    (
        "accessibility",
        str | None,
        typer.Option(
            "--accessibility",
            metavar="LEVEL",
            help="Matrix accessibility: high or low ('' to derive it from their answers).",
        ),
    ),
    (
        "tag",
        list[str],
        typer.Option("--tag", "-t", metavar="TAG", help="A tag; repeat for several."),
    ),
    (
        "follow_up",
        bool | None,
        typer.Option(
            "--follow-up/--no-follow-up",
            help="Start the 24-48-7 sequence (default: when you met in the last 7 days).",
        ),
    ),
]


# Emails, phones, links and addresses: any number each (core/details.py reads the values).
_ENTRIES: list[tuple[str, Any, Any]] = [
    (
        "email",
        list[str],
        typer.Option(
            "--email", metavar="ADDR[:LABEL]", help="An email, e.g. ada@x.org:work; repeatable."
        ),
    ),
    (
        "phone",
        list[str],
        typer.Option(
            "--phone", metavar="NUMBER[:LABEL]", help="A phone, e.g. '+44 20 7946 0000:mobile'."
        ),
    ),
    (
        "url",
        list[str],
        typer.Option(
            "--url", metavar="URL[:LABEL]", help="A link (website, GitHub...); repeatable."
        ),
    ),
    (
        "address",
        list[str],
        typer.Option(
            "--address",
            metavar="ADDRESS",
            help="STREET;CITY;REGION;POSTCODE;COUNTRY[:LABEL], parts may be empty; repeatable.",
        ),
    ),
]
# `edit` only: take entries away, or choose the preferred one of a kind.
ENTRY_EDITS: list[tuple[str, Any, Any]] = [
    *(
        (
            f"rm_{kind}",
            list[str],
            typer.Option(f"--rm-{kind}", metavar=metavar, help=f"Remove this {kind}; repeatable."),
        )
        for kind, metavar in (("email", "ADDR"), ("phone", "NUMBER"), ("url", "URL"))
    ),
    (
        "rm_address",
        list[str],
        typer.Option("--rm-address", metavar="TEXT", help="Remove the address shown as TEXT."),
    ),
    *(
        (
            f"prefer_{kind}",
            str | None,
            typer.Option(
                f"--prefer-{kind}", metavar=metavar, help=f"Make this {kind} the preferred one."
            ),
        )
        for kind, metavar in (("email", "ADDR"), ("phone", "NUMBER"), ("url", "URL"))
    ),
]
_LISTS = {"tag", *(name for name, _kind, _option in _ENTRIES + ENTRY_EDITS if "prefer" not in name)}


def _parameters(options: list[tuple[str, Any, Any]]) -> list[inspect.Parameter]:
    return [
        inspect.Parameter(
            name,
            inspect.Parameter.KEYWORD_ONLY,
            default=[] if name in _LISTS else None,
            annotation=Annotated[kind, option],
        )
        for name, kind, option in options
    ]


Decorated = Callable[..., None]


@overload
def contact_options(command: Decorated) -> Decorated: ...
@overload
def contact_options(
    command: None = None, *, circle_default: str | None = None
) -> Callable[[Decorated], Decorated]: ...
def contact_options(
    command: Decorated | None = None, *, circle_default: str | None = None
) -> Decorated | Callable[[Decorated], Decorated]:
    """Give `command` every contact option; it receives them as `fields: dict[str, Any]`.

    `circle_default` is said in `--circle`'s help (add's circle when none is given); used as
    `@contact_options(circle_default=...)`, or bare as `@contact_options`.
    """
    typed = [
        (name, kind, _with_default(option, circle_default) if name == "circle" else option)
        for name, kind, option in _TYPED
    ]
    if command is None:

        def decorate(decorated: Decorated) -> Decorated:
            return _with_options(decorated, _ENTRIES + typed)

        return decorate
    return _with_options(command, _ENTRIES + typed)


def edit_options(command: Callable[..., None]) -> Callable[..., None]:
    """`contact_options` plus `edit`'s --rm-* and --prefer-* options."""
    return _with_options(command, _ENTRIES + ENTRY_EDITS + _TYPED)


def _with_options(
    command: Callable[..., None], options: list[tuple[str, Any, Any]]
) -> Callable[..., None]:
    added = [
        inspect.Parameter(
            spec.attr,
            inspect.Parameter.KEYWORD_ONLY,
            default=None,
            annotation=Annotated[
                str | None,
                typer.Option(
                    spec.flag,
                    metavar="URL" if spec.entry else "TEXT",
                    help=spec.help + (" Replaces the one shown." if spec.entry else ""),
                ),
            ],
        )
        for spec in TEXT_FIELDS
        if spec.entry is None or spec.attr == "linkedin"
    ] + _parameters(options)
    names = [parameter.name for parameter in added]

    @functools.wraps(command)
    def wrapper(*args: Any, **kwargs: Any) -> None:
        fields = {name: kwargs.pop(name) for name in names}
        command(*args, fields=fields, **kwargs)

    signature = inspect.signature(command)
    own = [parameter for parameter in signature.parameters.values() if parameter.name != "fields"]
    wrapper.__signature__ = signature.replace(parameters=own + added)  # type: ignore[attr-defined]
    wrapper.__annotations__ = {
        **{key: value for key, value in command.__annotations__.items() if key != "fields"},
        **{parameter.name: parameter.annotation for parameter in added},
    }
    return wrapper


def _with_default(option: Any, default: str | None) -> Any:
    """A copy of `option` whose help ends with the default, as Click writes defaults."""
    if default is None:
        return option
    shown = copy.copy(option)
    shown.help = f"{option.help}  [default: {default}]"
    return shown
