"""What each stored value may be: one check per column, for commands, importers and doctor.

A check takes a value as it is (or would be) stored and returns it in the one form netcrm
stores (`Outer` -> `outer`, `3M` -> `3m`), or raises `UserError` saying what is wrong and
what is accepted. The commands read what a person types (`yesterday`, `3 months`) and store
it through the same rules; every importer runs every value of every record through
`canonical`, and `doctor` runs every stored row through it. So a value that one of them
accepts, the others accept too, and nothing stored can break a later command.

Everything here is pure: tables and columns are named by their SQL names, and a value is
whatever Python type its column holds (text, a date or a date-time, or None).
"""

import re
from collections.abc import Callable, Iterable, Mapping
from datetime import date
from enum import StrEnum
from typing import Any

from netcrm.core.dates import EARLIEST, LATEST, cadence_step, check_range
from netcrm.core.domain import (
    BoardRole,
    Channel,
    Circle,
    GiveType,
    Rating,
    Step,
    Value,
    parse_choice,
)
from netcrm.core.errors import UserError

_BIRTHDAY = re.compile(r"(?:(\d{4})-|--)?(\d{2})-(\d{2})")
# Characters no stored text may hold: NUL (PostgreSQL cannot store it, and other tools cut
# strings at it) and lone surrogates (not characters at all: no encoding can write them).
_UNSTORABLE = re.compile("[\x00\ud800-\udfff]")

Check = Callable[[Any], Any]


def parse_birthday(text: str) -> str:
    """`YYYY-MM-DD`, or `MM-DD` / `--MM-DD` when the year is unknown; stored vCard-style."""
    match = _BIRTHDAY.fullmatch(text.strip())
    year = int(match.group(1)) if match and match.group(1) else 2000  # a leap year: 02-29 is fine
    try:
        if not match:
            raise ValueError
        day = date(year, int(match.group(2)), int(match.group(3)))
    except ValueError:
        raise UserError(
            f"cannot read birthday {text!r}: use YYYY-MM-DD, or MM-DD when the year is unknown"
        ) from None
    try:
        check_range(day)
    except UserError:
        raise UserError(
            f"birthday {text!r} is out of range: netcrm reads years "
            f"{EARLIEST.year} to {LATEST.year}"
        ) from None
    if match.group(1):
        return f"{match.group(1)}-{match.group(2)}-{match.group(3)}"
    return f"--{match.group(2)}-{match.group(3)}"


def parse_timezone(name: str) -> str:
    """An IANA time zone name such as Europe/Berlin; a UserError suggests close ones."""
    # Here, not at the top: `due` reads the config (which checks its zone) on every start.
    from zoneinfo import ZoneInfo, ZoneInfoNotFoundError, available_timezones

    try:
        ZoneInfo(name)
    except (ZoneInfoNotFoundError, ValueError, OSError):  # OSError: a name too long for a path
        close = [zone for zone in available_timezones() if name.lower() in zone.lower()][:3]
        hint = f"; did you mean {', '.join(sorted(close))}?" if close else ""
        raise UserError(
            f"unknown time zone {name!r}: use an IANA name such as Europe/Berlin{hint}"
        ) from None
    return name


def cadence(text: str) -> str:
    """A contact's own cadence, as stored: readable by `parse_cadence`, trimmed, lower case."""
    cadence_step(text)
    return text.strip().lower()


def tag_key(tag: str) -> str:
    """A tag as stored and searched: trimmed and lower case ("" when blank)."""
    return tag.strip().lower()


def tag_keys(tags: Iterable[str]) -> set[str]:
    """The distinct non-blank tags among `tags`, each through `tag_key`."""
    return {key for key in map(tag_key, tags) if key}


def text(value: str) -> str:
    """Any stored text: refused when it holds NUL or a lone surrogate, else unchanged."""
    found = _UNSTORABLE.search(value)
    if found is None:
        return value
    if found.group() == "\x00":
        raise UserError("text cannot contain NUL characters (\\0); remove them")
    raise UserError(
        f"text holds U+{ord(found.group()):04X}, which is not a character (a lone surrogate): "
        "the file or program that wrote it did not write valid Unicode"
    )


def name(value: str) -> str:
    """A contact's name: trimmed, and not empty."""
    if not value.strip():
        raise UserError("a contact needs a name")
    return value.strip()


def promise_text(value: str) -> str:
    """What was promised: trimmed, and not empty."""
    if not value.strip():
        raise UserError("a promise needs a text: what did you say you would do?")
    return value.strip()


def moment(value: date) -> date:
    """A stored date or date-time: within the years netcrm reads (`dates.check_range`)."""
    check_range(value)
    return value


def _choice(enum: type[StrEnum], what: str) -> Check:
    def check(value: str) -> str:
        return parse_choice(enum, value, what).value

    return check


def _tag(value: str) -> str:
    key = tag_key(value)
    if not key:
        raise UserError("a tag cannot be blank")
    return key


CIRCLE = _choice(Circle, "circle")
CHANNEL = _choice(Channel, "channel")
# Every checked column, by table. Columns not listed (ids, flags, bookkeeping text) only get
# the text check when they hold text.
COLUMNS: dict[str, dict[str, Check]] = {
    "contact": {
        "name": name,
        "circle": CIRCLE,
        "cadence": cadence,
        "timezone": parse_timezone,
        "birthday": parse_birthday,
        "met_at": moment,
        "created_at": moment,
        "archived_at": moment,
        "snoozed_until": moment,
        "influence": _choice(Rating, "influence"),
        "accessibility": _choice(Rating, "accessibility"),
    },
    "contact_tag": {"tag": _tag},
    "interaction": {
        "occurred_at": moment,
        "channel": CHANNEL,
        "value": _choice(Value, "value"),
        "give_type": _choice(GiveType, "give type"),
    },
    "board_seat": {"role": _choice(BoardRole, "board seat"), "set_at": moment},
    "event": {"on_day": moment, "created_at": moment},
    "follow_up": {"step": _choice(Step, "step"), "due_at": moment, "done_at": moment},
    "promise": {"text": promise_text, "made_at": moment, "due_on": moment, "kept_at": moment},
    "introduction": {"made_at": moment, "channel": CHANNEL},
    "circle_change": {"changed_at": moment, "old_circle": CIRCLE, "new_circle": CIRCLE},
    "career_change": {"changed_on": moment},
}


def canonical(table: str, column: str, value: Any, label: str | None = None) -> Any:
    """`value` as netcrm stores it in `table.column`; UserError when it cannot be stored.

    None (an unset optional value) is always fine; NOT NULL columns are the schema's job.
    The checks of one kind of value name it in their messages ("unknown circle 'far'"); the
    ones every column shares (text, dates) are told which column it was, as `label` (default:
    the column's name).
    """
    if value is None:
        return None
    check = COLUMNS.get(table, {}).get(column)
    try:
        if isinstance(value, str):
            text(value)
        if check is moment:
            return moment(value)
    except UserError as exc:
        raise UserError(f"{label or column}: {exc}") from None
    return check(value) if check else value


def canonical_row(
    table: str,
    row: Mapping[str, Any],
    labels: Mapping[str, str] | None = None,
    also: Iterable[str] = (),
) -> dict[str, Any]:
    """Every value of `row` through `canonical`; `labels` names columns for the messages, and
    `also` is other text that goes with the row (a record's name, tags and emails).

    The same result as `canonical` on each value, faster for the rows an import reads by the
    million: the text check looks at all of a row's text at once, and only the columns that
    have a check of their own are called one by one.
    """
    names = labels or {}
    texts = [*also, *(value for value in row.values() if isinstance(value, str))]
    if _UNSTORABLE.search("".join(texts)):
        for value in also:
            text(value)
        for column, value in row.items():
            canonical(table, column, value, names.get(column))  # raises, naming the column
    columns = COLUMNS.get(table, {}).keys() & row.keys()
    checked = dict(row)
    for column in columns:
        checked[column] = canonical(table, column, row[column], names.get(column))
    return checked
