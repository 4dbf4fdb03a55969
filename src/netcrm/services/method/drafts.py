"""`netcrm draft`: an outreach message filled from what you know, never half filled.

Values come from the contact (`first_name`, `name`, `company`, `role`, `location`,
`met_event`, `how_met`, `interests`, `can_help`, `they_help`, `last_touch`: the latest
touch's summary), from `[me]` in the config (`my_name`, `my_role`, `my_company`), for the
introduction template from the person you want to meet (`target_*`), and from `--set
key=value`, which wins over all of them. A placeholder with no value stops the draft.
"""

import os
import stat
from dataclasses import dataclass
from datetime import datetime
from pathlib import Path

from sqlalchemy import select
from sqlmodel import Session, col

from netcrm.core.config import Config
from netcrm.core.drafts import (
    BUILT_IN,
    LARGEST_TEMPLATE,
    TEMPLATE_NAME,
    Template,
    check_name,
    fill,
    parse_sets,
    placeholders,
)
from netcrm.core.errors import UserError
from netcrm.core.paths import read_file
from netcrm.core.text import decode_utf8
from netcrm.services.daily.touches import Logged, log_interaction
from netcrm.services.resolve import ContactRef, resolve_contact
from netcrm.store.models import Contact, Interaction

CONTACT_KEYS = (
    "name",
    "company",
    "role",
    "location",
    "met_event",
    "how_met",
    "interests",
    "can_help",
    "they_help",
)
INTRODUCTION = "introduction"


@dataclass(frozen=True)
class Draft:
    """The filled text, the template used, and the touch `--log` recorded."""

    text: str
    template: str
    contact: ContactRef
    logged: Logged | None = None


@dataclass(frozen=True)
class Listed:
    """One template `draft --list` shows."""

    name: str
    source: str
    placeholders: list[str]


def user_templates(folder: Path) -> dict[str, Path]:
    """The NAME.txt files in the user's templates folder (regular files, valid names only)."""
    try:
        entries = sorted(os.scandir(folder), key=lambda entry: entry.name)
    except (FileNotFoundError, NotADirectoryError):
        return {}
    except OSError as exc:
        raise UserError(f"cannot read the templates folder {folder}: {exc.strerror}") from None
    found = {}
    for entry in entries:
        stem, dot, ext = entry.name.rpartition(".")
        if dot and ext == "txt" and TEMPLATE_NAME.fullmatch(stem):
            found[stem] = Path(entry.path)
    return found


def load_template(name: str, folder: Path) -> Template:
    """A user template (it replaces a built-in of the same name), else a built-in one."""
    key = check_name(name)
    path = user_templates(folder).get(key)
    if path is None:
        if key in BUILT_IN:
            return Template(key, "built-in", BUILT_IN[key])
        known = sorted({*BUILT_IN, *user_templates(folder)})
        raise UserError(f"no template {name!r}: known: {', '.join(known)} (see `draft --list`)")
    mode = os.lstat(path).st_mode
    if not stat.S_ISREG(mode):
        raise UserError(f"{path} is not a regular file: a template must be one (no links)")
    data = read_file(path, LARGEST_TEMPLATE + 1)
    if len(data) > LARGEST_TEMPLATE:
        raise UserError(f"{path} is larger than {LARGEST_TEMPLATE // 1024} KiB: not a template")
    return Template(key, str(path), decode_utf8(data, str(path)))


def list_templates(folder: Path) -> list[Listed]:
    """Built-in and user templates by name (a user one replaces a built-in of its name)."""
    names = sorted({*BUILT_IN, *user_templates(folder)})
    listed = []
    for name in names:
        template = load_template(name, folder)
        listed.append(Listed(name, template.source, placeholders(template)))
    return listed


def draft(
    session: Session,
    ref: str,
    config: Config,
    folder: Path,
    now: datetime,
    *,
    template: str | None = None,
    via: str | None = None,
    to: str | None = None,
    sets: list[str] | None = None,
    log: bool = False,
    channel: str | None = None,
) -> Draft:
    """Fill a template for a contact; with `log`, record an outreach touch named after it.

    Without `--template`: `follow-up` for someone you met at an event, else `cold`. The
    introduction template is addressed to the introducer: CONTACT with `--to PERSON`, or
    `--via INTRODUCER` with CONTACT as the person you want to meet.
    """
    contact = resolve_contact(session, ref)
    name = check_name(template) if template else ("follow-up" if contact.met_event else "cold")
    chosen = load_template(name, folder)
    addressee, target = contact, None
    if via is not None and to is not None:
        raise UserError("give --via or --to, not both: CONTACT is the other one")
    if via is not None or to is not None:
        if name != INTRODUCTION:
            raise UserError("--via and --to go with --template introduction")
        other = resolve_contact(session, via or to or "")
        addressee, target = (other, contact) if via is not None else (contact, other)
        if addressee.id == target.id:
            raise UserError("the introducer and the person to meet must be two people")
    elif name == INTRODUCTION:
        raise UserError("the introduction template needs --via INTRODUCER or --to PERSON")
    values = _values(session, addressee, "")
    if target is not None:
        values.update(_values(session, target, "target_"))
    values.update({f"my_{key}": value for key, value in config.me.items() if key != "timezone"})
    given = parse_sets(sets or [])
    used = placeholders(chosen)
    unused = sorted(set(given) - set(used))
    if unused:
        raise UserError(
            f"--set {unused[0]}: template {name} has no {{{unused[0]}}}; it uses: {', '.join(used)}"
        )
    values.update(given)
    text, missing = fill(chosen, values)
    if missing:
        options = " ".join(f"--set {key}=TEXT" for key in missing)
        raise UserError(
            f"template {name} for {addressee.name} has nothing for "
            f"{', '.join('{' + key + '}' for key in missing)}: give {options} "
            "(or fill it in: `netcrm edit`, [me] in the config)"
        )
    logged = None
    if log:
        assert addressee.id is not None
        logged = log_interaction(
            session, f"#{addressee.id}", f"draft: {name}", now, channel=channel, outreach=True
        )
    return Draft(text, name, ContactRef.of(addressee), logged)


def _values(session: Session, contact: Contact, prefix: str) -> dict[str, str]:
    """The placeholder values a contact gives, under `prefix` (`target_` for --to/--via)."""
    values = {f"{prefix}{key}": getattr(contact, key) or "" for key in CONTACT_KEYS}
    values[f"{prefix}first_name"] = contact.name.split()[0] if contact.name.split() else ""
    last = session.scalar(
        select(col(Interaction.summary))
        .where(col(Interaction.contact_id) == contact.id, col(Interaction.summary) != "")
        .order_by(col(Interaction.occurred_at).desc(), col(Interaction.id).desc())
        .limit(1)
    )
    values[f"{prefix}last_touch"] = last or ""
    return {key: value.strip() for key, value in values.items()}
