"""The reference programs of `run.py --compare`, installed and prepared by the bench itself.

- taskwarrior (`task`) and GNU time come from Debian (`apt-get install`, as root; `apt-get
  update` first, once per run);
- jrnl comes from PyPI into a throwaway virtual environment in the cache folder, never into
  the project's environment;
- the taskwarrior database of N pending tasks is built once per size and seed in the cache
  folder, with its own TASKRC and TASKDATA, so the user's own tasks are never read or touched.

Everything built is cached, finished first and then renamed into place, so an interrupted
build is never mistaken for a finished one.
"""

import compileall
import json
import os
import random
import shutil
import subprocess
import sys
import tempfile
import uuid
from collections.abc import Iterator
from contextlib import contextmanager
from datetime import date, datetime, timedelta
from pathlib import Path

JRNL = "jrnl==4.6"  # pinned: the reference must not change between runs
READY = ".ready"  # written last into a cached folder: the build finished
_apt_updated = False


class ToolError(Exception):
    """A reference program is missing and cannot be installed here; the message says how."""


def debian_tool(command: str, package: str) -> str:
    """The path of `command`, installing Debian's `package` first when it is missing."""
    found = shutil.which(command)
    if found:
        return found
    if os.geteuid() != 0:
        raise ToolError(f"`{command}` is missing: install it with `apt-get install {package}`")
    global _apt_updated
    if not _apt_updated:
        _apt("update")
        _apt_updated = True
    _apt("install", "-y", "--no-install-recommends", package)
    found = shutil.which(command)
    if found is None:
        raise ToolError(f"`apt-get install {package}` did not provide `{command}`")
    return found


def _apt(*args: str) -> None:
    print(f"apt-get {' '.join(args)}...", file=sys.stderr)
    env = os.environ | {"DEBIAN_FRONTEND": "noninteractive"}
    done = subprocess.run(["apt-get", *args], env=env, capture_output=True, text=True)
    if done.returncode != 0:
        said = (done.stderr or done.stdout).strip().splitlines()[-1:]
        raise ToolError(f"apt-get {args[0]} failed: {' '.join(said)}")


@contextmanager
def _building(target: Path) -> Iterator[Path]:
    """A scratch folder that becomes `target` (marked ready) only if the block succeeds."""
    target.parent.mkdir(parents=True, exist_ok=True)
    scratch = Path(tempfile.mkdtemp(prefix=f"{target.name}.partial-", dir=target.parent))
    try:
        yield scratch
        (scratch / READY).touch()
        shutil.rmtree(target, ignore_errors=True)
        os.replace(scratch, target)
    finally:
        shutil.rmtree(scratch, ignore_errors=True)


# ---- jrnl ---------------------------------------------------------------------------------


def jrnl(cache: Path) -> str:
    """The `jrnl` script of a throwaway venv in `cache`, made (and compiled) on first use."""
    home = cache / ("jrnl-" + JRNL.split("==")[1])
    script = home / "bin" / "jrnl"
    if (home / READY).exists() and script.exists():
        return str(script)
    print(f"installing {JRNL} into a throwaway venv in {home}...", file=sys.stderr)
    # Built in place, not renamed: a venv's scripts name its interpreter by absolute path.
    # READY is written last, so a half-made venv is removed and made again next time.
    shutil.rmtree(home, ignore_errors=True)
    uv = shutil.which("uv")  # much faster than pip; pip (from ensurepip) when uv is absent
    venv = [sys.executable, "-m", "venv", *(["--without-pip"] if uv else []), str(home)]
    subprocess.run(venv, check=True, env=_without_project_env())
    python = str(home / "bin" / "python")
    install = (
        [uv, "pip", "install", "--quiet", "--python", python, JRNL]
        if uv
        else [python, "-m", "pip", "install", "--quiet", JRNL]
    )
    subprocess.run(install, check=True, env=_without_project_env())
    # Bytecode, as a user's first run would write it (PYTHONDONTWRITEBYTECODE may be set).
    compileall.compile_dir(str(home / "lib"), quiet=1)
    (home / READY).touch()
    return str(script)


def _without_project_env() -> dict[str, str]:
    """The environment minus what points an installer at the project's own venv."""
    return {
        key: value
        for key, value in os.environ.items()
        if key not in ("VIRTUAL_ENV", "UV_PROJECT_ENVIRONMENT", "PIP_PREFIX", "PYTHONPATH")
    }


# ---- taskwarrior --------------------------------------------------------------------------

# What a plain `task next limit:20` needs to run unattended: no prompts, no hooks, no nags.
# Colour stays at taskwarrior's default (on for a terminal, off when piped), as netcrm's does.
TASKRC = """\
data.location={data}
confirmation=off
hooks=off
verbose=label
"""
PROJECTS = ("home", "work.hiring", "work.infra", "garden", "books", "health", None, None)
TAGS = ("next", "call", "email", "errand", "waiting", "someday")
VERBS = ("call", "email", "write", "fix", "book", "read", "plan", "buy", "review", "send")
THINGS = ("the plumber", "the report", "slides", "tickets", "the invoice", "a gift", "notes")


def task_env(folder: Path) -> dict[str, str]:
    """TASKRC and TASKDATA of the throwaway task database in `folder`."""
    return {"TASKRC": str(folder / "taskrc"), "TASKDATA": str(folder / "data")}


def task_database(cache: Path, task: str, tasks: int, seed: int, as_of: date) -> Path:
    """The folder of a taskwarrior database of `tasks` pending tasks, built once and cached."""
    version = task_version(task)
    home = cache / f"taskwarrior-{version}-{tasks}-seed{seed}-{as_of}"
    if (home / READY).exists():
        return home
    print(f"building a taskwarrior database of {tasks:,} pending tasks...", file=sys.stderr)
    with _building(home) as scratch:
        write_taskrc(scratch, data=home / "data")
        (scratch / "data").mkdir()
        tasks_json = scratch / "tasks.json"
        tasks_json.write_text(json.dumps(pending_tasks(tasks, seed, as_of)), encoding="utf-8")
        # Imported where it will live: the data files name no paths, but data.location does.
        env = os.environ | task_env(scratch) | {"TASKDATA": str(scratch / "data")}
        done = subprocess.run(
            [task, "rc.verbose=nothing", "import", str(tasks_json)],
            env=env,
            stdin=subprocess.DEVNULL,
            capture_output=True,
            text=True,
        )
        if done.returncode != 0:
            raise ToolError(f"task import failed: {done.stderr.strip() or done.stdout.strip()}")
        tasks_json.unlink()
    return home


def write_taskrc(folder: Path, data: Path) -> None:
    """The task configuration of a throwaway database whose data lives in `data`."""
    (folder / "taskrc").write_text(TASKRC.format(data=data), encoding="utf-8")


def pending_tasks(count: int, seed: int, as_of: date) -> list[dict[str, object]]:
    """`count` pending tasks as `task import` reads them: a realistic spread of urgencies.

    Entered over the last year; some with a project, tags, a priority, a due date (overdue,
    soon or later) or a scheduled date, so `task next` has a real urgency sort to do.
    """
    rng = random.Random(seed)
    now = datetime.combine(as_of, datetime.min.time()) + timedelta(hours=8)

    def stamp(moment: datetime) -> str:
        return moment.strftime("%Y%m%dT%H%M%SZ")

    made: list[dict[str, object]] = []
    for number in range(count):
        entry = now - timedelta(minutes=rng.randrange(1, 365 * 24 * 60))
        item: dict[str, object] = {
            "uuid": str(_uuid(rng)),
            "status": "pending",
            "description": f"{rng.choice(VERBS)} {rng.choice(THINGS)} #{number + 1}",
            "entry": stamp(entry),
        }
        project = rng.choice(PROJECTS)
        if project:
            item["project"] = project
        tags = rng.sample(TAGS, rng.choice((0, 0, 1, 1, 2)))
        if tags:
            item["tags"] = sorted(tags)
        if rng.random() < 0.3:
            item["priority"] = rng.choice("HML")
        if rng.random() < 0.25:
            item["due"] = stamp(now + timedelta(hours=rng.randrange(-24 * 30, 24 * 60)))
        elif rng.random() < 0.1:
            item["scheduled"] = stamp(now + timedelta(hours=rng.randrange(-24 * 10, 24 * 10)))
        made.append(item)
    return made


def _uuid(rng: random.Random) -> str:
    return str(uuid.UUID(int=rng.getrandbits(128), version=4))


def task_version(task: str) -> str:
    done = subprocess.run(
        [task, "--version"], capture_output=True, text=True, stdin=subprocess.DEVNULL
    )
    version = done.stdout.strip()
    if done.returncode != 0 or not version:
        raise ToolError(f"`{task} --version` failed: {done.stderr.strip()}")
    return version
