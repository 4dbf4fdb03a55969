"""`netcrm import`: each format, matching on re-import, career news, atomicity, --dry-run."""

import json
import os
from collections.abc import Callable
from pathlib import Path
from typing import Any

import pytest

from conftest import Netcrm
from helpers import FIXTURES, db_bytes, refused


def fixture(name: str) -> str:
    return str(FIXTURES / name)


def contacts(netcrm: Netcrm) -> dict[str, dict[str, Any]]:
    """Every contact's `show --json`, by name."""
    listed = netcrm.json("list", "--all")
    assert isinstance(listed, list)
    return {row["name"]: netcrm.json("show", str(row["id"])) for row in listed}  # type: ignore[misc]


def test_linkedin_preamble_quotes_and_non_ascii(netcrm: Netcrm) -> None:
    out = netcrm("import", "linkedin", fixture("linkedin_en.csv"))
    assert out.stdout.strip() == "3 new, 0 updated, 0 unchanged, 0 skipped"
    people = contacts(netcrm)
    jons = people["Jöns Müller-Šimić"]
    assert (jons["company"], jons["role"]) == ("Acme, Inc.", "Head of R&D, Europe")
    assert jons["email"] is None  # empty in the export
    assert jons["met"] == "2023-02-01"
    assert jons["circle"] == "outer"
    ada = people["Ada Lovelace"]
    assert (ada["email"], ada["linkedin"]) == (
        "ada@example.org",
        "https://www.linkedin.com/in/ada-lovelace",
    )
    # Imported connections are old acquaintances: no 24-48-7 sequence.
    assert all(person["follow_ups"] == [] for person in people.values())


def test_linkedin_german_headers_bom_and_crlf(netcrm: Netcrm) -> None:
    assert FIXTURES.joinpath("linkedin_de.csv").read_bytes().startswith(b"\xef\xbb\xbf")
    netcrm("import", "linkedin", fixture("linkedin_de.csv"), "--circle", "middle", "--tag", "de")
    people = contacts(netcrm)
    zoe = people["Zoë Weiß"]
    assert (zoe["company"], zoe["role"], zoe["email"]) == (
        "Weiß, Schwarz & Co",
        "Beraterin",
        "zoe@example.de",
    )
    assert zoe["met"] == "2022-10-15"
    assert people["Jürgen Groß"]["met"] == "2024-03-03"  # "Mär"
    assert {person["circle"] for person in people.values()} == {"middle"}
    assert all(person["tags"] == ["de"] for person in people.values())


def test_google_current_layout(netcrm: Netcrm) -> None:
    netcrm("import", "google", fixture("google_current.csv"))
    people = contacts(netcrm)
    linus = people["Linus Torvalds"]
    assert linus["email"] == "linus@example.org"  # first of "a ::: b"
    assert linus["phone"] == "+1 555 0100"
    assert linus["linkedin"] == "https://www.linkedin.com/in/linustorvalds"
    assert linus["birthday"] == "1969-12-28"
    assert linus["location"] == "Portland"
    assert linus["notes"] == "Met at a conference, talked about git"
    assert linus["tags"] == ["kernel", "starred"]  # no "myContacts"
    assert people["Margaret Hamilton"]["birthday"] == "--08-17"
    assert people["Margaret Hamilton"]["tags"] == []


def test_google_legacy_layout(netcrm: Netcrm) -> None:
    netcrm("import", "google", fixture("google_legacy.csv"))
    barbara = contacts(netcrm)["Barbara Liskov"]
    assert (barbara["company"], barbara["role"]) == ("MIT", "Professor")
    assert (barbara["email"], barbara["phone"]) == ("liskov@example.edu", "+1 555 0111")
    assert barbara["birthday"] == "1939-11-07"
    assert barbara["tags"] == ["research"]


def test_google_second_email_matches_on_reimport(netcrm: Netcrm) -> None:
    netcrm("add", "Linus T", "--email", "LINUS@example.com")
    out = netcrm("import", "google", fixture("google_current.csv"))
    assert out.stdout.strip().endswith("1 new, 1 updated, 0 unchanged, 0 skipped")


def test_vcard_3_and_4(netcrm: Netcrm) -> None:
    out = netcrm(
        "import", "vcard", fixture("contacts_v3.vcf"), fixture("contacts_v4.vcf"), "--json"
    )
    assert json.loads(out.stdout)["new"] == 3
    people = contacts(netcrm)
    ada = people["Ada Lovelace"]
    assert (ada["company"], ada["role"], ada["email"]) == (
        "Analytical Engines",
        "Chief Engineer",
        "ada@example.org",
    )
    assert ada["linkedin"] == "https://www.linkedin.com/in/ada-lovelace/"
    assert ada["notes"] == (
        "Wrote the first published algorithm for a machine, and thought about music as well."
    )
    assert ada["birthday"] == "1815-12-10"
    assert ada["tags"] == ["mathematics", "poetry"]
    assert people["Charles Babbage"]["notes"] == "Café regular"  # quoted-printable
    jons = people["Jöns Müller"]
    assert jons["birthday"] == "--03-12"
    assert jons["notes"].endswith("he promised to send the slides.")  # folded line
    # The second address is used for matching: a contact with it is found, not duplicated.
    netcrm("add", "Someone Else", "--email", "jons@example.net")
    again = netcrm("import", "vcard", fixture("contacts_v4.vcf"))
    assert again.stdout.strip().endswith("0 new, 0 updated, 1 unchanged, 0 skipped")


def test_vcard_uid_is_kept_and_matched(netcrm: Netcrm) -> None:
    netcrm("import", "vcard", fixture("contacts_v3.vcf"))
    netcrm("edit", "ada", "--name", "Countess Lovelace", "--email", "", "--linkedin", "")
    out = netcrm.json("import", "vcard", fixture("contacts_v3.vcf"))
    assert isinstance(out, dict)
    assert (out["new"], out["updated"]) == (0, 1)  # matched by UID, email filled back in
    assert out["changes"][0]["set"] == {
        "email": "ada@example.org",
        "linkedin": "https://www.linkedin.com/in/ada-lovelace/",
    }


def test_reimport_never_duplicates_and_reports_conflicts(netcrm: Netcrm) -> None:
    netcrm("import", "linkedin", fixture("linkedin_en.csv"))
    netcrm("edit", "grace", "--company", "Navy of the United States")
    again = netcrm.json("import", "linkedin", fixture("linkedin_en.csv"))
    assert isinstance(again, dict)
    # What the user typed over LinkedIn's value stays, reported; the export did not change.
    assert (again["new"], again["updated"], again["unchanged"]) == (0, 0, 3)
    [grace] = [change for change in again["changes"] if change["name"] == "Grace Hopper"]
    assert grace["conflicts"] == {
        "company": {"kept": "Navy of the United States", "incoming": "US Navy"}
    }
    assert grace["career"] is None
    netcrm("edit", "ada", "--email", "countess@example.org")
    vcard = netcrm.json("import", "vcard", fixture("contacts_v3.vcf"))
    assert isinstance(vcard, dict)
    [ada] = [change for change in vcard["changes"] if change["name"] == "Ada Lovelace"]
    assert ada["conflicts"]["email"] == {
        "kept": "countess@example.org",
        "incoming": "ada@example.org",
    }
    assert contacts(netcrm)["Ada Lovelace"]["email"] == "countess@example.org"
    assert len(netcrm.json("list", "--all")) == 4  # type: ignore[arg-type]


def test_linkedin_url_normalised_for_matching(netcrm: Netcrm) -> None:
    netcrm("add", "A. Lovelace", "--linkedin", "linkedin.com/in/Ada-Lovelace")
    out = netcrm.json("import", "linkedin", fixture("linkedin_en.csv"))
    assert isinstance(out, dict)
    assert (out["new"], out["updated"]) == (2, 1)


def test_career_news_becomes_congratulation(netcrm: Netcrm) -> None:
    netcrm("import", "linkedin", fixture("linkedin_en.csv"))
    out = netcrm.json("import", "linkedin", fixture("linkedin_moved.csv"))
    assert isinstance(out, dict)
    [ada] = [change for change in out["changes"] if change["name"] == "Ada Lovelace"]
    assert ada["career"] == (
        "moved from Chief Engineer at Analytical Engines to CTO at Difference Engines"
    )
    shown = netcrm.json("show", "ada")
    assert isinstance(shown, dict)
    assert (shown["company"], shown["role"]) == ("Difference Engines", "CTO")
    assert shown["career_changes"][0]["date"] == "2026-11-26"
    assert "Career news:" in netcrm("show", "ada").stdout

    def congratulations(as_of: str) -> list[Any]:
        items = netcrm.json("due", "--as-of", as_of)
        assert isinstance(items, list)
        return [item for item in items if item["kind"] == "congratulate"]

    [item] = congratulations("2026-11-26")
    assert (item["name"], item["due"]) == ("Ada Lovelace", "2026-11-26")
    assert len(congratulations("2026-12-09")) == 1  # day 14
    assert congratulations("2026-12-10") == []
    netcrm("log", "ada", "congratulated her on the new job")
    assert congratulations("2026-11-27") == []


def test_dry_run_reports_the_same_and_writes_nothing(netcrm: Netcrm) -> None:
    netcrm("import", "linkedin", fixture("linkedin_en.csv"))
    before = db_bytes()
    dry = netcrm.json("import", "linkedin", fixture("linkedin_moved.csv"), "--dry-run")
    assert db_bytes() == before
    real = netcrm.json("import", "linkedin", fixture("linkedin_moved.csv"))
    assert isinstance(dry, dict) and isinstance(real, dict)
    assert dry.pop("dry_run") is True and real.pop("dry_run") is False
    assert dry == real
    text = netcrm("import", "linkedin", fixture("linkedin_de.csv"), "--dry-run").stdout
    assert "2 new" in text and "nothing written" in text
    assert len(netcrm.json("list")) == 3  # type: ignore[arg-type]


def test_stdin(netcrm: Netcrm) -> None:
    data = FIXTURES.joinpath("linkedin_en.csv").read_text(encoding="utf-8")
    out = netcrm("import", "linkedin", "-", input=data)
    assert out.stdout.startswith("3 new")
    refused(netcrm, "import", "linkedin", "-", fixture("linkedin_en.csv"))


def test_rows_without_a_name_are_skipped(netcrm: Netcrm, tmp_path: Path) -> None:
    path = tmp_path / "Connections.csv"
    path.write_text(
        "First Name,Last Name,URL,Email Address,Company,Position,Connected On\n"
        ",,https://www.linkedin.com/in/gone,,,,01 Jan 2020\n"
        "Ada,L,https://www.linkedin.com/in/ada,,,,01 Jan 2020\n",
        encoding="utf-8",
    )
    out = netcrm.json("import", "linkedin", str(path))
    assert isinstance(out, dict)
    assert (out["new"], out["skipped"]) == (1, 1)
    assert out["changes"][0]["reason"] == "no name"


@pytest.mark.parametrize(
    ("kind", "name", "message"),
    [
        ("linkedin", "linkedin_bad_date.csv", "linkedin_bad_date.csv:5: cannot read date"),
        ("linkedin", "linkedin_no_header.csv", "linkedin_no_header.csv:1: no header line found"),
        ("linkedin", "linkedin_bad_bytes.csv", "linkedin_bad_bytes.csv:2: undecodable byte 0xff"),
        ("google", "google_bad_birthday.csv", "google_bad_birthday.csv:3: cannot read birthday"),
        ("google", "contacts_v3.vcf", "contacts_v3.vcf:1: this looks like a vCard file"),
        ("vcard", "vcard_bad_bday.vcf", "vcard_bad_bday.vcf:5: cannot read BDAY"),
        ("vcard", "vcard_broken.vcf", "vcard_broken.vcf:7: broken vCard"),
        ("vcard", "google_current.csv", "google_current.csv:1: this looks like a Google"),
        ("json", "json_bad_date.jsonl", "json_bad_date.jsonl:3: contact 'Bad': created"),
        ("json", "json_broken.json", "json_broken.json:3: not valid JSON"),
    ],
)
def test_malformed_files_are_refused_whole(
    netcrm: Netcrm, kind: str, name: str, message: str
) -> None:
    # The good file is listed first: nothing of it may be imported either.
    line = refused(netcrm, "import", kind, fixture("linkedin_en.csv"), fixture(name))
    if kind == "linkedin":
        assert message in line
    assert message in refused(netcrm, "import", kind, fixture(name))  # one line
    assert netcrm.json("list", "--all") == []


def test_unknown_format_and_circle(netcrm: Netcrm) -> None:
    assert "unknown import format" in refused(netcrm, "import", "x", fixture("a"))
    bad = refused(netcrm, "import", "linkedin", fixture("linkedin_en.csv"), "--circle", "far")
    assert "unknown circle" in bad


@pytest.mark.parametrize(
    ("kind", "files"),
    [
        ("linkedin", ["linkedin_en.csv", "linkedin_de.csv"]),
        ("google", ["google_current.csv", "google_legacy.csv"]),
        ("vcard", ["contacts_v3.vcf", "contacts_v4.vcf"]),
    ],
)
def test_reimport_changes_nothing(netcrm: Netcrm, kind: str, files: list[str]) -> None:
    paths = [fixture(name) for name in files]
    first = netcrm.json("import", kind, *paths)
    again = netcrm.json("import", kind, *paths)
    assert isinstance(first, dict) and isinstance(again, dict)
    assert (again["new"], again["updated"], again["unchanged"]) == (0, 0, first["new"])
    assert len(netcrm.json("list", "--all")) == first["new"]  # type: ignore[arg-type]


def test_same_person_twice_in_one_file(netcrm: Netcrm, tmp_path: Path) -> None:
    path = tmp_path / "Connections.csv"
    path.write_text(
        "First Name,Last Name,URL,Email Address,Company,Position,Connected On\n"
        "Ada,L,https://www.linkedin.com/in/ada,,Acme,,01 Jan 2020\n"
        "Ada,L,https://linkedin.com/in/ada/,ada@example.org,Acme,,01 Jan 2020\n"
        "Ada,L,https://linkedin.com/in/another-ada,,Acme,,01 Jan 2020\n",
        encoding="utf-8",
    )
    out = netcrm.json("import", "linkedin", str(path))
    assert isinstance(out, dict)
    assert (out["new"], out["updated"]) == (2, 1)  # a different URL is a different person
    people = netcrm.json("list")
    assert isinstance(people, list)
    assert sorted(str(person["email"]) for person in people) == ["None", "ada@example.org"]


@pytest.mark.sqlite_only
def test_dry_run_on_a_new_database_path_creates_nothing(netcrm: Netcrm, tmp_path: Path) -> None:
    target = tmp_path / "sub" / "new.db"
    dry = netcrm.json(
        "--db", str(target), "import", "linkedin", fixture("linkedin_en.csv"), "--dry-run"
    )
    assert isinstance(dry, dict) and dry["new"] == 3
    assert not target.exists() and not target.parent.exists()
    real = netcrm.json("--db", str(target), "import", "linkedin", fixture("linkedin_en.csv"))
    assert isinstance(real, dict)
    assert dry.pop("dry_run") is True and real.pop("dry_run") is False
    assert dry == real  # the same report, from the same code path


@pytest.mark.sqlite_only
def test_refused_file_on_a_new_database_path_leaves_no_file(netcrm: Netcrm, tmp_path: Path) -> None:
    target = tmp_path / "new.db"
    broken = ("import", "json", fixture("json_broken.json"))
    assert "json_broken.json:3" in refused(netcrm, "--db", str(target), *broken, db=target)
    assert not target.exists()
    circle = ("import", "linkedin", fixture("linkedin_en.csv"), "--circle", "x")
    refused(netcrm, "--db", str(target), *circle, db=target)
    assert not target.exists()


def test_first_linkedin_import_keeps_what_the_user_wrote(netcrm: Netcrm) -> None:
    url = "https://www.linkedin.com/in/ada-lovelace"
    netcrm("add", "Ada Lovelace", "--linkedin", url, "--company", "Countess", "--no-follow-up")
    netcrm("add", "Grace Hopper", "--linkedin", "linkedin.com/in/grace-hopper", "--no-follow-up")
    first = netcrm.json("import", "linkedin", fixture("linkedin_en.csv"))
    assert isinstance(first, dict)
    changes = {change["name"]: change for change in first["changes"]}
    assert changes["Ada Lovelace"]["conflicts"]["company"] == {
        "kept": "Countess",
        "incoming": "Analytical Engines",
    }
    # Empty fields are filled; nothing was seen on LinkedIn before, so no career news.
    assert changes["Ada Lovelace"]["set"]["role"] == "Chief Engineer"
    assert changes["Grace Hopper"]["set"]["company"] == "US Navy"
    assert all(change["career"] is None for change in changes.values())
    people = contacts(netcrm)
    assert people["Ada Lovelace"]["company"] == "Countess"
    assert all(person["career_changes"] == [] for person in people.values())
    assert not [item for item in netcrm.json("due") if item["kind"] == "congratulate"]  # type: ignore[union-attr]
    assert "linkedin_company" not in people["Ada Lovelace"]  # bookkeeping, not a field
    # LinkedIn moves on: the role LinkedIn wrote follows, the company the user wrote stays,
    # and the change between the two exports is career news.
    moved = netcrm.json("import", "linkedin", fixture("linkedin_moved.csv"))
    assert isinstance(moved, dict)
    [ada] = [change for change in moved["changes"] if change["name"] == "Ada Lovelace"]
    assert ada["set"] == {"role": "CTO"}
    assert ada["conflicts"]["company"]["kept"] == "Countess"
    assert ada["career"] == (
        "moved from Chief Engineer at Analytical Engines to CTO at Difference Engines"
    )
    shown = contacts(netcrm)["Ada Lovelace"]
    assert (shown["company"], shown["role"]) == ("Countess", "CTO")


def test_name_and_company_match_under_one_rule(netcrm: Netcrm, tmp_path: Path) -> None:
    netcrm("add", "José Núñez", "--company", "Café Müller GmbH", "--no-follow-up")
    card = tmp_path / "jose.vcf"
    # Case, accents and spacing are ignored in the company exactly as in the name.
    card.write_text(
        "BEGIN:VCARD\r\nVERSION:3.0\r\nFN:jose  nunez\r\nORG:CAFE  muller gmbh\r\n"
        "TITLE:Owner\r\nEND:VCARD\r\n",
        encoding="utf-8",
    )
    out = netcrm.json("import", "vcard", str(card), "--tag", " Friends ")
    assert isinstance(out, dict) and (out["new"], out["updated"]) == (0, 1)
    [jose] = out["changes"]
    assert jose["set"] == {"role": "Owner"} and jose["tags"] == ["friends"]


def test_name_and_met_differences_are_reported(netcrm: Netcrm) -> None:
    netcrm("import", "linkedin", fixture("linkedin_en.csv"))
    netcrm("edit", "ada", "--name", "Ada King")
    netcrm("edit", "grace", "--met", "2020-01-05 18:30")
    again = netcrm.json("import", "linkedin", fixture("linkedin_en.csv"))
    assert isinstance(again, dict)
    changes = {change["name"]: change for change in again["changes"]}
    assert changes["Ada King"]["conflicts"] == {
        "name": {"kept": "Ada King", "incoming": "Ada Lovelace"}
    }
    assert changes["Grace Hopper"]["conflicts"] == {
        "met": {"kept": "2020-01-05T18:30", "incoming": "2019-12-30"}
    }
    assert (again["updated"], again["unchanged"]) == (0, 3)
    text = netcrm("import", "linkedin", fixture("linkedin_en.csv")).stdout
    assert "Ada King: name kept 'Ada King', file has 'Ada Lovelace'" in text
    people = contacts(netcrm)
    assert people["Grace Hopper"]["met"] == "2020-01-05T18:30"  # kept


def test_imports_let_the_database_assign_ids(
    netcrm: Netcrm, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """No explicit ids: on PostgreSQL they would leave the id sequence behind the rows."""
    from sqlalchemy import event
    from sqlalchemy.engine import Engine

    statements: list[str] = []

    def seen(_conn: object, _cursor: object, statement: str, *_args: object) -> None:
        if statement.lstrip().upper().startswith("INSERT INTO"):
            statements.append(" ".join(statement.split()))

    netcrm("add", "Grace", "--no-follow-up")
    netcrm("log", "grace", "hello")
    path = tmp_path / "all.json"
    netcrm("export", "json", "-o", str(path))
    other = str(tmp_path / "other.db")
    with monkeypatch.context() as patch:  # another creation time: another derived uid
        patch.setenv("NETCRM_NOW", "2026-11-01T07:00:00")
        netcrm("--db", other, "add", "Someone", "--no-follow-up")
    event.listen(Engine, "before_cursor_execute", seen)
    try:
        netcrm("--db", other, "import", "json", str(path))
        netcrm("--db", other, "import", "linkedin", fixture("linkedin_en.csv"))
    finally:
        event.remove(Engine, "before_cursor_execute", seen)
    inserts = [
        s for s in statements if s.startswith(("INSERT INTO contact ", "INSERT INTO interaction "))
    ]
    assert len(inserts) >= 3
    assert not [s for s in inserts if "(id," in s or " id," in s.split(")")[0]]
    # The ids the database gave are the ones everything else points at.
    grace = netcrm.json("--db", other, "show", "#2")
    assert isinstance(grace, dict) and grace["id"] == 2
    assert [row["summary"] for row in grace["interactions"]] == ["hello"]
    assert netcrm.json("--db", other, "add", "Next", "--no-follow-up")["id"] == 6  # type: ignore[index]


def test_json_errors_name_the_line_of_the_contact(netcrm: Netcrm, tmp_path: Path) -> None:
    for name in ("Ada", "Grace"):
        netcrm("add", name, "--no-follow-up")
    netcrm("log", "grace", "hello")
    text = netcrm("export", "json").stdout
    document = json.loads(text)
    [grace_data] = [c for c in document["contacts"] if c["name"] == "Grace"]
    grace_data["interactions"][0]["occurred_at"] = "someday"
    pretty = json.dumps(document, indent=2)
    path = tmp_path / "bad.json"
    path.write_text(pretty, encoding="utf-8")
    rows = pretty.splitlines()
    grace = rows.index('      "name": "Grace",')
    start = max(i for i in range(grace) if rows[i] == "    {") + 1  # 1-based line of its "{"
    line = refused(netcrm, "import", "json", str(path))
    assert f"{path}:{start}: contact 'Grace': interactions: occurred_at" in line
    # Compact or odd spacing works too; a repeated key counts as json.loads reads it.
    odd = '{"format":"netcrm","version":1,"contacts":[],\n"contacts" : [\n\n {"name": 5}]}'
    path.write_text(odd, encoding="utf-8")
    assert f"{path}:4: contact 5: name" in refused(netcrm, "import", "json", str(path))


def test_contact_one_of_another_database_is_not_ours(netcrm: Netcrm, tmp_path: Path) -> None:
    """Two databases' contact #1, created in the same second, are different people."""
    netcrm("add", "Ada Lovelace", "--no-follow-up")
    path = tmp_path / "a.json"
    netcrm("export", "json", "-o", str(path))
    other = str(tmp_path / "b.db")
    netcrm("--db", other, "add", "Bob Builder", "--no-follow-up")  # also #1, same fixed clock
    out = netcrm.json("--db", other, "import", "json", str(path))
    assert isinstance(out, dict)
    assert (out["new"], out["updated"], out["unchanged"]) == (1, 0, 0)
    listed = netcrm.json("--db", other, "list", "--all")
    assert isinstance(listed, list)
    assert sorted((row["id"], row["name"]) for row in listed) == [
        (1, "Bob Builder"),
        (2, "Ada Lovelace"),
    ]


def test_a_card_finds_the_contact_you_added_by_name(netcrm: Netcrm) -> None:
    """The uid `add` gave Ada neither blocks the name match nor turns into a conflict."""
    netcrm("add", "Ada Lovelace", "--company", "Analytical Engines", "--no-follow-up")
    out = netcrm.json("import", "vcard", fixture("contacts_v3.vcf"))
    assert isinstance(out, dict)
    assert (out["new"], out["updated"]) == (1, 1)  # Charles Babbage is new; Ada is filled in
    ada = next(change for change in out["changes"] if change["name"] == "Ada Lovelace")
    assert ada["conflicts"] == {} and ada["set"]["email"] == "ada@example.org"


# ---- bringing a network in without a flood (issue 10) -----------------------------------------


def linkedin_export(tmp_path: Path, rows: int) -> Path:
    """A LinkedIn Connections.csv of `rows` connections made years ago, none ever touched."""
    lines = ["First Name,Last Name,URL,Email Address,Company,Position,Connected On"]
    lines += [
        f"Person,Number{i},https://www.linkedin.com/in/person-{i},,Acme,Engineer,"
        f"{1 + i % 28:02d} Mar {2015 + i % 9}"
        for i in range(rows)
    ]
    path = tmp_path / "Connections.csv"
    path.write_text("\n".join(lines) + "\n", encoding="utf-8")
    return path


@pytest.mark.slow  # 365 due lists, a few seconds per back end
def test_importing_365_outer_contacts_lists_at_most_3_on_any_day_of_the_year(
    netcrm: Netcrm, tmp_path: Path
) -> None:
    """The issue's own measure: `due --as-of DAY` for each day of the year after the import."""
    from datetime import date, timedelta

    from netcrm.core.config import Config
    from netcrm.services.daily.due import due as due_report
    from netcrm.store.lean import open_reader

    out = netcrm("import", "linkedin", str(linkedin_export(tmp_path, 365)))
    assert out.stdout.strip() == "365 new, 0 updated, 0 unchanged, 0 skipped"
    imported = date(2026, 11, 26)  # NOW
    assert netcrm.json("due", "--as-of", imported.isoformat()) == []  # no flood on day one
    counts: dict[date, int] = {}
    first_seen: dict[str, date] = {}
    # The service in one transaction: the CLI 365 times would be the same code, 365 openings.
    with open_reader(os.environ["NETCRM_DB"]) as reader:
        for offset in range(1, 366):
            day = imported + timedelta(days=offset)
            items = due_report(reader, day, Config()).items
            counts[day] = len(items)
            for item in items:
                first_seen.setdefault(item.name, day)
    assert max(counts.values()) <= 3, max(counts.items(), key=lambda pair: pair[1])
    # Evenly spread: every contact gets its turn, each on a day of its own.
    assert len(first_seen) == 365 and len(set(first_seen.values())) == 365
    # The CLI agrees on the busiest day.
    busiest = max(counts, key=lambda day: (counts[day], day))
    assert len(netcrm.json("due", "--as-of", busiest.isoformat())) == counts[busiest]  # type: ignore[arg-type]


def test_an_imported_contact_met_years_ago_is_not_years_late(netcrm: Netcrm) -> None:
    netcrm("import", "linkedin", fixture("linkedin_en.csv"))  # connected 2019 to 2024
    listed: Any = netcrm.json("list")
    # First turns spread over the year after the import, none in the past.
    assert sorted(row["next_due"] for row in listed) == ["2027-03-28", "2027-07-28", "2027-11-26"]
    assert {row["next_due_reason"] for row in listed} == {
        "outer circle: imported 2026-11-26, no touch yet; say hello"
    }
    assert all(row["met"] < "2025-01-01" for row in listed)


def _vcards(tmp_path: Path, count: int) -> Path:
    path = tmp_path / "phone.vcf"
    cards = [f"BEGIN:VCARD\nVERSION:3.0\nFN:Person {n:03}\nEND:VCARD\n" for n in range(count)]
    path.write_text("".join(cards), encoding="utf-8")
    return path


def _google(tmp_path: Path, count: int) -> Path:
    path = tmp_path / "google.csv"
    rows = [f"Person,{n:03}" for n in range(count)]
    path.write_text("First Name,Last Name\n" + "\n".join(rows) + "\n", encoding="utf-8")
    return path


@pytest.mark.slow  # a year of due lists
@pytest.mark.parametrize(("fmt", "make"), [("vcard", _vcards), ("google", _google)])
def test_no_import_format_floods_due(
    netcrm: Netcrm, tmp_path: Path, fmt: str, make: Callable[[Path, int], Path]
) -> None:
    """Every importer takes the same spread as LinkedIn's: nothing on day one, a few a day."""
    from datetime import date, timedelta

    from netcrm.core.config import Config
    from netcrm.services.daily.due import due as due_report
    from netcrm.store.lean import open_reader

    netcrm("import", fmt, str(make(tmp_path, 120)))
    imported = date(2026, 11, 26)  # NOW
    assert netcrm.json("due", "--as-of", imported.isoformat()) == []
    with open_reader(os.environ["NETCRM_DB"]) as reader:
        counts = [
            len(due_report(reader, imported + timedelta(days=offset), Config()).items)
            for offset in range(1, 366)
        ]
    assert max(counts) <= 3 and sum(counts) >= 120, (max(counts), sum(counts))
