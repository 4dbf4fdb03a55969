"""The benchmark's generators and harness, checked so they cannot silently rot.

The generators are checked through the netcrm CLI; the harness of `run.py --compare` piece by
piece (the table, the ratios and targets, the taskwarrior database, the pty runner) and once
end to end at tiny sizes. No timings here: speed is measured by bench/run.py, never asserted
in tests; the numbers below are made up to check the arithmetic.
"""

import os
import shutil
import subprocess
import sys
from datetime import date
from pathlib import Path
from types import ModuleType
from typing import Any

import pytest

from conftest import Netcrm
from helpers import load_bench

BENCH = Path(__file__).resolve().parents[2] / "bench"
AS_OF = "2026-11-26"


_load = load_bench


@pytest.fixture(scope="module")
def make_network() -> ModuleType:
    """bench/make_network.py, imported from its file (bench/ is not a package)."""
    return _load("make_network")


def _build(make_network: ModuleType, db: Path, *extra: str) -> None:
    argv = ["--contacts", "50", "--interactions", "300", "--db", str(db), *extra]
    assert make_network.main(argv) == 0


def _contacts(netcrm: Netcrm, db: Path) -> list[dict[str, Any]]:
    rows = netcrm.json("--db", str(db), "list", "--all", "--as-of", AS_OF)
    assert isinstance(rows, list)
    return rows


@pytest.mark.sqlite_only
def test_counts_and_circles_are_as_requested(
    make_network: ModuleType, netcrm: Netcrm, tmp_path: Path
) -> None:
    db = tmp_path / "net.db"
    _build(make_network, db)
    contacts = _contacts(netcrm, db)
    assert len(contacts) == 50
    circles = {name: sum(1 for row in contacts if row["circle"] == name) for name in _CIRCLES}
    # The method's proportions: a few inner, about a fifth middle, the rest outer.
    assert 1 <= circles["inner"] <= 0.06 * 50
    assert 0.15 * 50 <= circles["middle"] <= 0.25 * 50
    assert circles["outer"] == 50 - circles["inner"] - circles["middle"]
    histories = [netcrm.json("--db", str(db), "show", f"#{row['id']}") for row in contacts]
    dates = [touch["date"] for show in histories for touch in _dicts(show, "interactions")]
    assert len(dates) == 300
    earliest = date.fromisoformat(AS_OF).replace(year=2023)
    assert all(earliest.isoformat() <= day <= AS_OF for day in dates)
    channels = {touch["channel"] for show in histories for touch in _dicts(show, "interactions")}
    assert len(channels) >= 4  # a spread of channels, not one
    active = netcrm.json("--db", str(db), "list", "--as-of", AS_OF)
    assert isinstance(active, list)
    archived = [row for row in contacts if row["archived"]]
    assert len(active) == 50 - len(archived)


@pytest.mark.sqlite_only
def test_someone_met_this_week_has_open_follow_up_steps(
    make_network: ModuleType, netcrm: Netcrm, tmp_path: Path
) -> None:
    db = tmp_path / "net.db"
    _build(make_network, db)
    due = netcrm.json("--db", str(db), "due", "--as-of", AS_OF, "--within", "7")
    assert isinstance(due, list)
    steps = [item for item in due if item["kind"] == "follow_up"]
    assert steps, "a network always holds someone met in the last week"
    for item in steps:
        show = netcrm.json("--db", str(db), "show", f"#{item['contact_id']}")
        assert isinstance(show, dict)
        assert show["met"] >= "2026-11-19"  # met within the week before the reference day
        assert any(not step["done"] for step in show["follow_ups"])


@pytest.mark.sqlite_only
def test_same_seed_same_network_other_seed_other_network(
    make_network: ModuleType, netcrm: Netcrm, tmp_path: Path
) -> None:
    first, again, other = tmp_path / "a.db", tmp_path / "b.db", tmp_path / "c.db"
    _build(make_network, first, "--seed", "7")
    _build(make_network, again, "--seed", "7")
    _build(make_network, other, "--seed", "8")
    assert _contacts(netcrm, first) == _contacts(netcrm, again)
    assert _contacts(netcrm, first) != _contacts(netcrm, other)


@pytest.mark.sqlite_only
def test_refuses_to_overwrite_an_existing_file(
    make_network: ModuleType, netcrm: Netcrm, tmp_path: Path
) -> None:
    db = tmp_path / "net.db"
    netcrm("--db", str(db), "add", "Ada Lovelace")
    assert make_network.main(["--contacts", "5", "--interactions", "5", "--db", str(db)]) == 1
    assert [row["name"] for row in _contacts(netcrm, db)] == ["Ada Lovelace"]


def test_linkedin_export_imports_every_row_then_changes_nothing(
    netcrm: Netcrm, tmp_path: Path
) -> None:
    make_linkedin = _load("make_linkedin")
    export = tmp_path / "Connections.csv"
    with export.open("w", encoding="utf-8", newline="") as out:
        make_linkedin.write(out, 40)
    first = netcrm.json("import", "linkedin", str(export))
    assert isinstance(first, dict)
    assert (first["new"], first["updated"], first["skipped"]) == (40, 0, 0)
    listed = netcrm.json("list", "--all", "--as-of", AS_OF)
    assert isinstance(listed, list) and len(listed) == 40
    again = netcrm.json("import", "linkedin", str(export))  # what run.py times as the re-import
    assert isinstance(again, dict)
    assert (again["new"], again["updated"], again["unchanged"]) == (0, 0, 40)


def test_vcard_file_imports_every_card_with_its_fields(netcrm: Netcrm, tmp_path: Path) -> None:
    make_vcard = _load("make_vcard")
    cards = tmp_path / "contacts.vcf"
    with cards.open("w", encoding="utf-8", newline="") as out:
        make_vcard.write(out, 60)
    first = netcrm.json("import", "vcard", str(cards))
    assert isinstance(first, dict)
    assert (first["new"], first["updated"], first["skipped"]) == (60, 0, 0)
    profiles = [netcrm.json("show", f"#{n}") for n in range(1, 61)]
    assert all(isinstance(p, dict) and p["company"] and p["email"] for p in profiles)
    assert any(isinstance(p, dict) and p["birthday"] for p in profiles)
    # Issue 14: ORG's unit (";Research") is kept in the notes, after the NOTE.
    assert any(
        isinstance(p, dict) and p["notes"] == "Café regular\nDepartment: Research" for p in profiles
    )
    again = netcrm.json("import", "vcard", str(cards))  # every card matched by its UID
    assert isinstance(again, dict) and again["unchanged"] == 60


_CIRCLES = ("inner", "middle", "outer")


def _dicts(data: object, key: str) -> list[dict[str, Any]]:
    assert isinstance(data, dict)
    rows = data[key]
    assert isinstance(rows, list)
    return rows


# ---- the --compare harness ----------------------------------------------------------------


@pytest.fixture(scope="module")
def compare() -> ModuleType:
    """bench/compare.py (with run.py, tools.py and terminal.py, which it imports by name)."""
    for name in ("terminal", "tools", "targets", "run"):
        _load(name)
    return _load("compare")


@pytest.fixture(scope="module")
def targets(compare: ModuleType) -> ModuleType:
    """bench/targets.py: the issue's table, the verdicts and the markdown."""
    return sys.modules["targets"]


def _run(wall: float, cpu: float | None = None, rss_kib: int = 1024, out: bytes = b"") -> Any:
    return sys.modules["run"].Run(wall, wall if cpu is None else cpu, rss_kib, out)


def _sample(compare: ModuleType, key: str, walls: list[float], **extra: Any) -> Any:
    return compare.Sample(key, key, 1000, [_run(wall, **extra) for wall in walls])


def test_ratio_is_median_over_median_with_cpu_beside(compare: ModuleType) -> None:
    results = {
        "due@mid": _sample(compare, "due@mid", [0.5, 0.9, 0.4], cpu=0.4),  # median 0.5 s
        "task": _sample(compare, "task", [0.1, 0.25, 0.05], cpu=0.1),  # median 0.1 s
    }
    figures = compare.ROWS["due-vs-task"].figures(results)
    assert figures.values == {"ratio": pytest.approx(5.0)}  # the wall ratio is judged
    assert figures.now == "5.00x, CPU 4.00x (500 ms vs 100 ms)"
    assert figures.reference == "`task next`: 100 ms"


def test_growth_rows_divide_each_command_by_its_own_smaller_size(compare: ModuleType) -> None:
    results = {
        "stats@mid": _sample(compare, "stats@mid", [0.2] * 3),
        "stats@large": _sample(compare, "stats@large", [3.0] * 3),
        "balance@mid": _sample(compare, "balance@mid", [0.5] * 3),
        "balance@large": _sample(compare, "balance@large", [1.0] * 3),
    }
    values = compare.ROWS["stats-balance"].figures(results).values
    assert values == {"ratio@stats": pytest.approx(15.0), "ratio@balance": pytest.approx(2.0)}


def test_memory_is_the_highest_peak_and_completion_counts_values(compare: ModuleType) -> None:
    peaks = compare.Sample("import", "import", None, [_run(1, rss_kib=k) for k in (100, 300)])
    assert compare.ROWS["import-memory"].figures({"import": peaks}).values == {
        "mib": pytest.approx(300 / 1024)
    }
    names = b"Ada Lovelace\nAda Weber\n\n"
    results = {
        "complete@mid": _sample(compare, "complete@mid", [0.1], out=names),
        "complete@large": _sample(compare, "complete@large", [0.2], out=b"\n"),
        "python": _sample(compare, "python", [0.01]),
    }
    figures = compare.ROWS["complete"].figures(results)
    assert figures.values["values@mid"] == 2 and figures.values["values@large"] == 0
    assert "'Ada Lovelace'" in figures.now


def test_judge_says_met_or_which_check_missed_and_by_how_much(targets: ModuleType) -> None:
    checks = [targets.Check("ratio", max=1.0), targets.Check("values@mid", min=1)]
    assert targets.judge(checks, {"ratio": 1.0, "values@mid": 3}) == "met"
    missed = targets.judge(checks, {"ratio": 2.5, "values@mid": 0})
    assert missed == "missed: ratio 2.50x > 1 (2.5x the limit); values@mid 0 < 1"
    with pytest.raises(targets.BaselineError, match="not measured"):
        targets.judge([targets.Check("ms@huge", max=1)], {"ratio": 1.0})


def test_every_baseline_check_names_a_figure_its_row_computes(
    compare: ModuleType, targets: ModuleType
) -> None:
    rows = targets.load_baseline(compare.ROWS)
    assert [row.key for row in rows] == list(compare.ROWS)  # the order, all of it
    with pytest.raises(targets.BaselineError, match="the bench measures"):
        targets.load_baseline(["due-vs-task"])  # a row without a way to measure it
    for row in rows:
        spec = compare.ROWS[row.key]
        results = {key: _sample(compare, key, [0.1, 0.2, 0.3]) for key in spec.probes}
        figures = spec.figures(results)
        assert {check.figure for check in row.checks} <= set(figures.values), row.key
        assert all(key in compare.PROBES for key in spec.probes)


def test_table_puts_today_beside_now_with_the_run_s_sizes(targets: ModuleType) -> None:
    row = targets.Row(
        "due-vs-task",
        "`due` at {mid} / {interactions}, {tasks} tasks",
        "5.3x",
        "<= 1.0x",
        (targets.Check("ratio", max=1.0),),
    )
    other = targets.Row("x", "a | b at {large}", "1 s", "<= 2 s", (targets.Check("ms", max=2000),))
    judged = [
        (row, targets.Figures({"ratio": 0.8}, "0.80x (80 ms vs 100 ms)", "`task next`: 100 ms")),
        (other, targets.Figures({"ms": 2500}, "2,500 ms", "-")),
    ]
    lines = targets.table(judged, targets.QUICK, 10)
    assert lines[0].split("|")[1:-1] == [
        " what ",
        " today (issue 11) ",
        " now (this run) ",
        " reference (this run) ",
        " target ",
        " verdict ",
    ]
    assert lines[2] == (
        "| `due` at 300 / 3k, 300 tasks | 5.3x | 0.80x (80 ms vs 100 ms) "
        "| `task next`: 100 ms | <= 1.0x | met |"
    )
    assert lines[3].startswith(
        "| a \\| b at 1k | 1 s | 2,500 ms | - | <= 2 s | missed: ms 2,500 ms"
    )
    assert targets.describe(row, targets.Scale(), 10) == "`due` at 10k / 100k, 10k tasks"


def test_pty_runner_gives_the_child_a_terminal_of_the_set_size(compare: ModuleType) -> None:
    terminal = sys.modules["terminal"]
    shown = "import os, sys; print(1, sys.stdout.isatty(), tuple(os.get_terminal_size()))"
    done = terminal.run_in_pty([sys.executable, "-c", shown], terminal.terminal_env({}))
    assert done.status == 0
    assert done.output == f"1 True ({terminal.COLUMNS}, {terminal.LINES})\r\n".encode()
    simple = terminal.run_in_pty([sys.executable, "-c", "print(1)"], dict(os.environ))
    assert (simple.status, simple.output) == (0, b"1\r\n")
    failed = terminal.run_in_pty([sys.executable, "-c", "raise SystemExit(3)"], dict(os.environ))
    assert failed.status == 3


def test_run_once_captures_a_pipe_or_a_terminal_and_refuses_failures(
    compare: ModuleType,
) -> None:
    run = sys.modules["run"]
    env = dict(os.environ)
    piped = run.run_once(
        [sys.executable, "-c", "import sys; print(sys.stdout.isatty())"], env, capture=True
    )
    assert piped.output == b"False\n"
    on_pty = run.run_once([sys.executable, "-c", "print(1)"], env, terminal=True)
    assert on_pty.output == b"1\r\n"
    assert run.run_once([sys.executable, "-c", "print(1)"], env).output == b""  # /dev/null
    with pytest.raises(run.BenchError, match="exited 1: no such thing"):
        run.run_once([sys.executable, "-c", "import sys; sys.exit('no such thing')"], env)
    with pytest.raises(run.BenchError, match="exited 4"):
        run.run_once([sys.executable, "-c", "raise SystemExit(4)"], env, terminal=True)


def test_compare_options_are_checked(
    compare: ModuleType, capsys: pytest.CaptureFixture[str]
) -> None:
    run = sys.modules["run"]
    args = run.parse_args(["--compare", "--quick", "--only", "due-vs-task", "complete"])
    assert (args.runs, args.only, args.huge_per_contact) == (3, ["due-vs-task", "complete"], 10)
    assert run.parse_args(["--quick"]).sizes == [0, 100]
    for wrong in (
        ["--compare", "--only", "due"],
        ["--only", "due-vs-task"],
        ["--compare", "--sizes", "10"],
        ["--runs", "2"],
    ):
        with pytest.raises(SystemExit):
            run.parse_args(wrong)
    assert "unknown --only due" in capsys.readouterr().err


@pytest.mark.skipif(shutil.which("task") is None, reason="taskwarrior is not installed")
def test_task_database_is_built_once_apart_from_the_user_s_tasks(
    compare: ModuleType, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    tools = sys.modules["tools"]
    home = tmp_path / "home"
    home.mkdir()
    monkeypatch.setenv("HOME", str(home))  # a stray ~/.taskrc or ~/.task would show here
    task = shutil.which("task")
    assert task is not None
    folder = tools.task_database(tmp_path / "cache", task, 7, 1, date(2026, 11, 26))
    ready = (folder / tools.READY).stat().st_mtime_ns
    again = tools.task_database(tmp_path / "cache", task, 7, 1, date(2026, 11, 26))
    assert again == folder and (folder / tools.READY).stat().st_mtime_ns == ready  # cached
    env = os.environ | tools.task_env(folder)

    def task_says(*args: str) -> str:
        done = subprocess.run(
            [task, *args], env=env, capture_output=True, text=True, stdin=subprocess.DEVNULL
        )
        assert done.returncode == 0, done.stderr
        return done.stdout

    assert task_says("count", "status:pending").strip() == "7"
    listed = task_says("next", "limit:20").splitlines()
    assert len([line for line in listed if "#" in line]) == 7  # every description has "#N"
    assert list(home.iterdir()) == []
    assert not list(folder.parent.glob("*.partial-*"))


def test_pending_tasks_are_seeded_and_varied(compare: ModuleType) -> None:
    tools = sys.modules["tools"]
    tasks = tools.pending_tasks(200, 3, date(2026, 11, 26))
    assert tasks == tools.pending_tasks(200, 3, date(2026, 11, 26))
    assert len({task["uuid"] for task in tasks}) == 200
    assert all(task["status"] == "pending" for task in tasks)
    assert 20 < sum("due" in task for task in tasks) < 100  # some urgency to sort by
    assert any("project" in task for task in tasks) and any("tags" in task for task in tasks)


@pytest.mark.slow
def test_compare_quick_runs_end_to_end(tmp_path: Path) -> None:
    """The whole --compare path on tiny networks: it runs and prints the issue's row.

    A row of netcrm alone, so nothing is installed: no taskwarrior, jrnl or GNU time.
    """
    done = subprocess.run(
        [
            sys.executable,
            str(BENCH / "run.py"),
            "--compare",
            "--quick",
            "--runs",
            "1",
            "--only",
            "show-log",
            "--cache",
            str(tmp_path),
        ],
        capture_output=True,
        text=True,
        check=False,
    )
    assert done.returncode == 0, done.stderr
    lines = done.stdout.splitlines()
    row = next(line for line in lines if line.startswith("| `show` / `log` at 1k"))
    cells = row.split(" | ")
    assert cells[1] == "1.5-1.7 s" and cells[4] == "<= 1.2x their 1k time"  # the issue's
    assert cells[2].startswith("show ") and ", log " in cells[2]  # this run's
    assert cells[5].startswith(("met", "missed: "))
    timed = [line for line in lines if line.startswith("| `show-log: netcrm ")]
    assert len(timed) == 4  # show and log, each at 100 and at 1,000 contacts
    assert any(line.startswith("- Load average") for line in lines)
    assert "--quick: small sizes" in done.stdout


@pytest.mark.slow
def test_plain_mode_times_the_imports_alone(tmp_path: Path) -> None:
    """`--only import reimport` outside --compare: the LinkedIn set-up finds its empty network."""
    done = subprocess.run(
        [
            sys.executable,
            str(BENCH / "run.py"),
            "--quick",
            "--runs",
            "1",
            "--only",
            "import",
            "reimport",
            "--cache",
            str(tmp_path),
        ],
        capture_output=True,
        text=True,
        check=False,
    )
    assert done.returncode == 0, done.stderr[-2000:]
    rows = [line for line in done.stdout.splitlines() if line.startswith("| `netcrm import")]
    assert len(rows) == 2 and "empty database" in rows[0] and "again, unchanged" in rows[1]
