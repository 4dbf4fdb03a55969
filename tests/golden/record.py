"""Record `netcrm due` as it prints today, for the golden-output test.

    uv run python tests/golden/record.py

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
from pathlib import Path

HERE = Path(__file__).resolve().parent
sys.path.insert(0, str(HERE))

from cases import CASES, GOLDEN, NOW, case_key  # noqa: E402

BENCH = HERE.parents[1] / "bench"


def make_network():  # type: ignore[no-untyped-def]
    spec = importlib.util.spec_from_file_location("make_network", BENCH / "make_network.py")
    assert spec is not None and spec.loader is not None
    module = importlib.util.module_from_spec(spec)
    sys.modules["make_network"] = module
    spec.loader.exec_module(module)
    return module


def main() -> None:
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
