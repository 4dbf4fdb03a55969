"""Logging touches and ticking off 24-48-7 steps."""

from dataclasses import dataclass
from datetime import datetime

from sqlmodel import Session, select

from netcrm.core.dates import When, parse_when, refuse_future, split_date_prefix
from netcrm.core.domain import Channel, Step, Value, parse_choice, stored
from netcrm.core.errors import UserError
from netcrm.services.commitments.promises import make_promise
from netcrm.services.resolve import resolve_contact
from netcrm.store.models import Contact, FollowUp, Interaction, Promise


@dataclass(frozen=True)
class Logged:
    """What `log` stored, and the 24-48-7 step it completed, if any."""

    contact: Contact
    interaction: Interaction
    completed: Step | None
    promise: Promise | None = None


def log_interaction(
    session: Session,
    ref: str,
    summary: str,
    now: datetime,
    *,
    when: str | None = None,
    channel: str | None = None,
    values: list[str] | None = None,
    step: str | None = None,
    promise: str | None = None,
    promise_by: str | None = None,
) -> Logged:
    """Record a touch; it completes the named (else the earliest) open 24-48-7 step.

    Without `when`, a summary that starts with a date and a colon ("yesterday: coffee")
    takes its date from there; otherwise the touch happened `now`. Future dates are refused.
    A `promise` made during the touch is recorded with it, dated from the touch.
    """
    if promise_by is not None and promise is None:
        raise UserError("--by needs --promise TEXT: it is the promise's due day")
    contact = resolve_contact(session, ref)
    moment: When | None = parse_when(when, now, allow_future=False) if when else None
    if moment is None:
        moment, summary = split_date_prefix(summary, now)
        if moment is not None:
            refuse_future(moment, now)
    moment = moment or When(now, True)
    value = _one_value(values or [])
    named_step = parse_choice(Step, step, "step") if step else None
    assert contact.id is not None
    interaction = Interaction(
        contact_id=contact.id,
        occurred_at=moment.at,
        has_time=moment.has_time,
        channel=parse_choice(Channel, channel, "channel").value if channel else Channel.OTHER.value,
        value=value.value if value else None,
        summary=summary.strip(),
    )
    session.add(interaction)
    session.flush()
    completed = _complete_step(
        session, contact, named_step, interaction.occurred_at, interaction.id
    )
    made = None
    if promise is not None:
        made = make_promise(
            session,
            contact,
            promise,
            now,
            by=promise_by,
            made_at=interaction.occurred_at,
            interaction_id=interaction.id,
        )
    return Logged(contact, interaction, completed, made)


def _one_value(values: list[str]) -> Value | None:
    """The interaction's 70-20-10 value; --give, --share, --ask and --value agree or fail."""
    chosen = {parse_choice(Value, text, "value") for text in values}
    if len(chosen) > 1:
        raise UserError("an interaction has one value: give, share or ask, not several")
    return chosen.pop() if chosen else None


def mark_step_done(
    session: Session, ref: str, step: str | None, now: datetime
) -> tuple[Contact, Step]:
    """Tick off a 24-48-7 step without logging an interaction (default: the earliest open)."""
    contact = resolve_contact(session, ref)
    named = parse_choice(Step, step, "step") if step else None
    done = _complete_step(session, contact, named, now, None)
    if done is None:
        raise UserError(f"{contact.name} has no open 24-48-7 steps")
    return contact, done


def _complete_step(
    session: Session,
    contact: Contact,
    named: Step | None,
    at: datetime,
    interaction_id: int | None,
) -> Step | None:
    """Mark the named step, else the earliest open one, done; None when none is open."""
    open_steps = session.exec(
        select(FollowUp)
        .where(FollowUp.contact_id == contact.id, FollowUp.done_at.is_(None))  # type: ignore[union-attr]
        .order_by(FollowUp.due_at, FollowUp.id)  # type: ignore[arg-type]
    ).all()
    if not open_steps:
        if named is not None:
            raise UserError(f"{contact.name} has no open 24-48-7 steps to mark {named.value}")
        return None
    chosen = next((row for row in open_steps if named is None or row.step == named.value), None)
    if chosen is None:
        remaining = ", ".join(row.step for row in open_steps)
        raise UserError(f"step {named} is not open for {contact.name}; open: {remaining}")
    chosen.done_at = at
    chosen.interaction_id = interaction_id
    session.add(chosen)
    return stored(Step, chosen.step)
