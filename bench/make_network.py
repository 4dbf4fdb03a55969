"""Build a realistic synthetic netcrm database, for benchmarks and for trying the CLI.

    uv run python bench/make_network.py --contacts 10000 --interactions 100000 --db net.db

The schema comes from netcrm's own Alembic revisions (through `netcrm.store.db.open_session`);
the rows, laid out by netcrm's own table definitions, are streamed into the file with the
standard library's sqlite3 in large batches, so memory stays flat and 100,000 contacts with
1,000,000 interactions take well under a minute. The same seed and reference date always
give the same rows.

What it holds, relative to the reference date (`--as-of`, 08:00 that morning):
- circles in the method's proportions (a few inner, a fifth middle, the rest outer), each
  contact with a circle-history row and, for some, an earlier promotion;
- company, role, location, tags and the other profile fields from small word lists;
- the interactions spread over the three years before the reference date, more of them for
  closer circles, with plausible channels and a 70-20-10 give/share/ask mix;
- completed 24-48-7 sequences for past meetings, and about 1% of contacts met in the last
  week whose sequence is still open (the `schedule` step always, earlier ones sometimes);
- about 2% archived and 1% snoozed contacts (each snooze dated), and about 5% added by an
  import (a first-due slot in their circle's first period);
- every other kind of due item: promises (some kept, some after the day), introductions,
  career news from an import, birthdays, one-off reminders and yearly ones, a few done;
  these come from their own random stream, so the rows above stay what they were.
"""

import argparse
import random
import sqlite3
import sys
import time
import uuid
from collections.abc import Callable, Sequence
from dataclasses import dataclass
from datetime import date, datetime, timedelta
from operator import itemgetter
from pathlib import Path
from typing import Any

from dateutil.relativedelta import relativedelta
from sqlmodel import SQLModel

from netcrm.core.config import Config
from netcrm.core.domain import Channel, Circle, Step, Value
from netcrm.core.scheduler import follow_up_plan
from netcrm.core.text import name_key
from netcrm.store import models as _models  # noqa: F401  (defines the tables in the metadata)
from netcrm.store.db import open_session

DEFAULT_AS_OF = date(2026, 11, 26)
MORNING = timedelta(hours=8)  # the reference moment is 08:00 on the reference day
HISTORY = relativedelta(years=3)

# The method: inner 5-10 and middle 30-50 people for a network of about 200.
CIRCLE_SHARE: dict[Circle, float] = {Circle.INNER: 0.04, Circle.MIDDLE: 0.20, Circle.OUTER: 0.76}
# Closer circles are touched more often (monthly, quarterly, yearly cadences).
TOUCH_WEIGHT: dict[Circle, float] = {Circle.INNER: 8.0, Circle.MIDDLE: 3.0, Circle.OUTER: 1.0}
CHANNEL_WEIGHT: dict[Channel, float] = {
    Channel.MESSAGE: 25,
    Channel.EMAIL: 20,
    Channel.LINKEDIN: 15,
    Channel.CALL: 12,
    Channel.COFFEE: 10,
    Channel.MEETING: 10,
    Channel.EVENT: 5,
    Channel.OTHER: 3,
}
# Half the touches carry a value, in the method's 70-20-10 give/share/ask proportions.
VALUE_WEIGHT: dict[Value | None, float] = {Value.GIVE: 35, Value.SHARE: 10, Value.ASK: 5, None: 50}
RECENT_SHARE = 0.01  # met in the last week, 24-48-7 still running
ARCHIVED_SHARE = 0.02
SNOOZED_SHARE = 0.01
IMPORTED_SHARE = 0.05  # added by an import: never-touched ones take a turn at their slot
PROMISE_SHARE = 0.03  # of contacts: one promise each
INTRO_SHARE = 0.01  # introductions per contact
CAREER_SHARE = 0.01  # career news per contact
REMINDER_SHARE = 0.02  # reminders per contact, some yearly
PAST_SEQUENCE_SHARE = 0.5  # of contacts with a meeting date: a finished 24-48-7 sequence
STEP_DONE_CHANCE = 0.6  # a recent contact's step is done when its time has come
# The touch that completes a step: a personal connection request, then the promised resource.
STEP_TOUCH: dict[Step, tuple[Channel, Value | None]] = {
    Step.CONNECT: (Channel.LINKEDIN, None),
    Step.RESOURCES: (Channel.EMAIL, Value.GIVE),
}


def _words(text: str, sep: str | None = None) -> tuple[str, ...]:
    """A word list written as one string, to keep the lists below compact."""
    return tuple(text.split(sep))


FIRST = _words(
    "Ada Alan Amara Anika Ben Bianca Carlos Chen Chloe Dara David Diego Elena Emeka Emma Farah "
    "Felix Fatima Gabriel Grace Hana Hugo Ines Ivan Jamal Jana Jonas Julia Kai Karin Kenji Lara "
    "Leila Liam Lucia Malik Maria Mateo Maya Mei Nadia Nia Noah Nora Omar Olga Oscar Priya Rafael "
    "Rina Rosa Sami Sara Sofia Tariq Tess Tomas Uma Vera Wen Yara Yusuf Zoe Zain Ravi Ingrid"
)
LAST = _words(
    "Abara Andersen Bauer Becker Castillo Chowdhury Costa Dubois Eriksen Fischer Garcia Gupta "
    "Haddad Hansen Ito Jensen Kaur Kim Kowalski Larsen Lee Lopez Martin Meyer Moreau Mueller "
    "Nakamura Nguyen Novak Okafor Olsen Park Patel Petrov Quinn Rahman Reyes Rossi Santos Sato "
    "Schmidt Silva Singh Smith Suzuki Tanaka Torres Vargas Wagner Walker Wang Weber Wilson Wong "
    "Yamamoto Yilmaz Zhang Zimmer Ahmed Brennan Dalton Ferreira Ivanova Lindqvist Mensah"
)
COMPANIES = _words(
    "Acme Analytics|Blue Harbor Bank|Cobalt Robotics|Delta Health|Evergreen Energy|Fjord Labs|"
    "Granite Insurance|Helix Bio|Indigo Retail|Juniper Cloud|Kestrel Logistics|Lumen Media|"
    "Meridian Consulting|Northwind Foods|Orbit Payments|Pioneer Schools|Quartz Security|"
    "Riverbend Studios|Summit Ventures|Tidal Telecom|Umbra Games|Vantage Realty|Willow Legal|"
    "Xenon Materials|Yonder Travel|Zephyr Aerospace",
    "|",
)
ROLES = _words(
    "Engineering Manager|Product Manager|Data Scientist|Designer|Founder|CTO|VP Sales|Recruiter|"
    "Staff Engineer|Marketing Lead|Consultant|Analyst|Investor|Researcher|Head of People|"
    "Developer Advocate|Operations Lead|Account Executive",
    "|",
)
PLACES: tuple[tuple[str, str], ...] = (
    ("Berlin", "Europe/Berlin"),
    ("London", "Europe/London"),
    ("Paris", "Europe/Paris"),
    ("Lisbon", "Europe/Lisbon"),
    ("Stockholm", "Europe/Stockholm"),
    ("New York", "America/New_York"),
    ("San Francisco", "America/Los_Angeles"),
    ("Toronto", "America/Toronto"),
    ("Sao Paulo", "America/Sao_Paulo"),
    ("Lagos", "Africa/Lagos"),
    ("Nairobi", "Africa/Nairobi"),
    ("Dubai", "Asia/Dubai"),
    ("Bangalore", "Asia/Kolkata"),
    ("Singapore", "Asia/Singapore"),
    ("Tokyo", "Asia/Tokyo"),
    ("Sydney", "Australia/Sydney"),
)
TAGS = _words(
    "python ai hiring investor mentor founder design climate fintech health speaker "
    "alumni open-source remote community"
)
HOW_MET = _words(
    "conference talk|former colleague|intro from a friend|meetup|LinkedIn message|"
    "university|hackathon|customer project|podcast|board game night",
    "|",
)
EVENTS = _words(
    "PyCon|Web Summit|local Python meetup|DevOpsDays|re:Invent|Data Council|NeurIPS", "|"
)
TOPICS = _words(
    "hiring|a new role|fundraising|their team's migration|a conference talk|climate tech|"
    "open-source funding|mentoring juniors|remote work|pricing|an intro|a book they liked|"
    "career moves|product strategy",
    "|",
)
SUMMARY: dict[Channel, str] = {
    Channel.COFFEE: "coffee, talked about {}",
    Channel.CALL: "call about {}",
    Channel.EMAIL: "emailed about {}",
    Channel.LINKEDIN: "LinkedIn note on {}",
    Channel.MESSAGE: "messaged about {}",
    Channel.MEETING: "meeting on {}",
    Channel.EVENT: "caught up at an event: {}",
    Channel.OTHER: "{}",
}
PROMISES = _words(
    "send the slides|share the article on {}|intro to a recruiter|review their CV|"
    "send the book list|follow up on {}",
    "|",
)
REMINDERS = _words(
    "ask how the launch went|send congratulations on {}|check in about {}|"
    "work anniversary|the day they started their company",
    "|",
)
HOBBIES = _words("climbing|chess|sourdough|running|photography|sailing|choir|gardening", "|")
CADENCES = ("2w", "6w", "45d", "2m")


@dataclass(frozen=True)
class Summary:
    """What was built: the row counts the benchmark and its test rely on."""

    contacts: int
    circles: dict[Circle, int]
    interactions: int
    open_steps: int
    recent: int
    archived: int
    snoozed: int
    seconds: float


def circle_counts(contacts: int) -> dict[Circle, int]:
    """How many contacts go in each circle; outer takes the rounding remainder."""
    inner = round(contacts * CIRCLE_SHARE[Circle.INNER])
    middle = round(contacts * CIRCLE_SHARE[Circle.MIDDLE])
    return {Circle.INNER: inner, Circle.MIDDLE: middle, Circle.OUTER: contacts - inner - middle}


DUE_SOURCE_TABLES = ("promise", "introduction", "career_change", "reminder")
# Issue 13: board seats (a monthly cadence at least) and events with targets (`event_prep`).
METHOD_TABLES = ("board_seat", "event", "event_target")
STAGED = "staged_interaction"  # interactions in the order they were drawn, before renumbering
BATCH = 20_000  # rows per executemany: large enough to be fast, small enough to stay lean


class _Rows:
    """Writes rows into the SQLite file in batches, each in its table's column order.

    The columns and their defaults come from netcrm's table definitions, so a column the
    generator does not fill gets what an ORM insert would give it. Dates and times are
    written as SQLAlchemy writes them to SQLite ("YYYY-MM-DD HH:MM:SS.ffffff").
    """

    def __init__(self, connection: sqlite3.Connection) -> None:
        self.connection = connection
        self.counts: dict[str, int] = {}
        self._pending: dict[str, list[list[Any]]] = {}
        self._layout: dict[str, _Layout] = {}

    def layout(self, table: str, into: str | None = None) -> None:
        """Rows for `table` (a netcrm table) go into `into` (default: the table itself)."""
        columns = list(SQLModel.metadata.tables[table].columns)
        names = [column.name for column in columns]
        self._layout[table] = _Layout(
            sql=f"INSERT INTO {into or table} ({', '.join(names)}) "
            f"VALUES ({', '.join('?' for _ in names)})",
            defaults={
                column.name: column.default.arg if column.default is not None else None
                for column in columns
            },
            pick=itemgetter(*names),
            dated=[i for i, column in enumerate(columns) if column.type.python_type in DATED],
        )
        self._pending[table] = []
        self.counts[table] = 0

    def add(self, table: str, row: dict[str, Any]) -> None:
        """Queue one row; a full batch is written at once."""
        layout = self._layout[table]
        values = list(layout.pick(layout.defaults | row))
        for index in layout.dated:
            if values[index] is not None:
                values[index] = _sql(values[index])
        pending = self._pending[table]
        pending.append(values)
        self.counts[table] += 1
        if len(pending) >= BATCH:
            self.flush(table)

    def flush(self, table: str | None = None) -> None:
        """Write the queued rows of `table` (default: of every table)."""
        for name in [table] if table else list(self._pending):
            if self._pending[name]:
                self.connection.executemany(self._layout[name].sql, self._pending[name])
                self._pending[name] = []


DATED = (datetime, date)


@dataclass(frozen=True)
class _Layout:
    """How one table's rows are written: the statement, defaults, column order, date columns."""

    sql: str
    defaults: dict[str, Any]
    pick: Callable[[dict[str, Any]], tuple[Any, ...]]
    dated: list[int]


def _sql(value: datetime | date) -> str:
    """A date or a time as SQLAlchemy's SQLite dialect stores it."""
    if isinstance(value, datetime):
        text = value.isoformat(" ")
        return text if value.microsecond else f"{text}.000000"
    return value.isoformat()


class _Network:
    """The rows of one synthetic network, written to the database as they are drawn."""

    def __init__(self, seed: int, as_of: date, rows: _Rows) -> None:
        self.rng = random.Random(seed)
        # uids come from their own stream: random-looking like `netcrm add`'s uuid4, yet the
        # same seed gives the same file, and the rest of the network is what it was before.
        self.uid_rng = random.Random(f"{seed}/uid")
        # Snooze dates, import slots and every other due source: a stream of their own.
        self.extra = random.Random(f"{seed}/extra")
        # Board seats and events: their own stream too, so every row above stays as it was.
        self.method = random.Random(f"{seed}/method")
        self.now = datetime.combine(as_of, datetime.min.time()) + MORNING
        self.start = self.now - HISTORY
        self.rows = rows
        self.met: list[tuple[int, datetime | None]] = []  # (contact id, met_at), in id order
        self.interactions = 0  # drawn so far; the next one's id (before renumbering) is this + 1
        self.open_steps = 0
        self.archived = 0
        self.snoozed = 0
        self._names: set[str] = set()

    def moment_between(
        self, first: datetime, last: datetime, rng: random.Random | None = None
    ) -> datetime:
        """A random moment in [first, last], to the minute."""
        seconds = max((last - first).total_seconds(), 0.0)
        drawn = (rng or self.rng).random()
        return (first + timedelta(seconds=drawn * seconds)).replace(second=0, microsecond=0)

    def name(self) -> tuple[str, str, str]:
        """A unique full name (a middle initial, then a number, settles collisions)."""
        first, last = self.rng.choice(FIRST), self.rng.choice(LAST)
        full = f"{first} {last}"
        for attempt in range(30):
            if full not in self._names:
                break
            full = f"{first} {self.rng.choice('ABCDEFGHJKLMNPRSTVW')}. {last}"
            if attempt == 29:
                full = f"{first} {last} {len(self._names)}"
        self._names.add(full)
        return full, first, last

    def add_contacts(self, count: int, recent: int) -> list[tuple[int, Circle, datetime]]:
        """Contact rows, ids in order of creation; returns (id, circle, since) for each."""
        # Someone met this week starts in the outer circle (the default of `add`).
        counts = circle_counts(count)
        counts[Circle.OUTER] -= recent
        circles = [circle for circle, n in counts.items() for _ in range(n)]
        self.rng.shuffle(circles)
        circles += [Circle.OUTER] * recent
        span = (self.now - timedelta(days=8) - self.start).total_seconds()
        # Older contacts are the many: the network grew over the years, faster at first.
        starts = sorted(
            self.start + timedelta(seconds=span * self.rng.random() ** 1.5)
            for _ in range(count - recent)
        )
        starts += sorted(
            self.moment_between(self.now - timedelta(days=7), self.now - timedelta(hours=2))
            for _ in range(recent)
        )
        made = []
        for index, (circle, since) in enumerate(zip(circles, starts, strict=True)):
            contact_id = index + 1
            row = self.contact_row(contact_id, circle, since, index >= count - recent)
            self.rows.add("contact", row)
            self.met.append((contact_id, row["met_at"]))
            self.archived += row["archived_at"] is not None
            self.snoozed += row["snoozed_until"] is not None
            self.add_history(contact_id, circle, since)
            made.append((contact_id, circle, since))
        return made

    def contact_row(
        self, contact_id: int, circle: Circle, since: datetime, recent: bool
    ) -> dict[str, Any]:
        """One contact with the optional fields filled at plausible rates."""
        rng = self.rng
        full, first, last = self.name()
        company = rng.choice(COMPANIES) if rng.random() < 0.85 else None
        place = rng.choice(PLACES) if rng.random() < 0.7 else None
        met = recent or rng.random() < 0.6
        domain = (company or "mail").lower().replace(" ", "") + ".example"

        def maybe(chance: float, value: str) -> str | None:
            return value if rng.random() < chance else None

        snoozed = not recent and rng.random() < SNOOZED_SHARE
        archived = not recent and not snoozed and rng.random() < ARCHIVED_SHARE
        birthday = f"{rng.randint(1960, 2000)}-" if rng.random() < 0.5 else "--"
        extra = self.extra
        snoozed_at = (
            self.moment_between(max(since, self.now - timedelta(days=60)), self.now, extra)
            if snoozed
            else None
        )
        imported = not recent and extra.random() < IMPORTED_SHARE
        return {
            "id": contact_id,
            "name": full,
            # As netcrm stores every name it writes: folded and indexed for CONTACT lookups.
            "name_key": name_key(full),
            "circle": circle.value,
            "company": company,
            "role": maybe(0.8, rng.choice(ROLES)),
            "email": maybe(0.7, f"{first}.{last}@{domain}".lower()),
            "phone": maybe(0.3, f"+1 555 {rng.randint(1000000, 9999999)}"),
            "linkedin": maybe(0.6, f"https://www.linkedin.com/in/{first}-{last}-{contact_id}"),
            "location": place[0] if place else None,
            "timezone": place[1] if place else None,
            "how_met": rng.choice(HOW_MET) if met else None,
            "met_at": since if met else None,
            "met_has_time": met and (recent or rng.random() < 0.4),
            "met_event": maybe(0.5, rng.choice(EVENTS)) if met else None,
            "family": maybe(0.1, "two kids"),
            "hobbies": maybe(0.2, rng.choice(HOBBIES)),
            "interests": maybe(0.4, rng.choice(TOPICS)),
            "can_help": maybe(0.25, f"intro for {rng.choice(TOPICS)}"),
            "they_help": maybe(0.2, f"advice on {rng.choice(TOPICS)}"),
            "notes": maybe(0.15, "prefers mornings"),
            "birthday": maybe(0.25, f"{birthday}{rng.randint(1, 12):02d}-{rng.randint(1, 28):02d}"),
            "cadence": maybe(0.03, rng.choice(CADENCES)),
            "vcard_uid": str(uuid.UUID(int=self.uid_rng.getrandbits(128), version=4)),
            "created_at": since,
            "archived_at": self.moment_between(since, self.now) if archived else None,
            "snoozed_until": self.now.date() + timedelta(days=rng.randint(1, 60))
            if snoozed
            else None,
            "snoozed_at": snoozed_at,
            "first_due_slot": 1.0 - extra.random() if imported else None,  # in (0, 1]
        }

    def add_history(self, contact_id: int, circle: Circle, since: datetime) -> None:
        """Tags, the first circle, and for some closer contacts an earlier promotion."""
        for tag in sorted(self.rng.sample(TAGS, self.rng.choice((0, 1, 1, 2, 3)))):
            self.rows.add("contact_tag", {"contact_id": contact_id, "tag": tag})
        promoted_from = {Circle.INNER: Circle.MIDDLE, Circle.MIDDLE: Circle.OUTER}.get(circle)
        if promoted_from is None or self.rng.random() > 0.3:
            self.rows.add("circle_change", _circle_change(contact_id, since, None, circle))
            return
        self.rows.add("circle_change", _circle_change(contact_id, since, None, promoted_from))
        moved = self.moment_between(since, self.now)
        self.rows.add("circle_change", _circle_change(contact_id, moved, promoted_from, circle))

    def add_follow_ups(self, contact_id: int, met_at: datetime, budget: int) -> None:
        """A 24-48-7 sequence for a meeting at `met_at`.

        A past sequence was finished with `netcrm done` (no touch of its own). A sequence from
        this week has its earlier steps done by a logged touch when their time has come and
        `budget` allows another interaction; `schedule` is always still open.
        """
        recent = met_at >= self.now - timedelta(days=7)
        previous_done = True
        for step, due_at in follow_up_plan(met_at, Config().offsets):
            done_at: datetime | None = None
            interaction_id: int | None = None
            if not recent:
                done_at = due_at - timedelta(hours=self.rng.randint(0, 20))
            elif step in STEP_TOUCH and previous_done and self.interactions < budget:
                candidate = self.moment_between(met_at + (due_at - met_at) / 3, due_at)
                if candidate < self.now and self.rng.random() < STEP_DONE_CHANCE:
                    done_at = candidate
                    channel, value = STEP_TOUCH[step]
                    interaction_id = self.touch(contact_id, candidate, channel, value, True)
            previous_done = done_at is not None
            self.open_steps += done_at is None
            row = {"contact_id": contact_id, "step": step.value, "due_at": due_at}
            # interaction_id is the touch's id as drawn; renumber_interactions() maps it.
            self.rows.add("follow_up", row | {"done_at": done_at, "interaction_id": interaction_id})

    def add_interactions(self, made: list[tuple[int, Circle, datetime]], total: int) -> None:
        """`total` touches: first those that completed recent 24-48-7 steps, then the rest."""
        rng = self.rng
        week_ago = self.now - timedelta(days=7)
        for contact_id, met_at in self.met:
            if met_at is not None and (met_at >= week_ago or rng.random() < PAST_SEQUENCE_SHARE):
                self.add_follow_ups(contact_id, met_at, total)
        settled = [entry for entry in made if entry[2] < week_ago]
        remaining = total - self.interactions
        if not settled or remaining <= 0:
            return
        weights = [
            TOUCH_WEIGHT[circle] * max((self.now - since).days, 7) for _, circle, since in settled
        ]
        chosen = rng.choices(settled, weights=weights, k=remaining)
        channels = rng.choices(list(CHANNEL_WEIGHT), list(CHANNEL_WEIGHT.values()), k=remaining)
        values = rng.choices(list(VALUE_WEIGHT), list(VALUE_WEIGHT.values()), k=remaining)
        last = self.now - timedelta(hours=1)
        for (contact_id, _, since), channel, value in zip(chosen, channels, values, strict=True):
            at = self.moment_between(since, last)
            timed = rng.random() < 0.5
            self.touch(
                contact_id, at if timed else at.replace(hour=0, minute=0), channel, value, timed
            )

    def add_due_sources(self, made: list[tuple[int, Circle, datetime]]) -> None:
        """Promises, introductions, career news and reminders, from the `extra` stream.

        Each is dated after its contact was added, as the commands would store it; some fall
        after earlier days, so a report as of such a day must leave them out.
        """
        if len(made) < 10:
            return
        rng, now = self.extra, self.now
        since = {contact_id: added for contact_id, _, added in made}
        ids = list(since)

        def count(share: float) -> int:
            return max(1, round(len(ids) * share))

        def after(contact_id: int, days: int) -> datetime:
            """A moment in the last `days` days, and not before the contact was added."""
            first = max(since[contact_id], now - timedelta(days=days))
            return self.moment_between(first, now - timedelta(hours=1), rng)

        for _ in range(count(PROMISE_SHARE)):
            contact_id = rng.choice(ids)
            made_at = after(contact_id, 40)
            kept = self.moment_between(made_at, now, rng) if rng.random() < 0.6 else None
            text = rng.choice(PROMISES).format(rng.choice(TOPICS))
            self.rows.add(
                "promise",
                {
                    "contact_id": contact_id,
                    "text": text,
                    "made_at": made_at,
                    "due_on": made_at.date() + timedelta(days=rng.randint(0, 10)),
                    "kept_at": kept,
                },
            )
        for _ in range(count(INTRO_SHARE)):
            a, b = rng.sample(ids, 2)
            made_at = after(max(a, b, key=lambda one: since[one]), 60)
            timed = rng.random() < 0.5
            self.rows.add(
                "introduction",
                {
                    "contact_a_id": a,
                    "contact_b_id": b,
                    "made_at": made_at if timed else made_at.replace(hour=0, minute=0),
                    "has_time": timed,
                    "channel": rng.choice(list(CHANNEL_WEIGHT)).value,
                    "note": f"both into {rng.choice(TOPICS)}" if rng.random() < 0.5 else None,
                },
            )
        for _ in range(count(CAREER_SHARE)):
            contact_id = rng.choice(ids)
            changed = max(since[contact_id].date(), now.date() - timedelta(rng.randint(0, 40)))
            old, new = rng.sample(COMPANIES, 2)
            self.rows.add(
                "career_change",
                {
                    "contact_id": contact_id,
                    "changed_on": changed,
                    "old_company": old,
                    "new_company": new if rng.random() < 0.8 else old,
                    "old_role": rng.choice(ROLES),
                    "new_role": rng.choice(ROLES),
                },
            )
        for _ in range(count(REMINDER_SHARE)):
            contact_id = rng.choice(ids)
            yearly = rng.random() < 0.4
            created = after(contact_id, 90)
            if yearly:  # the first day may lie years back: a work anniversary
                on_day = date(rng.randint(2012, 2025), rng.randint(1, 12), rng.randint(1, 28))
            else:  # a one-off day is never before the day it was set
                on_day = created.date() + timedelta(days=rng.randint(0, 70))
            text = rng.choice(REMINDERS).format(rng.choice(TOPICS))
            done = self.moment_between(created, now, rng) if rng.random() < 0.15 else None
            self.rows.add(
                "reminder",
                {
                    "contact_id": contact_id,
                    "text": text,
                    "on_day": on_day,
                    "yearly": yearly,
                    "created_at": created,
                    "done_at": done,
                },
            )

    def add_method(self, made: list[tuple[int, Circle, datetime]]) -> None:
        """A few board seats and events with targets (issue 13), from the `method` stream.

        One event lies a few days ahead (its `event_prep` falls due the day before), one lies
        weeks back (due only as of days before it); seats and targets are set after their
        contact was added, some after earlier as-of days.
        """
        if len(made) < 10:
            return
        rng, now = self.method, self.now
        since = {contact_id: added for contact_id, _, added in made}
        ids = list(since)

        def after(contact_id: int, first: datetime) -> datetime:
            return self.moment_between(max(since[contact_id], first), now - timedelta(hours=1), rng)

        for role, contact_id in zip(("mentor", "sponsor", "peer"), rng.sample(ids, 3), strict=True):
            self.rows.add(
                "board_seat",
                {"role": role, "contact_id": contact_id, "set_at": after(contact_id, self.start)},
            )
        for number, (ahead, place) in enumerate(((3, "Berlin"), (-40, None)), start=1):
            on_day = now.date() + timedelta(days=ahead)
            created = self.moment_between(now - timedelta(days=90), now - timedelta(days=30), rng)
            self.rows.add(
                "event",
                {
                    "id": number,
                    "name": f"{rng.choice(TOPICS)} meetup {number}",
                    "on_day": on_day,
                    "place": place,
                    "goal": 3,
                    "created_at": created,
                },
            )
            for contact_id in rng.sample(ids, rng.randint(1, 3)):
                self.rows.add(
                    "event_target",
                    {
                        "event_id": number,
                        "contact_id": contact_id,
                        "set_at": after(contact_id, created),
                    },
                )

    def number_interactions_by_time(self) -> None:
        """Renumber interactions in time order, as a real history logged day by day would be.

        They were drawn into a staging table with ids in drawing order; SQLite sorts them (ties
        keep that order), so the whole history never has to sit in memory.
        """
        self.rows.flush()
        connection = self.rows.connection
        connection.execute(
            "CREATE TEMP TABLE renumber (old INTEGER PRIMARY KEY, new INTEGER NOT NULL)"
        )
        connection.execute(
            f"INSERT INTO renumber SELECT id, row_number() OVER (ORDER BY occurred_at, id) "
            f"FROM {STAGED}"
        )
        columns = [column.name for column in SQLModel.metadata.tables["interaction"].columns]
        picked = ", ".join("r.new" if name == "id" else f"s.{name}" for name in columns)
        connection.execute(
            f"INSERT INTO interaction ({', '.join(columns)}) SELECT {picked} "
            f"FROM {STAGED} AS s JOIN renumber AS r ON r.old = s.id ORDER BY r.new"
        )
        connection.execute(
            "UPDATE follow_up SET interaction_id = "
            "(SELECT new FROM renumber WHERE old = follow_up.interaction_id) "
            "WHERE interaction_id IS NOT NULL"
        )
        connection.execute(f"DROP TABLE {STAGED}")
        connection.execute("DROP TABLE renumber")

    def touch(
        self, contact_id: int, at: datetime, channel: Channel, value: Value | None, timed: bool
    ) -> int:
        """Add one interaction row; returns its id in drawing order."""
        self.interactions += 1
        self.rows.add(
            "interaction",
            {
                "id": self.interactions,
                "contact_id": contact_id,
                "occurred_at": at,
                "has_time": timed,
                "channel": channel.value,
                "value": value.value if value else None,
                "summary": SUMMARY[channel].format(self.rng.choice(TOPICS)),
            },
        )
        return self.interactions


def _circle_change(
    contact_id: int, at: datetime, old: Circle | None, new: Circle
) -> dict[str, Any]:
    return {
        "contact_id": contact_id,
        "changed_at": at,
        "old_circle": old.value if old else None,
        "new_circle": new.value,
    }


def build(path: Path, contacts: int, interactions: int, seed: int, as_of: date) -> Summary:
    """Generate the network and write it to a new database file at `path`."""
    started = time.perf_counter()
    with open_session(str(path), write=True):
        pass  # creates the file and its schema through netcrm's own migrations
    connection = sqlite3.connect(path, isolation_level=None)
    try:
        connection.execute("PRAGMA journal_mode=OFF")  # a new file: nothing to roll back to
        connection.execute("PRAGMA synchronous=OFF")  # the caller only keeps a finished file
        connection.execute("PRAGMA cache_size=-262144")  # 256 MiB, for the index builds
        connection.execute(f"CREATE TEMP TABLE {STAGED} AS SELECT * FROM interaction WHERE 0")
        indexes = _drop_indexes(connection)
        connection.execute("BEGIN")
        summary = _fill(connection, contacts, interactions, seed, as_of)
        for sql in indexes:  # built once over the sorted rows: faster than row by row
            connection.execute(sql)
        connection.execute("COMMIT")
        connection.execute("PRAGMA journal_mode=WAL")  # as netcrm leaves its files
    finally:
        connection.close()
    return Summary(**summary, seconds=time.perf_counter() - started)


def _drop_indexes(connection: sqlite3.Connection) -> list[str]:
    """Drop the schema's own indexes; returns the statements that make them again."""
    named = connection.execute(
        "SELECT name, sql FROM sqlite_master WHERE type = 'index' AND sql IS NOT NULL"
    ).fetchall()
    for name, _ in named:
        connection.execute(f'DROP INDEX "{name}"')
    return [sql for _, sql in named]


def _fill(
    connection: sqlite3.Connection, contacts: int, interactions: int, seed: int, as_of: date
) -> dict[str, Any]:
    """Draw every row into the open transaction; returns the counts for the Summary."""
    rows = _Rows(connection)
    for table in (
        "contact",
        "contact_tag",
        "circle_change",
        "follow_up",
        *DUE_SOURCE_TABLES,
        *METHOD_TABLES,
    ):
        rows.layout(table)
    rows.layout("interaction", into=STAGED)
    network = _Network(seed, as_of, rows)
    recent = max(1, round(contacts * RECENT_SHARE)) if contacts >= 10 else 0
    made = network.add_contacts(contacts, recent)
    network.add_interactions(made, interactions)
    network.add_due_sources(made)
    network.add_method(made)
    network.number_interactions_by_time()
    return {
        "contacts": rows.counts["contact"],
        "circles": circle_counts(contacts),
        "interactions": network.interactions,
        "open_steps": network.open_steps,
        "recent": recent,
        "archived": network.archived,
        "snoozed": network.snoozed,
    }


def parse_args(argv: Sequence[str] | None) -> argparse.Namespace:
    """The command line; see the module docstring."""
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--contacts", type=int, required=True, help="how many contacts")
    parser.add_argument("--interactions", type=int, required=True, help="how many in total")
    parser.add_argument("--db", type=Path, required=True, help="the database file to create")
    parser.add_argument("--seed", type=int, default=1, help="random seed (default 1)")
    parser.add_argument(
        "--as-of",
        type=date.fromisoformat,
        default=DEFAULT_AS_OF,
        help=f"reference day, YYYY-MM-DD (default {DEFAULT_AS_OF})",
    )
    parser.add_argument("--force", action="store_true", help="replace an existing file")
    args = parser.parse_args(argv)
    if args.contacts < 0 or args.interactions < 0:
        parser.error("--contacts and --interactions must be >= 0")
    return args


def main(argv: Sequence[str] | None = None) -> int:
    """Build the database the arguments describe and print what it holds."""
    args = parse_args(argv)
    path: Path = args.db
    if path.exists():
        if not args.force:
            print(f"make_network: {path} exists; pass --force to replace it", file=sys.stderr)
            return 1
        for suffix in ("", "-wal", "-shm"):
            Path(f"{path}{suffix}").unlink(missing_ok=True)
    made = build(path, args.contacts, args.interactions, args.seed, args.as_of)
    circles = ", ".join(f"{n} {circle.value}" for circle, n in made.circles.items())
    print(
        f"{path}: {made.contacts} contacts ({circles}), {made.interactions} interactions, "
        f"{made.recent} met this week with {made.open_steps} open 24-48-7 steps, "
        f"{made.archived} archived, {made.snoozed} snoozed; built in {made.seconds:.1f}s"
    )
    return 0


if __name__ == "__main__":
    sys.exit(main())
