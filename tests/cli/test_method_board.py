"""`netcrm board`: seats, holders, habits, gaps with candidates, and the holders' cadence."""

from typing import Any

from conftest import Netcrm
from helpers import add, due, refused


def seats(board: Any) -> dict[str, list[str]]:
    return {seat["role"]: [h["name"] for h in seat["holders"]] for seat in board["seats"]}


def test_set_unset_and_the_json_shape(netcrm: Netcrm) -> None:
    add(netcrm, "Ada Lovelace", "--circle", "inner")
    add(netcrm, "Grace Hopper")
    assert netcrm("board", "set", "mentor", "ada").stdout == (
        "Ada Lovelace now holds the mentor seat\n"
    )
    netcrm("board", "set", "mentor", "grace")  # a seat holds several people
    netcrm("board", "set", "peer", "ada")  # a person holds several seats
    board: Any = netcrm.json("board")
    assert set(board) == {"seats", "gaps"}
    assert [seat["role"] for seat in board["seats"]] == [
        "sponsor", "mentor", "coach", "connector", "peer",
    ]  # fmt: skip
    assert seats(board) == {
        "sponsor": [],
        "mentor": ["Ada Lovelace", "Grace Hopper"],
        "coach": [],
        "connector": [],
        "peer": ["Ada Lovelace"],
    }
    mentor = board["seats"][1]
    assert set(mentor) == {"role", "holders", "habit"}
    assert set(mentor["holders"][0]) == {"contact_id", "name", "last_touch", "on_cadence"}
    assert "advice" in mentor["habit"]
    assert "aiming for" in board["seats"][0]["habit"]  # sponsor: your aspirations
    assert "improved" in board["seats"][2]["habit"]  # coach: show improvement
    assert [gap["role"] for gap in board["gaps"]] == ["sponsor", "coach", "connector"]
    assert set(board["gaps"][0]) == {"role", "candidates"}
    netcrm("board", "unset", "mentor", "grace")
    assert seats(netcrm.json("board"))["mentor"] == ["Ada Lovelace"]
    assert netcrm("board", "unset", "peer").stdout == "Ada Lovelace no longer holds the peer seat\n"


def test_holders_last_touch_and_cadence(netcrm: Netcrm) -> None:
    add(netcrm, "Ada", "--circle", "outer")
    add(netcrm, "Bob", "--circle", "outer")
    netcrm("log", "ada", "coffee", "--date", "2026-10-01")  # 8 weeks ago: over a month
    netcrm("log", "bob", "call", "--date", "2026-11-10")
    netcrm("board", "set", "sponsor", "ada")
    netcrm("board", "set", "sponsor", "bob")
    holders = netcrm.json("board")["seats"][0]["holders"]  # type: ignore[index, call-overload]
    assert holders == [
        {"contact_id": 1, "name": "Ada", "last_touch": "2026-10-01", "on_cadence": False},
        {"contact_id": 2, "name": "Bob", "last_touch": "2026-11-10", "on_cadence": True},
    ]
    text = netcrm("board").stdout
    assert "sponsor:\n  #1 Ada: last touch 1 Oct 2026, due a touch\n" in text
    assert "  #2 Bob: last touch 10 Nov 2026, on cadence\n" in text
    assert "  next touch: tell them what you are aiming for next" in text


def test_gaps_name_up_to_three_candidates_and_why(netcrm: Netcrm) -> None:
    add(netcrm, "Ann", "--tag", "mentor", "--circle", "inner")  # tag 3 + inner 2
    add(netcrm, "Ben", "--role", "Principal Engineer")  # role 2
    add(netcrm, "Cat", "--role", "Staff Engineer", "--circle", "middle")  # role 2 + middle 1
    add(netcrm, "Dan", "--influence", "high", "--accessibility", "high")  # golden 2
    add(netcrm, "Eve", "--circle", "inner")  # closeness alone: never a candidate
    board: Any = netcrm.json("board")
    mentor = next(gap for gap in board["gaps"] if gap["role"] == "mentor")
    assert mentor["candidates"] == [
        {"contact_id": 1, "name": "Ann", "why": "tagged mentor; inner circle"},
        {"contact_id": 3, "name": "Cat", "why": "role Staff Engineer; middle circle"},
        {"contact_id": 2, "name": "Ben", "why": "role Principal Engineer"},
    ]
    text = netcrm("board").stdout
    assert "mentor: empty, candidates: #1 Ann (tagged mentor; inner circle);" in text
    assert "Eve" not in text


def test_a_holder_is_due_at_least_monthly(netcrm: Netcrm) -> None:
    add(netcrm, "Ada", "--circle", "outer")  # yearly by circle
    add(netcrm, "Bob", "--circle", "outer", "--every", "2w")  # own cadence, shorter than 1m
    netcrm("log", "ada", "coffee", "--date", "2026-10-20")
    netcrm("log", "bob", "coffee", "--date", "2026-11-20")
    assert [item["name"] for item in due(netcrm, "--within", "30")] == ["Bob"]
    netcrm("board", "set", "mentor", "ada")
    netcrm("board", "set", "mentor", "bob")
    items = {item["name"]: item for item in due(netcrm, "--within", "30")}
    assert (items["Ada"]["kind"], items["Ada"]["due"]) == ("cadence", "2026-11-20")
    assert items["Ada"]["reason"].startswith("board seat (outer circle): last touch 2026-10-20")
    assert items["Bob"]["due"] == "2026-12-04"  # their own two weeks stand
    netcrm("board", "unset", "mentor", "ada")
    assert "Ada" not in [item["name"] for item in due(netcrm, "--within", "30")]


def test_errors(netcrm: Netcrm) -> None:
    add(netcrm, "Ada")
    assert refused(netcrm, "board", "set", "guru", "ada") == (
        "netcrm: unknown board seat 'guru': use one of sponsor, mentor, coach, connector, peer"
    )
    assert refused(netcrm, "board", "set", "mentor", "zed").startswith(
        "netcrm: no contact matches 'zed'"
    )
    netcrm("board", "set", "mentor", "ada")
    assert refused(netcrm, "board", "set", "mentor", "ada") == (
        "netcrm: Ada already holds the mentor seat"
    )
    assert refused(netcrm, "board", "unset", "coach") == "netcrm: nobody holds the coach seat"
    assert refused(netcrm, "board", "unset", "coach", "ada") == (
        "netcrm: Ada does not hold the coach seat"
    )
    netcrm("archive", "ada")
    add(netcrm, "Bob")
    netcrm("archive", "bob")
    assert refused(netcrm, "board", "set", "peer", "bob") == (
        "netcrm: Bob is archived: `netcrm unarchive` them first"
    )
    # An archived holder is not listed (nor due).
    assert netcrm.json("board")["seats"][1]["holders"] == []  # type: ignore[index, call-overload]


def test_board_as_of_ignores_seats_set_later(netcrm: Netcrm) -> None:
    add(netcrm, "Ada", "--last-touch", "2026-01-01")
    netcrm("board", "set", "coach", "ada")
    past: Any = netcrm.json("board", "--as-of", "2026-11-25")
    assert seats(past)["coach"] == []
