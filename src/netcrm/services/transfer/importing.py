"""`netcrm import`: match records from export files to contacts and write what changed, in bulk.

Matching, in order: the LinkedIn profile URL, any email address, the vCard UID, then the same
name with the same company. A match fills the contact's empty fields and reports the ones
that disagree without touching them. Fields the source is the authority on (LinkedIn's
company and position) also follow the file when the stored value is the one the previous
export wrote (remembered in `linkedin_company`/`linkedin_role`), not one the user typed; a
change from the previous export's value is career news.

Every record is checked on the way in with the commands' own rules (core/values.py); a bad
one refuses the whole import, which runs in one transaction, so nothing is written.

Every existing contact's match keys are loaded once into a dict and new rows are inserted with
one statement per table and batch, so a 30,000-row export costs a handful of queries, not one
per row. Records are read and planned one at a time and written every `BATCH` records.
What stays in memory for a contact this import created is its match keys (`KeyIndex`: text,
or 16-byte digests once there are many), its emails, phones and links (they tell namesakes
apart) and its first-due digest; its row only while it is among the last `CACHE` matched or
written (an older one is read back from the database when a record matches it). The
report's changes wait in a temporary file (`ChangeLog`). So a million-row export needs
memory for the existing contacts, those keys and one batch, not for the whole file. New
contacts are planned under provisional negative ids; the database assigns the real ones
(INSERT ... RETURNING), so its id sequence stays right on PostgreSQL and no other writer's
ids are guessed.
"""

import hashlib
from array import array
from collections import OrderedDict, defaultdict
from collections.abc import Iterable
from datetime import datetime
from typing import Any

from sqlalchemy import delete
from sqlmodel import Session, col, select

from netcrm.core.dates import iso_moment
from netcrm.core.details import Entry, ordered
from netcrm.core.domain import Circle
from netcrm.core.values import tag_keys
from netcrm.services import entries
from netcrm.services.entries import entry_key
from netcrm.services.transfer import career, history
from netcrm.services.transfer.exportformat import legacy_uid, new_uid
from netcrm.services.transfer.importers import SEEN, Record
from netcrm.services.transfer.keyindex import KeyIndex
from netcrm.services.transfer.keys import (
    comparable,
    entry_keys,
    linkedin_key,
    name_key,
    person_key,
    same_value,
)
from netcrm.services.transfer.reading import ImportInput, records
from netcrm.services.transfer.report import Change, ChangeLog, ImportReport
from netcrm.store import bulk, details
from netcrm.store.models import CareerChange, CircleChange, Contact, ContactDetail, ContactTag

# Records planned before their writes are made and their rows leave memory. One batch's rows,
# changes and statement parameters sit on top of what the import keeps, so this sets its
# peak; smaller batches mean more statements (docs/performance.md, issue 11, has the sweep).
BATCH = 2000
# Contacts this import wrote kept in memory (its row and tags: 1-2 KB), for records
# that match them again; an older one is read back from the database (two queries).
CACHE = 2000


def import_records(
    session: Session,
    given: ImportInput,
    now: datetime,
    *,
    dry_run: bool = False,
    every_change: bool = True,
    matches: dict[str, tuple[int, str]] | None = None,
) -> ImportReport:
    """Read, match and write every record; a bad one raises and the caller rolls back.

    A dry run is the very same import, rolled back at the end: that is what makes its report
    exactly what a real run would do. Without `every_change` the report's change log keeps
    only the notable changes (what text output prints), which costs nothing per record.
    `matches`, when given, receives every record's `FILE:LINE` with the contact it became or
    matched and the action (`sync vdir` links each file to its contact this way).
    """
    report = ImportReport(changes=ChangeLog(spool=every_change))
    plan = _Plan(session, now, given.circle, given.tags, report)
    plan.matches = matches
    for record in records(given):
        plan.take(record)
    plan.finish()
    if dry_run:
        session.rollback()
    return report


class _Plan:
    """Every contact's columns and match keys in memory, and the writes an import adds up to."""

    def __init__(
        self,
        session: Session,
        now: datetime,
        circle: str | None,
        tags: list[str],
        report: ImportReport,
    ) -> None:
        self.session, self.now, self.circle, self.option_tags = session, now, circle, tags
        self.report = report
        table = Contact.__table__  # type: ignore[attr-defined]
        self.columns = [column.name for column in table.columns]
        self.rows: dict[int, dict[str, Any]] = {
            row["id"]: dict(row) for row in session.execute(select(table)).mappings()
        }
        # Ids above this were given to contacts this import created (a concurrent writer's
        # rows are not in `rows` or the index, so they never meet this number).
        self.last_existing = max(self.rows, default=0)
        self.tags: dict[int, set[str]] = {}
        for contact_id, tag in session.execute(select(ContactTag.contact_id, ContactTag.tag)):
            self.tags.setdefault(contact_id, set()).add(tag)
        self.index = KeyIndex()
        # Every contact's emails, phones, links and addresses; and, per name (with company),
        # every contact that has it: namesakes are told apart by their details.
        self.entries: dict[int, list[Entry]] = details.load_all(session)
        self.names: defaultdict[str, list[int]] = defaultdict(list)
        self.touched: dict[int, list[Entry]] = {}  # contacts whose entries this batch changes
        self.next_id = -1  # provisional ids of new contacts count down from -1
        for contact_id, row in self.rows.items():
            self._index(contact_id, row)
        # Contacts this import wrote in an earlier batch, the most recently used last.
        self.written: OrderedDict[int, dict[str, Any]] = OrderedDict()
        self.batch: list[Change] = []
        # Per circle, the contacts this import added (not restored from a json export): their
        # slot digests (b"" until a contact the files gave no uid gets one, at the end) and
        # real ids, so their first due days can be spread once all are in.
        self.to_spread: defaultdict[str, tuple[list[bytes], array[int]]] = defaultdict(
            lambda: ([], array("q"))
        )
        self.new_ids: list[int] = []
        self.dirty: dict[int, dict[str, Any]] = {}
        self.new_tags: list[dict[str, Any]] = []
        self.careers: list[dict[str, Any]] = []
        self.histories: list[tuple[int, dict[str, Any], bool]] = []
        self.circle_moves: list[dict[str, Any]] = []
        self.matches: dict[str, tuple[int, str]] | None = None

    def _ours(self, contact_id: int) -> bool:
        """True for a contact this import is creating or created."""
        return contact_id < 0 or contact_id > self.last_existing

    def _index(self, contact_id: int, row: dict[str, Any]) -> None:
        # New rows need no derived uid: nothing outside this import can know it yet.
        uid = (
            row["vcard_uid"]
            if row["vcard_uid"] or self._ours(contact_id)
            else legacy_uid(contact_id, row["created_at"])
        )
        keys = [*entry_keys(self.entries.get(contact_id, [])), ("uid", uid)]
        self.index.add(contact_id, [(kind, value) for kind, value in keys if value])
        name = person_key(row["name"], row["company"])
        if name and contact_id not in self.names[name]:
            self.names[name].append(contact_id)

    def _row(self, contact_id: int) -> dict[str, Any]:
        """A matched contact's columns: in memory, or read back once this import wrote it."""
        row = self.rows.get(contact_id)
        if row is not None:
            return row
        row = self.written.get(contact_id)
        if row is not None:
            self.written.move_to_end(contact_id)  # kept longest: the ones matched again
        else:
            table = Contact.__table__  # type: ignore[attr-defined]
            found = self.session.execute(select(table).where(table.c.id == contact_id))
            row = dict(found.mappings().one())
            tags = select(ContactTag.tag).where(ContactTag.contact_id == contact_id)
            self.tags[contact_id] = set(self.session.exec(tags))
            self.written[contact_id] = row
        return row

    def _column(self, contact_id: int, name: str) -> Any:
        """One column of a contact, for a check: from memory, or else read without keeping it.

        Only the contact a record turns out to be is kept (`_row`): checks that rule
        candidates out (many namesakes of a common name) would otherwise fill the cache
        with rows nobody changes until the batch ends, and it is bounded only then (after
        the batch's writes, so a row read back is never older than a change still pending).
        """
        row = self.rows.get(contact_id)
        if row is None:
            row = self.written.get(contact_id)
        if row is not None:
            return row[name]
        table = Contact.__table__  # type: ignore[attr-defined]
        return self.session.execute(
            select(table.c[name]).where(table.c.id == contact_id)
        ).scalar_one()

    def uid_id(self, uid: str) -> int:
        """The contact a uid names (json introductions name contacts by uid)."""
        found = self.index.get("uid", uid)
        assert found is not None  # jsonfile.read checked that every uid named is in the file
        return found

    @staticmethod
    def _keys(record: Record) -> list[tuple[str, str]]:
        """A record's match keys, in the order they are tried, as (kind, key).

        A record that becomes a new contact is indexed under these very keys: they are the
        keys `_index` would derive from its entries and row.
        """
        keys = [*entry_keys(record.entries), ("uid", record.fields.get("vcard_uid"))]
        return [(kind, value) for kind, value in keys if value]

    def _find(self, record: Record, keys: list[tuple[str, str]]) -> int | None:
        """The contact the record is, by its LinkedIn link, any email or phone, its uid, or
        else its name and company; None for someone new (see usage.md, "matching")."""
        for kind, value in keys:
            found = self.index.get(kind, value)
            if found is not None and self._same_profile(found, record, by_name=False):
                if kind in ("email", "phone") and self._shared_in_file(found, record):
                    self.index.add(0, [(kind, value)])  # shared from now on: matches nobody
                    continue
                return found
        name = person_key(record.name, record.fields.get("company"))
        for found in self.names.get(name, []) if name else []:
            if self._same_profile(found, record, by_name=True):
                return found
        return None

    def _shared_in_file(self, contact_id: int, record: Record) -> bool:
        """True when an email or phone leads to a contact another record of this import made
        under another name: a value several records of one file share (an office's address)
        says nothing about who is who."""
        if not self._ours(contact_id):
            return False
        return name_key(self._column(contact_id, "name")) != name_key(record.name)

    def _same_profile(self, contact_id: int, record: Record, *, by_name: bool) -> bool:
        """False when a match is disproved.

        A LinkedIn link or a vCard UID that differs means two people: UIDs count only
        against a contact this import is creating (every stored contact has a uid, a random
        one when netcrm made it, so a different one proves nothing about it). A name alone
        is also disproved when both have emails, or both have phones, and none is shared.
        """
        mine, theirs = self.entries.get(contact_id, []), record.entries
        links = [
            {linkedin_key(e.value) for e in side if e.kind == "url"} - {None}
            for side in (mine, theirs)
        ]
        if links[0] and links[1] and not links[0] & links[1]:
            return False
        incoming = comparable(record.fields.get("vcard_uid"))
        # The stored uid only when there is one to compare it with: for a contact this import
        # wrote, reading it is a query, and a common name has many namesakes to rule out.
        if incoming and self._ours(contact_id):
            uid = comparable(self._column(contact_id, "vcard_uid"))
            if uid and uid != incoming:
                return False
        if by_name:
            for kind in ("email", "phone"):
                held = {entry_key(e) for e in mine if e.kind == kind}
                given = {entry_key(e) for e in theirs if e.kind == kind}
                if held and given and not held & given:
                    return False
        return True

    def take(self, record: Record) -> None:
        """Plan one record: a new contact, changes to a matched one, or nothing."""
        self.batch.append(self._take(record))
        # A json import's histories name contacts across the whole file: one batch for it.
        if len(self.batch) >= BATCH and not self.histories:
            self._write()
            self._report()

    def _take(self, record: Record) -> Change:
        source = f"{record.file}:{record.line}"
        if record.skip is not None:
            return Change(source, "", None, "skipped", reason=record.skip)
        if not record.name.strip():
            return Change(source, "", None, "skipped", reason="no name")
        keys = self._keys(record)
        contact_id = self._find(record, keys)
        if contact_id is None:
            return self._create(record, source, keys)
        row = self._row(contact_id)
        change = Change(source, row["name"], contact_id, "unchanged")
        self._merge(row, record, change)
        self._add_entries(contact_id, record, change)
        wanted = tag_keys(record.tags) | set(self.option_tags)
        change.tags = sorted(wanted - self.tags.setdefault(contact_id, set()))
        self._add_tags(contact_id, change.tags)
        if record.history is not None:
            self.histories.append((contact_id, record.history, self._ours(contact_id)))
        if change.set:
            row.update(change.set)  # a row created by this import is inserted as it ends up
            if contact_id > 0:
                self.dirty.setdefault(contact_id, {}).update(change.set)
        if change.set or change.added:
            self._index(contact_id, row)
        if change.set or change.tags or change.added:
            change.action = "updated"
        return change

    def _add_entries(self, contact_id: int, record: Record, change: Change) -> None:
        """The record's emails, phones, links and addresses the contact lacks join its own."""
        before = self.entries.get(contact_id, [])
        after, added = entries.combined(before, record.entries)
        if added:
            self.entries[contact_id] = self.touched[contact_id] = after
            change.added = entries.added_report(before, after, added)

    def _create(self, record: Record, source: str, keys: list[tuple[str, str]]) -> Change:
        contact_id, self.next_id = self.next_id, self.next_id - 1
        row: dict[str, Any] = dict.fromkeys(self.columns)
        row.update(
            id=contact_id,
            name=record.name.strip(),
            circle=self.circle or record.circle or Circle.OUTER.value,
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
        row["name_key"] = name_key(row["name"])  # bulk inserts pass no ORM event
        self.rows[contact_id] = row
        self.new_ids.append(contact_id)
        self.tags[contact_id] = set()
        tags = sorted(tag_keys(record.tags) | set(self.option_tags))
        self._add_tags(contact_id, tags)
        self.entries[contact_id] = self.touched[contact_id] = ordered(record.entries)
        self._index(contact_id, row)
        given = {key: row[key] for key in record.fields if row[key] is not None}
        given.update(entries.added_report([], self.entries[contact_id], self.entries[contact_id]))
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

    def _write(self) -> None:
        """The batch planned so far, one bulk statement per table; provisional ids become real.

        The new contacts leave `rows` for the bounded `written` cache, their match keys point
        at their real ids, and the batch's changes carry those ids.
        """
        session = self.session
        restored = {contact_id for contact_id, _history, new in self.histories if new}
        # A contact the files gave no uid gets a random one only once every record is read
        # (`_spread`), so the report never shows it, a later record of this import can still
        # give it one, and no record is compared with a uid nobody gave: how many batches a
        # file takes changes nothing. A json import is one batch, written at the end anyway.
        for i in restored.intersection(self.new_ids):
            self.rows[i]["vcard_uid"] = self.rows[i]["vcard_uid"] or new_uid()
        # The rows themselves are inserted, without their provisional ids (not a copy of each:
        # a batch's copies were a batch's worth of memory more at the peak).
        for i in self.new_ids:
            del self.rows[i]["id"]
        ids = bulk.insert_returning_ids(session, Contact, [self.rows[i] for i in self.new_ids])
        real = dict(zip(self.new_ids, ids, strict=True))
        for i in self.new_ids:
            if i not in restored:  # a json import restores contacts with their own slots
                circle, uid = self.rows[i]["circle"], self.rows[i]["vcard_uid"]
                self.to_spread[circle][0].append(slot_order(uid) if uid else b"")
                self.to_spread[circle][1].append(real[i])

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
        bulk.insert_rows(session, CircleChange, fixed(circles + self.circle_moves))
        bulk.update_rows(session, Contact, [{"id": i, **cols} for i, cols in self.dirty.items()])
        bulk.insert_rows(session, ContactTag, fixed(self.new_tags))
        self._write_entries(real)
        bulk.insert_rows(session, CareerChange, fixed(self.careers))
        for change in self.batch:
            change.contact_id = real.get(change.contact_id or 0, change.contact_id)
        self.index.written(real)
        for provisional, row_id in real.items():
            row = self.rows.pop(provisional)
            row["id"] = row_id
            self.written[row_id] = row
            self.tags[row_id] = self.tags.pop(provisional)
            name = person_key(row["name"], row["company"])
            if name:
                self.names[name] = [row_id if i == provisional else i for i in self.names[name]]
        self.histories = [(real.get(i, i), saved, new) for i, saved, new in self.histories]
        while len(self.written) > CACHE:
            evicted, _row = self.written.popitem(last=False)
            self.tags.pop(evicted, None)
        self.new_ids, self.dirty, self.new_tags, self.careers, self.circle_moves = (
            [],
            {},
            [],
            [],
            [],
        )

    def _write_entries(self, real: dict[int, int]) -> None:
        """The entries this batch changed, stored; then the columns derived from them."""
        if not self.touched:
            return
        stored = [contact_id for contact_id in self.touched if contact_id > 0]
        for start in range(0, len(stored), details.CHUNK):
            self.session.execute(
                delete(ContactDetail).where(
                    col(ContactDetail.contact_id).in_(stored[start : start + details.CHUNK])
                )
            )
        rows = [
            row
            for contact_id, mine in self.touched.items()
            for row in details.rows_for(real.get(contact_id, contact_id), mine)
        ]
        details.add_rows(self.session, rows)
        details.derive(self.session, [real.get(i, i) for i in self.touched])
        for provisional, row_id in real.items():
            if provisional in self.entries:
                self.entries[row_id] = self.entries.pop(provisional)
        self.touched = {}

    def _report(self) -> None:
        """Count the batch's changes and hand them to the report."""
        for change in self.batch:
            setattr(self.report, change.action, getattr(self.report, change.action) + 1)
            if self.matches is not None and change.contact_id is not None:
                self.matches[change.source] = (change.contact_id, change.action)
            if change.action != "unchanged" or change.conflicts:
                self.report.changes.append(change)
        self.batch = []

    def _spread(self) -> None:
        """Give the contacts this import added their first-due slots, per circle, and a random
        uid to each that still has none.

        Slots depend on how many contacts the import adds, so they are set once every batch is
        written: one UPDATE per batch of contacts, by primary key, which also stores the uids.
        """
        for digests, ids in self.to_spread.values():
            made = self._give_uids(digests, ids)
            slots = slots_from_digests(digests)
            for start in range(0, len(ids), BATCH):
                rows: list[dict[str, Any]] = []
                for n in range(start, min(start + BATCH, len(ids))):
                    rows.append({"id": ids[n], "first_due_slot": slots[n]})
                    if n in made:
                        rows[-1]["vcard_uid"] = made[n]
                bulk.update_rows(self.session, Contact, rows)
        self.to_spread.clear()

    def _give_uids(self, digests: list[bytes], ids: "array[int]") -> dict[int, str]:
        """A random uid (by position) for each added contact without one, and every digest.

        Which still have none is read from the database: a later record of the file may have
        given one to a contact written without.
        """
        missing = [n for n, digest in enumerate(digests) if not digest]
        table = Contact.__table__  # type: ignore[attr-defined]
        made: dict[int, str] = {}
        for start in range(0, len(missing), details.CHUNK):
            chunk = missing[start : start + details.CHUNK]
            query = select(table.c.id, table.c.vcard_uid).where(
                table.c.id.in_([ids[n] for n in chunk])
            )
            stored = {contact_id: uid for contact_id, uid in self.session.execute(query)}
            for n in chunk:
                uid = stored[ids[n]]
                if not uid:
                    uid = made[n] = new_uid()
                digests[n] = slot_order(uid)
        return made

    def finish(self) -> None:
        """Write the last batch, then the json histories, which may name any contact."""
        self._write()
        if self.histories:
            added = history.restore_history(self.session, self.histories, self.uid_id)
            for change in self.batch:
                if change.contact_id in added and change.action != "new":
                    change.history = added[change.contact_id]
                    change.action = "updated"
        # Every record is matched: what matching kept goes before the uids and slots are made.
        self.rows, self.written, self.tags, self.entries = {}, OrderedDict(), {}, {}
        self.names, self.index = defaultdict(list), KeyIndex()
        self._spread()
        self._report()


def slot_order(uid: str) -> bytes:
    """What ranks a contact among those an import adds: the SHA-256 of its uid."""
    return hashlib.sha256(uid.encode()).digest()


def spread_slots(uids: Iterable[str]) -> list[float]:
    """Where in the circle's first period each of n contacts an import adds first falls due.

    Ranked by the SHA-256 of the contact's uid (stable, and unrelated to names or file order;
    equal digests keep file order), the contact of rank r (from 0) gets (r + 1) / n: evenly
    over the period, the last one at its end (so one imported contact alone is due one cadence
    after it was added, like one added by hand). Migration 0004 keeps a frozen copy of this
    rule.
    """
    return slots_from_digests([slot_order(uid) for uid in uids])


def slots_from_digests(digests: list[bytes]) -> list[float]:
    """`spread_slots` for contacts given by their `slot_order` digests, in file order."""
    order = sorted(range(len(digests)), key=digests.__getitem__)  # stable: ties keep order
    slots = [0.0] * len(digests)
    for rank, index in enumerate(order):
        slots[index] = (rank + 1) / len(digests)
    return slots
