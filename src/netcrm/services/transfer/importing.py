"""`netcrm import`: match records from export files to contacts and write what changed, in bulk.

Matching, in order: the LinkedIn profile URL, any email address, the vCard UID, then the same
name with the same company. A match fills the contact's empty fields and reports the ones
that disagree without touching them. Fields the source is the authority on (LinkedIn's
company and position) also follow the file when the stored value is the one the previous
export wrote (remembered in `linkedin_company`/`linkedin_role`), not one the user typed; a
change from the previous export's value is career news.

Every existing contact's match keys are loaded once into dicts and new rows are inserted with
one statement per table, so a 30,000-row export costs a handful of queries, not one per row.
New contacts are planned under provisional negative ids; the database assigns the real ones
(INSERT ... RETURNING), so its id sequence stays right on PostgreSQL and no other writer's
ids are guessed.
"""

import hashlib
from collections import defaultdict
from collections.abc import Callable, Iterable, Sequence
from dataclasses import dataclass, field
from datetime import datetime
from typing import Any

from sqlalchemy import update
from sqlmodel import Session, select

from netcrm.core.dates import iso_moment
from netcrm.core.domain import Circle, parse_choice
from netcrm.core.errors import UserError
from netcrm.services.transfer import career, history
from netcrm.services.transfer.exportformat import legacy_uid, new_uid
from netcrm.services.transfer.importers import (
    SEEN,
    Record,
    Source,
    google,
    jsonfile,
    linkedin,
    vcard,
)
from netcrm.services.transfer.keys import (
    comparable,
    email_key,
    linkedin_key,
    person_key,
    same_value,
    tag_keys,
)
from netcrm.store.models import CareerChange, CircleChange, Contact, ContactTag

READERS: dict[str, Callable[[Source], list[Record]]] = {
    "linkedin": linkedin.read,
    "google": google.read,
    "vcard": vcard.read,
    "json": jsonfile.read,
}


@dataclass
class Change:
    """What an import did (or would do) for one record."""

    source: str  # FILE:LINE
    name: str
    contact_id: int | None
    action: str  # new, updated, unchanged or skipped
    set: dict[str, Any] = field(default_factory=dict)
    tags: list[str] = field(default_factory=list)
    conflicts: dict[str, dict[str, Any]] = field(default_factory=dict)
    history: dict[str, int] = field(default_factory=dict)
    career: str | None = None
    reason: str | None = None


@dataclass
class ImportReport:
    """The four counts and, for every record that was not simply unchanged, its change."""

    new: int = 0
    updated: int = 0
    unchanged: int = 0
    skipped: int = 0
    changes: list[Change] = field(default_factory=list)


@dataclass
class ImportInput:
    """Every record of every file, read and checked, with the options that apply to all."""

    records: list[Record]
    circle: str | None
    tags: list[str]


def read_files(
    kind: str, sources: Iterable[Source], *, circle: str | None = None, tags: Iterable[str] = ()
) -> ImportInput:
    """Parse and check every file and option; no database is involved.

    Run before the database is opened, so a malformed file never touches it.
    """
    reader = READERS.get(kind)
    if reader is None:
        raise UserError(f"unknown import format {kind!r}: use one of {', '.join(READERS)}")
    chosen = parse_choice(Circle, circle, "circle").value if circle else None
    records = []
    for source in sources:
        for record in reader(source):
            record.file = source.name
            records.append(record)
    return ImportInput(records, chosen, sorted(tag_keys(tags)))


def import_records(
    session: Session, given: ImportInput, now: datetime, *, dry_run: bool = False
) -> ImportReport:
    """Match every record read by `read_files` and write what changed.

    A dry run is the very same import, rolled back at the end: that is what makes its report
    exactly what a real run would do.
    """
    plan = _Plan(session, now, given.circle, given.tags)
    changes = [plan.take(record) for record in given.records]
    plan.write(changes)
    report = ImportReport()
    for change in changes:
        setattr(report, change.action, getattr(report, change.action) + 1)
        if change.action != "unchanged" or change.conflicts:
            report.changes.append(change)
    if dry_run:
        session.rollback()
    return report


class _Plan:
    """Every contact's columns and match keys in memory, and the writes an import adds up to."""

    def __init__(self, session: Session, now: datetime, circle: str | None, tags: list[str]):
        self.session, self.now, self.circle, self.option_tags = session, now, circle, tags
        self.columns = [column.name for column in Contact.__table__.columns]  # type: ignore[attr-defined]
        self.rows: dict[int, dict[str, Any]] = {
            row["id"]: dict(row)
            for row in session.execute(select(Contact.__table__)).mappings()  # type: ignore[attr-defined]
        }
        self.tags: dict[int, set[str]] = {}
        for contact_id, tag in session.execute(select(ContactTag.contact_id, ContactTag.tag)):
            self.tags.setdefault(contact_id, set()).add(tag)
        self.keys: dict[str, dict[str, int]] = {"linkedin": {}, "email": {}, "uid": {}, "name": {}}
        self.next_id = -1  # provisional ids of new contacts count down from -1
        for contact_id, row in self.rows.items():
            self._index(contact_id, row, [])
        self.new_ids: list[int] = []
        self.dirty: dict[int, dict[str, Any]] = {}
        self.new_tags: list[dict[str, Any]] = []
        self.careers: list[dict[str, Any]] = []
        self.histories: list[tuple[int, dict[str, Any], bool]] = []
        self.circle_moves: list[dict[str, Any]] = []

    def _index(self, contact_id: int, row: dict[str, Any], emails: list[str]) -> None:
        keys: dict[str, list[str | None]] = {
            "linkedin": [linkedin_key(row["linkedin"])],
            "email": [email_key(email) for email in [row["email"], *emails]],
            # New rows need no derived uid: nothing outside this import can know it yet.
            "uid": [
                row["vcard_uid"]
                if row["vcard_uid"] or contact_id < 0
                else legacy_uid(contact_id, row["created_at"])
            ],
            "name": [person_key(row["name"], row["company"])],
        }
        for kind, values in keys.items():
            for value in values:
                if value:
                    self.keys[kind].setdefault(value, contact_id)

    def _find(self, record: Record) -> int | None:
        candidates = [
            ("linkedin", linkedin_key(record.fields.get("linkedin"))),
            *(
                ("email", email_key(email))
                for email in [*record.emails, record.fields.get("email")]
            ),
            ("uid", record.fields.get("vcard_uid")),
            ("name", person_key(record.name, record.fields.get("company"))),
        ]
        for kind, value in candidates:
            if value and value in self.keys[kind]:
                found = self.keys[kind][value]
                if kind != "name" or self._same_profile(self.rows[found], record):
                    return found
        return None

    @staticmethod
    def _same_profile(row: dict[str, Any], record: Record) -> bool:
        """False when a name match is disproved: both have LinkedIn URLs, or UIDs, that differ.

        UIDs count only against a contact this import is creating: every stored contact has a
        uid (a random one when netcrm made it), so a different one proves nothing about it.
        """
        for key, same in (("linkedin", linkedin_key), ("vcard_uid", comparable)):
            if key == "vcard_uid" and row["id"] > 0:
                continue
            mine, theirs = same(row[key]), same(record.fields.get(key))
            if mine and theirs and mine != theirs:
                return False
        return True

    def take(self, record: Record) -> Change:
        """Plan one record: a new contact, changes to a matched one, or nothing."""
        source = f"{record.file}:{record.line}"
        if not record.name.strip():
            return Change(source, "", None, "skipped", reason="no name")
        contact_id = self._find(record)
        if contact_id is None:
            return self._create(record, source)
        row = self.rows[contact_id]
        change = Change(source, row["name"], contact_id, "unchanged")
        self._merge(row, record, change)
        wanted = tag_keys(record.tags) | set(self.option_tags)
        change.tags = sorted(wanted - self.tags.setdefault(contact_id, set()))
        self._add_tags(contact_id, change.tags)
        if record.history is not None:
            self.histories.append((contact_id, record.history, contact_id < 0))
        if change.set:
            row.update(change.set)  # a row created by this import is inserted as it ends up
            if contact_id > 0:
                self.dirty.setdefault(contact_id, {}).update(change.set)
            self._index(contact_id, row, record.emails)
        if change.set or change.tags:
            change.action = "updated"
        return change

    def _create(self, record: Record, source: str) -> Change:
        contact_id, self.next_id = self.next_id, self.next_id - 1
        row: dict[str, Any] = dict.fromkeys(self.columns)
        row.update(
            id=contact_id,
            name=record.name.strip(),
            circle=self.circle or Circle.OUTER.value,
            created_at=self.now,
            met_at=record.met_at,
            met_has_time=record.met_has_time,
            **record.fields,
        )
        if record.history is not None:
            saved = record.history["contact"]
            row.update({key: value for key, value in saved.items() if key != "circle"})
            row["circle"] = self.circle or saved["circle"]
            if row["circle"] != saved["circle"]:
                # --circle overrides the file: the history says so, or it would contradict it.
                self.circle_moves.append(
                    {
                        "contact_id": contact_id,
                        "changed_at": self.now,
                        "old_circle": saved["circle"],
                        "new_circle": row["circle"],
                    }
                )
            self.histories.append((contact_id, record.history, True))
        for key in record.tracked:
            row[SEEN[key]] = record.fields.get(key)
        self.rows[contact_id] = row
        self.new_ids.append(contact_id)
        self.tags[contact_id] = set()
        tags = sorted(tag_keys(record.tags) | set(self.option_tags))
        self._add_tags(contact_id, tags)
        self._index(contact_id, row, record.emails)
        given = {key: row[key] for key in record.fields if row[key] is not None}
        return Change(source, row["name"], contact_id, "new", set=given, tags=tags)

    def _add_tags(self, contact_id: int, tags: list[str]) -> None:
        self.tags[contact_id].update(tags)
        self.new_tags += [{"contact_id": contact_id, "tag": tag} for tag in tags]

    def _merge(self, row: dict[str, Any], record: Record, change: Change) -> None:
        """Fill empty fields, follow tracked ones the user did not write, report the rest."""
        for key, value in record.fields.items():
            old = row[key]
            if same_value(key, old, value):
                continue
            if (
                key == "vcard_uid"
                and old is None
                and value == legacy_uid(row["id"], row["created_at"])
            ):
                continue  # the uid an older `export` derived for this very contact
            from_source = key in record.tracked and same_value(key, old, row[SEEN[key]])
            if old in (None, "") or from_source:
                change.set[key] = value
            elif key != "vcard_uid":  # every contact has its own uid: ours stands, unreported
                change.conflicts[key] = {"kept": old, "incoming": value}
        if not same_value("name", row["name"], record.name):
            change.conflicts["name"] = {"kept": row["name"], "incoming": record.name.strip()}
        if row["met_at"] is None and record.met_at is not None:
            change.set.update(met_at=record.met_at, met_has_time=record.met_has_time)
        elif record.met_at is not None:
            # Shown the way `show` shows it: a day, or a day and time when one is known.
            kept = iso_moment(row["met_at"], row["met_has_time"])
            incoming = iso_moment(record.met_at, record.met_has_time)
            if kept != incoming:
                change.conflicts["met"] = {"kept": kept, "incoming": incoming}
        if record.tracked:
            self._track(row, record, change)

    def _track(self, row: dict[str, Any], record: Record, change: Change) -> None:
        """Remember what the source shows now; a change from what it showed before is news.

        An empty value in the file says nothing (LinkedIn leaves blanks), so it is not
        remembered. The remembered values are bookkeeping, not a change the report shows.
        """
        before = {key: row[SEEN[key]] for key in ("company", "role")}
        after = {key: record.fields.get(key) or before[key] for key in before}
        seen = {SEEN[key]: after[key] for key in record.tracked if after[key] != before[key]}
        if seen:
            row.update(seen)
            if row["id"] > 0:
                self.dirty.setdefault(row["id"], {}).update(seen)
        moved = [
            key
            for key in record.tracked
            if before[key] is not None and not same_value(key, before[key], after[key])
        ]
        if moved:
            news = {
                "old_company": before["company"],
                "new_company": after["company"],
                "old_role": before["role"],
                "new_role": after["role"],
            }
            change.career = career.describe(**news)
            self.careers.append({"contact_id": row["id"], "changed_on": self.now.date(), **news})

    def _spread(self, new_ids: list[int]) -> None:
        """Give the contacts this import adds their first-due slots, per circle.

        A json import restores contacts with their own history (and slots): not these.
        """
        by_circle: dict[str, list[int]] = defaultdict(list)
        for i in new_ids:
            by_circle[self.rows[i]["circle"]].append(i)
        for members in by_circle.values():
            slots = spread_slots([self.rows[i]["vcard_uid"] for i in members])
            for i, slot in zip(members, slots, strict=True):
                self.rows[i]["first_due_slot"] = slot

    def write(self, changes: list[Change]) -> None:
        """Everything planned, one bulk statement per table; provisional ids become real ones."""
        session = self.session
        # A contact the files gave no uid gets a random one now, after planning, so the report
        # never shows it and a later record of this import could still have filled it.
        for i in self.new_ids:
            self.rows[i]["vcard_uid"] = self.rows[i]["vcard_uid"] or new_uid()
        restored = {contact_id for contact_id, _history, new in self.histories if new}
        self._spread([i for i in self.new_ids if i not in restored])
        new_rows = [
            {key: value for key, value in self.rows[i].items() if key != "id"} for i in self.new_ids
        ]
        ids = history.insert_returning_ids(session, Contact, new_rows)
        real = dict(zip(self.new_ids, ids, strict=True))

        def fixed(rows: list[dict[str, Any]]) -> list[dict[str, Any]]:
            return [
                {**row, "contact_id": real.get(row["contact_id"], row["contact_id"])}
                for row in rows
            ]

        circles = [
            {
                "contact_id": i,
                "changed_at": self.now,
                "old_circle": None,
                "new_circle": self.rows[i]["circle"],
            }
            for i in self.new_ids
            if i not in restored  # a json import brings its own circle history
        ]
        history.bulk_insert(session, CircleChange, fixed(circles + self.circle_moves))
        if self.dirty:
            session.execute(update(Contact), [{"id": i, **cols} for i, cols in self.dirty.items()])
        history.bulk_insert(session, ContactTag, fixed(self.new_tags))
        history.bulk_insert(session, CareerChange, fixed(self.careers))
        for change in changes:
            change.contact_id = real.get(change.contact_id or 0, change.contact_id)
        if self.histories:
            histories = [(real.get(i, i), history, new) for i, history, new in self.histories]
            uids = {uid: real.get(i, i) for uid, i in self.keys["uid"].items()}
            added = history.restore_history(session, histories, uids)
            for change in changes:
                if change.contact_id in added and change.action != "new":
                    change.history = added[change.contact_id]
                    change.action = "updated"


def spread_slots(uids: Sequence[str]) -> list[float]:
    """Where in the circle's first period each of n contacts an import adds first falls due.

    Ranked by the SHA-256 of the contact's uid (stable, and unrelated to names or file order),
    the contact of rank r (from 0) gets (r + 1) / n: evenly over the period, the last one at its
    end (so one imported contact alone is due one cadence after it was added, like one added
    by hand). Migration 0004 keeps a frozen copy of this rule.
    """
    order = sorted(
        range(len(uids)), key=lambda i: (hashlib.sha256(uids[i].encode()).hexdigest(), i)
    )
    slots = [0.0] * len(uids)
    for rank, index in enumerate(order):
        slots[index] = (rank + 1) / len(uids)
    return slots
