"""suggest_pairs picks exactly what the plain greedy over every matching pair picks."""

import heapq
from collections import Counter
from collections.abc import Sequence
from datetime import datetime
from itertools import chain

from hypothesis import given, settings
from hypothesis import strategies as st

from netcrm.core.domain import Circle
from netcrm.core.planner import Pair, PlanContact, _tiebreak, suggest_pairs, words
from netcrm.core.scheduler import ContactFacts


def reference_pairs(
    contacts: Sequence[PlanContact], introduced: frozenset[frozenset[int]], count: int
) -> list[Pair]:
    """suggest_pairs as it was before it went best-first (quadratic on popular words)."""
    pool = sorted(
        (c for c in contacts if c.facts.circle in (Circle.INNER, Circle.MIDDLE)), key=_tiebreak
    )
    needs = [words(c.needs) | set(c.tags) for c in pool]
    offers = [words(c.offers) for c in pool]
    offered: dict[str, list[int]] = {}
    for rank, found in enumerate(offers):
        for word in found:
            offered.setdefault(word, []).append(rank)
    big = len(pool) + 1
    candidates: list[tuple[int, int, int]] = []
    for me, needed in enumerate(needs):
        counts = Counter(chain.from_iterable(offered.get(word, ()) for word in needed))
        counts.pop(me, None)
        keys = (
            other - shared * big
            for other, shared in counts.items()
            if not introduced
            or frozenset((pool[me].facts.id, pool[other].facts.id)) not in introduced
        )
        candidates += [(key // big, me, key % big) for key in heapq.nsmallest(2 * count, keys)]
    candidates.sort()
    chosen: list[Pair] = []
    used: set[int] = set()
    for _, me, other in candidates:
        if len(chosen) == count:
            break
        if me not in used and other not in used:
            matched = tuple(sorted(needs[me] & offers[other]))
            chosen.append(Pair(pool[me], pool[other], matched))
            used |= {me, other}
    return chosen


# A small vocabulary, so words are popular and shared counts tie; "ml" is too short and
# "help" a stop word, so they never match. Names tie once case-folded: ids break the tie.
VOCABULARY = ["rust", "python", "funding", "hiring", "design", "data", "sales", "ml", "help"]
NAMES = ["Ann", "ann", "Bob", "Cy", "cy"]
some_words = st.lists(st.sampled_from(VOCABULARY), max_size=8).map(" ".join)


@st.composite
def pools(draw: st.DrawFn) -> tuple[list[PlanContact], frozenset[frozenset[int]]]:
    ids = draw(st.lists(st.integers(1, 60), unique=True, max_size=24))
    contacts = [
        PlanContact(
            facts=ContactFacts(
                id=id,
                name=draw(st.sampled_from(NAMES)),
                circle=draw(st.sampled_from(list(Circle))),
                created_at=datetime(2020, 1, 1),
            ),
            needs=draw(some_words),
            offers=draw(some_words),
            tags=frozenset(draw(st.lists(st.sampled_from(VOCABULARY[:4]), max_size=2))),
        )
        for id in ids
    ]
    pairs = st.tuples(st.sampled_from(ids), st.sampled_from(ids))
    introduced = (
        frozenset(frozenset(pair) for pair in draw(st.lists(pairs, max_size=30)))
        if ids
        else frozenset()
    )
    return contacts, introduced


@settings(max_examples=500, deadline=None)
@given(pools(), st.integers(0, 6))
def test_suggest_pairs_is_the_greedy_over_every_pair(
    pool: tuple[list[PlanContact], frozenset[frozenset[int]]], count: int
) -> None:
    contacts, introduced = pool
    assert suggest_pairs(contacts, introduced, count) == reference_pairs(
        contacts, introduced, count
    )


def test_suggest_pairs_waits_for_an_earlier_needer_at_a_lower_count() -> None:
    """A needer whose best offerer is taken falls back behind needers that share as much."""

    def person(id: int, name: str, needs: str = "", offers: str = "") -> PlanContact:
        facts = ContactFacts(id, name, Circle.MIDDLE, datetime(2020, 1, 1))
        return PlanContact(facts=facts, needs=needs, offers=offers)

    ann = person(1, "Ann", needs="rust python data")
    bea = person(2, "Bea", offers="rust python data")
    cat = person(3, "Cat", needs="rust python")
    dan = person(4, "Dan", needs="rust python data", offers="rust")
    eve = person(5, "Eve", offers="rust python")
    pairs = suggest_pairs([eve, dan, cat, bea, ann], frozenset(), 3)
    # Dan's three words go to Bea only, taken by Ann; Cat (before Dan) then takes Eve at two,
    # and Dan is left with nobody who shares a word and is free.
    assert [(p.needs.facts.name, p.offers.facts.name) for p in pairs] == [
        ("Ann", "Bea"),
        ("Cat", "Eve"),
    ]
    assert pairs == reference_pairs([eve, dan, cat, bea, ann], frozenset(), 3)
