"""`doctor`: look the database over without changing it, and say how to fix what is wrong.

Every check yields a `Check`: what was looked at, whether it is fine, what was found and, when
it is not fine, the command or step that fixes it. Nothing here writes to the database, runs a
migration or creates a missing file.
"""

import shlex
import sqlite3
from collections.abc import Mapping
from dataclasses import dataclass, field
from itertools import islice
from pathlib import Path

from sqlalchemy import Engine, create_engine, func, select
from sqlmodel import SQLModel

import netcrm.store.models  # noqa: F401 - registers the tables on SQLModel.metadata
from netcrm.core.config import config_path, load_config
from netcrm.core.errors import UserError
from netcrm.services.safety.values import SHOWN, bad_values
from netcrm.store import dbfiles, tempfiles
from netcrm.store.db import (
    SCHEMA_HEAD,
    backups_dir,
    display_target,
    inspect_server,
    is_url,
    missing_schema,
    server_engine,
)


@dataclass(frozen=True)
class Check:
    """One thing looked at."""

    name: str
    ok: bool
    detail: str
    fix: str | None = None


@dataclass
class Report:
    """Where things are, and every check made."""

    database: str
    backend: str
    config: str
    revision: str | None = None
    checks: list[Check] = field(default_factory=list)

    @property
    def ok(self) -> bool:
        """True when no check found a problem."""
        return all(check.ok for check in self.checks)


def doctor(target: str, env: Mapping[str, str]) -> Report:
    """Run every check that applies to the database in use and to the config file."""
    report = Report(
        database=display_target(target),
        backend="postgresql" if is_url(target) else "sqlite",
        config=str(config_path(env)),
    )
    report.checks.append(_config_check(env))
    if is_url(target):
        _server_checks(target, report)
    else:
        _file_checks(Path(target), report)
    return report


def _config_check(env: Mapping[str, str]) -> Check:
    path = config_path(env)
    if not path.exists():
        return Check("config", True, f"no config file at {path}: defaults apply")
    try:
        load_config(env)
    except UserError as exc:
        return Check("config", False, str(exc), f"edit {path} (see docs/usage.md for its keys)")
    return Check("config", True, f"{path} is valid")


def _file_checks(path: Path, report: Report) -> None:
    report.checks.extend(_permission_checks(path))
    report.checks.append(_leftover_check(path))
    if not path.exists():
        report.checks.append(
            Check("database", True, f"no database at {path} yet; the first command creates it")
        )
        return
    try:
        schema = dbfiles.read_schema(path)
    except (dbfiles.NotOurs, sqlite3.DatabaseError) as exc:
        report.checks.append(
            Check(
                "database",
                False,
                f"{path} is not a readable netcrm database ({exc})",
                "point --db or NETCRM_DB at your netcrm database, or restore a backup: "
                "netcrm restore PATH",
            )
        )
        return
    report.revision = schema.revision
    report.checks.append(_schema_check(schema.revision))
    missing = missing_schema(schema)
    if missing:
        report.checks.append(
            Check(
                "tables",
                False,
                f"schema {schema.revision} promises what this file lacks: {missing}",
                "restore the newest good backup: netcrm restore PATH",
            )
        )
        return  # every other check would trip over the missing tables
    report.checks.append(Check("tables", True, "every table and column the schema promises"))
    report.checks.append(
        _listed(
            "integrity",
            dbfiles.integrity_problems(path),
            "PRAGMA integrity_check: ok",
            "restore the newest good backup: netcrm restore PATH",
        )
    )
    report.checks.append(
        _listed(
            "foreign keys",
            dbfiles.foreign_key_problems(path),
            "PRAGMA foreign_key_check: ok",
            "restore a backup, or delete the rows listed",
        )
    )
    engine = create_engine(f"sqlite:///{path}")
    try:
        report.checks.append(_orphan_check(engine))
        report.checks.append(_derived_check(engine))
        report.checks.extend(_value_checks(engine))
    finally:
        engine.dispose()


def _listed(name: str, problems: list[str], fine: str, fix: str) -> Check:
    """A check that is fine when it found nothing, else shows the first few findings."""
    if not problems:
        return Check(name, True, fine)
    return Check(name, False, "; ".join(problems[:5]), fix)


def _permission_checks(path: Path) -> list[Check]:
    """Database, its -wal/-shm, its folder and every backup: owner-only, or a problem."""
    entries = [*dbfiles.companions(path), path.parent]
    folder = backups_dir(path)
    if folder.is_dir():
        entries += [folder, *sorted(entry for entry in folder.iterdir() if entry.is_file())]
    checks = []
    for entry in entries:
        if not entry.exists():
            continue
        mode = entry.stat().st_mode & 0o777
        wanted = "700" if entry.is_dir() else "600"
        if dbfiles.too_open(entry):
            checks.append(
                Check(
                    "permissions",
                    False,
                    f"{entry} is {mode:o}: others can read notes about your contacts",
                    f"chmod {wanted} {entry}",
                )
            )
    if not checks:
        checks.append(Check("permissions", True, "database, folder and backups are owner-only"))
    return checks


def _schema_check(revision: str) -> Check:
    if revision == SCHEMA_HEAD:
        return Check("schema", True, f"schema {revision}, current")
    from netcrm.store.db import known_revisions

    if revision in known_revisions():
        return Check(
            "schema",
            True,
            f"schema {revision}; the next command upgrades it to {SCHEMA_HEAD} "
            "after taking a backup",
        )
    return Check(
        "schema",
        False,
        f"schema {revision} is newer than this netcrm knows ({SCHEMA_HEAD})",
        "upgrade netcrm",
    )


def _orphan_check(engine: Engine) -> Check:
    """Rows whose contact (or interaction) is gone: counted through every foreign key."""
    found = []
    with engine.connect() as connection:
        for table in SQLModel.metadata.sorted_tables:
            for key in table.foreign_keys:
                parent = key.column
                query = (
                    select(func.count())
                    .select_from(table.outerjoin(parent.table, key.parent == parent))
                    .where(key.parent.is_not(None), parent.is_(None))
                )
                count = connection.scalar(query) or 0
                if count:
                    found.append(
                        f"{count} {table.name} rows point at a missing {parent.table.name}"
                    )
    return _listed(
        "orphaned rows",
        found,
        "every row belongs to an existing contact",
        "restore a backup, or delete those rows",
    )


def _derived_check(engine: Engine) -> Check:
    """A contact's email, phone and LinkedIn columns against the entries they derive from."""
    from sqlmodel import Session as ModelSession

    from netcrm.store import details

    with ModelSession(engine) as session:
        found = [f"#{contact_id} email/phone/linkedin" for contact_id in details.drifted(session)]
    return _listed(
        "derived columns",
        found,
        "every contact's email, phone and LinkedIn are its preferred entries",
        "edit the contact (any --prefer-email, --phone... option) to write them again",
    )


def _value_checks(engine: Engine) -> list[Check]:
    """Every stored value through the checks the commands use: each bad row, with its fix."""
    with engine.connect() as connection:
        found = bad_values(connection)
        checks = [
            Check("values", False, f"{bad.where}: {bad.problem}", bad.fix)
            for bad in islice(found, SHOWN)
        ]
        more = sum(1 for _ in found)
    if more:
        checks.append(
            Check(
                "values",
                False,
                f"{more} more bad values like these",
                "fix the ones above, then run netcrm doctor again",
            )
        )
    return checks or [Check("values", True, "every stored value is one netcrm can read")]


def _server_checks(target: str, report: Report) -> None:
    try:
        engine = server_engine(target)
    except UserError as exc:
        report.checks.append(Check("database", False, str(exc), "fix the URL in --db or NETCRM_DB"))
        return
    try:
        try:
            revision = inspect_server(engine)
        except UserError as exc:
            report.checks.append(
                Check("database", False, str(exc), "point --db at your netcrm database")
            )
            return
        except Exception as exc:  # any driver error: the server is down, refused, unknown
            report.checks.append(
                Check(
                    "database",
                    False,
                    f"cannot reach {report.database}: "
                    + " ".join(str(getattr(exc, "orig", exc)).split()),
                    "check the URL, that the server runs, and that you may log in",
                )
            )
            return
        if revision is None:
            report.checks.append(
                Check("database", True, "empty database; the first command creates the schema")
            )
            return
        report.revision = revision
        report.checks.append(_schema_check(revision))
        report.checks.append(
            Check("integrity", True, "page checks are the server's job (see amcheck)")
        )
        report.checks.append(_orphan_check(engine))
        report.checks.append(_derived_check(engine))
        report.checks.extend(_value_checks(engine))
    finally:
        engine.dispose()


def _leftover_check(path: Path) -> Check:
    """Temporary files that killed commands left beside the database or among its backups."""
    found = [
        *tempfiles.leftovers(path.parent),
        *tempfiles.leftovers(backups_dir(path)),
    ]
    if not found:
        return Check("leftovers", True, "no temporary files left by interrupted commands")
    shown = ", ".join(str(entry) for entry in found[:5])
    more = f" and {len(found) - 5} more" if len(found) > 5 else ""
    return Check(
        "leftovers",
        False,
        f"{len(found)} temporary file(s) left by interrupted commands: {shown}{more}",
        "delete them (they are never a complete database or backup): rm "
        + " ".join(shlex.quote(str(entry)) for entry in found),
    )
