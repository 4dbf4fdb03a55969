"""Imports are checked exactly as typed commands are: one validator per value, `FILE:LINE:`.

Each bad value below was once accepted by `import`, after which `due`, `list`, `show`,
`stats`, `plan` or `export` failed for the whole database. Now the file is refused, with the
line of the record, and nothing is written.
"""

import json
from pathlib import Path
from typing import Any

import pytest

from conftest import Netcrm
from helpers import FIXTURES, query, refused

# Commands that read every contact: each must still work after a refused import.
READERS = [
    ["due"],
    ["list"],
    ["stats"],
    ["plan", "week"],
    ["export", "csv"],
    ["export", "ics"],
    ["doctor"],
]


def exported(netcrm: Netcrm) -> dict[str, Any]:
    """A real `export json` of one contact with a touch, open steps and a promise."""
    netcrm("add", "Ada Lovelace", "--met", "yesterday", "--every", "2w", "--tag", "math")
    netcrm("log", "ada", "coffee", "--give")
    netcrm("promise", "ada", "send the paper")
    netcrm("intro", "ada", netcrm.json("add", "Grace Hopper")["name"])  # type: ignore[index]
    document = json.loads(netcrm("export", "json").stdout)
    assert isinstance(document, dict)
    return document


def written(tmp_path: Path, document: dict[str, Any], name: str = "export.json") -> str:
    path = tmp_path / name
    path.write_text(json.dumps(document, indent=2), encoding="utf-8")
    return str(path)


def ada(document: dict[str, Any]) -> dict[str, Any]:
    return next(c for c in document["contacts"] if c["name"] == "Ada Lovelace")  # type: ignore[no-any-return]


BAD_JSON = [
    ("step", lambda c: c["follow_ups"][1].update(step="bogus"), "follow_ups: unknown step 'bogus'"),
    ("cadence", lambda c: c.update(cadence="every blue moon"), "cannot read cadence"),
    (
        "year 9999 touch",
        lambda c: c["interactions"][0].update(occurred_at="9999-12-31T00:00:00"),
        "date 9999-12-31 is out of range",
    ),
    ("year 9999 created", lambda c: c.update(created="9999-01-01T00:00:00"), "out of range"),
    ("year 1 met", lambda c: c.update(met_at="0001-01-01T00:00:00"), "out of range"),
    ("snooze 9999", lambda c: c.update(snoozed_until="9999-12-31"), "out of range"),
    ("promise 9999", lambda c: c["promises"][0].update(due_on="9999-12-31"), "out of range"),
    ("channel", lambda c: c["interactions"][0].update(channel="pigeon"), "unknown channel"),
    ("value", lambda c: c["interactions"][0].update(value="maybe"), "unknown value"),
    ("circle", lambda c: c.update(circle="far"), "unknown circle 'far'"),
    (
        "circle history",
        lambda c: c["circle_history"][0].update(new_circle="far"),
        "unknown circle 'far'",
    ),
    ("time zone", lambda c: c.update(timezone="Mars/Olympus"), "unknown time zone"),
    ("birthday", lambda c: c.update(birthday="9999-12-31"), "out of range"),
    ("blank tag", lambda c: c.update(tags=["  "]), "a tag cannot be blank"),
    ("NUL", lambda c: c.update(notes="a\x00b"), "NUL"),
    ("surrogate", lambda c: c.update(company="\udcff"), "lone surrogate"),
    ("empty promise", lambda c: c["promises"][0].update(text=" "), "a promise needs a text"),
]


@pytest.mark.parametrize(("what", "spoil", "message"), BAD_JSON, ids=[b[0] for b in BAD_JSON])
def test_a_bad_value_in_a_json_import_is_refused_with_its_line(
    netcrm: Netcrm, tmp_path: Path, what: str, spoil: Any, message: str
) -> None:
    document = exported(netcrm)
    netcrm("rm", "ada", "--yes")
    spoil(ada(document))
    path = written(tmp_path, document)
    line = refused(netcrm, "import", "json", path)
    assert line.startswith(f"netcrm: {path}:"), line
    assert "contact 'Ada Lovelace'" in line and message in line, line
    lines = Path(path).read_text().splitlines()
    start = int(line.removeprefix(f"netcrm: {path}:").split(":")[0])
    assert lines[start - 1] == "    {" and '"name": "Ada Lovelace"' in lines[start + 1]
    for command in READERS:
        netcrm(*command)


def test_the_same_uid_twice_is_refused_naming_both_lines(netcrm: Netcrm, tmp_path: Path) -> None:
    path = tmp_path / "twice.jsonl"
    path.write_text(
        '{"format": "netcrm", "version": 1}\n'
        '{"type": "contact", "uid": "u1", "name": "Ada", "circle": "outer",'
        ' "created": "2026-01-01T00:00:00"}\n'
        "\n"
        '{"type": "contact", "uid": "u1", "name": "Grace", "circle": "outer",'
        ' "created": "2026-01-01T00:00:00"}\n',
        encoding="utf-8",
    )
    line = refused(netcrm, "import", "json", str(path))
    assert f"{path}:4:" in line and "uid 'u1'" in line and "line 2" in line, line


def test_the_same_uid_twice_in_a_document_names_both_lines(netcrm: Netcrm, tmp_path: Path) -> None:
    document = exported(netcrm)
    netcrm("rm", "ada", "--yes")
    document["contacts"].append({**ada(document), "name": "Ada Again"})
    path = written(tmp_path, document)
    lines = Path(path).read_text().splitlines()
    first, again = (
        lines.index(f'      "name": "{name}",') - 1 for name in ("Ada Lovelace", "Ada Again")
    )
    line = refused(netcrm, "import", "json", path)
    assert f"{path}:{again}: contact 'Ada Again': uid" in line, line
    assert f"is also the uid of the contact on line {first}:" in line, line


def linkedin(tmp_path: Path, connected: str) -> str:
    path = tmp_path / "Connections.csv"
    path.write_text(
        "First Name,Last Name,URL,Email Address,Company,Position,Connected On\n"
        "Grace,Hopper,https://www.linkedin.com/in/grace,,Navy,,01 Jan 2020\n"
        f"Ada,Lovelace,https://www.linkedin.com/in/ada,,,,{connected}\n",
        encoding="utf-8",
    )
    return str(path)


def test_a_linkedin_date_out_of_range_is_refused(netcrm: Netcrm, tmp_path: Path) -> None:
    path = linkedin(tmp_path, "31 Dec 9999")
    line = refused(netcrm, "import", "linkedin", path)
    assert line == (
        f"netcrm: {path}:3: met: date 9999-12-31 is out of range: netcrm reads years 1000 to 9000"
    )
    netcrm("due")


@pytest.mark.parametrize(
    ("kind", "text", "message"),
    [
        (
            "google",
            "First Name,Last Name,Birthday\nAda,L,9999-01-01\n",
            ":2: birthday '9999-01-01' is out of range",
        ),
        (
            "vcard",
            "BEGIN:VCARD\nVERSION:3.0\nFN:Ada\nBDAY:0999-01-01\nEND:VCARD\n",
            ":1: birthday '0999-01-01' is out",
        ),
        ("vcard", "BEGIN:VCARD\nVERSION:3.0\nFN:Ada\nNOTE:a\x00b\nEND:VCARD\n", ":1: notes: text"),
    ],
)
def test_other_formats_use_the_same_rules(
    netcrm: Netcrm, tmp_path: Path, kind: str, text: str, message: str
) -> None:
    path = tmp_path / "file"
    path.write_text(text, encoding="utf-8")
    # Issue 14: a vCard's bad card is skipped unless --strict; either way it is never stored.
    strict = ["--strict"] if kind == "vcard" else []
    line = refused(netcrm, "import", kind, str(path), *strict)
    assert message in line
    if kind == "vcard":
        out = netcrm("import", kind, str(path))
        assert f"skipped: {message.split(': ', 1)[1]}" in out.stdout
        assert out.stdout.strip().endswith("1 skipped")
        assert netcrm.json("list", "--all") == []


def test_a_good_export_still_round_trips(netcrm: Netcrm, tmp_path: Path) -> None:
    document = exported(netcrm)
    netcrm("rm", "ada", "--yes")
    netcrm("rm", "grace", "--yes")
    out = netcrm.json("import", "json", written(tmp_path, document))
    assert isinstance(out, dict) and out["new"] == 2
    assert json.loads(netcrm("export", "json").stdout) == document


@pytest.mark.sqlite_only
@pytest.mark.parametrize(
    ("kind", "content"),
    [
        ("json", '{"format": "netcrm", "version": 1, "contacts": ['),  # broken JSON
        ("json", "step"),  # a bad value, found while the records are read
        ("json", "NUL"),  # text the database would refuse
        ("json", "uid twice"),
        ("linkedin", "First Name,Last Name,URL,Connected On\nAda,L,x,01 Jan 2020\nB,C,y,soon\n"),
        ("vcard", "BEGIN:VCARD\nVERSION:3.0\nFN:Ada\nEND:VCARD\nBEGIN:VCARD\nnot a line\n"),
    ],
    ids=["broken", "step", "NUL", "uid twice", "linkedin row 3", "vcard card 2"],
)
def test_a_refused_import_creates_no_database(
    netcrm: Netcrm, tmp_path: Path, kind: str, content: str
) -> None:
    if kind == "json" and not content.startswith("{"):
        document = exported(netcrm)
        contact = ada(document)
        if content == "step":
            contact["follow_ups"][0]["step"] = "bogus"
        elif content == "NUL":
            contact["name"] = "Ada\x00"
        else:
            document["contacts"].append(dict(contact))
        content = json.dumps(document)
    source = tmp_path / "file"
    source.write_text(content, encoding="utf-8")
    target = tmp_path / "new" / "netcrm.db"
    strict = ["--strict"] if kind == "vcard" else []  # issue 14: else the bad card is skipped
    refused(netcrm, "--db", str(target), "import", kind, str(source), *strict, db=target)
    assert not target.parent.exists()  # no database, no -wal, no folder made for it
    refused(
        netcrm, "--db", str(target), "import", kind, str(source), "--dry-run", *strict, db=target
    )
    assert not target.parent.exists()


@pytest.mark.sqlite_only
def test_an_import_into_a_new_database_path_creates_it_whole(
    netcrm: Netcrm, tmp_path: Path
) -> None:
    target = tmp_path / "new" / "netcrm.db"
    source = linkedin(tmp_path, "01 Jan 2021")
    assert netcrm("--db", str(target), "import", "linkedin", source).stdout.startswith("2 new")
    assert sorted(path.name for path in target.parent.iterdir()) == ["netcrm.db"]
    assert target.stat().st_mode & 0o777 == 0o600
    assert target.parent.stat().st_mode & 0o777 == 0o700
    assert len(netcrm.json("--db", str(target), "list")) == 2  # type: ignore[arg-type]


WRONG_FORMAT = [
    (
        "google",
        "linkedin_en.csv",
        "a LinkedIn Connections.csv, not a Google Contacts CSV",
        "linkedin",
    ),
    ("google", "linkedin_de.csv", "a LinkedIn Connections.csv", "linkedin"),
    ("linkedin", "google_current.csv", "a Google Contacts CSV, not a LinkedIn", "google"),
    ("linkedin", "google_legacy.csv", "a Google Contacts CSV", "google"),
    ("json", "contacts_v3.vcf", "a vCard file, not a JSON file", "vcard"),
    ("vcard", "json_bad_date.jsonl", "a JSON file, not a vCard file", "json"),
    ("linkedin", "contacts_v4.vcf", "a vCard file", "vcard"),
]


@pytest.mark.parametrize(("kind", "name", "looks", "right"), WRONG_FORMAT)
def test_a_file_in_another_format_is_refused_with_a_hint(
    netcrm: Netcrm, kind: str, name: str, looks: str, right: str
) -> None:
    path = str(FIXTURES / name)
    line = refused(netcrm, "import", kind, path)
    assert line.startswith(f"netcrm: {path}:1: this looks like {looks}"), line
    assert line.endswith(f"import it with `netcrm import {right}`")


def test_small_batches_and_digests_import_exactly_the_same(
    netcrm: Netcrm, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """Batches of two, a cache of one contact and digests from the fourth key: every path a
    million-row file takes (re-pointed keys, contacts read back after they were written,
    updates across batches) gives what one big batch gives."""
    from netcrm.services.transfer import importing, keyindex

    path = tmp_path / "Connections.csv"
    rows = [
        "Ada,L,https://www.linkedin.com/in/ada,,Acme,Engineer,01 Jan 2020",
        "Grace,H,https://www.linkedin.com/in/grace,grace@example.org,Navy,,01 Jan 2020",
        "Linus,T,https://www.linkedin.com/in/linus,,Linux,,01 Jan 2020",
        "Ada,L,https://linkedin.com/in/ada/,ada@example.org,Acme,Engineer,01 Jan 2020",
        "Ada,L,https://linkedin.com/in/another-ada,,Acme,,01 Jan 2020",
        "Grace,Hopper,,grace@example.org,Navy,Admiral,01 Jan 2020",
        "Ada,L,,ada@example.org,Acme,CTO,01 Jan 2020",
    ]
    header = "First Name,Last Name,URL,Email Address,Company,Position,Connected On\n"
    path.write_text(header + "\n".join(rows) + "\n", encoding="utf-8")

    def imported() -> tuple[Any, str]:
        report = netcrm.json("import", "linkedin", str(path), "--tag", "li")
        again = netcrm.json("import", "linkedin", str(path))
        document = json.loads(netcrm("export", "json").stdout)
        slots = sorted(contact.pop("first_due_slot") for contact in document["contacts"])
        assert slots == [(rank + 1) / len(slots) for rank in range(len(slots))]  # spread evenly
        for contact in document["contacts"]:
            contact.pop("uid")  # random for contacts a file gave no uid (so is the slots' order)
        exported = json.dumps(sorted(document["contacts"], key=repr))
        for row in netcrm.json("list", "--all"):  # type: ignore[union-attr]
            netcrm("rm", str(row["id"]), "--yes")
        return (report, again), exported

    one_batch = imported()
    monkeypatch.setattr(importing, "BATCH", 2)
    monkeypatch.setattr(importing, "CACHE", 1)
    monkeypatch.setattr(keyindex, "EXACT_LIMIT", 3)
    small = imported()
    assert small[1] == one_batch[1]  # the same contacts, fields, tags and career news
    strip = lambda reports: [  # noqa: E731 - ids differ between the two runs
        [{k: v for k, v in c.items() if k != "contact_id"} for c in r["changes"]] for r in reports
    ]
    assert strip(small[0]) == strip(one_batch[0])
    # Issue 14: "Grace Hopper" shares grace@ with "Grace H" of the same file under another
    # name: a shared value matches nobody, so she is a contact of her own (dupes shows them).
    assert one_batch[0][0]["new"] == 5 and one_batch[0][0]["updated"] == 2


def _card(name: str, company: str, *lines: str) -> str:
    return "\r\n".join(
        ["BEGIN:VCARD", "VERSION:3.0", f"FN:{name}", f"ORG:{company}", *lines, "END:VCARD", ""]
    )


def test_contacts_written_earlier_are_told_apart_once_out_of_memory(
    netcrm: Netcrm, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """Issue 11: a candidate is ruled out by reading only what the check needs (its uid, its
    name), without keeping it in memory; the contact a record turns out to be is read back
    whole. With batches of one and no cache, every contact this import wrote is read back
    from the database, and the outcome is one big batch's: a contact the file gave no UID
    gets a random one only at the end, so a later card can still give it its UID. Stored
    contacts the file fills in different columns are updated in one batch (one statement
    per set of columns)."""
    from netcrm.services.transfer import importing

    path = tmp_path / "cards.vcf"
    path.write_text(
        _card("Charles Babbage", "Engines")
        + _card("Ada Lovelace", "Acme", "UID:uid-a", "EMAIL:ada@example.org")
        # The same name and company under another UID: someone else.
        + _card("Ada Lovelace", "Acme", "UID:uid-b")
        # No UID, no email: by name, the first Ada; her role is filled in.
        + _card("Ada Lovelace", "Acme", "TITLE:Countess")
        # Ada's address under another name: shared, so it matches neither.
        + _card("Grace Hopper", "Navy", "EMAIL:ada@example.org")
        # The second Ada again, by her UID: her notes are filled in.
        + _card("Ada Lovelace", "Acme", "UID:uid-b", "NOTE:the other one")
        + _card("Linus Torvalds", "Linux", "TITLE:Maintainer")
        + _card("Margaret Hamilton", "NASA", "NOTE:Apollo guidance")
        # Charles by name, with the UID the first card lacked: his, not a second Charles.
        + _card("Charles Babbage", "Engines", "UID:uid-c"),
        encoding="utf-8",
    )
    columns = "SELECT name, vcard_uid, role, notes, email FROM contact"

    def imported() -> tuple[dict[str, Any], list[tuple[Any, ...]]]:
        # What the file does not fill stays as it was (a statement setting both columns of
        # both would erase them).
        netcrm("add", "Linus Torvalds", "--company", "Linux", "--notes", "kernel")
        netcrm("add", "Margaret Hamilton", "--company", "NASA", "--role", "Director")
        report = netcrm.json("import", "vcard", str(path))
        assert isinstance(report, dict)
        # A UID the file did not give is random: only the file's are compared.
        people = sorted(
            (name, uid if uid.startswith("uid-") else None, *rest)
            for name, uid, *rest in query(columns)
        )
        netcrm("undo", "--yes")  # the import, taken back whole
        assert sorted(query("SELECT name, role, notes FROM contact")) == [
            ("Linus Torvalds", None, "kernel"),
            ("Margaret Hamilton", "Director", None),
        ]
        for row in netcrm.json("list", "--all"):  # type: ignore[union-attr]
            netcrm("rm", str(row["id"]), "--yes")
        for change in report["changes"]:
            change.pop("contact_id")  # ids differ between the two runs
        return report, people

    one_batch = imported()
    monkeypatch.setattr(importing, "BATCH", 1)
    monkeypatch.setattr(importing, "CACHE", 0)
    assert imported() == one_batch
    report, people = one_batch
    assert (report["new"], report["updated"]) == (4, 5)
    assert people == [
        ("Ada Lovelace", "uid-a", "Countess", None, "ada@example.org"),
        ("Ada Lovelace", "uid-b", None, "the other one", None),
        ("Charles Babbage", "uid-c", None, None, None),
        ("Grace Hopper", None, None, None, "ada@example.org"),
        ("Linus Torvalds", None, "Maintainer", "kernel", None),
        ("Margaret Hamilton", None, "Director", "Apollo guidance", None),
    ]
