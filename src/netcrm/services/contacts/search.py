"""`netcrm search`: contacts found by any text they carry, through the full-text index.

Each word of the query (case and accents ignored, matching the start of a word: `comp` finds
"compilers") must appear somewhere in the same contact: their name, a text field, a tag, an
interaction's summary, a promise, a reminder, or one of their emails, phones, links and
addresses (a match there is named by the detail's kind: email, phone, url, address). The
index (store/search.py) finds the entries holding each word; the contacts that hold every
word are then read with those entries' texts, to say where each word was found. The ranking
is the same on both back ends: the more words found in the name, then the more places that
match, first."""

import re
from collections.abc import Iterable
from dataclasses import dataclass, field
from typing import Any

from sqlalchemy import select, text
from sqlmodel import Session, col

from netcrm.core.details import Kind
from netcrm.core.errors import UserError
from netcrm.core.fields import TEXT_FIELDS
from netcrm.core.text import fold
from netcrm.store.models import Contact, ContactDetail, ContactTag, Interaction, Promise, Reminder
from netcrm.store.search import (
    KIND_CONTACT,
    KIND_DETAIL,
    KIND_INTERACTION,
    KIND_PROMISE,
    KIND_REMINDER,
    KINDS,
)

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


def search(session: Session, query: str) -> Found:
    """The contacts that hold every word of `query`, best first, with what matched."""
    words = query_words(query)
    if not words:
        raise UserError("give at least one word to search for (letters or digits)")
    per_word = [_entries(session, word) for word in words]
    contacts = set.intersection(*({contact for _, contact in rows} for rows in per_word))
    keys = {key for rows in per_word for key, contact in rows if contact in contacts}
    hits = _read(session, contacts, keys, words)
    hits.sort(key=lambda hit: (-hit.in_name, -len(hit.matches), fold(hit.name), hit.contact_id))
    return Found(words, hits)


def _entries(session: Session, word: str) -> set[tuple[int, int]]:
    """(entry key, contact id) of every index entry holding a word that starts with `word`."""
    if session.get_bind().dialect.name == "postgresql":
        sql = "SELECT id, contact_id FROM search_index WHERE doc @@ to_tsquery('simple', :q)"
        term = f"{word}:*"
    else:
        sql = "SELECT rowid, contact_id FROM search_index WHERE search_index MATCH :q"
        term = f'"{word}"*'  # a \w+ word holds no quote; quoted, it is never FTS5 syntax
    return {(int(key), int(contact)) for key, contact in session.execute(text(sql), {"q": term})}


def _read(session: Session, contacts: set[int], keys: set[int], words: list[str]) -> list[Hit]:
    """The hits for these contacts, with the texts of the matching entries."""
    by_kind: dict[int, list[int]] = {}
    for key in keys:
        by_kind.setdefault(key % KINDS, []).append(key // KINDS)
    hits: dict[int, Hit] = {}
    for ids in _chunks(sorted(contacts)):
        for row in session.scalars(select(Contact).where(col(Contact.id).in_(ids))):
            assert row.id is not None
            hits[row.id] = Hit(row.id, row.name, row.archived_at is not None)
            _own_matches(hits[row.id], row, words)
    tags = _tags(session, by_kind.get(KIND_CONTACT, []))
    for contact_id, tag in tags:
        if matching_words(tag, words):
            hits[contact_id].matches.append(Match("tag", tag))
    sources: tuple[tuple[int, Any, str, str], ...] = (
        (KIND_INTERACTION, Interaction, "summary", "interaction"),
        (KIND_PROMISE, Promise, "text", "promise"),
        (KIND_REMINDER, Reminder, "text", "reminder"),
    )
    for kind, model, attribute, name in sources:
        for ids in _chunks(sorted(by_kind.get(kind, []))):
            rows = session.scalars(
                select(model).where(col(model.id).in_(ids)).order_by(col(model.id))
            )
            for row in rows:
                said = getattr(row, attribute)
                if matching_words(said, words):
                    ref = row.id if kind == KIND_INTERACTION else None
                    hits[row.contact_id].matches.append(Match(name, said, ref))
    _detail_matches(session, hits, by_kind.get(KIND_DETAIL, []), words)
    return list(hits.values())


def _detail_matches(
    session: Session, hits: dict[int, Hit], ids: list[int], words: list[str]
) -> None:
    """Emails, phones, links and addresses that hold a word, named by their kind; a value
    the contact's own email, phone or LinkedIn field already matched is not listed twice."""
    for chunk in _chunks(sorted(ids)):
        query = (
            select(ContactDetail)
            .where(col(ContactDetail.id).in_(chunk))
            .order_by(col(ContactDetail.position), col(ContactDetail.id))
        )
        found = sorted(session.scalars(query), key=lambda d: (d.contact_id, _KIND_ORDER[d.kind]))
        for detail in found:
            hit = hits[detail.contact_id]
            if detail.value in {m.text for m in hit.matches}:
                continue
            if matching_words(detail.value, words):
                hit.matches.append(Match(detail.kind, detail.value))


def _own_matches(hit: Hit, contact: Contact, words: list[str]) -> None:
    """The contact's own fields that hold a word of the query: the name first."""
    in_name = matching_words(contact.name, words)
    hit.in_name = len(in_name)
    if in_name:
        hit.matches.append(Match("name", contact.name))
    for spec in TEXT_FIELDS:
        value = getattr(contact, spec.attr)
        if value and matching_words(value, words):
            hit.matches.append(Match(spec.attr, value))


def _tags(session: Session, contact_ids: list[int]) -> list[tuple[int, str]]:
    found: list[tuple[int, str]] = []
    for ids in _chunks(sorted(contact_ids)):
        query = (
            select(col(ContactTag.contact_id), col(ContactTag.tag))
            .where(col(ContactTag.contact_id).in_(ids))
            .order_by(col(ContactTag.contact_id), col(ContactTag.tag))
        )
        found += [(contact_id, tag) for contact_id, tag in session.execute(query)]
    return found


def _chunks(ids: list[int]) -> Iterable[list[int]]:
    for start in range(0, len(ids), _CHUNK):
        yield ids[start : start + _CHUNK]
