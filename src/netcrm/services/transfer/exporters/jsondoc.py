"""`export json`: every contact with everything attached to it, plus introductions."""

import json
from collections import defaultdict
from typing import Any

from sqlmodel import Session, select

from netcrm.core.text import json_safe
from netcrm.services.queries import tags_by_contact
from netcrm.services.transfer.exportformat import (
    CHILDREN,
    CONTACT,
    FORMAT,
    INTRODUCTION,
    LINKED,
    VERSION,
    contact_uid,
    entry_json,
    order,
    order_key,
    to_json,
)
from netcrm.store import details
from netcrm.store.models import Contact, Introduction


def export_json(session: Session, *, nl: bool = False) -> str:
    """The whole database as one JSON document, or (`nl`) one JSON object per line."""
    contacts, introductions = export_records(session)
    header = {"format": FORMAT, "version": VERSION}
    if nl:
        lines = [header]
        lines += [{"type": "contact", **contact} for contact in contacts]
        lines += [{"type": "introduction", **intro} for intro in introductions]
        text = "".join(json.dumps(line, ensure_ascii=False) + "\n" for line in lines)
    else:
        document = {**header, "contacts": contacts, "introductions": introductions}
        text = json.dumps(document, indent=2, ensure_ascii=False) + "\n"
    # C1 controls and bidi overrides as JSON escapes: the same text to a JSON reader, and
    # nothing a terminal would obey when the file is printed (json.dumps escapes C0 itself).
    return json_safe(text)


def export_records(session: Session) -> tuple[list[dict[str, Any]], list[dict[str, Any]]]:
    """Contacts (ordered by creation, then uid) and introductions, as JSON objects."""
    contacts = list(session.exec(select(Contact)))
    uids = {c.id: contact_uid(c.id, c.created_at, c.vcard_uid) for c in contacts if c.id}
    tags = tags_by_contact(session)
    held = details.load_all(session)
    children: dict[str, dict[int, list[Any]]] = {}
    for key, (model, _spec) in CHILDREN.items():
        children[key] = defaultdict(list)
        for row in session.exec(select(model)):
            children[key][row.contact_id].append(row)
    objects = []
    for contact in contacts:
        assert contact.id is not None
        data = {
            "uid": uids[contact.id],
            **to_json(contact, CONTACT),
            "tags": tags.get(contact.id, []),
            "entries": [entry_json(entry) for entry in held.get(contact.id, [])],
        }
        data.update(_children(children, contact.id))
        objects.append(data)
    objects.sort(key=lambda data: (data["created"], data["uid"]))
    introductions = [
        {
            "a": uids[intro.contact_a_id],
            "b": uids[intro.contact_b_id],
            **to_json(intro, INTRODUCTION),
        }
        for intro in session.exec(select(Introduction))
    ]
    return objects, order(introductions)


def _children(children: dict[str, dict[int, list[Any]]], contact_id: int) -> dict[str, Any]:
    """A contact's lists; steps and promises name their interaction by its list position."""
    _model, spec = CHILDREN["interactions"]
    pairs = sorted(
        ((to_json(row, spec), row.id) for row in children["interactions"].get(contact_id, [])),
        key=lambda pair: order_key(pair[0]),
    )
    position = {row_id: index for index, (_data, row_id) in enumerate(pairs)}
    result: dict[str, Any] = {"interactions": [data for data, _row_id in pairs]}
    for key, (_model, spec) in CHILDREN.items():
        if key == "interactions":
            continue
        rows = []
        for row in children[key].get(contact_id, []):
            data = to_json(row, spec)
            if key in LINKED:
                data["interaction"] = position.get(row.interaction_id)
            rows.append(data)
        result[key] = order(rows)
    return result
