"""The stored tables, as SQLModel classes.

Times are naive local wall-clock times: a personal CRM records "coffee at 09:00" the way the
user lived it. A moment known only by its day is stored at midnight with `*_has_time` False,
so output can show it as a date. Deleting a contact cascades to everything attached to it
(foreign keys are enforced on every connection, see db.py).

The schema itself is created and changed only by the Alembic revisions in migrations/.
"""

from datetime import date
from typing import Any

from pydantic import NaiveDatetime
from sqlalchemy import JSON, Column, Dialect, Index, TypeDecorator, UniqueConstraint, event
from sqlalchemy.types import TypeEngine
from sqlmodel import Field, SQLModel

from netcrm.core.text import name_key

CONTACT_FK = "contact.id"


class RowImage(TypeDecorator[Any]):
    """A row as JSON in the undo history: JSON text on SQLite, jsonb on PostgreSQL.

    The PostgreSQL type is looked up only when a server is used: importing that dialect at
    start-up would slow every command on SQLite.
    """

    impl = JSON
    cache_ok = True

    def load_dialect_impl(self, dialect: Dialect) -> TypeEngine[Any]:
        if dialect.name == "postgresql":
            from sqlalchemy.dialects.postgresql import JSONB

            return dialect.type_descriptor(JSONB())
        return dialect.type_descriptor(JSON())


class Contact(SQLModel, table=True):
    """A person in the user's network, with what the method asks to remember about them."""

    id: int | None = Field(default=None, primary_key=True)
    name: str = Field(index=True)
    # The name folded as CONTACT arguments match it (core.text.name_key), indexed; set on
    # every insert and update of a name (`_keep_name_key` below, and bulk imports).
    name_key: str | None = Field(default=None, index=True)
    circle: str = Field(default="outer")
    company: str | None = None
    role: str | None = None
    # The preferred email and phone and the preferred LinkedIn link, derived from
    # contact_detail by store/details.py (kept as columns so `list`, `dupes` and exports read
    # them without a join); nothing else writes them.
    email: str | None = None
    phone: str | None = None
    linkedin: str | None = None
    location: str | None = None
    timezone: str | None = None
    how_met: str | None = None
    met_at: NaiveDatetime | None = None
    met_has_time: bool = False
    met_event: str | None = None
    family: str | None = None
    hobbies: str | None = None
    interests: str | None = None
    can_help: str | None = None
    they_help: str | None = None
    notes: str | None = None
    # "YYYY-MM-DD", or "--MM-DD" when the year is unknown (the vCard convention).
    birthday: str | None = None
    # A cadence such as "2w" or "3m" that overrides the circle's.
    cadence: str | None = None
    vcard_uid: str | None = Field(default=None, index=True)
    # The company and position the last LinkedIn export showed (import bookkeeping): a stored
    # value equal to these came from LinkedIn and may follow the next export.
    linkedin_company: str | None = None
    linkedin_role: str | None = None
    created_at: NaiveDatetime
    archived_at: NaiveDatetime | None = None
    snoozed_until: date | None = None
    # When the current snooze was set: a report `--as-of` an earlier day does not see it.
    snoozed_at: NaiveDatetime | None = None
    # Only for contacts an import added: where in their circle's first period (a fraction in
    # (0, 1]) their first touch falls, so a big import is spread over that period instead of
    # falling due on one day (scheduler.import_slot_day).
    first_due_slot: float | None = None
    # The network effect matrix: "high" or "low", set by hand. Accessibility left unset is
    # derived from how the contact answers outreach (services/method/outreach.py).
    influence: str | None = None
    accessibility: str | None = None


@event.listens_for(Contact, "before_insert")
@event.listens_for(Contact, "before_update")
def _keep_name_key(_mapper: Any, _connection: Any, contact: Contact) -> None:
    """Every contact written through the ORM (add, edit, merge) carries its folded name."""
    contact.name_key = name_key(contact.name)


class ContactDetail(SQLModel, table=True):
    """One email, phone, link or postal address of a contact: any number per kind.

    `kind` is email, phone, url or address; `label` says which one (work, home, mobile,
    linkedin, github... or free text); one per kind is `preferred`. An address keeps its parts
    (`street`...`country`) and, in `value`, the one-line text they make, which is what matching
    and display use. This table is the only place a contact's emails, phones and links live:
    the contact's `email`, `phone` and `linkedin` columns are derived from it by
    store/details.py and never written anywhere else.
    """

    __tablename__ = "contact_detail"
    __table_args__ = (Index("ix_contact_detail_contact_kind", "contact_id", "kind"),)

    id: int | None = Field(default=None, primary_key=True)
    contact_id: int = Field(foreign_key=CONTACT_FK, ondelete="CASCADE")
    kind: str
    value: str
    label: str | None = None
    preferred: bool = False
    position: int = 0  # the order they were given in, after the preferred one
    street: str | None = None
    city: str | None = None
    region: str | None = None
    postcode: str | None = None
    country: str | None = None


class ContactTag(SQLModel, table=True):
    """One tag on one contact; a contact has any number."""

    __tablename__ = "contact_tag"

    contact_id: int = Field(foreign_key=CONTACT_FK, primary_key=True, ondelete="CASCADE")
    tag: str = Field(primary_key=True, index=True)


class Interaction(SQLModel, table=True):
    """A touch: a meeting, call or message, with its 70-20-10 value."""

    # "Latest touch per contact" is the hot query behind `due`; this index answers it, and
    # with `value` it covers the askers report (asks and gives per contact) on its own.
    __table_args__ = (
        Index("ix_interaction_contact_occurred_value", "contact_id", "occurred_at", "value"),
    )

    id: int | None = Field(default=None, primary_key=True)
    contact_id: int = Field(foreign_key=CONTACT_FK, ondelete="CASCADE")
    occurred_at: NaiveDatetime
    has_time: bool = False
    channel: str = "other"
    value: str | None = None
    summary: str = ""
    # A touch the user started (`log --outreach`): a later touch within the reply window
    # answers it.
    outreach: bool = False
    # The reciprocity stack: what a give or share touch gave (information, connection...).
    give_type: str | None = None


class FollowUp(SQLModel, table=True):
    """One step of the 24-48-7 rule for one contact."""

    __tablename__ = "follow_up"
    __table_args__ = (Index("ix_follow_up_contact_done", "contact_id", "done_at"),)

    id: int | None = Field(default=None, primary_key=True)
    contact_id: int = Field(foreign_key=CONTACT_FK, ondelete="CASCADE")
    step: str
    due_at: NaiveDatetime
    done_at: NaiveDatetime | None = None
    interaction_id: int | None = Field(
        default=None, foreign_key="interaction.id", ondelete="SET NULL"
    )


class Promise(SQLModel, table=True):
    """Something the user said they would do for a contact, and by when."""

    __table_args__ = (Index("ix_promise_contact_kept", "contact_id", "kept_at"),)

    id: int | None = Field(default=None, primary_key=True)
    contact_id: int = Field(foreign_key=CONTACT_FK, ondelete="CASCADE")
    text: str
    made_at: NaiveDatetime
    due_on: date
    kept_at: NaiveDatetime | None = None
    interaction_id: int | None = Field(
        default=None, foreign_key="interaction.id", ondelete="SET NULL"
    )


class Introduction(SQLModel, table=True):
    """The user introduced two contacts to each other."""

    id: int | None = Field(default=None, primary_key=True)
    contact_a_id: int = Field(foreign_key=CONTACT_FK, ondelete="CASCADE", index=True)
    contact_b_id: int = Field(foreign_key=CONTACT_FK, ondelete="CASCADE", index=True)
    made_at: NaiveDatetime
    has_time: bool = False
    channel: str = "other"
    note: str | None = None


class CircleChange(SQLModel, table=True):
    """A contact moved between circles (or got its first circle, old_circle None)."""

    __tablename__ = "circle_change"

    id: int | None = Field(default=None, primary_key=True)
    contact_id: int = Field(foreign_key=CONTACT_FK, ondelete="CASCADE", index=True)
    changed_at: NaiveDatetime
    old_circle: str | None = None
    new_circle: str


class CareerChange(SQLModel, table=True):
    """Career news seen in an import: a new company or position, worth a congratulation."""

    __tablename__ = "career_change"

    id: int | None = Field(default=None, primary_key=True)
    contact_id: int = Field(foreign_key=CONTACT_FK, ondelete="CASCADE", index=True)
    changed_on: date
    old_company: str | None = None
    new_company: str | None = None
    old_role: str | None = None
    new_role: str | None = None


class Reminder(SQLModel, table=True):
    """A day to act for a contact: once (`reminder`), or every year (`anniversary`)."""

    __table_args__ = (Index("ix_reminder_contact_done", "contact_id", "done_at"),)

    id: int | None = Field(default=None, primary_key=True)
    contact_id: int = Field(foreign_key=CONTACT_FK, ondelete="CASCADE")
    text: str
    # The day, for a yearly reminder the first one (its year may be an anniversary's origin).
    on_day: date
    yearly: bool = False
    created_at: NaiveDatetime  # when it was set: `--as-of` an earlier day does not see it
    done_at: NaiveDatetime | None = None  # `reminders --done`: no more reminding


class BoardSeat(SQLModel, table=True):
    """A contact holds a seat (sponsor, mentor...) on the user's personal board."""

    __tablename__ = "board_seat"

    role: str = Field(primary_key=True)
    contact_id: int = Field(foreign_key=CONTACT_FK, primary_key=True, ondelete="CASCADE")
    set_at: NaiveDatetime  # a report `--as-of` an earlier day does not see the seat


class Event(SQLModel, table=True):
    """An event the user means to go to (or went to), with how many people to meet."""

    id: int | None = Field(default=None, primary_key=True)
    name: str = Field(index=True)
    on_day: date
    place: str | None = None
    goal: int = 3
    created_at: NaiveDatetime


class EventTarget(SQLModel, table=True):
    """Someone the user wants to see at an event."""

    __tablename__ = "event_target"

    event_id: int = Field(foreign_key="event.id", primary_key=True, ondelete="CASCADE")
    contact_id: int = Field(foreign_key=CONTACT_FK, primary_key=True, ondelete="CASCADE")
    set_at: NaiveDatetime


class EventMet(SQLModel, table=True):
    """Someone the user met at an event (`event met`)."""

    __tablename__ = "event_met"

    event_id: int = Field(foreign_key="event.id", primary_key=True, ondelete="CASCADE")
    contact_id: int = Field(foreign_key=CONTACT_FK, primary_key=True, ondelete="CASCADE")
    set_at: NaiveDatetime


class SyncState(SQLModel, table=True):
    """One vCard file of a vdir as `sync vdir` last left it, and the contact it belongs to.

    `vdir` is the folder's resolved path (several address books may sync with one database),
    `file_name` the file's name in it, `etag` the SHA-256 of its bytes as last read or
    written. `synced` holds, as JSON, each field's value as both sides agreed on it at the
    last sync (netcrm's form), `card` the same fields as the file showed them (the file's
    form: a card may spell a value differently from what netcrm stores); the three-way
    merge compares each side with its own. `contact_id` becomes NULL when the contact is
    removed (rm, forget, merge): the file is then known to be one netcrm no longer has.
    """

    __tablename__ = "sync_state"
    __table_args__ = (UniqueConstraint("vdir", "file_name", name="uq_sync_state_vdir_file"),)

    id: int | None = Field(default=None, primary_key=True)
    vdir: str
    file_name: str
    contact_id: int | None = Field(
        default=None, foreign_key=CONTACT_FK, ondelete="SET NULL", index=True
    )
    uid: str | None = None
    etag: str
    synced: str = "{}"
    card: str = "{}"
    synced_at: NaiveDatetime


# ---- the undo history (store/undo.py keeps it; triggers on every table above fill it) --------


class UndoWrite(SQLModel, table=True):
    """One command that changed the database: what `netcrm undo` can take back.

    `revision` is the schema it was recorded under: rows recorded under another schema are
    never written back. `revertible` is False for a marker that cannot be undone (a restore).
    """

    __tablename__ = "undo_write"
    # Ids are never reused (AUTOINCREMENT on SQLite), so `undo ID` always means one write.
    __table_args__ = {"sqlite_autoincrement": True}

    id: int | None = Field(default=None, primary_key=True)
    at: NaiveDatetime
    command: str
    summary: str = ""
    revision: str
    revertible: bool = True


class UndoChange(SQLModel, table=True):
    """One row one write inserted, changed or deleted, as it was before and after.

    `op` is I, U or D; `old` is the row before (null for an insert), `new` after (null for a
    delete); `contact_id` the contact the row is about, for summaries and `forget`. Written
    only by the capture triggers.
    """

    __tablename__ = "undo_change"
    __table_args__ = (Index("ix_undo_change_write", "write_id", "id"),)

    id: int | None = Field(default=None, primary_key=True)
    write_id: int = Field(foreign_key="undo_write.id", ondelete="CASCADE")
    table_name: str
    op: str
    contact_id: int | None = None
    old: dict[str, Any] | None = Field(default=None, sa_column=Column(RowImage()))
    new: dict[str, Any] | None = Field(default=None, sa_column=Column(RowImage()))


class UndoOpen(SQLModel, table=True):
    """The write in progress: one row inside a recorded command's transaction, else none.

    The capture triggers read it; it is emptied before every commit, so outside a command
    (migrations, `undo` itself, `forget`) nothing is captured.
    """

    __tablename__ = "undo_open"

    write_id: int = Field(primary_key=True, sa_column_kwargs={"autoincrement": False})
