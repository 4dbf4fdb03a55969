"""A contact as a TOML document, for `edit --editor` and `add --editor`.

The document holds every field `add` and `edit` take, each under a comment saying what it
accepts. Reading it back gives a `ContactInput` holding only what the user changed, which
`add_contact` or `edit_contact` then validates with their own rules: nothing here checks a
value beyond its TOML type.
"""

import json
import tomllib
from collections.abc import Sequence
from dataclasses import dataclass
from datetime import datetime
from typing import Any

from sqlmodel import Session

from netcrm.core.config import Config
from netcrm.core.dates import iso_moment
from netcrm.core.errors import UserError
from netcrm.core.fields import TEXT_FIELDS
from netcrm.services.contacts.changes import (
    Changed,
    ContactInput,
    add_contact,
    edit_contact,
)
from netcrm.services.queries import tags_by_contact
from netcrm.services.resolve import resolve_contact

# The document's keys that are not free text, with what each accepts (the comment above it).
TYPED_FIELDS: tuple[tuple[str, str], ...] = (
    ("name", "Their full name (required)."),
    ("circle", "inner, middle or outer."),
    ("met", 'When you met: a date or date-time ("2026-11-20 19:00", "yesterday").'),
    ("birthday", "YYYY-MM-DD, or MM-DD without a year."),
    ("timezone", "IANA time zone, e.g. Europe/Berlin."),
    ("cadence", "Own cadence instead of the circle's: 2w, 6w, 45d, 2m, 1y."),
)
HEAD = (
    "# {what}\n"
    '# Save and quit to apply. Each value is a quoted string; "" leaves it empty.\n'
    "# Leave the file unchanged, or empty it, to write nothing.\n"
)
ERROR_MARK = "# error: "


def document(contact: Any | None, tags: Sequence[str], what: str) -> str:
    """The TOML text for a contact (None: the template `add --editor` starts from)."""
    current = current_values(contact, tags)
    parts = [HEAD.format(what=what)]
    fields = [
        *TYPED_FIELDS,
        ("tags", 'Tags, e.g. ["mentor", "python"].'),
        *((spec.attr, spec.help) for spec in TEXT_FIELDS),
    ]
    for key, comment in fields:
        value = current[key]
        shown = "[" + ", ".join(_string(tag) for tag in value) + "]" if key == "tags" else None
        parts.append(f"\n# {comment}\n{key} = {shown or _string(str(value))}\n")
    return "".join(parts)


def current_values(contact: Any | None, tags: Sequence[str]) -> dict[str, Any]:
    """What the document shows for each key: the contact's values ("" when unset)."""
    if contact is None:
        empty: dict[str, Any] = {key: "" for key, _ in TYPED_FIELDS}
        return {**empty, "circle": "", "tags": [], **{spec.attr: "" for spec in TEXT_FIELDS}}
    met = iso_moment(contact.met_at, contact.met_has_time) if contact.met_at else None
    return {
        "name": contact.name,
        "circle": contact.circle,
        "met": met or "",
        "birthday": contact.birthday or "",
        "timezone": contact.timezone or "",
        "cadence": contact.cadence or "",
        "tags": list(tags),
        **{spec.attr: getattr(contact, spec.attr) or "" for spec in TEXT_FIELDS},
    }


def _string(text: str) -> str:
    """A TOML basic string: JSON's escapes are TOML's, but DEL must be escaped too."""
    return json.dumps(text, ensure_ascii=False).replace("\x7f", "\\u007f")


def without_error(text: str) -> str:
    """The document without the error lines a failed save put at its top."""
    lines = text.splitlines(keepends=True)
    while lines and lines[0].startswith(ERROR_MARK):
        lines.pop(0)
    return "".join(lines)


def with_error(text: str, message: str) -> str:
    """The document with `message` at its top, as `crontab -e` shows what was wrong."""
    said = "".join(f"{ERROR_MARK}{part}\n" for part in message.splitlines() or [""])
    return said + without_error(text)


def is_empty(text: str) -> bool:
    """True when nothing but comments and blank lines is left."""
    return all(not line.strip() or line.lstrip().startswith("#") for line in text.splitlines())


def read_values(text: str) -> dict[str, Any]:
    """The document's values; a UserError saying what is wrong with its form."""
    try:
        data = tomllib.loads(text)
    except tomllib.TOMLDecodeError as exc:
        raise UserError(f"not valid TOML: {exc}") from None
    known = {key for key, _ in TYPED_FIELDS} | {"tags"} | {spec.attr for spec in TEXT_FIELDS}
    unknown = sorted(set(data) - known)
    if unknown:
        raise UserError(f"unknown field {unknown[0]!r}; the fields are: {', '.join(sorted(known))}")
    for key, value in data.items():
        if key == "tags":
            if not isinstance(value, list) or not all(isinstance(tag, str) for tag in value):
                raise UserError('tags must be a list of quoted strings, e.g. ["mentor"]')
        elif not isinstance(value, str):
            raise UserError(f'{key} must be a quoted string, e.g. {key} = "..."')
    return data


def changes(before: dict[str, Any], after: dict[str, Any]) -> ContactInput:
    """What `edit` must do to turn `before` into `after`: only the fields that differ.

    A key missing from `after` is left as it was; "" clears a field.
    """
    changed = {key: value for key, value in after.items() if value != before.get(key)}
    tags_after = after.get("tags", before["tags"])
    return ContactInput(
        name=changed.get("name"),
        text={spec.attr: changed.get(spec.attr) for spec in TEXT_FIELDS},
        circle=changed.get("circle"),
        timezone=changed.get("timezone"),
        met=changed.get("met"),
        birthday=changed.get("birthday"),
        every=changed.get("cadence"),
        tags=[tag for tag in tags_after if tag not in before["tags"]],
        untags=[tag for tag in before["tags"] if tag not in tags_after],
    )


def new_contact(after: dict[str, Any]) -> ContactInput:
    """What `add` must store from a filled-in template (every empty value: not given)."""
    given = {key: value for key, value in after.items() if value not in ("", [])}
    if "name" not in given:
        raise UserError('a contact needs a name: fill in name = "..."')
    data = changes(current_values(None, []), given)
    data.name = given["name"]
    return data


@dataclass(frozen=True)
class Editable:
    """The document an editor opens: for a contact (`contact_id`), or the `add` template."""

    contact_id: int | None
    text: str
    values: dict[str, Any]


def editable(session: Session, ref: str) -> Editable:
    """The document of one contact's fields as they now stand."""
    contact = resolve_contact(session, ref)
    assert contact.id is not None
    tags = tags_by_contact(session, [contact.id]).get(contact.id, [])
    what = f"netcrm edit #{contact.id} {contact.name}"
    return Editable(contact.id, document(contact, tags, what), current_values(contact, tags))


def template(name: str | None) -> Editable:
    """The document `add --editor` starts from, with the name when one was given."""
    values = {**current_values(None, []), "name": name or ""}
    text = document(None, [], "netcrm add: a new contact").replace(
        'name = ""', f"name = {_string(name or '')}", 1
    )
    return Editable(None, text, values)


def save(session: Session, start: Editable, text: str, now: datetime, config: Config) -> Changed:
    """Apply an edited document with the rules of `add` or `edit` (a UserError says why not)."""
    after = read_values(text)
    if start.contact_id is None:
        return add_contact(session, new_contact(after), now, config)
    ref = f"#{start.contact_id}"
    return edit_contact(session, ref, changes(start.values, after), now, config)
