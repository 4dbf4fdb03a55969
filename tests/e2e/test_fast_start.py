"""`--help`, `--version` and Tab completion must not load the database stack."""

import os
from pathlib import Path

import pytest

from helpers import run_module

HEAVY = {"sqlalchemy", "sqlmodel", "alembic"}


def imported(*args: str, env: dict[str, str] | None = None) -> set[str]:
    """Top-level packages a fresh interpreter imports while running `python ARGS`."""
    result = run_module("-X", "importtime", *args, env=env)
    assert result.returncode == 0, result.stderr[-2000:]
    return {
        line.rsplit("|", 1)[1].strip().split(".")[0]
        for line in result.stderr.splitlines()
        if line.startswith("import time:") and "|" in line
    }


def test_the_probe_sees_heavy_imports() -> None:
    assert "sqlmodel" in imported("-c", "import sqlmodel")


@pytest.mark.parametrize("args", [["--help"], ["--version"], ["due", "--help"], ["db", "--help"]])
def test_help_and_version_import_no_database_stack(args: list[str]) -> None:
    assert imported("-m", "netcrm", *args) & HEAVY == set()


COMPLETE = "import sys; from netcrm.cli import main; sys.argv[0] = 'netcrm'; main()"


def test_tab_completion_imports_no_database_stack() -> None:
    env = {"_NETCRM_COMPLETE": "complete_bash", "COMP_WORDS": "netcrm d", "COMP_CWORD": "1"}
    assert imported("-c", COMPLETE, env=env) & HEAVY == set()
    offered = run_module("-c", COMPLETE, env=env).stdout.split()
    assert {"due", "done", "db"} <= set(offered)


# The lean read path (store/lean.py): `due` reads through sqlite3 without the stack.
LEAN_HEAVY = HEAVY | {"pydantic"}


def test_the_probe_sees_pydantic() -> None:
    assert "pydantic" in imported("-c", "import sqlmodel")


@pytest.mark.parametrize(
    "args",
    [
        ["due", "--within", "400"],
        ["due", "--json", "--within", "400"],
        ["search", "ada"],  # issue 12: search costs no more than 1.3x due
        ["search", "lovelace", "--json"],
    ],
)
def test_due_imports_no_database_stack(tmp_path: Path, args: list[str]) -> None:
    database = tmp_path / "n.db"
    env = {"NETCRM_DB": str(database), "NETCRM_NOW": "2026-11-26T08:00:00"}
    made = run_module("-m", "netcrm", "add", "Ada Lovelace", "--circle", "inner", env=env)
    assert made.returncode == 0, made.stderr
    assert imported("-m", "netcrm", *args, env=env) & LEAN_HEAVY == set()
    assert "Ada Lovelace" in run_module("-m", "netcrm", *args, env=env).stdout


LIST_MODULES = (
    "import atexit, sys; atexit.register(lambda: print(*sorted(sys.modules), file=sys.stderr));"
    " from netcrm.cli import main; sys.argv = ['netcrm', *sys.argv[1:]]; main()"
)


def test_due_imports_only_what_it_uses(tmp_path: Path) -> None:
    # Issue 11: each of these cost `due` milliseconds of its start, for nothing it prints.
    env = {"NETCRM_DB": str(tmp_path / "n.db"), "NETCRM_NOW": "2026-11-26T08:00:00"}
    made = run_module("-m", "netcrm", "add", "Ada Lovelace", "--birthday", "1815-12-10", env=env)
    assert made.returncode == 0, made.stderr
    result = run_module("-c", LIST_MODULES, "due", "--within", "400", env=env)
    assert result.returncode == 0 and "Ada Lovelace" in result.stdout, result.stderr
    # sys.modules at exit: -X importtime does not see what importlib.import_module loads.
    modules = set(result.stderr.split())
    assert "netcrm.cli.daily" in modules and "netcrm.core.scheduler" in modules
    other_themes = {f"netcrm.cli.{theme}" for theme in ("contacts", "reports", "transfer")}
    assert modules & ({"dateutil", "hashlib", "json", "calendar"} | other_themes) == set()


def test_the_collector_runs_again_once_started() -> None:
    # The entry point imports the command line with the cycle collector paused (what it
    # imports lives until exit); a long command such as an import must still collect.
    code = (
        "import atexit, gc, sys; atexit.register(lambda: print('collecting', gc.isenabled(),"
        " gc.get_freeze_count() > 10_000, file=sys.stderr)); from netcrm.__main__ import main;"
        " sys.argv = ['netcrm', '--version']; main()"
    )
    result = run_module("-c", code)
    assert result.returncode == 0 and result.stdout.startswith("netcrm "), result.stderr
    assert "collecting True True" in result.stderr


def completing_ada(tmp_path: Path) -> dict[str, str]:
    """The environment bash gives `netcrm show Ad<Tab>`, on a database holding Ada."""
    database = tmp_path / "n.db"
    made = run_module("-m", "netcrm", "add", "Ada Lovelace", env={"NETCRM_DB": str(database)})
    assert made.returncode == 0, made.stderr
    return {
        "NETCRM_DB": str(database),
        "_NETCRM_COMPLETE": "complete_bash",
        "COMP_WORDS": "netcrm show Ad",
        "COMP_CWORD": "2",
    }


def test_completing_a_contact_name_imports_no_database_stack(tmp_path: Path) -> None:
    env = completing_ada(tmp_path)
    assert imported("-c", COMPLETE, env=env) & LEAN_HEAVY == set()
    assert run_module("-c", COMPLETE, env=env).stdout.split("\n")[0] == "Ada\\ Lovelace"


def test_ctrl_c_during_completion_prints_nothing(tmp_path: Path) -> None:
    """SIGINT at moments spread over a completion's life: never a word on either stream.

    From 40 ms on: before that the interpreter itself is still starting (about 15 ms), and
    an interrupt there is Python's to report, before any netcrm code can run.
    """
    import signal
    import subprocess
    import sys
    import time

    env = {**os.environ, **completing_ada(tmp_path)}
    interrupted = 0
    for delay in (0.04, 0.06, 0.08, 0.1, 0.12, 0.15, 0.2):
        process = subprocess.Popen(
            [sys.executable, "-c", COMPLETE],
            env=env,
            stdout=subprocess.PIPE,
            stderr=subprocess.PIPE,
            text=True,
        )
        time.sleep(delay)
        process.send_signal(signal.SIGINT)
        out, err = process.communicate(timeout=60)
        if process.returncode == 0:
            continue  # it finished before the signal came: nothing to judge
        interrupted += 1
        assert process.returncode == -signal.SIGINT
        assert err == ""
        assert out in ("", "Ada\\ Lovelace\n")  # nothing, or all of it before the signal came
    assert interrupted  # at least one signal landed mid-completion
