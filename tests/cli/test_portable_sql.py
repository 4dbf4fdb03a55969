"""The issue 3 commands run the same SQL on SQLite and PostgreSQL.

On SQLite the SQLite-only functions (date(), strftime(), iif()...) are replaced for the test
by ones that fail, so a query that would break on PostgreSQL fails here too, even on a
machine with no PostgreSQL server; where one is available, conftest runs it there as well.
"""

from collections.abc import Iterator
from typing import Any

import pytest
from sqlalchemy import Engine, event

from conftest import Netcrm

# SQLite functions with no PostgreSQL twin of the same name and meaning.
SQLITE_ONLY = [
    "date", "time", "datetime", "julianday", "unixepoch", "strftime", "iif", "ifnull",
    "printf", "instr",
]  # fmt: skip
SQLITE_ONLY_AGGREGATES = ["group_concat"]


def _refuse(*_args: object) -> None:
    raise RuntimeError("SQLite-only SQL function used")


class _Refuse:
    def step(self, *_args: object) -> None:
        _refuse()

    def finalize(self) -> None:
        _refuse()


def _hide_sqlite_only(dbapi_connection: Any, _record: Any) -> None:
    if type(dbapi_connection).__module__.startswith("sqlite3"):
        for name in SQLITE_ONLY:
            dbapi_connection.create_function(name, -1, _refuse)
        for name in SQLITE_ONLY_AGGREGATES:
            dbapi_connection.create_aggregate(name, -1, _Refuse)


@pytest.fixture
def portable_sqlite() -> Iterator[None]:
    """Every SQLite connection opened meanwhile refuses the SQLite-only functions."""
    event.listen(Engine, "connect", _hide_sqlite_only)
    try:
        yield
    finally:
        event.remove(Engine, "connect", _hide_sqlite_only)


def _by_kind(items: Any) -> dict[str, list[Any]]:
    found: dict[str, list[Any]] = {}
    for item in items:
        found.setdefault(item["kind"], []).append(item)
    return found


@pytest.mark.usefixtures("portable_sqlite")
def test_issue_3_commands_on_every_back_end(
    netcrm: Netcrm, monkeypatch: pytest.MonkeyPatch
) -> None:
    netcrm("add", "Ada Lovelace", "--circle", "inner")
    netcrm("log", "ada", "call", "--date", "2026-10-01", "--promise", "send the compiler paper")
    [promise] = _by_kind(netcrm.json("due", "--as-of", "2026-10-04"))["commitment"]
    assert (promise["due"], promise["overdue_days"]) == ("2026-10-03", 1)
    netcrm("add", "Grace Hopper", "--circle", "middle")
    netcrm("intro", "ada", "grace", "--date", "2026-10-05")
    intros = _by_kind(netcrm.json("due", "--as-of", "2026-10-12"))["intro_follow_up"]
    assert sorted((i["name"], i["due"]) for i in intros) == [
        ("Ada Lovelace", "2026-10-12"),
        ("Grace Hopper", "2026-10-12"),
    ]
    # A touch later the same day as the introduction does not close it; the next day does.
    netcrm("log", "grace", "same day", "--date", "2026-10-05 23:00")
    netcrm("log", "grace", "coffee", "--date", "2026-10-13 09:00", "--channel", "coffee")
    later = _by_kind(netcrm.json("due", "--as-of", "2026-10-14"))["intro_follow_up"]
    assert [i["name"] for i in later] == ["Ada Lovelace"]
    sides: Any = netcrm.json("show", "grace")
    assert sides["introductions"][0]["followed_up_on"] == "2026-10-13"
    assert len(netcrm.json("intros")) == 1  # type: ignore[arg-type]

    # Kept later in the day it was due: on time by the day, not by the moment.
    netcrm("kept", "1", "--date", "2026-10-03 23:30")
    ledger: Any = netcrm.json("balance", "--as-of", "2026-10-31")
    assert (ledger["give"], ledger["share"], ledger["ask"], ledger["none"]) == (2, 0, 0, 3)
    week: Any = netcrm.json("plan", "week", "--as-of", "2026-10-12")
    kinds = [item["kind"] for item in week["items"]]
    assert kinds == ["reconnect_dormant", "schedule_coffee", "follow_through"]
    for period in ("month", "quarter"):
        netcrm("plan", period, "--as-of", "2026-10-12")

    # A 24-48-7 step done after its hour but on its day counts as done on time.
    netcrm("add", "Cy", "--met", "2026-11-25 19:00")  # connect due 2026-11-26 19:00
    monkeypatch.setenv("NETCRM_NOW", "2026-11-26T21:00:00")
    netcrm("done", "cy", "connect")
    stats: Any = netcrm.json("stats", "--as-of", "2026-11-26")
    assert stats["follow_up"] == {"due": 1, "done_on_time": 1, "rate": 1.0}
    assert stats["promises"] == {"made": 1, "kept": 1, "kept_on_time": 1, "rate": 1.0}
    months = {row["month"]: row["interactions"] for row in stats["activity"]}
    assert (months["2026-09"], months["2026-10"], months["2026-11"]) == (0, 5, 0)
    # Growth counts each contact from its first dated fact (issue 10): Ada and Grace from
    # their October touches, Cy from meeting in November, though all three were added today.
    growth = {row["month"]: row["added"] for row in stats["growth"]}
    assert (growth["2026-10"], growth["2026-11"]) == (2, 1)
    netcrm("stats", "--as-of", "2026-11-26")
