"""The match keys an import looks records up by, small enough for a file of a million rows.

Every key (a normalised LinkedIn URL, email, phone or uid) points at the one contact that
has it; a key two contacts hold (an office's shared address, a switchboard number) is
"shared" and matches nobody. While there are few keys they are kept as text, which is fastest; past
`EXACT_LIMIT` keys the index turns every key into a 16-byte digest (blake2b), a fraction of
the memory of the text, so a million-row export needs tens of MB of keys, not hundreds. Two
different keys with one digest would need 2^64 keys to be likely; netcrm treats a digest as
the key.
"""

import hashlib
from collections.abc import Iterable, Mapping

EXACT_LIMIT = 200_000


def _digest(kind: str, value: str) -> bytes:
    return hashlib.blake2b(
        f"{kind}\0{value}".encode("utf-8", "surrogatepass"), digest_size=16
    ).digest()


class KeyIndex:
    """Match key -> contact id, first come first served, with provisional ids re-pointed."""

    def __init__(self) -> None:
        self._exact: dict[str, dict[str, int]] | None = {}
        self._digests: dict[bytes, int] = {}
        self._size = 0
        # Keys held by contacts not written yet (negative ids), to re-point once they are.
        self._pending: dict[int, list[tuple[str, str]]] = {}
        self._shared: set[bytes] = set()  # digests of keys two contacts hold

    def get(self, kind: str, value: str) -> int | None:
        """The contact holding this key, if any and if only one does."""
        if self._shared and _digest(kind, value) in self._shared:
            return None
        if self._exact is not None:
            held = self._exact.get(kind)
            return held.get(value) if held is not None else None
        return self._digests.get(_digest(kind, value))

    def add(self, contact_id: int, keys: Iterable[tuple[str, str]]) -> None:
        """Give each (kind, key) to `contact_id` unless a contact holds it already."""
        exact = self._exact
        for kind, value in keys:
            if exact is not None:
                held = exact.get(kind)
                if held is None:
                    held = exact[kind] = {}
                holder = held.setdefault(value, contact_id)
                if holder == contact_id:
                    self._size += 1  # (a contact adding a key twice counts twice: no matter)
                    if self._size > EXACT_LIMIT:
                        self._compact()
                        exact = None
            else:
                holder = self._digests.setdefault(_digest(kind, value), contact_id)
            if holder != contact_id and kind != "uid":  # a uid is one card's: first one wins
                self._shared.add(_digest(kind, value))
            if holder == contact_id and contact_id < 0:
                self._pending.setdefault(contact_id, []).append((kind, value))

    def written(self, real: Mapping[int, int]) -> None:
        """Contacts were written: each key a provisional id held now names its real id."""
        for provisional, row_id in real.items():
            for kind, value in self._pending.pop(provisional, []):
                if self._exact is not None:
                    if self._exact[kind].get(value) == provisional:
                        self._exact[kind][value] = row_id
                elif self._digests.get(digest := _digest(kind, value)) == provisional:
                    self._digests[digest] = row_id

    def _compact(self) -> None:
        """From text keys to digests, once the text would cost too much memory."""
        assert self._exact is not None
        for kind, held in self._exact.items():
            for value, contact_id in held.items():
                self._digests[_digest(kind, value)] = contact_id
        self._exact = None
