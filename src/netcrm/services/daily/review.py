"""`netcrm review`: the due list one item at a time, with what you need to act on it.

Reading only: each action the walk offers is an existing use case (`log_interaction`,
`mark_step_done`, `keep_promise`, `snooze`, `set_archived`), run by the command in a
transaction of its own, so no rule exists twice.
"""

from dataclasses import dataclass
from datetime import date

from sqlmodel import Session

from netcrm.core.config import Config
from netcrm.core.domain import Channel, Value
from netcrm.core.errors import UserError
from netcrm.core.scheduler import DueItem
from netcrm.services.contacts.views import Profile, profile_of
from netcrm.services.daily.due import due
from netcrm.services.resolve import resolve_contact
from netcrm.store import lean

ItemKey = tuple[int, str, str, str | tuple[str, ...]]


@dataclass(frozen=True)
class Card:
    """One due item and the profile of the contact it is for."""

    item: DueItem
    profile: Profile

    @property
    def key(self) -> ItemKey:
        """What names the item across re-readings of the due list."""
        return item_key(self.item)


def item_key(item: DueItem) -> ItemKey:
    """The item's identity: contact, kind, step and the record behind it."""
    return (item.contact_id, item.kind.value, item.step.value if item.step else "", item.ref)


def next_card(
    session: Session,
    as_of: date,
    config: Config,
    *,
    seen: set[ItemKey],
    circle: str | None = None,
) -> Card | None:
    """The most urgent item due on as-of that the walk has not shown yet, with its profile.

    The due list is read afresh each time, so an item an earlier action settled (a touch
    logged, a contact archived or snoozed) is not offered again.
    """
    report = due(lean.reader_of(session), as_of, config, circle=circle)
    item = next((item for item in report.items if item_key(item) not in seen), None)
    if item is None:
        return None
    contact = resolve_contact(session, f"#{item.contact_id}")
    return Card(item, profile_of(session, contact, as_of, config))


@dataclass(frozen=True)
class LogLine:
    """A touch typed on one line: `yesterday: coffee about compilers @coffee +give`."""

    summary: str
    channel: str | None
    value: str | None


def parse_log_line(text: str) -> LogLine:
    """Split a one-line touch into its summary, `@channel` and `+value`.

    A word `@NAME` names the channel and `+NAME` the 70-20-10 value, where NAME is one of
    theirs; any other word (an email address, "+1") stays in the summary. The summary keeps
    a leading date (`yesterday: ...`), which `log_interaction` reads.
    """
    channels = {channel.value for channel in Channel}
    values = {value.value for value in Value}
    channel = value = None
    words = []
    for word in text.split():
        name = word[1:].lower()
        if word.startswith("@") and name in channels:
            if channel is not None and channel != name:
                raise UserError("a touch has one channel: give one @channel")
            channel = name
        elif word.startswith("+") and name in values:
            if value is not None and value != name:
                raise UserError("a touch has one value: give one of +give, +share or +ask")
            value = name
        else:
            words.append(word)
    return LogLine(" ".join(words), channel, value)
