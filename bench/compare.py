"""`run.py --compare`: issue 11's table, each figure beside its reference in the same run.

    uv run python bench/run.py --compare                      # every row, full sizes
    uv run python bench/run.py --compare --only due-vs-task   # some rows
    uv run python bench/run.py --compare --quick              # small sizes: a smoke test

Each row of baseline.toml (the issue's table: what, today, target) names the commands it
times here (PROBES), and ROWS says which and how they become the row's figures. A row's
commands run interleaved, after one warm-up each (A B C, A B C, ...), so a burst of load
from other jobs falls on all of them alike; the figures are medians of wall time, and a
ratio is one command's median over its reference's, both from this run. Peak memory is the
highest of the runs (GNU time). Then every check of the row is judged: met, or missed and
by how much.
"""

import argparse
import os
import shutil
import statistics
import sys
import tempfile
from collections.abc import Callable, Sequence
from dataclasses import dataclass
from datetime import datetime
from pathlib import Path

import run
import tools
from targets import (
    QUICK,
    BaselineError,
    Figures,
    Row,
    Scale,
    load_baseline,
    ms,
    short,
    table,
    times,
)

COMPLETE_WORDS = "netcrm show Ad"  # Tab after "Ad" in `netcrm show Ad`: a contact name
# Typer 0.29 reverses Click's instruction order: `complete_bash`, not `bash_complete`
# (which it refuses with "Shell complete not supported"). Change it here if Typer does.
COMPLETE_INSTRUCTION = "complete_bash"


@dataclass(frozen=True)
class Probe:
    """One timed command of the comparison."""

    title: str  # for the table of every measurement; may use {tasks}, {rows}, {jrnl_version}
    argv: tuple[str, ...]  # with run.py's placeholders, and {task}, {jrnl}
    size: str | None = None  # the network it reads: "small", "mid", "large", "huge"
    terminal: bool = False  # on a pseudo-terminal instead of piped
    env: tuple[tuple[str, str], ...] = ()  # extra variables, values with placeholders
    setup: Callable[[run.Values], None] | None = None  # before every run, untimed


def _command(key: str) -> tuple[str, ...]:
    """The argv of run.py's command `key`: one definition for both modes."""
    return next(command.argv for command in run.COMMANDS if command.key == key)


TASK = ("{task}", "next", "limit:20")
TASK_ENV = (("TASKRC", "{taskrc}"), ("TASKDATA", "{taskdata}"))
COMPLETE_ENV = (
    ("_NETCRM_COMPLETE", COMPLETE_INSTRUCTION),
    ("COMP_WORDS", COMPLETE_WORDS),
    ("COMP_CWORD", str(len(COMPLETE_WORDS.split()) - 1)),
    ("NETCRM_DB", "{db}"),  # where a user's shell would find their database
)
PROBES: dict[str, Probe] = {
    "task": Probe("task next limit:20 ({tasks} pending), piped", TASK, env=TASK_ENV),
    "task-pty": Probe(
        "task next limit:20 ({tasks} pending), terminal", TASK, env=TASK_ENV, terminal=True
    ),
    "due@mid": Probe("netcrm due, piped", _command("due"), "mid"),
    "due-pty@mid": Probe("netcrm due, terminal", _command("due"), "mid", terminal=True),
    "due@large": Probe("netcrm due, piped", _command("due"), "large"),
    "search@mid": Probe("netcrm search pricing, piped", _command("search"), "mid"),
    "due@huge": Probe("netcrm due, piped", _command("due"), "huge"),
    "complete@mid": Probe(f"Tab: {COMPLETE_WORDS}", ("{netcrm}",), "mid", env=COMPLETE_ENV),
    "complete@large": Probe(f"Tab: {COMPLETE_WORDS}", ("{netcrm}",), "large", env=COMPLETE_ENV),
    "python": Probe("python -c pass", _command("python")),
    "help": Probe("netcrm --help", _command("help")),
    "jrnl": Probe("jrnl --help ({jrnl_version})", ("{jrnl}", "--help")),
    "stats@mid": Probe("netcrm stats", _command("stats"), "mid"),
    "stats@large": Probe("netcrm stats", _command("stats"), "large"),
    "balance@mid": Probe("netcrm balance", _command("balance"), "mid"),
    "balance@large": Probe("netcrm balance", _command("balance"), "large"),
    "list-json@large": Probe("netcrm list --json", _command("list-json"), "large"),
    "plan-week@mid": Probe("netcrm plan week", _command("plan-week"), "mid"),
    "plan-week@large": Probe("netcrm plan week", _command("plan-week"), "large"),
    "show@small": Probe("netcrm show CONTACT", _command("show"), "small"),
    "show@large": Probe("netcrm show CONTACT", _command("show"), "large"),
    "log@small": Probe('netcrm log CONTACT "bench"', _command("log"), "small"),
    "log@large": Probe('netcrm log CONTACT "bench"', _command("log"), "large"),
    "import": Probe(
        "netcrm import linkedin ({rows} rows, empty database)",
        run.IMPORT,
        setup=run.empty_database,
    ),
}


# ---- results and figures ------------------------------------------------------------------


@dataclass(frozen=True)
class Sample:
    """The runs of one probe."""

    key: str
    title: str
    contacts: int | None
    runs: list[run.Run]

    @property
    def ms(self) -> float:
        """Median wall time, milliseconds."""
        return statistics.median(one.wall for one in self.runs) * 1000

    @property
    def cpu_ms(self) -> float:
        """Median CPU time (user + system), milliseconds."""
        return statistics.median(one.cpu for one in self.runs) * 1000

    @property
    def mib(self) -> float | None:
        """The highest peak resident memory of the runs, MiB (None without GNU time)."""
        peaks = [one.max_rss_kib for one in self.runs if one.max_rss_kib is not None]
        return max(peaks) / 1024 if peaks else None

    @property
    def values(self) -> int:
        """Non-empty lines in the last run's output: the completions offered."""
        return sum(1 for line in self.runs[-1].output.splitlines() if line.strip())


Results = dict[str, Sample]


def _over(a: Sample, b: Sample) -> str:
    """`a`'s median over `b`'s, with the CPU ratio beside: waiting for a busy core does not
    inflate CPU time, so the two side by side show how much of a wall ratio is load."""
    return f"{times(a.ms / b.ms)}, CPU {times(a.cpu_ms / b.cpu_ms)}"


def _vs(subject: str, reference: str, results: Results, label: str) -> Figures:
    """`subject` over `reference`."""
    a, b = results[subject], results[reference]
    return Figures(
        {"ratio": a.ms / b.ms}, f"{_over(a, b)} ({ms(a.ms)} vs {ms(b.ms)})", f"{label}: {ms(b.ms)}"
    )


def _grown(results: Results, names: Sequence[str], at: str, base: str) -> Figures:
    """`name@at` over `name@base` for each name: ratio@<name>."""
    figures: dict[str, float] = {}
    now, reference = [], []
    for name in names:
        grown, small = results[f"{name}@{at}"], results[f"{name}@{base}"]
        figures[f"ratio@{name}"] = grown.ms / small.ms
        now.append(f"{name} {ms(grown.ms)} ({_over(grown, small)})")
        reference.append(f"{name} {ms(small.ms)}")
    at_base = short(results[f"{names[0]}@{base}"].contacts)
    return Figures(figures, ", ".join(now), f"at {at_base}: " + ", ".join(reference))


def _memory(sample: Sample) -> Figures:
    peak = sample.mib
    if peak is None:
        raise run.BenchError("peak memory needs GNU time (/usr/bin/time): apt-get install time")
    return Figures({"mib": peak}, f"{peak:.0f} MiB ({ms(sample.ms)})", "-")


def _complete(results: Results) -> Figures:
    mid, large, floor = results["complete@mid"], results["complete@large"], results["python"]
    first = mid.runs[-1].output.decode(errors="replace").strip().splitlines()[:1]
    sample = f", e.g. {first[0]!r}" if first else ""
    return Figures(
        {
            "ms@mid": mid.ms,
            "ms@large": large.ms,
            "values@mid": mid.values,
            "values@large": large.values,
        },
        f"{ms(mid.ms)}, {mid.values} values; {ms(large.ms)}, {large.values} values{sample}",
        f"`python -c pass`: {ms(floor.ms)}",
    )


def _due_scale(results: Results) -> Figures:
    mid, large, huge = results["due@mid"], results["due@large"], results["due@huge"]
    return Figures(
        {
            "ms@large": large.ms,
            "ratio@large": large.ms / mid.ms,
            "ratio@huge": huge.ms / mid.ms,
        },
        f"{short(large.contacts)}: {ms(large.ms)} ({_over(large, mid)}); "
        f"{short(huge.contacts)}: {ms(huge.ms)} ({_over(huge, mid)})",
        f"`due` at {short(mid.contacts)}: {ms(mid.ms)}",
    )


def _plan_week(results: Results) -> Figures:
    large, mid = results["plan-week@large"], results["plan-week@mid"]
    return Figures(
        {"ms": large.ms},
        f"{ms(large.ms)} ({_over(large, mid)} its {short(mid.contacts)} time)",
        f"at {short(mid.contacts)}: {ms(mid.ms)}",
    )


@dataclass(frozen=True)
class RowSpec:
    """Which probes a row times (interleaved), and how they become its figures."""

    probes: tuple[str, ...]
    figures: Callable[[Results], Figures]
    memory: bool = False  # judged on peak memory: needs GNU time


ROWS: dict[str, RowSpec] = {
    "due-vs-task": RowSpec(("due@mid", "task"), lambda r: _vs("due@mid", "task", r, "`task next`")),
    "due-vs-task-pty": RowSpec(
        ("due-pty@mid", "task-pty"), lambda r: _vs("due-pty@mid", "task-pty", r, "`task next`")
    ),
    "complete": RowSpec(("complete@mid", "complete@large", "python"), _complete),
    "help-vs-jrnl": RowSpec(("help", "jrnl"), lambda r: _vs("help", "jrnl", r, "`jrnl --help`")),
    "due-scale": RowSpec(("due@mid", "due@large", "due@huge"), _due_scale),
    "stats-balance": RowSpec(
        ("stats@mid", "stats@large", "balance@mid", "balance@large"),
        lambda r: _grown(r, ("stats", "balance"), "large", "mid"),
    ),
    "list-json-memory": RowSpec(
        ("list-json@large",), lambda r: _memory(r["list-json@large"]), memory=True
    ),
    "plan-week": RowSpec(("plan-week@large", "plan-week@mid"), _plan_week),
    "show-log": RowSpec(
        ("show@small", "show@large", "log@small", "log@large"),
        lambda r: _grown(r, ("show", "log"), "large", "small"),
    ),
    "import-memory": RowSpec(("import",), lambda r: _memory(r["import"]), memory=True),
    "search-vs-due": RowSpec(
        ("search@mid", "due@mid"), lambda r: _vs("search@mid", "due@mid", r, "`due`")
    ),
}


# ---- preparing and timing -----------------------------------------------------------------


class Bench:
    """The placeholder values of each probe; networks, task data and jrnl made on demand."""

    def __init__(self, args: argparse.Namespace, scale: Scale, folder: Path) -> None:
        self.args, self.scale, self.folder = args, scale, folder
        self.base: run.Values = {
            "python": sys.executable,
            "netcrm": run.netcrm_script(),
            "as_of": args.as_of.isoformat(),
            "rows": f"{scale.rows:,}",
            "tasks": f"{scale.tasks:,}",
        }
        self.env = run.child_env(args.as_of, folder / "config")
        (folder / "config").mkdir()
        self._made: dict[str, run.Values] = {}
        self.versions: dict[str, str] = {}

    def values(self, probe: Probe) -> run.Values:
        """Everything `probe`'s argv, env and title refer to."""
        text = " ".join((*probe.argv, *(value for _, value in probe.env), probe.title))
        values = dict(self.base)
        if probe.size:
            values |= self._once(probe.size, lambda: self._network(probe.size or ""))
        if any(f"{{{name}}}" in text for name in ("task", "taskrc", "taskdata")):
            values |= self._once("task", self._task)
        if "{jrnl}" in text or "{jrnl_version}" in text:
            values |= self._once("jrnl", self._jrnl)
        if "{linkedin}" in text:
            values |= self._once("linkedin", self._linkedin)
        return values

    def _once(self, name: str, make: Callable[[], run.Values]) -> run.Values:
        if name not in self._made:
            self._made[name] = make()
        return self._made[name]

    def _network(self, size: str) -> run.Values:
        """A private copy of the network of that size, and a contact to show and log."""
        args = self.args
        per_contact = args.huge_per_contact if size == "huge" else args.per_contact
        contacts = self.scale.contacts(size)
        source = run.network(args.cache, contacts, per_contact, args.seed, args.as_of)
        db = self.folder / f"network-{size}.db"
        print(f"copying the {contacts:,}-contact network...", file=sys.stderr)
        run.copy_database(source, db)
        contact = run.sample_contact(db)
        if contact is None:
            raise run.BenchError(f"the {contacts:,}-contact network has no contact to show")
        return {"db": str(db), "contact": contact}

    def _task(self) -> run.Values:
        """taskwarrior, and a private copy of its cached database of `tasks` pending tasks."""
        task = tools.debian_tool("task", "taskwarrior")
        cached = tools.task_database(
            self.args.cache, task, self.scale.tasks, self.args.seed, self.args.as_of
        )
        home = self.folder / "taskwarrior"
        shutil.copytree(cached / "data", home / "data")
        tools.write_taskrc(home, data=home / "data")
        self.versions["taskwarrior"] = tools.task_version(task)
        return {"task": task} | dict(
            zip(("taskrc", "taskdata"), tools.task_env(home).values(), strict=True)
        )

    def _jrnl(self) -> run.Values:
        self.versions["jrnl"] = tools.JRNL.split("==")[1]
        return {"jrnl": tools.jrnl(self.args.cache), "jrnl_version": tools.JRNL}

    def _linkedin(self) -> run.Values:
        args = self.args
        empty = run.network(args.cache, 0, args.per_contact, args.seed, args.as_of)
        return run.linkedin_export(
            self.folder, self.base | {"empty_source": str(empty)}, self.scale.rows
        )


@dataclass(frozen=True)
class Prepared:
    """A probe with its argv, environment and values filled in: ready to run."""

    key: str
    probe: Probe
    title: str
    argv: list[str]
    env: dict[str, str]
    values: run.Values
    contacts: int | None

    def once(self) -> run.Run:
        """The probe's set-up (untimed), then one timed run."""
        if self.probe.setup:
            self.probe.setup(self.values)
        return run.run_once(
            self.argv, self.env, capture=not self.probe.terminal, terminal=self.probe.terminal
        )


def prepare(bench: Bench, key: str) -> Prepared:
    """Fill in one probe's placeholders (making what it needs)."""
    probe = PROBES[key]
    values = bench.values(probe)
    env = bench.env | {name: value.format(**values) for name, value in probe.env}
    return Prepared(
        key=key,
        probe=probe,
        title=probe.title.format(**values),
        argv=[part.format(**values) for part in probe.argv],
        env=env,
        values=values,
        contacts=bench.scale.contacts(probe.size) if probe.size else None,
    )


def time_row(row: str, prepared: Sequence[Prepared], runs: int) -> Results:
    """One warm-up each, then `runs` rounds of the row's probes in turn."""
    print(f"{row}: warming up {len(prepared)} commands...", file=sys.stderr)
    for item in prepared:
        item.once()
    taken: dict[str, list[run.Run]] = {item.key: [] for item in prepared}
    for round_ in range(runs):
        print(f"{row}: round {round_ + 1} of {runs}", file=sys.stderr)
        for item in prepared:
            taken[item.key].append(item.once())
    return {
        item.key: Sample(item.key, f"{row}: {item.title}", item.contacts, taken[item.key])
        for item in prepared
    }


# ---- the report ---------------------------------------------------------------------------


def report(
    judged: Sequence[tuple[Row, Figures]],
    samples: Sequence[Sample],
    args: argparse.Namespace,
    scale: Scale,
    load: tuple[float, float],
    versions: dict[str, str],
) -> str:
    """The machine, how the run was made, the issue's table with this run's figures, details."""
    cores = len(os.sched_getaffinity(0))
    lines = [
        f"Measured {datetime.now().astimezone():%Y-%m-%d %H:%M %Z} on:",
        "",
        *run.machine(),
        *(f"- {name} {version}" for name, version in sorted(versions.items())),
        f"- Load average (1 min) when timing began and at the end: {load[0]:.2f}, {load[1]:.2f}"
        f" ({cores} cores)",
        "",
        f"{args.runs} runs of each command after one warm-up, a row's commands interleaved; "
        f"networks with {args.per_contact} interactions per contact"
        + (
            f" ({args.huge_per_contact} at {short(scale.huge)})"
            if args.huge_per_contact != args.per_contact
            else ""
        )
        + f", seed {args.seed}, as of {args.as_of}. Medians of wall time; ratios are medians "
        "of this run over medians of this run; memory is the highest peak of the runs.",
    ]
    if args.quick:
        lines += [
            "",
            "**--quick: small sizes, few runs. A smoke test of the harness: the figures and "
            "verdicts below do not measure the issue's targets.**",
        ]
    lines += ["", *table(judged, scale, args.per_contact), "", "Every measurement:", ""]
    lines += run.timing_table(list(samples))
    return "\n".join(lines)


def main(args: argparse.Namespace) -> int:
    """Prepare every probe of the chosen rows, time the rows, print the report."""
    scale = QUICK if args.quick else Scale()
    judged: list[tuple[Row, Figures]] = []
    samples: list[Sample] = []
    try:
        rows = [row for row in load_baseline(ROWS) if not args.only or row.key in args.only]
        if any(ROWS[row.key].memory for row in rows):
            tools.debian_tool("time", "time")  # GNU time (run.GNU_TIME), for peak memory
        run.warn_if_uncompiled()
        run.compile_netcrm()
        with tempfile.TemporaryDirectory(prefix="netcrm-compare-") as folder:
            bench = Bench(args, scale, Path(folder))
            prepared = {
                row.key: [prepare(bench, key) for key in ROWS[row.key].probes] for row in rows
            }
            started = os.getloadavg()[0]
            for row in rows:
                results = time_row(row.key, prepared[row.key], args.runs)
                judged.append((row, ROWS[row.key].figures(results)))
                samples.extend(results.values())
            ended = os.getloadavg()[0]
    except (run.BenchError, tools.ToolError, BaselineError) as exc:
        print(f"run.py --compare: {exc}", file=sys.stderr)
        return 1
    print(report(judged, samples, args, scale, (started, ended), bench.versions))
    return 0
