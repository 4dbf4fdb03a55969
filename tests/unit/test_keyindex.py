"""The import's match-key index: one holder per key, in text and in digests alike; a key two
contacts hold matches nobody (issue 14), a uid stays its first card's."""

import pytest

from netcrm.services.transfer import keyindex
from netcrm.services.transfer.keyindex import KeyIndex


@pytest.mark.parametrize("limit", [1_000, 2], ids=["text", "digests"])
def test_keys_point_at_the_first_contact_and_follow_it_when_written(
    limit: int, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setattr(keyindex, "EXACT_LIMIT", limit)
    index = KeyIndex()
    index.add(7, [("email", "ada@example.org")])  # a stored contact
    index.add(-1, [("email", "ada@example.org")])  # a new one with the same address: shared
    index.add(8, [("uid", "card-1")])
    index.add(-4, [("uid", "card-1")])  # a uid is never shared: the first card keeps it
    index.add(-1, [("linkedin", "linkedin.com/in/grace")])
    index.add(-2, [("name", "grace hopper|navy")])
    index.add(-3, [("linkedin", "linkedin.com/in/ada")])
    assert index.get("email", "ada@example.org") is None
    assert index.get("uid", "card-1") == 8
    assert index.get("linkedin", "linkedin.com/in/grace") == -1
    assert index.get("email", "linkedin.com/in/grace") is None  # the kind is part of the key
    index.written({-1: 41, -2: 42})
    assert index.get("linkedin", "linkedin.com/in/grace") == 41
    assert index.get("name", "grace hopper|navy") == 42
    assert index.get("email", "ada@example.org") is None
    assert index.get("linkedin", "linkedin.com/in/ada") == -3  # not written yet
    index.written({-3: 43})
    assert index.get("linkedin", "linkedin.com/in/ada") == 43


def test_the_index_turns_to_digests_past_its_limit(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(keyindex, "EXACT_LIMIT", 3)
    index = KeyIndex()
    for number in range(10):
        index.add(number + 1, [("email", f"{number}@example.org")])
    assert index._exact is None and len(index._digests) == 10
    assert [index.get("email", f"{n}@example.org") for n in range(10)] == list(range(1, 11))
