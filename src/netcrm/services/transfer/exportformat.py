"""The `export json` format, declared once: what each record holds and how values are written.

Nothing in it depends on database ids or on when it was written: contacts are named by a
stable `uid`, records are ordered by their content, and every timestamp is kept to the
second, so export -> import into an empty database -> export gives the same bytes.
"""

import json
import uuid
from collections.abc import Callable, Mapping
from datetime import date, datetime
from typing import Any

from netcrm.core.fields import TEXT_FIELDS
from netcrm.core.identity import contact_uid as contact_uid
from netcrm.core.identity import legacy_uid as legacy_uid
from netcrm.store.models import (
    CareerChange,
    CircleChange,
    FollowUp,
    Interaction,
    Promise,
    Reminder,
)

FORMAT = "netcrm"
VERSION = 1
Spec = tuple[tuple[str, str, str], ...]  # (JSON key, model attribute, value kind)

CONTACT: Spec = (
    ("name", "name", "str"),
    ("circle", "circle", "str"),
    *((spec.attr, spec.attr, "ostr") for spec in TEXT_FIELDS),
    ("timezone", "timezone", "ostr"),
    ("met_at", "met_at", "odt"),
    ("met_has_time", "met_has_time", "bool"),
    ("birthday", "birthday", "ostr"),
    ("cadence", "cadence", "ostr"),
    ("created", "created_at", "dt"),
    ("archived_at", "archived_at", "odt"),
    ("snoozed_until", "snoozed_until", "odate"),
    # When that snooze was set, and an imported contact's first-due slot (absent before 0004).
    ("snoozed_at", "snoozed_at", "odt"),
    ("first_due_slot", "first_due_slot", "onum"),
    # Import bookkeeping: what the last LinkedIn export said (absent in older files).
    ("linkedin_company", "linkedin_company", "ostr"),
    ("linkedin_role", "linkedin_role", "ostr"),
)
# Each list under a contact: its model and fields. `interaction` links (a step or promise
# done by a logged touch) are written as an index into the contact's `interactions` list.
CHILDREN: dict[str, tuple[type[Any], Spec]] = {
    "interactions": (
        Interaction,
        (
            ("occurred_at", "occurred_at", "dt"),
            ("has_time", "has_time", "bool"),
            ("channel", "channel", "str"),
            ("value", "value", "ostr"),
            ("summary", "summary", "str"),
        ),
    ),
    "follow_ups": (
        FollowUp,
        (("step", "step", "str"), ("due_at", "due_at", "dt"), ("done_at", "done_at", "odt")),
    ),
    "promises": (
        Promise,
        (
            ("text", "text", "str"),
            ("made_at", "made_at", "dt"),
            ("due_on", "due_on", "date"),
            ("kept_at", "kept_at", "odt"),
        ),
    ),
    "circle_history": (
        CircleChange,
        (
            ("changed_at", "changed_at", "dt"),
            ("old_circle", "old_circle", "ostr"),
            ("new_circle", "new_circle", "str"),
        ),
    ),
    "career_changes": (
        CareerChange,
        (
            ("changed_on", "changed_on", "date"),
            ("old_company", "old_company", "ostr"),
            ("new_company", "new_company", "ostr"),
            ("old_role", "old_role", "ostr"),
            ("new_role", "new_role", "ostr"),
        ),
    ),
    "reminders": (
        Reminder,
        (
            ("on", "on_day", "date"),
            ("text", "text", "str"),
            ("yearly", "yearly", "bool"),
            ("created_at", "created_at", "dt"),
            ("done_at", "done_at", "odt"),
        ),
    ),
}
LINKED = ("follow_ups", "promises")
INTRODUCTION: Spec = (
    ("made_at", "made_at", "dt"),
    ("has_time", "has_time", "bool"),
    ("channel", "channel", "str"),
    ("note", "note", "ostr"),
)


def new_uid() -> str:
    """A random uid for a contact being created: unique across databases, unlike a derived one."""
    return str(uuid.uuid4())


def to_json(row: Any, spec: Spec) -> dict[str, Any]:
    """A model row (or a mapping of its columns) as a JSON object, keys in spec order."""
    get: Callable[[str], Any] = row.get if isinstance(row, Mapping) else row.__getattribute__
    return {key: _write(get(attr), kind) for key, attr, kind in spec}


def from_json(data: Mapping[str, Any], spec: Spec) -> dict[str, Any]:
    """Model attributes from a JSON object; ValueError names the key that is wrong."""
    values = {}
    for key, attr, kind in spec:
        if key not in data and (kind.startswith("o") or kind == "bool"):
            values[attr] = False if kind == "bool" else None
            continue
        try:
            values[attr] = _read(data.get(key), kind)
        except (TypeError, ValueError):
            raise ValueError(
                f"{key}: cannot read {data.get(key)!r} as {_KIND_NAMES[kind]}"
            ) from None
    return values


def order(rows: list[dict[str, Any]]) -> list[dict[str, Any]]:
    """Records by their first field (usually a date), then by content: independent of ids."""
    return sorted(rows, key=order_key)


def order_key(row: Mapping[str, Any]) -> tuple[str, str]:
    """The sort key `order` uses."""
    return str(next(iter(row.values()), "")), json.dumps(row, sort_keys=True, ensure_ascii=False)


_KIND_NAMES = {
    "str": "text",
    "ostr": "text or null",
    "dt": "an ISO date-time",
    "odt": "an ISO date-time or null",
    "date": "an ISO date",
    "odate": "an ISO date or null",
    "bool": "true or false",
    "onum": "a number or null",
}


def _write(value: Any, kind: str) -> Any:
    if value is None or kind in ("str", "ostr", "bool", "onum"):
        return value
    return value.isoformat()


def _read(value: Any, kind: str) -> Any:
    if value is None and kind.startswith("o"):
        return None
    if kind in ("str", "ostr"):
        if not isinstance(value, str):
            raise TypeError
        return value
    if kind == "bool":
        if not isinstance(value, bool):
            raise TypeError
        return value
    if kind == "onum":
        if isinstance(value, bool) or not isinstance(value, int | float):
            raise TypeError
        return float(value)
    if not isinstance(value, str):
        raise TypeError
    if kind in ("dt", "odt"):
        return datetime.fromisoformat(value).replace(tzinfo=None)
    return date.fromisoformat(value)
