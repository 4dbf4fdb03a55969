"""Any number of emails, phones, links and addresses per contact (issue 14, section 2)."""

import pytest

from conftest import Netcrm
from helpers import add, execute, query, refused, show


def _values(profile: dict[str, object], key: str) -> list[tuple[object, object, object]]:
    return [(e["value"], e["label"], e["preferred"]) for e in profile[key]]  # type: ignore[attr-defined, index]


def _no_drift(netcrm: Netcrm) -> None:
    """The derived columns equal what the entries say, for every contact."""
    import os

    from sqlalchemy import create_engine
    from sqlmodel import Session

    from netcrm.store import details

    target = os.environ["NETCRM_DB"]
    engine = create_engine(target if "://" in target else f"sqlite:///{target}")
    try:
        with Session(engine) as session:
            assert details.drifted(session) == []
    finally:
        engine.dispose()


def test_add_takes_several_of_each_kind_with_labels(netcrm: Netcrm) -> None:
    ada = add(
        netcrm, "Ada Lovelace",
        "--email", "ada@work.example:work", "--email", "ada@home.example:home",
        "--phone", "+44 20 7946 0000:mobile", "--phone", "tel:+44 20 7946 0001",
        "--url", "https://github.com/ada", "--url", "https://ada.example:blog",
        "--linkedin", "https://www.linkedin.com/in/ada-l/",
        "--address", "12 St James's Square;London;;SW1Y 4JH;UK:home",
    )  # fmt: skip
    assert _values(ada, "emails") == [
        ("ada@work.example", "work", True),
        ("ada@home.example", "home", False),
    ]
    assert _values(ada, "phones") == [
        ("+44 20 7946 0000", "mobile", True),
        ("+44 20 7946 0001", None, False),  # tel: URI scheme dropped
    ]
    assert _values(ada, "urls") == [
        ("https://github.com/ada", "github", True),
        ("https://ada.example", "blog", False),
        ("https://www.linkedin.com/in/ada-l/", "linkedin", False),
    ]
    assert ada["addresses"] == [
        {"street": "12 St James's Square", "city": "London", "region": None,
         "postcode": "SW1Y 4JH", "country": "UK", "label": "home", "preferred": True}
    ]  # fmt: skip
    # The single-value keys stay and hold the preferred value (LinkedIn: the LinkedIn link).
    assert (ada["email"], ada["phone"], ada["linkedin"]) == (
        "ada@work.example",
        "+44 20 7946 0000",
        "https://www.linkedin.com/in/ada-l/",
    )
    listed = netcrm.json("list")[0]  # type: ignore[index]
    assert (listed["email"], listed["phone"]) == ("ada@work.example", "+44 20 7946 0000")
    _no_drift(netcrm)


def test_edit_adds_removes_and_prefers(netcrm: Netcrm) -> None:
    add(netcrm, "Ada", "--email", "a@one.example", "--phone", "+1 555 010 0001")
    netcrm("edit", "ada", "--email", "a@two.example:work", "--prefer-email", "A@TWO.example")
    ada = show(netcrm, "ada")
    assert _values(ada, "emails") == [
        ("a@two.example", "work", True),
        ("a@one.example", None, False),
    ]
    assert ada["email"] == "a@two.example"
    netcrm("edit", "ada", "--rm-email", "a@two.example", "--rm-phone", "+15550100001")
    ada = show(netcrm, "ada")
    assert (_values(ada, "emails"), ada["phones"], ada["email"], ada["phone"]) == (
        [("a@one.example", None, True)],
        [],
        "a@one.example",
        None,
    )
    netcrm("edit", "ada", "--url", "https://gitlab.com/ada", "--url", "https://ada.example")
    netcrm("edit", "ada", "--prefer-url", "https://ada.example")
    assert [u["value"] for u in show(netcrm, "ada")["urls"] if u["preferred"]] == [  # type: ignore[attr-defined]
        "https://ada.example"
    ]
    netcrm("edit", "ada", "--email", "")  # an empty value clears the kind, like any field
    assert show(netcrm, "ada")["emails"] == []
    _no_drift(netcrm)


def test_edit_linkedin_replaces_the_link_shown(netcrm: Netcrm) -> None:
    add(netcrm, "Ada", "--linkedin", "linkedin.com/in/old", "--url", "https://ada.example")
    netcrm("edit", "ada", "--linkedin", "https://linkedin.com/in/new")
    ada = show(netcrm, "ada")
    assert ada["linkedin"] == "https://linkedin.com/in/new"
    assert [u["value"] for u in ada["urls"]] == [  # type: ignore[attr-defined]
        "https://linkedin.com/in/new",
        "https://ada.example",
    ]
    netcrm("edit", "ada", "--linkedin", "")
    assert show(netcrm, "ada")["linkedin"] is None
    _no_drift(netcrm)


@pytest.mark.parametrize(
    "args",
    [
        ["edit", "ada", "--rm-email", "nobody@example.org"],
        ["edit", "ada", "--address", "a;b;c;d;e;f"],
        ["edit", "ada", "--email", "bad\x00x@example.org"],
    ],
)
def test_bad_entries_are_refused_and_nothing_is_written(netcrm: Netcrm, args: list[str]) -> None:
    add(netcrm, "Ada", "--email", "ada@example.org")
    refused(netcrm, *args)


def test_add_refuses_a_second_contact_with_any_stored_email_or_phone(netcrm: Netcrm) -> None:
    add(netcrm, "Ada", "--email", "a@one.example", "--email", "ada@two.example")
    add(netcrm, "Bob", "--phone", "+44 20 7946 0000")
    assert "#1 Ada already has that email" in refused(
        netcrm, "add", "Augusta", "--email", "ADA@two.example"
    )
    assert "#2 Bob already has that phone number" in refused(
        netcrm, "add", "Robert", "--phone", "+44 (20) 7946-0000"
    )
    # Placeholders are no identity: two people may both have typed "none".
    add(netcrm, "Cy", "--email", "none")
    add(netcrm, "Di", "--email", "none")


def test_the_derived_columns_cannot_drift_through_merge_and_undo(netcrm: Netcrm) -> None:
    add(netcrm, "Ada", "--email", "a@one.example")
    add(netcrm, "Ada L", "--email", "a@two.example", "--phone", "+44 20 7946 0000", "--force")
    netcrm("merge", "1", "2", "--yes")
    ada = show(netcrm, "1")
    assert [e["value"] for e in ada["emails"]] == ["a@one.example", "a@two.example"]  # type: ignore[attr-defined]
    assert ada["phone"] == "+44 20 7946 0000"
    _no_drift(netcrm)
    netcrm("undo", "--yes")
    _no_drift(netcrm)
    assert [row[0] for row in query("SELECT name FROM contact ORDER BY id")] == ["Ada", "Ada L"]


def test_doctor_names_a_contact_whose_columns_were_changed_behind_its_back(
    netcrm: Netcrm,
) -> None:
    add(netcrm, "Ada", "--email", "a@one.example")
    execute("UPDATE contact SET email = 'other@example.org'")
    import json

    report = json.loads(netcrm("doctor", "--json", code=1).stdout)
    [check] = [check for check in report["checks"] if check["name"] == "derived columns"]
    assert not check["ok"] and "#1" in check["detail"], check
