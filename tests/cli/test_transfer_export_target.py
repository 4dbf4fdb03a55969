"""`export -o FILE` never destroys anything and never leaks (issue 9, section 3).

`netcrm --db x.db export csv -o x.db` once exited 0 with the database replaced by a
spreadsheet. An export may replace an ordinary earlier export, and only that.
"""

import os
import sqlite3
import stat
from collections.abc import Callable
from pathlib import Path

import pytest

from conftest import Netcrm
from helpers import db_path, refused


def _leftovers(folder: Path) -> list[str]:
    return sorted(entry.name for entry in folder.iterdir() if ".export-" in entry.name)


def _snapshot(folder: Path, target: Path) -> dict[Path, object]:
    """Every file under `folder`, and `target`: its bytes, or what it is when not a file."""
    found: dict[Path, object] = {}
    for path in [target, *folder.rglob("*")]:
        if os.path.lexists(path):
            mode = os.lstat(path).st_mode
            found[path] = path.read_bytes() if stat.S_ISREG(mode) else stat.S_IFMT(mode)
    return found


def _other_database(path: Path) -> None:
    connection = sqlite3.connect(path)
    connection.execute("CREATE TABLE t (x)")
    connection.close()


def _wal_file(path: Path) -> None:
    path.write_bytes(bytes.fromhex("377f0682002de218") + b"\x00" * 24)


# (how the target is made, given the database's path; what the refusal says)
TARGETS: dict[str, tuple[Callable[[Path], Path], str]] = {
    "the-database": (lambda db: db, "it is the database in use"),
    "its-wal": (lambda db: db.with_name("netcrm.db-wal"), "the -wal file of the database in use"),
    "its-shm": (lambda db: db.with_name("netcrm.db-shm"), "the -shm file of the database in use"),
    "its-journal": (lambda db: db.with_name("netcrm.db-journal"), "the -journal file"),
    "a-hard-link": (
        lambda db: (os.link(db, db.with_name("link.csv")), db.with_name("link.csv"))[1],
        "it is the database in use",
    ),
    "a-symlink": (
        lambda db: (os.symlink(db, db.with_name("sym.csv")), db.with_name("sym.csv"))[1],
        "it is the database in use",
    ),
    "into-backups": (lambda db: db.parent / "backups" / "list.csv", "backups folder"),
    "a-backup-name": (
        lambda db: db.parent / "elsewhere-20261101-080000.db",
        "named like a netcrm backup",
    ),
    "another-database": (
        lambda db: (_other_database(db.with_name("notes.csv")), db.with_name("notes.csv"))[1],
        "it is a SQLite database",
    ),
    "a-wal-file": (
        lambda db: (_wal_file(db.with_name("x.csv")), db.with_name("x.csv"))[1],
        "it is a SQLite WAL file",
    ),
    "a-folder": (lambda db: db.parent, "it is a folder"),
    "a-fifo": (
        lambda db: (os.mkfifo(db.with_name("pipe")), db.with_name("pipe"))[1],
        "it is a FIFO (named pipe)",
    ),
    "a-device": (lambda db: Path("/dev/null"), "it is a character device"),
}


@pytest.mark.sqlite_only
@pytest.mark.parametrize("kind", ["csv", "json", "ics"])
@pytest.mark.parametrize("case", list(TARGETS))
def test_an_export_never_replaces_the_database_a_backup_or_a_non_file(
    netcrm: Netcrm, case: str, kind: str
) -> None:
    db = db_path()
    netcrm("add", "Ada Lovelace", "--notes", "kept safe")
    netcrm("backup")
    make, message = TARGETS[case]
    target = make(db)
    before = _snapshot(db.parent, target)
    line = refused(netcrm, "export", kind, "-o", str(target))
    assert line.startswith(f"netcrm: refusing to export onto {target}: ") and message in line, line
    assert _snapshot(db.parent, target) == before, "a refused export changed or created a file"
    assert _leftovers(db.parent) == []
    assert netcrm.json("show", "ada")["notes"] == "kept safe"  # type: ignore[index]


def test_another_sqlite_file_or_a_backup_name_is_refused_on_either_back_end(
    netcrm: Netcrm, tmp_path: Path
) -> None:
    netcrm("add", "Ada Lovelace")
    other = tmp_path / "spreadsheet.csv"
    _other_database(other)
    before = other.read_bytes()
    assert "it is a SQLite database" in refused(netcrm, "export", "csv", "-o", str(other))
    assert other.read_bytes() == before
    named = tmp_path / "netcrm-20261126-080000-before-restore.db"
    assert "named like a netcrm backup" in refused(netcrm, "export", "json", "-o", str(named))
    assert not named.exists()


def test_an_earlier_export_is_replaced_whole_and_private(netcrm: Netcrm, tmp_path: Path) -> None:
    """Cron rewrites ~/netcrm.ics every day: replacing an ordinary file stays allowed."""
    netcrm("add", "Ada Lovelace", "--met", "2026-11-25", "--follow-up")
    target = tmp_path / "netcrm.ics"
    target.write_text("yesterday's calendar")
    target.chmod(0o644)
    assert netcrm("export", "ics", "-o", str(target)).stdout == ""
    assert target.read_text().startswith("BEGIN:VCALENDAR")
    assert stat.S_IMODE(target.stat().st_mode) == 0o600
    # A link to the export (into a synced folder, say) stays a link; its file is replaced.
    link = tmp_path / "link.ics"
    link.symlink_to(target)
    target.write_text("old")
    netcrm("export", "ics", "-o", str(link))
    assert link.is_symlink() and target.read_text().startswith("BEGIN:VCALENDAR")
    assert _leftovers(tmp_path) == []


def test_a_new_export_file_is_private(netcrm: Netcrm, tmp_path: Path) -> None:
    netcrm("add", "Ada Lovelace")
    for kind in ("json", "csv", "vcard", "ics"):
        target = tmp_path / f"out.{kind}"
        netcrm("export", kind, "-o", str(target))
        assert stat.S_IMODE(target.stat().st_mode) == 0o600, kind
        assert target.read_text() == netcrm("export", kind).stdout
    assert _leftovers(tmp_path) == []


def test_a_failed_export_leaves_nothing_behind(netcrm: Netcrm, tmp_path: Path) -> None:
    netcrm("add", "Ada Lovelace")
    assert "unknown export format" in refused(netcrm, "export", "xlsx", "-o", str(tmp_path / "a"))
    missing = tmp_path / "no" / "such" / "folder.csv"
    assert "No such file or directory" in refused(netcrm, "export", "csv", "-o", str(missing))
    assert sorted(entry.name for entry in tmp_path.iterdir()) == (
        ["netcrm.db"] if (tmp_path / "netcrm.db").exists() else []
    )
