"""Time whole netcrm commands the way a user runs them, and print a markdown table.

    uv run python bench/run.py                       # sizes 1,000 and 10,000, 7 runs each
    uv run python bench/run.py --sizes 0,1000 --runs 5 --only help due
    uv run python bench/run.py --compare             # issue 11's table (compare.py)

Each command runs as a fresh process of the installed console script (interpreter start,
imports, database open, query, output), once to warm up and then `--runs` times; the table
gives the median, the spread (min-max), the peak resident memory (GNU time) and the median
CPU time (`os.wait4`). Beside them, in the same run: `python -c pass` and
`python -c "import sqlmodel"` with the same interpreter, the floor under any command.

Networks come from make_network.py (N contacts, `--per-contact` interactions each), cached
in a temporary folder by size, seed, the generator's source and the schema's revisions (a
rebuilt network replaces the older file); each size is timed on a copy,
so `log` (which writes) never changes the cache. The import rows read a LinkedIn export of
`--linkedin-rows` connections from make_linkedin.py, into an empty database and then again
into one already holding it; a `setup` puts that database in place before every run, outside
the timed region. The vCard rows read files of 8,000 and 32,000 cards from make_vcard.py with
--dry-run (the larger may cost at most in proportion), and `linkedin-large`, timed only when
named in --only since each run takes minutes, reads a LinkedIn export of about 100 MB
(1.1M rows) with --dry-run, for its peak memory.

To time another command, add a `Command` to COMMANDS: its argv may use {python}, {netcrm},
{db}, {as_of} and {contact} (a middle-circle contact's full name, without open 24-48-7
steps), and, with a `setup`, {scratch} (the database the setup prepared), {linkedin},
{small_vcf}, {large_vcf} and {large_csv}.
"""

import argparse
import compileall
import hashlib
import importlib.util
import os
import platform
import shutil
import sqlite3
import statistics
import subprocess
import sys
import tempfile
import time
from collections.abc import Callable, Iterator, Sequence
from contextlib import contextmanager
from dataclasses import dataclass, field
from datetime import date
from pathlib import Path

BENCH = Path(__file__).resolve().parent
if str(BENCH) not in sys.path:
    sys.path.insert(0, str(BENCH))  # bench/ is a folder of scripts, not a package: import them
DEFAULT_AS_OF = date(2026, 11, 26)
MIN_RUNS = 5
GNU_TIME = "/usr/bin/time"  # GNU time, for peak memory (Debian's `time` package)


Values = dict[str, str]  # placeholder -> text, for argv, titles and set-ups


@dataclass(frozen=True)
class Command:
    """One timed command: `key` for --only, `title` for the table, `argv` with placeholders."""

    key: str
    title: str
    argv: tuple[str, ...]
    per_size: bool = True  # False: does not read the network, timed once
    setup: Callable[[Values], None] | None = None  # before every run (warm-up too), untimed
    on_request: bool = False  # True: minutes per run, so timed only when named in --only


def restore(source: str, target: str) -> None:
    """Put a fresh copy of a prepared database at `target`, with no WAL left from a run."""
    for leftover in (f"{target}-wal", f"{target}-shm"):
        Path(leftover).unlink(missing_ok=True)
    shutil.copyfile(source, target)


def empty_database(values: Values) -> None:
    """Set-up: {scratch} is a new netcrm database without contacts."""
    restore(values["empty_db"], values["scratch"])


def imported_database(values: Values) -> None:
    """Set-up: {scratch} already holds everything {linkedin} brings."""
    restore(values["imported_db"], values["scratch"])


NETCRM_DB = ("{netcrm}", "--db", "{db}")
AS_OF = ("--as-of", "{as_of}")
IMPORT = ("{netcrm}", "--db", "{scratch}", "import", "linkedin", "{linkedin}")
DRY_RUN = ("{netcrm}", "--db", "{scratch}", "import", "--dry-run")
COMMANDS: list[Command] = [
    Command("python", "python -c pass", ("{python}", "-c", "pass"), per_size=False),
    Command(
        "sqlmodel",
        "python -c 'import sqlmodel'",
        ("{python}", "-c", "import sqlmodel"),
        per_size=False,
    ),
    Command("help", "netcrm --help", ("{netcrm}", "--help"), per_size=False),
    Command("version", "netcrm --version", ("{netcrm}", "--version"), per_size=False),
    Command("due", "netcrm due", (*NETCRM_DB, "due", "--as-of", "{as_of}")),
    Command("due-json", "netcrm due --json", (*NETCRM_DB, "due", "--as-of", "{as_of}", "--json")),
    Command(
        "list-json", "netcrm list --json", (*NETCRM_DB, "list", "--as-of", "{as_of}", "--json")
    ),
    # A word the generator puts in about one interaction summary in 14 and in some fields.
    Command("search", "netcrm search pricing", (*NETCRM_DB, "search", "pricing")),
    Command("show", "netcrm show CONTACT", (*NETCRM_DB, "show", "{contact}", "--as-of", "{as_of}")),
    Command("log", 'netcrm log CONTACT "bench"', (*NETCRM_DB, "log", "{contact}", "bench")),
    Command("plan-week", "netcrm plan week", (*NETCRM_DB, "plan", "week", *AS_OF)),
    Command("plan-month", "netcrm plan month", (*NETCRM_DB, "plan", "month", *AS_OF)),
    Command("plan-quarter", "netcrm plan quarter", (*NETCRM_DB, "plan", "quarter", *AS_OF)),
    Command("balance", "netcrm balance", (*NETCRM_DB, "balance", *AS_OF)),
    Command("stats", "netcrm stats", (*NETCRM_DB, "stats", *AS_OF)),
    Command(
        "import",
        "netcrm import linkedin ({rows} rows, empty database)",
        IMPORT,
        per_size=False,
        setup=empty_database,
    ),
    Command(
        "reimport",
        "netcrm import linkedin ({rows} rows, again, unchanged)",
        IMPORT,
        per_size=False,
        setup=imported_database,
    ),
    Command(
        "undo-import",
        "netcrm undo --yes (takes back the {rows}-row import)",
        ("{netcrm}", "--db", "{scratch}", "undo", "--yes"),
        per_size=False,
        setup=imported_database,
    ),
    # The vCard reader at two sizes in one run: the larger must cost no more than in proportion.
    Command(
        "vcard-small",
        "netcrm import vcard --dry-run ({small_cards} cards)",
        (*DRY_RUN, "vcard", "{small_vcf}"),
        per_size=False,
        setup=empty_database,
    ),
    Command(
        "vcard-large",
        "netcrm import vcard --dry-run ({large_cards} cards)",
        (*DRY_RUN, "vcard", "{large_vcf}"),
        per_size=False,
        setup=empty_database,
    ),
    # Peak memory must not grow with the file: a LinkedIn export of about 100 MB.
    Command(
        "linkedin-large",
        "netcrm import linkedin --dry-run ({large_rows} rows, {large_mb} MB)",
        (*DRY_RUN, "linkedin", "{large_csv}"),
        per_size=False,
        setup=empty_database,
        on_request=True,
    ),
]


@dataclass(frozen=True)
class Run:
    """One run of one command."""

    wall: float  # seconds
    cpu: float  # user + system seconds
    max_rss_kib: int | None  # None without GNU time
    output: bytes = field(default=b"", repr=False)  # stdout, when the run captured it


@dataclass(frozen=True)
class Timing:
    """The runs of one command on one network."""

    command: Command
    title: str  # the command's title with its placeholders filled in
    contacts: int | None  # None for commands that do not read the network
    runs: list[Run]


class BenchError(Exception):
    """A command failed or the set-up is unusable; the message says which and why."""


# ---- set-up checks ------------------------------------------------------------------------


def warn_if_uncompiled() -> None:
    """Loudly warn when sqlalchemy has no bytecode: every run would compile it from source."""
    spec = importlib.util.find_spec("sqlalchemy")
    if spec is None or spec.origin is None:
        raise BenchError("sqlalchemy is not installed in this interpreter; run `uv sync`")
    cache_tag = sys.implementation.cache_tag
    pyc = Path(spec.origin).parent / "__pycache__" / f"__init__.{cache_tag}.pyc"
    if pyc.exists():
        return
    bar = "!" * 78
    why = (
        "PYTHONDONTWRITEBYTECODE is set, so it is never written and"
        if os.environ.get("PYTHONDONTWRITEBYTECODE")
        else "Until it is written,"
    )
    print(
        f"{bar}\nWARNING: no compiled bytecode for sqlalchemy in {pyc.parent}.\n"
        f"{why} every command compiles sqlalchemy from source\n"
        "(about 0.8 s more per run): the timings below would be far too slow. Fix it with:\n"
        "    UV_COMPILE_BYTECODE=1 uv sync --reinstall\n"
        f"{bar}",
        file=sys.stderr,
    )


def compile_netcrm() -> None:
    """Give netcrm's own modules bytecode, as Python writes it on a user's first run.

    The project is installed editable (its source tree), which `uv sync` does not compile;
    with PYTHONDONTWRITEBYTECODE set every timed run would otherwise pay for compiling it.
    """
    spec = importlib.util.find_spec("netcrm")
    if spec is None or not spec.submodule_search_locations:
        raise BenchError("netcrm is not installed in this interpreter; run `uv sync`")
    for location in spec.submodule_search_locations:
        compileall.compile_dir(location, quiet=1)


def netcrm_script() -> str:
    """The console script of the interpreter running this file, else the one on PATH."""
    beside = Path(sys.prefix) / "bin" / "netcrm"
    found = str(beside) if beside.exists() else shutil.which("netcrm")
    if found is None:
        raise BenchError("no `netcrm` console script found; run `uv sync` first")
    return found


# ---- networks -----------------------------------------------------------------------------


def generator_digest() -> str:
    """Changes whenever the generator or the schema changes, so stale caches are not reused."""
    import netcrm

    digest = hashlib.sha256((BENCH / "make_network.py").read_bytes())
    versions = Path(netcrm.__file__).parent / "store" / "migrations" / "versions"
    if not versions.is_dir():  # a moved folder would silently keep stale networks
        raise BenchError(f"no Alembic revisions in {versions}: update generator_digest()")
    for revision in sorted(versions.glob("*.py")):
        digest.update(revision.read_bytes())
    return digest.hexdigest()[:12]


def network(cache: Path, contacts: int, per_contact: int, seed: int, as_of: date) -> Path:
    """The cached network of this size and seed, built first if missing."""
    kind = f"network-{contacts}x{per_contact}-seed{seed}-{as_of}"
    path = cache / f"{kind}-{generator_digest()}.db"
    if path.exists():
        return path
    from make_network import build

    cache.mkdir(parents=True, exist_ok=True)
    for stale in cache.glob(f"{kind}-*.db"):  # an older generator or schema: 1.8 GB at 1M
        stale.unlink()
    partial = path.with_suffix(".partial")
    for stale in cache.glob(f"{partial.name}*"):
        stale.unlink()
    print(f"building {contacts:,} contacts x {per_contact} interactions...", file=sys.stderr)
    made = build(partial, contacts, contacts * per_contact, seed, as_of)
    print(f"  built in {made.seconds:.1f}s", file=sys.stderr)
    os.replace(partial, path)
    return path


@contextmanager
def working_copy(source: Path) -> Iterator[Path]:
    """A private copy of a network, in a temporary folder removed afterwards."""
    with tempfile.TemporaryDirectory(prefix="netcrm-bench-") as folder:
        target = Path(folder) / "netcrm.db"
        copy_database(source, target)
        yield target


def copy_database(source: Path, target: Path) -> None:
    """Copy a SQLite database with its backup API: consistent even with a WAL beside it."""
    with sqlite3.connect(source) as src, sqlite3.connect(target) as dst:
        src.backup(dst)
    src.close()
    dst.close()


def sample_contact(db: Path) -> str | None:
    """A middle-circle contact without open 24-48-7 steps, by full name (None if empty)."""
    with sqlite3.connect(f"file:{db}?mode=ro", uri=True) as connection:
        row = connection.execute(
            "SELECT name FROM contact WHERE circle = 'middle' AND archived_at IS NULL "
            "AND id NOT IN (SELECT contact_id FROM follow_up WHERE done_at IS NULL) "
            "ORDER BY id LIMIT 1"
        ).fetchone()
    connection.close()
    return str(row[0]) if row else None


# ---- timing -------------------------------------------------------------------------------


def run_once(
    argv: Sequence[str], env: dict[str, str], *, capture: bool = False, terminal: bool = False
) -> Run:
    """Time one run; a failing command is a BenchError.

    stdout goes to /dev/null, or with `capture` to a pipe this process reads to the end (as
    `| cat` would), or with `terminal` to a pseudo-terminal (terminal.py), read likewise.

    Peak memory comes from GNU time (`/usr/bin/time -f %M`): the rusage `os.wait4` returns for
    a child forked from this process starts from this process's own peak (Linux keeps the
    high-water mark across fork and exec), so it would report ours, not the command's.
    CPU time does come from `os.wait4`, which includes the reaped grandchild.
    """
    from terminal import run_in_pty, terminal_env

    gnu_time = os.access(GNU_TIME, os.X_OK)
    with tempfile.NamedTemporaryFile() as stderr, tempfile.NamedTemporaryFile("r") as rss:
        wrapped = [*([GNU_TIME, "-f", "%M", "-o", rss.name] if gnu_time else []), *argv]
        if terminal:
            on_pty = run_in_pty(wrapped, terminal_env(env))
            wall, cpu, code, output = on_pty.wall, on_pty.cpu, on_pty.status, on_pty.output
            said = output[-400:]
        else:
            started = time.perf_counter()
            child = subprocess.Popen(
                wrapped,
                stdin=subprocess.DEVNULL,
                stdout=subprocess.PIPE if capture else subprocess.DEVNULL,
                stderr=stderr,
                env=env,
            )
            output = child.stdout.read() if child.stdout else b""
            _, status, usage = os.wait4(child.pid, 0)
            wall = time.perf_counter() - started
            if child.stdout:
                child.stdout.close()
            code = child.returncode = os.waitstatus_to_exitcode(status)  # reaped here
            cpu = usage.ru_utime + usage.ru_stime
            stderr.seek(0)
            said = stderr.read()
        if code != 0:
            told = said.decode(errors="replace").strip()
            raise BenchError(f"`{' '.join(argv)}` exited {code}: {told}")
        peak = int(rss.read().split()[-1]) if gnu_time else None
    return Run(wall, cpu, peak, output if capture or terminal else b"")


def time_command(
    command: Command, values: Values, env: dict[str, str], runs: int, contacts: int | None
) -> Timing:
    """One warm-up run, then `runs` timed ones, each after the command's set-up."""
    argv = [part.format(**values) for part in command.argv]
    title = command.title.format(**values)
    label = title + (f" on {contacts:,}" if contacts is not None else "")
    print(f"timing {label}...", file=sys.stderr)

    def run() -> Run:
        if command.setup:
            command.setup(values)
        return run_once(argv, env)

    run()
    return Timing(command, title, contacts, [run() for _ in range(runs)])


def linkedin_export(folder: Path, values: Values, rows: int) -> Values:
    """`values` with {linkedin} (an export of `rows` connections), {empty_db} and {scratch}.

    {empty_db} is a copy of the empty network `values["empty_source"]`; the `empty_database`
    set-up copies it to {scratch} before each run.
    """
    from make_linkedin import write

    linkedin = folder / "Connections.csv"
    with linkedin.open("w", encoding="utf-8", newline="") as out:
        write(out, rows)
    prepared = values | {
        "linkedin": str(linkedin),
        "scratch": str(folder / "scratch.db"),
        "empty_db": str(folder / "empty.db"),
    }
    copy_database(Path(values["empty_source"]), Path(prepared["empty_db"]))
    return prepared


def prepare_linkedin(folder: Path, values: Values, env: dict[str, str], rows: int) -> Values:
    """The export, an empty database, and one already holding the export (made by netcrm)."""
    prepared = linkedin_export(folder, values, rows) | {"imported_db": str(folder / "imported.db")}
    print(f"importing {rows:,} LinkedIn rows once to prepare the re-import...", file=sys.stderr)
    empty_database(prepared)
    run_once([part.format(**prepared) for part in IMPORT], env)
    copy_database(Path(prepared["scratch"]), Path(prepared["imported_db"]))
    return prepared


def prepare_files(folder: Path, values: Values, args: argparse.Namespace) -> Values:
    """The vCard files and the large LinkedIn export the chosen commands read."""
    from make_linkedin import write as write_linkedin
    from make_vcard import write as write_vcard

    small, large = args.vcard_cards
    prepared = values | {
        "small_cards": f"{small:,}",
        "large_cards": f"{large:,}",
        "large_rows": f"{args.large_rows:,}",
    }
    for key, cards in (("small_vcf", small), ("large_vcf", large)):
        path = folder / f"contacts-{cards}.vcf"
        with path.open("w", encoding="utf-8", newline="") as out:
            write_vcard(out, cards)
        prepared[key] = str(path)
    if "{large_csv}" in values["needed"]:
        path = folder / "Connections-large.csv"
        print(f"writing a LinkedIn export of {args.large_rows:,} rows...", file=sys.stderr)
        with path.open("w", encoding="utf-8", newline="") as out:
            write_linkedin(out, args.large_rows)
        prepared |= {"large_csv": str(path), "large_mb": f"{path.stat().st_size / 1e6:.0f}"}
    return prepared


def child_env(as_of: date, config_home: Path) -> dict[str, str]:
    """The environment of every timed run: a fixed clock, no user config or database."""
    env = {
        key: value
        for key, value in os.environ.items()
        if key not in ("NETCRM_DB", "NETCRM_CONFIG", "NETCRM_DEBUG")
    }
    env["NETCRM_NOW"] = f"{as_of.isoformat()}T08:00:00"
    env["XDG_CONFIG_HOME"] = str(config_home)
    return env


def run_all(args: argparse.Namespace) -> list[Timing]:
    """Every chosen command: first those that ignore the network, then each size in turn."""
    chosen = [
        command
        for command in COMMANDS
        if (command.key in args.only if args.only else not command.on_request)
    ]
    values = {
        "python": sys.executable,
        "netcrm": netcrm_script(),
        "as_of": args.as_of.isoformat(),
        "rows": f"{args.linkedin_rows:,}",
        "needed": " ".join(part for command in chosen for part in command.argv),
    }
    timings = []
    with tempfile.TemporaryDirectory(prefix="netcrm-bench-config-") as config_home:
        env = child_env(args.as_of, Path(config_home))
        folder = Path(config_home)
        if "{scratch}" in values["needed"]:
            empty = network(args.cache, 0, args.per_contact, args.seed, args.as_of)
            values |= {
                "scratch": str(folder / "scratch.db"),
                "empty_db": str(folder / "e.db"),
                "empty_source": str(empty),  # what linkedin_export copies, as --compare does
            }
            with working_copy(empty) as copy:
                shutil.copyfile(copy, values["empty_db"])
        if "{linkedin}" in values["needed"]:
            values = prepare_linkedin(folder, values, env, args.linkedin_rows)
        if "_vcf}" in values["needed"] or "{large_csv}" in values["needed"]:
            values = prepare_files(folder, values, args)
        for command in chosen:
            if not command.per_size:
                timings.append(time_command(command, values, env, args.runs, None))
        for size in args.sizes:
            per_size = [command for command in chosen if command.per_size]
            if not per_size:
                break
            source = network(args.cache, size, args.per_contact, args.seed, args.as_of)
            with working_copy(source) as db:
                contact = sample_contact(db)
                sized = values | {"db": str(db), "contact": contact or ""}
                for command in per_size:
                    if contact is None and "{contact}" in "".join(command.argv):
                        continue  # an empty network has nobody to show or log
                    timings.append(time_command(command, sized, env, args.runs, size))
    return timings


# ---- report -------------------------------------------------------------------------------


def machine() -> list[str]:
    """What the numbers were measured on."""
    cpu = "unknown CPU"
    memory = "unknown"
    with _quiet_open("/proc/cpuinfo") as lines:
        cpu = next((line.split(":", 1)[1].strip() for line in lines if "model name" in line), cpu)
    with _quiet_open("/proc/meminfo") as lines:
        kib = next((int(line.split()[1]) for line in lines if line.startswith("MemTotal")), 0)
        memory = f"{kib / 1024 / 1024:.1f} GiB" if kib else memory
    os_name = platform.platform()
    with _quiet_open("/etc/os-release") as lines:
        pretty = [line.split("=", 1)[1].strip().strip('"') for line in lines if "PRETTY" in line]
        os_name = f"{pretty[0]} ({os_name})" if pretty else os_name
    usable = len(os.sched_getaffinity(0)) if hasattr(os, "sched_getaffinity") else os.cpu_count()
    return [
        f"- CPU: {cpu}, {usable} cores usable ({os.cpu_count()} online)",
        f"- Memory: {memory}",
        f"- OS: {os_name}",
        f"- Python {platform.python_version()} ({sys.executable})",
        f"- SQLite {sqlite3.sqlite_version}",
        f"- netcrm {_netcrm_version()}",
    ]


@contextmanager
def _quiet_open(path: str) -> Iterator[list[str]]:
    try:
        with open(path, encoding="utf-8") as handle:
            yield handle.read().splitlines()
    except OSError:
        yield []


def _netcrm_version() -> str:
    import netcrm

    try:
        commit = subprocess.run(
            ["git", "-C", str(BENCH), "describe", "--always", "--dirty"],
            capture_output=True,
            text=True,
            check=True,
        ).stdout.strip()
    except (OSError, subprocess.CalledProcessError):
        return netcrm.__version__
    return f"{netcrm.__version__} (commit {commit})"


def markdown(timings: list[Timing], args: argparse.Namespace, load: tuple[float, float]) -> str:
    """The machine, how the run was made, and the table."""
    lines = [
        *machine(),
        # Wall times are only comparable on a quiet machine; CPU time suffers less from others.
        f"- Load average (1 min) at start and end of the run: {load[0]:.2f}, {load[1]:.2f}",
        "",
        f"{args.runs} runs after one warm-up; networks of N contacts with {args.per_contact} "
        f"interactions each (seed {args.seed}), as of {args.as_of}.",
        "",
        *timing_table(timings),
    ]
    return "\n".join(lines)


def timing_table(timings: list[Timing]) -> list[str]:
    """The markdown table of every command's runs: median, spread, peak memory, CPU."""
    lines = [
        "| command | contacts | median ms | spread (min-max) ms | peak RSS MiB | median CPU ms |",
        "|---|---:|---:|---:|---:|---:|",
    ]
    for timing in timings:
        wall = [run.wall * 1000 for run in timing.runs]
        cpu = statistics.median(run.cpu * 1000 for run in timing.runs)
        peaks = [run.max_rss_kib for run in timing.runs if run.max_rss_kib is not None]
        contacts = f"{timing.contacts:,}" if timing.contacts is not None else "-"
        rss = f"{max(peaks) / 1024:.1f}" if peaks else "n/a"
        lines.append(
            f"| `{timing.title}` | {contacts} | {statistics.median(wall):.0f} "
            f"| {min(wall):.0f}-{max(wall):.0f} | {rss} | {cpu:.0f} |"
        )
    return lines


QUICK_RUNS = 3  # --quick: a smoke test of the harness, not a measurement
QUICK_SIZES = [0, 100]
QUICK_LINKEDIN_ROWS = 300


def parse_args(argv: Sequence[str] | None) -> argparse.Namespace:
    """The command line; see the module docstring (and compare.py for --compare)."""
    from compare import ROWS

    keys = [command.key for command in COMMANDS]
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument(
        "--compare",
        action="store_true",
        help="issue 11's table: each figure beside its reference, with today's and the targets",
    )
    parser.add_argument(
        "--quick",
        action="store_true",
        help=f"a smoke test: small sizes, {QUICK_RUNS} runs (the figures mean nothing)",
    )
    parser.add_argument(
        "--sizes",
        type=lambda text: [int(part) for part in text.split(",")],
        help="network sizes in contacts, comma-separated (default 1000,10000; not --compare)",
    )
    parser.add_argument("--runs", type=int, help="timed runs per command (default 7)")
    parser.add_argument(
        "--only",
        nargs="+",
        metavar="KEY",
        help=f"commands: {', '.join(keys)}; with --compare, rows: {', '.join(ROWS)}",
    )
    parser.add_argument("--per-contact", type=int, default=10, help="interactions per contact")
    parser.add_argument(
        "--huge-per-contact",
        type=int,
        help="--compare: interactions per contact of the 1M network (default: --per-contact)",
    )
    parser.add_argument("--seed", type=int, default=1, help="network seed (default 1)")
    parser.add_argument(
        "--linkedin-rows",
        type=int,
        help="rows of the imported LinkedIn export (default 30,000; not --compare)",
    )
    parser.add_argument(
        "--vcard-cards",
        default="8000,32000",
        type=lambda text: [int(part) for part in text.split(",")],
        help="cards of the two vCard files, smaller first (default 8000,32000)",
    )
    parser.add_argument(
        "--large-rows",
        type=int,
        default=1_100_000,
        help="rows of the large LinkedIn export (linkedin-large; default 1,100,000: ~110 MB)",
    )
    parser.add_argument("--as-of", type=date.fromisoformat, default=DEFAULT_AS_OF)
    parser.add_argument(
        "--cache",
        type=Path,
        default=Path(tempfile.gettempdir()) / "netcrm-bench",
        help="where built networks, task data and jrnl are kept (default: $TMPDIR/netcrm-bench)",
    )
    parser.add_argument(
        "--markdown", action="store_true", default=True, help="print a markdown table (default)"
    )
    args = parser.parse_args(argv)
    known = list(ROWS) if args.compare else keys
    unknown = [key for key in args.only or [] if key not in known]
    if unknown:
        parser.error(f"unknown --only {', '.join(unknown)}; choose from {', '.join(known)}")
    if args.compare and (args.sizes is not None or args.linkedin_rows is not None):
        parser.error("--compare has the issue's sizes (or --quick's): no --sizes, --linkedin-rows")
    if args.runs is None:
        args.runs = QUICK_RUNS if args.quick else 7
    elif args.runs < 1 or (args.runs < MIN_RUNS and not args.quick):
        parser.error(f"--runs must be at least {MIN_RUNS} for a median to mean something")
    if args.sizes is None:
        args.sizes = QUICK_SIZES if args.quick else [1000, 10000]
    if args.linkedin_rows is None:
        args.linkedin_rows = QUICK_LINKEDIN_ROWS if args.quick else 30_000
    if args.huge_per_contact is None:
        args.huge_per_contact = args.per_contact
    if any(size < 0 for size in args.sizes) or min(args.per_contact, args.huge_per_contact) < 0:
        parser.error("--sizes and --per-contact take numbers >= 0")
    if len(args.vcard_cards) != 2 or not 0 < args.vcard_cards[0] <= args.vcard_cards[1]:
        parser.error("--vcard-cards takes two numbers of cards, smaller first")
    return args


def main(argv: Sequence[str] | None = None) -> int:
    """Check the set-up, time everything, print the report."""
    args = parse_args(argv)
    if args.compare:
        from compare import main as compare

        return compare(args)
    try:
        warn_if_uncompiled()
        compile_netcrm()
        started_load = os.getloadavg()[0]
        timings = run_all(args)
    except BenchError as exc:
        print(f"run.py: {exc}", file=sys.stderr)
        return 1
    print(markdown(timings, args, (started_load, os.getloadavg()[0])))
    return 0


if __name__ == "__main__":
    sys.exit(main())
