"""`netcrm export`: json round trips, csv safety, vCard re-import, the ICS due calendar.

The round trips export from the test's database and import into a SQLite file of their own
(`--db tmp_path/other.db`). They run on both back ends on purpose: on PostgreSQL they check
that a server's export reads back the same into a file, the move most users make.
"""

import csv
import io
import json
from pathlib import Path

import pytest

from conftest import Netcrm
from helpers import FIXTURES, refused


def populate(netcrm: Netcrm) -> None:
    """A database with a bit of everything, and an id gap from a deleted contact."""
    netcrm("import", "linkedin", str(FIXTURES / "linkedin_en.csv"))
    netcrm("add", "Temp", "--email", "temp@example.org")
    netcrm("rm", "Temp", "--yes")
    netcrm(
        "add",
        "Bob Builder",
        "--met",
        "2026-11-25 10:00",
        "--circle",
        "inner",
        "--tag",
        "x",
        "--birthday",
        "03-04",
        "--notes",
        "=SUM(A1:A9)",
        "--phone",
        "+49 30 1234",
    )
    netcrm("log", "bob", "coffee: plans", "--channel", "coffee", "--give")
    netcrm("log", "bob", "coffee: plans", "--date", "2026-11-25")  # an identical-looking touch
    netcrm("edit", "grace", "--circle", "middle", "--every", "6w")
    netcrm("archive", "ada")
    netcrm("import", "linkedin", str(FIXTURES / "linkedin_moved.csv"))
    netcrm("snooze", "jöns", "--until", "2026-12-24")
    netcrm("remind", "bob", "ask about the move", "--on", "dec 3")
    netcrm("remind", "bob", "joined Acme", "--on", "2019-03-15", "--yearly")


@pytest.mark.parametrize("nl", [False, True])
def test_json_round_trip_is_identical(netcrm: Netcrm, tmp_path: Path, nl: bool) -> None:
    populate(netcrm)
    flags = ["--nl"] if nl else []
    first = netcrm("export", "json", *flags).stdout
    other = str(tmp_path / "other.db")
    saved = tmp_path / "export.json"
    saved.write_text(first, encoding="utf-8")
    out = netcrm("--db", other, "import", "json", str(saved))
    assert out.stdout.strip() == "4 new, 0 updated, 0 unchanged, 0 skipped"
    assert netcrm("--db", other, "export", "json", *flags).stdout == first
    # The same file again adds nothing anywhere.
    again = netcrm("--db", other, "import", "json", str(saved))
    assert again.stdout.strip() == "0 new, 0 updated, 4 unchanged, 0 skipped"
    assert netcrm("import", "json", str(saved)).stdout.strip().startswith("0 new, 0 updated")


def test_json_holds_everything(netcrm: Netcrm) -> None:
    populate(netcrm)
    document = json.loads(netcrm("export", "json").stdout)
    assert (document["format"], document["version"]) == ("netcrm", 1)
    by_name = {contact["name"]: contact for contact in document["contacts"]}
    bob = by_name["Bob Builder"]
    assert bob["created"] == "2026-11-26T08:00:00"
    assert bob["met_at"] == "2026-11-25T10:00:00" and bob["met_has_time"] is True
    assert bob["tags"] == ["x"] and bob["birthday"] == "--03-04"
    assert len(bob["interactions"]) == 2
    assert [step["step"] for step in bob["follow_ups"]] == ["connect", "resources", "schedule"]
    assert any(step["interaction"] is not None for step in bob["follow_ups"])
    grace = by_name["Grace Hopper"]
    # Both moves happened at the same fixed second, so only the set is certain.
    assert sorted(change["new_circle"] for change in grace["circle_history"]) == ["middle", "outer"]
    assert grace["cadence"] == "6w"
    assert by_name["Ada Lovelace"]["archived_at"] == "2026-11-26T08:00:00"
    assert by_name["Ada Lovelace"]["career_changes"][0]["new_company"] == "Difference Engines"
    assert "id" not in bob and all(key in document for key in ("contacts", "introductions"))
    # Issue 10: when the snooze was set, the import's spread, and reminders travel too.
    jons = by_name["Jöns Müller-Šimić"]
    assert (jons["snoozed_until"], jons["snoozed_at"]) == ("2026-12-24", "2026-11-26T08:00:00")
    assert bob["first_due_slot"] is None  # added by hand
    imported = [contact for contact in document["contacts"] if contact["linkedin"]]
    # Three contacts from one import: a third of their first period apart.
    assert sorted(contact["first_due_slot"] for contact in imported) == [1 / 3, 2 / 3, 1.0]
    assert bob["reminders"] == [
        {"on": "2019-03-15", "text": "joined Acme", "yearly": True,
         "created_at": "2026-11-26T08:00:00", "done_at": None},
        {"on": "2026-12-03", "text": "ask about the move", "yearly": False,
         "created_at": "2026-11-26T08:00:00", "done_at": None},
    ]  # fmt: skip


def test_json_into_empty_db_keeps_links(netcrm: Netcrm, tmp_path: Path) -> None:
    populate(netcrm)
    path = tmp_path / "e.json"
    netcrm("export", "json", "-o", str(path))
    other = str(tmp_path / "other.db")
    netcrm("--db", other, "import", "json", str(path))
    bob = netcrm.json("--db", other, "show", "bob")
    assert isinstance(bob, dict)
    assert [step["done"] for step in bob["follow_ups"]] == [True, True, False]
    assert bob["created"] == "2026-11-26T08:00:00"


def test_csv_every_field_and_formula_safety(netcrm: Netcrm) -> None:
    populate(netcrm)
    rows = list(csv.DictReader(io.StringIO(netcrm("export", "csv").stdout)))
    assert len(rows) == 4  # archived contacts included
    bob = next(row for row in rows if row["name"] == "Bob Builder")
    assert bob["notes"] == "'=SUM(A1:A9)"
    assert bob["phone"] == "+49 30 1234"  # a phone number is no formula: left readable
    assert bob["last_interaction"] == "2026-11-26"
    assert bob["tags"] == "x"
    assert bob["next_due"]
    assert {"company", "role", "email", "linkedin", "birthday", "cadence", "created"} <= set(bob)


def test_vcard_round_trip(netcrm: Netcrm, tmp_path: Path) -> None:
    netcrm("import", "vcard", str(FIXTURES / "contacts_v3.vcf"), str(FIXTURES / "contacts_v4.vcf"))
    netcrm("add", "Plain Person")
    for version in ("3.0", "4.0"):
        path = tmp_path / f"out{version}.vcf"
        netcrm("export", "vcard", "--vcard-version", version, "-o", str(path))
        text = path.read_text(encoding="utf-8")
        assert f"VERSION:{version}" in text
        assert ("BDAY:--0312" if version == "4.0" else "BDAY:--03-12") in text
        same_db = netcrm("import", "vcard", str(path))
        assert same_db.stdout.strip() == "0 new, 0 updated, 4 unchanged, 0 skipped"
        other = str(tmp_path / f"other{version}.db")
        netcrm("--db", other, "import", "vcard", str(path))
        for name in ("Ada Lovelace", "Jöns Müller"):
            original, copy = netcrm.json("show", name), netcrm.json("--db", other, "show", name)
            assert isinstance(original, dict) and isinstance(copy, dict)
            for key in (
                "company",
                "role",
                "email",
                "phone",
                "linkedin",
                "birthday",
                "notes",
                "tags",
            ):
                assert copy[key] == original[key], key
    first = (tmp_path / "out3.0.vcf").read_text(encoding="utf-8")
    assert netcrm("export", "vcard").stdout == first  # stable UIDs


def test_ics_lists_what_due_lists(netcrm: Netcrm) -> None:
    from icalendar import Calendar

    populate(netcrm)
    text = netcrm("export", "ics", "--as-of", "2026-11-26", "--within", "30").stdout
    events = Calendar.from_ical(text).walk("VEVENT")
    due = netcrm.json("due", "--as-of", "2026-11-26", "--within", "30")
    assert isinstance(due, list)
    assert len(events) == len(due) > 0
    uids = [str(event["UID"]) for event in events]
    assert len(set(uids)) == len(uids)
    assert not any("Ada Lovelace" in str(event["SUMMARY"]) for event in events)  # archived
    by_uid = {str(event["UID"]): event for event in events}
    bob = next(item for item in due if item["name"] == "Bob Builder")
    bob_uid = netcrm("export", "vcard").stdout.split("UID:")[1:]
    assert bob_uid  # the contact's stable uid is the one its vCard carries
    [step] = [e for u, e in by_uid.items() if u.endswith(f"-follow_up-{bob['step']}@netcrm")]
    assert str(step["SUMMARY"]) == f"{bob['step']}: Bob Builder"
    # Re-exported later, the same item keeps its UID.
    later = netcrm("export", "ics", "--as-of", "2026-11-27").stdout
    assert set(uids) & {str(e["UID"]) for e in Calendar.from_ical(later).walk("VEVENT")}


def test_export_unknown_format(netcrm: Netcrm) -> None:
    # The first command meets a database not made yet, which it may create: no refused().
    assert "unknown export format" in netcrm("export", "xml", code=1).stderr
    assert "unknown vCard version" in refused(netcrm, "export", "vcard", "--vcard-version", "2.1")


def test_json_round_trip_with_promises_and_introductions(netcrm: Netcrm, tmp_path: Path) -> None:
    import os
    from datetime import date, datetime

    from netcrm.store.db import open_session
    from netcrm.store.models import Introduction, Promise

    for name in ("Ada", "Grace"):
        netcrm("add", name)
    netcrm("log", "ada", "talked", "--date", "2026-11-20")
    made = datetime(2026, 11, 20, 9, 0)
    with open_session(os.environ["NETCRM_DB"], write=True) as session:
        session.add(
            Promise(
                contact_id=1,
                text="send slides",
                made_at=made,
                due_on=date(2026, 12, 1),
                kept_at=made,
                interaction_id=1,
            )
        )
        session.add(Introduction(contact_a_id=1, contact_b_id=2, made_at=made, note="both ML"))
    first = netcrm("export", "json").stdout
    document = json.loads(first)
    ada = next(contact for contact in document["contacts"] if contact["name"] == "Ada")
    assert ada["promises"][0]["interaction"] == 0
    [intro] = document["introductions"]
    assert intro["note"] == "both ML" and intro["a"] == ada["uid"]
    path = tmp_path / "e.json"
    path.write_text(first, encoding="utf-8")
    other = str(tmp_path / "other.db")
    netcrm("--db", other, "import", "json", str(path))
    assert netcrm("--db", other, "export", "json").stdout == first


@pytest.mark.parametrize(
    "start",
    [
        "=",
        "+",
        "-",
        "@",
        "\t",
        "\r",
        " =",
        "\t+",
        "\n=",
        " \n @",
        "\uff1d",
        "\uff0b",
        "\uff0d",
        "\uff20",
        " \uff1d",
    ],
)
def test_csv_neutralises_every_formula_start(netcrm: Netcrm, start: str) -> None:
    netcrm("add", "Eve", "--notes", f"{start}cmd|' /C calc'!A0")
    [row] = list(csv.DictReader(io.StringIO(netcrm("export", "csv").stdout)))
    assert row["notes"] == f"'{start}cmd|' /C calc'!A0"
    assert row["name"] == "Eve"  # ordinary cells are left alone


def test_json_nl_is_one_object_per_line(netcrm: Netcrm) -> None:
    populate(netcrm)
    lines = netcrm("export", "json", "--nl").stdout.splitlines()
    objects = [json.loads(line) for line in lines]
    assert objects[0] == {"format": "netcrm", "version": 1}
    assert [item["type"] for item in objects[1:]] == ["contact"] * 4


def test_vcard_org_with_semicolons_and_commas_survives(netcrm: Netcrm, tmp_path: Path) -> None:
    netcrm("add", "Ada Lovelace", "--company", "Foo; Bar, Inc", "--no-follow-up")
    path = tmp_path / "out.vcf"
    netcrm("export", "vcard", "-o", str(path))
    assert r"ORG:Foo\; Bar\, Inc" in path.read_text(encoding="utf-8")
    other = str(tmp_path / "other.db")
    netcrm("--db", other, "import", "vcard", str(path))
    copy = netcrm.json("--db", other, "show", "Ada Lovelace")
    assert isinstance(copy, dict) and copy["company"] == "Foo; Bar, Inc"
    # ORG's further components are units of the organisation: the first is the company.
    card = tmp_path / "unit.vcf"
    card.write_text(
        "BEGIN:VCARD\r\nVERSION:4.0\r\nFN:Bo Unit\r\n"
        "ORG:Foo\\; Bar;Research;Team 2\r\nEND:VCARD\r\n",
        encoding="utf-8",
    )
    netcrm("--db", other, "import", "vcard", str(card))
    bo = netcrm.json("--db", other, "show", "Bo Unit")
    assert isinstance(bo, dict) and bo["company"] == "Foo; Bar"


def ics_uids(netcrm: Netcrm, *root: str) -> dict[str, str]:
    """SUMMARY by UID of `export ics --within 30` (as of the fixed test day)."""
    from icalendar import Calendar

    text = netcrm(*root, "export", "ics", "--within", "30").stdout
    events = Calendar.from_ical(text).walk("VEVENT")
    found = {str(event["UID"]): str(event["SUMMARY"]) for event in events}
    assert len(found) == len(events)  # no two events share a UID
    return found


def test_ics_uids_are_distinct_and_survive_a_json_move(
    netcrm: Netcrm, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    for name in ("Ada", "Grace", "Linus"):
        netcrm("add", name, "--no-follow-up")
    netcrm("promise", "ada", "send the slides")
    netcrm("promise", "ada", "send the paper")
    netcrm("intro", "ada", "grace", "--date", "2026-11-10")
    netcrm("intro", "ada", "linus", "--date", "2026-11-10")
    uids = ics_uids(netcrm)
    due = netcrm.json("due", "--within", "30")
    assert isinstance(due, list) and len(uids) == len(due)
    kinds = [item["kind"] for item in due if item["name"] == "Ada"]
    assert kinds.count("commitment") == 2 and kinds.count("intro_follow_up") == 2
    # No database id in a UID: after export json -> import json elsewhere, the same UIDs.
    path = tmp_path / "all.json"
    netcrm("export", "json", "-o", str(path))
    netcrm("rm", "Linus", "--yes")  # a gap in the ids the other database will not have
    netcrm("add", "Zed", "--no-follow-up")
    other = str(tmp_path / "other.db")
    # Added earlier (a derived uid comes from id and creation time), it shifts every id there.
    with monkeypatch.context() as patch:
        patch.setenv("NETCRM_NOW", "2026-11-01T07:00:00")
        netcrm("--db", other, "add", "Someone Else", "--no-follow-up")
    netcrm("--db", other, "import", "json", str(path))
    moved = ics_uids(netcrm, "--db", other)
    assert {u: s for u, s in moved.items() if "Someone Else" not in s} == uids
    # `due --json` keeps exactly its documented keys.
    assert set(due[0]) == {
        "contact_id",
        "name",
        "circle",
        "kind",
        "step",
        "due",
        "overdue_days",
        "reason",
    }


def test_ics_dtstamp_is_utc(netcrm: Netcrm, monkeypatch: pytest.MonkeyPatch) -> None:
    import time

    from icalendar import Calendar

    netcrm("add", "Ada", "--no-follow-up", "--every", "1w", "--met", "2026-11-01")
    monkeypatch.setenv("TZ", "America/New_York")
    time.tzset()
    try:
        text = netcrm("export", "ics").stdout
    finally:
        monkeypatch.undo()
        time.tzset()
    [event] = Calendar.from_ical(text).walk("VEVENT")
    # NETCRM_NOW is 08:00 local wall-clock time; in New York (UTC-5 in November) that is 13:00Z.
    assert "DTSTAMP:20261126T130000Z" in text
    assert event["DTSTAMP"].dt.hour == 13


def test_json_import_with_circle_records_the_override(netcrm: Netcrm, tmp_path: Path) -> None:
    netcrm("add", "Ada", "--circle", "inner", "--no-follow-up")
    path = tmp_path / "ada.json"
    netcrm("export", "json", "-o", str(path))
    other = str(tmp_path / "other.db")
    netcrm("--db", other, "import", "json", str(path), "--circle", "outer")
    [ada] = json.loads(netcrm("--db", other, "export", "json").stdout)["contacts"]
    assert ada["circle"] == "outer"
    history = [(row["old_circle"], row["new_circle"]) for row in ada["circle_history"]]
    assert history == [(None, "inner"), ("inner", "outer")]  # the last entry is the circle
    # Without --circle the file's circle and history come back untouched.
    netcrm("--db", str(tmp_path / "third.db"), "import", "json", str(path))
    copy = netcrm("--db", str(tmp_path / "third.db"), "export", "json").stdout
    assert copy == path.read_text(encoding="utf-8")


def test_every_new_contact_stores_its_own_uid(netcrm: Netcrm) -> None:
    """`add` and import creations store a uid; two contacts never share one."""
    from helpers import query

    netcrm("add", "Ada Lovelace")
    netcrm("add", "Grace Hopper")
    netcrm("import", "google", str(FIXTURES / "google_current.csv"))
    stored = dict(query("SELECT name, vcard_uid FROM contact"))
    assert len(stored) > 2 and all(stored.values())  # nothing left to derive at export time
    assert len(set(stored.values())) == len(stored)
    cards = netcrm("export", "vcard").stdout.split("END:VCARD")
    exported = {
        line.removeprefix("FN:"): uid.removeprefix("UID:")
        for card in cards
        for line in card.splitlines()
        if line.startswith("FN:")
        for uid in card.splitlines()
        if uid.startswith("UID:")
    }
    assert exported == stored
