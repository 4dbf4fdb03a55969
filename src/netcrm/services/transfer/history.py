"""Bringing back what `export json` saved about a contact: interactions, steps, history.

A contact new to this database gets everything. A contact that already existed gets only
the records it does not have yet (compared by content), so importing the same file twice
adds nothing.
"""

from collections import defaultdict
from collections.abc import Callable, Mapping
from typing import Any

from sqlmodel import Session, col, select

from netcrm.services.transfer.exportformat import CHILDREN, INTRODUCTION, LINKED, to_json
from netcrm.store.bulk import insert_returning_ids, insert_rows
from netcrm.store.models import Interaction, Introduction

History = dict[str, Any]


def restore_history(
    session: Session, histories: list[tuple[int, History, bool]], uid_id: Callable[[str], int]
) -> dict[int, dict[str, int]]:
    """Insert each contact's missing records; return how many of each kind were added.

    `uid_id` gives the contact a uid names, for introductions (which name contacts by uid).
    """
    existing = _existing(session, [cid for cid, _history, new in histories if not new])
    rows: dict[str, list[dict[str, Any]]] = defaultdict(list)
    added: dict[int, dict[str, int]] = {}
    for contact_id, history, new in histories:
        # A new contact takes its records as they are, repeats included; an existing one
        # only those it lacks.
        have = {} if new else existing.get(contact_id, {})
        counts: dict[str, int] = {}
        interaction_ids: list[int] = []
        _model, spec = CHILDREN["interactions"]
        known = have.get("interactions", {})
        for values in history["interactions"]:
            key = _key(to_json(values, spec))
            if key in known:
                interaction_ids.append(known[key])
                continue
            # A provisional id, -(position + 1), until the database assigns the real one.
            provisional = -(len(rows["interactions"]) + 1)
            interaction_ids.append(provisional)
            if not new:
                known[key] = provisional
            rows["interactions"].append({"contact_id": contact_id, **values})
            counts["interactions"] = counts.get("interactions", 0) + 1
        for kind, (_model, spec) in CHILDREN.items():
            if kind == "interactions":
                continue
            for values in history[kind]:
                data = dict(values)
                link = data.pop("interaction", None)
                key = _key(to_json(data, spec))
                if key in have.setdefault(kind, {}):
                    continue
                if not new:
                    have[kind][key] = 0
                if kind in LINKED:
                    data["interaction_id"] = None if link is None else interaction_ids[link]
                rows[kind].append({"contact_id": contact_id, **data})
                counts[kind] = counts.get(kind, 0) + 1
        for intro in history["introductions"]:
            data = {key: value for key, value in intro.items() if key != "b"}
            pair = {"contact_a_id": contact_id, "contact_b_id": uid_id(intro["b"])}
            key = _key({**to_json(data, INTRODUCTION), **pair})
            if key in have.setdefault("introductions", {}):
                continue
            if not new:
                have["introductions"][key] = 0
            rows["introductions"].append({**pair, **data})
            counts["introductions"] = counts.get("introductions", 0) + 1
        if counts:
            added[contact_id] = counts
    real = insert_returning_ids(session, Interaction, rows.pop("interactions", []))
    for kind in LINKED:
        for row in rows[kind]:
            link = row["interaction_id"]
            if link is not None and link < 0:
                row["interaction_id"] = real[-link - 1]
    for kind in [*CHILDREN, "introductions"]:
        if kind != "interactions":
            model = Introduction if kind == "introductions" else CHILDREN[kind][0]
            insert_rows(session, model, rows[kind])
    return added


def _key(data: Mapping[str, Any]) -> str:
    return repr(sorted(data.items()))


def _existing(session: Session, contact_ids: list[int]) -> dict[int, dict[str, dict[str, int]]]:
    """For each contact, the content keys of the records it has (interactions with their ids)."""
    found: dict[int, dict[str, dict[str, int]]] = defaultdict(dict)
    if not contact_ids:
        return found
    for kind, (model, spec) in CHILDREN.items():
        for row in session.exec(select(model).where(col(model.contact_id).in_(contact_ids))):
            found[row.contact_id].setdefault(kind, {})[_key(to_json(row, spec))] = row.id
    query = select(Introduction).where(col(Introduction.contact_a_id).in_(contact_ids))
    for intro in session.exec(query):
        pair = {"contact_a_id": intro.contact_a_id, "contact_b_id": intro.contact_b_id}
        found[intro.contact_a_id].setdefault("introductions", {})[
            _key({**to_json(intro, INTRODUCTION), **pair})
        ] = 0
    return found
