"""Write a realistic N-card vCard 3.0 file, as a phone's address book exports it, for benchmarks.

    uv run python bench/make_vcard.py 32000 > /tmp/contacts.vcf

`write(out, cards)` does the same for bench/run.py, which times `netcrm import vcard --dry-run`
of files of 8,000 and 32,000 cards in one run, to show the reader's cost grows with the file
and no faster (see docs/performance.md). Each card has a name, an organisation, a title, one
or two emails, a phone, a note folded over two lines (some quoted-printable), categories, a
birthday on some and a UID. The same cards and seed always give the same file.
"""

import random
import sys
from typing import TextIO

FIRST = ["Ada", "Grace", "Jöns", "Zoë", "Linus", "Margaret", "Barbara", "José", "Wei", "Priya"]
LAST = ["Lovelace", "Hopper", "Müller", "Weiß", "Torvalds", "Hamilton", "Liskov", "Núñez", "Li"]
COMPANIES = ["Acme\\, Inc.", "Globex", "Initech", "Umbrella GmbH", "Stark Industries", "Wayne"]
TITLES = ["Engineer", "Senior Engineer", "Head of R&D", "CTO", "Product Manager"]
TAGS = ["friends", "work", "conference", "berlin", "family", "climbing"]


def card(rng: random.Random, number: int) -> str:
    """One card, CRLF line ends, the note folded as vCard folds long lines."""
    first, last = rng.choice(FIRST), rng.choice(LAST)
    slug = f"{first}.{last}.{number:05d}".lower()
    lines = [
        "BEGIN:VCARD",
        "VERSION:3.0",
        f"N:{last};{first};;;",
        f"FN:{first} {last}",
        f"ORG:{rng.choice(COMPANIES)};Research",
        f"TITLE:{rng.choice(TITLES)}",
        f"EMAIL;TYPE=INTERNET,WORK:{slug}@example.org",
        f"TEL;TYPE=CELL:+44 20 7946 {number % 10000:04d}",
    ]
    if rng.random() < 0.3:
        lines.append(f"EMAIL;TYPE=INTERNET,HOME:{slug}@home.example.net")
    if rng.random() < 0.2:
        lines.append(f"URL:https://www.linkedin.com/in/{slug.replace('.', '-')}/")
    if rng.random() < 0.4:
        year, month, day = rng.randrange(1950, 2005), rng.randrange(1, 13), rng.randrange(1, 29)
        lines.append(f"BDAY:{year}-{month:02d}-{day:02d}")
    if rng.random() < 0.1:
        lines.append("NOTE;ENCODING=QUOTED-PRINTABLE:Caf=C3=A9 regular")
    else:
        lines += [
            f"NOTE:Met {first} at a meetup about distributed systems\\, talked about",
            " hiring and promised to send the slides.",
        ]
    lines += [
        f"CATEGORIES:{','.join(rng.sample(TAGS, rng.randrange(1, 3)))}",
        f"UID:bench-{number:08d}",
        "END:VCARD",
    ]
    return "\r\n".join(lines) + "\r\n"


def write(out: TextIO, cards: int, seed: int = 5) -> None:
    """Write `cards` cards."""
    rng = random.Random(seed)
    for number in range(cards):
        out.write(card(rng, number))


if __name__ == "__main__":
    write(sys.stdout, int(sys.argv[1]) if len(sys.argv) > 1 else 32_000)
