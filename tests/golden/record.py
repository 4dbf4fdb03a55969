"""Record `netcrm due` as it prints today, for the golden-output test.

    uv run python tests/golden/record.py         # due.json.gz
    uv run python tests/golden/record.py plan    # plan.json.gz (see record_plan)

Run once, before the lean read path (issue 11) replaced the ORM one: each case of cases.py
runs as a real process with its output piped, on a network built by bench/make_network.py,
and due.json.gz keeps what it printed. Re-recording is only right when a change is meant to
change what `due` prints.

Re-recorded once, for issue 13: the networks gained board seats and events (bench/
make_network.py's `method` stream, which leaves every other row as it was), so `due` lists
`event_prep` items and board-seat cadences, and marks contacts outside their call window
("(their 08:00)"). Before re-recording, the merged code was checked against the recording
above on the old networks: the --json output was identical and the text differed only by
those marks.

plan.json.gz gained the text output of every plan case for issue 11's second round (the plan
at 100,000 contacts with a margin), recorded on 5708a6a before that round changed any code;
its --json outputs came out byte-identical to the recording before.

Re-recorded again for issue 12, whose text output writes days as people read them
("23 Oct 2026") where it wrote ISO days: the 80 --json outputs came out byte-identical to
the previous recording, and each of the 80 text outputs, split into cells, equals the
previous one with every ISO day rewritten ("2026-10-23" -> "23 Oct 2026"), so only the
spelling of the days (and the column widths that follow from it) changed.
"""

import gzip
import importlib.util
import json
import os
import subprocess
import sys
import tempfile
from collections.abc import Callable, Iterator, Mapping
from pathlib import Path
from typing import Any

HERE = Path(__file__).resolve().parent
sys.path.insert(0, str(HERE))

from cases import CASES, GOLDEN, NOW, PLAN_CASES, PLAN_GOLDEN, case_key, plan_key  # noqa: E402

BENCH = HERE.parents[1] / "bench"


def make_network():  # type: ignore[no-untyped-def]
    spec = importlib.util.spec_from_file_location("make_network", BENCH / "make_network.py")
    assert spec is not None and spec.loader is not None
    module = importlib.util.module_from_spec(spec)
    sys.modules["make_network"] = module
    spec.loader.exec_module(module)
    return module


def record(
    golden: Path, cases: Mapping[Any, list[tuple[str, ...]]], outputs: Callable[..., Any]
) -> None:
    """Build each network of `cases`, then keep what `outputs(db, network, args)` yields
    ((key, argv) pairs, each run piped with the tests' clock and an empty config) in `golden`."""
    generator = make_network()
    recorded: dict[str, str] = {}
    env = {**os.environ, "NETCRM_NOW": NOW}
    for name in ("NETCRM_DB", "NETCRM_CONFIG", "NETCRM_DEBUG"):
        env.pop(name, None)
    with tempfile.TemporaryDirectory() as folder:
        env["XDG_CONFIG_HOME"] = folder
        for network, invocations in cases.items():
            db = Path(folder) / f"{network.key}.db"
            total = network.contacts * network.per_contact
            generator.build(db, network.contacts, total, network.seed, generator.DEFAULT_AS_OF)
            for args in invocations:
                for key, argv in outputs(db, network, args):
                    done = subprocess.run(argv, capture_output=True, env=env, check=True)
                    recorded[key] = done.stdout.decode("utf-8")
    with open(golden, "wb") as raw, gzip.GzipFile(fileobj=raw, mode="wb", mtime=0) as out:
        out.write(json.dumps(recorded, indent=0, sort_keys=True).encode("utf-8"))
    print(f"{golden}: {len(recorded)} outputs, {golden.stat().st_size:,} bytes")


def due_outputs(db: Path, network: Any, args: tuple[str, ...]) -> Iterator[tuple[str, list[str]]]:
    for as_json in (False, True):
        argv = ["netcrm", "--db", str(db), "due", *args, *(["--json"] if as_json else [])]
        yield case_key(network, args, as_json), argv


def plan_outputs(db: Path, network: Any, args: tuple[str, ...]) -> Iterator[tuple[str, list[str]]]:
    """Run as `python -m netcrm`, so an older tree can be recorded with PYTHONPATH=OLD/src."""
    for as_json in (True, False):
        argv = [sys.executable, "-m", "netcrm", "--db", str(db), "plan", *args]
        yield plan_key(network, args, as_json), argv + (["--json"] if as_json else [])


def main() -> None:
    if sys.argv[1:] == ["plan"]:
        record(PLAN_GOLDEN, PLAN_CASES, plan_outputs)
    else:
        record(GOLDEN, CASES, due_outputs)


if __name__ == "__main__":
    main()
