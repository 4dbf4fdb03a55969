"""The three-way merge of `sync vdir` (core/merge.py), on plain dicts."""

from hypothesis import given
from hypothesis import strategies as st

from netcrm.core.merge import Conflict, merge

KEYS = st.sampled_from(["name", "company", "role", "emails"])
VALUES = st.one_of(st.none(), st.sampled_from(["a", "b", "c", ""]))
SIDES = st.dictionaries(KEYS, VALUES, max_size=4)
PREFER = st.sampled_from([None, "ours", "theirs"])


def test_a_field_changed_on_one_side_is_copied_to_the_other() -> None:
    base = {"company": "Acme", "role": "CTO"}
    done = merge(base, {"company": "Beta", "role": "CTO"}, {"company": "Acme", "role": "CEO"})
    assert done.result == {"company": "Beta", "role": "CEO"}
    assert done.conflicts == []
    assert done.changes({"company": "Beta", "role": "CTO"}) == {"role": "CEO"}
    assert done.changes({"company": "Acme", "role": "CEO"}) == {"company": "Beta"}


def test_a_field_cleared_on_one_side_is_cleared_on_the_other() -> None:
    done = merge({"role": "CTO"}, {}, {"role": "CTO"})
    assert done.result == {"role": None}
    assert done.changes({"role": "CTO"}) == {"role": None}


def test_both_sides_changing_a_field_differently_is_a_conflict_left_out() -> None:
    done = merge({"role": "CTO"}, {"role": "CEO"}, {"role": "Founder"})
    assert done.conflicts == [Conflict("role", "CTO", "CEO", "Founder")]
    assert "role" not in done.result
    assert merge({"role": "CTO"}, {"role": "CEO"}, {"role": "Founder"}, "ours").result == {
        "role": "CEO"
    }
    assert merge({"role": "CTO"}, {"role": "CEO"}, {"role": "Founder"}, "theirs").result == {
        "role": "Founder"
    }


def test_both_sides_making_the_same_change_agree() -> None:
    done = merge({"role": "CTO"}, {"role": "CEO"}, {"role": "CEO"})
    assert (done.result, done.conflicts) == ({"role": "CEO"}, [])


def test_a_field_new_on_both_sides_with_different_values_conflicts() -> None:
    done = merge({}, {"role": "CEO"}, {"role": "CTO"})
    assert done.conflicts == [Conflict("role", None, "CEO", "CTO")]


@given(SIDES, SIDES, SIDES, PREFER)
def test_merging_the_result_again_changes_nothing(base, ours, theirs, prefer) -> None:  # type: ignore[no-untyped-def]
    done = merge(base, ours, theirs, prefer)
    # What a second sync sees: both sides now hold the agreed values (conflicts stay as
    # they were on each side, and the base keeps its old value for them).
    conflicted = {c.field for c in done.conflicts}
    new_base = {k: v for k, v in base.items() if k in conflicted} | done.result
    ours2 = {**ours, **done.result}
    theirs2 = {**theirs, **done.result}
    again = merge(new_base, ours2, theirs2, prefer)
    assert again.changes(ours2) == {}
    assert again.changes(theirs2) == {}
    assert {c.field for c in again.conflicts} == conflicted


@given(SIDES, SIDES, PREFER)
def test_a_field_changed_on_one_side_only_always_wins(base, changed, prefer) -> None:  # type: ignore[no-untyped-def]
    for ours, theirs in ((changed, base), (base, changed)):
        done = merge(base, ours, theirs, prefer)
        assert done.conflicts == []
        for key in {*base, *changed}:
            assert done.result[key] == changed.get(key)


@given(SIDES, SIDES, SIDES)
def test_prefer_settles_every_conflict_for_the_side_it_names(base, ours, theirs) -> None:  # type: ignore[no-untyped-def]
    plain = merge(base, ours, theirs)
    for side, values in (("ours", ours), ("theirs", theirs)):
        chosen = merge(base, ours, theirs, side)  # type: ignore[arg-type]
        assert chosen.conflicts == []
        for conflict in plain.conflicts:
            assert chosen.result[conflict.field] == values.get(conflict.field)
