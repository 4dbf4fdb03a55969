"""Writer processes for the durability tests: forked children that run the CLI in a loop.

A fork starts in milliseconds with netcrm already imported, so the tests can afford many
processes; each child is still its own process with its own connections, killed or left to
finish like any other. Every invocation is a separate `netcrm log` command, one transaction.
"""

import io
import os
import traceback
from collections.abc import Callable
from contextlib import redirect_stderr, redirect_stdout
from pathlib import Path

from typer.main import get_command

from netcrm.cli import app


def fork(work: Callable[[], None]) -> int:
    """Run `work` in a child process; its exit status is 0 when it returned, 1 when it raised."""
    pid = os.fork()
    if pid == 0:  # pragma: no cover - the child's coverage is not collected
        code = 1
        try:
            work()
            code = 0
        except BaseException:
            traceback.print_exc()
        finally:
            os._exit(code)
    return pid


def wait(pid: int) -> int:
    """The child's exit code (negative: the signal that killed it)."""
    _, status = os.waitpid(pid, 0)
    return os.waitstatus_to_exitcode(status)


def log_loop(contact: str, tag: str, count: int, record: Path, go: int | None = None) -> None:
    """Log `count` interactions `tag-0`, `tag-1`...; after each exit 0 append `ok tag-i`.

    `go` is a pipe the child first reads one byte from, so several children start together.
    A line is written only after the command returned, i.e. after its commit.
    """
    if go is not None:
        os.read(go, 1)
    # Typer rebuilds its Click command on every call; build it once, as a shell-run one would.
    command = get_command(app)
    with record.open("a", encoding="utf-8") as out:
        for i in range(count):
            out.write(f"start {tag}-{i}\n")
            out.flush()
            errors = io.StringIO()
            with redirect_stdout(io.StringIO()), redirect_stderr(errors):
                code = command.main(
                    ["log", contact, f"{tag}-{i}"], prog_name="netcrm", standalone_mode=False
                )
            if code not in (None, 0):
                out.write(f"fail {tag}-{i} {code} {errors.getvalue()!r}\n")
                out.flush()
                raise SystemExit(1)
            out.write(f"ok {tag}-{i}\n")
            out.flush()


def acknowledged(record: Path) -> tuple[set[str], set[str]]:
    """The summaries whose command exited 0, and those that were started, from a record."""
    done: set[str] = set()
    started: set[str] = set()
    if not record.exists():
        return done, started
    for line in record.read_text(encoding="utf-8").splitlines(keepends=True):
        if not line.endswith("\n"):
            continue  # cut short by the kill: proves nothing either way
        word, _, summary = line.strip().partition(" ")
        (done if word == "ok" else started).add(summary.split(" ")[0])
    return done, started
