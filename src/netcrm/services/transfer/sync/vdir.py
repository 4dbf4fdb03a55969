"""`netcrm sync vdir PATH`: one sync of a vdir and the database (see docs/sync.md).

Per contact, per field, the three-way rule of core/merge.py: each side is compared with
what it held at the last sync (kept in `sync_state`, one row per file), a change on one
side is copied to the other, a change on both is a conflict left as it is unless `prefer`
names a side. A new file is read by the vCard importer and goes through `import_records`,
so it meets the very checks and identity rules of `import vcard` (a card of someone netcrm
has is linked to them, not duplicated); its fields are then merged against an empty base, so
values that disagree are conflicts, not overwrites. A new (unarchived) contact gets a file.
A file gone from the folder archives its contact; a contact gone from netcrm (rm, forget,
merge) has its file removed only with `propagate_deletes`.

The database side is written in the caller's one transaction and flushed before any file is
touched; files are written last, each whole and atomically, so a failure leaves the database
unchanged and a run that stopped halfway is completed by the next one (a file already
written agrees with netcrm, which is no conflict). A dry run is the same sync, rolled back,
with no file written.
"""

import io
import json
from collections.abc import Sequence
from dataclasses import dataclass, field
from datetime import datetime
from pathlib import Path
from typing import Any

from sqlmodel import Session, col, select

from netcrm.core.errors import UserError
from netcrm.core.merge import Side, merge
from netcrm.services.queries import tags_by_contact
from netcrm.services.transfer.exporters.vcardout import card_text
from netcrm.services.transfer.exportformat import contact_uid
from netcrm.services.transfer.importers import Record, Source
from netcrm.services.transfer.importing import import_records
from netcrm.services.transfer.reading import ImportInput, read_files, records
from netcrm.services.transfer.sync import cards, fields, folder
from netcrm.store import details
from netcrm.store.models import Contact, SyncState

PREFER: dict[str, Side] = {"netcrm": "ours", "vdir": "theirs"}


@dataclass(frozen=True)
class Action:
    """One thing the sync did (or would do) to one side for one contact."""

    action: str  # see ACTIONS
    file: str
    contact_id: int | None
    name: str
    fields: list[str] = field(default_factory=list)


# What an Action's `action` may be, in the order a report lists them.
ACTIONS = (
    "contact_created",  # a new file became a new contact
    "contact_linked",  # a new file is someone netcrm already had: now linked
    "contact_updated",  # fields copied from the file to netcrm
    "contact_archived",  # the file was deleted from the vdir
    "file_created",  # a new contact got a file
    "file_updated",  # fields copied from netcrm to the file
    "file_removed",  # the contact was removed from netcrm, and --propagate-deletes
    "file_kept",  # the contact was removed from netcrm; its file stays without the option
)


@dataclass(frozen=True)
class FieldConflict:
    """A field both sides changed since the last sync; `settled` names the side that won."""

    file: str
    contact_id: int
    name: str
    field: str
    netcrm: str | None
    vdir: str | None
    settled: str | None = None


@dataclass
class SyncReport:
    """What one `sync vdir` did, or would do with `dry_run`."""

    path: str
    dry_run: bool
    private_fields: bool
    actions: list[Action] = field(default_factory=list)
    conflicts: list[FieldConflict] = field(default_factory=list)
    skipped: list[str] = field(default_factory=list)  # FILE:LINE: why
    unchanged: int = 0


def parse(root: Path, name: str, data: bytes) -> Record | str:
    """The card in a file, read and checked by the vCard importer; else `FILE:LINE: why`."""
    path = str(root / name)
    try:
        given = read_files("vcard", [Source(path, io.BytesIO(data))])
        found = list(records(given))
    except UserError as exc:
        return str(exc)
    if len(found) != 1:
        return f"{path}:1: holds {len(found)} cards; a vdir file holds one contact"
    record = found[0]
    if record.skip is not None:
        return f"{path}:{record.line}: {record.skip}"
    return record


@dataclass
class _Write:
    """A file the sync writes once the database side stands (None: removed)."""

    name: str
    data: bytes | None


class _Sync:
    def __init__(
        self, session: Session, root: Path, now: datetime, private: bool, prefer: Side | None
    ) -> None:
        self.session, self.root, self.now = session, root, now
        self.private, self.prefer = private, prefer
        self.names = fields.synced(private)
        self.report = SyncReport(str(root), False, private)
        self.writes: list[_Write] = []

    # ---- the two sides ----------------------------------------------------------------

    def load(self) -> None:
        """Every contact, tag and entry, read once (a sync with nothing to do stays cheap);
        a contact the sync changes is read again (`reload`)."""
        self.contacts = {c.id: c for c in self.session.exec(select(Contact)) if c.id}
        self.tags = tags_by_contact(self.session)
        self.held = details.load_all(self.session)

    def reload(self, contact: Contact) -> None:
        assert contact.id is not None
        self.session.flush()
        self.session.refresh(contact)
        self.tags[contact.id] = tags_by_contact(self.session, [contact.id]).get(contact.id, [])
        self.held[contact.id] = details.load(self.session, [contact.id]).get(contact.id, [])

    def ours(self, contact: Contact) -> fields.Fields:
        assert contact.id is not None
        tags, held = self.tags.get(contact.id, []), self.held.get(contact.id, [])
        return fields.of_contact(contact, tags, held, self.private)

    def card(self, contact: Contact, version: str = "3.0") -> str:
        """The contact's whole card as `export vcard` writes it, with only what is synced."""
        assert contact.id is not None
        tags, held = self.tags.get(contact.id, []), self.held.get(contact.id, [])
        return card_text(contact, tags, held, version, private=self.private)

    def _only(self, values: dict[str, Any]) -> fields.Fields:
        return {key: values.get(key) for key in self.names}

    # ---- one file and its contact ----------------------------------------------------

    def sync_pair(
        self, state: SyncState, contact: Contact, found: folder.CardFile, record: Record | None
    ) -> tuple[list[str], list[str]]:
        """Merge one contact with its file; `record` is None when the file did not change.

        Returns the fields copied to netcrm and to the file.
        """
        base = self._only(json.loads(state.synced))
        base_card = self._only(json.loads(state.card))
        ours = self.ours(contact)
        read = base_card if record is None else fields.of_record(record, self.private)
        # The file's side in netcrm's form: a field the file did not change holds the base.
        theirs = {
            key: base[key]
            if read[key] == base_card[key] or (key in fields.REQUIRED and read[key] is None)
            else read[key]
            for key in self.names
        }
        done = merge(base, ours, theirs, self.prefer)
        to_netcrm = sorted(done.changes(ours), key=self.names.index)
        to_vdir = sorted(done.changes(theirs), key=self.names.index)
        conflicted = {conflict.field for conflict in done.conflicts}
        for conflict in merge(base, ours, theirs).conflicts:
            self.report.conflicts.append(
                FieldConflict(
                    state.file_name,
                    contact.id or 0,
                    contact.name,
                    conflict.field,
                    conflict.ours,
                    conflict.theirs,
                    None if conflict.field in conflicted else self._side_name(),
                )
            )
        if to_netcrm:
            assert record is not None  # only a changed file brings changes to netcrm
            fields.apply(self.session, contact, record, to_netcrm, self.now)
            self.reload(contact)
        data, now_card = found.data, read
        if to_vdir:
            text = cards.merged(found.data.decode("utf-8"), self._fresh(contact, found), to_vdir)
            data = text.encode("utf-8")
            written = self.read_back(state.file_name, data)
            if written is None:  # reported; the next run tries again from the same base
                return to_netcrm, []
            self.writes.append(_Write(state.file_name, data))
            now_card = written
        self._remember(state, contact, data, now_card, conflicted, base, base_card)
        return to_netcrm, to_vdir

    def _fresh(self, contact: Contact, found: folder.CardFile) -> str:
        """The contact's card in the version the file is written in."""
        return self.card(contact, cards.version_of(found.data.decode("utf-8")))

    def _side_name(self) -> str:
        return "netcrm" if self.prefer == "ours" else "vdir"

    def _remember(
        self,
        state: SyncState,
        contact: Contact,
        data: bytes,
        now_card: fields.Fields,
        conflicted: set[str],
        base: fields.Fields,
        base_card: fields.Fields,
    ) -> None:
        """Store what both sides now hold; a conflicting field keeps its old base."""
        ours = self.ours(contact)
        synced = {k: base[k] if k in conflicted else ours[k] for k in self.names}
        card = {k: base_card[k] if k in conflicted else now_card[k] for k in self.names}
        # A file with a conflict is read again next time, whatever its bytes: its conflicting
        # fields still differ from their base, and must be seen as changed until settled.
        etag = "" if conflicted else folder.etag_of(data)
        if (
            json.loads(state.synced) != synced
            or json.loads(state.card) != card
            or state.etag != etag
            or state.contact_id != contact.id
        ):
            state.synced = _text(synced)
            state.card = _text(card)
            state.etag, state.contact_id, state.synced_at = etag, contact.id, self.now
            self.session.add(state)

    def read_back(self, name: str, data: bytes) -> fields.Fields | None:
        """The synced fields of a card netcrm is about to write, as the importer reads it.

        None, with the reason reported, when it would not read back (a value stored before
        netcrm checked it, say): such a card is not written.
        """
        record = parse(self.root, name, data)
        if isinstance(record, str):
            self.report.skipped.append(f"{record} (netcrm's card for it: not written)")
            return None
        return fields.of_record(record, self.private)

    def _act(self, action: str, file: str, contact: Contact, changed: Sequence[str] = ()) -> None:
        self.report.actions.append(Action(action, file, contact.id, contact.name, list(changed)))


def sync_vdir(
    session: Session,
    path: str,
    now: datetime,
    *,
    private: bool = False,
    prefer: str | None = None,
    propagate_deletes: bool = False,
    force_delete: bool = False,
    dry_run: bool = False,
) -> SyncReport:
    """Sync the vdir at `path` with the database (see the module docstring).

    A folder holding no card at all where cards were synced before is refused unless
    `force_delete`: an unmounted or wiped folder would otherwise archive everyone.
    """
    if prefer is not None and prefer not in PREFER:
        raise UserError(f"unknown side {prefer!r} for --prefer: use netcrm or vdir")
    root = folder.folder(path)
    run = _Sync(session, root, now, private, PREFER[prefer] if prefer else None)
    run.report.dry_run = dry_run
    found, run.report.skipped = folder.scan(root)
    run.load()
    states = {
        state.file_name: state
        for state in session.exec(select(SyncState).where(SyncState.vdir == str(root)))
    }
    if states and not found and not run.report.skipped and not force_delete:
        raise UserError(
            f"{root} holds no card, but {len(states)} were synced with it before (an unmounted "
            "or emptied folder?): nothing changed; --force-delete archives their contacts"
        )
    new = _readable(run, {name: card for name, card in found.items() if name not in states})
    _known(run, states, found, new, propagate_deletes)
    _new_files(run, found, new)
    _new_contacts(run, states, found)
    session.flush()
    if dry_run:
        session.rollback()
        return run.report
    for write in run.writes:  # the database side stands: now the files
        if write.data is None:
            folder.remove(root, write.name)
        else:
            folder.write(root, write.name, write.data)
    return run.report


def _known(
    run: _Sync,
    states: dict[str, SyncState],
    found: dict[str, folder.CardFile],
    new: dict[str, Record],
    propagate_deletes: bool,
) -> None:
    """Files synced before: merged with their contact, or the deletion of either side.

    A file gone whose UID now shows in a new file was renamed (by another program): the new
    file takes its place (and leaves `new`), rather than the contact being archived.
    """
    session = run.session
    renamed = {
        uid: name for name, record in sorted(new.items()) if (uid := record.fields.get("vcard_uid"))
    }
    for name, state in sorted(states.items()):
        contact = run.contacts.get(state.contact_id) if state.contact_id else None
        card = found.get(name)
        if card is None and state.uid and renamed.get(state.uid) in new:
            name = state.file_name = renamed[state.uid]
            card = found[name]
            del new[name]
            state.etag = ""  # read as changed: compared field by field with the last sync
        skipped = any(problem.startswith(f"{run.root / name}:") for problem in run.report.skipped)
        if skipped:
            continue  # unreadable this time (a link, too large): nothing is decided
        if contact is None:
            if card is None:
                session.delete(state)
            elif propagate_deletes:
                run.writes.append(_Write(name, None))
                run.report.actions.append(Action("file_removed", name, None, _card_name(card)))
                session.delete(state)
            else:
                run.report.actions.append(Action("file_kept", name, None, _card_name(card)))
            continue
        if card is None:
            if contact.archived_at is None:  # one archived by hand already is left as it is
                contact.archived_at = run.now
                session.add(contact)
                run._act("contact_archived", name, contact)
            session.delete(state)
            continue
        record = None
        if card.etag != state.etag:
            parsed = parse(run.root, name, card.data)
            if isinstance(parsed, str):
                run.report.skipped.append(parsed)
                continue
            record = parsed
        conflicts = len(run.report.conflicts)
        to_netcrm, to_vdir = run.sync_pair(state, contact, card, record)
        if to_netcrm:
            run._act("contact_updated", name, contact, to_netcrm)
        if to_vdir:
            run._act("file_updated", name, contact, to_vdir)
        if not (to_netcrm or to_vdir or len(run.report.conflicts) > conflicts):
            run.report.unchanged += 1


def _card_name(card: folder.CardFile) -> str:
    """The name a card shows, for a report about a file whose contact is gone."""
    record = parse(Path("."), card.name, card.data)
    return "" if isinstance(record, str) else record.name


def _readable(run: _Sync, cards: dict[str, folder.CardFile]) -> dict[str, Record]:
    """The new files' cards, read by the importer; the unreadable ones reported."""
    readable: dict[str, Record] = {}
    for name, card in sorted(cards.items()):
        parsed = parse(run.root, name, card.data)
        if isinstance(parsed, str):
            run.report.skipped.append(parsed)
        else:
            readable[name] = parsed
    return readable


def _new_files(run: _Sync, found: dict[str, folder.CardFile], readable: dict[str, Record]) -> None:
    """Files netcrm has not synced: imported (created, or linked to the contact they are)."""
    if not readable:
        return
    new = {name: found[name] for name in readable}
    sources = [Source(str(run.root / name), io.BytesIO(new[name].data)) for name in readable]
    matches: dict[str, tuple[int, str]] = {}
    import_records(run.session, ImportInput("vcard", sources, None, []), run.now, matches=matches)
    run.load()  # the import wrote in bulk, past the session's objects
    for name, record in readable.items():
        matched = matches.get(f"{run.root / name}:{record.line}")
        contact = run.contacts.get(matched[0]) if matched else None
        if contact is None:  # the import skipped it (it says why in its own checks)
            run.report.skipped.append(f"{run.root / name}:{record.line}: not imported")
            continue
        done = matched[1] if matched else ""
        # Merged against an empty base: what the import filled in agrees, what the file and
        # netcrm hold differently is a conflict, what only netcrm has goes to the file.
        # Where netcrm's entries or tags hold all of the card's and more (the import added
        # the card's to what netcrm had), the card counts as the base: netcrm's go to it.
        read = fields.of_record(record, run.private)
        base = fields.within(read, run.ours(contact))
        state = SyncState(
            vdir=str(run.root),
            file_name=name,
            contact_id=contact.id,
            uid=record.fields.get("vcard_uid"),
            etag="",
            synced=_text(base),
            card=_text(base),
            synced_at=run.now,
        )
        run.session.add(state)
        to_netcrm, to_vdir = run.sync_pair(state, contact, new[name], record)
        if done == "new":
            run._act("contact_created", name, contact, to_vdir)
        else:
            run._act("contact_linked", name, contact, sorted({*to_netcrm, *to_vdir}))


def _new_contacts(
    run: _Sync, states: dict[str, SyncState], found: dict[str, folder.CardFile]
) -> None:
    """Unarchived contacts with no file in this vdir get one."""
    session = run.session
    session.flush()
    linked = set(
        session.exec(
            select(SyncState.contact_id).where(
                SyncState.vdir == str(run.root), col(SyncState.contact_id).is_not(None)
            )
        )
    )
    taken = set(found) | set(states) | {write.name for write in run.writes}
    for contact_id, contact in sorted(run.contacts.items()):
        if contact_id in linked or contact.archived_at is not None:
            continue
        assert contact.id is not None
        uid = contact_uid(contact.id, contact.created_at, contact.vcard_uid)
        name = folder.file_name(uid)
        if name in taken:
            name = folder.file_name(f"netcrm-{contact.id}-{uid}")  # never over another's file
        data = run.card(contact).encode("utf-8")
        written = run.read_back(name, data)
        if written is None:
            continue
        session.add(
            SyncState(
                vdir=str(run.root),
                file_name=name,
                contact_id=contact.id,
                uid=uid,
                etag=folder.etag_of(data),
                synced=_text(run.ours(contact)),
                card=_text(written),
                synced_at=run.now,
            )
        )
        run.writes.append(_Write(name, data))
        taken.add(name)
        run._act("file_created", name, contact)


def forget_contact(session: Session, contact_id: int) -> None:
    """Erase what the sync state remembers of a contact's fields (`forget`), keeping the
    file names, so the vdir's files are still known as files of someone removed."""
    for state in session.exec(select(SyncState).where(SyncState.contact_id == contact_id)):
        state.synced = state.card = "{}"
        session.add(state)


def _text(values: fields.Fields) -> str:
    return json.dumps(values, ensure_ascii=False, sort_keys=True)
