"""The method's vocabularies: circles, channels, 70-20-10 values, 24-48-7 steps, due kinds.

Pure and dependency-free so the scheduler, the services and the CLI share one definition.
"""

from enum import StrEnum
from typing import TypeVar

from netcrm.core.errors import DatabaseError, UserError


class Circle(StrEnum):
    """How close a contact is; each circle has its own touch cadence."""

    INNER = "inner"
    MIDDLE = "middle"
    OUTER = "outer"


class Channel(StrEnum):
    """How an interaction happened."""

    COFFEE = "coffee"
    CALL = "call"
    EMAIL = "email"
    LINKEDIN = "linkedin"
    MESSAGE = "message"
    MEETING = "meeting"
    EVENT = "event"
    OTHER = "other"


class Value(StrEnum):
    """What an interaction gave or took, for the 70-20-10 ledger."""

    GIVE = "give"
    SHARE = "share"
    ASK = "ask"


class Step(StrEnum):
    """The three steps of the 24-48-7 rule, in the order they fall due."""

    CONNECT = "connect"
    RESOURCES = "resources"
    SCHEDULE = "schedule"


class DueKind(StrEnum):
    """What a due item asks for; `due --json` prints it as `kind`.

    The scheduler weighs each kind (`scheduler.KIND_WEIGHT`), every due source builds items of
    one kind, and render and the ICS export name them from here.
    """

    FOLLOW_UP = "follow_up"  # an open 24-48-7 step
    COMMITMENT = "commitment"  # a promise not kept yet
    INTRO_FOLLOW_UP = "intro_follow_up"  # ask how an introduction went
    CONGRATULATE = "congratulate"  # career news seen in an import
    BIRTHDAY = "birthday"  # a stored birthday, on the day
    REMINDER = "reminder"  # `remind ... --on DAY`: once
    ANNIVERSARY = "anniversary"  # `remind ... --on DAY --yearly`: every year
    CADENCE = "cadence"  # the regular touch the circle (or own cadence) asks for

    @property
    def label(self) -> str:
        """How text output names the kind: 'intro follow up'."""
        return self.value.replace("_", " ")


# Circle order matters: the scheduler ranks inner before middle before outer.
CIRCLE_ORDER: tuple[Circle, ...] = (Circle.INNER, Circle.MIDDLE, Circle.OUTER)


E = TypeVar("E", bound=StrEnum)


def parse_choice(enum: type[E], text: str, what: str) -> E:
    """The member of `enum` named by `text` (any case); a UserError lists the choices."""
    try:
        return enum(text.strip().lower())
    except ValueError:
        accepted = ", ".join(member.value for member in enum)
        raise UserError(f"unknown {what} {text!r}: use one of {accepted}") from None


# Each enum's members by value, built on first use: a dict lookup is much cheaper than
# Enum.__call__, and the hot reads convert one value per row.
_MEMBERS: dict[type[StrEnum], dict[str, StrEnum]] = {}


def stored(enum: type[E], value: str) -> E:
    """The member of `enum` a value read from the database names.

    A value no netcrm wrote (another program edited the file) is a DatabaseError pointing at
    `netcrm doctor`, which names the row and how to fix it, instead of a crash.
    """
    members = _MEMBERS.get(enum)
    if members is None:
        members = _MEMBERS[enum] = {member.value: member for member in enum}
    try:
        return members[value]  # type: ignore[return-value]
    except KeyError:
        raise DatabaseError(
            f"the database holds {enum.__name__.lower()} {value!r}, which netcrm does not know "
            "(was it changed by another program?); run `netcrm doctor` to find and fix it"
        ) from None
