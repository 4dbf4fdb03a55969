"""`netcrm matrix` and `add/edit --influence/--accessibility`; accessibility derived from
outreach answers; introducers for aspirational contacts."""

from typing import Any

from conftest import Netcrm
from helpers import add, refused, show

ITEM_KEYS = {"contact_id", "name", "influence", "accessibility", "derived"}


def test_quadrants_unrated_and_keys(netcrm: Netcrm) -> None:
    add(netcrm, "Gold", "--influence", "high", "--accessibility", "high")
    add(netcrm, "Star", "--influence", "high", "--accessibility", "low", "--company", "Navy")
    add(netcrm, "Pal", "--influence", "low", "--accessibility", "high", "--company", "navy ")
    add(netcrm, "Nope", "--influence", "low", "--accessibility", "low")
    add(netcrm, "Half", "--influence", "high")  # no accessibility, no outreach: unrated
    add(netcrm, "None")
    matrix: Any = netcrm.json("matrix")
    assert set(matrix) == {"golden", "aspirational", "peer", "avoid", "unrated"}
    assert [one["name"] for one in matrix["golden"]] == ["Gold"]
    assert [one["name"] for one in matrix["peer"]] == ["Pal"]
    assert [one["name"] for one in matrix["avoid"]] == ["Nope"]
    assert matrix["unrated"] == 2
    assert set(matrix["golden"][0]) == ITEM_KEYS
    star = matrix["aspirational"][0]
    assert set(star) == ITEM_KEYS | {"introducers"}
    assert star["introducers"] == [{"contact_id": 3, "name": "Pal", "why": "also at Navy"}]
    text = netcrm("matrix").stdout
    assert "golden (1): Gold\n" in text and "aspirational (1): Star\n" in text
    assert "unrated: 2" in text
    assert "introducers for Star: #3 Pal (also at Navy)\n" in text


def test_introducers_by_shared_tag(netcrm: Netcrm) -> None:
    add(netcrm, "Star", "--influence", "high", "--accessibility", "low", "--tag", "rust")
    add(netcrm, "Fan", "--tag", "rust", "--tag", "go")
    add(netcrm, "Other", "--tag", "go")
    star: Any = netcrm.json("matrix")["aspirational"][0]  # type: ignore[index, call-overload]
    assert star["introducers"] == [{"contact_id": 2, "name": "Fan", "why": "shares tag rust"}]


def test_accessibility_is_derived_from_answers_after_three_outreaches(netcrm: Netcrm) -> None:
    add(netcrm, "Quick", "--influence", "high")
    add(netcrm, "Silent", "--influence", "high")
    for day in ("2026-09-01", "2026-09-20", "2026-10-10"):
        netcrm("log", "quick", "hello", "--outreach", "--date", day)
        netcrm("log", "silent", "hello", "--outreach", "--date", day)
    for day in ("2026-09-03", "2026-09-25"):  # answered within 14 days, twice of three
        netcrm("log", "quick", "reply", "--date", day)
    matrix: Any = netcrm.json("matrix")
    assert matrix["golden"] == [
        {"contact_id": 1, "name": "Quick", "influence": "high", "accessibility": "high",
         "derived": True},
    ]  # fmt: skip
    assert [(one["name"], one["derived"]) for one in matrix["aspirational"]] == [("Silent", True)]
    # Two outreaches are not enough to say.
    assert netcrm.json("matrix", "--as-of", "2026-10-05")["unrated"] == 2  # type: ignore[index, call-overload]
    # A rating set by hand wins over the derived one.
    netcrm("edit", "silent", "--accessibility", "high")
    assert netcrm.json("matrix")["golden"][1]["derived"] is False  # type: ignore[index, call-overload]
    profile = show(netcrm, "quick")
    assert (profile["quadrant"], profile["accessibility_derived"]) == ("golden", True)
    # '' clears the hand rating: derived again.
    netcrm("edit", "silent", "--accessibility", "")
    assert show(netcrm, "silent")["accessibility"] == "low"


def test_rating_errors(netcrm: Netcrm) -> None:
    add(netcrm, "Ada")
    assert refused(netcrm, "edit", "ada", "--influence", "medium") == (
        "netcrm: unknown influence 'medium': use one of high, low"
    )
    assert refused(netcrm, "add", "Bob", "--accessibility", "sometimes") == (
        "netcrm: unknown accessibility 'sometimes': use one of high, low"
    )
