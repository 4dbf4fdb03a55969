"""`netcrm dupes` and `netcrm merge`."""

import os
from typing import Any

import pytest

from conftest import Netcrm
from helpers import FIXTURES, refused
from netcrm.cli import common


def test_dupes_lists_pairs_with_reasons(netcrm: Netcrm) -> None:
    # `add` refuses duplicates; --force adds them, as an import or an older netcrm could.
    netcrm("add", "Ada Lovelace", "--email", "ada@example.org")
    netcrm("add", "ada  lovelace", "--email", "ADA@example.org ", "--force")
    netcrm("add", "A. L.", "--linkedin", "https://www.linkedin.com/in/ada/")
    netcrm("add", "Countess", "--linkedin", "http://linkedin.com/in/Ada?trk=x", "--force")
    netcrm("add", "José Núñez")
    netcrm("add", "Jose Nunez", "--force")
    netcrm("add", "Someone Else")
    pairs = netcrm.json("dupes")
    assert isinstance(pairs, list)
    found = {(pair["a"]["id"], pair["b"]["id"]): pair["why"] for pair in pairs}
    assert found == {
        (1, 2): ["same email (ada@example.org)", "same name (ada lovelace)"],
        (3, 4): ["same LinkedIn URL (linkedin.com/in/ada)"],
        (5, 6): ["same name (jose nunez)"],
    }
    assert "same LinkedIn URL" in netcrm("dupes").stdout


def test_merge_moves_everything_and_keeps_keep(netcrm: Netcrm) -> None:
    netcrm("add", "Ada Lovelace", "--email", "ada@example.org", "--company", "AE", "--tag", "a")
    netcrm(
        "add",
        "Ada L",
        "--email",
        "other@example.org",
        "--phone",
        "123",
        "--tag",
        "b",
        "--met",
        "2026-11-24",
    )
    netcrm("add", "Grace")
    netcrm("log", "Ada L", "coffee", "--date", "2026-11-01")
    merged = netcrm.json("merge", "1", "2", "--yes")
    assert merged == {
        "kept": {"id": 1, "name": "Ada Lovelace"},
        "merged": {"id": 2, "name": "Ada L"},
        # Issue 14: OTHER's email is kept beside KEEP's (once a conflict, and dropped).
        "filled": {
            "phone": "123",
            "emails": ["other@example.org"],
            "met_at": "2026-11-24T00:00:00",
        },
        "conflicts": {"name": {"kept": "Ada Lovelace", "other": "Ada L"}},
    }
    ada = netcrm.json("show", "1")
    assert isinstance(ada, dict)
    assert ada["tags"] == ["a", "b"]
    assert ada["phone"] == "123" and ada["email"] == "ada@example.org"
    assert [row["summary"] for row in ada["interactions"]] == ["coffee"]
    assert len(ada["follow_ups"]) == 3  # Ada L's 24-48-7 steps moved over
    assert "no contact #2" in refused(netcrm, "show", "2")


def test_merge_refuses_without_a_terminal_or_the_same_contact(netcrm: Netcrm) -> None:
    netcrm("add", "Ada")
    netcrm("add", "Ada Two")
    assert "--yes" in refused(netcrm, "merge", "1", "2")
    assert "same contact" in refused(netcrm, "merge", "1", "#1", "--yes")
    assert len(netcrm.json("list")) == 2  # type: ignore[arg-type]


@pytest.mark.parametrize(("answer", "remaining"), [("n\n", 2), ("y\n", 1)])
def test_merge_asks_on_a_terminal(
    netcrm: Netcrm, monkeypatch: pytest.MonkeyPatch, answer: str, remaining: int
) -> None:
    netcrm("add", "Ada")
    netcrm("add", "Ada Two")
    monkeypatch.setattr(common, "is_interactive", lambda: True)
    out: Any = netcrm("merge", "1", "2", input=answer, code=0 if remaining == 1 else 1)
    assert "Merge #2 Ada Two into #1 Ada" in out.stdout
    assert len(netcrm.json("list")) == remaining  # type: ignore[arg-type]


def test_merge_moves_promises_and_introductions(netcrm: Netcrm) -> None:
    from datetime import date, datetime

    from netcrm.store.db import open_session
    from netcrm.store.models import Introduction, Promise

    for name in ("Ada", "Ada Two", "Grace"):
        netcrm("add", name)
    made = datetime(2026, 11, 20, 9, 0)
    with open_session(os.environ["NETCRM_DB"], write=True) as session:
        session.add(
            Promise(contact_id=2, text="send slides", made_at=made, due_on=date(2026, 12, 1))
        )
        session.add(Introduction(contact_a_id=2, contact_b_id=3, made_at=made))
        session.add(Introduction(contact_a_id=1, contact_b_id=2, made_at=made))
    netcrm("merge", "1", "2", "--yes")
    with open_session(os.environ["NETCRM_DB"], write=False) as session:
        from sqlmodel import select

        assert [p.contact_id for p in session.exec(select(Promise))] == [1]
        intros = [(i.contact_a_id, i.contact_b_id) for i in session.exec(select(Introduction))]
    assert intros == [(1, 3)]  # the one between the two merged contacts is gone


def test_merge_moves_reminders(netcrm: Netcrm) -> None:
    for name in ("Ada", "Ada Two"):
        netcrm("add", name)
    netcrm("remind", "ada two", "ask about the move", "--on", "dec 3")
    netcrm("remind", "ada two", "joined Acme", "--on", "2019-03-15", "--yearly")
    netcrm("merge", "1", "2", "--yes")
    kept = netcrm.json("reminders")
    assert [(r["contact_id"], r["text"]) for r in kept] == [  # type: ignore[union-attr]
        (1, "ask about the move"),
        (1, "joined Acme"),
    ]


def test_merge_conflicts_use_the_match_keys_and_name_and_circle_count(netcrm: Netcrm) -> None:
    import json

    url = "https://www.linkedin.com/in/ada-l/"
    netcrm("add", "Ada Lovelace", "--email", "Ada@Example.org", "--linkedin", url)
    netcrm("edit", "1", "--circle", "inner")
    netcrm(
        "add", "Ada L.", "--email", "ada@example.org", "--linkedin", "linkedin.com/in/Ada-L",
        "--force",
    )  # fmt: skip
    netcrm("edit", "2", "--circle", "middle")
    merged = netcrm.json("merge", "1", "2", "--yes")
    assert isinstance(merged, dict)
    # Two spellings of one address or one profile are no conflict; name and circle are.
    assert merged["conflicts"] == {
        "name": {"kept": "Ada Lovelace", "other": "Ada L."},
        "circle": {"kept": "inner", "other": "middle"},
    }
    [ada] = json.loads(netcrm("export", "json").stdout)["contacts"]
    assert ada["circle"] == "inner"
    history = [(row["old_circle"], row["new_circle"]) for row in ada["circle_history"]]
    # KEEP's own start and move stay; OTHER's move stays as history; OTHER's start is gone.
    assert history.count((None, "outer")) == 1
    assert [old for old, _new in history].count(None) == 1
    assert ("outer", "inner") in history and ("outer", "middle") in history


def test_merge_carries_what_linkedin_last_showed(netcrm: Netcrm) -> None:
    netcrm("add", "Ada L", "--no-follow-up")
    netcrm("import", "linkedin", str(FIXTURES / "linkedin_en.csv"))
    netcrm("merge", "Ada L", "Ada Lovelace", "--yes")
    moved = netcrm.json("import", "linkedin", str(FIXTURES / "linkedin_moved.csv"))
    assert isinstance(moved, dict)
    [ada] = [change for change in moved["changes"] if change["name"] == "Ada L"]
    # The company came from LinkedIn through OTHER, so it follows the export: career news.
    assert ada["set"]["company"] == "Difference Engines" and "company" not in ada["conflicts"]
    assert ada["career"] is not None
