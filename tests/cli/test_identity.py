"""Never merge two people, never duplicate one (issue 14, section 1)."""

from pathlib import Path

import pytest

from conftest import Netcrm
from helpers import FIXTURES, db_bytes

KINDS = {"linkedin": "linkedin", "google": "google", "contacts": "vcard", "vcard": "vcard",
         "outlook": "outlook", "json": "json"}  # fmt: skip


# Fixtures that are refused whole (bad values, broken files): the house's "nothing written".
# (A vCard's unreadable card is skipped instead: the rest of the file imports.)
REFUSED = ("linkedin_bad_", "google_bad_", "json_", "_no_header")


def _kind(path: Path) -> str:
    return KINDS[path.name.split("_")[0]]


@pytest.mark.parametrize("path", sorted(FIXTURES.iterdir()), ids=lambda path: path.name)
def test_every_fixture_imports_twice_and_the_second_run_changes_nothing(
    netcrm: Netcrm, path: Path
) -> None:
    refused = any(word in path.name for word in REFUSED)
    first = netcrm("import", _kind(path), str(path), code=1 if refused else 0)
    if refused:  # a file refused whole: refused again, the same way, and nothing written
        before = db_bytes()
        again = netcrm("import", _kind(path), str(path), code=1)
        assert again.stderr == first.stderr and db_bytes() == before
        return
    skipped = first.stdout.strip().rsplit(", ", 1)[-1]  # "N skipped": the same cards again
    again = netcrm.json("import", _kind(path), str(path))
    assert isinstance(again, dict)
    assert (again["new"], again["updated"], f"{again['skipped']} skipped") == (0, 0, skipped)
    assert again["unchanged"] >= 1
    assert {change["action"] for change in again["changes"]} <= {"unchanged", "skipped"}


def _google(tmp_path: Path, rows: list[str]) -> str:
    header = (
        "First Name,Last Name,Organization Name,E-mail 1 - Value,Phone 1 - Value,Website 1 - Value"
    )
    path = tmp_path / "contacts.csv"
    path.write_text("\n".join([header, *rows]) + "\n", encoding="utf-8")
    return str(path)


def test_placeholder_emails_and_distinct_linkedin_urls_are_two_people(
    netcrm: Netcrm, tmp_path: Path
) -> None:
    file = _google(
        tmp_path,
        [
            "Ann,Lee,Acme,xxx,,https://www.linkedin.com/in/ann-lee",
            "Bo,Kim,Initech,none,,https://www.linkedin.com/in/bo-kim",
            "Cy,Park,Globex,shared@globex.example,,https://www.linkedin.com/in/cy-park",
            "Di,Ng,Globex,shared@globex.example,,https://www.linkedin.com/in/di-ng",
        ],
    )
    first = netcrm.json("import", "google", file)
    assert isinstance(first, dict) and first["new"] == 4
    people = {row["name"]: row for row in netcrm.json("list")}  # type: ignore[union-attr]
    assert (people["Ann Lee"]["company"], people["Bo Kim"]["company"]) == ("Acme", "Initech")
    assert (people["Cy Park"]["company"], people["Di Ng"]["company"]) == ("Globex", "Globex")
    for _ in range(2):  # companies never flip, and no career news is invented
        again = netcrm.json("import", "google", file)
        assert isinstance(again, dict) and again["unchanged"] == 4, again
        assert all(change["career"] is None for change in again["changes"])
    # dupes may still put the pair sharing an address before the user.
    pairs = netcrm.json("dupes")
    assert any("same email" in " ".join(pair["why"]) for pair in pairs)  # type: ignore[union-attr, index]


def test_namesakes_without_company_but_with_different_phones_stay_two(
    netcrm: Netcrm, tmp_path: Path
) -> None:
    file = _google(tmp_path, ["John,,,,+44 20 7946 0001,", "John,,,,+44 20 7946 0002,"])
    first = netcrm.json("import", "google", file)
    assert isinstance(first, dict) and first["new"] == 2
    phones = sorted(row["phone"] for row in netcrm.json("list"))  # type: ignore[union-attr, index]
    assert phones == ["+44 20 7946 0001", "+44 20 7946 0002"]  # the second phone is kept
    again = netcrm.json("import", "google", file)
    assert isinstance(again, dict) and (again["new"], again["unchanged"]) == (0, 2)


def test_a_second_email_seen_in_the_first_run_never_duplicates_on_the_second(
    netcrm: Netcrm, tmp_path: Path
) -> None:
    header = "First Name,Last Name,E-mail 1 - Value,E-mail 2 - Value"
    path = tmp_path / "two.csv"
    path.write_text(
        f"{header}\nAda,Lovelace,ada@one.example,ada@two.example\nAda,Lovelace,ada@two.example,\n",
        encoding="utf-8",
    )
    first = netcrm.json("import", "google", str(path))
    assert isinstance(first, dict) and first["new"] == 1
    again = netcrm.json("import", "google", str(path))
    assert isinstance(again, dict) and (again["new"], again["unchanged"]) == (0, 2)


def test_an_address_several_records_of_one_file_share_matches_none_of_them(
    netcrm: Netcrm, tmp_path: Path
) -> None:
    """An office's shared address on two people without LinkedIn URLs: still two people."""
    file = _google(
        tmp_path,
        [
            "Eve,Stone,Umbrella,office@umbrella.example,,",
            "Fay,Wong,Umbrella,office@umbrella.example,,",
            "Eve,Stone,Umbrella,office@umbrella.example,+44 20 7946 0777,",  # Eve again
        ],
    )
    first = netcrm.json("import", "google", file)
    assert isinstance(first, dict) and (first["new"], first["updated"]) == (2, 1), first
    again = netcrm.json("import", "google", file)
    assert isinstance(again, dict) and again["unchanged"] == 3, again
    names = sorted(row["name"] for row in netcrm.json("list"))  # type: ignore[union-attr, index]
    assert names == ["Eve Stone", "Fay Wong"]
