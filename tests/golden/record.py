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
"""

import gzip
import importlib.util
import json
import os
import subprocess
import sys
import tempfile
from pathlib import Path

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


def record_plan() -> None:
    """`record.py plan`: PLAN_CASES into plan.json.gz, run as `python -m netcrm` (so an older
    tree can be recorded with PYTHONPATH=OLD/src)."""
    generator = make_network()
    recorded: dict[str, str] = {}
    env = {**os.environ, "NETCRM_NOW": NOW}
    for name in ("NETCRM_DB", "NETCRM_CONFIG", "NETCRM_DEBUG"):
        env.pop(name, None)
    with tempfile.TemporaryDirectory() as folder:
        env["XDG_CONFIG_HOME"] = folder
        for network, invocations in PLAN_CASES.items():
            db = Path(folder) / f"{network.key}.db"
            total = network.contacts * network.per_contact
            generator.build(db, network.contacts, total, network.seed, generator.DEFAULT_AS_OF)
            for args in invocations:
                argv = [sys.executable, "-m", "netcrm", "--db", str(db), "plan", *args, "--json"]
                done = subprocess.run(argv, capture_output=True, env=env, check=True)
                recorded[plan_key(network, args)] = done.stdout.decode("utf-8")
    with open(PLAN_GOLDEN, "wb") as raw, gzip.GzipFile(fileobj=raw, mode="wb", mtime=0) as out:
        out.write(json.dumps(recorded, indent=0, sort_keys=True).encode("utf-8"))
    print(f"{PLAN_GOLDEN}: {len(recorded)} outputs, {PLAN_GOLDEN.stat().st_size:,} bytes")


def main() -> None:
    if sys.argv[1:] == ["plan"]:
        record_plan()
        return
    generator = make_network()
    recorded: dict[str, str] = {}
    env = {**os.environ, "NETCRM_NOW": NOW}
    for name in ("NETCRM_DB", "NETCRM_CONFIG", "NETCRM_DEBUG"):
        env.pop(name, None)
    with tempfile.TemporaryDirectory() as folder:
        env["XDG_CONFIG_HOME"] = folder
        for network, invocations in CASES.items():
            db = Path(folder) / f"{network.key}.db"
            generator.build(
                db,
                network.contacts,
                network.contacts * network.per_contact,
                network.seed,
                generator.DEFAULT_AS_OF,
            )
            for args in invocations:
                for as_json in (False, True):
                    argv = ["netcrm", "--db", str(db), "due", *args]
                    argv += ["--json"] if as_json else []
                    done = subprocess.run(argv, capture_output=True, env=env, check=True)
                    recorded[case_key(network, args, as_json)] = done.stdout.decode("utf-8")
    with open(GOLDEN, "wb") as raw, gzip.GzipFile(fileobj=raw, mode="wb", mtime=0) as out:
        out.write(json.dumps(recorded, indent=0, sort_keys=True).encode("utf-8"))
    print(f"{GOLDEN}: {len(recorded)} outputs, {GOLDEN.stat().st_size:,} bytes")


if __name__ == "__main__":
    main()
