"""`sync vdir` with the real components (issue 14, section 5): Radicale and vdirsyncer.

Each test starts a throwaway Radicale (the CardDAV server) on 127.0.0.1 with its own storage
folder and no authentication, configures vdirsyncer between one of its address books and a
vdir, and runs netcrm, vdirsyncer and the server as separate processes, the way a user's
cron job does. Radicale and vdirsyncer are dev dependencies; without them the tests are
skipped, unless NETCRM_REQUIRE_E2E_SYNC is set (`.ci/run` sets it), where that is a failure.
"""

import base64
import importlib.util
import json
import os
import socket
import subprocess
import sys
import time
import urllib.error
import urllib.request
from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import pytest

pytestmark = [pytest.mark.e2e_sync, pytest.mark.slow]

TIMEOUT = 60  # seconds any one subprocess may take
USER = "ada"
AUTH = "Basic " + base64.b64encode(f"{USER}:unused".encode()).decode()
MKCOL = (
    '<?xml version="1.0" encoding="utf-8"?>'
    '<mkcol xmlns="DAV:" xmlns:CR="urn:ietf:params:xml:ns:carddav"><set><prop>'
    "<resourcetype><collection/><CR:addressbook/></resourcetype>"
    "<displayname>Phone</displayname></prop></set></mkcol>"
)


def _needed() -> None:
    tools = ("radicale", "vdirsyncer")
    missing = [name for name in tools if importlib.util.find_spec(name) is None]
    if missing:
        message = f"{' and '.join(missing)} not installed (dev dependencies: uv sync)"
        if os.environ.get("NETCRM_REQUIRE_E2E_SYNC"):
            pytest.fail(message)
        pytest.skip(message)


def free_port() -> int:
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return int(probe.getsockname()[1])


@dataclass
class Server:
    """A running Radicale and the address book made on it."""

    url: str  # the address book's collection URL, ending in /
    storage: Path  # the address book's folder in Radicale's storage

    def stored(self) -> list[str]:
        """Every card file the server holds for the address book, as text."""
        return [p.read_bytes().decode() for p in sorted(self.storage.glob("*.vcf"))]

    def request(self, method: str, path: str = "", body: str | None = None) -> str:
        req = urllib.request.Request(
            self.url + path,
            data=body.encode() if body is not None else None,
            method=method,
            headers={"Authorization": AUTH, "Content-Type": "text/vcard; charset=utf-8"},
        )
        with urllib.request.urlopen(req, timeout=TIMEOUT) as answer:
            return str(answer.read().decode())

    def put(self, name: str, card: str) -> None:
        self.request("PUT", name, card)

    def get(self, name: str) -> str:
        return self.request("GET", name)


def _start_radicale(folder: Path) -> tuple[subprocess.Popen[bytes], Server] | None:
    """Radicale on a free port, its address book made; None when the port was taken first."""
    port = free_port()
    config = folder / f"radicale-{port}.conf"
    config.write_text(
        "[server]\n"
        f"hosts = 127.0.0.1:{port}\n"
        "[auth]\ntype = none\n"
        "[rights]\ntype = owner_only\n"
        f"[storage]\nfilesystem_folder = {folder / 'radicale'}\n"
        "[web]\ntype = none\n"
        "[logging]\nlevel = warning\n"
    )
    with (folder / "radicale.log").open("ab") as log:
        process = subprocess.Popen(
            [sys.executable, "-m", "radicale", "--config", str(config)],
            stdout=log,
            stderr=subprocess.STDOUT,
        )
    book = Server(
        f"http://127.0.0.1:{port}/{USER}/phone/",
        folder / "radicale" / "collection-root" / USER / "phone",
    )
    deadline = time.monotonic() + TIMEOUT
    while True:
        try:
            book.request("MKCOL", body=MKCOL)
            return process, book
        except (urllib.error.URLError, ConnectionError):
            if process.poll() is not None:
                return None  # it could not listen: another process took the port
            if time.monotonic() > deadline:
                _stop(process)
                pytest.fail(f"Radicale did not answer: {(folder / 'radicale.log').read_text()}")
            time.sleep(0.1)


def _stop(process: subprocess.Popen[bytes]) -> None:
    process.terminate()
    try:
        process.wait(timeout=TIMEOUT)
    except subprocess.TimeoutExpired:
        process.kill()
        process.wait(timeout=TIMEOUT)


@pytest.fixture
def server(tmp_path: Path) -> Iterator[Server]:
    """Radicale on a free port of 127.0.0.1, storage in a throwaway folder, no auth; stopped
    after the test. Tried three times: a parallel test may take the port between the probe
    and Radicale's bind."""
    _needed()
    for _attempt in range(3):
        started = _start_radicale(tmp_path)
        if started is not None:
            break
    else:
        pytest.fail(f"Radicale did not start: {(tmp_path / 'radicale.log').read_text()}")
    process, book = started
    try:
        yield book
    finally:
        _stop(process)


@dataclass
class Tools:
    """vdirsyncer configured between the server's address book and a vdir, and netcrm."""

    vdir: Path
    env: dict[str, str]

    def vdirsyncer(self, *args: str) -> str:
        done = subprocess.run(
            [sys.executable, "-m", "vdirsyncer", *args],
            env=self.env,
            input="y\n" * 5,
            capture_output=True,
            text=True,
            timeout=TIMEOUT,
            check=False,
        )
        assert done.returncode == 0, done.stdout + done.stderr
        return done.stdout + done.stderr

    def netcrm(self, *args: str, code: int = 0) -> subprocess.CompletedProcess[str]:
        done = subprocess.run(
            [sys.executable, "-m", "netcrm", *args],
            env=self.env,
            capture_output=True,
            text=True,
            timeout=TIMEOUT,
            check=False,
        )
        assert done.returncode == code, done.stdout + done.stderr
        return done

    def json(self, *args: str) -> Any:
        return json.loads(self.netcrm(*args, "--json").stdout)

    def cards(self) -> dict[str, str]:
        return {p.name: p.read_bytes().decode() for p in sorted(self.vdir.glob("*.vcf"))}


@pytest.fixture
def tools(server: Server, tmp_path: Path) -> Tools:
    vdir = tmp_path / "contacts" / "phone"
    vdir.mkdir(parents=True)
    config = tmp_path / "vdirsyncer.conf"
    config.write_text(
        "[general]\n"
        f'status_path = "{tmp_path / "status"}/"\n'
        "[pair phone]\n"
        'a = "phone_local"\n'
        'b = "phone_server"\n'
        "collections = null\n"
        "[storage phone_local]\n"
        'type = "filesystem"\n'
        f'path = "{vdir}"\n'
        'fileext = ".vcf"\n'
        "[storage phone_server]\n"
        'type = "carddav"\n'
        f'url = "{server.url}"\n'
        f'username = "{USER}"\n'
        'password = "unused"\n'
    )
    made = Tools(vdir, {**os.environ, "VDIRSYNCER_CONFIG": str(config)})
    made.vdirsyncer("discover", "phone")
    return made


def server_card(uid: str, *lines: str) -> str:
    return "\r\n".join(["BEGIN:VCARD", "VERSION:3.0", f"UID:{uid}", *lines, "END:VCARD", ""])


def test_a_contact_made_on_the_server_reaches_netcrm_and_an_edit_goes_back(
    server: Server, tools: Tools
) -> None:
    server.put("lin.vcf", server_card(
        "lin-wei-1", "FN:Lin Wei", "N:Wei;Lin;;;", "ORG:Tidewater",
        "EMAIL;TYPE=work:lin@tidewater.example", "TEL;TYPE=cell:+49 30 1234567",
        "X-PHONE-APP:kept by the server",
    ))  # fmt: skip
    tools.vdirsyncer("sync")
    assert len(tools.cards()) == 1
    done = tools.json("sync", "vdir", str(tools.vdir))
    assert [c["action"] for c in done["changes"]] == ["contact_created"]
    lin = tools.json("show", "lin")
    assert (lin["name"], lin["company"], lin["email"], lin["phone"]) == (
        "Lin Wei", "Tidewater", "lin@tidewater.example", "+49 30 1234567",
    )  # fmt: skip

    # netcrm's own contact goes up too.
    tools.netcrm("add", "Grace Hopper", "--company", "Navy", "--notes", "stays private")
    tools.netcrm("edit", "lin", "--role", "CTO", "--company", "Tidewater Labs")
    done = tools.json("sync", "vdir", str(tools.vdir))
    assert sorted(c["action"] for c in done["changes"]) == ["file_created", "file_updated"]
    tools.vdirsyncer("sync")
    on_server = server.get("lin.vcf")
    assert "ORG:Tidewater Labs" in on_server and "TITLE:CTO" in on_server
    assert "X-PHONE-APP:kept by the server" in on_server  # what netcrm does not own stays
    [grace] = [text for text in server.stored() if "FN:Grace Hopper" in text]
    assert "ORG:Navy" in grace
    assert "stays private" not in grace  # private fields stay home by default
    # Everything settles: a second round changes nothing anywhere.
    again = tools.json("sync", "vdir", str(tools.vdir))
    assert (again["changes"], again["conflicts"]) == ([], [])
    before = tools.cards()
    tools.vdirsyncer("sync")
    assert tools.cards() == before


def test_a_conflict_is_reported_and_nothing_is_lost(server: Server, tools: Tools) -> None:
    server.put("lin.vcf", server_card("lin-wei-1", "FN:Lin Wei", "TITLE:Engineer"))
    tools.vdirsyncer("sync")
    tools.netcrm("sync", "vdir", str(tools.vdir))
    # Both sides change the same field before the next round.
    server.put("lin.vcf", server_card("lin-wei-1", "FN:Lin Wei", "TITLE:Staff Engineer"))
    tools.netcrm("edit", "lin", "--role", "Principal Engineer")
    tools.vdirsyncer("sync")
    done = tools.json("sync", "vdir", str(tools.vdir))
    [conflict] = done["conflicts"]
    assert (conflict["field"], conflict["netcrm"], conflict["vdir"], conflict["settled"]) == (
        "role", "Principal Engineer", "Staff Engineer", None,
    )  # fmt: skip
    text = tools.netcrm("sync", "vdir", str(tools.vdir)).stdout
    assert "conflict: #1 Lin Wei: role" in text
    tools.vdirsyncer("sync")
    # Nothing lost: each side still holds its own value.
    assert tools.json("show", "lin")["role"] == "Principal Engineer"
    assert "TITLE:Staff Engineer" in server.get("lin.vcf")
    # Settled for netcrm, it reaches the server.
    settled = tools.json("sync", "vdir", str(tools.vdir), "--prefer", "netcrm")
    assert [c["settled"] for c in settled["conflicts"]] == ["netcrm"]
    tools.vdirsyncer("sync")
    assert "TITLE:Principal Engineer" in server.get("lin.vcf")
    assert tools.json("sync", "vdir", str(tools.vdir))["conflicts"] == []


def test_a_contact_deleted_on_the_server_is_archived_in_netcrm(
    server: Server, tools: Tools
) -> None:
    server.put("lin.vcf", server_card("lin-wei-1", "FN:Lin Wei"))
    server.put("hedy.vcf", server_card("hedy-1", "FN:Hedy Lamarr"))
    tools.vdirsyncer("sync")
    tools.netcrm("sync", "vdir", str(tools.vdir))
    server.request("DELETE", "lin.vcf")
    tools.vdirsyncer("sync")
    assert [text for text in tools.cards().values() if "Lin Wei" in text] == []
    done = tools.json("sync", "vdir", str(tools.vdir))
    assert [c["action"] for c in done["changes"]] == ["contact_archived"]
    assert tools.json("show", "lin")["archived"] is True
