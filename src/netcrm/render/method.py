"""Output for the method's frameworks: the board, the matrix, drafts and events."""

import sys
from collections.abc import Sequence
from typing import TYPE_CHECKING

from netcrm.core.dates import human_day
from netcrm.core.domain import Quadrant
from netcrm.render.output import BOLD, emit_json, line, styled_line, table
from netcrm.services.shapes import (
    board_json,
    draft_json,
    event_json,
    event_record_json,
    matrix_json,
    met_json,
    seat_change_json,
    targeted_json,
    template_json,
)

if TYPE_CHECKING:
    from netcrm.services.method.board import Board, SeatChange
    from netcrm.services.method.drafts import Draft, Listed
    from netcrm.services.method.events import EventView, MetResult, Person
    from netcrm.services.method.matrix import Matrix, Rated
    from netcrm.services.resolve import ContactRef
    from netcrm.store.models import Event


def board(made: "Board", *, as_json: bool) -> None:
    """`board`: JSON, or each seat with its holders, the habit, then the gaps."""
    if as_json:
        emit_json(board_json(made))
        return
    gaps = {gap.role: gap for gap in made.gaps}
    for seat in made.seats:
        if not seat.holders:
            gap = gaps[seat.role]
            found = "; ".join(f"#{c.contact_id} {c.name} ({c.why})" for c in gap.candidates)
            line(f"{seat.role}: empty" + (f", candidates: {found}" if found else ", no candidate"))
            continue
        line(f"{seat.role}:")
        for holder in seat.holders:
            last = human_day(holder.last_touch) or "never"
            state = "on cadence" if holder.on_cadence else "due a touch"
            line(f"  #{holder.contact_id} {holder.name}: last touch {last}, {state}")
        line(f"  next touch: {seat.habit}")


def seat_change(change: "SeatChange", *, as_json: bool) -> None:
    """`board set` / `board unset`: who now holds, or no longer holds, the seat."""
    if as_json:
        emit_json(seat_change_json(change))
        return
    verb = "now holds" if change.set else "no longer holds"
    for contact in change.contacts:
        line(f"{contact.name} {verb} the {change.role.value} seat")


def matrix(made: "Matrix", *, as_json: bool, color: str = "auto") -> None:
    """`matrix`: JSON, a 2x2 grid on a terminal, or one line per quadrant when piped; the
    quadrants' names in bold when colour is on."""
    if as_json:
        emit_json(matrix_json(made))
        return
    if sys.stdout.isatty():
        _grid(made, color)
    else:
        for quadrant, found in made.quadrants.items():
            names = ", ".join(_rated(one) for one in found) or "-"
            styled_line([(quadrant.value, BOLD), (f" ({len(found)}): {names}", "")], color)
    line(f"unrated: {made.unrated} (rate with `netcrm edit CONTACT --influence high|low`)")
    for one in made.quadrants[Quadrant.ASPIRATIONAL]:
        if one.introducers:
            who = "; ".join(f"#{i.contact_id} {i.name} ({i.why})" for i in one.introducers)
            line(f"introducers for {one.name}: {who}")


def _rated(one: "Rated") -> str:
    return f"{one.name}{' (derived)' if one.derived else ''}"


def _grid(made: "Matrix", color: str = "auto") -> None:
    """Influence rows (high, low) against accessibility columns (high, low)."""

    def cell(quadrant: Quadrant) -> str:
        # One line per cell: the table spells out a newline rather than obey it.
        found = made.quadrants[quadrant]
        return f"{quadrant.value} ({len(found)}): " + (", ".join(map(_rated, found)) or "-")

    table(
        ["influence", "accessible", "hard to reach"],
        [
            ["high", cell(Quadrant.GOLDEN), cell(Quadrant.ASPIRATIONAL)],
            ["low", cell(Quadrant.PEER), cell(Quadrant.AVOID)],
        ],
        title="network effect matrix",
        color=color,
    )


def draft(made: "Draft", *, as_json: bool) -> None:
    """`draft`: the message as plain text (stored text made visible, never obeyed), and on
    stderr the touch `--log` recorded, so a pipe gets only the message; or all as JSON."""
    if as_json:
        emit_json(draft_json(made))
        return
    for text in made.text.splitlines():
        line(text)
    if made.logged is not None:
        from netcrm.render.output import warn

        contact = made.logged.contact
        warn(f"logged outreach with #{contact.id} {contact.name}: draft: {made.template}")


def templates(listed: Sequence["Listed"], *, as_json: bool) -> None:
    """`draft --list`: each template, where it comes from, its placeholders."""
    found = [template_json(one) for one in listed]
    if as_json:
        emit_json(found)
        return
    for one in found:
        line(f"{one['name']}: {one['about'] or one['source']}")
        line(f"  placeholders: {', '.join(one['placeholders']) or '-'}")


def event_added(event: "Event", *, as_json: bool) -> None:
    """`event add`."""
    if as_json:
        emit_json(event_record_json(event))
        return
    where = f" at {event.place}" if event.place else ""
    line(f"event #{event.id} {event.name} on {human_day(event.on_day)}{where}, goal {event.goal}")


def targeted(event: "Event", added: Sequence["ContactRef"], *, as_json: bool) -> None:
    """`event target`."""
    if as_json:
        emit_json(targeted_json(event, added))
        return
    if added:
        line(f"targets for {event.name}: {_names(added)}")
    else:
        line(f"nothing new: every one is already a target for {event.name}")


def _names(contacts: Sequence["ContactRef"]) -> str:
    return ", ".join(contact.name for contact in contacts)


def met(result: "MetResult", *, as_json: bool) -> None:
    """`event met`: who was added, who was linked, and that their 24-48-7 steps started."""
    if as_json:
        emit_json(met_json(result))
        return
    if result.added:
        line(f"added: {_names(result.added)}")
    if result.linked:
        line(f"linked: {_names(result.linked)}")
    line(f"met at {result.event.name} ({human_day(result.event.on_day)}); 24-48-7 started for each")


def event(view: "EventView", *, as_json: bool) -> None:
    """`event show`: JSON or text."""
    if as_json:
        emit_json(event_json(view))
        return
    _event_text(view)


def _event_text(view: "EventView") -> None:
    e = view.event
    where = f" at {e.place}" if e.place else ""
    line(f"#{e.id} {e.name} on {human_day(e.on_day)}{where}")
    line(f"met {len(view.met)} of a goal of {e.goal}")
    for person in view.targets:
        line(f"  target {person.name}: {'met' if person.met else 'not met'}")
    for person in view.met:
        line(f"  met {person.name}: {_steps(person) or 'no 24-48-7 steps'}")


def _steps(person: "Person") -> str:
    words = {"on_time": "on time", "late": "late", "open": "open"}
    return ", ".join(f"{step.step.value} {words[step.status]}" for step in person.steps)


def events(found: Sequence["EventView"], *, as_json: bool) -> None:
    """`events`: JSON, or one line each."""
    if as_json:
        emit_json([event_json(view) for view in found])
        return
    if not found:
        line("No events. Add one: netcrm event add NAME --on WHEN")
        return
    table(
        ["id", "day", "event", "where", "met", "targets"],
        [
            [
                f"#{v.event.id}",
                human_day(v.event.on_day),
                v.event.name,
                v.event.place or "",
                f"{len(v.met)}/{v.event.goal}",
                str(len(v.targets)),
            ]
            for v in found
        ],
    )
