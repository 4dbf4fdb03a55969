"""Output for promises and introductions: JSON shapes and text listings."""

from collections.abc import Sequence
from typing import TYPE_CHECKING, Any

from netcrm.render import _day, line, moment, table

if TYPE_CHECKING:
    from datetime import date

    from netcrm.services.commitments.intros import IntroSide
    from netcrm.services.commitments.promises import PromiseRow


def promise_json(row: "PromiseRow") -> dict[str, Any]:
    """One promise: `kept_on` is null while it is open; `on_time` once it is kept."""
    promise = row.promise
    kept = promise.kept_at.date() if promise.kept_at else None
    return {
        "id": promise.id,
        "contact_id": promise.contact_id,
        "name": row.name,
        "text": promise.text,
        "made": _day(promise.made_at),
        "due": promise.due_on.isoformat(),
        "kept": kept is not None,
        "kept_on": kept.isoformat() if kept else None,
        "on_time": kept <= promise.due_on if kept else None,
        "interaction_id": promise.interaction_id,
    }


def promises_table(rows: Sequence["PromiseRow"], as_of: "date") -> None:
    """`promises` as text: what, to whom, by when, and how late."""
    if not rows:
        line("No promises to show. Make one with: netcrm promise ada 'send the paper'")
        return
    table(
        ["id", "to", "promise", "due", "state"],
        [
            [
                f"#{row.promise.id}",
                f"#{row.promise.contact_id} {row.name}",
                row.promise.text,
                row.promise.due_on.isoformat(),
                f"kept {_day(row.promise.kept_at)}"
                if row.promise.kept_at
                else _open_state((as_of - row.promise.due_on).days),
            ]
            for row in rows
        ],
    )


def _open_state(late: int) -> str:
    return f"open, {late}d late" if late > 0 else "open"


def intro_party_json(side: "IntroSide") -> dict[str, Any]:
    """One side of an introduction and when it was followed up."""
    return {
        "contact_id": side.contact_id,
        "name": side.name,
        "follow_up_due": side.follow_up_due.isoformat(),
        "followed_up_on": _day(side.followed_up_on),
    }


def intro_json(a: "IntroSide", b: "IntroSide") -> dict[str, Any]:
    """One `intros --json` object."""
    return {
        "id": a.intro_id,
        "date": moment(a.made_at, a.has_time),
        "channel": a.channel,
        "note": a.note,
        "a": intro_party_json(a),
        "b": intro_party_json(b),
    }


def intros_table(pairs: Sequence[tuple["IntroSide", "IntroSide"]]) -> None:
    """`intros` as text, newest first."""
    if not pairs:
        line("No introductions yet. Make one with: netcrm intro ada grace --note 'both love Go'")
        return
    table(
        ["id", "date", "introduced", "follow-up", "note"],
        [
            [
                f"#{a.intro_id}",
                moment(a.made_at, a.has_time) or "",
                f"#{a.contact_id} {a.name} <-> #{b.contact_id} {b.name}",
                _follow_up_state(a, b),
                a.note or "",
            ]
            for a, b in pairs
        ],
    )


def _follow_up_state(*sides: "IntroSide") -> str:
    """'done' when every side had a later touch, else who is still to be asked."""
    waiting = [side.name for side in sides if side.followed_up_on is None]
    due = sides[0].follow_up_due.isoformat()
    return f"ask {', '.join(waiting)} from {due}" if waiting else "done"


def profile_intro_json(side: "IntroSide") -> dict[str, Any]:
    """One introduction on a contact's profile, seen from that contact."""
    return {
        "id": side.intro_id,
        "date": moment(side.made_at, side.has_time),
        "with_id": side.other_id,
        "with_name": side.other_name,
        "channel": side.channel,
        "note": side.note,
        "follow_up_due": side.follow_up_due.isoformat(),
        "followed_up_on": _day(side.followed_up_on),
    }


def profile_intros_text(sides: Sequence["IntroSide"]) -> None:
    """The introductions section of `show`."""
    if not sides:
        return
    line(f"Introductions ({len(sides)}):")
    for side in sides:
        when = moment(side.made_at, side.has_time) or ""
        state = (
            f"followed up {_day(side.followed_up_on)}"
            if side.followed_up_on
            else f"ask how it went from {side.follow_up_due.isoformat()}"
        )
        note = f" ({side.note})" if side.note else ""
        line(f"  {when:<16} to #{side.other_id} {side.other_name}{note}; {state}")
