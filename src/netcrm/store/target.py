"""Where the database lives: `--db`, else `NETCRM_DB`, else the XDG data folder.

Kept apart from db.py (and free of SQLAlchemy) because every command asks it first, the
lean read path (lean.py) too.
"""

import os
from collections.abc import Mapping
from pathlib import Path

from netcrm.core.paths import expand


def default_db_path(env: Mapping[str, str]) -> Path:
    """`$XDG_DATA_HOME/netcrm/netcrm.db`, or `~/.local/share/netcrm/netcrm.db`."""
    base = env.get("XDG_DATA_HOME") or os.path.join(env.get("HOME", "~"), ".local", "share")
    return expand(base) / "netcrm" / "netcrm.db"


def resolve_target(option: str | None, env: Mapping[str, str]) -> str:
    """The database in use: `--db`, else `NETCRM_DB`, else the default path."""
    target = option or env.get("NETCRM_DB") or str(default_db_path(env))
    if target.startswith("sqlite:///"):  # a SQLite URL is a file like any other
        target = target.removeprefix("sqlite:///")
    return target if is_url(target) else str(expand(target))


def is_url(target: str) -> bool:
    """True when the target is a SQLAlchemy URL rather than a file path."""
    return "://" in target
