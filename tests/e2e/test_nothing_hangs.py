"""Nothing a path or a server gives netcrm can make it wait forever (issue 9, section 4).

Each command runs in its own process with a deadline, so a regression fails the test instead
of hanging the suite: a FIFO given as the database, the config or an import file; /dev/zero,
which never ends; a folder; and a database server that accepts the connection and then says
nothing at all.
"""

import os
import socket
import subprocess
import sys
import threading
import time
from collections.abc import Iterator
from pathlib import Path

import pytest

from helpers import one_line_error
from netcrm.core.errors import UserError
from netcrm.store import db

DEADLINE_S = 30  # far above any honest run (about half a second); reached only by a hang


def run(*args: str, env: dict[str, str] | None = None, stdin: str = "") -> tuple[int, str, str]:
    """`python -m netcrm ARGS`: its exit code, stdout and stderr; fails when it hangs."""
    try:
        done = subprocess.run(
            [sys.executable, "-m", "netcrm", *args],
            capture_output=True,
            text=True,
            input=stdin,
            env={**os.environ, **(env or {})},
            timeout=DEADLINE_S,
            check=False,
        )
    except subprocess.TimeoutExpired:
        pytest.fail(f"netcrm {' '.join(args)} hung for {DEADLINE_S} s")
    return done.returncode, done.stdout, done.stderr


@pytest.fixture
def fifo(tmp_path: Path) -> Path:
    path = tmp_path / "pipe"
    os.mkfifo(path)
    return path


@pytest.mark.parametrize(
    "command",
    [["list"], ["add", "Ada"], ["db", "status"], ["backup"], ["restore", "/dev/null", "--yes"]],
    ids=lambda command: command[0],
)
def test_a_fifo_as_the_database_is_refused(fifo: Path, command: list[str]) -> None:
    code, out, err = run("--db", str(fifo), *command)
    assert code == 1 and out == "", (out, err)
    assert (
        one_line_error(err)
        == f"netcrm: {fifo} is a FIFO (named pipe); give the path of a database file"
    )


def test_doctor_reports_a_fifo_as_the_database(fifo: Path) -> None:
    code, out, _ = run("--db", str(fifo), "doctor")
    assert code == 1 and "FAIL database: " in out and "FIFO" in out, out


# (path, what it is): a FIFO waits for a writer, /dev/zero never ends, a folder cannot be read.
NOT_FILES = [
    ("pipe", "a FIFO (named pipe)"),
    ("/dev/zero", "a character device"),
    (".", "a folder"),
]


@pytest.mark.parametrize(("given", "kind"), NOT_FILES, ids=["fifo", "dev-zero", "folder"])
def test_a_config_that_is_not_a_file_is_refused(
    fifo: Path, tmp_path: Path, given: str, kind: str
) -> None:
    path = tmp_path / given
    code, out, err = run("add", "Ada", "--follow-up", env={"NETCRM_CONFIG": str(path)})
    assert code == 1 and out == ""
    assert one_line_error(err) == (
        f"netcrm: config {path} is {kind}, not a regular file; give the path of a file"
    )


@pytest.mark.parametrize(
    ("given", "kind", "importer"),
    [
        (*case, importer)
        for case, importer in zip(NOT_FILES, ["json", "vcard", "linkedin"], strict=True)
    ],
    ids=["fifo", "dev-zero", "folder"],
)
def test_an_import_file_that_is_not_a_file_is_refused(
    fifo: Path, tmp_path: Path, given: str, kind: str, importer: str
) -> None:
    path = tmp_path / given
    code, out, err = run("import", importer, str(path))
    assert code == 1 and out == ""
    assert one_line_error(err) == (
        f"netcrm: {path} is {kind}, not a regular file; give the path of a file"
    )
    assert not Path(os.environ["NETCRM_DB"]).exists(), "a refused import created the database"


def test_standard_input_stays_an_import_source() -> None:
    code, _, err = run("import", "json", "-", stdin='{"format": "netcrm", "version": 1}\n')
    assert code == 0, err


@pytest.fixture
def silent_server() -> Iterator[int]:
    """A TCP port that accepts connections and never sends a byte; yields the port."""
    listener = socket.socket()
    listener.bind(("127.0.0.1", 0))
    listener.listen(8)
    listener.settimeout(0.2)
    held: list[socket.socket] = []
    stop = threading.Event()

    def accept() -> None:
        while not stop.is_set():
            try:
                held.append(listener.accept()[0])
            except TimeoutError:
                continue

    thread = threading.Thread(target=accept, daemon=True)
    thread.start()
    try:
        yield listener.getsockname()[1]
    finally:
        stop.set()
        thread.join()
        for connection in held:
            connection.close()
        listener.close()


@pytest.mark.slow
def test_a_server_that_never_answers_times_out_with_one_line(silent_server: int) -> None:
    url = f"postgresql+psycopg://me@127.0.0.1:{silent_server}/netcrm?connect_timeout=2"
    started = time.monotonic()
    code, out, err = run("--db", url, "add", "Ada")
    took = time.monotonic() - started
    assert code == 1 and out == ""
    assert one_line_error(err) == (
        f"netcrm: the database server at 127.0.0.1:{silent_server} did not answer within "
        "2 s; check that it runs, or allow longer with ?connect_timeout=SECONDS in the URL"
    )
    assert took < DEADLINE_S / 2
    code, out, _ = run("--db", url, "doctor")
    assert code == 1 and "did not answer within 2 s" in out


def test_the_connect_timeout_is_ten_seconds_unless_the_url_says_otherwise() -> None:
    def timeout(url: str) -> object:
        engine = db.server_engine(url)
        try:
            return engine.url.query["connect_timeout"]
        finally:
            engine.dispose()

    assert timeout("postgresql://me@db.example/netcrm") == "10"
    assert timeout("postgresql://me@db.example/netcrm?connect_timeout=3") == "3"
    for bad in ("0", "-1", "x", "1.5", "3601"):
        with pytest.raises(UserError, match="give whole seconds from 1 to 3600"):
            db.server_engine(f"postgresql://me@db.example/netcrm?connect_timeout={bad}")
