"""The optional config file: circle cadences, the nurture touch, 24-48-7 offsets, plan targets,
undo history.

Read from `NETCRM_CONFIG`, else `$XDG_CONFIG_HOME/netcrm/config.toml` (`~/.config/...` when
XDG_CONFIG_HOME is unset). A missing file means the method's defaults. Every bad value is a
`UserError` naming the file and the key, so a typo never silently changes a schedule.
"""

import os
import re
from collections.abc import Callable, Mapping
from dataclasses import dataclass, field
from datetime import timedelta, tzinfo
from enum import StrEnum
from pathlib import Path
from typing import Any, TypeVar

from netcrm.core.calls import CallWindow, default_window, parse_days, parse_window
from netcrm.core.dates import cadence_step, parse_offset
from netcrm.core.domain import Circle, Step
from netcrm.core.errors import UserError
from netcrm.core.paths import expand, read_file
from netcrm.core.text import decode_utf8
from netcrm.core.values import parse_timezone

E = TypeVar("E", bound=StrEnum)
P = TypeVar("P")

DEFAULT_CADENCES: dict[Circle, str] = {Circle.INNER: "1m", Circle.MIDDLE: "3m", Circle.OUTER: "12m"}
# After a finished 24-48-7 sequence, one touch this much later before the circle's cadence.
DEFAULT_NURTURE = "1m"
_OFF = re.compile(r"0+ ?(?:[dwmy]|days?|weeks?|months?|years?)?")  # "0d", "0 days": off
DEFAULT_OFFSETS: dict[Step, str] = {Step.CONNECT: "24h", Step.RESOURCES: "48h", Step.SCHEDULE: "7d"}
# The seed method's action-plan numbers; `[plan]` in config.toml overrides them.
DEFAULT_PLAN_TARGETS: dict[str, int] = {
    "reconnect_dormant": 3,
    "schedule_coffee": 1,
    "introductions": 2,
    "share_resources": 5,
    "attend_event": 1,
    "expand_inner": 1,
    "deepen": 5,
    "give_first": 10,
}
# How many writing commands `netcrm undo` can take back; `[undo] keep` overrides it.
DEFAULT_UNDO_KEEP = 100


# The largest plan target: a plan is for one week, month or quarter of one person's time.
LARGEST_TARGET = 1000
# The most writes the undo history keeps: beyond this the history costs more than it helps.
LARGEST_UNDO_KEEP = 100_000


# `[outreach] reply_within`: a touch this soon after an outreach answers it.
DEFAULT_REPLY_WITHIN = "14d"
# What `[me]` may hold; `draft` fills `{my_name}`, `{my_role}` and `{my_company}` from it.
ME_KEYS = ("name", "role", "company", "timezone")
LONGEST_ME_VALUE = 200


@dataclass(frozen=True)
class Config:
    """Settings every service reads; build with `load_config` or use the defaults."""

    cadences: dict[Circle, str] = field(default_factory=lambda: dict(DEFAULT_CADENCES))
    offsets: dict[Step, timedelta] = field(
        default_factory=lambda: {step: parse_offset(text) for step, text in DEFAULT_OFFSETS.items()}
    )
    plan_targets: dict[str, int] = field(default_factory=lambda: dict(DEFAULT_PLAN_TARGETS))
    undo_keep: int = DEFAULT_UNDO_KEEP
    path: Path | None = None
    nurture: str | None = DEFAULT_NURTURE  # None: `[cadence] nurture = "0d"`, no nurture touch
    me: dict[str, str] = field(default_factory=dict)  # `[me]`: only the keys given
    calls: CallWindow = field(default_factory=default_window)
    reply_within: str = DEFAULT_REPLY_WITHIN
    # The user's own time zone, set at the CLI edge (cli/common.config): `[me] timezone`,
    # else the system's local zone. None: unknown, so no local times are shown.
    zone: tzinfo | None = None
    # `[sync] private_fields`: `sync vdir` writes notes, circle and the X-NETCRM-* fields too.
    sync_private_fields: bool = False


def config_path(env: Mapping[str, str]) -> Path:
    """Where the config file is looked for, given the environment."""
    if env.get("NETCRM_CONFIG"):
        return expand(env["NETCRM_CONFIG"])
    base = env.get("XDG_CONFIG_HOME") or os.path.join(env.get("HOME", "~"), ".config")
    return expand(base) / "netcrm" / "config.toml"


def load_config(env: Mapping[str, str]) -> Config:
    """Read and validate the config file; defaults where it is absent or silent."""
    path = config_path(env)
    if not path.exists():
        return Config(path=None)
    import tomllib  # only with a config file: kept off the start-up of `due` and completion

    try:
        # read_file refuses a FIFO or /dev/zero, which would hang every command.
        data = tomllib.loads(decode_utf8(read_file(path), str(path)))
    except (OSError, tomllib.TOMLDecodeError) as exc:
        raise UserError(f"config {path}: cannot read it: {exc}") from None
    except RecursionError:  # tomllib parses nested arrays and tables recursively
        raise UserError(f"config {path}: cannot read it: values nested too deeply") from None
    except UserError as exc:  # not UTF-8 (FILE:LINE: ...), or not a regular file
        raise UserError(f"config {exc}") from None

    def section(name: str) -> Mapping[str, Any]:
        value = data.get(name, {})
        if not isinstance(value, dict):
            raise UserError(f"config {path}: [{name}] must be a table")
        return value

    unknown = set(data) - {
        "cadences",
        "cadence",
        "follow_up",
        "plan",
        "undo",
        "me",
        "calls",
        "outreach",
        "sync",
    }
    if unknown:
        raise UserError(f"config {path}: unknown section {sorted(unknown)[0]!r}")
    defaults = Config()
    cadences = dict(defaults.cadences)
    for key, value in section("cadences").items():
        circle = _member(Circle, key, path, "cadences")
        _checked(path, f"cadences.{key}", value, cadence_step)
        # Kept as text: the scheduler parses a cadence where it applies it.
        cadences[circle] = str(value)
    offsets = dict(defaults.offsets)
    for key, value in section("follow_up").items():
        step = _member(Step, key, path, "follow_up")
        offsets[step] = _checked(path, f"follow_up.{key}", value, parse_offset)
    targets = dict(defaults.plan_targets)
    for key, value in section("plan").items():
        if key not in targets:
            raise UserError(f"config {path}: unknown key plan.{key}; known: {', '.join(targets)}")
        targets[key] = _count(path, f"plan.{key}", value, LARGEST_TARGET)
    nurture: str | None = DEFAULT_NURTURE
    for key, value in section("cadence").items():
        if key != "nurture":
            raise UserError(f"config {path}: unknown key cadence.{key}; known: nurture")
        nurture = _checked(path, "cadence.nurture", value, _nurture)
    undo_keep = defaults.undo_keep
    for key, value in section("undo").items():
        if key != "keep":
            raise UserError(f"config {path}: unknown key undo.{key}; known: keep")
        undo_keep = _count(path, "undo.keep", value, LARGEST_UNDO_KEEP)
    reply_within = DEFAULT_REPLY_WITHIN
    for key, value in section("outreach").items():
        if key != "reply_within":
            raise UserError(f"config {path}: unknown key outreach.{key}; known: reply_within")
        reply_within = _checked(path, "outreach.reply_within", value, _duration)
    return Config(
        sync_private_fields=_sync(path, section("sync")),
        cadences=cadences,
        offsets=offsets,
        plan_targets=targets,
        undo_keep=undo_keep,
        path=path,
        nurture=nurture,
        me=_me(path, section("me")),
        calls=_calls(path, section("calls")),
        reply_within=reply_within,
    )


def _me(path: Path, table: Mapping[str, Any]) -> dict[str, str]:
    """`[me]`: name, role, company (for drafts) and timezone (an IANA name), all text."""
    me: dict[str, str] = {}
    for key, value in table.items():
        if key not in ME_KEYS:
            raise UserError(f"config {path}: unknown key me.{key}; known: {', '.join(ME_KEYS)}")
        if not isinstance(value, str) or not value.strip() or len(value) > LONGEST_ME_VALUE:
            raise UserError(
                f"config {path}: me.{key} must be a non-empty string of at most "
                f"{LONGEST_ME_VALUE} characters"
            )
        if key == "timezone":
            _checked(path, "me.timezone", value, parse_timezone)
        me[key] = value.strip()
    return me


def _sync(path: Path, table: Mapping[str, Any]) -> bool:
    """`[sync]`: `private_fields = true` sends netcrm's private fields to the vdir too."""
    private = False
    for key, value in table.items():
        if key != "private_fields":
            raise UserError(f"config {path}: unknown key sync.{key}; known: private_fields")
        if not isinstance(value, bool):
            raise UserError(f"config {path}: sync.private_fields must be true or false")
        private = value
    return private


def _calls(path: Path, table: Mapping[str, Any]) -> CallWindow:
    """`[calls]`: `window = "09:00-18:00"` and `days = ["mon", ..., "fri"]`."""
    window = default_window()
    start, end, days = window.start, window.end, window.days
    for key, value in table.items():
        if key == "window":
            start, end = _checked(path, "calls.window", value, parse_window)
        elif key == "days":
            if not isinstance(value, list) or not all(isinstance(day, str) for day in value):
                raise UserError(f'config {path}: calls.days must be a list such as ["mon", "tue"]')
            try:
                days = parse_days(value)
            except UserError as exc:
                raise UserError(f"config {path}: calls.days: {exc}") from None
        else:
            raise UserError(f"config {path}: unknown key calls.{key}; known: window, days")
    return CallWindow(start, end, days)


def _duration(text: str) -> str:
    """A span such as "14d" or "2w", trimmed and lower case."""
    cadence_step(text)
    return text.strip().lower()


def _nurture(text: str) -> str | None:
    """A cadence such as "1m", or None for zero ("0d"): no nurture touch."""
    if _OFF.fullmatch(text.strip().lower()):
        return None
    cadence_step(text)
    return text.strip().lower()


def _count(path: Path, key: str, value: object, most: int) -> int:
    """A whole number from 0 to `most` from the config, or a UserError naming the file and key."""
    if not isinstance(value, int) or isinstance(value, bool) or not 0 <= value <= most:
        raise UserError(f"config {path}: {key} must be a whole number from 0 to {most}")
    return value


def _member(enum: type[E], key: str, path: Path, section: str) -> E:
    try:
        return enum(key)
    except ValueError:
        known = ", ".join(member.value for member in enum)
        raise UserError(f"config {path}: unknown key {section}.{key}; known: {known}") from None


def _checked(path: Path, key: str, value: object, parse: Callable[[str], P]) -> P:
    """Parse one config value, rewording a parse error so it names the file and key."""
    if not isinstance(value, str):
        raise UserError(f'config {path}: {key} must be a string such as "3m"')
    try:
        return parse(value)
    except UserError as exc:
        raise UserError(f"config {path}: {key}: {exc}") from None


def templates_dir(env: Mapping[str, str]) -> Path:
    """Where user draft templates live: `$XDG_CONFIG_HOME/netcrm/templates` (NAME.txt)."""
    base = env.get("XDG_CONFIG_HOME") or os.path.join(env.get("HOME", "~"), ".config")
    return expand(base) / "netcrm" / "templates"
