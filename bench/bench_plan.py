"""Benchmark `plan`, `balance` and `stats` on 10,000 contacts with 100,000 interactions.

Run: uv run python bench/bench_plan.py [--runs 7]
Builds a synthetic database in a temporary directory (deterministic: seeded), then times each
report's service call (the query and the planner, as the CLI runs them) and prints the median.
The issue's target is under one second each.
"""

import argparse
import random
import statistics
import tempfile
import time
from collections.abc import Callable
from datetime import date, datetime, timedelta
from pathlib import Path

from sqlalchemy import insert

from netcrm.config import Config
from netcrm.db import open_session
from netcrm.models import CircleChange, Contact, ContactTag, Interaction, Introduction, Promise
from netcrm.services.ledger import balance
from netcrm.services.plan import plan
from netcrm.services.stats import stats

CONTACTS = 10_000
INTERACTIONS = 100_000
AS_OF = date(2026, 11, 26)
WORDS = [
    *("compilers", "funding", "hiring", "design", "rust", "python"),
    *("sales", "marketing", "chess", "ai", "data", "cloud"),
]
CHANNELS = ["coffee", "call", "email", "linkedin", "message", "meeting", "event", "other"]
VALUES = ["give", "share", "ask", None, None]


def build(path: Path) -> None:
    """Fill a new database with a seeded synthetic network."""
    rng = random.Random(3)
    start = datetime(2020, 1, 1)
    span = (datetime(2026, 11, 25) - start).days
    with open_session(str(path), write=True) as session:
        contacts = []
        for i in range(1, CONTACTS + 1):
            circle = rng.choices(["inner", "middle", "outer"], [1, 5, 94])[0]
            contacts.append(
                {
                    "id": i,
                    "name": f"Person {i}",
                    "circle": circle,
                    "company": f"Company {rng.randrange(800)}",
                    "location": f"City {rng.randrange(120)}",
                    "role": rng.choice(WORDS),
                    "interests": " ".join(rng.sample(WORDS, 2)),
                    "can_help": rng.choice(WORDS),
                    "they_help": rng.choice(WORDS),
                    "birthday": f"--{rng.randrange(1, 13):02d}-{rng.randrange(1, 29):02d}",
                    "created_at": start + timedelta(days=rng.randrange(span)),
                    "met_has_time": False,
                }
            )
        session.execute(insert(Contact), contacts)
        session.execute(
            insert(CircleChange),
            [
                {"contact_id": c["id"], "changed_at": c["created_at"], "new_circle": c["circle"]}
                for c in contacts
            ],
        )
        session.execute(
            insert(ContactTag), [{"contact_id": i, "tag": "keep"} for i in range(1, CONTACTS, 50)]
        )
        session.execute(
            insert(Interaction),
            [
                {
                    "contact_id": rng.randrange(1, CONTACTS + 1),
                    "occurred_at": start + timedelta(days=rng.randrange(span)),
                    "has_time": False,
                    "channel": rng.choice(CHANNELS),
                    "value": rng.choice(VALUES),
                    "summary": "x",
                }
                for _ in range(INTERACTIONS)
            ],
        )
        session.execute(
            insert(Promise),
            [
                {
                    "contact_id": rng.randrange(1, CONTACTS + 1),
                    "text": "p",
                    "made_at": datetime(2026, 11, 1) + timedelta(days=rng.randrange(24)),
                    "due_on": date(2026, 11, 3) + timedelta(days=rng.randrange(24)),
                }
                for _ in range(300)
            ],
        )
        session.execute(
            insert(Introduction),
            [
                {
                    "contact_a_id": rng.randrange(1, CONTACTS + 1),
                    "contact_b_id": rng.randrange(1, CONTACTS + 1),
                    "made_at": datetime(2026, 1, 1) + timedelta(days=rng.randrange(320)),
                    "has_time": False,
                    "channel": "email",
                }
                for _ in range(300)
            ],
        )


def median_seconds(path: Path, report: Callable[..., object], runs: int) -> float:
    """Median wall time of one report, each run in its own read transaction like the CLI."""
    times = []
    for _ in range(runs):
        began = time.perf_counter()
        with open_session(str(path), write=False) as session:
            report(session)
        times.append(time.perf_counter() - began)
    return statistics.median(times)


def main() -> None:
    """Build the database once, then time every report."""
    parser = argparse.ArgumentParser()
    parser.add_argument("--runs", type=int, default=7)
    runs = parser.parse_args().runs
    config = Config()
    with tempfile.TemporaryDirectory() as folder:
        path = Path(folder) / "bench.db"
        build(path)
        reports: dict[str, Callable[..., object]] = {
            "plan week": lambda s: plan(s, "week", AS_OF, config),
            "plan month": lambda s: plan(s, "month", AS_OF, config),
            "plan quarter": lambda s: plan(s, "quarter", AS_OF, config),
            "balance": lambda s: balance(s, AS_OF),
            "stats": lambda s: stats(s, AS_OF, config),
        }
        for name, report in reports.items():
            print(f"{name:<13} median {median_seconds(path, report, runs) * 1000:7.1f} ms")


if __name__ == "__main__":
    main()
