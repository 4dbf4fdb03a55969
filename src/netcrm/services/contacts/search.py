"""`netcrm search`: contacts found by any text they carry, through the full-text index.

Each word of the query (case and accents ignored, matching the start of a word: `comp` finds
"compilers") must appear somewhere in the same contact: their name, a text field, a tag, an
interaction's summary, a promise, a reminder, or one of their emails, phones, links and
addresses (a match there is named by the detail's kind: email, phone, url, address). The
index (store/search.py) finds the entries holding each word; the contacts that hold every
word are then read with those entries' texts, to say where each word was found. The ranking
is the same on both back ends: the more words found in the name, then the more places that
match, first.

It reads through the lean read path (store/lean.py: plain SQL over the driver), as `due`
does, so a search loads no SQLAlchemy: at 10,000 contacts the ORM's import and row loading
were most of its time. Only the contacts whose own entry (name, fields, tags) matched have
their fields read and compared; the others matched through their texts alone."""

import re
from collections.abc import Iterable, Sequence
from dataclasses import dataclass, field
from typing import TYPE_CHECKING, Any

from netcrm.core.details import Kind
from netcrm.core.errors import UserError
from netcrm.core.fields import TEXT_FIELDS
from netcrm.core.text import fold
from netcrm.store.lean import id_list
from netcrm.store.search import (
    KIND_CONTACT,
    KIND_DETAIL,
    KIND_INTERACTION,
    KIND_PROMISE,
    KIND_REMINDER,
    KINDS,
)

if TYPE_CHECKING:
    from netcrm.store.lean import Reader

_WORD = re.compile(r"\w+")
_CHUNK = 500  # ids per query when reading the texts that matched
# Details are listed as `show` lists them: emails, phones, links, then addresses.
_KIND_ORDER = {kind.value: index for index, kind in enumerate(Kind)}


@dataclass(frozen=True)
class Match:
    """One place a contact matched: a field, a tag, an interaction, a promise, a reminder or
    a contact detail (`field` is then its kind: email, phone, url or address)."""

    field: str
    text: str
    interaction_id: int | None = None


@dataclass
class Hit:
    """A contact holding every word of the query, and where they were found."""

    contact_id: int
    name: str
    archived: bool
    matches: list[Match] = field(default_factory=list)
    in_name: int = 0  # how many of the words are in the name: the first ranking key


@dataclass(frozen=True)
class Found:
    """The query's words (folded, as compared) and the contacts found, best first."""

    words: list[str]
    hits: list[Hit]


def query_words(query: str) -> list[str]:
    """The words of a query as the index compares them: folded, each once, in order."""
    return list(dict.fromkeys(_WORD.findall(fold(query))))


def matching_words(text: str, words: Iterable[str]) -> set[str]:
    """Which of `words` start a word of `text` (case and accents ignored)."""
    found = _WORD.findall(fold(text))
    return {word for word in words if any(token.startswith(word) for token in found)}


def search(reader: "Reader", query: str) -> Found:
    """The contacts that hold every word of `query`, best first, with what matched."""
    words = query_words(query)
    if not words:
        raise UserError("give at least one word to search for (letters or digits)")
    per_word = [_entries(reader, word) for word in words]
    contacts = set.intersection(*({contact for _, contact in rows} for rows in per_word))
    keys = {key for rows in per_word for key, contact in rows if contact in contacts}
    hits = _read(reader, contacts, keys, words)
    hits.sort(key=lambda hit: (-hit.in_name, -len(hit.matches), fold(hit.name), hit.contact_id))
    return Found(words, hits)


def _entries(reader: "Reader", word: str) -> set[tuple[int, int]]:
    """(entry key, contact id) of every index entry holding a word that starts with `word`."""
    if reader.sqlite:
        sql = "SELECT rowid, contact_id FROM search_index WHERE search_index MATCH :q"
        term = f'"{word}"*'  # a \w+ word holds no quote; quoted, it is never FTS5 syntax
    else:
        sql = "SELECT id, contact_id FROM search_index WHERE doc @@ to_tsquery('simple', :q)"
        term = f"{word}:*"
    return {(int(key), int(contact)) for key, contact in reader.rows(sql, {"q": term})}


def _read(reader: "Reader", contacts: set[int], keys: set[int], words: list[str]) -> list[Hit]:
    """The hits for these contacts, with the texts of the matching entries."""
    by_kind: dict[int, list[int]] = {}
    for key in keys:
        by_kind.setdefault(key % KINDS, []).append(key // KINDS)
    hits: dict[int, Hit] = {}
    for contact_id, name, archived_at in _by_ids(
        reader, "SELECT id, name, archived_at FROM contact WHERE id IN ({ids})", contacts
    ):
        hits[contact_id] = Hit(contact_id, name, archived_at is not None)
    own = by_kind.get(KIND_CONTACT, [])
    columns = ", ".join(spec.attr for spec in TEXT_FIELDS)
    for row in _by_ids(reader, f"SELECT id, {columns} FROM contact WHERE id IN ({{ids}})", own):
        _own_matches(hits[row[0]], row[1:], words)
    tags = "SELECT contact_id, tag FROM contact_tag WHERE contact_id IN ({ids})"
    for contact_id, tag in sorted(_by_ids(reader, tags, own)):
        if matching_words(tag, words):
            hits[contact_id].matches.append(Match("tag", tag))
    sources = (
        (KIND_INTERACTION, "interaction", "summary", "interaction"),
        (KIND_PROMISE, "promise", "text", "promise"),
        (KIND_REMINDER, "reminder", "text", "reminder"),
    )
    for kind, table, column, name in sources:
        sql = f"SELECT id, contact_id, {column} FROM {table} WHERE id IN ({{ids}})"
        for row_id, contact_id, said in sorted(_by_ids(reader, sql, by_kind.get(kind, []))):
            if matching_words(said, words):
                ref = row_id if kind == KIND_INTERACTION else None
                hits[contact_id].matches.append(Match(name, said, ref))
    _detail_matches(reader, hits, by_kind.get(KIND_DETAIL, []), words)
    return list(hits.values())


def _detail_matches(
    reader: "Reader", hits: dict[int, Hit], ids: list[int], words: list[str]
) -> None:
    """Emails, phones, links and addresses that hold a word, named by their kind; a value
    the contact's own email, phone or LinkedIn field already matched is not listed twice."""
    sql = "SELECT contact_id, kind, position, id, value FROM contact_detail WHERE id IN ({ids})"
    found = sorted(_by_ids(reader, sql, ids), key=lambda d: (d[0], _KIND_ORDER[d[1]], d[2], d[3]))
    for contact_id, kind, _position, _id, value in found:
        hit = hits[contact_id]
        if value in {m.text for m in hit.matches}:
            continue
        if matching_words(value, words):
            hit.matches.append(Match(kind, value))


def _own_matches(hit: Hit, values: Sequence[Any], words: list[str]) -> None:
    """The contact's own fields (`values`, in TEXT_FIELDS order) that hold a word of the
    query: the name first."""
    in_name = matching_words(hit.name, words)
    hit.in_name = len(in_name)
    if in_name:
        hit.matches.append(Match("name", hit.name))
    for spec, value in zip(TEXT_FIELDS, values, strict=True):
        if value and matching_words(value, words):
            hit.matches.append(Match(spec.attr, value))


def _by_ids(reader: "Reader", sql: str, ids: Iterable[int]) -> list[tuple[Any, ...]]:
    """The rows of `sql` (its `{ids}` the list of ids), asked _CHUNK ids at a time.

    The ids are written into the SQL (`lean.id_list`), not bound: binding thousands of
    named parameters costs sqlite3 more than the query."""
    ordered = sorted(ids)
    rows: list[tuple[Any, ...]] = []
    for start in range(0, len(ordered), _CHUNK):
        rows += reader.rows(sql.format(ids=id_list(ordered[start : start + _CHUNK])))
    return rows
