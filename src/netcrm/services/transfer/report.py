"""What an import reports: the four counts and each record's change, kept compact.

A million-row import reports a million changes; `ChangeLog` keeps them in a temporary file
(only when JSON output asks for every one) and in memory only the few that text output prints.
"""

import json
import tempfile
from collections.abc import Iterator
from dataclasses import dataclass, field
from typing import Any

from netcrm.services.shapes import change_json


@dataclass
class Change:
    """What an import did (or would do) for one record."""

    source: str  # FILE:LINE
    name: str
    contact_id: int | None
    action: str  # new, updated, unchanged or skipped
    set: dict[str, Any] = field(default_factory=dict)
    # Emails, phones, links, addresses added (reported within `set`, never written as columns).
    added: dict[str, Any] = field(default_factory=dict)
    tags: list[str] = field(default_factory=list)
    conflicts: dict[str, dict[str, Any]] = field(default_factory=dict)
    history: dict[str, int] = field(default_factory=dict)
    career: str | None = None
    reason: str | None = None


class ChangeLog:
    """Every change an import reports, as its `import --json` object, kept out of memory.

    With `spool` (JSON output wants every change), one JSON line per change in a temporary
    file that stays in memory until it grows past a few MB and is deleted with the log.
    Either way the few changes text output prints (career news, conflicts, skipped records)
    are kept, as they are, in `notable`; text output needs nothing else.
    """

    def __init__(self, *, spool: bool = True) -> None:
        # Open for the report's whole life (until the command has printed it); the file goes
        # away with the object.
        self._file = (
            tempfile.SpooledTemporaryFile(  # noqa: SIM115
                max_size=8 << 20, mode="w+", encoding="utf-8"
            )
            if spool
            else None
        )
        self.count = 0
        self.notable: list[dict[str, Any]] = []

    def append(self, change: Change) -> None:
        """Add one change."""
        self.count += 1
        notable = bool(change.career or change.conflicts or change.action == "skipped")
        if self._file is None and not notable:
            return
        data = change_json(change)
        if self._file is not None:
            self._file.write(json.dumps(data, ensure_ascii=False) + "\n")
        if notable:
            self.notable.append(data)

    def __iter__(self) -> Iterator[dict[str, Any]]:
        if self._file is None:
            raise ValueError("this import kept only its notable changes (spool=False)")
        self._file.seek(0)
        for line in self._file:
            yield json.loads(line)

    def __len__(self) -> int:
        return self.count


@dataclass
class ImportReport:
    """The four counts and, for every record that was not simply unchanged, its change."""

    new: int = 0
    updated: int = 0
    unchanged: int = 0
    skipped: int = 0
    changes: ChangeLog = field(default_factory=ChangeLog)
