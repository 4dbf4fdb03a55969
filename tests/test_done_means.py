"""The issue's own acceptance examples, exactly as written there."""

from pathlib import Path

from conftest import Netcrm


def test_daily_loop_examples(netcrm: Netcrm, tmp_path: Path) -> None:
    db = str(tmp_path / "t.db")
    netcrm(
        "--db", db, "add", "Ada Lovelace", "--circle", "inner", "--company", "Analytical Engines"
    )
    netcrm(
        "--db",
        db,
        "log",
        "ada",
        "coffee: compilers",
        "--date",
        "2026-10-01",
        "--channel",
        "coffee",
        "--give",
    )
    [ada] = netcrm.json("--db", db, "due", "--as-of", "2026-11-05")  # type: ignore[misc]
    assert ada == {
        "contact_id": 1,
        "name": "Ada Lovelace",
        "circle": "inner",
        "kind": "cadence",
        "step": None,
        "due": "2026-11-01",
        "overdue_days": 4,
        "reason": "inner circle: last touch 2026-10-01, due monthly",
    }
    assert netcrm.json("--db", db, "due", "--as-of", "2026-10-25") == []
    [upcoming] = netcrm.json("--db", db, "due", "--as-of", "2026-10-25", "--within", "7")  # type: ignore[misc]
    assert (upcoming["name"], upcoming["overdue_days"]) == ("Ada Lovelace", -7)

    netcrm(
        "--db",
        db,
        "add",
        "Grace Hopper",
        "--met",
        "2026-11-20 19:00",
        "--met-at",
        "PyCon",
        "--follow-up",
    )
    grace = [
        i
        for i in netcrm.json("--db", db, "due", "--as-of", "2026-11-21")
        if i["name"] == "Grace Hopper"
    ]  # type: ignore[union-attr, index]
    assert [(i["kind"], i["step"], i["due"]) for i in grace] == [
        ("follow_up", "connect", "2026-11-21")
    ]
    netcrm(
        "--db",
        db,
        "log",
        "grace",
        "sent a connection request",
        "--date",
        "2026-11-21 09:00",
        "--channel",
        "linkedin",
    )
    grace = [
        i
        for i in netcrm.json("--db", db, "due", "--as-of", "2026-11-22")
        if i["name"] == "Grace Hopper"
    ]  # type: ignore[union-attr, index]
    assert [(i["kind"], i["step"], i["due"]) for i in grace] == [
        ("follow_up", "resources", "2026-11-22")
    ]

    before = Path(db).read_bytes()
    result = netcrm("--db", db, "log", "nobody", "x", code=1)
    assert result.stderr.count("\n") == 1 and "nobody" in result.stderr
    assert "Traceback" not in result.stderr + result.stdout
    assert Path(db).read_bytes() == before
