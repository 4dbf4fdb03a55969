"""Combining a contact's emails, phones, links and addresses: one rule for edit, merge, imports
and sync.

Two entries of one kind are the same when their keys agree (the match keys of
services/transfer/keys.py: `Ada@X.org` is `ada@x.org`, `+44 20 7946 0000` is `+442079460000`).
"""

from collections.abc import Iterable, Sequence
from dataclasses import replace

from netcrm.core.details import Entry, Kind, ordered, preferred_columns
from netcrm.services.transfer.keys import email_key, name_key, phone_key, url_key


def entry_key(entry: Entry) -> str:
    """What makes two entries of one kind the same value."""
    key: str | None
    if entry.kind == Kind.EMAIL.value:
        key = email_key(entry.value)
    elif entry.kind == Kind.PHONE.value:
        key = phone_key(entry.value) or name_key(entry.value)
    elif entry.kind == Kind.URL.value:
        key = url_key(entry.value)
    else:
        key = name_key(entry.value)
    return f"{entry.kind}:{key or entry.value.strip()}"


def find(entries: Sequence[Entry], kind: str, value: str) -> Entry | None:
    """The entry of `kind` equal to `value` under its key, if any."""
    wanted = entry_key(Entry(kind, value))
    return next((entry for entry in entries if entry_key(entry) == wanted), None)


def combined(
    current: Sequence[Entry], incoming: Iterable[Entry]
) -> tuple[list[Entry], list[Entry]]:
    """`current` with every incoming entry it lacks added after it; and the added ones.

    An entry already there keeps its value and label, and takes the incoming label only
    when it has none. The preferred entries stay: an incoming one is preferred only where the
    contact had nothing of its kind.
    """
    result = list(current)
    seen = {entry_key(entry): index for index, entry in enumerate(result)}
    kinds = {entry.kind for entry in current}
    added: list[Entry] = []
    for entry in incoming:
        key = entry_key(entry)
        if key in seen:
            held = result[seen[key]]
            if held.label is None and entry.label is not None:
                result[seen[key]] = replace(held, label=entry.label)
            continue
        new = replace(entry, preferred=entry.preferred and entry.kind not in kinds)
        seen[key] = len(result)
        result.append(new)
        added.append(new)
    return ordered(result), added


def preferring(entries: Sequence[Entry], chosen: Entry) -> list[Entry]:
    """The entries with `chosen` (one of them) as the preferred one of its kind."""
    key = entry_key(chosen)
    return ordered(
        replace(entry, preferred=entry_key(entry) == key) if entry.kind == chosen.kind else entry
        for entry in entries
    )


def added_report(
    before: Sequence[Entry], after: Sequence[Entry], added: Sequence[Entry]
) -> dict[str, object]:
    """What adding entries did, as merge and import report it: a column the contact had empty
    (`phone`) under its name, and the entries added beside ones it had under the kind's
    plural (`emails`)."""
    report: dict[str, object] = {}
    old, new = preferred_columns(before), preferred_columns(after)
    shown = set()
    for column, value in new.items():
        if old[column] is None and value is not None:
            report[column] = value
            shown.add(value)
    for entry in added:
        if entry.value not in shown:
            listed = report.setdefault(f"{entry.kind}s", [])
            assert isinstance(listed, list)
            listed.append(entry.value)
    return report
