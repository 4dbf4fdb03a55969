"""`netcrm sync vdir PATH` (issue 14, section 5): a folder of vCards and the database in step."""

import json
import os
import re
from pathlib import Path
from typing import Any

import pytest
from test_safety_undo import snapshot

from conftest import Netcrm
from helpers import FIXTURES, add, db_bytes, execute, query, refused, show

USAGE = Path(__file__).resolve().parents[2] / "docs" / "usage.md"


def card(uid: str, name: str, *lines: str, version: str = "3.0") -> bytes:
    """A card as a phone or server writes it, CRLF line ends."""
    body = ["BEGIN:VCARD", f"VERSION:{version}", f"UID:{uid}", f"FN:{name}", *lines, "END:VCARD"]
    return ("\r\n".join(body) + "\r\n").encode()


def sync(netcrm: Netcrm, vdir: Path, *options: str) -> dict[str, Any]:
    done = netcrm.json("sync", "vdir", str(vdir), *options)
    assert isinstance(done, dict)
    return done


def actions(done: dict[str, Any]) -> list[tuple[str, str, list[str]]]:
    return [(c["action"], c["name"], c["fields"]) for c in done["changes"]]


def edit_file(path: Path, old: str, new: str) -> None:
    """Change a card file's text as another program would (its line ends kept)."""
    text = path.read_bytes().decode()
    assert old in text
    path.write_bytes(text.replace(old, new).encode())


def files(vdir: Path) -> dict[str, bytes]:
    return {p.name: p.read_bytes() for p in sorted(vdir.iterdir()) if p.is_file()}


def settled(netcrm: Netcrm, vdir: Path) -> None:
    """A second sync changes nothing on either side (and leaves nothing to undo)."""
    before_files, before_rows = files(vdir), snapshot()
    writes = len(netcrm.json("undo", "--list", "-n", "1000"))  # type: ignore[arg-type]
    again = sync(netcrm, vdir)
    assert (again["changes"], again["conflicts"], again["skipped"]) == ([], [], [])
    assert files(vdir) == before_files
    assert snapshot() == before_rows
    assert len(netcrm.json("undo", "--list", "-n", "1000")) == writes  # type: ignore[arg-type]


@pytest.fixture
def vdir(tmp_path: Path) -> Path:
    folder = tmp_path / "contacts"
    folder.mkdir()
    return folder


def test_a_new_file_becomes_a_contact_and_a_second_sync_changes_nothing(
    netcrm: Netcrm, vdir: Path
) -> None:
    (vdir / "abc-1.vcf").write_bytes(
        card("abc-1", "Ada Lovelace", "N:Lovelace;Ada;;;", "ORG:Analytical Engines",
             "EMAIL;TYPE=work:ada@example.org", "TEL;TYPE=cell:+44 20 7946 0000")
    )  # fmt: skip
    done = sync(netcrm, vdir)
    assert actions(done) == [("contact_created", "Ada Lovelace", [])]
    assert done["unchanged"] == 0 and done["dry_run"] is False
    ada = show(netcrm, "ada")
    assert (ada["company"], ada["email"], ada["phone"]) == (
        "Analytical Engines", "ada@example.org", "+44 20 7946 0000",
    )  # fmt: skip
    assert query("SELECT vcard_uid FROM contact") == [("abc-1",)]
    assert list(files(vdir)) == ["abc-1.vcf"]  # the file is not rewritten: nothing to add
    settled(netcrm, vdir)
    assert sync(netcrm, vdir)["unchanged"] == 1


def test_a_new_contact_gets_a_file_named_by_its_uid(netcrm: Netcrm, vdir: Path) -> None:
    add(netcrm, "Grace Hopper", "--company", "Navy", "--email", "grace@navy.mil:work",
        "--notes", "private words", "--circle", "inner")  # fmt: skip
    [(uid,)] = query("SELECT vcard_uid FROM contact")
    done = sync(netcrm, vdir)
    assert actions(done) == [("file_created", "Grace Hopper", [])]
    assert list(files(vdir)) == [f"{uid}.vcf"]
    text = (vdir / f"{uid}.vcf").read_bytes().decode()
    assert f"UID:{uid}\r\n" in text and "ORG:Navy\r\n" in text
    assert "EMAIL;TYPE=work;TYPE=pref:grace@navy.mil\r\n" in text
    # The private fields stay home by default.
    assert "NOTE" not in text and "X-NETCRM" not in text and "private words" not in text
    assert (vdir / f"{uid}.vcf").stat().st_mode & 0o777 == 0o600
    settled(netcrm, vdir)


def test_an_edit_in_netcrm_reaches_the_file_and_keeps_what_netcrm_does_not_own(
    netcrm: Netcrm, vdir: Path
) -> None:
    (vdir / "a.vcf").write_bytes(
        card("a", "Ada Lovelace", "ORG:Analytical", "PHOTO;ENCODING=b;TYPE=JPEG:AAAA",
             "X-PHONETIC-FIRST-NAME:Ada", "item1.EMAIL:ada@example.org",
             "item1.X-ABLabel:_$!<Other>!$_", "REV:2026-01-01T00:00:00Z")
    )  # fmt: skip
    sync(netcrm, vdir)
    netcrm("edit", "ada", "--role", "Countess", "--company", "Difference Engines")
    done = sync(netcrm, vdir)
    assert actions(done) == [("file_updated", "Ada Lovelace", ["company", "role"])]
    text = (vdir / "a.vcf").read_bytes().decode()
    assert "ORG:Difference Engines\r\n" in text and "TITLE:Countess\r\n" in text
    assert "ORG:Analytical" not in text
    for kept in (
        "PHOTO;ENCODING=b;TYPE=JPEG:AAAA",
        "X-PHONETIC-FIRST-NAME:Ada",
        "item1.EMAIL:ada@example.org",
        "item1.X-ABLabel:_$!<Other>!$_",
        "REV:",
    ):
        assert kept in text  # fmt: skip
    assert text.startswith("BEGIN:VCARD\r\n") and text.endswith("END:VCARD\r\n")
    assert [p.name for p in vdir.iterdir()] == ["a.vcf"]  # no temporary file left
    settled(netcrm, vdir)


def test_an_edit_in_the_file_reaches_netcrm(netcrm: Netcrm, vdir: Path) -> None:
    add(netcrm, "Grace Hopper", "--company", "Navy", "--notes", "met at the conference")
    sync(netcrm, vdir)
    [path] = vdir.iterdir()
    text = (
        path.read_bytes()
        .decode()
        .replace("ORG:Navy", "ORG:US Navy")
        .replace("END:VCARD", "TITLE:Rear Admiral\r\nCATEGORIES:cobol,navy\r\nEND:VCARD")
    )
    path.write_text(text, newline="")
    done = sync(netcrm, vdir)
    assert actions(done) == [("contact_updated", "Grace Hopper", ["company", "role", "tags"])]
    grace = show(netcrm, "grace")
    assert (grace["company"], grace["role"], grace["tags"]) == (
        "US Navy", "Rear Admiral", ["cobol", "navy"],
    )  # fmt: skip
    # Notes are not synced by default: a card without NOTE never clears them.
    assert grace["notes"] == "met at the conference"
    settled(netcrm, vdir)


def test_removing_an_email_in_the_file_removes_it_in_netcrm(netcrm: Netcrm, vdir: Path) -> None:
    add(netcrm, "Grace Hopper", "--email", "grace@navy.mil", "--email", "g@home.example:home")
    sync(netcrm, vdir)
    [path] = vdir.iterdir()
    path.write_bytes(b"".join(
        line + b"\r\n" for line in path.read_bytes().split(b"\r\n")
        if line and b"g@home.example" not in line
    ))  # fmt: skip
    done = sync(netcrm, vdir)
    assert actions(done) == [("contact_updated", "Grace Hopper", ["emails"])]
    assert [e["value"] for e in show(netcrm, "grace")["emails"]] == ["grace@navy.mil"]
    settled(netcrm, vdir)


def test_a_field_changed_on_both_sides_is_a_conflict_left_alone(netcrm: Netcrm, vdir: Path) -> None:
    add(netcrm, "Grace Hopper", "--role", "Captain", "--company", "Navy")
    sync(netcrm, vdir)
    [path] = vdir.iterdir()
    edit_file(path, "TITLE:Captain", "TITLE:Commodore")
    netcrm("edit", "grace", "--role", "Rear Admiral", "--company", "US Navy")
    before = path.read_bytes()
    done = sync(netcrm, vdir)
    [conflict] = done["conflicts"]
    assert conflict == {
        "file": path.name, "contact_id": 1, "name": "Grace Hopper", "field": "role",
        "netcrm": "Rear Admiral", "vdir": "Commodore", "settled": None,
    }  # fmt: skip
    # The field that changed on one side only still syncs.
    assert actions(done) == [("file_updated", "Grace Hopper", ["company"])]
    assert "TITLE:Commodore" in path.read_bytes().decode() and path.read_bytes() != before
    assert show(netcrm, "grace")["role"] == "Rear Admiral"
    # Reported again until it is settled, and nothing is lost meanwhile.
    again = sync(netcrm, vdir)
    assert [c["field"] for c in again["conflicts"]] == ["role"] and again["changes"] == []
    out = netcrm("sync", "vdir", str(vdir)).stdout
    assert "conflict: #1 Grace Hopper: role: netcrm has 'Rear Admiral'" in out
    assert "has 'Commodore'" in out
    settle = sync(netcrm, vdir, "--prefer", "vdir")
    assert [c["settled"] for c in settle["conflicts"]] == ["vdir"]
    assert actions(settle) == [("contact_updated", "Grace Hopper", ["role"])]
    assert show(netcrm, "grace")["role"] == "Commodore"
    settled(netcrm, vdir)


def test_prefer_netcrm_writes_netcrm_s_value_to_the_file(netcrm: Netcrm, vdir: Path) -> None:
    add(netcrm, "Grace Hopper", "--role", "Captain")
    sync(netcrm, vdir)
    [path] = vdir.iterdir()
    edit_file(path, "TITLE:Captain", "TITLE:Commodore")
    netcrm("edit", "grace", "--role", "Rear Admiral")
    done = sync(netcrm, vdir, "--prefer", "netcrm")
    assert [c["settled"] for c in done["conflicts"]] == ["netcrm"]
    assert "TITLE:Rear Admiral" in path.read_bytes().decode()
    settled(netcrm, vdir)


def test_a_deleted_file_archives_its_contact(netcrm: Netcrm, vdir: Path) -> None:
    add(netcrm, "Grace Hopper")
    add(netcrm, "Ada Lovelace")
    sync(netcrm, vdir)
    [name] = [name for name, data in files(vdir).items() if b"Grace" in data]
    (vdir / name).unlink()
    done = sync(netcrm, vdir)
    assert actions(done) == [("contact_archived", "Grace Hopper", [])]
    grace = show(netcrm, "grace")
    assert grace["archived"] is True  # archived, never deleted
    settled(netcrm, vdir)
    assert len(files(vdir)) == 1  # an archived contact is not written back
    netcrm("unarchive", "grace")
    assert actions(sync(netcrm, vdir)) == [("file_created", "Grace Hopper", [])]


def test_an_emptied_folder_archives_nobody_unless_forced(netcrm: Netcrm, vdir: Path) -> None:
    """An unmounted or wiped vdir looks like every file deleted: that needs saying twice."""
    add(netcrm, "Grace Hopper")
    add(netcrm, "Ada Lovelace")
    sync(netcrm, vdir)
    for name in files(vdir):
        (vdir / name).unlink()
    assert refused(netcrm, "sync", "vdir", str(vdir)) == (
        f"netcrm: {vdir.resolve()} holds no card, but 2 were synced with it before (an "
        "unmounted or emptied folder?): nothing changed; --force-delete archives their contacts"
    )
    assert files(vdir) == {}
    done = sync(netcrm, vdir, "--force-delete")
    assert sorted(actions(done)) == [
        ("contact_archived", "Ada Lovelace", []),
        ("contact_archived", "Grace Hopper", []),
    ]


def test_a_contact_removed_from_netcrm_keeps_its_file_unless_asked(
    netcrm: Netcrm, vdir: Path
) -> None:
    add(netcrm, "Grace Hopper")
    add(netcrm, "Ada Lovelace")
    sync(netcrm, vdir)
    netcrm("rm", "grace", "--yes")
    done = sync(netcrm, vdir)
    assert actions(done) == [("file_kept", "Grace Hopper", [])]
    assert len(files(vdir)) == 2
    out = netcrm("sync", "vdir", str(vdir)).stdout
    assert "kept: 'Grace Hopper' is no longer in netcrm (--propagate-deletes removes it)" in out
    assert query("SELECT count(*) FROM contact") == [(1,)]  # never brought back
    done = sync(netcrm, vdir, "--propagate-deletes")
    assert actions(done) == [("file_removed", "Grace Hopper", [])]
    assert len(files(vdir)) == 1
    settled(netcrm, vdir)


def test_dry_run_reports_the_same_and_writes_nothing(netcrm: Netcrm, vdir: Path) -> None:
    add(netcrm, "Grace Hopper", "--company", "Navy")
    sync(netcrm, vdir)
    [path] = vdir.iterdir()
    edit_file(path, "ORG:Navy", "ORG:US Navy")
    (vdir / "new.vcf").write_bytes(card("new", "Hedy Lamarr"))
    netcrm("edit", "grace", "--role", "Admiral")
    add(netcrm, "Ada Lovelace")
    before_files, before_db = files(vdir), db_bytes()
    dry = sync(netcrm, vdir, "--dry-run")
    assert dry["dry_run"] is True
    assert (files(vdir), db_bytes()) == (before_files, before_db)
    text = netcrm("sync", "vdir", str(vdir), "--dry-run").stdout
    assert "would be made" in text and "nothing written" in text
    assert (files(vdir), db_bytes()) == (before_files, before_db)
    real = sync(netcrm, vdir)
    assert actions(real) == actions(dry)
    assert sorted(a for a, _n, _f in actions(real)) == [
        "contact_created", "contact_updated", "file_created", "file_updated",
    ]  # fmt: skip
    settled(netcrm, vdir)


def test_a_new_file_of_someone_netcrm_has_is_linked_not_duplicated(
    netcrm: Netcrm, vdir: Path
) -> None:
    add(netcrm, "Ada Lovelace", "--email", "ada@example.org", "--company", "Analytical")
    (vdir / "phone-1.vcf").write_bytes(
        card("phone-1", "Ada Lovelace", "EMAIL:ada@example.org", "TEL:+44 20 7946 0000")
    )
    done = sync(netcrm, vdir)
    # The import filled in the phone; netcrm's company went to the file.
    assert actions(done) == [("contact_linked", "Ada Lovelace", ["company"])]
    assert query("SELECT count(*) FROM contact") == [(1,)]
    assert show(netcrm, "ada")["phone"] == "+44 20 7946 0000"
    assert "ORG:Analytical" in (vdir / "phone-1.vcf").read_bytes().decode()  # what only netcrm had
    settled(netcrm, vdir)


def test_the_private_fields_go_out_only_when_the_config_says(
    netcrm: Netcrm, vdir: Path, tmp_path: Path
) -> None:
    add(netcrm, "Grace Hopper", "--notes", "likes COBOL", "--family", "two kids",
        "--circle", "inner")  # fmt: skip
    config = tmp_path / "config" / "netcrm" / "config.toml"
    config.parent.mkdir(parents=True, exist_ok=True)
    config.write_text("[sync]\nprivate_fields = true\n")
    done = sync(netcrm, vdir)
    assert done["private_fields"] is True
    [path] = vdir.iterdir()
    text = path.read_bytes().decode()
    assert "NOTE:likes COBOL" in text and "X-NETCRM-FAMILY:two kids" in text
    assert "X-NETCRM-CIRCLE:inner" in text
    path.write_text(text.replace("NOTE:likes COBOL", "NOTE:likes COBOL and Fortran"), newline="")
    assert actions(sync(netcrm, vdir)) == [("contact_updated", "Grace Hopper", ["notes"])]
    assert show(netcrm, "grace")["notes"] == "likes COBOL and Fortran"
    settled(netcrm, vdir)


@pytest.mark.parametrize(
    ("body", "wanted"),
    [
        ("[sync]\nprivate_fields = 1\n", "sync.private_fields must be true or false"),
        ("[sync]\nprivate = true\n", "unknown key sync.private; known: private_fields"),
    ],
)
def test_a_bad_sync_setting_is_refused(
    netcrm: Netcrm, vdir: Path, tmp_path: Path, body: str, wanted: str
) -> None:
    config = tmp_path / "config" / "netcrm" / "config.toml"
    config.parent.mkdir(parents=True, exist_ok=True)
    config.write_text(body)
    assert wanted in refused(netcrm, "sync", "vdir", str(vdir))


def test_a_path_that_is_not_a_folder_is_refused(netcrm: Netcrm, tmp_path: Path) -> None:
    add(netcrm, "Grace Hopper")
    (tmp_path / "file.vcf").write_bytes(card("x", "X"))
    assert "is not a folder" in refused(netcrm, "sync", "vdir", str(tmp_path / "file.vcf"))
    assert "does not exist" in refused(netcrm, "sync", "vdir", str(tmp_path / "nowhere"))


def test_hostile_and_odd_files_are_skipped_and_reported_and_the_rest_syncs(
    netcrm: Netcrm, vdir: Path, tmp_path: Path
) -> None:
    outside = tmp_path / "outside.vcf"
    outside.write_bytes(card("out", "Someone Outside"))
    (vdir / "link.vcf").symlink_to(outside)
    (vdir / "folder.vcf").mkdir()
    (vdir / ".hidden.vcf").write_bytes(card("h", "Hidden Person"))
    (vdir / "notes.txt").write_bytes(card("t", "Text Person"))
    (vdir / "nul.vcf").write_bytes(card("n", "Nul\x00Person"))
    (vdir / "broken.vcf").write_bytes(b"BEGIN:VCARD\r\nVERSION:3.0\r\nFN:Broken\r\nBDAY:soon\r\n")
    (vdir / "latin1.vcf").write_bytes(card("l", "Jos\xe9").replace(b"\xc3\xa9", b"\xe9"))
    (vdir / "two.vcf").write_bytes(card("t1", "One") + card("t2", "Two"))
    (vdir / "good.vcf").write_bytes(card("g", "Good Person"))
    result = netcrm("sync", "vdir", str(vdir), "--json")
    done = json.loads(result.stdout)
    assert actions(done) == [("contact_created", "Good Person", [])]
    skipped = done["skipped"]
    assert all(re.match(r".+\.vcf:\d+: .+", line) for line in skipped), skipped
    by_file = {Path(line.split(":", 1)[0]).name: line for line in skipped}
    assert sorted(by_file) == [
        "broken.vcf", "folder.vcf", "latin1.vcf", "link.vcf", "nul.vcf", "two.vcf",
    ]  # fmt: skip
    assert "symbolic link" in by_file["link.vcf"]
    assert "not a regular file" in by_file["folder.vcf"]
    assert "holds 2 cards" in by_file["two.vcf"]
    assert "UTF-8" in by_file["latin1.vcf"]
    assert query("SELECT name FROM contact") == [("Good Person",)]
    assert outside.read_bytes() == card("out", "Someone Outside")
    text = netcrm("sync", "vdir", str(vdir))
    assert "link.vcf:1: a symbolic link" in text.stderr


def test_a_card_too_large_is_skipped(netcrm: Netcrm, vdir: Path) -> None:
    from netcrm.services.transfer.sync.folder import LARGEST_CARD

    (vdir / "big.vcf").write_bytes(card("b", "Big", "NOTE:" + "x" * LARGEST_CARD))
    done = sync(netcrm, vdir)
    assert [Path(s.split(":")[0]).name for s in done["skipped"]] == ["big.vcf"]
    assert "larger than" in done["skipped"][0]
    assert query("SELECT count(*) FROM contact") == [(0,)]


def test_a_failed_file_write_leaves_the_database_unchanged(
    netcrm: Netcrm, vdir: Path, tmp_path: Path
) -> None:
    source = tmp_path / "people.vcf"
    source.write_bytes(card("fixed-uid", "Grace Hopper"))
    netcrm("import", "vcard", str(source))
    (vdir / "fixed-uid.vcf").mkdir()  # where Grace's file would go: cannot be written
    (vdir / "new.vcf").write_bytes(card("new", "Hedy Lamarr"))
    assert "not a regular file" in refused(netcrm, "sync", "vdir", str(vdir))
    assert query("SELECT name FROM contact") == [("Grace Hopper",)]
    assert query("SELECT count(*) FROM sync_state") == [(0,)]
    assert sorted(p.name for p in vdir.iterdir()) == ["fixed-uid.vcf", "new.vcf"]
    # Once the way is clear, the next run does it all, once.
    (vdir / "fixed-uid.vcf").rmdir()
    done = sync(netcrm, vdir)
    assert sorted(a for a, _n, _f in actions(done)) == ["contact_created", "file_created"]
    settled(netcrm, vdir)


def test_a_run_that_stopped_after_writing_some_files_is_completed_by_the_next(
    netcrm: Netcrm, vdir: Path
) -> None:
    add(netcrm, "Ada Lovelace", "--company", "Analytical")
    add(netcrm, "Grace Hopper", "--company", "Navy")
    sync(netcrm, vdir)
    netcrm("edit", "ada", "--company", "Difference")
    netcrm("edit", "grace", "--company", "US Navy")
    saved = snapshot()
    sync(netcrm, vdir)
    # As if the database side had been rolled back after the files were written: the
    # files hold netcrm's new values, the sync state the old ones.
    for table, rows in saved.items():
        if table == "sync_state":
            execute(*(f"UPDATE sync_state SET etag = '{r[5]}', synced = '{r[6]}', card = '{r[7]}'"
                      f" WHERE id = {r[0]}" for r in rows))  # fmt: skip
    done = sync(netcrm, vdir)
    assert done["conflicts"] == [] and done["changes"] == []
    assert [show(netcrm, who)["company"] for who in ("ada", "grace")] == ["Difference", "US Navy"]
    settled(netcrm, vdir)


def test_a_vcard_4_file_stays_4(netcrm: Netcrm, vdir: Path) -> None:
    (vdir / "four.vcf").write_bytes(card("four", "Ada Lovelace", "BDAY:18151210", version="4.0"))
    sync(netcrm, vdir)
    assert show(netcrm, "ada")["birthday"] == "1815-12-10"
    netcrm("edit", "ada", "--birthday", "1815-12-11")
    sync(netcrm, vdir)
    text = (vdir / "four.vcf").read_bytes().decode()
    assert "VERSION:4.0" in text and "BDAY:18151211" in text
    settled(netcrm, vdir)


def test_two_vdirs_sync_with_one_database_each_on_its_own(netcrm: Netcrm, tmp_path: Path) -> None:
    work, home = tmp_path / "work", tmp_path / "home"
    work.mkdir()
    home.mkdir()
    (work / "w.vcf").write_bytes(card("w", "Ada Lovelace"))
    sync(netcrm, work)
    assert actions(sync(netcrm, home)) == [("file_created", "Ada Lovelace", [])]
    (home / "h.vcf").write_bytes(card("h", "Grace Hopper"))
    assert actions(sync(netcrm, home)) == [("contact_created", "Grace Hopper", [])]
    assert actions(sync(netcrm, work)) == [("file_created", "Grace Hopper", [])]
    vdirs = query("SELECT DISTINCT vdir FROM sync_state ORDER BY vdir")
    assert vdirs == [(str(home.resolve()),), (str(work.resolve()),)]
    settled(netcrm, work)
    settled(netcrm, home)


def test_the_same_folder_by_another_path_is_the_same_vdir(netcrm: Netcrm, vdir: Path) -> None:
    add(netcrm, "Ada Lovelace")
    sync(netcrm, vdir)
    settled(netcrm, vdir.parent / ".." / vdir.parent.name / vdir.name)


def test_forget_erases_what_the_sync_remembers_of_them(netcrm: Netcrm, vdir: Path) -> None:
    add(netcrm, "Grace Hopper", "--company", "Navy")
    sync(netcrm, vdir)
    assert "Navy" in query("SELECT synced FROM sync_state")[0][0]
    netcrm("forget", "grace", "--yes")
    assert query("SELECT contact_id, synced, card FROM sync_state") == [(None, "{}", "{}")]
    assert actions(sync(netcrm, vdir)) == [("file_kept", "Grace Hopper", [])]


def test_every_sync_json_key_is_documented(netcrm: Netcrm, vdir: Path) -> None:
    add(netcrm, "Grace Hopper", "--role", "Captain")
    sync(netcrm, vdir)
    [path] = vdir.iterdir()
    edit_file(path, "TITLE:Captain", "TITLE:Commodore")
    netcrm("edit", "grace", "--role", "Admiral")
    done = sync(netcrm, vdir)
    keys = set(done) | set(done["changes"][0] if done["changes"] else {})
    keys |= set(done["conflicts"][0])
    keys |= set(sync(netcrm, vdir, "--prefer", "netcrm")["changes"][0])
    section = USAGE.read_text(encoding="utf-8").split("## `netcrm sync vdir")[1].split("\n## ")[0]
    assert sorted(key for key in keys if f"`{key}`" not in section) == []
    from netcrm.services.transfer.sync.vdir import ACTIONS

    assert [action for action in ACTIONS if f"`{action}`" not in section] == []


def test_the_sync_file_names_never_leave_the_folder(netcrm: Netcrm, vdir: Path) -> None:
    source = vdir.parent / "odd.vcf"
    source.write_bytes(card("../../escape", "Odd Uid"))
    netcrm("import", "vcard", str(source))
    sync(netcrm, vdir)
    [path] = vdir.iterdir()
    assert path.name.startswith("netcrm-") and path.name.endswith(".vcf")
    assert os.path.dirname(os.path.realpath(path)) == str(vdir.resolve())


def test_a_file_renamed_by_another_program_stays_its_contact(netcrm: Netcrm, vdir: Path) -> None:
    (vdir / "old-name.vcf").write_bytes(card("ada-uid", "Ada Lovelace", "ORG:Analytical"))
    sync(netcrm, vdir)
    (vdir / "old-name.vcf").rename(vdir / "ada-uid.vcf")
    edit_file(vdir / "ada-uid.vcf", "ORG:Analytical", "ORG:Difference")
    done = sync(netcrm, vdir)
    assert actions(done) == [("contact_updated", "Ada Lovelace", ["company"])]
    ada = show(netcrm, "ada")
    assert (ada["archived"], ada["company"]) == (False, "Difference")
    assert query("SELECT file_name FROM sync_state") == [("ada-uid.vcf",)]
    settled(netcrm, vdir)


def test_an_unknown_side_for_prefer_is_refused(netcrm: Netcrm, vdir: Path) -> None:
    add(netcrm, "Ada Lovelace")
    message = refused(netcrm, "sync", "vdir", str(vdir), "--prefer", "both")
    assert message == "netcrm: unknown side 'both' for --prefer: use netcrm or vdir"
    assert list(vdir.iterdir()) == []


@pytest.mark.sqlite_only
def test_a_refused_sync_creates_no_database(netcrm: Netcrm, tmp_path: Path) -> None:
    refused(netcrm, "sync", "vdir", str(tmp_path / "nowhere"))
    assert not Path(os.environ["NETCRM_DB"]).exists()


def test_tab_completes_the_sides_prefer_takes() -> None:
    from netcrm.cli.completion import SYNC_SIDES
    from netcrm.services.transfer.sync.vdir import PREFER

    assert tuple(PREFER) == SYNC_SIDES


@pytest.mark.parametrize(
    "fixture", ["contacts_v3.vcf", "contacts_v4.vcf", "vcard_android_21.vcf", "vcard_phones.vcf"]
)
def test_the_importer_fixtures_as_a_vdir_sync_without_conflicts(
    netcrm: Netcrm, vdir: Path, fixture: str
) -> None:
    """Cards as phones and programs write them (one file each): created, then stable, and
    an edit in netcrm goes into each card and reads back as it was written."""
    cards = re.split(rb"(?=BEGIN:VCARD)", (FIXTURES / fixture).read_bytes())
    for number, one in enumerate(part for part in cards if part.strip()):
        (vdir / f"{number}.vcf").write_bytes(one)
    done = sync(netcrm, vdir)
    assert done["conflicts"] == [] and done["skipped"] == []
    assert {c["action"] for c in done["changes"]} == {"contact_created"}
    settled(netcrm, vdir)
    for change in done["changes"]:
        netcrm("edit", str(change["contact_id"]), "--company", "Renamed Ltd", "--tag", "synced")
    again = sync(netcrm, vdir)
    assert {c["action"] for c in again["changes"]} == {"file_updated"}
    assert all("company" in c["fields"] for c in again["changes"])
    settled(netcrm, vdir)
    assert all("ORG:Renamed Ltd" in p.read_bytes().decode() for p in vdir.iterdir())


def test_a_linked_card_gets_what_netcrm_adds_to_its_emails_and_tags(
    netcrm: Netcrm, vdir: Path
) -> None:
    add(netcrm, "Ada Lovelace", "--email", "ada@example.org", "--email", "ada@home.example",
        "--tag", "maths")  # fmt: skip
    (vdir / "a.vcf").write_bytes(
        card("a", "Ada Lovelace", "EMAIL:ada@example.org", "CATEGORIES:poetry")
    )
    done = sync(netcrm, vdir)
    assert done["conflicts"] == []
    assert actions(done) == [("contact_linked", "Ada Lovelace", ["emails", "tags"])]
    text = (vdir / "a.vcf").read_bytes().decode()
    assert "ada@home.example" in text and "CATEGORIES:maths,poetry" in text
    assert show(netcrm, "ada")["tags"] == ["maths", "poetry"]
    settled(netcrm, vdir)


def test_after_a_merge_the_folded_contact_s_file_is_kept_until_asked(
    netcrm: Netcrm, vdir: Path
) -> None:
    add(netcrm, "Ada Lovelace", "--email", "ada@example.org")
    add(netcrm, "Ada L", "--company", "Analytical", "--force")
    sync(netcrm, vdir)
    netcrm("merge", "ada lovelace", "ada l", "--yes")
    done = sync(netcrm, vdir)
    assert sorted(actions(done)) == [
        ("file_kept", "Ada L", []), ("file_updated", "Ada Lovelace", ["company"]),
    ]  # fmt: skip
    assert [a for a, _n, _f in actions(sync(netcrm, vdir, "--propagate-deletes"))] == [
        "file_removed"
    ]
    assert len(files(vdir)) == 1
    settled(netcrm, vdir)


def test_a_contact_whose_card_would_not_read_back_is_reported_not_written(
    netcrm: Netcrm, vdir: Path
) -> None:
    add(netcrm, "Ada Lovelace")
    add(netcrm, "Grace Hopper", "--birthday", "1906-12-09")
    execute("UPDATE contact SET birthday = '1906-13-45' WHERE name = 'Grace Hopper'")
    done = sync(netcrm, vdir)
    assert actions(done) == [("file_created", "Ada Lovelace", [])]
    [problem] = done["skipped"]
    assert re.match(
        r".+\.vcf:\d+: cannot read birthday .* \(netcrm's card for it: not written\)$", problem
    )
    assert len(files(vdir)) == 1
    execute("UPDATE contact SET birthday = '1906-12-09' WHERE name = 'Grace Hopper'")
    assert actions(sync(netcrm, vdir)) == [("file_created", "Grace Hopper", [])]
    settled(netcrm, vdir)
