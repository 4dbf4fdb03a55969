"""The three-way merge rule of `sync vdir`, per field, over plain dicts.

`base` is what both sides held after the last sync, `ours` what netcrm holds now, `theirs`
what the other side (the vdir) holds now. A key missing from a dict means the field is
empty there (None). Per field:

- unchanged on both sides, or changed to the same value on both: that value;
- changed on one side only: that side's value wins;
- changed on both sides to different values: a conflict, unless `prefer` names the side
  whose value wins. A conflicting field is left out of `result`: each side keeps its own.

Pure: no database, no files. `tests/unit/test_merge.py` states the rules as properties.
"""

from collections.abc import Mapping
from dataclasses import dataclass, field
from typing import Literal

Value = str | None
Side = Literal["ours", "theirs"]
SIDES: tuple[Side, ...] = ("ours", "theirs")


@dataclass(frozen=True)
class Conflict:
    """A field both sides changed since the last sync, to different values."""

    field: str
    base: Value
    ours: Value
    theirs: Value


@dataclass(frozen=True)
class Merged:
    """The agreed value of every field not in conflict, and the conflicts."""

    result: dict[str, Value] = field(default_factory=dict)
    conflicts: list[Conflict] = field(default_factory=list)

    def changes(self, side: Mapping[str, Value]) -> dict[str, Value]:
        """The fields whose agreed value differs from what `side` holds: what to write there."""
        return {key: value for key, value in self.result.items() if side.get(key) != value}


def merge(
    base: Mapping[str, Value],
    ours: Mapping[str, Value],
    theirs: Mapping[str, Value],
    prefer: Side | None = None,
) -> Merged:
    """Merge every field any of the three holds (see the module docstring for the rule)."""
    result: dict[str, Value] = {}
    conflicts: list[Conflict] = []
    for key in sorted({*base, *ours, *theirs}):
        old, mine, other = base.get(key), ours.get(key), theirs.get(key)
        if mine == other:
            agreed = mine
        elif mine == old:
            agreed = other
        elif other == old:
            agreed = mine
        elif prefer is not None:
            agreed = mine if prefer == "ours" else other
        else:
            conflicts.append(Conflict(key, old, mine, other))
            continue
        result[key] = agreed
    return Merged(result, conflicts)
