"""Seeing, correcting and removing logged interactions: `netcrm interaction list|edit|rm`.

A touch that completed a 24-48-7 step carries the step with it. When it is removed, or its
date moves, the step is given again: to the earliest touch with that contact dated no
earlier than the touch it was done with (or than the touch's new date, when it moved
earlier) that completes no other step, the moved touch itself included; with no such touch
the step is open again. Steps ticked off with `netcrm done` (no touch) are never moved.
Everything else (cadence, introduction follow-ups, reports) is computed from the touches
as they stand, so it follows by itself.
"""

from collections.abc import Callable
from dataclasses import dataclass, field
from datetime import datetime

from sqlmodel import Session, col, select

from netcrm.core.dates import parse_date, parse_when
from netcrm.core.domain import Channel, Step, Value, parse_choice, stored
from netcrm.core.errors import NotFoundError, UserError
from netcrm.services.queries import midnight
from netcrm.services.resolve import read_id, resolve_contact
from netcrm.store.db import by_id
from netcrm.store.models import Contact, FollowUp, Interaction


@dataclass(frozen=True)
class InteractionRow:
    """One interaction with the name of the contact it was with."""

    interaction: Interaction
    name: str


@dataclass(frozen=True)
class StepMove:
    """What happened to one 24-48-7 step: done by another touch (`by`), or open again."""

    step: Step
    by: Interaction | None


@dataclass(frozen=True)
class Corrected:
    """An interaction after `edit` or `rm`, what changed, and the steps that moved with it."""

    row: InteractionRow
    changed: list[str] = field(default_factory=list)  # the fields edit changed
    steps: list[StepMove] = field(default_factory=list)


def list_interactions(
    session: Session, ref: str | None, since: str | None, now: datetime
) -> list[InteractionRow]:
    """Every interaction (with one contact, or on or after a day), newest first."""
    query = (
        select(Interaction, col(Contact.name))
        .join(Contact, col(Contact.id) == col(Interaction.contact_id))
        .order_by(col(Interaction.occurred_at).desc(), col(Interaction.id).desc())
    )
    if ref is not None:
        query = query.where(col(Interaction.contact_id) == resolve_contact(session, ref).id)
    if since is not None:
        query = query.where(col(Interaction.occurred_at) >= midnight(parse_date(since, now)))
    return [InteractionRow(row, name) for row, name in session.execute(query)]


def find_interaction(session: Session, ref: str) -> InteractionRow:
    """The interaction `ref` (`12` or `#12`) names, with its contact's name."""
    number = read_id(ref)
    found = by_id(session, Interaction, number) if number is not None else None
    if found is None:
        raise NotFoundError(
            f"no interaction {ref.strip()!r}; see `netcrm interaction list` for ids"
        )
    contact = session.get(Contact, found.contact_id)
    assert contact is not None  # the foreign key guarantees it
    return InteractionRow(found, contact.name)


def edit_interaction(
    session: Session,
    ref: str,
    now: datetime,
    *,
    when: str | None = None,
    channel: str | None = None,
    value: str | None = None,
    summary: str | None = None,
) -> Corrected:
    """Change the given fields; `value=""` clears the value. A moved touch moves its step."""
    row = find_interaction(session, ref)
    touch = row.interaction
    before = touch.occurred_at
    changed = []
    if when is not None:
        moment = parse_when(when, now, allow_future=False)
        if (moment.at, moment.has_time) != (touch.occurred_at, touch.has_time):
            touch.occurred_at, touch.has_time = moment.at, moment.has_time
            changed.append("date")
    if channel is not None:
        chosen = parse_choice(Channel, channel, "channel").value
        if chosen != touch.channel:
            touch.channel = chosen
            changed.append("channel")
    if value is not None:
        valued = parse_choice(Value, value, "value").value if value else None
        if valued != touch.value:
            touch.value = valued
            changed.append("value")
    if summary is not None and summary.strip() != touch.summary:
        touch.summary = summary.strip()
        changed.append("summary")
    session.add(touch)
    session.flush()
    moved: list[StepMove] = []
    if "date" in changed:
        done = _steps_done_by(session, touch)
        moved = _give_again(session, touch.contact_id, done, min(before, touch.occurred_at), None)
    return Corrected(row, changed, moved)


def remove_interaction(
    session: Session, ref: str, confirm: Callable[[InteractionRow], bool]
) -> Corrected:
    """Delete an interaction once `confirm` agrees; a step it completed is given again."""
    row = find_interaction(session, ref)
    if not confirm(row):
        raise UserError(f"nothing deleted: interaction #{row.interaction.id} kept")
    touch = row.interaction
    done = _steps_done_by(session, touch)
    for step in done:  # before the delete: the foreign key would only clear the link
        step.interaction_id = None
    session.flush()
    session.delete(touch)
    session.flush()
    return Corrected(
        row, [], _give_again(session, touch.contact_id, done, touch.occurred_at, touch.id)
    )


def _steps_done_by(session: Session, touch: Interaction) -> list[FollowUp]:
    return list(
        session.exec(
            select(FollowUp)
            .where(col(FollowUp.interaction_id) == touch.id)
            .order_by(col(FollowUp.due_at), col(FollowUp.id))
        )
    )


def _give_again(
    session: Session,
    contact_id: int,
    steps: list[FollowUp],
    floor: datetime,
    removed: int | None,
) -> list[StepMove]:
    """Give each step, in due order, to the earliest free touch from `floor` on, else reopen it."""
    if not steps:
        return []
    mine = {step.id for step in steps}
    taken = {
        step.interaction_id
        for step in session.exec(select(FollowUp).where(col(FollowUp.contact_id) == contact_id))
        if step.interaction_id is not None and step.id not in mine
    }
    free = [
        touch
        for touch in session.exec(
            select(Interaction)
            .where(col(Interaction.contact_id) == contact_id, col(Interaction.occurred_at) >= floor)
            .order_by(col(Interaction.occurred_at), col(Interaction.id))
        )
        if touch.id not in taken and touch.id != removed
    ]
    moves = []
    candidates = iter(free)
    for step in steps:
        touch = next(candidates, None)
        step.done_at = touch.occurred_at if touch else None
        step.interaction_id = touch.id if touch else None
        session.add(step)
        moves.append(StepMove(stored(Step, step.step), touch))
    session.flush()
    return moves
