"""Write a realistic N-row LinkedIn Connections.csv (with its Notes preamble) for benchmarks.

    uv run python bench/make_linkedin.py 30000 > /tmp/Connections.csv

`write(out, rows)` does the same for bench/run.py, which times `netcrm import linkedin` of
such a file into an empty database and again into one already holding it
(see docs/performance.md). The same rows and seed always give the same file.
"""

import csv
import random
import sys
from datetime import date, timedelta
from typing import TextIO

FIRST = ["Ada", "Grace", "Jöns", "Zoë", "Linus", "Margaret", "Barbara", "José", "Wei", "Priya"]
LAST = ["Lovelace", "Hopper", "Müller", "Weiß", "Torvalds", "Hamilton", "Liskov", "Núñez", "Li"]
COMPANIES = ["Acme, Inc.", "Globex", "Initech", "Umbrella GmbH", "Stark Industries", "Wayne"]
POSITIONS = ["Engineer", "Senior Engineer", "Head of R&D, Europe", "CTO", "Product Manager"]
PREAMBLE = (
    "Notes:\n"
    '"When exporting your connection data, you may notice that some of the email addresses '
    'are missing. You will only see email addresses for connections who have allowed it."\n'
    "\n"
)


def write(out: TextIO, rows: int, seed: int = 4) -> None:
    """Write `rows` connections; about one in ten has an email, as in real exports."""
    rng = random.Random(seed)
    out.write(PREAMBLE)
    writer = csv.writer(out, lineterminator="\n")
    writer.writerow(
        ["First Name", "Last Name", "URL", "Email Address", "Company", "Position", "Connected On"]
    )
    start = date(2012, 1, 1)
    for number in range(rows):
        first, last = rng.choice(FIRST), rng.choice(LAST)
        slug = f"{first}-{last}-{number:05d}".lower()
        connected = start + timedelta(days=rng.randrange(5000))
        writer.writerow(
            [
                first,
                last,
                f"https://www.linkedin.com/in/{slug}",
                f"{slug}@example.org" if rng.random() < 0.1 else "",
                rng.choice(COMPANIES),
                rng.choice(POSITIONS),
                connected.strftime("%d %b %Y"),
            ]
        )


if __name__ == "__main__":
    write(sys.stdout, int(sys.argv[1]) if len(sys.argv) > 1 else 30_000)
