"""Text that is not UTF-8: arguments and standard input get one line naming the bad byte.

Python hands over an argument holding a byte that is not UTF-8 (`netcrm add $'bad\\xffname'`)
as a lone surrogate, U+DC00 + the byte: these tests pass exactly that. Arguments that name
files are the exception: a file name may hold any bytes the file system allows.
"""

import os
import subprocess
import sys
from pathlib import Path

import pytest

from conftest import Netcrm
from helpers import FIXTURES, db_path, refused

BAD = "bad\udcffname"  # what Python makes of the bytes b"bad\xffname" in argv

ARGUMENTS = [
    (["add", BAD], "NAME 'bad\\xffname' is not UTF-8 (undecodable byte 0xff at character 4)"),
    (["add", "Ada", "--company", "caf\udce9"], "--company 'caf\\xe9' is not UTF-8"),
    (["list", "--tag", "ok", "--tag", "\udcff"], "--tag '\\xff' is not UTF-8"),
    (["show", BAD], "CONTACT 'bad\\xffname' is not UTF-8"),
    (["log", "ada", BAD], "TEXT 'bad\\xffname' is not UTF-8"),
    (["due", "--as-of", "\udcff"], "--as-of '\\xff' is not UTF-8"),
]


@pytest.mark.parametrize(("argv", "message"), ARGUMENTS, ids=[a[0] for a, _ in ARGUMENTS])
def test_an_argument_that_is_not_utf8_is_refused_in_one_line(
    netcrm: Netcrm, argv: list[str], message: str
) -> None:
    netcrm("add", "Ada Lovelace")
    line = refused(netcrm, *argv)  # exit 1: a bad value, like any other the user can fix
    assert message in line and "UTF-8 locale" in line


@pytest.mark.sqlite_only
def test_file_names_may_hold_any_bytes(netcrm: Netcrm, tmp_path: Path) -> None:
    latin = tmp_path / os.fsdecode(b"caf\xe9")
    latin.mkdir()
    export = latin / "Connections.csv"
    export.write_bytes((FIXTURES / "linkedin_en.csv").read_bytes())
    db = str(latin / "netcrm.db")
    assert netcrm("--db", db, "import", "linkedin", str(export)).stdout.startswith("3 new")
    netcrm("--db", db, "backup", str(latin / "copy.db"))
    assert (latin / "copy.db").exists()
    assert db_path().exists() is False  # the test's own database was never touched


def test_standard_input_that_is_not_utf8_is_refused(netcrm: Netcrm) -> None:
    netcrm("add", "Ada Lovelace")
    line = refused(netcrm, "log", "ada", "-", input="café chat".encode("latin-1"))
    assert line == "netcrm: <stdin>:1: undecodable byte 0xe9: save it as UTF-8"
    # Issue 14: a LinkedIn export Excel re-saved in cp1252 is read as such (its header says
    # what it is); a file netcrm cannot identify stays "UTF-8 or refused".
    csv = (FIXTURES / "linkedin_en.csv").read_text(encoding="utf-8").encode("latin-1", "replace")
    assert netcrm("import", "linkedin", "-", input=csv).stdout.startswith("3 new")
    assert "Jöns Müller-?imi?" in [row["name"] for row in netcrm.json("list")]  # type: ignore[union-attr, index]
    card = "BEGIN:VCARD\nVERSION:3.0\nFN:Jöns\nEND:VCARD\n".encode("latin-1")
    line = refused(netcrm, "import", "vcard", "-", input=card)
    assert "<stdin>:" in line and ":3: undecodable byte 0xf6: save it as UTF-8" in line


def test_a_real_process_given_raw_bytes_says_so() -> None:
    netcrm = str(Path(sys.executable).parent / "netcrm")
    result = subprocess.run(
        [netcrm, "add", b"bad\xffname"], capture_output=True, timeout=60, check=False
    )
    assert result.returncode == 1
    assert result.stderr.decode().startswith("netcrm: NAME 'bad\\xffname' is not UTF-8")
    assert result.stderr.count(b"\n") == 1 and result.stdout == b""
